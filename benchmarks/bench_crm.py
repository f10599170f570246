"""The employer CRM at city scale: 20,000 employers and 1,000,000 interactions.

Measured as the demo job developer ("coach"), one of 25 owners: the trivial page
``/about/`` (the site's layout for a signed-in user, with no query of its own) as the
baseline, the follow-up queue and the employer list (first page, and a
name search). Each time is the median of 30 requests after warm-up; the target is at most
5× the trivial page. Query counts are taken for two owners whose queues differ in size,
with a target of at most 15 each and the same count for both, so a page's cost does not
grow with the data.
"""

import time

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.harness import Result, against_baseline, at_most, informational, median_ms

FULL = (20_000, 1_000_000)
QUICK = (1_000, 20_000)
OWNERS = 25
MAX_RATIO = 5
MAX_QUERIES = 15


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    _ = response.content


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    from workbridge.accounts.models import Organisation, Role, User
    from workbridge.accounts.services import user_create
    from workbridge.demo.employers import employers_seed

    employers, interactions = QUICK if quick else FULL
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", participants=participants or 500, seed=42, verbosity=0)
    organisation = Organisation.objects.get(slug="southside")
    coach = User.objects.get(username="coach")
    owners = [coach]
    for n in range(OWNERS - 1):
        owners.append(
            user_create(
                username=f"jobdev{n + 1}",
                password=None,
                organisation=organisation,
                role=Role.STAFF,
                first_name="Job",
                last_name=f"Developer {n + 1}",
            )
        )
    started = time.perf_counter()
    employers_seed(
        organisation=organisation,
        owners=owners,
        employers=employers,
        interactions=interactions,
        seed=42,
    )
    seed_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def label(name: str) -> str:
        return f"{name} ({engine})"

    client = Client()
    client.force_login(coach)
    trivial = reverse("about")
    pages = {
        "follow-up queue": reverse("employers:queue"),
        "employer list": reverse("employers:list"),
        "employer search 'Bakery'": reverse("employers:list") + "?q=Bakery",
    }
    results = [
        informational(
            label(f"seed {employers:,} employers, {interactions:,} interactions"),
            seed_seconds,
            "s",
        )
    ]
    baseline = median_ms(lambda: _get(client, trivial))
    results.append(informational(label("trivial page /about/"), baseline, "ms", note="baseline"))
    for name, url in pages.items():
        value = median_ms(lambda url=url: _get(client, url))
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
    # Two owners with different queue sizes: the query count must not depend on it.
    sizes = {}
    for owner in (coach, owners[1]):
        client.force_login(owner)
        counts = {}
        for name, url in pages.items():
            _get(client, url)
            with CaptureQueriesContext(connection) as queries:
                _get(client, url)
            counts[name] = len(queries)
        sizes[owner.username] = counts
    first, second = sizes.values()
    for name in pages:
        results.append(
            at_most(
                label(f"{name}: queries"),
                max(first[name], second[name]),
                "queries",
                limit=MAX_QUERIES,
            )
        )
        results.append(
            at_most(
                label(f"{name}: extra queries for a different queue size"),
                abs(first[name] - second[name]),
                "queries",
                limit=0,
            )
        )
    return results


if __name__ == "__main__":
    import sys

    from benchmarks.harness import main

    sys.exit(main(["--only", "bench_crm", *sys.argv[1:]]))
