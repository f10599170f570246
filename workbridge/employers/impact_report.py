"""A community impact report: the published figures, their words, charts, CSV and PDF.

Everything that leaves the organisation goes through `published_figures`: the figures
with every small count, every rate resting on one and their complements taken out
(`core.community_impact.disclose`). The page, the PDF, the CSV appendix, the employer
partner's view, the API and each snapshot read that one dictionary, so they can never
show different numbers. The dictionary holds keys and numbers only; words are added in
the reader's language when it is shown.
"""

import calendar
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from workbridge.core.community_impact import (
    DISABILITY,
    JUSTICE_INVOLVED,
    LONG_TERM_UNEMPLOYED,
    NO_DIPLOMA,
    OUTSIDE,
    PUBLIC_BENEFITS,
    SOCIAL_FLAGS,
    VETERAN,
    YOUTH,
    Figures,
    Finding,
    Share,
    disclose,
    diversity,
    narrative,
    residence_group,
    weighted_benchmark,
)
from workbridge.core.outcomes import CHECKPOINTS
from workbridge.core.spreadsheets import rows_to_csv
from workbridge.employers.impact import (
    RACE_GROUPS,
    SEX_GROUPS,
    ImpactContext,
    employer_figures,
    employer_peer_comparison,
    impact_context,
    impact_data_version,
)
from workbridge.employers.impact_charts import Bar, bar_chart, community_map, map_legend
from workbridge.employers.models import Employer
from workbridge.people.models import CommunityArea
from workbridge.web.renders import pdf_cached

SHARE_NAMES = (
    "local",
    "priority",
    "near_site",
    "health",
    "living_wage",
    "wage_gain",
    "progression",
)
SHARE_LABELS = {
    "local": gettext_lazy("Live in Chicago"),
    "priority": gettext_lazy("Live in a priority community"),
    "near_site": gettext_lazy("Live in the community area of a site"),
    "health": gettext_lazy("Employer health coverage"),
    "living_wage": gettext_lazy("Paid a living wage for their household"),
    "wage_gain": gettext_lazy("Earn more than before the program"),
    "progression": gettext_lazy("Had a raise since starting"),
}
SOCIAL_LABELS = {
    JUSTICE_INVOLVED: gettext_lazy("Justice-involved"),
    VETERAN: gettext_lazy("Veterans"),
    DISABILITY: gettext_lazy("People with disabilities"),
    LONG_TERM_UNEMPLOYED: gettext_lazy("Out of work six months or more"),
    PUBLIC_BENEFITS: gettext_lazy("Receiving public benefits"),
    YOUTH: gettext_lazy("Aged 16–24"),
    NO_DIPLOMA: gettext_lazy("Without a high-school diploma"),
}
RACE_LABELS = {
    "hispanic": gettext_lazy("Hispanic or Latino"),
    "white": gettext_lazy("White"),
    "black": gettext_lazy("Black or African American"),
    "asian": gettext_lazy("Asian"),
    "other": gettext_lazy("Other or more than one race"),
}
SEX_LABELS = {"female": gettext_lazy("Women"), "male": gettext_lazy("Men")}
GROUP_LABELS = {
    "priority": gettext_lazy("Priority communities"),
    "other": gettext_lazy("Elsewhere in Chicago"),
    "outside": gettext_lazy("Outside Chicago"),
}
PEER_LABELS = {
    "hires": gettext_lazy("Hires"),
    "local_share": gettext_lazy("Live in Chicago"),
    "priority_share": gettext_lazy("Live in a priority community"),
    "median_wage": gettext_lazy("Median starting wage"),
    "living_wage_share": gettext_lazy("Paid a living wage"),
    "retention_90": gettext_lazy("Stayed 90 days"),
}
# The benchmark's groups gather the EEO categories.
EEO_TO_GROUP = {
    "hispanic": "hispanic",
    "white": "white",
    "black": "black",
    "asian": "asian",
    "nhpi": "other",
    "aian": "other",
    "two_or_more": "other",
}


