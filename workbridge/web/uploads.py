"""Files people upload, kept between the steps of an import (upload → map columns → import).

Each upload is stored under ``var/uploads`` with a random token and its owner's id; only
that user can read it back. ``uploads_sweep`` removes files older than a day that no import
still needs; the scheduled sweep (``manage.py workbridge_sweep``) runs it, and so does
each new import.
"""

import secrets
import time
from collections.abc import Collection
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

MAX_AGE_SECONDS = 24 * 60 * 60
ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def uploads_sweep(*, keep: Collection[str] = (), now: float | None = None) -> int:
    """Remove uploads older than a day, except those named in ``keep``; returns how many."""
    cutoff = (now if now is not None else time.time()) - MAX_AGE_SECONDS
    removed = 0
    for path in _folder().iterdir():
        if path.name not in keep and path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def upload_save(user, upload: UploadedFile) -> str:
    """Keep an uploaded file for this user; returns the token that names it."""
    folder = _folder()
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        suffix = ".bin"
    token = f"{user.pk}-{secrets.token_urlsafe(16)}{suffix}"
    with (folder / token).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def upload_load(user, token: str) -> tuple[bytes, str] | None:
    """The bytes and a file name for a token this user uploaded, or None."""
    if not token or "/" in token or "\\" in token or not token.startswith(f"{user.pk}-"):
        return None
    path = _folder() / token
    if not path.is_file():
        return None
    return path.read_bytes(), token


def upload_delete(user, token: str) -> None:
    if token.startswith(f"{user.pk}-") and "/" not in token:
        (_folder() / token).unlink(missing_ok=True)
