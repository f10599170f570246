import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.equity.report_data import applicants, requisition
from workbridge.accounts.models import AuditEvent
from workbridge.equity.models import JobFair, JobFairInterest
from workbridge.sourcing.reports import fair_funnel_report
from workbridge.sourcing.services import (
    fair_interests_check,
    fair_interests_import,
    job_fair_save,
)

HIRED, OFFERED = 5, 4


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def test_it_creates_a_fair_the_import_can_name(analyst, southside):
    fair = job_fair_save(by=analyst, name="  Englewood   Jobs Fair ", held_on=date(2025, 5, 3))
    assert fair.name == "Englewood Jobs Fair"
    assert AuditEvent.objects.filter(object_type="equity.jobfair", action="create").exists()
    from workbridge.equity.imports.rows import import_lookups

    lookups = import_lookups(southside, ["applied", "hired"])
    assert list(lookups.job_fairs.values()) == [fair.pk]


def test_it_refuses_a_second_fair_of_the_same_name(analyst):
    job_fair_save(by=analyst, name="Austin Expo", held_on=date(2025, 5, 3))
    with pytest.raises(ValidationError):
        job_fair_save(by=analyst, name="austin expo", held_on=date(2025, 6, 3))
    assert JobFair.objects.count() == 1


def test_it_refuses_a_case_manager(coach):
    with pytest.raises(PermissionDenied):
        job_fair_save(by=coach, name="Austin Expo", held_on=date(2025, 5, 3))
    assert not JobFair.objects.exists()


def test_it_imports_an_interest_list_and_links_applicants(analyst, southside):
    # given a fair and an applicant A-7 who applied
    fair = job_fair_save(by=analyst, name="Austin Expo", held_on=date(2025, 5, 3))
    req = requisition(southside, year=2025)
    [applicant] = applicants(southside, req, "black", "female", 2, 1)
    applicant.external_id = "A-7"
    applicant.save(update_fields=["external_id"])
    text = (
        "Person ID,Race,Gender,ZIP,Applicant ID\n"
        "P1,Black or African American,female,60644,A-7\n"
        "P2,hispanic,male,60623,\n"
        "P3,,,,\n"
    )
    # when
    plan = fair_interests_check(southside, _csv(text), "interest.csv")
    n = fair_interests_import(by=analyst, fair=fair, plan=plan, filename="interest.csv")
    # then
    assert n == 3
    rows = {i.external_id: i for i in JobFairInterest.objects.filter(job_fair=fair)}
    assert rows["P1"].applicant_id == applicant.pk
    assert rows["P1"].community_area_id == 25  # Austin
    assert rows["P2"].eeo_category == "hispanic"
    assert rows["P3"].eeo_category == "not_disclosed"
    # and importing the same file again replaces the list rather than adding to it
    plan = fair_interests_check(southside, _csv(text), "interest.csv")
    fair_interests_import(by=analyst, fair=fair, plan=plan, filename="interest.csv")
    assert JobFairInterest.objects.filter(job_fair=fair).count() == 3


def test_it_names_the_row_and_column_of_each_problem_and_writes_nothing(analyst, southside, client):
    fair = job_fair_save(by=analyst, name="Austin Expo", held_on=date(2025, 5, 3))
    text = "person id,race,zip,applicant id\nP1,purple,60644,\nP1,white,6064,\nP2,white,60601,Z-9\n"
    client.force_login(analyst)
    upload = _csv(text)
    upload.name = "interest.csv"
    # when
    response = client.post(reverse("sourcing:fair_import", args=[fair.pk]), {"file": upload})
    # then
    assert response.status_code == 200
    problems = [(row, column) for row, column, _m in response.context["problems"]]
    assert problems == [(2, "race"), (3, "zip"), (4, "applicant id")]
    assert not JobFairInterest.objects.exists()


def test_it_counts_a_fairs_funnel_by_community_area_and_group(analyst, southside):
    # given 4 interested in Austin (2 linked to applicants) and 1 direct applicant from the fair
    fair = job_fair_save(by=analyst, name="Austin Expo", held_on=date(2025, 5, 3))
    req = requisition(southside, year=2025)
    hired = applicants(southside, req, "black", "female", HIRED, 1)[0]
    offered = applicants(southside, req, "black", "female", OFFERED, 1)[0]
    applicants(southside, req, "white", "male", 1, 1, job_fair=fair)
    for n, applicant in enumerate([hired, offered, None, None]):
        JobFairInterest.objects.create(
            job_fair=fair,
            external_id=f"P{n}",
            eeo_category="black",
            community_area_id=25,
            applicant=applicant,
        )
    # when
    report = fair_funnel_report(southside, fair=fair, threshold=10, detail=True)
    by_group, by_area, detail = report.tables
    # then
    assert [c.value for c in by_group.row("Everyone").cells[:4]] == [4, 3, 2, 1]
    assert [c.value for c in by_group.row("Black or African American").cells[:4]] == [4, 2, 2, 1]
    assert [c.value for c in by_area.row("Austin").cells[:4]] == [4, 0, 0, 0]
    unknown = by_area.row("Community area not known")
    assert [c.value for c in unknown.cells[:4]] == [0, 3, 2, 1]
    austin = detail.row("Black or African American", "Austin")
    assert [c.value for c in austin.cells[:4]] == [4, 0, 0, 0]


def test_it_hides_small_cells_of_a_published_funnel(analyst, southside):
    fair = job_fair_save(by=analyst, name="Austin Expo", held_on=date(2025, 5, 3))
    for n in range(3):
        JobFairInterest.objects.create(job_fair=fair, external_id=f"P{n}", eeo_category="asian")
    report = fair_funnel_report(southside, fair=fair, publication=True, threshold=10, detail=True)
    row = report.tables[2].row("Asian", "Community area not known")
    assert row.cells[0].hidden


def test_it_shows_the_fair_page_with_its_funnel(analyst, southside, client):
    fair = job_fair_save(by=analyst, name="Austin Expo", held_on=date(2025, 5, 3))
    JobFairInterest.objects.create(job_fair=fair, external_id="P1", eeo_category="asian")
    client.force_login(analyst)
    response = client.get(reverse("sourcing:fair", args=[fair.pk]))
    assert response.status_code == 200
    assert "People at Austin Expo" in response.content.decode()


def test_it_offers_the_funnel_among_the_equity_reports(analyst, southside, client):
    fair = job_fair_save(by=analyst, name="Austin Expo", held_on=date(2025, 5, 3))
    client.force_login(analyst)
    response = client.get(reverse("equity:report", args=["fair-funnel"]), {"fair": fair.pk})
    assert response.status_code == 200
    export = client.get(
        reverse("equity:report_export", args=["fair-funnel", "csv"]), {"fair": fair.pk}
    )
    assert export.status_code == 200
