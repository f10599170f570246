"""Outcomes for program directors: placements, wages, wage gain and retention, by group.

Figures for participant groups (EEO category, sex) rest on at least the small-cell
threshold of people, or show "fewer than N", with complementary suppression
(`workbridge.core.outcomes`). Staff and employer rows are not suppressed: they are
not about a protected group, and a manager may open each placement anyway.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from workbridge.accounts.access import require_manager
from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.core import outcomes as core
from workbridge.core import spreadsheets as exports
from workbridge.people.choices import EeoCategory, Sex
from workbridge.placements.charts import retention_svg
from workbridge.placements.forms import OutcomesFilterForm
from workbridge.placements.models import Checkpoint
from workbridge.placements.queries import (
    NOT_RECORDED,
    OutcomeRecord,
    outcome_records,
    search_activity,
)


def small_cell_threshold() -> int:
    """The fewest people a group figure may rest on (settings first, then the core default)."""
    return settings.WORKBRIDGE_SMALL_CELL


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: list[core.GroupOutcomes]
    suppressed: bool  # whether small cells are hidden in it


@dataclass(frozen=True)
class Report:
    started_from: date | None
    started_to: date | None
    today: date
    threshold: int
    total: core.Outcomes
    breakdowns: list[Breakdown]


def _grouped(
    records: list[OutcomeRecord], key, label, order: list[str] | None = None
) -> list[tuple[str, str, list[core.PlacementFacts]]]:
    groups: dict[str, list[core.PlacementFacts]] = {}
    labels: dict[str, str] = {}
    for record in records:
        k = key(record)
        groups.setdefault(k, []).append(record.facts)
        labels[k] = label(record)
    keys = (
        [k for k in order if k in groups]
        if order is not None
        else sorted(groups, key=lambda k: labels[k].casefold())
    )
    return [(k, labels[k], groups[k]) for k in keys]


def build_report(user, *, started_from: date | None, started_to: date | None) -> Report:
    """Every figure of the outcomes page, for the user's organisation and the period."""
    today = timezone.localdate()
    threshold = small_cell_threshold()
    records = outcome_records(user, started_from=started_from, started_to=started_to)
    eeo_labels = dict(EeoCategory.choices)
    sex_labels = {**dict(Sex.choices), NOT_RECORDED: _("Not recorded")}

    def rows(groups, suppress: bool) -> list[core.GroupOutcomes]:
        return core.breakdown(groups, today=today, threshold=threshold if suppress else None)

    by_staff = _grouped(
        records,
        lambda r: str(r.staff_id or ""),
        lambda r: r.staff_name or _("Nobody assigned"),
    )
    by_employer = _grouped(records, lambda r: str(r.employer_id), lambda r: r.employer_name)
    by_eeo = _grouped(
        records,
        lambda r: r.eeo_category,
        lambda r: str(eeo_labels.get(r.eeo_category, r.eeo_category)),
        order=list(EeoCategory.values),
    )
    by_sex = _grouped(
        records,
        lambda r: r.sex,
        lambda r: str(sex_labels.get(r.sex, r.sex)),
        order=[*Sex.values, NOT_RECORDED],
    )
    return Report(
        started_from=started_from,
        started_to=started_to,
        today=today,
        threshold=threshold,
        total=core.outcomes_of((r.facts for r in records), today=today),
        breakdowns=[
            Breakdown("staff", _("By staff member"), rows(by_staff, False), False),
            Breakdown("employer", _("By employer"), rows(by_employer, False), False),
            Breakdown("eeo", _("By race and ethnicity (EEO category)"), rows(by_eeo, True), True),
            Breakdown("sex", _("By sex"), rows(by_sex, True), True),
        ],
    )


def _period(request: HttpRequest) -> tuple[OutcomesFilterForm, date | None, date | None]:
    form = OutcomesFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["started_from"], form.cleaned_data["started_to"]
    return form, None, None


def _checkpoint_labels() -> list[str]:
    return [str(label) for label in Checkpoint.labels]


