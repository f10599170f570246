"""Counting the applicant flow per group and stage, from the summary and from a requisition.

A hand-made dataset (default stages: applied 0, qualified 1, screened 2, interviewed 3,
offered 4, hired 5) for the 2025 Gardener requisition in Parks:

    white × male      6 hired, 4 stopped at interviewed, 10 stopped at applied
    white × female    4 hired, 6 stopped at interviewed (2 of them withdrew there)
    black × female    2 hired, 6 stopped at interviewed, 1 withdrew at screened,
                      11 stopped at applied
    not disclosed × male   1 hired, 2 stopped at applied
    hispanic × (sex not recorded)   1 stopped at interviewed
"""

import pytest
from django.db import connection
from django.db.models.signals import post_delete
from django.test.utils import CaptureQueriesContext

from workbridge.core.applicant_flow import Step, considered_and_selected
from workbridge.core.stats import GroupCounts
from workbridge.equity import queries
from workbridge.equity.models import (
    ENDED_COLUMNS,
    WITHDREW_COLUMNS,
    Applicant,
    FlowCount,
    Requisition,
)
from workbridge.equity.reports_hiring import hire_counts
from workbridge.equity.services import equity_settings_for, flow_counts_refresh

STAGES = ("applied", "qualified", "screened", "interviewed", "offered", "hired")
INTERVIEWED_TO_OFFERED = Step(STAGES, 3, 4)
WHOLE = Step(STAGES, 0, 5)


def requisition_make(organisation, external_id="R-1", *, year=2025, title="Gardener", dept="Parks"):
    return Requisition.objects.create(
        organisation=organisation,
        external_id=external_id,
        department=dept,
        job_title=title,
        year=year,
    )


def applicants_add(requisition, eeo, sex, reached, n, *, withdrew=False, prefix=None):
    """n applicants of one group who got as far as `reached`."""
    start = Applicant.objects.filter(requisition=requisition).count()
    Applicant.objects.bulk_create(
        Applicant(
            organisation_id=requisition.organisation_id,
            requisition=requisition,
            external_id=f"{prefix or requisition.external_id}-A{start + i}",
            eeo_category=eeo,
            sex=sex,
            reached=reached,
            withdrew=withdrew,
        )
        for i in range(n)
    )


def gardener_dataset(organisation, external_id="R-1", **kwargs):
    req = requisition_make(organisation, external_id, **kwargs)
    applicants_add(req, "white", "male", 5, 6)
    applicants_add(req, "white", "male", 3, 4)
    applicants_add(req, "white", "male", 0, 10)
    applicants_add(req, "white", "female", 5, 4)
    applicants_add(req, "white", "female", 3, 4)
    applicants_add(req, "white", "female", 3, 2, withdrew=True)
    applicants_add(req, "black", "female", 5, 2)
    applicants_add(req, "black", "female", 3, 6)
    applicants_add(req, "black", "female", 2, 1, withdrew=True)
    applicants_add(req, "black", "female", 0, 11)
    applicants_add(req, "not_disclosed", "male", 5, 1)
    applicants_add(req, "not_disclosed", "male", 0, 2)
    applicants_add(req, "hispanic", "", 3, 1)
    return req


@pytest.fixture
def gardener(southside):
    req = gardener_dataset(southside)
    flow_counts_refresh(organisation=southside)
    return req


def table_for(organisation, **filters):
    return queries.flow_table(organisation, STAGES, queries.FlowFilters(**filters))


def test_it_counts_each_group_at_a_step_with_withdrawals_leaving_the_denominator(
    southside, gardener
):
    # given the summary kept by the import
    table = table_for(southside)
    # when
    counts = queries.step_counts(table, INTERVIEWED_TO_OFFERED, "race")
    # then: two white women withdrew at interviewed and are not considered
    assert counts == [
        GroupCounts("hispanic", 1, 0),
        GroupCounts("white", 18, 10),
        GroupCounts("black", 8, 2),
        GroupCounts("not_disclosed", 1, 1),
    ]


def test_it_counts_the_whole_process_from_applied_to_hired(southside, gardener):
    counts = queries.step_counts(table_for(southside), WHOLE, "race")
    assert counts == [
        GroupCounts("hispanic", 1, 0),
        GroupCounts("white", 28, 10),
        GroupCounts("black", 19, 2),
        GroupCounts("not_disclosed", 3, 1),
    ]


