"""Two people editing different fields of the same record at once both keep their change.

Each test loads the row twice (as two browser tabs would), changes one field through
the service with the first copy and another field with the second copy, and reads back
both changes: an update writes only the fields it changes, never the whole row.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import ParticipantFactory
from workbridge.employers.models import Contact, Employer
from workbridge.employers.services import (
    contact_add,
    contact_update,
    employer_create,
    employer_update,
)
from workbridge.jobs.models import JobOpening
from workbridge.jobs.services import opening_create, opening_update
from workbridge.people.models import Occupation, Participant
from workbridge.people.services import participant_update
from workbridge.placements.models import RetentionCheck, StillEmployed
from workbridge.placements.services import placement_record, retention_check_record

TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/Chicago")), tick=False
    ):
        yield


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})


@pytest.fixture
def opening(acme, coach):
    return opening_create(
        by=coach,
        employer=acme,
        data={
            "title": "Line cook",
            "occupation": Occupation.objects.get(code="35-2014"),
            "hourly_wage": Decimal("19.50"),
            "hours_per_week": 32,
            "zip_code": "60623",
            "posted_on": date(2026, 10, 1),
            "positions": 2,
        },
    )


@pytest.fixture
def rosa(southside, coach):
    return ParticipantFactory(
        organisation=southside, first_name="Rosa", last_name="Alvarez", assigned_to=coach
    )


def test_it_keeps_both_colleagues_edits_of_a_participant(rosa, coach, manager):
    first = Participant.objects.get(pk=rosa.pk)
    second = Participant.objects.get(pk=rosa.pk)

    participant_update(participant=first, by=coach, data={"phone": "773-555-0101"})
    participant_update(participant=second, by=manager, data={"last_name": "Alvarez-Ruiz"})

    rosa.refresh_from_db()
    assert (rosa.phone, rosa.last_name) == ("773-555-0101", "Alvarez-Ruiz")


def test_it_keeps_both_colleagues_edits_of_an_employer(acme, coach, manager):
    first = Employer.objects.get(pk=acme.pk)
    second = Employer.objects.get(pk=acme.pk)

    employer_update(employer=first, by=coach, data={"website": "https://acme.example"})
    employer_update(employer=second, by=manager, data={"name": "Acme Foods Co."})

    acme.refresh_from_db()
    assert (acme.website, acme.name) == ("https://acme.example", "Acme Foods Co.")


def test_it_keeps_both_colleagues_edits_of_a_contact(acme, coach, manager):
    contact = contact_add(employer=acme, by=coach, data={"name": "Dana Reyes"})
    first = Contact.objects.get(pk=contact.pk)
    second = Contact.objects.get(pk=contact.pk)

    contact_update(contact=first, by=coach, data={"phone": "312-555-0199"})
    contact_update(contact=second, by=manager, data={"role": "Hiring manager"})

    contact.refresh_from_db()
    assert (contact.phone, contact.role) == ("312-555-0199", "Hiring manager")


def test_it_keeps_both_colleagues_edits_of_an_opening(opening, coach, manager):
    first = JobOpening.objects.get(pk=opening.pk)
    second = JobOpening.objects.get(pk=opening.pk)

    opening_update(opening=first, by=coach, data={"hourly_wage": Decimal("21.00")})
    opening_update(opening=second, by=manager, data={"positions": 3})

    opening.refresh_from_db()
    assert (opening.hourly_wage, opening.positions) == (Decimal("21.00"), 3)


def test_it_keeps_both_colleagues_corrections_of_a_retention_check(rosa, acme, opening, coach):
    placement = placement_record(
        participant=rosa, employer=acme, opening=opening, started_on=date(2026, 9, 1), by=coach
    )
    check = placement.checks.get(checkpoint=30)
    retention_check_record(
        check=check, by=coach, still_employed=StillEmployed.YES, done_on=date(2026, 10, 1)
    )
    first = RetentionCheck.objects.get(pk=check.pk)
    second = RetentionCheck.objects.get(pk=check.pk)

    retention_check_record(
        check=first, by=coach, still_employed=StillEmployed.YES, done_on=date(2026, 10, 2)
    )
    retention_check_record(
        check=second,
        by=coach,
        still_employed=StillEmployed.YES,
        done_on=date(2026, 10, 1),
        notes="Likes the morning shift.",
    )

    check.refresh_from_db()
    assert (check.done_on, check.notes) == (date(2026, 10, 2), "Likes the morning shift.")
