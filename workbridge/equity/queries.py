"""Reads for hiring equity: the applicant flow counted per group and stage, for reports.

Counts come from `FlowCount` (kept current by the import): one row per year,
department, title, race and sex with a column per stage, so a report reads a few rows
(a few thousand for every title at once) instead of scanning the applicants; a
requisition's counts come from its own applicant rows (the requisition's index). Every
read is scoped to one organisation, and nothing here returns an applicant: only counts.
A furthest stage past the organisation's last stage counts at the last stage.

The stage rule is `workbridge.core.applicant_flow.considered_and_selected`: for a step
from stage a to stage b, a person is considered when they reached a and did not
withdraw before b; selected when they reached b. With `ended[s]` the people whose
furthest stage is s and `withdrew[s]` those of them who withdrew there:

    selected   = sum of ended[s] for s >= b
    considered = sum of ended[s] for s >= a, less withdrew[s] for a <= s < b
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import Count

from workbridge.accounts.models import Organisation
from workbridge.core.applicant_flow import Step
from workbridge.core.stats import INTERSECTION_SEPARATOR, UNKNOWN_LABELS, GroupCounts
from workbridge.equity.models import (
    ENDED_COLUMNS,
    MAX_STAGES,
    WITHDREW_COLUMNS,
    Applicant,
    FlowCount,
    Requisition,
)
from workbridge.people.choices import EeoCategory, Sex

BLANK = "(blank)"
RACES: tuple[str, ...] = tuple(EeoCategory.values)
SEXES: tuple[str, ...] = (*Sex.values, BLANK)
# Values that mean membership is unknown, as stored ("prefer_not", "not_disclosed",
# a blank sex), on top of the statistics module's own list.
# Veteran and disability status, as the import brings them with each applicant. The flow
# summary holds race and sex only, so these breakdowns count the applicants themselves.
# Their group names say what they are (a plain "yes" would not).
STATUS_GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "veteran": (
        ("yes", "veteran"),
        ("no", "not_veteran"),
        ("prefer_not", "veteran_prefer_not"),
        ("", "veteran_not_recorded"),
    ),
    "disability": (
        ("yes", "disability"),
        ("no", "no_disability"),
        ("prefer_not", "disability_prefer_not"),
        ("", "disability_not_recorded"),
    ),
}
UNKNOWN_GROUPS: frozenset[str] = UNKNOWN_LABELS | {
    "prefer_not",
    "not_disclosed",
    BLANK,
    "veteran_prefer_not",
    "veteran_not_recorded",
    "disability_prefer_not",
    "disability_not_recorded",
}
BY_CHOICES: tuple[str, ...] = ("race", "sex", "race_sex", *STATUS_GROUPS)


@dataclass(frozen=True)
class FlowFilters:
    """What a report counts: all of the organisation's applicants, or a slice of them."""

    year: int | None = None
    department: str = ""
    job_title: str = ""
    requisition: Requisition | None = None


@dataclass(frozen=True)
class FlowTable:
    """Applicants by race (rows of RACES), sex (SEXES) and furthest stage, withdrawn or not.

    `ended[r, s, k]` counts everyone whose furthest stage is k; `withdrew[r, s, k]`
    those of them who withdrew at k.
    """

    stages: tuple[str, ...]
    ended: np.ndarray
    withdrew: np.ndarray

    @property
    def applicants(self) -> int:
        return int(self.ended.sum())


def sex_key(value: str) -> str:
    """The group name of a stored sex value (blank when not recorded)."""
    return value or BLANK


def group_names(by: str) -> list[str]:
    """Every group a breakdown can have, in display order."""
    if by == "race":
        return list(RACES)
    if by == "sex":
        return list(SEXES)
    if by == "race_sex":
        return [f"{r}{INTERSECTION_SEPARATOR}{s}" for r in RACES for s in SEXES]
    if by in STATUS_GROUPS:
        return [name for _value, name in STATUS_GROUPS[by]]
    raise ValueError(f"unknown breakdown {by!r}")


def steps_for(stages: Sequence[str]) -> list[Step]:
    """Each step from one stage to the next, then the whole process (first to last)."""
    names = tuple(stages)
    steps = [Step(names, i, i + 1) for i in range(len(names) - 1)]
    if len(names) > 2:
        steps.append(Step(names, 0, len(names) - 1))
    return steps


def _empty(stages: Sequence[str]) -> np.ndarray:
    return np.zeros((len(RACES), len(SEXES), len(stages)), dtype=np.int64)


