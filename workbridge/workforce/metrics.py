"""The measures workforce mobility offers to plans and reports, registered by key.

Each takes the organisation and its parameters and gives a share (0 to 1), a number of
percentage points or a ratio, or None when there is nothing to measure yet (fewer than
two rosters, no learning records, too few people in the group to show).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.core import mobility as m
from workbridge.core.composition import composition
from workbridge.equity.reports import RACE, SEX
from workbridge.equity.services import equity_settings_for
from workbridge.people.choices import EeoCategory, Sex
from workbridge.web.metrics import Parameter, metric
from workbridge.workforce.models import Committee, Employee
from workbridge.workforce.program_reports import (
    apprentice_retention_share,
    latest_snapshot,
    learning_share,
)
from workbridge.workforce.queries import panel_load
from workbridge.workforce.reports import groups_of

_CHARACTERISTIC = Parameter(
    "characteristic",
    "choice",
    _("Groups"),
    choices=((RACE, _("Race and ethnicity")), (SEX, _("Sex"))),
)
_GROUP = Parameter(
    "group",
    "choice",
    _("Group"),
    choices=(*EeoCategory.choices, *Sex.choices),
)
_DEPARTMENT = Parameter("department", "text", _("Department"), required=False)


def _last_period(organisation: Organisation, department: str, characteristic: str):
    loaded = panel_load(organisation, department=department)
    if len(loaded.dates) < 2:
        return None
    transitions = m.derive_transitions(loaded.panel)
    group, keys = groups_of(loaded, characteristic)
    rates = m.group_rates(loaded.panel, transitions, group, len(keys))
    return rates, keys


@metric(
    "workforce.promotion_rate",
    label=_("Promotion rate of a group"),
    description=_(
        "Of a group's employees on the second-latest roster, the share promoted by the latest."
    ),
    unit="share",
    parameters=(_CHARACTERISTIC, _GROUP, _DEPARTMENT),
)
def promotion_rate(
    organisation: Organisation, *, characteristic: str, group: str, department: str = ""
) -> float | None:
    found = _last_period(organisation, department, characteristic)
    if found is None:
        return None
    rates, keys = found
    if group not in keys:
        return None
    g = keys.index(group)
    n = int(rates.headcount[-1, g])
    if n < equity_settings_for(organisation).small_cell_threshold:
        return None
    return int(rates.promotions[-1, g]) / n


@metric(
    "workforce.mobility_share",
    label=_("Mobility share"),
    description=_(
        "Of everyone on the second-latest roster, the share promoted or moved laterally by "
        "the latest."
    ),
    unit="share",
    parameters=(_DEPARTMENT,),
)
def mobility_share(organisation: Organisation, *, department: str = "") -> float | None:
    found = _last_period(organisation, department, RACE)
    if found is None:
        return None
    rates, _keys = found
    n = int(rates.headcount[-1].sum())
    if not n:
        return None
    return int(rates.promotions[-1].sum() + rates.laterals[-1].sum()) / n


@metric(
    "workforce.committee_gap",
    label=_("Committee representation gap"),
    description=_(
        "The largest gap, in percentage points, between a group's share of a committee and "
        "of the department it oversees."
    ),
    unit="number",
    parameters=(
        Parameter("committee_id", "record", _("Committee"), model="workforce.Committee"),
        _CHARACTERISTIC,
    ),
)
def committee_gap(
    organisation: Organisation, *, committee_id: int, characteristic: str
) -> float | None:
    committee = Committee.objects.filter(organisation=organisation, pk=committee_id).first()
    snapshot = latest_snapshot(organisation)
    if committee is None or snapshot is None:
        return None
    field = "eeo_category" if characteristic == RACE else "sex"
    members: dict[str, int] = {}
    for value in committee.members.values_list(field, flat=True):
        members[value] = members.get(value, 0) + 1
    pool: dict[str, int] = {}
    for value in Employee.objects.filter(
        snapshot=snapshot, department=committee.department
    ).values_list(field, flat=True):
        pool[value] = pool.get(value, 0) + 1
    return composition(members, pool, target_points=committee.target_gap_points).largest_gap_points


@metric(
    "workforce.learning_utilisation",
    label=_("Learning utilisation"),
    description=_(
        "The share of the year's workforce in progress or complete in continuing education, "
        "an apprenticeship or the learning system (the target is 50%)."
    ),
    unit="share",
    parameters=(Parameter("year", "year", _("Year")),),
)
def learning_utilisation(organisation: Organisation, *, year: int) -> float | None:
    return learning_share(organisation, year)


@metric(
    "workforce.apprentice_retention",
    label=_("Apprenticeship retention"),
    description=_("The share of a year's apprenticeship cohort on the latest later roster."),
    unit="share",
    parameters=(Parameter("year", "year", _("Cohort year")),),
)
def apprentice_retention(organisation: Organisation, *, year: int) -> float | None:
    return apprentice_retention_share(organisation, year)
