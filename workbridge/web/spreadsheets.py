"""Rows written as CSV or XLSX: every export goes through `cell_value`, so any stored value
can be written and none runs as a formula (see `workbridge.core.text_rules`).

Text is always written as a plain string cell, never a formula; dates as dates. The
writers take a binary file, so the same code fills a response body in memory and a file
that the task worker prepares; `progress`, when given, is told how many rows are written.
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

from workbridge.core.text_rules import spreadsheet_text

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows written between two calls of `progress` (and two flushes of the CSV buffer).
CHUNK_ROWS = 500

Progress = Callable[[int], None] | None


def cell_value(value: Any) -> Any:
    """A stored value as a spreadsheet cell may hold it: the one rule every export uses."""
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    return value


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return cell_value(value)


def csv_write(
    out: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]], progress: Progress = None
) -> int:
    """UTF-8 CSV opening with a byte-order mark (so Excel reads accents right); returns the
    number of rows written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([cell_value(str(h)) for h in headers])
    written = 0
    for written, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(v) for v in row])
        if written % CHUNK_ROWS == 0:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate(0)
            if progress:
                progress(written)
    out.write(buffer.getvalue().encode("utf-8"))
    return written


def xlsx_write(
    out: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    progress: Progress = None,
) -> int:
    """A one-sheet workbook with a bold header row; returns the number of rows written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=spreadsheet_text(title)[:31] or "Sheet")
    bold = Font(bold=True)

    def text_cell(value: str, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=cell_value(value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    sheet.append([text_cell(str(h), font=bold) for h in headers])
    written = 0
    for written, row in enumerate(rows, start=1):
        cells = []
        for value in row:
            if isinstance(value, str) or value is None:
                cell = text_cell(value) if value else WriteOnlyCell(sheet, value=None)
            else:
                if isinstance(value, datetime):
                    value = value.replace(tzinfo=None)
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
        if progress and written % CHUNK_ROWS == 0:
            progress(written)
    book.save(out)
    return written


def rows_to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The whole CSV file as bytes."""
    out = io.BytesIO()
    csv_write(out, headers, rows)
    return out.getvalue()


def rows_to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """The whole workbook as bytes."""
    out = io.BytesIO()
    xlsx_write(out, headers, rows, title=title)
    return out.getvalue()
