"""Interview reports: adverse impact of scores and decisions, and panel composition.

Scores: a candidate's score is the weighted mean of the panel's agreed (consensus)
ratings. Following NYC Local Law 144's rules (6 RCNY §5-300) a group's *scoring rate*
is the share of its candidates scoring above the median of every candidate in scope
(a score equal to the median is not above it), and its impact ratio is that rate over
the highest group's rate. Decisions: the pass rate of the candidates with a decision,
and its impact ratio (29 CFR 1607.4(D)). Both go through `core.stats.adverse_impact_many`
for the four-fifths findings and tests, by race/ethnicity, by sex and by their
intersection.

Composition: the distinct interviewers who sat on the panels in scope, by their own
voluntary race/ethnicity and sex, beside the candidates those panels interviewed.

Counts only, never a person. Groups under the small-cell threshold are flagged; a
report marked for publication hides them, with complementary suppression
(`core.outcomes.suppress_small_cells`).
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from workbridge.accounts.models import Organisation
from workbridge.core.agreement import scoring_rate_counts
from workbridge.core.outcomes import suppress_small_cells
from workbridge.core.stats import (
    INTERSECTION_SEPARATOR,
    UNKNOWN_LABELS,
    GroupCounts,
    ImpactAnalysis,
    adverse_impact_many,
    is_unknown_group,
)
from workbridge.equity.services import equity_settings_for
from workbridge.interviews.models import Candidate, Decision, InterviewerProfile, Panel
from workbridge.people.choices import EeoCategory, Sex

NOT_RECORDED = ""
UNKNOWN = frozenset(UNKNOWN_LABELS | {Sex.PREFER_NOT.value, EeoCategory.NOT_DISCLOSED.value})


@dataclass(frozen=True)
class Scope:
    """Which interviews a report covers; blank parts do not narrow it."""

    requisition_id: int | None = None
    job_title: str = ""
    department: str = ""
    year: int | None = None
    publication: bool = False

    def describe(self, requisition_label: str = "") -> str:
        parts = []
        if self.requisition_id:
            parts.append(_("requisition %(r)s") % {"r": requisition_label or self.requisition_id})
        if self.job_title:
            parts.append(_("job title %(t)s") % {"t": self.job_title})
        if self.department:
            parts.append(_("department %(d)s") % {"d": self.department})
        if self.year:
            parts.append(_("year %(y)s") % {"y": self.year})
        return ", ".join(parts) or _("all interviews")


def candidates_in(organisation: Organisation, scope: Scope) -> QuerySet[Candidate]:
    """The organisation's interview candidates within the scope."""
    rows = Candidate.objects.filter(panel__organisation=organisation)
    if scope.requisition_id:
        rows = rows.filter(panel__requisition_id=scope.requisition_id)
    if scope.job_title:
        rows = rows.filter(panel__requisition__job_title=scope.job_title)
    if scope.department:
        rows = rows.filter(panel__requisition__department=scope.department)
    if scope.year:
        rows = rows.filter(panel__requisition__year=scope.year)
    return rows


def panels_in(organisation: Organisation, scope: Scope) -> QuerySet[Panel]:
    rows = Panel.objects.filter(organisation=organisation)
    if scope.requisition_id:
        rows = rows.filter(requisition_id=scope.requisition_id)
    if scope.job_title:
        rows = rows.filter(requisition__job_title=scope.job_title)
    if scope.department:
        rows = rows.filter(requisition__department=scope.department)
    if scope.year:
        rows = rows.filter(requisition__year=scope.year)
    return rows


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    race = {k: str(v) for k, v in EeoCategory.choices}
    sex = {k: str(v) for k, v in Sex.choices}
    sex[NOT_RECORDED] = _("Not recorded")
    return race, sex


def _race_order() -> list[str]:
    return list(EeoCategory.values)


def _sex_order() -> list[str]:
    return [*Sex.values, NOT_RECORDED]


# Adverse impact ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImpactRow:
    key: str
    label: str
    considered: int
    selected: int
    rate: float | None
    impact_ratio: float | None
    adverse: bool
    is_reference: bool
    unknown: bool
    small: bool  # fewer people than the small-cell threshold, or under 2% of everyone
    hidden: bool  # suppressed for publication
    fisher_p: float | None
    # adverse, not reversed by one selection, and Fisher's exact p < 0.05
    significant: bool = False
    # a higher rate than the reference group's, too small (under 2%) to be it
    passed_over: bool = False

    @property
    def fisher_p_text(self) -> str:
        if self.fisher_p is None:
            return "—"
        return "< 0.001" if self.fisher_p < 0.001 else f"{self.fisher_p:.3f}"


