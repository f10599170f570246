"""Downloads of the adverse-impact analysis, and small cells hidden for publication."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.equity.test_impact_page import small_top_dataset
from tests.equity.test_queries_flow import applicants_add, gardener_dataset, requisition_make
from workbridge.accounts.models import AuditEvent
from workbridge.equity.impact import impact_report
from workbridge.equity.queries import FlowFilters
from workbridge.equity.services import equity_settings_for, flow_counts_refresh


@pytest.fixture
def gardener(southside):
    req = gardener_dataset(southside)
    flow_counts_refresh(organisation=southside)
    return req


def download(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def test_it_exports_a_workbook_with_a_sheet_per_step_and_the_notes(client, analyst, gardener):
    # when
    response = download(client, analyst, "equity:impact_xlsx", job_title="Gardener")
    # then
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="adverse-impact-')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Notes",
        "1. Applied-Qualified",
        "2. Qualified-Screened",
        "3. Screened-Interviewed",
        "4. Interviewed-Offered",
        "5. Offered-Hired",
        "6. Applied-Hired",
    ]
    sheet = book["4. Interviewed-Offered"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    black = rows["Black or African American"]
    assert black[1:5] == (8, 2, 0.25, pytest.approx(0.45))
    assert black[5] == "Adverse impact"
    assert rows["White"][1:3] == (18, 10)
    assert rows["Not disclosed"][1:3] == (1, 1)
    assert rows["All applicants"][1:3] == (28, 13)
    notes = [r for r in book["Notes"].iter_rows(values_only=True)]
    flat = [str(c) for r in notes for c in r if c is not None]
    assert "Job title" in flat and "Gardener" in flat
    assert "Each step and the whole process" in flat
    assert "Interviewed" in flat and "Hired" in flat  # the stage list
    assert any(text.startswith("Impact ratio: each group") for text in flat)
    assert "Generated" in flat


def test_it_exports_a_real_pdf(client, analyst, gardener):
    response = download(client, analyst, "equity:impact_pdf", from_stage=3, to_stage=4)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5_000


@pytest.mark.parametrize(
    ("name", "fmt"), [("equity:impact_xlsx", "xlsx"), ("equity:impact_pdf", "pdf")]
)
def test_it_audits_every_export_with_who_the_filters_and_the_format(
    client, analyst, gardener, name, fmt
):
    download(client, analyst, name, year=2025, by="sex", publish="on")
    event = AuditEvent.objects.get(action="export")
    assert event.actor == analyst
    assert event.fields == sorted(["adverse_impact", fmt])
    assert event.detail == (
        f"adverse impact {fmt}: year=2025 department=all title=all requisition=all"
        " by=sex step=all publication=yes"
    )


def test_it_refuses_staff_an_export_and_records_nothing(client, staff, gardener):
    response = download(client, staff, "equity:impact_xlsx")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_it_answers_404_for_another_organisations_requisition_in_an_export(
    client, analyst, northside, gardener
):
    gardener_dataset(northside, "N-9")
    response = download(client, analyst, "equity:impact_xlsx", requisition="N-9")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


# Publication -----------------------------------------------------------------------


@pytest.fixture
def mixed(southside):
    """Groups of many sizes at one title, so some cells are small and some are not."""
    req = requisition_make(southside, "P-1", title="Planner", dept="Planning")
    applicants_add(req, "white", "male", 4, 30)
    applicants_add(req, "white", "male", 3, 25)
    applicants_add(req, "black", "female", 4, 12)
    applicants_add(req, "black", "female", 3, 40)
    applicants_add(req, "hispanic", "female", 4, 11)
    applicants_add(req, "hispanic", "female", 3, 14)
    applicants_add(req, "asian", "male", 4, 2)
    applicants_add(req, "asian", "male", 3, 20)
    applicants_add(req, "aian", "female", 3, 3)
    applicants_add(req, "not_disclosed", "male", 4, 1)
    applicants_add(req, "not_disclosed", "male", 0, 30)
    flow_counts_refresh(organisation=southside)
    return req


def published(southside, **kwargs):
    return impact_report(
        southside, filters=FlowFilters(job_title="Planner"), by="race", publication=True, **kwargs
    )


def test_it_hides_small_cells_for_publication(southside, mixed):
    # given a threshold of 10
    assert equity_settings_for(southside).small_cell_threshold == 10
    # when
    report = published(southside, step=(3, 4))
    # then
    rows = {r.name: r for r in report.steps[0].rows}
    assert rows["aian"].hidden is True  # 3 considered
    assert rows["asian"].selected_hidden is True  # 2 selected
    assert rows["not_disclosed"].hidden is True  # 1 considered
    assert not rows["white"].hidden and not rows["white"].selected_hidden
    assert report.funnel == []


def _hidden_per_column(result):
    """The rows whose considered, selected and not-selected counts are hidden."""
    considered = [r for r in result.rows if r.hidden]
    selected = [r for r in result.rows if r.hidden or r.selected_hidden]
    return considered, selected, selected  # not selected = considered - selected


@pytest.mark.parametrize("by", ["race", "sex", "race_sex"])
def test_no_hidden_count_can_be_worked_out_from_the_totals(southside, mixed, by):
    report = impact_report(
        southside, filters=FlowFilters(job_title="Planner"), by=by, publication=True
    )
    threshold = report.threshold
    for result in report.steps:
        for column in _hidden_per_column(result):
            # one hidden cell in a column would be the total less the cells shown
            assert len(column) != 1, (by, result.key, [r.name for r in column])
        for row in result.rows:
            shown_small = not row.hidden and 0 < row.considered < threshold
            assert not shown_small, (by, result.key, row.name)
            if not (row.hidden or row.selected_hidden):
                assert not 0 < row.selected < threshold, (by, result.key, row.name)
                assert not 0 < row.considered - row.selected < threshold


def test_a_group_hidden_at_one_step_is_hidden_at_every_step(southside, mixed):
    report = published(southside)
    for result in report.steps:
        rows = {r.name: r for r in result.rows}
        assert rows["asian"].hidden or rows["asian"].selected_hidden
        assert rows["aian"].hidden


def test_it_never_shows_a_hidden_count_on_the_page_or_in_the_workbook(
    client, analyst, southside, mixed
):
    # when
    page = download(
        client,
        analyst,
        "equity:impact",
        job_title="Planner",
        from_stage=3,
        to_stage=4,
        publish="on",
    )
    book = load_workbook(
        io.BytesIO(
            download(
                client,
                analyst,
                "equity:impact_xlsx",
                job_title="Planner",
                from_stage=3,
                to_stage=4,
                publish="on",
            ).content
        )
    )
    # then
    text = page.content.decode()
    assert "For publication: counts of fewer than 10 people are hidden" in text
    assert "applicants counted" not in text  # the total would give away small groups
    assert "did not give this information: counted" not in text
    sheet = book["1. Interviewed-Offered"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["American Indian or Alaska Native"][1:6] == ("hidden",) * 5
    assert rows["Asian"][1] == 22
    assert rows["Asian"][2:6] == ("hidden",) * 4
    assert rows["White"][1:3] == (55, 30)
    svg = download(
        client,
        analyst,
        "equity:impact_chart",
        job_title="Planner",
        from_stage=3,
        to_stage=4,
        publish="on",
    ).content.decode()
    assert "Asian" not in svg and "American Indian" not in svg


def test_it_does_not_hide_anything_when_not_for_publication(southside, mixed):
    report = impact_report(
        southside, filters=FlowFilters(job_title="Planner"), by="race", step=(3, 4)
    )
    assert not any(r.hidden or r.selected_hidden for r in report.steps[0].rows)
    assert report.funnel


def test_the_workbook_says_which_findings_are_significant_and_which_group_was_passed_over(
    client, analyst, southside
):
    # given a group of 14 among 1,000 with everyone offered
    small_top_dataset(southside)
    # when
    response = download(client, analyst, "equity:impact_xlsx", year=2024, from_stage=3, to_stage=4)
    # then
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["1. Interviewed-Offered"]
    assert [c.value for c in sheet[2]][:2] == ["Reference group", "White"]
    assert [c.value for c in sheet[4]][-1] == "Practically and statistically significant"
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["Black or African American"][15] == "Yes"
    assert rows["Asian"][15] == "No"
    assert rows["White"][15] == "—"
    nhpi = rows["Native Hawaiian or Other Pacific Islander"]
    assert nhpi[4] == pytest.approx(2.0)
    assert nhpi[6] == "under 2% of those considered; higher rate, too small to be the reference"
    flat = [str(c) for r in book["Notes"].iter_rows(values_only=True) for c in r if c]
    assert any(
        t.startswith("Native Hawaiian or Other Pacific Islander applicants had") for t in flat
    )
    significant_at = flat.index(
        "Adverse impact that is both practically and statistically significant"
    )
    assert flat[significant_at + 1].startswith("Selection rate of Black or African American")
    assert flat[significant_at + 2] == "Below four-fifths only"
    assert flat[significant_at + 3].startswith("Selection rate of Asian applicants")
