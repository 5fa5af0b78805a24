"""Phishing and scam signs in mail from someone the user does not correspond with.

Each sign has a weight; two points make a warning, and a warned item is never a task:
- a domain that imitates a known one or a brand: homoglyphs ("rn" for "m", "1" for "l") or one
  letter off ("gestion-parisiennes") (2), a known name with something added ("hafenblick-gmbh")
  (1);
- the display name of someone the user writes to, on another address (1);
- a request for a password, PIN, TAN, one-time code, login or card details (2);
- new bank details, gift cards or an advance fee ("you have received 0.48 BTC … a fee") (2);
- a payment asked for urgently by a stranger (2, or 1 when it refers to the user's own
  matter); a Reply-To on an unknown domain (1).
Mail that refers to the user's own matter or to people they know needs one point more.
Mail from a known correspondent (the user's real bank) is never warned: it may well say
"we will never ask for your PIN".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nyte_tui.services.triage.dates import sentences
from nyte_tui.services.triage.strangers import KnownPeople, fold

# a platform's notification mailbox writes in the name of whoever acted ("Paul via CodeHub")
NOTIFIER_RE = re.compile(
    r"^(notifications?|notify|no-?reply|do-?not-?reply|noreply|mailer|updates|alerts?)\b",
    re.IGNORECASE,
)
HOMOGLYPHS = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"))
CREDENTIALS_RE = re.compile(
    r"\b(password|passcode|pin|tan|otp|one-time code|verification code|log ?in|sign ?in|"
    r"verify your (account|identity|details|information)|card number|cvv|security code|"
    r"passwort|kennwort|anmeldedaten|anmeldenamen?|identität|mot de passe|identifiants|"
    r"connectez-vous|vérifiez vos informations|contraseña|senha|wachtwoord|credentials|"
    r"credenziali|credenciales|identifiants de connexion|pincode|pasnummer|inlogcodes?|"
    r"inloggegevens|código do token|dados do cartão|datos de (la )?tarjeta|token code|"
    # card details, in the words of each language ("Kreditkartendaten", "carte bancaire")
    r"(credit|debit|bank) card (details|number|information)|card details|"
    r"(kredit)?kartendaten|kreditkarten(nummer|daten)?|carte (bancaire|de crédit)|"
    r"tarjeta de (crédito|débito)|cartão de (crédito|débito)|carta di credito|"
    r"creditcard(gegevens|nummer)?|kaartgegevens)\b"
    r"|パスワード|暗証番号|カード情報|クレジットカード番号|ログイン情報",
    re.IGNORECASE,
)
ASKING_RE = re.compile(
    r"\b(enter|confirm|verify|update|provide|send|share|reply with|log ?in|sign ?in|click|"
    r"bereit|bestätigen|eingeben|angeben|senden|aktualisieren|connectez|vérifiez|confirmez|"
    r"saisissez|indiquez|envoyez|mettez à jour|introduzca|confirme|verifique|inserisci|"
    r"conferma|convalid|inserire|introduc|voer|bevestig|valid|inform|digit|acess|cliqu|clique|"
    r"atualiz|regulariz|vul|klik|activeer|geef|entrez|geben Sie|tragen Sie)\w*"
    r"|入力|ご確認|送信|ご返信",
    re.IGNORECASE,
)
NEGATED_RE = re.compile(
    r"\b(never|will not|won't|niemals|nie|jamais|nunca|mai|nooit)\b", re.IGNORECASE
)
BANK_CHANGE_RE = re.compile(
    r"\b(new (bank|account) details|changed? (of )?bank|iban|bic|swift|rib|"
    r"coordonnées bancaires|bankverbindung|kontoverbindung|datos bancarios|"
    r"gift ?cards?|cartes? cadeaux?|gutscheine?|treuhandkonto|(our|a|the) new (bank )?account|"
    r"(change|changes|update) (to|of|in) (our )?bank details|neue bankverbindung|"
    r"nuevo número de cuenta|nuove coordinate bancarie|tarjetas? regalo|carte regalo|"
    r"\w*gutscheinkarten?|geschenkkarten?|buoni regalo|vales? regalo|cartões? presente|"
    r"cadeaukaarten?|cadeaubonnen|itunes cards?|google play cards?)\b"
    r"|ギフトカード|ギフト券|振込先(の)?変更|口座(の)?変更",
    re.IGNORECASE,
)
# the hush of CEO fraud: "strictly confidential, don't tell the team"
SECRECY_RE = re.compile(
    r"\b(strictly confidential|keep this (between us|quiet)|do not (tell|mention)|don't tell|"
    r"estrictamente confidencial|no lo comentes|streng vertraulich|sagen sie niemandem|"
    r"strictement confidentiel|n'en parlez|strettamente riservat\w*|non dirlo|"
    r"assunto confidencial|(em|com) sigilo|entre nós|não comente|strikt vertrouwelijk|"
    r"houd dit (even )?(voor je|onder ons)|non parlarne|non ne parlare|vertraulich behandeln|"
    r"bitte vertraulich|niemandem (davon )?erzählen|no se lo digas a nadie|no lo comentes con|"
    r"n'en parle à personne|ne le dis à personne|não conte a ninguém|vertel (het )?niemand|"
    r"tell no one|don't mention (it|this) to)\b"
    r"|他の人には言わない|内密に|口外しない",
    re.IGNORECASE,
)
ADVANCE_FEE_RE = re.compile(
    r"\b(you have (received|won)|congratulations|lottery|prize|airdrop|inheritance|"
    r"vous avez gagné|gewonnen|ha ganado|remboursement de|refund of)\b",
    re.IGNORECASE,
)
FEE_RE = re.compile(
    r"\b(fee|frais|gebühr|tasa|taxa|pay|paid|payment|transfer|wire|virement|réglez|"
    r"überweisung|zahlung|pago|transferencia|transferência|bonifico|pagamento|btc|crypto|"
    r"pix|overmaken|overboeking|betaling|pagar|transfer\w*)\b"
    r"|振込|送金|購入",
    re.IGNORECASE,
)
URGENT_RE = re.compile(
    r"\b(today|tonight|asap|immediately|urgent\w*|within \d+ (hours?|h)|sous \d+ ?h\w*|"
    r"aujourd'hui|heute|sofort|dringend|innerhalb von \d+|hoy|urgente|oggi|subito|"
    r"\d+ (heures|stunden|ore|horas)|hoje|vandaag|o quanto antes|zo snel mogelijk|"
    r"lo antes posible|au plus vite|dès que possible)\b|至急|今日中|今日の|本日中",
    re.IGNORECASE,
)


@dataclass
class Verdict:
    """A warning and the signs behind it."""

    warning: str  # phishing | scam
    signs: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """One line for the item: a warning instead of a task."""
        return f"Warning, this looks like {self.warning}: " + "; ".join(self.signs)


def _norm(text: str) -> str:
    """A domain part with look-alike characters folded together."""
    folded = text.lower()
    for old, new in HOMOGLYPHS:
        folded = folded.replace(old, new)
    return folded


def _core(domain: str) -> str:
    """The name part of a domain's registrable part ("trackly" of kestrel.trackly.example)."""
    labels = domain.split(".")
    return labels[-2] if len(labels) >= 2 else labels[0]


