"""Automated mail that names the user for a personal action gets past the automated penalty."""

from __future__ import annotations

import pytest

from nyte_tui.services.triage.automation import owner_action
from nyte_tui.services.triage.evidence import Identity
from triage.test_classes import NOW, TZ, mail, scored

UPDATES = ("INBOX", "CATEGORY_UPDATES")
REPO_LIST = {"list_id": "ops <ops.tidewater.codeforge.example>", "list_unsubscribe": "<u>"}


def test_a_review_requested_of_the_user_with_a_cutoff_is_a_deadline() -> None:
    result = scored(
        mail(
            "notifications@codeforge.example",
            "Omar Haddad requested your review on tidewater/ops#88: carrier rate import.\n\n"
            "This has to be merged before Thursday's release freeze.\n\n"
            "You are receiving this because your review was requested.",
            name="Omar Haddad",
            labels=UPDATES,
            **REPO_LIST,
        )
    )
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "requests your review: “Omar Haddad requested your review" in result.reason


def test_a_question_in_a_comment_that_mentions_the_user_is_theirs_to_answer() -> None:
    result = scored(
        mail(
            "notify@tracker.example",
            "Sam Okafor mentioned you on OPS-41: pallet labels\n\nSam Okafor · 08:10\n"
            "Does the depot still need the old labels after the switch? I want to place the "
            "order before noon tomorrow.\n\nView issue · Turn off notifications",
            labels=UPDATES,
            auto_submitted="auto-generated",
        )
    )
    assert result.kind == "needs_reply" and result.score >= 70, result.reason
    assert "mentions you with a question: “Does the depot still need" in result.reason


@pytest.mark.parametrize(
    "body",
    [
        "Hi all, 11 of 12 capacity sheets are in. Lena, yours is the only one still missing, "
        "and the numbers go to finance on Thursday at noon.",
        "Timesheets still missing for week 23: Lena Roth, Sam Okafor. Payroll closes tomorrow "
        "at 12:00.",
        "Everyone else has already sent their rota wishes. Lena, we still need yours by "
        "tomorrow noon.",
        "Wir warten nur noch auf Ihre Inventurliste, Frau Roth. Abgabe bis morgen 12 Uhr.",
        "Nous attendons toujours votre note de frais, Lena. Clôture demain midi.",
    ],
)
def test_a_list_mail_that_singles_the_user_out_as_missing_is_a_deadline(body: str) -> None:
    result = scored(mail("planning@tidewater.example", body, labels=UPDATES, **REPO_LIST))
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "missing" in result.reason


def test_the_real_bank_holding_a_card_until_the_user_confirms_in_its_app_is_a_deadline() -> None:
    result = scored(
        mail(
            "alerts@nordbank.example",
            "Guten Tag Frau Roth,\n\nfür Ihre Karte liegt eine Zahlung über 480,00 EUR bei "
            "MÖBELHAUS NORD zur Prüfung vor. Bitte bestätigen Sie die Zahlung in der "
            "Nordbank-App. Bis Sie die Zahlung bestätigen, bleibt Ihre Karte gesperrt.\n\n"
            "Wir fragen niemals per E-Mail nach PIN oder TAN.",
            name="Nordbank",
            labels=UPDATES,
            auto_submitted="auto-generated",
        )
    )
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "Bitte bestätigen Sie die Zahlung in der Nordbank-App." in result.reason


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (
            "Sam Okafor mentioned you on OPS-3\n\n@lroth thanks for the quick fix, closing "
            "this one.",
            {"auto_submitted": "auto-generated"},
        ),
        (
            "Sam Okafor approved your pull request tidewater/ops#90.\n\n“Looks good.” "
            "Auto-merge is enabled; it merges when checks pass.",
            REPO_LIST,
        ),
        (
            "Sam Okafor requested a review from @tidewater/ops-leads on tidewater/ops#91. "
            "Please review before Thursday.\n\nYou are receiving this because a team you're a "
            "member of was requested.",
            REPO_LIST,
        ),
        (
            "Your profile is almost done: 2 steps are still missing. Finish it by Friday to "
            "unlock all features!",
            REPO_LIST,
        ),
        ("Reminder for all: please send your rota wishes by tomorrow noon. Thanks!", REPO_LIST),
        ("Lena, your feedback is still missing! Our survey closes tonight.", REPO_LIST),
    ],
)
def test_naming_the_user_without_a_personal_action_stays_off(
    body: str, headers: dict[str, str]
) -> None:
    result = scored(mail("notify@codeforge.example", body, labels=UPDATES, **headers))
    assert result.score < 70, result.reason


