"""Field helpers the API's schemas share: partial updates, documented choices, unique lists."""

from typing import Any

from django.db.models import Choices
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field


def _no_default_in_schema(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def patch_field(**kwargs: Any) -> Any:
    """A PATCH field: leaving it out changes nothing; null is refused unless the type allows it.

    The hidden default (None) is never validated, so an omitted field is simply unset; the
    schema does not advertise it.
    """
    return Field(None, json_schema_extra=_no_default_in_schema, **kwargs)


def choices_text(choices: type[Choices]) -> str:
    """Each value with its English label, for the docs: "`call` (Call), `email` (E-mail)"."""
    with translation.override("en"):
        return ", ".join(f"`{value}` ({label})" for value, label in choices.choices)


def unique_list(values: list) -> list:
    """A list validator: each value once."""
    if len(set(values)) != len(values):
        raise ValueError(_("List each value once."))
    return values
