"""Faults kept in the suite: a worker killed during an import, a database held by a long
write. Each starts real processes (`manage.py task_worker`, `workbridge_sweep`) against a
file-backed SQLite copy of the test database, and each is bounded in time."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connections

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]
ROWS = 6000

pytestmark = pytest.mark.skipif(
    connections["default"].vendor != "sqlite", reason="holds SQLite's single write lock"
)

SETUP = """
import os
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.employers.import_runs import sheet_import_queue, sheet_import_start

org = OrganisationFactory(name="Southside Works", slug="southside")
alice = make_user("alice", Role.STAFF, org)
rows = "".join(f"E{i},Employer {i},active\\n" for i in range(int(os.environ["FAULT_ROWS"])))
upload = SimpleUploadedFile("big.csv", ("Employer id,Name,Stage\\n" + rows).encode())
run = sheet_import_start(by=alice, kind="employers", upload=upload)
mapping = {"external_id": "Employer id", "name": "Name", "stage": "Stage"}
sheet_import_queue(run=run, by=alice, step=os.environ["FAULT_STEP"], mapping=mapping)
print(run.pk)
"""

# The same import, by a person who is already there.
SETUP_AGAIN = SETUP.replace(
    'org = OrganisationFactory(name="Southside Works", slug="southside")\n'
    'alice = make_user("alice", Role.STAFF, org)',
    'from workbridge.accounts.models import User\nalice = User.objects.get(username="alice")',
)
assert SETUP_AGAIN != SETUP

RETRY = """
from workbridge.accounts.models import User
from workbridge.employers.import_runs import sheet_import_queue
from workbridge.employers.models import SheetImport

run = SheetImport.objects.get()
sheet_import_queue(run=run, by=User.objects.get(username="alice"), step=run.step)
"""


@pytest.fixture
def database(tmp_path, transactional_db) -> Path:
    """A file copy of the (migrated, empty) test database that other processes can open."""
    path = tmp_path / "workbridge.sqlite3"
    connection = connections["default"]
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return path


@pytest.fixture
def env(tmp_path, database) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "WORKBRIDGE_VAR_DIR": str(tmp_path),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": str(ROOT),
    }


def manage(env, *args: str, timeout: float = 60) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [*MANAGE, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def worker(env, *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [*MANAGE, "task_worker", "--queue-name", "*", "--interval", "0.1", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def query(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute(sql).fetchall()


def write_lock_held(database: Path) -> bool:
    """True while another connection holds SQLite's write lock (a load is under way)."""
    db = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        db.close()