def test_a_mention_sent_for_a_colleague_carries_that_colleagues_standing() -> None:
    result = scored(
        mail(
            "notify@tracker.example",
            "Omar Haddad mentioned you on OPS-77\n\n@lroth does the Hamburg depot accept Euro "
            "pallets, or only the one-way kind?",
            name="Omar Haddad (Tracker)",
            labels=UPDATES,
            auto_submitted="auto-generated",
        )
    )
    assert result.kind == "needs_reply" and result.score >= 70, result.reason
    assert "you usually answer Omar within a day" in result.reason


def test_a_colleague_asking_the_user_in_person_for_a_review_is_on_the_list_undated() -> None:
    result = scored(
        mail(
            "notifications@codeforge.example",
            "Omar Haddad requested your review on tidewater/ops#95: depot codes.\n\n"
            "You are receiving this because your review was requested.",
            name="Omar Haddad",
            labels=UPDATES,
            **REPO_LIST,
        )
    )
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "you usually answer Omar within a day" in result.reason


def test_a_help_footer_question_in_a_mention_that_asks_nothing_stays_off() -> None:
    result = scored(
        mail(
            "notify@tracker.example",
            "Omar Haddad mentioned you on OPS-5\n\nOmar Haddad · 09:02\nShipped the label fix, "
            "thanks to everyone involved.\n\nQuestions about notifications? Visit the help "
            "centre.",
            name="Omar Haddad (Tracker)",
            labels=UPDATES,
            auto_submitted="auto-generated",
        )
    )
    assert result.score < 70, result.reason


def test_a_handle_made_of_the_users_name_is_theirs_even_without_such_an_address() -> None:
    me = Identity({"lena@tidewater.example"}, ["Lena Roth"], "lena@tidewater.example")
    asked = owner_action(
        "@lroth can you check the depot codes before the cutover?",
        me.handles,
        "updates",
        None,
        NOW,
        TZ,
    )
    assert asked is not None and asked.kind == "needs_reply"


@pytest.mark.parametrize(
    "body",
    [
        "Expense claim EX-5521 (312,40 EUR) is waiting for your approval. If it is not approved "
        "by tomorrow at 12:00, it moves to next month's payroll.",
        "Il buono d'ordine BO-118 è in attesa della tua approvazione. Se non approvi entro "
        "domani alle 12:00 l'ordine slitta alla settimana prossima.",
        "Tienes 2 pedidos pendientes de aprobación como responsable de compras. Si no se "
        "aprueban antes de mañana a las 12:00, pasarán al siguiente ciclo.",
    ],
)
def test_a_workflow_waiting_for_the_users_approval_with_a_cutoff_is_a_deadline(body: str) -> None:
    result = scored(
        mail("workflow@approvals.example", body, labels=UPDATES, auto_submitted="auto-generated")
    )
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "waits for your approval" in result.reason


def test_an_unpaid_premium_quotes_the_sentence_with_the_lapse_date() -> None:
    body = (
        "Gentile cliente, la informiamo che il premio della polizza auto con scadenza 01/06 non "
        "risulta ancora pagato. La garanzia resta valida per pochi giorni. Se il premio non "
        "risulta pagato entro domani, la copertura resta sospesa fino al pagamento."
    )
    result = scored(
        mail("polizze@assicura.example", body, labels=UPDATES, auto_submitted="auto-generated")
    )
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "“Se il premio non risulta pagato entro domani, la copertura resta sospesa" in (
        result.reason
    )


def test_the_only_person_still_missing_gets_the_date_the_form_locks() -> None:
    body = (
        "Hola, Lena: eres la única persona del departamento que todavía no ha enviado la "
        "encuesta de objetivos. El formulario se bloqueará mañana a las 18:00."
    )
    result = scored(mail("portal@tidewater.example", body, labels=UPDATES, **REPO_LIST))
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "eres la única persona del departamento" in result.reason
