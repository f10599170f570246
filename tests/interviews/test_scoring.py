"""Blind scoring: each member scores alone and sees the others only after submitting."""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.interviews.conftest import candidate, competencies, seat
from workbridge.accounts.models import AuditEvent, Role
from workbridge.interviews.models import Rating, Scorecard
from workbridge.interviews.queries import ratings_visible_to, scorecards_visible_to
from workbridge.interviews.services import RatingInput, panel_close, scorecard_save


def ratings_for(panel, values, evidence="noted"):
    return {
        c.pk: RatingInput(v, f"{evidence} {c.name}")
        for c, v in zip(competencies(panel), values, strict=True)
    }


def form_data(panel, values, action, evidence="my notes"):
    data = {"action": action}
    for c, v in zip(competencies(panel), values, strict=True):
        if v is not None:
            data[f"rating_{c.pk}"] = str(v)
        data[f"evidence_{c.pk}"] = f"{evidence} on {c.name}"
    return data


def score_url(panel, external_id):
    return reverse("interviews:score", args=[panel.pk, candidate(panel, external_id).pk])


@pytest.fixture
def maria_submitted(panel, manager):
    # Maria rates A1 5 and 4, with evidence nobody else may read before submitting
    return scorecard_save(
        member=seat(panel, manager),
        candidate=candidate(panel, "A1"),
        ratings=ratings_for(panel, [5, 4], evidence="MARIA-SECRET"),
        submit=True,
        by=manager,
    )


def test_it_shows_a_member_only_their_own_scorecard_before_they_submit(
    client, panel, coach, manager, maria_submitted
):
    # given Alice has saved a draft and Maria has submitted
    client.force_login(coach)
    client.post(score_url(panel, "A1"), form_data(panel, [2, None], "draft"))
    # when Alice opens the scorecard
    response = client.get(score_url(panel, "A1"))
    # then she sees her own draft but nothing of Maria's
    body = response.content.decode()
    assert response.status_code == 200
    assert "MARIA-SECRET" not in body
    assert "Maria" not in body.split("<main", 1)[1]
    assert "my notes on Problem solving" in body
    assert response.context["shows_others"] is False
    # and the query behind every page gives her only her own scorecard
    cards = scorecards_visible_to(coach, candidate(panel, "A1"))
    assert [c.member.user for c in cards] == [coach]
    assert {r.scorecard.member.user for r in ratings_visible_to(coach, candidate(panel, "A1"))} == {
        coach
    }


def test_it_keeps_drafts_hidden_from_everyone_else_even_after_they_submit(
    panel, coach, manager, maria_submitted
):
    # given Alice has only a draft
    scorecard_save(
        member=seat(panel, coach),
        candidate=candidate(panel, "A1"),
        ratings=ratings_for(panel, [1, None], evidence="ALICE-DRAFT"),
        submit=False,
        by=coach,
    )
    # when Maria (submitted) and the analyst ask for A1's scorecards
    # then Alice's draft is in neither
    a1 = candidate(panel, "A1")
    assert [c.member.user for c in scorecards_visible_to(manager, a1)] == [manager]


def test_it_shows_the_others_submitted_ratings_once_the_member_submits(
    client, panel, coach, maria_submitted
):
    # given
    client.force_login(coach)
    # when Alice submits her scorecard
    response = client.post(score_url(panel, "A1"), form_data(panel, [3, 2], "submit"))
    # then it is saved as submitted
    assert response.status_code == 302
    card = Scorecard.objects.get(member__user=coach, candidate=candidate(panel, "A1"))
    assert card.is_submitted
    assert sorted(card.ratings.values_list("value", flat=True)) == [2, 3]
    # and now she sees Maria's ratings and evidence
    body = client.get(score_url(panel, "A1")).content.decode()
    assert "MARIA-SECRET Problem solving" in body
    # and the audit log has the submission without the ratings
    event = AuditEvent.objects.filter(object_type="interviews.scorecard", actor=coach).last()
    assert event.fields == ["evidence", "ratings", "submitted_at"]


def test_it_does_not_show_the_others_on_the_candidate_list_or_the_panel_page(
    client, panel, coach, manager, analyst, maria_submitted
):
    # given Maria submitted; the analyst coordinates
    client.force_login(coach)
    list_body = client.get(reverse("interviews:score_list", args=[panel.pk])).content.decode()
    client.force_login(manager)
    panel_body = client.get(reverse("interviews:panel", args=[panel.pk])).content.decode()
    # then neither Maria's evidence nor the consensus link is there before Alice submits
    assert "MARIA-SECRET" not in list_body
    assert "MARIA-SECRET" not in panel_body
    consensus = reverse("interviews:consensus", args=[panel.pk, candidate(panel, "A1").pk])
    assert consensus not in panel_body


