"""Adverse-impact analysis of the applicant flow: what the page, the exports and the
full report show, built from the counts in `queries` and the tests in `core.stats`.

- Steps: each step from one stage to the next, and the whole process, or one pair
  of stages chosen by the user (`queries.steps_for`).
- Groups: EEO race/ethnicity category, sex, or both (their intersection). Applicants
  who did not say ("not disclosed", "prefer not to say", sex not recorded) are
  counted in every total and shown in their own rows, never compared.
- Publication: a report marked for publication hides small cells (at least one and
  fewer than the organisation's threshold of people) with complementary suppression
  (`core.outcomes.suppress_small_cells`). Three counts rest on each group at each
  step: considered, selected and not selected. A group whose considered count is
  hidden at any step is hidden whole at every step, and one whose selected or not
  selected count is hidden at any step has its selections (and every figure drawn
  from them) hidden at every step, so one step's table cannot give away another's.
  Each column then has no hidden cell or at least two, so the totals give away none.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workbridge.accounts.models import Organisation
from workbridge.core.applicant_flow import Step
from workbridge.core.outcomes import suppress_small_cells
from workbridge.core.stats import (
    INTERSECTION_SEPARATOR,
    GroupCounts,
    GroupImpact,
    ImpactAnalysis,
    ImpactArrays,
    adverse_impact_arrays,
    adverse_impact_many,
    shortfall_overall,
)
from workbridge.equity import queries
from workbridge.equity.services import equity_settings_for
from workbridge.people.choices import EeoCategory, Sex


def by_label(by: str) -> str:
    """The breakdown's name, translated."""
    labels = {
        "race": _("Race and ethnicity"),
        "sex": _("Sex"),
        "race_sex": _("Race and ethnicity × sex"),
        "veteran": _("Veteran status"),
        "disability": _("Disability status"),
    }
    return labels[by]


def group_label(name: str) -> str:
    """A group's name for people: the category labels, joined with × for intersections."""
    return _labels(get_language() or "")[1].get(name) or name


@functools.cache
def _labels(language: str) -> tuple[str, dict[str, str]]:
    """Every group name's label in one language (computed once: reports ask thousands)."""
    races = {k: str(v) for k, v in EeoCategory.choices}
    sexes = {k: str(v) for k, v in Sex.choices}
    sexes[queries.BLANK] = str(_("Sex not recorded"))
    labels = {**races, **sexes}
    labels.update(
        {
            "veteran": str(_("Veteran")),
            "not_veteran": str(_("Not a veteran")),
            "veteran_prefer_not": str(_("Veteran status: prefer not to say")),
            "veteran_not_recorded": str(_("Veteran status not recorded")),
            "disability": str(_("With a disability")),
            "no_disability": str(_("Without a disability")),
            "disability_prefer_not": str(_("Disability status: prefer not to say")),
            "disability_not_recorded": str(_("Disability status not recorded")),
        }
    )
    for r, race in races.items():
        for s, sex in sexes.items():
            labels[f"{r}{INTERSECTION_SEPARATOR}{s}"] = f"{race}{INTERSECTION_SEPARATOR}{sex}"
    return language, labels


def stage_label(stage: str) -> str:
    """A stage name as written in the settings, with a capital first letter."""
    text = stage.replace("_", " ")
    return text[:1].upper() + text[1:]


def percent_floor(value: Fraction, places: int = 0) -> str:
    """A fraction as a percentage rounded down, so 79.99% never reads as 80%."""
    scale = 10**places
    shown = math.floor(value * 100 * scale) / scale
    return f"{shown:.{places}f}"


def ratio_floor(value: Fraction) -> str:
    """An impact ratio to three places, rounded down (0.7999 is 0.799, not 0.800)."""
    return f"{math.floor(value * 1000) / 1000:.3f}"


