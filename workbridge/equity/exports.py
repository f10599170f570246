"""The adverse-impact analysis as a workbook (openpyxl) and as a PDF (WeasyPrint).

The workbook has one sheet per step and a notes sheet with the method, the stage
list, the filters and the date; numbers are stored as numbers. Text is defused
against spreadsheet formulas (`workbridge.core.spreadsheets.xlsx_append`). Cells hidden
for publication read "hidden" in both outputs, exactly as on the page.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from workbridge.core.spreadsheets import XLSX_TYPE, xlsx_append
from workbridge.equity.charts import Bar, selection_rates_svg
from workbridge.equity.impact import ImpactReport, Row, StepResult, percent_floor, stage_label
from workbridge.web.renders import chart_cached, pdf_cached

__all__ = ["XLSX_TYPE", "impact_pdf", "impact_xlsx", "method_notes", "step_chart"]

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def method_notes(threshold: int, publication: bool) -> list[str]:
    """How the figures were computed, in plain words, for the notes sheet and the PDF."""
    notes = [
        _(
            "Selection rate: the people selected at a step over the people considered there."
            " A person is considered at a step from stage A to stage B when they reached A"
            " and did not withdraw before B, and selected when they reached B; people who"
            " withdrew leave the count from the stage they withdrew at."
        ),
        _(
            "Impact ratio: each group's selection rate over the reference group's rate."
            " Adverse impact is found when the ratio is below"
            " four-fifths (29 CFR 1607.4(D)), decided in exact arithmetic, so a ratio of"
            " exactly 0.8 is not adverse. Ratios and percentages are rounded down."
        ),
        _(
            "The reference group is the group of known membership with the highest rate"
            " among those that make up at least 2% of the people considered, as New York"
            " City's rules on automated employment decision tools allow (6 RCNY §5-301); a"
            " smaller group with a higher rate is named, and its ratio is above 1. If no"
            " group that large had anyone selected, the highest rate of any size is used."
        ),
        _(
            "Practically and statistically significant: below four-fifths, not reversed by"
            " one different selection, and Fisher's exact test p below 0.05. Other findings"
            " below four-fifths are listed as below four-fifths only."
        ),
        _(
            "Groups with under 2% of the people considered are flagged. Applicants who did"
            " not give their race or sex are counted in the totals and shown apart; they are"
            " never compared."
        ),
        _(
            "Tests against the reference group: two-sample Z test with a pooled"
            " proportion (two-sided p), Fisher's exact test (two-sided, and one-sided for a"
            " lower rate), and Lancaster's mid-p (one-sided). Shortfall: the extra"
            " selections the group would need to reach the reference rate. 'One selection"
            " reverses': whether moving one selection between this group and the reference"
            " group would change the four-fifths finding."
        ),
        _(
            "Shortfall against the overall rate: the group's people considered times the"
            " selection rate of everyone considered, less the group's selections, unrounded"
            " (how OFCCP conciliation agreements count a hiring shortfall). A negative figure"
            " means the group was selected more often than everyone considered."
        ),
    ]
    if publication:
        notes.append(
            _(
                "For publication, counts of at least one and fewer than %(n)s people are"
                " hidden, with further cells hidden so that no hidden count can be worked"
                " out from the totals."
            )
            % {"n": threshold}
        )
    return notes


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return _("Yes") if value else _("No")


def step_headers() -> list[str]:
    """The columns of each step's table, in the workbook as on the page."""
    return [
        _("Group"),
        _("Considered"),
        _("Selected"),
        _("Selection rate"),
        _("Impact ratio"),
        _("Adverse impact (four-fifths rule)"),
        _("Flags"),
        _("Z (pooled)"),
        _("p (Z test, two-sided)"),
        _("Fisher's exact p, two-sided"),
        _("Fisher's exact p, one-sided"),
        _("Mid-p, one-sided"),
        _("Shortfall to reach the highest rate"),
        _("Shortfall against the overall rate"),
        _("One selection reverses"),
        _("Practically and statistically significant"),
    ]


