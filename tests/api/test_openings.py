"""Job openings over the API: scoping, filters, shifts both ways, SOC codes, and writes."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.api.opening_schemas import NAMES, shifts_as_mask, shifts_as_names
from workbridge.api.openings import soc_prefix
from workbridge.employers.services import employer_create, location_add
from workbridge.jobs.models import JobOpening
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation

LIST = "/api/openings"
MONDAY_MORNING_AND_DAY = 0b11
SUNDAY_NIGHT = 1 << 27


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def post(client, body):
    return client.post(LIST, body, content_type="application/json")


def patch(client, pk, body):
    return client.patch(f"{LIST}/{pk}", body, content_type="application/json")


def error_locations(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


def snapshot() -> dict[str, object]:
    return {
        "openings": list(JobOpening.objects.order_by("pk").values()),
        "audit events": AuditEvent.objects.count(),
    }


def new_events(before: int):
    return list(AuditEvent.objects.order_by("pk")[before:])


def add_opening(by, employer, soc: str = "35-2014", **data) -> JobOpening:
    values = {
        "title": "Line cook",
        "occupation": Occupation.objects.get(code=soc),
        "hourly_wage": Decimal("18.50"),
        "hours_per_week": 32,
        "zip_code": "60623",
        "posted_on": date(2026, 3, 2),
        **data,
    }
    return opening_create(by=by, employer=employer, data=values)


def new_opening(at, **overrides) -> dict:
    """A valid body for a new opening at an employer, with some values changed."""
    return {
        "employer": at.pk,
        "title": "Line cook",
        "occupation": "35-2014",
        "hourly_wage": "18.50",
        "hours_per_week": 32,
        "zip_code": "60623",
        "posted_on": "2026-03-02",
        **overrides,
    }


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods"})


@pytest.fixture
def birch(coach):
    return employer_create(by=coach, data={"name": "Birch Logistics"})


@pytest.fixture
def northern(other_coach):
    return employer_create(by=other_coach, data={"name": "Northern Steel"})


@pytest.fixture
def cook(coach, acme):
    return add_opening(coach, acme, shifts=MONDAY_MORNING_AND_DAY | SUNDAY_NIGHT)


@pytest.fixture
def theirs(other_coach, northern):
    return add_opening(other_coach, northern, title="Welder", soc="51-4121")


# Shifts and SOC codes ------------------------------------------------------------------


def test_it_names_shifts_in_bit_order():
    assert shifts_as_names(MONDAY_MORNING_AND_DAY | SUNDAY_NIGHT) == [
        "mon:morning",
        "mon:day",
        "sun:night",
    ]
    assert shifts_as_names(0) == []
    assert len(NAMES) == 28 and shifts_as_names((1 << 28) - 1) == list(NAMES)


def test_it_turns_names_back_into_the_same_mask():
    for mask in (0, 1, MONDAY_MORNING_AND_DAY | SUNDAY_NIGHT, 0x0F0F0F0, (1 << 28) - 1):
        assert shifts_as_mask(shifts_as_names(mask)) == mask


@pytest.mark.parametrize(
    ("code", "prefix"),
    [("35-2014", "35-2014"), ("35-2010", "35-201"), ("35-2000", "35-2"), ("35-0000", "35-")],
)
def test_it_reads_a_soc_group_as_the_prefix_of_its_occupations(code, prefix):
    assert soc_prefix(code) == prefix


# The list ------------------------------------------------------------------------------


def test_it_lists_only_the_callers_organisation(as_coach, coach, acme, cook, theirs):
    # given
    second = add_opening(coach, acme, title="Prep cook", soc="35-2021")
    # when
    response = as_coach.get(LIST)
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (2, 25, 0)
    assert ids(response) == [cook.pk, second.pk]


def test_it_shows_a_summary_with_the_shifts_both_ways(as_coach, acme, cook):
    # when
    item = as_coach.get(LIST).json()["items"][0]
    # then
    assert item == {
        "id": cook.pk,
        "external_id": "",
        "title": "Line cook",
        "employer": {"id": acme.pk, "name": "Acme Foods"},
        "occupation": {"code": "35-2014", "title": "Cooks, Restaurant"},
        "hourly_wage": "18.50",
        "hours_per_week": 32,
        "shifts": MONDAY_MORNING_AND_DAY | SUNDAY_NIGHT,
        "shift_names": ["mon:morning", "mon:day", "sun:night"],
        "fair_chance": False,
        "positions": 1,
        "status": "open",
        "posted_on": "2026-03-02",
        "closes_on": None,
        "zip_code": "60623",
        "community_area": {"number": 30, "name": "South Lawndale"},
        "updated_at": item["updated_at"],
    }


def test_it_does_not_audit_reading_openings(as_coach, cook):
    # given
    before = AuditEvent.objects.count()
    # when
    as_coach.get(LIST)
    as_coach.get(f"{LIST}/{cook.pk}")
    # then
    assert AuditEvent.objects.count() == before


def test_it_filters_by_status_and_employer(as_coach, coach, acme, birch, cook):
    # given
    filled = add_opening(coach, acme, status="filled")
    at_birch = add_opening(coach, birch, title="Picker", soc="53-7062")
    # when
    open_ones = as_coach.get(LIST, {"status": "open"})
    filled_ones = as_coach.get(LIST, {"status": "filled"})
    at_acme = as_coach.get(LIST, {"employer": acme.pk})
    # then
    assert ids(open_ones) == [cook.pk, at_birch.pk]
    assert ids(filled_ones) == [filled.pk]
    assert ids(at_acme) == [cook.pk, filled.pk]


def test_it_filters_by_occupation_or_occupation_group(as_coach, coach, acme, cook):
    # given a cafeteria cook, a food preparation worker and a picker
    cafeteria = add_opening(coach, acme, soc="35-2012")
    prep = add_opening(coach, acme, soc="35-2021")
    add_opening(coach, acme, soc="53-7062")
    # when
    detailed = as_coach.get(LIST, {"soc": "35-2014"})
    cooks = as_coach.get(LIST, {"soc": "35-2010"})
    cooks_and_prep = as_coach.get(LIST, {"soc": "35-2000"})
    food = as_coach.get(LIST, {"soc": "35-0000"})
    # then
    assert ids(detailed) == [cook.pk]
    assert ids(cooks) == [cook.pk, cafeteria.pk]
    assert ids(cooks_and_prep) == [cook.pk, cafeteria.pk, prep.pk]
    assert ids(food) == [cook.pk, cafeteria.pk, prep.pk]


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ({"soc": "cook"}, ["query", "soc"]),
        ({"soc": "352014"}, ["query", "soc"]),
        ({"status": "maybe"}, ["query", "status"]),
        ({"employer": 0}, ["query", "employer"]),
        ({"offset": -5}, ["query", "offset"]),
    ],
)
def test_it_refuses_a_bad_query(as_coach, cook, query, location):
    # when
    response = as_coach.get(LIST, query)
    # then
    assert response.status_code == 422
    assert error_locations(response) == [location]


def test_it_pages_by_id(as_coach, coach, acme):
    # given
    openings = [add_opening(coach, acme, title=f"Cook {n}") for n in range(4)]
    # when
    response = as_coach.get(LIST, {"limit": 2, "offset": 1})
    # then
    assert response.json()["count"] == 4
    assert ids(response) == [openings[1].pk, openings[2].pk]


def test_it_costs_the_same_number_of_queries_for_any_page_size(as_coach, coach, acme, birch):
    # given a first call, so that the token's last use is already noted
    as_coach.get(LIST)
    for n in range(3):
        add_opening(coach, acme, title=f"Few {n}")
    with CaptureQueriesContext(connection) as few:
        response = as_coach.get(LIST)
    assert len(response.json()["items"]) == 3
    for n in range(30):
        add_opening(coach, birch if n % 2 else acme, soc="53-7062" if n % 3 else "35-2021")
    # when
    with CaptureQueriesContext(connection) as many:
        response = as_coach.get(LIST, {"limit": 100})
    # then: the token, the count and the page (with employer, occupation and community area)
    assert len(response.json()["items"]) == 33
    assert len(many) == len(few) == 3


# One opening ---------------------------------------------------------------------------


def test_it_shows_one_opening_with_what_makes_the_job_good(as_coach, coach, acme):
    # given
    site = location_add(
        employer=acme, by=coach, label="Kitchen", address="1 Main", zip_code="60623"
    )
    opening = add_opening(
        coach,
        acme,
        health_insurance=True,
        physical_demands=["standing"],
        work_environment="kitchen",
        location=site,
        career_pathway="Lead cook after six months",
    )
    # when
    response = as_coach.get(f"{LIST}/{opening.pk}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["health_insurance"], body["paid_leave"], body["schedule_stable"]) == (
        True,
        False,
        True,
    )
    assert (body["physical_demands"], body["work_environment"], body["transit_access"]) == (
        ["standing"],
        "kitchen",
        None,
    )
    assert body["location"]["id"] == site.pk
    assert body["career_pathway"] == "Lead cook after six months"


def test_it_hides_another_organisations_opening(as_coach, theirs):
    # when
    response = as_coach.get(f"{LIST}/{theirs.pk}")
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# Add -----------------------------------------------------------------------------------


def test_it_adds_an_opening_with_shifts_by_name_and_audits_it(as_coach, coach, acme):
    # given
    site = location_add(
        employer=acme, by=coach, label="Kitchen", address="1 Main", zip_code="60623"
    )
    before = AuditEvent.objects.count()
    # when
    response = post(
        as_coach,
        new_opening(
            acme,
            shift_names=["sun:night", "mon:morning"],
            location=site.pk,
            physical_demands=["standing", "lifting"],
            work_environment="kitchen",
            transit_access="bus",
            closes_on="2026-04-30",
            external_id="REQ-1",
        ),
    )
    # then
    assert response.status_code == 201
    opening = JobOpening.objects.get()
    body = response.json()
    assert body["id"] == opening.pk
    assert (opening.employer, opening.organisation, opening.occupation_id) == (
        acme,
        acme.organisation,
        "35-2014",
    )
    assert opening.shifts == 1 | SUNDAY_NIGHT
    assert (body["shifts"], body["shift_names"]) == (1 | SUNDAY_NIGHT, ["mon:morning", "sun:night"])
    assert (opening.location, opening.community_area_id) == (site, 30)
    assert opening.physical_demands == ["standing", "lifting"]
    assert (opening.hourly_wage, opening.closes_on) == (Decimal("18.50"), date(2026, 4, 30))
    [event] = new_events(before)
    assert (event.actor, event.action, event.object_type, event.object_id) == (
        coach,
        AuditAction.CREATE,
        "jobs.jobopening",
        str(opening.pk),
    )
    assert "title" in event.fields and "occupation" in event.fields


def test_it_adds_an_opening_with_shifts_as_a_mask(as_coach, acme):
    # when
    body = post(as_coach, new_opening(acme, shifts=MONDAY_MORNING_AND_DAY)).json()
    # then
    assert (body["shifts"], body["shift_names"]) == (3, ["mon:morning", "mon:day"])
    assert (body["status"], body["positions"], body["work_environment"]) == ("open", 1, None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occupation": "35-9999"}, "occupation"),
        ({"occupation": "35-2010"}, "occupation"),
        ({"occupation": "cook"}, "occupation"),
        ({"title": ""}, "title"),
        ({"hourly_wage": "-1"}, "hourly_wage"),
        ({"hourly_wage": "18.505"}, "hourly_wage"),
        ({"hours_per_week": 81}, "hours_per_week"),
        ({"shifts": 1 << 28}, "shifts"),
        ({"shift_names": ["mon:lunch"]}, "shift_names"),
        ({"shift_names": ["mon:day", "mon:day"]}, "shift_names"),
        ({"shifts": 1, "shift_names": ["mon:day"]}, "shift_names"),
        ({"zip_code": "606"}, "zip_code"),
        ({"positions": 0}, "positions"),
        ({"status": "gone"}, "status"),
        ({"physical_demands": ["flying"]}, "physical_demands"),
        ({"closes_on": "2026-03-01"}, "closes_on"),
        ({"location": 999999}, "location"),
        ({"employer": 999999}, "employer"),
        ({"external_id": "REQ-9"}, "external_id"),
        ({"organisation": 2}, "organisation"),
    ],
)
def test_it_refuses_a_bad_opening_and_writes_nothing(as_coach, coach, acme, changes, field):
    # given an opening known as REQ-9
    add_opening(coach, acme, external_id="REQ-9")
    before = snapshot()
    # when
    response = post(as_coach, new_opening(acme, **changes))
    # then
    assert response.status_code == 422
    assert error_locations(response)[0][:3] == ["body", "payload", field]
    assert snapshot() == before


def test_it_refuses_an_employer_of_another_organisation_and_writes_nothing(as_coach, northern):
    # given
    before = snapshot()
    # when
    response = post(as_coach, new_opening(northern))
    # then the answer is the same as for an employer that does not exist
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "employer"],
            "msg": "Choose an employer of your organisation.",
        }
    ]
    assert snapshot() == before


def test_it_refuses_a_location_of_another_employer(as_coach, coach, acme, birch):
    # given
    dock = location_add(employer=birch, by=coach, label="Dock", address="1 Main", zip_code="60608")
    before = snapshot()
    # when
    response = post(as_coach, new_opening(acme, location=dock.pk))
    # then
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Choose one of this employer's locations."
    assert snapshot() == before


# Update --------------------------------------------------------------------------------


def test_it_updates_the_fields_sent_and_audits_only_those_changed(as_coach, coach, cook):
    # given
    before = AuditEvent.objects.count()
    # when
    response = patch(
        as_coach,
        cook.pk,
        {"hourly_wage": "19.25", "status": "filled", "title": "Line cook", "zip_code": "60637"},
    )
    # then
    assert response.status_code == 200
    assert response.json() == {
        "id": cook.pk,
        "changed": ["hourly_wage", "zip_code", "status", "community_area"],
    }
    cook.refresh_from_db()
    assert (cook.hourly_wage, cook.status, cook.community_area_id) == (
        Decimal("19.25"),
        "filled",
        42,
    )
    [event] = new_events(before)
    assert (event.action, event.fields) == (
        "update",
        ["community_area", "hourly_wage", "status", "zip_code"],
    )


def test_it_updates_the_shifts_by_name_and_the_occupation_by_code(as_coach, cook):
    # when
    response = patch(as_coach, cook.pk, {"shift_names": ["fri:evening"], "occupation": "35-2012"})
    # then
    assert response.json()["changed"] == ["occupation", "shifts"]
    cook.refresh_from_db()
    assert (cook.shifts, cook.occupation_id) == (1 << (4 * 4 + 2), "35-2012")


def test_it_changes_nothing_and_audits_nothing_when_no_value_differs(as_coach, cook):
    # given
    before = snapshot()
    # when
    response = patch(
        as_coach, cook.pk, {"title": "Line cook", "shift_names": shifts_as_names(cook.shifts)}
    )
    # then
    assert response.json() == {"id": cook.pk, "changed": []}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"occupation": "99-9999"}, "occupation"),
        ({"closes_on": "2026-01-01"}, "closes_on"),
        ({"posted_on": "2026-06-01", "closes_on": "2026-05-01"}, "closes_on"),
        ({"employer": 1}, "employer"),
        ({"shifts": -1}, "shifts"),
    ],
)
def test_it_refuses_a_bad_update_and_changes_nothing(as_coach, cook, body, field):
    # given
    before = snapshot()
    # when
    response = patch(as_coach, cook.pk, {"positions": 3, **body})
    # then
    assert response.status_code == 422
    assert error_locations(response)[0][:3] == ["body", "payload", field]
    assert snapshot() == before


def test_it_hides_another_organisations_opening_from_updates(as_coach, theirs):
    # given
    before = snapshot()
    # when
    response = patch(as_coach, theirs.pk, {"title": "Ours now"})
    # then
    assert response.status_code == 404
    assert snapshot() == before
