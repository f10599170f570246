"""Employers and their contacts over HTTP, with the CRM pages' scoping.

Reads go through `workbridge.employers.queries` (one organisation's employers, casework
roles only), writes through `workbridge.employers.services` (which audit them). Contacts
are personal data (names, phones, e-mails): every read of them is written to the audit log
here, one event per list page and one per record. Reading employers is not audited.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.queries import staff_visible_to
from workbridge.accounts.services import audit_record
from workbridge.api.auth import CaseworkTokenAuth, token_user
from workbridge.api.employer_schemas import (
    CONTACT_FIELDS,
    ContactCreateIn,
    ContactOut,
    ContactPageOut,
    ContactUpdateIn,
    EmployerCreateIn,
    EmployerFilters,
    EmployerOut,
    EmployerPageOut,
    EmployerUpdateIn,
    MoveIn,
    RecordChangedOut,
    StageChangeOut,
)
from workbridge.api.errors import answers, field_errors, service_errors
from workbridge.api.fields import path_id
from workbridge.api.pages import PageQuery, page_of
from workbridge.employers.models import Contact, Employer, EmployerSignal, Location
from workbridge.employers.queries import (
    contacts_visible_to,
    employer_get_for,
    employer_list,
    employers_visible_to,
)
from workbridge.employers.services import (
    contact_add,
    contact_update,
    employer_create,
    employer_move,
    employer_update,
)

router = Router(auth=CaseworkTokenAuth(), tags=["employers"])
EmployerId = path_id("The employer's id.")
ContactId = path_id("The contact's id.")

# The blank value of each choice that the API shows as null.
BLANK_WHEN_NULL = ("size_band",)


def _employer_data(by: User, data: dict[str, Any], *, pk: int | None) -> dict[str, Any]:
    """Schema values as the services take them: enums as values, blanks for null, staff as users.

    `pk` is the employer being changed (None for a new one), which may keep its external id.
    """
    values = {name: getattr(value, "value", value) for name, value in data.items()}
    errors: dict[str, list[str]] = {}
    for name in BLANK_WHEN_NULL:
        if name in values and values[name] is None:
            values[name] = ""
    if "incentives" in values:
        values["incentives"] = sorted(getattr(v, "value", v) for v in values["incentives"])
    if values.get("owner") is not None:
        values["owner"] = staff_visible_to(by).filter(pk=values["owner"]).first()
        if values["owner"] is None:
            errors["owner"] = [_("Choose a staff member of your organisation.")]
    external_id = values.get("external_id")
    if external_id and (
        employers_visible_to(by).filter(external_id=external_id).exclude(pk=pk).exists()
    ):
        errors["external_id"] = [_("Another employer already has this external id.")]
    if errors:
        raise field_errors(errors)
    return values


def _employer_with_details(user: User, pk: int) -> Employer:
    """One employer with its signals and sites, or 404."""
    employer = (
        employers_visible_to(user)
        .select_related("owner")
        .prefetch_related(
            Prefetch("signals", queryset=EmployerSignal.objects.order_by("kind")),
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("community_area").order_by("id"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if employer is None:
        raise Http404
    return employer


def _contact_get_for(user: User, pk: int) -> Contact:
    """One contact of an employer the user may see, or 404."""
    contact = contacts_visible_to(user).select_related("employer").filter(pk=pk).first()
    if contact is None:
        raise Http404
    return contact


def _contact_data(employer: Employer, data: dict[str, Any], *, pk: int | None) -> dict[str, Any]:
    """Schema values as the services take them; an external id another contact has is a 422.

    `pk` is the contact being changed (None for a new one), which may keep its external id.
    """
    values = {name: getattr(value, "value", value) for name, value in data.items()}
    external_id = values.get("external_id")
    if external_id and (
        Contact.objects.filter(employer=employer, external_id=external_id).exclude(pk=pk).exists()
    ):
        raise field_errors(
            {"external_id": [_("Another contact of this employer already has this external id.")]}
        )
    return values


# Employers ------------------------------------------------------------------------------


@router.get(
    "/employers",
    response=answers({200: EmployerPageOut}),
    operation_id="employer_list",
    url_name="employers",
    summary="List employers",
)
def employer_list_endpoint(request: HttpRequest, filters: Query[EmployerFilters]):
    """Your organisation's employers, ordered by id, a page at a time."""
    user = token_user(request)
    rows = employer_list(
        user,
        search=filters.search,
        stage=filters.stage.value if filters.stage else "",
        owner=filters.owner,
    ).order_by("id")
    if filters.updated_since is not None:
        since = filters.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        rows = rows.filter(updated_at__gte=since)
    return page_of(rows, filters)


@router.get(
    "/employers/{employer_id}",
    response=answers({200: EmployerOut}, record=True),
    operation_id="employer_detail",
    url_name="employer",
    summary="Read one employer",
)
def employer_detail(request: HttpRequest, employer_id: EmployerId):
    """One employer with its signals and sites; 404 if it is not your organisation's."""
    return _employer_with_details(token_user(request), employer_id)


