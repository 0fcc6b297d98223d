"""The outbox as the service runs it (service.jobs.flush_outbox), on SQLite and PostgreSQL, with a
real SMTP server on loopback: claims that a second process never takes back while they are in
flight, an outage that spends no attempt and warns staff once, `outbox retry`, answers held by a
cap and sent when it allows, a state that comes back answered again."""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from notify.answers import decide_answer
from service.jobs import flush_outbox
from store.db import make_engine, migrate
from store.models import Alert, Outbox, utcnow
from tests.notify.notifyhelp import NOW, ROOT, Factory, outbox_row


def answer(s, d, m, call, settings, now, previous=(None, None), headers=None):
    return decide_answer(s, dossier=d, trigger=m, trigger_headers=headers or {}, previous_status=previous[0],
                         previous_missing=previous[1], call=call, settings=settings, now=now)


def outbox(engine) -> dict[int, Outbox]:
    with Session(engine) as s:
        return {r.id: r for r in s.exec(select(Outbox).order_by(Outbox.id))}


# --- two processes ----------------------------------------------------------------------------

SECOND_SENDER = """
import sys, time
from datetime import timedelta
import notify.sender
notify.sender.stale_claim = lambda settings: timedelta(seconds=1)  # a lease or a claim lasts 1 s here
from sqlalchemy import func
from sqlmodel import Session, select
from config.settings import Settings
from notify.sender import send_pending
from service.jobs import flush_outbox
from service.runtime import open_runtime
from store.models import Outbox
rt = open_runtime(Settings())
mode, after = sys.argv[1], int(sys.argv[2])
while after:  # start once the other process has been sending for a while (its claims > 1 s old)
    with Session(rt.engine) as s:
        if s.exec(select(func.count()).select_from(Outbox).where(Outbox.status == "sent")).one() >= after:
            break
    time.sleep(0.02)
report = flush_outbox(rt) if mode == "flush" else send_pending(rt.engine, rt.settings)
print(mode, after, report)
"""


