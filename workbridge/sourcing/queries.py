"""Reads about sourcing partners, sourcing plans, job fairs and hiring events, always for
the requesting user's organisation (404 for another's row)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from workbridge.accounts.models import Organisation
from workbridge.accounts.queries import membership_of, user_does_casework
from workbridge.core.sourcing import PartnershipProgress, report_due
from workbridge.equity.access import EQUITY_ROLES
from workbridge.equity.models import Applicant, JobFair, Requisition
from workbridge.placements.models import Referral
from workbridge.sourcing.models import (
    HiringEvent,
    Partner,
    PartnerStatus,
    SourcingPlan,
    SourcingSettings,
)


def _equity_org_id(user) -> int | None:
    membership = membership_of(user)
    if membership is None or membership.role not in EQUITY_ROLES:
        return None
    return membership.organisation_id


def normalise(text: str) -> str:
    """A name as compared: case, spacing and punctuation ignored."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


# Partners ---------------------------------------------------------------------------------


def partners_visible_to(user) -> QuerySet[Partner]:
    org = _equity_org_id(user)
    if org is None:
        return Partner.objects.none()
    return Partner.objects.filter(organisation_id=org)


def partner_get_for(user, pk: int) -> Partner:
    partner = partners_visible_to(user).select_related("owner").filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner


PARTNER_SORTS = ("name", "-name", "kind", "-kind", "status", "-status", "end", "-end")


def partner_list(
    user, *, search: str = "", kind: str = "", status: str = "", sort: str = "name"
) -> QuerySet[Partner]:
    rows = partners_visible_to(user).select_related("owner")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(communities__icontains=search))
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    order = {"end": "agreement_end", "-end": "-agreement_end"}.get(sort, sort)
    if order.lstrip("-") not in {"name", "kind", "status", "agreement_end"}:
        order = "name"
    return rows.order_by(order, "name", "pk")


def sourcing_settings_of(organisation: Organisation) -> SourcingSettings:
    return SourcingSettings.objects.filter(organisation=organisation).first() or SourcingSettings(
        organisation=organisation
    )


def partnership_progress(organisation: Organisation) -> PartnershipProgress:
    """Active partnerships now against the baseline and the plan's increase."""
    row = sourcing_settings_of(organisation)
    active = Partner.objects.filter(organisation=organisation, status=PartnerStatus.ACTIVE).count()
    return PartnershipProgress(
        active=active, baseline=row.baseline_partnerships, increase_percent=row.increase_percent
    )


@dataclass(frozen=True)
class ReportDue:
    partner: Partner
    due: date
    overdue: bool
    last_period_end: date | None


def reports_due(
    organisation: Organisation, *, today: date, within_days: int = 30
) -> list[ReportDue]:
    """Active partners whose next status report is due within `within_days` or overdue,
    soonest first."""
    partners = (
        Partner.objects.filter(organisation=organisation, status=PartnerStatus.ACTIVE)
        .exclude(report_every_months=0)
        .select_related("owner")
        .annotate(last=Max("status_reports__period_end"))
    )
    out = []
    for partner in partners:
        due = report_due(
            since=partner.agreement_start,
            last_period_end=partner.last,
            every_months=partner.report_every_months,
        )
        if due is None or (due - today).days > within_days:
            continue
        out.append(ReportDue(partner, due, due < today, partner.last))
    out.sort(key=lambda r: (r.due, r.partner.name))
    return out


def partner_due(partner: Partner) -> date | None:
    last = partner.status_reports.aggregate(m=Max("period_end"))["m"]
    return report_due(
        since=partner.agreement_start,
        last_period_end=last,
        every_months=partner.report_every_months,
    )


class PartnerNames:
    """Which partner a channel or "how they heard" answer names (own name or other names)."""

    def __init__(self, partners: Iterable[Partner]):
        self.by_name: dict[str, str] = {}
        for partner in partners:
            for name in partner.names:
                self.by_name.setdefault(normalise(name), partner.name)
        self.partners = sorted(set(self.by_name.values()), key=str.casefold)

    def of(self, text: str) -> str | None:
        return self.by_name.get(normalise(text)) if text else None


def partner_names(organisation: Organisation) -> PartnerNames:
    return PartnerNames(Partner.objects.filter(organisation=organisation))


def unmapped_answers(organisation: Organisation, *, limit: int = 15) -> list[tuple[str, int]]:
    """The most common "how they heard about the job" answers that name no partner, with
    how many applicants gave each: candidates for a partner's other names."""
    names = partner_names(organisation)
    rows = (
        Applicant.objects.filter(organisation=organisation)
        .exclude(heard_about="")
        .values("heard_about")
        .annotate(n=Count("pk"))
        .order_by("-n", "heard_about")
    )
    out = []
    for row in rows[: limit * 4]:
        if names.of(row["heard_about"].strip()) is None:
            out.append((row["heard_about"].strip(), row["n"]))
        if len(out) == limit:
            break
    return out


# Sourcing plans ---------------------------------------------------------------------------


def requisitions_visible_to(user) -> QuerySet[Requisition]:
    org = _equity_org_id(user)
    if org is None:
        return Requisition.objects.none()
    return Requisition.objects.filter(organisation_id=org)


