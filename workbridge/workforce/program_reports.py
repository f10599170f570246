"""Reports on committees, succession and learning, as hiring equity's report tables.

- Committees: each committee's members by race and sex against the workforce of the
  department it oversees on the latest roster, the gap in points and whether the
  committee meets its target (``core.composition``).
- Succession: each critical position's incumbent (years of service, retirement
  eligibility), its slate by readiness, and the slate against the feeder pool (the
  latest roster's employees in the feeder titles).
- Learning: the share of the workforce in progress or complete in a year, by
  department, title, home ZIP, community area, race and sex, against the previous year
  and a target (50%); apprenticeship cohorts and the share still on later rosters.
For publication, small groups are hidden (``core.suppression.suppress_counts``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workbridge.accounts.models import Organisation
from workbridge.core.composition import composition, retirement_eligible, years_between
from workbridge.core.suppression import suppress_counts
from workbridge.equity.reports import (
    COUNT,
    NUMBER,
    PERCENT,
    RACE,
    SEX,
    TEXT,
    Cell,
    Chart,
    Report,
    Row,
    Table,
    group_label,
    percent,
    publication_note,
    scope_line,
)
from workbridge.people.models import CommunityArea
from workbridge.workforce.models import (
    Committee,
    CriticalPosition,
    Employee,
    LearningKind,
    LearningRecord,
    LearningStatus,
    Readiness,
    Snapshot,
)

LEARNING_TARGET = 0.5
TAKING_PART = (LearningStatus.IN_PROGRESS, LearningStatus.COMPLETED)
SUCCESSION_TARGET_POINTS = 10


def latest_snapshot(organisation: Organisation, *, on_or_before: date | None = None):
    snapshots = Snapshot.objects.filter(organisation=organisation)
    if on_or_before is not None:
        snapshots = snapshots.filter(as_of__lte=on_or_before)
    return snapshots.order_by("-as_of").first()


def _hidden(counts: dict[str, int], publication: bool, threshold: int) -> frozenset[str]:
    if not publication:
        return frozenset()
    return suppress_counts({k: v for k, v in counts.items() if v}, threshold=threshold)


def _composition_table(
    key: str,
    caption: str,
    characteristic: str,
    members: Counter,
    pool: Counter,
    target: int,
    publication: bool,
    threshold: int,
    member_heading: str,
    pool_heading: str,
) -> tuple[Table, bool | None, float | None]:
    found = composition(dict(members), dict(pool), target_points=target)
    pool_hidden = _hidden(dict(pool), publication, threshold)
    rows = []
    for g in found.groups:
        hide = publication and g.group in pool_hidden
        rows.append(
            Row(
                group_label(characteristic, g.group),
                [
                    Cell(g.members),
                    Cell(
                        round(g.member_share * 100, 1) if g.member_share is not None else None,
                        PERCENT,
                    ),
                    Cell(g.pool, COUNT, hide),
                    Cell(
                        round(g.pool_share * 100, 1) if g.pool_share is not None else None,
                        PERCENT,
                        hide,
                    ),
                    Cell(g.gap_points, NUMBER, hide),
                ],
            )
        )
    unknown = found.members_unknown
    if unknown or found.pool_unknown:
        rows.append(
            Row(
                _("Not disclosed or not recorded"),
                [
                    Cell(unknown),
                    Cell(None, PERCENT),
                    Cell(found.pool_unknown),
                    Cell(None, PERCENT),
                    Cell(None, NUMBER),
                ],
            )
        )
    table = Table(
        key=key,
        caption=caption,
        row_heading=str(_("Race and ethnicity") if characteristic == RACE else _("Sex")),
        columns=[member_heading, _("Share"), pool_heading, _("Share"), _("Gap (points)")],
        rows=rows,
    )
    return table, found.meets_target, found.largest_gap_points


def committee_report(
    organisation: Organisation, *, publication: bool = False, threshold: int = 10
) -> Report:
    """Each committee against the workforce of the department it oversees."""
    report = Report(
        key="committees",
        title=_("Committees and the workforce they oversee"),
        scope=[],
        publication=publication,
        threshold=threshold,
    )
    snapshot = latest_snapshot(organisation)
    committees = list(
        Committee.objects.filter(organisation=organisation).prefetch_related("members")
    )
    if not committees:
        report.empty_message = _("No committee has been recorded yet.")
        return report
    if snapshot is not None:
        report.scope.append(scope_line(_("Workforce on"), date_format(snapshot.as_of)))
    for committee in committees:
        workforce = Employee.objects.filter(snapshot=snapshot, department=committee.department)
        for characteristic, field in ((RACE, "eeo_category"), (SEX, "sex")):
            members = Counter(getattr(m, field) for m in committee.members.all())
            pool = Counter(
                dict(workforce.values_list(field).annotate(n=Count("id")).values_list(field, "n"))
            )
            table, meets, largest = _composition_table(
                f"committee-{committee.pk}-{characteristic}",
                _("%(committee)s against %(department)s")
                % {"committee": committee.name, "department": committee.department},
                characteristic,
                members,
                pool,
                committee.target_gap_points,
                publication,
                threshold,
                _("Members"),
                _("Department workforce"),
            )
            report.tables.append(table)
            if largest is not None:
                report.notes.append(
                    (
                        _(
                            "%(committee)s (%(groups)s): the largest gap is %(gap)s points, "
                            "within the target of %(target)s."
                        )
                        if meets
                        else _(
                            "%(committee)s (%(groups)s): the largest gap is %(gap)s points, "
                            "beyond the target of %(target)s."
                        )
                    )
                    % {
                        "committee": committee.name,
                        "groups": _("race and ethnicity") if characteristic == RACE else _("sex"),
                        "gap": largest,
                        "target": committee.target_gap_points,
                    }
                )
    report.notes.append(
        _(
            "Shares are of members and employees whose answer is known; a committee of a few "
            "people rarely differs significantly from its department, so the gap is read "
            "against the target."
        )
    )
    publication_note(report)
    return report


def succession_report(
    organisation: Organisation,
    *,
    publication: bool = False,
    threshold: int = 10,
    on: date | None = None,
) -> Report:
    """Critical positions: incumbents, slates by readiness, slate against the feeder pool."""
    on = on or date.today()
    report = Report(
        key="succession",
        title=_("Succession for critical positions"),
        scope=[scope_line(_("On"), date_format(on))],
        publication=publication,
        threshold=threshold,
    )
    positions = list(
        CriticalPosition.objects.filter(organisation=organisation).prefetch_related("candidates")
    )
    if not positions:
        report.empty_message = _("No critical position has been recorded yet.")
        return report
    snapshot = latest_snapshot(organisation)
    hired_of = {}
    keys = [p.incumbent_key for p in positions if p.incumbent_key]
    if snapshot is not None and keys:
        hired_of = dict(
            Employee.objects.filter(snapshot=snapshot, employee_key__in=keys).values_list(
                "employee_key", "hire_date"
            )
        )
    rows = []
    for position in positions:
        hired = position.incumbent_hired or hired_of.get(position.incumbent_key)
        eligible = retirement_eligible(hired=hired, birth_year=position.incumbent_birth_year, on=on)
        readiness = Counter(c.readiness for c in position.candidates.all())
        rows.append(
            Row(
                f"{position.job_title} · {position.department}",
                [
                    Cell(round(years_between(hired, on), 1) if hired else None, NUMBER),
                    Cell("—" if eligible is None else (_("Yes") if eligible else _("No")), TEXT),
                    Cell(readiness[Readiness.NOW]),
                    Cell(readiness[Readiness.ONE_TWO]),
                    Cell(readiness[Readiness.THREE_PLUS]),
                ],
            )
        )
        members = Counter(c.eeo_category for c in position.candidates.all())
        pool = (
            Counter(
                Employee.objects.filter(
                    snapshot=snapshot,
                    department=position.department,
                    job_title__in=position.feeder_titles or [position.job_title],
                ).values_list("eeo_category", flat=True)
            )
            if snapshot is not None
            else Counter()
        )
        if members:
            table, meets, largest = _composition_table(
                f"slate-{position.pk}",
                _("Slate for %(title)s against its feeder pool") % {"title": position.job_title},
                RACE,
                members,
                pool,
                SUCCESSION_TARGET_POINTS,
                publication,
                threshold,
                _("Candidates"),
                _("Feeder pool"),
            )
            report.tables.append(table)
            if largest is not None:
                report.notes.append(
                    _(
                        "The slate for %(title)s is %(gap)s points from its feeder pool "
                        "at most%(verdict)s."
                    )
                    % {
                        "title": position.job_title,
                        "gap": largest,
                        "verdict": _(", within 10 points") if meets else _(", beyond 10 points"),
                    }
                )
    report.tables.insert(
        0,
        Table(
            key="positions",
            caption=_("Critical positions"),
            row_heading=_("Position"),
            columns=[
                _("Incumbent's years of service"),
                _("May retire"),
                str(Readiness.NOW.label),
                str(Readiness.ONE_TWO.label),
                str(Readiness.THREE_PLUS.label),
            ],
            rows=rows,
        ),
    )
    report.notes.append(_("Retirement eligibility: 30 years of service, or age 55 with 10 years."))
    publication_note(report)
    return report


# Learning -----------------------------------------------------------------------------


def learning_years(organisation: Organisation) -> list[int]:
    return list(
        LearningRecord.objects.filter(organisation=organisation)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def _utilisation(organisation: Organisation, year: int) -> tuple[Snapshot | None, dict, set[str]]:
    snapshot = latest_snapshot(organisation, on_or_before=date(year, 12, 31))
    if snapshot is None:
        return None, {}, set()
    taking = set(
        LearningRecord.objects.filter(
            organisation=organisation, year=year, status__in=TAKING_PART
        ).values_list("employee_key", flat=True)
    )
    rows = {
        key: values
        for key, *values in Employee.objects.filter(snapshot=snapshot).values_list(
            "employee_key",
            "department",
            "job_title",
            "home_zip",
            "community_area_id",
            "eeo_category",
            "sex",
        )
    }
    return snapshot, rows, taking


def learning_share(organisation: Organisation, year: int) -> float | None:
    """The share of the year's workforce in progress or complete in any learning."""
    if not LearningRecord.objects.filter(organisation=organisation, year=year).exists():
        return None
    _snapshot, rows, taking = _utilisation(organisation, year)
    if not rows:
        return None
    return len(taking & set(rows)) / len(rows)


