"""Who may read candidates' contact details and exam results: program directors (the HR
manager, who runs recruitment) and administrators. Analysts see counts only."""

from django.core.exceptions import PermissionDenied

from workbridge.accounts.models import Organisation, Role
from workbridge.accounts.queries import membership_of, role_of

CANDIDATE_ROLES = frozenset({Role.ADMIN, Role.MANAGER})


def user_reads_candidates(user) -> bool:
    """Whether the user may read candidates' contact details and exam results."""
    return role_of(user) in CANDIDATE_ROLES


def require_candidates(user) -> Organisation:
    """The user's organisation when they may read candidates' personal data; 403 otherwise."""
    membership = membership_of(user)
    if membership is None or membership.role not in CANDIDATE_ROLES:
        raise PermissionDenied
    return membership.organisation
