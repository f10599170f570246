"""What a participant's own plan shows: their milestones done and the steps still ahead."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from workbridge.people.models import Participant
from workbridge.people.workshops import upcoming_workshops_of


@dataclass
class PlanStep:
    title: str
    due_on: date
    done_on: date | None
    overdue: bool


@dataclass
class Plan:
    participant: Participant
    today: date
    done: list[PlanStep] = field(default_factory=list)
    ahead: list[PlanStep] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def plan_for(participant: Participant, today: date) -> Plan:
    """The participant's plan, with milestone titles in the active language.

    The titles the program starts with are translated; titles an organisation typed
    itself are shown as typed.
    """
    plan = Plan(participant=participant, today=today)
    for milestone in participant.milestones.order_by("due_on", "id"):
        step = PlanStep(
            title=_(milestone.title) if milestone.title else "",
            due_on=milestone.due_on,
            done_on=milestone.done_on,
            overdue=milestone.is_overdue(today),
        )
        (plan.done if milestone.done_on else plan.ahead).append(step)
    workshops = upcoming_workshops_of(participant, today)
    if workshops:
        plan.extra[_("Workshops you are registered for")] = [
            _("%(title)s, %(date)s")
            % {"title": w.title, "date": date_format(w.held_on, "DATE_FORMAT")}
            + (f" {time_format(w.starts_at, 'TIME_FORMAT')}" if w.starts_at else "")
            + (f" ({w.location})" if w.location else "")
            for w in workshops
        ]
    return plan