def threshold() -> int:
    return int(settings.WORKBRIDGE_SMALL_CELL)


# --- periods ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> "Period":
        """The period of the same kind just before: the previous quarter, half or year
        when this is one, else as many days just before."""
        s = self.since
        if s.day == 1 and self.until == _month_end(self.until):
            months = (self.until.year - s.year) * 12 + self.until.month - s.month + 1
            start = _add_months(s, -months)
            return Period(start, s - timedelta(days=1))
        return Period(s - timedelta(days=self.days), s - timedelta(days=1))


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_of(day: date) -> Period:
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Period(start, _month_end(_add_months(start, 2)))


def half_of(day: date) -> Period:
    start = date(day.year, 1 if day.month <= 6 else 7, 1)
    return Period(start, _month_end(_add_months(start, 5)))


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))


def last_complete(kind: str, today: date) -> Period:
    """The last quarter, half-year or year that ended before `today`."""
    of = {"quarter": quarter_of, "half": half_of, "year": year_of}[kind]
    return of(of(today).since - timedelta(days=1))


def period_label(period: Period) -> str:
    return _("%(since)s to %(until)s") % {
        "since": date_format(period.since, "DATE_FORMAT"),
        "until": date_format(period.until, "DATE_FORMAT"),
    }


# --- the published figures ----------------------------------------------------------


def _share(share: Share, hidden: bool) -> dict[str, int | None]:
    if hidden:
        return {"count": None, "of": None, "percent": None}
    rate = share.rate
    return {
        "count": share.count,
        "of": share.of,
        "percent": None if rate is None else round(100 * rate),
    }


def _money(value: Decimal | None, hidden: bool) -> str | None:
    return None if value is None or hidden else str(value)


