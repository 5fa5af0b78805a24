"""Request and deadline forms, first-contact ties and quotes found missing on unseen mail."""

from __future__ import annotations

from datetime import datetime, timedelta

from nyte_tui.services.triage.assigned import assigned_action
from nyte_tui.services.triage.preparation import preparation
from triage.test_classes import BOSS, NOW, TZ, local, mail, scored

UPDATES = ("INBOX", "CATEGORY_UPDATES")


def test_a_wish_is_a_request_in_english_dutch_spanish_and_german() -> None:
    for body in (
        "Hi Lena,\n\nIt would be great if you could send the figures\nto the auditors by "
        "end of day Friday - we promised them.\n\nThanks, Omar",
        "Hoi Lena,\n\nHet zou fijn zijn als je de cijfers vóór morgen 14.00 uur aan de notitie "
        "toevoegt.\n\nGroet, Omar",
        "Hola Lena:\n\nMe gustaría que me dijeras antes de mañana a las 12:00 si mantenemos el "
        "tabique.\n\nUn abrazo, Omar",
        "Hallo Lena,\n\nes wäre gut, wenn du die Zahlen bis morgen 12 Uhr schicken könntest."
        "\n\nGruß, Omar",
    ):
        result = scored(mail(BOSS, body))
        assert result.kind in ("needs_reply", "deadline") and result.score >= 70, result.reason


def test_end_of_day_friday_is_friday_and_an_amount_is_not_a_date() -> None:
    assert local("Please submit it by end of day Friday.") == datetime(2025, 6, 13, 18, 0)
    assert local(
        "Als de betaling van € 1.512,00 niet uiterlijk vrijdag 13 juni binnen is, wordt uw "
        "licentie gedeactiveerd en kunnen uw planners niet meer inloggen."
    ) == datetime(2025, 6, 13, 18, 0)
    assert local("Enviar el borrador a más tardar el viernes 13 de junio.") == datetime(
        2025, 6, 13, 18, 0
    )


def test_minutes_that_shorten_a_two_surname_name_still_assign_the_action() -> None:
    minutes = (
        "ACUERDOS / PENDIENTES\n"
        "- Construcciones Arlanza: retirar el acopio antes del viernes\n"
        "- D.F. (Marta Ruiz): enviar plano revisado de carpinterías antes del jueves 12 a las "
        "14:00\n- Promotora: decidir acabado del portal (plazo: 31/07)\n"
    )
    found = assigned_action(minutes, ["Marta Ruiz Ortega"], [], NOW - timedelta(hours=3), TZ)
    assert found is not None, "the action for Marta Ruiz was missed"
    action, deadline = found
    assert action.sentence.startswith("D.F. (Marta Ruiz): enviar plano")
    assert deadline is not None and deadline.at.astimezone(TZ).day == 12
    # someone else's action is not the user's
    assert assigned_action(minutes, ["Lena Roth"], [], NOW, TZ) is None


def test_a_first_contact_about_what_the_user_asked_for_or_referred_by_a_colleague_is_listed() -> (
    None
):
    clinic = scored(
        mail(
            "citas@pediatria-retiro.example",
            "Hola, Lena:\n\nLe escribimos porque solicitó por teléfono una primera consulta "
            "para su hijo. Por favor, confírmenos la cita respondiendo a este correo antes de "
            "mañana a las 12:00; si no, la ofreceremos a otra familia.\n\nRecepción",
        )
    )
    assert clinic.score >= 70, clinic.reason
    assert "asked for" in clinic.reason
    council = scored(
        mail(
            "w.kramer@gemeente.example",
            "Geachte mevrouw Roth,\n\nUw collega van de Technische Dienst gaf mij uw naam door. "
            "Wij moeten de borden donderdag bestellen. Graag ontvang ik uiterlijk donderdag 12 "
            "juni uw reactie of de omleiding akkoord is.\n\nMet vriendelijke groet,\nW. Kramer",
        )
    )
    assert council.score >= 70, council.reason


def test_a_cold_pitch_from_a_stranger_still_stays_off() -> None:
    pitch = scored(
        mail(
            "jake@growthly.example",
            "Hi Lena,\n\nI'd love to show you how Growthly doubles pipeline. It would be great "
            "if you could spare 15 minutes tomorrow at 3pm?\n\nBest, Jake",
        )
    )
    assert pitch.score < 70, pitch.reason


