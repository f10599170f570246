"""Procedures and checklists: versions, who read each and when, and the share of
interviewers who acknowledged the current version as a plan metric."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from workbridge.accounts.models import AuditEvent
from workbridge.interviews.models import Acknowledgement, Procedure
from workbridge.interviews.procedures import (
    procedure_acknowledge,
    procedure_create,
    procedure_revise,
)
from workbridge.web.metrics import get


@pytest.fixture
def guide(southside, analyst):
    return procedure_create(
        organisation=southside,
        by=analyst,
        title="Interviewer guide",
        kind="checklist",
        audience="interviewers",
        body="Ask every candidate the same questions.",
    )


def test_a_revision_is_a_new_version_and_earlier_reads_stay_with_the_old_one(analyst, coach, guide):
    procedure_acknowledge(version=guide.current, user=coach)
    procedure_acknowledge(version=guide.current, user=coach)  # once only
    first = guide.current
    second = procedure_revise(
        procedure=guide, by=analyst, body="Ask the same questions; score alone first."
    )
    assert (first.number, second.number, guide.current.number) == (1, 2, 2)
    assert list(Acknowledgement.objects.values_list("version__number", "user")) == [(1, coach.pk)]
    assert AuditEvent.objects.filter(object_type="interviews.acknowledgement").count() == 1


def test_an_unchanged_or_empty_text_is_not_a_new_version(analyst, guide):
    for body in ("Ask every candidate the same questions.", "  "):
        with pytest.raises(ValidationError):
            procedure_revise(procedure=guide, by=analyst, body=body)
    assert guide.versions.count() == 1


def test_nobody_outside_the_organisation_or_an_employer_login_acknowledges(
    other_coach, employer_user, guide
):
    for user in (other_coach, employer_user):
        with pytest.raises(PermissionDenied):
            procedure_acknowledge(version=guide.current, user=user)
    assert not Acknowledgement.objects.exists()


def test_the_metric_is_the_share_of_interviewers_who_read_the_current_version(
    southside, analyst, coach, manager, panel, guide
):
    # given: Alice and Maria sit on a panel; Alice read version 1
    procedure_acknowledge(version=guide.current, user=coach)
    measure = get("interviews.procedure_acknowledged")
    assert measure.unit == "share"
    assert measure(southside, procedure_id=guide.pk) == 0.5
    # the analyst reading it changes nothing: she is not an interviewer
    procedure_acknowledge(version=guide.current, user=analyst)
    assert measure(southside, procedure_id=guide.pk) == 0.5
    # a new version starts again
    procedure_revise(procedure=guide, by=analyst, body="New text.")
    assert measure(southside, procedure_id=guide.pk) == 0.0
    procedure_acknowledge(version=guide.current, user=coach)
    procedure_acknowledge(version=guide.current, user=manager)
    assert measure(southside, procedure_id=guide.pk) == 1.0


def test_the_metric_has_nothing_to_measure_without_interviewers_or_the_procedure(
    southside, northside, guide
):
    measure = get("interviews.procedure_acknowledged")
    assert measure(southside, procedure_id=guide.pk) is None
    assert measure(northside, procedure_id=guide.pk) is None


def test_the_pages_publish_acknowledge_and_show_who_read_it(client, analyst, coach, panel):
    client.force_login(analyst)
    client.post(
        reverse("interviews:procedure_new"),
        {
            "title": "Hiring manager checklist",
            "kind": "checklist",
            "audience": "hiring_managers",
            "body": "Post the job for ten days.",
        },
    )
    procedure = Procedure.objects.get()
    client.force_login(coach)
    page = client.get(reverse("interviews:procedure", args=[procedure.pk])).content.decode()
    assert "Post the job for ten days." in page and "Who has read" not in page
    client.post(reverse("interviews:procedure_acknowledge", args=[procedure.pk]))
    client.force_login(analyst)
    page = client.get(reverse("interviews:procedure", args=[procedure.pk])).content.decode()
    assert "1 of 2 interviewers." in page and "Alice Coach" in page


def test_staff_cannot_write_a_procedure(client, coach):
    client.force_login(coach)
    response = client.post(
        reverse("interviews:procedure_new"),
        {"title": "Mine", "kind": "checklist", "audience": "everyone", "body": "Text"},
    )
    assert response.status_code == 403
    assert not Procedure.objects.exists()
