"""The ZIP breakdown of a report's hires, protected together with the community areas."""

from datetime import date

from workbridge.core.community_impact import Hire, disclose, disclose_zips, figures_of

Q2 = (date(2026, 4, 1), date(2026, 6, 30))


def hires(rows: list[tuple[str, int, int]]) -> list[Hire]:
    """`n` hires for each (ZIP code, community area, n)."""
    return [
        Hire(
            employer_id=1, started_on=date(2026, 5, 1), hourly_wage=20, zip_code=z, community_area=a
        )
        for z, a, n in rows
        for _k in range(n)
    ]


def test_it_hides_a_small_zip_and_its_complement():
    # given 3 hires in one ZIP code, 12 and 15 in two others
    figures = figures_of(
        hires([("60623", 30, 12), ("60624", 30, 3), ("60608", 31, 15)]), since=Q2[0], until=Q2[1]
    )
    # when
    hidden = disclose_zips(figures, threshold=10, areas=set(), groups=set())
    # then the small one and the next smallest are hidden
    assert hidden == {"60624", "60623"}


def test_a_zip_that_would_give_away_a_hidden_community_area_is_hidden_too():
    # given area 31's 3 hires all share ZIP 60623 with area 30's 10, which is published
    figures = figures_of(
        hires([("60623", 30, 10), ("60623", 31, 3), ("60608", 32, 20)]), since=Q2[0], until=Q2[1]
    )
    # when areas 31 and 32 are hidden and 30 is shown
    hidden = disclose_zips(figures, threshold=10, areas={31, 32}, groups=set())
    # then publishing 60623 (13) beside area 30 (10) would pin area 31 at 3: it is hidden,
    # and so is 60608, since the total would give 60623 away
    assert hidden == {"60623", "60608"}


def test_the_published_report_keeps_zip_codes_above_the_threshold():
    # given 40 hires in two ZIP codes and two areas, none small
    figures = figures_of(hires([("60623", 30, 25), ("60608", 31, 15)]), since=Q2[0], until=Q2[1])
    # when
    shown = disclose(figures, threshold=10)
    # then nothing is hidden
    assert shown.zips == frozenset()
    assert figures.by_zip == {"60608": 15, "60623": 25}