@dataclass(frozen=True)
class ImpactTable:
    key: str  # "scoring-race", "pass-sex", ...
    measure: str  # "scoring" or "pass"
    title: str
    rows: list[ImpactRow]
    considered: int

    @property
    def reference(self) -> ImpactRow | None:
        return next((r for r in self.rows if r.is_reference), None)

    @property
    def significant_rows(self) -> list[ImpactRow]:
        """Adverse findings both practically and statistically significant, shown."""
        return [r for r in self.rows if r.adverse and r.significant and not r.hidden]

    @property
    def four_fifths_rows(self) -> list[ImpactRow]:
        """Adverse findings under the four-fifths rule alone, shown."""
        return [r for r in self.rows if r.adverse and not r.significant and not r.hidden]

    @property
    def passed_over_rows(self) -> list[ImpactRow]:
        """Groups with a higher rate than the reference, too small to be it, shown."""
        return [r for r in self.rows if r.passed_over and not r.hidden]

    @property
    def passed_over_hidden(self) -> bool:
        return any(r.passed_over and r.hidden for r in self.rows)


@dataclass
class ScoreImpactReport:
    scope: Scope
    threshold: int
    median: float | None
    scored: int
    decided: int
    passed: int
    tables: list[ImpactTable] = field(default_factory=list)

    def table(self, key: str) -> ImpactTable:
        return next(t for t in self.tables if t.key == key)


def _rows(
    analysis: ImpactAnalysis,
    counts: Sequence[GroupCounts],
    labels: Callable[[str], str],
    threshold: int,
    publication: bool,
) -> list[ImpactRow]:
    hidden = (
        suppress_small_cells({c.group: c.considered for c in counts}, threshold=threshold)
        if publication
        else frozenset()
    )
    known = {g.group: g for g in analysis.groups}
    out = []
    for c in counts:
        g = known.get(c.group)
        rate = c.selected / c.considered if c.considered else None
        out.append(
            ImpactRow(
                key=c.group,
                label=labels(c.group),
                considered=c.considered,
                selected=c.selected,
                rate=rate,
                impact_ratio=g.impact_ratio if g else None,
                adverse=bool(g and g.adverse_impact),
                is_reference=bool(g and g.is_reference),
                unknown=g is None,
                small=c.considered < threshold or bool(g and g.small_group),
                hidden=c.group in hidden,
                fisher_p=g.fisher_p_two_sided if g else None,
                significant=bool(g and g.significant),
                passed_over=c.group in analysis.passed_over,
            )
        )
    return out


def impact_table(
    *,
    measure: str,
    key: str,
    title: str,
    counts: Sequence[GroupCounts],
    analysis: ImpactAnalysis,
    labels: Callable[[str], str],
    threshold: int,
    publication: bool,
) -> ImpactTable:
    """One table of rates, ratios and findings from its counts and their analysis."""
    return ImpactTable(
        key=key,
        measure=measure,
        title=title,
        rows=_rows(analysis, counts, labels, threshold, publication),
        considered=sum(c.considered for c in counts),
    )


def score_impact(organisation: Organisation, scope: Scope) -> ScoreImpactReport:
    """Scoring rates (LL144) and pass rates by race, sex and both, with impact ratios."""
    threshold = equity_settings_for(organisation).small_cell_threshold
    race_labels, sex_labels = _labels()
    rows = list(
        candidates_in(organisation, scope).values_list(
            "consensus_score", "decision", "applicant__eeo_category", "applicant__sex"
        )
    )
    scored = [(float(s), r, x) for s, _d, r, x in rows if s is not None]
    decided = [(d == Decision.PASS, r, x) for _s, d, r, x in rows if d]

    def both(race: str, sex: str) -> str:
        return f"{race}{INTERSECTION_SEPARATOR}{sex}"

    def label(key: str) -> str:
        if INTERSECTION_SEPARATOR in key:
            race, sex = key.split(INTERSECTION_SEPARATOR, 1)
            return (
                f"{race_labels.get(race, race)}{INTERSECTION_SEPARATOR}{sex_labels.get(sex, sex)}"
            )
        return race_labels.get(key) or sex_labels.get(key, key)

    race_order = _race_order()
    sex_order = _sex_order()
    both_order = [both(r, s) for r in race_order for s in sex_order]
    keyers: list[tuple[str, str, Callable[[str, str], str], list[str]]] = [
        ("race", _("By race/ethnicity"), lambda r, x: r, race_order),
        ("sex", _("By sex"), lambda r, x: x, sex_order),
        ("both", _("By race/ethnicity and sex"), both, both_order),
    ]
    specs: list[tuple[str, str, str, list[GroupCounts]]] = []
    median = None
    for key, title, keyer, order in keyers:
        rates = scoring_rate_counts(
            [s for s, _r, _x in scored], [keyer(r, x) for _s, r, x in scored], order=order
        )
        median = rates.median
        specs.append(
            (
                "scoring",
                f"scoring-{key}",
                _("Scoring rate, %(by)s") % {"by": title.lower()},
                list(rates.counts),
            )
        )
    for key, title, keyer, order in keyers:
        tally: dict[str, list[int]] = {}
        for passed, r, x in decided:
            t = tally.setdefault(keyer(r, x), [0, 0])
            t[0] += 1
            t[1] += int(passed)
        names = [g for g in order if g in tally] + [g for g in tally if g not in order]
        counts = [GroupCounts(g, tally[g][0], tally[g][1]) for g in names]
        specs.append(
            ("pass", f"pass-{key}", _("Pass rate, %(by)s") % {"by": title.lower()}, counts)
        )
    analyses = adverse_impact_many([c for *_x, c in specs], unknown_labels=UNKNOWN)
    report = ScoreImpactReport(
        scope=scope,
        threshold=threshold,
        median=median,
        scored=len(scored),
        decided=len(decided),
        passed=sum(1 for p, _r, _x in decided if p),
    )
    for (measure, key, title, counts), analysis in zip(specs, analyses, strict=True):
        report.tables.append(
            impact_table(
                measure=measure,
                key=key,
                title=title,
                counts=counts,
                analysis=analysis,
                labels=label,
                threshold=threshold,
                publication=scope.publication,
            )
        )
    return report


