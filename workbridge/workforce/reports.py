"""Workforce mobility reports as hiring equity's report tables (``equity.reports``), so the
page, XLSX, CSV and PDF are the same ones the equity reports use.

- Mobility: for each period between consecutive snapshots and each group (race and
  ethnicity, or sex), the headcount at the start, promotions and the promotion rate with
  the adverse-impact tests (a promotion is a selection from everyone on the earlier
  roster), lateral moves, the mobility share, exits and the exit rate (its impact
  ratio compares the share who stayed), and hires; then time to promotion.
- Pipeline: the latest snapshot by grade (or, without grades, by annual pay band) and
  group.
- Pay: median annual pay of each group within each title and grade, as a ratio to the
  cell's median; the cells with the largest gaps first.

For publication, a group whose headcount is small is hidden with enough others that the
total cannot reveal it (``core.suppression.suppress_counts``); every figure of a hidden
group is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from workbridge.accounts.models import Organisation
from workbridge.core import mobility as m
from workbridge.core.stats import GroupCounts, GroupImpact, adverse_impact_many
from workbridge.core.suppression import suppress_counts
from workbridge.equity.reports import (
    CHARACTERISTICS,
    COUNT,
    NUMBER,
    PERCENT,
    RACE,
    RATIO,
    TEXT,
    Cell,
    Report,
    Row,
    Table,
    group_keys,
    group_label,
    percent,
    publication_note,
    scope_line,
)
from workbridge.workforce.queries import LoadedPanel, panel_load

LATEST = "latest"
ALL = "all"
PAY_BANDS = (0, 40_000, 60_000, 80_000, 100_000, 120_000, 150_000)
TOP_PAY_CELLS = 100


@dataclass(frozen=True)
class Finding:
    """One adverse-impact finding on promotions."""

    period: str
    group: str
    reference: str
    ratio: float
    significant: bool


def groups_of(loaded: LoadedPanel, characteristic: str) -> tuple[np.ndarray, list[str]]:
    """Each panel row's group code in the report's group order, and the group keys."""
    keys = group_keys(characteristic)
    values = loaded.race_values if characteristic == RACE else loaded.sex_values
    codes = loaded.race if characteristic == RACE else loaded.sex
    for value in values:
        if value not in keys:
            keys.append(value)
    position = np.array([keys.index(v) for v in values], dtype=np.int64)
    return (position[codes] if codes.size else codes), keys


def _period_label(loaded: LoadedPanel, period: int) -> str:
    return _("%(start)s to %(end)s") % {
        "start": date_format(loaded.dates[period - 1]),
        "end": date_format(loaded.dates[period]),
    }


def _hidden_groups(counts: dict[str, int], *, publication: bool, threshold: int) -> frozenset[str]:
    if not publication:
        return frozenset()
    return suppress_counts({k: v for k, v in counts.items() if v}, threshold=threshold)


def _impact_text(impact: GroupImpact | None) -> str:
    if impact is None:
        return "—"
    if impact.is_reference:
        return _("Reference group")
    if impact.adverse_impact:
        return _("Adverse, significant") if impact.significant else _("Adverse")
    return _("No")


def _scope(organisation: Organisation, department: str, characteristic: str) -> list[str]:
    return [
        scope_line(_("Department"), department or _("All departments")),
        scope_line(_("Groups"), CHARACTERISTICS[characteristic]),
    ]


def mobility_findings(
    loaded: LoadedPanel, characteristic: str, periods: list[int] | None = None
) -> tuple[
    m.Transitions,
    m.GroupRates,
    list[str],
    dict[int, list[GroupImpact | None]],
    dict[int, dict[str, GroupImpact]],
    list[Finding],
]:
    """Transitions, counts by period and group, and for the periods asked (every one by
    default) the promotion and retention impact analyses, in one batch of tests."""
    transitions = m.derive_transitions(loaded.panel)
    group, keys = groups_of(loaded, characteristic)
    rates = m.group_rates(loaded.panel, transitions, group, len(keys))
    if periods is None:
        periods = list(range(1, rates.headcount.shape[0]))

    def counts(p: int, selected) -> list[GroupCounts]:
        return [
            GroupCounts(key, int(rates.headcount[p, g]), int(selected[g]))
            for g, key in enumerate(keys)
            if rates.headcount[p, g]
        ]

    analyses = adverse_impact_many(
        [counts(p, rates.promotions[p]) for p in periods]
        + [counts(p, rates.headcount[p] - rates.exits[p]) for p in periods]
    )
    impacts: dict[int, list[GroupImpact | None]] = {}
    retention: dict[int, dict[str, GroupImpact]] = {}
    findings = []
    for i, p in enumerate(periods):
        analysis = analyses[i]
        by_key = {g.group: g for g in analysis.groups}
        impacts[p] = [by_key.get(key) for key in keys]
        retention[p] = {g.group: g for g in analyses[len(periods) + i].groups}
        for g in analysis.groups:
            if g.adverse_impact and g.impact_ratio is not None:
                findings.append(
                    Finding(
                        period=_period_label(loaded, p),
                        group=group_label(characteristic, g.group),
                        reference=group_label(characteristic, analysis.reference_group or ""),
                        ratio=g.impact_ratio,
                        significant=g.significant,
                    )
                )
    return transitions, rates, keys, impacts, retention, findings


def mobility_report(
    organisation: Organisation,
    *,
    characteristic: str = RACE,
    department: str = "",
    publication: bool = False,
    threshold: int = 10,
    period: str = LATEST,
) -> Report:
    """Promotion, mobility and exit rates by group for each period, with the tests.

    ``period`` is ``"latest"`` (the last period), ``"all"``, or the ISO date ending one."""
    report = Report(
        key="mobility",
        title=_("Promotions, mobility and exits"),
        scope=_scope(organisation, department, characteristic),
        publication=publication,
        threshold=threshold,
    )
    loaded = panel_load(organisation, department=department)
    if len(loaded.dates) < 2 or not loaded.panel.key.size:
        report.empty_message = _("Import at least two rosters to see movement between them.")
        return report
    every = list(range(1, len(loaded.dates)))
    if period == LATEST:
        periods = every[-1:]
    elif period == ALL:
        periods = every
    else:
        periods = [p for p in every if loaded.dates[p].isoformat() == period] or every[-1:]
    transitions, rates, keys, impacts, retention, findings = mobility_findings(
        loaded, characteristic, periods
    )
    columns = [
        _("Employees at the start"),
        _("Promotions"),
        _("Promotion rate"),
        _("Impact ratio"),
        _("Adverse impact"),
        _("Lateral moves"),
        _("Mobility share"),
        _("Exits"),
        _("Exit rate"),
        _("Retention impact ratio"),
        _("Hires"),
    ]
    rows: list[Row] = []
    for p in periods:
        section = _period_label(loaded, p)
        counts = {key: int(rates.headcount[p, g]) for g, key in enumerate(keys)}
        hidden = _hidden_groups(counts, publication=publication, threshold=threshold)
        kept = retention[p]
        for g, key in enumerate(keys):
            n = counts[key]
            if not n and not rates.hires[p, g]:
                continue
            impact = impacts[p][g]
            stay = kept.get(key)
            hide = key in hidden
            promoted = int(rates.promotions[p, g])
            lateral = int(rates.laterals[p, g])
            exits = int(rates.exits[p, g])
            values = [
                Cell(n),
                Cell(promoted),
                Cell(percent(promoted, n), PERCENT),
                Cell(
                    round(impact.impact_ratio, 2)
                    if impact and impact.impact_ratio is not None
                    else None,
                    RATIO,
                ),
                Cell(_impact_text(impact), TEXT),
                Cell(lateral),
                Cell(percent(promoted + lateral, n), PERCENT),
                Cell(exits),
                Cell(percent(exits, n), PERCENT),
                Cell(
                    round(stay.impact_ratio, 2) if stay and stay.impact_ratio is not None else None,
                    RATIO,
                ),
                Cell(int(rates.hires[p, g])),
            ]
            if hide:
                values = [Cell(c.value, c.kind, hidden=True) for c in values]
            rows.append(Row(group_label(characteristic, key), values, section=section))
        total = int(rates.headcount[p].sum())
        promoted = int(rates.promotions[p].sum())
        lateral = int(rates.laterals[p].sum())
        exits = int(rates.exits[p].sum())
        rows.append(
            Row(
                _("Everyone"),
                [
                    Cell(total),
                    Cell(promoted),
                    Cell(percent(promoted, total), PERCENT),
                    Cell(None, RATIO),
                    Cell("", TEXT),
                    Cell(lateral),
                    Cell(percent(promoted + lateral, total), PERCENT),
                    Cell(exits),
                    Cell(percent(exits, total), PERCENT),
                    Cell(None, RATIO),
                    Cell(int(rates.hires[p].sum())),
                ],
                total=True,
                section=section,
            )
        )
    report.tables.append(
        Table(
            key="mobility",
            caption=_("Movement between consecutive rosters, by group"),
            row_heading=str(CHARACTERISTICS[characteristic]),
            columns=columns,
            rows=rows,
        )
    )
    report.tables.append(_time_to_promotion(loaded, transitions, characteristic, report))
    shown_findings = [
        f
        for f in findings
        if not publication
        or not any(r.label == f.group and r.cells[0].hidden for r in rows if r.section == f.period)
    ]
    for finding in shown_findings:
        report.notes.append(
            _(
                "%(period)s: %(group)s were promoted at %(ratio)s of the rate of %(reference)s, "
                "below four-fifths%(significant)s."
            )
            % {
                "period": finding.period,
                "group": finding.group,
                "ratio": f"{finding.ratio:.2f}",
                "reference": finding.reference,
                "significant": _(", and the difference is statistically significant")
                if finding.significant
                else "",
            }
        )
    report.notes.append(
        _(
            "A promotion is a move to a higher grade (or, where grades are not known, a new "
            "title paying at least 5% more); everyone on the earlier roster was eligible. "
            "The impact ratio compares each group's promotion rate with the reference "
            "group's (the four-fifths rule); the retention ratio does the same for the "
            "share who stayed."
        )
    )
    publication_note(report)
    return report


def _time_to_promotion(
    loaded: LoadedPanel, transitions: m.Transitions, characteristic: str, report: Report
) -> Table:
    group, keys = groups_of(loaded, characteristic)
    rows_from, years = m.years_to_promotion(
        loaded.panel, transitions, loaded.snapshot_days, loaded.hire_days
    )
    medians, counts = m.grouped_median(years, group[rows_from], len(keys))
    shown = {key: int(counts[g]) for g, key in enumerate(keys)}
    hidden = _hidden_groups(shown, publication=report.publication, threshold=report.threshold)
    rows = []
    for g, key in enumerate(keys):
        if not counts[g]:
            continue
        hide = key in hidden
        rows.append(
            Row(
                group_label(characteristic, key),
                [
                    Cell(int(counts[g]), COUNT, hide),
                    Cell(round(float(medians[g]), 1), NUMBER, hide),
                ],
            )
        )
    return Table(
        key="time-to-promotion",
        caption=_("Years from hire to promotion"),
        row_heading=str(CHARACTERISTICS[characteristic]),
        columns=[_("Promotions"), _("Median years")],
        rows=rows,
    )


def _band_label(low: int, high: int | None) -> str:
    if high is None:
        return _("$%(low)sK or more") % {"low": low // 1000}
    return _("$%(low)sK–%(high)sK") % {"low": low // 1000, "high": high // 1000}


def pipeline_report(
    organisation: Organisation,
    *,
    characteristic: str = RACE,
    department: str = "",
    publication: bool = False,
    threshold: int = 10,
) -> Report:
    """The latest roster by grade (or pay band) and group: who is where on the ladder."""
    report = Report(
        key="pipeline",
        title=_("Leadership pipeline by grade"),
        scope=_scope(organisation, department, characteristic),
        publication=publication,
        threshold=threshold,
    )
    loaded = panel_load(organisation, department=department)
    if not loaded.dates or not loaded.panel.key.size:
        report.empty_message = _("No roster has been imported yet.")
        return report
    last = loaded.panel.snapshot == len(loaded.dates) - 1
    group, keys = groups_of(loaded, characteristic)
    grades = loaded.panel.grade[last]
    if np.isnan(grades).all():
        pay = np.nan_to_num(loaded.panel.pay[last], nan=0.0)
        level = np.searchsorted(np.array(PAY_BANDS[1:]), pay, side="right")
        labels = [
            _band_label(low, PAY_BANDS[i + 1] if i + 1 < len(PAY_BANDS) else None)
            for i, low in enumerate(PAY_BANDS)
        ]
        heading = _("Annual pay")
        report.notes.append(_("The rosters have no pay grades, so annual pay bands stand in."))
    else:
        ranks = sorted({float(g) for g in grades if not np.isnan(g)})
        level = np.array(
            [ranks.index(float(g)) if not np.isnan(g) else len(ranks) for g in grades],
            dtype=np.int64,
        )
        labels = [f"{r:g}" for r in ranks] + [_("No grade")]
        heading = _("Grade")
    table = m.pipeline(level, group[last], len(labels), len(keys))
    used = [g for g in range(len(keys)) if table[:, g].sum()]
    rows = []
    for i in reversed(range(len(labels))):  # the top of the ladder first
        total = int(table[i].sum())
        if not total:
            continue
        counts = {keys[g]: int(table[i, g]) for g in used}
        hidden = _hidden_groups(counts, publication=publication, threshold=threshold)
        cells = [Cell(total)]
        for g in used:
            hide = keys[g] in hidden
            cells.append(Cell(percent(int(table[i, g]), total), PERCENT, hide))
        rows.append(Row(labels[i], cells))
    report.tables.append(
        Table(
            key="pipeline",
            caption=_("Share of each level by group, on %(date)s")
            % {"date": date_format(loaded.dates[-1])},
            row_heading=heading,
            columns=[_("Employees")] + [group_label(characteristic, keys[g]) for g in used],
            rows=rows,
        )
    )
    publication_note(report)
    return report


def pay_report(
    organisation: Organisation,
    *,
    characteristic: str = RACE,
    department: str = "",
    publication: bool = False,
    threshold: int = 10,
) -> Report:
    """Median pay of each group within title and grade, as a share of the cell's median."""
    report = Report(
        key="pay",
        title=_("Pay by group within title and grade"),
        scope=_scope(organisation, department, characteristic),
        publication=publication,
        threshold=threshold,
    )
    loaded = panel_load(organisation, department=department)
    if not loaded.dates or not loaded.panel.key.size:
        report.empty_message = _("No roster has been imported yet.")
        return report
    last = loaded.panel.snapshot == len(loaded.dates) - 1
    group, keys = groups_of(loaded, characteristic)
    gaps = m.pay_within_title_and_grade(
        loaded.panel.title[last],
        loaded.grade_text[last],
        loaded.panel.pay[last],
        group[last],
        len(keys),
    )
    used = [g for g in range(len(keys)) if gaps.count[:, g].sum()]
    smallest = threshold if publication else 1
    ratio = gaps.ratio
    eligible = (gaps.count >= smallest) & (gaps.overall_count[:, None] >= smallest)
    spread = np.where(eligible, np.abs(1 - np.nan_to_num(ratio, nan=1.0)), 0.0).max(axis=1)
    order = [int(c) for c in np.argsort(-spread, kind="stable") if gaps.overall_count[c] >= 2]
    rows = []
    for c in order[:TOP_PAY_CELLS]:
        title, grade = gaps.cell_of[c]
        label = str(loaded.titles[title])
        grade_text = loaded.grade_values[grade]
        if grade_text:
            label = f"{label} ({grade_text})"
        cells = [Cell(int(gaps.overall_count[c])), Cell(round(float(gaps.overall[c]), 2), NUMBER)]
        for g in used:
            n = int(gaps.count[c, g])
            value = None if not n or np.isnan(ratio[c, g]) else round(float(ratio[c, g]), 2)
            cells.append(Cell(value, RATIO, hidden=bool(publication and 0 < n < threshold)))
        rows.append(Row(label, cells))
    report.tables.append(
        Table(
            key="pay",
            caption=_(
                "Median pay of each group over the median of everyone in the same title and grade"
            ),
            row_heading=_("Title (grade)"),
            columns=[_("Employees"), _("Median annual pay")]
            + [group_label(characteristic, keys[g]) for g in used],
            rows=rows,
        )
    )
    report.notes.append(
        ngettext(
            "The %(n)s title and grade with the largest gap comes first.",
            "The %(n)s titles and grades with the largest gaps come first.",
            len(rows),
        )
        % {"n": len(rows)}
    )
    publication_note(report)
    return report


REPORT_BUILDERS = {"mobility": mobility_report, "pipeline": pipeline_report, "pay": pay_report}
REPORT_TITLES = {
    "mobility": gettext_lazy("Promotions, mobility and exits"),
    "pipeline": gettext_lazy("Leadership pipeline by grade"),
    "pay": gettext_lazy("Pay by group within title and grade"),
}
