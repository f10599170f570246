"""A readiness assessment can be read back as it was recorded, question by question."""

from datetime import date

from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.people.models import AssessmentItem
from workbridge.people.services import assessment_record, instrument_for


def _record(coach, participant):
    instrument = instrument_for(participant.organisation)
    items = list(instrument.items.filter(is_active=True).order_by("position", "id"))
    answers = {item.pk: index % 5 for index, item in enumerate(items)}
    assessment = assessment_record(
        participant=participant,
        by=coach,
        taken_on=date(2026, 11, 20),
        answers=answers,
        notes="Talked through interview nerves.",
    )
    return assessment, items, answers


def test_it_shows_every_question_with_the_answer_given(client, coach, southside):
    # given an assessment recorded for a participant
    rosa = ParticipantFactory(organisation=southside, first_name="Rosa", last_name="Vega")
    assessment, items, answers = _record(coach, rosa)
    client.force_login(coach)
    # when its page is opened from the participant's readiness table
    detail = client.get(reverse("people:detail", args=[rosa.pk])).content.decode()
    url = reverse("people:assessment", args=[rosa.pk, assessment.pk])
    response = client.get(url)
    # then each question appears with the answer on the 0–4 scale, and the notes
    text = " ".join(response.content.decode().split())
    assert f'href="{url}"' in detail
    assert response.status_code == 200
    rows = [(a["question"], a["value"]) for a in response.context["answers"]]
    assert rows == [(item.text, answers[item.pk]) for item in items]
    assert "0 — Not at all" in text and "4 — Completely" in text
    assert "Talked through interview nerves." in text
    # and the read is audited
    event = AuditEvent.objects.get(action="view", detail=f"readiness assessment {assessment.pk}")
    assert (event.actor, event.object_id) == (coach, str(rosa.pk))


def test_it_shows_the_questions_in_spanish_where_the_instrument_has_them(client, coach, southside):
    rosa = ParticipantFactory(organisation=southside, first_name="Rosa")
    assessment, items, _answers = _record(coach, rosa)
    AssessmentItem.objects.filter(pk=items[0].pk).update(text_es="¿Sabe a qué trabajo aspira?")
    client.force_login(coach)
    response = client.get(
        reverse("people:assessment", args=[rosa.pk, assessment.pk]), HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.context["answers"][0]["question"] == "¿Sabe a qué trabajo aspira?"


def test_another_participants_assessment_is_not_found_through_this_one(client, coach, southside):
    rosa = ParticipantFactory(organisation=southside)
    ben = ParticipantFactory(organisation=southside)
    theirs, _items, _answers = _record(coach, ben)
    client.force_login(coach)
    response = client.get(reverse("people:assessment", args=[rosa.pk, theirs.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="view").exists()
