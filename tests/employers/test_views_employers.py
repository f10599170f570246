"""The employer list, its exports, one employer's page, and adding or editing employers."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from workbridge.accounts.models import AuditEvent
from workbridge.employers.forms import EmployerFilterForm
from workbridge.employers.models import Contact, Employer, EmployerSignal, Location, StageChange
from workbridge.employers.services import (
    contact_add,
    employer_create,
    employer_move,
    interaction_log,
)
from workbridge.web.selects import select_shown

TODAY = timezone.localdate()


@pytest.fixture
def acme(coach):
    return employer_create(
        by=coach,
        data={"name": "Acme Foods", "owner": coach, "naics_code": "311812", "incentives": ["wotc"]},
        signals={"fair_chance": "Signed the fair-chance pledge in 2024"},
    )


@pytest.fixture
def birch(coach, manager):
    return employer_create(by=coach, data={"name": "Birch Logistics", "owner": manager})


@pytest.fixture
def theirs(other_coach):
    return employer_create(by=other_coach, data={"name": "Northside Bakery"})


def names_in(response) -> list[str]:
    return [e.name for e in response.context["page"].object_list]


# The list ---------------------------------------------------------------------


def test_it_lists_the_organisations_employers_by_name(client, coach, acme, birch, theirs):
    # given
    client.force_login(coach)
    # when
    response = client.get(reverse("employers:list"))
    # then
    assert response.status_code == 200
    assert names_in(response) == ["Acme Foods", "Birch Logistics"]
    assert "2 employers" in response.content.decode()
    assert 'aria-sort="ascending"' in response.content.decode()


def test_it_filters_by_search_stage_owner_and_signal(client, coach, manager, acme, birch):
    client.force_login(coach)
    employer_move(employer=birch, by=coach, to_stage="active")

    assert names_in(client.get(reverse("employers:list"), {"q": "birch"})) == ["Birch Logistics"]
    assert names_in(client.get(reverse("employers:list"), {"stage": "active"})) == [
        "Birch Logistics"
    ]
    assert names_in(client.get(reverse("employers:list"), {"owner": coach.pk})) == ["Acme Foods"]
    assert names_in(client.get(reverse("employers:list"), {"signal": "fair_chance"})) == [
        "Acme Foods"
    ]


def test_it_sorts_by_name_descending_and_says_so(client, coach, acme, birch):
    client.force_login(coach)

    response = client.get(reverse("employers:list"), {"sort": "-name"})

    assert names_in(response) == ["Birch Logistics", "Acme Foods"]
    assert '<th scope="col" aria-sort="descending"><a href="?sort=name">' in (
        response.content.decode()
    )


def test_it_pages_the_list_at_the_page_size(client, coach, settings):
    settings.WORKBRIDGE_PAGE_SIZE = 5
    for i in range(6):
        Employer.objects.create(organisation=coach.membership.organisation, name=f"E{i:03}")
    client.force_login(coach)

    first = client.get(reverse("employers:list"))
    second = client.get(reverse("employers:list"), {"page": 2})

    assert len(first.context["page"].object_list) == 5
    assert names_in(second) == ["E005"]
    assert "Page 2 of 2" in second.content.decode()


def test_it_shows_each_row_with_its_owner_stage_signals_and_follow_up(client, coach, acme, birch):
    # given
    Employer.objects.filter(pk=acme.pk).update(
        tier="strategic", next_follow_up_on=TODAY - timedelta(days=1), next_follow_up_kind="call"
    )
    Employer.objects.filter(pk=birch.pk).update(owner=None, next_follow_up_on=TODAY)
    client.force_login(coach)
    # when
    html = client.get(reverse("employers:list")).content.decode()
    # then
    acme_row, birch_row = re.findall(r"<tr>\s*<td><a href=.*?</tr>", html, re.S)
    assert f'<a href="{reverse("employers:detail", args=[acme.pk])}">Acme Foods</a>' in acme_row
    assert '<span class="badge">Strategic</span>' in acme_row
    assert "<td>Prospect</td>" in acme_row
    assert "<td>Alice Coach</td>" in acme_row
    assert '<span class="badge">Fair-chance hiring</span>' in acme_row
    assert '<span class="badge badge-danger">Overdue</span>' in acme_row
    assert '<span class="hint">Follow-up call</span>' in acme_row
    assert '<span class="hint">Nobody</span>' in birch_row
    assert "<td>—</td>" in birch_row
    assert '<span class="badge badge-warn">Due today</span>' in birch_row


def test_it_escapes_what_an_employer_is_called(client, coach):
    # given
    Employer.objects.create(organisation=coach.membership.organisation, name="<b>Tom & Jo's</b>")
    client.force_login(coach)
    # when
    html = client.get(reverse("employers:list")).content.decode()
    # then
    assert "&lt;b&gt;Tom &amp; Jo&#x27;s&lt;/b&gt;</a>" in html
    assert "<b>Tom" not in html


@pytest.mark.parametrize(
    "data", [None, {"stage": "active", "owner": "x<"}, {"stage": "bogus", "signal": "partner"}]
)
def test_its_filter_selects_are_drawn_as_django_draws_them(coach, data):
    # given
    form = EmployerFilterForm(data, user=coach)
    form.is_valid()
    for name in ("stage", "owner", "signal"):
        # when
        drawn = render_to_string("web/_selects.html#select", {"select": select_shown(form[name])})
        # then
        django = f"{form[name].label_tag()} {form[name]}"
        assert drawn == re.sub(r"\n\s*\n", "\n", django)


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_it_refuses_roles_that_do_not_work_the_crm(client, request, persona, acme):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("employers:list")).status_code == 403
    assert client.get(reverse("employers:detail", args=[acme.pk])).status_code == 403
    assert client.get(reverse("employers:export", args=["csv"])).status_code == 403


def test_it_requires_a_login(client):
    response = client.get(reverse("employers:list"))

    assert response.status_code == 302
    assert "/login" in response["Location"]


# Exports -------------------------------------------------------------------------


def test_it_exports_the_filtered_list_as_csv_and_audits_it(client, coach, acme, birch):
    client.force_login(coach)

    response = client.get(reverse("employers:export", args=["csv"]), {"q": "acme"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Employer", "External id", "Stage"]
    assert rows[1] == [
        "Acme Foods",
        "",
        "Prospect",
        "Standard",
        "Alice Coach",
        "311812",
        "",
        "",
        "Work Opportunity Tax Credit",
        "Fair-chance hiring: Signed the fair-chance pledge in 2024",
        "",
        str(TODAY + timedelta(days=14)),
        "Follow-up call",
    ]
    assert len(rows) == 2
    event = AuditEvent.objects.get(action="export")
    assert event.actor == coach
    assert event.object_type == "employers.employer"
    assert event.detail == "employers csv, 1 rows, completed, q=acme"


def test_it_exports_xlsx_that_opens_and_defuses_a_formula(client, coach):
    employer_create(by=coach, data={"name": '=HYPERLINK("http://x")'})
    client.force_login(coach)

    response = client.get(reverse("employers:export", args=["xlsx"]))

    assert response.status_code == 200
    assert 'filename="employers-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Employer"
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"
    assert AuditEvent.objects.filter(
        action="export", detail__startswith="employers xlsx, 1 rows, completed"
    ).exists()


def test_it_defuses_formulas_in_csv(client, coach):
    employer_create(by=coach, data={"name": "+cmd|' /C calc'!A0"})
    client.force_login(coach)

    response = client.get(reverse("employers:export", args=["csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'+cmd|' /C calc'!A0"


def test_it_refuses_an_unknown_export_format(client, coach):
    client.force_login(coach)

    assert client.get(reverse("employers:export", args=["pdf"])).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


# The detail page -------------------------------------------------------------------


def test_it_shows_an_employer_with_contacts_history_and_interactions(client, coach, acme):
    contact_add(
        employer=acme,
        by=coach,
        data={
            "name": "Dana Reyes",
            "role": "HR lead",
            "email": "dana@acme.test",
            "email_opt_out": True,
        },
    )
    employer_move(employer=acme, by=coach, to_stage="contacted", reason="Met at the job fair")
    interaction_log(
        by=coach,
        employers=[acme],
        kind="call",
        occurred_on=TODAY,
        summary="Talked about two openings",
        outcome="reached",
        next_step="Send resumes",
        next_step_on=TODAY + timedelta(days=2),
    )
    client.force_login(coach)

    response = client.get(reverse("employers:detail", args=[acme.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Acme Foods</h1>" in html
    assert "311812" in html
    assert "Work Opportunity Tax Credit" in html
    assert "<strong>Fair-chance hiring</strong> — Signed the fair-chance pledge in 2024" in html
    assert "Dana Reyes" in html and "Opted out of e-mail" in html
    assert "Met at the job fair" in html
    assert "Talked about two openings" in html
    assert "Send resumes" in html
    assert [c.to_stage for c in response.context["stage_changes"]] == ["contacted", "prospect"]


def test_it_hides_another_organisations_employer(client, coach, theirs):
    client.force_login(coach)

    assert client.get(reverse("employers:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("employers:edit", args=[theirs.pk])).status_code == 404


# Create and edit ---------------------------------------------------------------------


def employer_post(**overrides):
    data = {
        "name": "Cedar Health",
        "stage": "qualified",
        "naics_code": "621111",
        "size_band": "50_249",
        "website": "https://cedar.test",
        "tier": "strategic",
        "owner": "",
        "incentives": ["wotc", "bonding"],
        "notes": "Hires CNAs",
        "signal_inclusive": "on",
        "evidence_inclusive": "Ban-the-box on every posting",
    }
    data.update(overrides)
    return data


def test_it_adds_an_employer_with_signals_and_incentives(client, coach):
    client.force_login(coach)

    response = client.post(reverse("employers:create"), employer_post(owner=coach.pk))

    employer = Employer.objects.get(name="Cedar Health")
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:detail", args=[employer.pk])
    assert (employer.stage, employer.tier, employer.owner) == ("qualified", "strategic", coach)
    assert employer.incentives == ["bonding", "wotc"]
    assert list(employer.signals.values_list("kind", "evidence")) == [
        ("inclusive", "Ban-the-box on every posting")
    ]
    assert StageChange.objects.get(employer=employer).to_stage == "qualified"


def test_it_keeps_nothing_when_a_signal_lacks_evidence(client, coach):
    client.force_login(coach)

    response = client.post(
        reverse("employers:create"), employer_post(evidence_inclusive="", naics_code="12x")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Say what shows this signal." in html
    assert "Enter a NAICS code of two to six digits." in html
    assert not Employer.objects.exists()


def test_it_edits_an_employer_and_withdraws_a_signal(client, coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("employers:edit", args=[acme.pk]),
        employer_post(
            name="Acme Foods Inc",
            owner=coach.pk,
            signal_inclusive="",
            signal_alumni="on",
            evidence_alumni="Two graduates work the line",
        ),
    )

    acme.refresh_from_db()
    assert response.status_code == 302
    assert acme.name == "Acme Foods Inc"
    assert acme.stage == "prospect"  # editing never moves the stage
    assert dict(acme.signals.values_list("kind", "evidence")) == {
        "alumni": "Two graduates work the line"
    }


def test_it_refuses_an_owner_from_elsewhere(client, coach, other_coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("employers:edit", args=[acme.pk]), employer_post(owner=other_coach.pk)
    )

    acme.refresh_from_db()
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert acme.owner == coach
    assert acme.name == "Acme Foods"


def test_an_analyst_cannot_add_an_employer(client, analyst):
    client.force_login(analyst)

    response = client.post(reverse("employers:create"), employer_post())

    assert response.status_code == 403
    assert not Employer.objects.exists()


# Locations and contacts ------------------------------------------------------------


def test_it_adds_a_location(client, coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("employers:location_add", args=[acme.pk]),
        {"label": "Plant", "address": "2600 S Kedzie Ave", "zip_code": "60623"},
    )

    assert response.status_code == 302
    location = Location.objects.get(employer=acme)
    assert (location.label, location.zip_code) == ("Plant", "60623")


def test_it_refuses_a_bad_zip_and_adds_no_location(client, coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("employers:location_add", args=[acme.pk]),
        {"label": "Plant", "address": "2600 S Kedzie Ave", "zip_code": "606"},
    )

    assert response.status_code == 200
    assert "Enter a five-digit ZIP code." in response.content.decode()
    assert not Location.objects.exists()


def test_it_adds_and_edits_a_contact(client, coach, acme):
    client.force_login(coach)
    post = {
        "name": "Dana Reyes",
        "role": "HR lead",
        "phone": "312-555-0100",
        "email": "dana@acme.test",
        "preferred_channel": "phone",
        "preferred_language": "es",
    }

    added = client.post(reverse("employers:contact_add", args=[acme.pk]), post)
    contact = Contact.objects.get(employer=acme)
    edited = client.post(
        reverse("employers:contact_edit", args=[acme.pk, contact.pk]),
        {**post, "email_opt_out": "on"},
    )

    contact.refresh_from_db()
    assert (added.status_code, edited.status_code) == (302, 302)
    assert (contact.preferred_channel, contact.preferred_language) == ("phone", "es")
    assert contact.email_opt_out is True


def test_it_refuses_a_bad_email_and_changes_nothing(client, coach, acme):
    contact = contact_add(employer=acme, by=coach, data={"name": "Dana Reyes"})
    client.force_login(coach)

    response = client.post(
        reverse("employers:contact_edit", args=[acme.pk, contact.pk]),
        {
            "name": "Someone Else",
            "email": "not-an-address",
            "preferred_channel": "email",
            "preferred_language": "en",
        },
    )

    contact.refresh_from_db()
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert contact.name == "Dana Reyes"


def test_it_hides_a_contact_through_another_employer(client, coach, acme, birch):
    contact = contact_add(employer=birch, by=coach, data={"name": "Dana Reyes"})
    client.force_login(coach)

    response = client.get(reverse("employers:contact_edit", args=[acme.pk, contact.pk]))

    assert response.status_code == 404


def test_another_organisation_cannot_add_a_contact(client, other_coach, acme):
    client.force_login(other_coach)

    response = client.post(
        reverse("employers:contact_add", args=[acme.pk]),
        {"name": "Intruder", "preferred_channel": "email", "preferred_language": "en"},
    )

    assert response.status_code == 404
    assert not Contact.objects.exists()
    assert EmployerSignal.objects.count() == 1


def test_it_audits_each_view_of_an_employers_contacts(client, coach, manager, acme):
    # given a contact at Acme
    contact_add(employer=acme, by=coach, data={"name": "Dana Reyes", "phone": "312-555-0101"})
    before = AuditEvent.objects.count()
    client.force_login(manager)
    # when
    response = client.get(reverse("employers:detail", args=[acme.pk]))
    # then one view event names the employer whose contacts were shown, and the viewer
    assert response.status_code == 200
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.actor, e.action, e.object_type, e.object_id) for e in events] == [
        (manager, "view", "employers.employer", str(acme.pk))
    ]
    assert {"name", "phone", "email"} <= set(events[0].fields)


def test_it_audits_nothing_when_an_employer_page_is_refused(client, other_coach, acme):
    # given
    before = AuditEvent.objects.count()
    client.force_login(other_coach)
    # when
    response = client.get(reverse("employers:detail", args=[acme.pk]))
    # then
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before
