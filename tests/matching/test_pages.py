"""Matching pages: suggestions with their reasons, exclusions with the failed constraint,
the organisation's proposal and its spread, who may see them, and the audit."""

import pytest
from django.urls import reverse

from workbridge.accounts.models import AuditEvent
from workbridge.people.models import Participant


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_it_suggests_an_opening_with_each_factors_points(
    client, coach, ana, line_cook, night_porter
):
    # given
    client.force_login(coach)
    # when
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    # then: the line cook job passes every constraint; the porter job does not
    assert response.status_code == 200
    best = response.context["suggestions"]
    assert [(opening.pk, round(why.score, 1)) for opening, why in best] == [(line_cook.pk, 83.9)]
    lines = {line.key: round(line.points, 1) for line in best[0][1].lines}
    assert lines == {
        "skills": 30.0,
        "career_goal": 25.0,
        "job_quality": 12.4,
        "commute": 11.5,
        "benefits": 5.0,
        "environment": 0.0,
        "childcare": 0.0,
        "net_gain": 0.0,  # not computed yet: neutral
    }
    text = _text(response)
    assert "Line cook</a> · Acme Foods · score 83.9" in text
    assert "The same occupation as one of their career goals." in text
    assert "About 7 minutes by car; their limit is 30 minutes." in text
    assert "12.4 of 20 points" in text
    assert "Offers health insurance." in text


def test_it_shows_an_excluded_opening_with_the_constraints_it_fails(
    client, coach, ana, line_cook, night_porter
):
    client.force_login(coach)
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    [(opening, sentences)] = response.context["excluded"]
    assert opening.pk == night_porter.pk
    assert sentences == (
        "Needs a night shift (Monday); they are not available then.",
        "Needs lifting over 25 lb; their physical limits rule that out.",
        "Pays $15.00 an hour; they need at least $18.50.",
        "Not a fair-chance job; they need a fair-chance employer.",
    )
    assert "Needs a night shift (Monday); they are not available then." in _text(response)


def test_it_shows_a_risk_from_a_past_job_loss_as_points_taken_off(client, coach, ana, line_cook):
    # given the job now has an evening shift too, and Ana lost a job over childcare
    line_cook.shifts |= 1 << 2
    line_cook.save(update_fields=["shifts"])
    client.force_login(coach)
    # when
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    # then
    [(_, why)] = response.context["suggestions"]
    assert {line.key: line.points for line in why.lines}["risk_childcare_shift"] == -15.0
    assert round(why.score, 1) == 68.9
    text = _text(response)
    assert "-15.0 points" in text
    assert (
        "They lost a job over childcare before, and this job has evening or night shifts." in text
    )


def test_the_participant_page_audits_a_view_of_their_constraints(client, coach, ana, line_cook):
    client.force_login(coach)
    client.get(reverse("matching:participant", args=[ana.pk]))
    event = AuditEvent.objects.get(object_type="people.participant", object_id=str(ana.pk))
    assert (event.action, event.actor, event.detail) == ("view", coach, "matching suggestions")
    assert "physical_limits" in event.fields and "availability" in event.fields


def test_it_offers_to_suggest_the_opening_through_the_referral_page(client, coach, ana, line_cook):
    client.force_login(coach)
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    assert (
        f'action="{reverse("placements:participant", args=[ana.pk])}"' in response.content.decode()
    )
    assert f'name="opening" value="{line_cook.pk}"' in response.content.decode()


def test_the_opening_page_ranks_ready_participants_with_reasons(
    client, coach, ana, ben, line_cook, southside
):
    # given someone who has left the program and someone never assessed: neither is ready
    from tests.factories import ParticipantFactory

    ParticipantFactory(
        organisation=southside,
        first_name="Exited",
        exited_on="2026-01-01",
        last_assessed_on="2025-12-01",
    )
    ParticipantFactory(organisation=southside, first_name="Unassessed")
    client.force_login(coach)
    # when
    response = client.get(reverse("matching:opening", args=[line_cook.pk]))
    # then
    assert response.status_code == 200
    ranked = [(p.pk, round(why.score, 1)) for p, why, _ in response.context["candidates"]]
    assert ranked == [(ana.pk, 83.9), (ben.pk, 32.4)]
    assert response.context["found"].ready == 2
    text = _text(response)
    assert "Ana" in text and "Ben Okafor" in text
    assert "Where they live or where the job is is not known: no points." in text
    event = AuditEvent.objects.get(action="view", object_type="people.participant")
    assert event.detail == (
        f"matching candidates for opening {line_cook.pk}, 2 rows: {ana.pk}, {ben.pk}"
    )


