"""The program's target industries and positions, set against its openings and hires."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workbridge.accounts.access import require_casework
from workbridge.employers.development import program_target_add
from workbridge.employers.forms import ProgramTargetForm
from workbridge.placements.forms import add_service_errors
from workbridge.placements.targets import targets_compared


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    form = ProgramTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program_target_add(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Target added."))
            return redirect("placements:targets")
    rows = targets_compared(request.user)
    return render(
        request,
        "placements/targets.html",
        {"rows": rows[:-1], "outside": rows[-1], "form": form},
    )
