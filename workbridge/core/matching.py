"""Which openings fit a participant, how well, and why: hard constraints, soft scores, top k.

The query layer turns participants and openings into arrays (`ParticipantArrays`,
`OpeningArrays`); everything here is NumPy over those arrays, so the same code
serves one participant's page and a city-wide run.

Hard constraints (a pair failing any of them is excluded; `hard_filter` says which):

- shifts: the participant is available for every shift the job sets (bit
  4 × day + shift, day 0 = Monday, shift 0 morning, 1 day, 2 evening, 3 night);
  a job that sets no shift excludes no one;
- physical: no physical demand of the job is one the participant is limited in;
- commute: the estimated commute, to the whole minute, is within the participant's
  longest commute (a limit of 90 minutes admits a commute shown as "about 90 minutes");
- wage: the job pays at least the participant's lowest acceptable wage;
- fair_chance: a participant who needs a fair-chance employer only sees
  fair-chance jobs.

Commute model (simple on purpose, and documented so staff can check it): the
straight-line distance between the two points (community-area centroids in
km, see `lonlat_to_km`) times 1.3 for the street grid, at least 1 km, at a
door-to-door speed for the mode, plus a fixed access time (walking to the stop
and waiting, parking, waiting for a ride). See `MODE_SPEED_KMH` and
`MODE_ACCESS_MINUTES`. The estimate is rounded to the whole minute (half up), the
precision staff see it in, and every rule uses that figure. A point that is not known
(NaN) excludes no one and earns no commute points.

Soft factors, each in [0, 1] and multiplied by the organisation's `Weights`:

- skills: the share of the job's skills the participant has; a job that lists none
  gives no skill points (nothing shows a fit, so it cannot outrank a job where the
  participant has some of the skills asked for);
- career_goal: the best of the participant's goals against the job's SOC 2018
  code: same detailed occupation 1, same broad group 0.75, same minor group
  0.5, same major group 0.25 (the SOC hierarchy, e.g. 35-2014 in 35-2010 in
  35-2000 in 35-0000);
- job_quality: the job quality score (0–100, `job_quality.py`) / 100;
- commute: 1 − commute minutes / the participant's longest commute;
- benefits: health insurance 0.5, paid leave 0.3, retirement plan 0.2;
- environment: the job's work environment is one the participant prefers (1), else 0
  (no points when they name none or the job does not say);
- childcare: a penalty, never a bonus: minus the share of the job's shift slots that fall
  when the care the participant needs is scarce (`CHILDCARE_NEED_KEYS`): for daytime care,
  slots outside weekday mornings and days (licensed centre hours); for evening or night
  care, evening and night slots. No one loses points for having children: only a job
  whose shifts clash with the care they need does.

Job quality is judged against the living wage of the participant's own household type
(`HOUSEHOLD_KEYS`, the living wage calculator's types): `OpeningArrays.quality_by_household`
holds one score per household type, and `ParticipantArrays.household` says which applies.

Risks from the reasons past jobs were lost each take `Weights.risk` points off:

- childcare_shift: lost a job to childcare, and the job has evening or night shifts;
- transportation_commute: lost a job to transportation, and the commute is
  over 45 minutes;
- health_physical: lost a job to health, and the job has physical demands;
- attendance_schedule: lost a job to attendance, and the schedule is not set
  ahead.

Speed: `top_k` never scores a pair that fails a hard constraint. Openings fall
into classes that shifts, physical demands and fair chance treat alike (a few
hundred) and into locations (77 community areas); for each chunk of 64
participants a participants × classes and a participants × locations table say
what passes, two lookups and an integer wage-rank test make the chunk's mask,
and only the pairs left (about one in seven in a city-wide run) are scored:
commute and career points come from the same small tables, skills are bit sets
(one uint64 word per 64 skills that some job asks for) compared with a
population count. The k best of each row are found with a partition for the
k-th score, then an exact sort of what is at least as good.
"""

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

