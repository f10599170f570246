"""A participant's cover letter for one opening: the editor and the PDF."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.jobs.queries import opening_get_for
from workbridge.people.access import casework_participant
from workbridge.placements.cover_letters import MAX_LETTER, cover_letter_for, cover_letter_save
from workbridge.placements.forms import add_service_errors
from workbridge.web import forms as web_forms
from workbridge.web.renders import pdf_render

LETTER_FIELDS = ("first_name", "last_name", "cover_letter")


class CoverLetterForm(web_forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Letter"),
        max_length=MAX_LETTER,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=gettext_lazy(
            "Drafted from the profile and the opening; edit it with the participant."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cover_letter(request: HttpRequest, pk: int, opening_id: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    opening = opening_get_for(request.user, opening_id)
    letter = cover_letter_for(participant=participant, opening=opening, by=request.user)
    form = CoverLetterForm(request.POST or None, initial={"body": letter.body})
    if request.method == "POST" and form.is_valid():
        try:
            cover_letter_save(
                participant=participant,
                opening=opening,
                by=request.user,
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cover letter saved."))
            return redirect("placements:cover_letter", participant.pk, opening.pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=LETTER_FIELDS,
        detail=f"cover letter, opening {opening.pk}",
    )
    return render(
        request,
        "placements/cover_letter.html",
        {"participant": participant, "opening": opening, "letter": letter, "form": form},
    )


@login_required
@require_GET
def cover_letter_pdf(request: HttpRequest, pk: int, opening_id: int) -> HttpResponse:
    participant = casework_participant(request, pk)
    opening = opening_get_for(request.user, opening_id)
    letter = cover_letter_for(participant=participant, opening=opening, by=request.user)
    html = render_to_string(
        "placements/cover_letter_pdf.html",
        {"participant": participant, "opening": opening, "letter": letter},
        request,
    )
    pdf = pdf_render(html)  # personal: never cached
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=participant,
        fields=LETTER_FIELDS,
        detail=f"cover letter PDF, opening {opening.pk}",
    )
    name = slugify(f"{participant.first_name} {participant.last_name}") or str(participant.pk)
    employer = slugify(opening.employer.name) or str(opening.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"cover-letter-{name}-{employer}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