def test_it_drops_who_withdrew_at_screened_from_screened_to_interviewed(southside, gardener):
    counts = queries.step_counts(table_for(southside), Step(STAGES, 2, 3), "race")
    assert GroupCounts("black", 8, 8) in counts


def test_it_counts_by_sex_with_sex_not_recorded_as_its_own_group(southside, gardener):
    counts = queries.step_counts(table_for(southside), INTERVIEWED_TO_OFFERED, "sex")
    assert counts == [
        GroupCounts("female", 16, 6),
        GroupCounts("male", 11, 7),
        GroupCounts("(blank)", 1, 0),
    ]


def test_it_counts_the_intersection_of_race_and_sex(southside, gardener):
    counts = queries.step_counts(table_for(southside), INTERVIEWED_TO_OFFERED, "race_sex")
    assert counts == [
        GroupCounts("hispanic × (blank)", 1, 0),
        GroupCounts("white × female", 8, 4),
        GroupCounts("white × male", 10, 6),
        GroupCounts("black × female", 8, 2),
        GroupCounts("not_disclosed × male", 1, 1),
    ]


def test_it_gives_the_funnel_of_each_group(southside, gardener):
    funnel = queries.funnel_counts(table_for(southside), "race")
    assert funnel == [
        ("hispanic", [1, 1, 1, 1, 0, 0], 0),
        ("white", [30, 20, 20, 20, 10, 10], 2),
        ("black", [20, 9, 9, 8, 2, 2], 1),
        ("not_disclosed", [3, 1, 1, 1, 1, 1], 0),
    ]


def test_it_counts_one_requisition_from_its_own_applicants(southside, gardener):
    # given another requisition with the same year, title and department
    other = requisition_make(southside, "R-2")
    applicants_add(other, "asian", "female", 5, 7)
    flow_counts_refresh(organisation=southside)
    # when
    counts = queries.step_counts(
        table_for(southside, requisition=gardener), INTERVIEWED_TO_OFFERED, "race"
    )
    together = queries.step_counts(
        table_for(southside, job_title="Gardener"), INTERVIEWED_TO_OFFERED, "race"
    )
    # then
    assert GroupCounts("asian", 7, 7) not in counts
    assert GroupCounts("white", 18, 10) in counts
    assert GroupCounts("asian", 7, 7) in together


def test_it_filters_by_year_department_and_title(southside, gardener):
    later = requisition_make(southside, "R-3", year=2026, title="Clerk", dept="Finance")
    applicants_add(later, "white", "male", 5, 3)
    flow_counts_refresh(organisation=southside)
    assert table_for(southside, year=2026).applicants == 3
    assert table_for(southside, department="Parks").applicants == 54
    assert table_for(southside, job_title="Clerk", year=2025).applicants == 0
    assert table_for(southside).applicants == 57


def test_it_never_counts_another_organisations_applicants(southside, northside, gardener):
    theirs = gardener_dataset(northside, "N-1")
    flow_counts_refresh(organisation=northside)
    assert table_for(southside).applicants == 54
    with pytest.raises(ValueError):
        table_for(southside, requisition=theirs)


def test_it_gives_the_same_counts_for_every_title_at_once(southside, gardener):
    later = requisition_make(southside, "R-3", year=2026, title="Clerk", dept="Finance")
    applicants_add(later, "black", "male", 4, 3)
    flow_counts_refresh(organisation=southside)
    # when
    tables = queries.title_tables(southside, STAGES)
    per_cell = queries.cell_step_counts(tables, INTERVIEWED_TO_OFFERED, "race")
    # then
    found = dict(zip(tables.cells, per_cell, strict=True))
    assert found[(2025, "Gardener")] == [
        GroupCounts("hispanic", 1, 0),
        GroupCounts("white", 18, 10),
        GroupCounts("black", 8, 2),
        GroupCounts("not_disclosed", 1, 1),
    ]
    assert found[(2026, "Clerk")] == [GroupCounts("black", 3, 3)]


def test_it_lists_years_departments_and_titles_for_the_filters(southside, gardener):
    requisition_make(southside, "R-3", year=2026, title="Clerk", dept="Finance")
    assert queries.flow_years(southside) == [2026, 2025]
    assert queries.flow_departments(southside) == ["Finance", "Parks"]
    assert queries.flow_job_titles(southside) == ["Clerk", "Gardener"]
    assert FlowCount.objects.filter(organisation=southside).exists()


