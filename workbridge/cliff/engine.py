"""The one door to the tax-and-benefit model (PolicyEngine US): nothing else imports it.

PolicyEngine US is large (importing it takes about 30 s and 0.8 GB) and AGPL-licensed, so it
is an optional extra (`pip install -e '.[cliff]'`), imported only here and only by the task
worker, which keeps it imported between tasks; a web request never calls `sweep` or
`evaluate`, it only asks `available()`, which looks for the package without importing it.

What the figures include (checked against policyengine-us 2.68.0): the model's household net
income is market income, plus benefits, plus refundable credits, less taxes. By default it
leaves out health coverage (Medicaid, CHIP, ACA premium tax credits) and Head Start; a reform
built once here turns both on. Illinois child-care assistance (`il_ccap`, monthly) is
modelled but not counted in net income for 2026, so it is added here; it is 0 unless the
household's child-care costs before any subsidy and each child's hours and days in care are
given, and giving child-care costs also changes SNAP (they are a deduction). A benefit the
model does not count (housing assistance has no Illinois rules in it) is not in the figures.

The interface takes and gives `workbridge.core.cliff` dataclasses: `sweep` (one vectorised
simulation over a wage axis) and `evaluate` (several jobs at once, one household copy each,
in one simulation).
"""

import importlib.util
import threading
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from typing import Any

import numpy as np

from workbridge.core.cliff import WEEKS_PER_YEAR, Curve, Household, Job, SweepSpec

PACKAGE = "policyengine_us"
DISTRIBUTION = "policyengine-us"
# Parameters that put health coverage and Head Start into household net income.
REFORM = {
    "gov.simulation.include_health_benefits_in_net_income": True,
    "gov.simulation.include_head_start_benefits_in_net_income": True,
}
CHILD_CARE_DAYS_A_WEEK = 5
# il_ccap needs, per child under 13: childcare_hours_per_day (picks a part or full day rate),
# childcare_attending_days_per_month (the monthly maximum is the daily rate times these days;
# left out it is 0, and so is il_ccap), and the SPM unit's pre-subsidy child-care costs
# (shared among the children). All three are yearly inputs; an int for the days.
CHILD_CARE_DAYS_A_MONTH = round(CHILD_CARE_DAYS_A_WEEK * WEEKS_PER_YEAR / 12)

# Each part and the model's variables that make it, summed over the household (a year).
# Taxes are before refundable credits; the nonrefundable credits are already in them.
PART_VARIABLES: dict[str, tuple[str, ...]] = {
    "earnings": ("employment_income",),
    "taxes": ("household_tax_before_refundable_credits",),  # negated
    "eitc": ("eitc",),
    "ctc": ("refundable_ctc",),
    "il_eitc": ("il_eitc",),
    "il_ctc": ("il_ctc",),
    "snap": ("snap",),
    "wic": ("wic",),
    "school_meals": ("free_school_meals", "reduced_price_school_meals"),
    "tanf": ("tanf",),
    "medicaid": ("medicaid_cost",),
    "chip": ("chip",),
    "aca_ptc": ("aca_ptc",),
    "head_start": ("head_start", "early_head_start"),
}
NET_VARIABLE = "household_net_income"
CCAP_VARIABLE = "il_ccap"  # monthly, not in net income: added as the "ccap" part


class EngineMissing(RuntimeError):
    """The model is not installed in this environment."""


def available() -> bool:
    """Whether the model is installed (found, not imported: this is cheap)."""
    return importlib.util.find_spec(PACKAGE) is not None


