"""Reports on the application process: how usable applying is, and the optional steps.

- Application process: from the imported application-session events of the year's
  requisitions (the arithmetic of ``core.application_sessions.process_measures``, counted
  in SQL by ``process_figures`` so the events never come into Python), per group of applicants
  (race and ethnicity, or sex) and per step of the form: applications, how many were
  submitted and the completion rate, sessions per application, help requests and
  validation warnings per application, and the median minutes to complete (a submitted
  application's minutes, summed over its sessions). Per step, an application counts where
  it has any event at that step; completion is of the whole application.
- Optional steps: from the imported per-applicant flags (``core.optional_steps``). Per
  step, the four-fifths analysis (``core.stats.adverse_impact``) of passing among the
  applicants who took the step; the skipped or not offered are counted apart, never as
  failing. Per department, how many of its flagged applicants took each step.

In publication mode every table of counts of people goes through
``core.suppression.suppress_table``: small counts (an application count included) and
enough other cells that the totals cannot reveal them are hidden, and every rate, ratio,
test or median that rests on a hidden count is hidden too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Model, QuerySet
from django.utils.translation import gettext as _

from workbridge.accounts.models import Organisation
from workbridge.core.application_sessions import ProcessMeasure, SessionEvent
from workbridge.core.optional_steps import (
    FAILED,
    PASSED,
    SKIPPED,
    StepOutcome,
    optional_step_counts,
    optional_step_usage,
)
from workbridge.core.stats import UNKNOWN_LABELS, GroupCounts, adverse_impact
from workbridge.core.suppression import Suppression, suppress_table
from workbridge.equity.impact import Row as ImpactRow
from workbridge.equity.models import (
    Applicant,
    ApplicationSessionEvent,
    ImportRun,
    OptionalStepOutcome,
    Requisition,
    SessionEventKind,
)
from workbridge.equity.reports import (
    CHARACTERISTICS,
    COUNT,
    GROUP_FIELD,
    NUMBER,
    PERCENT,
    PROBABILITY,
    RACE,
    TEXT,
    Cell,
    Chart,
    Report,
    Row,
    Table,
    group_keys,
    group_label,
    percent,
    publication_note,
    scope_line,
)
from workbridge.people.choices import EeoCategory, Sex

APPLICATION_PROCESS = "application-process"
# The events the measures count one by one; of the others only their presence matters.
COUNTED_KINDS = frozenset({SessionEventKind.HELP_REQUESTED, SessionEventKind.VALIDATION_WARNING})
OPTIONAL_STEPS = "optional-steps"
# Groups whose membership is unknown: shown and counted in totals, never compared.
UNKNOWN = frozenset(UNKNOWN_LABELS | {Sex.PREFER_NOT.value, EeoCategory.NOT_DISCLOSED.value})


def _scope(year: int, department: str, job_title: str, characteristic: str) -> list[str]:
    return [
        scope_line(_("Year"), year),
        scope_line(_("Department"), department or _("All departments")),
        scope_line(_("Job title"), job_title or _("All job titles")),
        scope_line(_("Groups"), CHARACTERISTICS[characteristic]),
    ]


def _filtered[M: Model](
    queryset: QuerySet[M], *, year: int, department: str, job_title: str
) -> QuerySet[M]:
    queryset = queryset.filter(applicant__requisition__year=year)
    if department:
        queryset = queryset.filter(applicant__requisition__department=department)
    if job_title:
        queryset = queryset.filter(applicant__requisition__job_title=job_title)
    return queryset


def _ordered(characteristic: str, present: Sequence[str]) -> list[str]:
    """The groups present, in the order reports list them (any other value last)."""
    known = group_keys(characteristic)
    return [k for k in known if k in present] + sorted(k for k in present if k not in known)


def _protect(
    parts: Sequence[Sequence[int]],
    *,
    publication: bool,
    threshold: int,
    column_totals_shown: bool,
) -> Suppression:
    """The cells to hide of a table of parts whose row totals (people) are shown too.

    A row total under the threshold is hidden from the start, like a small cell."""
    columns = len(parts[0]) if parts else 0
    if not publication or not parts:
        return Suppression(len(parts), columns, frozenset())
    small_totals = [(i, columns) for i, row in enumerate(parts) if 0 < sum(row) < threshold]
    return suppress_table(
        parts,
        threshold=threshold,
        row_totals_shown=True,
        column_totals_shown=column_totals_shown,
        already=small_totals,
    )


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


# Application process ------------------------------------------------------------------------


def session_events_for(
    organisation: Organisation,
    *,
    year: int,
    characteristic: str = RACE,
    department: str = "",
    job_title: str = "",
) -> list[SessionEvent]:
    """The session events of the year's applicants, each with its applicant's group.

    Counted in SQL first: the events of one kind at one step of one session come back
    once, with the most minutes among them (all the measures read of them), and only
    help requests and warnings, which are counted, are repeated as often as they were
    recorded. An application form that saves itself every minute sends many "saved"
    events; the measures are the same, the rows far fewer."""
    events = _filtered(
        ApplicationSessionEvent.objects.filter(organisation=organisation),
        year=year,
        department=department,
        job_title=job_title,
    )
    group = "applicant__" + GROUP_FIELD[characteristic]
    rows = (
        events.values_list("applicant_id", "session", "step", "kind", group)
        .annotate(n=Count("pk"), most=Max("minutes"))
        .order_by()
    )
    found: list[SessionEvent] = []
    for applicant, session, step, kind, group_key, n, most in rows.iterator(chunk_size=5_000):
        event = SessionEvent(str(applicant), session, step, kind, float(most), group_key or "")
        found += [event] * (n if kind in COUNTED_KINDS else 1)
    return found


# The application-process measures counted in the database, in one statement: per session
# (its most minutes, never under 0, whether it submitted, its help requests and warnings),
# then per application, then per group and per step, with the medians of a submitted
# application's minutes picked by row number. The same arithmetic as
# ``core.application_sessions.process_measures``, read from the events without bringing
# them into Python. Each step is materialised once (SQLite and PostgreSQL would otherwise
# recompute a step read twice). Table and column names come from the models; values are
# parameters.
_PROCESS_SQL = """
WITH ev AS MATERIALIZED (
    SELECT e.applicant_id AS a, e.{session} AS s, e.{step} AS st, e.{kind} AS k,
           CASE WHEN e.{minutes} > 0 THEN e.{minutes} ELSE 0 END AS m,
           COALESCE(ap.{group}, '') AS g
    FROM {events} e
    JOIN {applicants} ap ON ap.id = e.applicant_id
    JOIN {requisitions} r ON r.id = ap.requisition_id
    WHERE e.organisation_id = %s AND r.{year} = %s{where}
),
sess AS MATERIALIZED (
    SELECT a, MAX(g) AS g, MAX(m) AS m,
           MAX(CASE WHEN k = %s THEN 1 ELSE 0 END) AS done,
           SUM(CASE WHEN k = %s THEN 1 ELSE 0 END) AS help,
           SUM(CASE WHEN k = %s THEN 1 ELSE 0 END) AS warn
    FROM ev GROUP BY a, s
),
app AS MATERIALIZED (
    SELECT a, MAX(g) AS g, SUM(m) AS minutes, MAX(done) AS done, COUNT(*) AS sessions,
           SUM(help) AS help, SUM(warn) AS warn
    FROM sess GROUP BY a
),
step_app AS MATERIALIZED (
    SELECT st, a, COUNT(DISTINCT s) AS sessions,
           SUM(CASE WHEN k = %s THEN 1 ELSE 0 END) AS help,
           SUM(CASE WHEN k = %s THEN 1 ELSE 0 END) AS warn
    FROM ev GROUP BY st, a
),
step_done AS MATERIALIZED (
    SELECT sa.st AS st, sa.sessions AS sessions, sa.help AS help, sa.warn AS warn,
           app.done AS done, app.minutes AS minutes
    FROM step_app sa JOIN app ON app.a = sa.a
),
ranked AS (
    SELECT 'g' AS what, g AS bucket, minutes,
           ROW_NUMBER() OVER (PARTITION BY g ORDER BY minutes) AS rn,
           COUNT(*) OVER (PARTITION BY g) AS n
    FROM app WHERE done = 1
    UNION ALL
    SELECT 'a', '', minutes, ROW_NUMBER() OVER (ORDER BY minutes), COUNT(*) OVER ()
    FROM app WHERE done = 1
    UNION ALL
    SELECT 's', st, minutes,
           ROW_NUMBER() OVER (PARTITION BY st ORDER BY minutes), COUNT(*) OVER (PARTITION BY st)
    FROM step_done WHERE done = 1
)
SELECT 'g', g, COUNT(*), SUM(done), SUM(sessions), SUM(help), SUM(warn),
       CAST(NULL AS DOUBLE PRECISION)
