"""Adding and editing the people a program talks to at an employer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workbridge.accounts.access import require_casework
from workbridge.employers.forms import ContactForm, add_service_errors
from workbridge.employers.queries import employer_get_for
from workbridge.employers.services import contact_add, contact_update


@require_http_methods(["GET", "POST"])
@login_required
def contact_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = contact_add(employer=employer, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": contact.name})
            return redirect("employers:detail", employer.pk)
    return render(
        request,
        "employers/contact_form.html",
        {"form": form, "employer": employer, "contact": None},
    )


@require_http_methods(["GET", "POST"])
@login_required
def contact_update_view(request: HttpRequest, pk: int, contact_id: int) -> HttpResponse:
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    contact = employer.contacts.filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact))
    if request.method == "POST" and form.is_valid():
        try:
            contact_update(contact=contact, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            contact.refresh_from_db()
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": contact.name})
            return redirect("employers:detail", employer.pk)
    return render(
        request,
        "employers/contact_form.html",
        {"form": form, "employer": employer, "contact": contact},
    )
