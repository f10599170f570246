"""The adverse-impact page: filters, findings in words, tables, chart, access and privacy."""

import html
import re

import pytest
from django.urls import reverse
from scipy.stats import fisher_exact

from tests.equity.test_queries_flow import applicants_add, gardener_dataset, requisition_make
from workbridge.accounts.models import AuditEvent
from workbridge.equity.impact import impact_findings, impact_report
from workbridge.equity.models import Applicant
from workbridge.equity.queries import FlowFilters
from workbridge.equity.services import flow_counts_refresh


@pytest.fixture
def gardener(southside):
    req = gardener_dataset(southside)
    flow_counts_refresh(organisation=southside)
    return req


def boundary_dataset(organisation, black_selected: int):
    """White 30 of 50 selected (60%); Black `black_selected` of 50, interviewed to offered."""
    req = requisition_make(organisation, "B-1", year=2024, title="Inspector", dept="Buildings")
    applicants_add(req, "white", "male", 4, 30)
    applicants_add(req, "white", "male", 3, 20)
    applicants_add(req, "black", "male", 4, black_selected)
    applicants_add(req, "black", "male", 3, 50 - black_selected)
    flow_counts_refresh(organisation=organisation)
    return req


def get(client, user, name="equity:impact", **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def test_it_explains_the_finding_in_plain_words(client, analyst, gardener):
    response = get(client, analyst, from_stage=3, to_stage=4)
    assert response.status_code == 200
    text = response.content.decode()
    # black 2 of 8 (25%) against white 10 of 18: ratio 0.45
    assert (
        "Selection rate of Black or African American applicants from interviewed to offered"
        " is 45% of White applicants&#x27; rate: adverse impact under the four-fifths rule;"
        " Fisher&#x27;s exact test p = 0.216." in text
    )


def test_it_shows_the_analysis_table_with_counts_ratio_and_tests(client, analyst, gardener):
    response = get(client, analyst, from_stage=3, to_stage=4)
    [result] = response.context["report"].steps
    black = next(r for r in result.rows if r.name == "black")
    assert (black.considered, black.selected, black.rate_text, black.ratio_text) == (
        8,
        2,
        "25.0%",
        "0.450",
    )
    assert black.impact.adverse_impact is True
    # the 2x2 table [[2, 6], [10, 8]], as SciPy computes it
    two_sided = fisher_exact([[2, 6], [10, 8]]).pvalue
    one_sided = fisher_exact([[2, 6], [10, 8]], alternative="less").pvalue
    assert black.impact.fisher_p_two_sided == pytest.approx(two_sided, rel=1e-9)
    assert black.impact.fisher_p_one_sided == pytest.approx(one_sided, rel=1e-9)
    assert black.fisher_two_text == "0.216"
    assert black.impact.shortfall == 3  # 5 of 8 would reach 10/18
    text = response.content.decode()
    assert "<strong>Adverse impact</strong>" in text
    assert "0.450" in text


def test_it_counts_and_reports_unknown_groups_without_comparing_them(client, analyst, gardener):
    response = get(client, analyst, from_stage=3, to_stage=4)
    report = response.context["report"]
    unknown = next(r for r in report.steps[0].rows if r.name == "not_disclosed")
    assert (unknown.unknown, unknown.considered, unknown.selected) == (True, 1, 1)
    assert report.unknown_applicants == 3
    assert report.steps[0].analysis.considered == 28
    text = response.content.decode()
    assert "Unknown group: counted, not compared" in text
    assert "3 of them did not give this information" in text


def test_it_flags_groups_under_two_per_cent(client, analyst, gardener):
    # given 1 Hispanic applicant among 56 considered from applied to hired
    report = get(client, analyst, from_stage=0, to_stage=5).context["report"]
    hispanic = next(r for r in report.steps[0].rows if r.name == "hispanic")
    assert hispanic.impact.small_group is True
    white = next(r for r in report.steps[0].rows if r.name == "white")
    assert white.impact.small_group is False


def test_it_analyses_each_step_and_the_whole_process_by_default(client, analyst, gardener):
    report = get(client, analyst).context["report"]
    assert [s.key for s in report.steps] == ["0-1", "1-2", "2-3", "3-4", "4-5", "0-5"]
    assert [name for name, *_ in report.funnel] == ["hispanic", "white", "black", "not_disclosed"]


def test_it_analyses_the_intersection_of_race_and_sex(client, analyst, gardener):
    report = get(client, analyst, by="race_sex", from_stage=3, to_stage=4).context["report"]
    rows = {r.name: r for r in report.steps[0].rows}
    assert rows["white × male"].impact.is_reference is True  # 6 of 10
    assert rows["black × female"].ratio_text == "0.416"  # 25% / 60%
    assert rows["hispanic × (blank)"].unknown is True


@pytest.mark.parametrize(
    ("black_selected", "adverse", "ratio"), [(24, False, "0.800"), (23, True, "0.766")]
)
def test_it_decides_four_fifths_exactly_at_the_boundary(
    client, analyst, southside, black_selected, adverse, ratio
):
    # given 48% against 60% (exactly 4/5), then 46% against 60%
    boundary_dataset(southside, black_selected)
    # when
    response = get(client, analyst, year=2024, from_stage=3, to_stage=4)
    # then
    black = next(r for r in response.context["report"].steps[0].rows if r.name == "black")
    assert black.impact.adverse_impact is adverse
    assert black.ratio_text == ratio
    assert ("adverse impact under the four-fifths rule" in response.content.decode()) is adverse


def test_it_filters_by_requisition_id(client, analyst, southside, gardener):
    other = requisition_make(southside, "R-2")
    applicants_add(other, "asian", "female", 5, 7)
    flow_counts_refresh(organisation=southside)
    report = get(client, analyst, requisition="R-2", from_stage=0, to_stage=5).context["report"]
    assert report.applicants == 7
    assert [r.name for r in report.steps[0].rows] == ["asian"]


def test_it_answers_404_for_another_organisations_requisition(client, analyst, northside, gardener):
    gardener_dataset(northside, "N-9")
    flow_counts_refresh(organisation=northside)
    response = get(client, analyst, requisition="N-9")
    assert response.status_code == 404


def test_it_shows_an_empty_state_without_data(client, analyst):
    response = get(client, analyst)
    assert response.status_code == 200
    assert "No applicants to analyse" in response.content.decode()


def test_it_refuses_staff_and_changes_nothing(client, staff, gardener):
    before = AuditEvent.objects.count()
    response = get(client, staff)
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", ["equity:impact", "equity:impact_overview"])
def test_it_lets_managers_and_analysts_in(client, analyst, manager, gardener, name):
    assert get(client, analyst, name).status_code == 200
    assert get(client, manager, name).status_code == 200


def test_it_never_shows_an_applicant_id(client, analyst, gardener):
    ids = set(Applicant.objects.values_list("external_id", flat=True))
    for params in ({}, {"by": "race_sex"}, {"requisition": "R-1"}):
        text = get(client, analyst, **params).content.decode()
        shown = set(re.findall(r"R-1-A\d+", text))
        assert not shown & ids


def test_it_draws_each_step_as_an_svg_chart_with_the_four_fifths_line(client, analyst, gardener):
    response = get(client, analyst, "equity:impact_chart", from_stage=3, to_stage=4, step="3-4")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "Four-fifths of the highest rate" in svg
    assert "25.0% · adverse impact" in svg
    assert get(client, analyst, "equity:impact_chart", step="9-9").status_code == 404


def test_it_lists_every_title_and_step_with_adverse_impact_in_the_full_report(
    client, analyst, southside, gardener
):
    # given 2025's Gardener, and a Clerk with no disparity
    clerk = requisition_make(southside, "C-1", title="Clerk", dept="Finance")
    applicants_add(clerk, "white", "male", 5, 10)
    applicants_add(clerk, "black", "male", 5, 10)
    flow_counts_refresh(organisation=southside)
    # when
    response = get(client, analyst, "equity:impact_overview", year=2025, sort="ratio")
    # then
    rows = response.context["rows"]
    titles = {(f.job_title, f.step.start, f.step.end, f.group) for f, _link in rows}
    assert ("Gardener", 3, 4, "black") in titles
    assert not any(t[0] == "Clerk" for t in titles)
    # the practically and statistically significant findings first, each list by ratio
    keys = [(not f.significant, f.impact.impact_ratio_exact) for f, _link in rows]
    assert keys == sorted(keys)
    expected = {
        (f.job_title, f.step.start, f.step.end, f.group)
        for f in impact_findings(southside, year=2025, by="race")
    }
    assert titles == expected


def test_the_full_report_agrees_with_the_page_for_one_title(southside, gardener):
    page = impact_report(southside, filters=FlowFilters(job_title="Gardener"), by="race")
    on_page = {(s.step.start, s.step.end, r.name) for s in page.steps for r in s.adverse}
    overview = {
        (f.step.start, f.step.end, f.group)
        for f in impact_findings(southside, year=2025, by="race")
    }
    assert on_page == overview


def test_it_pages_the_full_report(client, analyst, gardener, settings):
    # given two findings a page
    settings.WORKBRIDGE_PAGE_SIZE = 2
    first = get(client, analyst, "equity:impact_overview", year=2025, sort="step")
    total = first.context["total"]
    # when
    second = get(client, analyst, "equity:impact_overview", year=2025, sort="step", page=2)
    # then
    assert total > 2
    assert len(first.context["rows"]) == 2
    seen = [(f.step.start, f.step.end, f.group) for f, _ in first.context["rows"]]
    more = [(f.step.start, f.step.end, f.group) for f, _ in second.context["rows"]]
    assert more and not set(seen) & set(more)
    assert "Page 1 of" in first.content.decode()
    assert 'rel="next"' in first.content.decode()


def small_top_dataset(organisation):
    """1,000 interviewed: 14 Native Hawaiian or Other Pacific Islander applicants, all
    offered; White 200 of 400, Black 105 of 300, Hispanic 116 of 256, Asian 10 of 30."""
    req = requisition_make(organisation, "S-1", year=2024, title="Surveyor", dept="Parks")
    for eeo, considered, selected in (
        ("white", 400, 200),
        ("black", 300, 105),
        ("hispanic", 256, 116),
        ("asian", 30, 10),
        ("nhpi", 14, 14),
    ):
        applicants_add(req, eeo, "male", 4, selected)
        applicants_add(req, eeo, "male", 3, considered - selected)
    flow_counts_refresh(organisation=organisation)
    return req


def test_a_group_under_two_per_cent_is_not_the_reference_and_the_page_says_so(
    client, analyst, southside
):
    # given a group of 14 among 1,000 with everyone offered
    small_top_dataset(southside)
    # when
    response = get(client, analyst, year=2024, from_stage=3, to_stage=4)
    # then White, the highest rate of the groups of at least 2%, is the reference
    [result] = response.context["report"].steps
    assert result.analysis.reference_group == "white"
    rows = {r.name: r for r in result.rows}
    assert rows["nhpi"].ratio_text == "2.000"
    assert rows["nhpi"].passed_over is True
    assert rows["black"].ratio_text == "0.700"
    text = response.content.decode()
    assert (
        "Native Hawaiian or Other Pacific Islander applicants had a higher selection rate"
        " from interviewed to offered (100.0%) than White applicants, but were not used as"
        " the reference because they made up under 2% of those considered." in text
    )
    assert "Higher rate, too small to be the reference" in text
    assert "the highest rate of the groups of at least 2% of those considered" in text


def test_it_lists_significant_findings_apart_from_four_fifths_only(client, analyst, southside):
    # given Black 0.700 (Fisher p < 0.001) and Asian 0.666 (p = 0.090)
    small_top_dataset(southside)
    # when
    response = get(client, analyst, year=2024, from_stage=3, to_stage=4)
    # then
    report = response.context["report"]
    black = (
        "Selection rate of Black or African American applicants from interviewed to offered"
        " is 70% of White applicants' rate: adverse impact under the four-fifths rule;"
        " Fisher's exact test p = < 0.001."
    )
    asian = (
        "Selection rate of Asian applicants from interviewed to offered is 66% of White"
        " applicants' rate: adverse impact under the four-fifths rule; Fisher's exact test"
        " p = 0.090. The difference is not statistically significant (p ≥ 0.05)."
    )
    assert report.significant_findings == [black]
    assert report.four_fifths_findings == [asian]
    text = html.unescape(response.content.decode())
    significant_at = text.index("Adverse impact that is both practically and statistically")
    four_fifths_at = text.index("Below four-fifths only</h3>")
    assert significant_at < text.index(black) < four_fifths_at < text.index(asian)


def test_the_full_report_groups_significant_findings_first(client, analyst, southside):
    # given
    small_top_dataset(southside)
    # when
    response = get(client, analyst, "equity:impact_overview", year=2024, sort="ratio")
    # then
    groups = [
        (heading, [(f.step.start, f.step.end, f.group) for f, _link in shown])
        for heading, shown in response.context["groups"]
    ]
    assert groups == [
        (
            "Adverse impact that is both practically and statistically significant",
            [(3, 4, "black")],
        ),
        ("Below four-fifths only", [(3, 4, "asian")]),
    ]
    assert response.context["significant"] == 1
    assert "1 of them is both practically and statistically significant" in (
        response.content.decode()
    )
