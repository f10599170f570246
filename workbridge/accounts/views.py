"""Account pages: the audit log search (administrators) and personal API tokens."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workbridge.accounts.forms import ApiTokenForm, AuditSearchForm
from workbridge.accounts.models import ApiToken, AuditAction
from workbridge.accounts.queries import audit_events_visible_to, user_is_admin
from workbridge.accounts.services import api_token_create, api_token_revoke, audit_record


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Administrators search who saw, changed or exported personal data."""
    if not user_is_admin(request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events_visible_to(
        request.user,
        text=filters.get("q") or "",
        action=filters.get("action") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


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
        audit_record(
            actor=self.user,
            action=AuditAction.UPDATE,
            obj=self.user,
            fields=["password"],
            detail="password set from an e-mailed link",
        )
        return response
