"""Application-process measures from application-session events: how usable applying is.

Events, one per row: an application (its id), the session it happened in, the step of
the form, the kind (started, saved, submitted, help_requested, validation_warning) and
the minutes spent in that session up to the event. Measures, by applicant group or by
form step:
- completion rate: applications with a ``submitted`` event over applications started;
- sessions per application: distinct sessions, over applications;
- help requests and validation warnings per application;
- time to complete: the median of a submitted application's total minutes (the most
  minutes recorded in each of its sessions, summed), so one very long session does not
  swamp the figure as a mean would.
Per step, an application counts where it has any event at that step; completion is of
the whole application.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

EVENTS = ("started", "saved", "submitted", "help_requested", "validation_warning")


@dataclass(frozen=True)
class SessionEvent:
    application: str
    session: str
    step: str
    event: str
    minutes: float
    group: str = ""


@dataclass(frozen=True)
class ProcessMeasure:
    key: str  # the group or the step
    applications: int
    completed: int
    sessions_per_application: float
    help_requests: int
    warnings: int
    median_minutes_to_complete: float | None

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.applications if self.applications else None

    @property
    def help_per_application(self) -> float | None:
        return self.help_requests / self.applications if self.applications else None


def process_measures(events: Iterable[SessionEvent], *, by: str = "group") -> list[ProcessMeasure]:
    """Completion, sessions, help, warnings and time to complete, per group or per step."""
    if by not in ("group", "step"):
        raise ValueError("by must be group or step")
    events = list(events)
    for e in events:
        if e.event not in EVENTS:
            raise ValueError(f"unknown event {e.event!r}")
    submitted = {e.application for e in events if e.event == "submitted"}
    session_minutes: dict[tuple[str, str], float] = {}
    for e in events:
        key = (e.application, e.session)
        session_minutes[key] = max(session_minutes.get(key, 0.0), e.minutes)
    total_minutes: dict[str, float] = {}
    for (application, _session), minutes in session_minutes.items():
        total_minutes[application] = total_minutes.get(application, 0.0) + minutes
    apps_of: dict[str, set[str]] = {}
    sessions_of: dict[str, set[tuple[str, str]]] = {}
    help_of: dict[str, int] = {}
    warn_of: dict[str, int] = {}
    for e in events:
        bucket = e.group if by == "group" else e.step
        apps_of.setdefault(bucket, set()).add(e.application)
        sessions_of.setdefault(bucket, set()).add((e.application, e.session))
        help_of[bucket] = help_of.get(bucket, 0) + (e.event == "help_requested")
        warn_of[bucket] = warn_of.get(bucket, 0) + (e.event == "validation_warning")
    measures = []
    for bucket, apps in sorted(apps_of.items()):
        done = apps & submitted
        times = [total_minutes[a] for a in done]
        measures.append(
            ProcessMeasure(
                key=bucket,
                applications=len(apps),
                completed=len(done),
                sessions_per_application=len(sessions_of[bucket]) / len(apps),
                help_requests=help_of[bucket],
                warnings=warn_of[bucket],
                median_minutes_to_complete=statistics.median(times) if times else None,
            )
        )
    return measures
