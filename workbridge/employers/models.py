"""Employers a program works with, the people there, and every touch between them."""

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.employers.choices import (
    Channel,
    FollowUpKind,
    InteractionKind,
    Outcome,
    Signal,
    SizeBand,
    Stage,
    Tier,
)
from workbridge.people.choices import Language
from workbridge.people.models import CommunityArea

zip_validator = RegexValidator(r"^\d{5}$", _("Enter a five-digit ZIP code."))
naics_validator = RegexValidator(r"^\d{2,6}$", _("Enter a NAICS code of two to six digits."))


class Employer(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="employers"
    )
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=200)
    naics_code = models.CharField(
        _("industry (NAICS)"), max_length=6, blank=True, validators=[naics_validator]
    )
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.PROSPECT
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, default=Tier.STANDARD)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_employers",
    )
    incentives = models.JSONField(_("incentives in use"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    # Kept current by the services so the follow-up queue is one indexed read.
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    next_follow_up_kind = models.CharField(max_length=8, choices=FollowUpKind.choices, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~models.Q(external_id=""),
                name="employer_unique_external_id",
            ),
        ]
        indexes = [
            # The list in its default order (name, then id), and everything a name search
            # reads, so counting a search's matches never visits the table.
            models.Index(fields=["organisation", "name", "id", "external_id"]),
            models.Index(fields=["organisation", "owner", "next_follow_up_on"]),
            models.Index(fields=["organisation", "next_follow_up_on"]),
            models.Index(fields=["organisation", "stage", "name"]),
        ]

    def __str__(self) -> str:
        return self.name


class EmployerSignal(models.Model):
    """A "friendly employer" signal and what shows it."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(_("signal"), max_length=12, choices=Signal.choices)
    evidence = models.CharField(_("evidence"), max_length=300)
    noted_on = models.DateField(_("noted on"), default=date.today)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employer", "kind"], name="employer_signal_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.evidence}"


class Location(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="locations")
    label = models.CharField(_("label"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200)
    zip_code = models.CharField(_("ZIP code"), max_length=5, validators=[zip_validator])
    community_area = models.ForeignKey(
        CommunityArea,
        verbose_name=_("community area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    def __str__(self) -> str:
        return self.label or self.address


class Contact(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    email_opt_out = models.BooleanField(_("opted out of e-mail"), default=False)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "external_id"],
                condition=~models.Q(external_id=""),
                name="contact_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    """One move along the pipeline, kept forever so conversion can be drawn over time."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    changed_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_on", "-id"]
        indexes = [models.Index(fields=["to_stage", "changed_on"])]

    def __str__(self) -> str:
        return f"{self.employer_id}: {self.from_stage} → {self.to_stage}"


