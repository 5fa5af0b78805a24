"""Notices that name the user, first contacts about the user's own matters, and request and
date forms that unseen mail used and the scorer missed (the sixth set's classes)."""

from __future__ import annotations

from datetime import datetime, timedelta

from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.asking import NO_RUSH_RE
from nyte_tui.services.triage.assigned import assigned_action
from nyte_tui.services.triage.workdays import working_deadline
from triage.test_classes import BOSS, NOW, TZ, local, mail, scored

UPDATES = ("INBOX", "CATEGORY_UPDATES")


def test_a_date_written_with_its_weekday_in_brackets_is_that_date() -> None:
    assert local("Bitte bis 13.06. (Fr) unterschrieben zurückschicken.") == datetime(
        2025, 6, 13, 18, 0
    )
    assert local("今月分の締めは6月12日(木) 15:00です。") == datetime(2025, 6, 12, 15, 0)
    row = "| Lena | Angebot an Calmar schicken | 13.06. (Fr) |"
    found = assigned_action(f"Aufgaben\n{row}\n", ["Lena Roth"], [], NOW, TZ)
    assert found is not None and found[1] is not None
    assert found[1].at.astimezone(TZ).date() == datetime(2025, 6, 13).date()


def test_an_action_marker_then_the_users_initials_and_any_verb_is_their_action() -> None:
    notes = (
        "Notulen overleg\n\n1. Levering\n"
        "Actie: LR stuurt de herziene planning vóór vr 13-06 12:00.\n"
        "- Actie: Omar zoekt uit of het budget past.\n"
    )
    found = assigned_action(notes, ["Lena Roth"], [], NOW - timedelta(hours=5), TZ)
    assert found is not None, "the action point for LR was missed"
    assert found[0].sentence.startswith("Actie: LR stuurt")
    assert found[1] is not None and found[1].at.astimezone(TZ).day == 13
    # the same notes give Omar's action to no one else
    assert assigned_action(notes, ["Ines Vidal"], [], NOW, TZ) is None


def test_spanish_imperatives_with_a_pronoun_or_in_voseo_are_requests_and_past_tense_is_not() -> (
    None
):
    for asking in (
        "Para que salga hoy, autorizala desde la app antes de las 15:00.",
        "Cargalos y mandalos antes del cierre.",
        "Revisá el contrato y avisame.",
    ):
        assert tt.find_requests(asking), asking
    for telling in ("Pasé por la oficina y firmé los papeles.", "Enviamos la factura ayer."):
        assert not tt.find_requests(telling), telling


def test_a_bank_asking_in_voseo_to_authorise_a_transfer_today_is_listed() -> None:
    result = scored(
        mail(
            "alertas@nordbank.example",
            "Hola Lena Roth:\n\nHay una transferencia pendiente de tu autorización.\n"
            "Para que se procese hoy, autorizala desde la app con tu token antes de las 15:00.\n\n"
            "Este es un mensaje automático, no lo respondas.",
            labels=UPDATES,
            auto_submitted="auto-generated",
        )
    )
    assert result.score >= 70 and result.kind == "deadline", result.reason


def test_a_notification_quoting_the_comment_that_mentions_the_user_is_listed() -> None:
    result = scored(
        mail(
            "notifications@flowboard.example",
            "Omar Haddad mentioned you in TASK-118:\n\n"
            "> @lroth can you confirm the pallet count before 14:00 today? The truck is booked.\n\n"
            "Reply in Flowboard: https://flowboard.example/t/118\n"
            "You are receiving this because you were mentioned.",
            labels=UPDATES,
            list_unsubscribe="<https://flowboard.example/unsub>",
        )
    )
    assert result.score >= 70, result.reason
    assert "pallet count" in result.reason


def test_a_reply_quoting_earlier_mail_still_reads_only_the_new_text() -> None:
    result = scored(
        mail(
            BOSS,
            "Thanks, all sorted now.\n\nOn Tue, 10 Jun 2025 at 09:12, Lena Roth wrote:\n"
            "> Can you send me the pallet count by 14:00 today?\n",
        )
    )
    assert result.score < 70, result.reason


def test_a_notice_that_the_users_site_is_the_only_one_missing_and_due_today_is_listed() -> None:
    result = scored(
        mail(
            "reminders@rotaplan.example",
            "Hi Lena,\n\nAll other depots have published their June rota. Tidewater Nord is "
            "the only depot still missing.\n\nYour June rota is due today at 5:00 pm so drivers "
            "can see their shifts.\n\nPublish rota: https://rotaplan.example/r",
            labels=UPDATES,
            auto_submitted="auto-generated",
        )
    )
    assert result.score >= 70 and result.kind == "deadline", result.reason


def test_a_subject_awaiting_the_users_approval_lets_the_body_set_the_deadline() -> None:
    body = (
        "Hi Lena,\n\n4 timesheets are waiting for manager approval.\n\n"
        "Approve them before tonight's cut-off at 23:00, or they will move to next week's batch."
        "\n\nOpen approvals: https://payhub.example/a"
    )
    headers = {"list_unsubscribe": "<https://payhub.example/u>", "auto_submitted": "auto-generated"}
    approval = scored(
        mail(
            "no-reply@payhub.example",
            body,
            labels=UPDATES,
            subject="4 timesheets awaiting your approval",
            **headers,
        )
    )
    assert approval.score >= 70, approval.reason
    assert "Approve them before tonight" in approval.reason
    newsletter = scored(
        mail(
            "no-reply@payhub.example",
            body,
            labels=UPDATES,
            subject="PayHub product news for June",
            **headers,
        )
    )
    assert newsletter.score < 70, newsletter.reason


