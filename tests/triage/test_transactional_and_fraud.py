"""Transactional mail that names the user, fraud signs in more languages, and whole quotes."""

from __future__ import annotations

from datetime import datetime

from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.scams import scam_verdict
from triage.test_classes import KNOWN, TZ, local, mail, scored
from triage.test_warnings_and_ties import OWN, verdict

UPDATES = ("INBOX", "CATEGORY_UPDATES")


def test_a_school_form_sent_in_bulk_to_the_user_by_name_with_a_deadline_is_listed() -> None:
    body = (
        "Sehr geehrte Frau Roth,\n\nfür Ihren Sohn Jonas liegt ein neues Formular vor.\n"
        "Die Einverständniserklärung muss bis Donnerstag, 12.06., 18 Uhr in der App "
        "unterschrieben werden. Ohne Erklärung bleibt Jonas in der Schule.\n\n"
        "Dies ist eine automatische Nachricht."
    )
    result = scored(mail("noreply@schulportal.example", body, labels=UPDATES, precedence="bulk"))
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "muss bis Donnerstag" in result.reason


def test_the_same_form_as_a_newsletter_with_an_unsubscribe_link_stays_off() -> None:
    body = (
        "Hello Lena Roth,\n\nOur summer sale ends Thursday at 6 pm. Book your seat now, "
        "you must be quick.\n\nUnsubscribe here."
    )
    result = scored(
        mail(
            "news@eventhall.example",
            body,
            labels=UPDATES,
            precedence="bulk",
            list_unsubscribe="<https://eventhall.example/u>",
        )
    )
    assert result.score < 70, result.reason


def test_a_formal_imperative_in_portuguese_and_dutch_bank_mail_is_the_users_deadline() -> None:
    for body, quote in (
        (
            "Olá, Lena.\n\nUm pagamento de R$ 1.200,00 aguarda sua confirmação. Por segurança, "
            "confirme no aplicativo até as 19h de hoje. Sem confirmação, ele será cancelado.",
            "confirme no aplicativo",
        ),
        (
            "Beste mevrouw Roth,\n\nEr staat een overboeking van € 800 klaar. Bevestig deze "
            "overboeking vandaag vóór 17:00 in de app. Daarna vervalt de opdracht.",
            "Bevestig deze overboeking",
        ),
    ):
        result = scored(
            mail("service@nordbank.example", body, labels=UPDATES, auto_submitted="auto-generated")
        )
        assert result.kind == "deadline" and result.score >= 70, result.reason
        assert quote in result.reason and result.warning is None


def test_a_tracker_notification_in_a_colleagues_name_is_not_impersonation() -> None:
    body = "@lroth can you confirm the wording before the release on Friday?"
    found = scam_verdict(
        "notifications@codehub.example",
        "Omar Haddad",
        "reply+abc123@reply.codehub.example",
        body,
        KNOWN,
        OWN,
        correspondent=False,
    )
    assert found is None


def test_a_known_name_on_a_personal_looking_address_asking_for_a_secret_pix_is_fraud() -> None:
    body = (
        "Lena, estou entrando em reunião. Preciso que você faça um PIX de R$ 18.000 ainda "
        "hoje para um fornecedor. Assunto confidencial por enquanto."
    )
    assert verdict("omar.haddad.diretoria@caixa-segura.example", body, "Omar Haddad") == "scam"


def test_a_dutch_card_renewal_asking_for_the_pin_code_is_phishing() -> None:
    body = (
        "Geachte klant,\n\nUw betaalpas verloopt. Klik op de link en vul uw pasnummer en "
        "pincode in om de nieuwe pas te activeren: https://pas-vernieuwen.example/start"
    )
    assert verdict("info@bank-pasdienst.example", body, "", "hulp@klantdienst.example") == (
        "phishing"
    )


def test_a_notice_that_tells_the_user_to_sign_in_to_read_it_is_not_phishing() -> None:
    body = (
        "You have a new message in your tax account. To read it, sign in to your account "
        "through our website or app. We will never ask for your banking details by email."
    )
    assert verdict("notices@revenue-portal.example", body) is None


def test_month_abbreviations_and_dotted_clock_times_are_read() -> None:
    written = datetime(2025, 6, 9, 8, 0, tzinfo=TZ)
    assert local("Please send it by Thu, Jun. 12 at\n4:30 p.m. Thanks!", written) == (
        datetime(2025, 6, 12, 16, 30)
    )


def test_a_pleasantry_is_no_question_and_a_short_question_is_quoted_with_its_context() -> None:
    assert tt.find_questions("Oi, tudo bem?\n\nManda as fotos quando puder.") == []
    assert tt.find_questions("We have two spare tickets for Saturday. Want to come?") == [
        "We have two spare tickets for Saturday. Want to come?"
    ]
