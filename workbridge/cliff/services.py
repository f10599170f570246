"""Asking for a cliff run, and for the net gains matching uses; the worker computes both."""

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.accounts.access import require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.cliff import engine
from workbridge.cliff.household import household_for, job_data, opening_job
from workbridge.cliff.models import CliffResult, CliffRun
from workbridge.cliff.queries import points_key, results_by_key, run_keys
from workbridge.core.cliff import Household, Job, SweepSpec
from workbridge.jobs.models import JobOpening
from workbridge.people.models import Participant

MAX_OFFERS = 3
HOUSEHOLD_FIELDS = ("household_size", "children_ages", "benefits")


@transaction.atomic
def cliff_run_request(
    *,
    participant: Participant,
    by: User,
    household: Household,
    now_job: Job,
    offers: list[dict[str, Any]],
    sweep: SweepSpec,
    year: int,
) -> CliffRun:
    """Queue a cliff run for the participant's household; answered at once from the cache
    when every figure it needs was computed before. ValidationError says why not."""
    organisation = require_own(participant, by)
    if not engine.available():
        raise ValidationError(
            _(
                "The benefits model is not installed on this server, so no cliff can be "
                "computed. Ask your administrator to install Workbridge with its cliff extra."
            ),
            code="engine_missing",
        )
    if len(offers) > MAX_OFFERS:
        raise ValidationError(
            _("Compare at most %(n)s offers at a time.") % {"n": MAX_OFFERS}, code="offers"
        )
    for offer in offers:
        Job(offer["hourly_wage"], offer["hours_per_week"], offer["employer_health"])
    run = CliffRun.objects.create(
        organisation=organisation,
        participant=participant,
        requested_by=by,
        household=asdict(household),
        now_job=job_data(now_job),
        offers=offers,
        sweep=asdict(sweep),
        year=year,
        model_version=engine.model_version(),
    )
    found = results_by_key(list(run_keys(run).values()))
    if len(found) == len(set(run_keys(run).values())):
        run.status = CliffRun.Status.DONE
        run.started_at = run.finished_at = timezone.now()
        run.save(update_fields=["status", "started_at", "finished_at"])
    else:
        from workbridge.cliff.tasks import cliff_run_execute

        transaction.on_commit(lambda: cliff_run_execute.enqueue(run.pk))
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=participant,
        fields=HOUSEHOLD_FIELDS,
        detail=f"cliff run {run.pk}",
    )
    return run


def net_gains_request(
    *, participant: Participant, openings: list[JobOpening], by: User, year: int
) -> int:
    """Queue the net gains not cached yet for these openings (the caller scoped them);
    how many were queued. Nothing is queued when the model is not installed."""
    require_own(participant, by)
    if not engine.available() or not openings:
        return 0
    version = engine.model_version()
    household, now = household_for(participant)
    wanted = {
        points_key(household, [now, opening_job(o)], year, version): opening_job(o)
        for o in openings
    }
    have = set(CliffResult.objects.filter(key__in=list(wanted)).values_list("key", flat=True))
    jobs = [job_data(job) for key, job in wanted.items() if key not in have]
    if jobs:
        from workbridge.cliff.tasks import net_gains_execute

        household_data = asdict(household)
        now_data = job_data(now)
        transaction.on_commit(
            lambda: net_gains_execute.enqueue(household_data, now_data, jobs, year)
        )
    return len(jobs)
