"""Surveys at scale: inviting 100,000 people, and the results of 50,000 responses.

Invitations: making 100,000 invitations (a one-time token each, its digest, the checks of
`invitations_add`) and queueing their sending (`send_queue`: a run and its task) is timed
against a raw bulk insert of the same 100,000 rows, already made, into the same table in the
same run; the target is at most 10×.

Results: an employee survey whose wave has 50,000 responses, each answering every question
(about 500,000 answers), built with bulk inserts. The wave's results page, overall and by
department, is timed against the trivial page ``/about/`` (median of requests in turns); the
target is at most 5× for the results page; the page by department, which draws every
question for each department, is reported beside it. Its queries are counted on that wave
and on a wave of 5,000 responses: the same number whatever the size.
"""

import random
import time
import uuid
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.harness import Result, against_baseline, at_most, informational, medians_ms

FULL = {"invitations": 100_000, "responses": 50_000}
QUICK = {"invitations": 5_000, "responses": 2_000}
INVITE_MAX_RATIO = 10
PAGE_MAX_RATIO = 5
MAX_QUERIES = 25
DEPARTMENTS = ("Water", "Streets", "Police", "Fire", "Libraries", "Finance", "Aviation", "Health")
SEED = 16


def _people(n: int):
    from workbridge.surveys.services import Invitee

    return [
        Invitee(
            email=f"person{k:06}@example.org",
            language="es" if k % 4 == 0 else "en",
            department=DEPARTMENTS[k % len(DEPARTMENTS)],
        )
        for k in range(n)
    ]


def _raw_rows(wave_id: int, n: int) -> list[tuple]:
    from workbridge.surveys.models import Invitation

    rows = []
    for k in range(n):
        nonce = f"{k:032x}"
        rows.append(
            (
                wave_id,
                nonce,
                Invitation.digest_of(nonce),
                f"person{k:06}@example.org",
                "",
                "es" if k % 4 == 0 else "en",
                DEPARTMENTS[k % len(DEPARTMENTS)],
                "",
                "",
                "pending",
                0,
                "{}",
            )
        )
    return rows


RAW_FIELDS = (
    "wave",
    "nonce",
    "digest",
    "email",
    "name",
    "language",
    "department",
    "job_title",
    "group",
    "status",
    "reminders",
    "partial",
)


