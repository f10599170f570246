"""Bulk loading: after a load, the database knows the table well enough to plan well."""

import pytest
from django.db import connection

from tests.factories import ParticipantFactory
from workbridge.bulk import refresh_statistics
from workbridge.people.models import Participant

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="vacuuming and the visibility map are PostgreSQL's; SQLite only analyses",
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
