"""When each employer is next due a follow-up, and how healthy each relationship is.

Both take plain values so the CRM can compute them for one employer or twenty thousand.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Rule:
    stage: str
    tier: str  # "" matches every tier
    kind: str  # call or review
    every_days: int


@dataclass(frozen=True)
class Due:
    on: date
    kind: str


def rules_for(rules: list[Rule], stage: str, tier: str) -> list[Rule]:
    """The rules that apply: a tier's own rule for a kind beats the stage-wide one."""
    chosen: dict[str, Rule] = {}
    for rule in rules:
        if rule.stage != stage or rule.tier not in ("", tier):
            continue
        current = chosen.get(rule.kind)
        if current is None or (current.tier == "" and rule.tier == tier):
            chosen[rule.kind] = rule
    return sorted(chosen.values(), key=lambda r: r.kind)


def next_due(
    rules: list[Rule],
    *,
    stage: str,
    tier: str,
    last_contact_on: date | None,
    last_review_on: date | None,
    created_on: date,
) -> Due | None:
    """The earliest follow-up the rules ask for, or None when no rule covers the stage.

    A call is due ``every_days`` after the last contact of any kind; a review meeting
    ``every_days`` after the last review. With no contact yet, it is due from the day the
    employer was added.
    """
    best: Due | None = None
    for rule in rules_for(rules, stage, tier):
        since = last_review_on if rule.kind == "review" else last_contact_on
        due = Due((since or created_on) + timedelta(days=rule.every_days), rule.kind)
        if best is None or (due.on, due.kind) < (best.on, best.kind):
            best = due
    return best


@dataclass(frozen=True)
class RelationshipFacts:
    hires_12m: int
    reached_90_12m: int  # of those hires, how many started at least 90 days ago
    retained_90_12m: int  # of those, how many stayed at least 90 days
    outreach_12m: int  # calls and e-mails we made
    answered_12m: int  # of those, how many reached someone
    days_since_contact: int | None
    open_positions: int
    stage: str


@dataclass(frozen=True)
class Reason:
    key: str  # hires, retention, responsiveness, recency, openings, poor_fit
    points: int
    max_points: int
    value: float | int | None


@dataclass(frozen=True)
class Health:
    score: int
    reasons: tuple[Reason, ...]


def relationship_health(f: RelationshipFacts) -> Health:
    """A 0–100 score: hires 30, retention 25, responsiveness 15, recency 15, openings 15.

    Hires earn 6 points each up to 5; retention is the share of hires old enough to tell
    (started 90 or more days ago) who stayed 90 days (none old enough: no points, since
    there is nothing to show yet; a recent hire is never counted as lost); responsiveness is the
    share of our calls and e-mails that reached someone; recency loses a point a week
    after the first month without contact; openings earn 5 points each up to 3.
    An employer marked a poor fit scores zero whatever else is true.
    """
    retention = f.retained_90_12m / f.reached_90_12m if f.reached_90_12m else None
    answered = f.answered_12m / f.outreach_12m if f.outreach_12m else None
    if f.days_since_contact is None:
        recency = 0
    else:
        recency = max(0, 15 - max(0, f.days_since_contact - 30) // 7)
    reasons = (
        Reason("hires", min(f.hires_12m, 5) * 6, 30, f.hires_12m),
        Reason("retention", round(25 * retention) if retention is not None else 0, 25, retention),
        Reason("responsiveness", round(15 * answered) if answered is not None else 0, 15, answered),
        Reason("recency", recency, 15, f.days_since_contact),
        Reason("openings", min(f.open_positions, 3) * 5, 15, f.open_positions),
    )
    if f.stage == "poor_fit":
        return Health(0, (Reason("poor_fit", 0, 100, None), *reasons))
    return Health(sum(r.points for r in reasons), reasons)
