"""The business case: made for one employer with the participant's consent, shown as a
one-pager, downloaded as PDF and e-mailed to one of the employer's contacts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.access import require_casework
from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.employers.models import Contact, MessageSent, MessageTemplate
from workbridge.employers.queries import employers_visible_to
from workbridge.people.access import casework_participant
from workbridge.placements.business_case import (
    CASE_FIELDS,
    business_case_content,
    business_case_create,
    business_case_get_for,
)
from workbridge.placements.business_case import business_case_send as case_send
from workbridge.placements.forms import add_service_errors
from workbridge.placements.forms_incentives import BusinessCaseForm, BusinessCaseSendForm
from workbridge.placements.models import BusinessCase
from workbridge.web.renders import pdf_render


@require_http_methods(["GET", "POST"])
@login_required
def business_case_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the employer, record the participant's consent and what to highlight."""
    participant = casework_participant(request, pk)
    employers = employers_visible_to(request.user).order_by("name")
    initial = {}
    referral = participant.referrals.select_related("opening").order_by("-status_on").first()
    if referral is not None:
        initial["employer"] = referral.opening.employer_id
    form = BusinessCaseForm(request.POST or None, employers=employers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opening = (
            participant.referrals.filter(opening__employer=data["employer"])
            .select_related("opening")
            .order_by("-status_on")
            .first()
        )
        try:
            case = business_case_create(
                participant=participant,
                employer=data["employer"],
                opening=opening.opening if opening else None,
                consent_on=data["consent_on"],
                consent_note=data["consent_note"],
                highlights=data["highlights"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Business case ready. Check it, then send it."))
            return redirect("placements:business_case", case.pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=("first_name", "last_name"),
        detail="business case form",
    )
    return render(
        request,
        "placements/business_case_form.html",
        {
            "participant": participant,
            "form": form,
            "cases": list(participant.business_cases.select_related("employer")[:20]),
        },
    )


def _context(request: HttpRequest, case: BusinessCase) -> dict:
    return {
        "case": case,
        "participant": case.participant,
        "content": business_case_content(case, today=timezone.localdate()),
        "organisation": case.employer.organisation,
    }


def _send_form(case: BusinessCase, data=None) -> BusinessCaseSendForm:
    contacts = Contact.objects.filter(employer=case.employer).order_by("name")
    templates = MessageTemplate.objects.filter(organisation_id=case.organisation_id)
    return BusinessCaseSendForm(data, contacts=contacts, templates=templates)


def _detail(request: HttpRequest, case: BusinessCase, form: BusinessCaseSendForm) -> HttpResponse:
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=case.participant,
        fields=CASE_FIELDS,
        detail=f"business case {case.pk}",
    )
    return render(
        request, "placements/business_case.html", {**_context(request, case), "form": form}
    )


@require_GET
@login_required
def business_case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """The one-pager as the employer will read it, with the form to send it."""
    require_casework(request.user)
    case = business_case_get_for(request.user, case_id)
    return _detail(request, case, _send_form(case))


def _pdf(request: HttpRequest, case: BusinessCase) -> tuple[bytes, str]:
    html = render_to_string("placements/business_case_pdf.html", _context(request, case), request)
    name = slugify(case.participant.display_name) or str(case.participant.pk)
    employer = slugify(case.employer.name) or str(case.employer.pk)
    return pdf_render(html), f"business-case-{name}-{employer}.pdf"


@require_GET
@login_required
def business_case_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    require_casework(request.user)
    case = business_case_get_for(request.user, case_id)
    pdf, filename = _pdf(request, case)  # personal: never cached
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=case.participant,
        fields=CASE_FIELDS,
        detail=f"business case {case.pk} PDF",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def business_case_send_view(request: HttpRequest, case_id: int) -> HttpResponse:
    """E-mail the PDF to a contact with a message template; logged on the employer."""
    require_casework(request.user)
    case = business_case_get_for(request.user, case_id)
    form = _send_form(case, request.POST)
    if form.is_valid():
        pdf, filename = _pdf(request, case)
        try:
            sent = case_send(
                case=case,
                contact=form.cleaned_data["contact"],
                template=form.cleaned_data["template"],
                pdf=pdf,
                filename=filename,
                by=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if sent.status == MessageSent.Status.SENT:
                messages.success(
                    request,
                    _("Business case sent to %(name)s and logged on the employer's history.")
                    % {"name": sent.contact.name},
                )
            elif sent.status == MessageSent.Status.SKIPPED:
                messages.warning(
                    request,
                    _("Not sent: %(name)s has no e-mail address or asked not to be e-mailed.")
                    % {"name": sent.contact.name},
                )
            else:
                messages.error(
                    request, _("The e-mail could not be sent: %(error)s") % {"error": sent.error}
                )
            return redirect("placements:business_case", case.pk)
    return _detail(request, case, form)
