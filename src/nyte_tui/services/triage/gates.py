"""Gate helpers shared by thread and event scoring: a gate row, relationship, impact, watch."""

from __future__ import annotations

from datetime import datetime, tzinfo

from nyte_tui.services.triage.rules import RuleEffect
from nyte_tui.store.triage_records import ContactStats, GateRow

WEIGHTS = {"decision": 5, "time": 4, "relationship": 3, "impact": 4, "watch": 2}
MAX_POINTS = {gate: weight * 9 for gate, weight in WEIGHTS.items()}


def gate_row(name: str, points: int, reason: str) -> GateRow:
    """A gate verdict with points clamped to the gate's range."""
    clamped = max(-MAX_POINTS[name], min(MAX_POINTS[name], points))
    return GateRow(name, clamped > 0, clamped, reason)


def when_text(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """A short human time relative to now ("today 18:00", "tomorrow", "Fri 15 Mar")."""
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    days = (local.date() - today).days
    if days == 0:
        return f"today {local:%H:%M}"
    if days == 1:
        return f"tomorrow {local:%H:%M}"
    if days == -1:
        return "yesterday"
    return f"{local:%a %d %b}"


NAME_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "dds"))


def first_name(name: str | None) -> str:
    """The first name of a display name ("Dana Reyes", "Reyes, Dana") or an address."""
    text = (name or "someone").strip().strip("\"'").strip()
    if "@" in text:
        text = text.split("@")[0].split(".")[0].capitalize()
    elif "," in text:
        last, _, rest = text.partition(",")
        rest = rest.strip()
        suffix = rest.lower().replace(".", "").split(",")[0].strip() in NAME_SUFFIXES
        # "Müller, Dana" -> "Dana"; "Dana Reyes, PhD" and "Reyes Jr., Dana" keep the name
        text = last.strip() if suffix or not rest else rest
    words = text.split()
    return words[0] if words else (text or "someone")


FIRST_CONTACT_POINTS = 14


def relationship_gate(
    contact: ContactStats | None,
    same_org: bool,
    labels: set[str],
    who: str,
    tie: str | None = None,
) -> GateRow:
    """How much the sender matters: writing and reply habits, organisation, Gmail flags, and
    for a first contact what ties the mail to the user (a referral, their own appointment)."""
    points, reasons = 0, []
    if tie:
        points += FIRST_CONTACT_POINTS
        reasons.append(f"first contact from {who}, {tie}")
    if contact is not None:
        fast = contact.median_reply_hours is not None and contact.median_reply_hours <= 24
        if contact.replied_count >= 1 and fast:
            points += 20
            reasons.append(f"you usually answer {who} within a day")
        elif contact.sent_to_count >= 3 or contact.replied_count >= 2:
            points += 18
            reasons.append(f"you write to {who} often")
        elif contact.sent_to_count >= 1 or contact.replied_count >= 1:
            points += 14
            reasons.append(f"you have written to {who}")
        if contact.weight_adjustment:
            points += contact.weight_adjustment
            reasons.append(f"your feedback {contact.weight_adjustment:+d}")
    if same_org:
        points += 8
        reasons.append("same organisation")
    if "STARRED" in labels:
        points += 10
        reasons.append("starred")
    elif "IMPORTANT" in labels:
        points += 6
        reasons.append("Gmail marks it important")
    return gate_row("relationship", points, "; ".join(reasons) or f"no history with {who}")


def impact_gate(impact: dict[str, str], personal: bool, urgent_outage: bool) -> GateRow:
    """Material consequences named in the text, and personal rather than bulk mail."""
    points = 8 if personal else 0
    reasons = ["personal mail"] if personal else []
    if impact:
        points += min(24, 12 * len(impact))
        reasons.append(", ".join(f"{c} ({t})" for c, t in sorted(impact.items())))
    if urgent_outage:
        points += 16
        reasons.append("urgent")
    return gate_row("impact", points, "; ".join(reasons) or "no material stakes named")


def watch_gate(effect: RuleEffect) -> GateRow:
    """Whether a user rule matched."""
    if not effect.matched:
        return GateRow("watch", False, 0, "no rule matched")
    points = 0 if effect.mute else (16 if effect.important else effect.points)
    reason = "rule: " + "; ".join(effect.reasons)
    row = gate_row("watch", points, reason)
    return GateRow("watch", True, row.points, reason)
