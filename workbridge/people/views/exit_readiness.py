"""Does readiness predict a good exit? The report for program directors, its chart and export.

Figures only, never a person: each readiness item against a positive exit (placed, or
still working 90 days later), a logistic model of all items, its AUC and calibration
(`workbridge.core.exit_readiness`). Groups of fewer than the small-cell threshold are
hidden. Administrators and program directors only; exports are written to the audit log.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from workbridge.accounts.access import require_manager
from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.core import spreadsheets as exports
from workbridge.people.exit_readiness import ExitReadiness, exit_readiness_for


def _found(request: HttpRequest) -> ExitReadiness:
    require_manager(request.user)
    found = exit_readiness_for(request.user)
    if found is None:
        raise Http404
    return found


def _item_text(item) -> str:
    spanish = get_language() and get_language().startswith("es") and item.text_es
    return item.text_es if spanish else item.text


def _labels(found: ExitReadiness) -> dict[str, str]:
    return {str(item.pk): _item_text(item) for item in found.items}


@require_GET
@login_required
def exit_readiness_page(request: HttpRequest) -> HttpResponse:
    """Each readiness item against a good exit, the model, its AUC and calibration."""
    found = _found(request)
    labels = _labels(found)
    reverse = {str(item.pk): item.reverse_scored for item in found.items}
    items = [(labels[s.key], reverse[s.key], s) for s in found.report.items]
    model = found.report.model
    coefficients = []
    if model is not None:
        for c in model.coefficients:
            label = _("Intercept (every answer 0)") if c.key == "intercept" else labels[c.key]
            coefficients.append((label, c))
    return render(
        request,
        "people/exit_readiness.html",
        {
            "found": found,
            "report": found.report,
            "items": items,
            "model": model,
            "coefficients": coefficients,
            "hidden_text": _("fewer than %(n)s") % {"n": found.report.threshold},
            "levels": range(5),
        },
    )


@require_GET
@login_required
def exit_readiness_chart(request: HttpRequest) -> HttpResponse:
    """The calibration of the model, as SVG: observed against predicted, bin by bin."""
    found = _found(request)
    from workbridge.people.charts import calibration_svg  # matplotlib loads on first chart

    model = found.report.model
    bins = list(model.calibration.bins) if model else []
    svg = calibration_svg(
        [(b.mean_predicted, b.observed_rate, b.count) for b in bins],
        title=_("Predicted against observed good exits"),
        x_label=_("Predicted chance of a good exit"),
        y_label=_("Share with a good exit"),
        ideal_label=_("Perfect calibration"),
        empty_message=_("Too few exits to fit a model"),
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


COLUMNS = (
    "figure",
    "label",
    "exits",
    *(f"{kind}{level}" for level in range(5) for kind in ("exits", "positive")),
    "mean_positive",
    "mean_other",
    "auc",
    "coefficient",
    "odds_ratio",
    "interval",
    "predicted",
    "observed",
)


def _export_rows(found: ExitReadiness, hidden: str) -> list[list[Any]]:
    labels = _labels(found)
    rows: list[dict[str, Any]] = []

    def shown(value, digits: int = 3):
        return hidden if value is None else round(value, digits)

    for s in found.report.items:
        row: dict[str, Any] = {"figure": _("Question"), "label": labels[s.key], "exits": s.answered}
        for cell in s.levels:
            row[f"exits{cell.level}"] = shown(cell.exits)
            row[f"positive{cell.level}"] = shown(cell.positive)
        row |= {
            "mean_positive": shown(s.mean_positive),
            "mean_other": shown(s.mean_other),
            "auc": shown(s.auc),
        }
        rows.append(row)
    model = found.report.model
    if model is not None:
        for c in model.coefficients:
            label = _("Intercept (every answer 0)") if c.key == "intercept" else labels[c.key]
            rows.append(
                {
                    "figure": _("Model coefficient"),
                    "label": label,
                    "exits": model.rows,
                    "coefficient": round(c.estimate, 4),
                    "odds_ratio": round(c.odds_ratio, 4),
                    "interval": f"{c.lower:.3f}–{c.upper:.3f}",
                }
            )
        rows.append({"figure": _("Model AUC"), "exits": model.rows, "auc": shown(model.auc)})
        for number, b in enumerate(model.calibration.bins, start=1):
            rows.append(
                {
                    "figure": _("Calibration group"),
                    "label": number,
                    "exits": b.count,
                    "predicted": round(b.mean_predicted, 3),
                    "observed": round(b.observed_rate, 3),
                }
            )
    return [[row.get(column, "") for column in COLUMNS] for row in rows]


def _export_headers() -> list[str]:
    headers = [_("Figure"), _("Question or group"), _("Exits")]
    for level in range(5):
        headers += [
            _("Answered %(level)s") % {"level": level},
            _("Answered %(level)s, good exit") % {"level": level},
        ]
    return [
        *headers,
        _("Mean answer, good exits"),
        _("Mean answer, other exits"),
        _("AUC"),
        _("Coefficient (log odds per point)"),
        _("Odds ratio per point"),
        _("95% interval of the odds ratio"),
        _("Mean predicted chance"),
        _("Share with a good exit"),
    ]


@require_GET
@login_required
def exit_readiness_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The report's figures as CSV or XLSX, small groups hidden as on the page; audited."""
    found = _found(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    hidden = _("fewer than %(n)s") % {"n": found.report.threshold}
    headers, rows = _export_headers(), _export_rows(found, hidden)
    if fmt == "xlsx":
        body = exports.rows_to_xlsx(headers, rows, title=_("Readiness and exits"))
        content_type = exports.XLSX_TYPE
    else:
        body = exports.rows_to_csv(headers, rows)
        content_type = exports.CSV_TYPE
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="people.participant",
        fields=["exit_outcome", "assessments"],
        detail=(
            f"readiness and exits {fmt}, {found.report.exits} exits, "
            f"small cells < {found.report.threshold}"
        ),
    )
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="readiness-exits-{stamp}.{fmt}"'
    return response
