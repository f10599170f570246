"""What the API reads and writes about participants, field by field.

Every field carries a description and an example so that /api/docs explains itself.
Voluntary demographics are never part of these schemas: the API does not carry them.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import TextChoices
from django.utils import translation
from ninja import Field, Query, Schema
from pydantic import AfterValidator

from workbridge.api.fields import (
    MAX_OFFSET,
    Bool,
    Id,
    InputSchema,
    Int,
    IsoDate,
    IsoDateTime,
    Line,
    QueryBool,
    QueryId,
    QueryInt,
    QuerySchema,
    Text,
    patch_field,
    unique_list,
)
from workbridge.people.choices import (
    Benefit,
    ChildcareNeed,
    Language,
    PhysicalLimit,
    TransportMode,
)
from workbridge.people.models import Participant

MAX_CHILD_AGE = 17
# 7 days × 4 shifts: bit 4 × day + shift, Monday morning = bit 0.
AVAILABILITY_MAX = (1 << 28) - 1
ZIP_PATTERN = r"^[0-9]{5}$"
MAX_TEXT = 10_000  # free text: notes, summaries
DEFAULT_LIMIT = 25
MAX_LIMIT = 100
PAYLOAD = "payload"  # the body parameter's name: error locations read ["body", "payload", field]


ChildAge = Annotated[Int, Field(ge=0, le=MAX_CHILD_AGE)]
Benefits = Annotated[list[Benefit], AfterValidator(unique_list)]
PhysicalLimits = Annotated[list[PhysicalLimit], AfterValidator(unique_list)]
Wage = Annotated[Decimal, Field(ge=0, max_digits=6, decimal_places=2)]

# Descriptions and examples shared by the input and output schemas.
DOC: dict[str, dict[str, Any]] = {
    "external_id": {
        "description": "The participant's id in another system, if any; unique within the "
        "organisation when given.",
        "examples": ["CASE-2024-0117"],
    },
    "first_name": {"description": "Legal first name.", "examples": ["Rosa"]},
    "last_name": {"description": "Last name.", "examples": ["Alvarez"]},
    "preferred_name": {
        "description": "The name they want to be called, if not their first name.",
        "examples": ["Rosie"],
    },
    "email": {"description": "E-mail address, or empty.", "examples": ["rosa@example.org"]},
    "phone": {"description": "Phone number as they gave it.", "examples": ["773-555-0142"]},
    "preferred_language": {
        "description": "Language for letters and messages.",
        "examples": [Language.SPANISH.value],
    },
    "zip_code": {
        "description": "Home ZIP code, five digits; the community area is found from it.",
        "examples": ["60623"],
    },
    "enrolled_on": {"description": "Date of enrolment.", "examples": ["2025-01-06"]},
    "planned_exit_on": {
        "description": "Planned exit from the transitional job; on or after enrolment. "
        "Transition milestones are planned back from it.",
        "examples": ["2025-06-30"],
    },
    "exited_on": {
        "description": "Date they left the program; null while they are still in it.",
        "examples": [None],
    },
    "assigned_to": {
        "description": "Id of the case manager or program director assigned; null for nobody.",
        "examples": [12],
    },
    "resume_summary": {
        "description": "A short professional summary used on their resume.",
        "examples": ["Forklift-certified warehouse associate with two years of experience."],
    },
    "household_size": {
        "description": "People in the household, 1 to 20 (for benefits counselling).",
        "examples": [3],
    },
    "children_ages": {
        "description": f"Ages of the children in the household, 0 to {MAX_CHILD_AGE}; fewer "
        "children than the household size, which counts the participant too.",
        "examples": [[3, 7]],
    },
    "benefits": {"description": "Benefits they receive now.", "examples": [["snap", "medicaid"]]},
    "availability": {
        "description": "Shifts they can work, as a bit mask: bit 4 × day + shift is set when "
        "they can work that shift (days Monday = 0 … Sunday = 6; shifts morning = 0, day = 1, "
        "evening = 2, night = 3). 3 = Monday morning and day.",
        "examples": [3],
    },
    "physical_limits": {"description": "Physical limits matching respects.", "examples": [[]]},
    "transport_mode": {
        "description": "How they travel to work.",
        "examples": [TransportMode.TRANSIT.value],
    },
    "max_commute_minutes": {
        "description": "Longest commute they accept, in minutes one way (0 to 240).",
        "examples": [45],
    },
    "childcare_need": {
        "description": "Childcare they need to work.",
        "examples": [ChildcareNeed.NONE.value],
    },
    "min_hourly_wage": {
        "description": "Lowest hourly wage they accept, in dollars; null if not stated.",
        "examples": ["17.50"],
    },
    "needs_fair_chance": {
        "description": "Whether they need an employer that considers people with a "
        "conviction record.",
        "examples": [False],
    },
}


def _choices(choices: type[TextChoices]) -> str:
    """Each value with its English label, for the docs: "`snap` (SNAP (food assistance)), …"."""
    with translation.override("en"):
        return ", ".join(f"`{value}` ({label})" for value, label in choices.choices)


for _name, _choices_class in (
    ("preferred_language", Language),
    ("benefits", Benefit),
    ("physical_limits", PhysicalLimit),
    ("transport_mode", TransportMode),
    ("childcare_need", ChildcareNeed),
):
    DOC[_name]["description"] += " One of: " + _choices(_choices_class) + "."


def _doc(name: str, **kwargs: Any) -> dict[str, Any]:
    return {**DOC[name], **kwargs}


# Errors and queries ---------------------------------------------------------------------


class Error(Schema):
    detail: str = Field(description="What went wrong.", examples=["Not found."])


class FieldError(Schema):
    type: str = Field(
        description="A machine-readable kind of error.", examples=["string_pattern_mismatch"]
    )
    loc: list[str | int] = Field(
        description="Where the error is: the request part, then the field.",
        examples=[["body", PAYLOAD, "zip_code"]],
    )
    msg: str = Field(
        description="What is wrong, in words.", examples=["Enter a five-digit ZIP code."]
    )


class InvalidInput(Schema):
    detail: list[FieldError] = Field(description="Every error found; nothing was written.")


class ParticipantFilters(QuerySchema):
    search: Line = Query(
        "",
        max_length=100,
        description="Words that each start a first, last or preferred name or an e-mail "
        "address, or appear in the phone number, or equal the external id.",
        examples=["rosa alv"],
    )
    assigned_to: QueryId | None = Query(
        None,
        description="Only participants assigned to this staff member (user id).",
        examples=[12],
    )
    active: QueryBool | None = Query(
        None,
        description="true: only those still in the program; false: only those who have "
        "exited; omitted: everyone.",
    )
    updated_since: IsoDateTime | None = Query(
        None,
        description="Only participants whose record changed at or after this moment "
        "(ISO 8601; without a time zone, the server's local time).",
        examples=["2025-03-01T00:00:00Z"],
    )
    limit: QueryInt = Query(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}."
    )
    offset: QueryInt = Query(
        0,
        ge=0,
        le=MAX_OFFSET,
        description=f"How many matching participants to skip, 0 to {MAX_OFFSET:,}.",
    )


# Output ---------------------------------------------------------------------------------


class StaffOut(Schema):
    id: int = Field(description="The staff member's user id.", examples=[12])
    name: str = Field(description="Their full name.", examples=["Alice Coach"])

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.get_full_name() or obj.username


class CommunityAreaOut(Schema):
    number: int = Field(description="Chicago community area number, 1 to 77.", examples=[30])
    name: str = Field(description="Community area name.", examples=["South Lawndale"])


class ParticipantSummaryOut(Schema):
    """One participant in a list: who they are, how to reach them, and where they stand."""

    id: int = Field(description="The participant's id in Workbridge.", examples=[481])
    external_id: str = Field(**DOC["external_id"])
    first_name: str = Field(**DOC["first_name"])
    last_name: str = Field(**DOC["last_name"])
    preferred_name: str = Field(**DOC["preferred_name"])
    email: str = Field(**DOC["email"])
    phone: str = Field(**DOC["phone"])
    preferred_language: Language = Field(**DOC["preferred_language"])
    zip_code: str = Field(**DOC["zip_code"])
    community_area: CommunityAreaOut | None = Field(
        description="The community area of their ZIP code; null outside Chicago."
    )
    enrolled_on: date = Field(**DOC["enrolled_on"])
    planned_exit_on: date = Field(**DOC["planned_exit_on"])
    exited_on: date | None = Field(**DOC["exited_on"])
    active: bool = Field(
        description="True while they are in the program (no exit date).", examples=[True]
    )
    assigned_to: StaffOut | None = Field(description="The staff member assigned, if any.")
    updated_at: datetime = Field(
        description="When their record last changed.", examples=["2025-03-14T09:30:00-05:00"]
    )

    @staticmethod
    def resolve_active(obj: Participant) -> bool:
        return obj.exited_on is None


# What a list read shows, named in the audit log.
SUMMARY_FIELDS = tuple(name for name in ParticipantSummaryOut.model_fields if name != "id")


class ParticipantOut(ParticipantSummaryOut):
    """One participant's full record: intake, household and the constraints matching uses."""

    resume_summary: str = Field(**DOC["resume_summary"])
    household_size: int = Field(**DOC["household_size"])
    children_ages: list[int] = Field(**DOC["children_ages"])
    benefits: list[str] = Field(**DOC["benefits"])
    availability: int = Field(**DOC["availability"])
    physical_limits: list[str] = Field(**DOC["physical_limits"])
    transport_mode: TransportMode = Field(**DOC["transport_mode"])
    max_commute_minutes: int = Field(**DOC["max_commute_minutes"])
    childcare_need: ChildcareNeed = Field(**DOC["childcare_need"])
    min_hourly_wage: Decimal | None = Field(**DOC["min_hourly_wage"])
    needs_fair_chance: bool = Field(**DOC["needs_fair_chance"])
    last_contact_on: date | None = Field(
        description="Date of the last recorded contact.", examples=["2025-03-10"]
    )
    last_assessed_on: date | None = Field(
        description="Date of the last readiness assessment.", examples=["2025-02-20"]
    )
    next_milestone_due_on: date | None = Field(
        description="Due date of the next open milestone.", examples=["2025-04-01"]
    )
    created_at: datetime = Field(
        description="When they were enrolled in Workbridge.",
        examples=["2025-01-06T10:02:00-06:00"],
    )


