"""What the API reads and writes about employers, their contacts and the interactions with them.

Every field carries a description and an example so that /api/docs explains itself. Choices
that may be blank in the database ("not known", "not recorded") are null here.
"""

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Query, Schema
from pydantic import AfterValidator

from workbridge.api.fields import (
    Bool,
    Id,
    InputSchema,
    IsoDate,
    IsoDateTime,
    Line,
    QueryId,
    Text,
    choices_text,
    patch_field,
    unique_list,
)
from workbridge.api.pages import PageQuery
from workbridge.api.schemas import MAX_TEXT, CommunityAreaOut, StaffOut
from workbridge.employers.choices import (
    Channel,
    FollowUpKind,
    Incentive,
    InteractionKind,
    Outcome,
    Signal,
    SizeBand,
    Stage,
    Tier,
)
from workbridge.people.choices import Language

NAICS_PATTERN = r"^([0-9]{2,6})?$"
MAX_EMPLOYERS_PER_INTERACTION = 50
MAX_CONTACTS_PER_INTERACTION = 50

Incentives = Annotated[list[Incentive], AfterValidator(unique_list)]
EmployerIds = Annotated[
    list[Id],
    Field(min_length=1, max_length=MAX_EMPLOYERS_PER_INTERACTION),
    AfterValidator(unique_list),
]
ContactIds = Annotated[
    list[Id],
    Field(max_length=MAX_CONTACTS_PER_INTERACTION),
    AfterValidator(unique_list),
]

# Descriptions and examples shared by the input and output schemas.
DOC: dict[str, dict[str, Any]] = {
    "external_id": {
        "description": "The employer's id in another system, if any; unique within the "
        "organisation when given.",
        "examples": ["EMP-0042"],
    },
    "name": {"description": "The employer's name.", "examples": ["Acme Foods"]},
    "naics_code": {
        "description": "Industry as a NAICS code of two to six digits, or empty.",
        "examples": ["722511"],
    },
    "size_band": {"description": "How many people work there; null if not known."},
    "website": {
        "description": "Website address (http or https), or empty.",
        "examples": ["https://acme.example.com"],
    },
    "stage": {"description": "Where the relationship stands in job development."},
    "tier": {"description": "How much attention the relationship gets."},
    "owner": {
        "description": "Id of the job developer (a case manager or program director of your "
        "organisation) who owns the relationship; null for nobody.",
        "examples": [12],
    },
    "incentives": {"description": "Hiring incentives the employer uses."},
    "notes": {
        "description": "Free notes about the employer.",
        "examples": ["Prefers calls before 10am; hiring picks up in spring."],
    },
    "signals": {
        "description": "Signs that the employer is friendly to the people the program serves, "
        "each with what shows it; each kind at most once.",
    },
    "contact_external_id": {
        "description": "The contact's id in another system, if any; unique within the "
        "employer when given.",
        "examples": ["C-17"],
    },
    "contact_name": {"description": "The contact's full name.", "examples": ["Dana Hiring"]},
    "role": {"description": "Their job at the employer.", "examples": ["HR manager"]},
    "phone": {"description": "Phone number as they gave it.", "examples": ["312-555-0182"]},
    "email": {"description": "E-mail address, or empty.", "examples": ["dana@acme.example.com"]},
    "preferred_channel": {"description": "How they prefer to be reached."},
    "preferred_language": {"description": "Language for messages and invitations."},
    "email_opt_out": {
        "description": "True if they asked not to be e-mailed: no message is e-mailed to them.",
        "examples": [False],
    },
    "is_primary": {
        "description": "Whether they are the employer's main contact.",
        "examples": [True],
    },
    "kind": {"description": "What kind of touch it was."},
    "occurred_on": {
        "description": "When it happened; not in the future.",
        "examples": ["2026-03-10"],
    },
    "outcome": {"description": "How it went; null if not recorded."},
    "summary": {
        "description": "What was said or done.",
        "examples": ["Talked about the spring hiring plan; two line-cook openings coming."],
    },
    "next_step": {
        "description": "What to do next; with a date, it becomes an action item for you at "
        "each employer.",
        "examples": ["Send three resumes"],
    },
    "next_step_on": {
        "description": "When the next step is due; on or after the date of the contact, and "
        "only with a next step.",
        "examples": ["2026-03-17"],
    },
}

