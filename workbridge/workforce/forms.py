"""The workforce pages' forms: the roster upload, its columns, the crosswalk and report filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.equity.forms import CHARACTERISTIC_CHOICES, ReportForm
from workbridge.equity.imports.rows import FILE_PROBLEMS
from workbridge.equity.models import Eeo4JobCategory
from workbridge.equity.reports import RACE
from workbridge.web import forms as web_forms
from workbridge.workforce.queries import departments_of

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class RosterUploadForm(web_forms.Form):
    as_of = forms.DateField(
        label=_("Roster date"),
        help_text=_("The date the roster describes, as YYYY-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A .csv or .xlsx roster with one row per employee, its first row naming the "
            "columns; at most 100 MB. Names are never stored."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 100 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(FILE_PROBLEMS["file_type"])
        return upload


class ColumnsForm(web_forms.Form):
    """One choice of heading for each field a roster may fill."""

    def __init__(self, *args: Any, columns, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this file —")), *((h, h) for h in headers if h)]
        for column in columns:
            self.fields[column.key] = forms.ChoiceField(
                label=column.label, choices=choices, required=column.required
            )


class CrosswalkFilterForm(web_forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("todo", _("Titles to review")), ("all", _("Every title"))],
    )
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)


def category_choices() -> list[tuple[str, Any]]:
    return [("", _("— choose —")), *Eeo4JobCategory.choices]


class WorkforceReportForm(ReportForm):
    characteristic = forms.ChoiceField(label=_("Groups"), choices=CHARACTERISTIC_CHOICES)
    department = forms.ChoiceField(label=_("Department"), required=False)

    def setup(self) -> None:
        self.fields["department"].choices = [
            ("", _("All departments")),
            *((d, d) for d in departments_of(self.organisation)),
        ]

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        return {"characteristic": RACE}
