"""Flags about the mail a command answers: instructions aimed at an assistant, hidden text, links.

These never change what nyte does (email content never starts or steers an action); they are
shown in the preview so the person confirming knows what the message tried.
"""

from __future__ import annotations

import re

from nyte_tui.llm.sanitize import strip_hidden

ASSISTANT_TALK = re.compile(
    r"(?i)\b("
    r"ignore (all |any )?(previous|prior|above|earlier) (instructions|messages)|"
    r"disregard (the|all|your) (previous|prior|above)|"
    r"(system|developer) (prompt|message|note|override)|^\s*(system|assistant)\s*:|"
    r"(ai|email|mail) assistant|as an ai|language model|llm\b|"
    r"(forward|send) (this|all|every|the) (thread|email|emails|messages|mail)|"
    r"\bb?cc\b[^.\n]{0,40}@|add [^.\n]{0,30}(bcc|cc|recipient)|"
    r"reply (instead )?to [\w.+-]+@|do not (tell|inform|mention)|without (telling|asking)|"
    r"(accept|decline|move|delete|cancel) (this|the|all) (meeting|event|invite|invitation|emails?)|"
    r"new instructions|tool[_ ]call|function[_ ]call|\"(to|bcc|cc)\"\s*:"
    r"|ignora (las )?instrucciones|ignorez (les )?instructions|ignoriere (alle )?anweisungen"
    r"|忽略|無視|игнорируй"
    r")",
    re.MULTILINE,
)
LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"')\]]+")


def content_flags(texts: list[str]) -> tuple[str, ...]:
    """Warnings about what untrusted text (subject, names, body, event fields) contains."""
    flags: list[str] = []
    joined = "\n".join(t for t in texts if t)
    visible = strip_hidden(joined)
    if ASSISTANT_TALK.search(joined) or ASSISTANT_TALK.search(visible):
        flags.append("suspicious_instructions: this mail talks to an assistant; nyte ignored it")
    if _hides(joined):
        flags.append("hidden_text: the mail hides text; it was removed before any model saw it")
    links = sorted(set(LINK.findall(visible)))
    if links:
        shown = ", ".join(link[:60] for link in links[:3])
        flags.append(f"link: the mail links to {shown}; nyte never opens links")
    return tuple(flags)


def _hides(text: str) -> bool:
    """Whether text carries zero-width, bidi, comment or invisible-style tricks."""
    return bool(
        re.search("[\u200b\u200c\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]", text)
        or re.search(
            r"(?is)<!--|display\s*:\s*none|font-size\s*:\s*0|visibility\s*:\s*hidden", text
        )
        or re.search(r"(?i)color\s*:\s*(#fff(fff)?|white)\b", text)
    )
