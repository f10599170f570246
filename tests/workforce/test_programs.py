"""Committees against their department, succession slates, and learning utilisation."""

from datetime import date

import pytest
from django.urls import reverse

from tests.workforce.conftest import store
from tests.workforce.data import FIRST, SECOND, rosters
from tests.workforce.test_reports import load
from workbridge.core.spreadsheets import csv_text
from workbridge.workforce.models import LearningRecord
from workbridge.workforce.program_reports import (
    apprentice_retention_share,
    committee_report,
    learning_report,
    learning_share,
    succession_report,
)
from workbridge.workforce.services import (
    candidate_add,
    committee_create,
    committee_member_add,
    learning_import,
    position_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_rosters(southside, analyst):
    first, second = rosters()
    load(southside, analyst, first, FIRST)
    load(southside, analyst, second, SECOND)


def test_a_committee_is_compared_with_the_department_it_oversees(southside, analyst, two_rosters):
    committee = committee_create(
        by=analyst, name="Promotions review", department="Water", target_gap_points=10
    )
    for race in ("white", "white", "white", "black"):
        committee_member_add(by=analyst, committee=committee, eeo_category=race, sex="male")
    report = committee_report(southside)
    race = report.tables[0]
    # Department on the latest roster: 95 White, 95 Black, 8 Asian of 198.
    assert race.value("White", "Members") == 3
    assert race.value("White", "Gap (points)") == pytest.approx(75.0 - 48.0, abs=0.1)
    assert any("beyond the target of 10" in n for n in report.notes)


def test_a_slate_is_compared_with_its_feeder_pool_and_the_incumbent_may_retire(
    southside, analyst, two_rosters
):
    position = position_create(
        by=analyst,
        department="Water",
        job_title="Senior clerk",
        incumbent_id="E0",
        incumbent_birth_year=1960,
        feeder_titles=["Clerk"],
    )
    candidate_add(by=analyst, position=position, employee_id="E150", readiness="now")
    candidate_add(by=analyst, position=position, employee_id="E40", readiness="1_2_years")
    report = succession_report(southside, on=date(2024, 6, 1))
    positions = report.tables[0]
    label = "Senior clerk · Water"
    assert positions.value(label, "Incumbent's years of service") == pytest.approx(6.0, abs=0.1)
    assert positions.value(label, "May retire") == "No"  # 64 years old, 6 years of service
    assert positions.value(label, "Ready now") == 1
    slate = report.tables[1]
    assert slate.value("Black or African American", "Candidates") == 1
    assert slate.value("White", "Candidates") == 1


def test_learning_records_are_matched_to_the_roster_and_utilisation_is_counted(
    southside, analyst, two_rosters
):
    rows = [["Employee id", "Kind", "Program", "Year", "Status"]]
    rows += [[f"E{i}", "learning system", "Ethics", "2024", "completed"] for i in range(100)]
    rows += [["E150", "apprenticeship", "Plumbing", "2023", "in progress"]]
    rows += [["X9", "continuing", "MBA", "2024", "in progress"]]
    stored = store("learning.csv", csv_text(rows).encode())
    result = learning_import(by=analyst, stored_file=stored, filename="learning.csv")
    assert not result.problems and result.created == 102 and result.matched == 101
    # Of 198 on the 2024 roster, E0-E94 and E100 are... those of E0-E99 still employed.
    share = learning_share(southside, 2024)
    assert share == pytest.approx(95 / 198)
    report = learning_report(southside, year=2024)
    assert report.tables[0].value("Water", "Meets 50%") == "No"
    assert apprentice_retention_share(southside, 2023) == 1.0


def test_a_learning_file_with_problems_writes_nothing(southside, analyst):
    rows = [["Employee id", "Kind", "Program", "Year", "Status"], ["E1", "knitting", "X", "y", ""]]
    stored = store("learning.csv", csv_text(rows).encode())
    result = learning_import(by=analyst, stored_file=stored, filename="learning.csv")
    assert {p.code for p in result.problems} == {"not_choice", "not_whole_number", "required"}
    assert not LearningRecord.objects.exists()


def test_the_pages_show_the_reports(client, analyst, two_rosters):
    client.force_login(analyst)
    response = client.post(
        reverse("workforce:committees"),
        {
            "action": "committee",
            "c-name": "Review",
            "c-department": "Water",
            "c-target_gap_points": "10",
        },
    )
    assert response.status_code == 302
    for name in ("committees", "succession", "learning"):
        assert client.get(reverse(f"workforce:{name}")).status_code == 200
    export = client.get(reverse("workforce:program_export", args=["committees", "xlsx"]))
    assert export.status_code == 200


def test_the_plan_tracker_finds_the_workforce_metrics(southside, analyst, two_rosters):
    from workbridge.web.metrics import registry

    found = registry()
    assert found["workforce.promotion_rate"](
        southside, characteristic="race", group="black"
    ) == pytest.approx(0.10)
    assert (
        found["workforce.promotion_rate"](southside, characteristic="race", group="asian") is None
    )  # nobody of that group on the earlier roster
    assert found["workforce.mobility_share"](southside) == pytest.approx(40 / 200)
    committee = committee_create(by=analyst, name="Review", department="Water")
    committee_member_add(by=analyst, committee=committee, eeo_category="asian", sex="female")
    gap = found["workforce.committee_gap"](
        southside, committee_id=committee.pk, characteristic="race"
    )
    assert gap == pytest.approx(100 - 8 / 198 * 100, abs=0.1)
    assert found["workforce.learning_utilisation"](southside, year=2024) is None
    assert found["workforce.apprentice_retention"](southside, year=2023) is None


def test_the_demo_seeds_rosters_a_committee_a_slate_and_learning(southside, analyst):
    from workbridge.demo.workforce import seed_workforce

    made = seed_workforce(southside, size=120)
    assert made.snapshots == 3
    report = committee_report(southside)
    assert not report.empty
    assert not succession_report(southside).empty
    assert learning_share(southside, 2025) is not None
    assert seed_workforce(southside, size=120).snapshots == 0  # once only


def test_learning_utilisation_is_shown_year_over_year_with_a_chart(southside, analyst, two_rosters):
    # given learning in 2023 (one apprentice of 200) and 2024 (95 of the 198 on the roster)
    rows = [["Employee id", "Kind", "Program", "Year", "Status"]]
    rows += [[f"E{i}", "learning system", "Ethics", "2024", "completed"] for i in range(100)]
    rows += [["E150", "apprenticeship", "Plumbing", "2023", "in progress"]]
    stored = store("learning.csv", csv_text(rows).encode())
    learning_import(by=analyst, stored_file=stored, filename="learning.csv")
    # when
    report = learning_report(southside, year=2024)
    # then each year's share sits in its own column, overall and by department
    trend = next(t for t in report.tables if t.key == "learning-trend-department")
    assert trend.columns == ["2023", "2024"]
    assert [c.value for c in trend.row("All employees").cells] == [0.5, 48.0]
    assert [c.value for c in trend.row("Water").cells] == [0.5, 48.0]
    by_race = next(t for t in report.tables if t.key == "learning-trend-race")
    assert [c.value for c in by_race.row("White").cells] == [0.0, 100.0]
    assert report.charts[0].categories == ["2023", "2024"]
    # and for publication, a year's small group is hidden (the 8 Asian hires of 2024)
    published = learning_report(southside, year=2024, publication=True, threshold=10)
    by_race = next(t for t in published.tables if t.key == "learning-trend-race")
    assert by_race.row("Asian").cells[1].hidden
