"""Who may do what: the checks every view and service makes before it reads or writes.

Views call the ``require_…`` checks first and get a 403 (PermissionDenied) for a role
that may not open the page. Services call ``casework_organisation`` or ``require_own``
so that the API, commands and tasks are held to the same rules as the pages: a row of
another organisation is refused even when a caller forgot to scope its query.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from workbridge.accounts.models import MANAGER_ROLES, Membership, Organisation, User
from workbridge.accounts.queries import (
    membership_of,
    role_of,
    user_does_casework,
    user_reads_demographics,
)


def user_manages(user) -> bool:
    """Whether the user sets the organisation's rules (administrators, program directors)."""
    return role_of(user) in MANAGER_ROLES


def require_casework(user) -> None:
    """Administrators, program directors, case managers and job developers; others get 403."""
    if not user_does_casework(user):
        raise PermissionDenied


def require_manager(user) -> None:
    """Administrators and program directors; everyone else gets 403."""
    if not user_manages(user):
        raise PermissionDenied


def require_demographics(user) -> None:
    """Roles that may read voluntary demographic answers; everyone else gets 403."""
    if not user_reads_demographics(user):
        raise PermissionDenied


def _casework_membership(by: User) -> Membership:
    membership = membership_of(by)
    if membership is None or not user_does_casework(by):
        raise PermissionDenied
    return membership


def casework_organisation(by: User) -> Organisation:
    """The organisation whose records `by` works on; PermissionDenied for other roles."""
    return _casework_membership(by).organisation


def casework_organisation_id(by: User) -> int:
    """As ``casework_organisation``, the id only (no query for the organisation row)."""
    return _casework_membership(by).organisation_id


def manager_organisation(by: User) -> Organisation:
    """The organisation whose rules `by` sets; PermissionDenied for other roles."""
    membership = membership_of(by)
    if membership is None or membership.role not in MANAGER_ROLES:
        raise PermissionDenied
    return membership.organisation


def require_own(row: Any, by: User) -> Organisation:
    """`by`'s organisation when `row` (anything with an ``organisation_id``) belongs to it;
    PermissionDenied for another organisation's row and for roles without casework."""
    organisation = casework_organisation(by)
    if row.organisation_id != organisation.pk:
        raise PermissionDenied
    return organisation


def require_colleague(organisation: Organisation, person: User | None, *, field: str) -> None:
    """Nobody, or a caseworker of `organisation`; anyone else is a ValidationError on `field`
    (an owner or assignee chosen from another organisation, or without casework)."""
    if person is None:
        return
    membership = membership_of(person)
    if (
        membership is None
        or membership.organisation_id != organisation.pk
        or not user_does_casework(person)
    ):
        raise ValidationError({field: _("Choose a staff member of your organisation.")})