# Panel composition -----------------------------------------------------------------------


@dataclass(frozen=True)
class CompositionRow:
    key: str
    label: str
    panel: int
    panel_share: float | None
    pool: int
    pool_share: float | None
    panel_hidden: bool
    pool_hidden: bool

    @property
    def difference(self) -> float | None:
        """Panel share minus pool share, in percentage points."""
        if self.panel_share is None or self.pool_share is None:
            return None
        return (self.panel_share - self.pool_share) * 100


@dataclass(frozen=True)
class CompositionTable:
    key: str
    title: str
    rows: list[CompositionRow]
    panel_total: int
    pool_total: int


@dataclass(frozen=True)
class CompositionReport:
    scope: Scope
    threshold: int
    panels: int
    tables: list[CompositionTable]


def _composition_table(
    key: str,
    title: str,
    panel: Counter,
    pool: Counter,
    order: list[str],
    labels: dict[str, str],
    threshold: int,
    publication: bool,
) -> CompositionTable:
    keys = [k for k in order if panel[k] or pool[k]]
    panel_total, pool_total = sum(panel.values()), sum(pool.values())
    panel_hidden = pool_hidden = frozenset()
    if publication:
        panel_hidden = suppress_small_cells({k: panel[k] for k in keys}, threshold=threshold)
        pool_hidden = suppress_small_cells({k: pool[k] for k in keys}, threshold=threshold)
    rows = [
        CompositionRow(
            key=k,
            label=labels.get(k, k),
            panel=panel[k],
            panel_share=panel[k] / panel_total if panel_total else None,
            pool=pool[k],
            pool_share=pool[k] / pool_total if pool_total else None,
            panel_hidden=k in panel_hidden,
            pool_hidden=k in pool_hidden,
        )
        for k in keys
    ]
    return CompositionTable(key, title, rows, panel_total, pool_total)


def panel_composition(organisation: Organisation, scope: Scope) -> CompositionReport:
    """Interviewers by race/ethnicity and sex beside the candidates they interviewed."""
    threshold = equity_settings_for(organisation).small_cell_threshold
    race_labels, sex_labels = _labels()
    panels = panels_in(organisation, scope)
    user_ids = set(panels.values_list("members__user_id", flat=True)) - {None}
    profiles = dict(
        (u, (r, s))
        for u, r, s in InterviewerProfile.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "eeo_category", "sex"
        )
    )
    panel_race: Counter = Counter()
    panel_sex: Counter = Counter()
    for user_id in user_ids:
        race, sex = profiles.get(user_id, (EeoCategory.NOT_DISCLOSED.value, NOT_RECORDED))
        panel_race[race] += 1
        panel_sex[sex] += 1
    applicants = (
        candidates_in(organisation, scope)
        .values("applicant_id", "applicant__eeo_category", "applicant__sex")
        .distinct()
    )
    pool_race: Counter = Counter()
    pool_sex: Counter = Counter()
    for row in applicants:
        pool_race[row["applicant__eeo_category"]] += 1
        pool_sex[row["applicant__sex"]] += 1
    return CompositionReport(
        scope=scope,
        threshold=threshold,
        panels=panels.count(),
        tables=[
            _composition_table(
                "race",
                _("By race/ethnicity"),
                panel_race,
                pool_race,
                _race_order(),
                race_labels,
                threshold,
                scope.publication,
            ),
            _composition_table(
                "sex",
                _("By sex"),
                panel_sex,
                pool_sex,
                _sex_order(),
                sex_labels,
                threshold,
                scope.publication,
            ),
        ],
    )


def is_unknown(key: str) -> bool:
    return is_unknown_group(key, unknown_labels=UNKNOWN)
