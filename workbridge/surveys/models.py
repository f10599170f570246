"""Surveys: instruments with frozen versions, waves sent by one-time links, and responses.

A survey (an instrument) has numbered versions; its questions belong to a version. A
version is a draft until published; a published version never changes again, and editing
the survey makes the next version, a draft copy. A wave sends one published version to a
list of people: each invitation carries a one-time link whose token is stored only as a
SHA-256 digest, expires with the wave, and is spent by one response.

Anonymity: in an anonymous survey the invitation records only that it was used (no time),
and the response holds no reference to the invitation or the person, no time of day (the
date only) and a random primary key, so the order of the rows tells nothing either. The
department and voluntary group copied onto the response are for grouped results, which
hide every group smaller than the small-cell threshold.
"""

import base64
import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.accounts.models import Organisation


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class SurveyKind(models.TextChoices):
    EMPLOYEE_SATISFACTION = "employee", _("Employee satisfaction")
    CANDIDATE_APPLICATION = "candidate_close", _("Candidate experience: close of applications")
    CANDIDATE_EXAM = "candidate_exam", _("Candidate experience: after the written exam")
    EXIT_INTERVIEW = "exit", _("Exit interview")
    TRAINING_EVALUATION = "training", _("Training evaluation")
    PILOT_FEEDBACK = "pilot", _("Pilot feedback")
    PARTICIPANT_SATISFACTION = "participant", _("Participant satisfaction")
    EMPLOYER_SATISFACTION = "employer", _("Employer partner satisfaction")


# Kinds the HR department runs (equity analyst, managers, administrators) and kinds the
# placement program runs (its staff, managers, administrators).
HR_KINDS = frozenset(
    {
        SurveyKind.EMPLOYEE_SATISFACTION,
        SurveyKind.CANDIDATE_APPLICATION,
        SurveyKind.CANDIDATE_EXAM,
        SurveyKind.EXIT_INTERVIEW,
        SurveyKind.TRAINING_EVALUATION,
        SurveyKind.PILOT_FEEDBACK,
    }
)
CANDIDATE_KINDS = frozenset({SurveyKind.CANDIDATE_APPLICATION, SurveyKind.CANDIDATE_EXAM})
PROGRAM_KINDS = frozenset({SurveyKind.PARTICIPANT_SATISFACTION, SurveyKind.EMPLOYER_SATISFACTION})


class Survey(models.Model):
    """An instrument, across its versions and waves."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=SurveyKind.choices)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Responses are kept with no link to the person who gave them."),
    )
    target_rate = models.PositiveSmallIntegerField(
        _("response-rate target (%)"), default=50, help_text=_("For example 50 for 50%.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str) -> str:
        return (self.title_es if language == "es" else "") or self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey version", "Draft")
    PUBLISHED = "published", pgettext_lazy("survey version", "Published")


class SurveyVersion(models.Model):
    """One numbered set of questions; frozen once published."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_es = models.TextField(_("introduction (Spanish)"), blank=True)

    class Meta:
        verbose_name = _("survey version")
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def intro(self, language: str) -> str:
        return (self.intro_es if language == "es" else "") or self.intro_en


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Likert scale with anchored labels")
    SCALE_0_4 = "scale04", _("0–4 scale")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RATING = "rating", _("Rating")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")


# Kinds answered with one value on an ordered scale, which have means and distributions.
SCALED_KINDS = frozenset({QuestionKind.LIKERT, QuestionKind.SCALE_0_4, QuestionKind.RATING})
# Kinds answered from a list of options.
OPTION_KINDS = frozenset(
    {QuestionKind.LIKERT, QuestionKind.SCALE_0_4, QuestionKind.SINGLE, QuestionKind.MULTIPLE}
)


class Question(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_("The same key in every version lets results follow a question across waves."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text_en = models.TextField(_("question (English)"))
    text_es = models.TextField(_("question (Spanish)"))
    required = models.BooleanField(_("required"), default=False)
    reverse_scored = models.BooleanField(
        _("reverse-scored"), default=False, help_text=_("A high answer is the unfavourable one.")
    )
    scale_min = models.SmallIntegerField(_("lowest rating"), default=1)
    scale_max = models.SmallIntegerField(_("highest rating"), default=5)
    favourable_from = models.SmallIntegerField(
        _("favourable from"),
        null=True,
        blank=True,
        help_text=_("Answers at or above this value count as favourable (after reversing)."),
    )
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ask only if the answer to"),
    )
    show_if_value = models.SmallIntegerField(_("was the option numbered"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="survey_question_key_unique")
        ]

    def __str__(self) -> str:
        return self.text_en[:80]

    def text(self, language: str) -> str:
        return (self.text_es if language == "es" else "") or self.text_en

    @property
    def is_scaled(self) -> bool:
        return self.kind in SCALED_KINDS

    def scale_values(self) -> list[int]:
        """The values of a scaled question, low to high."""
        if self.kind in (QuestionKind.LIKERT, QuestionKind.SCALE_0_4):
            return [o.value for o in self.options.all()]
        if self.kind == QuestionKind.RATING:
            return list(range(self.scale_min, self.scale_max + 1))
        return []


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    value = models.SmallIntegerField(_("value"))
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_es = models.CharField(_("label (Spanish)"), max_length=200)

    class Meta:
        verbose_name = _("option")
        ordering = ["question", "value"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="survey_option_unique")
        ]

    def __str__(self) -> str:
        return self.label_en

    def label(self, language: str) -> str:
        return (self.label_es if language == "es" else "") or self.label_en


