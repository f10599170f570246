from django import template

from workbridge.people.choices import PHYSICAL_DEMANDS, Day, Shift

register = template.Library()


@register.filter
def shift_grid(mask: int) -> list[tuple[str, list[bool]]]:
    """(day, [is each shift set]) rows from a 28-bit shift mask (bit 4 × day + shift)."""
    mask = mask or 0
    return [
        (label, [bool(mask >> (4 * day + shift) & 1) for shift in Shift.values])
        for day, label in zip(Day.values, Day.labels, strict=True)
    ]


@register.filter
def demand_labels(keys: list[str]) -> list[str]:
    """The readable labels of physical-demand keys."""
    labels = dict(PHYSICAL_DEMANDS)
    return [str(labels.get(key, key)) for key in keys or []]
