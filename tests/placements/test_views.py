"""Referral, slate, placement and retention-queue pages: flows, audit and who is let in."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory
from tests.placements.conftest import TODAY
from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import Interaction
from workbridge.placements.models import (
    Placement,
    Referral,
    ReferralStatus,
    ReferralStep,
    RetentionCheck,
    RetentionSupport,
)
from workbridge.placements.services import placement_record, referral_create, referral_move


@pytest.fixture
def referral(coach, rosa, opening):
    return referral_create(participant=rosa, opening=opening, by=coach, status="referred")


@pytest.fixture
def placement(coach, rosa, acme):
    return placement_record(
        participant=rosa,
        employer=acme,
        started_on=TODAY - timedelta(days=100),
        hourly_wage=Decimal("18.00"),
        hours_per_week=35,
        job_title="Packer",
        by=coach,
    )


def _views_of(participant) -> int:
    return AuditEvent.objects.filter(
        action="view", object_type="people.participant", object_id=str(participant.pk)
    ).count()


# Referring a participant -----------------------------------------------------------------


def test_the_participants_page_lists_referrals_and_jobs_and_is_audited(
    client, coach, rosa, referral, placement
):
    client.force_login(coach)

    response = client.get(reverse("placements:participant", args=[rosa.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Line cook" in html and "Packer" in html
    assert reverse("placements:referral", args=[referral.pk]) in html
    assert reverse("placements:detail", args=[placement.pk]) in html
    assert '<label class="usa-label" for="id_opening">' in html
    assert _views_of(rosa) == 1


def test_referring_from_the_page_creates_a_referral(client, coach, rosa, opening):
    client.force_login(coach)

    response = client.post(
        reverse("placements:participant", args=[rosa.pk]),
        {"opening": opening.pk, "status": "suggested", "on": TODAY.isoformat(), "note": "Ask"},
    )

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:referral", args=[referral.pk])
    assert (referral.participant, referral.opening, referral.status) == (rosa, opening, "suggested")
    assert referral.steps.get().note == "Ask"


def test_a_second_referral_to_the_same_opening_shows_the_error(client, coach, rosa, referral):
    client.force_login(coach)

    response = client.post(
        reverse("placements:participant", args=[rosa.pk]),
        {"opening": referral.opening.pk, "status": "suggested", "on": TODAY.isoformat()},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "already been put forward" in response.content.decode()
    assert Referral.objects.count() == 1


# A referral's page and its steps --------------------------------------------------------


def test_the_referral_page_shows_the_steps_and_the_allowed_moves(client, coach, rosa, referral):
    referral_move(
        referral=referral,
        to_status="interviewing",
        by=coach,
        on=TODAY,
        employer_feedback="Liked her forklift certificate",
    )
    client.force_login(coach)

    response = client.get(reverse("placements:referral", args=[referral.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Liked her forklift certificate" in html
    options = response.context["form"].fields["to_status"].choices
    assert [value for value, _label in options] == ["offered", "declined", "not_selected"]
    assert _views_of(rosa) == 1


def test_moving_to_hired_from_the_page_records_the_placement(client, coach, rosa, referral):
    referral_move(referral=referral, to_status="offered", by=coach, on=TODAY)
    client.force_login(coach)

    response = client.post(
        reverse("placements:referral_move", args=[referral.pk]),
        {
            "to_status": "hired",
            "on": TODAY.isoformat(),
            "feedback_kind": "call",
            "started_on": (TODAY + timedelta(days=7)).isoformat(),
            "hourly_wage": "19.50",
            "hours_per_week": "32",
            "health_insurance": "on",
            "prior_hourly_wage": "14.00",
        },
    )

    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:detail", args=[placement.pk])
    assert placement.started_on == TODAY + timedelta(days=7)
    assert (placement.hourly_wage, placement.prior_hourly_wage) == (
        Decimal("19.50"),
        Decimal("14.00"),
    )
    assert (placement.health_insurance, placement.paid_leave) == (True, False)
    assert placement.checks.count() == 4


def test_a_hire_with_the_terms_left_empty_takes_the_step_date_and_the_openings_terms(
    client, coach, rosa, referral
):
    referral_move(referral=referral, to_status="offered", by=coach, on=TODAY)
    client.force_login(coach)

    response = client.post(
        reverse("placements:referral_move", args=[referral.pk]),
        {"to_status": "hired", "on": TODAY.isoformat(), "feedback_kind": "call"},
    )

    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.started_on == TODAY
    assert (placement.hourly_wage, placement.hours_per_week) == (Decimal("19.50"), 32)


def test_the_empty_pages_render_with_labelled_fields(client, coach, manager, rosa):
    client.force_login(coach)

    refer = client.get(reverse("placements:participant", args=[rosa.pk])).content.decode()
    create = client.get(reverse("placements:create", args=[rosa.pk])).content.decode()
    queue = client.get(reverse("placements:queue")).content.decode()
    client.force_login(manager)
    outcomes = client.get(reverse("placements:outcomes")).content.decode()

    assert "There are no open openings." in refer
    assert (
        '<label class="usa-label" for="id_employer">' in create
        and '<label class="usa-label" for="id_started_on">' in create
    )
    assert "No retention check is due." in queue
    assert "No placements in this period." in outcomes
    assert '<label class="usa-label" for="id_started_from">' in outcomes


def test_a_move_the_referral_cannot_make_is_refused_on_the_page(client, coach, referral):
    client.force_login(coach)
    steps = ReferralStep.objects.count()

    response = client.post(
        reverse("placements:referral_move", args=[referral.pk]),
        {"to_status": "hired", "on": TODAY.isoformat(), "feedback_kind": "call"},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "referred"
    assert ReferralStep.objects.count() == steps
    assert not Placement.objects.exists()


def test_not_selected_without_a_reason_is_refused_on_the_page(client, coach, referral):
    client.force_login(coach)

    response = client.post(
        reverse("placements:referral_move", args=[referral.pk]),
        {"to_status": "not_selected", "on": TODAY.isoformat(), "feedback_kind": "call"},
    )

    assert response.status_code == 200
    assert "Say why the referral ended." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "referred"


# Slates ---------------------------------------------------------------------------------


def test_a_slate_sent_from_the_page_is_logged_on_the_employer(
    client, coach, rosa, jon, opening, acme
):
    ours = [referral_create(participant=p, opening=opening, by=coach) for p in (rosa, jon)]
    client.force_login(coach)

    page = client.get(reverse("placements:slate", args=[opening.pk]))
    response = client.post(
        reverse("placements:slate", args=[opening.pk]),
        {
            "referrals": [r.pk for r in ours],
            "kind": "email",
            "sent_on": TODAY.isoformat(),
            "note": "Both available Monday",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert interaction.summary == "Slate for Line cook: Rosa A., Jon B.\nBoth available Monday"
    assert set(Referral.objects.values_list("status", flat=True)) == {ReferralStatus.REFERRED}


# A placement's page ---------------------------------------------------------------------


def test_the_placement_page_shows_its_checks_and_is_audited(client, coach, rosa, placement):
    client.force_login(coach)

    response = client.get(reverse("placements:detail", args=[placement.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Record the check") == 4
    assert html.count('<tr class="overdue">') == 2  # the 30- and 90-day checks of a 100-day-old job
    assert _views_of(rosa) == 1


def test_a_check_recorded_on_the_page_is_saved(client, coach, placement):
    check = placement.checks.get(checkpoint=30)
    client.force_login(coach)
    prefix = f"check-{check.pk}"

    response = client.post(
        reverse("placements:check_record", args=[placement.pk, check.pk]),
        {
            f"{prefix}-still_employed": "yes",
            f"{prefix}-done_on": TODAY.isoformat(),
            f"{prefix}-notes": "Doing well",
        },
    )

    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.still_employed, check.done_on, check.notes) == ("yes", TODAY, "Doing well")


def test_a_check_without_an_answer_shows_the_error(client, coach, placement):
    check = placement.checks.get(checkpoint=30)
    client.force_login(coach)

    response = client.post(
        reverse("placements:check_record", args=[placement.pk, check.pk]),
        {f"check-{check.pk}-done_on": TODAY.isoformat()},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    check.refresh_from_db()
    assert check.done_on is None


def test_ending_the_placement_on_the_page_closes_later_checks(client, coach, placement):
    client.force_login(coach)
    ended = TODAY - timedelta(days=20)  # day 80: before the 90-day checkpoint

    response = client.post(
        reverse("placements:end", args=[placement.pk]),
        {
            "end-ended_on": ended.isoformat(),
            "end-end_reason": "quit",
            "end-loss_factors": ["transportation"],
        },
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.ended_on, placement.loss_factors) == (ended, ["transportation"])
    assert list(placement.checks.values_list("checkpoint", "still_employed")) == [
        (30, "unknown"),
        (90, "no"),
        (180, "no"),
        (365, "no"),
    ]


def test_a_support_added_on_the_page_is_saved(client, coach, placement):
    client.force_login(coach)

    response = client.post(
        reverse("placements:support_add", args=[placement.pk]),
        {"support-kind": "childcare", "support-given_on": TODAY.isoformat()},
    )

    assert response.status_code == 302
    assert list(RetentionSupport.objects.values_list("kind", "given_on")) == [("childcare", TODAY)]


def test_recording_a_job_found_without_a_referral(client, coach, rosa, acme):
    client.force_login(coach)

    response = client.post(
        reverse("placements:create", args=[rosa.pk]),
        {
            "employer": acme.pk,
            "job_title": "Stocker",
            "started_on": TODAY.isoformat(),
            "hourly_wage": "17.00",
            "hours_per_week": "30",
        },
    )

    placement = Placement.objects.get()
    assert response.status_code == 302
    assert (placement.job_title, placement.referral, placement.checks.count()) == (
        "Stocker",
        None,
        4,
    )


# The retention queue --------------------------------------------------------------------


def test_the_queue_lists_my_checks_overdue_first_and_is_audited(client, coach, rosa, placement):
    client.force_login(coach)

    response = client.get(reverse("placements:queue"))

    html = response.content.decode()
    assert response.status_code == 200
    assert [c.checkpoint for c in response.context["checks"]] == [30, 90]
    assert html.count(rosa.display_name) >= 2
    assert _views_of(rosa) == 1


def test_a_manager_sees_another_staff_members_checks(client, coach, manager, placement):
    client.force_login(manager)

    response = client.get(reverse("placements:queue"), {"owner": coach.pk})

    assert response.status_code == 200
    assert len(response.context["checks"]) == 2


def test_staff_may_not_open_another_persons_queue(client, coach, manager):
    client.force_login(coach)

    assert client.get(reverse("placements:queue"), {"owner": manager.pk}).status_code == 403


# Who is let in --------------------------------------------------------------------------


def _pages(referral, placement, rosa, opening):
    check = placement.checks.first()
    return [
        ("get", reverse("placements:participant", args=[rosa.pk])),
        ("post", reverse("placements:participant", args=[rosa.pk])),
        ("get", reverse("placements:referral", args=[referral.pk])),
        ("post", reverse("placements:referral_move", args=[referral.pk])),
        ("get", reverse("placements:slate", args=[opening.pk])),
        ("post", reverse("placements:slate", args=[opening.pk])),
        ("get", reverse("placements:create", args=[rosa.pk])),
        ("post", reverse("placements:create", args=[rosa.pk])),
        ("get", reverse("placements:detail", args=[placement.pk])),
        ("post", reverse("placements:check_record", args=[placement.pk, check.pk])),
        ("post", reverse("placements:end", args=[placement.pk])),
        ("post", reverse("placements:support_add", args=[placement.pk])),
        ("get", reverse("placements:queue")),
    ]


def _payload(referral, placement, opening, acme):
    check = placement.checks.first()
    today = TODAY.isoformat()
    return {
        "opening": opening.pk,
        "status": "suggested",
        "on": today,
        "to_status": "interviewing",
        "feedback_kind": "call",
        "referrals": [referral.pk],
        "kind": "email",
        "sent_on": today,
        "employer": acme.pk,
        "job_title": "Spy",
        "started_on": today,
        "hourly_wage": "99",
        "hours_per_week": "40",
        f"check-{check.pk}-still_employed": "no",
        f"check-{check.pk}-done_on": today,
        "end-ended_on": today,
        "end-end_reason": "quit",
        "support-kind": "other",
        "support-given_on": today,
    }


def _state():
    return (
        list(Referral.objects.values_list("pk", "status")),
        ReferralStep.objects.count(),
        list(Placement.objects.values_list("pk", "ended_on")),
        list(RetentionCheck.objects.values_list("pk", "done_on")),
        RetentionSupport.objects.count(),
        Interaction.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_roles_without_casework_are_refused_and_nothing_changes(
    request, client, persona, referral, placement, rosa, opening, acme
):
    client.force_login(request.getfixturevalue(persona))
    before = _state()

    for method, url in _pages(referral, placement, rosa, opening):
        response = getattr(client, method)(url, _payload(referral, placement, opening, acme))
        assert response.status_code == 403, url

    assert _state() == before


def test_another_organisation_gets_404_and_nothing_changes(
    client, other_coach, referral, placement, rosa, opening, acme
):
    client.force_login(other_coach)
    before = _state()

    for method, url in _pages(referral, placement, rosa, opening)[:-1]:
        response = getattr(client, method)(url, _payload(referral, placement, opening, acme))
        assert response.status_code == 404, url

    assert _state() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, referral, placement, rosa, opening):
    for method, url in _pages(referral, placement, rosa, opening):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_check_of_another_placement_is_not_found(client, coach, placement, rosa, acme):
    other = placement_record(
        participant=ParticipantFactory(organisation=rosa.organisation),
        employer=acme,
        started_on=TODAY,
        hourly_wage=Decimal("18"),
        hours_per_week=30,
        job_title="Packer",
        by=coach,
    )
    check = other.checks.first()
    client.force_login(coach)

    response = client.post(
        reverse("placements:check_record", args=[placement.pk, check.pk]),
        {f"check-{check.pk}-still_employed": "no", f"check-{check.pk}-done_on": TODAY},
    )

    assert response.status_code == 404
    check.refresh_from_db()
    assert check.done_on is None
