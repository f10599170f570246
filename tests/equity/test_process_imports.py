"""Importing application-session events and optional-step outcomes: every row is checked
first, problems name their row and column, nothing is half-imported, and importing again
replaces the same applicants' rows."""

import io
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from tests.equity.report_data import applicants, requisition
from workbridge.accounts.models import AuditEvent
from workbridge.equity.models import Applicant, ApplicationSessionEvent, OptionalStepOutcome

pytestmark = pytest.mark.django_db


def upload(client, name, text, filename="file.csv"):
    body = SimpleUploadedFile(filename, text.encode(), content_type="text/csv")
    return client.post(reverse(f"equity:{name}"), {"file": body})


@pytest.fixture
def people(southside):
    req = requisition(southside, year=2025)
    return {a.external_id: a for a in applicants(southside, req, "white", "female", 0, 2)}


def ids(people):
    return sorted(people)


def test_it_imports_session_events_and_audits_the_import(client, analyst, people):
    # given
    first, second = ids(people)
    client.force_login(analyst)
    text = (
        "Applicant ID,Session,Step,Event,When,Minutes\n"
        f"{first},1,Contact,Started,2025-03-01 10:00,0\n"
        f"{first},1,Work history,help requested,,12.5\n"
        f"{second},,Review,submitted,03/02/2025 18:30,9\n"
    )
    # when
    response = upload(client, "process_sessions_import", text)
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("equity:report", args=["application-process"])
    rows = list(
        ApplicationSessionEvent.objects.order_by("pk").values_list(
            "applicant__external_id", "session", "step", "kind", "minutes"
        )
    )
    assert rows == [
        (first, "1", "Contact", "started", 0.0),
        (first, "1", "Work history", "help_requested", 12.5),
        # no session: the day of the event is the session
        (second, "2025-03-02", "Review", "submitted", 9.0),
    ]
    event = AuditEvent.objects.get(object_type="equity.applicationsessionevent")
    assert event.actor == analyst
    assert "3 events of 2 applicants" in event.detail


def test_it_names_the_row_and_column_of_each_bad_value_and_writes_nothing(client, analyst, people):
    # given
    first, _second = ids(people)
    client.force_login(analyst)
    text = (
        "applicant_id,session,event,minutes\n"
        f"{first},1,started,0\n"
        f"{first},1,clicked,3\n"
        "NOBODY,1,saved,4\n"
        f"{first},1,saved,-2\n"
    )
    # when
    response = upload(client, "process_sessions_import", text)
    # then
    assert response.status_code == 200
    assert list(response.context["problems"]) == [
        (
            3,
            "event",
            "“clicked” is not an event: use started, saved, submitted, help requested or"
            " validation warning.",
        ),
        (5, "minutes", "“-2” cannot be below zero."),
        (4, "applicant_id", "No applicant has the id “NOBODY”."),
    ]
    assert "The file has 3 problems; nothing was imported." in response.content.decode()
    assert not ApplicationSessionEvent.objects.exists()


def test_it_asks_for_a_session_or_a_time(client, analyst, people):
    first, _second = ids(people)
    client.force_login(analyst)
    response = upload(client, "process_sessions_import", f"applicant_id,event\n{first},saved\n")
    assert response.context["problems"] == [(2, "", "Give the session or the time of the event.")]
    assert not ApplicationSessionEvent.objects.exists()


def test_it_asks_for_the_requisition_when_an_applicant_id_is_in_two(client, analyst, southside):
    # given the same applicant id in two requisitions
    r1 = requisition(southside, year=2025)
    r2 = requisition(southside, year=2025)
    for req in (r1, r2):
        Applicant.objects.create(organisation=southside, requisition=req, external_id="SAME")
    client.force_login(analyst)
    # when no requisition id is given
    refused = upload(
        client, "process_sessions_import", "applicant_id,session,event\nSAME,1,saved\n"
    )
    # then
    assert refused.context["problems"] == [
        (
            2,
            "applicant_id",
            "The applicant id “SAME” is in 2 requisitions: add a requisition id column.",
        )
    ]
    # when the requisition is named
    text = f"applicant_id,requisition_id,session,event\nSAME,{r2.external_id},1,saved\n"
    accepted = upload(client, "process_sessions_import", text)
    # then
    assert accepted.status_code == 302
    assert list(
        ApplicationSessionEvent.objects.values_list("applicant__requisition", flat=True)
    ) == [r2.pk]


def test_it_replaces_the_events_of_the_applicants_in_the_file(client, analyst, people):
    # given two applicants' events
    first, second = ids(people)
    client.force_login(analyst)
    upload(
        client,
        "process_sessions_import",
        f"applicant_id,session,event\n{first},1,started\n{first},1,saved\n{second},1,started\n",
    )
    announced = []

    def heard(sender, instance, **kwargs):
        announced.append(instance.organisation_id)

    # when the first applicant's events are imported again, fewer of them
    post_delete.connect(heard, sender=ApplicationSessionEvent)
    try:
        upload(
            client, "process_sessions_import", f"applicant_id,session,event\n{first},2,submitted\n"
        )
    finally:
        post_delete.disconnect(heard, sender=ApplicationSessionEvent)
    # then the replaced events are announced once, to whoever listens (a plan measure),
    # and the second applicant's are untouched
    assert announced == [people[first].organisation_id]
    assert sorted(
        ApplicationSessionEvent.objects.values_list("applicant__external_id", "session", "kind")
    ) == sorted([(first, "2", "submitted"), (second, "1", "started")])


