"""Job openings with what makes a job good, and the living-wage table they are judged by."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.employers.models import Employer, Location, zip_validator
from workbridge.people.choices import WorkEnvironment
from workbridge.people.models import CommunityArea, Occupation

__all__ = ["WorkEnvironment"]  # kept here too: the openings' pages and imports use it


class OpeningStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class TransitAccess(models.TextChoices):
    RAIL = "rail", _("Near a train station")
    BUS = "bus", _("On a bus route")
    NONE = "none", _("No practical transit")


class HouseholdType(models.TextChoices):
    """Household types as the living wage calculator names them."""

    A1C0 = "1a0c", _("1 adult, no children")
    A1C1 = "1a1c", _("1 adult, 1 child")
    A1C2 = "1a2c", _("1 adult, 2 children")
    A1C3 = "1a3c", _("1 adult, 3 children")
    A2W1C0 = "2a1w0c", _("2 adults (1 working), no children")
    A2W1C1 = "2a1w1c", _("2 adults (1 working), 1 child")
    A2W1C2 = "2a1w2c", _("2 adults (1 working), 2 children")
    A2W1C3 = "2a1w3c", _("2 adults (1 working), 3 children")
    A2W2C0 = "2a2w0c", _("2 adults (both working), no children")
    A2W2C1 = "2a2w1c", _("2 adults (both working), 1 child")
    A2W2C2 = "2a2w2c", _("2 adults (both working), 2 children")
    A2W2C3 = "2a2w3c", _("2 adults (both working), 3 children")


class JobOpening(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="openings"
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="openings")
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=200)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation (SOC 2018)"), on_delete=models.PROTECT
    )
    hourly_wage = models.DecimalField(
        _("hourly wage"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(80)]
    )
    # Same encoding as a participant's availability: bit 4 * day + shift.
    shifts = models.PositiveIntegerField(_("shifts"), default=0)
    schedule_stable = models.BooleanField(
        _("stable schedule (set at least two weeks ahead)"), default=True
    )
    health_insurance = models.BooleanField(_("health insurance"), default=False)
    paid_leave = models.BooleanField(_("paid leave"), default=False)
    retirement = models.BooleanField(_("retirement plan"), default=False)
    career_pathway = models.CharField(
        _("career pathway"),
        max_length=300,
        blank=True,
        help_text=_("Where this job leads, e.g. promotion to lead cook after six months."),
    )
    physical_demands = models.JSONField(_("physical demands"), default=list, blank=True)
    required_skills = models.JSONField(_("skills required"), default=list, blank=True)
    work_environment = models.CharField(
        _("work environment"), max_length=14, choices=WorkEnvironment.choices, blank=True
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.SET_NULL, null=True, blank=True
    )
    zip_code = models.CharField(_("ZIP code"), max_length=5, validators=[zip_validator])
    community_area = models.ForeignKey(
        CommunityArea,
        verbose_name=_("community area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    transit_access = models.CharField(
        _("transit access"), max_length=6, choices=TransitAccess.choices, blank=True
    )
    fair_chance = models.BooleanField(_("fair-chance employer for this job"), default=False)
    positions = models.PositiveSmallIntegerField(
        _("number of openings"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=8, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    posted_on = models.DateField(_("posted on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("job opening")
        verbose_name_plural = _("job openings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~models.Q(external_id=""),
                name="opening_unique_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "posted_on"]),
            models.Index(fields=["employer", "status"]),
        ]

    def __str__(self) -> str:
        return self.title


class LivingWage(models.Model):
    """Hourly living wage for a household type, with where the figure comes from."""

    area = models.CharField(_("area"), max_length=80, default="Cook County, IL")
    year = models.PositiveSmallIntegerField(_("year"))
    household_type = models.CharField(
        _("household type"), max_length=8, choices=HouseholdType.choices
    )
    hourly_wage = models.DecimalField(_("hourly living wage"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["area", "-year", "household_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "household_type"], name="living_wage_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year} {self.household_type}: {self.hourly_wage}"
