"""The staff digest: lists dossiers, correspondence, failures and alerts; escapes what came from mail."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from config.settings import ConfigError
from notify.digest import build_digest, render_digest_message
from notify.sender import send_pending
from store.models import Alert, Outbox
from tests.notify.notifyhelp import NOW

START, END = NOW - timedelta(days=1), NOW


@pytest.fixture
def filled(session, make):
    a = make.dossier(reference="FCTO-2022-0001", organisation="Cabinet Alpha", project_title="Dialogue & numérique",
                     status="complete", flags=["plafond_depasse", "document_illisible"],
                     budget={"anact_request_eur": 90000.0, "total_eur": 100000.0}, received_at=NOW - timedelta(hours=5))
    make.message(a, created_at=NOW - timedelta(hours=5), received_at=NOW - timedelta(hours=5))
    b = make.dossier(reference="FCTO-2022-0002", organisation="Labo <Beta>", status="incomplete",
                     missing=["budget.personnel", "partenaires.liste"], received_at=NOW - timedelta(days=6))
    c = make.dossier(reference="FCTO-2022-0003", organisation="Gamma", status="complete",
                     received_at=NOW - timedelta(days=4), completed_at=NOW - timedelta(hours=2))
    make.message(None, classification="correspondence", from_addr="curieux@exemple.fr", from_name="Paul Curieux",
                 subject="Question <script>alert('x')</script> sur l’appel", created_at=NOW - timedelta(hours=3),
                 received_at=NOW - timedelta(hours=3))
    make.message(None, classification=None, state="quarantined", error="message trop volumineux (60 Mo)",
                 from_addr="gros@exemple.fr", subject="Dossier complet", created_at=NOW - timedelta(hours=1),
                 received_at=NOW - timedelta(hours=1))
    make.message(None, classification="auto_reply", from_addr="absent@exemple.fr", subject="Absence",
                 created_at=NOW - timedelta(hours=1), received_at=NOW - timedelta(hours=1))
    make.message(None, classification="correspondence", subject="Ancienne question",
                 created_at=NOW - timedelta(days=3), received_at=NOW - timedelta(days=3))
    session.add(Outbox(dedupe_key="x", dossier_id=b.id, kind="completion_request", to_addr="b@labo.fr",
                       subject="[FCTO-2022-0002] Demande", message_id="<r@anact.fr>", raw=b"x", status="failed",
                       attempts=1, last_error="550 5.1.1 Utilisateur inconnu", created_at=NOW - timedelta(hours=4)))
    session.add(Alert(kind="boite_injoignable", detail="IMAP : connexion refusée", opened_at=NOW - timedelta(hours=6)))
    session.add(Alert(kind="ancienne", detail="fermée", opened_at=NOW - timedelta(days=9),
                      closed_at=NOW - timedelta(days=8)))
    session.flush()
    return a, b, c


def test_digest_lists_what_staff_need(session, settings, call, filled):
    digest = build_digest(session, settings, call, START, END)
    for body in (digest.text, digest.html):
        assert "FCTO-2022-0001" in body and "Cabinet Alpha" in body
        assert "90\u202f000" in body  # Anact request, French format
        assert "montant demandé supérieur au plafond" in body and "à vérifier à l’œil" in body
        assert "FCTO-2022-0003" in body  # completed in the period
        assert "FCTO-2022-0002" in body and "6 jours" in body  # still incomplete, for how long
        assert "dépenses de personnel" in body
        assert "curieux@exemple.fr" in body and "sur l’appel" in body  # correspondence waiting
        assert "Ancienne question" not in body  # outside the period
        assert "message trop volumineux" in body  # could not be processed
        assert "550 5.1.1 Utilisateur inconnu" in body  # answer that failed
        assert "IMAP : connexion refusée" in body and "fermée" not in body  # open alerts only
    assert "1 nouveau dossier" in digest.subject and "1 correspondance" in digest.subject
    assert "ALERTE" in digest.subject
    assert "Synthèse du 10 août 2022" in digest.subject


def test_digest_html_escapes_mail_content(session, settings, call, filled):
    html = build_digest(session, settings, call, START, END).html
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert "Labo &lt;Beta&gt;" in html and "Dialogue &amp; numérique" in html
    assert "Question <script>" in build_digest(session, settings, call, START, END).text


def test_digest_counts(session, settings, call, filled):
    text = build_digest(session, settings, call, START, END).text
    assert "Messages reçus : 4" in text
    assert "Nouveaux dossiers : 1 (complets : 1, incomplets : 0)" in text
    assert "Dossiers complétés : 1" in text


def test_empty_digest(session, settings, call):
    digest = build_digest(session, settings, call, START, END)
    assert "0 nouveau dossier" in digest.subject and "Aucun" in digest.text


def test_digest_message(session, settings, call, filled):
    digest = build_digest(session, settings, call, START, END)
    raw = render_digest_message(digest, settings, now=NOW)
    msg = message_from_bytes(raw, policy=default_policy)
    assert [a.addr_spec for a in msg["To"].addresses] == ["equipe@anact.fr", "chef@anact.fr"]
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Subject"] == digest.subject
    assert msg.get_body(("html",)).get_content().replace("\r\n", "\n") == digest.html
    with pytest.raises(ConfigError):
        render_digest_message(digest, settings.model_copy(update={"digest_to": None}))


def test_digest_sent_to_all_staff(engine, session, settings, call, filled, smtp_server):
    settings = settings.model_copy(update={"digest_to": "Équipe <equipe@anact.fr>, chef@anact.fr"})
    digest = build_digest(session, settings, call, START, END)
    raw = render_digest_message(digest, settings, now=NOW)
    # queued the way the service does it (service.jobs.queue_mail)
    session.add(Outbox(dedupe_key="digest:2022-08-10", kind="digest", to_addr=", ".join(settings.staff_addresses),
                       subject=digest.subject, message_id="<digest@anact.fr>", raw=raw))
    session.commit()
    smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp_server.port,
                                       "smtp_security": "none"})
    assert send_pending(engine, smtp, now=NOW).sent == 1
    assert smtp_server.messages[0].rcpt_tos == ("equipe@anact.fr", "chef@anact.fr")


def test_calendar_day_is_named_by_itself(session, settings, call):
    start = datetime(2022, 8, 9, 22, 0, tzinfo=timezone.utc)  # 10 August 00:00 in Paris
    digest = build_digest(session, settings, call, start, start + timedelta(days=1))
    assert "Synthèse du 10 août 2022" in digest.subject


def test_new_complete_dossier_is_not_listed_as_completed(session, settings, call, make):
    d = make.dossier(reference="FCTO-2022-0009", status="complete", received_at=NOW - timedelta(hours=2),
                     completed_at=NOW - timedelta(hours=2))
    make.message(d, created_at=NOW - timedelta(hours=2))
    text = build_digest(session, settings, call, START, END).text
    assert "Dossiers complétés : 0" in text
    completed_part = text.split("DOSSIERS COMPLÉTÉS DANS LA PÉRIODE")[1].split("DOSSIERS TOUJOURS")[0]
    assert "FCTO-2022-0009" not in completed_part
