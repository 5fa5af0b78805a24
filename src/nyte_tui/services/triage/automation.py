"""When automated mail names the user for an action, the automated-mail penalty gives way.

These shapes count: an @mention of the user with a question or request in the same sentence
(a code review, a tracker comment); a list mail singling the user out as the one still missing
("yours is the only one missing"); a review requested of the user in person (not of a team);
a mention notification whose comment asks a question; a request or a stated consequence
together with a deadline within a week (a bank asking to confirm a payment today, an
e-signature that expires, a domain or a licence lapsing after a failed payment); and a request
while the card or account stays blocked until the user acts. Promotions never count ("40 % off
ends tonight"), nor does an @mention that asks nothing ("thanks @you, nothing else needed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.dates import sentence_deadline, sentences
from nyte_tui.services.triage.strangers import fold

CONSEQUENCE_RE = re.compile(
    r"\b(expir\w*|lapse\w*|suspend\w*|declined|will be (charged|released|closed|cancel+ed)|"
    r"view-only|read-only|stop working|lose (access|your)|on hold|otherwise|or else|"
    r"gesperrt|abgelehnt|läuft\s.{0,40}\bab|verf[äa]llt|sonst|ansonsten|gekündigt|"
    r"sinon|faute de|lecture seule|annul\w*|résili\w*|libéré\w*|"
    r"caduca|vence|de lo contrario|expira|caso contrário|scad\w*|altrimenti|sospes\w*|"
    r"verloopt|anders|geblokkeerd|se bloquear\w*|quedará bloquead\w*|verrà bloccat\w*|"
    r"will (lock|close)|wird gesperrt|locks? (at|on)|closes (at|on)|se cancelar[áa]\w*|"
    r"quedar[áa] cancelad\w*|ser[áa] cancelad\w*|wordt geannuleerd|vervalt|"
    r"se entender[áa] (practicad|notificad)\w*|"
    # "if you don't … by Friday", "si no accede antes del 19", "als u niet vóór …", "se non …"
    r"if you (don't|do not|fail to)|unless you|si no (lo )?(accede|haces|hace|paga|pagas|"
    r"confirma|confirmas|firma|firmas|responde|respondes|autoriza|autorizas)|"
    r"si vous ne|wenn Sie .{0,40}nicht|als (u|je) .{0,40}niet|se (você )?não|se non)\b|"
    r"\b(sob pena de|so pena de|bajo apercibimiento|à défaut|a pena di|in mancanza)\b|"
    r"期限切れ|停止|過ぎた場合|過ぎると|遅れた場合",
    re.IGNORECASE,
)
ACTION_WINDOW = timedelta(days=7)
# a consequence counts when something failed or a signature is asked for ("your trial
# expires Friday" alone is an advertisement, "the payment failed … suspended" is not)
FAILED_OR_SIGN_RE = re.compile(
    r"\b(fail\w*|declined|could ?n[o']t|unable|was not|refus\w*|abgelehnt|fehlgeschlagen|"
    r"konnte nicht|nicht durchgeführt|abgelaufen|expired|scadut[ao]|vencid[ao]|verlopen|"
    r"expirée?|ancora aperta|still open|noch offen|"
    r"nicht (möglich|erfolgreich)|échou\w*|impossible|rechaz\w*|falh\w*|non riuscit\w*|"
    r"mislukt|countersign\w*|signature\w*|e-?sign\w*|sign (the|this|it|here|your)|to sign|"
    r"unterschr\w*|gegenzeich\w*|signer|firm(ar|e|a)\w*|assin\w*|onderteken\w*|overdue|"
    r"unpaid|überfällig|impayé\w*|en retard|not (been )?paid|nicht bezahlt|impagad\w*|"
    r"non (risulta )?(ancora )?pagat\w*|non è stato pagato|no (consta|figura) (como )?pagad\w*)"
    r"\b|署名|失敗|未払|未納",
    re.IGNORECASE,
)
# a one-time code is never a task (and its text must not travel to a model)
CODE_MAIL_RE = re.compile(
    r"\b(code|otp|passcode|pin|tan|código|codice)\b[^.\n]{0,25}?(\bis\b|:|lautet|est)\s*[A-Z0-9-]{4,}",
    re.IGNORECASE,
)
# a review asked of the user in person, not of a team they are on
REVIEW_RE = re.compile(
    r"\b(requested your review|requested a review from you|review requested from you|"
    r"wants your review|asked you to review|assigned you as (a )?reviewer|"
    r"bittet (Sie|dich) um (ein |eine |Ihr |Ihre |dein |deine )?(Review|Prüfung|Freigabe)|"
    r"hat (Sie|dich) als (Prüfer|Reviewer)\w*|"
    r"hat (Sie|dich) um (ein |eine |Ihr |Ihre |dein |deine )?(Review|Prüfung|Freigabe) gebeten|"
    r"(demande|sollicite) (votre|ta) (relecture|revue|validation)|"
    r"(solicitó|pidió|ha solicitado) (tu|su) revisión|ha richiesto la (tua|sua) revisione|"
    r"vraagt (je|u) om een review|solicitou (a )?(sua|tua) revisão)\b|"
    r"(あなた|貴方)にレビューを依頼",
    re.IGNORECASE,
)
# an approval asked of the user in person ("RDA-913 is waiting for your approval")
APPROVAL_RE = re.compile(
    r"\b((waiting|pending|awaiting) (for )?your (approval|sign-off)|needs your approval|"
    r"in attesa della (tua|sua) approvazione|attende la (tua|sua) approvazione|"
    r"(tienes|tiene) .{0,40}pendientes? de (tu |su )?aprobación|pendiente de tu aprobación|"
    r"wartet auf (Ihre|deine) (Freigabe|Genehmigung)|"
    r"en attente de (votre|ta) (validation|approbation)|"
    r"(aguarda|aguardando) (a )?(sua|tua) aprovação|wacht op (je|uw) goedkeuring)\b|"
    r"承認待ち|ご承認ください",
    re.IGNORECASE,
)
TEAM_REVIEW_RE = re.compile(
    r"\b(a team you('| a)re (a )?(member|on)|your team|on behalf of @?[\w-]+/[\w-]+|"
    r"from @?[\w-]+/[\w-]+ team|Ihr Team|votre équipe|tu equipo|il tuo team|je team|seu time)\b",
    re.IGNORECASE,
)
# the notification says the user was mentioned: the comment's question is theirs
MENTIONED_RE = re.compile(
    r"\b(mentioned you|you were mentioned|hat (Sie|dich)\b.{0,40}\berwähnt|"
    r"(Sie|du) wurden? erwähnt|"
    r"vous a (mentionné|cité)|t'a mentionné|vous avez été mentionné|te (ha )?mencion\w*|"
    r"le (ha )?mencion\w*|ti ha menzionato|heeft (je|u) (genoemd|vermeld)|"
    r"(mencionou|marcou) (você|voc[eê])|te mencionou)\b|あなたをメンション",
    re.IGNORECASE,
)
# a list mail that singles the user out as the one still owing something
ONLY_MISSING_RE = re.compile(
    r"\b(only (one|person|team|plan|submission|form|report|entry)\w* (still )?"
    r"(missing|left|outstanding|pending|we('re| are) waiting)|"
    r"yours is (still|the only one|the last one) (missing|outstanding|pending)|"
    r"yours is the (only|last) \w+ (still )?(missing|outstanding|pending)|"
    r"your \w+ is the (only|last) one (still )?(missing|outstanding|pending)|"
    r"the (only|last) one (who|that) (hasn't|has not|haven't|is missing)|"
    r"still (missing|waiting for|need) (yours|from you)|still waiting (on|for) your|"
    r"everyone else has (already )?(submitted|sent|filled|completed|signed|returned)|"
    r"you('re| are) the (only|last) one (who hasn't|who has not|missing|left|still)|"
    r"(wir warten|warten wir) (nur )?noch auf (Ihr|Ihre|Ihren|dein|deine|deinen)|"
    r"alle anderen haben (bereits |schon )?(eingereicht|abgegeben|geschickt|unterschrieben)|"
    r"nous attendons (encore|toujours) (votre|ton|ta)|tous les autres ont (déjà )?"
    r"(envoyé|rendu|signé|soumis)|(seguimos esperando|aún esperamos) (tu|su)|"
    r"aspettiamo ancora (il tuo|la tua|il suo|la sua)|we wachten nog op (jouw|uw|je)|"
    r"ainda (aguardamos|estamos aguardando) (o seu|a sua|o teu|a tua)|"
    r"nur noch (Ihr|Ihre|dein|deine|Ihrer|deiner)\b.{0,40}\b(fehlt|aus|ausstehend)|"
    r"fehlt nur noch (Ihr|Ihre|dein|deine)|nur (Ihre?|deine?)\w* fehlt|"
    r"il ne (nous )?manque (plus )?que (le vôtre|la vôtre|le tien|la tienne|votre|ton|ta)|"
    r"(solo|sólo) (nos )?falta (el tuyo|la tuya|el suyo|la suya|tu|su)|"
    r"manca solo (il tuo|la tua|il suo|la sua)|"
    r"alleen (die|het|de) van (jou|u) ontbreekt|ontbreekt alleen nog (jouw|uw)|"
    r"(só|apenas) falta (o seu|a sua|o teu|a tua)|"
    r"(eres|sos|es usted|usted es) (la única|el único)\b.{0,40}\bque (todavía|aún|no)|"
    # "Maple Grove (Bloor) is the only location still missing", "the only site without a rota"
    r"(is|are) the (only|last) (\w+ ){1,2}(still )?(missing|outstanding|pending|left|without)|"
    r"sei (l'unic[oa]|la sola persona)\b.{0,40}\bche non|"
    r"(du bist|Sie sind) (die|der) (einzige|letzte)\b.{0,40}\b(noch nicht|fehlt)|"
    r"vous êtes (le seul|la seule)\b.{0,40}\bqui n'a)\b|"
    r"(あなた|貴方)(だけ|のみ).{0,10}(未提出|まだ)",
    re.IGNORECASE,
)
# "Your May rota is due today at 5:00 pm": a statement of what the user owes, and by when
YOUR_DUE_RE = re.compile(
    r"\byour\b[^.!?]{0,60}\b(is|are) (now )?(due|overdue)\b|"
    r"\b(Ihr|Ihre|dein|deine)\b[^.!?]{0,60}\b(ist|sind) (heute |morgen )?(fällig|überfällig)\b|"
    r"\b(votre|vos|ton|ta|tes)\b[^.!?]{0,60}\b(est|sont) (attendue?s?|dûe?s?|à rendre)\b|"
    r"\b(tu|su|sus)\b[^.!?]{0,60}\b(vence|vencen|está vencid[oa]|debe entregarse)\b|"
    r"\b(o seu|a sua|o teu|a tua)\b[^.!?]{0,60}\b(vence|está vencid[oa]|deve ser entregue)\b|"
    r"\b(il tuo|la tua|il suo|la sua)\b[^.!?]{0,60}\b(scade|è in scadenza|va consegnat[oa])\b|"
    r"\b(je|jouw|uw)\b[^.!?]{0,60}\b(moet|dient) (uiterlijk|vóór|voor|vandaag)\b",
    re.IGNORECASE,
)
MISSING_WORD_RE = re.compile(
    r"\b(missing|outstanding|not yet (received|submitted)|still due|ausstehend|fehlt|fehlen|"
    r"manquant\w*|en attente|pendiente\w*|faltan?|mancant\w*|ontbreekt|ontbreken|em falta)\b|"
    r"未提出",
    re.IGNORECASE,
)
# the account stays blocked until the user acts ("until you respond, purchases may be declined")
HOLD_RE = re.compile(
    r"\b(until you (respond|confirm|reply|verify|approve)|on hold until|blocked until|"
    r"bis (Sie|du) (die Zahlung )?(bestätig|freigeb|antwort)\w*|"
    r"bis zu Ihrer (Bestätigung|Freigabe)|"
    r"jusqu'à (votre|ta) (confirmation|réponse|validation)|tant que vous n'aurez pas|"
    r"hasta que (confirme|responda|confirmes|respondas)|finché non (confermi|conferma)|"
    r"totdat (je|u) (bevestigt|bevestig)|até que (você )?(confirme|responda))\b",
    re.IGNORECASE,
)
# "Rahul Iyer (Trackly)", "Megan Price via SignFlow", "Frank Brandt über SignFlow"
ON_BEHALF_RE = re.compile(
    r"\s*(?:\([^)]*\)|\b(?:via|über|par|vía|tramite|door|por|através de)\s.+)$", re.IGNORECASE
)
YOURS_RE = re.compile(
    r"\b(you|yours?|Ihr\w*|dein\w*|vous|votre|vôtre|ton|ta|tien\w*|tu|tuy[oa]|su|suy[oa]|"
    r"tuo|tua|jouw|uw|je|seu|sua|teu)\b|あなた",
    re.IGNORECASE,
)
# a footer's question is no one's question ("Questions about the document? Reply to …")
HELP_RE = re.compile(
    r"\W*(questions?|need help|fragen|des questions|une question|preguntas|¿preguntas|domande|"
    r"vragen|dúvidas|ご質問)\b",
    re.IGNORECASE,
)
ATTRIBUTION_RE = re.compile(r"^[^.?!·]{1,60}·\s*[^.?!·]{0,25}?\d{1,2}:\d{2}\s+")
NO_REPLY_RE = re.compile(
    r"do not reply|don't reply|nicht (darauf )?antworten|ne pas répondre|no responda|"
    r"ne pas y répondre|non rispondere|niet beantwoorden|niet op (dit bericht )?reageren|"
    r"não responda|unsubscribe|abmelden|désabonner|antworten Sie nicht|antworte nicht|"
    r"no (respondas|contestes|conteste)|ne répondez pas|reageer niet|não respond\w*|"
    r"返信(しないで|不要|はできません)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OwnerAction:
    """Why automated mail needs the user: the kind of item and the sentence that says so."""

    kind: str  # needs_reply (a question to them) or deadline (something to do by a date)
    sentence: str
    why: str
    due: datetime | None = None  # the date of a consequence ("view-only on March 12")
    phrase: str = "the date it names"  # how the reason words that date
    waiting: bool = False  # a person waits on the user (a review asked of them), not a system


def owner_action(
    text: str,
    handles: list[str],
    category: str,
    deadline_at: datetime | None,
    now: datetime,
    tz: tzinfo = UTC,
    bulk: bool = False,
    names: list[str] | None = None,
    subject: str = "",
) -> OwnerAction | None:
    """The action automated mail asks of the user by name or by date, or None (the subject
    counts for an approval asked of them: "3 claims awaiting your approval")."""
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
    question: str | None = None
    held = False
    missing: OwnerAction | None = None
    for sentence in sentences(text):
        asks = "?" in sentence or "？" in sentence or tt.REQUEST_RE.search(sentence) is not None
        if mention is not None and mention.search(sentence) and asks:
            kind = "needs_reply" if "?" in sentence else "deadline"
            return OwnerAction(kind, sentence, "names you for an action")
        singled = _singled_out(sentence, names or [], mention)
        if singled is not None and (missing is None or YOURS_RE.search(sentence)):
            missing = singled  # "everyone else has sent theirs": a "yours" sentence wins
        if NO_REPLY_RE.search(sentence):
            continue
        if (
            question is None
            and ("?" in sentence or "？" in sentence)
            and not HELP_RE.match(sentence)
        ):
            question = sentence
        if request is None and (asks or YOUR_DUE_RE.search(sentence)) and "?" not in sentence:
            request = sentence
        if CONSEQUENCE_RE.search(sentence):
            consequences.append(sentence)
        held = held or HOLD_RE.search(sentence) is not None
    if missing is not None:
        return _dated(missing, now, tz, consequences)
    personal = _personal_request(text, question, mention)
    if personal is not None:
        return personal
    if request is not None and APPROVAL_RE.search(subject):
        # the subject says the user's approval is awaited; the body says what to do, and when
        return _dated(
            OwnerAction("deadline", request, "waits for your approval", waiting=True),
            now,
            tz,
            consequences,
        )
    stated = list(consequences)  # quotable even when they do not count on their own
    if not FAILED_OR_SIGN_RE.search(text):
        consequences = []
    if bulk:
        request = None  # list mail asks everyone; only naming the user or a failure counts
    if due_soon and (request or consequences):
        local = now.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
        # what the user must do, said with its date, is the best quote; a listing is the worst
        candidates = ([request] if request else []) + (consequences or stated)
        chosen = _naming_the_date(candidates, deadline_at, now.astimezone(tz)) or ""
        return OwnerAction("deadline", chosen, "sets you a deadline")
    local = now.astimezone(tz)
    if held and request is not None and not bulk:
        # "until you confirm in the app, purchases may be declined": it is due now
        due = max(local.replace(hour=18, minute=0, second=0, microsecond=0), local)
        return OwnerAction("deadline", request, "sets you a deadline", due, "on hold until you act")
    for consequence in consequences:
        # "the workspace will switch to view-only on March 12": the consequence has the date
        hit = sentence_deadline(consequence, local.replace(tzinfo=None, second=0, microsecond=0))
        if hit is not None:
            due = hit[0].replace(tzinfo=local.tzinfo)
            if now - timedelta(days=7) <= due <= now + ACTION_WINDOW:
                return OwnerAction("deadline", consequence, "sets you a deadline", due, hit[1])
    return None


def _naming_the_date(sentences_: list[str], due: datetime | None, local: datetime) -> str | None:
    """The sentence that names the deadline's day, else the first (None when there is none)."""
    naive = local.replace(tzinfo=None, second=0, microsecond=0)
    for sentence in sentences_:
        hit = sentence_deadline(sentence, naive)
        if (
            hit is not None
            and due is not None
            and hit[0].date() == due.astimezone(local.tzinfo).date()
        ):
            return sentence
    return sentences_[0] if sentences_ else None


