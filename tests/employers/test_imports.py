"""Importing employers, contacts and openings: all or nothing, every problem named, idempotent."""

from datetime import date
from decimal import Decimal

import pytest

from workbridge.core.spreadsheets import guess_mapping
from workbridge.employers.imports import COLUMNS, import_apply, import_check, problem_text
from workbridge.employers.models import Contact, Employer
from workbridge.jobs.models import JobOpening

EMPLOYERS = (
    ["Employer id", "Name", "Stage", "Owner", "Incentives", "Address", "ZIP"],
    [
        ["E1", "Acme Foods", "active", "alice", "wotc; bonding", "2700 S Kedzie", "60623"],
        ["E2", "Birch Logistics", "Prospect", "", "", "", ""],
    ],
)


def _run(by, kind, headers, rows):
    plan = import_check(
        by=by,
        kind=kind,
        headers=headers,
        rows=enumerate(rows, start=2),
        mapping=guess_mapping(headers, COLUMNS[kind]),
    )
    return plan


def test_employers_import_with_their_stage_owner_incentives_and_site(coach):
    plan = _run(coach, "employers", *EMPLOYERS)
    summary = import_apply(by=coach, plan=plan)

    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    acme = Employer.objects.get(external_id="E1")
    assert (acme.stage, acme.owner, acme.incentives) == ("active", coach, ["wotc", "bonding"])
    assert acme.locations.get().community_area_id == 30
    assert acme.next_follow_up_on is not None


def test_importing_the_same_file_again_changes_nothing(coach):
    import_apply(by=coach, plan=_run(coach, "employers", *EMPLOYERS))

    summary = import_apply(by=coach, plan=_run(coach, "employers", *EMPLOYERS))

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert Employer.objects.count() == 2


def test_a_file_with_problems_is_refused_whole_and_each_problem_named(coach):
    headers = ["Employer id", "Name", "Stage", "Owner"]
    rows = [
        ["E1", "Acme Foods", "active", "alice"],
        ["E2", "", "sideways", "nobody"],
        ["E1", "Acme again", "", ""],
    ]

    plan = _run(coach, "employers", headers, rows)

    assert not plan.ok
    assert [(p.row, p.column, problem_text(p)) for p in plan.problems] == [
        (3, "Name", "This value is required."),
        (
            3,
            "Stage",
            "“sideways” is not one of the accepted values: Prospect, Contacted, Qualified, "
            "Nurturing, Active partner, Dormant, Poor fit.",
        ),
        (4, "Employer id", "The id “E1” is also on line 2."),
    ]
    with pytest.raises(ValueError):
        import_apply(by=coach, plan=plan)
    assert not Employer.objects.exists()


def test_contacts_and_openings_find_their_employer_by_its_id(coach):
    import_apply(by=coach, plan=_run(coach, "employers", *EMPLOYERS))
    contacts = _run(
        coach,
        "contacts",
        ["Contact id", "Employer id", "Name", "Email", "Language", "Opt out"],
        [
            ["C1", "E1", "Rosa Díaz", "rosa@acme.example", "Spanish", "no"],
            ["C2", "E9", "Nobody", "", "", ""],
        ],
    )
    assert [(p.row, p.column, p.code) for p in contacts.problems] == [
        (3, "Employer id", "unknown_employer")
    ]

    contacts.rows, contacts.numbers, contacts.problems = contacts.rows[:1], [2], []
    import_apply(by=coach, plan=contacts)
    rosa = Contact.objects.get(external_id="C1")
    assert (rosa.employer.name, rosa.preferred_language, rosa.email_opt_out) == (
        "Acme Foods",
        "es",
        False,
    )

    openings = _run(
        coach,
        "openings",
        [
            "Job id",
            "Employer id",
            "Job title",
            "SOC",
            "Hourly wage",
            "Hours per week",
            "Shifts",
            "ZIP",
            "Posted on",
            "Health insurance",
        ],
        [
            [
                "J1",
                "E1",
                "Line cook",
                "352014",
                "$18.50",
                "32",
                "weekdays:day; sat:morning",
                "60623",
                "10/01/2026",
                "yes",
            ]
        ],
    )
    assert openings.ok, [problem_text(p) for p in openings.problems]
    import_apply(by=coach, plan=openings)
    job = JobOpening.objects.get(external_id="J1")
    assert (job.occupation_id, job.hourly_wage, job.posted_on) == (
        "35-2014",
        Decimal("18.50"),
        date(2026, 10, 1),
    )
    monday_day, saturday_morning = 1 << (4 * 0 + 1), 1 << (4 * 5 + 0)
    assert job.shifts & monday_day and job.shifts & saturday_morning
    assert bin(job.shifts).count("1") == 6
    assert job.health_insurance is True
    assert job.community_area_id == 30


def test_an_unknown_soc_code_and_impossible_hours_are_named(coach):
    import_apply(by=coach, plan=_run(coach, "employers", *EMPLOYERS))

    plan = _run(
        coach,
        "openings",
        [
            "Job id",
            "Employer id",
            "Title",
            "SOC",
            "Hourly wage",
            "Hours per week",
            "ZIP",
            "Posted on",
        ],
        [["J1", "E1", "Cook", "99-9999", "18", "90", "60623", "2026-10-01"]],
    )

    assert [(p.row, p.column, p.code) for p in plan.problems] == [
        (2, "Hours per week", "hours_range"),
        (2, "SOC", "unknown_soc"),
    ]
