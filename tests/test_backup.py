"""A backup restores to exactly the database it was made from, on SQLite and PostgreSQL."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connections

BASE_DIR = Path(__file__).resolve().parent.parent
FINGERPRINT = (
    "import json, django; django.setup();"
    "from workbridge.backup import fingerprint;"
    "print(json.dumps({t: [f.rows, f.checksum] for t, f in fingerprint().items()}))"
)
CLI = "import sys; from workbridge.cli import main; sys.exit(main(sys.argv[1:]))"


class Site:
    """A Workbridge installation of its own, run in child processes as an operator would."""

    def __init__(self, var_dir: Path, database_url: str | None = None):
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(var_dir),
            "WORKBRIDGE_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "workbridge.settings",
        }
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def run(self, *argv: str) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603  (our own interpreter and code)
            [sys.executable, *argv],
            env=self.env,
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        return done

    def manage(self, *args: str) -> None:
        done = self.run(str(BASE_DIR / "manage.py"), *args)
        assert done.returncode == 0, done.stderr

    def workbridge(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("-c", CLI, *args)

    def fingerprint(self) -> dict[str, list]:
        done = self.run("-c", FINGERPRINT)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


def _on_postgres() -> bool:
    return connections["default"].vendor == "postgresql"


# Each engine's round trip runs when the suite runs on that engine: the SQLite one works
# on a site of its own whatever the suite's database, so the PostgreSQL run would only
# repeat it.
on_sqlite_run = pytest.mark.skipif(
    _on_postgres(), reason="the SQLite round trip runs when the suite runs on SQLite"
)


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite installation's folder with every migration applied, made once and copied
    by each test (migrating a new database takes most of a minute)."""
    folder = tmp_path_factory.mktemp("migrated")
    Site(folder).manage("migrate", "--no-input", "-v", "0")
    return folder


def sqlite_site(migrated: Path, tmp_path: Path) -> Site:
    folder = tmp_path / "site"
    shutil.copytree(migrated, folder)
    return Site(folder)


def _round_trip(site: Site, backup: Path) -> None:
    # given a seeded database
    site.manage("migrate", "--no-input", "-v", "0")
    site.manage("seed_demo", "--participants", "30", "--employers", "3", "--no-equity", "-v", "0")
    before = site.fingerprint()
    assert before["people_participant"][0] == 30
    assert before["accounts_user"][0] > 0
    # when it is backed up, then emptied, then restored
    made = site.workbridge("backup", str(backup))
    assert made.returncode == 0, made.stderr
    assert backup.is_file()
    site.manage("flush", "--no-input")
    emptied = site.fingerprint()
    assert emptied["people_participant"][0] == 0
    restored = site.workbridge("restore", str(backup), "--replace")
    assert restored.returncode == 0, restored.stderr
    # then every table holds the same rows as before
    assert site.fingerprint() == before


@on_sqlite_run
def test_a_sqlite_backup_restores_every_table_exactly(migrated_sqlite, tmp_path):
    _round_trip(sqlite_site(migrated_sqlite, tmp_path), tmp_path / "backups" / "workbridge.sqlite3")


@on_sqlite_run
def test_a_restore_asks_for_confirmation_and_changes_nothing_without_it(migrated_sqlite, tmp_path):
    site = sqlite_site(migrated_sqlite, tmp_path)
    before = site.fingerprint()
    assert site.workbridge("backup", str(tmp_path / "b.sqlite3")).returncode == 0
    refused = site.workbridge("restore", str(tmp_path / "b.sqlite3"))
    assert refused.returncode == 2
    assert "add --replace to confirm" in refused.stderr
    assert site.fingerprint() == before


@on_sqlite_run
def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(migrated_sqlite, tmp_path):
    site = sqlite_site(migrated_sqlite, tmp_path)
    before = site.fingerprint()
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database " * 100)
    refused = site.workbridge("restore", str(bogus), "--replace")
    assert refused.returncode == 2
    assert "is not a SQLite backup" in refused.stderr
    assert site.fingerprint() == before


@pytest.mark.postgres
@pytest.mark.skipif(
    not _on_postgres(), reason="the PostgreSQL round trip runs when the suite runs on PostgreSQL"
)
def test_a_postgresql_backup_restores_every_table_exactly(tmp_path):
    import psycopg

    settings = connections["default"].settings_dict
    name = f"workbridge_backup_{uuid.uuid4().hex[:10]}"
    server = {
        "host": settings.get("HOST") or "127.0.0.1",
        "port": settings.get("PORT") or 5432,
        "user": settings.get("USER") or "postgres",
    }
    admin = psycopg.connect(dbname="postgres", autocommit=True, **server)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
        _round_trip(Site(tmp_path, url), tmp_path / "workbridge.dump")
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
