"""Each app's metrics against hand-made data whose value is worked out here.

Today is 2 November 2026 (noon in Chicago) throughout.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.equity.report_data import (
    HIRED,
    applicants,
    hires_world,
    requisition,
    workforce_world,
)
from tests.equity.test_reports_process import load_sessions, load_steps
from tests.factories import ParticipantFactory, make_user
from workbridge.accounts.models import Role
from workbridge.employers.models import ActionItem, Employer, Interaction, Location, ReviewMeeting
from workbridge.equity.reports_process import application_process_report
from workbridge.equity.services import flow_counts_refresh
from workbridge.interviews.models import (
    Candidate,
    InterviewerProfile,
    Panel,
    PanelMember,
    Rubric,
)
from workbridge.jobs.models import LivingWage
from workbridge.placements.models import Placement, RetentionCheck
from workbridge.web.metrics import compute_batch, get, registry

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=CHICAGO), tick=False):
        yield


def value(key, organisation, **parameters):
    return get(key).compute(organisation, **parameters)


def test_the_registry_holds_at_least_twenty_metrics_each_with_unit_and_description():
    found = registry()
    assert len(found) >= 20
    for key, metric in found.items():
        assert metric.unit in {"share", "count", "days", "money", "ratio", "number"}, key
        assert str(metric.description), key


# Hiring equity ---------------------------------------------------------------------------


def test_it_counts_hires_of_a_group_in_a_title_and_in_all(southside):
    # 2025: Laborer hired 4 White women; Gardener hired 1 White man
    hires_world(southside)
    assert value("equity.hires", southside, group="white", year=2025, job_title="Laborer") == 4
    assert value("equity.hires", southside, group="white", year=2025) == 5
    assert value("equity.hires", southside, group="black", year=2024) == 2


def test_it_counts_many_hire_figures_in_one_batch_with_the_same_answers(southside):
    hires_world(southside)
    sets = [
        {"group": "white", "year": 2025, "job_title": "Laborer"},
        {"group": "hispanic", "year": 2024, "job_title": "Laborer"},
        {"group": "asian", "year": 2025, "job_title": ""},
    ]
    assert compute_batch(get("equity.hires"), southside, sets) == [4.0, 5.0, 2.0]


def test_it_compares_a_groups_hires_with_the_year_before(southside):
    # Laborer: Black 2 → 4 (+100%), Hispanic 5 → 2 (−60%), Asian 0 → 2 (no base)
    hires_world(southside)
    change = get("equity.hires_change").compute
    assert change(southside, group="black", year=2025, job_title="Laborer") == 1.0
    assert change(southside, group="hispanic", year=2025, job_title="Laborer") == -0.6
    assert change(southside, group="asian", year=2025, job_title="Laborer") is None


def test_it_gives_a_groups_share_of_the_years_hires(southside):
    # Laborer 2025: 2 Hispanic of 12; all titles: 2 of 13
    hires_world(southside)
    share = get("equity.hire_share").compute
    assert share(southside, group="hispanic", year=2025, job_title="Laborer") == 2 / 12
    assert share(southside, group="hispanic", year=2025) == 2 / 13
    assert share(southside, group="hispanic", year=2030) is None


def test_it_counts_applicants_of_a_group(southside):
    # Laborer 2025: White 4 hired + 3 interviewed; Black 4 hired + 1 withdrawn
    hires_world(southside)
    assert value("equity.applicants", southside, group="white", year=2025, job_title="Laborer") == 7
    assert value("equity.applicants", southside, group="black", year=2025, job_title="Laborer") == 5


def test_it_counts_adverse_impact_findings(southside):
    # Clerk 2025: 10 White men hired; 10 Black men stopped at the second stage. Adverse
    # impact at the step from stage 1 to 2 and over the whole process: 2 findings by race;
    # by sex there is one group only, so none.
    clerk = requisition(southside, year=2025, job_title="Clerk")
    applicants(southside, clerk, "white", "male", HIRED, 10)
    applicants(southside, clerk, "black", "male", 1, 10)
    flow_counts_refresh(organisation=southside)
    assert value("equity.adverse_impact_findings", southside, year=2025, by="race") == 2
    assert value("equity.adverse_impact_findings", southside, year=2025, by="sex") == 0
    assert value("equity.adverse_impact_findings", southside, year=2024, by="race") == 0


def test_it_gives_a_groups_share_of_the_newest_workforce(southside):
    # 47 employees in Streets: White 24 professionals + 5 technicians, Black 6
    workforce_world(southside)
    assert value("equity.representation", southside, group="white") == 29 / 47
    assert value("equity.representation", southside, group="black", department="Streets") == 6 / 47
    assert value("equity.representation", southside, group="black", department="Parks") is None


def test_it_gives_the_share_of_started_applications_submitted(southside, northside, analyst):
    # given 2025 in Streets: three applications started, two submitted (one over two
    # sessions); in Parks one started, never submitted. A 2024 application submitted, and a
    # Northside one started, are left out.
    streets = requisition(southside, year=2025)
    parks = requisition(southside, year=2025, department="Parks", job_title="Gardener")
    a, b, c = (x.external_id for x in applicants(southside, streets, "white", "female", 0, 3))
    [d] = (x.external_id for x in applicants(southside, parks, "black", "male", 0, 1))
    [old] = (
        x.external_id
        for x in applicants(southside, requisition(southside, year=2024), "white", "male", 0, 1)
    )
    load_sessions(
        southside,
        analyst,
        [
            f"{a},1,Contact,started,0",
            f"{a},1,Review,submitted,20",
            f"{b},1,Contact,started,0",
            f"{b},2,Review,submitted,9",
            f"{c},1,Contact,started,0",
            f"{d},1,Contact,started,0",
            f"{d},1,Work history,help_requested,4",
            f"{old},1,Review,submitted,5",
        ],
    )
    [theirs] = applicants(northside, requisition(northside, year=2025), "white", "male", 0, 1)
    theirs_by = make_user("nora", Role.ANALYST, northside)
    load_sessions(northside, theirs_by, [f"{theirs.external_id},1,Contact,submitted,3"])
    # then
    rate = "equity.application_completion_rate"
    assert value(rate, southside, year=2025) == 2 / 4
    assert value(rate, southside, year=2025, department="Streets") == 2 / 3
    assert value(rate, southside, year=2025, department="Parks") == 0.0
    assert value(rate, southside, year=2023) is None
    # and the application-process report gives the same rate for all applications
    report = application_process_report(southside, year=2025, threshold=10)
    assert report.tables[0].value("All applications", "Completion rate") == 50.0


def test_it_counts_optional_steps_flagged_for_adverse_impact(southside, analyst):
    # given 2025: in Streets a secondary screening that White women passed 8 of 10 and
    # Black women 3 of 10 (0.375 of the White rate), 20 more Black women not offered it;
    # in Parks a phone interview both groups passed 5 of 5
    streets = requisition(southside, year=2025)
    parks = requisition(southside, year=2025, department="Parks", job_title="Gardener")
    lines = []

    def flag(req, eeo, step, outcome, n):
        for a in applicants(southside, req, eeo, "female", 0, n):
            lines.append(f"{a.external_id},{step},{outcome}")

    flag(streets, "white", "Secondary screening", "passed", 8)
    flag(streets, "white", "Secondary screening", "failed", 2)
    flag(streets, "black", "Secondary screening", "passed", 3)
    flag(streets, "black", "Secondary screening", "failed", 7)
    flag(streets, "black", "Secondary screening", "not offered", 20)
    flag(parks, "white", "Phone interview", "passed", 5)
    flag(parks, "black", "Phone interview", "passed", 5)
    load_steps(southside, analyst, lines)
    # then the screening is flagged by race; by sex there is one group, so nothing
    key = "equity.optional_step_adverse_impact"
    assert value(key, southside, year=2025, by="race") == 1
    assert value(key, southside, year=2025, by="race", department="Streets") == 1
    assert value(key, southside, year=2025, by="race", department="Parks") == 0
    assert value(key, southside, year=2025, by="sex") == 0
    assert value(key, southside, year=2024, by="race") == 0


# Interviews ------------------------------------------------------------------------------


@pytest.fixture
def panels(southside, analyst, coach, manager, admin_user):
    """2025: panel A (Alice: Black woman; Maria: White man), panel B (Maria; Ada, no profile).
    2024: panel C (Alice; Ana: Hispanic woman). A interviews X1 and X2, B X2 and X3."""
    InterviewerProfile.objects.create(user=coach, eeo_category="black", sex="female")
    InterviewerProfile.objects.create(user=manager, eeo_category="white", sex="male")
    InterviewerProfile.objects.create(user=analyst, eeo_category="hispanic", sex="female")
    rubric = Rubric.objects.create(
        organisation=southside, name="Clerk", job_title="Clerk", created_by=analyst
    )
    r25 = requisition(southside, year=2025, job_title="Clerk")
    r24 = requisition(southside, year=2024, job_title="Clerk")
    made = {}
    for name, req, members in (
        ("A", r25, [coach, manager]),
        ("B", r25, [manager, admin_user]),
        ("C", r24, [coach, analyst]),
    ):
        panel = Panel.objects.create(
            organisation=southside, requisition=req, rubric=rubric, name=name
        )
        for user in members:
            PanelMember.objects.create(panel=panel, user=user)
        made[name] = panel
    x1, x2, x3 = (applicants(southside, r25, "white", "male", 3, 1)[0] for _ in range(3))
    for panel, person in ((made["A"], x1), (made["A"], x2), (made["B"], x2), (made["B"], x3)):
        Candidate.objects.create(panel=panel, applicant=person)
    return made


def test_it_measures_panels_meeting_a_diversity_rule(southside, panels):
    rule = get("interviews.panels_meeting_rule").compute
    # two groups and a woman: A only, of A and B
    assert rule(southside, year=2025, min_groups=2, min_women=1) == 0.5
    # one group and nobody in particular: both
    assert rule(southside, year=2025, min_groups=1) == 1.0
    assert rule(southside, year=2024, min_groups=2, min_women=2) == 1.0
    assert rule(southside, year=2023, min_groups=1) is None


def test_it_counts_panels_and_the_candidates_they_interviewed(southside, panels):
    assert value("interviews.panels", southside, year=2025) == 2
    assert value("interviews.candidates_interviewed", southside, year=2025) == 3
    assert value("interviews.panels", southside, year=2024) == 1


# Placements and employers ----------------------------------------------------------------


@pytest.fixture
def hires(southside, coach):
    """Acme (site in South Lawndale, area 30) hired, in 2026:
    P1 10 Jan, $22, still there (90-day check: yes, done a day early);
    P2 1 Feb, $15, ended 1 Mar (90-day check: no, done 8 days late);
    P3 1 Mar, $18, lives outside the city (90-day check: no, done on the day);
    P4 1 Oct, $25, lives in Austin (area 25) (90-day check due 30 Dec);
    and P5 in 2025 (1 Jun, $30)."""
    acme = Employer.objects.create(organisation=southside, name="Acme", stage="active")
    Employer.objects.create(organisation=southside, name="Bolt", stage="prospect")
    Location.objects.create(
        employer=acme, address="1 Main St", zip_code="60623", community_area_id=30
    )

    def hire(started, wage, *, area=30, ended=None):
        person = ParticipantFactory(organisation=southside, community_area_id=area)
        return Placement.objects.create(
            organisation=southside,
            participant=person,
            employer=acme,
            job_title="Cook",
            started_on=started,
            hourly_wage=Decimal(wage),
            hours_per_week=40,
            ended_on=ended,
        )

    p1 = hire(date(2026, 1, 10), "22.00")
    p2 = hire(date(2026, 2, 1), "15.00", ended=date(2026, 3, 1))
    p3 = hire(date(2026, 3, 1), "18.00", area=None)
    p4 = hire(date(2026, 10, 1), "25.00", area=25)
    hire(date(2025, 6, 1), "30.00")
    for placement, due, done, found in (
        (p1, date(2026, 4, 10), date(2026, 4, 9), "yes"),
        (p2, date(2026, 5, 2), date(2026, 5, 10), "no"),
        (p3, date(2026, 5, 30), date(2026, 5, 30), "no"),
        (p4, date(2026, 12, 30), None, "unknown"),
    ):
        RetentionCheck.objects.create(
            placement=placement, checkpoint=90, due_on=due, done_on=done, still_employed=found
        )
    return acme


def test_it_counts_placements_one_at_a_time_and_in_a_batch(southside, hires):
    assert value("placements.count", southside, year=2026) == 4
    sets = [{"year": 2026}, {"year": 2025}, {"year": 2024}]
    assert compute_batch(get("placements.count"), southside, sets) == [4.0, 1.0, 0.0]


def test_it_measures_retention_at_a_checkpoint(southside, hires):
    # 90 days: P1 yes, P2 no, P3 no; P4 not there yet → 1 of 3
    assert value("placements.retention", southside, year=2026, days=90) == 1 / 3
    # 30 days: P1, P3 and P4 still there, P2 ended before → 3 of 4
    assert value("placements.retention", southside, year=2026, days="30") == 3 / 4
    assert value("placements.retention", southside, year=2024, days=90) is None


def test_it_measures_the_share_paid_a_living_wage(southside, hires):
    LivingWage.objects.update_or_create(
        area="Cook County, IL",
        year=2026,
        household_type="1a0c",
        defaults={"hourly_wage": Decimal("20.00"), "source": "test"},
    )
    # $22 and $25 of $22, $15, $18, $25
    assert value("placements.living_wage_share", southside, year=2026, household_type="1a0c") == 0.5


def test_it_measures_retention_checks_done_on_time(southside, hires):
    # due by today: P1 (early), P2 (late), P3 (on the day) → 2 of 3
    assert value("placements.checks_on_time", southside, year=2026) == 2 / 3


def test_it_measures_local_hiring(southside, hires):
    # last 12 months: P1–P4. Near Acme's site (area 30): P1, P2; in the city: P1, P2, P4
    share = get("employers.local_hiring_share").compute
    assert share(southside, months=12, local="site") == 0.5
    assert share(southside, months=12, local="city") == 0.75


def test_it_counts_active_partnerships(southside, hires):
    assert value("employers.active_partners", southside) == 1


def test_it_measures_follow_ups_done_on_time(southside):
    # due in 2026 by today: 1 Mar (done early), 1 Jun (late), 1 Sep (not done) → 1 of 3
    for due, done in (
        (date(2026, 3, 1), date(2026, 2, 28)),
        (date(2026, 6, 1), date(2026, 6, 5)),
        (date(2026, 9, 1), None),
        (date(2026, 12, 1), None),
        (date(2025, 5, 1), date(2025, 5, 1)),
    ):
        ActionItem.objects.create(
            organisation=southside, description="Call", due_on=due, done_on=done
        )
    assert value("employers.follow_ups_on_time", southside, year=2026) == 1 / 3
    assert value("employers.follow_ups_on_time", southside, year=2024) is None


def test_it_counts_review_meetings_held_and_contacts_made(southside):
    for i, day in enumerate(
        (
            datetime(2026, 2, 10, 10),
            datetime(2026, 8, 15, 10),
            datetime(2026, 12, 10, 10),
            datetime(2025, 9, 1, 10),
        )
    ):
        start = day.replace(tzinfo=CHICAGO)
        ReviewMeeting.objects.create(
            organisation=southside, uid=f"m{i}", title="Review", starts_at=start, ends_at=start
        )
    for day in (date(2026, 1, 5), date(2026, 3, 5), date(2026, 10, 5), date(2025, 3, 5)):
        Interaction.objects.create(organisation=southside, kind="call", occurred_on=day)
    # the December meeting is still to come
    assert value("employers.review_meetings_held", southside, year=2026) == 2
    assert value("employers.interactions", southside, year=2026) == 3


# People ----------------------------------------------------------------------------------


def test_it_counts_enrolments_and_active_participants(southside, northside):
    for enrolled, exited in (
        (date(2026, 1, 5), None),
        (date(2026, 6, 5), date(2026, 9, 1)),
        (date(2025, 6, 5), None),
    ):
        ParticipantFactory(organisation=southside, enrolled_on=enrolled, exited_on=exited)
    ParticipantFactory(organisation=northside, enrolled_on=date(2026, 2, 2))
    assert value("people.enrolled", southside, year=2026) == 2
    assert value("people.active", southside) == 2
