"""The weights editor: program directors and administrators set them, and they change the order."""

import pytest
from django.urls import reverse

from workbridge.accounts.models import AuditEvent
from workbridge.matching.models import MatchWeights
from workbridge.people.models import CareerGoal, Occupation

DEFAULTS = {
    "skills": "30",
    "career_goal": "25",
    "job_quality": "20",
    "commute": "15",
    "benefits": "10",
    "environment": "5",
    "childcare": "10",
    "risk": "15",
}


def _order(client, participant) -> list[int]:
    response = client.get(reverse("matching:participant", args=[participant.pk]))
    return [opening.pk for opening, _ in response.context["suggestions"]]


def test_saving_weights_changes_the_order_of_suggestions(
    client, manager, ben, line_cook, night_porter
):
    # given Ben wants to work as a janitor (37-2011) but has one of the line cook job's
    # two skills: with the default weights the line cook job comes first
    CareerGoal.objects.create(participant=ben, occupation=Occupation.objects.get(code="37-2011"))
    client.force_login(manager)
    assert _order(client, ben) == [line_cook.pk, night_porter.pk]
    # when skills stop counting
    response = client.post(reverse("matching:weights"), {**DEFAULTS, "skills": "0"})
    # then the porter job, in the field of his goal, comes first
    assert response.status_code == 302
    row = MatchWeights.objects.get(organisation=manager.membership.organisation)
    assert (row.career_goal, row.skills, row.updated_by) == (25, 0, manager)
    assert _order(client, ben) == [night_porter.pk, line_cook.pk]
    event = AuditEvent.objects.get(action="update")
    assert (event.object_type, event.fields) == ("matching.matchweights", ["skills"])


def test_the_editor_shows_the_defaults_until_they_are_set(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("matching:weights"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="career_goal" value="25"' in text
    assert "Your organisation uses the default weights." in text
    assert not MatchWeights.objects.exists()


def test_it_refuses_a_weight_out_of_range_and_saves_nothing(client, manager):
    client.force_login(manager)
    response = client.post(reverse("matching:weights"), {**DEFAULTS, "skills": "101"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    assert not MatchWeights.objects.exists()


def test_weights_are_the_organisations_own(client, manager, other_coach, northside):
    from tests.factories import make_user
    from workbridge.accounts.models import Role

    other_manager = make_user("nadia", Role.MANAGER, northside)
    client.force_login(other_manager)
    client.post(reverse("matching:weights"), {**DEFAULTS, "risk": "40"})
    client.force_login(manager)
    response = client.get(reverse("matching:weights"))
    assert 'name="risk" value="15"' in response.content.decode()


@pytest.mark.parametrize("persona", ["coach", "analyst", "employer_user"])
def test_other_roles_cannot_change_the_weights(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("matching:weights"), {**DEFAULTS, "skills": "0"})
    assert response.status_code == 403
    assert not MatchWeights.objects.exists()
    assert not AuditEvent.objects.exists()
