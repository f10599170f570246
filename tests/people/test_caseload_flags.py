"""The attention flags say the same in the database and in Python, whatever the records.

The caseload judges who needs attention twice: the database by `attention_q` (the
conditions `caseload_for` annotates and filters on, used for pages past the window and
for exports), and Python by `flags_of` on the dates the window read (its counts, and the
pages inside it). Dates are drawn around each cutoff, where the two could disagree by a
day, and anywhere else; any date may be missing.
"""

from datetime import date, timedelta

from django.conf import settings as django_settings
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ParticipantFactory
from tests.properties import examples
from workbridge.people.caseload_queries import (
    ATTENTION_ANY,
    ATTENTION_ASSESSMENT,
    ATTENTION_CONTACT,
    ATTENTION_DATES,
    ATTENTION_OVERDUE,
    AttentionCutoffs,
    CaseloadFilters,
    attention_q,
    attention_window,
    caseload_for,
    caseload_rows,
    flags_of,
)
from workbridge.people.queries import participants_visible_to

TODAY = date(2026, 3, 2)
REASONS = (ATTENTION_OVERDUE, ATTENTION_ASSESSMENT, ATTENTION_CONTACT)


def days_before(cutoff_days: int) -> st.SearchStrategy[date | None]:
    """A date a day or two either side of a cutoff that many days back, any date within a
    year, or none."""
    near = st.integers(min_value=cutoff_days - 2, max_value=cutoff_days + 2)
    anywhere = st.integers(min_value=-30, max_value=365)
    return st.none() | st.one_of(near, anywhere).map(lambda days: TODAY - timedelta(days=days))


RECORD = st.tuples(
    days_before(0),  # next milestone due: overdue when before today
    days_before(django_settings.WORKBRIDGE_ASSESSMENT_DUE_DAYS),  # last assessed
    days_before(django_settings.WORKBRIDGE_CONTACT_DUE_DAYS),  # last contact
)
EXAMPLES = settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def everyone(attention: str = "") -> CaseloadFilters:
    return CaseloadFilters(
        search="",
        who="everyone",
        assigned_to=None,
        attention=attention,
        status="all",
        community_area=None,
        language="",
        sort="name",
    )


def test_the_database_and_flags_of_agree_on_who_needs_attention(coach):
    cutoffs = AttentionCutoffs.on(TODAY)

    @EXAMPLES
    @given(records=st.lists(RECORD, min_size=1, max_size=12))
    def check(records):
        with transaction.atomic():
            # given participants with these dates behind their flags
            for due, assessed, contact in records:
                ParticipantFactory(
                    organisation=coach.membership.organisation,
                    assigned_to=coach,
                    next_milestone_due_on=due,
                    last_assessed_on=assessed,
                    last_contact_on=contact,
                )
            rows = participants_visible_to(coach)
            # when each side judges them
            read = list(rows.values_list("pk", *ATTENTION_DATES))
            in_python = dict(
                zip([r[0] for r in read], flags_of(cutoffs, [r[1:] for r in read]), strict=True)
            )
            by_condition = {
                reason: set(rows.filter(attention_q(reason, cutoffs)).values_list("pk", flat=True))
                for reason in (*REASONS, ATTENTION_ANY)
            }
            annotated = {
                pk: (overdue, assessment, contact)
                for pk, overdue, assessment, contact in caseload_for(
                    coach, today=TODAY, status="all"
                ).values_list("pk", "has_overdue_milestone", "needs_assessment", "needs_contact")
            }
            window = attention_window(coach, today=TODAY, filters=everyone())
            filtered = {
                reason: set(
                    caseload_rows(coach, today=TODAY, filters=everyone(reason)).values_list(
                        "pk", flat=True
                    )
                )
                for reason in (*REASONS, ATTENTION_ANY)
            }
            transaction.set_rollback(True)
        # then they agree, reason by reason and participant by participant
        for n, reason in enumerate(REASONS):
            flagged = {pk for pk, flags in in_python.items() if flags[n]}
            assert by_condition[reason] == flagged
            assert filtered[reason] == flagged
            assert set(window.ids_for(reason)[0]) == flagged
        anyone = {pk for pk, flags in in_python.items() if any(flags)}
        assert by_condition[ATTENTION_ANY] == anyone
        assert filtered[ATTENTION_ANY] == anyone
        assert set(window.ids_for(ATTENTION_ANY)[0]) == anyone
        assert annotated == in_python
        assert window.counts == {
            ATTENTION_ANY: len(anyone),
            **{r: sum(flags[n] for flags in in_python.values()) for n, r in enumerate(REASONS)},
        }

    check()
