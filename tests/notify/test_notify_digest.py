"""The staff digest: "À traiter" first, each item with what to do; the period's dossiers as the
committee reads them; one name per state; French typography; tables and inline CSS only."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email import message_from_bytes
from email.policy import default as default_policy
from html.parser import HTMLParser

import pytest

from config.settings import ConfigError
from notify import digest as digest_module
from notify.digest import build_digest, render_digest_message
from notify.sender import send_pending
from store.models import Outbox
from tests.notify.digesthelp import END, LONG_WORD, START, fill
from tests.notify.notifyhelp import NOW

GROUPS = ["Messages retenus", "Messages en quarantaine", "Messages en échec", "Réponses non remises",
          "Réponses en échec d’envoi", "Réponses en attente d’envoi", "Correspondances en attente d’une réponse",
          "Dossiers à examiner"]


@pytest.fixture
def filled(session, settings):
    return fill(session, settings)


@pytest.fixture
def digest(session, settings, call, filled):
    return build_digest(session, settings, call, START, END)


def plain(text: str) -> str:
    """Without its no-break spaces (their places are checked in test_french_typography)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def items(text: str, group: str) -> list[str]:
    """The items of one group of "À traiter" in the text digest."""
    text = plain(text)
    start = text.index(f"\n{group} (")
    block = text[start:text.index("\nNOUVEAUX DOSSIERS")]
    block = re.split(r"\n(?=[A-ZÀÉ][^\n]* \(\d+\)\n)", block[1:])[0]
    return [i for i in block.split("  ■ ")[1:]]


def test_the_digest_opens_with_what_needs_a_human(digest):
    text, html = digest.text, digest.html
    assert text.index("À TRAITER (9)") < text.index("NOUVEAUX DOSSIERS") < text.index("CHIFFRES DE LA PÉRIODE")
    assert html.index(">À traiter<") < html.index(">Nouveaux dossiers (2)<")
    for body in (text, html):
        places = [body.index(g) for g in GROUPS]
        assert places == sorted(places), GROUPS  # in the order staff act
    assert "9 à traiter, 2 nouveaux dossiers" in plain(digest.subject)
    assert plain(digest.subject).startswith("[Fabrique CTO] Synthèse du 10 août 2022 : ")


def test_each_item_says_what_to_do(digest):
    for group in GROUPS:
        found = items(digest.text, group)
        assert found, group
        assert all("À faire : " in i for i in found), group


def test_held_message_is_told_apart_from_quarantine_with_who_decides(digest):
    (held,) = items(digest.text, "Messages retenus")
    assert "inconnu@ailleurs.example" in held and "FCTO-2022-0101" in held
    assert "lea@ateliers.example" in held  # the applicant staff may ask to forward it
    assert "fabrique@anact.fr" in held and "n’a pas été ajouté au dossier" in held
    assert all("inconnu@ailleurs.example" not in i for i in items(digest.text, "Messages en quarantaine"))


def test_quarantined_mail_shows_its_real_subject(digest, filled):
    for body in (digest.text, digest.html):
        assert "Des métiers en transition" in body  # read from the archived header (encoded word)
        assert LONG_WORD in body
        assert "(sans objet)" not in body


def test_quarantine_reason_in_staff_words_with_the_command_to_release(digest, settings):
    timeout, big = items(digest.text, "Messages en quarantaine")
    assert "Lecture d’un document trop longue" in timeout
    assert "60 secondes par document" in timeout and "FABRIQUE_EXTRACTION_TIMEOUT" in timeout
    assert "fabrique-intake reprocess --all" in timeout
    assert str(settings.data_dir / "archive" / "ab" / "timeout.eml") in timeout  # where to look at it
    assert "61,2 Mo" in big and "50 Mo" in big and "FABRIQUE_MAX_MESSAGE_BYTES" in big
    assert "resté dans la boîte fabrique@anact.fr" in big  # only its header was fetched: read it there
    assert "reprocess" not in big  # which would not help: the archive holds its header only


def test_failed_message_says_who_to_tell_and_how_to_retry(digest):
    (failed,) = items(digest.text, "Messages en échec")
    assert "robot@portail.example" in failed and "exploitant" in failed
    assert "fabrique-intake reprocess --all" in failed and "UnicodeDecodeError" in failed


