"""The participant a casework page is about, checked the one way every app checks it."""

from django.http import HttpRequest

from workbridge.accounts.access import require_casework
from workbridge.people.models import Participant
from workbridge.people.queries import participant_get_for


def casework_participant(request: HttpRequest, pk: int) -> Participant:
    """The URL's participant for a casework role: 403 for other roles, 404 across organisations."""
    require_casework(request.user)
    return participant_get_for(request.user, pk)
