"""Every write about sourcing partners, sourcing plans, job fairs and hiring events.

Partners, plans and fairs belong to the hiring-equity roles (administrators, program
directors, analysts); the baseline is set by administrators and program directors;
hiring events belong to casework (they record interactions with employers and supports
given to participants). Each write runs in one transaction with its audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from workbridge.accounts.access import casework_organisation, manager_organisation, require_own
from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.queries import membership_of
from workbridge.accounts.services import audit_record
from workbridge.core import spreadsheets
from workbridge.employers.choices import InteractionKind
from workbridge.employers.models import Employer, Interaction
from workbridge.employers.services import interaction_log
from workbridge.equity.access import EQUITY_ROLES, require_equity
from workbridge.equity.models import Applicant, JobFair, JobFairInterest, Requisition
from workbridge.people.choices import EeoCategory, Sex, SupportKind
from workbridge.people.models import CommunityArea, Participant, ZipCode
from workbridge.people.services import support_record
from workbridge.sourcing.models import (
    INTAKE_ITEMS,
    HiringEvent,
    HiringEventAttendee,
    Partner,
    PartnerAssessment,
    PartnerContact,
    PartnerStatusReport,
    ReachGroup,
    SourcingPlan,
    SourcingSettings,
)
from workbridge.web.uploads import spreadsheet_limits

PARTNER_FIELDS = (
    "name",
    "kind",
    "status",
    "groups",
    "communities",
    "website",
    "owner",
    "agreement_start",
    "agreement_end",
    "report_every_months",
    "aliases",
    "notes",
)


def _equity_org(by: User) -> Organisation:
    return require_equity(by)


def _own(row: Any, organisation: Organisation) -> None:
    if row.organisation_id != organisation.pk:
        raise PermissionDenied


def _check_owner(organisation: Organisation, owner: User | None) -> None:
    if owner is None:
        return
    membership = membership_of(owner)
    if (
        membership is None
        or membership.organisation_id != organisation.pk
        or membership.role not in EQUITY_ROLES
    ):
        raise ValidationError(
            {"owner": _("Choose someone of your organisation who works on hiring equity.")}
        )


def _clean_names(values: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        text = " ".join(str(value).split())
        if text:
            seen.setdefault(text.casefold(), text)
    return list(seen.values())


# Settings ---------------------------------------------------------------------------------


def sourcing_settings_for(organisation: Organisation) -> SourcingSettings:
    row, _made = SourcingSettings.objects.get_or_create(organisation=organisation)
    return row


@transaction.atomic
def sourcing_baseline_set(
    *, by: User, baseline_partnerships: int, baseline_on: date | None, increase_percent: int
) -> SourcingSettings:
    """Set the number of active partnerships the plan measures against, and the aim."""
    organisation = manager_organisation(by)
    if baseline_partnerships < 0 or not 0 <= increase_percent <= 1000:
        raise ValidationError(_("The baseline and the increase cannot be negative."))
    row = sourcing_settings_for(organisation)
    row.baseline_partnerships = baseline_partnerships
    row.baseline_on = baseline_on
    row.increase_percent = increase_percent
    fields = ["baseline_partnerships", "baseline_on", "increase_percent"]
    row.save(update_fields=fields)
    audit_record(actor=by, action=AuditAction.UPDATE, obj=row, fields=fields)
    return row


# Partners ---------------------------------------------------------------------------------


def _partner_apply(partner: Partner, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in PARTNER_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "groups":
            value = [g for g in ReachGroup.values if g in set(value or [])]
        elif name == "aliases":
            value = _clean_names(value or [])
        if getattr(partner, name) != value:
            setattr(partner, name, value)
            changed.append(name)
    start, end = partner.agreement_start, partner.agreement_end
    if start and end and end < start:
        raise ValidationError({"agreement_end": _("The agreement cannot end before it starts.")})
    return changed


def _partner_name_free(organisation: Organisation, name: str, pk: int | None) -> None:
    clash = Partner.objects.filter(organisation=organisation, name__iexact=name.strip())
    if pk:
        clash = clash.exclude(pk=pk)
    if clash.exists():
        raise ValidationError({"name": _("Another partner already has this name.")})


@transaction.atomic
def partner_create(
    *, by: User, data: dict[str, Any], community_areas: Sequence[CommunityArea] = ()
) -> Partner:
    """Add a partner organisation to the registry."""
    organisation = _equity_org(by)
    _check_owner(organisation, data.get("owner"))
    _partner_name_free(organisation, data.get("name", ""), None)
    partner = Partner(organisation=organisation)
    _partner_apply(partner, data)
    partner.full_clean(exclude=["community_areas"])
    partner.save()
    partner.community_areas.set(community_areas)
    audit_record(actor=by, action=AuditAction.CREATE, obj=partner, fields=list(PARTNER_FIELDS))
    return partner


@transaction.atomic
def partner_update(
    *,
    by: User,
    partner: Partner,
    data: dict[str, Any],
    community_areas: Sequence[CommunityArea] | None = None,
) -> Partner:
    """Change a partner's details; saves only what changed."""
    organisation = _equity_org(by)
    _own(partner, organisation)
    _check_owner(organisation, data.get("owner", partner.owner))
    if "name" in data:
        _partner_name_free(organisation, data["name"], partner.pk)
    changed = _partner_apply(partner, data)
    partner.full_clean(exclude=["community_areas"])
    if changed:
        partner.save(update_fields=[*changed, "updated_at"])
    if community_areas is not None:
        before = set(partner.community_areas.values_list("pk", flat=True))
        if before != {a.pk for a in community_areas}:
            partner.community_areas.set(community_areas)
            changed.append("community_areas")
    if changed:
        audit_record(actor=by, action=AuditAction.UPDATE, obj=partner, fields=changed)
    return partner


