"""Hires of participants by employers, and whether they stayed."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.employers.models import Employer
from workbridge.jobs.models import JobOpening
from workbridge.people.choices import JobEndReason
from workbridge.people.models import Participant


class Placement(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="placements"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="placements"
    )
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="placements")
    opening = models.ForeignKey(
        JobOpening, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements"
    )
    job_title = models.CharField(_("job title"), max_length=200)
    started_on = models.DateField(_("start date"))
    hourly_wage = models.DecimalField(
        _("hourly wage"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"))
    prior_hourly_wage = models.DecimalField(
        _("hourly wage before the program"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    health_insurance = models.BooleanField(_("health insurance"), default=False)
    paid_leave = models.BooleanField(_("paid leave"), default=False)
    retirement = models.BooleanField(_("retirement plan"), default=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=10, choices=JobEndReason.choices, blank=True
    )
    loss_factors = models.JSONField(_("factors in losing the job"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(fields=["employer", "started_on"]),
            models.Index(fields=["organisation", "started_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.started_on})"
