"""The business case: a one-page case for hiring one candidate, for one employer, made with
the participant's consent. What it says: the candidate's training and experience, the
retention supports the program gives, and the hiring incentives that apply with their
value (never why they apply: no target group, conviction or benefit is named).

Sending it e-mails the PDF through one of the organisation's message templates
(employers.messages.message_send, which keeps the message on the employer's history) and
logs an e-mail interaction with the employer.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import casework_organisation_id, require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core import bonding
from workbridge.employers.choices import InteractionKind
from workbridge.employers.messages import message_send
from workbridge.employers.models import Contact, Employer, MessageSent, MessageTemplate
from workbridge.employers.services import interaction_log
from workbridge.jobs.models import JobOpening
from workbridge.people.choices import SupportKind
from workbridge.people.incentive_answers import incentive_answers_of
from workbridge.people.models import Participant
from workbridge.placements.incentives import bonding_for, wotc_estimate, wotc_screen_participant
from workbridge.placements.models import BusinessCase, Placement, RetentionSupport
from workbridge.placements.models import RetentionSupportKind as Kind

# What the business case shows of the participant, for the audit log.
CASE_FIELDS = (
    "first_name",
    "last_name",
    "skills",
    "certifications",
    "work_history",
    "supports",
    "incentive_answers",
)


@dataclass(frozen=True)
class Incentive:
    name: str
    value: Decimal  # dollars; for a bond, the cover
    detail: str
    is_credit: bool  # money the employer gets back (a bond is cover, not money)


@dataclass(frozen=True)
class CaseContent:
    """What the one-pager says, worked out from the records when it is shown."""

    skills: list[str]
    certifications: list[str]
    experience: list[str]
    program_training: list[str]
    retention_supports: list[str]
    retention_90: tuple[int, int] | None  # (stayed, reached) when large enough to show
    incentives: list[Incentive]

    @property
    def incentive_total(self) -> Decimal:
        return sum((i.value for i in self.incentives if i.is_credit), Decimal(0))


def _retention_90(organisation_id: int, today: date) -> tuple[int, int] | None:
    """The program's hires still there at 90 days over the last two years, or None when
    fewer hires than the small-cell threshold reached 90 days (it leaves the organisation)."""
    cutoff = today - timedelta(days=90)
    figures = Placement.objects.filter(
        organisation_id=organisation_id,
        started_on__lte=cutoff,
        started_on__gt=today - timedelta(days=730),
    ).aggregate(
        reached=Count("id"),
        stayed=Count(
            "id",
            filter=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on") + timedelta(days=90)),
        ),
    )
    if figures["reached"] < settings.WORKBRIDGE_SMALL_CELL:
        return None
    return figures["stayed"], figures["reached"]


def incentives_for(
    participant: Participant, *, opening: JobOpening | None, on: date
) -> list[Incentive]:
    """The incentives that apply to hiring the participant, with their value."""
    result = []
    screening = wotc_screen_participant(participant, on=on)
    best = screening.best
    if best is not None and screening.authorized:
        if opening is not None:
            value = wotc_estimate(
                best.group.code,
                hourly_wage=opening.hourly_wage,
                hours_per_week=opening.hours_per_week,
            )
            detail = _(
                "Work Opportunity Tax Credit: about $%(value)s for a year at this job's pay and "
                "hours (up to $%(most)s), once the state certifies the hire. Form 8850 is due "
                "within 28 days of the start."
            ) % {"value": f"{value:,.0f}", "most": f"{best.max_credit:,}"}
        else:
            value = Decimal(best.max_credit)
            detail = _(
                "Work Opportunity Tax Credit: up to $%(most)s, once the state certifies the "
                "hire. Form 8850 is due within 28 days of the start."
            ) % {"most": f"{best.max_credit:,}"}
        result.append(Incentive(str(_("Federal tax credit")), value, str(detail), True))
    eligibility = bonding_for(participant, incentive_answers_of(participant))
    if eligibility.eligible:
        result.append(
            Incentive(
                str(_("Free fidelity bond")),
                Decimal(bonding.FACTS.standard_amount),
                str(
                    _(
                        "Federal Bonding Program: $%(amount)s of cover against employee "
                        "dishonesty for the first %(months)s months, at no cost and no "
                        "deductible."
                    )
                    % {
                        "amount": f"{bonding.FACTS.standard_amount:,}",
                        "months": bonding.FACTS.coverage_months,
                    }
                ),
                False,
            )
        )
    return result


PROGRAM_TRAINING = (
    SupportKind.INTERVIEW_WORKSHOP,
    SupportKind.SEARCH_WORKSHOP,
    SupportKind.MOCK_INTERVIEW,
    SupportKind.ONLINE_INTERVIEW,
    SupportKind.PEER_GROUP,
    SupportKind.LMI_BRIEFING,
)


def business_case_content(case: BusinessCase, *, today: date) -> CaseContent:
    """The one-pager's content for a case, from the participant's records today."""
    p = case.participant
    kinds_given = set(
        RetentionSupport.objects.filter(
            placement__organisation_id=case.organisation_id,
            given_on__gte=today - timedelta(days=365),
        )
        .values_list("kind", flat=True)
        .distinct()
    )
    kinds = [k for k in Kind.values if k in kinds_given and k != Kind.OTHER] or [
        Kind.CHECK_IN,
        Kind.EMPLOYER_MEDIATION,
    ]
    labels = dict(Kind.choices)
    training_labels = dict(SupportKind.choices)
    training = sorted(
        {
            str(training_labels[k])
            for k in p.supports.filter(kind__in=PROGRAM_TRAINING).values_list("kind", flat=True)
        }
    )
    return CaseContent(
        skills=list(p.skills.values_list("name", flat=True)[:12]),
        certifications=[
            f"{c.name} ({c.issuer})" if c.issuer else c.name for c in p.certifications.all()[:8]
        ],
        experience=[
            f"{w.job_title}, {w.employer_name}" for w in p.work_history.order_by("-started_on")[:5]
        ],
        program_training=training,
        retention_supports=[str(labels[k]) for k in kinds],
        retention_90=_retention_90(case.organisation_id, today),
        incentives=incentives_for(p, opening=case.opening, on=today),
    )


# Writes ------------------------------------------------------------------------------


@transaction.atomic
def business_case_create(
    *,
    participant: Participant,
    employer: Employer,
    opening: JobOpening | None,
    consent_on: date,
    consent_note: str,
    highlights: str,
    by: User,
) -> BusinessCase:
    """Make a business case for one employer, recording the participant's consent."""
    organisation = require_own(participant, by)
    if employer.organisation_id != organisation.pk:
        raise PermissionDenied
    if opening is not None and opening.employer_id != employer.pk:
        raise ValidationError({"opening": _("Choose one of this employer's openings.")})
    if not consent_note.strip():
        raise ValidationError({"consent_note": _("Say how the participant agreed.")})
    if consent_on > timezone.localdate():
        raise ValidationError({"consent_on": _("The date cannot be in the future.")})
    case = BusinessCase(
        organisation=organisation,
        participant=participant,
        employer=employer,
        opening=opening,
        consent_on=consent_on,
        consent_note=consent_note.strip(),
        highlights=highlights.strip(),
        by=by,
    )
    case.incentive_total = sum(
        (
            i.value
            for i in incentives_for(participant, opening=opening, on=timezone.localdate())
            if i.is_credit
        ),
        Decimal(0),
    )
    case.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=case,
        fields=["consent_on", "consent_note", "highlights", "incentive_total"],
        detail=f"participant {participant.pk}, employer {employer.pk}",
    )
    return case


