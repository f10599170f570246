"""An equity action plan with 200 measures: the status report page and the recompute.

Seeded (not timed): an organisation with 3,000 placements over ten years and an
applicant-flow table of 10 job titles over ten years; a plan of 4 goal areas × 5
strategies × 5 actions, each action with 2 measures (200): half bound to the placements of
a year, half to a group's hires in a job title and year; each measure with 12 past values.

- The status report page against the trivial page ``/about/`` (the site's layout for a
  signed-in user), timed in turns, median of 20 requests (the report's content is drawn
  once for each version of the plan and served from the cache). Target: at most 5×. The
  page drawn afresh with an empty cache is printed too. Its query count when drawn afresh
  at 50 and at 200 measures. Target: the same at both (a fixed number of queries).
- Recomputing the 200 measures in one batch (each metric computes all its parameter sets
  at once) against computing them one at a time, in the same run, median of 10. Target:
  the batch at least 5× faster. The full recompute (computing, keeping today's values and
  refreshing every measure's cached value and state) is printed too.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.harness import (
    Result,
    against_baseline,
    at_most,
    informational,
    median_ms,
    medians_ms,
)

MAX_RATIO = 5
MIN_SPEED_UP = 5.0
YEARS = list(range(2017, 2027))
TITLES = [f"Title {t}" for t in range(10)]
GROUPS = ["white", "black", "hispanic", "asian"]


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    _ = response.content


def _seed_data(organisation, placements: int) -> None:
    from workbridge.employers.models import Employer
    from workbridge.equity.models import FlowCount
    from workbridge.people.models import Participant
    from workbridge.placements.models import Placement

    employer = Employer.objects.create(organisation=organisation, name="Acme")
    today = date(2026, 6, 30)
    people = Participant.objects.bulk_create(
        Participant(
            organisation=organisation,
            first_name=f"P{i}",
            last_name="Bench",
            zip_code="60623",
            enrolled_on=today - timedelta(days=i % 3650),
            planned_exit_on=today + timedelta(days=100),
        )
        for i in range(placements)
    )
    Placement.objects.bulk_create(
        Placement(
            organisation=organisation,
            participant=person,
            employer=employer,
            job_title="Cook",
            started_on=person.enrolled_on,
            hourly_wage=Decimal("20"),
            hours_per_week=40,
        )
        for person in people
    )
    FlowCount.objects.bulk_create(
        FlowCount(
            organisation=organisation,
            year=year,
            department="Streets",
            job_title=title,
            eeo_category=group,
            sex=sex,
            ended_0=20,
            ended_5=(year + len(title) + len(group)) % 7,
        )
        for year in YEARS
        for title in TITLES
        for group in GROUPS
        for sex in ("female", "male")
    )


def _seed_plan(organisation, by, measures: int):
    from workbridge.plans.models import Action, GoalArea, Measure, MeasureValue, Plan, Strategy

    plan = Plan.objects.create(organisation=organisation, title=f"Plan of {measures}", year=2026)
    actions = []
    per_goal = measures // 2 // 4
    for g in range(4):
        goal = GoalArea.objects.create(plan=plan, title=f"Goal area {g}", position=g)
        for s in range(5):
            strategy = Strategy.objects.create(
                goal_area=goal, title=f"Strategy {g}.{s}", position=s
            )
            for a in range(max(1, per_goal // 5)):
                actions.append(
                    Action(
                        strategy=strategy,
                        plan=plan,
                        position=a,
                        title=f"Action {g}.{s}.{a}",
                        timeline="Q3 2026",
                        due_on=date(2026, 9, 30),
                        owner=by,
                        status="in_progress",
                    )
                )
    Action.objects.bulk_create(actions)
    made = []
    for i, action in enumerate(Action.objects.filter(plan=plan).order_by("pk")):
        made.append(
            Measure(
                plan=plan,
                action=action,
                title=f"Placements {i}",
                metric_key="placements.count",
                parameters={"year": YEARS[i % len(YEARS)]},
                baseline_value=10,
                target_value=300,
                story_drivers="Partners referred more people.",
            )
        )
        made.append(
            Measure(
                plan=plan,
                action=action,
                title=f"Hires {i}",
                metric_key="equity.hires",
                parameters={
                    "group": GROUPS[i % len(GROUPS)],
                    "year": YEARS[i % len(YEARS)],
                    "job_title": TITLES[i % len(TITLES)],
                },
                baseline_value=2,
                target_value=5,
            )
        )
    Measure.objects.bulk_create(made)
    MeasureValue.objects.bulk_create(
        MeasureValue(measure=m, on=date(2025, 1, 1) + timedelta(days=30 * k), value=k * 2.0)
        for m in Measure.objects.filter(plan=plan)
        for k in range(12)
    )
    return plan


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    from workbridge.accounts.models import Organisation, Role
    from workbridge.accounts.services import user_create
    from workbridge.plans.models import Measure
    from workbridge.plans.recompute import (
        measure_states_refresh,
        measures_compute,
        measures_recompute,
    )

    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.create(name="Bench City", slug="bench-city")
    analyst = user_create(
        username="bench-analyst",
        password="bench-password-1234",
        organisation=organisation,
        role=Role.ANALYST,
        first_name="Ana",
        last_name="Bench",
    )
    manager = user_create(
        username="bench-manager",
        password="bench-password-1234",
        organisation=organisation,
        role=Role.MANAGER,
        first_name="Mo",
        last_name="Bench",
    )
    _seed_data(organisation, 600 if quick else 3000)
    small = _seed_plan(organisation, manager, 50)
    plan = _seed_plan(organisation, manager, 200)
    measure_states_refresh(Measure.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def label(name: str) -> str:
        return f"{name} ({engine})"

    results: list[Result] = []
    client = Client()
    client.force_login(analyst)
    report = reverse("plans:report", args=[plan.pk])
    timed = medians_ms(
        {"": lambda: _get(client, reverse("about")), "report": lambda: _get(client, report)},
        repeat=20,
    )
    results.append(informational(label("trivial page /about/"), timed[""], "ms", note="baseline"))
    results.append(
        against_baseline(
            label("status report page, 200 measures"),
            timed["report"],
            "ms",
            baseline=timed[""],
            max_ratio=MAX_RATIO,
            baseline_name="trivial page",
        )
    )

    def afresh() -> None:
        cache.clear()
        _get(client, report)

    results.append(
        informational(
            label("status report page drawn afresh (empty cache), 200 measures"),
            median_ms(afresh, repeat=10),
            "ms",
            note="the first view after a change",
        )
    )
    counts = {}
    for name, target in (("50", small), ("200", plan)):
        url = reverse("plans:report", args=[target.pk])
        _get(client, url)
        cache.clear()  # count the queries of drawing the report, not of serving it
        with CaptureQueriesContext(connection) as queries:
            _get(client, url)
        counts[name] = len(queries)
    results.append(
        informational(label("status report queries, 50 measures"), counts["50"], "queries")
    )
    results.append(
        at_most(
            label("status report queries, 200 measures"),
            counts["200"],
            "queries",
            limit=counts["50"],
        )
    )
    measures = list(Measure.objects.filter(plan=plan))
    today = date(2026, 6, 30)
    one_by_one = median_ms(
        lambda: measures_compute(organisation, measures, today=today, batch=False), repeat=10
    )
    batch = median_ms(lambda: measures_compute(organisation, measures, today=today), repeat=10)
    if measures_compute(organisation, measures, today=today, batch=False) != measures_compute(
        organisation, measures, today=today
    ):
        raise RuntimeError("the batch and one-at-a-time values differ")
    results.append(
        informational(label("200 measures one at a time"), one_by_one, "ms", note="baseline")
    )
    speed_up = one_by_one / batch if batch else float("inf")
    results.append(
        Result(
            name=label("200 measures in one batch"),
            value=batch,
            unit="ms",
            baseline=one_by_one,
            ratio=round(1 / speed_up, 4) if speed_up else None,
            target=f"≥{MIN_SPEED_UP:g}× faster than one at a time",
            met=speed_up >= MIN_SPEED_UP,
        )
    )
    results.append(
        informational(
            label("full recompute of the organisation's 250 measures"),
            median_ms(
                lambda: measures_recompute(organisation_id=organisation.pk, today=today),
                repeat=3,
                warmup=1,
            ),
            "ms",
        )
    )
    return results


if __name__ == "__main__":
    import sys

    from benchmarks.harness import main

    sys.exit(main(["--only", "bench_plans", *sys.argv[1:]]))
