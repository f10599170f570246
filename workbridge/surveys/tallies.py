"""The running counts results are read from (`Tally`, `ResponseTally`), kept with every
response written.

`tally_response` adds one response's answers inside the transaction that writes it;
`tallies_rebuild` counts a wave again from its answers, for rows written in bulk (the demo
data, benchmarks) and as a repair.
"""

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F

from workbridge.surveys.models import Answer, Response, ResponseTally, Tally, TallyKind, Wave

Key = tuple[int, str, str, str, int, Decimal]  # question, department, group, kind, value, number


def _keys(department: str, group: str, answers: Iterable[Answer]) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    answered: set[int] = set()
    for answer in answers:
        qid = answer.question_id
        answered.add(qid)
        if answer.value is not None:
            keys[(qid, department, group, TallyKind.VALUE, answer.value, Decimal(0))] += 1
        elif answer.number is not None:
            keys[(qid, department, group, TallyKind.NUMBER, 0, Decimal(answer.number))] += 1
    for qid in answered:
        keys[(qid, department, group, TallyKind.ANSWERED, 0, Decimal(0))] += 1
    return keys


def _add(wave_id: int, keys: Counter[Key]) -> None:
    for (qid, department, group, kind, value, number), n in keys.items():
        found = dict(
            wave_id=wave_id,
            question_id=qid,
            department=department,
            group=group,
            kind=kind,
            value=value,
            number=number,
        )
        _bump(Tally, found, n)


def _bump(model: type[Tally] | type[ResponseTally], found: dict, n: int) -> None:
    if model.objects.filter(**found).update(n=F("n") + n):
        return
    try:
        with transaction.atomic():
            model.objects.create(**found, n=n)
    except IntegrityError:
        # Another response made the row first: add to it.
        model.objects.filter(**found).update(n=F("n") + n)


def tally_response(response: Response, answers: Iterable[Answer]) -> None:
    """Count one newly written response and its answers."""
    _bump(
        ResponseTally,
        dict(
            wave_id=response.wave_id,
            version_id=response.version_id,
            department=response.department,
            group=response.group,
            source=response.source,
        ),
        1,
    )
    _add(response.wave_id, _keys(response.department, response.group, answers))


@transaction.atomic
def tallies_rebuild(wave: Wave) -> int:
    """Count the wave's answers again from scratch; returns how many tallies it has."""
    Tally.objects.filter(wave=wave).delete()
    ResponseTally.objects.filter(wave=wave).delete()
    ResponseTally.objects.bulk_create(
        ResponseTally(wave=wave, n=row.pop("n"), **row)
        for row in Response.objects.filter(wave=wave)
        .values("version_id", "department", "group", "source")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answers = Answer.objects.filter(response__wave=wave)
    dims = ("question_id", "response__department", "response__group")
    rows: list[Tally] = []
    for row in answers.values(*dims).annotate(n=Count("response_id", distinct=True)).order_by():
        rows.append(_tally(wave, row, TallyKind.ANSWERED))
    for row in (
        answers.filter(value__isnull=False)
        .values(*dims, "value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows.append(_tally(wave, row, TallyKind.VALUE, value=row["value"]))
    for row in (
        answers.filter(number__isnull=False)
        .values(*dims, "number")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows.append(_tally(wave, row, TallyKind.NUMBER, number=row["number"]))
    Tally.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _tally(
    wave: Wave, row: dict, kind: str, *, value: int = 0, number: Decimal | None = None
) -> Tally:
    return Tally(
        wave=wave,
        question_id=row["question_id"],
        department=row["response__department"],
        group=row["response__group"],
        kind=kind,
        value=value,
        number=Decimal(0) if number is None else number,
        n=row["n"],
    )
