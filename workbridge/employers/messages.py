"""Tailored messages: the merge fields, a message rendered for one contact in their language,
one message sent (or skipped for an opt-out) and logged, and a bulk send's task body.

``bulk_send_process`` is what the task worker runs (``employers.tasks``); queuing a bulk
send is ``employers.communications``'s, so that module and the tasks never import each
other.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core.merge import fields_used, merge
from workbridge.employers.impact import employer_impact, employer_open_job_titles
from workbridge.employers.impact_report import employer_report, last_complete
from workbridge.employers.models import BulkSend, Contact, Employer, MessageSent, MessageTemplate

# Every field a template may name, with what it holds (shown beside the editor).
MERGE_FIELDS: dict[str, Any] = {
    "contact_name": _("The contact's name"),
    "employer_name": _("The employer's name"),
    "organisation_name": _("Your organisation's name"),
    "hires": _("Hires from the program in the last 12 months"),
    "hires_in_chicago": _("Of those, how many live in Chicago's community areas"),
    "hires_near_site": _("Of those, how many live near one of the employer's sites"),
    "retained_90_days": _("Hires who stayed at least 90 days"),
    "average_wage": _("Average starting hourly wage of those hires"),
    "open_positions": _("Open positions the employer has with us"),
    "open_jobs": _("The titles of those open jobs"),
    "ready_participants": _("Participants preparing for that kind of work"),
    "upcoming_events": _("The employer's upcoming review meetings"),
    "ways_to_engage": _("Ways to stay involved"),
    # From the last quarter's community impact report: published figures only.
    "impact_summary": _("The last quarter's community impact report in a few sentences"),
    "local_share": _("Last quarter: share of hires living in Chicago"),
    "priority_share": _("Last quarter: share of hires living in a priority community"),
    "living_wage_share": _("Last quarter: share paid a living wage for their household"),
    "annual_earnings": _("Last quarter: annual earnings of the hires, in dollars"),
}
IMPACT_FIELDS = frozenset(
    {"impact_summary", "local_share", "priority_share", "living_wage_share", "annual_earnings"}
)


def impact_values(employer: Employer, *, today: date) -> dict[str, str]:
    """The report merge fields, from the last complete quarter's published figures."""
    report = employer_report(employer, last_complete("quarter", today))
    shares = report.published["shares"]

    def percent(name: str) -> str:
        value = shares[name]["percent"]
        return "—" if value is None else f"{value}%"

    earnings = report.published["wages"]["annual_earnings"]
    return {
        "impact_summary": report.narrative_text(),
        "local_share": percent("local"),
        "priority_share": percent("priority"),
        "living_wage_share": percent("living_wage"),
        "annual_earnings": "—"
        if earnings is None
        else number_format(earnings, 0, force_grouping=True),
    }


def merge_values(
    employer: Employer,
    contact: Contact | None,
    *,
    today: date,
    used: frozenset[str] | None = None,
) -> dict[str, str]:
    """The values of every merge field for one employer and contact, in the active language.

    The impact report's fields are worked out only when `used` names one of them (None:
    always), since they need the quarter's report.
    """
    impact = employer_impact(employer, today=today)
    jobs = employer_open_job_titles(employer)
    meetings = employer.review_meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")[
        :3
    ]
    wanted = IMPACT_FIELDS if used is None else IMPACT_FIELDS & used
    report_values = (
        impact_values(employer, today=today) if wanted else dict.fromkeys(IMPACT_FIELDS, "")
    )
    return {
        **report_values,
        "contact_name": contact.name if contact else "",
        "employer_name": employer.name,
        "organisation_name": employer.organisation.name,
        "hires": str(impact.hires),
        "hires_in_chicago": str(impact.hires_in_chicago),
        "hires_near_site": str(impact.hires_near_site),
        "retained_90_days": str(impact.retained_90_days),
        "average_wage": (
            number_format(impact.average_wage, 2) if impact.average_wage is not None else "—"
        ),
        "open_positions": str(impact.open_positions),
        "open_jobs": ", ".join(jobs) or _g("none at the moment"),
        "ready_participants": str(impact.ready_participants),
        "upcoming_events": "; ".join(
            f"{m.title} ({timezone.localtime(m.starts_at):%Y-%m-%d %H:%M})" for m in meetings
        )
        or _g("none scheduled yet"),
        "ways_to_engage": _g(
            "host a site tour, join a mock-interview day, speak on an alumni panel, "
            "or tell us about your next openings"
        ),
    }


