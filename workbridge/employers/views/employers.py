"""The employer list (with its exports), one employer's page, and adding or editing one."""

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.access import require_casework
from workbridge.accounts.models import AuditAction
from workbridge.accounts.queries import user_does_casework
from workbridge.accounts.services import audit_record
from workbridge.employers.choices import Incentive, Stage
from workbridge.employers.forms import (
    EmployerFilterForm,
    EmployerForm,
    LocationForm,
    MoveForm,
    add_service_errors,
)
from workbridge.employers.models import (
    Employer,
    EmployerProfile,
    EmployerRelationship,
    EmployerSignal,
    Interaction,
)
from workbridge.employers.queries import (
    EMPLOYER_SORTS,
    action_items_visible_to,
    employer_get_for,
    employer_list,
    employer_signal_kinds,
)
from workbridge.employers.services import (
    CONTACT_FIELDS,
    employer_create,
    employer_move,
    employer_update,
    location_add,
)
from workbridge.employers.views.access import safe_next
from workbridge.employers.views.employer_table import (
    ROW_VALUES,
    employer_rows_from,
    employer_rows_shown,
)
from workbridge.web.exports import FORMATS as EXPORT_FORMATS
from workbridge.web.exports import (
    ExportKind,
    ExportList,
    export_kind_register,
    export_respond,
    rows_closing,
)
from workbridge.web.lists import Column, page_of, query_without, sort_from, sort_headers
from workbridge.web.selects import select_shown

MESSAGES_SHOWN = 20

COLUMNS = [
    Column(gettext_lazy("Employer"), "name"),
    Column(gettext_lazy("Stage"), "stage", descending=False),
    Column(gettext_lazy("Owner")),
    Column(gettext_lazy("Signals")),
    Column(gettext_lazy("Last contact"), "contact"),
    Column(gettext_lazy("Next follow-up"), "follow_up"),
]


def _filtered(request: HttpRequest) -> tuple[EmployerFilterForm, QuerySet[Employer], str]:
    form = EmployerFilterForm.bind(request, user=request.user)
    filters = form.values()
    sort = sort_from(request, EMPLOYER_SORTS, default="name")
    owner = filters.get("owner")
    rows = employer_list(
        request.user,
        search=filters.get("q") or "",
        stage=filters.get("stage") or "",
        owner=owner.pk if owner else None,
        sort=sort,
    )
    if filters.get("signal"):
        rows = rows.filter(signals__kind=filters["signal"])  # at most one signal of a kind
    if filters.get("relationship"):
        rows = rows.filter(
            pk__in=EmployerRelationship.objects.filter(kind=filters["relationship"]).values(
                "employer_id"
            )
        )
    if filters.get("background_check"):
        rows = rows.filter(development_profile__background_check=filters["background_check"])
    return form, rows, sort


@require_GET
@login_required
def employer_list_view(request: HttpRequest) -> HttpResponse:
    """Every employer of the organisation: search, filter, sort, page, export."""
    require_casework(request.user)
    form, rows, sort = _filtered(request)
    page = page_of(request, rows)
    today = timezone.localdate()
    # Only the page's rows are read with their owner's name: the count needs no join.
    values = list(page.object_list.values_list(*ROW_VALUES))
    page.object_list = employer_rows_from(values, employer_signal_kinds([v[0] for v in values]))
    return render(
        request,
        "employers/employer_list.html",
        {
            "form": form,
            "selects": [
                select_shown(form[name])
                for name in ("stage", "owner", "signal", "relationship", "background_check")
            ],
            "page": page,
            "employers": page.object_list,
            "rows": employer_rows_shown(page.object_list, today=today),
            "headers": sort_headers(request, COLUMNS, sort),
            "export_query": query_without(request, "page"),
            "today": today,
        },
    )


EXPORT_HEADERS = [
    gettext_lazy("Employer"),
    gettext_lazy("External id"),
    gettext_lazy("Stage"),
    gettext_lazy("Tier"),
    gettext_lazy("Owner"),
    gettext_lazy("Industry (NAICS)"),
    gettext_lazy("Size"),
    gettext_lazy("Website"),
    gettext_lazy("Incentives in use"),
    gettext_lazy("Signals"),
    gettext_lazy("Last contact"),
    gettext_lazy("Next follow-up"),
    gettext_lazy("Follow-up"),
]
EXPORT_FIELDS = [
    "name",
    "external_id",
    "stage",
    "tier",
    "owner",
    "naics_code",
    "size_band",
    "website",
    "incentives",
    "signals",
    "last_contact_on",
    "next_follow_up_on",
    "next_follow_up_kind",
]


def _export_row(e: Employer) -> list:
    return [
        e.name,
        e.external_id,
        e.get_stage_display(),
        e.get_tier_display(),
        (e.owner.get_full_name() or e.owner.username) if e.owner else "",
        e.naics_code,
        e.get_size_band_display() if e.size_band else "",
        e.website,
        "; ".join(str(Incentive(i).label) for i in e.incentives if i in Incentive.values),
        "; ".join(f"{s.get_kind_display()}: {s.evidence}" for s in e.signals.all()),
        e.last_contact_on,
        e.next_follow_up_on,
        e.get_next_follow_up_kind_display() if e.next_follow_up_kind else "",
    ]


