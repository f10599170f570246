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
