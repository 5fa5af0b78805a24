"""What a one-off event asks of the user: travel, something to bring or prepare, an agenda slot,
or an occasion one attends (an interview, an audit, the notary)."""

from __future__ import annotations

import re

from nyte_tui.services.triage.dates import sentences

TRAVEL_RE = re.compile(
    r"\b(flight|flug|vuelo|voo|volo|vlucht|train|zug|tgv|eurostar|airport|"
    r"flughafen|aéroport|aeropuerto|hbf|gare|boarding|trein|treno|comboio|avion|avión|aereo|"
    r"aeroporto|luchthaven)\b|→|✈|新幹線|フライト|空港",
    re.IGNORECASE,
)
PREPARE_RE = re.compile(
    r"\b(bring|prepare|present\w*|print|have ready|be ready|review .{0,30} before|"
    r"bereithalten|bereit ?halten|mitbringen|mitnehmen|vorbereiten|"
    r"apporter|préparer|présente\w*|prévoir|munissez|"
    r"traer|llevar|lleve|llevad|preparar|presentar|portare|preparare|presentare|meenemen|"
    r"voorbereiden|meebrengen|mitzubringen|apportez|"
    r"presenteren|levar|trazer|apresentar|präsentier\w*)\b|持参|準備",
    re.IGNORECASE,
)


ONLINE_RE = re.compile(r"zoom|teams|meet\b|webex|skype|whereby|https?://|\bonline\b|\bcall\b", re.I)


def in_person(location: str) -> bool:
    """Whether an event's location is a place one goes to, not a video link."""
    return bool(location.strip()) and ONLINE_RE.search(location) is None


def travel(title: str, location: str) -> bool:
    """Whether an event is a journey (a flight, a train, a departure from a station)."""
    return TRAVEL_RE.search(f"{title}\n{location}") is not None


def preparation(description: str) -> str | None:
    """The sentence of an event's description that asks the user to bring or prepare something."""
    parts = sentences(description)
    for index, sentence in enumerate(parts):
        if PREPARE_RE.search(sentence):
            if len(sentence.split()) < 4 and len(parts) > 1:
                # "Bring Ama's report." is quoted with the sentence beside it, not as a scrap
                return f"{parts[index - 1]} {sentence}" if index else f"{sentence} {parts[1]}"
            return sentence
    return None


# one-off occasions a person attends in person or prepares for, in the languages nyte reads
OCCASION_RE = re.compile(
    r"\b(?P<word>interview\w*|audit\w*|kick-?off|board meeting|board prep|exam(?:s|en|ination)?|"
    r"appointment|dentist|doctor|physician|clinic|notary|hearing|court date|signing|"
    r"inspection|site visit|on-?site|pitch|keynote|presentation|presents|presenting|"
    r"thesis defen[cs]e|prep|präsentiert|présente|presenta|presenteert|apresenta|"
    r"vorbereitung|préparation|preparación|preparazione|voorbereiding|preparação|"
    r"vorstellungsgespräch|bewerbungsgespräch|prüfung|aufsichtsrat\w*|vorstandssitzung|"
    r"\w*arzt\w*|\w*ärztin|notar\w*|candidate|kandidat\w*|candidat\w*|kandidaat|qbr|"
    r"quarterly business review|beurkundung|gerichtstermin|verhandlung|"
    r"begehung|abnahme|besichtigung|präsentation|vortrag|"
    r"entretien|réunion de lancement|lancement|conseil d'administration|dentiste|médecin|"
    r"notaire|signature|audience|visite|réception des travaux|soutenance|"
    r"entrevista|auditoría|reunión de lanzamiento|consejo de administración|cita|médico|"
    r"notario|firma|juicio|presentación|colloquio|consiglio di amministrazione|"
    r"appuntamento|medico|notaio|udienza|sopralluogo|presentazione|"
    r"sollicitatiegesprek|raad van bestuur|afspraak|tandarts|huisarts|notaris|ondertekening|"
    r"zitting|bezichtiging|presentatie|auditoria|consulta|cartório|assinatura|audiência|"
    r"vistoria|apresentação)\b|(?P<ja>面接|監査|準備|キックオフ|取締役会|歯科|診察|公証|署名|発表|プレゼン)",
    re.IGNORECASE,
)


def occasion(title: str) -> str | None:
    """The word of an event's title that makes it a one-off occasion (an interview, an audit)."""
    match = OCCASION_RE.search(title)
    return (match.group("word") or match.group("ja")).lower() if match else None


def agenda_slot(description: str, names: list[str]) -> str | None:
    """The agenda line that gives the user a slot ("- Lena: pallet pooling proposal")."""
    forms = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    if not forms:
        return None
    slot = re.compile(
        rf"^\s*(?:[-•*・]|\d{{1,2}}[.)])?\s*(?:{forms})\s*(?:[:：—–]|\s-\s)\s*(?P<what>\S.*)$",
        re.IGNORECASE | re.MULTILINE,
    )
    # "Lucie to advise on Quebec law points": the user named as the doer in a sentence
    doer = re.compile(
        rf"(?:^|(?<=[.;!?]\s))(?:{forms})\s+(?:to|will|va|doit|soll|wird|debe|va a|deve|moet|"
        rf"zal|vai)\s+\w[^.;!?\n]*[.;!?]?",
        re.IGNORECASE | re.MULTILINE,
    )
    match = slot.search(description) or doer.search(description)
    return " ".join(match.group(0).split()).lstrip("-•*・ ") if match else None
