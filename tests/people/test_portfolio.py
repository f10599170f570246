"""The resume page, its PDF and the readiness chart."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.people.models import Assessment, Occupation
from workbridge.people.services import (
    career_goal_add,
    certification_add,
    instrument_for,
    skill_add,
    work_history_add,
)


@pytest.fixture
def rosa(coach):
    participant = ParticipantFactory(
        organisation=coach.membership.organisation,
        first_name="Rosa",
        last_name="Álvarez",
        email="rosa@example.org",
        phone="312-555-0100",
        resume_summary="Reliable line cook with five years in busy kitchens.",
    )
    skill_add(participant=participant, by=coach, name="Knife skills")
    certification_add(participant=participant, by=coach, name="ServSafe Food Handler")
    work_history_add(
        participant=participant,
        by=coach,
        employer_name="Lakeside Diner",
        job_title="Line cook",
        started_on=date(2021, 5, 1),
    )
    occupation = Occupation.objects.get_or_create(
        code="35-2014", defaults={"title": "Cooks, Restaurant", "level": "detailed"}
    )[0]
    career_goal_add(participant=participant, by=coach, occupation=occupation, is_primary=True)
    return participant


def test_it_shows_the_resume_built_from_the_profile(client, coach, rosa):
    # given
    client.force_login(coach)
    # when
    response = client.get(reverse("people:resume", args=[rosa.pk]))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Rosa Álvarez",
        "rosa@example.org",
        "312-555-0100",
        "Reliable line cook",
        "Knife skills",
        "ServSafe Food Handler",
        "Line cook, Lakeside Diner",
        "Cooks, Restaurant",
    ):
        assert text in html
    assert reverse("people:resume_pdf", args=[rosa.pk]) in html
    event = AuditEvent.objects.get(action="view", object_id=str(rosa.pk))
    assert (event.actor, event.object_type) == (coach, "people.participant")
    assert "resume_summary" in event.fields


def test_it_downloads_the_resume_as_a_pdf(client, coach, rosa):
    # given
    client.force_login(coach)
    # when
    response = client.get(reverse("people:resume_pdf", args=[rosa.pk]))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="resume-rosa-alvarez.pdf"'
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rosa Álvarez" in text
    assert "Lakeside Diner" in text
    event = AuditEvent.objects.get(action="export", object_id=str(rosa.pk))
    assert event.actor == coach


def test_it_draws_the_readiness_scores_as_svg(client, coach, rosa):
    # given
    instrument = instrument_for(rosa.organisation)
    for taken_on, score in ((date(2025, 1, 6), "42.5"), (date(2025, 2, 3), "61.0")):
        Assessment.objects.create(
            participant=rosa, instrument=instrument, taken_on=taken_on, score=score
        )
    client.force_login(coach)
    # when
    response = client.get(reverse("people:readiness_chart", args=[rosa.pk]))
    # then
    svg = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert svg.startswith("<?xml") and "<svg" in svg
    assert ">42.5<" in svg and ">61<" in svg
    assert "No assessments yet" not in svg


def test_it_draws_an_empty_chart_that_says_there_are_no_assessments(client, coach, rosa):
    client.force_login(coach)
    response = client.get(reverse("people:readiness_chart", args=[rosa.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert "No assessments yet" in response.content.decode()


@pytest.mark.parametrize("name", ["resume", "resume_pdf", "readiness_chart"])
def test_it_refuses_the_portfolio_to_roles_without_casework(client, analyst, rosa, name):
    client.force_login(analyst)
    response = client.get(reverse(f"people:{name}", args=[rosa.pk]))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action__in=["view", "export"]).exists()


@pytest.mark.parametrize("name", ["resume", "resume_pdf", "readiness_chart"])
def test_it_hides_the_portfolio_from_other_organisations(client, other_coach, rosa, name):
    client.force_login(other_coach)
    response = client.get(reverse(f"people:{name}", args=[rosa.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action__in=["view", "export"]).exists()


def test_it_audits_each_view_of_the_readiness_chart(client, coach, rosa):
    # given
    before = AuditEvent.objects.count()
    client.force_login(coach)
    # when
    response = client.get(reverse("people:readiness_chart", args=[rosa.pk]))
    # then one event names the participant, the viewer and the scores shown
    assert response.status_code == 200
    [event] = AuditEvent.objects.order_by("id")[before:]
    assert (event.actor, event.action, event.object_type, event.object_id) == (
        coach,
        "view",
        "people.participant",
        str(rosa.pk),
    )
    assert event.fields == ["assessments"]
