"""Demo structured interviews for an organisation whose requisitions are already loaded.

`seed_interviews` gives each of the organisation's most recent requisitions with
interviewed applicants a panel of three of its people, a rubric for the job title
(shared by requisitions with the same title), submitted scorecards for every
candidate, interviewers' voluntary answers, and the panel's consensus and decision.
Ratings come from one hidden "strength" per candidate plus each interviewer's own
leniency and noise, so agreement figures look like real panels'. The same seed gives
the same interviews. The next interviewed requisition gets a panel still scoring (see
`open_panel_seed`). It writes nothing if the organisation has panels already.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import Organisation, Role, User
from workbridge.equity.models import Requisition
from workbridge.interviews.models import (
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
from workbridge.interviews.services import (
    RatingInput,
    interview_stage_index,
    panel_create,
    scorecard_save,
    weighted_score,
)
from workbridge.people.choices import EeoCategory, Sex

# (name, description, weight, anchors 1..5)
DEMO_COMPETENCIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "Problem solving",
        "Works through a realistic problem from the job.",
        "2",
        (
            "Does not identify the problem or offers no approach.",
            "Identifies the problem but the approach misses key facts.",
            "Gives a workable approach that covers the main facts.",
            "Weighs options and explains why one is best.",
            "Weighs options, anticipates risks and checks the result.",
        ),
    ),
    (
        "Communication",
        "Explains clearly to the public and to colleagues.",
        "1",
        (
            "The answer is hard to follow.",
            "Mostly clear, with gaps a listener must fill.",
            "Clear and organised.",
            "Clear, organised and adapted to the listener.",
            "Clear, concise, adapted, and checks understanding.",
        ),
    ),
    (
        "Service to residents",
        "Puts residents' needs first within the rules.",
        "1",
        (
            "No example of serving others.",
            "An example with little attention to the resident's needs.",
            "A relevant example that met the resident's needs.",
            "A relevant example that went beyond the minimum.",
            "Several examples, including changing a process for residents.",
        ),
    ),
)
PANEL_SIZE = 3
MAX_CANDIDATES = 40


@dataclass(frozen=True)
class InterviewsSeeded:
    rubrics: int
    panels: int
    candidates: int
    scorecards: int
    open_panels: int = 0


def _pick_profile(rng: random.Random) -> tuple[str, str]:
    race = rng.choices(
        [
            EeoCategory.WHITE,
            EeoCategory.BLACK,
            EeoCategory.HISPANIC,
            EeoCategory.ASIAN,
            EeoCategory.TWO_OR_MORE,
            EeoCategory.NOT_DISCLOSED,
        ],
        weights=[40, 25, 20, 8, 3, 4],
    )[0]
    sex = rng.choices([Sex.FEMALE, Sex.MALE, Sex.PREFER_NOT, ""], weights=[48, 46, 3, 3])[0]
    return str(race), str(sex)


@transaction.atomic
def seed_interviews(
    *, organisation: Organisation, seed: int = 42, requisitions: int = 12
) -> InterviewsSeeded:
    """Panels, scorecards and consensus for the organisation's latest interviewed requisitions."""
    if Panel.objects.filter(organisation=organisation).exists():
        return InterviewsSeeded(0, 0, 0, 0)
    stage = interview_stage_index(organisation)
    people = list(
        User.objects.filter(
            membership__organisation=organisation,
            membership__role__in=[Role.STAFF, Role.MANAGER, Role.ANALYST, Role.ADMIN],
            is_active=True,
        ).order_by("pk")
    )
    if stage is None or len(people) < 2:
        return InterviewsSeeded(0, 0, 0, 0)
    rng = random.Random(seed)
    coordinator = next((u for u in people if u.membership.role == Role.ANALYST), people[0])
    for user in people:
        race, sex = _pick_profile(rng)
        InterviewerProfile.objects.get_or_create(
            user=user, defaults={"eeo_category": race, "sex": sex}
        )
    chosen = list(
        Requisition.objects.filter(organisation=organisation, applicants__reached__gte=stage)
        .distinct()
        .order_by("-year", "external_id")[:requisitions]
    )
    rubrics: dict[str, tuple[Rubric, list[Competency]]] = {}
    counts = {"panels": 0, "candidates": 0, "scorecards": 0}
    now = timezone.now()
    for requisition in chosen:
        if requisition.job_title not in rubrics:
            rubric = Rubric.objects.create(
                organisation=organisation,
                name=f"{requisition.job_title} interview",
                job_title=requisition.job_title,
                created_by=coordinator,
            )
            competencies = [
                Competency.objects.create(
                    rubric=rubric,
                    position=i,
                    name=name,
                    description=description,
                    weight=Decimal(weight),
                    **{f"anchor_{r}": text for r, text in enumerate(anchors, start=1)},
                )
                for i, (name, description, weight, anchors) in enumerate(DEMO_COMPETENCIES, 1)
            ]
            rubrics[requisition.job_title] = (rubric, competencies)
        rubric, competencies = rubrics[requisition.job_title]
        panel = Panel.objects.create(
            organisation=organisation,
            requisition=requisition,
            rubric=rubric,
            name=f"{requisition.external_id} panel",
            coordinator=coordinator,
            status=PanelStatus.CLOSED,
            closed_at=now,
        )
        seated = rng.sample(people, min(PANEL_SIZE, len(people)))
        members = [PanelMember.objects.create(panel=panel, user=u) for u in seated]
        leniency = {m.pk: rng.gauss(0, 0.4) for m in members}
        applicants = list(
            requisition.applicants.filter(reached__gte=stage).order_by("external_id")[
                :MAX_CANDIDATES
            ]
        )
        weights = {c.pk: c.weight for c in competencies}
        # Every rating first, from each candidate's strength and each member's leniency,
        # so that each table is written in one bulk insert.
        drawn: list[dict[tuple[int, int], int]] = []
        candidates: list[Candidate] = []
        agreed_of: list[dict[int, int]] = []
        for applicant in applicants:
            strength = rng.gauss(3.2, 0.8)
            given = {
                (m.pk, c.pk): min(5, max(1, round(strength + leniency[m.pk] + rng.gauss(0, 0.6))))
                for m in members
                for c in competencies
            }
            agreed = {
                c.pk: sorted(given[m.pk, c.pk] for m in members)[len(members) // 2]
                for c in competencies
            }
            score = weighted_score(agreed, weights)
            passed = score >= Decimal("3.5")
            drawn.append(given)
            agreed_of.append(agreed)
            candidates.append(
                Candidate(
                    panel=panel,
                    applicant=applicant,
                    consensus_score=score,
                    decision=Decision.PASS if passed else Decision.FAIL,
                    reason="Met the bar on the weighted rubric."
                    if passed
                    else "Below the bar on the rubric.",
                    decided_by=coordinator,
                    decided_at=now,
                )
            )
        candidates = Candidate.objects.bulk_create(candidates)
        cards = Scorecard.objects.bulk_create(
            Scorecard(member=member, candidate=candidate, submitted_at=now)
            for candidate in candidates
            for member in members
        )
        card_of = {(card.candidate_id, card.member_id): card for card in cards}
        counts["scorecards"] += len(cards)
        Rating.objects.bulk_create(
            Rating(
                scorecard=card_of[candidate.pk, member_id],
                competency_id=competency_id,
                value=value,
                evidence="Demo notes.",
            )
            for candidate, given in zip(candidates, drawn, strict=True)
            for (member_id, competency_id), value in given.items()
        )
        ConsensusRating.objects.bulk_create(
            ConsensusRating(candidate=candidate, competency_id=pk, value=value)
            for candidate, agreed in zip(candidates, agreed_of, strict=True)
            for pk, value in agreed.items()
        )
        counts["panels"] += 1
        counts["candidates"] += len(candidates)
    later = (
        Requisition.objects.filter(organisation=organisation, applicants__reached__gte=stage)
        .exclude(pk__in=[r.pk for r in chosen])
        .distinct()
        .order_by("-year", "external_id")
        .first()
    )
    opened = 0
    if later is not None and later.job_title in rubrics:
        open_panel_seed(
            requisition=later,
            rubric=rubrics[later.job_title][0],
            people=people,
            coordinator=coordinator,
            rng=rng,
        )
        opened = 1
    return InterviewsSeeded(rubrics=len(rubrics), **counts, open_panels=opened)


def open_panel_seed(
    *,
    requisition: Requisition,
    rubric: Rubric,
    people: list[User],
    coordinator: User,
    rng: random.Random,
) -> Panel:
    """A panel still scoring, through the panel and scorecard services: the coordinator has
    scored every candidate, a manager some, and the demo job developer none yet, so their
    "My interview panels" shows one waiting for their scores."""
    from workbridge.demo.people import DEMO_LOGINS

    demo_staff = {login.username for login in DEMO_LOGINS if login.role == Role.STAFF}
    staff = [u for u in people if u.membership.role == Role.STAFF]
    waiting = next((u for u in staff if u.username in demo_staff), staff[0] if staff else None)
    manager = next((u for u in people if u.membership.role == Role.MANAGER), None)
    seated = [u for u in (coordinator, manager, waiting) if u is not None]
    panel = panel_create(
        requisition=requisition,
        rubric=rubric,
        name=f"{requisition.external_id} panel",
        by=coordinator,
        members=list(dict.fromkeys(seated)),
    )
    competencies = list(rubric.competencies.order_by("position"))
    candidates = list(panel.candidates.order_by("applicant__external_id")[:MAX_CANDIDATES])
    for member in panel.members.select_related("user").order_by("id"):
        if member.user_id == (waiting.pk if waiting else None) and member.user != coordinator:
            continue
        # The coordinator has scored everyone; the manager the first half so far.
        done = candidates if member.user == coordinator else candidates[: len(candidates) // 2]
        for candidate in done:
            strength = rng.gauss(3.2, 0.8)
            scorecard_save(
                member=member,
                candidate=candidate,
                ratings={
                    c.pk: RatingInput(
                        min(5, max(1, round(strength + rng.gauss(0, 0.6)))), "Demo notes."
                    )
                    for c in competencies
                },
                submit=True,
                by=member.user,
            )
    return panel
