"""The follow-up cadence: how often each stage (and tier) is called or reviewed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from workbridge.accounts.queries import membership_of
from workbridge.employers.forms import CadenceFormSet
from workbridge.employers.models import Employer
from workbridge.employers.pipeline_stats import BOARD_ORDER
from workbridge.employers.services import cadence_rules_for, cadence_rules_update
from workbridge.employers.views.access import require_manager


def _follow_ups(organisation) -> dict[int, tuple]:
    rows = Employer.objects.filter(organisation=organisation).values_list(
        "pk", "next_follow_up_on", "next_follow_up_kind"
    )
    return {pk: (on, kind) for pk, on, kind in rows.iterator(chunk_size=5000)}


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
                with transaction.atomic():
                    before = _follow_ups(organisation)
                    cadence_rules_update(by=request.user, rules=formset.rules())
                    after = _follow_ups(organisation)
            except ValidationError as exc:
                errors = exc.messages
            else:
                moved = sum(1 for pk, due in after.items() if before.get(pk) != due)
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
