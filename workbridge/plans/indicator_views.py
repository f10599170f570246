"""Community indicators: the city's and each community area's figures, loaded from CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workbridge.plans.access import require_plan_editor, require_plans, user_edits_plans
from workbridge.plans.forms import IndicatorImportForm
from workbridge.plans.indicators import indicator_table, indicators_csv_load, indicators_csv_read


@require_http_methods(["GET", "POST"])
@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    require_plans(request.user)
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST":
        require_plan_editor(request.user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            rows, problems = indicators_csv_read(upload, upload.name)
            if not problems:
                count = indicators_csv_load(rows)
                messages.success(request, _("%(n)d values loaded.") % {"n": count})
                return redirect("plans:indicators")
    return render(
        request,
        "plans/indicators.html",
        {
            "form": form,
            "problems": problems,
            "table": indicator_table(),
            "editor": user_edits_plans(request.user),
        },
    )