@dataclass(frozen=True)
class Row:
    """One group at one step, as a table shows it."""

    name: str
    label: str
    considered: int
    selected: int
    unknown: bool
    impact: GroupImpact | None  # None for the unknown groups
    hidden: bool = False  # every figure (publication)
    selected_hidden: bool = False  # selections and every figure drawn from them
    passed_over: bool = False  # a higher rate than the reference, too small to be it
    # considered × (all selected ÷ all considered) − selected (OFCCP conciliation agreements)
    shortfall_overall: float | None = None

    @property
    def not_selected(self) -> int:
        return self.considered - self.selected

    @property
    def rate_text(self) -> str:
        if self.considered == 0:
            return "—"
        return percent_floor(Fraction(self.selected, self.considered), 1) + "%"

    @property
    def ratio_text(self) -> str:
        if self.impact is None or self.impact.impact_ratio_exact is None:
            return "—"
        return ratio_floor(self.impact.impact_ratio_exact)

    @property
    def z_text(self) -> str:
        z = self.impact.z if self.impact is not None else None
        return "—" if z is None else f"{z:.2f}"

    @property
    def p_z_text(self) -> str:
        return _p(self.impact.p_z_two_sided if self.impact is not None else None)

    @property
    def fisher_two_text(self) -> str:
        return _p(self.impact.fisher_p_two_sided if self.impact is not None else None)

    @property
    def fisher_one_text(self) -> str:
        return _p(self.impact.fisher_p_one_sided if self.impact is not None else None)

    @property
    def mid_p_text(self) -> str:
        return _p(self.impact.mid_p if self.impact is not None else None)

    @property
    def shortfall_text(self) -> str:
        g = self.impact
        if g is None or g.is_reference or g.impact_ratio is None:
            return "—"
        return str(g.shortfall)

    @property
    def shortfall_overall_text(self) -> str:
        """The shortfall against everyone's rate, to one place (negative: above that rate)."""
        if self.impact is None or self.shortfall_overall is None:
            return "—"
        return f"{self.shortfall_overall:.1f}"

    @property
    def reverses_text(self) -> str:
        g = self.impact
        if g is None or g.one_selection_reverses is None:
            return "—"
        return _("Yes") if g.one_selection_reverses else _("No")

    @property
    def finding_text(self) -> str:
        if self.impact is None:
            return _("Not compared")
        if self.impact.impact_ratio is None:
            return "—"
        return _("Adverse impact") if self.impact.adverse_impact else _("No adverse impact")

    @property
    def significance_text(self) -> str:
        """Whether an adverse finding is practically and statistically significant."""
        if self.impact is None or not self.impact.adverse_impact:
            return "—"
        if self.impact.significant:
            return _("Practically and statistically significant")
        return _("Below four-fifths only")


@dataclass(frozen=True)
class StepFindings:
    """One step's findings in words, in the groups the page lists them in."""

    # a group too small to be the reference had a higher rate
    notices: list[str] = field(default_factory=list)
    # adverse, not reversed by one selection, and Fisher's exact p < 0.05
    significant: list[str] = field(default_factory=list)
    # adverse under the four-fifths rule, but not both of those
    four_fifths_only: list[str] = field(default_factory=list)
    # everything else: hidden groups' findings, no finding, no comparison
    other: list[str] = field(default_factory=list)

    @property
    def all(self) -> list[str]:
        return [*self.notices, *self.significant, *self.four_fifths_only, *self.other]


@dataclass(frozen=True)
class StepResult:
    """One step's analysis: its rows, totals and the plain-language findings."""

    step: Step
    analysis: ImpactAnalysis
    rows: list[Row]
    found: StepFindings
    # For publication: a total is hidden when it would give away the one hidden cell
    # of its column (no other group had anyone to hide in its place).
    considered_total_hidden: bool = False
    selected_total_hidden: bool = False

    @property
    def findings(self) -> list[str]:
        """Every finding in words: notices, significant, four-fifths only, the rest."""
        return self.found.all

    @property
    def key(self) -> str:
        return f"{self.step.start}-{self.step.end}"

    @property
    def title(self) -> str:
        return _("From %(start)s to %(end)s") % {
            "start": stage_label(self.step.from_stage).lower(),
            "end": stage_label(self.step.to_stage).lower(),
        }

    @property
    def adverse(self) -> list[Row]:
        return [r for r in self.rows if r.impact is not None and r.impact.adverse_impact]

    @property
    def reference_label(self) -> str:
        ref = self.analysis.reference_group
        return group_label(ref) if ref else ""

    @property
    def reference_rate(self) -> Fraction | None:
        for row in self.rows:
            if row.impact is not None and row.impact.is_reference:
                return row.impact.rate_exact
        return None

    @property
    def hidden_any(self) -> bool:
        return any(r.hidden or r.selected_hidden for r in self.rows)


