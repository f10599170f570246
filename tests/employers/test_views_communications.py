"""Message pages: templates with merge fields, a preview, one send, a bulk send and its progress."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.employers.communications import message_template_save
from workbridge.employers.models import BulkSend, MessageSent, MessageTemplate
from workbridge.employers.services import contact_add, employer_create, employer_move
from workbridge.placements.models import Placement

TODAY = timezone.localdate()


@pytest.fixture
def template(coach):
    return message_template_save(
        by=coach,
        data={
            "name": "Quarterly thanks",
            "subject_en": "Thank you, {{ employer_name }}",
            "body_en": "Dear {{ contact_name }}, you hired {{ hires }} of our participants "
            "at {{ average_wage }} an hour.",
            "subject_es": "Gracias, {{ employer_name }}",
            "body_es": "Estimada {{ contact_name }}: contrató a {{ hires }} participantes.",
        },
    )


@pytest.fixture
def acme(coach):
    acme = employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})
    for wage in ("18.00", "19.50"):
        Placement.objects.create(
            organisation=acme.organisation,
            participant=ParticipantFactory(organisation=acme.organisation),
            employer=acme,
            job_title="Cook",
            started_on=TODAY - timedelta(days=60),
            hourly_wage=Decimal(wage),
            hours_per_week=35,
        )
    return acme


@pytest.fixture
def rosa(coach, acme):
    return contact_add(
        employer=acme,
        by=coach,
        data={"name": "Rosa Díaz", "email": "rosa@acme.example", "preferred_language": "es"},
    )


@pytest.fixture
def tom(coach, acme):
    return contact_add(
        employer=acme, by=coach, data={"name": "Tom Reed", "email": "tom@acme.example"}
    )


def test_the_editor_lists_every_merge_field_with_its_description(client, coach):
    client.force_login(coach)

    html = client.get(reverse("employers:template_create")).content.decode()

    assert "<code>{{ employer_name }}</code>" in html
    assert (
        '<th scope="row"><code>{{ hires_near_site }}</code></th>'
        "<td>Of those, how many live near one of the employer&#x27;s sites</td>"
    ) in html


def test_a_template_with_an_unknown_field_shows_the_error_and_writes_nothing(client, coach):
    client.force_login(coach)
    events = AuditEvent.objects.count()

    response = client.post(
        reverse("employers:template_create"),
        {"name": "Bad", "subject_en": "Hello", "body_en": "Your CEO earns {{ ceo_salary }}."},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Body (English): Unknown merge field: ceo_salary" in html
    assert not MessageTemplate.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_template_is_created_then_edited(client, coach):
    client.force_login(coach)

    response = client.post(
        reverse("employers:template_create"),
        {"name": "Hello", "subject_en": "Hi {{ employer_name }}", "body_en": "Thanks."},
    )
    template = MessageTemplate.objects.get()
    assert response["Location"] == reverse("employers:template_preview", args=[template.pk])

    client.post(
        reverse("employers:template_edit", args=[template.pk]),
        {"name": "Hello again", "subject_en": "Hi", "body_en": "Thanks again."},
    )

    template.refresh_from_db()
    assert (template.name, template.body_en, template.body_es) == (
        "Hello again",
        "Thanks again.",
        "",
    )


def test_the_preview_merges_the_employers_figures_in_the_contacts_language(
    client, coach, template, acme, rosa, tom
):
    client.force_login(coach)
    url = reverse("employers:template_preview", args=[template.pk])

    english = client.get(url, {"employer": acme.pk, "contact": tom.pk}).content.decode()
    spanish = client.get(url, {"employer": acme.pk, "contact": rosa.pk}).content.decode()

    assert "<dt>Language</dt><dd>English</dd>" in english
    assert "<dd>Thank you, Acme Foods</dd>" in english
    assert "Dear Tom Reed, you hired 2 of our participants at 18.75 an hour." in english
    assert "<dt>Language</dt><dd>Spanish</dd>" in spanish
    assert "Estimada Rosa Díaz: contrató a 2 participantes." in spanish
    assert "Send to Rosa Díaz" in spanish


def test_sending_to_one_contact_mails_them_and_logs_it_on_the_employer(
    client, coach, template, acme, tom
):
    client.force_login(coach)

    response = client.post(
        reverse("employers:message_send", args=[template.pk]), {"contact": tom.pk}, follow=True
    )

    html = response.content.decode()
    assert [m.to for m in mail.outbox] == [["tom@acme.example"]]
    assert mail.outbox[0].subject == "Thank you, Acme Foods"
    sent = MessageSent.objects.get()
    assert (sent.employer, sent.contact, sent.status, sent.by) == (acme, tom, "sent", coach)
    assert "Sent to Tom Reed (tom@acme.example)." in html
    # the employer page's message history
    assert "<td>Tom Reed</td>" in html and "<td>Thank you, Acme Foods</td>" in html


def test_an_opted_out_contact_is_not_mailed(client, coach, template, acme):
    quiet = contact_add(
        employer=acme,
        by=coach,
        data={"name": "Quinn", "email": "quinn@acme.example", "email_opt_out": True},
    )
    client.force_login(coach)

    client.post(reverse("employers:message_send", args=[template.pk]), {"contact": quiet.pk})

    assert mail.outbox == []
    assert MessageSent.objects.get().status == "skipped"


def test_a_bulk_send_runs_to_done_and_its_progress_says_so(
    client, coach, template, acme, rosa, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    birch = employer_create(by=coach, data={"name": "Birch Logistics", "owner": coach})
    contact_add(
        employer=birch,
        by=coach,
        data={"name": "Kim", "email": "kim@birch.example", "email_opt_out": True},
    )
    client.force_login(coach)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("employers:bulk_send"),
            {"template": template.pk, "employers": [acme.pk, birch.pk]},
        )

    bulk = BulkSend.objects.get()
    assert response["Location"] == reverse("employers:bulk_send_progress", args=[bulk.pk])
    assert (bulk.status, bulk.processed, bulk.total, bulk.sent, bulk.skipped) == (
        "done",
        2,
        2,
        1,
        1,
    )
    assert [m.to for m in mail.outbox] == [["rosa@acme.example"]]
    fragment = client.get(reverse("employers:bulk_send_status", args=[bulk.pk])).content.decode()
    assert "Done: 2 of 2 contacts processed." in fragment
    assert 'max="2" value="2"' in fragment
    assert "hx-trigger" not in fragment
    page = client.get(reverse("employers:bulk_send_progress", args=[bulk.pk])).content.decode()
    assert '<div aria-live="polite">' in page


def test_a_running_bulk_send_polls_every_two_seconds_and_offers_a_refresh_link(
    client, coach, template, acme
):
    bulk = BulkSend.objects.create(
        organisation=acme.organisation,
        template=template,
        employer_ids=[acme.pk],
        total=4,
        processed=1,
        sent=1,
        status="running",
        created_by=coach,
    )
    client.force_login(coach)

    html = client.get(reverse("employers:bulk_send_progress", args=[bulk.pk])).content.decode()

    status_url = reverse("employers:bulk_send_status", args=[bulk.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in html
    assert "Sending: 1 of 4 contacts processed." in html
    assert (
        f'<a href="{reverse("employers:bulk_send_progress", args=[bulk.pk])}">Refresh</a>' in html
    )
    assert 'src="/static/htmx/htmx.min.js"' in html


def test_the_bulk_form_lists_the_employers_the_filters_match(client, coach, template, acme):
    partner = employer_create(by=coach, data={"name": "Oak Partners"})
    employer_move(employer=partner, by=coach, to_stage="active")
    client.force_login(coach)

    response = client.get(reverse("employers:bulk_send"), {"stage": "active"})

    choices = response.context["form"].fields["employers"].widget.choices
    assert [label for _value, label in choices] == ["Oak Partners"]


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_roles_without_casework_are_refused(client, request, persona, template, tom):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("employers:templates")).status_code == 403
    assert client.get(reverse("employers:template_create")).status_code == 403
    response = client.post(
        reverse("employers:message_send", args=[template.pk]), {"contact": tom.pk}
    )
    assert response.status_code == 403
    assert mail.outbox == []
    assert not MessageSent.objects.exists()


def test_another_organisations_templates_and_contacts_are_not_found(
    client, other_coach, template, tom
):
    client.force_login(other_coach)

    assert client.get(reverse("employers:template_preview", args=[template.pk])).status_code == 404
    response = client.post(
        reverse("employers:template_edit", args=[template.pk]),
        {"name": "Mine now", "subject_en": "x", "body_en": "y"},
    )
    assert response.status_code == 404
    template.refresh_from_db()
    assert template.name == "Quarterly thanks"
    # their own template cannot reach our contact either
    theirs = message_template_save(
        by=other_coach, data={"name": "Theirs", "subject_en": "Hi", "body_en": "Hello"}
    )
    response = client.post(reverse("employers:message_send", args=[theirs.pk]), {"contact": tom.pk})
    assert response.status_code == 404
    assert mail.outbox == []


def test_another_organisations_bulk_send_is_not_found(client, other_coach, coach, template, acme):
    bulk = BulkSend.objects.create(
        organisation=acme.organisation, template=template, employer_ids=[acme.pk], created_by=coach
    )
    client.force_login(other_coach)

    assert client.get(reverse("employers:bulk_send_progress", args=[bulk.pk])).status_code == 404
    assert client.get(reverse("employers:bulk_send_status", args=[bulk.pk])).status_code == 404


def test_the_list_carries_an_employer_on_to_the_preview_which_asks_for_one_otherwise(
    client, coach, template, acme
):
    client.force_login(coach)
    preview = reverse("employers:template_preview", args=[template.pk])

    listing = client.get(reverse("employers:templates"), {"employer": acme.pk}).content.decode()
    empty = client.get(preview)

    assert f'href="{preview}?employer={acme.pk}">Preview and send' in listing
    assert empty.status_code == 200
    assert empty.context["rendered"] is None
    assert '<option value="">Choose an employer</option>' in empty.content.decode()
