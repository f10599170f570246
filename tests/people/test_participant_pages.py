"""Intake, the profile page, editing, voluntary demographics and removing a participant."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.people.models import Demographics, Milestone, Participant
from workbridge.people.services import participant_enroll, participant_record_demographics

ENROLLED = date(2026, 1, 5)
EXIT = date(2026, 7, 1)
DEMOGRAPHIC_VIEW_FIELDS = [
    "age_band",
    "disability",
    "eeo_category",
    "high_school_diploma",
    "justice_involved",
    "long_term_unemployed",
    "race_ethnicity",
    "race_ethnicity_detail",
    "sex",
    "veteran",
]


def intake_post(**overrides):
    data = {
        "first_name": "Rosa",
        "last_name": "Alvarez",
        "preferred_name": "Rosie",
        "email": "rosa@example.org",
        "phone": "773-555-0100",
        "preferred_language": "es",
        "zip_code": "60623",
        "enrolled_on": ENROLLED.isoformat(),
        "planned_exit_on": EXIT.isoformat(),
        "external_id": "SW-100",
        "household_size": "3",
        "children_ages": "3, 7",
        "benefits": ["snap", "medicaid"],
        "availability": ["0", "19"],
        "physical_limits": ["lifting"],
        "transport_mode": "transit",
        "max_commute_minutes": "50",
        "childcare_need": "daytime",
        "min_hourly_wage": "18.50",
        "needs_fair_chance": "on",
    }
    data.update(overrides)
    return data


def edit_post(participant: Participant, **overrides):
    data = intake_post(
        first_name=participant.first_name,
        last_name=participant.last_name,
        preferred_name=participant.preferred_name,
        email=participant.email,
        phone=participant.phone,
        preferred_language=participant.preferred_language,
        zip_code=participant.zip_code,
        enrolled_on=participant.enrolled_on.isoformat(),
        planned_exit_on=participant.planned_exit_on.isoformat(),
        external_id=participant.external_id,
        household_size=str(participant.household_size),
        children_ages=", ".join(str(a) for a in participant.children_ages),
        benefits=participant.benefits,
        availability=[str(b) for b in range(28) if participant.availability >> b & 1],
        physical_limits=participant.physical_limits,
        transport_mode=participant.transport_mode,
        max_commute_minutes=str(participant.max_commute_minutes),
        childcare_need=participant.childcare_need,
        min_hourly_wage=str(participant.min_hourly_wage or ""),
        assigned_to=str(participant.assigned_to_id or ""),
    )
    if not participant.needs_fair_chance:
        del data["needs_fair_chance"]
    data.update(overrides)
    return data


@pytest.fixture
def rosa(coach):
    return participant_enroll(
        by=coach,
        data={
            "first_name": "Rosa",
            "last_name": "Alvarez",
            "zip_code": "60623",
            "enrolled_on": ENROLLED,
            "planned_exit_on": EXIT,
            "assigned_to": coach,
            "household_size": 2,
            "children_ages": [4],
            "availability": 1 << 0,
        },
    )


@pytest.fixture
def rosa_answers(rosa, manager):
    return participant_record_demographics(
        participant=rosa,
        by=manager,
        data={"race_ethnicity": ["black", "hispanic"], "sex": "female", "veteran": "no"},
    )


@pytest.fixture
def theirs(northside):
    return ParticipantFactory(organisation=northside, first_name="Nadia", last_name="North")


def audit_events(participant_pk, action):
    return list(
        AuditEvent.objects.filter(
            object_type="people.participant", object_id=str(participant_pk), action=action
        )
    )


# Intake ------------------------------------------------------------------------------


def test_it_enrols_a_participant_from_the_intake_form(client, coach, southside):
    # given
    client.force_login(coach)
    # when
    response = client.post(reverse("people:create"), intake_post(assigned_to=str(coach.pk)))
    # then
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[participant.pk])
    assert participant.organisation == southside
    assert (participant.first_name, participant.preferred_name) == ("Rosa", "Rosie")
    assert participant.community_area_id == 30
    assert participant.children_ages == [3, 7]
    assert participant.benefits == ["medicaid", "snap"]
    assert participant.availability == (1 << 0) | (1 << 19)
    assert participant.can_work(0, 0) and participant.can_work(4, 3)
    assert participant.physical_limits == ["lifting"]
    assert participant.min_hourly_wage == Decimal("18.50")
    assert participant.needs_fair_chance is True
    assert participant.assigned_to == coach
    [created] = audit_events(participant.pk, AuditAction.CREATE)
    assert created.actor == coach
    assert "first_name" in created.fields and "availability" in created.fields
    assert Milestone.objects.filter(participant=participant).exists()
    assert not Demographics.objects.exists()


def test_it_writes_nothing_and_names_the_fields_when_intake_is_invalid(client, coach):
    # given
    client.force_login(coach)
    # when
    response = client.post(
        reverse("people:create"),
        intake_post(
            zip_code="606",
            planned_exit_on="2025-12-01",
            min_hourly_wage="-2",
            children_ages="3, 19",
        ),
    )
    # then
    assert response.status_code == 200
    assert Participant.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    form = response.context["form"]
    assert sorted(form.errors) == [
        "children_ages",
        "min_hourly_wage",
        "planned_exit_on",
        "zip_code",
    ]
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'href="#id_zip_code"' in html
    assert "Enter a five-digit ZIP code." in html
    assert "The planned exit cannot be before enrolment." in html


def test_it_renders_the_availability_grid_as_a_labelled_table(client, coach):
    # given
    client.force_login(coach)
    # when
    html = client.get(reverse("people:create")).content.decode()
    # then
    assert "<caption>Shifts they can work</caption>" in html
    assert '<th scope="row">Monday</th>' in html
    assert '<th scope="col">Night (10pm–6am)</th>' in html
    assert '<label for="id_availability_0" class="visually-hidden">Monday morning</label>' in html
    assert '<label for="id_availability_19" class="visually-hidden">Friday night</label>' in html


def test_it_offers_demographics_at_intake_only_to_roles_that_read_them(client, coach, manager):
    client.force_login(coach)
    assert "demo-race_ethnicity" not in client.get(reverse("people:create")).content.decode()
    client.force_login(manager)
    assert "demo-race_ethnicity" in client.get(reverse("people:create")).content.decode()


def test_it_records_demographics_given_at_intake_by_a_manager(client, manager):
    # given
    client.force_login(manager)
    # when
    response = client.post(
        reverse("people:create"),
        intake_post(**{"demo-race_ethnicity": ["asian", "white"], "demo-sex": "male"}),
    )
    # then
    assert response.status_code == 302
    record = Demographics.objects.get()
    assert record.race_ethnicity == ["asian", "white"]
    assert record.eeo_category == "two_or_more"
    assert record.sex == "male"


def test_it_ignores_demographic_fields_posted_by_staff(client, coach):
    client.force_login(coach)
    response = client.post(
        reverse("people:create"), intake_post(**{"demo-race_ethnicity": ["asian"]})
    )
    assert response.status_code == 302
    assert not Demographics.objects.exists()


# The profile page ---------------------------------------------------------------------


def test_it_shows_staff_the_profile_without_demographics(client, coach, rosa, rosa_answers):
    # given
    client.force_login(coach)
    # when
    response = client.get(reverse("people:detail", args=[rosa.pk]))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Rosa Alvarez" in html
    assert "Monday: morning" in html
    assert "Voluntary demographics" not in html
    assert "Black or African American" not in html
    assert reverse("people:demographics", args=[rosa.pk]) not in html
    assert reverse("people:delete", args=[rosa.pk]) not in html
    assert reverse("people:resume", args=[rosa.pk]) in html
    [viewed] = audit_events(rosa.pk, AuditAction.VIEW)
    assert viewed.actor == coach
    assert "first_name" in viewed.fields and "availability" in viewed.fields
    assert not set(viewed.fields) & set(DEMOGRAPHIC_VIEW_FIELDS)


def test_it_shows_a_manager_the_demographics_and_audits_their_fields(
    client, manager, rosa, rosa_answers
):
    # given
    client.force_login(manager)
    # when
    response = client.get(reverse("people:detail", args=[rosa.pk]))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voluntary demographics" in html
    assert "Black or African American, Hispanic or Latino" in html
    assert "<dd>Hispanic or Latino</dd>" in html  # the derived EEO category
    assert reverse("people:delete", args=[rosa.pk]) in html
    [viewed] = audit_events(rosa.pk, AuditAction.VIEW)
    assert set(DEMOGRAPHIC_VIEW_FIELDS) <= set(viewed.fields)
    assert "first_name" in viewed.fields


def test_it_includes_the_records_sections(client, coach, rosa):
    client.force_login(coach)
    html = client.get(reverse("people:detail", args=[rosa.pk])).content.decode()
    assert "Transition milestones" in html
    assert "Case notes" in html


# Editing --------------------------------------------------------------------------------


def test_it_writes_only_what_changed(client, coach, rosa):
    # given
    client.force_login(coach)
    rosa.refresh_from_db()
    # when
    response = client.post(
        reverse("people:edit", args=[rosa.pk]),
        edit_post(rosa, phone="773-555-0199", availability=["0", "19"]),
    )
    # then
    assert response.status_code == 302
    rosa.refresh_from_db()
    assert rosa.phone == "773-555-0199"
    assert rosa.availability == (1 << 0) | (1 << 19)
    [updated] = audit_events(rosa.pk, AuditAction.UPDATE)
    assert updated.fields == ["availability", "phone"]


def test_it_writes_nothing_when_nothing_changed(client, coach, rosa):
    client.force_login(coach)
    rosa.refresh_from_db()
    response = client.post(reverse("people:edit", args=[rosa.pk]), edit_post(rosa))
    assert response.status_code == 302
    assert audit_events(rosa.pk, AuditAction.UPDATE) == []


def test_it_replans_milestones_when_the_exit_moves(client, coach, rosa):
    # given
    client.force_login(coach)
    rosa.refresh_from_db()
    later = EXIT + timedelta(days=30)
    before = sorted(Milestone.objects.filter(participant=rosa).values_list("due_on", flat=True))
    # when
    client.post(
        reverse("people:edit", args=[rosa.pk]), edit_post(rosa, planned_exit_on=later.isoformat())
    )
    # then
    after = sorted(Milestone.objects.filter(participant=rosa).values_list("due_on", flat=True))
    assert after == [d + timedelta(days=30) for d in before]


def test_it_keeps_the_record_when_an_edit_is_invalid(client, coach, rosa):
    client.force_login(coach)
    rosa.refresh_from_db()
    response = client.post(
        reverse("people:edit", args=[rosa.pk]), edit_post(rosa, zip_code="abcde", phone="1")
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["zip_code"]
    rosa.refresh_from_db()
    assert (rosa.zip_code, rosa.phone) == ("60623", "")
    assert audit_events(rosa.pk, AuditAction.UPDATE) == []


# Demographics ------------------------------------------------------------------------------


def test_it_lets_a_manager_record_demographics_and_shows_the_eeo_category(client, manager, rosa):
    # given
    client.force_login(manager)
    # when
    response = client.post(
        reverse("people:demographics", args=[rosa.pk]),
        {"race_ethnicity": ["mena"], "race_ethnicity_detail": "Lebanese", "age_band": "25_34"},
        follow=True,
    )
    # then
    record = Demographics.objects.get(participant=rosa)
    assert (record.race_ethnicity, record.eeo_category) == (["mena"], "white")
    assert record.race_ethnicity_detail == "Lebanese"
    assert "Demographic answers saved. EEO category: White." in response.content.decode()
    assert AuditEvent.objects.filter(
        object_type="people.demographics", object_id=str(rosa.pk), action=AuditAction.CREATE
    ).exists()


def test_it_stores_prefer_not_to_say_as_not_disclosed(client, admin_user, rosa):
    client.force_login(admin_user)
    client.post(reverse("people:demographics", args=[rosa.pk]), {"race_prefer_not": "on"})
    record = Demographics.objects.get(participant=rosa)
    assert (record.race_prefer_not, record.eeo_category) == (True, "not_disclosed")


def test_it_refuses_staff_the_demographics_page(client, coach, rosa, rosa_answers):
    # given
    client.force_login(coach)
    # when
    got = client.get(reverse("people:demographics", args=[rosa.pk]))
    posted = client.post(reverse("people:demographics", args=[rosa.pk]), {"sex": "male"})
    # then
    assert (got.status_code, posted.status_code) == (403, 403)
    assert Demographics.objects.get(participant=rosa).sex == "female"


# Removing -------------------------------------------------------------------------------------


def test_it_asks_before_removing(client, manager, rosa):
    client.force_login(manager)
    response = client.get(reverse("people:delete", args=[rosa.pk]))
    assert response.status_code == 200
    assert "Remove Rosa Alvarez?" in response.content.decode()
    assert Participant.objects.filter(pk=rosa.pk).exists()


def test_it_lets_a_manager_remove_a_participant(client, manager, rosa):
    # given
    client.force_login(manager)
    # when
    response = client.post(reverse("people:delete", args=[rosa.pk]))
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("people:caseload")
    assert not Participant.objects.filter(pk=rosa.pk).exists()
    [deleted] = audit_events(rosa.pk, AuditAction.DELETE)
    assert deleted.actor == manager


def test_it_refuses_staff_removing_a_participant(client, coach, rosa):
    # given
    client.force_login(coach)
    # when
    got = client.get(reverse("people:delete", args=[rosa.pk]))
    posted = client.post(reverse("people:delete", args=[rosa.pk]))
    # then
    assert (got.status_code, posted.status_code) == (403, 403)
    assert Participant.objects.filter(pk=rosa.pk).exists()
    assert audit_events(rosa.pk, AuditAction.DELETE) == []


# Who may see what -------------------------------------------------------------------------------

PAGES = ["people:detail", "people:edit", "people:demographics", "people:delete"]
# The profile page only answers GET; a POST to it is 405 for everyone.
POST_STATUS = {"people:detail": 405}


@pytest.mark.parametrize("page", PAGES)
def test_it_hides_another_organisations_participant(client, manager, theirs, page):
    # given
    client.force_login(manager)
    # when
    got = client.get(reverse(page, args=[theirs.pk]))
    posted = client.post(reverse(page, args=[theirs.pk]), {"first_name": "X", "sex": "male"})
    # then
    assert (got.status_code, posted.status_code) == (404, POST_STATUS.get(page, 404))
    assert Participant.objects.get(pk=theirs.pk).first_name == "Nadia"
    assert not AuditEvent.objects.filter(object_id=str(theirs.pk)).exists()


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
@pytest.mark.parametrize("page", ["people:create", *PAGES])
def test_it_refuses_analysts_and_employer_partners(client, request, rosa, persona, page):
    # given
    client.force_login(request.getfixturevalue(persona))
    args = [] if page == "people:create" else [rosa.pk]
    # when
    got = client.get(reverse(page, args=args))
    posted = client.post(reverse(page, args=args), intake_post())
    # then
    assert (got.status_code, posted.status_code) == (403, POST_STATUS.get(page, 403))
    assert list(Participant.objects.values_list("first_name", flat=True)) == ["Rosa"]
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 0


def test_it_sends_anonymous_visitors_to_sign_in(client, rosa):
    response = client.get(reverse("people:detail", args=[rosa.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_audits_the_answers_shown_on_the_demographics_page(client, manager, rosa, rosa_answers):
    client.force_login(manager)
    response = client.get(reverse("people:demographics", args=[rosa.pk]))
    assert response.status_code == 200
    assert "EEO category derived from the answers: <strong>Hispanic or Latino</strong>" in (
        response.content.decode()
    )
    [viewed] = audit_events(rosa.pk, AuditAction.VIEW)
    assert viewed.fields == sorted([*DEMOGRAPHIC_VIEW_FIELDS, "race_prefer_not"])
