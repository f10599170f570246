"""Referrals of participants to openings, hires by employers, and whether they stayed."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.employers.models import Employer, Interaction
from workbridge.jobs.models import JobOpening
from workbridge.people.choices import JobEndReason
from workbridge.people.models import Participant


class ReferralStatus(models.TextChoices):
    """Where a referral stands, in the order a hire usually goes."""

    SUGGESTED = "suggested", _("Suggested")
    REFERRED = "referred", _("Referred")
    INTERVIEWING = "interviewing", _("Interviewing")
    OFFERED = "offered", _("Offered")
    HIRED = "hired", _("Hired")
    DECLINED = "declined", _("Declined by the participant")
    NOT_SELECTED = "not_selected", _("Not selected by the employer")


# The moves a referral may make. Employers sometimes offer without an interview;
# the participant may decline at any point before the hire; the employer may pass
# (or withdraw an offer) once it has seen the referral.
REFERRAL_MOVES: dict[str, tuple[str, ...]] = {
    ReferralStatus.SUGGESTED: (ReferralStatus.REFERRED, ReferralStatus.DECLINED),
    ReferralStatus.REFERRED: (
        ReferralStatus.INTERVIEWING,
        ReferralStatus.OFFERED,
        ReferralStatus.DECLINED,
        ReferralStatus.NOT_SELECTED,
    ),
    ReferralStatus.INTERVIEWING: (
        ReferralStatus.OFFERED,
        ReferralStatus.DECLINED,
        ReferralStatus.NOT_SELECTED,
    ),
    ReferralStatus.OFFERED: (
        ReferralStatus.HIRED,
        ReferralStatus.DECLINED,
        ReferralStatus.NOT_SELECTED,
    ),
    ReferralStatus.HIRED: (),
    ReferralStatus.DECLINED: (),
    ReferralStatus.NOT_SELECTED: (),
}
# Statuses that end a referral; the two that are not a hire need a reason.
CLOSED_STATUSES = (ReferralStatus.HIRED, ReferralStatus.DECLINED, ReferralStatus.NOT_SELECTED)
NEEDS_REASON = (ReferralStatus.DECLINED, ReferralStatus.NOT_SELECTED)


class ReferralReason(models.TextChoices):
    """Why a referral ended without a hire."""

    WAGE = "wage", _("Pay too low")
    SCHEDULE = "schedule", _("Schedule does not fit")
    COMMUTE = "commute", _("Commute too long")
    OTHER_JOB = "other_job", _("Took another job")
    NOT_INTERESTED = "not_interested", _("No longer interested")
    EXPERIENCE = "experience", _("Not enough experience")
    SKILLS = "skills", _("Skills or certification missing")
    BACKGROUND = "background", _("Background check")
    NO_SHOW = "no_show", _("Missed the interview")
    FILLED = "filled", _("Position filled or closed")
    NO_RESPONSE = "no_response", _("No response")
    OTHER = "other", _("Other")


class Referral(models.Model):
    """One participant put forward for one opening, and how far it went."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="referrals"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="referrals")
    opening = models.ForeignKey(JobOpening, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        _("status"), max_length=14, choices=ReferralStatus.choices, default=ReferralStatus.SUGGESTED
    )
    status_on = models.DateField(_("status since"))
    reason = models.CharField(
        _("reason"), max_length=16, choices=ReferralReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "opening"], name="referral_once_per_opening"
            ),
        ]
        indexes = [
            models.Index(fields=["opening", "status"]),
            models.Index(fields=["organisation", "status", "status_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.opening_id}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def next_statuses(self) -> tuple[str, ...]:
        return REFERRAL_MOVES[self.status]


class Slate(models.Model):
    """Several referrals to one opening sent to the employer together."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="slates")
    opening = models.ForeignKey(JobOpening, on_delete=models.PROTECT, related_name="slates")
    sent_on = models.DateField(_("sent on"))
    note = models.TextField(_("note"), blank=True)
    referrals = models.ManyToManyField(Referral, related_name="slates")
    interaction = models.ForeignKey(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("slate")
        verbose_name_plural = _("slates")
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.opening_id} {self.sent_on}"


class ReferralStep(models.Model):
    """One move of a referral, with what the employer said about it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=14, choices=ReferralStatus.choices)
    on = models.DateField(_("date"))
    reason = models.CharField(
        _("reason"), max_length=16, choices=ReferralReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    employer_feedback = models.TextField(_("employer feedback"), blank=True)
    interaction = models.ForeignKey(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.on}"


class WotcOutcome(models.TextChoices):
    """Where a hire's Work Opportunity Tax Credit stands."""

    NOT_ELIGIBLE = "not_eligible", _("Not eligible, not sent")
    TO_SEND = "to_send", _("Form 8850 to send")
    PENDING = "pending", _("Sent, waiting for certification")
    CERTIFIED = "certified", _("Certified")
    DENIED = "denied", _("Denied")


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
    end_notes = models.TextField(_("notes on the end"), blank=True)
    referral = models.OneToOneField(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="placement"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Hiring incentives (placements.incentives): the Work Opportunity Tax Credit's Form 8850,
    # due at the state workforce agency within 28 days of the start, and its outcome.
    wotc_form_sent_on = models.DateField(_("Form 8850 sent on"), null=True, blank=True)
    # Empty in the database too, so rows written in bulk (imports, benchmarks) need not name them.
    wotc_outcome = models.CharField(
        _("tax credit outcome"),
        max_length=14,
        choices=WotcOutcome.choices,
        blank=True,
        default="",
        db_default="",
    )
    wotc_target_group = models.CharField(
        _("target group"), max_length=32, blank=True, default="", db_default=""
    )
    wotc_credit = models.DecimalField(
        _("tax credit"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The credit the employer may claim for this hire, in dollars."),
    )
    # The Federal Bonding Program's fidelity bond: six months of cover from its start.
    bond_starts_on = models.DateField(_("bond starts on"), null=True, blank=True)
    bond_ends_on = models.DateField(_("bond ends on"), null=True, blank=True)
    bond_amount = models.PositiveIntegerField(_("bond amount"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(fields=["employer", "started_on"]),
            models.Index(fields=["organisation", "started_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.started_on})"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class Checkpoint(models.IntegerChoices):
    DAYS_30 = 30, _("30 days")
    DAYS_90 = 90, _("90 days")
    DAYS_180 = 180, _("180 days")
    DAYS_365 = 365, _("1 year")


class StillEmployed(models.TextChoices):
    YES = "yes", _("Yes, still employed")
    NO = "no", _("No, not employed there")
    UNKNOWN = "unknown", _("Could not find out")


class RetentionCheck(models.Model):
    """A follow-up at a fixed time after the start: is the person still in the job?"""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="checks")
    checkpoint = models.PositiveSmallIntegerField(_("checkpoint"), choices=Checkpoint.choices)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    still_employed = models.CharField(
        _("still employed"),
        max_length=8,
        choices=StillEmployed.choices,
        default=StillEmployed.UNKNOWN,
    )
    notes = models.TextField(_("notes"), blank=True)
    current_wage = models.DecimalField(
        _("current hourly wage"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("What the person earns an hour now, for wage progression."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="retention_checks",
        verbose_name=_("owner"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("retention check")
        verbose_name_plural = _("retention checks")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "checkpoint"], name="retention_check_once"
            ),
        ]
        indexes = [models.Index(fields=["owner", "done_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_checkpoint_display()} ({self.due_on})"

    @property
    def is_open(self) -> bool:
        return self.done_on is None


class RetentionSupportKind(models.TextChoices):
    CHECK_IN = "check_in", _("Check-in or coaching")
    TRANSPORTATION = "transportation", _("Transportation help")
    CHILDCARE = "childcare", _("Childcare help")
    CLOTHING_TOOLS = "clothing_tools", _("Work clothing or tools")
    EMPLOYER_MEDIATION = "mediation", _("Talk with the employer")
    EMERGENCY_FUNDS = "emergency", _("Emergency financial help")
    BENEFITS = "benefits", _("Benefits counselling")
    OTHER = "other", _("Other")


class RetentionSupport(models.Model):
    """Help given so a person keeps the job."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("support"), max_length=16, choices=RetentionSupportKind.choices)
    given_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("retention support")
        verbose_name_plural = _("retention supports")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_on}"


class RetentionPlan(models.Model):
    """The supports planned at hire to keep the job, drafted from earlier job losses."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="retention_plan"
    )
    drafted_on = models.DateField(_("drafted on"))
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("retention plan")

    def __str__(self) -> str:
        return f"Retention plan of placement {self.placement_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_on is not None


class RetentionPlanItem(models.Model):
    """One support of a retention plan, with the earlier job-loss factors behind it."""

    plan = models.ForeignKey(RetentionPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("support"), max_length=16, choices=RetentionSupportKind.choices)
    # [[factor, earlier jobs it ended], ...]; empty for a support the case manager added.
    reasons = models.JSONField(_("why"), default=list, blank=True)
    planned = models.BooleanField(_("in the plan"), default=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="retention_plan_kind_once")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class CoverLetter(models.Model):
    """A participant's cover letter for one opening: drafted from the profile and the
    opening, edited by the case manager, downloaded as PDF beside the resume."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="cover_letters"
    )
    opening = models.ForeignKey(JobOpening, on_delete=models.CASCADE, related_name="cover_letters")
    body = models.TextField(_("letter"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cover letter")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "opening"], name="cover_letter_once_per_opening"
            )
        ]

    def __str__(self) -> str:
        return f"Cover letter of participant {self.participant_id} for opening {self.opening_id}"


class WotcScreening(models.Model):
    """A Work Opportunity Tax Credit pre-screening: the target groups the intake answers
    met on a day, kept as staff printed it for the participant to sign Form 8850."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="wotc_screenings"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="wotc_screenings"
    )
    screened_on = models.DateField(_("screened on"))
    # [{"code", "status", "reason", "params", "max_credit"}, ...] as core.wotc found them.
    findings = models.JSONField(_("target groups"), default=list)
    max_credit = models.PositiveIntegerField(_("largest credit"), default=0)
    signed_on = models.DateField(_("Form 8850 signed by the participant on"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tax credit pre-screening")
        ordering = ["-screened_on", "-id"]
        indexes = [models.Index(fields=["organisation", "participant", "screened_on"])]

    def __str__(self) -> str:
        return f"Pre-screening of participant {self.participant_id} on {self.screened_on}"


class BusinessCase(models.Model):
    """A one-page case for hiring one candidate, made for one employer with the
    participant's consent, and each time it was sent."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="business_cases"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="business_cases"
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="business_cases")
    opening = models.ForeignKey(
        JobOpening, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_on = models.DateField(_("participant agreed on"))
    consent_note = models.CharField(
        _("how they agreed"),
        max_length=300,
        help_text=_("For example: signed the release form; agreed by phone."),
    )
    highlights = models.TextField(
        _("training and experience"),
        blank=True,
        help_text=_("What the employer should know: training finished, work experience."),
    )
    incentive_total = models.DecimalField(
        _("incentives' value"), max_digits=9, decimal_places=2, default=Decimal(0)
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    last_sent_to = models.ForeignKey(
        "employers.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("business case")
        verbose_name_plural = _("business cases")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "employer"])]

    def __str__(self) -> str:
        return f"Business case for participant {self.participant_id} to {self.employer_id}"
