"""Workforce mobility: yearly employee rosters (snapshots), the title crosswalk, committees,
succession and learning.

Nobody is stored by name: an employee is a pseudonymous key (a keyed hash of the HR id,
or of the name where the file has no id), and a name only as its own keyed hash. Pages
and the API read these rows only as counts and rates.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.equity.models import Eeo4JobCategory, ImportStatus
from workbridge.people.choices import EeoCategory, Sex
from workbridge.people.models import CommunityArea


class RosterImport(models.Model):
    """One roster file imported (or refused) as of a date, with its progress."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    as_of = models.DateField(_("as of"))
    filename = models.CharField(_("file"), max_length=255)
    stored_file = models.CharField(max_length=500, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problems_total = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.as_of} {self.filename}"


class Snapshot(models.Model):
    """The organisation's workforce as of one date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    as_of = models.DateField(_("as of"))
    employees = models.PositiveIntegerField(_("employees"), default=0)
    # Department -> employees on this roster, so filters list departments without a scan.
    departments = models.JSONField(default=dict, blank=True)
    import_run = models.ForeignKey(RosterImport, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("roster snapshot")
        ordering = ["-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "as_of"], name="workforce_snapshot_unique_date"
            )
        ]

    def __str__(self) -> str:
        return str(self.as_of)


class PayBasis(models.TextChoices):
    SALARY = "salary", _("Salary")
    HOURLY = "hourly", _("Hourly")


class Employee(models.Model):
    """One employee on one snapshot, under a pseudonymous key."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="rows")
    employee_key = models.CharField(_("employee key"), max_length=64)
    name_hash = models.CharField(max_length=64, blank=True)
    department = models.CharField(_("department"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=160)
    pay_grade = models.CharField(_("pay grade"), max_length=40, blank=True)
    eeo4_category = models.CharField(
        _("EEO-4 job category"), max_length=24, choices=Eeo4JobCategory.choices, blank=True
    )
    full_time = models.BooleanField(_("full time"), null=True)
    pay_basis = models.CharField(_("paid"), max_length=8, choices=PayBasis.choices)
    annual_pay = models.DecimalField(_("annual pay"), max_digits=10, decimal_places=2, null=True)
    hourly_rate = models.DecimalField(_("hourly rate"), max_digits=8, decimal_places=2, null=True)
    typical_hours = models.DecimalField(
        _("typical weekly hours"), max_digits=5, decimal_places=2, null=True
    )
    # Annual pay worked out from the hourly rate × typical hours × 52, not given.
    pay_computed = models.BooleanField(_("annual pay computed"), default=False)
    race_categories = models.JSONField(default=list, blank=True)
    race_prefer_not = models.BooleanField(default=False)
    eeo_category = models.CharField(_("race/ethnicity"), max_length=16, choices=EeoCategory.choices)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, blank=True)
    home_zip = models.CharField(_("home ZIP code"), max_length=5, blank=True)
    community_area = models.ForeignKey(
        CommunityArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    union = models.CharField(_("union"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("employee on a roster")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "employee_key"], name="workforce_employee_unique_key"
            )
        ]
        indexes = [
            models.Index(fields=["employee_key"]),
            models.Index(fields=["snapshot", "department"]),
        ]

    def __str__(self) -> str:
        return self.employee_key


class TitleCategory(models.Model):
    """A job title's EEO-4 category: suggested from O*NET and SOC, then reviewed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    title_key = models.CharField(max_length=160)
    job_title = models.CharField(_("job title"), max_length=160)
    category = models.CharField(
        _("EEO-4 job category"), max_length=24, choices=Eeo4JobCategory.choices, blank=True
    )
    suggested_category = models.CharField(
        max_length=24, choices=Eeo4JobCategory.choices, blank=True
    )
    soc_code = models.CharField(_("SOC code"), max_length=10, blank=True)
    matched_title = models.CharField(_("matched O*NET title"), max_length=200, blank=True)
    score = models.FloatField(default=0)
    reviewed = models.BooleanField(_("reviewed"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("title category")
        ordering = ["job_title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title_key"], name="workforce_title_unique"
            )
        ]

    def __str__(self) -> str:
        return self.job_title


class Committee(models.Model):
    """A committee (e.g. the police promotions review committee) and the department it
    oversees, with a target for how closely it should reflect that workforce."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    department = models.CharField(_("department overseen"), max_length=120)
    # The largest gap, in percentage points, between a group's share of the members and
    # of the department's workforce that still meets the target.
    target_gap_points = models.PositiveSmallIntegerField(
        _("largest gap allowed (points)"), default=10
    )

    class Meta:
        verbose_name = _("committee")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    """A member's voluntary demographics (no name)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role on the committee"), max_length=120, blank=True)
    eeo_category = models.CharField(_("race/ethnicity"), max_length=16, choices=EeoCategory.choices)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, blank=True)

    class Meta:
        verbose_name = _("committee member")

    def __str__(self) -> str:
        return self.role or str(self.pk)


class Readiness(models.TextChoices):
    NOW = "now", _("Ready now")
    ONE_TWO = "1_2_years", _("Ready in 1–2 years")
    THREE_PLUS = "3_plus_years", _("Ready in 3 or more years")


class CriticalPosition(models.Model):
    """A position whose vacancy would hurt, its incumbent and the feeder titles."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    department = models.CharField(_("department"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=160)
    incumbent_key = models.CharField(_("incumbent's employee key"), max_length=64, blank=True)
    incumbent_hired = models.DateField(_("incumbent's hire date"), null=True, blank=True)
    incumbent_birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The titles from which successors usually come.
    feeder_titles = models.JSONField(_("feeder titles"), default=list, blank=True)

    class Meta:
        verbose_name = _("critical position")
        ordering = ["department", "job_title"]

    def __str__(self) -> str:
        return f"{self.department}: {self.job_title}"


class SuccessionCandidate(models.Model):
    """A candidate on a critical position's slate, with readiness and demographics."""

    position = models.ForeignKey(
        CriticalPosition, on_delete=models.CASCADE, related_name="candidates"
    )
    employee_key = models.CharField(_("employee key"), max_length=64)
    readiness = models.CharField(_("readiness"), max_length=16, choices=Readiness.choices)
    eeo_category = models.CharField(_("race/ethnicity"), max_length=16, choices=EeoCategory.choices)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, blank=True)

    class Meta:
        verbose_name = _("succession candidate")

    def __str__(self) -> str:
        return self.employee_key


class LearningKind(models.TextChoices):
    CONTINUING = "continuing", _("Continuing education")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    LEARNING_SYSTEM = "learning_system", _("Learning system")


class LearningStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LearningRecord(models.Model):
    """One employee's enrolment in a course, apprenticeship or learning-system item."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=16, choices=LearningKind.choices)
    program = models.CharField(_("program"), max_length=160)
    employee_key = models.CharField(_("employee key"), max_length=64)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=16, choices=LearningStatus.choices)
    started_on = models.DateField(_("started"), null=True, blank=True)

    class Meta:
        verbose_name = _("learning record")
        indexes = [models.Index(fields=["organisation", "year", "kind"])]

    def __str__(self) -> str:
        return f"{self.program} {self.year}"
