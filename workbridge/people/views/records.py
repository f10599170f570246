"""What staff record about a participant over time: readiness, milestones, notes and more."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.people.access import casework_participant
from workbridge.people.choices import JobLossFactor
from workbridge.people.models import Participant
from workbridge.people.own_search import (
    own_application_add,
    own_application_update,
    search_counts,
)
from workbridge.people.queries import assessment_answers
from workbridge.people.record_forms import (
    ANSWER_CHOICES,
    OCCUPATION_LIST_ID,
    AssessmentForm,
    CareerGoalForm,
    CaseNoteForm,
    CertificationForm,
    OwnApplicationForm,
    SkillForm,
    SupportForm,
    WorkHistoryForm,
    add_service_errors,
    occupation_options,
)
from workbridge.people.services import (
    assessment_record,
    career_goal_add,
    case_note_record,
    certification_add,
    child_record_delete,
    instrument_for,
    milestone_set_done,
    skill_add,
    support_record,
    work_history_add,
)

# How many case notes the participant page shows.
RECENT_NOTES = 10


def records_context(participant: Participant, user, today: date) -> dict[str, Any]:
    """Everything the participant page's records sections show, in a fixed number of queries."""
    assessments = list(participant.assessments.order_by("taken_on", "id"))
    milestones = list(participant.milestones.order_by("due_on", "id"))
    for milestone in milestones:
        milestone.overdue = milestone.is_overdue(today)
    history = list(participant.work_history.select_related("occupation"))
    factor_labels = dict(JobLossFactor.choices)
    for job in history:
        job.loss_factor_labels = [factor_labels.get(f, f) for f in job.loss_factors or []]
    return {
        "first_assessment": assessments[0] if assessments else None,
        "latest_assessment": assessments[-1] if assessments else None,
        "assessments": assessments[::-1],
        "milestones": milestones,
        "case_notes": list(
            participant.case_notes.select_related("author").order_by("-contact_on", "-id")[
                :RECENT_NOTES
            ]
        ),
        "supports": list(participant.supports.select_related("given_by")),
        "career_goals": list(participant.career_goals.select_related("occupation")),
        "work_history": history,
        "skills": list(participant.skills.all()),
        "certifications": list(participant.certifications.all()),
        "own_applications": list(participant.own_applications.all()),
        "search_counts": search_counts(participant),
    }


def _detail_url(participant: Participant, anchor: str) -> str:
    return f"{reverse('people:detail', args=[participant.pk])}#{anchor}"


