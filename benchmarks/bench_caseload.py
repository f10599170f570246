"""The caseload at city scale: seeding 200,000 participants, then the staff home page.

Measured as the demo coach (an ordinary caseload in an organisation of ~120,000
participants): the trivial page ``/about/`` as the baseline (the site's layout for a
signed-in user, with no query of its own: what every page costs before its own work),
the caseload page, and a search for a common last-name prefix across the whole
organisation. Each time is the median of 30 requests after warm-up, the three pages
requested in turns; the target is at most 5× the trivial page. Query counts are taken at
page sizes 25 and 100, with a target of at most 15 each, so the page's cost does not grow
with its size.
"""

import time

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from benchmarks.harness import Result, against_baseline, at_most, informational, medians_ms

FULL_PARTICIPANTS = 200_000
QUICK_PARTICIPANTS = 5_000
SEED_TARGET_SECONDS = 120
MAX_RATIO = 5
MAX_QUERIES = 15
PAGE_SIZES = (25, 100)
# A common last-name prefix in the demo data (García, Garza, Gardner, Garrett).
SEARCH = "Gar"


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    # Reading the content makes streaming and lazy responses do their work.
    _ = response.content


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    """Migrate, seed, then time the pages; ``engine`` labels each figure."""
    n = participants or (QUICK_PARTICIPANTS if quick else FULL_PARTICIPANTS)
    call_command("migrate", verbosity=0, interactive=False)

    started, cpu_started = time.perf_counter(), time.process_time()
    call_command("seed_demo", participants=n, seed=42, verbosity=0)
    seed_seconds = time.perf_counter() - started
    seed_cpu = time.process_time() - cpu_started
    # Fresh statistics, as a production database would have, for the query planner.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from workbridge.accounts.models import User

    coach = User.objects.get(username="coach")
    client = Client()
    client.force_login(coach)
    trivial = reverse("about")
    caseload = reverse("people:caseload")
    pages = {
        "caseload page": caseload,
        f"search '{SEARCH}' across the organisation": f"{caseload}?q={SEARCH}&who=everyone",
    }

    def label(name: str) -> str:
        return f"{name} ({engine})"

    results = [
        at_most(label(f"seed {n:,} participants"), seed_seconds, "s", limit=SEED_TARGET_SECONDS)
        if n >= FULL_PARTICIPANTS
        else informational(
            label(f"seed {n:,} participants"),
            seed_seconds,
            "s",
            note=f"≤{SEED_TARGET_SECONDS} s at {FULL_PARTICIPANTS:,}",
        )
    ]
    results.append(
        informational(
            label(f"seed {n:,} participants: processor time here"),
            seed_cpu,
            "s",
            note=(
                "all the work on SQLite; below the wall time when other work shares the cores"
                if engine == "sqlite"
                else "this process only: the server's work is not in it"
            ),
        )
    )
    # The baseline and the pages are timed in turns (see medians_ms).
    timed = medians_ms(
        {name: lambda url=url: _get(client, url) for name, url in [("", trivial), *pages.items()]}
    )
    baseline = timed.pop("")
    results.append(informational(label("trivial page /about/"), baseline, "ms", note="baseline"))
    for name, value in timed.items():
        results.append(
            against_baseline(
                label(name),
                value,
                "ms",
                baseline=baseline,
                max_ratio=MAX_RATIO,
                baseline_name="trivial page",
            )
        )
    for size in PAGE_SIZES:
        with override_settings(WORKBRIDGE_PAGE_SIZE=size):
            for name, url in pages.items():
                _get(client, url)  # warm caches outside the count
                with CaptureQueriesContext(connection) as queries:
                    _get(client, url)
                results.append(
                    at_most(
                        label(f"{name}: queries at {size} rows a page"),
                        len(queries),
                        "queries",
                        limit=MAX_QUERIES,
                    )
                )
    return results


if __name__ == "__main__":
    import sys

    from benchmarks.harness import main

    sys.exit(main(["--only", "bench_caseload", *sys.argv[1:]]))
