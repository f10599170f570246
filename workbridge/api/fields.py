"""Field types the API's schemas share: what a value may be, and nothing the schema does not say.

The rules, the same for every operation:

- Numbers are JSON numbers in a body (`0` is not `false`, `"5"` is not `5`) and plain digits
  in a path or query string (`5`, never `5.0`, `+5` or `5_0`). Every integer has bounds:
  ids 1 to 2^63 − 1, offsets up to `MAX_OFFSET`, and each count or amount within what its
  field holds.
- True and false are JSON booleans in a body and the words `true` and `false` in a query.
- Dates are ISO 8601 strings (`2026-03-02`; date-times with a time zone or without, taken as
  the server's local time), from `MIN_DATE` to `MAX_DATE`; a number is not a date.
- Text refuses control characters: a field naming something (a name, a phone number, an id)
  refuses all of them, a field of free text (notes, a summary) allows only tab and line
  breaks. The refusal is a 422 at the field; nothing is stripped silently.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any, get_args, get_origin

from django.db.models import Choices
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Strict

MAX_ID = 2**63 - 1  # the largest primary key a 64-bit column holds
MAX_OFFSET = 10_000_000
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)

_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?"
    r"([Zz]|[+-][0-9]{2}:?[0-9]{2})?"
)
# C0 and C1 controls and DEL; lone surrogates cannot be stored as UTF-8 at all.
_CONTROL_OR_SURROGATE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

LINE_RULE = "Control characters are refused (422); spaces at either end are trimmed."
TEXT_RULE = (
    "Control characters other than tab and line breaks are refused (422); spaces at either "
    "end are trimmed."
)


def _no_controls(value: str) -> str:
    if _CONTROL_OR_SURROGATE.search(value):
        raise ValueError(_("Remove the control characters (such as tabs or line breaks)."))
    return value


def _no_controls_but_line_breaks(value: str) -> str:
    if _CONTROL_BUT_LINE_BREAKS.search(value):
        raise ValueError(_("Remove the control characters."))
    return value


def _digits_only(value: Any) -> Any:
    """A path or query integer: digits, nothing else."""
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            raise ValueError(_("Enter a whole number in digits."))
        # More digits than any bound allows: too large, without converting it all.
        return MAX_ID + 1 if len(value) > 20 else int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("Enter a whole number in digits."))
    return value


def _true_or_false(value: Any) -> Any:
    """A query boolean: the words true and false."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(_("Enter true or false."))


def _iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(_("Enter a date as YYYY-MM-DD."))
    return value


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATETIME.fullmatch(value):
        raise ValueError(_("Enter a date and time in ISO 8601, such as 2026-03-01T09:00:00Z."))
    return value


def _date_in_range(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(
            _("Enter a date from %(min)s to %(max)s.")
            % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()}
        )
    return value


# Body values ------------------------------------------------------------------------------

Int = Annotated[int, Strict()]
Bool = Annotated[bool, Strict()]
Id = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
IsoDate = Annotated[date, BeforeValidator(_iso_date), AfterValidator(_date_in_range)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime), AfterValidator(_date_in_range)]
# A name, an id, an address, a phone number: one line of printable text.
Line = Annotated[str, AfterValidator(_no_controls)]
# Free text: may span lines.
Text = Annotated[str, AfterValidator(_no_controls_but_line_breaks)]

# Path and query values --------------------------------------------------------------------

QueryInt = Annotated[int, BeforeValidator(_digits_only)]
QueryBool = Annotated[bool, BeforeValidator(_true_or_false)]
QueryId = Annotated[int, BeforeValidator(_digits_only), Field(ge=1, le=MAX_ID)]


def path_id(description: str) -> Any:
    """A record's id in the path: digits, 1 to 2^63 − 1."""
    return Annotated[
        int,
        BeforeValidator(_digits_only),
        Path(ge=1, le=MAX_ID, description=description, examples=[1]),
    ]


# Schema helpers ---------------------------------------------------------------------------


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


def _rule_of(annotation: Any, metadata: list[Any]) -> str:
    """The text rule a field's type carries, looking inside optionals and lists."""
    for item in metadata:
        func = getattr(item, "func", None)
        if func is _no_controls:
            return LINE_RULE
        if func is _no_controls_but_line_breaks:
            return TEXT_RULE
    for arg in get_args(annotation):
        if get_origin(arg) is Annotated:
            rule = _rule_of(get_args(arg)[0], list(get_args(arg)[1:]))
        else:
            rule = _rule_of(arg, [])
        if rule:
            return rule
    return ""


def _document_text_rules(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Each text field's description says which control characters it refuses."""
    for name, field in model.model_fields.items():
        rule = _rule_of(field.annotation, field.metadata)
        prop = schema.get("properties", {}).get(name)
        if rule and prop is not None:
            prop["description"] = f"{prop.get('description', '')} {rule}".strip()


class QuerySchema(Schema):
    """Query parameters: every text parameter's rule documented."""

    model_config = ConfigDict(json_schema_extra=_document_text_rules)


class InputSchema(Schema):
    """A request body: unknown fields refused, text trimmed, every text field's rule documented."""

    model_config = ConfigDict(
        str_strip_whitespace=True, extra="forbid", json_schema_extra=_document_text_rules
    )
