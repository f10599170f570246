"""What the API takes: bounded numbers, no coercion, no control characters; 422 otherwise.

Each refusal names the field, writes nothing, and is never a server error.
"""

import pytest
from django.apps import apps
from django.test import Client

from workbridge.accounts.models import AuditEvent
from workbridge.employers.services import employer_create
from workbridge.people.models import Participant

TOO_BIG = "10437961160417320741744292911697100800"  # far above 2^63
JUST_TOO_BIG = 2**63


def error_locations(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


def snapshot() -> dict[str, object]:
    """Every row of the tables the API writes, and how long the audit log is."""
    rows = {
        model._meta.label_lower: list(model.objects.order_by("pk").values_list())
        for label in ("people", "employers", "jobs")
        for model in apps.get_app_config(label).get_models()
        if model._meta.app_label == label
        and model._meta.model_name not in ("communityarea", "zipcode", "occupation")
    }
    return {**rows, "audit events": AuditEvent.objects.count()}


def post(client: Client, path: str, body: dict):
    return client.post(path, body, content_type="application/json")


def new_participant(**overrides) -> dict:
    return {
        "first_name": "Rosa",
        "last_name": "Alvarez",
        "zip_code": "60623",
        "enrolled_on": "2026-01-05",
        "planned_exit_on": "2026-06-30",
        **overrides,
    }


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods"})


# Numbers beyond any bound ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/participants", "assigned_to"),
        ("/api/participants", "offset"),
        ("/api/employers", "owner"),
        ("/api/employers", "offset"),
        ("/api/interactions", "employer"),
        ("/api/interactions", "offset"),
        ("/api/openings", "employer"),
        ("/api/openings", "offset"),
    ],
)
def test_it_refuses_a_query_number_above_its_bound(as_coach, path, parameter):
    # when
    response = as_coach.get(path, {parameter: TOO_BIG})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["query", parameter]]


def test_it_refuses_an_offset_past_the_largest_page(as_coach):
    # when
    response = as_coach.get("/api/interactions", {"offset": 10_000_001})
    # then
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Input should be less than or equal to 10000000"


@pytest.mark.parametrize(
    "path",
    [
        "/api/participants/{}",
        "/api/employers/{}",
        "/api/employers/{}/contacts",
        "/api/contacts/{}",
        "/api/openings/{}",
    ],
)
@pytest.mark.parametrize("value", [TOO_BIG, str(JUST_TOO_BIG), "0"])
def test_it_refuses_an_id_in_the_path_out_of_bounds(as_coach, path, value):
    # when
    response = as_coach.get(path.format(value))
    # then
    assert response.status_code == 422
    [location] = error_locations(response)
    assert location[0] == "path"


def test_it_refuses_huge_ids_in_a_new_interaction_and_writes_nothing(as_coach, acme):
    # given
    before = snapshot()
    # when
    response = post(
        as_coach,
        "/api/interactions",
        {
            "employers": [acme.pk, JUST_TOO_BIG],
            "contacts": [int(TOO_BIG)],
            "kind": "call",
            "occurred_on": "2026-01-05",
        },
    )
    # then
    assert response.status_code == 422
    assert error_locations(response) == [
        ["body", "payload", "employers", 1],
        ["body", "payload", "contacts", 0],
    ]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"), [("assigned_to", JUST_TOO_BIG), ("household_size", int(TOO_BIG))]
)
def test_it_refuses_a_huge_number_in_a_new_participant(as_coach, field, value):
    # given
    before = snapshot()
    # when
    response = post(as_coach, "/api/participants", new_participant(**{field: value}))
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", field]]
    assert snapshot() == before


# No coercion -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0.5", "1", "1700000000", "yesterday"])
def test_it_refuses_a_number_for_a_moment(as_coach, value):
    # when
    response = as_coach.get("/api/participants", {"updated_since": value})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["query", "updated_since"]]


def test_it_still_takes_an_iso_moment(as_coach):
    # when
    response = as_coach.get("/api/participants", {"updated_since": "2026-03-01T00:00:00Z"})
    # then
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["1.0", "+5", " 5", "5_0", "1e2"])
def test_it_refuses_a_query_number_not_in_plain_digits(as_coach, value):
    # when
    response = as_coach.get("/api/openings", {"limit": value})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["query", "limit"]]


@pytest.mark.parametrize("value", ["1", "0", "yes", "on", "TRUE"])
def test_it_takes_only_true_or_false_for_a_query_flag(as_coach, value):
    # when
    response = as_coach.get("/api/participants", {"active": value})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["query", "active"]]


