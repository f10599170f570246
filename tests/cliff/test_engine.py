"""The real tax-and-benefit model, through the one module that imports it.

Slow: importing PolicyEngine US takes about 30 s (much longer on a loaded machine), so the
tests share one import (a module-scoped fixture) and are few. Skipped when it is not
installed (`pip install -e '.[cliff]'`).
"""

import numpy as np
import pytest

from workbridge.cliff import engine
from workbridge.core.cliff import Household, Job, SweepSpec, find_cliffs

pytestmark = pytest.mark.skipif(
    not engine.available(), reason="policyengine-us is not installed (the cliff extra)"
)
YEAR = 2026
PARENT_OF_TWO = Household(adult_ages=(30,), child_ages=(3, 7))


@pytest.fixture(scope="module")
def curve():
    engine.warm_up()
    return engine.sweep(PARENT_OF_TWO, SweepSpec(40, False, 0.0, 40.0, 81), year=YEAR)


def test_it_sweeps_the_wage_in_one_simulation_and_finds_named_cliffs(curve):
    # the earnings follow the axis: $0 to $40 an hour at 40 hours a week
    assert curve.parts["earnings"][0] == 0
    assert curve.parts["earnings"][-1] == pytest.approx(40 * 40 * 52)
    cliffs = find_cliffs(curve)
    assert cliffs, "a parent of two in Cook County meets at least one cliff below $40"
    assert {c.cause for c in cliffs} <= {
        "tanf",
        "snap",
        "medicaid",
        "chip",
        "head_start",
        "school_meals",
        "aca_ptc",
        "wic",
        "eitc",
        "ctc",
        "il_eitc",
        "il_ctc",
        "ccap",
        "taxes",
        "other_benefits",
    }


def test_it_counts_health_coverage_and_head_start(curve):
    # Both are left out of the model's own net income unless the reform turns them on.
    assert curve.parts["medicaid"][0] > 0
    assert curve.parts["head_start"][0] > 0  # the three-year-old's place


def test_it_adds_illinois_child_care_assistance_when_costs_and_hours_are_given():
    home = Household(
        adult_ages=(30,),
        child_ages=(3, 7),
        childcare_monthly=1500,
        childcare_hours_weekly=40,
    )
    [(net, parts)] = engine.evaluate(home, [Job(15.0, 40, False)], year=YEAR)
    [(net_without, parts_without)] = engine.evaluate(
        PARENT_OF_TWO, [Job(15.0, 40, False)], year=YEAR
    )
    assert parts["ccap"] > 0
    assert parts_without["ccap"] == 0
    assert np.isfinite(net) and np.isfinite(net_without)


def test_it_gives_the_same_figure_for_a_point_as_the_sweep(curve):
    [(net, _parts)] = engine.evaluate(PARENT_OF_TWO, [Job(20.0, 40, False)], year=YEAR)
    assert net == pytest.approx(curve.at(20.0), abs=1.0)  # $20 is a sweep point
