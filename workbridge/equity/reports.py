"""Hiring-equity reports as tables of counts and rates, ready for the page, XLSX and PDF.

Each report (`reports_hiring`, `reports_workforce`) reads counts from the database
for one organisation and returns a `Report`: tables of labelled rows, the charts'
figures, notes, and which cells are hidden. In publication mode every table of
counts goes through `workbridge.core.suppression` (small cells and their
complements hidden, totals kept); a rate or share is hidden whenever a count it
rests on is. Nothing here shows one applicant's answers: only counts leave.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.accounts.models import Organisation
from workbridge.core.suppression import Suppression, suppress_table
from workbridge.equity.models import JobFair, Requisition, WorkforceCount
from workbridge.people.choices import EeoCategory, Sex, YesNoPreferNot

# Cell kinds: how a value is shown.
COUNT = "count"
PERCENT = "percent"  # a percentage, 0-100
POINTS = "points"  # a change in percentage points
RATIO = "ratio"
NUMBER = "number"  # a decimal figure (expected counts, standard deviations)
PROBABILITY = "p"
TEXT = "text"

NOT_RECORDED = ""


@dataclass(frozen=True)
class Cell:
    value: Any
    kind: str = COUNT
    hidden: bool = False

    @property
    def shown(self) -> Any:
        """The value as a spreadsheet should hold it: None when hidden or undefined."""
        return None if self.hidden else self.value


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    total: bool = False  # a totals row
    section: str = ""  # the block the row belongs to (a channel, a job fair, a category)


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    row_heading: str
    columns: list[str]
    rows: list[Row]

    def row(self, label: str, section: str = "") -> Row:
        """The row with that label (and section), for tests and callers that pick figures."""
        for row in self.rows:
            if row.label == label and row.section == section:
                return row
        raise KeyError(label)

    def value(self, label: str, column: str, section: str = "") -> Any:
        """One cell's value, None when it is hidden."""
        return self.row(label, section).cells[self.columns.index(column)].shown


@dataclass(frozen=True)
class Chart:
    title: str
    categories: list[str]
    series: list[tuple[str, list[Cell]]]  # a hidden cell is drawn as "hidden", None as "—"
    unit: str  # "percent" or "count"
    axis_label: str
    description: str  # the alt text: what it shows, and that the tables give the numbers


@dataclass
class Report:
    key: str
    title: str
    scope: list[str]  # one line per filter, as words
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty_message: str = ""  # set when there is nothing to report
    publication: bool = False
    threshold: int = 0

    @property
    def empty(self) -> bool:
        return bool(self.empty_message)

    @property
    def hidden_cells(self) -> int:
        return sum(c.hidden for t in self.tables for r in t.rows for c in r.cells)


# Groups ------------------------------------------------------------------------------

RACE = "race"
SEX = "sex"
# Veteran and disability status come with each applicant from the import; the hiring
# reports read them from the applicants (the flow summary holds race and sex only).
VETERAN = "veteran"
DISABILITY = "disability"
CHARACTERISTICS = {
    RACE: gettext_lazy("Race and ethnicity"),
    SEX: gettext_lazy("Sex"),
    VETERAN: gettext_lazy("Veteran status"),
    DISABILITY: gettext_lazy("Disability status"),
}
GROUP_FIELD = {RACE: "eeo_category", SEX: "sex", VETERAN: "veteran", DISABILITY: "disability"}
STATUS_CHARACTERISTICS = (VETERAN, DISABILITY)
_STATUS_LABELS = {
    VETERAN: {
        YesNoPreferNot.YES: gettext_lazy("Veteran"),
        YesNoPreferNot.NO: gettext_lazy("Not a veteran"),
    },
    DISABILITY: {
        YesNoPreferNot.YES: gettext_lazy("With a disability"),
        YesNoPreferNot.NO: gettext_lazy("Without a disability"),
    },
}


def group_keys(characteristic: str) -> list[str]:
    """Every group of a characteristic, in the order reports list them."""
    if characteristic == RACE:
        return list(EeoCategory.values)
    if characteristic in STATUS_CHARACTERISTICS:
        return [*YesNoPreferNot.values, NOT_RECORDED]
    return [*Sex.values, NOT_RECORDED]


def group_label(characteristic: str, key: str) -> str:
    if characteristic == RACE:
        return str(dict(EeoCategory.choices).get(key, key))
    if key == NOT_RECORDED:
        return _("Not recorded")
    if characteristic in STATUS_CHARACTERISTICS:
        found = _STATUS_LABELS[characteristic].get(key)
        return str(found) if found else str(dict(YesNoPreferNot.choices).get(key, key))
    return str(dict(Sex.choices).get(key, key))


# Figures -----------------------------------------------------------------------------


def percent(part: int | Fraction, whole: int | Fraction) -> float | None:
    """part / whole as a percentage rounded to one decimal; None when whole is 0."""
    if not whole:
        return None
    return round(float(Fraction(part) / Fraction(whole) * 100), 1)


def points(new: Fraction | None, old: Fraction | None) -> float | None:
    """The change between two shares, in percentage points to one decimal."""
    if new is None or old is None:
        return None
    return round(float((new - old) * 100), 1)


def share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


# Suppression -------------------------------------------------------------------------


def protect(
    matrix: Sequence[Sequence[int]],
    *,
    publication: bool,
    threshold: int,
    row_totals_shown: bool = True,
    column_totals_shown: bool = True,
) -> Suppression:
    """The cells to hide in a table of counts; nothing when the report is not for publication."""
    rows = len(matrix)
    columns = len(matrix[0]) if rows else 0
    if not publication:
        return Suppression(rows, columns, frozenset())
    return suppress_table(
        matrix,
        threshold=threshold,
        row_totals_shown=row_totals_shown,
        column_totals_shown=column_totals_shown,
    )


def scope_line(label: str, value: Any) -> str:
    return _("%(filter)s: %(value)s") % {"filter": label, "value": value}


def publication_note(report: Report) -> None:
    """Explain the hidden cells of a report for publication."""
    if report.publication:
        report.notes.append(
            _(
                "For publication: counts of fewer than %(n)s people are hidden, and so are"
                " enough other cells that the totals cannot reveal them. Rates that rest on a"
                " hidden count are hidden too."
            )
            % {"n": report.threshold}
        )


def chart_values(
    row_keys: Sequence[str],
    value_of: Callable[[str], float | None],
    hidden: Mapping[str, bool],
) -> list[float | None]:
    """Chart figures in row order, None where the table hides them."""
    return [None if hidden.get(k) else value_of(k) for k in row_keys]


# Filter choices ------------------------------------------------------------------------


def report_years(organisation: Organisation) -> list[int]:
    """Years with requisitions, newest first."""
    return list(
        Requisition.objects.filter(organisation=organisation)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def report_departments(organisation: Organisation) -> list[str]:
    return list(
        Requisition.objects.filter(organisation=organisation)
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def report_job_titles(organisation: Organisation) -> list[str]:
    return list(
        Requisition.objects.filter(organisation=organisation)
        .order_by("job_title")
        .values_list("job_title", flat=True)
        .distinct()
    )


def job_fair_years(organisation: Organisation) -> list[int]:
    return sorted(
        {
            d.year
            for d in JobFair.objects.filter(organisation=organisation).values_list(
                "date", flat=True
            )
        },
        reverse=True,
    )


def workforce_departments(organisation: Organisation) -> list[str]:
    return [
        d
        for d in WorkforceCount.objects.filter(organisation=organisation)
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
        if d
    ]
