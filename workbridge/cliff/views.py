"""A participant's benefits cliff: the household form, a run that waits for the worker and
updates itself, its chart, the offers side by side, and the counselling sheet (PDF)."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.cliff import engine
from workbridge.cliff.forms import CliffRunForm
from workbridge.cliff.household import household_for, household_of, job_of, opening_job
from workbridge.cliff.models import CliffRun
from workbridge.cliff.queries import cliff_run_get_for, cliff_runs_of
from workbridge.cliff.report import CliffReport, report_for
from workbridge.cliff.services import cliff_run_request
from workbridge.core.cliff import Household, Job, SweepSpec
from workbridge.jobs.models import OpeningStatus
from workbridge.jobs.queries import openings_visible_to
from workbridge.people.access import casework_participant
from workbridge.people.models import Participant
from workbridge.web.lists import page_of

CLIFF_FIELDS = ("household_size", "children_ages", "benefits")
CHART_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]}
SWEEP_POINTS = 161
SHEET_LANGUAGES = ("en", "es")


def _openings(request: HttpRequest):
    return (
        openings_visible_to(request.user)
        .filter(status=OpeningStatus.OPEN)
        .select_related("employer")
        .order_by("title", "pk")
    )


def _initial(participant: Participant) -> dict:
    household, now = household_for(participant)
    return {
        "participant_age": household.adult_ages[0],
        "other_adult": len(household.adult_ages) > 1,
        "other_adult_earnings": household.other_earnings_yearly,
        "children_ages": list(household.child_ages),
        "rent_monthly": household.rent_monthly,
        "childcare_monthly": household.childcare_monthly,
        "childcare_hours_weekly": household.childcare_hours_weekly,
        "now_wage": now.hourly_wage,
        "now_hours": int(now.hours_per_week),
        "now_health": now.employer_health,
        "sweep_max_wage": 40,
    }


def _request_run(request: HttpRequest, participant: Participant, form: CliffRunForm) -> CliffRun:
    data = form.cleaned_data
    ages = [data["participant_age"]] + ([30] if data["other_adult"] else [])
    household = Household(
        adult_ages=tuple(ages),
        child_ages=tuple(sorted(data["children_ages"] or [])),
        rent_monthly=data["rent_monthly"],
        childcare_monthly=data["childcare_monthly"],
        childcare_hours_weekly=data["childcare_hours_weekly"],
        other_earnings_yearly=int(data.get("other_adult_earnings") or 0),
    )
    offers = [
        {
            "label": f"{o.title} ({o.employer.name})",
            "opening_id": o.pk,
            "hourly_wage": float(o.hourly_wage),
            "hours_per_week": float(o.hours_per_week),
            "employer_health": o.health_insurance,
        }
        for o in data["offers"]
    ]
    first = opening_job(data["offers"][0]) if data["offers"] else None
    hours = data.get("sweep_hours") or (first.hours_per_week if first else 40)
    sweep = SweepSpec(
        hours_per_week=float(hours),
        employer_health=first.employer_health if first else False,
        wage_min=0.0,
        wage_max=float(data["sweep_max_wage"]),
        points=SWEEP_POINTS,
    )
    return cliff_run_request(
        participant=participant,
        by=request.user,
        household=household,
        now_job=Job(float(data["now_wage"]), float(data["now_hours"]), data["now_health"]),
        offers=offers,
        sweep=sweep,
        year=timezone.localdate().year,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cliff_page(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    form = CliffRunForm(
        request.POST or None, openings=_openings(request), initial=_initial(participant)
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = _request_run(request, participant, form)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("cliff:run", participant.pk, run.pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=CLIFF_FIELDS,
        detail="benefits cliff",
    )
    runs = page_of(request, cliff_runs_of(request.user, participant).select_related("requested_by"))
    return render(
        request,
        "cliff/cliff.html",
        {
            "participant": participant,
            "form": form,
            "runs": runs,
            "engine_available": engine.available(),
        },
    )


def _report(request: HttpRequest, run: CliffRun) -> CliffReport | None:
    ids = [o.get("opening_id") for o in run.offers if o.get("opening_id")]
    openings = {o.pk: o for o in openings_visible_to(request.user).filter(pk__in=ids)}
    return report_for(run, openings=openings, on=timezone.localdate())


def _chart(report: CliffReport) -> bytes:
    from workbridge.cliff.charts import cliff_svg  # matplotlib loads on first chart

    hours = report.main_hours
    return cliff_svg(
        report.curve,
        [row.cliff for row in report.cliffs],
        cause_labels={row.cause: row.cause_label for row in report.cliffs},
        now_net=report.now_net,
        offers=[
            (f"{n + 1}", o.job.hourly_wage, o.net)
            for n, o in enumerate(report.offers)
            if o.job.hours_per_week == hours
        ],
        title=_("Net resources a year at %(hours)s hours a week") % {"hours": f"{hours:g}"},
        x_label=_("Hourly wage"),
        y_label=_("Net resources a year"),
        now_label=_("Now"),
    )


def _run_context(request: HttpRequest, participant: Participant, run: CliffRun) -> dict:
    report = _report(request, run) if run.status == CliffRun.Status.DONE else None
    return {
        "participant": participant,
        "run": run,
        "report": report,
        "household": household_of(run.household),
        "now_job": job_of(run.now_job),
        "languages": SHEET_LANGUAGES,
    }


@login_required
@require_GET
def cliff_run(request: HttpRequest, pk: int, run_id: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    run = cliff_run_get_for(request.user, participant, run_id)
    context = _run_context(request, participant, run)
    if request.htmx:
        return render(request, "cliff/_run_body.html", context)
    if run.status == CliffRun.Status.DONE:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=participant,
            fields=CLIFF_FIELDS,
            detail=f"cliff run {run.pk}",
        )
    return render(request, "cliff/run.html", context)


@login_required
@require_GET
@csp_override(CHART_CSP)
def cliff_chart(request: HttpRequest, pk: int, run_id: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    run = cliff_run_get_for(request.user, participant, run_id)
    report = _report(request, run) if run.status == CliffRun.Status.DONE else None
    if report is None:
        return HttpResponse(status=404)
    response = HttpResponse(_chart(report), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def cliff_sheet(request: HttpRequest, pk: int, run_id: int, language: str) -> HttpResponse:
    """The one-page counselling sheet in English or Spanish (PDF)."""
    participant = casework_participant(request, pk)
    run = cliff_run_get_for(request.user, participant, run_id)
    if language not in SHEET_LANGUAGES:
        return HttpResponse(status=404)
    if run.status != CliffRun.Status.DONE:
        messages.error(request, _("The figures are not ready yet; try again in a moment."))
        return redirect("cliff:run", participant.pk, run.pk)
    with translation.override(language):
        report = _report(request, run)
        if report is None:
            messages.error(request, _("The figures are not ready yet; try again in a moment."))
            return redirect("cliff:run", participant.pk, run.pk)
        chart = "data:image/svg+xml;base64," + base64.b64encode(_chart(report)).decode("ascii")
        html = render_to_string(
            "cliff/sheet_pdf.html",
            {
                **_run_context(request, participant, run),
                "report": report,
                "chart": chart,
                "today": timezone.localdate(),
                "language": language,
            },
            request,
        )
    from workbridge.web.renders import pdf_render

    pdf = pdf_render(html)  # personal: never cached
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=participant,
        fields=CLIFF_FIELDS,
        detail=f"cliff counselling sheet PDF ({language}), run {run.pk}",
    )
    name = slugify(f"{participant.first_name} {participant.last_name}") or str(participant.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"benefits-cliff-{name}-{language}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
