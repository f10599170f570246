"""Writes about participants. Each use case is one transaction that writes its audit event."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from workbridge.accounts.access import casework_organisation, require_colleague, require_own
from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.core.demographics import eeo_category
from workbridge.people import defaults
from workbridge.people.choices import SupportKind
from workbridge.people.models import (
    Assessment,
    AssessmentAnswer,
    AssessmentInstrument,
    AssessmentItem,
    CareerGoal,
    CaseNote,
    Certification,
    Demographics,
    Milestone,
    MilestoneTemplate,
    MilestoneTemplateStep,
    Occupation,
    OwnApplication,
    Participant,
    Skill,
    SupportGiven,
    WorkHistory,
    ZipCode,
)

# Fields of Participant that staff set directly through intake and edit forms.
PARTICIPANT_FIELDS = (
    "external_id",
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "phone",
    "preferred_language",
    "zip_code",
    "enrolled_on",
    "planned_exit_on",
    "exited_on",
    "exit_outcome",
    "assigned_to",
    "resume_summary",
    "household_size",
    "children_ages",
    "benefits",
    "availability",
    "physical_limits",
    "transport_mode",
    "max_commute_minutes",
    "childcare_need",
    "preferred_environments",
    "min_hourly_wage",
    "needs_fair_chance",
)
DEMOGRAPHIC_FIELDS = (
    "race_ethnicity",
    "race_ethnicity_detail",
    "race_prefer_not",
    "sex",
    "veteran",
    "disability",
    "justice_involved",
    "age_band",
    "long_term_unemployed",
    "high_school_diploma",
)


def _apply(participant: Participant, data: Mapping[str, Any]) -> list[str]:
    changed = []
    for name, value in data.items():
        if name not in PARTICIPANT_FIELDS:
            raise ValueError(f"Not a participant field: {name}")
        if getattr(participant, name) != value:
            setattr(participant, name, value)
            changed.append(name)
    if "zip_code" in changed or participant.pk is None:
        zip_row = ZipCode.objects.filter(zip=participant.zip_code).first()
        participant.community_area_id = zip_row.community_area_id if zip_row else None
        changed.append("community_area")
    return changed


def participant_rule_errors(
    organisation: Organisation, participant: Participant | None, data: Mapping[str, Any]
) -> dict[str, list[str]]:
    """Rules across fields, on the record as it would be after the change, by field.

    The services enforce them; the intake form asks too so that it can show them with
    every other error at once. The API relies on the services.
    """

    def value(name: str) -> Any:
        if name in data:
            return data[name]
        return getattr(participant, name) if participant is not None else None

    errors: dict[str, list[str]] = {}
    enrolled, planned, exited = value("enrolled_on"), value("planned_exit_on"), value("exited_on")
    if enrolled and planned and planned < enrolled:
        errors["planned_exit_on"] = [_("The planned exit cannot be before enrolment.")]
    if enrolled and exited and exited < enrolled:
        errors["exited_on"] = [_("The exit cannot be before enrolment.")]
    if value("exit_outcome") and not exited:
        errors["exit_outcome"] = [_("Record the exit date with the exit outcome.")]
    size, ages = value("household_size"), value("children_ages")
    if size and ages and len(ages) >= size:
        errors["children_ages"] = [
            _("A household of %(size)s cannot include %(count)s children and the participant.")
            % {"size": size, "count": len(ages)}
        ]
    external_id = data.get("external_id")
    if external_id:
        others = Participant.objects.filter(organisation=organisation, external_id=external_id)
        if participant is not None:
            others = others.exclude(pk=participant.pk)
        if others.exists():
            errors["external_id"] = [_("Another participant already has this external id.")]
    return errors


def _check_rules(
    organisation: Organisation, participant: Participant | None, data: Mapping[str, Any]
) -> None:
    errors = participant_rule_errors(organisation, participant, data)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def participant_enroll(
    *, by: User, data: Mapping[str, Any], demographics: Mapping[str, Any] | None = None
) -> Participant:
    """Enrol a participant: intake, their milestones and, if given, voluntary demographics."""
    organisation = casework_organisation(by)
    require_colleague(organisation, data.get("assigned_to"), field="assigned_to")
    _check_rules(organisation, None, data)
    participant = Participant(organisation=organisation)
    changed = _apply(participant, data)
    participant.full_clean()
    participant.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=participant, fields=changed)
    milestones_generate(participant=participant, by=by, audit=False)
    if demographics is not None:
        participant_record_demographics(participant=participant, by=by, data=demographics)
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, by: User, data: Mapping[str, Any]) -> list[str]:
    """Change intake, household or constraint fields; re-plan milestones if the exit moved."""
    organisation = require_own(participant, by)
    if "assigned_to" in data:
        require_colleague(organisation, data["assigned_to"], field="assigned_to")
    _check_rules(organisation, participant, data)
    old_exit = participant.planned_exit_on
    changed = _apply(participant, data)
    if not changed:
        return []
    participant.full_clean()
    participant.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=participant, fields=changed)
    if participant.planned_exit_on != old_exit:
        milestones_replan(participant=participant, by=by)
    return changed


@transaction.atomic
def participant_delete(*, participant: Participant, by: User) -> None:
    """Remove a participant and everything recorded about them."""
    require_own(participant, by)
    audit_record(
        actor=by,
        action=AuditAction.DELETE,
        obj=participant,
        fields=["*"],
        detail=_("Participant and all their records removed"),
    )
    participant.delete()


@transaction.atomic
def participant_record_demographics(
    *, participant: Participant, by: User, data: Mapping[str, Any]
) -> Demographics:
    """Store voluntary answers and derive the EEO category from them."""
    require_own(participant, by)
    record, created = Demographics.objects.get_or_create(participant=participant)
    changed = []
    for name, value in data.items():
        if name not in DEMOGRAPHIC_FIELDS:
            raise ValueError(f"Not a demographic field: {name}")
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    saved = list(changed)
    if record.race_prefer_not and record.race_ethnicity:
        record.race_ethnicity = []
        saved.append("race_ethnicity")
    try:
        category = eeo_category(record.race_ethnicity, prefer_not_to_say=record.race_prefer_not)
    except ValueError as exc:
        raise ValidationError({"race_ethnicity": str(exc)}) from None
    if category != record.eeo_category:
        record.eeo_category = category
        saved.append("eeo_category")
    record.full_clean()
    # The row exists (get_or_create above): write only what this change touches.
    if saved:
        record.save(update_fields=[*dict.fromkeys(saved), "updated_at"])
    if changed or created:
        audit_record(
            actor=by,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=record,
            object_id=participant.pk,
            object_type="people.demographics",
            fields=changed,
        )
    return record


# Readiness assessments ------------------------------------------------------


def instrument_for(organisation: Organisation) -> AssessmentInstrument:
    """The organisation's readiness instrument, created from the default on first use."""
    instrument = (
        AssessmentInstrument.objects.filter(organisation=organisation, is_active=True)
        .order_by("id")
        .first()
    )
    if instrument is not None:
        return instrument
    with transaction.atomic():
        instrument = AssessmentInstrument.objects.create(
            organisation=organisation, name=defaults.INSTRUMENT_NAME
        )
        AssessmentItem.objects.bulk_create(
            AssessmentItem(
                instrument=instrument,
                position=i,
                text=text,
                text_es=text_es,
                reverse_scored=reverse,
            )
            for i, (text, text_es, reverse) in enumerate(defaults.INSTRUMENT_ITEMS)
        )
    return instrument


