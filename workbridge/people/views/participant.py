"""Intake, the participant's profile page, editing, voluntary demographics and removal."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workbridge.accounts.access import (
    require_casework,
    require_demographics,
    require_manager,
    user_manages,
)
from workbridge.accounts.models import AuditAction
from workbridge.accounts.queries import staff_visible_to
from workbridge.accounts.queries import user_reads_demographics as reads_demographics
from workbridge.accounts.services import audit_record
from workbridge.people.choices import Benefit, PhysicalLimit, RaceEthnicity, WorkEnvironment
from workbridge.people.forms import (
    DemographicsForm,
    ParticipantForm,
    add_service_errors,
)
from workbridge.people.incentive_answers import (
    INCENTIVE_FIELDS,
    IncentiveAnswersForm,
    incentive_answers_of,
    incentive_answers_record,
)
from workbridge.people.models import Demographics, Participant
from workbridge.people.queries import demographics_visible_to, participant_get_for
from workbridge.people.services import (
    DEMOGRAPHIC_FIELDS,
    participant_delete,
    participant_enroll,
    participant_record_demographics,
    participant_update,
)
from workbridge.people.templatetags.people_profile import availability_words
from workbridge.people.views.records import records_context

# What the profile page shows ------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    field: str
    label: str
    value: str


@dataclass
class Section:
    key: str
    title: str
    facts: list[Fact] = field(default_factory=list)

    def add(self, name: str, label: str, value: Any) -> None:
        self.facts.append(Fact(name, label, _text(value)))


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return _("Not recorded")
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _labels(values: list[str], choices) -> list[str]:
    labels = dict(choices)
    return [str(labels.get(v, v)) for v in values]


def profile_sections(participant: Participant) -> list[Section]:
    """The profile's facts by section, each with the model field it shows (for the audit)."""
    p = participant
    contact = Section("contact", _("Contact"))
    contact.add("first_name", _("First name"), p.first_name)
    contact.add("last_name", _("Last name"), p.last_name)
    contact.add("preferred_name", _("Preferred name"), p.preferred_name)
    contact.add("email", _("E-mail"), p.email)
    contact.add("phone", _("Phone"), p.phone)
    contact.add("preferred_language", _("Preferred language"), p.get_preferred_language_display())
    contact.add("zip_code", _("Home ZIP code"), p.zip_code)
    contact.add(
        "community_area",
        _("Community area"),
        p.community_area.name if p.community_area else _("Not in the Chicago ZIP table"),
    )

    program = Section("program", _("Program"))
    program.add("enrolled_on", _("Enrolled on"), p.enrolled_on)
    program.add("planned_exit_on", _("Planned exit"), p.planned_exit_on)
    program.add("exited_on", _("Exited on"), p.exited_on or _("Still in the program"))
    if p.exited_on:
        program.add(
            "exit_outcome", _("Exit outcome"), p.get_exit_outcome_display() or _("Not recorded")
        )
    program.add(
        "assigned_to",
        _("Assigned staff member"),
        (p.assigned_to.get_full_name() or p.assigned_to.username) if p.assigned_to else _("Nobody"),
    )
    program.add("external_id", _("External id"), p.external_id)

    household = Section("household", _("Household"))
    household.add("household_size", _("People in the household"), p.household_size)
    household.add(
        "children_ages", _("Children's ages"), p.children_ages or _("No children under 18")
    )
    household.add(
        "benefits", _("Benefits they receive now"), _labels(p.benefits or [], Benefit.choices)
    )

    constraints = Section("constraints", _("Constraints"))
    constraints.add("availability", _("Shifts they can work"), availability_words(p.availability))
    constraints.add(
        "physical_limits",
        _("Physical limits"),
        _labels(p.physical_limits or [], PhysicalLimit.choices) or _("None"),
    )
    constraints.add("transport_mode", _("How they travel to work"), p.get_transport_mode_display())
    constraints.add(
        "max_commute_minutes",
        _("Longest commute"),
        _("%(minutes)s minutes one way") % {"minutes": p.max_commute_minutes},
    )
    constraints.add("childcare_need", _("Childcare"), p.get_childcare_need_display())
    constraints.add(
        "preferred_environments",
        _("Work environments they prefer"),
        _labels(p.preferred_environments or [], WorkEnvironment.choices) or _("None given"),
    )
    constraints.add(
        "min_hourly_wage",
        _("Lowest acceptable hourly wage"),
        _("$%(wage)s an hour") % {"wage": number_format(p.min_hourly_wage, 2)}
        if p.min_hourly_wage is not None
        else None,
    )
    constraints.add(
        "needs_fair_chance",
        _("Needs a fair-chance employer"),
        _("Yes") if p.needs_fair_chance else _("No"),
    )
    return [contact, program, household, constraints]


