"""A placement's page: its retention checks, supports and end, and recording a hire directly."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.access import require_casework
from workbridge.core.wotc import form_8850_deadline
from workbridge.people.access import casework_participant
from workbridge.people.choices import JobLossFactor
from workbridge.placements.forms import (
    PlacementEndForm,
    PlacementForm,
    RetentionCheckForm,
    RetentionSupportForm,
    add_service_errors,
)
from workbridge.placements.forms_incentives import PlacementIncentivesForm
from workbridge.placements.incentives import GROUP_NAMES
from workbridge.placements.models import Placement, RetentionPlan
from workbridge.placements.queries import placement_get_for
from workbridge.placements.services import (
    placement_end,
    placement_record,
    retention_check_record,
    retention_support_add,
)
from workbridge.placements.views.access import NAME_FIELDS, audit_view
from workbridge.placements.views.retention import plan_items

PLACEMENT_FIELDS = (
    *NAME_FIELDS,
    "placements",
    "retention_checks",
    "retention_supports",
    "placement_incentives",
)


@require_http_methods(["GET", "POST"])
@login_required
def placement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a job a participant found without a referral."""
    participant = casework_participant(request, pk)
    form = PlacementForm(request.POST or None, user=request.user, participant=participant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = placement_record(
                participant=participant,
                employer=data["employer"],
                opening=data["opening"],
                job_title=data["job_title"].strip(),
                by=request.user,
                **form.hire_terms(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Hire recorded. Retention checks are due at 30, 90, 180 and 365 days."),
            )
            return redirect("placements:detail", placement.pk)
    audit_view(request, [participant], detail="placement form")
    return render(
        request,
        "placements/placement_form.html",
        {"participant": participant, "form": form},
    )


def _detail_context(request: HttpRequest, placement: Placement, **forms_: Any) -> dict[str, Any]:
    today = timezone.localdate()
    checks = list(placement.checks.select_related("owner", "recorded_by").order_by("checkpoint"))
    failed = forms_.get("failed_check")
    for check in checks:
        check.overdue = check.is_open and check.due_on < today
        if failed == check.pk:
            check.form = forms_["check_form"]
        else:
            initial = (
                {"still_employed": check.still_employed, "current_wage": check.current_wage}
                if check.done_on
                else {}
            )
            check.form = RetentionCheckForm(prefix=f"check-{check.pk}", initial=initial)
    factor_labels = dict(JobLossFactor.choices)
    plan = RetentionPlan.objects.filter(placement=placement).first()
    return {
        "retention_plan": plan,
        "retention_plan_items": plan_items(plan) if plan else [],
        "placement": placement,
        "participant": placement.participant,
        "checks": checks,
        "supports": list(placement.supports.select_related("given_by")),
        "loss_factor_labels": [factor_labels.get(f, f) for f in placement.loss_factors or []],
        "end_form": forms_.get("end_form") or PlacementEndForm(prefix="end"),
        "support_form": forms_.get("support_form") or RetentionSupportForm(prefix="support"),
        "incentives_form": forms_.get("incentives_form") or _incentives_form(placement),
        "wotc_deadline": form_8850_deadline(placement.started_on),
        "wotc_group_name": GROUP_NAMES.get(placement.wotc_target_group, ""),
        "today": today,
    }


def _incentives_form(placement: Placement) -> PlacementIncentivesForm:
    fields = PlacementIncentivesForm.base_fields
    return PlacementIncentivesForm(
        prefix="inc", initial={name: getattr(placement, name) for name in fields}
    )


def _detail_page(request: HttpRequest, placement: Placement, **forms_: Any) -> HttpResponse:
    audit_view(
        request,
        [placement.participant],
        fields=PLACEMENT_FIELDS,
        detail=f"placement {placement.pk}",
    )
    return render(
        request, "placements/placement_detail.html", _detail_context(request, placement, **forms_)
    )


def _casework_placement(request: HttpRequest, placement_id: int) -> Placement:
    require_casework(request.user)
    return placement_get_for(request.user, placement_id)


@require_GET
@login_required
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    """The job, its retention checks and supports, and the forms to record each."""
    placement = _casework_placement(request, placement_id)
    return _detail_page(request, placement)


def _saved_or_page(
    request: HttpRequest,
    placement: Placement,
    form: forms.Form,
    save,
    done: str,
    anchor: str,
    form_name: str,
    **extra: Any,
) -> HttpResponse:
    """Save a valid form through its service and go back; else the page with its errors."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            target = request.POST.get("next", "")
            if target and url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(target)  # back to the call screen the check was recorded from
            return redirect(f"{placement_url(placement)}#{anchor}")
    return _detail_page(request, placement, **{form_name: form}, **extra)


def placement_url(placement: Placement) -> str:
    return reverse("placements:detail", args=[placement.pk])


@require_http_methods(["POST"])
@login_required
def check_record(request: HttpRequest, placement_id: int, check_id: int) -> HttpResponse:
    """Record what one retention check found."""
    placement = _casework_placement(request, placement_id)
    check = placement.checks.filter(pk=check_id).first()
    if check is None:
        raise Http404
    check.placement = placement
    form = RetentionCheckForm(request.POST, prefix=f"check-{check.pk}")
    return _saved_or_page(
        request,
        placement,
        form,
        lambda d: retention_check_record(
            check=check,
            by=request.user,
            still_employed=d["still_employed"],
            done_on=d["done_on"],
            notes=d["notes"].strip(),
            current_wage=d.get("current_wage"),
        ),
        _("Retention check recorded."),
        "checks-heading",
        "check_form",
        failed_check=check.pk,
    )


@require_http_methods(["POST"])
@login_required
def placement_end_view(request: HttpRequest, placement_id: int) -> HttpResponse:
    """Record that the job ended, why, and what led to it."""
    placement = _casework_placement(request, placement_id)
    form = PlacementEndForm(request.POST, prefix="end")
    return _saved_or_page(
        request,
        placement,
        form,
        lambda d: placement_end(
            placement=placement,
            by=request.user,
            ended_on=d["ended_on"],
            end_reason=d["end_reason"],
            loss_factors=d["loss_factors"],
            notes=d["notes"].strip(),
        ),
        _("The end of the job is recorded; later retention checks are closed."),
        "checks-heading",
        "end_form",
    )


@require_http_methods(["POST"])
@login_required
def support_add(request: HttpRequest, placement_id: int) -> HttpResponse:
    """Record help given so the person keeps the job."""
    placement = _casework_placement(request, placement_id)
    form = RetentionSupportForm(request.POST, prefix="support")
    return _saved_or_page(
        request,
        placement,
        form,
        lambda d: retention_support_add(
            placement=placement,
            by=request.user,
            kind=d["kind"],
            given_on=d["given_on"],
            notes=d["notes"].strip(),
        ),
        _("Retention support recorded."),
        "supports-heading",
        "support_form",
    )
