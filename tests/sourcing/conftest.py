"""Personas for the sourcing tests (add, never remove).

- analyst, manager, coach: Southside Works (tests/conftest.py)
- other_analyst: equity analyst at Northside Jobs
"""

import pytest

from tests.factories import make_user
from workbridge.accounts.models import Role


@pytest.fixture
def other_analyst(northside):
    return make_user("nora", Role.ANALYST, northside, first_name="Nora", last_name="Analyst")
