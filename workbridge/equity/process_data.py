"""Imports of application-process data: session events and optional-step outcomes.

Both files name applicants as the applicant-flow import does: by the applicant id, and by
the requisition id as well where one person applied to several requisitions (an
applicant id held by more than one requisition, with no requisition id on the row, is
refused rather than guessed). Every row is checked before anything is written; each
problem names its row and its column as the file heads it; the whole file is then
written in one transaction, replacing what was held before for the same applicants (the
session events of every applicant in the file; the outcomes of every applicant and step
in the file), so importing the same file again changes nothing.

- Session events: applicant id, requisition id (optional), session (its number or id),
  form step, event (started, saved, submitted, help requested, validation warning), when
  it happened, minutes spent in the session so far. A row needs a session or a time; a
  row with only a time counts in the session of that day.
- Optional steps: applicant id, requisition id (optional), step (secondary screening,
  phone interview …), outcome (passed, failed, skipped or not offered; a blank outcome is
  a skipped step, as ``core.optional_steps.parse_step_outcome`` reads it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.bulk import delete_set_based
from workbridge.core import spreadsheets
from workbridge.core.optional_steps import parse_step_outcome
from workbridge.equity.models import (
    Applicant,
    ApplicationSessionEvent,
    OptionalStepOutcome,
    SessionEventKind,
)
from workbridge.equity.reference_data import problem_text as reference_problem_text
from workbridge.web.uploads import spreadsheet_limits

CHUNK = 2_000

PROBLEM_MESSAGES = {
    "unknown_applicant": gettext_lazy("No applicant has the id “%(value)s”."),
    "unknown_applicant_in_requisition": gettext_lazy(
        "Requisition “%(requisition)s” has no applicant with the id “%(value)s”."
    ),
    "ambiguous_applicant": gettext_lazy(
        "The applicant id “%(value)s” is in %(count)s requisitions: add a requisition id column."
    ),
    "not_event": gettext_lazy(
        "“%(value)s” is not an event: use started, saved, submitted, help requested or"
        " validation warning."
    ),
    "not_outcome": gettext_lazy(
        "“%(value)s” is not an outcome: use passed, failed, skipped or not offered."
    ),
    "not_time": gettext_lazy(
        "“%(value)s” is not a date and time (use YYYY-MM-DD HH:MM or MM/DD/YYYY HH:MM)."
    ),
    "negative": gettext_lazy("“%(value)s” cannot be below zero."),
    "session_or_time": gettext_lazy("Give the session or the time of the event."),
    "repeated_step": gettext_lazy("The same applicant and step is on line %(other)s."),
}


def problem_text(problem: spreadsheets.Problem) -> str:
    """A problem of a session-event or optional-step file as a sentence."""
    template = PROBLEM_MESSAGES.get(problem.code)
    if template is None:
        return reference_problem_text(problem)
    return str(template) % {"value": "", **problem.params}


# Cell parsers -----------------------------------------------------------------------------

_EVENT_WORDS = {
    "start": SessionEventKind.STARTED,
    "begin": SessionEventKind.STARTED,
    "save": SessionEventKind.SAVED,
    "submit": SessionEventKind.SUBMITTED,
    "help": SessionEventKind.HELP_REQUESTED,
    "warning": SessionEventKind.VALIDATION_WARNING,
    "validation": SessionEventKind.VALIDATION_WARNING,
}


def _event_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for key, label in SessionEventKind.choices:
        words[key] = key
        words[str(label).lower()] = key
        with translation.override("en"):
            words[str(label).lower()] = key
    for word, key in _EVENT_WORDS.items():
        words[word] = key
    return {w.replace("_", " ").replace("-", " "): k for w, k in words.items()}


def parse_event(raw: str) -> str:
    """An event's key from its key, its name (English or the page's language) or a short word."""
    text = " ".join(raw.strip().lower().replace("_", " ").replace("-", " ").split())
    found = _event_words().get(text)
    if found is None:
        raise spreadsheets.ValueProblem("not_event")
    return found


def parse_minutes(raw: str) -> float:
    value = spreadsheets.parse_decimal(raw)
    if value < 0:
        raise spreadsheets.ValueProblem("negative")
    return float(value)


TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
)


def parse_time(raw: str) -> datetime:
    """A date and time (or a date alone, at midnight), in the organisation's time zone."""
    text = raw.strip()
    try:
        # ISO 8601, with seconds, fractions or an offset (how an XLSX time cell reads)
        found = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        if ":" in text:
            return found if timezone.is_aware(found) else timezone.make_aware(found)
    for fmt in TIME_FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    else:
        try:
            day = spreadsheets.parse_date(text)
        except spreadsheets.ValueProblem:
            raise spreadsheets.ValueProblem("not_time") from None
        moment = datetime(day.year, day.month, day.day)
    return timezone.make_aware(moment)


def parse_outcome(raw: str) -> str:
    try:
        return parse_step_outcome(raw)
    except ValueError:
        raise spreadsheets.ValueProblem("not_outcome") from None


