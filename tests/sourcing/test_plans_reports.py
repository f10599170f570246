from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.equity.report_data import applicants, requisition
from workbridge.sourcing.metrics import partnerships_change, postings_using_partners
from workbridge.sourcing.queries import partner_names, plan_rows
from workbridge.sourcing.reports import (
    partner_postings_report,
    partner_yield_report,
    title_partner_report,
)
from workbridge.sourcing.services import (
    job_fair_save,
    partner_create,
    sourcing_baseline_set,
    sourcing_plan_save,
)

HIRED = 5


def _partners(analyst):
    cul = partner_create(
        by=analyst,
        data={"name": "Urban League", "kind": "diversity", "status": "active", "aliases": ["CUL"]},
    )
    wbt = partner_create(
        by=analyst, data={"name": "Women Build", "kind": "women_trades", "status": "active"}
    )
    return cul, wbt


def test_it_sets_a_plan_against_the_channels_used(analyst, southside):
    # given a requisition posted on the city site and through "CUL" (the Urban League)
    cul, wbt = _partners(analyst)
    req = requisition(southside, year=2025, source_channels=["City careers site", "cul"])
    # when the intake planned the city site, job boards and both partners
    plan = sourcing_plan_save(
        by=analyst,
        requisition=req,
        intake_on=date(2025, 1, 5),
        checklist=["duties_reviewed", "nonsense"],
        planned_channels=["City careers site", "Job boards"],
        partners=[cul, wbt],
        onsite_offers=False,
    )
    req.refresh_from_db()
    [row] = plan_rows([req], partner_names(southside))
    # then
    assert plan.checklist["duties_reviewed"] is True
    assert "nonsense" not in plan.checklist
    assert row.missed == ["Job boards", "Women Build"]
    assert row.unplanned == []


def test_it_refuses_fairs_for_a_position_not_eligible_for_on_site_offers(analyst, southside):
    req = requisition(southside, year=2025)
    fair = job_fair_save(by=analyst, name="Expo", held_on=date(2025, 5, 3))
    with pytest.raises(ValidationError):
        sourcing_plan_save(
            by=analyst,
            requisition=req,
            intake_on=date(2025, 1, 5),
            checklist=[],
            planned_channels=[],
            partners=[],
            onsite_offers=False,
            fairs=[fair],
        )
    assert not hasattr(req, "sourcing_plan") or req.sourcing_plan is None


def test_it_counts_postings_using_partners_by_department_and_quarter(analyst, southside):
    _partners(analyst)
    requisition(
        southside, year=2025, posting_date=date(2025, 2, 1), source_channels=["Urban League"]
    )
    requisition(southside, year=2025, posting_date=date(2025, 3, 1), source_channels=["Indeed"])
    requisition(
        southside,
        year=2025,
        department="Parks",
        posting_date=date(2025, 5, 1),
        source_channels=["women build", "CUL"],
    )
    report = partner_postings_report(southside, year=2025, threshold=10)
    postings = report.tables[0]
    assert postings.value("Streets", "Postings", "Q1 2025") == 2
    assert postings.value("Streets", "Using a partner", "Q1 2025") == 1
    assert postings.value("All departments", "Share using a partner (%)", "Whole year") == 66.7
    partners = report.tables[1]
    assert partners.value("Urban League", "Whole year") == 2
    assert partners.value("Women Build", "Q2 2025") == 1
    assert postings_using_partners(southside, year=2025) == pytest.approx(2 / 3)
    assert postings_using_partners(southside, year=2025, department="Parks") == 1.0


def test_it_counts_each_partners_applicants_in_the_source_report(analyst, southside):
    _partners(analyst)
    req = requisition(southside, year=2025)
    applicants(southside, req, "black", "female", HIRED, 2, heard_about="CUL")
    applicants(southside, req, "black", "female", 1, 3, heard_about="Urban League ")
    applicants(southside, req, "white", "male", 1, 4, heard_about="Indeed")
    report = partner_yield_report(southside, year=2025, threshold=10)
    table = report.tables[0]
    assert table.value("All applicants", "Applicants", "Urban League") == 5
    assert table.value("All applicants", "Applicants", "Other sources") == 4
    assert table.value("All applicants", "Reached hired", "Urban League") == 2


def test_it_tables_titles_by_partner_against_last_year(analyst, southside):
    _partners(analyst)
    r24 = requisition(southside, year=2024, job_title="Laborer")
    r25 = requisition(southside, year=2025, job_title="Laborer")
    applicants(southside, r24, "black", "female", 1, 2, heard_about="CUL")
    applicants(southside, r25, "black", "female", HIRED, 3, heard_about="CUL")
    applicants(southside, r25, "black", "female", 1, 1, heard_about="Women Build")
    report = title_partner_report(southside, year=2025, threshold=10)
    applied, hired = report.tables
    assert applied.value("Laborer", "Urban League: 2025") == 3
    assert applied.value("Laborer", "Urban League: change") == 1
    assert applied.value("Laborer", "Women Build: change") == 1
    assert applied.value("All job titles", "All partners: 2025") == 4
    assert hired.value("Laborer", "Urban League: 2025") == 3
    assert hired.value("Laborer", "Urban League: change") == 3


def test_it_measures_partnerships_against_the_baseline(analyst, manager, southside):
    assert partnerships_change(southside) is None
    _partners(analyst)
    sourcing_baseline_set(
        by=manager, baseline_partnerships=4, baseline_on=None, increase_percent=50
    )
    assert partnerships_change(southside) == -0.5


def test_it_shows_the_plan_list_and_saves_a_plan_through_the_page(analyst, southside, client):
    cul, _wbt = _partners(analyst)
    req = requisition(southside, year=2025, source_channels=["CUL"])
    client.force_login(analyst)
    assert client.get(reverse("sourcing:plans")).status_code == 200
    response = client.post(
        reverse("sourcing:plan", args=[req.pk]),
        {
            "intake_on": "2025-01-05",
            "checklist": ["duties_reviewed"],
            "planned_channels": ["City careers site"],
            "other_channels": "Radio ads",
            "partners": [cul.pk],
        },
    )
    assert response.status_code == 302
    req.sourcing_plan.refresh_from_db()
    assert req.sourcing_plan.planned_channels == ["City careers site", "Radio ads"]


def test_it_defuses_formulas_in_partner_names_it_exports(analyst, southside, client):
    # given a partner whose name is a formula, used by a posting
    partner_create(
        by=analyst, data={"name": "=HYPERLINK(1)", "kind": "community", "status": "active"}
    )
    requisition(
        southside, year=2025, posting_date=date(2025, 2, 1), source_channels=["=HYPERLINK(1)"]
    )
    client.force_login(analyst)
    # when
    response = client.get(
        reverse("equity:report_export", args=["partner-postings", "csv"]), {"year": "2025"}
    )
    # then no cell starts a formula
    text = response.content.decode("utf-8-sig")
    assert "HYPERLINK(1)" in text
    assert not any(cell.startswith("=") for line in text.splitlines() for cell in line.split(","))


def test_it_lists_answers_that_name_no_partner_most_common_first(analyst, southside):
    from workbridge.sourcing.queries import unmapped_answers

    _partners(analyst)
    req = requisition(southside, year=2025)
    applicants(southside, req, "white", "male", 1, 3, heard_about="Indeed")
    applicants(southside, req, "white", "male", 1, 2, heard_about="CUL")
    applicants(southside, req, "white", "male", 1, 1, heard_about="Radio")
    assert unmapped_answers(southside) == [("Indeed", 3), ("Radio", 1)]
