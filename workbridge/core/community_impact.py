"""An employer's community impact over a period, and the whole program's: the arithmetic.

Assumptions and sources:

- A *hire* of a period is a placement whose start date falls in it (both ends
  included). Residence, wages, social impact and diversity describe those hires.
- Retention at 30, 90, 180 and 365 days counts the placements whose checkpoint
  date falls in the period, whenever they started, so a quarter's report has a
  one-year figure (last year's hires who reached a year this quarter) and a new
  hire never lowers a rate before it could count. A placement counts as retained
  as `core.outcomes.retained_at` decides (the check's answer, else the dates).
- *Local* hires live in one of Chicago's 77 community areas; *priority* hires live
  in one the organisation chose; *near a site* means in the community area of one
  of the employer's sites.
- Annualised earnings are the starting hourly wage times the weekly hours times
  52 weeks, summed by the community area the person lives in: the pay the hires
  bring home to each community in a year, if they keep the job.
- Wage gain is the starting hourly wage less the hourly wage before the program,
  over the hires whose earlier wage is known. Wage progression is the latest
  wage a retention check recorded against the starting wage.
- The living wage is the one for the person's own household (the MIT living
  wage calculator's household types, from household size and children), known
  only where a figure for that household exists.
- Diversity compares hires' EEO categories and sex with the population of the
  communities they live in, each community area weighted by its hires (ACS
  five-year counts, or whatever benchmark the organisation loads). Undisclosed
  answers are counted, never dropped, and left out of the shares.
- Hiring incentives: the certified Work Opportunity Tax Credits on the period's hires
  (their total, and how many hires they rest on) and the hires covered by a Federal
  Bonding Program bond.
- Every figure is worked out on columns (`HireColumns`: cents, day numbers, codes) for any
  number of employers at once, with NumPy group-bys (`figures_by_group`); one employer's
  figures (`figures_of`) are the same arithmetic with one group, so the two never differ.
- Peers are other employers of the same industry group or size band; their median
  is shown only where at least `MIN_PEERS` peers have the figure, so no single
  employer's figure can be read from it.

Pure Python: no Django and no app import (an import-linter contract says so).
"""

from __future__ import annotations

import gc
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from scipy.optimize import linprog

from workbridge.core.outcomes import CHECKPOINTS, NO, YES, PlacementFacts
from workbridge.core.suppression import suppress_counts, suppress_linked

CENT = Decimal("0.01")
WEEKS_A_YEAR = 52
MIN_PEERS = 5

# Social-impact flags, in the order reports show them.
JUSTICE_INVOLVED = "justice_involved"
VETERAN = "veteran"
DISABILITY = "disability"
LONG_TERM_UNEMPLOYED = "long_term_unemployed"
PUBLIC_BENEFITS = "public_benefits"
YOUTH = "youth"  # aged 16 to 24
NO_DIPLOMA = "no_diploma"
SOCIAL_FLAGS: tuple[str, ...] = (
    JUSTICE_INVOLVED,
    VETERAN,
    DISABILITY,
    LONG_TERM_UNEMPLOYED,
    PUBLIC_BENEFITS,
    YOUTH,
    NO_DIPLOMA,
)

NOT_DISCLOSED = "not_disclosed"
OUTSIDE = 0  # the "community area" of a hire who lives outside Chicago


@dataclass(frozen=True)
class Hire:
    """What the impact figures need to know about one placement and the person hired."""

    employer_id: int
    started_on: date
    hourly_wage: Decimal
    hours_per_week: int = 40
    ended_on: date | None = None
    prior_hourly_wage: Decimal | None = None
    health_insurance: bool = False
    zip_code: str = ""
    community_area: int | None = None
    living_wage: Decimal | None = None  # for the person's own household, when known
    current_wage: Decimal | None = None  # the latest wage a retention check recorded
    checks: Mapping[int, str] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    race: str = NOT_DISCLOSED  # EEO category
    sex: str = NOT_DISCLOSED
    tax_credit: Decimal | None = None  # a certified Work Opportunity Tax Credit, in dollars
    bonded: bool = False  # covered by a Federal Bonding Program bond

    @property
    def annual_earnings(self) -> Decimal:
        return Decimal(self.hourly_wage) * self.hours_per_week * WEEKS_A_YEAR

    def facts(self) -> PlacementFacts:
        return PlacementFacts(
            started_on=self.started_on,
            hourly_wage=self.hourly_wage,
            prior_hourly_wage=self.prior_hourly_wage,
            ended_on=self.ended_on,
            checks=self.checks,
        )


@dataclass(frozen=True)
class Share:
    """`count` of `of`: a figure and what it is out of."""

    count: int
    of: int

    @property
    def rate(self) -> float | None:
        return self.count / self.of if self.of else None


