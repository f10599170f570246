"""The five-column plan spreadsheet: in, out, and every problem named by row and column."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from workbridge.plans.models import Action, ActionStatus, GoalArea, Measure
from workbridge.plans.sheets import plan_sheet_load, plan_sheet_read, plan_sheet_xlsx
from workbridge.web.uploads import spreadsheet_limits

pytestmark = pytest.mark.django_db
HEAD = ["Action", "Timeline", "Performance measures", "Implementation plan", "Status"]


def workbook(rows, head=HEAD) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "plan.xlsx"
    return out


GOOD = [
    ["Goal area: Workforce Diversity"],
    ["Strategy: Widen the hiring pool"],
    [
        "Train interviewers",
        "Q3 2026",
        "75% of interviewers trained\nTraining rated effective by 60%",
        "[x] Pick a curriculum\nSchedule sessions",
        "In progress",
    ],
    ["Post jobs with community partners", "Fall 2026", "", "", ""],
    ["Goal area: Lifelong Learning"],
    ["Strategy: Career pathways"],
    ["Launch apprenticeships", "2027", "Apprentices hired", "", "not started"],
]


def test_it_imports_goal_areas_strategies_and_actions(plan, analyst):
    parsed = plan_sheet_read(workbook(GOOD), "plan.xlsx", limits=spreadsheet_limits())
    assert parsed.problems == []
    # when
    assert plan_sheet_load(plan=plan, parsed=parsed, by=analyst) == 3
    # then
    assert list(GoalArea.objects.values_list("title", flat=True)) == [
        "Workforce Diversity",
        "Lifelong Learning",
    ]
    train = Action.objects.get(title="Train interviewers")
    assert train.status == ActionStatus.IN_PROGRESS
    assert str(train.due_on) == "2026-09-30"
    assert [(s.text, s.done) for s in train.steps.all()] == [
        ("Pick a curriculum", True),
        ("Schedule sessions", False),
    ]
    assert [m.title for m in train.measures.all()] == [
        "75% of interviewers trained",
        "Training rated effective by 60%",
    ]
    assert all(m.is_manual for m in Measure.objects.all())
    assert Action.objects.get(title="Post jobs with community partners").status == "not_started"


def test_it_names_every_problem_by_row_and_column_and_writes_nothing(client, analyst, plan):
    rows = [
        ["Action before any goal area", "Q1 2026", "", "", ""],
        ["Goal area: Workforce Diversity"],
        ["Strategy: Widen the hiring pool"],
        ["Train interviewers", "sometime", "", "", "Finished-ish"],
        ["", "Q2 2026", "A measure", "", ""],
        ["Good action", "Q2 2026", "", "", "Complete"],
    ]
    client.force_login(analyst)
    response = client.post(reverse("plans:import", args=[plan.pk]), {"file": workbook(rows)})
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [
        (2, "Action"),
        (5, "Timeline"),
        (5, "Status"),
        (6, "Action"),
    ]
    assert "“sometime” is not a timeline" in response.content.decode()
    assert not Action.objects.exists()
    assert not GoalArea.objects.exists()


def test_it_refuses_a_file_without_the_five_columns(plan):
    parsed = plan_sheet_read(
        workbook([["x"]], head=["Task", "When"]), "plan.xlsx", limits=spreadsheet_limits()
    )
    assert [(p.row, p.column) for p in parsed.problems] == [(1, "")]


def test_the_export_reads_back_as_the_same_plan(plan, analyst, other_coach):
    plan_sheet_load(
        plan=plan,
        parsed=plan_sheet_read(workbook(GOOD), "plan.xlsx", limits=spreadsheet_limits()),
        by=analyst,
    )
    exported = plan_sheet_xlsx(plan)
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEAD
    assert rows[1][0] == "Goal area: Workforce Diversity"
    assert rows[3][0] == "Train interviewers"
    assert rows[3][3] == "[x] Pick a curriculum\nSchedule sessions"
    # read back
    source = io.BytesIO(exported)
    again = plan_sheet_read(source, "plan.xlsx", limits=spreadsheet_limits())
    assert again.problems == []
    assert again.actions == 3
    assert [a.title for g in again.goals for s in g.strategies for a in s.actions] == [
        "Train interviewers",
        "Post jobs with community partners",
        "Launch apprenticeships",
    ]


def test_the_export_downloads_for_a_reader(client, coach, plan):
    client.force_login(coach)
    response = client.get(reverse("plans:export", args=[plan.pk]))
    assert response.content.startswith(b"PK")