def _env(url: str, data, smtp_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FABRIQUE_")}
    env.update(PYTHONPATH=str(ROOT), FABRIQUE_DATA_DIR=str(data), FABRIQUE_DATABASE_URL=url,
               FABRIQUE_SMTP_HOST="127.0.0.1", FABRIQUE_SMTP_PORT=str(smtp_port), FABRIQUE_SMTP_SECURITY="none",
               FABRIQUE_SMTP_TIMEOUT="5")
    return env


@pytest.fixture
def slow_smtp(smtp_server, monkeypatch):
    """The loopback server taking 0.2 s to accept each message, serving other sessions meanwhile."""
    import asyncio

    from tests.servers import smtp as smtp_module

    accept = smtp_module._Handler.handle_DATA

    async def slowly(handler, server, session, envelope):
        await asyncio.sleep(0.2)
        return await accept(handler, server, session, envelope)

    monkeypatch.setattr(smtp_module._Handler, "handle_DATA", slowly)
    return smtp_server


def test_two_processes_flushing_at_once_send_each_answer_once(store_url, tmp_path, slow_smtp):
    """`run` sends a long outbox while `outbox send` (on SQLite: the lease) or a bare sender (on
    PostgreSQL: no lease, only the claims) starts beside it, with claims and leases lasting 1 s
    instead of 5 min. Before: the first process's lease ran out unrenewed and its row in flight,
    stamped with the start of its run, looked stale: the second took it back and sent it again."""
    second = "flush" if store_url.startswith("sqlite") else "send"
    engine = make_engine(store_url)
    migrate(engine)
    with Session(engine) as s:
        ids = [outbox_row(s, n).message_id for n in range(1, 13)]
    engine.dispose()
    smtp_server = slow_smtp
    env = _env(store_url, tmp_path / "data", smtp_server.port)
    first = subprocess.Popen([sys.executable, "-c", SECOND_SENDER, "flush", "0"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    other = subprocess.Popen([sys.executable, "-c", SECOND_SENDER, second, "6"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outs = [p.communicate(timeout=90) for p in (first, other)]
    assert [p.returncode for p in (first, other)] == [0, 0], [err[-2000:] for _, err in outs]
    received = Counter(str(m.message["Message-ID"]) for m in smtp_server.messages)
    assert set(received) == set(ids), outs
    assert [mid for mid, n in received.items() if n > 1] == [], outs
    engine = make_engine(store_url)
    assert {r.status for r in outbox(engine).values()} == {"sent"}
    engine.dispose()


# --- an SMTP outage ------------------------------------------------------------------------------

def test_an_smtp_outage_longer_than_the_attempts_span_loses_nothing_and_warns_staff_once(runtime, smtp_server):
    """Three hours without the server (eight attempts with their backoff last about two): the
    answers wait, no attempt spent; staff get one alert, then one "back again"; every answer goes
    once the server is back."""
    from service.health import health

    rt = runtime()
    t0 = utcnow()
    with Session(rt.engine) as s:
        answers = {outbox_row(s, n, created_at=t0, next_attempt_at=t0).message_id for n in range(1, 4)}
    smtp_server.stop()
    now = t0
    while now <= t0 + timedelta(hours=3):
        flush_outbox(rt, now=now)
        now += timedelta(minutes=5)
    rows = outbox(rt.engine).values()
    waiting = [r for r in rows if r.kind == "acknowledgement"]
    assert [(r.status, r.attempts, r.failing_since) for r in waiting] == [("pending", 0, t0)] * 3
    assert all("injoignable" in r.last_error for r in waiting)
    with Session(rt.engine) as s:
        alerts = s.exec(select(Alert)).all()
    assert [(a.kind, a.closed_at) for a in alerts] == [("envoi_injoignable", None)]
    assert alerts[0].opened_at - t0 >= timedelta(seconds=rt.settings.smtp_alert_after)
    assert [r.kind for r in rows if r.kind == "alert"] == ["alert"]  # one mail to staff, waiting too
    assert any("serveur d’envoi injoignable" in p or "envoi_injoignable" in p for p in health(rt).problems)

    smtp_server.start()
    for _ in range(6):  # the next tries, every 5 min: the waiting rows are tried every 15 min at most
        flush_outbox(rt, now=now)
        now += timedelta(minutes=5)
    got = Counter(str(m.message["Message-ID"]) for m in smtp_server.messages)
    assert {mid: got[mid] for mid in answers} == {mid: 1 for mid in answers}
    staff = [m.message for m in smtp_server.to("equipe@anact.fr")]
    assert sorted(str(m["Subject"]) for m in staff) == [
        "[Fabrique CTO] Serveur d'envoi de nouveau joignable",
        "[Fabrique CTO] Serveur d'envoi injoignable : réponses en attente"]
    warning = next(m for m in staff if "en attente" in str(m["Subject"])).get_content()
    assert "Réponses en attente : 3." in warning and "fabrique-intake outbox retry" in warning
    with Session(rt.engine) as s:
        assert [a.closed_at is not None for a in s.exec(select(Alert))] == [True]
    assert {r.status for r in outbox(rt.engine).values()} == {"sent"}


def test_answers_waiting_past_the_retry_period_fail_and_outbox_retry_sends_each_dossiers_latest(
        runtime, smtp_server, monkeypatch):
    from typer.testing import CliRunner

    from service.cli import app

    rt = runtime(smtp_retry_hours=1)
    t0 = utcnow()
    with Session(rt.engine, expire_on_commit=False) as s:
        f = Factory(s)
        d1, d2 = f.dossier(), f.dossier()
        s.commit()
        old = outbox_row(s, 1, dossier_id=d1.id, kind="completion_request", created_at=t0, next_attempt_at=t0)
        new = outbox_row(s, 2, dossier_id=d1.id, kind="completion_acknowledgement", created_at=t0,
                         next_attempt_at=t0)
        other = outbox_row(s, 3, dossier_id=d2.id, created_at=t0, next_attempt_at=t0)
    smtp_server.stop()
    for minutes in (0, 30, 61):
        flush_outbox(rt, now=t0 + timedelta(minutes=minutes))
    rows = outbox(rt.engine)
    assert [(rows[r.id].status, rows[r.id].attempts) for r in (old, new, other)] == [("failed", 0)] * 3
    assert "en attente depuis 1 h" in rows[new.id].last_error
    smtp_server.start()
    for name in [k for k in os.environ if k.startswith("FABRIQUE_")]:
        monkeypatch.delenv(name)
    env = {"FABRIQUE_DATA_DIR": str(rt.settings.data_dir), "FABRIQUE_DATABASE_URL": rt.settings.db_url,
           "FABRIQUE_SMTP_HOST": "127.0.0.1", "FABRIQUE_SMTP_PORT": str(smtp_server.port),
           "FABRIQUE_SMTP_SECURITY": "none"}
    result = CliRunner().invoke(app, ["outbox", "retry"], env=env)
    assert result.exit_code == 0, result.output
    assert ("Boîte d'envoi : 2 réponse(s) en échec remise(s) en file d'attente ; 1 laissée(s) en échec, "
            "car une réponse plus récente a été préparée pour le même dossier.") in result.output
    assert "2 envoyé(s)" in result.output
    assert sorted(str(m.message["Message-ID"]) for m in smtp_server.messages) == sorted([new.message_id,
                                                                                        other.message_id])
    rows = outbox(rt.engine)
    assert [rows[r.id].status for r in (old, new, other)] == ["failed", "sent", "sent"]


# --- decided against the last answer queued ------------------------------------------------------

def test_a_completion_held_by_the_daily_cap_is_sent_when_the_cap_allows(runtime, smtp_server, call):
    """A consultancy sends five proposals on deadline day (five answers: the cap); its sixth mail
    completes one of them. Before: "Dossier complet" was refused by the cap, and never sent."""
    rt = runtime()
    addr = "conseil@cabinet-lavoie.example"
    t0 = utcnow().replace(microsecond=0) - timedelta(hours=3)
    with Session(rt.engine, expire_on_commit=False) as s:
        f = Factory(s)
        for i in range(4):
            d = f.dossier(applicant_email=addr, status="complete")
            answer(s, d, f.message(d, received_at=t0), call, rt.settings, t0 + timedelta(minutes=i))
        d = f.dossier(applicant_email=addr, status="incomplete", missing=["budget.personnel"])
        answer(s, d, f.message(d, received_at=t0), call, rt.settings, t0 + timedelta(minutes=5))
        s.commit()
        flush_outbox(rt)
        assert len(smtp_server.to(addr)) == 5
        reply = f.message(d, classification="reply", received_at=t0 + timedelta(hours=2))
        d.status, d.missing = "complete", []
        assert answer(s, d, reply, call, rt.settings, t0 + timedelta(hours=2),
                      previous=("incomplete", ["budget.personnel"])) is None  # not now: the cap
        s.commit()
        held = s.exec(select(Outbox).where(Outbox.dossier_id == d.id, Outbox.status == "held")).one()
        assert held.kind == "completion_acknowledgement" and "plafond journalier" in held.last_error
        assert held.next_attempt_at == t0 + timedelta(hours=24)
    flush_outbox(rt)
    assert len(smtp_server.to(addr)) == 5
    later = t0 + timedelta(hours=24, minutes=1)
    flush_outbox(rt, now=later)
    mails = smtp_server.to(addr)
    assert len(mails) == 6
    msg = mails[-1].message
    assert str(msg["Subject"]) == f"[{d.reference}] Dossier complet : accusé de réception de vos compléments"
    assert msg["Date"].datetime == later  # composed when released, not when held
    text = msg.get_body(("plain",)).get_content()
    assert "Votre dossier est désormais complet" in text and "Bonjour Jeanne Dupont," in text
    flush_outbox(rt, now=later + timedelta(hours=1))
    assert len(smtp_server.to(addr)) == 6


def test_a_state_that_comes_back_is_answered_again(runtime, smtp_server, call):
    """incomplete{A} -> complete -> incomplete{A}: the second request is sent (before: its dedupe
    key had been used by the first, and the applicant was left believing the dossier complete)."""
    rt = runtime()
    now = NOW  # within the call's period: a completion request then gives a date to answer by
    with Session(rt.engine, expire_on_commit=False) as s:
        f = Factory(s)
        d = f.dossier(status="incomplete", missing=["partenaires.contributions"])
        answer(s, d, f.message(d), call, rt.settings, now)
        d.status, d.missing = "complete", []
        answer(s, d, f.message(d, classification="reply"), call, rt.settings, now,
               previous=("incomplete", ["partenaires.contributions"]))
        d.status, d.missing = "incomplete", ["partenaires.contributions"]  # a partner withdrew its letter
        answer(s, d, f.message(d, classification="reply"), call, rt.settings, now, previous=("complete", []))
        s.commit()
    flush_outbox(rt)
    mails = [m.message for m in smtp_server.to(d.applicant_email)]
    assert [str(m["Message-ID"]).split(".")[1] for m in mails] == [
        "completion_request", "completion_acknowledgement", "completion_request"]
    assert [str(m["Subject"]).split("] ", 1)[1] for m in mails] == [
        "Demande de compléments pour votre candidature",
        "Dossier complet : accusé de réception de vos compléments",
        "Demande de compléments pour votre candidature"]
    assert len({str(m["Message-ID"]) for m in mails}) == 3  # a client would hide a repeated one
    assert "contribution attendue" in mails[2].get_body(("plain",)).get_content()


def test_migration_0004_gives_the_answers_already_queued_their_keys(store_url, call, settings):
    """A store of the previous revision: its answers get their caps' keys and state, a claim its
    claim time, and the state they answered is not answered again."""
    from alembic import command

    from notify.answers import state_key
    from store.db import alembic_config

    engine = make_engine(store_url)
    command.upgrade(alembic_config(engine), "0003")
    with engine.begin() as c:
        c.execute(text("INSERT INTO dossier (reference, call, applicant_email, status, missing, flags, reasons, "
                       "budget, received_at, updated_at, purged) VALUES ('FCTO-2022-0007', 'fabrique-cto-2022', "
                       "'jeanne+fcto@cabinet.example', 'incomplete', '[\"budget.personnel\"]', '[]', '[]', '{}', "
                       ":t, :t, false)"), {"t": utcnow()})
        for key, kind, status in (("FCTO-2022-0007:completion_request:" + state_key("incomplete", ["budget.personnel"])
                                   .split(":")[1], "completion_request", "sent"),
                                  ("digest:x", "digest", "sending")):
            c.execute(text("INSERT INTO outbox (dedupe_key, dossier_id, kind, to_addr, subject, message_id, raw, "
                           "status, attempts, next_attempt_at, created_at) VALUES (:k, 1, :kind, "
                           "'jeanne+fcto@cabinet.example', 's', :mid, :raw, :st, 0, :t, :t)"),
                      {"k": key, "kind": kind, "mid": f"<{kind}@anact.fr>", "raw": b"x", "st": status,
                       "t": utcnow() - timedelta(minutes=1)})
    migrate(engine)
    rows = sorted(outbox(engine).values(), key=lambda r: r.id)
    assert (rows[0].to_key, rows[0].to_domain) == ("jeanne@cabinet.example", "cabinet.example")
    assert rows[0].state_key == state_key("incomplete", ["budget.personnel"])
    assert rows[1].claimed_at == rows[1].next_attempt_at and rows[1].to_key is None
    from store.models import Dossier

    with Session(engine) as s:
        d = s.exec(select(Dossier)).one()
        assert answer(s, d, Factory(s).message(d), call, settings, utcnow()) is None
        assert s.exec(select(Outbox).where(Outbox.status == "held")).first() is None
    engine.dispose()
