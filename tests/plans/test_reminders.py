"""Owners get one e-mail about actions due within 30 days and measures gone off track."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from workbridge.plans.reminders import reminders_send
from workbridge.plans.services import measure_save, measure_value_enter, reminders_choose

pytestmark = pytest.mark.django_db


@pytest.fixture
def off_track(action, analyst):
    measure = measure_save(
        action=action,
        data={"title": "Interviewers trained", "target_value": 0.75, "baseline_value": 0.5},
        metric_key="",
        parameters={},
        by=analyst,
    )
    measure_value_enter(measure=measure, value=0.4, on=timezone.localdate(), by=analyst)
    return measure


def test_it_reminds_the_owner_once_of_a_due_action_and_an_off_track_measure(
    coach, action, off_track
):
    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    # when
    assert reminders_send() == 1
    assert reminders_send() == 0
    # then
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "Train every interviewer in structured interviewing" in body
    assert "Interviewers trained" in body


def test_it_sends_nothing_to_an_owner_who_opted_out(coach, action, off_track):
    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    reminders_choose(user=coach, receive=False)
    assert reminders_send() == 0
    assert mail.outbox == []


def test_it_leaves_out_actions_due_later_or_done(coach, action):
    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    action.due_on = timezone.localdate() + timedelta(days=31)
    action.save(update_fields=["due_on"])
    assert reminders_send() == 0


def test_the_opt_out_is_chosen_on_the_plans_page(client, coach):
    client.force_login(coach)
    client.post("/plans/reminders/", {})
    assert coach.plan_reminders.receive is False


def test_the_nightly_command_recomputes_and_reminds(coach, action, off_track):
    from io import StringIO

    from django.core.management import call_command

    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    out = StringIO()
    call_command("plans_nightly", stdout=out)
    assert out.getvalue().strip() == "0 measure values computed; 1 reminders sent"
