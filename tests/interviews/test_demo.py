"""Demo interviews: consistent records, and the same interviews from the same seed."""

from workbridge.demo.interviews import seed_interviews
from workbridge.interviews.models import Candidate, Panel, Scorecard
from workbridge.interviews.queries import panel_agreement
from workbridge.interviews.reports import Scope, score_impact


def test_it_seeds_closed_panels_with_scorecards_and_decisions(
    southside, requisition, coach, manager, analyst
):
    # when
    made = seed_interviews(organisation=southside, seed=7)
    # then one panel of three scored the six interviewed applicants
    assert (made.rubrics, made.panels, made.candidates, made.scorecards) == (1, 1, 6, 18)
    panel = Panel.objects.get()
    assert panel.is_closed
    assert not Candidate.objects.filter(decision="").exists()
    assert Scorecard.objects.filter(submitted_at__isnull=True).count() == 0
    assert panel_agreement(panel).ratings == 54
    assert score_impact(southside, Scope()).scored == 6
    # and a second run writes nothing
    assert seed_interviews(organisation=southside, seed=7).panels == 0


def test_it_gives_the_same_interviews_from_the_same_seed(
    southside, requisition, coach, manager, analyst
):
    seed_interviews(organisation=southside, seed=7)
    first = list(
        Candidate.objects.order_by("applicant__external_id").values_list(
            "consensus_score", "decision"
        )
    )
    Panel.objects.all().delete()
    from workbridge.interviews.models import InterviewerProfile, Rubric

    Rubric.objects.all().delete()
    InterviewerProfile.objects.all().delete()
    seed_interviews(organisation=southside, seed=7)
    again = list(
        Candidate.objects.order_by("applicant__external_id").values_list(
            "consensus_score", "decision"
        )
    )
    assert first == again


def test_it_leaves_one_panel_scoring_that_waits_for_the_job_developer(
    southside, requisition, coach, manager, analyst
):
    # given an older requisition for the same job, also interviewed
    from tests.interviews.conftest import make_applicant, make_requisition
    from workbridge.interviews.models import PanelStatus
    from workbridge.interviews.queries import has_pending_scorecards

    older = make_requisition(southside, external_id="R-050", year=2024)
    for external_id in ("B1", "B2", "B3", "B4"):
        make_applicant(older, external_id)
    # when the newest requisition gets the closed panel
    made = seed_interviews(organisation=southside, seed=7, requisitions=1)
    # then the next one has a panel still scoring, through the scorecard service
    assert (made.panels, made.open_panels) == (1, 1)
    panel = Panel.objects.get(status=PanelStatus.SCORING)
    assert panel.requisition == older
    submitted = {
        m.user.username: m.scorecards.filter(submitted_at__isnull=False).count()
        for m in panel.members.select_related("user")
    }
    assert submitted == {analyst.username: 4, manager.username: 2, coach.username: 0}
    assert has_pending_scorecards(coach, panel)
    assert not has_pending_scorecards(analyst, panel)
    assert Scorecard.objects.filter(submitted_at__isnull=True).count() == 0
