"""The task worker's side of sending a wave: the batches, and progress after each.

`surveys.sending` queues a run; this module carries it out. The two are apart so that the
task body never imports the module that queues it.
"""

from django.utils import timezone

from workbridge.surveys.models import SendRun
from workbridge.surveys.services import invitations_remind, invitations_send

BATCH = 500


def send_run_process(run_id: int) -> SendRun | None:
    """Send a queued run in batches, saving progress; None when another worker took it."""
    taken = SendRun.objects.filter(pk=run_id, status=SendRun.Status.QUEUED).update(
        status=SendRun.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if not taken:
        return None
    run = SendRun.objects.select_related("wave__survey", "created_by").get(pk=run_id)
    wave, by = run.wave, run.created_by
    started = timezone.now()
    try:
        while True:
            if run.kind == SendRun.Kind.INVITATIONS:
                n = invitations_send(wave=wave, link_base=run.link_base, by=by, limit=BATCH)
            else:
                n = invitations_remind(
                    wave=wave, link_base=run.link_base, by=by, limit=BATCH, not_since=started
                )
            if not n:
                break
            run.sent += n
            SendRun.objects.filter(pk=run.pk).update(sent=run.sent, heartbeat_at=timezone.now())
    except Exception as exc:
        SendRun.objects.filter(pk=run.pk).update(
            status=SendRun.Status.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    run.status = SendRun.Status.DONE
    run.finished_at = timezone.now()
    # A run may find more or fewer than counted when queued (people added or answering).
    run.total = max(run.total, run.sent) if run.sent else run.total
    run.save(update_fields=["status", "finished_at", "total"])
    return run
