"""The engine's keys in words: each factor's points for a pair, and why a pair is excluded.

`workbridge.core.matching` speaks in keys (`shifts`, `risk_childcare_shift`, …) so that
it stays free of language; this module turns a pair's keys and numbers into the
sentences staff read, translated.
"""

from dataclasses import dataclass

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.core import matching
from workbridge.core.matching import Weights, explain
from workbridge.matching.arrays import MatchArrays
from workbridge.people.choices import Day, WorkEnvironment

FACTOR_LABELS = {
    "skills": gettext_lazy("Skills"),
    "career_goal": gettext_lazy("Career goal"),
    "job_quality": gettext_lazy("Job quality"),
    "commute": gettext_lazy("Commute"),
    "benefits": gettext_lazy("Benefits"),
    "environment": gettext_lazy("Work environment"),
    "childcare": gettext_lazy("Child care and shifts"),
}
HOUSEHOLD_WORDS = {
    "1a0c": gettext_lazy("one adult"),
    "1a1c": gettext_lazy("one adult and a child"),
    "1a2c": gettext_lazy("one adult and two children"),
    "1a3c": gettext_lazy("one adult and three or more children"),
    "2a2w0c": gettext_lazy("two working adults"),
    "2a2w1c": gettext_lazy("two working adults and a child"),
    "2a2w2c": gettext_lazy("two working adults and two children"),
    "2a2w3c": gettext_lazy("two working adults and three or more children"),
}
CHILDCARE_NEED_WORDS = {
    "daytime": gettext_lazy("daytime child care"),
    "evenings": gettext_lazy("evening or night child care"),
}
DEDUCTION_KEYS = ("childcare",)  # factors that only take points off
RISK_LABEL = gettext_lazy("Risk from a past job loss")
RISK_DETAILS = {
    "childcare_shift": gettext_lazy(
        "They lost a job over childcare before, and this job has evening or night shifts."
    ),
    "transportation_commute": gettext_lazy(
        "They lost a job over transportation before, and this commute is over 45 minutes."
    ),
    "health_physical": gettext_lazy(
        "They lost a job over their health before, and this job has physical demands."
    ),
    "attendance_schedule": gettext_lazy(
        "They lost a job over attendance before, and this job's schedule is not set ahead."
    ),
}
CAREER_DETAILS = {
    "detailed": gettext_lazy("The same occupation as one of their career goals."),
    "broad": gettext_lazy("The same broad occupation as one of their career goals."),
    "minor": gettext_lazy("The same minor occupation group as one of their career goals."),
    "major": gettext_lazy("The same major occupation group as one of their career goals."),
}
MODE_WORDS = {
    "transit": gettext_lazy("public transit"),
    "walk": gettext_lazy("walking"),
    "bike": gettext_lazy("bicycle"),
    "car": gettext_lazy("car"),
    "ride": gettext_lazy("a ride from someone"),
}
BENEFIT_WORDS = {
    "health_insurance": gettext_lazy("health insurance"),
    "paid_leave": gettext_lazy("paid leave"),
    "retirement": gettext_lazy("a retirement plan"),
}
DEMAND_WORDS = {
    "lifting": gettext_lazy("lifting over 25 lb"),
    "standing": gettext_lazy("standing for long periods"),
    "driving": gettext_lazy("driving"),
    "climbing": gettext_lazy("climbing ladders or stairs"),
    "repetitive": gettext_lazy("repetitive hand motion"),
    "outdoor": gettext_lazy("work outdoors or in extreme temperatures"),
}
# One sentence per shift, so that each reads naturally in every language.
SHIFT_EXCLUSIONS = (
    gettext_lazy("Needs a morning shift (%(days)s); they are not available then."),
    gettext_lazy("Needs a day shift (%(days)s); they are not available then."),
    gettext_lazy("Needs an evening shift (%(days)s); they are not available then."),
    gettext_lazy("Needs a night shift (%(days)s); they are not available then."),
)
REASON_LABELS = {
    "shifts": gettext_lazy("Shifts"),
    "physical": gettext_lazy("Physical demands"),
    "commute": gettext_lazy("Commute"),
    "wage": gettext_lazy("Wage"),
    "fair_chance": gettext_lazy("Fair-chance hiring"),
}


@dataclass(frozen=True)
class FactorLine:
    """One factor's points for a pair, with the words that say why."""

    key: str
    label: str
    points: float
    max_points: float  # the factor's weight; 0 for a risk or child care, which take points off
    detail: str

    @property
    def is_risk(self) -> bool:
        return self.key.startswith("risk_")

    @property
    def takes_off(self) -> bool:
        """A factor that only takes points off: a risk, or child care against the shifts."""
        return self.is_risk or self.key in DEDUCTION_KEYS

    @property
    def bar_value(self) -> float:
        """The points the bar shows: never below zero, never above the factor's weight."""
        return min(max(self.points, 0.0), self.max_points)


@dataclass(frozen=True)
class PairExplanation:
    """Why a pair scores what it does, in words."""

    score: float
    lines: tuple[FactorLine, ...]
    exclusions: tuple[str, ...]  # one sentence per failed hard constraint


def _and(words: list[str]) -> str:
    return ", ".join(words)


def _minutes_between(data: MatchArrays, i: int, j: int) -> float | None:
    minutes = float(matching.commute_minutes(data.participants, data.openings, [i], [j])[0])
    return None if np.isnan(minutes) else minutes


def _mode(data: MatchArrays, i: int) -> str:
    return str(MODE_WORDS[matching.TRANSPORT_MODES[int(data.participants.transport[i])]])


def _commute_sentence(data: MatchArrays, i: int, minutes: float) -> str:
    return _("About %(minutes)s minutes by %(mode)s; their limit is %(limit)s minutes.") % {
        "minutes": round(minutes),
        "mode": _mode(data, i),
        "limit": round(float(data.participants.max_commute[i])),
    }


