"""Interactions with employers over HTTP: read the log and add to it.

An interaction names its contacts (personal data) and its summary may speak of people, so
every read is written to the audit log: one event per list page. Logging goes through
`interaction_log`, which audits the write and re-plans each employer's follow-up.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.api.auth import CaseworkTokenAuth, token_user
from workbridge.api.employer_schemas import (
    INTERACTION_FIELDS,
    InteractionFilters,
    InteractionIn,
    InteractionOut,
    InteractionPageOut,
)
from workbridge.api.errors import answers, field_errors, service_errors
from workbridge.api.pages import page_of
from workbridge.employers.models import Interaction
from workbridge.employers.queries import (
    contacts_visible_to,
    employers_visible_to,
    interactions_visible_to,
)
from workbridge.employers.services import interaction_log

router = Router(auth=CaseworkTokenAuth(), tags=["interactions"])


def _with_relations(rows):
    return rows.select_related("by").prefetch_related("employers", "contacts")


@router.get(
    "/interactions",
    response=answers({200: InteractionPageOut}),
    operation_id="interaction_list",
    url_name="interactions",
    summary="List interactions",
)
def interaction_list(request: HttpRequest, filters: Query[InteractionFilters]):
    """Your organisation's interactions with employers, ordered by id, a page at a time.

    The read is written to the audit log as one event for the page.
    """
    user = token_user(request)
    rows = interactions_visible_to(user)
    if filters.employer is not None:
        rows = rows.filter(employers=filters.employer)
    if filters.since is not None:
        rows = rows.filter(occurred_on__gte=filters.since)
    page = page_of(_with_relations(rows).order_by("id"), filters)
    # The detail is a fixed marker (not translated) so that the log can be searched for it.
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type=Interaction._meta.label_lower,
        fields=INTERACTION_FIELDS,
        detail=f"api list: {len(page['items'])} interactions",
    )
    return page


@router.post(
    "/interactions",
    response=answers({201: InteractionOut}, body=True),
    operation_id="interaction_log",
    url_name="interactions",
    summary="Log an interaction",
)
def interaction_create(request: HttpRequest, payload: InteractionIn):
    """Log a call, e-mail, meeting, visit or event with one or several employers.

    An employer or contact that is not your organisation's, or does not exist, gets 422 at
    `employers` or `contacts` (the same answer for both, so nothing is learnt about other
    organisations). Invalid input gets 422 with every error located by field, and nothing
    is written.
    """
    user = token_user(request)
    errors: dict[str, list[str]] = {}
    employers = list(employers_visible_to(user).filter(pk__in=payload.employers).order_by("id"))
    if len(employers) != len(payload.employers):
        errors["employers"] = [_("Choose employers of your organisation.")]
    contacts = list(contacts_visible_to(user).filter(pk__in=payload.contacts).order_by("id"))
    chosen = {e.pk for e in employers}
    if len(contacts) != len(payload.contacts) or any(c.employer_id not in chosen for c in contacts):
        errors["contacts"] = [_("Choose contacts of the chosen employers.")]
    if payload.occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("The date cannot be in the future.")]
    if payload.next_step_on and not payload.next_step:
        errors["next_step"] = [_("Say what the next step is.")]
    if payload.next_step_on and payload.next_step_on < payload.occurred_on:
        errors["next_step_on"] = [_("The next step cannot come before the contact.")]
    if errors:
        raise field_errors(errors)
    try:
        interaction = interaction_log(
            by=user,
            employers=employers,
            contacts=contacts,
            kind=payload.kind.value,
            occurred_on=payload.occurred_on,
            outcome=payload.outcome.value if payload.outcome else "",
            summary=payload.summary,
            next_step=payload.next_step,
            next_step_on=payload.next_step_on,
        )
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return Status(201, _with_relations(Interaction.objects.filter(pk=interaction.pk)).get())
