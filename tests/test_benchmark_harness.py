"""The benchmark harness: ratios, targets, the merged results file and the printed table."""

import importlib
import json

from benchmarks.harness import (
    BENCHMARKS,
    FIELDS,
    Result,
    against_baseline,
    at_most,
    informational,
    main,
    median_ms,
    medians_ms,
    postgres_url_for,
    results_table,
    results_write,
)


def test_it_judges_a_page_as_a_multiple_of_its_baseline():
    # when
    fast = against_baseline(
        "caseload page (sqlite)",
        12.0,
        "ms",
        baseline=4.0,
        max_ratio=5,
        baseline_name="trivial page",
    )
    slow = against_baseline(
        "search (sqlite)", 30.0, "ms", baseline=4.0, max_ratio=5, baseline_name="trivial page"
    )
    # then
    assert fast == Result(
        name="caseload page (sqlite)",
        value=12.0,
        unit="ms",
        baseline=4.0,
        ratio=3.0,
        target="≤5× trivial page",
        met=True,
    )
    assert (slow.ratio, slow.met) == (7.5, False)


def test_it_judges_a_count_against_a_ceiling():
    # when
    within = at_most("caseload queries at 25 rows (sqlite)", 15, "queries", limit=15)
    over = at_most("seed 200,000 participants (sqlite)", 130.4, "s", limit=120)
    # then
    assert (within.met, within.target, within.ratio, within.baseline) == (
        True,
        "≤15 queries",
        None,
        None,
    )
    assert (over.met, over.target) == (False, "≤120 s")


def test_it_takes_the_median_after_warming_up():
    # given
    calls = []
    # when
    value = median_ms(lambda: calls.append(1), repeat=5, warmup=2)
    # then
    assert len(calls) == 7
    assert value >= 0


def test_it_times_pages_in_turns_so_each_shares_the_machine_with_its_baseline():
    # given
    calls = []
    fns = {"baseline": lambda: calls.append("b"), "page": lambda: calls.append("p")}
    # when
    values = medians_ms(fns, repeat=3, warmup=1)
    # then
    assert calls == ["b", "p"] * 4
    assert set(values) == {"baseline", "page"}
    assert all(value >= 0 for value in values.values())


def test_it_writes_every_result_with_the_same_fields(tmp_path):
    # given
    path = tmp_path / "bench" / "results.json"
    results = [
        informational("trivial page /healthz (sqlite)", 2.0, "ms", note="baseline"),
        against_baseline(
            "caseload page (sqlite)", 9.0, "ms", baseline=2.0, max_ratio=5, baseline_name="x"
        ),
    ]
    # when
    results_write(results, path)
    # then
    written = json.loads(path.read_text(encoding="utf-8"))
    assert [tuple(row) for row in written] == [FIELDS, FIELDS]
    assert written[1] == {
        "name": "caseload page (sqlite)",
        "value": 9.0,
        "unit": "ms",
        "baseline": 2.0,
        "ratio": 4.5,
        "target": "≤5× x",
        "met": True,
    }


def test_it_merges_with_other_modules_results_replacing_only_the_same_names(tmp_path):
    # given
    path = tmp_path / "results.json"
    results_write(
        [
            at_most("matching 50k × 10k (sqlite)", 3.0, "s", limit=10),
            at_most("caseload page: queries at 25 rows a page (sqlite)", 14, "queries", limit=15),
        ],
        path,
    )
    # when
    results_write(
        [at_most("caseload page: queries at 25 rows a page (sqlite)", 9, "queries", limit=15)],
        path,
    )
    # then
    written = json.loads(path.read_text(encoding="utf-8"))
    assert [(r["name"], r["value"]) for r in written] == [
        ("matching 50k × 10k (sqlite)", 3.0),
        ("caseload page: queries at 25 rows a page (sqlite)", 9),
    ]


def test_it_prints_one_line_per_result_with_a_header():
    # given
    results = [
        against_baseline("page (sqlite)", 10.0, "ms", baseline=2.0, max_ratio=5, baseline_name="t"),
        at_most("queries (sqlite)", 20, "queries", limit=15),
    ]
    # when
    lines = results_table(results).splitlines()
    # then
    assert lines[0].split() == list(FIELDS)
    assert len(lines) == 4
    assert lines[2].split()[-1] == "yes"
    assert lines[3].split()[-1] == "NO"


def test_it_registers_modules_that_offer_run():
    # when
    modules = [importlib.import_module(b.module) for b in BENCHMARKS]
    # then
    assert [b.module for b in BENCHMARKS][:1] == ["benchmarks.bench_caseload"]
    assert all(callable(getattr(m, "run", None)) for m in modules)


def test_it_says_so_when_no_benchmark_ran(tmp_path, capsys):
    # when
    status = main(["--only", "no such module", "--out", str(tmp_path / "r.json")])
    # then
    assert status == 1
    assert "No benchmark produced results." in capsys.readouterr().out
    assert not (tmp_path / "r.json").exists()


def test_each_module_gets_its_own_postgresql_database_so_runs_can_overlap():
    url = "postgres://postgres@127.0.0.1:5432/workbridge_bench?sslmode=disable"

    crm = postgres_url_for("benchmarks.bench_crm", url)
    caseload = postgres_url_for("benchmarks.bench_caseload", url)

    assert crm == "postgres://postgres@127.0.0.1:5432/workbridge_bench_bench_crm?sslmode=disable"
    assert caseload.endswith("/workbridge_bench_bench_caseload?sslmode=disable")
