"""Writes for accounts: organisations, memberships, tokens and audit events."""

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import (
    ApiToken,
    AuditAction,
    AuditEvent,
    Membership,
    Organisation,
    Role,
    User,
)
from workbridge.accounts.queries import staff_cache_key


def audit_record(
    *,
    actor: User | None,
    action: AuditAction | str,
    obj: object | None = None,
    object_type: str | None = None,
    object_id: str | int = "",
    fields: Iterable[str] = (),
    detail: str = "",
    organisation: Organisation | None = None,
) -> AuditEvent:
    """Append one event to the audit log: who did what to which object and fields.

    The event belongs to the actor's organisation, or to ``organisation`` when given
    (a platform operator, who has none, acting on an organisation's records)."""
    if obj is not None:
        meta = obj._meta  # type: ignore[attr-defined]
        object_type = object_type or meta.label_lower
        object_id = object_id or obj.pk  # type: ignore[attr-defined]
    membership = getattr(actor, "membership", None) if actor is not None else None
    return AuditEvent.objects.create(
        actor=actor,
        organisation_id=(
            organisation.pk
            if organisation is not None
            else membership.organisation_id
            if membership is not None
            else None
        ),
        action=str(action),
        object_type=object_type or "",
        object_id=str(object_id),
        object_repr=str(obj)[:200] if obj is not None else "",
        fields=sorted(set(fields)),
        detail=detail[:300],
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    organisation: Organisation,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    preferred_language: str = "en",
) -> User:
    """Create a user with one membership. Never staff or superuser: Django's admin site
    is for platform operators (``manage.py create_operator``), not for organisations."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        preferred_language=preferred_language,
        is_staff=False,
        is_superuser=False,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    transaction.on_commit(lambda: cache.delete(staff_cache_key(organisation.pk)))
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name, digest=ApiToken.digest_of(raw), prefix=raw[3:11]
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    """Stop a token from working."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


@transaction.atomic
def operator_create(*, username: str, email: str, password: str) -> User:
    """A platform operator: a superuser of Django's admin site who belongs to no
    organisation. The password must meet the password policy."""
    user = User(username=username, email=email, is_staff=True, is_superuser=True)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=user,
        fields=["username", "email", "is_staff", "is_superuser"],
        detail="create_operator command",
    )
    return user