for _name, _choices_class, _example in (
    ("size_band", SizeBand, SizeBand.SMALL),
    ("stage", Stage, Stage.QUALIFIED),
    ("tier", Tier, Tier.STANDARD),
    ("incentives", Incentive, [Incentive.WOTC]),
    ("preferred_channel", Channel, Channel.PHONE),
    ("preferred_language", Language, Language.SPANISH),
    ("kind", InteractionKind, InteractionKind.CALL),
    ("outcome", Outcome, Outcome.REACHED),
):
    DOC[_name]["description"] += " One of: " + choices_text(_choices_class) + "."
    DOC[_name]["examples"] = [
        [v.value for v in _example] if isinstance(_example, list) else _example.value
    ]


def _blank_as_none(value: str) -> str | None:
    return value or None


# Queries --------------------------------------------------------------------------------


class EmployerFilters(PageQuery):
    search: Line = Query(
        "",
        max_length=100,
        description="Words that each appear in the employer's name, or equal its external id.",
        examples=["acme"],
    )
    stage: Stage | None = Query(
        None, description="Only employers at this stage. " + DOC["stage"]["description"]
    )
    owner: QueryId | None = Query(
        None,
        description="Only employers owned by this staff member (user id).",
        examples=[12],
    )
    updated_since: IsoDateTime | None = Query(
        None,
        description="Only employers whose record changed at or after this moment "
        "(ISO 8601; without a time zone, the server's local time).",
        examples=["2026-03-01T00:00:00Z"],
    )


class InteractionFilters(PageQuery):
    employer: QueryId | None = Query(
        None,
        description="Only interactions with this employer (id).",
        examples=[7],
    )
    since: IsoDate | None = Query(
        None, description="Only interactions on or after this date.", examples=["2026-01-01"]
    )


# Output ---------------------------------------------------------------------------------


class EmployerRefOut(Schema):
    id: int = Field(description="The employer's id.", examples=[7])
    name: str = Field(**DOC["name"])


class SignalOut(Schema):
    kind: Signal = Field(description="The signal. One of: " + choices_text(Signal) + ".")
    evidence: str = Field(
        description="What shows it.", examples=["Signed the city's fair-chance pledge in 2024."]
    )
    noted_on: date = Field(description="When it was noted.", examples=["2026-02-01"])


class LocationOut(Schema):
    id: int = Field(description="The location's id.", examples=[3])
    label: str = Field(description="A short name for the site.", examples=["Main plant"])
    address: str = Field(description="Street address.", examples=["2400 S Pulaski Rd"])
    zip_code: str = Field(description="Five-digit ZIP code.", examples=["60623"])
    community_area: CommunityAreaOut | None = Field(
        description="The community area of its ZIP code; null outside Chicago."
    )


