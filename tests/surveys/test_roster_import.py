"""A session's roster comes from its sign-in sheet: people are named by their e-mail
address or user name; every row is checked first, and a sheet with a problem records
nobody."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from workbridge.surveys.models import Attendance, Course, TrainingSession


@pytest.fixture
def session(southside):
    course = Course.objects.create(organisation=southside, name="Interview training")
    return TrainingSession.objects.create(course=course, held_on=timezone.localdate())


def _upload(client, session, name, content: bytes):
    return client.post(
        reverse("surveys:roster_upload", args=[session.course.pk, session.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_it_records_the_roster_from_a_csv_sign_in_sheet(client, session, analyst, coach, manager):
    coach.email = "alice.coach@example.org"
    coach.save(update_fields=["email"])
    client.force_login(analyst)
    sheet = (
        "Email,Attended,Completed\n"
        f"{coach.email.upper()},yes,yes\n"  # addresses match in any case
        f"{manager.username},sí,no\n"
    )
    response = _upload(client, session, "sign-in.csv", sheet.encode())
    assert "2 people recorded." in response.text
    assert set(
        Attendance.objects.filter(session=session).values_list("user_id", "attended", "completed")
    ) == {(coach.pk, True, True), (manager.pk, True, False)}


def test_it_reads_an_xlsx_sheet_and_takes_attendance_as_given_without_that_column(
    client, session, analyst, coach
):
    book = Workbook()
    book.active.append(["Person", "Completed"])
    book.active.append([coach.username, "no"])
    content = io.BytesIO()
    book.save(content)
    client.force_login(analyst)
    _upload(client, session, "sheet.xlsx", content.getvalue())
    row = Attendance.objects.get(session=session)
    assert (row.user_id, row.attended, row.completed) == (coach.pk, True, False)


def test_a_sheet_with_problems_records_nobody_and_names_each_row(
    client, session, analyst, coach, other_coach
):
    client.force_login(analyst)
    sheet = (
        "email,attended,completed\n"
        f"{coach.username},yes,yes\n"
        "stranger@example.org,yes,no\n"
        f"{other_coach.username},yes,no\n"  # another organisation's member
        f"{coach.username},maybe,no\n"
        f"{coach.username},yes,no\n"
    )
    response = _upload(client, session, "sign-in.csv", sheet.encode())
    assert response.status_code == 400
    text = response.text
    assert "Row 3, column “email”: “stranger@example.org” is not the e-mail address" in text
    assert f"Row 4, column “email”: “{other_coach.username}” is not the e-mail address" in text
    assert "Row 5, column “attended”" in text
    assert "Row 6, column “email”: The same person is on row 2." in text
    assert not Attendance.objects.exists()


def test_a_sheet_without_a_person_column_is_refused(client, session, analyst):
    client.force_login(analyst)
    response = _upload(client, session, "sign-in.csv", b"name,attended\nRosa,yes\n")
    assert response.status_code == 400
    assert "The file has no column for “person”." in response.text
