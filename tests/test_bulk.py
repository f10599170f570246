"""Bulk loading and deleting on PostgreSQL: after a load, the database knows the table well
enough to plan well; a large delete lifts the keys pointing at its rows and puts them back
checked."""

import pytest
from django.db import IntegrityError, connection, transaction

from tests.factories import ParticipantFactory
from workbridge.bulk import delete_set_based, references_unchecked, refresh_statistics
from workbridge.equity.candidates.models import CandidateContact
from workbridge.equity.models import Applicant, Requisition
from workbridge.people.models import Participant

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="vacuuming, the visibility map and lifting foreign keys are PostgreSQL's",
)


def _all_visible_pages() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relallvisible FROM pg_class WHERE relname = %s",
            [Participant._meta.db_table],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_it_vacuums_a_loaded_table_so_indexes_alone_can_answer():
    # given rows just written, whose pages nothing has yet marked all-visible
    ParticipantFactory.create_batch(20)
    assert _all_visible_pages() == 0
    # when
    refresh_statistics(Participant)
    # then
    assert _all_visible_pages() >= 1


@pytest.mark.django_db
def test_it_only_analyses_inside_a_transaction_where_vacuum_cannot_run():
    # given
    ParticipantFactory.create_batch(3)
    # when
    refresh_statistics(Participant)
    # then: no error (VACUUM would refuse to run here), and the transaction goes on
    assert Participant.objects.count() == 3


def _keys_pointing_at(model) -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE confrelid = %s::regclass AND contype = 'f' ORDER BY 1, 2",
            [model._meta.db_table],
        )
        return cursor.fetchall()


def _applicants_with_contacts(organisation, n: int) -> None:
    requisition = Requisition.objects.create(
        organisation=organisation, external_id="R1", department="Water", job_title="Clerk",
        year=2025,
    )  # fmt: skip
    for i in range(n):
        applicant = Applicant.objects.create(
            organisation=organisation, requisition=requisition, external_id=f"A{i}"
        )
        CandidateContact.objects.create(
            organisation=organisation, applicant=applicant, email=f"a{i}@example.org"
        )


@pytest.mark.django_db
def test_a_large_delete_puts_back_every_key_it_lifted(southside):
    # given applicants with contacts, and the keys that point at applicants
    _applicants_with_contacts(southside, 3)
    before = _keys_pointing_at(Applicant)
    assert any(table == "equity_candidatecontact" for table, _n, _d in before)
    # when they are deleted, dependents first, as a delete of a million would be
    with transaction.atomic(), references_unchecked(Applicant, 1_000_000):
        lifted = _keys_pointing_at(Applicant)
        delete_set_based(Applicant.objects.filter(organisation=southside), southside.pk)
    # then the keys were off while deleting and are back as they were
    assert lifted == []
    assert _keys_pointing_at(Applicant) == before
    assert not Applicant.objects.exists() and not CandidateContact.objects.exists()


@pytest.mark.django_db
def test_a_delete_that_leaves_a_row_pointing_at_nothing_fails_whole(southside):
    # given applicants with contacts
    _applicants_with_contacts(southside, 2)
    # when the applicants alone are deleted, leaving their contacts behind
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        references_unchecked(Applicant, 1_000_000),
    ):
        Applicant.objects.filter(organisation=southside)._raw_delete(connection.alias)
    # then the key that came back refused it, and nothing was deleted
    assert Applicant.objects.count() == 2 and CandidateContact.objects.count() == 2
    assert any(table == "equity_candidatecontact" for table, _n, _d in _keys_pointing_at(Applicant))
