"""The application-process measures counted in the database are the ones the pure
arithmetic (``core.application_sessions.process_measures``) gives from the same events:
on many applicants with repeated sessions, unrecorded steps and groups, several help
requests and warnings, and applications never submitted."""

import random

import pytest

from tests.equity.report_data import applicants, requisition
from tests.equity.test_reports_process import load_sessions
from workbridge.core.application_sessions import SessionEvent, process_measures
from workbridge.equity.reports_process import process_figures, session_events_for

pytestmark = pytest.mark.django_db

STEPS = ["Contact", "Work history", "Education", "Review", ""]
KINDS = ["started", "saved", "saved", "help_requested", "validation_warning"]


@pytest.fixture
def varied_world(southside, analyst, northside, other_analyst):
    """60 Southside applicants of 2025 in two departments (one group and one sex left
    blank among them) with 1 to 12 random events each, some submitted; and events of a
    2024 applicant and of a Northside applicant, which must never count."""
    rng = random.Random(20251204)
    streets = requisition(southside, year=2025, department="Streets", job_title="Laborer")
    parks = requisition(southside, year=2025, department="Parks", job_title="Gardener")
    people = []
    for req, eeo, sex in [
        (streets, "white", "female"),
        (streets, "black", "male"),
        (streets, "hispanic", ""),
        (parks, "asian", "female"),
        (parks, "", "male"),
        (parks, "black", "female"),
    ]:
        people += [a.external_id for a in applicants(southside, req, eeo, sex, 0, 10)]
    lines = []
    for person in people:
        for _ in range(rng.randint(1, 12)):
            kind = rng.choice(KINDS)
            minutes = rng.choice([0, 0.5, 3, 7.25, 12, 20.5, 41])
            lines.append(f"{person},{rng.randint(1, 3)},{rng.choice(STEPS)},{kind},{minutes}")
        if rng.random() < 0.6:
            lines.append(f"{person},{rng.randint(1, 3)},Review,submitted,{rng.randint(5, 60)}")
    load_sessions(southside, analyst, lines)
    old = applicants(southside, requisition(southside, year=2024), "white", "male", 0, 1)
    load_sessions(southside, analyst, [f"{old[0].external_id},1,Review,submitted,9"])
    theirs = applicants(northside, requisition(northside, year=2025), "black", "male", 0, 1)
    load_sessions(northside, other_analyst, [f"{theirs[0].external_id},1,Review,submitted,9"])
    return southside


def shown(measures):
    """Each measure's figures, fractions to 9 places (sums may add up in another order)."""
    return [
        (
            m.key,
            m.applications,
            m.completed,
            round(m.sessions_per_application, 9),
            m.help_requests,
            m.warnings,
            None
            if m.median_minutes_to_complete is None
            else round(m.median_minutes_to_complete, 9),
        )
        for m in measures
    ]


@pytest.mark.parametrize("characteristic", ["race", "sex"])
@pytest.mark.parametrize("department", ["", "Parks"])
def test_the_counted_measures_equal_the_arithmetic_on_the_events(
    varied_world, characteristic, department
):
    # given the events as the pure arithmetic reads them
    events = session_events_for(
        varied_world, year=2025, characteristic=characteristic, department=department
    )
    everyone = [SessionEvent(e.application, e.session, e.step, e.event, e.minutes) for e in events]
    # when the database counts them
    figures = process_figures(
        varied_world, year=2025, characteristic=characteristic, department=department
    )
    # then every figure is the same
    assert shown(figures.by_group) == shown(process_measures(events, by="group"))
    assert shown(figures.by_step) == shown(process_measures(events, by="step"))
    assert figures.overall is not None
    expected = process_measures(everyone, by="group")[0]
    assert shown([figures.overall])[0][1:] == shown([expected])[0][1:]


def test_a_year_without_events_has_no_measures(varied_world):
    figures = process_figures(varied_world, year=2023)
    assert (figures.by_group, figures.overall, figures.by_step) == ([], None, [])