# Keys, in bit order. The app translates keys; nothing here is a sentence.
PHYSICAL_KEYS = ("lifting", "standing", "driving", "climbing", "repetitive", "outdoor")
TRANSPORT_MODES = ("transit", "walk", "bike", "car", "ride")
LOSS_FACTOR_KEYS = (
    "attendance",
    "transportation",
    "childcare",
    "health",
    "conflict",
    "skills",
    "other",
)
BENEFIT_KEYS = ("health_insurance", "paid_leave", "retirement")
REASON_KEYS = ("shifts", "physical", "commute", "wage", "fair_chance")
FACTOR_KEYS = (
    "skills",
    "career_goal",
    "job_quality",
    "commute",
    "benefits",
    "environment",
    "childcare",
)
# The living wage calculator's household types, in the jobs app's order; index 0 is the
# one-adult household every participant had before households were known.
HOUSEHOLD_KEYS = (
    "1a0c",
    "1a1c",
    "1a2c",
    "1a3c",
    "2a1w0c",
    "2a1w1c",
    "2a1w2c",
    "2a1w3c",
    "2a2w0c",
    "2a2w1c",
    "2a2w2c",
    "2a2w3c",
)
# Work environments, in bit order (the jobs app's choices).
ENVIRONMENT_KEYS = (
    "office",
    "retail",
    "kitchen",
    "warehouse",
    "healthcare",
    "outdoor",
    "construction",
    "vehicle",
)
# What child care a participant still needs: index 0 none (or arranged).
CHILDCARE_NEED_KEYS = ("none", "daytime", "evenings")
RISK_KEYS = (
    "childcare_shift",
    "transportation_commute",
    "health_physical",
    "attendance_schedule",
)
SOC_LEVEL_KEYS = ("detailed", "broad", "minor", "major")

SHIFTS, PHYSICAL, COMMUTE, WAGE, FAIR_CHANCE = (1 << b for b in range(5))

ATTENDANCE, TRANSPORTATION, CHILDCARE, HEALTH = (1 << b for b in range(4))
HEALTH_INSURANCE, PAID_LEAVE, RETIREMENT = 1, 2, 4
BENEFIT_VALUES = {HEALTH_INSURANCE: 0.5, PAID_LEAVE: 0.3, RETIREMENT: 0.2}

SOC_LEVEL_SCORES = (1.0, 0.75, 0.5, 0.25)  # detailed, broad, minor, major
SOC_LEVEL_DIVISORS = (1, 10, 100, 10000)  # 352014 -> 352014, 35201, 3520, 35

EVENING_SHIFTS = sum(1 << (4 * day + 2) for day in range(7))
NIGHT_SHIFTS = sum(1 << (4 * day + 3) for day in range(7))
WEEKDAY_DAYTIME = sum(1 << (4 * day + shift) for day in range(5) for shift in (0, 1))
ALL_SLOTS = (1 << 28) - 1
# Shift slots in which the care a participant needs is scarce, by CHILDCARE_NEED_KEYS:
# daytime care is found in licensed centres on weekday mornings and days; evening and
# night care is scarce every day.
CHILDCARE_SCARCE = (0, ALL_SLOTS & ~WEEKDAY_DAYTIME, EVENING_SHIFTS | NIGHT_SHIFTS)

# transit: ~16 km/h door to door on CTA bus and rail with transfers, 10 min to walk and wait;
# walking 4.8 km/h; cycling 14 km/h; driving 30 km/h in city traffic, 5 min to park;
# a ride from someone else drives at 30 km/h but waits 10 min.
MODE_SPEED_KMH = np.array([16.0, 4.8, 14.0, 30.0, 30.0])
MODE_ACCESS_MINUTES = np.array([10.0, 0.0, 2.0, 5.0, 10.0])
CIRCUITY = 1.3
MIN_DISTANCE_KM = 1.0
LONG_COMMUTE_MINUTES = 45.0
CHICAGO_LAT = 41.88
KM_PER_DEGREE_LAT = 111.2

# Opening features that risks look at, as a 3-bit code.
_FEAT_EVENING_NIGHT, _FEAT_PHYSICAL, _FEAT_UNSTABLE = 1, 2, 4


def soc_code(code: str) -> int:
    """'35-2014' -> 352014; -1 for a blank code."""
    code = code.strip()
    return int(code.replace("-", "")) if code else -1


