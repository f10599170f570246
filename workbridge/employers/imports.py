"""Importing employers, contacts and openings from the spreadsheets job developers keep.

Two steps, so nothing is half-imported: ``import_check`` reads and checks every row
(values, references to employers, owners and occupations, repeated ids) and returns a
plan with every problem; ``import_apply`` writes a problem-free plan in one transaction.
Rows are matched on their external id, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import casework_organisation_id
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.queries import membership_of, staff_visible_to
from workbridge.accounts.services import audit_record
from workbridge.core.spreadsheets import (
    Column,
    Problem,
    ValueProblem,
    check_rows,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_list,
)
from workbridge.employers.choices import Channel, Incentive, SizeBand, Stage, Tier
from workbridge.employers.models import Contact, Employer, Location, StageChange
from workbridge.employers.services import follow_ups_refresh
from workbridge.jobs.models import JobOpening, OpeningStatus, TransitAccess, WorkEnvironment
from workbridge.people.choices import Language, PhysicalLimit
from workbridge.people.models import Occupation, ZipCode
from workbridge.web.accepted_values import accepted_values_text, choice_labels

DAY_WORDS = {
    "mon": [0],
    "tue": [1],
    "wed": [2],
    "thu": [3],
    "fri": [4],
    "sat": [5],
    "sun": [6],
    "weekdays": [0, 1, 2, 3, 4],
    "weekends": [5, 6],
    "daily": list(range(7)),
}
SHIFT_WORDS = {"morning": 0, "day": 1, "evening": 2, "night": 3}


def parse_zip(raw: str) -> str:
    text = raw.strip()[:5]
    if len(text) != 5 or not text.isdigit():
        raise ValueProblem("not_zip")
    return text


def parse_soc(raw: str) -> str:
    text = raw.strip()
    if len(text) == 6 and text.isdigit():
        text = f"{text[:2]}-{text[2:]}"
    if len(text) != 7 or text[2] != "-":
        raise ValueProblem("not_soc")
    return text


def parse_shifts(raw: str) -> int:
    """``weekdays:day; sat:morning`` → the 28-bit mask (bit 4 × day + shift)."""
    mask = 0
    for part in raw.replace("|", ";").replace(",", ";").split(";"):
        part = part.strip().lower()
        if not part:
            continue
        days, _sep, shift = part.partition(":")
        if days not in DAY_WORDS or shift not in SHIFT_WORDS:
            raise ValueProblem("not_shift")
        for day in DAY_WORDS[days]:
            mask |= 1 << (4 * day + SHIFT_WORDS[shift])
    return mask


def _choice(choices) -> Any:
    return parse_choice({k: str(v) for k, v in choices.choices})


# The choices a column accepts, so a problem names their labels in the page's language.
CHOICE_SETS = (
    SizeBand,
    Stage,
    Tier,
    Incentive,
    Channel,
    Language,
    PhysicalLimit,
    WorkEnvironment,
    TransitAccess,
    OpeningStatus,
)


COLUMNS: dict[str, list[Column]] = {
    "employers": [
        Column("external_id", "Employer id", required=True, aliases=("id",)),
        Column("name", "Name", required=True, aliases=("employer", "employer name")),
        Column("naics_code", "NAICS", aliases=("industry",)),
        Column("size_band", "Size", parse=_choice(SizeBand)),
        Column("website", "Website"),
        Column("stage", "Stage", parse=_choice(Stage)),
        Column("tier", "Tier", parse=_choice(Tier)),
        Column("owner", "Owner", aliases=("job developer",)),
        Column("incentives", "Incentives", parse=parse_list(_choice(Incentive))),
        Column("notes", "Notes"),
        Column("address", "Address"),
        Column("zip_code", "ZIP", parse=parse_zip, aliases=("zip code", "postal code")),
    ],
    "contacts": [
        Column("external_id", "Contact id", required=True, aliases=("id",)),
        Column("employer", "Employer id", required=True),
        Column("name", "Name", required=True, aliases=("contact", "contact name")),
        Column("role", "Role", aliases=("title",)),
        Column("phone", "Phone"),
        Column("email", "E-mail", aliases=("email",)),
        Column("preferred_channel", "Preferred channel", parse=_choice(Channel)),
        Column("preferred_language", "Language", parse=_choice(Language)),
        Column("email_opt_out", "Opted out of e-mail", parse=parse_bool, aliases=("opt out",)),
    ],
    "openings": [
        Column("external_id", "Opening id", required=True, aliases=("id", "job id")),
        Column("employer", "Employer id", required=True),
        Column("title", "Title", required=True, aliases=("job title",)),
        Column("occupation", "SOC code", required=True, parse=parse_soc, aliases=("soc",)),
        Column("hourly_wage", "Hourly wage", required=True, parse=parse_decimal),
        Column("hours_per_week", "Hours per week", required=True, parse=parse_int),
        Column("shifts", "Shifts", parse=parse_shifts),
        Column("health_insurance", "Health insurance", parse=parse_bool),
        Column("paid_leave", "Paid leave", parse=parse_bool),
        Column("retirement", "Retirement", parse=parse_bool),
        Column("career_pathway", "Career pathway"),
        Column("physical_demands", "Physical demands", parse=parse_list(_choice(PhysicalLimit))),
        Column("work_environment", "Work environment", parse=_choice(WorkEnvironment)),
        Column("zip_code", "ZIP", required=True, parse=parse_zip, aliases=("zip code",)),
        Column("transit_access", "Transit", parse=_choice(TransitAccess)),
        Column("fair_chance", "Fair chance", parse=parse_bool),
        Column("positions", "Openings", parse=parse_int, aliases=("positions",)),
        Column("status", "Status", parse=_choice(OpeningStatus)),
        Column("posted_on", "Posted on", required=True, parse=parse_date),
        Column("closes_on", "Closes on", parse=parse_date),
    ],
}

KIND_LABELS = {
    "employers": _("Employers"),
    "contacts": _("Contacts"),
    "openings": _("Job openings"),
}

PROBLEM_MESSAGES = {
    "choose_column": _("Choose the column for “%(field)s”."),
    "required": _("This value is required."),
    "not_number": _("“%(value)s” is not a number."),
    "not_whole_number": _("“%(value)s” is not a whole number."),
    "not_date": _("“%(value)s” is not a date (use YYYY-MM-DD or MM/DD/YYYY)."),
    "not_yes_no": _("“%(value)s” is not yes or no."),
    "not_choice": _("“%(value)s” is not one of the accepted values: %(choices)s."),
    "not_zip": _("“%(value)s” is not a five-digit ZIP code."),
    "not_soc": _("“%(value)s” is not a SOC code like 35-2014."),
    "not_shift": _("“%(value)s” is not a list of shifts like “weekdays:day; sat:morning”."),
    "unknown_soc": _("There is no SOC 2018 occupation %(value)s."),
    "unknown_employer": _("No employer has the id “%(value)s”; import employers first."),
    "unknown_owner": _("No staff member of your organisation is “%(value)s”."),
    "repeated_id": _("The id “%(value)s” is also on line %(other)s."),
    "invalid": _("%(value)s"),
    "negative": _("“%(value)s” cannot be below zero."),
    "hours_range": _("“%(value)s” must be between 1 and 80."),
    "closes_before_posted": _("The closing date comes before the posting date."),
    "invalid_value": _("“%(value)s”: %(message)s"),
}

# The model field each column is written to, so the check applies the write's own rules
# (length, web address, digits of an amount, range of a number) and the write never fails.
FIELDS: dict[str, tuple[type, dict[str, str]]] = {
    "employers": (
        Employer,
        {
            "external_id": "external_id",
            "name": "name",
            "naics_code": "naics_code",
            "size_band": "size_band",
            "website": "website",
            "tier": "tier",
            "stage": "stage",
            "notes": "notes",
        },
    ),
    "contacts": (
        Contact,
        {
            "external_id": "external_id",
            "name": "name",
            "role": "role",
            "phone": "phone",
            "email": "email",
            "preferred_channel": "preferred_channel",
            "preferred_language": "preferred_language",
        },
    ),
    "openings": (
        JobOpening,
        {
            "external_id": "external_id",
            "title": "title",
            "hourly_wage": "hourly_wage",
            "hours_per_week": "hours_per_week",
            "shifts": "shifts",
            "career_pathway": "career_pathway",
            "work_environment": "work_environment",
            "zip_code": "zip_code",
            "transit_access": "transit_access",
            "positions": "positions",
            "status": "status",
        },
    ),
}
# A site's address is written to the employer's Location.
LOCATION_FIELDS = {"address": "address", "zip_code": "zip_code"}
# Only addresses a browser opens as a page: never javascript:, data: or file links.
WEB_ADDRESS = URLValidator(schemes=["http", "https"])
QUOTE_LENGTH = 60


def quote(value: Any) -> str:
    """A cell as a problem quotes it: at most QUOTE_LENGTH characters."""
    text = str(value)
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"


def problem_text(problem: Problem) -> str:
    template = PROBLEM_MESSAGES.get(problem.code, PROBLEM_MESSAGES["invalid"])
    params = {"value": "", "message": "", **problem.params}
    params["value"] = quote(params["value"])
    if problem.code == "not_choice" and not isinstance(params.get("choices", ""), str):
        params["choices"] = accepted_values_text(choice_labels(params["choices"], CHOICE_SETS))
    return str(template) % params


def _field_errors(model: type, name: str, value: Any) -> list[str]:
    """What the model field's own validators say about a value (empty when it is fine)."""
    field = model._meta.get_field(name)
    try:
        field.run_validators(value)
        if name == "website" and value:
            WEB_ADDRESS(value)
    except ValidationError as error:
        return list(error.messages)
    return []