def model_version() -> str:
    """The installed model's version, part of every cached result's key; "" when missing."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return ""


_lock = threading.Lock()


@cache
def _model() -> tuple[Any, Any]:
    """The Simulation class and the reformed rules, imported and built once per process.

    The rules are built here, not by each simulation: a simulation given a reform builds the
    whole tax-benefit system again (about 30 s), while one given the built system starts at
    once.
    """
    if not available():
        raise EngineMissing("policyengine-us is not installed")
    with _lock:
        from policyengine_core.reforms import Reform
        from policyengine_us import Simulation
        from policyengine_us.system import CountryTaxBenefitSystem

        reform = Reform.from_dict(
            {name: {"2000-01-01.2100-12-31": value} for name, value in REFORM.items()},
            country_id="us",
        )
        system = CountryTaxBenefitSystem(reform=reform)
    return Simulation, system


def warm_up() -> None:
    """Import the model now (the worker does this once, so the first task is not slow)."""
    _model()


def _situation(
    household: Household, jobs: Sequence[Job], year: int, *, axis: SweepSpec | None = None
) -> dict[str, Any]:
    """The model's situation: one copy of the household per job (or one copy and a wage axis)."""
    y = str(year)
    people: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {
        "families": {},
        "marital_units": {},
        "tax_units": {},
        "spm_units": {},
        "households": {},
    }
    copies = jobs if axis is None else [Job(0.0, axis.hours_per_week, axis.employer_health)]
    in_care = [age for age in household.child_ages if age < 13]
    for n, job in enumerate(copies):
        members: list[str] = []
        adults = len(household.adult_ages)
        for a, age in enumerate(household.adult_ages):
            name = f"adult{a}_{n}"
            person: dict[str, Any] = {"age": {y: age}}
            if a == 0:
                person["employment_income"] = {y: job.yearly_earnings}
                person["weekly_hours_worked"] = {y: job.hours_per_week}
                person["has_esi"] = {y: job.employer_health}
                person["offered_aca_disqualifying_esi"] = {y: job.employer_health}
                if household.rent_monthly:
                    person["pre_subsidy_rent"] = {y: household.rent_monthly * 12}
            else:
                person["employment_income"] = {
                    y: household.other_earnings_yearly / max(adults - 1, 1)
                }
            people[name] = person
            members.append(name)
        for c, age in enumerate(household.child_ages):
            name = f"child{c}_{n}"
            child: dict[str, Any] = {"age": {y: age}, "is_tax_unit_dependent": {y: True}}
            if age < 13 and household.childcare_hours_weekly:
                child["childcare_days_per_week"] = {y: CHILD_CARE_DAYS_A_WEEK}
                child["childcare_attending_days_per_month"] = {y: CHILD_CARE_DAYS_A_MONTH}
                child["childcare_hours_per_day"] = {
                    y: household.childcare_hours_weekly / CHILD_CARE_DAYS_A_WEEK
                }
            people[name] = child
            members.append(name)
        groups["families"][f"family_{n}"] = {"members": members}
        groups["tax_units"][f"tax_unit_{n}"] = {"members": members}
        spm: dict[str, Any] = {"members": members}
        if household.childcare_monthly and in_care:
            spm["spm_unit_pre_subsidy_childcare_expenses"] = {y: household.childcare_monthly * 12}
        groups["spm_units"][f"spm_unit_{n}"] = spm
        groups["households"][f"household_{n}"] = {
            "members": members,
            "state_code": {y: household.state},
            "county_fips": {y: household.county_fips},
        }
        # Adults as one married couple when there are two, everyone else on their own.
        adult_names = [m for m in members if m.startswith("adult")]
        if len(adult_names) == 2:
            groups["marital_units"][f"couple_{n}"] = {"members": adult_names}
            singles = [m for m in members if m not in adult_names]
        else:
            singles = members
        for m in singles:
            groups["marital_units"][f"mu_{m}"] = {"members": [m]}
    situation: dict[str, Any] = {"people": people, **groups}
    if axis is not None:
        # The first adult's yearly earnings over the sweep's wages at its hours a week.
        yearly = axis.hours_per_week * WEEKS_PER_YEAR
        situation["axes"] = [
            [
                {
                    "name": "employment_income",
                    "count": axis.points,
                    "min": axis.wage_min * yearly,
                    "max": axis.wage_max * yearly,
                    "period": y,
                    "index": 0,
                }
            ]
        ]
    return situation


def _parts(simulation: Any, year: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Net resources and each part, one value per household copy (or axis point)."""
    y = str(year)

    def household_sum(variable: str) -> np.ndarray:
        return np.asarray(simulation.calculate(variable, y, map_to="household"), dtype=float)

    parts: dict[str, np.ndarray] = {}
    for key, variables in PART_VARIABLES.items():
        total = sum(household_sum(v) for v in variables)
        parts[key] = -total if key == "taxes" else total
    ccap = np.asarray(
        simulation.calculate_add(CCAP_VARIABLE, y), dtype=float
    )  # SPM unit = household here
    parts["ccap"] = ccap
    net = household_sum(NET_VARIABLE) + ccap
    known = sum(parts.values())
    parts["other_benefits"] = net - known  # other income, credits and benefits, net
    return net, parts


def sweep(household: Household, spec: SweepSpec, *, year: int) -> Curve:
    """Net resources and parts over the sweep's wages: one simulation with a wage axis."""
    simulation_class, system = _model()
    simulation = simulation_class(
        situation=_situation(household, [], year, axis=spec), tax_benefit_system=system
    )
    net, parts = _parts(simulation, year)
    return Curve(spec.wages(), net, parts)


def evaluate(
    household: Household, jobs: Sequence[Job], *, year: int
) -> list[tuple[float, dict[str, float]]]:
    """Net resources and parts for each job: one simulation, one household copy per job."""
    if not jobs:
        return []
    simulation_class, system = _model()
    simulation = simulation_class(
        situation=_situation(household, jobs, year), tax_benefit_system=system
    )
    net, parts = _parts(simulation, year)
    return [
        (float(net[n]), {key: float(values[n]) for key, values in parts.items()})
        for n in range(len(jobs))
    ]