def published_figures(
    figures: Figures,
    *,
    context: ImpactContext,
    area_names: Mapping[int, str],
    limit: int,
    peers: list | None = None,
    zip_codes: bool = True,
) -> dict[str, Any]:
    """The figures as they may be published: keys and numbers, None where hidden (with
    `zip_codes` False, without the ZIP breakdown)."""
    shown = disclose(
        figures, threshold=limit, priority_areas=context.priority_areas, zip_codes=zip_codes
    )
    race_counts: dict[str, int] = {}
    for category, n in figures.race.items():
        group = EEO_TO_GROUP.get(category, "not_disclosed")
        race_counts[group] = race_counts.get(group, 0) + n
    race_hidden = {EEO_TO_GROUP.get(c, "not_disclosed") for c in shown.race}
    race_bench = weighted_benchmark(figures.by_area, context.race_population)
    sex_bench = weighted_benchmark(figures.by_area, context.sex_population)
    result: dict[str, Any] = {
        "since": figures.since.isoformat(),
        "until": figures.until.isoformat(),
        "threshold": limit,
        "hires": figures.hires if shown.hires else None,
        "shares": {
            name: _share(getattr(figures, name), not shown.shown(name)) for name in SHARE_NAMES
        },
        "retention": {
            str(c): _share(figures.retention_at(c), not shown.shown(f"retention_{c}"))
            for c in CHECKPOINTS
        },
        "wages": {
            "median": _money(figures.median_wage, not shown.shown("median_wage")),
            "mean": _money(figures.mean_wage, not shown.shown("mean_wage")),
            "mean_gain": _money(figures.mean_gain, not shown.shown("mean_gain")),
            "mean_progression": _money(
                figures.mean_progression, not shown.shown("mean_progression")
            ),
            "annual_earnings": _money(figures.annual_earnings, not shown.shown("earnings")),
        },
        "groups": [
            {
                "group": group,
                "hires": None
                if group in shown.groups
                else sum(
                    n
                    for a, n in figures.by_area.items()
                    if residence_group(a, context.priority_areas) == group
                ),
            }
            for group in ("priority", "other", "outside")
        ],
        "areas": [
            {
                "number": area,
                "name": area_names.get(area, "") if area != OUTSIDE else "",
                "group": residence_group(area, context.priority_areas),
                "hires": None if area in shown.areas else n,
                "earnings": None
                if area in shown.areas
                else str(figures.earnings_by_area.get(area, Decimal(0))),
            }
            for area, n in sorted(
                figures.by_area.items(), key=lambda kv: (-kv[1], area_names.get(kv[0], ""))
            )
        ],
        "zips": _zip_rows(figures, shown.zips, area_names) if zip_codes else [],
        "social": [
            {"flag": flag, "count": None if flag in shown.social else figures.social[flag]}
            for flag in SOCIAL_FLAGS
        ],
        "race": [
            {
                "group": row.group,
                "count": None if row.group in race_hidden else row.count,
                "percent": None
                if row.group in race_hidden or row.share is None
                else round(100 * row.share),
                "benchmark": None if row.benchmark is None else round(100 * row.benchmark),
            }
            for row in diversity(race_counts, race_bench, RACE_GROUPS)
        ],
        "sex": [
            {
                "group": row.group,
                "count": None if row.group in shown.sex else row.count,
                "percent": None
                if row.group in shown.sex or row.share is None
                else round(100 * row.share),
                "benchmark": None if row.benchmark is None else round(100 * row.benchmark),
            }
            for row in diversity(figures.sex, sex_bench, SEX_GROUPS)
        ],
        # Hiring incentives on the hires: hires covered by a Federal Bonding Program bond, and
        # the certified Work Opportunity Tax Credits the employer may claim, in dollars.
        "incentives": {
            "bonded_hires": None if not shown.shown("bonded_hires") else figures.bonded_hires,
            "tax_credits": _money(figures.tax_credits, not shown.shown("tax_credits")),
        },
        "benchmark": {"source": context.benchmark_source, "year": context.benchmark_year},
        "peers": [
            {
                "measure": p.measure,
                "own": None if p.own is None or not shown.hires else round(p.own, 2),
                "median": None if p.peer_median is None else round(p.peer_median, 2),
                "peers": p.peers,
            }
            for p in (peers or [])
        ],
    }
    return result


def _zip_rows(
    figures: Figures, hidden: frozenset[str], area_names: Mapping[int, str]
) -> list[dict[str, Any]]:
    """Hires by ZIP code (most first), each with the community area most of them live in;
    "" stands for hires who gave no ZIP code."""
    counts: dict[str, int] = {}
    areas: dict[str, dict[int, int]] = {}
    for (zip_code, area), n in figures.by_zip_area.items():
        counts[zip_code] = counts.get(zip_code, 0) + n
        areas.setdefault(zip_code, {})[area] = n
    rows = []
    for zip_code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        main = max(areas[zip_code].items(), key=lambda kv: (kv[1], -kv[0]))[0]
        rows.append(
            {
                "zip": zip_code,
                "area": area_names.get(main, "") if main != OUTSIDE else "",
                "hires": None if zip_code in hidden else n,
            }
        )
    return rows


def _quoted(published: Mapping[str, Any]) -> Callable[[str], bool]:
    """Whether the narrative may quote a figure: only those the report publishes."""

    def shown(name: str) -> bool:
        if name == "hires":
            return published.get("hires") is not None
        if name in ("previous_hires",):
            return published.get("previous_hires") is not None
        if name == "earnings":
            return published["wages"]["annual_earnings"] is not None
        if name == "wage_gain":
            return published["wages"]["mean_gain"] is not None
        if name == "retention_90":
            return published["retention"]["90"]["percent"] is not None
        share = published["shares"].get(name)
        return share is not None and share["percent"] is not None

    return shown


def _dollars(amount: object) -> str:
    return "$" + number_format(Decimal(str(amount)), decimal_pos=2, force_grouping=True)


