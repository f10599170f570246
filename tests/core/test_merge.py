"""Merge fields: only named fields are replaced, and nothing a user writes is executed."""

from workbridge.core.merge import fields_used, merge, unknown_fields


def test_it_replaces_named_fields_with_or_without_spaces():
    text = "Dear {{contact_name}}, {{ hires }} people from {{ employer_name }} …"

    assert merge(text, {"contact_name": "Rosa", "hires": 4, "employer_name": "Acme"}) == (
        "Dear Rosa, 4 people from Acme …"
    )


def test_it_lists_fields_in_order_once_and_finds_unknown_ones():
    text = "{{ hires }} {{ employer_name }} {{ hires }} {{ salary_of_ceo }}"

    assert fields_used(text) == ["hires", "employer_name", "salary_of_ceo"]
    assert unknown_fields(text, {"hires", "employer_name"}) == ["salary_of_ceo"]


def test_it_never_evaluates_template_code():
    text = "{% for x in y %}{{ employer.delete }}{{ 7*7 }}"

    assert merge(text, {"employer": "Acme"}) == text
