"""What each row of the follow-up queue shows, as plain values for queue.html to draw.

Labels are translated once a page, each date written once (``DateTexts``) and each kind
of link built with one reverse() a page: per row, these cost more than drawing the row.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from django.urls import reverse

from workbridge.employers.choices import FollowUpKind, Stage
from workbridge.employers.models import Employer
from workbridge.web.dates import DateTexts


def follow_up_rows_shown(
    employers: Sequence[Employer], *, today: date, back: str
) -> list[dict[str, Any]]:
    """The table's rows; `back` is where each row's links return to."""
    marker = "987654321"
    detail = reverse("employers:detail", args=[int(marker)])
    call = reverse("employers:call", args=[int(marker)])
    log = reverse("employers:interaction_log")
    after = f"next={quote(back, safe='/')}"  # as the template filter urlencode writes it
    stages = {value: str(label) for value, label in Stage.choices}
    written = DateTexts()
    rows = []
    for e in employers:
        pk = str(e.pk)
        due = e.next_follow_up_on
        review = e.next_follow_up_kind == FollowUpKind.REVIEW
        rows.append(
            {
                "due": written(due),
                "overdue": due < today,
                "due_today": due == today,
                "url": detail.replace(marker, pk),
                "name": e.name,
                "review": review,
                "stage": stages.get(e.stage) or e.stage,
                "last_contact": written(e.last_contact_on) if e.last_contact_on else "",
                "log_url": f"{log}?employer={pk}&kind={'meeting' if review else 'call'}&{after}",
                "call_url": f"{call.replace(marker, pk)}?{after}",
            }
        )
    return rows
