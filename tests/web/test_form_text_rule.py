"""Text fields refuse control characters on the way in: one rule for every form of the project."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import workbridge
from workbridge.people.models import Participant
from workbridge.people.record_forms import CaseNoteForm
from workbridge.web.forms import Form, TextRule


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in a module of the project."""
    found = {}
    for module_info in pkgutil.walk_packages(workbridge.__path__, "workbridge."):
        if ".migrations" in module_info.name or module_info.name.endswith((".wsgi", ".asgi")):
            continue
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__.startswith("workbridge."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def test_it_applies_the_text_rule_to_every_form_of_the_project():
    # given every form class the project defines
    classes = project_form_classes()
    # then each cleans its text fields by the rule
    assert len(classes) > 50
    assert [
        f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, TextRule)
    ] == []


def test_it_stores_an_intake_name_without_its_control_characters(client, coach):
    # given the review's example typed into the intake form
    client.force_login(coach)
    data = {
        "first_name": "Ctrl\x01\x0bChar",
        "last_name": "Tab\tNew\nLine\x7f\x85",
        "zip_code": "60623",
        "enrolled_on": "2026-01-05",
        "planned_exit_on": "2026-07-01",
        "preferred_language": "en",
        "household_size": "1",
        "transport_mode": "transit",
        "max_commute_minutes": "45",
        "childcare_need": "none",
    }
    # when
    response = client.post(reverse("people:create"), data)
    # then
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.first_name, participant.last_name) == ("CtrlChar", "TabNewLine")


def test_it_keeps_tabs_and_line_breaks_in_multi_line_text():
    # given a case note pasted with control characters among its lines
    form = CaseNoteForm(
        {
            "contact_on": "2026-03-02",
            "method": "phone",
            "note": "Called.\r\n\tLeft\x00 a\x1b[31m message\x9b.",
        }
    )
    # when
    valid = form.is_valid()
    # then
    assert valid, form.errors
    assert form.cleaned_data["note"] == "Called.\r\n\tLeft a[31m message."


def test_it_applies_the_rule_to_fields_a_form_adds_when_made():
    # given a form that adds a field in its __init__
    class Late(Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["name"] = forms.CharField()

    # when
    form = Late({"name": "A\x00B\x0cC"})
    # then
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "ABC"}


@pytest.mark.parametrize(
    ("field", "sent", "kept"),
    [
        (forms.EmailField(), "rosa@\x08example.org", "rosa@example.org"),
        (forms.CharField(), "\x00", None),
        (forms.CharField(required=False), "\x00\x01", ""),
        (forms.CharField(widget=forms.Textarea), "a\tb\nc\rd\x0be", "a\tb\nc\rde"),
    ],
)
def test_it_drops_control_characters_from_every_kind_of_text_field(field, sent, kept):
    # given
    class One(Form):
        pass

    form = One({"value": sent})
    form.fields["value"] = field
    # when
    valid = form.is_valid()
    # then
    assert valid is (kept is not None)
    assert form.cleaned_data.get("value") == kept
