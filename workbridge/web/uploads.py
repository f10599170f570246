"""Files kept between the steps of an import or an export, in the file store.

The file store is Django's default storage (``STORAGES["default"]``: a folder under
``WORKBRIDGE_VAR_DIR`` unless the deployment names a shared volume or a bucket, see the
README), never a path on this machine, so the app server that takes an upload and the
worker that reads it may run on different hosts. Each kind of file has a folder of its
own (``UPLOADS``, ``IMPORTS``, ``EXPORTS``) and a random name; only the code that stored
a file knows its name, and names with a folder in them are refused.

Every import reads its upload through ``upload_table`` within the limits here
(``spreadsheet_limits``, from settings), and every import page takes its messages for
refused files from ``FILE_PROBLEMS``, adding its own where it has more to say. The
scheduled sweep (``manage.py workbridge_sweep``) removes files no import or export needs
(``uploads_sweep``).
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from workbridge.core.spreadsheets import SUFFIXES, Table, open_table
from workbridge.core.upload_checks import MB, FileProblem, Limits

# The folders of the file store: spreadsheets of employers, contacts, openings and the
# workforce between upload and import; applicant-flow files; exports the worker prepared.
UPLOADS = "uploads"
IMPORTS = "imports"
EXPORTS = "exports"

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


def file_store() -> Storage:
    """Where uploads and prepared exports are kept: Django's default storage."""
    return default_storage


def _path(folder: str, name: str) -> str:
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise FileProblem("missing")
    return f"{folder}/{name}"


def upload_suffix(filename: str) -> str:
    """The file name's suffix in lower case, when it is one of a spreadsheet; else ""."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    return suffix if suffix in SUFFIXES else ""


def upload_save(folder: str, upload: UploadedFile | File, *, prefix: str = "") -> str:
    """Keep an uploaded file in the store under a new random name; returns that name.

    The name keeps the upload's suffix when it is a spreadsheet's (else ``.bin``), since
    the readers go by it.
    """
    suffix = upload_suffix(upload.name or "") or ".bin"
    name = f"{prefix}{secrets.token_urlsafe(16)}{suffix}"
    stored = file_store().save(_path(folder, name), upload)
    return PurePosixPath(stored).name


def upload_write(folder: str, name: str, content: bytes | IO[bytes]) -> str:
    """Keep content the app made itself (a demo file, a prepared export) under ``name``,
    replacing a file of that name; returns the name it is kept under."""
    store = file_store()
    path = _path(folder, name)
    store.delete(path)
    body = ContentFile(content) if isinstance(content, bytes) else File(content)
    return PurePosixPath(store.save(path, body)).name


def upload_exists(folder: str, name: str) -> bool:
    """Whether the store still holds the file."""
    try:
        return file_store().exists(_path(folder, name))
    except FileProblem:
        return False


def upload_open(folder: str, name: str) -> IO[bytes]:
    """The stored file, open for binary reading (it can seek); FileProblem("missing") when
    it is gone."""
    path = _path(folder, name)
    store = file_store()
    try:
        return store.open(path, "rb")
    except (FileNotFoundError, OSError):
        raise FileProblem("missing") from None


def upload_size(folder: str, name: str) -> int:
    """The stored file's size in bytes."""
    return file_store().size(_path(folder, name))


def upload_delete(folder: str, name: str) -> None:
    """Remove a stored file, if it is still there."""
    try:
        path = _path(folder, name)
    except FileProblem:
        return
    file_store().delete(path)


def uploads_sweep(
    folder: str, *, older_than: timedelta, keep: Collection[str] = (), now: datetime | None = None
) -> int:
    """Remove the folder's files stored longer ago than ``older_than``, except those named
    in ``keep``; returns how many were removed."""
    store = file_store()
    cutoff = (now or timezone.now()) - older_than
    try:
        _folders, names = store.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    for name in names:
        if name in keep:
            continue
        path = f"{folder}/{name}"
        try:
            modified = store.get_modified_time(path)
        except (FileNotFoundError, OSError):
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if modified < cutoff:
            store.delete(path)
            removed += 1
    return removed


# Reading an uploaded spreadsheet ------------------------------------------------------


def spreadsheet_limits(*, applicant_flow: bool = False) -> Limits:
    """The limits a spreadsheet is read within: applicant-flow files (read by the worker)
    may be far larger than the others."""
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


def upload_table(folder: str, name: str, filename: str, *, limits: Limits) -> Table:
    """A stored spreadsheet open for streaming (``core.spreadsheets.open_table``): its
    headings, then its rows; FileProblem when it is gone or cannot be read. ``filename``
    (the name it was uploaded with) tells CSV from XLSX."""
    return open_table(upload_open(folder, name), filename, limits=limits)


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
