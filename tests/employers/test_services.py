"""The employer CRM's writes: pipeline moves, interactions, cadence and the follow-up queue."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import ActionItem, Employer, StageChange
from workbridge.employers.queries import follow_up_queue
from workbridge.employers.services import (
    cadence_rules_update,
    contact_add,
    employer_create,
    employer_move,
    employer_signal_set,
    employer_update,
    interaction_log,
)

TODAY = timezone.localdate()


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})


def test_a_new_prospect_is_due_a_call_in_fourteen_days(acme):
    assert acme.stage == "prospect"
    assert acme.next_follow_up_on == TODAY + timedelta(days=14)
    assert acme.next_follow_up_kind == "call"
    assert StageChange.objects.get(employer=acme).to_stage == "prospect"


def test_moving_along_the_pipeline_keeps_the_move_and_replans(acme, coach):
    change = employer_move(employer=acme, by=coach, to_stage="active", reason="Hired two")

    acme.refresh_from_db()
    assert (change.from_stage, change.to_stage) == ("prospect", "active")
    assert change.reason == "Hired two"
    assert acme.stage == "active"
    # no contact yet: the active-partner call (30 days) is due before the review (182)
    assert acme.next_follow_up_on == TODAY + timedelta(days=30)
    assert AuditEvent.objects.filter(object_id=str(acme.pk), fields=["stage"]).exists()


def test_moving_to_the_same_stage_is_refused(acme, coach):
    with pytest.raises(ValidationError):
        employer_move(employer=acme, by=coach, to_stage="prospect")


def test_one_call_about_two_employers_moves_both_follow_ups(acme, coach):
    other = employer_create(by=coach, data={"name": "Birch Logistics", "owner": coach})
    called_on = TODAY - timedelta(days=2)

    interaction_log(
        by=coach,
        employers=[acme, other],
        kind="call",
        occurred_on=called_on,
        outcome="reached",
        next_step="Send two resumes",
        next_step_on=TODAY + timedelta(days=3),
    )

    for employer in (acme, other):
        employer.refresh_from_db()
        assert employer.last_contact_on == called_on
        assert employer.next_follow_up_on == called_on + timedelta(days=14)
    assert ActionItem.objects.filter(owner=coach, description="Send two resumes").count() == 2


def test_a_contact_of_another_employer_cannot_be_tagged(acme, coach):
    other = employer_create(by=coach, data={"name": "Birch Logistics"})
    theirs = contact_add(employer=other, by=coach, data={"name": "Dana Reyes"})

    with pytest.raises(ValidationError):
        interaction_log(
            by=coach, employers=[acme], kind="call", occurred_on=TODAY, contacts=[theirs]
        )
    acme.refresh_from_db()
    assert acme.last_contact_on is None


def test_another_organisation_cannot_touch_an_employer(acme, other_coach):
    with pytest.raises(PermissionDenied):
        employer_move(employer=acme, by=other_coach, to_stage="contacted")
    acme.refresh_from_db()
    assert acme.stage == "prospect"


def test_analysts_cannot_add_employers(analyst):
    with pytest.raises(PermissionDenied):
        employer_create(by=analyst, data={"name": "Nope Inc"})
    assert not Employer.objects.exists()


def test_a_manager_changes_the_cadence_and_every_follow_up_moves(acme, manager, coach):
    cadence_rules_update(
        by=manager,
        rules=[{"stage": "prospect", "tier": "", "kind": "call", "every_days": 7}],
    )

    acme.refresh_from_db()
    assert acme.next_follow_up_on == TODAY + timedelta(days=7)


def test_staff_cannot_change_the_cadence(coach):
    with pytest.raises(PermissionDenied):
        cadence_rules_update(
            by=coach, rules=[{"stage": "prospect", "tier": "", "kind": "call", "every_days": 7}]
        )


def test_the_queue_lists_overdue_follow_ups_first_and_open_action_items(acme, coach):
    late = employer_create(by=coach, data={"name": "Zeta Care", "owner": coach})
    interaction_log(
        by=coach, employers=[late], kind="call", occurred_on=date(2020, 1, 1)
    )  # due 2020-01-15: long overdue
    interaction_log(
        by=coach,
        employers=[acme],
        kind="meeting",
        occurred_on=TODAY - timedelta(days=10),
        next_step="Tour the plant",
        next_step_on=TODAY + timedelta(days=1),
    )

    queue = follow_up_queue(coach, today=TODAY)

    assert [e.name for e in queue.follow_ups] == ["Zeta Care", "Acme Foods"]
    assert [i.description for i in queue.action_items] == ["Tour the plant"]


def test_the_queue_holds_only_the_users_own_work(acme, coach, manager):
    assert list(follow_up_queue(manager, today=TODAY + timedelta(days=30)).follow_ups) == []


def test_it_updates_an_employer_and_its_signals_in_one_go_saving_only_what_changed(acme, coach):
    # given an employer with one signal, and another person's change to its notes meanwhile
    employer_signal_set(employer=acme, by=coach, kind="fair_chance", evidence="Hires returning")
    Employer.objects.filter(pk=acme.pk).update(notes="Written by someone else")
    # when its name changes and its signals become another one
    changed = employer_update(
        employer=acme,
        by=coach,
        data={"name": "Acme Foods Inc."},
        signals={"inclusive": "Pays $21"},
    )
    # then only the name was written over, and the signals are exactly those asked for
    acme.refresh_from_db()
    assert changed == ["name", "signal:fair_chance", "signal:inclusive"]
    assert (acme.name, acme.notes) == ("Acme Foods Inc.", "Written by someone else")
    assert dict(acme.signals.values_list("kind", "evidence")) == {"inclusive": "Pays $21"}
    assert list(
        AuditEvent.objects.filter(object_id=str(acme.pk), action="update")
        .order_by("pk")
        .values_list("fields", flat=True)
    )[-3:] == [["name"], ["signal:fair_chance"], ["signal:inclusive"]]


def test_it_changes_nothing_when_another_organisation_updates_an_employer(acme, other_coach):
    with pytest.raises(PermissionDenied):
        employer_update(
            employer=acme, by=other_coach, data={"name": "Taken"}, signals={"inclusive": "x"}
        )
    acme.refresh_from_db()
    assert acme.name == "Acme Foods"
    assert not acme.signals.exists()
