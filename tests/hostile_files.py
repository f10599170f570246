"""Hostile spreadsheets made on the spot: zip bombs, misleading sizes, hidden characters."""

import io
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def workbook_bytes(rows: list[list]) -> bytes:
    """A real workbook holding these rows on its first sheet."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def inline_row(cells: list[str], number: int | None = None) -> bytes:
    """A sheet row of inline strings (``number`` omitted: the reader counts rows itself)."""
    attribute = f' r="{number}"' if number else ""
    body = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in cells)
    return f"<row{attribute}>{body}</row>".encode()


def with_sheet_xml(data: bytes, sheet_xml: bytes) -> bytes:
    """The workbook with its first sheet's XML replaced, every other part kept."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            body = sheet_xml if info.filename == SHEET else source.read(info.filename)
            out.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def sheet_xml(*rows: bytes, dimension: str = "") -> bytes:
    head = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return SHEET_OPEN + head + b"<sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"


def zip_bomb_xlsx(rows: int = 300_000) -> bytes:
    """A workbook whose sheet is one heading and ``rows`` identical rows: about 15 MB of
    XML packed into a few kilobytes, as a million-row bomb is, only smaller."""
    heading = inline_row(["Name", "Email"])
    body = inline_row(["x", "y"]) * rows
    return with_sheet_xml(workbook_bytes([["Name", "Email"]]), sheet_xml(heading, body))


def sheet_of(rows: list[list[str]], dimension: str = "") -> bytes:
    """A workbook whose sheet XML is written here (so cells may hold escapes openpyxl's
    writer refuses)."""
    xml = sheet_xml(*(inline_row(r, n) for n, r in enumerate(rows, start=1)), dimension=dimension)
    return with_sheet_xml(workbook_bytes([["placeholder"]]), xml)
