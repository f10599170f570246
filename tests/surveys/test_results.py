"""Results: the rate against the target, distributions, small cells hidden, exports."""

import csv
import io

from django.urls import reverse

from tests.surveys.conftest import invite, question
from workbridge.accounts.models import AuditEvent
from workbridge.surveys.models import Invitation
from workbridge.surveys.services import response_enter_paper, response_submit


def respond(wave, analyst, department: str, values: list[int], start: int = 0) -> None:
    """People of a department answer "satisfied" with the given values."""
    people = [
        (f"{department.lower()}{start + n}@example.org", "en", department)
        for n, _ in enumerate(values)
    ]
    invite(wave, analyst, people)
    satisfied = question(wave, "satisfied")
    improve = question(wave, "improve")
    for (email, _lang, _dept), value in zip(people, values, strict=True):
        invitation = Invitation.objects.get(wave=wave, email=email)
        response_submit(
            invitation=invitation,
            answers={satisfied: value, improve: f"note from {department}"},
            language="en",
        )


def sent(wave):
    Invitation.objects.filter(wave=wave, status="pending").update(status="sent")


def test_it_shows_no_answers_until_enough_people_respond(client, wave, analyst):
    # given 9 responses, one short of the threshold of 10
    respond(wave, analyst, "Water", [5] * 9)
    client.force_login(analyst)
    # when
    page = client.get(reverse("surveys:results", args=[wave.pk]))
    export = client.get(reverse("surveys:results_export", args=[wave.pk, "csv"]))
    # then
    assert page.status_code == 200
    assert "Answers are shown once at least 10 people have responded" in page.text
    assert "note from Water" not in page.text
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 1  # the headers only


def test_it_shows_the_distribution_mean_and_favourable_share(client, wave, analyst):
    # given 10 answers: 1,2,2,3,4,4,4,5,5,5 of 20 invited
    respond(wave, analyst, "Water", [1, 2, 2, 3, 4, 4, 4, 5, 5, 5])
    invite(wave, analyst, [(f"x{n}@example.org", "en", "Water") for n in range(10)])
    sent(wave)
    client.force_login(analyst)
    # when
    page = client.get(reverse("surveys:results", args=[wave.pk]))
    # then
    assert page.status_code == 200
    text = page.text
    assert "50%" in text  # response rate 10 of 20
    assert "The target is met." in text
    assert "3.50" in text  # the mean
    assert "60%" in text  # agree or strongly agree
    assert text.count("note from Water") == 10
    assert reverse("surveys:results_chart", args=[wave.pk, question(wave, "satisfied").pk]) in text


def test_it_hides_a_small_department_and_its_complement(client, wave, analyst):
    # given Water 12, Streets 11, Parks 3 responses
    respond(wave, analyst, "Water", [5] * 12)
    respond(wave, analyst, "Streets", [1] * 11)
    respond(wave, analyst, "Parks", [3] * 3)
    client.force_login(analyst)
    # when
    export = client.get(reverse("surveys:results_export", args=[wave.pk, "csv"]) + "?by=department")
    # then
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    groups = {row[0]: row[1] for row in rows[1:]}
    assert groups == {"Parks": "fewer than 10", "Streets": "fewer than 10", "Water": "12"}
    assert not any(row[0] == "Parks" and row[5] not in ("", "fewer than 10") for row in rows[1:])
    assert AuditEvent.objects.filter(action="export", object_type="surveys.wave").count() == 1


def test_it_hides_small_departments_in_the_response_rate(client, wave, analyst):
    respond(wave, analyst, "Water", [5] * 12)
    respond(wave, analyst, "Parks", [5] * 2)
    client.force_login(analyst)
    page = client.get(reverse("surveys:wave", args=[wave.pk]))
    assert page.status_code == 200
    # Parks, and Water as its complement
    assert page.text.count('<td colspan="3">fewer than 10</td>') == 2


def test_it_draws_the_likert_chart(client, wave, analyst):
    respond(wave, analyst, "Water", [1, 2, 3, 4, 5, 5, 4, 4, 3, 5])
    client.force_login(analyst)
    response = client.get(
        reverse("surveys:results_chart", args=[wave.pk, question(wave, "satisfied").pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"Overall, I am satisfied" in response.content
    assert b"Strongly agree" in response.content


def test_it_exports_xlsx(client, wave, analyst):
    from openpyxl import load_workbook

    respond(wave, analyst, "Water", [4] * 10)
    client.force_login(analyst)
    response = client.get(reverse("surveys:results_export", args=[wave.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    agree = [r for r in rows if r[2] == "satisfied" and r[4] == "Agree"]
    assert agree[0][5:8] == (10, 1, 10)


def test_it_hides_another_organisations_results(client, wave, other_coach, northside):
    from tests.factories import make_user
    from workbridge.accounts.models import Role

    their_analyst = make_user("nora", Role.ANALYST, northside)
    client.force_login(their_analyst)
    assert client.get(reverse("surveys:results", args=[wave.pk])).status_code == 404
    assert client.get(reverse("surveys:wave", args=[wave.pk])).status_code == 404


def test_it_hides_hr_surveys_from_program_staff(client, wave, coach):
    client.force_login(coach)
    assert client.get(reverse("surveys:results", args=[wave.pk])).status_code == 404
    assert client.get(reverse("surveys:detail", args=[wave.survey.pk])).status_code == 404


def test_it_follows_questions_across_waves(client, survey, analyst):
    from tests.surveys.conftest import make_wave

    first = make_wave(survey, analyst, name="2026")
    second = make_wave(survey, analyst, name="2027")
    respond(first, analyst, "Water", [2] * 10)
    respond(second, analyst, "Water", [4] * 10, start=100)
    client.force_login(analyst)
    page = client.get(reverse("surveys:trends", args=[survey.pk]))
    assert page.status_code == 200
    assert "2.00 · 0%" in page.text
    assert "4.00 · 100%" in page.text


def test_the_running_tallies_match_a_count_from_the_answers(wave, analyst, manager):
    from workbridge.surveys.models import Tally
    from workbridge.surveys.tallies import tallies_rebuild

    # given answers through links and on paper, in two departments
    respond(wave, analyst, "Water", [1, 2, 2, 3, 4, 4, 4, 5, 5, 5])
    respond(wave, analyst, "Streets", [3, 3, 4])
    response_enter_paper(
        wave=wave,
        answers={question(wave, "satisfied"): 2},
        language="en",
        department="Streets",
        group="",
        by=manager,
    )

    def snapshot():
        return sorted(
            Tally.objects.filter(wave=wave, n__gt=0).values_list(
                "question_id", "department", "group", "kind", "value", "number", "n"
            )
        )

    kept = snapshot()
    # when the wave is counted again from scratch
    tallies_rebuild(wave)
    # then the counts kept response by response were right
    assert kept == snapshot()
    assert kept


def test_the_page_lists_the_first_free_text_answers_and_the_export_all(
    client, wave, analyst, monkeypatch
):
    from workbridge.surveys.views import results as results_views

    monkeypatch.setattr(results_views, "TEXTS_SHOWN", 3)
    respond(wave, analyst, "Water", [4] * 10)  # ten answers "note from Water"
    client.force_login(analyst)
    page = client.get(reverse("surveys:results", args=[wave.pk]))
    assert page.text.count("note from Water") == 3
    assert "The first 3 of 10 answers, in alphabetical order" in page.text
    export = client.get(reverse("surveys:results_export", args=[wave.pk, "csv"]))
    assert export.content.decode().count("note from Water") == 10