@transaction.atomic
def partner_contact_add(
    *, by: User, partner: Partner, name: str, title: str = "", email: str = "", phone: str = ""
) -> PartnerContact:
    """Add a person to reach at a partner organisation."""
    _own(partner, _equity_org(by))
    contact = PartnerContact(partner=partner, name=name, title=title, email=email, phone=phone)
    contact.full_clean()
    contact.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=contact,
        fields=["name", "title", "email", "phone"],
        detail=f"partner {partner.pk}",
    )
    return contact


@transaction.atomic
def partner_contact_remove(*, by: User, contact: PartnerContact) -> None:
    _own(contact.partner, _equity_org(by))
    audit_record(
        actor=by,
        action=AuditAction.DELETE,
        obj=contact,
        fields=["*"],
        detail=f"partner {contact.partner_id}",
    )
    contact.delete()


@transaction.atomic
def partner_report_record(
    *,
    by: User,
    partner: Partner,
    period_end: date,
    summary: str,
    candidates_referred: int | None = None,
    events_held: int | None = None,
) -> PartnerStatusReport:
    """Record the owner's status report on a partnership for the period ending `period_end`."""
    _own(partner, _equity_org(by))
    if partner.agreement_start and period_end < partner.agreement_start:
        raise ValidationError(
            {"period_end": _("The period cannot end before the agreement starts.")}
        )
    if partner.status_reports.filter(period_end=period_end).exists():
        raise ValidationError(
            {"period_end": _("A status report for the period ending on this date is already in.")}
        )
    report = PartnerStatusReport(
        partner=partner,
        period_end=period_end,
        summary=summary,
        candidates_referred=candidates_referred,
        events_held=events_held,
        by=by,
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=report,
        fields=["period_end", "summary", "candidates_referred", "events_held"],
        detail=f"partner {partner.pk}",
    )
    return report


