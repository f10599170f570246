"""Transitions between yearly rosters, rates by group, time to promotion and pay gaps,
against small worked examples and plain-Python recounts."""

import numpy as np
import pytest

from workbridge.core import mobility as m


def panel(rows):
    """rows: (snapshot, key, grade, pay, title, department)."""
    a = np.array(rows, dtype=float)
    return m.Panel(
        snapshot=a[:, 0].astype(np.int64),
        key=a[:, 1].astype(np.int64),
        grade=a[:, 2],
        pay=a[:, 3],
        title=a[:, 4].astype(np.int64),
        department=a[:, 5].astype(np.int64),
    )


NAN = float("nan")
# Three yearly rosters:
# 1 stays in grade 1 (same title), 2 is promoted 1 -> 2, 3 exits after year 0,
# 4 moves department in grade 1 (lateral), 5 is demoted 3 -> 2, 6 is hired in year 1,
# 7 leaves after year 0 and returns in year 2, 8 (no grade) changes title with 10% more pay.
EXAMPLE = [
    (0, 1, 1, 50, 1, 1),
    (1, 1, 1, 51, 1, 1),
    (2, 1, 1, 52, 1, 1),
    (0, 2, 1, 50, 1, 1),
    (1, 2, 2, 60, 2, 1),
    (2, 2, 2, 61, 2, 1),
    (0, 3, 1, 50, 1, 1),
    (0, 4, 1, 50, 1, 1),
    (1, 4, 1, 50, 1, 2),
    (2, 4, 1, 50, 1, 2),
    (0, 5, 3, 80, 3, 1),
    (1, 5, 2, 70, 2, 1),
    (2, 5, 2, 70, 2, 1),
    (1, 6, 1, 45, 1, 1),
    (2, 6, 1, 46, 1, 1),
    (0, 7, 1, 50, 1, 1),
    (2, 7, 1, 50, 1, 1),
    (0, 8, NAN, 100, 4, 1),
    (1, 8, NAN, 110, 5, 1),
    (2, 8, NAN, 104, 6, 1),
]


def kinds(found, period):
    chosen = found.period == period
    return sorted(m.KINDS[k] for k in found.kind[chosen])


def test_every_kind_of_transition_is_found_in_its_period():
    found = m.derive_transitions(panel(EXAMPLE))
    assert kinds(found, 1) == sorted(
        ["stay", "promotion", "exit", "lateral", "demotion", "hire", "exit", "promotion"]
    )
    # Year 2: 8's new title pays 5.5% less: a demotion; 7 returns.
    assert kinds(found, 2) == sorted(["stay", "stay", "stay", "stay", "stay", "return", "demotion"])


def test_rates_count_from_the_headcount_at_the_start_of_the_period():
    p = panel(EXAMPLE)
    found = m.derive_transitions(p)
    group = (p.key % 2).astype(np.int64)  # even keys group 0, odd keys group 1
    rates = m.group_rates(p, found, group, 2)
    # Year 0 roster: even 2, 4, 8 (3 people); odd 1, 3, 5, 7 (4 people).
    assert rates.headcount[1].tolist() == [3, 4]
    assert rates.promotions[1].tolist() == [2, 0]
    assert rates.exits[1].tolist() == [0, 2]
    assert rates.laterals[1].tolist() == [1, 0]
    assert rates.demotions[1].tolist() == [0, 1]
    assert rates.hires[1].tolist() == [1, 0]
    assert rates.rate(rates.promotions)[1].tolist() == pytest.approx([2 / 3, 0])
    assert np.isnan(rates.rate(rates.promotions)[0]).all()


def test_a_random_panel_matches_a_plain_recount():
    rng = np.random.default_rng(7)
    rows = []
    for key in range(400):
        grade = int(rng.integers(1, 5))
        for snap in range(5):
            if rng.random() < 0.2:
                continue
            grade += int(rng.choice([-1, 0, 0, 0, 1]))
            rows.append((snap, key, grade, 1000 * grade, grade, 1))
    p = panel(rows)
    found = m.derive_transitions(p)
    by_key = {}
    for snap, key, grade, *_rest in rows:
        by_key.setdefault(key, {})[snap] = grade
    expected = {k: 0 for k in m.KINDS}
    for years in by_key.values():
        for snap in range(1, 5):
            before, now = years.get(snap - 1), years.get(snap)
            if before is not None and now is not None:
                kind = "promotion" if now > before else "demotion" if now < before else "stay"
            elif before is not None:
                kind = "exit"
            elif now is not None:
                kind = "return" if any(s < snap - 1 for s in years) else "hire"
            else:
                continue
            expected[kind] += 1
    assert {k: found.count(i) for i, k in enumerate(m.KINDS)} == expected


def test_years_to_promotion_run_from_the_hire_date_or_the_first_roster():
    p = panel(EXAMPLE)
    found = m.derive_transitions(p)
    days = np.array([0, 365, 730], dtype=np.int64)
    hire = np.full(p.key.size, np.nan)
    hire[p.key == 2] = -365.25 * 3  # hired three years before the first roster
    rows_from, years = m.years_to_promotion(p, found, days, hire)
    got = dict(zip(p.key[rows_from].tolist(), years.tolist(), strict=True))
    assert got[2] == pytest.approx(3 + 365 / 365.25)
    assert got[8] == pytest.approx(365 / 365.25)  # from the first roster


def test_medians_by_cell_match_numpy():
    rng = np.random.default_rng(3)
    values = rng.normal(50_000, 9_000, 2_000)
    values[::17] = np.nan
    cell = rng.integers(0, 12, 2_000)
    medians, counts = m.grouped_median(values, cell, 13)
    for c in range(12):
        chosen = values[(cell == c) & ~np.isnan(values)]
        assert medians[c] == pytest.approx(np.median(chosen))
        assert counts[c] == chosen.size
    assert np.isnan(medians[12]) and counts[12] == 0


def test_pay_within_title_and_grade_compares_each_group_with_the_cell():
    title = np.array([0, 0, 0, 0, 1, 1])
    grade = np.array([2, 2, 2, 2, 1, 1])
    pay = np.array([100.0, 90.0, 80.0, 60.0, 40.0, 40.0])
    group = np.array([0, 0, 1, 1, 0, 1])
    gaps = m.pay_within_title_and_grade(title, grade, pay, group, 2)
    assert gaps.cell_of.tolist() == [[0, 2], [1, 1]]
    assert gaps.overall.tolist() == [85.0, 40.0]
    assert gaps.median[0].tolist() == [95.0, 70.0]
    assert gaps.ratio[0].tolist() == pytest.approx([95 / 85, 70 / 85])


def test_pipeline_counts_grade_by_group():
    found = m.pipeline(np.array([0, 1, 1, 2]), np.array([1, 0, 1, 1]), 3, 2)
    assert found.tolist() == [[0, 1], [1, 1], [0, 1]]
