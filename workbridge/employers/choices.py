"""The fixed lists the employer CRM uses, with translatable labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a relationship stands in job development, in pipeline order."""

    PROSPECT = "prospect", _("Prospect")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    NURTURING = "nurturing", _("Nurturing")
    ACTIVE = "active", _("Active partner")
    DORMANT = "dormant", _("Dormant")
    POOR_FIT = "poor_fit", _("Poor fit")


# The forward path; dormant and poor fit sit beside it.
PIPELINE = [Stage.PROSPECT, Stage.CONTACTED, Stage.QUALIFIED, Stage.NURTURING, Stage.ACTIVE]
ASIDE = [Stage.DORMANT, Stage.POOR_FIT]


def move_targets(stage: str) -> list[Stage]:
    """The stages an employer at `stage` can move to, the likeliest first: the next step
    forward, the later ones, the stages aside, then back along the path, nearest first."""
    if stage in PIPELINE:
        at = PIPELINE.index(Stage(stage))
        ahead, behind = PIPELINE[at + 1 :], PIPELINE[:at][::-1]
    else:
        ahead, behind = list(PIPELINE), []
    return [*ahead, *(s for s in ASIDE if s != stage), *behind]


class Tier(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    STANDARD = "standard", _("Standard")


class SizeBand(models.TextChoices):
    MICRO = "1_9", _("1–9 employees")
    SMALL = "10_49", _("10–49 employees")
    MEDIUM = "50_249", _("50–249 employees")
    LARGE = "250_999", _("250–999 employees")
    ENTERPRISE = "1000_plus", _("1,000 or more employees")


class Signal(models.TextChoices):
    """Signs that an employer is friendly to the people the program serves."""

    FAIR_CHANCE = "fair_chance", _("Fair-chance hiring")
    INCLUSIVE = "inclusive", _("Inclusive hiring commitment")
    PARTNER = "partner", _("Existing partner")
    ALUMNI = "alumni", _("Program alumni work there")


class Incentive(models.TextChoices):
    WOTC = "wotc", _("Work Opportunity Tax Credit")
    BONDING = "bonding", _("Federal Bonding Program")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    TEXT = "text", _("Text message")
    IN_PERSON = "in_person", _("In person")


class InteractionKind(models.TextChoices):
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    SITE_VISIT = "site_visit", _("Site visit")
    EVENT = "event", _("Event")


class Outcome(models.TextChoices):
    REACHED = "reached", _("Reached, good conversation")
    LEFT_MESSAGE = "left_message", _("Left a message")
    NO_ANSWER = "no_answer", _("No answer")
    OPENING = "opening", _("Shared an opening")
    DECLINED = "declined", _("Not interested now")
    OTHER = "other", _("Other")


class FollowUpKind(models.TextChoices):
    CALL = "call", _("Follow-up call")
    REVIEW = "review", _("Community impact review meeting")
