"""Two coordinators editing different fields of one rubric at once both keep their change."""

from workbridge.interviews.models import Competency, Rubric
from workbridge.interviews.services import COMPETENCY_FIELDS, competency_save, rubric_save


def test_it_keeps_both_coordinators_edits_of_a_rubric(southside, rubric, analyst, manager):
    first = Rubric.objects.get(pk=rubric.pk)
    second = Rubric.objects.get(pk=rubric.pk)

    rubric_save(
        organisation=southside,
        data={"name": "Engineer loop", "job_title": first.job_title},
        by=analyst,
        rubric=first,
    )
    rubric_save(
        organisation=southside,
        data={"name": second.name, "job_title": "Software engineer"},
        by=manager,
        rubric=second,
    )

    rubric.refresh_from_db()
    assert (rubric.name, rubric.job_title) == ("Engineer loop", "Software engineer")


def test_it_keeps_both_coordinators_edits_of_a_competency(rubric, analyst, manager):
    competency = rubric.competencies.order_by("position").first()
    first = Competency.objects.get(pk=competency.pk)
    second = Competency.objects.get(pk=competency.pk)

    as_loaded = {name: getattr(first, name) for name in COMPETENCY_FIELDS}
    competency_save(
        rubric=rubric,
        data={**as_loaded, "anchor_1": "Cannot break the problem down."},
        by=analyst,
        competency=first,
    )
    competency_save(
        rubric=rubric,
        data={**as_loaded, "description": "Works through an unfamiliar problem."},
        by=manager,
        competency=second,
    )

    competency.refresh_from_db()
    assert (competency.anchor_1, competency.description) == (
        "Cannot break the problem down.",
        "Works through an unfamiliar problem.",
    )
