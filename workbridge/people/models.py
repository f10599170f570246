"""Participants of an employment social enterprise and everything recorded about them."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.people.choices import (
    AgeBand,
    ApplicationOutcome,
    Attendance,
    ChildcareNeed,
    ContactMethod,
    EeoCategory,
    ExitOutcome,
    JobEndReason,
    Language,
    ReminderChannel,
    Sex,
    SupportKind,
    TransportMode,
    YesNoPreferNot,
)

zip_validator = RegexValidator(r"^\d{5}$", _("Enter a five-digit ZIP code."))


class CommunityArea(models.Model):
    """One of Chicago's 77 community areas."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("community area")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ZipCode(models.Model):
    """A Chicago ZIP code and the community area covering most of its land."""

    zip = models.CharField(max_length=5, primary_key=True)
    community_area = models.ForeignKey(CommunityArea, on_delete=models.PROTECT)

    def __str__(self) -> str:
        return self.zip


class Occupation(models.Model):
    """A Standard Occupational Classification (SOC 2018) code at any level."""

    code = models.CharField(max_length=7, primary_key=True)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(max_length=10)  # major, minor, broad, detailed
    parent = models.ForeignKey("self", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("occupation")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Participant(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participants"
    )
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    preferred_name = models.CharField(_("preferred name"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    zip_code = models.CharField(_("ZIP code"), max_length=5, validators=[zip_validator])
    community_area = models.ForeignKey(
        CommunityArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("community area"),
    )
    enrolled_on = models.DateField(_("enrolled on"))
    planned_exit_on = models.DateField(_("planned exit"))
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    exit_outcome = models.CharField(
        _("exit outcome"),
        max_length=12,
        choices=ExitOutcome.choices,
        blank=True,
        db_default="",
        help_text=_("Recorded when they leave: placed, still working 90 days later, or other."),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
        verbose_name=_("assigned staff member"),
    )
    resume_summary = models.TextField(_("resume summary"), blank=True)

    # Household, for benefits-cliff counselling.
    household_size = models.PositiveSmallIntegerField(
        _("household size"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    children_ages = models.JSONField(_("children's ages"), default=list, blank=True)
    benefits = models.JSONField(_("current benefits"), default=list, blank=True)

    # Constraints used by matching.
    availability = models.PositiveIntegerField(
        _("shift availability"),
        default=0,
        help_text=_("Bit 4 × day + shift is set when the person can work that shift."),
    )
    physical_limits = models.JSONField(_("physical limits"), default=list, blank=True)
    transport_mode = models.CharField(
        _("transport"), max_length=10, choices=TransportMode.choices, default=TransportMode.TRANSIT
    )
    max_commute_minutes = models.PositiveSmallIntegerField(
        _("longest commute (minutes)"), default=45, validators=[MaxValueValidator(240)]
    )
    childcare_need = models.CharField(
        _("childcare"), max_length=10, choices=ChildcareNeed.choices, default=ChildcareNeed.NONE
    )
    min_hourly_wage = models.DecimalField(
        _("lowest acceptable hourly wage"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    needs_fair_chance = models.BooleanField(_("needs a fair-chance employer"), default=False)
    # Work environments (`WorkEnvironment` values) they would like to work in; matching gives
    # points to an opening in one of them.
    preferred_environments = models.JSONField(
        _("work environments they prefer"), default=list, db_default=[], blank=True
    )

    # Kept current by the services that record contacts, assessments and milestones,
    # so the caseload can filter and sort on them in SQL.
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    last_assessed_on = models.DateField(_("last readiness assessment"), null=True, blank=True)
    next_milestone_due_on = models.DateField(_("next milestone due"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~models.Q(external_id=""),
                name="participant_unique_external_id",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_exit_on__gte=models.F("enrolled_on")),
                name="participant_exit_after_enrolment",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "assigned_to", "last_name", "first_name"]),
            models.Index(fields=["organisation", "last_name", "first_name"]),
            models.Index(fields=["organisation", "next_milestone_due_on"]),
            models.Index(fields=["organisation", "last_contact_on"]),
            models.Index(fields=["organisation", "last_assessed_on"]),
            models.Index(fields=["organisation", "planned_exit_on"]),
            models.Index(fields=["organisation", "community_area"]),
            models.Index(fields=["organisation", "preferred_language"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}"

    @property
    def is_active(self) -> bool:
        return self.exited_on is None

    def can_work(self, day: int, shift: int) -> bool:
        return bool(self.availability & (1 << (4 * day + shift)))


class Demographics(models.Model):
    """Voluntary answers, kept apart so that only roles that need them can read them."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="demographics"
    )
    race_ethnicity = models.JSONField(_("race and ethnicity"), default=list, blank=True)
    race_ethnicity_detail = models.CharField(
        _("race and ethnicity, in their own words"), max_length=200, blank=True
    )
    race_prefer_not = models.BooleanField(_("prefers not to say race or ethnicity"), default=False)
    eeo_category = models.CharField(
        _("EEO category"),
        max_length=16,
        choices=EeoCategory.choices,
        default=EeoCategory.NOT_DISCLOSED,
    )
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True)
    veteran = models.CharField(
        _("veteran"), max_length=12, choices=YesNoPreferNot.choices, blank=True
    )
    disability = models.CharField(
        _("disability"), max_length=12, choices=YesNoPreferNot.choices, blank=True
    )
    justice_involved = models.CharField(
        _("justice involvement"), max_length=12, choices=YesNoPreferNot.choices, blank=True
    )
    age_band = models.CharField(_("age band"), max_length=12, choices=AgeBand.choices, blank=True)
    long_term_unemployed = models.CharField(
        _("out of work six months or more"),
        max_length=12,
        choices=YesNoPreferNot.choices,
        blank=True,
    )
    high_school_diploma = models.CharField(
        _("high-school diploma or equivalent"),
        max_length=12,
        choices=YesNoPreferNot.choices,
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("demographics")
        verbose_name_plural = _("demographics")

    def __str__(self) -> str:
        return f"Demographics of participant {self.participant_id}"


class AssessmentInstrument(models.Model):
    """A readiness questionnaire an organisation uses; items are scored 0–4."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="instruments"
    )
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("readiness instrument")

    def __str__(self) -> str:
        return self.name


class AssessmentItem(models.Model):
    instrument = models.ForeignKey(
        AssessmentInstrument, on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)
    text_es = models.CharField(_("question in Spanish"), max_length=300, blank=True)
    reverse_scored = models.BooleanField(
        _("reverse scored"),
        default=False,
        help_text=_("Agreement means less ready (for example a fear of failing)."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Assessment(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assessments"
    )
    instrument = models.ForeignKey(AssessmentInstrument, on_delete=models.PROTECT)
    taken_on = models.DateField(_("date"))
    score = models.DecimalField(
        _("readiness score"),
        max_digits=5,
        decimal_places=1,
        help_text=_("0–100: the mean item score, reverse-scored items turned round."),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["taken_on", "id"]
        indexes = [models.Index(fields=["participant", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.taken_on}: {self.score}"


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(AssessmentItem, on_delete=models.PROTECT)
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(4)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item"),
            models.CheckConstraint(condition=models.Q(value__lte=4), name="answer_0_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


class MilestoneTemplate(models.Model):
    """The transition milestones an organisation plans back from a participant's exit."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="milestone_templates"
    )
    name = models.CharField(_("name"), max_length=120)
    is_default = models.BooleanField(_("default"), default=True)

    def __str__(self) -> str:
        return self.name


class MilestoneTemplateStep(models.Model):
    template = models.ForeignKey(MilestoneTemplate, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("milestone"), max_length=200)
    days_before_exit = models.PositiveSmallIntegerField(_("days before exit"))

    class Meta:
        ordering = ["-days_before_exit", "id"]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["participant", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


class SupportGiven(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("support"), max_length=20, choices=SupportKind.choices)
    given_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Online-interview coaching asks a readiness question of its own, 0–4 as the
    # readiness instrument scores its items: answered at each session, it shows progress.
    video_interview_readiness = models.PositiveSmallIntegerField(
        _("ready for an interview by video call"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(4)],
    )

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_on}"


class CaseNote(models.Model):
    """A contact with the participant; the latest one drives "no contact in 30 days"."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="case_notes"
    )
    contact_on = models.DateField(_("date"))
    method = models.CharField(_("how"), max_length=10, choices=ContactMethod.choices)
    note = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contact_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.contact_on}"


class CareerGoal(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="career_goals"
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, verbose_name=_("target occupation")
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    is_primary = models.BooleanField(_("primary goal"), default=False)

    class Meta:
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return str(self.occupation)


class WorkHistory(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="work_history"
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("occupation")
    )
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    hourly_wage = models.DecimalField(
        _("hourly wage"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    end_reason = models.CharField(
        _("how it ended"), max_length=10, choices=JobEndReason.choices, default=JobEndReason.CURRENT
    )
    loss_factors = models.JSONField(_("factors in losing the job"), default=list, blank=True)
    duties = models.TextField(_("duties"), blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name_plural = _("work history")

    def __str__(self) -> str:
        return f"{self.job_title}, {self.employer_name}"


class Skill(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(_("skill"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "name"], name="skill_once_per_person")
        ]

    def __str__(self) -> str:
        return self.name


class Certification(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="certifications"
    )
    name = models.CharField(_("certification"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    earned_on = models.DateField(_("earned"), null=True, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-earned_on", "name"]

    def __str__(self) -> str:
        return self.name


class ReminderConsent(models.Model):
    """The participant's recorded choice of milestone reminders, and who recorded it when."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="reminder_consent"
    )
    by_email = models.BooleanField(_("reminders by e-mail"), default=False)
    by_text = models.BooleanField(_("reminders by text message"), default=False)
    days_before = models.PositiveSmallIntegerField(
        _("days before a milestone is due"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder consent")

    def __str__(self) -> str:
        return f"Reminder consent of participant {self.participant_id}"


class MilestoneReminder(models.Model):
    """One reminder sent for a milestone's due date, so none is sent twice."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    channel = models.CharField(_("channel"), max_length=8, choices=ReminderChannel.choices)
    due_on = models.DateField(_("due"))
    sent_on = models.DateField(_("sent on"))
    sent_to = models.CharField(_("sent to"), max_length=254)
    delivered = models.BooleanField(_("taken by the mailer"), default=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "channel", "due_on"], name="milestone_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.sent_on}"


class Workshop(models.Model):
    """A group session (interview preparation, job search, online-interview coaching).

    Each attendee's attendance is recorded as a support given to them on the day.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="workshops"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workshop")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "held_on"])]

    def __str__(self) -> str:
        return self.title


class WorkshopSeat(models.Model):
    """A participant on a workshop's roster, and whether they came."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="workshop_seats"
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.REGISTERED
    )
    # The support the attendance was counted as; removed if the attendance is undone.
    support = models.OneToOneField(
        SupportGiven, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["participant__last_name", "participant__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "participant"], name="workshop_seat_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} at {self.workshop_id}"


class OwnApplication(models.Model):
    """A job application the participant made on their own, beside the program's referrals."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="own_applications"
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    applied_on = models.DateField(_("applied on"))
    outcome = models.CharField(
        _("outcome"),
        max_length=14,
        choices=ApplicationOutcome.choices,
        default=ApplicationOutcome.APPLIED,
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("own application")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["participant", "applied_on"])]

    def __str__(self) -> str:
        return f"{self.position}, {self.employer_name}"


class IncentiveAnswers(models.Model):
    """Voluntary intake answers for hiring incentives: the Work Opportunity Tax Credit
    (Form 8850 / ETA Form 9061) and the Federal Bonding Program.

    Kept apart from the profile: they are sensitive (conviction dates, disability, public
    assistance), read only by staff doing casework, and every read is audited. An empty
    answer means not asked; "prefer not to say" is an answer.
    """

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="incentive_answers"
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    veteran = models.CharField(
        _("veteran of the U.S. armed forces"),
        max_length=12,
        choices=YesNoPreferNot.choices,
        blank=True,
    )
    veteran_service_disability = models.CharField(
        _("entitled to VA compensation for a service-connected disability"),
        max_length=12,
        choices=YesNoPreferNot.choices,
        blank=True,
    )
    veteran_discharged_on = models.DateField(
        _("discharged or released from active duty on"), null=True, blank=True
    )
    unemployed_since = models.DateField(_("out of work since"), null=True, blank=True)
    unemployed_weeks_past_year = models.PositiveSmallIntegerField(
        _("weeks out of work in the last year"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(52)],
    )
    received_unemployment_compensation = models.CharField(
        _("received unemployment compensation while out of work"),
        max_length=12,
        choices=YesNoPreferNot.choices,
        blank=True,
    )
    tanf_months_past_18 = models.PositiveSmallIntegerField(
        _("months of TANF in the last 18"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(18)],
    )
    tanf_long_term = models.CharField(
        _("TANF for 18 months in a row, or stopped by a time limit in the last 2 years"),
        max_length=12,
        choices=YesNoPreferNot.choices,
        blank=True,
    )
    snap_months_past_6 = models.PositiveSmallIntegerField(
        _("months of SNAP in the last 6"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(6)],
    )
    snap_months_past_15 = models.PositiveSmallIntegerField(
        _("months of SNAP in the last 15"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(15)],
    )
    snap_stopped_time_limit = models.CharField(
        _("SNAP for 3 of the last 5 months, then stopped by the time limit"),
        max_length=12,
        choices=YesNoPreferNot.choices,
        blank=True,
    )
    ssi_last_month = models.DateField(_("last month of SSI"), null=True, blank=True)
    felony_convicted_on = models.DateField(_("felony conviction on"), null=True, blank=True)
    felony_released_on = models.DateField(
        _("released from prison for a felony on"), null=True, blank=True
    )
    vocational_rehab_referral = models.CharField(
        _("referred by vocational rehabilitation, Ticket to Work or the VA"),
        max_length=12,
        choices=YesNoPreferNot.choices,
        blank=True,
    )
    lives_in_empowerment_zone = models.CharField(
        _("lives in an empowerment zone or rural renewal county"),
        max_length=12,
        choices=YesNoPreferNot.choices,
        blank=True,
    )
    bonding_barriers = models.JSONField(
        _("background an employer may hesitate over"), default=list, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hiring-incentive answers")
        verbose_name_plural = _("hiring-incentive answers")

    def __str__(self) -> str:
        return f"Hiring-incentive answers of participant {self.participant_id}"
