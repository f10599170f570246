"""Writes for the equity reference data: benchmarks, the workforce table and equity settings.

Each write runs in one transaction and records its audit event there. The workforce
file is read with `workbridge.core.spreadsheets`: every row is checked before anything is
written, each problem names its row and column, and the counts held for the dates
in the file are replaced as a whole, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.accounts.models import AuditAction, Organisation
from workbridge.accounts.services import audit_record
from workbridge.bulk import delete_set_based
from workbridge.core import spreadsheets
from workbridge.core.applicant_flow import parse_stages
from workbridge.equity.models import (
    MAX_STAGES,
    Benchmark,
    BenchmarkShare,
    Eeo4JobCategory,
    EquitySettings,
    WorkforceCount,
)
from workbridge.equity.reports_workforce import band_label, salary_band_of
from workbridge.equity.services import equity_settings_for
from workbridge.people.choices import EeoCategory, Sex
from workbridge.web.accepted_values import accepted_values_text, choice_labels
from workbridge.web.uploads import FILE_PROBLEMS, file_problem_text, spreadsheet_limits

# Benchmarks ------------------------------------------------------------------------------


@transaction.atomic
def benchmark_save(
    *,
    organisation: Organisation,
    data: dict[str, Any],
    shares: Sequence[tuple[str, str, Decimal]],
    benchmark: Benchmark | None = None,
    by,
) -> Benchmark:
    """Create or update a benchmark and replace its shares."""
    creating = benchmark is None
    if benchmark is None:
        benchmark = Benchmark(organisation=organisation)
    elif benchmark.organisation_id != organisation.pk:
        raise ValueError("the benchmark belongs to another organisation")
    for name in ("name", "source", "year", "geography", "eeo4_category"):
        setattr(benchmark, name, data[name])
    benchmark.save()
    benchmark.shares.all().delete()
    BenchmarkShare.objects.bulk_create(
        BenchmarkShare(benchmark=benchmark, characteristic=c, group=g, share=s)
        for c, g, s in shares
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=benchmark,
        fields=["name", "source", "year", "geography", "eeo4_category", "shares"],
    )
    return benchmark


@transaction.atomic
def benchmark_delete(*, benchmark: Benchmark, by) -> None:
    """Remove a benchmark and its shares."""
    audit_record(
        actor=by,
        action=AuditAction.DELETE,
        obj=benchmark,
        fields=["name", "source", "year", "shares"],
    )
    benchmark.delete()


def benchmarks_of(organisation: Organisation) -> list[Benchmark]:
    """The organisation's benchmarks with their shares."""
    return list(Benchmark.objects.filter(organisation=organisation).prefetch_related("shares"))


