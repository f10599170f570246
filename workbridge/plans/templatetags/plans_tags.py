"""Measure values shown in their metric's unit, and the state and status badges."""

from django import template
from django.utils.formats import number_format

from workbridge.web.metrics import registry

register = template.Library()


@register.filter
def measure_value(value: float | None, measure) -> str:
    """62.5% for a share, +33% for a ratio, 12 for a count; — for no value."""
    found = registry().get(measure.metric_key) if measure.metric_key else None
    return value_text(value, found.unit if found else "number")


def value_text(value: float | None, unit: str) -> str:
    """A value in its unit, in the current language's number format."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{number_format(value * 100, decimal_pos=1)}%"
    if unit == "ratio":
        sign = "+" if value > 0 else ""
        return f"{sign}{number_format(value * 100, decimal_pos=0)}%"
    if unit == "money":
        return f"${number_format(value, decimal_pos=2)}"
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(value, decimal_pos=2)
