"""Candidate-experience surveys go to the applicants of a requisition who reached a stage:
the recruiter uploads the tracking system's contact list, and the applicant-flow import
decides who got that far."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.surveys.conftest import make_survey, make_wave
from workbridge.equity.models import Applicant, Requisition
from workbridge.surveys.models import Invitation, SurveyKind


@pytest.fixture
def exam_wave(southside, analyst):
    """A survey for after the written exam; requisition R-7 (Water, Engineer) has four
    applicants: A1 and A2 reached stage 2 (the exam), A3 stopped at stage 1, A4 at 0."""
    requisition = Requisition.objects.create(
        organisation=southside,
        external_id="R-7",
        department="Water",
        job_title="Engineer",
        year=date.today().year,
    )
    for external_id, reached, eeo in (
        ("A1", 2, "black"),
        ("A2", 3, "hispanic"),
        ("A3", 1, "white"),
        ("A4", 0, "black"),
    ):
        Applicant.objects.create(
            organisation=southside,
            requisition=requisition,
            external_id=external_id,
            eeo_category=eeo,
            reached=reached,
        )
    return make_wave(make_survey(southside, analyst, kind=SurveyKind.CANDIDATE_EXAM), analyst)


def _post(client, wave, text: str, *, requisition="R-7", stage=2):
    return client.post(
        reverse("surveys:invite_applicants", args=[wave.pk]),
        {
            "requisition": requisition,
            "stage": stage,
            "file": SimpleUploadedFile("contacts.csv", text.encode(), content_type="text/csv"),
        },
        follow=True,
    )


CONTACTS = (
    "applicant_id,email,language\n"
    "A1,one@example.org,en\n"
    "A2,two@example.org,es\n"
    "A3,three@example.org,en\n"
    "A4,four@example.org,en\n"
)


def test_it_invites_only_those_who_reached_the_stage(client, exam_wave, analyst):
    client.force_login(analyst)
    response = _post(client, exam_wave, CONTACTS)
    assert "2 people were added. 2 on the list did not reach the stage." in response.text
    invited = Invitation.objects.filter(wave=exam_wave).order_by("email")
    assert [(i.email, i.language, i.department, i.job_title) for i in invited] == [
        ("one@example.org", "en", "Water", "Engineer"),
        ("two@example.org", "es", "Water", "Engineer"),
    ]
    # the group for results by group is the applicant's category from the import
    assert [i.group for i in invited] == ["Black or African American", "Hispanic or Latino"]


def test_an_id_that_is_not_an_applicant_of_the_requisition_adds_nobody(client, exam_wave, analyst):
    client.force_login(analyst)
    response = _post(client, exam_wave, CONTACTS + "A9,nine@example.org,en\n")
    assert response.status_code == 400
    assert "Row 6, column “applicant_id”: no applicant A9 in requisition R-7" in response.text
    assert not Invitation.objects.exists()


def test_a_list_without_applicant_ids_is_refused(client, exam_wave, analyst):
    client.force_login(analyst)
    response = _post(client, exam_wave, "email\none@example.org\n")
    assert response.status_code == 400
    assert "there is no “applicant_id” column" in response.text


def test_an_unknown_requisition_is_named(client, exam_wave, analyst):
    client.force_login(analyst)
    response = _post(client, exam_wave, CONTACTS, requisition="R-404")
    assert "No requisition has this id; import it first." in response.text
    assert not Invitation.objects.exists()


def test_other_kinds_of_survey_have_no_applicant_audience(client, wave, analyst):
    client.force_login(analyst)
    response = client.get(reverse("surveys:invite_applicants", args=[wave.pk]))
    assert response.status_code == 404
