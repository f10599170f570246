"""Sourcing: partner organisations and what they report, the sourcing plan at the start of
each hire, and the placement side's hiring events.

Job fairs themselves are hiring equity's `JobFair` (the applicant-flow import names them);
this app adds the pages that create them and import their interest lists.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation


class PartnerKind(models.TextChoices):
    DIVERSITY = "diversity", _("Diversity organisation")
    VETERANS = "veterans", _("Veterans' organisation")
    DISABILITY = "disability", _("Disability organisation")
    WOMEN_IN_TRADES = "women_trades", _("Women in the trades")
    COMMUNITY = "community", _("Community organisation")
    UNION = "union", _("Union")
    SCHOOL = "school", _("School or college")
    WORKFORCE_AGENCY = "workforce", _("Workforce agency")
    OTHER = "other", _("Other")


class PartnerStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class ReachGroup(models.TextChoices):
    """The communities and groups a partner reaches (what it says of itself)."""

    BLACK = "black", _("Black or African American")
    HISPANIC = "hispanic", _("Hispanic or Latino")
    ASIAN = "asian", _("Asian")
    AIAN = "aian", _("American Indian or Alaska Native")
    NHPI = "nhpi", _("Native Hawaiian or Other Pacific Islander")
    MENA = "mena", _("Middle Eastern or North African")
    WOMEN = "women", _("Women")
    VETERANS = "veterans", _("Veterans")
    DISABILITY = "disability", _("People with disabilities")
    YOUTH = "youth", _("Young adults")
    RETURNING = "returning", _("People returning from incarceration")
    IMMIGRANTS = "immigrants", _("Immigrants and refugees")
    LGBTQ = "lgbtq", _("LGBTQ+ people")
    OLDER = "older", _("Older workers")


class ReportCadence(models.IntegerChoices):
    NONE = 0, _("No status reports")
    MONTHLY = 1, _("Every month")
    QUARTERLY = 3, _("Every quarter")
    HALF_YEARLY = 6, _("Every six months")
    YEARLY = 12, _("Every year")


class Partner(models.Model):
    """An organisation the hiring department recruits through."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=PartnerStatus.choices, default=PartnerStatus.ACTIVE
    )
    groups = models.JSONField(_("groups it reaches"), default=list, blank=True)
    community_areas = models.ManyToManyField(
        "people.CommunityArea", blank=True, related_name="+", verbose_name=_("community areas")
    )
    communities = models.CharField(_("communities it reaches"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    agreement_start = models.DateField(_("agreement starts"), null=True, blank=True)
    agreement_end = models.DateField(_("agreement ends"), null=True, blank=True)
    report_every_months = models.PositiveSmallIntegerField(
        _("status reports"), choices=ReportCadence.choices, default=ReportCadence.QUARTERLY
    )
    # How applicants and postings name it: values of "how they heard about the job" and
    # of "where it was posted" that mean this partner (its own name always does).
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sourcing partner")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="sourcing_partner_unique_name"
            )
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("partner contact")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class PartnerStatusReport(models.Model):
    """What the partner did in a period, reported by its owner."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="status_reports")
    period_end = models.DateField(_("period ending"))
    candidates_referred = models.PositiveIntegerField(
        _("candidates referred"), null=True, blank=True
    )
    events_held = models.PositiveIntegerField(_("events held"), null=True, blank=True)
    summary = models.TextField(_("summary"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner status report")
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner} {self.period_end}"


SCORE = [MinValueValidator(1), MaxValueValidator(5)]
SCORE_FIELDS = ("reach", "candidate_quality", "responsiveness", "alignment")


class PartnerAssessment(models.Model):
    """How much a partnership is worth: four scores from 1 to 5 and the reasons in words."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    reach = models.PositiveSmallIntegerField(_("reach into the communities"), validators=SCORE)
    candidate_quality = models.PositiveSmallIntegerField(
        _("candidates ready for the jobs"), validators=SCORE
    )
    responsiveness = models.PositiveSmallIntegerField(_("responsiveness"), validators=SCORE)
    alignment = models.PositiveSmallIntegerField(_("fit with the plan's goals"), validators=SCORE)
    narrative = models.TextField(_("assessment"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partnership assessment")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner} {self.assessed_on}"

    @property
    def overall(self) -> float:
        return round(sum(getattr(self, name) for name in SCORE_FIELDS) / len(SCORE_FIELDS), 1)


class SourcingSettings(models.Model):
    """The baseline the plan measures partnerships against, and the increase it aims for."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="sourcing_settings"
    )
    baseline_partnerships = models.PositiveIntegerField(
        _("active partnerships at baseline"), default=0
    )
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    increase_percent = models.PositiveSmallIntegerField(
        _("increase aimed for (%)"), default=50, validators=[MaxValueValidator(1000)]
    )

    class Meta:
        verbose_name = _("sourcing settings")
        verbose_name_plural = _("sourcing settings")

    def __str__(self) -> str:
        return str(self.organisation)


class Channel(models.TextChoices):
    """Where a posting can go, besides named partners."""

    CITY_SITE = "City careers site", _("City careers site")
    JOB_BOARDS = "Job boards", _("Job boards (Indeed, LinkedIn)")
    SOCIAL = "Social media", _("Social media")
    PARTNERS = "Community partners", _("Community partners")
    JOB_FAIR = "Job fair", _("Job fair")
    REFERRALS = "Employee referrals", _("Employee referrals")
    SCHOOLS = "Schools and colleges", _("Schools and colleges")
    NEWSPAPERS = "Newspapers and radio", _("Newspapers and radio")


INTAKE_ITEMS = (
    ("duties_reviewed", _("Duties and minimum qualifications reviewed with the hiring manager")),
    ("barriers_removed", _("Requirements that the job does not need removed (degrees, years)")),
    ("posting_plain", _("Posting in plain language and checked for accessibility")),
    ("outreach_planned", _("Channels and partners chosen, with their communities in mind")),
    ("timeline_set", _("Posting open long enough for partners to reach their communities")),
    ("panel_named", _("A diverse interview panel named")),
)


class SourcingPlan(models.Model):
    """The intake at the start of a hire: the checklist, and where the posting should go."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    requisition = models.OneToOneField(
        "equity.Requisition", on_delete=models.CASCADE, related_name="sourcing_plan"
    )
    intake_on = models.DateField(_("intake meeting"))
    checklist = models.JSONField(_("intake checklist"), default=dict, blank=True)
    planned_channels = models.JSONField(_("planned channels"), default=list, blank=True)
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="plans", verbose_name=_("planned partners")
    )
    onsite_offers = models.BooleanField(
        _("eligible for on-site offers at job fairs"), default=False
    )
    fairs = models.ManyToManyField(
        "equity.JobFair", blank=True, related_name="+", verbose_name=_("job fairs")
    )
    notes = models.TextField(_("notes"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sourcing plan")
        indexes = [models.Index(fields=["organisation", "onsite_offers"])]

    def __str__(self) -> str:
        return str(self.requisition)


class HiringEvent(models.Model):
    """A placement program's hiring event: employers attend, participants meet them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    community_area = models.ForeignKey(
        "people.CommunityArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community area"),
    )
    notes = models.TextField(_("notes"), blank=True)
    # The employer interaction that records who attended (kind "event").
    interaction = models.OneToOneField(
        "employers.Interaction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hiring event")
        ordering = ["-held_on", "name"]
        indexes = [models.Index(fields=["organisation", "held_on"])]

    def __str__(self) -> str:
        return self.name


class HiringEventAttendee(models.Model):
    """A participant at a hiring event, recorded on their record as a support."""

    event = models.ForeignKey(HiringEvent, on_delete=models.CASCADE, related_name="attendees")
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="+"
    )
    support = models.OneToOneField(
        "people.SupportGiven", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"], name="sourcing_attendee_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.participant_id}"
