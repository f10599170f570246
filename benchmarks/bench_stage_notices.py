"""Queueing stage notices for 100,000 moved candidates, against the same import without.

Two applicant-flow files of the same candidates (the equity-import benchmark's generator,
500 applicants a requisition): in the second, every candidate is one stage further on.
After the first file is imported, every candidate gets contact details. The second file's
import (checking every row, then writing in one transaction) is timed twice, each time
rolled back: without the notice step, and with it (one ``INSERT … SELECT`` of a notice per
moved candidate, one ``UPDATE`` of what they were told, inside the import's transaction).
Target: the notice step adds at most 50% to the import's time. Sending is not timed: it
happens after the import commits, in batches, in the worker.
"""

import csv
import time
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import connection, transaction

from benchmarks.bench_equity_import import BENCH_DIR, HEADER, STAGES, generate_csv
from benchmarks.harness import Result, against_baseline, informational

FULL_ROWS = 100_000
QUICK_ROWS = 5_000
MAX_RATIO = 1.5
STAGE = HEADER.index("stage_reached")
WITHDREW = HEADER.index("withdrew")
HIRED_DATE = HEADER.index("hired_date")


class _Rollback(Exception):
    pass


def moved_files(rows: int) -> tuple[Path, Path]:
    """(before, after): the same candidates, each one stage further on in the second."""
    source = generate_csv(rows)
    before = BENCH_DIR / f"notices_before_{rows}.csv"
    after = BENCH_DIR / f"notices_after_{rows}.csv"
    if before.exists() and after.exists():
        return before, after
    with (
        open(source, encoding="utf-8", newline="") as stream,
        open(before, "w", encoding="utf-8", newline="") as out1,
        open(after, "w", encoding="utf-8", newline="") as out2,
    ):
        reader = csv.reader(stream)
        first, second = csv.writer(out1), csv.writer(out2)
        header = next(reader)
        first.writerow(header)
        second.writerow(header)
        for row in reader:
            stage = min(STAGES.index(row[STAGE]), len(STAGES) - 2)
            row[WITHDREW] = "no"
            row[HIRED_DATE] = ""
            row[STAGE] = STAGES[stage]
            first.writerow(row)
            row[STAGE] = STAGES[stage + 1]
            second.writerow(row)
    return before, after


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    from django.core.files import File

    from workbridge.accounts.models import Organisation, Role
    from workbridge.accounts.services import user_create
    from workbridge.equity.candidates.models import CandidateContact, StageNotice
    from workbridge.equity.imports import load
    from workbridge.equity.imports.load import applicant_import_apply
    from workbridge.equity.imports.rows import applicant_import_check
    from workbridge.equity.models import Applicant, ImportRun
    from workbridge.web.uploads import IMPORTS, upload_save

    rows = participants or (QUICK_ROWS if quick else FULL_ROWS)
    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.create(name="Southside Works", slug="southside")
    manager = user_create(
        username="manager",
        password=None,
        organisation=organisation,
        role=Role.MANAGER,
        first_name="Maria",
        last_name="Director",
    )
    before, after = moved_files(rows)
    mapping = {key: key for key in HEADER}

    def label(name: str) -> str:
        return f"{name} ({engine})"

    def stored(path: Path) -> str:
        with path.open("rb") as source:
            return upload_save(IMPORTS, File(source, name=path.name))

    def import_file(name: str) -> float:
        started = time.perf_counter()
        checked = applicant_import_check(
            organisation=organisation, stored_file=name, filename=name, mapping=mapping
        )
        if not checked.ok:
            raise RuntimeError(f"the benchmark file has problems: {checked.problems[:3]}")
        run = ImportRun.objects.create(organisation=organisation, filename=name)
        applicant_import_apply(organisation=organisation, check=checked, by=manager, run=run)
        return time.perf_counter() - started

    import_file(stored(before))
    contacts = CandidateContact._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {contacts} (organisation_id, applicant_id, email, phone, language, "
            "notices_opt_out, person_key, notified_stage, updated_at) "
            "SELECT organisation_id, id, 'c' || id || '@example.org', '', 'en', %s, '', "
            f"reached, CURRENT_TIMESTAMP FROM {Applicant._meta.db_table}",
            [False],
        )
    second = stored(after)

    def timed(with_notices: bool) -> tuple[float, int]:
        seconds, notices = 0.0, 0
        try:
            with transaction.atomic():
                if with_notices:
                    seconds = import_file(second)
                else:
                    with mock.patch.object(load, "stage_notices_queue", lambda **_k: 0):
                        seconds = import_file(second)
                notices = StageNotice.objects.count()
                raise _Rollback
        except _Rollback:
            pass
        return seconds, notices

    timed(False)  # warm the caches the same way for both
    # The faster of two runs each, alternating, so that a busy moment does not decide.
    without, none = timed(False)
    with_notices, queued = timed(True)
    without = min(without, timed(False)[0])
    with_notices = min(with_notices, timed(True)[0])
    if none != 0 or queued != rows:
        raise RuntimeError(f"expected {rows} notices queued, got {queued} (and {none} without)")
    return [
        informational(label(f"import moving {rows:,} candidates, no notices"), without, "s"),
        against_baseline(
            label(f"import moving {rows:,} candidates, queueing their notices"),
            with_notices,
            "s",
            baseline=without,
            max_ratio=MAX_RATIO,
            baseline_name="the same import without notices",
        ),
    ]


if __name__ == "__main__":
    import sys

    from benchmarks.harness import main

    sys.exit(main(["--only", "bench_stage_notices", *sys.argv[1:]]))
