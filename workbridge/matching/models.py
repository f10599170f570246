"""The matching weights each organisation sets for itself."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.core.matching import Weights

DEFAULT_WEIGHTS = Weights()
WEIGHT_FIELDS = (
    "skills",
    "career_goal",
    "job_quality",
    "commute",
    "benefits",
    "environment",
    "childcare",
    "risk",
)
MAX_WEIGHT = 100


def _weight(label, help_text, default: float) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        default=int(default),
        validators=[MaxValueValidator(MAX_WEIGHT)],
        help_text=help_text,
    )


class MatchWeights(models.Model):
    """Points each soft factor is worth at its best, and the points each risk takes off.

    One row per organisation; an organisation without a row uses the defaults of
    `workbridge.core.matching.Weights`.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="match_weights"
    )
    skills = _weight(
        _("skills"),
        _("Points for having every skill the job lists."),
        DEFAULT_WEIGHTS.skills,
    )
    career_goal = _weight(
        _("career goal"),
        _("Points for a job in the same occupation as one of their career goals."),
        DEFAULT_WEIGHTS.career_goal,
    )
    job_quality = _weight(
        _("job quality"),
        _("Points for a job that scores 100 of 100 on job quality."),
        DEFAULT_WEIGHTS.job_quality,
    )
    commute = _weight(
        _("commute"),
        _("Points for the shortest commute; none at their longest acceptable commute."),
        DEFAULT_WEIGHTS.commute,
    )
    benefits = _weight(
        _("benefits"),
        _("Points for health insurance, paid leave and a retirement plan together."),
        DEFAULT_WEIGHTS.benefits,
    )
    environment = _weight(
        _("work environment"),
        _("Points for a job in a work environment they prefer."),
        DEFAULT_WEIGHTS.environment,
    )
    childcare = _weight(
        _("child care and shifts"),
        _(
            "Points taken off when every shift of the job falls when the child care they "
            "need is hard to find; a share of them for some shifts."
        ),
        DEFAULT_WEIGHTS.childcare,
    )
    risk = _weight(
        _("risk from past job losses"),
        _("Points taken off for each way the job resembles why they lost a job before."),
        DEFAULT_WEIGHTS.risk,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return f"Matching weights of organisation {self.organisation_id}"

    def as_weights(self) -> Weights:
        """The engine's `Weights` from this row."""
        return Weights(**{name: float(getattr(self, name)) for name in WEIGHT_FIELDS})