def message_render(
    template: MessageTemplate, employer: Employer, contact: Contact | None, *, today: date
) -> tuple[str, str, str]:
    """(language, subject, body) for a contact: Spanish when they prefer it and it is written."""
    language = "en"
    if contact and contact.preferred_language == "es" and template.body_es.strip():
        language = "es"
    subject = template.subject_es if language == "es" else template.subject_en
    body = template.body_es if language == "es" else template.body_en
    used = frozenset(fields_used(subject) + fields_used(body))
    with translation.override(language):
        values = merge_values(employer, contact, today=today, used=used)
    return language, merge(subject, values), merge(body, values)


# How a message leaves: by default through the configured mailer. The demo seed passes
# one that keeps its fictional messages on the history without mailing anyone.
Deliver = Callable[[EmailMessage], object]


def _by_mail(message: EmailMessage) -> object:
    return message.send()


def message_send(
    *,
    template: MessageTemplate,
    contact: Contact,
    by: User | None,
    today: date,
    deliver: Deliver = _by_mail,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> MessageSent:
    """Send one tailored message to one contact, or skip it if they opted out; log it."""
    employer = contact.employer
    if template.organisation_id != employer.organisation_id:
        raise PermissionDenied
    language, subject, body = message_render(template, employer, contact, today=today)
    status, error = MessageSent.Status.SENT, ""
    if contact.email_opt_out or not contact.email:
        status = MessageSent.Status.SKIPPED
    else:
        try:
            message = EmailMessage(subject=subject, body=body, to=[contact.email])
            for attachment in attachments:
                message.attach(*attachment)
            deliver(message)
        except OSError as exc:
            status, error = MessageSent.Status.FAILED, str(exc)[:300]
    sent = MessageSent.objects.create(
        employer=employer,
        contact=contact,
        template=template,
        to_address=contact.email,
        language=language,
        subject=subject,
        body=body,
        status=status,
        error=error,
        by=by,
    )
    if by is not None:
        audit_record(
            actor=by, action=AuditAction.EXPORT, obj=sent, fields=["message"], detail=status
        )
    return sent


def report_attachment(employer: Employer, by: User | None, today: date) -> tuple[str, bytes, str]:
    """The employer's last-quarter report, kept as a snapshot, as an e-mail attachment."""
    from workbridge.employers.impact_sends import impact_snapshot_create

    snapshot = impact_snapshot_create(
        employer=employer, period=last_complete("quarter", today), by=by
    )
    snapshot.sent_at = timezone.now()
    snapshot.save(update_fields=["sent_at"])
    name = f"community-impact-{snapshot.since:%Y-%m-%d}-{snapshot.until:%Y-%m-%d}.pdf"
    return name, bytes(snapshot.pdf), "application/pdf"


def bulk_send_process(bulk: BulkSend, *, today: date, deliver: Deliver = _by_mail) -> BulkSend:
    """Send a bulk message contact by contact, saving progress as it goes."""
    BulkSend.objects.filter(pk=bulk.pk).update(status=BulkSend.Status.RUNNING)
    contacts = (
        Contact.objects.filter(employer_id__in=bulk.employer_ids)
        .select_related("employer__organisation")
        .order_by("employer_id", "id")
    )
    by = bulk.created_by
    reports: dict[int, tuple[str, bytes, str]] = {}
    for contact in contacts.iterator(chunk_size=200):
        attachments = []
        if bulk.attach_report and not contact.email_opt_out and contact.email:
            if contact.employer_id not in reports:
                reports[contact.employer_id] = report_attachment(contact.employer, by, today)
            attachments.append(reports[contact.employer_id])
        sent = message_send(
            template=bulk.template,
            contact=contact,
            by=by,
            today=today,
            deliver=deliver,
            attachments=attachments,
        )
        counter = {
            MessageSent.Status.SENT: "sent",
            MessageSent.Status.SKIPPED: "skipped",
            MessageSent.Status.FAILED: "failed",
        }[sent.status]
        BulkSend.objects.filter(pk=bulk.pk).update(
            processed=F("processed") + 1, **{counter: F(counter) + 1}
        )
    BulkSend.objects.filter(pk=bulk.pk).update(
        status=BulkSend.Status.DONE, finished_at=timezone.now()
    )
    bulk.refresh_from_db()
    return bulk
