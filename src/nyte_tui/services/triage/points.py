"""From gate points to a 0–100 score, and the gates' reasons to one line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Thresholds:
    """Tier boundaries and reply-tracking settings."""

    important: int = 70
    critical: int = 85
    follow_up_days: int = 3


# How fast the evidence above the important threshold fills the important band: an item
# STRENGTH_HALF points above the threshold gets half of it.
STRENGTH_HALF = 30
REASON_LIMIT = 400


def one_line_reason(parts: list[str]) -> str:
    """The reasons joined on one line; later parts are left out rather than a quote cut."""
    kept: list[str] = []
    for part in (" ".join(p.split()) for p in parts if p.strip()):
        if kept and len("; ".join([*kept, part])) > REASON_LIMIT:
            break
        kept.append(part)
    reason = "; ".join(kept)
    return reason[:1].upper() + reason[1:]


def display_score(raw: int, urgency: int, thresholds: Thresholds) -> int:
    """Map gate points (without the watch gate) and urgency to a 0–100 score.

    Below the important threshold the score is the points themselves. At or above it the
    points only say how strong the evidence is: they fill the important band with diminishing
    returns and never reach the critical threshold on their own. Urgency (a deadline, a start
    time or a live outage close at hand) is added on top, so critical means "needs you soon".
    """
    if raw < thresholds.important:
        return max(0, raw)
    excess = raw - thresholds.important
    room = max(0, thresholds.critical - thresholds.important - 1)
    strength = (2 * room * excess + excess + STRENGTH_HALF) // (2 * (excess + STRENGTH_HALF))
    return min(100, thresholds.important + strength + urgency)
