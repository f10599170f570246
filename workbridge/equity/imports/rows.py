"""Checking an applicant-flow file: its fields, what its cells may say, and every problem.

``applicant_import_check`` streams the stored file once through the row checks of
``core.applicant_import`` and returns every problem with its row and column (the first
ones kept), the requisitions it describes, and, for a file small enough, the checked rows
ready to load. Nothing is written. Problems become sentences in the page's language here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.core import applicant_import as core
from workbridge.core.applicant_import import (
    ApplicantFileReader,
    Lookups,
    RequisitionRow,
    check_file,
    normalise,
    stage_date_field,
    stage_flag_field,
)
from workbridge.core.spreadsheets import Column, FileProblem, Problem, Table
from workbridge.core.value_mapping import (
    DistinctValues,
    ValueMap,
    count_distinct,
    lookups_with_values,
    unknown_values,
)
from workbridge.equity.models import Eeo4JobCategory, JobFair
from workbridge.equity.services import equity_settings_for
from workbridge.people.choices import RaceEthnicity, Sex, YesNoPreferNot
from workbridge.people.models import ZipCode
from workbridge.web.accepted_values import accepted_values_text, choice_labels
from workbridge.web.uploads import FILE_PROBLEMS as SPREADSHEET_PROBLEMS
from workbridge.web.uploads import IMPORTS, file_problem_text, spreadsheet_limits, upload_table

# Up to this many checked rows stay in memory (about 400 bytes each) so that loading does
# not read the file a second time; a bigger file is read again.
KEEP_PARSED_ROWS = 2_000_000

FIELD_LABELS: dict[str, Any] = {
    "requisition_id": _("Requisition id"),
    "department": _("Department"),
    "job_title": _("Job title"),
    "eeo4_category": _("EEO-4 job category"),
    "salary_min": _("Lowest annual salary"),
    "salary_max": _("Highest annual salary"),
    "posting_date": _("Posting date"),
    "year": _("Report year"),
    "source_channels": _("Where it was posted"),
    "applicant_id": _("Applicant id"),
    "race_ethnicity": _("Race and ethnicity"),
    "race_detail": _("Detailed race or ethnicity"),
    "sex": _("Sex"),
    "veteran": _("Veteran"),
    "disability": _("Disability"),
    "home_zip": _("Home ZIP code"),
    "heard_about": _("How they heard about the job"),
    "job_fair": _("Job fair"),
    "stage_reached": _("Furthest stage reached"),
    "withdrew": _("Withdrew"),
}
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "requisition_id": (
        "requisition",
        "req id",
        "req number",
        "requisition number",
        "job requisition id",
    ),
    "department": ("dept", "agency"),
    "job_title": ("title", "position", "position title"),
    "eeo4_category": ("eeo4", "eeo-4 category", "job category"),
    "salary_min": ("salary minimum", "min salary", "pay min"),
    "salary_max": ("salary maximum", "max salary", "pay max"),
    "posting_date": ("posted", "posted on", "date posted", "open date"),
    "year": ("report year", "fiscal year"),
    "source_channels": ("sources", "source", "channels", "posted on sites"),
    "applicant_id": ("applicant", "candidate id", "person id"),
    "race_ethnicity": ("race", "race/ethnicity", "ethnicity", "race ethnicity"),
    "race_detail": ("race details", "detailed race"),
    "sex": ("gender", "sex/gender"),
    "veteran": ("veteran status", "protected veteran"),
    "disability": ("disability status",),
    "home_zip": ("zip", "zip code", "home zip code", "postal code"),
    "heard_about": ("referral source", "how did you hear about us", "heard about us"),
    "job_fair": ("hiring event", "event"),
    "stage_reached": ("stage", "furthest stage", "status", "disposition stage"),
    "withdrew": ("withdrawn", "withdrawal", "candidate withdrew"),
}
EEO4_NUMBERS = {
    "1": "officials",
    "2": "professionals",
    "3": "technicians",
    "4": "protective",
    "5": "paraprofessionals",
    "6": "admin_support",
    "7": "skilled_craft",
    "8": "service_maintenance",
}
RACE_ALIASES = {
    "africanamerican": "black",
    "black": "black",
    "latino": "hispanic",
    "latina": "hispanic",
    "latinx": "hispanic",
    "hispanic": "hispanic",
    "nativeamerican": "aian",
    "americanindian": "aian",
    "alaskanative": "aian",
    "pacificislander": "nhpi",
    "nativehawaiian": "nhpi",
    "middleeastern": "mena",
    "northafrican": "mena",
}
SEX_ALIASES = {
    "f": "female",
    "woman": "female",
    "m": "male",
    "man": "male",
    "nonbinary": "another",
    "x": "another",
    "declined": "prefer_not",
    "prefernottoanswer": "prefer_not",
    "prefernottosay": "prefer_not",
}
YES_NO_ALIASES = {
    "y": "yes",
    "true": "yes",
    "n": "no",
    "false": "no",
    "declined": "prefer_not",
    "prefernottoanswer": "prefer_not",
    "prefernottosay": "prefer_not",
}

FILE_PROBLEMS = {
    **SPREADSHEET_PROBLEMS,
    "damaged": _("The file cannot be read. Save it again as .xlsx or as UTF-8 .csv."),
    "missing": _("The uploaded file is no longer stored. Upload it again."),
}
PROBLEM_MESSAGES = {
    "choose_column": _("Choose the column for “%(field)s”."),
    "required": _("This value is required."),
    "too_long": _("This value is longer than %(max)s characters."),
    "not_choice": _("“%(value)s” is not one of the accepted values: %(choices)s."),
    "not_race": _(
        "“%(value)s” is not a race or ethnicity category (OMB SPD 15): give one or more of "
        "the seven categories separated by “;”, or “prefer not to say”."
    ),
    "race_and_prefer_not": _("“Prefer not to say” cannot be combined with a category."),
    "not_zip": _("“%(value)s” is not a five-digit ZIP code."),
    "unknown_job_fair": _(
        "There is no job fair named “%(value)s”. Add it under Hiring equity, Job fairs"
        " (or correct the name), then import again."
    ),
    "not_stage": _("“%(value)s” is not a stage; the stages are: %(stages)s."),
    "not_yes_no": _("“%(value)s” is not yes or no."),
    "not_outcome": _(
        "“%(value)s” does not say whether the stage was reached: use 1 or 0, yes or no, or "
        "the date it was reached."
    ),
    "not_date": _("“%(value)s” is not a date (use YYYY-MM-DD or MM/DD/YYYY)."),
    "date_after_reached": _("A date is given for “%(stage)s”, a stage this person did not reach."),
    "not_number": _("“%(value)s” is not a number."),
    "not_salary": _("“%(value)s” is not an annual salary."),
    "salary_below_min": _("The highest salary is below the lowest."),
    "not_year": _("“%(value)s” is not a year."),
    "year_needed": _("Give the posting date or the report year."),
    "requisition_differs": _(
        "Requisition %(requisition)s says “%(value)s” here but “%(other_value)s” on row "
        "%(other_row)s."
    ),
    "repeated_applicant": _(
        "Applicant %(value)s is also on row %(other_row)s for the same requisition."
    ),
    "changed_while_loading": _("The file changed after it was checked; check it again."),
}
# The choices a column accepts, so a problem names their labels in the page's language.
CHOICE_SETS = (Sex, YesNoPreferNot, Eeo4JobCategory)


class ImportRefused(ValueError):
    """A file that cannot be loaded as it is."""


# Fields and lookups -------------------------------------------------------------


def import_columns(stages: Sequence[str]) -> list[Column]:
    """The fields a file may fill, with their labels and usual headings, stage dates last."""
    columns = [
        Column(
            key,
            str(FIELD_LABELS[key]),
            required=key in core.REQUIRED_FIELDS,
            aliases=FIELD_ALIASES.get(key, ()),
        )
        for key in core.FIELDS
    ]
    for stage in stages:
        key = stage_date_field(stage)
        label = _("Date reached: %(stage)s") % {"stage": stage}
        columns.append(Column(key, str(label), aliases=(f"{stage} date", f"date {stage}")))
    # Outcome columns: "reached callback if `call` is 1".
    for stage in stages[1:]:
        label = _("Reached “%(stage)s” when this column is 1, yes or a date") % {"stage": stage}
        columns.append(Column(stage_flag_field(stage), str(label)))
    return columns


def field_label(key: str) -> str:
    """The label of an applicant-flow field, in the active language; an unknown key as it is."""
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    return key


def _labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """normalise(key or label, in English and Spanish) -> key."""
    found: dict[str, str] = {}
    for key, label in choices:
        found[normalise(key)] = key
        for language in ("en", "es"):
            with translation.override(language):
                found.setdefault(normalise(str(label)), key)
    return found


def import_lookups(
    organisation: Organisation, stages: Sequence[str], values: ValueMap | None = None
) -> Lookups:
    """The organisation's stage list, choices, job fairs and Chicago ZIP codes, precompiled,
    with the source's value mapping (``core.value_mapping``) merged in."""
    fairs: dict[str, int] = {}
    for pk, name in JobFair.objects.filter(organisation=organisation).values_list("pk", "name"):
        fairs.setdefault(normalise(name), pk)
    eeo4 = _labels(Eeo4JobCategory.choices)
    eeo4 |= {normalise(k): v for k, v in EEO4_NUMBERS.items()}
    lookups = Lookups(
        stages=list(stages),
        races=_labels(RaceEthnicity.choices) | RACE_ALIASES,
        sexes=_labels(Sex.choices) | SEX_ALIASES,
        yes_no_prefer_not=_labels(YesNoPreferNot.choices) | YES_NO_ALIASES,
        eeo4_categories=eeo4,
        job_fairs=fairs,
        zip_areas=dict(ZipCode.objects.values_list("zip", "community_area_id")),
    )
    return lookups_with_values(lookups, values)


