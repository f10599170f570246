"""Writes for the employer CRM: every change in a transaction, with its audit event.

Job developers, program directors and administrators work the CRM (the casework roles);
each service refuses anyone else and anything of another organisation.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import (
    casework_organisation,
    require_colleague,
    require_manager,
    require_own,
)
from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.core.follow_up import Rule, next_due
from workbridge.employers.calendar import meeting_calendar
from workbridge.employers.choices import Stage
from workbridge.employers.impact import employer_impact
from workbridge.employers.models import (
    ActionItem,
    CadenceRule,
    Contact,
    Counterpart,
    Employer,
    EmployerSignal,
    Interaction,
    Location,
    MessageSent,
    ReviewMeeting,
    StageChange,
)
from workbridge.people.models import ZipCode

EMPLOYER_FIELDS = (
    "external_id",
    "name",
    "naics_code",
    "size_band",
    "website",
    "tier",
    "owner",
    "incentives",
    "notes",
)
CONTACT_FIELDS = (
    "external_id",
    "name",
    "role",
    "phone",
    "email",
    "preferred_channel",
    "preferred_language",
    "email_opt_out",
    "is_primary",
)

# What a new organisation starts with: the cadence the follow-up program describes.
DEFAULT_CADENCE = (
    Rule(Stage.PROSPECT, "", "call", 14),
    Rule(Stage.CONTACTED, "", "call", 14),
    Rule(Stage.QUALIFIED, "", "call", 21),
    Rule(Stage.NURTURING, "", "call", 30),
    Rule(Stage.ACTIVE, "", "call", 30),
    Rule(Stage.ACTIVE, "", "review", 182),
    Rule(Stage.DORMANT, "", "call", 90),
)


def _apply(row: Model, data: Mapping[str, Any], allowed: Sequence[str]) -> list[str]:
    changed = []
    for name, value in data.items():
        if name not in allowed:
            raise ValueError(f"Not an editable field: {name}")
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    return changed


# Cadence and the follow-up date ---------------------------------------------


def cadence_rules_for(organisation: Organisation) -> list[Rule]:
    """The organisation's rules, created from the defaults the first time they are asked for."""
    rows = list(CadenceRule.objects.filter(organisation=organisation))
    if not rows:
        rows = CadenceRule.objects.bulk_create(
            CadenceRule(
                organisation=organisation,
                stage=r.stage,
                tier=r.tier,
                kind=r.kind,
                every_days=r.every_days,
            )
            for r in DEFAULT_CADENCE
        )
    return [Rule(r.stage, r.tier, r.kind, r.every_days) for r in rows]


def follow_ups_refresh(
    organisation: Organisation, employer_ids: Iterable[int] | None = None
) -> int:
    """Recompute next follow-up dates (all of an organisation's employers, or some)."""
    rules = cadence_rules_for(organisation)
    rows = Employer.objects.filter(organisation=organisation)
    if employer_ids is not None:
        rows = rows.filter(pk__in=list(employer_ids))
    rows = rows.annotate(last_review=Max("review_meetings__starts_at")).only(
        "pk",
        "stage",
        "tier",
        "last_contact_on",
        "created_at",
        "next_follow_up_on",
        "next_follow_up_kind",
    )
    # Employers whose follow-up moved, grouped by where it moved to: one UPDATE per date
    # and kind (a few hundred at most) costs far less than a CASE over every employer.
    moved: dict[tuple[date | None, str], list[int]] = defaultdict(list)
    for employer in rows.iterator(chunk_size=2000):
        last_review = employer.last_review
        due = next_due(
            rules,
            stage=employer.stage,
            tier=employer.tier,
            last_contact_on=employer.last_contact_on,
            last_review_on=timezone.localdate(last_review) if last_review else None,
            created_on=timezone.localdate(employer.created_at),
        )
        on, kind = (due.on, due.kind) if due else (None, "")
        if (employer.next_follow_up_on, employer.next_follow_up_kind) != (on, kind):
            moved[(on, kind)].append(employer.pk)
    for (on, kind), ids in moved.items():
        for start in range(0, len(ids), 5000):
            Employer.objects.filter(
                organisation=organisation, pk__in=ids[start : start + 5000]
            ).update(next_follow_up_on=on, next_follow_up_kind=kind)
    return sum(len(ids) for ids in moved.values())


