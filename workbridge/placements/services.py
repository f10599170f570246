"""Writes for referrals, slates, placements and retention. Each is one audited transaction."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.accounts.access import require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.employers.choices import InteractionKind, Outcome
from workbridge.employers.models import Employer, Interaction
from workbridge.employers.services import interaction_log
from workbridge.jobs.models import JobOpening, OpeningStatus
from workbridge.jobs.services import opening_update
from workbridge.people.choices import JobEndReason, JobLossFactor
from workbridge.people.models import Participant
from workbridge.people.services import work_history_add
from workbridge.placements.models import (
    NEEDS_REASON,
    REFERRAL_MOVES,
    Checkpoint,
    Placement,
    Referral,
    ReferralReason,
    ReferralStatus,
    ReferralStep,
    RetentionCheck,
    RetentionSupport,
    RetentionSupportKind,
    Slate,
    StillEmployed,
)
from workbridge.placements.retention_plans import retention_plan_draft

# How a referral may start: staff note it as an idea, or send it to the employer at once.
STARTING_STATUSES = (ReferralStatus.SUGGESTED, ReferralStatus.REFERRED)
# How a slate or employer feedback may reach the employer (as an interaction kind).
SLATE_KINDS = (InteractionKind.EMAIL, InteractionKind.MEETING)
FEEDBACK_KINDS = (
    InteractionKind.CALL,
    InteractionKind.EMAIL,
    InteractionKind.MEETING,
    InteractionKind.SITE_VISIT,
)
# Ending reasons a placement may have (a job that ended is not "still working there").
END_REASONS = tuple(r for r in JobEndReason.values if r != JobEndReason.CURRENT)


def _not_future(name: str, value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError({name: _("This date cannot be in the future.")})


def short_name(participant: Participant) -> str:
    """First name and last initial: all an employer's records ever hold of a participant."""
    first = participant.preferred_name or participant.first_name
    initial = participant.last_name[:1]
    return f"{first} {initial}." if initial else first


# Referrals ------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    participant: Participant,
    opening: JobOpening,
    by: User,
    status: str = ReferralStatus.SUGGESTED,
    on: date | None = None,
    note: str = "",
) -> Referral:
    """Put a participant forward for an open opening, as a suggestion or a referral."""
    organisation = require_own(participant, by)
    if opening.organisation_id != organisation.pk:
        raise PermissionDenied
    if status not in STARTING_STATUSES:
        raise ValidationError({"status": _("A referral starts as suggested or referred.")})
    if opening.status != OpeningStatus.OPEN:
        raise ValidationError({"opening": _("This opening is not taking referrals.")})
    on = on or timezone.localdate()
    _not_future("on", on)
    if Referral.objects.filter(participant=participant, opening=opening).exists():
        raise ValidationError(
            {"opening": _("This participant has already been put forward for this opening.")}
        )
    referral = Referral(
        organisation=organisation,
        participant=participant,
        opening=opening,
        status=status,
        status_on=on,
        created_by=by,
    )
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError as exc:  # a second request won the race
        raise ValidationError(
            {"opening": _("This participant has already been put forward for this opening.")}
        ) from exc
    ReferralStep.objects.create(referral=referral, status=status, on=on, note=note, by=by)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=referral,
        fields=["participant", "opening", "status", "status_on"],
        detail=f"participant {participant.pk}, opening {opening.pk}",
    )
    return referral


def _check_move(referral: Referral, to_status: str, reason: str, on: date) -> None:
    if to_status not in REFERRAL_MOVES.get(referral.status, ()):
        labels = dict(ReferralStatus.choices)
        raise ValidationError(
            {
                "to_status": _("A referral cannot move from %(from)s to %(to)s.")
                % {
                    "from": labels.get(referral.status, referral.status),
                    "to": labels.get(to_status, to_status),
                }
            }
        )
    if to_status in NEEDS_REASON and reason not in ReferralReason.values:
        raise ValidationError({"reason": _("Say why the referral ended.")})
    if to_status not in NEEDS_REASON and reason:
        raise ValidationError({"reason": _("A reason is given only when a referral ends.")})
    _not_future("on", on)
    if on < referral.status_on:
        raise ValidationError({"on": _("A step cannot come before the one it follows.")})


