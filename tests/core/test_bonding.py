"""Federal Bonding Program rules."""

from datetime import date

from workbridge.core.bonding import FACTS, Reason, bond_end, bonding_eligibility, valid_amount


def test_it_makes_a_justice_involved_person_with_a_w2_job_eligible():
    result = bonding_eligibility(justice_involved=True, w2_job=True)
    assert result.eligible is True
    assert result.reasons == (Reason.JUSTICE,)


def test_it_refuses_a_job_that_is_not_w2():
    assert bonding_eligibility(justice_involved=True, w2_job=False).eligible is False


def test_it_needs_a_barrier():
    assert bonding_eligibility(w2_job=True).eligible is False


def test_it_covers_six_months():
    assert bond_end(date(2025, 3, 1)) == date(2025, 8, 31)
    assert bond_end(date(2025, 8, 31)) == date(2026, 2, 28)
    assert FACTS.cost_to_employer == 0
    assert FACTS.standard_amount == 5000


def test_it_issues_bonds_in_5000_units_up_to_25000():
    assert valid_amount(5000) and valid_amount(25000)
    assert not valid_amount(7500)
    assert not valid_amount(30000)
