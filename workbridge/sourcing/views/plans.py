"""Sourcing plans: each requisition's intake checklist, planned channels and partners
against where it was actually posted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.equity import reports as er
from workbridge.equity.access import require_equity
from workbridge.sourcing.forms import PlanFilterForm, PlanForm, add_service_errors
from workbridge.sourcing.models import INTAKE_ITEMS, Channel, SourcingPlan
from workbridge.sourcing.queries import (
    PLAN_SORTS,
    partner_names,
    plan_list,
    plan_rows,
    requisition_get_for,
)
from workbridge.sourcing.services import sourcing_plan_save
from workbridge.web.lists import Column, page_of, sort_from, sort_headers

COLUMNS = [
    Column(gettext_lazy("Requisition")),
    Column(gettext_lazy("Job title"), "title"),
    Column(gettext_lazy("Department"), "department"),
    Column(gettext_lazy("Posted"), "posted", descending_first=True),
    Column(gettext_lazy("Planned")),
    Column(gettext_lazy("Where it was posted")),
    Column(gettext_lazy("Planned, not used")),
]


@require_GET
@login_required
def plans(request: HttpRequest) -> HttpResponse:
    """Requisitions with their sourcing plan against the channels actually used."""
    organisation = require_equity(request.user)
    years = er.report_years(organisation)
    form = PlanFilterForm.bind(request, years=years)
    filters = form.values()
    sort = sort_from(request, PLAN_SORTS, default="-posted")
    rows = plan_list(
        request.user,
        year=filters.get("year"),
        search=filters.get("q") or "",
        planned=filters.get("planned") or "",
        sort=sort,
    )
    page = page_of(request, rows)
    names = partner_names(organisation)
    return render(
        request,
        "sourcing/plan_list.html",
        {
            "form": form,
            "page": page,
            "rows": plan_rows(page.object_list, names),
            "headers": sort_headers(request, COLUMNS, sort),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: HttpRequest, requisition_id: int) -> HttpResponse:
    """The intake of one hire: checklist, planned channels and partners, on-site offers."""
    organisation = require_equity(request.user)
    requisition = requisition_get_for(request.user, requisition_id)
    plan = SourcingPlan.objects.filter(requisition=requisition).first()
    known = set(Channel.values)
    initial = {"intake_on": timezone.localdate()}
    if plan is not None:
        initial = {
            "intake_on": plan.intake_on,
            "checklist": [k for k, done in plan.checklist.items() if done],
            "planned_channels": [c for c in plan.planned_channels if c in known],
            "other_channels": "\n".join(c for c in plan.planned_channels if c not in known),
            "partners": list(plan.partners.all()),
            "onsite_offers": plan.onsite_offers,
            "fairs": list(plan.fairs.all()),
            "notes": plan.notes,
        }
    form = PlanForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sourcing_plan_save(
                by=request.user,
                requisition=requisition,
                intake_on=data["intake_on"],
                checklist=data["checklist"],
                planned_channels=form.channels(),
                partners=list(data["partners"]),
                onsite_offers=data["onsite_offers"],
                fairs=list(data["fairs"]),
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sourcing plan saved."))
            return redirect("sourcing:plans")
    row = plan_rows([requisition], partner_names(organisation))[0]
    return render(
        request,
        "sourcing/plan_form.html",
        {
            "form": form,
            "requisition": requisition,
            "plan": plan,
            "row": row,
            "items": INTAKE_ITEMS,
        },
    )