@transaction.atomic
def business_case_send(
    *,
    case: BusinessCase,
    contact: Contact,
    template: MessageTemplate,
    pdf: bytes,
    filename: str,
    by: User,
    today: date,
) -> MessageSent:
    """E-mail the case's PDF to one of the employer's contacts with a message template,
    keep the message on the employer's history and log the e-mail as an interaction."""
    require_own(case, by)
    if contact.employer_id != case.employer_id:
        raise ValidationError({"contact": _("Choose a contact of this employer.")})
    if template.organisation_id != case.organisation_id:
        raise PermissionDenied
    sent = message_send(
        template=template,
        contact=contact,
        by=by,
        today=today,
        attachments=[(filename, pdf, "application/pdf")],
    )
    if sent.status == MessageSent.Status.SENT:
        interaction_log(
            by=by,
            employers=[case.employer],
            kind=InteractionKind.EMAIL,
            occurred_on=today,
            summary=str(
                _("Sent the business case for a candidate (%(subject)s).")
                % {"subject": sent.subject}
            ),
            contacts=[contact],
        )
        case.last_sent_at = timezone.now()
        case.last_sent_to = contact
        case.save(update_fields=["last_sent_at", "last_sent_to"])
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=case.participant,
        fields=CASE_FIELDS,
        detail=f"business case {case.pk} e-mailed to contact {contact.pk}: {sent.status}",
    )
    return sent


# Reads -------------------------------------------------------------------------------


def business_cases_visible_to(user: User) -> QuerySet[BusinessCase]:
    """The business cases of the user's organisation (casework roles only)."""
    return BusinessCase.objects.filter(organisation_id=casework_organisation_id(user))


def business_case_get_for(user: User, pk: int) -> BusinessCase:
    """One business case of the user's organisation, or 404."""
    return get_object_or_404(
        business_cases_visible_to(user).select_related(
            "participant", "employer", "opening", "by", "last_sent_to"
        ),
        pk=pk,
    )
