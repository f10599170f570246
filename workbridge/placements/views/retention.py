"""A placement's retention plan, and the report of supports given against retention."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.access import require_casework, require_manager
from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.people.choices import JobLossFactor
from workbridge.placements.forms import add_service_errors
from workbridge.placements.forms_retention import RetentionPlanForm
from workbridge.placements.models import RetentionPlan, RetentionSupportKind
from workbridge.placements.queries import placement_get_for
from workbridge.placements.retention_plans import (
    retention_plan_confirm,
    retention_plan_draft,
    supports_retention_report,
)
from workbridge.placements.views.access import audit_view


def plan_items(plan: RetentionPlan) -> list[dict]:
    """The plan's supports with their labels and the reasons behind each, for a template."""
    kinds = dict(RetentionSupportKind.choices)
    factors = dict(JobLossFactor.choices)
    return [
        {
            "kind": item.kind,
            "label": kinds.get(item.kind, item.kind),
            "planned": item.planned,
            "reasons": [
                {"factor": factors.get(factor, factor), "jobs": jobs}
                for factor, jobs in item.reasons
            ],
        }
        for item in plan.items.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def retention_plan(request: HttpRequest, placement_id: int) -> HttpResponse:
    """The drafted plan, for the case manager to confirm, change and confirm again."""
    require_casework(request.user)
    placement = placement_get_for(request.user, placement_id)
    plan = RetentionPlan.objects.filter(placement=placement).first()
    if plan is None:  # a hire recorded before plans existed
        plan = retention_plan_draft(placement=placement, by=request.user, on=timezone.localdate())
    items = plan_items(plan)
    initial = {"kinds": [i["kind"] for i in items if i["planned"]], "notes": plan.notes}
    form = RetentionPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            retention_plan_confirm(
                plan=plan,
                by=request.user,
                kinds=form.cleaned_data["kinds"],
                notes=form.cleaned_data["notes"].strip(),
                on=timezone.localdate(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Retention plan confirmed."))
            return redirect("placements:detail", placement.pk)
    audit_view(request, [placement.participant], fields=("retention_plan",), detail="plan")
    return render(
        request,
        "placements/retention_plan.html",
        {
            "placement": placement,
            "participant": placement.participant,
            "plan": plan,
            "items": [i for i in items if i["reasons"]],
            "form": form,
        },
    )


@login_required
@require_GET
def supports_report(request: HttpRequest) -> HttpResponse:
    """Retention at 90 and 180 days with and without each kind of support."""
    require_manager(request.user)
    report = supports_retention_report(request.user, today=timezone.localdate())
    labels = {**dict(RetentionSupportKind.choices), "any": _("Any retention support")}
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="placements.report",
        object_id="supports-retention",
        detail="supports and retention",
    )
    return render(
        request,
        "placements/supports_report.html",
        {
            "report": report,
            "tables": [
                (checkpoint, [(labels[row.kind], row) for row in rows])
                for checkpoint, rows in report.rows.items()
            ],
        },
    )
