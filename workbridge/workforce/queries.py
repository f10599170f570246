"""Reads of the workforce snapshots, scoped to one organisation, turned into the arrays
``core.mobility`` takes.

One query reads every employee row of the organisation's snapshots (or one department's)
as plain tuples; the columns become NumPy arrays with integer codes for titles,
departments and groups. Nothing here returns one employee to a page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.core.cache import cache
from django.db.models import FloatField
from django.db.models.functions import Cast

from workbridge.accounts.models import Organisation
from workbridge.core import mobility as m
from workbridge.workforce.models import Employee, Snapshot

CACHE_SECONDS = 6 * 3600
PANEL_FIELDS = (
    "snapshot_id",
    "employee_key",
    "pay_grade",
    "pay",
    "job_title",
    "department",
    "eeo_category",
    "sex",
    "hire_date",
    "eeo4_category",
    "home_zip",
)


@dataclass(frozen=True)
class LoadedPanel:
    """A panel with what the codes stand for."""

    dates: list[date]
    panel: m.Panel
    race: np.ndarray  # codes into race_values
    race_values: list
    sex: np.ndarray
    sex_values: list
    titles: list
    departments: list
    grade_text: np.ndarray  # codes into grade_values
    grade_values: list
    hire_days: np.ndarray  # day numbers, NaN when unknown
    eeo4: np.ndarray
    eeo4_values: list

    @property
    def snapshot_days(self) -> np.ndarray:
        return np.array([d.toordinal() for d in self.dates], dtype=np.int64)


def snapshots_of(organisation: Organisation) -> list[Snapshot]:
    """The organisation's snapshots, oldest first."""
    return list(Snapshot.objects.filter(organisation=organisation).order_by("as_of"))


def departments_of(organisation: Organisation) -> list[str]:
    """Departments on any snapshot, alphabetically."""
    names: set[str] = set()
    for departments in Snapshot.objects.filter(organisation=organisation).values_list(
        "departments", flat=True
    ):
        names.update(departments or {})
    return sorted(names)


def roster_version(organisation: Organisation, *parts: str) -> str:
    """A key that changes whenever a roster is imported or replaced (with ``parts``)."""
    snapshots = list(
        Snapshot.objects.filter(organisation=organisation)
        .order_by("as_of")
        .values_list("pk", "created_at", "employees")
    )
    text = repr(snapshots) + "\x00" + "\x00".join(parts)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def panel_load(organisation: Organisation, *, department: str = "") -> LoadedPanel:
    """Every employee row of the organisation's snapshots (one department's when given).

    Rosters change only when one is imported, so the arrays are cached under the
    snapshots' ids and import times; a new or replaced roster gives a new key.
    """
    version = roster_version(organisation, department)
    key = f"workforce:panel:{organisation.pk}:{version}"
    found = cache.get(key)
    if found is None:
        found = _panel_read(organisation, department=department)
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def _panel_read(organisation: Organisation, *, department: str = "") -> LoadedPanel:
    snapshots = snapshots_of(organisation)
    index = {s.pk: i for i, s in enumerate(snapshots)}
    rows = Employee.objects.filter(snapshot_id__in=list(index))
    if department:
        rows = rows.filter(department=department)
    # Pay as a float: no Decimal is made for each row.
    data = list(rows.annotate(pay=Cast("annual_pay", FloatField())).values_list(*PANEL_FIELDS))
    n = len(data)
    columns = list(zip(*data, strict=True)) if data else [() for _ in PANEL_FIELDS]
    snapshot = np.fromiter((index[s] for s in columns[0]), dtype=np.int64, count=n)
    key, _keys = m.codes(columns[1])
    grade_text, grade_values = m.codes(columns[2])
    grade_rank = np.array([m.grade_rank(g) for g in grade_values], dtype=np.float64)
    pay = np.fromiter((np.nan if p is None else p for p in columns[3]), dtype=np.float64, count=n)
    title, titles = m.codes(columns[4])
    dept, departments = m.codes(columns[5])
    race, race_values = m.codes(columns[6])
    sex, sex_values = m.codes(columns[7])
    hire_days = np.fromiter(
        (d.toordinal() if d else np.nan for d in columns[8]), dtype=np.float64, count=n
    )
    eeo4, eeo4_values = m.codes(columns[9])
    return LoadedPanel(
        dates=[s.as_of for s in snapshots],
        panel=m.Panel(
            snapshot=snapshot,
            key=key,
            grade=grade_rank[grade_text] if n else np.zeros(0),
            pay=pay,
            title=title,
            department=dept,
        ),
        race=race,
        race_values=race_values,
        sex=sex,
        sex_values=sex_values,
        titles=titles,
        departments=departments,
        grade_text=grade_text,
        grade_values=grade_values,
        hire_days=hire_days,
        eeo4=eeo4,
        eeo4_values=eeo4_values,
    )