FROM app GROUP BY g
UNION ALL
SELECT 's', st, COUNT(*), SUM(done), SUM(sessions), SUM(help), SUM(warn), NULL
FROM step_done GROUP BY st
UNION ALL
SELECT what, bucket, NULL, NULL, NULL, NULL, NULL, AVG(minutes)
FROM ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY what, bucket
"""


@dataclass(frozen=True)
class ProcessFigures:
    """The application-process measures of a report: by group, of all, and by step."""

    by_group: list[ProcessMeasure]
    overall: ProcessMeasure | None
    by_step: list[ProcessMeasure]


PROCESS_CACHE_SECONDS = 6 * 3600


def _process_data_version(organisation: Organisation) -> str:
    """What the application-process figures are read from, in a few index reads: the
    newest session event, the applicants (how many and the newest) and the newest import
    run. Events and applicants are only written by imports, which add new rows, so any
    import gives a new version."""
    events = ApplicationSessionEvent.objects.filter(organisation=organisation).aggregate(
        last=Max("pk")
    )
    applicants = Applicant.objects.filter(organisation=organisation).aggregate(
        last=Max("pk"), count=Count("pk")
    )
    run = ImportRun.objects.filter(organisation=organisation).aggregate(last=Max("pk"))
    return f"{events['last']}:{applicants['last']}:{applicants['count']}:{run['last']}"


def process_figures(
    organisation: Organisation,
    *,
    year: int,
    characteristic: str = RACE,
    department: str = "",
    job_title: str = "",
) -> ProcessFigures:
    """The measures of ``process_measures`` for the year's applicants, counted in SQL once
    per version of the data (`_process_data_version`) and kept in the cache: the first
    view after an import counts, later views read what was counted."""
    key = (
        "equity:process:"
        + hashlib.sha256(
            repr(
                (
                    organisation.pk,
                    _process_data_version(organisation),
                    year,
                    characteristic,
                    department,
                    job_title,
                )
            ).encode()
        ).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = process_figures_counted(
            organisation,
            year=year,
            characteristic=characteristic,
            department=department,
            job_title=job_title,
        )
        cache.set(key, found, timeout=PROCESS_CACHE_SECONDS)
    return found


def process_figures_counted(
    organisation: Organisation,
    *,
    year: int,
    characteristic: str = RACE,
    department: str = "",
    job_title: str = "",
) -> ProcessFigures:
    """The measures of ``process_measures`` for the year's applicants, counted in SQL."""
    qn = connection.ops.quote_name
    event = ApplicationSessionEvent._meta
    requisition = Requisition._meta
    where, params = "", [organisation.pk, year]
    if department:
        where += f" AND r.{qn(requisition.get_field('department').column)} = %s"
        params.append(department)
    if job_title:
        where += f" AND r.{qn(requisition.get_field('job_title').column)} = %s"
        params.append(job_title)
    help_kind, warn_kind = SessionEventKind.HELP_REQUESTED, SessionEventKind.VALIDATION_WARNING
    params += [SessionEventKind.SUBMITTED, help_kind, warn_kind, help_kind, warn_kind]
    sql = _PROCESS_SQL.format(
        events=qn(event.db_table),
        applicants=qn(Applicant._meta.db_table),
        requisitions=qn(requisition.db_table),
        session=qn(event.get_field("session").column),
        step=qn(event.get_field("step").column),
        kind=qn(event.get_field("kind").column),
        minutes=qn(event.get_field("minutes").column),
        group=qn(Applicant._meta.get_field(GROUP_FIELD[characteristic]).column),
        year=qn(requisition.get_field("year").column),
        where=where,
    )
    counts: dict[tuple[str, str], tuple[int, int, int, int, int]] = {}
    medians: dict[tuple[str, str], float] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for what, bucket, apps, done, sessions, help_n, warn_n, median in cursor.fetchall():
            if median is not None:
                medians[(what, bucket)] = float(median)
            else:
                counts[(what, bucket)] = (apps, done, sessions, help_n, warn_n)

    def measure(what: str, key: str, tally: Sequence[int], bucket: str) -> ProcessMeasure:
        apps, done, sessions, help_n, warn_n = (int(v) for v in tally)
        return ProcessMeasure(
            key=key,
            applications=apps,
            completed=done,
            sessions_per_application=sessions / apps,
            help_requests=help_n,
            warnings=warn_n,
            median_minutes_to_complete=medians.get((what, bucket)),
        )

    groups = sorted(b for w, b in counts if w == "g")
    steps = sorted(b for w, b in counts if w == "s")
    by_group = [measure("g", g, counts[("g", g)], g) for g in groups]
    overall = None
    if by_group:
        total = [sum(counts[("g", g)][i] for g in groups) for i in range(5)]
        overall = measure("a", "all", total, "")
    by_step = [measure("s", s, counts[("s", s)], s) for s in steps]
    return ProcessFigures(by_group, overall, by_step)


