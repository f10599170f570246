"""Anonymity that holds: nothing in the database ties an anonymous response to a person."""

import uuid
from datetime import date

from django.apps import apps
from django.urls import reverse

from tests.surveys.conftest import invite, make_survey, make_wave, question
from workbridge.accounts.models import AuditEvent
from workbridge.surveys.models import Answer, Invitation, Response


def _submit(client, wave, token, value):
    client.post(
        reverse("surveys:respond", args=[token]),
        {f"q_{question(wave, 'satisfied').pk}": str(value), "action": "submit"},
    )


def _every_value_in_the_database() -> set[str]:
    values: set[str] = set()
    for model in apps.get_models():
        for row in model._base_manager.values_list():
            values |= {str(v) for v in row if v is not None}
    return values


def test_it_keeps_nothing_that_links_an_anonymous_response_to_a_person(client, wave, analyst):
    # given two people of one department, both answering
    tokens = invite(
        wave, analyst, [("rosa@example.org", "en", "Water"), ("juan@example.org", "es", "Water")]
    )
    _submit(client, wave, tokens["rosa@example.org"], 5)
    _submit(client, wave, tokens["juan@example.org"], 2)
    # then each response holds the wave, the date, the group and its answers, nothing else
    rows = list(Response.objects.values())
    assert len(rows) == 2
    for row in rows:
        assert isinstance(row["id"], uuid.UUID)
        assert row["invitation_id"] is None
        assert type(row["submitted_on"]) is date
        assert row["language"] == ""  # Rosa was asked in English, Juan in Spanish
        assert set(row) == {
            "id",
            "wave_id",
            "version_id",
            "invitation_id",
            "submitted_on",
            "department",
            "group",
            "language",
            "source",
        }
    # the invitations record only that they were used: no time, no response
    for invitation in Invitation.objects.all():
        assert invitation.status == "responded"
        assert invitation.partial == {}
    invitation_fields = {f.name for f in Invitation._meta.get_fields()}
    assert not invitation_fields & {"used_at", "responded_at", "updated_at"}
    # no response or answer row carries an invitation's address, nonce or digest
    identifiers = set()
    for invitation in Invitation.objects.all():
        identifiers |= {invitation.email, invitation.nonce, invitation.digest}
    stored = {
        str(v)
        for model in (Response, Answer)
        for row in model.objects.values_list()
        for v in row
        if v is not None
    }
    assert not identifiers & stored
    # no audit event was written by the respondents
    assert not AuditEvent.objects.filter(object_type="surveys.response").exists()
    assert not AuditEvent.objects.filter(object_type="surveys.invitation").exists()


def test_it_keeps_the_link_between_response_and_invitation_in_a_named_survey(
    client, southside, analyst
):
    survey = make_survey(southside, analyst, anonymous=False)
    wave = make_wave(survey, analyst)
    tokens = invite(wave, analyst, [("rosa@example.org", "en", "Water")])
    _submit(client, wave, tokens["rosa@example.org"], 4)
    assert Response.objects.get().invitation == Invitation.objects.get()


def test_it_leaves_no_token_anywhere_in_the_database(client, wave, analyst):
    tokens = invite(wave, analyst, [("rosa@example.org", "en", "Water")])
    _submit(client, wave, tokens["rosa@example.org"], 4)
    assert tokens["rosa@example.org"] not in _every_value_in_the_database()
