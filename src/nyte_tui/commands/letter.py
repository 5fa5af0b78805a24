"""The final email text: a greeting, the body, and a sign-off, each only when missing."""

from __future__ import annotations

import re

GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|greetings|hallo|hola"
    r"|bonjour|ciao|moin|servus)\b",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(
    r"^\s*(?:thanks|thank\s+you|many\s+thanks|thanks\s+again|cheers|best|best\s+wishes"
    r"|(?:kind|warm|best|warmest)\s+regards|regards|all\s+the\s+best|sincerely|yours"
    r"|yours\s+sincerely|talk\s+soon|speak\s+soon|ta|take\s+care|gruß|grüße|saludos"
    r"|cordialement|merci)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
THANKS_AT_END = re.compile(
    r"(?:^|[.!?]\s+)(?:thanks|thank\s+you|many\s+thanks)[^.!?]*[.!?]?\s*$", re.IGNORECASE
)


def _has_sign_off(lines: list[str], sender: str | None) -> bool:
    """Whether the last lines already close the message (a sign-off, maybe with the name)."""
    tail = [line.strip() for line in lines if line.strip()][-2:]
    if not tail:
        return False
    if SIGN_OFF.match(tail[-1]):
        return True
    if sender and tail[-1].casefold() == sender.casefold() and len(tail) == 2:
        return bool(SIGN_OFF.match(tail[0])) or tail[0].endswith(",")
    return False


def letter(body: str, recipient_first_name: str | None, sender_first_name: str | None) -> str:
    """The email text: "Hi Dana," above the body and "Thanks,\\nAlex" below, unless present."""
    text = body.strip()
    lines = text.splitlines()
    parts: list[str] = []
    if not lines or not GREETING.match(lines[0]):
        name = (recipient_first_name or "").strip()
        parts.append(f"Hi {name}," if name else "Hi,")
    parts.append(text)
    sender = (sender_first_name or "").strip() or None
    if _has_sign_off(lines, sender):
        last = [line.strip() for line in lines if line.strip()][-1]
        if sender and SIGN_OFF.match(last) and not last.endswith(","):
            parts[-1] = text.rstrip(".! ") + ","
        if sender and SIGN_OFF.match(last):
            parts[-1] = parts[-1] + "\n" + sender
        return "\n\n".join(part for part in parts if part)
    closing = "Best" if THANKS_AT_END.search(text) else "Thanks"
    parts.append(f"{closing},\n{sender}" if sender else closing)
    return "\n\n".join(part for part in parts if part)
