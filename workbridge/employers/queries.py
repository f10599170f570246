"""Reads for the employer CRM, always scoped to the requesting user's organisation."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.http import Http404

from workbridge.accounts.queries import membership_of, user_does_casework
from workbridge.core.follow_up import Health, RelationshipFacts, relationship_health
from workbridge.employers.choices import InteractionKind, Outcome
from workbridge.employers.models import (
    ActionItem,
    Contact,
    Employer,
    EmployerSignal,
    Interaction,
)
from workbridge.jobs.models import JobOpening, OpeningStatus
from workbridge.people.models import Participant
from workbridge.placements.models import Placement

EMPLOYER_SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "follow_up": ("next_follow_up_on", "id"),
    "-follow_up": ("-next_follow_up_on", "-id"),
    "contact": ("last_contact_on", "id"),
    "-contact": ("-last_contact_on", "-id"),
    "stage": ("stage", "name", "id"),
}


def employers_visible_to(user) -> QuerySet[Employer]:
    """Employers the user may see: their organisation's, for roles that work the CRM."""
    membership = membership_of(user)
    if membership is None or not user_does_casework(user):
        return Employer.objects.none()
    return Employer.objects.filter(organisation_id=membership.organisation_id)


def employer_get_for(user, pk: int) -> Employer:
    """One employer the user may see, or 404."""
    employer = employers_visible_to(user).select_related("owner").filter(pk=pk).first()
    if employer is None:
        raise Http404
    return employer


def contacts_visible_to(user) -> QuerySet[Contact]:
    return Contact.objects.filter(employer__in=employers_visible_to(user))


def interactions_visible_to(user) -> QuerySet[Interaction]:
    membership = membership_of(user)
    if membership is None or not user_does_casework(user):
        return Interaction.objects.none()
    return Interaction.objects.filter(organisation_id=membership.organisation_id)


def action_items_visible_to(user) -> QuerySet[ActionItem]:
    membership = membership_of(user)
    if membership is None or not user_does_casework(user):
        return ActionItem.objects.none()
    return ActionItem.objects.filter(organisation_id=membership.organisation_id)


def employer_list(
    user,
    *,
    search: str = "",
    stage: str = "",
    owner: int | None = None,
    sort: str = "name",
) -> QuerySet[Employer]:
    rows = employers_visible_to(user).select_related("owner")
    if stage:
        rows = rows.filter(stage=stage)
    if owner:
        rows = rows.filter(owner_id=owner)
    for word in search.split()[:4]:
        rows = rows.filter(Q(name__icontains=word) | Q(external_id=word))
    return rows.order_by(*EMPLOYER_SORTS.get(sort, EMPLOYER_SORTS["name"]))


def employer_signal_kinds(employer_ids: list[int]) -> dict[int, list[str]]:
    """The friendly-employer signals of each of these employers, by kind, in one query."""
    kinds: dict[int, list[str]] = {pk: [] for pk in employer_ids}
    signals = EmployerSignal.objects.filter(employer_id__in=employer_ids).order_by("kind")
    for employer_id, kind in signals.values_list("employer_id", "kind"):
        kinds[employer_id].append(kind)
    return kinds


@dataclass(frozen=True)
class Queue:
    follow_ups: QuerySet[Employer]
    action_items: QuerySet[ActionItem]


def follow_up_queue(user, *, today: date, horizon_days: int = 7, owner=None) -> Queue:
    """What a user should do next: employers due a follow-up and their open action items.

    Overdue items come first (oldest first), then those due within the horizon. Both are
    one indexed range read on the owner's rows, whatever the size of the organisation.
    """
    owner = owner or user
    until = today + timedelta(days=horizon_days)
    follow_ups = (
        employers_visible_to(user)
        .filter(owner=owner, next_follow_up_on__lte=until)
        .only(
            "id",
            "name",
            "stage",
            "tier",
            "last_contact_on",
            "next_follow_up_on",
            "next_follow_up_kind",
        )
        .order_by("next_follow_up_on", "name", "id")
    )
    items = (
        action_items_visible_to(user)
        .filter(owner=owner, done_on__isnull=True, due_on__lte=until)
        .select_related("employer", "meeting")
        .order_by("due_on", "id")
    )
    return Queue(follow_ups, items)


