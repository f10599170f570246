"""The applicant-pool report: a job title's applicants against all applicants, or a
benchmark, with the exact binomial test as SciPy computes it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from scipy.stats import binomtest

from tests.equity.test_queries_flow import applicants_add, requisition_make
from workbridge.equity.models import Benchmark, BenchmarkShare
from workbridge.equity.reports_pool import applicant_pool_report
from workbridge.equity.services import flow_counts_refresh


@pytest.fixture
def pool(southside):
    # Clerk: 4 Black, 16 White; Driver: 16 Black, 4 White; pool 20 Black, 20 White
    clerk = requisition_make(southside, "C-1", year=2024, title="Clerk", dept="Finance")
    driver = requisition_make(southside, "D-1", year=2024, title="Driver", dept="Fleet")
    applicants_add(clerk, "black", "male", 0, 4)
    applicants_add(clerk, "white", "male", 2, 16)
    applicants_add(clerk, "not_disclosed", "", 0, 3)
    applicants_add(driver, "black", "female", 1, 16)
    applicants_add(driver, "white", "female", 0, 4)
    flow_counts_refresh(organisation=southside)
    return southside


def test_it_tests_a_job_titles_applicants_against_all_applicants(pool):
    # when
    report = applicant_pool_report(
        pool, year=2024, job_title="Clerk", characteristic="race", threshold=10
    )
    # then: 4 of 20 Black against a pool that is half Black
    [table] = report.tables
    label = "Black or African American"
    assert table.value(label, "Applicants") == 4
    assert table.value(label, "Share of the pool (%)") == 50.0
    assert table.value(label, "Expected applicants") == 10.0
    assert table.value(label, "Two-sided p") == pytest.approx(binomtest(4, 20, 0.5).pvalue)
    assert table.value(label, "Probability of as few or fewer") == pytest.approx(
        binomtest(4, 20, 0.5, alternative="less").pvalue
    )
    assert table.value(label, "Under-represented") == "Yes"
    assert table.value(label, "Shortfall") == 6
    assert "3 applicants whose answer is not known are left out of the comparison." in (
        report.notes
    )


def test_it_tests_against_a_benchmark_instead(pool):
    # given a benchmark 30% Black, 70% White
    benchmark = Benchmark.objects.create(organisation=pool, name="City", source="ACS", year=2023)
    BenchmarkShare.objects.create(
        benchmark=benchmark, characteristic="race", group="black", share=Decimal("0.3")
    )
    BenchmarkShare.objects.create(
        benchmark=benchmark, characteristic="race", group="white", share=Decimal("0.7")
    )
    # when
    report = applicant_pool_report(
        pool,
        year=2024,
        job_title="Driver",
        characteristic="race",
        benchmark=benchmark,
        threshold=10,
    )
    # then
    [table] = report.tables
    white = table.value("White", "Two-sided p")
    assert white == pytest.approx(binomtest(4, 20, 0.7).pvalue)


def test_the_analyst_reads_the_report_page(client, analyst, pool):
    # when
    client.force_login(analyst)
    response = client.get(reverse("equity:report", args=["applicant-pool"]), {"job_title": "Clerk"})
    # then
    assert response.status_code == 200
    text = response.content.decode()
    assert "Applicants for Clerk in 2024 against the pool" in text
