"""First contacts and cold outreach: does mail from someone new tie into the user's life?

A stranger's question creates no obligation ("15 minutes Thursday at 3pm?"), but a first
contact that refers to someone the user writes to (a referral, a colleague on Cc, the same
company as a customer) or to something the user did (an appointment, a booking, a request,
their flat) is a real ask. The people the user has written to are read from their own sent
mail, once per pass.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from email.utils import getaddresses

from nyte_tui.store.triage_records import MessageStub

OWN_MATTER_RE = re.compile(
    r"\b(your|ihre?[mnrs]?|votre|vos|tu|tus|su|sua|seu|la sua|il suo|je|uw)\s+"
    r"(appointment|booking|reservation|order|request|enquiry|inquiry|application|unit|"
    r"apartment|flat|lease|tenancy|registration|enrol+ment|child|son|daughter|premises|"
    r"property|practice|clinic|building|departamento|unidad|vivienda|local|"
    r"termin|anfrage|buchung|bestellung|reservierung|wohnung|online-anfrage|"
    r"rendez-vous|réservation|commande|demande|logement|inscription|"
    r"cita|reserva|pedido|solicitud|consulta|prenotazione|richiesta|afspraak|aanvraag)\b"
    r"|\bsuite à votre\b|\bvielen dank für ihre\b|\bthank you for your (booking|order|request)\b"
    r"|予約|ご依頼|お問い合わせ",
    re.IGNORECASE,
)
# the sender's own dealings with the user's business: a customer's or patient's complaint or
# booking ("I was charged twice for my cleaning", "a consulta da minha filha", "mi pedido")
CUSTOMER_RE = re.compile(
    r"\b(charged (me )?twice|double[- ]charged|billed twice|overcharged|"
    r"my (appointment|booking|order|reservation|bill|invoice|treatment|visit|cleaning|"
    r"subscription|refund|stay|delivery|repair)|"
    r"(minha|a minha) (consulta|reserva|encomenda|fatura)|consulta (da|do) (minha|meu)|"
    r"mi (cita|pedido|reserva|factura|consulta)|ma (commande|réservation|facture|consultation)|"
    r"mon (rendez-vous|colis)|mein(e|en)? (Termin|Bestellung|Buchung|Rechnung|Reparatur)|"
    r"la mia (prenotazione|fattura|visita)|il mio (ordine|appuntamento)|"
    r"mijn (afspraak|bestelling|boeking|factuur))\b"
    r"|paciente d[ao] (dra?|doutora?)\.?|patient of (dr|doctor)\.?",
    re.IGNORECASE,
)
# a file of the user's that the sender handles, named by its number: "claim 7741-2290",
# "申告番号 2607-4471", "expediente 2026/118", "Aktenzeichen 3 C 118/26", "dossier n° 4471"
CASE_RE = re.compile(
    r"\b(claim|case|file|ticket|dossier|expediente|processo|protocolo|pratica|aktenzeichen|"
    r"vorgang|fallnummer|sinistre|siniestro|sinistro|schadennummer|zaak(nummer)?)"
    r"(\s*(no\.?|nr\.?|n[°º]|number|número|numero|#))?\s*:?\s*#?[A-Z]{0,4}[-/ ]?\d[\d/-]{3,}"
    r"|(申告|申請|受付|管理|整理|案件|お問い合わせ)番号\s*[:：]?\s*[\w-]*\d{3,}",
    re.IGNORECASE,
)
# something the user (or their organisation) asked for: "you requested", "solicitó por teléfono",
# "Uw organisatie heeft … aangevraagd", "vous avez demandé", "Sie haben … angefragt"
ASKED_FOR_RE = re.compile(
    r"\b(you (recently |kindly )?(requested|booked|ordered|applied for|asked (us|for)|enquired|"
    r"registered|signed up)|your (organi[sz]ation|company|team|office) (has |had )?(requested|"
    r"booked|ordered|applied)|(u|je|jij|uw (organisatie|bedrijf|afdeling)) (heeft|hebt|had)\b"
    r"[^.!?]{0,160}?\b(aangevraagd|geboekt|besteld|aangemeld)|"
    r"(usted )?(solicitó|pidió|reservó|solicitaste|pediste|reservaste)|(ha|has) (solicitado|"
    r"pedido|reservado)|vous avez (demandé|réservé|commandé|sollicité)|tu as (demandé|réservé)|"
    r"Sie haben [^.!?]{0,120}?(angefragt|beantragt|gebucht|bestellt)|"
    r"(ha|hai) (richiesto|prenotato)|"
    r"(você |o senhor |a senhora )?(solicitou|agendou|reservou))\b",
    re.IGNORECASE,
)
# a colleague of the user passed on their name: "Uw collega … gaf mij uw naam", "was referred
# to you by", "votre collègue m'a donné votre nom"
REFERRED_RE = re.compile(
    r"\b(gave me your (name|details|address)|passed (on )?your (name|details)|referred me to you|"
    r"(gaf|heeft) mij uw (naam|gegevens)|(hat|gab) mir Ihren (Namen|Kontakt)|"
    r"m'a (donné|transmis|communiqué) (votre|ton) (nom|contact|adresse)|"
    r"me (dio|pasó|facilitó) (su|tu) (nombre|contacto|correo)|mi ha (dato|passato) il (suo|tuo) "
    r"(nome|contatto)|me (passou|deu) o (seu|teu) (nome|contato))\b",
    re.IGNORECASE,
)
# a form to sign and send back: a school's permission slip, a nursery's authorisation, a
# clinic's consent (cold outreach asks for a call, not for a signed form)
SIGNED_FORM_RE = re.compile(
    r"\b(form|consent( form)?|authori[sz]ation|permission slip|waiver|formular|vollmacht|"
    r"einverständniserklärung|formulaire|autorisation|modulo|autorizzazione|delega|liberatoria|"
    r"formulario|autorización|formulário|autorização|termo|formulier|machtiging|toestemming)\b"
    r"[\s\S]{0,120}?\b(sign\w*|return\w*|send (it )?back|unterschr\w*|zurück\w*|"
    r"retourn\w*|renvoy\w*|firmat\w*|firmar\w*|restitu\w*|riconsegn\w*|devolv\w*|devolva|"
    r"assin\w*|entreg\w*|onderteken\w*|terug\w*|inlever\w*)"
    r"|\b(sign\w*|unterschreib\w*|signez|firm[ai]\w*|assine|assinar|onderteken\w*)\b"
    r"[^.!?]{0,60}\b(form|formular|vollmacht|formulaire|autorisation|modulo|autorizzazione|"
    r"delega|formulario|autorización|formulário|autorização|formulier|machtiging)\b",
    re.IGNORECASE,
)
# mail to the user as a parent or as a resident: a school, a nursery, the building's manager
ROLE_RE = re.compile(
    r"\b(dear (parents?|families|guardians?|residents?|tenants?)|parents and carers|"
    r"liebe eltern|sehr geehrte eltern|liebe mieter(innen)?|chers parents|chères familles|"
    r"cari genitori|gentili genitori|gentili famiglie|queridas familias|estimadas familias|"
    r"buenas tardes, familias|hola, familias|beste ouders|caros pais|prezados pais|"
    r"prezad[oa] respons[aá]vel|estimad[oa] responsable|gentile responsabile|"
    r"sehr geehrte[r]? verantwortliche[r]?|geachte verantwoordelijke)\b"
    r"|保護者|ご父兄|ご入居者|入居者様|\d+号室",
    re.IGNORECASE,
)
GENERIC_LABELS = {"group", "global", "email", "online", "service", "services", "info", "mail"}


def fold(text: str) -> str:
    """Lower case without accents, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class KnownPeople:
    """Everyone the user has written to: addresses, their domains and their names."""

    addresses: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)  # folded full name -> address

    def first_names(self, exclude: set[str]) -> dict[str, str]:
        """Distinctive first names (three letters or more) of known people, folded."""
        found: dict[str, str] = {}
        for name, email in self.names.items():
            first = name.split()[0] if name.split() else ""
            if len(first) >= 3 and first not in exclude:
                found.setdefault(first, email)
        return found


