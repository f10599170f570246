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
