"""Request cues in the languages nyte reads, grouped by the form the ask takes.

A request rarely says "please": it says what the writer needs ("mi serve un tuo ok", "necesito
que liberes", "precisamos da sua aprovação"), asks whether the reader can ("puoi confermare",
"podéis", "kun je"), asks the reader to tell them ("fammi sapere", "avísame", "laat me weten"),
or uses a polite request form ("os pedimos que", "ご返信をお願いいたします"). Each group lists
that form in every language, so a class of phrasing holds across languages, not one wording.
"""

from __future__ import annotations

import re

# stems of verbs of action whose imperatives carry a pronoun in Spanish ("cargala", "mandame")
SPANISH_AR = (
    r"autoriz|autoríz|firm|fírm|envi|enví|mand|mánd|carg|cárg|revis|revís|confirm|confírm|"
    r"complet|complét|pag|pág|contest|contést|avis|avís|llam|llám|actualiz|actualíz|aprob|"
    r"aprueb|apruéb|reenvi|reenví|agend|agénd|reserv|resérv|descarg|descárg|chequ|pas|pás"
)
SPANISH_ER = r"respond|respónd|devolv|devuelv|devuélv"
# "I/we need your …", "mi serve", "necesito que", "precisamos da", "ich brauche", "j'ai besoin"
NEED = (
    r"\b(i|we) (really |still )?need (your|you to|an? (answer|reply|decision|ok|go-ahead) "
    r"from you)\b",
    r"\b(i|we) (really |still )?need an? (reply|answer|response|decision|confirmation) "
    r"(to|by|on)\b",
    r"\b(mi|ci) serv(e|irebbe|ono)\b",
    r"\b(ho|abbiamo|avrei|avremmo) bisogno\b",
    r"\bnecesit(o|amos|ar[íi]a|ar[íi]amos) (que|tu|su|vuestr|una?|el|la)\b",
    r"\bprecis(o|amos|aria|ar[íi]amos) (de|da|do|que|sua|seu|uma?)\b",
    r"\b(ich|wir) (brauche|brauchen|ben[öo]tige|ben[öo]tigen)\b",
    r"\b(j'ai|nous avons|j'aurais|nous aurions) besoin\b",
    r"\b(ik|we|wij) (heb|hebben) .{1,40} nodig\b",
    # "I need it by Friday", "we need this before the call", "I need them back today"
    r"\b(i|we) (really |still )?need (it|this|that|them|these|those)( back)? "
    r"(by|before|for|to|today|tonight|tomorrow|asap|urgently)\b",
)
# "can you / could you" in each language, as a second-person ask
CAN_YOU = (
    r"\b(can|could|would|will) you\b",
    r"\bare you (able|free|around|ok)\b",
    r"\b(puoi|potete|potresti|potreste|potrebbe|può|riesci|riuscite|riusciresti)\b",
    r"\b(puedes|podéis|podeis|puede usted|podría|podrías|podrias|podrían|podrian)\b",
    r"\b(você (pode|consegue|poderia)|pode(m)? (me|nos|confirmar|enviar|aprovar)|poderia|"
    r"consegue|conseguiria|podes|consegues|poderás|podias|conseguias|será que (podes|pode))\b",
    r"\b(kannst du|könntest du|koenntest du|k(ö|oe)nn(en sie|test du|t ihr))\b",
    r"\bw(ü|ue)rden sie\b",
    r"\b(pourr(iez|ais)[- ](vous|tu)|pouvez[- ]vous|peux[- ]tu|tu peux|vous pouvez)\b",
    r"\b(kun je|kunt u|kun jij|zou je|zou u|wil je|wilt u)\b",
)
# "let me know / tell me / confirm to me"
TELL_ME = (
    r"\blet (me|us) know\b",
    r"\b(fammi|fatemi|mi fai|mi fate|mi faccia|mi dici|mi dica|dimmi) (sapere|conferm|un)?",
    r"\b(avísame|avisadme|avíseme|dime (si|qué|que|cu[aá]|c[oó]mo)|decidme|me dices|"
    r"me confirmas|confírmame|confirmadme)\b",
    r"\b(me avise|me avisa|me diga|me confirme|me fala|me conta)\b",
    # European Portuguese puts the pronoun after the verb: "diz-me", "envia-me", "confirme-nos"
    r"\b(diz|diga|envia|envie|manda|mande|confirma|confirme|avisa|avise|liga|ligue|responde|"
    r"responda|informa|informe|indica|indique)-(me|nos)\b",
    r"\b(sag mir|sagen sie mir|gib mir bescheid|geben sie mir bescheid|melde dich|"
    r"lass mich wissen)\b",
    r"\b(dis-moi|dites-moi|tiens-moi au courant|tenez-moi au courant)\b",
    r"\blaat (me|ons|het) .{0,20}weten\b",
    r"\b(me|ons) .{0,50}\blaten weten\b",
    r"\b(farmi|farci|farmelo|farcelo) sapere\b",
    r"教えて|知らせて|連絡(して|ちょうだい)|返事(して|ちょうだい|を(ください|お願い))",
)
# polite request forms: "please", "os pedimos que", "merci de", "gelieve", "お願いいたします"
POLITE = (
    r"\bplease\b",
    r"\bany chance\b",
    r"\bdo you (have|know|want|mind)\b",
    r"\bwhat do you think\b",
    r"\byour (thoughts|input|approval|sign-off|signature|ok|go-ahead)\b",
    r"\b(sign|approve|review|confirm) (it|this|the|by|and|off)\b",
    r"\bsend (me|over|us)\b",
    r"\bbitte\b",
    r"\b(ich|wir) bitten?\b",
    r"\bmerci de\b",
    r"\b(je vous remercie|nous vous remercions|je vous prie|nous vous prions) de\b",
    r"\b(veuillez|nous vous demandons|je vous demande)\b",
    r"\bs'il (vous|te) pla[iî]t\b",
    r"\b(le|les|te|os) (agradecer[íi]a|agradecer[íi]amos|ruego|rogamos|pido|pedimos)\b",
    r"\bpor favor\b",
    r"\b(per favore|per cortesia|ti chiedo|vi chiedo|le chiedo|la prego|vi prego|"
    r"(ti|vi|le|la) chiediamo|(ti|vi|la|le) preghiamo)\b",
    r"\b(agradecia|agradecíamos|agradecemos) (que|a sua|o seu|o envio|a confirmação|a resposta)\b",
    r"\b(queira|queiram) (enviar|confirmar|proceder|responder|indicar|assinar|efetuar|pagar)\b",
    r"\b(é favor|se faz favor|se fazes favor|sff)\b",
    r"\b(por gentileza|pedimos que|peço que|solicitamos (que|o|a|os|as|el|la|los|las|su|sua)|"
    r"le solicitamos|favor (enviar|confirmar|responder))\b",
    r"\b(gelieve|graag)\b",
    # "La invitiamo a effettuare il versamento", "nous vous invitons à", "wij verzoeken u"
    r"\b((la|ti|vi|le) invit(iamo|o) a|nous vous invitons à|je vous invite à|"
    r"(le|te|les|os) invitamos a|(wij |we )?verzoeken (u|je)|we (kindly )?ask (that )?you|"
    r"we invite you to|convidamos (você|o senhor|a senhora)? ?a)\b",
    r"(?:^|(?<=\n))\s*(?:please\s+)?(?:reply|confirm|send|sign|call|return|submit|complete|"
    r"review|approve)\b",
    r"ください",
    r"下さい",
    r"お願い(します|いたします|致します|できますか|できれば|でき|申し上げます)",
    r"いただけ",
    r"頂け",
    r"いただきたく",
    r"てほしい",
    r"てもらえ",
)
# what the reader must do, as transactional mail says it: an obligation ("you must", "doit
# être signée", "moet worden betaald") or a formal imperative opening a clause ("Para sua
# segurança, confirme no aplicativo", "Bevestig deze betaling", "Werk uw gegevens bij")
OBLIGED = (
    r"\byou (must|need to|have to|are required to)\b",
    r"\b(must|needs? to|has to) be (signed|countersigned|completed|paid|submitted|returned|"
    r"confirmed|renewed|approved|updated)\b",
    r"\b(vous devez|tu dois|il (vous|te) faut)\b",
    r"\bdoi(t|vent) être (sign|complét|pay|régl|retourn|renvoy|valid|confirm|transmis)\w*",
    r"\b(debe|debes|deberá|tiene que|tienes que) (firmar|confirmar|pagar|completar|enviar|"
    r"presentar|aprobar|renovar|actualizar)\b",
    r"\bdebe(n)? ser (firmad|pagad|confirmad|completad|presentad|enviad)\w*",
    r"\b(você|o senhor|a senhora) (deve|precisa|tem que)\b",
    r"\bdeve(m)? ser (assinad|pag|confirmad|preenchid|enviad|devolvid)\w*",
    r"\b(Sie müssen|du musst|bitten wir Sie)\b",
    r"\bmuss .{1,60}\b(unterschrieben|bezahlt|bestätigt|eingereicht|ausgefüllt) werden\b",
    r"\b(u moet|je moet|u dient|dient u)\b",
    r"\bmoet .{1,60}\b(ondertekend|betaald|bevestigd|ingevuld|ingediend|verlengd) (worden|zijn)\b",
    r"\bdeve essere (firmat|pagat|confermat|compilat|inviat)\w*",
    r"\b(devi|deve) (firmare|confermare|pagare|compilare|inviare)\b",
    r"(?:^|(?<=\n)|(?<=[,:;] ))\s*(confirme|assine|pague|atualize|acesse|regularize|aprove|"
    r"autorize|efetue|"
    r"bevestig|onderteken|betaal|controleer|werk (uw|je) .{1,30} bij|vul .{1,40} in|"
    r"confirmez|signez|validez|complétez|renvoyez|réglez|mettez à jour|"
    r"firme|envíe|acceda|autorice|autoriza|autorízal[ao]s?|confírmal[ao]s?|fírmal[ao]s?|"
    r"apruébal[ao]s?|bestätigen Sie|unterschreiben Sie|begleichen Sie)\b",
    # a Spanish imperative with its pronoun ("cargala y enviala", "mandame", "confírmemelo"),
    # and the voseo imperative ("autorizá", "revisá", "respondé"), wherever it stands
    rf"\b(?:{SPANISH_AR}|{SPANISH_ER})(?:a|á|e|é)(?:(?:me|nos|se|te)?l[ao]s?|me|nos)\b",
    rf"\b(?:(?:{SPANISH_AR})á|(?:{SPANISH_ER})é)\b",
)
# a wish the reader is meant to fulfil: "it would be great if you could", "me gustaría que me
# dijeras", "het zou fijn zijn als je", "ce serait bien que tu", "es wäre gut, wenn du"
WISH = (
    r"\bit would be (great|good|nice|helpful|wonderful|ideal|brilliant|fantastic) if you\b",
    r"\b(i|we)('d| would) (like|love|appreciate) (you to|it if you|your|if you)\b",
    r"\b(i|we)('d| would) be (grateful|thankful) if you\b",
    # "I would appreciate a call back today", "we'd appreciate an update by Friday"
    r"\b(i|we)('d| would) (really |greatly )?appreciate (a|an|your|hearing|it|if|you)\b",
    r"\b((ti|le|vi) )?(sarei|saremmo) grat[oaie] se\b",
    r"\bje (vous|te) serais (reconnaissante?|gré|obligée?)\b",
    r"\b(le|te|les|os) (estar[íi]a|estar[íi]amos|quedar[íi]a|quedar[íi]amos) agradecid[oa]s?\b",
    r"\b(ficaria|ficar[íi]amos) (muito )?grat[oa]s? se\b",
    r"\bich wäre (Ihnen|dir|euch) (sehr )?dankbar\b",
    r"\b(es wäre|wäre es) (gut|schön|toll|super|prima|hilfreich|nett)\b.{0,30}\bwenn\b",
    r"\b(ich würde mich freuen|wir würden uns freuen|ich wäre dankbar|wir wären dankbar), wenn\b",
    r"\b(ce serait|il serait) (bien|super|génial|parfait|utile|idéal)\b.{0,20}\b(que|si)\b",
    r"\b(j'aimerais|nous aimerions|je souhaiterais|nous souhaiterions) (que|savoir|recevoir)\b",
    r"\b(me|nos) gustar[íi]a (que|saber|recibir|tener)\b",
    r"\bser[íi]a (genial|estupendo|ideal|perfecto|de gran ayuda|útil) (que|si)\b",
    r"\b(sarebbe|saria) (utile|bello|ottimo|perfetto|ideale|fantastico) se\b",
    r"\b(vorrei|vorremmo) (che|sapere|ricevere)\b",
    r"\b(seria|ficaria) (ótimo|bom|ideal|perfeito|útil) se\b",
    r"\b(gostaria|gostaríamos) (que|de saber|de receber)\b",
    r"\bhet zou (fijn|mooi|handig|goed|prettig|top) zijn als (je|u|jij)\b",
    # "je compte sur toi pour m'envoyer", "I'm counting on you to", "ik reken op je om"
    r"\b(je compte sur (toi|vous)|nous comptons sur (toi|vous)|i('m| am) counting on you|"
    r"we('re| are) counting on you|cuento contigo|contamos contigo|conto com (você|voc[eê])|"
    r"conto su di (te|lei)|ik reken op (je|jou|u)|ich verlasse mich (auf dich|darauf))\b",
    r"\b(ik|wij|we) (zou|zouden) (het )?(fijn|graag|prettig) (vinden|willen|zien)\b",
)
REQUEST_PATTERNS = (*NEED, *CAN_YOU, *TELL_ME, *POLITE, *OBLIGED, *WISH)
REQUEST_RE = re.compile("|".join(REQUEST_PATTERNS), re.IGNORECASE)
WEAK_REQUESTS = frozenset(("please", "bitte", "por favor", "s'il vous plaît", "s'il te plaît"))