def demographics_section(record: Demographics) -> Section:
    """The voluntary answers, for roles that may read them."""
    section = Section("demographics", _("Voluntary demographics"))
    if record.race_prefer_not:
        race: Any = _("Prefers not to say")
    else:
        race = _labels(record.race_ethnicity or [], RaceEthnicity.choices)
    section.add("race_ethnicity", _("Race and ethnicity"), race)
    section.add("race_ethnicity_detail", _("In their own words"), record.race_ethnicity_detail)
    section.add("eeo_category", _("EEO category (derived)"), record.get_eeo_category_display())
    section.add("sex", _("Sex"), record.get_sex_display())
    section.add("veteran", _("Veteran"), record.get_veteran_display())
    section.add("disability", _("Disability"), record.get_disability_display())
    section.add("justice_involved", _("Justice involvement"), record.get_justice_involved_display())
    section.add("age_band", _("Age"), record.get_age_band_display())
    section.add(
        "long_term_unemployed",
        _("Out of work six months or more"),
        record.get_long_term_unemployed_display(),
    )
    section.add(
        "high_school_diploma",
        _("High-school diploma or equivalent"),
        record.get_high_school_diploma_display(),
    )
    return section


def _audit_view(request: HttpRequest, participant: Participant, fields: list[str]) -> None:
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=participant, fields=fields)


# Pages -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def participant_create(request: HttpRequest) -> HttpResponse:
    """Enrol a participant; roles that read demographics may record them at intake."""
    require_casework(request.user)
    with_demographics = reads_demographics(request.user)
    initial: dict[str, Any] = {"enrolled_on": timezone.localdate()}
    if staff_visible_to(request.user).filter(pk=request.user.pk).exists():
        initial["assigned_to"] = request.user.pk
    form = ParticipantForm(request.POST or None, user=request.user, initial=initial)
    demo_form = DemographicsForm(request.POST or None, prefix="demo") if with_demographics else None
    incentive_form = IncentiveAnswersForm(request.POST or None, prefix="inc")
    if request.method == "POST":
        valid = form.is_valid()
        valid = (demo_form.is_valid() if demo_form is not None else True) and valid
        valid = incentive_form.is_valid() and valid
        if valid:
            demographics = None
            if demo_form is not None and not demo_form.is_blank():
                demographics = demo_form.demographics_data()
            try:
                with transaction.atomic():
                    participant = participant_enroll(
                        by=request.user, data=form.participant_data(), demographics=demographics
                    )
                    if not incentive_form.is_blank():
                        incentive_answers_record(
                            participant=participant,
                            by=request.user,
                            data=incentive_form.answers_data(),
                            today=timezone.localdate(),
                        )
            except ValidationError as exc:
                if _names_incentives(exc):
                    target = incentive_form
                elif demo_form is not None and _names_demographics(exc):
                    target = demo_form
                else:
                    target = form
                add_service_errors(target, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s is enrolled.") % {"name": participant.display_name},
                )
                return redirect("people:detail", participant.pk)
    return render(
        request,
        "people/participant_form.html",
        {
            "form": form,
            "demo_form": demo_form,
            "incentive_form": incentive_form,
            "participant": None,
        },
    )


