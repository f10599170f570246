"""The follow-up queue's rows, drawn as HTML in one pass.

As for the employer list (see employer_table): a template loop over a page of 50 rows,
each with its links, labels and badges, cost more than the queries behind the page.
Every value is escaped here, every label translated once a page, and each kind of link
built with one reverse() a page.
"""

from collections.abc import Sequence
from datetime import date
from html import escape
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from workbridge.employers.choices import FollowUpKind, Stage
from workbridge.employers.models import Employer
from workbridge.web.dates import DateTexts


def follow_up_rows_html(employers: Sequence[Employer], *, today: date, back: str) -> SafeString:
    """The table body's rows, as queue.html drew them; `back` is where each row's forms
    return to."""
    marker = "987654321"
    detail = reverse("employers:detail", args=[int(marker)])
    call = reverse("employers:call", args=[int(marker)])
    log = reverse("employers:interaction_log")
    after = f"next={quote(back, safe='/')}"  # as the template filter urlencode writes it
    stages = {value: escape(str(label)) for value, label in Stage.choices}
    overdue = f' <strong class="badge badge-danger">{escape(_("Overdue"))}</strong>'
    due_today = f' <span class="badge badge-warn">{escape(_("Due today"))}</span>'
    labels = {
        # (what is due, what its log link says, the kind of interaction it logs)
        True: (escape(_("Review meeting")), escape(_("Log the meeting")), "meeting"),
        False: (escape(_("Call")), escape(_("Log a call")), "call"),
    }
    call_screen = escape(_("Call screen"))
    written = DateTexts()
    parts = []
    for e in employers:
        pk = str(e.pk)
        name = escape(e.name)
        due = e.next_follow_up_on
        badge = overdue if due < today else due_today if due == today else ""
        row_class = ' class="overdue"' if due < today else ""
        what, log_label, kind = labels[e.next_follow_up_kind == FollowUpKind.REVIEW]
        log_url = escape(f"{log}?employer={pk}&kind={kind}&{after}")
        call_url = escape(f"{call.replace(marker, pk)}?{after}")
        contacted = written(e.last_contact_on) if e.last_contact_on else "—"
        parts.append(
            f"\n  <tr{row_class}>\n"
            f"    <td>{written(due)}{badge}</td>\n"
            f'    <th scope="row"><a href="{detail.replace(marker, pk)}">{name}</a></th>\n'
            f"    <td>{what}</td>\n"
            f"    <td>{stages.get(e.stage) or escape(e.stage)}</td>\n"
            f"    <td>{contacted}</td>\n"
            f'    <td><a href="{log_url}">{log_label}'
            f'<span class="visually-hidden"> — {name}</span></a>\n'
            f'      · <a href="{call_url}">{call_screen}'
            f'<span class="visually-hidden"> — {name}</span></a></td>\n'
            "  </tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped above)
