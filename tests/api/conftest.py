"""Clients that call the API with a persona's bearer token."""

import pytest
from django.test import Client

from workbridge.accounts.services import api_token_create


def token_client(user) -> Client:
    """A client that sends a new token of the user's with every request."""
    _token, raw = api_token_create(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def as_coach(coach) -> Client:
    return token_client(coach)


@pytest.fixture
def as_other_coach(other_coach) -> Client:
    return token_client(other_coach)


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    # The personas' passwords are never checked here; hashing them slowly buys nothing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    # The fuzz test takes minutes: it runs only when asked for by marker (`-m fuzz`, as
    # `make fuzz` does), never as part of a plain run of the suite.
    fuzz = [item for item in items if item.get_closest_marker("fuzz")]
    if not fuzz:
        return
    if "fuzz" not in (config.option.markexpr or ""):
        config.hook.pytest_deselected(items=fuzz)
        items[:] = [item for item in items if not item.get_closest_marker("fuzz")]
        return
    # It empties the database after it (its live server needs committed rows), so it runs
    # after the tests that rely on the reference tables the migrations load.
    rest = [item for item in items if not item.get_closest_marker("fuzz")]
    items[:] = rest + fuzz