def test_first_contacts_about_their_own_dealings_a_numbered_file_or_a_known_doctor_are_listed() -> (
    None
):
    for sender, body in (
        (
            "m.keller@postbox.example",
            "Hello,\n\nI was charged twice for my delivery on June 2. Nobody has called me back."
            "\n\nI would appreciate a call back today, otherwise I will file a complaint.\n\n"
            "Martin Keller",
        ),
        (
            "claims@hanse-versicherung.example",
            "Tidewater Logistics\nAttn: Lena Roth\n\nRe: claim 2025-33817 (pallet damage)\n\n"
            "Please send the delivery note and photos by end of day tomorrow, or the claim "
            "will be closed.\n\nClaims team",
        ),
        (
            "anna.berg@mailbox.example",
            "Guten Tag,\n\nmein Sohn ist Patient von Dr. Haddad. Können Sie mir bis morgen "
            "sagen, ob der Termin am Freitag verschoben werden kann?\n\nAnna Berg",
        ),
    ):
        result = scored(mail(sender, body))
        assert result.score >= 70, result.reason
        assert "first contact" in result.reason.lower(), result.reason


def test_a_cold_pitch_that_names_a_case_study_still_stays_off() -> None:
    result = scored(
        mail(
            "jonas@growthly.example",
            "Hi Lena,\n\nI came across Tidewater and loved your depot expansion. Teams like yours "
            "cut planning time by 30 % with Growthly.\n\nDo you have 15 minutes on Thursday "
            "for a quick call?\n\nJonas",
        )
    )
    assert result.score < 70, result.reason


def test_card_details_asked_for_on_a_look_alike_domain_are_warned_in_any_language() -> None:
    for sender, name, body in (
        (
            "noreply@dhI-paket.example",
            "DHL Paket",
            "Sehr geehrter Kunde,\n\nIhre Sendung wartet auf eine Zollgebühr von 1,99 EUR. "
            "Bitte geben Sie innerhalb von 24 Stunden\nIhre Kreditkartendaten ein:\n"
            "https://dhI-paket.example/zoll",
        ),
        (
            "remboursement@impots-depot.example",
            "Impôts",
            "Bonjour,\n\nVous avez droit à un remboursement de 212,40 €. Pour le recevoir, "
            "entrez vos informations de carte bancaire\navant 48 heures.",
        ),
        (
            "security@nordbank-kakunin.example",
            "Nordbank",
            "お客様各位\n\n不正なアクセスが検知されました。24時間以内にログインし、パスワードを\n"
            "ご入力のうえ、ご本人確認を完了してください。",
        ),
    ):
        result = scored(mail(sender, body, name=name))
        assert result.warning is not None, body
        assert result.score < 70


def test_thanks_in_advance_wishes_and_an_italian_let_me_know_are_requests() -> None:
    for body in (
        "Hi Lena,\n\nI would appreciate an update on the Calmar order by 4 pm today.\n\nOmar",
        "Ciao Lena,\n\nti sarei grato se potessi farmi sapere entro domani se confermiamo.\n\nOmar",
    ):
        result = scored(mail(BOSS, body))
        assert result.score >= 70, result.reason


def test_no_hurry_in_rioplatense_spanish_is_no_rush() -> None:
    assert NO_RUSH_RE.search("¿Venís a comer el domingo? Avisame cuando sepas, no hay apuro.")


def test_a_deadline_on_a_weekend_is_met_on_the_friday_before_it() -> None:
    saturday = datetime(2025, 6, 14, 18, 0, tzinfo=TZ)
    thursday = datetime(2025, 6, 12, 9, 0, tzinfo=TZ)
    assert working_deadline(saturday, thursday, TZ) == datetime(2025, 6, 13, 18, 0, tzinfo=TZ)
    on_the_day = datetime(2025, 6, 14, 10, 0, tzinfo=TZ)
    assert working_deadline(saturday, on_the_day, TZ) == saturday  # not overdue on Saturday
    wednesday = datetime(2025, 6, 11, 18, 0, tzinfo=TZ)
    assert working_deadline(wednesday, thursday, TZ) == wednesday


def test_day_numbers_today_words_and_period_ends_in_more_forms_are_dates() -> None:
    assert local("É favor confirmar a receção até dia 13.") == datetime(2025, 6, 13, 18, 0)
    assert local("13日までに振り込んでください。") == datetime(2025, 6, 13, 18, 0)
    assert local("Zou je dit vandaag nog willen tekenen?") == datetime(2025, 6, 11, 18, 0)
    assert local("Consegues ver isto até ao fim do dia?") == datetime(2025, 6, 11, 18, 0)
    assert local("Die Frist läuft am 12. Juni ab.") == datetime(2025, 6, 12, 18, 0)
    assert local("Bitte bis Ende Woche retournieren.") == datetime(2025, 6, 13, 18, 0)
    # "end of day Friday" is still Friday, not today
    assert local("Please send it by end of day Friday.") == datetime(2025, 6, 13, 18, 0)


def test_european_portuguese_requests_put_the_pronoun_after_the_verb() -> None:
    for asking in (
        "Envia-me a fatura hoje, se faz favor.",
        "Agradecia que me confirmasse a encomenda até sexta-feira.",
        "Queira proceder ao pagamento até 15 de junho.",
        "Diz-me qualquer coisa até quinta.",
    ):
        assert tt.find_requests(asking), asking
    assert not tt.find_requests("A encomenda chegou ontem e está tudo certo.")