class EmployerSummaryOut(Schema):
    """One employer in a list: who they are and where the relationship stands."""

    id: int = Field(description="The employer's id in Workbridge.", examples=[7])
    external_id: str = Field(**DOC["external_id"])
    name: str = Field(**DOC["name"])
    naics_code: str = Field(**DOC["naics_code"])
    size_band: SizeBand | None = Field(**DOC["size_band"])
    website: str = Field(**DOC["website"])
    stage: Stage = Field(**DOC["stage"])
    tier: Tier = Field(**DOC["tier"])
    owner: StaffOut | None = Field(description="The job developer who owns the relationship.")
    incentives: list[str] = Field(**DOC["incentives"])
    last_contact_on: date | None = Field(
        description="Date of the last logged interaction.", examples=["2026-03-10"]
    )
    next_follow_up_on: date | None = Field(
        description="When the next follow-up is due, by the organisation's cadence.",
        examples=["2026-03-24"],
    )
    next_follow_up_kind: FollowUpKind | None = Field(
        description="What the next follow-up is; null when none is planned. One of: "
        + choices_text(FollowUpKind)
        + ".",
        examples=[FollowUpKind.CALL.value],
    )
    updated_at: datetime = Field(
        description="When the record last changed.", examples=["2026-03-10T09:30:00-05:00"]
    )

    @staticmethod
    def resolve_size_band(obj) -> str | None:
        return _blank_as_none(obj.size_band)

    @staticmethod
    def resolve_next_follow_up_kind(obj) -> str | None:
        return _blank_as_none(obj.next_follow_up_kind)


class EmployerOut(EmployerSummaryOut):
    """One employer's full record. Its contacts are at /api/employers/{id}/contacts."""

    notes: str = Field(**DOC["notes"])
    signals: list[SignalOut] = Field(**DOC["signals"])
    locations: list[LocationOut] = Field(description="The employer's sites.")
    created_at: datetime = Field(
        description="When the employer was added.", examples=["2025-11-02T14:00:00-06:00"]
    )

    @staticmethod
    def resolve_signals(obj) -> list:
        return list(obj.signals.all())

    @staticmethod
    def resolve_locations(obj) -> list:
        return list(obj.locations.all())


class EmployerPageOut(Schema):
    """A page of employers, ordered by id."""

    count: int = Field(description="How many employers match the filters.", examples=[140])
    limit: int = Field(description="The page size asked for.", examples=[25])
    offset: int = Field(description="How many matching employers come before this page.")
    items: list[EmployerSummaryOut] = Field(description="This page's employers.")


class RecordChangedOut(Schema):
    id: int = Field(description="The record's id.", examples=[7])
    changed: list[str] = Field(
        description="The fields whose value changed; empty when nothing did.",
        examples=[["owner", "notes"]],
    )


class StageChangeOut(Schema):
    """A move along the pipeline, as it was recorded."""

    employer_id: int = Field(description="The employer's id.", examples=[7])
    from_stage: Stage = Field(
        description="The stage before the move.", examples=[Stage.CONTACTED.value]
    )
    to_stage: Stage = Field(description="The stage now.", examples=[Stage.QUALIFIED.value])
    changed_on: date = Field(description="The date of the move (today).", examples=["2026-03-10"])
    reason: str = Field(
        description="Why, as given.", examples=["Agreed to interview two participants."]
    )
    next_follow_up_on: date | None = Field(
        description="The employer's next follow-up, re-planned for the new stage.",
        examples=["2026-03-31"],
    )

    @staticmethod
    def resolve_next_follow_up_on(obj) -> date | None:
        return obj.employer.next_follow_up_on


class ContactOut(Schema):
    """A person at an employer. Reading contacts is written to the audit log."""

    id: int = Field(description="The contact's id.", examples=[31])
    employer_id: int = Field(description="Id of the employer they work for.", examples=[7])
    external_id: str = Field(**DOC["contact_external_id"])
    name: str = Field(**DOC["contact_name"])
    role: str = Field(**DOC["role"])
    phone: str = Field(**DOC["phone"])
    email: str = Field(**DOC["email"])
    preferred_channel: Channel = Field(**DOC["preferred_channel"])
    preferred_language: Language = Field(**DOC["preferred_language"])
    email_opt_out: bool = Field(**DOC["email_opt_out"])
    is_primary: bool = Field(**DOC["is_primary"])


# What a read of contacts shows, named in the audit log.
CONTACT_FIELDS = tuple(name for name in ContactOut.model_fields if name != "id")