def test_a_booking_confirmation_that_says_do_not_reply_sets_no_deadline() -> None:
    result = scored(
        mail(
            "buchung@bahn-reisen.example",
            "Guten Tag Frau Roth,\n\nvielen Dank für Ihre Buchung.\n\nHinfahrt: Do, 12.06.2025 "
            "ab 07:04\n\nDiese E-Mail wurde automatisch erstellt. Bitte antworten Sie nicht auf "
            "diese E-Mail.",
            labels=UPDATES,
            auto_submitted="auto-generated",
        )
    )
    assert result.score < 70, result.reason
    assert "antworten Sie nicht" not in result.reason


def test_a_short_thing_to_bring_is_quoted_with_the_sentence_beside_it() -> None:
    assert preparation("Appointments: Maths 17:45, Science 17:55. Bring Ama's report.") == (
        "Appointments: Maths 17:45, Science 17:55. Bring Ama's report."
    )
    assert preparation("Bring the contract. Parking is behind the building.") == (
        "Bring the contract. Parking is behind the building."
    )


def test_a_bank_asking_in_spanish_to_authorise_today_is_the_users_deadline() -> None:
    body = (
        "Hola, Lena:\n\nOmar Haddad ha preparado una transferencia que necesita tu autorización:"
        "\n\n  Importe: 12.300,00 €\n\nAutorízala hoy antes de las 23:59 desde la app; si no lo "
        "haces, la orden se cancelará automáticamente.\n\nMensaje automático, no respondas."
    )
    result = scored(
        mail("alertas@nordbank.example", body, labels=UPDATES, auto_submitted="auto-generated")
    )
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "Autorízala hoy" in result.reason


def test_a_notice_quotes_the_consequence_with_its_date_not_a_past_date_label() -> None:
    body = (
        "AVISO DE NOTIFICACIÓN\n\nTitular: ROTH, LENA\n\nFecha de puesta a disposición: "
        "03/06/2025\n\nSi no accede antes del 12 de junio de 2025, la notificación se entenderá "
        "practicada.\n\nNo responda a este mensaje. Acceda siempre tecleando la dirección."
    )
    result = scored(
        mail("avisos@sede.example", body, labels=UPDATES, auto_submitted="auto-generated")
    )
    assert result.kind == "deadline" and result.score >= 70, result.reason
    assert "Si no accede antes del 12 de junio" in result.reason


def test_a_list_mail_saying_yours_is_the_only_approval_missing_is_listed() -> None:
    body = (
        "Hello approvers,\n\nApprovals received: 5 of 6.\n\nLena, yours is the only approval "
        "still missing - please approve the variations in the portal before the lock.\n"
        "Payroll locks at 12:00 on Thursday 12 June.\n\nThis is an automated message."
    )
    result = scored(
        mail(
            "payroll-noreply@payfirst.example",
            body,
            to="approvers@tidewater.example",
            labels=("INBOX", "CATEGORY_FORUMS"),
            list_id="<approvers.tidewater.example>",
            precedence="list",
        )
    )
    assert result.kind == "deadline" and result.score >= 70, result.reason


def test_the_end_of_next_week_is_a_week_after_this_weeks_end() -> None:
    assert local("Tu pourras me dire d'ici la fin de la semaine prochaine ?") == datetime(
        2025, 6, 20, 18, 0
    )
    assert local("Can you tell me by the end of the week?") == datetime(2025, 6, 13, 18, 0)


def test_a_stranger_naming_the_user_by_title_or_their_own_firm_has_no_tie() -> None:
    from nyte_tui.services.triage.strangers import KnownPeople, tie_of

    known = KnownPeople()
    for text in (
        "Bonjour Me Roth, seriez-vous ouverte à un café la semaine prochaine ?",
        "Hola Lena, he visto los proyectos de Tidewater Roth y me encantaría llamarte.",
    ):
        tie = tie_of(
            text, "a@growth.example", [], known, {"lena"}, ["Lena Roth"], "tidewaterroth.example"
        )
        assert tie is None, tie
    wrapped = (
        "Uw organisatie heeft bij Keurcert de herbeoordeling van het certificaat voor de\n"
        "brandmeldinstallatie aangevraagd."
    )
    assert tie_of(wrapped, "l@keurcert.example", [], known, {"lena"}, ["Lena Roth"]) is not None


