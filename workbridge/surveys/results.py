"""A wave's results: response rates against the target, and each question's answers.

Counting happens in SQL (a handful of GROUP BY queries however many responses); the
figures come from `core.surveys`. Every breakdown hides groups smaller than the
organisation's small-cell threshold, and a wave with fewer responses than the threshold
shows no answers at all, only its response rate.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from workbridge.core.surveys import (
    GroupRate,
    NumberSummary,
    ResponseRate,
    ScaleSummary,
    hidden_groups,
    number_summary,
    response_rate,
    response_rates_by_group,
    scale_summary,
    too_few_to_show,
)
from workbridge.surveys.models import (
    Answer,
    Invitation,
    InvitationStatus,
    Question,
    QuestionKind,
    Response,
    ResponseSource,
    Survey,
    Wave,
)
from workbridge.surveys.queries import small_cell_threshold

ALL = ""


@dataclass
class OptionCount:
    value: int
    label: str
    count: int
    share: float


@dataclass
class QuestionResult:
    question: Question
    n: int
    scale: ScaleSummary | None = None
    options: list[OptionCount] = field(default_factory=list)
    number: NumberSummary | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class GroupResults:
    group: str
    n: int
    hidden: bool
    questions: list[QuestionResult]


@dataclass
class WaveResults:
    wave: Wave
    threshold: int
    rate: ResponseRate
    rates_by_department: list[GroupRate]
    responses: int
    paper: int
    versions: list[tuple[int, int]]  # (version number, responses)
    shown: bool  # enough responses to show any answer
    by: str
    groups: list[GroupResults]


def _group_field(by: str) -> str | None:
    return {"department": "department", "group": "group"}.get(by)


def wave_rates(wave: Wave, threshold: int) -> tuple[ResponseRate, list[GroupRate], int, int]:
    """The wave's response rate, its rate by department, responses and paper responses."""
    invitations = Invitation.objects.filter(wave=wave).exclude(status=InvitationStatus.PENDING)
    by_department = list(
        invitations.values("department")
        .annotate(
            invited=Count("pk"), responded=Count("pk", filter=Q(status=InvitationStatus.RESPONDED))
        )
        .order_by("department")
    )
    counts = Response.objects.filter(wave=wave).aggregate(
        total=Count("pk"), paper=Count("pk", filter=Q(source=ResponseSource.PAPER))
    )
    invited = sum(r["invited"] for r in by_department)
    # Paper responses come from people who were invited too (they answered on paper).
    responded = sum(r["responded"] for r in by_department) + counts["paper"]
    rate = response_rate(
        invited=max(invited, responded), responded=responded, target=wave.target_rate / 100
    )
    groups = response_rates_by_group(
        {r["department"] or "—": (r["invited"], r["responded"]) for r in by_department},
        threshold=threshold,
    )
    return rate, groups, counts["total"], counts["paper"]


def _question_results(
    questions: list[Question],
    counts: dict[int, dict[int, int]],
    numbers: dict[int, list[float]],
    texts: dict[int, list[str]],
    answered: dict[int, int],
    language: str,
) -> list[QuestionResult]:
    out = []
    for question in questions:
        result = QuestionResult(question=question, n=answered.get(question.pk, 0))
        given = counts.get(question.pk, {})
        if question.is_scaled:
            result.scale = scale_summary(
                given,
                values=question.scale_values(),
                reverse=question.reverse_scored,
                favourable_from=question.favourable_from,
            )
        if question.kind in (
            QuestionKind.LIKERT,
            QuestionKind.SCALE_0_4,
            QuestionKind.SINGLE,
            QuestionKind.MULTIPLE,
        ):
            total = result.n or 1
            result.options = [
                OptionCount(
                    o.value, o.label(language), given.get(o.value, 0), given.get(o.value, 0) / total
                )
                for o in question.options.all()
            ]
        if question.kind == QuestionKind.NUMBER:
            result.number = number_summary(numbers.get(question.pk, []))
        if question.kind == QuestionKind.TEXT:
            # Alphabetical: the order of the rows could otherwise hint at who wrote what.
            result.texts = sorted(texts.get(question.pk, []), key=str.casefold)
        out.append(result)
    return out


