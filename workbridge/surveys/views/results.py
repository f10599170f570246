"""Results: rates against the target, distributions with a chart, trends, and exports.

Pages show counts and shares only, never one person's answers with anything that names
them; groups under the small-cell threshold are hidden in pages, charts and exports
alike. Exports are audited.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.core import spreadsheets
from workbridge.surveys import exits
from workbridge.surveys.charts import stacked_shares_svg
from workbridge.surveys.forms import ResultsForm
from workbridge.surveys.models import OPTION_KINDS, QuestionKind, SurveyKind
from workbridge.surveys.queries import survey_get_for, wave_get_for
from workbridge.surveys.results import WaveResults, survey_trends, wave_results

CHART_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]}
SCALE_KINDS = (QuestionKind.LIKERT, QuestionKind.SCALE_0_4)
# Free-text answers a results page lists for each question; the exports have them all.
TEXTS_SHOWN = 200


def _by(request: HttpRequest) -> str:
    form = ResultsForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["by"] or ""
    return ""


def _scales(results: WaveResults) -> list[int]:
    """One question id for each distinct answer scale among the Likert questions."""
    seen: dict[tuple, int] = {}
    for group in results.groups[:1]:
        for q in group.questions:
            if q.question.kind in SCALE_KINDS:
                levels = tuple(o.label for o in q.options)
                seen.setdefault(levels, q.question.pk)
    return list(seen.values())


@require_GET
@login_required
def results(request: HttpRequest, wave_id: int) -> HttpResponse:
    wave = wave_get_for(request.user, wave_id)
    language = translation.get_language() or "en"
    by = _by(request)
    found = wave_results(wave, by=by, language=language[:2], text_limit=TEXTS_SHOWN)
    return render(
        request,
        "surveys/results.html",
        {
            "wave": wave,
            "survey": wave.survey,
            "results": found,
            "form": ResultsForm(initial={"by": by}, data=request.GET or None),
            "charts": _scales(found) if not by else [],
            "by": by,
        },
    )


@require_GET
@login_required
@csp_override(CHART_CSP)
def results_chart(request: HttpRequest, wave_id: int, question_id: int) -> HttpResponse:
    """The distribution of every Likert question of the wave that shares this one's scale."""
    wave = wave_get_for(request.user, wave_id)
    language = (translation.get_language() or "en")[:2]
    found = wave_results(wave, language=language, text_limit=0)
    rows: list[tuple[str, list[float]]] = []
    levels: list[str] = []
    target = None
    for group in found.groups[:1]:
        target = next((q for q in group.questions if q.question.pk == question_id), None)
        if target is None or target.question.kind not in SCALE_KINDS:
            raise Http404
        levels = [o.label for o in target.options]
        for q in group.questions:
            if q.question.kind in SCALE_KINDS and [o.label for o in q.options] == levels:
                rows.append((q.question.text(language), [o.share for o in q.options]))
    if (
        target is None
        and not wave.version.questions.filter(pk=question_id, kind__in=SCALE_KINDS).exists()
    ):
        raise Http404
    svg = stacked_shares_svg(
        rows,
        levels=levels,
        title=_("Answers to %(wave)s") % {"wave": wave.name},
        empty_text=_("Too few responses to show"),
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def _fmt(value: float | None, digits: int = 4) -> Any:
    return "" if value is None else round(value, digits)


def export_rows(found: WaveResults) -> tuple[list[str], list[list[Any]]]:
    """One row per answer level (or per figure) of every question of every shown group."""
    headers = [
        _("Group"),
        _("Responses in group"),
        _("Question key"),
        _("Question"),
        _("Answer"),
        _("Count"),
        _("Share"),
        _("Answered"),
        _("Mean"),
        _("95% CI low"),
        _("95% CI high"),
        _("Favourable share"),
    ]
    hidden = _("fewer than %(n)s") % {"n": found.threshold}
    rows: list[list[Any]] = []
    if not found.shown:
        return headers, rows
    for group in found.groups:
        label = group.group or (_("Everyone") if not found.by else "—")
        if group.hidden:
            rows.append([label, hidden, "", "", "", "", "", "", "", "", "", ""])
            continue
        for q in group.questions:
            base = [label, group.n, q.question.key, q.question.text("en")]
            figures = ["", "", "", ""]
            if q.scale is not None:
                figures = [
                    _fmt(q.scale.mean),
                    _fmt(q.scale.ci_low),
                    _fmt(q.scale.ci_high),
                    _fmt(q.scale.favourable_share),
                ]
            elif q.number is not None:
                figures = [_fmt(q.number.mean), _fmt(q.number.ci_low), _fmt(q.number.ci_high), ""]
            if q.question.kind in OPTION_KINDS:
                for o in q.options:
                    rows.append([*base, o.label, o.count, _fmt(o.share), q.n, *figures])
            elif q.question.kind == QuestionKind.RATING and q.scale is not None:
                for value, count in q.scale.counts:
                    rows.append([*base, value, count, _fmt(count / (q.n or 1)), q.n, *figures])
            elif q.question.kind == QuestionKind.TEXT:
                for text in q.texts:
                    rows.append([*base, text, "", "", q.n, "", "", "", ""])
            else:
                rows.append([*base, "", "", "", q.n, *figures])
    return headers, rows


@require_GET
@login_required
def results_export(request: HttpRequest, wave_id: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    wave = wave_get_for(request.user, wave_id)
    by = _by(request)
    found = wave_results(wave, by=by, language=(translation.get_language() or "en")[:2])
    headers, rows = export_rows(found)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=wave,
        detail=f"results {fmt}{' by ' + by if by else ''}",
    )
    filename = f"survey-results-{wave.pk}.{fmt}"
    if fmt == "csv":
        body = spreadsheets.rows_to_csv(headers, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        body = spreadsheets.rows_to_xlsx(headers, rows, title=_("Results")[:31])
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def trends(request: HttpRequest, pk: int) -> HttpResponse:
    """Each wave's response rate and each scaled question's mean and favourable share."""
    survey = survey_get_for(request.user, pk)
    keys, points = survey_trends(survey, language=(translation.get_language() or "en")[:2])
    rows = [
        {
            "point": p,
            "cells": [(p.means.get(k), p.favourable.get(k)) for k in keys],
        }
        for p in points
    ]
    return render(request, "surveys/trends.html", {"survey": survey, "keys": keys, "rows": rows})


def _exit_survey(request: HttpRequest, pk: int):
    survey = survey_get_for(request.user, pk)
    if survey.kind != SurveyKind.EXIT_INTERVIEW:
        raise Http404
    period = request.GET.get("period", "quarter")
    return survey, period if period in ("month", "quarter", "year") else "quarter"


@require_GET
@login_required
def exit_reasons(request: HttpRequest, pk: int) -> HttpResponse:
    """Main reasons for leaving, department by department, period by period."""
    survey, period = _exit_survey(request, pk)
    language = (translation.get_language() or "en")[:2]
    return render(
        request,
        "surveys/exit_reasons.html",
        {
            "survey": survey,
            "period": period,
            "periods": (("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))),
            "tables": exits.exit_reasons(survey, period=period, language=language),
        },
    )


@require_GET
@login_required
def exit_reasons_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    survey, period = _exit_survey(request, pk)
    language = (translation.get_language() or "en")[:2]
    tables = exits.exit_reasons(survey, period=period, language=language, limit=1000)
    headers, rows = exits.export_rows(tables)
    audit_record(
        actor=request.user, action=AuditAction.EXPORT, obj=survey, detail=f"exit reasons {fmt}"
    )
    if fmt == "csv":
        body = spreadsheets.rows_to_csv(headers, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        body = spreadsheets.rows_to_xlsx(headers, rows, title=_("Exit reasons")[:31])
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="exit-reasons-{survey.pk}.{fmt}"'
    return response
