"""Request ids and one JSON object a log line, for logs a machine can search.

Every request gets an id: the `X-Request-ID` header a proxy in front set (when it is a
plain token of up to 64 characters), else a new random one. It is sent back in the
response's `X-Request-ID` header and added to every log record written while the request
is handled, so one request's lines can be found together across app servers.

With the access log on (`ACCESS_LOG`, on in production) each answered request is also
written once to the `workbridge.access` logger: method, path (never the query, which may
hold a name someone searched for), status and milliseconds taken.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("request_id", default="")
access_log = logging.getLogger("workbridge.access")
_GOOD_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIdMiddleware:
    """Give each request an id, put it on the response and on every log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _GOOD_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            if access_log.isEnabledFor(logging.INFO):
                _log_access(request, response, started)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _log_access(request: HttpRequest, response: HttpResponse, started: float) -> None:
    status = response.status_code
    access_log.info(
        "%s %s %s",
        request.method,
        request.path,
        status,
        extra={
            "method": request.method,
            "path": request.path,
            "status_code": status,
            "duration_ms": round(1000 * (time.monotonic() - started)),
        },
    )


class RequestIdFilter(logging.Filter):
    """Adds the id of the request being handled (or "") to each record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, and any error;
    an access line adds its method, path and milliseconds."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        for name in ("method", "path", "duration_ms"):
            if (value := getattr(record, name, None)) is not None:
                entry[name] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