def _responses(wave, n: int, rng: random.Random) -> None:
    """n responses to every question of the wave's version, written in bulk."""
    from workbridge.bulk import bulk_insert
    from workbridge.surveys.models import Answer, Question, QuestionKind, Response
    from workbridge.surveys.tallies import tallies_rebuild

    questions = list(Question.objects.filter(version=wave.version).order_by("position"))
    today = timezone.localdate()
    response_rows, answer_rows = [], []
    for k in range(n):
        rid = uuid.uuid4().hex
        response_rows.append(
            (
                rid,
                wave.pk,
                wave.version_id,
                today - timedelta(days=rng.randrange(20)),
                DEPARTMENTS[k % len(DEPARTMENTS)],
                "",
                "",
                "link",
            )
        )
        for q in questions:
            value, number, text = None, None, ""
            if q.kind == QuestionKind.TEXT:
                if rng.random() < 0.05:
                    text = rng.choice(("More training.", "Fair pay.", "Good team."))
                else:
                    continue
            elif q.kind == QuestionKind.NUMBER:
                number = rng.randrange(0, 40)
            else:
                value = rng.randint(q.scale_min, q.scale_max) if q.is_scaled else 1
            answer_rows.append((uuid.uuid4().hex, rid, q.pk, value, number, text))
    bulk_insert(
        Response,
        ("id", "wave", "version", "submitted_on", "department", "group", "language", "source"),
        response_rows,
    )
    bulk_insert(Answer, ("id", "response", "question", "value", "number", "text"), answer_rows)
    tallies_rebuild(wave)


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    _ = response.content


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    from django.core.management import call_command

    from workbridge.accounts.models import Organisation, Role
    from workbridge.accounts.services import user_create
    from workbridge.bulk import bulk_insert
    from workbridge.surveys.models import Invitation, SendRun
    from workbridge.surveys.sending import send_queue
    from workbridge.surveys.services import (
        invitations_add,
        survey_create_from_template,
        version_publish,
        wave_create,
    )

    scale = dict(QUICK if quick else FULL)
    if participants:
        scale["responses"] = participants
    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.create(name="City of Bench", slug="bench-city")
    manager = user_create(
        username="bench-manager",
        password="bench-password-1234",
        organisation=organisation,
        role=Role.MANAGER,
        first_name="Bench",
        last_name="Manager",
    )
    survey = survey_create_from_template(
        organisation=organisation, kind="employee", title="", anonymous=True, by=manager
    )
    version_publish(version=survey.versions.get(), by=manager)
    today = timezone.localdate()

    def new_wave(name: str):
        return wave_create(
            survey=survey,
            name=name,
            opens_on=today - timedelta(days=21),
            closes_on=today + timedelta(days=21),
            target_rate=50,
            by=manager,
        )

    def label(name: str) -> str:
        return f"{name} ({engine})"

    results: list[Result] = []
    n = scale["invitations"]
    people = _people(n)

    # The baseline: the same rows, already made, inserted raw into another wave.
    raw_wave = new_wave("Raw")
    rows = _raw_rows(raw_wave.pk, n)
    started = time.perf_counter()
    with transaction.atomic():
        bulk_insert(Invitation, RAW_FIELDS, rows)
    raw_seconds = time.perf_counter() - started

    wave = new_wave("Invited")
    started = time.perf_counter()
    invitations_add(wave=wave, invitees=people, by=manager)
    send_queue(
        wave=wave, kind=SendRun.Kind.INVITATIONS, link_base="https://bench.example/", by=manager
    )
    ours_seconds = time.perf_counter() - started
    if wave.invitations.count() != n:
        raise RuntimeError("not every invitation was made")
    results.append(
        informational(label(f"raw bulk insert of {n:,} invitation rows"), raw_seconds, "s")
    )
    results.append(
        against_baseline(
            label(f"make and queue {n:,} invitations"),
            ours_seconds,
            "s",
            baseline=raw_seconds,
            max_ratio=INVITE_MAX_RATIO,
            baseline_name="raw bulk insert",
        )
    )

    # Results of a large wave and of a small one.
    rng = random.Random(SEED)
    big, small = new_wave("Big"), new_wave("Small")
    started = time.perf_counter()
    _responses(big, scale["responses"], rng)
    _responses(small, max(1, scale["responses"] // 10), rng)
    results.append(
        informational(
            label(f"write {scale['responses']:,} responses with their answers"),
            time.perf_counter() - started,
            "s",
        )
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(manager)
    trivial = reverse("about")
    pages = {
        f"results of {scale['responses']:,} responses": reverse("surveys:results", args=[big.pk]),
        f"results of {scale['responses']:,} responses by department": reverse(
            "surveys:results", args=[big.pk]
        )
        + "?by=department",
    }
    repeat = 10 if not quick else 5
    timed = medians_ms(
        {name: lambda url=url: _get(client, url) for name, url in [("", trivial), *pages.items()]},
        repeat=repeat,
    )
    baseline = timed.pop("")
    results.append(informational(label("trivial page /about/"), baseline, "ms", note="baseline"))
    for name, value in timed.items():
        if name.endswith("by department"):
            # Drawing every question for each of eight departments: what it costs depends
            # on the departments and questions, not on how many responses there are.
            results.append(
                informational(
                    label(name),
                    value,
                    "ms",
                    note=f"{value / baseline:.1f}× the trivial page; 8 departments drawn",
                )
            )
            continue
        results.append(
            against_baseline(
                label(name),
                value,
                "ms",
                baseline=baseline,
                max_ratio=PAGE_MAX_RATIO,
                baseline_name="trivial page",
            )
        )
    counts = {}
    for size, target in (("big", big), ("small", small)):
        url = reverse("surveys:results", args=[target.pk]) + "?by=department"
        _get(client, url)
        with CaptureQueriesContext(connection) as queries:
            _get(client, url)
        counts[size] = len(queries)
    results.append(
        at_most(
            label(f"results page queries at {scale['responses']:,} responses"),
            counts["big"],
            "queries",
            limit=MAX_QUERIES,
        )
    )
    results.append(
        at_most(
            label("results page: more queries for 10× the responses"),
            counts["big"] - counts["small"],
            "queries",
            limit=0,
        )
    )
    return results


if __name__ == "__main__":
    import sys

    from benchmarks.harness import main

    sys.exit(main(["--only", "bench_surveys", *sys.argv[1:]]))