@transaction.atomic
def cadence_rules_update(
    *, by: User, rules: Sequence[Mapping[str, Any]]
) -> tuple[list[CadenceRule], int]:
    """Replace the organisation's cadence rules (a manager's job) and re-plan every follow-up.

    Returns the saved rules and how many employers' follow-ups moved.
    """
    organisation = casework_organisation(by)
    require_manager(by)
    seen = set()
    rows = []
    for i, rule in enumerate(rules, start=1):
        key = (rule["stage"], rule.get("tier", ""), rule["kind"])
        if key in seen:
            raise ValidationError(
                _("Rule %(n)s repeats another rule for the same stage.") % {"n": i}
            )
        seen.add(key)
        row = CadenceRule(organisation=organisation, **rule)
        row.full_clean(exclude=["organisation"], validate_constraints=False)
        rows.append(row)
    CadenceRule.objects.filter(organisation=organisation).delete()
    saved = CadenceRule.objects.bulk_create(rows)
    audit_record(actor=by, action=AuditAction.UPDATE, obj=organisation, fields=["cadence_rules"])
    return saved, follow_ups_refresh(organisation)


# Employers, signals, locations, contacts -------------------------------------


def _zip_area(zip_code: str) -> int | None:
    row = ZipCode.objects.filter(zip=zip_code).first()
    return row.community_area_id if row else None


@transaction.atomic
def employer_create(
    *,
    by: User,
    data: Mapping[str, Any],
    stage: str = Stage.PROSPECT,
    signals: Mapping[str, str] | None = None,
) -> Employer:
    """Add an employer at a pipeline stage, with its "friendly employer" signals."""
    organisation = casework_organisation(by)
    require_colleague(organisation, data.get("owner"), field="owner")
    employer = Employer(organisation=organisation, stage=stage)
    changed = _apply(employer, data, EMPLOYER_FIELDS)
    employer.full_clean()
    employer.save()
    StageChange.objects.create(
        employer=employer,
        from_stage="",
        to_stage=stage,
        changed_on=timezone.localdate(),
        reason=str(_("Added")),
        by=by,
    )
    for kind, evidence in (signals or {}).items():
        EmployerSignal.objects.create(employer=employer, kind=kind, evidence=evidence)
    audit_record(actor=by, action=AuditAction.CREATE, obj=employer, fields=[*changed, "stage"])
    follow_ups_refresh(organisation, [employer.pk])
    employer.refresh_from_db(fields=["next_follow_up_on", "next_follow_up_kind"])
    return employer


@transaction.atomic
def employer_update(
    *,
    employer: Employer,
    by: User,
    data: Mapping[str, Any],
    signals: Mapping[str, str] | None = None,
) -> list[str]:
    """Change an employer's fields and, when ``signals`` is given, make its "friendly
    employer" signals exactly those (kind to evidence); one transaction, saving only the
    fields that changed. Returns the names of what changed (a signal as ``signal:kind``)."""
    organisation = require_own(employer, by)
    if "owner" in data:
        require_colleague(organisation, data["owner"], field="owner")
    changed = _apply(employer, data, EMPLOYER_FIELDS)
    if changed:
        employer.full_clean()
        employer.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=by, action=AuditAction.UPDATE, obj=employer, fields=changed)
        if "tier" in changed:
            follow_ups_refresh(organisation, [employer.pk])
    if signals is not None:
        current = dict(employer.signals.values_list("kind", "evidence"))
        for kind in sorted(set(current) | set(signals)):
            if current.get(kind) != signals.get(kind):
                employer_signal_set(
                    employer=employer, by=by, kind=kind, evidence=signals.get(kind, "")
                )
                changed.append(f"signal:{kind}")
    return changed


@transaction.atomic
def employer_signal_set(*, employer: Employer, by: User, kind: str, evidence: str) -> None:
    """Record (or, with empty evidence, withdraw) a friendly-employer signal."""
    require_own(employer, by)
    if evidence.strip():
        EmployerSignal.objects.update_or_create(
            employer=employer, kind=kind, defaults={"evidence": evidence.strip()}
        )
    else:
        EmployerSignal.objects.filter(employer=employer, kind=kind).delete()
    audit_record(actor=by, action=AuditAction.UPDATE, obj=employer, fields=[f"signal:{kind}"])


