"""Structured interview scoring in a browser: an interviewer scores alone by keyboard and
sees the others only after submitting; the coordinator records the consensus."""

import re
from decimal import Decimal

import pytest

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.equity.models import Applicant, Requisition
from workbridge.interviews.models import Candidate, Scorecard
from workbridge.interviews.services import (
    RatingInput,
    competency_save,
    panel_create,
    rubric_save,
    scorecard_save,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def world(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    alice = make_user("alice", Role.STAFF, southside, first_name="Alice", last_name="Coach")
    maria = make_user("maria", Role.MANAGER, southside, first_name="Maria", last_name="Lopez")
    ana = make_user("ana", Role.ANALYST, southside, first_name="Ana", last_name="Analyst")
    requisition = Requisition.objects.create(
        organisation=southside,
        external_id="R-1",
        department="Water",
        job_title="Engineer",
        year=2025,
    )
    Applicant.objects.create(
        organisation=southside,
        requisition=requisition,
        external_id="A-17",
        eeo_category="black",
        sex="female",
        reached=3,
    )
    rubric = rubric_save(
        organisation=southside, data={"name": "Engineer", "job_title": "Engineer"}, by=ana
    )
    for name in ("Problem solving", "Communication"):
        competency_save(
            rubric=rubric,
            data={
                "name": name,
                "description": "",
                "weight": Decimal("1"),
                **{f"anchor_{r}": f"{name} level {r}" for r in range(1, 6)},
            },
            by=ana,
        )
    panel = panel_create(
        requisition=requisition,
        rubric=rubric,
        name="Engineer panel",
        members=[alice, maria],
        by=ana,
    )
    candidate = panel.candidates.get()
    scorecard_save(
        member=panel.members.get(user=maria),
        candidate=candidate,
        ratings={
            c.pk: RatingInput(5, "Maria saw a strong answer") for c in rubric.competencies.all()
        },
        submit=True,
        by=maria,
    )
    return panel, candidate


def test_an_interviewer_scores_alone_by_keyboard_then_the_panel_agrees(page, world):
    panel, candidate = world
    # given Alice signs in and opens her panels
    sign_in(page, "alice")
    page.wait_for_url(re.compile(r"/participants/$"))
    page.axe.check()
    page.goto("/interviews/mine/")
    page.axe.check()
    page.get_by_role("link", name="Engineer panel").click()
    page.wait_for_url(re.compile(r"/score/$"))
    page.axe.check()
    page.get_by_role("link", name="A-17").click()
    page.wait_for_url(re.compile(r"/score/\d+/$"))
    page.axe.check()
    # then nothing of Maria's is on her scorecard
    assert "Maria" not in page.locator("main").inner_text()
    # when she rates by keyboard: the first anchor, then the arrow keys to 3 and 4
    group = page.get_by_role("group", name=re.compile("^Problem solving"))
    group.get_by_role("radio", name="1 — Problem solving level 1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert group.get_by_role("radio", name="3 — Problem solving level 3").is_checked()
    page.get_by_role("radio", name="4 — Communication level 4").check()
    page.get_by_label("Evidence for Problem solving").fill("Walked through the pump failure")
    page.get_by_role("button", name="Submit: no changes afterwards").click()
    page.wait_for_url(re.compile(r"/score/\d+/$"))
    page.axe.check()
    # then her scorecard is submitted and Maria's ratings now show
    card = Scorecard.objects.get(member__user__username="alice")
    assert card.is_submitted
    assert sorted(card.ratings.values_list("value", flat=True)) == [3, 4]
    assert "Maria saw a strong answer" in page.locator("main").inner_text()
    # when the coordinator records the consensus
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.axe.check()
    sign_in(page, "ana")
    page.wait_for_url(re.compile(r"/$"))
    page.axe.check()
    page.goto(f"/interviews/panels/{panel.pk}/")
    page.axe.check()
    page.get_by_role("link", name="Consensus for A-17").click()
    page.wait_for_url(re.compile(r"/consensus/$"))
    page.axe.check()
    page.get_by_role("group", name="Agreed rating for Problem solving").get_by_role(
        "radio", name="4 — Problem solving level 4"
    ).check()
    page.get_by_role("group", name="Agreed rating for Communication").get_by_role(
        "radio", name="4 — Communication level 4"
    ).check()
    page.get_by_role("radio", name="Pass", exact=True).check()
    page.get_by_label("Reason for the decision").fill("Strong on both competencies")
    page.get_by_role("button", name="Record the consensus").click()
    page.wait_for_url(re.compile(rf"/interviews/panels/{panel.pk}/$"))
    page.axe.check()
    # then the decision is recorded and the report counts it
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert (candidate.decision, candidate.consensus_score) == ("pass", Decimal("4.0000"))
    page.goto("/interviews/reports/impact/")
    page.axe.check()
    assert page.get_by_text("Candidates with a decision").is_visible()
