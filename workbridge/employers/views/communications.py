"""Tailored communications: message templates, a preview for one contact, sends and bulk sends."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.access import require_casework
from workbridge.accounts.queries import membership_of, user_does_casework
from workbridge.employers.communications import bulk_send_start, message_template_save
from workbridge.employers.forms import add_service_errors
from workbridge.employers.forms_comms import (
    BULK_OPTIONS,
    BulkFilterForm,
    BulkSendForm,
    MessageTemplateForm,
    employer_options,
)
from workbridge.employers.messages import MERGE_FIELDS, message_render, message_send
from workbridge.employers.models import BulkSend, Contact, MessageSent, MessageTemplate
from workbridge.employers.queries import employer_list, employers_visible_to

LANGUAGE_NAMES = {"en": gettext_lazy("English"), "es": gettext_lazy("Spanish")}


def _organisation_id(user) -> int | None:
    membership = membership_of(user)
    if membership is None or not user_does_casework(user):
        return None
    return membership.organisation_id


def templates_visible_to(user) -> QuerySet[MessageTemplate]:
    """The organisation's message templates, for roles that work the CRM."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return MessageTemplate.objects.none()
    return MessageTemplate.objects.filter(organisation_id=organisation_id)


def bulk_sends_visible_to(user) -> QuerySet[BulkSend]:
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return BulkSend.objects.none()
    return BulkSend.objects.filter(organisation_id=organisation_id)


def _template_for(user, template_id: int) -> MessageTemplate:
    template = templates_visible_to(user).filter(pk=template_id).first()
    if template is None:
        raise Http404
    return template


def _merge_fields() -> list[tuple[str, str]]:
    return [(name, str(description)) for name, description in MERGE_FIELDS.items()]


# Templates ----------------------------------------------------------------------


@require_GET
@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    """The templates; `?employer=<id>` carries an employer on to the preview links."""
    require_casework(request.user)
    employer_id = request.GET.get("employer", "")
    return render(
        request,
        "employers/template_list.html",
        {
            "templates": templates_visible_to(request.user).order_by("name", "id"),
            "employer_id": employer_id if employer_id.isdigit() else "",
            "bulk_sends": bulk_sends_visible_to(request.user)
            .select_related("template", "created_by")
            .order_by("-created_at", "-id")[:10],
        },
    )


