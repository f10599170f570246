"""The health check says whether the database answers and when a worker was last alive."""

import threading
from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from workbridge.web.leases import worker_beat, worker_beat_forever, worker_identity
from workbridge.web.models import WorkerHeartbeat


def test_it_reports_a_worker_seen_half_a_minute_ago_as_running(client, db):
    # given a worker that recorded its heartbeat 30 seconds ago
    WorkerHeartbeat.objects.create(
        worker="app-1:42", seen_at=timezone.now() - timedelta(seconds=30)
    )
    # when the health check is asked, without signing in
    response = client.get(reverse("healthz"))
    # then
    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert body["worker"]["running"] is True
    assert 29 <= body["worker"]["seconds_ago"] <= 40
    assert "app-1" not in response.content.decode()


def test_it_says_degraded_when_no_worker_has_been_seen_for_minutes(client, db):
    WorkerHeartbeat.objects.create(worker="app-1:42", seen_at=timezone.now() - timedelta(minutes=5))
    body = client.get(reverse("healthz")).json()
    assert body["status"] == "degraded"
    assert body["worker"]["running"] is False


def test_it_says_degraded_when_no_worker_ever_ran(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["worker"] == {
        "running": False,
        "last_heartbeat": None,
        "seconds_ago": None,
    }


def test_it_answers_503_when_the_database_does_not(client, db, monkeypatch):
    def unreachable():
        raise DatabaseError("connection refused")

    monkeypatch.setattr("workbridge.web.views.worker_last_seen", unreachable)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "unreachable"}


@pytest.mark.django_db(transaction=True)
def test_a_worker_records_its_heartbeat_until_told_to_stop():
    # given the heartbeat loop of a worker process, beating every 10 ms
    stop = threading.Event()
    thread = threading.Thread(target=worker_beat_forever, args=(stop,), kwargs={"every": 0.01})
    # when it runs a moment and is stopped
    thread.start()
    stop.wait(0.2)
    stop.set()
    thread.join(timeout=5)
    # then it recorded this process, recently, and stopped
    assert not thread.is_alive()
    beat = WorkerHeartbeat.objects.get(worker=worker_identity())
    assert timezone.now() - beat.seen_at < timedelta(seconds=5)


def test_a_beat_forgets_workers_gone_for_a_day(db):
    WorkerHeartbeat.objects.create(worker="old:1", seen_at=timezone.now() - timedelta(days=2))
    worker_beat()
    assert list(WorkerHeartbeat.objects.values_list("worker", flat=True)) == [worker_identity()]
