"""The structured-interview measures offered to plans and reports, registered by key."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.interviews.models import InterviewerProfile, PanelMember, Procedure
from workbridge.interviews.procedures import interviewers_acknowledged
from workbridge.interviews.reports import Scope, candidates_in, is_unknown, panels_in
from workbridge.people.choices import Sex
from workbridge.web.metrics import Parameter, metric

_YEAR = Parameter("year", "year", _("Year"))
_SOURCES = ("interviews.Panel", "interviews.PanelMember", "interviews.InterviewerProfile")


@metric(
    "interviews.panels_meeting_rule",
    label=_("Interview panels meeting a diversity rule"),
    description=_(
        "Of a year's interview panels, the share whose interviewers include at least a "
        "number of race/ethnicity groups and at least a number of women."
    ),
    unit="share",
    parameters=(
        _YEAR,
        Parameter("min_groups", "int", _("At least this many race/ethnicity groups")),
        Parameter("min_women", "int", _("At least this many women"), required=False),
    ),
    sources=_SOURCES,
)
def panels_meeting_rule(
    organisation: Organisation, *, year: int, min_groups: int, min_women: int = 0
) -> float | None:
    """Groups and women counted from the interviewers' own voluntary profiles."""
    panel_ids = list(panels_in(organisation, Scope(year=year)).values_list("pk", flat=True))
    if not panel_ids:
        return None
    seats = PanelMember.objects.filter(panel_id__in=panel_ids).values_list("panel_id", "user_id")
    profiles = dict(
        (user, (race, sex))
        for user, race, sex in InterviewerProfile.objects.filter(
            user_id__in={u for _p, u in seats}
        ).values_list("user_id", "eeo_category", "sex")
    )
    groups: dict[int, set[str]] = {pk: set() for pk in panel_ids}
    women: dict[int, int] = dict.fromkeys(panel_ids, 0)
    for panel_id, user_id in seats:
        race, sex = profiles.get(user_id, ("", ""))
        if race and not is_unknown(race):
            groups[panel_id].add(race)
        if sex == Sex.FEMALE:
            women[panel_id] += 1
    meeting = sum(1 for pk in panel_ids if len(groups[pk]) >= min_groups and women[pk] >= min_women)
    return meeting / len(panel_ids)


@metric(
    "interviews.panels",
    label=_("Interview panels convened"),
    description=_("Structured-interview panels for a year's requisitions."),
    unit="count",
    parameters=(_YEAR,),
    sources=("interviews.Panel",),
)
def panels(organisation: Organisation, *, year: int) -> float:
    return float(panels_in(organisation, Scope(year=year)).count())


@metric(
    "interviews.candidates_interviewed",
    label=_("Candidates interviewed by a structured panel"),
    description=_("Applicants interviewed by a structured-interview panel for a year's jobs."),
    unit="count",
    parameters=(_YEAR,),
    sources=("interviews.Candidate",),
)
def candidates_interviewed(organisation: Organisation, *, year: int) -> float:
    found = candidates_in(organisation, Scope(year=year)).aggregate(
        n=Count("applicant_id", distinct=True)
    )
    return float(found["n"])


@metric(
    "interviews.procedure_acknowledged",
    label=_("Interviewers who read the current procedure"),
    description=_(
        "The share of the organisation's interviewers (everyone on an interview panel) who "
        "acknowledged the current version of a procedure."
    ),
    unit="share",
    parameters=(Parameter("procedure_id", "record", _("Procedure"), model="interviews.Procedure"),),
    sources=(
        "interviews.Procedure",
        "interviews.ProcedureVersion",
        "interviews.Acknowledgement",
        *_SOURCES,
    ),
)
def procedure_acknowledged(organisation: Organisation, *, procedure_id: int) -> float | None:
    """Interviewers who acknowledged the current version, over all interviewers."""
    procedure = Procedure.objects.filter(organisation=organisation, pk=procedure_id).first()
    if procedure is None:
        return None
    read, interviewers = interviewers_acknowledged(procedure)
    return read / interviewers if interviewers else None
