"""The adverse-impact page shows each group's shortfall against the overall rate beside the
shortfall against the highest rate, each labelled with what it measures."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.equity.test_impact_page import boundary_dataset
from tests.equity.test_queries_flow import applicants_add, requisition_make
from workbridge.equity.services import flow_counts_refresh


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


def test_the_workbook_has_the_shortfall_against_the_overall_rate_beside_the_other(
    client, analyst, southside
):
    # given White 30 of 50 and Black 20 of 50 selected from interviewed to offered
    boundary_dataset(southside, black_selected=20)
    client.force_login(analyst)
    # when
    response = client.get(reverse("equity:impact_xlsx"), {"from_stage": 3, "to_stage": 4})
    # then each step's table labels both shortfalls and keeps the overall one as a number
    book = load_workbook(io.BytesIO(response.content))
    [sheet] = [book[name] for name in book.sheetnames if name != "Notes"]
    headers = [c.value for c in sheet[4]]
    highest = headers.index("Shortfall to reach the highest rate")
    overall = headers.index("Shortfall against the overall rate")
    assert overall == highest + 1
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=5) if r[0].value}
    black, white = rows["Black or African American"], rows["White"]
    # 50 × 50/100 − 20 = 5 short of the overall rate; White 5 above it
    assert (black[highest].value, black[overall].value) == (10, pytest.approx(5.0))
    assert white[overall].value == pytest.approx(-5.0)
    assert black[overall].number_format == "0.0"
    notes = [c for r in book["Notes"].iter_rows(values_only=True) for c in r if c]
    assert any(str(n).startswith("Shortfall against the overall rate: the group") for n in notes)


def test_the_workbook_hides_the_overall_shortfall_of_a_hidden_group(client, analyst, southside):
    # given a group too small to publish
    boundary_dataset(southside, black_selected=20)
    req = requisition_make(southside, "B-2", year=2024, title="Inspector", dept="Buildings")
    applicants_add(req, "asian", "male", 4, 1)
    applicants_add(req, "asian", "male", 3, 1)
    flow_counts_refresh(organisation=southside)
    client.force_login(analyst)
    # when the workbook is made for publication
    response = client.get(
        reverse("equity:impact_xlsx"), {"from_stage": 3, "to_stage": 4, "publish": "on"}
    )
    # then its overall shortfall is hidden with its other figures, as on the page
    sheet = next(
        s for s in load_workbook(io.BytesIO(response.content)).worksheets if s.title != "Notes"
    )
    headers = [c.value for c in sheet[4]]
    overall = headers.index("Shortfall against the overall rate")
    asian = next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0] == "Asian")
    assert asian[1:4] == ("hidden", "hidden", "hidden")
    assert asian[overall] == "hidden"
    assert len(asian) == len(headers)