@transaction.atomic
def referral_move(
    *,
    referral: Referral,
    to_status: str,
    by: User,
    on: date,
    note: str = "",
    employer_feedback: str = "",
    feedback_kind: str = InteractionKind.CALL,
    reason: str = "",
    hire: Mapping[str, Any] | None = None,
) -> Referral:
    """Move a referral one step, with the employer's feedback logged as a contact with them.

    Moving to hired records the placement through `placement_record`; `hire` may set
    its start date, wage, hours, benefits and earlier wage, which otherwise come from
    the step's date and the opening.
    """
    require_own(referral, by)
    # Lock the row so two people cannot move the same referral at once.
    referral = (
        Referral.objects.select_for_update()
        .select_related("participant", "opening", "opening__employer")
        .get(pk=referral.pk)
    )
    _check_move(referral, to_status, reason, on)
    if employer_feedback and feedback_kind not in FEEDBACK_KINDS:
        raise ValidationError({"feedback_kind": _("Choose how the employer told you.")})
    from_status = referral.status
    interaction = None
    if employer_feedback:
        interaction = interaction_log(
            by=by,
            employers=[referral.opening.employer],
            kind=feedback_kind,
            occurred_on=on,
            # The employer told us: this contact reached someone.
            outcome=Outcome.REACHED,
            summary=_("Feedback on %(name)s for %(title)s (%(status)s): %(feedback)s")
            % {
                "name": short_name(referral.participant),
                "title": referral.opening.title,
                "status": ReferralStatus(to_status).label,
                "feedback": employer_feedback,
            },
        )
    referral.status = to_status
    referral.status_on = on
    referral.reason = reason
    referral.save(update_fields=["status", "status_on", "reason", "updated_at"])
    ReferralStep.objects.create(
        referral=referral,
        status=to_status,
        on=on,
        reason=reason,
        note=note,
        employer_feedback=employer_feedback,
        interaction=interaction,
        by=by,
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=referral,
        fields=["status", "status_on", "reason"],
        detail=f"{from_status} → {to_status}",
    )
    if to_status == ReferralStatus.HIRED:
        terms = dict(hire or {})
        terms["started_on"] = terms.get("started_on") or on
        placement_record(
            participant=referral.participant,
            employer=referral.opening.employer,
            opening=referral.opening,
            referral=referral,
            by=by,
            **terms,
        )
    return referral


@transaction.atomic
def slate_send(
    *,
    opening: JobOpening,
    referrals: Sequence[Referral],
    by: User,
    kind: str = InteractionKind.EMAIL,
    sent_on: date | None = None,
    note: str = "",
) -> Slate:
    """Send several referrals to an opening's employer, logged as one contact with them.

    Suggestions become referrals; the interaction names each person by first name and
    last initial only.
    """
    organisation = require_own(opening, by)
    if not referrals:
        raise ValidationError({"referrals": _("Choose at least one person for the slate.")})
    if kind not in SLATE_KINDS:
        raise ValidationError({"kind": _("A slate goes by e-mail or in a meeting.")})
    sent_on = sent_on or timezone.localdate()
    _not_future("sent_on", sent_on)
    ids = [r.pk for r in referrals]
    rows = list(
        Referral.objects.select_for_update()
        .select_related("participant")
        .filter(pk__in=ids)
        .order_by("participant__last_name", "participant__first_name", "id")
    )
    if len(rows) != len(set(ids)) or any(r.organisation_id != organisation.pk for r in rows):
        raise PermissionDenied
    if any(r.opening_id != opening.pk for r in rows):
        raise ValidationError({"referrals": _("Choose people put forward for this opening.")})
    if any(r.status not in (ReferralStatus.SUGGESTED, ReferralStatus.REFERRED) for r in rows):
        raise ValidationError(
            {"referrals": _("Only suggested or referred people can go on a slate.")}
        )
    if any(r.status_on > sent_on for r in rows):
        raise ValidationError({"sent_on": _("A slate cannot go out before its referrals.")})
    names = ", ".join(short_name(r.participant) for r in rows)
    summary = _("Slate for %(title)s: %(names)s") % {"title": opening.title, "names": names}
    if note:
        summary = f"{summary}\n{note}"
    interaction: Interaction = interaction_log(
        by=by, employers=[opening.employer], kind=kind, occurred_on=sent_on, summary=summary
    )
    slate = Slate.objects.create(
        organisation=organisation,
        opening=opening,
        sent_on=sent_on,
        note=note,
        interaction=interaction,
        by=by,
    )
    slate.referrals.set(rows)
    for referral in rows:
        if referral.status == ReferralStatus.SUGGESTED:
            referral.status = ReferralStatus.REFERRED
            referral.status_on = sent_on
            referral.save(update_fields=["status", "status_on", "updated_at"])
            ReferralStep.objects.create(
                referral=referral,
                status=ReferralStatus.REFERRED,
                on=sent_on,
                note=_("Sent to the employer on a slate."),
                interaction=interaction,
                by=by,
            )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=slate,
        fields=["opening", "sent_on", "referrals"],
        detail=f"opening {opening.pk}, referrals {sorted(ids)}",
    )
    return slate


