"""Slates: several referrals sent to an opening's employer, logged as one contact."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import ParticipantFactory
from tests.placements.conftest import TODAY
from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import Interaction
from workbridge.placements.models import ReferralStatus, Slate
from workbridge.placements.services import referral_create, referral_move, slate_send


def test_a_slate_is_logged_on_the_employer_with_first_names_and_initials_only(
    coach, rosa, jon, opening, acme
):
    # given one suggestion and one referral already sent
    suggested = referral_create(participant=rosa, opening=opening, by=coach)
    referred = referral_create(participant=jon, opening=opening, by=coach, status="referred")

    # when
    slate = slate_send(
        opening=opening, referrals=[suggested, referred], by=coach, kind="meeting", sent_on=TODAY
    )

    # then the employer's record shows one meeting with both, by first name and initial
    interaction = Interaction.objects.get()
    assert slate.interaction == interaction
    assert (interaction.kind, interaction.occurred_on) == ("meeting", TODAY)
    assert interaction.summary == "Slate for Line cook: Rosa A., Jon B."
    assert "Alvarez" not in interaction.summary and "Baker" not in interaction.summary
    assert list(interaction.employers.all()) == [acme]
    acme.refresh_from_db()
    assert acme.last_contact_on == TODAY
    # the suggestion became a referral, with a step that points at the contact
    suggested.refresh_from_db()
    assert suggested.status == ReferralStatus.REFERRED
    step = suggested.steps.last()
    assert (step.status, step.interaction) == (ReferralStatus.REFERRED, interaction)
    assert referred.steps.count() == 1
    assert set(slate.referrals.all()) == {suggested, referred}
    assert AuditEvent.objects.filter(
        object_type="placements.slate", object_id=str(slate.pk)
    ).exists()


def test_a_preferred_name_is_used_on_the_slate(coach, southside, opening):
    bobby = ParticipantFactory(
        organisation=southside, first_name="Roberto", preferred_name="Bobby", last_name="Diaz"
    )
    referral = referral_create(participant=bobby, opening=opening, by=coach)

    slate_send(opening=opening, referrals=[referral], by=coach)

    assert Interaction.objects.get().summary == "Slate for Line cook: Bobby D."


def test_a_slate_needs_people_still_open_for_this_opening(coach, rosa, jon, opening, acme):
    from datetime import date
    from decimal import Decimal

    from workbridge.jobs.services import opening_create
    from workbridge.people.models import Occupation

    other_opening = opening_create(
        by=coach,
        employer=acme,
        data={
            "title": "Dishwasher",
            "occupation": Occupation.objects.get(code="35-9021"),
            "hourly_wage": Decimal("16"),
            "hours_per_week": 30,
            "zip_code": "60623",
            "posted_on": date(2026, 10, 1),
        },
    )
    elsewhere = referral_create(participant=rosa, opening=other_opening, by=coach)
    declined = referral_create(participant=jon, opening=opening, by=coach)
    referral_move(referral=declined, to_status="declined", by=coach, on=TODAY, reason="wage")

    for referrals in ([], [elsewhere], [declined]):
        with pytest.raises(ValidationError):
            slate_send(opening=opening, referrals=referrals, by=coach)
    with pytest.raises(ValidationError):
        slate_send(opening=opening, referrals=[elsewhere], by=coach, kind="call")

    assert not Slate.objects.exists()
    assert not Interaction.objects.exists()


def test_another_organisation_cannot_send_a_slate(coach, other_coach, rosa, opening):
    referral = referral_create(participant=rosa, opening=opening, by=coach)

    with pytest.raises(PermissionDenied):
        slate_send(opening=opening, referrals=[referral], by=other_coach)

    assert not Slate.objects.exists()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUGGESTED


def test_the_slate_page_audits_the_people_it_shows(client, coach, rosa, opening):
    # given one person put forward
    referral_create(participant=rosa, opening=opening, by=coach)
    before = AuditEvent.objects.count()
    client.force_login(coach)
    # when
    response = client.get(reverse("placements:slate", args=[opening.pk]))
    # then one view event names Rosa and the viewer
    assert response.status_code == 200
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.actor, e.action, e.object_type, e.object_id) for e in events] == [
        (coach, "view", "people.participant", str(rosa.pk))
    ]


def test_the_slate_page_audits_nothing_for_another_organisation(
    client, coach, other_coach, rosa, opening
):
    # given
    referral_create(participant=rosa, opening=opening, by=coach)
    before = AuditEvent.objects.count()
    client.force_login(other_coach)
    # when
    response = client.get(reverse("placements:slate", args=[opening.pk]))
    # then
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before
