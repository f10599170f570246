"""The measures structured interviewing offers to plans and reports, registered by key."""

from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.interviews.models import Procedure
from workbridge.interviews.procedures import interviewers_acknowledged
from workbridge.web.metrics import Parameter, metric


@metric(
    "interviews.procedure_acknowledged",
    label=_("Interviewers who read the current procedure"),
    description=_(
        "The share of the organisation's interviewers (everyone on an interview panel) who "
        "acknowledged the current version of a procedure."
    ),
    unit="share",
    parameters=(Parameter("procedure_id", "record", _("Procedure"), model="interviews.Procedure"),),
)
def procedure_acknowledged(organisation: Organisation, *, procedure_id: int) -> float | None:
    """Interviewers who acknowledged the current version, over all interviewers."""
    procedure = Procedure.objects.filter(organisation=organisation, pk=procedure_id).first()
    if procedure is None:
        return None
    read, interviewers = interviewers_acknowledged(procedure)
    return read / interviewers if interviewers else None
