"""The matching engine: hard constraints with reasons, soft scores, top k and explanations."""

import numpy as np
import pytest
from scipy import sparse

from workbridge.core import matching
from workbridge.core.matching import (
    COMMUTE,
    FAIR_CHANCE,
    PHYSICAL,
    SHIFTS,
    WAGE,
    OpeningArrays,
    ParticipantArrays,
    Weights,
    bits_of,
    explain,
    hard_filter,
    reason_keys,
    score_pairs,
    soc_code,
    top_k,
)

MON_DAY = 1 << (4 * 0 + 1)
MON_EVENING = 1 << (4 * 0 + 2)
WEEKDAY_DAYS = sum(1 << (4 * d + 1) for d in range(5))
ALL_SHIFTS = (1 << 28) - 1
SKILLS = 10
# Where commute is not what a test is about: every pair here is 1 km apart at least.
NO_COMMUTE = Weights(commute=0.0)


def _skills(rows: list[list[int]]) -> sparse.csr_array:
    matrix = sparse.lil_array((len(rows), SKILLS), dtype=np.uint8)
    for i, cols in enumerate(rows):
        for col in cols:
            matrix[i, col] = 1
    return sparse.csr_array(matrix)


def people(*rows: dict) -> ParticipantArrays:
    """Participants from dicts; anything not given passes every constraint."""
    base = {
        "availability": ALL_SHIFTS,
        "limits": [],
        "transport": "transit",
        "max_commute": 60,
        "min_wage": 0.0,
        "fair": False,
        "xy": (0.0, 0.0),
        "goals": [],
        "skills": [],
        "losses": [],
    }
    rows = [{**base, **row} for row in rows]
    goals = np.full((len(rows), 3), -1, dtype=np.int32)
    for i, row in enumerate(rows):
        for g, code in enumerate(row["goals"]):
            goals[i, g] = soc_code(code)
    return ParticipantArrays(
        availability=np.array([r["availability"] for r in rows], dtype=np.uint32),
        limits=np.array(
            [bits_of(r["limits"], matching.PHYSICAL_KEYS) for r in rows], dtype=np.uint8
        ),
        transport=np.array(
            [matching.TRANSPORT_MODES.index(r["transport"]) for r in rows], dtype=np.uint8
        ),
        max_commute=np.array([r["max_commute"] for r in rows], dtype=np.float32),
        min_wage=np.array([r["min_wage"] for r in rows], dtype=np.float32),
        needs_fair_chance=np.array([r["fair"] for r in rows], dtype=bool),
        x_km=np.array([r["xy"][0] for r in rows], dtype=np.float32),
        y_km=np.array([r["xy"][1] for r in rows], dtype=np.float32),
        goals=goals,
        skills=_skills([r["skills"] for r in rows]),
        loss_factors=np.array(
            [bits_of(r["losses"], matching.LOSS_FACTOR_KEYS) for r in rows], dtype=np.uint8
        ),
    )


def jobs(*rows: dict) -> OpeningArrays:
    """Openings from dicts; anything not given excludes no one and adds no points."""
    base = {
        "shifts": MON_DAY,
        "demands": [],
        "wage": 20.0,
        "fair": True,
        "xy": (0.0, 0.0),
        "soc": "",
        "quality": 0.0,
        "benefits": [],
        "stable": True,
        "skills": [],
        "positions": 1,
    }
    rows = [{**base, **row} for row in rows]
    return OpeningArrays(
        shifts=np.array([r["shifts"] for r in rows], dtype=np.uint32),
        demands=np.array(
            [bits_of(r["demands"], matching.PHYSICAL_KEYS) for r in rows], dtype=np.uint8
        ),
        wage=np.array([r["wage"] for r in rows], dtype=np.float32),
        fair_chance=np.array([r["fair"] for r in rows], dtype=bool),
        x_km=np.array([r["xy"][0] for r in rows], dtype=np.float32),
        y_km=np.array([r["xy"][1] for r in rows], dtype=np.float32),
        soc=np.array([soc_code(r["soc"]) for r in rows], dtype=np.int32),
        quality=np.array([r["quality"] for r in rows], dtype=np.float32),
        benefits=np.array(
            [bits_of(r["benefits"], matching.BENEFIT_KEYS) for r in rows], dtype=np.uint8
        ),
        schedule_stable=np.array([r["stable"] for r in rows], dtype=bool),
        skills=_skills([r["skills"] for r in rows]),
        positions=np.array([r["positions"] for r in rows], dtype=np.int32),
    )


