"""Hiring equity: requisitions and applicant flow from the applicant tracking system,
the counts kept current for reports, benchmarks, job fairs and the workforce table.

Applicants are people who applied to a city job; their voluntary race, ethnicity
and sex answers are personal data that only the counts leave, never a page.
Stages are positions in the organisation's configurable stage list
(`EquitySettings.stages`); an applicant's `reached` is the furthest stage, and a
person counts as having reached every stage before it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.core.applicant_flow import DEFAULT_STAGES
from workbridge.people.choices import EeoCategory, RaceEthnicity, Sex, YesNoPreferNot


def default_stages() -> list[str]:
    return list(DEFAULT_STAGES)


class Eeo4JobCategory(models.TextChoices):
    """The eight EEO-4 job categories (EEOC, State and Local Government Information report)."""

    OFFICIALS = "officials", _("Officials and administrators")
    PROFESSIONALS = "professionals", _("Professionals")
    TECHNICIANS = "technicians", _("Technicians")
    PROTECTIVE = "protective", _("Protective service workers")
    PARAPROFESSIONALS = "paraprofessionals", _("Paraprofessionals")
    ADMIN_SUPPORT = "admin_support", _("Administrative support")
    SKILLED_CRAFT = "skilled_craft", _("Skilled craft workers")
    SERVICE_MAINTENANCE = "service_maintenance", _("Service-maintenance")


# EEO-4 annual salary bands, in thousands of dollars (lower bound, upper bound or None).
DEFAULT_SALARY_BANDS: list[list[int | None]] = [
    [0, 16],
    [16, 20],
    [20, 25],
    [25, 33],
    [33, 43],
    [43, 55],
    [55, 70],
    [70, None],
]


def default_salary_bands() -> list[list[int | None]]:
    return [list(band) for band in DEFAULT_SALARY_BANDS]


class EquitySettings(models.Model):
    """An organisation's stage list, salary bands and small-cell threshold for equity work."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="equity_settings"
    )
    stages = models.JSONField(_("stages"), default=default_stages)
    salary_bands = models.JSONField(_("salary bands"), default=default_salary_bands)
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("smallest published count"), default=10
    )

    class Meta:
        verbose_name = _("equity settings")
        verbose_name_plural = _("equity settings")

    def __str__(self) -> str:
        return str(self.organisation)


