"""Policy rules: sender, domain, keyword or label → important, boost, demote or mute."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from nyte_tui.store.triage_records import RuleRow

MATCH_TYPES = ("sender", "domain", "keyword", "label")
ACTIONS = ("important", "boost", "demote", "mute")
DEFAULT_POINTS = {"important": 0, "boost": 15, "demote": 20, "mute": 0}


@dataclass
class RuleEffect:
    """What the matching rules do to one item's score."""

    important: bool = False
    mute: bool = False
    points: int = 0
    reasons: list[str] = field(default_factory=list)
    rule_ids: list[int] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        """Whether any rule matched."""
        return bool(self.rule_ids)


@dataclass(frozen=True)
class RuleSubject:
    """What rules can match on: sender address, text and labels of one item."""

    sender: str | None
    text: str
    labels: frozenset[str]


def rule_matches(rule: RuleRow, subject: RuleSubject) -> bool:
    """Whether one enabled rule matches the subject (case-insensitive)."""
    if not rule.enabled:
        return False
    pattern = rule.pattern.strip().lower()
    sender = (subject.sender or "").lower()
    if rule.match_type == "sender":
        return bool(sender) and sender == pattern
    if rule.match_type == "domain":
        domain = sender.rsplit("@", 1)[-1] if "@" in sender else ""
        bare = pattern.lstrip("@")
        return bool(domain) and (domain == bare or domain.endswith("." + bare))
    if rule.match_type == "keyword":
        return bool(pattern) and pattern in subject.text.lower()
    if rule.match_type == "label":
        return pattern.upper() in {label.upper() for label in subject.labels}
    return False


def describe_rule(rule: RuleRow) -> str:
    """A rule in a few words, e.g. "sender boss@x.example → important"."""
    extra = f" {rule.points:+d}" if rule.action in ("boost", "demote") else ""
    return f"{rule.match_type} {rule.pattern} → {rule.action}{extra}"


def apply_rules(rules: Sequence[RuleRow], subject: RuleSubject) -> RuleEffect:
    """Combine every matching rule deterministically: mute beats important beats points."""
    effect = RuleEffect()
    for rule in sorted(rules, key=lambda r: r.id):
        if not rule_matches(rule, subject):
            continue
        effect.rule_ids.append(rule.id)
        effect.reasons.append(describe_rule(rule))
        if rule.action == "mute":
            effect.mute = True
        elif rule.action == "important":
            effect.important = True
        elif rule.action == "boost":
            effect.points += abs(rule.points or DEFAULT_POINTS["boost"])
        elif rule.action == "demote":
            effect.points -= abs(rule.points or DEFAULT_POINTS["demote"])
    return effect


def validate_rule(match_type: str, pattern: str, action: str) -> str | None:
    """Why a rule cannot be stored, or None when it is fine."""
    if match_type not in MATCH_TYPES:
        return f"unknown match type {match_type!r}; use one of {', '.join(MATCH_TYPES)}"
    if action not in ACTIONS:
        return f"unknown action {action!r}; use one of {', '.join(ACTIONS)}"
    if not pattern.strip():
        return "the rule needs a pattern"
    if match_type == "sender" and "@" not in pattern:
        return "a sender rule needs a full address such as boss@x.example"
    return None
