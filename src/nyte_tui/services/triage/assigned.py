"""Actions assigned to the user by name inside mail to many: minutes, notes, Cc'd requests.

"Alex to draft the RFC by the 7th", "J. Weber: Unterweisung bis Freitag (05.12.) einplanen",
"Kestrel (Priya) will send the one-pager before Friday's call", "@Alex — please update the
runbook before your shift", "AI: AM — load-test report, Thu 8 Jan", "TODO(@amoreno): …",
"Send the budget to the bank (owner: Camille), Friday", "Ramanさん：見積書を3月12日までに送付",
a table row "| Alex | draft the RFC | Jan 7 |": the user is named (by full or first name, a
title and surname, a handle or initials) as the doer of an action with a date, so it is a
request even in a message to a list. "Priya, could you confirm … by tomorrow?" on Cc is a
request too. A name without a doer ("Priya shared the question") is not.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from nyte_tui.services.triage import deadlines as td
from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.automation import OwnerAction
from nyte_tui.services.triage.dates import DATE_WEEKDAY, sentence_deadline

# what follows the doer's name: a colon or dash, or a verb of future duty in the languages read
DOER = (
    r"(?::|：|—|–|-|→|(?P<verb>\b(?:to|will|shall|should|must|needs? to|is to|soll|sollte|"
    r"sollen|wird|werden|muss|übernimmt|kümmert sich|va|doit|devra|se charge|s'occupe|va a|"
    r"debe|deberá|se encarga|deve|dovrà|si occupa|farà|gaat|zal|moet|neemt|vai|fica de|irá)\b"
    r"|が|は))"
)
# how a line says it is an action item, before the name: bullets, check boxes, numbers, markers
BULLET = r"(?:[-•*–·▪►・●○◦]|\d{1,2}[.)]|\[[ xX]?\]|☐|□)"
MARKER = (
    r"(?:AI|A\.I\.|AP|A\.P\.|TODO|To-?do|Action(?:\s+items?|\s+points?)?|Aktion|Maßnahme|Aufgabe|ToDo|"
    r"Next steps|Follow-?ups?|Nächste Schritte|Prochaines étapes|Próximos pasos|"
    r"Prossimi passi|Volgende stappen|Próximos passos|"
    r"À faire|A faire|Acción|Tarea|Pendiente|Azione|Compito|Actie|Actiepunt|Ação|Tarefa|"
    r"宿題|対応|タスク|アクション)"
)
PREFIX = rf"^\s*(?:{BULLET}\s*)*(?:{MARKER}\s*(?:\([^)]*\))?\s*[:：]?\s*)?(?:{BULLET}\s*)?"
# where one item of a list ends: a blank line, or a line that opens with a bullet or a marker
ITEM_BREAK = re.compile(
    rf"\n(?=\s*(?:{BULLET}\s|[・●○◦▪►•]|{MARKER}\s*(?:\([^)]*\))?\s*[:：]))|\n\s*\n", re.IGNORECASE
)
# the owner of an action given after its text: "(owner: Camille)", "— Alex", "[AM]", "→ Priya"
OWNER_LABEL = (
    r"(?:owner|assignee|assigned to|responsible|who|lead|verantwortlich|zuständig|wer|"
    r"responsable|resp\.?|qui|quién|responsabile|chi|verantwoordelijk|wie|responsável|"
    r"担当(?:者)?)"
)
# initials that notes use as labels ("PR: merged", "QA: …"), never as someone's initials
ACRONYMS = frozenset(
    (
        "PR",
        "QA",
        "HR",
        "IT",
        "CI",
        "CD",
        "UX",
        "UI",
        "AI",
        "OK",
        "ID",
        "PS",
        "RE",
        "FW",
        "VP",
        "PM",
        "IP",
        "EU",
        "US",
        "UK",
        "CV",
        "TV",
        "PO",
        "NB",
        "ETA",
        "TBD",
        "FYI",
        "SLA",
    )
)
ASSIGNEE_RE = re.compile(rf"\b{OWNER_LABEL}\s*[:：=]", re.IGNORECASE)
# who holds an account is no assignment ("Account owner: Lena Roth")
HOLDER_RE = re.compile(
    r"\b(account|property|domain|workspace|billing|card|product|data|licen[cs]e|site)\s+owner",
    re.IGNORECASE,
)
HONORIFIC = r"(?:\s?(?:さん|様|san|-san))?"
TITLES = r"(?:Herr|Hr\.|Frau|Fr\.|M\.|Mme|Mr\.?|Ms\.?|Mrs\.?|Sr\.|Sra\.|Sig\.|Sig\.ra|Dhr\.|Mevr\.)"
JOINER = r"(?:\s*(?:,|&|/|\+|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b)\s*)"


def name_forms(full_names: list[str], handles: list[str]) -> list[str]:
    """Patterns for how notes name the user: full name, first name, "J. Weber", "Herr Weber",
    "Ramanさん", @handle, and initials ("AM", "A.M.", matched in capitals only)."""
    forms: set[str] = set()
    for full in full_names:
        words = full.split()
        if not words:
            continue
        forms.add(re.escape(full))
        # "Marta Ruiz" for Marta Ruiz Ortega, "Ana Souza" for Ana Paula Souza: first name and
        # any one later name, as minutes shorten a two-surname or middle-named person
        forms.update(rf"{re.escape(words[0])}\s{re.escape(later)}" for later in words[1:-1])
        if len(words[0]) > 1:
            forms.add(re.escape(words[0]))
        if len(words) >= 2:
            first, last = words[0], words[-1]
            forms.add(rf"{re.escape(first[0])}\.\s?{re.escape(last)}")
            forms.add(rf"{re.escape(first)}\s{re.escape(last[0])}\.")
            forms.add(rf"{TITLES}\s?{re.escape(last)}")
            forms.add(rf"{re.escape(last)}\s?(?:さん|様|san|-san)")
            initials = "".join(w[0] for w in words if w[:1].isalpha()).upper()
            if len(initials) >= 2 and initials not in ACRONYMS:
                dotted = r"\.".join(initials) + r"\."
                forms.add(rf"(?-i:{initials}|{dotted})(?![\w.])")
    forms.update("@" + re.escape(h) for h in handles)
    return sorted(forms, key=len, reverse=True)


def _patterns(forms: list[str]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The name as the doer at the start of a line, as the owner after it, and as a cell.

    Initials count at the start, in a cell, in brackets or after an owner label; in
    parentheses or after a dash ("fix merged (PR)", "— AM") only names and handles do."""
    named = rf"@?(?:{'|'.join(forms)}){HONORIFIC}"
    worded = rf"@?(?:{'|'.join(f for f in forms if not f.startswith('(?-i:'))}){HONORIFIC}"
    others = r"[\w.@'-]+"  # someone sharing the action ("Sam and Lena to …")
    doer = re.compile(
        rf"{PREFIX}(?:[^\s()]+\s*\()?(?:{others}{JOINER})*{named}(?:{JOINER}{others})*\)?"
        rf"(?:\s*\([^)]*\))?\s*{DOER}",
        re.IGNORECASE,
    )

    def group(name: str) -> str:
        mate = r"[\w.@'-]+(?:\s[\w.'-]+)?"
        return rf"(?:{mate}{JOINER})*{name}(?:{JOINER}{mate})*"

    owner_after = re.compile(
        rf"(?:\b{OWNER_LABEL}\s*[:：=]\s*{group(named)}|\[\s*{group(named)}\s*\]|"
        rf"\(\s*{group(worded)}\s*\)|[—–→]\s*{group(worded)}\s*(?:[,;:—–(]|$)|"
        rf"\s-\s{group(worded)}\s*(?:[,;:—–(]|$))",
        re.IGNORECASE,
    )
    cell = re.compile(rf"^\s*(?:{OWNER_LABEL}\s*[:：=]\s*)?(?:{group(named)})\s*$", re.IGNORECASE)
    return doer, owner_after, cell


