"""Participants and openings as the engine's arrays, built in a fixed number of queries.

`match_arrays` reads whole querysets with `values_list` (one query for participants,
one each for their career goals, skills and past jobs' loss factors, one for
openings, one for the living wage) and never queries per row, so a page for one
participant and an organisation-wide run cost the same six queries.

Encodings are those of `workbridge.core.matching`:

- availability and shifts are the bit masks stored on the rows (bit 4 × day + shift);
- physical limits and demands, loss factors (any past job's) and benefits are bit sets
  of the engine's keys, which are the values of the people app's choices;
- a participant without a lowest acceptable wage has 0;
- places are community-area centroids (`places.py`): the row's community area, else the
  one the ZIP code lies in, else (a ZIP outside Chicago) unknown;
- career goals and an opening's occupation are SOC 2018 codes as integers;
- skills are participants' skill names and openings' required skills, compared without
  case or surrounding spaces. An opening that lists no skills gives no skill points;
- job quality is `jobs.queries.opening_quality`'s score against the living wage of each
  participant's own household type (`core.job_quality.household_type` from the household
  size and children's ages), the latest figure on or before `on`; one column per type;
- the child-care need and the work environments they prefer come from intake; an opening's
  work environment, when stated, is its index in `core.matching.ENVIRONMENT_KEYS`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from scipy import sparse

from workbridge.core import matching
from workbridge.core.job_quality import JobFacts, household_type, job_quality
from workbridge.core.matching import OpeningArrays, ParticipantArrays, bits_of, soc_code
from workbridge.jobs.models import HouseholdType, JobOpening
from workbridge.jobs.queries import living_wages_for
from workbridge.matching.places import points_km
from workbridge.people.models import CareerGoal, Participant, Skill, WorkHistory, ZipCode

# The household type of a participant whose household is not known: one adult, as on the
# opening page.
QUALITY_HOUSEHOLD = HouseholdType.A1C0
CHILDCARE_INDEX = {"daytime": 1, "evenings": 2}  # "none" and "arranged" need nothing


@dataclass(frozen=True)
class MatchArrays:
    """The engine's arrays, with the database ids of their rows."""

    participant_ids: np.ndarray  # int64, row i of `participants` is this participant
    opening_ids: np.ndarray  # int64
    participants: ParticipantArrays
    openings: OpeningArrays
    skill_names: tuple[str, ...]  # the skills matrices' columns

    def participant_index(self, pk: int) -> int:
        """The row of a participant id (ValueError when it is not there)."""
        return _index_of(self.participant_ids, pk)

    def opening_index(self, pk: int) -> int:
        """The row of an opening id (ValueError when it is not there)."""
        return _index_of(self.opening_ids, pk)


def _index_of(ids: np.ndarray, pk: int) -> int:
    i = int(np.searchsorted(ids, pk))
    if i >= len(ids) or ids[i] != pk:
        raise ValueError(f"{pk} is not among the rows")
    return i


def _zip_area(field: str) -> Subquery:
    return Subquery(ZipCode.objects.filter(zip=OuterRef(field)).values("community_area_id")[:1])


