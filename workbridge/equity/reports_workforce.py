"""Reports on the workforce table: representation against a benchmark, and the EEO-4 table.

- Representation: employees on one date (`WorkforceCount.as_of`), in one EEO-4
  job category or the whole workforce, compared group by group with a
  benchmark's availability shares (`workbridge.core.representation`). Employees
  whose answer is not known (race not disclosed; sex not recorded or "prefer not
  to say") are left out of the comparison and counted in a note, since
  availability describes people whose group is known.
- EEO-4 table: employees by job category, salary band (the organisation's bands,
  labelled like the EEO-4 form, "$25.0–32.9K"), race or ethnicity and sex. For
  publication the all-categories summary is protected first; each category's
  table then keeps the summary's published column totals and hides what the
  summary hides, so the two tables cannot be played against each other.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from workbridge.accounts.models import Organisation
from workbridge.core import representation as rep
from workbridge.core.suppression import Suppression, suppress_counts, suppress_linked
from workbridge.equity.models import Benchmark, Eeo4JobCategory, WorkforceCount
from workbridge.equity.reports import (
    CHARACTERISTICS,
    COUNT,
    GROUP_FIELD,
    NUMBER,
    PERCENT,
    PROBABILITY,
    RACE,
    RATIO,
    SEX,
    TEXT,
    Cell,
    Chart,
    Report,
    Row,
    Table,
    group_keys,
    group_label,
    percent,
    publication_note,
    scope_line,
)
from workbridge.equity.services import equity_settings_for
from workbridge.people.choices import EeoCategory, Sex

REPRESENTATION = "representation"
EEO4 = "eeo4"
UNKNOWN_GROUPS = {RACE: {EeoCategory.NOT_DISCLOSED.value}, SEX: {Sex.PREFER_NOT.value, ""}}


def method_choices() -> list[tuple[str, str]]:
    """The FCCM 1F02 under-utilisation methods, as form choices."""
    return [
        (rep.TWO_SIDED_05, _("Exact binomial test, two-sided p below 0.05")),
        (rep.ANY_DIFFERENCE, _("Any difference")),
        (rep.WHOLE_PERSON, _("At least one whole person")),
        (rep.EIGHTY_PERCENT, _("Below 80% of availability")),
    ]


def band_label(low: int | None, high: int | None) -> str:
    """An EEO-4 salary band in thousands of dollars: "$25.0–32.9K", "$70.0K and over"."""
    start = Decimal("0.1") if not low else Decimal(low).quantize(Decimal("0.1"))
    if high is None:
        return _("$%(low)sK and over") % {"low": start}
    end = (Decimal(high) - Decimal("0.1")).quantize(Decimal("0.1"))
    return f"${start}–{end}K"


def band_labels(organisation: Organisation) -> list[str]:
    return [band_label(low, high) for low, high in equity_settings_for(organisation).salary_bands]


def salary_band_of(salary: Decimal, bands: list[list[int | None]]) -> int | None:
    """The index of the band an annual salary (in dollars) falls in; None if none holds it."""
    thousands = Decimal(salary) / 1000
    for i, (low, high) in enumerate(bands):
        if thousands >= (low or 0) and (high is None or thousands < high):
            return i
    return None


def workforce_dates(organisation: Organisation) -> list[date]:
    """The dates the workforce table has counts for, newest first."""
    return list(
        WorkforceCount.objects.filter(organisation=organisation)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .distinct()
    )


# Representation ------------------------------------------------------------------------


def representation_report(
    organisation: Organisation,
    *,
    as_of: date | None,
    benchmark: Benchmark | None,
    characteristic: str = RACE,
    method: str = rep.TWO_SIDED_05,
    eeo4_category: str | None = None,
    publication: bool = False,
    threshold: int,
) -> Report:
    """Each group's representation on a date against the benchmark's availability.

    The employees compared are the benchmark's job category (or the whole workforce)
    unless `eeo4_category` names another ("" for the whole workforce).
    """
    report = Report(
        key=REPRESENTATION,
        title=_("Workforce representation"),
        scope=[],
        publication=publication,
        threshold=threshold,
    )
    if as_of is None or benchmark is None:
        report.empty_message = (
            _("There is no workforce table yet: import one first.")
            if as_of is None
            else _("There is no benchmark yet: add one first.")
        )
        return report
    category = benchmark.eeo4_category if eeo4_category is None else eeo4_category
    report.scope = [
        scope_line(_("Employees on"), as_of.isoformat()),
        scope_line(
            _("Job category"),
            Eeo4JobCategory(category).label if category else _("Whole workforce"),
        ),
        scope_line(
            _("Benchmark"),
            f"{benchmark.name}, {benchmark.source} ({benchmark.year})",
        ),
        scope_line(_("Groups"), CHARACTERISTICS[characteristic]),
        scope_line(_("Under-utilisation"), dict(method_choices())[method]),
    ]
    counts = WorkforceCount.objects.filter(organisation=organisation, as_of=as_of)
    if category:
        counts = counts.filter(eeo4_category=category)
    column = GROUP_FIELD[characteristic]
    employees = {
        r[column]: int(r["n"])
        for r in counts.values(column).annotate(n=Sum("employees")).order_by()
    }
    shares = {
        s.group: s.share
        for s in benchmark.shares.filter(characteristic=characteristic).order_by("group")
    }
    if not shares:
        report.empty_message = _("The benchmark has no shares for %(characteristic)s.") % {
            "characteristic": str(CHARACTERISTICS[characteristic]).lower()
        }
        return report
    unknown = sum(n for g, n in employees.items() if g in UNKNOWN_GROUPS[characteristic])
    total = sum(employees.values()) - unknown
    if total == 0:
        report.empty_message = _("No employees with a known answer were counted on that date.")
        return report
    order = [g for g in group_keys(characteristic) if g in shares]
    order += sorted(set(shares) - set(order))
    hidden = (
        suppress_counts({g: employees.get(g, 0) for g in order}, threshold=threshold)
        if publication
        else frozenset()
    )
    results = rep.utilisation_analysis(
        [rep.Availability(g, employees.get(g, 0), total, shares[g]) for g in order],
        method=method,
    )
    rows = []
    for u in results:
        h = u.group in hidden
        rows.append(
            Row(
                group_label(characteristic, u.group),
                [
                    Cell(u.employees, COUNT, h),
                    Cell(percent(u.employees, total), PERCENT, h),
                    Cell(percent(u.availability, 1), PERCENT),
                    Cell(None if u.ratio is None else round(float(u.ratio), 2), RATIO, h),
                    Cell(round(float(u.expected), 1), NUMBER),
                    Cell(
                        None if u.standard_deviations is None else round(u.standard_deviations, 2),
                        NUMBER,
                        h,
                    ),
                    Cell(u.p_lower, PROBABILITY, h),
                    Cell(u.p_two_sided, PROBABILITY, h),
                    Cell(u.shortfall, COUNT, h),
                    Cell(_("Yes") if u.under_utilised else _("No"), TEXT, h),
                ],
            )
        )
    rows.append(
        Row(
            _("All employees with a known answer"),
            [Cell(total), Cell(100.0, PERCENT)] + [Cell(None, TEXT)] * 8,
            total=True,
        )
    )
    table = Table(
        key="representation",
        caption=_("Representation on %(date)s against %(benchmark)s")
        % {"date": as_of.isoformat(), "benchmark": benchmark.name},
        row_heading=str(CHARACTERISTICS[characteristic]),
        columns=[
            _("Employees"),
            _("Representation (%)"),
            _("Availability (%)"),
            _("Utilisation ratio"),
            _("Expected employees"),
            _("Standard deviations"),
            _("Probability of as few or fewer"),
            _("Two-sided p"),
            _("Shortfall"),
            _("Under-utilised"),
        ],
        rows=rows,
    )
    report.tables.append(table)
    report.charts.append(
        Chart(
            title=_("Representation and availability"),
            categories=[r.label for r in rows[:-1]],
            series=[
                (_("Representation"), [r.cells[1] for r in rows[:-1]]),
                (_("Availability"), [r.cells[2] for r in rows[:-1]]),
            ],
            unit="percent",
            axis_label=_("Per cent"),
            description=_(
                "Bar chart of each group's share of employees beside its availability."
                " The table below gives the same figures."
            ),
        )
    )
    report.notes.append(
        _(
            "Utilisation ratio: representation over availability. The probabilities are exact"
            " binomial tests: the chance of as few employees of the group, or fewer, if"
            " employees were drawn at random from the benchmark population. Shortfall: how"
            " many more employees of the group would bring representation up to"
            " availability, rounded up."
        )
    )
    if unknown:
        report.notes.append(
            _("%(n)s employees whose answer is not known are left out of the comparison.")
            % {"n": unknown}
        )
    publication_note(report)
    return report


# EEO-4 table -----------------------------------------------------------------------------


def _columns(present_sexes: set[str]) -> list[tuple[str, str]]:
    """(sex, race) columns: men then women as on the EEO-4 form, then any other answer."""
    order = ["male", "female", *(s for s in Sex.values if s not in ("male", "female")), ""]
    sexes = [s for s in order if s in present_sexes or s in ("male", "female")]
    races = list(EeoCategory.values)
    return [(s, r) for s in sexes for r in races]


def eeo4_report(
    organisation: Organisation,
    *,
    as_of: date | None,
    department: str = "",
    categories: list[str] | None = None,
    publication: bool = False,
    threshold: int,
) -> Report:
    """Employees by job category, salary band, race or ethnicity and sex, as on the EEO-4.

    `categories` limits the table to some job categories (None or empty: all of them).
    """
    report = Report(
        key=EEO4,
        title=_("Workforce by job category and salary (EEO-4)"),
        scope=[],
        publication=publication,
        threshold=threshold,
    )
    if as_of is None:
        report.empty_message = _("There is no workforce table yet: import one first.")
        return report
    report.scope = [
        scope_line(_("Employees on"), as_of.isoformat()),
        scope_line(_("Department"), department or _("All departments")),
        scope_line(
            _("Job category"),
            ", ".join(str(Eeo4JobCategory(c).label) for c in categories)
            if categories
            else _("All job categories"),
        ),
    ]
    counts = WorkforceCount.objects.filter(organisation=organisation, as_of=as_of)
    if department:
        counts = counts.filter(department=department)
    if categories:
        counts = counts.filter(eeo4_category__in=categories)
    rows = (
        counts.values("eeo4_category", "salary_band", "eeo_category", "sex")
        .annotate(n=Sum("employees"))
        .order_by()
    )
    data: dict[str, dict[int, dict[tuple[str, str], int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for r in rows:
        data[r["eeo4_category"]][r["salary_band"]][(r["sex"], r["eeo_category"])] += int(r["n"])
    if not data:
        report.empty_message = _("No employees were counted for these filters.")
        return report
    bands = band_labels(organisation)
    used_bands = {b for per in data.values() for b in per}
    band_keys = list(range(len(bands))) + sorted(b for b in used_bands if b >= len(bands))
    band_names = [bands[b] if b < len(bands) else _("Band %(n)s") % {"n": b + 1} for b in band_keys]
    sexes = {s for per in data.values() for cells in per.values() for s, _r in cells}
    columns = _columns(sexes)
    labels = [f"{group_label(SEX, s)} – {group_label(RACE, r)}" for s, r in columns]
    categories = [c for c in Eeo4JobCategory.values if c in data]
    matrices = [
        [[data[c][b].get(col, 0) for col in columns] for b in band_keys] for c in categories
    ]
    summary = [
        [sum(data[c][b].get(col, 0) for b in data[c]) for col in columns] for c in categories
    ]
    if publication:
        summary_hidden, part_hidden = suppress_linked(matrices, threshold=threshold)
    else:
        summary_hidden = Suppression(len(categories), len(columns), frozenset())
        part_hidden = [Suppression(len(band_keys), len(columns), frozenset()) for _c in categories]
    all_columns = [*labels, _("Total")]

    def table_rows(
        matrix: list[list[int]], names: list[str], hidden: Suppression, total_label: str
    ) -> list[Row]:
        out = []
        width = len(columns)
        for i, name in enumerate(names):
            out.append(
                Row(
                    name,
                    [Cell(v, COUNT, hidden.cell(i, j)) for j, v in enumerate(matrix[i])]
                    + [Cell(sum(matrix[i]), COUNT, hidden.row_total(i))],
                )
            )
        col_totals = [sum(row[j] for row in matrix) for j in range(width)]
        out.append(
            Row(
                total_label,
                [Cell(v, COUNT, hidden.column_total(j)) for j, v in enumerate(col_totals)]
                + [Cell(sum(col_totals), COUNT, hidden.grand_total)],
                total=True,
            )
        )
        return out

    category_names = [str(Eeo4JobCategory(c).label) for c in categories]
    report.tables.append(
        Table(
            key="summary",
            caption=_("All job categories"),
            row_heading=_("Job category"),
            columns=all_columns,
            rows=table_rows(summary, category_names, summary_hidden, _("All employees")),
        )
    )
    for k, category in enumerate(categories):
        matrix = matrices[k]
        hidden = part_hidden[k]
        report.tables.append(
            Table(
                key=category,
                caption=category_names[k],
                row_heading=_("Annual salary"),
                columns=all_columns,
                rows=table_rows(matrix, band_names, hidden, _("All salaries")),
            )
        )
    # The chart: each category's employees by race or ethnicity (both sexes), from the
    # summary; a bar is left out when any cell it adds up is hidden.
    races = list(EeoCategory.values)
    series = []
    for race in races:
        values: list[Cell] = []
        for k in range(len(categories)):
            js = [j for j, (_s, r) in enumerate(columns) if r == race]
            hide = any(summary_hidden.cell(k, j) for j in js)
            values.append(Cell(sum(summary[k][j] for j in js), COUNT, hide))
        if any(v.value for v in values):
            series.append((group_label(RACE, race), values))
    report.charts.append(
        Chart(
            title=_("Employees by job category and race or ethnicity"),
            categories=category_names,
            series=series,
            unit="count",
            axis_label=_("Employees"),
            description=_(
                "Bar chart of employees in each job category by race or ethnicity, both sexes"
                " together. The tables below give the figures by sex and salary."
            ),
        )
    )
    publication_note(report)
    return report
