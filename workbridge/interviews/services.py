"""Writes for structured interviews: rubrics, panels, scorecards, consensus, profiles.

Every write is one transaction with its audit event. Scorecards never reveal anything:
the blind rule is enforced on reads (`queries.scorecards_visible_to`), and here a
submitted scorecard can no longer change, so what the others saw stays what was scored.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.equity.models import Applicant, Requisition
from workbridge.equity.services import equity_settings_for
from workbridge.interviews.models import (
    RATINGS,
    Candidate,
    Competency,
    ConsensusRating,
    Decision,
    InterviewerProfile,
    Panel,
    PanelMember,
    PanelStatus,
    Rating,
    Rubric,
    Scorecard,
)

INTERVIEW_STAGE = "interviewed"
RUBRIC_FIELDS = ("name", "job_title")
COMPETENCY_FIELDS = (
    "name",
    "description",
    "weight",
    "anchor_1",
    "anchor_2",
    "anchor_3",
    "anchor_4",
    "anchor_5",
)


@dataclass(frozen=True)
class RatingInput:
    """What a form gives for one competency: a rating (or none yet) and the evidence."""

    value: int | None
    evidence: str = ""


# Rubrics ----------------------------------------------------------------------------


@transaction.atomic
def rubric_save(
    *, organisation: Organisation, data: Mapping[str, Any], by: User, rubric: Rubric | None = None
) -> Rubric:
    """Create a rubric, or rename it or change its job title."""
    created = rubric is None
    if rubric is None:
        rubric = Rubric(organisation=organisation, created_by=by)
    changed = [f for f in RUBRIC_FIELDS if getattr(rubric, f) != data[f]]
    for field in changed:
        setattr(rubric, field, data[field])
    if created:
        rubric.save()
    elif changed:
        rubric.save(update_fields=[*changed, "updated_at"])
    else:
        return rubric
    audit_record(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=rubric,
        fields=RUBRIC_FIELDS if created else changed,
    )
    return rubric


@transaction.atomic
def competency_save(
    *, rubric: Rubric, data: Mapping[str, Any], by: User, competency: Competency | None = None
) -> Competency:
    """Add a competency with its weight and five anchors to a rubric, or change one."""
    created = competency is None
    scored = Scorecard.objects.filter(candidate__panel__rubric=rubric).exists()
    saved_weight = (
        None
        if competency is None
        else Competency.objects.values_list("weight", flat=True).get(pk=competency.pk)
    )
    if scored and (created or Decimal(data["weight"]) != saved_weight):
        # Ratings already given rest on the competencies and weights they were given for.
        raise ValidationError(
            _("Panels have scored with this rubric: its competencies and weights cannot change.")
        )
    if competency is None:
        last = rubric.competencies.aggregate(last=Max("position"))["last"]
        competency = Competency(rubric=rubric, position=(last or 0) + 1)
    changed = [f for f in COMPETENCY_FIELDS if created or getattr(competency, f) != data[f]]
    for field in changed:
        setattr(competency, field, data[field])
    if created:
        competency.save()
    elif changed:
        competency.save(update_fields=changed)
    else:
        return competency
    Rubric.objects.filter(pk=rubric.pk).update(updated_at=timezone.now())
    audit_record(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=competency,
        fields=COMPETENCY_FIELDS if created else changed,
    )
    return competency


# Interviewer profiles -------------------------------------------------------------------


def interviewer_profile_for(user: User) -> InterviewerProfile:
    """The user's profile, unsaved and blank if they have never answered."""
    try:
        return user.interviewer_profile
    except InterviewerProfile.DoesNotExist:
        return InterviewerProfile(user=user)


@transaction.atomic
def interviewer_profile_save(*, user: User, eeo_category: str, sex: str) -> InterviewerProfile:
    """An interviewer's own voluntary answers, for panel-diversity counts."""
    profile, _created = InterviewerProfile.objects.update_or_create(
        user=user, defaults={"eeo_category": eeo_category, "sex": sex}
    )
    audit_record(actor=user, action=AuditAction.UPDATE, obj=profile, fields=["eeo_category", "sex"])
    return profile


# Panels ---------------------------------------------------------------------------------


def interview_stage_index(organisation: Organisation) -> int | None:
    """The position of the interview stage in the organisation's stage list, if it has one."""
    stages = list(equity_settings_for(organisation).stages)
    return stages.index(INTERVIEW_STAGE) if INTERVIEW_STAGE in stages else None


@transaction.atomic
def panel_create(
    *,
    requisition: Requisition,
    rubric: Rubric,
    name: str,
    by: User,
    members: Iterable[User] = (),
) -> Panel:
    """A panel for a requisition, with every applicant who reached the interview stage."""
    if rubric.organisation_id != requisition.organisation_id:
        raise ValidationError(_("The rubric belongs to another organisation."))
    panel = Panel.objects.create(
        organisation=requisition.organisation,
        requisition=requisition,
        rubric=rubric,
        name=name,
        coordinator=by,
    )
    stage = interview_stage_index(requisition.organisation)
    if stage is not None:
        applicants = requisition.applicants.filter(reached__gte=stage).order_by("external_id")
        Candidate.objects.bulk_create(Candidate(panel=panel, applicant=a) for a in applicants)
    for user in members:
        PanelMember.objects.create(panel=panel, user=user)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=panel,
        fields=["requisition", "rubric", "name"],
        detail=f"{panel.candidates.count()} candidates",
    )
    return panel


def _require_open(panel: Panel) -> None:
    if panel.is_closed:
        raise ValidationError(_("Scoring on this panel is closed."))


