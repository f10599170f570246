"""Job openings over HTTP: list, read, add and update, with the opening pages' scoping.

Reads go through `workbridge.jobs.queries` (one organisation's openings, casework roles
only), writes through `workbridge.jobs.services` (which audit them). Openings hold no
personal data, so reading them is not audited.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from workbridge.accounts.models import User
from workbridge.api.auth import CaseworkTokenAuth, token_user
from workbridge.api.errors import answers, field_errors, service_errors
from workbridge.api.fields import path_id
from workbridge.api.opening_schemas import (
    OpeningChangedOut,
    OpeningCreateIn,
    OpeningFilters,
    OpeningOut,
    OpeningPageOut,
    OpeningUpdateIn,
    shifts_as_mask,
)
from workbridge.api.pages import page_of
from workbridge.employers.models import Employer, Location
from workbridge.employers.queries import employers_visible_to
from workbridge.jobs.models import JobOpening
from workbridge.jobs.queries import opening_get_for, openings_visible_to
from workbridge.jobs.services import opening_create, opening_update
from workbridge.people.models import Occupation

router = Router(auth=CaseworkTokenAuth(), tags=["openings"])
OpeningId = path_id("The opening's id.")

# Choices the API shows as null and the database keeps blank.
BLANK_WHEN_NULL = ("work_environment", "transit_access")


def soc_prefix(code: str) -> str:
    """The prefix every SOC code within a group starts with: 35-2000 → "35-2", 35-0000 → "35-".

    SOC 2018 names a group by the first code within it padded with zeros (major XX-0000,
    minor XX-X000, broad XX-XXX0); detailed occupations never end in zero.
    """
    return code.rstrip("0")


def _opening_data(
    by: User, employer: Employer, payload: Schema, data: dict[str, Any], *, pk: int | None
) -> dict[str, Any]:
    """Schema values as the service takes them, with every reference checked; or a 422.

    `pk` is the opening being changed (None for a new one), which may keep its external id.
    """
    values = {name: getattr(value, "value", value) for name, value in data.items()}
    errors: dict[str, list[str]] = {}
    if {"shifts", "shift_names"} <= payload.model_fields_set:
        errors["shift_names"] = [_("Give the shifts as shifts or as shift_names, not both.")]
    for name in BLANK_WHEN_NULL:
        if name in values and values[name] is None:
            values[name] = ""
    if "physical_demands" in values:
        values["physical_demands"] = [getattr(v, "value", v) for v in values["physical_demands"]]
    names = values.pop("shift_names", None)
    if names is not None:
        values["shifts"] = shifts_as_mask(names)
    if "occupation" in values:
        occupation = Occupation.objects.filter(code=values["occupation"], level="detailed").first()
        if occupation is None:
            errors["occupation"] = [_("Enter a detailed SOC 2018 code such as 35-2014.")]
        values["occupation"] = occupation
    if values.get("location") is not None:
        location = Location.objects.filter(employer=employer, pk=values["location"]).first()
        if location is None:
            errors["location"] = [_("Choose one of this employer's locations.")]
        values["location"] = location
    external_id = values.get("external_id")
    if external_id and (
        openings_visible_to(by).filter(external_id=external_id).exclude(pk=pk).exists()
    ):
        errors["external_id"] = [_("Another opening already has this external id.")]
    if errors:
        raise field_errors(errors)
    return values


@router.get(
    "/openings",
    response=answers({200: OpeningPageOut}),
    operation_id="opening_list",
    url_name="openings",
    summary="List openings",
)
def opening_list_endpoint(request: HttpRequest, filters: Query[OpeningFilters]):
    """Your organisation's job openings, ordered by id, a page at a time."""
    rows = openings_visible_to(token_user(request)).select_related(
        "employer", "occupation", "community_area"
    )
    if filters.status is not None:
        rows = rows.filter(status=filters.status.value)
    if filters.employer is not None:
        rows = rows.filter(employer_id=filters.employer)
    if filters.soc is not None:
        rows = rows.filter(occupation__code__startswith=soc_prefix(filters.soc))
    return page_of(rows.order_by("id"), filters)


@router.get(
    "/openings/{opening_id}",
    response=answers({200: OpeningOut}, record=True),
    operation_id="opening_detail",
    url_name="opening",
    summary="Read one opening",
)
def opening_detail(request: HttpRequest, opening_id: OpeningId):
    """One opening with its job-quality facts; 404 if it is not your organisation's."""
    return opening_get_for(token_user(request), opening_id)


@router.post(
    "/openings",
    response=answers({201: OpeningOut}, body=True),
    operation_id="opening_create",
    url_name="openings",
    summary="Add an opening",
)
def opening_create_endpoint(request: HttpRequest, payload: OpeningCreateIn):
    """Add an opening at one of your organisation's employers.

    An employer that is not your organisation's, or does not exist, gets 422 at `employer`.
    Invalid input gets 422 with every error located by field, and nothing is written.
    """
    user = token_user(request)
    data = payload.model_dump()
    employer = employers_visible_to(user).filter(pk=data.pop("employer")).first()
    if employer is None:
        raise field_errors({"employer": [_("Choose an employer of your organisation.")]})
    values = _opening_data(user, employer, payload, data, pk=None)
    try:
        opening = opening_create(by=user, employer=employer, data=values)
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return Status(201, opening_get_for(user, opening.pk))


@router.patch(
    "/openings/{opening_id}",
    response=answers({200: OpeningChangedOut}, body=True, record=True),
    operation_id="opening_update",
    url_name="opening",
    summary="Update an opening",
)
def opening_patch(request: HttpRequest, opening_id: OpeningId, payload: OpeningUpdateIn):
    """Change some of an opening's fields; send only those. Answers which ones changed.

    Invalid input gets 422 with every error located by field, and nothing is written.
    """
    user = token_user(request)
    opening: JobOpening = opening_get_for(user, opening_id)
    values = _opening_data(
        user, opening.employer, payload, payload.model_dump(exclude_unset=True), pk=opening.pk
    )
    try:
        changed = opening_update(opening=opening, by=user, data=values)
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return {"id": opening.pk, "changed": changed}
