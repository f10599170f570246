"""Labour-market information from the program's own openings and hires, joined with the
SOC 2018 titles (people's reference table) and O*NET job zones (people.reference): who is
hiring, for which occupations, at what pay and job quality; and a participant's career
goal with its openings and the next rung of its pathway.

Everything is counted in SQL per occupation; no participant is named. Job quality here is
the share of openings with each of the parts the job-quality score counts (core.job_quality).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, FloatField, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast

from workbridge.accounts.access import casework_organisation_id
from workbridge.accounts.models import User
from workbridge.jobs.models import JobOpening, OpeningStatus
from workbridge.people.models import Occupation, Participant
from workbridge.people.reference import onet_job_zones
from workbridge.placements.models import Placement

SORTS = {
    "title": ("title", "code"),
    "-title": ("-title", "code"),
    "positions": ("positions", "code"),
    "-positions": ("-positions", "code"),
    "wage": ("wage", "code"),
    "-wage": ("-wage", "code"),
    "hires": ("hires", "code"),
    "-hires": ("-hires", "code"),
    "employers": ("employers", "code"),
    "-employers": ("-employers", "code"),
}


@dataclass
class OccupationRow:
    """One occupation the program's employers hire for."""

    code: str
    title: str
    job_zone: int | None
    employers: int
    positions: int
    wage: Decimal | None  # average offered hourly wage of open openings
    wage_low: Decimal | None
    wage_high: Decimal | None
    health_share: int | None  # percent of open openings with health insurance
    leave_share: int | None
    stable_share: int | None
    pathway_share: int | None
    hires: int  # placements started in the period
    hire_wage: Decimal | None  # their average starting wage


