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
from workbridge.people.choices import EeoCategory, Sex
from workbridge.web import forms as web_forms
from workbridge.workforce.models import Committee, CriticalPosition, Readiness
from workbridge.workforce.queries import departments_of, snapshots_of

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class Form(web_forms.Form):
    """A form drawn whole (``as_div``): labels without a trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RosterUploadForm(Form):
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


class ColumnsForm(Form):
    """One choice of heading for each field a roster may fill."""

    def __init__(self, *args: Any, columns, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this file —")), *((h, h) for h in headers if h)]
        for column in columns:
            self.fields[column.key] = forms.ChoiceField(
                label=column.label, choices=choices, required=column.required
            )


class CrosswalkFilterForm(Form):
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


class CommitteeForm(Form):
    name = forms.CharField(label=_("Committee name"), max_length=160)
    department = forms.CharField(
        label=_("Department it oversees"),
        max_length=120,
        help_text=_("As the rosters name it, for example DEPARTMENT OF POLICE."),
    )
    target_gap_points = forms.IntegerField(
        label=_("Largest gap allowed, in percentage points"), min_value=0, max_value=100, initial=10
    )


class MemberForm(Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None)
    role = forms.CharField(label=_("Role on the committee"), max_length=120, required=False)
    eeo_category = forms.ChoiceField(label=_("Race and ethnicity"), choices=EeoCategory.choices)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", _("Not recorded")), *Sex.choices], required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(organisation=organisation)


class PositionForm(Form):
    department = forms.CharField(label=_("Department"), max_length=120)
    job_title = forms.CharField(label=_("Critical position (title)"), max_length=160)
    incumbent_id = forms.CharField(
        label=_("Incumbent's employee id"),
        max_length=64,
        required=False,
        help_text=_("Kept only as the same pseudonymous key the rosters use."),
    )
    incumbent_hired = forms.DateField(
        label=_("Incumbent's hire date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    incumbent_birth_year = forms.IntegerField(
        label=_("Incumbent's year of birth"), required=False, min_value=1900, max_value=2100
    )
    feeder_titles = forms.CharField(
        label=_("Feeder titles"),
        required=False,
        max_length=1000,
        help_text=_("The titles successors usually come from, separated by “;”."),
    )


class CandidateForm(Form):
    position = forms.ModelChoiceField(label=_("Critical position"), queryset=None)
    employee_id = forms.CharField(label=_("Candidate's employee id"), max_length=64)
    readiness = forms.ChoiceField(label=_("Readiness"), choices=Readiness.choices)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = CriticalPosition.objects.filter(
            organisation=organisation
        )


class LearningUploadForm(Form):
    file = forms.FileField(
        label=_("Learning records"),
        help_text=_(
            "A .csv or .xlsx file with the columns employee id, kind (continuing education, "
            "apprenticeship or learning system), program, year, status (enrolled, in progress, "
            "completed or withdrawn) and, if known, the start date."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 100 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(FILE_PROBLEMS["file_type"])
        return upload


class PublicationForm(Form):
    publication = forms.BooleanField(label=_("For publication (hide small counts)"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if years is None:
            del self.fields["year"]
        else:
            self.fields["year"].choices = [(y, y) for y in years]


class MobilityReportForm(WorkforceReportForm):
    period = forms.ChoiceField(label=_("Period"), required=False)

    def setup(self) -> None:
        super().setup()
        dates = [s.as_of for s in snapshots_of(self.organisation)][1:]
        self.fields["period"].choices = [
            ("latest", _("The latest year")),
            ("all", _("Every year")),
            *(
                (d.isoformat(), _("Year to %(date)s") % {"date": d.isoformat()})
                for d in reversed(dates)
            ),
        ]

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        return {**super().defaults(organisation), "period": "latest"}
