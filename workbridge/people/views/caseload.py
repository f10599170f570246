"""Placeholder views: replaced by the real pages."""

from django.http import HttpResponse


def caseload(request, *args, **kwargs):
    return HttpResponse(status=501)


def caseload_export(request, *args, **kwargs):
    return HttpResponse(status=501)