class Wave(models.Model):
    """One sending of a published version to a list of people, open until a date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="waves")
    name = models.CharField(_("name"), max_length=160)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("links expire after"))
    target_rate = models.PositiveSmallIntegerField(_("response-rate target (%)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wave")
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "survey", "opens_on"])]

    def __str__(self) -> str:
        return f"{self.survey} · {self.name}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Not sent yet")
    SENT = "sent", _("Sent")
    STARTED = "started", _("Started")
    RESPONDED = "responded", _("Responded")


class Invitation(models.Model):
    """One person's one-time link to a wave. Only the token's digest is stored."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    # The link's token is HMAC(SECRET_KEY, nonce): the database alone cannot rebuild it,
    # and reminders can send the same link again. Look-ups go by the token's digest.
    nonce = models.CharField(max_length=32, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=160, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    department = models.CharField(_("department"), max_length=120, blank=True)
    job_title = models.CharField(_("job title"), max_length=160, blank=True)
    group = models.CharField(
        _("group (voluntary)"),
        max_length=60,
        blank=True,
        help_text=_("A voluntary attribute the results may be broken down by."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    # Answers saved part way, cleared when the response is submitted.
    partial = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("invitation")
        ordering = ["wave", "email", "pk"]
        indexes = [models.Index(fields=["wave", "status"])]

    def __str__(self) -> str:
        return self.email or self.name or str(self.pk)

    @property
    def used(self) -> bool:
        return self.status == InvitationStatus.RESPONDED

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_hex(16)

    @staticmethod
    def token_for(nonce: str) -> str:
        mac = hmac.new(
            settings.SECRET_KEY.encode(), f"survey-invitation:{nonce}".encode(), hashlib.sha256
        )
        return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")

    @property
    def token(self) -> str:
        return self.token_for(self.nonce)


class SendRun(models.Model):
    """One sending of a wave's links or reminders, done by the task worker in batches.

    The wave page shows the newest run's progress; earlier runs are the wave's history.
    """

    class Kind(models.TextChoices):
        INVITATIONS = "invitations", _("Invitations")
        REMINDERS = "reminders", _("Reminders")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Sending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="send_runs")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("to send"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    error = models.CharField(max_length=300, blank=True)
    # Where the links point: the site's address as the person who sent it saw it.
    link_base = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sending")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.wave} · {self.kind} · {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.sent / self.total))


class ResponseSource(models.TextChoices):
    LINK = "link", _("Link")
    PAPER = "paper", _("Paper")


class Response(models.Model):
    """One completed questionnaire. In an anonymous survey it cannot be traced to anyone:
    a random key, the date only, and no invitation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    # Only in a named (not anonymous) survey.
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    submitted_on = models.DateField(_("submitted on"))
    department = models.CharField(_("department"), max_length=120, blank=True)
    group = models.CharField(_("group (voluntary)"), max_length=60, blank=True)
    # Blank in an anonymous survey: the language a person was invited in could pick them out.
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=ResponseSource.choices)

    class Meta:
        verbose_name = _("response")
        indexes = [models.Index(fields=["wave", "department"])]

    def __str__(self) -> str:
        return str(self.id)


class Answer(models.Model):
    """One answer to one question (a multiple-choice question has one row per option)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.IntegerField(null=True, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        indexes = [
            models.Index(fields=["question", "value"]),
            # The free-text answers of a question, without reading every answer to it.
            models.Index(fields=["question"], condition=~Q(text=""), name="surveys_answer_text"),
        ]

    def __str__(self) -> str:
        return str(self.id)


class TallyKind(models.TextChoices):
    ANSWERED = "answered", _("responses answering")
    VALUE = "value", _("answers of a value")
    NUMBER = "number", _("answers of a number")


class Tally(models.Model):
    """How many of a wave's responses from one department and group gave one answer.

    Kept by every write of a response (`surveys.tallies`), so that results read a few
    hundred tallies however many answers there are. `answered` rows count the responses
    that answered the question at all; `value` rows count a choice or rating; `number`
    rows count a numeric answer. Free text is read from the answers themselves.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="tallies")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    department = models.CharField(max_length=120, blank=True)
    group = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=8, choices=TallyKind.choices)
    value = models.IntegerField(default=0)
    number = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tally")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "question", "department", "group", "kind", "value", "number"],
                name="surveys_tally_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave_id} {self.question_id} {self.kind} {self.n}"


class ResponseTally(models.Model):
    """How many of a wave's responses came from one department and group, on one version,
    by link or on paper: kept with the answer tallies, for the response counts of results."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="response_tallies")
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="+")
    department = models.CharField(max_length=120, blank=True)
    group = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=8, choices=ResponseSource.choices)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("response tally")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "version", "department", "group", "source"],
                name="surveys_response_tally_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave_id} {self.department} {self.source} {self.n}"


class Course(models.Model):
    """A training course (interview training, unconscious-bias training) with its
    evaluation survey and the share of a role expected to complete it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    evaluation = models.ForeignKey(
        Survey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("evaluation survey"),
        limit_choices_to={"kind": SurveyKind.TRAINING_EVALUATION},
    )
    for_interviewers = models.BooleanField(
        _("expected of interviewers"),
        default=True,
        help_text=_("Its completion is measured among the people who sat on interview panels."),
    )
    target_share = models.PositiveSmallIntegerField(_("completion target (%)"), default=75)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("training session")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.course} · {self.held_on}"


class Attendance(models.Model):
    """One person on a session's roster: whether they came, and whether they completed."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="roster")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_attendance"
    )
    attended = models.BooleanField(_("attended"), default=False)
    completed = models.BooleanField(_("completed"), default=False)

    class Meta:
        verbose_name = _("attendance")
        ordering = ["session", "user"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="training_roster_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.user_id}"
