"""Each failure class of issue 11, as a user sees it: over the line with a reason, or warned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from nyte_tui.services.triage import deadlines
from nyte_tui.services.triage.evidence import Identity, ThreadEvidence, thread_evidence
from nyte_tui.services.triage.rules import RuleEffect
from nyte_tui.services.triage.scoring import Scored, Thresholds, score_thread
from nyte_tui.services.triage.strangers import KnownPeople
from nyte_tui.store.triage_records import ContactStats, TriageMessage, TriageThread

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2025, 6, 11, 7, 0, tzinfo=UTC)  # Wednesday 09:00 in Berlin
ME = Identity(
    {"lena.roth@tidewater.example", "lroth@tidewater.example"},
    ["Lena Roth"],
    "lena.roth@tidewater.example",
)
BOSS = "omar.haddad@tidewater.example"
CLIENT = "ines.vidal@calmar.example"
KNOWN = KnownPeople(
    addresses={BOSS, CLIENT},
    domains={"tidewater.example", "calmar.example", "nordbank.example"},
    names={"omar haddad": BOSS, "ines vidal": CLIENT},
)
CONTACTS = {
    BOSS: ContactStats(BOSS, sent_to_count=12, replied_count=6, median_reply_hours=3),
    CLIENT: ContactStats(CLIENT, sent_to_count=4, replied_count=2, median_reply_hours=20),
    "alerts@nordbank.example": ContactStats("alerts@nordbank.example", received_count=30),
}


def mail(
    sender: str,
    body: str,
    hours_ago: float = 2,
    *,
    name: str = "",
    to: str = "lena.roth@tidewater.example",
    cc: str | None = None,
    labels: tuple[str, ...] = ("INBOX", "CATEGORY_PERSONAL"),
    subject: str = "Hello",
    **headers: str,
) -> TriageThread:
    """A one-message inbound thread."""
    message = TriageMessage(
        gmail_id="m1",
        thread_id="t1",
        internal_date=int((NOW - timedelta(hours=hours_ago)).timestamp() * 1000),
        label_ids=list(labels),
        is_sent=False,
        from_email=sender,
        from_name=name or sender.split("@", maxsplit=1)[0].replace(".", " ").title(),
        to_header=to,
        cc_header=cc,
        subject=subject,
        snippet=body[:200],
        body_text=body,
        **headers,
    )
    return TriageThread(
        "t1", subject, list(labels), message.internal_date, False, "h", None, [message]
    )


def evidence(t: TriageThread) -> ThreadEvidence:
    """The thread's evidence as the pass builds it."""
    return thread_evidence(t, ME, CONTACTS, NOW, TZ, KNOWN)


def scored(t: TriageThread) -> Scored:
    """The thread scored with no rules."""
    return score_thread(evidence(t), RuleEffect(), Thresholds(), NOW, TZ)


def local(text: str, written: datetime = NOW) -> datetime | None:
    """The deadline in text as Berlin wall-clock time (naive), or None."""
    found = deadlines.find_deadline(text, written, TZ)
    return found.at.astimezone(TZ).replace(tzinfo=None) if found else None


# 1. deadline forms the time gate used to miss, in five languages
def test_dates_and_clock_times_are_read_in_many_languages() -> None:
    assert local("Kannst du mir das bis heute 16 Uhr schicken?") == datetime(2025, 6, 11, 16, 0)
    assert local("Tu peux valider avant 17h aujourd'hui ?") == datetime(2025, 6, 11, 17, 0)
    assert local("Could you reply by 5 pm tomorrow?") == datetime(2025, 6, 12, 17, 0)
    assert local("Você consegue confirmar até amanhã às 10h?") == datetime(2025, 6, 12, 10, 0)
    assert local("明日（6月12日）15時までにご返信いただけますか。") == datetime(2025, 6, 12, 15, 0)
    assert local("Bitte bis Freitag (13.06.) zurückmelden.") == datetime(2025, 6, 13, 18, 0)
    assert local("Sam to send the draft by the 13th.") == datetime(2025, 6, 13, 18, 0)
    # a due date that just passed is overdue, not a date next year
    assert local("The payment was due on 9 June.") == datetime(2025, 6, 9, 18, 0)
    # words that only look like dates are not dates
    assert local("Die vier neuen Fahrer brauchen eine Schulung.") is None


