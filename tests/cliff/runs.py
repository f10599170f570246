"""A finished cliff run with stand-in figures, for tests that need one without the model."""

from workbridge.cliff.models import CliffResult, CliffRun
from workbridge.cliff.queries import run_keys


def cliff_run_computed(participant, by) -> CliffRun:
    """A done run for the participant (no offers) and the results its pages read."""
    run = CliffRun.objects.create(
        organisation=participant.organisation,
        participant=participant,
        requested_by=by,
        status=CliffRun.Status.DONE,
        household={
            "adult_ages": [30],
            "child_ages": [4],
            "rent_monthly": 0,
            "childcare_monthly": 0,
            "childcare_hours_weekly": 0,
            "other_earnings_yearly": 0,
            "state": "IL",
            "county_fips": "17031",
        },
        now_job={"hourly_wage": 0.0, "hours_per_week": 0.0, "employer_health": False},
        offers=[],
        sweep={
            "hours_per_week": 40.0,
            "employer_health": False,
            "wage_min": 0.0,
            "wage_max": 20.0,
            "points": 3,
        },
        year=2026,
        model_version="test-1",
    )
    keys = run_keys(run)
    CliffResult.objects.get_or_create(
        key=keys["main"],
        defaults={
            "kind": "sweep",
            "model_version": "test-1",
            "household": run.household,
            "spec": run.sweep,
            "data": {
                "hourly": [0.0, 10.0, 20.0],
                "net": [9000.0, 8000.0, 30000.0],
                "parts": {"earnings": [0, 20800, 41600], "snap": [9000, 0, 0]},
            },
        },
    )
    CliffResult.objects.get_or_create(
        key=keys["points"],
        defaults={
            "kind": "points",
            "model_version": "test-1",
            "household": run.household,
            "spec": [run.now_job],
            "data": {"points": [{"net": 9000.0, "parts": {"snap": 9000.0}}]},
        },
    )
    return run
