"""The API against its own OpenAPI document, fuzzed over HTTP with a token of each role.

Schemathesis reads /api/openapi.json from a live server and sends generated requests,
valid and invalid, to every operation. Each answer must be no server error, carry a status
the document lists for the operation, and match that status's schema and content type.
The run is repeatable (a fixed seed, derandomised) and bounded (examples per operation and
a timeout), so a failure here can be reproduced with the command it prints.
"""

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest

from workbridge.accounts.models import Role
from workbridge.accounts.services import api_token_create
from workbridge.employers.services import contact_add, employer_create, location_add
from workbridge.jobs.services import opening_create
from workbridge.people.models import CommunityArea, Occupation, ZipCode
from workbridge.people.reference import load_reference_tables
from workbridge.people.services import participant_enroll

pytestmark = [pytest.mark.fuzz]

SEED = 20260601
EXAMPLES_PER_OPERATION = 25
SECONDS_PER_ROLE = 150
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


def _schemathesis(base_url: str, token: str | None, workdir) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{base_url}/api/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        str(SEED),
        "--generation-deterministic",
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--no-color",
        "--warnings",
        "off",
    ]
    if token is not None:
        command += ["--header", f"Authorization: Bearer {token}"]
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        command,
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=SECONDS_PER_ROLE,
        check=False,
    )


@pytest.mark.parametrize("role", [*Role, None], ids=[*(r.value for r in Role), "no token"])
def test_it_answers_every_generated_request_as_its_document_says(
    role, live_server, transactional_db, southside, tmp_path
):
    # given a live server with records, and a token of the role (or none)
    from tests.factories import make_user

    load_reference_tables(CommunityArea, ZipCode, Occupation)
    staff = make_user("fuzz-staff", Role.STAFF, southside)
    _seed_records(staff)
    token = None
    if role is not None:
        user = staff if role == Role.STAFF else make_user(f"fuzz-{role}", role, southside)
        _token, token = api_token_create(user=user, name="fuzz")
    # when
    result = _schemathesis(live_server.url, token, tmp_path)
    # then
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
