""" "My follow-ups": overdue first, action items with a done button, a manager's view."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user
from workbridge.accounts.models import Role
from workbridge.employers.models import ActionItem
from workbridge.employers.services import (
    action_item_add,
    employer_create,
    employer_move,
    interaction_log,
)

TODAY = timezone.localdate()


@pytest.fixture
def due_soon(coach):
    employer = employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})
    interaction_log(
        by=coach, employers=[employer], kind="call", occurred_on=TODAY - timedelta(days=10)
    )  # a prospect: due again in 14 days, 4 from now
    return employer


@pytest.fixture
def overdue(coach):
    employer = employer_create(by=coach, data={"name": "Zeta Care", "owner": coach})
    interaction_log(by=coach, employers=[employer], kind="call", occurred_on=date(2020, 1, 1))
    return employer


def names_in(response) -> list[str]:
    return [e.name for e in response.context["page"].object_list]


def test_it_lists_overdue_first_and_says_overdue_in_words(client, coach, due_soon, overdue):
    client.force_login(coach)

    response = client.get(reverse("employers:queue"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>My follow-ups</h1>" in html
    assert names_in(response) == ["Zeta Care", "Acme Foods"]
    assert html.count('<strong class="badge badge-danger">Overdue</strong>') == 1
    assert "Jan 15, 2020" in html
    log_link = (
        f'href="/employers/interactions/new?employer={overdue.pk}&amp;kind=call'
        f'&amp;next=/employers/follow-ups/">Log a call'
    )
    assert log_link in html
    assert f'<a href="/employers/{overdue.pk}/">Zeta Care</a>' in html


def test_it_escapes_names_and_says_what_is_due_today(client, coach):
    # given
    employer = employer_create(by=coach, data={"name": "<i>Tom & Jo</i>", "owner": coach})
    employer.next_follow_up_on = TODAY
    employer.save(update_fields=["next_follow_up_on"])
    client.force_login(coach)
    # when
    html = client.get(reverse("employers:queue"), {"days": 14}).content.decode()
    # then
    assert f'<a href="/employers/{employer.pk}/">&lt;i&gt;Tom &amp; Jo&lt;/i&gt;</a>' in html
    assert '<span class="badge badge-warn">Due today</span>' in html
    assert "<td>Prospect</td>" in html
    call_link = f'href="/employers/{employer.pk}/call?next=/employers/follow-ups/%3Fdays%3D14"'
    assert call_link in html
    assert "<i>Tom" not in html


def test_a_review_due_is_named_as_a_review(client, coach):
    employer = employer_create(by=coach, data={"name": "Oak Partners", "owner": coach})
    employer_move(employer=employer, by=coach, to_stage="active")
    interaction_log(by=coach, employers=[employer], kind="call", occurred_on=TODAY)
    employer.refresh_from_db()
    client.force_login(coach)
    # The active partners' review is due 182 days after it was added: look that far ahead.
    employer.next_follow_up_on = TODAY - timedelta(days=1)
    employer.next_follow_up_kind = "review"
    employer.save(update_fields=["next_follow_up_on", "next_follow_up_kind"])

    html = client.get(reverse("employers:queue")).content.decode()

    assert "<td>Review meeting</td>" in html
    assert "Log the meeting" in html


def test_the_horizon_widens_the_queue(client, coach, due_soon):
    client.force_login(coach)
    employer_create(by=coach, data={"name": "Later Inc", "owner": coach})  # due in 14 days

    assert names_in(client.get(reverse("employers:queue"))) == ["Acme Foods"]
    assert names_in(client.get(reverse("employers:queue"), {"days": 14})) == [
        "Acme Foods",
        "Later Inc",
    ]


def test_it_shows_an_empty_state(client, coach):
    client.force_login(coach)

    html = client.get(reverse("employers:queue")).content.decode()

    assert "Nothing is due. Every employer has been followed up on time." in html
    assert "No open action items." in html


def test_open_action_items_are_listed_and_can_be_marked_done(client, coach, due_soon):
    item = action_item_add(
        by=coach,
        description="Send two resumes",
        owner=coach,
        due_on=TODAY - timedelta(days=1),
        employer=due_soon,
    )
    client.force_login(coach)

    html = client.get(reverse("employers:queue")).content.decode()
    response = client.post(
        reverse("employers:action_item_done", args=[item.pk]),
        {"next": reverse("employers:queue")},
    )

    assert "Send two resumes" in html
    assert f'action="/employers/action-items/{item.pk}/done"' in html
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:queue")
    item.refresh_from_db()
    assert item.done_on == TODAY
    after = client.get(reverse("employers:queue"))
    assert "Done: Send two resumes" in after.content.decode()
    assert after.context["action_items"] == []


def test_another_organisation_cannot_mark_an_item_done(client, coach, other_coach, due_soon):
    item = action_item_add(
        by=coach, description="Send two resumes", owner=coach, due_on=TODAY, employer=due_soon
    )
    client.force_login(other_coach)

    response = client.post(reverse("employers:action_item_done", args=[item.pk]))

    item.refresh_from_db()
    assert response.status_code == 404
    assert item.done_on is None


def test_an_analyst_cannot_mark_an_item_done(client, coach, analyst, due_soon):
    item = action_item_add(
        by=coach, description="Send two resumes", owner=coach, due_on=TODAY, employer=due_soon
    )
    client.force_login(analyst)

    response = client.post(reverse("employers:action_item_done", args=[item.pk]))

    assert response.status_code == 403
    assert ActionItem.objects.get(pk=item.pk).done_on is None


def test_a_manager_views_a_job_developers_queue(client, manager, coach, overdue):
    client.force_login(manager)

    own = client.get(reverse("employers:queue"))
    alices = client.get(reverse("employers:queue"), {"owner": coach.pk})

    assert names_in(own) == []
    assert names_in(alices) == ["Zeta Care"]
    assert "<h1>Follow-ups of Alice Coach</h1>" in alices.content.decode()


def test_a_manager_cannot_view_a_queue_from_another_organisation(client, manager, other_coach):
    client.force_login(manager)

    response = client.get(reverse("employers:queue"), {"owner": other_coach.pk})

    assert response.status_code == 404


def test_a_job_developer_cannot_view_a_colleagues_queue(client, coach, southside, overdue):
    colleague = make_user("carl", Role.STAFF, southside)
    client.force_login(colleague)

    response = client.get(reverse("employers:queue"), {"owner": coach.pk})

    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_other_roles_have_no_queue(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("employers:queue")).status_code == 403


def test_the_queue_and_the_list_cost_the_same_queries_for_three_or_thirty(client, coach):
    def add(start, n):
        for i in range(start, start + n):
            e = employer_create(by=coach, data={"name": f"E{i:02}", "owner": coach})
            interaction_log(by=coach, employers=[e], kind="call", occurred_on=date(2020, 1, 1))
            action_item_add(by=coach, description=f"Do {i}", owner=coach, due_on=TODAY, employer=e)

    def queries_per_page() -> list[int]:
        counts = []
        for url in (reverse("employers:queue"), reverse("employers:list")):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    client.force_login(coach)
    add(0, 3)
    with_three = queries_per_page()
    add(3, 27)
    with_thirty = queries_per_page()

    assert with_three == with_thirty
