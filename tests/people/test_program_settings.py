"""Program settings: the readiness questions and the milestone template."""

import pytest
from django.urls import reverse

from workbridge.people import defaults
from workbridge.people.services import instrument_for, milestone_template_for


def _instrument_post(organisation, change=None, new=None):
    """The editor's form as a browser would send it, with one row changed and one added."""
    items = list(instrument_for(organisation).items.order_by("position", "id"))
    rows = [
        {
            "id": str(item.pk),
            "text": item.text,
            "text_es": item.text_es,
            "reverse_scored": "on" if item.reverse_scored else "",
            "is_active": "on",
        }
        for item in items
    ]
    for i, values in (change or {}).items():
        rows[i].update(values)
    rows.append(new or {"id": "", "text": "", "text_es": "", "is_active": "on"})
    data = {
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "100",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value != "":
                data[f"items-{i}-{key}"] = value
    return data


def test_it_saves_a_spanish_text_and_a_new_question(client, manager, southside):
    # given
    client.force_login(manager)
    data = _instrument_post(
        southside,
        change={0: {"text_es": "¿Qué tan conectada se siente con el equipo?"}},
        new={
            "id": "",
            "text": "I can use a computer to apply for jobs",
            "text_es": "Puedo usar una computadora para solicitar trabajos",
            "reverse_scored": "",
            "is_active": "on",
        },
    )
    # when
    response = client.post(reverse("people:instrument"), data)
    # then
    assert response.status_code == 302
    items = list(instrument_for(southside).items.filter(is_active=True).order_by("position"))
    assert len(items) == len(defaults.INSTRUMENT_ITEMS) + 1
    assert items[0].text_es == "¿Qué tan conectada se siente con el equipo?"
    assert (items[-1].text, items[-1].text_es, items[-1].reverse_scored) == (
        "I can use a computer to apply for jobs",
        "Puedo usar una computadora para solicitar trabajos",
        False,
    )


def test_it_stops_asking_a_question_taken_out_of_use(client, admin_user, southside):
    client.force_login(admin_user)
    data = _instrument_post(southside)
    del data["items-1-is_active"]
    response = client.post(reverse("people:instrument"), data)
    assert response.status_code == 302
    active = list(
        instrument_for(southside).items.filter(is_active=True).values_list("text", flat=True)
    )
    assert defaults.INSTRUMENT_ITEMS[1][0] not in active
    assert len(active) == len(defaults.INSTRUMENT_ITEMS) - 1


def test_it_refuses_a_question_of_another_organisation(client, manager, southside, northside):
    # given
    theirs = instrument_for(northside).items.first()
    client.force_login(manager)
    data = _instrument_post(southside)
    data["items-0-id"] = str(theirs.pk)
    data["items-0-text"] = "Changed"
    # when
    response = client.post(reverse("people:instrument"), data)
    # then
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.text == defaults.INSTRUMENT_ITEMS[0][0]


def test_it_saves_the_milestone_template(client, manager, southside):
    # given
    client.force_login(manager)
    data = {
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "2",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "60",
        "steps-0-title": "Resume drafted",
        "steps-0-days_before_exit": "80",
        "steps-1-title": "Mock interview completed",
        "steps-1-days_before_exit": "60",
        "steps-1-DELETE": "on",
        "steps-2-title": "Bank account opened",
        "steps-2-days_before_exit": "20",
    }
    # when
    response = client.post(reverse("people:milestone_template"), data)
    # then
    assert response.status_code == 302
    steps = list(milestone_template_for(southside).steps.values_list("title", "days_before_exit"))
    assert steps == [("Resume drafted", 80), ("Bank account opened", 20)]


def test_it_rejects_a_milestone_without_its_days(client, manager, southside):
    client.force_login(manager)
    data = {
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "60",
        "steps-0-title": "Bank account opened",
    }
    response = client.post(reverse("people:milestone_template"), data)
    assert response.status_code == 200
    assert "Give the number of days before exit." in response.content.decode()
    assert milestone_template_for(southside).steps.count() == len(defaults.MILESTONE_STEPS)


@pytest.mark.parametrize("name", ["settings", "instrument", "milestone_template"])
def test_it_shows_the_settings_pages_to_managers(client, manager, name):
    client.force_login(manager)
    response = client.get(reverse(f"people:{name}"))
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


@pytest.mark.parametrize("name", ["settings", "instrument", "milestone_template"])
def test_it_refuses_settings_to_staff(client, coach, southside, name):
    # given
    client.force_login(coach)
    before = list(milestone_template_for(southside).steps.values_list("title", flat=True))
    # when
    response = client.post(
        reverse(f"people:{name}"),
        {"steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0", "items-TOTAL_FORMS": "0"},
    )
    # then
    assert response.status_code == 403
    assert client.get(reverse(f"people:{name}")).status_code == 403
    after = list(milestone_template_for(southside).steps.values_list("title", flat=True))
    assert after == before
