"""The title → EEO-4 crosswalk: suggested from O*NET titles and SOC codes, reviewed by the
analyst, and used by every roster import.

The O*NET tables are read from ``WORKBRIDGE_ONET_DIR`` (or a ``shared/data/onet_soc``
folder beside the project) once per process. Without them no title gets a suggestion
and the analyst chooses every category on the review page.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core.applicant_import import normalise
from workbridge.core.title_crosswalk import TitleIndex
from workbridge.equity.access import require_equity
from workbridge.equity.models import Eeo4JobCategory
from workbridge.people.reference import onet_folder
from workbridge.workforce.models import Employee, TitleCategory

ONET_FILES = (
    "onet29.2_Occupation_Data.txt",
    "onet29.2_Alternate_Titles.txt",
    "onet29.2_Sample_of_Reported_Titles.txt",
)


def _entries(folder: Path) -> Iterator[tuple[str, str]]:
    for name in ONET_FILES:
        path = folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t")
            next(rows, None)
            for row in rows:
                if len(row) > 1:
                    yield row[1], row[0]


@lru_cache(maxsize=1)
def title_index() -> TitleIndex | None:
    """The O*NET title index, built once per process; None without the tables."""
    folder = onet_folder()
    return TitleIndex(_entries(folder)) if folder else None


def titles_suggest(*, organisation, titles: Iterable[str]) -> dict[str, str]:
    """Add a suggested category for each title not yet in the crosswalk; returns
    normalise(title) -> category for the titles given (reviewed categories first)."""
    wanted: dict[str, str] = {}
    for title in titles:
        wanted.setdefault(normalise(title), title.strip())
    known = {t.title_key: t for t in TitleCategory.objects.filter(organisation=organisation)}
    new_keys = [key for key in wanted if key not in known]
    index = title_index()
    suggestions = index.suggest([wanted[k] for k in new_keys]) if index and new_keys else []
    created = []
    for position, key in enumerate(new_keys):
        found = suggestions[position] if suggestions else None
        created.append(
            TitleCategory(
                organisation=organisation,
                title_key=key[:160],
                job_title=wanted[key][:160],
                suggested_category=found.category if found else "",
                soc_code=found.soc_code[:10] if found else "",
                matched_title=found.matched_title[:200] if found else "",
                score=found.score if found else 0.0,
            )
        )
    TitleCategory.objects.bulk_create(created, batch_size=1000)
    result = {}
    for row in [*known.values(), *created]:
        if row.title_key in wanted:
            result[row.title_key] = row.category or row.suggested_category
    return result


@transaction.atomic
def titles_review(*, by: User, choices: Mapping[int, str]) -> int:
    """Save the analyst's category for each crosswalk row (by id) and mark it reviewed;
    every snapshot's employees with that title take the category. Returns how many."""
    organisation = require_equity(by)
    valid = set(Eeo4JobCategory.values)
    for category in choices.values():
        if category not in valid:
            raise ValueError(f"{category!r} is not an EEO-4 category.")
    rows = {
        row.pk: row
        for row in TitleCategory.objects.filter(organisation=organisation, pk__in=list(choices))
    }
    if set(choices) - set(rows):
        raise ValueError("A title belongs to another organisation or no longer exists.")
    now = timezone.now()
    for pk, category in choices.items():
        row = rows[pk]
        row.category = category
        row.reviewed = True
        row.reviewed_by = by
        row.reviewed_at = now
        row.save(update_fields=["category", "reviewed", "reviewed_by", "reviewed_at"])
        Employee.objects.filter(
            snapshot__organisation=organisation, job_title__iexact=row.job_title
        ).update(eeo4_category=category)
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=None,
        object_type="workforce.title_category",
        fields=("category",),
        detail=f"{len(choices)} titles reviewed",
    )
    return len(choices)
