"""Pages of the equity action plans: plans, actions, measures, import and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from workbridge.plans.access import require_plan_editor, require_plans, user_edits_plans
from workbridge.plans.forms import (
    ActionForm,
    ImportForm,
    MeasureForm,
    PlanForm,
    ReminderForm,
    StatusForm,
    StoryForm,
    TitleForm,
    ValueForm,
)
from workbridge.plans.models import ActionStep, GoalArea, ReminderSetting, Strategy
from workbridge.plans.queries import (
    action_get_for,
    citywide_rollup,
    measure_get_for,
    measure_lines,
    plan_dashboard,
    plan_get_for,
    plan_tree,
    plans_visible_to,
)
from workbridge.plans.services import (
    action_add,
    action_status_set,
    action_update,
    goal_area_add,
    measure_save,
    measure_story_update,
    measure_value_enter,
    plan_create,
    plan_update,
    reminders_choose,
    step_set_done,
    strategy_add,
)
from workbridge.plans.sheets import plan_sheet_load, plan_sheet_read, plan_sheet_xlsx
from workbridge.web.metrics import registry
from workbridge.web.uploads import spreadsheet_limits


def _add_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _report_refusal(request: HttpRequest, exc: ValidationError) -> None:
    """Show each reason a service refused the change as an error message."""
    for error in exc.messages:
        messages.error(request, error)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Every plan of the organisation, with the citywide roll-up."""
    require_plans(request.user)
    setting = ReminderSetting.objects.filter(user=request.user).first()
    return render(
        request,
        "plans/home.html",
        {
            "rows": citywide_rollup(plans_visible_to(request.user)),
            "editor": user_edits_plans(request.user),
            "reminder_form": ReminderForm(
                initial={"receive": setting.receive if setting else True}
            ),
        },
    )


@require_POST
@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    require_plans(request.user)
    form = ReminderForm(request.POST)
    form.is_valid()
    receive = bool(form.cleaned_data.get("receive"))
    reminders_choose(user=request.user, receive=receive)
    messages.success(
        request,
        _("You will get plan reminders by e-mail.") if receive else _("Plan reminders are off."),
    )
    return redirect("plans:home")


