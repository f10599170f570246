"""The interaction log over the API: reading it (audited) and adding to it, scoped."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.api.employer_schemas import INTERACTION_FIELDS
from workbridge.employers.models import ActionItem, Employer, Interaction
from workbridge.employers.services import contact_add, employer_create, interaction_log

LIST = "/api/interactions"


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def post(client, body):
    return client.post(LIST, body, content_type="application/json")


def error_locations(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


def snapshot() -> dict[str, list]:
    """Every row of the employer tables, and how long the audit log is."""
    rows = {
        model._meta.label_lower: list(model.objects.order_by("pk").values_list())
        for model in apps.get_app_config("employers").get_models()
    }
    return {**rows, "audit events": AuditEvent.objects.count()}


def new_events(before: int):
    return list(AuditEvent.objects.order_by("pk")[before:])


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods"})


@pytest.fixture
def birch(coach):
    return employer_create(by=coach, data={"name": "Birch Logistics"})


@pytest.fixture
def dana(coach, acme):
    return contact_add(employer=acme, by=coach, data={"name": "Dana Hiring"})


@pytest.fixture
def northern(other_coach):
    return employer_create(by=other_coach, data={"name": "Northern Steel"})


def call(by, employers, on: date, **extra) -> Interaction:
    return interaction_log(by=by, employers=employers, kind="call", occurred_on=on, **extra)


# The log -------------------------------------------------------------------------------


def test_it_lists_only_the_callers_organisation(as_coach, coach, other_coach, acme, northern):
    # given
    ours = call(coach, [acme], days_ago(3))
    call(other_coach, [northern], days_ago(3))
    second = call(coach, [acme], days_ago(5))
    # when
    response = as_coach.get(LIST)
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (2, 25, 0)
    assert ids(response) == [ours.pk, second.pk]


def test_it_shows_each_interaction_with_its_employers_and_contacts(
    as_coach, coach, acme, birch, dana
):
    # given
    logged = call(
        coach,
        [birch, acme],
        days_ago(2),
        contacts=[dana],
        outcome="reached",
        summary="Spring hiring plan",
        next_step="Send resumes",
        next_step_on=days_ago(-5),
    )
    # when
    item = as_coach.get(LIST).json()["items"][0]
    # then
    assert item == {
        "id": logged.pk,
        "kind": "call",
        "occurred_on": days_ago(2).isoformat(),
        "outcome": "reached",
        "summary": "Spring hiring plan",
        "next_step": "Send resumes",
        "next_step_on": days_ago(-5).isoformat(),
        "employers": [
            {"id": acme.pk, "name": "Acme Foods"},
            {"id": birch.pk, "name": "Birch Logistics"},
        ],
        "contacts": [{"id": dana.pk, "name": "Dana Hiring"}],
        "by": {"id": coach.pk, "name": "Alice Coach"},
        "created_at": item["created_at"],
    }


def test_it_writes_one_audit_event_for_a_page(as_coach, coach, acme):
    # given
    call(coach, [acme], days_ago(1))
    call(coach, [acme], days_ago(2))
    before = AuditEvent.objects.count()
    # when
    as_coach.get(LIST, {"limit": 1})
    # then
    [event] = new_events(before)
    assert (event.actor, event.organisation) == (coach, acme.organisation)
    assert (event.action, event.object_type, event.object_id) == (
        AuditAction.VIEW,
        "employers.interaction",
        "",
    )
    assert event.fields == sorted(INTERACTION_FIELDS)
    assert event.detail == "api list: 1 interactions"


def test_it_filters_by_employer_and_date(as_coach, coach, acme, birch):
    # given
    recent_acme = call(coach, [acme], days_ago(1))
    call(coach, [acme], days_ago(40))
    shared = call(coach, [acme, birch], days_ago(2))
    call(coach, [birch], days_ago(3))
    # when
    by_employer = as_coach.get(LIST, {"employer": acme.pk})
    both = as_coach.get(LIST, {"employer": acme.pk, "since": days_ago(2).isoformat()})
    # then
    assert by_employer.json()["count"] == 3
    assert ids(both) == [recent_acme.pk, shared.pk]


def test_it_finds_nothing_for_another_organisations_employer(as_coach, other_coach, northern):
    # given
    call(other_coach, [northern], days_ago(1))
    # when
    response = as_coach.get(LIST, {"employer": northern.pk})
    # then
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ({"since": "last week"}, ["query", "since"]),
        ({"employer": "acme"}, ["query", "employer"]),
        ({"limit": 101}, ["query", "limit"]),
    ],
)
def test_it_refuses_a_bad_query_and_audits_nothing(as_coach, acme, query, location):
    # given
    before = AuditEvent.objects.count()
    # when
    response = as_coach.get(LIST, query)
    # then
    assert response.status_code == 422
    assert error_locations(response) == [location]
    assert AuditEvent.objects.count() == before


def test_it_costs_the_same_number_of_queries_for_any_page_size(as_coach, coach, manager, acme):
    # given a first call, so that the token's last use is already noted
    as_coach.get(LIST)
    employers = [acme] + [employer_create(by=coach, data={"name": f"E{n}"}) for n in range(4)]
    contacts = [contact_add(employer=e, by=coach, data={"name": f"C{e.pk}"}) for e in employers]
    for n in range(3):
        call(coach, employers[:2], days_ago(n), contacts=contacts[:2])
    with CaptureQueriesContext(connection) as few:
        response = as_coach.get(LIST)
    assert len(response.json()["items"]) == 3
    for n in range(30):
        call(
            manager if n % 2 else coach, employers[n % 5 :], days_ago(n), contacts=contacts[n % 5 :]
        )
    # when
    with CaptureQueriesContext(connection) as many:
        response = as_coach.get(LIST, {"limit": 100})
    # then: the token, the count, the page (with who logged it), its employers, its contacts,
    # and the audit event
    assert len(response.json()["items"]) == 33
    assert len(many) == len(few) == 6


# Log one -------------------------------------------------------------------------------


def test_it_logs_an_interaction_with_several_employers(as_coach, coach, acme, birch, dana):
    # given
    before = AuditEvent.objects.count()
    today = timezone.localdate()
    # when
    response = post(
        as_coach,
        {
            "employers": [acme.pk, birch.pk],
            "contacts": [dana.pk],
            "kind": "meeting",
            "occurred_on": today.isoformat(),
            "outcome": "opening",
            "summary": "Two openings coming",
            "next_step": "Send resumes",
            "next_step_on": (today + timedelta(days=7)).isoformat(),
        },
    )
    # then
    assert response.status_code == 201
    interaction = Interaction.objects.get()
    assert response.json()["id"] == interaction.pk
    assert response.json()["employers"] == [
        {"id": acme.pk, "name": "Acme Foods"},
        {"id": birch.pk, "name": "Birch Logistics"},
    ]
    assert (interaction.kind, interaction.outcome, interaction.by) == ("meeting", "opening", coach)
    assert sorted(interaction.employers.values_list("pk", flat=True)) == [acme.pk, birch.pk]
    assert list(interaction.contacts.all()) == [dana]
    # each employer's last contact moves, and the next step is an action item at each
    assert set(Employer.objects.values_list("last_contact_on", flat=True)) == {today}
    assert ActionItem.objects.filter(description="Send resumes", owner=coach).count() == 2
    [event] = new_events(before)
    assert (event.actor, event.action, event.object_type) == (
        coach,
        "create",
        "employers.interaction",
    )
    assert event.detail == f"employers {[acme.pk, birch.pk]}"


def test_it_takes_the_defaults_for_fields_left_out(as_coach, acme):
    # when
    body = post(
        as_coach,
        {"employers": [acme.pk], "kind": "email", "occurred_on": days_ago(1).isoformat()},
    ).json()
    # then
    assert (body["outcome"], body["summary"], body["contacts"], body["next_step_on"]) == (
        None,
        "",
        [],
        None,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"employers": []}, "employers"),
        ({"employers": "acme"}, "employers"),
        ({"kind": "telepathy"}, "kind"),
        ({"outcome": "great"}, "outcome"),
        ({"occurred_on": "yesterday"}, "occurred_on"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"next_step_on": "2000-01-01", "next_step": "Call back"}, "next_step_on"),
        ({"next_step_on": "2999-01-01"}, "next_step"),
        ({"next_step": "x" * 301}, "next_step"),
        ({"employers": [999999]}, "employers"),
        ({"contacts": [999999]}, "contacts"),
        ({"by": 1}, "by"),
    ],
)
def test_it_refuses_a_bad_interaction_and_writes_nothing(as_coach, acme, changes, field):
    # given
    before = snapshot()
    body = {"employers": [acme.pk], "kind": "call", "occurred_on": days_ago(1).isoformat()}
    # when
    response = post(as_coach, {**body, **changes})
    # then
    assert response.status_code == 422
    assert error_locations(response)[0][:3] == ["body", "payload", field]
    assert snapshot() == before


def test_it_refuses_the_same_employer_twice(as_coach, acme):
    # when
    response = post(
        as_coach,
        {"employers": [acme.pk, acme.pk], "kind": "call", "occurred_on": days_ago(1).isoformat()},
    )
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", "employers"]]
    assert Interaction.objects.count() == 0


def test_it_refuses_an_employer_of_another_organisation_and_writes_nothing(
    as_coach, acme, northern
):
    # given
    before = snapshot()
    # when one of the employers is another organisation's
    response = post(
        as_coach,
        {
            "employers": [acme.pk, northern.pk],
            "kind": "call",
            "occurred_on": days_ago(1).isoformat(),
        },
    )
    # then the answer is the same as for an employer that does not exist
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "employers"],
            "msg": "Choose employers of your organisation.",
        }
    ]
    assert snapshot() == before


def test_it_refuses_a_contact_of_another_employer_and_writes_nothing(
    as_coach, coach, other_coach, acme, birch, northern
):
    # given a contact at Birch (not chosen) and one at another organisation
    ben = contact_add(employer=birch, by=coach, data={"name": "Ben Birch"})
    nora = contact_add(employer=northern, by=other_coach, data={"name": "Nora North"})
    before = snapshot()
    body = {"employers": [acme.pk], "kind": "call", "occurred_on": days_ago(1).isoformat()}
    # when
    not_chosen = post(as_coach, {**body, "contacts": [ben.pk]})
    other_organisation = post(as_coach, {**body, "contacts": [nora.pk]})
    # then
    for response in (not_chosen, other_organisation):
        assert response.status_code == 422
        assert response.json()["detail"] == [
            {
                "type": "value_error",
                "loc": ["body", "payload", "contacts"],
                "msg": "Choose contacts of the chosen employers.",
            }
        ]
    assert snapshot() == before
