"""The application-process and optional-steps reports: figures on a small worked example,
who may see them, publication mode, and that another organisation's data never shows."""

import io

import pytest
from django.urls import reverse
from scipy.stats import fisher_exact

from tests.equity.report_data import applicants, requisition, set_threshold
from workbridge.accounts.models import AuditEvent
from workbridge.equity.models import Applicant
from workbridge.equity.process_data import (
    session_events_check,
    session_events_import,
    step_outcomes_check,
    step_outcomes_import,
)
from workbridge.equity.reports_process import application_process_report, optional_steps_report

pytestmark = pytest.mark.django_db


def load_sessions(org, by, lines):
    text = "applicant_id,session,step,event,minutes\n" + "".join(f"{line}\n" for line in lines)
    plan = session_events_check(org, io.BytesIO(text.encode()), "events.csv")
    assert plan.problems == []
    session_events_import(organisation=org, by=by, plan=plan, filename="events.csv")


def load_steps(org, by, lines):
    text = "applicant_id,step,outcome\n" + "".join(f"{line}\n" for line in lines)
    plan = step_outcomes_check(org, io.BytesIO(text.encode()), "steps.csv")
    assert plan.problems == []
    step_outcomes_import(organisation=org, by=by, plan=plan, filename="steps.csv")


def one(org, req, eeo, sex):
    return applicants(org, req, eeo, sex, 0, 1)[0].external_id


@pytest.fixture
def sessions_world(southside, analyst, northside, other_analyst):
    """2025 in Streets, four applicants:
    W1 (White woman): session 1 started at Contact, saved at Work history after 10 minutes;
      session 2 asked for help at Work history, submitted at Review after 20: 30 minutes.
    W2 (White man): one session, started at Contact, submitted at Review after 40 minutes.
    B1 (Black woman): one session, started, a validation warning and a help request at
      Work history; never submitted.
    B2 (Black man): three sessions: started (0), saved at Work history (15), submitted at
      Review (12): 27 minutes.
    Left out: a 2024 applicant's events, and Northside's applicant's events."""
    req = requisition(southside, year=2025)
    w1, w2 = one(southside, req, "white", "female"), one(southside, req, "white", "male")
    b1, b2 = one(southside, req, "black", "female"), one(southside, req, "black", "male")
    load_sessions(
        southside,
        analyst,
        [
            f"{w1},1,Contact,started,0",
            f"{w1},1,Work history,saved,10",
            f"{w1},2,Work history,help_requested,3",
            f"{w1},2,Review,submitted,20",
            f"{w2},1,Contact,started,0",
            f"{w2},1,Review,submitted,40",
            f"{b1},1,Contact,started,0",
            f"{b1},1,Work history,validation_warning,5",
            f"{b1},1,Work history,help_requested,8",
            f"{b2},1,Contact,started,0",
            f"{b2},2,Work history,saved,15",
            f"{b2},3,Review,submitted,12",
        ],
    )
    old = one(southside, requisition(southside, year=2024), "asian", "female")
    load_sessions(southside, analyst, [f"{old},1,Contact,started,0"])
    theirs = one(northside, requisition(northside, year=2025), "hispanic", "male")
    load_sessions(northside, other_analyst, [f"{theirs},1,Contact,started,0"])
    return southside


def test_it_reports_completion_sessions_help_and_time_by_group(sessions_world):
    report = application_process_report(sessions_world, year=2025, threshold=10)
    table = report.tables[0]
    assert [r.label for r in table.rows] == [
        "White",
        "Black or African American",
        "All applications",
    ]
    figures = {r.label: [c.shown for c in r.cells] for r in table.rows}
    # applications, submitted, rate, sessions, help, warnings per application, median minutes
    assert figures["White"] == [2, 2, 100.0, 1.5, 0.5, 0.0, 35.0]
    assert figures["Black or African American"] == [2, 1, 50.0, 2.0, 0.5, 0.5, 27.0]
    assert figures["All applications"] == [4, 3, 75.0, 1.75, 0.5, 0.25, 30.0]


def test_it_reports_the_same_measures_by_step_of_the_form(sessions_world):
    report = application_process_report(sessions_world, year=2025, threshold=10)
    table = report.tables[1]
    assert [r.label for r in table.rows] == ["Contact", "Review", "Work history"]
    assert table.value("Contact", "Applications") == 4
    assert table.value("Contact", "Completion rate") == 75.0
    assert table.value("Review", "Completion rate") == 100.0
    assert [c.shown for c in table.row("Work history").cells] == [
        3,
        2,
        66.7,
        1.33,
        0.67,
        0.33,
        28.5,
    ]


def test_it_groups_by_sex_when_asked(sessions_world):
    report = application_process_report(
        sessions_world, year=2025, characteristic="sex", threshold=10
    )
    table = report.tables[0]
    assert table.value("Female", "Completion rate") == 50.0
    assert table.value("Male", "Completion rate") == 100.0


