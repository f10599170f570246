"""The one-time link: no sign-in, one response, expiry, rate limit, progress, language."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.surveys.conftest import invite, question
from workbridge.surveys.models import Answer, Invitation, InvitationStatus, Response


def answers(wave, satisfied=4, **extra):
    data = {f"q_{question(wave, 'satisfied').pk}": str(satisfied), "action": "submit"}
    data.update({f"q_{question(wave, k).pk}": v for k, v in extra.items()})
    return data


def test_it_takes_a_response_through_the_link_without_signing_in(client, wave, analyst):
    # given
    token = invite(wave, analyst, [("rosa@example.org", "en", "Water")])["rosa@example.org"]
    url = reverse("surveys:respond", args=[token])
    # when
    page = client.get(url)
    done = client.post(url, answers(wave, satisfied=5, improve="More training"))
    # then
    assert page.status_code == 200
    assert "Overall, I am satisfied with my job." in page.text
    assert done.status_code == 200
    assert "Your answers were recorded." in done.text
    response = Response.objects.get()
    assert (response.wave_id, response.department, response.source) == (wave.pk, "Water", "link")
    assert sorted(
        (a.question.key, a.value, a.text) for a in Answer.objects.select_related("question")
    ) == [("improve", None, "More training"), ("satisfied", 5, "")]
    assert Invitation.objects.get().status == InvitationStatus.RESPONDED


def test_it_refuses_a_second_response_on_the_same_link(client, wave, analyst):
    # given one response already given
    token = invite(wave, analyst, [("rosa@example.org", "en", "Water")])["rosa@example.org"]
    url = reverse("surveys:respond", args=[token])
    client.post(url, answers(wave, satisfied=5))
    # when the form is sent again (a double click, or the back button)
    again = client.post(url, answers(wave, satisfied=1))
    page = client.get(url)
    # then
    assert again.status_code == 410
    assert "This survey has already been answered" in again.text
    assert page.status_code == 410
    assert Response.objects.count() == 1
    assert list(Answer.objects.values_list("value", flat=True)) == [5]


def test_it_refuses_an_expired_link_and_writes_nothing(client, wave, analyst):
    # given
    token = invite(wave, analyst, [("rosa@example.org", "en", "Water")])["rosa@example.org"]
    url = reverse("surveys:respond", args=[token])
    # when the day after the wave closed
    with time_machine.travel(timezone.now() + timedelta(days=22)):
        response = client.post(url, answers(wave))
    # then
    assert response.status_code == 410
    assert "This survey has closed" in response.text
    assert Response.objects.count() == 0
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_it_refuses_an_unknown_link_with_a_clear_page(client, wave):
    response = client.post(reverse("surveys:respond", args=["not-a-token"]), answers(wave))
    assert response.status_code == 404
    assert "This link is not valid" in response.text
    assert Response.objects.count() == 0


def test_it_stores_only_a_digest_of_the_token(wave, analyst):
    token = invite(wave, analyst, [("rosa@example.org", "en", "Water")])["rosa@example.org"]
    row = Invitation.objects.values().get()
    assert token not in [str(v) for v in row.values()]
    assert row["digest"] == Invitation.digest_of(token)
    assert len(token) >= 43  # 256 bits


def test_it_asks_in_the_persons_language(client, wave, analyst):
    token = invite(wave, analyst, [("rosa@example.org", "es", "Water")])["rosa@example.org"]
    page = client.get(reverse("surveys:respond", args=[token]))
    assert "En general, estoy satisfecho con mi trabajo." in page.text
    assert "Totalmente de acuerdo" in page.text
    assert '<html lang="es">' in page.text


def test_it_saves_partial_progress_and_shows_it_again(client, wave, analyst):
    # given
    token = invite(wave, analyst, [("rosa@example.org", "en", "Water")])["rosa@example.org"]
    url = reverse("surveys:respond", args=[token])
    improve = question(wave, "improve")
    # when
    saved = client.post(url, {**answers(wave, satisfied=2), "action": "save"})
    later = client.get(url)
    # then nothing is a response yet, and the answers come back
    assert saved.status_code == 200
    assert Response.objects.count() == 0
    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.STARTED
    assert invitation.partial == {f"q_{question(wave, 'satisfied').pk}": ["2"]}
    assert f'name="q_{question(wave, "satisfied").pk}" value="2"' in later.text
    assert "checked" in later.text
    assert f'name="q_{improve.pk}"' in later.text
    # and submitting clears what was saved
    client.post(url, answers(wave, satisfied=2))
    assert Invitation.objects.get().partial == {}


def test_it_requires_required_questions_and_records_nothing_until_then(client, wave, analyst):
    token = invite(wave, analyst, [("rosa@example.org", "en", "Water")])["rosa@example.org"]
    response = client.post(reverse("surveys:respond", args=[token]), {"action": "submit"})
    assert response.status_code == 200
    assert "This question needs an answer." in response.text
    assert Response.objects.count() == 0


def test_it_rate_limits_a_link(client, wave, analyst, settings):
    # given
    settings.SURVEY_LINK_REQUESTS_PER_LINK = 3
    token = invite(wave, analyst, [("rosa@example.org", "en", "Water")])["rosa@example.org"]
    url = reverse("surveys:respond", args=[token])
    # when
    statuses = [client.get(url).status_code for _ in range(4)]
    refused = client.post(url, answers(wave))
    # then
    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert Response.objects.count() == 0


def test_it_rate_limits_guessing_from_one_address(client, wave, settings):
    settings.SURVEY_LINK_REQUESTS_PER_ADDRESS = 5
    statuses = [
        client.get(reverse("surveys:respond", args=[f"guess-{n}"])).status_code for n in range(6)
    ]
    assert statuses == [404, 404, 404, 404, 404, 429]