def row_flags(row: Row) -> str:
    """The row's flags in words: unknown group, under 2%, reference, passed over."""
    flags = []
    if row.unknown:
        flags.append(_("unknown group, not compared"))
    if row.impact is not None and row.impact.small_group and not row.hidden:
        flags.append(_("under 2% of those considered"))
    if row.impact is not None and row.impact.is_reference:
        flags.append(_("reference"))
    if row.passed_over and not row.hidden and not row.selected_hidden:
        flags.append(_("higher rate, too small to be the reference"))
    return "; ".join(flags)


def step_cells(row: Row, hidden: str) -> list[Any]:
    """One row's cells as numbers (or words), with hidden cells as the given word."""
    if row.hidden:
        return [row.label] + [hidden] * 5 + [row_flags(row)] + [hidden] * 9
    considered: Any = row.considered
    if row.selected_hidden:
        return [row.label, considered] + [hidden] * 4 + [row_flags(row)] + [hidden] * 9
    g = row.impact
    rate = None if row.considered == 0 else row.selected / row.considered
    if g is None:
        tail: list[Any] = ["—", _("Not compared")] + [row_flags(row)] + ["—"] * 9
        return [row.label, row.considered, row.selected, rate, *tail]
    return [
        row.label,
        row.considered,
        row.selected,
        rate,
        g.impact_ratio,
        _("Adverse impact") if g.adverse_impact else _("No adverse impact"),
        row_flags(row),
        g.z,
        g.p_z_two_sided,
        g.fisher_p_two_sided,
        g.fisher_p_one_sided,
        g.mid_p,
        None if g.is_reference or g.impact_ratio is None else g.shortfall,
        row.shortfall_overall,
        _yes_no(g.one_selection_reverses),
        _yes_no(g.significant) if g.adverse_impact else "—",
    ]


def _sheet_title(index: int, result: StepResult, used: set[str]) -> str:
    base = f"{index}. {stage_label(result.step.from_stage)}-{stage_label(result.step.to_stage)}"
    title = _SHEET_UNSAFE.sub(" ", base)[:31]
    while title in used:
        title = f"{title[:28]}_{len(used)}"
    used.add(title)
    return title


