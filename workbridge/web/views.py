"""Pages that belong to no one domain: the home redirect and the health check."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from workbridge.accounts.models import Role
from workbridge.accounts.queries import role_of


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work starts."""
    role = role_of(request.user)
    if role in (Role.ADMIN, Role.MANAGER, Role.STAFF):
        return redirect("people:caseload")
    return render(request, "web/home.html", {"role": role})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial page: the baseline for benchmarks and a liveness probe."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@login_required
def about(request: HttpRequest) -> HttpResponse:
    """A short page about the service: also the benchmarks' trivial page (the full site
    layout for a signed-in user, with no query of its own)."""
    return render(request, "web/about.html")