def _singled_out(
    sentence: str, names: list[str], mention: re.Pattern[str] | None
) -> OwnerAction | None:
    """A list mail saying the user's part is the one still missing ("yours is the only one")."""
    if ONLY_MISSING_RE.search(sentence):
        return OwnerAction("deadline", sentence, "says yours is still missing")
    if not MISSING_WORD_RE.search(sentence):
        return None
    named = any(n and re.search(rf"\b{re.escape(n)}\b", sentence, re.IGNORECASE) for n in names)
    if named or (mention is not None and mention.search(sentence)):
        return OwnerAction("deadline", sentence, "lists you as still missing")
    return None


def _personal_request(
    text: str, question: str | None, mention: re.Pattern[str] | None
) -> OwnerAction | None:
    """A review requested of the user in person, or a question in a comment that mentions them."""
    review = next((s for s in sentences(text) if REVIEW_RE.search(s)), None)
    if review is not None and not TEAM_REVIEW_RE.search(text):
        return OwnerAction("deadline", review, "requests your review", waiting=True)
    approval = next((s for s in sentences(text) if APPROVAL_RE.search(s)), None)
    if approval is not None:
        return OwnerAction("deadline", approval, "waits for your approval", waiting=True)
    mentioned = MENTIONED_RE.search(text) or (mention is not None and mention.search(text))
    if mentioned and question is not None:
        # the comment's byline ("Sam Okafor · 08:10") is not part of what they asked
        asked = ATTRIBUTION_RE.sub("", question, count=1)
        return OwnerAction("needs_reply", asked, "mentions you with a question")
    return None


