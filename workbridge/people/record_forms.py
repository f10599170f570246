"""Forms for what staff record about a participant and for the program settings.

They parse and check input; the services in people/services.py do the writing.
"""

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbridge.people.choices import (
    ApplicationOutcome,
    ContactMethod,
    JobEndReason,
    JobLossFactor,
    SupportKind,
)
from workbridge.people.models import AssessmentItem, Occupation
from workbridge.web import forms as web_forms

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OCCUPATION_LIST_ID = "occupation-list"
SOC_CODE = re.compile(r"^\s*(\d{2}-\d{4})\b")

# The 0–4 answer scale of every readiness question.
ANSWER_CHOICES = [
    ("0", _("0 — Not at all")),
    ("1", _("1 — A little")),
    ("2", _("2 — Somewhat")),
    ("3", _("3 — Mostly")),
    ("4", _("4 — Completely")),
]


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's validation error next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _today():
    return timezone.localdate()


# Readiness assessment ---------------------------------------------------------


def item_field_name(item: AssessmentItem) -> str:
    """The form field of one question; the service names its errors the same way."""
    return f"item_{item.pk}"


class AssessmentForm(web_forms.Form):
    """One radio group 0–4 per active question of the organisation's instrument."""

    taken_on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=_today)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, items: Iterable[AssessmentItem], spanish: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        questions = {}
        for item in self.items:
            text = item.text_es if spanish and item.text_es else item.text
            questions[item_field_name(item)] = forms.TypedChoiceField(
                label=text,
                choices=ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Answer “%(question)s”.") % {"question": text},
                },
            )
        # Questions first, then the date and notes.
        self.fields = {**questions, **self.fields}

    def question_fields(self) -> list[forms.BoundField]:
        return [self[item_field_name(item)] for item in self.items]

    def answers(self) -> dict[int, int]:
        """Answers by item id, as assessment_record takes them."""
        return {item.pk: self.cleaned_data[item_field_name(item)] for item in self.items}


# Case notes, supports ----------------------------------------------------------


class CaseNoteForm(web_forms.Form):
    contact_on = forms.DateField(label=_("Date of contact"), widget=DATE_INPUT, initial=_today)
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 5}))