def test_a_german_ask_with_a_clock_time_is_on_the_list_like_the_english_one() -> None:
    german = scored(
        mail(BOSS, "Hallo Lena,\n\nkannst du mir bis heute 16 Uhr die Zahlen schicken?")
    )
    english = scored(mail(BOSS, "Hi Lena,\n\ncan you send me the numbers by 4 pm today?"))
    assert german.score >= 70 and english.score >= 70
    assert abs(german.score - english.score) <= 3
    assert "today 16:00" in german.reason


# 2. automated mail that names the owner for an action
def test_a_tracker_mention_with_a_question_overrides_the_automated_penalty() -> None:
    result = scored(
        mail(
            "notify@tracker.example",
            "Omar Haddad mentioned you on OPS-12\n\n@lroth is the export format fixed for "
            "tomorrow's release, or should we wait?\n\nView issue",
            name="Omar Haddad (Tracker)",
            labels=("INBOX", "CATEGORY_UPDATES"),
            list_unsubscribe="<https://tracker.example/u>",
        )
    )
    assert result.score >= 70 and result.kind == "needs_reply"
    assert "names you for an action" in result.reason


def test_a_mention_that_asks_nothing_and_a_promotion_with_the_name_stay_off() -> None:
    thanks = scored(
        mail(
            "notify@tracker.example",
            "@lroth thanks, merged, nothing else needed from you.",
            labels=("INBOX", "CATEGORY_UPDATES"),
            auto_submitted="auto-generated",
        )
    )
    promo = scored(
        mail(
            "deals@shop.example",
            "Lena, this is it. Our 50% sale ends tonight at midnight. Please don't miss it!",
            labels=("INBOX", "CATEGORY_PROMOTIONS"),
            list_unsubscribe="<https://shop.example/u>",
        )
    )
    assert thanks.score < 70 and promo.score < 70


def test_a_licence_lapsing_after_a_failed_payment_is_a_deadline() -> None:
    result = scored(
        mail(
            "billing@toolco.example",
            "Hi Lena,\n\nWe could not charge your card. Your 6 seats will be suspended on "
            "June 12 unless the payment method is updated.\n\nThe Toolco team",
            labels=("INBOX", "CATEGORY_UPDATES"),
            auto_submitted="auto-generated",
        )
    )
    assert result.kind == "deadline" and result.score >= 70
    assert "suspended on June 12" in result.reason


# 3. the quote in the reason is a whole sentence, even when the mail wraps it
def test_the_reason_quotes_the_whole_wrapped_sentence() -> None:
    result = scored(
        mail(
            BOSS,
            "Hi Lena,\n\nCould you send the signed copy of the lease addendum to the\n"
            "landlord before Friday noon?\nThey need it for the bank.\n\nThanks,\nOmar\n\n"
            "Omar Haddad | Tidewater\n\nOn Tue, Omar wrote:\n> earlier text",
        )
    )
    assert (
        "“Could you send the signed copy of the lease addendum to the landlord before "
        "Friday noon?”" in result.reason
    )


# 4. a first contact asking for a decision with a date
def test_a_referred_first_contact_with_a_date_is_on_the_list() -> None:
    result = scored(
        mail(
            "risk@calmar.example",
            "Dear Ms Roth,\n\nInes Vidal gave me your name. Could you return the vendor "
            "questionnaire by Friday 13 June?\n\nBest regards,\nPaul",
        )
    )
    assert result.score >= 70 and "first contact" in result.reason


# 6. unsolicited outreach from a stranger
def test_cold_outreach_proposing_a_time_owes_no_answer() -> None:
    result = scored(
        mail(
            "kai@growthly.example",
            "Hi Lena,\n\nWe help logistics teams cut planning time in half. Are you free "
            "tomorrow at 3pm for a 15-minute demo?\n\nKai",
        )
    )
    assert result.score < 70 and "no answer is owed" in result.reason


# 7. phishing and scams: a warning instead of a task
def test_a_lookalike_bank_asking_for_a_pin_is_a_warning_not_a_task() -> None:
    result = scored(
        mail(
            "security@nordbank-secure.example",
            "Dear customer,\n\nYour access was locked. Please confirm your login and PIN "
            "within 24 hours: https://nordbank-secure.example/verify",
            name="Nordbank",
        )
    )
    assert result.warning == "phishing" and result.kind == "none" and result.score < 70
    assert result.reason.startswith("Warning, this looks like phishing")
    assert "imitates nordbank.example" in result.reason


