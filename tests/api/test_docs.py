"""The API's description: a valid OpenAPI document, and a docs page served from this site."""

import json
import re

from django.test import Client

from workbridge.api.schemas import ParticipantCreateIn, ParticipantOut, ParticipantUpdateIn


def test_it_serves_the_openapi_document_listing_the_paths(db):
    # when
    response = Client().get("/api/openapi.json")
    # then
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert {path: sorted(ops) for path, ops in document["paths"].items()} == {
        "/api/participants": ["get", "post"],
        "/api/participants/{participant_id}": ["get", "patch"],
        "/api/participants/{participant_id}/cliff": ["get"],
        "/api/employers": ["get", "post"],
        "/api/employers/{employer_id}": ["get", "patch"],
        "/api/employers/{employer_id}/move": ["post"],
        "/api/employers/{employer_id}/contacts": ["get", "post"],
        "/api/contacts/{contact_id}": ["get", "patch"],
        "/api/interactions": ["get", "post"],
        "/api/openings": ["get", "post"],
        "/api/openings/{opening_id}": ["get", "patch"],
        "/api/surveys": ["get"],
        "/api/surveys/waves/{wave_id}/results": ["get"],
        "/api/surveys/{survey_id}/waves": ["post"],
        "/api/surveys/waves/{wave_id}/invitations": ["post"],
        "/api/surveys/waves/{wave_id}/send": ["post"],
        "/api/surveys/waves/{wave_id}/sending": ["get"],
        "/api/equity/imports": ["post"],
        "/api/equity/imports/{run_id}": ["get"],
        "/api/equity/imports/{run_id}/mapping": ["post"],
        "/api/equity/imports/{run_id}/problems": ["get"],
        "/api/equity/adverse-impact": ["get"],
        "/api/equity/application-process": ["get"],
        "/api/equity/optional-steps": ["get"],
        "/api/workforce/snapshots": ["get", "post"],
        "/api/workforce/snapshots/imports/{run_id}": ["get"],
        "/api/workforce/transitions": ["get"],
        "/api/workforce/reports/{key}": ["get"],
        "/api/workforce/utilisation": ["get"],
        "/api/employers/{employer_id}/impact": ["get"],
        "/api/employers/{employer_id}/impact/snapshots": ["get"],
        "/api/impact/snapshots/{snapshot_id}/pdf": ["get"],
        "/api/plans": ["get"],
        "/api/plans/{plan_id}": ["get"],
        "/api/plans/measures/{measure_id}/values": ["get"],
        "/api/sourcing/partners": ["get"],
        "/api/sourcing/partners/{partner_id}": ["get"],
        "/api/sourcing/partnerships": ["get"],
        "/api/sourcing/fairs": ["get", "post"],
        "/api/sourcing/fairs/{fair_id}/interest": ["post"],
        "/api/sourcing/fairs/{fair_id}/funnel": ["get"],
        "/api/candidates/contacts": ["get"],
        "/api/candidates/notices": ["get"],
        "/api/candidates/timeline": ["get"],
        "/api/candidates/exams/{exam_id}/results": ["get"],
        "/api/candidates/retests": ["get"],
        "/api/placements": ["get"],
        "/api/placements/{placement_id}": ["get"],
        "/api/placements/{placement_id}/incentives": ["patch"],
        "/api/retention-checks": ["get"],
        "/api/participants/{participant_id}/wotc-screening": ["get"],
        "/api/participants/{participant_id}/suggestions": ["get"],
        "/api/openings/{opening_id}/candidates": ["get"],
        "/api/referrals": ["get", "post"],
        "/api/referrals/{referral_id}": ["get"],
        "/api/referrals/{referral_id}/move": ["post"],
    }
    assert document["components"]["securitySchemes"] == {
        "CaseworkTokenAuth": {"type": "http", "scheme": "bearer"},
        "SurveyTokenAuth": {"type": "http", "scheme": "bearer"},
        "WorkforceTokenAuth": {"type": "http", "scheme": "bearer"},
        "EquityTokenAuth": {"type": "http", "scheme": "bearer"},
        "TokenAuth": {"type": "http", "scheme": "bearer"},
        "PlanTokenAuth": {"type": "http", "scheme": "bearer"},
        "SourcingTokenAuth": {"type": "http", "scheme": "bearer"},
    }