def _process_columns() -> list[str]:
    return [
        _("Applications"),
        _("Submitted"),
        _("Completion rate"),
        _("Sessions per application"),
        _("Help requests per application"),
        _("Validation warnings per application"),
        _("Median minutes to complete"),
    ]


def _process_cells(m: ProcessMeasure, hidden: Suppression, i: int, *, total: bool) -> list[Cell]:
    if total:
        apps_hidden = hidden.grand_total
        done_hidden = hidden.column_total(0)
        rate_hidden = apps_hidden or done_hidden or hidden.column_total(1)
    else:
        apps_hidden = hidden.row_total(i)
        done_hidden = hidden.cell(i, 0)
        rate_hidden = apps_hidden or done_hidden or hidden.cell(i, 1)
    per = m.applications or 1
    return [
        Cell(m.applications, COUNT, apps_hidden),
        Cell(m.completed, COUNT, done_hidden),
        Cell(percent(m.completed, m.applications), PERCENT, rate_hidden),
        Cell(_round(m.sessions_per_application, 2), NUMBER, apps_hidden),
        Cell(_round(m.help_requests / per, 2), NUMBER, apps_hidden),
        Cell(_round(m.warnings / per, 2), NUMBER, apps_hidden),
        Cell(_round(m.median_minutes_to_complete, 1), NUMBER, done_hidden),
    ]


