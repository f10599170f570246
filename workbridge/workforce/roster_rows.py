"""Checking a roster file: its fields, what its cells may say, and every problem.

The pieces are the applicant-flow import's (``equity.imports.rows``: the value labels in
English and Spanish, the aliases, the problem sentences, the file store and its limits);
only the roster's own fields and problems are here. ``roster_check`` reads the stored file
once and returns every problem, the departments it describes, the titles with no EEO-4
category yet and, when it has no problem, the rows ready to load. Nothing is written.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.core import roster as core
from workbridge.core.applicant_import import normalise
from workbridge.core.spreadsheets import Column, FileProblem, Problem
from workbridge.equity.imports.rows import (
    EEO4_NUMBERS,
    RACE_ALIASES,
    SEX_ALIASES,
    _labels,
    open_stored,
)
from workbridge.equity.imports.rows import problem_text as equity_problem_text
from workbridge.equity.models import Eeo4JobCategory
from workbridge.people.choices import RaceEthnicity, Sex
from workbridge.people.models import ZipCode
from workbridge.workforce.models import TitleCategory

FIELD_LABELS: dict[str, Any] = {
    "employee_id": _("Employee id"),
    "name": _("Name (kept only as a keyed hash)"),
    "department": _("Department"),
    "job_title": _("Job title"),
    "pay_grade": _("Pay grade or class"),
    "eeo4_category": _("EEO-4 job category"),
    "full_time": _("Full or part time"),
    "pay_basis": _("Salary or hourly"),
    "annual_salary": _("Annual salary"),
    "hourly_rate": _("Hourly rate"),
    "typical_hours": _("Typical weekly hours"),
    "race_ethnicity": _("Race and ethnicity"),
    "sex": _("Sex"),
    "home_zip": _("Home ZIP code"),
    "hire_date": _("Hire date"),
    "union": _("Union"),
}
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": ("employee", "employee number", "emp id", "person id", "id"),
    "name": ("employee name", "full name", "names"),
    "department": ("dept", "agency"),
    "job_title": ("title", "job titles", "position", "position title"),
    "pay_grade": ("grade", "pay class", "class", "salary grade"),
    "eeo4_category": ("eeo4", "eeo-4 category", "job category"),
    "full_time": ("full or part-time", "full or part time", "full/part time", "ft/pt"),
    "pay_basis": ("salary or hourly", "pay type", "pay basis"),
    "annual_salary": ("salary", "annual pay", "annual salary"),
    "hourly_rate": ("hourly", "rate", "hourly rate"),
    "typical_hours": ("hours", "weekly hours", "typical hours"),
    "race_ethnicity": ("race", "race/ethnicity", "ethnicity"),
    "sex": ("gender",),
    "home_zip": ("zip", "zip code", "home zip code"),
    "hire_date": ("hired", "date hired", "start date", "original hire date"),
    "union": ("bargaining unit", "union code"),
}
ROSTER_PROBLEMS = {
    "repeated_employee": _("Employee %(value)s is also on row %(other_row)s."),
    "not_hours": _("“%(value)s” is not a number of weekly hours (above 0, at most 168)."),
    "not_rate": _("“%(value)s” is not an hourly rate."),
    "not_full_time": _("“%(value)s” is not full or part time (F or P)."),
    "not_pay_basis": _("“%(value)s” is not salary or hourly."),
    "rate_needed": _("An hourly employee needs an hourly rate or an annual salary."),
    "hours_needed": _(
        "An hourly employee without an annual salary needs typical weekly hours, so the "
        "annual pay can be worked out."
    ),
    "salary_needed": _("A salaried employee needs an annual salary."),
    "not_whole_number": _("“%(value)s” is not a whole number."),
}


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


def problem_text(problem: Mapping[str, Any] | Problem) -> str:
    """A roster problem as a sentence in the current language."""
    if isinstance(problem, Problem):
        code, params = problem.code, dict(problem.params)
    else:
        code, params = problem.get("code", ""), dict(problem.get("params") or {})
    if code in ROSTER_PROBLEMS:
        try:
            return str(ROSTER_PROBLEMS[code]) % params
        except (KeyError, TypeError, ValueError):
            return str(ROSTER_PROBLEMS[code])
    if code == "choose_column":
        params["field"] = field_label(params.get("field", ""))
        return str(_("Choose the column for “%(field)s”.")) % params
    return equity_problem_text(Problem(0, "", code, params))


def roster_columns() -> list[Column]:
    """The fields a roster may fill, with their labels and usual headings."""
    return [
        Column(
            key,
            field_label(key),
            required=key in core.REQUIRED_FIELDS,
            aliases=FIELD_ALIASES.get(key, ()),
        )
        for key in core.FIELDS
    ]


def employee_secret() -> bytes:
    """The key of the keyed hashes: ``WORKBRIDGE_EMPLOYEE_KEY`` when set, else derived
    from SECRET_KEY. Changing it breaks the link between old and new snapshots."""
    secret = getattr(settings, "WORKBRIDGE_EMPLOYEE_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(b"workbridge.workforce.employee\x00" + secret.encode()).digest()


def title_categories(organisation: Organisation) -> dict[str, str]:
    """normalise(title) -> EEO-4 category, from the organisation's crosswalk (reviewed or
    suggested)."""
    return {
        key: category or suggested
        for key, category, suggested in TitleCategory.objects.filter(
            organisation=organisation
        ).values_list("title_key", "category", "suggested_category")
        if category or suggested
    }


def roster_lookups(organisation: Organisation) -> core.Lookups:
    eeo4 = _labels(Eeo4JobCategory.choices) | {normalise(k): v for k, v in EEO4_NUMBERS.items()}
    return core.Lookups(
        races=_labels(RaceEthnicity.choices) | RACE_ALIASES,
        sexes=_labels(Sex.choices) | SEX_ALIASES,
        eeo4_categories=eeo4,
        title_categories=title_categories(organisation),
        zip_areas=dict(ZipCode.objects.values_list("zip", "community_area_id")),
    )


@dataclass
class RosterCheck:
    """What checking a roster found."""

    stored_file: str
    filename: str
    mapping: dict[str, str]
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    departments: Counter[str] = field(default_factory=Counter)
    uncategorised: Counter[str] = field(default_factory=Counter)
    parsed: list[tuple] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.problems_total == 0


def roster_headers(stored_file: str, filename: str) -> list[str]:
    with open_stored(stored_file, filename) as table:
        return table.headers


def roster_check(
    *,
    organisation: Organisation,
    stored_file: str,
    filename: str,
    mapping: Mapping[str, str],
    progress: Callable[[int], None] | None = None,
) -> RosterCheck:
    """Read the whole stored roster once and find every problem; nothing is written."""
    result = RosterCheck(stored_file=stored_file, filename=filename, mapping=dict(mapping))
    try:
        with open_stored(stored_file, filename) as table:
            reader = core.RosterReader(
                table.headers, mapping, roster_lookups(organisation), secret=employee_secret()
            )
            result.parsed = core.check_roster(reader, iter(table), progress=progress)
            result.rows = reader.rows_read
    except FileProblem as exc:
        result.problems = [Problem(1, "", exc.code, exc.params)]
        result.problems_total = 1
        return result
    result.problems = reader.problems
    result.problems_total = reader.problems_total
    result.departments = reader.departments
    result.uncategorised = reader.uncategorised
    if not result.rows and not result.problems_total:
        result.problems = [Problem(1, "", "empty")]
        result.problems_total = 1
    return result