def test_the_opening_page_counts_who_each_constraint_rules_out(
    client, coach, ana, ben, night_porter
):
    client.force_login(coach)
    response = client.get(reverse("matching:opening", args=[night_porter.pk]))
    found = response.context["found"]
    assert (found.ready, found.passing) == (2, 1)
    assert found.excluded_by == {
        "shifts": 1,
        "physical": 1,
        "commute": 0,
        "wage": 1,
        "fair_chance": 1,
    }
    assert [p.pk for p, _, _ in response.context["candidates"]] == [ben.pk]


def test_the_organisation_page_proposes_within_positions(
    client, manager, ana, ben, line_cook, night_porter
):
    client.force_login(manager)
    response = client.get(reverse("matching:suggestions"))
    assert response.status_code == 200
    plan = response.context["plan"]
    # the line cook job has two positions: both go there (83.9 + 32.4 beats 83.9 + 4.8)
    assert [(p.pk, o.pk, round(s, 1)) for p, o, s in response.context["rows"]] == [
        (ana.pk, line_cook.pk, 83.9),
        (ben.pk, line_cook.pk, 32.4),
    ]
    assert (plan.ready, plan.openings, plan.positions, plan.assigned) == (2, 2, 3, 2)
    assert round(plan.total_score, 1) == 116.3
    assert "116.3" in _text(response)


def test_the_organisation_page_hides_the_figures_of_small_groups(
    client, manager, southside, line_cook
):
    # given twelve ready Hispanic participants and three ready Asian participants
    from datetime import date

    from tests.factories import ParticipantFactory
    from workbridge.people.models import Demographics

    for n in range(15):
        person = ParticipantFactory(
            organisation=southside, last_assessed_on=date(2026, 1, 1), availability=(1 << 28) - 1
        )
        Demographics.objects.create(
            participant=person, eeo_category="hispanic" if n < 12 else "asian"
        )
    client.force_login(manager)
    # when
    response = client.get(reverse("matching:suggestions"))
    # then: Asian (3) is small; as the only small group, the next smallest is hidden too
    rows = {row.spread.group: (row.spread.ready, row.hidden) for row in response.context["spread"]}
    assert rows == {"asian": (3, True), "hispanic": (12, True)}
    assert _text(response).count("Not shown: small group") == 2


def test_the_spread_shows_groups_of_ten_or_more(client, manager, southside, line_cook):
    from datetime import date

    from tests.factories import ParticipantFactory
    from workbridge.people.models import Demographics

    for n in range(20):
        person = ParticipantFactory(
            organisation=southside, last_assessed_on=date(2026, 1, 1), availability=(1 << 28) - 1
        )
        Demographics.objects.create(
            participant=person, eeo_category="hispanic" if n < 10 else "black"
        )
    client.force_login(manager)
    response = client.get(reverse("matching:suggestions"))
    rows = {row.label: (row.spread.ready, row.hidden) for row in response.context["spread"]}
    assert rows == {"Black or African American": (10, False), "Hispanic or Latino": (10, False)}
    # the line cook job's two positions are filled, whichever group they go to
    assert sum(row.spread.assigned for row in response.context["spread"]) == 2
    assert "Not shown: small group" not in _text(response)


# Denials ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
@pytest.mark.parametrize("page", ["participant", "opening", "suggestions", "weights"])
def test_roles_without_casework_are_refused(client, persona, page, request, ana, line_cook):
    client.force_login(request.getfixturevalue(persona))
    args = {"participant": [ana.pk], "opening": [line_cook.pk]}.get(page, [])
    response = client.get(reverse(f"matching:{page}", args=args))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="view").exists()


