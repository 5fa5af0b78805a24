"""Flags about the mail a command answers: instructions aimed at an assistant, hidden text, links.

These never change what nyte does (email content never starts or steers an action); they are
shown in the preview so the person confirming knows what the message tried.
"""

from __future__ import annotations

import re

from nyte_tui.hidden import HIDDEN_NOTE, strip_hidden_html, strip_invisible_characters
from nyte_tui.llm.sanitize import strip_hidden

ADDRESSED_TO_A_MACHINE = (
    r"\b(ai|a\.i\.|assistant|assistente|asistente|assistent|bot|agent|copilot|chatbot|"
    r"language model|llm|gpt|chatgpt|claude|gemini|automated (system|reader|processing)|"
    r"mail (client|filter|agent)|email (assistant|agent|ai))\b|"
    r"助手|アシスタント|ассистент|المساعد|비서|어시스턴트"
)
ROLE_MARKERS = (
    r"^\s*[\[<(]?\s*(system|assistant|developer|admin|operator)\s*[\]>)]?\s*[:>-]|"
    r"<\|im_start\|>|###\s*(instruction|system)|\[/?inst\]|begin (system|admin) (prompt|message)|"
    r"(system|developer|admin|priority) (prompt|message|note|override|instruction)"
)
OVERRIDES = (
    r"\b(ignore|disregard|override|forget|bypass|skip)\b[^.\n]{0,40}"
    r"\b(instructions?|rules?|polic(y|ies)|guidelines?|previous|prior|above|confirm\w*|approval)\b|"
    r"ignora|ignorez|ignoriere|ignore as|忽略|無視|игнорируй|تجاهل|무시"
)
MAIL_MOVES = (
    r"\b(forward|fwd|send|reply|cc|bcc|copy|add|include|redirect|route|deliver|share|upload|"
    r"post|email|mail)\b[^\n]{0,60}[\w.+-]+@[\w-]+\.[\w.-]+|"
    r"\b(forward|send|share|upload|export|copy)\b[^.\n]{0,30}\b(all|every|entire|whole|the)\b"
    r"[^.\n]{0,20}\b(thread|threads|emails?|messages?|mail|inbox|conversation|contacts?)\b|"
    r"reenv[ií]a|reenviar|transf[eé]r|weiterleit|leite[^.\n]{0,20}weiter|encaminh|转发|転送|"
    r"переш[лт]и|أعد توجيه|전달"
)
CALENDAR_MOVES = (
    r"\b(accept|decline|reject|move|reschedule|cancel|delete|remove|rsvp)\b[^.\n]{0,40}"
    r"\b(meeting|event|invite|invitation|calendar|appointment|call)\b[^.\n]{0,40}"
    r"\b(for (me|him|her|them|alex)|on (my|his|her|their) behalf|automatically|now|immediately)\b"
)
SECRECY = (
    r"\b(do not|don't|dont|never) (tell|inform|mention|notify|show|alert|ask)\b|"
    r"\bwithout (telling|asking|confirm\w*|notify\w*|approval)\b|\b(silently|quietly|secretly)\b"
)
MACHINE_PAYLOAD = (
    r"[{,]\s*\"(action|tool|function|to|cc|bcc|recipients?|command|kind)\"\s*:|"
    r"\b(tool_call|function_call|tool_use)\b"
)
ASSISTANT_TALK = re.compile(
    "|".join(
        f"(?:{part})"
        for part in (ROLE_MARKERS, OVERRIDES, SECRECY, MACHINE_PAYLOAD, CALENDAR_MOVES)
    ),
    re.IGNORECASE | re.MULTILINE,
)
TALKS_TO_MACHINE = re.compile(ADDRESSED_TO_A_MACHINE, re.IGNORECASE)
ORDERS = re.compile(
    r"\b(delete|remove|empty|trash|archive|decline|accept|reschedule|move|cancel|forward|send|"
    r"reply|add|cc|bcc|fetch|visit|open|click|download|upload|approve|pay|transfer|confirm|"
    r"share|include|attach|mark|label|unsubscribe|ignore|must|always|never)\b|"
    r"удали|перешли|отправь|не сообщай|削除|転送|辞退|承認|送信|删除|转发|发送|接受|拒绝|"
    r"elimina|borra|reenv|env[ií]a|acepta|rechaza|supprim|transf[eè]r|envoie|accept|refuse|"
    r"lösch|leite|sende|akzeptier|lehne|apague|exclua|encaminh|envie|احذف|أرسل|삭제|전달|보내|거절",
    re.IGNORECASE,
)
ASKS_FOR_MAIL_MOVE = re.compile(MAIL_MOVES, re.IGNORECASE)
MONEY = re.compile(
    r"(?i)\b(invoice|payment|pay|paid|wire|bank|iban|swift|transfer|refund|gift ?cards?|"
    r"bitcoin|crypto|overdue|late fee|account (number|details)|deposit|funds|payroll|salary|"
    r"bank details)\b|[$€£¥]\s?\d|"
    r"\b\d[\d,.]*\s?(usd|eur|gbp|dollars|euros|pounds)\b|überweisung|virement|pago|送金|振込"
)
LINK = re.compile(r"(?i)\b(?:https?://|www\.|mailto:)[^\s<>\"')\]]+")
MAILTO = re.compile(r"(?i)\bmailto:[^\s<>\"')\]]+")


