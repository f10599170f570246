"""An organisation's administrator manages its users, their roles and their API tokens.

Every page is for administrators only (403 for other roles) and shows only their own
organisation (404 for another organisation's user or token). Nothing here can make
anyone a superuser or staff of Django's admin site.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.forms import MemberAddForm, MemberRoleForm
from workbridge.accounts.models import Role
from workbridge.accounts.queries import (
    member_get_for,
    members_visible_to,
    organisation_api_token_get_for,
    organisation_api_tokens_visible_to,
)
from workbridge.accounts.services import (
    member_add,
    member_deactivate,
    member_password_reset,
    member_reactivate,
    member_role_change,
    organisation_api_token_revoke,
)
from workbridge.web.lists import page_of


def _link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def members(request: HttpRequest) -> HttpResponse:
    """The organisation's users: role, whether active, when they last signed in."""
    page = page_of(request, members_visible_to(request.user))
    return render(request, "accounts/members.html", {"users": page.object_list, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest) -> HttpResponse:
    """Add a user; they are e-mailed a link to choose their password."""
    members_visible_to(request.user)  # administrators only
    form = MemberAddForm(request.POST or None, initial={"role": Role.STAFF})
    if request.method == "POST" and form.is_valid():
        try:
            user = member_add(by=request.user, **form.cleaned_data, link_base=_link_base(request))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s was added and sent a link to choose a password.") % {"name": user},
            )
            return redirect("accounts:members")
    return render(request, "accounts/member_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    """One user of the organisation, and their role."""
    user = member_get_for(request.user, user_id)
    form = MemberRoleForm(request.POST or None, initial={"role": user.membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            member_role_change(by=request.user, user=user, role=Role(form.cleaned_data["role"]))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role of %(name)s was changed.") % {"name": user})
            return redirect("accounts:member", user.pk)
    tokens = organisation_api_tokens_visible_to(request.user).filter(user=user)
    return render(
        request, "accounts/member_detail.html", {"member": user, "form": form, "tokens": tokens}
    )


@login_required
@require_POST
def member_deactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    user = member_get_for(request.user, user_id)
    try:
        member_deactivate(by=request.user, user=user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(name)s can no longer sign in.") % {"name": user})
    return redirect("accounts:member", user.pk)


@login_required
@require_POST
def member_reactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    user = member_get_for(request.user, user_id)
    member_reactivate(by=request.user, user=user)
    messages.success(request, _("%(name)s can sign in again.") % {"name": user})
    return redirect("accounts:member", user.pk)


@login_required
@require_POST
def member_password_reset_view(request: HttpRequest, user_id: int) -> HttpResponse:
    user = member_get_for(request.user, user_id)
    try:
        member_password_reset(by=request.user, user=user, link_base=_link_base(request))
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("%(name)s was sent a link to choose a new password.") % {"name": user}
        )
    return redirect("accounts:member", user.pk)


@login_required
@require_GET
def organisation_tokens(request: HttpRequest) -> HttpResponse:
    """Every API token of the organisation's users, with who owns it and when it was used."""
    page = page_of(request, organisation_api_tokens_visible_to(request.user))
    return render(
        request, "accounts/organisation_tokens.html", {"tokens": page.object_list, "page": page}
    )


@login_required
@require_POST
def organisation_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = organisation_api_token_get_for(request.user, token_id)
    organisation_api_token_revoke(by=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:organisation_tokens")
