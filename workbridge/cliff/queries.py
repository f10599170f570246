"""Cliff runs and cached results as the pages and the API read them, scoped to the user."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from workbridge.accounts.queries import membership_of
from workbridge.cliff.household import household_for, household_of, job_data, job_of, opening_job
from workbridge.cliff.models import CliffResult, CliffRun
from workbridge.core.cliff import Household, Job, cache_key
from workbridge.people.models import Participant


def cliff_runs_visible_to(user) -> QuerySet[CliffRun]:
    """Runs of the user's organisation; none for a user without one."""
    membership = membership_of(user)
    if membership is None:
        return CliffRun.objects.none()
    return CliffRun.objects.filter(organisation_id=membership.organisation_id)


def cliff_run_get_for(user, participant: Participant, pk: int) -> CliffRun:
    """One of the participant's runs the user may see, or 404."""
    return get_object_or_404(
        cliff_runs_visible_to(user).select_related("participant", "requested_by"),
        pk=pk,
        participant=participant,
    )


def cliff_runs_of(user, participant: Participant) -> QuerySet[CliffRun]:
    return cliff_runs_visible_to(user).filter(participant=participant).order_by("-created_at")


def points_key(household: Household, jobs: list[Job], year: int, version: str) -> str:
    return cache_key(household, {"points": [job_data(j) for j in jobs], "year": year}, version)


def sweep_key(household: Household, spec: dict, year: int, version: str) -> str:
    return cache_key(household, {"sweep": spec, "year": year}, version)


def results_by_key(keys: list[str]) -> dict[str, CliffResult]:
    return {r.key: r for r in CliffResult.objects.filter(key__in=keys)}


def net_gains_for(
    participant: Participant, openings: list, *, year: int, version: str
) -> dict[int, float | None]:
    """Each opening's cached net gain for the participant's household (a year, after taxes
    and benefits), None where none is cached yet. The caller has scoped both."""
    household, now = household_for(participant)
    keys = {o.pk: points_key(household, [now, opening_job(o)], year, version) for o in openings}
    found = results_by_key(list(keys.values()))
    gains: dict[int, float | None] = {}
    for pk, key in keys.items():
        result = found.get(key)
        if result is None:
            gains[pk] = None
        else:
            points = result.data["points"]
            gains[pk] = float(points[1]["net"]) - float(points[0]["net"])
    return gains


def offer_sweep(sweep: dict, offer: dict) -> dict:
    """The run's sweep at an offer's hours and health coverage."""
    return {
        **sweep,
        "hours_per_week": float(offer["hours_per_week"]),
        "employer_health": bool(offer["employer_health"]),
    }


def run_keys(run: CliffRun) -> dict[str, str]:
    """The cached results a run needs, by name: "main" (its sweep), "offer<n>" (the sweep at
    each offer's hours and coverage) and "points" (exact figures for now and each offer)."""
    household = household_of(run.household)
    version = run.model_version
    keys = {"main": sweep_key(household, run.sweep, run.year, version)}
    for n, offer in enumerate(run.offers):
        keys[f"offer{n}"] = sweep_key(household, offer_sweep(run.sweep, offer), run.year, version)
    jobs = [job_of(run.now_job), *(job_of(o) for o in run.offers)]
    keys["points"] = points_key(household, jobs, run.year, version)
    return keys
