"""My caseload: the staff home page, and the same list as a CSV or XLSX file.

The page must cost the same at 200 participants and at 200,000, so:
- every filter and flag is a condition on the participant row (``caseload_for``);
- the paginator counts at most ``COUNT_CAP`` matching rows (a COUNT over a sliced
  subquery) and shows "1,000+" beyond, instead of counting the whole organisation;
- the "Needs attention" summary counts the window: the first ``COUNT_CAP`` rows of the
  list without its attention filter, read once in the list's order as ids and the dates
  behind the flags. It is exact for any list of up to 1,000 rows, which covers one
  person's caseload; for a longer list the page says the counts are of 1,000 of its
  participants. Counting every reason over a whole organisation costs a scan of all its
  rows (seconds at 200,000 on SQLite), and a capped count per reason lets SQLite pick a
  date index that walks tens of thousands of rows to find a dozen of one person's. The
  window also gives the paginator its count and the ids of every page inside it;
- an attention filter is applied to caseload_for's flags, not its date conditions (see
  ``caseload_rows``);
- a page inside the window reads its rows by id, only the columns shown, with the staff
  member and community area joined, and takes their flags from the window; the rows are
  drawn as plain strings (``caseload_table``), not by a template loop.

A search's window is read from name indexes that hold every column the window reads
(people migrations 0004 to 0006), so no table row is read: on PostgreSQL as the union of
one query per way its first word can match (``caseload_parts``), on SQLite as one OR.
The window reads the dates behind the attention flags and makes the flags in Python
(``flags_of``), which keeps the four queries of a search quick to build. An e-mail or
phone search has no index to serve it: the database reads the organisation's rows.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
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
from workbridge.people.choices import Language
from workbridge.people.models import CommunityArea, Participant
from workbridge.people.queries import (
    ATTENTION_ANY,
    ATTENTION_ASSESSMENT,
    ATTENTION_CONTACT,
    ATTENTION_DATES,
    ATTENTION_OVERDUE,
    CASELOAD_SORTS,
    AttentionCutoffs,
    caseload_for,
    caseload_parts,
    flags_of,
    participants_visible_to,
)
from workbridge.people.views.caseload_table import (
    ROW_FLAGS,
    ROW_VALUES,
    caseload_rows_from,
    caseload_rows_html,
)
from workbridge.web import forms as web_forms
from workbridge.web.exports import FORMATS as EXPORT_FORMATS
from workbridge.web.exports import (
    ExportKind,
    ExportList,
    export_kind_register,
    export_respond,
    rows_closing,
)
from workbridge.web.lists import CappedPaginator, Column, query_with, query_without, sort_headers

# Counting stops here: past it the page says "1,000+" and offers the first pages only.
COUNT_CAP = 1000
WHO_MINE = "mine"
WHO_EVERYONE = "everyone"
ATTENTION_REASONS = (ATTENTION_ANY, ATTENTION_OVERDUE, ATTENTION_ASSESSMENT, ATTENTION_CONTACT)

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


@dataclass(frozen=True)
class CaseloadFilters:
    """The filters in force, in the words `caseload_for` takes."""

    search: str
    who: str
    assigned_to: int | None
    attention: str
    status: str
    community_area: int | None
    language: str
    sort: str

    def query_args(self) -> dict[str, Any]:
        return {
            "search": self.search,
            "assigned_to": self.assigned_to,
            "attention": self.attention,
            "status": self.status,
            "community_area": self.community_area,
            "language": self.language,
            "sort": self.sort,
        }


def _default_who(user) -> str:
    return WHO_MINE if role_of(user) == Role.STAFF else WHO_EVERYONE


# How long an organisation's staff list is reused for the "whose caseload" filter. Adding
# a staff member through Workbridge clears it at once (see `staff_cache_key`); other
# changes, such as a new name, show within this many seconds.
STAFF_CHOICES_SECONDS = 60


@dataclass(frozen=True)
class StaffChoices:
    """The "whose caseload" choices: the staff members' <option>s, built once a minute
    rather than per page (for a thousand staff members they cost more than the list), and
    a check that a chosen id is one of them."""

    user: Any
    options: SafeString

    def options_selecting(self, value: str) -> SafeString:
        """The options with the staff member `value` selected, if they are one."""
        plain = f'<option value="{escape(value)}">'
        if plain not in self.options:
            return self.options
        chosen = f'<option value="{escape(value)}" selected>'
        return mark_safe(self.options.replace(plain, chosen, 1))  # noqa: S308 (escaped)

    def offers(self, value: str) -> bool:
        """Whether `value` is the id of a staff member of the user's organisation."""
        return value.isdigit() and staff_visible_to(self.user).filter(pk=int(value)).exists()


