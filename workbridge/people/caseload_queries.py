"""The caseload's reads: who is on it, why each needs attention, and a page of its rows.

Every read is scoped to the requesting user (``participants_visible_to``). The page must
cost the same at 200 participants and at 200,000, so:
- every filter and flag is a condition on the participant row (``caseload_for``);
- the "Needs attention" summary counts the window (``attention_window``): the first
  ``COUNT_CAP`` rows of the list without its attention filter, read once in the list's
  order as ids and the dates behind the flags. It is exact for any list of up to 1,000
  rows, which covers one person's caseload; for a longer list the page says the counts
  are of 1,000 of its participants. Counting every reason over a whole organisation
  costs a scan of all its rows (seconds at 200,000 on SQLite), and a capped count per
  reason lets SQLite pick a date index that walks tens of thousands of rows to find a
  dozen of one person's. The window also gives the paginator its count and the ids of
  every page inside it;
- an attention filter is applied to caseload_for's flags, not its date conditions (see
  ``caseload_rows``);
- a page inside the window reads its rows by id, only the columns shown, with the staff
  member and community area joined, and takes their flags from the window
  (``caseload_page_rows``).

A search's window is read from name indexes that hold every column the window reads
(people migrations 0004 to 0006), so no table row is read: on PostgreSQL as the union of
one query per way its first word can match (``caseload_parts``), on SQLite as one OR.
The window reads the dates behind the attention flags and makes the flags in Python
(``flags_of``), which keeps the four queries of a search quick to build. An e-mail or
phone search has no index to serve it: the database reads the organisation's rows.
``flags_of`` and ``attention_q`` state the same rules, once for values already read and
once for the database; a property test holds them to each other.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from workbridge.accounts.models import user_label
from workbridge.people.models import Participant
from workbridge.people.queries import participants_visible_to

# Counting stops here: past it the page says "1,000+" and offers the first pages only.
COUNT_CAP = 1000

# Participant columns the caseload can sort by (the key users see → ORM ordering).
CASELOAD_SORTS = {
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "exit": ("planned_exit_on", "id"),
    "-exit": ("-planned_exit_on", "-id"),
    "contact": ("last_contact_on", "id"),
    "-contact": ("-last_contact_on", "-id"),
    "milestone": ("next_milestone_due_on", "id"),
    "-milestone": ("-next_milestone_due_on", "-id"),
    "enrolled": ("enrolled_on", "id"),
    "-enrolled": ("-enrolled_on", "-id"),
}

ATTENTION_OVERDUE = "overdue"
ATTENTION_ASSESSMENT = "assessment"
ATTENTION_CONTACT = "contact"
ATTENTION_ANY = "any"
ATTENTION_REASONS = (ATTENTION_ANY, ATTENTION_OVERDUE, ATTENTION_ASSESSMENT, ATTENTION_CONTACT)


# Attention -------------------------------------------------------------------------


@dataclass(frozen=True)
class AttentionCutoffs:
    """The dates a participant's record is judged against on one day."""

    today: date
    assessment_before: date
    contact_before: date

    @classmethod
    def on(cls, today: date) -> "AttentionCutoffs":
        """The cutoffs on `today`, from the organisation's settings for how often to assess
        and to contact."""
        return cls(
            today=today,
            assessment_before=today - timedelta(days=settings.WORKBRIDGE_ASSESSMENT_DUE_DAYS),
            contact_before=today - timedelta(days=settings.WORKBRIDGE_CONTACT_DUE_DAYS),
        )


# The participant columns behind the attention flags, in the order `flags_of` takes them.
ATTENTION_DATES = ("next_milestone_due_on", "last_assessed_on", "last_contact_on")


def flags_of(c: AttentionCutoffs, rows: Sequence[Sequence]) -> list[tuple[bool, bool, bool]]:
    """(overdue milestone, assessment due, no recent contact) for each row of
    ATTENTION_DATES values already read: the rules of `attention_q`, applied in Python."""
    return [
        (
            due is not None and due < c.today,
            assessed is None or assessed < c.assessment_before,
            contact is None or contact < c.contact_before,
        )
        for due, assessed, contact in rows
    ]


def attention_q(reason: str, c: AttentionCutoffs) -> Q:
    """The database's condition for one reason to need attention (or any of them)."""
    overdue = Q(next_milestone_due_on__lt=c.today)
    assessment = Q(last_assessed_on__isnull=True) | Q(last_assessed_on__lt=c.assessment_before)
    contact = Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=c.contact_before)
    return {
        ATTENTION_OVERDUE: overdue,
        ATTENTION_ASSESSMENT: assessment,
        ATTENTION_CONTACT: contact,
        ATTENTION_ANY: overdue | assessment | contact,
    }[reason]


