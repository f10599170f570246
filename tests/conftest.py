"""Personas shared by every test: Alice coaches at one organisation, Bob at another.

- coach: staff (case manager) at Southside Works
- other_coach: staff at Northside Jobs
- manager: program director at Southside Works
- admin: administrator at Southside Works
- analyst: equity analyst at Southside Works
- employer_user: an employer partner's login at Southside Works
"""

import os

import pytest
from django.db import connections

import tests.properties  # noqa: F401  (loads the Hypothesis profile before any test)
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import Role


def _postgres_unreachable_reason() -> str | None:
    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        return None
    try:
        import psycopg

        psycopg.connect(
            host=settings_dict.get("HOST") or "127.0.0.1",
            port=settings_dict.get("PORT") or 5432,
            user=settings_dict.get("USER") or "postgres",
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except Exception as exc:
        return f"PostgreSQL at DATABASE_URL does not answer: {exc}"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _postgres_unreachable_reason()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "django_db" in item.keywords or "db" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


def pytest_report_header(config):
    engine = connections["default"].settings_dict["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} (DATABASE_URL={os.environ.get('DATABASE_URL', 'default SQLite')})"


@pytest.fixture
def southside(db):
    return OrganisationFactory(name="Southside Works", slug="southside")


@pytest.fixture
def northside(db):
    return OrganisationFactory(name="Northside Jobs", slug="northside")


@pytest.fixture
def coach(southside):
    return make_user("alice", Role.STAFF, southside, first_name="Alice", last_name="Coach")


@pytest.fixture
def other_coach(northside):
    return make_user("bob", Role.STAFF, northside, first_name="Bob", last_name="Coach")


@pytest.fixture
def manager(southside):
    return make_user("maria", Role.MANAGER, southside, first_name="Maria", last_name="Director")


@pytest.fixture
def admin_user(southside):
    return make_user("ada", Role.ADMIN, southside, first_name="Ada", last_name="Admin")


@pytest.fixture
def analyst(southside):
    return make_user("ana", Role.ANALYST, southside, first_name="Ana", last_name="Analyst")


@pytest.fixture
def employer_user(southside):
    return make_user("erin", Role.EMPLOYER, southside, first_name="Erin", last_name="Employer")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    """Argon2 costs tens of milliseconds a user on purpose; tests that are not about hashing
    use a fast hasher (`@pytest.mark.real_password_hashing` keeps the real one)."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: database ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _own_var_dir(settings, tmp_path_factory):
    """Files a test keeps go to a folder of its own, never to var/; uploads and prepared
    exports to a file store in memory, so nothing may read them as a path on this machine."""
    settings.VAR_DIR = tmp_path_factory.mktemp("var")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def disk_file_store(settings, tmp_path):
    """A file store in a folder of the test's own (for tests that age or list its files as
    a shared volume holds them); returns the folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path