@pytest.mark.parametrize("value", [0, 1, "true", "yes"])
def test_it_refuses_a_contact_flag_that_is_not_a_boolean(as_coach, acme, value):
    # given
    before = snapshot()
    # when
    response = post(
        as_coach,
        f"/api/employers/{acme.pk}/contacts",
        {"name": "Dana Hiring", "is_primary": value},
    )
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", "is_primary"]]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("household_size", True),
        ("household_size", "3"),
        ("household_size", 3.0),
        ("assigned_to", "12"),
        ("needs_fair_chance", 1),
        ("enrolled_on", 0),
        ("planned_exit_on", 1767225600),
    ],
)
def test_it_refuses_a_value_of_another_type_in_a_new_participant(as_coach, field, value):
    # given
    before = snapshot()
    # when
    response = post(as_coach, "/api/participants", new_participant(**{field: value}))
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", field]]
    assert snapshot() == before


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_it_refuses_a_date_out_of_range(as_coach, value):
    # given
    before = snapshot()
    # when
    response = post(as_coach, "/api/participants", new_participant(planned_exit_on=value))
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", "planned_exit_on"]]
    assert snapshot() == before


def test_it_refuses_a_moment_whose_offset_leaves_the_calendar(as_coach):
    # when
    response = as_coach.get("/api/employers", {"updated_since": "9999-12-31T23:59:59-05:00"})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["query", "updated_since"]]


# Control characters ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Ctrl\x01\x0bChar", "Nul\x00Byte", "Line\nBreak", "Del\x7f"])
def test_it_refuses_control_characters_in_a_name(as_coach, name):
    # given
    before = snapshot()
    # when
    response = post(as_coach, "/api/participants", new_participant(first_name=name))
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", "first_name"]]
    assert snapshot() == before
    assert not Participant.objects.exists()


def test_it_keeps_line_breaks_and_tabs_in_free_text_but_refuses_other_controls(as_coach, acme):
    # when
    kept = post(
        as_coach,
        "/api/interactions",
        {
            "employers": [acme.pk],
            "kind": "call",
            "occurred_on": "2026-01-05",
            "summary": "Called.\n\tTwo openings.",
        },
    )
    refused = post(
        as_coach,
        "/api/interactions",
        {
            "employers": [acme.pk],
            "kind": "call",
            "occurred_on": "2026-01-05",
            "summary": "Called.\x00",
        },
    )
    # then
    assert kept.status_code == 201
    assert kept.json()["summary"] == "Called.\n\tTwo openings."
    assert refused.status_code == 422
    assert error_locations(refused) == [["body", "payload", "summary"]]


def test_it_refuses_a_nul_in_a_search(as_coach):
    # when
    response = as_coach.get("/api/participants", {"search": "ro\x00sa"})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["query", "search"]]


def test_it_refuses_a_lone_surrogate_in_text(as_coach, acme):
    # given
    before = snapshot()
    # when
    response = as_coach.patch(
        f"/api/employers/{acme.pk}",
        '{"notes": "broken \\ud800 text"}',
        content_type="application/json",
    )
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", "notes"]]
    assert snapshot() == before


def test_it_says_the_text_rule_in_each_text_fields_description(db):
    # given
    schemas = Client().get("/api/openapi.json").json()["components"]["schemas"]
    # then
    assert schemas["ParticipantCreateIn"]["properties"]["first_name"]["description"] == (
        "Legal first name. Control characters are refused (422); spaces at either end are trimmed."
    )
    assert schemas["InteractionIn"]["properties"]["summary"]["description"].endswith(
        "Control characters other than tab and line breaks are refused (422); spaces at "
        "either end are trimmed."
    )


# Statuses --------------------------------------------------------------------------------


def test_it_answers_400_with_a_detail_to_a_body_that_is_not_json(as_coach):
    # when
    response = as_coach.post("/api/participants", "\x00", content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


# Operations that queue work for the task worker and answer 202 Accepted.
QUEUED = {
    ("post", "/api/surveys/waves/{wave_id}/send"),
    ("post", "/api/workforce/snapshots"),
    ("post", "/api/equity/imports"),
    ("post", "/api/equity/imports/{run_id}/mapping"),
}
# Operations that refuse with 409 when the record is not in a state to take the request.
CONFLICTING = {("post", "/api/equity/imports/{run_id}/mapping")}


def test_it_documents_every_status_each_operation_can_answer(db):
    # given
    document = Client().get("/api/openapi.json").json()
    # then
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            success = "201" if method == "post" and not path.endswith("/move") else "200"
            if (method, path) in QUEUED:
                success = "202"  # accepted: the task worker does the rest
            expected = {success, "401", "403", "422"}
            if method in ("post", "patch"):
                expected.add("400")
            if "{" in path:
                expected.add("404")
            if (method, path) in CONFLICTING:
                expected.add("409")
            responses = operation["responses"]
            assert set(responses) == expected, (method, path)
            for status in expected:
                schema = responses[status]["content"]["application/json"]["schema"]
                assert schema["$ref"].startswith("#/components/schemas/"), (method, path, status)
