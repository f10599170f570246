"""Candidates' contact details, the notices sent to them, and their exam results.

Contact details and exam results are personal data: only the roles in
``candidates.access`` read them, and every read is written to the audit log. Analysts see
counts only (the timeline, the retest analysis, the notices sent).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation


class NoticeLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class CandidateContact(models.Model):
    """How to reach one applicant, in which language, and whether they want stage notices."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    applicant = models.OneToOneField(
        "equity.Applicant", on_delete=models.CASCADE, related_name="contact"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=NoticeLanguage.choices, default=NoticeLanguage.ENGLISH
    )
    notices_opt_out = models.BooleanField(_("no status updates"), default=False)
    # The keyed hash of the person's id in the tracking system (``candidates.keys``).
    person_key = models.CharField(max_length=64, blank=True, db_index=True)
    # The furthest stage the candidate has been told about (or had when the details came).
    notified_stage = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("candidate contact details")
        verbose_name_plural = _("candidate contact details")
        indexes = [models.Index(fields=["organisation", "notices_opt_out"])]

    def __str__(self) -> str:
        return str(self.applicant_id)


class NoticeTemplate(models.Model):
    """The subject and text sent when a candidate reaches a stage, in one language."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    stage = models.CharField(_("stage"), max_length=40)
    language = models.CharField(_("language"), max_length=2, choices=NoticeLanguage.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("notice template")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "stage", "language"], name="equity_notice_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage} ({self.language})"


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    OPTED_OUT = "opted_out", _("Not sent: asked for no updates")
    NO_ADDRESS = "no_address", _("Not sent: no e-mail address")
    FAILED = "failed", _("Not sent: the mail server refused it")


class StageNotice(models.Model):
    """One status update: a candidate reached a stage in an import."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    applicant = models.ForeignKey(
        "equity.Applicant", on_delete=models.CASCADE, related_name="notices"
    )
    stage = models.PositiveSmallIntegerField(_("stage"))
    status = models.CharField(
        _("status"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.QUEUED
    )
    import_run = models.ForeignKey(
        "equity.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stage notice")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} → {self.stage}"


class Exam(models.Model):
    """A test that candidates take, with its sections, pass marks and preparation resources."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    # [{"name": str, "pass_mark": number, "resources": str}], in the order shown.
    sections = models.JSONField(_("sections"), default=list, blank=True)

    class Meta:
        verbose_name = _("exam")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="equity_exam_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ExamResult(models.Model):
    """One attempt at an exam by one applicant, with each section's score."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="results")
    applicant = models.ForeignKey(
        "equity.Applicant", on_delete=models.CASCADE, related_name="exam_results"
    )
    person_key = models.CharField(max_length=64, db_index=True)
    taken_on = models.DateField(_("taken on"))
    # Section name -> score.
    section_scores = models.JSONField(_("section scores"), default=dict)
    passed = models.BooleanField(_("passed"))
    feedback_given_at = models.DateTimeField(_("feedback given"), null=True, blank=True)

    class Meta:
        verbose_name = _("exam result")
        ordering = ["-taken_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "applicant", "taken_on"], name="equity_exam_result_unique"
            )
        ]
        indexes = [models.Index(fields=["organisation", "person_key", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.exam_id} {self.applicant_id} {self.taken_on}"


class FeedbackRun(models.Model):
    """Feedback reports made in the background for many candidates, as one ZIP file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Under way")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="+")
    only_failed = models.BooleanField(_("only candidates who did not pass"), default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    stored_file = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feedback run")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.exam_id} {self.created_at:%Y-%m-%d}"
