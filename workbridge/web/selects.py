"""A choice field's <select> as plain values, for the template ``web/_selects.html#select``.

Django's widgets draw each <option> with a template of their own; the partial draws them
in one loop, from values already turned into text here (once a page, not per option in
the template).
"""

from dataclasses import dataclass

from django.forms import BoundField


@dataclass(frozen=True)
class SelectShown:
    """A bound choice field, its choices as (value, label) text, and the value chosen."""

    field: BoundField
    choices: list[tuple[str, str]]
    chosen: str


def select_shown(field: BoundField) -> SelectShown:
    """What ``web/_selects.html#select`` draws for a bound choice field: the choice whose
    value reads as the field's value is selected, as Django's Select widget does."""
    chosen = field.value()
    return SelectShown(
        field=field,
        choices=[(str(value), str(label)) for value, label in field.field.choices],
        chosen="" if chosen is None else str(chosen),
    )