def _whole_dollars(amount: object) -> str:
    return "$" + number_format(round(Decimal(str(amount))), force_grouping=True)


def finding_words(finding: Finding) -> str:
    v = finding.values
    match finding.key:
        case "no_hires":
            return _("No one from the program started work in this period.")
        case "hires_hidden":
            return _(
                "Too few people started work in this period to report their figures "
                "without risk of identifying them."
            )
        case "no_hires_after":
            return ngettext(
                "In the period before, %(before)s person started.",
                "In the period before, %(before)s people started.",
                int(v["before"]),  # type: ignore[call-overload]
            ) % {"before": v["before"]}
        case "hires":
            return ngettext(
                "%(now)s person from the program started work.",
                "%(now)s people from the program started work.",
                int(v["now"]),  # type: ignore[call-overload]
            ) % {"now": v["now"]}
        case "hires_up":
            return _("%(now)s people from the program started work, up from %(before)s.") % v
        case "hires_down":
            return _("%(now)s people from the program started work, down from %(before)s.") % v
        case "hires_same":
            return _("%(now)s people from the program started work, as many as before.") % v
        case "local":
            return _("%(percent)s%% of them live in Chicago's community areas.") % v
        case "priority":
            return _("%(percent)s%% live in the communities the program puts first.") % v
        case "earnings":
            return _("Together they bring home about %(amount)s a year.") % {
                "amount": _whole_dollars(v["amount"])
            }
        case "living_wage":
            return _("%(percent)s%% are paid a living wage for their own household.") % v
        case "living_wage_change":
            return (
                _(
                    "%(percent)s%% are paid a living wage for their own household "
                    "(%(before)s%% the period before)."
                )
                % v
            )
        case "wage_gain":
            return _("On average they earn %(amount)s an hour more than before.") % {
                "amount": _dollars(v["amount"])
            }
        case "retention":
            return _("%(percent)s%% of those who reached 90 days were still there.") % v
        case "retention_up":
            return _("90-day retention rose to %(percent)s%% from %(before)s%%.") % v
        case "retention_down":
            return _("90-day retention fell to %(percent)s%% from %(before)s%%.") % v
    return ""


@dataclass
class Report:
    """Everything a report page, PDF or snapshot shows."""

    employer: Employer | None
    period: Period
    published: dict[str, Any]
    figures: Figures
    previous: Figures
    priority: frozenset[int] = frozenset()

    def narrative_text(self) -> str:
        findings = narrative(self.figures, self.previous, shown=_quoted(self.published))
        return " ".join(finding_words(f) for f in findings)


def area_names() -> dict[int, str]:
    return dict(CommunityArea.objects.values_list("number", "name"))


# An employer's published figures are kept this long at most; the key also holds a
# fingerprint of the records they are read from (`impact_data_version`), so a new hire,
# end or check shows at once, and only a change that leaves no trace in it waits this long.
REPORT_CACHE_SECONDS = 15 * 60


def employer_report(employer: Employer, period: Period) -> Report:
    """One employer's report for a period: its published figures and the period before's.

    Working them out (two periods' placements, the peers' median and the disclosure
    control's linear programs) costs far more than a page, so the result is kept under
    everything it depends on: the employer, the period, the threshold, the organisation's
    settings and the fingerprint of the records read. Found, it costs the same few
    queries for any employer."""
    context = impact_context(employer.organisation_id)
    limit = threshold()
    before = period.previous()
    version = impact_data_version(employer, since=before.since, until=period.until)
    identity = repr(
        (
            employer.pk,
            employer.name,
            employer.naics_code,
            employer.size_band,
            period,
            limit,
            sorted(context.priority_areas),
            context.version,
            version,
        )
    )
    # The prefix names the shape of what is kept (2: with the hiring incentives).
    key = "impact-report:2:" + hashlib.sha256(identity.encode()).hexdigest()
    kept = cache.get(key)  # the cache hands back a copy: the caller may add to it
    if kept is not None:
        published, figures, previous = kept
        return Report(employer, period, published, figures, previous, context.priority_areas)
    figures = employer_figures(employer, since=period.since, until=period.until, context=context)
    previous = employer_figures(employer, since=before.since, until=before.until, context=context)
    peers = employer_peer_comparison(
        employer, figures, since=period.since, until=period.until, context=context
    )
    published = published_figures(
        figures, context=context, area_names=area_names(), limit=limit, peers=peers
    )
    published["employer"] = employer.name
    published["previous_hires"] = previous.hires if not 0 < previous.hires < limit else None
    cache.set(key, (published, figures, previous), REPORT_CACHE_SECONDS)
    return Report(employer, period, published, figures, previous, context.priority_areas)