def random_case(seed: int, n: int = 150, m: int = 90) -> tuple[ParticipantArrays, OpeningArrays]:
    """Random participants and openings, some with unknown places and no skills or goals."""
    rng = np.random.default_rng(seed)
    codes = np.array([352014, 352012, 352021, 353011, 372011, 533032, 533033, 119051])
    goals = rng.choice(codes, size=(n, 2)).astype(np.int32)
    goals[rng.random((n, 2)) < 0.4] = -1
    px, py = rng.uniform(0, 20, n).astype(np.float32), rng.uniform(0, 20, n).astype(np.float32)
    px[rng.random(n) < 0.05] = np.nan
    ox, oy = rng.integers(0, 6, m) * 4.0, rng.integers(0, 6, m) * 4.0
    ox[rng.random(m) < 0.05] = np.nan
    p = ParticipantArrays(
        availability=rng.integers(0, 1 << 28, n, dtype=np.uint32) | np.uint32(WEEKDAY_DAYS),
        limits=(rng.integers(0, 64, n) & rng.integers(0, 64, n)).astype(np.uint8),
        transport=rng.integers(0, 5, n).astype(np.uint8),
        max_commute=rng.choice([30, 45, 60, 90], n).astype(np.float32),
        min_wage=rng.choice([0, 15, 17.5, 20], n).astype(np.float32),
        needs_fair_chance=rng.random(n) < 0.3,
        x_km=px,
        y_km=py,
        goals=goals,
        skills=sparse.random_array((n, SKILLS), density=0.3, rng=rng, format="csr"),
        loss_factors=rng.integers(0, 128, n).astype(np.uint8),
    )
    o = OpeningArrays(
        shifts=rng.choice([0, MON_DAY, WEEKDAY_DAYS, MON_EVENING | MON_DAY], m).astype(np.uint32),
        demands=(rng.integers(0, 64, m) & rng.integers(0, 64, m)).astype(np.uint8),
        wage=rng.choice([15, 17.5, 20, 25], m).astype(np.float32),
        fair_chance=rng.random(m) < 0.5,
        x_km=ox.astype(np.float32),
        y_km=oy.astype(np.float32),
        soc=rng.choice(codes, m).astype(np.int32),
        quality=rng.integers(0, 5, m).astype(np.float32) * 20,
        benefits=rng.integers(0, 8, m).astype(np.uint8),
        schedule_stable=rng.random(m) < 0.5,
        skills=sparse.random_array((m, SKILLS), density=0.25, rng=rng, format="csr"),
    )
    return p, o


def test_it_lets_a_pair_through_when_every_constraint_holds():
    # given
    p, o = people({}), jobs({})
    # when
    reasons = hard_filter(p, o, [0], [0])
    # then
    assert reasons.tolist() == [0]
    assert explain(p, o, Weights(), 0, 0).excluded_by == ()


@pytest.mark.parametrize(
    ("participant", "opening", "bit", "key"),
    [
        ({"availability": WEEKDAY_DAYS}, {"shifts": MON_DAY | MON_EVENING}, SHIFTS, "shifts"),
        ({"limits": ["lifting"]}, {"demands": ["standing", "lifting"]}, PHYSICAL, "physical"),
        ({"transport": "walk", "max_commute": 30}, {"xy": (3.0, 0.0)}, COMMUTE, "commute"),
        ({"min_wage": 18.5}, {"wage": 18.25}, WAGE, "wage"),
        ({"fair": True}, {"fair": False}, FAIR_CHANCE, "fair_chance"),
    ],
)
def test_it_excludes_a_pair_failing_one_constraint_and_names_it(participant, opening, bit, key):
    # given
    p, o = people(participant), jobs(opening)
    # when
    reasons = int(hard_filter(p, o, [0], [0])[0])
    found = top_k(p, o, Weights(), k=3)
    # then
    assert reasons == bit
    assert reason_keys(reasons) == (key,)
    assert explain(p, o, Weights(), 0, 0).excluded_by == (key,)
    assert found.openings.tolist() == [[-1, -1, -1]]
    assert found.feasible.tolist() == [0]


