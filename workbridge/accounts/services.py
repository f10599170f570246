"""Writes for accounts: organisations, memberships, tokens and audit events."""

from collections.abc import Iterable

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from workbridge.accounts.models import (
    ApiToken,
    AuditAction,
    AuditEvent,
    Membership,
    Organisation,
    Role,
    User,
)
from workbridge.accounts.queries import active_admins_count, staff_cache_key
from workbridge.accounts.signin import unlock_tokens


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


@transaction.atomic
def organisation_start(
    *,
    name: str,
    slug: str,
    admin_username: str,
    admin_email: str,
    admin_first_name: str = "",
    admin_last_name: str = "",
    admin_language: str = "en",
    link_base: str,
) -> tuple[Organisation, User]:
    """A new organisation and its first administrator, who has no password until they
    follow the link e-mailed to them (``manage.py create_organisation``). Everything is
    checked before anything is written; nothing is written if any of it is refused."""
    organisation = Organisation(name=name, slug=slug)
    organisation.full_clean()
    admin = User(
        username=admin_username,
        email=admin_email,
        first_name=admin_first_name,
        last_name=admin_last_name,
        preferred_language=admin_language,
    )
    if not admin_email:
        raise ValidationError({"email": _("A new user needs an e-mail address for the link.")})
    admin.full_clean(exclude=["password"])
    organisation.save()
    user = user_create(
        username=admin_username,
        password=None,
        organisation=organisation,
        role=Role.ADMIN,
        first_name=admin_first_name,
        last_name=admin_last_name,
        email=admin_email,
        preferred_language=admin_language,
    )
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=organisation,
        fields=["name", "slug"],
        detail=f"create_organisation command; first administrator {user.username}",
        organisation=organisation,
    )
    transaction.on_commit(
        lambda: password_link_send(user=user, link_base=link_base, invitation=True)
    )
    return organisation, user


# An organisation's administrator manages its users ------------------------------------


def _require_admin_of(by: User, user: User | None = None) -> Membership:
    """The administrator's membership; PermissionDenied for anyone else, or for a user
    of another organisation (the views have already answered 404 for those)."""
    membership: Membership | None = getattr(by, "membership", None)
    if membership is None or membership.role != Role.ADMIN or not by.is_active:
        raise PermissionDenied
    if user is not None:
        theirs = getattr(user, "membership", None)
        if theirs is None or theirs.organisation_id != membership.organisation_id:
            raise PermissionDenied
    return membership


def _keep_an_admin(user: User, *, losing: str) -> None:
    """Refuse a change that would leave the user's organisation without an active admin."""
    membership = user.membership
    if membership.role != Role.ADMIN or not user.is_active:
        return
    if active_admins_count(membership.organisation_id) <= 1:
        raise ValidationError(
            _("%(name)s is the organisation's last administrator: %(losing)s.")
            % {"name": user, "losing": losing},
            code="last_admin",
        )


def _signed_link(view: str, tokens: PasswordResetTokenGenerator, user: User, link_base: str) -> str:
    """The absolute address of `view` for this user with a one-time token from `tokens`."""
    path = reverse(
        view,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": tokens.make_token(user),
        },
    )
    return link_base.rstrip("/") + path


