"""`fabrique-intake status`: exit code and French report, on states built in a real SQLite file."""
from __future__ import annotations

import hashlib
import json
import os
from datetime import timedelta

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from config.settings import load_settings
from service.cli import app
from service.runtime import open_runtime
from store.models import Alert, Dossier, MailboxCursor, Message, Outbox, utcnow

IMAP = {"FABRIQUE_IMAP_HOST": "imap.example.org", "FABRIQUE_IMAP_USER": "fabrique@anact.fr"}
ACCOUNT = "fabrique@anact.fr@imap.example.org"


@pytest.fixture
def env(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("FABRIQUE_"):
            monkeypatch.delenv(name)
    values = {"FABRIQUE_DATA_DIR": str(tmp_path / "data"), **IMAP}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def store(env):
    rt = open_runtime(load_settings())
    yield rt.engine
    rt.engine.dispose()


def status(*args):
    result = CliRunner().invoke(app, ["status", *args])
    assert "Traceback" not in result.output
    return result


def add(engine, *rows):
    with Session(engine) as s:
        s.add_all(rows)
        s.commit()


def cursor(ok_ago: timedelta | None, *, error: str | None = None, failing_ago: timedelta | None = None,
           account: str = ACCOUNT) -> MailboxCursor:
    now = utcnow()
    return MailboxCursor(account=account, folder="INBOX", uidvalidity=1, last_uid=3,
                         last_poll_at=now - (failing_ago or ok_ago or timedelta(0)),
                         last_success_at=now - ok_ago if ok_ago is not None else None, last_error=error,
                         failing_since=now - failing_ago if failing_ago is not None else None)


def message(n: int, state: str = "processed", age: timedelta = timedelta(minutes=5)) -> Message:
    when = utcnow() - age
    return Message(sha256=hashlib.sha256(str(n).encode()).hexdigest(), archive_path=f"a/{n}.eml", size=100,
                   received_at=when, created_at=when, state=state)


def dossier(ref: str, age: timedelta, status: str = "complete") -> Dossier:
    return Dossier(reference=ref, call="fabrique-cto-2022", applicant_email=f"{ref.lower()}@example.org",
                   status=status, received_at=utcnow() - age)


def answer(key: str, status: str, *, dossier_id: int | None = None, age: timedelta = timedelta(minutes=1),
           failed_ago: timedelta | None = None) -> Outbox:
    return Outbox(dedupe_key=key, dossier_id=dossier_id, kind="acknowledgement", to_addr="x@example.org",
                  subject="Accusé", message_id=f"<{key}@anact.fr>", raw=b"x", status=status,
                  created_at=utcnow() - age, attempts=1 if status != "sent" else 0,
                  next_attempt_at=utcnow() - failed_ago if failed_ago is not None else None,
                  last_error="550 5.1.1 adresse inconnue" if status == "failed" else None)


def test_healthy_service_exits_0_and_reports_in_french(store):
    add(store, cursor(timedelta(minutes=2)), message(1), message(2, "quarantined"),
        dossier("FAB-001", timedelta(days=3)), dossier("FAB-002", timedelta(days=1), "incomplete"))
    add(store, answer("a1", "sent", dossier_id=1), answer("a2", "written", dossier_id=2),
        answer("old", "failed", failed_ago=timedelta(days=3)))  # an old failure, already in the digests
    result = status()
    assert result.exit_code == 0, result.output
    out = result.output
    assert "État : en bonne santé" in out
    assert "Messages en quarantaine : 1, en échec : 0" in out
    assert "Réponses en attente d'envoi : 0, en échec d'envoi : 1" in out
    assert "Plus ancien dossier sans réponse envoyée : aucun" in out
    assert "Plus ancien dossier incomplet : FAB-002" in out
    assert "Problème" not in out


def test_stale_poll_exits_1_naming_the_last_success_and_the_error(store):
    error = "Autorisation OAuth2 refusée par login.microsoftonline.com (invalid_client)"
    add(store, cursor(timedelta(hours=2), error=error, failing_ago=timedelta(minutes=100)))
    result = status()
    assert result.exit_code == 1
    assert "État : EN DIFFICULTÉ" in result.output
    assert "Problème : pas de relève réussie depuis le" in result.output
    assert f"Dernière erreur de relève : {error} (en échec depuis le" in result.output


def test_a_mailbox_never_polled_is_unhealthy_and_old_accounts_do_not_count(store):
    add(store, cursor(timedelta(minutes=1), account="ancienne@imap.example.org"))
    result = status()
    assert result.exit_code == 1 and "Problème : aucune relève réussie de la boîte" in result.output


def test_failing_outbox_exits_1(store):
    add(store, cursor(timedelta(minutes=2)), dossier("FAB-010", timedelta(hours=5)), dossier("FAB-011", timedelta(hours=3)))
    add(store, answer("f1", "failed", dossier_id=1, failed_ago=timedelta(hours=2)),
        answer("p1", "pending", dossier_id=2, age=timedelta(hours=2)))  # retried with backoff since
    result = status()
    assert result.exit_code == 1
    out = result.output
    assert "Réponses en attente d'envoi : 1, en échec d'envoi : 1" in out
    assert "Problème : 1 réponse(s) en échec d'envoi ces dernières 24 h" in out
    assert "Problème : 1 réponse(s) en attente d'envoi depuis plus d'une heure" in out
    assert "Plus ancien dossier sans réponse envoyée : FAB-010 (reçu le" in out

    report = json.loads(status("--json").output)
    assert report["healthy"] is False and len(report["problems"]) == 2
    assert report["oldest_unanswered"].startswith("FAB-010")


def test_stuck_backlog_and_open_alert_are_unhealthy(store):
    now = utcnow()
    add(store, cursor(timedelta(minutes=2)), message(1, "archived", timedelta(hours=2)), message(2, "archived"),
        Alert(kind="boite_injoignable", detail="Serveur IMAP injoignable", opened_at=now - timedelta(hours=1)))
    result = status()
    assert result.exit_code == 1
    assert "Problème : 2 message(s) en attente de traitement, le plus ancien depuis le" in result.output
    assert "Alerte ouverte : boîte de réception injoignable depuis le" in result.output
    assert "Problème : alerte ouverte : boîte de réception injoignable" in result.output


def test_a_fresh_backlog_is_not_a_problem_and_poll_interval_bounds_staleness(store, monkeypatch):
    # IDLE re-polls every interval: with a 30 min interval, a 20 min old success is not stale
    monkeypatch.setenv("FABRIQUE_POLL_INTERVAL", "1800")
    add(store, cursor(timedelta(minutes=20)), message(1, "archived"))
    result = status()
    assert result.exit_code == 0, result.output
    assert "Messages en attente de traitement : 1" in result.output


@pytest.mark.parametrize("unset", ["FABRIQUE_IMAP_USER", "FABRIQUE_IMAP_HOST"])
def test_half_a_mailbox_is_never_reached_and_unhealthy(store, monkeypatch, unset):
    monkeypatch.delenv(unset)
    add(store, dossier("FAB-020", timedelta(hours=1)))
    result = status()
    assert result.exit_code == 1, result.output
    assert f"Problème : boîte aux lettres jamais relevée : {unset} n’est pas renseigné" in result.output


def test_a_mailbox_whose_every_poll_failed_is_unhealthy_with_the_reason(store):
    add(store, cursor(None, error="Connexion refusée par imap.example.org:993", failing_ago=timedelta(minutes=3)))
    result = status()
    assert result.exit_code == 1
    assert "Dernière relève : " in result.output and "(dernière réussie : jamais)" in result.output
    assert "Problème : aucune relève réussie de la boîte" in result.output
    assert "Dernière erreur de relève : Connexion refusée par imap.example.org:993" in result.output


def test_no_mailbox_configured_is_not_a_problem(store, monkeypatch):
    monkeypatch.delenv("FABRIQUE_IMAP_HOST")
    monkeypatch.delenv("FABRIQUE_IMAP_USER")
    assert status().exit_code == 0


def test_bounced_answers_and_dossiers_to_review_are_counted_without_making_it_unhealthy(store):
    """An answer returned undeliverable and a dossier staff must look at are for staff to act on;
    the service itself is fine."""
    review = dossier("FAB-010", timedelta(hours=3), status="incomplete")
    review.review = "« Budget.pdf » illisible : les éléments du budget y sont peut-être"
    add(store, cursor(timedelta(minutes=1)), review)
    with Session(store) as s:
        dossier_id = s.exec(__import__("sqlmodel").select(Dossier.id)).first()
    bounced = answer("k-bounced", "bounced", dossier_id=dossier_id)
    bounced.last_error = "adresse inconnue (550 5.1.1)"
    add(store, bounced)
    result = status()
    assert result.exit_code == 0, result.output
    assert "non remises : 1" in result.output and "Dossiers à examiner : 1" in result.output
