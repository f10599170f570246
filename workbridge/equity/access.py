"""Who may use the hiring-equity pages: analysts, program directors and administrators.

Equity pages show counts, rates and tests, never one applicant's answers.
"""

from django.core.exceptions import PermissionDenied

from workbridge.accounts.models import Organisation, Role
from workbridge.accounts.queries import membership_of, role_of

EQUITY_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.ANALYST})


def user_does_equity(user) -> bool:
    """Whether the user works with hiring-equity figures."""
    return role_of(user) in EQUITY_ROLES


def require_equity(user) -> Organisation:
    """The user's organisation when they may use the equity pages; 403 otherwise."""
    membership = membership_of(user)
    if membership is None or membership.role not in EQUITY_ROLES:
        raise PermissionDenied
    return membership.organisation