class Interaction(models.Model):
    """A call, e-mail, meeting, visit or event; one note can concern several employers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_on = models.DateField(_("next step by"), null=True, blank=True)
    employers = models.ManyToManyField(Employer, related_name="interactions")
    contacts = models.ManyToManyField(Contact, related_name="interactions", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class CadenceRule(models.Model):
    """How often to follow up with employers at a stage (and optionally a tier)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="cadence_rules"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True)
    kind = models.CharField(
        _("follow-up"), max_length=8, choices=FollowUpKind.choices, default=FollowUpKind.CALL
    )
    every_days = models.PositiveSmallIntegerField(
        _("every (days)"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["stage", "tier", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "stage", "tier", "kind"], name="cadence_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage}/{self.tier or '*'}: {self.kind} every {self.every_days} days"


class ReviewMeeting(models.Model):
    """A semi-annual community impact review with one or many employers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="review_meetings"
    )
    uid = models.CharField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    employers = models.ManyToManyField(Employer, related_name="review_meetings")
    minutes = models.TextField(_("minutes"), blank=True)
    sequence = models.PositiveIntegerField(default=0)  # RFC 5545 SEQUENCE for updates
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="action_items"
    )
    meeting = models.ForeignKey(
        ReviewMeeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_items",
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, null=True, blank=True, related_name="action_items"
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.description


class MessageTemplate(models.Model):
    """A tailored communication with merge fields, in English and Spanish."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="message_templates"
    )
    name = models.CharField(_("name"), max_length=120)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_en = models.TextField(_("body (English)"))
    subject_es = models.CharField(_("subject (Spanish)"), max_length=200, blank=True)
    body_es = models.TextField(_("body (Spanish)"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MessageSent(models.Model):
    """One message to one contact, kept on the employer's history."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped: opted out or no e-mail")
        FAILED = "failed", _("Failed")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="messages")
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, related_name="+")
    template = models.ForeignKey(
        MessageTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_address = models.EmailField(blank=True)
    language = models.CharField(max_length=5)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=Status.choices)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address or self.contact_id}"


class BulkSend(models.Model):
    """A message sent to many employers' contacts in the background, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Sending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(MessageTemplate, on_delete=models.PROTECT, related_name="+")
    employer_ids = models.JSONField(default=list)
    # Each employer's own community impact report (last quarter), kept and attached.
    attach_report = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.template_id}: {self.processed}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100


class SheetImport(models.Model):
    """One spreadsheet of employers, contacts or openings: checked, then loaded, by the worker."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CHECKING = "checking", _("Checking")
        PROBLEMS = "problems", _("Has problems")
        READY = "ready", _("Ready to import")
        LOADING = "loading", _("Saving")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Stopped")

    class Step(models.TextChoices):
        CHECK = "check", _("Check")
        LOAD = "load", _("Import")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    filename = models.CharField(max_length=255)
    # The upload's name in the file store (workbridge.web.uploads.UPLOADS); "" once removed.
    stored_file = models.CharField(max_length=200, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    step = models.CharField(max_length=5, choices=Step.choices, default=Step.CHECK)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # [{"line", "column", "code", "params"}], the first problems found
    problems = models.JSONField(default=list, blank=True)
    problems_total = models.PositiveIntegerField(default=0)
    # {"created", "updated", "unchanged"} once loaded; {"error", "stopped"} when it stopped
    summary = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, blank=True)
    # The lease (workbridge.web.leases): which worker runs it, and when it last said so.
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"


# --- Community impact reports ----------------------------------------------------------


class ReportCadence(models.TextChoices):
    QUARTERLY = "quarterly", _("Every quarter")
    HALF_YEARLY = "half_yearly", _("Every half-year")
    YEARLY = "yearly", _("Every year")
    NEVER = "never", _("Not sent on a schedule")


class ImpactSettings(models.Model):
    """The organisation's choices for community impact reports."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="impact_settings"
    )
    priority_areas = models.ManyToManyField(
        CommunityArea,
        blank=True,
        related_name="+",
        verbose_name=_("priority communities"),
        help_text=_("The community areas the program sets out to hire from."),
    )
    # An empty benchmark means the built-in one (ACS 2019–2023 by community area).
    benchmark = models.JSONField(_("population benchmark"), default=dict, blank=True)
    benchmark_source = models.CharField(_("benchmark source"), max_length=300, blank=True)
    benchmark_year = models.CharField(_("benchmark year"), max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("impact report settings")
        verbose_name_plural = _("impact report settings")

    def __str__(self) -> str:
        return f"Impact settings of {self.organisation_id}"


class ImpactReportPlan(models.Model):
    """How often an employer is sent its community impact report."""

    employer = models.OneToOneField(Employer, on_delete=models.CASCADE, related_name="impact_plan")
    cadence = models.CharField(
        _("report cadence"),
        max_length=12,
        choices=ReportCadence.choices,
        default=ReportCadence.QUARTERLY,
    )
    cover_template = models.ForeignKey(
        "MessageTemplate",
        verbose_name=_("cover message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Sent with the report; without one, a short built-in note goes."),
    )
    last_sent_until = models.DateField(_("last period sent"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("impact report plan")
        verbose_name_plural = _("impact report plans")

    def __str__(self) -> str:
        return f"{self.employer_id}: {self.cadence}"


class SnapshotKind(models.TextChoices):
    REPORT = "report", _("Community impact report")
    REVIEW = "review", _("Review packet")
    PROGRAM = "program", _("Program packet")


class ImpactSnapshot(models.Model):
    """A report as it was made and sent: the published figures, the words and the PDF."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="impact_snapshots"
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="impact_snapshots",
    )
    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=SnapshotKind.choices, default=SnapshotKind.REPORT
    )
    since = models.DateField(_("from"))
    until = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=8, default="en")
    figures = models.JSONField(_("published figures"), default=dict)
    narrative = models.TextField(_("narrative"), blank=True)
    html = models.TextField(blank=True)
    pdf = models.BinaryField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("impact report snapshot")
        verbose_name_plural = _("impact report snapshots")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["employer", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.since}–{self.until}"


class EmployerPartner(models.Model):
    """An employer partner's login: the user sees this employer's reports and nothing else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_partner"
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="partners")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer partner login")
        verbose_name_plural = _("employer partner logins")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.employer_id}"


class LocalInitiative(models.Model):
    """A local initiative the organisation runs, and the employers that took part."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="local_initiatives"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    employers = models.ManyToManyField(Employer, blank=True, related_name="initiatives")

    class Meta:
        verbose_name = _("local initiative")
        verbose_name_plural = _("local initiatives")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


# Job development: what the program knows of an employer beyond the pipeline ---------------


class BackgroundCheckPolicy(models.TextChoices):
    NONE = "none", _("No background check")
    AFTER_OFFER = "after_offer", _("After a conditional offer, looked at case by case")
    BEFORE_OFFER = "before_offer", _("Before an offer")
    EXCLUDES = "excludes", _("Excludes some convictions outright")
    UNKNOWN = "unknown", _("Not known yet")


class EmployerProfile(models.Model):
    """The job developer's structured notes on an employer: what it values and needs,
    how it screens, and its background-check policy."""

    employer = models.OneToOneField(
        Employer, on_delete=models.CASCADE, related_name="development_profile"
    )
    values = models.TextField(_("what the employer values"), blank=True)
    needs = models.TextField(_("what the employer needs"), blank=True)
    background_check = models.CharField(
        _("background checks"),
        max_length=14,
        choices=BackgroundCheckPolicy.choices,
        default=BackgroundCheckPolicy.UNKNOWN,
    )
    screening_steps = models.TextField(_("screening steps"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("employer profile")

    def __str__(self) -> str:
        return f"Profile of employer {self.employer_id}"


class RelationshipKind(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    DONOR = "donor", _("Donor")
    VENDOR = "vendor", _("Vendor")
    VOLUNTEER = "volunteer", _("Volunteer partner")
    OTHER = "other", _("Other")


class EmployerRelationship(models.Model):
    """Another tie between the employer and the enterprise (a customer, a donor), with its
    amount, so a job developer knows the whole relationship before calling."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(_("relationship"), max_length=10, choices=RelationshipKind.choices)
    amount = models.DecimalField(
        _("amount (dollars a year)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    since = models.DateField(_("since"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("relationship")
        ordering = ["kind", "-since", "id"]
        indexes = [models.Index(fields=["employer", "kind"])]

    def __str__(self) -> str:
        return self.get_kind_display()


class TargetKind(models.TextChoices):
    INDUSTRY = "industry", _("Industry (NAICS)")
    OCCUPATION = "occupation", _("Position (SOC)")


class ProgramTarget(models.Model):
    """An industry or position the program develops jobs in: a code prefix that employers'
    NAICS codes or openings' SOC codes are compared against."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="program_targets"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    code = models.CharField(
        _("code"),
        max_length=7,
        help_text=_(
            "A NAICS code or its first digits (72 for food service), or a SOC code "
            "or its first digits (35- for food preparation)."
        ),
    )
    label = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("program target")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "code"], name="program_target_once"
            )
        ]

    def __str__(self) -> str:
        return self.label


# Meetings beyond employers --------------------------------------------------------------


class CounterpartKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    UNION = "union", _("Union")
    PARTNER = "partner", _("Partner organisation")


class Counterpart(models.Model):
    """Someone other than an employer the organisation holds review meetings with: a
    department (through its HR deputy), a union, an apprenticeship or community partner."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="counterparts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CounterpartKind.choices)
    name = models.CharField(_("name"), max_length=200)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    email = models.EmailField(_("contact's e-mail"), blank=True)
    meetings = models.ManyToManyField(
        ReviewMeeting, related_name="counterparts", blank=True, verbose_name=_("meetings")
    )

    class Meta:
        verbose_name = _("meeting counterpart")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "name"], name="counterpart_once"
            )
        ]

    def __str__(self) -> str:
        return self.name
