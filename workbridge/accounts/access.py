"""Who may do what: the checks every view and service makes before it reads or writes.

Views call the ``require_…`` checks first and get a 403 (PermissionDenied) for a role
that may not open the page. Services call ``casework_organisation`` or ``require_own``
so that the API, commands and tasks are held to the same rules as the pages: a row of
another organisation is refused even when a caller forgot to scope its query.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from workbridge.accounts.models import MANAGER_ROLES, Membership, Organisation, User
from workbridge.accounts.queries import (
    membership_of,
    role_of,
    staff_visible_to,
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


def queue_owner(request: HttpRequest) -> tuple[User, list[User] | None]:
    """Whose work queue a page shows, and the staff its user may choose from.

    Everyone sees their own queue. Administrators and program directors may look at a
    colleague's with ``?owner=<id>`` (and get the staff list to choose from); anyone else
    asking for another person's gets 403, and an id that is not on the staff 404.
    """
    owner = request.user
    staff = list(staff_visible_to(request.user)) if user_manages(request.user) else None
    wanted = request.GET.get("owner", "")
    if wanted and wanted != str(request.user.pk):
        if staff is None:
            raise PermissionDenied
        owner = next((u for u in staff if str(u.pk) == wanted), None)
        if owner is None:
            raise Http404
    return owner, staff
