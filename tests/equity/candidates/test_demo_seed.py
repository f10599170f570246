"""The demo's candidate data: contact details, notices and an exam with retakes."""

from workbridge.demo.equity import seed_equity
from workbridge.equity.candidates.models import CandidateContact, ExamResult, StageNotice
from workbridge.equity.candidates.queries import retest_report


def test_it_seeds_contacts_notices_and_exam_results_with_retakes(southside, settings, tmp_path):
    # given
    settings.VAR_DIR = tmp_path
    # when
    seed_equity(southside, seed=7)
    # then
    assert CandidateContact.objects.filter(organisation=southside).count() == 240
    assert CandidateContact.objects.filter(language="es").count() == 60
    assert StageNotice.objects.filter(organisation=southside, status="sent").exists()
    assert ExamResult.objects.filter(organisation=southside).count() == 300
    report = retest_report(southside, exam=None)
    assert report.with_feedback.retests + report.without_feedback.retests > 0