def test_it_never_finds_another_organisations_applicants(client, other_analyst, people):
    first, _second = ids(people)
    client.force_login(other_analyst)
    response = upload(
        client, "process_steps_import", f"applicant_id,step,outcome\n{first},Phone,passed\n"
    )
    assert response.context["problems"] == [
        (2, "applicant_id", f"No applicant has the id “{first}”.")
    ]
    assert not OptionalStepOutcome.objects.exists()


def test_it_imports_optional_steps_telling_skipped_from_failed(client, analyst, people):
    # given
    first, second = ids(people)
    client.force_login(analyst)
    text = (
        "applicant_id,step,outcome\n"
        f"{first},Phone interview,Passed\n"
        f"{first},Secondary screening,not offered\n"
        f"{second},Phone interview,no\n"
        f"{second},Secondary screening,\n"
    )
    # when
    response = upload(client, "process_steps_import", text)
    # then
    assert response.status_code == 302
    assert sorted(
        OptionalStepOutcome.objects.values_list("applicant__external_id", "step", "outcome")
    ) == sorted(
        [
            (first, "Phone interview", "passed"),
            (first, "Secondary screening", "skipped"),
            (second, "Phone interview", "failed"),
            (second, "Secondary screening", "skipped"),
        ]
    )


def test_it_refuses_an_unknown_outcome_and_a_repeated_step(client, analyst, people):
    first, second = ids(people)
    client.force_login(analyst)
    text = (
        "applicant_id,step,outcome\n"
        f"{first},Phone interview,maybe\n"
        f"{second},Phone interview,passed\n"
        f"{second},phone interview,failed\n"
    )
    response = upload(client, "process_steps_import", text)
    assert response.context["problems"] == [
        (2, "outcome", "“maybe” is not an outcome: use passed, failed, skipped or not offered."),
        (4, "step", "The same applicant and step is on line 3."),
    ]
    assert not OptionalStepOutcome.objects.exists()


def test_it_needs_an_outcome_column(client, analyst, people):
    first, _second = ids(people)
    client.force_login(analyst)
    response = upload(client, "process_steps_import", f"applicant_id,step\n{first},Phone\n")
    assert response.context["problems"] == [(1, "outcome", "The file has no column for “outcome”.")]


def test_it_replaces_an_applicants_outcome_at_the_same_step_only(client, analyst, people):
    # given
    first, _second = ids(people)
    client.force_login(analyst)
    upload(
        client,
        "process_steps_import",
        f"applicant_id,step,outcome\n{first},Phone interview,failed\n{first},Screening,passed\n",
    )
    # when the phone interview is corrected
    upload(
        client,
        "process_steps_import",
        f"applicant_id,step,outcome\n{first},Phone interview,passed\n",
    )
    # then
    assert sorted(OptionalStepOutcome.objects.values_list("step", "outcome")) == [
        ("Phone interview", "passed"),
        ("Screening", "passed"),
    ]


@pytest.mark.parametrize("name", ["process_sessions_import", "process_steps_import"])
def test_it_turns_away_a_case_manager_and_changes_nothing(client, staff, people, name):
    first, _second = ids(people)
    client.force_login(staff)
    response = upload(
        client, name, f"applicant_id,session,step,event,outcome\n{first},1,Phone,saved,passed\n"
    )
    assert response.status_code == 403
    assert not ApplicationSessionEvent.objects.exists()
    assert not OptionalStepOutcome.objects.exists()


def test_it_offers_sample_files_the_imports_accept(client, analyst, southside):
    # given the applicants the sample files name
    req = requisition(southside, year=2025)
    req.external_id = "R-2025-001"
    req.save(update_fields=["external_id"])
    for external_id in ("A-1042", "A-1043"):
        made = applicants(southside, req, "white", "male", 0, 1)[0]
        made.external_id = external_id
        made.save(update_fields=["external_id"])
    client.force_login(analyst)
    for template, name in (
        ("process_sessions_template", "process_sessions_import"),
        ("process_steps_template", "process_steps_import"),
    ):
        # when
        sample = client.get(reverse(f"equity:{template}")).content.decode("utf-8-sig")
        response = upload(client, name, sample)
        # then
        assert response.status_code == 302
    assert ApplicationSessionEvent.objects.count() == 3
    assert OptionalStepOutcome.objects.count() == 3


def test_it_reads_an_xlsx_file_with_time_and_number_cells(client, analyst, people):
    # given a workbook whose time and minutes are typed cells
    first, _second = ids(people)
    book = Workbook()
    sheet = book.active
    sheet.append(["Applicant ID", "Event", "Timestamp", "Minutes"])
    sheet.append([first, "Submitted", datetime(2025, 3, 2, 18, 30, 15), 12.5])
    body = io.BytesIO()
    book.save(body)
    client.force_login(analyst)
    # when
    response = client.post(
        reverse("equity:process_sessions_import"),
        {"file": SimpleUploadedFile("events.xlsx", body.getvalue())},
    )
    # then
    assert response.status_code == 302
    event = ApplicationSessionEvent.objects.get()
    assert (event.session, event.kind, event.minutes) == ("2025-03-02", "submitted", 12.5)
    assert timezone.localtime(event.occurred_at).replace(tzinfo=None) == datetime(
        2025, 3, 2, 18, 30, 15
    )