def _one_off(a: str, b: str) -> bool:
    """Whether two words differ by one letter added, removed or changed (long words only)."""
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _organisation(domain: str) -> str:
    """The registrable part of a domain ("codehub.example" of reply.codehub.example), with
    two-level country suffixes ("co.uk", "com.br") kept whole."""
    labels = domain.lower().split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "ne", "or", "edu", "gob", "gouv"}


def _spoken_for(text: str) -> bool:
    """Whether a sentence asks for a credential with a verb of its own, not one phrase doing
    both ("sign in to My Account" tells; "log in and confirm your password" asks)."""
    creds = [m.span() for m in CREDENTIALS_RE.finditer(text)]
    asks = [m.span() for m in ASKING_RE.finditer(text)]
    return any(a[1] <= c[0] or c[1] <= a[0] for c in creds for a in asks)


def imitated(domain: str, display: str, trusted: set[str]) -> tuple[int, str] | None:
    """Which known domain or brand a sender's domain imitates, and how strongly (2: look-alike
    letters or one letter off; 1: a known name with something added, "hafenblick-gmbh")."""
    core = _core(domain)
    parts = core.split("-")
    if any(domain == t or domain.endswith("." + t) for t in trusted):
        return None  # the real domain or one of its own subdomains
    for known in sorted(trusted):
        kcore = _core(known)
        if len(kcore) < 4:
            continue
        if _norm(core) == _norm(kcore) or _one_off(core, kcore):
            return 2, known
        if any(_one_off(part, kcore) for part in parts):
            return 2, known  # "velatesuti-it" for velatessuti
        if kcore in parts:
            return 1, known
    words: list[str] = re.findall(r"[^\W_]{3,}", fold(display))
    for word in words:
        for part in parts:
            if part != word and _norm(part) == _norm(word):
                return 2, word  # "paypa1" for PayPal
    return None