@require_GET
@login_required
def outcomes_page(request: HttpRequest) -> HttpResponse:
    """The organisation's outcomes, a retention chart with its table, and each breakdown."""
    require_manager(request.user)
    form, started_from, started_to = _period(request)
    report = build_report(request.user, started_from=started_from, started_to=started_to)
    query = QueryDict(mutable=True)
    for name, value in (("started_from", started_from), ("started_to", started_to)):
        if value:
            query[name] = value.isoformat()
    return render(
        request,
        "placements/outcomes.html",
        {
            "form": form,
            "report": report,
            "total": report.total,
            "checkpoint_labels": _checkpoint_labels(),
            "retention_rows": list(zip(_checkpoint_labels(), report.total.retention, strict=True)),
            "hidden_text": _("fewer than %(n)s") % {"n": report.threshold},
            "query": query.urlencode(),
            "search": search_activity(
                request.user, started_from=started_from, started_to=started_to
            ),
        },
    )


@require_GET
@login_required
def outcomes_chart(request: HttpRequest) -> HttpResponse:
    """The retention chart of the outcomes page, as SVG."""
    require_manager(request.user)
    _form, started_from, started_to = _period(request)
    report = build_report(request.user, started_from=started_from, started_to=started_to)
    svg = retention_svg(
        report.total.retention,
        labels=_checkpoint_labels(),
        title=_("Still in the job at each checkpoint"),
        y_label=_("Per cent of placements"),
        of_text=_("%(retained)s of %(reached)s"),
        not_reached=_("not reached yet"),
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def _export_rows(report: Report, hidden: str) -> list[list[Any]]:
    def figures(o: core.Outcomes, row_hidden: bool, gain_hidden: bool, retention_hidden) -> list:
        if row_hidden:
            return [hidden] * (6 + 3 * len(o.retention))
        gain = [hidden] * 3 if gain_hidden else [o.with_prior_wage, o.median_gain, o.mean_gain]
        cells: list[Any] = [o.placements, o.median_wage, o.mean_wage, *gain]
        for r in o.retention:
            if r.checkpoint in retention_hidden:
                cells += [hidden] * 3
            else:
                cells += [r.reached, r.retained, r.percent]
        return cells

    out: list[list[Any]] = [
        [_("Organisation"), _("All placements"), *figures(report.total, False, False, ())]
    ]
    for b in report.breakdowns:
        for row in b.rows:
            out.append(
                [
                    b.title,
                    row.label,
                    *figures(row.outcomes, row.hidden, row.gain_hidden, row.retention_hidden),
                ]
            )
    return out


def _export_headers() -> list[str]:
    headers = [
        _("Breakdown"),
        _("Group"),
        _("Placements"),
        _("Median starting wage"),
        _("Mean starting wage"),
        _("Placements with an earlier wage"),
        _("Median wage gain"),
        _("Mean wage gain"),
    ]
    for label in _checkpoint_labels():
        headers += [
            _("Reached %(checkpoint)s") % {"checkpoint": label},
            _("Still employed at %(checkpoint)s") % {"checkpoint": label},
            _("Retention at %(checkpoint)s (%%)") % {"checkpoint": label},
        ]
    return headers


@require_GET
@login_required
def outcomes_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The outcomes tables as CSV or XLSX, small cells hidden as on the page; audited."""
    require_manager(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, started_from, started_to = _period(request)
    report = build_report(request.user, started_from=started_from, started_to=started_to)
    hidden = _("fewer than %(n)s") % {"n": report.threshold}
    rows = _export_rows(report, hidden)
    headers = _export_headers()
    if fmt == "xlsx":
        body = exports.rows_to_xlsx(headers, rows, title=_("Outcomes"))
        content_type = exports.XLSX_TYPE
    else:
        body = exports.rows_to_csv(headers, rows)
        content_type = exports.CSV_TYPE
    # Written once the whole body exists: an export that fails is not logged as made.
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="placements.placement",
        fields=["outcomes"],
        detail=(
            f"outcomes {fmt}, {report.total.placements} placements, "
            f"from {started_from or '-'} to {started_to or '-'}, small cells < {report.threshold}"
        ),
    )
    response = HttpResponse(body, content_type=content_type)
    stamp = report.today.isoformat()
    response["Content-Disposition"] = f'attachment; filename="outcomes-{stamp}.{fmt}"'
    return response
