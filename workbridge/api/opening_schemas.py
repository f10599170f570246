"""What the API reads and writes about job openings, field by field.

Shifts are a 28-bit mask, the same encoding as a participant's availability (bit
4 × day + shift), and are also shown as a readable list such as `["mon:morning", "mon:day"]`.
Choices that may be blank in the database ("not stated") are null here.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from pydantic import AfterValidator

from workbridge.api.employer_schemas import EmployerRefOut, LocationOut
from workbridge.api.fields import (
    Bool,
    Id,
    InputSchema,
    Int,
    IsoDate,
    Line,
    QueryId,
    Text,
    choices_text,
    patch_field,
    unique_list,
)
from workbridge.api.pages import PageQuery
from workbridge.api.schemas import AVAILABILITY_MAX, ZIP_PATTERN, CommunityAreaOut
from workbridge.jobs.models import OpeningStatus, TransitAccess, WorkEnvironment
from workbridge.people.choices import PhysicalLimit

SOC_PATTERN = r"^[0-9]{2}-[0-9]{4}$"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHIFT_NAMES = ("morning", "day", "evening", "night")
# Every "day:shift" name in bit order: bit i is NAMES[i].
NAMES = tuple(f"{day}:{shift}" for day in DAY_NAMES for shift in SHIFT_NAMES)


def shifts_as_names(mask: int) -> list[str]:
    """The shifts a mask sets, as "day:shift" names in bit order (Monday morning first)."""
    return [name for bit, name in enumerate(NAMES) if mask >> bit & 1]


def shifts_as_mask(names: list[str]) -> int:
    """The mask of a list of "day:shift" names."""
    return sum(1 << NAMES.index(name) for name in names)


def _known_shift_names(names: list[str]) -> list[str]:
    unknown = [name for name in names if name not in NAMES]
    if unknown:
        raise ValueError(
            _("Unknown shifts: %(names)s. Write day:shift, for example mon:morning.")
            % {"names": ", ".join(unknown)}
        )
    return unique_list(names)


ShiftNames = Annotated[list[str], Field(max_length=len(NAMES)), AfterValidator(_known_shift_names)]
PhysicalDemands = Annotated[list[PhysicalLimit], AfterValidator(unique_list)]
Wage = Annotated[Decimal, Field(ge=0, max_digits=6, decimal_places=2)]

SHIFTS_TEXT = (
    "bit 4 × day + shift is set for each shift worked (days Monday = 0 … Sunday = 6; "
    "shifts morning = 0 (6am–10am), day = 1 (10am–4pm), evening = 2 (4pm–10pm), "
    "night = 3 (10pm–6am))"
)

DOC: dict[str, dict[str, Any]] = {
    "external_id": {
        "description": "The opening's id in another system, if any; unique within the "
        "organisation when given.",
        "examples": ["REQ-2026-118"],
    },
    "title": {"description": "The job title as advertised.", "examples": ["Line cook"]},
    "occupation": {
        "description": "The occupation as a detailed SOC 2018 code, e.g. 35-2014 for cooks, "
        "restaurant.",
        "examples": ["35-2014"],
    },
    "hourly_wage": {"description": "Hourly wage in dollars.", "examples": ["18.50"]},
    "hours_per_week": {"description": "Hours per week, 1 to 80.", "examples": [32]},
    "shifts": {
        "description": f"The shifts worked, as a bit mask of 28 bits: {SHIFTS_TEXT}. "
        "3 = Monday morning and day.",
        "examples": [3],
    },
    "shift_names": {
        "description": "The same shifts as a list of `day:shift` names in bit order, days "
        f"{', '.join(DAY_NAMES)} and shifts {', '.join(SHIFT_NAMES)}.",
        "examples": [["mon:morning", "mon:day"]],
    },
    "schedule_stable": {
        "description": "Whether the schedule is set at least two weeks ahead.",
        "examples": [True],
    },
    "health_insurance": {"description": "Whether it offers health insurance.", "examples": [True]},
    "paid_leave": {"description": "Whether it offers paid leave.", "examples": [False]},
    "retirement": {"description": "Whether it offers a retirement plan.", "examples": [False]},
    "career_pathway": {
        "description": "Where this job leads.",
        "examples": ["Promotion to lead cook after six months."],
    },
    "physical_demands": {"description": "What the job asks that some people cannot do."},
    "work_environment": {"description": "Where the work happens; null if not stated."},
    "location": {
        "description": "Id of one of the employer's sites; null if none is named.",
        "examples": [3],
    },
    "zip_code": {
        "description": "ZIP code of the workplace, five digits; the community area is found "
        "from it.",
        "examples": ["60623"],
    },
    "transit_access": {"description": "How to get there by transit; null if not stated."},
    "fair_chance": {
        "description": "Whether the employer considers people with a conviction record for "
        "this job.",
        "examples": [True],
    },
    "positions": {"description": "How many people are to be hired, 1 to 999.", "examples": [2]},
    "status": {"description": "Where the opening stands."},
    "posted_on": {"description": "When it was posted.", "examples": ["2026-03-02"]},
    "closes_on": {
        "description": "When applications close, on or after the posting date; null if open-ended.",
        "examples": ["2026-04-30"],
    },
}

for _name, _choices_class, _example in (
    ("physical_demands", PhysicalLimit, [PhysicalLimit.STANDING]),
    ("work_environment", WorkEnvironment, WorkEnvironment.KITCHEN),
    ("transit_access", TransitAccess, TransitAccess.BUS),
    ("status", OpeningStatus, OpeningStatus.OPEN),
):
    DOC[_name]["description"] += " One of: " + choices_text(_choices_class) + "."
    DOC[_name]["examples"] = [
        [v.value for v in _example] if isinstance(_example, list) else _example.value
    ]


def _blank_as_none(value: str) -> str | None:
    return value or None


# Queries --------------------------------------------------------------------------------


class OpeningFilters(PageQuery):
    status: OpeningStatus | None = Query(
        None,
        description="Only openings with this status; omitted: every status. "
        + DOC["status"]["description"],
        examples=[OpeningStatus.OPEN.value],
    )
    employer: QueryId | None = Query(
        None, description="Only openings at this employer (id).", examples=[7]
    )
    soc: Line | None = Query(
        None,
        pattern=SOC_PATTERN,
        description="Only openings in this SOC 2018 occupation: a detailed code (35-2014) or "
        "a group, which takes in every occupation within it (35-2010 broad group, 35-2000 "
        "minor group, 35-0000 major group).",
        examples=["35-2000"],
    )


# Output ---------------------------------------------------------------------------------


class OccupationOut(Schema):
    code: str = Field(description="The SOC 2018 code.", examples=["35-2014"])
    title: str = Field(description="The occupation's title.", examples=["Cooks, Restaurant"])


class OpeningSummaryOut(Schema):
    """One opening in a list: the job, its pay and hours, and where it stands."""

    id: int = Field(description="The opening's id in Workbridge.", examples=[52])
    external_id: str = Field(**DOC["external_id"])
    title: str = Field(**DOC["title"])
    employer: EmployerRefOut = Field(description="The employer that is hiring.")
    occupation: OccupationOut = Field(description="The occupation (SOC 2018).")
    hourly_wage: Decimal = Field(**DOC["hourly_wage"])
    hours_per_week: int = Field(**DOC["hours_per_week"])
    shifts: int = Field(**DOC["shifts"])
    shift_names: list[str] = Field(**DOC["shift_names"])
    fair_chance: bool = Field(**DOC["fair_chance"])
    positions: int = Field(**DOC["positions"])
    status: OpeningStatus = Field(**DOC["status"])
    posted_on: date = Field(**DOC["posted_on"])
    closes_on: date | None = Field(**DOC["closes_on"])
    zip_code: str = Field(**DOC["zip_code"])
    community_area: CommunityAreaOut | None = Field(
        description="The community area of its ZIP code; null outside Chicago."
    )
    updated_at: datetime = Field(
        description="When the record last changed.", examples=["2026-03-02T10:15:00-06:00"]
    )

    @staticmethod
    def resolve_shift_names(obj) -> list[str]:
        return shifts_as_names(obj.shifts)


class OpeningOut(OpeningSummaryOut):
    """One opening's full record, with what makes the job good."""

    schedule_stable: bool = Field(**DOC["schedule_stable"])
    health_insurance: bool = Field(**DOC["health_insurance"])
    paid_leave: bool = Field(**DOC["paid_leave"])
    retirement: bool = Field(**DOC["retirement"])
    career_pathway: str = Field(**DOC["career_pathway"])
    physical_demands: list[str] = Field(**DOC["physical_demands"])
    work_environment: WorkEnvironment | None = Field(**DOC["work_environment"])
    location: LocationOut | None = Field(description="The employer's site, if one is named.")
    transit_access: TransitAccess | None = Field(**DOC["transit_access"])
    created_at: datetime = Field(
        description="When the opening was added.", examples=["2026-03-02T10:15:00-06:00"]
    )

    @staticmethod
    def resolve_work_environment(obj) -> str | None:
        return _blank_as_none(obj.work_environment)

    @staticmethod
    def resolve_transit_access(obj) -> str | None:
        return _blank_as_none(obj.transit_access)


