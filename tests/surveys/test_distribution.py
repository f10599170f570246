"""Distribution: address lists checked row by row, e-mail in each person's language,
reminders to those who have not answered, and paper responses."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.surveys.conftest import invite, question
from workbridge.accounts.models import AuditEvent
from workbridge.surveys.models import Invitation, InvitationStatus, Response

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def worker(settings, django_capture_on_commit_callbacks):
    """The task worker, running each queued task as soon as its transaction commits."""
    settings.TASKS = IMMEDIATE

    def post(client, url):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url)

    return post


def _upload(client, wave, text: str):
    return client.post(
        reverse("surveys:invite_upload", args=[wave.pk]),
        {"file": SimpleUploadedFile("list.csv", text.encode(), content_type="text/csv")},
    )


def test_it_adds_people_from_an_address_list(client, wave, analyst):
    client.force_login(analyst)
    response = _upload(
        client,
        wave,
        "email,name,language,department,job_title\n"
        "Rosa@Example.org,Rosa,es,Water,Engineer\n"
        "juan@example.org,Juan,en,Streets,Driver\n",
    )
    assert response.status_code == 302
    assert list(
        Invitation.objects.order_by("email").values_list("email", "language", "department")
    ) == [("juan@example.org", "en", "Streets"), ("rosa@example.org", "es", "Water")]


def test_it_refuses_a_list_with_bad_rows_naming_each_and_adds_nobody(client, wave, analyst):
    client.force_login(analyst)
    response = _upload(
        client,
        wave,
        "email,language,department\n"
        "rosa@example.org,es,Water\n"
        "not-an-address,en,Water\n"
        "juan@example.org,fr,Water\n"
        "rosa@example.org,es,Water\n",
    )
    assert response.status_code == 400
    assert "Row 3, column “email”: not an e-mail address" in response.text
    assert "Row 4, column “language”: use en or es" in response.text
    assert "Row 5, column “email”: the same address as row 2" in response.text
    assert Invitation.objects.count() == 0


def test_it_refuses_a_list_without_an_email_column(client, wave, analyst):
    client.force_login(analyst)
    response = _upload(client, wave, "name\nRosa\n")
    assert response.status_code == 400
    assert "there is no “email” column" in response.text
    assert Invitation.objects.count() == 0


def test_it_mails_each_person_their_link_in_their_language(client, wave, analyst, worker):
    # given
    tokens = invite(
        wave, analyst, [("rosa@example.org", "es", "Water"), ("juan@example.org", "en", "Water")]
    )
    client.force_login(analyst)
    # when
    worker(client, reverse("surveys:send", args=[wave.pk]))
    # then
    assert sorted(m.to[0] for m in mail.outbox) == ["juan@example.org", "rosa@example.org"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert reverse("surveys:respond", args=[tokens["rosa@example.org"]]) in (
        by_address["rosa@example.org"].body
    )
    assert by_address["rosa@example.org"].subject == "Encuesta de satisfacción del personal"
    assert by_address["juan@example.org"].subject == "Employee satisfaction survey"
    assert set(Invitation.objects.values_list("status", flat=True)) == {InvitationStatus.SENT}
    # and sending again mails nobody twice
    mail.outbox.clear()
    worker(client, reverse("surveys:send", args=[wave.pk]))
    assert mail.outbox == []


def test_it_reminds_only_those_who_have_not_answered(client, wave, analyst, worker):
    # given
    tokens = invite(
        wave, analyst, [("rosa@example.org", "en", "Water"), ("juan@example.org", "en", "Water")]
    )
    client.force_login(analyst)
    worker(client, reverse("surveys:send", args=[wave.pk]))
    client.post(
        reverse("surveys:respond", args=[tokens["rosa@example.org"]]),
        {f"q_{question(wave, 'satisfied').pk}": "4", "action": "submit"},
    )
    mail.outbox.clear()
    # when
    worker(client, reverse("surveys:remind", args=[wave.pk]))
    # then the same link goes again, to Juan only
    assert [m.to for m in mail.outbox] == [["juan@example.org"]]
    assert mail.outbox[0].subject.startswith("Reminder: ")
    assert reverse("surveys:respond", args=[tokens["juan@example.org"]]) in mail.outbox[0].body
    assert Invitation.objects.get(email="juan@example.org").reminders == 1


def test_it_records_a_paper_response(client, wave, manager):
    client.force_login(manager)
    response = client.post(
        reverse("surveys:paper", args=[wave.pk]),
        {
            "language": "es",
            "department": "Water",
            f"q_{question(wave, 'satisfied').pk}": "3",
        },
    )
    assert response.status_code == 302
    paper = Response.objects.get()
    assert (paper.source, paper.department, paper.invitation_id) == ("paper", "Water", None)
    assert AuditEvent.objects.filter(detail="paper response entered").count() == 1


def test_it_invites_participants_to_a_participant_survey(client, southside, coach):
    from tests.factories import ParticipantFactory
    from tests.surveys.conftest import make_survey, make_wave
    from workbridge.surveys.models import SurveyKind

    ParticipantFactory(organisation=southside, email="p1@example.org", preferred_language="es")
    ParticipantFactory(organisation=southside, email="")
    survey = make_survey(southside, coach, kind=SurveyKind.PARTICIPANT_SATISFACTION)
    wave = make_wave(survey, coach)
    client.force_login(coach)
    client.post(reverse("surveys:invite_people", args=[wave.pk]), {"source": "participants"})
    assert list(Invitation.objects.values_list("email", "language")) == [("p1@example.org", "es")]
