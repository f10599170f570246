"""The demo's hiring-equity data: realistic in size, the same for the same seed, and imported."""

from workbridge.demo.equity import seed_equity
from workbridge.equity.models import (
    ENDED_COLUMNS,
    WITHDREW_COLUMNS,
    Applicant,
    ApplicationSessionEvent,
    Benchmark,
    FlowCount,
    ImportRun,
    JobFair,
    JobFairInterest,
    OptionalStepOutcome,
    Requisition,
    WorkforceCount,
)


def test_it_seeds_three_years_of_applicant_flow_through_the_import(southside, settings, tmp_path):
    # given
    settings.VAR_DIR = tmp_path
    # when
    seeded = seed_equity(southside, seed=7)
    # then
    requisitions = Requisition.objects.filter(organisation=southside)
    assert requisitions.count() == seeded.requisitions == 400
    assert len(set(requisitions.values_list("department", flat=True))) == 8
    assert 50 <= len(set(requisitions.values_list("job_title", flat=True))) <= 62
    assert sorted(set(requisitions.values_list("year", flat=True))) == [2023, 2024, 2025]
    applicants = Applicant.objects.filter(organisation=southside)
    assert 25_000 <= applicants.count() == seeded.applicants <= 36_000
    assert applicants.filter(community_area__isnull=False).count() > applicants.count() * 0.8
    assert applicants.filter(job_fair__isnull=False).exists()
    assert applicants.filter(withdrew=True).exists()
    total = sum(
        sum(row)
        for row in FlowCount.objects.filter(organisation=southside).values_list(
            *ENDED_COLUMNS, *WITHDREW_COLUMNS
        )
    )
    assert total == applicants.count()
    run = ImportRun.objects.get(organisation=southside)
    assert (run.status, run.summary["applicants_created"]) == ("done", seeded.applicants)
    assert JobFair.objects.filter(organisation=southside).count() == 4
    assert (
        JobFairInterest.objects.filter(job_fair__organisation=southside).count() == seeded.interests
    )
    assert WorkforceCount.objects.filter(organisation=southside).count() == seeded.workforce_rows
    events = ApplicationSessionEvent.objects.filter(organisation=southside)
    assert events.count() == seeded.session_events > 0
    assert events.filter(kind="submitted").exists()
    assert events.filter(kind="help_requested").exists()
    steps = OptionalStepOutcome.objects.filter(organisation=southside)
    assert steps.count() == seeded.step_outcomes > 0
    assert {"passed", "failed", "skipped"} <= set(steps.values_list("outcome", flat=True))
    benchmark = Benchmark.objects.get(organisation=southside)
    assert "American Community Survey" in benchmark.source
    race = sum(s.share for s in benchmark.shares.filter(characteristic="race"))
    assert abs(race - 1) < 0.001


def test_it_shows_a_disparity_for_women_screened_in_the_skilled_trades(
    southside, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    seed_equity(southside, seed=7)
    trades = Applicant.objects.filter(
        organisation=southside, requisition__eeo4_category="skilled_craft", reached__gte=1
    )

    def rate(sex: str) -> float:
        qualified = trades.filter(sex=sex)
        return qualified.filter(reached__gte=2).count() / qualified.count()

    assert rate("female") / rate("male") < 0.8


def test_it_seeds_the_same_data_for_the_same_seed(southside, northside, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    seed_equity(southside, seed=3)
    seed_equity(northside, seed=3)

    def shape(organisation):
        return list(
            Applicant.objects.filter(organisation=organisation)
            .order_by("requisition__external_id", "external_id")
            .values_list(
                "requisition__external_id", "external_id", "eeo_category", "sex", "reached"
            )
        )

    assert shape(southside) == shape(northside)