def application_process_report(
    organisation: Organisation,
    *,
    year: int,
    characteristic: str = RACE,
    department: str = "",
    job_title: str = "",
    publication: bool = False,
    threshold: int,
) -> Report:
    """Completion, sessions, help and time to complete, by group and by form step."""
    report = Report(
        key=APPLICATION_PROCESS,
        title=_("Application process"),
        scope=_scope(year, department, job_title, characteristic),
        publication=publication,
        threshold=threshold,
    )
    figures = process_figures(
        organisation,
        year=year,
        characteristic=characteristic,
        department=department,
        job_title=job_title,
    )
    if figures.overall is None:
        report.empty_message = _(
            "No application-session events have been imported for %(year)s's requisitions."
            " Import them with “Import application-session events” on the hiring-equity page."
        ) % {"year": year}
        return report
    by_group = {m.key: m for m in figures.by_group}
    overall = figures.overall
    keys = _ordered(characteristic, list(by_group))
    parts = [
        [by_group[k].completed, by_group[k].applications - by_group[k].completed] for k in keys
    ]
    hidden = _protect(parts, publication=publication, threshold=threshold, column_totals_shown=True)
    rows = [
        Row(group_label(characteristic, k), _process_cells(by_group[k], hidden, i, total=False))
        for i, k in enumerate(keys)
    ]
    rows.append(
        Row(_("All applications"), _process_cells(overall, hidden, 0, total=True), total=True)
    )
    group_table = Table(
        key="process-groups",
        caption=_("Application process by %(characteristic)s")
        % {"characteristic": str(CHARACTERISTICS[characteristic]).lower()},
        row_heading=str(CHARACTERISTICS[characteristic]),
        columns=_process_columns(),
        rows=rows,
    )
    by_step = figures.by_step
    step_parts = [[m.completed, m.applications - m.completed] for m in by_step]
    step_hidden = _protect(
        step_parts, publication=publication, threshold=threshold, column_totals_shown=False
    )
    step_rows = [
        Row(m.key or _("Step not recorded"), _process_cells(m, step_hidden, i, total=False))
        for i, m in enumerate(by_step)
    ]
    step_table = Table(
        key="process-steps",
        caption=_("Application process by step of the form"),
        row_heading=_("Step"),
        columns=_process_columns(),
        rows=step_rows,
    )
    report.tables += [group_table, step_table]
    for table, data_rows in ((group_table, rows[:-1]), (step_table, step_rows)):
        report.charts.append(
            Chart(
                title=_("Completion rate: %(table)s") % {"table": table.caption.lower()},
                categories=[r.label for r in data_rows],
                series=[(_("Completion rate"), [r.cells[2] for r in data_rows])],
                unit="percent",
                axis_label=_("Applications submitted (%)"),
                description=_(
                    "Bar chart of the share of applications submitted, %(table)s."
                    " The table below gives the same figures."
                )
                % {"table": table.caption.lower()},
            )
        )
    report.notes += [
        _(
            "An application is an applicant with at least one session event. Completion rate:"
            " applications with a “submitted” event over all applications. Sessions per"
            " application: the distinct sessions (visits) over the applications."
        ),
        _(
            "Median minutes to complete: for each submitted application, the most minutes"
            " recorded in each of its sessions, added up; the median of those totals."
        ),
        _(
            "By step: an application counts at every step where it has an event; the"
            " completion rate is of the whole application, so the rows do not add up."
        ),
    ]
    publication_note(report)
    return report


