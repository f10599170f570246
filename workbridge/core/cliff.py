"""Benefits cliffs: where a raise costs a household more in lost benefits than it gains.

The tax-and-benefit model (PolicyEngine, run by `workbridge.cliff.engine` in the task
worker) gives a household's net resources at each point of a wage sweep, and each tax and
benefit that goes into them. Everything here is arithmetic on those arrays, so it is
tested without the model:

- a **cliff** is a run of consecutive sweep steps over which net resources fall as the wage
  rises (a fall of more than `tolerance` dollars a year over a step). Its **cause** is the
  part (a benefit, a credit, or taxes) that lost the most over the run; its **loss** is the
  net resources at the start of the run less those at its end, and its **recovery wage** is
  the lowest wage past the run at which net resources are back to where they were before it;
- the **break-even wage** of a target (today's net resources, say) is the lowest wage from
  which net resources stay at or above the target over the rest of the sweep, interpolated
  linearly between the two sweep points either side of it;
- the **net gain** of an offer is its net resources less today's.

Net resources and every part are dollars a year for the whole household. Taxes are parts
too, as negative numbers (a tax of $1,200 is −1,200), so that every part adds to net
resources and "lost the most" means the same for a benefit and a tax.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field

import numpy as np

WEEKS_PER_YEAR = 52
# Parts the model reports, by key (the app names them in words). Taxes are negative.
PART_KEYS = (
    "earnings",
    "other_income",
    "taxes",
    "eitc",
    "ctc",
    "il_eitc",
    "il_ctc",
    "snap",
    "wic",
    "school_meals",
    "tanf",
    "medicaid",
    "chip",
    "aca_ptc",
    "head_start",
    "ccap",
    "other_benefits",
)
# Parts that are benefits or credits, the only ones a cliff is blamed on besides taxes.
BENEFIT_KEYS = tuple(k for k in PART_KEYS if k not in ("earnings", "other_income", "taxes"))
DEFAULT_TOLERANCE = 10.0  # dollars a year: smaller falls are rounding, not a cliff


@dataclass(frozen=True)
class Household:
    """What the model needs to know about a household: no names, nothing that identifies.

    The first adult is the participant, the one whose wage the sweep varies."""

    adult_ages: tuple[int, ...]
    child_ages: tuple[int, ...] = ()
    rent_monthly: int = 0
    childcare_monthly: int = 0  # before any subsidy, for all children in care
    childcare_hours_weekly: int = 0  # hours a week each child under 13 is in care
    other_earnings_yearly: int = 0  # the other adults' earnings, together
    state: str = "IL"
    county_fips: str = "17031"  # Cook County

    def __post_init__(self) -> None:
        if not self.adult_ages:
            raise ValueError("a household needs at least one adult")
        if any(not 18 <= a <= 120 for a in self.adult_ages):
            raise ValueError("an adult is 18 or older")
        if any(not 0 <= c <= 17 for c in self.child_ages):
            raise ValueError("a child is 0 to 17 years old")
        for name in (
            "rent_monthly",
            "childcare_monthly",
            "childcare_hours_weekly",
            "other_earnings_yearly",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")

    @property
    def size(self) -> int:
        return len(self.adult_ages) + len(self.child_ages)


@dataclass(frozen=True)
class Job:
    """A wage, the hours a week, and whether the employer offers health coverage."""

    hourly_wage: float
    hours_per_week: float
    employer_health: bool = False

    @property
    def yearly_earnings(self) -> float:
        return round(self.hourly_wage * self.hours_per_week * WEEKS_PER_YEAR, 2)


@dataclass(frozen=True)
class SweepSpec:
    """A sweep of the participant's hourly wage at fixed hours and coverage."""

    hours_per_week: float
    employer_health: bool
    wage_min: float = 0.0
    wage_max: float = 40.0
    points: int = 81

    def __post_init__(self) -> None:
        if not 2 <= self.points <= 401:
            raise ValueError("a sweep has 2 to 401 points")
        if not 0 <= self.wage_min < self.wage_max:
            raise ValueError("the sweep's lowest wage must be below its highest")
        if not 0 < self.hours_per_week <= 80:
            raise ValueError("hours a week must be above 0 and at most 80")

    def wages(self) -> np.ndarray:
        return np.linspace(self.wage_min, self.wage_max, self.points)


@dataclass(frozen=True)
class Curve:
    """Net resources (and each part) at each hourly wage of a sweep, dollars a year."""

    hourly: np.ndarray
    net: np.ndarray
    parts: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        hourly = np.asarray(self.hourly, dtype=np.float64)
        net = np.asarray(self.net, dtype=np.float64)
        if hourly.ndim != 1 or hourly.shape != net.shape:
            raise ValueError("a curve needs one net figure per wage")
        if len(hourly) > 1 and np.any(np.diff(hourly) <= 0):
            raise ValueError("a curve's wages must rise")
        parts = {k: np.asarray(v, dtype=np.float64) for k, v in self.parts.items()}
        if any(v.shape != hourly.shape for v in parts.values()):
            raise ValueError("each part needs one figure per wage")
        object.__setattr__(self, "hourly", hourly)
        object.__setattr__(self, "net", net)
        object.__setattr__(self, "parts", parts)

    def at(self, wage: float) -> float:
        """Net resources at `wage`, interpolated between sweep points (an estimate near a
        cliff; the model's own figure for a point is exact)."""
        return float(np.interp(wage, self.hourly, self.net))


