"""The cadence rules editor: program directors and administrators only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import CadenceRule
from workbridge.employers.services import cadence_rules_for, employer_create

TODAY = timezone.localdate()


def formset_post(rules, *, extra=0):
    data = {
        "rules-TOTAL_FORMS": str(len(rules) + extra),
        "rules-INITIAL_FORMS": str(len(rules)),
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "100",
    }
    for i, rule in enumerate(rules):
        for key, value in rule.items():
            data[f"rules-{i}-{key}"] = value
    for i in range(len(rules), len(rules) + extra):
        data.update(
            {
                f"rules-{i}-stage": "",
                f"rules-{i}-tier": "",
                f"rules-{i}-kind": "",
                f"rules-{i}-every_days": "",
            }
        )
    return data


def test_it_shows_the_default_rules_in_pipeline_order(client, manager):
    client.force_login(manager)

    response = client.get(reverse("employers:cadence"))

    assert response.status_code == 200
    initial = [
        (f.initial["stage"], f.initial["kind"], f.initial["every_days"])
        for f in response.context["formset"].initial_forms
    ]
    assert initial == [
        ("prospect", "call", 14),
        ("contacted", "call", 14),
        ("qualified", "call", 21),
        ("nurturing", "call", 30),
        ("active", "call", 30),
        ("active", "review", 182),
        ("dormant", "call", 90),
    ]
    html = response.content.decode()
    assert (
        '<label class="visually-hidden" for="id_rules-0-every_days">Rule 1: Every (days)</label>'
        in html
    )


def test_a_manager_saves_rules_and_sees_how_many_follow_ups_moved(client, manager, coach):
    employer_create(by=coach, data={"name": "Acme Foods"})
    employer_create(by=coach, data={"name": "Birch Logistics"}, stage="dormant")
    client.force_login(manager)

    response = client.post(
        reverse("employers:cadence"),
        formset_post(
            [
                {"stage": "prospect", "tier": "", "kind": "call", "every_days": "7"},
                {"stage": "dormant", "tier": "", "kind": "call", "every_days": "90"},
            ],
            extra=2,
        ),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("employers:cadence"), 302)]
    assert "The cadence was saved. 1 employer&#x27;s follow-up moved." in (
        response.content.decode()
    )
    rules = sorted((r.stage, r.every_days) for r in CadenceRule.objects.all())
    assert rules == [("dormant", 90), ("prospect", 7)]
    acme = coach.membership.organisation.employers.get(name="Acme Foods")
    assert acme.next_follow_up_on == TODAY + timedelta(days=7)
    assert AuditEvent.objects.filter(action="update", fields=["cadence_rules"]).exists()


def test_a_repeated_rule_is_refused_and_nothing_changes(client, manager, southside):
    cadence_rules_for(southside)
    before = list(CadenceRule.objects.values_list("stage", "kind", "every_days"))
    client.force_login(manager)

    response = client.post(
        reverse("employers:cadence"),
        formset_post(
            [
                {"stage": "prospect", "tier": "", "kind": "call", "every_days": "7"},
                {"stage": "prospect", "tier": "", "kind": "call", "every_days": "0"},
            ]
        ),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Ensure this value is greater than or equal to 1." in html
    assert list(CadenceRule.objects.values_list("stage", "kind", "every_days")) == before


def test_a_duplicate_stage_tier_and_kind_is_refused(client, manager):
    client.force_login(manager)

    response = client.post(
        reverse("employers:cadence"),
        formset_post(
            [
                {"stage": "prospect", "tier": "", "kind": "call", "every_days": "7"},
                {"stage": "prospect", "tier": "", "kind": "call", "every_days": "9"},
            ]
        ),
    )

    assert "Another rule covers the same stage, tier and follow-up." in response.content.decode()
    assert not CadenceRule.objects.exists()


def test_an_administrator_may_edit_the_cadence(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("employers:cadence")).status_code == 200


@pytest.mark.parametrize("persona", ["coach", "analyst", "employer_user"])
def test_other_roles_cannot_change_the_cadence(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    get = client.get(reverse("employers:cadence"))
    post = client.post(
        reverse("employers:cadence"),
        formset_post([{"stage": "prospect", "tier": "", "kind": "call", "every_days": "7"}]),
    )

    assert (get.status_code, post.status_code) == (403, 403)
    assert not CadenceRule.objects.exists()
