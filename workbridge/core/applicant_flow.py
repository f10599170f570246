"""Count an applicant-flow CSV into selections per group, streaming, for adverse-impact analysis.

Two file shapes are read:

- Applicant level: one row per applicant (per requisition), with the columns
  `applicant_id, race_ethnicity, sex, stage_reached` and optionally
  `requisition, job_title, department, year, source, withdrew_at`.
  `stage_reached` is the furthest stage the person reached; they count as
  having reached every stage before it in the stage list (default
  `applied, qualified, screened, interviewed, offered, hired`, matched without
  regard to case or surrounding spaces).
  `withdrew_at`, when filled, is the stage at which the person withdrew; it
  must be the stage they reached (and may stand in for a blank
  `stage_reached`). People who withdrew leave the denominator from that stage
  on: for a step from stage A to stage B they are considered only if they
  withdrew at B or later.
- Counts: `group, considered, selected`, one row per group.

Real exports name and code their columns their own way. `columns` says which heading
holds a field (`race_ethnicity` in a column called `race`), and `values` maps a field's
codes to the names to report (`b` to "Black or African American", `1` to the stage
`callback`), matched without regard to case or surrounding spaces; codes not listed are
kept as written. A file with no `applicant_id` column has its rows numbered instead (each
row is one applicant, so no row can repeat another).

Group names are the values as written (spaces trimmed; a blank value becomes
"(blank)", which counts as unknown). Intersections are joined as
"race × sex", in the order the characteristics were asked for.

Every row is checked before any result is returned; all problems are
reported together, each with its line number in the file (the header is
line 1) and its column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TextIO

from workbridge.core.stats import INTERSECTION_SEPARATOR, GroupCounts

DEFAULT_STAGES: tuple[str, ...] = (
    "applied",
    "qualified",
    "screened",
    "interviewed",
    "offered",
    "hired",
)
CHARACTERISTIC_COLUMNS: dict[str, str] = {"race": "race_ethnicity", "sex": "sex"}
APPLICANT_COLUMNS: tuple[str, ...] = ("applicant_id", "race_ethnicity", "sex", "stage_reached")
# The fields whose codes `values` may map.
VALUE_FIELDS: tuple[str, ...] = ("race_ethnicity", "sex", "stage_reached")
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "requisition",
    "job_title",
    "department",
    "year",
    "source",
    "withdrew_at",
)
COUNTS_COLUMNS: tuple[str, ...] = ("group", "considered", "selected")
FILTER_COLUMNS: tuple[str, ...] = ("requisition", "job_title", "department", "year")
BLANK = "(blank)"
MAX_PROBLEMS_KEPT = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it is and why."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class FlowInputError(ValueError):
    """The input cannot be analysed; `problems` lists what is wrong and where."""

    def __init__(self, problems: Sequence[Problem], total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Step:
    """A selection step from one stage to a later one, as positions in the stage list."""

    stages: tuple[str, ...]
    start: int
    end: int

    @property
    def from_stage(self) -> str:
        return self.stages[self.start]

    @property
    def to_stage(self) -> str:
        return self.stages[self.end]


@dataclass(frozen=True)
class FlowCounts:
    """Group counts for one step, with the rows read, the rows matching the filters, and
    how many of those reached the start of the step but withdrew before its end."""

    counts: list[GroupCounts]
    rows: int
    matched: int
    withdrawn: int


def parse_stages(text: str) -> tuple[str, ...]:
    """A comma-separated stage list, in order; names must be distinct and not blank."""
    stages = tuple(s.strip() for s in text.split(","))
    if any(not s for s in stages):
        raise ValueError("a stage name is blank")
    folded = [s.casefold() for s in stages]
    if len(set(folded)) != len(folded):
        raise ValueError("a stage is listed twice")
    if len(stages) < 2:
        raise ValueError("at least two stages are needed")
    return stages


def stage_position(stages: Sequence[str], name: str) -> int | None:
    """Where a stage name sits in the list, ignoring case and spaces; None if it is not there."""
    wanted = name.strip().casefold()
    for i, stage in enumerate(stages):
        if stage.casefold() == wanted:
            return i
    return None


def step_between(stages: Sequence[str], from_stage: str | None, to_stage: str | None) -> Step:
    """The step from one stage to a later one; defaults are the first and the last stage."""
    start = 0 if from_stage is None else stage_position(stages, from_stage)
    end = len(stages) - 1 if to_stage is None else stage_position(stages, to_stage)
    known = ", ".join(stages)
    if start is None:
        raise ValueError(f"unknown stage {from_stage!r} for --from (the stages are: {known})")
    if end is None:
        raise ValueError(f"unknown stage {to_stage!r} for --to (the stages are: {known})")
    if start >= end:
        raise ValueError(
            f"the --to stage ({stages[end]}) must come after the --from stage ({stages[start]})"
        )
    return Step(tuple(stages), start, end)


def considered_and_selected(reached: int, withdrew_at: int | None, step: Step) -> tuple[bool, bool]:
    """Whether a person is in the step's denominator, and whether they were selected."""
    if reached < step.start:
        return False, False
    if withdrew_at is not None and withdrew_at < step.end:
        return False, False
    return True, reached >= step.end


