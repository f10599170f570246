"""How good a job is, in points with the reason for each, so staff can explain a score.

The score adds four parts (100 points in all):

- wage against the living wage for the household type (40): 40 × wage / living wage, at most 40;
- benefits (30): health insurance 15, paid leave 10, retirement plan 5;
- a career pathway that is written down (15);
- schedule stability (15): set at least two weeks ahead 10, and 30 or more hours a week 5.

The living wage is the one for the participant's own household type (`household_type`):
the MIT Living Wage Calculator's types count adults (1 or 2), working adults and children
(0 to 3). A household of two or more adults is taken as two adults who both work, the
calculator's usual two-earner family: the wage each of them needs. More than three
children count as three, the calculator's largest household.
Source: MIT Living Wage Calculator, https://livingwage.mit.edu (methodology, household types).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

WAGE_POINTS = 40
HEALTH_POINTS = 15
LEAVE_POINTS = 10
RETIREMENT_POINTS = 5
PATHWAY_POINTS = 15
STABLE_POINTS = 10
HOURS_POINTS = 5
FULL_TIME_HOURS = 30
MAX_CHILDREN = 3
ADULT_AGE = 18


def household_type(household_size: int, children_ages: Sequence[object]) -> str:
    """The living wage calculator's household type ('1a2c', '2a2w1c', ...) of a household.

    Children are the ages under 18 given; everyone else in the household is an adult
    (at least the participant).
    """
    children = sum(
        1
        for age in children_ages
        if isinstance(age, int | float) and not isinstance(age, bool) and 0 <= age < ADULT_AGE
    )
    adults = max(1, int(household_size) - children)
    kids = min(children, MAX_CHILDREN)
    return f"1a{kids}c" if adults == 1 else f"2a2w{kids}c"


@dataclass(frozen=True)
class JobFacts:
    hourly_wage: Decimal
    hours_per_week: int
    health_insurance: bool
    paid_leave: bool
    retirement: bool
    career_pathway: str
    schedule_stable: bool


@dataclass(frozen=True)
class Part:
    key: str  # wage, health, leave, retirement, pathway, stable_schedule, hours
    points: Decimal
    max_points: int


@dataclass(frozen=True)
class JobQuality:
    score: Decimal
    parts: tuple[Part, ...]
    living_wage: Decimal | None
    wage_ratio: Decimal | None  # wage / living wage, None when no living wage is known


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def job_quality(job: JobFacts, living_wage: Decimal | None) -> JobQuality:
    """Score a job out of 100 and keep each part so the page can say why."""
    ratio = None
    if living_wage and living_wage > 0:
        ratio = job.hourly_wage / living_wage
        wage_points = min(Decimal(WAGE_POINTS), Decimal(WAGE_POINTS) * ratio)
    else:
        wage_points = Decimal(0)
    parts = (
        Part("wage", _round(wage_points), WAGE_POINTS),
        Part("health", Decimal(HEALTH_POINTS if job.health_insurance else 0), HEALTH_POINTS),
        Part("leave", Decimal(LEAVE_POINTS if job.paid_leave else 0), LEAVE_POINTS),
        Part("retirement", Decimal(RETIREMENT_POINTS if job.retirement else 0), RETIREMENT_POINTS),
        Part(
            "pathway",
            Decimal(PATHWAY_POINTS if job.career_pathway.strip() else 0),
            PATHWAY_POINTS,
        ),
        Part(
            "stable_schedule", Decimal(STABLE_POINTS if job.schedule_stable else 0), STABLE_POINTS
        ),
        Part(
            "hours",
            Decimal(HOURS_POINTS if job.hours_per_week >= FULL_TIME_HOURS else 0),
            HOURS_POINTS,
        ),
    )
    return JobQuality(
        score=sum((p.points for p in parts), Decimal(0)),
        parts=parts,
        living_wage=living_wage,
        wage_ratio=(
            ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if ratio is not None else None
        ),
    )
