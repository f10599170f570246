"""Who may use the equity action plans: everyone of the organisation but employer partners
reads them; administrators, program directors and equity analysts edit them."""

from django.core.exceptions import PermissionDenied

from workbridge.accounts.models import Organisation, Role
from workbridge.accounts.queries import membership_of, role_of

PLAN_READERS = frozenset({Role.ADMIN, Role.MANAGER, Role.STAFF, Role.ANALYST})
PLAN_EDITORS = frozenset({Role.ADMIN, Role.MANAGER, Role.ANALYST})


def user_reads_plans(user) -> bool:
    return role_of(user) in PLAN_READERS


def user_edits_plans(user) -> bool:
    return role_of(user) in PLAN_EDITORS


def require_plans(user) -> Organisation:
    """The user's organisation when they may read its plans; 403 otherwise."""
    membership = membership_of(user)
    if membership is None or membership.role not in PLAN_READERS:
        raise PermissionDenied
    return membership.organisation


def require_plan_editor(user) -> Organisation:
    """The user's organisation when they may edit its plans; 403 otherwise."""
    membership = membership_of(user)
    if membership is None or membership.role not in PLAN_EDITORS:
        raise PermissionDenied
    return membership.organisation
