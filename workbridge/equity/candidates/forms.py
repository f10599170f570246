"""Forms of the candidate pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workbridge.equity.candidates.models import NoticeLanguage
from workbridge.web import forms as web_forms

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CandidateFileForm(web_forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload


class NoticeTemplateForm(web_forms.Form):
    stage = forms.ChoiceField(label=_("Stage"))
    language = forms.ChoiceField(label=_("Language"), choices=NoticeLanguage.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("You may write {job_title}, {stage} and {requisition}; they are filled in."),
    )

    def __init__(self, *args, stages: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = stages


class ExamSectionsForm(web_forms.Form):
    sections = forms.CharField(
        label=_("Sections"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_(
            "One section a line: its name, its pass mark and how to prepare, separated by "
            "“|”. For example: Reading | 70 | The practice test at the library."
        ),
    )

    def clean_sections(self) -> list[dict]:
        sections = []
        seen = set()
        for n, line in enumerate(self.cleaned_data["sections"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|", 2)]
            if len(parts) < 2 or not parts[0]:
                raise ValidationError(
                    _("Line %(n)s: give a name and a pass mark, separated by “|”.") % {"n": n}
                )
            try:
                mark = float(parts[1])
            except ValueError:
                raise ValidationError(
                    _("Line %(n)s: “%(value)s” is not a number.") % {"n": n, "value": parts[1]}
                ) from None
            if not 0 <= mark <= 1000:
                raise ValidationError(
                    _("Line %(n)s: the pass mark must be from 0 to 1000.") % {"n": n}
                )
            if parts[0].lower() in seen:
                raise ValidationError(_("Line %(n)s: that section is named twice.") % {"n": n})
            seen.add(parts[0].lower())
            sections.append(
                {
                    "name": parts[0][:120],
                    "pass_mark": mark,
                    "resources": parts[2][:1000] if len(parts) > 2 else "",
                }
            )
        if not sections:
            raise ValidationError(_("Give at least one section."))
        return sections


class FeedbackRunForm(web_forms.Form):
    only_failed = forms.BooleanField(
        label=_("Only candidates who did not pass"), required=False, initial=True
    )


class RetestForm(web_forms.Form):
    exam = forms.TypedChoiceField(label=_("Exam"), coerce=int, required=False, empty_value=None)
    characteristic = forms.ChoiceField(
        label=_("Groups"),
        choices=(("race", _("Race/ethnicity")), ("sex", _("Sex"))),
        required=False,
    )

    def __init__(self, *args, exams: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exam"].choices = [("", _("All exams")), *exams]