def benchmark_get_for(organisation: Organisation, pk: int) -> Benchmark:
    """One of the organisation's benchmarks; 404 for anyone else's."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Benchmark, pk=pk, organisation=organisation)


# Equity settings -------------------------------------------------------------------------


@transaction.atomic
def equity_settings_update(
    *,
    organisation: Organisation,
    stages: list[str],
    salary_bands: list[list[int | None]],
    small_cell_threshold: int,
    by,
) -> EquitySettings:
    """Save the stage list, salary bands and small-cell threshold.

    ValueError, and nothing saved, for a stage list the flow tables cannot hold (more
    than MAX_STAGES stages) or that names a stage twice, leaves one blank or has fewer
    than two: the settings form says so in words before it gets here.
    """
    stages = [stage.strip() for stage in stages]
    if list(parse_stages(",".join(stages))) != stages:
        raise ValueError("a stage name holds a comma")
    if len(stages) > MAX_STAGES:
        raise ValueError(f"at most {MAX_STAGES} stages; {len(stages)} given")
    row = equity_settings_for(organisation)
    row.stages = stages
    row.salary_bands = salary_bands
    row.small_cell_threshold = small_cell_threshold
    row.save(update_fields=["stages", "salary_bands", "small_cell_threshold"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=row,
        fields=["stages", "salary_bands", "small_cell_threshold"],
    )
    return row


# The workforce table -------------------------------------------------------------------

PROBLEM_MESSAGES = {
    "file_type": gettext_lazy("Upload a CSV or XLSX file."),
    "empty": gettext_lazy("The file has no rows."),
    "damaged": gettext_lazy("The file cannot be read as a spreadsheet."),
    "choose_column": gettext_lazy("The file has no column for “%(field)s”."),
    "required": gettext_lazy("This value is required."),
    "not_number": gettext_lazy("“%(value)s” is not a number."),
    "not_whole_number": gettext_lazy("“%(value)s” is not a whole number."),
    "not_date": gettext_lazy("“%(value)s” is not a date (use YYYY-MM-DD or MM/DD/YYYY)."),
    "not_choice": gettext_lazy("“%(value)s” is not one of the accepted values: %(choices)s."),
    "not_band": gettext_lazy("“%(value)s” is not a salary band (1 to %(n)s, or a band label)."),
    "band_or_salary": gettext_lazy("Give a salary band or an annual salary."),
    "salary_outside": gettext_lazy("The salary %(value)s is in none of the salary bands."),
    "negative": gettext_lazy("“%(value)s” cannot be below zero."),
    "repeated": gettext_lazy(
        "The same date, department, category, band and group is on line %(other)s."
    ),
    "no_rows": gettext_lazy("The file has a header but no rows."),
}


def problem_text(problem: spreadsheets.Problem) -> str:
    if problem.code not in PROBLEM_MESSAGES and problem.code in FILE_PROBLEMS:
        return file_problem_text(problem.code, problem.params)
    template = PROBLEM_MESSAGES.get(problem.code, gettext_lazy("This value cannot be used."))
    params = {"value": "", **problem.params}
    if problem.code == "not_choice":
        params["choices"] = accepted_values_text(choice_labels(params["choices"], CHOICE_SETS))
    return str(template) % params


@dataclass
class WorkforcePlan:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[spreadsheets.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def dates(self) -> list[date]:
        return sorted({r["as_of"] for r in self.rows})

    @property
    def employees(self) -> int:
        return sum(r["employees"] for r in self.rows)


def _band_parser(bands: list[list[int | None]]):
    labels = {
        "".join(ch for ch in band_label(low, high).lower() if ch.isalnum()): i
        for i, (low, high) in enumerate(bands)
    }

    def parse(raw: str) -> int:
        text = raw.strip()
        if text.isdigit() and 1 <= int(text) <= len(bands):
            return int(text) - 1
        key = "".join(ch for ch in text.lower() if ch.isalnum())
        if key in labels:
            return labels[key]
        raise spreadsheets.ValueProblem("not_band", n=len(bands))

    return parse


def _count(raw: str) -> int:
    value = spreadsheets.parse_int(raw)
    if value < 0:
        raise spreadsheets.ValueProblem("negative")
    return value


def workforce_columns(bands: list[list[int | None]]) -> list[spreadsheets.Column]:
    """The workforce file's columns, in the page's language.

    Whatever the page's language, every column also answers to its English heading and
    every choice to its English name, since the files usually come from English systems.
    """
    columns = _workforce_columns(bands)
    with translation.override("en"):
        english = _workforce_columns(bands)
    return [
        replace(
            column,
            aliases=(*column.aliases, str(in_english.label)),
            parse=_either(column.parse, in_english.parse)
            if column.key in _CHOICE_COLUMNS
            else column.parse,
        )
        for column, in_english in zip(columns, english, strict=True)
    ]


_CHOICE_COLUMNS = frozenset({"eeo4_category", "eeo_category", "sex"})
# The choices those columns accept, so a problem names their labels.
CHOICE_SETS = (Eeo4JobCategory, EeoCategory, Sex)


def _either(first: spreadsheets.Parser, second: spreadsheets.Parser) -> spreadsheets.Parser:
    """A parser trying ``first`` and then ``second``, with ``first``'s problem if both fail."""

    def parse(raw: str) -> Any:
        try:
            return first(raw)
        except spreadsheets.ValueProblem as problem:
            try:
                return second(raw)
            except spreadsheets.ValueProblem:
                raise problem from None

    return parse


def _workforce_columns(bands: list[list[int | None]]) -> list[spreadsheets.Column]:
    return [
        spreadsheets.Column(
            "as_of", _("as of"), True, spreadsheets.parse_date, ("date", "as of date")
        ),
        spreadsheets.Column("department", _("department"), False, str, ("dept",)),
        spreadsheets.Column(
            "eeo4_category",
            _("EEO-4 job category"),
            True,
            spreadsheets.parse_choice(dict(Eeo4JobCategory.choices)),
            ("eeo4 category", "job category", "category", "eeo4"),
        ),
        spreadsheets.Column("salary_band", _("salary band"), False, _band_parser(bands), ("band",)),
        spreadsheets.Column(
            "annual_salary",
            _("annual salary"),
            False,
            spreadsheets.parse_decimal,
            ("salary", "annual pay"),
        ),
        spreadsheets.Column(
            "eeo_category",
            _("race/ethnicity"),
            True,
            spreadsheets.parse_choice(dict(EeoCategory.choices)),
            ("race", "race ethnicity", "race_ethnicity", "eeo category"),
        ),
        spreadsheets.Column(
            "sex", _("sex"), False, spreadsheets.parse_choice(dict(Sex.choices)), ("gender",)
        ),
        spreadsheets.Column("employees", _("employees"), True, _count, ("count", "headcount")),
    ]


