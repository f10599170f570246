"""The `workbridge` command line, for work that needs no server.

`workbridge adverse-impact FILE` reads an applicant-flow CSV, or a CSV of counts
per group, and prints each group's selection rate, impact ratio, four-fifths
finding and significance tests, as a table or as JSON; it needs no Django.

`workbridge backup FILE` and `workbridge restore FILE --replace` copy the database
named by the settings (`DATABASE_URL`) to a file and back (`workbridge.backup`).

Exit codes: 0 done; 2 the command line or the file cannot be used (every
problem is printed on stderr with its line and column).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from workbridge.core.applicant_flow import (
    DEFAULT_STAGES,
    VALUE_FIELDS,
    FlowInputError,
    count_applicants,
    parse_stages,
    read_counts,
    step_between,
)
from workbridge.core.stats import INTERSECTION_SEPARATOR, ImpactAnalysis, adverse_impact

EXIT_BAD_INPUT = 2
MAX_PROBLEMS_SHOWN = 50

ADVERSE_IMPACT_HELP = f"""\
Compare selection rates between groups of applicants and flag adverse impact.

FILE is a CSV file ("-" reads standard input). Two kinds are accepted:

  One row per applicant (the default), with the columns
    applicant_id, race_ethnicity, sex, stage_reached
  and optionally requisition, job_title, department, year, source, withdrew_at.
  A person counts as having reached every stage up to the one recorded.
  Stage names are matched without regard to case. The stages, in order, are
    {", ".join(DEFAULT_STAGES)}
  unless --stages gives another list. If withdrew_at names a stage (the last
  stage the person reached before withdrawing), that person is left out of
  any step that ends after it.

  Columns named otherwise are given with --column FIELD=HEADER, and codes
  with --value FIELD:CODE=CATEGORY (or both in a --mapping FILE.json). With
  no applicant_id column, each row is one applicant, numbered.

  One row per group, with --counts: group, considered, selected.

For each group the command reports: how many were considered and selected,
the selection rate, the impact ratio (the group's rate over the highest
group's rate), adverse impact (an impact ratio below four-fifths, worked out
exactly, so exactly 0.8 is not adverse), a flag for groups under 2% of
everyone considered, the two-sample Z test (negative when the group is
selected less often), Fisher's exact test (two-sided, and one-sided for the
group being selected less often), Lancaster's mid-p (one-sided), the shortfall
(how many more of the group would have to be selected for its rate to equal
the highest rate), the shortfall against the overall rate (considered x all
selected / all considered - selected, unrounded, as OFCCP conciliation
agreements count it), and whether moving one selection between the group and
the highest group would change the finding.

Applicants whose race/ethnicity or sex is blank, "unknown", "not disclosed" or
"prefer not to say" are counted and shown separately, not compared.
Combined groups (--by race,sex) are named "race{INTERSECTION_SEPARATOR}sex".