@router.post(
    "/employers",
    response=answers({201: EmployerOut}, body=True),
    operation_id="employer_create",
    url_name="employers",
    summary="Add an employer",
)
def employer_create_endpoint(request: HttpRequest, payload: EmployerCreateIn):
    """Add an employer to your organisation's pipeline; its first follow-up is planned.

    Invalid input gets 422 with every error located by field, and nothing is written.
    """
    user = token_user(request)
    data = payload.model_dump()
    stage = data.pop("stage").value
    signals = {s["kind"].value: s["evidence"] for s in data.pop("signals")}
    try:
        employer = employer_create(
            by=user, data=_employer_data(user, data, pk=None), stage=stage, signals=signals
        )
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return Status(201, _employer_with_details(user, employer.pk))


@router.patch(
    "/employers/{employer_id}",
    response=answers({200: RecordChangedOut}, body=True, record=True),
    operation_id="employer_update",
    url_name="employer",
    summary="Update an employer",
)
def employer_patch(request: HttpRequest, employer_id: EmployerId, payload: EmployerUpdateIn):
    """Change some of an employer's fields; send only those. Answers which ones changed.

    The stage is not one of them: move it with `POST /api/employers/{id}/move`. Invalid
    input gets 422 with every error located by field, and nothing is written.
    """
    user = token_user(request)
    employer = employer_get_for(user, employer_id)
    data = _employer_data(user, payload.model_dump(exclude_unset=True), pk=employer.pk)
    try:
        changed = employer_update(employer=employer, by=user, data=data)
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return {"id": employer.pk, "changed": changed}


@router.post(
    "/employers/{employer_id}/move",
    response=answers({200: StageChangeOut}, body=True, record=True),
    operation_id="employer_move",
    url_name="employer_move",
    summary="Move an employer to another stage",
)
def employer_move_endpoint(request: HttpRequest, employer_id: EmployerId, payload: MoveIn):
    """Move an employer along the pipeline today, with a reason; its follow-up is re-planned.

    Moving it to the stage it is at gets 422 at `to_stage`, and nothing is written.
    """
    user = token_user(request)
    employer = employer_get_for(user, employer_id)
    try:
        change = employer_move(
            employer=employer, by=user, to_stage=payload.to_stage.value, reason=payload.reason
        )
    except DjangoValidationError as error:
        raise service_errors(error) from None
    employer.refresh_from_db(fields=["next_follow_up_on"])
    return change


# Contacts -------------------------------------------------------------------------------


@router.get(
    "/employers/{employer_id}/contacts",
    response=answers({200: ContactPageOut}, record=True),
    operation_id="contact_list",
    url_name="employer_contacts",
    summary="List an employer's contacts",
    tags=["contacts"],
)
def contact_list(request: HttpRequest, employer_id: EmployerId, paging: Query[PageQuery]):
    """The people at one of your organisation's employers: the primary contact first.

    The read is written to the audit log as one event for the page.
    """
    user = token_user(request)
    employer = employer_get_for(user, employer_id)
    rows = Contact.objects.filter(employer=employer).order_by("-is_primary", "name", "id")
    page = page_of(rows, paging)
    # The detail is a fixed marker (not translated) so that the log can be searched for it.
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type=Contact._meta.label_lower,
        fields=CONTACT_FIELDS,
        detail=f"api list: {len(page['items'])} contacts of employer {employer.pk}",
    )
    return page


@router.post(
    "/employers/{employer_id}/contacts",
    response=answers({201: ContactOut}, body=True, record=True),
    operation_id="contact_create",
    url_name="employer_contacts",
    summary="Add a contact",
    tags=["contacts"],
)
def contact_create(request: HttpRequest, employer_id: EmployerId, payload: ContactCreateIn):
    """Add a person at one of your organisation's employers.

    Invalid input gets 422 with every error located by field, and nothing is written.
    """
    user = token_user(request)
    employer = employer_get_for(user, employer_id)
    data = _contact_data(employer, payload.model_dump(), pk=None)
    try:
        contact = contact_add(employer=employer, by=user, data=data)
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return Status(201, contact)


@router.get(
    "/contacts/{contact_id}",
    response=answers({200: ContactOut}, record=True),
    operation_id="contact_detail",
    url_name="contact",
    summary="Read one contact",
    tags=["contacts"],
)
def contact_detail(request: HttpRequest, contact_id: ContactId):
    """One contact; 404 if their employer is not your organisation's.

    The read is written to the audit log with the fields returned.
    """
    user = token_user(request)
    contact = _contact_get_for(user, contact_id)
    audit_record(actor=user, action=AuditAction.VIEW, obj=contact, fields=CONTACT_FIELDS)
    return contact


@router.patch(
    "/contacts/{contact_id}",
    response=answers({200: RecordChangedOut}, body=True, record=True),
    operation_id="contact_update",
    url_name="contact",
    summary="Update a contact",
    tags=["contacts"],
)
def contact_patch(request: HttpRequest, contact_id: ContactId, payload: ContactUpdateIn):
    """Change some of a contact's fields; send only those. Answers which ones changed.

    Invalid input gets 422 with every error located by field, and nothing is written.
    """
    user = token_user(request)
    contact = _contact_get_for(user, contact_id)
    data = _contact_data(contact.employer, payload.model_dump(exclude_unset=True), pk=contact.pk)
    try:
        changed = contact_update(contact=contact, by=user, data=data)
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return {"id": contact.pk, "changed": changed}