def scam_verdict(
    sender: str,
    display: str,
    reply_to: str | None,
    text: str,
    known: KnownPeople,
    own_domains: set[str],
    correspondent: bool,
    tied: bool = False,
) -> Verdict | None:
    """A warning for mail from someone the user does not correspond with, or None."""
    if correspondent or not sender or "@" not in sender:
        return None
    domain = sender.rsplit("@", 1)[-1]
    if domain in own_domains:
        return None
    signs: list[tuple[int, str, str]] = []  # (weight, kind, why)
    copied = imitated(domain, display, known.domains | own_domains)
    if copied:
        signs.append((copied[0], "phishing", f"{domain} imitates {copied[1]}"))
    name = fold(display.strip().strip("\"'"))
    notifier = NOTIFIER_RE.match(sender.split("@", 1)[0]) is not None
    if (
        len(name.split()) >= 2
        and name in known.names
        and known.names[name] != sender
        and not notifier
    ):
        # someone known may write from a private address; only with another sign is it fraud
        signs.append((1, "scam", f"uses the name {display.strip()} from another address"))
        tied = False  # naming the person it impersonates ties it to no one
    secret = SECRECY_RE.search(text) is not None
    if secret:
        signs.append((1, "scam", "asks you to keep it secret"))
    # whole sentences, wrapped lines joined ("…パスワードを\nご入力のうえ" is one request)
    asked = [s for s in sentences(text) if not NEGATED_RE.search(s)]
    plain = "\n".join(asked)
    if any(_spoken_for(s) for s in asked):
        signs.append((2, "phishing", "asks for login, codes or card details"))
    asks_money = True  # one of the money signs below is found (else reset)
    if BANK_CHANGE_RE.search(plain):
        signs.append((2, "scam", "asks for a payment to new bank details or gift cards"))
    elif ADVANCE_FEE_RE.search(plain) and FEE_RE.search(plain):
        signs.append((2, "scam", "promises money against a fee or your bank details"))
    elif FEE_RE.search(plain) and URGENT_RE.search(plain):
        # urgency plus money from a stranger; less when it refers to the user's own matter
        signs.append((1 if tied else 2, "scam", "a stranger asks for money urgently"))
    else:
        asks_money = False
    if secret and asks_money:
        # the pattern of CEO fraud: money, now, and tell no one; naming colleagues is its cover
        signs.append((1, "scam", "wants money kept secret"))
    if reply_to and "@" in reply_to:
        reply_domain = reply_to.rsplit("@", 1)[-1]
        same = _organisation(reply_domain) == _organisation(domain)
        if not same and reply_to not in known.addresses:
            signs.append((1, "phishing", f"replies go to {reply_domain}"))
    # mail that refers to the user's own matter or to people they know needs one sign more
    if sum(weight for weight, _, _ in signs) - (1 if tied else 0) < 2:
        return None
    kinds = {kind for _, kind, _ in signs}
    money = any("payment" in why or "money" in why or "name" in why for _, _, why in signs)
    warning = "scam" if money or kinds == {"scam"} else "phishing"
    return Verdict(warning, [why for _, _, why in signs])