# Placements ----------------------------------------------------------------------------


def _opening_filled(opening: JobOpening, by: User) -> None:
    """Mark an open opening filled once it has as many hires as positions."""
    if opening.status != OpeningStatus.OPEN:
        return
    if opening.placements.count() >= opening.positions:
        opening_update(opening=opening, by=by, data={"status": OpeningStatus.FILLED})


@transaction.atomic
def placement_record(
    *,
    participant: Participant,
    employer: Employer,
    opening: JobOpening | None = None,
    started_on: date,
    hourly_wage: Decimal | None = None,
    hours_per_week: int | None = None,
    health_insurance: bool | None = None,
    paid_leave: bool | None = None,
    retirement: bool | None = None,
    prior_hourly_wage: Decimal | None = None,
    job_title: str = "",
    referral: Referral | None = None,
    by: User,
) -> Placement:
    """Record a hire and schedule its 30, 90, 180 and 365-day retention checks.

    Wage, hours, benefits and title left out come from the opening. Each check belongs
    to the participant's assigned staff member, or to whoever records the hire.
    """
    organisation = require_own(participant, by)
    if employer.organisation_id != organisation.pk:
        raise PermissionDenied
    if opening is not None and (
        opening.organisation_id != organisation.pk or opening.employer_id != employer.pk
    ):
        raise ValidationError({"opening": _("Choose an opening at this employer.")})

    def default(value: Any, name: str, fallback: Any) -> Any:
        if value is not None and value != "":
            return value
        return getattr(opening, name) if opening is not None else fallback

    placement = Placement(
        organisation=organisation,
        participant=participant,
        employer=employer,
        opening=opening,
        referral=referral,
        job_title=default(job_title, "title", ""),
        started_on=started_on,
        hourly_wage=default(hourly_wage, "hourly_wage", None),
        hours_per_week=default(hours_per_week, "hours_per_week", None),
        health_insurance=default(health_insurance, "health_insurance", False),
        paid_leave=default(paid_leave, "paid_leave", False),
        retirement=default(retirement, "retirement", False),
        prior_hourly_wage=prior_hourly_wage,
        recorded_by=by,
    )
    errors: dict[str, list[str]] = {}
    if not placement.job_title:
        errors["job_title"] = [_("Give the job title.")]
    if placement.hourly_wage is None:
        errors["hourly_wage"] = [_("Give the hourly wage.")]
    if not placement.hours_per_week:
        errors["hours_per_week"] = [_("Give the hours per week.")]
    if errors:
        raise ValidationError(errors)
    placement.full_clean(exclude=["participant", "employer", "opening", "organisation"])
    placement.save()
    owner = participant.assigned_to or by
    RetentionCheck.objects.bulk_create(
        RetentionCheck(
            placement=placement,
            checkpoint=checkpoint,
            due_on=started_on + timedelta(days=checkpoint),
            owner=owner,
        )
        for checkpoint in Checkpoint.values
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=placement,
        fields=[
            "participant",
            "employer",
            "opening",
            "job_title",
            "started_on",
            "hourly_wage",
            "hours_per_week",
            "health_insurance",
            "paid_leave",
            "retirement",
            "prior_hourly_wage",
        ],
        detail=f"participant {participant.pk}, employer {employer.pk}",
    )
    if opening is not None:
        _opening_filled(opening, by)
    # The retention plan is drafted at hire, for the case manager to confirm.
    retention_plan_draft(placement=placement, by=by, on=timezone.localdate())
    return placement


