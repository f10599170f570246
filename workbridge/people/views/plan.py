"""A participant's plan: the staff page with the reminder opt-in, and the printable plan
in the participant's language (page and PDF)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.people.access import casework_participant
from workbridge.people.forms_plan import ReminderConsentForm
from workbridge.people.models import Participant, ReminderConsent
from workbridge.people.plan import plan_for
from workbridge.people.record_forms import add_service_errors
from workbridge.people.reminders import participant_language, reminder_consent_record
from workbridge.web.renders import pdf_render

PLAN_FIELDS = ("milestones",)


def _plan_html(request: HttpRequest, participant: Participant, template: str) -> tuple[str, str]:
    """The plan drawn in the participant's language, and that language's code."""
    language = participant_language(participant)
    with translation.override(language):
        plan = plan_for(participant, timezone.localdate())
        html = render_to_string(template, {"plan": plan, "participant": participant}, request)
    return html, language


@login_required
@require_http_methods(["GET", "POST"])
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    consent = ReminderConsent.objects.filter(participant=participant).first()
    initial = (
        {
            "by_email": consent.by_email,
            "by_text": consent.by_text,
            "days_before": consent.days_before,
        }
        if consent
        else None
    )
    form = ReminderConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reminder_consent_record(
                participant=participant,
                by=request.user,
                on=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reminder choices saved."))
            return redirect("people:plan", participant.pk)
    body, language = _plan_html(request, participant, "people/_plan_body.html")
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=PLAN_FIELDS,
        detail="plan",
    )
    reminders = (
        participant.milestones.filter(reminders__isnull=False)
        .values("title", "reminders__channel", "reminders__sent_on", "reminders__delivered")
        .order_by("-reminders__sent_on")[:20]
    )
    return render(
        request,
        "people/plan.html",
        {
            "participant": participant,
            "form": form,
            "consent": consent,
            "plan_body": body,
            "plan_language": language,
            "reminders": list(reminders),
        },
    )


@login_required
@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    html, _language = _plan_html(request, participant, "people/plan_pdf.html")
    pdf = pdf_render(html)  # personal: never cached
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=participant,
        fields=PLAN_FIELDS,
        detail="plan PDF",
    )
    name = slugify(f"{participant.first_name} {participant.last_name}") or str(participant.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"plan-{name}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
