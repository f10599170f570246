"""Reads for the employer CRM, always scoped to the requesting user's organisation."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from workbridge.accounts.queries import membership_of, user_does_casework
from workbridge.core.follow_up import Health, RelationshipFacts, relationship_health
from workbridge.employers.choices import InteractionKind, Outcome
from workbridge.employers.impact import employer_impact
from workbridge.employers.models import (
    ActionItem,
    Contact,
    Employer,
    EmployerSignal,
    Interaction,
)

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
    """The contacts of the employers the user may see."""
    return Contact.objects.filter(employer__in=employers_visible_to(user))


def interactions_visible_to(user) -> QuerySet[Interaction]:
    """The organisation's interactions with employers, for caseworkers; none for anyone else."""
    membership = membership_of(user)
    if membership is None or not user_does_casework(user):
        return Interaction.objects.none()
    return Interaction.objects.filter(organisation_id=membership.organisation_id)


def action_items_visible_to(user) -> QuerySet[ActionItem]:
    """The organisation's review-meeting action items, for caseworkers; none for anyone else."""
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
    """The employer list's rows: filtered by stage and owner, searched by name or external id
    (up to four words, each must match), in one of the `EMPLOYER_SORTS` orders.
    """
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


def employer_health(employer: Employer, *, today: date) -> Health:
    """How fruitful a relationship is, with the reasons, from the last 12 months' records."""
    impact = employer_impact(employer, today=today)
    outreach = Interaction.objects.filter(
        employers=employer,
        kind__in=[InteractionKind.CALL, InteractionKind.EMAIL],
        occurred_on__gte=impact.since,
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
