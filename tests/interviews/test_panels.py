"""Rubrics, panels, consensus and agreement, through the coordinator's pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.interviews.conftest import anchors, candidate, competencies, make_requisition, seat
from workbridge.accounts.models import AuditEvent
from workbridge.core.agreement import icc_2_1, krippendorff_alpha
from workbridge.interviews.models import Candidate, Competency, ConsensusRating, Rubric
from workbridge.interviews.queries import panel_agreement
from workbridge.interviews.services import (
    RatingInput,
    consensus_record,
    panel_close,
    panel_member_add,
    scorecard_save,
)


def submit(panel, user, external_id, values):
    return scorecard_save(
        member=seat(panel, user),
        candidate=candidate(panel, external_id),
        ratings={c.pk: RatingInput(v) for c, v in zip(competencies(panel), values, strict=True)},
        submit=True,
        by=user,
    )


def consensus_data(panel, values, decision="pass", reason="Clear evidence on both"):
    data = {"decision": decision, "reason": reason}
    for c, v in zip(competencies(panel), values, strict=True):
        data[f"agreed_{c.pk}"] = str(v)
    return data


def test_it_builds_a_rubric_with_anchored_competencies(client, analyst):
    # given
    client.force_login(analyst)
    # when the analyst creates a rubric and adds a competency
    response = client.post(
        reverse("interviews:rubric_create"), {"name": "Clerk rubric", "job_title": "Clerk"}
    )
    rubric = Rubric.objects.get(name="Clerk rubric")
    assert response.url == reverse("interviews:rubric", args=[rubric.pk])
    client.post(
        reverse("interviews:competency_add", args=[rubric.pk]),
        {"name": "Accuracy", "description": "", "weight": "1.5", **anchors("Accuracy")},
    )
    # then it has one competency with five anchors, shown on the rubric page
    competency = Competency.objects.get(rubric=rubric)
    assert (competency.weight, competency.anchors()[4]) == (
        Decimal("1.5"),
        (5, "Accuracy anchor 5"),
    )
    body = client.get(reverse("interviews:rubric", args=[rubric.pk])).content.decode()
    assert "Accuracy anchor 3" in body


def test_it_refuses_rubric_editing_to_staff_and_hides_other_organisations(
    client, rubric, coach, other_coach
):
    client.force_login(coach)
    assert (
        client.post(reverse("interviews:rubric", args=[rubric.pk]), {"name": "x"}).status_code
        == 403
    )
    client.force_login(other_coach)
    assert client.get(reverse("interviews:rubric", args=[rubric.pk])).status_code == 403
    rubric.refresh_from_db()
    assert rubric.name == "Engineer interview"


def test_it_hides_another_organisations_panel_from_its_equity_roles(client, panel, northside):
    from tests.factories import make_user
    from workbridge.accounts.models import Role

    client.force_login(make_user("nina", Role.ANALYST, northside))
    assert client.get(reverse("interviews:panel", args=[panel.pk])).status_code == 404


def test_it_makes_every_applicant_who_reached_the_interview_stage_a_candidate(panel):
    ids = list(panel.candidates.values_list("applicant__external_id", flat=True))
    assert ids == ["A1", "A2", "A3", "A4", "A5", "A6"]


def test_it_creates_a_panel_from_the_page(client, analyst, requisition, rubric, coach):
    client.force_login(analyst)
    response = client.post(
        reverse("interviews:panel_create"),
        {
            "requisition": requisition.pk,
            "rubric": rubric.pk,
            "name": "Second panel",
            "members": [coach.pk],
        },
    )
    assert response.status_code == 302
    assert Candidate.objects.filter(panel__name="Second panel").count() == 6


def test_it_adds_a_candidate_by_applicant_id_and_refuses_unknown_ids(client, analyst, panel):
    client.force_login(analyst)
    url = reverse("interviews:candidate_add", args=[panel.pk])
    assert client.post(url, {"applicant_id": "A7"}).status_code == 302
    response = client.post(url, {"applicant_id": "NOPE"})
    assert response.status_code == 200
    assert "No applicant of this requisition has that id." in response.content.decode()
    assert panel.candidates.count() == 7


def test_it_seats_only_people_of_the_panels_organisation(panel, analyst, other_coach):
    with pytest.raises(ValidationError):
        panel_member_add(panel=panel, user=other_coach, by=analyst)
    assert panel.members.count() == 2


def test_it_shows_candidates_by_applicant_id_and_never_their_demographics(client, analyst, panel):
    client.force_login(analyst)
    body = client.get(reverse("interviews:panel", args=[panel.pk])).content.decode()
    assert "A1" in body
    for word in ("Hispanic", "Black", "Female"):
        assert word not in body


def test_it_opens_the_consensus_only_when_every_member_has_submitted(
    client, analyst, panel, coach, manager
):
    # given only Maria submitted for A1
    submit(panel, manager, "A1", [4, 3])
    client.force_login(analyst)
    url = reverse("interviews:consensus", args=[panel.pk, candidate(panel, "A1").pk])
    # when the coordinator tries to record a consensus
    waiting = client.post(url, consensus_data(panel, [4, 3]))
    # then it is refused and no rating is shown
    assert waiting.status_code == 200
    assert "The consensus step opens once every panel member" in waiting.content.decode()
    assert not ConsensusRating.objects.exists()
    # when Alice submits too
    submit(panel, coach, "A1", [2, 3])
    page = client.get(url)
    # then both ratings are side by side, with the spread flagged
    body = page.content.decode()
    assert "Ratings differ from 2 to 4" in body
    # and the consensus is recorded with the weighted score (2×4 + 1×3) / 3
    response = client.post(url, consensus_data(panel, [4, 3]))
    assert response.status_code == 302
    a1 = candidate(panel, "A1")
    assert (a1.decision, a1.reason, a1.consensus_score) == (
        "pass",
        "Clear evidence on both",
        Decimal("3.6667"),
    )
    assert (
        AuditEvent.objects.filter(object_type="interviews.candidate", action="update").count() == 1
    )


def test_it_opens_the_consensus_for_everyone_when_scoring_is_closed(panel, analyst, manager):
    # given Maria submitted, Alice never did, and the coordinator closed scoring
    submit(panel, manager, "A2", [3, 3])
    panel_close(panel=panel, by=analyst)
    # when
    a2 = consensus_record(
        candidate=candidate(panel, "A2"),
        ratings={c.pk: 3 for c in competencies(panel)},
        decision="fail",
        reason="Below the bar",
        by=analyst,
    )
    # then
    assert (a2.decision, a2.consensus_score) == ("fail", Decimal("3.0000"))


def test_it_requires_a_reason_and_a_rating_for_every_competency(panel, analyst):
    panel_close(panel=panel, by=analyst)
    a3 = candidate(panel, "A3")
    with pytest.raises(ValidationError):
        consensus_record(candidate=a3, ratings={}, decision="pass", reason="ok", by=analyst)
    with pytest.raises(ValidationError):
        consensus_record(
            candidate=a3,
            ratings={c.pk: 3 for c in competencies(panel)},
            decision="pass",
            reason="  ",
            by=analyst,
        )
    assert Candidate.objects.get(pk=a3.pk).decision == ""


def test_it_computes_the_panels_agreement_from_submitted_scorecards(
    client, analyst, panel, coach, manager
):
    # given both members submitted three candidates, and Alice has a draft for a fourth
    alice = {"A1": [4, 3], "A2": [2, 2], "A3": [5, 4]}
    maria = {"A1": [5, 3], "A2": [2, 1], "A3": [4, 4]}
    for external_id, values in alice.items():
        submit(panel, coach, external_id, values)
    for external_id, values in maria.items():
        submit(panel, manager, external_id, values)
    scorecard_save(
        member=seat(panel, coach),
        candidate=candidate(panel, "A4"),
        ratings={c.pk: RatingInput(1) for c in competencies(panel)},
        submit=False,
        by=coach,
    )
    # when
    agreement = panel_agreement(panel)
    # then ICC(2,1) is that of the weighted overall scores, and alpha that of every rating
    overall = [
        [(2 * alice[k][0] + alice[k][1]) / 3, (2 * maria[k][0] + maria[k][1]) / 3]
        for k in ("A1", "A2", "A3")
    ]
    units = [alice[k][i] for k in ("A1", "A2", "A3") for i in (0, 1)]
    units_m = [maria[k][i] for k in ("A1", "A2", "A3") for i in (0, 1)]
    blank = [None] * 6  # A4, A5, A6 have no submitted ratings
    assert agreement.icc == pytest.approx(icc_2_1(overall))
    assert agreement.icc_candidates == 3
    assert agreement.alpha == pytest.approx(
        krippendorff_alpha([units + blank, units_m + blank], metric="ordinal")
    )
    assert agreement.ratings == 12
    # and the coordinator sees it on the panel page
    client.force_login(analyst)
    body = client.get(reverse("interviews:panel", args=[panel.pk])).content.decode()
    assert f"{agreement.icc:.2f}" in body


def test_it_hides_agreement_from_a_member_with_scorecards_still_to_submit(
    client, panel, manager, coach
):
    submit(panel, coach, "A1", [4, 3])
    client.force_login(manager)
    response = client.get(reverse("interviews:panel", args=[panel.pk]))
    assert response.context["agreement"] is None


def test_it_keeps_panels_apart_by_requisition(panel, southside):
    other = make_requisition(southside, "R-200")
    assert not Candidate.objects.filter(applicant__requisition=other).exists()


def test_it_locks_a_rubrics_competencies_and_weights_once_a_panel_has_scored(
    client, analyst, panel, coach
):
    # given Alice has a draft scorecard on the panel using the rubric
    scorecard_save(
        member=seat(panel, coach),
        candidate=candidate(panel, "A1"),
        ratings={},
        submit=False,
        by=coach,
    )
    client.force_login(analyst)
    first = competencies(panel)[0]
    # when the analyst tries to add a competency or change a weight
    added = client.post(
        reverse("interviews:competency_add", args=[panel.rubric_id]),
        {"name": "New", "description": "", "weight": "1", **anchors("New")},
    )
    reweighted = client.post(
        reverse("interviews:competency_edit", args=[panel.rubric_id, first.pk]),
        {"name": first.name, "description": "", "weight": "5", **anchors("Problem solving")},
    )
    # then both are refused and nothing changes
    assert added.status_code == reweighted.status_code == 200
    assert "its competencies and weights cannot change" in added.content.decode()
    assert [(c.name, c.weight) for c in competencies(panel)] == [
        ("Problem solving", Decimal("2.00")),
        ("Communication", Decimal("1.00")),
    ]
    # but the anchors' wording may still be clarified
    fixed = client.post(
        reverse("interviews:competency_edit", args=[panel.rubric_id, first.pk]),
        {"name": first.name, "description": "", "weight": "2", **anchors("Clearer")},
    )
    assert fixed.status_code == 302
    assert Competency.objects.get(pk=first.pk).anchor_1 == "Clearer anchor 1"


def test_it_lists_panels_newest_first_a_page_at_a_time(
    client, analyst, requisition, rubric, settings
):
    from workbridge.interviews.services import panel_create

    settings.WORKBRIDGE_PAGE_SIZE = 50
    for n in range(51):
        panel_create(requisition=requisition, rubric=rubric, name=f"Panel {n:02d}", by=analyst)
    client.force_login(analyst)
    first = client.get(reverse("interviews:home"))
    second = client.get(reverse("interviews:home"), {"page": 2})
    assert [p.name for p in first.context["page"].object_list][:2] == ["Panel 50", "Panel 49"]
    assert [p.name for p in second.context["page"].object_list] == ["Panel 00"]


def test_it_audits_each_view_of_the_consensus_page(client, analyst, panel, coach, manager):
    # given both members submitted for A1
    submit(panel, manager, "A1", [4, 3])
    submit(panel, coach, "A1", [2, 3])
    a1 = candidate(panel, "A1")
    before = AuditEvent.objects.count()
    client.force_login(analyst)
    # when
    response = client.get(reverse("interviews:consensus", args=[panel.pk, a1.pk]))
    # then one view event names the candidate and the coordinator
    assert response.status_code == 200
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.actor, e.action, e.object_type, e.object_id) for e in events] == [
        (analyst, "view", "interviews.candidate", str(a1.pk))
    ]
    assert events[0].fields == ["decision", "evidence", "ratings", "reason"]


def test_it_audits_nothing_when_the_consensus_page_is_refused(client, coach, panel):
    # given Alice is a panel member, not a coordinator
    a1 = candidate(panel, "A1")
    before = AuditEvent.objects.count()
    client.force_login(coach)
    # when
    response = client.get(reverse("interviews:consensus", args=[panel.pk, a1.pk]))
    # then
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before
