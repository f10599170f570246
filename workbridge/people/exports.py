"""Rows of participant data as CSV or XLSX, safe to open in a spreadsheet.

A text cell that starts with =, +, -, @, a tab or a carriage return would be read as a
formula by Excel, LibreOffice or Google Sheets (OWASP "CSV injection"), so such text
gets a leading apostrophe in both formats; XLSX cells are also written as plain
strings, never as formulas. CSV is produced as a stream of byte chunks so that a long
list never sits in memory; XLSX is built with openpyxl's write-only workbook.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows written to the CSV buffer before it is handed on as one chunk.
CSV_CHUNK_ROWS = 500


def cell_safe(value: Any) -> Any:
    """The value with any text that a spreadsheet could run as a formula defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return cell_safe(value)


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """UTF-8 CSV in chunks, opening with a byte-order mark so Excel reads accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([cell_safe(str(h)) for h in headers])
    for n, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(v) for v in row])
        if n % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate(0)
    yield buffer.getvalue().encode("utf-8")


def rows_to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The whole CSV file as bytes."""
    return b"".join(csv_chunks(headers, rows))


def rows_to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """A one-sheet workbook with a bold header row; text is never stored as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)

    def text_cell(value: str, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=cell_safe(value))
        cell.data_type = "s"
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    sheet.append([text_cell(str(h), font=bold) for h in headers])
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = text_cell(value)
            else:
                if isinstance(value, datetime):
                    value = value.replace(tzinfo=None)
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
