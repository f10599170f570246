"""How a problem names the values a field accepts."""

from django.utils import translation

from workbridge.employers.choices import Stage
from workbridge.people.choices import Sex
from workbridge.web.accepted_values import accepted_values_text, choice_labels


def test_it_lists_every_label_when_there_are_twelve_or_fewer():
    # given
    labels = [f"Value {n}" for n in range(1, 13)]
    # when
    text = accepted_values_text(labels)
    # then
    assert text == ", ".join(labels)


def test_it_lists_the_first_twelve_and_says_how_many_more():
    # given
    labels = [f"Value {n}" for n in range(1, 16)]
    # when
    text = accepted_values_text(labels)
    # then
    assert text == ", ".join(labels[:12]) + " and 3 more"


def test_it_names_the_labels_of_the_choices_whose_keys_it_is_given():
    # given
    keys = ["prospect", "contacted", "qualified", "nurturing", "active", "dormant", "poor_fit"]
    # when
    with translation.override("en"):
        english = choice_labels(keys, (Sex, Stage))
    with translation.override("es"):
        spanish = choice_labels(keys, (Sex, Stage))
    # then
    assert english == [
        "Prospect",
        "Contacted",
        "Qualified",
        "Nurturing",
        "Active partner",
        "Dormant",
        "Poor fit",
    ]
    assert (spanish[0], spanish[4], spanish[6]) == ("Prospecto", "Aliado activo", "Poco compatible")


def test_it_keeps_keys_no_choices_know():
    assert choice_labels(["small", "large"], (Sex, Stage)) == ["small", "large"]