def wave_results(wave: Wave, *, by: str = ALL, language: str = "en") -> WaveResults:
    """Everything the results page shows for one wave, small groups hidden."""
    threshold = small_cell_threshold(wave.organisation)
    rate, rates_by_department, total, paper = wave_rates(wave, threshold)
    versions = list(
        Response.objects.filter(wave=wave)
        .values_list("version__number")
        .annotate(n=Count("pk"))
        .order_by("version__number")
    )
    questions = list(wave.version.questions.prefetch_related("options").all())
    shown = not too_few_to_show(total, threshold=threshold) and total > 0
    result = WaveResults(
        wave=wave,
        threshold=threshold,
        rate=rate,
        rates_by_department=rates_by_department,
        responses=total,
        paper=paper,
        versions=versions,
        shown=shown,
        by=by,
        groups=[],
    )
    if not shown:
        return result
    group_field = _group_field(by)
    responses = Response.objects.filter(wave=wave)
    if group_field:
        sizes = dict(
            responses.values_list(group_field).annotate(n=Count("pk")).order_by(group_field)
        )
    else:
        sizes = {ALL: total}
    hidden = hidden_groups(sizes, threshold=threshold) if group_field else frozenset()
    answers = Answer.objects.filter(response__wave=wave)
    key = f"response__{group_field}" if group_field else None
    counts: dict[str, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    answered: dict[str, dict[int, int]] = defaultdict(dict)
    value_fields = ["question_id", "value", *([key] if key else [])]
    for row in (
        answers.filter(value__isnull=False).values(*value_fields).annotate(n=Count("pk")).order_by()
    ):
        group = row[key] if key else ALL
        counts[group][row["question_id"]][row["value"]] = row["n"]
    answered_fields = ["question_id", *([key] if key else [])]
    for row in (
        answers.values(*answered_fields).annotate(n=Count("response_id", distinct=True)).order_by()
    ):
        group = row[key] if key else ALL
        answered[group][row["question_id"]] = row["n"]
    numbers: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    texts: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not group_field:
        for qid, number in answers.filter(number__isnull=False).values_list(
            "question_id", "number"
        ):
            numbers[ALL][qid].append(float(number))
        for qid, text in answers.exclude(text="").values_list("question_id", "text"):
            texts[ALL][qid].append(text)
    for group, n in sizes.items():
        is_hidden = group in hidden
        result.groups.append(
            GroupResults(
                group=group,
                n=n,
                hidden=is_hidden,
                questions=[]
                if is_hidden
                else _question_results(
                    questions,
                    counts[group],
                    numbers[group],
                    texts[group],
                    answered[group],
                    language,
                ),
            )
        )
    return result


@dataclass
class TrendPoint:
    wave: Wave
    responses: int
    rate: float | None
    means: dict[str, float | None]
    favourable: dict[str, float | None]


def survey_trends(survey: Survey, *, language: str = "en") -> tuple[list[str], list[TrendPoint]]:
    """Each wave's response rate, and each scaled question's mean and favourable share,
    followed across versions by the question's key; waves too small are left blank."""
    waves = list(survey.waves.select_related("version", "organisation").order_by("opens_on", "pk"))
    keys: list[str] = []
    points = []
    for wave in waves:
        results = wave_results(wave, language=language)
        means: dict[str, float | None] = {}
        favourable: dict[str, float | None] = {}
        for group in results.groups[:1]:
            for q in group.questions:
                if q.scale is None:
                    continue
                if q.question.key not in keys:
                    keys.append(q.question.key)
                means[q.question.key] = q.scale.mean
                favourable[q.question.key] = q.scale.favourable_share
        points.append(TrendPoint(wave, results.responses, results.rate.rate, means, favourable))
    return keys, points