def password_link_send(*, user: User, link_base: str, invitation: bool) -> None:
    """E-mail a user a one-time link to choose a password (Django's reset token, which
    stops working once the password changes or after PASSWORD_RESET_TIMEOUT)."""
    if not user.email:
        raise ValidationError(_("%(name)s has no e-mail address.") % {"name": user})
    link = _signed_link("password_reset_confirm", default_token_generator, user, link_base)
    with translation.override(user.preferred_language or "en"):
        context = {
            "user": user,
            "link": link,
            "invitation": invitation,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        subject = (
            _("You have a Workbridge account")
            if invitation
            else _("Choose a new Workbridge password")
        )
        body = render_to_string("accounts/email/password_link.txt", context)
    EmailMessage(subject=str(subject), body=body, to=[user.email]).send()


@transaction.atomic
def member_add(
    *,
    by: User,
    username: str,
    email: str,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "en",
    link_base: str,
) -> User:
    """An administrator adds a user to their own organisation. The new user has no
    password until they follow the link e-mailed to them."""
    membership = _require_admin_of(by)
    if not email:
        raise ValidationError({"email": _("A new user needs an e-mail address for the link.")})
    user = user_create(
        username=username,
        password=None,
        organisation=membership.organisation,
        role=Role(role),
        first_name=first_name,
        last_name=last_name,
        email=email,
        preferred_language=preferred_language,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=user,
        fields=["username", "email", "first_name", "last_name", "role"],
        detail=f"user added with role {Role(role).value}",
    )
    transaction.on_commit(
        lambda: password_link_send(user=user, link_base=link_base, invitation=True)
    )
    return user


@transaction.atomic
def member_role_change(*, by: User, user: User, role: Role) -> User:
    """An administrator changes the role of a user of their organisation."""
    _require_admin_of(by, user)
    membership = user.membership
    old = Role(membership.role)
    if old == Role(role):
        return user
    if old == Role.ADMIN:
        _keep_an_admin(user, losing=_("give the role to someone else first"))
    membership.role = Role(role)
    membership.save(update_fields=["role"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=user,
        fields=["role"],
        detail=f"role {old.value} -> {Role(role).value}",
    )
    transaction.on_commit(lambda: cache.delete(staff_cache_key(membership.organisation_id)))
    return user


@transaction.atomic
def member_deactivate(*, by: User, user: User) -> User:
    """An administrator stops a user of their organisation from signing in or using the
    API; their records and audit history stay."""
    _require_admin_of(by, user)
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    if not user.is_active:
        return user
    _keep_an_admin(user, losing=_("make someone else an administrator first"))
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=by, action=AuditAction.UPDATE, obj=user, fields=["is_active"], detail="deactivated"
    )
    transaction.on_commit(lambda: cache.delete(staff_cache_key(user.membership.organisation_id)))
    return user


@transaction.atomic
def member_reactivate(*, by: User, user: User) -> User:
    """An administrator lets a deactivated user of their organisation sign in again."""
    _require_admin_of(by, user)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=by, action=AuditAction.UPDATE, obj=user, fields=["is_active"], detail="reactivated"
    )
    transaction.on_commit(lambda: cache.delete(staff_cache_key(user.membership.organisation_id)))
    return user


@transaction.atomic
def member_password_reset(*, by: User, user: User, link_base: str) -> None:
    """An administrator sends a user of their organisation a link to choose a new
    password. The administrator never sees or sets the password."""
    _require_admin_of(by, user)
    if not user.email:
        raise ValidationError(_("%(name)s has no e-mail address.") % {"name": user})
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=user,
        fields=["password"],
        detail="password reset link sent",
    )
    transaction.on_commit(
        lambda: password_link_send(user=user, link_base=link_base, invitation=False)
    )


@transaction.atomic
def organisation_api_token_revoke(*, by: User, token: ApiToken) -> None:
    """An administrator revokes a token of a user of their organisation."""
    _require_admin_of(by, token.user)
    if token.revoked_at is not None:
        return
    api_token_revoke(token=token)
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=token,
        fields=["revoked_at"],
        detail=f"token of {token.user.username} revoked by an administrator",
    )


# A locked-out user unlocks their sign-in by e-mail --------------------------------------

UNLOCK_MAIL_EVERY_SECONDS = 15 * 60


def sign_in_unlock_request(*, username: str, link_base: str) -> None:
    """E-mail an unlock link to the active user with this username, if there is one with
    an e-mail address, at most once every 15 minutes. Says nothing either way."""
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None or not user.email:
        return
    if not cache.add(f"unlock-mail:{user.pk}", True, UNLOCK_MAIL_EVERY_SECONDS):
        return
    link = _signed_link("accounts:unlock", unlock_tokens, user, link_base)
    with translation.override(user.preferred_language or "en"):
        context = {
            "user": user,
            "link": link,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        subject = _("Unlock your Workbridge sign-in")
        body = render_to_string("accounts/email/unlock_link.txt", context)
    transaction.on_commit(
        lambda: EmailMessage(subject=str(subject), body=body, to=[user.email]).send()
    )


@transaction.atomic
def password_set_from_link(*, user: User) -> None:
    """Record that a user chose their password from an e-mailed link, and clear their
    sign-in failures (whoever follows the link controls the account's e-mail)."""
    AccessAttempt.objects.filter(username__iexact=user.username).delete()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        fields=["password"],
        detail="password set from an e-mailed link",
    )


@transaction.atomic
def sign_in_unlock(*, user: User) -> int:
    """Clear every sign-in failure recorded for the user's username, at every address."""
    cleared: int
    cleared, _deleted = AccessAttempt.objects.filter(username__iexact=user.username).delete()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        fields=["sign_in_failures"],
        detail="sign-in failures cleared from an e-mailed link",
    )
    return cleared