def test_it_counts_every_help_request_when_a_session_repeats_events(southside, analyst):
    # given one application whose form saved itself three times and asked for help twice
    # at the same step of the same session, then was submitted after 25 minutes
    req = requisition(southside, year=2025)
    a = one(southside, req, "white", "female")
    load_sessions(
        southside,
        analyst,
        [
            f"{a},1,Work history,saved,5",
            f"{a},1,Work history,saved,10",
            f"{a},1,Work history,saved,15",
            f"{a},1,Work history,help_requested,11",
            f"{a},1,Work history,help_requested,12",
            f"{a},1,Review,submitted,25",
        ],
    )
    # when
    report = application_process_report(southside, year=2025, threshold=10)
    # then: one session, two help requests, 25 minutes
    assert [c.shown for c in report.tables[0].row("White").cells] == [
        1,
        1,
        100.0,
        1.0,
        2.0,
        0.0,
        25.0,
    ]


def test_a_report_viewed_again_after_an_import_shows_the_new_events(sessions_world, analyst):
    # given the report has been viewed (and its counts kept)
    before = application_process_report(sessions_world, year=2025, threshold=10)
    assert before.tables[0].row("Black or African American").cells[1].shown == 1
    # when an import adds B1's submission
    b1 = Applicant.objects.get(
        organisation=sessions_world, requisition__year=2025, eeo_category="black", sex="female"
    )
    load_sessions(sessions_world, analyst, [f"{b1.external_id},2,Review,submitted,9"])
    # then the next view counts it
    after = application_process_report(sessions_world, year=2025, threshold=10)
    assert after.tables[0].row("Black or African American").cells[1].shown == 2


def test_it_says_so_when_a_year_has_no_events(sessions_world):
    report = application_process_report(sessions_world, year=2023, threshold=10)
    assert report.empty
    assert report.tables == []


def test_it_hides_small_counts_and_the_figures_on_them_for_publication(sessions_world):
    # when
    report = application_process_report(sessions_world, year=2025, publication=True, threshold=3)
    table = report.tables[0]
    # then every group's counts are under 3: each is hidden, with what rests on them
    for label in ("White", "Black or African American"):
        assert table.value(label, "Applications") is None
        assert table.value(label, "Submitted") is None
        assert table.value(label, "Completion rate") is None
        assert table.value(label, "Median minutes to complete") is None
    shown = [
        c.value
        for t in report.tables
        for r in t.rows
        for c in r.cells
        if c.kind == "count" and not c.hidden
    ]
    assert all(v == 0 or v >= 3 for v in shown)
    assert any("For publication" in note for note in report.notes)


