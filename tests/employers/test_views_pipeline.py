"""The pipeline board: columns per stage, a keyboard-usable move, and the chart with its table."""

import re
from datetime import date
from xml.etree import ElementTree

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import Employer, StageChange
from workbridge.employers.pipeline_stats import (
    conversion_by_month,
    month_starts,
    moves_by_month,
)
from workbridge.employers.services import employer_create, employer_move


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})


def test_it_shows_a_column_per_stage_in_pipeline_order(client, coach, acme):
    employer_create(by=coach, data={"name": "Birch Logistics"}, stage="active")
    client.force_login(coach)

    response = client.get(reverse("employers:pipeline"))

    assert response.status_code == 200
    columns = response.context["columns"]
    assert [c["stage"] for c in columns] == [
        "prospect",
        "contacted",
        "qualified",
        "nurturing",
        "active",
        "dormant",
        "poor_fit",
    ]
    assert [c["count"] for c in columns] == [1, 0, 0, 0, 1, 0, 0]
    assert [e.name for e in columns[0]["employers"]] == ["Acme Foods"]
    html = response.content.decode()
    assert '<h2 id="col-prospect">Prospect <span class="count">(1)</span></h2>' in html


def test_each_card_has_a_labelled_move_select_without_its_own_stage(client, coach, acme):
    client.force_login(coach)

    html = client.get(reverse("employers:pipeline")).content.decode()

    assert f'<label for="move-{acme.pk}">Move to' in html
    select = re.search(
        rf'<select class="usa-select" id="move-{acme.pk}" name="to_stage">(.*?)</select>',
        html,
        re.S,
    )
    options = re.findall(r'<option value="([a-z_]+)">', select.group(1))
    assert options == ["contacted", "qualified", "nurturing", "active", "dormant", "poor_fit"]
    assert f'<label for="reason-{acme.pk}">Reason' in html
    assert f'action="{reverse("employers:move", args=[acme.pk])}"' in html


def test_the_move_select_offers_the_next_step_first_and_going_back_last(client, coach):
    # given an employer already qualified
    birch = employer_create(by=coach, data={"name": "Birch Logistics"}, stage="qualified")
    client.force_login(coach)
    # when the board is shown
    html = client.get(reverse("employers:pipeline")).content.decode()
    # then its select starts at the next stage (the browser's default) and lists the
    # stages behind it last, nearest first
    select = re.search(
        rf'<select class="usa-select" id="move-{birch.pk}" name="to_stage">(.*?)</select>',
        html,
        re.S,
    )
    options = re.findall(r'<option value="([a-z_]+)">', select.group(1))
    assert options == ["nurturing", "active", "dormant", "poor_fit", "contacted", "prospect"]


def test_a_column_is_capped_with_a_link_to_the_rest(client, coach):
    organisation = coach.membership.organisation
    Employer.objects.bulk_create(
        Employer(organisation=organisation, name=f"E{i:03}") for i in range(52)
    )
    client.force_login(coach)

    response = client.get(reverse("employers:pipeline"))

    prospects = response.context["columns"][0]
    assert (prospects["count"], len(prospects["employers"]), prospects["more"]) == (52, 50, 2)
    assert 'href="/employers/?stage=prospect">and 2 more' in response.content.decode()


def test_the_board_moves_an_employer_by_post_and_returns(client, coach, acme):
    client.force_login(coach)
    board = reverse("employers:pipeline")

    response = client.post(
        reverse("employers:move", args=[acme.pk]),
        {"to_stage": "contacted", "reason": "Called the owner", "next": board},
    )

    acme.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == board
    assert acme.stage == "contacted"
    change = StageChange.objects.filter(employer=acme).first()
    assert (change.from_stage, change.to_stage, change.reason, change.by) == (
        "prospect",
        "contacted",
        "Called the owner",
        coach,
    )


def test_a_move_to_the_same_stage_writes_nothing(client, coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("employers:move", args=[acme.pk]), {"to_stage": "prospect"}, follow=True
    )

    acme.refresh_from_db()
    assert acme.stage == "prospect"
    assert StageChange.objects.filter(employer=acme).count() == 1
    assert "The employer is already at that stage." in response.content.decode()


def test_a_move_to_no_stage_writes_nothing(client, coach, acme):
    client.force_login(coach)

    client.post(reverse("employers:move", args=[acme.pk]), {"to_stage": "hired"})

    acme.refresh_from_db()
    assert acme.stage == "prospect"
    assert StageChange.objects.filter(employer=acme).count() == 1


