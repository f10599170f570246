"""Uploads of candidates' contact details and of exam results.

Both are checked in full before anything is written, and written in one transaction;
each problem names its row and column. Rows name the applicant by the requisition id and
the applicant id of the applicant-flow import, so the applicants must be imported first.
Loading the same file again changes nothing.

Contact details: ``requisition_id, applicant_id`` and any of ``email, phone, language``
(en/es, English/Spanish), ``opt_out`` (yes/no) and ``person_id`` (the tracking system's id
for the person, kept only as its keyed hash). A candidate's first contact details take
the stage they have reached as told, so nobody is sent a notice about the past.

Exam results: ``requisition_id, applicant_id, person_id, exam, taken_on``, optionally
``passed`` (yes/no), and one column per section with its score. An exam new to the
organisation is created with the file's sections, each with a pass mark of 70 until
someone changes it; without a ``passed`` column, an attempt passes when every section
reaches its pass mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.core import spreadsheets
from workbridge.core.spreadsheets import Column, Problem, ValueProblem
from workbridge.equity.candidates.keys import person_key
from workbridge.equity.candidates.models import (
    CandidateContact,
    Exam,
    ExamResult,
    NoticeLanguage,
)
from workbridge.equity.models import Applicant
from workbridge.equity.reference_data import problem_text as reference_problem_text
from workbridge.web.uploads import spreadsheet_limits

DEFAULT_PASS_MARK = 70
PROBLEM_MESSAGES = {
    "no_applicant": gettext_lazy(
        "No applicant “%(applicant)s” of requisition “%(requisition)s” has been imported."
    ),
    "not_email": gettext_lazy("“%(value)s” is not an e-mail address."),
    "not_language": gettext_lazy("“%(value)s” is not a language we write in (English or Spanish)."),
    "repeated_row": gettext_lazy("The same applicant is on row %(other)s."),
    "no_sections": gettext_lazy("The file has no section score columns."),
    "score_range": gettext_lazy("“%(value)s” is not a score from 0 to 1000."),
    "not_yes_no": gettext_lazy("“%(value)s” is not yes or no."),
}


def problem_text(problem: Problem) -> str:
    """A problem as a sentence in the current language."""
    if problem.code in PROBLEM_MESSAGES:
        return str(PROBLEM_MESSAGES[problem.code]) % {"value": "", **problem.params}
    return reference_problem_text(problem)


def _email(raw: str) -> str:
    try:
        validate_email(raw)
    except ValidationError:
        raise ValueProblem("not_email") from None
    return raw.lower()


_LANGUAGES = {
    "en": "en",
    "english": "en",
    "inglés": "en",
    "ingles": "en",
    "es": "es",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
}


def _language(raw: str) -> str:
    found = _LANGUAGES.get(raw.strip().lower())
    if found is None:
        raise ValueProblem("not_language")
    return found


def _score(raw: str) -> Decimal:
    value = spreadsheets.parse_decimal(raw)
    if value < 0 or value > 1000:
        raise ValueProblem("score_range")
    return value


def contact_columns() -> list[Column]:
    return [
        Column("requisition_id", str(gettext_lazy("Requisition id")), required=True),
        Column("applicant_id", str(gettext_lazy("Applicant id")), required=True),
        Column("email", str(gettext_lazy("E-mail")), parse=_email, aliases=("e-mail",)),
        Column("phone", str(gettext_lazy("Phone"))),
        Column("language", str(gettext_lazy("Language")), parse=_language),
        Column("opt_out", str(gettext_lazy("Opt out")), parse=spreadsheets.parse_bool),
        Column("person_id", str(gettext_lazy("Person id")), aliases=("candidate_id",)),
    ]


EXAM_FIXED = ("requisition_id", "applicant_id", "person_id", "exam", "taken_on", "passed")


def exam_columns() -> list[Column]:
    return [
        Column("requisition_id", str(gettext_lazy("Requisition id")), required=True),
        Column("applicant_id", str(gettext_lazy("Applicant id")), required=True),
        Column(
            "person_id", str(gettext_lazy("Person id")), required=True, aliases=("candidate_id",)
        ),
        Column("exam", str(gettext_lazy("Exam")), required=True),
        Column(
            "taken_on", str(gettext_lazy("Taken on")), required=True, parse=spreadsheets.parse_date
        ),
        Column("passed", str(gettext_lazy("Passed")), parse=spreadsheets.parse_bool),
    ]


@dataclass
class UploadCheck:
    """The rows of a checked upload ready to write, or the problems that stop it."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _applicant_ids(organisation: Organisation, rows: list[dict]) -> dict[tuple[str, str], int]:
    wanted = {r["requisition_id"] for r in rows}
    found: dict[tuple[str, str], int] = {}
    for i in range(0, len(wanted), 500):
        chunk = sorted(wanted)[i : i + 500]
        for pk, req, ext in Applicant.objects.filter(
            organisation=organisation, requisition__external_id__in=chunk
        ).values_list("pk", "requisition__external_id", "external_id"):
            found[(req, ext)] = pk
    return found