def _staff_choices(user) -> StaffChoices:
    membership = membership_of(user)
    key = staff_cache_key(membership.organisation_id if membership else 0)
    options = cache.get(key)
    if options is None:
        names = [
            (pk, user_label(first, last, username))
            for pk, first, last, username in staff_visible_to(user).values_list(
                "pk", "first_name", "last_name", "username"
            )
        ]
        options = str(options_html(names, None))
        cache.set(key, options, STAFF_CHOICES_SECONDS)
    return StaffChoices(user=user, options=mark_safe(options))  # noqa: S308 (escaped when built)


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


def options_html(choices, selected: object) -> SafeString:
    """<option> elements for a select, every value and label escaped.

    Built in one pass of plain string work: a template loop, or format_html per option,
    over an organisation's thousand staff members costs more than the rest of the page.
    """
    chosen = "" if selected is None else str(selected)
    parts = []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == chosen else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 (each value and label is escaped above)


# The flags (as caseload_for annotates them) that each attention filter keeps.
ATTENTION_FLAGS = {
    ATTENTION_OVERDUE: ("has_overdue_milestone",),
    ATTENTION_ASSESSMENT: ("needs_assessment",),
    ATTENTION_CONTACT: ("needs_contact",),
    ATTENTION_ANY: ("has_overdue_milestone", "needs_assessment", "needs_contact"),
}


def caseload_rows(user, *, today: date, filters: CaseloadFilters) -> QuerySet[Participant]:
    """The caseload list, its attention filter applied to the flags caseload_for annotates.

    Filtering on the flag (a CASE expression) rather than on the date columns keeps the
    database walking the index of the list's order (or of one person's caseload) and
    stopping after a page. Given the date condition, SQLite without statistics takes the
    date index instead, reads every matching row of the organisation and sorts them all:
    half a second at 200,000 participants, for a reason that one row in three has.
    """
    rows = caseload_for(user, today=today, **{**filters.query_args(), "attention": ""})
    if filters.attention in ATTENTION_FLAGS:
        keep = Q()
        for flag in ATTENTION_FLAGS[filters.attention]:
            keep |= Q(**{flag: True})
        rows = rows.filter(keep)
    return rows


# Which of the window's flags each single attention filter reads.
FLAG_COLUMNS = {ATTENTION_OVERDUE: 0, ATTENTION_ASSESSMENT: 1, ATTENTION_CONTACT: 2}


@dataclass(frozen=True)
class AttentionWindow:
    """The first COUNT_CAP rows of the list (without its attention filter), in the list's
    order: why each needs attention, counted, and their ids, which serve every page that
    falls inside the window without a second search."""

    rows: int  # rows counted: the whole list, or COUNT_CAP when the list is longer
    more: bool  # the list goes on past COUNT_CAP rows
    counts: dict[str, int]
    ids: tuple[int, ...] = ()
    # One column per reason, a value per id: overdue milestone, assessment due, no contact.
    flags: tuple[tuple[int, ...], ...] = ((), (), ())

    def ids_for(self, attention: str) -> tuple[list[int], bool] | None:
        """The list's ids under an attention filter, and whether that list is complete;
        None when the window cannot tell (it was cut short and a filter applies)."""
        if not attention:
            return list(self.ids), not self.more
        if self.more:
            return None
        if attention == ATTENTION_ANY:
            marks = zip(*self.flags, strict=True)
            return [pk for pk, m in zip(self.ids, marks, strict=True) if any(m)], True
        column = self.flags[FLAG_COLUMNS[attention]]
        return [pk for pk, flag in zip(self.ids, column, strict=True) if flag], True


