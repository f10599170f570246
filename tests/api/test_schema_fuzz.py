"""The API against its own OpenAPI document, fuzzed over HTTP with a token of each role.

Schemathesis reads /api/openapi.json from a live server and sends generated requests,
valid and invalid, to every operation. Each answer must be no server error, carry a status
the document lists for the operation, and match that status's schema and content type.
The run is repeatable (derandomised: the same requests every time) and bounded (examples
per operation, and a timeout per run), so a failure here is reproduced by running it again;
each failure prints the request as a curl command.

It takes a few minutes, so it runs only when its marker is asked for: `make test` leaves it
out and `make fuzz` (`pytest -m fuzz`) runs it; CI runs both.
"""

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIRequestHandler

from tests.factories import make_user
from workbridge.accounts.models import CASEWORK_ROLES, Role
from workbridge.accounts.services import api_token_create
from workbridge.employers.services import contact_add, employer_create, location_add
from workbridge.jobs.services import opening_create
from workbridge.people.models import CommunityArea, Occupation, ZipCode
from workbridge.people.reference import load_reference_tables
from workbridge.people.services import participant_enroll

pytestmark = [pytest.mark.fuzz]

SECONDS_PER_RUN = 150
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


def _seed_records(by) -> None:
    """A few records of each kind, so that some generated ids find something."""
    today = date.today()
    for n in range(3):
        participant_enroll(
            by=by,
            data={
                "first_name": f"Rosa{n}",
                "last_name": "Alvarez",
                "zip_code": "60623",
                "enrolled_on": today - timedelta(days=30),
                "planned_exit_on": today + timedelta(days=150),
            },
        )
        employer = employer_create(by=by, data={"name": f"Acme Foods {n}"})
        contact_add(employer=employer, by=by, data={"name": f"Dana Reyes {n}"})
        location_add(
            employer=employer,
            by=by,
            label="Main plant",
            address="2400 S Pulaski Rd",
            zip_code="60623",
        )
        opening_create(
            by=by,
            employer=employer,
            data={
                "title": "Line cook",
                "occupation": Occupation.objects.get(code="35-2014"),
                "hourly_wage": Decimal("18.50"),
                "hours_per_week": 32,
                "zip_code": "60623",
                "posted_on": today,
            },
        )


def _plan(name: str) -> tuple[str, int]:
    """The phases and examples per operation for a token: the most where the most is reached.

    A case manager's token goes through every phase, boundary values included; the other
    casework roles reach the same records, so fewer random examples check them; every
    operation denies the remaining roles (and no token) before reading any input.
    """
    if name == Role.STAFF:
        return "examples,coverage,fuzzing", 30
    if name in CASEWORK_ROLES:
        return "examples,fuzzing", 10
    return "examples,fuzzing", 5


def _schemathesis(
    base_url: str, token: str | None, *, plan: tuple[str, int], workdir: Path
) -> subprocess.CompletedProcess:
    """One bounded, repeatable run against every operation, sending the token if any."""
    phases, examples = plan
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{base_url}/api/openapi.json",
        f"--checks={','.join(CHECKS)}",
        f"--phases={phases}",
        f"--max-examples={examples}",
        "--generation-deterministic",
        "--workers=1",
        "--request-timeout=20",
        "--no-color",
        "--warnings=off",
    ]
    if token is not None:
        command.append(f"--header=Authorization: Bearer {token}")
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        command,
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=SECONDS_PER_RUN,
        check=False,
    )


@pytest.fixture
def _prompt_answers(monkeypatch):
    # The development server writes headers and body in separate packets; with Nagle's
    # algorithm on, each answer then waits for the client's delayed acknowledgement (about
    # 40 ms), which would make most of the run's time.
    monkeypatch.setattr(WSGIRequestHandler, "disable_nagle_algorithm", True)


@pytest.mark.usefixtures("_prompt_answers")
def test_it_answers_every_generated_request_as_its_document_says(
    live_server, transactional_db, southside, northside, tmp_path
):
    # given a live server with records at two organisations, and a token of each role
    load_reference_tables(CommunityArea, ZipCode, Occupation)
    staff = make_user("fuzz-staff", Role.STAFF, southside)
    _seed_records(staff)
    _seed_records(make_user("fuzz-north", Role.STAFF, northside))
    tokens: dict[str, str | None] = {"no token": None}
    for role in Role:
        user = staff if role == Role.STAFF else make_user(f"fuzz-{role}", role, southside)
        tokens[role.value] = api_token_create(user=user, name="fuzz")[1]
    # when each is fuzzed
    failures = {}
    for name, token in tokens.items():
        result = _schemathesis(live_server.url, token, plan=_plan(name), workdir=tmp_path)
        print(name, result.stdout[-600:])  # each run's summary, shown with -s or -rP
        if result.returncode != 0:
            failures[name] = result.stdout[-20_000:] + result.stderr[-5_000:]
    # then
    assert failures == {}, "\n\n".join(f"==== {name}\n{text}" for name, text in failures.items())
