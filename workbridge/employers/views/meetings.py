"""Community impact review meetings: the list, scheduling, one meeting's page and its invitation."""

from datetime import timedelta
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.access import require_casework
from workbridge.accounts.models import AuditAction
from workbridge.accounts.queries import membership_of, user_does_casework
from workbridge.accounts.services import audit_record
from workbridge.employers.choices import FollowUpKind, Stage
from workbridge.employers.forms import add_service_errors
from workbridge.employers.forms_comms import (
    MeetingActionItemForm,
    MeetingScheduleForm,
    MinutesForm,
)
from workbridge.employers.impact import employer_impact
from workbridge.employers.models import CadenceRule, Contact, Employer, ReviewMeeting
from workbridge.employers.queries import employers_visible_to
from workbridge.employers.services import (
    action_item_add,
    meeting_ics,
    meeting_invite_send,
    meeting_minutes_record,
    meeting_schedule,
)
from workbridge.web.lists import page_of

DEFAULT_REVIEW_DAYS = 182  # twice a year, as the default cadence says
DUE_HORIZON_DAYS = 30
MAX_CHOSEN = 300


def meetings_visible_to(user) -> QuerySet[ReviewMeeting]:
    """Review meetings of the user's organisation, for roles that work the CRM."""
    membership = membership_of(user)
    if membership is None or not user_does_casework(user):
        return ReviewMeeting.objects.none()
    return ReviewMeeting.objects.filter(organisation_id=membership.organisation_id)


def _meeting_for(user, meeting_id: int) -> ReviewMeeting:
    meeting = meetings_visible_to(user).select_related("organiser").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def active_partners_due_a_review(user, *, today) -> QuerySet[Employer]:
    """Active partners never reviewed, or whose last review falls due within 30 days."""
    every = (
        CadenceRule.objects.filter(
            organisation_id=membership_of(user).organisation_id,
            stage=Stage.ACTIVE,
            kind=FollowUpKind.REVIEW,
        )
        .order_by("every_days")
        .values_list("every_days", flat=True)
        .first()
    ) or DEFAULT_REVIEW_DAYS
    cutoff = today + timedelta(days=DUE_HORIZON_DAYS) - timedelta(days=every)
    return (
        employers_visible_to(user)
        .filter(stage=Stage.ACTIVE)
        .annotate(last_review=Max("review_meetings__starts_at"))
        .filter(Q(last_review__isnull=True) | Q(last_review__date__lte=cutoff))
        .order_by("name")
    )


@require_GET
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Upcoming meetings (soonest first), then past ones (newest first, paged)."""
    require_casework(request.user)
    now = timezone.now()
    rows = meetings_visible_to(request.user).annotate(employer_count=Count("employers"))
    upcoming = list(rows.filter(ends_at__gte=now).order_by("starts_at", "id")[:100])
    past = page_of(request, rows.filter(ends_at__lt=now).order_by("-starts_at", "-id"))
    return render(request, "employers/meeting_list.html", {"upcoming": upcoming, "page": past})


@require_http_methods(["GET", "POST"])
@login_required
def meeting_schedule_view(request: HttpRequest) -> HttpResponse:
    """`?employer=<id>` (repeatable) pre-chooses employers; `?due=1` every partner due a review."""
    require_casework(request.user)
    today = timezone.localdate()
    visible = employers_visible_to(request.user)
    if request.GET.get("due"):
        chosen = list(active_partners_due_a_review(request.user, today=today)[:MAX_CHOSEN])
    else:
        wanted = [v for v in request.GET.getlist("employer") if v.isdigit()][:MAX_CHOSEN]
        chosen = list(visible.filter(pk__in=wanted).order_by("name"))
    form = MeetingScheduleForm(
        request.POST or None,
        user=request.user,
        chosen=chosen,
        initial={"employers": [e.pk for e in chosen], "on": today + timedelta(days=14)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_schedule(
                by=request.user,
                employers=list(data["employers"] or []),
                counterparts=list(data.get("counterparts") or []),
                title=data["title"].strip(),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"].strip(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting was scheduled."))
            return redirect("employers:meeting", meeting.pk)
    return render(
        request,
        "employers/meeting_schedule.html",
        {"form": form, "chosen": chosen, "due_shortcut": bool(request.GET.get("due"))},
    )


def _invitees(meeting: ReviewMeeting) -> list[Contact]:
    return list(
        Contact.objects.filter(employer__in=meeting.employers.all())
        .select_related("employer")
        .order_by("employer__name", "name", "id")
    )


def _counterpart_attendees(meeting: ReviewMeeting) -> list[SimpleNamespace]:
    """The departments', unions' and partners' contacts, as the invitation lists attendees."""
    return [
        SimpleNamespace(name=c.contact_name or c.name, email=c.email)
        for c in meeting.counterparts.order_by("name")
        if c.email
    ]