def lonlat_to_km(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude to km east and north (equirectangular around Chicago)."""
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    x = lon * KM_PER_DEGREE_LAT * np.cos(np.radians(CHICAGO_LAT))
    return x.astype(np.float32), (lat * KM_PER_DEGREE_LAT).astype(np.float32)


def bits_of(keys: list[str] | tuple[str, ...], names: tuple[str, ...]) -> int:
    """A bit set of the given keys in `names` order; unknown keys are ignored."""
    return sum(1 << names.index(key) for key in set(keys) if key in names)


def _csr(matrix: sparse.csr_array, rows: int) -> sparse.csr_array:
    """The skills matrix in canonical CSR form (summed duplicates), checked for its row count."""
    result = sparse.csr_array(matrix)
    if result.shape[0] != rows:
        raise ValueError("the skills matrix needs one row per participant or opening")
    result.sum_duplicates()
    return result


@dataclass(frozen=True)
class ParticipantArrays:
    """One row per participant; see the module docstring for each encoding."""

    availability: np.ndarray  # uint32 shift mask
    limits: np.ndarray  # uint8 bits of PHYSICAL_KEYS
    transport: np.ndarray  # uint8 index into TRANSPORT_MODES
    max_commute: np.ndarray  # float32 minutes
    min_wage: np.ndarray  # float32 dollars an hour (0 when none given)
    needs_fair_chance: np.ndarray  # bool
    x_km: np.ndarray  # float32, NaN when not known
    y_km: np.ndarray  # float32
    goals: np.ndarray  # int32 (n, g) SOC codes (`soc_code`), -1 pads
    skills: sparse.csr_array  # (n, skills) 0/1
    loss_factors: np.ndarray  # uint8 bits of LOSS_FACTOR_KEYS over all past jobs
    # The household: index into HOUSEHOLD_KEYS, CHILDCARE_NEED_KEYS, bits of ENVIRONMENT_KEYS.
    household: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))
    childcare: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))
    environments: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))

    def __post_init__(self) -> None:
        n = len(self.availability)
        for name in ("household", "childcare", "environments"):
            if len(getattr(self, name)) == 0:
                object.__setattr__(self, name, np.zeros(n, dtype=np.uint8))
            elif len(getattr(self, name)) != n:
                raise ValueError(f"{name} needs one value per participant")
        if self.household.max(initial=0) >= len(HOUSEHOLD_KEYS):
            raise ValueError("household must index HOUSEHOLD_KEYS")
        if self.childcare.max(initial=0) >= len(CHILDCARE_NEED_KEYS):
            raise ValueError("childcare must index CHILDCARE_NEED_KEYS")
        goals = np.asarray(self.goals, dtype=np.int32)
        if goals.ndim == 1:
            goals = goals.reshape(n, -1)
        object.__setattr__(self, "goals", goals)
        object.__setattr__(self, "skills", _csr(self.skills, n))
        for name in ("limits", "transport", "max_commute", "min_wage", "needs_fair_chance"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} needs one value per participant")
        if not (len(self.x_km) == len(self.y_km) == len(self.loss_factors) == len(goals) == n):
            raise ValueError("every participant array needs one row per participant")

    def __len__(self) -> int:
        return len(self.availability)


@dataclass(frozen=True)
class OpeningArrays:
    """One row per opening; see the module docstring for each encoding."""

    shifts: np.ndarray  # uint32 shift mask
    demands: np.ndarray  # uint8 bits of PHYSICAL_KEYS
    wage: np.ndarray  # float32 dollars an hour
    fair_chance: np.ndarray  # bool
    x_km: np.ndarray  # float32, NaN when not known
    y_km: np.ndarray  # float32
    soc: np.ndarray  # int32 SOC code (`soc_code`), -1 when not known
    quality: np.ndarray  # float32 job quality 0–100
    benefits: np.ndarray  # uint8 bits of BENEFIT_KEYS
    schedule_stable: np.ndarray  # bool
    skills: sparse.csr_array  # (m, skills) 0/1, same columns as the participants'
    positions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    # float32 (m, len(HOUSEHOLD_KEYS)): job quality against each household type's living
    # wage; by default `quality` for every household.
    quality_by_household: np.ndarray = field(
        default_factory=lambda: np.zeros((0, 0), dtype=np.float32)
    )
    environment: np.ndarray = field(  # int8 index into ENVIRONMENT_KEYS, -1 when not stated
        default_factory=lambda: np.zeros(0, dtype=np.int8)
    )

    def __post_init__(self) -> None:
        m = len(self.shifts)
        object.__setattr__(self, "skills", _csr(self.skills, m))
        if len(self.positions) == 0:
            object.__setattr__(self, "positions", np.ones(m, dtype=np.int32))
        if len(self.environment) == 0:
            object.__setattr__(self, "environment", np.full(m, -1, dtype=np.int8))
        by_household = np.asarray(self.quality_by_household, dtype=np.float32)
        if by_household.size == 0:
            by_household = np.repeat(
                np.asarray(self.quality, dtype=np.float32)[:, None], len(HOUSEHOLD_KEYS), 1
            )
        if by_household.shape != (m, len(HOUSEHOLD_KEYS)):
            raise ValueError("quality_by_household needs one row per opening, one column a type")
        object.__setattr__(self, "quality_by_household", by_household)
        for name in (
            "demands",
            "wage",
            "fair_chance",
            "x_km",
            "y_km",
            "soc",
            "quality",
            "benefits",
            "schedule_stable",
            "positions",
            "environment",
        ):
            if len(getattr(self, name)) != m:
                raise ValueError(f"{name} needs one value per opening")

    def __len__(self) -> int:
        return len(self.shifts)


@dataclass(frozen=True)
class Weights:
    """Points each soft factor is worth at its best, and the points each risk takes off."""

    skills: float = 30.0
    career_goal: float = 25.0
    job_quality: float = 20.0
    commute: float = 15.0
    benefits: float = 10.0
    risk: float = 15.0
    environment: float = 5.0
    childcare: float = 10.0


@dataclass(frozen=True)
class TopK:
    """Each participant's best openings, best first; -1 and -inf fill short rows."""

    openings: np.ndarray  # int32 (n, k)
    scores: np.ndarray  # float32 (n, k)
    feasible: np.ndarray  # int32 (n,) openings that pass every hard constraint


@dataclass(frozen=True)
class Explanation:
    """Why a pair scores what it does, by key: the app turns keys into words."""

    score: float
    contributions: dict[str, float]  # factor or "risk_<key>" -> points; they add up to score
    excluded_by: tuple[str, ...]  # REASON_KEYS that fail; empty when the pair is allowed
    skills_matched: int
    skills_required: int
    career_level: str | None  # SOC_LEVEL_KEYS or None
    commute_minutes: float | None
    household: str = HOUSEHOLD_KEYS[0]  # the household type job quality was judged for
    childcare_slots: int = 0  # the job's shift slots when the care they need is scarce
    shift_slots: int = 0  # all the job's shift slots


# --- shared pieces --------------------------------------------------------------------------


def _minutes(
    px: np.ndarray, py: np.ndarray, mode: np.ndarray, ox: np.ndarray, oy: np.ndarray
) -> np.ndarray:
    """Commute minutes under the module's model; arrays broadcast."""
    distance = np.hypot(ox - px, oy - py) * CIRCUITY
    distance = np.maximum(distance, MIN_DISTANCE_KM)
    minutes: np.ndarray = MODE_ACCESS_MINUTES[mode] + 60.0 * distance / MODE_SPEED_KMH[mode]
    return np.floor(minutes + 0.5).astype(np.float32)


def commute_minutes(
    p: ParticipantArrays, o: OpeningArrays, rows: npt.ArrayLike, cols: npt.ArrayLike
) -> np.ndarray:
    """Estimated commute, in whole minutes, for each pair (NaN where a point is not known)."""
    rows, cols = np.broadcast_arrays(np.asarray(rows), np.asarray(cols))
    return _minutes(
        p.x_km[rows].astype(np.float64),
        p.y_km[rows].astype(np.float64),
        p.transport[rows].astype(np.intp),
        o.x_km[cols].astype(np.float64),
        o.y_km[cols].astype(np.float64),
    )


def _benefit_values(benefits: np.ndarray) -> np.ndarray:
    value = np.zeros(len(benefits), dtype=np.float64)
    for bit, share in BENEFIT_VALUES.items():
        value += np.where(benefits & bit, share, 0.0)
    return value


def _popcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(np.asarray(values, dtype=np.uint32)).astype(np.int32)


def childcare_shares(o: OpeningArrays) -> np.ndarray:
    """float64 (len(CHILDCARE_NEED_KEYS), m): share of each job's shift slots when care is scarce.

    A job that sets no shifts has share 0: there is nothing to check.
    """
    slots = _popcount(o.shifts)
    scarce = np.array(CHILDCARE_SCARCE, dtype=np.uint32)
    clash = _popcount(o.shifts[None, :] & scarce[:, None])
    return np.where(slots > 0, clash / np.maximum(slots, 1), 0.0)


def _static_points(o: OpeningArrays, w: Weights) -> np.ndarray:
    """float32 (households × childcare needs, m): the points that depend on the job alone.

    Row `household * len(CHILDCARE_NEED_KEYS) + need`: job quality for that household,
    benefits, less the child-care clash for that need.
    """
    quality = o.quality_by_household.astype(np.float64).T  # (households, m)
    base = w.job_quality * quality / 100.0 + w.benefits * _benefit_values(o.benefits)[None, :]
    clash = w.childcare * childcare_shares(o)  # (needs, m)
    table = base[:, None, :] - clash[None, :, :]
    return table.reshape(-1, len(o)).astype(np.float32)


def _combo(p: ParticipantArrays) -> np.ndarray:
    """Each participant's row of `_static_points`."""
    return p.household.astype(np.intp) * len(CHILDCARE_NEED_KEYS) + p.childcare.astype(np.intp)


def _features(o: OpeningArrays) -> np.ndarray:
    shifts = o.shifts.astype(np.int64)
    feat = np.where(shifts & (EVENING_SHIFTS | NIGHT_SHIFTS), _FEAT_EVENING_NIGHT, 0)
    feat |= np.where(o.demands != 0, _FEAT_PHYSICAL, 0)
    feat |= np.where(o.schedule_stable, 0, _FEAT_UNSTABLE)
    return feat.astype(np.intp)


def _static_risks(loss: np.ndarray, feat: np.ndarray) -> np.ndarray:
    """Risks that depend on the job alone (not on the commute), counted; arrays broadcast."""
    count: np.ndarray = ((loss & CHILDCARE) != 0) & ((feat & _FEAT_EVENING_NIGHT) != 0)
    count = count.astype(np.int8)
    count += ((loss & HEALTH) != 0) & ((feat & _FEAT_PHYSICAL) != 0)
    count += ((loss & ATTENDANCE) != 0) & ((feat & _FEAT_UNSTABLE) != 0)
    return count


def _career_level(goals: np.ndarray, soc: int) -> int:
    """Index of the best SOC level (0 detailed … 3 major) a goal shares with soc, 4 for none."""
    best = 4
    for goal in goals.tolist():
        if goal < 0 or soc < 0:
            continue
        for level, div in enumerate(SOC_LEVEL_DIVISORS):
            if goal // div == soc // div:
                best = min(best, level)
                break
    return best


_LEVEL_SCORE = np.array([*SOC_LEVEL_SCORES, 0.0])


def _skill_words(matrix: sparse.csr_array, column_bit: np.ndarray, words: int) -> np.ndarray:
    """(words, rows) uint64 bit sets; columns with column_bit -1 are dropped."""
    out = np.zeros((max(words, 1), matrix.shape[0]), dtype=np.uint64)
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    bit = column_bit[matrix.indices]
    keep = (bit >= 0) & (matrix.data != 0)
    rows, bit = rows[keep], bit[keep]
    np.bitwise_or.at(
        out, (bit // 64, rows), np.left_shift(np.uint64(1), (bit % 64).astype(np.uint64))
    )
    return out


def _expand(owner: np.ndarray, lo: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ranges [lo, lo + length) as flat (owner, index) pairs."""
    total = int(length.sum())
    run_start = np.cumsum(length) - length
    return np.repeat(owner, length), np.repeat(lo - run_start, length) + np.arange(total)


class _Prepared:
    """Opening-side tables, and the participant × (class, location, profile) tables of a chunk."""

    def __init__(self, p: ParticipantArrays, o: OpeningArrays, w: Weights):
        self.p, self.o, self.w = p, o, w
        # Classes of openings that shifts, physical demands and fair chance treat alike.
        key = (
            (o.shifts.astype(np.uint64) << np.uint64(8))
            | (o.demands.astype(np.uint64) << np.uint64(1))
            | o.fair_chance.astype(np.uint64)
        )
        cls_key, cls = np.unique(key, return_inverse=True)
        self.cls = cls.reshape(-1).astype(np.int32)
        self.cls_shift = (cls_key >> np.uint64(8)).astype(np.uint32)
        self.cls_demands = ((cls_key >> np.uint64(1)) & np.uint64(0x7F)).astype(np.uint8)
        self.cls_fair = (cls_key & np.uint64(1)).astype(bool)
        # Wages as ranks among the distinct wages offered: an exact integer test.
        self.wages, rank = np.unique(o.wage.astype(np.float32), return_inverse=True)
        self.wage_rank = rank.reshape(-1).astype(np.int32)

        # Distinct opening locations (centroids repeat); unknown ones get their own slot.
        unknown = np.isnan(o.x_km) | np.isnan(o.y_km)
        xy = np.stack([np.where(unknown, np.inf, o.x_km), np.where(unknown, np.inf, o.y_km)], 1)
        loc_xy, loc = np.unique(xy, axis=0, return_inverse=True)
        self.loc = loc.reshape(-1).astype(np.int32)
        self.loc_x = np.where(np.isinf(loc_xy[:, 0]), np.nan, loc_xy[:, 0]).astype(np.float64)
        self.loc_y = np.where(np.isinf(loc_xy[:, 1]), np.nan, loc_xy[:, 1]).astype(np.float64)

        # Profiles: (SOC code, risk features, environment), what the career, job-risk and
        # environment table needs.
        self.socs, soc_index = np.unique(o.soc.astype(np.int64), return_inverse=True)
        feat = _features(o)
        environments = len(ENVIRONMENT_KEYS) + 1
        env = o.environment.astype(np.int64) + 1  # 0: not stated
        prof_key, prof = np.unique(
            (soc_index.reshape(-1) * 8 + feat) * environments + env, return_inverse=True
        )
        self.prof = prof.reshape(-1).astype(np.int32)
        self.prof_soc = (prof_key // environments // 8).astype(np.intp)
        self.prof_feat = (prof_key // environments % 8).astype(np.intp)
        self.prof_env = (prof_key % environments - 1).astype(np.int64)
        loss = np.arange(1 << len(LOSS_FACTOR_KEYS))[:, None]
        self.risk_points = (w.risk * _static_risks(loss, np.arange(8)[None, :])).astype(np.float32)

        # What does not depend on the participant, and the points per skill matched.
        required = np.diff(o.skills.indptr)
        self.static = _static_points(o, w)  # (combos, m)
        self.combo = _combo(p)
        self.skill_coef = np.where(required == 0, 0.0, w.skills / np.maximum(required, 1)).astype(
            np.float32
        )
        used = np.unique(o.skills.indices[o.skills.data != 0])
        column_bit = np.full(max(o.skills.shape[1], p.skills.shape[1]), -1, dtype=np.int64)
        column_bit[used] = np.arange(len(used))
        self.words = (len(used) + 63) // 64
        self.o_bits = _skill_words(o.skills, column_bit, self.words)
        self.p_bits = _skill_words(p.skills, column_bit, self.words)

    def class_table(self, rows: np.ndarray) -> np.ndarray:
        """Participants × classes: passes shifts, physical demands and fair chance."""
        p = self.p
        ok: np.ndarray = (self.cls_shift[None, :] & ~p.availability[rows][:, None]) == 0
        ok &= (self.cls_demands[None, :] & p.limits[rows][:, None]) == 0
        ok &= self.cls_fair[None, :] | ~p.needs_fair_chance[rows][:, None]
        return ok

    def commute_tables(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points (commute less the transportation risk) and pass/fail, participants × locations."""
        p, w = self.p, self.w
        px = p.x_km[rows].astype(np.float64)[:, None]
        py = p.y_km[rows].astype(np.float64)[:, None]
        mode = p.transport[rows].astype(np.intp)[:, None]
        minutes = _minutes(px, py, mode, self.loc_x[None, :], self.loc_y[None, :])
        limit = p.max_commute[rows].astype(np.float32)[:, None]
        known = ~np.isnan(minutes)
        ok = ~known | (minutes <= limit)
        share = 1.0 - minutes / np.maximum(limit, np.float32(1.0))
        risky = ((p.loss_factors[rows] & TRANSPORTATION) != 0)[:, None] & (
            minutes > LONG_COMMUTE_MINUTES
        )
        points = np.float32(w.commute) * share - np.float32(w.risk) * risky
        return np.where(known, points, np.float32(0.0)).astype(np.float32), ok

    def profile_table(self, rows: np.ndarray) -> np.ndarray:
        """Participants × profiles: career-goal points less the job's own risks."""
        goals = self.p.goals[rows]
        career = np.zeros((len(rows), len(self.socs)), dtype=np.float32)
        owner = np.repeat(np.arange(len(rows)), goals.shape[1])
        goal = goals.ravel().astype(np.int64)
        valid = goal >= 0
        owner, goal = owner[valid], goal[valid]
        # Codes sharing a group are one run of the sorted codes; finer levels are written last.
        for level in range(3, -1, -1):
            div = SOC_LEVEL_DIVISORS[level]
            group = goal // div
            lo = np.searchsorted(self.socs, group * div, "left")
            hi = np.searchsorted(self.socs, (group + 1) * div, "left")
            who, col = _expand(owner, lo, hi - lo)
            career.ravel()[who * career.shape[1] + col] = (
                self.w.career_goal * SOC_LEVEL_SCORES[level]
            )
        loss = self.p.loss_factors[rows].astype(np.intp)
        risks = self.risk_points[loss][:, self.prof_feat]
        points: np.ndarray = career[:, self.prof_soc] - risks
        points += self.environment_points(rows)
        return points

    def environment_points(self, rows: np.ndarray) -> np.ndarray:
        """Participants × profiles: the environment factor's points."""
        stated = self.prof_env >= 0
        bit = np.where(stated, np.left_shift(1, np.maximum(self.prof_env, 0)), 0)
        liked = (self.p.environments[rows].astype(np.int64)[:, None] & bit[None, :]) != 0
        return np.where(liked, np.float32(self.w.environment), np.float32(0.0))

    def skill_counts(self, rows: np.ndarray, local: np.ndarray, pos: np.ndarray) -> np.ndarray:
        count = np.zeros(len(pos), dtype=np.uint8)
        for word in range(self.words):
            bits = np.take(self.p_bits[word, rows], local) & np.take(self.o_bits[word], pos)
            count += np.bitwise_count(bits)
        return count

    def score(
        self,
        rows: np.ndarray,
        local: np.ndarray,
        pos: np.ndarray,
        commute_points: np.ndarray,
        profile_table: np.ndarray,
    ) -> np.ndarray:
        """Scores of pairs: `local` indexes `rows`, `pos` the openings (flat takes are fastest)."""
        score: np.ndarray = np.take(
            commute_points, local * commute_points.shape[1] + np.take(self.loc, pos)
        )
        m = self.static.shape[1]
        score += np.take(self.static, np.take(self.combo, np.take(rows, local)) * m + pos)
        score += np.take(profile_table, local * profile_table.shape[1] + np.take(self.prof, pos))
        if self.words:
            score += np.take(self.skill_coef, pos) * self.skill_counts(rows, local, pos)
        return score


# --- public API -----------------------------------------------------------------------------


def hard_filter(
    p: ParticipantArrays, o: OpeningArrays, rows: npt.ArrayLike, cols: npt.ArrayLike
) -> np.ndarray:
    """Bit set (SHIFTS, PHYSICAL, COMMUTE, WAGE, FAIR_CHANCE) of what each pair fails; 0 passes."""
    rows, cols = np.broadcast_arrays(np.asarray(rows, dtype=np.intp), np.asarray(cols, np.intp))
    reasons = np.where(o.shifts[cols] & ~p.availability[rows], SHIFTS, 0).astype(np.uint8)
    reasons |= np.where(o.demands[cols] & p.limits[rows], PHYSICAL, 0).astype(np.uint8)
    minutes = commute_minutes(p, o, rows, cols)
    reasons |= np.where(minutes > p.max_commute[rows], COMMUTE, 0).astype(np.uint8)
    reasons |= np.where(o.wage[cols] < p.min_wage[rows], WAGE, 0).astype(np.uint8)
    unfair = p.needs_fair_chance[rows] & ~o.fair_chance[cols]
    reasons |= np.where(unfair, FAIR_CHANCE, 0).astype(np.uint8)
    return reasons


def reason_keys(reasons: int) -> tuple[str, ...]:
    """The REASON_KEYS set in a `hard_filter` bit set."""
    return tuple(key for bit, key in enumerate(REASON_KEYS) if reasons & (1 << bit))


def score_pairs(
    p: ParticipantArrays,
    o: OpeningArrays,
    w: Weights,
    rows: npt.ArrayLike,
    cols: npt.ArrayLike,
    *,
    chunk: int = 64,
) -> np.ndarray:
    """Soft score of each pair (hard constraints not applied), chunked over participants."""
    rows, cols = np.broadcast_arrays(np.asarray(rows, dtype=np.intp), np.asarray(cols, np.intp))
    shape = rows.shape
    rows, cols = rows.ravel(), cols.ravel()
    prep = _Prepared(p, o, w)
    out = np.empty(len(rows), dtype=np.float32)
    people, local_all = np.unique(rows, return_inverse=True)
    local_all = local_all.reshape(-1)
    order = np.argsort(local_all, kind="stable")
    bounds = np.searchsorted(local_all[order], np.arange(0, len(people) + chunk, chunk))
    for n, start in enumerate(range(0, len(people), chunk)):
        block = people[start : start + chunk]
        here = order[bounds[n] : bounds[n + 1]]
        points, _ = prep.commute_tables(block)
        out[here] = prep.score(
            block, local_all[here] - start, cols[here], points, prep.profile_table(block)
        )
    return out.reshape(shape)


def top_k(
    p: ParticipantArrays, o: OpeningArrays, w: Weights, k: int = 10, *, chunk: int = 64
) -> TopK:
    """Each participant's k best openings among those passing every hard constraint.

    Best first; equal scores go to the lower opening index, so results do not
    depend on chunking or on how NumPy partitions.
    """
    n = len(p)
    prep = _Prepared(p, o, w)
    best = np.full((n, k), -1, dtype=np.int32)
    best_scores = np.full((n, k), -np.inf, dtype=np.float32)
    feasible = np.zeros(n, dtype=np.int32)
    if len(o) == 0 or k <= 0:
        return TopK(best, best_scores, feasible)
    enough = np.searchsorted(prep.wages, p.min_wage.astype(np.float32), "left").astype(np.int32)
    m = len(o)
    # Reused buffers: fresh large arrays each chunk would cost page faults.
    mask_buffer = np.empty((chunk, m), dtype=bool)
    test_buffer = np.empty((chunk, m), dtype=bool)
    for start in range(0, n, chunk):
        rows = np.arange(start, min(start + chunk, n))
        c = len(rows)
        mask, test = mask_buffer[:c], test_buffer[:c]
        # Prune: shifts, demands and fair chance by class, commute by location, then wage.
        points, passes = prep.commute_tables(rows)
        np.take(prep.class_table(rows), prep.cls, axis=1, out=mask)
        mask &= np.take(passes, prep.loc, axis=1, out=test)
        mask &= np.greater_equal(prep.wage_rank[None, :], enough[rows][:, None], out=test)
        flat = np.flatnonzero(mask).astype(np.int32)  # many times faster than a 2-D nonzero
        if len(flat) == 0:
            continue
        local = flat // np.int32(m)
        opening = flat - local * np.int32(m)
        score = prep.score(rows, local, opening, points, prep.profile_table(rows))
        _keep_best(start, c, k, local, opening, score, best, best_scores, feasible)
    return TopK(best, best_scores, feasible)


def _keep_best(
    start: int,
    c: int,
    k: int,
    local: np.ndarray,
    opening: np.ndarray,
    score: np.ndarray,
    best: np.ndarray,
    best_scores: np.ndarray,
    feasible: np.ndarray,
) -> None:
    """Write each local row's k best (score desc, opening asc) into the result arrays."""
    counts = np.bincount(local, minlength=c)
    feasible[start : start + c] = counts
    width = int(counts.max())
    if width > k:
        # The k-th best score of each row; everything at least as good goes to the final sort.
        row_start = np.cumsum(counts) - counts
        # Negated with +inf padding: selecting the (k-1)-th smallest is many times faster
        # than the k-th largest near the end of a row.
        table = np.full((c, width), np.inf, dtype=np.float32)
        np.put(table, local * width + (np.arange(len(local)) - np.take(row_start, local)), -score)
        kth = np.partition(table, k - 1, axis=1)[:, k - 1]
        chosen = -score <= np.take(kth, local)
        local, opening, score = local[chosen], opening[chosen], score[chosen]
    order = np.lexsort((opening, -score, local))
    local, opening, score = local[order], opening[order], score[order]
    counts = np.bincount(local, minlength=c)
    rank = np.arange(len(local)) - (np.cumsum(counts) - counts)[local]
    take = rank < k
    best[start + local[take], rank[take]] = opening[take]
    best_scores[start + local[take], rank[take]] = score[take]


def explain(
    p: ParticipantArrays, o: OpeningArrays, w: Weights, participant: int, opening: int
) -> Explanation:
    """Each factor's points and each failed constraint for one pair, by key."""
    i, j = participant, opening
    reasons = int(hard_filter(p, o, [i], [j])[0])
    required_cols = set(o.skills.indices[o.skills.indptr[j] : o.skills.indptr[j + 1]].tolist())
    have_cols = set(p.skills.indices[p.skills.indptr[i] : p.skills.indptr[i + 1]].tolist())
    matched = len(required_cols & have_cols)
    coverage = matched / len(required_cols) if required_cols else 0.0
    level = _career_level(p.goals[i], int(o.soc[j]))
    minutes = float(commute_minutes(p, o, [i], [j])[0])
    known = not np.isnan(minutes)
    limit = max(float(p.max_commute[i]), 1.0)
    household = int(p.household[i])
    need = int(p.childcare[i])
    env = int(o.environment[j])
    slots = int(_popcount(o.shifts[j : j + 1])[0])
    scarce = int(_popcount(o.shifts[j : j + 1] & np.uint32(CHILDCARE_SCARCE[need]))[0])
    contributions = {
        "skills": w.skills * coverage,
        "career_goal": w.career_goal * float(_LEVEL_SCORE[level]),
        "job_quality": w.job_quality * float(o.quality_by_household[j, household]) / 100.0,
        "commute": w.commute * (1.0 - minutes / limit) if known else 0.0,
        "benefits": w.benefits * float(_benefit_values(o.benefits[j : j + 1])[0]),
        "environment": (w.environment if env >= 0 and int(p.environments[i]) & (1 << env) else 0.0),
        "childcare": -w.childcare * scarce / slots if scarce else 0.0,
    }
    loss = int(p.loss_factors[i])
    feat = int(_features(o)[j])
    risks = {
        "childcare_shift": bool(loss & CHILDCARE and feat & _FEAT_EVENING_NIGHT),
        "transportation_commute": bool(
            loss & TRANSPORTATION and known and minutes > LONG_COMMUTE_MINUTES
        ),
        "health_physical": bool(loss & HEALTH and feat & _FEAT_PHYSICAL),
        "attendance_schedule": bool(loss & ATTENDANCE and feat & _FEAT_UNSTABLE),
    }
    for key in RISK_KEYS:
        if risks[key]:
            contributions[f"risk_{key}"] = -w.risk
    return Explanation(
        score=sum(contributions.values()),
        contributions=contributions,
        excluded_by=reason_keys(reasons),
        skills_matched=matched,
        skills_required=len(required_cols),
        career_level=SOC_LEVEL_KEYS[level] if level < 4 else None,
        commute_minutes=minutes if known else None,
        household=HOUSEHOLD_KEYS[household],
        childcare_slots=scarce,
        shift_slots=slots,
    )


def best_participants(
    p: ParticipantArrays, o: OpeningArrays, w: Weights, opening: int, k: int = 10
) -> tuple[np.ndarray, np.ndarray]:
    """For one opening, the k best participants passing every hard constraint, best first."""
    rows = np.arange(len(p))
    allowed = rows[hard_filter(p, o, rows, opening) == 0]
    scores = score_pairs(p, o, w, allowed, opening)
    order = np.lexsort((allowed, -scores))[:k]
    return allowed[order].astype(np.int32), scores[order]