def _after_marker(forms: list[str]) -> re.Pattern[str]:
    """The name opening an action item after its marker, with any verb ("Actie: KW bevestigt
    de leverdatum", "AP: Kenji checks the Incoterms", "TODO: Lena updates the runbook")."""
    named = rf"@?(?:{'|'.join(forms)}){HONORIFIC}"
    others = r"[\w.@'-]+"
    return re.compile(
        rf"^\s*(?:{BULLET}\s*)*{MARKER}\s*(?:\([^)]*\))?\s*[:：]\s*"
        rf"(?:{others}{JOINER})*{named}(?:{JOINER}{others})*\s+[^\W\d]",
        re.IGNORECASE,
    )


def _action_due(
    line: str, written_at: datetime, tz: tzinfo, bare: bool, anywhere: bool = False
) -> td.Deadline | None:
    """The due date of an action line: a deadline phrase, or (bare) a date standing at its end
    the way a due column does ("— Thu 8 Jan", "(Fri)", ", 12/03"), not a date in passing;
    anywhere: any date the line names ("Lena will send the deck Thursday")."""
    found = td.find_deadline(line, written_at, tz)
    if found is not None or not bare:
        return found
    undated = DATE_WEEKDAY.sub("", line)  # "7/10(金)": the weekday belongs to the date
    tail = re.split(r"[,;—–(|]|\s-\s", re.sub(r"(?<=[^\W\d])\.$", "", undated.rstrip(" )")))[-1]
    if anywhere:
        tail = line
    elif len(tail) > 30:
        return None
    local = written_at.astimezone(tz)
    base = local.replace(tzinfo=None, second=0, microsecond=0)
    hit = sentence_deadline(tail, base, td.date_order(tz))
    if hit is None or (not anywhere and len(tail.split()) - len(hit[1].split()) > 1):
        return None  # "good work on Monday" has a date in passing, "due Fri 13 Jun" a due date
    at = hit[0].replace(tzinfo=local.tzinfo)
    return td.Deadline(at, hit[1]) if at >= local - timedelta(days=7) else None


