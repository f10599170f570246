"""Writes for matching: the organisation's weights."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import casework_organisation_id, require_manager
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.matching.models import MAX_WEIGHT, WEIGHT_FIELDS, MatchWeights


@transaction.atomic
def match_weights_set(*, by: User, weights: dict[str, int]) -> MatchWeights:
    """Set the organisation's matching weights (administrators and program directors)."""
    require_manager(by)
    organisation_id = casework_organisation_id(by)
    unknown = set(weights) - set(WEIGHT_FIELDS)
    if unknown:
        raise ValueError(f"Not a weight: {', '.join(sorted(unknown))}")
    errors = {
        name: _("Enter a whole number from 0 to %(max)s.") % {"max": MAX_WEIGHT}
        for name, value in weights.items()
        if not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT
    }
    if errors:
        raise ValidationError(errors)
    row, _created = MatchWeights.objects.select_for_update().get_or_create(
        organisation_id=organisation_id
    )
    changed = [name for name, value in weights.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, weights[name])
    if changed or _created:
        row.updated_by = by
        row.save(update_fields=[*changed, "updated_by", "updated_at"])
        audit_record(actor=by, action=AuditAction.UPDATE, obj=row, fields=changed)
    return row
