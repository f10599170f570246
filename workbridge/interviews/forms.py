"""Forms for rubrics, panels, scorecards, consensus, interviewer profiles and report scope."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.accounts.models import Organisation, User
from workbridge.equity.models import Requisition
from workbridge.interviews.models import (
    Competency,
    Decision,
    InterviewerProfile,
    Rubric,
)
from workbridge.interviews.services import COMPETENCY_FIELDS, RatingInput
from workbridge.web import forms as web_forms


class RubricForm(web_forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["name", "job_title"]


class CompetencyForm(web_forms.ModelForm):
    class Meta:
        model = Competency
        fields = list(COMPETENCY_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("description", "anchor_1", "anchor_2", "anchor_3", "anchor_4", "anchor_5")
        }


def organisation_users(organisation: Organisation):
    return User.objects.filter(membership__organisation=organisation, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class PanelCreateForm(web_forms.Form):
    requisition = forms.ModelChoiceField(
        label=_("Requisition"), queryset=Requisition.objects.none()
    )
    rubric = forms.ModelChoiceField(label=_("Rubric"), queryset=Rubric.objects.none())
    name = forms.CharField(label=_("Panel name"), max_length=160)
    members = UsersChoiceField(
        label=_("Panel members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requisition"].queryset = Requisition.objects.filter(organisation=organisation)
        self.fields["rubric"].queryset = Rubric.objects.filter(organisation=organisation)
        self.fields["members"].queryset = organisation_users(organisation)


class MemberAddForm(web_forms.Form):
    user = UserChoiceField(label=_("Person"), queryset=User.objects.none())

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = organisation_users(organisation)


class CandidateAddForm(web_forms.Form):
    applicant_id = forms.CharField(label=_("Applicant id"), max_length=64)


def _rating_choices(competency: Competency) -> list[tuple[str, str]]:
    return [(str(r), f"{r} — {text}") for r, text in competency.anchors()]


class ScorecardForm(web_forms.Form):
    """One rating (radio buttons labelled with the anchors) and evidence per competency."""

    def __init__(self, *args, competencies: list[Competency], initial_ratings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        initial_ratings = initial_ratings or {}
        for c in competencies:
            value, evidence = initial_ratings.get(c.pk, (None, ""))
            self.fields[f"rating_{c.pk}"] = forms.ChoiceField(
                label=c.name,
                choices=_rating_choices(c),
                widget=forms.RadioSelect,
                required=False,
                initial=str(value) if value else None,
            )
            self.fields[f"evidence_{c.pk}"] = forms.CharField(
                label=_("Evidence for %(name)s") % {"name": c.name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=evidence,
            )

    def rows(self):
        """(competency, rating field, evidence field) in rubric order, for the template."""
        return [(c, self[f"rating_{c.pk}"], self[f"evidence_{c.pk}"]) for c in self.competencies]

    def ratings(self) -> dict[int, RatingInput]:
        out = {}
        for c in self.competencies:
            raw = self.cleaned_data.get(f"rating_{c.pk}")
            out[c.pk] = RatingInput(
                value=int(raw) if raw else None,
                evidence=self.cleaned_data.get(f"evidence_{c.pk}", ""),
            )
        return out


class ConsensusForm(web_forms.Form):
    """The agreed rating per competency, the decision and its reason."""

    decision = forms.ChoiceField(
        label=pgettext_lazy("interview decision", "Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, competencies: list[Competency], **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        for c in competencies:
            self.fields[f"agreed_{c.pk}"] = forms.ChoiceField(
                label=c.name, choices=_rating_choices(c), widget=forms.RadioSelect
            )

    def rows(self):
        return [(c, self[f"agreed_{c.pk}"]) for c in self.competencies]

    def ratings(self) -> dict[int, int]:
        return {c.pk: int(self.cleaned_data[f"agreed_{c.pk}"]) for c in self.competencies}


class InterviewerProfileForm(web_forms.ModelForm):
    class Meta:
        model = InterviewerProfile
        fields = ["eeo_category", "sex"]
        labels = {
            "eeo_category": _("Your race/ethnicity (optional)"),
            "sex": _("Your sex (optional)"),
        }


class ScopeForm(web_forms.Form):
    """Which interviews a report covers."""

    requisition = forms.ModelChoiceField(
        label=_("Requisition"),
        queryset=Requisition.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    job_title = forms.ChoiceField(label=_("Job title"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    publication = forms.BooleanField(
        label=_("For publication: hide groups under the small-cell threshold"), required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        requisitions = Requisition.objects.filter(
            organisation=organisation, interview_panels__isnull=False
        ).distinct()
        self.fields["requisition"].queryset = requisitions
        anything = [("", _("All"))]
        titles = sorted(set(requisitions.values_list("job_title", flat=True)))
        departments = sorted(set(requisitions.values_list("department", flat=True)))
        years = sorted(set(requisitions.values_list("year", flat=True)), reverse=True)
        self.fields["job_title"].choices = anything + [(t, t) for t in titles]
        self.fields["department"].choices = anything + [(d, d) for d in departments]
        self.fields["year"].choices = anything + [(str(y), str(y)) for y in years]
