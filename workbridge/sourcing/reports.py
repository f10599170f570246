"""Reports on sourcing partners and job fairs, shown, charted and downloaded by the
hiring-equity report pages (registered with `equity.views.reports.report_register`).

- Partner yield: the source-channel yield with each "how they heard about the job" answer
  counted as the partner it names (a partner's own name or one of its other names), every
  other answer as "Other sources".
- Postings using partners: per department and quarter of the posting date, the postings
  and how many were posted through a sourcing partner (a "where it was posted" channel
  that names one), and per partner the postings that went through it.
- Title × partner: per job title and partner, applicants and hires this year and the year
  before, and the change.
- Job fair funnel: for one fair, per community area and group, people interested →
  applied → offered → hired (interest grouped by what people told the fair, the rest by
  the applicants' own answers; hired: reached the last stage without withdrawing there).

In publication mode every table of counts of people goes through the suppression the
other equity reports use; postings are not people, and are never hidden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.accounts.models import Organisation
from workbridge.equity import reports as er
from workbridge.equity.forms import (
    CHARACTERISTIC_CHOICES,
    FlowReportForm,
    ReportForm,
    YieldReportForm,
)
from workbridge.equity.models import Applicant, JobFair, JobFairInterest, Requisition
from workbridge.equity.reports import (
    COUNT,
    PERCENT,
    Cell,
    Chart,
    Report,
    Row,
    Table,
    group_keys,
    group_label,
    percent,
    protect,
    publication_note,
    scope_line,
)
from workbridge.equity.reports_hiring import offered_stage, yield_report
from workbridge.equity.services import equity_settings_for
from workbridge.sourcing.queries import partner_names

PARTNER_YIELD = "partner-yield"
PARTNER_POSTINGS = "partner-postings"
TITLE_PARTNER = "title-partner"
FAIR_FUNNEL = "fair-funnel"


# Partner yield ----------------------------------------------------------------------------


def partner_yield_report(
    organisation: Organisation,
    *,
    year: int,
    characteristic: str = er.RACE,
    department: str = "",
    job_title: str = "",
    publication: bool = False,
    threshold: int,
) -> Report:
    names = partner_names(organisation)
    other = _("Other sources")

    def channel_of(answer: str) -> str:
        if not answer:
            return ""
        return names.of(answer) or other

    report = yield_report(
        organisation,
        year=year,
        characteristic=characteristic,
        department=department,
        job_title=job_title,
        publication=publication,
        threshold=threshold,
        channel_of=channel_of,
        title=_("Applicant yield by sourcing partner"),
        key=PARTNER_YIELD,
    )
    report.notes.append(
        _(
            "An applicant counts for a partner when their answer to how they heard about the"
            " job is the partner's name or one of the other names the partner's record lists."
        )
    )
    return report


# Postings using partners ------------------------------------------------------------------


def _quarter(posting_date) -> int | None:
    return (posting_date.month - 1) // 3 + 1 if posting_date else None


def partner_postings_report(
    organisation: Organisation, *, year: int, publication: bool = False, threshold: int
) -> Report:
    report = Report(
        key=PARTNER_POSTINGS,
        title=_("Postings using sourcing partners"),
        scope=[scope_line(_("Year"), year)],
        publication=publication,
        threshold=threshold,
    )
    names = partner_names(organisation)
    requisitions = list(
        Requisition.objects.filter(organisation=organisation, year=year)
        .order_by("department")
        .values_list("department", "posting_date", "source_channels")
    )
    if not requisitions:
        report.empty_message = _("No postings were recorded for %(year)s.") % {"year": year}
        return report
    quarters = [1, 2, 3, 4, None]
    # (department, quarter) -> [postings, postings using a partner]
    counts: dict[tuple[str, int | None], list[int]] = defaultdict(lambda: [0, 0])
    per_partner: dict[tuple[str, int | None], int] = defaultdict(int)
    for department, posted, channels in requisitions:
        q = _quarter(posted)
        used = {names.of(c) for c in channels or []} - {None}
        counts[(department, q)][0] += 1
        counts[(department, q)][1] += bool(used)
        for partner in used:
            per_partner[(partner, q)] += 1
    departments = sorted({d for d, _q in counts}, key=str.casefold)
    shown_quarters = [q for q in quarters if any((d, q) in counts for d in departments)]

    def label(q: int | None) -> str:
        return _("Q%(n)s %(year)s") % {"n": q, "year": year} if q else _("No posting date")

    columns = [_("Postings"), _("Using a partner"), _("Share using a partner (%)")]
    rows: list[Row] = []
    for q in [*shown_quarters, "year"]:
        section = _("Whole year") if q == "year" else label(q)
        total = [0, 0]
        for department in departments:
            keys = [(department, x) for x in shown_quarters] if q == "year" else [(department, q)]
            posted = sum(counts[k][0] for k in keys if k in counts)
            used = sum(counts[k][1] for k in keys if k in counts)
            if not posted:
                continue
            total[0] += posted
            total[1] += used
            rows.append(
                Row(
                    department or _("No department"),
                    [Cell(posted), Cell(used), Cell(percent(used, posted), PERCENT)],
                    section=section,
                )
            )
        rows.append(
            Row(
                _("All departments"),
                [Cell(total[0]), Cell(total[1]), Cell(percent(total[1], total[0]), PERCENT)],
                total=True,
                section=section,
            )
        )
    report.tables.append(
        Table(
            key="postings",
            caption=_("Postings in %(year)s by department and quarter, and how many used a partner")
            % {"year": year},
            row_heading=_("Department"),
            columns=columns,
            rows=rows,
        )
    )
    partners = sorted({p for p, _q in per_partner}, key=str.casefold)
    if partners:
        partner_rows = [
            Row(
                p,
                [Cell(per_partner.get((p, q), 0)) for q in shown_quarters]
                + [Cell(sum(per_partner.get((p, q), 0) for q in shown_quarters))],
            )
            for p in partners
        ]
        report.tables.append(
            Table(
                key="partners",
                caption=_("Postings in %(year)s that went through each partner, by quarter")
                % {"year": year},
                row_heading=_("Partner"),
                columns=[label(q) for q in shown_quarters] + [_("Whole year")],
                rows=partner_rows,
            )
        )
    report.charts.append(
        Chart(
            title=_("Share of postings that used a sourcing partner, by quarter"),
            categories=[label(q) for q in shown_quarters],
            series=[
                (
                    _("All departments"),
                    [
                        Cell(
                            percent(
                                sum(counts[(d, q)][1] for d in departments if (d, q) in counts),
                                sum(counts[(d, q)][0] for d in departments if (d, q) in counts),
                            ),
                            PERCENT,
                        )
                        for q in shown_quarters
                    ],
                )
            ],
            unit="percent",
            axis_label=_("Per cent of postings"),
            description=_(
                "Bar chart of the share of postings in each quarter that went through a sourcing"
                " partner. The table below gives the same figures."
            ),
        )
    )
    report.notes.append(
        _(
            "A posting used a partner when one of the places the applicant tracking system"
            " says it was posted is a partner's name or one of its other names. Postings are"
            " counted in the quarter of their posting date."
        )
    )
    return report


# Title × partner --------------------------------------------------------------------------


def title_partner_report(
    organisation: Organisation,
    *,
    year: int,
    department: str = "",
    publication: bool = False,
    threshold: int,
) -> Report:
    report = Report(
        key=TITLE_PARTNER,
        title=_("Job titles by sourcing partner"),
        scope=[
            scope_line(_("Year"), year),
            scope_line(_("Department"), department or _("All departments")),
        ],
        publication=publication,
        threshold=threshold,
    )
    names = partner_names(organisation)
    last = len(equity_settings_for(organisation).stages) - 1
    applicants = Applicant.objects.filter(
        organisation=organisation, requisition__year__in=[year - 1, year]
    ).exclude(heard_about="")
    if department:
        applicants = applicants.filter(requisition__department=department)
    rows_raw = (
        applicants.values(
            "requisition__job_title", "requisition__year", "heard_about", "reached", "withdrew"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    # (title, partner) -> [applicants last year, this year, hired last year, this year]
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in rows_raw:
        partner = names.of(r["heard_about"].strip())
        if partner is None:
            continue
        this_year = r["requisition__year"] == year
        cell = counts[(r["requisition__job_title"], partner)]
        cell[1 if this_year else 0] += r["n"]
        if r["reached"] >= last and not r["withdrew"]:
            cell[3 if this_year else 2] += r["n"]
    if not counts:
        report.empty_message = _(
            "No applicants in %(year)s or the year before named a sourcing partner."
        ) % {"year": year}
        return report
    titles = sorted({t for t, _p in counts}, key=str.casefold)
    partners = sorted({p for _t, p in counts}, key=str.casefold)
    matrices = [
        [[counts[(t, p)][m] if (t, p) in counts else 0 for p in partners] for t in titles]
        for m in range(4)
    ]
    hidden = [protect(matrices[m], publication=publication, threshold=threshold) for m in range(4)]

    def figures(i: int | None, j: int | None) -> list[Cell]:
        values = []
        for m in range(4):
            matrix, h = matrices[m], hidden[m]
            if i is None and j is None:
                values.append((sum(map(sum, matrix)), h.grand_total))
            elif i is None:
                values.append((sum(row[j] for row in matrix), h.column_total(j)))
            elif j is None:
                values.append((sum(matrix[i]), h.row_total(i)))
            else:
                values.append((matrix[i][j], h.cell(i, j)))
        (a0, h0), (a1, h1), (b0, g0), (b1, g1) = values
        return [
            Cell(a0, COUNT, h0),
            Cell(a1, COUNT, h1),
            Cell(a1 - a0, COUNT, h0 or h1),
            Cell(b0, COUNT, g0),
            Cell(b1, COUNT, g1),
            Cell(b1 - b0, COUNT, g0 or g1),
        ]

    # One row per job title; per partner this year's count and the change from last year.
    for measure, caption in (
        (
            0,
            _(
                "Applicants by job title and sourcing partner, %(year)s and the change"
                " from %(before)s"
            ),
        ),
        (
            2,
            _("Hires by job title and sourcing partner, %(year)s and the change from %(before)s"),
        ),
    ):
        cross_columns = []
        for partner in [*partners, _("All partners")]:
            cross_columns += [
                _("%(partner)s: %(year)s") % {"partner": partner, "year": year},
                _("%(partner)s: change") % {"partner": partner},
            ]

        def cross(i: int | None, measure: int = measure) -> list[Cell]:
            cells: list[Cell] = []
            for j in [*range(len(partners)), None]:
                shown = figures(i, j)  # [last year, this year, change] for applicants, hires
                cells += shown[1:3] if measure == 0 else shown[4:6]
            return cells

        cross_rows = [Row(title, cross(i)) for i, title in enumerate(titles)]
        cross_rows.append(Row(_("All job titles"), cross(None), total=True))
        report.tables.append(
            Table(
                key="title_partner" if measure == 0 else "title_partner_hires",
                caption=caption % {"year": year, "before": year - 1},
                row_heading=_("Job title"),
                columns=cross_columns,
                rows=cross_rows,
            )
        )
    report.charts.append(
        Chart(
            title=_("Applicants by sourcing partner"),
            categories=partners,
            series=[
                (
                    str(year - 1),
                    [
                        Cell(sum(row[j] for row in matrices[0]), COUNT, hidden[0].column_total(j))
                        for j in range(len(partners))
                    ],
                ),
                (
                    str(year),
                    [
                        Cell(sum(row[j] for row in matrices[1]), COUNT, hidden[1].column_total(j))
                        for j in range(len(partners))
                    ],
                ),
            ],
            unit="count",
            axis_label=_("Applicants"),
            description=_(
                "Bar chart of each partner's applicants this year and the year before."
                " The table below gives the same figures by job title."
            ),
        )
    )
    report.notes.append(
        _(
            "A hire is an applicant who reached the last stage and did not withdraw. The"
            " change is this year's count less the year before's."
        )
    )
    publication_note(report)
    return report


# Job fair funnel --------------------------------------------------------------------------

FUNNEL = 4  # interested, applied, offered, hired


def fair_funnel_counts(
    organisation: Organisation, fair: JobFair, *, characteristic: str
) -> dict[str, dict[str, list[int]]]:
    """Per community area name ("" when unknown) and group: [interested, applied, offered,
    hired] for one fair."""
    stages = equity_settings_for(organisation).stages
    offered, hired = offered_stage(stages), len(stages) - 1
    column = er.GROUP_FIELD[characteristic]
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0] * FUNNEL))
    for r in (
        JobFairInterest.objects.filter(job_fair=fair)
        .values("community_area__name", column)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        table[r["community_area__name"] or ""][r[column]][0] += r["n"]
    applied: dict[int, tuple[str, str, int, bool]] = {}
    fields = ("pk", "community_area__name", column, "reached", "withdrew")
    for pk, area, group, reached, withdrew in Applicant.objects.filter(
        organisation=organisation, job_fair=fair
    ).values_list(*fields):
        applied[pk] = (area or "", group, reached, withdrew)
    linked = JobFairInterest.objects.filter(job_fair=fair, applicant__isnull=False).values_list(
        *(f"applicant__{f}" for f in fields)
    )
    for pk, area, group, reached, withdrew in linked:
        applied[pk] = (area or "", group, reached, withdrew)
    for area, group, reached, withdrew in applied.values():
        cell = table[area][group]
        cell[1] += 1
        if reached >= offered:
            cell[2] += 1
        if reached >= hired and not withdrew:
            cell[3] += 1
    return table


def fair_funnel_report(
    organisation: Organisation,
    *,
    fair: JobFair,
    characteristic: str = er.RACE,
    publication: bool = False,
    threshold: int,
    detail: bool = False,
) -> Report:
    """One fair's funnel by group, by community area and (with `detail`) by both."""
    report = Report(
        key=FAIR_FUNNEL,
        title=_("Job fair funnel"),
        scope=[
            scope_line(_("Job fair"), f"{fair.name} ({fair.date.isoformat()})"),
            scope_line(_("Groups"), er.CHARACTERISTICS[characteristic]),
        ],
        publication=publication,
        threshold=threshold,
    )
    counts = fair_funnel_counts(organisation, fair, characteristic=characteristic)
    if not counts:
        report.empty_message = _(
            "Nobody is recorded for this fair yet: import its interest list, or applicant flow"
            " that names it."
        )
        return report
    no_area = _("Community area not known")
    areas = sorted(counts, key=lambda a: (a == "", a.casefold()))
    present = {g for a in counts.values() for g in a}
    groups = [g for g in group_keys(characteristic) if g in present]
    groups += sorted(present - set(groups))
    matrices = [[[counts[a][g][m] for g in groups] for a in areas] for m in range(FUNNEL)]
    hidden = [
        protect(matrices[m], publication=publication, threshold=threshold) for m in range(FUNNEL)
    ]

    def figures(i: int | None, j: int | None) -> list[Cell]:
        values = []
        for m in range(FUNNEL):
            matrix, h = matrices[m], hidden[m]
            if i is None and j is None:
                values.append((sum(map(sum, matrix)), h.grand_total))
            elif i is None:
                values.append((sum(row[j] for row in matrix), h.column_total(j)))
            elif j is None:
                values.append((sum(matrix[i]), h.row_total(i)))
            else:
                values.append((matrix[i][j], h.cell(i, j)))
        (n0, h0), (n1, h1), (n2, h2), (n3, h3) = values
        return [
            Cell(n0, COUNT, h0),
            Cell(n1, COUNT, h1),
            Cell(n2, COUNT, h2),
            Cell(n3, COUNT, h3),
            Cell(percent(n1, n0), PERCENT, h0 or h1),
            Cell(percent(n3, n1), PERCENT, h1 or h3),
        ]

    columns = [
        _("Interested"),
        _("Applied"),
        _("Offered a job"),
        _("Hired"),
        _("Applied per 100 interested"),
        _("% of applicants hired"),
    ]
    by_group = [
        Row(group_label(characteristic, group), figures(None, j)) for j, group in enumerate(groups)
    ]
    by_group.append(Row(_("Everyone"), figures(None, None), total=True))
    report.tables.append(
        Table(
            key="funnel",
            caption=_("People at %(fair)s: interested, applied, offered and hired")
            % {"fair": fair.name},
            row_heading=str(er.CHARACTERISTICS[characteristic]),
            columns=columns,
            rows=by_group,
        )
    )
    by_area = [Row(area or no_area, figures(i, None)) for i, area in enumerate(areas)]
    by_area.append(Row(_("All community areas"), figures(None, None), total=True))
    report.tables.append(
        Table(
            key="funnel_areas",
            caption=_("By community area where people live"),
            row_heading=_("Community area"),
            columns=columns,
            rows=by_area,
        )
    )
    if detail:
        rows: list[Row] = []
        for i, area in enumerate(areas):
            for j, group in enumerate(groups):
                if not any(matrices[m][i][j] for m in range(FUNNEL)):
                    continue
                rows.append(
                    Row(group_label(characteristic, group), figures(i, j), section=area or no_area)
                )
            rows.append(Row(_("Everyone"), figures(i, None), total=True, section=area or no_area))
        report.tables.append(
            Table(
                key="funnel_detail",
                caption=_("By community area and group"),
                row_heading=str(er.CHARACTERISTICS[characteristic]),
                columns=columns,
                rows=rows,
            )
        )
    stages_words = [_("Interested"), _("Applied"), _("Offered a job"), _("Hired")]
    series = []
    for j, group in enumerate(groups):
        series.append(
            (
                group_label(characteristic, group),
                [
                    Cell(sum(row[j] for row in matrices[m]), COUNT, hidden[m].column_total(j))
                    for m in range(FUNNEL)
                ],
            )
        )
    report.charts.append(
        Chart(
            title=_("From interest to hire, by group"),
            categories=stages_words,
            series=series,
            unit="count",
            axis_label=_("People"),
            description=_(
                "Bar chart of how many people of each group were interested, applied, were"
                " offered a job and were hired. The table below gives the same figures."
            ),
        )
    )
    stages = equity_settings_for(organisation).stages
    report.notes.append(
        _(
            "Interested: on the fair's interest list, grouped by what they told the fair."
            " Applied: applicants who said they came from the fair, or whose interest was"
            " linked to their application (each once), grouped by their own answers."
            " Offered: reached %(offered)s or beyond. Hired: reached %(hired)s and did not"
            " withdraw."
        )
        % {"offered": stages[offered_stage(stages)], "hired": stages[-1]}
    )
    publication_note(report)
    return report