# Columns ----------------------------------------------------------------------------------

APPLICANT_ALIASES = ("applicant", "application id", "candidate id", "applicant number")
REQUISITION_ALIASES = ("requisition", "job id", "posting id", "requisition number")


def session_columns() -> list[spreadsheets.Column]:
    """The columns a session-event file may have."""
    return [
        spreadsheets.Column("applicant_id", _("applicant id"), True, str, APPLICANT_ALIASES),
        spreadsheets.Column("requisition_id", _("requisition id"), False, str, REQUISITION_ALIASES),
        spreadsheets.Column(
            "session", _("session"), False, str, ("session id", "session number", "visit")
        ),
        spreadsheets.Column("step", _("form step"), False, str, ("page", "section")),
        spreadsheets.Column(
            "event", _("event"), True, parse_event, ("event type", "kind", "action")
        ),
        spreadsheets.Column(
            "time",
            _("when"),
            False,
            parse_time,
            ("timestamp", "date", "date time", "occurred at"),
        ),
        spreadsheets.Column(
            "minutes",
            _("minutes"),
            False,
            parse_minutes,
            ("minutes spent", "duration", "time spent"),
        ),
    ]


def step_columns() -> list[spreadsheets.Column]:
    """The columns an optional-step file may have."""
    return [
        spreadsheets.Column("applicant_id", _("applicant id"), True, str, APPLICANT_ALIASES),
        spreadsheets.Column("requisition_id", _("requisition id"), False, str, REQUISITION_ALIASES),
        spreadsheets.Column("step", _("optional step"), True, str, ("step name",)),
        # Not required per cell: a blank outcome is a skipped step. The column must be there.
        spreadsheets.Column("outcome", _("outcome"), False, parse_outcome, ("result",)),
    ]


# Checking ---------------------------------------------------------------------------------


@dataclass
class ProcessPlan:
    """A file read and checked: the rows to write (with their applicant's key), or every problem."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[spreadsheets.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def applicants(self) -> set[int]:
        return {r["applicant"] for r in self.rows}


def _applicant_index(
    organisation: Organisation, external_ids: Iterable[str]
) -> dict[str, list[tuple[str, int]]]:
    """Each applicant id's (requisition id, applicant key) pairs in the organisation."""
    wanted = sorted(set(external_ids))
    index: dict[str, list[tuple[str, int]]] = {}
    for start in range(0, len(wanted), CHUNK):
        for external_id, requisition, pk in Applicant.objects.filter(
            organisation=organisation, external_id__in=wanted[start : start + CHUNK]
        ).values_list("external_id", "requisition__external_id", "pk"):
            index.setdefault(external_id, []).append((requisition, pk))
    return index


def _applicant_of(
    row: dict[str, Any],
    line: int,
    index: dict[str, list[tuple[str, int]]],
    mapping: dict[str, str],
) -> int | spreadsheets.Problem:
    """The applicant a row names, or the problem with it."""
    external_id = row["applicant_id"]
    requisition = row.get("requisition_id", "")
    column = mapping.get("applicant_id", "")
    found = index.get(external_id, [])
    if requisition:
        for req, pk in found:
            if req == requisition:
                return pk
        return spreadsheets.Problem(
            line,
            column,
            "unknown_applicant_in_requisition",
            {"value": external_id, "requisition": requisition},
        )
    if not found:
        return spreadsheets.Problem(line, column, "unknown_applicant", {"value": external_id})
    if len(found) > 1:
        return spreadsheets.Problem(
            line, column, "ambiguous_applicant", {"value": external_id, "count": len(found)}
        )
    return found[0][1]


def _read(
    source: IO[bytes], filename: str, columns: Sequence[spreadsheets.Column]
) -> tuple[spreadsheets.Checked, dict[str, str]] | spreadsheets.Problem:
    try:
        with spreadsheets.open_table(source, filename, limits=spreadsheet_limits()) as table:
            mapping = spreadsheets.guess_mapping(table.headers, columns)
            checked = spreadsheets.check_rows(table.headers, table, columns, mapping)
    except spreadsheets.FileProblem as exc:
        return spreadsheets.Problem(1, "", exc.code, exc.params)
    return checked, mapping


def session_events_check(
    organisation: Organisation, source: IO[bytes], filename: str
) -> ProcessPlan:
    """Read and check every row of a session-event file; nothing is written."""
    plan = ProcessPlan()
    read = _read(source, filename, session_columns())
    if isinstance(read, spreadsheets.Problem):
        plan.problems.append(read)
        return plan
    checked, mapping = read
    plan.problems.extend(checked.problems)
    if not checked.problems and not checked.rows_read:
        plan.problems.append(spreadsheets.Problem(1, "", "no_rows"))
    index = _applicant_index(organisation, (r["applicant_id"] for r in checked.rows))
    for line, row in zip(checked.numbers, checked.rows, strict=True):
        applicant = _applicant_of(row, line, index, mapping)
        if isinstance(applicant, spreadsheets.Problem):
            plan.problems.append(applicant)
            continue
        session = row.get("session", "")[:64]
        moment: datetime | None = row.get("time")
        if not session:
            if moment is None:
                plan.problems.append(
                    spreadsheets.Problem(
                        line, mapping.get("session") or mapping.get("time", ""), "session_or_time"
                    )
                )
                continue
            session = timezone.localtime(moment).date().isoformat()
        plan.rows.append(
            {
                "applicant": applicant,
                "session": session,
                "step": row.get("step", "")[:120],
                "kind": row["event"],
                "occurred_at": moment,
                "minutes": row.get("minutes", 0.0),
            }
        )
    return plan


