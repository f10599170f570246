"""The candidate-communication measures offered to plans: notices sent, feedback given."""

from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.equity.candidates.models import ExamResult, NoticeStatus, StageNotice
from workbridge.web.metrics import Parameter, metric

_YEAR = Parameter("year", "year", _("Year"))


@metric(
    "equity.notices_sent",
    label=_("Status updates sent to candidates"),
    description=_("Stage notices e-mailed to candidates in a year."),
    unit="count",
    parameters=(_YEAR,),
    sources=("equity.StageNotice",),
)
def notices_sent(organisation: Organisation, *, year: int) -> float:
    """The year's notices sent."""
    return float(
        StageNotice.objects.filter(
            organisation=organisation, status=NoticeStatus.SENT, sent_at__year=year
        ).count()
    )


@metric(
    "equity.candidates_notified",
    label=_("Candidates sent a status update"),
    description=_("Candidates sent at least one stage notice in a year."),
    unit="count",
    parameters=(_YEAR,),
    sources=("equity.StageNotice",),
)
def candidates_notified(organisation: Organisation, *, year: int) -> float:
    """The year's candidates sent at least one notice."""
    return float(
        StageNotice.objects.filter(
            organisation=organisation, status=NoticeStatus.SENT, sent_at__year=year
        )
        .values("applicant_id")
        .distinct()
        .count()
    )


@metric(
    "equity.feedback_reports_given",
    label=_("Exam feedback reports given"),
    description=_("Exam results whose feedback report was first given in a year."),
    unit="count",
    parameters=(_YEAR,),
    sources=("equity.ExamResult",),
)
def feedback_reports_given(organisation: Organisation, *, year: int) -> float:
    """The year's feedback reports given (each exam result counted once)."""
    return float(
        ExamResult.objects.filter(organisation=organisation, feedback_given_at__year=year).count()
    )
