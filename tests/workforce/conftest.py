"""Shared pieces of the workforce tests: the public data folder and storing a roster."""

import os
from pathlib import Path

import pytest

from tests.factories import make_user
from workbridge.accounts.models import Role
from workbridge.web.uploads import IMPORTS, upload_write

REPO = Path(__file__).resolve().parents[2]


def shared_data(*parts: str) -> Path:
    """A file of the public reference data, skipping when absent: under
    WORKBRIDGE_SHARED_DATA when set (as the demo reads it), else ``shared/data`` beside
    the checkout or beside the folder holding it (a worktree)."""
    named = os.environ.get("WORKBRIDGE_SHARED_DATA")
    bases = (
        [Path(named)]
        if named
        else [REPO.parent / "shared/data", REPO.parent.parent / "shared/data"]
    )
    for base in bases:
        path = base.joinpath(*parts)
        if path.exists():
            return path
    where = named or "../shared/data"
    pytest.skip(f"The public data file {'/'.join(parts)} is not here ({where}).")


def store(name: str, content: bytes) -> str:
    """Put a file in the import store; its stored name."""
    return upload_write(IMPORTS, name, content)


@pytest.fixture
def other_analyst(northside):
    return make_user("nora", Role.ANALYST, northside, first_name="Nora", last_name="Analyst")