def workforce_check(organisation: Organisation, source: IO[bytes], filename: str) -> WorkforcePlan:
    """Read and check every row of a workforce file (a binary file, closed once read);
    nothing is written."""
    plan = WorkforcePlan()
    bands = equity_settings_for(organisation).salary_bands
    columns = workforce_columns(bands)
    try:
        with spreadsheets.open_table(source, filename, limits=spreadsheet_limits()) as table:
            mapping = spreadsheets.guess_mapping(table.headers, columns)
            checked = spreadsheets.check_rows(table.headers, table, columns, mapping)
    except spreadsheets.FileProblem as exc:
        plan.problems.append(spreadsheets.Problem(1, "", exc.code, exc.params))
        return plan
    plan.problems.extend(checked.problems)
    seen: dict[tuple, int] = {}
    for line, row in zip(checked.numbers, checked.rows, strict=True):
        band = row.get("salary_band")
        if band is None:
            salary = row.get("annual_salary")
            if salary is None:
                plan.problems.append(
                    spreadsheets.Problem(line, mapping.get("salary_band", ""), "band_or_salary")
                )
                continue
            band = salary_band_of(salary, bands)
            if band is None:
                plan.problems.append(
                    spreadsheets.Problem(
                        line, mapping.get("annual_salary", ""), "salary_outside", {"value": salary}
                    )
                )
                continue
        key = (
            row["as_of"],
            row.get("department", "").strip(),
            row["eeo4_category"],
            band,
            row["eeo_category"],
            row.get("sex", ""),
        )
        if key in seen and "annual_salary" not in row:
            plan.problems.append(spreadsheets.Problem(line, "", "repeated", {"other": seen[key]}))
            continue
        seen.setdefault(key, line)
        plan.rows.append(
            {
                "as_of": key[0],
                "department": key[1],
                "eeo4_category": key[2],
                "salary_band": key[3],
                "eeo_category": key[4],
                "sex": key[5],
                "employees": row["employees"],
            }
        )
    if not checked.rows_read:
        plan.problems.append(spreadsheets.Problem(1, "", "no_rows"))
    plan.problems.sort(key=lambda p: (p.row, p.column))
    return plan


@transaction.atomic
def workforce_import(*, organisation: Organisation, plan: WorkforcePlan, filename: str, by) -> int:
    """Replace the workforce counts for the dates in a checked file; returns rows written.

    Rows with an annual salary are added up per band (a file may hold one row per person).
    """
    if not plan.ok:
        raise ValueError("the file has problems")
    totals: dict[tuple, int] = {}
    for r in plan.rows:
        key = (
            r["as_of"],
            r["department"],
            r["eeo4_category"],
            r["salary_band"],
            r["eeo_category"],
            r["sex"],
        )
        totals[key] = totals.get(key, 0) + r["employees"]
    replaced = WorkforceCount.objects.filter(organisation=organisation, as_of__in=plan.dates)
    delete_set_based(replaced, organisation.pk)
    WorkforceCount.objects.bulk_create(
        (
            WorkforceCount(
                organisation=organisation,
                as_of=as_of,
                department=department,
                eeo4_category=category,
                salary_band=band,
                eeo_category=eeo,
                sex=sex,
                employees=n,
            )
            for (as_of, department, category, band, eeo, sex), n in totals.items()
        ),
        batch_size=5_000,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="equity.workforcecount",
        fields=["eeo_category", "sex", "employees"],
        detail=(
            f"workforce import {filename[:100]}: {len(totals)} counts, {plan.employees} employees,"
            f" dates {', '.join(d.isoformat() for d in plan.dates)[:120]}"
        ),
    )
    return len(totals)


def workforce_summary(organisation: Organisation) -> list[tuple[date, int, int]]:
    """Per date held: (date, count rows, employees), newest first."""
    from django.db.models import Count, Sum

    return [
        (r["as_of"], r["rows"], int(r["employees"] or 0))
        for r in WorkforceCount.objects.filter(organisation=organisation)
        .values("as_of")
        .annotate(rows=Count("pk"), employees=Sum("employees"))
        .order_by("-as_of")
    ]