def _dated(
    action: OwnerAction, now: datetime, tz: tzinfo, later: list[str] | None = None
) -> OwnerAction:
    """The action with the date its sentence names ("the numbers go to finance on Friday"), or
    else the date of a consequence stated after it ("the form locks on Wednesday")."""
    local = now.astimezone(tz)
    naive = local.replace(tzinfo=None, second=0, microsecond=0)
    hit = sentence_deadline(action.sentence, naive)
    for consequence in later or []:
        hit = hit or sentence_deadline(consequence, naive)
    if hit is None:
        return action
    due = hit[0].replace(tzinfo=local.tzinfo)
    return OwnerAction(action.kind, action.sentence, action.why, due, hit[1])


HONORIFIC = (
    r"(?:dear|hello|hi|mr\.?|mrs\.?|ms\.?|dr\.?|mme|madame|monsieur|m\.|bonjour|cher|chère|"
    r"herr|frau|hallo|sehr geehrter?|sr\.?|sra\.?|señora?|señor|estimad[oa]|hola|"
    r"caro|cara|gentile|signora?|sig\.?|senhora?|prezad[oa]|olá|ol[aá]|beste|geachte|"
    r"mevrouw|meneer|heer|dhr\.?|mw\.?)"
)


def greets_by_name(text: str, names: list[str]) -> bool:
    """Whether the mail's opening line greets the user by full name, or by surname after a
    title ("Hello David Chen", "Bonjour Mme Rousseau", "Beste heer De Vries")."""
    first = fold(next((line for line in text.splitlines() if line.strip()), ""))
    for name in names:
        words = fold(name).split()
        if len(words) < 2:
            continue
        if " ".join(words) in first:
            return True
        if re.search(rf"\b{HONORIFIC}\s+(?:\w+\s+)?{re.escape(words[-1])}\b", first):
            return True
    return False


def person_behind(display_name: str | None) -> str | None:
    """The person a notification speaks for, from its display name, or None."""
    name = ON_BEHALF_RE.sub("", display_name or "").strip().strip("\"'")
    return name if len(name.split()) >= 2 else None
