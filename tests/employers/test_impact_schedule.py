"""Scheduled delivery of community impact reports: cadence, once per period, opt-outs."""

from datetime import date

import pytest
from django.core import mail

from workbridge.employers.impact_report import Period
from workbridge.employers.impact_sends import due_period, impact_reports_send_due
from workbridge.employers.models import Employer, ImpactReportPlan, ImpactSnapshot, MessageSent
from workbridge.employers.services import contact_add, employer_create


@pytest.mark.parametrize(
    ("cadence", "last", "today", "expected"),
    [
        ("quarterly", None, date(2026, 10, 1), Period(date(2026, 7, 1), date(2026, 9, 30))),
        ("quarterly", date(2026, 9, 30), date(2026, 12, 31), None),
        ("half_yearly", None, date(2026, 10, 1), Period(date(2026, 1, 1), date(2026, 6, 30))),
        ("yearly", date(2025, 12, 31), date(2026, 10, 1), None),
        ("never", None, date(2026, 10, 1), None),
    ],
)
def test_it_knows_which_period_is_due(cadence, last, today, expected):
    assert due_period(cadence, last, today) == expected


def test_it_sends_each_due_report_once_and_respects_opt_outs(coach, manager):
    # given two active partners: one quarterly by default, one that wants none
    default = employer_create(by=coach, data={"name": "Default Co"})
    contact_add(employer=default, by=coach, data={"name": "Ann", "email": "ann@default.test"})
    contact_add(
        employer=default,
        by=coach,
        data={"name": "Out", "email": "out@default.test", "email_opt_out": True},
    )
    quiet = employer_create(by=coach, data={"name": "Quiet Co"})
    Employer.objects.filter(pk__in=[default.pk, quiet.pk]).update(stage="active")
    contact_add(employer=quiet, by=coach, data={"name": "Q", "email": "q@quiet.test"})
    ImpactReportPlan.objects.create(employer=quiet, cadence="never")
    # when the daily run goes twice in October
    first = impact_reports_send_due(today=date(2026, 10, 1))
    second = impact_reports_send_due(today=date(2026, 10, 2))
    # then one report was kept and mailed to the one contact who has not opted out
    assert first == {"sent": 1, "skipped": 0} and second == {"sent": 0, "skipped": 0}
    snapshot = ImpactSnapshot.objects.get()
    assert (snapshot.employer, snapshot.since, snapshot.until) == (
        default,
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    assert [m.to for m in mail.outbox] == [["ann@default.test"]]
    history = MessageSent.objects.filter(employer=default).values_list("status", flat=True)
    assert sorted(history) == ["sent", "skipped"]
    assert ImpactReportPlan.objects.get(employer=default).last_sent_until == date(2026, 9, 30)


def test_a_bulk_send_attaches_each_employers_own_report(coach):
    from workbridge.employers.communications import bulk_send_start, message_template_save
    from workbridge.employers.messages import bulk_send_process

    first = employer_create(by=coach, data={"name": "First Co"})
    second = employer_create(by=coach, data={"name": "Second Co"})
    for employer, n in ((first, 2), (second, 1)):
        for k in range(n):
            contact_add(
                employer=employer,
                by=coach,
                data={"name": f"C{k}", "email": f"c{k}@{employer.pk}.test"},
            )
    template = message_template_save(
        by=coach, data={"name": "Q", "subject_en": "Your report", "body_en": "Attached."}
    )
    bulk = bulk_send_start(
        by=coach, template=template, employers=[first, second], attach_report=True
    )
    bulk = bulk_send_process(bulk, today=date(2026, 10, 1))
    assert (bulk.sent, bulk.processed, bulk.total) == (3, 3, 3)
    assert sorted(s.employer.name for s in ImpactSnapshot.objects.all()) == [
        "First Co",
        "Second Co",
    ]
    assert all(m.attachments[0][2] == "application/pdf" for m in mail.outbox)
    assert len(mail.outbox) == 3
