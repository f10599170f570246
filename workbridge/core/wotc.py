"""Work Opportunity Tax Credit (WOTC): which target groups a new hire may belong to, and the
most an employer may claim for each.

Pure rules on a dataclass of intake answers; no Django. Sources, each cited at its rule:

- Internal Revenue Code § 51 (26 U.S.C. 51): the target groups (§ 51(d)), the qualified
  first-year wages and their caps (§ 51(b)(3), § 51(d)(3) for veterans, § 51(e) for
  long-term family assistance recipients), the 40 % and 25 % rates and the 120/400-hour
  minimums (§ 51(a), § 51(i)(3)), and the 28-day deadline for Form 8850 (§ 51(d)(13)(A)).
  https://www.law.cornell.edu/uscode/text/26/51
- IRS Form 8850 (Rev. March 2021) and its instructions: the statements the job seeker
  signs on or before the day of the job offer, and the credit table in "What's New" /
  "Purpose of Form". https://www.irs.gov/forms-pubs/about-form-8850
- ETA Form 9061, Individual Characteristics Form, and ETA's WOTC pages: the facts a state
  workforce agency checks for each group. https://www.dol.gov/agencies/eta/wotc
- Authorisation: the credit applies to people who begin work before 1 January 2026
  (§ 51(c)(4), as extended by the Taxpayer Certainty and Disaster Tax Relief Act of 2020,
  Division EE of Pub. L. 116-260, § 113). Congress has extended it each time it lapsed
  since 1996; the end date is a parameter (`authorized_through`) so an extension is a
  setting, not a code change.

Assumptions kept deliberately simple, because this is a *pre-screening*: the state
workforce agency certifies. "Meets" means the answers given satisfy the rule; "ask" means
an answer needed for it is missing (for example a participant receives SNAP now but how
long is not recorded). A credit is claimed for one target group per employee, the one with
the largest credit (§ 51(d)(1): an individual "is a member of a targeted group"; IRS
instructions: use the group with the highest credit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

FORM_8850_DAYS = 28  # § 51(d)(13)(A)(ii)(II): submitted no later than the 28th day after start
FULL_RATE = Decimal("0.40")  # § 51(a)
PARTIAL_RATE = Decimal("0.25")  # § 51(i)(3)(A): 120 to 399 hours
FULL_RATE_HOURS = 400
MIN_HOURS = 120  # § 51(i)(3)(B): under 120 hours, no credit
LTFAR_SECOND_YEAR_RATE = Decimal("0.50")  # § 51(e)(1)
DEFAULT_AUTHORIZED_THROUGH = date(2025, 12, 31)


class Status(StrEnum):
    MEETS = "meets"  # the answers satisfy the rule
    ASK = "ask"  # an answer the rule needs is missing


@dataclass(frozen=True)
class Answers:
    """What intake recorded, as of `on` (the day of the screening or of the job offer).

    None means not asked or not answered; a "prefer not to say" is passed as None too,
    since it cannot support a claim.
    """

    on: date
    birth_date: date | None = None
    veteran: bool | None = None
    veteran_service_disability: bool | None = None  # entitled to VA disability compensation
    veteran_discharged_on: date | None = None
    # Weeks out of work in the year before `on` (all periods together).
    unemployed_weeks_past_year: int | None = None
    # The current period of unemployment began on this day (for consecutive weeks).
    unemployed_since: date | None = None
    received_unemployment_compensation: bool | None = None
    tanf_now: bool = False  # from the intake's "benefits they receive now"
    tanf_months_past_18: int | None = None
    tanf_long_term: bool | None = None  # Form 8850 line 6
    snap_now: bool = False
    snap_months_past_6: int | None = None  # household's SNAP months of the last 6
    snap_stopped_time_limit: bool | None = None  # 3 of the last 5 months, then the ABAWD limit
    snap_months_past_15: int | None = None  # for veterans: at least 3 of the last 15
    ssi_now: bool = False
    ssi_last_month: date | None = None  # any day in the last month SSI was received
    felony_convicted_on: date | None = None
    felony_released_on: date | None = None
    vocational_rehab_referral: bool | None = None
    lives_in_empowerment_zone: bool | None = None  # or a rural renewal county


@dataclass(frozen=True)
class TargetGroup:
    """One WOTC target group: its code on ETA Form 9061, the wage cap and how it is paid."""

    code: str
    name: str
    wage_cap: int  # qualified first-year wages
    rule: str  # the rule, in a sentence
    source: str  # where the rule is written
    second_year_cap: int = 0  # long-term family assistance recipients only

    @property
    def max_credit(self) -> int:
        """The largest credit for one employee, in dollars (400 hours or more)."""
        first = Decimal(self.wage_cap) * FULL_RATE
        second = Decimal(self.second_year_cap) * LTFAR_SECOND_YEAR_RATE
        return int(first + second)


# The groups, in the order of Form 8850 and ETA 9061. Caps: § 51(b)(3) ($6,000), § 51(d)(3)
# (veterans: $12,000, $14,000, $24,000), § 51(d)(7) (summer youth: $3,000), § 51(e)
# (long-term family assistance: $10,000 in each of two years).
GROUPS: dict[str, TargetGroup] = {
    g.code: g
    for g in (
        TargetGroup(
            "tanf",
            "TANF recipient",
            6000,
            "A member of a family that received TANF for any 9 months of the 18 months "
            "ending on the hiring date.",
            "IRC § 51(d)(2); Form 8850 line 2",
        ),
        TargetGroup(
            "tanf_long_term",
            "Long-term TANF recipient",
            10000,
            "A member of a family that received TANF for at least the 18 months before the "
            "hiring date, or whose TANF stopped under a time limit in the last 2 years.",
            "IRC § 51(d)(10) and § 51(e); Form 8850 line 6",
            second_year_cap=10000,
        ),
        TargetGroup(
            "veteran_snap",
            "Veteran receiving SNAP",
            6000,
            "A veteran in a family that received SNAP for at least 3 months of the 15 months "
            "ending on the hiring date.",
            "IRC § 51(d)(3)(A)(i); Form 8850 line 2",
        ),
        TargetGroup(
            "veteran_disabled_recent",
            "Disabled veteran, discharged in the last year",
            12000,
            "A veteran entitled to compensation for a service-connected disability, hired "
            "within 1 year of discharge or release from active duty.",
            "IRC § 51(d)(3)(A)(ii)(I); Form 8850 line 3",
        ),
        TargetGroup(
            "veteran_disabled_unemployed",
            "Disabled veteran, unemployed 6 months",
            24000,
            "A veteran entitled to compensation for a service-connected disability who was "
            "unemployed for at least 6 months (26 weeks) of the year before the hiring date.",
            "IRC § 51(d)(3)(A)(ii)(II); Form 8850 line 4",
        ),
        TargetGroup(
            "veteran_unemployed_4_weeks",
            "Veteran, unemployed 4 weeks to 6 months",
            6000,
            "A veteran unemployed for at least 4 weeks but less than 6 months of the year "
            "before the hiring date.",
            "IRC § 51(d)(3)(A)(iii); Form 8850 line 2",
        ),
        TargetGroup(
            "veteran_unemployed_6_months",
            "Veteran, unemployed 6 months",
            14000,
            "A veteran unemployed for at least 6 months (26 weeks) of the year before the "
            "hiring date.",
            "IRC § 51(d)(3)(A)(iv); Form 8850 line 5",
        ),
        TargetGroup(
            "ex_felon",
            "Ex-felon",
            6000,
            "Convicted of a felony and hired within 1 year of the conviction or of release "
            "from prison for it.",
            "IRC § 51(d)(4); Form 8850 line 2",
        ),
        TargetGroup(
            "designated_community",
            "Designated community resident",
            6000,
            "Aged 18 to 39 on the hiring date and living in an empowerment zone or a rural "
            "renewal county.",
            "IRC § 51(d)(5); ETA Form 9061",
        ),
        TargetGroup(
            "vocational_rehab",
            "Vocational rehabilitation referral",
            6000,
            "Referred to the employer by a state vocational rehabilitation agency, an "
            "employment network under Ticket to Work, or the Department of Veterans Affairs.",
            "IRC § 51(d)(6); Form 8850 line 2",
        ),
        TargetGroup(
            "summer_youth",
            "Summer youth employee",
            3000,
            "Aged 16 or 17 on the hiring date, living in an empowerment zone, and employed "
            "only between May 1 and September 15.",
            "IRC § 51(d)(7); ETA Form 9061",
        ),
        TargetGroup(
            "snap",
            "SNAP recipient",
            6000,
            "Aged 18 to 39 on the hiring date, in a family that received SNAP for the 6 "
            "months before it (or 3 of the last 5 months, then stopped under the time limit).",
            "IRC § 51(d)(8); Form 8850 line 2",
        ),
        TargetGroup(
            "ssi",
            "SSI recipient",
            6000,
            "Received Supplemental Security Income for any month ending within 60 days of "
            "the hiring date.",
            "IRC § 51(d)(9); Form 8850 line 2",
        ),
        TargetGroup(
            "long_term_unemployed",
            "Long-term unemployment recipient",
            6000,
            "Unemployed for at least 27 consecutive weeks up to the hiring date, with "
            "unemployment compensation for some of that time.",
            "IRC § 51(d)(15); Form 8850 line 7",
        ),
    )
}


@dataclass(frozen=True)
class Finding:
    """A target group the answers point to, and why (or what to ask)."""

    group: TargetGroup
    status: Status
    reason: str  # a key of REASONS: the facts that met the rule, or the question to ask
    params: Mapping[str, int] = field(default_factory=dict)

    @property
    def max_credit(self) -> int:
        return self.group.max_credit

    @property
    def reason_text(self) -> str:
        """The reason in English (the web layer translates the same sentence)."""
        return REASONS[self.reason] % dict(self.params)


@dataclass(frozen=True)
class Screening:
    """The pre-screening of one person on one day."""

    on: date
    findings: tuple[Finding, ...]
    authorized: bool  # whether a hire on `on` is within the credit's authorisation
    authorized_through: date

    @property
    def meets(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is Status.MEETS)

    @property
    def to_ask(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is Status.ASK)

    @property
    def best(self) -> Finding | None:
        """The group with the largest credit among those met (one group per employee)."""
        met = self.meets
        return max(met, key=lambda f: f.max_credit) if met else None

    @property
    def max_credit(self) -> int:
        return self.best.max_credit if self.best else 0


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _within_year(then: date | None, on: date) -> bool:
    return then is not None and then <= on and (on - then).days <= 365


def _weeks_unemployed(a: Answers) -> int | None:
    if a.unemployed_weeks_past_year is not None:
        return a.unemployed_weeks_past_year
    if a.unemployed_since is not None and a.unemployed_since <= a.on:
        return min(52, (a.on - a.unemployed_since).days // 7)
    return None


def _consecutive_weeks(a: Answers) -> int | None:
    if a.unemployed_since is None or a.unemployed_since > a.on:
        return None
    return (a.on - a.unemployed_since).days // 7


# Why a group was found, as %-format templates; the web layer shows the same sentences
# translated (placements.incentives.REASON_TEXT).
REASONS: dict[str, str] = {
    "tanf_long_term": "TANF for at least the last 18 months.",
    "tanf_months": "TANF in %(months)s of the last 18 months.",
    "tanf_ask": "Receives TANF now: ask how many of the last 18 months.",
    "veteran_discharged": "Service-connected disability; discharged within the last year.",
    "veteran_disabled_weeks": "Service-connected disability; %(weeks)s weeks out of work "
    "in the last year.",
    "veteran_disabled_ask": "Disabled veteran: ask the discharge date and the weeks out of "
    "work in the last year.",
    "veteran_weeks": "%(weeks)s weeks out of work in the last year.",
    "veteran_weeks_ask": "Veteran: ask how many weeks they were out of work in the last year.",
    "veteran_snap": "SNAP in %(months)s of the last 15 months.",
    "veteran_snap_ask": "Receives SNAP: ask how many of the last 15 months.",
    "veteran_ask": "Ask whether they are a veteran.",
    "felony": "Felony conviction or release within the last year.",
    "zone_ask_age": "Lives in an empowerment zone: ask their date of birth.",
    "zone_age": "Aged %(age)s; lives in an empowerment zone.",
    "summer_youth": "Aged %(age)s; lives in an empowerment zone; a summer job.",
    "vocational_rehab": "Referred by a vocational rehabilitation agency.",
    "snap_age": "Aged %(age)s; the household received SNAP.",
    "snap_ask_age": "The household receives SNAP: ask their date of birth.",
    "snap_ask_months": "Receives SNAP now: ask how many of the last 6 months.",
    "ssi_month": "SSI in a month that ended within the last 60 days.",
    "ssi_now": "Receives SSI now.",
    "ltu": "%(weeks)s weeks in a row out of work, with unemployment compensation.",
    "ltu_ask": "%(weeks)s weeks in a row out of work: ask whether they received "
    "unemployment compensation.",
}


def screen(a: Answers, *, authorized_through: date = DEFAULT_AUTHORIZED_THROUGH) -> Screening:
    """Every target group the answers meet or leave open, met first, largest credit first."""
    found: list[Finding] = []

    def add(code: str, status: Status, reason: str, **params: int) -> None:
        found.append(Finding(GROUPS[code], status, reason, params))

    age = _age(a.birth_date, a.on) if a.birth_date else None

    # TANF: § 51(d)(2) short-term, § 51(d)(10) long-term.
    if a.tanf_long_term or (a.tanf_months_past_18 is not None and a.tanf_months_past_18 >= 18):
        add("tanf_long_term", Status.MEETS, "tanf_long_term")
    elif a.tanf_months_past_18 is not None and a.tanf_months_past_18 >= 9:
        add("tanf", Status.MEETS, "tanf_months", months=a.tanf_months_past_18)
    elif a.tanf_now and a.tanf_months_past_18 is None:
        add("tanf", Status.ASK, "tanf_ask")

    # Veterans: § 51(d)(3).
    if a.veteran:
        weeks = _weeks_unemployed(a)
        if a.veteran_service_disability:
            if _within_year(a.veteran_discharged_on, a.on):
                add("veteran_disabled_recent", Status.MEETS, "veteran_discharged")
            if weeks is not None and weeks >= 26:
                add(
                    "veteran_disabled_unemployed",
                    Status.MEETS,
                    "veteran_disabled_weeks",
                    weeks=weeks,
                )
            if a.veteran_discharged_on is None and weeks is None:
                add("veteran_disabled_unemployed", Status.ASK, "veteran_disabled_ask")
        if weeks is not None and weeks >= 26:
            add("veteran_unemployed_6_months", Status.MEETS, "veteran_weeks", weeks=weeks)
        elif weeks is not None and weeks >= 4:
            add("veteran_unemployed_4_weeks", Status.MEETS, "veteran_weeks", weeks=weeks)
        elif weeks is None:
            add("veteran_unemployed_4_weeks", Status.ASK, "veteran_weeks_ask")
        if a.snap_months_past_15 is not None and a.snap_months_past_15 >= 3:
            add("veteran_snap", Status.MEETS, "veteran_snap", months=a.snap_months_past_15)
        elif a.snap_now and a.snap_months_past_15 is None:
            add("veteran_snap", Status.ASK, "veteran_snap_ask")
    elif a.veteran is None and a.veteran_service_disability:
        add("veteran_disabled_recent", Status.ASK, "veteran_ask")

    # Ex-felon: § 51(d)(4), hired within a year of conviction or of release.
    if _within_year(a.felony_released_on, a.on) or _within_year(a.felony_convicted_on, a.on):
        add("ex_felon", Status.MEETS, "felony")

    # Designated community resident and summer youth: § 51(d)(5), § 51(d)(7).
    if a.lives_in_empowerment_zone:
        if age is None:
            add("designated_community", Status.ASK, "zone_ask_age")
        elif 18 <= age <= 39:
            add("designated_community", Status.MEETS, "zone_age", age=age)
        elif age in (16, 17) and date(a.on.year, 5, 1) <= a.on <= date(a.on.year, 9, 15):
            add("summer_youth", Status.MEETS, "summer_youth", age=age)

    # Vocational rehabilitation referral: § 51(d)(6).
    if a.vocational_rehab_referral:
        add("vocational_rehab", Status.MEETS, "vocational_rehab")

    # SNAP, aged 18 to 39: § 51(d)(8).
    snap_met = (a.snap_months_past_6 is not None and a.snap_months_past_6 >= 6) or bool(
        a.snap_stopped_time_limit
    )
    if (snap_met or a.snap_now) and (age is None or 18 <= age <= 39):
        if snap_met and age is not None:
            add("snap", Status.MEETS, "snap_age", age=age)
        elif snap_met:
            add("snap", Status.ASK, "snap_ask_age")
        elif a.snap_months_past_6 is None:
            add("snap", Status.ASK, "snap_ask_months")

    # SSI: § 51(d)(9), for any month ending within 60 days before the hiring date.
    if a.ssi_last_month is not None:
        month_end = _month_end(a.ssi_last_month)
        if (a.on - month_end).days <= 60:
            add("ssi", Status.MEETS, "ssi_month")
    elif a.ssi_now:
        add("ssi", Status.MEETS, "ssi_now")

    # Long-term unemployment recipient: § 51(d)(15).
    consecutive = _consecutive_weeks(a)
    if consecutive is not None and consecutive >= 27:
        if a.received_unemployment_compensation:
            add("long_term_unemployed", Status.MEETS, "ltu", weeks=consecutive)
        elif a.received_unemployment_compensation is None:
            add("long_term_unemployed", Status.ASK, "ltu_ask", weeks=consecutive)

    # One finding per group: a met rule wins over a question for the same group.
    best: dict[str, Finding] = {}
    for f in found:
        kept = best.get(f.group.code)
        if kept is None or (kept.status is Status.ASK and f.status is Status.MEETS):
            best[f.group.code] = f
    ordered = sorted(
        best.values(), key=lambda f: (f.status is not Status.MEETS, -f.max_credit, f.group.code)
    )
    return Screening(
        on=a.on,
        findings=tuple(ordered),
        authorized=a.on <= authorized_through,
        authorized_through=authorized_through,
    )


def _month_end(day: date) -> date:
    first_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def form_8850_deadline(started_on: date) -> date:
    """The last day the employer may submit Form 8850 for a hire (§ 51(d)(13)(A))."""
    return started_on + timedelta(days=FORM_8850_DAYS)


def credit_estimate(
    group: TargetGroup, *, hourly_wage: Decimal, hours_per_week: int, weeks: int = 52
) -> Decimal:
    """The first-year credit for a hire who stays `weeks` weeks at this wage and these hours.

    40 % of qualified wages up to the group's cap with 400 hours or more, 25 % with 120 to
    399 hours, none under 120 (§ 51(a), § 51(i)(3)); for long-term TANF recipients the
    second year's 50 % is added when the hire stays two years (§ 51(e)), not counted here.
    """
    hours = hours_per_week * weeks
    if hours < MIN_HOURS:
        return Decimal(0)
    rate = FULL_RATE if hours >= FULL_RATE_HOURS else PARTIAL_RATE
    wages = min(Decimal(hourly_wage) * hours, Decimal(group.wage_cap))
    return (wages * rate).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


__all__ = [
    "FORM_8850_DAYS",
    "GROUPS",
    "REASONS",
    "Answers",
    "Finding",
    "Screening",
    "Status",
    "TargetGroup",
    "credit_estimate",
    "form_8850_deadline",
    "screen",
]