def readiness_score(values: Iterable[tuple[int, bool]]) -> Decimal:
    """0–100 from (answer 0–4, reverse scored) pairs: the mean, turned round where reversed."""
    pairs = list(values)
    if not pairs:
        raise ValueError("An assessment needs at least one answer")
    total = sum((4 - v) if reverse else v for v, reverse in pairs)
    score = Decimal(total * 100) / Decimal(4 * len(pairs))
    return score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def assessment_record(
    *,
    participant: Participant,
    by: User,
    taken_on: date,
    answers: Mapping[int, int],
    notes: str = "",
) -> Assessment:
    """Record a readiness assessment: every active item answered 0–4."""
    organisation = require_own(participant, by)
    instrument = instrument_for(organisation)
    items = list(instrument.items.filter(is_active=True))
    errors = {}
    for item in items:
        value = answers.get(item.pk)
        if value is None:
            errors[f"item_{item.pk}"] = _("Answer this question.")
        elif not 0 <= value <= 4:
            errors[f"item_{item.pk}"] = _("Choose a score from 0 to 4.")
    if errors:
        raise ValidationError(errors)
    score = readiness_score((answers[item.pk], item.reverse_scored) for item in items)
    assessment = Assessment.objects.create(
        participant=participant,
        instrument=instrument,
        taken_on=taken_on,
        score=score,
        notes=notes,
        recorded_by=by,
    )
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=assessment, item=item, value=answers[item.pk]) for item in items
    )
    if participant.last_assessed_on is None or taken_on > participant.last_assessed_on:
        participant.last_assessed_on = taken_on
        participant.save(update_fields=["last_assessed_on", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=assessment,
        fields=["answers", "score", "notes"],
        detail=f"participant {participant.pk}",
    )
    return assessment


@transaction.atomic
def instrument_update(
    *, organisation: Organisation, by: User, items: list[dict[str, Any]]
) -> AssessmentInstrument:
    """Replace the instrument's active questions; past answers keep their questions."""
    instrument = instrument_for(organisation)
    keep = set()
    for position, row in enumerate(items):
        text = (row.get("text") or "").strip()
        if not text:
            continue
        item_id = row.get("id")
        if item_id:
            item = instrument.items.get(pk=item_id)
            wanted = {
                "text": text,
                "text_es": row.get("text_es", ""),
                "reverse_scored": bool(row.get("reverse_scored")),
                "position": position,
                "is_active": True,
            }
            changed = [name for name, value in wanted.items() if getattr(item, name) != value]
            for name in changed:
                setattr(item, name, wanted[name])
            if changed:
                item.save(update_fields=changed)
        else:
            item = AssessmentItem.objects.create(
                instrument=instrument,
                position=position,
                text=text,
                text_es=row.get("text_es", ""),
                reverse_scored=bool(row.get("reverse_scored")),
            )
        keep.add(item.pk)
    if not keep:
        raise ValidationError(_("The questionnaire needs at least one question."))
    instrument.items.exclude(pk__in=keep).update(is_active=False)
    audit_record(actor=by, action=AuditAction.UPDATE, obj=instrument, fields=["items"])
    return instrument


# Milestones -----------------------------------------------------------------


def milestone_template_for(organisation: Organisation) -> MilestoneTemplate:
    """The organisation's default milestone template, created on first use."""
    template = (
        MilestoneTemplate.objects.filter(organisation=organisation, is_default=True)
        .order_by("id")
        .first()
    )
    if template is not None:
        return template
    with transaction.atomic():
        template = MilestoneTemplate.objects.create(
            organisation=organisation, name=defaults.MILESTONE_TEMPLATE_NAME
        )
        MilestoneTemplateStep.objects.bulk_create(
            MilestoneTemplateStep(template=template, title=title, days_before_exit=days)
            for title, days in defaults.MILESTONE_STEPS
        )
    return template


def _refresh_next_due(participant: Participant) -> None:
    next_due = participant.milestones.filter(done_on__isnull=True).aggregate(d=Min("due_on"))["d"]
    if participant.next_milestone_due_on != next_due:
        participant.next_milestone_due_on = next_due
        participant.save(update_fields=["next_milestone_due_on", "updated_at"])


@transaction.atomic
def milestones_generate(
    *, participant: Participant, by: User, audit: bool = True
) -> list[Milestone]:
    """Plan the template's milestones backwards from the planned exit date."""
    template = milestone_template_for(participant.organisation)
    milestones = Milestone.objects.bulk_create(
        Milestone(
            participant=participant,
            title=step.title,
            due_on=participant.planned_exit_on - timedelta(days=step.days_before_exit),
        )
        for step in template.steps.all()
    )
    _refresh_next_due(participant)
    if audit:
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            obj=participant,
            fields=["milestones"],
            detail=_("Milestones planned from the template"),
        )
    return milestones


