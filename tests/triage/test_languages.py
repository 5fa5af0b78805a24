"""Requests and deadlines phrased in other languages and indirect forms, on invented mail."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.dates import sentence_deadline
from nyte_tui.services.triage.deadlines import find_deadline
from nyte_tui.services.triage.evidence import Identity, thread_evidence
from nyte_tui.services.triage.rules import RuleSubject, apply_rules
from nyte_tui.services.triage.scoring import Thresholds, score_thread
from nyte_tui.store.triage_records import ContactStats, TriageMessage, TriageThread
from triage.test_units import NOW as UNITS_NOW
from triage.test_units import message

BASE = datetime(2025, 5, 6, 9, 0)  # a Tuesday


@pytest.mark.parametrize(
    "sentence",
    [
        "Mi serve una tua risposta sul preventivo prima della riunione.",
        "Ci servirebbe il tuo via libera per l'ordine dei bottoni.",
        "Necesito que revises el presupuesto del catering.",
        "Precisamos da sua assinatura no termo de adesão.",
        "Wir brauchen Ihre Freigabe für den Druckauftrag.",
        "J'ai besoin de ton avis sur la maquette.",
        "Ik heb jouw handtekening nodig op het formulier.",
        "Puoi girarmi il file delle misure?",
        "Podéis mandarme la lista de asistentes.",
        "Fammi sapere se il corriere passa giovedì.",
        "Avísame cuando tengas el informe listo.",
        "Me avise se a sala ainda estiver livre.",
        "Laat me even weten of het tijdstip past.",
        "Os pedimos que rellenéis la encuesta de satisfacción.",
        "出欠のご連絡をお願いいたします。",
        "資料を金曜までに送ってもらえますか。",
    ],
)
def test_indirect_requests_in_each_language_are_requests(sentence: str) -> None:
    """A need, a can-you, a tell-me or a polite form is read as asking the reader."""
    assert tt.find_requests(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Il magazzino chiude alle sei.",
        "La reunión fue muy productiva, gracias a todos.",
        "We shipped the new build last night.",
        "The dime store on the corner closed.",
        "Das Paket ist gestern angekommen.",
    ],
)
def test_statements_are_not_requests(sentence: str) -> None:
    """A plain statement, in any language, asks nothing."""
    assert tt.find_requests(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mandami le bozze entro dopodomani.", datetime(2025, 5, 8, 18, 0)),
        ("Envíalo pasado mañana, por favor.", datetime(2025, 5, 8, 18, 0)),
        ("Preciso da resposta até amanhã às 9h.", datetime(2025, 5, 7, 9, 0)),
        ("Bitte bis Ende der Woche zurückschicken.", datetime(2025, 5, 9, 18, 0)),
        ("Entregad el informe antes de fin de mes.", datetime(2025, 5, 31, 18, 0)),
        ("Mi mandi il riepilogo entro fine giugno?", datetime(2025, 6, 30, 18, 0)),
        ("明後日までにご返信ください。", datetime(2025, 5, 8, 18, 0)),
        ("Stuur het vóór donderdag 14:00 terug.", datetime(2025, 5, 8, 14, 0)),
    ],
)
def test_relative_days_and_period_ends_resolve_against_the_mail_date(
    sentence: str, expected: datetime
) -> None:
    """ "Day after tomorrow", "tomorrow at 9" and "end of the month" name the right day."""
    found = sentence_deadline(sentence, BASE)
    assert found is not None and found[0] == expected, (sentence, found)


def test_morning_greeting_is_not_tomorrow() -> None:
    """ "Guten Morgen" greets; it does not set a deadline for tomorrow."""
    found = sentence_deadline("Guten Morgen, bitte bis Freitag bestätigen.", BASE)
    assert found is not None and found[0] == datetime(2025, 5, 9, 18, 0)


def test_wrapped_question_is_quoted_whole_above_quoted_history() -> None:
    """A question wrapped over two lines is one sentence; quoted history is not the ask."""
    body = (
        "Ciao Sara,\n\nho sistemato il listino. Riesci a dirmi entro giovedì se\n"
        "il prezzo del lino grezzo ti torna?\n\nGrazie\nLuca\n\n"
        "Il giorno lun 5 mag 2025 alle 10:02 Sara <sara@example.com> ha scritto:\n"
        "> Puoi controllare il listino?\n"
    )
    new = tt.strip_quoted(body)
    assert "controllare" not in new
    assert tt.key_sentence(new, "giovedì") == (
        "Riesci a dirmi entro giovedì se il prezzo del lino grezzo ti torna?"
    )
    assert tt.find_questions(new) == [
        "Riesci a dirmi entro giovedì se il prezzo del lino grezzo ti torna?"
    ]


def test_portuguese_reply_header_ends_the_new_text() -> None:
    """ "Em …, X escreveu:" starts quoted history like "On …, X wrote:"."""
    body = (
        "Pode aprovar a versão 3 até sexta?\n\n"
        "Em qua., 30 de abr. de 2025 às 14:10, Rui <rui@example.com> escreveu:\n"
        "> Segue a versão 2.\n"
    )
    assert tt.strip_quoted(body) == "Pode aprovar a versão 3 até sexta?"


@pytest.mark.parametrize(
    "text",
    [
        "Quando hai tempo, senza fretta, mandami due righe.",
        "No hay prisa, contéstame la semana que viene.",
        "Não tem pressa, responde quando puder.",
        "急ぎではないので、時間のある時に見てください。",
    ],
)
def test_no_rush_in_each_language(text: str) -> None:
    """The sender saying it can wait is read in every language."""
    assert tt.no_rush(text)


TZ = ZoneInfo("Europe/London")
NOW = UNITS_NOW  # Wednesday 2024-03-13 10:30 UTC, the moment the builder dates mail from
ME_ADDRESS = "alex@northwind.example"
ME = Identity({ME_ADDRESS}, ["Alex Morgan"])
PIA = "pia@northwind.example"
OLE = "ole@northwind.example"
KNOWN = {
    a: ContactStats(a, sent_to_count=5, replied_count=3, median_reply_hours=4) for a in (PIA, OLE)
}


def mail(sender: str, body: str, hours_ago: float, to: str, cc: str | None = None) -> TriageMessage:
    """An inbound message written hours_ago before NOW (the unit tests' builder)."""
    return message(sender, body, hours_ago, to=to, cc=cc)


def scored(*messages: TriageMessage) -> tuple[str, int, str]:
    """(kind, score, reason) of a thread of messages."""
    labels = sorted({label for m in messages for label in m.label_ids})
    thread = TriageThread(
        "t1", "Subject", labels, messages[-1].internal_date, False, "h", None, list(messages)
    )
    ev = thread_evidence(thread, ME, KNOWN, NOW, TZ)
    effect = apply_rules([], RuleSubject(ev.counterpart_email, ev.subject, frozenset(ev.labels)))
    result = score_thread(ev, effect, Thresholds(), NOW, TZ)
    return result.kind, result.score, result.reason


def test_italian_need_statement_with_a_same_day_clock_is_important() -> None:
    """ "Mi serve un tuo ok entro oggi alle 16:00", wrapped, is an ask due today, quoted whole."""
    body = (
        "Ciao Alex,\n\nil fornitore aspetta la conferma del lotto. Per fissare il camion\n"
        "mi serve un tuo ok entro oggi alle 16:00, altrimenti slitta tutto.\n\nGrazie\nPia\n"
        "--\nPia Rossi | Acquisti"
    )
    kind, points, reason = scored(mail(PIA, body, 1, to=ME_ADDRESS))
    assert kind == "needs_reply" and points >= Thresholds().important
    assert (
        "“Per fissare il camion mi serve un tuo ok entro oggi alle 16:00, altrimenti slitta "
        "tutto.”" in reason
    )


def test_an_ask_answered_by_the_other_addressee_no_longer_waits_on_the_user() -> None:
    """Ole asked Alex and Pia; Pia fixed it and said so, asking nothing: it leaves the list."""
    ask = mail(
        OLE,
        "Alex, Pia: the export failed again. Can one of you look today?",
        5,
        to=f"{ME_ADDRESS}, {PIA}",
    )
    done = mail(
        PIA, "Fixed: the job had an old token. It ran fine just now.", 2, to=OLE, cc=ME_ADDRESS
    )
    _, points, _ = scored(ask, done)
    assert points < Thresholds().important
    _, before, _ = scored(ask)
    assert before >= Thresholds().important


def test_a_request_due_in_weeks_can_wait() -> None:
    """A plain ask due more than a week out does not make the list yet; one due soon does."""
    later = mail(
        PIA, "Alex, könntest du mir bis zum 30. April die Zahlen schicken?", 3, to=ME_ADDRESS
    )
    soon = mail(PIA, "Alex, könntest du mir bis morgen die Zahlen schicken?", 3, to=ME_ADDRESS)
    assert scored(later)[1] < Thresholds().important <= scored(soon)[1]


def test_japanese_weekday_names_the_coming_day() -> None:
    """ "金曜までに" is this Friday, "来週の月曜" the Monday after, read from the mail's date."""
    assert sentence_deadline("金曜までにお願いします。", BASE) == (
        datetime(2025, 5, 9, 18, 0),
        "金曜",
    )
    found = sentence_deadline("来週の月曜日の午後3時までにご返信ください。", BASE)
    assert found is not None and found[0] == datetime(2025, 5, 12, 15, 0)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Alex, kannst du das Formular bis morgen im Portal hochladen?", "deadline"),
        ("Alex, puoi compilare il modulo entro domani?", "deadline"),
        ("Alex, kun je het getekende contract morgen terugsturen?", "deadline"),
        ("Alex, puoi dirmi entro domani se il prezzo ti torna?", "needs_reply"),
    ],
)
def test_a_dated_task_outside_the_reply_is_a_deadline(body: str, kind: str) -> None:
    """Uploading, filling in or sending back by a date is a deadline; an answer is a reply."""
    got, points, _ = scored(mail(PIA, body, 2, to=ME_ADDRESS))
    assert got == kind and points >= Thresholds().important


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("Grazie per la riunione di oggi. Il verbale è qui sotto.", False),
        ("Danke für das Gespräch heute, die Notizen folgen.", False),
        ("We go live tomorrow, nothing to do on your side.", False),
        ("¿Puedes mandarme el acta hoy?", True),
        ("Could you send the notes tomorrow?", True),
    ],
)
def test_a_day_word_dates_only_an_ask(text: str, dated: bool) -> None:
    """ "The meeting today" is a mention; "can you send it today?" is a deadline."""
    written = datetime(2025, 5, 6, 9, 0, tzinfo=TZ)
    assert (find_deadline(text, written, TZ) is not None) is dated


def test_japanese_sentences_end_at_the_full_stop_without_a_space() -> None:
    """The quoted ask is the one Japanese sentence that asks, not the one before it."""
    text = "会議室は予約済みです。資料を木曜までに送ってもらえますか？\nよろしく"
    assert tt.key_sentence(text, "木曜") == "資料を木曜までに送ってもらえますか？"
