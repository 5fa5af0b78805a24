"""Requests and deadlines phrased in other languages and indirect forms, on invented mail."""

from __future__ import annotations

from datetime import datetime

import pytest

from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.dates import sentence_deadline

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
