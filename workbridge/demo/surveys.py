"""Demo surveys: employee satisfaction in two yearly waves, a training evaluation, an exit
interview and a participant satisfaction survey, each with invitations and responses.

Responses are written straight to the tables (the waves of past years are closed, so
the link service would refuse them), with the same shape the link gives: anonymous
surveys keep no language and no link to the invitation. Each department has its own
mood, so the results by department differ. The same seed gives the same surveys; nothing
is written if the organisation has surveys already.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import Organisation, Role, User
from workbridge.surveys.models import (
    Answer,
    Invitation,
    InvitationStatus,
    Question,
    QuestionKind,
    Response,
    ResponseSource,
    Survey,
    SurveyKind,
    Wave,
)
from workbridge.surveys.services import (
    survey_create_from_template,
    version_publish,
    wave_create,
)
from workbridge.surveys.tallies import tallies_rebuild

DEPARTMENTS = ("Water", "Streets and Sanitation", "Finance", "Public Health", "Parks")
FIRST = ("maria", "james", "rosa", "li", "aisha", "juan", "kim", "dev", "ana", "tom", "sofia")
COMMENTS = (
    "More flexible schedules would help.",
    "Clearer paths to promotion.",
    "Better equipment in the field.",
    "My supervisor listens and that matters.",
    "Más capacitación para el personal nuevo.",
    "Pay that keeps up with the cost of living.",
    "Fewer meetings, more time for the work.",
)


@dataclass
class SeededSurveys:
    surveys: int
    waves: int
    invitations: int
    responses: int


def _pick(rng: random.Random, values: list[int], mood: float) -> int:
    """A value skewed up the scale by a mood from -1 to 1."""
    weights = [max(0.05, 1 + mood * (i - (len(values) - 1) / 2)) for i in range(len(values))]
    return rng.choices(values, weights=weights)[0]


def _answers(rng, response, questions: list[Question], mood: float) -> list[Answer]:
    rows = []
    for q in questions:
        if q.kind in (QuestionKind.LIKERT, QuestionKind.SCALE_0_4, QuestionKind.RATING):
            values = q.scale_values()
            value = _pick(rng, values, -mood if q.reverse_scored else mood)
            rows.append(Answer(response=response, question=q, value=value))
        elif q.kind == QuestionKind.SINGLE:
            if q.show_if_question_id is None:
                values = [o.value for o in q.options.all()]
                rows.append(Answer(response=response, question=q, value=rng.choice(values)))
        elif q.kind == QuestionKind.MULTIPLE:
            values = [o.value for o in q.options.all()]
            for value in rng.sample(values, rng.randint(0, 2)):
                rows.append(Answer(response=response, question=q, value=value))
        elif q.kind == QuestionKind.NUMBER:
            rows.append(Answer(response=response, question=q, number=rng.randint(0, 6)))
        elif q.kind == QuestionKind.TEXT and rng.random() < 0.3:
            rows.append(Answer(response=response, question=q, text=rng.choice(COMMENTS)))
    return rows


def _fill_wave(
    rng: random.Random,
    wave: Wave,
    people: int,
    share: float,
    moods: dict[str, float],
    departments: tuple[str, ...],
) -> tuple[int, int]:
    """Invite `people` and have about `share` of them answer; returns (invited, responded)."""
    questions = list(wave.version.questions.prefetch_related("options"))
    anonymous = wave.survey.anonymous
    invitations = []
    for n in range(people):
        nonce = Invitation.new_nonce()
        invitations.append(
            Invitation(
                wave=wave,
                nonce=nonce,
                digest=Invitation.digest_of(Invitation.token_for(nonce)),
                email=f"{rng.choice(FIRST)}.{wave.pk}.{n}@city.example",
                language="es" if rng.random() < 0.2 else "en",
                department=rng.choice(departments) if departments else "",
                status=InvitationStatus.SENT,
                sent_at=timezone.now(),
            )
        )
    Invitation.objects.bulk_create(invitations)
    responses: list[Response] = []
    answers: list[Answer] = []
    last_day = min(wave.closes_on, timezone.localdate())
    span = max((last_day - wave.opens_on).days, 0)
    responded = [i for i in invitations if rng.random() < share]
    rng.shuffle(responded)  # rows in no order that follows the invitations
    for invitation in responded:
        invitation.status = InvitationStatus.RESPONDED
        response = Response(
            wave=wave,
            version_id=wave.version_id,
            invitation=None if anonymous else invitation,
            submitted_on=wave.opens_on + timedelta(days=rng.randint(0, span)),
            department=invitation.department,
            language="" if anonymous else invitation.language,
            source=ResponseSource.LINK if rng.random() < 0.92 else ResponseSource.PAPER,
        )
        responses.append(response)
        answers.extend(_answers(rng, response, questions, moods.get(invitation.department, 0.3)))
    Invitation.objects.bulk_update(responded, ["status"])
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers, batch_size=2000)
    tallies_rebuild(wave)
    return len(invitations), len(responses)


def _survey(organisation, kind, by, anonymous=True) -> Survey:
    survey = survey_create_from_template(
        organisation=organisation, kind=kind, title="", anonymous=anonymous, by=by
    )
    version_publish(version=survey.versions.get(), by=by)
    return survey


@transaction.atomic
def seed_surveys(*, organisation: Organisation, seed: int = 7) -> SeededSurveys:
    """The organisation's demo surveys (nothing if it has some already)."""
    if Survey.objects.filter(organisation=organisation).exists():
        return SeededSurveys(0, 0, 0, 0)
    by = (
        User.objects.filter(
            membership__organisation=organisation,
            membership__role__in=[Role.ANALYST, Role.MANAGER, Role.ADMIN],
        )
        .order_by("membership__role", "pk")
        .first()
    )
    if by is None:
        return SeededSurveys(0, 0, 0, 0)
    rng = random.Random(seed)
    today = timezone.localdate()
    moods = {d: rng.uniform(-0.4, 0.8) for d in DEPARTMENTS}
    plan = [
        # (kind, anonymous, waves: (name, opens, closes, people, share), departments)
        (
            SurveyKind.EMPLOYEE_SATISFACTION,
            True,
            [
                (
                    str(today.year - 1),
                    date(today.year - 1, 3, 1),
                    date(today.year - 1, 3, 31),
                    160,
                    0.58,
                ),
                (
                    str(today.year),
                    today - timedelta(days=10),
                    today + timedelta(days=20),
                    180,
                    0.41,
                ),
            ],
            DEPARTMENTS,
        ),
        (
            SurveyKind.TRAINING_EVALUATION,
            True,
            [
                (
                    "Interview training, autumn",
                    today - timedelta(days=40),
                    today - timedelta(days=10),
                    48,
                    0.75,
                )
            ],
            (),
        ),
        (
            SurveyKind.EXIT_INTERVIEW,
            False,
            [("Last quarter", today - timedelta(days=90), today + timedelta(days=5), 90, 0.6)],
            DEPARTMENTS,
        ),
        (
            SurveyKind.PARTICIPANT_SATISFACTION,
            True,
            [("This year", today - timedelta(days=30), today + timedelta(days=14), 60, 0.35)],
            (),
        ),
    ]
    totals = SeededSurveys(0, 0, 0, 0)
    for kind, anonymous, waves, departments in plan:
        survey = _survey(organisation, kind, by, anonymous=anonymous)
        totals.surveys += 1
        for name, opens, closes, people, share in waves:
            wave = wave_create(
                survey=survey,
                name=name,
                opens_on=opens,
                closes_on=closes,
                target_rate=survey.target_rate,
                by=by,
            )
            invited, responded = _fill_wave(rng, wave, people, share, moods, departments)
            totals.waves += 1
            totals.invitations += invited
            totals.responses += responded
    return totals
