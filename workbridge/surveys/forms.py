"""Forms for surveys: building instruments, sending waves, and answering."""

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from workbridge.surveys.models import (
    Course,
    Language,
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
    SurveyVersion,
)
from workbridge.web.forms import Form, ModelForm


class SurveyCreateForm(Form):
    kind = forms.ChoiceField(label=_("Kind of survey"), choices=())
    title = forms.CharField(
        label=_("Title (English)"),
        max_length=200,
        required=False,
        help_text=_("Leave blank to use the template's title."),
    )
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=200, required=False)
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        initial=True,
        help_text=_("Responses are kept with no link to the person who gave them."),
    )

    def __init__(self, *args, kinds: frozenset[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in SurveyKind.choices if k in kinds]


class SurveySettingsForm(ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "title_es", "anonymous", "target_rate"]

    def clean_target_rate(self) -> int:
        value = self.cleaned_data["target_rate"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(_("Give a percentage from 1 to 100."))
        return value


class QuestionForm(ModelForm):
    options_text = forms.CharField(
        label=_("Options, one a line: English | Spanish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For Likert, 0–4 scale and choice questions. Options are numbered from 1 in "
            "order (a 0–4 scale from 0)."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "key",
            "kind",
            "text_en",
            "text_es",
            "required",
            "reverse_scored",
            "scale_min",
            "scale_max",
            "favourable_from",
            "show_if_question",
            "show_if_value",
        ]
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "text_es": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, version: SurveyVersion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = version.questions.filter(kind=QuestionKind.SINGLE)
        if self.instance.pk:
            choices = choices.exclude(pk=self.instance.pk)
            self.fields["options_text"].initial = "\n".join(
                f"{o.label_en} | {o.label_es}" for o in self.instance.options.all()
            )
        self.fields["show_if_question"].queryset = choices
        self.fields["show_if_question"].required = False


class WaveForm(Form):
    name = forms.CharField(
        label=_("Name"), max_length=160, help_text=_("For example “Spring 2027”.")
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Links expire after"), widget=forms.DateInput(attrs={"type": "date"})
    )
    target_rate = forms.IntegerField(
        label=_("Response-rate target (%)"), min_value=1, max_value=100
    )

    @staticmethod
    def initial_for(survey: Survey) -> dict[str, Any]:
        today = timezone.localdate()
        return {
            "opens_on": today,
            "closes_on": today + timedelta(days=21),
            "target_rate": survey.target_rate,
        }


class AddressListForm(Form):
    file = forms.FileField(
        label=_("Address list (CSV)"),
        help_text=_(
            "Columns: email (required), name, language (en or es), department, job_title, "
            "group (a voluntary attribute)."
        ),
    )


SOURCES = (
    ("participants", _("The organisation's participants with an e-mail address")),
    ("contacts", _("Employer contacts with an e-mail address (not opted out)")),
)


class ApplicantsForm(Form):
    """Applicants of one requisition who reached a stage, with the contact list to reach them."""

    requisition = forms.CharField(
        label=_("Requisition id"),
        max_length=64,
        help_text=_("As in the applicant-flow import, for example REQ-2026-0147."),
    )
    stage = forms.TypedChoiceField(label=_("Who reached the stage"), coerce=int, choices=())
    file = forms.FileField(
        label=_("Contact list (CSV)"),
        help_text=_(
            "Columns: applicant_id and email (required), name, language (en or es). "
            "Usually the applicant tracking system's export for the requisition."
        ),
    )

    def __init__(self, *args, stages: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = stages


class PeopleForm(Form):
    source = forms.ChoiceField(label=_("Invite"), choices=SOURCES, widget=forms.RadioSelect)


class ResponseForm(Form):
    """One field per question of a version, labelled in the respondent's language.

    A question behind a skip rule is asked only when the earlier answer matches; when it
    does not, its answer is dropped and it is never required.
    """

    def __init__(self, *args, questions: list[Question], language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.language = language
        for question in questions:
            field = self._field(question, language)
            notes = []
            if question.required:
                notes.append(gettext("Required."))
            condition = question.show_if_question
            if condition is not None:
                chosen = next(
                    (o for o in condition.options.all() if o.value == question.show_if_value), None
                )
                notes.append(
                    gettext("Answer only if you answered “%(answer)s” to “%(question)s”.")
                    % {
                        "answer": chosen.label(language) if chosen else question.show_if_value,
                        "question": condition.text(language),
                    }
                )
            field.help_text = " ".join(notes)
            self.fields[self.name_of(question)] = field

    @staticmethod
    def name_of(question: Question) -> str:
        return f"q_{question.pk}"

    @staticmethod
    def _field(question: Question, language: str) -> forms.Field:
        label = question.text(language)
        kind = question.kind
        if kind in (QuestionKind.LIKERT, QuestionKind.SCALE_0_4, QuestionKind.SINGLE):
            return forms.TypedChoiceField(
                label=label,
                required=False,
                coerce=int,
                choices=[(o.value, o.label(language)) for o in question.options.all()],
                widget=forms.RadioSelect,
            )
        if kind == QuestionKind.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                label=label,
                required=False,
                coerce=int,
                choices=[(o.value, o.label(language)) for o in question.options.all()],
                widget=forms.CheckboxSelectMultiple,
            )
        if kind == QuestionKind.RATING:
            return forms.TypedChoiceField(
                label=label,
                required=False,
                coerce=int,
                choices=[(v, str(v)) for v in question.scale_values()],
                widget=forms.RadioSelect(attrs={"class": "rating"}),
            )
        if kind == QuestionKind.NUMBER:
            return forms.DecimalField(
                label=label, required=False, max_digits=12, decimal_places=2, min_value=0
            )
        return forms.CharField(
            label=label, required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
        )

    def asked(self, question: Question, data: dict[str, Any]) -> bool:
        """Whether the skip rule lets this question be asked, given the answers."""
        condition = question.show_if_question_id
        if condition is None:
            return True
        return data.get(f"q_{condition}") == question.show_if_value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for question in self.questions:
            name = self.name_of(question)
            if not self.asked(question, data):
                data[name] = None
                continue
            value = data.get(name)
            if question.required and value in (None, "", []):
                self.add_error(name, _("This question needs an answer."))
        return data

    def answers(self) -> dict[Question, Any]:
        return {q: self.cleaned_data.get(self.name_of(q)) for q in self.questions}


class PaperForm(Form):
    """Who a paper response came from, as far as the results break it down."""

    language = forms.ChoiceField(label=_("Language of the form"), choices=Language.choices)
    department = forms.CharField(label=_("Department"), max_length=120, required=False)
    group = forms.CharField(label=_("Group (voluntary)"), max_length=60, required=False)


BREAKDOWNS = (
    ("", _("Everyone")),
    ("department", _("Department")),
    ("group", _("Group (voluntary)")),
)


class ResultsForm(Form):
    by = forms.ChoiceField(label=_("Break down by"), choices=BREAKDOWNS, required=False)


class CourseForm(ModelForm):
    class Meta:
        model = Course
        fields = ["name", "evaluation", "for_interviewers", "target_share"]

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].queryset = Survey.objects.filter(
            organisation=organisation, kind=SurveyKind.TRAINING_EVALUATION
        )

    def clean_target_share(self) -> int:
        value = self.cleaned_data["target_share"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(_("Give a percentage from 1 to 100."))
        return value


class SessionForm(Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=160, required=False)


class RosterFileForm(Form):
    file = forms.FileField(
        label=_("Sign-in sheet (CSV or XLSX)"),
        help_text=_(
            "Columns: person (each person's e-mail address or user name in Workbridge), "
            "and optionally attended and completed (yes or no)."
        ),
    )


class RosterForm(Form):
    users = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    attended = forms.BooleanField(label=_("Attended"), required=False, initial=True)
    completed = forms.BooleanField(label=_("Completed the course"), required=False)

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from workbridge.accounts.models import User

        self.fields["users"].queryset = User.objects.filter(
            membership__organisation=organisation, is_active=True
        ).order_by("first_name", "last_name", "username")