def problem_text(problem: Mapping[str, Any] | Problem) -> str:
    """A problem as a sentence in the current language."""
    if isinstance(problem, Problem):
        code, params = problem.code, dict(problem.params)
    else:
        code, params = problem.get("code", ""), dict(problem.get("params") or {})
    if code in FILE_PROBLEMS:
        return file_problem_text(code, params, FILE_PROBLEMS)
    template = PROBLEM_MESSAGES.get(code)
    if template is None:
        return str(problem.get("message", code)) if isinstance(problem, Mapping) else code
    if "field" in params:
        params["field"] = field_label(params["field"])
    if code == "not_choice":
        if "choices" not in params:  # a problem kept before the accepted values were
            return str(_("“%(value)s” is not one of the accepted values.")) % params
        params["choices"] = accepted_values_text(choice_labels(params["choices"], CHOICE_SETS))
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


@dataclass
class CheckResult:
    """What checking a file found: its rows, its requisitions, and every problem (the first
    ones kept)."""

    stored_file: str  # its name in the file store (workbridge.web.uploads.IMPORTS)
    filename: str
    mapping: dict[str, str]
    stages: list[str]
    # The analyst's value mapping ({field: {code: category}}), see core.value_mapping.
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    # True when the file has no applicant id column and row numbers stand in.
    numbered: bool = False
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    requisitions: dict[str, RequisitionRow] = field(default_factory=dict)
    # The rows ready to load, when the file was small enough to keep them from the check.
    parsed: list[tuple] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.problems_total == 0


