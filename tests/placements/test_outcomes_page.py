"""The outcomes page: exact figures on a small set, suppression, chart, export and access."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory
from tests.placements.conftest import TODAY
from workbridge.accounts.models import AuditEvent
from workbridge.employers.services import employer_create
from workbridge.people.models import Demographics
from workbridge.placements.services import (
    placement_end,
    placement_record,
    retention_check_record,
)
from workbridge.placements.views.outcomes import small_cell_threshold

# (EEO category, sex, staff, age in days, wage, earlier wage, ended after days, 90-day check)
SEED = [
    ("hispanic", "female", "coach", 400, "18.00", "15.00", None, None),
    ("hispanic", "female", "coach", 400, "20.00", "16.00", 200, None),
    ("hispanic", "male", "coach", 100, "17.00", None, None, None),
    ("hispanic", "male", "coach", 10, "22.00", None, None, None),
    ("black", "female", "manager", 200, "19.00", "14.00", None, "no"),
    ("black", "female", "manager", 200, "21.00", None, None, None),
    ("black", "male", "manager", 40, "16.00", None, None, None),
    ("white", "female", "manager", 400, "24.00", "20.00", None, None),
]


@pytest.fixture
def seeded(southside, coach, manager, acme):
    bakery = employer_create(by=coach, data={"name": "Beta Bakery"})
    staff = {"coach": coach, "manager": manager}
    for i, (eeo, sex, who, age, wage, prior, ended, check90) in enumerate(SEED):
        person = ParticipantFactory(organisation=southside, assigned_to=staff[who])
        Demographics.objects.create(participant=person, eeo_category=eeo, sex=sex)
        started = TODAY - timedelta(days=age)
        placement = placement_record(
            participant=person,
            employer=bakery if eeo == "white" else acme,
            started_on=started,
            hourly_wage=Decimal(wage),
            hours_per_week=35,
            prior_hourly_wage=Decimal(prior) if prior else None,
            job_title=f"Job {i}",
            by=coach,
        )
        if check90:
            check = placement.checks.get(checkpoint=90)
            done = started + timedelta(days=91)
            retention_check_record(check=check, by=coach, still_employed=check90, done_on=done)
        if ended:
            placement_end(
                placement=placement,
                by=coach,
                ended_on=started + timedelta(days=ended),
                end_reason="quit",
            )


@pytest.fixture
def threshold_3(settings):
    settings.WORKBRIDGE_SMALL_CELL = 3


def _retention(outcomes):
    return [(r.checkpoint, r.reached, r.retained, r.percent) for r in outcomes.retention]


def _rows(report, key):
    return {row.label: row for row in next(b for b in report.breakdowns if b.key == key).rows}


def test_the_threshold_defaults_to_ten():
    assert small_cell_threshold() == 10


def test_the_organisation_figures_are_exact(client, manager, seeded, threshold_3):
    client.force_login(manager)

    response = client.get(reverse("placements:outcomes"))

    assert response.status_code == 200
    total = response.context["report"].total
    assert total.placements == 8
    assert (total.median_wage, total.mean_wage) == (Decimal("19.50"), Decimal("19.63"))
    assert (total.with_prior_wage, total.mean_gain, total.median_gain) == (
        4,
        Decimal("4.00"),
        Decimal("4.00"),
    )
    assert _retention(total) == [
        (30, 7, 7, Decimal("100.0")),
        (90, 6, 5, Decimal("83.3")),
        (180, 5, 4, Decimal("80.0")),
        (365, 3, 2, Decimal("66.7")),
    ]


def test_staff_and_employer_rows_are_exact_and_never_suppressed(
    client, admin_user, seeded, threshold_3
):
    client.force_login(admin_user)

    report = client.get(reverse("placements:outcomes")).context["report"]

    staff = _rows(report, "staff")
    assert list(staff) == ["Alice Coach", "Maria Director"]
    alice, maria = staff["Alice Coach"], staff["Maria Director"]
    assert (alice.outcomes.placements, alice.outcomes.median_wage) == (4, Decimal("19.00"))
    assert (maria.outcomes.placements, maria.outcomes.mean_wage) == (4, Decimal("20.00"))
    employers = _rows(report, "employer")
    assert {k: r.outcomes.placements for k, r in employers.items()} == {
        "Acme Foods": 7,
        "Beta Bakery": 1,
    }
    assert not employers["Beta Bakery"].hidden


def test_a_lone_small_group_is_hidden_with_the_next_smallest(client, manager, seeded, threshold_3):
    client.force_login(manager)

    response = client.get(reverse("placements:outcomes"))

    eeo = _rows(response.context["report"], "eeo")
    assert list(eeo) == ["Hispanic or Latino", "White", "Black or African American"]
    # White (1 person) is under 3; Black (3) is hidden with it so the total cannot reveal it
    assert [r.hidden for r in eeo.values()] == [False, True, True]
    hispanic = eeo["Hispanic or Latino"]
    assert (hispanic.outcomes.placements, hispanic.outcomes.median_wage) == (4, Decimal("19.00"))
    # two Hispanic placements had an earlier wage and two reached 180 and 365 days
    assert hispanic.gain_hidden
    assert sorted(hispanic.retention_hidden) == [180, 365]
    assert _retention(hispanic.outcomes)[:2] == [
        (30, 3, 3, Decimal("100.0")),
        (90, 3, 3, Decimal("100.0")),
    ]
    sex = _rows(response.context["report"], "sex")
    assert {k: (r.outcomes.placements, r.hidden) for k, r in sex.items()} == {
        "Female": (5, False),
        "Male": (3, False),
    }
    html = response.content.decode()
    assert "fewer than 3" in html
    assert "$24.00" not in html.split('id="breakdown-eeo"')[1].split("</section>")[0]


def test_with_the_default_threshold_every_group_is_hidden(client, manager, seeded):
    client.force_login(manager)

    report = client.get(reverse("placements:outcomes")).context["report"]

    assert all(r.hidden for r in _rows(report, "eeo").values())
    assert all(r.hidden for r in _rows(report, "sex").values())
    assert report.total.placements == 8


def test_the_period_limits_the_placements_counted(client, manager, seeded, threshold_3):
    client.force_login(manager)
    since = (TODAY - timedelta(days=150)).isoformat()

    report = client.get(reverse("placements:outcomes"), {"started_from": since}).context["report"]

    assert report.total.placements == 3  # the ones 100, 40 and 10 days old


def test_the_chart_is_an_svg_of_retention(client, manager, seeded):
    client.force_login(manager)

    response = client.get(reverse("placements:outcomes_chart"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<?xml")
    assert "83.3%" in svg and "5 of 6" in svg


def test_the_csv_export_hides_small_cells_and_is_audited(client, manager, seeded, threshold_3):
    client.force_login(manager)

    response = client.get(reverse("placements:outcomes_export", args=["csv"]))

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "Breakdown",
        "Group",
        "Placements",
        "Median starting wage",
        "Mean starting wage",
        "Placements with an earlier wage",
        "Median wage gain",
        "Mean wage gain",
    ]
    assert rows[1][:8] == [
        "Organisation",
        "All placements",
        "8",
        "19.50",
        "19.63",
        "4",
        "4.00",
        "4.00",
    ]
    white = next(r for r in rows if r[1] == "White")
    assert set(white[2:]) == {"fewer than 3"}
    hispanic = next(r for r in rows if r[1] == "Hispanic or Latino")
    assert hispanic[2:8] == ["4", "19.00", "19.25", "fewer than 3", "fewer than 3", "fewer than 3"]
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.object_type) == (manager, "placements.placement")
    assert event.detail.startswith("outcomes csv, 8 placements")


def test_the_xlsx_export_is_a_workbook(client, admin_user, seeded):
    client.force_login(admin_user)

    response = client.get(reverse("placements:outcomes_export", args=["xlsx"]))

    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_an_unknown_export_format_is_not_found(client, manager):
    client.force_login(manager)
    assert client.get(reverse("placements:outcomes_export", args=["pdf"])).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize("persona", ["coach", "analyst", "employer_user"])
def test_only_managers_and_administrators_see_outcomes(request, client, persona, seeded):
    client.force_login(request.getfixturevalue(persona))
    before = AuditEvent.objects.count()

    for url in (
        reverse("placements:outcomes"),
        reverse("placements:outcomes_chart"),
        reverse("placements:outcomes_export", args=["csv"]),
    ):
        assert client.get(url).status_code == 403, url

    assert AuditEvent.objects.count() == before


def test_another_organisations_manager_sees_none_of_these_placements(client, seeded, northside):
    from tests.factories import make_user
    from workbridge.accounts.models import Role

    theirs = make_user("nina", Role.MANAGER, northside)
    client.force_login(theirs)

    report = client.get(reverse("placements:outcomes")).context["report"]

    assert report.total.placements == 0