def test_it_names_every_constraint_a_pair_fails():
    # given
    p = people({"availability": 0, "limits": ["outdoor"], "min_wage": 30.0, "fair": True})
    o = jobs({"demands": ["outdoor"], "fair": False, "xy": (50.0, 0.0)})
    # when
    keys = explain(p, o, Weights(), 0, 0).excluded_by
    # then
    assert keys == ("shifts", "physical", "commute", "wage", "fair_chance")


@pytest.mark.parametrize(("limit", "reasons"), [(13, 0), (12, COMMUTE)])
def test_it_allows_a_commute_of_exactly_the_limit(limit, reasons):
    # given: walking the 1 km minimum at 4.8 km/h takes 12.5 minutes, "about 13"
    p = people({"transport": "walk", "max_commute": limit})
    o = jobs({"xy": (0.5, 0.0)})
    # when
    found = hard_filter(p, o, [0], [0])
    # then
    assert float(matching.commute_minutes(p, o, [0], [0])[0]) == 13.0
    assert found.tolist() == [reasons]
    assert top_k(p, o, Weights(), k=1).feasible.tolist() == [0 if reasons else 1]


def test_it_allows_a_wage_of_exactly_the_lowest_acceptable():
    # given
    p = people({"min_wage": 18.25})
    o = jobs({"wage": 18.25})
    # when / then
    assert hard_filter(p, o, [0], [0]).tolist() == [0]
    assert top_k(p, o, Weights(), k=1).openings.tolist() == [[0]]


def test_it_does_not_exclude_for_an_unknown_place_and_gives_no_commute_points():
    # given
    p = people({"max_commute": 10})
    o = jobs({"xy": (np.nan, np.nan)})
    # when
    reasons = hard_filter(p, o, [0], [0])
    why = explain(p, o, Weights(), 0, 0)
    # then
    assert reasons.tolist() == [0]
    assert why.commute_minutes is None
    assert why.contributions["commute"] == 0.0


def test_it_scores_a_worked_example_exactly():
    # given: 5 km away (3-4-5) by transit: 6.5 km street distance, 10 + 60 × 6.5 / 16 minutes
    p = people({"goals": ["35-2014"], "skills": [1, 2, 9], "max_commute": 60})
    o = jobs(
        {
            "soc": "35-2014",
            "skills": [0, 1, 2, 3],
            "quality": 80.0,
            "benefits": ["health_insurance", "paid_leave"],
            "xy": (3.0, 4.0),
        }
    )
    minutes = 34  # 34.375, to the whole minute
    expected = {
        "skills": 30 * 2 / 4,
        "career_goal": 25.0,
        "job_quality": 20 * 0.8,
        "commute": 15 * (1 - minutes / 60),
        "benefits": 10 * 0.8,
        "environment": 0.0,
        "childcare": 0.0,
    }
    # when
    why = explain(p, o, Weights(), 0, 0)
    score = float(score_pairs(p, o, Weights(), [0], [0])[0])
    found = top_k(p, o, Weights(), k=1)
    # then
    assert why.commute_minutes == 34.0
    assert why.contributions == pytest.approx(expected)
    assert why.score == pytest.approx(70.5)
    assert (why.skills_matched, why.skills_required, why.career_level) == (2, 4, "detailed")
    assert score == pytest.approx(70.5, abs=1e-4)
    assert found.openings.tolist() == [[0]]
    assert float(found.scores[0, 0]) == pytest.approx(70.5, abs=1e-4)


@pytest.mark.parametrize(
    ("job_soc", "level", "points"),
    [
        ("35-2014", "detailed", 25.0),
        ("35-2012", "broad", 18.75),
        ("35-2021", "minor", 12.5),
        ("35-3011", "major", 6.25),
        ("37-2011", None, 0.0),
        ("", None, 0.0),
    ],
)
def test_it_scores_career_goals_by_the_soc_hierarchy(job_soc, level, points):
    # given
    p = people({"goals": ["53-3032", "35-2014"]})
    o = jobs({"soc": job_soc})
    # when
    why = explain(p, o, NO_COMMUTE, 0, 0)
    score = float(score_pairs(p, o, NO_COMMUTE, [0], [0])[0])
    # then: the job lists no skills, so skills add nothing
    assert why.career_level == level
    assert why.contributions["career_goal"] == points
    assert why.contributions["skills"] == 0.0
    assert score == pytest.approx(points)


