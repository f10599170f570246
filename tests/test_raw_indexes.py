"""The indexes that models cannot declare keep up with the columns they cover.

Every index Django can write for both engines is in a model's ``Meta.indexes``. These
are made by migrations for one engine only, because no index definition serves both:
the name searches need ``COLLATE NOCASE`` on SQLite and ``UPPER(...) text_pattern_ops``
with ``INCLUDE`` on PostgreSQL (people 0004 to 0006); the employer name search needs a
trigram GIN index that SQLite does not have (employers 0003). Django would neither
rename nor rebuild them with the model, so these tests fail when a column they cover is
renamed or dropped, when the database's index no longer covers what is listed here, or
when the caseload's window reads a column that its search indexes do not hold.
"""

import re

import pytest
from django.db import connection

from workbridge.employers.models import Employer
from workbridge.people.caseload_queries import ATTENTION_DATES, CASELOAD_SORTS
from workbridge.people.models import Participant

NAMES = ("last_name", "first_name", "preferred_name")
# What the caseload's window reads of each match besides the name searched: its sort
# columns and the dates behind the attention flags (people migrations 0005 and 0006).
WINDOW = ("last_name", "first_name", *ATTENTION_DATES)


def _sqlite_indexes() -> dict[str, tuple[type, set[str]]]:
    found: dict[str, tuple[type, set[str]]] = {}
    for name in NAMES:
        found[f"people_participant_{name}_search"] = (Participant, {"organisation_id", name})
        found[f"people_participant_{name}_active_search"] = (
            Participant,
            {"organisation_id", name, *WINDOW, "exited_on"},
        )
    found["people_participant_external_id_search"] = (
        Participant,
        {"organisation_id", "external_id"},
    )
    return found


def _postgresql_indexes() -> dict[str, tuple[type, set[str]]]:
    found: dict[str, tuple[type, set[str]]] = {}
    for name in NAMES:
        found[f"people_participant_{name}_search"] = (Participant, {"organisation_id", name})
        found[f"people_participant_{name}_active_search"] = (
            Participant,
            {"organisation_id", "id", *NAMES, *WINDOW, "exited_on"},
        )
    found["employers_employer_name_trgm"] = (Employer, {"name"})
    return found


# Index name → (model, every column its definition names), per engine.
RAW_INDEXES = {"sqlite": _sqlite_indexes(), "postgresql": _postgresql_indexes()}


def _definition(name: str) -> str:
    """The index's definition as the database holds it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s", [name]
            )
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else ""


@pytest.mark.parametrize(
    ("engine", "index"),
    [(engine, index) for engine, indexes in RAW_INDEXES.items() for index in indexes],
)
def test_every_column_a_raw_index_covers_is_a_column_of_its_model(engine, index):
    model, columns = RAW_INDEXES[engine][index]
    assert columns <= {field.column for field in model._meta.concrete_fields}


@pytest.mark.django_db
@pytest.mark.parametrize("index", sorted({i for indexes in RAW_INDEXES.values() for i in indexes}))
def test_the_database_holds_each_raw_index_over_exactly_those_columns(index):
    # given the indexes this engine should have
    expected = RAW_INDEXES.get(connection.vendor, {})
    # when the database is asked for the index's definition
    definition = _definition(index)
    # then it is there, over the columns listed (and only on its own engine)
    if index not in expected:
        assert definition == ""
        return
    model, columns = expected[index]
    named = set(re.findall(r'"?\b([a-z_]+)\b"?', definition.split("(", 1)[1]))
    table_columns = {field.column for field in model._meta.concrete_fields}
    assert named & table_columns == columns


def test_the_active_search_indexes_hold_every_column_the_caseload_window_reads():
    sort_columns = {key.removeprefix("-") for order in CASELOAD_SORTS.values() for key in order} & {
        "last_name",
        "first_name",
    }
    for engine, indexes in RAW_INDEXES.items():
        for name in NAMES:
            _model, columns = indexes[f"people_participant_{name}_active_search"]
            assert {*ATTENTION_DATES, *sort_columns} <= columns, engine
