"""The hiring-equity measures offered to plans and reports, registered by key.

Hires count the people who ended at the last stage of the organisation's process (the flow
counts the import keeps current); representation reads the newest workforce table; the
application completion rate and the optional steps flagged read the imported session events
and optional-step outcomes, as the application-process and optional-steps reports do.
"""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.core.optional_steps import optional_step_counts
from workbridge.core.stats import adverse_impact
from workbridge.equity.impact import impact_findings
from workbridge.equity.models import ApplicationSessionEvent, SessionEventKind, WorkforceCount
from workbridge.equity.queries import RACES, FlowFilters, flow_table
from workbridge.equity.reports import RACE, SEX
from workbridge.equity.reports_hiring import hire_counts
from workbridge.equity.reports_process import UNKNOWN, step_outcomes_for
from workbridge.equity.reports_workforce import workforce_dates
from workbridge.equity.services import equity_settings_for
from workbridge.people.choices import EeoCategory
from workbridge.web.metrics import Parameter, Values, batched, metric

_GROUP = Parameter("group", "choice", _("Race/ethnicity"), choices=tuple(EeoCategory.choices))
_TITLE = Parameter("job_title", "text", _("Job title"), required=False)
_YEAR = Parameter("year", "year", _("Year"))
_FLOW = ("equity.FlowCount",)
_DEPARTMENT = Parameter("department", "text", _("Department"), required=False)
_BY = Parameter("by", "choice", _("By"), choices=((RACE, _("Race/ethnicity")), (SEX, _("Sex"))))


@metric(
    "equity.hires",
    label=_("Hires of a group"),
    description=_("People of a race/ethnicity hired in a year, in one job title or all."),
    unit="count",
    parameters=(_GROUP, _YEAR, _TITLE),
    sources=_FLOW,
)
def hires(organisation: Organisation, *, group: str, year: int, job_title: str = "") -> float:
    """The year's hires of the group."""
    counts = hire_counts(organisation, years=[year], job_title=job_title)[RACE]
    return float(counts.get((year, group), 0))