def test_it_refuses_to_submit_without_a_rating_for_every_competency(client, panel, coach):
    client.force_login(coach)
    response = client.post(score_url(panel, "A2"), form_data(panel, [4, None], "submit"))
    assert response.status_code == 200
    assert "Rate every competency before submitting: Communication" in response.content.decode()
    assert not Scorecard.objects.filter(member__user=coach).exists()


def test_it_never_changes_a_submitted_scorecard(client, panel, manager, maria_submitted):
    # given Maria submitted 5 and 4
    client.force_login(manager)
    # when she tries to change them
    response = client.post(score_url(panel, "A1"), form_data(panel, [1, 1], "submit"))
    # then nothing changes
    assert response.status_code == 200
    values = Rating.objects.filter(scorecard=maria_submitted).values_list("value", flat=True)
    assert sorted(values) == [4, 5]


def test_it_refuses_colleagues_who_do_not_sit_on_the_panel(client, panel, analyst, maria_submitted):
    # given the analyst coordinates but does not sit on the panel
    client.force_login(analyst)
    before = Scorecard.objects.count()
    # when
    get = client.get(score_url(panel, "A1"))
    post = client.post(score_url(panel, "A1"), {"action": "submit"})
    listing = client.get(reverse("interviews:score_list", args=[panel.pk]))
    # then
    assert (get.status_code, post.status_code, listing.status_code) == (403, 403, 403)
    assert Scorecard.objects.count() == before


def test_it_hides_another_organisations_panel(client, panel, other_coach):
    client.force_login(other_coach)
    assert client.get(score_url(panel, "A1")).status_code == 404
    assert client.get(reverse("interviews:score_list", args=[panel.pk])).status_code == 404


def test_it_lets_an_interviewer_of_any_role_score(client, panel, southside, analyst):
    # given an employer-partner login seated on the panel by the coordinator
    from workbridge.interviews.services import panel_member_add

    guest = make_user("gus", Role.EMPLOYER, southside)
    panel_member_add(panel=panel, user=guest, by=analyst)
    client.force_login(guest)
    # when
    response = client.post(score_url(panel, "A3"), form_data(panel, [4, 4], "draft"))
    # then
    assert response.status_code == 302
    assert Scorecard.objects.filter(member__user=guest).count() == 1


def test_it_closes_scoring_for_everyone(client, panel, coach, analyst):
    # given the coordinator closed scoring
    panel_close(panel=panel, by=analyst)
    client.force_login(coach)
    # when Alice tries to score
    response = client.post(score_url(panel, "A1"), form_data(panel, [4, 4], "submit"))
    # then nothing is written
    assert response.status_code == 200
    assert not Scorecard.objects.filter(member__user=coach).exists()


def test_it_lists_the_members_own_panels(client, panel, coach, analyst):
    client.force_login(coach)
    body = client.get(reverse("interviews:mine")).content.decode()
    assert "Engineer panel" in body
    client.force_login(analyst)
    assert "Engineer panel" not in client.get(reverse("interviews:mine")).content.decode()


def test_it_saves_an_interviewers_own_voluntary_answers(client, coach):
    client.force_login(coach)
    response = client.post(reverse("interviews:profile"), {"eeo_category": "black", "sex": ""})
    assert response.status_code == 302
    coach.refresh_from_db()
    assert (coach.interviewer_profile.eeo_category, coach.interviewer_profile.sex) == ("black", "")


def test_it_shows_no_ratings_on_any_coordinator_page_to_a_member_yet_to_submit(
    client, panel, coach, manager
):
    # given Alice submitted A1 with evidence; Maria (a program director, so she may also
    # open the coordinator's pages) sits on the panel and has not submitted
    scorecard_save(
        member=seat(panel, coach),
        candidate=candidate(panel, "A1"),
        ratings=ratings_for(panel, [2, 3], evidence="ALICE-SECRET"),
        submit=True,
        by=coach,
    )
    client.force_login(manager)
    a1 = candidate(panel, "A1")
    # when she opens every page that could show them
    urls = [
        reverse("interviews:consensus", args=[panel.pk, a1.pk]),
        reverse("interviews:panel", args=[panel.pk]),
        reverse("interviews:score", args=[panel.pk, a1.pk]),
        reverse("interviews:score_list", args=[panel.pk]),
        reverse("interviews:impact"),
    ]
    bodies = {url: client.get(url).content.decode() for url in urls}
    # then none shows Alice's evidence, and the consensus form is not offered
    assert {url: "ALICE-SECRET" in body for url, body in bodies.items()} == dict.fromkeys(
        urls, False
    )
    assert "Record the consensus" not in bodies[urls[0]]
    # and a consensus cannot be forced through
    response = client.post(
        urls[0],
        {
            "decision": "pass",
            "reason": "x",
            **{f"agreed_{c.pk}": "5" for c in competencies(panel)},
        },
    )
    assert response.status_code == 200
    a1.refresh_from_db()
    assert a1.decision == ""
