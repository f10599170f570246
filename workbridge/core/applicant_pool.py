"""A job's applicants against a pool: the pool of all applicants, or an availability table.

The question (the hiring plan's "representation against an applicant pool, not only the
workforce"): did this job draw each group in the proportion the organisation's applicants
as a whole (or the labour market's availability) would lead one to expect? The job's n
applicants with a known answer are compared group by group with the pool's shares under
the exact binomial test of `core.representation` (as SciPy's `binomtest` computes it):
if each applicant were drawn independently from the pool, the number from a group would be
binomial(n, share).

Choices:
- The pool is every applicant with a known answer in the same year, this job's own
  included (it is part of "all applicants"); applicants who did not answer are counted
  apart and left out of both shares, as in the adverse-impact analysis.
- A group with no one in the pool has share 0 and is listed only if the job has some.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from workbridge.core.representation import (
    TWO_SIDED_05,
    Availability,
    Utilisation,
    utilisation_analysis,
)


def pool_shares(pool: Mapping[str, int]) -> dict[str, Fraction]:
    """Each group's exact share of the pool's applicants with a known answer."""
    total = sum(pool.values())
    if total == 0:
        return {}
    return {group: Fraction(n, total) for group, n in pool.items()}


def representation_against_pool(
    job: Mapping[str, int],
    shares: Mapping[str, Fraction],
    *,
    order: Sequence[str] = (),
    method: str = TWO_SIDED_05,
) -> list[Utilisation]:
    """Each group's share of the job's applicants against its share of the pool, with the
    exact binomial test; groups in `order` first, then the rest alphabetically."""
    total = sum(job.values())
    groups = [g for g in order if g in shares or job.get(g)]
    groups += sorted((set(shares) | {g for g, n in job.items() if n}) - set(groups))
    return utilisation_analysis(
        [Availability(g, job.get(g, 0), total, shares.get(g, Fraction(0))) for g in groups],
        method=method,
    )
