"""The project's form bases: every text field refuses control characters on the way in.

`Form` and `ModelForm` stand in for Django's; every form class of the project derives from
one of them (a test walks them all). Before a form is cleaned, each text field
(`forms.CharField` and its kinds: e-mail, URL, slug, regex...) drops control characters
from what was sent: a multi-line field (drawn as a Textarea) keeps tab, line feed and
carriage return, a one-line field keeps none (see `workbridge.core.text_rules`). The
characters are removed rather than refused: people paste them unseen from other
programs, and "Ctrl\\x01\\x0bChar" typed as a name is stored as "CtrlChar". NUL is a
control character, so it is removed too, before Django's own check could refuse it.
Fields a form adds in its ``__init__`` are covered: the rule is applied when the form is
cleaned, not when it is declared.
"""

from django import forms

from workbridge.core.text_rules import control_characters_removed


def text_rule_apply(field: forms.Field) -> None:
    """Make a text field drop control characters before it parses what was sent."""
    if not isinstance(field, forms.CharField) or getattr(field, "text_rule", False):
        return
    multiline = isinstance(field.widget, forms.Textarea)
    parse = field.to_python

    def to_python(value):
        if isinstance(value, str):
            value = control_characters_removed(value, multiline=multiline)
        return parse(value)

    field.to_python = to_python  # type: ignore[method-assign]
    field.text_rule = True  # type: ignore[attr-defined]


class TextRule:
    """Form mixin: apply `text_rule_apply` to every field before cleaning."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for field in self.fields.values():
            text_rule_apply(field)
        super().full_clean()  # type: ignore[misc]


class Form(TextRule, forms.Form):
    """A form whose text fields drop control characters."""


class ModelForm(TextRule, forms.ModelForm):
    """A model form whose text fields drop control characters."""
