"""The caseload as CSV and XLSX: the same filtered rows, safe in a spreadsheet, audited."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.core.spreadsheets import cell_value, rows_to_csv, rows_to_xlsx

TODAY = date(2026, 3, 2)
HEADERS = [
    "External id",
    "First name",
    "Last name",
    "Preferred name",
    "E-mail",
    "Phone",
    "Preferred language",
    "Assigned to",
    "Community area",
    "Enrolled on",
    "Planned exit",
    "Exited on",
    "Last contact",
    "Last readiness assessment",
    "Next milestone due",
    "Needs attention",
]
EXPORTED_FIELDS = [
    "assigned_to",
    "community_area",
    "email",
    "enrolled_on",
    "exited_on",
    "external_id",
    "first_name",
    "last_assessed_on",
    "last_contact_on",
    "last_name",
    "next_milestone_due_on",
    "phone",
    "planned_exit_on",
    "preferred_language",
    "preferred_name",
]


@pytest.fixture(autouse=True)
def _fixed_today():
    now = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("America/Chicago"))
    with time_machine.travel(now, tick=False):
        yield


@pytest.fixture
def rosa(coach):
    return ParticipantFactory(
        organisation=coach.membership.organisation,
        assigned_to=coach,
        external_id="SW-1",
        first_name="Rosa",
        last_name="Alvarez",
        email="rosa@example.org",
        phone="773-555-0100",
        preferred_language="es",
        enrolled_on=date(2026, 1, 5),
        planned_exit_on=date(2026, 7, 1),
        last_contact_on=date(2026, 1, 20),
        last_assessed_on=date(2026, 2, 1),
        next_milestone_due_on=date(2026, 2, 27),
    )


@pytest.fixture
def mallory(coach):
    """A participant whose name a spreadsheet would run as a formula."""
    return ParticipantFactory(
        organisation=coach.membership.organisation,
        assigned_to=coach,
        first_name='=HYPERLINK("http://evil.example","x")',
        last_name="Zed",
        phone="+1 773 555 0199",
        enrolled_on=date(2026, 1, 5),
        planned_exit_on=date(2026, 7, 1),
        last_contact_on=TODAY,
        last_assessed_on=TODAY,
    )


@pytest.fixture
def novak(other_coach):
    return ParticipantFactory(
        organisation=other_coach.membership.organisation,
        assigned_to=other_coach,
        first_name="Ivan",
        last_name="Novak",
    )


def read_csv(response) -> list[list[str]]:
    assert response["Content-Length"] == str(len(response.content))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_it_exports_the_caseload_as_csv(client, coach, rosa, novak):
    # given
    client.force_login(coach)
    # when
    response = client.get("/participants/export.csv")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="caseload-2026-03-02.csv"'
    assert read_csv(response) == [
        HEADERS,
        [
            "SW-1",
            "Rosa",
            "Alvarez",
            "",
            "rosa@example.org",
            "773-555-0100",
            "Spanish",
            "Alice Coach",
            "South Lawndale",
            "2026-01-05",
            "2026-07-01",
            "",
            "2026-01-20",
            "2026-02-01",
            "2026-02-27",
            "Overdue milestone; No contact in 30 days",
        ],
    ]


def test_it_exports_the_caseload_as_xlsx(client, coach, rosa, novak):
    # given
    client.force_login(coach)
    # when
    response = client.get("/participants/export.xlsx")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Caseload"
    assert rows[0] == HEADERS
    assert rows[1:] == [
        [
            "SW-1",
            "Rosa",
            "Alvarez",
            None,
            "rosa@example.org",
            "773-555-0100",
            "Spanish",
            "Alice Coach",
            "South Lawndale",
            datetime(2026, 1, 5),
            datetime(2026, 7, 1),
            None,
            datetime(2026, 1, 20),
            datetime(2026, 2, 1),
            datetime(2026, 2, 27),
            "Overdue milestone; No contact in 30 days",
        ]
    ]


def test_it_exports_only_the_filtered_rows_of_every_page(client, coach, rosa, mallory, settings):
    # given
    settings.WORKBRIDGE_PAGE_SIZE = 1
    client.force_login(coach)
    # when
    everyone = read_csv(client.get("/participants/export.csv"))
    overdue = read_csv(client.get("/participants/export.csv", {"attention": "overdue"}))
    # then
    assert [row[2] for row in everyone[1:]] == ["Alvarez", "Zed"]
    assert [row[2] for row in overdue[1:]] == ["Alvarez"]


def test_it_defuses_formulas_in_csv(client, coach, mallory):
    # given
    client.force_login(coach)
    # when
    rows = read_csv(client.get("/participants/export.csv"))
    # then
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][5] == "'+1 773 555 0199"


def test_it_defuses_formulas_in_xlsx(client, coach, mallory):
    # given
    client.force_login(coach)
    # when
    response = client.get("/participants/export.xlsx")
    # then
    sheet = load_workbook(io.BytesIO(response.content)).active
    name_cell, phone_cell = sheet["B2"], sheet["F2"]
    assert name_cell.value == '\'=HYPERLINK("http://evil.example","x")'
    assert name_cell.data_type == "s"
    assert phone_cell.value == "'+1 773 555 0199"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_records_each_export_in_the_audit_log(client, coach, rosa, mallory, fmt):
    # given
    client.force_login(coach)
    # when
    client.get(f"/participants/export.{fmt}", {"q": "alv"})
    # then
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.EXPORT
    assert event.actor == coach
    assert event.object_type == "people.participant"
    assert event.fields == EXPORTED_FIELDS
    assert event.detail == f"caseload {fmt}, 1 rows, completed, q=alv"


def test_it_never_exports_another_organisations_participants(client, coach, rosa, novak):
    # given
    client.force_login(coach)
    # when
    csv_rows = read_csv(client.get("/participants/export.csv", {"who": "everyone"}))
    book = load_workbook(io.BytesIO(client.get("/participants/export.xlsx").content))
    # then
    assert [row[2] for row in csv_rows[1:]] == ["Alvarez"]
    assert [r[2] for r in book.active.iter_rows(min_row=2, values_only=True)] == ["Alvarez"]


def test_it_refuses_an_unknown_format(client, coach, rosa):
    # given
    client.force_login(coach)
    # when
    response = client.get("/participants/export.pdf")
    # then
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_it_refuses_roles_without_casework(client, request, persona, rosa):
    # given
    client.force_login(request.getfixturevalue(persona))
    # when
    response = client.get("/participants/export.csv")
    # then
    assert response.status_code == 403
    assert not AuditEvent.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/participants/export.csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# The writers on their own ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\ncmd"),
        ("Rosa", "Rosa"),
        ("a=b", "a=b"),
        (-2, -2),
        (None, ""),
    ],
)
def test_it_prefixes_an_apostrophe_to_text_that_starts_like_a_formula(value, expected):
    assert cell_value(value) == expected


def test_it_writes_csv_and_xlsx_from_rows():
    # given
    headers = ["Name", "Due"]
    rows = [["=cmd", date(2026, 3, 2)], ["Ana", None]]
    # when
    text = rows_to_csv(headers, rows).decode("utf-8")
    sheet = load_workbook(io.BytesIO(rows_to_xlsx(headers, rows, title="T"))).active
    # then
    assert text == "\ufeffName,Due\r\n'=cmd,2026-03-02\r\nAna,\r\n"
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Name", "Due"],
        ["'=cmd", datetime(2026, 3, 2)],
        ["Ana", None],
    ]