class SupportForm(web_forms.Form):
    kind = forms.ChoiceField(label=_("Support"), choices=SupportKind.choices)
    given_on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=_today)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    video_interview_readiness = forms.TypedChoiceField(
        label=_("How ready does the participant feel for an interview by video call?"),
        help_text=_("Online-interview coaching only: ask at each session to see progress."),
        choices=[("", "—"), *ANSWER_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("video_interview_readiness") is not None
            and data.get("kind") != SupportKind.ONLINE_INTERVIEW
        ):
            self.add_error(
                "video_interview_readiness",
                _("This question belongs to online-interview coaching only."),
            )
        return data


# Career goals and work history ---------------------------------------------------


class OccupationField(forms.CharField):
    """An SOC 2018 occupation typed as its code, "code title" or its exact title."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 220)
        kwargs.setdefault(
            "help_text",
            _("Type a code such as 35-2014 or start typing a job title and pick from the list."),
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": OCCUPATION_LIST_ID, "autocomplete": "off"})

    def clean(self, value: Any) -> Occupation | None:
        text = super().clean(value)
        if not text:
            return None
        match = SOC_CODE.match(text)
        if match:
            occupation = Occupation.objects.filter(code=match.group(1)).first()
        else:
            occupation = Occupation.objects.filter(title__iexact=text.strip()).first()
        if occupation is None:
            raise ValidationError(
                _("No SOC occupation matches “%(text)s”. Choose one from the list."),
                code="unknown_occupation",
                params={"text": text},
            )
        return occupation

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Occupation):
            return f"{value.code} {value.title}"
        return value


def occupation_options() -> list[tuple[str, str]]:
    """(code, title) of every detailed occupation, for the datalist."""
    return list(
        Occupation.objects.filter(level="detailed").order_by("title").values_list("code", "title")
    )


class CareerGoalForm(web_forms.Form):
    occupation = OccupationField(label=_("Target occupation"))
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)
    is_primary = forms.BooleanField(label=_("This is the primary goal"), required=False)


class WorkHistoryForm(web_forms.Form):
    employer_name = forms.CharField(label=_("Employer"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=200)
    occupation = OccupationField(label=_("Occupation (optional)"), required=False)
    started_on = forms.DateField(label=_("Started"), widget=DATE_INPUT)
    ended_on = forms.DateField(label=_("Ended"), widget=DATE_INPUT, required=False)
    hourly_wage = forms.DecimalField(
        label=_("Hourly wage (dollars)"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    end_reason = forms.ChoiceField(label=_("How it ended"), choices=JobEndReason.choices)
    loss_factors = forms.MultipleChoiceField(
        label=_("Factors in losing the job"),
        choices=JobLossFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    duties = forms.CharField(
        label=_("Duties"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The job cannot end before it started."))
        reason = data.get("end_reason")
        if reason == JobEndReason.CURRENT and ended:
            self.add_error("end_reason", _("A job with an end date is not current."))
        if reason and reason != JobEndReason.CURRENT and not ended:
            self.add_error("ended_on", _("Give the date the job ended."))
        return data


# Skills and certifications -------------------------------------------------------


class SkillForm(web_forms.Form):
    name = forms.CharField(label=_("Skill"), max_length=100)


class CertificationForm(web_forms.Form):
    name = forms.CharField(label=_("Certification or licence"), max_length=200)
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    earned_on = forms.DateField(label=_("Earned"), widget=DATE_INPUT, required=False)
    expires_on = forms.DateField(label=_("Expires"), widget=DATE_INPUT, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        earned, expires = data.get("earned_on"), data.get("expires_on")
        if earned and expires and expires < earned:
            self.add_error("expires_on", _("It cannot expire before it was earned."))
        return data


# Program settings ------------------------------------------------------------------


class InstrumentItemForm(web_forms.Form):
    """One question of the readiness instrument; a blank row adds nothing."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Question in English"), max_length=300, required=False)
    text_es = forms.CharField(label=_("Question in Spanish"), max_length=300, required=False)
    reverse_scored = forms.BooleanField(
        label=_("Reverse scored"),
        required=False,
        help_text=_("Agreement means less ready (for example a fear of failing)."),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("id") and not (data.get("text") or "").strip() and data.get("is_active"):
            self.add_error("text", _("A question in use needs its English text."))
        if (data.get("text_es") or "").strip() and not (data.get("text") or "").strip():
            self.add_error("text", _("Give the English text too."))
        return data


class BaseInstrumentItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, item_ids: Iterable[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.item_ids = set(item_ids)

    def clean(self) -> None:
        if any(self.errors):
            return
        for form in self.forms:
            item_id = form.cleaned_data.get("id")
            if item_id and item_id not in self.item_ids:
                raise ValidationError(_("A question was changed elsewhere; reload the page."))
        if not self.items():
            raise ValidationError(_("The questionnaire needs at least one question in use."))

    def items(self) -> list[dict[str, Any]]:
        """The rows in use, in order, as instrument_update takes them."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            text = (data.get("text") or "").strip()
            if not text or not data.get("is_active"):
                continue
            rows.append(
                {
                    "id": data.get("id"),
                    "text": text,
                    "text_es": (data.get("text_es") or "").strip(),
                    "reverse_scored": bool(data.get("reverse_scored")),
                }
            )
        return rows


InstrumentItemFormSet = forms.formset_factory(
    InstrumentItemForm, formset=BaseInstrumentItemFormSet, extra=1, max_num=100, validate_max=True
)


class MilestoneStepForm(web_forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200, required=False)
    days_before_exit = forms.IntegerField(
        label=_("Days before exit"), min_value=0, max_value=730, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("title") or "").strip() and data.get("days_before_exit") is None:
            self.add_error("days_before_exit", _("Give the number of days before exit."))
        return data


class BaseMilestoneStepFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.steps():
            raise ValidationError(_("The template needs at least one milestone."))

    def steps(self) -> list[tuple[str, int]]:
        """(title, days before exit) of the rows kept, as milestone_template_update takes them."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if self.can_delete and self._should_delete_form(form):
                continue
            title = (data.get("title") or "").strip()
            if title:
                rows.append((title, data["days_before_exit"]))
        return rows


MilestoneStepFormSet = forms.formset_factory(
    MilestoneStepForm,
    formset=BaseMilestoneStepFormSet,
    extra=2,
    can_delete=True,
    max_num=60,
    validate_max=True,
)


# The participant's own search ---------------------------------------------------------


class OwnApplicationForm(web_forms.Form):
    employer_name = forms.CharField(label=_("Employer"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200)
    applied_on = forms.DateField(label=_("Applied on"), widget=DATE_INPUT, initial=_today)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ApplicationOutcome.choices)
    outcome_on = forms.DateField(label=_("Outcome on"), widget=DATE_INPUT, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)