@transaction.atomic
def employer_move(
    *, employer: Employer, by: User, to_stage: str, reason: str = "", on: date | None = None
) -> StageChange:
    """Move an employer along the pipeline, keeping the move with its date and reason."""
    organisation = require_own(employer, by)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Choose a stage.")})
    if to_stage == employer.stage:
        raise ValidationError({"to_stage": _("The employer is already at that stage.")})
    change = StageChange.objects.create(
        employer=employer,
        from_stage=employer.stage,
        to_stage=to_stage,
        changed_on=on or timezone.localdate(),
        reason=reason,
        by=by,
    )
    employer.stage = to_stage
    employer.save(update_fields=["stage", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=employer,
        fields=["stage"],
        detail=f"{change.from_stage} → {to_stage}",
    )
    follow_ups_refresh(organisation, [employer.pk])
    return change


@transaction.atomic
def location_add(
    *, employer: Employer, by: User, label: str, address: str, zip_code: str
) -> Location:
    """Add a site to one of the organisation's employers, in the community area of its ZIP."""
    require_own(employer, by)
    row = Location(
        employer=employer,
        label=label,
        address=address,
        zip_code=zip_code,
        community_area_id=_zip_area(zip_code),
    )
    row.full_clean()
    row.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=row, fields=["address", "zip_code"])
    return row


@transaction.atomic
def contact_add(*, employer: Employer, by: User, data: Mapping[str, Any]) -> Contact:
    """Add a contact to one of the organisation's employers."""
    require_own(employer, by)
    contact = Contact(employer=employer)
    changed = _apply(contact, data, CONTACT_FIELDS)
    contact.full_clean()
    contact.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=contact, fields=changed)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by: User, data: Mapping[str, Any]) -> list[str]:
    """Change a contact's fields given in `data`; returns the names of those that changed."""
    require_own(contact.employer, by)
    changed = _apply(contact, data, CONTACT_FIELDS)
    if changed:
        contact.full_clean()
        contact.save(update_fields=changed)
        audit_record(actor=by, action=AuditAction.UPDATE, obj=contact, fields=changed)
    return changed


# Interactions and action items -------------------------------------------------


@transaction.atomic
def interaction_log(
    *,
    by: User,
    employers: Sequence[Employer],
    kind: str,
    occurred_on: date,
    summary: str = "",
    outcome: str = "",
    next_step: str = "",
    next_step_on: date | None = None,
    contacts: Sequence[Contact] = (),
) -> Interaction:
    """Log a call, e-mail, meeting, visit or event with one or several employers.

    Each employer's last contact moves forward and its next follow-up is re-planned.
    """
    organisation = casework_organisation(by)
    if not employers:
        raise ValidationError({"employers": _("Choose at least one employer.")})
    if any(e.organisation_id != organisation.pk for e in employers):
        raise PermissionDenied
    employer_ids = {e.pk for e in employers}
    if any(c.employer_id not in employer_ids for c in contacts):
        raise ValidationError({"contacts": _("Choose contacts of the chosen employers.")})
    if next_step_on and next_step_on < occurred_on:
        raise ValidationError({"next_step_on": _("The next step cannot come before the contact.")})
    interaction = Interaction(
        organisation=organisation,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary,
        outcome=outcome,
        next_step=next_step,
        next_step_on=next_step_on,
        by=by,
    )
    interaction.full_clean()
    interaction.save()
    interaction.employers.set(employers)
    interaction.contacts.set(contacts)
    for employer in employers:
        if employer.last_contact_on is None or employer.last_contact_on < occurred_on:
            employer.last_contact_on = occurred_on
            employer.save(update_fields=["last_contact_on", "updated_at"])
    follow_ups_refresh(organisation, employer_ids)
    if next_step and next_step_on:
        for employer in employers:
            ActionItem.objects.create(
                organisation=organisation,
                employer=employer,
                description=next_step,
                owner=by,
                due_on=next_step_on,
            )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=interaction,
        fields=["kind", "occurred_on", "summary", "outcome", "next_step"],
        detail=f"employers {sorted(employer_ids)}",
    )
    return interaction


@transaction.atomic
def action_item_add(
    *,
    by: User,
    description: str,
    owner: User,
    due_on: date,
    employer: Employer | None = None,
    meeting: ReviewMeeting | None = None,
) -> ActionItem:
    """Give a colleague an action item, for an employer or a review meeting of the organisation."""
    organisation = casework_organisation(by)
    require_colleague(organisation, owner, field="owner")
    if employer is not None and employer.organisation_id != organisation.pk:
        raise PermissionDenied
    if meeting is not None and meeting.organisation_id != organisation.pk:
        raise PermissionDenied
    item = ActionItem(
        organisation=organisation,
        employer=employer,
        meeting=meeting,
        description=description,
        owner=owner,
        due_on=due_on,
    )
    item.full_clean()
    item.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=item, fields=["description", "owner"])
    return item


@transaction.atomic
def action_item_set_done(*, item: ActionItem, by: User, done_on: date | None) -> ActionItem:
    """Mark an action item done on `done_on`, or not done with None."""
    require_own(item, by)
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=item, fields=["done_on"])
    return item


