"""Community indicators loaded from CSV: one value a row, for the city or a community area.

Columns: indicator (a short key), name, unit, area (a community area number, or "city"),
year, value, source. Every row is checked first; nothing is written when one is wrong.
"""

from dataclasses import dataclass
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from workbridge.core.spreadsheets import (
    Column,
    FileProblem,
    ValueProblem,
    check_rows,
    guess_mapping,
    open_table,
    parse_decimal,
    parse_int,
)
from workbridge.people.models import CommunityArea
from workbridge.plans.models import CommunityIndicator, IndicatorValue
from workbridge.plans.sheets import SheetProblem
from workbridge.web.uploads import file_problem_text, spreadsheet_limits

CITY = "city"


def _area(raw: str) -> int | None:
    if raw.strip().lower() in (CITY, "chicago", "citywide"):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValueProblem("not_area") from None


COLUMNS = (
    Column("indicator", "indicator", required=True),
    Column("name", "name", required=True),
    Column("unit", "unit"),
    Column("area", "area", required=True, parse=_area, aliases=("community_area",)),
    Column("year", "year", required=True, parse=parse_int),
    Column("value", "value", required=True, parse=parse_decimal),
    Column("source", "source"),
)

MESSAGES = {
    "choose_column": _("The file needs a column headed %(field)s."),
    "required": _("This cell is empty."),
    "not_number": _("“%(value)s” is not a number."),
    "not_whole_number": _("“%(value)s” is not a whole number."),
    "not_area": _("“%(value)s” is neither a community area number nor “city”."),
}


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    name: str
    unit: str
    area: int | None
    year: int
    value: float
    source: str


def indicators_csv_read(
    source: IO[bytes], filename: str
) -> tuple[list[IndicatorRow], list[SheetProblem]]:
    """The rows of an indicators file and every problem with its row and column."""
    try:
        table = open_table(source, filename, limits=spreadsheet_limits())
    except FileProblem as exc:
        return [], [SheetProblem(1, "", file_problem_text(exc))]
    with table:
        mapping = guess_mapping(table.headers, COLUMNS)
        checked = check_rows(table.headers, table, COLUMNS, mapping)
    problems = [
        SheetProblem(p.row, p.column, str(MESSAGES.get(p.code, p.code)) % dict(p.params))
        for p in checked.problems
    ]
    areas = set(CommunityArea.objects.values_list("number", flat=True))
    rows = []
    for number, row in zip(checked.numbers, checked.rows, strict=True):
        if row["area"] is not None and row["area"] not in areas:
            problems.append(
                SheetProblem(
                    number,
                    mapping["area"],
                    _("There is no community area %(n)s.") % {"n": row["area"]},
                )
            )
            continue
        rows.append(
            IndicatorRow(
                indicator=row["indicator"][:60],
                name=row["name"][:200],
                unit=row.get("unit", "percent")[:20],
                area=row["area"],
                year=row["year"],
                value=float(row["value"]),
                source=row.get("source", "")[:300],
            )
        )
    problems.sort(key=lambda p: p.row)
    return rows, problems


@transaction.atomic
def indicators_csv_load(rows: list[IndicatorRow]) -> int:
    """Write checked rows (a value already there for the same year and area is replaced)."""
    indicators: dict[str, CommunityIndicator] = {}
    for row in rows:
        if row.indicator not in indicators:
            found, _created = CommunityIndicator.objects.update_or_create(
                key=row.indicator,
                defaults={"name": row.name, "unit": row.unit, "source": row.source},
            )
            indicators[row.indicator] = found
    for row in rows:
        IndicatorValue.objects.update_or_create(
            indicator=indicators[row.indicator],
            community_area_id=row.area,
            year=row.year,
            defaults={"value": row.value, "source": row.source},
        )
    return len(rows)


@dataclass(frozen=True)
class IndicatorSeries:
    indicator: CommunityIndicator
    city: list[tuple[int, float]]
    areas: int
    highest: list[tuple[str, float]]


def indicator_table() -> list[IndicatorSeries]:
    """Each indicator's city series by year, and the five areas highest in its latest year."""
    found = []
    values = list(
        IndicatorValue.objects.select_related("community_area").order_by("indicator_id", "year")
    )
    by_indicator: dict[int, list[IndicatorValue]] = {}
    for value in values:
        by_indicator.setdefault(value.indicator_id, []).append(value)
    for indicator in CommunityIndicator.objects.all():
        rows = by_indicator.get(indicator.pk, [])
        city = [(v.year, v.value) for v in rows if v.community_area_id is None]
        areas = [v for v in rows if v.community_area_id is not None]
        latest = max((v.year for v in areas), default=None)
        top = sorted((v for v in areas if v.year == latest), key=lambda v: -v.value)[:5]
        found.append(
            IndicatorSeries(
                indicator=indicator,
                city=city,
                areas=len({v.community_area_id for v in areas}),
                highest=[(v.community_area.name, v.value) for v in top if v.community_area],
            )
        )
    return found
