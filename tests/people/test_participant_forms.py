"""The participant forms: availability grid, children's ages, dates, demographics."""

from decimal import Decimal

import pytest

from tests.factories import ParticipantFactory
from workbridge.people.choices import Day, Shift
from workbridge.people.forms import (
    DemographicsForm,
    ParticipantForm,
    availability_bit,
    availability_bits,
    availability_mask,
)
from workbridge.people.templatetags.people_profile import availability_words

MONDAY_MORNING = availability_bit(Day.MON, Shift.MORNING)
FRIDAY_NIGHT = availability_bit(Day.FRI, Shift.NIGHT)


def intake(**overrides):
    data = {
        "first_name": "Rosa",
        "last_name": "Alvarez",
        "preferred_language": "es",
        "zip_code": "60623",
        "enrolled_on": "2026-01-05",
        "planned_exit_on": "2026-07-01",
        "household_size": "3",
        "children_ages": "3, 7",
        "transport_mode": "transit",
        "max_commute_minutes": "45",
        "childcare_need": "daytime",
    }
    data.update(overrides)
    return data


# Availability ----------------------------------------------------------------------


def test_it_sets_bit_four_times_day_plus_shift():
    assert MONDAY_MORNING == 0
    assert FRIDAY_NIGHT == 19
    assert availability_mask([MONDAY_MORNING, FRIDAY_NIGHT]) == 1 | 1 << 19
    assert availability_bits(1 | 1 << 19) == [0, 19]


def test_it_encodes_the_ticked_boxes_to_the_mask(coach):
    # given
    form = ParticipantForm(
        intake(availability=[str(MONDAY_MORNING), str(FRIDAY_NIGHT)]), user=coach
    )
    # when
    valid = form.is_valid()
    # then
    assert valid, form.errors
    assert form.cleaned_data["availability"] == (1 << 0) | (1 << 19)


def test_it_ticks_the_boxes_of_a_saved_mask(coach, southside):
    # given
    participant = ParticipantFactory(organisation=southside, availability=(1 << 0) | (1 << 19))
    # when
    form = ParticipantForm(user=coach, participant=participant)
    rows = form.availability_rows()
    # then
    checked = [
        (day, box.choice_label) for day, boxes in rows for box in boxes if box.data["selected"]
    ]
    assert checked == [("Monday", "Monday morning"), ("Friday", "Friday night")]
    assert [len(boxes) for _, boxes in rows] == [4] * 7


def test_it_rejects_a_box_outside_the_grid(coach):
    form = ParticipantForm(intake(availability=["28"]), user=coach)
    assert not form.is_valid()
    assert list(form.errors) == ["availability"]


def test_it_says_the_availability_in_words():
    assert availability_words(0) == "No shifts recorded"
    assert availability_words((1 << 0) | (1 << 3) | (1 << 19)) == (
        "Monday: morning, night; Friday: night"
    )
    assert availability_words(0b1111 << 8) == "Wednesday: any shift"
    assert availability_words((1 << 28) - 1) == "Any shift, any day"


# Household and dates ------------------------------------------------------------


def test_it_reads_childrens_ages_as_a_comma_list(coach):
    form = ParticipantForm(intake(children_ages=" 3,7 , 17", household_size="4"), user=coach)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["children_ages"] == [3, 7, 17]


@pytest.mark.parametrize(
    ("ages", "message"),
    [
        ("3, 18", "Each child's age must be from 0 to 17; 18 is not."),
        ("3, two", "“two” is not an age: write whole numbers separated by commas."),
        ("-1", "“-1” is not an age: write whole numbers separated by commas."),
    ],
)
def test_it_rejects_ages_that_are_not_children(coach, ages, message):
    form = ParticipantForm(intake(children_ages=ages), user=coach)
    assert not form.is_valid()
    assert form.errors["children_ages"] == [message]


def test_it_rejects_more_children_than_the_household_holds(coach):
    form = ParticipantForm(intake(household_size="2", children_ages="3, 7"), user=coach)
    assert not form.is_valid()
    assert form.errors["children_ages"] == [
        "A household of 2 cannot include 2 children and the participant."
    ]


def test_it_rejects_a_planned_exit_before_enrolment(coach):
    form = ParticipantForm(intake(planned_exit_on="2025-12-31"), user=coach)
    assert not form.is_valid()
    assert form.errors["planned_exit_on"] == ["The planned exit cannot be before enrolment."]


def test_it_rejects_a_bad_zip_a_negative_wage_and_a_long_commute(coach):
    form = ParticipantForm(
        intake(zip_code="6062", min_hourly_wage="-1", max_commute_minutes="300"), user=coach
    )
    assert not form.is_valid()
    assert sorted(form.errors) == ["max_commute_minutes", "min_hourly_wage", "zip_code"]
    assert form.errors["zip_code"] == ["Enter a five-digit ZIP code."]


def test_it_rejects_an_external_id_another_participant_has(coach, southside, northside):
    ParticipantFactory(organisation=southside, external_id="SW-1")
    ParticipantFactory(organisation=northside, external_id="NW-1")
    taken = ParticipantForm(intake(external_id="SW-1"), user=coach)
    free = ParticipantForm(intake(external_id="NW-1"), user=coach)
    assert not taken.is_valid()
    assert taken.errors["external_id"] == ["Another participant already has this external id."]
    assert free.is_valid(), free.errors


def test_it_offers_only_the_organisations_staff_for_assignment(coach, manager, other_coach):
    form = ParticipantForm(intake(assigned_to=str(other_coach.pk)), user=coach)
    assert list(form.fields["assigned_to"].queryset) == [coach, manager]
    assert not form.is_valid()
    assert list(form.errors) == ["assigned_to"]


def test_it_reports_only_the_fields_that_changed(coach, southside):
    # given
    participant = ParticipantFactory(
        organisation=southside,
        first_name="Rosa",
        last_name="Alvarez",
        household_size=3,
        children_ages=[3, 7],
        benefits=["snap"],
        availability=1,
        min_hourly_wage=Decimal("17.50"),
    )
    data = {
        k: v
        for k, v in ParticipantForm.initial_for(participant).items()
        if v is not None and k != "needs_fair_chance"
    }
    data.update(
        enrolled_on=participant.enrolled_on.isoformat(),
        planned_exit_on=participant.planned_exit_on.isoformat(),
        children_ages="3, 7",
        availability=["0", "19"],
        phone="773-555-0100",
        assigned_to="",
    )
    form = ParticipantForm(data, user=coach, participant=participant)
    # when
    valid = form.is_valid()
    # then
    assert valid, form.errors
    assert form.changed_participant_data() == {"availability": 1 | 1 << 19, "phone": "773-555-0100"}


# Demographics ------------------------------------------------------------------------


def test_it_treats_an_untouched_demographics_section_as_blank():
    form = DemographicsForm({})
    assert form.is_valid()
    assert form.is_blank()


def test_it_counts_prefer_not_to_say_as_an_answer():
    form = DemographicsForm({"sex": "prefer_not"})
    assert form.is_valid()
    assert not form.is_blank()


def test_it_refuses_categories_together_with_prefer_not_to_say():
    form = DemographicsForm({"race_ethnicity": ["black"], "race_prefer_not": "on"})
    assert not form.is_valid()
    assert form.errors["race_prefer_not"] == [
        "Choose categories or “prefers not to say”, not both."
    ]
