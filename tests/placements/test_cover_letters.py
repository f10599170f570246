"""Cover letters: drafted from the profile and the opening, edited, downloaded as PDF."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from workbridge.accounts.models import AuditEvent
from workbridge.people.services import certification_add, skill_add, work_history_add
from workbridge.placements.cover_letters import (
    cover_letter_draft,
    cover_letter_for,
    cover_letter_save,
)
from workbridge.placements.models import CoverLetter


@pytest.fixture
def profiled(coach, rosa):
    rosa.resume_summary = "Reliable line cook with five years in busy kitchens."
    rosa.email = "rosa@example.org"
    rosa.save(update_fields=["resume_summary", "email"])
    skill_add(participant=rosa, by=coach, name="Knife skills")
    certification_add(participant=rosa, by=coach, name="ServSafe Food Handler")
    work_history_add(
        participant=rosa,
        by=coach,
        employer_name="Lakeside Diner",
        job_title="Line cook",
        started_on=date(2021, 5, 1),
    )
    return rosa


def test_the_draft_is_built_from_the_profile_and_the_opening(profiled, opening):
    draft = cover_letter_draft(profiled, opening)
    assert draft.startswith("Dear hiring manager at Acme Foods,")
    for text in (
        "apply for the Line cook position",
        "Reliable line cook with five years in busy kitchens.",
        "Most recently I worked as Line cook at Lakeside Diner.",
        "My skills include Knife skills.",
        "ServSafe Food Handler",
    ):
        assert text in draft
    assert draft.endswith("Sincerely,\nRosa Alvarez")


def test_a_skill_the_opening_asks_for_is_named_as_such(coach, profiled, opening):
    opening.required_skills = ["knife skills"]
    opening.save(update_fields=["required_skills"])
    assert "I bring Knife skills, which this position asks for." in cover_letter_draft(
        profiled, opening
    )


def test_the_case_managers_edit_is_kept_and_audited(coach, profiled, opening):
    cover_letter_save(participant=profiled, opening=opening, by=coach, body="  My own words.  ")
    cover_letter_save(participant=profiled, opening=opening, by=coach, body="Better words.")
    letter = cover_letter_for(participant=profiled, opening=opening, by=coach)
    assert (letter.pk is not None, letter.body) == (True, "Better words.")
    assert CoverLetter.objects.count() == 1
    actions = list(
        AuditEvent.objects.filter(object_type="placements.coverletter").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "update"]


def test_an_empty_letter_is_refused(coach, profiled, opening):
    with pytest.raises(ValidationError):
        cover_letter_save(participant=profiled, opening=opening, by=coach, body="   ")
    assert not CoverLetter.objects.exists()


def test_the_editor_saves_and_the_pdf_carries_the_letter(client, coach, profiled, opening):
    client.force_login(coach)
    url = reverse("placements:cover_letter", args=[profiled.pk, opening.pk])
    assert "Dear hiring manager at Acme Foods," in client.get(url).content.decode()
    client.post(url, {"body": "Dear Ms. Lee,\n\nI would like to cook for you."})
    response = client.get(reverse("placements:cover_letter_pdf", args=[profiled.pk, opening.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="cover-letter-rosa-alvarez-acme-foods.pdf"'
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "I would like to cook for you." in text and "rosa@example.org" in text
    resume = client.get(reverse("people:resume", args=[profiled.pk])).content.decode()
    assert reverse("placements:cover_letter_pdf", args=[profiled.pk, opening.pk]) in resume


def test_another_organisation_cannot_read_or_write_the_letter(client, other_coach, rosa, opening):
    client.force_login(other_coach)
    url = reverse("placements:cover_letter", args=[rosa.pk, opening.pk])
    assert client.post(url, {"body": "Hello"}).status_code == 404
    assert client.get(url + ".pdf").status_code == 404
    assert not CoverLetter.objects.exists()