def test_it_takes_the_best_goal_and_counts_a_goal_at_a_group_level():
    # given: a goal written as the broad group 35-2010
    p = people({"goals": ["35-0000", "35-2010"]})
    o = jobs({"soc": "35-2014"}, {"soc": "35-9021"})
    # when
    levels = [explain(p, o, Weights(), 0, j).career_level for j in (0, 1)]
    # then
    assert levels == ["broad", "major"]


def test_it_takes_points_off_for_an_evening_job_after_losing_a_job_to_childcare():
    # given
    p = people({"losses": ["childcare"]}, {"losses": ["conflict"]})
    o = jobs({"shifts": MON_DAY}, {"shifts": MON_DAY | MON_EVENING})
    # when
    scores = score_pairs(p, o, NO_COMMUTE, [[0], [1]], [[0, 1]])
    why = explain(p, o, NO_COMMUTE, 0, 1)
    # then
    assert scores.tolist() == [[0.0, -15.0], [0.0, 0.0]]
    assert why.contributions["risk_childcare_shift"] == -15.0
    assert why.score == -15.0


def test_it_takes_points_off_for_a_long_commute_after_losing_a_job_to_transportation():
    # given: by car 20 km away is 5 + 60 × 26 / 30 = 57 minutes
    p = people({"transport": "car", "max_commute": 90, "losses": ["transportation"]})
    o = jobs({"xy": (0.0, 20.0)}, {"xy": (0.0, 1.0)})
    # when
    far, near = (explain(p, o, Weights(), 0, j) for j in (0, 1))
    # then
    assert far.commute_minutes == pytest.approx(57.0)
    assert far.contributions["risk_transportation_commute"] == -15.0
    assert "risk_transportation_commute" not in near.contributions


def test_it_takes_points_off_for_physical_work_and_unset_schedules_after_such_losses():
    # given
    p = people({"losses": ["health", "attendance"]})
    o = jobs({"demands": ["standing"], "stable": False})
    # when
    why = explain(p, o, Weights(commute=0.0, risk=10.0), 0, 0)
    # then
    assert why.contributions["risk_health_physical"] == -10.0
    assert why.contributions["risk_attendance_schedule"] == -10.0
    assert float(score_pairs(p, o, Weights(commute=0.0, risk=10.0), [0], [0])[0]) == pytest.approx(
        -20.0
    )


def test_it_uses_the_organisations_weights():
    # given
    p = people({"goals": ["35-2014"]})
    o = jobs({"soc": "35-2014", "quality": 50.0})
    weights = Weights(skills=0, career_goal=50, job_quality=10, commute=0, benefits=0)
    # when
    score = float(score_pairs(p, o, weights, [0], [0])[0])
    # then
    assert score == pytest.approx(55.0)


def test_it_ranks_best_first_and_breaks_ties_by_the_lower_opening():
    # given: openings 1, 3 and 4 tie; 2 is best; 0 is worst
    p = people({"goals": ["35-2014"]}, {"availability": 0})
    o = jobs(
        {"quality": 10.0},
        {"quality": 50.0},
        {"quality": 90.0},
        {"quality": 50.0},
        {"quality": 50.0},
    )
    # when
    found = top_k(p, o, NO_COMMUTE, k=3)
    single = top_k(p, o, NO_COMMUTE, k=3, chunk=1)
    # then
    assert found.openings.tolist() == [[2, 1, 3], [-1, -1, -1]]
    assert found.scores[0].tolist() == [18.0, 10.0, 10.0]
    assert np.isneginf(found.scores[1]).all()
    assert found.feasible.tolist() == [5, 0]
    assert np.array_equal(single.openings, found.openings)


