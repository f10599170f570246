"""Interview reports: adverse impact of scores and decisions, and panel composition.

Pages and charts show counts and rates only (not audited, like the other equity
aggregates); every XLSX or PDF export is audited. "For publication" hides small cells.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from workbridge.accounts.models import AuditAction, Organisation
from workbridge.accounts.services import audit_record
from workbridge.equity.access import require_equity
from workbridge.interviews.charts import grouped_bars_svg
from workbridge.interviews.forms import ScopeForm
from workbridge.interviews.reports import (
    CompositionReport,
    Scope,
    ScoreImpactReport,
    panel_composition,
    score_impact,
)
from workbridge.people import exports

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


@require_GET
@login_required
def impact(request: HttpRequest) -> HttpResponse:
    """Scoring rates (NYC LL144) and pass rates by group, impact ratios, chart and table."""
    organisation = require_equity(request.user)
    form, scope, query = _scope(request, organisation)
    report = score_impact(organisation, scope)
    return render(
        request,
        "interviews/impact.html",
        {
            "form": form,
            "report": report,
            "query": query,
            "scope_text": scope.describe(_requisition_label(scope, organisation)),
            "hidden_text": _hidden_text(report.threshold),
        },
    )


@require_GET
@login_required
@csp_override(CHART_CSP)
def impact_chart(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    _form, scope, _query = _scope(request, organisation)
    return _svg_response(_impact_svg(score_impact(organisation, scope)))


def _impact_rows(report: ScoreImpactReport) -> list[list[Any]]:
    hidden = _hidden_text(report.threshold)
    out: list[list[Any]] = []
    for table in report.tables:
        for row in table.rows:
            if row.hidden:
                figures: list[Any] = [hidden] * 5
            else:
                figures = [
                    row.considered,
                    row.selected,
                    round(row.rate, 4) if row.rate is not None else "",
                    round(row.impact_ratio, 4) if row.impact_ratio is not None else "",
                    _("yes") if row.adverse else _("no"),
                ]
            notes = []
            if row.is_reference and not row.hidden:
                notes.append(_("highest rate"))
            if row.unknown:
                notes.append(_("unknown group, not compared"))
            if row.small and not row.hidden:
                notes.append(_("small group"))
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
        _("Notes"),
    ]


@require_GET
@login_required
def impact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The adverse-impact tables as XLSX or PDF (with the chart); audited."""
    organisation = require_equity(request.user)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, scope, _query = _scope(request, organisation)
    report = score_impact(organisation, scope)
    scope_text = scope.describe(_requisition_label(scope, organisation))
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="interviews.candidate",
        fields=["consensus_score", "decision"],
        detail=f"interview adverse impact {fmt}, {scope_text}, "
        f"{report.scored} scored, publication={scope.publication}",
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = exports.rows_to_xlsx(
            _impact_headers(), _impact_rows(report), title=_("Interview adverse impact")
        )
        response = HttpResponse(body, content_type=exports.XLSX_TYPE)
    else:
        html = render_to_string(
            "interviews/impact_pdf.html",
            {
                "report": report,
                "scope_text": scope_text,
                "hidden_text": _hidden_text(report.threshold),
                "chart": _inline_svg(_impact_svg(report)),
                "today": timezone.localdate(),
            },
            request,
        )
        response = HttpResponse(_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="interview-impact-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


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


@require_GET
@login_required
def composition(request: HttpRequest) -> HttpResponse:
    """Interview panels by race/ethnicity and sex against the candidates they interviewed."""
    organisation = require_equity(request.user)
    form, scope, query = _scope(request, organisation)
    report = panel_composition(organisation, scope)
    return render(
        request,
        "interviews/composition.html",
        {
            "form": form,
            "report": report,
            "query": query,
            "scope_text": scope.describe(_requisition_label(scope, organisation)),
            "hidden_text": _hidden_text(report.threshold),
        },
    )


@require_GET
@login_required
@csp_override(CHART_CSP)
def composition_chart(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    _form, scope, _query = _scope(request, organisation)
    return _svg_response(_composition_svg(panel_composition(organisation, scope)))


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


@require_GET
@login_required
def composition_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The composition tables as XLSX or PDF (with the chart); audited."""
    organisation = require_equity(request.user)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, scope, _query = _scope(request, organisation)
    report = panel_composition(organisation, scope)
    scope_text = scope.describe(_requisition_label(scope, organisation))
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="interviews.panel",
        fields=["panel_composition"],
        detail=f"interview panel composition {fmt}, {scope_text}, "
        f"{report.panels} panels, publication={scope.publication}",
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = exports.rows_to_xlsx(
            _composition_headers(), _composition_rows(report), title=_("Panel composition")
        )
        response = HttpResponse(body, content_type=exports.XLSX_TYPE)
    else:
        html = render_to_string(
            "interviews/composition_pdf.html",
            {
                "report": report,
                "scope_text": scope_text,
                "hidden_text": _hidden_text(report.threshold),
                "chart": _inline_svg(_composition_svg(report)),
                "today": timezone.localdate(),
            },
            request,
        )
        response = HttpResponse(_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="interview-panel-composition-{stamp}.{fmt}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