def impact_xlsx(
    report: ImpactReport, *, filters: Sequence[tuple[str, str]], generated: datetime
) -> bytes:
    """A workbook: a notes sheet, then one sheet per step with its table and totals."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    notes = book.active
    notes.title = _("Notes")[:31]
    bold = Font(bold=True)
    hidden = _("hidden")

    xlsx_append(notes, [_("Adverse-impact analysis")])
    notes["A1"].font = Font(bold=True, size=13)
    xlsx_append(notes, [_("Generated"), generated.strftime("%Y-%m-%d %H:%M")])
    if not report.publication:
        xlsx_append(notes, [_("Applicants counted"), report.applicants])
        xlsx_append(notes, [_("Applicants of unknown group"), report.unknown_applicants])
    xlsx_append(notes, [])
    xlsx_append(notes, [_("Filters")])
    notes.cell(row=notes.max_row, column=1).font = bold
    for name, value in filters:
        xlsx_append(notes, [name, value])
    xlsx_append(notes, [])
    xlsx_append(notes, [_("Stages, in order")])
    notes.cell(row=notes.max_row, column=1).font = bold
    for i, stage in enumerate(report.stages, start=1):
        xlsx_append(notes, [i, stage_label(stage)])
    xlsx_append(notes, [])
    xlsx_append(notes, [_("Method")])
    notes.cell(row=notes.max_row, column=1).font = bold
    for line in method_notes(report.threshold, report.publication):
        xlsx_append(notes, [line])
        notes.cell(row=notes.max_row, column=1).alignment = Alignment(wrap_text=True)
    xlsx_append(notes, [])
    xlsx_append(notes, [_("Findings")])
    notes.cell(row=notes.max_row, column=1).font = bold
    if not report.findings:
        xlsx_append(notes, [_("No applicants match these filters.")])
    for line in report.notices:
        xlsx_append(notes, [line])
    for heading, lines in (
        (
            _("Adverse impact that is both practically and statistically significant"),
            report.significant_findings,
        ),
        (_("Below four-fifths only"), report.four_fifths_findings),
    ):
        if report.findings:
            xlsx_append(notes, [heading])
            notes.cell(row=notes.max_row, column=1).font = bold
            for line in lines or [_("None.")]:
                xlsx_append(notes, [line])
    for line in report.other_findings:
        xlsx_append(notes, [line])
    notes.column_dimensions["A"].width = 100
    notes.column_dimensions["B"].width = 30

    used: set[str] = {notes.title}
    for index, result in enumerate(report.steps, start=1):
        sheet = book.create_sheet(_sheet_title(index, result, used))
        xlsx_append(sheet, [result.title])
        sheet["A1"].font = bold
        reference = result.reference_label or "—"
        xlsx_append(sheet, [_("Reference group"), reference])
        xlsx_append(sheet, [])
        headers = step_headers()
        overall_column = headers.index(_("Shortfall against the overall rate")) + 1
        xlsx_append(sheet, headers)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in result.rows:
            xlsx_append(sheet, step_cells(row, hidden))
            current = sheet.max_row
            if not row.hidden and not row.selected_hidden:
                sheet.cell(row=current, column=4).number_format = "0.0%"
                sheet.cell(row=current, column=5).number_format = "0.000"
                sheet.cell(row=current, column=overall_column).number_format = "0.0"
        xlsx_append(
            sheet,
            [
                _("All applicants"),
                hidden if result.considered_total_hidden else result.analysis.considered,
                hidden if result.selected_total_hidden else result.analysis.selected,
            ],
        )
        sheet.cell(row=sheet.max_row, column=1).font = bold
        xlsx_append(sheet, [])
        for line in result.findings:
            xlsx_append(sheet, [line])
        sheet.column_dimensions["A"].width = 44
        sheet.freeze_panes = "B5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def step_chart(result: StepResult) -> bytes:
    """The step's selection rates as an SVG bar chart; hidden and unknown groups are left out."""
    bars = []
    for row in result.rows:
        if row.unknown or row.hidden or row.selected_hidden or row.considered == 0:
            continue
        adverse = row.impact is not None and row.impact.adverse_impact
        words = f"{percent_floor(Fraction(row.selected, row.considered), 1)}%"
        if adverse:
            words += " · " + _("adverse impact")
        bars.append(Bar(row.label, row.selected / row.considered, words, adverse))
    reference = result.reference_rate
    four_fifths = None if reference is None else float(reference) * 0.8
    title = _("Selection rates: %(step)s") % {"step": result.title.lower()}
    x_label = _("Per cent of those considered who were selected")
    line_label = _("Four-fifths of the highest rate")
    return chart_cached(
        repr(("selection-rates", bars, four_fifths, title, x_label, line_label)),
        lambda: selection_rates_svg(
            bars, four_fifths=four_fifths, title=title, x_label=x_label, line_label=line_label
        ),
    )


def impact_pdf(
    report: ImpactReport, *, filters: Sequence[tuple[str, str]], generated: datetime
) -> bytes:
    """The analysis as a PDF: the findings, each step's chart and table, and the method."""
    charts = {
        result.key: "data:image/svg+xml;base64,"
        + base64.b64encode(step_chart(result)).decode("ascii")
        for result in report.steps
    }
    context = {
        "report": report,
        "filters": filters,
        "charts": charts,
        "steps": [(result, charts[result.key]) for result in report.steps],
        "method": method_notes(report.threshold, report.publication),
        "hidden_text": _("hidden"),
    }
    html = render_to_string("equity/impact_pdf.html", {**context, "generated": generated})
    # The same figures give the same PDF whenever it was asked for: the key leaves the time out.
    identity = render_to_string("equity/impact_pdf.html", {**context, "generated": None})
    return pdf_cached(html, identity=identity)
