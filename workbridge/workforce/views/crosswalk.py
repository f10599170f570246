"""Reviewing the title → EEO-4 crosswalk: the suggestion for each title, the analyst's choice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from workbridge.equity.access import require_equity
from workbridge.equity.models import Eeo4JobCategory
from workbridge.web.lists import page_of
from workbridge.workforce.crosswalk import titles_review
from workbridge.workforce.forms import CrosswalkFilterForm, category_choices
from workbridge.workforce.models import TitleCategory


@require_http_methods(["GET", "POST"])
@login_required
def crosswalk(request: HttpRequest) -> HttpResponse:
    """One page of titles with the suggested category; saving marks them reviewed."""
    organisation = require_equity(request.user)
    if request.method == "POST":
        valid = set(Eeo4JobCategory.values)
        choices: dict[int, str] = {}
        for name, value in request.POST.items():
            if name.startswith("category-") and value in valid:
                pk = name.removeprefix("category-")
                if pk.isdigit():
                    choices[int(pk)] = value
        try:
            saved = titles_review(by=request.user, choices=choices)
        except ValueError:
            messages.error(request, _("Some titles could not be saved; reload the page."))
        else:
            messages.success(
                request,
                ngettext("%(n)s title reviewed.", "%(n)s titles reviewed.", saved) % {"n": saved},
            )
        return redirect(request.get_full_path())
    filters = CrosswalkFilterForm(request.GET or None)
    rows = TitleCategory.objects.filter(organisation=organisation)
    show, text = "todo", ""
    if filters.is_valid():
        show = filters.cleaned_data["show"] or "todo"
        text = filters.cleaned_data["q"]
    if show == "todo":
        rows = rows.filter(reviewed=False)
    if text:
        rows = rows.filter(job_title__icontains=text)
    page = page_of(request, rows.order_by("job_title"))
    labels = dict(Eeo4JobCategory.choices)
    items = [
        {
            "row": row,
            "chosen": row.category or row.suggested_category,
            "suggested": labels.get(row.suggested_category, ""),
        }
        for row in page.object_list
    ]
    return render(
        request,
        "workforce/crosswalk.html",
        {"page": page, "items": items, "filters": filters, "choices": category_choices()},
    )