def open_stored(stored_file: str, filename: str) -> Table:
    """A stored applicant-flow file open for streaming, within the applicant-flow limits."""
    return upload_table(
        IMPORTS, stored_file, filename, limits=spreadsheet_limits(applicant_flow=True)
    )


def import_headers(stored_file: str, filename: str) -> list[str]:
    """The column headings of a stored file; FileProblem when it is gone or cannot be read."""
    with open_stored(stored_file, filename) as table:
        return table.headers


def applicant_import_check(
    *,
    organisation: Organisation,
    stored_file: str,
    filename: str,
    mapping: Mapping[str, str],
    values: ValueMap | None = None,
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Read the whole stored file once and find every problem; nothing is written."""
    stages = list(equity_settings_for(organisation).stages)
    result = CheckResult(
        stored_file=stored_file,
        filename=filename,
        mapping=dict(mapping),
        stages=stages,
        values={f: dict(codes) for f, codes in (values or {}).items()},
    )
    try:
        with open_stored(stored_file, filename) as table:
            reader = ApplicantFileReader(
                table.headers, mapping, import_lookups(organisation, stages, values)
            )
            result.numbered = reader.numbered
            result.parsed = check_file(
                reader, iter(table), progress=progress, keep_rows=KEEP_PARSED_ROWS
            )
            result.rows = reader.rows_read
    except FileProblem as exc:
        result.problems = [Problem(1, "", exc.code, exc.params)]
        result.problems_total = 1
        return result
    result.problems = reader.problems
    result.problems_total = reader.problems_total
    result.requisitions = reader.requisitions
    if not result.rows and not result.problems_total:
        result.problems = [Problem(1, "", "empty")]
        result.problems_total = 1
    return result


# What ``import_value_counts`` keeps of a file: {field: {"values": [[text, rows]], "more"}}.
ValueCounts = dict[str, dict[str, Any]]


def import_value_counts(
    *,
    stored_file: str,
    filename: str,
    mapping: Mapping[str, str],
    progress: Callable[[int], None] | None = None,
) -> ValueCounts:
    """Every distinct value of the file's coded columns with how many rows hold each, in one
    pass (``core.value_mapping.count_distinct``), as JSON the run keeps; nothing written."""
    with open_stored(stored_file, filename) as table:
        distinct = count_distinct(table.headers, iter(table), mapping, progress=progress)
    return {
        f: {"values": [[text, n] for text, n in found.values], "more": found.more}
        for f, found in distinct.items()
    }


def import_unknown_in_counts(
    *, organisation: Organisation, counts: ValueCounts, values: ValueMap | None = None
) -> dict[str, list[tuple[str, int]]]:
    """The counted values (``import_value_counts``) the check would not understand, even
    with the value mapping given, with how many rows hold each; the file is not read."""
    stages = list(equity_settings_for(organisation).stages)
    lookups = import_lookups(organisation, stages, values)
    distinct = {
        f: DistinctValues(f, tuple((text, n) for text, n in found["values"]), found["more"])
        for f, found in counts.items()
    }
    return unknown_values(distinct, lookups)


def import_unknown_values(
    *,
    organisation: Organisation,
    stored_file: str,
    filename: str,
    mapping: Mapping[str, str],
    values: ValueMap | None = None,
) -> dict[str, list[tuple[str, int]]]:
    """The values of the file's coded columns that the check would not understand, even with
    the value mapping given, with how many rows hold each; one pass, nothing written."""
    counts = import_value_counts(stored_file=stored_file, filename=filename, mapping=mapping)
    return import_unknown_in_counts(organisation=organisation, counts=counts, values=values)