def test_the_boss_name_from_an_outside_address_asking_for_gift_cards_is_a_scam() -> None:
    result = scored(
        mail(
            "omar.haddad.office@freemail.example",
            "Lena, are you at your desk? I need 5 gift cards for a client today, send me the "
            "codes asap. Keep it between us.",
            name="Omar Haddad",
        )
    )
    assert result.warning == "scam" and result.score < 70


def test_the_real_bank_that_says_it_never_asks_for_a_pin_is_not_warned() -> None:
    result = scored(
        mail(
            "alerts@nordbank.example",
            "Please confirm this card payment in the Nordbank app today. We will never ask "
            "for your PIN by email.",
            labels=("INBOX", "CATEGORY_UPDATES"),
            auto_submitted="auto-generated",
        )
    )
    assert result.warning is None and result.kind == "deadline" and result.score >= 70


# 8. an action assigned by name in notes sent to many
def test_an_action_assigned_by_name_in_minutes_is_a_deadline() -> None:
    result = scored(
        mail(
            "omar.haddad@tidewater.example",
            "Notes from today's ops review\n\nActions\n- Lena to update the carrier rate "
            "sheet by tomorrow.\n- Sam to book the room.\n",
            to="ops@tidewater.example",
            list_id="ops <ops.tidewater.example>",
        )
    )
    assert result.kind == "deadline" and result.score >= 70
    assert "“Lena to update the carrier rate sheet by tomorrow.”" in result.reason


def test_a_warned_item_is_stored_and_shown_with_its_warning_but_never_listed(tmp_path) -> None:
    from nyte_tui.evaluation.dataset import Conversation, Expect, Mail, Mailbox, Owner, Person
    from nyte_tui.evaluation.loader import load_mailbox
    from nyte_tui.evaluation.runner import eval_settings
    from nyte_tui.services.triage.run import run_triage_pass
    from nyte_tui.services.triage.views import important_list
    from nyte_tui.services.views_json import to_json
    from nyte_tui.store.db import open_store

    lure = Mail(
        sender=Person("PayPaI Service", "service@paypa1-help.example"),
        to=(Person("Lena Roth", "lena.roth@tidewater.example"),),
        cc=(),
        reply_to=Person("", "desk@other-mail.example"),
        hours_ago=3,
        headers=(),
        body="Your account is limited. Sign in and verify your information within 24 hours: "
        "https://paypa1-help.example/signin",
        html=None,
    )
    mailbox = Mailbox(
        name="lena",
        owner=Owner("Lena Roth", "lena.roth@tidewater.example", (), "lroth", "Europe/Berlin", "en"),
        now=NOW,
        contacts=(),
        conversations=(
            Conversation(
                "lena-001",
                "tuning",
                "thread",
                "en",
                ("phishing",),
                Expect(False, "none", "phishing", None),
                subject="Your account is limited",
                labels=("INBOX", "CATEGORY_UPDATES"),
                messages=(lure,),
            ),
        ),
        split="tuning",
    )
    store = open_store(tmp_path / "nyte.db")
    try:
        loaded = load_mailbox(store, mailbox)
        settings = eval_settings(mailbox)
        run_triage_pass(
            store,
            settings,
            loaded.account_id,
            changed_threads={"lena-001"},
            fetch_bodies=loaded.fetch_bodies,
            now=NOW,
        )
        listed = to_json(important_list(store, settings, now=NOW))["items"]
        everything = to_json(important_list(store, settings, include_all=True, now=NOW))["items"]
    finally:
        store.close()
    assert listed == []
    (item,) = everything
    assert item["warning"] == "phishing" and item["kind"] == "none"
    assert item["proposal"] is None
    assert "Warning, this looks like phishing" in item["reason"]


def test_a_sign_in_code_that_expires_is_no_task_and_stays_out_of_the_model_band() -> None:
    result = scored(
        mail(
            "no-reply@tidewater.example",
            "Your Tidewater sign-in code is 482-913. It expires in 10 minutes.",
            labels=("INBOX", "CATEGORY_UPDATES"),
            auto_submitted="auto-generated",
        )
    )
    assert result.kind == "none" and result.score < 55
