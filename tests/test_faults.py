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
