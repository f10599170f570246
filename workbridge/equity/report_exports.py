"""A report as an XLSX workbook, a CSV file or a PDF: the same tables the page shows.

Hidden cells are written as the word for "hidden", never as their number. Text that a
spreadsheet could run as a formula is defused (`workbridge.core.spreadsheets.xlsx_append`);
XLSX text cells are always plain strings.
"""

import io
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from workbridge.core.spreadsheets import CSV_TYPE, XLSX_TYPE, rows_to_csv, xlsx_append
from workbridge.equity.reports import (
    COUNT,
    PERCENT,
    POINTS,
    PROBABILITY,
    RATIO,
    Cell,
    Report,
    Table,
)
from workbridge.equity.reports_charts import chart_data_uri
from workbridge.web.renders import pdf_cached

PDF_TYPE = "application/pdf"
__all__ = ["CSV_TYPE", "PDF_TYPE", "XLSX_TYPE", "report_csv", "report_pdf", "report_xlsx"]


def hidden_word() -> str:
    return _("hidden")


def _value(cell: Cell) -> Any:
    if cell.hidden:
        return hidden_word()
    return "" if cell.value is None else cell.value


def _about(report: Report) -> list[list[Any]]:
    rows: list[list[Any]] = [[report.title]]
    rows += [[line] for line in report.scope]
    rows.append(
        [
            _("For publication: counts of fewer than %(n)s are hidden.") % {"n": report.threshold}
            if report.publication
            else _("Internal: every count is shown; do not publish as it is.")
        ]
    )
    rows += [[note] for note in report.notes]
    if report.empty:
        rows.append([report.empty_message])
    return rows


def _table_rows(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    out = []
    for table in report.tables:
        sectioned = any(r.section for r in table.rows)
        headers = ([_("Section")] if sectioned else []) + [table.row_heading, *table.columns]
        rows = [
            ([r.section] if sectioned else []) + [r.label, *(_value(c) for c in r.cells)]
            for r in table.rows
        ]
        out.append((table.caption, headers, rows))
    return out


def report_xlsx(report: Report) -> bytes:
    """A sheet about the report, then one sheet per table, with a bold header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    about = book.active
    about.title = _("About")[:31]
    for row in _about(report):
        xlsx_append(about, row)
    about["A1"].font = Font(bold=True, size=13)
    bold = Font(bold=True)
    used: set[str] = {about.title}
    for n, (caption, headers, rows) in enumerate(_table_rows(report), start=1):
        title = "".join(ch for ch in caption if ch not in "[]:*?/\\")[:28] or str(n)
        while title in used:
            title = f"{title[:26]} {n}"
        used.add(title)
        sheet = book.create_sheet(title)
        xlsx_append(sheet, [caption])
        sheet["A1"].font = bold
        xlsx_append(sheet, headers)
        for cell in sheet[2]:
            cell.font = bold
        for row in rows:
            xlsx_append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_csv(report: Report) -> bytes:
    """Every table one after the other, each under its caption, in one CSV file."""
    lines: list[list[Any]] = [*_about(report), []]
    for caption, headers, rows in _table_rows(report):
        lines += [[caption], headers, *rows, []]
    return rows_to_csv(lines[0], lines[1:])


def report_pdf(report: Report, request: HttpRequest) -> bytes:
    """The report's tables, notes and charts on A4 pages (WeasyPrint)."""
    html = render_to_string(
        "equity/report_pdf.html",
        {
            "report": report,
            "charts": [
                (chart, chart_data_uri(chart, hidden_text=hidden_word())) for chart in report.charts
            ],
            "hidden_text": hidden_word(),
            "shown_tables": [(table, shown_rows(table)) for table in report.tables],
        },
        request,
    )
    return pdf_cached(html)


def cell_text(cell: Cell) -> str:
    """A cell as the page and the PDF show it."""
    if cell.hidden:
        return hidden_word()
    value = cell.value
    if value is None:
        return "—"
    if cell.kind == PROBABILITY:
        return "< 0.0001" if value < 0.0001 else f"{value:.4f}"
    if cell.kind == PERCENT:
        return f"{value:.1f}%"
    if cell.kind == POINTS:
        return "0.0" if value == 0 else f"{value:+.1f}"
    if cell.kind == RATIO:
        return f"{value:.2f}"
    if cell.kind == COUNT:
        return f"{value:,}"
    return str(value)


@dataclass(frozen=True)
class ShownRow:
    label: str
    texts: list[str]
    total: bool
    section_start: str  # the section's name on its first row, else ""


def shown_rows(table: Table) -> list[ShownRow]:
    """The table's rows as text, with each section named where it starts."""
    out = []
    previous = None
    for row in table.rows:
        start = row.section if row.section and row.section != previous else ""
        previous = row.section
        out.append(ShownRow(row.label, [cell_text(c) for c in row.cells], row.total, start))
    return out
