"""Reading employers over the API: scoping, filters, pages, one employer, and who may ask."""

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import token_client
from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import Employer
from workbridge.employers.services import (
    contact_add,
    employer_create,
    employer_move,
    location_add,
)
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation

LIST = "/api/employers"
FORBIDDEN = {"detail": "Your role does not give access to participants' records."}


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def add_employer(by, name: str, **data) -> Employer:
    """An employer added as the web pages add one."""
    stage = data.pop("stage", "prospect")
    signals = data.pop("signals", None)
    return employer_create(by=by, data={"name": name, **data}, stage=stage, signals=signals)


@pytest.fixture
def acme(coach):
    return add_employer(
        coach,
        "Acme Foods",
        external_id="EMP-1",
        naics_code="722511",
        size_band="50_249",
        website="https://acme.example.com",
        owner=coach,
        incentives=["wotc"],
        notes="Prefers calls before 10am.",
        signals={"fair_chance": "Signed the fair-chance pledge."},
    )


@pytest.fixture
def theirs(other_coach):
    return add_employer(other_coach, "Northern Steel")


# The list ------------------------------------------------------------------------------


def test_it_lists_only_the_callers_organisation(as_coach, coach, acme, theirs):
    # given another of Southside's employers
    birch = add_employer(coach, "Birch Logistics")
    # when
    response = as_coach.get(LIST)
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (2, 25, 0)
    assert ids(response) == [acme.pk, birch.pk]


def test_it_shows_a_summary_of_each_employer(as_coach, coach, acme):
    # when
    item = as_coach.get(LIST).json()["items"][0]
    # then
    assert item == {
        "id": acme.pk,
        "external_id": "EMP-1",
        "name": "Acme Foods",
        "naics_code": "722511",
        "size_band": "50_249",
        "website": "https://acme.example.com",
        "stage": "prospect",
        "tier": "standard",
        "owner": {"id": coach.pk, "name": "Alice Coach"},
        "incentives": ["wotc"],
        "last_contact_on": None,
        "next_follow_up_on": acme.next_follow_up_on.isoformat(),
        "next_follow_up_kind": "call",
        "updated_at": item["updated_at"],
    }


def test_it_shows_blank_choices_as_null(as_coach, coach):
    # given an employer whose size is not known
    add_employer(coach, "Birch Logistics")
    # when
    item = as_coach.get(LIST).json()["items"][0]
    # then
    assert (item["size_band"], item["owner"], item["website"]) == (None, None, "")


def test_it_does_not_audit_reading_employers(as_coach, acme):
    # given
    before = AuditEvent.objects.count()
    # when
    as_coach.get(LIST)
    as_coach.get(f"{LIST}/{acme.pk}")
    # then
    assert AuditEvent.objects.count() == before


def test_it_pages_by_id_with_limit_and_offset(as_coach, coach):
    # given five employers
    employers = [add_employer(coach, f"Employer {n}") for n in range(5)]
    # when
    response = as_coach.get(LIST, {"limit": 2, "offset": 2})
    # then
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (5, 2, 2)
    assert ids(response) == [employers[2].pk, employers[3].pk]


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ({"limit": 101}, ["query", "limit"]),
        ({"limit": 0}, ["query", "limit"]),
        ({"offset": -1}, ["query", "offset"]),
        ({"stage": "married"}, ["query", "stage"]),
        ({"owner": "alice"}, ["query", "owner"]),
        ({"updated_since": "yesterday"}, ["query", "updated_since"]),
        ({"search": "x" * 101}, ["query", "search"]),
    ],
)
def test_it_refuses_a_bad_query(as_coach, acme, query, location):
    # when
    response = as_coach.get(LIST, query)
    # then
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [location]


def test_it_finds_employers_by_name_or_external_id(as_coach, coach, acme):
    # given
    add_employer(coach, "Birch Logistics")
    # when
    by_name = as_coach.get(LIST, {"search": "acme foo"})
    by_external_id = as_coach.get(LIST, {"search": "EMP-1"})
    # then
    assert ids(by_name) == [acme.pk]
    assert ids(by_external_id) == [acme.pk]


