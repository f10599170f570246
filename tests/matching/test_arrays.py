"""The query layer: participants and openings become the engine's arrays in six queries."""

from datetime import date

import numpy as np
import pytest

from tests.matching.conftest import ALL_SHIFTS, MON_DAY, MON_EVENING, MON_NIGHT
from workbridge.core.matching import lonlat_to_km
from workbridge.jobs.models import JobOpening
from workbridge.matching.arrays import match_arrays
from workbridge.matching.places import community_area_km, points_km
from workbridge.people.models import Participant

ON = date(2026, 11, 23)


def test_it_builds_exactly_the_expected_arrays_in_six_queries(
    ana, ben, line_cook, night_porter, django_assert_num_queries
):
    # given two participants and two openings (see conftest)
    participants = Participant.objects.filter(pk__in=[ana.pk, ben.pk])
    openings = JobOpening.objects.filter(pk__in=[line_cook.pk, night_porter.pk])
    # when
    with django_assert_num_queries(6):
        data = match_arrays(participants, openings, on=ON)
    # then: participants, in id order
    p, o = data.participants, data.openings
    assert data.participant_ids.tolist() == [ana.pk, ben.pk]
    assert p.availability.tolist() == [MON_DAY | MON_EVENING, ALL_SHIFTS]
    assert p.limits.tolist() == [0b000001, 0]  # lifting
    assert p.transport.tolist() == [3, 0]  # car, transit
    assert p.max_commute.tolist() == [30.0, 60.0]
    assert p.min_wage.tolist() == [18.5, 0.0]
    assert p.needs_fair_chance.tolist() == [True, False]
    assert p.goals.tolist() == [[352014, 352021], [-1, -1]]  # primary goal first
    # attendance (bit 0), transportation (1), childcare (2) from two lost jobs
    assert p.loss_factors.tolist() == [0b111, 0]
    assert data.skill_names == ("food safety", "knife skills")
    assert p.skills.toarray().tolist() == [[1, 1], [1, 0]]
    x, y = lonlat_to_km(-87.714, 41.83909)  # South Lawndale's centroid in the shipped table
    assert (p.x_km[0], p.y_km[0]) == (x, y)
    assert np.isnan(p.x_km[1]) and np.isnan(p.y_km[1])  # Evanston: not in Chicago
    # and openings, in id order
    assert data.opening_ids.tolist() == [line_cook.pk, night_porter.pk]
    assert o.shifts.tolist() == [MON_DAY, MON_NIGHT]
    assert o.demands.tolist() == [0b000010, 0b000001]  # standing; lifting
    assert o.wage.tolist() == [20.0, 15.0]
    assert o.fair_chance.tolist() == [True, False]
    assert o.soc.tolist() == [352014, 372011]
    # 40 × 20/25 + 15 health + 10 stable + 5 full time; 40 × 15/25
    assert o.quality.tolist() == [62.0, 24.0]
    assert o.benefits.tolist() == [1, 0]
    assert o.schedule_stable.tolist() == [True, False]
    assert o.positions.tolist() == [2, 1]
    assert o.skills.toarray().tolist() == [[1, 1], [0, 0]]  # the line cook's two skills
    near_south = points_km([33])
    assert (o.x_km[0], o.y_km[0]) == (p.x_km[0], p.y_km[0])  # 60623 is South Lawndale
    assert (o.x_km[1], o.y_km[1]) == (near_south[0][0], near_south[1][0])  # from the ZIP table


def test_it_costs_the_same_queries_for_many_rows(
    ana, ben, line_cook, night_porter, southside, django_assert_num_queries
):
    # given ten more participants with skills
    from tests.factories import ParticipantFactory
    from workbridge.people.models import Skill

    for n in range(10):
        Skill.objects.create(participant=ParticipantFactory(organisation=southside), name=f"s{n}")
    # when / then
    with django_assert_num_queries(6):
        data = match_arrays(Participant.objects.all(), JobOpening.objects.all(), on=ON)
    assert len(data.participant_ids) == 12


def test_it_asks_nothing_for_no_rows(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        data = match_arrays(Participant.objects.none(), JobOpening.objects.none(), on=ON)
    assert len(data.participants) == 0 and len(data.openings) == 0


def test_the_centroid_table_has_every_community_area():
    x, y = community_area_km()
    assert np.isnan(x[0])
    assert not np.isnan(x[1:78]).any() and not np.isnan(y[1:78]).any()
    assert len(x) == 78


@pytest.mark.parametrize("area", [None, 0, 78, 500])
def test_an_unknown_community_area_has_no_place(area):
    x, y = points_km([area])
    assert np.isnan(x[0]) and np.isnan(y[0])


def test_an_openings_required_skills_join_the_skill_columns(ana, ben, line_cook, night_porter):
    # given the line cook asks for knife skills and a forklift licence nobody has
    line_cook.required_skills = ["Knife skills ", "Forklift"]
    line_cook.save(update_fields=["required_skills"])
    # when
    data = match_arrays(
        Participant.objects.filter(pk__in=[ana.pk, ben.pk]),
        JobOpening.objects.filter(pk__in=[line_cook.pk, night_porter.pk]),
        on=ON,
    )
    # then the columns hold every skill, compared without case or spaces
    assert data.skill_names == ("food safety", "forklift", "knife skills")
    assert data.openings.skills.toarray().tolist() == [[0, 1, 1], [0, 0, 0]]
    assert data.participants.skills.toarray().tolist() == [[1, 0, 1], [1, 0, 0]]
