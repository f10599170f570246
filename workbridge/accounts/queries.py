"""Reads for accounts: roles, token look-up and the audit log."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from workbridge.accounts.models import (
    CASEWORK_ROLES,
    DEMOGRAPHICS_ROLES,
    ApiToken,
    AuditEvent,
    Membership,
    Role,
    User,
)


def membership_of(user) -> Membership | None:
    """The user's membership, or None for anonymous users and users without one."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user) -> Role | None:
    """The user's role, or None."""
    membership = membership_of(user)
    return Role(membership.role) if membership else None


def user_does_casework(user) -> bool:
    """Whether the user works with individual participants' records."""
    return role_of(user) in CASEWORK_ROLES


def user_reads_demographics(user) -> bool:
    """Whether the user may read people's voluntary demographic answers."""
    return role_of(user) in DEMOGRAPHICS_ROLES


def user_is_admin(user) -> bool:
    """Whether the user administers their organisation."""
    return role_of(user) == Role.ADMIN


def staff_cache_key(organisation_id: int) -> str:
    """Where pages may cache an organisation's staff list; cleared when staff are added."""
    return f"staff-list:{organisation_id}"


def staff_visible_to(user) -> QuerySet[User]:
    """Caseworkers in the user's organisation (for assignment and filters)."""
    membership = membership_of(user)
    if membership is None or membership.role not in CASEWORK_ROLES:
        return User.objects.none()
    return User.objects.filter(
        membership__organisation_id=membership.organisation_id,
        membership__role__in=[Role.STAFF, Role.MANAGER],
        is_active=True,
    ).order_by("first_name", "last_name")


def api_token_user(raw: str) -> User | None:
    """The active user a raw API token belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user", "user__membership")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def audit_events_visible_to(
    user,
    *,
    text: str = "",
    action: str = "",
    actor_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events an administrator may search: their organisation's, newest first."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.ADMIN:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("actor").filter(
        organisation_id=membership.organisation_id
    )
    if text:
        events = events.filter(
            Q(object_repr__icontains=text)
            | Q(object_type__icontains=text)
            | Q(object_id=text)
            | Q(detail__icontains=text)
            | Q(actor__username__icontains=text)
        )
    if action:
        events = events.filter(action=action)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-id")


def _administered_organisation_id(user) -> int:
    """The organisation an administrator manages; PermissionDenied for everyone else."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.ADMIN:
        raise PermissionDenied
    return membership.organisation_id


def members_visible_to(user) -> QuerySet[User]:
    """An administrator's organisation's users, with their roles, by name."""
    organisation_id = _administered_organisation_id(user)
    return (
        User.objects.select_related("membership")
        .filter(membership__organisation_id=organisation_id)
        .order_by("-is_active", "first_name", "last_name", "username")
    )


def member_get_for(user, pk: int) -> User:
    """One user of the administrator's organisation; 404 for anyone else's."""
    return get_object_or_404(members_visible_to(user), pk=pk)


def organisation_api_tokens_visible_to(user) -> QuerySet[ApiToken]:
    """Every API token of an administrator's organisation's users, newest first."""
    organisation_id = _administered_organisation_id(user)
    return (
        ApiToken.objects.select_related("user")
        .filter(user__membership__organisation_id=organisation_id)
        .order_by("revoked_at", "-created_at", "-id")
    )


def organisation_api_token_get_for(user, pk: int) -> ApiToken:
    """One token of the administrator's organisation; 404 for anyone else's."""
    return get_object_or_404(organisation_api_tokens_visible_to(user), pk=pk)


def active_admins_count(organisation_id: int) -> int:
    """How many active administrators an organisation has."""
    return User.objects.filter(
        is_active=True,
        membership__organisation_id=organisation_id,
        membership__role=Role.ADMIN,
    ).count()
