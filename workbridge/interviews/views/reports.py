"""Interview reports: adverse impact of scores and decisions, and panel composition.

Pages and charts show counts and rates only (not audited, like the other equity
aggregates); every XLSX or PDF export is audited. "For publication" hides small cells.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from workbridge.accounts.models import AuditAction, Organisation
from workbridge.accounts.services import audit_record
from workbridge.core import spreadsheets as exports
from workbridge.equity.access import require_equity
from workbridge.interviews.charts import grouped_bars_svg
from workbridge.interviews.consensus_report import consensus_shift_report
from workbridge.interviews.forms import ScopeForm
from workbridge.interviews.reports import (
    CompositionReport,
    Scope,
    ScoreImpactReport,
    panel_composition,
    score_impact,
)

EXPORT_FORMATS = ("xlsx", "pdf")
# matplotlib's SVG holds no script and styles its shapes inline; opened on its own (not
# only through <img>) it needs inline styles and nothing else.
CHART_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]}


def _scope(request: HttpRequest, organisation: Organisation) -> tuple[ScopeForm, Scope, str]:
    form = ScopeForm(request.GET or None, organisation=organisation)
    if not (form.is_bound and form.is_valid()):
        return form, Scope(), ""
    data = form.cleaned_data
    requisition = data.get("requisition")
    scope = Scope(
        requisition_id=requisition.pk if requisition else None,
        job_title=data.get("job_title") or "",
        department=data.get("department") or "",
        year=data.get("year"),
        publication=bool(data.get("publication")),
    )
    query = QueryDict(mutable=True)
    for name in ("requisition", "job_title", "department", "year", "publication"):
        value = request.GET.get(name)
        if value:
            query[name] = value
    return form, scope, query.urlencode()


def _requisition_label(scope: Scope, organisation: Organisation) -> str:
    from workbridge.equity.models import Requisition

    if not scope.requisition_id:
        return ""
    found = Requisition.objects.filter(pk=scope.requisition_id, organisation=organisation).first()
    return str(found) if found else ""


def _svg_response(svg: bytes) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def _inline_svg(svg: bytes) -> str:
    text = svg.decode("utf-8")
    return mark_safe(text[text.index("<svg") :])  # noqa: S308 - our own matplotlib output


def _hidden_text(threshold: int) -> str:
    return _("fewer than %(n)s") % {"n": threshold}


# Adverse impact of scores and decisions ---------------------------------------------------


def _impact_svg(report: ScoreImpactReport) -> bytes:
    groups, scoring, passing = [], [], []
    scoring_rows = {r.key: r for r in report.table("scoring-race").rows}
    pass_rows = {r.key: r for r in report.table("pass-race").rows}
    for key in list(dict.fromkeys([*scoring_rows, *pass_rows])):
        s, p = scoring_rows.get(key), pass_rows.get(key)
        if (s and (s.hidden or s.unknown)) or (p and (p.hidden or p.unknown)):
            continue
        groups.append((s or p).label)
        scoring.append(s.impact_ratio if s else None)
        passing.append(p.impact_ratio if p else None)
    return grouped_bars_svg(
        groups,
        [(_("Scoring rate"), scoring), (_("Pass rate"), passing)],
        title=_("Impact ratios by race/ethnicity"),
        x_label=_("Impact ratio (group rate over the highest group's rate)"),
        x_max=1.0,
        percent=False,
        reference_line=(0.8, _("four-fifths")),
        empty_text=_("No scored candidates yet"),
    )


def _impact_rows(report: ScoreImpactReport) -> list[list[Any]]:
    hidden = _hidden_text(report.threshold)
    out: list[list[Any]] = []
    for table in report.tables:
        for row in table.rows:
            if row.hidden:
                figures: list[Any] = [hidden] * 6
            else:
                figures = [
                    row.considered,
                    row.selected,
                    round(row.rate, 4) if row.rate is not None else "",
                    round(row.impact_ratio, 4) if row.impact_ratio is not None else "",
                    _("yes") if row.adverse else _("no"),
                    (_("yes") if row.significant else _("no")) if row.adverse else "",
                ]
            notes = []
            if row.is_reference and not row.hidden:
                notes.append(_("highest rate"))
            if row.unknown:
                notes.append(_("unknown group, not compared"))
            if row.small and not row.hidden:
                notes.append(_("small group"))
            if row.passed_over and not row.hidden:
                notes.append(_("higher rate, too small to be the reference"))
            out.append([table.title, row.label, *figures, "; ".join(notes)])
    return out


def _impact_headers() -> list[str]:
    return [
        _("Table"),
        _("Group"),
        _("Candidates"),
        _("Above the median or passed"),
        _("Rate"),
        _("Impact ratio"),
        _("Below four-fifths"),
        _("Practically and statistically significant"),
        _("Notes"),
    ]


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # slow to import; only exports need it

    return HTML(string=html).write_pdf()


# Panel composition ------------------------------------------------------------------------


def _composition_svg(report: CompositionReport) -> bytes:
    table = report.tables[0]
    rows = [r for r in table.rows if not (r.panel_hidden or r.pool_hidden)]
    return grouped_bars_svg(
        [r.label for r in rows],
        [
            (_("Interviewers"), [r.panel_share for r in rows]),
            (_("Candidates"), [r.pool_share for r in rows]),
        ],
        title=_("Interviewers and candidates by race/ethnicity"),
        x_label=_("Share"),
        x_max=1.0,
        percent=True,
        empty_text=_("No panels yet"),
    )


def _composition_rows(report: CompositionReport) -> list[list[Any]]:
    hidden = _hidden_text(report.threshold)
    out: list[list[Any]] = []
    for table in report.tables:
        for row in table.rows:
            panel = (
                [hidden, hidden]
                if row.panel_hidden
                else [row.panel, round(row.panel_share or 0, 4)]
            )
            pool = (
                [hidden, hidden] if row.pool_hidden else [row.pool, round(row.pool_share or 0, 4)]
            )
            diff = (
                hidden
                if row.panel_hidden or row.pool_hidden or row.difference is None
                else round(row.difference, 1)
            )
            out.append([table.title, row.label, *panel, *pool, diff])
    return out


def _composition_headers() -> list[str]:
    return [
        _("Table"),
        _("Group"),
        _("Interviewers"),
        _("Share of interviewers"),
        _("Candidates"),
        _("Share of candidates"),
        _("Difference (percentage points)"),
    ]


# Pages, charts and exports: the same three steps for each report -------------------------


@dataclass(frozen=True)
class _Report:
    """What differs between the reports; _page, _chart and _export do the rest."""

    build: Callable[[Organisation, Scope], Any]
    template: str
    pdf_template: str
    svg: Callable[[Any], bytes]
    headers: Callable[[], list[str]]
    rows: Callable[[Any], list[list[Any]]]
    title: Any  # a lazy translation, the XLSX sheet's name
    filename: str
    # The audit event of an export: what was read, and how much of it.
    audit_type: str
    audit_fields: tuple[str, ...]
    audit_name: str
    audit_size: Callable[[Any], str]


IMPACT = _Report(
    build=score_impact,
    template="interviews/impact.html",
    pdf_template="interviews/impact_pdf.html",
    svg=_impact_svg,
    headers=_impact_headers,
    rows=_impact_rows,
    title=gettext_lazy("Interview adverse impact"),
    filename="interview-impact",
    audit_type="interviews.candidate",
    audit_fields=("consensus_score", "decision"),
    audit_name="interview adverse impact",
    audit_size=lambda report: f"{report.scored} scored",
)
COMPOSITION = _Report(
    build=panel_composition,
    template="interviews/composition.html",
    pdf_template="interviews/composition_pdf.html",
    svg=_composition_svg,
    headers=_composition_headers,
    rows=_composition_rows,
    title=gettext_lazy("Panel composition"),
    filename="interview-panel-composition",
    audit_type="interviews.panel",
    audit_fields=("panel_composition",),
    audit_name="interview panel composition",
    audit_size=lambda report: f"{report.panels} panels",
)


def _page(request: HttpRequest, kind: _Report) -> HttpResponse:
    organisation = require_equity(request.user)
    form, scope, query = _scope(request, organisation)
    report = kind.build(organisation, scope)
    return render(
        request,
        kind.template,
        {
            "form": form,
            "report": report,
            "query": query,
            "scope_text": scope.describe(_requisition_label(scope, organisation)),
            "hidden_text": _hidden_text(report.threshold),
        },
    )


def _chart(request: HttpRequest, kind: _Report) -> HttpResponse:
    organisation = require_equity(request.user)
    _form, scope, _query = _scope(request, organisation)
    return _svg_response(kind.svg(kind.build(organisation, scope)))


def _export(request: HttpRequest, kind: _Report, fmt: str) -> HttpResponse:
    organisation = require_equity(request.user)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, scope, _query = _scope(request, organisation)
    report = kind.build(organisation, scope)
    scope_text = scope.describe(_requisition_label(scope, organisation))
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = exports.rows_to_xlsx(kind.headers(), kind.rows(report), title=str(kind.title))
        response = HttpResponse(body, content_type=exports.XLSX_TYPE)
    else:
        html = render_to_string(
            kind.pdf_template,
            {
                "report": report,
                "scope_text": scope_text,
                "hidden_text": _hidden_text(report.threshold),
                "chart": _inline_svg(kind.svg(report)),
                "today": timezone.localdate(),
            },
            request,
        )
        response = HttpResponse(_pdf(html), content_type="application/pdf")
    # Written once the whole body exists: an export that fails is not logged as made.
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type=kind.audit_type,
        fields=kind.audit_fields,
        detail=f"{kind.audit_name} {fmt}, {scope_text}, {kind.audit_size(report)}, "
        f"publication={scope.publication}",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind.filename}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def impact(request: HttpRequest) -> HttpResponse:
    """Scoring rates (NYC LL144) and pass rates by group, impact ratios, chart and table."""
    return _page(request, IMPACT)


@require_GET
@login_required
@csp_override(CHART_CSP)
def impact_chart(request: HttpRequest) -> HttpResponse:
    return _chart(request, IMPACT)


@require_GET
@login_required
def impact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The adverse-impact tables as XLSX or PDF (with the chart); audited."""
    return _export(request, IMPACT, fmt)


@require_GET
@login_required
def composition(request: HttpRequest) -> HttpResponse:
    """Interview panels by race/ethnicity and sex against the candidates they interviewed."""
    return _page(request, COMPOSITION)


@require_GET
@login_required
@csp_override(CHART_CSP)
def composition_chart(request: HttpRequest) -> HttpResponse:
    return _chart(request, COMPOSITION)


@require_GET
@login_required
def composition_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The composition tables as XLSX or PDF (with the chart); audited."""
    return _export(request, COMPOSITION, fmt)


@require_GET
@login_required
def consensus_effect(request: HttpRequest) -> HttpResponse:
    """How far consensus moves scores from the members' own, by group, with t tests."""
    organisation = require_equity(request.user)
    form, scope, query = _scope(request, organisation)
    report = consensus_shift_report(organisation, scope)
    return render(
        request,
        "interviews/consensus_effect.html",
        {
            "form": form,
            "report": report,
            "query": query,
            "scope_text": scope.describe(_requisition_label(scope, organisation)),
        },
    )
