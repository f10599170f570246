"""Matching that knows the household: job quality per household, child care, work settings."""

import numpy as np
import pytest

from tests.core.test_matching import MON_DAY, MON_EVENING, NO_COMMUTE, jobs, people
from workbridge.core import matching
from workbridge.core.job_quality import household_type
from workbridge.core.matching import (
    OpeningArrays,
    ParticipantArrays,
    Weights,
    childcare_shares,
    explain,
    score_pairs,
    top_k,
)

SAT_DAY = 1 << (4 * 5 + 1)


def with_household(p: ParticipantArrays, **arrays) -> ParticipantArrays:
    fields = {name: getattr(p, name) for name in p.__dataclass_fields__}
    fields.update({k: np.asarray(v, dtype=np.uint8) for k, v in arrays.items()})
    return ParticipantArrays(**fields)


def with_jobs(o: OpeningArrays, **arrays) -> OpeningArrays:
    fields = {name: getattr(o, name) for name in o.__dataclass_fields__}
    fields.update(arrays)
    return OpeningArrays(**fields)


@pytest.mark.parametrize(
    ("size", "ages", "expected"),
    [
        (1, [], "1a0c"),
        (2, [4], "1a1c"),
        (3, [4, 9], "1a2c"),
        (6, [1, 2, 3, 4, 5], "1a3c"),
        (2, [], "2a2w0c"),
        (4, [3, 16], "2a2w2c"),
        (3, [19], "2a2w0c"),  # a grown child is an adult
        (2, ["x", None, True], "2a2w0c"),  # not ages
        (1, [7, 8], "1a2c"),  # more children than the size says: still one adult
    ],
)
def test_it_names_the_household_type_of_the_living_wage_calculator(size, ages, expected):
    assert household_type(size, ages) == expected
    assert expected in matching.HOUSEHOLD_KEYS


def test_it_judges_job_quality_against_the_participants_own_household():
    # given: the job scores 80 for one adult and 50 for one adult with two children
    p = with_household(people({}, {}), household=[0, matching.HOUSEHOLD_KEYS.index("1a2c")])
    by_household = np.full((1, len(matching.HOUSEHOLD_KEYS)), 80.0, dtype=np.float32)
    by_household[0, matching.HOUSEHOLD_KEYS.index("1a2c")] = 50.0
    o = with_jobs(jobs({"quality": 80.0}), quality_by_household=by_household)
    # when
    single, parent = (explain(p, o, NO_COMMUTE, i, 0) for i in (0, 1))
    scores = score_pairs(p, o, NO_COMMUTE, [0, 1], [0, 0])
    # then
    assert single.contributions["job_quality"] == pytest.approx(16.0)
    assert parent.contributions["job_quality"] == pytest.approx(10.0)
    assert (single.household, parent.household) == ("1a0c", "1a2c")
    assert scores.tolist() == pytest.approx([16.0, 10.0])


@pytest.mark.parametrize(
    ("need", "shifts", "share"),
    [
        ("none", MON_EVENING, 0.0),
        ("daytime", MON_DAY, 0.0),
        ("daytime", MON_DAY | SAT_DAY, 0.5),
        ("daytime", MON_EVENING, 1.0),
        ("evenings", MON_DAY | MON_EVENING, 0.5),
        ("evenings", MON_DAY | SAT_DAY, 0.0),
        ("evenings", 0, 0.0),  # no shifts set: nothing to check
    ],
)
def test_it_takes_off_the_share_of_shifts_when_the_care_needed_is_scarce(need, shifts, share):
    # given
    p = with_household(people({}), childcare=[matching.CHILDCARE_NEED_KEYS.index(need)])
    o = jobs({"shifts": shifts})
    weights = Weights(commute=0.0, childcare=10.0)
    # when
    why = explain(p, o, weights, 0, 0)
    score = float(score_pairs(p, o, weights, [0], [0])[0])
    # then
    assert why.contributions["childcare"] == pytest.approx(-10.0 * share)
    assert score == pytest.approx(-10.0 * share)


def test_it_counts_clashing_shift_slots_for_each_need():
    # given: Mon day, Mon evening, Sat day
    o = jobs({"shifts": MON_DAY | MON_EVENING | SAT_DAY})
    # when
    shares = childcare_shares(o)[:, 0]
    # then: none 0; daytime: evening and Saturday clash (2 of 3); evenings: 1 of 3
    assert shares.tolist() == pytest.approx([0.0, 2 / 3, 1 / 3])


def test_it_gives_points_for_a_work_environment_they_prefer():
    # given
    kitchen = matching.ENVIRONMENT_KEYS.index("kitchen")
    office = matching.ENVIRONMENT_KEYS.index("office")
    p = with_household(people({}, {}), environments=[1 << kitchen, 0])
    o = with_jobs(jobs({}, {}, {}), environment=np.array([kitchen, office, -1], dtype=np.int8))
    weights = Weights(commute=0.0, environment=5.0)
    # when
    points = [
        [explain(p, o, weights, i, j).contributions["environment"] for j in range(3)]
        for i in range(2)
    ]
    found = top_k(p, o, weights, k=3)
    # then
    assert points == [[5.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert found.openings[0].tolist() == [0, 1, 2]
    assert found.scores[0].tolist() == [5.0, 0.0, 0.0]


def test_it_scores_the_same_household_factors_in_top_k_score_pairs_and_explain():
    # given: random households, needs, settings and qualities
    from tests.core.test_matching import random_case

    p, o = random_case(7, n=80, m=50)
    rng = np.random.default_rng(7)
    p = with_household(
        p,
        household=rng.integers(0, len(matching.HOUSEHOLD_KEYS), len(p)),
        childcare=rng.integers(0, 3, len(p)),
        environments=rng.integers(0, 256, len(p)),
    )
    o = with_jobs(
        o,
        quality_by_household=rng.uniform(0, 100, (len(o), len(matching.HOUSEHOLD_KEYS))).astype(
            np.float32
        ),
        environment=rng.integers(-1, 8, len(o)).astype(np.int8),
    )
    rows, cols = np.meshgrid(np.arange(len(p)), np.arange(len(o)), indexing="ij")
    allowed = matching.hard_filter(p, o, rows, cols) == 0
    scores = score_pairs(p, o, Weights(), rows, cols)
    # when
    found = top_k(p, o, Weights(), k=5, chunk=8)
    # then
    for i in range(len(p)):
        ok = np.flatnonzero(allowed[i])
        order = np.lexsort((ok, -scores[i, ok]))[:5]
        assert found.openings[i, : len(order)].tolist() == ok[order].tolist()
        for j in range(len(o)):
            why = explain(p, o, Weights(), i, j)
            assert why.score == pytest.approx(float(scores[i, j]), abs=1e-3)