# Search and filters ----------------------------------------------------------------


def _search_alternatives(word: str) -> list[Q]:
    """The ways one search word can match: a name by its start; a word with "@" an e-mail;
    a word of digits a phone number or an external id. Keeping each kind to its own
    columns lets a name search use the name indexes instead of reading every row for
    phone numbers."""
    if "@" in word:
        return [Q(email__istartswith=word)]
    digits = "".join(ch for ch in word if ch.isdigit())
    if digits and len(digits) >= len(word.strip("()+-. ")) - 1:
        return [Q(phone__contains=word), Q(external_id=word)]
    return [
        Q(last_name__istartswith=word),
        Q(first_name__istartswith=word),
        Q(preferred_name__istartswith=word),
        Q(external_id=word),
    ]


def _search_q(word: str) -> Q:
    """What one search word matches: any of its alternatives."""
    found = Q()
    for alternative in _search_alternatives(word):
        found |= alternative
    return found


def participants_found(user, text: str, *, limit: int = 50) -> QuerySet[Participant]:
    """Active participants the user may see whose name (or id, e-mail or phone) starts
    with each word of `text`, by name, at most `limit`; none for an empty search."""
    words = text.split()[:4]
    if not words:
        return Participant.objects.none()
    rows = participants_visible_to(user).filter(exited_on__isnull=True)
    for word in words:
        rows = rows.filter(_search_q(word))
    return rows.order_by("last_name", "first_name", "pk")[:limit]


def _caseload_filtered(
    user,
    *,
    today: date,
    search: str = "",
    assigned_to: int | None = None,
    attention: str = "",
    status: str = "active",
    community_area: int | None = None,
    language: str = "",
) -> QuerySet[Participant]:
    """The caseload's rows, filtered: no flags, no order."""
    rows = participants_visible_to(user)
    if status == "active":
        rows = rows.filter(exited_on__isnull=True)
    elif status == "exited":
        rows = rows.filter(exited_on__isnull=False)
    if assigned_to:
        rows = rows.filter(assigned_to_id=assigned_to)
    if attention:
        rows = rows.filter(attention_q(attention, AttentionCutoffs.on(today)))
    if community_area:
        rows = rows.filter(community_area_id=community_area)
    if language:
        rows = rows.filter(preferred_language=language)
    for word in search.split()[:4]:
        rows = rows.filter(_search_q(word))
    return rows


