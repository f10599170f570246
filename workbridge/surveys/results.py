"""A wave's results: response rates against the target, and each question's answers.

Counts are read from the wave's tallies (`surveys.tallies`, kept as responses are written:
a few hundred rows however many responses), free text from the answers; the figures come
from `core.surveys`. Every breakdown hides groups smaller than the
organisation's small-cell threshold, and a wave with fewer responses than the threshold
shows no answers at all, only its response rate.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Lower

from workbridge.core.surveys import (
    GroupRate,
    NumberSummary,
    ResponseRate,
    ScaleSummary,
    hidden_groups,
    number_summary_counts,
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
    ResponseSource,
    ResponseTally,
    Survey,
    Tally,
    TallyKind,
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
    counts = ResponseTally.objects.filter(wave=wave).aggregate(
        total=Coalesce(Sum("n"), 0),
        paper=Coalesce(Sum("n", filter=Q(source=ResponseSource.PAPER)), 0),
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
    numbers: dict[int, dict[float, int]],
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
            result.number = number_summary_counts(numbers.get(question.pk, {}))
        if question.kind == QuestionKind.TEXT:
            # Alphabetical: the order of the rows could otherwise hint at who wrote what.
            result.texts = texts.get(question.pk, [])
        out.append(result)
    return out


def wave_results(
    wave: Wave, *, by: str = ALL, language: str = "en", text_limit: int | None = None
) -> WaveResults:
    """Everything the results page shows for one wave, small groups hidden; free-text
    answers in alphabetical order (the first `text_limit` of each question's, if given)."""
    threshold = small_cell_threshold(wave.organisation)
    rate, rates_by_department, total, paper = wave_rates(wave, threshold)
    versions = list(
        ResponseTally.objects.filter(wave=wave, n__gt=0)
        .values_list("version__number")
        .annotate(total=Sum("n"))
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
    if group_field:
        sizes = dict(
            ResponseTally.objects.filter(wave=wave, n__gt=0)
            .values_list(group_field)
            .annotate(total=Sum("n"))
            .order_by(group_field)
        )
    else:
        sizes = {ALL: total}
    hidden = hidden_groups(sizes, threshold=threshold) if group_field else frozenset()
    counts: dict[str, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    answered: dict[str, dict[int, int]] = defaultdict(dict)
    numbers: dict[str, dict[int, dict[float, int]]] = defaultdict(lambda: defaultdict(dict))
    fields = ["kind", "question_id", "value", "number", *([group_field] if group_field else [])]
    for row in (
        Tally.objects.filter(wave=wave, n__gt=0).values(*fields).annotate(total=Sum("n")).order_by()
    ):
        group = row[group_field] if group_field else ALL
        qid, n = row["question_id"], row["total"]
        if row["kind"] == TallyKind.ANSWERED:
            answered[group][qid] = n
        elif row["kind"] == TallyKind.VALUE:
            counts[group][qid][row["value"]] = n
        else:
            numbers[group][qid][float(row["number"])] = n
    texts: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not group_field:
        for question in questions:
            if question.kind != QuestionKind.TEXT:
                continue
            written = (
                Answer.objects.filter(response__wave=wave, question=question)
                .exclude(text="")
                .order_by(Lower("text"), "text")
                .values_list("text", flat=True)
            )
            texts[ALL][question.pk] = list(written if text_limit is None else written[:text_limit])
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
        results = wave_results(wave, language=language, text_limit=0)
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