def requisition_get_for(user, pk: int) -> Requisition:
    found = requisitions_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class PlanRow:
    requisition: Requisition
    plan: SourcingPlan | None
    planned: list[str]  # planned channels and partners
    used: list[str]  # where it was posted (from the import)
    missed: list[str]  # planned but not used
    unplanned: list[str]  # used but not planned


def plan_rows(requisitions: Iterable[Requisition], names: PartnerNames) -> list[PlanRow]:
    """Each requisition's plan against the channels it was actually posted on."""
    out = []
    for requisition in requisitions:
        plan = getattr(requisition, "sourcing_plan", None)
        planned = []
        if plan is not None:
            planned = [*plan.planned_channels, *(p.name for p in plan.partners.all())]
        used = list(requisition.source_channels or [])

        # Compare by partner (a channel naming a partner is the partner) or by name.
        def key(text: str) -> str:
            return normalise(names.of(text) or text)

        used_keys = {key(u) for u in used}
        planned_keys = {key(p) for p in planned}
        out.append(
            PlanRow(
                requisition,
                plan,
                planned,
                used,
                [p for p in planned if key(p) not in used_keys] if used else [],
                [u for u in used if key(u) not in planned_keys] if plan else [],
            )
        )
    return out


PLAN_SORTS = ("title", "-title", "posted", "-posted", "department", "-department")


def plan_list(
    user, *, year: int | None, search: str = "", planned: str = "", sort: str = "-posted"
):
    rows = requisitions_visible_to(user).select_related("sourcing_plan")
    if year:
        rows = rows.filter(year=year)
    if search:
        rows = rows.filter(
            Q(job_title__icontains=search)
            | Q(external_id__icontains=search)
            | Q(department__icontains=search)
        )
    if planned == "yes":
        rows = rows.filter(sourcing_plan__isnull=False)
    elif planned == "no":
        rows = rows.filter(sourcing_plan__isnull=True)
    elif planned == "onsite":
        rows = rows.filter(sourcing_plan__onsite_offers=True)
    order = {
        "title": "job_title",
        "-title": "-job_title",
        "posted": "posting_date",
        "-posted": "-posting_date",
    }.get(sort, sort)
    if order.lstrip("-") not in {"job_title", "posting_date", "department"}:
        order = "-posting_date"
    return rows.order_by(order, "external_id", "pk")


def onsite_positions(organisation: Organisation, fair: JobFair) -> QuerySet[Requisition]:
    """Requisitions flagged for on-site offers at this fair (or at any fair, when none named)."""
    return (
        Requisition.objects.filter(organisation=organisation, sourcing_plan__onsite_offers=True)
        .filter(Q(sourcing_plan__fairs=fair) | Q(sourcing_plan__fairs__isnull=True))
        .distinct()
        .order_by("job_title", "external_id")
    )


# Job fairs --------------------------------------------------------------------------------


def fairs_visible_to(user) -> QuerySet[JobFair]:
    org = _equity_org_id(user)
    if org is None:
        return JobFair.objects.none()
    return JobFair.objects.filter(organisation_id=org)


def fair_get_for(user, pk: int) -> JobFair:
    fair = fairs_visible_to(user).select_related("community_area").filter(pk=pk).first()
    if fair is None:
        raise Http404
    return fair


FAIR_SORTS = ("date", "-date", "name", "-name")


def fair_list(user, *, search: str = "", sort: str = "-date") -> QuerySet[JobFair]:
    rows = fairs_visible_to(user).select_related("community_area")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(location__icontains=search))
    if sort not in FAIR_SORTS:
        sort = "-date"
    return rows.annotate(interested=Count("interests", distinct=True)).order_by(sort, "pk")


# Hiring events (placement) ----------------------------------------------------------------


def events_visible_to(user) -> QuerySet[HiringEvent]:
    membership = membership_of(user)
    if membership is None or not user_does_casework(user):
        return HiringEvent.objects.none()
    return HiringEvent.objects.filter(organisation_id=membership.organisation_id)


def event_get_for(user, pk: int) -> HiringEvent:
    event = (
        events_visible_to(user)
        .select_related("community_area", "interaction")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event


def event_list(user) -> QuerySet[HiringEvent]:
    return (
        events_visible_to(user)
        .select_related("community_area")
        .annotate(
            employer_count=Count("interaction__employers", distinct=True),
            attendee_count=Count("attendees", distinct=True),
        )
        .order_by("-held_on", "name", "pk")
    )


def event_employers(event: HiringEvent):
    if event.interaction is None:
        return []
    return list(event.interaction.employers.order_by("name"))


def event_referrals(event: HiringEvent, *, within_days: int = 90) -> QuerySet[Referral]:
    """Referrals that followed the event: an attendee put forward, on or after the event's
    day and within `within_days`, to an opening of an employer that attended."""
    employer_ids = [e.pk for e in event_employers(event)]
    participant_ids = list(event.attendees.values_list("participant_id", flat=True))
    if not employer_ids or not participant_ids:
        return Referral.objects.none()
    return (
        Referral.objects.filter(
            organisation_id=event.organisation_id,
            participant_id__in=participant_ids,
            opening__employer_id__in=employer_ids,
            created_at__date__gte=event.held_on,
            created_at__date__lte=date.fromordinal(event.held_on.toordinal() + within_days),
        )
        .select_related("participant", "opening", "opening__employer")
        .order_by("-created_at")
    )