def _fields_check(plan: ImportPlan, header_of: Mapping[str, str]) -> None:
    """Add a problem for every value its field would refuse when written."""
    model, fields = FIELDS[plan.kind]
    targets = [(model, key, name) for key, name in fields.items()]
    if plan.kind == "employers":
        targets += [(Location, key, name) for key, name in LOCATION_FIELDS.items()]
    named = {(p.row, p.column) for p in plan.problems}
    for row, line in zip(plan.rows, plan.numbers, strict=True):
        for target, key, name in targets:
            value = row.get(key)
            if value in (None, "") or (line, header_of[key]) in named:
                continue
            messages = _field_errors(target, name, value)
            if messages:
                plan.problems.append(
                    Problem(
                        line,
                        header_of[key],
                        "invalid_value",
                        {"value": quote(value), "message": " ".join(messages)},
                    )
                )
                named.add((line, header_of[key]))


@dataclass
class ImportPlan:
    kind: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # each row's number in the file
    problems: list[Problem] = field(default_factory=list)
    total_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def import_check(
    *,
    by: User,
    kind: str,
    headers: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    mapping: Mapping[str, str],
) -> ImportPlan:
    """Check a whole file, given as ``(row number, cells)``: every value, every reference
    and every repeated id."""
    organisation_id = casework_organisation_id(by)
    columns = COLUMNS[kind]
    checked = check_rows(headers, rows, columns, mapping)
    plan = ImportPlan(
        kind, checked.rows, checked.numbers, list(checked.problems), checked.rows_read
    )
    header_of = {c.key: mapping.get(c.key, c.label) for c in columns}

    seen: dict[str, int] = {}
    for row, line in zip(plan.rows, plan.numbers, strict=True):
        other = seen.setdefault(row["external_id"], line)
        if other != line:
            plan.problems.append(
                Problem(
                    line,
                    header_of["external_id"],
                    "repeated_id",
                    {"value": row["external_id"], "other": other},
                )
            )

    if kind in ("contacts", "openings"):
        wanted = {r["employer"] for r in plan.rows}
        known = dict(
            Employer.objects.filter(
                organisation_id=organisation_id, external_id__in=wanted
            ).values_list("external_id", "pk")
        )
        for row, line in zip(plan.rows, plan.numbers, strict=True):
            if row["employer"] not in known:
                plan.problems.append(
                    Problem(
                        line, header_of["employer"], "unknown_employer", {"value": row["employer"]}
                    )
                )
            else:
                row["employer_id"] = known[row["employer"]]
    if kind == "employers":
        wanted = {r["owner"].lower() for r in plan.rows if r.get("owner")}
        staff = {}
        for user in staff_visible_to(by).filter(Q(username__in=wanted) | Q(email__in=wanted)):
            staff[user.username.lower()] = user
            if user.email:
                staff[user.email.lower()] = user
        for row, line in zip(plan.rows, plan.numbers, strict=True):
            owner = row.get("owner")
            if owner:
                if owner.lower() not in staff:
                    plan.problems.append(
                        Problem(line, header_of["owner"], "unknown_owner", {"value": owner})
                    )
                else:
                    row["owner"] = staff[owner.lower()]
    if kind == "openings":
        codes = set(
            Occupation.objects.filter(
                code__in={r["occupation"] for r in plan.rows}, level="detailed"
            ).values_list("code", flat=True)
        )
        for row, line in zip(plan.rows, plan.numbers, strict=True):
            if row["occupation"] not in codes:
                plan.problems.append(
                    Problem(
                        line, header_of["occupation"], "unknown_soc", {"value": row["occupation"]}
                    )
                )
            if row["hourly_wage"] < 0:
                plan.problems.append(
                    Problem(
                        line, header_of["hourly_wage"], "negative", {"value": row["hourly_wage"]}
                    )
                )
            if not 1 <= row["hours_per_week"] <= 80:
                plan.problems.append(
                    Problem(
                        line,
                        header_of["hours_per_week"],
                        "hours_range",
                        {"value": row["hours_per_week"]},
                    )
                )
            if row.get("closes_on") and row["closes_on"] < row["posted_on"]:
                plan.problems.append(Problem(line, header_of["closes_on"], "closes_before_posted"))
    _fields_check(plan, header_of)
    plan.problems.sort(key=lambda p: (p.row, p.column))
    return plan


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def _upsert(model, existing: dict, key: str, values: dict, fields: Sequence[str]):
    """The row for ``key`` with ``values`` applied, its outcome, and the fields that changed
    (an existing row is saved with only those, so a colleague's edit of another field stays)."""
    row = existing.get(key)
    if row is None:
        return model(**values), "created", []
    changed = [f for f in fields if f in values and getattr(row, f) != values[f]]
    for f in changed:
        setattr(row, f, values[f])
    return row, ("updated" if changed else "unchanged"), changed


