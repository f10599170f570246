"""The organisation's own population benchmark for the diversity of hires.

The community impact reports compare the hires' race and ethnicity and sex with the
population of the communities they live in: by default the built-in ACS five-year
estimates by community area (`impact.ACS_SOURCE`). An organisation may replace them
with its own table, one row per community area with the same groups, uploaded as a
spreadsheet: every row is checked before anything is saved, each problem named with
its row and column, and the table is saved whole in one transaction with its source and
year, which every report then quotes.
"""

from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import manager_organisation
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core.spreadsheets import (
    Column,
    Problem,
    ValueProblem,
    check_rows,
    guess_mapping,
    open_table,
    parse_int,
)
from workbridge.employers.impact import RACE_GROUPS, SEX_GROUPS
from workbridge.employers.models import ImpactSettings
from workbridge.people.models import CommunityArea
from workbridge.web.uploads import FILE_PROBLEMS, file_problem_text

MAX_ROWS = 1_000


def _count(raw: str) -> int:
    value = parse_int(raw)
    if value < 0:
        raise ValueProblem("negative")
    return value


GROUP_LABELS = {
    "hispanic": _("Hispanic or Latino"),
    "white": _("White"),
    "black": _("Black or African American"),
    "asian": _("Asian"),
    "other": _("Other or more than one race"),
    "female": _("Women"),
    "male": _("Men"),
}
COLUMNS = (
    Column(
        "community_area",
        str(_("Community area number")),
        required=True,
        parse=parse_int,
        aliases=("area", "community area", "number", "ca"),
    ),
    *(
        Column(group, group, required=True, parse=_count, aliases=(str(label),))
        for group, label in GROUP_LABELS.items()
    ),
)
PROBLEMS = {
    "choose_column": _("The file needs a column headed “%(field)s”."),
    "required": _("This value is required."),
    "not_whole_number": _("“%(value)s” is not a whole number."),
    "negative": _("“%(value)s” cannot be below zero."),
    "unknown_area": _("%(value)s is not one of Chicago's 77 community areas."),
    "repeated": _("Community area %(value)s is also on row %(other)s."),
    "nobody": _("Every group of this community area is zero."),
    "no_rows": _("The file has headings but no rows."),
    "too_many_rows": _("The file has more than %(limit)s rows."),
}


def problem_text(problem: Problem) -> str:
    """A problem of the benchmark file as a sentence in the current language."""
    if problem.code not in PROBLEMS and problem.code in FILE_PROBLEMS:
        return file_problem_text(problem.code, problem.params)
    template = PROBLEMS.get(problem.code, _("This value cannot be used."))
    params = {"value": "", **problem.params}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


@dataclass
class BenchmarkFile:
    """The population table read from a file, and everything wrong with it."""

    race: dict[str, dict[str, int]] = field(default_factory=dict)
    sex: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def benchmark_read(source: IO[bytes], filename: str) -> BenchmarkFile:
    """Read and check every row of a benchmark file; nothing is saved here.

    A file that cannot be read at all raises `FileProblem`."""
    found = BenchmarkFile()
    with open_table(source, filename) as table:
        headers = table.headers
        mapping = guess_mapping(headers, COLUMNS)
        checked = check_rows(headers, table, COLUMNS, mapping)
    found.problems.extend(checked.problems)
    if checked.rows_read > MAX_ROWS:
        found.problems.append(Problem(1, "", "too_many_rows", {"limit": MAX_ROWS}))
        return found
    if not checked.problems and not checked.rows:
        found.problems.append(Problem(1, "", "no_rows"))
        return found
    areas = set(CommunityArea.objects.values_list("number", flat=True))
    seen: dict[int, int] = {}
    area_column = mapping.get("community_area", "")
    for number, row in zip(checked.numbers, checked.rows, strict=True):
        area = row["community_area"]
        if area not in areas:
            found.problems.append(Problem(number, area_column, "unknown_area", {"value": area}))
            continue
        if area in seen:
            found.problems.append(
                Problem(number, area_column, "repeated", {"value": area, "other": seen[area]})
            )
            continue
        seen[area] = number
        if not any(row[group] for group in GROUP_LABELS):
            found.problems.append(Problem(number, "", "nobody"))
            continue
        found.race[str(area)] = {g: row[g] for g in RACE_GROUPS}
        found.sex[str(area)] = {g: row[g] for g in SEX_GROUPS}
    found.problems.sort(key=lambda p: (p.row, p.column))
    return found


@transaction.atomic
def impact_benchmark_replace(
    *,
    by: User,
    race: dict[str, dict[str, int]],
    sex: dict[str, dict[str, int]],
    source: str,
    year: str,
) -> ImpactSettings:
    """Replace the organisation's population benchmark with its own table (managers)."""
    organisation = manager_organisation(by)
    if not race or not sex or not source.strip() or not year.strip():
        raise ValueError("a benchmark needs its rows, its source and its year")
    row, _created = ImpactSettings.objects.get_or_create(organisation=organisation)
    row.benchmark = {"race": race, "sex": sex}
    row.benchmark_source = source.strip()[:300]
    row.benchmark_year = year.strip()[:20]
    row.save(update_fields=["benchmark", "benchmark_source", "benchmark_year", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=row,
        fields=["benchmark", "benchmark_source", "benchmark_year"],
        detail=f"{len(race)} community areas; {row.benchmark_source} ({row.benchmark_year})",
    )
    return row


@transaction.atomic
def impact_benchmark_reset(*, by: User) -> ImpactSettings | None:
    """Go back to the built-in ACS benchmark (managers)."""
    organisation = manager_organisation(by)
    row = ImpactSettings.objects.filter(organisation=organisation).first()
    if row is None or not row.benchmark:
        return row
    row.benchmark = {}
    row.benchmark_source = ""
    row.benchmark_year = ""
    row.save(update_fields=["benchmark", "benchmark_source", "benchmark_year", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=row,
        fields=["benchmark", "benchmark_source", "benchmark_year"],
        detail="back to the built-in benchmark",
    )
    return row


def benchmark_summary(organisation_id: int) -> dict[str, Any]:
    """The benchmark in use: its source, year, and whether it is the organisation's own."""
    from workbridge.employers.impact import impact_context

    context = impact_context(organisation_id)
    row = ImpactSettings.objects.filter(organisation_id=organisation_id).first()
    own = bool(row and row.benchmark)
    return {
        "source": context.benchmark_source,
        "year": context.benchmark_year,
        "own": own,
        "areas": len((row.benchmark or {}).get("race", {})) if own and row else 0,
    }
