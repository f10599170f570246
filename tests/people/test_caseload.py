"""My caseload: who sees whom, search, attention filters, sorting, paging and its cost."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ParticipantFactory, make_user
from workbridge.accounts.models import AuditAction, AuditEvent, Role
from workbridge.people import caseload_queries
from workbridge.people.views import caseload as caseload_view

TODAY = date(2026, 3, 2)
URL = "/participants/"


@pytest.fixture(autouse=True)
def _fixed_today():
    now = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("America/Chicago"))
    with time_machine.travel(now, tick=False):
        yield


def person(owner, last_name: str, **fields):
    """A participant of the owner's organisation, assigned to the owner, with nothing due."""
    defaults = {
        "organisation": owner.membership.organisation,
        "assigned_to": owner,
        "first_name": "Pat",
        "last_name": last_name,
        "last_contact_on": TODAY - timedelta(days=3),
        "last_assessed_on": TODAY - timedelta(days=10),
        "next_milestone_due_on": TODAY + timedelta(days=14),
    }
    defaults.update(fields)
    return ParticipantFactory(**defaults)


def names(response) -> list[str]:
    return [p.last_name for p in response.context["participants"]]


def summary(response) -> dict[str, int]:
    return {item["reason"]: item["count"] for item in response.context["summary"]}


# Who sees whom -------------------------------------------------------------------


def test_it_is_the_caseload_url():
    assert reverse("people:caseload") == URL


def test_it_shows_staff_their_own_caseload_by_default(client, coach, southside):
    # given
    colleague = make_user("carl", Role.STAFF, southside)
    person(coach, "Alvarez")
    person(coach, "Brown")
    person(colleague, "Chen")
    client.force_login(coach)
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 200
    assert names(response) == ["Alvarez", "Brown"]
    assert response.context["filters"].who == "mine"
    assert b'<option value="mine" selected>' in response.content


def test_it_shows_managers_everyone_in_their_organisation_by_default(
    client, manager, coach, other_coach
):
    # given
    person(coach, "Alvarez")
    person(manager, "Brown", assigned_to=None)
    person(other_coach, "Novak")
    client.force_login(manager)
    # when
    response = client.get(URL)
    # then
    assert names(response) == ["Alvarez", "Brown"]
    assert response.context["filters"].who == "everyone"


def test_it_never_shows_another_organisations_participants(client, coach, other_coach):
    # given
    person(coach, "Alvarez")
    person(other_coach, "Novak")
    client.force_login(coach)
    # when
    mine = client.get(URL)
    everyone = client.get(URL, {"who": "everyone"})
    theirs = client.get(URL, {"who": str(other_coach.pk)})
    # then
    assert names(mine) == ["Alvarez"]
    assert names(everyone) == ["Alvarez"]
    assert "who" in theirs.context["form"].errors
    assert names(theirs) == ["Alvarez"]
    assert b"Novak" not in everyone.content


def test_it_shows_one_colleagues_caseload_when_chosen(client, coach, southside):
    # given
    colleague = make_user("carl", Role.STAFF, southside, first_name="Carl", last_name="Reyes")
    person(coach, "Alvarez")
    person(colleague, "Chen")
    client.force_login(coach)
    # when
    response = client.get(URL, {"who": str(colleague.pk)})
    # then
    assert names(response) == ["Chen"]
    assert f'<option value="{colleague.pk}" selected>Carl Reyes</option>'.encode() in (
        response.content
    )


