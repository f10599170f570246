"""Exit-interview reasons by department over time, reviewed monthly by HR.

Each period (month, quarter or year) is its own table: departments down, main reasons
across, with each department's exits and each reason's total. Small counts are hidden,
totals of fewer people than the threshold too, and enough other cells with them that no
hidden count can be worked out from what is shown (`core.suppression.suppress_table`).
Periods never overlap and no total across periods is published beside them, so the tables
cannot be combined to uncover a cell either.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.db.models import Count
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear

from workbridge.core.suppression import suppress_table
from workbridge.surveys.models import Answer, Option, Survey
from workbridge.surveys.queries import small_cell_threshold

REASON_KEY = "main_reason"
Period = Literal["month", "quarter", "year"]
_TRUNC = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
NO_DEPARTMENT = "—"


@dataclass(frozen=True)
class Cell:
    count: int
    hidden: bool

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.count


@dataclass(frozen=True)
class PeriodTable:
    starts: date
    period: Period
    reasons: list[str]
    departments: list[str]
    cells: list[list[Cell]]  # [department][reason]
    department_totals: list[Cell]
    reason_totals: list[Cell]
    total: Cell

    @property
    def rows(self) -> list[dict[str, object]]:
        return [
            {"department": d, "cells": self.cells[i], "total": self.department_totals[i]}
            for i, d in enumerate(self.departments)
        ]

    @property
    def label(self) -> str:
        if self.period == "year":
            return str(self.starts.year)
        if self.period == "quarter":
            return f"{self.starts.year} Q{(self.starts.month - 1) // 3 + 1}"
        return f"{self.starts:%Y-%m}"


def reason_labels(survey: Survey, language: str) -> dict[int, str]:
    """The main-reason options of the survey's newest version that asks it, by value."""
    options = (
        Option.objects.filter(question__version__survey=survey, question__key=REASON_KEY)
        .order_by("-question__version__number", "value")
        .values_list("question__version__number", "value", "label_en", "label_es")
    )
    labels: dict[int, str] = {}
    newest = None
    for number, value, en, es in options:
        newest = number if newest is None else newest
        if number == newest:
            labels[value] = es if language == "es" and es else en
    return labels


def exit_reasons(
    survey: Survey, *, period: Period = "quarter", language: str = "en", limit: int = 8
) -> list[PeriodTable]:
    """The newest `limit` periods' tables, newest first, small counts hidden."""
    threshold = small_cell_threshold(survey.organisation)
    labels = reason_labels(survey, language)
    rows = (
        Answer.objects.filter(
            response__wave__survey=survey, question__key=REASON_KEY, value__isnull=False
        )
        .annotate(starts=_TRUNC[period]("response__submitted_on"))
        .values_list("starts", "response__department", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[date, dict[tuple[str, int], int]] = defaultdict(dict)
    for starts, department, value, n in rows:
        day = starts.date() if hasattr(starts, "date") else starts
        counts[day][(department or NO_DEPARTMENT, value)] = n
    tables = []
    for starts in sorted(counts, reverse=True)[:limit]:
        found = counts[starts]
        values = sorted(set(labels) | {v for _d, v in found})
        departments = sorted({d for d, _v in found}, key=str.casefold)
        grid = [[found.get((d, v), 0) for v in values] for d in departments]
        n_rows, n_cols = len(departments), len(values)
        # A department or reason with fewer exits than the threshold is a small group:
        # its total is hidden too, with whatever it takes to keep it hidden.
        small_totals = {(i, n_cols) for i in range(n_rows) if 0 < sum(grid[i]) < threshold} | {
            (n_rows, j) for j in range(n_cols) if 0 < sum(row[j] for row in grid) < threshold
        }
        if 0 < sum(map(sum, grid)) < threshold:
            small_totals.add((n_rows, n_cols))
        hide = suppress_table(grid, threshold=threshold, already=small_totals)
        tables.append(
            PeriodTable(
                starts=starts,
                period=period,
                reasons=[labels.get(v, str(v)) for v in values],
                departments=departments,
                cells=[
                    [Cell(grid[i][j], hide.cell(i, j)) for j in range(n_cols)]
                    for i in range(n_rows)
                ],
                department_totals=[Cell(sum(grid[i]), hide.row_total(i)) for i in range(n_rows)],
                reason_totals=[
                    Cell(sum(row[j] for row in grid), hide.column_total(j)) for j in range(n_cols)
                ],
                total=Cell(sum(map(sum, grid)), hide.grand_total),
            )
        )
    return tables


def export_rows(tables: list[PeriodTable]) -> tuple[list[str], list[list[object]]]:
    """One row per period, department and reason; hidden counts are blank."""
    headers = ["period", "department", "reason", "exits"]
    rows: list[list[object]] = []
    for table in tables:
        for i, department in enumerate(table.departments):
            for j, reason in enumerate(table.reasons):
                rows.append([table.label, department, reason, table.cells[i][j].shown])
            rows.append([table.label, department, "(all)", table.department_totals[i].shown])
        for j, reason in enumerate(table.reasons):
            rows.append([table.label, "(all)", reason, table.reason_totals[j].shown])
        rows.append([table.label, "(all)", "(all)", table.total.shown])
    return headers, rows
