"""Forms for hiring equity: report filters, benchmarks, the workforce import and settings.

Forms parse and check; services write.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.core import representation as rep
from workbridge.core.applicant_flow import parse_stages
from workbridge.equity import reports
from workbridge.equity.models import MAX_STAGES, Benchmark, Eeo4JobCategory
from workbridge.equity.reports_hiring import PER_AREA, PER_FAIR
from workbridge.equity.reports_workforce import method_choices, workforce_dates
from workbridge.web import forms as web_forms

WHOLE_WORKFORCE = "all"
CHARACTERISTIC_CHOICES = [
    (reports.RACE, _("Race and ethnicity")),
    (reports.SEX, _("Sex")),
]
# The reports read from the applicants themselves can break them down by the veteran and
# disability status the import brings too.
APPLICANT_CHARACTERISTIC_CHOICES = [
    *CHARACTERISTIC_CHOICES,
    (reports.VETERAN, _("Veteran status")),
    (reports.DISABILITY, _("Disability status")),
]


class ReportForm(web_forms.Form):
    """Filters every report shares: publication mode hides small cells."""

    publication = forms.BooleanField(label=_("For publication (hide small counts)"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.setup()
        self.order_fields([name for name in self.fields if name != "publication"] + ["publication"])

    def setup(self) -> None:
        """Fill the choices from the organisation's data."""

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        return {}


def _all(label: str, values: list[str]) -> list[tuple[str, str]]:
    return [("", label), *((v, v) for v in values)]


