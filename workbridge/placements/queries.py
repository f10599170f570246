"""Reads for referrals, placements and retention, always scoped to the requesting user."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from workbridge.accounts.models import user_label
from workbridge.accounts.queries import membership_of, user_does_casework
from workbridge.core.outcomes import PlacementFacts
from workbridge.people.choices import ApplicationOutcome, EeoCategory
from workbridge.people.models import OwnApplication
from workbridge.people.queries import demographics_visible_to
from workbridge.placements.models import (
    Placement,
    Referral,
    RetentionCheck,
    StillEmployed,
)


def _organisation_id(user) -> int | None:
    membership = membership_of(user)
    if membership is None or not user_does_casework(user):
        return None
    return membership.organisation_id


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Referrals the user may see: their organisation's, for roles that do casework."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return Referral.objects.none()
    return Referral.objects.filter(organisation_id=organisation_id)


def referral_get_for(user, pk: int) -> Referral:
    """One referral the user may see, or 404."""
    referral = (
        referrals_visible_to(user)
        .select_related("participant", "opening", "opening__employer", "created_by")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def placements_visible_to(user) -> QuerySet[Placement]:
    """Placements the user may see: their organisation's, for roles that do casework."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return Placement.objects.none()
    return Placement.objects.filter(organisation_id=organisation_id)


def placement_get_for(user, pk: int) -> Placement:
    """One placement the user may see, or 404."""
    placement = (
        placements_visible_to(user)
        .select_related("participant", "participant__assigned_to", "employer", "opening")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def retention_checks_visible_to(user) -> QuerySet[RetentionCheck]:
    """The retention checks of the organisation's placements, for caseworkers; none otherwise."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return RetentionCheck.objects.none()
    return RetentionCheck.objects.filter(placement__organisation_id=organisation_id)


def retention_checks_due_for(
    user, *, today: date, horizon_days: int = 7, owner=None
) -> QuerySet[RetentionCheck]:
    """Open retention checks of one owner (the user by default) due within the horizon.

    Overdue first (oldest first), then the rest by due date: one range read on the
    (owner, done_on, due_on) index.
    """
    owner = owner or user
    until = today + timedelta(days=horizon_days)
    return (
        retention_checks_visible_to(user)
        .filter(owner=owner, done_on__isnull=True, due_on__lte=until)
        .select_related("placement", "placement__participant", "placement__employer")
        .order_by("due_on", "id")
    )


def referrals_for_opening(user, opening_id: int) -> QuerySet[Referral]:
    """The people put forward for one opening, furthest along first."""
    return (
        referrals_visible_to(user)
        .filter(opening_id=opening_id)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "id")
    )


# Outcomes -------------------------------------------------------------------------------

NOT_RECORDED = ""


@dataclass(frozen=True)
class OutcomeRecord:
    """One placement's facts and the groups it falls in, for the outcomes page."""

    facts: PlacementFacts
    staff_id: int | None
    staff_name: str
    employer_id: int
    employer_name: str
    eeo_category: str
    sex: str
    placement_id: int = 0


def outcome_records(
    user, *, started_from: date | None = None, started_to: date | None = None
) -> list[OutcomeRecord]:
    """Every visible placement started in the period, with its checks and groups.

    Three reads whatever the number of placements: the placements with their staff
    member and employer, their checks' answers, and the demographic answers the user
    may read (none for roles that may not, so everyone falls under "not recorded").
    """
    rows = placements_visible_to(user)
    if started_from:
        rows = rows.filter(started_on__gte=started_from)
    if started_to:
        rows = rows.filter(started_on__lte=started_to)
    placements = list(
        rows.values_list(
            "pk",
            "participant_id",
            "started_on",
            "hourly_wage",
            "prior_hourly_wage",
            "ended_on",
            "participant__assigned_to_id",
            "participant__assigned_to__first_name",
            "participant__assigned_to__last_name",
            "participant__assigned_to__username",
            "employer_id",
            "employer__name",
        ).order_by("pk")
    )
    checks: dict[int, dict[int, str]] = defaultdict(dict)
    for placement_id, checkpoint, found in (
        RetentionCheck.objects.filter(placement__in=rows, done_on__isnull=False)
        .exclude(still_employed=StillEmployed.UNKNOWN)
        .values_list("placement_id", "checkpoint", "still_employed")
    ):
        checks[placement_id][checkpoint] = found
    demographics = {
        participant_id: (eeo, sex)
        for participant_id, eeo, sex in demographics_visible_to(user)
        .filter(participant_id__in=rows.values("participant_id"))
        .values_list("participant_id", "eeo_category", "sex")
    }
    records = []
    for (
        pk,
        participant_id,
        started_on,
        wage,
        prior,
        ended_on,
        staff_id,
        first,
        last,
        username,
        employer_id,
        employer_name,
    ) in placements:
        eeo, sex = demographics.get(participant_id, (EeoCategory.NOT_DISCLOSED, NOT_RECORDED))
        records.append(
            OutcomeRecord(
                facts=PlacementFacts(
                    started_on=started_on,
                    hourly_wage=wage,
                    prior_hourly_wage=prior,
                    ended_on=ended_on,
                    checks=checks.get(pk, {}),
                ),
                staff_id=staff_id,
                staff_name=user_label(first, last, username),
                employer_id=employer_id,
                employer_name=employer_name,
                eeo_category=eeo or EeoCategory.NOT_DISCLOSED,
                sex=sex or NOT_RECORDED,
                placement_id=pk,
            )
        )
    return records


# The job search, the program's and the participants' own ---------------------------------


@dataclass(frozen=True)
class SearchActivity:
    referrals: int
    own_applications: int
    own_interviews: int
    hires_by_referral: int
    hires_on_their_own: int


def search_activity(
    user, *, started_from: date | None = None, started_to: date | None = None
) -> SearchActivity:
    """Applications through the program's referrals and on participants' own, and the hires
    each led to, in the period (referrals by the day they were made, applications by the
    day they were sent, hires by their start)."""
    referrals = referrals_visible_to(user)
    own = OwnApplication.objects.filter(participant__organisation_id=_organisation_id(user))
    placements = placements_visible_to(user)
    if started_from:
        referrals = referrals.filter(created_at__date__gte=started_from)
        own = own.filter(applied_on__gte=started_from)
        placements = placements.filter(started_on__gte=started_from)
    if started_to:
        referrals = referrals.filter(created_at__date__lte=started_to)
        own = own.filter(applied_on__lte=started_to)
        placements = placements.filter(started_on__lte=started_to)
    hires = placements.aggregate(
        by_referral=Count("pk", filter=Q(referral__isnull=False)),
        own=Count("pk", filter=Q(referral__isnull=True)),
    )
    return SearchActivity(
        referrals=referrals.count(),
        own_applications=own.count(),
        own_interviews=own.filter(
            outcome__in=[
                ApplicationOutcome.INTERVIEW,
                ApplicationOutcome.OFFER,
                ApplicationOutcome.HIRED,
            ]
        ).count(),
        hires_by_referral=hires["by_referral"],
        hires_on_their_own=hires["own"],
    )