@dataclass(frozen=True)
class ImpactReport:
    """Everything the adverse-impact page shows for one choice of filters."""

    stages: tuple[str, ...]
    by: str
    applicants: int
    funnel: list[tuple[str, str, list[int], int]]  # name, label, reached per stage, withdrew
    steps: list[StepResult]
    publication: bool
    threshold: int
    unknown_applicants: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def stage_labels(self) -> list[str]:
        return [stage_label(s) for s in self.stages]

    @property
    def findings(self) -> list[str]:
        return [f for s in self.steps for f in s.findings]

    @property
    def notices(self) -> list[str]:
        return [f for s in self.steps for f in s.found.notices]

    @property
    def significant_findings(self) -> list[str]:
        return [f for s in self.steps for f in s.found.significant]

    @property
    def four_fifths_findings(self) -> list[str]:
        return [f for s in self.steps for f in s.found.four_fifths_only]

    @property
    def other_findings(self) -> list[str]:
        return [f for s in self.steps for f in s.found.other]


def is_unknown(name: str) -> bool:
    """Whether the group's membership is unknown (any part not disclosed or not recorded)."""
    return any(part in queries.UNKNOWN_GROUPS for part in name.split(INTERSECTION_SEPARATOR))


def analyse(counts_per_step: Sequence[list[GroupCounts]]) -> list[ImpactAnalysis]:
    """`core.stats.adverse_impact_many` with the stored values that mean "unknown"."""
    return adverse_impact_many(counts_per_step, unknown_labels=queries.UNKNOWN_GROUPS)