def step_outcomes_check(
    organisation: Organisation, source: IO[bytes], filename: str
) -> ProcessPlan:
    """Read and check every row of an optional-step file; nothing is written."""
    plan = ProcessPlan()
    columns = step_columns()
    read = _read(source, filename, columns)
    if isinstance(read, spreadsheets.Problem):
        plan.problems.append(read)
        return plan
    checked, mapping = read
    if not checked.problems and "outcome" not in mapping:
        outcome = next(c for c in columns if c.key == "outcome")
        plan.problems.append(
            spreadsheets.Problem(1, outcome.label, "choose_column", {"field": outcome.label})
        )
        return plan
    plan.problems.extend(checked.problems)
    if not checked.problems and not checked.rows_read:
        plan.problems.append(spreadsheets.Problem(1, "", "no_rows"))
    index = _applicant_index(organisation, (r["applicant_id"] for r in checked.rows))
    seen: dict[tuple[int, str], int] = {}
    for line, row in zip(checked.numbers, checked.rows, strict=True):
        applicant = _applicant_of(row, line, index, mapping)
        if isinstance(applicant, spreadsheets.Problem):
            plan.problems.append(applicant)
            continue
        step = " ".join(row["step"].split())[:120]
        key = (applicant, step.casefold())
        if key in seen:
            plan.problems.append(
                spreadsheets.Problem(line, mapping["step"], "repeated_step", {"other": seen[key]})
            )
            continue
        seen[key] = line
        plan.rows.append(
            {"applicant": applicant, "step": step, "outcome": row.get("outcome", "skipped")}
        )
    return plan


# Writing ----------------------------------------------------------------------------------


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


@transaction.atomic
def session_events_import(
    *, organisation: Organisation, by: User, plan: ProcessPlan, filename: str
) -> int:
    """Replace the session events of the file's applicants with its rows; returns how many."""
    if not plan.ok:
        raise ValueError("the file has problems")
    applicants = sorted(plan.applicants)
    for chunk in _chunks(applicants):
        held = ApplicationSessionEvent.objects.filter(
            organisation=organisation, applicant_id__in=chunk
        )
        delete_set_based(held, organisation.pk)
    ApplicationSessionEvent.objects.bulk_create(
        (
            ApplicationSessionEvent(
                organisation=organisation,
                applicant_id=r["applicant"],
                session=r["session"],
                step=r["step"],
                kind=r["kind"],
                occurred_at=r["occurred_at"],
                minutes=r["minutes"],
            )
            for r in plan.rows
        ),
        batch_size=CHUNK,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="equity.applicationsessionevent",
        fields=["session", "step", "kind", "occurred_at", "minutes"],
        detail=(
            f"session events {filename[:100]}: {len(plan.rows)} events"
            f" of {len(applicants)} applicants"
        ),
    )
    return len(plan.rows)


@transaction.atomic
def step_outcomes_import(
    *, organisation: Organisation, by: User, plan: ProcessPlan, filename: str
) -> int:
    """Replace the outcomes the file gives (per applicant and step); returns how many."""
    if not plan.ok:
        raise ValueError("the file has problems")
    steps_of: dict[int, set[str]] = {}
    for r in plan.rows:
        steps_of.setdefault(r["applicant"], set()).add(r["step"].casefold())
    applicants = sorted(steps_of)
    for chunk in _chunks(applicants):
        stale = [
            pk
            for pk, applicant, step in OptionalStepOutcome.objects.filter(
                organisation=organisation, applicant_id__in=chunk
            ).values_list("pk", "applicant_id", "step")
            if step.casefold() in steps_of[applicant]
        ]
        for part in _chunks(stale):
            delete_set_based(OptionalStepOutcome.objects.filter(pk__in=part), organisation.pk)
    OptionalStepOutcome.objects.bulk_create(
        (
            OptionalStepOutcome(
                organisation=organisation,
                applicant_id=r["applicant"],
                step=r["step"],
                outcome=r["outcome"],
            )
            for r in plan.rows
        ),
        batch_size=CHUNK,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="equity.optionalstepoutcome",
        fields=["step", "outcome"],
        detail=(
            f"optional steps {filename[:100]}: {len(plan.rows)} outcomes"
            f" of {len(applicants)} applicants"
        ),
    )
    return len(plan.rows)