def wait_for(condition, seconds: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def test_it_recovers_an_import_whose_worker_was_killed_while_saving(env, database):
    # given: a big import queued for loading, and a worker that takes it
    manage({**env, "FAULT_ROWS": str(ROWS), "FAULT_STEP": "load"}, "shell", "-c", SETUP)
    proc = worker(env)
    try:
        assert wait_for(
            lambda: query(database, "SELECT status FROM employers_sheetimport") == [("loading",)],
            30,
        ), "the worker never took the import"
        assert wait_for(lambda: write_lock_held(database), 30), "the load never began writing"
        # when: the worker is killed half way through the load
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    # then: nothing was written, and the run still says it is under way
    assert query(database, "SELECT count(*) FROM employers_employer") == [(0,)]
    assert query(database, "SELECT status FROM employers_sheetimport") == [("loading",)]
    # when: the scheduled sweep runs
    manage(env, "workbridge_sweep")
    # then: the run is marked stopped, with its upload kept for a retry
    [(status, summary, stored)] = query(
        database, "SELECT status, summary, stored_file FROM employers_sheetimport"
    )
    assert status == "failed"
    assert '"stopped": true' in summary
    assert (Path(env["WORKBRIDGE_VAR_DIR"]) / "uploads" / stored).is_file()
    # when: it is tried again with a new worker
    manage(env, "shell", "-c", RETRY)
    manage(env, "task_worker", "--queue-name", "*", "--batch", "--interval", "0.1", timeout=90)
    # then: every row is saved once and the upload is gone
    assert query(database, "SELECT status, stored_file FROM employers_sheetimport") == [
        ("done", "")
    ]
    assert query(database, "SELECT count(*) FROM employers_employer") == [(ROWS,)]
    assert not list((Path(env["WORKBRIDGE_VAR_DIR"]) / "uploads").iterdir())


SAVE_WHILE_HELD = """
import json, os, sqlite3, threading, time
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from tests.employers.test_views_employers import employer_post
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.employers.models import Employer

setup_test_environment()
org = OrganisationFactory(name="Southside Works", slug="southside")
client = Client(raise_request_exception=False)
client.force_login(make_user("bob", Role.STAFF, org))
# Another import's load: one long write transaction on the same database file.
held = sqlite3.connect(
    os.environ["FAULT_DATABASE"], isolation_level=None, check_same_thread=False
)
held.execute("BEGIN IMMEDIATE")
release = threading.Timer(float(os.environ["FAULT_HOLD"]), lambda: held.execute("COMMIT"))
release.start()
response = client.post(reverse("employers:create"), employer_post())
release.join()
print(json.dumps({
    "status": response.status_code,
    "retry_after": response.get("Retry-After"),
    "busy_page": "Another import is being saved; try again in a minute." in response.text,
    "saved": Employer.objects.filter(name="Cedar Health").count(),
}))
"""


def _save_while_held(env, database, *, hold: float, busy_timeout: int) -> dict:
    import json

    out = manage(
        {
            **env,
            "FAULT_DATABASE": str(database),
            "FAULT_HOLD": str(hold),
            "SQLITE_BUSY_TIMEOUT": str(busy_timeout),
        },
        "shell",
        "-c",
        SAVE_WHILE_HELD,
    )
    return json.loads(out.strip().splitlines()[-1])


def test_another_users_save_waits_for_a_short_held_write_and_goes_through(env, database):
    # when: a write holds the database for 1 s and the busy timeout is 15 s
    result = _save_while_held(env, database, hold=1, busy_timeout=15)
    # then
    assert (result["status"], result["saved"]) == (302, 1)


def test_another_users_save_during_a_long_held_write_is_told_to_retry_not_500(env, database):
    # when: a write holds the database longer than the busy timeout
    result = _save_while_held(env, database, hold=8, busy_timeout=1)
    # then
    assert result == {"status": 503, "retry_after": "60", "busy_page": True, "saved": 0}


def test_the_worker_outlives_a_database_locked_under_its_import(env, database):
    # given: a worker whose writes give up on a lock after one second, checking a big file
    manage({**env, "FAULT_ROWS": str(ROWS), "FAULT_STEP": "check"}, "shell", "-c", SETUP)
    proc = worker({**env, "SQLITE_BUSY_TIMEOUT": "1"})
    try:
        assert wait_for(
            lambda: query(database, "SELECT status FROM employers_sheetimport") == [("checking",)],
            30,
        ), "the worker never took the import"
        # when: another write holds the database for longer than that
        held = sqlite3.connect(database, isolation_level=None)
        held.execute("BEGIN EXCLUSIVE")
        time.sleep(4)
        held.execute("COMMIT")
        held.close()
        # then: the import is not left under way, and the worker is still there
        assert wait_for(
            lambda: (
                query(database, "SELECT status FROM employers_sheetimport")
                in ([("ready",)], [("failed",)])
            ),
            30,
            step=0.2,
        )
        assert proc.poll() is None, proc.stderr.read()[-3000:] if proc.poll() is not None else ""
        # when: another import is queued
        query(database, "DELETE FROM employers_sheetimport")
        manage({**env, "FAULT_ROWS": "3", "FAULT_STEP": "check"}, "shell", "-c", SETUP_AGAIN)
        # then: the same worker runs it
        assert wait_for(
            lambda: query(database, "SELECT status FROM employers_sheetimport") == [("ready",)],
            30,
            step=0.2,
        )
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)
