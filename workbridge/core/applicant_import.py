"""Reading and checking an applicant-flow export, one row per applicant per requisition.

The usual applicant-tracking export repeats the requisition's columns (department,
title, EEO-4 job category, salary range, posting date, where it was posted) on every
applicant's row. This module streams such a file (CSV or XLSX), checks every value,
and yields compact tuples ready for a bulk load; nothing here touches a database.

Assumptions:
- Row numbers are the spreadsheet's: the heading row is row 1 and the first applicant
  row 2; blank rows are skipped but still counted, so a number matches what a person
  sees when they open the file.
- Race and ethnicity follow OMB SPD 15 (2024): one or more of the seven minimum
  categories, separated by ``;`` or ``|``, given as keys or labels in any case; "prefer
  not to say" is a value of its own and a blank is "not asked or not answered". The EEO
  seven-category value is derived with ``core.demographics.eeo_category``.
- The stage reached is a name from the organisation's stage list; a person counts as
  having reached every stage before it. A date may be given for each stage reached,
  in a column named after the stage (``interviewed_date``), but not for a later stage.
- A requisition's own columns must agree on every row of the file: two job titles
  for one requisition id are a problem naming both rows.
- Lookups (choices, ZIP codes, job fairs) are precompiled into dictionaries and every
  distinct cell text is parsed once, so a million rows check in seconds, not minutes.

Problems carry a code and parameters; the app turns them into translated sentences.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import Any

from workbridge.core.demographics import SPD15_CATEGORIES, eeo_category
from workbridge.core.spd15_detail import DETAIL_TO_MINIMUM
from workbridge.core.spreadsheets import Problem, ValueProblem, parse_date

MAX_PROBLEMS_KEPT = 1000

REQUISITION_FIELDS: tuple[str, ...] = (
    "department",
    "job_title",
    "eeo4_category",
    "salary_min",
    "salary_max",
    "posting_date",
    "year",
    "source_channels",
)
APPLICANT_FIELDS: tuple[str, ...] = (
    "applicant_id",
    "race_ethnicity",
    "race_detail",
    "sex",
    "veteran",
    "disability",
    "home_zip",
    "heard_about",
    "job_fair",
    "stage_reached",
    "withdrew",
)
FIELDS: tuple[str, ...] = ("requisition_id", *REQUISITION_FIELDS, *APPLICANT_FIELDS)
# Without an applicant id column the row number stands in (``NUMBERED_PREFIX``); without a
# stage column, outcome columns (``stage_flag_field``) can say which stages were reached.
REQUIRED_FIELDS: frozenset[str] = frozenset({"requisition_id", "department", "job_title"})
NUMBERED_PREFIX = "#"
# What a value mapping may map a race code to besides a category key.
RACE_PREFER_NOT = "prefer_not"
RACE_NOT_DISCLOSED = "not_disclosed"
MAX_LENGTHS: dict[str, int] = {
    "requisition_id": 64,
    "department": 120,
    "job_title": 160,
    "applicant_id": 64,
    "race_detail": 200,
    "heard_about": 120,
}
# The columns of one applicant as loaded, in this order (the requisition is its id in the
# file; the loader replaces it with the database key).
APPLICANT_COLUMNS: tuple[str, ...] = (
    "requisition",
    "external_id",
    "race_categories",
    "race_detail",
    "race_prefer_not",
    "eeo_category",
    "sex",
    "veteran",
    "disability",
    "home_zip",
    "community_area_id",
    "heard_about",
    "job_fair_id",
    "reached",
    "withdrew",
    "stage_dates",
)
# One applicant's values, in APPLICANT_COLUMNS order.
ApplicantValues = tuple[Any, ...]

PREFER_NOT_WORDS = frozenset(
    {"prefernottosay", "prefernottoanswer", "declined", "declinetoanswer", "prefernot"}
)
YES_WORDS = frozenset({"yes", "y", "true", "1", "x", "si", "sí"})
NO_WORDS = frozenset({"no", "n", "false", "0"})
_NON_ALNUM = re.compile(r"[^0-9a-zà-ÿ]+")


def normalise(text: str) -> str:
    """Lower case without spaces or punctuation, so "Black or African-American" matches."""
    return _NON_ALNUM.sub("", text.lower())


def stage_date_field(stage: str) -> str:
    """The field (and usual column heading) for the date a stage was reached."""
    return f"{normalise(stage) or 'stage'}_date"


def stage_flag_field(stage: str) -> str:
    """The field for an outcome column saying a stage was reached (1, yes, or a date)."""
    return f"{normalise(stage) or 'stage'}_reached"


@dataclass(frozen=True)
class Lookups:
    """What cell texts may say, precompiled by the app from its choices and tables.

    Each mapping goes from ``normalise(text)`` to the stored key.
    """

    stages: Sequence[str]
    races: Mapping[str, str]
    sexes: Mapping[str, str]
    yes_no_prefer_not: Mapping[str, str]
    eeo4_categories: Mapping[str, str]
    job_fairs: Mapping[str, int]
    # Chicago ZIP code -> community area id
    zip_areas: Mapping[str, int]
    # The analyst's value mapping for the stage, department and source columns.
    stage_aliases: Mapping[str, int] = field(default_factory=dict)
    departments: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)


@dataclass
class RequisitionRow:
    """A requisition as the file describes it, with the first row that did."""

    row: int
    external_id: str
    department: str
    job_title: str
    eeo4_category: str
    salary_min: Decimal | None
    salary_max: Decimal | None
    posting_date: date | None
    year: int
    source_channels: list[str]
    raw: tuple[str, ...]
    # The cells as written (before trimming), for a quick comparison with later rows.
    cells: tuple[str, ...] = ()


# Parsing values -----------------------------------------------------------------


_MISSING = object()
_BAD = object()


def parse_money(text: str) -> Decimal:
    """A salary cell as dollars and cents: ``$`` and thousands commas allowed, under 100 million."""
    try:
        value = Decimal(text.replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        raise ValueProblem("not_number") from None
    if not value.is_finite() or value < 0 or value >= Decimal("100000000"):
        raise ValueProblem("not_salary")
    return value.quantize(Decimal("0.01"))


def parse_year(text: str) -> int:
    """A year cell, from 1900 to 2200 (``2024.0`` from a spreadsheet counts as 2024)."""
    try:
        year = int(Decimal(text.strip()))
    except (InvalidOperation, ValueError):
        raise ValueProblem("not_year") from None
    if not 1900 <= year <= 2200:
        raise ValueProblem("not_year")
    return year


def split_list(text: str) -> list[str]:
    """The items of a cell that lists several, separated by ``;`` or ``|``, blanks dropped."""
    return [part.strip() for part in text.replace("|", ";").split(";") if part.strip()]


def parse_race(text: str, races: Mapping[str, str]) -> tuple[str, bool, str, str]:
    """A race and ethnicity cell (OMB SPD 15 categories separated by ``;`` or ``|``, or
    "prefer not to say") as (the categories as JSON, prefer not to say, the EEO category,
    the detailed categories given); ``races`` maps ``normalise(text)`` to a category key,
    ``RACE_PREFER_NOT`` or ``RACE_NOT_DISCLOSED``. A blank is "[]", not disclosed. SPD 15's
    detailed categories (Filipino, Mexican, ...) roll up to their minimum category and are
    kept as the detail."""
    parts = split_list(text)
    if not parts:
        return "[]", False, eeo_category([]), ""
    keys = set()
    details = []
    prefer_not = False
    for part in parts:
        norm = normalise(part)
        key = races.get(norm)
        if key is None:
            if norm in PREFER_NOT_WORDS:
                key = RACE_PREFER_NOT
            else:
                key = DETAIL_TO_MINIMUM.get(norm)
                if key is None:
                    raise ValueProblem("not_race", value=part)
                details.append(part)
        if key == RACE_PREFER_NOT:
            prefer_not = True
        elif key != RACE_NOT_DISCLOSED:
            keys.add(key)
    if prefer_not and keys:
        raise ValueProblem("race_and_prefer_not")
    ordered = [k for k in SPD15_CATEGORIES if k in keys]
    eeo = eeo_category(ordered, prefer_not_to_say=prefer_not)
    return json.dumps(ordered), prefer_not, eeo, "; ".join(details)[:200]


class ApplicantFileReader:
    """Checks the rows of one file against one column mapping and the lookups.

    ``applicants(rows)`` yields ``(row, tuple in APPLICANT_COLUMNS order)`` for every row
    without a problem; problems are collected in ``problems`` (the first
    ``MAX_PROBLEMS_KEPT``) and counted in ``problems_total``; ``requisitions`` holds each
    requisition as first described. Repeated applicants and requisitions whose rows
    disagree are found here too, so one pass over the file finds everything.
    """

    def __init__(
        self,
        headers: Sequence[str],
        mapping: Mapping[str, str],
        lookups: Lookups,
        *,
        keep: int = MAX_PROBLEMS_KEPT,
    ):
        self.headers = list(headers)
        self.lookups = lookups
        self.keep = keep
        self.problems: list[Problem] = []
        self.problems_total = 0
        self.rows_read = 0
        self.requisitions: dict[str, RequisitionRow] = {}
        self.stage_fields = [stage_date_field(s) for s in lookups.stages]
        self.flag_fields = [stage_flag_field(s) for s in lookups.stages]
        position = {h: i for i, h in enumerate(self.headers) if h}
        self.width = len(self.headers)
        self.heading: dict[str, str] = {}
        self.index: dict[str, int] = {}
        self.missing: list[str] = []
        for key in (*FIELDS, *self.stage_fields, *self.flag_fields):
            heading = mapping.get(key, "")
            if heading and heading in position:
                self.heading[key] = heading
                self.index[key] = position[heading]
            else:
                # Unmapped fields read the empty cell added at the end of every row.
                self.heading[key] = key
                self.index[key] = self.width
                if key in REQUIRED_FIELDS:
                    self.missing.append(key)
        # Outcome columns: (stage position, column) for each stage one says was reached.
        self.flags = [
            (position, self.index[key])
            for position, key in enumerate(self.flag_fields)
            if self.index[key] != self.width
        ]
        self.stage_given = self.index["stage_reached"] != self.width
        if not self.stage_given and not self.flags:
            self.missing.append("stage_reached")
        # Without an applicant id, the row number stands in (and a re-import replaces).
        self.numbered = self.index["applicant_id"] == self.width
        self._seen: dict[int, int] = {}

    # Problems ---

    def problem(self, row: int, key: str, code: str, **params: Any) -> None:
        self.problems_total += 1
        if len(self.problems) < self.keep:
            self.problems.append(Problem(row, self.heading.get(key, key), code, params))

    def check_mapping(self) -> bool:
        """Whether every required field has a column; a row-1 problem for each that has none."""
        for key in self.missing:
            self.problem(1, key, "choose_column", field=key)
        return not self.missing

    # Cell parsers: each raises ValueProblem; the row loop caches what they return per
    # distinct text.

    def _parse_race(self, text: str) -> tuple[str, bool, str, str]:
        return parse_race(text, self.lookups.races)

    @staticmethod
    def _chooser(choices: Mapping[str, str]) -> Callable[[str], str]:
        accepted = list(dict.fromkeys(choices.values()))

        def parse(text: str) -> str:
            norm = normalise(text)
            if not norm:
                return ""
            key = choices.get(norm)
            if key is None:
                raise ValueProblem("not_choice", value=text.strip(), choices=list(accepted))
            return key

        return parse

    def _parse_zip(self, text: str) -> tuple[str, int | None]:
        value = text.strip()
        if not value:
            return "", None
        five = value[:5]
        if len(five) != 5 or not five.isdigit() or (len(value) > 5 and value[5] != "-"):
            raise ValueProblem("not_zip", value=value)
        return five, self.lookups.zip_areas.get(five)

    def _parse_fair(self, text: str) -> int | None:
        norm = normalise(text)
        if not norm:
            return None
        fair = self.lookups.job_fairs.get(norm)
        if fair is None:
            raise ValueProblem("unknown_job_fair", value=text.strip())
        return fair

    def _parse_stage(self, text: str) -> int:
        norm = normalise(text)
        if not norm:
            raise ValueProblem("required")
        alias = self.lookups.stage_aliases.get(norm)
        if alias is not None:
            return alias
        for i, stage in enumerate(self.lookups.stages):
            if normalise(stage) == norm:
                return i
        raise ValueProblem("not_stage", value=text.strip(), stages=", ".join(self.lookups.stages))

    @staticmethod
    def _parse_flag(text: str) -> bool:
        """An outcome cell: 1, yes or a date say the stage was reached; 0, no or blank not."""
        word = text.strip().lower()
        if not word or word in NO_WORDS:
            return False
        if word in YES_WORDS:
            return True
        try:
            parse_date(word)
        except ValueProblem:
            raise ValueProblem("not_outcome", value=text.strip()) from None
        return True

    @staticmethod
    def _parse_withdrew(text: str) -> bool:
        word = text.strip().lower()
        if not word or word in NO_WORDS:
            return False
        if word in YES_WORDS:
            return True
        raise ValueProblem("not_yes_no", value=text.strip())

    @staticmethod
    def _parse_stage_date(text: str) -> str:
        """A date as its JSON text (quoted ISO date), or "" for a blank cell."""
        value = text.strip()
        if not value:
            return ""
        try:
            return f'"{parse_date(value).isoformat()}"'
        except ValueProblem as bad:
            raise ValueProblem(bad.code, value=value) from None

    def _cached(
        self,
        row: int,
        key: str,
        parse: Callable[[str], Any],
        text: str,
        memo: dict[str, Any],
    ) -> Any:
        """Parse a text not seen before: cache a value, or record the problem and return _BAD."""
        try:
            value = parse(text)
        except ValueProblem as exc:
            self.problem(row, key, exc.code, **exc.params)
            return _BAD
        memo[text] = value
        return value

    # Requisitions ---

    def _requisition(self, row: int, cells: list[str], external_id: str) -> bool:
        """Record or compare the requisition's columns; False when this row has a problem."""
        ix = self.index
        raw = tuple(cells[ix[key]].strip() for key in REQUISITION_FIELDS)
        known = self.requisitions.get(external_id)
        if known is not None:
            if raw == known.raw:
                return True
            parsed = self._parse_requisition(row, external_id, raw, report=False)
            # Unparseable here but fine on the first row: say what differs.
            parsed_ok = parsed is not None
            ok = True
            for i, key in enumerate(REQUISITION_FIELDS):
                if raw[i] == known.raw[i]:
                    continue
                if parsed_ok and getattr(parsed, key) == getattr(known, key):
                    continue
                ok = False
                self.problem(
                    row,
                    key,
                    "requisition_differs",
                    requisition=external_id,
                    value=raw[i],
                    other_value=known.raw[i],
                    other_row=known.row,
                )
            return ok
        parsed = self._parse_requisition(row, external_id, raw, report=True)
        if parsed is None:
            return False
        parsed.cells = tuple(cells[ix[key]] for key in REQUISITION_FIELDS)
        self.requisitions[external_id] = parsed
        return True

    def _parse_requisition(
        self, row: int, external_id: str, raw: tuple[str, ...], *, report: bool
    ) -> RequisitionRow | None:
        values = dict(zip(REQUISITION_FIELDS, raw, strict=True))
        bad: list[tuple[str, str, dict[str, Any]]] = []
        if values["department"] and self.lookups.departments:
            norm = normalise(values["department"])
            values["department"] = self.lookups.departments.get(norm, values["department"])
        for key in ("department", "job_title"):
            if not values[key]:
                bad.append((key, "required", {}))
            elif len(values[key]) > MAX_LENGTHS[key]:
                bad.append((key, "too_long", {"max": MAX_LENGTHS[key]}))
        category = ""
        if values["eeo4_category"]:
            category = self.lookups.eeo4_categories.get(normalise(values["eeo4_category"]), "")
            if not category:
                accepted = list(dict.fromkeys(self.lookups.eeo4_categories.values()))
                params = {"value": values["eeo4_category"], "choices": accepted}
                bad.append(("eeo4_category", "not_choice", params))
        money: dict[str, Decimal | None] = {}
        for key in ("salary_min", "salary_max"):
            money[key] = None
            if values[key]:
                try:
                    money[key] = parse_money(values[key])
                except ValueProblem as exc:
                    bad.append((key, exc.code, {"value": values[key]}))
        low, high = money["salary_min"], money["salary_max"]
        if low is not None and high is not None and low > high:
            bad.append(("salary_max", "salary_below_min", {"value": values["salary_max"]}))
        posted = None
        if values["posting_date"]:
            try:
                posted = parse_date(values["posting_date"])
            except ValueProblem as exc:
                bad.append(("posting_date", exc.code, {"value": values["posting_date"]}))
        year = posted.year if posted else 0
        if values["year"]:
            try:
                year = parse_year(values["year"])
            except ValueProblem as exc:
                bad.append(("year", exc.code, {"value": values["year"]}))
        elif posted is None and not values["posting_date"]:
            bad.append(("posting_date", "year_needed", {}))
        if bad:
            if report:
                for key, code, params in bad:
                    self.problem(row, key, code, **params)
            return None
        return RequisitionRow(
            row=row,
            external_id=external_id,
            department=values["department"],
            job_title=values["job_title"],
            eeo4_category=category,
            salary_min=low,
            salary_max=high,
            posting_date=posted,
            year=year,
            source_channels=split_list(values["source_channels"]),
            raw=raw,
        )

    # Rows ---

    def applicants(
        self, rows: Iterator[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, ApplicantValues]]:
        """Check each row; yield the good ones as load tuples (see APPLICANT_COLUMNS).

        The loop is written for speed: every lookup is a local dictionary keyed by the
        cell's text as written, and only texts not seen before reach a parser.
        """
        ix = self.index
        i_req, i_app = ix["requisition_id"], ix["applicant_id"]
        i_race, i_detail = ix["race_ethnicity"], ix["race_detail"]
        i_sex, i_vet, i_dis = ix["sex"], ix["veteran"], ix["disability"]
        i_zip, i_heard, i_fair = ix["home_zip"], ix["heard_about"], ix["job_fair"]
        i_stage, i_withdrew = ix["stage_reached"], ix["withdrew"]
        dated = [
            (stage, json.dumps(stage) + ": ", position, key, ix[key])
            for position, (stage, key) in enumerate(
                zip(self.lookups.stages, self.stage_fields, strict=True)
            )
            if ix[key] != self.width
        ]
        requisition_cells = itemgetter(*(ix[k] for k in REQUISITION_FIELDS))
        parse_sex = self._chooser(self.lookups.sexes)
        parse_yes_no = self._chooser(self.lookups.yes_no_prefer_not)
        race_memo: dict[str, Any] = {}
        sex_memo: dict[str, Any] = {}
        yes_no_memo: dict[str, Any] = {}
        zip_memo: dict[str, Any] = {}
        fair_memo: dict[str, Any] = {}
        stage_memo: dict[str, Any] = {}
        withdrew_memo: dict[str, Any] = {}
        date_memo: dict[str, Any] = {}
        flag_memo: dict[str, Any] = {}
        source_memo: dict[str, str] = {}
        sources = self.lookups.sources
        flags = self.flags
        stage_given = self.stage_given
        numbered = self.numbered
        cached = self._cached
        width = self.width
        seen = self._seen
        requisitions = self.requisitions
        problem = self.problem
        missing = _MISSING
        bad = _BAD
        count = 0
        try:
            for row, cells in rows:
                count += 1
                short = width + 1 - len(cells)
                if short > 0:
                    cells.extend([""] * short)
                else:
                    # Cells past the last heading are no column's; the empty cell that
                    # unmapped fields read must be at ``width``.
                    del cells[width:]
                    cells.append("")
                ok = True
                external_req = cells[i_req].strip()
                if not external_req:
                    problem(row, "requisition_id", "required")
                    ok = False
                elif len(external_req) > 64:
                    problem(row, "requisition_id", "too_long", max=64)
                    ok = False
                else:
                    known = requisitions.get(external_req)
                    if known is None or known.cells != requisition_cells(cells):
                        ok = self._requisition(row, cells, external_req)
                    else:
                        external_req = known.external_id
                external_id = NUMBERED_PREFIX + str(row) if numbered else cells[i_app].strip()
                if not external_id:
                    problem(row, "applicant_id", "required")
                    ok = False
                elif len(external_id) > 64:
                    problem(row, "applicant_id", "too_long", max=64)
                    ok = False
                elif external_req and not numbered:
                    key = hash((external_req, external_id))
                    other = seen.get(key)
                    if other is None:
                        seen[key] = row
                    else:
                        problem(
                            row,
                            "applicant_id",
                            "repeated_applicant",
                            value=external_id,
                            other_row=other,
                        )
                        ok = False
                text = cells[i_race]
                race = race_memo.get(text, missing)
                if race is missing:
                    race = cached(row, "race_ethnicity", self._parse_race, text, race_memo)
                    if race is bad:
                        ok = False
                text = cells[i_sex]
                sex = sex_memo.get(text, missing)
                if sex is missing:
                    sex = cached(row, "sex", parse_sex, text, sex_memo)
                    if sex is bad:
                        ok = False
                text = cells[i_vet]
                veteran = yes_no_memo.get(text, missing)
                if veteran is missing:
                    veteran = cached(row, "veteran", parse_yes_no, text, yes_no_memo)
                    if veteran is bad:
                        ok = False
                text = cells[i_dis]
                disability = yes_no_memo.get(text, missing)
                if disability is missing:
                    disability = cached(row, "disability", parse_yes_no, text, yes_no_memo)
                    if disability is bad:
                        ok = False
                text = cells[i_zip]
                home = zip_memo.get(text, missing)
                if home is missing:
                    home = cached(row, "home_zip", self._parse_zip, text, zip_memo)
                    if home is bad:
                        ok = False
                text = cells[i_fair]
                fair = fair_memo.get(text, missing)
                if fair is missing:
                    fair = cached(row, "job_fair", self._parse_fair, text, fair_memo)
                    if fair is bad:
                        ok = False
                if stage_given:
                    text = cells[i_stage]
                    reached = stage_memo.get(text, missing)
                    if reached is missing:
                        reached = cached(row, "stage_reached", self._parse_stage, text, stage_memo)
                        if reached is bad:
                            ok = False
                            reached = len(self.lookups.stages)
                else:
                    reached = 0
                for position, i in flags:
                    text = cells[i]
                    flagged = flag_memo.get(text, missing)
                    if flagged is missing:
                        field_key = self.flag_fields[position]
                        flagged = cached(row, field_key, self._parse_flag, text, flag_memo)
                        if flagged is bad:
                            ok = False
                            continue
                    if flagged and position > reached:
                        reached = position
                text = cells[i_withdrew]
                withdrew = withdrew_memo.get(text, missing)
                if withdrew is missing:
                    withdrew = cached(row, "withdrew", self._parse_withdrew, text, withdrew_memo)
                    if withdrew is bad:
                        ok = False
                detail = cells[i_detail]
                if detail:
                    detail = detail.strip()
                    if len(detail) > 200:
                        problem(row, "race_detail", "too_long", max=200)
                        ok = False
                heard = cells[i_heard]
                if heard:
                    heard = heard.strip()
                    if sources:
                        renamed = source_memo.get(heard)
                        if renamed is None:
                            renamed = source_memo[heard] = sources.get(normalise(heard), heard)
                        heard = renamed
                    if len(heard) > 120:
                        problem(row, "heard_about", "too_long", max=120)
                        ok = False
                parts = []
                for stage, prefix, position, field, i in dated:
                    text = cells[i]
                    if not text:
                        continue
                    when = date_memo.get(text, missing)
                    if when is missing:
                        when = cached(row, field, self._parse_stage_date, text, date_memo)
                        if when is bad:
                            ok = False
                            continue
                    if not when:
                        continue
                    if position > reached:
                        problem(row, field, "date_after_reached", stage=stage)
                        ok = False
                    parts.append(prefix + when)
                if ok:
                    yield (
                        row,
                        (
                            external_req,
                            external_id,
                            race[0],
                            detail or race[3],
                            race[1],
                            race[2],
                            sex,
                            veteran,
                            disability,
                            home[0],
                            home[1],
                            heard,
                            fair,
                            reached,
                            withdrew,
                            "{" + ", ".join(parts) + "}" if parts else "{}",
                        ),
                    )
        finally:
            self.rows_read += count


def with_progress(
    rows: Iterator[tuple[int, list[str]]], progress: Callable[[int], None], every: int = 20_000
) -> Iterator[tuple[int, list[str]]]:
    """The same rows, telling ``progress`` how many were read so far every ``every`` rows."""
    count = 0
    for count, item in enumerate(rows, start=1):
        if count % every == 0:
            progress(count)
        yield item
    progress(count)


def check_file(
    reader: ApplicantFileReader,
    rows: Iterator[tuple[int, list[str]]],
    *,
    progress: Callable[[int], None] | None = None,
    keep_rows: int = 0,
) -> list[ApplicantValues] | None:
    """Read every row once for its problems (``reader.rows_read`` says how many).

    Returns the load tuples of a file with no problem and at most ``keep_rows`` rows, so
    that loading it needs no second reading; otherwise None.
    """
    if not reader.check_mapping():
        return None
    if progress is not None:
        rows = with_progress(rows, progress)
    kept: list[ApplicantValues] | None = [] if keep_rows > 0 else None
    for _row, values in reader.applicants(rows):
        if kept is not None:
            if reader.problems_total or len(kept) >= keep_rows:
                kept = None
            else:
                kept.append(values)
    return None if reader.problems_total else kept
