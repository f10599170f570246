"""The participant measures offered to plans and reports, registered by key."""

from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.people.models import Participant
from workbridge.web.metrics import Parameter, metric


@metric(
    "people.enrolled",
    label=_("Participants enrolled"),
    description=_("People who enrolled in the program in a year."),
    unit="count",
    parameters=(Parameter("year", "year", _("Year")),),
    sources=("people.Participant",),
)
def enrolled(organisation: Organisation, *, year: int) -> float:
    return float(
        Participant.objects.filter(organisation=organisation, enrolled_on__year=year).count()
    )


@metric(
    "people.active",
    label=_("Participants active today"),
    description=_("Enrolled participants who have not exited the program."),
    unit="count",
    sources=("people.Participant",),
)
def active(organisation: Organisation) -> float:
    return float(
        Participant.objects.filter(organisation=organisation, exited_on__isnull=True).count()
    )