@dataclass(frozen=True)
class Figures:
    """One employer's (or the program's) community impact over a period."""

    since: date
    until: date
    hires: int
    by_zip: Mapping[str, int]
    by_area: Mapping[int, int]  # OUTSIDE for hires who live outside Chicago
    zip_area: Mapping[str, int]  # each ZIP's community area as the hires gave them
    local: Share
    priority: Share
    near_site: Share
    median_wage: Decimal | None
    mean_wage: Decimal | None
    annual_earnings: Decimal
    earnings_by_area: Mapping[int, Decimal]
    wage_gain: Share  # hires whose wage rose over the earlier wage, of those with one
    mean_gain: Decimal | None
    living_wage: Share  # at or above their own household's living wage, of those known
    health: Share
    progression: Share  # hires whose latest recorded wage is above the starting wage
    mean_progression: Decimal | None  # mean rise in dollars an hour, over those recorded
    retention: Mapping[int, Share]  # checkpoint -> retained of those reaching it
    social: Mapping[str, int]
    race: Mapping[str, int]
    sex: Mapping[str, int]
    # hires by (ZIP code, community area); "" for no ZIP code given
    by_zip_area: Mapping[tuple[str, int], int] = field(default_factory=dict)
    # Hiring incentives on the hires: the certified Work Opportunity Tax Credits the employer
    # may claim (their total and how many hires they rest on), and the hires covered by a
    # Federal Bonding Program bond.
    tax_credits: Decimal = Decimal("0.00")
    credited_hires: int = 0
    bonded_hires: int = 0

    def retention_at(self, checkpoint: int) -> Share:
        return self.retention.get(checkpoint, Share(0, 0))


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def figures_of(
    hires: Iterable[Hire],
    *,
    since: date,
    until: date,
    priority_areas: Iterable[int] = (),
    site_areas: Iterable[int] = (),
) -> Figures:
    """The impact figures of a group of placements over `since`..`until` (both included).

    `hires` may include placements started before the period: they count only towards
    retention (the checkpoints they reach in the period). The arithmetic is
    `figures_by_group`'s, with one group.
    """
    rows = list(hires)
    return figures_by_group(
        hire_columns(rows, None),
        groups=1,
        since=since,
        until=until,
        priority_areas=priority_areas,
        site_areas=[site_areas],
    )[0]


def figures_by_employer(
    hires: Iterable[Hire],
    *,
    since: date,
    until: date,
    priority_areas: Iterable[int] = (),
    site_areas: Mapping[int, Iterable[int]] | None = None,
    employers: Iterable[int] = (),
) -> dict[int, Figures]:
    """`figures_of` for every employer at once.

    Employers named in `employers` that have no placement get empty figures.
    """
    rows = list(hires)
    order = list(dict.fromkeys([*employers, *(h.employer_id for h in rows)]))
    groups = {employer: k for k, employer in enumerate(order)}
    sites = site_areas or {}
    found = figures_by_group(
        hire_columns(rows, groups),
        groups=len(order),
        since=since,
        until=until,
        priority_areas=priority_areas,
        site_areas=[sites.get(employer, ()) for employer in order],
    )
    return dict(zip(order, found, strict=True))


# --- the arithmetic, on columns ----------------------------------------------------------


@dataclass(frozen=True)
class HireColumns:
    """Placements as columns, one entry per placement, for working out many employers'
    figures at once (`figures_by_group`).

    Money is in whole cents (the records keep wages and credits to the cent) and days are
    `date.toordinal()` numbers, so every sum, median and mean is exact integer arithmetic.
    A placement's `group` is the index of its employer in the caller's list. Placements
    started before the period count only towards retention: their other columns are not read.
    """

    group: np.ndarray  # int64: which employer (0 .. groups - 1)
    started: np.ndarray  # int64 day number of the start
    ended: np.ndarray  # int64 day number of the end; NO_END when not ended (by the last day)
    wage: np.ndarray  # int64 cents an hour
    hours: np.ndarray  # int64 hours a week
    prior: np.ndarray  # int64 cents an hour before the program (read where has_prior)
    has_prior: np.ndarray  # bool
    health: np.ndarray  # bool
    zip_code: np.ndarray  # int64 index into `zips` ("" for none given)
    area: np.ndarray  # int64 community area; OUTSIDE for none
    living: np.ndarray  # int64 cents: the living wage for the person's household
    has_living: np.ndarray  # bool
    current: np.ndarray  # int64 cents: the latest wage a retention check recorded
    has_current: np.ndarray  # bool
    checks: np.ndarray  # int8, one column per CHECKPOINTS: CHECK_YES, CHECK_NO or 0
    flags: np.ndarray  # int64 bit k set for SOCIAL_FLAGS[k]
    race: np.ndarray  # int64 index into `races`
    sex: np.ndarray  # int64 index into `sexes`
    credit: np.ndarray  # int64 cents of a certified Work Opportunity Tax Credit
    has_credit: np.ndarray  # bool
    bonded: np.ndarray  # bool: covered by a Federal Bonding Program bond
    zips: tuple[str, ...] = ("",)
    races: tuple[str, ...] = (NOT_DISCLOSED,)
    sexes: tuple[str, ...] = (NOT_DISCLOSED,)

    def __len__(self) -> int:
        return len(self.group)


NO_END = 10**9  # the day number of "not ended": after any report's last day
CHECK_YES = 1
CHECK_NO = 2
_CHECK_CODES = {YES: CHECK_YES, NO: CHECK_NO}
WEEKLY_TO_YEARLY = WEEKS_A_YEAR


