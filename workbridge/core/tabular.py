"""Reading and checking spreadsheets people upload: CSV or XLSX, any column names.

A file is read into rows of text, each field is mapped to one of the file's columns,
and every row is parsed and checked before anything is written. Problems are collected
(never raised one at a time) so a person can fix the whole file in one go: each names
the line of the file (the header is line 1) and the column as the file spells it.
Messages are left to the app (it translates them); this module only says what is wrong.

Hostile files are refused before they cost much (``core.upload_checks``): encodings are
told by their byte-order mark, control characters are removed from every cell, a heading
given to two columns is refused, and an XLSX file is checked from its zip directory
before its XML is parsed, then read only up to the row and column limits.
"""

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from workbridge.core.upload_checks import (
    CONTROL_CHARACTERS,
    DEFAULT_LIMITS,
    FileProblem,
    Limits,
    check_headings,
    check_row,
    check_xlsx_archive,
    csv_problem,
    decode_text,
)

__all__ = ["FileProblem", "Limits"]  # re-exported: the apps catch tabular.FileProblem

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
    key: str
    label: str
    required: bool = False
    parse: Parser = str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """What is wrong where. The app turns ``code`` and ``params`` into a translated message.

    Codes: choose_column, required, not_number, not_whole_number, not_date, not_yes_no,
    not_choice (params: value, choices: the accepted keys, in order), and any code an
    app's own checks use.
    """

    line: int  # 1-based line in the file; the header is line 1
    column: str  # the column as the file names it ("" for a whole-row problem)
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Checked:
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_table(
    data: bytes, filename: str, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of text from CSV (UTF-8, UTF-16 or Windows-1252, any common
    delimiter) or XLSX bytes; FileProblem when the file cannot or may not be read."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data, limits)
    if name.endswith((".csv", ".txt")):
        return _read_csv(data, limits)
    raise FileProblem("file_type")


def _read_csv(data: bytes, limits: Limits) -> tuple[list[str], list[list[str]]]:
    text = CONTROL_CHARACTERS.sub("", decode_text(data))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            check_row(number, row, limits)
            if any(c.strip() for c in row):
                rows.append(row)
    except csv.Error as exc:
        raise csv_problem(exc, reader.line_num) from None
    if not rows:
        raise FileProblem("empty")
    headers = [h.strip() for h in rows[0]]
    check_headings(headers, limits)
    return headers, rows[1:]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, limits: Limits) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    check_xlsx_archive(io.BytesIO(data), limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise FileProblem("damaged") from exc
    rows = []
    try:
        sheet = book.worksheets[0]
        # Rows as long as their cells, not as the sheet's stated size (which may be huge).
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            check_row(number, row, limits)
            if any(v not in (None, "") for v in row):
                rows.append([_cell_text(v) for v in row])
    except FileProblem:
        raise
    except Exception as exc:  # a damaged part of the sheet's XML
        raise FileProblem("damaged") from exc
    finally:
        book.close()
    if not rows:
        raise FileProblem("empty")
    headers = [h.strip() for h in rows[0]]
    check_headings(headers, limits)
    return headers, rows[1:]


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
    rows: Iterable[Sequence[str]],
    columns: Sequence[Column],
    mapping: Mapping[str, str],
) -> Checked:
    """Parse every row; collect each problem with its line and column, keep the good rows."""
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
    for line, row in enumerate(rows, start=2):
        parsed: dict[str, Any] = {}
        ok = True
        for column, header, i in plan:
            raw = row[i].strip() if i < len(row) and row[i] is not None else ""
            if not raw:
                if column.required:
                    result.problems.append(Problem(line, header, "required"))
                    ok = False
                continue
            try:
                parsed[column.key] = column.parse(raw)
            except ValueProblem as exc:
                result.problems.append(
                    Problem(line, header, exc.code, {"value": raw, **exc.params})
                )
                ok = False
        if ok:
            result.rows.append(parsed)
            result.lines.append(line)
    return result


# Parsers: each raises ValueError with a message a person can act on. -------------


def parse_decimal(raw: str) -> Decimal:
    try:
        value = Decimal(raw.replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        raise ValueProblem("not_number") from None
    if not value.is_finite():  # NaN and Infinity parse, but are no amount
        raise ValueProblem("not_number")
    return value


def parse_int(raw: str) -> int:
    try:
        value = Decimal(raw.replace(",", "").strip())
    except InvalidOperation:
        raise ValueProblem("not_whole_number") from None
    # Beyond 30 digits no field holds it, and turning it into an int would only cost time.
    if not value.is_finite() or value.adjusted() > 30 or value != value.to_integral_value():
        raise ValueProblem("not_whole_number")
    return int(value)


def parse_date(raw: str) -> date:
    text = raw.strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueProblem("not_date")


TRUE_WORDS = {"yes", "y", "true", "1", "x", "sí", "si"}
FALSE_WORDS = {"no", "n", "false", "0"}


def parse_bool(raw: str) -> bool:
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
    def parse(raw: str) -> list:
        text = raw
        for sep in separators[1:]:
            text = text.replace(sep, separators[0])
        return [item(part.strip()) for part in text.split(separators[0]) if part.strip()]

    return parse
