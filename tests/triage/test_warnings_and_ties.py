"""Scam and phishing signs in more languages, and first contacts tied to the user's life."""

from __future__ import annotations

from nyte_tui.services.triage.scams import scam_verdict
from nyte_tui.services.triage.strangers import KnownPeople, tie_of
from triage.test_classes import BOSS, CLIENT, KNOWN, mail, scored

OWN = {"tidewater.example"}


def verdict(sender: str, text: str, display: str = "", reply_to: str | None = None) -> str | None:
    """The warning a stranger's mail gets (None: no warning)."""
    found = scam_verdict(sender, display, reply_to, text, KNOWN, OWN, correspondent=False)
    return found.warning if found else None


def test_a_lookalike_domain_with_a_suffix_asking_for_credentials_is_phishing() -> None:
    body = (
        "La tua password scade oggi. Per non perdere l'accesso devi convalidare le tue "
        "credenziali entro 12 ore: http://tidewater.verifica-accesso.example/login"
    )
    assert verdict("helpdesk@tidewatr-it.example", body) == "phishing"


def test_a_carrier_asking_for_card_details_in_japanese_with_a_foreign_reply_to_is_phishing() -> (
    None
):
    body = "お荷物をお預かりしています。再配達には下記のページでカード情報を入力してください。"
    assert (
        verdict("info@kuroneko-parcel.example", body, "", "help@redo-center.example") == "phishing"
    )


def test_gift_cards_or_a_secret_transfer_under_a_known_name_from_outside_is_fraud() -> None:
    gift = "会議中です。ギフトカードを5枚、今日中に購入してコードを送ってください。"
    assert verdict("omar.haddad.desk@freemail-box.example", gift, "Omar Haddad") == "scam"
    transfer = (
        "Necesito que hoy se haga una transferencia de 90.000 €. Es estrictamente "
        "confidencial, no lo comentes con nadie. Omar"
    )
    assert verdict("o.haddad@exec-mail.example", transfer, "Omar Haddad") == "scam"


def test_paying_rent_to_a_new_account_is_a_scam_even_when_addressed_to_the_tenant() -> None:
    body = (
        "Dear Tenant,\n\nPlease pay this month's rent to our new account below, as our usual "
        "account is under review.\nSort code 11-22-33, account 12345678."
    )
    assert verdict("rent@lettings-office.example", body, "", "office@quickpost.example") == "scam"


def test_mail_from_a_subdomain_of_the_users_own_company_is_never_a_lookalike() -> None:
    body = "Purchase request PR-77 is waiting for your approval. Approve it before 18:00 today."
    assert verdict("noreply@buying.tidewater.example", body) is None
    approval = scored(
        mail("noreply@buying.tidewater.example", body, auto_submitted="auto-generated")
    )
    assert approval.warning is None


def test_a_first_contact_writing_to_the_user_as_a_parent_or_resident_is_tied() -> None:
    known = KnownPeople()
    assert tie_of(
        "Dear parents, the trip form is due Friday.", "t@school.example", [], known, set()
    )
    assert tie_of(
        "ご入居者様 各位\n点検にお立ち会いください。", "m@kanri.example", [], known, set()
    )
    assert (
        tie_of("Hi, do you have 15 minutes on Thursday?", "s@sales.example", [], known, set())
        is None
    )


def test_a_first_contact_acting_for_a_company_the_user_writes_to_is_tied_but_not_the_own() -> None:
    known = KnownPeople(domains={"calmar-logistics.example", "tidewater.example"})
    forwarder = "We clear the shipment on behalf of Calmar and need the corrected invoice today."
    assert "Calmar" in (tie_of(forwarder, "a@broker.example", [], known, set()) or "")
    cold = "Teams at Tidewater like yours use our tool; are you free for a demo on Friday?"
    assert tie_of(cold, "b@sales.example", [], known, set(), None, "tidewater.example") is None


def test_a_real_ask_from_a_customs_broker_for_a_known_company_is_on_the_list() -> None:
    result = scored(
        mail(
            "clearance@harbour-brokers.example",
            "Dear Ms Roth,\n\nwe are clearing your goods from Calmar at the port. Customs query "
            "the declared value: could you send us a corrected invoice by 4 pm today? Otherwise "
            "storage fees start tomorrow.",
            name="Harbour Brokers",
        )
    )
    assert result.score >= 70 and result.warning is None, result.reason
    assert "mentions Calmar, a company you write to" in result.reason


def test_on_cc_a_question_put_to_the_user_by_name_after_a_colon_is_theirs() -> None:
    body = (
        "Hi Omar,\n\nthe truck is booked for Monday morning. One point is still open for the\n"
        "load plan: Lena, can you tell Omar by tomorrow noon whether it is 12 or 16 crates? "
        "I am away from tomorrow.\n\nThanks,\nIra"
    )
    result = scored(
        mail("ira.pohl@tidewater.example", body, to=BOSS, cc="lena.roth@tidewater.example")
    )
    assert result.kind in ("needs_reply", "deadline") and result.score >= 70, result.reason
    assert "“Lena, can you tell Omar by tomorrow noon whether it is 12 or 16 crates?”" in (
        result.reason
    )


def test_an_ask_due_weeks_from_now_waits_off_the_list_and_comes_back_nearer() -> None:
    body = "Hi Lena,\n\ncould you send me your notes on the autumn fair by 30 June?\n\nInes"
    later = scored(mail(CLIENT, body))
    assert later.score < 70, later.reason
    assert later.rescore_at is not None and later.rescore_at.date().isoformat() == "2025-06-28"
    soon = scored(mail(CLIENT, body.replace("30 June", "tomorrow")))
    assert soon.score >= 70, soon.reason