@pytest.mark.parametrize("by", ["race", "sex", "race_sex"])
def test_it_agrees_with_the_stage_rule_applicant_by_applicant(southside, gardener, by):
    # given every step, the rule of core.applicant_flow applied to each applicant
    table = table_for(southside)
    for step in queries.steps_for(STAGES):
        expected: dict[str, list[int]] = {}
        for eeo, sex, reached, withdrew in Applicant.objects.values_list(
            "eeo_category", "sex", "reached", "withdrew"
        ):
            sex = sex or "(blank)"
            group = {"race": eeo, "sex": sex, "race_sex": f"{eeo} × {sex}"}[by]
            considered, selected = considered_and_selected(
                reached, reached if withdrew else None, step
            )
            tally = expected.setdefault(group, [0, 0])
            tally[0] += considered
            tally[1] += selected
        # when
        counts = queries.step_counts(table, step, by)
        # then
        assert {c.group: [c.considered, c.selected] for c in counts} == expected


def test_it_keeps_one_row_per_group_with_a_column_per_stage(southside, gardener):
    # when the import's refresh has run (the fixture)
    rows = FlowCount.objects.filter(organisation=southside).values_list(
        "year", "department", "job_title", "eeo_category", "sex", *ENDED_COLUMNS, *WITHDREW_COLUMNS
    )
    # then: ended_k who went no further than k and stayed, withdrew_k who withdrew at k
    found = {row[3:5]: (row[:3], row[5:15], row[15:]) for row in rows}
    key = (2025, "Parks", "Gardener")
    nobody = (0,) * 10
    assert found == {
        ("white", "male"): (key, (10, 0, 0, 4, 0, 6, 0, 0, 0, 0), nobody),
        ("white", "female"): (key, (0, 0, 0, 4, 0, 4, 0, 0, 0, 0), (0, 0, 0, 2, 0, 0, 0, 0, 0, 0)),
        ("black", "female"): (key, (11, 0, 0, 6, 0, 2, 0, 0, 0, 0), (0, 0, 1, 0, 0, 0, 0, 0, 0, 0)),
        ("not_disclosed", "male"): (key, (2, 0, 0, 0, 0, 1, 0, 0, 0, 0), nobody),
        ("hispanic", ""): (key, (0, 0, 0, 1, 0, 0, 0, 0, 0, 0), nobody),
    }


def test_it_recounts_only_the_titles_of_the_requisitions_given(southside, gardener):
    # given a second title, counted, then an applicant added to each title
    clerk = requisition_make(southside, "R-3", year=2025, title="Clerk", dept="Finance")
    applicants_add(clerk, "asian", "male", 1, 2)
    flow_counts_refresh(organisation=southside)
    applicants_add(clerk, "asian", "male", 1, 1, prefix="late")
    applicants_add(gardener, "asian", "male", 1, 1, prefix="late")
    # when only the clerk requisition is recounted
    written = flow_counts_refresh(organisation=southside, requisition_ids=[clerk.pk])
    # then
    assert written == 1
    clerks = FlowCount.objects.get(organisation=southside, job_title="Clerk")
    assert (clerks.ended_0, clerks.ended_1, clerks.withdrew_1) == (0, 3, 0)
    assert not FlowCount.objects.filter(job_title="Gardener", eeo_category="asian").exists()


def test_recounting_replaces_the_counts_in_statements_that_do_not_grow_with_them(southside):
    # given forty titles counted, each its own count row
    for n in range(40):
        req = requisition_make(southside, f"R-{n}", title=f"Title {n}")
        applicants_add(req, "white", "male", 1, 1)
    flow_counts_refresh(organisation=southside)
    assert FlowCount.objects.filter(organisation=southside).count() == 40
    announced = []

    def listener(sender, instance, **kwargs):
        announced.append(instance.organisation_id)

    # when everything is recounted
    post_delete.connect(listener, sender=FlowCount)
    try:
        with CaptureQueriesContext(connection) as ran:
            written = flow_counts_refresh(organisation=southside)
    finally:
        post_delete.disconnect(listener, sender=FlowCount)
    # then the forty rows are replaced by one delete and one insert, and whoever listens
    # for changed counts (a plan measure reading them) hears once, for this organisation
    assert written == 40
    touching = [q["sql"].split()[0] for q in ran.captured_queries if "equity_flowcount" in q["sql"]]
    assert touching == ["DELETE", "INSERT"]
    assert announced == [southside.pk]
    assert FlowCount.objects.filter(organisation=southside).count() == 40


