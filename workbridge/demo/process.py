"""Fictional application-process data for the demo: session events and optional steps.

For the latest year's applicants (at most ``SAMPLE`` of them): their sessions on the
online application (started, saved, help requested, validation warnings, submitted,
with minutes), and, where a department uses them, their outcome at the two optional
steps (a secondary screening and a phone interview), so the application-process and
optional-steps reports are not empty. Applicants who did not say their race or
ethnicity, and Hispanic applicants, ask for help a little more often, so the report has
something to show. Invented, and the same for the same seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from workbridge.accounts.models import Organisation
from workbridge.equity.models import Applicant, ApplicationSessionEvent, OptionalStepOutcome

SAMPLE = 2_000
FORM_STEPS = ("Contact details", "Work history", "Education", "Questions", "Review")
# Which departments use which optional step, and for how many of their applicants.
SECONDARY_SCREENING = {"Water Management": 1.0, "Fire": 0.8, "Police": 0.9}
PHONE_INTERVIEW = {"Water Management": 0.4, "Public Health": 0.7, "Streets and Sanitation": 0.5}


def seed_process(organisation: Organisation, seed: int = 42) -> tuple[int, int]:
    """Write the demo's session events and optional-step outcomes; (events, outcomes)."""
    rng = random.Random(seed * 31 + 7)
    latest = (
        Applicant.objects.filter(organisation=organisation)
        .order_by("-requisition__year")
        .values_list("requisition__year", flat=True)
        .first()
    )
    if latest is None:
        return 0, 0
    chosen = list(
        Applicant.objects.filter(organisation=organisation, requisition__year=latest)
        .order_by("requisition__external_id", "external_id")
        .values_list("pk", "eeo_category", "reached", "requisition__department")[:SAMPLE]
    )
    ApplicationSessionEvent.objects.filter(organisation=organisation).delete()
    OptionalStepOutcome.objects.filter(organisation=organisation).delete()
    start = timezone.make_aware(datetime(latest, 3, 1, 9))
    events: list[ApplicationSessionEvent] = []
    outcomes: list[OptionalStepOutcome] = []
    for pk, eeo, reached, department in chosen:
        help_odds = 0.25 if eeo in ("hispanic", "not_disclosed") else 0.12
        sessions = rng.choices([1, 2, 3], [55, 35, 10])[0]
        submitted = reached > 0 or rng.random() < 0.9
        when = start + timedelta(days=rng.randrange(200), minutes=rng.randrange(600))

        def add(
            session: int, step: str, kind: str, minutes: float, at: datetime, pk: int = pk
        ) -> None:
            events.append(
                ApplicationSessionEvent(
                    organisation=organisation,
                    applicant_id=pk,
                    session=str(session),
                    step=step,
                    kind=kind,
                    occurred_at=at,
                    minutes=round(minutes, 1),
                )
            )

        done = 0
        for session in range(1, sessions + 1):
            minutes = 0.0
            add(session, FORM_STEPS[done], "started" if session == 1 else "saved", 0, when)
            steps = len(FORM_STEPS)
            last = steps if session == sessions else rng.randrange(done + 1, steps + 1)
            for step in FORM_STEPS[done:last]:
                minutes += rng.uniform(2, 12)
                if rng.random() < help_odds:
                    add(session, step, "help_requested", minutes, when)
                if rng.random() < 0.1:
                    add(session, step, "validation_warning", minutes, when)
            done = min(last, len(FORM_STEPS) - 1)
            final = "submitted" if session == sessions and submitted else "saved"
            add(session, FORM_STEPS[done], final, minutes, when + timedelta(minutes=minutes))
            when += timedelta(days=rng.randrange(1, 4))
        if reached < 1:
            continue
        for step, used_by, passed in (
            ("Secondary screening", SECONDARY_SCREENING, reached >= 2),
            ("Phone interview", PHONE_INTERVIEW, reached >= 3),
        ):
            share = used_by.get(department)
            if share is None:
                continue
            took = rng.random() < share and (step != "Phone interview" or reached >= 2)
            outcome = ("passed" if passed else "failed") if took else "skipped"
            outcomes.append(
                OptionalStepOutcome(
                    organisation=organisation, applicant_id=pk, step=step, outcome=outcome
                )
            )
    ApplicationSessionEvent.objects.bulk_create(events, batch_size=2_000)
    OptionalStepOutcome.objects.bulk_create(outcomes, batch_size=2_000)
    return len(events), len(outcomes)
