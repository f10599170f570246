"""Background work for the CRM, run by the task worker (`manage.py db_worker`)."""

from django.tasks import task
from django.utils import timezone

from workbridge.employers.communications import bulk_send_process
from workbridge.employers.models import BulkSend


@task
def bulk_send_run(bulk_id: int) -> dict[str, int]:
    """Send one bulk message; progress is saved on the BulkSend row as it goes."""
    bulk = BulkSend.objects.select_related("template", "created_by").get(pk=bulk_id)
    try:
        bulk = bulk_send_process(bulk, today=timezone.localdate())
    except Exception as exc:
        BulkSend.objects.filter(pk=bulk_id).update(
            status=BulkSend.Status.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    return {"sent": bulk.sent, "skipped": bulk.skipped, "failed": bulk.failed}
