"""How much of an uploaded spreadsheet is read, and what a person is told when it is refused.

The limits come from settings (README: configuration); the readers in ``workbridge.core``
apply them (``core.upload_checks``). Every import page takes its messages for refused
files from ``FILE_PROBLEMS`` here, adding its own where it has more to say.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from workbridge.core.upload_checks import MB, FileProblem, Limits

FILE_PROBLEMS: dict[str, Any] = {
    "file_type": _("Upload a .csv or .xlsx file."),
    "empty": _("The file has no rows."),
    "damaged": _("The spreadsheet cannot be opened. Save it again as .xlsx or .csv."),
    "encoding": _(
        "The file's text cannot be read. Save it again as .xlsx, or as .csv in UTF-8 or "
        "“Unicode text”."
    ),
    "repeated_headings": _(
        "More than one column is headed %(headings)s. Give each column its own heading and "
        "upload the file again."
    ),
    "too_many_rows": _("The file has more than %(max)s rows. Split it and import each part."),
    "too_many_columns": _(
        "The file has more than %(max)s columns. Remove the columns you do not need."
    ),
    "field_too_long": _(
        "A cell on line %(line)s is longer than %(max)s characters. Check that every quotation "
        "mark is closed."
    ),
    "too_large": _(
        "The spreadsheet unpacks to more than %(max_mb)s MB. Split it and import each part."
    ),
    "too_compressed": _(
        "The spreadsheet unpacks to more than %(ratio)s times its size, which a spreadsheet "
        "of data never does. Save it again as .xlsx or .csv."
    ),
}


def spreadsheet_limits(*, applicant_flow: bool = False) -> Limits:
    """The limits a spreadsheet is read within: applicant-flow files (read by the worker)
    may be far larger than the others (read while the page waits)."""
    if applicant_flow:
        rows = settings.WORKBRIDGE_APPLICANT_IMPORT_MAX_ROWS
        unpacked = settings.WORKBRIDGE_APPLICANT_IMPORT_MAX_UNPACKED_MB
    else:
        rows = settings.WORKBRIDGE_IMPORT_MAX_ROWS
        unpacked = settings.WORKBRIDGE_IMPORT_MAX_UNPACKED_MB
    return Limits(
        max_rows=rows,
        max_columns=settings.WORKBRIDGE_IMPORT_MAX_COLUMNS,
        max_unpacked_bytes=unpacked * MB,
        max_ratio=settings.WORKBRIDGE_IMPORT_MAX_RATIO,
    )


def file_problem_text(
    problem: FileProblem | str,
    params: Mapping[str, Any] | None = None,
    messages: Mapping[str, Any] = FILE_PROBLEMS,
) -> str:
    """A refused file's problem as a sentence in the current language, numbers grouped."""
    if isinstance(problem, FileProblem):
        code, params = problem.code, problem.params
    else:
        code = problem
    template = messages.get(code, messages.get("damaged", FILE_PROBLEMS["damaged"]))
    values = {
        key: number_format(value, force_grouping=True) if isinstance(value, int) else value
        for key, value in (params or {}).items()
    }
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(template)