# Filters and registration -----------------------------------------------------------------


class PartnerYieldForm(YieldReportForm):
    pass


class PartnerPostingsForm(ReportForm):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def setup(self) -> None:
        self.fields["year"].choices = [(y, y) for y in er.report_years(self.organisation)]

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        years = er.report_years(organisation)
        return {"year": str(years[0])} if years else {}


class TitlePartnerForm(FlowReportForm):
    def setup(self) -> None:
        super().setup()
        del self.fields["job_title"]


class FairFunnelForm(ReportForm):
    fair = forms.ModelChoiceField(label=gettext_lazy("Job fair"), queryset=JobFair.objects.none())
    characteristic = forms.ChoiceField(label=gettext_lazy("Groups"), choices=CHARACTERISTIC_CHOICES)
    detail = forms.BooleanField(
        label=gettext_lazy("Also by community area and group together"), required=False
    )

    def setup(self) -> None:
        self.fields["fair"].queryset = JobFair.objects.filter(
            organisation=self.organisation
        ).order_by("-date", "name")

    @classmethod
    def defaults(cls, organisation: Organisation) -> dict[str, str]:
        fair = JobFair.objects.filter(organisation=organisation).order_by("-date", "-pk").first()
        return {"characteristic": er.RACE, **({"fair": str(fair.pk)} if fair else {})}


