"""Turn "the database is busy" into a page that says so, never a server error.

On SQLite one writer works at a time: while an import is saved in one transaction,
another save waits up to the busy timeout (SQLITE_BUSY_TIMEOUT) and then fails with
"database is locked". That is no fault of the person saving, so they get 503 with
Retry-After and a plain request to try again in a minute.
"""

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _g

RETRY_AFTER_SECONDS = 60


def database_is_busy(error: BaseException) -> bool:
    """True for SQLite's "database is locked" (or "... table is locked")."""
    return isinstance(error, OperationalError) and "is locked" in str(error)


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_is_busy(exception):
            return None
        try:
            response = render(request, "web/busy.html", status=503)
        except Exception:  # the page itself could not read what it shows: say it plainly
            message = _g("Another import is being saved; try again in a minute.")
            response = HttpResponse(message, status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