@dataclass(frozen=True)
class Impact:
    """An employer's community impact over a period: the figures for calls, agendas and e-mails."""

    since: date
    until: date
    hires: int
    hires_in_chicago: int  # hires who live in one of Chicago's community areas
    hires_near_site: int  # hires who live in the community area of one of the employer's sites
    reached_90_days: int  # hires started 90 or more days before `until`
    retained_90_days: int  # of those, still there at 90 days
    average_wage: Decimal | None
    open_positions: int
    ready_participants: int  # active participants whose career goal is in an open job's group

    @property
    def retention_90(self) -> float | None:
        return self.retained_90_days / self.reached_90_days if self.reached_90_days else None


def employer_impact(employer: Employer, *, today: date, months: int = 12) -> Impact:
    """Count an employer's hires from the program and what they mean for the community.

    Every figure is an aggregate computed in SQL; no participant is named.
    """
    since = today - timedelta(days=round(months * 30.44))
    hires = Placement.objects.filter(employer=employer, started_on__gt=since, started_on__lte=today)
    site_areas = list(
        employer.locations.exclude(community_area=None).values_list("community_area", flat=True)
    )
    reached_cutoff = today - timedelta(days=90)
    figures = hires.aggregate(
        hires=Count("id"),
        in_chicago=Count("id", filter=Q(participant__community_area__isnull=False)),
        near_site=Count("id", filter=Q(participant__community_area__in=site_areas)),
        reached=Count("id", filter=Q(started_on__lte=reached_cutoff)),
        retained=Count(
            "id",
            filter=Q(started_on__lte=reached_cutoff)
            & (Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on") + timedelta(days=90))),
        ),
        average_wage=Avg("hourly_wage"),
    )
    open_jobs = JobOpening.objects.filter(employer=employer, status=OpeningStatus.OPEN)
    positions = open_jobs.aggregate(n=Sum("positions"))["n"] or 0
    groups = {code[:4] for code in open_jobs.values_list("occupation_id", flat=True)}
    ready = 0
    if groups:
        goal_q = Q()
        for group in groups:
            goal_q |= Q(career_goals__occupation__code__startswith=group)
        ready = (
            Participant.objects.filter(
                organisation_id=employer.organisation_id, exited_on__isnull=True
            )
            .filter(goal_q)
            .distinct()
            .count()
        )
    average = figures["average_wage"]
    return Impact(
        since=since,
        until=today,
        hires=figures["hires"],
        hires_in_chicago=figures["in_chicago"],
        hires_near_site=figures["near_site"],
        reached_90_days=figures["reached"],
        retained_90_days=figures["retained"],
        average_wage=Decimal(average).quantize(Decimal("0.01")) if average is not None else None,
        open_positions=positions,
        ready_participants=ready,
    )


def employer_health(employer: Employer, *, today: date) -> Health:
    """How fruitful a relationship is, with the reasons, from the last 12 months' records."""
    impact = employer_impact(employer, today=today)
    outreach = Interaction.objects.filter(
        employers=employer,
        kind__in=[InteractionKind.CALL, InteractionKind.EMAIL],
        occurred_on__gt=impact.since,
        occurred_on__lte=today,
    ).aggregate(
        made=Count("id"),
        answered=Count("id", filter=Q(outcome__in=[Outcome.REACHED, Outcome.OPENING])),
    )
    return relationship_health(
        RelationshipFacts(
            hires_12m=impact.hires,
            reached_90_12m=impact.reached_90_days,
            retained_90_12m=impact.retained_90_days,
            outreach_12m=outreach["made"],
            answered_12m=outreach["answered"],
            days_since_contact=(
                (today - employer.last_contact_on).days if employer.last_contact_on else None
            ),
            open_positions=impact.open_positions,
            stage=employer.stage,
        )
    )