# --- words, charts, CSV and PDF ---------------------------------------------------------


def _percent(value: object) -> str:
    return "—" if value is None else f"{value}%"


def report_charts(published: Mapping[str, Any]) -> dict[str, str]:
    """The report's SVG charts, in the active language."""
    hidden = _("hidden")
    retention = [
        Bar(
            _("%(days)s days") % {"days": days},
            None if s["percent"] is None else s["percent"] / 100,
            hidden if s["of"] is None else (_percent(s["percent"]) if s["of"] else "—"),
        )
        for days, s in published["retention"].items()
    ]
    uplift = [
        Bar(
            str(SHARE_LABELS[name]),
            None
            if published["shares"][name]["percent"] is None
            else published["shares"][name]["percent"] / 100,
            hidden
            if published["shares"][name]["of"] is None
            else _percent(published["shares"][name]["percent"]),
        )
        for name in ("local", "priority", "living_wage", "health", "wage_gain")
    ]
    race = [
        Bar(
            str(RACE_LABELS[row["group"]]),
            None if row["percent"] is None else row["percent"] / 100,
            hidden if row["count"] is None else _percent(row["percent"]),
            None if row["benchmark"] is None else row["benchmark"] / 100,
        )
        for row in published["race"]
    ]
    return {
        "retention": bar_chart(_("Still in the job at each checkpoint"), retention),
        "uplift": bar_chart(_("Local hiring and economic uplift"), uplift),
        "race": bar_chart(
            _("Hires by race and ethnicity, against the communities they live in"),
            race,
            benchmark_label=_("Population of those communities"),
        ),
    }


def area_map(published: Mapping[str, Any], priority: frozenset[int], title: str) -> str:
    names = area_names()
    values = {
        a["number"]: float(a["earnings"])
        for a in published["areas"]
        if a["earnings"] is not None and a["number"]
    }
    hidden = frozenset(a["number"] for a in published["areas"] if a["hires"] is None)
    words = {n: _whole_dollars(v) for n, v in values.items()}
    top = max(values.values(), default=0.0)
    legend = map_legend(
        top, _whole_dollars, hidden=_("Hidden (few people)"), priority=_("Priority: thick edge")
    )
    return community_map(
        title, values, names, words=words, hidden=hidden, outlined=priority, legend=legend
    )


