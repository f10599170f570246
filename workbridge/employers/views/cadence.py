"""The follow-up cadence: how often each stage (and tier) is called or reviewed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from workbridge.accounts.access import require_manager
from workbridge.accounts.queries import membership_of
from workbridge.employers.forms import CadenceFormSet
from workbridge.employers.pipeline_stats import BOARD_ORDER
from workbridge.employers.services import cadence_rules_for, cadence_rules_update


@require_http_methods(["GET", "POST"])
@login_required
def cadence_rules(request: HttpRequest) -> HttpResponse:
    """Program directors and administrators edit the rules; every follow-up is re-planned."""
    require_manager(request.user)
    organisation = membership_of(request.user).organisation
    errors: list[str] = []
    if request.method == "POST":
        formset = CadenceFormSet(request.POST, prefix="rules")
        if formset.is_valid():
            try:
                _rules, moved = cadence_rules_update(by=request.user, rules=formset.rules())
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request,
                    ngettext(
                        "The cadence was saved. %(n)s employer's follow-up moved.",
                        "The cadence was saved. %(n)s employers' follow-ups moved.",
                        moved,
                    )
                    % {"n": moved},
                )
                return redirect("employers:cadence")
    else:
        rules = sorted(
            cadence_rules_for(organisation),
            key=lambda r: (BOARD_ORDER.index(r.stage), r.tier, r.kind),
        )
        formset = CadenceFormSet(
            prefix="rules",
            initial=[
                {"stage": r.stage, "tier": r.tier, "kind": r.kind, "every_days": r.every_days}
                for r in rules
            ],
        )
    return render(
        request,
        "employers/cadence.html",
        {"formset": formset, "errors": errors or formset.non_form_errors()},
    )