class ContactPageOut(Schema):
    """A page of an employer's contacts: the primary contact first, then by name."""

    count: int = Field(description="How many contacts the employer has.", examples=[3])
    limit: int = Field(description="The page size asked for.", examples=[25])
    offset: int = Field(description="How many contacts come before this page.")
    items: list[ContactOut] = Field(description="This page's contacts.")


class ContactRefOut(Schema):
    id: int = Field(description="The contact's id.", examples=[31])
    name: str = Field(**DOC["contact_name"])


class InteractionOut(Schema):
    """A call, e-mail, meeting, visit or event, with the employers and contacts it concerned."""

    id: int = Field(description="The interaction's id.", examples=[205])
    kind: InteractionKind = Field(**DOC["kind"])
    occurred_on: date = Field(**DOC["occurred_on"])
    outcome: Outcome | None = Field(**DOC["outcome"])
    summary: str = Field(**DOC["summary"])
    next_step: str = Field(**DOC["next_step"])
    next_step_on: date | None = Field(**DOC["next_step_on"])
    employers: list[EmployerRefOut] = Field(description="The employers it concerned.")
    contacts: list[ContactRefOut] = Field(description="The contacts it involved.")
    by: StaffOut | None = Field(description="Who logged it.")
    created_at: datetime = Field(
        description="When it was logged.", examples=["2026-03-10T11:02:00-05:00"]
    )

    @staticmethod
    def resolve_outcome(obj) -> str | None:
        return _blank_as_none(obj.outcome)

    @staticmethod
    def resolve_employers(obj) -> list:
        return sorted(obj.employers.all(), key=lambda e: e.pk)

    @staticmethod
    def resolve_contacts(obj) -> list:
        return sorted(obj.contacts.all(), key=lambda c: c.pk)


# What a read of interactions shows, named in the audit log.
INTERACTION_FIELDS = tuple(name for name in InteractionOut.model_fields if name != "id")


class InteractionPageOut(Schema):
    """A page of interactions, ordered by id (the order they were logged in)."""

    count: int = Field(description="How many interactions match the filters.", examples=[12])
    limit: int = Field(description="The page size asked for.", examples=[25])
    offset: int = Field(description="How many matching interactions come before this page.")
    items: list[InteractionOut] = Field(description="This page's interactions.")


# Input ----------------------------------------------------------------------------------


class SignalIn(InputSchema):
    kind: Signal = Field(
        description="The signal. One of: " + choices_text(Signal) + ".",
        examples=[Signal.FAIR_CHANCE.value],
    )
    evidence: Line = Field(
        min_length=1,
        max_length=300,
        description="What shows it.",
        examples=["Signed the city's fair-chance pledge in 2024."],
    )


def _one_signal_of_each_kind(signals: list[SignalIn]) -> list[SignalIn]:
    unique_list([s.kind for s in signals])
    return signals


class EmployerCreateIn(InputSchema):
    """A new employer, at a stage of the pipeline (a prospect unless said otherwise)."""

    name: Line = Field(min_length=1, max_length=200, **DOC["name"])
    external_id: Line = Field("", max_length=64, **DOC["external_id"])
    naics_code: Line = Field("", pattern=NAICS_PATTERN, **DOC["naics_code"])
    size_band: SizeBand | None = Field(None, **DOC["size_band"])
    website: Line = Field("", max_length=200, **DOC["website"])
    stage: Stage = Field(Stage.PROSPECT, **DOC["stage"])
    tier: Tier = Field(Tier.STANDARD, **DOC["tier"])
    owner: Id | None = Field(None, **DOC["owner"])
    incentives: Incentives = Field([], **DOC["incentives"])
    notes: Text = Field("", max_length=MAX_TEXT, **DOC["notes"])
    signals: Annotated[list[SignalIn], AfterValidator(_one_signal_of_each_kind)] = Field(
        [],
        **{
            **DOC["signals"],
            "examples": [[{"kind": "fair_chance", "evidence": "Signed the fair-chance pledge."}]],
        },
    )