def csv_rows(published: Mapping[str, Any]) -> list[list[object]]:
    """The published figures as rows of section, figure, value, out of, per cent."""
    rows: list[list[object]] = []
    if published.get("employer"):
        rows.append([_("Employer"), _("Name"), published["employer"], "", ""])
    rows += [
        [_("Period"), _("From"), published["since"], "", ""],
        [_("Period"), _("To"), published["until"], "", ""],
        [_("Hires"), _("Hires from the program"), published["hires"], "", ""],
    ]
    for name, s in published["shares"].items():
        rows.append([_("Shares"), str(SHARE_LABELS[name]), s["count"], s["of"], s["percent"]])
    for days, s in published["retention"].items():
        label = _("Stayed %(days)s days") % {"days": days}
        rows.append([_("Retention"), label, s["count"], s["of"], s["percent"]])
    wage_labels = {
        "median": _("Median starting wage"),
        "mean": _("Mean starting wage"),
        "mean_gain": _("Mean hourly gain over earlier wage"),
        "mean_progression": _("Mean raise since starting"),
        "annual_earnings": _("Annualised earnings"),
    }
    for key, value in published["wages"].items():
        rows.append([_("Wages"), wage_labels[key], value, "", ""])
    for group in published["groups"]:
        rows.append(
            [_("Where hires live"), str(GROUP_LABELS[group["group"]]), group["hires"], "", ""]
        )
    for area in published["areas"]:
        name = area["name"] or _("Outside Chicago")
        rows.append([_("Community areas"), name, area["hires"], area["earnings"], ""])
    for row in published.get("zips", []):
        label = row["zip"] or _("No ZIP code given")
        rows.append([_("ZIP codes"), label, row["hires"], "", ""])
    incentives = published.get("incentives")  # reports kept before they were published
    if incentives is not None:
        rows += [
            [
                _("Hiring incentives"),
                _("Hires covered by a fidelity bond"),
                incentives["bonded_hires"],
                "",
                "",
            ],
            [
                _("Hiring incentives"),
                _("Work Opportunity Tax Credits certified"),
                incentives["tax_credits"],
                "",
                "",
            ],
        ]
    for row in published["social"]:
        rows.append([_("Social impact"), str(SOCIAL_LABELS[row["flag"]]), row["count"], "", ""])
    for row in published["race"]:
        rows.append(
            [
                _("Race and ethnicity"),
                str(RACE_LABELS[row["group"]]),
                row["count"],
                row["benchmark"],
                row["percent"],
            ]
        )
    for row in published["sex"]:
        rows.append(
            [
                _("Sex"),
                str(SEX_LABELS[row["group"]]),
                row["count"],
                row["benchmark"],
                row["percent"],
            ]
        )
    return rows


def report_csv(published: Mapping[str, Any]) -> bytes:
    headers = [_("Section"), _("Figure"), _("Value"), _("Out of / benchmark"), _("Per cent")]
    return rows_to_csv(headers, csv_rows(published))


def report_context(
    published: Mapping[str, Any],
    *,
    employer_name: str,
    narrative_text: str,
    priority: frozenset[int],
) -> dict[str, Any]:
    """What the report template needs, in the active language."""
    return {
        "published": published,
        "employer_name": employer_name,
        "period": period_label(
            Period(date.fromisoformat(published["since"]), date.fromisoformat(published["until"]))
        ),
        "narrative": narrative_text,
        "charts": report_charts(published),
        "map": area_map(published, priority, _("Annual earnings placed in each community area")),
        "share_rows": [(SHARE_LABELS[name], s) for name, s in published["shares"].items()],
        "social_rows": [(SOCIAL_LABELS[r["flag"]], r) for r in published["social"]],
        "race_rows": [(RACE_LABELS[r["group"]], r) for r in published["race"]],
        "sex_rows": [(SEX_LABELS[r["group"]], r) for r in published["sex"]],
        "group_rows": [(GROUP_LABELS[g["group"]], g) for g in published["groups"]],
        "peer_rows": [(PEER_LABELS[p["measure"]], p) for p in published["peers"]],
        "threshold": published["threshold"],
    }