def test_the_ask_written_below_a_forwarded_message_is_read_and_a_duration_is_no_deadline() -> None:
    body = (
        "Lena, zie hieronder. Ze zeggen dat onze wagen 3 uur te laat was.\n\n"
        "---------- Doorgestuurd bericht ---------\nVan: Claims <claims@nordvik.example>\n\n"
        "Dear Ms Roth,\n\nWe kindly ask for your position within 5 working days.\n\n"
        "---------- einde doorgestuurd bericht ---------\n\n"
        "Klopt dat met onze rittijden? Kun je het uitzoeken en me uiterlijk morgen eind van de "
        "middag laten weten?\n\nOmar"
    )
    result = scored(mail(BOSS, body))
    assert result.score >= 70, result.reason
    assert "3 uur" not in result.reason and "Kun je het uitzoeken" in result.reason


def test_counting_on_the_user_is_a_request() -> None:
    body = (
        "Oui parfait.\n\nLes administrateurs reçoivent le dossier vendredi matin, donc je compte"
        "\nsur toi pour m'envoyer les slides d'ici jeudi midi.\n\nMerci !\nOmar"
    )
    result = scored(mail(BOSS, body))
    assert result.score >= 70 and result.kind in ("deadline", "needs_reply"), result.reason


def test_minutes_sent_to_a_list_give_the_user_an_action_point_by_initials_or_honorific() -> None:
    from zoneinfo import ZoneInfo

    minutes = (
        "Azioni\n- AP: LG – aggiornare listino fornitori entro ven 13/06\n"
        "- AP: LR – inviare a Tissages la conferma quantità velluto entro gio 12/06\n"
    )
    found = assigned_action(minutes, ["Lena Roth"], [], NOW - timedelta(hours=3), TZ)
    assert found is not None and found[0].sentence.startswith("AP: LR – inviare")
    tokyo = ZoneInfo("Asia/Tokyo")
    written = datetime(2026, 10, 13, 12, 0, tzinfo=tokyo)
    todo = (
        "TODO\n- TODO: 中村 – 業者に日程連絡\n"
        "- TODO: Lenaさん – 予算執行表を更新（10/15（木）まで）\n"
    )
    found = assigned_action(todo, ["Lena Roth"], [], written, tokyo)
    assert found is not None and found[1] is not None
    assert found[1].at.date() == datetime(2026, 10, 15).date()  # 10/15 in Japan is 15 October


def test_a_short_numeric_date_with_a_month_over_twelve_is_read_the_other_way() -> None:
    assert local("Please send it by 12/6.") == datetime(2025, 6, 12, 18, 0)  # DMY in Berlin
    assert local("Please send it by 06/12/2025.") == datetime(2025, 12, 6, 18, 0)
    assert local("Please send it by 13/6.") == datetime(2025, 6, 13, 18, 0)
    assert local("Please send it by 6/13.") == datetime(2025, 6, 13, 18, 0)  # only June 13


def test_ceo_fraud_asking_for_secret_money_or_gift_cards_is_warned() -> None:
    for sender, body in (
        (
            "m.haddad.office@postaveloce.example",
            "Lena,\n\nsei in ufficio? Sto chiudendo un'acquisizione riservata e ho bisogno che "
            "tu prepari un bonifico di 48.500 € entro le 11 di oggi. Non parlarne con nessuno, "
            "nemmeno con Omar.\n\nMarco",
        ),
        (
            "t.brandt.office@freemailbox.example",
            "Lena,\n\nich sitze im Termin. Für einen neuen Kunden brauche ich heute noch 8 "
            "Amazon-Gutscheinkarten à 250 EUR, bitte vertraulich behandeln. Kauf sie bitte und "
            "schick mir die Codes.\n\nThomas",
        ),
    ):
        result = scored(mail(sender, body))
        assert result.warning == "scam" and result.score < 70, result.reason


def test_a_school_or_a_nursery_asking_to_sign_and_return_a_form_is_listed() -> None:
    for sender, body in (
        (
            "leitung@kita-sonnenhof.example",
            "Sehr geehrte Frau Roth,\n\nHerr Lindner hat Sie als abholberechtigte Person "
            "angegeben. Bitte senden Sie uns das angehängte Formular bis Donnerstag, 12.06., "
            "unterschrieben zurück.\n\nClaudia Brenner",
        ),
        (
            "giulia.ferraro@icmanzoni.example",
            "Gentile signora Roth,\n\nVi chiediamo di restituire il modulo di autorizzazione "
            "firmato entro giovedì 12 giugno alle ore 8:00. Senza autorizzazione gli alunni non "
            "potranno partecipare.\n\nGiulia Ferraro",
        ),
    ):
        result = scored(mail(sender, body))
        assert result.score >= 70, result.reason