def test_it_marks_only_the_filters_chosen_now_whatever_it_drew_before(client, coach, southside):
    # given the filters drawn once with a colleague, an area and a reason chosen
    colleague = make_user("carl", Role.STAFF, southside, first_name="Carl", last_name="Reyes")
    client.force_login(coach)
    client.get(URL, {"who": str(colleague.pk), "area": "30", "attention": "overdue"})
    # when they are drawn again with other choices
    page = client.get(URL, {"who": "everyone", "status": "all"}).content.decode()
    # then only what is chosen now is selected
    html = page.split('id="caseload-filters"')[1].split("</form>")[0]
    assert f'<option value="{colleague.pk}">Carl Reyes</option>' in html
    assert '<option value="everyone" selected>' in html
    assert '<option value="30">South Lawndale</option>' in html
    assert '<option value="" selected>Any area</option>' in html
    assert '<option value="" selected>Show everyone</option>' in html
    assert '<option value="all" selected>All</option>' in html
    assert html.count(" selected>") == 5  # who, attention, status, area, language


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_it_refuses_roles_without_casework(client, persona, request, coach):
    # given
    person(coach, "Alvarez")
    client.force_login(request.getfixturevalue(persona))
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 403
    assert not AuditEvent.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_it_records_which_participants_were_shown(client, coach):
    # given
    first = person(coach, "Alvarez")
    second = person(coach, "Brown")
    client.force_login(coach)
    # when
    client.get(URL)
    # then
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.VIEW
    assert event.actor == coach
    assert event.object_type == "people.participant"
    assert event.detail == f"caseload page 1, 2 rows: {first.pk}, {second.pk}"
    assert "last_name" in event.fields
    assert "email" not in event.fields


# Search and filters --------------------------------------------------------------


def test_it_finds_participants_by_the_start_of_their_last_name(client, coach):
    # given
    person(coach, "Alvarez")
    person(coach, "Alvarado")
    person(coach, "Valdez")
    client.force_login(coach)
    # when
    response = client.get(URL, {"q": "alva"})
    # then
    assert names(response) == ["Alvarado", "Alvarez"]


def test_it_finds_participants_by_email_phone_and_external_id(client, coach):
    # given
    person(coach, "Alvarez", email="rosa@example.org")
    person(coach, "Brown", phone="773-555-0142")
    person(coach, "Chen", external_id="SW-77")
    person(coach, "Diaz")
    client.force_login(coach)
    # when / then
    assert names(client.get(URL, {"q": "rosa@example"})) == ["Alvarez"]
    assert names(client.get(URL, {"q": "0142"})) == ["Brown"]
    assert names(client.get(URL, {"q": "SW-77"})) == ["Chen"]
    assert names(client.get(URL, {"q": "nobody"})) == []


@pytest.fixture
def due(coach):
    """One participant for each reason to need attention, and the edges that do not."""
    return {
        "fine": person(coach, "Fine"),
        "overdue": person(coach, "Overdue", next_milestone_due_on=TODAY - timedelta(days=1)),
        "due_today": person(coach, "DueToday", next_milestone_due_on=TODAY),
        "never_assessed": person(coach, "NeverAssessed", last_assessed_on=None),
        "stale_assessment": person(
            coach, "StaleAssessment", last_assessed_on=TODAY - timedelta(days=91)
        ),
        "assessed_90_days_ago": person(
            coach, "Assessed90", last_assessed_on=TODAY - timedelta(days=90)
        ),
        "never_contacted": person(coach, "NeverContacted", last_contact_on=None),
        "stale_contact": person(coach, "StaleContact", last_contact_on=TODAY - timedelta(days=31)),
        "contacted_30_days_ago": person(
            coach, "Contacted30", last_contact_on=TODAY - timedelta(days=30)
        ),
    }


@pytest.mark.parametrize(
    ("attention", "expected"),
    [
        ("overdue", ["Overdue"]),
        ("assessment", ["NeverAssessed", "StaleAssessment"]),
        ("contact", ["NeverContacted", "StaleContact"]),
        (
            "any",
            ["NeverAssessed", "NeverContacted", "Overdue", "StaleAssessment", "StaleContact"],
        ),
        (
            "",
            [
                "Assessed90",
                "Contacted30",
                "DueToday",
                "Fine",
                "NeverAssessed",
                "NeverContacted",
                "Overdue",
                "StaleAssessment",
                "StaleContact",
            ],
        ),
    ],
)
def test_it_selects_exactly_the_participants_needing_each_kind_of_attention(
    client, coach, due, attention, expected
):
    # given
    client.force_login(coach)
    # when
    response = client.get(URL, {"attention": attention})
    # then
    assert names(response) == expected


def test_it_counts_each_reason_for_attention_over_the_other_filters(client, coach, due):
    # given
    person(coach, "ExitedOverdue", exited_on=TODAY, next_milestone_due_on=TODAY - timedelta(1))
    client.force_login(coach)
    # when
    response = client.get(URL, {"attention": "overdue"})
    # then
    assert summary(response) == {"any": 5, "overdue": 1, "assessment": 2, "contact": 2}
    assert b"Counted among the 9 participants the other filters select." in response.content
    assert b'aria-current="true"><span class="attention-count">1</span> Overdue milestone' in (
        response.content
    )


