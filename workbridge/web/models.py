"""Files prepared in the background for one user: long exports, built by the task worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    INTERRUPTED = "interrupted", _("Interrupted")


class ExportJob(models.Model):
    """One export of a list, written to a file by the worker; only its owner may download it.

    The file lives in the file store's exports folder as `stored_file` while it is ready, and is
    removed once downloaded in full or a day after it was asked for.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("list"), max_length=40)
    fmt = models.CharField(_("format"), max_length=8)
    # The list's filters, as the query string of the page they were chosen on.
    query = models.CharField(max_length=2000, blank=True)
    language = models.CharField(max_length=16, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    filename = models.CharField(_("file"), max_length=120)
    stored_file = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved on whenever the worker writes a chunk: a running job whose heartbeat stops was
    # interrupted (its worker was stopped or killed).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="web_export_owner_created")]

    def __str__(self) -> str:
        return self.filename


class WorkerHeartbeat(models.Model):
    """When each task worker was last seen alive: `/healthz` reports the newest."""

    worker = models.CharField(max_length=200, unique=True)  # host:pid
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
