"""Actions assigned to the user by name inside mail to many: minutes, notes, Cc'd requests.

"Alex to draft the RFC by the 7th", "J. Weber: Unterweisung bis Freitag (05.12.) einplanen",
"Kestrel (Priya) will send the one-pager before Friday's call", "@Alex — please update the
runbook before your shift": the user is named as the doer of an action with a date, so it is
a request even in a message to a list. "Priya, could you confirm … by tomorrow?" on Cc is a
request too. A name without a doer ("Priya shared the question") is not.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from nyte_tui.services.triage import deadlines as td
from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.automation import OwnerAction

DOER = r"(?::|—|–|-|\bto\b|\bwill\b|\bshould\b|\bmust\b|\bsoll\b|\bwird\b|\bva\b|\bdoit\b|\bva a\b)"


def name_forms(full_names: list[str], handles: list[str]) -> list[str]:
    """Patterns for how notes name the user: full name, first name, "J. Weber", @handle."""
    forms: set[str] = set()
    for full in full_names:
        words = full.split()
        if not words:
            continue
        forms.add(re.escape(full))
        if len(words[0]) > 1:
            forms.add(re.escape(words[0]))
        if len(words) >= 2:
            forms.add(rf"{re.escape(words[0][0])}\.\s?{re.escape(words[-1])}")
    forms.update("@" + re.escape(h) for h in handles)
    return sorted(forms, key=len, reverse=True)


def assigned_action(
    text: str,
    full_names: list[str],
    handles: list[str],
    written_at: datetime,
    tz: tzinfo,
    category: str = "personal",
    automated: bool = False,
) -> tuple[OwnerAction, td.Deadline | None] | None:
    """The action a message assigns to the user by name, with its deadline, or None."""
    forms = name_forms(full_names, handles)
    if not forms or category in ("promotions", "social"):
        return None
    names = "|".join(forms)
    doer = re.compile(
        rf"^\s*(?:[-•*]\s*)?(?:[^\s()]+\s*\()?@?(?:{names})\)?\s*{DOER}", re.IGNORECASE
    )
    addressed = re.compile(rf"^\s*(?:{names})\s*,", re.IGNORECASE)
    lines = [line for line in re.split(r"\n(?=\s*[-•*]\s)|\n\s*\n", text) if line.strip()]
    for block in lines:
        line = " ".join(block.split())
        for sentence in [line, *re.split(r"(?<=[.!?])\s+", line)[1:]]:
            asks = "?" in sentence or tt.REQUEST_RE.search(sentence) is not None
            if addressed.match(sentence) and asks:
                deadline = td.find_deadline(sentence, written_at, tz)
                if automated and deadline is None:
                    continue  # a newsletter greeting the user by name asks nothing
                quote = sentence.lstrip("-•* ").strip()
                return OwnerAction("needs_reply", quote, "asks you by name"), deadline
            if doer.match(sentence):
                deadline = td.find_deadline(sentence, written_at, tz)
                if deadline is not None:
                    quote = sentence.lstrip("-•* ").strip()
                    return OwnerAction("deadline", quote, "names you for an action"), deadline
    return None
