"""The program's target industries and positions, with the openings and hires in each.

An industry target is a NAICS prefix matched against the employer's code; a position target
is a SOC prefix matched against the opening's occupation (a hire without an opening has no
occupation, so it counts towards industries only). An opening or hire may fall in several
targets; the last row counts those in none.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from workbridge.accounts.models import User
from workbridge.employers.development import targets_visible_to
from workbridge.employers.models import TargetKind
from workbridge.jobs.models import JobOpening, OpeningStatus
from workbridge.jobs.queries import openings_visible_to
from workbridge.placements.models import Placement
from workbridge.placements.queries import placements_visible_to


@dataclass(frozen=True)
class TargetRow:
    label: str
    kind: str
    code: str
    open_openings: int
    openings: int
    hires: int


def _match(kind: str, code: str, *, employer: str, occupation: str) -> Q:
    if kind == TargetKind.INDUSTRY:
        return Q(**{f"{employer}__naics_code__startswith": code})
    return Q(**{f"{occupation}__startswith": code})


def _counts(openings: QuerySet[JobOpening], hires: QuerySet[Placement], where, hire_where):
    matched = openings.filter(where)
    return (
        matched.filter(status=OpeningStatus.OPEN).count(),
        matched.count(),
        hires.filter(hire_where).count(),
    )


def targets_compared(user: User) -> list[TargetRow]:
    """Each target with its open openings, all openings and hires; then those in none."""
    openings = openings_visible_to(user)
    hires = placements_visible_to(user)
    rows = []
    any_opening, any_hire = Q(pk__in=[]), Q(pk__in=[])
    for target in targets_visible_to(user):
        on_opening = _match(
            target.kind, target.code, employer="employer", occupation="occupation__code"
        )
        on_hire = _match(
            target.kind, target.code, employer="employer", occupation="opening__occupation__code"
        )
        any_opening |= on_opening
        any_hire |= on_hire
        rows.append(
            TargetRow(
                target.label,
                target.kind,
                target.code,
                *_counts(openings, hires, on_opening, on_hire),
            )
        )
    rows.append(TargetRow("", "", "", *_counts(openings, hires, ~any_opening, ~any_hire)))
    return rows