Problems in the file (an unknown stage, a missing column, a count that is not
a whole number, more selected than considered, an empty file) are all listed
on standard error with their line number (the header is line 1) and column,
and the command exits with status 2.
"""


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbridge",
        description="Workbridge tools that work on files, without a server.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    ai = commands.add_parser(
        "adverse-impact",
        help="selection rates, impact ratios and tests by race/ethnicity and sex",
        description=ADVERSE_IMPACT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ai.add_argument("file", metavar="FILE", help='the CSV file to read ("-" for standard input)')
    ai.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ai.add_argument(
        "--counts",
        action="store_true",
        help="FILE holds counts per group (group, considered, selected), not applicants",
    )
    ai.add_argument(
        "--from",
        dest="from_stage",
        metavar="STAGE",
        help="the stage people were considered at (default: the first stage, applied)",
    )
    ai.add_argument(
        "--to",
        dest="to_stage",
        metavar="STAGE",
        help="the stage that counts as selected (default: the last stage, hired)",
    )
    ai.add_argument(
        "--by",
        default=None,
        metavar="race|sex|race,sex",
        help="group people by race/ethnicity, by sex, or by both combined (default: race)",
    )
    ai.add_argument(
        "--stages",
        metavar="LIST",
        help="the stages in order, separated by commas (default: " + ",".join(DEFAULT_STAGES) + ")",
    )
    for option, column in (
        ("--job-title", "job_title"),
        ("--year", "year"),
        ("--department", "department"),
        ("--requisition", "requisition"),
    ):
        ai.add_argument(
            option,
            dest=column,
            metavar="VALUE",
            help=f"only applicants whose {column} is VALUE (case is ignored)",
        )
    ai.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="read FIELD (applicant_id, race_ethnicity, sex, stage_reached, withdrew_at, "
        "requisition, job_title, department, year) from the column HEADER; repeatable",
    )
    ai.add_argument(
        "--value",
        action="append",
        default=[],
        metavar="FIELD:CODE=CATEGORY",
        help="read CODE in FIELD (race_ethnicity, sex or stage_reached) as CATEGORY; repeatable",
    )
    ai.add_argument(
        "--mapping",
        metavar="FILE.json",
        help='columns, values and stages from a JSON file: {"columns": {FIELD: HEADER}, '
        '"values": {FIELD: {CODE: CATEGORY}}, "stages": [...]}; the options above win',
    )
    ai.add_argument(
        "--encoding",
        default="utf-8-sig",
        help="the file's text encoding (default: UTF-8, with or without a byte-order mark)",
    )
    backup = commands.add_parser(
        "backup",
        help="copy the whole database to a file",
        description="Copy the whole database (SQLite or PostgreSQL, from DATABASE_URL) to "
        "FILE: SQLite through its online backup API, PostgreSQL with pg_dump. The app may "
        "keep running.",
    )
    backup.add_argument("file", metavar="FILE", help="where to write the backup")
    restore = commands.add_parser(
        "restore",
        help="replace the whole database with a backup",
        description="Replace everything in the database with the backup in FILE. Stop the "
        "app servers and workers first. On PostgreSQL the restore is one transaction.",
    )
    restore.add_argument("file", metavar="FILE", help="the backup to restore")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="confirm that the database's present contents are to be replaced",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a `workbridge` command and return its exit status."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed by argparse
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    if args.command in ("backup", "restore"):
        return _backup_or_restore(args)
    return _adverse_impact(args)


def _backup_or_restore(args: argparse.Namespace) -> int:
    if args.command == "restore" and not args.replace:
        print(
            "workbridge restore: this replaces everything in the database; "
            "add --replace to confirm.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbridge.settings")
    import django

    django.setup()
    from pathlib import Path

    from workbridge.backup import BackupError, backup_database, restore_database

    try:
        if args.command == "backup":
            written = backup_database(Path(args.file))
            print(f"Backed up the database to {written}.")
        else:
            restore_database(Path(args.file))
            print(f"Restored the database from {args.file}.")
    except BackupError as exc:
        print(f"workbridge {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def _fail(message: str) -> int:
    print(f"workbridge adverse-impact: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _adverse_impact(args: argparse.Namespace) -> int:
    filters = {
        column: getattr(args, column)
        for column in ("job_title", "year", "department", "requisition")
        if getattr(args, column) is not None
    }
    try:
        columns, values, mapped_stages = _mapping_options(args)
    except ValueError as exc:
        return _fail(str(exc))
    if args.stages is None and mapped_stages is not None:
        args.stages = mapped_stages
    if args.counts:
        used = [
            option
            for option, value in (
                ("--from", args.from_stage),
                ("--to", args.to_stage),
                ("--by", args.by),
                ("--stages", args.stages),
                ("--column", columns or None),
                ("--value", values or None),
                *((f"--{c.replace('_', '-')}", v) for c, v in filters.items()),
            )
            if value is not None
        ]
        if used:
            return _fail(f"{', '.join(used)} cannot be used with --counts")
    else:
        by = tuple(part.strip() for part in (args.by or "race").split(","))
        if not by or any(part not in ("race", "sex") for part in by) or len(set(by)) != len(by):
            return _fail(f"--by must be race, sex or race,sex (got {args.by!r})")
        try:
            stages = DEFAULT_STAGES if args.stages is None else parse_stages(args.stages)
            step = step_between(stages, args.from_stage, args.to_stage)
        except ValueError as exc:
            return _fail(str(exc))

    try:
        stream = _open(args.file, args.encoding)
    except (OSError, LookupError) as exc:
        return _fail(f"cannot read {args.file}: {exc}")
    try:
        with stream:
            if args.counts:
                counts = read_counts(stream)
                context: dict[str, Any] = {"from": None, "to": None, "by": None}
                rows = len(counts)
            else:
                flow = count_applicants(
                    stream, step=step, by=by, filters=filters, columns=columns, values=values
                )
                counts = flow.counts
                rows = flow.matched
                context = {
                    "from": step.from_stage,
                    "to": step.to_stage,
                    "by": ",".join(by),
                    "withdrawn": flow.withdrawn,
                }
    except FlowInputError as exc:
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            print(f"{args.file}: {problem}", file=sys.stderr)
        if exc.total > MAX_PROBLEMS_SHOWN:
            print(
                f"{args.file}: … and {exc.total - MAX_PROBLEMS_SHOWN} more problems",
                file=sys.stderr,
            )
        return EXIT_BAD_INPUT
    except UnicodeDecodeError as exc:
        return _fail(f"{args.file} is not {args.encoding} text ({exc.reason})")

    analysis = adverse_impact(counts)
    context["filters"] = filters
    if args.json:
        output = json.dumps(as_json(analysis, context), indent=2, ensure_ascii=False) + "\n"
    else:
        output = as_table(analysis, context, rows=rows)
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        # Piped into a reader that stopped early (`| head`): not an error. Point
        # stdout at devnull so the flush at exit does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _mapping_options(
    args: argparse.Namespace,
) -> tuple[dict[str, str], dict[str, dict[str, str]], str | None]:
    """The columns, values and stage list from --mapping, then --column and --value on top."""
    columns: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    stages: str | None = None
    if args.mapping:
        try:
            with open(args.mapping, encoding="utf-8") as handle:
                saved = json.load(handle)
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"cannot read --mapping {args.mapping}: {exc}") from None
        if not isinstance(saved, dict):
            raise ValueError(f"--mapping {args.mapping} must hold a JSON object")
        for name, heading in (saved.get("columns") or {}).items():
            columns[str(name)] = str(heading)
        for name, codes in (saved.get("values") or {}).items():
            if not isinstance(codes, dict):
                raise ValueError(f"--mapping: the values of {name} must be an object")
            values.setdefault(str(name), {}).update({str(k): str(v) for k, v in codes.items()})
        listed = saved.get("stages")
        if isinstance(listed, list):
            stages = ",".join(str(s) for s in listed)
        elif isinstance(listed, str):
            stages = listed
    for option in args.column:
        name, sep, heading = option.partition("=")
        if not sep or not name.strip() or not heading.strip():
            raise ValueError(f"--column must be FIELD=HEADER (got {option!r})")
        columns[name.strip()] = heading.strip()
    for option in args.value:
        where, sep, category = option.partition("=")
        name, colon, code = where.partition(":")
        if not sep or not colon or not name.strip():
            raise ValueError(f"--value must be FIELD:CODE=CATEGORY (got {option!r})")
        values.setdefault(name.strip(), {})[code.strip()] = category.strip()
    for name in values:
        if name not in VALUE_FIELDS:
            raise ValueError(
                f"--value: {name!r} has no codes to map (use {', '.join(VALUE_FIELDS)})"
            )
    return columns, values, stages


def _open(path: str, encoding: str) -> TextIO:
    if path == "-":
        return open(sys.stdin.fileno(), encoding=encoding, newline="", closefd=False)
    return open(path, encoding=encoding, newline="")


def as_json(analysis: ImpactAnalysis, context: dict[str, Any]) -> dict[str, Any]:
    """The analysis as plain JSON values (no NaN: undefined values are null)."""
    groups = []
    for g in analysis.groups:
        groups.append(
            {
                "group": g.group,
                "considered": g.considered,
                "selected": g.selected,
                "rate": g.rate,
                "impact_ratio": g.impact_ratio,
                "impact_ratio_exact": None
                if g.impact_ratio_exact is None
                else str(g.impact_ratio_exact),
                "adverse_impact": g.adverse_impact,
                "small_group": g.small_group,
                "is_reference": g.is_reference,
                "z": g.z,
                "p_z_two_sided": g.p_z_two_sided,
                "fisher_p_two_sided": g.fisher_p_two_sided,
                "fisher_p_one_sided": g.fisher_p_one_sided,
                "mid_p": g.mid_p,
                "shortfall": g.shortfall,
                "shortfall_four_fifths": g.shortfall_four_fifths,
                "shortfall_overall": analysis.shortfall_overall(g.group),
                "one_selection_reverses": g.one_selection_reverses,
                "one_selection_inverts_rates": g.one_selection_inverts_rates,
                "significant": g.significant,
            }
        )
    unknown_considered = analysis.unknown_considered
    unknown_selected = analysis.unknown_selected
    return {
        **{k: context[k] for k in ("from", "to", "by")},
        "withdrawn_left_out": context.get("withdrawn"),
        "filters": context.get("filters", {}),
        "reference_group": analysis.reference_group,
        "passed_over": list(analysis.passed_over),
        "considered": analysis.considered,
        "selected": analysis.selected,
        "groups": groups,
        "unknown": {
            "considered": unknown_considered,
            "selected": unknown_selected,
            "rate": unknown_selected / unknown_considered if unknown_considered else None,
            "groups": [
                {"group": c.group, "considered": c.considered, "selected": c.selected}
                for c in analysis.unknown
            ],
        },
    }


def _number(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _p(value: float | None) -> str:
    if value is None:
        return "–"
    return "<0.0001" if value < 0.0001 else f"{value:.4f}"


def _yes_no(value: bool | None) -> str:
    return "–" if value is None else ("yes" if value else "no")


def as_table(analysis: ImpactAnalysis, context: dict[str, Any], *, rows: int) -> str:
    """The analysis as an aligned text table with a few lines of explanation."""
    lines = []
    if context.get("from"):
        by = " and ".join(
            {"race": "race/ethnicity", "sex": "sex"}[p] for p in context["by"].split(",")
        )
        lines.append(f"Adverse impact from {context['from']} to {context['to']}, by {by}")
    else:
        lines.append("Adverse impact from counts per group")
    if context.get("filters"):
        lines.append(
            "Only: "
            + ", ".join(f"{k.replace('_', ' ')} = {v}" for k, v in context["filters"].items())
        )
    lines.append(f"{analysis.considered} considered, {analysis.selected} selected")
    if context.get("from"):
        lines.append(
            f"{rows} applicant rows matched; {context['withdrawn']} left out because they"
            f" withdrew before {context['to']}"
        )
    if analysis.reference_group is None:
        lines.append("No group had anyone selected, so there is nothing to compare.")
    else:
        lines.append(f"Reference group (highest selection rate): {analysis.reference_group}")
        for name in analysis.passed_over:
            g = analysis.group(name)
            lines.append(
                f"Note: {name} had a higher rate ({g.rate:.1%}) but was not used as the"
                " reference because it made up under 2% of those considered."
            )
    lines.append("")

    header = (
        "Group",
        "Considered",
        "Selected",
        "Rate",
        "Impact ratio",
        "Adverse impact",
        "Z",
        "p (Z)",
        "Fisher p (2-sided)",
        "Fisher p (1-sided)",
        "Mid-p",
        "Shortfall",
        "Shortfall (overall rate)",
        "Under 2%",
        "One selection reverses",
        "Significant",
    )
    body = []
    for g in analysis.groups:
        body.append(
            (
                g.group + (" (reference)" if g.is_reference else ""),
                str(g.considered),
                str(g.selected),
                "–" if g.rate is None else f"{g.rate:.1%}",
                _number(g.impact_ratio, 3),
                "YES" if g.adverse_impact else "no",
                _number(g.z, 2),
                _p(g.p_z_two_sided),
                _p(g.fisher_p_two_sided),
                _p(g.fisher_p_one_sided),
                _p(g.mid_p),
                str(g.shortfall),
                _number(analysis.shortfall_overall(g.group), 2),
                _yes_no(g.small_group),
                _yes_no(g.one_selection_reverses),
                _yes_no(g.significant) if g.adverse_impact else "–",
            )
        )
    if not body:
        lines.append("No applicants of a known group were considered at this step.")
    else:
        widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]
        for n, row in enumerate((header, *body)):
            cells = [
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            ]
            lines.append("  ".join(cells).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
    if analysis.unknown:
        lines.append("")
        considered = analysis.unknown_considered
        selected = analysis.unknown_selected
        rate = f", rate {selected / considered:.1%}" if considered else ""
        lines.append(
            f"Unknown group (not compared): {considered} considered, {selected} selected{rate}"
        )
        for c in analysis.unknown:
            lines.append(f"  {c.group}: {c.considered} considered, {c.selected} selected")
    lines.append("")
    lines.append(
        "Adverse impact: impact ratio below 4/5. Z < 0: selected less often than the reference."
    )
    lines.append(
        "Shortfall: more selections needed for the group's rate to equal the reference rate."
    )
    lines.append(
        "Shortfall (overall rate): considered x (all selected / all considered) - selected,"
        " unrounded, as in OFCCP conciliation agreements; negative when above the overall rate."
    )
    lines.append(
        "Significant: adverse impact that one different selection does not reverse, with"
        " Fisher's exact p < 0.05 (practically and statistically significant); otherwise"
        " below four-fifths only."
    )
    lines.append(
        "The reference is the highest rate among groups of at least 2% of those considered."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
