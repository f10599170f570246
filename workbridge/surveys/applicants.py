"""Candidate-experience surveys reach applicants who got to a stage of a hiring process.

The applicant-flow import holds who applied and how far each person got, but no contact
details. The recruiter uploads the applicant tracking system's contact list for the
requisition (applicant_id, email, and optionally name and language); the people on it who
reached the chosen stage are invited. The department and job title come from the
requisition, and each invitee's group is their race or ethnicity category from the import,
so results can be read by group (small groups hidden). Contact details are kept only on the
invitation, as for any address list.
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from workbridge.equity.models import Applicant, Requisition
from workbridge.surveys.services import AddressListRefused, Invitee, RowProblem

KEY_COLUMN = "applicant_id"
FIRST_DATA_ROW = 2


@dataclass(frozen=True)
class ApplicantAudience:
    invitees: list[Invitee]
    # On the list but not as far as the stage (withdrawn earlier, or screened out).
    not_at_stage: int


def invitees_from_applicants(
    requisition: Requisition, *, stage: int, listed: list[Invitee]
) -> ApplicantAudience:
    """The listed applicants of the requisition who reached `stage` (0 is applying).

    Every listed id must be an applicant of the requisition; otherwise AddressListRefused
    names each unknown row and nobody is invited.
    """
    applicants = {
        external_id: (reached, eeo)
        for external_id, reached, eeo in Applicant.objects.filter(
            requisition=requisition, external_id__in=[p.key for p in listed]
        ).values_list("external_id", "reached", "eeo_category")
    }
    labels = dict(Applicant._meta.get_field("eeo_category").flatchoices)
    problems = [
        RowProblem(
            row,
            KEY_COLUMN,
            _("no applicant %(id)s in requisition %(requisition)s")
            % {"id": person.key, "requisition": requisition.external_id},
        )
        for row, person in enumerate(listed, start=FIRST_DATA_ROW)
        if person.key not in applicants
    ]
    if problems:
        raise AddressListRefused(problems)
    invitees = []
    for person in listed:
        reached, eeo = applicants[person.key]
        if reached < stage:
            continue
        invitees.append(
            replace(
                person,
                department=requisition.department[:120],
                job_title=requisition.job_title[:160],
                group=str(labels.get(eeo, ""))[:60],
                key="",
            )
        )
    return ApplicantAudience(invitees, len(listed) - len(invitees))