def test_it_fills_short_rows_when_fewer_openings_pass_than_k():
    # given
    p = people({"min_wage": 19.0})
    o = jobs({"wage": 18.0}, {"wage": 19.0}, {"wage": 25.0, "quality": 10.0})
    # when
    found = top_k(p, o, Weights(), k=4)
    # then
    assert found.openings.tolist() == [[2, 1, -1, -1]]
    assert found.feasible.tolist() == [2]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_finds_the_same_top_k_as_scoring_every_allowed_pair(seed):
    # given
    p, o = random_case(seed)
    n, m, k = len(p), len(o), 7
    rows, cols = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
    allowed = hard_filter(p, o, rows, cols) == 0
    scores = score_pairs(p, o, Weights(), rows, cols)
    # when
    found = top_k(p, o, Weights(), k=k, chunk=16)
    # then
    assert found.feasible.tolist() == allowed.sum(axis=1).tolist()
    for i in range(n):
        ok = np.flatnonzero(allowed[i])
        order = np.lexsort((ok, -scores[i, ok]))[:k]
        expected = np.full(k, -1)
        expected[: len(order)] = ok[order]
        assert found.openings[i].tolist() == expected.tolist()
        assert found.scores[i, : len(order)].tolist() == scores[i, ok[order]].tolist()


def test_it_explains_every_pair_with_contributions_that_add_up_to_its_score():
    # given
    p, o = random_case(4, n=60, m=40)
    rows, cols = np.meshgrid(np.arange(60), np.arange(40), indexing="ij")
    scores = score_pairs(p, o, Weights(), rows, cols)
    reasons = hard_filter(p, o, rows, cols)
    # when / then
    for i in range(60):
        for j in range(40):
            why = explain(p, o, Weights(), i, j)
            assert sum(why.contributions.values()) == pytest.approx(why.score)
            assert why.score == pytest.approx(float(scores[i, j]), abs=1e-3)
            assert why.excluded_by == reason_keys(int(reasons[i, j]))


def test_it_finds_the_best_participants_for_an_opening():
    # given
    p = people(
        {"goals": ["35-2014"]},
        {"goals": ["35-2012"]},
        {"goals": ["35-2014"], "availability": 0},
        {"goals": ["35-2014"]},
    )
    o = jobs({"soc": "35-2014"})
    # when
    who, scores = matching.best_participants(p, o, NO_COMMUTE, 0, k=2)
    # then
    assert who.tolist() == [0, 3]
    assert scores.tolist() == [25.0, 25.0]


def test_an_opening_listing_no_skills_does_not_outrank_one_whose_skills_they_half_have():
    # given: the same job twice, once listing four skills of which they have two
    p = people({"skills": [1, 2]})
    o = jobs({"skills": []}, {"skills": [1, 2, 3, 4]})
    # when
    found = top_k(p, o, NO_COMMUTE, k=2)
    unlisted, half = (explain(p, o, NO_COMMUTE, 0, j) for j in (0, 1))
    # then: half the listed skills earns half the skill points; listing none earns none
    assert found.openings.tolist() == [[1, 0]]
    assert (half.contributions["skills"], unlisted.contributions["skills"]) == (15.0, 0.0)
    assert (unlisted.skills_matched, unlisted.skills_required) == (0, 0)


def test_a_commute_shown_as_about_the_limit_is_within_it():
    # given: by car, 5 + 60 × street km / 30 minutes; 42.65 street km is 90.3 minutes,
    # which staff see as "about 90", and 42.8 km is 90.6, "about 91"
    p = people({"transport": "car", "max_commute": 90})
    o = jobs({"xy": (0.0, 42.65 / 1.3)}, {"xy": (0.0, 42.8 / 1.3)})
    # when
    minutes = matching.commute_minutes(p, o, [0, 0], [0, 1]).tolist()
    reasons = hard_filter(p, o, [0, 0], [0, 1]).tolist()
    found = top_k(p, o, Weights(), k=2)
    # then: the first is within a 90-minute limit, the second is not
    assert minutes == [90.0, 91.0]
    assert reasons == [0, COMMUTE]
    assert found.openings.tolist() == [[0, -1]]


def test_it_refuses_arrays_of_different_lengths():
    # given
    o = jobs({})
    # when / then
    with pytest.raises(ValueError, match="wage"):
        OpeningArrays(**{**o.__dict__, "wage": np.zeros(2, dtype=np.float32)})


def test_it_converts_places_and_codes():
    # given / when
    x, y = matching.lonlat_to_km([-87.6, -87.7], [41.88, 41.88])
    # then
    assert float(x[0] - x[1]) == pytest.approx(8.28, abs=0.01)
    assert float(y[0]) == pytest.approx(41.88 * 111.2, rel=1e-6)
    assert soc_code("35-2014") == 352014
    assert soc_code("") == -1
    assert bits_of(["standing", "lifting", "unknown"], matching.PHYSICAL_KEYS) == 0b11