class ImportSource(models.Model):
    """A system whose exports are imported, with the column mapping saved for next time."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    # Workbridge field name -> the file's column heading.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # The analyst's value mapping for coded columns: {field: {code: category}}.
    value_mapping = models.JSONField(_("value mapping"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import source")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="equity_source_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CHECKING = "checking", _("Checking")
    LOADING = "loading", _("Loading")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportRunStatus(models.TextChoices):
    """An applicant-flow import's status: the statuses every import shares (ImportStatus,
    the same values), and one of its own while the worker reads the coded columns' values
    for the value-mapping page."""

    WAITING = ImportStatus.WAITING.value, _("Waiting")
    SCANNING = "scanning", _("Reading values")
    CHECKING = ImportStatus.CHECKING.value, _("Checking")
    LOADING = ImportStatus.LOADING.value, _("Loading")
    DONE = ImportStatus.DONE.value, _("Imported")
    FAILED = ImportStatus.FAILED.value, _("Not imported")


class ImportRun(models.Model):
    """One file imported (or refused), with its progress and what it changed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    source = models.ForeignKey(ImportSource, on_delete=models.SET_NULL, null=True, blank=True)
    filename = models.CharField(_("file"), max_length=255)
    stored_file = models.CharField(max_length=500, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    value_mapping = models.JSONField(default=dict, blank=True)
    # What the worker counted in the coded columns of the mapped file, for the value-mapping
    # page: {field: {"values": [[text, rows], ...], "more": bool}}; null until counted
    # for the current column mapping.
    value_counts = models.JSONField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportRunStatus.choices, default=ImportStatus.WAITING
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # {"requisitions_created", "requisitions_updated", "applicants_created",
    #  "applicants_updated", "applicants_unchanged", ...}
    summary = models.JSONField(default=dict, blank=True)
    # [{"row", "column", "message"}], the first problems found
    problems = models.JSONField(default=list, blank=True)
    problems_total = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The lease (workbridge.web.leases): which worker runs it, and when it last said so.
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class Requisition(models.Model):
    """A posted job: one hiring process with its own applicants."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    external_id = models.CharField(_("requisition id"), max_length=64)
    department = models.CharField(_("department"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=160)
    eeo4_category = models.CharField(
        _("EEO-4 job category"), max_length=24, choices=Eeo4JobCategory.choices, blank=True
    )
    salary_min = models.DecimalField(
        _("lowest annual salary"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    salary_max = models.DecimalField(
        _("highest annual salary"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    posting_date = models.DateField(_("posting date"), null=True, blank=True)
    # The report year: the posting year unless the file says otherwise.
    year = models.PositiveSmallIntegerField(_("year"))
    source_channels = models.JSONField(_("where it was posted"), default=list, blank=True)
    import_run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("requisition")
        ordering = ["-year", "job_title", "external_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"], name="equity_requisition_unique_id"
            )
        ]
        indexes = [models.Index(fields=["organisation", "year", "job_title"])]

    def __str__(self) -> str:
        return f"{self.external_id} {self.job_title}"


class JobFair(models.Model):
    """A hiring event, where people can say they are interested in city jobs."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    date = models.DateField(_("date"))
    community_area = models.ForeignKey(
        "people.CommunityArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("community area"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("job fair")
        ordering = ["-date", "name"]

    def __str__(self) -> str:
        return self.name


class Applicant(models.Model):
    """One person's application to one requisition, as the tracking system exported it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    # No index of its own: the unique (requisition, applicant id) index starts with it, and
    # a second index on a million rows is kept up by every import for nothing.
    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="applicants", db_index=False
    )
    external_id = models.CharField(_("applicant id"), max_length=64)
    race_categories = models.JSONField(
        _("race and ethnicity"),
        default=list,
        blank=True,
        help_text=_("OMB SPD 15 (2024) categories: %(keys)s")
        % {"keys": ", ".join(RaceEthnicity.values)},
    )
    race_detail = models.CharField(_("detailed race or ethnicity"), max_length=200, blank=True)
    race_prefer_not = models.BooleanField(_("race: prefer not to say"), default=False)
    eeo_category = models.CharField(
        _("EEO race/ethnicity category"),
        max_length=16,
        choices=EeoCategory.choices,
        default=EeoCategory.NOT_DISCLOSED,
    )
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, blank=True)
    veteran = models.CharField(
        _("veteran"), max_length=16, choices=YesNoPreferNot.choices, blank=True
    )
    disability = models.CharField(
        _("disability"), max_length=16, choices=YesNoPreferNot.choices, blank=True
    )
    home_zip = models.CharField(_("home ZIP code"), max_length=5, blank=True)
    community_area = models.ForeignKey(
        "people.CommunityArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    heard_about = models.CharField(_("how they heard about the job"), max_length=120, blank=True)
    # Indexed only where set (Meta.indexes): most applicants came through no fair.
    job_fair = models.ForeignKey(
        JobFair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applicants",
        db_index=False,
    )
    reached = models.PositiveSmallIntegerField(_("furthest stage reached"), default=0)
    withdrew = models.BooleanField(_("withdrew"), default=False)
    # Stage key -> ISO date, for the stages the file dated.
    stage_dates = models.JSONField(_("stage dates"), default=dict, blank=True)
    import_run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("applicant")
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "external_id"], name="equity_applicant_unique_id"
            )
        ]
        indexes = [
            models.Index(
                fields=["job_fair"],
                name="equity_applicant_fair",
                condition=models.Q(job_fair__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.external_id


class JobFairInterest(models.Model):
    """Someone who told a job fair they were interested, and whether they then applied."""

    job_fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="interests")
    external_id = models.CharField(_("person id"), max_length=64, blank=True)
    eeo_category = models.CharField(
        max_length=16, choices=EeoCategory.choices, default=EeoCategory.NOT_DISCLOSED
    )
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, blank=True)
    home_zip = models.CharField(_("home ZIP code"), max_length=5, blank=True)
    community_area = models.ForeignKey(
        "people.CommunityArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applicant = models.ForeignKey(
        Applicant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("job fair interest")

    def __str__(self) -> str:
        return self.external_id or str(self.pk)


# The most stages an organisation's list may have: `FlowCount` has a column per stage.
MAX_STAGES = 10
ENDED_COLUMNS: tuple[str, ...] = tuple(f"ended_{k}" for k in range(MAX_STAGES))
WITHDREW_COLUMNS: tuple[str, ...] = tuple(f"withdrew_{k}" for k in range(MAX_STAGES))


class FlowCount(models.Model):
    """How many applicants of one group ended at each stage, for one year, department and title.

    Kept current by the import (`flow_counts_refresh`) so that reports read a few
    thousand rows instead of scanning millions of applicants. One row per group, one
    column per stage: `ended_k` counts the people whose furthest stage is k and who did
    not withdraw, `withdrew_k` those who withdrew at k (so everyone who got as far as k
    and no further is `ended_k + withdrew_k`). A furthest stage past the last column is
    counted in the last column.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    department = models.CharField(max_length=120)
    job_title = models.CharField(max_length=160)
    eeo_category = models.CharField(max_length=16, choices=EeoCategory.choices)
    sex = models.CharField(max_length=16, blank=True)
    ended_0 = models.PositiveIntegerField(default=0)
    ended_1 = models.PositiveIntegerField(default=0)
    ended_2 = models.PositiveIntegerField(default=0)
    ended_3 = models.PositiveIntegerField(default=0)
    ended_4 = models.PositiveIntegerField(default=0)
    ended_5 = models.PositiveIntegerField(default=0)
    ended_6 = models.PositiveIntegerField(default=0)
    ended_7 = models.PositiveIntegerField(default=0)
    ended_8 = models.PositiveIntegerField(default=0)
    ended_9 = models.PositiveIntegerField(default=0)
    withdrew_0 = models.PositiveIntegerField(default=0)
    withdrew_1 = models.PositiveIntegerField(default=0)
    withdrew_2 = models.PositiveIntegerField(default=0)
    withdrew_3 = models.PositiveIntegerField(default=0)
    withdrew_4 = models.PositiveIntegerField(default=0)
    withdrew_5 = models.PositiveIntegerField(default=0)
    withdrew_6 = models.PositiveIntegerField(default=0)
    withdrew_7 = models.PositiveIntegerField(default=0)
    withdrew_8 = models.PositiveIntegerField(default=0)
    withdrew_9 = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "department", "job_title", "eeo_category", "sex"],
                name="equity_flowcount_unique_group",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "job_title", "year"]),
            models.Index(fields=["organisation", "department", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.job_title} {self.eeo_category} {self.sex}"


class WorkforceCount(models.Model):
    """Employees on a date, by job category, salary band, race/ethnicity and sex (EEO-4 style)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    as_of = models.DateField(_("as of"))
    department = models.CharField(_("department"), max_length=120, blank=True)
    eeo4_category = models.CharField(
        _("EEO-4 job category"), max_length=24, choices=Eeo4JobCategory.choices
    )
    salary_band = models.PositiveSmallIntegerField(_("salary band"), default=0)
    eeo_category = models.CharField(_("race/ethnicity"), max_length=16, choices=EeoCategory.choices)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, blank=True)
    employees = models.PositiveIntegerField(_("employees"))

    class Meta:
        verbose_name = _("workforce count")
        indexes = [models.Index(fields=["organisation", "as_of"])]

    def __str__(self) -> str:
        return f"{self.as_of} {self.eeo4_category}: {self.employees}"


class Benchmark(models.Model):
    """An availability benchmark: a population or labour-market share with its source and year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    source = models.CharField(_("source"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    geography = models.CharField(_("geography"), max_length=120, blank=True)
    # Blank: the whole workforce; otherwise one EEO-4 job category.
    eeo4_category = models.CharField(
        _("EEO-4 job category"), max_length=24, choices=Eeo4JobCategory.choices, blank=True
    )

    class Meta:
        verbose_name = _("benchmark")
        ordering = ["name", "-year"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class BenchmarkShare(models.Model):
    """One group's share of the benchmark population, as a fraction between 0 and 1."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="shares")
    # "race" with an EEO category, or "sex" with a sex value.
    characteristic = models.CharField(max_length=8)
    group = models.CharField(max_length=16)
    share = models.DecimalField(max_digits=7, decimal_places=6)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "characteristic", "group"], name="equity_share_unique_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.characteristic} {self.group}: {self.share}"


class SessionEventKind(models.TextChoices):
    """What happened in an application session (``core.application_sessions.EVENTS``)."""

    STARTED = "started", _("Started")
    SAVED = "saved", _("Saved")
    SUBMITTED = "submitted", _("Submitted")
    HELP_REQUESTED = "help_requested", _("Help requested")
    VALIDATION_WARNING = "validation_warning", _("Validation warning")


class ApplicationSessionEvent(models.Model):
    """One event of an applicant's sessions on the online application form.

    ``minutes`` is the time spent in that session up to the event; ``session`` names the
    session (its number or the system's id; a file without one gives the event's date).
    Imported per applicant: importing an applicant's events again replaces them.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    applicant = models.ForeignKey(
        Applicant, on_delete=models.CASCADE, related_name="session_events"
    )
    session = models.CharField(_("session"), max_length=64)
    step = models.CharField(_("form step"), max_length=120, blank=True)
    kind = models.CharField(_("event"), max_length=24, choices=SessionEventKind.choices)
    occurred_at = models.DateTimeField(_("when"), null=True, blank=True)
    minutes = models.FloatField(_("minutes"), default=0, db_default=0)

    class Meta:
        verbose_name = _("application session event")
        indexes = [
            models.Index(fields=["organisation", "applicant"]),
            models.Index(fields=["organisation", "step"]),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} {self.session} {self.kind}"


class StepOutcomeChoice(models.TextChoices):
    """An applicant's outcome at an optional step: a skipped step is not a failed one."""

    PASSED = "passed", _("Took the step and passed")
    FAILED = "failed", _("Took the step and did not pass")
    SKIPPED = "skipped", _("Skipped or not offered")


class OptionalStepOutcome(models.Model):
    """One applicant's flag for one optional step (secondary screening, phone interview)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    applicant = models.ForeignKey(
        Applicant, on_delete=models.CASCADE, related_name="optional_steps"
    )
    step = models.CharField(_("optional step"), max_length=120)
    outcome = models.CharField(_("outcome"), max_length=16, choices=StepOutcomeChoice.choices)

    class Meta:
        verbose_name = _("optional step outcome")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "step"], name="equity_optional_step_unique"
            )
        ]
        indexes = [models.Index(fields=["organisation", "step"])]

    def __str__(self) -> str:
        return f"{self.applicant_id} {self.step}: {self.outcome}"


# Candidate communication and exam feedback keep their models in their own module.
from workbridge.equity.candidates.models import (  # noqa: E402, F401
    CandidateContact,
    Exam,
    ExamResult,
    FeedbackRun,
    NoticeTemplate,
    StageNotice,
)
