"""Placeholder views: replaced by the real pages."""

from django.http import HttpResponse


def participant_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def participant_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def participant_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def demographics_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def participant_delete_view(request, *args, **kwargs):
    return HttpResponse(status=501)


def readiness_chart(request, *args, **kwargs):
    return HttpResponse(status=501)
