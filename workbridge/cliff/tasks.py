"""Background work for benefits cliffs, run by the task worker (`manage.py task_worker`),
which keeps the model imported between tasks."""

from django.tasks import task

from workbridge.cliff.work import cliff_run_process, net_gains_compute


@task
def cliff_run_execute(run_id: int) -> dict[str, int | str]:
    """Compute a cliff run's sweeps and offers; the run page polls its status."""
    run = cliff_run_process(run_id)
    if run is None:
        return {"status": "taken"}
    return {"status": run.status}


@task
def net_gains_execute(household: dict, now_job: dict, jobs: list[dict], year: int) -> int:
    """Cache the net gain of each job for a household, for matching."""
    return net_gains_compute(household, now_job, jobs, year)