# Community impact review meetings ---------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    by: User,
    employers: Sequence[Employer],
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    counterparts: Sequence[Counterpart] = (),
) -> ReviewMeeting:
    """Schedule a review meeting with one or many employers, departments, unions or partner
    organisations; the employers' review follow-ups move."""
    organisation = casework_organisation(by)
    if not employers and not counterparts:
        raise ValidationError({"employers": _("Choose at least one employer.")})
    if any(e.organisation_id != organisation.pk for e in employers) or any(
        c.organisation_id != organisation.pk for c in counterparts
    ):
        raise PermissionDenied
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    meeting = ReviewMeeting(
        organisation=organisation,
        uid=f"{uuid.uuid4()}@workbridge",
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        organiser=by,
    )
    meeting.full_clean()
    meeting.save()
    meeting.employers.set(employers)
    if counterparts:
        meeting.counterparts.set(counterparts)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=meeting,
        fields=["title", "starts_at", "employers", *(["counterparts"] if counterparts else [])],
        detail=f"employers {sorted(e.pk for e in employers)}"
        + (f", counterparts {sorted(c.pk for c in counterparts)}" if counterparts else ""),
    )
    follow_ups_refresh(organisation, [e.pk for e in employers])
    return meeting


@transaction.atomic
def meeting_minutes_record(*, meeting: ReviewMeeting, by: User, minutes: str) -> ReviewMeeting:
    """Save a review meeting's minutes, replacing what was written before."""
    require_own(meeting, by)
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=meeting, fields=["minutes"])
    return meeting


def meeting_ics(meeting: ReviewMeeting, *, attendees: Sequence[Contact] = ()) -> bytes:
    """The meeting as an .ics file: every contact of its employers with an e-mail is invited."""
    organiser = meeting.organiser
    return meeting_calendar(
        uid=meeting.uid,
        sequence=meeting.sequence,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        description=meeting_agenda_text(meeting),
        organiser_name=organiser.get_full_name() if organiser else "",
        organiser_email=(organiser.email if organiser else "") or settings.DEFAULT_FROM_EMAIL,
        attendees=[(c.name, c.email) for c in attendees if c.email],
    )


def meeting_agenda_text(meeting: ReviewMeeting) -> str:
    """A plain-text agenda built from each employer's impact figures."""
    # Figures as of the meeting, but never beyond today: a hire cannot have stayed 90 days yet.
    today = min(timezone.localdate(), timezone.localdate(meeting.starts_at))
    items = [(e, employer_impact(e, today=today)) for e in meeting.employers.order_by("name")]
    return render_to_string(
        "employers/meeting_agenda.txt", {"meeting": meeting, "items": items}
    ).strip()


def meeting_invite_send(*, meeting: ReviewMeeting, by: User) -> tuple[int, int]:
    """E-mail each contact of the meeting's employers an invitation with the .ics attached.

    Contacts who opted out of e-mail, or have none, are skipped; every attempt is kept
    on the employer's history. Returns (sent, skipped).
    """
    require_own(meeting, by)
    sent = skipped = 0
    contacts = Contact.objects.filter(employer__in=meeting.employers.all()).select_related(
        "employer"
    )
    for contact in contacts:
        with translation.override(contact.preferred_language or "en"):
            subject = str(_("Invitation: %(title)s")) % {"title": meeting.title}
            body = render_to_string(
                "employers/email/meeting_invite.txt",
                {"meeting": meeting, "contact": contact, "agenda": meeting_agenda_text(meeting)},
            )
        if contact.email_opt_out or not contact.email:
            status, error = MessageSent.Status.SKIPPED, ""
            skipped += 1
        else:
            message = EmailMessage(subject=subject, body=body, to=[contact.email])
            message.attach(
                "invitation.ics",
                meeting_ics(meeting, attendees=[contact]),
                "text/calendar; method=REQUEST; charset=utf-8",
            )
            try:
                message.send()
                status, error = MessageSent.Status.SENT, ""
                sent += 1
            except OSError as exc:  # SMTP refused or unreachable: keep going, say so
                status, error = MessageSent.Status.FAILED, str(exc)[:300]
        MessageSent.objects.create(
            employer=contact.employer,
            contact=contact,
            to_address=contact.email,
            language=contact.preferred_language,
            subject=subject,
            body=body,
            status=status,
            error=error,
            by=by,
        )
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=meeting,
        fields=["invitation"],
        detail=f"sent {sent}, skipped {skipped}",
    )
    return sent, skipped
