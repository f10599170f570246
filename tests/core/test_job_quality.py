"""A job's quality score: each part earns exactly what the rules say, and the total adds up."""

from decimal import Decimal

from workbridge.core.job_quality import JobFacts, job_quality


def _job(**overrides) -> JobFacts:
    facts = {
        "hourly_wage": Decimal("20.00"),
        "hours_per_week": 40,
        "health_insurance": True,
        "paid_leave": True,
        "retirement": True,
        "career_pathway": "Lead cook after six months",
        "schedule_stable": True,
    }
    facts.update(overrides)
    return JobFacts(**facts)


def test_it_gives_full_marks_to_a_living_wage_job_with_everything():
    quality = job_quality(_job(hourly_wage=Decimal("25.00")), Decimal("25.00"))

    assert quality.score == Decimal("100.0")
    assert quality.wage_ratio == Decimal("1.00")


def test_it_scales_wage_points_by_the_share_of_the_living_wage():
    # 20 / 25 = 0.8 of a living wage → 32 of 40 wage points
    quality = job_quality(_job(), Decimal("25.00"))

    parts = {p.key: p.points for p in quality.parts}
    assert parts["wage"] == Decimal("32.0")
    assert quality.score == Decimal("92.0")
    assert quality.wage_ratio == Decimal("0.80")


def test_it_caps_wage_points_above_the_living_wage():
    quality = job_quality(_job(hourly_wage=Decimal("40.00")), Decimal("25.00"))

    assert {p.key: p.points for p in quality.parts}["wage"] == Decimal("40")


def test_it_counts_each_missing_benefit_and_unstable_part_time_work():
    quality = job_quality(
        _job(
            health_insurance=False,
            paid_leave=True,
            retirement=False,
            career_pathway="  ",
            schedule_stable=False,
            hours_per_week=24,
        ),
        Decimal("25.00"),
    )

    parts = {p.key: p.points for p in quality.parts}
    assert parts == {
        "wage": Decimal("32.0"),
        "health": 0,
        "leave": 10,
        "retirement": 0,
        "pathway": 0,
        "stable_schedule": 0,
        "hours": 0,
    }
    assert quality.score == Decimal("42.0")


def test_it_gives_no_wage_points_when_no_living_wage_is_known():
    quality = job_quality(_job(), None)

    assert quality.wage_ratio is None
    assert quality.score == Decimal("60")