def _p(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 0.001:
        return "< 0.001"
    return f"{value:.3f}"


def _passed_over(start: str, end: str, reference: str, rows: list[Row]) -> list[str]:
    """Notices of the groups with a higher rate than the reference, too small to be it."""
    out = []
    hidden = 0
    for row in rows:
        if not row.passed_over:
            continue
        if row.hidden or row.selected_hidden:
            hidden += 1
            continue
        out.append(
            _(
                "%(group)s applicants had a higher selection rate from %(start)s to %(end)s"
                " (%(percent)s%%) than %(reference)s applicants, but were not used as the"
                " reference because they made up under 2%% of those considered."
            )
            % {
                "group": row.label,
                "start": start,
                "end": end,
                "percent": percent_floor(Fraction(row.selected, row.considered), 1),
                "reference": reference,
            }
        )
    if hidden:
        out.append(
            _(
                "From %(start)s to %(end)s, a group too small to publish had a higher selection"
                " rate than %(reference)s applicants, but was not used as the reference because"
                " it made up under 2%% of those considered."
            )
            % {"start": start, "end": end, "reference": reference}
        )
    return out


def _findings(step: Step, analysis: ImpactAnalysis, rows: list[Row]) -> StepFindings:
    start = stage_label(step.from_stage).lower()
    end = stage_label(step.to_stage).lower()
    if analysis.reference_group is None:
        if analysis.considered == 0:
            return StepFindings()
        return StepFindings(
            other=[
                _(
                    "Nobody of a known group was selected from %(start)s to %(end)s, so there"
                    " is no rate to compare with."
                )
                % {"start": start, "end": end}
            ]
        )
    reference = group_label(analysis.reference_group)
    found = StepFindings(notices=_passed_over(start, end, reference, rows))
    shown_adverse = 0
    for row in rows:
        g = row.impact
        if g is None or not g.adverse_impact:
            continue
        if row.hidden or row.selected_hidden:
            continue
        shown_adverse += 1
        text = _(
            "Selection rate of %(group)s applicants from %(start)s to %(end)s is %(percent)s%% of"
            " %(reference)s applicants' rate: adverse impact under the four-fifths rule;"
            " Fisher's exact test p = %(p)s."
        ) % {
            "group": row.label,
            "start": start,
            "end": end,
            "percent": percent_floor(g.impact_ratio_exact),
            "reference": reference,
            "p": _p(g.fisher_p_two_sided),
        }
        if g.small_group:
            text += " " + _(
                "This group is under 2% of the people considered, so the finding rests on"
                " few people."
            )
        if g.one_selection_reverses:
            text += " " + _("One more selection from this group would reverse the finding.")
        elif not g.significant:
            text += " " + _("The difference is not statistically significant (p ≥ 0.05).")
        (found.significant if g.significant else found.four_fifths_only).append(text)
    hidden_adverse = sum(
        1
        for r in rows
        if r.impact is not None and r.impact.adverse_impact and (r.hidden or r.selected_hidden)
    )
    if hidden_adverse:
        found.other.append(
            _(
                "From %(start)s to %(end)s, adverse impact is also found for groups too small"
                " to publish."
            )
            % {"start": start, "end": end}
        )
    if not shown_adverse and not hidden_adverse:
        found.other.append(
            _(
                "From %(start)s to %(end)s, no group's selection rate is below four-fifths of the"
                " highest rate (%(reference)s applicants)."
            )
            % {"start": start, "end": end, "reference": reference}
        )
    return found


def _suppression(
    per_step: Sequence[Sequence[GroupCounts]], threshold: int
) -> tuple[frozenset[str], frozenset[str]]:
    """Groups hidden whole, and groups whose selections are hidden, at every step."""
    rows_hidden: set[str] = set()
    selected_hidden: set[str] = set()
    while True:
        before = (len(rows_hidden), len(selected_hidden))
        for counts in per_step:
            considered = {c.group: c.considered for c in counts}
            rows_hidden |= suppress_small_cells(
                considered, threshold=threshold, already=rows_hidden
            )
            gone = rows_hidden | selected_hidden
            sel = suppress_small_cells(
                {c.group: c.selected for c in counts}, threshold=threshold, already=gone
            )
            not_sel = suppress_small_cells(
                {c.group: c.considered - c.selected for c in counts},
                threshold=threshold,
                already=gone | sel,
            )
            selected_hidden |= (sel | not_sel) - rows_hidden
        if (len(rows_hidden), len(selected_hidden)) == before:
            return frozenset(rows_hidden), frozenset(selected_hidden - rows_hidden)


def totals_hidden(
    counts: Sequence[GroupCounts], rows_hidden: frozenset[str], selected_hidden: frozenset[str]
) -> tuple[bool, bool]:
    """Whether a step's total considered, and total selected, must be hidden too."""
    considered = sum(1 for c in counts if c.group in rows_hidden)
    selected = sum(1 for c in counts if c.group in rows_hidden or c.group in selected_hidden)
    return considered == 1, selected == 1


def impact_report(
    organisation: Organisation,
    *,
    filters: queries.FlowFilters,
    by: str,
    step: tuple[int, int] | None = None,
    publication: bool = False,
) -> ImpactReport:
    """The adverse-impact analysis of the filtered applicants, every step or one."""
    settings = equity_settings_for(organisation)
    stages = tuple(settings.stages)
    threshold = int(settings.small_cell_threshold)
    table = (
        queries.status_flow_table(organisation, stages, filters, by)
        if by in queries.STATUS_GROUPS
        else queries.flow_table(organisation, stages, filters)
    )
    steps = queries.steps_for(stages) if step is None else [Step(stages, step[0], step[1])]
    per_step = [queries.step_counts(table, s, by) for s in steps]
    analyses = analyse(per_step)
    rows_hidden: frozenset[str] = frozenset()
    selected_hidden: frozenset[str] = frozenset()
    if publication:
        rows_hidden, selected_hidden = _suppression(per_step, threshold)
    results = []
    for s, counts, analysis in zip(steps, per_step, analyses, strict=True):
        impacts = {g.group: g for g in analysis.groups}
        passed_over = set(analysis.passed_over)
        rows = [
            Row(
                name=c.group,
                label=group_label(c.group),
                considered=c.considered,
                selected=c.selected,
                unknown=c.group not in impacts,
                impact=impacts.get(c.group),
                hidden=c.group in rows_hidden,
                selected_hidden=c.group in selected_hidden,
                passed_over=c.group in passed_over,
                shortfall_overall=shortfall_overall(
                    c.considered, c.selected, analysis.considered, analysis.selected
                ),
            )
            for c in counts
        ]
        total_hidden = totals_hidden(counts, rows_hidden, selected_hidden)
        results.append(StepResult(s, analysis, rows, _findings(s, analysis, rows), *total_hidden))
    funnel = [
        (name, group_label(name), reached, gone)
        for name, reached, gone in queries.funnel_counts(table, by)
    ]
    unknown = sum(reached[0] for name, _label, reached, _gone in funnel if is_unknown(name))
    return ImpactReport(
        stages=stages,
        by=by,
        applicants=table.applicants,
        funnel=[] if publication else funnel,
        steps=results,
        publication=publication,
        threshold=threshold,
        unknown_applicants=unknown,
    )


# The full report: every job title and step of a year with adverse impact ---------------


@dataclass
class Finding:
    """One group found adversely affected at one step of one job title's process.

    The figures a list shows and sorts by are plain values; every other result of the
    group's tests (`impact`) is made from the batch's arrays when first read. Read
    only, though not frozen: a report makes thousands, and a frozen dataclass's
    constructor costs several times as much.
    """

    year: int
    job_title: str
    step: Step
    group: str
    label: str
    reference: str
    considered: int
    selected: int
    reference_selected: int
    reference_considered: int
    fisher_p_two_sided: float
    significant: bool  # practically and statistically significant
    results: ImpactArrays = field(repr=False, compare=False)
    at: tuple[int, int] = field(repr=False, compare=False)

    @cached_property
    def impact(self) -> GroupImpact:
        row, column = self.at
        return self.results.group_impacts([row], [column], [self.group])[0]

    @property
    def ratio_exact(self) -> Fraction:
        """The group's rate over the reference group's, exactly."""
        return Fraction(
            self.selected * self.reference_considered, self.considered * self.reference_selected
        )

    @property
    def step_title(self) -> str:
        return _("%(start)s to %(end)s") % {
            "start": stage_label(self.step.from_stage),
            "end": stage_label(self.step.to_stage).lower(),
        }

    @property
    def ratio_text(self) -> str:
        return ratio_floor(self.ratio_exact)

    @property
    def rate_text(self) -> str:
        return percent_floor(Fraction(self.selected, self.considered), 1) + "%"

    @property
    def p_text(self) -> str:
        return _p(self.fisher_p_two_sided)


def findings_from_tables(tables: queries.TitleTables, *, by: str) -> list[Finding]:
    """Every adverse-impact finding in a set of (year, title) tables, each step tested.

    Every group of every cell and step is tested in one batch of arrays; a finding
    holds the figures lists show and makes the rest of its results when read.
    """
    steps = queries.steps_for(tables.stages)
    if not tables.cells or not steps:
        return []
    names, considered, selected = queries.cell_steps_arrays(tables, steps, by)
    known = np.array([not is_unknown(name) for name in names])
    n = len(tables.cells)
    found = adverse_impact_arrays(
        considered.reshape(len(steps) * n, -1), selected.reshape(len(steps) * n, -1), known=known
    )
    rows, columns = np.nonzero(found.adverse)
    references = found.reference[rows]
    labels = [group_label(name) for name in names]
    return [
        Finding(
            year=tables.cells[row % n][0],
            job_title=tables.cells[row % n][1],
            step=steps[row // n],
            group=names[column],
            label=labels[column],
            reference=labels[reference],
            considered=n_g,
            selected=s_g,
            reference_selected=s_r,
            reference_considered=n_r,
            fisher_p_two_sided=p,
            significant=significant,
            results=found,
            at=(row, column),
        )
        for row, column, reference, n_g, s_g, n_r, s_r, p, significant in zip(
            rows.tolist(),
            columns.tolist(),
            references.tolist(),
            found.considered[rows, columns].tolist(),
            found.selected[rows, columns].tolist(),
            found.considered[rows, references].tolist(),
            found.selected[rows, references].tolist(),
            found.fisher_two_sided[rows, columns].tolist(),
            found.both_significant[rows, columns].tolist(),
            strict=True,
        )
    ]


def impact_findings(organisation: Organisation, *, year: int, by: str) -> list[Finding]:
    """Every job title × step of one year with adverse impact found, for the full report."""
    settings = equity_settings_for(organisation)
    tables = queries.title_tables(organisation, tuple(settings.stages), year=year)
    return findings_from_tables(tables, by=by)
