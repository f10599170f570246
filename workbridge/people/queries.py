"""Reads about participants, always scoped to the requesting user."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connections
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404

from workbridge.accounts.models import Role
from workbridge.accounts.queries import membership_of, user_reads_demographics
from workbridge.people.models import Demographics, Participant

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


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participants the user may see: their organisation's, for roles that do casework."""
    membership = membership_of(user)
    if membership is None or membership.role not in (Role.ADMIN, Role.MANAGER, Role.STAFF):
        return Participant.objects.none()
    return Participant.objects.filter(organisation_id=membership.organisation_id)


def participant_get_for(user, pk: int) -> Participant:
    """One participant the user may see, or 404 (never another organisation's row)."""
    participant = (
        participants_visible_to(user)
        .select_related("community_area", "assigned_to", "organisation")
        .filter(pk=pk)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def demographics_visible_to(user) -> QuerySet[Demographics]:
    """Demographic answers the user may read: none unless their role needs them."""
    if not user_reads_demographics(user):
        return Demographics.objects.none()
    return Demographics.objects.filter(participant__in=participants_visible_to(user))


@dataclass(frozen=True)
class AttentionCutoffs:
    today: date
    assessment_before: date
    contact_before: date

    @classmethod
    def on(cls, today: date) -> "AttentionCutoffs":
        return cls(
            today=today,
            assessment_before=today - timedelta(days=settings.WORKBRIDGE_ASSESSMENT_DUE_DAYS),
            contact_before=today - timedelta(days=settings.WORKBRIDGE_CONTACT_DUE_DAYS),
        )


# The participant columns behind the attention flags, in the order `flags_of` takes them.
ATTENTION_DATES = ("next_milestone_due_on", "last_assessed_on", "last_contact_on")


def flags_of(c: AttentionCutoffs, rows: Sequence[Sequence]) -> list[tuple[bool, bool, bool]]:
    """(overdue milestone, assessment due, no recent contact) for each row of
    ATTENTION_DATES values already read: the rules of `_attention_q`, applied in Python."""
    return [
        (
            due is not None and due < c.today,
            assessed is None or assessed < c.assessment_before,
            contact is None or contact < c.contact_before,
        )
        for due, assessed, contact in rows
    ]


def _attention_q(reason: str, c: AttentionCutoffs) -> Q:
    overdue = Q(next_milestone_due_on__lt=c.today)
    assessment = Q(last_assessed_on__isnull=True) | Q(last_assessed_on__lt=c.assessment_before)
    contact = Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=c.contact_before)
    return {
        ATTENTION_OVERDUE: overdue,
        ATTENTION_ASSESSMENT: assessment,
        ATTENTION_CONTACT: contact,
        ATTENTION_ANY: overdue | assessment | contact,
    }[reason]


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
        rows = rows.filter(_attention_q(attention, AttentionCutoffs.on(today)))
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
            When(_attention_q(reason, c), then=Value(True)),
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


def assessment_answers(assessment) -> list:
    """An assessment's answers with their questions, in the questionnaire's order."""
    return list(assessment.answers.select_related("item").order_by("item__position", "item_id"))
