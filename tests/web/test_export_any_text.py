"""No stored value can break an export: arbitrary text in every exported text field of the
participant and employer lists, in CSV and XLSX, comes back as stored, minus what a
spreadsheet cannot hold, with formulas defused."""

import csv
import io

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.factories import ParticipantFactory
from workbridge.employers.choices import Signal
from workbridge.employers.models import Employer, EmployerSignal

# Any character Python holds in a str but a lone surrogate; PostgreSQL stores no NUL.
_NO_NUL = connection.vendor == "postgresql"
CHARACTERS = st.characters(
    exclude_characters="\x00" if _NO_NUL else None, exclude_categories=["Cs"]
)
TEXT = st.text(CHARACTERS, max_size=20)
NAICS = st.text(CHARACTERS, max_size=6)  # the column holds six characters
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def as_a_cell(stored: str) -> str:
    """What a cell must read, worked out here without the code under test: characters
    outside XML 1.0 dropped, a leading apostrophe before formula-like text, and line
    breaks read back as line feeds (as XML reads a carriage return)."""
    kept = "".join(
        c
        for c in stored
        if c in "\t\n\r" or ("\x20" <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c > "\uffff"
    )
    if kept[:1] in ("=", "+", "-", "@", "\t", "\r"):
        kept = "'" + kept
    return kept.replace("\r\n", "\n").replace("\r", "\n")


def read_csv(response) -> list[list[str]]:
    assert response["Content-Length"] == str(len(response.content))
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


def read_xlsx(response) -> list[list[str]]:
    assert response["Content-Length"] == str(len(response.content))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[v if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)]


READERS = {"csv": read_csv, "xlsx": read_xlsx}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_participants_whatever_their_text_holds(client, coach, fmt):
    client.force_login(coach)

    @EXAMPLES
    @given(texts=st.lists(TEXT, min_size=8, max_size=8))
    def check(texts):
        external_id, first, last, preferred, email, phone, staff_first, staff_last = texts
        with transaction.atomic():
            # given a participant and their case manager named with any text at all
            coach.first_name, coach.last_name = staff_first, staff_last
            coach.save(update_fields=["first_name", "last_name"])
            ParticipantFactory(
                organisation=coach.membership.organisation,
                assigned_to=coach,
                external_id=external_id,
                first_name=first,
                last_name=last,
                preferred_name=preferred,
                email=email,
                phone=phone,
            )
            # when the caseload is exported
            response = client.get(f"/participants/export.{fmt}")
            transaction.set_rollback(True)
        # then it opens, and each cell reads as stored, made safe
        assert response.status_code == 200
        rows = READERS[fmt](response)
        assert len(rows) == 2
        staff = f"{staff_first} {staff_last}".strip() or coach.username
        assert rows[1][:6] == [as_a_cell(t) for t in texts[:6]]
        assert rows[1][7] == as_a_cell(staff)

    check()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_employers_whatever_their_text_holds(client, coach, fmt):
    client.force_login(coach)

    @EXAMPLES
    @given(texts=st.lists(TEXT, min_size=6, max_size=6), naics=NAICS)
    def check(texts, naics):
        name, external_id, website, evidence, owner_first, owner_last = texts
        with transaction.atomic():
            # given an employer, its owner and a signal's evidence holding any text at all
            coach.first_name, coach.last_name = owner_first, owner_last
            coach.save(update_fields=["first_name", "last_name"])
            employer = Employer.objects.create(
                organisation=coach.membership.organisation,
                owner=coach,
                name=name,
                external_id=external_id,
                naics_code=naics,
                website=website,
            )
            EmployerSignal.objects.create(
                employer=employer, kind=Signal.values[0], evidence=evidence
            )
            # when the employer list is exported
            response = client.get(f"/employers/export.{fmt}")
            transaction.set_rollback(True)
        # then it opens, and each cell reads as stored, made safe
        assert response.status_code == 200
        rows = READERS[fmt](response)
        assert len(rows) == 2
        owner = f"{owner_first} {owner_last}".strip() or coach.username
        signal = f"{Signal(Signal.values[0]).label}: {evidence}"
        row = rows[1]
        assert [row[0], row[1], row[4], row[5], row[7], row[9]] == [
            as_a_cell(name),
            as_a_cell(external_id),
            as_a_cell(owner),
            as_a_cell(naics),
            as_a_cell(website),
            as_a_cell(signal),
        ]

    check()


@pytest.mark.parametrize("url", ["/participants/export.xlsx", "/employers/export.xlsx"])
def test_it_exports_a_name_with_control_characters(client, coach, url):
    # given the names of the review's example, stored before forms refused them
    ParticipantFactory(
        organisation=coach.membership.organisation, assigned_to=coach, first_name="Ctrl\x01\x0bChar"
    )
    Employer.objects.create(organisation=coach.membership.organisation, name="Ctrl\x01\x0bChar")
    client.force_login(coach)
    # when
    response = client.get(url)
    # then
    assert response.status_code == 200
    values = [v for row in read_xlsx(response)[1:] for v in row]
    assert "CtrlChar" in values