def _fill(stages: Sequence[str], rows: Iterable[tuple[str, str, int, bool, int]]) -> FlowTable:
    ended = _empty(stages)
    withdrew = _empty(stages)
    race_at = {r: i for i, r in enumerate(RACES)}
    sex_at = {s: i for i, s in enumerate(SEXES)}
    last = len(stages) - 1
    for race, sex, stage, gone, n in rows:
        r = race_at.get(race, race_at[EeoCategory.NOT_DISCLOSED])
        s = sex_at.get(sex_key(sex), sex_at[BLANK])
        k = min(int(stage), last)
        ended[r, s, k] += n
        if gone:
            withdrew[r, s, k] += n
    return FlowTable(tuple(stages), ended, withdrew)


def flow_table(
    organisation: Organisation, stages: Sequence[str], filters: FlowFilters
) -> FlowTable:
    """The organisation's applicants counted by group and furthest stage, for the filters."""
    if filters.requisition is not None:
        if filters.requisition.organisation_id != organisation.pk:
            raise ValueError("the requisition belongs to another organisation")
        rows = (
            Applicant.objects.filter(requisition=filters.requisition)
            .values_list("eeo_category", "sex", "reached", "withdrew")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return _fill(stages, rows)
    where, params = ["organisation_id = %s"], [organisation.pk]
    for column, value in (
        ("year", filters.year),
        ("department", filters.department),
        ("job_title", filters.job_title),
    ):
        if value not in (None, ""):
            where.append(f"{column} = %s")
            params.append(value)
    ended, withdrew = _stage_sql(stages)
    if filters.year is not None and filters.department and filters.job_title:
        # one row per group already: read the columns as they are
        select, group_by = [*ended, *withdrew], ""
    else:
        select = [f"CAST(SUM({e}) AS BIGINT)" for e in (*ended, *withdrew)]
        group_by = " GROUP BY eeo_category, sex"
    sql = (
        f"SELECT eeo_category, sex, {', '.join(select)} "  # noqa: S608
        f"FROM {FlowCount._meta.db_table} WHERE {' AND '.join(where)}{group_by}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _table_from_columns(stages, rows)


def status_flow_table(
    organisation: Organisation, stages: Sequence[str], filters: FlowFilters, by: str
) -> FlowTable:
    """Applicants by veteran or disability status (`by`) and furthest stage, for the filters.

    The table has the status groups (`group_names(by)`) on its first axis and a single
    column on its second, so `by_group(table, by)` and every step count read it as they
    read a race × sex table.
    """
    applicants = Applicant.objects.filter(organisation=organisation)
    if filters.requisition is not None:
        if filters.requisition.organisation_id != organisation.pk:
            raise ValueError("the requisition belongs to another organisation")
        applicants = applicants.filter(requisition=filters.requisition)
    else:
        if filters.year is not None:
            applicants = applicants.filter(requisition__year=filters.year)
        if filters.department:
            applicants = applicants.filter(requisition__department=filters.department)
        if filters.job_title:
            applicants = applicants.filter(requisition__job_title=filters.job_title)
    groups = STATUS_GROUPS[by]
    at = {value: i for i, (value, _name) in enumerate(groups)}
    not_recorded = at[""]
    ended = np.zeros((len(groups), 1, len(stages)), dtype=np.int64)
    withdrew = np.zeros_like(ended)
    last = len(stages) - 1
    rows = applicants.values_list(by, "reached", "withdrew").annotate(n=Count("pk")).order_by()
    for value, reached, gone, n in rows:
        g, k = at.get(value, not_recorded), min(int(reached), last)
        ended[g, 0, k] += n
        if gone:
            withdrew[g, 0, k] += n
    return FlowTable(tuple(stages), ended, withdrew)


def _stage_sql(stages: Sequence[str]) -> tuple[list[str], list[str]]:
    """SQL for each stage's people who ended there, and who withdrew there, from the columns.

    The last stage also takes every column past it (`min(stage, last)`); a stage past the
    summary's columns has nobody.
    """
    last = len(stages) - 1
    ended, withdrew = [], []
    for k in range(len(stages)):
        at = range(k, MAX_STAGES) if k == last else range(k, min(k + 1, MAX_STAGES))
        gone = [WITHDREW_COLUMNS[j] for j in at]
        everyone = [ENDED_COLUMNS[j] for j in at] + gone
        ended.append(" + ".join(everyone) or "0")
        withdrew.append(" + ".join(gone) or "0")
    return ended, withdrew


def _table_from_columns(stages: Sequence[str], rows: Sequence[tuple]) -> FlowTable:
    """A flow table from rows of (race, sex, ended per stage…, withdrew per stage…)."""
    race_at = {r: i for i, r in enumerate(RACES)}
    sex_at = {s: i for i, s in enumerate(SEXES)}
    sex_at[""] = sex_at[BLANK]
    unknown_race = race_at[EeoCategory.NOT_DISCLOSED]
    n, k = len(rows), len(stages)
    race = np.fromiter((race_at.get(r[0], unknown_race) for r in rows), np.int64, n)
    sex = np.fromiter((sex_at.get(r[1], sex_at[BLANK]) for r in rows), np.int64, n)
    values = np.array([r[2:] for r in rows], dtype=np.int64).reshape(n, 2 * k)
    ended, withdrew = _empty(stages), _empty(stages)
    # unknown values fall into one group, so rows may share a cell: add them up
    np.add.at(ended, (race, sex), values[:, :k])
    np.add.at(withdrew, (race, sex), values[:, k:])
    return FlowTable(tuple(stages), ended, withdrew)


def by_group(table: np.ndarray, by: str) -> np.ndarray:
    """A race × sex × ... array summed to the breakdown's groups (first axis: groups)."""
    if by == "race":
        return table.sum(axis=1)
    if by == "sex":
        return table.sum(axis=0)
    if by == "race_sex":
        return table.reshape(len(RACES) * len(SEXES), *table.shape[2:])
    if by in STATUS_GROUPS:
        # a status table (`status_flow_table`): groups on the first axis, one column
        return table.sum(axis=1)
    raise ValueError(f"unknown breakdown {by!r}")


def reached_counts(ended: np.ndarray) -> np.ndarray:
    """From people by furthest stage (last axis) to people who reached each stage."""
    return np.flip(np.cumsum(np.flip(ended, axis=-1), axis=-1), axis=-1)


def step_arrays(ended: np.ndarray, withdrew: np.ndarray, step: Step) -> tuple[np.ndarray, ...]:
    """(considered, selected) for a step, for arrays whose last axis is the stage."""
    reached = reached_counts(ended)
    selected = reached[..., step.end]
    gone = withdrew[..., step.start : step.end].sum(axis=-1)
    considered = reached[..., step.start] - gone
    return considered, selected


def step_counts(table: FlowTable, step: Step, by: str) -> list[GroupCounts]:
    """Considered and selected per group for one step; groups nobody belongs to are left out."""
    ended = by_group(table.ended, by)
    withdrew = by_group(table.withdrew, by)
    considered, selected = step_arrays(ended, withdrew, step)
    present = ended.sum(axis=-1) > 0
    return [
        GroupCounts(name, int(c), int(s))
        for name, c, s, here in zip(
            group_names(by), considered.tolist(), selected.tolist(), present.tolist(), strict=True
        )
        if here
    ]


def funnel_counts(table: FlowTable, by: str) -> list[tuple[str, list[int], int]]:
    """Per group present: how many reached each stage, and how many withdrew in all."""
    ended = by_group(table.ended, by)
    withdrew = by_group(table.withdrew, by)
    reached = reached_counts(ended)
    out = []
    for name, row, gone in zip(
        group_names(by), reached.tolist(), withdrew.sum(axis=-1).tolist(), strict=True
    ):
        if row[0] > 0:
            out.append((name, row, gone))
    return out


# Choices for the filter form ---------------------------------------------------------


def flow_years(organisation: Organisation) -> list[int]:
    """The report years the organisation has requisitions for, newest first."""
    return list(
        Requisition.objects.filter(organisation=organisation)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def flow_departments(organisation: Organisation) -> list[str]:
    """Every department with a requisition, in alphabetical order."""
    return list(
        Requisition.objects.filter(organisation=organisation)
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def flow_job_titles(organisation: Organisation) -> list[str]:
    """Every job title with a requisition, in alphabetical order."""
    return list(
        Requisition.objects.filter(organisation=organisation)
        .order_by("job_title")
        .values_list("job_title", flat=True)
        .distinct()
    )


def requisition_find(organisation: Organisation, external_id: str) -> Requisition | None:
    """The organisation's requisition with this id, or None (another organisation's too)."""
    return Requisition.objects.filter(
        organisation=organisation, external_id=external_id.strip()
    ).first()


# Every job title at once, for the full report -----------------------------------------


@dataclass(frozen=True)
class TitleTables:
    """Flow tables for many (year, job title) cells at once: first axis the cell."""

    cells: list[tuple[int, str]]
    stages: tuple[str, ...]
    ended: np.ndarray  # cell × race × sex × stage
    withdrew: np.ndarray


def title_tables(
    organisation: Organisation, stages: Sequence[str], *, year: int | None = None
) -> TitleTables:
    """Applicant counts for every (year, job title) of the organisation (one year, or all).

    The summary already has one row per year × department × title × race × sex with a
    column per stage, so the database only reads it (a few tens of thousands of rows at
    city scale, through the cursor, since the ORM's per-row conversions would cost more
    than the query); a title in several departments is added up here.
    """
    where, params = "organisation_id = %s", [organisation.pk]
    if year is not None:
        where += " AND year = %s"
        params.append(year)
    ended, withdrew = _stage_sql(stages)
    sql = (
        f"SELECT year, job_title, eeo_category, sex, {', '.join([*ended, *withdrew])} "  # noqa: S608
        f"FROM {FlowCount._meta.db_table} WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return title_tables_from_pivot(stages, rows)


def title_tables_from_pivot(stages: Sequence[str], rows: Sequence[tuple]) -> TitleTables:
    """`title_tables` from rows of (year, title, race, sex, ended per stage…, withdrew…).

    "Ended" at a stage counts everyone whose furthest stage it is, withdrawn or not.
    """
    k = len(stages)
    if not rows:
        shape = (0, len(RACES), len(SEXES), k)
        return TitleTables([], tuple(stages), np.zeros(shape, np.int64), np.zeros(shape, np.int64))
    race_at = {r: i for i, r in enumerate(RACES)}
    sex_at = {s: i for i, s in enumerate(SEXES)}
    sex_at[""] = sex_at[BLANK]
    unknown_race, blank_sex = race_at[EeoCategory.NOT_DISCLOSED], sex_at[BLANK]
    years, titles, races, sexes, *columns = zip(*rows, strict=True)
    keys = list(zip(years, titles, strict=True))
    cell_at = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    cell = np.array([cell_at[key] for key in keys], dtype=np.int64)
    race = np.array([race_at.get(r, unknown_race) for r in races], dtype=np.int64)
    sex = np.array([sex_at.get(x, blank_sex) for x in sexes], dtype=np.int64)
    # one title in several departments is one row per department: add them up
    at = (cell * len(RACES) + race) * len(SEXES) + sex
    size = len(cell_at) * len(RACES) * len(SEXES)
    sums = np.stack(
        [
            # weights are added as floats: exact, since counts are far below 2**53
            np.bincount(at, weights=np.fromiter(column, np.float64, len(at)), minlength=size)
            for column in columns
        ],
        axis=-1,
    )
    sums = sums.astype(np.int64).reshape(len(cell_at), len(RACES), len(SEXES), 2 * k)
    return TitleTables(list(cell_at), tuple(stages), sums[..., :k], sums[..., k:])


def cell_step_arrays(
    tables: TitleTables, step: Step, by: str
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Group names, and people considered and selected as cell × group arrays, at a step."""
    names, considered, selected = cell_steps_arrays(tables, [step], by)
    return names, considered[0], selected[0]


def cell_steps_arrays(
    tables: TitleTables, steps: Sequence[Step], by: str
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Group names, and people considered and selected as step × cell × group arrays."""
    names = group_names(by)
    ended, withdrew = tables.ended, tables.withdrew
    if by == "race":
        ended, withdrew = ended.sum(axis=2), withdrew.sum(axis=2)
    elif by == "sex":
        ended, withdrew = ended.sum(axis=1), withdrew.sum(axis=1)
    else:
        shape = (len(tables.cells), len(names), len(tables.stages))
        ended, withdrew = ended.reshape(shape), withdrew.reshape(shape)
    reached = reached_counts(ended)
    gone = np.cumsum(withdrew, axis=-1)  # withdrew at a stage before the next one
    selected = np.stack([reached[..., s.end] for s in steps])
    considered = np.stack(
        [
            reached[..., s.start]
            - gone[..., s.end - 1]
            + (gone[..., s.start - 1] if s.start else 0)
            for s in steps
        ]
    )
    return names, considered, selected


def cell_step_counts(tables: TitleTables, step: Step, by: str) -> list[list[GroupCounts]]:
    """For every cell, considered and selected per group with anyone considered at a step."""
    if not tables.cells:
        return []
    names, considered, selected = cell_step_arrays(tables, step, by)
    out: list[list[GroupCounts]] = []
    for c_row, s_row in zip(considered.tolist(), selected.tolist(), strict=True):
        out.append(
            [
                GroupCounts(name, c, s)
                for name, c, s in zip(names, c_row, s_row, strict=True)
                if c > 0
            ]
        )
    return out
