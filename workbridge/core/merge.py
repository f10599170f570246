"""Merge fields in message templates: ``{{ field }}`` replaced by a value, nothing else.

Deliberately not a template language: staff write these, so they can only name fields
from a fixed list, and nothing they write is ever executed.
"""

import re
from collections.abc import Mapping

FIELD = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")


def fields_used(text: str) -> list[str]:
    """The merge fields a template names, in order of first use."""
    seen: dict[str, None] = {}
    for match in FIELD.finditer(text):
        seen.setdefault(match.group(1))
    return list(seen)


def unknown_fields(text: str, known: set[str]) -> list[str]:
    """The merge fields the text names that are not in `known`, in order of first use."""
    return [name for name in fields_used(text) if name not in known]


def merge(text: str, values: Mapping[str, object]) -> str:
    """Replace every ``{{ field }}`` with its value; an unknown field is left as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return FIELD.sub(replace, text)
