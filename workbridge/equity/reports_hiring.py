"""Reports on hiring: hires by group against the year before, source-channel yield, job fairs.

- Hires: applicants who reached the last stage of the organisation's stage list and
  did not withdraw there, counted from the flow counts (`FlowCount`), which the
  import keeps current. Shares are of the year's hires; the change is in
  percentage points from the year before.
- Yield: for each way applicants heard about the job (blank: "Not recorded") and
  each group, the applicants of the year's requisitions and how many reached each
  later stage, as a count and a share of the applicants. For publication the
  stages share one pattern of hidden cells (`suppress_stacked`), since a count
  shown at one stage bounds the same cell at the others.
- Job fairs: per job fair (or per community area where fairs were held): people who
  said they were interested, people who applied (an applicant marked as coming
  from the fair, or an interest linked to an applicant; each applicant once), and
  applicants who reached the "offered" stage or beyond (the last stage when the
  stage list has no "offered"). Interest is grouped by what the person told the
  fair; applications and offers by the applicant's own answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from django.db.models import BigIntegerField, Count, F, Sum, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from workbridge.accounts.models import Organisation
from workbridge.core.applicant_flow import stage_position
from workbridge.core.suppression import suppress_stacked
from workbridge.equity.models import (
    ENDED_COLUMNS,
    Applicant,
    FlowCount,
    JobFair,
    JobFairInterest,
)
from workbridge.equity.reports import (
    CHARACTERISTICS,
    COUNT,
    GROUP_FIELD,
    PERCENT,
    POINTS,
    RACE,
    SEX,
    STATUS_CHARACTERISTICS,
    Cell,
    Chart,
    Report,
    Row,
    Table,
    group_keys,
    group_label,
    percent,
    points,
    protect,
    publication_note,
    scope_line,
    share,
)
from workbridge.equity.services import equity_settings_for

HIRES = "hires"
YIELD = "yield"
JOB_FAIRS = "job_fairs"
PER_FAIR = "fair"
PER_AREA = "area"


def _scope(year: int, department: str, job_title: str) -> list[str]:
    lines = [scope_line(_("Year"), year)]
    lines.append(scope_line(_("Department"), department or _("All departments")))
    lines.append(scope_line(_("Job title"), job_title or _("All job titles")))
    return lines


# Hires ---------------------------------------------------------------------------------


def hire_counts(
    organisation: Organisation, *, years: Sequence[int], department: str = "", job_title: str = ""
) -> dict[str, dict[tuple[int, str], int]]:
    """Hires per (year, group): for race and for sex from the flow counts, for veteran and
    disability status from the applicants."""
    last = len(equity_settings_for(organisation).stages) - 1
    counts = FlowCount.objects.filter(organisation=organisation, year__in=list(years))
    if department:
        counts = counts.filter(department=department)
    if job_title:
        counts = counts.filter(job_title=job_title)
    # who ended at the last stage (or past it) without withdrawing
    hired = sum((F(name) for name in ENDED_COLUMNS[last:]), Value(0))
    result: dict[str, dict[tuple[int, str], int]] = {}
    for characteristic in (RACE, SEX):
        column = GROUP_FIELD[characteristic]
        rows = (
            counts.values("year", column)
            # PostgreSQL's SUM of an integer is numeric (a Decimal in Python): cast it.
            .annotate(n=Cast(Sum(hired), BigIntegerField()))
            .order_by()
        )
        result[characteristic] = {(r["year"], r[column]): r["n"] for r in rows if r["n"]}
    # Veteran and disability status are not in the summary: count the hired applicants.
    applicants = Applicant.objects.filter(
        organisation=organisation,
        requisition__year__in=list(years),
        reached__gte=last,
        withdrew=False,
    )
    if department:
        applicants = applicants.filter(requisition__department=department)
    if job_title:
        applicants = applicants.filter(requisition__job_title=job_title)
    for characteristic in STATUS_CHARACTERISTICS:
        column = GROUP_FIELD[characteristic]
        rows = applicants.values("requisition__year", column).annotate(n=Count("pk")).order_by()
        result[characteristic] = {(r["requisition__year"], r[column]): r["n"] for r in rows}
    return result


def hire_report(
    organisation: Organisation,
    *,
    year: int,
    department: str = "",
    job_title: str = "",
    publication: bool = False,
    threshold: int,
) -> Report:
    """Hires by race and by sex in a year and the year before: counts, shares, change."""
    prior = year - 1
    report = Report(
        key=HIRES,
        title=_("Hires by race, sex, veteran and disability status"),
        scope=_scope(year, department, job_title),
        publication=publication,
        threshold=threshold,
    )
    counts = hire_counts(
        organisation, years=(prior, year), department=department, job_title=job_title
    )
    if not any(counts[RACE].values()):
        report.empty_message = _("No hires were recorded in %(prior)s or %(year)s.") % {
            "prior": prior,
            "year": year,
        }
        return report
    columns = [
        _("Hires %(year)s") % {"year": prior},
        _("Share %(year)s") % {"year": prior},
        _("Hires %(year)s") % {"year": year},
        _("Share %(year)s") % {"year": year},
        _("Change (points)"),
    ]
    for characteristic in (RACE, SEX, *STATUS_CHARACTERISTICS):
        by_group = counts[characteristic]
        keys = [
            k
            for k in group_keys(characteristic)
            if characteristic == RACE or by_group.get((prior, k)) or by_group.get((year, k))
        ]
        matrix = [[by_group.get((prior, k), 0), by_group.get((year, k), 0)] for k in keys]
        totals = [sum(r[0] for r in matrix), sum(r[1] for r in matrix)]
        hidden = protect(
            matrix, publication=publication, threshold=threshold, row_totals_shown=False
        )
        rows = []
        for i, key in enumerate(keys):
            before, now = matrix[i]
            hide_before, hide_now = hidden.cell(i, 0), hidden.cell(i, 1)
            rows.append(
                Row(
                    group_label(characteristic, key),
                    [
                        Cell(before, COUNT, hide_before),
                        Cell(percent(before, totals[0]), PERCENT, hide_before),
                        Cell(now, COUNT, hide_now),
                        Cell(percent(now, totals[1]), PERCENT, hide_now),
                        Cell(
                            points(share(now, totals[1]), share(before, totals[0])),
                            POINTS,
                            hide_before or hide_now,
                        ),
                    ],
                )
            )
        rows.append(
            Row(
                _("All hires"),
                [
                    Cell(totals[0]),
                    Cell(100.0 if totals[0] else None, PERCENT),
                    Cell(totals[1]),
                    Cell(100.0 if totals[1] else None, PERCENT),
                    Cell(None, POINTS),
                ],
                total=True,
            )
        )
        table = Table(
            key=characteristic,
            caption=_("Hires by %(characteristic)s, %(prior)s and %(year)s")
            % {
                "characteristic": str(CHARACTERISTICS[characteristic]).lower(),
                "prior": prior,
                "year": year,
            },
            row_heading=str(CHARACTERISTICS[characteristic]),
            columns=columns,
            rows=rows,
        )
        report.tables.append(table)
        report.charts.append(
            Chart(
                title=table.caption,
                categories=[r.label for r in rows[:-1]],
                series=[
                    (str(prior), [r.cells[1] for r in rows[:-1]]),
                    (str(year), [r.cells[3] for r in rows[:-1]]),
                ],
                unit="percent",
                axis_label=_("Share of the year's hires (%)"),
                description=_(
                    "Bar chart of each group's share of hires in %(prior)s and %(year)s."
                    " The table below gives the same figures."
                )
                % {"prior": prior, "year": year},
            )
        )
    report.notes.append(
        _(
            "A hire is an applicant who reached the last stage (%(stage)s) and did not"
            " withdraw there. Shares are of the year's hires."
        )
        % {"stage": equity_settings_for(organisation).stages[-1]}
    )
    publication_note(report)
    return report


# Source-channel yield ----------------------------------------------------------------------


def yield_counts(
    organisation: Organisation,
    *,
    year: int,
    characteristic: str,
    department: str = "",
    job_title: str = "",
    channel_of: Callable[[str], str] | None = None,
) -> dict[tuple[str, str, int], int]:
    """Applicants per (channel, group, furthest stage reached) for the year's requisitions.

    `channel_of` turns what an applicant said into the channel counted (for example the
    sourcing partner it names); without it the answer itself is the channel."""
    applicants = Applicant.objects.filter(organisation=organisation, requisition__year=year)
    if department:
        applicants = applicants.filter(requisition__department=department)
    if job_title:
        applicants = applicants.filter(requisition__job_title=job_title)
    column = GROUP_FIELD[characteristic]
    rows = applicants.values("heard_about", column, "reached").annotate(n=Count("pk")).order_by()
    counts: dict[tuple[str, str, int], int] = defaultdict(int)
    for r in rows:
        # " Job board" and "Job board" are one channel
        channel = r["heard_about"].strip()
        if channel_of is not None:
            channel = channel_of(channel)
        counts[(channel, r[column], r["reached"])] += r["n"]
    return dict(counts)


def yield_report(
    organisation: Organisation,
    *,
    year: int,
    characteristic: str = RACE,
    department: str = "",
    job_title: str = "",
    publication: bool = False,
    threshold: int,
    channel_of: Callable[[str], str] | None = None,
    title: str = "",
    key: str = YIELD,
) -> Report:
    """Applicants by how they heard about the job and group, and the share reaching each stage.

    `channel_of`, `title` and `key` let another report count channels its own way (each
    sourcing partner's yield)."""
    stages = list(equity_settings_for(organisation).stages)
    report = Report(
        key=key,
        title=title or _("Source-channel yield"),
        scope=[
            *_scope(year, department, job_title),
            scope_line(_("Groups"), CHARACTERISTICS[characteristic]),
        ],
        publication=publication,
        threshold=threshold,
    )
    raw = yield_counts(
        organisation,
        year=year,
        characteristic=characteristic,
        department=department,
        job_title=job_title,
        channel_of=channel_of,
    )
    if not raw:
        report.empty_message = _("No applicants were recorded for %(year)s.") % {"year": year}
        return report
    channels = sorted({c for c, _g, _s in raw}, key=lambda c: (c == "", c.casefold()))
    present = {g for _c, g, _s in raw}
    groups = [g for g in group_keys(characteristic) if g in present]
    groups += sorted(present - set(groups))
    # reached[s][channel index][group index]: applicants who reached stage s or beyond
    channel_at = {c: i for i, c in enumerate(channels)}
    group_at = {g: j for j, g in enumerate(groups)}
    ended = [[[0] * len(groups) for _c in channels] for _s in stages]
    for (c, g, r), n in raw.items():
        ended[min(r, len(stages) - 1)][channel_at[c]][group_at[g]] += n
    reached = [[[0] * len(groups) for _c in channels] for _s in stages]
    for s in reversed(range(len(stages))):
        for i in range(len(channels)):
            for j in range(len(groups)):
                later_stages = reached[s + 1][i][j] if s + 1 < len(stages) else 0
                reached[s][i][j] = ended[s][i][j] + later_stages
    # Each stage's counts are nested in the one before: one pattern hides them all.
    hidden = (
        suppress_stacked(reached, threshold=threshold)
        if publication
        else [protect(m, publication=False, threshold=threshold) for m in reached]
    )
    later = range(1, len(stages))
    columns = [_("Applicants")]
    for s in later:
        columns += [
            _("Reached %(stage)s") % {"stage": stages[s]},
            _("%% reached %(stage)s") % {"stage": stages[s]},
        ]

    def cells(i: int | None, j: int | None) -> list[Cell]:
        """Figures for channel i (None: all) and group j (None: all)."""

        def count(s: int) -> tuple[int, bool]:
            m = reached[s]
            if i is None and j is None:
                return sum(map(sum, m)), hidden[s].grand_total
            if i is None:
                return sum(row[j] for row in m), hidden[s].column_total(j)
            if j is None:
                return sum(m[i]), hidden[s].row_total(i)
            return m[i][j], hidden[s].cell(i, j)

        applied, applied_hidden = count(0)
        out = [Cell(applied, COUNT, applied_hidden)]
        for s in later:
            n, n_hidden = count(s)
            out += [
                Cell(n, COUNT, n_hidden),
                Cell(percent(n, applied), PERCENT, n_hidden or applied_hidden),
            ]
        return out

    rows: list[Row] = []
    for i, channel in enumerate([*channels, None]):
        section = _("All channels") if channel is None else (channel or _("Not recorded"))
        for j, group in enumerate(groups):
            if channel is not None and not reached[0][i][j]:
                continue
            rows.append(
                Row(
                    group_label(characteristic, group),
                    cells(None if channel is None else i, j),
                    section=section,
                )
            )
        rows.append(
            Row(
                _("All applicants"),
                cells(None if channel is None else i, None),
                total=True,
                section=section,
            )
        )
    table = Table(
        key="yield",
        caption=_("Applicants in %(year)s by how they heard about the job, and how far they got")
        % {"year": year},
        row_heading=str(CHARACTERISTICS[characteristic]),
        columns=columns,
        rows=rows,
    )
    report.tables.append(table)
    last = len(stages) - 1
    series = []
    for j, group in enumerate(groups):
        values = []
        for i in range(len(channels)):
            hide = hidden[last].cell(i, j) or hidden[0].cell(i, j)
            values.append(Cell(percent(reached[last][i][j], reached[0][i][j]), PERCENT, hide))
        series.append((group_label(characteristic, group), values))
    report.charts.append(
        Chart(
            title=_("Share of applicants who reached %(stage)s, by channel")
            % {"stage": stages[last]},
            categories=[c or _("Not recorded") for c in channels],
            series=series,
            unit="percent",
            axis_label=_("Per cent of applicants"),
            description=_(
                "Bar chart of the share of each group's applicants from each channel who"
                " reached the last stage. The table below gives the same figures."
            ),
        )
    )
    report.notes.append(
        _(
            "Each applicant counts at every stage up to the furthest one they reached."
            " A channel is what the applicant said when asked how they heard about the job."
        )
    )
    publication_note(report)
    return report


# Job fairs ---------------------------------------------------------------------------------


def offered_stage(stages: Sequence[str]) -> int:
    """The position of the offer stage: "offered" when listed, else the last stage."""
    found = stage_position(stages, "offered")
    return len(stages) - 1 if found is None else found


def job_fair_counts(
    organisation: Organisation, *, year: int | None, characteristic: str, per: str
) -> tuple[list[str], dict[str, dict[str, list[int]]]]:
    """Per unit (fair or community area) and group: [interested, applied, offered]."""
    stages = equity_settings_for(organisation).stages
    offered = offered_stage(stages)
    fairs = JobFair.objects.filter(organisation=organisation).select_related("community_area")
    if year:
        fairs = fairs.filter(date__year=year)
    fairs = list(fairs.order_by("date", "name"))
    no_area = _("No community area")

    def unit_of(fair: JobFair) -> str:
        if per == PER_AREA:
            return fair.community_area.name if fair.community_area else no_area
        return f"{fair.name} ({fair.date.isoformat()})"

    unit = {fair.pk: unit_of(fair) for fair in fairs}
    units = list(dict.fromkeys(unit[f.pk] for f in fairs))
    if per == PER_AREA:
        units.sort(key=lambda u: (u == no_area, u.casefold()))
    column = GROUP_FIELD[characteristic]
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    interests = (
        JobFairInterest.objects.filter(job_fair__in=unit)
        .values("job_fair", column)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in interests:
        table[unit[r["job_fair"]]][r[column]][0] += r["n"]
    applied: dict[tuple[str, int], tuple[str, int]] = {}
    direct = Applicant.objects.filter(organisation=organisation, job_fair__in=unit).values_list(
        "job_fair", "pk", column, "reached"
    )
    linked = JobFairInterest.objects.filter(job_fair__in=unit, applicant__isnull=False).values_list(
        "job_fair", "applicant", f"applicant__{column}", "applicant__reached"
    )
    for fair_id, applicant_id, group, reached in [*direct, *linked]:
        applied[(unit[fair_id], applicant_id)] = (group, reached)
    for (u, _applicant), (group, reached) in applied.items():
        table[u][group][1] += 1
        if reached >= offered:
            table[u][group][2] += 1
    return units, table


def job_fair_report(
    organisation: Organisation,
    *,
    year: int | None,
    characteristic: str = RACE,
    per: str = PER_FAIR,
    publication: bool = False,
    threshold: int,
) -> Report:
    """People interested at job fairs, how many applied and how many were offered a job."""
    stages = equity_settings_for(organisation).stages
    report = Report(
        key=JOB_FAIRS,
        title=_("Job fairs"),
        scope=[
            scope_line(_("Year"), year or _("All years")),
            scope_line(_("Per"), _("community area") if per == PER_AREA else _("job fair")),
            scope_line(_("Groups"), CHARACTERISTICS[characteristic]),
        ],
        publication=publication,
        threshold=threshold,
    )
    units, counts = job_fair_counts(organisation, year=year, characteristic=characteristic, per=per)
    if not units:
        report.empty_message = _("No job fairs were recorded for this period.")
        return report
    present = {g for u in counts.values() for g in u}
    groups = [g for g in group_keys(characteristic) if g in present]
    groups += sorted(present - set(groups))
    matrices = [[[counts[u][g][m] for g in groups] for u in units] for m in range(3)]
    hidden = [
        protect(matrices[m], publication=publication, threshold=threshold)
        if groups
        else protect([[0]], publication=False, threshold=threshold)
        for m in range(3)
    ]
    columns = [
        _("Interested"),
        _("Applied"),
        _("Applied per 100 interested"),
        _("Offered a job"),
        _("% of applicants offered"),
    ]

    def cells(i: int | None, j: int | None) -> list[Cell]:
        figures = []
        for m in range(3):
            matrix, h = matrices[m], hidden[m]
            if i is None and j is None:
                figures.append((sum(map(sum, matrix)), h.grand_total))
            elif i is None:
                figures.append((sum(row[j] for row in matrix), h.column_total(j)))
            elif j is None:
                figures.append((sum(matrix[i]), h.row_total(i)))
            else:
                figures.append((matrix[i][j], h.cell(i, j)))
        (interested, hi), (applied, ha), (offered, ho) = figures
        return [
            Cell(interested, COUNT, hi),
            Cell(applied, COUNT, ha),
            Cell(percent(applied, interested), PERCENT, hi or ha),
            Cell(offered, COUNT, ho),
            Cell(percent(offered, applied), PERCENT, ha or ho),
        ]

    rows: list[Row] = []
    everyone = _("All job fairs") if per == PER_FAIR else _("All community areas")
    for i, u in enumerate([*units, None]):
        section = everyone if u is None else u
        for j, group in enumerate(groups):
            if u is not None and not any(matrices[m][i][j] for m in range(3)):
                continue
            rows.append(
                Row(
                    group_label(characteristic, group),
                    cells(None if u is None else i, j),
                    section=section,
                )
            )
        rows.append(
            Row(_("Everyone"), cells(None if u is None else i, None), total=True, section=section)
        )
    report.tables.append(
        Table(
            key="job_fairs",
            caption=_("Interest, applications and offers from job fairs"),
            row_heading=str(CHARACTERISTICS[characteristic]),
            columns=columns,
            rows=rows,
        )
    )
    totals = [[sum(matrices[m][i]) for i in range(len(units))] for m in range(3)]
    report.charts.append(
        Chart(
            title=_("Interested, applied and offered a job"),
            categories=units,
            series=[
                (
                    _("Interested"),
                    [Cell(v, COUNT, hidden[0].row_total(i)) for i, v in enumerate(totals[0])],
                ),
                (
                    _("Applied"),
                    [Cell(v, COUNT, hidden[1].row_total(i)) for i, v in enumerate(totals[1])],
                ),
                (
                    _("Offered a job"),
                    [Cell(v, COUNT, hidden[2].row_total(i)) for i, v in enumerate(totals[2])],
                ),
            ],
            unit="count",
            axis_label=_("People"),
            description=_(
                "Bar chart of how many people were interested, applied and were offered a job,"
                " per row of the table. The table below gives the same figures."
            ),
        )
    )
    report.notes.append(
        _(
            "Applied: applicants who said they came from the fair, or whose interest at the"
            " fair was linked to their application; each applicant counts once. Offered: they"
            " reached the %(stage)s stage or beyond. Applications and offers are grouped by"
            " the applicant's own answers."
        )
        % {"stage": stages[offered_stage(stages)]}
    )
    publication_note(report)
    return report
