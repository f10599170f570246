"""Template filters for the participant pages."""

from django import template
from django.utils.translation import gettext as _

from workbridge.people.choices import Day, Shift
from workbridge.people.forms import AVAILABILITY_BITS, SHIFT_WORDS, availability_bit

register = template.Library()


@register.filter
def availability_words(mask: int | None) -> str:
    """The shifts a person can work, in words: "Monday: morning, night; Friday: night"."""
    mask = mask or 0
    if mask == 0:
        return _("No shifts recorded")
    if mask == (1 << AVAILABILITY_BITS) - 1:
        return _("Any shift, any day")
    days = []
    for day in Day:
        shifts = [
            str(SHIFT_WORDS[shift]) for shift in Shift if mask >> availability_bit(day, shift) & 1
        ]
        if len(shifts) == len(Shift):
            days.append(_("%(day)s: any shift") % {"day": day.label})
        elif shifts:
            days.append(_("%(day)s: %(shifts)s") % {"day": day.label, "shifts": ", ".join(shifts)})
    return "; ".join(days)