def _save(row, outcome: str, changed: Sequence[str]) -> None:
    if outcome == "created":
        row.save()
    else:
        row.save(update_fields=list(changed))


@transaction.atomic
def import_apply(*, by: User, plan: ImportPlan) -> ImportSummary:
    """Write a checked plan: create new rows, update changed ones, leave the rest alone."""
    if not plan.ok:
        raise ValueError("A plan with problems cannot be imported")
    organisation_id = casework_organisation_id(by)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    ids = [r["external_id"] for r in plan.rows]
    if plan.kind == "employers":
        existing = {
            e.external_id: e
            for e in Employer.objects.filter(organisation_id=organisation_id, external_id__in=ids)
        }
        fields = (
            "name",
            "naics_code",
            "size_band",
            "website",
            "tier",
            "owner",
            "incentives",
            "notes",
        )
        touched = []
        for r in plan.rows:
            values = {"organisation_id": organisation_id, "external_id": r["external_id"]}
            values |= {f: r[f] for f in fields if f in r}
            employer, outcome, changed = _upsert(
                Employer, existing, r["external_id"], values, fields
            )
            stage = r.get("stage")
            if outcome == "created":
                employer.stage = stage or Stage.PROSPECT
            elif stage and stage != employer.stage:
                StageChange.objects.create(
                    employer=employer,
                    from_stage=employer.stage,
                    to_stage=stage,
                    changed_on=employer.updated_at.date(),
                    reason=_g("Imported"),
                    by=by,
                )
                employer.stage = stage
                changed.append("stage")
                outcome = "updated"
            if outcome != "unchanged":
                employer.full_clean(validate_unique=False, validate_constraints=False)
                _save(employer, outcome, [*changed, "updated_at"])
                touched.append(employer.pk)
            if outcome == "created":
                StageChange.objects.create(
                    employer=employer,
                    from_stage="",
                    to_stage=employer.stage,
                    changed_on=employer.created_at.date(),
                    reason=_g("Imported"),
                    by=by,
                )
            if r.get("address") and r.get("zip_code"):
                area = ZipCode.objects.filter(zip=r["zip_code"]).values_list(
                    "community_area_id", flat=True
                )
                _loc, made = Location.objects.get_or_create(
                    employer=employer,
                    address=r["address"],
                    zip_code=r["zip_code"],
                    defaults={"community_area_id": area.first()},
                )
                if made and outcome == "unchanged":
                    outcome = "updated"
            counts[outcome] += 1
        if touched:
            follow_ups_refresh(membership_of(by).organisation, touched)
    elif plan.kind == "contacts":
        existing = {
            (c.employer_id, c.external_id): c
            for c in Contact.objects.filter(
                employer__organisation_id=organisation_id, external_id__in=ids
            )
        }
        fields = (
            "name",
            "role",
            "phone",
            "email",
            "preferred_channel",
            "preferred_language",
            "email_opt_out",
        )
        for r in plan.rows:
            values = {"employer_id": r["employer_id"], "external_id": r["external_id"]}
            values |= {f: r[f] for f in fields if f in r}
            contact, outcome, changed = _upsert(
                Contact, existing, (r["employer_id"], r["external_id"]), values, fields
            )
            if outcome != "unchanged":
                contact.full_clean(exclude=["employer"], validate_constraints=False)
                _save(contact, outcome, changed)
            counts[outcome] += 1
    else:
        existing = {
            o.external_id: o
            for o in JobOpening.objects.filter(organisation_id=organisation_id, external_id__in=ids)
        }
        areas = dict(ZipCode.objects.values_list("zip", "community_area_id"))
        fields = (
            "employer_id",
            "title",
            "occupation_id",
            "hourly_wage",
            "hours_per_week",
            "shifts",
            "health_insurance",
            "paid_leave",
            "retirement",
            "career_pathway",
            "physical_demands",
            "work_environment",
            "zip_code",
            "community_area_id",
            "transit_access",
            "fair_chance",
            "positions",
            "status",
            "posted_on",
            "closes_on",
        )
        for r in plan.rows:
            values = {k: v for k, v in r.items() if k not in ("employer", "occupation")}
            values["occupation_id"] = r["occupation"]
            values["community_area_id"] = areas.get(r["zip_code"])
            values["organisation_id"] = organisation_id
            opening, outcome, changed = _upsert(
                JobOpening, existing, r["external_id"], values, fields
            )
            if outcome != "unchanged":
                opening.full_clean(exclude=["occupation", "employer"], validate_constraints=False)
                _save(opening, outcome, [*changed, "updated_at"])
            counts[outcome] += 1
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type=f"import.{plan.kind}",
        fields=[c.key for c in COLUMNS[plan.kind]],
        detail=", ".join(f"{k} {v}" for k, v in counts.items()),
    )
    return ImportSummary(**counts)
