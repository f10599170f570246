"""A participant's portfolio: the resume (page and PDF) and the readiness chart."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.csp import CSP
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.people.models import Participant
from workbridge.people.views.records import casework_participant

# What the resume shows, named in the audit log.
RESUME_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "phone",
    "resume_summary",
    "skills",
    "certifications",
    "work_history",
    "career_goals",
)

# What the readiness chart shows: the participant's assessment scores over time.
READINESS_FIELDS = ("assessments",)


def _resume_context(participant: Participant) -> dict[str, Any]:
    goals = list(participant.career_goals.select_related("occupation"))
    return {
        "participant": participant,
        "goal": goals[0] if goals else None,
        "skills": list(participant.skills.all()),
        "certifications": list(participant.certifications.all()),
        "work_history": list(participant.work_history.select_related("occupation")),
    }


def resume_filename(participant: Participant) -> str:
    """resume-first-last.pdf, ASCII only so every browser and mail client keeps it."""
    name = slugify(f"{participant.first_name} {participant.last_name}") or str(participant.pk)
    return f"resume-{name}.pdf"


@login_required
@require_GET
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    context = _resume_context(participant)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=RESUME_FIELDS,
        detail=_("Resume viewed"),
    )
    return render(request, "people/resume.html", context)


@login_required
@require_GET
def resume_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    from weasyprint import HTML  # slow to import; only this view needs it

    html = render_to_string("people/resume_pdf.html", _resume_context(participant), request)
    # No base URL: the template is self-contained, so nothing is fetched while rendering.
    pdf = HTML(string=html).write_pdf()
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=participant,
        fields=RESUME_FIELDS,
        detail=_("Resume downloaded as PDF"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=resume_filename(participant)
    )
    response["Cache-Control"] = "private, no-store"
    return response


# matplotlib's SVG styles its shapes inline and holds no script; opened on its own
# (not only through <img>) it needs inline styles and nothing else.
CHART_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]}


@login_required
@require_GET
@csp_override(CHART_CSP)
def readiness_chart(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    from workbridge.people.charts import readiness_svg  # matplotlib loads on first chart

    points = list(
        participant.assessments.order_by("taken_on", "id").values_list("taken_on", "score")
    )
    svg = readiness_svg(
        points,
        title=_("Readiness score over time"),
        y_label=_("Score (0–100)"),
        empty_message=_("No assessments yet"),
    )
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=READINESS_FIELDS,
        detail="readiness chart",
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
