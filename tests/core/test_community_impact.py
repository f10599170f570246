"""Community impact figures, worked by hand for a small set of hires."""

from datetime import date
from decimal import Decimal

import pytest

from workbridge.core.community_impact import (
    OUTSIDE,
    PUBLIC_BENEFITS,
    VETERAN,
    YOUTH,
    Hire,
    Share,
    disclose,
    diversity,
    figures_by_employer,
    figures_of,
    household_type,
    narrative,
    peer_comparison,
    weighted_benchmark,
)

Q3 = {"since": date(2026, 7, 1), "until": date(2026, 9, 30)}


def hire(**kw):
    base = {"employer_id": 1, "started_on": date(2026, 7, 15), "hourly_wage": Decimal("20")}
    return Hire(**{**base, **kw})


def test_it_counts_hires_where_they_live_and_what_they_earn():
    # given three hires in the quarter and one from before it
    hires = [
        hire(
            community_area=25,
            zip_code="60644",
            hourly_wage=Decimal("18"),
            hours_per_week=40,
            prior_hourly_wage=Decimal("15"),
            living_wage=Decimal("17.50"),
            health_insurance=True,
            flags=frozenset({VETERAN, YOUTH}),
            race="black",
            sex="female",
        ),
        hire(
            community_area=25,
            zip_code="60651",
            hourly_wage=Decimal("22"),
            hours_per_week=30,
            prior_hourly_wage=Decimal("23"),
            living_wage=Decimal("35.00"),
            current_wage=Decimal("23"),
            flags=frozenset({PUBLIC_BENEFITS}),
            race="hispanic",
            sex="male",
        ),
        hire(community_area=None, zip_code="60402", hourly_wage=Decimal("16"), hours_per_week=20),
        hire(started_on=date(2026, 1, 2), community_area=8),  # before the period
    ]
    # when
    f = figures_of(hires, **Q3, priority_areas=[25, 26], site_areas=[8])
    # then
    assert f.hires == 3
    assert f.by_area == {OUTSIDE: 1, 25: 2}
    assert f.by_zip == {"60402": 1, "60644": 1, "60651": 1}
    assert f.local == Share(2, 3) and f.priority == Share(2, 3) and f.near_site == Share(0, 3)
    assert f.median_wage == Decimal("18.00") and f.mean_wage == Decimal("18.67")
    # 18 × 40 × 52 = 37,440; 22 × 30 × 52 = 34,320; 16 × 20 × 52 = 16,640
    assert f.earnings_by_area == {OUTSIDE: Decimal("16640.00"), 25: Decimal("71760.00")}
    assert f.annual_earnings == Decimal("88400.00")
    # gains +3 and −1: one of two rose, by a mean of $1
    assert f.wage_gain == Share(1, 2) and f.mean_gain == Decimal("1.00")
    assert f.living_wage == Share(1, 2)
    assert f.health == Share(1, 3)
    assert f.progression == Share(1, 1) and f.mean_progression == Decimal("1.00")
    assert f.social[VETERAN] == 1 and f.social[YOUTH] == 1 and f.social[PUBLIC_BENEFITS] == 1
    assert f.race == {"black": 1, "hispanic": 1, "not_disclosed": 1}
    assert f.sex == {"female": 1, "male": 1, "not_disclosed": 1}


def test_it_counts_retention_at_the_checkpoints_that_fall_in_the_period():
    hires = [
        # reached 180 days on 2026-08-29: still there
        hire(started_on=date(2026, 3, 2)),
        # reached 90 days on 2026-08-01, left before it (2026-07-20)
        hire(started_on=date(2026, 5, 3), ended_on=date(2026, 7, 20)),
        # a year on 2026-09-01, the check found them gone
        hire(started_on=date(2025, 9, 1), checks={365: "no"}),
        # 30 days falls on 2026-10-15, after the period: counts nowhere
        hire(started_on=date(2026, 9, 15)),
    ]
    f = figures_of(hires, **Q3)
    assert f.retention_at(180) == Share(1, 1)
    assert f.retention_at(90) == Share(0, 1)
    assert f.retention_at(365) == Share(0, 1)
    assert f.retention_at(30) == Share(0, 0)


def test_it_gives_every_employer_its_own_figures_at_once():
    hires = [hire(employer_id=1), hire(employer_id=2), hire(employer_id=2)]
    result = figures_by_employer(hires, **Q3, employers=[1, 2, 3])
    assert {k: v.hires for k, v in result.items()} == {1: 1, 2: 2, 3: 0}
    assert result[2] == figures_of([h for h in hires if h.employer_id == 2], **Q3)


def test_it_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        figures_of([], since=date(2026, 2, 1), until=date(2026, 1, 1))


