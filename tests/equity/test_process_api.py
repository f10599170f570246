"""The application-process and optional-steps reports over the API: the page's figures for
the page's parameters, aggregates only, hidden for publication as on the page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.equity.report_data import requisition, set_threshold
from tests.equity.test_reports_process import sessions_world, steps_world  # noqa: F401
from workbridge.accounts.services import api_token_create
from workbridge.equity.reports_process import application_process_report

pytestmark = pytest.mark.django_db
PROCESS = "/api/equity/application-process"
STEPS = "/api/equity/optional-steps"
BLACK = "black"


def bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_it_gives_the_process_figures_the_page_shows(client, analyst, sessions_world):  # noqa: F811
    # when
    response = Client().get(PROCESS, {"year": 2025}, **bearer(analyst))
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["year"], body["characteristic"], body["empty"]) == (2025, "race", False)
    groups = {g["key"]: g for g in body["groups"]}
    assert list(groups) == ["white", BLACK]
    assert groups["white"] | {"label": ""} == {
        "key": "white",
        "label": "",
        "applications": 2,
        "submitted": 2,
        "completion_rate": 100.0,
        "sessions_per_application": 1.5,
        "help_requests_per_application": 0.5,
        "validation_warnings_per_application": 0.0,
        "median_minutes_to_complete": 35.0,
        "hidden": False,
    }
    assert (groups[BLACK]["completion_rate"], groups[BLACK]["median_minutes_to_complete"]) == (
        50.0,
        27.0,
    )
    overall = body["overall"]
    assert (overall["applications"], overall["submitted"], overall["completion_rate"]) == (
        4,
        3,
        75.0,
    )
    steps = {s["key"]: s for s in body["steps"]}
    assert list(steps) == ["Contact", "Review", "Work history"]
    assert (steps["Work history"]["applications"], steps["Work history"]["completion_rate"]) == (
        3,
        66.7,
    )
    # and the same figures as the page's CSV
    client.force_login(analyst)
    csv_text = client.get(
        reverse("equity:report_export", args=["application-process", "csv"]), {"year": "2025"}
    ).content.decode("utf-8-sig")
    assert "White,2,2,100.0,1.5,0.5,0.0,35.0" in csv_text


def test_it_takes_the_newest_year_and_groups_by_sex_when_asked(analyst, sessions_world):  # noqa: F811
    # when no year is given
    response = Client().get(PROCESS, {"characteristic": "sex"}, **bearer(analyst))
    # then the newest year with requisitions is reported, as on the page
    body = response.json()
    assert body["year"] == 2025
    rates = {g["key"]: g["completion_rate"] for g in body["groups"]}
    assert rates == {"female": 50.0, "male": 100.0}


def test_it_hides_small_counts_for_publication_as_the_page_does(analyst, sessions_world):  # noqa: F811
    # given a threshold of 3, which every group is under
    set_threshold(sessions_world, 3)
    page = application_process_report(sessions_world, year=2025, publication=True, threshold=3)
    # when
    body = Client().get(PROCESS, {"year": 2025, "publication": "true"}, **bearer(analyst)).json()
    # then
    assert (body["publication"], body["threshold"]) == (True, 3)
    for group in body["groups"]:
        assert group["hidden"] is True
        assert group["applications"] is None
        assert group["completion_rate"] is None
        assert group["median_minutes_to_complete"] is None
    shown = [c.shown for c in page.tables[0].rows[-1].cells]
    overall = body["overall"]
    assert [overall["applications"], overall["submitted"], overall["completion_rate"]] == shown[:3]


def test_it_says_so_when_a_year_has_no_events(analyst, sessions_world):  # noqa: F811
    # given a 2023 requisition whose applicants' sessions were never imported
    requisition(sessions_world, year=2023)
    # when
    body = Client().get(PROCESS, {"year": 2023}, **bearer(analyst)).json()
    # then
    assert body["empty"] is True
    assert "No application-session events" in body["message"]
    assert (body["groups"], body["overall"], body["steps"]) == ([], None, [])


def test_it_gives_each_optional_steps_analysis_and_department_use(analyst, steps_world):  # noqa: F811
    # when
    response = Client().get(STEPS, {"year": 2025}, **bearer(analyst))
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    steps = {s["step"]: s for s in body["steps"]}
    assert list(steps) == ["Phone interview", "Secondary screening"]
    screening = {g["group"]: g for g in steps["Secondary screening"]["groups"]}
    black = screening[BLACK]
    assert (black["took"], black["passed"], black["did_not_pass"], black["skipped"]) == (
        10,
        3,
        7,
        20,
    )
    assert (black["pass_rate"], black["impact_ratio"], black["adverse_impact"]) == (
        30.0,
        0.375,
        True,
    )
    assert (black["finding"], black["flags"]) == ("Adverse impact", "Below four-fifths only")
    assert black["fisher_p_two_sided"] == pytest.approx(0.0698, abs=1e-4)
    assert (screening["white"]["adverse_impact"], screening["white"]["flags"]) == (
        False,
        "Reference",
    )
    total = steps["Secondary screening"]["all_applicants"]
    assert (total["took"], total["skipped"], total["impact_ratio"]) == (20, 25, None)
    usage = {(u["department"], u["step"]): u for u in body["usage"]}
    assert usage[("Streets", "Secondary screening")] | {"department": ""} == {
        "department": "",
        "step": "Secondary screening",
        "applicants": 45,
        "took": 20,
        "share_took": 44.4,
        "passed": 11,
    }
    assert usage[("Parks", "Phone interview")]["share_took"] == 50.0


def test_it_filters_optional_steps_by_department_as_the_page_does(analyst, steps_world):  # noqa: F811
    body = Client().get(STEPS, {"year": 2025, "department": "Parks"}, **bearer(analyst)).json()
    assert [s["step"] for s in body["steps"]] == ["Phone interview"]
    assert [(u["department"], u["took"]) for u in body["usage"]] == [("Parks", 2)]


def test_it_hides_small_groups_of_a_step_for_publication(analyst, steps_world):  # noqa: F811
    set_threshold(steps_world, 3)
    body = Client().get(STEPS, {"year": 2025, "publication": "true"}, **bearer(analyst)).json()
    steps = {s["step"]: s for s in body["steps"]}
    white = next(g for g in steps["Secondary screening"]["groups"] if g["group"] == "white")
    assert white["hidden"] is True
    assert (white["did_not_pass"], white["pass_rate"], white["impact_ratio"]) == (None,) * 3
    assert white["adverse_impact"] is None


def test_another_organisations_data_is_never_seen(other_analyst, steps_world, sessions_world):  # noqa: F811
    # when Northside's analyst asks for the year Southside reported
    steps = Client().get(STEPS, {"year": 2025}, **bearer(other_analyst)).json()
    process = Client().get(PROCESS, {"year": 2025}, **bearer(other_analyst)).json()
    # then only Northside's own flags and events count
    assert [s["step"] for s in steps["steps"]] == ["Phone interview"]
    assert steps["steps"][0]["all_applicants"]["did_not_pass"] == 5
    assert {u["department"] for u in steps["usage"]} == {"Streets"}
    assert steps["usage"][0]["applicants"] == 5
    assert [g["key"] for g in process["groups"]] == ["hispanic"]
    assert process["overall"]["applications"] == 1


@pytest.mark.parametrize("path", [PROCESS, STEPS])
def test_it_refuses_a_casework_token_and_no_token(staff, sessions_world, path):  # noqa: F811
    assert Client().get(path, {"year": 2025}, **bearer(staff)).status_code == 403
    assert Client().get(path, {"year": 2025}).status_code == 401


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ({"year": "twenty"}, "year"),
        ({"year": 1800}, "year"),
        ({"year": 2023}, "year"),  # no requisitions that year: not one of the page's choices
        ({"year": 2025, "department": "Nowhere"}, "department"),
        ({"year": 2025, "characteristic": "veteran"}, "characteristic"),
        ({"year": 2025, "publication": "yes"}, "publication"),
    ],
)
@pytest.mark.parametrize("path", [PROCESS, STEPS])
def test_it_refuses_bad_parameters_with_422_at_the_parameter(
    analyst,
    sessions_world,  # noqa: F811
    path,
    query,
    where,
):
    response = Client().get(path, query, **bearer(analyst))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail and all(e["loc"] == ["query", where] and e["msg"] for e in detail)


def test_it_says_there_is_nothing_yet_when_no_flow_is_imported(analyst):
    response = Client().get(PROCESS, **bearer(analyst))
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["query", "year"],
            "msg": "No applicant flow has been imported yet.",
        }
    ]
