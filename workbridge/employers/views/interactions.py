"""Logging a call, e-mail, meeting, visit or event with one or several employers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workbridge.accounts.access import require_casework
from workbridge.employers.choices import InteractionKind
from workbridge.employers.forms import InteractionForm, add_service_errors
from workbridge.employers.queries import employers_visible_to
from workbridge.employers.services import interaction_log
from workbridge.employers.views.access import safe_next


@require_http_methods(["GET", "POST"])
@login_required
def interaction_log_view(request: HttpRequest) -> HttpResponse:
    """`?employer=<id>` (repeatable) pre-fills the employers; `?kind=call` the kind."""
    require_casework(request.user)
    wanted = [v for v in request.GET.getlist("employer") if v.isdigit()][:50]
    chosen = list(employers_visible_to(request.user).filter(pk__in=wanted).order_by("name"))
    kind = request.GET.get("kind")
    initial = {
        "kind": kind if kind in InteractionKind.values else InteractionKind.CALL,
        "occurred_on": timezone.localdate(),
        "employers": [e.pk for e in chosen],
    }
    form = InteractionForm(request.POST or None, user=request.user, chosen=chosen, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        employers = list(data["employers"])
        try:
            interaction_log(
                by=request.user,
                employers=employers,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                summary=data["summary"].strip(),
                outcome=data["outcome"],
                next_step=data["next_step"].strip(),
                next_step_on=data["next_step_on"],
                contacts=list(data["contacts"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            names = ", ".join(e.name for e in employers)
            messages.success(request, _("Logged for %(names)s.") % {"names": names})
            default = reverse("employers:detail", args=[employers[0].pk])
            return redirect(safe_next(request, default))
    return render(
        request,
        "employers/interaction_form.html",
        {
            "form": form,
            "chosen": chosen,
            "next": safe_next(request, ""),
        },
    )
