"""The OpenAPI document for employers, contacts, interactions and openings explains itself."""

import pytest
from django.test import Client

from workbridge.api import employer_schemas, opening_schemas

OUTPUTS = [
    employer_schemas.EmployerSummaryOut,
    employer_schemas.EmployerOut,
    employer_schemas.EmployerPageOut,
    employer_schemas.StageChangeOut,
    employer_schemas.RecordChangedOut,
    employer_schemas.ContactOut,
    employer_schemas.ContactPageOut,
    employer_schemas.InteractionOut,
    employer_schemas.InteractionPageOut,
    employer_schemas.SignalOut,
    employer_schemas.LocationOut,
    opening_schemas.OpeningSummaryOut,
    opening_schemas.OpeningOut,
    opening_schemas.OpeningPageOut,
    opening_schemas.OpeningChangedOut,
]
INPUTS = [
    employer_schemas.EmployerCreateIn,
    employer_schemas.EmployerUpdateIn,
    employer_schemas.MoveIn,
    employer_schemas.SignalIn,
    employer_schemas.ContactCreateIn,
    employer_schemas.ContactUpdateIn,
    employer_schemas.InteractionIn,
    opening_schemas.OpeningCreateIn,
    opening_schemas.OpeningUpdateIn,
]


@pytest.fixture(scope="module")
def document(django_db_setup, django_db_blocker) -> dict:
    # Read once: the document is the same for every test here.
    with django_db_blocker.unblock():
        return Client().get("/api/openapi.json").json()


def test_it_lists_the_new_paths_with_their_methods(document):
    # then
    paths = {path: sorted(ops) for path, ops in document["paths"].items()}
    employer_paths = ("/api/employers", "/api/contacts", "/api/interactions", "/api/openings")
    assert {path: ops for path, ops in paths.items() if path.startswith(employer_paths)} == {
        "/api/employers": ["get", "post"],
        "/api/employers/{employer_id}": ["get", "patch"],
        "/api/employers/{employer_id}/move": ["post"],
        "/api/employers/{employer_id}/contacts": ["get", "post"],
        "/api/contacts/{contact_id}": ["get", "patch"],
        "/api/interactions": ["get", "post"],
        "/api/openings": ["get", "post"],
        "/api/openings/{opening_id}": ["get", "patch"],
        "/api/openings/{opening_id}/candidates": ["get"],
        "/api/employers/{employer_id}/impact": ["get"],
        "/api/employers/{employer_id}/impact/snapshots": ["get"],
    }
    # and one way to authenticate for the whole API: the same bearer token (the survey
    # endpoints check for a survey role instead of a casework role; the community impact
    # endpoints let an employer partner's token in too)
    schemes = document["components"]["securitySchemes"]
    assert {"CaseworkTokenAuth", "SurveyTokenAuth", "TokenAuth"} <= set(schemes)
    assert {scheme["scheme"] for scheme in schemes.values()} == {"bearer"}


@pytest.mark.parametrize("model", OUTPUTS + INPUTS, ids=lambda m: m.__name__)
def test_it_describes_every_field(document, model):
    # given
    properties = document["components"]["schemas"][model.__name__]["properties"]
    # then
    assert set(properties) == set(model.model_fields)
    assert [name for name, prop in properties.items() if not prop.get("description")] == []


@pytest.mark.parametrize("model", INPUTS, ids=lambda m: m.__name__)
def test_it_shows_an_example_of_every_field_that_is_written(document, model):
    # given
    properties = document["components"]["schemas"][model.__name__]["properties"]
    # then
    assert [name for name, prop in properties.items() if "examples" not in prop] == []


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/employers", "get", ["200", "401", "403", "422"]),
        ("/api/employers", "post", ["201", "400", "401", "403", "422"]),
        ("/api/employers/{employer_id}", "get", ["200", "401", "403", "404", "422"]),
        ("/api/employers/{employer_id}", "patch", ["200", "400", "401", "403", "404", "422"]),
        ("/api/employers/{employer_id}/move", "post", ["200", "400", "401", "403", "404", "422"]),
        ("/api/employers/{employer_id}/contacts", "get", ["200", "401", "403", "404", "422"]),
        (
            "/api/employers/{employer_id}/contacts",
            "post",
            ["201", "400", "401", "403", "404", "422"],
        ),
        ("/api/contacts/{contact_id}", "get", ["200", "401", "403", "404", "422"]),
        ("/api/contacts/{contact_id}", "patch", ["200", "400", "401", "403", "404", "422"]),
        ("/api/interactions", "get", ["200", "401", "403", "422"]),
        ("/api/interactions", "post", ["201", "400", "401", "403", "422"]),
        ("/api/openings", "get", ["200", "401", "403", "422"]),
        ("/api/openings", "post", ["201", "400", "401", "403", "422"]),
        ("/api/openings/{opening_id}", "get", ["200", "401", "403", "404", "422"]),
        ("/api/openings/{opening_id}", "patch", ["200", "400", "401", "403", "404", "422"]),
    ],
)
def test_it_documents_the_answers_of_each_operation(document, path, method, statuses):
    # then
    assert sorted(document["paths"][path][method]["responses"]) == statuses


def test_it_describes_every_query_parameter(document):
    # given
    for path in ("/api/employers", "/api/interactions", "/api/openings"):
        parameters = document["paths"][path]["get"]["parameters"]
        # then
        assert [p["name"] for p in parameters if not p.get("description")] == [], path


def test_it_says_how_a_reference_to_another_organisation_is_answered(document):
    # given
    schemas = document["components"]["schemas"]
    # then
    assert "not your organisation's" in schemas["InteractionIn"]["description"]
    assert "gets 422" in schemas["InteractionIn"]["description"]
    assert "not your organisation's" in schemas["OpeningCreateIn"]["description"]