# "no rush", in each language: the ask can wait unless a deadline is close
NO_RUSH_RE = re.compile(
    r"\b(no rush|no hurry|not urgent|whenever (you|it)|when you (get a chance|have time|know)|"
    r"one of these (days|weekends|weeks)|some ?time|keine eile|eilt nicht|"
    r"wenn du (zeit hast|wei(ss|ß)t)|rien ne presse|pas (d'urgence|pressé)|quand tu (peux|auras)|"
    r"sin prisa|no (hay|corre) prisa|cuando puedas|sem pressa|não (tem|há) pressa|quando puder|"
    r"no hay apuro|sin apuro|no te apures|sem pressa nenhuma|"
    r"senza fretta|nessuna fretta|non c'è (nessuna )?fretta|niente fretta|con calma|"
    r"quando hai (un attimo|tempo)|geen haast|geen spoed)\b|急ぎません|急ぎではない|急ぎでは",
    re.IGNORECASE,
)

# a task done outside the reply (a form, a portal, a document sent back, a payment): with a
# deadline the ask is a `deadline`, not a `needs_reply`
TASK_RE = re.compile(
    r"\b(upload|submit|fill (in|out)|complete the|return the|send (it|them|this|these) back|"
    r"(in|via|on|through) (the|our) (supplier )?portal|pay (the|your)|"
    r"hochladen|einreichen|ausfüllen|zurück(senden|schicken)?|überweisen|im portal|"
    r"téléverser|remplir|renvoyer|retourner|compléter|déposer|sur le portail|"
    r"subir|rellenar|cumplimentar|devolver|en el portal|en la app|"
    r"preencher|no portal|"
    r"caricare|compilare|restituire|sul portale|"
    r"uploaden|invullen|terugsturen|terug|in het portaal)\b|提出|記入|返送|アップロード|ポータル",
    re.IGNORECASE,
)
