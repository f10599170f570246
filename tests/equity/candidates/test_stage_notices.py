"""Stage notices: queued when an import moves a candidate, sent later in their language."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.equity.candidates.helpers import (
    CONTACT_HEADER,
    CONTACTS,
    csv_file,
    import_contacts,
    import_flow,
    moved,
)
from tests.equity.test_import_service import ROWS
from workbridge.accounts.models import AuditEvent
from workbridge.equity.candidates.models import CandidateContact, NoticeStatus, StageNotice
from workbridge.equity.candidates.notices import notice_template_save, stage_notices_queue
from workbridge.equity.candidates.sending import opt_out_token, stage_notices_send
from workbridge.equity.candidates.uploads import contacts_check, problem_text

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture(autouse=True)
def _files_tasks_and_mail(settings, disk_file_store):
    settings.TASKS = IMMEDIATE
    settings.MAILERS = LOCMEM
    settings.WORKBRIDGE_PUBLIC_URL = "https://jobs.example.gov"


@pytest.fixture
def imported(southside, manager):
    import_flow(southside, manager)
    import_contacts(southside, manager)
    return southside


def notices(organisation):
    return sorted(
        StageNotice.objects.filter(organisation=organisation).values_list(
            "applicant__external_id", "stage", "status"
        )
    )


def test_it_takes_the_stage_reached_as_told_when_contact_details_first_arrive(imported):
    # then: A1 was hired (stage 5) and A2 interviewed (3) when their details came
    told = dict(CandidateContact.objects.values_list("applicant__external_id", "notified_stage"))
    assert told == {"A1": 5, "A2": 3, "A3": 0, "B1": 4}
    assert notices(imported) == []


def test_it_queues_one_notice_per_candidate_moved_to_a_new_stage(
    imported, manager, django_capture_on_commit_callbacks
):
    # given: A2 moves to offered, A3 (opted out) to screened, B1 (no e-mail) to hired,
    # A4 (no contact details) to hired, A1 stays hired
    rows = moved(ROWS, A2="offered", A3="screened", B1="hired", A4="hired")
    # when
    with django_capture_on_commit_callbacks(execute=False):
        import_flow(imported, manager, rows, name="flow2.csv")
    # then
    assert notices(imported) == [
        ("A2", 4, NoticeStatus.QUEUED),
        ("A3", 2, NoticeStatus.OPTED_OUT),
        ("B1", 5, NoticeStatus.NO_ADDRESS),
    ]
    told = dict(CandidateContact.objects.values_list("applicant__external_id", "notified_stage"))
    assert told == {"A1": 5, "A2": 4, "A3": 2, "B1": 5}


def test_it_queues_nothing_when_the_same_file_is_imported_again(imported, manager):
    # given
    rows = moved(ROWS, A2="offered")
    import_flow(imported, manager, rows, name="flow2.csv")
    # when
    import_flow(imported, manager, rows, name="flow3.csv")
    # then
    assert notices(imported) == [("A2", 4, NoticeStatus.QUEUED)]


def test_it_sends_the_notice_in_the_candidates_language_once_the_import_commits(
    imported, manager, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        import_flow(imported, manager, moved(ROWS, A2="offered"), name="flow2.csv")
    # then: Beto asked for Spanish (the standard text's Spanish comes with the catalogue;
    # the organisation's own Spanish text is tested below)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["beto@example.org"]
    assert message.subject in (
        "Your application for Engineer: Offered",
        "Su solicitud para Engineer: Offered",
    )
    assert "https://jobs.example.gov/equity/candidates/updates/stop/" in message.body
    assert notices(imported) == [("A2", 4, NoticeStatus.SENT)]
    assert StageNotice.objects.get().sent_at is not None


def test_it_sends_the_organisations_own_text_for_the_stage(
    imported, manager, django_capture_on_commit_callbacks
):
    # given
    notice_template_save(
        organisation=imported,
        stage="offered",
        language="es",
        subject="Oferta: {job_title}",
        body="Le ofrecemos el puesto {job_title} ({requisition}).",
        by=manager,
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_flow(imported, manager, moved(ROWS, A2="offered"), name="flow2.csv")
    # then
    assert [m.subject for m in mail.outbox] == ["Oferta: Engineer"]
    assert mail.outbox[0].body.startswith("Le ofrecemos el puesto Engineer (R1).")


def test_it_sends_in_batches(imported, manager, django_capture_on_commit_callbacks):
    # given: two queued notices
    with django_capture_on_commit_callbacks(execute=False):
        import_flow(imported, manager, moved(ROWS, A1="hired", A2="offered"), name="f2.csv")
        CandidateContact.objects.filter(applicant__external_id="A1").update(notified_stage=0)
        import_flow(imported, manager, moved(ROWS, A2="hired"), name="f3.csv")
    assert StageNotice.objects.filter(status=NoticeStatus.QUEUED).count() == 2
    # when
    first = stage_notices_send(organisation=imported, limit=1)
    # then
    assert first == 1
    assert StageNotice.objects.filter(status=NoticeStatus.QUEUED).count() == 1
    assert stage_notices_send(organisation=imported, limit=1) == 1
    assert stage_notices_send(organisation=imported, limit=1) == 0
    assert len(mail.outbox) == 2


def test_it_tells_nobody_when_a_load_has_no_run(imported):
    assert stage_notices_queue(organisation_id=imported.pk, run_id=None) == 0


def test_it_reports_every_problem_of_a_contact_file_with_its_row_and_column(imported):
    # given
    rows = [
        *CONTACTS,
        ["R1", "Z9", "x@example.org", "", "", ""],
        ["R1", "A4", "not-mail", "", "fr", "maybe"],
    ]
    # when
    checked = contacts_check(imported, csv_file(CONTACT_HEADER, rows), "contacts.csv")
    # then
    assert [(p.row, p.column, problem_text(p)) for p in checked.problems] == [
        (7, "email", "“not-mail” is not an e-mail address."),
        (7, "language", "“fr” is not a language we write in (English or Spanish)."),
        (7, "opt_out", "“maybe” is not yes or no."),
        (6, "applicant_id", "No applicant “Z9” of requisition “R1” has been imported."),
    ]
    assert not checked.ok


def test_it_opts_a_candidate_out_by_the_link_in_the_message(imported, manager, client):
    # given
    import_flow(imported, manager, moved(ROWS, A1="hired"), name="f2.csv")
    contact = CandidateContact.objects.get(applicant__external_id="A2")
    url = reverse("candidates:opt_out", args=[opt_out_token(contact)])
    # when
    page = client.get(url)
    response = client.post(url)
    # then
    assert page.status_code == 200
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.notices_opt_out is True
    assert AuditEvent.objects.filter(
        object_type="equity.candidatecontact", object_id=str(contact.pk), fields=["notices_opt_out"]
    ).exists()


def test_it_refuses_a_link_that_is_not_ours(imported, client):
    # when
    response = client.post(reverse("candidates:opt_out", args=["forged"]))
    # then
    assert response.status_code == 404
    assert (
        not CandidateContact.objects.filter(notices_opt_out=True)
        .exclude(applicant__external_id="A3")
        .exists()
    )
