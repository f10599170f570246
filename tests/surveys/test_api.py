"""The surveys API: the surveys a role runs, and results with small groups hidden."""

from tests.surveys.test_results import respond
from workbridge.accounts.services import api_token_create


def _get(client, user, path):
    token = api_token_create(user=user, name="test")[1]
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_it_lists_the_surveys_a_role_runs(client, wave, analyst, coach):
    listed = _get(client, analyst, "/api/surveys").json()["items"]
    assert [(s["kind"], [w["name"] for w in s["waves"]]) for s in listed] == [
        ("employee", ["Spring"])
    ]
    assert _get(client, coach, "/api/surveys").json() == {"items": []}


def test_it_gives_results_with_small_departments_hidden(client, wave, analyst):
    respond(wave, analyst, "Water", [4] * 12)
    respond(wave, analyst, "Parks", [1] * 3)
    body = _get(client, analyst, f"/api/surveys/waves/{wave.pk}/results?by=department").json()
    assert (body["invited"], body["responded"], body["shown"]) == (15, 15, True)
    groups = {
        g["group"]: (g["hidden"], g["responses"], len(g["questions"])) for g in body["groups"]
    }
    assert groups["Parks"] == (True, None, 0)
    assert groups["Water"] == (True, None, 0)  # the complement of Parks


def test_it_gives_no_answers_while_too_few_have_responded(client, wave, analyst):
    respond(wave, analyst, "Water", [4] * 3)
    body = _get(client, analyst, f"/api/surveys/waves/{wave.pk}/results").json()
    assert (body["shown"], body["groups"]) == (False, [])


def test_it_refuses_the_employer_role(client, wave, employer_user):
    response = _get(client, employer_user, f"/api/surveys/waves/{wave.pk}/results")
    assert response.status_code == 403


def _post(client, user, path, body):
    token = api_token_create(user=user, name="test")[1]
    return client.post(
        path, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def test_a_wave_is_started_invited_and_sent_through_the_api(
    client, survey, analyst, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    from workbridge.surveys.models import Invitation

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # when a wave is created
    created = _post(
        client,
        analyst,
        f"/api/surveys/{survey.pk}/waves",
        {"name": "Autumn", "opens_on": "2026-12-01", "closes_on": "2027-01-15", "target_rate": 60},
    )
    assert created.status_code == 201
    wave_id = created.json()["id"]
    assert created.json()["target_rate"] == 0.6
    # and two people are invited and sent their links
    people = [
        {"email": "Rosa@example.org", "language": "es", "department": "Water"},
        {"email": "juan@example.org", "department": "Streets"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        invited = _post(
            client,
            analyst,
            f"/api/surveys/waves/{wave_id}/invitations",
            {"people": people, "send": True},
        )
    # then
    assert invited.status_code == 201
    assert invited.json()["added"] == 2
    assert invited.json()["sending"]["kind"] == "invitations"
    assert sorted(m.to[0] for m in mail.outbox) == ["juan@example.org", "rosa@example.org"]
    progress = _get(client, analyst, f"/api/surveys/waves/{wave_id}/sending").json()["sending"]
    assert (progress["status"], progress["sent"], progress["total"]) == ("done", 2, 2)
    assert Invitation.objects.get(email="rosa@example.org").language == "es"


def test_a_list_with_a_bad_address_adds_nobody_and_names_the_person(client, wave, analyst):
    from workbridge.surveys.models import Invitation

    response = _post(
        client,
        analyst,
        f"/api/surveys/waves/{wave.pk}/invitations",
        {
            "people": [
                {"email": "a@example.org"},
                {"email": "nobody-at-all"},
                {"email": "A@example.org"},
            ]
        },
    )
    assert response.status_code == 422
    messages = [e["msg"] for e in response.json()["detail"]]
    assert messages == [
        "Person 1: not an e-mail address.",
        "Person 2: the same address as person 0.",
    ]
    assert not Invitation.objects.exists()


def test_sending_with_nobody_to_send_to_is_refused_clearly(client, wave, analyst):
    response = _post(client, analyst, f"/api/surveys/waves/{wave.pk}/send", {"kind": "reminders"})
    assert response.status_code == 422
    assert "Nobody is waiting for a reminder" in response.json()["detail"][0]["msg"]


def test_another_organisations_wave_is_not_found(client, wave, northside):
    from tests.factories import make_user
    from workbridge.accounts.models import Role

    other_analyst = make_user("otto", Role.ANALYST, northside)
    response = _post(
        client,
        other_analyst,
        f"/api/surveys/waves/{wave.pk}/invitations",
        {"people": [{"email": "a@example.org"}]},
    )
    assert response.status_code == 404


def test_a_wave_of_an_unpublished_survey_is_refused(client, southside, analyst):
    from workbridge.surveys.services import survey_create_from_template

    draft = survey_create_from_template(
        organisation=southside, kind="employee", title="", anonymous=True, by=analyst
    )
    response = _post(
        client,
        analyst,
        f"/api/surveys/{draft.pk}/waves",
        {"name": "Autumn", "opens_on": "2026-12-01", "closes_on": "2027-01-15"},
    )
    assert response.status_code == 422
    assert "Publish a version" in response.json()["detail"][0]["msg"]
