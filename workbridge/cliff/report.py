"""A finished cliff run as the counsellor reads it: the curve, its cliffs, now, and each offer.

Built from the cached results a run names (`queries.run_keys`); nothing here runs the model.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils.translation import gettext_lazy as _

from workbridge.cliff.household import household_of, household_type, job_of
from workbridge.cliff.models import CliffResult, CliffRun
from workbridge.cliff.queries import results_by_key, run_keys
from workbridge.core import matching as match_core
from workbridge.core.cliff import (
    BENEFIT_KEYS,
    Cliff,
    Curve,
    Household,
    Job,
    break_even_wage,
    find_cliffs,
    net_gain,
)
from workbridge.core.job_quality import JobQuality
from workbridge.jobs.models import JobOpening
from workbridge.jobs.queries import opening_quality
from workbridge.matching.places import points_km
from workbridge.people.choices import Benefit, Day, Shift
from workbridge.people.models import Participant

PART_LABELS = {
    "earnings": _("Earnings"),
    "taxes": _("Taxes (federal, Illinois, payroll)"),
    "eitc": _("Earned Income Tax Credit"),
    "ctc": _("Child Tax Credit (refundable part)"),
    "il_eitc": _("Illinois Earned Income Credit"),
    "il_ctc": _("Illinois Child Tax Credit"),
    "snap": _("SNAP (food assistance)"),
    "wic": _("WIC"),
    "school_meals": _("Free or reduced-price school meals"),
    "tanf": _("TANF (cash assistance)"),
    "medicaid": _("Medicaid (value of coverage)"),
    "chip": _("CHIP (value of coverage)"),
    "aca_ptc": _("ACA premium tax credit"),
    "head_start": _("Head Start and Early Head Start"),
    "ccap": _("Illinois Child Care Assistance (CCAP)"),
    "other_benefits": _("Other income, credits, benefits and costs"),
}
# Benefits intake records that the model does not compute for Illinois households here.
NOT_MODELLED = (
    Benefit.HOUSING,
    Benefit.SSI,
    Benefit.SSDI,
    Benefit.LIHEAP,
    Benefit.UI,
)


def part_label(key: str) -> str:
    return str(PART_LABELS.get(key, key))


@dataclass(frozen=True)
class OfferRow:
    label: str
    opening: JobOpening | None
    job: Job
    net: float
    gain: float
    break_even: float | None  # the hourly wage at these hours from which they are no worse off
    parts: dict[str, float]
    commute_minutes: float | None
    schedule: list[str]
    quality: JobQuality | None

    @property
    def gain_size(self) -> float:
        return abs(self.gain)


@dataclass(frozen=True)
class CliffRow:
    """A cliff with its cause in words."""

    cliff: Cliff
    cause_label: str

    def __getattr__(self, name: str):
        return getattr(self.cliff, name)


@dataclass(frozen=True)
class CliffReport:
    run: CliffRun
    household: Household
    curve: Curve
    cliffs: list[CliffRow]
    now_net: float
    now_parts: dict[str, float]
    offers: list[OfferRow]
    included: list[str]  # the parts' labels, in order, that are not zero somewhere
    not_modelled: list[str]  # benefits they receive now that the figures leave out

    @property
    def main_hours(self) -> float:
        return float(self.run.sweep["hours_per_week"])


def _curve(result: CliffResult) -> Curve:
    data = result.data
    return Curve(
        np.array(data["hourly"]),
        np.array(data["net"]),
        {k: np.array(v) for k, v in data["parts"].items()},
    )


def shift_words(mask: int) -> list[str]:
    """The shifts a job sets, one phrase per kind of shift with its days."""
    out = []
    for shift, label in zip(Shift.values, Shift.labels, strict=True):
        days = [
            str(d)
            for day, d in zip(Day.values, Day.labels, strict=True)
            if mask >> (4 * day + shift) & 1
        ]
        if days:
            out.append(f"{label}: {', '.join(days)}")
    return out


def _commute(participant: Participant, opening: JobOpening | None) -> float | None:
    """The matching engine's estimate (community-area centroids), minutes one way."""
    if opening is None:
        return None
    xs, ys = points_km([participant.community_area_id, opening.community_area_id])
    mode = match_core.TRANSPORT_MODES.index(participant.transport_mode)
    minutes = match_core._minutes(
        np.float64(xs[0]), np.float64(ys[0]), np.intp(mode), np.float64(xs[1]), np.float64(ys[1])
    )
    value = float(minutes)
    return None if np.isnan(value) else value


def report_for(run: CliffRun, *, openings: dict[int, JobOpening], on: date) -> CliffReport | None:
    """The run's figures, or None while they are not all computed. `openings` holds the
    offers' openings the user may see, by id."""
    keys = run_keys(run)
    found = results_by_key(list(set(keys.values())))
    if any(key not in found for key in keys.values()):
        return None
    household = household_of(run.household)
    curve = _curve(found[keys["main"]])
    points = found[keys["points"]].data["points"]
    now_net = float(points[0]["net"])
    kind = household_type(household)
    offers = []
    for n, offer in enumerate(run.offers):
        job = job_of(offer)
        net = float(points[n + 1]["net"])
        opening = openings.get(offer.get("opening_id") or 0)
        quality = opening_quality(opening, on=on, household_type=kind)[0] if opening else None
        offers.append(
            OfferRow(
                label=offer["label"],
                opening=opening,
                job=job,
                net=net,
                gain=net_gain(net, now_net),
                break_even=break_even_wage(_curve(found[keys[f"offer{n}"]]), now_net),
                parts=points[n + 1]["parts"],
                commute_minutes=_commute(run.participant, opening),
                schedule=shift_words(opening.shifts) if opening else [],
                quality=quality,
            )
        )
    included = []
    for key in ("earnings", "taxes", *BENEFIT_KEYS):
        values = curve.parts.get(key)
        in_points = any(abs(p["parts"].get(key, 0.0)) > 0.5 for p in points)
        if (values is not None and np.any(np.abs(values) > 0.5)) or in_points:
            included.append(part_label(key))
    received = set(run.participant.benefits or [])
    return CliffReport(
        run=run,
        household=household,
        curve=curve,
        cliffs=[CliffRow(c, part_label(c.cause)) for c in find_cliffs(curve)],
        now_net=now_net,
        now_parts=points[0]["parts"],
        offers=offers,
        included=included,
        not_modelled=[str(b.label) for b in NOT_MODELLED if b.value in received],
    )