def _names_demographics(exc: ValidationError) -> bool:
    return hasattr(exc, "error_dict") and any(name in DEMOGRAPHIC_FIELDS for name in exc.error_dict)


def _names_incentives(exc: ValidationError) -> bool:
    return hasattr(exc, "error_dict") and any(name in INCENTIVE_FIELDS for name in exc.error_dict)


@require_http_methods(["GET"])
@login_required
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The profile: contact, program, household, constraints, then everything recorded."""
    require_casework(request.user)
    participant = participant_get_for(request.user, pk)
    sections = profile_sections(participant)
    can_read_demographics = reads_demographics(request.user)
    demographics = None
    if can_read_demographics:
        record = demographics_visible_to(request.user).filter(participant=participant).first()
        if record is not None:
            demographics = demographics_section(record)
    shown = [fact.field for section in sections for fact in section.facts]
    if demographics is not None:
        shown += [fact.field for fact in demographics.facts]
    _audit_view(request, participant, shown)
    context = {
        "participant": participant,
        "sections": sections,
        "can_read_demographics": can_read_demographics,
        "demographics": demographics,
        "can_delete": user_manages(request.user),
        **records_context(participant, request.user, timezone.localdate()),
    }
    return render(request, "people/participant_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change intake, household and constraints; only the fields changed are written."""
    require_casework(request.user)
    participant = participant_get_for(request.user, pk)
    form = ParticipantForm(request.POST or None, user=request.user, participant=participant)
    answers = incentive_answers_of(participant)
    incentive_form = IncentiveAnswersForm(request.POST or None, prefix="inc", record=answers)
    if request.method == "POST" and all([form.is_valid(), incentive_form.is_valid()]):
        try:
            with transaction.atomic():
                changed = participant_update(
                    participant=participant, by=request.user, data=form.changed_participant_data()
                )
                answers_changed = incentive_form.changed_answers_data()
                if answers_changed:
                    incentive_answers_record(
                        participant=participant,
                        by=request.user,
                        data=answers_changed,
                        today=timezone.localdate(),
                    )
                    changed = [*changed, *answers_changed]
        except ValidationError as exc:
            add_service_errors(incentive_form if _names_incentives(exc) else form, exc)
        else:
            if changed:
                messages.success(request, _("Changes saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("people:detail", participant.pk)
    if request.method == "GET":
        shown = list(form.initial)
        if answers is not None:
            shown += [f"incentive_answers.{name}" for name in INCENTIVE_FIELDS]
        _audit_view(request, participant, shown)
    return render(
        request,
        "people/participant_form.html",
        {
            "form": form,
            "demo_form": None,
            "incentive_form": incentive_form,
            "participant": participant,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def demographics_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or change voluntary demographic answers (program directors and administrators)."""
    require_demographics(request.user)
    participant = participant_get_for(request.user, pk)
    record = demographics_visible_to(request.user).filter(participant=participant).first()
    form = DemographicsForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            record = participant_record_demographics(
                participant=participant, by=request.user, data=form.demographics_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Demographic answers saved. EEO category: %(category)s.")
                % {"category": record.get_eeo_category_display()},
            )
            return redirect("people:detail", participant.pk)
    if request.method == "GET" and record is not None:
        _audit_view(request, participant, [*DEMOGRAPHIC_FIELDS, "eeo_category"])
    return render(
        request,
        "people/demographics_form.html",
        {"form": form, "participant": participant, "record": record},
    )


@require_http_methods(["GET", "POST"])
@login_required
def participant_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then remove the participant and all their records (POST only removes)."""
    require_manager(request.user)
    participant = participant_get_for(request.user, pk)
    if request.method == "POST":
        name = participant.display_name
        participant_delete(participant=participant, by=request.user)
        messages.success(
            request, _("%(name)s and all their records were removed.") % {"name": name}
        )
        return redirect("people:caseload")
    return render(request, "people/participant_confirm_delete.html", {"participant": participant})