@transaction.atomic
def partner_assess(
    *,
    by: User,
    partner: Partner,
    assessed_on: date,
    reach: int,
    candidate_quality: int,
    responsiveness: int,
    alignment: int,
    narrative: str,
) -> PartnerAssessment:
    """Record a value assessment of a partnership: four scores of 1–5 and the reasons."""
    _own(partner, _equity_org(by))
    assessment = PartnerAssessment(
        partner=partner,
        assessed_on=assessed_on,
        reach=reach,
        candidate_quality=candidate_quality,
        responsiveness=responsiveness,
        alignment=alignment,
        narrative=narrative,
        by=by,
    )
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=assessment,
        fields=["reach", "candidate_quality", "responsiveness", "alignment", "narrative"],
        detail=f"partner {partner.pk}",
    )
    return assessment


# Sourcing plans ---------------------------------------------------------------------------


@transaction.atomic
def sourcing_plan_save(
    *,
    by: User,
    requisition: Requisition,
    intake_on: date,
    checklist: Sequence[str],
    planned_channels: Sequence[str],
    partners: Sequence[Partner],
    onsite_offers: bool,
    fairs: Sequence[JobFair] = (),
    notes: str = "",
) -> SourcingPlan:
    """Record (or change) the intake of a hire: the checklist and the planned channels and
    partners, and whether the position may be offered on the spot at job fairs."""
    organisation = _equity_org(by)
    _own(requisition, organisation)
    if any(p.organisation_id != organisation.pk for p in partners) or any(
        f.organisation_id != organisation.pk for f in fairs
    ):
        raise PermissionDenied
    if fairs and not onsite_offers:
        raise ValidationError(
            {"fairs": _("Choose job fairs only for a position eligible for on-site offers.")}
        )
    known = {key for key, _label in INTAKE_ITEMS}
    plan = SourcingPlan.objects.filter(requisition=requisition).first()
    creating = plan is None
    if plan is None:
        plan = SourcingPlan(organisation=organisation, requisition=requisition, intake_on=intake_on)
    plan.intake_on = intake_on
    plan.checklist = {key: key in set(checklist) for key, _label in INTAKE_ITEMS if key in known}
    plan.planned_channels = _clean_names(planned_channels)
    plan.onsite_offers = onsite_offers
    plan.notes = notes
    plan.by = by
    plan.full_clean(exclude=["requisition"])
    if creating:
        plan.save()
    else:
        plan.save(
            update_fields=[
                "intake_on",
                "checklist",
                "planned_channels",
                "onsite_offers",
                "notes",
                "by",
                "updated_at",
            ]
        )
    plan.partners.set(partners)
    plan.fairs.set(fairs)
    audit_record(
        actor=by,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=plan,
        fields=["intake_on", "checklist", "planned_channels", "partners", "onsite_offers", "fairs"],
        detail=f"requisition {requisition.external_id}"[:200],
    )
    return plan


# Job fairs --------------------------------------------------------------------------------


@transaction.atomic
def job_fair_save(
    *,
    by: User,
    name: str,
    held_on: date,
    location: str = "",
    community_area: CommunityArea | None = None,
    fair: JobFair | None = None,
) -> JobFair:
    """Create a job fair, or change one; the applicant-flow import can then name it."""
    organisation = _equity_org(by)
    name = " ".join(name.split())
    clash = JobFair.objects.filter(organisation=organisation, name__iexact=name)
    if fair is not None:
        _own(fair, organisation)
        clash = clash.exclude(pk=fair.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("Another job fair has this name; the import tells fairs apart by name.")}
        )
    creating = fair is None
    if fair is None:
        fair = JobFair(organisation=organisation)
    fair.name, fair.date, fair.location, fair.community_area = (
        name,
        held_on,
        location,
        community_area,
    )
    fair.full_clean()
    if creating:
        fair.save()
    else:
        fair.save(update_fields=["name", "date", "location", "community_area"])
    audit_record(
        actor=by,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=fair,
        fields=["name", "date", "location", "community_area"],
    )
    return fair