def _template_form_view(request: HttpRequest, template: MessageTemplate | None) -> HttpResponse:
    initial = (
        {name: getattr(template, name) for name in MessageTemplateForm.FIELDS} if template else {}
    )
    form = MessageTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = message_template_save(
                by=request.user, data=form.template_data(), template=template
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The template %(name)s was saved.") % {"name": saved.name})
            return redirect("employers:template_preview", saved.pk)
    return render(
        request,
        "employers/template_form.html",
        {
            "form": form,
            "template": template,
            "merge_fields": _merge_fields(),
            "merge_example": "{{ employer_name }}",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def template_create(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    return _template_form_view(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    require_casework(request.user)
    return _template_form_view(request, _template_for(request.user, template_id))


# Preview and send to one contact ------------------------------------------------


@require_GET
@login_required
def template_preview(request: HttpRequest, template_id: int) -> HttpResponse:
    """`?employer=<id>&contact=<id>`: the message as that contact would read it."""
    require_casework(request.user)
    template = _template_for(request.user, template_id)
    visible = employers_visible_to(request.user)
    employer_id = request.GET.get("employer", "")
    employer = (
        visible.select_related("organisation").filter(pk=employer_id).first()
        if employer_id.isdigit()
        else None
    )
    if employer_id and employer is None:
        raise Http404
    contacts = list(employer.contacts.order_by("-is_primary", "name")) if employer else []
    contact_id = request.GET.get("contact", "")
    contact = next((c for c in contacts if str(c.pk) == contact_id), None)
    if contact is None and contacts and not contact_id:
        contact = contacts[0]
    rendered = None
    if employer is not None:
        language, subject, body = message_render(
            template, employer, contact, today=timezone.localdate()
        )
        rendered = {
            "language": LANGUAGE_NAMES.get(language, language),
            "subject": subject,
            "body": body,
        }
    return render(
        request,
        "employers/template_preview.html",
        {
            "template": template,
            "employer": employer,
            "employer_options": employer_options(request.user, [employer] if employer else []),
            "contacts": contacts,
            "contact": contact,
            "rendered": rendered,
            "sendable": contact is not None and contact.email and not contact.email_opt_out,
        },
    )


@require_POST
@login_required
def message_send_view(request: HttpRequest, template_id: int) -> HttpResponse:
    """Send the template to one contact; an opted-out contact is skipped and that is logged."""
    require_casework(request.user)
    template = _template_for(request.user, template_id)
    contact_id = request.POST.get("contact", "")
    contact = (
        Contact.objects.filter(employer__in=employers_visible_to(request.user), pk=contact_id)
        .select_related("employer__organisation")
        .first()
        if contact_id.isdigit()
        else None
    )
    if contact is None:
        raise Http404
    sent = message_send(
        template=template, contact=contact, by=request.user, today=timezone.localdate()
    )
    if sent.status == MessageSent.Status.SENT:
        messages.success(
            request,
            _("Sent to %(name)s (%(email)s).") % {"name": contact.name, "email": sent.to_address},
        )
    elif sent.status == MessageSent.Status.SKIPPED:
        messages.warning(
            request,
            _(
                "Not sent: %(name)s opted out of e-mail or has no address. "
                "The attempt is kept on the employer's history."
            )
            % {"name": contact.name},
        )
    else:
        messages.error(
            request, _("Sending failed: %(error)s") % {"error": sent.error or _("unknown error")}
        )
    return redirect("employers:detail", contact.employer_id)


# Bulk sends ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def bulk_send_view(request: HttpRequest) -> HttpResponse:
    """Choose employers by stage and owner, then send a template to all their contacts."""
    require_casework(request.user)
    templates = templates_visible_to(request.user).order_by("name")
    filters = BulkFilterForm(request.GET or None, user=request.user)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    owner = chosen.get("owner")
    matching_rows = employer_list(
        request.user, stage=chosen.get("stage") or "", owner=owner.pk if owner else None
    )
    matching = list(matching_rows[: BULK_OPTIONS + 1])
    capped = len(matching) > BULK_OPTIONS
    matching = matching[:BULK_OPTIONS]
    initial = {"employers": [e.pk for e in matching]}
    if request.GET.get("template", "").isdigit():
        initial["template"] = int(request.GET["template"])
    form = BulkSendForm(
        request.POST or None,
        user=request.user,
        templates=templates,
        matching=matching,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            bulk = bulk_send_start(
                by=request.user,
                template=form.cleaned_data["template"],
                employers=list(form.cleaned_data["employers"]),
                attach_report=form.cleaned_data["attach_report"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("employers:bulk_send_progress", bulk.pk)
    return render(
        request,
        "employers/bulk_send.html",
        {
            "filters": filters,
            "form": form,
            "capped": capped,
            "cap": BULK_OPTIONS,
            "has_templates": templates.exists(),
        },
    )


def _bulk_for(user, bulk_id: int) -> BulkSend:
    bulk = bulk_sends_visible_to(user).select_related("template").filter(pk=bulk_id).first()
    if bulk is None:
        raise Http404
    return bulk


def _bulk_context(bulk: BulkSend) -> dict:
    return {
        "bulk": bulk,
        "finished": bulk.status in (BulkSend.Status.DONE, BulkSend.Status.FAILED),
        "employer_count": len(bulk.employer_ids),
    }


@require_GET
@login_required
def bulk_send_progress(request: HttpRequest, bulk_id: int) -> HttpResponse:
    """The progress of a bulk send; the status fragment refreshes itself every 2 seconds."""
    require_casework(request.user)
    bulk = _bulk_for(request.user, bulk_id)
    return render(request, "employers/bulk_send_progress.html", _bulk_context(bulk))


@require_GET
@login_required
def bulk_send_status(request: HttpRequest, bulk_id: int) -> HttpResponse:
    """The status fragment alone (htmx polls it); once finished it stops asking."""
    require_casework(request.user)
    bulk = _bulk_for(request.user, bulk_id)
    return render(request, "employers/_bulk_progress.html", _bulk_context(bulk))