@pytest.mark.skipif(connection.vendor != "postgresql", reason="work_mem is PostgreSQL's")
def test_recounting_leaves_the_memory_setting_as_it_found_it(southside, gardener):
    def work_mem():
        with connection.cursor() as cursor:
            cursor.execute("SHOW work_mem")
            return cursor.fetchone()[0]

    before = work_mem()
    # when everything is recounted (grouped with more memory than the default)
    assert flow_counts_refresh(organisation=southside) == 5  # the five groups above
    # then the transaction goes on with the setting it had
    assert work_mem() == before


def test_it_counts_a_stage_past_the_last_at_the_last(southside):
    # given applicants recorded past the tenth stage, at it, and one who withdrew there
    req = requisition_make(southside)
    applicants_add(req, "white", "male", 12, 2)
    applicants_add(req, "white", "male", 9, 1)
    applicants_add(req, "white", "male", 9, 1, withdrew=True)
    applicants_add(req, "white", "male", 4, 1)
    applicants_add(req, "white", "male", 1, 3)
    # when
    flow_counts_refresh(organisation=southside)
    # then the summary's last column holds everyone at stage 9 or beyond
    row = FlowCount.objects.get(organisation=southside)
    assert [getattr(row, name) for name in ENDED_COLUMNS] == [0, 3, 0, 0, 1, 0, 0, 0, 0, 3]
    assert [getattr(row, name) for name in WITHDREW_COLUMNS] == [0] * 9 + [1]
    # and a four-stage list counts everyone at stage 3 or beyond at its last stage
    four = ("applied", "screened", "offered", "hired")
    for filters in (
        queries.FlowFilters(),
        queries.FlowFilters(year=2025, department="Parks", job_title="Gardener"),
    ):
        table = queries.flow_table(southside, four, filters)
        assert table.ended.sum(axis=(0, 1)).tolist() == [0, 3, 0, 5]
        assert table.withdrew.sum(axis=(0, 1)).tolist() == [0, 0, 0, 1]
    tables = queries.title_tables(southside, four)
    assert tables.cells == [(2025, "Gardener")]
    assert tables.ended[0].sum(axis=(0, 1)).tolist() == [0, 3, 0, 5]
    assert tables.withdrew[0].sum(axis=(0, 1)).tolist() == [0, 0, 0, 1]
    # who withdrew at the last stage still reached it, but was not hired
    assert queries.step_counts(table, Step(four, 2, 3), "race") == [GroupCounts("white", 5, 5)]
    settings_row = equity_settings_for(southside)
    settings_row.stages = list(four)
    settings_row.save(update_fields=["stages"])
    hires = hire_counts(southside, years=[2025])
    assert hires == {
        "race": {(2025, "white"): 4},
        "sex": {(2025, "male"): 4},
        # nobody answered the veteran and disability questions
        "veteran": {(2025, ""): 4},
        "disability": {(2025, ""): 4},
    }


def test_it_adds_up_a_title_in_two_departments(southside, gardener):
    # given Gardener in Streets too
    streets = requisition_make(southside, "S-1", dept="Streets")
    applicants_add(streets, "asian", "female", 5, 7)
    flow_counts_refresh(organisation=southside)
    # when
    both = table_for(southside, year=2025, job_title="Gardener")
    parks = table_for(southside, year=2025, department="Parks", job_title="Gardener")
    tables = queries.title_tables(southside, STAGES, year=2025)
    # then
    assert (both.applicants, parks.applicants) == (61, 54)
    assert GroupCounts("asian", 7, 7) in queries.step_counts(both, INTERVIEWED_TO_OFFERED, "race")
    assert GroupCounts("white", 18, 10) in queries.step_counts(
        parks, INTERVIEWED_TO_OFFERED, "race"
    )
    [cell] = queries.cell_step_counts(tables, INTERVIEWED_TO_OFFERED, "race")
    assert tables.cells == [(2025, "Gardener")]
    assert cell == [
        GroupCounts("hispanic", 1, 0),
        GroupCounts("white", 18, 10),
        GroupCounts("black", 8, 2),
        GroupCounts("asian", 7, 7),
        GroupCounts("not_disclosed", 1, 1),
    ]