@transaction.atomic
def panel_member_add(*, panel: Panel, user: User, by: User) -> PanelMember:
    """Seat someone of the panel's organisation on it."""
    _require_open(panel)
    membership = getattr(user, "membership", None)
    if membership is None or membership.organisation_id != panel.organisation_id:
        raise ValidationError(_("Only people of this organisation can sit on its panels."))
    member, created = PanelMember.objects.get_or_create(panel=panel, user=user)
    if created:
        audit_record(actor=by, action=AuditAction.CREATE, obj=member, fields=["panel", "user"])
    return member


@transaction.atomic
def candidate_add(*, panel: Panel, applicant: Applicant, by: User) -> Candidate:
    """Add one of the requisition's applicants to the panel's candidates."""
    _require_open(panel)
    if applicant.requisition_id != panel.requisition_id:
        raise ValidationError(_("That applicant did not apply to this requisition."))
    candidate, created = Candidate.objects.get_or_create(panel=panel, applicant=applicant)
    if created:
        audit_record(
            actor=by, action=AuditAction.CREATE, obj=candidate, fields=["panel", "applicant"]
        )
    return candidate


@transaction.atomic
def panel_close(*, panel: Panel, by: User) -> Panel:
    """End scoring: drafts stay unsubmitted and the consensus step opens for every candidate."""
    _require_open(panel)
    panel.status = PanelStatus.CLOSED
    panel.closed_at = timezone.now()
    panel.save(update_fields=["status", "closed_at"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=panel, fields=["status"])
    return panel


# Scoring --------------------------------------------------------------------------------


@transaction.atomic
def scorecard_save(
    *,
    member: PanelMember,
    candidate: Candidate,
    ratings: Mapping[int, RatingInput],
    submit: bool,
    by: User,
) -> Scorecard:
    """Save a member's ratings of a candidate as a draft, or submit them for good.

    Only the member may write their scorecard; a submitted one cannot change, and
    submitting needs a rating for every competency.
    """
    if member.user_id != by.pk or candidate.panel_id != member.panel_id:
        raise ValidationError(_("You can only score for yourself, on your own panel."))
    panel = member.panel
    _require_open(panel)
    scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
        member=member, candidate=candidate
    )
    if scorecard.is_submitted:
        raise ValidationError(_("This scorecard was submitted and can no longer change."))
    competencies = list(panel.rubric.competencies.all())
    missing = [
        c.name for c in competencies if (ratings.get(c.pk) or RatingInput(None)).value is None
    ]
    if submit and missing:
        raise ValidationError(
            _("Rate every competency before submitting: %(names)s") % {"names": ", ".join(missing)}
        )
    for competency in competencies:
        given = ratings.get(competency.pk) or RatingInput(None)
        if given.value is not None and given.value not in RATINGS:
            raise ValidationError(_("Ratings go from 1 to 5."))
        Rating.objects.update_or_create(
            scorecard=scorecard,
            competency=competency,
            defaults={"value": given.value, "evidence": given.evidence},
        )
    fields = ["ratings", "evidence"]
    if submit:
        scorecard.submitted_at = timezone.now()
        fields.append("submitted_at")
    # The ratings live in their own rows; the scorecard itself only records when it
    # last changed and, on submission, when it was submitted.
    scorecard.save(update_fields=["updated_at", "submitted_at"] if submit else ["updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=scorecard,
        fields=fields,
        detail=f"applicant {candidate.applicant.external_id}, "
        + ("submitted" if submit else "draft"),
    )
    return scorecard


# Consensus ------------------------------------------------------------------------------


def consensus_open(candidate: Candidate) -> bool:
    """Whether the panel may agree on this candidate: scoring closed, or everyone submitted."""
    panel = candidate.panel
    if panel.is_closed:
        return True
    members = panel.members.count()
    submitted = candidate.scorecards.filter(submitted_at__isnull=False).count()
    return members > 0 and submitted >= members


def weighted_score(values: Mapping[int, int], weights: Mapping[int, Decimal]) -> Decimal:
    """The weighted mean of ratings on the 1-5 scale, to four places."""
    total_weight = sum(weights.values(), Decimal(0))
    if total_weight == 0:
        raise ValidationError(_("The rubric has no competencies."))
    total = sum((Decimal(values[pk]) * w for pk, w in weights.items()), Decimal(0))
    return (total / total_weight).quantize(Decimal("0.0001"))


@transaction.atomic
def consensus_record(
    *,
    candidate: Candidate,
    ratings: Mapping[int, int],
    decision: str,
    reason: str,
    by: User,
) -> Candidate:
    """The panel's agreed rating per competency and its pass or fail decision, with a reason."""
    if not consensus_open(candidate):
        raise ValidationError(
            _("Every panel member must submit, or scoring be closed, before the consensus.")
        )
    if decision not in Decision.values:
        raise ValidationError(_("Choose pass or do not pass."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    competencies = list(candidate.panel.rubric.competencies.all())
    weights = {c.pk: c.weight for c in competencies}
    for c in competencies:
        if ratings.get(c.pk) not in RATINGS:
            raise ValidationError(
                _("Give an agreed rating from 1 to 5 for %(name)s.") % {"name": c.name}
            )
    for c in competencies:
        ConsensusRating.objects.update_or_create(
            candidate=candidate, competency=c, defaults={"value": ratings[c.pk]}
        )
    candidate.consensus_score = weighted_score({pk: ratings[pk] for pk in weights}, weights)
    candidate.decision = decision
    candidate.reason = reason.strip()
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    candidate.save(
        update_fields=["consensus_score", "decision", "reason", "decided_by", "decided_at"]
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=candidate,
        fields=["consensus_ratings", "decision", "reason"],
        detail=f"applicant {candidate.applicant.external_id}: {decision}",
    )
    return candidate