def test_it_labels_each_row_with_its_reasons_in_words(client, coach):
    # given
    person(
        coach,
        "Alvarez",
        next_milestone_due_on=TODAY - timedelta(days=2),
        last_contact_on=None,
    )
    client.force_login(coach)
    # when
    response = client.get(URL)
    # then
    html = response.content.decode()
    assert '<span class="badge badge-danger">Milestone overdue</span>' in html
    assert '<span class="badge badge-warn">No recent contact</span>' in html
    assert "Assessment due" not in html.split("<tbody>")[1]


def test_it_draws_each_row_with_its_values_escaped(client, coach, southside):
    # given
    carl = make_user("carl", Role.STAFF, southside, first_name="Carl", last_name="<Ortiz>")
    gone = person(
        coach,
        "O'Brien & <Sons>",
        first_name="Pat",
        preferred_name="Paddy",
        assigned_to=carl,
        community_area_id=30,
        planned_exit_on=date(2026, 6, 30),
        exited_on=TODAY - timedelta(days=1),
        last_contact_on=None,
        next_milestone_due_on=None,
    )
    nobodys = person(coach, "Nobodys", assigned_to=None, community_area_id=None)
    client.force_login(coach)
    # when
    response = client.get(URL, {"who": "everyone", "status": "all"})
    # then
    rows = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert (
        f'<th scope="row"><a href="/participants/{gone.pk}/">Paddy O&#x27;Brien &amp; '
        '&lt;Sons&gt;</a> <span class="badge">Exited</span></th>\n'
        "    <td>Carl &lt;Ortiz&gt;</td>\n"
        "    <td>South Lawndale</td>\n"
        "    <td>Jun 30, 2026</td>\n"
        "    <td>Never</td>\n"
        "    <td>—</td>\n"
        '    <td><span class="badge badge-warn">No recent contact</span></td>'
    ) in rows
    assert (
        f'<th scope="row"><a href="/participants/{nobodys.pk}/">Pat Nobodys</a></th>\n'
        '    <td><span class="hint">Nobody</span></td>\n'
        "    <td>—</td>\n"
    ) in rows
    assert '<td><span class="hint">Nothing due</span></td>' in rows


@pytest.mark.parametrize(
    ("status", "expected"),
    [("active", ["Active"]), ("exited", ["Exited"]), ("all", ["Active", "Exited"])],
)
def test_it_filters_by_status(client, coach, status, expected):
    # given
    person(coach, "Active")
    person(coach, "Exited", exited_on=TODAY - timedelta(days=1))
    client.force_login(coach)
    # when
    response = client.get(URL, {"status": status})
    # then
    assert names(response) == expected


def test_it_filters_by_community_area_and_language(client, coach):
    # given
    person(coach, "Lawndale", community_area_id=30, preferred_language="es")
    person(coach, "Uptown", community_area_id=3, zip_code="60640", preferred_language="en")
    client.force_login(coach)
    # when / then
    assert names(client.get(URL, {"area": "3"})) == ["Uptown"]
    assert names(client.get(URL, {"language": "es"})) == ["Lawndale"]
    assert names(client.get(URL, {"area": "30", "language": "en"})) == []


def test_it_reports_a_filter_it_does_not_understand_and_ignores_it(client, coach):
    # given
    person(coach, "Alvarez")
    client.force_login(coach)
    # when
    response = client.get(URL, {"status": "sleeping", "area": "x"})
    # then
    assert response.status_code == 200
    assert names(response) == ["Alvarez"]
    assert b'class="error-summary" role="alert"' in response.content
    assert response.context["filters"].status == "active"


def test_it_says_so_when_nothing_matches(client, coach):
    # given
    client.force_login(coach)
    # when
    empty_caseload = client.get(URL)
    no_match = client.get(URL, {"q": "zzz"})
    # then
    assert b"No participants are assigned to you yet." in empty_caseload.content
    assert b"No participants match these filters." in no_match.content


