"""Structured interviews: competency rubrics, panels, blind scorecards and consensus.

A rubric lists the competencies a job is interviewed on, each with a weight and five
behavioural anchors (what a 1, 2, 3, 4 and 5 answer looks like). A panel interviews
the candidates of one requisition with one rubric; each panel member scores each
candidate alone on a scorecard, which stays a draft until submitted. Nobody sees
another member's ratings of a candidate before submitting their own (the queries
enforce it). Once every member has submitted, or the coordinator has closed scoring,
the panel agrees one rating per competency and a pass or fail decision with a reason.

Candidates are shown by applicant id only. Interviewers' own voluntary race/ethnicity
and sex answers (on `InterviewerProfile`) are only ever counted, never shown.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.accounts.models import Organisation
from workbridge.equity.models import Applicant, Requisition
from workbridge.people.choices import EeoCategory, Sex

RATINGS = (1, 2, 3, 4, 5)


class Rubric(models.Model):
    """The competencies one job is interviewed on."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    job_title = models.CharField(_("job title"), max_length=160)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rubric")
        ordering = ["job_title", "name"]

    def __str__(self) -> str:
        return self.name


class Competency(models.Model):
    """One thing the interview assesses, with a weight and five behavioural anchors."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="competencies")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("what it means"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    anchor_1 = models.TextField(_("1: what a poor answer shows"))
    anchor_2 = models.TextField(_("2: what a weak answer shows"))
    anchor_3 = models.TextField(_("3: what an acceptable answer shows"))
    anchor_4 = models.TextField(_("4: what a good answer shows"))
    anchor_5 = models.TextField(_("5: what an excellent answer shows"))

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["rubric", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def anchors(self) -> list[tuple[int, str]]:
        """(rating, behavioural anchor) from 1 to 5."""
        return [(r, getattr(self, f"anchor_{r}")) for r in RATINGS]


class InterviewerProfile(models.Model):
    """An interviewer's own voluntary race/ethnicity and sex, for panel-diversity counts only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviewer_profile"
    )
    eeo_category = models.CharField(
        _("race/ethnicity"),
        max_length=16,
        choices=EeoCategory.choices,
        default=EeoCategory.NOT_DISCLOSED,
    )
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interviewer profile")

    def __str__(self) -> str:
        return str(self.user_id)


class PanelStatus(models.TextChoices):
    SCORING = "scoring", _("Scoring")
    CLOSED = "closed", pgettext_lazy("interview panel", "Scoring closed")


class Panel(models.Model):
    """The people who interview one requisition's candidates, with the rubric they use."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="interview_panels"
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="panels")
    name = models.CharField(_("name"), max_length=160)
    status = models.CharField(
        _("status"), max_length=16, choices=PanelStatus.choices, default=PanelStatus.SCORING
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("coordinator"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("interview panel")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == PanelStatus.CLOSED


class PanelMember(models.Model):
    """One interviewer on one panel."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_seats"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("panel member")
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="interviews_member_unique")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Decision(models.TextChoices):
    PASS = "pass", pgettext_lazy("interview decision", "Pass")
    FAIL = "fail", pgettext_lazy("interview decision", "Do not pass")


class Candidate(models.Model):
    """One applicant interviewed by one panel, with the panel's agreed decision."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="candidates")
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    reason = models.TextField(_("reason for the decision"), blank=True)
    # The weighted mean of the consensus ratings, kept with the decision for reports.
    consensus_score = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        ordering = ["applicant__external_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "applicant"], name="interviews_candidate_unique"
            )
        ]

    def __str__(self) -> str:
        return self.applicant.external_id


class Scorecard(models.Model):
    """One member's ratings of one candidate: a draft until submitted, then final."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scorecards")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scorecards")
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scorecard")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "candidate"], name="interviews_scorecard_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}/{self.candidate_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Rating(models.Model):
    """One competency's rating on a scorecard, with the evidence the interviewer noted."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "competency"], name="interviews_rating_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.value}"


class ConsensusRating(models.Model):
    """The rating the panel agreed for one competency of one candidate."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="consensus_ratings"
    )
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("agreed rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "competency"], name="interviews_consensus_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.value}"


# Procedures: standard operating procedures and checklists, versioned, with who read each ---


class ProcedureAudience(models.TextChoices):
    INTERVIEWERS = "interviewers", _("Interviewers")
    HIRING_MANAGERS = "hiring_managers", _("Hiring managers")
    EVERYONE = "everyone", _("Everyone in hiring")


class ProcedureKind(models.TextChoices):
    PROCEDURE = "procedure", _("Standard operating procedure")
    CHECKLIST = "checklist", _("Checklist")


class Procedure(models.Model):
    """A standard operating procedure or checklist the organisation keeps for its hiring."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="procedures"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ProcedureKind.choices)
    audience = models.CharField(_("for"), max_length=16, choices=ProcedureAudience.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> "ProcedureVersion | None":
        return self.versions.order_by("-number").first()


class ProcedureVersion(models.Model):
    """One published text of a procedure; a change is a new version, read again by all."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    body = models.TextField(_("text"))
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} v{self.number}"


class Acknowledgement(models.Model):
    """Someone's word that they read one version of a procedure, and when."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="acknowledged_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.version_id}"
