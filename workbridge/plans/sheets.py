"""A plan as a spreadsheet in the usual five-column layout, and back.

Columns: Action, Timeline, Performance measures, Implementation plan, Status. A row whose
Action cell starts with "Goal area:" opens a goal area, one starting with "Strategy:" a
strategy of it; the rows after them are its actions. Performance measures and
implementation steps are one a line (a step starting "[x]" is done). The import checks every
row first and names each problem by row and column; it writes nothing unless all are good.
"""

import io
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.accounts.models import User
from workbridge.core.plans import TimelineError, timeline_date
from workbridge.core.spreadsheets import FileProblem, Limits, open_table, xlsx_append
from workbridge.plans.models import (
    Action,
    ActionStatus,
    ActionStep,
    GoalArea,
    Measure,
    Plan,
    StatusChange,
    Strategy,
)
from workbridge.plans.services import _own, plan_touched

COLUMNS = (
    gettext_lazy("Action"),
    gettext_lazy("Timeline"),
    gettext_lazy("Performance measures"),
    gettext_lazy("Implementation plan"),
    gettext_lazy("Status"),
)
ENGLISH_COLUMNS = ("Action", "Timeline", "Performance measures", "Implementation plan", "Status")
GOAL_PREFIXES = ("goal area:", "goal:")
STRATEGY_PREFIXES = ("strategy:",)
DONE_PREFIX = "[x]"


@dataclass(frozen=True)
class SheetProblem:
    row: int
    column: str
    message: str


@dataclass
class ParsedAction:
    row: int
    title: str
    timeline: str
    due_on: date | None
    measures: list[str]
    steps: list[tuple[str, bool]]
    status: str


@dataclass
class ParsedStrategy:
    title: str
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParsedGoal:
    title: str
    strategies: list[ParsedStrategy] = field(default_factory=list)


@dataclass
class ParsedPlan:
    goals: list[ParsedGoal] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)

    @property
    def actions(self) -> int:
        return sum(len(s.actions) for g in self.goals for s in g.strategies)


def _status_of(raw: str) -> str | None:
    wanted = " ".join(raw.lower().replace("_", " ").replace("-", " ").split())
    for value, label in ActionStatus.choices:
        if wanted in (value.replace("_", " "), str(label).lower()):
            return value
    return None


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("•-*").strip() for line in text.splitlines() if line.strip()]


def _prefixed(text: str, prefixes: tuple[str, ...]) -> str | None:
    lowered = text.lower()
    for prefix in prefixes:
        if lowered.startswith(prefix):
            return text[len(prefix) :].strip()
    return None


def plan_sheet_read(source: IO[bytes], filename: str, *, limits: Limits) -> ParsedPlan:
    """Every row checked; the plan as read and every problem with its row and column."""
    parsed = ParsedPlan()
    try:
        table = open_table(source, filename, limits=limits)
    except FileProblem as exc:
        parsed.problems.append(SheetProblem(1, "", _file_problem(exc)))
        return parsed
    with table:
        headers = [h.strip() for h in table.headers]
        expected = [str(c) for c in COLUMNS]
        matched = [h.lower() for h in headers[:5]] in (
            [e.lower() for e in expected],
            [e.lower() for e in ENGLISH_COLUMNS],
        )
        if not matched:
            parsed.problems.append(
                SheetProblem(
                    1,
                    "",
                    _("The first row must head the five columns: %(columns)s.")
                    % {"columns": ", ".join(expected)},
                )
            )
            return parsed
        names = headers[:5]
        try:
            for number, cells in table:
                cells = [*(c or "" for c in cells), "", "", "", "", ""][:5]
                action, timeline, measures, steps, status = (c.strip() for c in cells)
                _read_row(parsed, number, names, action, timeline, measures, steps, status)
        except FileProblem as exc:
            parsed.problems.append(SheetProblem(1, "", _file_problem(exc)))
    if not parsed.problems and not parsed.actions:
        parsed.problems.append(SheetProblem(1, "", _("The file has no actions.")))
    return parsed


def _file_problem(exc: FileProblem) -> str:
    from workbridge.web.uploads import file_problem_text

    return file_problem_text(exc)


