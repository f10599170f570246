"""My caseload: the staff home page, and the same list as a CSV or XLSX file.

The reads (filters, attention flags, the window of the first COUNT_CAP rows, a page of
rows) are the selectors of ``workbridge.people.caseload_queries``; this module parses the
request, calls them, and hands the template plain values to draw
(``people/_caseload_table.html``).
"""

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.access import require_casework
from workbridge.accounts.models import AuditAction, Role, user_label
from workbridge.accounts.queries import (
    membership_of,
    role_of,
    staff_cache_key,
    staff_visible_to,
    user_does_casework,
)
from workbridge.accounts.services import audit_record
from workbridge.people.caseload_queries import (
    ATTENTION_ANY,
    ATTENTION_ASSESSMENT,
    ATTENTION_CONTACT,
    ATTENTION_OVERDUE,
    ATTENTION_REASONS,
    CASELOAD_SORTS,
    COUNT_CAP,
    AttentionWindow,
    CaseloadFilters,
    CaseloadRow,
    attention_window,
    caseload_export_values,
    caseload_page_rows,
    caseload_rows_from,
    caseload_values,
)
from workbridge.people.choices import Language
from workbridge.people.models import CommunityArea
from workbridge.web import forms as web_forms
from workbridge.web.dates import DateTexts
from workbridge.web.exports import FORMATS as EXPORT_FORMATS
from workbridge.web.exports import (
    ExportKind,
    ExportList,
    export_kind_register,
    export_respond,
    rows_closing,
)
from workbridge.web.lists import CappedPaginator, Column, query_with, query_without, sort_headers

WHO_MINE = "mine"
WHO_EVERYONE = "everyone"

# Columns of the table: label, sort key (ascending) or None when it does not sort.
COLUMNS = (
    Column(gettext_lazy("Name"), "name"),
    Column(gettext_lazy("Assigned to")),
    Column(gettext_lazy("Community area")),
    Column(gettext_lazy("Planned exit"), "exit"),
    Column(gettext_lazy("Last contact"), "contact"),
    Column(gettext_lazy("Next milestone due"), "milestone"),
    Column(gettext_lazy("Needs attention")),
)
# What a page row shows, as named in the audit log.
FIELDS_SHOWN = (
    "first_name",
    "last_name",
    "preferred_name",
    "assigned_to",
    "community_area",
    "planned_exit_on",
    "exited_on",
    "last_contact_on",
    "last_assessed_on",
    "next_milestone_due_on",
)


# Filters ---------------------------------------------------------------------------


class CaseloadFilterForm(web_forms.Form):
    """The caseload's filters; each bad value is reported and that filter left at its default."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    who = forms.CharField(label=gettext_lazy("Whose caseload"), required=False)
    attention = forms.ChoiceField(label=gettext_lazy("Needs attention"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    area = forms.TypedChoiceField(
        label=gettext_lazy("Community area"), required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort order"),
        required=False,
        choices=[(key, key) for key in CASELOAD_SORTS],
    )

    def __init__(self, data, *, staff: "StaffChoices", areas: list[tuple[int, str]]):
        super().__init__(data)
        # Checked by hand rather than as choices: an organisation may have a thousand.
        self.staff = staff
        self.fields["attention"].choices = [
            ("", _("Show everyone")),
            (ATTENTION_ANY, _("Any reason")),
            (ATTENTION_OVERDUE, _("Overdue milestone")),
            (
                ATTENTION_ASSESSMENT,
                _("No assessment in %(days)s days")
                % {"days": settings.WORKBRIDGE_ASSESSMENT_DUE_DAYS},
            ),
            (
                ATTENTION_CONTACT,
                _("No contact in %(days)s days") % {"days": settings.WORKBRIDGE_CONTACT_DUE_DAYS},
            ),
        ]
        self.fields["status"].choices = [
            ("active", _("Active")),
            ("exited", _("Exited")),
            ("all", _("All")),
        ]
        self.fields["area"].choices = [("", _("Any area")), *areas]
        self.fields["language"].choices = [("", _("Any language")), *Language.choices]

    def clean_who(self) -> str:
        who = self.cleaned_data["who"]
        if who not in (WHO_MINE, WHO_EVERYONE) and not self.staff.offers(who):
            raise forms.ValidationError(_("Choose a staff member of your organisation."))
        return who


def _default_who(user) -> str:
    return WHO_MINE if role_of(user) == Role.STAFF else WHO_EVERYONE


# How long an organisation's staff list is reused for the "whose caseload" filter. Adding
# a staff member through Workbridge clears it at once (see `staff_cache_key`); other
# changes, such as a new name, show within this many seconds.
STAFF_CHOICES_SECONDS = 60


@dataclass(frozen=True)
class StaffNames:
    """An organisation's staff members as (id, name) pairs, and a token that names this
    reading of them: the page caches the options it draws from them under the token, so
    a new reading (a staff member added, or the minute over) draws them afresh."""

    token: str
    names: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class StaffChoices:
    """The "whose caseload" choices: the staff members read once a minute rather than per
    page (for a thousand staff members their options cost more than the list), and a
    check that a chosen id is one of them."""

    user: Any
    staff: StaffNames

    @property
    def names(self) -> tuple[tuple[int, str], ...]:
        return self.staff.names

    @property
    def token(self) -> str:
        return self.staff.token

    def offers(self, value: str) -> bool:
        """Whether `value` is the id of a staff member of the user's organisation."""
        return value.isdigit() and staff_visible_to(self.user).filter(pk=int(value)).exists()