def test_it_filters_by_stage(as_coach, coach, acme):
    # given
    active = add_employer(coach, "Birch Logistics", stage="active")
    # when
    response = as_coach.get(LIST, {"stage": "active"})
    # then
    assert ids(response) == [active.pk]
    assert response.json()["items"][0]["stage"] == "active"


def test_it_filters_by_owner(as_coach, coach, manager, acme):
    # given
    add_employer(coach, "Birch Logistics", owner=manager)
    add_employer(coach, "Cedar Care")
    # when
    response = as_coach.get(LIST, {"owner": coach.pk})
    # then
    assert ids(response) == [acme.pk]


def test_it_filters_by_when_the_record_last_changed(as_coach, coach):
    # given one employer changed in January and one in March
    with time_machine.travel("2026-01-10 12:00Z", tick=False):
        add_employer(coach, "Old Oak")
    with time_machine.travel("2026-03-10 12:00Z", tick=False):
        recent = add_employer(coach, "New Leaf")
    # when
    response = as_coach.get(LIST, {"updated_since": "2026-03-01T00:00:00Z"})
    # then
    assert ids(response) == [recent.pk]


def test_it_reads_a_date_without_a_time_zone_as_local_time(as_coach, coach):
    # given a change at 23:30 in Chicago on 28 February (05:30 UTC on 1 March)
    with time_machine.travel("2026-03-01 05:30Z", tick=False):
        add_employer(coach, "Late Night Diner")
    # when asked for changes since midnight of 1 March, local time
    response = as_coach.get(LIST, {"updated_since": "2026-03-01T00:00:00"})
    # then the change of the evening before is not one of them
    assert ids(response) == []


def test_it_costs_the_same_number_of_queries_for_any_page_size(as_coach, coach, manager):
    # given a first call, so that the token's last use is already noted
    as_coach.get(LIST)
    for n in range(3):
        add_employer(coach, f"Few {n}", owner=manager)
    with CaptureQueriesContext(connection) as few:
        response = as_coach.get(LIST)
    assert len(response.json()["items"]) == 3
    for n in range(30):
        add_employer(coach, f"Many {n}", owner=coach if n % 2 else manager)
    # when
    with CaptureQueriesContext(connection) as many:
        response = as_coach.get(LIST, {"limit": 100})
    # then: the token, the count and the page (with each owner)
    assert len(response.json()["items"]) == 33
    assert len(many) == len(few) == 3


# One employer --------------------------------------------------------------------------


def test_it_shows_one_employer_with_its_signals_and_sites(as_coach, coach, acme):
    # given a site
    site = location_add(
        employer=acme, by=coach, label="Main plant", address="2400 S Pulaski Rd", zip_code="60623"
    )
    # when
    response = as_coach.get(f"{LIST}/{acme.pk}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["notes"]) == (
        acme.pk,
        "Acme Foods",
        "Prefers calls before 10am.",
    )
    assert body["signals"] == [
        {
            "kind": "fair_chance",
            "evidence": "Signed the fair-chance pledge.",
            "noted_on": body["signals"][0]["noted_on"],
        }
    ]
    assert body["locations"] == [
        {
            "id": site.pk,
            "label": "Main plant",
            "address": "2400 S Pulaski Rd",
            "zip_code": "60623",
            "community_area": {"number": 30, "name": "South Lawndale"},
        }
    ]


def test_it_leaves_contacts_out_of_the_employer(as_coach, coach, acme):
    # given a contact
    contact_add(employer=acme, by=coach, data={"name": "Dana Hiring", "phone": "312-555-0182"})
    # when
    text = as_coach.get(f"{LIST}/{acme.pk}").content.decode()
    # then the person is read only where the read is audited
    assert "Dana" not in text
    assert "312-555-0182" not in text


def test_it_hides_another_organisations_employer(as_coach, theirs):
    # when
    response = as_coach.get(f"{LIST}/{theirs.pk}")
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_it_answers_404_for_an_employer_that_does_not_exist(as_coach, coach):
    # when
    response = as_coach.get(f"{LIST}/999999")
    # then
    assert response.status_code == 404