def test_bounced_answer_is_shown_with_its_reason_and_dossier(digest):
    (bounced,) = items(digest.text, "Réponses non remises")
    assert "FCTO-2022-0101" in bounced and "accusé de réception" in bounced
    assert "550 5.1.1" in bounced and "adresse inconnue" in bounced
    assert "revenue le 10 août 2022" in bounced
    assert "Aucune" not in digest.text.split("Réponses non remises")[1][:200]


def test_answers_waiting_for_an_unreachable_server(digest):
    (waiting,) = items(digest.text, "Réponses en attente d’envoi")
    assert "1 réponse en attente du serveur d’envoi" in waiting
    assert "contact@aides-domicile.example" in waiting and "FCTO-2022-0103" in waiting
    assert "injoignable depuis le 10 août 2022 à 5 h 30" in waiting  # failing_since, in Paris time
    assert "fabrique-intake status" in waiting


def test_failed_answer_names_the_command_that_sends_it_again(digest):
    (failed,) = items(digest.text, "Réponses en échec d’envoi")
    assert "554 5.7.1" in failed and "4 essais" in failed
    assert "fabrique-intake outbox retry FCTO-2022-0102" in failed


def test_a_question_waits_for_a_human_reply(digest):
    (question,) = items(digest.text, "Correspondances en attente d’une réponse")
    assert "Paule Curieuse" in question and "Répondez-lui depuis la boîte fabrique@anact.fr" in question
    assert "Ancienne question" not in digest.text  # outside the period


def test_a_dossier_staff_must_examine(digest):
    (review,) = items(digest.text, "Dossiers à examiner")
    assert "FCTO-2022-0104" in review and "document numérisé" in review
    assert "complet, à examiner" in digest.text  # and on its card


def test_the_committee_reads_each_dossier_at_a_glance(digest):
    for body in (digest.text, digest.html):
        assert "FCTO-2022-0101 · PLANIDIAL" in body  # the acronym
        assert "125\u202f000\u00a0€" in body and "95\u202f000\u00a0€" in body  # total cost, Anact request
        assert "24\u00a0%" in body and "30\u202f000\u00a0€" in body  # co-financing share and amount
        assert "Montant demandé supérieur au plafond de l’appel" in body  # the flag...
        assert "dépasse le plafond de l’appel (80\u202f000\u00a0€ net de taxe)" in body  # ... and its reason
        assert "Reçu le 28\u00a0juillet\u00a02022" in body  # received, not « depuis 13 jours »
        assert "délai dépassé depuis le 7\u00a0août\u00a02022" in body  # asked 28 July, 10 days
        assert "attendus au plus tard le 20\u00a0août\u00a02022" in body
        assert "25\u00a0%" in body and "déduit du coût total et de la demande" in body  # worked out, and said so
        assert not re.search(r"[Dd]epuis \d+ jours", body)


def test_one_name_per_state(digest):
    for body in (digest.subject, digest.text, digest.html):
        for old in ("non classé", "Messages non traités", "erreurs", "Réponses non envoyées"):
            assert old not in body, old
    assert "mis de côté : 4" in plain(digest.text)  # held, quarantined and failed, counted together
    assert "Messages reçus : 8" in plain(digest.text)


