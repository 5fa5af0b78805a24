"""When automated mail names the user for an action, the automated-mail penalty gives way.

Two shapes count: an @mention of the user with a question or request in the same sentence
(a code review, a tracker comment), and a request or a stated consequence together with a
deadline within a week (a bank asking to confirm a payment today, an e-signature that expires,
a domain or a licence lapsing after a failed payment). Promotions never count ("40 % off ends
tonight"), nor does an @mention that asks nothing ("thanks @you, nothing else needed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.dates import sentence_deadline, sentences

CONSEQUENCE_RE = re.compile(
    r"\b(expir\w*|lapse\w*|suspend\w*|declined|will be (charged|released|closed|cancel+ed)|"
    r"view-only|read-only|stop working|lose (access|your)|on hold|otherwise|or else|"
    r"gesperrt|abgelehnt|läuft\s.{0,40}\bab|verf[äa]llt|sonst|ansonsten|gekündigt|"
    r"sinon|faute de|lecture seule|annul\w*|résili\w*|libéré\w*|"
    r"caduca|vence|de lo contrario|expira|caso contrário|scad\w*|altrimenti|sospes\w*|"
    r"verloopt|anders|geblokkeerd)\b|期限切れ|停止",
    re.IGNORECASE,
)
ACTION_WINDOW = timedelta(days=7)
# a consequence counts when something failed or a signature is asked for ("your trial
# expires Friday" alone is an advertisement, "the payment failed … suspended" is not)
FAILED_OR_SIGN_RE = re.compile(
    r"\b(fail\w*|declined|could ?n[o']t|unable|was not|refus\w*|abgelehnt|fehlgeschlagen|"
    r"nicht (möglich|erfolgreich)|échou\w*|impossible|rechaz\w*|falh\w*|non riuscit\w*|"
    r"mislukt|countersign\w*|signature\w*|e-?sign\w*|sign (the|this|it|here|your)|to sign|"
    r"unterschr\w*|gegenzeich\w*|signer|firm(ar|e|a)\w*|assin\w*|onderteken\w*|overdue|"
    r"unpaid|überfällig|impayé\w*|en retard)\b",
    re.IGNORECASE,
)
# a one-time code is never a task (and its text must not travel to a model)
CODE_MAIL_RE = re.compile(
    r"\b(code|otp|passcode|pin|tan|código|codice)\b[^.\n]{0,25}?(\bis\b|:|lautet|est)\s*[A-Z0-9-]{4,}",
    re.IGNORECASE,
)
NO_REPLY_RE = re.compile(
    r"do not reply|don't reply|nicht (darauf )?antworten|ne pas répondre|no responda|"
    r"non rispondere|niet beantwoorden|unsubscribe|abmelden|désabonner",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OwnerAction:
    """Why automated mail needs the user: the kind of item and the sentence that says so."""

    kind: str  # needs_reply (a question to them) or deadline (something to do by a date)
    sentence: str
    why: str
    due: datetime | None = None  # the date of a consequence ("view-only on March 12")


def owner_action(
    text: str,
    handles: list[str],
    category: str,
    deadline_at: datetime | None,
    now: datetime,
    tz: tzinfo = UTC,
    bulk: bool = False,
) -> OwnerAction | None:
    """The action automated mail asks of the user by name or by date, or None."""
    if category in ("promotions", "social") or CODE_MAIL_RE.search(text):
        return None
    mention = (
        re.compile(r"@(" + "|".join(re.escape(h) for h in handles) + r")\b", re.IGNORECASE)
        if handles
        else None
    )
    due_soon = deadline_at is not None and deadline_at - now <= ACTION_WINDOW
    consequences: list[str] = []
    request: str | None = None
    for sentence in sentences(text):
        asks = "?" in sentence or "？" in sentence or tt.REQUEST_RE.search(sentence) is not None
        if mention is not None and mention.search(sentence) and asks:
            kind = "needs_reply" if "?" in sentence else "deadline"
            return OwnerAction(kind, sentence, "names you for an action")
        if NO_REPLY_RE.search(sentence):
            continue
        if request is None and asks and "?" not in sentence:
            request = sentence
        if CONSEQUENCE_RE.search(sentence):
            consequences.append(sentence)
    if not FAILED_OR_SIGN_RE.search(text):
        consequences = []
    if bulk:
        request = None  # list mail asks everyone; only naming the user or a failure counts
    if due_soon and (request or consequences):
        chosen = consequences[0] if consequences else request or ""
        return OwnerAction("deadline", chosen, "sets you a deadline")
    local = now.astimezone(tz)
    for consequence in consequences:
        # "the workspace will switch to view-only on March 12": the consequence has the date
        hit = sentence_deadline(consequence, local.replace(tzinfo=None, second=0, microsecond=0))
        if hit is not None:
            due = hit[0].replace(tzinfo=local.tzinfo)
            if now - timedelta(days=7) <= due <= now + ACTION_WINDOW:
                return OwnerAction("deadline", consequence, "sets you a deadline", due)
    return None
