"""Tailored communications: merge fields, language, opt-outs, logging and bulk progress."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tests.factories import ParticipantFactory
from workbridge.employers.communications import bulk_send_start, message_template_save
from workbridge.employers.messages import message_render
from workbridge.employers.models import BulkSend, MessageSent, MessageTemplate
from workbridge.employers.services import contact_add, employer_create
from workbridge.placements.models import Placement

TODAY = date(2026, 11, 1)


@pytest.fixture
def template(coach):
    return message_template_save(
        by=coach,
        data={
            "name": "Quarterly thanks",
            "subject_en": "Thank you, {{ employer_name }}",
            "body_en": "Dear {{ contact_name }}, you hired {{ hires }} of our participants.",
            "subject_es": "Gracias, {{ employer_name }}",
            "body_es": "Estimada {{ contact_name }}: contrató a {{ hires }} participantes.",
        },
    )


@pytest.fixture
def acme(coach):
    acme = employer_create(by=coach, data={"name": "Acme Foods"})
    Placement.objects.create(
        organisation=acme.organisation,
        participant=ParticipantFactory(organisation=acme.organisation),
        employer=acme,
        job_title="Cook",
        started_on=date(2026, 6, 1),
        hourly_wage=Decimal("18"),
        hours_per_week=35,
    )
    return acme


def test_a_template_naming_an_unknown_field_is_refused(coach):
    with pytest.raises(ValidationError) as error:
        message_template_save(
            by=coach,
            data={"name": "Bad", "subject_en": "Hi", "body_en": "{{ ceo_salary }}"},
        )

    assert "ceo_salary" in str(error.value.message_dict["body_en"])
    assert not MessageTemplate.objects.exists()


def test_the_preview_merges_the_employers_own_figures_in_the_contacts_language(
    template, acme, coach
):
    rosa = contact_add(employer=acme, by=coach, data={"name": "Rosa", "preferred_language": "es"})
    tom = contact_add(employer=acme, by=coach, data={"name": "Tom"})

    assert message_render(template, acme, rosa, today=TODAY) == (
        "es",
        "Gracias, Acme Foods",
        "Estimada Rosa: contrató a 1 participantes.",
    )
    assert message_render(template, acme, tom, today=TODAY)[2] == (
        "Dear Tom, you hired 1 of our participants."
    )


def test_a_bulk_send_reaches_every_contact_who_did_not_opt_out_and_logs_each(
    template, acme, coach, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    birch = employer_create(by=coach, data={"name": "Birch Logistics"})
    contact_add(employer=acme, by=coach, data={"name": "Rosa", "email": "rosa@acme.example"})
    contact_add(
        employer=birch,
        by=coach,
        data={"name": "Tom", "email": "tom@birch.example", "email_opt_out": True},
    )
    contact_add(employer=birch, by=coach, data={"name": "Kim"})  # no e-mail address

    with django_capture_on_commit_callbacks(execute=True):
        bulk = bulk_send_start(by=coach, template=template, employers=[acme, birch])

    bulk.refresh_from_db()
    assert (bulk.status, bulk.total, bulk.processed) == ("done", 3, 3)
    assert (bulk.sent, bulk.skipped, bulk.failed) == (1, 2, 0)
    assert bulk.percent == 100
    assert [m.to for m in mail.outbox] == [["rosa@acme.example"]]
    assert MessageSent.objects.filter(employer=birch, status="skipped").count() == 2
    assert BulkSend.objects.count() == 1


def test_a_bulk_send_that_has_already_run_is_not_sent_again(template, acme, coach, settings):
    # given a bulk send that went out in full
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from workbridge.employers.tasks import bulk_send_run

    contact_add(employer=acme, by=coach, data={"name": "Rosa", "email": "rosa@acme.example"})
    bulk = bulk_send_start(by=coach, template=template, employers=[acme])
    bulk_send_run.call(bulk.pk)
    mail.outbox.clear()
    # when the worker is handed it a second time
    result = bulk_send_run.call(bulk.pk)
    # then nobody is mailed twice and its counts stay as they were
    bulk.refresh_from_db()
    assert result == {"sent": 1, "skipped": 0, "failed": 0}
    assert mail.outbox == []
    assert (bulk.status, bulk.processed, bulk.sent) == ("done", 1, 1)
    assert MessageSent.objects.count() == 1


def test_a_bulk_send_can_be_kept_on_the_history_without_mailing_anyone(template, acme, coach):
    # given
    from workbridge.employers.messages import bulk_send_process

    contact_add(employer=acme, by=coach, data={"name": "Rosa", "email": "rosa@acme.example"})
    contact_add(employer=acme, by=coach, data={"name": "Kim"})  # no e-mail address
    bulk = bulk_send_start(by=coach, template=template, employers=[acme])
    kept = []
    # when
    bulk = bulk_send_process(bulk, today=TODAY, deliver=kept.append)
    # then
    assert [m.to for m in kept] == [["rosa@acme.example"]]
    assert mail.outbox == []
    assert (bulk.status, bulk.sent, bulk.skipped) == ("done", 1, 1)
    assert sorted(MessageSent.objects.values_list("status", flat=True)) == ["sent", "skipped"]
