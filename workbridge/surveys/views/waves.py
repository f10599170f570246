"""Waves: sending a published version to a list, reminders, and paper responses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.equity.impact import stage_label
from workbridge.equity.queries import requisition_find
from workbridge.equity.services import equity_settings_for
from workbridge.surveys.applicants import KEY_COLUMN, invitees_from_applicants
from workbridge.surveys.forms import (
    AddressListForm,
    ApplicantsForm,
    PaperForm,
    PeopleForm,
    ResponseForm,
    WaveForm,
)
from workbridge.surveys.models import CANDIDATE_KINDS, PROGRAM_KINDS, InvitationStatus, SendRun
from workbridge.surveys.queries import (
    latest_run,
    questions_of,
    small_cell_threshold,
    survey_get_for,
    wave_get_for,
)
from workbridge.surveys.results import wave_rates
from workbridge.surveys.sending import send_queue
from workbridge.surveys.services import (
    AddressListRefused,
    address_list_parse,
    invitations_add,
    invitees_from_contacts,
    invitees_from_participants,
    response_enter_paper,
    wave_create,
)
from workbridge.web.lists import page_of

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_http_methods(["GET", "POST"])
@login_required
def wave_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for(request.user, pk)
    form = WaveForm(request.POST or None, initial=WaveForm.initial_for(survey))
    if request.method == "POST" and form.is_valid():
        try:
            wave = wave_create(survey=survey, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("surveys:wave", wave.pk)
    return render(request, "surveys/wave_form.html", {"survey": survey, "form": form})


@require_GET
@login_required
def wave_detail(request: HttpRequest, wave_id: int) -> HttpResponse:
    """The response rate against the target, overall and by department, and the list.

    The list shows who was invited and whether their link was sent; in an anonymous
    survey it says only whether each link has been used, never when.
    """
    wave = wave_get_for(request.user, wave_id)
    threshold = small_cell_threshold(wave.organisation)
    rate, by_department, responses, paper = wave_rates(wave, threshold)
    invitations = wave.invitations.order_by("email", "pk")
    text = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    if text:
        invitations = invitations.filter(
            Q(email__icontains=text) | Q(name__icontains=text) | Q(department__icontains=text)
        )
    if status in InvitationStatus.values:
        invitations = invitations.filter(status=status)
    page = page_of(request, invitations)
    return render(
        request,
        "surveys/wave_detail.html",
        {
            "wave": wave,
            "survey": wave.survey,
            "rate": rate,
            "by_department": by_department,
            "responses": responses,
            "paper": paper,
            "threshold": threshold,
            "page": page,
            "text": text,
            "status": status,
            "statuses": InvitationStatus.choices,
            "query": f"q={text}&status={status}" if text or status else "",
            "upload_form": AddressListForm(),
            "people_form": PeopleForm(),
            "program_survey": wave.survey.kind in PROGRAM_KINDS,
            "candidate_survey": wave.survey.kind in CANDIDATE_KINDS,
            "run": latest_run(wave),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def invite_upload(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Add people from a CSV address list; a list with a bad row adds nobody."""
    wave = wave_get_for(request.user, wave_id)
    form = AddressListForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            try:
                invitees = address_list_parse(upload.read())
            except AddressListRefused as refused:
                problems = refused.problems
            else:
                added = invitations_add(wave=wave, invitees=invitees, by=request.user)
                messages.success(
                    request,
                    ngettext("%(n)s person was added.", "%(n)s people were added.", added)
                    % {"n": added},
                )
                return redirect("surveys:wave", wave.pk)
    status = 400 if problems else 200
    return render(
        request,
        "surveys/invite_upload.html",
        {"wave": wave, "form": form, "problems": problems},
        status=status,
    )


def _stage_choices(wave) -> list[tuple[int, str]]:
    stages = equity_settings_for(wave.organisation).stages
    return [(k, stage_label(name)) for k, name in enumerate(stages)]


