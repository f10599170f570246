"""Checks that keep an uploaded spreadsheet cheap to read, or cheap to refuse.

The reader (``core.spreadsheets``) applies them to every upload, so a hostile file meets
the same answer everywhere.

Assumptions and sources:
- Text files: a byte-order mark decides (UTF-32 LE/BE, UTF-8, UTF-16 LE/BE, checked
  longest first since the UTF-32 LE mark begins with the UTF-16 LE one). Without one,
  UTF-8; ASCII text with a NUL byte in every other position is UTF-16 without a mark;
  anything else is Windows-1252, what Excel on Windows saves as "CSV". Text that is none
  of these is refused ("encoding"), never read with replacement characters.
- Control characters: the C0 set (U+0000 to U+001F) except tab, line feed and carriage
  return, DEL (U+007F) and the C1 set (U+0080 to U+009F) are removed from every cell and
  heading. They are invisible, break exports and XML, and a NUL cannot be stored in
  PostgreSQL text. Tab and line breaks stay: notes and addresses are often written on
  several lines in one cell.
- Headings: two headings that are the same once trimmed, spaces collapsed and case-folded
  are refused ("repeated_headings"); otherwise one column would silently hide the other.
  A blank heading names no column: its cells cannot be chosen, so blanks may repeat.
- XLSX is a zip archive (ECMA-376 Part 2). Its central directory states every member's
  compressed and uncompressed size; Python's zipfile stops inflating a member at the
  stated size (and then fails its CRC check), so the stated sizes bound the work, and
  they are checked before any XML is parsed: total compressed size, total uncompressed
  size, the size of the parts read whole into memory (all but the sheets, which are
  streamed), and how far each member is compressed (a "zip bomb" inflates about 1,000 times;
  spreadsheet XML, about 5 to 30 times).
- Rows are counted as the spreadsheet numbers them, blank ones included, so a file with
  a heading on row 1 and a cell on row 100,000,000 stops at the limit instead of
  producing the rows between.
- CSV fields longer than the csv module's field limit (131,072 characters) are refused
  ("field_too_long"); the limit is process-wide, so it is read here, never changed.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

MB = 1024 * 1024
# Members smaller than this are never refused for their compression ratio: small XML
# parts (styles, an empty sheet) compress far and cost nothing to read.
RATIO_CHECKED_FROM = 1 * MB


class FileProblem(ValueError):
    """The file as a whole cannot be read; ``code`` names why and ``params`` fill its message.

    Codes: file_type, empty, damaged, encoding, missing, repeated_headings (headings),
    too_many_rows (max), too_many_columns (max), field_too_long (max, line), too_large
    (max_mb), too_compressed (ratio).
    """

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Limits:
    """How much of a file a reader will take before it refuses the file."""

    max_rows: int = 1_000_000  # data rows, blank ones included; the heading row is extra
    max_columns: int = 500
    max_packed_bytes: int = 300 * MB  # XLSX: the archive's members, compressed
    max_unpacked_bytes: int = 2_000 * MB  # XLSX: the same members, uncompressed
    max_ratio: int = 100  # XLSX: uncompressed over compressed size of any large member
    # XLSX: every part but the sheets is parsed whole into memory (shared strings above all)
    max_parts_bytes: int = 500 * MB


DEFAULT_LIMITS = Limits()

# Control characters as described above, kept out of every cell.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def without_controls(text: str) -> str:
    """The text without control characters other than tab and line breaks."""
    return CONTROL_CHARACTERS.sub("", text)


def text_encoding(head: bytes) -> str:
    """The codec to read a text file with, judged from its first bytes (see the module)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    if len(head) >= 4:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.9 * len(odd) and not even.count(0):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and not odd.count(0):
            return "utf-16-be"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A character cut at the end of the sample is still UTF-8.
        if exc.start < len(head) - 4:
            return "cp1252"
    return "utf-8-sig"


def decode_text(data: bytes) -> str:
    """A whole text file as text; FileProblem("encoding") when it cannot be decoded."""
    codec = text_encoding(data[:65536])
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    if codec == "utf-8-sig":
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    raise FileProblem("encoding")


def csv_problem(exc: csv.Error, line: int) -> FileProblem:
    """The csv module's error as a file problem: a field over its limit, or a damaged file."""
    if "field larger than field limit" in str(exc):
        return FileProblem("field_too_long", max=csv.field_size_limit(), line=line)
    return FileProblem("damaged")


def repeated_headings(headers: Sequence[str]) -> list[str]:
    """The headings that appear more than once (as first spelled), blanks aside."""
    first: dict[str, str] = {}
    repeated: dict[str, str] = {}
    for heading in headers:
        key = " ".join(heading.split()).casefold()
        if not key:
            continue
        if key in first:
            repeated.setdefault(key, first[key])
        else:
            first[key] = heading.strip()
    return list(repeated.values())


def check_headings(headers: Sequence[str], limits: Limits) -> None:
    """Refuse too many columns, or a heading given to two columns."""
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1  # blank cells a spreadsheet keeps at the end of its heading row
    if width > limits.max_columns:
        raise FileProblem("too_many_columns", max=limits.max_columns)
    repeated = repeated_headings(headers)
    if repeated:
        raise FileProblem("repeated_headings", headings=", ".join(repeated))


def check_xlsx_archive(source: str | IO[bytes] | Any, limits: Limits) -> None:
    """Refuse an XLSX file from its zip directory alone, before any of its XML is parsed."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem("damaged") from exc
    packed = sum(m.compress_size for m in members)
    unpacked = sum(m.file_size for m in members)
    if packed > limits.max_packed_bytes or unpacked > limits.max_unpacked_bytes:
        raise FileProblem("too_large", max_mb=limits.max_unpacked_bytes // MB)
    parts = sum(m.file_size for m in members if not m.filename.startswith("xl/worksheets/"))
    if parts > limits.max_parts_bytes:
        raise FileProblem("too_large", max_mb=limits.max_parts_bytes // MB)
    for member in members:
        if member.file_size >= RATIO_CHECKED_FROM and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise FileProblem("too_compressed", ratio=limits.max_ratio)
    if not any(
        m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml") for m in members
    ):
        raise FileProblem("damaged")


def check_row(number: int, cells: Sequence[Any], limits: Limits) -> None:
    """Refuse a row past the row limit (``number`` as the spreadsheet numbers it), or one
    with a value past the column limit (empty cells at its end do not count)."""
    if number > limits.max_rows + 1:
        raise FileProblem("too_many_rows", max=limits.max_rows)
    if len(cells) > limits.max_columns and any(
        v not in (None, "") for v in cells[limits.max_columns :]
    ):
        raise FileProblem("too_many_columns", max=limits.max_columns)