def _q(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _share(part, whole) -> int | None:
    return round(100 * part / whole) if whole else None


def occupations_hiring(
    user: User, *, today: date, months: int = 12, major: str = ""
) -> list[OccupationRow]:
    """Occupations with open positions or hires in the last `months` months, with pay and
    job quality, for the user's organisation (unsorted)."""
    organisation_id = casework_organisation_id(user)
    openings = JobOpening.objects.filter(organisation_id=organisation_id, status=OpeningStatus.OPEN)
    since = today - timedelta(days=round(months * 30.44))
    hires = Placement.objects.filter(
        organisation_id=organisation_id,
        started_on__gt=since,
        started_on__lte=today,
        opening__isnull=False,
    )
    if major:
        openings = openings.filter(occupation__code__startswith=major)
        hires = hires.filter(opening__occupation__code__startswith=major)
    open_rows = openings.values("occupation_id").annotate(
        employers=Count("employer", distinct=True),
        positions=Sum("positions"),
        n=Count("id"),
        wage=Avg("hourly_wage"),
        low=Min("hourly_wage"),
        high=Max("hourly_wage"),
        health=Count("id", filter=Q(health_insurance=True)),
        leave=Count("id", filter=Q(paid_leave=True)),
        stable=Count("id", filter=Q(schedule_stable=True)),
        pathway=Count("id", filter=~Q(career_pathway="")),
    )
    hire_rows = hires.values("opening__occupation_id").annotate(
        n=Count("id"), wage=Avg(Cast("hourly_wage", FloatField()))
    )
    by_code: dict[str, dict] = {r["occupation_id"]: {"open": r} for r in open_rows}
    for r in hire_rows:
        by_code.setdefault(r["opening__occupation_id"], {})["hires"] = r
    titles = dict(Occupation.objects.filter(code__in=list(by_code)).values_list("code", "title"))
    zones = onet_job_zones()
    rows = []
    for code, parts in by_code.items():
        o = parts.get("open") or {}
        h = parts.get("hires") or {}
        n = o.get("n", 0)
        rows.append(
            OccupationRow(
                code=code,
                title=titles.get(code, code),
                job_zone=zones.get(code),
                employers=o.get("employers", 0),
                positions=o.get("positions") or 0,
                wage=_q(o.get("wage")),
                wage_low=_q(o.get("low")),
                wage_high=_q(o.get("high")),
                health_share=_share(o.get("health", 0), n),
                leave_share=_share(o.get("leave", 0), n),
                stable_share=_share(o.get("stable", 0), n),
                pathway_share=_share(o.get("pathway", 0), n),
                hires=h.get("n", 0),
                hire_wage=_q(h.get("wage")),
            )
        )
    return rows


def occupations_sorted(rows: list[OccupationRow], sort: str) -> list[OccupationRow]:
    """Rows in the order a sort key asks for; missing wages last."""
    key, reverse = sort.lstrip("-"), sort.startswith("-")
    present = [r for r in rows if getattr(r, key) is not None]
    missing = [r for r in rows if getattr(r, key) is None]
    present.sort(key=lambda r: r.code)
    present.sort(key=lambda r: getattr(r, key), reverse=reverse)
    return present + sorted(missing, key=lambda r: r.code)


def employers_hiring(user: User, *, major: str = "", limit: int = 15) -> QuerySet:
    """The employers with the most open positions, with their occupations' count."""
    organisation_id = casework_organisation_id(user)
    openings = JobOpening.objects.filter(organisation_id=organisation_id, status=OpeningStatus.OPEN)
    if major:
        openings = openings.filter(occupation__code__startswith=major)
    return (
        openings.values("employer_id", "employer__name")
        .annotate(
            positions=Sum("positions"),
            occupations=Count("occupation", distinct=True),
            wage=Avg("hourly_wage"),
        )
        .order_by("-positions", "employer__name")[:limit]
    )


def major_groups() -> list[tuple[str, str]]:
    """SOC 2018 major groups, for the filter."""
    return list(Occupation.objects.filter(level="major").values_list("code", "title"))


# A participant's career goal -----------------------------------------------------


@dataclass(frozen=True)
class Rung:
    code: str
    title: str
    job_zone: int
    openings: int


@dataclass(frozen=True)
class CareerView:
    goal: Occupation | None
    goal_zone: int | None
    openings: list[JobOpening]  # open, in the goal's occupation or its broad group
    next_rungs: list[Rung]


def career_view(participant: Participant) -> CareerView:
    """The participant's primary career goal, the program's openings for it and the next
    rung: occupations in the same SOC minor group one O*NET job zone up."""
    goal_row = participant.career_goals.select_related("occupation").first()
    if goal_row is None:
        return CareerView(None, None, [], [])
    goal = goal_row.occupation
    code = goal.code
    zones = onet_job_zones()
    zone = zones.get(code) if len(code) == 7 else None
    prefix = code[:6] if goal.level == "detailed" else code.rstrip("0")
    openings = list(
        JobOpening.objects.filter(
            organisation_id=participant.organisation_id,
            status=OpeningStatus.OPEN,
            occupation__code__startswith=prefix,
        )
        .select_related("employer", "occupation")
        .order_by("-hourly_wage", "id")[:20]
    )
    rungs: list[Rung] = []
    if zone is not None:
        minor = code[:4]  # e.g. 35-2 "Cooks and Food Preparation Workers"
        candidates = {
            c: z for c, z in zones.items() if c.startswith(minor) and z == zone + 1 and c != code
        }
        if not candidates:  # no rung up in the minor group: look in the major group
            candidates = {
                c: z
                for c, z in zones.items()
                if c.startswith(code[:3]) and z == zone + 1 and c != code
            }
        titles = dict(
            Occupation.objects.filter(code__in=list(candidates)).values_list("code", "title")
        )
        counts = dict(
            JobOpening.objects.filter(
                organisation_id=participant.organisation_id,
                status=OpeningStatus.OPEN,
                occupation_id__in=list(candidates),
            )
            .values("occupation_id")
            .annotate(n=Count("id"))
            .values_list("occupation_id", "n")
        )
        rungs = sorted(
            (
                Rung(c, titles.get(c, c), z, counts.get(c, 0))
                for c, z in candidates.items()
                if c in titles
            ),
            key=lambda r: (-r.openings, r.code),
        )[:8]
    return CareerView(goal, zone, openings, rungs)