@require_http_methods(["GET", "POST"])
@login_required
def invite_applicants(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Invite the applicants of a requisition who reached a stage (candidate surveys)."""
    wave = wave_get_for(request.user, wave_id)
    if wave.survey.kind not in CANDIDATE_KINDS:
        raise Http404
    form = ApplicantsForm(request.POST or None, request.FILES or None, stages=_stage_choices(wave))
    problems = []
    if request.method == "POST" and form.is_valid():
        requisition = requisition_find(wave.organisation, form.cleaned_data["requisition"])
        upload = form.cleaned_data["file"]
        if requisition is None:
            form.add_error("requisition", _("No requisition has this id; import it first."))
        elif upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            try:
                listed = address_list_parse(upload.read(), key_column=KEY_COLUMN)
                audience = invitees_from_applicants(
                    requisition, stage=form.cleaned_data["stage"], listed=listed
                )
            except AddressListRefused as refused:
                problems = refused.problems
            else:
                added = invitations_add(wave=wave, invitees=audience.invitees, by=request.user)
                messages.success(
                    request,
                    ngettext("%(n)s person was added.", "%(n)s people were added.", added)
                    % {"n": added}
                    + " "
                    + ngettext(
                        "%(n)s on the list did not reach the stage.",
                        "%(n)s on the list did not reach the stage.",
                        audience.not_at_stage,
                    )
                    % {"n": audience.not_at_stage},
                )
                return redirect("surveys:wave", wave.pk)
    return render(
        request,
        "surveys/invite_applicants.html",
        {"wave": wave, "form": form, "problems": problems},
        status=400 if problems else 200,
    )


@require_POST
@login_required
def invite_people(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Add the organisation's participants or employer contacts (program surveys)."""
    wave = wave_get_for(request.user, wave_id)
    form = PeopleForm(request.POST)
    if not form.is_valid() or wave.survey.kind not in PROGRAM_KINDS:
        messages.error(request, _("Choose whom to invite."))
        return redirect("surveys:wave", wave.pk)
    source = form.cleaned_data["source"]
    invitees = (
        invitees_from_participants(wave.organisation)
        if source == "participants"
        else invitees_from_contacts(wave.organisation)
    )
    added = invitations_add(wave=wave, invitees=invitees, by=request.user)
    messages.success(
        request,
        ngettext("%(n)s person was added.", "%(n)s people were added.", added) % {"n": added},
    )
    return redirect("surveys:wave", wave.pk)


def _queue(request: HttpRequest, wave_id: int, kind: str) -> HttpResponse:
    wave = wave_get_for(request.user, wave_id)
    try:
        send_queue(wave=wave, kind=kind, link_base=_link_base(request), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("surveys:wave", args=[wave.pk]) + "#send-heading")


@require_POST
@login_required
def send(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Queue the sending of every link not sent yet; the wave page shows its progress."""
    return _queue(request, wave_id, SendRun.Kind.INVITATIONS)


@require_POST
@login_required
def remind(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Queue a reminder to everyone sent a link who has not answered."""
    return _queue(request, wave_id, SendRun.Kind.REMINDERS)


@require_GET
@login_required
def send_status(request: HttpRequest, wave_id: int) -> HttpResponse:
    """The newest sending's progress alone (htmx polls it until it finishes)."""
    wave = wave_get_for(request.user, wave_id)
    return render(request, "surveys/_send_progress.html", {"wave": wave, "run": latest_run(wave)})


@require_http_methods(["GET", "POST"])
@login_required
def paper(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Type in a response given on paper."""
    wave = wave_get_for(request.user, wave_id)
    language = request.POST.get("language") or request.GET.get("lang") or "en"
    language = "es" if language == "es" else "en"
    questions = questions_of(wave.version)
    about = PaperForm(request.POST or None, initial={"language": language})
    form = ResponseForm(request.POST or None, questions=questions, language=language)
    if request.method == "POST" and about.is_valid() and form.is_valid():
        response_enter_paper(
            wave=wave,
            answers=form.answers(),
            language=about.cleaned_data["language"],
            department=about.cleaned_data["department"],
            group=about.cleaned_data["group"],
            by=request.user,
        )
        messages.success(request, _("The paper response was recorded."))
        return redirect("surveys:paper", wave.pk)
    return render(
        request,
        "surveys/paper.html",
        {"wave": wave, "about": about, "form": form, "language": language},
    )