# Optional steps -----------------------------------------------------------------------------


def step_outcomes_for(
    organisation: Organisation,
    *,
    year: int,
    characteristic: str = RACE,
    department: str = "",
    job_title: str = "",
) -> list[StepOutcome]:
    """The optional-step flags of the year's applicants, with their group and department."""
    outcomes = _filtered(
        OptionalStepOutcome.objects.filter(organisation=organisation),
        year=year,
        department=department,
        job_title=job_title,
    )
    group = "applicant__" + GROUP_FIELD[characteristic]
    rows = (
        outcomes.values("step", group, "applicant__requisition__department", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: list[StepOutcome] = []
    for r in rows:
        found += [
            StepOutcome(
                r["step"], r[group] or "", r["applicant__requisition__department"], r["outcome"]
            )
        ] * r["n"]
    return found


@dataclass(frozen=True)
class _StepTally:
    passed: int
    failed: int
    skipped: int

    @property
    def took(self) -> int:
        return self.passed + self.failed


def _flags(row: ImpactRow) -> str:
    """What the adverse-impact page flags about a group, in the same words."""
    flags = []
    if row.unknown:
        flags.append(_("Unknown group: counted, not compared"))
    if row.impact is not None:
        if row.impact.small_group:
            # the template's message ("%" written "%%" there), so one translation serves both
            flags.append(_("Under 2%% of those considered") % {})
        if row.impact.is_reference:
            flags.append(_("Reference"))
        if row.impact.adverse_impact:
            flags.append(row.significance_text)
    if row.passed_over:
        flags.append(_("Higher rate, too small to be the reference"))
    return "; ".join(flags)


def _step_columns() -> list[str]:
    return [
        _("Took the step"),
        _("Passed"),
        _("Did not pass"),
        _("Skipped or not offered"),
        _("Pass rate"),
        _("Impact ratio"),
        _("Four-fifths rule"),
        _("Flags"),
        _("Fisher p, two-sided"),
    ]


def _step_table(
    step: str,
    n: int,
    tallies: dict[str, _StepTally],
    counts: list[GroupCounts],
    characteristic: str,
    *,
    publication: bool,
    threshold: int,
) -> Table:
    keys = _ordered(characteristic, list(tallies))
    analysis = adverse_impact(counts, unknown_labels=UNKNOWN) if counts else None
    impacts = {g.group: g for g in analysis.groups} if analysis else {}
    parts = [[tallies[k].passed, tallies[k].failed, tallies[k].skipped] for k in keys]
    hidden = (
        suppress_table(parts, threshold=threshold, row_totals_shown=False)
        if publication and parts
        else Suppression(len(parts), 3, frozenset())
    )
    rows = []
    for i, k in enumerate(keys):
        t = tallies[k]
        took_hidden = hidden.cell(i, 0) or hidden.cell(i, 1)
        impact = impacts.get(k)
        # The adverse-impact page's own row, for its wording of rates, findings and flags.
        shown = ImpactRow(
            name=k,
            label=group_label(characteristic, k),
            considered=t.took,
            selected=t.passed,
            unknown=impact is None,
            impact=impact,
            passed_over=analysis is not None and k in analysis.passed_over,
        )
        rows.append(
            Row(
                shown.label,
                [
                    Cell(t.took, COUNT, took_hidden),
                    Cell(t.passed, COUNT, hidden.cell(i, 0)),
                    Cell(t.failed, COUNT, hidden.cell(i, 1)),
                    Cell(t.skipped, COUNT, hidden.cell(i, 2)),
                    Cell(percent(t.passed, t.took), PERCENT, took_hidden),
                    Cell(shown.ratio_text if t.took else None, TEXT, took_hidden),
                    Cell(shown.finding_text if t.took else None, TEXT, took_hidden),
                    Cell(_flags(shown) or None, TEXT, took_hidden),
                    Cell(
                        impact.fisher_p_two_sided if impact is not None else None,
                        PROBABILITY,
                        took_hidden,
                    ),
                ],
            )
        )
    passed = sum(t.passed for t in tallies.values())
    failed = sum(t.failed for t in tallies.values())
    skipped = sum(t.skipped for t in tallies.values())
    total_took_hidden = hidden.column_total(0) or hidden.column_total(1)
    rows.append(
        Row(
            _("All applicants"),
            [
                Cell(passed + failed, COUNT, total_took_hidden),
                Cell(passed, COUNT, hidden.column_total(0)),
                Cell(failed, COUNT, hidden.column_total(1)),
                Cell(skipped, COUNT, hidden.column_total(2)),
                Cell(percent(passed, passed + failed), PERCENT, total_took_hidden),
                Cell(None, TEXT),
                Cell(None, TEXT),
                Cell(None, TEXT),
                Cell(None, PROBABILITY),
            ],
            total=True,
        )
    )
    return Table(
        key=f"step-{n}",
        caption=_("%(step)s: pass rates by %(characteristic)s, among those who took the step")
        % {"step": step, "characteristic": str(CHARACTERISTICS[characteristic]).lower()},
        row_heading=str(CHARACTERISTICS[characteristic]),
        columns=_step_columns(),
        rows=rows,
    )


def _usage_table(
    outcomes: Sequence[StepOutcome], *, publication: bool, threshold: int
) -> tuple[Table, dict[tuple[str, str], Cell]]:
    usage = optional_step_usage(outcomes)
    parts = [[u.passed, u.taken - u.passed, u.applicants - u.taken] for u in usage]
    hidden = _protect(
        parts, publication=publication, threshold=threshold, column_totals_shown=False
    )
    rows = []
    shares: dict[tuple[str, str], Cell] = {}
    for i, u in enumerate(usage):
        took_hidden = hidden.cell(i, 0) or hidden.cell(i, 1) or hidden.row_total(i)
        share = Cell(percent(u.taken, u.applicants), PERCENT, took_hidden or hidden.cell(i, 2))
        shares[(u.department, u.step)] = share
        rows.append(
            Row(
                u.step,
                [
                    Cell(u.applicants, COUNT, hidden.row_total(i)),
                    Cell(u.taken, COUNT, took_hidden),
                    share,
                    Cell(u.passed, COUNT, hidden.cell(i, 0)),
                ],
                section=u.department or _("Department not recorded"),
            )
        )
    table = Table(
        key="step-usage",
        caption=_("How often each department uses each optional step"),
        row_heading=_("Optional step"),
        columns=[
            _("Applicants flagged"),
            _("Took the step"),
            _("Share who took it"),
            _("Passed"),
        ],
        rows=rows,
    )
    return table, shares


def optional_steps_report(
    organisation: Organisation,
    *,
    year: int,
    characteristic: str = RACE,
    department: str = "",
    job_title: str = "",
    publication: bool = False,
    threshold: int,
) -> Report:
    """Adverse impact of each optional step among those who took it, and each department's use."""
    report = Report(
        key=OPTIONAL_STEPS,
        title=_("Optional steps"),
        scope=_scope(year, department, job_title, characteristic),
        publication=publication,
        threshold=threshold,
    )
    outcomes = step_outcomes_for(
        organisation,
        year=year,
        characteristic=characteristic,
        department=department,
        job_title=job_title,
    )
    if not outcomes:
        report.empty_message = _(
            "No optional-step outcomes have been imported for %(year)s's requisitions."
            " Import them with “Import optional-step outcomes” on the hiring-equity page."
        ) % {"year": year}
        return report
    tallies: dict[str, dict[str, list[int]]] = {}
    for o in outcomes:
        t = tallies.setdefault(o.step, {}).setdefault(o.group, [0, 0, 0])
        t[(PASSED, FAILED, SKIPPED).index(o.outcome)] += 1
    # Per step, each group's applicants who took it (considered) and passed (selected).
    took = optional_step_counts(outcomes)
    chart_series = []
    categories: list[str] = []
    for n, step in enumerate(sorted(tallies), start=1):
        table = _step_table(
            step,
            n,
            {g: _StepTally(*t) for g, t in tallies[step].items()},
            took.get(step, []),
            characteristic,
            publication=publication,
            threshold=threshold,
        )
        report.tables.append(table)
        rates = {r.label: r.cells[4] for r in table.rows[:-1]}
        chart_series.append((step, rates))
        categories += [label for label in rates if label not in categories]
    usage, shares = _usage_table(outcomes, publication=publication, threshold=threshold)
    report.tables.append(usage)
    report.charts.append(
        Chart(
            title=_("Pass rate at each optional step, among those who took it"),
            categories=categories,
            series=[
                (step, [rates.get(c, Cell(None, PERCENT)) for c in categories])
                for step, rates in chart_series
            ],
            unit="percent",
            axis_label=_("Passed, of those who took the step (%)"),
            description=_(
                "Bar chart of each group's pass rate at each optional step, among the"
                " applicants who took it. The tables below give the same figures."
            ),
        )
    )
    departments = sorted({d for d, _s in shares})
    steps = sorted({s for _d, s in shares})
    report.charts.append(
        Chart(
            title=_("Share of applicants who took each optional step, by department"),
            categories=[d or _("Department not recorded") for d in departments],
            series=[
                (step, [shares.get((d, step), Cell(None, PERCENT)) for d in departments])
                for step in steps
            ],
            unit="percent",
            axis_label=_("Applicants who took the step (%)"),
            description=_(
                "Bar chart of the share of each department's flagged applicants who took each"
                " optional step. The last table gives the same figures."
            ),
        )
    )
    report.notes += [
        _(
            "Pass rates, impact ratios and tests count only the applicants who took the step."
            " Those who skipped it or were not offered it are counted apart, never as failing."
        ),
        _(
            "Impact ratio: a group's pass rate over the reference group's (the highest rate"
            " among groups large enough to be the reference). Below 0.8 is adverse impact"
            " under the four-fifths rule (29 CFR 1607.4(D)); ratios are rounded down."
            " Applicants who did not say are counted but not compared."
        ),
    ]
    publication_note(report)
    return report