@pytest.mark.parametrize("page", ["suggestions", "weights"])
def test_case_managers_cannot_open_the_organisation_pages(client, coach, page):
    client.force_login(coach)
    assert client.get(reverse(f"matching:{page}")).status_code == 403
    assert not AuditEvent.objects.filter(action="view").exists()


@pytest.mark.parametrize("page", ["participant", "opening"])
def test_another_organisations_rows_are_not_found(client, other_coach, page, ana, line_cook):
    client.force_login(other_coach)
    pk = ana.pk if page == "participant" else line_cook.pk
    assert client.get(reverse(f"matching:{page}", args=[pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="view").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, ana):
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Participant.objects.count() == 1


def _hire(person, opening, coach):
    from datetime import date
    from decimal import Decimal

    from workbridge.placements.services import placement_record

    return placement_record(
        participant=person,
        employer=opening.employer,
        opening=opening,
        started_on=date(2026, 2, 2),
        hourly_wage=Decimal("20.00"),
        hours_per_week=32,
        job_title=opening.title,
        by=coach,
    )


def test_it_does_not_suggest_the_job_a_participant_now_holds(
    client, coach, ana, line_cook, night_porter
):
    # given Ana was hired as the line cook
    _hire(ana, line_cook, coach)
    client.force_login(coach)
    # when her suggestions are opened
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    # then the job she holds is neither suggested nor listed as ruled out, and the page
    # says she is placed
    assert [o.pk for o, _ in response.context["suggestions"]] == []
    assert [o.pk for o, _ in response.context["excluded"]] == [night_porter.pk]
    assert response.context["ready"] is False
    assert "Works as Line cook at Acme Foods since" in _text(response)


def test_placed_participants_are_not_proposed_to_employers(
    client, coach, manager, ana, ben, line_cook, night_porter
):
    # given Ana holds the line cook job the program placed her in
    _hire(ana, line_cook, coach)
    # when the opening's candidates and the organisation's proposal are read
    client.force_login(coach)
    candidates = client.get(reverse("matching:opening", args=[line_cook.pk])).context
    client.force_login(manager)
    plan = client.get(reverse("matching:suggestions")).context
    # then only Ben is considered, in both
    assert [p.pk for p, _, _ in candidates["candidates"]] == [ben.pk]
    assert candidates["found"].ready == 1
    assert {p.pk for p, _, _ in plan["rows"]} == {ben.pk}
    assert plan["plan"].ready == 1


def test_a_participant_whose_placement_ended_is_suggested_again(
    client, coach, ana, line_cook, night_porter
):
    # given Ana's placement in the line cook job ended
    from datetime import date

    from workbridge.placements.models import Placement

    placement = _hire(ana, line_cook, coach)
    Placement.objects.filter(pk=placement.pk).update(ended_on=date(2026, 3, 1))
    client.force_login(coach)
    # then she is ready again and the job is suggested to her again
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    assert [o.pk for o, _ in response.context["suggestions"]] == [line_cook.pk]
    assert response.context["ready"] is True


def test_the_referral_form_offers_openings_by_fit_and_names_what_rules_one_out(
    client, coach, ana, line_cook, night_porter
):
    # given Ana fits the line cook job and a constraint rules out the porter job
    client.force_login(coach)
    # when her referral page is opened
    response = client.get(reverse("placements:participant", args=[ana.pk]))
    # then the openings are grouped: the fit first with its score, then the one ruled
    # out with the constraints it fails
    groups = response.context["form"].fields["opening"].choices
    assert groups == [
        ("", "---------"),
        (
            "Fits their constraints, best first",
            [(line_cook.pk, "Line cook at Acme Foods, $20.00 an hour — fit 83.9 of 100")],
        ),
        (
            "Ruled out by a hard constraint",
            [
                (
                    night_porter.pk,
                    "Night porter at Acme Foods, $15.00 an hour — ruled out: "
                    "Shifts, Physical demands, Wage, Fair-chance hiring",
                )
            ],
        ),
    ]
    assert '<optgroup label="Ruled out by a hard constraint">' in response.content.decode()
