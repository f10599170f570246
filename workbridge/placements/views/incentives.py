"""Hiring incentives: a participant's tax-credit pre-screening and bonding (page, kept
record, PDF), and a placement's Form 8850, certification and bond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.core import bonding
from workbridge.people.access import casework_participant
from workbridge.people.incentive_answers import incentive_answers_of
from workbridge.people.models import Participant
from workbridge.placements.forms import add_service_errors
from workbridge.placements.forms_incentives import PlacementIncentivesForm, ScreeningRecordForm
from workbridge.placements.incentives import (
    ANSWER_FIELDS,
    BOND_REASONS,
    bonding_for,
    finding_rows,
    findings_data,
    placement_incentives_update,
    wotc_screen_participant,
    wotc_screening_get_for,
    wotc_screening_record,
    wotc_screenings_of,
)
from workbridge.placements.views.placements import _casework_placement, _saved_or_page
from workbridge.web.renders import pdf_render


def _page(
    request: HttpRequest, participant: Participant, form: ScreeningRecordForm
) -> HttpResponse:
    today = timezone.localdate()
    screening = wotc_screen_participant(participant, on=today)
    answers = incentive_answers_of(participant)
    eligibility = bonding_for(participant, answers)
    kept = list(wotc_screenings_of(participant)[:20])
    for k in kept:
        k.met_names = [row.name for row in finding_rows(k.findings) if row.meets]
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=ANSWER_FIELDS,
        detail="hiring incentives",
    )
    return render(
        request,
        "placements/incentives.html",
        {
            "participant": participant,
            "screening": screening,
            "rows": finding_rows(findings_data(screening)),
            "has_answers": answers is not None,
            "bonding": eligibility,
            "bond_reasons": [BOND_REASONS[r] for r in eligibility.reasons],
            "bond_facts": bonding.FACTS,
            "kept": kept,
            "form": form,
            "today": today,
        },
    )


@require_GET
@login_required
def incentives(request: HttpRequest, pk: int) -> HttpResponse:
    """The target groups the intake answers point to, bonding, and the kept pre-screenings."""
    participant = casework_participant(request, pk)
    return _page(request, participant, ScreeningRecordForm())


@require_POST
@login_required
def incentives_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep today's pre-screening, to print and have signed with Form 8850."""
    participant = casework_participant(request, pk)
    form = ScreeningRecordForm(request.POST)
    if form.is_valid():
        try:
            record = wotc_screening_record(
                participant=participant,
                by=request.user,
                on=timezone.localdate(),
                signed_on=form.cleaned_data["signed_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Pre-screening kept. Print it for the participant to sign.")
            )
            return redirect(
                f"{reverse('placements:incentives', args=[participant.pk])}#kept-{record.pk}"
            )
    return _page(request, participant, form)


@require_GET
@login_required
def screening_pdf(request: HttpRequest, pk: int, screening_id: int) -> HttpResponse:
    """A kept pre-screening as a page to print, with the Form 8850 statements it points to."""
    participant = casework_participant(request, pk)
    record = wotc_screening_get_for(request.user, participant, screening_id)
    html = render_to_string(
        "placements/screening_pdf.html",
        {
            "participant": participant,
            "record": record,
            "rows": finding_rows(record.findings),
            "organisation": record.organisation,
        },
        request,
    )
    pdf = pdf_render(html)  # personal: never cached
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=participant,
        fields=ANSWER_FIELDS,
        detail=f"tax credit pre-screening {record.pk} PDF",
    )
    name = slugify(f"{participant.first_name} {participant.last_name}") or str(participant.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"wotc-prescreening-{name}-{record.screened_on:%Y-%m-%d}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["POST"])
@login_required
def placement_incentives(request: HttpRequest, placement_id: int) -> HttpResponse:
    """Record a placement's Form 8850 date, certification outcome and credit, and bond."""
    placement = _casework_placement(request, placement_id)
    form = PlacementIncentivesForm(request.POST, prefix="inc")

    def save(data):
        placement_incentives_update(
            placement=placement,
            by=request.user,
            data={
                **data,
                "wotc_outcome": data["wotc_outcome"] or "",
                "wotc_target_group": data["wotc_target_group"] or "",
            },
        )

    return _saved_or_page(
        request,
        placement,
        form,
        save,
        _("Hiring incentives saved."),
        "incentives-heading",
        "incentives_form",
    )
