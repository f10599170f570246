"""Error answers: every status an operation documents, and 422s in one shape, located by field."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from ninja.errors import ValidationError

from workbridge.api.schemas import PAYLOAD, Error, InvalidInput


def field_errors(errors: Mapping[str, Sequence[str]]) -> ValidationError:
    """A 422 in the same shape as schema errors: one entry per field and message."""
    return ValidationError(
        [
            {
                "type": "value_error",
                "loc": ["body", PAYLOAD] + ([] if field == NON_FIELD_ERRORS else [field]),
                "msg": str(message),
            }
            for field, messages in errors.items()
            for message in messages
        ]
    )


def query_errors(errors: Mapping[str, Sequence[str]]) -> ValidationError:
    """A 422 for query values that are each well formed but do not go together, in the
    same shape as schema errors: one entry per parameter and message."""
    return ValidationError(
        [
            {"type": "value_error", "loc": ["query", field], "msg": str(message)}
            for field, messages in errors.items()
            for message in messages
        ]
    )


def service_errors(error: DjangoValidationError) -> ValidationError:
    """A service's (or a model's full_clean) ValidationError as a 422 located by field."""
    if hasattr(error, "error_dict"):
        return field_errors(error.message_dict)
    return field_errors({NON_FIELD_ERRORS: error.messages})


def answers(success: Mapping[int, Any], *, body: bool = False, record: bool = False) -> dict:
    """Every status an operation can answer, each with its schema, for its `response=`.

    Any operation: 401 (no valid token), 403 (a role without access) and 422 (a path or
    query value the schema refuses). With a body, 400 (not JSON at all); with a record in
    the path, 404 (not there, or another organisation's).
    """
    statuses: dict[int, Any] = {**success, 401: Error, 403: Error, 422: InvalidInput}
    if body:
        statuses[400] = Error
    if record:
        statuses[404] = Error
    return dict(sorted(statuses.items()))