class EmployerUpdateIn(InputSchema):
    """A partial update: send only the fields to change. The stage moves with /move."""

    name: Line = patch_field(min_length=1, max_length=200, **DOC["name"])
    external_id: Line = patch_field(max_length=64, **DOC["external_id"])
    naics_code: Line = patch_field(pattern=NAICS_PATTERN, **DOC["naics_code"])
    size_band: SizeBand | None = patch_field(**DOC["size_band"])
    website: Line = patch_field(max_length=200, **DOC["website"])
    tier: Tier = patch_field(**DOC["tier"])
    owner: Id | None = patch_field(**DOC["owner"])
    incentives: Incentives = patch_field(**DOC["incentives"])
    notes: Text = patch_field(max_length=MAX_TEXT, **DOC["notes"])


class MoveIn(InputSchema):
    """Move an employer to another stage of the pipeline; the move is kept with its reason."""

    to_stage: Stage = Field(
        description="The stage to move to; not the one it is at. One of: "
        + choices_text(Stage)
        + ".",
        examples=[Stage.QUALIFIED.value],
    )
    reason: Line = Field(
        "",
        max_length=300,
        description="Why it moves.",
        examples=["Agreed to interview two participants."],
    )


class ContactCreateIn(InputSchema):
    """A new contact at the employer."""

    name: Line = Field(min_length=1, max_length=160, **DOC["contact_name"])
    external_id: Line = Field("", max_length=64, **DOC["contact_external_id"])
    role: Line = Field("", max_length=120, **DOC["role"])
    phone: Line = Field("", max_length=30, **DOC["phone"])
    email: Line = Field("", max_length=254, **DOC["email"])
    preferred_channel: Channel = Field(Channel.EMAIL, **DOC["preferred_channel"])
    preferred_language: Language = Field(Language.ENGLISH, **DOC["preferred_language"])
    email_opt_out: Bool = Field(False, **DOC["email_opt_out"])
    is_primary: Bool = Field(False, **DOC["is_primary"])


class ContactUpdateIn(InputSchema):
    """A partial update: send only the fields to change."""

    name: Line = patch_field(min_length=1, max_length=160, **DOC["contact_name"])
    external_id: Line = patch_field(max_length=64, **DOC["contact_external_id"])
    role: Line = patch_field(max_length=120, **DOC["role"])
    phone: Line = patch_field(max_length=30, **DOC["phone"])
    email: Line = patch_field(max_length=254, **DOC["email"])
    preferred_channel: Channel = patch_field(**DOC["preferred_channel"])
    preferred_language: Language = patch_field(**DOC["preferred_language"])
    email_opt_out: Bool = patch_field(**DOC["email_opt_out"])
    is_primary: Bool = patch_field(**DOC["is_primary"])


class InteractionIn(InputSchema):
    """Log one interaction with one or several employers of your organisation.

    Each employer's last contact moves forward and its next follow-up is re-planned. An
    employer or contact id that is not your organisation's (or does not exist) gets 422 at
    `employers` or `contacts`, and nothing is written.
    """

    employers: EmployerIds = Field(
        description="Ids of the employers it concerned, 1 to "
        f"{MAX_EMPLOYERS_PER_INTERACTION}, each once; all of your organisation.",
        examples=[[7, 9]],
    )
    contacts: ContactIds = Field(
        [],
        description="Ids of the contacts involved, each once; contacts of those employers.",
        examples=[[31]],
    )
    kind: InteractionKind = Field(**DOC["kind"])
    occurred_on: IsoDate = Field(**DOC["occurred_on"])
    outcome: Outcome | None = Field(None, **DOC["outcome"])
    summary: Text = Field("", max_length=MAX_TEXT, **DOC["summary"])
    next_step: Line = Field("", max_length=300, **DOC["next_step"])
    next_step_on: IsoDate | None = Field(None, **DOC["next_step_on"])
