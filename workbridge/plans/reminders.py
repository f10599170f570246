"""Daily reminders to action owners: actions due within 30 days, measures gone off track.

Each reminder goes once: an action once for its target date, a measure once each time it
turns off track. Owners who opted out get none. One e-mail per owner lists everything.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workbridge.accounts.models import User
from workbridge.plans.models import (
    Action,
    ActionStatus,
    Measure,
    MeasureState,
    ReminderSent,
    ReminderSetting,
)

DUE_WITHIN_DAYS = 30
ACTION = "action"
MEASURE = "measure"


def reminders_send(*, today: date | None = None) -> int:
    """Send today's reminders; returns the number of e-mails sent."""
    today = today or timezone.localdate()
    opted_out = set(ReminderSetting.objects.filter(receive=False).values_list("user_id", flat=True))
    actions = (
        Action.objects.filter(
            due_on__gte=today,
            due_on__lte=today + timedelta(days=DUE_WITHIN_DAYS),
            owner__isnull=False,
        )
        .exclude(status__in=[ActionStatus.COMPLETE, ActionStatus.DEFERRED])
        .exclude(owner_id__in=opted_out)
        .select_related("plan")
    )
    measures = (
        Measure.objects.filter(
            state=MeasureState.OFF_TRACK, action__owner__isnull=False, state_since__isnull=False
        )
        .exclude(action__owner_id__in=opted_out)
        .select_related("plan", "action")
    )
    items: dict[int, list[tuple[str, int, date, object]]] = defaultdict(list)
    for action in actions:
        assert action.owner_id is not None and action.due_on is not None
        items[action.owner_id].append((ACTION, action.pk, action.due_on, action))
    for measure in measures:
        owner_id = measure.action.owner_id
        assert owner_id is not None and measure.state_since is not None
        items[owner_id].append((MEASURE, measure.pk, measure.state_since, measure))
    sent_before = set(
        ReminderSent.objects.filter(user_id__in=list(items)).values_list(
            "user_id", "kind", "subject_id", "sent_on"
        )
    )
    owners = User.objects.in_bulk(list(items))
    sent = 0
    for owner_id, found in items.items():
        fresh = [i for i in found if (owner_id, i[0], i[1], i[2]) not in sent_before]
        owner = owners.get(owner_id)
        if not fresh or owner is None or not owner.email or not owner.is_active:
            continue
        with translation.override(owner.preferred_language):
            body = render_to_string(
                "plans/email/reminder.txt",
                {
                    "owner": owner,
                    "actions": [i[3] for i in fresh if i[0] == ACTION],
                    "measures": [i[3] for i in fresh if i[0] == MEASURE],
                },
            )
            subject = _("Equity action plan: what needs your attention")
        EmailMessage(subject=subject, body=body, to=[owner.email]).send()
        ReminderSent.objects.bulk_create(
            ReminderSent(user_id=owner_id, kind=kind, subject_id=pk, sent_on=key)
            for kind, pk, key, _row in fresh
        )
        sent += 1
    return sent
