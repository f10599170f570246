"""Placeholder views: replaced by the real pages."""

from django.http import HttpResponse


def program_settings(request, *args, **kwargs):
    return HttpResponse(status=501)


def instrument_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def milestone_template_edit(request, *args, **kwargs):
    return HttpResponse(status=501)
