"""Participants' milestone reminders: the opt-in they give and the daily send.

A participant chooses reminders by e-mail, by text message, both or neither; the case
manager records that choice (and the audit log keeps who recorded it and when). Each day
the task worker sends, in the participant's language, a reminder of every milestone
coming due within the days they chose, once per channel per due date.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workbridge.accounts.access import require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core.reminders import MilestoneDue, reminder_due
from workbridge.people.choices import ReminderChannel
from workbridge.people.models import Milestone, MilestoneReminder, Participant, ReminderConsent
from workbridge.web.sms import send_text

CONSENT_FIELDS = ("by_email", "by_text", "days_before")


def participant_language(participant: Participant) -> str:
    """The site language closest to the participant's own (English when we have none)."""
    offered = {code for code, _label in settings.LANGUAGES}
    return participant.preferred_language if participant.preferred_language in offered else "en"


@transaction.atomic
def reminder_consent_record(
    *,
    participant: Participant,
    by: User,
    by_email: bool,
    by_text: bool,
    days_before: int,
    on: date,
) -> ReminderConsent:
    """Record the participant's choice of reminders; each channel needs its address."""
    require_own(participant, by)
    errors: dict[str, list[str]] = {}
    if by_email and not participant.email:
        errors["by_email"] = [_("Add the participant's e-mail address first.")]
    if by_text and not participant.phone:
        errors["by_text"] = [_("Add the participant's phone number first.")]
    if not 1 <= days_before <= 30:
        errors["days_before"] = [_("Choose between 1 and 30 days.")]
    if errors:
        raise ValidationError(errors)
    consent, created = ReminderConsent.objects.get_or_create(
        participant=participant,
        defaults={"recorded_on": on, "recorded_by": by, "days_before": days_before},
    )
    changed = [
        name
        for name, value in (
            ("by_email", by_email),
            ("by_text", by_text),
            ("days_before", days_before),
        )
        if created or getattr(consent, name) != value
    ]
    consent.by_email, consent.by_text, consent.days_before = by_email, by_text, days_before
    consent.recorded_on, consent.recorded_by = on, by
    consent.save(update_fields=None if created else [*CONSENT_FIELDS, "recorded_on", "recorded_by"])
    if changed:
        audit_record(
            actor=by,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=consent,
            fields=changed,
            detail=f"e-mail {by_email}, text {by_text}, {days_before} days before",
        )
    return consent


@dataclass(frozen=True)
class ReminderRun:
    emails: int
    texts: int
    failed: int


def _reminder_text(participant: Participant, milestone: Milestone) -> tuple[str, str]:
    with translation.override(participant_language(participant)):
        subject = _("Reminder: %(milestone)s") % {"milestone": _(milestone.title)}
        body = _(
            "Hello %(name)s, this is a reminder from %(organisation)s: "
            "“%(milestone)s” is planned for %(due)s. "
            "Talk with your case manager if you need help or a new date."
        ) % {
            "name": participant.preferred_name or participant.first_name,
            "organisation": participant.organisation.name,
            "milestone": _(milestone.title),
            "due": date_format(milestone.due_on, "DATE_FORMAT"),
        }
    return subject, body


def reminders_send(*, today: date) -> ReminderRun:
    """Send today's milestone reminders to every participant who opted in."""
    consents = (
        ReminderConsent.objects.filter(Q(by_email=True) | Q(by_text=True))
        .filter(participant__exited_on__isnull=True)
        .select_related("participant__organisation")
    )
    emails = texts = failed = 0
    for consent in consents:
        participant = consent.participant
        channels = []
        if consent.by_email and participant.email:
            channels.append((ReminderChannel.EMAIL, participant.email))
        if consent.by_text and participant.phone:
            channels.append((ReminderChannel.TEXT, participant.phone))
        milestones = participant.milestones.filter(
            done_on__isnull=True, due_on__gte=today
        ).prefetch_related("reminders")
        for milestone in milestones:
            for channel, address in channels:
                sent_for = frozenset(
                    r.due_on for r in milestone.reminders.all() if r.channel == channel
                )
                due = MilestoneDue(milestone.pk, milestone.due_on, False, sent_for)
                if not reminder_due(due, today=today, days_before=consent.days_before):
                    continue
                subject, body = _reminder_text(participant, milestone)
                try:
                    if channel == ReminderChannel.EMAIL:
                        delivered = (
                            EmailMessage(subject=subject, body=body, to=[address]).send() == 1
                        )
                    else:
                        delivered = send_text(address, body)
                except OSError:
                    delivered = False
                MilestoneReminder.objects.create(
                    milestone=milestone,
                    channel=channel,
                    due_on=milestone.due_on,
                    sent_on=today,
                    sent_to=address,
                    delivered=delivered,
                )
                if not delivered:
                    failed += 1
                elif channel == ReminderChannel.EMAIL:
                    emails += 1
                else:
                    texts += 1
    return ReminderRun(emails=emails, texts=texts, failed=failed)