def _staff_choices(user) -> StaffChoices:
    membership = membership_of(user)
    key = staff_cache_key(membership.organisation_id if membership else 0)
    staff = cache.get(key)
    if not isinstance(staff, StaffNames):  # not cached (or cached in another shape)
        names = tuple(
            (pk, user_label(first, last, username))
            for pk, first, last, username in staff_visible_to(user).values_list(
                "pk", "first_name", "last_name", "username"
            )
        )
        staff = StaffNames(token=uuid.uuid4().hex, names=names)
        cache.set(key, staff, STAFF_CHOICES_SECONDS)
    return StaffChoices(user=user, staff=staff)


# The community areas are reference data, loaded by a migration and never edited here.
AREA_CHOICES_KEY = "people:caseload:area-choices"
AREA_CHOICES_SECONDS = 3600


def _filters_from(request: HttpRequest) -> tuple[CaseloadFilterForm, CaseloadFilters]:
    """The bound filter form (defaults filled in) and the filters it yields."""
    user = request.user
    data = request.GET.copy()
    defaults = {"who": _default_who(user), "status": "active", "sort": "name"}
    for name, value in defaults.items():
        if not data.get(name):
            data[name] = value
    areas = cache.get(AREA_CHOICES_KEY)
    if areas is None:
        areas = list(CommunityArea.objects.order_by("name").values_list("number", "name"))
        cache.set(AREA_CHOICES_KEY, areas, AREA_CHOICES_SECONDS)
    form = CaseloadFilterForm(data, staff=_staff_choices(user), areas=areas)
    form.is_valid()
    clean = {**defaults, **form.cleaned_data}
    who = clean.get("who") or defaults["who"]
    if who == WHO_MINE:
        assigned_to = user.pk
    elif who == WHO_EVERYONE:
        assigned_to = None
    else:
        assigned_to = int(who)
    filters = CaseloadFilters(
        search=(clean.get("q") or "").strip(),
        who=who,
        assigned_to=assigned_to,
        attention=clean.get("attention") or "",
        status=clean.get("status") or "active",
        community_area=clean.get("area"),
        language=clean.get("language") or "",
        sort=clean.get("sort") or "name",
    )
    return form, filters


def _attention_summary(
    request: HttpRequest, window: AttentionWindow, form: CaseloadFilterForm
) -> list[dict[str, Any]]:
    labels = dict(form.fields["attention"].choices)
    summary = []
    for reason in ATTENTION_REASONS:
        summary.append(
            {
                "reason": reason,
                "label": labels[reason],
                "count": window.counts[reason],
                "href": query_with(request, attention=reason),
            }
        )
    return summary


def _rows_shown(rows: list[CaseloadRow]) -> list[dict[str, Any]]:
    """What each row of the table shows, as plain values for the template to escape.

    Dates are written once per distinct date (``DateTexts``) and the detail link is built
    with one reverse() a page: per row, both cost more than the rest of the row.
    """
    marker = "987654321"
    detail_url = reverse("people:detail", args=[int(marker)])
    written = DateTexts()
    return [
        {
            "url": detail_url.replace(marker, str(p.pk)),
            "name": p.display_name,
            "exited": p.exited_on is not None,
            "staff": p.staff,
            "area": p.community_area,
            "planned_exit": written(p.planned_exit_on),
            "last_contact": written(p.last_contact_on) if p.last_contact_on else "",
            "milestone_due": written(p.next_milestone_due_on) if p.next_milestone_due_on else "",
            "overdue": p.has_overdue_milestone,
            "assessment": p.needs_assessment,
            "contact": p.needs_contact,
        }
        for p in rows
    ]


# Pages -----------------------------------------------------------------------------


