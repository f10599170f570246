"""The net gain of an opening for the participant's household, as a matching factor.

An opening's net gain is what the household would have a year with that job, after taxes
and with the benefits it would keep, less what it has now (`workbridge.cliff`). The model is
far too slow for a page, so the figure is computed lazily: showing a participant's
suggestions queues the gains not cached yet for the task worker, and the factor is neutral
(0 points, said so) until they are there. It re-ranks the suggestions shown; it does not
reach the city-wide run (`core.matching.top_k`), which never sees it.
"""

from dataclasses import replace
from datetime import date

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.cliff import engine
from workbridge.cliff.queries import net_gains_for
from workbridge.cliff.services import net_gains_request
from workbridge.core.cliff import net_gain_points
from workbridge.jobs.models import JobOpening
from workbridge.matching.explanations import FactorLine
from workbridge.people.models import Participant

NET_GAIN_WEIGHT = 10.0
NET_GAIN_LABEL = gettext_lazy("Net gain for the household")


def _detail(gain: float | None) -> str:
    if gain is None:
        if not engine.available():
            return _("The benefits model is not installed: no points either way.")
        return _("Being computed in the background: no points until it is ready.")
    amount = number_format(round(abs(gain)), 0, force_grouping=True)
    if gain >= 0:
        return _("$%(amount)s a year more than now, after taxes and benefits.") % {"amount": amount}
    return _("$%(amount)s a year less than now, after taxes and lost benefits.") % {
        "amount": amount
    }


def with_net_gain(user, participant: Participant, suggestions: list, *, on: date) -> list:
    """The suggestions with a net-gain line each, re-ranked by the new score (best first).
    Gains not cached yet are queued for the worker."""
    if not suggestions:
        return suggestions
    openings = list(JobOpening.objects.filter(pk__in=[s.pk for s in suggestions]))
    gains: dict[int, float | None] = {o.pk: None for o in openings}
    if engine.available():
        gains = net_gains_for(participant, openings, year=on.year, version=engine.model_version())
        missing = [o for o in openings if gains[o.pk] is None]
        if missing:
            net_gains_request(participant=participant, openings=missing, by=user, year=on.year)
    values = np.array([np.nan if gains.get(s.pk) is None else gains[s.pk] for s in suggestions])
    points = net_gain_points(values, NET_GAIN_WEIGHT)
    out = []
    for suggestion, extra in zip(suggestions, points.tolist(), strict=True):
        why = suggestion.explanation
        line = FactorLine(
            "net_gain",
            str(NET_GAIN_LABEL),
            extra,
            NET_GAIN_WEIGHT,
            _detail(gains.get(suggestion.pk)),
        )
        out.append(
            replace(
                suggestion,
                explanation=replace(why, score=why.score + extra, lines=(*why.lines, line)),
            )
        )
    return sorted(out, key=lambda s: -s.explanation.score)
