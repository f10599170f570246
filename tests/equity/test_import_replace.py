"""A file without applicant ids, imported again, replaces the applicants its earlier import
gave the same requisitions, with everything that depends on them, and nothing else."""

from datetime import date

import pytest
from django.db.models.signals import post_delete

from tests.equity.test_import_service import import_file, write_csv
from workbridge.equity.candidates.models import CandidateContact, Exam, ExamResult, StageNotice
from workbridge.equity.models import Applicant, JobFair, JobFairInterest, Requisition

HEADER = ["requisition_id", "department", "job_title", "posting_date", "race_ethnicity", "sex"]
HEADER += ["stage_reached", "applied_date"]
MAPPING = {key: key for key in HEADER}
CLERK = ["R1", "Finance", "Clerk", "2024-02-01"]
FIRST = [
    [*CLERK, "white", "female", "applied", "2024-02-03"],
    [*CLERK, "black", "male", "hired", "2024-02-04"],
    [*CLERK, "asian", "female", "interviewed", "2024-02-05"],
]
SECOND = [
    [*CLERK, "black", "female", "interviewed", "2024-02-06"],
    [*CLERK, "white", "male", "applied", "2024-02-07"],
]


@pytest.fixture(autouse=True)
def _files(disk_file_store):
    pass


def _depend_on(applicant: Applicant, exam: Exam) -> None:
    """A contact, a stage notice and an exam result, as the candidate pages keep them."""
    org = applicant.organisation
    CandidateContact.objects.create(
        organisation=org, applicant=applicant, email=f"{applicant.pk}@example.org"
    )
    StageNotice.objects.create(organisation=org, applicant=applicant, stage=1)
    ExamResult.objects.create(
        organisation=org,
        exam=exam,
        applicant=applicant,
        person_key=f"k{applicant.pk}",
        taken_on=date(2024, 2, 10),
        passed=True,
    )


@pytest.mark.parametrize("lifted", [False, True], ids=["checked row by row", "keys lifted"])
def test_a_reimport_replaces_the_applicants_and_leaves_no_orphans(
    analyst, tmp_path, monkeypatch, lifted
):
    # (on PostgreSQL a large delete lifts the keys that point at the applicants; here
    # every delete counts as large in the second case)
    if lifted:
        monkeypatch.setattr("workbridge.bulk.UNCHECKED_DELETE_FROM", 1)
    # given a file without applicant ids imported once, its applicants contacted and examined
    organisation = analyst.membership.organisation
    import_file(organisation, analyst, write_csv(tmp_path, FIRST, HEADER, "first.csv"), MAPPING)
    exam = Exam.objects.create(organisation=organisation, name="Clerical exam")
    first = list(Applicant.objects.all())
    for applicant in first:
        _depend_on(applicant, exam)
    # and one of them found among a job fair's interested people
    fair = JobFair.objects.create(
        organisation=organisation, name="Spring fair", date=date(2024, 1, 20)
    )
    interest = JobFairInterest.objects.create(job_fair=fair, external_id="F1", applicant=first[0])
    # and an applicant with an id of its own at another requisition, contacted too
    other = Requisition.objects.create(
        organisation=organisation, external_id="R9", department="Water", job_title="Engineer",
        year=2024,
    )  # fmt: skip
    kept = Applicant.objects.create(
        organisation=organisation, requisition=other, external_id="A-77", reached=1
    )
    _depend_on(kept, exam)
    deleted_from = []

    def heard(sender, instance, **kwargs):
        deleted_from.append((sender.__name__, instance.organisation_id))

    post_delete.connect(heard)
    # when the next version of the file (fewer rows) is imported
    try:
        summary = import_file(
            organisation, analyst, write_csv(tmp_path, SECOND, HEADER, "second.csv"), MAPPING
        )
    finally:
        post_delete.disconnect(heard)
    # then its rows replace the first file's, rather than adding to them
    assert summary["applicants_created"] == 2
    clerk = Applicant.objects.filter(requisition__external_id="R1").order_by("external_id")
    assert [(a.external_id, a.eeo_category, a.sex) for a in clerk] == [
        ("#2", "black", "female"),
        ("#3", "white", "male"),
    ]
    assert not Applicant.objects.filter(pk__in=[a.pk for a in first]).exists()
    # and nothing that depended on the replaced applicants is left behind
    for model in (CandidateContact, StageNotice, ExamResult):
        assert list(model.objects.values_list("applicant_id", flat=True)) == [kept.pk]
        assert not model.objects.exclude(applicant_id__in=Applicant.objects.values("pk")).exists()
    # and the fair keeps its interested person, no longer linked to a replaced applicant
    interest.refresh_from_db()
    assert interest.applicant is None
    # and each table's deletes are announced once, for this organisation, to whoever listens
    watched = {"Applicant", "CandidateContact", "ExamResult", "StageNotice"}
    assert sorted(d for d in deleted_from if d[0] in watched) == [
        ("Applicant", organisation.pk),
        ("CandidateContact", organisation.pk),
        ("ExamResult", organisation.pk),
        ("StageNotice", organisation.pk),
    ]