def _read(
    source: IO[bytes], filename: str, columns: list[Column], *, sections: bool = False
) -> tuple[spreadsheets.Checked, dict[str, str], list[str], list[tuple[int, list[str]]], list[str]]:
    with spreadsheets.open_table(source, filename, limits=spreadsheet_limits()) as table:
        headers = table.headers
        mapping = spreadsheets.guess_mapping(headers, columns)
        rows = list(table)
    checked = spreadsheets.check_rows(headers, rows, columns, mapping)
    used = set(mapping.values())
    extra = [h for h in headers if h and h not in used] if sections else []
    return checked, mapping, extra, rows, headers


def _link(
    organisation: Organisation, checked: spreadsheets.Checked, mapping: dict[str, str]
) -> UploadCheck:
    result = UploadCheck(problems=list(checked.problems))
    ids = _applicant_ids(organisation, checked.rows)
    for number, row in zip(checked.numbers, checked.rows, strict=True):
        key = (row["requisition_id"], row["applicant_id"])
        pk = ids.get(key)
        if pk is None:
            result.problems.append(
                Problem(
                    number,
                    mapping["applicant_id"],
                    "no_applicant",
                    {"requisition": key[0], "applicant": key[1]},
                )
            )
            continue
        row["applicant"] = pk
        row["row"] = number
        result.rows.append(row)
    return result


def contacts_check(organisation: Organisation, source: IO[bytes], filename: str) -> UploadCheck:
    """Read and check every row of a contact-details file; nothing is written."""
    try:
        checked, mapping, _extra, _rows, _headers = _read(source, filename, contact_columns())
    except spreadsheets.FileProblem as exc:
        return UploadCheck(problems=[Problem(1, "", exc.code, exc.params)])
    result = _link(organisation, checked, mapping)
    first: dict[int, int] = {}
    for row in result.rows:
        if row["applicant"] in first:
            result.problems.append(
                Problem(row["row"], "", "repeated_row", {"other": first[row["applicant"]]})
            )
        first.setdefault(row["applicant"], row["row"])
    if not checked.rows_read and not result.problems:
        result.problems.append(Problem(1, "", "no_rows"))
    return result