def _record_page(
    request: HttpRequest,
    participant: Participant,
    *,
    form: forms.Form,
    title: str,
    save: Callable[[dict[str, Any]], object],
    anchor: str,
    done: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a record's form; on a valid POST save it through its service and go back."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(_detail_url(participant, anchor))
    context = {"participant": participant, "form": form, "title": title, **(extra or {})}
    return render(request, "people/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    instrument = instrument_for(participant.organisation)
    items = list(instrument.items.filter(is_active=True))
    spanish = (get_language() or "").startswith("es")
    form = AssessmentForm(request.POST or None, items=items, spanish=spanish)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_record(
                participant=participant,
                by=request.user,
                taken_on=form.cleaned_data["taken_on"],
                answers=form.answers(),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Readiness assessment recorded."))
            return redirect(_detail_url(participant, "readiness-heading"))
    return render(
        request,
        "people/assessment_form.html",
        {"participant": participant, "form": form, "instrument": instrument},
    )


@login_required
@require_http_methods(["GET"])
def assessment_detail(request: HttpRequest, pk: int, assessment_id: int) -> HttpResponse:
    """One readiness assessment as it was recorded: every question and its answer."""
    participant = casework_participant(request, pk)
    assessment = get_object_or_404(participant.assessments.all(), pk=assessment_id)
    spanish = (get_language() or "").startswith("es")
    labels = dict(ANSWER_CHOICES)
    answers = [
        {
            "question": a.item.text_es if spanish and a.item.text_es else a.item.text,
            "value": a.value,
            "label": labels.get(str(a.value), str(a.value)),
            "reverse_scored": a.item.reverse_scored,
        }
        for a in assessment_answers(assessment)
    ]
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=["assessments"],
        detail=f"readiness assessment {assessment.pk}",
    )
    return render(
        request,
        "people/assessment_detail.html",
        {"participant": participant, "assessment": assessment, "answers": answers},
    )


@login_required
@require_POST
def milestone_update(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    milestone = get_object_or_404(participant.milestones.all(), pk=milestone_id)
    milestone.participant = participant
    done = request.POST.get("done") == "1"
    milestone_set_done(
        milestone=milestone, by=request.user, done_on=timezone.localdate() if done else None
    )
    if done:
        messages.success(request, _("“%(title)s” marked done.") % {"title": milestone.title})
    else:
        messages.success(request, _("“%(title)s” marked not done.") % {"title": milestone.title})
    return redirect(_detail_url(participant, "milestones-heading"))


@login_required
@require_http_methods(["GET", "POST"])
def case_note_new(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    return _record_page(
        request,
        participant,
        form=CaseNoteForm(request.POST or None),
        title=_("Add a case note"),
        save=lambda data: case_note_record(participant=participant, by=request.user, **data),
        anchor="notes-heading",
        done=_("Case note added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_new(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    return _record_page(
        request,
        participant,
        form=SupportForm(request.POST or None),
        title=_("Record a support"),
        save=lambda data: support_record(participant=participant, by=request.user, **data),
        anchor="supports-heading",
        done=_("Support recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    return _record_page(
        request,
        participant,
        form=CareerGoalForm(request.POST or None),
        title=_("Add a career goal"),
        save=lambda data: career_goal_add(participant=participant, by=request.user, **data),
        anchor="goals-heading",
        done=_("Career goal added."),
        extra={"occupations": occupation_options(), "occupation_list_id": OCCUPATION_LIST_ID},
    )


@login_required
@require_http_methods(["GET", "POST"])
def history_new(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    return _record_page(
        request,
        participant,
        form=WorkHistoryForm(request.POST or None),
        title=_("Add a job to the work history"),
        save=lambda data: work_history_add(participant=participant, by=request.user, **data),
        anchor="history-heading",
        done=_("Job added to the work history."),
        extra={"occupations": occupation_options(), "occupation_list_id": OCCUPATION_LIST_ID},
    )


@login_required
@require_http_methods(["GET", "POST"])
def skill_new(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    return _record_page(
        request,
        participant,
        form=SkillForm(request.POST or None),
        title=_("Add a skill"),
        save=lambda data: skill_add(participant=participant, by=request.user, **data),
        anchor="skills-heading",
        done=_("Skill added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def certification_new(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    return _record_page(
        request,
        participant,
        form=CertificationForm(request.POST or None),
        title=_("Add a certification"),
        save=lambda data: certification_add(participant=participant, by=request.user, **data),
        anchor="certifications-heading",
        done=_("Certification added."),
    )


# The kinds of row the delete URL takes: (the participant's related rows, page anchor).
DELETABLE = {
    "note": ("case_notes", "notes-heading"),
    "support": ("supports", "supports-heading"),
    "goal": ("career_goals", "goals-heading"),
    "history": ("work_history", "history-heading"),
    "skill": ("skills", "skills-heading"),
    "certification": ("certifications", "certifications-heading"),
    "application": ("own_applications", "own-search-heading"),
}


@login_required
@require_POST
def record_delete(request: HttpRequest, pk: int, kind: str, row_id: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    if kind not in DELETABLE:
        raise Http404
    related, anchor = DELETABLE[kind]
    # Looked up through the URL's participant: another participant's row is a 404.
    row = get_object_or_404(getattr(participant, related).all(), pk=row_id)
    row.participant = participant
    child_record_delete(row=row, by=request.user)
    messages.success(request, _("Removed “%(row)s”.") % {"row": row})
    return redirect(_detail_url(participant, anchor))


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    return _record_page(
        request,
        participant,
        form=OwnApplicationForm(request.POST or None),
        title=_("Log an application made on their own"),
        save=lambda data: own_application_add(
            participant=participant, by=request.user, today=timezone.localdate(), **data
        ),
        anchor="own-search-heading",
        done=_("Application logged."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int, application_id: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    application = get_object_or_404(participant.own_applications.all(), pk=application_id)
    initial = {name: getattr(application, name) for name in OwnApplicationForm.base_fields}
    return _record_page(
        request,
        participant,
        form=OwnApplicationForm(request.POST or None, initial=initial),
        title=_("Update an application"),
        save=lambda data: own_application_update(
            application=application, by=request.user, today=timezone.localdate(), **data
        ),
        anchor="own-search-heading",
        done=_("Application updated."),
    )
