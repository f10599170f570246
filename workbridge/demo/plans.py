"""The demo's equity action plan: the HR department's Racial Equity Action Plan, and the
community indicators it watches.

The plan has the three goal areas of a city HR department's plan (Workforce Diversity;
Public Safety and Human Services; Lifelong Learning), strategies and actions with their
status histories, and measures: most bound to the demo's live data (hires, adverse impact,
representation, panels, placements, retention, local hiring, follow-ups), one entered by
hand. Everything is fictional. The indicators come from the public files under
`../shared/data` when they are there (see `indicators_from_files`); none otherwise.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import Organisation, Role, User
from workbridge.people.models import CommunityArea
from workbridge.plans.indicators import indicators_csv_load, indicators_csv_read
from workbridge.plans.models import (
    Action,
    CommunityIndicator,
    MeasureValue,
    Plan,
    StatusChange,
)
from workbridge.plans.recompute import measure_states_refresh, measures_recompute
from workbridge.plans.services import (
    action_add,
    goal_area_add,
    measure_save,
    measure_story_update,
    plan_create,
    plan_touched,
    strategy_add,
)
from workbridge.surveys.models import Survey, SurveyKind


def shared_data() -> Path:
    """The public reference files: `shared/data` beside the checkout (or beside a folder
    holding it, for a worktree); WORKBRIDGE_SHARED_DATA names another place."""
    import os

    named = os.environ.get("WORKBRIDGE_SHARED_DATA")
    if named:
        return Path(named)
    for parent in Path(settings.BASE_DIR).resolve().parents[:2]:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return Path(settings.BASE_DIR).parent / "shared" / "data"


CMAP = "demographics/cmap_ReferenceCCAProfiles20132017.csv"
ACS_2023 = "demographics/aanhpi_acs_community_areas.csv"

EQUITY_YEAR = 2025  # the demo's newest applicant-flow year


@dataclass(frozen=True)
class SeededPlans:
    plans: int
    actions: int
    measures: int
    indicator_values: int


def _people(organisation: Organisation) -> tuple[User | None, dict[str, User]]:
    members = User.objects.filter(membership__organisation=organisation).select_related(
        "membership"
    )
    by_role: dict[str, User] = {}
    for user in members.order_by("pk"):
        by_role.setdefault(user.membership.role, user)
    editor = by_role.get(Role.ANALYST) or by_role.get(Role.MANAGER) or by_role.get(Role.ADMIN)
    return editor, by_role


# (goal area, [(strategy, [(action, timeline, due offset days, owner role, status, steps,
#   [(measure title, metric, parameters, baseline, target, direction, period)])])])
PLAN = [
    (
        "Workforce Diversity",
        [
            (
                "Remove barriers in the hiring process",
                [
                    (
                        "Use structured interviews with diverse panels for every hire",
                        "Q2 2026",
                        -20,
                        Role.MANAGER,
                        "in_progress",
                        ["[x] Adopt a rubric library", "Train interviewers", "Audit panel makeup"],
                        [
                            (
                                "Panels with two or more race/ethnicity groups and a woman",
                                "interviews.panels_meeting_rule",
                                {"year": EQUITY_YEAR, "min_groups": 2, "min_women": 1},
                                0.4,
                                0.75,
                                "up",
                                "quarter",
                            ),
                        ],
                    ),
                    (
                        "Review every job title with adverse impact and close the finding",
                        "Fall 2026",
                        40,
                        Role.MANAGER,
                        "at_risk",
                        ["List the findings", "Revise the minimum qualifications"],
                        [
                            (
                                "Adverse-impact findings open",
                                "equity.adverse_impact_findings",
                                {"year": EQUITY_YEAR, "by": "race"},
                                900,
                                450,
                                "down",
                                "year",
                            ),
                        ],
                    ),
                ],
            ),
            (
                "Hire a workforce that reflects the city",
                [
                    (
                        "Report hires by race against the prior year",
                        "Annually",
                        None,
                        Role.MANAGER,
                        "complete",
                        ["[x] Build the report", "[x] Share with department heads"],
                        [
                            (
                                "Change in Black hires against the prior year",
                                "equity.hires_change",
                                {"group": "black", "year": EQUITY_YEAR},
                                0.0,
                                0.1,
                                "up",
                                "year",
                            ),
                            (
                                "Hispanic or Latino share of the workforce",
                                "equity.representation",
                                {"group": "hispanic"},
                                0.22,
                                0.296,
                                "up",
                                "year",
                            ),
                        ],
                    ),
                    (
                        "Grow active sourcing partnerships by 50%",
                        "Q4 2026",
                        60,
                        Role.MANAGER,
                        "in_progress",
                        ["[x] Set the baseline", "Sign two more partner agreements"],
                        [
                            (
                                "Active partnerships against the baseline",
                                "sourcing.partnerships_change",
                                {},
                                0.0,
                                0.5,
                                "up",
                                "quarter",
                            ),
                            (
                                "Postings using sourcing partners",
                                "sourcing.postings_using_partners",
                                {"year": EQUITY_YEAR},
                                0.3,
                                0.5,
                                "up",
                                "year",
                            ),
                        ],
                    ),
                    (
                        "Survey employees every year with a response rate of 50% or more",
                        "Q1 2027",
                        100,
                        Role.ADMIN,
                        "in_progress",
                        ["[x] Publish the survey", "Send reminders by department"],
                        [
                            (
                                "Employee survey response rate",
                                "surveys.response_rate",
                                {"survey_id": None},
                                0.35,
                                0.5,
                                "up",
                                "year",
                            ),
                        ],
                    ),
                ],
            ),
        ],
    ),
    (
        "Public Safety and Human Services",
        [
            (
                "Hire from the neighbourhoods the city serves",
                [
                    (
                        "Partner with community job programs to place residents",
                        "Q4 2026",
                        25,
                        Role.STAFF,
                        "in_progress",
                        ["[x] Sign partner agreements", "Hold quarterly reviews"],
                        [
                            (
                                "Placements this year",
                                "placements.count",
                                {},
                                20,
                                40,
                                "up",
                                "quarter",
                            ),
                            (
                                "Hires living in the city",
                                "employers.local_hiring_share",
                                {"months": 12, "local": "city"},
                                0.5,
                                0.6,
                                "up",
                                "quarter",
                            ),
                            (
                                "Active employer partnerships (a 50% increase)",
                                "employers.active_partners",
                                {},
                                8,
                                12,
                                "up",
                                "quarter",
                            ),
                        ],
                    ),
                    (
                        "Follow up with every partner on time",
                        "Ongoing",
                        None,
                        Role.STAFF,
                        "not_started",
                        [],
                        [
                            (
                                "Follow-ups done on time",
                                "employers.follow_ups_on_time",
                                {},
                                0.6,
                                0.9,
                                "up",
                                "month",
                            ),
                            (
                                "Review meetings held",
                                "employers.review_meetings_held",
                                {},
                                2,
                                4,
                                "up",
                                "year",
                            ),
                        ],
                    ),
                ],
            ),
        ],
    ),
    (
        "Lifelong Learning",
        [
            (
                "Build pathways into city careers",
                [
                    (
                        "Support new hires through their first year",
                        "Spring 2027",
                        150,
                        Role.STAFF,
                        "in_progress",
                        ["[x] Assign a mentor to each new hire", "Check in at 30 and 90 days"],
                        [
                            (
                                "Retention at 90 days",
                                "placements.retention",
                                {"days": "90"},
                                0.6,
                                0.8,
                                "up",
                                "quarter",
                            ),
                            (
                                "Placements paying a living wage",
                                "placements.living_wage_share",
                                {"household_type": "1a0c"},
                                0.4,
                                0.7,
                                "up",
                                "year",
                            ),
                        ],
                    ),
                    (
                        "Start an apprenticeship cohort with the community college",
                        "Fall 2027",
                        None,
                        Role.MANAGER,
                        "deferred",
                        ["Agree the curriculum"],
                        [("Apprentices enrolled", "", {}, 0, 25, "up", "year")],
                    ),
                ],
            ),
        ],
    ),
]

STORIES = {
    "Placements this year": {
        "story_drivers": "Two new partners in health care took more referrals in the spring.",
        "story_partners": "Southside community college; the hospital workforce office.",
        "story_works": "Slates of three candidates sent within a week of an opening.",
        "story_next": "Add a partner in the trades before the budget hearing.",
    },
    "Adverse-impact findings open": {
        "story_drivers": "Written tests in maintenance titles screen out most applicants.",
        "story_partners": "The civil service commission.",
        "story_works": "Replacing the test with a work sample in one title halved the gap.",
        "story_next": "Pilot the work sample in the second title.",
    },
}


@transaction.atomic
def seed_plans(*, organisation: Organisation) -> SeededPlans:
    """The HR department's plan (nothing if the organisation has plans already)."""
    indicator_values = indicators_from_files()
    if Plan.objects.filter(organisation=organisation).exists():
        return SeededPlans(0, 0, 0, indicator_values)
    editor, by_role = _people(organisation)
    if editor is None:
        return SeededPlans(0, 0, 0, indicator_values)
    today = timezone.localdate()
    plan = plan_create(
        data={
            "title": "Human Resources Racial Equity Action Plan",
            "department": "Human Resources",
            "year": today.year,
            "desired_result": (
                "All residents share in the city's prosperity: the city's workforce reflects "
                "the people it serves at every level."
            ),
            "problem": (
                "Black and Latino residents are under-represented in the city's professional "
                "and protective-service titles, and leave within a year more often."
            ),
            "root_causes": (
                "Minimum qualifications and written tests that do not predict performance; "
                "recruitment that reaches the same neighbourhoods; little support for new hires."
            ),
            "opportunity": (
                "A third of the workforce can retire within five years: the hires of the next "
                "years decide who the city's workforce will be."
            ),
        },
        by=editor,
    )
    plan.indicators.set(CommunityIndicator.objects.all())
    survey = (
        Survey.objects.filter(organisation=organisation, kind=SurveyKind.EMPLOYEE_SATISFACTION)
        .order_by("pk")
        .first()
    )
    a_year_ago = today - timedelta(days=380)
    actions = measures = 0
    for goal_title, strategies in PLAN:
        goal = goal_area_add(plan=plan, title=goal_title, by=editor)
        for strategy_title, rows in strategies:
            strategy = strategy_add(goal_area=goal, title=strategy_title, by=editor)
            for title, timeline, due, owner_role, status, steps, bound in rows:
                action = action_add(
                    strategy=strategy,
                    data={
                        "title": title,
                        "timeline": timeline,
                        "due_on": today + timedelta(days=due) if due is not None else None,
                        "owner": by_role.get(owner_role) or by_role.get(Role.MANAGER),
                        "stakeholders": "Department heads; the equity office; unions",
                    },
                    steps=[s.removeprefix("[x] ") for s in steps],
                    by=editor,
                )
                action.steps.filter(text__in=[s[4:] for s in steps if s.startswith("[x] ")]).update(
                    done=True
                )
                _history(action, status, a_year_ago, editor)
                actions += 1
                for m_title, key, parameters, baseline, target, direction, period in bound:
                    if key == "surveys.response_rate":
                        if survey is None:
                            continue
                        parameters = {"survey_id": survey.pk}
                    measure = measure_save(
                        action=action,
                        data={
                            "title": m_title,
                            "baseline_value": baseline,
                            "baseline_on": date(today.year - 1, 1, 1),
                            "target_value": target,
                            "direction": direction,
                            "period": period,
                        },
                        metric_key=key,
                        parameters=parameters,
                        by=editor,
                    )
                    measures += 1
                    if m_title in STORIES:
                        measure_story_update(measure=measure, data=STORIES[m_title], by=editor)
                    if not key:
                        for months_ago, value in ((14, 0.0), (8, 6.0), (2, 11.0)):
                            MeasureValue.objects.create(
                                measure=measure,
                                on=today - timedelta(days=30 * months_ago),
                                value=value,
                                computed=False,
                                entered_by=editor,
                            )
    # Last years' values of the measures that follow the current year, then today's.
    following = [
        m.pk
        for m in plan.measures.all()
        if m.metric_key in ("placements.count", "employers.follow_ups_on_time")
        or m.metric_key in ("employers.review_meetings_held",)
    ]
    for year in (today.year - 2, today.year - 1):
        measures_recompute(
            organisation_id=organisation.pk, today=date(year, 12, 31), measure_ids=following
        )
    measures_recompute(organisation_id=organisation.pk, today=today)
    measure_states_refresh(plan.measures.all(), today=today)
    plan_touched(plan.pk)
    return SeededPlans(1, actions, measures, indicator_values)


