"""Adverse impact of interview scores (LL144 scoring rate) and decisions; panel composition."""

import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from tests.interviews.conftest import candidate, competencies
from workbridge.accounts.models import AuditEvent
from workbridge.core.stats import GroupCounts, adverse_impact
from workbridge.equity.services import equity_settings_for
from workbridge.interviews.reports import Scope, impact_table, panel_composition, score_impact
from workbridge.interviews.services import (
    consensus_record,
    interviewer_profile_save,
    panel_close,
)

# applicant: (agreed ratings with weights 2 and 1, decision) -> weighted score
AGREED = {
    "A1": ([4, 4], "pass"),  # white female, 4.0
    "A2": ([3, 3], "pass"),  # black male, 3.0 (the median: not above it)
    "A3": ([3, 3], "fail"),  # hispanic female, 3.0
    "A4": ([5, 2], "pass"),  # white male, 4.0
    "A5": ([2, 2], "fail"),  # black female, 2.0
    "A6": ([3, 3], "pass"),  # asian male, 3.0
}


@pytest.fixture
def decided(panel, analyst):
    panel_close(panel=panel, by=analyst)
    for external_id, (values, decision) in AGREED.items():
        consensus_record(
            candidate=candidate(panel, external_id),
            ratings={c.pk: v for c, v in zip(competencies(panel), values, strict=True)},
            decision=decision,
            reason="Agreed by the panel",
            by=analyst,
        )
    return panel


def rows(table):
    return {r.key: (r.considered, r.selected, r.impact_ratio, r.adverse) for r in table.rows}


def test_it_gives_the_ll144_scoring_rates_with_ties_at_the_median_not_above(decided, southside):
    # when
    report = score_impact(southside, Scope())
    # then the median of 4, 3, 3, 4, 2, 3 is 3 and only the two 4.0 scores are above it
    assert report.median == 3.0
    assert (report.scored, report.decided, report.passed) == (6, 6, 4)
    assert rows(report.table("scoring-race")) == {
        "white": (2, 2, 1.0, False),
        "black": (2, 0, 0.0, True),
        "hispanic": (1, 0, 0.0, True),
        "asian": (1, 0, 0.0, True),
    }
    assert rows(report.table("scoring-sex")) == {
        "female": (3, 1, 1.0, False),
        "male": (3, 1, 1.0, False),
    }
    assert rows(report.table("scoring-both"))["white × female"] == (1, 1, 1.0, False)


def test_it_gives_pass_rates_and_impact_ratios_by_group(decided, southside):
    report = score_impact(southside, Scope())
    assert rows(report.table("pass-race")) == {
        "white": (2, 2, 1.0, False),
        "black": (2, 1, 0.5, True),
        "hispanic": (1, 0, 0.0, True),
        "asian": (1, 1, 1.0, False),
    }
    assert rows(report.table("pass-sex")) == {
        "female": (3, 1, pytest.approx(1 / 3), True),
        "male": (3, 3, 1.0, False),
    }
    # every group is under the small-cell threshold of 10, so each is flagged
    assert all(r.small for r in report.table("pass-race").rows)
    assert not any(r.hidden for r in report.table("pass-race").rows)


def test_it_narrows_to_a_requisition_job_title_or_year(decided, southside, requisition):
    assert score_impact(southside, Scope(year=2024)).scored == 0
    assert score_impact(southside, Scope(job_title="Engineer")).scored == 6
    assert score_impact(southside, Scope(requisition_id=requisition.pk)).scored == 6


def test_it_hides_small_groups_for_publication_with_a_complement(decided, southside):
    # given a threshold of 2: only the Hispanic and Asian groups (1 each) are small
    settings = equity_settings_for(southside)
    settings.small_cell_threshold = 2
    settings.save(update_fields=["small_cell_threshold"])
    # when
    report = score_impact(southside, Scope(publication=True))
    # then those two are hidden, and nothing else needs to be
    hidden = {r.key for r in report.table("scoring-race").rows if r.hidden}
    assert hidden == {"hispanic", "asian"}
    # and by sex no group is small
    assert not any(r.hidden for r in report.table("scoring-sex").rows)


def test_it_compares_panel_members_with_the_candidate_pool(decided, southside, coach):
    # given Alice answered; Maria never did
    interviewer_profile_save(user=coach, eeo_category="black", sex="female")
    # when
    report = panel_composition(southside, Scope())
    race = {r.key: (r.panel, r.pool) for r in report.tables[0].rows}
    sex = {r.key: (r.panel, r.pool) for r in report.tables[1].rows}
    # then
    assert report.panels == 1
    assert race == {
        "white": (0, 2),
        "black": (1, 2),
        "hispanic": (0, 1),
        "asian": (0, 1),
        "not_disclosed": (1, 0),
    }
    assert sex == {"female": (1, 3), "male": (0, 3), "": (1, 0)}
    black = next(r for r in report.tables[0].rows if r.key == "black")
    assert black.difference == pytest.approx((1 / 2 - 2 / 6) * 100)


