"""A household's benefits cliff over HTTP: the latest run's figures, scoped as the pages are.

Runs are requested on the participant's cliff page (the model runs in the task worker);
this reads what was computed. The read is written to the audit log.
"""

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.api.auth import CaseworkTokenAuth, token_user
from workbridge.api.errors import answers
from workbridge.api.fields import path_id
from workbridge.cliff.models import CliffRun
from workbridge.cliff.queries import cliff_runs_of
from workbridge.cliff.report import report_for
from workbridge.jobs.queries import openings_visible_to
from workbridge.people.queries import participant_get_for

router = Router(auth=CaseworkTokenAuth(), tags=["benefits cliff"])
ParticipantId = path_id("The participant's id.")
CLIFF_FIELDS = ("household_size", "children_ages", "benefits")


class HouseholdOut(Schema):
    adult_ages: list[int]
    child_ages: list[int]
    rent_monthly: int
    childcare_monthly: int = Field(description="Child-care cost before any help, a month.")
    childcare_hours_weekly: int
    other_earnings_yearly: int


class CliffOut(Schema):
    wage_before: float = Field(description="The last hourly wage before net resources fall.")
    wage_after: float = Field(description="The hourly wage where the fall ends.")
    loss: float = Field(description="Net resources lost a year over the cliff.")
    cause: str = Field(description="The part that falls the most (e.g. snap, medicaid).")
    cause_label: str
    recovery_wage: float | None = Field(
        description="The lowest later wage at which they are back where they were."
    )


class OfferOut(Schema):
    label: str
    opening_id: int | None
    hourly_wage: float
    hours_per_week: float
    employer_health: bool
    net_resources: float = Field(description="Dollars a year, after taxes, with benefits.")
    net_gain: float = Field(description="Net resources with the offer less those now.")
    break_even_wage: float | None


class CurveOut(Schema):
    hours_per_week: float
    hourly: list[float]
    net_resources: list[float]


class CliffResultOut(Schema):
    run_id: int
    status: str = Field(description="queued, running, done or failed.")
    created_at: str
    model_version: str
    year: int
    household: HouseholdOut
    now_net_resources: float | None = None
    included: list[str] = Field(default_factory=list, description="What the figures include.")
    cliffs: list[CliffOut] = Field(default_factory=list)
    offers: list[OfferOut] = Field(default_factory=list)
    curve: CurveOut | None = None


@router.get(
    "/participants/{participant_id}/cliff",
    response=answers({200: CliffResultOut}, record=True),
    operation_id="participant_cliff",
    url_name="participant_cliff",
    summary="Read a household's latest benefits cliff",
)
def participant_cliff(request: HttpRequest, participant_id: ParticipantId):
    """The latest cliff run of the participant's household: its status and, once the worker
    has computed it, net resources now and for each offer, the cliffs and their causes, and
    the wage sweep. 404 if the participant is not in your organisation or has no run.

    The read is written to the audit log.
    """
    user = token_user(request)
    participant = participant_get_for(user, participant_id)
    run = cliff_runs_of(user, participant).first()
    if run is None:
        raise Http404
    out = {
        "run_id": run.pk,
        "status": run.status,
        "created_at": run.created_at.isoformat(),
        "model_version": run.model_version,
        "year": run.year,
        "household": run.household,
    }
    if run.status == CliffRun.Status.DONE:
        ids = [o.get("opening_id") for o in run.offers if o.get("opening_id")]
        openings = {o.pk: o for o in openings_visible_to(user).filter(pk__in=ids)}
        report = report_for(run, openings=openings, on=timezone.localdate())
        if report is not None:
            out |= {
                "now_net_resources": report.now_net,
                "included": report.included,
                "cliffs": [
                    {
                        "wage_before": c.wage_before,
                        "wage_after": c.wage_after,
                        "loss": c.loss,
                        "cause": c.cause,
                        "cause_label": c.cause_label,
                        "recovery_wage": c.recovery_wage,
                    }
                    for c in report.cliffs
                ],
                "offers": [
                    {
                        "label": o.label,
                        "opening_id": o.opening.pk if o.opening else None,
                        "hourly_wage": o.job.hourly_wage,
                        "hours_per_week": o.job.hours_per_week,
                        "employer_health": o.job.employer_health,
                        "net_resources": o.net,
                        "net_gain": o.gain,
                        "break_even_wage": o.break_even,
                    }
                    for o in report.offers
                ],
                "curve": {
                    "hours_per_week": report.main_hours,
                    "hourly": report.curve.hourly.tolist(),
                    "net_resources": report.curve.net.tolist(),
                },
            }
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=CLIFF_FIELDS,
        detail=f"cliff run {run.pk} (API)",
    )
    return out