def explain_pair(data: MatchArrays, weights: Weights, i: int, j: int) -> PairExplanation:
    """Each factor's points and each failed constraint of participant row i and opening row j."""
    found = explain(data.participants, data.openings, weights, i, j)
    o = data.openings
    lines = []
    for key in matching.FACTOR_KEYS:
        points = found.contributions[key]
        if key == "skills":
            if found.skills_required:
                detail = _("%(matched)s of the %(required)s skills the job lists.") % {
                    "matched": found.skills_matched,
                    "required": found.skills_required,
                }
            else:
                detail = _("The job lists no skills, so none can be matched: no points.")
        elif key == "career_goal":
            level = found.career_level
            detail = str(CAREER_DETAILS[level]) if level else _("No career goal in this field.")
        elif key == "job_quality":
            detail = _job_quality_sentence(data, found.household, j)
        elif key == "environment":
            detail = _environment_sentence(data, i, j)
        elif key == "childcare":
            detail = _childcare_sentence(data, i, found.childcare_slots, found.shift_slots)
        elif key == "commute":
            if found.commute_minutes is None:
                detail = _("Where they live or where the job is is not known: no points.")
            else:
                detail = _commute_sentence(data, i, found.commute_minutes)
        else:  # benefits
            offered = [
                str(BENEFIT_WORDS[name])
                for bit, name in enumerate(matching.BENEFIT_KEYS)
                if int(o.benefits[j]) & (1 << bit)
            ]
            detail = (
                _("Offers %(benefits)s.") % {"benefits": _and(offered)}
                if offered
                else _("No health insurance, paid leave or retirement plan.")
            )
        most = 0.0 if key in DEDUCTION_KEYS else getattr(weights, key)
        lines.append(FactorLine(key, str(FACTOR_LABELS[key]), points, most, detail))
    for key in matching.RISK_KEYS:
        points = found.contributions.get(f"risk_{key}")
        if points is not None:
            lines.append(
                FactorLine(f"risk_{key}", str(RISK_LABEL), points, 0.0, str(RISK_DETAILS[key]))
            )
    return PairExplanation(
        score=found.score,
        lines=tuple(lines),
        exclusions=tuple(exclusion_sentences(data, i, j, found.excluded_by)),
    )


def _job_quality_sentence(data: MatchArrays, household: str, j: int) -> str:
    index = matching.HOUSEHOLD_KEYS.index(household)
    return _(
        "Job quality %(score)s of 100, judged against the living wage for their "
        "household (%(household)s)."
    ) % {
        "score": number_format(round(float(data.openings.quality_by_household[j, index])), 0),
        "household": str(HOUSEHOLD_WORDS.get(household, household)),
    }


def _environment_sentence(data: MatchArrays, i: int, j: int) -> str:
    preferred = int(data.participants.environments[i])
    env = int(data.openings.environment[j])
    if not preferred:
        return _("They have not said which work environments they prefer: no points.")
    if env < 0:
        return _("The job does not say where the work happens: no points.")
    place = str(WorkEnvironment(matching.ENVIRONMENT_KEYS[env]).label)
    if preferred & (1 << env):
        return _("Work in a setting they prefer: %(place)s.") % {"place": place}
    return _("Not a setting they prefer: %(place)s.") % {"place": place}


def _childcare_sentence(data: MatchArrays, i: int, clash: int, slots: int) -> str:
    need = matching.CHILDCARE_NEED_KEYS[int(data.participants.childcare[i])]
    if need == "none":
        return _("They need no child care, or have it arranged: nothing taken off.")
    if not slots:
        return _("The job sets no shifts, so child care cannot be checked: nothing taken off.")
    return _(
        "They need %(care)s; %(clash)s of the job's %(slots)s shifts fall when it is hard to find."
    ) % {"care": str(CHILDCARE_NEED_WORDS[need]), "clash": clash, "slots": slots}


def exclusion_sentences(data: MatchArrays, i: int, j: int, keys: tuple[str, ...]) -> list[str]:
    """One sentence per failed hard constraint (`matching.REASON_KEYS`) of a pair."""
    p, o = data.participants, data.openings
    out = []
    for key in keys:
        if key == "shifts":
            missing = int(o.shifts[j]) & ~int(p.availability[i])
            for shift, sentence in enumerate(SHIFT_EXCLUSIONS):
                days = [str(Day(d).label) for d in range(7) if missing & (1 << (4 * d + shift))]
                if days:
                    out.append(str(sentence) % {"days": _and(days)})
        elif key == "physical":
            both = int(o.demands[j]) & int(p.limits[i])
            demands = [
                str(DEMAND_WORDS[name])
                for bit, name in enumerate(matching.PHYSICAL_KEYS)
                if both & (1 << bit)
            ]
            out.append(
                _("Needs %(demands)s; their physical limits rule that out.")
                % {"demands": _and(demands)}
            )
        elif key == "commute":
            out.append(_commute_sentence(data, i, _minutes_between(data, i, j) or 0.0))
        elif key == "wage":
            out.append(
                _("Pays $%(wage)s an hour; they need at least $%(minimum)s.")
                % {
                    "wage": number_format(float(o.wage[j]), 2),
                    "minimum": number_format(float(p.min_wage[i]), 2),
                }
            )
        elif key == "fair_chance":
            out.append(_("Not a fair-chance job; they need a fair-chance employer."))
    return out


def reason_label(key: str) -> str:
    """A hard constraint's short name."""
    return str(REASON_LABELS[key])


def points_text(value: float) -> str:
    """Points with one decimal, in the current language's format."""
    return number_format(round(value, 1), 1)
