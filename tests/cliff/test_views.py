"""The cliff pages: a run queued for the worker, its report, the chart and the sheet."""

import pytest
from django.urls import reverse

from workbridge.accounts.models import AuditEvent
from workbridge.cliff import engine
from workbridge.cliff.models import CliffResult, CliffRun
from workbridge.cliff.work import cliff_run_process

pytestmark = pytest.mark.django_db


def _form(**overrides) -> dict:
    data = {
        "participant_age": "31",
        "children_ages": "3, 7",
        "rent_monthly": "1100",
        "childcare_monthly": "0",
        "childcare_hours_weekly": "0",
        "now_wage": "0",
        "now_hours": "0",
        "sweep_max_wage": "30",
        "other_adult_earnings": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Post the cliff form as the worker would see it: queued tasks run on commit."""

    def post(participant, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("cliff:page", args=[participant.pk]), data)

    return post


def test_it_queues_a_run_that_the_worker_computes_and_the_page_shows(
    client, coach, rosa, cook, baker, fake_engine, immediate_tasks, ask
):
    # given
    client.force_login(coach)
    # when
    response = ask(rosa, _form(offer1=cook.pk, offer2=baker.pk))
    # then
    run = CliffRun.objects.get(participant=rosa)
    assert response.status_code == 302
    assert response["Location"] == reverse("cliff:run", args=[rosa.pk, run.pk])
    assert run.status == CliffRun.Status.DONE
    assert run.household["child_ages"] == [3, 7]
    assert run.sweep["hours_per_week"] == 40.0
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "SNAP (food assistance)" in html  # the cliff's cause
    assert "$15.00 an hour" in html  # the cliff between $14.8125 and $15.00
    assert "Line cook (Acme Foods)" in html and "Baker (Acme Foods)" in html
    assert 'hx-trigger="every 2s"' not in html
    assert AuditEvent.objects.filter(
        object_id=rosa.pk, action="view", detail=f"cliff run {run.pk}"
    ).exists()


def test_it_reports_each_offers_net_gain_and_break_even_wage(
    client, coach, rosa, cook, baker, fake_engine, immediate_tasks, ask
):
    client.force_login(coach)
    ask(rosa, _form(offer1=cook.pk, offer2=baker.pk))
    run = CliffRun.objects.get(participant=rosa)
    from workbridge.cliff.report import report_for

    report = report_for(run, openings={cook.pk: cook, baker.pk: baker}, on=run.created_at.date())
    # now: no earnings, SNAP 6,000; the cook: 14.50 × 2080 × 0.9 + 6,000; the baker: 18 × 2080 × 0.9
    assert report.now_net == 6000.0
    assert [round(o.net, 2) for o in report.offers] == [33144.0, 33696.0]
    assert [round(o.gain, 2) for o in report.offers] == [27144.0, 27696.0]
    assert len(report.cliffs) == 1
    assert report.cliffs[0].cause == "snap"


def test_it_waits_for_the_worker_and_the_page_updates_itself(
    client, coach, rosa, cook, fake_engine
):
    # given a run the worker has not picked up yet
    client.force_login(coach)
    client.post(reverse("cliff:page", args=[rosa.pk]), _form(offer1=cook.pk))
    run = CliffRun.objects.get(participant=rosa)
    url = reverse("cliff:run", args=[rosa.pk, run.pk])
    waiting = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert run.status == CliffRun.Status.QUEUED
    assert 'hx-trigger="every 2s"' in waiting
    assert "Waiting for the task worker" in waiting
    # when the worker computes it
    cliff_run_process(run.pk)
    # then the next poll brings the report and stops polling
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' not in done
    assert "SNAP (food assistance)" in done


def test_it_answers_a_repeated_question_from_the_cache(
    client, coach, rosa, cook, fake_engine, immediate_tasks, ask
):
    client.force_login(coach)
    ask(rosa, _form(offer1=cook.pk))
    computed = list(fake_engine.calls)
    # when the same household and offer are asked about again
    ask(rosa, _form(offer1=cook.pk))
    # then nothing is simulated again and the run is done at once
    assert fake_engine.calls == computed
    assert CliffRun.objects.filter(status=CliffRun.Status.DONE).count() == 2
    assert CliffResult.objects.count() == 2  # one sweep (the offer's is the same), one points


def test_it_hides_another_organisations_runs(
    client, coach, other_coach, rosa, cook, fake_engine, immediate_tasks, ask
):
    client.force_login(coach)
    ask(rosa, _form(offer1=cook.pk))
    run = CliffRun.objects.get()
    client.force_login(other_coach)
    before = AuditEvent.objects.count()
    for name in ("cliff:run", "cliff:chart"):
        assert client.get(reverse(name, args=[rosa.pk, run.pk])).status_code == 404
    assert client.get(reverse("cliff:sheet", args=[rosa.pk, run.pk, "en"])).status_code == 404
    assert ask(rosa, _form()).status_code == 404
    assert AuditEvent.objects.count() == before
    assert CliffRun.objects.count() == 1


def test_it_draws_the_chart_with_the_cliff_named(
    client, coach, rosa, cook, fake_engine, immediate_tasks, ask
):
    client.force_login(coach)
    ask(rosa, _form(offer1=cook.pk))
    run = CliffRun.objects.get()
    response = client.get(reverse("cliff:chart", args=[rosa.pk, run.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert "1. SNAP (food assistance)" in response.content.decode()


def test_it_prints_the_counselling_sheet_in_spanish_and_audits_it(
    client, coach, rosa, cook, fake_engine, immediate_tasks, ask
):
    client.force_login(coach)
    ask(rosa, _form(offer1=cook.pk))
    run = CliffRun.objects.get()
    response = client.get(reverse("cliff:sheet", args=[rosa.pk, run.pk, "es"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "benefits-cliff-rosa-alvarez-es.pdf" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        object_id=rosa.pk, action="export", detail__startswith="cliff counselling sheet PDF (es)"
    ).exists()


def test_it_says_so_when_the_model_is_not_installed(client, coach, rosa, monkeypatch):
    monkeypatch.setattr(engine, "available", lambda: False)
    client.force_login(coach)
    page = client.get(reverse("cliff:page", args=[rosa.pk]))
    assert "The benefits model is not installed on this server" in page.content.decode()
    response = client.post(reverse("cliff:page", args=[rosa.pk]), _form())
    assert response.status_code == 200
    assert "Ask your administrator to install Workbridge with its cliff extra" in (
        response.content.decode()
    )
    assert not CliffRun.objects.exists()


def test_it_refuses_the_same_offer_twice(client, coach, rosa, cook, fake_engine):
    client.force_login(coach)
    response = client.post(
        reverse("cliff:page", args=[rosa.pk]), _form(offer1=cook.pk, offer2=cook.pk)
    )
    assert response.status_code == 200
    assert "Choose each offer once." in response.content.decode()
    assert not CliffRun.objects.exists()


def test_it_shows_an_empty_state_before_any_run(client, coach, rosa, fake_engine):
    client.force_login(coach)
    page = client.get(reverse("cliff:page", args=[rosa.pk]))
    assert "No cliff has been computed for this participant yet." in page.content.decode()
