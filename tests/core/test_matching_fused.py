"""The city-scale matcher: its bit-set prefilter rules out exactly the pairs the scalar check
does, and its fused loop finds the same top k, with the same scores, as the NumPy reference."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from tests.core.test_matching import random_case
from tests.core.test_matching_household import with_household, with_jobs
from tests.properties import examples
from workbridge.core import matching, matching_fused
from workbridge.core.matching import OpeningArrays, ParticipantArrays, Weights

SLOT_MASKS = st.integers(0, (1 << 28) - 1)


@st.composite
def cases(draw) -> tuple[ParticipantArrays, OpeningArrays]:
    """Small random participants and openings, with edge values every constraint can meet."""
    n = draw(st.integers(1, 12))
    m = draw(st.integers(1, 140))  # more than two words of openings
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    wages = np.array([0.0, 14.5, 15.0, 17.25, 20.0, 31.0], dtype=np.float32)
    places = np.array([0.0, 2.5, 7.0, 15.0, np.nan], dtype=np.float32)
    p = ParticipantArrays(
        availability=np.array(draw(st.lists(SLOT_MASKS, min_size=n, max_size=n)), np.uint32),
        limits=rng.integers(0, 256, n).astype(np.uint8),
        transport=rng.integers(0, 5, n).astype(np.uint8),
        max_commute=rng.choice([0, 10, 25, 45, 90], n).astype(np.float32),
        min_wage=rng.choice(wages, n),
        needs_fair_chance=rng.random(n) < 0.5,
        x_km=rng.choice(places, n),
        y_km=rng.choice(places, n),
        goals=np.full((n, 1), -1, dtype=np.int32),
        skills=sparse.csr_array((n, 3), dtype=np.uint8),
        loss_factors=np.zeros(n, dtype=np.uint8),
    )
    shifts = np.array(draw(st.lists(SLOT_MASKS, min_size=m, max_size=m)), dtype=np.uint32)
    shifts[rng.random(m) < 0.3] = 0
    o = OpeningArrays(
        shifts=shifts & rng.integers(0, 1 << 28, m, dtype=np.uint32),
        demands=(rng.integers(0, 64, m) & rng.integers(0, 64, m)).astype(np.uint8),
        wage=rng.choice(wages, m),
        fair_chance=rng.random(m) < 0.5,
        x_km=rng.choice(places, m),
        y_km=rng.choice(places, m),
        soc=np.full(m, -1, dtype=np.int32),
        quality=np.zeros(m, dtype=np.float32),
        benefits=np.zeros(m, dtype=np.uint8),
        schedule_stable=np.ones(m, dtype=bool),
        skills=sparse.csr_array((m, 3), dtype=np.uint8),
    )
    return p, o


@settings(max_examples=examples(60))
@given(cases())
def test_it_rules_out_exactly_the_pairs_the_scalar_check_rules_out(case):
    # given
    p, o = case
    rows, cols = np.meshgrid(np.arange(len(p)), np.arange(len(o)), indexing="ij")
    # when
    bits = matching_fused.allowed(p, o, chunk=5)
    # then
    assert np.array_equal(bits, matching.hard_filter(p, o, rows, cols) == 0)


def test_it_finds_the_same_top_k_and_scores_as_the_reference():
    for seed in (1, 2, 3):
        # given: households, child-care needs and settings as well
        p, o = random_case(seed)
        rng = np.random.default_rng(seed)
        p = with_household(
            p,
            household=rng.integers(0, len(matching.HOUSEHOLD_KEYS), len(p)),
            childcare=rng.integers(0, 3, len(p)),
            environments=rng.integers(0, 256, len(p)),
        )
        o = with_jobs(
            o,
            quality_by_household=rng.uniform(0, 100, (len(o), len(matching.HOUSEHOLD_KEYS))),
            environment=rng.integers(-1, 8, len(o)).astype(np.int8),
        )
        # when
        reference = matching.top_k(p, o, Weights(), k=7)
        fused = matching_fused.top_k(p, o, Weights(), k=7, chunk=33)
        # then
        assert np.array_equal(fused.openings, reference.openings)
        assert np.array_equal(fused.scores, reference.scores)
        assert np.array_equal(fused.feasible, reference.feasible)


def test_it_returns_empty_rows_when_nothing_is_open():
    # given
    p, o = random_case(1, n=3, m=2)
    none = OpeningArrays(**{
        name: (getattr(o, name)[:0] if name != "quality_by_household" else np.zeros((0, 0)))
        for name in o.__dataclass_fields__
    })  # fmt: skip
    # when
    found = matching_fused.top_k(p, none, Weights(), k=2)
    # then
    assert found.openings.tolist() == [[-1, -1]] * 3
    assert found.feasible.tolist() == [0, 0, 0]
