"""SQLite is set up for many users and a background worker: WAL, a busy timeout, and
transactions that take the write lock when they begin (so they wait, not fail, on it)."""

import sqlite3

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    connections["default"].vendor != "sqlite", reason="SQLite's own settings"
)


@pytest.fixture
def file_connection(tmp_path, django_db_blocker):
    """A connection made from the project's settings, to a database file."""
    settings_dict = {**connections["default"].settings_dict, "NAME": str(tmp_path / "db.sqlite3")}
    with django_db_blocker.unblock():
        wrapper = DatabaseWrapper(settings_dict, alias="file")
        wrapper.ensure_connection()
        yield wrapper
        wrapper.close()


def test_it_opens_the_database_in_wal_mode_with_a_busy_timeout(file_connection):
    # when
    with file_connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_ms = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
    # then
    assert (journal, busy_ms, synchronous) == ("wal", 20_000, 1)


def test_a_transaction_takes_the_write_lock_as_it_begins(file_connection, tmp_path):
    # given
    other = sqlite3.connect(tmp_path / "db.sqlite3", timeout=0, isolation_level=None)
    # when
    # then: no one else can start writing, though this one has written nothing yet
    with (
        _begun(file_connection),
        pytest.raises(sqlite3.OperationalError, match="database is locked"),
    ):
        other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


class _begun:
    """What transaction.atomic does on SQLite, for a connection not in ``connections``."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def __enter__(self):
        self.wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)

    def __exit__(self, *exc):
        self.wrapper.rollback()
        self.wrapper.set_autocommit(True)