@require_http_methods(["GET", "POST"])
@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    require_plan_editor(request.user)
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        indicators = data.pop("indicators")
        plan = plan_create(data=data, by=request.user)
        plan.indicators.set(indicators)
        return redirect("plans:detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_plan_editor(request.user)
    plan = plan_get_for(request.user, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        plan_update(plan=plan, data=form.cleaned_data, by=request.user)
        return redirect("plans:detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for(request.user, pk)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tree": plan_tree(plan),
            "indicators": plan.indicators.prefetch_related("values"),
            "editor": user_edits_plans(request.user),
            "title_form": TitleForm(),
        },
    )


@require_POST
@login_required
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_plan_editor(request.user)
    plan = plan_get_for(request.user, pk)
    form = TitleForm(request.POST)
    if form.is_valid():
        goal_area_add(plan=plan, title=form.cleaned_data["title"], by=request.user)
    else:
        messages.error(request, _("Give the goal area a title."))
    return redirect("plans:detail", plan.pk)


@require_POST
@login_required
def strategy_new(request: HttpRequest, goal_id: int) -> HttpResponse:
    require_plan_editor(request.user)
    goal = get_object_or_404(
        GoalArea.objects.select_related("plan"),
        pk=goal_id,
        plan__in=plans_visible_to(request.user),
    )
    form = TitleForm(request.POST)
    if form.is_valid():
        strategy_add(goal_area=goal, title=form.cleaned_data["title"], by=request.user)
    else:
        messages.error(request, _("Give the strategy a title."))
    return redirect("plans:detail", goal.plan_id)


@require_http_methods(["GET", "POST"])
@login_required
def action_new(request: HttpRequest, strategy_id: int) -> HttpResponse:
    organisation = require_plan_editor(request.user)
    strategy = get_object_or_404(
        Strategy.objects.select_related("goal_area__plan"),
        pk=strategy_id,
        goal_area__plan__organisation=organisation,
    )
    form = ActionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "steps"}
        try:
            action = action_add(
                strategy=strategy, data=data, steps=form.step_lines(), by=request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("plans:action", action.pk)
    return render(
        request,
        "plans/action_form.html",
        {"form": form, "strategy": strategy, "plan": strategy.goal_area.plan},
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An action: its fields, its checklist, its status with the history of changes, its
    measures. Editors change the fields here and the status below."""
    action = action_get_for(request.user, pk)
    editor = user_edits_plans(request.user)
    organisation = action.plan.organisation
    initial = {
        "title": action.title,
        "timeline": action.timeline,
        "due_on": action.due_on,
        "owner": action.owner_id or "",
        "stakeholders": action.stakeholders,
        "steps": "\n".join(s.text for s in action.steps.all()),
    }
    form = ActionForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST":
        require_plan_editor(request.user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "steps"}
            try:
                action_update(action=action, data=data, steps=form.step_lines(), by=request.user)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The action is saved."))
                return redirect("plans:action", action.pk)
    today = timezone.localdate()
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "form": form,
            "editor": editor,
            "status_form": StatusForm(initial={"status": action.status}),
            "changes": action.status_changes.select_related("by"),
            "steps": action.steps.all(),
            "lines": measure_lines(list(action.measures.all()), today=today),
        },
    )


@require_POST
@login_required
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    require_plan_editor(request.user)
    action = action_get_for(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            action_status_set(
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            _report_refusal(request, exc)
        else:
            messages.success(request, _("The status change is kept in the history."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect("plans:action", action.pk)


@require_POST
@login_required
def step_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = require_plan_editor(request.user)
    step = get_object_or_404(
        ActionStep.objects.select_related("action__plan"),
        pk=pk,
        action__plan__organisation=organisation,
    )
    step_set_done(step=step, done=request.POST.get("done") == "1", by=request.user)
    return redirect("plans:action", step.action_id)


def _measure_form(request: HttpRequest, initial: dict) -> MeasureForm:
    """The measure form, with the fields of the metric chosen (posted or given)."""
    key = (request.POST.get("metric_key") if request.method == "POST" else None) or request.GET.get(
        "metric_key", initial.get("metric_key", "")
    )
    metric = registry().get(key or "")
    data = request.POST if request.method == "POST" and "choose" not in request.POST else None
    if "choose" in request.POST:
        initial = {**initial, **request.POST.dict()}
    return MeasureForm(data, metric=metric, initial=initial)


@require_http_methods(["GET", "POST"])
@login_required
def measure_new(request: HttpRequest, action_id: int) -> HttpResponse:
    require_plan_editor(request.user)
    action = action_get_for(request.user, action_id)
    form = _measure_form(request, {"direction": "up", "period": "year"})
    if form.is_bound and form.is_valid():
        try:
            measure = measure_save(
                action=action,
                data=form.data_fields(),
                metric_key=form.cleaned_data["metric_key"],
                parameters=form.parameters(),
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The measure is saved; its value is being computed."))
            return redirect("plans:measure", measure.pk)
    return render(
        request,
        "plans/measure_form.html",
        {"form": form, "action": action, "plan": action.plan, "metrics": registry()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A measure: its binding (editable), value history, manual values and story."""
    measure = measure_get_for(request.user, pk)
    editor = user_edits_plans(request.user)
    initial = {
        "title": measure.title,
        "metric_key": measure.metric_key,
        "baseline_value": measure.baseline_value,
        "baseline_on": measure.baseline_on,
        "target_value": measure.target_value,
        "direction": measure.direction,
        "period": measure.period,
        **{f"p_{k}": v for k, v in measure.parameters.items()},
    }
    form = _measure_form(request, initial)
    if form.is_bound:
        require_plan_editor(request.user)
        if form.is_valid():
            try:
                measure_save(
                    action=measure.action,
                    measure=measure,
                    data=form.data_fields(),
                    metric_key=form.cleaned_data["metric_key"],
                    parameters=form.parameters(),
                    by=request.user,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The measure is saved."))
                return redirect("plans:measure", measure.pk)
    line = measure_lines([measure], today=timezone.localdate())[0]
    return render(
        request,
        "plans/measure_detail.html",
        {
            "measure": measure,
            "plan": measure.plan,
            "line": line,
            "form": form,
            "editor": editor,
            "value_form": ValueForm(initial={"on": timezone.localdate()}),
            "story_form": StoryForm(
                initial={
                    k: getattr(measure, k)
                    for k in ("story_drivers", "story_partners", "story_works", "story_next")
                }
            ),
            "values": measure.values.select_related("entered_by").order_by("-on"),
            "metric": registry().get(measure.metric_key),
        },
    )


@require_POST
@login_required
def value_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_plan_editor(request.user)
    measure = measure_get_for(request.user, pk)
    form = ValueForm(request.POST)
    if form.is_valid():
        try:
            measure_value_enter(measure=measure, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _report_refusal(request, exc)
        else:
            messages.success(request, _("The value is kept with your name."))
    else:
        messages.error(request, _("Give a number and a date."))
    return redirect("plans:measure", measure.pk)


@require_POST
@login_required
def story(request: HttpRequest, pk: int) -> HttpResponse:
    require_plan_editor(request.user)
    measure = measure_get_for(request.user, pk)
    form = StoryForm(request.POST)
    if form.is_valid():
        measure_story_update(measure=measure, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The story behind the curve is saved."))
    return redirect("plans:measure", measure.pk)


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for(request.user, pk)
    return render(
        request,
        "plans/dashboard.html",
        {"plan": plan, "board": plan_dashboard(plan, today=timezone.localdate())},
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a five-column plan file: every problem named by row and column, or all loaded."""
    require_plan_editor(request.user)
    plan = plan_get_for(request.user, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = plan_sheet_read(upload, upload.name, limits=spreadsheet_limits())
        problems = parsed.problems
        if not problems:
            added = plan_sheet_load(plan=plan, parsed=parsed, by=request.user)
            messages.success(
                request,
                ngettext("%(n)d action imported.", "%(n)d actions imported.", added) % {"n": added},
            )
            return redirect("plans:detail", plan.pk)
    return render(request, "plans/import.html", {"plan": plan, "form": form, "problems": problems})


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for(request.user, pk)
    response = HttpResponse(
        plan_sheet_xlsx(plan),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-{plan.year}.xlsx"'
    return response