def _read_row(
    parsed: ParsedPlan,
    number: int,
    names: list[str],
    action: str,
    timeline: str,
    measures: str,
    steps: str,
    status: str,
) -> None:
    def problem(column: int, message: str) -> None:
        parsed.problems.append(SheetProblem(number, names[column], message))

    goal = _prefixed(action, GOAL_PREFIXES)
    if goal is not None:
        if not goal:
            problem(0, _("Name the goal area after “Goal area:”."))
        parsed.goals.append(ParsedGoal(goal))
        return
    strategy = _prefixed(action, STRATEGY_PREFIXES)
    if strategy is not None:
        if not strategy:
            problem(0, _("Name the strategy after “Strategy:”."))
        if not parsed.goals:
            problem(0, _("A strategy must come after a “Goal area:” row."))
            return
        parsed.goals[-1].strategies.append(ParsedStrategy(strategy))
        return
    if not any((action, timeline, measures, steps, status)):
        return
    ok = True
    if not action:
        problem(0, _("Every action needs its text."))
        ok = False
    elif not parsed.goals or not parsed.goals[-1].strategies:
        problem(0, _("An action must come after a “Strategy:” row."))
        ok = False
    due_on = None
    if timeline:
        try:
            due_on = timeline_date(timeline)
        except TimelineError:
            problem(
                1,
                _(
                    "“%(value)s” is not a timeline: write a quarter (Q3 2026), a season "
                    "(Fall 2026), a year, a date (2026-09-30) or Ongoing."
                )
                % {"value": timeline},
            )
            ok = False
    found_status = ActionStatus.NOT_STARTED.value
    if status:
        found = _status_of(status)
        if found is None:
            problem(
                4,
                _("“%(value)s” is not a status: use one of %(choices)s.")
                % {
                    "value": status,
                    "choices": ", ".join(str(label) for _v, label in ActionStatus.choices),
                },
            )
            ok = False
        else:
            found_status = found
    for line in _lines(measures):
        if len(line) > 300:
            problem(2, _("A performance measure is longer than 300 characters."))
            ok = False
    for line in _lines(steps):
        if len(line) > 400:
            problem(3, _("An implementation step is longer than 400 characters."))
            ok = False
    if not ok:
        return
    parsed.goals[-1].strategies[-1].actions.append(
        ParsedAction(
            row=number,
            title=action,
            timeline=timeline,
            due_on=due_on,
            measures=_lines(measures),
            steps=[
                (line[len(DONE_PREFIX) :].strip(), True)
                if line.lower().startswith(DONE_PREFIX)
                else (line, False)
                for line in _lines(steps)
            ],
            status=found_status,
        )
    )


@transaction.atomic
def plan_sheet_load(*, plan: Plan, parsed: ParsedPlan, by: User) -> int:
    """Write a checked plan into `plan` (goal areas and strategies matched by title);
    returns the actions added. Refuses a plan read with problems."""
    _own(plan, by)
    if parsed.problems:
        raise ValueError("a plan with problems is never loaded")
    today = timezone.localdate()
    added = 0
    for g in parsed.goals:
        goal, _c = GoalArea.objects.get_or_create(
            plan=plan, title=g.title, defaults={"position": plan.goal_areas.count()}
        )
        for s in g.strategies:
            strategy, _c = Strategy.objects.get_or_create(
                goal_area=goal, title=s.title, defaults={"position": goal.strategies.count()}
            )
            start = strategy.actions.count()
            for i, a in enumerate(s.actions):
                action = Action.objects.create(
                    strategy=strategy,
                    plan=plan,
                    position=start + i,
                    title=a.title,
                    timeline=a.timeline,
                    due_on=a.due_on,
                    measures_text="\n".join(a.measures),
                    status=a.status,
                    status_on=today,
                )
                StatusChange.objects.create(
                    action=action, status=a.status, on=today, note=_("Imported"), by=by
                )
                ActionStep.objects.bulk_create(
                    ActionStep(action=action, position=k, text=text, done=done)
                    for k, (text, done) in enumerate(a.steps)
                )
                Measure.objects.bulk_create(
                    Measure(plan=plan, action=action, title=title) for title in a.measures
                )
                added += 1
    plan_touched(plan.pk)
    return added


def _measure_line(measure: Measure) -> str:
    parts = [measure.title]
    if measure.current_value is not None:
        parts.append(_("now %(value)s") % {"value": f"{measure.current_value:g}"})
    if measure.target_value is not None:
        parts.append(_("target %(value)s") % {"value": f"{measure.target_value:g}"})
    return " — ".join(parts) if len(parts) > 1 else measure.title


def plan_sheet_rows(plan: Plan) -> list[list[Any]]:
    """The plan in the five-column layout, grouped by goal area and strategy."""
    from workbridge.plans.queries import plan_tree

    rows: list[list[Any]] = []
    for goal in plan_tree(plan):
        rows.append([f"{_('Goal area')}: {goal.title}", "", "", "", ""])
        for strategy in goal.strategies.all():
            rows.append([f"{_('Strategy')}: {strategy.title}", "", "", "", ""])
            for action in strategy.actions.all():
                measures = list(action.measures.all())
                rows.append(
                    [
                        action.title,
                        action.timeline or (action.due_on.isoformat() if action.due_on else ""),
                        "\n".join(_measure_line(m) for m in measures) or action.measures_text,
                        "\n".join(
                            f"{DONE_PREFIX} {s.text}" if s.done else s.text
                            for s in action.steps.all()
                        ),
                        action.get_status_display(),
                    ]
                )
    return rows


def plan_sheet_xlsx(plan: Plan) -> bytes:
    """The five-column workbook, wrapped text and widths set for reading."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = str(plan.year)
    xlsx_append(sheet, [str(c) for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in plan_sheet_rows(plan):
        xlsx_append(sheet, row)
        if row[1:] == ["", "", "", ""]:
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for letter, width in zip("ABCDE", (60, 16, 50, 50, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
