"""The sourcing measures offered to plans and reports, registered by key.

- Partnerships against the baseline: (active partnerships − baseline) ÷ baseline, the
  plan's "+50% active partnerships" measured as 0.5; None until a baseline is set.
- Active partnerships: how many partners are active now.
- Postings using partners: of a year's postings (optionally one department's), the share
  posted through at least one sourcing partner (a "where it was posted" channel naming one).
"""

from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.equity.models import Requisition
from workbridge.sourcing.queries import partner_names, partnership_progress
from workbridge.web.metrics import Parameter, metric

_PARTNERS = ("sourcing.Partner", "sourcing.SourcingSettings")


@metric(
    "sourcing.partnerships_change",
    label=_("Active partnerships against the baseline"),
    description=_(
        "Active sourcing partnerships now against the baseline set on the sourcing page, as a"
        " share of the baseline: 0.5 is half as many again (the plan's +50%)."
    ),
    unit="ratio",
    sources=_PARTNERS,
)
def partnerships_change(organisation: Organisation) -> float | None:
    return partnership_progress(organisation).change


@metric(
    "sourcing.active_partnerships",
    label=_("Active sourcing partnerships"),
    description=_("How many partner organisations are active now."),
    unit="count",
    sources=_PARTNERS,
)
def active_partnerships(organisation: Organisation) -> float:
    return float(partnership_progress(organisation).active)


@metric(
    "sourcing.postings_using_partners",
    label=_("Postings using sourcing partners"),
    description=_(
        "Of a year's postings (in one department or all), the share posted through at least"
        " one sourcing partner."
    ),
    unit="share",
    parameters=(
        Parameter("year", "year", _("Year")),
        Parameter("department", "text", _("Department"), required=False),
    ),
    sources=("equity.Requisition", "sourcing.Partner"),
)
def postings_using_partners(
    organisation: Organisation, *, year: int, department: str = ""
) -> float | None:
    rows = Requisition.objects.filter(organisation=organisation, year=year)
    if department:
        rows = rows.filter(department=department)
    names = partner_names(organisation)
    total = used = 0
    for channels in rows.values_list("source_channels", flat=True).iterator():
        total += 1
        used += any(names.of(c) for c in channels or [])
    return used / total if total else None
