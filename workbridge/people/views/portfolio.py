"""Placeholder views: replaced by the real pages."""

from django.http import HttpResponse


def resume(request, *args, **kwargs):
    return HttpResponse(status=501)


def resume_pdf(request, *args, **kwargs):
    return HttpResponse(status=501)


def readiness_chart(request, *args, **kwargs):
    return HttpResponse(status=501)
