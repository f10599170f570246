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

Every field is also drawn with the design system's classes (USWDS): `DesignBoundField`
gives each widget, label and error state its class when the field is rendered, so a form
never names them itself and all forms look and behave the same.
"""

from django import forms
from django.forms.boundfield import BoundField

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


def widget_class(widget: forms.Widget) -> str:
    """The design system's class for a widget ("" for those it draws natively)."""
    if isinstance(widget, forms.Textarea):
        return "usa-textarea"
    if isinstance(widget, forms.SelectMultiple | forms.RadioSelect):
        return ""  # lists of options (checkbox and radio lists) are drawn natively
    if isinstance(widget, forms.Select):
        return "usa-select"
    if isinstance(widget, forms.FileInput):
        return "usa-input wb-file-input"
    if isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
        return ""
    if isinstance(widget, forms.widgets.Input):
        return "usa-input"
    return ""


class DesignBoundField(BoundField):
    """A bound field drawn with the design system's classes, marked invalid when it has errors."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        name = widget_class(widget or self.field.widget)
        if name:
            if self.errors:
                name += " usa-input--error"
            present = attrs.get("class", "")
            if name.split()[0] not in present.split():
                attrs["class"] = f"{name} {present}".strip()
        return attrs

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        attrs = dict(attrs or {})
        if not isinstance(self.field.widget, forms.CheckboxInput):
            attrs["class"] = f"usa-label {attrs.get('class', '')}".strip()
        return super().label_tag(contents, attrs, label_suffix, tag)


class Form(TextRule, forms.Form):
    """A form whose text fields drop control characters, drawn with the design system."""

    bound_field_class = DesignBoundField


class ModelForm(TextRule, forms.ModelForm):
    """A model form whose text fields drop control characters, drawn with the design system."""

    bound_field_class = DesignBoundField