class _UnreadableRow(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _records(stream: TextIO) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on, skipping blank lines."""
    reader = csv.reader(stream)
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            # a blank line, or one of only commas as spreadsheets write
            if not record or (not record[0].strip() and not "".join(record).strip()):
                continue
            yield start, record
    except csv.Error as exc:
        raise _UnreadableRow(reader.line_num or 1, f"not a readable CSV row ({exc})") from None


def _header(records: Iterator[tuple[int, list[str]]]) -> dict[str, int]:
    try:
        _, header = next(records)
    except StopIteration:
        raise FlowInputError([Problem(1, None, "the file is empty")]) from None
    except _UnreadableRow as exc:
        raise FlowInputError([Problem(exc.line, None, exc.reason)]) from None
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        key = name.strip().lstrip("\ufeff").casefold()
        if key and key not in positions:
            positions[key] = i
    return positions


def _require(positions: Mapping[str, int], columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in positions]
    if missing:
        raise FlowInputError(
            [Problem(1, c, "this column is missing from the header") for c in missing]
        )


class _Problems:
    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.total = 0

    def add(self, line: int, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS_KEPT:
            self.kept.append(Problem(line, column, message))

    def raise_if_any(self) -> None:
        if self.total:
            raise FlowInputError(self.kept, self.total)


def _label(value: str) -> str:
    value = value.strip()
    return value if value else BLANK


def _renamed(
    positions: dict[str, int], columns: Mapping[str, str], problems: _Problems
) -> dict[str, int]:
    """The header positions with each field also found under the heading `columns` gives it."""
    found = dict(positions)
    for name, heading in columns.items():
        at = positions.get(heading.strip().casefold())
        if at is None:
            problems.add(1, heading, f"this column (given for {name}) is missing from the header")
        else:
            found[name.strip().casefold()] = at
    return found


def count_applicants(
    stream: TextIO,
    *,
    step: Step,
    by: Sequence[str] = ("race",),
    filters: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> FlowCounts:
    """Stream an applicant-level CSV into considered and selected counts per group for a step.

    `columns` maps a field to the heading that holds it; `values` maps a field's codes to
    names (see the module's notes). Without an applicant_id column rows are numbered.
    """
    characteristics = list(by)
    for name in characteristics:
        if name not in CHARACTERISTIC_COLUMNS:
            raise ValueError(f"cannot group by {name!r}: use race, sex or race,sex")
    wanted = {k: v.strip().casefold() for k, v in (filters or {}).items() if v is not None}
    for name in wanted:
        if name not in FILTER_COLUMNS:
            raise ValueError(f"cannot filter by {name!r}")

    codes = {
        name: {code.strip().casefold(): target for code, target in mapped.items()}
        for name, mapped in (values or {}).items()
    }
    for name in codes:
        if name not in VALUE_FIELDS:
            raise ValueError(f"cannot map the values of {name!r}: use {', '.join(VALUE_FIELDS)}")
    records = _records(stream)
    positions = _header(records)
    if columns:
        renaming = _Problems()
        positions = _renamed(positions, columns, renaming)
        renaming.raise_if_any()
    numbered = "applicant_id" not in positions
    _require(positions, [*APPLICANT_COLUMNS[1:], *wanted])
    group_at = [positions[CHARACTERISTIC_COLUMNS[c]] for c in characteristics]
    group_codes = [codes.get(CHARACTERISTIC_COLUMNS[c], {}) for c in characteristics]
    stage_codes = codes.get("stage_reached", {})
    id_at = positions.get("applicant_id", 0)
    stage_at = positions["stage_reached"]
    withdrew_col = positions.get("withdrew_at")
    requisition_col = positions.get("requisition")
    filter_at = [(positions[name], value) for name, value in wanted.items()]
    used = (
        {"stage_reached": stage_at}
        if numbered
        else {"applicant_id": id_at, "stage_reached": stage_at}
    )
    used.update({CHARACTERISTIC_COLUMNS[c]: positions[CHARACTERISTIC_COLUMNS[c]] for c in by})
    used.update({name: positions[name] for name in wanted})
    if withdrew_col is not None:
        used["withdrew_at"] = withdrew_col
    needed = max(used.values())

    stage_index = {s.casefold(): i for i, s in enumerate(step.stages)}
    stage_names = ", ".join(step.stages)
    # Caches keyed by the raw cell text: a file repeats a handful of values a
    # million times, so each distinct value is cleaned up only once.
    stage_of_raw: dict[str, int] = {}
    group_of_raw: dict[object, str] = {}
    raw_group = itemgetter(*group_at)
    problems = _Problems()
    totals: dict[str, list[int]] = {}
    seen: set[int] = set()
    rows = matched = withdrawn = 0

    def stage_from(raw: str) -> int | None:
        found = stage_of_raw.get(raw)
        if found is None:
            text = raw.strip().casefold()
            found = stage_index.get(stage_codes.get(text, text).strip().casefold())
            if found is not None:
                stage_of_raw[raw] = found
        return found

    try:
        for line, record in records:
            rows += 1
            if len(record) <= needed:
                first_missing = min((at, name) for name, at in used.items() if at >= len(record))[1]
                problems.add(
                    line,
                    first_missing,
                    f"the row has {len(record)} fields and ends before this column",
                )
                continue

            if not numbered:  # a numbered row is its own applicant: nothing to repeat
                applicant = record[id_at].strip()
                if not applicant:
                    problems.add(line, "applicant_id", "the applicant id is blank")
                else:
                    requisition = (
                        record[requisition_col].strip() if requisition_col is not None else ""
                    )
                    # A 64-bit hash keeps a million ids in tens of MiB; a false
                    # duplicate needs a collision (odds about 1 in 10**7 at 1M rows).
                    key = hash((applicant, requisition))
                    if key in seen:
                        problems.add(
                            line,
                            "applicant_id",
                            f"applicant {applicant!r} appears more than once"
                            + (f" for requisition {requisition!r}" if requisition else ""),
                        )
                    seen.add(key)

            raw_stage = record[stage_at]
            withdrew = None
            raw_withdrew = ""
            if withdrew_col is not None and record[withdrew_col] and record[withdrew_col].strip():
                raw_withdrew = record[withdrew_col].strip()
                withdrew = stage_from(raw_withdrew)
                if withdrew is None:
                    problems.add(
                        line,
                        "withdrew_at",
                        f"unknown stage {raw_withdrew!r} (the stages are: {stage_names})",
                    )
                    continue
            reached = stage_of_raw.get(raw_stage)
            if reached is None:
                reached = stage_from(raw_stage)
            if reached is None:
                if not raw_stage.strip() and withdrew is not None:
                    reached = withdrew
                else:
                    problems.add(
                        line,
                        "stage_reached",
                        f"unknown stage {raw_stage.strip()!r} (the stages are: {stage_names})"
                        if raw_stage.strip()
                        else "the stage reached is blank",
                    )
                    continue
            elif withdrew is not None and withdrew != reached:
                problems.add(
                    line,
                    "withdrew_at",
                    f"withdrew at {raw_withdrew!r} but the stage reached is"
                    f" {raw_stage.strip()!r}; a person withdraws at the last stage they reached",
                )
                continue

            if filter_at and any(record[i].strip().casefold() != value for i, value in filter_at):
                continue
            matched += 1
            # the rule of `considered_and_selected`, inlined: this loop runs per row
            if reached < step.start:
                continue
            if withdrew is not None and withdrew < step.end:
                withdrawn += 1
                continue
            raw = raw_group(record)
            group = group_of_raw.get(raw)
            if group is None:
                parts = raw if isinstance(raw, tuple) else (raw,)
                group = group_of_raw[raw] = INTERSECTION_SEPARATOR.join(
                    _label(mapped.get(p.strip().casefold(), p))
                    for p, mapped in zip(parts, group_codes, strict=True)
                )
            tally = totals.get(group)
            if tally is None:
                tally = totals[group] = [0, 0]
            tally[0] += 1
            if reached >= step.end:
                tally[1] += 1
    except _UnreadableRow as exc:
        problems.add(exc.line, None, exc.reason)

    if rows == 0:
        problems.add(1, None, "the file has a header but no applicant rows")
    problems.raise_if_any()
    return FlowCounts(
        counts=[GroupCounts(g, c, s) for g, (c, s) in totals.items()],
        rows=rows,
        matched=matched,
        withdrawn=withdrawn,
    )


def read_counts(stream: TextIO) -> list[GroupCounts]:
    """Read a `group, considered, selected` CSV, checking every row."""
    records = _records(stream)
    positions = _header(records)
    _require(positions, COUNTS_COLUMNS)
    group_at, considered_at, selected_at = (positions[c] for c in COUNTS_COLUMNS)
    needed = max(group_at, considered_at, selected_at)
    problems = _Problems()
    counts: list[GroupCounts] = []
    first_line: dict[str, int] = {}
    try:
        for line, record in records:
            if len(record) <= needed:
                problems.add(line, None, f"the row has {len(record)} fields, expected {needed + 1}")
                continue
            group = _label(record[group_at])
            numbers: dict[str, int] = {}
            for column, at in (("considered", considered_at), ("selected", selected_at)):
                raw = record[at].strip()
                try:
                    value = int(raw)
                except ValueError:
                    problems.add(line, column, f"{raw!r} is not a whole number")
                    continue
                if value < 0:
                    problems.add(line, column, f"{value} is negative")
                    continue
                numbers[column] = value
            if group in first_line:
                problems.add(
                    line, "group", f"group {group!r} already appears on line {first_line[group]}"
                )
                continue
            first_line[group] = line
            if len(numbers) < 2:
                continue
            if numbers["selected"] > numbers["considered"]:
                problems.add(
                    line,
                    "selected",
                    f"selected ({numbers['selected']}) is more than considered"
                    f" ({numbers['considered']})",
                )
                continue
            counts.append(GroupCounts(group, numbers["considered"], numbers["selected"]))
    except _UnreadableRow as exc:
        problems.add(exc.line, None, exc.reason)
    if not first_line and not problems.total:
        problems.add(1, None, "the file has a header but no group rows")
    problems.raise_if_any()
    return counts
