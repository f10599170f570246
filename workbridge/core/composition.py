"""How a small body (a committee, a succession slate) reflects the people it comes from or
oversees, and how many people take part in something (learning utilisation).

- Shares are of people whose group is known: members or employees whose race is not
  disclosed (or whose sex is not recorded) are counted apart, as availability analyses do.
- The gap is the body's share minus the pool's, in percentage points; a body meets its
  target when no group's gap is larger, in absolute value, than the target.
- The two-sided exact binomial test asks whether a body of that size drawn at random from
  the pool would be this far from the pool's share (``core.representation``, as SciPy's
  ``binomtest``); with a handful of members it is rarely significant, which the page says.
- Retirement eligibility: age at least ``min_age`` with at least ``min_service`` years,
  or at least ``any_age_service`` years at any age (defaults 55/10 and 30, a common
  public pension rule; the organisation may use another).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from workbridge.core.representation import binomial_p_two_sided
from workbridge.core.stats import UNKNOWN_LABELS, is_unknown_group

DAYS_A_YEAR = 365.25


@dataclass(frozen=True)
class GroupGap:
    group: str
    members: int
    member_share: float | None
    pool: int
    pool_share: float | None
    gap_points: float | None
    p_two_sided: float | None


@dataclass(frozen=True)
class Composition:
    groups: tuple[GroupGap, ...]
    members_known: int
    members_unknown: int
    pool_known: int
    pool_unknown: int
    largest_gap_points: float | None
    meets_target: bool | None


def composition(
    members: Mapping[str, int],
    pool: Mapping[str, int],
    *,
    target_points: float,
    unknown_labels: Iterable[str] = UNKNOWN_LABELS,
) -> Composition:
    """Each known group's share of the members against its share of the pool."""
    labels = frozenset(unknown_labels)
    keys = list(dict.fromkeys([*pool, *members]))
    known = [k for k in keys if not is_unknown_group(k, unknown_labels=labels)]
    m_known = sum(members.get(k, 0) for k in known)
    p_known = sum(pool.get(k, 0) for k in known)
    groups = []
    for k in known:
        m, p = members.get(k, 0), pool.get(k, 0)
        m_share = m / m_known if m_known else None
        p_share = p / p_known if p_known else None
        gap = None if m_share is None or p_share is None else round((m_share - p_share) * 100, 1)
        test = (
            binomial_p_two_sided(m, m_known, p_share) if m_known and p_share is not None else None
        )
        groups.append(GroupGap(k, m, m_share, p, p_share, gap, test))
    gaps = [abs(g.gap_points) for g in groups if g.gap_points is not None]
    largest = max(gaps) if gaps else None
    return Composition(
        groups=tuple(groups),
        members_known=m_known,
        members_unknown=sum(members.values()) - m_known,
        pool_known=p_known,
        pool_unknown=sum(pool.values()) - p_known,
        largest_gap_points=largest,
        meets_target=None if largest is None else largest <= target_points,
    )


def years_between(start: date, end: date) -> float:
    return (end - start).days / DAYS_A_YEAR


def retirement_eligible(
    *,
    hired: date | None,
    birth_year: int | None,
    on: date,
    min_age: int = 55,
    min_service: int = 10,
    any_age_service: int = 30,
) -> bool | None:
    """Whether someone may retire on ``on``; None when the hire date is not known."""
    if hired is None:
        return None
    service = years_between(hired, on)
    if service >= any_age_service:
        return True
    if birth_year is None:
        return None
    return on.year - birth_year >= min_age and service >= min_service


def share_taking_part(
    taking_part: Mapping[str, int], headcount: Mapping[str, int]
) -> dict[str, float | None]:
    """Each group's share of its headcount taking part (None for an empty group)."""
    return {k: (min(taking_part.get(k, 0), n) / n if n else None) for k, n in headcount.items()}
