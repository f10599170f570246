"""Runs benchmark modules per database engine, and prints and stores what they measure.

A benchmark module offers ``run(*, engine: str, quick: bool, participants: int | None)
-> list[Result]`` and is listed in ``BENCHMARKS``. Django is set up for it in a child
process; for a module that uses the database, once per engine with ``DATABASE_URL`` naming
a fresh database of the module's own: a new SQLite file under ``var/bench/``, or the
PostgreSQL database ``workbridge_bench_<module>`` (dropped and created again, dropped when
done, and skipped, with the reason printed, when the server does not answer). A module
that needs no database runs once, as engine "none".

Each result is a named figure with its baseline, their ratio, the target and whether it
was met; ``var/bench/results.json`` keeps the latest result of every name, so modules run
on their own replace only their own figures."""

import argparse
import fcntl
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Benchmark:
    """A registered module; one that needs no database runs once, not once per engine."""

    module: str
    uses_database: bool = True


# Each later benchmark module adds itself here.
BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark("benchmarks.bench_caseload"),
    Benchmark("benchmarks.bench_matching", uses_database=False),
    Benchmark("benchmarks.bench_crm"),
    Benchmark("benchmarks.bench_equity_import"),
    Benchmark("benchmarks.bench_equity_report"),
    Benchmark("benchmarks.bench_surveys"),
    Benchmark("benchmarks.bench_load"),
    Benchmark("benchmarks.bench_workforce"),
    Benchmark("benchmarks.bench_impact"),
    Benchmark("benchmarks.bench_plans"),
    Benchmark("benchmarks.bench_stage_notices"),
    Benchmark("benchmarks.bench_cliff"),
    Benchmark("benchmarks.bench_equity_process"),
)

ENGINES: tuple[str, ...] = ("sqlite", "postgresql")
BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
RESULTS_FILE = BENCH_DIR / "results.json"
# A quick run is a smoke test: its small-scale figures never replace the real ones.
QUICK_RESULTS_FILE = BENCH_DIR / "results-quick.json"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/workbridge_bench"
)
FIELDS = ("name", "value", "unit", "baseline", "ratio", "target", "met")


@dataclass(frozen=True)
class Result:
    """One figure: a value, what it is compared with, and whether it met its target."""

    name: str
    value: float
    unit: str
    baseline: float | None
    ratio: float | None
    target: str
    met: bool | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def against_baseline(
    name: str, value: float, unit: str, *, baseline: float, max_ratio: float, baseline_name: str
) -> Result:
    """A figure judged as a multiple of a baseline (e.g. a page against the trivial page)."""
    ratio = value / baseline if baseline > 0 else float("inf")
    return Result(
        name=name,
        value=round(value, 3),
        unit=unit,
        baseline=round(baseline, 3),
        ratio=round(ratio, 2),
        target=f"≤{max_ratio:g}× {baseline_name}",
        met=ratio <= max_ratio,
    )


def at_most(name: str, value: float, unit: str, *, limit: float) -> Result:
    """A figure judged against an absolute ceiling (seconds, queries)."""
    return Result(
        name=name,
        value=round(value, 3),
        unit=unit,
        baseline=None,
        ratio=None,
        target=f"≤{limit:g} {unit}",
        met=value <= limit,
    )


def informational(name: str, value: float, unit: str, *, note: str = "") -> Result:
    """A figure with no target of its own (a baseline, a row count)."""
    return Result(
        name=name,
        value=round(value, 3),
        unit=unit,
        baseline=None,
        ratio=None,
        target=note,
        met=None,
    )


def median_ms(fn: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> float:
    """The median wall-clock time of ``fn`` in milliseconds, after a few warm-up calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def medians_ms(
    fns: Mapping[str, Callable[[], object]], *, repeat: int = 30, warmup: int = 3
) -> dict[str, float]:
    """The median wall-clock time of each of ``fns`` in milliseconds, measured in turns.

    Each round calls every function once, so a page and the baseline it is judged against
    share whatever else the machine is doing at that moment: a slow spell lengthens both
    rather than only whichever happened to run during it.
    """
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(found) for name, found in times.items()}


# Results file -----------------------------------------------------------------


def results_merge(existing: Sequence[dict[str, Any]], new: Iterable[Result]) -> list[dict]:
    """Existing results with any of the same name replaced by the new ones (new at the end)."""
    fresh = [r.as_dict() for r in new]
    names = {r["name"] for r in fresh}
    return [r for r in existing if r.get("name") not in names] + fresh


def results_write(new: Iterable[Result], path: Path = RESULTS_FILE) -> list[dict]:
    """Merge the new results into the JSON file (a list of result objects) and return it.

    The file is locked while it is read and written, so benchmark runs finishing at
    the same time both keep their figures."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        existing: list[dict] = []
        if path.exists():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                existing = loaded if isinstance(loaded, list) else []
            except json.JSONDecodeError:
                existing = []
        merged = results_merge(existing, new)
        path.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return merged


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def results_table(results: Iterable[Result]) -> str:
    """The results as an aligned text table, one figure a line."""
    rows = [FIELDS] + [tuple(_cell(getattr(r, f)) for f in FIELDS) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(FIELDS))]
    numeric = {1, 3, 4}
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(w) if i in numeric and n else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# Databases ----------------------------------------------------------------------


