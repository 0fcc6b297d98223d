"""Faults around the service, end to end on real servers: nothing is lost, nothing sent twice.

Elsewhere already, not repeated here:
- Dovecot stopped in the middle of a fetch, and restarted under a running poller:
  tests/ingest/test_imap.py::test_dovecot_stopped_in_the_middle_of_a_poll_loses_nothing and
  ::test_dovecot_restarted_under_a_running_poller_loses_nothing;
- the SMTP server down for several cycles, 4xx / 5xx / dropped connection one answer at a time:
  tests/notify/test_notify_sender.py.
Here: the same SMTP refusals from an IMAP poll to the SMTP server; the SQLite file locked by
another writer; PostgreSQL unreachable at start and in the middle of a run; the archive's disk full.
"""
from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import SecretStr
from sqlalchemy import update
from sqlmodel import Session, select

from service.health import health
from service.jobs import make_digest, poll_cycle
from service.runtime import open_runtime
from store.db import make_engine
from store.models import MailboxCursor, Message, Outbox
from tests.robustness import hostile as h
from tests.robustness.measure import ROOT, cli, clean_env
from tests.robustness.proxy import Proxy
from tests.servers.postgres import scratch_database
from tests.servers.smtp import SmtpServer

KEYWORD = b"FabriqueIngested"


def proposal(n: int, tag: str) -> bytes:
    return bytes(h.mail(f"Candidature projet {tag}-{n}", sender=f"Porteur {n} <{addr(n, tag)}>",
                        mid=f"<{tag}-{n}@structure.example>"))


def addr(n: int, tag: str) -> str:
    return f"porteur{n}@structure{n}-{tag}.example"  # one organisation each: no dossier joins another


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(dovecot):
    user, password = dovecot.add_user()
    return user, password