@transaction.atomic
def milestones_replan(*, participant: Participant, by: User) -> None:
    """After the exit date moves, re-plan the milestones not yet done; done ones stay."""
    done_titles = set(
        participant.milestones.filter(done_on__isnull=False).values_list("title", flat=True)
    )
    participant.milestones.filter(done_on__isnull=True).delete()
    template = milestone_template_for(participant.organisation)
    Milestone.objects.bulk_create(
        Milestone(
            participant=participant,
            title=step.title,
            due_on=participant.planned_exit_on - timedelta(days=step.days_before_exit),
        )
        for step in template.steps.all()
        if step.title not in done_titles
    )
    _refresh_next_due(participant)


@transaction.atomic
def milestone_set_done(*, milestone: Milestone, by: User, done_on: date | None) -> Milestone:
    """Mark a milestone done on a date, or not done (None)."""
    participant = milestone.participant
    require_own(participant, by)
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    _refresh_next_due(participant)
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=milestone,
        fields=["done_on"],
        detail=f"participant {participant.pk}",
    )
    return milestone


@transaction.atomic
def milestone_template_update(
    *, organisation: Organisation, by: User, steps: list[tuple[str, int]]
) -> MilestoneTemplate:
    """Replace the default template's steps (title, days before exit)."""
    clean = [(title.strip(), int(days)) for title, days in steps if title and title.strip()]
    if not clean:
        raise ValidationError(_("The template needs at least one milestone."))
    template = milestone_template_for(organisation)
    template.steps.all().delete()
    MilestoneTemplateStep.objects.bulk_create(
        MilestoneTemplateStep(template=template, title=t, days_before_exit=d) for t, d in clean
    )
    audit_record(actor=by, action=AuditAction.UPDATE, obj=template, fields=["steps"])
    return template