def test_a_move_ignores_a_next_address_on_another_site(client, coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("employers:move", args=[acme.pk]),
        {"to_stage": "contacted", "next": "https://evil.test/"},
    )

    assert response["Location"] == reverse("employers:detail", args=[acme.pk])


def test_another_organisation_cannot_move_an_employer(client, other_coach, acme):
    client.force_login(other_coach)

    response = client.post(reverse("employers:move", args=[acme.pk]), {"to_stage": "active"})

    acme.refresh_from_db()
    assert response.status_code == 404
    assert acme.stage == "prospect"
    assert not AuditEvent.objects.filter(action="update").exists()


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_other_roles_cannot_see_the_board_or_move(client, request, persona, acme):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("employers:pipeline")).status_code == 403
    assert client.get(reverse("employers:pipeline_chart")).status_code == 403
    moved = client.post(reverse("employers:move", args=[acme.pk]), {"to_stage": "active"})
    acme.refresh_from_db()
    assert moved.status_code == 403
    assert acme.stage == "prospect"


# Figures over time ---------------------------------------------------------------


def test_month_starts_counts_back_over_the_new_year():
    assert month_starts(date(2026, 2, 14), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


@time_machine.travel(date(2026, 6, 15), tick=False)
def test_it_counts_moves_per_month_and_conversion(coach, other_coach):
    a = employer_create(by=coach, data={"name": "A"})  # prospect, June
    b = employer_create(by=coach, data={"name": "B"})
    employer_move(employer=a, by=coach, to_stage="contacted")
    employer_move(employer=b, by=coach, to_stage="dormant", on=date(2026, 6, 11))
    StageChange.objects.filter(employer=b, to_stage="prospect").update(changed_on=date(2026, 4, 2))
    StageChange.objects.create(  # older than 12 months: left out
        employer=a, from_stage="", to_stage="qualified", changed_on=date(2025, 5, 31)
    )
    employer_create(by=other_coach, data={"name": "Theirs"})  # another organisation

    moves = moves_by_month(coach, today=timezone.localdate())
    conversions = conversion_by_month(coach, today=timezone.localdate())

    assert moves.months[0] == date(2025, 7, 1) and moves.months[-1] == date(2026, 6, 1)
    assert moves.counts["prospect"][-3:] == [1, 0, 1]  # B in April, A in June
    assert moves.counts["contacted"][-1] == 1
    assert moves.counts["dormant"][-1] == 1
    assert moves.total == 4
    prospect_to_contacted = conversions[0]
    assert (prospect_to_contacted.from_stage, prospect_to_contacted.to_stage) == (
        "prospect",
        "contacted",
    )
    assert prospect_to_contacted.entered[-3:] == [1, 0, 1]
    assert prospect_to_contacted.converted[-3:] == [0, 0, 1]
    assert prospect_to_contacted.total_rate == 0.5
    assert conversions[1].entered_total == 1 and conversions[1].converted_total == 0


@time_machine.travel(date(2026, 6, 15), tick=False)
def test_the_board_gives_the_charts_numbers_as_a_table(client, coach):
    a = employer_create(by=coach, data={"name": "A"})
    employer_move(employer=a, by=coach, to_stage="contacted")
    client.force_login(coach)

    html = client.get(reverse("employers:pipeline")).content.decode()

    assert '<img src="/employers/pipeline/chart.svg"' in html
    assert "<caption>Employers entering each stage, per month</caption>" in html
    row = re.search(r'<tr><th scope="row">Jun 2026</th>(.*?)</tr>', html).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["1", "1", "0", "0", "0", "0", "0"]
    assert (
        '<tr><th scope="row">Prospect</th><td>Contacted</td><td class="num">1</td>'
        '<td class="num">1</td><td class="num">100%</td></tr>'
    ) in html


def test_the_chart_is_svg_drawn_from_the_moves(client, coach, acme):
    client.force_login(coach)

    response = client.get(reverse("employers:pipeline_chart"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    root = ElementTree.fromstring(response.content)  # noqa: S314  (our own SVG)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = response.content.decode()
    assert "Employers entering each stage, per month" in text
    assert "Active partner" in text and "Poor fit" in text
    assert timezone.localdate().strftime("%b %Y") in text


def test_the_page_itself_keeps_the_strict_policy(client, coach):
    client.force_login(coach)

    response = client.get(reverse("employers:pipeline"))

    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_board_is_fine_with_no_employers(client, coach):
    client.force_login(coach)

    response = client.get(reverse("employers:pipeline"))

    assert response.status_code == 200
    assert [c["count"] for c in response.context["columns"]] == [0] * 7
    assert response.context["moves"].total == 0
