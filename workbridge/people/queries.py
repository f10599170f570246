"""Reads about participants, always scoped to the requesting user.

The caseload's own reads (filters, attention flags, the window) are in `caseload_queries`.
"""

from django.db.models import QuerySet
from django.http import Http404

from workbridge.accounts.models import Role
from workbridge.accounts.queries import membership_of, user_reads_demographics
from workbridge.people.models import Demographics, Participant


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


def assessment_answers(assessment) -> list:
    """An assessment's answers with their questions, in the questionnaire's order."""
    return list(assessment.answers.select_related("item").order_by("item__position", "item_id"))
