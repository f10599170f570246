"""The employer-engagement measures offered to plans and reports, registered by key.

Local hiring comes from each employer's community impact (`employers.impact`), the one
reader of placements in this app.
"""

from datetime import datetime, time, timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.employers.choices import Stage
from workbridge.employers.impact import figures_for_employers
from workbridge.employers.models import ActionItem, Employer, Interaction, ReviewMeeting
from workbridge.web.metrics import Parameter, metric

_YEAR = Parameter("year", "year", _("Year"))
NEAR_SITE = "site"
IN_CITY = "city"


@metric(
    "employers.local_hiring_share",
    label=_("Local hiring share"),
    description=_(
        "Of the hires from the program over the last months, the share living in the "
        "community area of one of their employer's sites (or anywhere in the city)."
    ),
    unit="share",
    parameters=(
        Parameter("months", "int", _("Over the last months")),
        Parameter(
            "local",
            "choice",
            _("Local means"),
            choices=((NEAR_SITE, _("Near a site of the employer")), (IN_CITY, _("In the city"))),
        ),
    ),
    sources=("placements.Placement", "employers.Location"),
)
def local_hiring_share(
    organisation: Organisation, *, months: int, local: str = NEAR_SITE
) -> float | None:
    today = timezone.localdate()
    since = today - timedelta(days=round(int(months) * 30.44)) + timedelta(days=1)
    figures = figures_for_employers(organisation.pk, since=since, until=today).values()
    hires = sum(f.hires for f in figures)
    local_hires = sum((f.near_site if local == NEAR_SITE else f.local).count for f in figures)
    return local_hires / hires if hires else None


@metric(
    "employers.follow_ups_on_time",
    label=_("Follow-ups done on time"),
    description=_(
        "Of the action items agreed with employers that fell due in a year up to today, "
        "the share done on or before their due date."
    ),
    unit="share",
    parameters=(_YEAR,),
    sources=("employers.ActionItem",),
)
def follow_ups_on_time(organisation: Organisation, *, year: int) -> float | None:
    today = timezone.localdate()
    due = ActionItem.objects.filter(organisation=organisation, due_on__year=year, due_on__lte=today)
    total = due.count()
    return due.filter(done_on__lte=F("due_on")).count() / total if total else None


@metric(
    "employers.review_meetings_held",
    label=_("Review meetings held"),
    description=_("Community impact review meetings with employers held in a year."),
    unit="count",
    parameters=(_YEAR,),
    sources=("employers.ReviewMeeting",),
)
def review_meetings_held(organisation: Organisation, *, year: int) -> float:
    start = timezone.make_aware(datetime.combine(datetime(year, 1, 1), time.min))
    return float(
        ReviewMeeting.objects.filter(
            organisation=organisation,
            starts_at__gte=start,
            starts_at__lt=min(timezone.now(), start.replace(year=year + 1)),
        ).count()
    )


@metric(
    "employers.active_partners",
    label=_("Active employer partnerships"),
    description=_("Employers at the active-partner stage today."),
    unit="count",
    sources=("employers.Employer",),
)
def active_partners(organisation: Organisation) -> float:
    return float(Employer.objects.filter(organisation=organisation, stage=Stage.ACTIVE).count())


@metric(
    "employers.interactions",
    label=_("Employer contacts made"),
    description=_("Calls, e-mails, meetings, visits and events with employers in a year."),
    unit="count",
    parameters=(_YEAR,),
    sources=("employers.Interaction",),
)
def interactions(organisation: Organisation, *, year: int) -> float:
    return float(
        Interaction.objects.filter(organisation=organisation, occurred_on__year=year).count()
    )