def _skill_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _rows_of(ids: np.ndarray, owners: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Each owner's row, and which owners have one (a row added between two queries has not)."""
    owners_array = np.asarray(owners, dtype=np.int64)
    rows = np.minimum(np.searchsorted(ids, owners_array), max(len(ids) - 1, 0)).astype(np.intp)
    found = ids[rows] == owners_array if len(ids) else np.zeros(len(owners), dtype=bool)
    return rows, found


def match_arrays(
    participants: QuerySet[Participant], openings: QuerySet[JobOpening], *, on: date
) -> MatchArrays:
    """Arrays for the given participants and openings, rows in id order, in six queries."""
    people = participants.order_by().values("pk")
    p_rows = list(
        participants.order_by("pk")
        .annotate(
            area=Coalesce("community_area_id", _zip_area("zip_code"), output_field=IntegerField())
        )
        .values_list(
            "pk",
            "availability",
            "physical_limits",
            "transport_mode",
            "max_commute_minutes",
            "min_hourly_wage",
            "needs_fair_chance",
            "area",
            "household_size",
            "children_ages",
            "childcare_need",
            "preferred_environments",
        )
    )
    goal_rows = list(
        CareerGoal.objects.filter(participant__in=people)
        .order_by("participant_id", "-is_primary", "id")
        .values_list("participant_id", "occupation_id")
    )
    skill_rows = list(
        Skill.objects.filter(participant__in=people).values_list("participant_id", "name")
    )
    loss_rows = list(
        WorkHistory.objects.filter(participant__in=people)
        .exclude(loss_factors=[])
        .values_list("participant_id", "loss_factors")
    )
    o_rows = list(
        openings.order_by("pk")
        .annotate(
            area=Coalesce(
                "community_area_id",
                "location__community_area_id",
                _zip_area("zip_code"),
                output_field=IntegerField(),
            )
        )
        .values_list(
            "pk",
            "shifts",
            "physical_demands",
            "hourly_wage",
            "fair_chance",
            "area",
            "occupation_id",
            "hours_per_week",
            "health_insurance",
            "paid_leave",
            "retirement",
            "career_pathway",
            "schedule_stable",
            "positions",
            "required_skills",
            "work_environment",
        )
    )
    living = living_wages_for(on=on) if o_rows else {}
    households = np.array(
        [matching.HOUSEHOLD_KEYS.index(household_type(r[8] or 1, r[9] or ())) for r in p_rows],
        dtype=np.uint8,
    )

    skill_names = tuple(
        sorted(
            {_skill_key(name) for _, name in skill_rows}
            | {_skill_key(name) for r in o_rows for name in (r[14] or ())} - {""}
        )
    )
    p_ids = np.array([r[0] for r in p_rows], dtype=np.int64)
    o_ids = np.array([r[0] for r in o_rows], dtype=np.int64)
    return MatchArrays(
        participant_ids=p_ids,
        opening_ids=o_ids,
        participants=_participant_arrays(
            p_rows, p_ids, goal_rows, skill_rows, loss_rows, skill_names, households
        ),
        openings=_opening_arrays(o_rows, living, set(households.tolist()), skill_names),
        skill_names=skill_names,
    )


def _participant_arrays(
    rows, ids, goal_rows, skill_rows, loss_rows, skill_names, households
) -> ParticipantArrays:
    n = len(rows)
    goals_of: dict[int, list[int]] = {}
    for pk, code in goal_rows:
        goals_of.setdefault(pk, []).append(soc_code(code))
    width = max((len(g) for g in goals_of.values()), default=0) or 1
    goals = np.full((n, width), -1, dtype=np.int32)
    rows_of, found = _rows_of(ids, list(goals_of))
    for i, ok, codes in zip(rows_of, found, goals_of.values(), strict=True):
        if ok:
            goals[i, : len(codes)] = codes

    loss = np.zeros(n, dtype=np.uint8)
    rows_of, found = _rows_of(ids, [pk for pk, _ in loss_rows])
    for i, ok, (_, factors) in zip(rows_of, found, loss_rows, strict=True):
        if ok:
            loss[i] |= bits_of(list(factors or ()), matching.LOSS_FACTOR_KEYS)

    column = {name: j for j, name in enumerate(skill_names)}
    pairs = sorted(
        {(pk, column[key]) for pk, name in skill_rows if (key := _skill_key(name)) in column}
    )
    rows_of, found = _rows_of(ids, [pk for pk, _ in pairs])
    cols = np.array([j for _, j in pairs], dtype=np.intp)
    skills = sparse.csr_array(
        (np.ones(int(found.sum()), dtype=np.uint8), (rows_of[found], cols[found])),
        shape=(n, len(skill_names)),
    )
    x, y = points_km([r[7] for r in rows])
    return ParticipantArrays(
        availability=np.array([r[1] for r in rows], dtype=np.uint32),
        limits=np.array(
            [bits_of(list(r[2] or ()), matching.PHYSICAL_KEYS) for r in rows], dtype=np.uint8
        ),
        transport=np.array([_mode_index(r[3]) for r in rows], dtype=np.uint8),
        max_commute=np.array([r[4] for r in rows], dtype=np.float32),
        min_wage=np.array([float(r[5] or 0) for r in rows], dtype=np.float32),
        needs_fair_chance=np.array([r[6] for r in rows], dtype=bool),
        x_km=x,
        y_km=y,
        goals=goals,
        skills=skills,
        loss_factors=loss,
        household=households,
        childcare=np.array([CHILDCARE_INDEX.get(r[10], 0) for r in rows], dtype=np.uint8),
        environments=np.array(
            [bits_of(list(r[11] or ()), matching.ENVIRONMENT_KEYS) for r in rows], dtype=np.uint8
        ),
    )


def _mode_index(mode: str) -> int:
    # An unknown mode (none exists today) is taken as public transit, the default.
    modes = matching.TRANSPORT_MODES
    return modes.index(mode) if mode in modes else 0


def _quality(row, living_wage: Decimal | None) -> float:
    facts = JobFacts(
        hourly_wage=Decimal(row[3]),
        hours_per_week=row[7],
        health_insurance=row[8],
        paid_leave=row[9],
        retirement=row[10],
        career_pathway=row[11],
        schedule_stable=row[12],
    )
    return float(job_quality(facts, living_wage).score)


def _quality_by_household(rows, living: dict, households: set[int]) -> np.ndarray:
    """Openings × household types; only the types some participant has are scored."""
    keys = matching.HOUSEHOLD_KEYS
    table = np.zeros((len(rows), len(keys)), dtype=np.float32)
    wage_of = {key: (row.hourly_wage if row else None) for key, row in living.items()}
    single = [_quality(r, wage_of.get(QUALITY_HOUSEHOLD)) for r in rows]
    table[:] = np.array(single, dtype=np.float32).reshape(-1, 1)
    for index in sorted(households - {keys.index(QUALITY_HOUSEHOLD)}):
        table[:, index] = [_quality(r, wage_of.get(keys[index])) for r in rows]
    return table


def _opening_arrays(rows, living: dict, households: set[int], skill_names) -> OpeningArrays:
    by_household = _quality_by_household(rows, living, households)
    quality = by_household[:, matching.HOUSEHOLD_KEYS.index(QUALITY_HOUSEHOLD)]
    benefits = [
        (matching.HEALTH_INSURANCE if r[8] else 0)
        | (matching.PAID_LEAVE if r[9] else 0)
        | (matching.RETIREMENT if r[10] else 0)
        for r in rows
    ]
    x, y = points_km([r[5] for r in rows])
    return OpeningArrays(
        shifts=np.array([r[1] for r in rows], dtype=np.uint32),
        demands=np.array(
            [bits_of(list(r[2] or ()), matching.PHYSICAL_KEYS) for r in rows], dtype=np.uint8
        ),
        wage=np.array([float(r[3]) for r in rows], dtype=np.float32),
        fair_chance=np.array([r[4] for r in rows], dtype=bool),
        x_km=x,
        y_km=y,
        soc=np.array([soc_code(r[6] or "") for r in rows], dtype=np.int32),
        quality=np.array(quality, dtype=np.float32),
        benefits=np.array(benefits, dtype=np.uint8),
        schedule_stable=np.array([r[12] for r in rows], dtype=bool),
        skills=_opening_skills(rows, skill_names),
        positions=np.array([r[13] for r in rows], dtype=np.int32),
        quality_by_household=by_household,
        environment=np.array([_environment_index(r[15]) for r in rows], dtype=np.int8).reshape(-1),
    )


def _environment_index(value: str) -> int:
    keys = matching.ENVIRONMENT_KEYS
    return keys.index(value) if value in keys else -1


def _opening_skills(rows, skill_names) -> sparse.csr_array:
    """Openings × skills, 1 where an opening requires the skill."""
    column = {name: j for j, name in enumerate(skill_names)}
    cells = sorted(
        {
            (i, column[key])
            for i, r in enumerate(rows)
            for name in (r[14] or ())
            if (key := _skill_key(name)) in column
        }
    )
    return sparse.csr_array(
        (
            np.ones(len(cells), dtype=np.uint8),
            ([c[0] for c in cells], [c[1] for c in cells]),
        ),
        shape=(len(rows), len(skill_names)),
    )
