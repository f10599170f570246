"""Placeholder views: replaced by the real pages."""

from django.http import HttpResponse


def assessment_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def milestone_update(request, *args, **kwargs):
    return HttpResponse(status=501)


def case_note_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def support_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def goal_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def history_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def skill_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def certification_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def record_delete(request, *args, **kwargs):
    return HttpResponse(status=501)