def _table_action(
    row: str, cell: re.Pattern[str], written_at: datetime, tz: tzinfo
) -> tuple[str, td.Deadline] | None:
    """A table row whose cell names the user and whose other cells give a task and a date."""
    cells = [c.strip() for c in re.split(r"\s*\|\s*|\t+", row.strip().strip("|")) if c.strip()]
    if len(cells) < 3 or not any(cell.match(c) for c in cells):
        return None
    rest = [c for c in cells if not cell.match(c)]
    due = next(
        (d for c in rest if (d := _action_due(c, written_at, tz, bare=True)) is not None), None
    )
    if due is None:
        return None
    return " ".join(row.split()), due  # the row as the mail has it, so the quote is verbatim


HEADING_LABEL = (
    r"(?:(?:actions?|action items?|tasks?|to-?dos?|aufgaben|maßnahmen|actions|tâches|tareas|"
    r"acciones|azioni|compiti|acties|taken|ações|tarefas)\s+)?"
    r"(?:for|für|pour|para|per|voor|von|de|di)?\s*"
)


def _under_heading(
    text: str, cell: re.Pattern[str], written_at: datetime, tz: tzinfo
) -> tuple[str, td.Deadline] | None:
    """A dated bullet in a list headed by the user's name ("Lena:", "**Tasks for Lena**")."""
    owned = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        bullet = re.match(rf"(?:{BULLET}\s+|[・●○◦▪►•]\s*)+", line)
        if bullet is None:
            heading = re.sub(r"^[#*_\s]+|[*_\s:：]+$", "", line)
            label = re.match(HEADING_LABEL, heading, re.IGNORECASE)
            rest = heading[label.end() :] if label else heading
            owned = line.rstrip("*_ ").endswith((":", "：")) and bool(cell.match(rest))
            continue
        if owned:
            item = line[bullet.end() :].strip()
            due = _action_due(item, written_at, tz, bare=True)
            if due is not None:
                return item, due
    return None


def _parts(line: str) -> list[tuple[str, str]]:
    """The line, its later sentences and their later clauses ("…; Lena will send …"), each
    with the whole sentence it belongs to (what the reason quotes)."""
    sentences = re.split(r"(?<=[.!?。])\s+", line)
    parts = [(line, line)]
    for index, sentence in enumerate(sentences):
        whole = line if index == 0 else sentence
        if index:
            parts.append((sentence, whole))
        parts.extend((clause, whole) for clause in re.split(r"(?<=;)\s+", sentence)[1:])
    return parts


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
    doer, owner_after, cell = _patterns(forms)
    # "Giulia, could you …", also after a colon ("one thing is open: Giulia, can you …?")
    addressed = re.compile(rf"(?:^|[:;]\s+)\s*((?:{names})\s*,.*)$", re.IGNORECASE)
    marked = re.compile(rf"{PREFIX}", re.IGNORECASE)
    after_marker = _after_marker(forms)
    # "[ ] @lroth update the runbook …": a handle opening an item is its doer
    handle_forms = "|".join(re.escape(h) for h in handles)
    lead = re.compile(rf"{PREFIX}@(?:{handle_forms})\b", re.IGNORECASE) if handles else None
    for raw in text.splitlines():
        if raw.count("|") >= 2 or raw.count("\t") >= 2:
            row = _table_action(raw, cell, written_at, tz)
            if row is not None:
                return OwnerAction("deadline", row[0], "names you for an action"), row[1]
    under = _under_heading(text, cell, written_at, tz)
    if under is not None:
        return OwnerAction("deadline", under[0], "lists an action under your name"), under[1]
    lines = [line for line in ITEM_BREAK.split(text) if line.strip()]
    for block in lines:
        line = " ".join(block.split())
        for sentence, whole in _parts(line):
            asks = "?" in sentence or tt.REQUEST_RE.search(sentence) is not None
            vocative = addressed.search(sentence)
            if vocative is not None and asks:
                deadline = td.find_deadline(sentence, written_at, tz)
                if automated and deadline is None:
                    continue  # a newsletter greeting the user by name asks nothing
                quote = (vocative.group(1) if vocative.start() else sentence).lstrip("-•* ").strip()
                asked = re.match(r"[^?？]*[?？]", quote)  # the question, not what follows it
                quote = asked.group(0) if asked and len(asked.group(0).split()) >= 4 else quote
                return OwnerAction("needs_reply", quote, "asks you by name"), deadline
            item = bool((m := marked.match(sentence)) and m.group(0).strip())
            owned = owner_after.search(sentence) or (lead and lead.match(sentence))
            duty = doer.match(sentence)
            opened = after_marker.match(sentence) if duty is None else None
            labelled = owned and ASSIGNEE_RE.search(sentence) and not HOLDER_RE.search(sentence)
            if duty or opened or ((item or labelled) and owned):
                # an action line: its date is the due date ("AM — report, Thu 8 Jan")
                verb = bool(duty and duty.group("verb")) or opened is not None
                deadline = _action_due(sentence, written_at, tz, bare=True, anywhere=verb)
                if deadline is not None:
                    quote = re.sub(rf"^\s*(?:{BULLET}\s*)+", "", whole).strip()
                    return OwnerAction("deadline", quote, "names you for an action"), deadline
    return None
