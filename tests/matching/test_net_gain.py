"""The household's net gain from an opening as a matching factor: neutral until the worker
has computed it, then points with the reason, and queued lazily when missing."""

from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.cliff.fake_engine import install_fake_engine
from workbridge.cliff.household import household_for, opening_job
from workbridge.cliff.models import CliffResult
from workbridge.cliff.queries import points_key


def _why(response, opening):
    return next(why for o, why in response.context["suggestions"] if o.pk == opening.pk)


def test_it_queues_the_missing_net_gain_and_gives_no_points_meanwhile(
    client, coach, ana, line_cook, night_porter, monkeypatch, django_capture_on_commit_callbacks
):
    install_fake_engine(monkeypatch)
    client.force_login(coach)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("matching:participant", args=[ana.pk]))
    line = next(x for x in _why(response, line_cook).lines if x.key == "net_gain")
    assert line.points == 0.0
    assert line.detail == "Being computed in the background: no points until it is ready."
    assert DBTaskResult.objects.filter(task_path__endswith="net_gains_execute").count() == 1


def test_it_adds_the_cached_net_gain_with_its_reason(
    client, coach, ana, line_cook, night_porter, monkeypatch
):
    # given the worker has computed a $5,000 gain for Ana's household from the line cook job
    install_fake_engine(monkeypatch)
    household, now = household_for(ana)
    year = timezone.localdate().year
    CliffResult.objects.create(
        key=points_key(household, [now, opening_job(line_cook)], year, "test-1"),
        kind="points",
        model_version="test-1",
        household={},
        spec=[],
        data={"points": [{"net": 10000.0, "parts": {}}, {"net": 15000.0, "parts": {}}]},
    )
    client.force_login(coach)
    # when
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    # then half of the factor's 10 points, and the score rises by as much
    why = _why(response, line_cook)
    line = next(x for x in why.lines if x.key == "net_gain")
    assert line.points == 5.0
    assert line.detail == "$5,000 a year more than now, after taxes and benefits."
    assert round(why.score, 1) == 88.9