INTEREST_PROBLEMS = {
    "unknown_applicant": _("No applicant has the id “%(value)s”."),
    "repeated_person": _("The same person id is on row %(other)s."),
}


def interest_columns() -> list[spreadsheets.Column]:
    """The interest list's columns: a person id, their answers and an applicant id to link."""
    race = _either_language(EeoCategory.choices)
    sex = _either_language(Sex.choices)
    return [
        spreadsheets.Column("person_id", _("person id"), False, str, ("id", "person", "email")),
        spreadsheets.Column(
            "eeo_category",
            _("race/ethnicity"),
            False,
            race,
            ("race", "race ethnicity", "race_ethnicity", "ethnicity"),
        ),
        spreadsheets.Column("sex", _("sex"), False, sex, ("gender",)),
        spreadsheets.Column(
            "home_zip", _("home ZIP code"), False, _parse_zip, ("zip", "zip code", "postal code")
        ),
        spreadsheets.Column(
            "applicant_id",
            _("applicant id"),
            False,
            str,
            ("applicant", "application id", "candidate id"),
        ),
    ]


def _either_language(choices: Sequence[tuple[str, Any]]) -> spreadsheets.Parser:
    """A choice by its key, or its name in the page's language or in English (files
    usually come from English systems)."""
    here = spreadsheets.parse_choice({k: str(v) for k, v in choices})
    with translation.override("en"):
        english = spreadsheets.parse_choice({k: str(v) for k, v in choices})

    def parse(raw: str) -> Any:
        try:
            return here(raw)
        except spreadsheets.ValueProblem as problem:
            try:
                return english(raw)
            except spreadsheets.ValueProblem:
                raise problem from None

    return parse


def _parse_zip(raw: str) -> str:
    text = raw.strip()[:5]
    if len(text) != 5 or not text.isdigit():
        raise spreadsheets.ValueProblem("not_zip")
    return text


