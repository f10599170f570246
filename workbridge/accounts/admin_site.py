"""Django's admin site, for platform operators only, with every change it makes audited.

Organisation administrators manage their own organisation in the app's own pages. The
admin site lets in only operators: active superusers who belong to no organisation
(``manage.py create_operator`` makes them). Every model registered here, Workbridge's
or a library's, is wrapped so that each addition, change (password changes included)
and deletion writes an AuditEvent under the changed record's organisation.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.accounts.models import AuditAction, Membership, Organisation, User
from workbridge.accounts.queries import membership_of
from workbridge.accounts.services import audit_record
from workbridge.accounts.signin import address_blocked_response, sign_in_refusal


def organisation_of(obj) -> Organisation | None:
    """The organisation a record belongs to, where it belongs to one."""
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, Membership):
        return obj.organisation
    user = obj if isinstance(obj, User) else getattr(obj, "user", None)
    if isinstance(user, User):
        membership = membership_of(user)
        return membership.organisation if membership is not None else None
    organisation = getattr(obj, "organisation", None)
    return organisation if isinstance(organisation, Organisation) else None


def _changed_fields(message) -> list[str]:
    """The field names in an admin change message (a list of {"changed": {...}} items)."""
    fields: list[str] = []
    if isinstance(message, list):
        for item in message:
            for data in item.values():
                if isinstance(data, dict):
                    fields.extend(str(f) for f in data.get("fields", []))
    return fields


def _describe(message) -> str:
    if isinstance(message, list):
        kinds = []
        for item in message:
            for kind, data in item.items():
                named = data.get("name", "") if isinstance(data, dict) else ""
                fields = ", ".join(data.get("fields", [])) if isinstance(data, dict) else ""
                kinds.append(" ".join(part for part in (kind, named, fields) if part))
        return "; ".join(kinds) or "no fields changed"
    return str(message)


class AuditedAdminMixin:
    """Write an AuditEvent beside each of the admin's own log entries."""

    def _audit(self, request, obj, action: AuditAction, message) -> None:
        organisation = organisation_of(obj)
        if action == AuditAction.DELETE and isinstance(obj, Organisation):
            organisation = None  # the event must outlive the organisation it records
        audit_record(
            actor=request.user,
            action=action,
            obj=obj,
            fields=_changed_fields(message),
            detail=f"admin site: {_describe(message)}",
            organisation=organisation,
        )

    def log_addition(self, request, obj, message):
        self._audit(request, obj, AuditAction.CREATE, message)
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request, obj, message):
        self._audit(request, obj, AuditAction.UPDATE, message)
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, AuditAction.DELETE, "deleted")
        return super().log_deletions(request, queryset)  # type: ignore[misc]


class OperatorAdminSite(admin.AdminSite):
    """The admin site: platform operators only; every registered model audited."""

    site_header = gettext_lazy("Workbridge platform operations")
    site_title = gettext_lazy("Workbridge operations")
    index_title = gettext_lazy("Platform operations")
    site_url = None  # the app does not link here, and here does not link to the app

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(
            user.is_active and user.is_staff and user.is_superuser and membership_of(user) is None
        )

    def login(self, request, extra_context=None):
        """The admin's sign-in is held to the same address limit and wait as the app's."""
        if request.method == "POST":
            refusal = sign_in_refusal(request, request.POST.get("username", ""))
            if refusal is not None and refusal.address_blocked:
                return address_blocked_response(request, refusal)
            if refusal is not None:
                response = HttpResponse(_("Too many attempts; wait and try again."), status=429)
                response["Retry-After"] = str(refusal.retry_after)
                return response
        return super().login(request, extra_context)

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdminMixin):
            base = type(base.__name__, (AuditedAdminMixin, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, base, **options)