def _partner_yield(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return partner_yield_report(
        org,
        year=data["year"],
        characteristic=data["characteristic"],
        department=data["department"],
        job_title=data["job_title"],
        publication=data["publication"],
        threshold=threshold,
    )


def _postings(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return partner_postings_report(
        org, year=data["year"], publication=data["publication"], threshold=threshold
    )


def _title_partner(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return title_partner_report(
        org,
        year=data["year"],
        department=data["department"],
        publication=data["publication"],
        threshold=threshold,
    )


def _funnel(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return fair_funnel_report(
        org,
        fair=data["fair"],
        characteristic=data["characteristic"],
        publication=data["publication"],
        threshold=threshold,
        detail=data["detail"],
    )


NO_APPLICANTS = gettext_lazy("No applicant flow has been imported yet.")
KINDS: Sequence[tuple[str, Any, type[ReportForm], Any, Any]] = (
    (
        PARTNER_YIELD,
        gettext_lazy("Applicant yield by sourcing partner"),
        PartnerYieldForm,
        _partner_yield,
        NO_APPLICANTS,
    ),
    (
        PARTNER_POSTINGS,
        gettext_lazy("Postings using sourcing partners"),
        PartnerPostingsForm,
        _postings,
        NO_APPLICANTS,
    ),
    (
        TITLE_PARTNER,
        gettext_lazy("Job titles by sourcing partner"),
        TitlePartnerForm,
        _title_partner,
        NO_APPLICANTS,
    ),
    (
        FAIR_FUNNEL,
        gettext_lazy("Job fair funnel"),
        FairFunnelForm,
        _funnel,
        gettext_lazy("No job fairs have been recorded yet."),
    ),
)


def register() -> None:
    from workbridge.equity.views.reports import REPORTS, ReportKind, report_register

    for key, title, form, build, no_data in KINDS:
        if key not in REPORTS:
            report_register(ReportKind(key, title, form, build, no_data))