@dataclass(frozen=True)
class Cliff:
    """A run of the sweep over which a higher wage leaves the household with less."""

    wage_before: float  # the last wage before net resources fall
    wage_after: float  # the wage where the fall ends
    net_before: float
    net_after: float
    cause: str  # the part that lost the most over the run (a PART_KEYS key)
    cause_loss: float  # what that part lost, dollars a year (positive)
    recovery_wage: float | None  # the lowest later wage back at net_before; None if never

    @property
    def loss(self) -> float:
        return self.net_before - self.net_after


def find_cliffs(curve: Curve, *, tolerance: float = DEFAULT_TOLERANCE) -> list[Cliff]:
    """Every cliff in the curve, lowest wage first."""
    net = curve.net
    if len(net) < 2:
        return []
    falls = np.diff(net) < -tolerance
    cliffs: list[Cliff] = []
    i = 0
    n = len(falls)
    while i < n:
        if not falls[i]:
            i += 1
            continue
        start = i
        while i < n and falls[i]:
            i += 1
        end = i  # index of the point where the fall ends
        cause, cause_loss = _cause(curve, start, end)
        cliffs.append(
            Cliff(
                wage_before=float(curve.hourly[start]),
                wage_after=float(curve.hourly[end]),
                net_before=float(net[start]),
                net_after=float(net[end]),
                cause=cause,
                cause_loss=cause_loss,
                recovery_wage=_first_wage_reaching(curve, end, float(net[start])),
            )
        )
    return cliffs


def _cause(curve: Curve, start: int, end: int) -> tuple[str, float]:
    """The part that lost the most between two sweep points ("taxes" counts a tax rise)."""
    best, best_loss = "", 0.0
    for key in PART_KEYS:
        values = curve.parts.get(key)
        if values is None or key in ("earnings", "other_income"):
            continue
        loss = float(values[start] - values[end])
        if loss > best_loss:
            best, best_loss = key, loss
    return (best or "other_benefits"), best_loss


def _first_wage_reaching(curve: Curve, after: int, target: float) -> float | None:
    """The lowest wage past index `after` where net resources reach `target`, interpolated."""
    net = curve.net
    later = np.flatnonzero(net[after:] >= target)
    if len(later) == 0:
        return None
    j = after + int(later[0])
    return _crossing(curve, j, target)


def _crossing(curve: Curve, j: int, target: float) -> float:
    """The wage between points j−1 and j where the straight line reaches `target`."""
    if j == 0:
        return float(curve.hourly[0])
    x0, x1 = curve.hourly[j - 1], curve.hourly[j]
    y0, y1 = curve.net[j - 1], curve.net[j]
    if y1 <= y0:
        return float(x1)
    share = min(max((target - y0) / (y1 - y0), 0.0), 1.0)
    return float(x0 + share * (x1 - x0))


def break_even_wage(curve: Curve, target: float) -> float | None:
    """The lowest wage from which net resources stay at or above `target` to the end of the
    sweep; None when the sweep's highest wage is still below it."""
    below = np.flatnonzero(curve.net < target)
    if len(below) == 0:
        return float(curve.hourly[0])
    last = int(below[-1])
    if last == len(curve.net) - 1:
        return None
    return _crossing(curve, last + 1, target)


def net_gain(offer_net: float, now_net: float) -> float:
    """What an offer adds to (or, negative, takes from) the household's year."""
    return float(offer_net) - float(now_net)


def cache_key(household: Household, what: dict[str, object], model_version: str) -> str:
    """A stable SHA-256 of everything a result depends on: the household, the sweep or
    offers, and the model's version (a new model version never reuses an old result)."""
    payload = {"household": asdict(household), "what": what, "model": model_version}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Matching: the net gain of an opening for the household as a factor.
NET_GAIN_FULL = 10_000.0  # dollars a year at which the factor earns (or loses) its full weight


def net_gain_points(
    gains: np.ndarray, weight: float, *, full_at: float = NET_GAIN_FULL
) -> np.ndarray:
    """Matching points for each opening's net gain a year: weight × gain / full_at, held
    within ±weight, so an opening that leaves the household worse off loses points. NaN (no
    net gain computed yet) gives 0: the factor is neutral until the worker has computed it."""
    gains = np.asarray(gains, dtype=np.float64)
    share = np.clip(np.nan_to_num(gains, nan=0.0) / full_at, -1.0, 1.0)
    points: np.ndarray = weight * share
    return points
