"""Reading and checking an employee roster: one row per employee on one date.

A roster is the workforce as of a date (the City's "current employees" export, an HR
system's snapshot). This module streams such a file, checks every value and yields
compact tuples ready for a bulk load; nothing here touches a database. It reuses the
applicant-flow reader's pieces (``core.applicant_import``: cell normalising, money and
race parsing, progress) and the spreadsheet reader's problems.

Assumptions:
- Nobody is stored by name. Each employee gets a pseudonymous key: a keyed hash
  (HMAC-SHA-256 with a key the app keeps) of the file's employee id, or, in a file with
  names and no id (the City's public roster), of the name, the second person of the
  same name in a file being "name #2", and so on in file order. A name, where given,
  is kept only as its own keyed hash (``name_hash``). The same key and the same id
  give the same employee key in every snapshot, so people are followed across years.
- Pay: an annual salary when given; otherwise, for hourly staff, the hourly rate ×
  typical weekly hours × 52, marked as computed. Hourly staff without typical hours
  are a problem: their annual pay is unknown.
- Race and ethnicity follow OMB SPD 15 as in the applicant-flow import; blank (the
  public roster has no such column) counts as not disclosed. Sex blank is not given.
- The EEO-4 job category is the file's when it has one; otherwise the organisation's
  title crosswalk (``Lookups.title_categories``); titles with neither are counted in
  ``RosterReader.uncategorised`` for the app to suggest a category before loading.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from workbridge.core.applicant_import import (
    MAX_PROBLEMS_KEPT,
    normalise,
    parse_money,
    parse_race,
    with_progress,
)
from workbridge.core.spreadsheets import Problem, ValueProblem, parse_date

FIELDS: tuple[str, ...] = (
    "employee_id",
    "name",
    "department",
    "job_title",
    "pay_grade",
    "eeo4_category",
    "full_time",
    "pay_basis",
    "annual_salary",
    "hourly_rate",
    "typical_hours",
    "race_ethnicity",
    "sex",
    "home_zip",
    "hire_date",
    "union",
)
REQUIRED_FIELDS: frozenset[str] = frozenset({"department", "job_title"})
MAX_LENGTHS: dict[str, int] = {
    "employee_id": 64,
    "department": 120,
    "job_title": 160,
    "pay_grade": 40,
    "union": 120,
}
# One employee's values as loaded, in this order.
EMPLOYEE_COLUMNS: tuple[str, ...] = (
    "employee_key",
    "name_hash",
    "department",
    "job_title",
    "pay_grade",
    "eeo4_category",
    "full_time",
    "pay_basis",
    "annual_pay",
    "hourly_rate",
    "typical_hours",
    "pay_computed",
    "race_categories",
    "race_prefer_not",
    "eeo_category",
    "sex",
    "home_zip",
    "community_area_id",
    "hire_date",
    "union",
)
EmployeeValues = tuple[Any, ...]
WEEKS_A_YEAR = 52
HOURLY = "hourly"
SALARY = "salary"
PAY_BASIS_WORDS = {
    "hourly": HOURLY,
    "hour": HOURLY,
    "h": HOURLY,
    "salary": SALARY,
    "salaried": SALARY,
    "annual": SALARY,
    "s": SALARY,
}
FULL_TIME_WORDS = {
    "f": True,
    "full": True,
    "fulltime": True,
    "ft": True,
    "p": False,
    "part": False,
    "parttime": False,
    "pt": False,
}
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Lookups:
    """What cells may say, precompiled by the app; each mapping from ``normalise(text)``."""

    races: Mapping[str, str]
    sexes: Mapping[str, str]
    eeo4_categories: Mapping[str, str]
    # normalise(job title) -> EEO-4 category, from the organisation's crosswalk
    title_categories: Mapping[str, str]
    # Chicago ZIP code -> community area id
    zip_areas: Mapping[str, int]


def keyed_hash(secret: bytes, kind: str, text: str, length: int = 32) -> str:
    """HMAC-SHA-256 of ``kind`` and ``text`` under ``secret``, as ``length`` hex digits."""
    message = f"{kind}\x00{text}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:length]


def employee_key(secret: bytes, *, employee_id: str = "", name: str = "", nth: int = 1) -> str:
    """The pseudonymous key of an employee: from the file's id, else from the name (and
    its place among people of that name in the file)."""
    if employee_id:
        return keyed_hash(secret, "id", employee_id.strip())
    suffix = "" if nth == 1 else f" #{nth}"
    return keyed_hash(secret, "name", normalise(name) + suffix)


def annual_pay(
    *, salary: Decimal | None, rate: Decimal | None, hours: Decimal | None
) -> tuple[Decimal | None, bool]:
    """(annual pay, computed): the salary when given, else rate × weekly hours × 52."""
    if salary is not None:
        return salary, False
    if rate is None or hours is None:
        return None, False
    return (rate * hours * WEEKS_A_YEAR).quantize(_CENT), True


def parse_hours(text: str) -> Decimal:
    """Typical weekly hours: a number above 0 and at most 168."""
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        raise ValueProblem("not_number", value=text.strip()) from None
    if not value.is_finite() or value <= 0 or value > 168:
        raise ValueProblem("not_hours", value=text.strip())
    return value


def parse_rate(text: str) -> Decimal:
    """An hourly rate in dollars, below $10,000 an hour."""
    value = parse_money(text)
    if value >= 10_000:
        raise ValueProblem("not_rate", value=text.strip())
    return value


class RosterReader:
    """Checks the rows of one roster against one column mapping and the lookups.

    ``employees(rows)`` yields ``(row, tuple in EMPLOYEE_COLUMNS order)`` for each row
    without a problem; ``problems`` keeps the first ones and ``problems_total`` counts
    them all; ``departments`` counts employees by department and ``uncategorised`` the
    titles that have no EEO-4 category yet.
    """

    def __init__(
        self,
        headers: list[str],
        mapping: Mapping[str, str],
        lookups: Lookups,
        *,
        secret: bytes,
        keep: int = MAX_PROBLEMS_KEPT,
    ):
        self.lookups = lookups
        self.secret = secret
        self.keep = keep
        self.problems: list[Problem] = []
        self.problems_total = 0
        self.rows_read = 0
        self.departments: Counter[str] = Counter()
        self.uncategorised: Counter[str] = Counter()
        position = {h: i for i, h in enumerate(headers) if h}
        self.width = len(headers)
        self.heading: dict[str, str] = {}
        self.index: dict[str, int] = {}
        self.missing: list[str] = []
        for key in FIELDS:
            heading = mapping.get(key, "")
            if heading and heading in position:
                self.heading[key] = heading
                self.index[key] = position[heading]
            else:
                self.heading[key] = key
                self.index[key] = self.width  # the empty cell added to every row
                if key in REQUIRED_FIELDS:
                    self.missing.append(key)
        if self.index["employee_id"] == self.width and self.index["name"] == self.width:
            self.missing.append("employee_id")
        self._seen: dict[str, int] = {}
        self._names: Counter[str] = Counter()

    def problem(self, row: int, key: str, code: str, **params: Any) -> None:
        self.problems_total += 1
        if len(self.problems) < self.keep:
            self.problems.append(Problem(row, self.heading.get(key, key), code, params))

    def check_mapping(self) -> bool:
        """Whether every required field has a column; a row-1 problem for each that has none."""
        for key in self.missing:
            self.problem(1, key, "choose_column", field=key)
        return not self.missing

    def _choice(self, choices: Mapping[str, str]) -> Callable[[str], str]:
        accepted = list(dict.fromkeys(choices.values()))

        def parse(text: str) -> str:
            norm = normalise(text)
            if not norm:
                return ""
            found = choices.get(norm)
            if found is None:
                raise ValueProblem("not_choice", value=text.strip(), choices=accepted)
            return found

        return parse

    def _zip(self, text: str) -> tuple[str, int | None]:
        value = text.strip()
        if not value:
            return "", None
        five = value[:5]
        if len(five) != 5 or not five.isdigit() or (len(value) > 5 and value[5] != "-"):
            raise ValueProblem("not_zip", value=value)
        return five, self.lookups.zip_areas.get(five)

    @staticmethod
    def _optional(parse: Callable[[str], Any]) -> Callable[[str], Any]:
        def wrapped(text: str) -> Any:
            value = text.strip()
            if not value:
                return None
            try:
                return parse(value)
            except ValueProblem as bad:
                raise ValueProblem(bad.code, **{"value": value, **bad.params}) from None

        return wrapped

    @staticmethod
    def _words(words: Mapping[str, Any], code: str) -> Callable[[str], Any]:
        def parse(text: str) -> Any:
            norm = normalise(text)
            if not norm:
                return None
            if norm not in words:
                raise ValueProblem(code, value=text.strip())
            return words[norm]

        return parse

    def employees(
        self, rows: Iterator[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, EmployeeValues]]:
        """Check each row; yield the good ones as load tuples (see EMPLOYEE_COLUMNS)."""
        ix = self.index
        width = self.width
        parsers: dict[str, Callable[[str], Any]] = {
            "race_ethnicity": lambda t: parse_race(t, self.lookups.races),
            "sex": self._choice(self.lookups.sexes),
            "eeo4_category": self._choice(self.lookups.eeo4_categories),
            "full_time": self._words(FULL_TIME_WORDS, "not_full_time"),
            "pay_basis": self._words(PAY_BASIS_WORDS, "not_pay_basis"),
            "annual_salary": self._optional(parse_money),
            "hourly_rate": self._optional(parse_rate),
            "typical_hours": self._optional(parse_hours),
            "home_zip": self._zip,
            "hire_date": self._optional(parse_date),
        }
        memos: dict[str, dict[str, Any]] = {key: {} for key in parsers}
        titles = self.lookups.title_categories
        title_memo: dict[str, str] = {}
        bad = object()
        count = 0

        def value(row: int, key: str, cells: list[str]) -> Any:
            text = cells[ix[key]]
            memo = memos[key]
            if text in memo:
                return memo[text]
            try:
                parsed = parsers[key](text)
            except ValueProblem as exc:
                self.problem(row, key, exc.code, **exc.params)
                return bad
            memo[text] = parsed
            return parsed

        try:
            for row, cells in rows:
                count += 1
                short = width + 1 - len(cells)
                if short > 0:
                    cells.extend([""] * short)
                else:
                    del cells[width:]
                    cells.append("")
                ok = True
                text: dict[str, str] = {}
                for key in ("employee_id", "department", "job_title", "pay_grade", "union"):
                    cell = cells[ix[key]].strip()
                    if len(cell) > MAX_LENGTHS[key]:
                        self.problem(row, key, "too_long", max=MAX_LENGTHS[key])
                        ok = False
                    text[key] = cell
                for key in ("department", "job_title"):
                    if not text[key]:
                        self.problem(row, key, "required")
                        ok = False
                name = cells[ix["name"]].strip()
                if text["employee_id"]:
                    key_value = employee_key(self.secret, employee_id=text["employee_id"])
                    other = self._seen.get(key_value)
                    if other is not None:
                        self.problem(
                            row,
                            "employee_id",
                            "repeated_employee",
                            value=text["employee_id"],
                            other_row=other,
                        )
                        ok = False
                    else:
                        self._seen[key_value] = row
                elif name:
                    norm = normalise(name)
                    self._names[norm] += 1
                    key_value = employee_key(self.secret, name=name, nth=self._names[norm])
                else:
                    self.problem(row, "employee_id", "required")
                    ok = False
                    key_value = ""
                name_hash = keyed_hash(self.secret, "person", normalise(name), 64) if name else ""
                got = {key: value(row, key, cells) for key in parsers}
                if any(v is bad for v in got.values()):
                    ok = False
                if not ok:
                    continue
                basis = got["pay_basis"]
                salary, rate, hours = got["annual_salary"], got["hourly_rate"], got["typical_hours"]
                if basis is None:
                    basis = SALARY if salary is not None or rate is None else HOURLY
                if basis == HOURLY and salary is None:
                    if rate is None:
                        self.problem(row, "hourly_rate", "rate_needed")
                        continue
                    if hours is None:
                        self.problem(row, "typical_hours", "hours_needed")
                        continue
                elif basis == SALARY and salary is None:
                    self.problem(row, "annual_salary", "salary_needed")
                    continue
                pay, computed = annual_pay(salary=salary, rate=rate, hours=hours)
                category = got["eeo4_category"]
                if not category:
                    title_norm = normalise(text["job_title"])
                    category = title_memo.get(title_norm)
                    if category is None:
                        category = titles.get(title_norm, "")
                        title_memo[title_norm] = category
                    if not category:
                        self.uncategorised[text["job_title"]] += 1
                race = got["race_ethnicity"]
                zip_code, area = got["home_zip"]
                self.departments[text["department"]] += 1
                yield (
                    row,
                    (
                        key_value,
                        name_hash,
                        text["department"],
                        text["job_title"],
                        text["pay_grade"],
                        category,
                        got["full_time"],
                        basis,
                        pay,
                        rate,
                        hours,
                        computed,
                        race[0],
                        race[1],
                        race[2],
                        got["sex"],
                        zip_code,
                        area,
                        got["hire_date"],
                        text["union"],
                    ),
                )
        finally:
            self.rows_read += count


def check_roster(
    reader: RosterReader,
    rows: Iterator[tuple[int, list[str]]],
    *,
    progress: Callable[[int], None] | None = None,
) -> list[EmployeeValues] | None:
    """Read every row once; the load tuples of a file with no problem, otherwise None."""
    if not reader.check_mapping():
        return None
    if progress is not None:
        rows = with_progress(rows, progress)
    kept = [values for _row, values in reader.employees(rows)]
    return None if reader.problems_total else kept
