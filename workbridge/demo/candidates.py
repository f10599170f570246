"""Fictional candidate communication for the demo: contact details, notices sent, an exam.

Some of the latest year's applicants get contact details (example.org addresses, one in
four asking for Spanish, a few asking for no updates) and the notices they were sent for
the stages they reached; a clerical exam with three sections is taken by applicants to
administrative-support jobs, some twice (at two requisitions, linked by the person key),
with feedback reports given to about half of those who failed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import Organisation
from workbridge.equity.candidates.keys import person_key
from workbridge.equity.candidates.models import (
    CandidateContact,
    Exam,
    ExamResult,
    NoticeStatus,
    StageNotice,
)
from workbridge.equity.models import Applicant

EXAM_SECTIONS = [
    {
        "name": "Reading comprehension",
        "pass_mark": 70,
        "resources": "The free practice test at any Chicago Public Library branch.",
    },
    {
        "name": "Arithmetic",
        "pass_mark": 65,
        "resources": "City Colleges' adult education math refresher (evenings, no fee).",
    },
    {
        "name": "Office procedures",
        "pass_mark": 70,
        "resources": "The exam study guide on the city's jobs website.",
    },
]
CONTACTS = 240


@transaction.atomic
def seed_candidates(organisation: Organisation, seed: int = 42) -> dict[str, int]:
    """Write the demo's candidate data for one organisation (the same for the same seed)."""
    rng = random.Random(seed)
    latest = (
        Applicant.objects.filter(organisation=organisation)
        .order_by("-requisition__year", "requisition__external_id", "external_id")
        .select_related("requisition")[: CONTACTS * 3]
    )
    chosen = sorted(rng.sample(list(latest), min(CONTACTS, len(latest))), key=lambda a: a.pk)
    now = timezone.now()
    contacts, notices = [], []
    for n, applicant in enumerate(chosen):
        opted_out = n % 19 == 0
        contacts.append(
            CandidateContact(
                organisation=organisation,
                applicant=applicant,
                email=f"candidate{applicant.pk}@example.org" if n % 13 else "",
                phone=f"312-555-{1000 + n:04d}" if n % 3 == 0 else "",
                language="es" if n % 4 == 0 else "en",
                notices_opt_out=opted_out,
                person_key=person_key(f"DEMO-{applicant.external_id}"),
                notified_stage=applicant.reached,
            )
        )
        for stage in range(1, applicant.reached + 1):
            status = (
                NoticeStatus.OPTED_OUT
                if opted_out
                else NoticeStatus.NO_ADDRESS
                if n % 13 == 0
                else NoticeStatus.SENT
            )
            notices.append(
                StageNotice(
                    organisation=organisation,
                    applicant=applicant,
                    stage=stage,
                    status=status,
                    sent_at=now - timedelta(days=7 * (applicant.reached - stage))
                    if status == NoticeStatus.SENT
                    else None,
                )
            )
    CandidateContact.objects.bulk_create(contacts, batch_size=500)
    StageNotice.objects.bulk_create(notices, batch_size=1000)
    exam, _made = Exam.objects.update_or_create(
        organisation=organisation,
        name="Clerical aptitude exam",
        defaults={"sections": EXAM_SECTIONS},
    )
    takers = list(
        Applicant.objects.filter(
            organisation=organisation, requisition__eeo4_category="admin_support"
        )
        .order_by("requisition__posting_date", "requisition__external_id", "external_id")
        .select_related("requisition")[:300]
    )
    results = []
    # Every third taker of the first half applies again later: same person, second attempt.
    first, later = takers[: len(takers) // 2], takers[len(takers) // 2 :]
    person_of = {a.pk: f"DEMO-P{a.pk}" for a in takers}
    for k, applicant in enumerate(later):
        if k % 3 == 0 and k // 3 < len(first):
            person_of[applicant.pk] = person_of[first[k // 3].pk]
    for applicant in takers:
        ability = rng.gauss(72, 10)
        scores = {
            s["name"]: round(min(100.0, max(20.0, ability + rng.gauss(0, 8))), 1)
            for s in EXAM_SECTIONS
        }
        passed = all(scores[s["name"]] >= s["pass_mark"] for s in EXAM_SECTIONS)
        posted = applicant.requisition.posting_date or date(applicant.requisition.year, 3, 1)
        taken_on = posted + timedelta(days=21)
        given = None
        if not passed and rng.random() < 0.5:
            given = timezone.make_aware(
                timezone.datetime.combine(
                    taken_on + timedelta(days=10), timezone.datetime.min.time()
                )
            )
        results.append(
            ExamResult(
                organisation=organisation,
                exam=exam,
                applicant=applicant,
                person_key=person_key(person_of[applicant.pk]),
                taken_on=taken_on,
                section_scores=scores,
                passed=passed,
                feedback_given_at=given,
            )
        )
    ExamResult.objects.bulk_create(results, batch_size=500)
    return {"contacts": len(contacts), "notices": len(notices), "exam_results": len(results)}
