"""The community impact report: page, PDF, CSV, sending with snapshots, the partner's view."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import ParticipantFactory, make_user
from workbridge.accounts.models import AuditEvent, Role
from workbridge.employers.models import EmployerPartner, ImpactSnapshot, MessageSent
from workbridge.employers.services import contact_add, employer_create
from workbridge.placements.models import Placement

Q3 = "kind=quarter&on=2026-08-15"


@pytest.fixture
def acme(coach):
    employer = employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})
    org = employer.organisation
    # twelve hires in Q3 2026 in Austin (25), three in Rogers Park (1): a small cell
    for n in range(15):
        area = 25 if n < 12 else 1
        who = ParticipantFactory(organisation=org, zip_code="60644", community_area_id=area)
        Placement.objects.create(
            organisation=org,
            participant=who,
            employer=employer,
            job_title="Packer",
            started_on=date(2026, 7, 1 + n),
            hourly_wage=Decimal("20.00"),
            hours_per_week=40,
        )
    contact_add(
        employer=employer,
        by=coach,
        data={"name": "Rosa Díaz", "email": "rosa@acme.test", "preferred_language": "es"},
    )
    contact_add(
        employer=employer,
        by=coach,
        data={"name": "Opted Out", "email": "no@acme.test", "email_opt_out": True},
    )
    return employer


@pytest.fixture
def partner(acme):
    user = make_user("acme-hr", Role.EMPLOYER, acme.organisation)
    EmployerPartner.objects.create(user=user, employer=acme)
    return user


def test_it_shows_the_report_with_small_cells_hidden(client, coach, acme):
    client.force_login(coach)
    response = client.get(reverse("employers:impact_report", args=[acme.pk]) + "?" + Q3)
    assert response.status_code == 200
    published = response.context["published"]
    assert published["hires"] == 15
    assert published["since"] == "2026-07-01" and published["until"] == "2026-09-30"
    areas = {a["number"]: a["hires"] for a in published["areas"]}
    assert areas[25] is None and areas[1] is None  # 3 is small; 12 is its complement
    assert "15 people from the program started work" in response.context["narrative"]
    assert b"<svg" in response.content


def test_it_gives_a_pdf_and_a_csv_with_the_same_figures(client, coach, acme):
    client.force_login(coach)
    pdf = client.get(reverse("employers:impact_report_pdf", args=[acme.pk]) + "?" + Q3)
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Acme Foods" in text and "15" in text
    response = client.get(reverse("employers:impact_report_csv", args=[acme.pk]) + "?" + Q3)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Hires", "Hires from the program", "15", "", ""] in rows
    community = [r for r in rows if r[0] == "Community areas"]
    assert all(r[2] == "" for r in community)  # every area hidden
    assert AuditEvent.objects.filter(actor=coach, action="export").count() == 2


def test_it_keeps_and_sends_the_report_in_each_contacts_language(client, coach, acme):
    client.force_login(coach)
    response = client.post(
        reverse("employers:impact_report_send", args=[acme.pk]),
        {"kind": "custom", "since": "2026-07-01", "until": "2026-09-30"},
    )
    snapshot = ImpactSnapshot.objects.get(employer=acme)
    assert response.status_code == 302
    assert snapshot.language == "es" and snapshot.figures["hires"] == 15
    assert bytes(snapshot.pdf).startswith(b"%PDF")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rosa@acme.test"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    statuses = sorted(MessageSent.objects.filter(employer=acme).values_list("status", flat=True))
    assert statuses == ["sent", "skipped"]
    # re-read exactly as sent, even after the records change
    Placement.objects.filter(employer=acme).delete()
    page = client.get(reverse("employers:impact_snapshot", args=[acme.pk, snapshot.pk]))
    assert page.context["published"]["hires"] == 15
    kept = client.get(reverse("employers:impact_snapshot_pdf", args=[acme.pk, snapshot.pk]))
    assert kept.content == bytes(snapshot.pdf)


def test_a_partner_sees_its_own_reports_and_nothing_else(client, coach, acme, partner):
    client.force_login(coach)
    client.post(
        reverse("employers:impact_report_send", args=[acme.pk]),
        {"kind": "custom", "since": "2026-07-01", "until": "2026-09-30"},
    )
    other = employer_create(by=coach, data={"name": "Other Co", "owner": coach})
    client.post(
        reverse("employers:impact_report_send", args=[other.pk]),
        {"kind": "custom", "since": "2026-07-01", "until": "2026-09-30"},
    )
    mine = ImpactSnapshot.objects.get(employer=acme)
    theirs = ImpactSnapshot.objects.get(employer=other)
    client.force_login(partner)
    home = client.get(reverse("employers:partner_home"))
    assert list(home.context["snapshots"]) == [mine]
    assert client.get(reverse("employers:partner_snapshot", args=[mine.pk])).status_code == 200
    assert client.get(reverse("employers:partner_snapshot", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("employers:impact_report", args=[acme.pk])).status_code in (
        403,
        404,
    )
    assert AuditEvent.objects.filter(actor=partner, action="view").count() == 2
    body = client.get(reverse("employers:partner_snapshot", args=[mine.pk])).content.decode()
    assert "Packer" not in body and "ParticipantFactory" not in body


def test_the_program_dashboard_shows_every_employer_with_a_map_and_a_trend(client, coach, acme):
    client.force_login(coach)
    response = client.get(reverse("employers:impact_program") + "?" + Q3)
    assert response.status_code == 200
    assert response.context["published"]["hires"] == 15
    assert len(response.context["published"]["trend"]) == 8
    assert response.context["published"]["top"][0] == {
        "employer": "Acme Foods",
        "hires": 15,
        "local": 100,
        "median_wage": "20.00",
    }
    assert b'class="impact-map"' in response.content
    book = client.get(reverse("employers:impact_program_xlsx") + "?" + Q3)
    from openpyxl import load_workbook

    sheets = load_workbook(io.BytesIO(book.content)).sheetnames
    assert sheets == ["Figures", "Trend by quarter", "Top employers"]
    packet = client.get(reverse("employers:impact_program_pdf") + "?" + Q3)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(packet.content)).pages)
    assert "Top employers" in text and "Acme Foods" in text


def test_the_call_screen_records_an_open_retention_check_and_comes_back(client, coach, acme):
    placement = Placement.objects.filter(employer=acme).order_by("pk").first()
    check = placement.checks.create(checkpoint=30, due_on=date(2026, 8, 1))
    client.force_login(coach)
    call = reverse("employers:call", args=[acme.pk])
    page = client.get(call)
    assert check in page.context["placements"][0].open_checks
    response = client.post(
        reverse("placements:check_record", args=[placement.pk, check.pk]),
        {
            f"check-{check.pk}-still_employed": "yes",
            f"check-{check.pk}-done_on": "2026-08-02",
            f"check-{check.pk}-current_wage": "21.25",
            "next": call,
        },
    )
    assert response.status_code == 302 and response["Location"] == call
    check.refresh_from_db()
    assert (check.still_employed, check.current_wage) == ("yes", Decimal("21.25"))


def test_a_review_packet_sets_the_half_year_against_the_half_before(client, coach, acme):
    from datetime import datetime, timedelta

    from workbridge.employers.services import meeting_schedule

    starts = timezone.make_aware(datetime(2027, 1, 20, 10))
    meeting = meeting_schedule(
        by=coach,
        employers=[acme],
        title="Half-year review",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    client.force_login(coach)
    response = client.get(reverse("employers:meeting_packet", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    # in Rosa's language: July–December 2026 had the 15 hires; January–June none
    assert "Acme Foods" in text and "Empleo local" in text and "+15" in text


def test_merge_fields_quote_the_last_quarters_published_figures(coach, acme):
    from workbridge.employers.messages import message_render
    from workbridge.employers.models import MessageTemplate

    template = MessageTemplate.objects.create(
        organisation=acme.organisation,
        name="Quarter",
        subject_en="Your quarter",
        body_en="{{ local_share }} live in Chicago. {{ impact_summary }}",
    )
    _language, _subject, body = message_render(template, acme, None, today=date(2026, 10, 15))
    assert body.startswith("100% live in Chicago. 15 people from the program started work")


def test_the_report_publishes_hiring_incentives_with_small_counts_hidden(client, coach, acme):
    # given every one of the 15 hires bonded, and a tax credit certified for three of them
    placements = list(acme.placements.order_by("pk"))
    Placement.objects.filter(employer=acme).update(bond_starts_on=date(2026, 7, 1))
    Placement.objects.filter(pk__in=[p.pk for p in placements[:3]]).update(
        wotc_outcome="certified", wotc_credit=Decimal("2400.00")
    )
    client.force_login(coach)
    # when
    page = client.get(reverse("employers:impact_report", args=[acme.pk]) + "?" + Q3)
    # then the bonded hires are published, and the credits (resting on three) are hidden
    assert page.context["published"]["incentives"] == {"bonded_hires": 15, "tax_credits": None}
    assert b"Hires covered by a fidelity bond" in page.content
    csv_response = client.get(reverse("employers:impact_report_csv", args=[acme.pk]) + "?" + Q3)
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert ["Hiring incentives", "Hires covered by a fidelity bond", "15", "", ""] in rows
    assert ["Hiring incentives", "Work Opportunity Tax Credits certified", "", "", ""] in rows
    pdf = client.get(reverse("employers:impact_report_pdf", args=[acme.pk]) + "?" + Q3)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Hires covered by a fidelity bond" in text and "Work Opportunity Tax" in text


def test_the_report_publishes_a_credit_total_resting_on_enough_hires(client, coach, acme):
    # given tax credits certified for all 15 hires, and no bonds
    Placement.objects.filter(employer=acme).update(
        wotc_outcome="certified", wotc_credit=Decimal("2400.00")
    )
    client.force_login(coach)
    page = client.get(reverse("employers:impact_report", args=[acme.pk]) + "?" + Q3)
    assert page.context["published"]["incentives"] == {"bonded_hires": 0, "tax_credits": "36000.00"}
    assert b"$36000.00" in page.content
