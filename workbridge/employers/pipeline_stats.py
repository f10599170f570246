"""Pipeline figures for the board: employers per stage, moves per month, conversion.

Every figure is counted in SQL over the user's own organisation; the chart module
draws them. Moves are StageChange rows, so an employer added straight at a stage
counts as entering it.
"""

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth

from workbridge.employers.choices import PIPELINE, Stage
from workbridge.employers.models import StageChange
from workbridge.employers.queries import employers_visible_to

BOARD_ORDER = [*PIPELINE, Stage.DORMANT, Stage.POOR_FIT]


def month_starts(today: date, months: int = 12) -> list[date]:
    """The first day of each of the last `months` months, oldest first, this month last."""
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def stage_counts(user) -> dict[str, int]:
    """How many of the user's organisation's employers stand at each stage."""
    rows = employers_visible_to(user).values("stage").annotate(n=Count("id"))
    counts = {stage: 0 for stage in BOARD_ORDER}
    counts.update({r["stage"]: r["n"] for r in rows})
    return counts


def _changes_visible_to(user):
    return StageChange.objects.filter(employer__in=employers_visible_to(user))


@dataclass(frozen=True)
class MonthlyMoves:
    months: list[date]
    stages: list[str]
    counts: dict[str, list[int]]  # stage -> one count per month

    @property
    def total(self) -> int:
        return sum(sum(v) for v in self.counts.values())


def moves_by_month(user, *, today: date, months: int = 12) -> MonthlyMoves:
    """How many employers entered each stage in each of the last `months` months."""
    starts = month_starts(today, months)
    rows = (
        _changes_visible_to(user)
        .filter(changed_on__gte=starts[0], changed_on__lte=today)
        .annotate(month=TruncMonth("changed_on"))
        .values("month", "to_stage")
        .annotate(n=Count("id"))
    )
    index = {m: i for i, m in enumerate(starts)}
    counts = {stage: [0] * len(starts) for stage in BOARD_ORDER}
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") and callable(month.date) else month
        if row["to_stage"] in counts and month in index:
            counts[row["to_stage"]][index[month]] += row["n"]
    return MonthlyMoves(starts, list(BOARD_ORDER), counts)


@dataclass(frozen=True)
class Conversion:
    from_stage: str
    to_stage: str
    entered: list[int]  # per month: employers that entered from_stage
    converted: list[int]  # of those, how many have reached to_stage since

    @property
    def entered_total(self) -> int:
        return sum(self.entered)

    @property
    def converted_total(self) -> int:
        return sum(self.converted)

    @staticmethod
    def rate(converted: int, entered: int) -> float | None:
        return converted / entered if entered else None

    @property
    def rates(self) -> list[float | None]:
        return [self.rate(c, e) for c, e in zip(self.converted, self.entered, strict=True)]

    @property
    def total_rate(self) -> float | None:
        return self.rate(self.converted_total, self.entered_total)


def conversion_by_month(user, *, today: date, months: int = 12) -> list[Conversion]:
    """For each pair of consecutive pipeline stages, month by month: of the employers
    that entered the first stage that month, how many have since reached the next."""
    starts = month_starts(today, months)
    index = {m: i for i, m in enumerate(starts)}
    changes = _changes_visible_to(user)
    result = []
    for from_stage, to_stage in pairwise(PIPELINE):
        reached = StageChange.objects.filter(
            employer_id=OuterRef("employer_id"),
            to_stage=to_stage,
            changed_on__gte=OuterRef("changed_on"),
        )
        rows = (
            changes.filter(to_stage=from_stage, changed_on__gte=starts[0], changed_on__lte=today)
            .annotate(month=TruncMonth("changed_on"), reached=Exists(reached))
            .values("month")
            .annotate(
                entered=Count("employer_id", distinct=True),
                converted=Count("employer_id", distinct=True, filter=Q(reached=True)),
            )
        )
        entered = [0] * len(starts)
        converted = [0] * len(starts)
        for row in rows:
            month = row["month"]
            month = month.date() if hasattr(month, "date") and callable(month.date) else month
            if month in index:
                entered[index[month]] += row["entered"]
                converted[index[month]] += row["converted"]
        result.append(Conversion(from_stage, to_stage, entered, converted))
    return result
