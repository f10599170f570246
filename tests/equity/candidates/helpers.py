"""Importing applicant flow, contact details and exam results for the candidate tests."""

import io

from tests.equity.test_import_service import HEADER, MAPPING, ROWS, check, write_csv
from workbridge.core.spreadsheets import csv_text
from workbridge.equity.candidates.uploads import (
    contacts_check,
    contacts_import,
    exam_results_import,
    exams_check,
    problem_text,
)
from workbridge.equity.imports.load import applicant_import_apply
from workbridge.equity.models import ImportRun

STAGE = HEADER.index("stage_reached")
CONTACT_HEADER = ["requisition_id", "applicant_id", "email", "phone", "language", "opt_out"]
CONTACTS = [
    ["R1", "A1", "ana@example.org", "312-555-0101", "English", "no"],
    ["R1", "A2", "beto@example.org", "", "español", ""],
    ["R1", "A3", "cy@example.org", "", "en", "yes"],
    ["R2", "B1", "", "312-555-0199", "", ""],
]


def import_flow(organisation, by, rows=ROWS, name="flow.csv") -> ImportRun:
    """Import an applicant-flow file as a run, the way the worker loads it."""
    stored = write_csv(None, rows, name=name)
    checked = check(organisation, stored, MAPPING)
    assert checked.ok, checked.problems
    run = ImportRun.objects.create(organisation=organisation, filename=name, created_by=by)
    applicant_import_apply(organisation=organisation, check=checked, by=by, run=run)
    return run


def moved(rows, **stages):
    """The rows with some applicants' furthest stage changed (applicant id=stage)."""
    out = []
    for row in rows:
        row = list(row)
        if row[8] in stages:
            row[STAGE] = stages[row[8]]
        out.append(row)
    return out


def csv_file(header, rows) -> io.BytesIO:
    return io.BytesIO(csv_text([header, *rows]).encode("utf-8"))


def import_contacts(organisation, by, rows=CONTACTS, header=CONTACT_HEADER) -> dict:
    checked = contacts_check(organisation, csv_file(header, rows), "contacts.csv")
    assert checked.ok, [problem_text(p) for p in checked.problems]
    return contacts_import(organisation=organisation, check=checked, by=by)


EXAM_HEADER = ["requisition_id", "applicant_id", "person_id", "exam", "taken_on", "Reading", "Math"]


def import_exams(organisation, by, rows, header=EXAM_HEADER) -> dict:
    checked = exams_check(organisation, csv_file(header, rows), "exams.csv")
    assert checked.ok, [problem_text(p) for p in checked.problems]
    return exam_results_import(organisation=organisation, check=checked, by=by)
