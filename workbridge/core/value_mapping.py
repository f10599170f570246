"""Value mapping: the codes an applicant-tracking export uses, translated to the app's own.

Real exports code their values their own way (race as ``W``/``B``/``H``, sex as ``1``/``2``,
outcomes as 0/1). After the columns are matched, every distinct value of a coded column
is counted in one streaming pass (``count_distinct``); the values the app does not already
understand (``unknown_values``) are shown to the analyst with their counts, and the
analyst maps each to a category (several codes may map to one; an unknown code to "not
disclosed"). The mapping is kept per source and applied by merging it into the lookups
the row check uses (``lookups_with_values``), so it costs nothing per row: each distinct
cell text is parsed once either way.

A value mapping is ``{field: {code as written: target}}``; codes are matched without
case, spaces or punctuation (``applicant_import.normalise``). Targets are category keys
(race: an SPD 15 minimum category, ``prefer_not`` or ``not_disclosed``; sex: a sex key or
``not_disclosed``; stage: a stage name; department and source: the name to store).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from operator import itemgetter

from workbridge.core.applicant_import import (
    PREFER_NOT_WORDS,
    RACE_NOT_DISCLOSED,
    Lookups,
    normalise,
    split_list,
)
from workbridge.core.spd15_detail import DETAIL_TO_MINIMUM

# The columns whose values are codes from a fixed list, then those that are names the
# analyst may rename (a department's code, a source's code).
CHOICE_FIELDS: tuple[str, ...] = ("race_ethnicity", "sex", "stage_reached", "veteran", "disability")
RENAME_FIELDS: tuple[str, ...] = ("department", "heard_about")
CODED_FIELDS: tuple[str, ...] = (*CHOICE_FIELDS, *RENAME_FIELDS)
# Past this many distinct values a column is not a coded one (names, free text): its count
# stops growing and the column is marked as having more.
MAX_DISTINCT = 200
_COUNT_BLOCK = 2_000
NOT_DISCLOSED = RACE_NOT_DISCLOSED

ValueMap = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class DistinctValues:
    """The distinct texts of one column with how many rows hold each, most common first."""

    field: str
    values: tuple[tuple[str, int], ...]
    more: bool  # more than MAX_DISTINCT distinct values: not listed in full


def count_distinct(
    headers: Sequence[str],
    rows: Iterator[tuple[int, list[str]]],
    mapping: Mapping[str, str],
    *,
    fields: Iterable[str] = CODED_FIELDS,
    limit: int = MAX_DISTINCT,
    progress: Callable[[int], None] | None = None,
) -> dict[str, DistinctValues]:
    """Count every distinct (trimmed) value of the coded columns the mapping names, in one pass.

    A race cell listing several categories (``b;w``) counts each part. Blank cells are left
    out: a blank is always understood (not answered). ``progress`` hears the rows read so
    far after every block of rows.
    """
    position = {h: i for i, h in enumerate(headers) if h}
    wanted = [(f, position[mapping[f]]) for f in fields if mapping.get(f) in position]
    counters: dict[str, Counter[str]] = {f: Counter() for f, _i in wanted}
    full: set[str] = set()
    need = max((i for _f, i in wanted), default=-1) + 1
    cells_of = map(itemgetter(1), rows)
    done = 0
    # A block of rows at a time, each column counted by Counter in C rather than cell by
    # cell in Python: the counting takes a third of the time. Small blocks stay young for
    # the garbage collector; large ones made it slower again.
    while block := list(islice(cells_of, _COUNT_BLOCK)):
        if min(map(len, block)) < need:  # short rows: their missing cells are blank
            block = [c if len(c) >= need else [*c, *[""] * (need - len(c))] for c in block]
        for f, i in wanted:
            counted = Counter(map(itemgetter(i), block))
            counter = counters[f]
            if f in full:  # not a coded column: only the texts already listed keep counting
                counted = Counter({text: n for text, n in counted.items() if text in counter})
            counter.update(counted)
            if len(counter) > limit * 4:  # raw texts differ by spaces and case too
                full.add(f)
        done += len(block)
        if progress is not None:
            progress(done)
    found: dict[str, DistinctValues] = {}
    for f, counter in counters.items():
        merged: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for text, n in counter.items():
            parts = split_list(text) if f == "race_ethnicity" else [text.strip()]
            for part in parts:
                if not part:
                    continue
                norm = normalise(part)
                shown.setdefault(norm, part)
                merged[norm] += n
        ordered = sorted(merged.items(), key=lambda kv: (-kv[1], shown[kv[0]]))
        more = f in full or len(ordered) > limit
        found[f] = DistinctValues(f, tuple((shown[norm], n) for norm, n in ordered[:limit]), more)
    return found


def understood(field: str, text: str, lookups: Lookups) -> bool:
    """Whether the row check already reads a (single) value of a coded column."""
    norm = normalise(text)
    if not norm:
        return True
    if field == "race_ethnicity":
        return norm in lookups.races or norm in PREFER_NOT_WORDS or norm in DETAIL_TO_MINIMUM
    if field == "sex":
        return norm in lookups.sexes
    if field in ("veteran", "disability"):
        return norm in lookups.yes_no_prefer_not
    if field == "stage_reached":
        return norm in lookups.stage_aliases or any(normalise(s) == norm for s in lookups.stages)
    return True  # names are stored as written unless renamed


def unknown_values(
    distinct: Mapping[str, DistinctValues], lookups: Lookups
) -> dict[str, list[tuple[str, int]]]:
    """For each coded column, its values the check would refuse, with their counts."""
    return {
        f: unknown
        for f, found in distinct.items()
        if f in CHOICE_FIELDS
        and (unknown := [(text, n) for text, n in found.values if not understood(f, text, lookups)])
    }


def lookups_with_values(lookups: Lookups, values: ValueMap | None) -> Lookups:
    """The lookups with the analyst's value mapping merged in (a mapping wins over a default).

    Unknown targets are left out: a code mapped to a stage or category that no longer
    exists is refused by the row check like any unknown value.
    """
    if not values:
        return lookups

    def codes(field: str) -> dict[str, str]:
        return {normalise(code): target for code, target in (values.get(field) or {}).items()}

    race_keys = set(lookups.races.values()) | {"prefer_not", NOT_DISCLOSED}
    races = dict(lookups.races)
    races.update({c: t for c, t in codes("race_ethnicity").items() if t in race_keys})
    sex_keys = set(lookups.sexes.values())
    sexes = dict(lookups.sexes)
    for code, target in codes("sex").items():
        if target == NOT_DISCLOSED:
            sexes[code] = ""
        elif target in sex_keys:
            sexes[code] = target
    yes_no_keys = set(lookups.yes_no_prefer_not.values())
    yes_no = dict(lookups.yes_no_prefer_not)
    for f in ("veteran", "disability"):
        yes_no.update({c: t for c, t in codes(f).items() if t in yes_no_keys})
    stage_at = {normalise(s): i for i, s in enumerate(lookups.stages)}
    stages = dict(lookups.stage_aliases)
    for code, target in codes("stage_reached").items():
        if normalise(target) in stage_at:
            stages[code] = stage_at[normalise(target)]
    return replace(
        lookups,
        races=races,
        sexes=sexes,
        yes_no_prefer_not=yes_no,
        stage_aliases=stages,
        departments={**lookups.departments, **{c: t for c, t in codes("department").items() if t}},
        sources={**lookups.sources, **{c: t for c, t in codes("heard_about").items() if t}},
    )


def clean_value_map(values: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """A value mapping with blank targets and fields that are not coded left out."""
    return {
        f: {str(code).strip(): str(t).strip() for code, t in codes.items() if str(t).strip()}
        for f, codes in values.items()
        if f in CODED_FIELDS and any(str(t).strip() for t in codes.values())
    }