def known_people(mine: list[MessageStub], me: set[str], free: tuple[str, ...]) -> KnownPeople:
    """The people the user has written to, from their own messages' To and Cc."""
    known = KnownPeople()
    for message in mine:
        for name, addr in getaddresses([message.to_header or "", message.cc_header or ""]):
            email = addr.lower()
            if "@" not in email or email in me:
                continue
            known.addresses.add(email)
            domain = email.rsplit("@", 1)[-1]
            if not domain.startswith(free):
                known.domains.add(domain)
            if name.strip() and "@" not in name:
                known.names.setdefault(fold(name.strip().strip("\"'")), email)
    return known


def tie_of(
    text: str,
    sender: str,
    others: list[tuple[str, str]],
    known: KnownPeople,
    my_names: set[str],
    full_names: list[str] | None = None,
    own_domain: str = "",
) -> str | None:
    """Why mail from a new sender concerns the user, in a few words (None: it does not).

    others: the (name, address) pairs on To and Cc besides the user.
    """
    domain = sender.rsplit("@", 1)[-1]
    for name, email in others:
        if email in known.addresses:
            return f"{(name or email).split()[0]}, whom you write to, is copied"
    if domain in known.domains:
        return f"from {domain}, where you have written before"
    folded = fold(text)
    for full, _email in known.names.items():
        if len(full.split()) >= 2 and full in folded:
            return f"mentions {full.title()}, whom you write to"
    for first, _email in known.first_names(my_names).items():
        if re.search(rf"\b{re.escape(first)}\b", folded):
            return f"mentions {first.title()}, whom you write to"
    own_surnames = {fold(n.split()[-1]) for n in full_names or [] if len(n.split()) >= 2}
    title_named = _known_by_title(text, known, own_surnames)
    if title_named:
        return f"mentions {title_named}, whom you write to"
    for pattern, says in (
        (REFERRED_RE, "says they were given your name ({})"),
        (ASKED_FOR_RE, "about what you asked for ({})"),
        (SIGNED_FORM_RE, "asks you to sign and return a form"),
        (CUSTOMER_RE, "writes about their own dealings with you ({})"),
        (CASE_RE, "refers to a file by its number ({})"),
    ):
        found = pattern.search(text)
        if found is not None:
            return says.format(" ".join(found.group(0).split()[:4]).lower())
    match = OWN_MATTER_RE.search(text)
    if match is not None:
        return f"about {match.group(0).strip().lower()}"
    role = ROLE_RE.search(text)
    if role is not None:
        # a plain fact, not a quote: the greeting is a few words, not a sentence to act on
        return f"addresses you by a role you hold ({role.group(0).strip().rstrip(',')})"
    company = _known_company(folded, known, own_domain)
    if company:
        return f"mentions {company.title()}, a company you write to"
    for full in full_names or []:
        words = full.split()
        surname = words[-1] if len(words) >= 2 else ""
        if len(surname) < 4:
            continue
        # a relative of the user: "Mia Moreno's appointment", "Léo Leroy-Durand"
        found = re.search(rf"\b([A-ZÀ-Ý][\w-]+)[ -]+(?:[\w-]+-)?{re.escape(surname)}\b", text)
        if found and fold(found.group(1)) in TITLES:
            continue  # "Me Tremblay", "Herr Weber": the user, by title
        own_label = own_domain.split(".", maxsplit=1)[0]
        if found and own_domain and _slug(found.group(0)) in _slug(own_label):
            continue  # "Estudio Ortega": the user's own firm, which cold outreach names too
        if found and fold(found.group(1)) not in my_names:
            return f"about {found.group(0)}"
    return None


