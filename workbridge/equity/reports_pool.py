"""A job title's applicants against the pool of all applicants, or against a benchmark's
availability, group by group with the exact binomial test (``core.applicant_pool``).

Counts come from the flow summary (``FlowCount``): everyone who applied, whatever stage
they reached. Only counts leave: an analyst sees aggregates, never an applicant.
"""

from __future__ import annotations

from functools import reduce
from operator import add

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from workbridge.accounts.models import Organisation
from workbridge.core import representation as rep
from workbridge.core.applicant_pool import pool_shares, representation_against_pool
from workbridge.core.suppression import suppress_counts
from workbridge.equity.models import ENDED_COLUMNS, WITHDREW_COLUMNS, Benchmark, FlowCount
from workbridge.equity.reports import (
    CHARACTERISTICS,
    GROUP_FIELD,
    NUMBER,
    PERCENT,
    PROBABILITY,
    RATIO,
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
from workbridge.equity.reports_workforce import UNKNOWN_GROUPS, method_choices

APPLICANT_POOL = "applicant-pool"
POOL = "pool"  # against all applicants, not a benchmark
_APPLIED = reduce(add, (F(c) for c in (*ENDED_COLUMNS, *WITHDREW_COLUMNS)))


def _applicants_by_group(organisation: Organisation, year: int, field: str, **where) -> dict:
    rows = (
        FlowCount.objects.filter(organisation=organisation, year=year, **where)
        .values(field)
        .annotate(n=Sum(_APPLIED))
        .order_by()
    )
    return {r[field]: int(r["n"] or 0) for r in rows}


def applicant_pool_report(
    organisation: Organisation,
    *,
    year: int,
    job_title: str,
    characteristic: str,
    benchmark: Benchmark | None = None,
    method: str = rep.TWO_SIDED_05,
    publication: bool = False,
    threshold: int,
) -> Report:
    """Each group's share of a job title's applicants in a year against its share of all
    the year's applicants (or of a benchmark's population), with the binomial test."""
    report = Report(
        key=APPLICANT_POOL,
        title=_("Applicants against the applicant pool"),
        scope=[
            scope_line(_("Year"), year),
            scope_line(_("Job title"), job_title),
            scope_line(_("Groups"), CHARACTERISTICS[characteristic]),
            scope_line(
                _("Compared with"),
                _("All applicants that year")
                if benchmark is None
                else f"{benchmark.name}, {benchmark.source} ({benchmark.year})",
            ),
            scope_line(_("Under-representation"), dict(method_choices())[method]),
        ],
        publication=publication,
        threshold=threshold,
    )
    field = GROUP_FIELD[characteristic]
    unknown_groups = UNKNOWN_GROUPS[characteristic]
    job_all = _applicants_by_group(organisation, year, field, job_title=job_title)
    job = {g: n for g, n in job_all.items() if g not in unknown_groups}
    unknown = sum(n for g, n in job_all.items() if g in unknown_groups)
    if not sum(job.values()):
        report.empty_message = _("No applicant with a known answer applied to this job title.")
        return report
    if benchmark is None:
        pool_all = _applicants_by_group(organisation, year, field)
        shares = pool_shares({g: n for g, n in pool_all.items() if g not in unknown_groups})
    else:
        shares = {
            s.group: rep.as_fraction(s.share)
            for s in benchmark.shares.filter(characteristic=characteristic)
        }
        if not shares:
            report.empty_message = _("The benchmark has no shares for these groups.")
            return report
    results = representation_against_pool(
        job, shares, order=group_keys(characteristic), method=method
    )
    total = sum(job.values())
    hidden = (
        suppress_counts({u.group: u.employees for u in results}, threshold=threshold)
        if publication
        else frozenset()
    )
    rows = []
    for u in results:
        h = u.group in hidden
        rows.append(
            Row(
                group_label(characteristic, u.group),
                [
                    Cell(u.employees, "count", h),
                    Cell(percent(u.employees, total), PERCENT, h),
                    Cell(percent(u.availability, 1), PERCENT),
                    Cell(None if u.ratio is None else round(float(u.ratio), 2), RATIO, h),
                    Cell(round(float(u.expected), 1), NUMBER),
                    Cell(u.p_lower, PROBABILITY, h),
                    Cell(u.p_two_sided, PROBABILITY, h),
                    Cell(u.shortfall, "count", h),
                    Cell(_("Yes") if u.under_utilised else _("No"), TEXT, h),
                ],
            )
        )
    rows.append(
        Row(
            _("All applicants with a known answer"),
            [Cell(total), Cell(100.0, PERCENT)] + [Cell(None, TEXT)] * 7,
            total=True,
        )
    )
    report.tables.append(
        Table(
            key="applicant_pool",
            caption=_("Applicants for %(title)s in %(year)s against the pool")
            % {"title": job_title, "year": year},
            row_heading=str(CHARACTERISTICS[characteristic]),
            columns=[
                _("Applicants"),
                _("Share of the job's applicants (%)"),
                _("Share of the pool (%)"),
                _("Ratio"),
                _("Expected applicants"),
                _("Probability of as few or fewer"),
                _("Two-sided p"),
                _("Shortfall"),
                _("Under-represented"),
            ],
            rows=rows,
        )
    )
    report.charts.append(
        Chart(
            title=_("The job's applicants and the pool"),
            categories=[r.label for r in rows[:-1]],
            series=[
                (_("This job title"), [r.cells[1] for r in rows[:-1]]),
                (_("Pool"), [r.cells[2] for r in rows[:-1]]),
            ],
            unit="percent",
            axis_label=_("Per cent"),
            description=_(
                "Bar chart of each group's share of the job's applicants beside its share of"
                " the pool. The table below gives the same figures."
            ),
        )
    )
    report.notes.append(
        _(
            "The probabilities are exact binomial tests: the chance of as few applicants of the"
            " group, or fewer, if the job's applicants had been drawn at random from the pool."
            " Shortfall: how many more applicants of the group would bring its share up to"
            " the pool's, rounded up."
        )
    )
    if unknown:
        report.notes.append(
            _("%(n)s applicants whose answer is not known are left out of the comparison.")
            % {"n": unknown}
        )
    publication_note(report)
    return report
