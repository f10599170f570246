"""Benefits-cliff runs for a participant's household, and the model's results they reuse.

A `CliffResult` holds what the tax-and-benefit model computed for a household (no name, no
id: ages, costs and wages only), under the SHA-256 of its inputs and the model's version, so
the same question is never computed twice and a new model version never reuses an old
answer. A `CliffRun` is one counsellor's request for one participant: the household and
offers as entered, its status while the task worker computes, and the results it uses.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.people.models import Participant


class CliffResult(models.Model):
    class Kind(models.TextChoices):
        SWEEP = "sweep", _("Wage sweep")
        POINTS = "points", _("Offers")

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    model_version = models.CharField(max_length=20)
    household = models.JSONField()
    spec = models.JSONField()  # the sweep, or the list of jobs
    data = models.JSONField()  # {"hourly", "net", "parts"} or {"points": [{"net", "parts"}]}
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.key[:12]}"


class CliffRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Computing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="cliff_runs"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="cliff_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    household = models.JSONField()  # core.cliff.Household as a dict
    now_job = models.JSONField()  # core.cliff.Job as a dict (a wage of 0: not working)
    offers = models.JSONField(default=list)  # [{"label", "opening_id", Job fields}]
    sweep = models.JSONField()  # core.cliff.SweepSpec as a dict
    year = models.PositiveSmallIntegerField()
    model_version = models.CharField(max_length=20)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "participant", "-created_at"])]

    def __str__(self) -> str:
        return f"cliff run {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
