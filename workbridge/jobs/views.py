"""Job openings: the list, one opening with its job-quality score, adding and editing,
and the living-wage table the score is measured against."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.access import require_casework, require_manager, user_manages
from workbridge.employers.forms import add_service_errors
from workbridge.employers.queries import employer_get_for
from workbridge.jobs.forms import LivingWageForm, OpeningFilterForm, OpeningForm
from workbridge.jobs.models import HouseholdType, LivingWage
from workbridge.jobs.queries import OPENING_SORTS, opening_get_for, opening_list, opening_quality
from workbridge.jobs.services import living_wage_set, opening_create, opening_update
from workbridge.people.models import Occupation
from workbridge.web.lists import Column, page_of, sort_from, sort_headers

COLUMNS = [
    Column(gettext_lazy("Title"), "title"),
    Column(gettext_lazy("Employer")),
    Column(gettext_lazy("Occupation")),
    Column(gettext_lazy("Hourly wage"), "wage", descending_first=True),
    Column(gettext_lazy("Openings")),
    Column(gettext_lazy("Community area")),
    Column(gettext_lazy("Posted"), "posted", descending_first=True),
]


@require_GET
@login_required
def opening_list_view(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    form = OpeningFilterForm.bind(request)
    filters = form.values()
    sort = sort_from(request, OPENING_SORTS, default="-posted")
    rows = opening_list(
        request.user,
        search=filters.get("q") or "",
        status=filters.get("status") or "",
        fair_chance=bool(filters.get("fair_chance")),
        employer=int(request.GET["employer"])
        if request.GET.get("employer", "").isdigit()
        else None,
        sort=sort,
    )
    return render(
        request,
        "jobs/opening_list.html",
        {
            "form": form,
            "page": page_of(request, rows),
            "headers": sort_headers(request, COLUMNS, sort),
        },
    )


@require_GET
@login_required
def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    opening = opening_get_for(request.user, pk)
    household = request.GET.get("household", HouseholdType.A1C0)
    if household not in HouseholdType.values:
        household = HouseholdType.A1C0
    quality, living = opening_quality(opening, on=timezone.localdate(), household_type=household)
    return render(
        request,
        "jobs/opening_detail.html",
        {
            "opening": opening,
            "quality": quality,
            "living": living,
            "household": household,
            "households": HouseholdType.choices,
            "shifts": OpeningForm.shift_headers(),
        },
    )


def _occupations():
    return Occupation.objects.filter(level="detailed").order_by("code").values_list("code", "title")


@require_http_methods(["GET", "POST"])
@login_required
def opening_create_view(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    initial = {"posted_on": timezone.localdate()}
    if request.GET.get("employer", "").isdigit():
        initial["employer"] = employer_get_for(request.user, int(request.GET["employer"])).pk
    form = OpeningForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            opening = opening_create(
                by=request.user, employer=form.cleaned_data["employer"], data=form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The opening was added."))
            return redirect("jobs:detail", opening.pk)
    return render(request, "jobs/opening_form.html", {"form": form, "occupations": _occupations()})


@require_http_methods(["GET", "POST"])
@login_required
def opening_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    opening = opening_get_for(request.user, pk)
    initial = {
        name: getattr(opening, name)
        for name in OpeningForm.base_fields
        if name not in ("employer", "occupation")
    }
    initial |= {"employer": opening.employer_id, "occupation": opening.occupation_id}
    form = OpeningForm(request.POST or None, user=request.user, initial=initial)
    form.prepare_initial()
    form.fields["employer"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            changed = opening_update(opening=opening, by=request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("The opening was saved."))
            return redirect("jobs:detail", opening.pk)
    return render(
        request,
        "jobs/opening_form.html",
        {"form": form, "opening": opening, "occupations": _occupations()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def living_wage_table(request: HttpRequest) -> HttpResponse:
    """The living wages job quality is measured against; managers add or correct figures."""
    require_casework(request.user)
    can_edit = user_manages(request.user)
    form = LivingWageForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        require_manager(request.user)
        if form.is_valid():
            try:
                living_wage_set(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The living wage was saved."))
                return redirect("jobs:living_wage")
    return render(
        request,
        "jobs/living_wage.html",
        {"rows": LivingWage.objects.all(), "form": form},
    )