# What a detail read shows, named in the audit log.
DETAIL_FIELDS = tuple(name for name in ParticipantOut.model_fields if name != "id")


class ParticipantPageOut(Schema):
    """A page of participants, ordered by id."""

    count: int = Field(description="How many participants match the filters.", examples=[57])
    limit: int = Field(description="The page size asked for.", examples=[25])
    offset: int = Field(description="How many matching participants come before this page.")
    items: list[ParticipantSummaryOut] = Field(description="This page's participants.")


class ParticipantChangedOut(Schema):
    id: int = Field(description="The participant's id.", examples=[481])
    changed: list[str] = Field(
        description="The fields whose value changed; empty when nothing did. "
        "`community_area` is listed when a new ZIP code moved them.",
        examples=[["phone", "zip_code", "community_area"]],
    )


# Input ----------------------------------------------------------------------------------


class ParticipantCreateIn(InputSchema):
    """Intake for a new participant. Their transition milestones are planned on enrolment."""

    first_name: Line = Field(min_length=1, max_length=80, **DOC["first_name"])
    last_name: Line = Field(min_length=1, max_length=80, **DOC["last_name"])
    zip_code: Line = Field(pattern=ZIP_PATTERN, **DOC["zip_code"])
    enrolled_on: IsoDate = Field(**DOC["enrolled_on"])
    planned_exit_on: IsoDate = Field(**DOC["planned_exit_on"])
    external_id: Line = Field("", max_length=64, **DOC["external_id"])
    preferred_name: Line = Field("", max_length=80, **DOC["preferred_name"])
    email: Line = Field("", max_length=254, **DOC["email"])
    phone: Line = Field("", max_length=30, **DOC["phone"])
    preferred_language: Language = Field(Language.ENGLISH, **DOC["preferred_language"])
    assigned_to: Id | None = Field(None, **DOC["assigned_to"])
    resume_summary: Text = Field("", max_length=MAX_TEXT, **DOC["resume_summary"])
    household_size: Int = Field(1, ge=1, le=20, **DOC["household_size"])
    children_ages: list[ChildAge] = Field([], max_length=20, **DOC["children_ages"])
    benefits: Benefits = Field([], **DOC["benefits"])
    availability: Int = Field(0, ge=0, le=AVAILABILITY_MAX, **DOC["availability"])
    physical_limits: PhysicalLimits = Field([], **DOC["physical_limits"])
    transport_mode: TransportMode = Field(TransportMode.TRANSIT, **DOC["transport_mode"])
    max_commute_minutes: Int = Field(45, ge=0, le=240, **DOC["max_commute_minutes"])
    childcare_need: ChildcareNeed = Field(ChildcareNeed.NONE, **DOC["childcare_need"])
    min_hourly_wage: Wage | None = Field(None, **DOC["min_hourly_wage"])
    needs_fair_chance: Bool = Field(False, **DOC["needs_fair_chance"])