class OpeningPageOut(Schema):
    """A page of openings, ordered by id."""

    count: int = Field(description="How many openings match the filters.", examples=[18])
    limit: int = Field(description="The page size asked for.", examples=[25])
    offset: int = Field(description="How many matching openings come before this page.")
    items: list[OpeningSummaryOut] = Field(description="This page's openings.")


class OpeningChangedOut(Schema):
    id: int = Field(description="The opening's id.", examples=[52])
    changed: list[str] = Field(
        description="The fields whose value changed; empty when nothing did. "
        "`community_area` is listed when a new ZIP code moved the workplace.",
        examples=[["hourly_wage", "status"]],
    )


# Input ----------------------------------------------------------------------------------


class OpeningCreateIn(InputSchema):
    """A new opening at one of your organisation's employers.

    An employer or location that is not your organisation's, or does not exist, gets 422 at
    `employer` or `location`, and nothing is written. Give the shifts as `shifts` (the mask)
    or as `shift_names`, not both.
    """

    employer: Id = Field(
        description="Id of the employer that is hiring; your organisation's.", examples=[7]
    )
    title: Line = Field(min_length=1, max_length=200, **DOC["title"])
    occupation: Line = Field(pattern=SOC_PATTERN, **DOC["occupation"])
    hourly_wage: Wage = Field(**DOC["hourly_wage"])
    hours_per_week: Int = Field(ge=1, le=80, **DOC["hours_per_week"])
    zip_code: Line = Field(pattern=ZIP_PATTERN, **DOC["zip_code"])
    posted_on: IsoDate = Field(**DOC["posted_on"])
    external_id: Line = Field("", max_length=64, **DOC["external_id"])
    shifts: Int = Field(0, ge=0, le=AVAILABILITY_MAX, **DOC["shifts"])
    shift_names: ShiftNames = patch_field(**DOC["shift_names"])
    schedule_stable: Bool = Field(True, **DOC["schedule_stable"])
    health_insurance: Bool = Field(False, **DOC["health_insurance"])
    paid_leave: Bool = Field(False, **DOC["paid_leave"])
    retirement: Bool = Field(False, **DOC["retirement"])
    career_pathway: Text = Field("", max_length=300, **DOC["career_pathway"])
    physical_demands: PhysicalDemands = Field([], **DOC["physical_demands"])
    work_environment: WorkEnvironment | None = Field(None, **DOC["work_environment"])
    location: Id | None = Field(None, **DOC["location"])
    transit_access: TransitAccess | None = Field(None, **DOC["transit_access"])
    fair_chance: Bool = Field(False, **DOC["fair_chance"])
    positions: Int = Field(1, ge=1, le=999, **DOC["positions"])
    status: OpeningStatus = Field(OpeningStatus.OPEN, **DOC["status"])
    closes_on: IsoDate | None = Field(None, **DOC["closes_on"])


