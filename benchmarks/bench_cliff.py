"""A 50-point wage sweep for one household, against 50 separate simulations, same run.

The household: one adult, two children (3 and 7), in Cook County, $1,100 rent; the sweep:
$0 to $40 an hour at 40 hours a week, 50 points, under the federal and Illinois rules the
app uses (health coverage and Head Start counted, Illinois child-care assistance added).

- Importing the model, once (printed: the worker pays it once, a request never).
- The sweep cold: one vectorised simulation with a wage axis, computed and stored in the
  results table (the model already imported), median of a few runs each with a new rent so
  that nothing is cached.
- The sweep warm: the same question again, answered from the results table, median of 20.
- The baseline: 50 separate simulations, one per wage, as a loop would compute them.
  Target: warm at least 10× faster than the baseline (the cold sweep's speed-up is printed).

Skipped, with the reason printed, when policyengine-us is not installed (`.[cliff]`).
"""

import time
from dataclasses import asdict

from django.core.management import call_command

from benchmarks.harness import Result, informational, median_ms

POINTS = 50
MIN_SPEED_UP = 10.0
YEAR = 2026


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    from workbridge.cliff import engine as model
    from workbridge.cliff.work import sweep_cached
    from workbridge.core.cliff import Household, Job, SweepSpec

    def label(name: str) -> str:
        return f"{name} ({engine})"

    if not model.available():
        return [
            informational(
                label("cliff sweep"), 0, "", note="skipped: policyengine-us is not installed"
            )
        ]
    call_command("migrate", verbosity=0, interactive=False)
    points = 10 if quick else POINTS
    started = time.perf_counter()
    model.warm_up()
    results = [informational(label("importing the model"), time.perf_counter() - started, "s")]
    spec = SweepSpec(40, False, 0.0, 40.0, points)

    def household(rent: int) -> Household:
        return Household(adult_ages=(31,), child_ages=(3, 7), rent_monthly=rent)

    # Warm the model's own caches with one sweep of another household.
    model.sweep(household(1), spec, year=YEAR)
    cold_times = []
    for n in range(1 if quick else 3):
        started = time.perf_counter()
        sweep_cached(household(1100 + n), asdict(spec), YEAR)
        cold_times.append((time.perf_counter() - started) * 1000)
    cold = sorted(cold_times)[len(cold_times) // 2]
    warm = median_ms(lambda: sweep_cached(household(1100), asdict(spec), YEAR), repeat=20)

    def one_by_one() -> None:
        home = household(1100)
        for wage in spec.wages().tolist():
            model.evaluate(home, [Job(wage, 40, False)], year=YEAR)

    started = time.perf_counter()
    one_by_one()
    baseline = (time.perf_counter() - started) * 1000
    results.append(
        informational(
            label(f"{points}-point sweep, cold (one simulation, stored)"),
            cold,
            "ms",
            note=f"{baseline / cold:.1f}× faster than {points} separate simulations",
        )
    )
    speed_up = baseline / warm if warm else float("inf")
    results.append(
        Result(
            name=label(f"{points}-point sweep, warm (from the results table)"),
            value=round(warm, 3),
            unit="ms",
            baseline=round(baseline, 3),
            ratio=round(1 / speed_up, 6) if speed_up else None,
            target=f"≥{MIN_SPEED_UP:g}× faster than {points} separate simulations",
            met=speed_up >= MIN_SPEED_UP,
        )
    )
    results.append(informational(label(f"{points} separate simulations"), baseline, "ms"))
    return results
