"""How a problem with a value names the values its field accepts.

A problem is kept with the accepted keys (a run's problems are stored and read later, maybe
in another language); the labels are looked up when the problem is shown, in the language of
the page. A long list is cut to its first ``SHOWN`` labels and says how many more there are.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Choices
from django.utils.translation import ngettext

SHOWN = 12


def choice_labels(keys: Sequence[str], choice_sets: Iterable[type[Choices]]) -> list[str]:
    """The labels of the choice set whose keys are ``keys``; the keys when no set has them."""
    wanted = [str(key) for key in keys]
    for choices in choice_sets:
        if [str(value) for value in choices.values] == wanted:
            return [str(label) for label in choices.labels]
    return wanted


def accepted_values_text(labels: Sequence[Any]) -> str:
    """Labels separated by commas: the first ``SHOWN``, then how many more there are."""
    names = [str(label) for label in labels]
    shown = ", ".join(names[:SHOWN])
    more = len(names) - SHOWN
    if more <= 0:
        return shown
    return ngettext("%(shown)s and %(more)s more", "%(shown)s and %(more)s more", more) % {
        "shown": shown,
        "more": more,
    }