# Sorting and paging ---------------------------------------------------------------


def test_it_sorts_by_planned_exit_either_way(client, coach):
    # given
    person(coach, "Late", planned_exit_on=TODAY + timedelta(days=90))
    person(coach, "Soon", planned_exit_on=TODAY + timedelta(days=10))
    person(coach, "Middle", planned_exit_on=TODAY + timedelta(days=40))
    client.force_login(coach)
    # when
    ascending = client.get(URL, {"sort": "exit"})
    descending = client.get(URL, {"sort": "-exit"})
    # then
    assert names(ascending) == ["Soon", "Middle", "Late"]
    assert names(descending) == ["Late", "Middle", "Soon"]
    html = ascending.content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-exit">Planned exit' in html
    assert html.count("aria-sort=") == 1


def test_it_keeps_the_filters_in_sort_and_page_links(client, coach, settings):
    # given
    settings.WORKBRIDGE_PAGE_SIZE = 1
    person(coach, "Alvarez")
    person(coach, "Alvarado")
    client.force_login(coach)
    # when
    response = client.get(URL, {"q": "alva", "sort": "name"})
    # then
    html = response.content.decode()
    assert 'href="?q=alva&amp;sort=-name"' in html
    assert 'href="?q=alva&amp;sort=name&amp;page=2" rel="next"' in html


def test_it_pages_through_the_caseload(client, coach, settings):
    # given
    settings.WORKBRIDGE_PAGE_SIZE = 2
    for last_name in ["A", "B", "C", "D", "E"]:
        person(coach, last_name)
    client.force_login(coach)
    # when
    response = client.get(URL, {"page": "2"})
    # then
    assert names(response) == ["C", "D"]
    assert b"Page 2 of 3" in response.content
    assert b"5 participants" in response.content


def test_it_stops_counting_at_the_cap(client, coach, settings, monkeypatch):
    # given
    monkeypatch.setattr(caseload_queries, "COUNT_CAP", 3)
    monkeypatch.setattr(caseload_view, "COUNT_CAP", 3)
    settings.WORKBRIDGE_PAGE_SIZE = 2
    for last_name in ["A", "B", "C", "D", "E"]:
        person(coach, last_name, last_contact_on=None)
    person(coach, "F")
    person(coach, "G")
    client.force_login(coach)
    # when
    response = client.get(URL)
    no_contact = client.get(URL, {"attention": "contact"})
    # then
    assert b"3+ participants" in response.content
    assert b"Page 1 of 2+" in response.content
    assert summary(response)["overdue"] == 0
    assert max(summary(response).values()) <= 3
    assert b"Counted among 3 of the participants in this list." in response.content
    assert b"3+ participants" in no_contact.content
    assert names(no_contact) == ["A", "B"]


def test_it_counts_attention_exactly_up_to_the_cap(client, coach, settings, monkeypatch):
    # given
    monkeypatch.setattr(caseload_queries, "COUNT_CAP", 3)
    monkeypatch.setattr(caseload_view, "COUNT_CAP", 3)
    person(coach, "A", last_contact_on=None)
    person(coach, "B")
    person(coach, "C", last_contact_on=None)
    client.force_login(coach)
    # when
    response = client.get(URL, {"attention": "contact"})
    # then
    assert names(response) == ["A", "C"]
    assert b"2 participants" in response.content
    assert summary(response) == {"any": 2, "overdue": 0, "assessment": 0, "contact": 2}
    assert b"Counted among the 3 participants the other filters select." in response.content


def test_it_costs_the_same_queries_for_25_and_100_rows(client, coach, settings, southside):
    # given
    colleague = make_user("carl", Role.STAFF, southside)
    for n in range(120):
        person(coach if n % 2 else colleague, f"P{n:03}", last_contact_on=None)
    client.force_login(coach)
    client.get(URL)  # warm the session and caches

    def queries_for(page_size: int) -> int:
        settings.WORKBRIDGE_PAGE_SIZE = page_size
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"who": "everyone"})
        assert len(response.context["participants"]) == page_size
        return len(captured)

    # when
    small, large = queries_for(25), queries_for(100)
    # then
    assert small == large
    assert small <= 15


