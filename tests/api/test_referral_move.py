"""Moving a referral along its steps over the API: the referral page's service, scoping,
validation (as 422s located by field) and audit."""

from datetime import date
from decimal import Decimal

from tests.api.conftest import token_client
from tests.matching.conftest import acme, ana, line_cook, living_wage  # noqa: F401
from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.placements.models import Placement, Referral, ReferralStatus, ReferralStep
from workbridge.placements.services import referral_create, referral_move

TODAY = date.today()


def _move(client, referral, body=None):
    return client.post(
        f"/api/referrals/{referral.pk}/move", body or {}, content_type="application/json"
    )


def _suggested(coach, ana, line_cook):  # noqa: F811
    return referral_create(participant=ana, opening=line_cook, by=coach, on=TODAY)


def test_it_moves_a_referral_to_its_next_step_and_audits_it(as_coach, coach, ana, line_cook):  # noqa: F811
    # given
    referral = _suggested(coach, ana, line_cook)
    # when
    response = _move(as_coach, referral, {"note": "Sent the résumé"})
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["status_on"], body["placement_id"]) == (
        referral.pk,
        "referred",
        TODAY.isoformat(),
        None,
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED
    step = ReferralStep.objects.filter(referral=referral).latest("id")
    assert (step.status, step.note, step.by) == (ReferralStatus.REFERRED, "Sent the résumé", coach)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(referral.pk))
    assert event.detail == "suggested → referred"


def test_it_moves_to_a_named_step_and_a_hire_records_the_placement(
    as_coach,
    coach,
    ana,  # noqa: F811
    line_cook,  # noqa: F811
):
    # given
    referral = _suggested(coach, ana, line_cook)
    referral_move(referral=referral, to_status=ReferralStatus.REFERRED, by=coach, on=TODAY)
    referral_move(referral=referral, to_status=ReferralStatus.OFFERED, by=coach, on=TODAY)
    # when
    response = _move(
        as_coach, referral, {"to_status": "hired", "hourly_wage": 21.5, "hours_per_week": 36}
    )
    # then
    assert response.status_code == 200
    placement = Placement.objects.get(referral=referral)
    assert response.json()["placement_id"] == placement.pk
    assert response.json()["status"] == "hired"
    assert (placement.started_on, placement.hourly_wage, placement.hours_per_week) == (
        TODAY,
        Decimal("21.50"),
        36,
    )
    assert placement.checks.count() == 4


def test_it_hides_another_organisations_referral(
    coach,
    other_coach,
    ana,  # noqa: F811
    line_cook,  # noqa: F811
):
    # given
    referral = _suggested(coach, ana, line_cook)
    before = AuditEvent.objects.count()
    # when
    response = _move(token_client(other_coach), referral, {"to_status": "referred"})
    # then
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUGGESTED
    assert ReferralStep.objects.filter(referral=referral).count() == 1
    assert AuditEvent.objects.count() == before


def test_a_role_without_casework_cannot_move_a_referral(coach, analyst, ana, line_cook):  # noqa: F811
    # given
    referral = _suggested(coach, ana, line_cook)
    # when
    response = _move(token_client(analyst), referral, {"to_status": "referred"})
    # then
    assert response.status_code == 403
    assert Referral.objects.get().status == ReferralStatus.SUGGESTED


def test_a_move_the_step_does_not_allow_gets_422_at_the_field(as_coach, coach, ana, line_cook):  # noqa: F811
    # given
    referral = _suggested(coach, ana, line_cook)
    # when
    response = _move(as_coach, referral, {"to_status": "hired"})
    # then
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "type": "value_error",
                "loc": ["body", "payload", "to_status"],
                "msg": "A referral cannot move from Suggested to Hired.",
            }
        ]
    }
    assert Referral.objects.get().status == ReferralStatus.SUGGESTED
    assert not Placement.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_ending_without_a_reason_and_a_date_in_the_future_get_422(
    as_coach,
    coach,
    ana,  # noqa: F811
    line_cook,  # noqa: F811
):
    # given
    referral = _suggested(coach, ana, line_cook)
    # when
    no_reason = _move(as_coach, referral, {"to_status": "declined"})
    future = _move(as_coach, referral, {"on": date(TODAY.year + 1, 1, 1).isoformat()})
    # then
    assert no_reason.status_code == 422
    assert [(e["loc"][-1], e["msg"]) for e in no_reason.json()["detail"]] == [
        ("reason", "Say why the referral ended.")
    ]
    assert future.status_code == 422
    assert [(e["loc"][-1], e["msg"]) for e in future.json()["detail"]] == [
        ("on", "This date cannot be in the future.")
    ]
    assert Referral.objects.get().status == ReferralStatus.SUGGESTED


def test_an_ended_referral_has_no_next_step(as_coach, coach, ana, line_cook):  # noqa: F811
    # given
    referral = _suggested(coach, ana, line_cook)
    referral_move(
        referral=referral, to_status=ReferralStatus.DECLINED, by=coach, on=TODAY, reason="wage"
    )
    # when
    response = _move(as_coach, referral)
    # then
    assert response.status_code == 422
    assert [(e["loc"], e["msg"]) for e in response.json()["detail"]] == [
        (["body", "payload", "to_status"], "This referral has ended: it has no next step.")
    ]


def test_hire_terms_on_another_step_get_422(as_coach, coach, ana, line_cook):  # noqa: F811
    # given
    referral = _suggested(coach, ana, line_cook)
    # when
    response = _move(as_coach, referral, {"hourly_wage": 20})
    # then
    assert response.status_code == 422
    assert [(e["loc"][-1], e["msg"]) for e in response.json()["detail"]] == [
        ("hourly_wage", "Give hire terms only for the step hired.")
    ]
    assert Referral.objects.get().status == ReferralStatus.SUGGESTED