class ParticipantUpdateIn(InputSchema):
    """A partial update: send only the fields to change. Omitted fields keep their value."""

    first_name: Line = patch_field(min_length=1, max_length=80, **DOC["first_name"])
    last_name: Line = patch_field(min_length=1, max_length=80, **DOC["last_name"])
    zip_code: Line = patch_field(pattern=ZIP_PATTERN, **DOC["zip_code"])
    enrolled_on: IsoDate = patch_field(**DOC["enrolled_on"])
    planned_exit_on: IsoDate = patch_field(**DOC["planned_exit_on"])
    exited_on: IsoDate | None = patch_field(**_doc("exited_on", examples=["2025-06-27"]))
    external_id: Line = patch_field(max_length=64, **DOC["external_id"])
    preferred_name: Line = patch_field(max_length=80, **DOC["preferred_name"])
    email: Line = patch_field(max_length=254, **DOC["email"])
    phone: Line = patch_field(max_length=30, **DOC["phone"])
    preferred_language: Language = patch_field(**DOC["preferred_language"])
    assigned_to: Id | None = patch_field(**DOC["assigned_to"])
    resume_summary: Text = patch_field(max_length=MAX_TEXT, **DOC["resume_summary"])
    household_size: Int = patch_field(ge=1, le=20, **DOC["household_size"])
    children_ages: list[ChildAge] = patch_field(max_length=20, **DOC["children_ages"])
    benefits: Benefits = patch_field(**DOC["benefits"])
    availability: Int = patch_field(ge=0, le=AVAILABILITY_MAX, **DOC["availability"])
    physical_limits: PhysicalLimits = patch_field(**DOC["physical_limits"])
    transport_mode: TransportMode = patch_field(**DOC["transport_mode"])
    max_commute_minutes: Int = patch_field(ge=0, le=240, **DOC["max_commute_minutes"])
    childcare_need: ChildcareNeed = patch_field(**DOC["childcare_need"])
    min_hourly_wage: Wage | None = patch_field(**DOC["min_hourly_wage"])
    needs_fair_chance: Bool = patch_field(**DOC["needs_fair_chance"])
