"""Personas for the hiring-equity tests (shared by every equity test module; add, never remove).

- analyst: equity analyst at Southside Works (from tests/conftest.py)
- manager: program director at Southside Works (from tests/conftest.py)
- staff: a case manager at Southside Works, who may not see equity pages
- other_analyst: equity analyst at Northside Jobs
"""

import pytest

from tests.factories import make_user
from workbridge.accounts.models import Role


@pytest.fixture
def staff(coach):
    return coach


@pytest.fixture
def other_analyst(northside):
    return make_user("nora", Role.ANALYST, northside, first_name="Nora", last_name="Analyst")
