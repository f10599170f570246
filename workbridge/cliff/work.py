"""The task worker's side of a cliff run: the model's simulations, cached by their inputs.

`services` queues; this module computes (in the worker, which keeps the model imported).
"""

import contextlib
import time
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.utils import timezone

from workbridge.cliff import engine
from workbridge.cliff.household import household_of, job_data, job_of
from workbridge.cliff.models import CliffResult, CliffRun
from workbridge.cliff.queries import offer_sweep, points_key, sweep_key
from workbridge.core.cliff import Household, Job, SweepSpec


def _save(key: str, kind: str, household: Household, spec, data: dict, seconds: float) -> None:
    # Another worker may have computed the same figures meanwhile: theirs are as good.
    with contextlib.suppress(IntegrityError), transaction.atomic():
        CliffResult.objects.create(
            key=key,
            kind=kind,
            model_version=engine.model_version(),
            household=asdict(household),
            spec=spec,
            data=data,
            seconds=round(seconds, 3),
        )


def sweep_cached(household: Household, spec: dict, year: int) -> CliffResult:
    """The sweep's figures, computed once for each household, sweep, year and model version."""
    key = sweep_key(household, spec, year, engine.model_version())
    found = CliffResult.objects.filter(key=key).first()
    if found is None:
        started = time.perf_counter()
        curve = engine.sweep(household, SweepSpec(**spec), year=year)
        data = {
            "hourly": curve.hourly.round(4).tolist(),
            "net": curve.net.round(2).tolist(),
            "parts": {k: v.round(2).tolist() for k, v in curve.parts.items()},
        }
        _save(key, CliffResult.Kind.SWEEP, household, spec, data, time.perf_counter() - started)
        found = CliffResult.objects.get(key=key)
    return found


def points_cached(household: Household, jobs: list[Job], year: int) -> CliffResult:
    """Exact figures for each job, computed once for each household, jobs, year and version."""
    key = points_key(household, jobs, year, engine.model_version())
    found = CliffResult.objects.filter(key=key).first()
    if found is None:
        started = time.perf_counter()
        points = engine.evaluate(household, jobs, year=year)
        data = {
            "points": [
                {"net": round(net, 2), "parts": {k: round(v, 2) for k, v in parts.items()}}
                for net, parts in points
            ]
        }
        spec = [job_data(j) for j in jobs]
        _save(key, CliffResult.Kind.POINTS, household, spec, data, time.perf_counter() - started)
        found = CliffResult.objects.get(key=key)
    return found


def cliff_run_process(run_id: int) -> CliffRun | None:
    """Compute a queued run's sweeps and offers; None when another worker took it."""
    taken = CliffRun.objects.filter(pk=run_id, status=CliffRun.Status.QUEUED).update(
        status=CliffRun.Status.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return None
    run = CliffRun.objects.get(pk=run_id)
    try:
        household = household_of(run.household)
        sweep_cached(household, run.sweep, run.year)
        for offer in run.offers:
            sweep_cached(household, offer_sweep(run.sweep, offer), run.year)
        jobs = [job_of(run.now_job), *(job_of(o) for o in run.offers)]
        points_cached(household, jobs, run.year)
    except Exception as exc:
        CliffRun.objects.filter(pk=run.pk).update(
            status=CliffRun.Status.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    run.status = CliffRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


def net_gains_compute(household: dict, now_job: dict, jobs: list[dict], year: int) -> int:
    """Exact figures for now and each job (one pair each, as matching looks them up)."""
    home, now = household_of(household), job_of(now_job)
    for job in jobs:
        points_cached(home, [now, job_of(job)], year)
    return len(jobs)
