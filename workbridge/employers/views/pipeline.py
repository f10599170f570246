"""The pipeline board: a column per stage, a keyboard-usable move on every card, and
how employers have moved through the stages over the last year."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from workbridge.accounts.access import require_casework
from workbridge.employers.choices import Stage, move_targets
from workbridge.employers.pipeline_stats import (
    BOARD_ORDER,
    conversion_by_month,
    moves_by_month,
    stage_counts,
)
from workbridge.employers.queries import employers_visible_to

COLUMN_CAP = 50


def _percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)


@require_GET
@login_required
def pipeline_board(request: HttpRequest) -> HttpResponse:
    """One column per stage, each listing up to COLUMN_CAP employers by name."""
    require_casework(request.user)
    today = timezone.localdate()
    counts = stage_counts(request.user)
    visible = (
        employers_visible_to(request.user)
        .select_related("owner")
        .only(
            "id",
            "name",
            "stage",
            "tier",
            "next_follow_up_on",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
        )
    )
    columns = []
    for stage in BOARD_ORDER:
        employers = list(visible.filter(stage=stage).order_by("name", "id")[:COLUMN_CAP])
        choices = [(target.value, target.label) for target in move_targets(stage)]
        columns.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "count": counts[stage],
                "employers": employers,
                "more": counts[stage] - len(employers),
                "list_url": f"{reverse('employers:list')}?stage={stage}",
                "choices": choices,
            }
        )
    moves = moves_by_month(request.user, today=today)
    conversions = conversion_by_month(request.user, today=today)
    return render(
        request,
        "employers/pipeline.html",
        {
            "columns": columns,
            "moves": moves,
            "move_rows": [
                (month, [moves.counts[stage][i] for stage in moves.stages])
                for i, month in enumerate(moves.months)
            ],
            "stage_labels": [Stage(s).label for s in moves.stages],
            "conversions": [
                {
                    "from_label": Stage(c.from_stage).label,
                    "to_label": Stage(c.to_stage).label,
                    "entered": c.entered_total,
                    "converted": c.converted_total,
                    "percent": _percent(c.total_rate),
                }
                for c in conversions
            ],
            "conversion_rows": [
                (
                    month,
                    [(c.entered[i], c.converted[i], _percent(c.rates[i])) for c in conversions],
                )
                for i, month in enumerate(moves.months)
            ],
            "today": today,
            "back": request.get_full_path(),
        },
    )


# matplotlib writes style attributes into its SVG; this response is an image with no
# script, so its own policy may allow them (the page embedding it keeps the strict one).
@csp_override(
    {
        "default-src": [CSP.NONE],
        "style-src": [CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "frame-ancestors": [CSP.SELF],
    }
)
@require_GET
@login_required
def pipeline_chart(request: HttpRequest) -> HttpResponse:
    """Employers entering each stage per month over the last 12 months, as SVG."""
    require_casework(request.user)
    from workbridge.employers.charts import moves_chart_svg  # matplotlib loads on first use

    moves = moves_by_month(request.user, today=timezone.localdate())
    svg = moves_chart_svg(
        moves,
        title=_("Employers entering each stage, per month"),
        y_label=_("Employers"),
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