def caseload_for(user, *, today: date, sort: str = "name", **filters) -> QuerySet[Participant]:
    """The participants a caseworker works through, with why each needs attention.

    `filters` are those of `_caseload_filtered` (search, assigned_to, attention, status,
    community_area, language). Every filter and flag is a condition on indexed columns of
    the participant row, so the page costs the same whatever the caseload's size.
    """
    c = AttentionCutoffs.on(today)
    rows = _caseload_filtered(user, today=today, **filters).select_related(
        "assigned_to", "community_area"
    )

    def flag(reason: str) -> Case:
        return Case(
            When(attention_q(reason, c), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )

    rows = rows.annotate(
        has_overdue_milestone=flag(ATTENTION_OVERDUE),
        needs_assessment=flag(ATTENTION_ASSESSMENT),
        needs_contact=flag(ATTENTION_CONTACT),
    )
    return rows.order_by(*CASELOAD_SORTS.get(sort, CASELOAD_SORTS["name"]))


# Engines whose name search is quicker as a union of one query per name (see caseload_parts).
SPLIT_SEARCH_VENDORS = frozenset({"postgresql"})


def caseload_parts(
    user, *, today: date, search: str = "", **filters
) -> list[QuerySet[Participant]]:
    """`caseload_for`'s list as disjoint parts whose union is that list, each unordered
    and without flags (`flags_of` makes them from ATTENTION_DATES).

    Without a search there is one part. With one, on PostgreSQL, there is a part per way
    the first word can match (its last name, first name, preferred name or external id;
    the other words filter every part), so that each part can be read from one index on
    its own. Read as one OR, PostgreSQL combines the name indexes into a bitmap and must
    then read every matching table row; read as a union, each part is an index-only scan
    of an index that holds what the list reads (people migration 0006). SQLite reads the
    OR from its covering name indexes (migration 0005) without reading a row, and a union
    would cost it two temporary sorts instead of one, so it gets one part.
    """
    words = search.split()[:4]
    if not words or connections[Participant.objects.db].vendor not in SPLIT_SEARCH_VENDORS:
        return [_caseload_filtered(user, today=today, search=search, **filters)]
    rows = _caseload_filtered(user, today=today, search=" ".join(words[1:]), **filters)
    parts, earlier = [], Q()
    for alternative in _search_alternatives(words[0]):
        # Each part leaves out what an earlier one found, so no row is in two parts and
        # their union needs no de-duplication (UNION ALL). The names it checks are in the
        # indexes; every name column is NOT NULL, so NOT reads as it says.
        parts.append(rows.filter(alternative & ~earlier) if earlier else rows.filter(alternative))
        earlier |= alternative
    return parts


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
        """The filters as `caseload_for` takes them."""
        return {
            "search": self.search,
            "assigned_to": self.assigned_to,
            "attention": self.attention,
            "status": self.status,
            "community_area": self.community_area,
            "language": self.language,
            "sort": self.sort,
        }


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


# The window ------------------------------------------------------------------------

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

    def flags_by_id(self, ids: Iterable[int]) -> dict[int, tuple[bool, bool, bool]]:
        """The flags of each of `ids`, all of which are in the window."""
        at = {pk: n for n, pk in enumerate(self.ids)}
        overdue, assessment, contact = self.flags
        return {
            pk: (bool(overdue[at[pk]]), bool(assessment[at[pk]]), bool(contact[at[pk]]))
            for pk in ids
        }


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


# A page of rows --------------------------------------------------------------------

# The columns a row is read with, in CaseloadRow's order (its flags come separately).
ROW_VALUES = (
    "pk",
    "first_name",
    "last_name",
    "preferred_name",
    "exited_on",
    "planned_exit_on",
    "last_contact_on",
    "next_milestone_due_on",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "community_area__name",
)
ROW_FLAGS = ("has_overdue_milestone", "needs_assessment", "needs_contact")


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One participant as the caseload shows them."""

    pk: int
    first_name: str
    last_name: str
    preferred_name: str
    exited_on: date | None
    planned_exit_on: date
    last_contact_on: date | None
    next_milestone_due_on: date | None
    staff_first_name: str | None
    staff_last_name: str | None
    staff_username: str | None  # None when nobody is assigned
    community_area: str | None
    has_overdue_milestone: bool
    needs_assessment: bool
    needs_contact: bool

    @property
    def display_name(self) -> str:
        """As Participant.display_name: the preferred (or first) name, then the last."""
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def staff(self) -> str:
        """The assigned staff member as User.__str__ names them; "" for nobody."""
        return user_label(self.staff_first_name, self.staff_last_name, self.staff_username)


def caseload_rows_from(
    values: Iterable[tuple], flags: dict[int, tuple[bool, bool, bool]] | None = None
) -> list[CaseloadRow]:
    """Rows from ROW_VALUES tuples, each followed by its ROW_FLAGS unless `flags` gives
    them by participant id."""
    if flags is None:
        return [CaseloadRow(*row[:12], *map(bool, row[12:15])) for row in values]
    return [CaseloadRow(*row[:12], *flags[row[0]]) for row in values]


def caseload_page_rows(user, *, ids: Sequence[int], window: AttentionWindow) -> list[CaseloadRow]:
    """The rows of a page whose ids came from `window`, in that order, with the window's
    flags: read by id, no second search. A participant gone since the window was read
    is left out."""
    found = participants_visible_to(user).filter(pk__in=ids)
    by_id = {row[0]: row for row in found.values_list(*ROW_VALUES)}
    return caseload_rows_from(
        (by_id[pk] for pk in ids if pk in by_id), flags=window.flags_by_id(by_id)
    )


def caseload_values(user, *, today: date, filters: CaseloadFilters) -> QuerySet:
    """The filtered list as ROW_VALUES tuples followed by ROW_FLAGS, for pages past the
    window (read with `caseload_rows_from`)."""
    return caseload_rows(user, today=today, filters=filters).values_list(*ROW_VALUES, *ROW_FLAGS)


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


def caseload_export_values(user, *, today: date, filters: CaseloadFilters) -> QuerySet:
    """Every row of the filtered list (all pages) as EXPORT_VALUES tuples; no
    demographic answer."""
    return caseload_rows(user, today=today, filters=filters).values_list(*EXPORT_VALUES)
