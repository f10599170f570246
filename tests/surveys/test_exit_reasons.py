"""Exit-interview reasons by department over time: one table a period, small counts hidden
with their complements, in the page and its exports alike."""

from datetime import date

import pytest
from django.urls import reverse

from tests.surveys.conftest import make_survey, make_wave
from workbridge.surveys.exits import exit_reasons
from workbridge.surveys.models import Response, SurveyKind
from workbridge.surveys.services import response_enter_paper

PAY, SUPERVISOR = 1, 3


def _exits(wave, by, on: date, department: str, reason: int, n: int) -> None:
    question = wave.version.questions.get(key="main_reason")
    for _ in range(n):
        response = response_enter_paper(
            wave=wave,
            answers={question: reason},
            language="en",
            department=department,
            group="",
            by=by,
        )
        Response.objects.filter(pk=response.pk).update(submitted_on=on)


@pytest.fixture
def exit_survey(southside, analyst):
    """With the default threshold of 10:
    2026 Q1: Water 12 pay and 11 supervisor; Streets 12 pay and 3 supervisor.
    2026 Q2: Water 14 pay."""
    survey = make_survey(southside, analyst, kind=SurveyKind.EXIT_INTERVIEW)
    wave = make_wave(survey, analyst, name="Exits")
    _exits(wave, analyst, date(2026, 2, 3), "Water", PAY, 12)
    _exits(wave, analyst, date(2026, 3, 9), "Water", SUPERVISOR, 11)
    _exits(wave, analyst, date(2026, 1, 20), "Streets", PAY, 12)
    _exits(wave, analyst, date(2026, 2, 14), "Streets", SUPERVISOR, 3)
    _exits(wave, analyst, date(2026, 5, 2), "Water", PAY, 14)
    return survey


def test_each_quarter_is_a_table_of_departments_by_main_reason(exit_survey):
    newest, older = exit_reasons(exit_survey, period="quarter")
    assert (newest.label, older.label) == ("2026 Q2", "2026 Q1")
    assert newest.departments == ["Water"]
    pay = newest.reasons.index("Pay or benefits")
    assert newest.cells[0][pay].shown == 14
    assert newest.total.shown == 14


def test_a_small_count_is_hidden_with_enough_others_that_it_cannot_be_worked_out(exit_survey):
    _newest, q1 = exit_reasons(exit_survey, period="quarter")
    pay = q1.reasons.index("Pay or benefits")
    supervisor = q1.reasons.index("Supervisor or management")
    streets, water = q1.departments.index("Streets"), q1.departments.index("Water")
    # Streets' 3 is small; one cell hidden alone in a row with its total shown could be
    # subtracted out, so the four cells of the square are hidden together
    hidden = {(d, r) for d in (streets, water) for r in (pay, supervisor) if q1.cells[d][r].hidden}
    assert hidden == {(streets, pay), (streets, supervisor), (water, pay), (water, supervisor)}
    # while the totals, each over ten people, are shown
    assert [c.shown for c in q1.department_totals] == [15, 23]
    assert q1.reason_totals[pay].shown == 24
    assert q1.reason_totals[supervisor].shown == 14
    assert q1.total.shown == 38


def test_years_gather_the_quarters(exit_survey):
    (year,) = exit_reasons(exit_survey, period="year")
    assert year.label == "2026"
    assert year.total.shown == 52


def test_the_page_and_its_export_hide_the_same_cells(client, exit_survey, analyst):
    client.force_login(analyst)
    page = client.get(reverse("surveys:exit_reasons", args=[exit_survey.pk]))
    assert page.status_code == 200
    assert "2026 Q1" in page.text
    exported = client.get(
        reverse("surveys:exit_reasons_export", args=[exit_survey.pk, "csv"]) + "?period=quarter"
    )
    lines = exported.content.decode().splitlines()
    assert "2026 Q1,Streets,Supervisor or management," in lines
    assert "2026 Q2,Water,Pay or benefits,14" in lines
    assert "3" not in {line.rsplit(",", 1)[1] for line in lines[1:]}


def test_other_kinds_of_survey_have_no_exit_reasons(client, survey, analyst):
    client.force_login(analyst)
    response = client.get(reverse("surveys:exit_reasons", args=[survey.pk]))
    assert response.status_code == 404


def test_a_department_with_few_exits_in_a_period_shows_no_count_at_all(exit_survey, analyst):
    wave = exit_survey.waves.get()
    _exits(wave, analyst, date(2026, 8, 1), "Streets", PAY, 4)
    _exits(wave, analyst, date(2026, 8, 2), "Water", PAY, 12)
    _exits(wave, analyst, date(2026, 8, 3), "Water", SUPERVISOR, 12)
    q3 = exit_reasons(exit_survey, period="quarter")[0]
    assert q3.label == "2026 Q3"
    streets = q3.departments.index("Streets")
    # Streets' 4 exits are fewer than ten: neither its count nor its reasons are shown
    assert q3.department_totals[streets].hidden
    assert all(c.hidden or c.count == 0 for c in q3.cells[streets])
    # and its total cannot be recovered as the grand total less Water's
    water = q3.departments.index("Water")
    assert q3.department_totals[water].hidden or q3.total.hidden
