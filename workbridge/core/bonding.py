"""Federal Bonding Program: who may be bonded, what an employer gets, and the bond's dates.

Sources:
- U.S. Department of Labor, Employment and Training Administration, "Federal Bonding
  Program" (https://www.dol.gov/agencies/eta/bonding) and the program's own site
  (https://bonds4jobs.com/): fidelity bonds are free to the employer and the employee, are
  issued in units of $5,000 (up to $25,000 on request), cover the first six months of
  employment, have no deductible, and insure the employer against theft, forgery, larceny
  or embezzlement by the bonded employee. Any job seeker whose background may keep an
  employer from hiring them is eligible: people with a record of arrest, conviction or
  incarceration, on parole or probation, in recovery from substance use, with poor credit
  or a bankruptcy, with a dishonourable military discharge, welfare or public-assistance
  recipients, and people who lack a work history. The job must pay wages with federal
  income tax withheld (W-2 employment, full or part time); self-employment cannot be
  bonded. The bond can start on the first day of work, or any day the job offer is made.
- ETA Training and Employment Notice No. 29-19 (2020) on the program's grants to states;
  states set up the bonds through their bonding coordinator (in Illinois, IDES).

Pure rules on plain values; no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

BOND_UNIT = 5000  # dollars of coverage per unit
STANDARD_AMOUNT = 5000
MAX_AMOUNT = 25000
COVERAGE_MONTHS = 6


class Reason(StrEnum):
    """The backgrounds the program names as barriers a bond answers."""

    JUSTICE = "justice"  # arrest, conviction, incarceration, parole or probation
    RECOVERY = "recovery"  # recovery from substance use
    CREDIT = "credit"  # poor credit or bankruptcy
    DISCHARGE = "discharge"  # dishonourable military discharge
    PUBLIC_ASSISTANCE = "public_assistance"  # welfare or public assistance
    NO_WORK_HISTORY = "no_work_history"  # lacking a work history


@dataclass(frozen=True)
class BondFacts:
    """What bonding means for the employer, as they ask it."""

    cost_to_employer: int = 0
    deductible: int = 0
    standard_amount: int = STANDARD_AMOUNT
    max_amount: int = MAX_AMOUNT
    coverage_months: int = COVERAGE_MONTHS


FACTS = BondFacts()


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[Reason, ...]
    w2_job: bool | None  # None: no job named yet


def bonding_eligibility(
    *,
    justice_involved: bool = False,
    in_recovery: bool = False,
    poor_credit: bool = False,
    dishonourable_discharge: bool = False,
    public_assistance: bool = False,
    no_work_history: bool = False,
    w2_job: bool | None = None,
) -> Eligibility:
    """Whether a bond may be issued: a barrier the program names, and a W-2 job (if known)."""
    reasons = tuple(
        reason
        for reason, present in (
            (Reason.JUSTICE, justice_involved),
            (Reason.RECOVERY, in_recovery),
            (Reason.CREDIT, poor_credit),
            (Reason.DISCHARGE, dishonourable_discharge),
            (Reason.PUBLIC_ASSISTANCE, public_assistance),
            (Reason.NO_WORK_HISTORY, no_work_history),
        )
        if present
    )
    return Eligibility(
        eligible=bool(reasons) and w2_job is not False, reasons=reasons, w2_job=w2_job
    )


def bond_end(starts_on: date) -> date:
    """The last day of cover: six calendar months after the start, less a day."""
    month = starts_on.month - 1 + COVERAGE_MONTHS
    year = starts_on.year + month // 12
    month = month % 12 + 1
    try:
        return date(year, month, starts_on.day) - timedelta(days=1)
    except ValueError:  # 31 August + 6 months: cover to the end of February
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def valid_amount(amount: int) -> bool:
    """Bonds come in $5,000 units, up to $25,000."""
    return 0 < amount <= MAX_AMOUNT and amount % BOND_UNIT == 0
