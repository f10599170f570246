"""Spreadsheets in and out: one reader for the CSV and XLSX files people upload, one writer
for every CSV and XLSX export.

Reading. ``open_table`` takes a binary file (from any storage: it need not be on a local
disk) and streams it: the headings are read at once, the rows one at a time as
``(row number, cells of text)``, so a file of two million rows never sits in memory.
Row numbers are the spreadsheet's: the heading row is the first row that is not blank
(usually row 1), and blank rows are skipped but still counted, so a number matches what a
person sees when they open the file. ``check_rows`` parses the rows against the fields an
import takes and collects every problem (never one at a time) with its row and its
column as the file spells it; messages are left to the app, which translates them.

Hostile files are refused before they cost much (``core.upload_checks``): a text file's
encoding is told by its byte-order mark (else UTF-8, else Windows-1252), the delimiter
is sniffed (comma, semicolon, tab or bar), control characters are removed from every
cell, a heading given to two columns is refused, and an XLSX file is checked from its zip
directory before its XML is parsed, then read in openpyxl's read-only mode, one row at a
time, up to the row and column limits.

Writing. Every export writes through ``cell_value``: text a spreadsheet could run as a
formula gets a leading apostrophe and characters XLSX cannot hold are dropped
(``core.text_rules``), and in XLSX text is always a string cell, never a formula. The
writers take a binary file, so the same code fills a response in memory and a file the
task worker prepares in the file store.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from workbridge.core.text_rules import spreadsheet_text
from workbridge.core.upload_checks import (
    CONTROL_CHARACTERS,
    DEFAULT_LIMITS,
    FileProblem,
    Limits,
    check_headings,
    check_row,
    check_xlsx_archive,
    csv_problem,
    text_encoding,
)

__all__ = [
    "CSV_TYPE",
    "XLSX_TYPE",
    "Checked",
    "Column",
    "FileProblem",
    "Limits",
    "Problem",
    "Table",
    "ValueProblem",
    "cell_text",
    "cell_value",
    "check_rows",
    "csv_text",
    "csv_write",
    "estimate_rows",
    "guess_mapping",
    "open_table",
    "parse_bool",
    "parse_choice",
    "parse_date",
    "parse_decimal",
    "parse_int",
    "parse_list",
    "rows_to_csv",
    "rows_to_xlsx",
    "xlsx_append",
    "xlsx_write",
]

SUFFIXES = (".csv", ".txt", ".xlsx")
# How much of a text file decides its encoding and its delimiter.
_HEAD_BYTES = 65536
_SNIFF_CHARACTERS = 8192


# Reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """What is wrong where. The app turns ``code`` and ``params`` into a translated message.

    ``row`` is the spreadsheet's row number (the heading row is row 1; a problem with the
    file or the column choice as a whole is on row 1 too); ``column`` is the column as the
    file heads it ("" for a whole-row or whole-file problem).
    """

    row: int
    column: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


class Table:
    """An open spreadsheet: its ``headers``, then its rows as ``(row number, cells)``.

    Iterate once; the file is closed when the rows are read to the end, when reading
    fails, or on ``close()`` (also as a context manager).
    """

    def __init__(
        self, headers: list[str], rows: Iterator[tuple[int, list[str]]], closer: Callable[[], Any]
    ):
        self.headers = headers
        self._rows = rows
        self._closer = closer

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self._rows

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        self._closer()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_table(source: IO[bytes], filename: str, *, limits: Limits = DEFAULT_LIMITS) -> Table:
    """Open a CSV or XLSX file (the name's suffix says which) for streaming.

    ``source`` is a binary file that can seek (an XLSX file is a zip archive, read from
    its end). The headings are checked at once (see ``core.upload_checks``); the rows as
    they are read, so a file over the row limit stops there with
    FileProblem("too_many_rows"). The source is closed with the table.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_table(source, limits)
    if name.endswith((".csv", ".txt")):
        return _csv_table(source, limits)
    source.close()
    raise FileProblem("file_type")


def _blank(cells: Sequence[str]) -> bool:
    return not cells or not (cells[0].strip() or any(c.strip() for c in cells))


def _csv_table(source: IO[bytes], limits: Limits) -> Table:
    head = source.read(_HEAD_BYTES)
    source.seek(0)
    encoding = text_encoding(head)
    sample = CONTROL_CHARACTERS.sub("", head.decode(encoding, errors="ignore"))
    try:
        dialect: Any = csv.Sniffer().sniff(sample[:_SNIFF_CHARACTERS], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    text = io.TextIOWrapper(source, encoding=encoding, newline="")
    clean = CONTROL_CHARACTERS.sub
    reader = csv.reader((clean("", line) for line in text), dialect)
    number = 0
    try:
        for number, first in enumerate(reader, start=1):
            check_row(number, first, limits)
            if not _blank(first):
                break
        else:
            raise FileProblem("empty")
        headers = [h.strip().lstrip("\ufeff") for h in first]
        check_headings(headers, limits)
    except UnicodeDecodeError:
        text.close()
        raise FileProblem("encoding") from None
    except csv.Error as exc:
        text.close()
        raise csv_problem(exc, reader.line_num) from None
    except FileProblem:
        text.close()
        raise
    last = limits.max_rows + 1
    max_columns = limits.max_columns

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for row, cells in enumerate(reader, start=number + 1):
                if row > last or len(cells) > max_columns:
                    check_row(row, cells, limits)
                if not _blank(cells):
                    yield row, cells
        except UnicodeDecodeError:
            raise FileProblem("encoding") from None
        except csv.Error as exc:
            raise csv_problem(exc, reader.line_num) from None
        finally:
            text.close()

    return Table(headers, rows(), text.close)


def cell_text(value: Any) -> str:
    """A cell's value as text: dates as ISO dates (with the time only when it has one),
    whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_table(source: IO[bytes], limits: Limits) -> Table:
    from openpyxl import load_workbook

    try:
        check_xlsx_archive(source, limits)
        source.seek(0)
    except FileProblem:
        source.close()
        raise
    has_control = CONTROL_CHARACTERS.search
    clean = CONTROL_CHARACTERS.sub

    def texts_of(cells: Sequence[Any]) -> list[str]:
        texts = [cell_text(v) for v in cells]
        # One search of the joined row is far cheaper than one per cell.
        if has_control("".join(texts)):
            texts = [clean("", t) for t in texts]
        return texts

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        source.close()
        raise FileProblem("damaged") from exc

    def close() -> None:
        book.close()
        source.close()

    number = 0
    try:
        sheet = book.worksheets[0]
        # Rows as long as their cells, not as the sheet's stated size (which may be huge).
        sheet.reset_dimensions()
        values = sheet.iter_rows(values_only=True)
        for number, cells in enumerate(values, start=1):
            check_row(number, cells, limits)
            first = texts_of(cells)
            if not _blank(first):
                break
        else:
            raise FileProblem("empty")
        headers = [h.strip() for h in first]
        check_headings(headers, limits)
    except FileProblem:
        close()
        raise
    except Exception as exc:  # a damaged part of the sheet's XML
        close()
        raise FileProblem("damaged") from exc
    last = limits.max_rows + 1
    max_columns = limits.max_columns

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for row, cells in enumerate(values, start=number + 1):
                if row > last or len(cells) > max_columns:
                    check_row(row, cells, limits)
                texts = texts_of(cells)
                if not _blank(texts):
                    yield row, texts
        except FileProblem:
            raise
        except Exception as exc:  # a damaged part of the sheet's XML
            raise FileProblem("damaged") from exc
        finally:
            close()

    return Table(headers, rows(), close)


def estimate_rows(source: IO[bytes], filename: str, *, limits: Limits = DEFAULT_LIMITS) -> int:
    """About how many data rows the file has (for a progress bar), without parsing it;
    0 when it cannot tell. The source is left open, at its start."""
    try:
        if filename.lower().endswith(".xlsx"):
            from openpyxl import load_workbook

            check_xlsx_archive(source, limits)
            source.seek(0)
            book = load_workbook(source, read_only=True)
            count = max(0, (book.worksheets[0].max_row or 1) - 1)
            book.close()
            return count
        lines = 0
        while block := source.read(1 << 22):
            lines += block.count(b"\n")
        return max(0, lines - 1)
    except Exception:
        return 0
    finally:
        source.seek(0)


# Checking rows against the fields an import takes --------------------------------------

# A parser turns a cell's text into a value or raises ValueProblem.
Parser = Callable[[str], Any]


class ValueProblem(ValueError):
    """One value cannot be used; ``code`` names the problem and ``params`` fill its message."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Column:
    """A field an import takes: its key, its label, and the headings it is usually given."""

    key: str
    label: str
    required: bool = False
    parse: Parser = str
    aliases: tuple[str, ...] = ()


@dataclass
class Checked:
    """The rows that parsed, each with its row number, and every problem."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def guess_mapping(headers: Sequence[str], columns: Iterable[Column]) -> dict[str, str]:
    """Match each field to a header by name, label or alias, ignoring case and punctuation."""
    by_norm = {_norm(h): h for h in headers if h}
    mapping = {}
    for column in columns:
        for candidate in (column.key, column.label, *column.aliases):
            header = by_norm.get(_norm(candidate))
            if header:
                mapping[column.key] = header
                break
    return mapping


def check_rows(
    headers: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    columns: Sequence[Column],
    mapping: Mapping[str, str],
) -> Checked:
    """Parse every ``(row number, cells)``; collect each problem with its row and column,
    keep the good rows. Codes: choose_column (params: field), required, not_number,
    not_whole_number, not_date, not_yes_no, not_choice (params: value, choices: the
    accepted keys, in order), and any code an app's own parsers raise."""
    result = Checked()
    index = {h: i for i, h in enumerate(headers)}
    for column in columns:
        header = mapping.get(column.key, "")
        if column.required and header not in index:
            result.problems.append(
                Problem(1, header or column.label, "choose_column", {"field": column.label})
            )
    if result.problems:
        return result
    plan = [(c, mapping[c.key], index[mapping[c.key]]) for c in columns if mapping.get(c.key)]
    for number, row in rows:
        result.rows_read += 1
        parsed: dict[str, Any] = {}
        ok = True
        for column, header, i in plan:
            raw = row[i].strip() if i < len(row) and row[i] is not None else ""
            if not raw:
                if column.required:
                    result.problems.append(Problem(number, header, "required"))
                    ok = False
                continue
            try:
                parsed[column.key] = column.parse(raw)
            except ValueProblem as exc:
                result.problems.append(
                    Problem(number, header, exc.code, {"value": raw, **exc.params})
                )
                ok = False
        if ok:
            result.rows.append(parsed)
            result.numbers.append(number)
    return result


# Parsers: each raises ValueProblem naming what is wrong. ------------------------------


def parse_decimal(raw: str) -> Decimal:
    """A number, with or without a dollar sign and thousands commas."""
    try:
        value = Decimal(raw.replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        raise ValueProblem("not_number") from None
    if not value.is_finite():  # NaN and Infinity parse, but are no amount
        raise ValueProblem("not_number")
    return value


def parse_int(raw: str) -> int:
    """A whole number ("3", "3.0", "1,200")."""
    try:
        value = Decimal(raw.replace(",", "").strip())
    except InvalidOperation:
        raise ValueProblem("not_whole_number") from None
    # Beyond 30 digits no field holds it, and turning it into an int would only cost time.
    if not value.is_finite() or value.adjusted() > 30 or value != value.to_integral_value():
        raise ValueProblem("not_whole_number")
    return int(value)


DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S")


def parse_date(raw: str) -> date:
    """A date as YYYY-MM-DD, MM/DD/YYYY, MM/DD/YY or YYYY/MM/DD (how an XLSX date cell
    reads, with or without its time, is among them)."""
    text = raw.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueProblem("not_date")


TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x", "sí", "si"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})


def parse_bool(raw: str) -> bool:
    """Yes or no, in English or Spanish, or as 1/0, true/false, x."""
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueProblem("not_yes_no")


def parse_choice(choices: Mapping[str, str]) -> Parser:
    """A parser accepting a choice's key or its label, in any case."""
    lookup = {_norm(k): k for k in choices} | {_norm(v): k for k, v in choices.items()}
    accepted = list(choices)

    def parse(raw: str) -> str:
        key = lookup.get(_norm(raw))
        if key is None:
            raise ValueProblem("not_choice", choices=list(accepted))
        return key

    return parse


def parse_list(item: Parser, separators: str = ";|,") -> Parser:
    """A parser for a list of items separated by any of ``separators``."""

    def parse(raw: str) -> list[Any]:
        text = raw
        for sep in separators[1:]:
            text = text.replace(sep, separators[0])
        return [item(part.strip()) for part in text.split(separators[0]) if part.strip()]

    return parse


# Writing ------------------------------------------------------------------------------

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows written between two calls of `progress` (and two flushes of the CSV buffer).
CHUNK_ROWS = 500

Progress = Callable[[int], None] | None


def cell_value(value: Any) -> Any:
    """A value as a spreadsheet cell may hold it: the one rule every export uses. None is
    an empty cell; numbers, dates and times stay as they are; anything else is written as
    its text, made safe (``core.text_rules.spreadsheet_text``: formulas defused, what XLSX
    cannot hold dropped)."""
    if value is None:
        return ""
    if isinstance(value, _PLAIN):
        return value
    return spreadsheet_text(str(value))


_PLAIN = (bool, int, float, Decimal, date, time)


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return cell_value(value)


def csv_write(
    out: IO[bytes], headers: Sequence[Any], rows: Iterable[Sequence[Any]], progress: Progress = None
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


def xlsx_cell(sheet: Any, value: Any, **style: Any) -> Any:
    """One cell of a write-only sheet, its value made safe by ``cell_value``: text is a
    string cell, never a formula; dates are shown as dates. ``style`` sets cell attributes
    (font, alignment, number_format)."""
    from openpyxl.cell import WriteOnlyCell

    value = None if value is None else cell_value(value)
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
    cell = WriteOnlyCell(sheet, value=value if value != "" else None)
    if isinstance(value, str) and value:
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def xlsx_append(sheet: Any, values: Sequence[Any]) -> None:
    """Append a row to a sheet of any workbook, each value made safe by ``cell_value``.

    Workbooks laid out cell by cell (several sheets, widths, number formats) append their
    rows here, so the one rule holds for them too; they style the cells afterwards.
    """
    if getattr(sheet.parent, "write_only", False):
        sheet.append([xlsx_cell(sheet, value) for value in values])
        return
    safe = [None if value is None else cell_value(value) for value in values]
    sheet.append([v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in safe])
    for cell in sheet[sheet.max_row] if safe else ():
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with


def xlsx_write(
    out: IO[bytes],
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    progress: Progress = None,
) -> int:
    """A one-sheet workbook with a bold header row; returns the number of rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=spreadsheet_text(str(title))[:31] or "Sheet")
    bold = Font(bold=True)
    sheet.append([xlsx_cell(sheet, str(h), font=bold) for h in headers])
    written = 0
    for written, row in enumerate(rows, start=1):
        sheet.append([xlsx_cell(sheet, value) for value in row])
        if progress and written % CHUNK_ROWS == 0:
            progress(written)
    book.save(out)
    return written


def rows_to_csv(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """The whole CSV file as bytes."""
    out = io.BytesIO()
    csv_write(out, headers, rows)
    return out.getvalue()


def rows_to_xlsx(headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """The whole workbook as bytes."""
    out = io.BytesIO()
    xlsx_write(out, headers, rows, title=title)
    return out.getvalue()


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as plain CSV text, nothing defused: for files the app itself reads back in
    (the demo's applicant-flow file, tests), never for an export."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