@batched(hires)
def hires_many(organisation: Organisation, parameter_sets: Sequence[Values]) -> list[float | None]:
    """One count per job title named, whatever the groups and years asked."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for values in parameter_sets:
        wanted[values.get("job_title", "") or ""].add(int(values["year"]))
    counts = {
        title: hire_counts(organisation, years=sorted(years), job_title=title)[RACE]
        for title, years in wanted.items()
    }
    return [
        float(counts[v.get("job_title", "") or ""].get((int(v["year"]), v["group"]), 0))
        for v in parameter_sets
    ]


@metric(
    "equity.hires_change",
    label=_("Change in hires of a group against the prior year"),
    description=_(
        "A group's hires in a year (in one job title or all) against the year before, "
        "as a share of the year before's: 0.5 is half as many again."
    ),
    unit="ratio",
    parameters=(_GROUP, _YEAR, _TITLE),
    sources=_FLOW,
)
def hires_change(
    organisation: Organisation, *, group: str, year: int, job_title: str = ""
) -> float | None:
    """(this year − last year) / last year; None when last year had none."""
    counts = hire_counts(organisation, years=[year - 1, year], job_title=job_title)[RACE]
    before, now = counts.get((year - 1, group), 0), counts.get((year, group), 0)
    return (now - before) / before if before else None


@metric(
    "equity.hire_share",
    label=_("A group's share of hires"),
    description=_("Of a year's hires (in one job title or all), the share of one group."),
    unit="share",
    parameters=(_GROUP, _YEAR, _TITLE),
    sources=_FLOW,
)
def hire_share(
    organisation: Organisation, *, group: str, year: int, job_title: str = ""
) -> float | None:
    counts = hire_counts(organisation, years=[year], job_title=job_title)[RACE]
    total = sum(n for (y, _g), n in counts.items() if y == year)
    return counts.get((year, group), 0) / total if total else None


@metric(
    "equity.applicants",
    label=_("Applicants of a group"),
    description=_("People of a race/ethnicity who applied in a year, in one job title or all."),
    unit="count",
    parameters=(_GROUP, _YEAR, _TITLE),
    sources=_FLOW,
)
def applicants(organisation: Organisation, *, group: str, year: int, job_title: str = "") -> float:
    stages = equity_settings_for(organisation).stages
    table = flow_table(organisation, stages, FlowFilters(year=year, job_title=job_title))
    if group not in RACES:
        return 0.0
    return float(table.ended[RACES.index(group)].sum())


@metric(
    "equity.adverse_impact_findings",
    label=_("Adverse-impact findings open"),
    description=_(
        "Job title and selection step pairs of a year where a group's selection rate shows "
        "adverse impact, by race/ethnicity or by sex."
    ),
    unit="count",
    parameters=(
        _YEAR,
        _BY,
    ),
    sources=_FLOW,
)
def adverse_impact_findings(organisation: Organisation, *, year: int, by: str = RACE) -> float:
    return float(len(impact_findings(organisation, year=year, by=by)))


@metric(
    "equity.representation",
    label=_("A group's share of the workforce"),
    description=_(
        "The share of employees of a race/ethnicity in the newest workforce table, "
        "in one department or all."
    ),
    unit="share",
    parameters=(_GROUP, Parameter("department", "text", _("Department"), required=False)),
    sources=("equity.WorkforceCount",),
)
def representation(organisation: Organisation, *, group: str, department: str = "") -> float | None:
    dates = workforce_dates(organisation)
    if not dates:
        return None
    rows = WorkforceCount.objects.filter(organisation=organisation, as_of=dates[0])
    if department:
        rows = rows.filter(department=department)
    total = rows.aggregate(n=Sum("employees"))["n"] or 0
    ours = rows.filter(eeo_category=group).aggregate(n=Sum("employees"))["n"] or 0
    return ours / total if total else None


@metric(
    "equity.application_completion_rate",
    label=_("Application completion rate"),
    description=_(
        "Of the applications started for a year's requisitions (in one department or all), "
        "the share submitted, from the imported application-session events."
    ),
    unit="share",
    parameters=(_YEAR, _DEPARTMENT),
    sources=("equity.ApplicationSessionEvent",),
)
def application_completion_rate(
    organisation: Organisation, *, year: int, department: str = ""
) -> float | None:
    """Submitted ÷ started applications, as the application-process report counts them;
    None when no session events were imported for the year."""
    events = ApplicationSessionEvent.objects.filter(
        organisation=organisation, applicant__requisition__year=year
    )
    if department:
        events = events.filter(applicant__requisition__department=department)
    counts = events.aggregate(
        started=Count("applicant_id", distinct=True),
        submitted=Count("applicant_id", distinct=True, filter=Q(kind=SessionEventKind.SUBMITTED)),
    )
    return counts["submitted"] / counts["started"] if counts["started"] else None


@metric(
    "equity.optional_step_adverse_impact",
    label=_("Optional steps flagged for adverse impact"),
    description=_(
        "Optional steps of a year's requisitions (in one department or all) where a group's "
        "pass rate, among the applicants who took the step, is below four-fifths of the "
        "reference group's, by race/ethnicity or by sex."
    ),
    unit="count",
    parameters=(_YEAR, _BY, _DEPARTMENT),
    sources=("equity.OptionalStepOutcome",),
)
def optional_step_adverse_impact(
    organisation: Organisation, *, year: int, by: str = RACE, department: str = ""
) -> float:
    """The steps the optional-steps report finds adverse impact at."""
    outcomes = step_outcomes_for(organisation, year=year, characteristic=by, department=department)
    flagged = [
        step
        for step, counts in optional_step_counts(outcomes).items()
        if any(g.adverse_impact for g in adverse_impact(counts, unknown_labels=UNKNOWN).groups)
    ]
    return float(len(flagged))


# Candidate communication registers its measures in its own module.
from workbridge.equity.candidates import metrics as _candidate_metrics  # noqa: E402, F401