class OpeningUpdateIn(InputSchema):
    """A partial update: send only the fields to change. The employer cannot change.

    Give the shifts as `shifts` (the mask) or as `shift_names`, not both.
    """

    title: Line = patch_field(min_length=1, max_length=200, **DOC["title"])
    occupation: Line = patch_field(pattern=SOC_PATTERN, **DOC["occupation"])
    hourly_wage: Wage = patch_field(**DOC["hourly_wage"])
    hours_per_week: Int = patch_field(ge=1, le=80, **DOC["hours_per_week"])
    zip_code: Line = patch_field(pattern=ZIP_PATTERN, **DOC["zip_code"])
    posted_on: IsoDate = patch_field(**DOC["posted_on"])
    external_id: Line = patch_field(max_length=64, **DOC["external_id"])
    shifts: Int = patch_field(ge=0, le=AVAILABILITY_MAX, **DOC["shifts"])
    shift_names: ShiftNames = patch_field(**DOC["shift_names"])
    schedule_stable: Bool = patch_field(**DOC["schedule_stable"])
    health_insurance: Bool = patch_field(**DOC["health_insurance"])
    paid_leave: Bool = patch_field(**DOC["paid_leave"])
    retirement: Bool = patch_field(**DOC["retirement"])
    career_pathway: Text = patch_field(max_length=300, **DOC["career_pathway"])
    physical_demands: PhysicalDemands = patch_field(**DOC["physical_demands"])
    work_environment: WorkEnvironment | None = patch_field(**DOC["work_environment"])
    location: Id | None = patch_field(**DOC["location"])
    transit_access: TransitAccess | None = patch_field(**DOC["transit_access"])
    fair_chance: Bool = patch_field(**DOC["fair_chance"])
    positions: Int = patch_field(ge=1, le=999, **DOC["positions"])
    status: OpeningStatus = patch_field(**DOC["status"])
    closes_on: IsoDate | None = patch_field(**DOC["closes_on"])
