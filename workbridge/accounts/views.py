"""Account pages: the audit log search (administrators) and personal API tokens."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.forms import ApiTokenForm, AuditSearchForm, UnlockRequestForm
from workbridge.accounts.models import ApiToken, User
from workbridge.accounts.queries import audit_events_visible_to, user_is_admin
from workbridge.accounts.services import (
    api_token_create,
    api_token_revoke,
    password_set_from_link,
    sign_in_unlock,
    sign_in_unlock_request,
)
from workbridge.accounts.signin import address_blocked_response, sign_in_refusal, unlock_tokens
from workbridge.web.lists import page_of


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Administrators search who saw, changed or exported personal data."""
    if not user_is_admin(request.user):
        raise PermissionDenied
    form = AuditSearchForm.bind(request)
    filters = form.values()
    events = audit_events_visible_to(
        request.user,
        text=filters.get("q") or "",
        action=filters.get("action") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = page_of(request, events)
    return render(request, "accounts/audit_log.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """A user lists, creates and revokes their own API tokens."""
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_token = api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
    )


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


class PasswordLinkView(auth_views.PasswordResetConfirmView):
    """Choose a password from an e-mailed link; the change is audited, and the user's
    sign-in failures are cleared."""

    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        password_set_from_link(user=self.user)
        return response


class SignInView(auth_views.LoginView):
    """Sign in; an address that failed too often, or a username that just failed here,
    is refused before any password is tried (see workbridge/accounts/signin.py)."""

    def post(self, request, *args, **kwargs):
        refusal = sign_in_refusal(request, request.POST.get("username", ""))
        if refusal is None:
            return super().post(request, *args, **kwargs)
        if refusal.address_blocked:
            return address_blocked_response(request, refusal)
        # An unbound form: binding it would validate it, and so try the password.
        form = self.get_form_class()(request, initial={"username": request.POST.get("username")})
        wait = ngettext(
            "Wait %(seconds)s second before trying again.",
            "Wait %(seconds)s seconds before trying again.",
            refusal.retry_after,
        ) % {"seconds": refusal.retry_after}
        response = self.render_to_response(
            self.get_context_data(form=form, wait_message=wait), status=429
        )
        response["Retry-After"] = str(refusal.retry_after)
        return response


@require_http_methods(["GET", "POST"])
def unlock_request(request: HttpRequest) -> HttpResponse:
    """Ask for an unlock link by e-mail. The answer is the same whether or not the
    username exists, has an e-mail address, or was sent a link a moment ago."""
    form = UnlockRequestForm(request.POST or None, initial={"username": request.GET.get("u")})
    if request.method == "POST" and form.is_valid():
        sign_in_unlock_request(
            username=form.cleaned_data["username"], link_base=request.build_absolute_uri("/")
        )
        return render(request, "registration/unlock_request.html", {"sent": True})
    return render(request, "registration/unlock_request.html", {"form": form})


@require_GET
def unlock(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Follow an e-mailed unlock link: the username's sign-in failures are cleared."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode(), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    valid = user is not None and unlock_tokens.check_token(user, token)
    if valid:
        sign_in_unlock(user=user)
    return render(request, "registration/unlock.html", {"valid": valid})