def report_body_html(
    published: Mapping[str, Any], *, narrative_text: str, priority: frozenset[int]
) -> str:
    """The report's body (`_body.html`: figures, tables, charts and map) in the active
    language, kept under a hash of everything it shows: drawing the charts and the map
    and filling the tables is most of a page's work, and the same figures give the same
    body."""
    language = translation.get_language() or ""
    identity = json.dumps(
        [published, narrative_text, sorted(priority), language], sort_keys=True, default=str
    )
    key = "impact-body:" + hashlib.sha256(identity.encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        context = report_context(
            published,
            employer_name=str(published.get("employer", "")),
            narrative_text=narrative_text,
            priority=priority,
        )
        body = render_to_string("employers/impact/_body.html", context)
        cache.set(key, body, REPORT_CACHE_SECONDS)
    return mark_safe(body)  # noqa: S308 - rendered from our own template, escaped there


def render_report_html(context: Mapping[str, Any], *, language: str) -> str:
    """The report as one self-contained HTML page (for the PDF and the snapshot)."""
    with translation.override(language):
        return render_to_string(
            "employers/impact_report_pdf.html", {**context, "language": language}
        )


def report_pdf(html: str) -> bytes:
    return pdf_cached(html)


# --- the whole program --------------------------------------------------------------


@dataclass
class ProgramReport:
    period: Period
    published: dict[str, Any]
    figures: Figures
    previous: Figures
    priority: frozenset[int]
    trend: list[dict[str, Any]]
    top: list[dict[str, Any]]

    def narrative_text(self) -> str:
        findings = narrative(self.figures, self.previous, shown=_quoted(self.published))
        return " ".join(finding_words(f) for f in findings)


def program_report(organisation_id: int, period: Period, *, quarters: int = 8) -> ProgramReport:
    """The program across all employers: figures, a trend by quarter and the top employers.

    One read of placements covers the period, the period before and the trend's quarters.
    """
    from workbridge.core.community_impact import figures_by_group
    from workbridge.employers.impact import _site_areas, organisation_columns, program_wide

    context = impact_context(organisation_id)
    limit = threshold()
    before = period.previous()
    trend_periods = [quarter_of(period.until)]
    for _n in range(quarters - 1):
        trend_periods.insert(0, trend_periods[0].previous())
    earliest = min(before.since, trend_periods[0].since)
    employers, columns = organisation_columns(organisation_id, since=earliest, until=period.until)
    everyone = program_wide(columns)
    priority = context.priority_areas

    def figures_of(since: date, until: date) -> Figures:
        return figures_by_group(
            everyone, groups=1, since=since, until=until, priority_areas=priority
        )[0]

    figures = figures_of(period.since, period.until)
    previous = figures_of(before.since, before.until)
    published = published_figures(figures, context=context, area_names=area_names(), limit=limit)
    published["previous_hires"] = previous.hires if not 0 < previous.hires < limit else None
    trend = []
    for q in trend_periods:
        f = figures_of(q.since, q.until)
        p = published_figures(f, context=context, area_names={}, limit=limit, zip_codes=False)
        trend.append(
            {
                "since": q.since.isoformat(),
                "until": q.until.isoformat(),
                "hires": p["hires"],
                "local": p["shares"]["local"]["percent"],
                "priority": p["shares"]["priority"]["percent"],
                "living_wage": p["shares"]["living_wage"]["percent"],
                "median_wage": p["wages"]["median"],
                "retention_90": p["retention"]["90"]["percent"],
            }
        )
    sites = _site_areas(None, organisation_id)
    by_employer = dict(
        zip(
            employers,
            figures_by_group(
                columns,
                groups=len(employers),
                since=period.since,
                until=period.until,
                priority_areas=priority,
                site_areas=[sites.get(e, ()) for e in employers],
            ),
            strict=True,
        )
    )
    names = dict(Employer.objects.filter(organisation_id=organisation_id).values_list("pk", "name"))
    ranked = sorted(by_employer.items(), key=lambda kv: (-kv[1].hires, names.get(kv[0], "")))
    top = []
    for employer_id, f in ranked[:10]:
        if f.hires < limit:
            continue
        local = f.local.rate
        top.append(
            {
                "employer": names.get(employer_id, ""),
                "hires": f.hires,
                "local": None if local is None else round(100 * local),
                "median_wage": str(f.median_wage) if f.median_wage is not None else None,
            }
        )
    published["trend"] = trend
    published["top"] = top
    return ProgramReport(period, published, figures, previous, priority, trend, top)


def program_xlsx(report: ProgramReport, *, organisation_name: str) -> bytes:
    """The program's published figures, the trend and the top employers as a workbook."""
    import io

    from openpyxl import Workbook

    from workbridge.core.spreadsheets import xlsx_append

    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    xlsx_append(sheet, [organisation_name, period_label(report.period)])
    xlsx_append(
        sheet, [_("Section"), _("Figure"), _("Value"), _("Out of / benchmark"), _("Per cent")]
    )
    for row in csv_rows(report.published):
        xlsx_append(sheet, row)
    trend = book.create_sheet(_("Trend by quarter")[:31])
    xlsx_append(
        trend,
        [
            _("From"),
            _("To"),
            _("Hires"),
            _("Live in Chicago (%)"),
            _("Priority communities (%)"),
            _("Living wage (%)"),
            _("Median starting wage"),
            _("Stayed 90 days (%)"),
        ],
    )
    for q in report.trend:
        xlsx_append(
            trend,
            [
                q["since"],
                q["until"],
                q["hires"],
                q["local"],
                q["priority"],
                q["living_wage"],
                q["median_wage"],
                q["retention_90"],
            ],
        )
    top = book.create_sheet(_("Top employers")[:31])
    xlsx_append(
        top, [_("Employer"), _("Hires"), _("Live in Chicago (%)"), _("Median starting wage")]
    )
    for t in report.top:
        xlsx_append(top, [t["employer"], t["hires"], t["local"], t["median_wage"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def trend_chart(trend: list[dict[str, Any]]) -> str:
    """Hires per quarter as bars (hidden quarters left empty)."""
    top = max((q["hires"] or 0 for q in trend), default=0) or 1
    bars = [
        Bar(
            date_format(date.fromisoformat(q["since"]), "M Y"),
            None if q["hires"] is None else q["hires"] / top,
            _("hidden") if q["hires"] is None else str(q["hires"]),
        )
        for q in trend
    ]
    return bar_chart(_("Hires by quarter"), bars)


# --- the semi-annual review packet --------------------------------------------------


def review_rows(current: Mapping[str, Any], previous: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The agenda's figures for this half and the last, with the change, grouped by theme."""

    def share(p: Mapping[str, Any], name: str) -> int | None:
        return p["shares"][name]["percent"]

    def money(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    lines: list[tuple[str, str, Callable[[Mapping[str, Any]], Any], str]] = [
        (_("Local employment"), _("Hires from the program"), lambda p: p["hires"], "n"),
        (_("Local employment"), _("Live in Chicago"), lambda p: share(p, "local"), "%"),
        (
            _("Local employment"),
            _("Live in a priority community"),
            lambda p: share(p, "priority"),
            "%",
        ),
        (
            _("Local employment"),
            _("Stayed 90 days"),
            lambda p: p["retention"]["90"]["percent"],
            "%",
        ),
        (
            _("Economic growth"),
            _("Median starting wage"),
            lambda p: money(p["wages"]["median"]),
            "$",
        ),
        (
            _("Economic growth"),
            _("Paid a living wage for their household"),
            lambda p: share(p, "living_wage"),
            "%",
        ),
        (
            _("Economic growth"),
            _("Annualised earnings"),
            lambda p: money(p["wages"]["annual_earnings"]),
            "$",
        ),
        (_("Economic growth"), _("Employer health coverage"), lambda p: share(p, "health"), "%"),
    ]
    for row in current["race"]:
        group = row["group"]
        label = str(RACE_LABELS[group])

        def read(p: Mapping[str, Any], group: str = group) -> int | None:
            return next((r["percent"] for r in p["race"] if r["group"] == group), None)

        lines.append((_("Diversity in hiring"), label, read, "%"))
    rows = []
    for theme, label, read, unit in lines:
        now, before = read(current), read(previous)
        change = None if now is None or before is None else now - before
        rows.append(
            {
                "theme": theme,
                "label": label,
                "now": now,
                "before": before,
                "change": change,
                "unit": unit,
            }
        )
    return rows
