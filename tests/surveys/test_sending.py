"""Sending in the background: links and reminders go out in batches through the task
worker, the wave page follows the progress, and a wave never has two sendings at once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.surveys.conftest import invite
from workbridge.surveys import send_work
from workbridge.surveys.models import Invitation, InvitationStatus, SendRun
from workbridge.surveys.send_work import send_run_process
from workbridge.surveys.sending import send_queue

LINKS = "https://workbridge.example/"


def _people(n: int) -> list[tuple[str, str, str]]:
    return [(f"person{k:03}@example.org", "en", "Water") for k in range(n)]


def test_queueing_sends_nothing_until_the_worker_runs(wave, analyst):
    invite(wave, analyst, _people(3))
    run = send_queue(wave=wave, kind=SendRun.Kind.INVITATIONS, link_base=LINKS, by=analyst)
    assert (run.status, run.total, run.sent) == ("queued", 3, 0)
    assert mail.outbox == []


def test_the_worker_sends_in_batches_and_counts_progress(wave, analyst, monkeypatch):
    # given 7 people and batches of 3
    monkeypatch.setattr(send_work, "BATCH", 3)
    invite(wave, analyst, _people(7))
    run = send_queue(wave=wave, kind=SendRun.Kind.INVITATIONS, link_base=LINKS, by=analyst)
    # when
    done = send_run_process(run.pk)
    # then everybody has one message, with a link under the sender's address
    assert (done.status, done.sent, done.total) == ("done", 7, 7)
    assert len(mail.outbox) == 7
    assert len({m.to[0] for m in mail.outbox}) == 7
    assert all(LINKS + "surveys/r/" in m.body for m in mail.outbox)
    assert set(Invitation.objects.values_list("status", flat=True)) == {InvitationStatus.SENT}


def test_a_round_of_reminders_reaches_each_person_once_however_it_is_batched(
    wave, analyst, monkeypatch
):
    monkeypatch.setattr(send_work, "BATCH", 2)
    invite(wave, analyst, _people(5))
    send_run_process(send_queue(wave=wave, kind="invitations", link_base=LINKS, by=analyst).pk)
    mail.outbox.clear()
    run = send_queue(wave=wave, kind="reminders", link_base=LINKS, by=analyst)
    done = send_run_process(run.pk)
    assert done.sent == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{k:03}@example.org" for k in range(5)]
    assert set(Invitation.objects.values_list("reminders", flat=True)) == {1}


def test_a_run_taken_by_one_worker_is_not_sent_again_by_another(wave, analyst):
    invite(wave, analyst, _people(2))
    run = send_queue(wave=wave, kind="invitations", link_base=LINKS, by=analyst)
    assert send_run_process(run.pk) is not None
    assert send_run_process(run.pk) is None
    assert len(mail.outbox) == 2


def test_a_wave_has_one_sending_at_a_time(wave, analyst):
    invite(wave, analyst, _people(2))
    send_queue(wave=wave, kind="invitations", link_base=LINKS, by=analyst)
    with pytest.raises(ValidationError, match="already under way"):
        send_queue(wave=wave, kind="reminders", link_base=LINKS, by=analyst)


def test_a_sending_whose_worker_went_quiet_blocks_nothing(wave, analyst):
    invite(wave, analyst, _people(2))
    stalled = send_queue(wave=wave, kind="invitations", link_base=LINKS, by=analyst)
    SendRun.objects.filter(pk=stalled.pk).update(
        status=SendRun.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=30)
    )
    again = send_queue(wave=wave, kind="invitations", link_base=LINKS, by=analyst)
    stalled.refresh_from_db()
    assert stalled.status == "failed"
    assert "send again" in stalled.error
    assert again.status == "queued"


def test_there_is_nothing_to_queue_when_everyone_has_their_link(wave, analyst):
    invite(wave, analyst, _people(1))
    send_run_process(send_queue(wave=wave, kind="invitations", link_base=LINKS, by=analyst).pk)
    with pytest.raises(ValidationError, match="sent already"):
        send_queue(wave=wave, kind="invitations", link_base=LINKS, by=analyst)


def test_the_wave_page_follows_the_sending(client, wave, analyst):
    invite(wave, analyst, _people(4))
    client.force_login(analyst)
    # when the manager sends, the page shows the sending waiting for the worker
    response = client.post(reverse("surveys:send", args=[wave.pk]), follow=True)
    assert "Waiting for the task worker to start: 4 to send." in response.text
    assert 'hx-get="{}"'.format(reverse("surveys:send_status", args=[wave.pk])) in response.text
    # and once the worker is done, the polled fragment says so and stops polling
    send_run_process(SendRun.objects.get().pk)
    fragment = client.get(reverse("surveys:send_status", args=[wave.pk]))
    assert "Done: 4 sent." in fragment.text
    assert "hx-get" not in fragment.text


def test_a_second_send_while_one_is_under_way_gets_a_clear_message(client, wave, analyst):
    invite(wave, analyst, _people(2))
    client.force_login(analyst)
    client.post(reverse("surveys:send", args=[wave.pk]))
    response = client.post(reverse("surveys:remind", args=[wave.pk]), follow=True)
    assert "A sending is already under way for this wave" in response.text
    assert SendRun.objects.count() == 1


def test_reminders_are_refused_once_the_wave_has_closed(wave, analyst):
    invite(wave, analyst, _people(1))
    wave.closes_on = timezone.localdate() - timedelta(days=1)
    wave.save(update_fields=["closes_on"])
    with pytest.raises(ValidationError, match="has closed"):
        send_queue(wave=wave, kind="reminders", link_base=LINKS, by=analyst)