@dataclass
class InterestPlan:
    """An interest list read and checked: the rows to write, or every problem."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[spreadsheets.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def fair_interests_check(
    organisation: Organisation, source: IO[bytes], filename: str
) -> InterestPlan:
    """Read and check every row of an interest list; nothing is written."""
    plan = InterestPlan()
    columns = interest_columns()
    try:
        with spreadsheets.open_table(source, filename, limits=spreadsheet_limits()) as table:
            mapping = spreadsheets.guess_mapping(table.headers, columns)
            checked = spreadsheets.check_rows(table.headers, table, columns, mapping)
    except spreadsheets.FileProblem as exc:
        plan.problems.append(spreadsheets.Problem(1, "", exc.code, exc.params))
        return plan
    plan.problems.extend(checked.problems)
    wanted = {r["applicant_id"] for r in checked.rows if r.get("applicant_id")}
    applicants: dict[str, int] = {}
    if wanted:
        # The newest application of each id (ids repeat across requisitions).
        for external_id, pk in (
            Applicant.objects.filter(organisation=organisation, external_id__in=wanted)
            .order_by("external_id", "requisition__posting_date", "pk")
            .values_list("external_id", "pk")
        ):
            applicants[external_id] = pk
    areas = dict(
        ZipCode.objects.filter(
            zip__in={r["home_zip"] for r in checked.rows if r.get("home_zip")}
        ).values_list("zip", "community_area_id")
    )
    seen: dict[str, int] = {}
    for line, row in zip(checked.numbers, checked.rows, strict=True):
        person = row.get("person_id", "")[:64]
        if person:
            if person in seen:
                plan.problems.append(
                    spreadsheets.Problem(
                        line,
                        mapping.get("person_id", ""),
                        "repeated_person",
                        {"other": seen[person]},
                    )
                )
                continue
            seen[person] = line
        applicant_id = row.get("applicant_id", "")
        if applicant_id and applicant_id not in applicants:
            plan.problems.append(
                spreadsheets.Problem(
                    line,
                    mapping.get("applicant_id", ""),
                    "unknown_applicant",
                    {"value": applicant_id},
                )
            )
            continue
        home_zip = row.get("home_zip", "")
        plan.rows.append(
            {
                "external_id": person,
                "eeo_category": row.get("eeo_category", EeoCategory.NOT_DISCLOSED),
                "sex": row.get("sex", ""),
                "home_zip": home_zip,
                "community_area_id": areas.get(home_zip),
                "applicant_id": applicants.get(applicant_id) if applicant_id else None,
            }
        )
    return plan


@transaction.atomic
def fair_interests_import(*, by: User, fair: JobFair, plan: InterestPlan, filename: str) -> int:
    """Replace a fair's interest list with a checked file's rows; returns how many."""
    _own(fair, _equity_org(by))
    if not plan.ok:
        raise ValueError("the file has problems")
    JobFairInterest.objects.filter(job_fair=fair).delete()
    JobFairInterest.objects.bulk_create(
        (JobFairInterest(job_fair=fair, **row) for row in plan.rows), batch_size=2_000
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="equity.jobfairinterest",
        fields=["external_id", "eeo_category", "sex", "home_zip", "applicant"],
        detail=f"job fair {fair.pk} interest list {filename[:100]}: {len(plan.rows)} people",
    )
    return len(plan.rows)


# Hiring events (placement) ----------------------------------------------------------------


@transaction.atomic
def hiring_event_create(
    *,
    by: User,
    name: str,
    held_on: date,
    location: str = "",
    community_area: CommunityArea | None = None,
    notes: str = "",
) -> HiringEvent:
    """Plan a hiring event where participants meet employers."""
    organisation = casework_organisation(by)
    event = HiringEvent(
        organisation=organisation,
        name=" ".join(name.split()),
        held_on=held_on,
        location=location,
        community_area=community_area,
        notes=notes,
        created_by=by,
    )
    event.full_clean()
    event.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=event,
        fields=["name", "held_on", "location", "community_area", "notes"],
    )
    return event


@transaction.atomic
def hiring_event_employers_record(
    *, by: User, event: HiringEvent, employers: Sequence[Employer]
) -> Interaction:
    """Record the employers who attended: one employer interaction of kind "event" with all
    of them (their last contact moves to the event's date). Recording again adds to it."""
    require_own(event, by)
    if not employers:
        raise ValidationError({"employers": _("Choose at least one employer.")})
    summary = _("Attended the hiring event “%(name)s”.") % {"name": event.name}
    if event.interaction is None:
        interaction = interaction_log(
            by=by,
            employers=employers,
            kind=InteractionKind.EVENT,
            occurred_on=event.held_on,
            summary=summary,
        )
        event.interaction = interaction
        event.save(update_fields=["interaction"])
    else:
        interaction = event.interaction
        if any(e.organisation_id != event.organisation_id for e in employers):
            raise PermissionDenied
        interaction.employers.add(*employers)
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=event,
        fields=["employers"],
        detail=f"{len(employers)} employers",
    )
    return interaction


@transaction.atomic
def hiring_event_participants_record(
    *, by: User, event: HiringEvent, participants: Sequence[Participant]
) -> int:
    """Record the participants who attended, each as a "hiring event" support on their
    record; a participant already recorded is not recorded twice. Returns how many new."""
    require_own(event, by)
    if not participants:
        raise ValidationError({"participants": _("Choose at least one participant.")})
    already = set(event.attendees.values_list("participant_id", flat=True))
    added = 0
    for participant in participants:
        if participant.pk in already:
            continue
        support = support_record(
            participant=participant,
            by=by,
            kind=SupportKind.HIRING_EVENT,
            given_on=event.held_on,
            notes=event.name,
        )
        HiringEventAttendee.objects.create(event=event, participant=participant, support=support)
        already.add(participant.pk)
        added += 1
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=event,
        fields=["attendees"],
        detail=f"{added} participants",
    )
    return added