def _postgres_parts(url: str) -> tuple[str, str]:
    """(URL of the server's maintenance database, name of the benchmark database)."""
    base, _, dbname = url.rpartition("/")
    return f"{base}/postgres", dbname.split("?")[0]


def postgres_url_for(module: str, url: str = POSTGRES_URL) -> str:
    """The benchmark database for one module: its own, so modules can run side by side."""
    base, _, dbname = url.rpartition("/")
    name, sep, query = dbname.partition("?")
    return f"{base}/{name}_{module.rsplit('.', 1)[-1]}{sep}{query}"


def postgres_drop(url: str) -> None:
    """Drop a benchmark database once its module is done (they hold millions of rows)."""
    import psycopg

    admin_url, dbname = _postgres_parts(url)
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def postgres_fresh(url: str = POSTGRES_URL) -> str | None:
    """Drop and create the benchmark database; None when ready, else why it cannot be used."""
    try:
        import psycopg
    except ImportError as exc:
        return f"psycopg is not installed ({exc})"
    admin_url, dbname = _postgres_parts(url)
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{dbname}"')
    except Exception as exc:
        return f"PostgreSQL at {admin_url} is not reachable: {str(exc).strip()}"
    return None


def sqlite_fresh(module: str) -> str:
    """The URL of a new, empty SQLite file for one module."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"{module.rsplit('.', 1)[-1]}.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


# Running ------------------------------------------------------------------------


def run_module_in_child(
    module: str, engine: str, url: str, *, quick: bool, participants: int | None
) -> list[Result]:
    """Run one module's benchmarks in a child process set up for one database."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        command = [sys.executable, "-m", "benchmarks.harness", "--child", module, "--out", str(out)]
        command += ["--engines", engine]
        if quick:
            command.append("--quick")
        if participants is not None:
            command += ["--participants", str(participants)]
        env = {**os.environ, "DEBUG": "0"}
        if url:
            env["DATABASE_URL"] = url
        env.setdefault("DJANGO_SETTINGS_MODULE", "workbridge.settings")
        completed = subprocess.run(command, env=env, cwd=BASE_DIR, check=False)  # noqa: S603
        if completed.returncode != 0 or not out.exists():
            print(f"! {module} on {engine} failed (exit {completed.returncode})", flush=True)
            return []
        return [Result(**row) for row in json.loads(out.read_text(encoding="utf-8"))]


def _child(module: str, out: Path, engine: str, quick: bool, participants: int | None) -> int:
    import importlib

    import django

    django.setup()
    results = importlib.import_module(module).run(
        engine=engine, quick=quick, participants=participants
    )
    out.write_text(json.dumps([r.as_dict() for r in results]), encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small data (for a smoke test)")
    parser.add_argument("--participants", type=int, default=None, help="override the scale")
    parser.add_argument(
        "--engines", default=",".join(ENGINES), help="comma-separated: sqlite,postgresql"
    )
    parser.add_argument("--only", default="", help="run only modules whose name contains this text")
    parser.add_argument(
        "--out",
        default="",
        help=f"results file (default {RESULTS_FILE}; with --quick, {QUICK_RESULTS_FILE})",
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    out = Path(args.out or (QUICK_RESULTS_FILE if args.quick else RESULTS_FILE))
    if args.child:
        return _child(args.child, out, engines[0], args.quick, args.participants)

    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    collected: list[Result] = []
    for benchmark in BENCHMARKS:
        module = benchmark.module
        if args.only and args.only not in module:
            continue
        for engine in engines if benchmark.uses_database else ["none"]:
            url = os.environ.get("DATABASE_URL", "")
            if engine == "postgresql":
                url = postgres_url_for(module)
                reason = postgres_fresh(url)
                if reason is not None:
                    print(f"- {module} on PostgreSQL skipped: {reason}", flush=True)
                    continue
            elif engine == "sqlite":
                url = sqlite_fresh(module)
            print(f"- {module}{'' if engine == 'none' else ' on ' + engine} …", flush=True)
            results = run_module_in_child(
                module, engine, url, quick=args.quick, participants=args.participants
            )
            if engine == "postgresql":
                postgres_drop(url)
            print(results_table(results), flush=True)
            collected.extend(results)
    if not collected:
        print("No benchmark produced results.")
        return 1
    results_write(collected, out)
    print()
    print(results_table(collected))
    print(f"\nWritten to {out}")
    return 0 if all(r.met is not False for r in collected) else 2


if __name__ == "__main__":
    sys.exit(main())