def _window_query(user, *, today: date, filters: CaseloadFilters) -> QuerySet:
    """The first COUNT_CAP + 1 rows of the list without its attention filter, in the
    list's order: the id and ATTENTION_DATES first, then any columns the order needs.

    When `caseload_parts` splits a search (one part per way its first word can match),
    the window is their union, which the name indexes answer without reading the table.
    """
    args = {**filters.query_args(), "attention": ""}
    order = CASELOAD_SORTS.get(args.pop("sort"), CASELOAD_SORTS["name"])
    parts = caseload_parts(user, today=today, **args)
    if len(parts) == 1:
        return parts[0].values_list("pk", *ATTENTION_DATES).order_by(*order)[: COUNT_CAP + 1]
    # A union is ordered by columns it selects; the id is selected as "pk".
    read = ("id", *ATTENTION_DATES)
    extra = [key.removeprefix("-") for key in order if key.removeprefix("-") not in read]
    first, *others = (part.values_list("pk", *ATTENTION_DATES, *extra) for part in parts)
    ordering = [{"id": "pk", "-id": "-pk"}.get(key, key) for key in order]
    return first.union(*others, all=True).order_by(*ordering)[: COUNT_CAP + 1]


def attention_window(user, *, today: date, filters: CaseloadFilters) -> AttentionWindow:
    """The first COUNT_CAP + 1 rows of the list without its attention filter, in the
    list's order: ids and the dates behind their attention flags, read raw in one pass.

    Exact whenever the list has at most COUNT_CAP rows (any one person's caseload). Past
    that, the counts are of the list's first COUNT_CAP rows, so the cost is bounded by
    COUNT_CAP, never by the organisation's size; the row past the cap says whether the
    list goes on.
    """
    empty = AttentionWindow(rows=0, more=False, counts=dict.fromkeys(ATTENTION_REASONS, 0))
    window = _window_query(user, today=today, filters=filters)
    try:
        sql, params = window.query.sql_with_params()
    except EmptyResultSet:
        return empty
    # Read raw: Django's converters would cost more than the query for a thousand rows.
    with connections[window.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    more = len(found) > COUNT_CAP
    counted = found[:COUNT_CAP]
    if not counted:
        return empty
    ids = tuple(row[0] for row in counted)
    marks = flags_of(AttentionCutoffs.on(today), [row[1:4] for row in counted])
    flags = tuple(zip(*marks, strict=True))
    overdue, assessment, contact = flags
    counts = (
        sum(map(any, marks)),
        sum(overdue),
        sum(assessment),
        sum(contact),
    )
    return AttentionWindow(
        rows=len(counted),
        more=more,
        counts=dict(zip(ATTENTION_REASONS, counts, strict=True)),
        ids=ids,
        flags=flags,
    )


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
        whole = caseload_rows(request.user, today=today, filters=filters)
        paginator = CappedPaginator(whole.values_list(*ROW_VALUES, *ROW_FLAGS), cap=COUNT_CAP)
    page = paginator.get_page(request.GET.get("page"))
    if listed is not None:
        # The page's rows by id, in the window's order, with the window's flags: no
        # second search.
        page_ids = list(page.object_list)
        found = participants_visible_to(request.user).filter(pk__in=page_ids)
        by_id = {row[0]: row for row in found.values_list(*ROW_VALUES)}
        at = {pk: n for n, pk in enumerate(window.ids)}
        flags = {pk: tuple(column[at[pk]] for column in window.flags) for pk in by_id}
        participants = caseload_rows_from(
            (by_id[pk] for pk in page_ids if pk in by_id), flags=flags
        )
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
        "rows_html": caseload_rows_html(participants),
        "headers": sort_headers(request, COLUMNS, filters.sort),
        "summary": _attention_summary(request, window, form),
        "window": window,
        "export_query": query_without(request, "page"),
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request
    if not partial:  # the filter form is only drawn on the whole page
        context["options"] = {
            "who": form.staff.options_selecting(filters.who),
            "attention": options_html(form.fields["attention"].choices, filters.attention),
            "status": options_html(form.fields["status"].choices, filters.status),
            "area": options_html(form.fields["area"].choices, filters.community_area),
            "language": options_html(form.fields["language"].choices, filters.language),
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
# Columns read for the export, as plain values: no model instance per row.
EXPORT_VALUES = (
    "external_id",
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "phone",
    "preferred_language",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "community_area__name",
    "enrolled_on",
    "planned_exit_on",
    "exited_on",
    "last_contact_on",
    "last_assessed_on",
    "next_milestone_due_on",
    "has_overdue_milestone",
    "needs_assessment",
    "needs_contact",
)


def _export_rows(values: Iterable[tuple], reasons: dict[str, str]) -> Iterator[list[Any]]:
    """Spreadsheet rows from EXPORT_VALUES tuples, labels looked up once per export."""
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
    rows = caseload_rows(request.user, today=today, filters=filters).values_list(*EXPORT_VALUES)
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