@transaction.atomic
def contacts_import(*, organisation: Organisation, check: UploadCheck, by: User) -> dict[str, int]:
    """Write checked contact details: (created, updated, unchanged)."""
    if not check.ok:
        raise ValidationError("The file has problems; it cannot be imported.")
    existing = {
        c.applicant_id: c
        for c in CandidateContact.objects.filter(
            organisation=organisation, applicant_id__in=[r["applicant"] for r in check.rows]
        )
    }
    reached = dict(
        Applicant.objects.filter(pk__in=[r["applicant"] for r in check.rows]).values_list(
            "pk", "reached"
        )
    )
    created: list[CandidateContact] = []
    changed: list[CandidateContact] = []
    names = ("email", "phone", "language", "notices_opt_out", "person_key")
    for row in check.rows:
        values = {
            "email": row.get("email", ""),
            "phone": row.get("phone", "")[:32],
            "language": row.get("language", NoticeLanguage.ENGLISH),
            "notices_opt_out": row.get("opt_out", False),
            "person_key": person_key(row.get("person_id", "")),
        }
        found = existing.get(row["applicant"])
        if found is None:
            created.append(
                CandidateContact(
                    organisation=organisation,
                    applicant_id=row["applicant"],
                    notified_stage=reached[row["applicant"]],
                    **values,
                )
            )
        elif any(getattr(found, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(found, k, v)
            changed.append(found)
    CandidateContact.objects.bulk_create(created, batch_size=1000)
    CandidateContact.objects.bulk_update(changed, names, batch_size=500)
    summary = {
        "created": len(created),
        "updated": len(changed),
        "unchanged": len(check.rows) - len(created) - len(changed),
    }
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="equity.candidatecontact",
        fields=("email", "phone", "language", "notices_opt_out"),
        detail=f"contact details imported: {summary}",
    )
    return summary


def exams_check(organisation: Organisation, source: IO[bytes], filename: str) -> UploadCheck:
    """Read and check every row of an exam-results file; nothing is written."""
    try:
        checked, mapping, sections, rows, headers = _read(
            source, filename, exam_columns(), sections=True
        )
    except spreadsheets.FileProblem as exc:
        return UploadCheck(problems=[Problem(1, "", exc.code, exc.params)])
    if not sections:
        return UploadCheck(problems=[*checked.problems, Problem(1, "", "no_sections")])
    result = _link(organisation, checked, mapping)
    result.sections = sections
    index = {h: i for i, h in enumerate(headers)}
    cells = dict(rows)
    first: dict[tuple, int] = {}
    good = []
    for row in result.rows:
        raw = cells[row["row"]]
        scores: dict[str, float] = {}
        ok = True
        for name in sections:
            i = index[name]
            text = raw[i].strip() if i < len(raw) and raw[i] else ""
            if not text:
                continue
            try:
                scores[name] = float(_score(text))
            except ValueProblem as exc:
                result.problems.append(Problem(row["row"], name, exc.code, {"value": text}))
                ok = False
        key = (row["exam"].strip().lower(), row["applicant"], row["taken_on"])
        if key in first:
            result.problems.append(Problem(row["row"], "", "repeated_row", {"other": first[key]}))
            ok = False
        first.setdefault(key, row["row"])
        if ok:
            row["scores"] = scores
            good.append(row)
    result.rows = good
    if not checked.rows_read and not result.problems:
        result.problems.append(Problem(1, "", "no_rows"))
    return result


def exam_passed(exam: Exam, scores: dict[str, float]) -> bool:
    """Whether every section of the exam reached its pass mark (a missing score did not)."""
    return all(
        s["name"] in scores and scores[s["name"]] >= float(s["pass_mark"]) for s in exam.sections
    )


@transaction.atomic
def exam_results_import(
    *, organisation: Organisation, check: UploadCheck, by: User
) -> dict[str, int]:
    """Write checked exam results; an exam new to the organisation is created."""
    if not check.ok:
        raise ValidationError("The file has problems; it cannot be imported.")
    exams: dict[str, Exam] = {
        e.name.lower(): e for e in Exam.objects.filter(organisation=organisation)
    }
    for row in check.rows:
        name = row["exam"].strip()[:160]
        exam = exams.get(name.lower())
        if exam is None:
            exam = Exam.objects.create(organisation=organisation, name=name, sections=[])
            exams[name.lower()] = exam
        known = {s["name"] for s in exam.sections}
        added = [n for n in check.sections if n in row["scores"] and n not in known]
        if added:
            exam.sections = [
                *exam.sections,
                *({"name": n, "pass_mark": DEFAULT_PASS_MARK, "resources": ""} for n in added),
            ]
            exam.save(update_fields=["sections"])
        row["exam_obj"] = exam
    existing = {
        (r.exam_id, r.applicant_id, r.taken_on): r
        for r in ExamResult.objects.filter(
            organisation=organisation, applicant_id__in=[r["applicant"] for r in check.rows]
        )
    }
    created, changed = [], []
    for row in check.rows:
        exam = row["exam_obj"]
        passed = row["passed"] if "passed" in row else exam_passed(exam, row["scores"])
        key = person_key(row["person_id"])
        found = existing.get((exam.pk, row["applicant"], row["taken_on"]))
        if found is None:
            created.append(
                ExamResult(
                    organisation=organisation,
                    exam=exam,
                    applicant_id=row["applicant"],
                    person_key=key,
                    taken_on=row["taken_on"],
                    section_scores=row["scores"],
                    passed=passed,
                )
            )
        elif (found.section_scores, found.passed, found.person_key) != (
            row["scores"],
            passed,
            key,
        ):
            found.section_scores, found.passed, found.person_key = row["scores"], passed, key
            changed.append(found)
    ExamResult.objects.bulk_create(created, batch_size=1000)
    ExamResult.objects.bulk_update(
        changed, ["section_scores", "passed", "person_key"], batch_size=500
    )
    summary = {
        "created": len(created),
        "updated": len(changed),
        "unchanged": len(check.rows) - len(created) - len(changed),
    }
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="equity.examresult",
        fields=("section_scores", "passed"),
        detail=f"exam results imported: {summary}",
    )
    return summary
