"""The community impact figures read from the records: one employer, all of them, the program."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import ParticipantFactory
from workbridge.core.community_impact import (
    JUSTICE_INVOLVED,
    LONG_TERM_UNEMPLOYED,
    NO_DIPLOMA,
    PUBLIC_BENEFITS,
    Share,
)
from workbridge.employers.impact import (
    employer_figures,
    figures_for_employers,
    impact_context,
    program_figures,
)
from workbridge.employers.models import ImpactSettings
from workbridge.employers.services import employer_create
from workbridge.jobs.models import LivingWage
from workbridge.people.models import Demographics
from workbridge.placements.models import Placement, RetentionCheck

SINCE, UNTIL = date(2026, 7, 1), date(2026, 9, 30)


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})


def place(employer, participant, started_on, wage="20.00", **extra):
    return Placement.objects.create(
        organisation=employer.organisation,
        participant=participant,
        employer=employer,
        job_title="Line cook",
        started_on=started_on,
        hourly_wage=Decimal(wage),
        hours_per_week=40,
        **extra,
    )


def test_it_reads_an_employers_figures_from_placements_people_and_checks(acme, coach):
    # given a living wage for one adult, two hires in Austin (a priority area), one not
    org = acme.organisation
    LivingWage.objects.create(
        year=2026, household_type="1a0c", hourly_wage=Decimal("25.00"), source="MIT"
    )
    ImpactSettings.objects.create(organisation=org).priority_areas.set([25])
    first = ParticipantFactory(
        organisation=org, zip_code="60644", community_area_id=25, benefits=["snap"]
    )
    Demographics.objects.create(
        participant=first,
        eeo_category="black",
        sex="female",
        justice_involved="yes",
        long_term_unemployed="yes",
        high_school_diploma="no",
    )
    second = ParticipantFactory(organisation=org, zip_code="60651", community_area_id=25)
    third = ParticipantFactory(organisation=org, zip_code="60402", community_area_id=None)
    place(acme, first, date(2026, 7, 6), wage="26.00", prior_hourly_wage=Decimal("15"))
    p2 = place(acme, second, date(2026, 8, 3), health_insurance=True)
    place(acme, third, date(2026, 9, 1))
    RetentionCheck.objects.create(
        placement=p2,
        checkpoint=30,
        due_on=date(2026, 9, 2),
        done_on=date(2026, 9, 3),
        still_employed="yes",
        current_wage=Decimal("21.50"),
    )
    # when
    f = employer_figures(acme, since=SINCE, until=UNTIL)
    # then
    assert f.hires == 3
    assert f.local == Share(2, 3) and f.priority == Share(2, 3)
    assert f.living_wage == Share(1, 3)
    assert f.wage_gain == Share(1, 1) and f.mean_gain == Decimal("11.00")
    assert f.progression == Share(1, 1) and f.mean_progression == Decimal("1.50")
    assert f.retention_at(30) == Share(2, 2)  # 30 days on 5 Aug and 2 Sep; 1 Oct is after
    for flag in (JUSTICE_INVOLVED, LONG_TERM_UNEMPLOYED, NO_DIPLOMA, PUBLIC_BENEFITS):
        assert f.social[flag] == 1
    assert f.race == {"black": 1, "not_disclosed": 2}
    assert f.sex == {"female": 1, "not_disclosed": 2}


def test_it_reads_every_employers_figures_in_a_fixed_number_of_queries(
    acme, coach, django_assert_max_num_queries
):
    org = acme.organisation
    others = [employer_create(by=coach, data={"name": f"E{n}", "owner": coach}) for n in range(4)]
    for n, employer in enumerate([acme, *others]):
        for _ in range(n + 1):
            place(employer, ParticipantFactory(organisation=org), date(2026, 8, 1))
    context = impact_context(org.pk)
    with django_assert_max_num_queries(7):
        result = figures_for_employers(org.pk, since=SINCE, until=UNTIL, context=context)
    assert [result[e.pk].hires for e in [acme, *others]] == [1, 2, 3, 4, 5]
    assert program_figures(org.pk, since=SINCE, until=UNTIL).hires == 15
    assert result[acme.pk] == employer_figures(acme, since=SINCE, until=UNTIL)


def test_it_never_reads_another_organisations_placements(acme, coach, other_coach):
    theirs = employer_create(by=other_coach, data={"name": "Other", "owner": other_coach})
    place(theirs, ParticipantFactory(organisation=theirs.organisation), date(2026, 8, 1))
    assert program_figures(acme.organisation_id, since=SINCE, until=UNTIL).hires == 0
    mine = figures_for_employers(acme.organisation_id, since=SINCE, until=UNTIL)
    assert theirs.pk not in mine and mine[acme.pk].hires == 0