def test_it_hides_small_composition_counts_for_publication(decided, southside, coach):
    interviewer_profile_save(user=coach, eeo_category="black", sex="female")
    report = panel_composition(southside, Scope(publication=True))
    # threshold 10: every non-zero count is hidden
    assert all(
        (r.panel == 0 or r.panel_hidden) and (r.pool == 0 or r.pool_hidden)
        for r in report.tables[0].rows
    )


def test_it_shows_the_pages_and_charts_without_auditing_them(client, analyst, decided):
    client.force_login(analyst)
    before = AuditEvent.objects.count()
    for name in ("impact", "composition"):
        page = client.get(reverse(f"interviews:{name}"))
        chart = client.get(reverse(f"interviews:{name}_chart"))
        assert page.status_code == 200
        assert chart["Content-Type"] == "image/svg+xml"
        assert b"<svg" in chart.content
    body = client.get(reverse("interviews:impact")).content.decode()
    assert "below four-fifths" in body
    assert AuditEvent.objects.count() == before


def test_it_exports_the_impact_tables_as_xlsx_and_audits_it(client, analyst, decided, requisition):
    client.force_login(analyst)
    url = reverse("interviews:impact_export", args=["xlsx"])
    response = client.get(url, {"requisition": requisition.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Table", "Group", "Candidates", "Above the median or passed"]
    black = next(
        v
        for v in values
        if v[0] == "Scoring rate, by race/ethnicity" and v[1] == "Black or African American"
    )
    assert black[2:8] == [2, 0, 0, 0, "yes", "no"]  # 0 of 2 against 2 of 2: p = 0.333
    event = AuditEvent.objects.get(action="export")
    assert event.actor == analyst
    assert "interview adverse impact xlsx" in event.detail


def test_it_exports_pdfs_with_the_chart_and_audits_them(client, analyst, decided):
    client.force_login(analyst)
    for name in ("impact_export", "composition_export"):
        response = client.get(reverse(f"interviews:{name}", args=["pdf"]), {"publication": "on"})
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_it_exports_the_composition_as_xlsx_with_small_cells_hidden_for_publication(
    client, analyst, decided
):
    client.force_login(analyst)
    response = client.get(
        reverse("interviews:composition_export", args=["xlsx"]), {"publication": "on"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    white = next(v for v in values if v[1] == "White")
    assert white[4:6] == ["fewer than 10", "fewer than 10"]


def test_it_refuses_exports_to_staff_without_auditing(client, coach, decided):
    client.force_login(coach)
    response = client.get(reverse("interviews:impact_export", args=["xlsx"]))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_it_refuses_unknown_export_formats(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("interviews:impact_export", args=["csv"])).status_code == 404


def test_the_pass_rate_table_passes_over_a_small_group_and_splits_its_findings():
    # given 1,000 candidates: 14 Asian candidates all passed, under 2%
    counts = [
        GroupCounts("white", 400, 200),
        GroupCounts("black", 300, 105),
        GroupCounts("hispanic", 256, 116),
        GroupCounts("aian", 30, 10),
        GroupCounts("asian", 14, 14),
    ]
    labels = {"white": "White", "black": "Black", "hispanic": "Hispanic", "aian": "AIAN"}
    # when
    table = impact_table(
        measure="pass",
        key="pass-race",
        title="Pass rate, by race/ethnicity",
        counts=counts,
        analysis=adverse_impact(counts),
        labels=lambda key: labels.get(key, "Asian"),
        threshold=5,
        publication=False,
    )
    html = render_to_string("interviews/_impact_table.html", {"table": table})
    # then White is the reference; Black is significant, AIAN below four-fifths only
    assert table.reference.key == "white"
    assert [r.key for r in table.passed_over_rows] == ["asian"]
    assert [r.key for r in table.significant_rows] == ["black"]
    assert [r.key for r in table.four_fifths_rows] == ["aian"]
    assert (
        "Asian had a higher rate (1.000) than White, but was not used as the reference"
        " because it made up under 2% of those considered." in html
    )
    significant_at = html.index("Adverse impact that is both practically and statistically")
    four_fifths_at = html.index("Below four-fifths only")
    black_at = html.index("Black: impact ratio 0.700, Fisher's exact test p = &lt; 0.001.")
    aian_at = html.index("AIAN: impact ratio 0.667, Fisher's exact test p = 0.090.")
    assert significant_at < black_at < four_fifths_at < aian_at
