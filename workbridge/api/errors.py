"""422 answers in one shape: schema errors and the services' own, located by field."""

from collections.abc import Mapping, Sequence

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from ninja.errors import ValidationError

from workbridge.api.schemas import PAYLOAD


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


def service_errors(error: DjangoValidationError) -> ValidationError:
    """A service's (or a model's full_clean) ValidationError as a 422 located by field."""
    if hasattr(error, "error_dict"):
        return field_errors(error.message_dict)
    return field_errors({NON_FIELD_ERRORS: error.messages})