def _page(request: HttpRequest, meeting: ReviewMeeting, **forms) -> HttpResponse:
    user = request.user
    today = min(timezone.localdate(), timezone.localdate(meeting.starts_at))
    employers = list(meeting.employers.order_by("name"))
    context = {
        "meeting": meeting,
        "impacts": [(e, employer_impact(e, today=today)) for e in employers],
        "invitees": _invitees(meeting),
        "counterparts": list(meeting.counterparts.order_by("kind", "name")),
        "action_items": meeting.action_items.select_related("owner", "employer").order_by(
            "done_on", "due_on", "id"
        ),
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(initial={"minutes": meeting.minutes}),
        "item_form": forms.get("item_form")
        or MeetingActionItemForm(
            user=user,
            meeting=meeting,
            initial={"owner": user.pk, "due_on": timezone.localdate() + timedelta(days=14)},
        ),
        "today": timezone.localdate(),
        "is_past": meeting.ends_at < timezone.now(),
    }
    return render(request, "employers/meeting_detail.html", context)


@require_GET
@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The agenda from each employer's impact figures, the invitation, minutes and actions."""
    require_casework(request.user)
    return _page(request, _meeting_for(request.user, meeting_id))


@require_GET
@login_required
def meeting_ics_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting as an .ics file; contacts with an e-mail who did not opt out attend."""
    require_casework(request.user)
    meeting = _meeting_for(request.user, meeting_id)
    attendees = [c for c in _invitees(meeting) if c.email and not c.email_opt_out]
    attendees += _counterpart_attendees(meeting)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=meeting,
        fields=["ics", "attendees"],
        detail=f"{len(attendees)} attendees",
    )
    response = HttpResponse(
        meeting_ics(meeting, attendees=attendees), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="review-meeting-{meeting.starts_at:%Y-%m-%d}-{meeting.pk}.ics"'
    )
    return response


@require_POST
@login_required
def meeting_invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """E-mail the invitation to every contact who has an address and did not opt out."""
    require_casework(request.user)
    meeting = _meeting_for(request.user, meeting_id)
    sent, skipped = meeting_invite_send(meeting=meeting, by=request.user)
    messages.success(
        request,
        _("Invitations sent: %(sent)s. Skipped (opted out or no e-mail): %(skipped)s.")
        % {"sent": sent, "skipped": skipped},
    )
    return redirect("employers:meeting", meeting.pk)


@require_POST
@login_required
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    require_casework(request.user)
    meeting = _meeting_for(request.user, meeting_id)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return _page(request, meeting, minutes_form=form)
    meeting_minutes_record(meeting=meeting, by=request.user, minutes=form.cleaned_data["minutes"])
    messages.success(request, _("The minutes were saved."))
    return redirect("employers:meeting", meeting.pk)


@require_POST
@login_required
def meeting_action_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """An action item from the meeting, owned by a staff member; it joins their queue."""
    require_casework(request.user)
    meeting = _meeting_for(request.user, meeting_id)
    form = MeetingActionItemForm(request.POST, user=request.user, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            action_item_add(
                by=request.user,
                description=data["description"].strip(),
                owner=data["owner"],
                due_on=data["due_on"],
                employer=data["employer"],
                meeting=meeting,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The action item was added."))
            return redirect("employers:meeting", meeting.pk)
    return _page(request, meeting, item_form=form)