TITLES = frozenset(
    (
        "me",
        "maitre",
        "mr",
        "mrs",
        "ms",
        "dr",
        "herr",
        "frau",
        "mme",
        "madame",
        "monsieur",
        "sr",
        "sra",
        "senor",
        "senora",
        "dhr",
        "mevrouw",
        "heer",
        "sig",
        "signora",
        "prof",
        "dott",
    )
)


TITLE_WORDS = (
    r"(?:Dr|Dra|Drs|Dott|Dott\.ssa|Prof|Herr|Frau|Mr|Mrs|Ms|Mme|M|Sr|Sra|Dhr|Mevr|Sig|Sig\.ra|"
    r"Doctor|Doctora|Doutor|Doutora|Docteur|Madame|Monsieur|Señor|Señora|Signor|Signora)\.?"
)


def _known_by_title(text: str, known: KnownPeople, own: set[str]) -> str | None:
    """Someone the user writes to, named by title and surname ("paciente da Dra. Nair"); the
    user's own surname does not count ("Frau Vogel" is how cold outreach greets Jana Vogel)."""
    surnames: dict[str, str] = {}
    for full in known.names:
        words = full.split()
        if len(words) >= 2 and len(words[-1]) >= 4 and words[-1] not in own:
            surnames.setdefault(words[-1], full)
    if not surnames:
        return None
    for found in re.finditer(rf"\b{TITLE_WORDS}\s+([A-ZÀ-Ý][\w'-]+)", text):
        if fold(found.group(1)) in surnames:
            return found.group(0)
    return None


def _slug(text: str) -> str:
    """Letters only, folded: "Estudio Ortega" and "estudio-ortega" compare equal."""
    return re.sub(r"[^a-z]", "", fold(text))


def _known_company(folded: str, known: KnownPeople, own_domain: str) -> str | None:
    """The name of a company the user writes to (from its domain) named in folded text; the
    user's own company does not count (cold outreach names it too)."""
    for domain in sorted(known.domains):
        if own_domain and (domain == own_domain or domain.endswith("." + own_domain)):
            continue
        label = domain.split(".")[0]
        name = label.split("-")[0]
        if len(name) >= 5 and name not in GENERIC_LABELS and re.search(rf"\b{name}", folded):
            return name
    return None
