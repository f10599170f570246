"""The consensus effect page: each group's shift from the members' own scores to the
consensus, with the t tests as SciPy computes them."""

import pytest
from django.urls import reverse
from scipy import stats

from tests.interviews.conftest import candidate, competencies, seat
from workbridge.interviews.consensus_report import consensus_shift_report
from workbridge.interviews.reports import Scope
from workbridge.interviews.services import (
    RatingInput,
    consensus_record,
    panel_close,
    scorecard_save,
)

# applicant: (coach's ratings, manager's ratings, agreed ratings); weights 2 and 1
SCORES = {
    "A1": ([3, 3], [4, 4], [4, 4]),  # white: own 3.0 and 4.0, agreed 4.0: +0.5
    "A4": ([4, 4], [4, 4], [5, 2]),  # white: own 4.0, agreed 4.0: 0
    "A2": ([3, 3], [3, 3], [2, 2]),  # black: own 3.0, agreed 2.0: -1
    "A5": ([2, 2], [4, 4], [2, 2]),  # black: own 2.0 and 4.0, agreed 2.0: -1
}


@pytest.fixture
def scored(panel, analyst, coach, manager):
    for external_id, (mine, theirs, _agreed) in SCORES.items():
        for user, values in ((coach, mine), (manager, theirs)):
            scorecard_save(
                member=seat(panel, user),
                candidate=candidate(panel, external_id),
                ratings={
                    c.pk: RatingInput(v, "noted")
                    for c, v in zip(competencies(panel), values, strict=True)
                },
                submit=True,
                by=user,
            )
    panel_close(panel=panel, by=analyst)
    for external_id, (_mine, _theirs, agreed) in SCORES.items():
        consensus_record(
            candidate=candidate(panel, external_id),
            ratings={c.pk: v for c, v in zip(competencies(panel), agreed, strict=True)},
            decision="pass",
            reason="Agreed by the panel",
            by=analyst,
        )
    return panel


def test_it_measures_the_shift_by_race_with_welchs_test(scored, southside):
    # when
    report = consensus_shift_report(southside, Scope())
    # then
    race = {g.group: g for g in report.tables[0].effect.groups}
    assert report.candidates == 4
    assert race["white"].mean_shift == pytest.approx(0.25)
    assert race["black"].mean_shift == pytest.approx(-1.0)
    welch = stats.ttest_ind([0.5, 0.0], [-1.0, -1.0], equal_var=False)
    assert race["white"].p_others == pytest.approx(welch.pvalue)


def test_the_analyst_reads_the_page(client, analyst, scored):
    # when
    client.force_login(analyst)
    response = client.get(reverse("interviews:consensus_effect"))
    # then
    assert response.status_code == 200
    text = response.content.decode()
    assert "By race and ethnicity" in text
    assert "-1.00" in text


def test_it_says_when_there_is_nothing_to_compare(client, analyst, panel):
    client.force_login(analyst)
    response = client.get(reverse("interviews:consensus_effect"))
    assert "No candidate in this scope has both submitted scorecards" in response.content.decode()
