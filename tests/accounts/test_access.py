"""The one place that says who may do what (workbridge.accounts.access).

The access matrix (tests/test_access_matrix.py) walks every URL as every role; these
say what each check itself answers, for services, commands and tasks too."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from tests.factories import ParticipantFactory, make_user
from workbridge.accounts.access import (
    casework_organisation,
    casework_organisation_id,
    manager_organisation,
    queue_owner,
    require_casework,
    require_colleague,
    require_demographics,
    require_manager,
    require_own,
    user_manages,
)
from workbridge.accounts.models import Role

CASEWORK = ("admin_user", "manager", "coach")
NO_CASEWORK = ("analyst", "employer_user")


@pytest.mark.parametrize("persona", CASEWORK)
def test_it_lets_casework_roles_work_on_their_organisations_records(persona, request, southside):
    user = request.getfixturevalue(persona)

    require_casework(user)

    assert casework_organisation(user) == southside
    assert casework_organisation_id(user) == southside.pk


@pytest.mark.parametrize("persona", NO_CASEWORK)
def test_it_refuses_casework_to_analysts_and_employer_partners(persona, request):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        require_casework(user)
    with pytest.raises(PermissionDenied):
        casework_organisation(user)
    with pytest.raises(PermissionDenied):
        casework_organisation_id(user)


def test_it_refuses_everything_to_someone_signed_out(db):
    anonymous = AnonymousUser()

    for check in (require_casework, require_manager, require_demographics):
        with pytest.raises(PermissionDenied):
            check(anonymous)
    with pytest.raises(PermissionDenied):
        casework_organisation(anonymous)


@pytest.mark.parametrize(
    ("persona", "manages"),
    [
        ("admin_user", True),
        ("manager", True),
        ("coach", False),
        ("analyst", False),
        ("employer_user", False),
    ],
)
def test_only_administrators_and_program_directors_manage(persona, manages, request, southside):
    user = request.getfixturevalue(persona)

    assert user_manages(user) is manages
    if manages:
        require_manager(user)
        require_demographics(user)
        assert manager_organisation(user) == southside
    else:
        with pytest.raises(PermissionDenied):
            require_manager(user)
        with pytest.raises(PermissionDenied):
            manager_organisation(user)


def test_it_gives_the_organisation_of_a_row_that_is_its_own(coach, southside):
    participant = ParticipantFactory(organisation=southside)

    assert require_own(participant, coach) == southside


def test_it_refuses_a_row_of_another_organisation(coach, northside):
    theirs = ParticipantFactory(organisation=northside)

    with pytest.raises(PermissionDenied):
        require_own(theirs, coach)


def test_it_refuses_an_own_row_to_a_role_without_casework(analyst, southside):
    participant = ParticipantFactory(organisation=southside)

    with pytest.raises(PermissionDenied):
        require_own(participant, analyst)


def test_a_colleague_may_be_nobody_or_a_caseworker_of_the_organisation(southside, coach, manager):
    require_colleague(southside, None, field="owner")
    require_colleague(southside, coach, field="owner")
    require_colleague(southside, manager, field="owner")


@pytest.mark.parametrize("persona", ["other_coach", "analyst", "employer_user"])
def test_a_colleague_from_elsewhere_or_without_casework_is_refused_on_the_field(
    persona, request, southside
):
    person = request.getfixturevalue(persona)

    with pytest.raises(ValidationError) as refused:
        require_colleague(southside, person, field="assigned_to")

    assert refused.value.message_dict == {
        "assigned_to": ["Choose a staff member of your organisation."]
    }


def queue_request(user, query: str = ""):
    request = RequestFactory().get(f"/queue/?{query}")
    request.user = user
    return request


def test_everyone_sees_their_own_queue_and_only_managers_get_the_staff_to_choose_from(
    coach, manager
):
    mine, staff = queue_owner(queue_request(coach, f"owner={coach.pk}"))
    theirs, choices = queue_owner(queue_request(manager))

    assert (mine, staff) == (coach, None)
    assert theirs == manager
    assert coach in choices


def test_a_manager_may_look_at_a_colleagues_queue(manager, coach):
    owner, _staff = queue_owner(queue_request(manager, f"owner={coach.pk}"))

    assert owner == coach


def test_a_caseworker_may_not_look_at_a_colleagues_queue(coach, manager):
    with pytest.raises(PermissionDenied):
        queue_owner(queue_request(coach, f"owner={manager.pk}"))


def test_a_queue_of_someone_not_on_the_staff_is_not_found(manager, other_coach, southside):
    analyst = make_user("ann", Role.ANALYST, southside)

    for stranger in (other_coach, analyst):
        with pytest.raises(Http404):
            queue_owner(queue_request(manager, f"owner={stranger.pk}"))
    with pytest.raises(Http404):
        queue_owner(queue_request(manager, "owner=nobody"))
