"""A participant's plan in their own language, and milestone reminders they opted into."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.core.reminders import MilestoneDue, reminder_due
from workbridge.people.models import Milestone, MilestoneReminder, ReminderConsent
from workbridge.people.reminders import reminder_consent_record, reminders_send
from workbridge.web import sms

TODAY = date(2026, 6, 10)
# Noon in Chicago on TODAY, so the local date is TODAY whatever the machine's zone.
NOON = datetime(2026, 6, 10, 12, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture
def lucia(coach):
    participant = ParticipantFactory(
        organisation=coach.membership.organisation,
        first_name="Lucía",
        last_name="Reyes",
        email="lucia@example.org",
        phone="312-555-0142",
        preferred_language="es",
        assigned_to=coach,
        enrolled_on=date(2026, 3, 1),
        planned_exit_on=date(2026, 9, 1),
    )
    Milestone.objects.create(
        participant=participant, title="Resume drafted", due_on=date(2026, 6, 12)
    )
    Milestone.objects.create(
        participant=participant, title="Mock interview completed", due_on=date(2026, 7, 1)
    )
    Milestone.objects.create(
        participant=participant,
        title="Career goal set and first readiness assessment done",
        due_on=date(2026, 5, 1),
        done_on=date(2026, 4, 28),
    )
    return participant


@pytest.fixture(autouse=True)
def empty_text_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


# The rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 6, 6), False),  # four days ahead: not yet
        (date(2026, 6, 7), True),  # three days ahead: the first day
        (date(2026, 6, 10), True),  # the due date itself
        (date(2026, 6, 11), False),  # past due: the case manager follows up, not a reminder
    ],
)
def test_a_milestone_is_due_a_reminder_from_the_chosen_days_before_until_its_date(today, expected):
    milestone = MilestoneDue(1, date(2026, 6, 10), done=False, reminded_for=frozenset())
    assert reminder_due(milestone, today=today, days_before=3) is expected


def test_a_done_or_already_reminded_milestone_is_not_reminded_again():
    due = date(2026, 6, 10)
    assert not reminder_due(MilestoneDue(1, due, True, frozenset()), today=due, days_before=3)
    assert not reminder_due(MilestoneDue(1, due, False, frozenset({due})), today=due, days_before=3)
    # a milestone moved to a new date is reminded of the new date
    assert reminder_due(
        MilestoneDue(1, due, False, frozenset({date(2026, 6, 1)})), today=due, days_before=3
    )


# Opt-in --------------------------------------------------------------------------------


def test_it_records_the_opt_in_with_who_and_when_in_the_audit_log(coach, lucia):
    # when
    consent = reminder_consent_record(
        participant=lucia, by=coach, by_email=True, by_text=True, days_before=2, on=TODAY
    )
    # then
    assert (consent.by_email, consent.by_text, consent.days_before) == (True, True, 2)
    assert (consent.recorded_on, consent.recorded_by) == (TODAY, coach)
    event = AuditEvent.objects.get(object_type="people.reminderconsent", object_id=str(consent.pk))
    assert event.actor == coach
    assert set(event.fields) == {"by_email", "by_text", "days_before"}


def test_a_channel_without_an_address_cannot_be_chosen(coach, lucia):
    lucia.phone = ""
    lucia.save(update_fields=["phone"])
    with pytest.raises(ValidationError) as raised:
        reminder_consent_record(
            participant=lucia, by=coach, by_email=False, by_text=True, days_before=3, on=TODAY
        )
    assert "by_text" in raised.value.error_dict
    assert not ReminderConsent.objects.exists()


def test_another_organisations_coach_cannot_record_the_opt_in(client, other_coach, lucia):
    client.force_login(other_coach)
    response = client.post(
        reverse("people:plan", args=[lucia.pk]), {"by_email": "on", "days_before": "3"}
    )
    assert response.status_code == 404
    assert not ReminderConsent.objects.exists()


def test_the_plan_page_saves_the_opt_in(client, coach, lucia):
    client.force_login(coach)
    response = client.post(
        reverse("people:plan", args=[lucia.pk]), {"by_text": "on", "days_before": "5"}
    )
    assert response.status_code == 302
    consent = ReminderConsent.objects.get(participant=lucia)
    assert (consent.by_email, consent.by_text, consent.days_before) == (False, True, 5)


# Sending -------------------------------------------------------------------------------


def test_it_sends_each_due_reminder_once_by_email_and_text_in_the_participants_language(
    coach, lucia
):
    # given: Lucía agreed to both channels, three days ahead
    reminder_consent_record(
        participant=lucia, by=coach, by_email=True, by_text=True, days_before=3, on=TODAY
    )
    # when: the daily run goes twice on the same day
    first = reminders_send(today=TODAY)
    second = reminders_send(today=TODAY)
    # then: only "Resume drafted" (due in two days) is reminded, once on each channel
    assert (first.emails, first.texts, first.failed) == (1, 1, 0)
    assert (second.emails, second.texts) == (0, 0)
    assert [m.to for m in mail.outbox] == [["lucia@example.org"]]
    assert [m.to for m in sms.outbox] == ["312-555-0142"]
    assert "12 jun 2026" in sms.outbox[0].body  # the date as Spanish readers write it
    assert mail.outbox[0].body == sms.outbox[0].body
    assert set(MilestoneReminder.objects.values_list("channel", flat=True)) == {"email", "text"}


def test_it_sends_nothing_to_a_participant_who_did_not_opt_in(coach, lucia):
    reminder_consent_record(
        participant=lucia, by=coach, by_email=False, by_text=False, days_before=3, on=TODAY
    )
    run = reminders_send(today=TODAY)
    assert (run.emails, run.texts) == (0, 0)
    assert mail.outbox == [] and sms.outbox == []


def test_it_sends_nothing_after_the_participant_exits(coach, lucia):
    reminder_consent_record(
        participant=lucia, by=coach, by_email=True, by_text=True, days_before=3, on=TODAY
    )
    lucia.exited_on = date(2026, 6, 1)
    lucia.save(update_fields=["exited_on"])
    assert reminders_send(today=TODAY).emails == 0


class RefusingBackend(sms.BaseBackend):
    def send_messages(self, messages):
        return 0


@override_settings(SMS_BACKEND="tests.people.test_plan_reminders.RefusingBackend")
def test_the_text_backend_is_pluggable_and_a_refused_message_is_recorded_as_not_sent(coach, lucia):
    reminder_consent_record(
        participant=lucia, by=coach, by_email=False, by_text=True, days_before=3, on=TODAY
    )
    run = reminders_send(today=TODAY)
    assert (run.texts, run.failed) == (0, 1)
    assert sms.outbox == []
    assert MilestoneReminder.objects.get().delivered is False


@time_machine.travel(NOON, tick=False)
def test_the_daily_command_sends_todays_reminders(coach, lucia):
    reminder_consent_record(
        participant=lucia, by=coach, by_email=False, by_text=True, days_before=3, on=TODAY
    )
    out = io.StringIO()
    call_command("workbridge_reminders", "--now", stdout=out)
    assert "texts: 1" in out.getvalue()
    assert len(sms.outbox) == 1


# The plan ------------------------------------------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_the_plan_shows_steps_ahead_and_done_in_the_participants_language(client, coach, lucia):
    client.force_login(coach)
    response = client.get(reverse("people:plan", args=[lucia.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="es"' in html
    # the steps in Lucía's language, in date order
    assert html.index("Currículum redactado") < html.index("Entrevista de práctica completada")
    assert "12 jun 2026" in html and "28 abr 2026" in html
    assert AuditEvent.objects.filter(
        object_type="people.participant", object_id=str(lucia.pk), detail="plan"
    ).exists()


@time_machine.travel(NOON, tick=False)
def test_the_plan_downloads_as_a_pdf(client, coach, lucia):
    client.force_login(coach)
    response = client.get(reverse("people:plan_pdf", args=[lucia.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan-lucia-reyes.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Currículum redactado" in text and "Lucía Reyes" in text


def test_an_employer_partner_cannot_see_a_plan(client, employer_user, lucia):
    client.force_login(employer_user)
    assert client.get(reverse("people:plan", args=[lucia.pk])).status_code == 403
