"""A requisition with applicants, a two-competency rubric and a panel of Alice and Maria.

- coach (Alice, staff) and manager (Maria) sit on the panel; analyst (Ana) coordinates it.
- Applicants A1..A6 reached the interview stage (index 3); A7 stopped at screening.
"""

from decimal import Decimal

import pytest

from workbridge.equity.models import Applicant, Requisition
from workbridge.interviews.services import (
    competency_save,
    panel_create,
    rubric_save,
)


def anchors(prefix: str) -> dict[str, str]:
    return {f"anchor_{r}": f"{prefix} anchor {r}" for r in range(1, 6)}


def make_requisition(organisation, external_id="R-100", **extra) -> Requisition:
    values = {
        "department": "Water",
        "job_title": "Engineer",
        "year": 2025,
        **extra,
    }
    return Requisition.objects.create(organisation=organisation, external_id=external_id, **values)


def make_applicant(requisition, external_id, eeo="white", sex="female", reached=3) -> Applicant:
    return Applicant.objects.create(
        organisation=requisition.organisation,
        requisition=requisition,
        external_id=external_id,
        eeo_category=eeo,
        sex=sex,
        reached=reached,
    )


@pytest.fixture
def requisition(southside):
    req = make_requisition(southside)
    people = [
        ("A1", "white", "female"),
        ("A2", "black", "male"),
        ("A3", "hispanic", "female"),
        ("A4", "white", "male"),
        ("A5", "black", "female"),
        ("A6", "asian", "male"),
    ]
    for external_id, eeo, sex in people:
        make_applicant(req, external_id, eeo, sex)
    make_applicant(req, "A7", "white", "male", reached=2)
    return req


@pytest.fixture
def rubric(southside, analyst):
    rubric = rubric_save(
        organisation=southside,
        data={"name": "Engineer interview", "job_title": "Engineer"},
        by=analyst,
    )
    competency_save(
        rubric=rubric,
        data={
            "name": "Problem solving",
            "description": "Works a problem through",
            "weight": Decimal("2"),
            **anchors("Problem solving"),
        },
        by=analyst,
    )
    competency_save(
        rubric=rubric,
        data={
            "name": "Communication",
            "description": "Explains clearly",
            "weight": Decimal("1"),
            **anchors("Communication"),
        },
        by=analyst,
    )
    return rubric


@pytest.fixture
def panel(requisition, rubric, analyst, coach, manager):
    return panel_create(
        requisition=requisition,
        rubric=rubric,
        name="Engineer panel",
        members=[coach, manager],
        by=analyst,
    )


def competencies(panel):
    return list(panel.rubric.competencies.all())


def seat(panel, user):
    return panel.members.get(user=user)


def candidate(panel, external_id):
    return panel.candidates.get(applicant__external_id=external_id)