def test_the_page_draws_the_chart_and_the_csv_holds_the_table(client, analyst, sessions_world):
    client.force_login(analyst)
    page = client.get(reverse("equity:report", args=["application-process"]), {"year": "2025"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "data:image/svg+xml;base64," in html
    assert "Application process by race and ethnicity" in html
    export = client.get(
        reverse("equity:report_export", args=["application-process", "csv"]), {"year": "2025"}
    )
    csv_text = export.content.decode("utf-8-sig")
    assert "White,2,2,100.0,1.5,0.5,0.0,35.0" in csv_text
    assert AuditEvent.objects.filter(
        object_type="equity.report", object_id="application-process"
    ).exists()


def test_the_page_for_publication_shows_hidden_cells(client, analyst, sessions_world):
    set_threshold(sessions_world, 3)
    client.force_login(analyst)
    page = client.get(
        reverse("equity:report", args=["application-process"]),
        {"year": "2025", "publication": "on"},
    )
    html = page.content.decode()
    assert "For publication: counts of fewer than 3 people" in html
    assert 'class="num hidden-cell">hidden<' in html


@pytest.fixture
def steps_world(southside, analyst, northside, other_analyst):
    """2025. Streets, secondary screening: White 8 passed, 2 failed, 5 skipped; Black 3
    passed, 7 failed, 20 not offered. Parks, phone interview: 2 White passed, 2 not offered.
    Northside: 5 Asian applicants failed a phone interview (never shown to Southside)."""
    streets = requisition(southside, year=2025)
    parks = requisition(southside, year=2025, department="Parks", job_title="Gardener")
    lines = []

    def flag(req, eeo, step, outcome, n):
        for a in applicants(southside, req, eeo, "", 0, n):
            lines.append(f"{a.external_id},{step},{outcome}")

    flag(streets, "white", "Secondary screening", "passed", 8)
    flag(streets, "white", "Secondary screening", "failed", 2)
    flag(streets, "white", "Secondary screening", "skipped", 5)
    flag(streets, "black", "Secondary screening", "yes", 3)
    flag(streets, "black", "Secondary screening", "no", 7)
    flag(streets, "black", "Secondary screening", "not offered", 20)
    flag(parks, "white", "Phone interview", "passed", 2)
    flag(parks, "white", "Phone interview", "", 2)
    load_steps(southside, analyst, lines)
    theirs = requisition(northside, year=2025)
    load_steps(
        northside,
        other_analyst,
        [
            f"{a.external_id},Phone interview,failed"
            for a in applicants(northside, theirs, "asian", "", 0, 5)
        ],
    )
    return southside


def test_it_analyses_each_step_among_those_who_took_it(steps_world):
    report = optional_steps_report(steps_world, year=2025, threshold=10)
    table = next(t for t in report.tables if t.caption.startswith("Secondary screening"))
    black = "Black or African American"
    assert table.value("White", "Took the step") == 10
    assert table.value("White", "Skipped or not offered") == 5
    assert table.value(black, "Took the step") == 10
    assert table.value(black, "Did not pass") == 7
    assert table.value(black, "Skipped or not offered") == 20
    assert table.value(black, "Pass rate") == 30.0
    # 30% over 80%: 0.375, below four-fifths
    assert table.value(black, "Impact ratio") == "0.375"
    assert table.value(black, "Four-fifths rule") == "Adverse impact"
    # Fisher's p is 0.07: below four-fifths, but not statistically significant
    assert table.value(black, "Flags") == "Below four-fifths only"
    assert table.value("White", "Four-fifths rule") == "No adverse impact"
    assert table.value("White", "Flags") == "Reference"
    expected_p = fisher_exact([[3, 7], [8, 2]], alternative="two-sided").pvalue
    assert table.value(black, "Fisher p, two-sided") == pytest.approx(expected_p, rel=1e-9)
    assert table.value("All applicants", "Took the step") == 20
    assert table.value("All applicants", "Skipped or not offered") == 25


def test_it_shows_how_often_each_department_uses_each_step(steps_world):
    report = optional_steps_report(steps_world, year=2025, threshold=10)
    usage = report.tables[-1]
    assert [c.shown for c in usage.row("Secondary screening", section="Streets").cells] == [
        45,
        20,
        44.4,
        11,
    ]
    assert [c.shown for c in usage.row("Phone interview", section="Parks").cells] == [4, 2, 50.0, 2]
    assert len(report.charts) == 2


def test_it_never_counts_another_organisations_flags(steps_world, northside):
    ours = optional_steps_report(steps_world, year=2025, threshold=10)
    phone = next(t for t in ours.tables if t.caption.startswith("Phone interview"))
    assert phone.value("All applicants", "Did not pass") == 0
    theirs = optional_steps_report(northside, year=2025, threshold=10)
    assert [t.caption for t in theirs.tables][:-1] == [
        "Phone interview: pass rates by race and ethnicity, among those who took the step"
    ]
    assert theirs.tables[0].value("All applicants", "Did not pass") == 5


def test_it_hides_small_groups_of_a_step_for_publication(steps_world):
    report = optional_steps_report(steps_world, year=2025, publication=True, threshold=3)
    table = next(t for t in report.tables if t.caption.startswith("Secondary screening"))
    black = "Black or African American"
    # White's 2 failed is small: its rate, ratio and test are hidden with it
    assert table.value("White", "Did not pass") is None
    assert table.value("White", "Pass rate") is None
    assert table.value("White", "Impact ratio") is None
    assert table.value(black, "Skipped or not offered") == 20
    phone = next(t for t in report.tables if t.caption.startswith("Phone interview"))
    assert phone.value("White", "Passed") is None
    assert phone.value("White", "Skipped or not offered") is None


def test_the_optional_steps_page_is_listed_with_the_other_reports(client, analyst, steps_world):
    client.force_login(analyst)
    page = client.get(reverse("equity:report", args=["optional-steps"]), {"year": "2025"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "0.375" in html
    assert reverse("equity:report", args=["application-process"]) in html
    home = client.get(reverse("equity:home")).content.decode()
    assert reverse("equity:report", args=["optional-steps"]) in home
    assert reverse("equity:process_steps_import") in home


@pytest.mark.parametrize("report", ["application-process", "optional-steps"])
def test_a_case_manager_may_not_see_the_reports(client, staff, sessions_world, report):
    client.force_login(staff)
    assert client.get(reverse("equity:report", args=[report])).status_code == 403
    export = client.get(reverse("equity:report_export", args=[report, "csv"]))
    assert export.status_code == 403
    assert not AuditEvent.objects.filter(object_type="equity.report").exists()


def test_another_organisations_analyst_sees_none_of_its_figures(client, other_analyst, steps_world):
    client.force_login(other_analyst)
    page = client.get(reverse("equity:report", args=["optional-steps"]), {"year": "2025"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Secondary screening" not in html
    assert "Parks" not in html


@pytest.mark.parametrize(
    ("report", "fmt", "content_type"),
    [
        ("application-process", "xlsx", "application/vnd.openxmlformats"),
        ("optional-steps", "pdf", "application/pdf"),
    ],
)
def test_the_reports_download_as_xlsx_and_pdf(
    client, analyst, sessions_world, steps_world, report, fmt, content_type
):
    client.force_login(analyst)
    response = client.get(reverse("equity:report_export", args=[report, fmt]), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert AuditEvent.objects.filter(object_type="equity.report", object_id=report).count() == 1
