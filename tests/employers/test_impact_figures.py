"""The community impact figures read from the records: one employer, all of them, the program."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.factories import ParticipantFactory
from workbridge.core.community_impact import (
    JUSTICE_INVOLVED,
    LONG_TERM_UNEMPLOYED,
    NO_DIPLOMA,
    PUBLIC_BENEFITS,
    Hire,
    Share,
    figures_of,
    household_type,
)
from workbridge.employers.impact import (
    employer_figures,
    figures_for_employers,
    impact_context,
    program_figures,
)
from workbridge.employers.models import ImpactSettings
from workbridge.employers.services import employer_create, location_add
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


def _varied(org, coach):
    """Four employers: a busy one (hires in the period, earlier hires reaching checkpoints,
    ended placements, checks that found people in and out of work, wages recorded, tax
    credits and bonds), a small one (two hires: every count small), one with only earlier
    hires, and one with no placement at all."""
    LivingWage.objects.create(
        year=2026, household_type="1a0c", hourly_wage=Decimal("21.00"), source="MIT"
    )
    LivingWage.objects.create(
        year=2026, household_type="1a1c", hourly_wage=Decimal("30.00"), source="MIT"
    )
    ImpactSettings.objects.create(organisation=org).priority_areas.set([25, 30])
    busy, small, earlier, empty = (
        employer_create(by=coach, data={"name": name, "owner": coach})
        for name in ("Busy", "Small", "Earlier", "Empty")
    )
    location_add(employer=busy, by=coach, label="Plant", address="1 W 26th St", zip_code="60623")
    homes = [("60623", 30), ("60644", 25), ("60651", 23), ("60402", None), ("", None)]
    people = []
    for n in range(24):
        zip_code, area = homes[n % len(homes)]
        person = ParticipantFactory(
            organisation=org,
            zip_code=zip_code or "60623",
            community_area_id=area,
            household_size=1 + n % 2,
            children_ages=[5] if n % 2 else [],
            benefits=["snap"] if n % 3 == 0 else [],
        )
        if zip_code == "":
            type(person).objects.filter(pk=person.pk).update(zip_code="")
        if n % 4:
            Demographics.objects.create(
                participant=person,
                eeo_category=("black", "hispanic", "white")[n % 3],
                sex=("female", "male")[n % 2],
                veteran="yes" if n % 5 == 0 else "no",
                age_band="18_24" if n % 3 == 1 else "25_34",
                high_school_diploma="no" if n % 4 == 1 else "yes",
            )
        people.append(person)
    for n, person in enumerate(people[:14]):
        started = date(2026, 7, 1) + timedelta(days=6 * n)
        placement = place(
            busy,
            person,
            started,
            wage=f"{18 + n % 7}.{n * 7 % 100:02d}",
            prior_hourly_wage=Decimal(f"{17 + n % 4}.50") if n % 3 else None,
            health_insurance=n % 2 == 0,
            ended_on=started + timedelta(days=20) if n % 5 == 0 else None,
            wotc_outcome="certified" if n % 3 == 0 else "",
            wotc_credit=Decimal("2400.00") if n % 3 == 0 else None,
            bond_starts_on=started if n % 4 == 0 else None,
        )
        if started + timedelta(days=30) <= UNTIL:
            RetentionCheck.objects.create(
                placement=placement,
                checkpoint=30,
                due_on=started + timedelta(days=30),
                done_on=started + timedelta(days=31),
                still_employed="no" if n % 5 == 0 else ("yes" if n % 2 else "unknown"),
                current_wage=Decimal("24.00") if n % 2 else None,
            )
    for n, person in enumerate(people[14:20]):
        # a year, half a year and 90 days before: their checkpoints fall in the quarter
        started = SINCE - timedelta(days=(365, 180, 90)[n % 3]) + timedelta(days=10 * n)
        placement = place(
            busy if n % 2 else earlier,
            person,
            started,
            ended_on=started + timedelta(days=60) if n == 1 else None,
        )
        RetentionCheck.objects.create(
            placement=placement,
            checkpoint=30,
            due_on=started + timedelta(days=30),
            done_on=started + timedelta(days=30),
            still_employed="no" if n == 2 else "yes",
        )
    for person in people[20:22]:
        place(small, person, date(2026, 8, 10), wage="16.00", bond_starts_on=date(2026, 8, 10))
    return busy, small, earlier, empty


def test_every_employers_figures_at_once_are_each_employers_own(acme, coach):
    # given employers with many hires, few, only earlier ones and none
    employers = _varied(acme.organisation, coach)
    busy, small, earlier, empty = employers
    # when
    together = figures_for_employers(acme.organisation_id, since=SINCE, until=UNTIL)
    # then each is what the one-employer read gives
    for employer in (acme, *employers):
        assert together[employer.pk] == employer_figures(employer, since=SINCE, until=UNTIL)
    # and the fixture exercises what it should
    assert together[busy.pk].hires == 14 and together[small.pk].hires == 2
    assert together[empty.pk].hires == 0 and together[earlier.pk].hires == 0
    assert together[earlier.pk].retention_at(365).of + together[earlier.pk].retention_at(90).of
    assert any(together[busy.pk].retention_at(c).count for c in (30, 90, 180, 365))
    assert together[busy.pk].retention_at(30) != Share(0, 0)
    assert together[busy.pk].near_site.count > 0 and together[busy.pk].progression.of > 0
    assert together[busy.pk].living_wage.of == 14
    assert together[busy.pk].tax_credits == Decimal("12000.00")  # 5 certified × $2,400
    assert together[busy.pk].credited_hires == 5 and together[busy.pk].bonded_hires == 4
    assert together[small.pk].bonded_hires == 2
    assert program_figures(acme.organisation_id, since=SINCE, until=UNTIL).hires == 16


def _figures_read_plainly(employer):
    """The employer's figures from `Hire` records read one placement at a time through the
    ORM: a reading independent of the columns the reports use."""
    living = {w.household_type: w.hourly_wage for w in LivingWage.objects.all()}
    hires = []
    for p in (
        Placement.objects.filter(
            employer=employer, started_on__gte=SINCE - timedelta(days=365), started_on__lte=UNTIL
        )
        .select_related("participant")
        .prefetch_related("checks")
    ):
        person = p.participant
        answers = Demographics.objects.filter(participant=person).first()
        done = [c for c in p.checks.all() if c.done_on is not None and c.done_on <= UNTIL]
        wages = [
            c
            for c in p.checks.all()
            if c.current_wage is not None and (c.done_on is None or c.done_on <= UNTIL)
        ]
        flags = set()
        if answers is not None:
            for flag, field, value in (
                ("justice_involved", "justice_involved", "yes"),
                ("veteran", "veteran", "yes"),
                ("disability", "disability", "yes"),
                ("long_term_unemployed", "long_term_unemployed", "yes"),
                ("no_diploma", "high_school_diploma", "no"),
            ):
                if getattr(answers, field) == value:
                    flags.add(flag)
            if answers.age_band in ("under_18", "18_24"):
                flags.add("youth")
        if person.benefits:
            flags.add(PUBLIC_BENEFITS)
        hires.append(
            Hire(
                employer_id=employer.pk,
                started_on=p.started_on,
                hourly_wage=p.hourly_wage,
                hours_per_week=p.hours_per_week,
                ended_on=p.ended_on if p.ended_on and p.ended_on <= UNTIL else None,
                prior_hourly_wage=p.prior_hourly_wage,
                health_insurance=p.health_insurance,
                zip_code=person.zip_code,
                community_area=person.community_area_id,
                living_wage=living.get(
                    household_type(person.household_size or 1, len(person.children_ages))
                ),
                current_wage=max(wages, key=lambda c: c.checkpoint).current_wage if wages else None,
                checks={c.checkpoint: c.still_employed for c in done},
                flags=frozenset(flags),
                race=(answers.eeo_category if answers else "") or "not_disclosed",
                sex=(answers.sex if answers else "") or "not_disclosed",
                tax_credit=p.wotc_credit if p.wotc_outcome == "certified" else None,
                bonded=p.bond_starts_on is not None,
            )
        )
    return figures_of(
        hires,
        since=SINCE,
        until=UNTIL,
        priority_areas=impact_context(employer.organisation_id).priority_areas,
        site_areas={
            area for area in employer.locations.values_list("community_area_id", flat=True) if area
        },
    )


def test_the_figures_read_as_columns_are_those_read_one_placement_at_a_time(acme, coach):
    employers = _varied(acme.organisation, coach)
    together = figures_for_employers(acme.organisation_id, since=SINCE, until=UNTIL)
    for employer in employers:
        assert together[employer.pk] == _figures_read_plainly(employer)