def settings_for(dovecot, mailbox, smtp, tmp_settings, **kw):
    user, password = mailbox
    return tmp_settings.model_copy(update=dict(
        imap_host=dovecot.host, imap_port=dovecot.port, imap_user=user, imap_password=SecretStr(password),
        smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none", smtp_timeout=5.0, **kw))


def append(dovecot, user: str, raws: list[bytes]) -> None:
    with dovecot.client(user) as c:
        for raw in raws:
            c.append("INBOX", raw)


def flags(dovecot, user: str) -> list[set]:
    with dovecot.client(user) as c:
        c.select_folder("INBOX", readonly=True)
        return [set(f) for f in c.get_flags(c.search(["ALL"])).values()]


def at_smtp(smtp) -> Counter:
    return Counter(r.rcpt_tos[0] for r in smtp.messages)


def time_passes(rt) -> None:
    """The answers waiting for a retry are due now (their backoff has run out)."""
    with Session(rt.engine) as s:
        s.exec(update(Outbox).where(Outbox.status == "pending").values(
            next_attempt_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
        s.commit()


# --- SMTP refusing ------------------------------------------------------------------------

def test_smtp_4xx_reset_and_5xx_from_poll_to_server(dovecot, mailbox, smtp, tmp_settings):
    st = settings_for(dovecot, mailbox, smtp, tmp_settings)
    append(dovecot, st.imap_user, [proposal(n, "smtp") for n in range(3)])
    smtp.fail_next(1, 451)  # the first answer: try again later
    smtp.drop_next(1)  # the second: connection reset at DATA, no reply
    smtp.fail_next(1, 550, "5.1.1 Mailbox unavailable")  # the third: refused for good
    rt = open_runtime(st)
    poll_cycle(rt)
    assert at_smtp(smtp) == Counter()
    with Session(rt.engine) as s:
        rows = {o.to_addr: o for o in s.exec(select(Outbox))}
    assert [rows[addr(n, "smtp")].status for n in range(3)] == ["pending", "pending", "failed"]
    assert "550" in rows[addr(2, "smtp")].last_error
    for _ in range(2):  # later cycles: once due, each pending answer goes out once
        time_passes(rt)
        poll_cycle(rt)
    assert at_smtp(smtp) == Counter({addr(0, "smtp"): 1, addr(1, "smtp"): 1})
    assert len({r.message["Message-ID"] for r in smtp.messages}) == 2
    status = health(rt)
    assert status.outbox_failed == 1 and not status.healthy
    assert any("échec d'envoi" in p for p in status.problems)
    end = datetime.now(timezone.utc) + timedelta(minutes=1)
    digest = make_digest(rt, end - timedelta(days=1), end)
    assert addr(2, "smtp") in digest.text and "550" in digest.text
    with Session(rt.engine) as s:
        assert len(s.exec(select(Message)).all()) == 3


# --- the database ---------------------------------------------------------------------------

def test_sqlite_locked_by_another_writer_for_seconds_waits_and_loses_nothing(dovecot, mailbox, smtp,
                                                                              tmp_settings):
    st = settings_for(dovecot, mailbox, smtp, tmp_settings)
    rt = open_runtime(st)
    append(dovecot, st.imap_user, [proposal(n, "lock") for n in range(3)])
    locked, released = threading.Event(), threading.Event()

    def hold_lock(seconds: float) -> None:
        con = sqlite3.connect(st.db_url.split("///", 1)[1], isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        locked.set()
        time.sleep(seconds)
        con.execute("COMMIT")
        con.close()
        released.set()

    holder = threading.Thread(target=hold_lock, args=(4.0,))
    holder.start()
    assert locked.wait(5)
    started = time.monotonic()
    out = poll_cycle(rt)
    waited = time.monotonic() - started
    holder.join()
    assert released.is_set() and waited >= 3.0, waited  # it waited for the lock, it did not fail
    assert not out.get("error") and out["new"] == 3
    assert at_smtp(smtp) == Counter({addr(n, "lock"): 1 for n in range(3)})
    assert all(KEYWORD in f for f in flags(dovecot, st.imap_user))


@pytest.fixture
def pg_database():
    with scratch_database("fabrique_faults") as name:
        yield name


def _env(dovecot, mailbox, smtp, data, db_url):
    user, password = mailbox
    return clean_env(FABRIQUE_DATA_DIR=str(data), FABRIQUE_DATABASE_URL=db_url,
                     FABRIQUE_IMAP_HOST=dovecot.host, FABRIQUE_IMAP_PORT=str(dovecot.port),
                     FABRIQUE_IMAP_USER=user, FABRIQUE_IMAP_PASSWORD=password, FABRIQUE_IMAP_SECURITY="none",
                     FABRIQUE_SMTP_HOST="127.0.0.1", FABRIQUE_SMTP_PORT=str(smtp.port),
                     FABRIQUE_SMTP_SECURITY="none", FABRIQUE_POLL_INTERVAL="2")


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def test_postgresql_unreachable_is_reported_and_retried_without_losing_mail(dovecot, mailbox, smtp, tmp_path,
                                                                             pg_database):
    proxy = Proxy(("127.0.0.1", 5432))  # not listening yet: a closed port
    db_url = f"postgresql+psycopg://postgres@127.0.0.1:{proxy.port}/{pg_database}?connect_timeout=3"
    env = _env(dovecot, mailbox, smtp, tmp_path / "data", db_url)
    user = mailbox[0]
    append(dovecot, user, [proposal(n, "pg") for n in range(2)])

    # at start: one line naming the setting, exit 1 (systemd restarts it), the mail left on the server
    once = subprocess.run(cli() + ["poll", "--once"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert once.returncode == 1 and "FABRIQUE_DATABASE_URL" in once.stderr and "Traceback" not in once.stderr
    assert not any(KEYWORD in f for f in flags(dovecot, user))

    proxy.start()
    log = open(tmp_path / "run.log", "w+")
    proc = subprocess.Popen(cli() + ["run"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    try:
        assert _wait(lambda: len(smtp.messages) == 2, 30), "the first two answers did not go out"
        proxy.stop()  # the database goes away in the middle of the run...
        append(dovecot, user, [proposal(n, "pg") for n in range(2, 5)])
        time.sleep(6)  # ...while mail arrives and the service tries, fails and says so
        assert proc.poll() is None, "the service died with its database"
        status = subprocess.run(cli() + ["status"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert status.returncode != 0 and "FABRIQUE_DATABASE_URL" in status.stderr
        proxy.start()  # ...and comes back
        assert _wait(lambda: len(smtp.messages) >= 5, 60), f"answers after the outage: {len(smtp.messages)}"
        time.sleep(2)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        proxy.stop()
    log.seek(0)
    output = log.read()
    assert "Traceback" not in output  # an outage is one line per retry, naming the setting and the cause
    assert "FABRIQUE_DATABASE_URL" in output and "127.0.0.1" in output and "refused" in output
    assert at_smtp(smtp) == Counter({addr(n, "pg"): 1 for n in range(5)})
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_database}")
    with Session(engine) as s:
        msgs = s.exec(select(Message)).all()
    engine.dispose()
    assert sorted(m.message_id for m in msgs) == sorted(f"<pg-{n}@structure.example>" for n in range(5))
    assert all(KEYWORD in f for f in flags(dovecot, user))


# --- the archive's disk ---------------------------------------------------------------------

def test_archive_disk_full_is_a_clear_error_and_the_mail_stays_on_the_server(dovecot, mailbox, smtp, tmp_settings,
                                                                             monkeypatch):
    import store.archive

    st = settings_for(dovecot, mailbox, smtp, tmp_settings)
    rt = open_runtime(st)
    append(dovecot, st.imap_user, [proposal(n, "disk") for n in range(2)])

    def disk_full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store.archive.os, "write", disk_full)
    out = poll_cycle(rt)
    assert out.get("error")
    with Session(rt.engine) as s:
        assert s.exec(select(Message)).all() == []
        cursor = s.exec(select(MailboxCursor)).one()
    assert "archivage impossible" in cursor.last_error and "No space left on device" in cursor.last_error
    assert cursor.last_uid == 0 and cursor.failing_since is not None
    assert "No space left on device" in (health(rt).poll_error or "")
    assert not any(KEYWORD in f for f in flags(dovecot, st.imap_user))  # not marked: fetched again later
    assert not [p for p in (rt.archive).rglob("*") if p.is_file()]  # no half-written file left

    monkeypatch.undo()  # space again
    out = poll_cycle(rt)
    assert not out.get("error") and out["new"] == 2
    assert all(KEYWORD in f for f in flags(dovecot, st.imap_user))
    assert at_smtp(smtp) == Counter({addr(n, "disk"): 1 for n in range(2)})
    assert health(rt).poll_error is None