def _employer_export_list(request: HttpRequest) -> ExportList:
    """The filtered employer list (every page of it) as rows to write."""
    _form, rows, _sort = _filtered(request)
    listed = rows.prefetch_related(
        Prefetch("signals", queryset=EmployerSignal.objects.order_by("kind"))
    )

    def export_rows() -> Iterator[list]:
        employers = listed.iterator(chunk_size=2000)
        return rows_closing((_export_row(e) for e in employers), employers)

    return ExportList(
        headers=[str(h) for h in EXPORT_HEADERS],
        count=rows.count,
        rows=export_rows,
        title=_("Employers"),
        filename=f"employers-{timezone.localdate():%Y-%m-%d}",
        query=query_without(request, "page"),
    )


EMPLOYER_EXPORT = export_kind_register(
    ExportKind(
        key="employers",
        object_type="employers.employer",
        fields=EXPORT_FIELDS,
        permitted=user_does_casework,
        prepare=_employer_export_list,
    )
)


@require_http_methods(["GET", "POST"])
@login_required
def employer_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as CSV or XLSX, at once for a short list, else prepared in the
    background (`workbridge.web.exports`); every export is written to the audit log."""
    require_casework(request.user)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    return export_respond(request, kind=EMPLOYER_EXPORT, fmt=fmt)


@require_GET
@login_required
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one employer: profile, sites, contacts, history, what is next."""
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    interactions = (
        Interaction.objects.filter(employers=employer)
        .select_related("by")
        .prefetch_related("employers", "contacts")
        .order_by("-occurred_on", "-id")
    )
    page = page_of(request, interactions)
    move_form = MoveForm(initial={"to_stage": ""})
    move_form.fields["to_stage"].choices = [
        (v, label) for v, label in Stage.choices if v != employer.stage
    ]
    contacts = list(employer.contacts.order_by("-is_primary", "name"))
    # The page shows the employer's contacts (names, phones, e-mails): the read is audited
    # as the API audits it. The detail is a fixed marker so the log can be searched for it.
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=employer,
        fields=CONTACT_FIELDS,
        detail=f"employer page: {len(contacts)} contacts",
    )
    return render(
        request,
        "employers/employer_detail.html",
        {
            "employer": employer,
            "signals": employer.signals.order_by("kind"),
            "incentives": [
                Incentive(i).label for i in employer.incentives if i in Incentive.values
            ],
            "locations": employer.locations.select_related("community_area").order_by(
                "label", "id"
            ),
            "contacts": contacts,
            "stage_changes": employer.stage_changes.select_related("by"),
            "page": page,
            "action_items": action_items_visible_to(request.user)
            .filter(employer=employer, done_on__isnull=True)
            .select_related("owner", "meeting")
            .order_by("due_on", "id"),
            "move_form": move_form,
            "messages_sent": employer.messages.select_related("contact").order_by(
                "-sent_at", "-id"
            )[:MESSAGES_SHOWN],
            "review_meetings": employer.review_meetings.order_by("-starts_at")[:5],
            "development_profile": EmployerProfile.objects.filter(employer=employer).first(),
            "relationships": list(employer.relationships.all()),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def employer_create_view(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    form = EmployerForm(
        request.POST or None,
        user=request.user,
        creating=True,
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            employer = employer_create(
                by=request.user,
                data=form.employer_data(),
                stage=form.cleaned_data["stage"],
                signals=form.signals(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": employer.name})
            return redirect("employers:detail", employer.pk)
    return render(request, "employers/employer_form.html", {"form": form, "employer": None})


@require_http_methods(["GET", "POST"])
@login_required
def employer_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    form = EmployerForm(
        request.POST or None, user=request.user, initial=EmployerForm.initial_for(employer)
    )
    if request.method == "POST" and form.is_valid():
        try:
            employer_update(
                employer=employer,
                by=request.user,
                data=form.employer_data(),
                signals=form.signals(),
            )
        except ValidationError as exc:
            employer.refresh_from_db()
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": employer.name})
            return redirect("employers:detail", employer.pk)
    return render(request, "employers/employer_form.html", {"form": form, "employer": employer})


@require_POST
@login_required
def employer_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an employer to another stage (from the board or its page), with a reason."""
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    back = safe_next(request, reverse("employers:detail", args=[employer.pk]))
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a stage to move %(name)s to.") % {"name": employer.name})
        return redirect(back)
    try:
        employer_move(
            employer=employer,
            by=request.user,
            to_stage=form.cleaned_data["to_stage"],
            reason=form.cleaned_data["reason"].strip(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        _("%(name)s moved to %(stage)s.")
        % {"name": employer.name, "stage": employer.get_stage_display()},
    )
    return redirect(back)


@require_http_methods(["GET", "POST"])
@login_required
def location_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            location_add(employer=employer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The location was added."))
            return redirect("employers:detail", employer.pk)
    return render(request, "employers/location_form.html", {"form": form, "employer": employer})
