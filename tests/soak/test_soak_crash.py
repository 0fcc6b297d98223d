"""`fabrique-intake run` killed with SIGKILL at random moments during a backfill over real IMAP:
every message ends in the store exactly once, and every applicant receives exactly the answers
its dossier's states call for — none lost, none twice (counted by Message-ID at the SMTP server).

The small version (60 messages, 6 kills, under a minute); tests/soak/run_soak.py runs the
full one (200 messages, 20 kills and more) and prints the figures quoted in the README.
"""
from __future__ import annotations

import pytest

from tests.servers.smtp import SmtpServer
from tests.soak.crash import run_crash
from tests.soak.synth import backfill


@pytest.mark.crash
def test_sigkill_during_a_backfill_loses_nothing_and_sends_nothing_twice(dovecot, tmp_path):
    mails = backfill(60, seed=11, tag="ci")
    with SmtpServer() as smtp:
        report = run_crash(dovecot, smtp, tmp_path, mails, kills=6, seed=3)
    print(report.summary())
    assert len(report.kills) == 6
    assert any(k.trigger == "sending" for k in report.kills), "no kill landed while answers went out"
    assert report.final_exit == 0, f"SIGTERM did not stop the last run cleanly; see {tmp_path / 'service.log'}"
    # the store: every message exactly once, each processed, the ledger has each UID once
    assert report.stored == len(mails) and len(report.stored_ids) == len(mails)
    assert set(report.stored_ids) == {m.message_id for m in mails}
    assert report.ledger == len(mails)
    assert report.not_processed == []
    # the SMTP server: what the states call for, each once
    assert report.expected_answers > 30
    assert report.lost == [] and report.unexpected == []
    assert report.duplicates == 0
    assert report.delivered == report.expected_answers
    assert report.outbox_not_sent == []


def test_a_dead_process_s_lease_and_claimed_answer_are_taken_over_at_once(tmp_path):
    """What the crash run relies on, alone: a process of this host killed while it held the
    mailbox or outbox lease and had claimed an answer is replaced at once (no 60 s lease, no
    5 min claim to wait out); a lease whose holder is alive is left alone."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    from datetime import timedelta

    from sqlmodel import Session, select

    from config.settings import Settings
    from service.jobs import flush_outbox
    from store.leases import acquire_lease
    from service.runtime import open_runtime
    from notify.sender import send_pending
    from store.models import Outbox, utcnow
    from tests.notify.notifyhelp import outbox_row
    from tests.robustness.measure import ROOT

    data = tmp_path / "data"
    rt = open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}"))
    with Session(rt.engine) as s:
        row = outbox_row(s, 1, status="sending", next_attempt_at=utcnow())  # claimed just now, below
        row_id = row.id
    script = ("import os, signal, socket, sys; from datetime import timedelta; "
              "from store.db import make_engine; from store.leases import acquire_lease; "
              f"e = make_engine({rt.settings.db_url!r}); h = f'{{socket.gethostname()}}:{{os.getpid()}}:x'; "
              "assert acquire_lease(e, 'outbox', h, timedelta(seconds=300)) is None; "
              "assert acquire_lease(e, 'poll:m', h, timedelta(seconds=300)) is None; "
              "os.kill(os.getpid(), signal.SIGKILL)")
    dead = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert dead.returncode == -signal.SIGKILL, dead.stderr
    alive = f"{socket.gethostname()}:{os.getpid()}:other-thread"
    assert acquire_lease(rt.engine, "poll:live", alive, timedelta(seconds=300)) is None
    assert acquire_lease(rt.engine, "poll:live", "mine", timedelta(seconds=300)) == alive  # alive: kept
    assert acquire_lease(rt.engine, "poll:m", "mine", timedelta(seconds=300)) is None  # dead: taken over
    assert send_pending(rt.engine, rt.settings).written == 0  # a fresh claim, its claimant unknown: left alone
    report = flush_outbox(rt)  # takes the dead process's outbox lease, settles its claim now
    assert report.written == 1
    with Session(rt.engine) as s:
        assert s.get(Outbox, row_id).status == "written"
        assert s.exec(select(Outbox)).all()[0].id == row_id