@transaction.atomic
def retention_check_record(
    *,
    check: RetentionCheck,
    by: User,
    still_employed: str,
    done_on: date,
    notes: str = "",
    current_wage: Decimal | None = None,
) -> RetentionCheck:
    """Record what a retention check found (again, to correct it), with the wage now."""
    require_own(check.placement, by)
    if still_employed not in StillEmployed.values:
        raise ValidationError({"still_employed": _("Say whether the person is still employed.")})
    _not_future("done_on", done_on)
    if done_on < check.placement.started_on:
        raise ValidationError({"done_on": _("A check cannot come before the job started.")})
    if current_wage is not None and current_wage < 0:
        raise ValidationError({"current_wage": _("A wage cannot be negative.")})
    wanted = {
        "still_employed": still_employed,
        "done_on": done_on,
        "notes": notes,
        "current_wage": current_wage,
    }
    changed = [name for name, value in wanted.items() if getattr(check, name) != value]
    for name in changed:
        setattr(check, name, wanted[name])
    check.recorded_by = by
    check.save(update_fields=[*changed, "recorded_by"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=check,
        fields=changed,
        detail=f"placement {check.placement_id}, {check.checkpoint} days",
    )
    return check


@transaction.atomic
def placement_end(
    *,
    placement: Placement,
    by: User,
    ended_on: date,
    end_reason: str,
    loss_factors: Iterable[str] = (),
    notes: str = "",
) -> Placement:
    """Record that a job ended, why, and what led to it; later open checks close as "no".

    The ended job joins the participant's work history, where matching reads the
    factors that cost them past jobs.
    """
    require_own(placement, by)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("participant", "employer", "opening")
        .get(pk=placement.pk)
    )
    if placement.ended_on is not None:
        raise ValidationError(_("This placement has already ended."))
    errors: dict[str, list[str]] = {}
    if end_reason not in END_REASONS:
        errors["end_reason"] = [_("Say why the job ended.")]
    factors = sorted(set(loss_factors))
    if any(f not in JobLossFactor.values for f in factors):
        errors["loss_factors"] = [_("Choose factors from the list.")]
    if ended_on < placement.started_on:
        errors["ended_on"] = [_("A job cannot end before it started.")]
    elif ended_on > timezone.localdate():
        errors["ended_on"] = [_("This date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    placement.ended_on = ended_on
    placement.end_reason = end_reason
    placement.loss_factors = factors
    placement.end_notes = notes
    placement.save(update_fields=["ended_on", "end_reason", "loss_factors", "end_notes"])
    closed = list(
        placement.checks.filter(done_on__isnull=True, due_on__gt=ended_on).values_list(
            "pk", flat=True
        )
    )
    placement.checks.filter(pk__in=closed).update(
        done_on=ended_on,
        still_employed=StillEmployed.NO,
        notes=_("Closed: the job ended on %(date)s.") % {"date": ended_on.isoformat()},
        recorded_by=by,
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=placement,
        fields=["ended_on", "end_reason", "loss_factors", "end_notes"],
        detail=f"checks closed {closed}",
    )
    work_history_add(
        participant=placement.participant,
        by=by,
        employer_name=placement.employer.name,
        job_title=placement.job_title,
        occupation=placement.opening.occupation if placement.opening else None,
        started_on=placement.started_on,
        ended_on=ended_on,
        hourly_wage=placement.hourly_wage,
        end_reason=end_reason,
        loss_factors=factors,
    )
    return placement


@transaction.atomic
def retention_support_add(
    *, placement: Placement, by: User, kind: str, given_on: date, notes: str = ""
) -> RetentionSupport:
    """Record help given so a person keeps the job."""
    require_own(placement, by)
    if kind not in RetentionSupportKind.values:
        raise ValidationError({"kind": _("Choose a kind of support.")})
    _not_future("given_on", given_on)
    support = RetentionSupport(
        placement=placement, kind=kind, given_on=given_on, notes=notes, given_by=by
    )
    support.full_clean(exclude=["placement"])
    support.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=support,
        fields=["kind", "given_on", "notes"],
        detail=f"placement {placement.pk}",
    )
    return support
