"""Demo referrals: one organisation's job developer puts their participants forward for
the active partners' openings, and each referral stops at a different step, so every
status (and the hire path that records a placement) shows on the demo.

Every referral is written through `referral_create` and `referral_move`, so each step
has its audit event, the employer's feedback is logged as a contact with the employer,
and a hire gets its retention checks. Dates are placed relative to ``today``; the same
seed gives the same referrals.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from workbridge.accounts.models import Organisation, User
from workbridge.employers.choices import InteractionKind
from workbridge.jobs.models import JobOpening, OpeningStatus
from workbridge.people.models import Participant
from workbridge.placements.models import ReferralReason, ReferralStatus
from workbridge.placements.services import referral_create, referral_move

S = ReferralStatus


@dataclass(frozen=True)
class Step:
    status: str
    feedback: str = ""
    reason: str = ""
    note: str = ""


# One referral per story: how it started, then each move with what the employer said.
STORIES: tuple[tuple[str, tuple[Step, ...]], ...] = (
    (S.SUGGESTED, ()),
    (S.SUGGESTED, ()),
    (S.REFERRED, ()),
    (S.REFERRED, (Step(S.INTERVIEWING, "Interview set for next week with the shift lead."),)),
    (
        S.REFERRED,
        (
            Step(S.INTERVIEWING),
            Step(S.OFFERED, "Offered the job at the posted wage; waiting for an answer."),
        ),
    ),
    (
        S.SUGGESTED,
        (
            Step(S.REFERRED, note="Resume sent with a short note on the forklift certificate."),
            Step(S.INTERVIEWING, "Strong interview; checking references."),
            Step(S.OFFERED),
            Step(S.HIRED, "Starts on the first shift; asked us to send more like this."),
        ),
    ),
    (S.REFERRED, (Step(S.OFFERED, "Hired straight from the open house."), Step(S.HIRED))),
    (
        S.REFERRED,
        (
            Step(S.INTERVIEWING),
            Step(
                S.NOT_SELECTED,
                "Went with someone who had a year on the job.",
                ReferralReason.EXPERIENCE,
            ),
        ),
    ),
    (
        S.REFERRED,
        (Step(S.NOT_SELECTED, "Never heard back after two calls.", ReferralReason.NO_RESPONSE),),
    ),
    (
        S.REFERRED,
        (
            Step(S.INTERVIEWING),
            Step(
                S.DECLINED,
                reason=ReferralReason.SCHEDULE,
                note="Withdrew: the night shift clashes with childcare.",
            ),
        ),
    ),
    (
        S.SUGGESTED,
        (Step(S.DECLINED, reason=ReferralReason.COMMUTE, note="Two buses each way; not for now."),),
    ),
)


def referrals_seed(
    *, organisation: Organisation, by: User, seed: int, today: date | None = None
) -> int:
    """Put ``by``'s participants forward for open openings, one referral per story above."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    people = list(
        Participant.objects.filter(
            organisation=organisation,
            assigned_to=by,
            exited_on__isnull=True,
            placements__isnull=True,
        ).order_by("id")[: len(STORIES) * 3]
    )
    # The active partners' openings first; with few partners, any open opening.
    openings = sorted(
        JobOpening.objects.filter(organisation=organisation, status=OpeningStatus.OPEN)
        .select_related("employer")
        .order_by("id"),
        key=lambda opening: opening.employer.stage != "active",
    )
    if len(people) < len(STORIES) or not openings:
        return 0
    chosen = rng.sample(people, len(STORIES))
    made = 0
    # Every referral first, while its opening is still open; a hire may fill an opening.
    started = []
    for n, ((start, steps), participant) in enumerate(zip(STORIES, chosen, strict=True)):
        opening = openings[n % len(openings)]
        on = today - timedelta(days=rng.randint(6, 12) * (len(steps) + 1))
        referral = referral_create(
            participant=participant, opening=opening, by=by, status=start, on=on
        )
        started.append((referral, on, steps))
        made += 1
    for referral, on, steps in started:
        for step in steps:
            on = min(today, on + timedelta(days=rng.randint(3, 10)))
            referral_move(
                referral=referral,
                to_status=step.status,
                by=by,
                on=on,
                note=step.note,
                employer_feedback=step.feedback,
                feedback_kind=rng.choice([InteractionKind.CALL, InteractionKind.EMAIL]),
                reason=step.reason,
            )
    return made