@pytest.mark.parametrize(
    ("size", "children", "expected"),
    [(1, 0, "1a0c"), (3, 2, "1a2c"), (2, 0, "2a2w0c"), (6, 4, "2a2w3c"), (1, 1, "1a1c")],
)
def test_it_maps_a_household_to_the_living_wage_type(size, children, expected):
    assert household_type(size, children) == expected


def test_it_weights_the_benchmark_by_where_hires_live():
    population = {1: {"black": 80, "white": 20}, 2: {"black": 10, "white": 90}}
    # three hires in area 1, one in area 2: 3/4 × 0.8 + 1/4 × 0.1 = 0.625
    shares = weighted_benchmark({1: 3, 2: 1, OUTSIDE: 5}, population)
    assert shares["black"] == pytest.approx(0.625)
    assert shares["white"] == pytest.approx(0.375)
    rows = diversity({"black": 3, "white": 1, "not_disclosed": 4}, shares, ["black", "white"])
    assert rows[0].share == 0.75 and rows[0].difference == pytest.approx(0.125)


def test_it_shows_a_peer_median_only_with_five_peers():
    own = figures_of([hire()], **Q3)
    peers = [figures_of([hire()] * n, **Q3) for n in (1, 2, 3, 4)]
    assert peer_comparison(own, peers)[0].peer_median is None
    peers.append(figures_of([hire()] * 5, **Q3))
    first = peer_comparison(own, peers)[0]
    assert (first.measure, first.own, first.peer_median, first.peers) == ("hires", 1.0, 3.0, 5)


def test_it_hides_small_counts_their_rates_and_their_complements():
    # given 30 hires: 2 outside Chicago, 25 in priority area 25 and 3 elsewhere in Chicago
    hires = (
        [hire(community_area=None)] * 2
        + [hire(community_area=25, race="black", health_insurance=True)] * 25
        + [hire(community_area=8, race="white")] * 3
    )
    f = figures_of(hires, **Q3, priority_areas=[25])
    # when
    shown = disclose(f, threshold=5, priority_areas=[25])
    # then: the two small groups are hidden, so local share (30 − outside) is hidden too
    assert shown.hires
    assert 8 in shown.areas and OUTSIDE in shown.areas
    assert not shown.shown("local")
    # health: 25 yes, 5 no: both sides large enough
    assert shown.shown("health")
    # race: white 3 is small; with the total shown its complement is the next smallest
    # group, the 2 who did not say
    assert shown.race == {"white", "not_disclosed"}


def test_it_hides_everything_resting_on_a_small_number_of_hires():
    f = figures_of([hire(community_area=25)] * 3, **Q3)
    shown = disclose(f, threshold=5)
    assert not shown.hires and not shown.shown("median_wage") and shown.areas == {25}


def test_it_says_what_changed_since_the_last_period():
    before = figures_of([hire()] * 4, **Q3)
    now = figures_of([hire(community_area=25)] * 6, **Q3, priority_areas=[25])
    keys = [f.key for f in narrative(now, before)]
    assert keys[:3] == ["hires_up", "local", "priority"]
    assert narrative(now, before)[0].values == {"now": 6, "before": 4}
    # a figure that may not be quoted is left out
    assert "local" not in [f.key for f in narrative(now, before, shown=lambda k: k != "local")]
    quiet = narrative(figures_of([], **Q3), before)
    assert [f.key for f in quiet] == ["no_hires", "no_hires_after"]


def test_it_quotes_nothing_about_hires_too_few_to_publish():
    few = figures_of([hire(community_area=25)] * 3, **Q3)
    said = narrative(few, None, shown=lambda name: name != "hires")
    assert [f.key for f in said] == ["hires_hidden"]


def _with_incentives(hires_n: int, bonded: int, credited: int):
    return figures_of(
        [
            hire(bonded=n < bonded, tax_credit=Decimal("2400") if n < credited else None)
            for n in range(hires_n)
        ],
        **Q3,
    )


def test_it_totals_the_hiring_incentives_of_the_hires():
    f = _with_incentives(15, bonded=4, credited=3)
    assert f.bonded_hires == 4
    assert f.credited_hires == 3 and f.tax_credits == Decimal("7200.00")


@pytest.mark.parametrize(
    ("hires_n", "bonded", "credited", "hidden"),
    [
        (15, 15, 0, set()),  # every hire bonded, none credited: nothing small
        (25, 12, 11, set()),  # both sides of each at least ten
        (15, 4, 15, {"bonded_hires"}),  # four bonded: a small count
        (15, 12, 3, {"bonded_hires", "tax_credits"}),  # three not bonded; three credited
        (5, 0, 0, {"bonded_hires", "tax_credits"}),  # too few hires: nothing on them shown
    ],
)
def test_it_hides_small_incentive_counts_and_a_credit_total_resting_on_one(
    hires_n, bonded, credited, hidden
):
    shown = disclose(_with_incentives(hires_n, bonded, credited), threshold=10)
    assert {name for name in ("bonded_hires", "tax_credits") if not shown.shown(name)} == hidden