class FlowReportForm(ReportForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    department = forms.ChoiceField(label=_("Department"), required=False)
    job_title = forms.ChoiceField(label=_("Job title"), required=False)

    def setup(self) -> None:
        years = reports.report_years(self.organisation)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["department"].choices = _all(
            _("All departments"), reports.report_departments(self.organisation)
        )
        self.fields["job_title"].choices = _all(
            _("All job titles"), reports.report_job_titles(self.organisation)
        )

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        years = reports.report_years(organisation)
        return {"year": str(years[0])} if years else {}


class HireReportForm(FlowReportForm):
    pass


class YieldReportForm(FlowReportForm):
    characteristic = forms.ChoiceField(
        label=_("Groups"), choices=APPLICANT_CHARACTERISTIC_CHOICES, initial=reports.RACE
    )

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        return {**super().defaults(organisation), "characteristic": reports.RACE}


class ProcessReportForm(FlowReportForm):
    """The application-process and optional-step reports: a year's requisitions, by group."""

    characteristic = forms.ChoiceField(
        label=_("Groups"), choices=CHARACTERISTIC_CHOICES, initial=reports.RACE
    )

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        return {**super().defaults(organisation), "characteristic": reports.RACE}


class ApplicantPoolReportForm(ReportForm):
    """A job title's applicants in a year against all applicants, or a benchmark."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    job_title = forms.ChoiceField(label=_("Job title"))
    characteristic = forms.ChoiceField(label=_("Groups"), choices=CHARACTERISTIC_CHOICES)
    against = forms.ChoiceField(label=_("Compared with"))
    method = forms.ChoiceField(label=_("Under-representation test"), choices=())

    def setup(self) -> None:
        self.fields["year"].choices = [(y, y) for y in reports.report_years(self.organisation)]
        self.fields["job_title"].choices = [
            (t, t) for t in reports.report_job_titles(self.organisation)
        ]
        benchmarks = Benchmark.objects.filter(organisation=self.organisation)
        self.fields["against"].choices = [
            ("pool", _("All applicants that year")),
            *((str(b.pk), str(b)) for b in benchmarks),
        ]
        self.fields["method"].choices = method_choices()

    def clean_against(self) -> Benchmark | None:
        value = self.cleaned_data["against"]
        if value == "pool":
            return None
        return Benchmark.objects.filter(organisation=self.organisation, pk=value).first()

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        years = reports.report_years(organisation)
        titles = reports.report_job_titles(organisation)
        return {
            **({"year": str(years[0])} if years else {}),
            **({"job_title": titles[0]} if titles else {}),
            "characteristic": reports.RACE,
            "against": "pool",
            "method": rep.TWO_SIDED_05,
        }


class JobFairReportForm(ReportForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    per = forms.ChoiceField(
        label=_("One row per"),
        choices=[(PER_FAIR, _("job fair")), (PER_AREA, _("community area"))],
    )
    characteristic = forms.ChoiceField(label=_("Groups"), choices=CHARACTERISTIC_CHOICES)

    def setup(self) -> None:
        self.fields["year"].choices = [("", _("All years"))] + [
            (y, y) for y in reports.job_fair_years(self.organisation)
        ]

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        return {"per": PER_FAIR, "characteristic": reports.RACE}


class WorkforceReportForm(ReportForm):
    as_of = forms.TypedChoiceField(
        label=_("Employees on"), coerce=date.fromisoformat, empty_value=None
    )

    def setup(self) -> None:
        self.fields["as_of"].choices = [
            (d.isoformat(), date_format(d, "DATE_FORMAT"))
            for d in workforce_dates(self.organisation)
        ]

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        dates = workforce_dates(organisation)
        return {"as_of": dates[0].isoformat()} if dates else {}


class RepresentationReportForm(WorkforceReportForm):
    benchmark = forms.ModelChoiceField(label=_("Benchmark"), queryset=Benchmark.objects.none())
    characteristic = forms.ChoiceField(label=_("Groups"), choices=CHARACTERISTIC_CHOICES)
    method = forms.ChoiceField(label=_("Under-utilisation test"), choices=())
    eeo4_category = forms.ChoiceField(
        label=_("Employees compared"),
        required=False,
        choices=[
            ("", _("The benchmark's own job category")),
            (WHOLE_WORKFORCE, _("The whole workforce")),
            *Eeo4JobCategory.choices,
        ],
    )

    def setup(self) -> None:
        super().setup()
        self.fields["benchmark"].queryset = Benchmark.objects.filter(organisation=self.organisation)
        self.fields["method"].choices = method_choices()

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        found = Benchmark.objects.filter(organisation=organisation).first()
        return {
            **super().defaults(organisation),
            **({"benchmark": str(found.pk)} if found else {}),
            "characteristic": reports.RACE,
            "method": rep.TWO_SIDED_05,
        }


class Eeo4ReportForm(WorkforceReportForm):
    department = forms.ChoiceField(label=_("Department"), required=False)
    categories = forms.MultipleChoiceField(
        label=_("Job categories (none ticked: all)"),
        required=False,
        choices=Eeo4JobCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def setup(self) -> None:
        super().setup()
        self.fields["department"].choices = _all(
            _("All departments"), reports.workforce_departments(self.organisation)
        )


# Reference data ------------------------------------------------------------------------

SHARE_PREFIX = {reports.RACE: "race__", reports.SEX: "sex__"}
SHARE_GROUPS = {
    reports.RACE: [g for g in reports.group_keys(reports.RACE) if g != "not_disclosed"],
    reports.SEX: ["female", "male", "another"],
}


class BenchmarkForm(web_forms.ModelForm):
    """A benchmark and its shares as percentages; each characteristic adds up to 100 at most."""

    class Meta:
        model = Benchmark
        fields = ["name", "source", "year", "geography", "eeo4_category"]
        labels = {"eeo4_category": _("Job category (blank: the whole workforce)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing: dict[tuple[str, str], Decimal] = {}
        if self.instance.pk:
            existing = {(s.characteristic, s.group): s.share for s in self.instance.shares.all()}
        for characteristic, groups in SHARE_GROUPS.items():
            for group in groups:
                name = SHARE_PREFIX[characteristic] + group
                self.fields[name] = forms.DecimalField(
                    label=reports.group_label(characteristic, group),
                    required=False,
                    min_value=Decimal(0),
                    max_value=Decimal(100),
                    decimal_places=4,
                    widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
                )
                if (characteristic, group) in existing:
                    as_percent = (existing[(characteristic, group)] * 100).normalize()
                    self.initial[name] = Decimal(f"{as_percent:f}")

    def share_fields(self, characteristic: str) -> list[forms.BoundField]:
        return [self[SHARE_PREFIX[characteristic] + g] for g in SHARE_GROUPS[characteristic]]

    def race_fields(self) -> list[forms.BoundField]:
        return self.share_fields(reports.RACE)

    def sex_fields(self) -> list[forms.BoundField]:
        return self.share_fields(reports.SEX)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for characteristic, groups in SHARE_GROUPS.items():
            values = [data.get(SHARE_PREFIX[characteristic] + g) for g in groups]
            total = sum((v for v in values if v is not None), Decimal(0))
            if total > 100:
                self.add_error(
                    None,
                    _("The %(characteristic)s shares add up to %(total)s%%, more than 100%%.")
                    % {
                        "characteristic": str(reports.CHARACTERISTICS[characteristic]).lower(),
                        "total": f"{total.normalize():f}",
                    },
                )
        return data

    def shares(self) -> list[tuple[str, str, Decimal]]:
        """(characteristic, group, fraction) for every share given."""
        out = []
        for characteristic, groups in SHARE_GROUPS.items():
            for group in groups:
                value = self.cleaned_data.get(SHARE_PREFIX[characteristic] + group)
                if value is not None:
                    out.append((characteristic, group, (value / 100).quantize(Decimal("0.000001"))))
        return out


class WorkforceImportForm(web_forms.Form):
    file = forms.FileField(
        label=_("Workforce file (CSV or XLSX)"),
        help_text=_(
            "Columns: as of, department, EEO-4 job category, salary band or annual salary,"
            " race/ethnicity, sex, employees."
        ),
    )


def _parse_bands(text: str) -> list[list[int | None]]:
    bands: list[list[int | None]] = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValidationError(_("Give at least one salary band."))
    for n, line in enumerate(lines, start=1):
        cleaned = line.replace("$", "").replace("K", "").replace("k", "").replace(" ", "")
        try:
            if cleaned.endswith("+"):
                low, high = int(cleaned[:-1]), None
            else:
                low_text, high_text = cleaned.replace("–", "-").split("-")
                low, high = int(low_text), int(high_text)
        except ValueError:
            raise ValidationError(
                _("Line %(n)s: write a band as 25-33 (thousands of dollars) or 70+ for the last."),
                params={"n": n},
            ) from None
        if low < 0 or (high is not None and high <= low):
            raise ValidationError(
                _("Line %(n)s: the upper bound must be above the lower bound."), params={"n": n}
            )
        if bands:
            previous_high = bands[-1][1]
            if previous_high is None:
                raise ValidationError(_("Only the last band may be open-ended (70+)."))
            if previous_high != low:
                raise ValidationError(
                    _("Line %(n)s: each band must start where the one before ends (%(at)s)."),
                    params={"n": n, "at": previous_high},
                )
        bands.append([low, high])
    return bands


class EquitySettingsForm(web_forms.Form):
    stages = forms.CharField(
        label=_("Stages, in order"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "One a line, from the first to the last (the hire), at most ten. Changing stages"
            " changes how imported applicants are read: re-import after a change."
        ),
    )
    salary_bands = forms.CharField(
        label=_("Salary bands (thousands of dollars a year)"),
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=_("One a line, like 25-33; the last may be open-ended, like 70+."),
    )
    small_cell_threshold = forms.IntegerField(
        label=_("Smallest published count"),
        min_value=1,
        max_value=100,
        help_text=_("Reports for publication hide counts of fewer people than this."),
    )

    def clean_stages(self) -> list[str]:
        text = ",".join(
            line.strip() for line in self.cleaned_data["stages"].splitlines() if line.strip()
        )
        try:
            stages = list(parse_stages(text))
        except ValueError:
            raise ValidationError(_("Give at least two stages, each once, one a line.")) from None
        if len(stages) > MAX_STAGES:
            raise ValidationError(
                _("Give at most %(most)s stages; this list has %(count)s."),
                params={"most": MAX_STAGES, "count": len(stages)},
            )
        return stages

    def clean_salary_bands(self) -> list[list[int | None]]:
        return _parse_bands(self.cleaned_data["salary_bands"])

    @staticmethod
    def initial_for(settings_row) -> dict[str, Any]:
        bands = "\n".join(
            f"{low}+" if high is None else f"{low}-{high}"
            for low, high in settings_row.salary_bands
        )
        return {
            "stages": "\n".join(settings_row.stages),
            "salary_bands": bands,
            "small_cell_threshold": settings_row.small_cell_threshold,
        }