# Contacts, supports, goals, history, skills, certifications ----------------


# The records of a participant that staff add and remove one at a time.
ParticipantRecord = (
    CaseNote | SupportGiven | CareerGoal | WorkHistory | Skill | Certification | OwnApplication
)


def _child_create[R: ParticipantRecord](
    model: type[R], *, participant: Participant, by: User, **fields: Any
) -> R:
    require_own(participant, by)
    row = model(participant=participant, **fields)
    row.full_clean()
    row.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=row,
        fields=list(fields),
        detail=f"participant {participant.pk}",
    )
    return row


@transaction.atomic
def child_record_delete(*, row: ParticipantRecord, by: User) -> None:
    """Remove one record (note, support, goal, job, skill, certification) of a participant."""
    participant = row.participant
    require_own(participant, by)
    audit_record(
        actor=by,
        action=AuditAction.DELETE,
        obj=row,
        fields=["*"],
        detail=f"participant {participant.pk}",
    )
    row.delete()
    if isinstance(row, CaseNote):
        latest = participant.case_notes.order_by("-contact_on").values_list("contact_on", flat=True)
        participant.last_contact_on = latest.first()
        participant.save(update_fields=["last_contact_on", "updated_at"])


@transaction.atomic
def case_note_record(
    *, participant: Participant, by: User, contact_on: date, method: str, note: str
) -> CaseNote:
    """Record a contact with the participant."""
    row = _child_create(
        CaseNote,
        participant=participant,
        by=by,
        contact_on=contact_on,
        method=method,
        note=note,
        author=by,
    )
    if participant.last_contact_on is None or contact_on > participant.last_contact_on:
        participant.last_contact_on = contact_on
        participant.save(update_fields=["last_contact_on", "updated_at"])
    return row


@transaction.atomic
def support_record(
    *,
    participant: Participant,
    by: User,
    kind: str,
    given_on: date,
    notes: str = "",
    video_interview_readiness: int | None = None,
) -> SupportGiven:
    """Record a job-search support given to the participant (with online-interview
    coaching, the answer to its readiness question)."""
    if video_interview_readiness is not None and kind != SupportKind.ONLINE_INTERVIEW:
        raise ValidationError(
            {
                "video_interview_readiness": _(
                    "This question belongs to online-interview coaching only."
                )
            }
        )
    extra = (
        {}
        if video_interview_readiness is None
        else {"video_interview_readiness": video_interview_readiness}
    )
    return _child_create(
        SupportGiven,
        participant=participant,
        by=by,
        kind=kind,
        given_on=given_on,
        notes=notes,
        given_by=by,
        **extra,
    )


@transaction.atomic
def career_goal_add(
    *,
    participant: Participant,
    by: User,
    occupation: Occupation,
    notes: str = "",
    is_primary: bool = False,
) -> CareerGoal:
    """Add a target occupation; a new primary goal demotes the old one."""
    if is_primary:
        participant.career_goals.filter(is_primary=True).update(is_primary=False)
    return _child_create(
        CareerGoal,
        participant=participant,
        by=by,
        occupation=occupation,
        notes=notes,
        is_primary=is_primary,
    )


@transaction.atomic
def work_history_add(*, participant: Participant, by: User, **fields: Any) -> WorkHistory:
    """Add a past or current job, with the factors behind losing it if it was lost."""
    return _child_create(WorkHistory, participant=participant, by=by, **fields)


@transaction.atomic
def skill_add(*, participant: Participant, by: User, name: str) -> Skill:
    """Add a skill (once per person, case-insensitively)."""
    name = name.strip()
    existing = participant.skills.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    return _child_create(Skill, participant=participant, by=by, name=name)


@transaction.atomic
def certification_add(*, participant: Participant, by: User, **fields: Any) -> Certification:
    """Add a certification or licence."""
    return _child_create(Certification, participant=participant, by=by, **fields)
