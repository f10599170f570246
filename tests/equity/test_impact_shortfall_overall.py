"""The adverse-impact page shows each group's shortfall against the overall rate beside the
shortfall against the highest rate, each labelled with what it measures."""

import pytest
from django.urls import reverse

from tests.equity.test_impact_page import boundary_dataset


def test_it_shows_the_shortfall_against_the_overall_rate(client, analyst, southside):
    # given White 30 of 50 and Black 20 of 50 selected from interviewed to offered
    boundary_dataset(southside, black_selected=20)
    client.force_login(analyst)
    # when
    response = client.get(reverse("equity:impact"), {"from_stage": 3, "to_stage": 4})
    # then: 50 × 50/100 − 20 = 5 short of the overall rate; White 5 above it
    [result] = response.context["report"].steps
    rows = {r.name: r for r in result.rows}
    assert rows["black"].shortfall_overall == pytest.approx(5.0)
    assert rows["white"].shortfall_overall == pytest.approx(-5.0)
    assert (rows["black"].shortfall_overall_text, rows["black"].shortfall_text) == ("5.0", "10")
    text = response.content.decode()
    assert "Shortfall to reach the highest rate" in text
    assert "Shortfall against the overall rate" in text
    assert "how OFCCP conciliation agreements count a hiring shortfall" in text
    assert '<td class="num">5.0</td>' in text and '<td class="num">-5.0</td>' in text