def test_it_shows_the_other_organisation_only_its_own(as_other_coach, acme, theirs):
    # when
    response = as_other_coach.get(LIST)
    # then
    assert ids(response) == [theirs.pk]
    assert as_other_coach.get(f"{LIST}/{acme.pk}").status_code == 404


@pytest.mark.parametrize("persona", ["manager", "admin_user"])
def test_it_lets_directors_and_administrators_read(persona, acme, request):
    # given
    client = token_client(request.getfixturevalue(persona))
    # when
    response = client.get(LIST, {"search": "acme"})
    # then
    assert ids(response) == [acme.pk]


# Who may ask ---------------------------------------------------------------------------


@pytest.fixture
def southside_records(coach, acme):
    """One of each thing the employer endpoints reach, at Southside."""
    contact = contact_add(employer=acme, by=coach, data={"name": "Dana Hiring"})
    opening = opening_create(
        by=coach,
        employer=acme,
        data={
            "title": "Line cook",
            "occupation": Occupation.objects.get(code="35-2014"),
            "hourly_wage": "18.50",
            "hours_per_week": 32,
            "zip_code": "60623",
            "posted_on": "2026-03-02",
        },
    )
    employer_move(employer=acme, by=coach, to_stage="contacted")
    return {"employer": acme.pk, "contact": contact.pk, "opening": opening.pk}


def database_rows() -> dict[str, list]:
    """Every row of the employer and job tables."""
    return {
        model._meta.label_lower: list(model.objects.order_by("pk").values_list())
        for app in ("employers", "jobs")
        for model in apps.get_app_config(app).get_models()
    }


# Each request carries a valid body where it has one, so only the role can stop it.
REQUESTS = [
    ("get", "/api/employers", None),
    ("post", "/api/employers", {"name": "Mallory's"}),
    ("get", "/api/employers/{employer}", None),
    ("patch", "/api/employers/{employer}", {"name": "Mallory's"}),
    ("post", "/api/employers/{employer}/move", {"to_stage": "active"}),
    ("get", "/api/employers/{employer}/contacts", None),
    ("post", "/api/employers/{employer}/contacts", {"name": "Mallory"}),
    ("get", "/api/contacts/{contact}", None),
    ("patch", "/api/contacts/{contact}", {"name": "Mallory"}),
    ("get", "/api/interactions", None),
    (
        "post",
        "/api/interactions",
        {"employers": ["{employer}"], "kind": "call", "occurred_on": "2026-03-02"},
    ),
    ("get", "/api/openings", None),
    (
        "post",
        "/api/openings",
        {
            "employer": "{employer}",
            "title": "Spy",
            "occupation": "35-2014",
            "hourly_wage": "20.00",
            "hours_per_week": 40,
            "zip_code": "60623",
            "posted_on": "2026-03-02",
        },
    ),
    ("get", "/api/openings/{opening}", None),
    ("patch", "/api/openings/{opening}", {"title": "Spy"}),
]


def _filled(value, records):
    if isinstance(value, str) and value.startswith("{"):
        return records[value[1:-1]]
    if isinstance(value, list):
        return [_filled(v, records) for v in value]
    if isinstance(value, dict):
        return {k: _filled(v, records) for k, v in value.items()}
    return value


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_it_forbids_roles_without_casework(persona, method, path, body, southside_records, request):
    # given an analyst's or an employer partner's token
    client = token_client(request.getfixturevalue(persona))
    before, events = database_rows(), AuditEvent.objects.count()
    # when they ask (a write with a valid body)
    sent = {} if body is None else {"data": _filled(body, southside_records)}
    response = getattr(client, method)(
        path.format(**southside_records), content_type="application/json", **sent
    )
    # then they are refused, not shown an empty list, and nothing is written or logged
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert database_rows() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_it_refuses_a_request_without_a_token(method, path, body, southside_records, client):
    # given
    before, events = database_rows(), AuditEvent.objects.count()
    # when
    sent = {} if body is None else {"data": _filled(body, southside_records)}
    response = getattr(client, method)(
        path.format(**southside_records), content_type="application/json", **sent
    )
    # then
    assert response.status_code == 401
    assert database_rows() == before
    assert AuditEvent.objects.count() == events
