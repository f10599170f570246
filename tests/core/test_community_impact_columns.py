"""The columnar arithmetic gives, for every group at once, exactly the figures worked out
hire by hire (the plain definitions below, kept as the specification)."""

import statistics
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from workbridge.core.community_impact import (
    OUTSIDE,
    SOCIAL_FLAGS,
    Figures,
    Hire,
    Share,
    figures_by_employer,
    figures_of,
)
from workbridge.core.outcomes import CHECKPOINTS, retained_at

SINCE, UNTIL = date(2026, 4, 1), date(2026, 6, 30)
CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def by_definition(hires: list[Hire], *, priority=(), sites=()) -> Figures:
    """The figures hire by hire, straight from the definitions in the module's docstring."""
    period = [h for h in hires if SINCE <= h.started_on <= UNTIL]
    n = len(period)
    wages = [Decimal(h.hourly_wage) for h in period]
    earnings: dict[int, Decimal] = defaultdict(Decimal)
    for h in period:
        earnings[h.community_area or OUTSIDE] += h.annual_earnings
    with_prior = [h for h in period if h.prior_hourly_wage is not None]
    gains = [Decimal(h.hourly_wage) - Decimal(h.prior_hourly_wage) for h in with_prior]
    known_living = [h for h in period if h.living_wage is not None]
    recorded = [h for h in period if h.current_wage is not None]
    rises = [Decimal(h.current_wage) - Decimal(h.hourly_wage) for h in recorded]
    retention = {}
    for checkpoint in CHECKPOINTS:
        found = [
            retained_at(h.facts(), checkpoint, today=UNTIL)
            for h in hires
            if SINCE <= h.started_on + timedelta(days=checkpoint) <= UNTIL
        ]
        retention[checkpoint] = Share(sum(1 for f in found if f), len(found))
    credits = [h.tax_credit for h in period if h.tax_credit is not None]
    return Figures(
        since=SINCE,
        until=UNTIL,
        hires=n,
        by_zip=dict(Counter(h.zip_code for h in period if h.zip_code)),
        by_area=dict(Counter(h.community_area or OUTSIDE for h in period)),
        zip_area={h.zip_code: h.community_area or OUTSIDE for h in period if h.zip_code},
        local=Share(sum(1 for h in period if h.community_area), n),
        priority=Share(sum(1 for h in period if h.community_area in priority), n),
        near_site=Share(sum(1 for h in period if h.community_area in sites), n),
        median_wage=_cents(statistics.median(wages)) if wages else None,
        mean_wage=_cents(sum(wages, Decimal(0)) / n) if wages else None,
        annual_earnings=_cents(sum(earnings.values(), Decimal(0))),
        earnings_by_area={a: _cents(v) for a, v in earnings.items()},
        wage_gain=Share(sum(1 for g in gains if g > 0), len(gains)),
        mean_gain=_cents(sum(gains, Decimal(0)) / len(gains)) if gains else None,
        living_wage=Share(
            sum(1 for h in known_living if h.hourly_wage >= h.living_wage), len(known_living)
        ),
        health=Share(sum(1 for h in period if h.health_insurance), n),
        progression=Share(sum(1 for r in rises if r > 0), len(rises)),
        mean_progression=_cents(sum(rises, Decimal(0)) / len(rises)) if rises else None,
        retention=retention,
        social={flag: sum(1 for h in period if flag in h.flags) for flag in SOCIAL_FLAGS},
        race=dict(Counter(h.race for h in period)),
        sex=dict(Counter(h.sex for h in period)),
        by_zip_area=dict(Counter((h.zip_code, h.community_area or OUTSIDE) for h in period)),
        tax_credits=_cents(sum(credits, Decimal(0))),
        credited_hires=len(credits),
        bonded_hires=sum(1 for h in period if h.bonded),
    )


money = st.integers(min_value=0, max_value=6000).map(lambda c: Decimal(c) / 100)
day = st.integers(min_value=-400, max_value=100).map(lambda d: SINCE + timedelta(days=d))
answer = st.sampled_from(["yes", "no", "unknown"])


@st.composite
def hires(draw, employers=(1, 2, 3)):
    started = draw(day)
    return Hire(
        employer_id=draw(st.sampled_from(employers)),
        started_on=started,
        hourly_wage=draw(money),
        hours_per_week=draw(st.sampled_from([10, 20, 37, 40])),
        ended_on=draw(st.none() | st.integers(0, 500).map(lambda d: started + timedelta(days=d))),
        prior_hourly_wage=draw(st.none() | money),
        health_insurance=draw(st.booleans()),
        zip_code=draw(st.sampled_from(["", "60623", "60644", "60402"])),
        community_area=draw(st.sampled_from([None, 25, 30, 31])),
        living_wage=draw(st.none() | money),
        current_wage=draw(st.none() | money),
        checks=draw(st.dictionaries(st.sampled_from(CHECKPOINTS), answer, max_size=3)),
        flags=frozenset(draw(st.sets(st.sampled_from(SOCIAL_FLAGS), max_size=3))),
        race=draw(st.sampled_from(["black", "hispanic", "white", "not_disclosed"])),
        sex=draw(st.sampled_from(["female", "male", "not_disclosed"])),
        tax_credit=draw(st.none() | st.integers(0, 960_000).map(lambda c: Decimal(c) / 100)),
        bonded=draw(st.booleans()),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(hires(employers=(1,)), max_size=40))
def test_one_groups_figures_are_the_figures_by_definition(rows):
    # zip_area takes the last hire's area for a ZIP code, in the order given
    f = figures_of(rows, since=SINCE, until=UNTIL, priority_areas=[25], site_areas=[30])
    assert f == by_definition(rows, priority={25}, sites={30})


@settings(max_examples=100, deadline=None)
@given(st.lists(hires(), max_size=60))
def test_every_groups_figures_are_its_own_figures(rows):
    sites = {1: [25], 2: [30, 31]}
    result = figures_by_employer(
        rows, since=SINCE, until=UNTIL, priority_areas=[31], site_areas=sites, employers=[1, 2, 3]
    )
    assert sorted(result) == [1, 2, 3]
    for employer, figures in result.items():
        mine = [h for h in rows if h.employer_id == employer]
        assert figures == by_definition(mine, priority={31}, sites=set(sites.get(employer, ())))


def test_a_mean_half_a_cent_off_rounds_up_and_a_median_between_two_wages_too():
    rows = [
        Hire(employer_id=1, started_on=SINCE, hourly_wage=Decimal("10.00")),
        Hire(employer_id=1, started_on=SINCE, hourly_wage=Decimal("10.01")),
    ]
    f = figures_of(rows, since=SINCE, until=UNTIL)
    assert f.mean_wage == Decimal("10.01") and f.median_wage == Decimal("10.01")
