"""Sending a wave's links and reminders in the background, with progress.

Staff queue a run; the task worker sends it in batches (`send_work`) and saves its progress on
the `SendRun` row after each batch, which the wave page polls. A wave has at most one run
waiting or under way at a time, so nobody is sent the same message twice by two runs.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.surveys.models import InvitationStatus, SendRun, Wave

# A run that has not reported for this long has lost its worker.
STALLED_AFTER = timedelta(minutes=10)
# A run no worker has picked up for this long is given up (the worker is not running).
NEVER_STARTED_AFTER = timedelta(hours=1)

_OPEN = (SendRun.Status.QUEUED, SendRun.Status.RUNNING)


def _to_send(wave: Wave, kind: str) -> int:
    invitations = wave.invitations.exclude(email="")
    if kind == SendRun.Kind.INVITATIONS:
        return invitations.filter(status=InvitationStatus.PENDING).count()
    return invitations.filter(status__in=[InvitationStatus.SENT, InvitationStatus.STARTED]).count()


def _give_up_stalled(wave: Wave) -> None:
    """Mark the wave's runs whose worker went quiet as stopped, so they block nothing."""
    now = timezone.now()
    wave.send_runs.filter(
        Q(status=SendRun.Status.RUNNING, heartbeat_at__lt=now - STALLED_AFTER)
        | Q(status=SendRun.Status.QUEUED, created_at__lt=now - NEVER_STARTED_AFTER)
    ).update(
        status=SendRun.Status.FAILED,
        error=_("The task worker stopped before this finished; send again to carry on."),
        finished_at=now,
    )


@transaction.atomic
def send_queue(*, wave: Wave, kind: str, link_base: str, by: User) -> SendRun:
    """Queue the sending of the wave's unsent links (or of reminders to those who have not
    answered); ValidationError says why nothing was queued."""
    Wave.objects.select_for_update().filter(pk=wave.pk).first()
    _give_up_stalled(wave)
    if kind == SendRun.Kind.REMINDERS and wave.closes_on < timezone.localdate():
        raise ValidationError(_("The wave has closed: its links have expired."), code="closed")
    if wave.send_runs.filter(status__in=_OPEN).exists():
        raise ValidationError(
            _("A sending is already under way for this wave; wait until it finishes."),
            code="busy",
        )
    total = _to_send(wave, kind)
    if not total:
        raise ValidationError(
            _("Every link has been sent already.")
            if kind == SendRun.Kind.INVITATIONS
            else _("Nobody is waiting for a reminder: everyone sent a link has answered."),
            code="nobody",
        )
    run = SendRun.objects.create(
        wave=wave, kind=kind, total=total, link_base=link_base, created_by=by
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=wave, detail=f"{kind} queued: {total}")
    from workbridge.surveys.tasks import send_run_execute

    transaction.on_commit(lambda: send_run_execute.enqueue(run.pk))
    return run
