"""Every list pages at the PAGE_SIZE setting: a representative list or two of each app,
given one row more than a page holds, shows a page of PAGE_SIZE rows and a link onwards."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory, make_user
from tests.interviews.conftest import make_requisition
from workbridge.accounts.models import AuditAction, Role
from workbridge.accounts.services import audit_record
from workbridge.employers.models import Employer, ReviewMeeting
from workbridge.employers.services import employer_create
from workbridge.equity.models import ImportRun
from workbridge.interviews.services import panel_create, rubric_save
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation
from workbridge.placements.services import placement_record

PAGE_SIZE = 2
ROWS = PAGE_SIZE + 1


def participants(organisation, user) -> None:
    for n in range(ROWS):
        ParticipantFactory(organisation=organisation, last_name=f"Zed{n}", assigned_to=user)


def employers(organisation, user) -> None:
    for n in range(ROWS):
        Employer.objects.create(organisation=organisation, name=f"Employer {n}")


def follow_ups(organisation, user) -> None:
    overdue = timezone.localdate() - timedelta(days=3)
    for n in range(ROWS):
        Employer.objects.create(
            organisation=organisation,
            name=f"Employer {n}",
            owner=user,
            next_follow_up_on=overdue,
            next_follow_up_kind="call",
        )


def past_meetings(organisation, user) -> None:
    start = timezone.now() - timedelta(days=30)
    for n in range(ROWS):
        ReviewMeeting.objects.create(
            organisation=organisation,
            title=f"Review {n}",
            starts_at=start + timedelta(days=n),
            ends_at=start + timedelta(days=n, hours=1),
            uid=f"review-{n}@test",
            organiser=user,
        )


def openings(organisation, user) -> None:
    employer = employer_create(by=user, data={"name": "Acme Foods"})
    for n in range(ROWS):
        opening_create(
            by=user,
            employer=employer,
            data={
                "title": f"Line cook {n}",
                "occupation": Occupation.objects.get(code="35-2014"),
                "hourly_wage": Decimal("20.00"),
                "hours_per_week": 32,
                "zip_code": "60623",
                "posted_on": timezone.localdate(),
            },
        )


def retention_checks(organisation, user) -> None:
    employer = employer_create(by=user, data={"name": "Acme Foods"})
    # started 100 days ago: each placement's 30- and 90-day checks are overdue
    for _n in range(2):
        placement_record(
            participant=ParticipantFactory(organisation=organisation, assigned_to=user),
            employer=employer,
            started_on=timezone.localdate() - timedelta(days=100),
            job_title="Packer",
            hourly_wage=Decimal("18.00"),
            hours_per_week=35,
            by=user,
        )


def members(organisation, user) -> None:
    for n in range(ROWS):
        make_user(f"member{n}", Role.STAFF, organisation)


def audit_events(organisation, user) -> None:
    for _n in range(ROWS):
        audit_record(actor=user, action=AuditAction.EXPORT, object_type="employers.employer")


def imports(organisation, user) -> None:
    for n in range(ROWS):
        ImportRun.objects.create(organisation=organisation, filename=f"flow-{n}.csv")


def panels(organisation, user) -> None:
    requisition = make_requisition(organisation)
    rubric = rubric_save(
        organisation=organisation, data={"name": "Interview", "job_title": "Clerk"}, by=user
    )
    for n in range(ROWS):
        panel_create(requisition=requisition, rubric=rubric, name=f"Panel {n}", by=user)


@dataclass(frozen=True)
class Case:
    url: str
    persona: str
    make: Any
    rows: str  # the context entry that holds the page's rows


CASES = {
    "people caseload": Case("people:caseload", "coach", participants, "participants"),
    "employer list": Case("employers:list", "coach", employers, "employers"),
    "employer follow-ups": Case("employers:queue", "coach", follow_ups, "follow_ups"),
    "review meetings": Case("employers:meetings", "coach", past_meetings, "page"),
    "job openings": Case("jobs:list", "coach", openings, "page"),
    "retention checks": Case("placements:queue", "coach", retention_checks, "checks"),
    "audit log": Case("accounts:audit", "admin_user", audit_events, "page"),
    "users": Case("accounts:members", "admin_user", members, "users"),
    "equity imports": Case("equity:imports", "analyst", imports, "page"),
    "interview panels": Case("interviews:home", "analyst", panels, "page"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_every_list_pages_at_the_page_size(client, settings, request, southside, case):
    # given one row more than a page holds
    settings.WORKBRIDGE_PAGE_SIZE = PAGE_SIZE
    user = request.getfixturevalue(case.persona)
    case.make(southside, user)
    client.force_login(user)
    # when the list is opened
    response = client.get(reverse(case.url))
    # then it shows one page's rows and links to the next
    shown = response.context[case.rows]
    rows = shown.object_list if hasattr(shown, "object_list") else shown
    html = response.content.decode()
    assert response.status_code == 200
    assert len(list(rows)) == PAGE_SIZE
    assert 'page=2" rel="next"' in html
    assert 'aria-current="page">1</a>' in html