def content_flags(texts: list[str]) -> tuple[str, ...]:
    """Warnings about what untrusted text (subject, names, body, event fields) contains."""
    flags: list[str] = []
    joined = "\n".join(t for t in texts if t)
    visible = strip_hidden(joined)
    if any(_suspicious(text) for text in (joined, visible)):
        flags.append("suspicious_instructions: this mail talks to an assistant; nyte ignored it")
    if _hides(joined):
        flags.append("hidden_text: the mail hides text; it was removed before any model saw it")
    money = MONEY.search(visible)
    if money:
        flags.append(f"money: the mail mentions {money.group(0).strip()!r}; check before paying")
    links = sorted(set(LINK.findall(visible)))
    if links:
        shown = ", ".join(link[:60] for link in links[:3])
        flags.append(f"link: the mail links to {shown}; nyte never opens links")
    return tuple(flags)


def _suspicious(text: str) -> bool:
    """Whether text gives orders meant for a machine, or asks for mail to go elsewhere."""
    if ASSISTANT_TALK.search(text):
        return True
    for machine_word in TALKS_TO_MACHINE.finditer(text):
        if ORDERS.search(text[machine_word.end() : machine_word.end() + 160]):
            return True
    if any("?" in link.group(0) for link in MAILTO.finditer(text)):
        return True  # a prepared message to some address, behind a link
    machine = TALKS_TO_MACHINE.search(text)
    moves = ASKS_FOR_MAIL_MOVE.search(text)
    return bool(moves and (machine or _imperative_near(text, moves.start())))


def _imperative_near(text: str, at: int) -> bool:
    """Whether the mail-moving words start a sentence (an order rather than a report)."""
    before = text[max(0, at - 3) : at]
    return at == 0 or before.strip() in ("", ".", "!", ":", "-", "*", ">") or "\n" in before


GUARD_SIGNS = ("new_recipient_dropped", "the model read this as", "link removed")


def guard_flags(flags: tuple[str, ...]) -> tuple[str, ...]:
    """A model answer the guard had to correct is itself a sign of instructions in the mail."""
    if any(f.startswith(GUARD_SIGNS) for f in flags) and not any(
        f.startswith("suspicious_instructions") for f in flags
    ):
        return (
            "suspicious_instructions: the model tried to act beyond your words; nyte kept yours",
            *flags,
        )
    return flags


def _hides(text: str) -> bool:
    """Whether text carries zero-width, bidi, comment or invisible-style tricks (or the note
    sync leaves where it removed them)."""
    if HIDDEN_NOTE in text or strip_invisible_characters(text)[1]:
        return True
    return strip_hidden_html(text)[1]
