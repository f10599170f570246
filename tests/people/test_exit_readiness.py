"""Does readiness predict a good exit? The report for program directors: figures from the
last assessment before each exit, questions turned round where agreement means less ready,
the model once there are enough exits, the export audited, and the exit outcome recorded."""

from datetime import date, timedelta

from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.people.exit_readiness import exit_readiness_for
from workbridge.people.models import Assessment, AssessmentAnswer
from workbridge.people.services import instrument_for

EXITED = date(2026, 3, 1)


def _exit(organisation, instrument, *, outcome: str, answers: dict[int, int], before=True):
    person = ParticipantFactory(
        organisation=organisation,
        enrolled_on=date(2025, 9, 1),
        planned_exit_on=EXITED,
        exited_on=EXITED,
        exit_outcome=outcome,
    )
    taken = EXITED - timedelta(days=10) if before else EXITED + timedelta(days=5)
    assessment = Assessment.objects.create(
        participant=person, instrument=instrument, taken_on=taken, score=50
    )
    for item_pk, value in answers.items():
        AssessmentAnswer.objects.create(assessment=assessment, item_id=item_pk, value=value)
    return person


def test_it_reads_the_last_answers_before_exit_turning_reverse_scored_ones_round(manager):
    # given: the first question (connected to staff) and the fear question (reverse scored)
    organisation = manager.membership.organisation
    instrument = instrument_for(organisation)
    connected, fear = list(instrument.items.order_by("position", "id"))[:2]
    assert fear.reverse_scored and not connected.reverse_scored
    _exit(organisation, instrument, outcome="retained_90", answers={connected.pk: 4, fear.pk: 0})
    _exit(organisation, instrument, outcome="other", answers={connected.pk: 1, fear.pk: 4})
    _exit(organisation, instrument, outcome="other", answers={connected.pk: 4}, before=False)
    # when
    found = exit_readiness_for(manager)
    # then: two exits counted (one was assessed only after leaving), fear turned round
    report = found.report
    assert (report.exits, report.positives, found.without_assessment) == (2, 1, 1)
    by_key = {s.key: s for s in report.items}
    assert by_key[str(connected.pk)].answered == 2
    assert by_key[str(fear.pk)].answered == 2
    assert report.model is None  # far fewer than the small-cell threshold


def test_it_fits_the_model_once_there_are_enough_exits(client, manager, settings):
    # given: 30 exits where feeling connected goes with a good exit
    settings.WORKBRIDGE_SMALL_CELL = 5
    organisation = manager.membership.organisation
    instrument = instrument_for(organisation)
    connected = instrument.items.order_by("position", "id").first()
    for i in range(30):
        value = i % 5
        good = (value >= 2) != (i % 7 == 0)
        _exit(
            organisation,
            instrument,
            outcome="placed" if good else "other",
            answers={connected.pk: value},
        )
    instrument.items.exclude(pk=connected.pk).update(is_active=False)
    client.force_login(manager)
    # when
    response = client.get(reverse("people:exit_readiness"))
    chart = client.get(reverse("people:exit_readiness_chart"))
    # then
    assert response.status_code == 200
    model = response.context["model"]
    assert model is not None and model.rows == 30
    assert model.coefficients[1].estimate > 0
    text = response.content.decode()
    assert "How connected do you feel to staff here?" in text
    assert "All questions together: a logistic model" in text
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"


def test_it_exports_the_figures_and_audits_the_export(client, manager):
    # given
    client.force_login(manager)
    # when
    response = client.get(reverse("people:exit_readiness_export", args=["csv"]))
    # then
    assert response.status_code == 200
    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    assert first_line.startswith("Figure,Question or group,Exits,Answered 0")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail.startswith("readiness and exits csv, 0 exits")


def test_it_shows_an_empty_state_and_refuses_case_managers(client, manager, coach):
    # given / when
    client.force_login(coach)
    refused = client.get(reverse("people:exit_readiness"))
    client.force_login(manager)
    empty = client.get(reverse("people:exit_readiness"))
    # then
    assert refused.status_code == 403
    assert "No exits with a recorded outcome" in empty.content.decode()
