"""Community impact reports kept and sent: snapshots, sends with a cover message, the schedule.

A snapshot keeps a report exactly as it was made: the published figures, the narrative,
the language, the page's HTML and the PDF, so what was sent can be read again as sent
however the records change later. Sending makes a snapshot and mails it, in each
contact's language, to every contact with an e-mail address who has not opted out; each
message (or skip) lands on the employer's history like any other.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workbridge.accounts.access import casework_organisation_id, user_manages
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core.merge import fields_used, merge
from workbridge.employers.impact import ready_matches
from workbridge.employers.impact_report import (
    Period,
    Report,
    employer_report,
    last_complete,
    period_label,
    render_report_html,
    report_context,
    report_pdf,
    threshold,
)
from workbridge.employers.messages import Deliver, merge_values
from workbridge.employers.models import (
    Contact,
    Employer,
    ImpactReportPlan,
    ImpactSnapshot,
    LocalInitiative,
    MessageSent,
    MessageTemplate,
    ReportCadence,
    SnapshotKind,
)

CADENCE_PERIOD = {
    ReportCadence.QUARTERLY: "quarter",
    ReportCadence.HALF_YEARLY: "half",
    ReportCadence.YEARLY: "year",
}


def what_next(employer: Employer, period: Period) -> dict[str, Any]:
    """Open positions with the ready participants who fit them, and local initiatives."""
    limit = threshold()
    openings = [
        {"title": title, "positions": positions, "ready": ready if ready >= limit else None}
        for title, positions, ready in ready_matches(employer)
    ]
    joined = set(employer.initiatives.values_list("pk", flat=True))
    initiatives = [
        {"name": i.name, "description": i.description, "took_part": i.pk in joined}
        for i in LocalInitiative.objects.filter(organisation_id=employer.organisation_id)
        .exclude(ends_on__lt=period.since)
        .order_by("-starts_on")[:8]
    ]
    return {"openings": openings, "initiatives": initiatives}


def full_report(employer: Employer, period: Period) -> Report:
    report = employer_report(employer, period)
    report.published["next"] = what_next(employer, period)
    return report


def report_language(employer: Employer) -> str:
    """Spanish when the primary contact (else most contacts) prefers it, else English."""
    contact = employer.contacts.order_by("-is_primary", "id").first()
    return "es" if contact is not None and contact.preferred_language == "es" else "en"


def render_document(report: Report, *, language: str) -> tuple[str, str, dict[str, Any]]:
    """(narrative, html, context) of a report in one language."""
    with translation.override(language):
        text = report.narrative_text()
        context = report_context(
            report.published,
            employer_name=report.published.get("employer", ""),
            narrative_text=text,
            priority=report.priority,
        )
        html = render_report_html(context, language=language)
    return text, html, context


@transaction.atomic
def impact_snapshot_create(
    *,
    employer: Employer,
    period: Period,
    by: User | None,
    language: str | None = None,
    kind: str = SnapshotKind.REPORT,
) -> ImpactSnapshot:
    """Make and keep a report as it stands: figures, narrative, HTML and PDF."""
    if by is not None and casework_organisation_id(by) != employer.organisation_id:
        raise PermissionDenied
    report = full_report(employer, period)
    language = language or report_language(employer)
    text, html, _context = render_document(report, language=language)
    snapshot = ImpactSnapshot.objects.create(
        organisation_id=employer.organisation_id,
        employer=employer,
        kind=kind,
        since=period.since,
        until=period.until,
        language=language,
        figures=report.published,
        narrative=text,
        html=html,
        pdf=report_pdf(html),
        created_by=by,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=snapshot,
        fields=["figures"],
        detail=f"employer {employer.pk}, {period.since}..{period.until}",
        organisation=employer.organisation,
    )
    return snapshot


def _cover(
    employer: Employer,
    contact: Contact,
    snapshot: ImpactSnapshot,
    template: MessageTemplate | None,
    today: date,
) -> tuple[str, str, str]:
    """(language, subject, body) of the cover message for one contact, in their language."""
    language = "es" if contact.preferred_language == "es" else "en"
    if template is not None and language == "es" and not template.body_es.strip():
        language = "en"
    with translation.override(language):
        period = period_label(Period(snapshot.since, snapshot.until))
        if template is not None:
            subject = template.subject_es if language == "es" else template.subject_en
            body = template.body_es if language == "es" else template.body_en
            used = frozenset(fields_used(subject) + fields_used(body))
            values = merge_values(employer, contact, today=today, used=used)
            return language, merge(subject, values), merge(body, values)
        subject = _("Your community impact report, %(period)s") % {"period": period}
        body = _(
            "Dear %(contact)s,\n\nAttached is %(employer)s's community impact report for "
            "%(period)s: the people you hired through %(organisation)s, where they live, what "
            "they earn and how long they stay.\n\n%(narrative)s\n\nWe look forward to talking "
            "it through with you.\n\n%(organisation)s"
        ) % {
            "contact": contact.name,
            "employer": employer.name,
            "period": period,
            "organisation": employer.organisation.name,
            "narrative": snapshot.narrative if snapshot.language == language else "",
        }
        return language, subject, body


def _by_mail(message: EmailMessage) -> object:
    return message.send()


@transaction.atomic
def impact_report_send(
    *,
    employer: Employer,
    period: Period,
    by: User | None,
    today: date,
    template: MessageTemplate | None = None,
    deliver: Deliver = _by_mail,
) -> tuple[ImpactSnapshot, list[MessageSent]]:
    """Make a snapshot and mail it with a cover message to each contact; opt-outs skipped."""
    if template is not None and template.organisation_id != employer.organisation_id:
        raise PermissionDenied
    snapshot = impact_snapshot_create(employer=employer, period=period, by=by)
    pdf = bytes(snapshot.pdf)
    filename = f"community-impact-{snapshot.since:%Y-%m-%d}-{snapshot.until:%Y-%m-%d}.pdf"
    sent = []
    addresses = []
    for contact in employer.contacts.order_by("-is_primary", "id"):
        language, subject, body = _cover(employer, contact, snapshot, template, today)
        status, error = MessageSent.Status.SENT, ""
        if contact.email_opt_out or not contact.email:
            status = MessageSent.Status.SKIPPED
        else:
            message = EmailMessage(subject=subject, body=body, to=[contact.email])
            message.attach(filename, pdf, "application/pdf")
            try:
                deliver(message)
                addresses.append(contact.email)
            except OSError as exc:
                status, error = MessageSent.Status.FAILED, str(exc)[:300]
        sent.append(
            MessageSent.objects.create(
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
        )
    snapshot.sent_at = timezone.now()
    snapshot.sent_to = ", ".join(addresses)[:300]
    snapshot.save(update_fields=["sent_at", "sent_to"])
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=snapshot,
        fields=["figures", "pdf"],
        detail=f"sent to {len(addresses)} of {len(sent)} contacts",
        organisation=employer.organisation,
    )
    return snapshot, sent


@transaction.atomic
def impact_plan_set(
    *, employer: Employer, by: User, cadence: str, cover_template: MessageTemplate | None
) -> ImpactReportPlan:
    """A manager sets how often an employer is sent its report, and the cover message."""
    if not user_manages(by) or casework_organisation_id(by) != employer.organisation_id:
        raise PermissionDenied
    if cover_template is not None and cover_template.organisation_id != employer.organisation_id:
        raise PermissionDenied
    plan, _created = ImpactReportPlan.objects.get_or_create(employer=employer)
    plan.cadence = cadence
    plan.cover_template = cover_template
    plan.save(update_fields=["cadence", "cover_template", "updated_at"])
    audit_record(
        actor=by, action=AuditAction.UPDATE, obj=plan, fields=["cadence", "cover_template"]
    )
    return plan


def due_period(plan_cadence: str, last_sent_until: date | None, today: date) -> Period | None:
    """The period an employer's next scheduled report covers, if it is due today."""
    kind = CADENCE_PERIOD.get(plan_cadence)
    if kind is None:
        return None
    period = last_complete(kind, today)
    if last_sent_until is not None and last_sent_until >= period.until:
        return None
    return period


def impact_reports_send_due(*, today: date, deliver: Deliver = _by_mail) -> dict[str, int]:
    """Send every employer's report that is due: active partners with hires on record.

    Employers without a plan follow the default (quarterly). A period is sent once.
    """
    done = {"sent": 0, "skipped": 0}
    employers = Employer.objects.filter(stage="active").select_related("organisation")
    plans = {p.employer_id: p for p in ImpactReportPlan.objects.filter(employer__in=employers)}
    for employer in employers.order_by("organisation_id", "pk"):
        plan = plans.get(employer.pk)
        cadence = plan.cadence if plan else ReportCadence.QUARTERLY
        period = due_period(cadence, plan.last_sent_until if plan else None, today)
        if period is None:
            continue
        if not employer.contacts.filter(email_opt_out=False).exclude(email="").exists():
            done["skipped"] += 1
            continue
        impact_report_send(
            employer=employer,
            period=period,
            by=None,
            today=today,
            template=plan.cover_template if plan else None,
            deliver=deliver,
        )
        ImpactReportPlan.objects.update_or_create(
            employer=employer, defaults={"last_sent_until": period.until}
        )
        done["sent"] += 1
    return done
