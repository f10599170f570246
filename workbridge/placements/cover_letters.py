"""Cover letters: one per participant and opening, drafted from the profile and the opening
and edited by the case manager."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workbridge.accounts.access import require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.jobs.models import JobOpening
from workbridge.people.models import Participant
from workbridge.placements.models import CoverLetter

# Longest letter kept: about two pages.
MAX_LETTER = 8000


def cover_letter_draft(participant: Participant, opening: JobOpening) -> str:
    """A first draft in the active language, from what the profile and the opening hold."""
    name = f"{participant.first_name} {participant.last_name}"
    employer = opening.employer.name
    skills = [s.name for s in participant.skills.all()[:4]]
    latest_job = participant.work_history.first()
    certifications = [c.name for c in participant.certifications.all()[:3]]
    asked = [s for s in opening.required_skills or [] if s]
    paragraphs = [
        _("Dear hiring manager at %(employer)s,") % {"employer": employer},
        _("I am writing to apply for the %(title)s position.") % {"title": opening.title},
    ]
    if participant.resume_summary:
        paragraphs.append(participant.resume_summary.strip())
    if latest_job is not None:
        paragraphs.append(
            _("Most recently I worked as %(job)s at %(employer)s.")
            % {"job": latest_job.job_title, "employer": latest_job.employer_name}
        )
    if skills:
        matching = [s for s in skills if s.casefold() in {a.casefold() for a in asked}]
        paragraphs.append(
            _("I bring %(skills)s, which this position asks for.") % {"skills": ", ".join(matching)}
            if matching
            else _("My skills include %(skills)s.") % {"skills": ", ".join(skills)}
        )
    if certifications:
        paragraphs.append(
            _("I hold the following certifications: %(list)s.")
            % {"list": ", ".join(certifications)}
        )
    paragraphs += [
        _(
            "I would welcome the chance to talk with you about how I can contribute to "
            "%(employer)s. Thank you for your time and consideration."
        )
        % {"employer": employer},
        _("Sincerely,") + "\n" + name,
    ]
    return "\n\n".join(paragraphs)


def _check_pair(participant: Participant, opening: JobOpening, by: User) -> None:
    organisation = require_own(participant, by)
    if opening.organisation_id != organisation.pk:
        raise ValidationError({"opening": _("Choose an opening of your organisation.")})


def cover_letter_for(*, participant: Participant, opening: JobOpening, by: User) -> CoverLetter:
    """The saved letter for this opening, or an unsaved draft of it."""
    _check_pair(participant, opening, by)
    letter = CoverLetter.objects.filter(participant=participant, opening=opening).first()
    if letter is None:
        letter = CoverLetter(
            participant=participant, opening=opening, body=cover_letter_draft(participant, opening)
        )
    return letter


@transaction.atomic
def cover_letter_save(
    *, participant: Participant, opening: JobOpening, by: User, body: str
) -> CoverLetter:
    """Save the case manager's version of the letter."""
    _check_pair(participant, opening, by)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the letter.")})
    if len(body) > MAX_LETTER:
        raise ValidationError(
            {"body": _("Keep the letter under %(n)s characters.") % {"n": MAX_LETTER}}
        )
    letter, created = CoverLetter.objects.update_or_create(
        participant=participant, opening=opening, defaults={"body": body, "updated_by": by}
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=letter,
        fields=["body"],
        detail=f"participant {participant.pk}, opening {opening.pk}",
    )
    return letter