def _history(action: Action, status: str, a_year_ago: date, by: User) -> None:
    """A status history: not started a year ago, in progress since, then `status`."""
    action.status_changes.update(on=a_year_ago)
    if status == "not_started":
        return
    StatusChange.objects.create(
        action=action,
        status="in_progress",
        on=a_year_ago + timedelta(days=90),
        note="Work began with the department heads.",
        by=by,
    )
    final_on = timezone.localdate() - timedelta(days=30)
    if status != "in_progress":
        notes = {
            "complete": "Delivered and shared at the budget hearing.",
            "at_risk": "The vendor for the new assessments is late.",
            "deferred": "Waiting for the college's funding decision.",
        }
        StatusChange.objects.create(
            action=action, status=status, on=final_on, note=notes.get(status, ""), by=by
        )
    action.status = status
    action.status_on = final_on if status != "in_progress" else a_year_ago + timedelta(days=90)
    action.save(update_fields=["status", "status_on"])


# Community indicators ----------------------------------------------------------------------


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalpha())


def _number(raw: str) -> float:
    return float(raw or 0)


def indicators_csv_from_files(folder: Path | None = None) -> str:
    """The indicators file (the CSV `plans.indicators` loads) made from the public files:
    unemployment (ACS 2013–2017, CMAP's community snapshot), households with incomes under
    $25,000 (ACS 2013–2017 and 2019–2023), and the Black and Latino shares of the population
    (the same two), for the city and each community area. "" when the files are absent."""
    folder = folder or shared_data()
    cmap_path, acs_path = folder / CMAP, folder / ACS_2023
    if not cmap_path.exists() or not acs_path.exists():
        return ""
    areas = {_key(a.name): a.number for a in CommunityArea.objects.all()}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "name", "unit", "area", "year", "value", "source"])
    cmap_source = "CMAP Community Data Snapshots, ACS 2013–2017"
    acs_source = "City of Chicago data portal (t68z-cikk), ACS 2019–2023"
    sums: dict[tuple[str, int], list[float]] = {}

    def emit(key, name, area, year, part, whole, source):
        if whole <= 0 or area is None:
            return
        writer.writerow([key, name, "percent", area, year, round(100 * part / whole, 2), source])
        total = sums.setdefault((key, year), [0.0, 0.0])
        total[0] += part
        total[1] += whole

    names = {
        "unemployment": "Unemployment rate",
        "low_income": "Households with incomes under $25,000",
        "black_share": "Black share of the population",
        "latino_share": "Hispanic or Latino share of the population",
    }
    with cmap_path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            area = areas.get(_key(row["GEOG"]))
            emit(
                "unemployment",
                names["unemployment"],
                area,
                2017,
                _number(row["UNEMP"]),
                _number(row["IN_LBFRC"]),
                cmap_source,
            )
            incomes = [
                "INC_LT_25K",
                "INC_25_50K",
                "INC_50_75K",
                "INC_75_100K",
                "INC_100_150K",
                "INC_GT_150",
            ]
            emit(
                "low_income",
                names["low_income"],
                area,
                2017,
                _number(row["INC_LT_25K"]),
                sum(_number(row[c]) for c in incomes),
                cmap_source,
            )
            population = _number(row["TOT_POP"])
            emit(
                "black_share",
                names["black_share"],
                area,
                2017,
                _number(row["BLACK"]),
                population,
                cmap_source,
            )
            emit(
                "latino_share",
                names["latino_share"],
                area,
                2017,
                _number(row["HISP"]),
                population,
                cmap_source,
            )
    with acs_path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            area = areas.get(_key(row["community_area"]))
            incomes = [
                "under_25_000",
                "_25_000_to_49_999",
                "_50_000_to_74_999",
                "_75_000_to_125_000",
                "_125_000",
            ]
            emit(
                "low_income",
                names["low_income"],
                area,
                2023,
                _number(row["under_25_000"]),
                sum(_number(row[c]) for c in incomes),
                acs_source,
            )
            population = _number(row["total_population"])
            emit(
                "black_share",
                names["black_share"],
                area,
                2023,
                _number(row["black_or_african_american"]),
                population,
                acs_source,
            )
            emit(
                "latino_share",
                names["latino_share"],
                area,
                2023,
                _number(row["hispanic_or_latino"]),
                population,
                acs_source,
            )
    sources = {2017: cmap_source, 2023: acs_source}
    for (key, year), (part, whole) in sorted(sums.items()):
        writer.writerow(
            [key, names[key], "percent", "city", year, round(100 * part / whole, 2), sources[year]]
        )
    return out.getvalue()


def indicators_from_files(folder: Path | None = None) -> int:
    """Load the community indicators from the public files; 0 when they are absent."""
    text = indicators_csv_from_files(folder)
    if not text:
        return 0
    rows, problems = indicators_csv_read(io.BytesIO(text.encode("utf-8")), "indicators.csv")
    if problems:
        raise ValueError(f"the indicators made from {folder} have problems: {problems[:3]}")
    return indicators_csv_load(rows)