def test_it_documents_every_field_of_the_participant_schemas(db):
    # given
    schemas = Client().get("/api/openapi.json").json()["components"]["schemas"]
    # then every property says what it is, and the writable ones show an example
    for model in (ParticipantOut, ParticipantCreateIn, ParticipantUpdateIn):
        properties = schemas[model.__name__]["properties"]
        assert set(properties) == set(model.model_fields)
        undocumented = [name for name, prop in properties.items() if not prop.get("description")]
        assert undocumented == [], model.__name__
    for model in (ParticipantCreateIn, ParticipantUpdateIn):
        properties = schemas[model.__name__]["properties"]
        without_example = [name for name, prop in properties.items() if not prop.get("examples")]
        assert without_example == [], model.__name__


def test_it_documents_the_errors_of_each_operation(db):
    # given
    paths = Client().get("/api/openapi.json").json()["paths"]
    # then
    assert sorted(paths["/api/participants"]["post"]["responses"]) == [
        "201",
        "400",
        "401",
        "403",
        "422",
    ]
    assert sorted(paths["/api/participants/{participant_id}"]["patch"]["responses"]) == [
        "200",
        "400",
        "401",
        "403",
        "404",
        "422",
    ]


def test_it_keeps_demographics_out_of_the_document(db):
    # when
    document = Client().get("/api/openapi.json").json()
    # The workforce reports are counts and rates by group (race, sex), never a person's
    # answer: they are the one place those words may appear.
    aggregate = {
        "/api/workforce/reports/{key}",
        "/api/workforce/utilisation",
        "/api/sourcing/fairs/{fair_id}/funnel",
        # So is the retest analysis, which compares groups' pass rates.
        "/api/candidates/retests",
        "/api/equity/adverse-impact",
        # So are the application-process and optional-steps reports, by group.
        "/api/equity/application-process",
        "/api/equity/optional-steps",
    }
    paths = {k: v for k, v in document["paths"].items() if k not in aggregate}
    # The retest analysis's and the process reports' queries name the characteristic they
    # group by.
    grouped = {"RetestQuery", "ProcessReportQuery"}
    schemas = {k: v for k, v in document["components"]["schemas"].items() if k not in grouped}
    components = {**document["components"], "schemas": schemas}
    text = json.dumps(paths).lower() + json.dumps(components).lower()
    # then
    for word in ("race", "ethnicity", '"sex"', "veteran", "disability", "eeo"):
        assert word not in text


def test_it_serves_the_docs_page_from_this_sites_static_files(db):
    # when
    response = Client().get("/api/docs")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert '<script src="/static/ninja/swagger-ui-init.js">' in html
    assert 'href="/static/ninja/swagger-ui.css"' in html
    # nothing comes from another site
    addresses = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert addresses and all(a.startswith("/static/") for a in addresses), addresses
    # and no badge sends the document's address to the online validator
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)[1])
    assert settings["validatorUrl"] is None
    assert settings["url"] == "/api/openapi.json"


def test_it_serves_the_docs_page_under_the_sites_content_security_policy(db):
    # when
    response = Client().get("/api/docs")
    # then the site's policy applies unchanged: scripts and styles from this site only
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"  # the nonce is left out when unused
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "unsafe" not in policy
    # and the page runs no inline script: its only inline block is JSON data
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']


def test_every_documented_schema_has_a_name_of_its_own():
    # Two schemas of one name share one entry in the OpenAPI document, so one of them
    # would be documented with the other's fields.
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import workbridge.api

    where: dict[str, list[str]] = {}
    for module_info in pkgutil.iter_modules(workbridge.api.__path__):
        module = importlib.import_module(f"workbridge.api.{module_info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Schema)
                and value.__module__ == module.__name__
                and not name.endswith("Query")
            ):
                where.setdefault(name, []).append(module.__name__)
    assert {name: modules for name, modules in where.items() if len(modules) > 1} == {}
