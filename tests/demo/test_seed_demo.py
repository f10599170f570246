"""seed_demo and demo_logins: fictional participants that look like a Chicago caseload."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent, Role, User
from workbridge.core.demographics import eeo_category
from workbridge.demo.people import TABLES, demo_seed
from workbridge.people.models import (
    Assessment,
    CareerGoal,
    Demographics,
    Milestone,
    Participant,
    ZipCode,
)

TODAY = date(2026, 5, 1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Six demo logins hashed with Argon2 in every test would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _people() -> list[tuple]:
    return list(
        Participant.objects.order_by("id").values_list(
            "first_name", "last_name", "zip_code", "email", "phone", "enrolled_on"
        )
    )


@pytest.mark.django_db
def test_it_makes_the_same_people_from_the_same_seed():
    # given
    demo_seed(participants=50, seed=7, today=TODAY)
    first = _people()
    Participant.objects.all().delete()
    # when
    demo_seed(participants=50, seed=7, today=TODAY)
    # then
    assert len(first) == 50
    assert _people() == first


@pytest.mark.django_db
def test_it_makes_other_people_from_another_seed():
    # given
    demo_seed(participants=50, seed=7, today=TODAY)
    first = _people()
    Participant.objects.all().delete()
    # when
    demo_seed(participants=50, seed=8, today=TODAY)
    # then
    assert _people() != first


@pytest.mark.django_db
def test_it_does_nothing_with_if_empty_when_participants_exist(southside):
    # given
    ParticipantFactory(organisation=southside)
    out = StringIO()
    # when
    call_command("seed_demo", participants=20, seed=1, if_empty=True, stdout=out)
    # then
    assert Participant.objects.count() == 1
    assert not User.objects.filter(username="coach").exists()
    assert "no demo data added" in out.getvalue()


@pytest.mark.django_db
def test_it_refuses_to_run_in_production_and_writes_nothing(settings):
    # given a production deployment
    settings.PRODUCTION = True
    # when someone runs the demo seed there
    with pytest.raises(CommandError, match="does not run with WORKBRIDGE_ENV=production"):
        call_command("seed_demo", participants=5, seed=1, employers=1, no_equity=True)
    # then no fictional person or known-password login was made
    assert not Participant.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_seeds_an_empty_database_with_if_empty():
    # when
    call_command("seed_demo", participants=20, seed=1, if_empty=True, stdout=StringIO())
    # then
    assert Participant.objects.count() == 20


@pytest.mark.django_db
def test_it_creates_the_demo_logins_with_their_roles_and_password(monkeypatch):
    # given
    monkeypatch.setenv("DEMO_PASSWORD", "a demo secret 123")
    # when
    demo_seed(participants=10, seed=1, today=TODAY)
    # then
    logins = {
        u.username: (u.membership.role, u.membership.organisation.slug)
        for u in User.objects.select_related("membership__organisation").filter(
            username__in=["admin", "director", "coach", "coach2", "analyst", "employer"]
        )
    }
    assert logins == {
        "admin": (Role.ADMIN, "southside"),
        "director": (Role.MANAGER, "southside"),
        "coach": (Role.STAFF, "southside"),
        "coach2": (Role.STAFF, "northside"),
        "analyst": (Role.ANALYST, "southside"),
        "employer": (Role.EMPLOYER, "southside"),
    }
    assert User.objects.get(username="coach").check_password("a demo secret 123")
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (False, False)


@pytest.mark.django_db
def test_it_gives_extra_case_managers_no_usable_password():
    # when
    result = demo_seed(participants=400, seed=1, today=TODAY)
    # then
    extra = User.objects.filter(username__regex=r"^coach[0-9]+$").exclude(username="coach2")
    assert result.staff == 5  # 240 at Southside: 3 case managers; 160 at Northside: 2
    assert sorted(extra.values_list("username", flat=True)) == ["coach3", "coach4", "coach5"]
    assert not any(u.has_usable_password() for u in extra)
    assert set(extra.values_list("membership__role", flat=True)) == {Role.STAFF}


@pytest.mark.django_db
def test_it_gives_the_demo_coach_a_caseload():
    # when
    demo_seed(participants=400, seed=3, today=TODAY)
    # then
    coach = User.objects.get(username="coach")
    mine = Participant.objects.filter(assigned_to=coach)
    assert 50 <= mine.count() <= 130
    assert mine.filter(exited_on__isnull=True).exists()
    assert set(mine.values_list("organisation__slug", flat=True)) == {"southside"}


@pytest.mark.django_db
def test_it_puts_every_participant_in_the_community_area_of_their_zip():
    # when
    demo_seed(participants=200, seed=5, today=TODAY)
    # then
    area_of = dict(ZipCode.objects.values_list("zip", "community_area_id"))
    rows = list(Participant.objects.values_list("zip_code", "community_area_id"))
    assert len(rows) == 200
    assert all(area == area_of[zip_code] for zip_code, area in rows)


@pytest.mark.django_db
def test_it_keeps_the_denormalised_dates_consistent():
    # when
    demo_seed(participants=200, seed=5, today=TODAY)
    # then
    for p in Participant.objects.all():
        milestones = Milestone.objects.filter(participant=p)
        assert milestones.count() == 8
        assert (
            p.next_milestone_due_on
            == milestones.filter(done_on__isnull=True).aggregate(d=Min("due_on"))["d"]
        )
        assert p.last_contact_on == p.case_notes.aggregate(d=Max("contact_on"))["d"]
        assert p.last_assessed_on == p.assessments.aggregate(d=Max("taken_on"))["d"]
        assert p.enrolled_on <= p.planned_exit_on
        assert p.exited_on is None or p.enrolled_on <= p.exited_on <= TODAY


@pytest.mark.django_db
def test_it_derives_the_eeo_category_from_the_answers():
    # when
    demo_seed(participants=200, seed=5, today=TODAY)
    # then
    records = list(Demographics.objects.all())
    assert 150 <= len(records) < 200
    assert all(
        d.eeo_category == eeo_category(d.race_ethnicity, prefer_not_to_say=d.race_prefer_not)
        for d in records
    )


@pytest.mark.django_db
def test_it_writes_plausible_contact_details_and_wages():
    # when
    demo_seed(participants=200, seed=5, today=TODAY)
    # then
    people = list(Participant.objects.all())
    assert all(p.email == "" or p.email.endswith("@example.org") for p in people)
    assert all(
        p.phone == "" or (p.phone[:3] in ("773", "312") and p.phone[3:10] == "-555-01")
        for p in people
    )
    assert all(15 <= p.min_hourly_wage <= 22 for p in people)
    spanish = sum(p.preferred_language == "es" for p in people)
    assert 25 <= spanish <= 80


@pytest.mark.django_db
def test_it_scores_assessments_from_their_answers():
    # when
    demo_seed(participants=100, seed=5, today=TODAY)
    # then
    assessment = Assessment.objects.order_by("id").first()
    answers = list(assessment.answers.select_related("item"))
    turned = [4 - a.value if a.item.reverse_scored else a.value for a in answers]
    assert len(answers) == 8
    assert float(assessment.score) == pytest.approx(sum(turned) * 100 / 32, abs=0.05)


@pytest.mark.django_db
def test_it_uses_real_occupations_for_career_goals():
    # when
    demo_seed(participants=100, seed=5, today=TODAY)
    # then
    codes = set(CareerGoal.objects.values_list("occupation_id", flat=True))
    assert "35-2014" in codes
    assert all(len(code) == 7 and code[2] == "-" for code in codes)


@pytest.mark.django_db
def test_it_writes_one_audit_event_for_the_whole_seed():
    # when
    demo_seed(participants=30, seed=5, today=TODAY)
    # then
    events = list(AuditEvent.objects.all())
    assert len(events) == 1
    assert events[0].detail == "Seeded demo data: 30 participants from seed 5"
    assert events[0].actor.username == "admin"


@pytest.mark.django_db
def test_it_adds_to_existing_demo_data_when_run_again():
    # given
    demo_seed(participants=30, seed=5, today=TODAY)
    # when
    demo_seed(participants=30, seed=6, today=TODAY)
    # then
    assert Participant.objects.count() == 60
    assert User.objects.filter(username="coach").count() == 1
    assert Participant.objects.filter(external_id="SW-000036").exists()


def _foreign_keys() -> dict[str, list]:
    with connection.cursor() as cursor:
        return {
            model._meta.db_table: sorted(
                (name, tuple(c["columns"]), c["foreign_key"])
                for name, c in connection.introspection.get_constraints(
                    cursor, model._meta.db_table
                ).items()
                if c["foreign_key"]
            )
            for _name, model, _columns in TABLES
        }


@pytest.mark.django_db
def test_it_leaves_the_foreign_keys_as_they_were():
    # given
    before = _foreign_keys()
    # when
    demo_seed(participants=20, seed=5, today=TODAY)
    # then
    assert _foreign_keys() == before
    assert len(before["people_assessmentanswer"]) == 2


@pytest.mark.django_db
def test_it_prints_the_demo_logins():
    # given
    demo_seed(participants=5, seed=1, today=TODAY)
    out = StringIO()
    # when
    call_command("demo_logins", stdout=out)
    # then
    text = out.getvalue()
    for username in ("admin", "director", "coach", "coach2", "analyst", "employer"):
        assert f"\n{username} " in text
    assert "workbridge-demo" in text
    assert "Northside Jobs" in text


def _shown_features() -> dict[str, list]:
    """What the demo shows beyond people, by natural keys (ids differ between runs)."""
    from workbridge.employers.models import (
        ActionItem,
        BulkSend,
        MessageSent,
        MessageTemplate,
        ReviewMeeting,
    )
    from workbridge.placements.models import Referral, ReferralStep

    return {
        "referrals": list(
            Referral.objects.order_by("participant__external_id").values_list(
                "participant__external_id", "opening__title", "status", "status_on", "reason"
            )
        ),
        "steps": list(
            ReferralStep.objects.order_by(
                "referral__participant__external_id", "on", "id"
            ).values_list("referral__participant__external_id", "status", "employer_feedback")
        ),
        "meetings": list(
            ReviewMeeting.objects.order_by("starts_at", "title").values_list(
                "title", "starts_at", "organiser__username"
            )
        ),
        "actions": list(
            ActionItem.objects.order_by("due_on", "description").values_list(
                "description", "due_on", "done_on"
            )
        ),
        "templates": list(MessageTemplate.objects.values_list("name", "subject_es")),
        "sends": list(
            BulkSend.objects.order_by("template__name", "total").values_list(
                "template__name", "status", "total", "sent", "skipped", "failed"
            )
        ),
        "messages": sorted(MessageSent.objects.values_list("to_address", "language", "status")),
    }


@pytest.mark.django_db
def test_it_shows_every_referral_step_meetings_and_finished_bulk_sends():
    from workbridge.employers.models import ReviewMeeting
    from workbridge.placements.models import Placement, Referral, ReferralStatus

    # when
    call_command("seed_demo", participants=120, seed=3, employers=12, no_equity=True, verbosity=0)
    # then each organisation has a referral at every step, all its demo job developer's own
    coach = User.objects.get(username="coach")
    theirs = Referral.objects.filter(participant__assigned_to=coach, created_by=coach)
    assert set(theirs.values_list("status", flat=True)) == set(ReferralStatus.values)
    northside = Referral.objects.filter(organisation__slug="northside")
    assert set(northside.values_list("status", flat=True)) == set(ReferralStatus.values)
    # and every hire went through the hire path, with its placement and retention checks
    hired = Referral.objects.filter(status=ReferralStatus.HIRED)
    assert Placement.objects.filter(referral__in=hired).count() == hired.count() == 4
    assert all(p.checks.count() == 4 for p in Placement.objects.filter(referral__in=hired))
    ended = Referral.objects.filter(status__in=["declined", "not_selected"])
    assert not ended.filter(reason="").exists()
    # one audit event for each referral made (11) and each move (15), in each organisation
    assert AuditEvent.objects.filter(object_type="placements.referral").count() == 52
    # and the coach has a past review with minutes and one coming up in the next weeks
    today = timezone.localdate()
    mine = ReviewMeeting.objects.filter(organiser=coach)
    past = mine.filter(starts_at__lt=timezone.now())
    assert past.exists() and all(m.minutes and m.action_items.count() == 2 for m in past)
    coming = [timezone.localdate(m.starts_at) for m in mine.filter(starts_at__gte=timezone.now())]
    assert coming and all(today < day <= today + timedelta(days=35) for day in coming)
    # and templates in both languages with finished bulk sends that mailed nobody
    features = _shown_features()
    assert len(features["templates"]) == 6 and all(es for _name, es in features["templates"])
    sends = features["sends"]
    assert {status for _n, status, *_rest in sends} == {"done"}
    assert all(total == sent + skipped + failed for _n, _s, total, sent, skipped, failed in sends)
    statuses = {status for _a, _l, status in features["messages"]}
    assert statuses == {"sent", "skipped"}
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_same_seed_shows_the_same_referrals_meetings_and_messages():
    from django.db import transaction

    # given a first seed, kept only long enough to read it
    with transaction.atomic():
        call_command(
            "seed_demo", participants=120, seed=3, employers=12, no_equity=True, verbosity=0
        )
        first = _shown_features()
        transaction.set_rollback(True)
    assert not User.objects.filter(username="coach").exists()
    # when
    call_command("seed_demo", participants=120, seed=3, employers=12, no_equity=True, verbosity=0)
    # then
    assert first["referrals"]
    assert _shown_features() == first
