"""Background work shared by every app, run by the task worker (`manage.py db_worker`)."""

from django.tasks import task

from workbridge.web.exports import export_job_build, export_job_interrupt


@task
def export_job_run(job_id: int) -> dict:
    """Write one export's file; progress and the outcome are saved on its ExportJob row,
    which its page reads."""
    try:
        job = export_job_build(job_id)
    except Exception as exc:
        export_job_interrupt(job_id, why=type(exc).__name__)
        raise
    return {"status": job.status, "rows": job.rows_done}