def test_it_answers_htmx_with_the_results_only(client, coach):
    # given
    person(coach, "Alvarez")
    client.force_login(coach)
    # when
    response = client.get(URL, {"q": "alv"}, headers={"HX-Request": "true"})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" not in html
    assert "Alvarez" in html
    assert "HX-Request" in response["Vary"]


def test_it_offers_a_staff_member_added_a_moment_ago(
    client, coach, southside, django_capture_on_commit_callbacks
):
    # given: the page has been drawn once, so the staff list is cached
    from workbridge.accounts.services import user_create

    client.force_login(coach)
    client.get(URL)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = user_create(
            username="nina",
            password="a-long-enough-password-1",
            organisation=southside,
            role=Role.STAFF,
            first_name="Nina",
            last_name="Okafor",
        )
    response = client.get(URL)
    # then
    assert f'<option value="{newcomer.pk}">Nina Okafor</option>'.encode() in response.content


def test_it_pages_through_a_search_in_name_order(client, coach, settings):
    # given
    settings.WORKBRIDGE_PAGE_SIZE = 2
    for last_name in ["Garza", "Gomez", "García", "Gardner", "Garrett", "Green"]:
        person(coach, last_name)
    client.force_login(coach)
    # when
    first = client.get(URL, {"q": "gar"})
    second = client.get(URL, {"q": "gar", "page": "2"})
    # then
    assert names(first) == ["García", "Gardner"]
    assert names(second) == ["Garrett", "Garza"]
    assert b"4 participants" in second.content


def test_it_finds_each_participant_once_whichever_of_their_names_matches(client, coach):
    # given
    person(coach, "García", first_name="Garth")
    person(coach, "Lopez", preferred_name="Gary")
    person(coach, "Adams", first_name="Gareth")
    person(coach, "Brown", external_id="GAR")
    person(coach, "Chen", external_id="gar-2")
    client.force_login(coach)
    # when
    by_name = client.get(URL, {"q": "gar"})
    backwards = client.get(URL, {"q": "gar", "sort": "-name"})
    by_exit = client.get(URL, {"q": "gar", "sort": "exit"})
    # then
    assert names(by_name) == ["Adams", "García", "Lopez"]
    assert names(backwards) == ["Lopez", "García", "Adams"]
    assert sorted(names(by_exit)) == ["Adams", "García", "Lopez"]
    assert b"3 participants" in by_name.content


def test_it_orders_a_search_by_the_column_chosen(client, coach):
    # given
    person(coach, "Garza", planned_exit_on=TODAY + timedelta(days=30))
    person(coach, "Gardner", first_name="Gabe", planned_exit_on=TODAY + timedelta(days=10))
    person(coach, "Smith", first_name="Garrett", planned_exit_on=TODAY + timedelta(days=20))
    client.force_login(coach)
    # when
    soonest = client.get(URL, {"q": "gar", "sort": "exit"})
    latest = client.get(URL, {"q": "gar", "sort": "-exit"})
    # then
    assert names(soonest) == ["Gardner", "Smith", "Garza"]
    assert names(latest) == ["Garza", "Smith", "Gardner"]


def test_it_counts_attention_in_a_search_as_in_the_whole_list(client, coach, due):
    # given: every participant's first name is Pat, so the search matches each by it
    client.force_login(coach)
    # when
    searched = client.get(URL, {"q": "pat"})
    overdue = client.get(URL, {"q": "pat", "attention": "overdue"})
    contact = client.get(URL, {"q": "pat", "attention": "contact"})
    # then
    assert summary(searched) == {"any": 5, "overdue": 1, "assessment": 2, "contact": 2}
    assert names(overdue) == ["Overdue"]
    assert names(contact) == ["NeverContacted", "StaleContact"]


def test_it_needs_every_word_of_a_search_to_match(client, coach):
    # given
    person(coach, "García", first_name="Pat")
    person(coach, "García", first_name="Luis")
    person(coach, "Patterson", first_name="Gary")
    client.force_login(coach)
    # when
    both = client.get(URL, {"q": "garc pat"})
    swapped = client.get(URL, {"q": "pat garc"})
    # then
    assert [p.first_name for p in both.context["participants"]] == ["Pat"]
    assert [p.first_name for p in swapped.context["participants"]] == ["Pat"]
