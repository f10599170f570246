"""Veteran and disability status, imported with each applicant, in the hire, source-yield and
adverse-impact reports, with small cells hidden for publication."""

from fractions import Fraction

import pytest
from django.urls import reverse

from tests.equity.report_data import HIRED, INTERVIEWED, requisition
from workbridge.equity import queries
from workbridge.equity.impact import impact_report
from workbridge.equity.models import Applicant
from workbridge.equity.reports_hiring import hire_report, yield_report
from workbridge.equity.services import flow_counts_refresh

pytestmark = pytest.mark.django_db


def _people(org, req, n, *, reached, veteran="", disability="", heard_about=""):
    Applicant.objects.bulk_create(
        Applicant(
            organisation=org,
            requisition=req,
            external_id=f"{req.external_id}-{veteran}-{disability}-{reached}-{i}-{heard_about}",
            eeo_category="white",
            sex="female",
            reached=reached,
            veteran=veteran,
            disability=disability,
            heard_about=heard_about,
        )
        for i in range(n)
    )


@pytest.fixture
def status_world(southside):
    """2025, one requisition:
    veterans: 10 applied, 4 hired; not veterans: 20 applied, 12 hired;
    prefer not to say: 2 applied, 1 hired.
    Disability: 5 of the hired non-veterans and 1 hired veteran have one (6 hired with, 11
    without); nobody else answered."""
    req = requisition(southside, year=2025)
    _people(southside, req, 3, reached=HIRED, veteran="yes", disability="no")
    _people(southside, req, 1, reached=HIRED, veteran="yes", disability="yes")
    _people(southside, req, 6, reached=INTERVIEWED, veteran="yes")
    _people(southside, req, 7, reached=HIRED, veteran="no", disability="no")
    _people(southside, req, 5, reached=HIRED, veteran="no", disability="yes")
    _people(southside, req, 8, reached=0, veteran="no")
    _people(southside, req, 1, reached=HIRED, veteran="prefer_not", disability="no")
    _people(southside, req, 1, reached=0, veteran="prefer_not")
    flow_counts_refresh(organisation=southside)
    return req


def test_the_hire_report_breaks_hires_down_by_veteran_and_disability_status(
    southside, status_world
):
    report = hire_report(southside, year=2025, threshold=3)
    veteran = next(t for t in report.tables if t.key == "veteran")
    disability = next(t for t in report.tables if t.key == "disability")
    # then: 17 hires in 2025, none in 2024
    assert [c.value for c in veteran.row("Veteran").cells][2:4] == [4, 23.5]
    assert [c.value for c in veteran.row("Not a veteran").cells][2:4] == [12, 70.6]
    assert [c.value for c in veteran.row("Prefer not to say").cells][2:4] == [1, 5.9]
    assert [c.value for c in disability.row("With a disability").cells][2:4] == [6, 35.3]
    assert [c.value for c in disability.row("Without a disability").cells][2:4] == [11, 64.7]
    assert veteran.value("All hires", "Hires 2025") == 17


def test_small_status_cells_and_their_complement_are_hidden_for_publication(
    southside, status_world
):
    report = hire_report(southside, year=2025, publication=True, threshold=3)
    veteran = next(t for t in report.tables if t.key == "veteran")
    # one hire who preferred not to say is too few to show, and the veterans' 4 would
    # give it away from the total: both are hidden, the total of 17 stays
    assert veteran.value("Prefer not to say", "Hires 2025") is None
    assert veteran.value("Veteran", "Hires 2025") is None
    assert veteran.value("Not a veteran", "Hires 2025") == 12
    assert veteran.value("All hires", "Hires 2025") == 17


def test_the_yield_report_can_group_applicants_by_veteran_status(southside, status_world):
    report = yield_report(southside, year=2025, characteristic="veteran", threshold=3)
    table = report.tables[0]
    assert table.value("Veteran", "Applicants", section="All channels") == 10
    assert table.value("Not a veteran", "Applicants", section="All channels") == 20
    assert table.row_heading == "Veteran status"


def test_adverse_impact_compares_veterans_with_others_and_leaves_unknowns_out(
    southside, status_world
):
    stages = ("applied", "screened", "qualified", "interviewed", "offered", "hired")
    table = queries.status_flow_table(southside, stages, queries.FlowFilters(year=2025), "veteran")
    whole = queries.steps_for(stages)[-1]  # applied to hired
    counts = {
        c.group: (c.considered, c.selected) for c in queries.step_counts(table, whole, "veteran")
    }
    assert counts == {"veteran": (10, 4), "not_veteran": (20, 12), "veteran_prefer_not": (2, 1)}
    report = impact_report(
        southside, filters=queries.FlowFilters(year=2025), by="veteran", step=(0, 5)
    )
    rows = {r.name: r for r in report.steps[0].rows}
    assert rows["veteran"].impact.impact_ratio_exact == Fraction(2, 3)  # 40% against 60%
    assert rows["veteran"].impact.adverse_impact
    assert rows["veteran_prefer_not"].unknown
    assert rows["veteran"].label == "Veteran"


def test_the_impact_page_offers_the_status_breakdowns(client, analyst, southside, status_world):
    client.force_login(analyst)
    response = client.get(reverse("equity:impact"), {"year": 2025, "by": "disability"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "With a disability" in page and "Without a disability" in page