BREAKDOWNS = (
    ("department", 0),
    ("job_title", 1),
    ("home_zip", 2),
    ("community_area", 3),
    (RACE, 4),
    (SEX, 5),
)


def learning_report(
    organisation: Organisation,
    *,
    year: int | None = None,
    publication: bool = False,
    threshold: int = 10,
) -> Report:
    """Learning utilisation by department, title, home ZIP, community area, race and sex,
    beside the previous year, against the 50% target; apprenticeship retention."""
    years = learning_years(organisation)
    year = year or (years[0] if years else None)
    report = Report(
        key="learning",
        title=_("Learning and apprenticeships"),
        scope=[scope_line(_("Year"), year or "—")],
        publication=publication,
        threshold=threshold,
    )
    if year is None:
        report.empty_message = _("No learning records have been imported yet.")
        return report
    snapshot, rows, taking = _utilisation(organisation, year)
    if snapshot is None:
        report.empty_message = _("No roster covers that year yet.")
        return report
    _before, rows_before, taking_before = _utilisation(organisation, year - 1)
    areas = dict(CommunityArea.objects.values_list("number", "name"))
    labels = {
        "department": _("Department"),
        "job_title": _("Job title"),
        "home_zip": _("Home ZIP code"),
        "community_area": _("Community area"),
        RACE: _("Race and ethnicity"),
        SEX: _("Sex"),
    }
    total = len(rows)
    part = len(taking & set(rows))
    report.notes.append(
        _(
            "%(share)s%% of the %(n)s employees on the roster of %(date)s were in progress "
            "or complete, against a target of %(target)s%%."
        )
        % {
            "share": percent(part, total),
            "n": total,
            "date": date_format(snapshot.as_of),
            "target": int(LEARNING_TARGET * 100),
        }
    )
    for name, index in BREAKDOWNS:
        headcount: Counter = Counter()
        engaged: Counter = Counter()
        for key, values in rows.items():
            group = values[index]
            headcount[group] += 1
            if key in taking:
                engaged[group] += 1
        previous_head: Counter = Counter()
        previous_engaged: Counter = Counter()
        for key, values in rows_before.items():
            previous_head[values[index]] += 1
            if key in taking_before:
                previous_engaged[values[index]] += 1
        hidden = _hidden(dict(headcount), publication, threshold)
        table_rows = []
        for group, n in sorted(headcount.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            if name in (RACE, SEX):
                label = group_label(name, group)
            elif name == "community_area":
                label = areas.get(group, _("Outside Chicago or not known"))
            else:
                label = group or _("Not recorded")
            hide = group in hidden
            share = percent(engaged[group], n)
            table_rows.append(
                Row(
                    str(label),
                    [
                        Cell(n, COUNT, hide),
                        Cell(engaged[group], COUNT, hide),
                        Cell(share, PERCENT, hide),
                        Cell(percent(previous_engaged[group], previous_head[group]), PERCENT, hide),
                        Cell(
                            "—"
                            if share is None
                            else (_("Yes") if share >= LEARNING_TARGET * 100 else _("No")),
                            TEXT,
                            hide,
                        ),
                    ],
                )
            )
        report.tables.append(
            Table(
                key=f"learning-{name}",
                caption=_("Learning utilisation by %(breakdown)s")
                % {"breakdown": str(labels[name]).lower()},
                row_heading=str(labels[name]),
                columns=[
                    _("Employees"),
                    _("In progress or complete"),
                    _("Share"),
                    _("Share the year before"),
                    _("Meets 50%"),
                ],
                rows=table_rows,
            )
        )
    _learning_trend(report, organisation, years, publication, threshold)
    report.tables.append(_apprentice_retention(organisation, publication, threshold))
    publication_note(report)
    return report


TREND_YEARS = 10
TREND_BREAKDOWNS = (("department", 0), (RACE, 4), (SEX, 5))


def _learning_trend(
    report: Report, organisation: Organisation, years: list[int], publication: bool, threshold: int
) -> None:
    """Utilisation year over year (the latest `TREND_YEARS` years), overall and by
    department, race and ethnicity and sex: a table each, and a chart of the overall share
    and each race and ethnicity's. Each year's groups are read against that year's roster;
    for publication a year's small groups are hidden (and a complement, as in the year's
    own tables)."""
    shown_years = sorted(years)[-TREND_YEARS:]
    if len(shown_years) < 2:
        return
    by_year = {y: _utilisation(organisation, y) for y in shown_years}
    columns = [str(y) for y in shown_years]
    overall: list[Cell] = []
    for y in shown_years:
        _snapshot, rows, taking = by_year[y]
        overall.append(Cell(percent(len(taking & set(rows)), len(rows)), PERCENT))
    labels = {"department": _("Department"), RACE: _("Race and ethnicity"), SEX: _("Sex")}
    series: list[tuple[str, list[Cell]]] = [(str(_("All employees")), overall)]
    for name, index in TREND_BREAKDOWNS:
        shares: dict[object, list[Cell]] = {}
        for n, y in enumerate(shown_years):
            _snapshot, rows, taking = by_year[y]
            head: Counter = Counter()
            engaged: Counter = Counter()
            for key, values in rows.items():
                head[values[index]] += 1
                if key in taking:
                    engaged[values[index]] += 1
            hidden = _hidden(dict(head), publication, threshold)
            for group, total in head.items():
                cells = shares.setdefault(group, [Cell(None, PERCENT) for _y in shown_years])
                cells[n] = Cell(percent(engaged[group], total), PERCENT, group in hidden)
        rows_out = [Row(str(_("All employees")), overall, total=True)]
        for group in sorted(shares, key=str):
            named = name in (RACE, SEX)
            label = group_label(name, group) if named else group or _("Not recorded")
            rows_out.append(Row(str(label), shares[group]))
            if name == RACE:
                series.append((str(label), shares[group]))
        report.tables.append(
            Table(
                key=f"learning-trend-{name}",
                caption=_("Learning utilisation year over year by %(breakdown)s (share in %%)")
                % {"breakdown": str(labels[name]).lower()},
                row_heading=str(labels[name]),
                columns=columns,
                rows=rows_out,
            )
        )
    report.charts.append(
        Chart(
            title=_("Share in progress or complete, year over year"),
            categories=columns,
            series=series,
            unit="percent",
            axis_label=_("Share of the workforce in progress or complete (%)"),
            description=_(
                "The share of employees in progress or complete in any learning each year, "
                "overall and by race and ethnicity; the tables below give the numbers."
            ),
        )
    )


def apprentice_retention(
    organisation: Organisation,
) -> list[tuple[int, int, list[tuple[date, int]]]]:
    """For each apprenticeship cohort (start year): its size and, for each later roster,
    how many of it are on that roster."""
    cohorts: dict[int, set[str]] = defaultdict(set)
    for year, key in LearningRecord.objects.filter(
        organisation=organisation, kind=LearningKind.APPRENTICESHIP
    ).values_list("year", "employee_key"):
        cohorts[year].add(key)
    snapshots = list(Snapshot.objects.filter(organisation=organisation).order_by("as_of"))
    found = []
    for year in sorted(cohorts):
        later = [s for s in snapshots if s.as_of > date(year, 12, 31)]
        counts = []
        for snapshot in later:
            on = Employee.objects.filter(
                Q(snapshot=snapshot), employee_key__in=list(cohorts[year])
            ).count()
            counts.append((snapshot.as_of, on))
        found.append((year, len(cohorts[year]), counts))
    return found


def apprentice_retention_share(organisation: Organisation, year: int) -> float | None:
    """The share of a cohort on the latest later roster."""
    for cohort, size, counts in apprentice_retention(organisation):
        if cohort == year and size and counts:
            return counts[-1][1] / size
    return None


def _apprentice_retention(organisation: Organisation, publication: bool, threshold: int) -> Table:
    rows = []
    for year, size, counts in apprentice_retention(organisation):
        hide = publication and 0 < size < threshold
        cells = [Cell(size, COUNT, hide)]
        text = "; ".join(f"{date_format(when)}: {percent(n, size)}%" for when, n in counts) or "—"
        cells.append(Cell(text if not hide else None, TEXT, hide))
        rows.append(Row(str(year), cells))
    return Table(
        key="apprentice-retention",
        caption=_("Apprenticeship cohorts still on later rosters"),
        row_heading=_("Cohort (start year)"),
        columns=[_("Apprentices"), _("Share on each later roster")],
        rows=rows,
    )