def test_french_typography(digest):
    text = digest.text
    assert not re.search(r"[^\s\u00a0\u202f][ ][:;?!](\s|$)", text)  # no ordinary space before a high mark
    assert "'" not in text  # curly apostrophes, in the call's reasons too
    assert "l’Anact (95\u202f000\u00a0€)" in text
    assert not re.search(r"\d [€%]", text)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.styles, self.attrs = set(), [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attrs.add(name)
            if name == "style":
                self.styles.append(value)


def test_the_html_is_tables_and_inline_css_only(digest):
    parsed = _Tags()
    parsed.feed(digest.html)
    assert parsed.tags <= {"html", "head", "meta", "title", "body", "table", "tr", "td", "p", "span", "strong",
                           "br", "h2", "h3"}, parsed.tags
    assert not parsed.attrs & {"class", "id"}  # nothing a <style> sheet would be needed for
    assert all(not re.search(r"display\s*:\s*(flex|grid)|position\s*:|float\s*:", s) for s in parsed.styles)
    assert "<style" not in digest.html.lower() and "<link" not in digest.html.lower()


def test_digest_html_escapes_mail_content(digest):
    html = digest.html
    assert "<script" not in html.lower() and "&lt;script&gt;" in html
    assert "Labo &lt;Sigma&gt; &amp; associés" in html
    assert "Question <script>" in digest.text


def test_open_alerts_only(digest):
    for body in (digest.text, digest.html):
        assert "serveur d’envoi injoignable" in body and "smtp.anact.example:587" in body
        assert "coupure réglée" not in body
    assert "ALERTE en cours" in digest.subject


def test_empty_digest(session, settings, call):
    digest = build_digest(session, settings, call, START, END)
    assert "rien à traiter, 0 nouveau dossier" in plain(digest.subject)
    assert "Rien à traiter" in digest.text and "Aucun nouveau dossier" in digest.text


def test_a_calendar_day_is_named_by_itself(session, settings, call):
    start = datetime(2022, 8, 9, 22, 0, tzinfo=timezone.utc)  # 10 August 00:00 in Paris
    digest = build_digest(session, settings, call, start, start + timedelta(days=1))
    assert "Synthèse du 10 août 2022" in plain(digest.subject)
    assert "journée du 10 août 2022" in plain(digest.text) and digest.period == "journée du 10 août 2022"
    other = build_digest(session, settings, call, START, END)
    assert other.period == "du 9 août 2022 à 11 h 30 au 10 août 2022 à 11 h 30"


def test_new_complete_dossier_is_not_listed_as_completed(session, settings, call, make):
    d = make.dossier(reference="FCTO-2022-0009", status="complete", received_at=NOW - timedelta(hours=2),
                     completed_at=NOW - timedelta(hours=2))
    make.message(d, created_at=NOW - timedelta(hours=2))
    text = plain(build_digest(session, settings, call, START, END).text)
    assert "Dossiers complétés : 0" in text and "DOSSIERS COMPLÉTÉS" not in text


def test_dossier_lines_for_the_terminal_speak_french(session, settings, call, filled):
    lines = plain("\n".join(digest_module.dossier_lines(session, settings, call, END)))
    assert "FCTO-2022-0101 · PLANIDIAL – complet" in lines
    assert "demande Anact : 95 000 €" in lines
    assert "Manque (2) : les dépenses de personnel" in lines
    for code in ("complete", "95000.0", "budget.personnel", "plafond_depasse", "None"):
        assert code not in lines, code


def test_digest_message(session, settings, call, digest):
    raw = render_digest_message(digest, settings, now=NOW)
    msg = message_from_bytes(raw, policy=default_policy)
    assert [a.addr_spec for a in msg["To"].addresses] == ["equipe@anact.fr", "chef@anact.fr"]
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Subject"] == digest.subject
    assert msg.get_body(("html",)).get_content().replace("\r\n", "\n") == digest.html
    with pytest.raises(ConfigError, match="FABRIQUE_DIGEST_TO"):
        render_digest_message(digest, settings.model_copy(update={"digest_to": None}))


def test_digest_sent_to_all_staff(engine, session, settings, call, smtp_server):
    settings = settings.model_copy(update={"digest_to": "Équipe <equipe@anact.fr>, chef@anact.fr"})
    digest = build_digest(session, settings, call, START, END)
    raw = render_digest_message(digest, settings, now=NOW)
    # queued the way the service does it (service.jobs.queue_mail)
    session.add(Outbox(dedupe_key="digest:2022-08-10", kind="digest", to_addr=", ".join(settings.staff_addresses),
                       subject=digest.subject, message_id="<digest@anact.fr>", raw=raw, next_attempt_at=NOW))
    session.commit()
    smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp_server.port,
                                       "smtp_security": "none"})
    assert send_pending(engine, smtp, now=NOW).sent == 1
    assert smtp_server.messages[0].rcpt_tos == ("equipe@anact.fr", "chef@anact.fr")
