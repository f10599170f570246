"""Importing employers, contacts and openings: upload, match the columns, check, import."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from workbridge.core.tabular import FileProblem, guess_mapping, read_table
from workbridge.employers.imports import (
    COLUMNS,
    KIND_LABELS,
    import_apply,
    import_check,
    problem_text,
)
from workbridge.employers.views.access import require_casework
from workbridge.web import forms as web_forms
from workbridge.web.uploads import upload_delete, upload_load, upload_save

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SHOWN_PROBLEMS = 500
FILE_PROBLEMS = {
    "file_type": _("Upload a .csv or .xlsx file."),
    "empty": _("The file has no rows."),
    "damaged": _("The spreadsheet cannot be opened. Save it again as .xlsx or .csv."),
}


class UploadForm(web_forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=list(KIND_LABELS.items()))
    file = forms.FileField(
        label=_("File"), help_text=_("A .csv or .xlsx file whose first row names the columns.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


@require_http_methods(["GET", "POST"])
@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            read_table(data, upload.name)
        except FileProblem as problem:
            form.add_error("file", FILE_PROBLEMS[problem.code])
        else:
            upload.seek(0)
            token = upload_save(request.user, upload)
            url = reverse("employers:import_map")
            return redirect(f"{url}?kind={form.cleaned_data['kind']}&token={token}")
    return render(request, "employers/import_start.html", {"form": form, "kinds": COLUMNS})


@require_http_methods(["GET", "POST"])
@login_required
def import_map(request: HttpRequest) -> HttpResponse:
    """Choose which column holds each field, check the whole file, then import it."""
    require_casework(request.user)
    kind = request.GET.get("kind", "")
    token = request.GET.get("token", "")
    stored = upload_load(request.user, token)
    if kind not in COLUMNS or stored is None:
        messages.error(request, _g("That upload has expired. Please upload the file again."))
        return redirect("employers:import")
    data, name = stored
    headers, rows = read_table(data, name)
    columns = COLUMNS[kind]
    if request.method == "POST":
        mapping = {c.key: request.POST.get(f"map-{c.key}", "") for c in columns}
        mapping = {k: v for k, v in mapping.items() if v in headers}
    else:
        mapping = guess_mapping(headers, columns)
    plan = None
    problems: list[tuple[int, str, str]] = []
    if request.method == "POST":
        plan = import_check(by=request.user, kind=kind, headers=headers, rows=rows, mapping=mapping)
        problems = [(p.line, p.column, problem_text(p)) for p in plan.problems[:SHOWN_PROBLEMS]]
        if plan.ok and request.POST.get("confirm") == "1":
            summary = import_apply(by=request.user, plan=plan)
            upload_delete(request.user, token)
            messages.success(
                request,
                _g(
                    "Imported %(rows)s rows: %(created)s new, %(updated)s updated, "
                    "%(same)s unchanged."
                )
                % {
                    "rows": len(plan.rows),
                    "created": summary.created,
                    "updated": summary.updated,
                    "same": summary.unchanged,
                },
            )
            return redirect("employers:list")
    fields = [
        {"column": c, "chosen": mapping.get(c.key, ""), "name": f"map-{c.key}"} for c in columns
    ]
    return render(
        request,
        "employers/import_map.html",
        {
            "kind": kind,
            "kind_label": KIND_LABELS[kind],
            "token": token,
            "headers": headers,
            "fields": fields,
            "row_count": len(rows),
            "plan": plan,
            "problems": problems,
            "more_problems": max(0, len(plan.problems) - SHOWN_PROBLEMS) if plan else 0,
            "sample": rows[:5],
        },
    )