@require_GET
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """The participants a caseworker works through, and which of them need attention now."""
    require_casework(request.user)
    today = timezone.localdate()
    form, filters = _filters_from(request)
    window = attention_window(request.user, today=today, filters=filters)
    listed = window.ids_for(filters.attention)
    if listed is not None:  # the window holds this very list: page through its ids
        ids, complete = listed
        paginator = CappedPaginator(ids, cap=COUNT_CAP)
        paginator.known(rows=len(ids), more=not complete)
    else:
        whole = caseload_values(request.user, today=today, filters=filters)
        paginator = CappedPaginator(whole, cap=COUNT_CAP)
    page = paginator.get_page(request.GET.get("page"))
    if listed is not None:
        participants = caseload_page_rows(request.user, ids=page.object_list, window=window)
    else:
        participants = caseload_rows_from(page.object_list)
    if participants:
        shown = ", ".join(str(p.pk) for p in participants)
        detail = f"caseload page {page.number}, {len(participants)} rows: {shown}"
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="people.participant",
            fields=FIELDS_SHOWN,
            detail=detail if len(detail) <= 300 else detail[:299] + "…",
        )
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "participants": participants,
        "rows": _rows_shown(participants),
        "headers": sort_headers(request, COLUMNS, filters.sort),
        "summary": _attention_summary(request, window, form),
        "window": window,
        "export_query": query_without(request, "page"),
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request
    if not partial:  # the filter form is only drawn on the whole page
        # Each chosen value is of its choices' type (the template compares them as is).
        # The template keeps the drawn options in the cache, keyed by what they show
        # (the language, the chosen values, and the reading of the staff list): a
        # thousand staff members' options cost more to draw than the rest of the page.
        context["staff"] = form.staff
        context["staff_chosen"] = int(filters.who) if filters.who.isdigit() else None
        context["options"] = {
            name: {"choices": form.fields[name].choices, "chosen": chosen}
            for name, chosen in (
                ("attention", filters.attention),
                ("status", filters.status),
                ("area", "" if filters.community_area is None else filters.community_area),
                ("language", filters.language),
            )
        }
    template = "people/_caseload_table.html" if partial else "people/caseload.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


EXPORT_COLUMNS = (
    ("external_id", gettext_lazy("External id")),
    ("first_name", gettext_lazy("First name")),
    ("last_name", gettext_lazy("Last name")),
    ("preferred_name", gettext_lazy("Preferred name")),
    ("email", gettext_lazy("E-mail")),
    ("phone", gettext_lazy("Phone")),
    ("preferred_language", gettext_lazy("Preferred language")),
    ("assigned_to", gettext_lazy("Assigned to")),
    ("community_area", gettext_lazy("Community area")),
    ("enrolled_on", gettext_lazy("Enrolled on")),
    ("planned_exit_on", gettext_lazy("Planned exit")),
    ("exited_on", gettext_lazy("Exited on")),
    ("last_contact_on", gettext_lazy("Last contact")),
    ("last_assessed_on", gettext_lazy("Last readiness assessment")),
    ("next_milestone_due_on", gettext_lazy("Next milestone due")),
    ("attention", gettext_lazy("Needs attention")),
)
EXPORT_FIELDS = tuple(name for name, _label in EXPORT_COLUMNS if name != "attention")


def _export_rows(values: Iterable[tuple], reasons: dict[str, str]) -> Iterator[list[Any]]:
    """Spreadsheet rows from `caseload_queries.EXPORT_VALUES` tuples, labels looked up
    once per export."""
    languages = {value: str(label) for value, label in Language.choices}
    for (
        external_id,
        first_name,
        last_name,
        preferred_name,
        email,
        phone,
        language,
        staff_first,
        staff_last,
        staff_username,
        area,
        enrolled_on,
        planned_exit_on,
        exited_on,
        last_contact_on,
        last_assessed_on,
        next_milestone_due_on,
        overdue,
        assessment,
        contact,
    ) in values:
        staff = user_label(staff_first, staff_last, staff_username)
        flags = [
            reasons[ATTENTION_OVERDUE] if overdue else "",
            reasons[ATTENTION_ASSESSMENT] if assessment else "",
            reasons[ATTENTION_CONTACT] if contact else "",
        ]
        yield [
            external_id,
            first_name,
            last_name,
            preferred_name,
            email,
            phone,
            languages.get(language, language),
            staff,
            area or "",
            enrolled_on,
            planned_exit_on,
            exited_on,
            last_contact_on,
            last_assessed_on,
            next_milestone_due_on,
            "; ".join(flag for flag in flags if flag),
        ]


def _caseload_export_list(request: HttpRequest) -> ExportList:
    """The filtered caseload (every page of it) as rows to write; no demographic answer."""
    today = timezone.localdate()
    form, filters = _filters_from(request)
    rows = caseload_export_values(request.user, today=today, filters=filters)
    reasons = {value: str(label) for value, label in form.fields["attention"].choices}

    def export_rows() -> Iterator[list[Any]]:
        values = rows.iterator(chunk_size=2000)
        return rows_closing(_export_rows(values, reasons), values)

    return ExportList(
        headers=[str(label) for _name, label in EXPORT_COLUMNS],
        count=rows.count,
        rows=export_rows,
        title=_("Caseload"),
        filename=f"caseload-{today:%Y-%m-%d}",
        query=query_without(request, "page"),
    )


CASELOAD_EXPORT = export_kind_register(
    ExportKind(
        key="caseload",
        object_type="people.participant",
        fields=EXPORT_FIELDS,
        permitted=user_does_casework,
        prepare=_caseload_export_list,
    )
)


@require_http_methods(["GET", "POST"])
@login_required
def caseload_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every row of the filtered caseload (all pages) as CSV or XLSX, written to the audit log:
    at once for a short list, else prepared in the background (`workbridge.web.exports`).

    No demographic answer is ever part of it.
    """
    require_casework(request.user)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    return export_respond(request, kind=CASELOAD_EXPORT, fmt=fmt)
