"""The sourcing partner registry: the list with active partnerships against the baseline,
one partner with its contacts, status reports and assessments, and the reports due."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.access import user_manages
from workbridge.equity.access import require_equity
from workbridge.sourcing.forms import (
    AssessmentForm,
    BaselineForm,
    ContactForm,
    PartnerFilterForm,
    PartnerForm,
    StatusReportForm,
    add_service_errors,
)
from workbridge.sourcing.models import PartnerContact, ReachGroup
from workbridge.sourcing.queries import (
    PARTNER_SORTS,
    partner_due,
    partner_get_for,
    partner_list,
    partnership_progress,
    reports_due,
    sourcing_settings_of,
    unmapped_answers,
)
from workbridge.sourcing.services import (
    partner_assess,
    partner_contact_add,
    partner_contact_remove,
    partner_create,
    partner_report_record,
    partner_update,
    sourcing_baseline_set,
)
from workbridge.web.lists import Column, page_of, sort_from, sort_headers

COLUMNS = [
    Column(gettext_lazy("Name"), "name"),
    Column(gettext_lazy("Kind"), "kind"),
    Column(gettext_lazy("Status"), "status"),
    Column(gettext_lazy("Groups it reaches")),
    Column(gettext_lazy("Owner")),
    Column(gettext_lazy("Agreement ends"), "end"),
]


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Sourcing: partnerships against the baseline, reports due, and the way to each page."""
    organisation = require_equity(request.user)
    return render(
        request,
        "sourcing/home.html",
        {
            "progress": partnership_progress(organisation),
            "settings_row": sourcing_settings_of(organisation),
            "due": reports_due(organisation, today=timezone.localdate())[:5],
            "can_set_baseline": user_manages(request.user),
            "unmapped": unmapped_answers(organisation),
        },
    )


@require_GET
@login_required
def partners(request: HttpRequest) -> HttpResponse:
    """Every partner organisation, searched, filtered and sorted."""
    organisation = require_equity(request.user)
    form = PartnerFilterForm.bind(request)
    filters = form.values()
    sort = sort_from(request, PARTNER_SORTS, default="name")
    rows = partner_list(
        request.user,
        search=filters.get("q") or "",
        kind=filters.get("kind") or "",
        status=filters.get("status") or "",
        sort=sort,
    )
    return render(
        request,
        "sourcing/partner_list.html",
        {
            "form": form,
            "page": page_of(request, rows),
            "headers": sort_headers(request, COLUMNS, sort),
            "progress": partnership_progress(organisation),
            "groups": dict(ReachGroup.choices),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def partner_new(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    form = PartnerForm(
        request.POST or None,
        organisation=organisation,
        initial={"status": "active", "report_every_months": 3},
    )
    if request.method == "POST" and form.is_valid():
        data, areas = form.data_for_service()
        try:
            partner = partner_create(by=request.user, data=data, community_areas=areas)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partner “%(name)s” added.") % {"name": partner.name})
            return redirect("sourcing:partner", partner.pk)
    return render(request, "sourcing/partner_form.html", {"form": form, "partner": None})


@require_http_methods(["GET", "POST"])
@login_required
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = require_equity(request.user)
    partner = partner_get_for(request.user, pk)
    form = PartnerForm(
        request.POST or None, organisation=organisation, initial=PartnerForm.initial_for(partner)
    )
    if request.method == "POST" and form.is_valid():
        data, areas = form.data_for_service()
        try:
            partner_update(by=request.user, partner=partner, data=data, community_areas=areas)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partner “%(name)s” saved.") % {"name": partner.name})
            return redirect("sourcing:partner", partner.pk)
    return render(request, "sourcing/partner_form.html", {"form": form, "partner": partner})


@require_GET
@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One partner: details, contacts, the next status report due, reports and assessments."""
    require_equity(request.user)
    partner = partner_get_for(request.user, pk)
    groups = dict(ReachGroup.choices)
    return render(
        request,
        "sourcing/partner_detail.html",
        {
            "partner": partner,
            "groups": [groups.get(g, g) for g in partner.groups],
            "areas": list(partner.community_areas.order_by("name")),
            "contacts": list(partner.contacts.all()),
            "reports": list(partner.status_reports.select_related("by")[:20]),
            "assessments": list(partner.assessments.select_related("by")[:20]),
            "due": partner_due(partner),
            "today": timezone.localdate(),
            "contact_form": ContactForm(),
        },
    )


@require_POST
@login_required
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_equity(request.user)
    partner = partner_get_for(request.user, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        partner_contact_add(by=request.user, partner=partner, **form.cleaned_data)
        messages.success(request, _("Contact added."))
        return redirect("sourcing:partner", partner.pk)
    return render(
        request,
        "sourcing/partner_contact_form.html",
        {"partner": partner, "form": form},
    )


@require_POST
@login_required
def contact_remove(request: HttpRequest, pk: int, contact_id: int) -> HttpResponse:
    require_equity(request.user)
    partner = partner_get_for(request.user, pk)
    contact = get_object_or_404(PartnerContact, pk=contact_id, partner=partner)
    partner_contact_remove(by=request.user, contact=contact)
    messages.success(request, _("Contact removed."))
    return redirect("sourcing:partner", partner.pk)


@require_http_methods(["GET", "POST"])
@login_required
def report_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's status report on the partnership for a period."""
    require_equity(request.user)
    partner = partner_get_for(request.user, pk)
    due = partner_due(partner)
    form = StatusReportForm(request.POST or None, initial={"period_end": due})
    if request.method == "POST" and form.is_valid():
        try:
            partner_report_record(by=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Status report saved."))
            return redirect("sourcing:partner", partner.pk)
    return render(request, "sourcing/report_form.html", {"partner": partner, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def assessment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A value assessment of the partnership: four scores and the reasons."""
    require_equity(request.user)
    partner = partner_get_for(request.user, pk)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            partner_assess(by=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Assessment saved."))
            return redirect("sourcing:partner", partner.pk)
    return render(request, "sourcing/assessment_form.html", {"partner": partner, "form": form})


@require_GET
@login_required
def due(request: HttpRequest) -> HttpResponse:
    """Status reports due from partners' owners in the next 30 days, or overdue."""
    organisation = require_equity(request.user)
    return render(
        request,
        "sourcing/due.html",
        {"due": reports_due(organisation, today=timezone.localdate())},
    )


@require_http_methods(["GET", "POST"])
@login_required
def baseline(request: HttpRequest) -> HttpResponse:
    """The number of partnerships the plan measures against, and the increase aimed for."""
    organisation = require_equity(request.user)
    if not user_manages(request.user):
        raise PermissionDenied
    row = sourcing_settings_of(organisation)
    form = BaselineForm(
        request.POST or None,
        initial={
            "baseline_partnerships": row.baseline_partnerships,
            "baseline_on": row.baseline_on,
            "increase_percent": row.increase_percent,
        },
    )
    if request.method == "POST" and form.is_valid():
        sourcing_baseline_set(by=request.user, **form.cleaned_data)
        messages.success(request, _("Baseline saved."))
        return redirect("sourcing:home")
    return render(request, "sourcing/baseline_form.html", {"form": form})