def vocabulary(values: Iterable[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Each value's index into the sorted distinct values, and those values. Sorted, so
    that ordering by index orders by value."""
    found = list(values)
    names = tuple(sorted(set(found)))
    index = {name: k for k, name in enumerate(names)}
    return np.fromiter((index[v] for v in found), dtype=np.int64, count=len(found)), names


def cents(value: Decimal | int | float | None) -> int:
    """Dollars as whole cents (half a cent rounds up)."""
    if value is None:
        return 0
    return int((Decimal(value) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def _dollars(cents_value: int) -> Decimal:
    """Whole cents as dollars with two decimals, as `_cents` gives them."""
    return Decimal(cents_value).scaleb(-2)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (restored after, as it was). Building many
    small containers (a city's rows fetched, each employer's dictionaries) otherwise sets
    off collections that walk every object the process holds, each time: they were two
    thirds of the time these took. Nothing built here is cyclic, so nothing waits on it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def hire_columns(hires: Iterable[Hire], groups: Mapping[int, int] | None) -> HireColumns:
    """`Hire` records as columns; `groups` maps each employer id to its group index (None:
    all in group 0)."""
    rows = list(hires)
    n = len(rows)

    def ints(read: Callable[[Hire], int]) -> np.ndarray:
        return np.fromiter((read(h) for h in rows), dtype=np.int64, count=n)

    def bools(read: Callable[[Hire], bool]) -> np.ndarray:
        return np.fromiter((bool(read(h)) for h in rows), dtype=bool, count=n)

    zip_codes, zips = vocabulary(h.zip_code or "" for h in rows)
    races, race_names = vocabulary(h.race or NOT_DISCLOSED for h in rows)
    sexes, sex_names = vocabulary(h.sex or NOT_DISCLOSED for h in rows)
    checks = np.zeros((n, len(CHECKPOINTS)), dtype=np.int8)
    for i, h in enumerate(rows):
        for j, checkpoint in enumerate(CHECKPOINTS):
            checks[i, j] = _CHECK_CODES.get(h.checks.get(checkpoint, ""), 0)
    bit = {flag: 1 << k for k, flag in enumerate(SOCIAL_FLAGS)}
    return HireColumns(
        group=ints(lambda h: 0 if groups is None else groups[h.employer_id]),
        started=ints(lambda h: h.started_on.toordinal()),
        ended=ints(lambda h: NO_END if h.ended_on is None else h.ended_on.toordinal()),
        wage=ints(lambda h: cents(h.hourly_wage)),
        hours=ints(lambda h: h.hours_per_week),
        prior=ints(lambda h: cents(h.prior_hourly_wage)),
        has_prior=bools(lambda h: h.prior_hourly_wage is not None),
        health=bools(lambda h: h.health_insurance),
        zip_code=zip_codes,
        area=ints(lambda h: h.community_area or OUTSIDE),
        living=ints(lambda h: cents(h.living_wage)),
        has_living=bools(lambda h: h.living_wage is not None),
        current=ints(lambda h: cents(h.current_wage)),
        has_current=bools(lambda h: h.current_wage is not None),
        checks=checks,
        flags=ints(lambda h: sum(bit.get(f, 0) for f in h.flags)),
        race=races,
        sex=sexes,
        credit=ints(lambda h: cents(h.tax_credit)),
        has_credit=bools(lambda h: h.tax_credit is not None),
        bonded=bools(lambda h: h.bonded),
        zips=zips,
        races=race_names,
        sexes=sex_names,
    )


def _round_div(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator to the nearest whole number, halves away from zero (as
    Decimal's ROUND_HALF_UP), for integers; 0 where the denominator is 0."""
    num = numerator.astype(np.int64)
    den = np.maximum(denominator.astype(np.int64), 1)
    magnitude: np.ndarray = (2 * np.abs(num) + den) // (2 * den)
    rounded: np.ndarray = np.where(num < 0, -magnitude, magnitude)
    return rounded


def _count(group: np.ndarray, groups: int, where: np.ndarray | None = None) -> np.ndarray:
    chosen = group if where is None else group[where]
    return np.bincount(chosen, minlength=groups).astype(np.int64)


def _total(group: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """Sums of integer values by group, exact: float64 holds whole numbers to 2**53, far
    beyond any group's cents."""
    if not len(group):
        return np.zeros(groups, dtype=np.int64)
    return np.rint(np.bincount(group, weights=values, minlength=groups)).astype(np.int64)


@dataclass(frozen=True)
class _Cells:
    """Each group's distinct combinations of codes, in order: group k's are the entries
    `bounds[k]` to `bounds[k + 1]` of `codes` (one list per code), `counts` and `sums`."""

    bounds: list[int]
    codes: list[list[int]]
    counts: list[int]
    sums: list[int]


def _cells(
    group: np.ndarray,
    codes: Sequence[np.ndarray],
    groups: int,
    weights: np.ndarray | None = None,
) -> _Cells:
    """How many rows have each distinct combination of (non-negative) codes in each group,
    and (with `weights`) their sum. The codes are packed into one number per row, so one
    sort finds them all."""
    if not len(group):
        return _Cells([0] * (groups + 1), [[] for _ in codes], [], [])
    radix = [int(code.max()) + 1 for code in codes]
    key = group.astype(np.int64)
    for code, base in zip(codes, radix, strict=True):
        key = key * base + code
    keys, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    sums = (
        _total(inverse.reshape(-1), weights, len(keys))
        if weights is not None
        else np.zeros(len(keys), dtype=np.int64)
    )
    parts = []
    rest = keys
    for base in reversed(radix):
        rest, part = np.divmod(rest, base)
        parts.append(part.tolist())
    parts.reverse()
    bounds = np.searchsorted(rest, np.arange(groups + 1)).tolist()
    return _Cells(bounds, parts, counts.tolist(), sums.tolist())


def figures_by_group(
    columns: HireColumns,
    *,
    groups: int,
    since: date,
    until: date,
    priority_areas: Iterable[int] = (),
    site_areas: Sequence[Iterable[int]] = (),
) -> list[Figures]:
    """The impact figures of every group of placements over `since`..`until` (both
    included), worked out together: counts, sums, medians and retention by group with
    NumPy, whatever the number of groups. `site_areas[k]` are group k's sites' areas."""
    if until < since:
        raise ValueError("the period ends before it starts")
    with gc_paused():
        return _figures_by_group(columns, groups, since, until, priority_areas, site_areas)


def _figures_by_group(
    columns: HireColumns,
    groups: int,
    since: date,
    until: date,
    priority_areas: Iterable[int],
    site_areas: Sequence[Iterable[int]],
) -> list[Figures]:
    first, last = since.toordinal(), until.toordinal()
    c = columns
    kept_reached = _retention_by_group(c, groups, first, last)
    p = (c.started >= first) & (c.started <= last)
    g = c.group[p]
    wage, hours, area = c.wage[p], c.hours[p], c.area[p]
    hires = _count(g, groups)
    local = _count(g, groups, area != OUTSIDE)
    priority = _count(g, groups, np.isin(area, np.fromiter(set(priority_areas), np.int64)))
    site_pairs = [(k, a) for k, areas in enumerate(site_areas) for a in set(areas)]
    width = int(max([int(area.max()) if len(area) else 0] + [a for _k, a in site_pairs])) + 1
    site_keys = np.array([k * width + a for k, a in site_pairs], dtype=np.int64)
    near_site = _count(g, groups, np.isin(g * width + area, site_keys))
    wage_sum = _total(g, wage, groups)
    median2 = _median_twice(g, wage, groups, hires)
    earnings = wage * hours * WEEKLY_TO_YEARLY
    earnings_sum = _total(g, earnings, groups)
    with_prior = c.has_prior[p]
    gain = (wage - c.prior[p])[with_prior]
    g_prior = g[with_prior]
    gains_of = _count(g_prior, groups)
    gains_up = _count(g_prior, groups, gain > 0)
    gain_sum = _total(g_prior, gain, groups)
    known_living = c.has_living[p]
    living_of = _count(g, groups, known_living)
    living_at = _count(g, groups, known_living & (wage >= c.living[p]))
    health = _count(g, groups, c.health[p])
    recorded = c.has_current[p]
    rise = (c.current[p] - wage)[recorded]
    g_recorded = g[recorded]
    rises_of = _count(g_recorded, groups)
    rises_up = _count(g_recorded, groups, rise > 0)
    rise_sum = _total(g_recorded, rise, groups)
    flags = c.flags[p]
    social = [_count(g, groups, (flags >> k) & 1 == 1) for k in range(len(SOCIAL_FLAGS))]
    credited = c.has_credit[p]
    credits_of = _count(g, groups, credited)
    credit_sum = _total(g[credited], c.credit[p][credited], groups)
    bonded = _count(g, groups, c.bonded[p])
    zip_code = c.zip_code[p]
    blank = c.zips.index("") if "" in c.zips else -1
    zip_cells = _cells(g, [zip_code, area], groups)
    given = zip_code != blank
    by_zip_cells = _cells(g[given], [zip_code[given]], groups)
    area_cells = _cells(g, [area], groups, weights=earnings)
    race_cells = _cells(g, [c.race[p]], groups)
    sex_cells = _cells(g, [c.sex[p]], groups)
    zip_of = _last_area_of_zip(g, zip_code, area, groups, blank=blank)
    # From here on one group at a time: plain lists, which Python reads far faster than
    # NumPy's scalars.
    n_of = hires.tolist()
    counts = {
        "local": local.tolist(),
        "priority": priority.tolist(),
        "near_site": near_site.tolist(),
        "health": health.tolist(),
        "gains_up": gains_up.tolist(),
        "gains_of": gains_of.tolist(),
        "living_at": living_at.tolist(),
        "living_of": living_of.tolist(),
        "rises_up": rises_up.tolist(),
        "rises_of": rises_of.tolist(),
        "credits_of": credits_of.tolist(),
        "bonded": bonded.tolist(),
    }
    amounts = {
        "mean_wage": _round_div(wage_sum, hires).tolist(),
        "median_wage": _round_div(median2, np.full(groups, 2)).tolist(),
        "mean_gain": _round_div(gain_sum, gains_of).tolist(),
        "mean_rise": _round_div(rise_sum, rises_of).tolist(),
        "earnings": earnings_sum.tolist(),
        "credits": credit_sum.tolist(),
    }
    kept = kept_reached[0].T.tolist()
    reached = kept_reached[1].T.tolist()
    social_of = np.stack(social, axis=1).tolist() if social else [[] for _ in range(groups)]
    zip_pairs = list(zip([c.zips[z] for z in zip_cells.codes[0]], zip_cells.codes[1], strict=True))
    zip_names = [c.zips[z] for z in by_zip_cells.codes[0]]
    race_names = [c.races[r] for r in race_cells.codes[0]]
    sex_names = [c.sexes[r] for r in sex_cells.codes[0]]
    areas_of = area_cells.codes[0]
    area_earnings = [_dollars(e) for e in area_cells.sums]

    def of(cells: _Cells, k: int, keys: list[Any], values: list[Any]) -> dict[Any, Any]:
        low, high = cells.bounds[k], cells.bounds[k + 1]
        return dict(zip(keys[low:high], values[low:high], strict=True))

    result = []
    for k in range(groups):
        n = n_of[k]
        gains_n, rises_n = counts["gains_of"][k], counts["rises_of"][k]
        result.append(
            Figures(
                since=since,
                until=until,
                hires=n,
                by_zip=of(by_zip_cells, k, zip_names, by_zip_cells.counts),
                by_area=of(area_cells, k, areas_of, area_cells.counts),
                zip_area={c.zips[z]: a for z, a in zip_of[k]},
                local=Share(counts["local"][k], n),
                priority=Share(counts["priority"][k], n),
                near_site=Share(counts["near_site"][k], n),
                median_wage=_dollars(amounts["median_wage"][k]) if n else None,
                mean_wage=_dollars(amounts["mean_wage"][k]) if n else None,
                annual_earnings=_dollars(amounts["earnings"][k]),
                earnings_by_area=of(area_cells, k, areas_of, area_earnings),
                wage_gain=Share(counts["gains_up"][k], gains_n),
                mean_gain=_dollars(amounts["mean_gain"][k]) if gains_n else None,
                living_wage=Share(counts["living_at"][k], counts["living_of"][k]),
                health=Share(counts["health"][k], n),
                progression=Share(counts["rises_up"][k], rises_n),
                mean_progression=_dollars(amounts["mean_rise"][k]) if rises_n else None,
                retention={
                    checkpoint: Share(kept[k][j], reached[k][j])
                    for j, checkpoint in enumerate(CHECKPOINTS)
                },
                social=dict(zip(SOCIAL_FLAGS, social_of[k], strict=True)),
                race=of(race_cells, k, race_names, race_cells.counts),
                sex=of(sex_cells, k, sex_names, sex_cells.counts),
                by_zip_area=of(zip_cells, k, zip_pairs, zip_cells.counts),
                tax_credits=_dollars(amounts["credits"][k]),
                credited_hires=counts["credits_of"][k],
                bonded_hires=counts["bonded"][k],
            )
        )
    return result


def _median_twice(
    group: np.ndarray, values: np.ndarray, groups: int, counts: np.ndarray
) -> np.ndarray:
    """Twice each group's median (the sum of its two middle values; an odd group's middle
    value twice), so that the median is exact in whole numbers."""
    out = np.zeros(groups, dtype=np.int64)
    if not len(group):
        return out
    ordered = values[np.lexsort((values, group))]
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    some = counts > 0
    low = starts[some] + (counts[some] - 1) // 2
    high = starts[some] + counts[some] // 2
    out[some] = ordered[low] + ordered[high]
    return out


def _last_area_of_zip(
    group: np.ndarray, zip_code: np.ndarray, area: np.ndarray, groups: int, *, blank: int
) -> list[list[tuple[int, int]]]:
    """Each group's ZIP codes (not the blank one) with the community area of the last
    placement that gave it."""
    out: list[list[tuple[int, int]]] = [[] for _ in range(groups)]
    given = zip_code != blank
    if not given.any():
        return out
    rows = np.flatnonzero(given)
    order = rows[np.lexsort((rows, zip_code[rows], group[rows]))]
    g, z = group[order], zip_code[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = (g[1:] != g[:-1]) | (z[1:] != z[:-1])
    for k, zip_index, found in zip(
        g[last].tolist(), z[last].tolist(), area[order][last].tolist(), strict=True
    ):
        out[k].append((zip_index, found))
    return out


def _retention_by_group(
    c: HireColumns, groups: int, first: int, last: int
) -> tuple[np.ndarray, np.ndarray]:
    """Retained and reached, checkpoint by group, over the checkpoints whose day falls in
    `first`..`last` (as `core.outcomes.retained_at` decides each with the report's last
    day as today)."""
    kept = np.zeros((len(CHECKPOINTS), groups), dtype=np.int64)
    reached = np.zeros((len(CHECKPOINTS), groups), dtype=np.int64)
    gone_before = np.zeros(len(c), dtype=bool)
    for j, checkpoint in enumerate(CHECKPOINTS):
        due = c.started + checkpoint
        counted = (due >= first) & (due <= last)
        answer = c.checks[:, j] if len(c) else np.zeros(0, dtype=np.int8)
        stayed = (answer == CHECK_YES) | ((answer != CHECK_NO) & ~gone_before & (c.ended >= due))
        reached[j] = _count(c.group, groups, counted)
        kept[j] = _count(c.group, groups, counted & stayed)
        gone_before |= answer == CHECK_NO
    return kept, reached


def household_type(household_size: int, children: int) -> str:
    """The living wage calculator's household type closest to a household.

    Adults are the household less its children (at least one, at most two); children
    are capped at three. Two adults are counted as both working, the calculator's
    default for two-adult households.
    """
    kids = max(0, min(children, 3))
    adults = max(1, min(household_size - children, 2))
    if adults == 1:
        return f"1a{kids}c"
    return f"2a2w{kids}c"


# --- diversity -------------------------------------------------------------------------


@dataclass(frozen=True)
class DiversityRow:
    group: str
    count: int
    share: float | None  # of the hires who answered
    benchmark: float | None  # the group's share of the communities' population

    @property
    def difference(self) -> float | None:
        if self.share is None or self.benchmark is None:
            return None
        return self.share - self.benchmark


def weighted_benchmark(
    hires_by_area: Mapping[int, int], population: Mapping[int, Mapping[str, int]]
) -> dict[str, float]:
    """Each group's share of the population of the areas hires live in, weighted by hires.

    Areas without population figures (or outside Chicago) are left out; with none left,
    the whole table's population is used.
    """
    weights = {a: n for a, n in hires_by_area.items() if n and a in population}
    if not weights:
        weights = dict.fromkeys(population, 1)
    shares: dict[str, float] = defaultdict(float)
    total_weight = sum(weights.values())
    for area, weight in weights.items():
        counts = population[area]
        people = sum(counts.values())
        if not people:
            continue
        for group, count in counts.items():
            shares[group] += weight / total_weight * count / people
    return dict(shares)


def diversity(
    counts: Mapping[str, int], benchmark: Mapping[str, float], groups: Sequence[str]
) -> list[DiversityRow]:
    """The hires of each group, their share of those who answered, and the benchmark's share."""
    answered = sum(n for g, n in counts.items() if g != NOT_DISCLOSED)
    rows = []
    for group in groups:
        count = counts.get(group, 0)
        rows.append(
            DiversityRow(
                group=group,
                count=count,
                share=count / answered if answered else None,
                benchmark=benchmark.get(group),
            )
        )
    return rows


# --- peers -----------------------------------------------------------------------------

PEER_MEASURES: dict[str, Callable[[Figures], float | None]] = {
    "hires": lambda f: float(f.hires),
    "local_share": lambda f: f.local.rate,
    "priority_share": lambda f: f.priority.rate,
    "median_wage": lambda f: None if f.median_wage is None else float(f.median_wage),
    "living_wage_share": lambda f: f.living_wage.rate,
    "retention_90": lambda f: f.retention_at(90).rate,
}


@dataclass(frozen=True)
class PeerComparison:
    measure: str
    own: float | None
    peer_median: float | None  # None when fewer than MIN_PEERS peers have the figure
    peers: int


def peer_comparison(
    own: Figures, peers: Iterable[Figures], *, min_peers: int = MIN_PEERS
) -> list[PeerComparison]:
    """The employer's figures beside the median of its peers' (never itself among them)."""
    peer_list = list(peers)
    result = []
    for measure, read in PEER_MEASURES.items():
        values = [v for v in (read(p) for p in peer_list) if v is not None]
        median = statistics.median(values) if len(values) >= min_peers else None
        result.append(PeerComparison(measure, read(own), median, len(values)))
    return result


# --- what changed ----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One sentence of the narrative: a key the page words, and the numbers it quotes."""

    key: str
    values: Mapping[str, object]


def _points(share: Share) -> int | None:
    return None if share.rate is None else round(100 * share.rate)


def narrative(
    current: Figures, previous: Figures | None, *, shown: Callable[[str], bool] = lambda _k: True
) -> list[Finding]:
    """What the figures say, most telling first: the change since the previous period and
    what stands out. `shown(name)` says whether a figure may be quoted (not suppressed)."""
    found: list[Finding] = []
    if current.hires == 0:
        found.append(Finding("no_hires", {}))
        if previous is not None and previous.hires and shown("previous_hires"):
            found.append(Finding("no_hires_after", {"before": previous.hires}))
        return found
    if not shown("hires"):
        # Too few to publish: nothing resting on them may be quoted either.
        return [Finding("hires_hidden", {})]
    if previous is not None and shown("previous_hires"):
        change = current.hires - previous.hires
        key = "hires_up" if change > 0 else "hires_down" if change < 0 else "hires_same"
        found.append(Finding(key, {"now": current.hires, "before": previous.hires}))
    else:
        found.append(Finding("hires", {"now": current.hires}))
    local = _points(current.local)
    if local is not None and shown("local"):
        found.append(Finding("local", {"percent": local}))
    priority = _points(current.priority)
    if priority is not None and priority > 0 and shown("priority"):
        found.append(Finding("priority", {"percent": priority}))
    if current.annual_earnings and shown("earnings"):
        found.append(Finding("earnings", {"amount": current.annual_earnings}))
    living = _points(current.living_wage)
    if living is not None and shown("living_wage"):
        before = _points(previous.living_wage) if previous is not None else None
        if before is not None and before != living:
            found.append(Finding("living_wage_change", {"percent": living, "before": before}))
        else:
            found.append(Finding("living_wage", {"percent": living}))
    if current.mean_gain is not None and current.mean_gain > 0 and shown("wage_gain"):
        found.append(Finding("wage_gain", {"amount": current.mean_gain}))
    retention = _points(current.retention_at(90))
    if retention is not None and shown("retention_90"):
        before = _points(previous.retention_at(90)) if previous is not None else None
        if before is not None and abs(retention - before) >= 5:
            key = "retention_up" if retention > before else "retention_down"
            found.append(Finding(key, {"percent": retention, "before": before}))
        else:
            found.append(Finding("retention", {"percent": retention}))
    return found


# --- disclosure control ----------------------------------------------------------------

# The residence table's groups: hires in priority areas, elsewhere in Chicago, outside.
PRIORITY_GROUP = "priority"
OTHER_GROUP = "other"
OUTSIDE_GROUP = "outside"
RESIDENCE_GROUPS: tuple[str, ...] = (PRIORITY_GROUP, OTHER_GROUP, OUTSIDE_GROUP)


@dataclass(frozen=True)
class Disclosure:
    """What of a set of figures may leave the organisation; everything else is hidden.

    Counts resting on one to `threshold` - 1 people are hidden, and so is every rate
    and amount resting on a hidden count. The residence table (priority areas, the rest
    of Chicago, outside Chicago, and the community areas within each) is protected with
    complementary suppression across its rows, groups and total
    (`core.suppression.suppress_linked`); race and sex each as a breakdown of the
    published total (`suppress_counts`). A yes/no figure is hidden when either side of it
    is small, since the total gives the other side away; so are the hiring incentives (the
    bonded hires, and the tax credits' total by the hires it was certified for).
    """

    threshold: int
    hires: bool
    areas: frozenset[int]
    groups: frozenset[str]
    race: frozenset[str]
    sex: frozenset[str]
    social: frozenset[str]
    figures: frozenset[str]  # named shares and amounts: "local", "retention_90", "tax_credits"...
    zips: frozenset[str] = frozenset()  # ZIP codes ("" for none given) whose hires are hidden

    def shown(self, name: str) -> bool:
        return name not in self.figures and (name != "hires" or self.hires)


def _small(n: int, threshold: int) -> bool:
    return 0 < n < threshold


def _split_hidden(share: Share, threshold: int) -> bool:
    """A yes/no share is hidden when its base, its yes side or its no side is small."""
    return (
        _small(share.of, threshold)
        or _small(share.count, threshold)
        or _small(share.of - share.count, threshold)
    )


def residence_group(area: int, priority: Iterable[int]) -> str:
    if area == OUTSIDE:
        return OUTSIDE_GROUP
    return PRIORITY_GROUP if area in set(priority) else OTHER_GROUP


def disclose(
    figures: Figures,
    *,
    threshold: int,
    priority_areas: Iterable[int] = (),
    zip_codes: bool = True,
) -> Disclosure:
    """Which of `figures` to hide before they are published (see `Disclosure`); with
    `zip_codes` False the ZIP breakdown is not published, and all of it is hidden."""
    priority = set(priority_areas)
    hires_hidden = _small(figures.hires, threshold)
    hidden_figures: set[str] = set()
    grouped: dict[str, list[int]] = {g: [] for g in RESIDENCE_GROUPS}
    for area in figures.by_area:
        grouped[residence_group(area, priority)].append(area)
    parts = [[[figures.by_area[a]] for a in sorted(grouped[g])] or [[0]] for g in RESIDENCE_GROUPS]
    top, protected = suppress_linked(parts, threshold=threshold)
    areas: set[int] = set()
    groups: set[str] = set()
    for k, group in enumerate(RESIDENCE_GROUPS):
        if top.cell(k, 0) or top.row_total(k):
            groups.add(group)
        for i, area in enumerate(sorted(grouped[group])):
            if protected[k].cell(i, 0) or protected[k].row_total(i):
                areas.add(area)
    if hires_hidden:
        areas = set(figures.by_area)
        groups = set(RESIDENCE_GROUPS)
    if OUTSIDE_GROUP in groups and figures.by_area.get(OUTSIDE):
        hidden_figures.add("local")
    if PRIORITY_GROUP in groups:
        hidden_figures.add("priority")
    if _split_hidden(figures.near_site, threshold):
        hidden_figures.add("near_site")
    if hires_hidden:
        hidden_figures |= {"hires", "median_wage", "mean_wage", "earnings", "local", "priority"}
    for name, share in (
        ("wage_gain", figures.wage_gain),
        ("living_wage", figures.living_wage),
        ("health", figures.health),
        ("progression", figures.progression),
    ):
        if hires_hidden or _split_hidden(share, threshold):
            hidden_figures.add(name)
    if hires_hidden or _small(figures.wage_gain.of, threshold):
        hidden_figures.add("mean_gain")
    if hires_hidden or _small(figures.progression.of, threshold):
        hidden_figures.add("mean_progression")
    for checkpoint in CHECKPOINTS:
        if _split_hidden(figures.retention_at(checkpoint), threshold):
            hidden_figures.add(f"retention_{checkpoint}")
    # Hiring incentives: the bonded hires are a count of the hires, and the credit total rests
    # on the hires it was certified for; each is hidden as a yes/no figure of the hires is.
    if hires_hidden or _split_hidden(Share(figures.bonded_hires, figures.hires), threshold):
        hidden_figures.add("bonded_hires")
    if hires_hidden or _split_hidden(Share(figures.credited_hires, figures.hires), threshold):
        hidden_figures.add("tax_credits")
    social = {
        flag
        for flag, n in figures.social.items()
        if hires_hidden or _small(n, threshold) or _small(figures.hires - n, threshold)
    }
    race = set(figures.race) if hires_hidden else suppress_counts(figures.race, threshold=threshold)
    sex = set(figures.sex) if hires_hidden else suppress_counts(figures.sex, threshold=threshold)
    zips = (
        {z for z, _a in figures.by_zip_area}
        if hires_hidden or not zip_codes
        else disclose_zips(
            figures, threshold=threshold, areas=areas, groups=groups, priority_areas=priority
        )
    )
    return Disclosure(
        threshold=threshold,
        hires=not hires_hidden,
        areas=frozenset(areas),
        groups=frozenset(groups),
        race=frozenset(race),
        sex=frozenset(sex),
        social=frozenset(social),
        figures=frozenset(hidden_figures),
        zips=frozenset(zips),
    )


def disclose_zips(
    figures: Figures,
    *,
    threshold: int,
    areas: Iterable[int],
    groups: Iterable[str],
    priority_areas: Iterable[int] = (),
) -> set[str]:
    """The ZIP codes whose hires to hide, given the community areas and residence groups
    already hidden (`disclose`).

    ZIP codes and community areas are two ways of cutting the same hires, published
    together with the total. The ZIP breakdown is first protected on its own (small ones
    and a complement, `suppress_counts`); then the hires by ZIP code and community area
    (which a reader does not see, but might know which pairs occur) are solved as one
    linear system with everything published: when a hidden ZIP code, community area or
    residence group can be worked out exactly, the smallest shown ZIP code sharing a
    community area with it is hidden too, and the check repeats.
    """
    priority = set(priority_areas)
    hidden_areas = set(areas)
    hidden_groups = set(groups)
    by_zip: Counter[str] = Counter()
    for (zip_code, _area), n in figures.by_zip_area.items():
        by_zip[zip_code] += n
    hidden = set(suppress_counts(dict(by_zip), threshold=threshold))
    cells = [key for key, n in figures.by_zip_area.items() if n]
    if not cells:
        return hidden
    value = np.array([figures.by_zip_area[key] for key in cells], dtype=float)
    zips = sorted(by_zip)
    area_list = sorted({a for _z, a in cells})

    def sums(kind: str, name: object) -> np.ndarray:
        if kind == "zip":
            return np.array([float(z == name) for z, _a in cells])
        if kind == "area":
            return np.array([float(a == name) for _z, a in cells])
        return np.array([float(residence_group(a, priority) == name) for _z, a in cells])

    while True:
        shown: list[tuple[str, object]] = [("zip", z) for z in zips if z not in hidden]
        shown += [("area", a) for a in area_list if a not in hidden_areas]
        shown += [("group", g) for g in RESIDENCE_GROUPS if g not in hidden_groups]
        a_eq = [sums(kind, name) for kind, name in shown] + [np.ones(len(cells))]
        b_eq = [float(row @ value) for row in a_eq]
        secrets: list[tuple[str, object]] = [("zip", z) for z in zips if z in hidden]
        secrets += [("area", a) for a in area_list if a in hidden_areas]
        secrets += [("group", g) for g in RESIDENCE_GROUPS if g in hidden_groups]
        pinned = None
        # Every solution seen is a table a reader cannot rule out: a figure seen to take
        # two values a person apart in them is not pinned and needs no solve.
        seen = [value]
        for kind, name in secrets:
            row = sums(kind, name)
            if not row @ value:
                continue
            found = [float(row @ x) for x in seen]
            if max(found) - min(found) >= 1 - 1e-9:
                continue
            fixed, solutions = _pinned(row, np.array(a_eq), np.array(b_eq))
            seen += solutions
            if fixed:
                pinned = (kind, name, row)
                break
        if pinned is None:
            return hidden
        _kind, _name, row = pinned
        near = {a for (_z, a), inside in zip(cells, row, strict=True) if inside}
        candidates = [z for z in zips if z not in hidden and any((z, a) in cells for a in near)]
        candidates = candidates or [z for z in zips if z not in hidden]
        if not candidates:
            return hidden
        hidden.add(min(candidates, key=lambda z: (by_zip[z], z)))


def _pinned(row: np.ndarray, a_eq: np.ndarray, b_eq: np.ndarray) -> tuple[bool, list[np.ndarray]]:
    """Whether `row` · x is fixed (to within one person) by a_eq x = b_eq, x >= 0, and the
    solutions found on the way."""
    low = linprog(row, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    high = linprog(-row, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    solutions = [r.x for r in (low, high) if r.status == 0 and r.x is not None]
    if low.status != 0 or high.status != 0 or low.fun is None or high.fun is None:
        return False, solutions  # unbounded above: nothing pins it
    return bool(-high.fun - low.fun < 1 - 1e-9), solutions
