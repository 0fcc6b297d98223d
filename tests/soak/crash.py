"""The crash run: `fabrique-intake run` as a subprocess, killed with SIGKILL at random moments.

A backfill of synthetic submissions waits in a real Dovecot mailbox; the service answers
through a real SMTP server (aiosmtpd in this process). The service is started, killed with
SIGKILL after a random delay, started again, `kills` times; then it runs to the end and is
stopped with SIGTERM. `CrashReport` says what reached the store and the SMTP server.

Used by tests/soak/test_soak_crash.py (small, in CI) and tests/soak/run_soak.py (full).
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from store.db import make_engine
from store.models import MailboxEntry, Message, Outbox
from tests.robustness.measure import ROOT, clean_env, cli
from tests.soak.synth import Mail, expected_answers

ANSWER_KINDS = ("acknowledgement", "completion_request", "completion_acknowledgement")


def service_env(dovecot, user: str, password: str, smtp, data_dir: Path, **extra: str) -> dict[str, str]:
    return clean_env(
        FABRIQUE_DATA_DIR=str(data_dir),
        FABRIQUE_IMAP_HOST=dovecot.host, FABRIQUE_IMAP_PORT=str(dovecot.port),
        FABRIQUE_IMAP_USER=user, FABRIQUE_IMAP_PASSWORD=password, FABRIQUE_IMAP_SECURITY="none",
        FABRIQUE_SMTP_HOST="127.0.0.1", FABRIQUE_SMTP_PORT=str(smtp.port), FABRIQUE_SMTP_SECURITY="none",
        FABRIQUE_POLL_INTERVAL="5", FABRIQUE_IMAP_BATCH="10", FABRIQUE_SMTP_TIMEOUT="10", **extra)


@dataclass
class Kill:
    after_s: float  # how long the process had run
    trigger: str  # "random": a random delay after the start; "sending": just after an answer reached the server
    stored: int  # messages in the store when it was killed
    processed: int
    answers_at_smtp: int


@dataclass
class CrashReport:
    mails: int
    kills: list[Kill] = field(default_factory=list)
    stored: int = 0  # Message rows
    stored_ids: Counter = field(default_factory=Counter)  # Message-ID -> rows
    ledger: int = 0  # MailboxEntry rows
    not_processed: list[str] = field(default_factory=list)
    expected_answers: int = 0
    delivered: int = 0  # messages accepted by the SMTP server
    duplicates: int = 0  # accepted more than once (same Message-ID)
    lost: list[str] = field(default_factory=list)  # "addr: kind" expected but never delivered
    unexpected: list[str] = field(default_factory=list)  # delivered but not called for
    outbox_not_sent: list[str] = field(default_factory=list)
    final_exit: int | None = None
    seconds: float = 0.0
    settle_seconds: float = 0.0  # from the last start to everything answered

    @property
    def ok(self) -> bool:
        return (self.stored == self.mails and all(v == 1 for v in self.stored_ids.values())
                and len(self.stored_ids) == self.mails and self.ledger == self.mails and not self.not_processed
                and self.duplicates == 0 and not self.lost and not self.unexpected
                and not self.outbox_not_sent and self.final_exit == 0)

    def summary(self) -> str:
        return (f"{self.mails} messages, {len(self.kills)} SIGKILL, stored {self.stored} "
                f"(distinct {len(self.stored_ids)}), ledger {self.ledger}, unprocessed {len(self.not_processed)}, "
                f"answers expected {self.expected_answers}, delivered {self.delivered}, duplicates {self.duplicates}, "
                f"lost {len(self.lost)}, unexpected {len(self.unexpected)}, outbox not sent "
                f"{len(self.outbox_not_sent)}, final exit {self.final_exit}, {self.seconds:.0f} s "
                f"(last run settled in {self.settle_seconds:.0f} s)")


def _progress(engine, smtp) -> tuple[int, int, int, int]:
    """(messages stored, processed, outbox rows not sent yet, answers at the SMTP server)."""
    with Session(engine) as s:
        stored = s.exec(select(func.count()).select_from(Message)).one()
        processed = s.exec(select(func.count()).select_from(Message).where(Message.state != "archived")).one()
        waiting = s.exec(select(func.count()).select_from(Outbox)
                         .where(Outbox.status.in_(("pending", "sending")))).one()
    return stored, processed, waiting, len(smtp.messages)


def _start(env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(cli() + ["run"], env=env, cwd=ROOT, stdout=out, stderr=out,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL to the service and its extraction workers (its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def run_crash(dovecot, smtp, workdir: Path, mails: list[Mail], *, kills: int, seed: int = 7,
              saves_sent: bool = True, kill_window: tuple[float, float] = (0.5, 8.0), send_wait: float = 20.0,
              settle_timeout: float = 240.0, progress=None) -> CrashReport:
    """Deliver `mails` over IMAP in waves (one at each start), kill the service `kills` times,
    let it finish; the report.

    Every other kill is at a random delay after the start; the others come 0-30 ms after the SMTP
    server accepted an answer, while answers go out (claimed, accepted, recorded: the moments
    that decide between a lost and a duplicated answer). saves_sent: the SMTP server files each
    accepted message in the mailbox's Sent folder before answering, as Exchange Online and
    Gmail do (FABRIQUE_SMTP_SAVES_SENT); else the service appends its own copy after delivery.
    """
    rng = random.Random(seed)
    started = time.monotonic()
    user, password = dovecot.add_user()
    data = workdir / "data"
    shutil.rmtree(data, ignore_errors=True)
    env = service_env(dovecot, user, password, smtp, data,
                      FABRIQUE_SMTP_SAVES_SENT="true" if saves_sent else "false")
    if saves_sent:
        smtp.on_accept = lambda raw: _file_in_sent(dovecot, user, raw)
    waves = [mails[i * len(mails) // (kills + 1):(i + 1) * len(mails) // (kills + 1)] for i in range(kills + 1)]
    log = workdir / "service.log"
    report = CrashReport(mails=len(mails))
    engine = None
    try:
        for i in range(kills):
            proc = _start(env, log)
            t0 = time.monotonic()
            _deliver(dovecot, user, waves[i])
            trigger = "random" if i % 2 == 0 else "sending"
            if trigger == "random":
                time.sleep(max(0.0, rng.uniform(*kill_window) - (time.monotonic() - t0)))
            else:
                before = len(smtp.messages)
                while len(smtp.messages) == before and time.monotonic() - t0 < send_wait and proc.poll() is None:
                    time.sleep(0.002)
                if len(smtp.messages) == before:
                    trigger = "sending (none came)"
                time.sleep(rng.uniform(0.0, 0.03))
            if proc.poll() is not None:
                raise RuntimeError(f"the service stopped by itself (exit {proc.returncode}); see {log}")
            _kill(proc)
            engine = engine or _engine(data)
            stored, processed, _, at_smtp = _progress(engine, smtp) if engine else (0, 0, 0, len(smtp.messages))
            report.kills.append(Kill(round(time.monotonic() - t0, 2), trigger, stored, processed, at_smtp))
            if progress:
                progress(f"kill {i + 1}/{kills} ({trigger}) after {time.monotonic() - t0:.2f} s: {stored} stored, "
                         f"{processed} processed, {at_smtp} answers at SMTP")
        proc = _start(env, log)
        t_last = time.monotonic()
        _deliver(dovecot, user, waves[kills])
        try:
            engine = engine or _wait_engine(data)
            deadline = time.monotonic() + settle_timeout
            stable_since = None
            last = None
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError(f"the service stopped by itself (exit {proc.returncode}); see {log}")
                state = _progress(engine, smtp)
                stored, processed, waiting, at_smtp = state
                done = stored == len(mails) and processed == stored and waiting == 0
                if done and state == last:
                    stable_since = stable_since or time.monotonic()
                    if time.monotonic() - stable_since >= 2.0:  # nothing more arrives at the SMTP server
                        break
                else:
                    stable_since = None
                last = state
                time.sleep(0.25)
            report.settle_seconds = time.monotonic() - t_last
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                report.final_exit = proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                _kill(proc)
                report.final_exit = None
    finally:
        smtp.on_accept = None
    report.seconds = time.monotonic() - started
    _check(report, engine, smtp, mails)
    engine.dispose()
    return report


def _deliver(dovecot, user: str, mails: list[Mail]) -> None:
    with dovecot.client(user) as c:
        for m in mails:
            c.append("INBOX", m.raw, msg_time=m.when)


def _file_in_sent(dovecot, user: str, raw: bytes) -> None:
    with dovecot.client(user) as c:
        c.append(dovecot.sent_folder_name, raw, flags=(b"\\Seen",))


def _engine(data: Path):
    db = data / "fabrique.sqlite3"
    return make_engine(f"sqlite:///{db}") if db.exists() else None


def _wait_engine(data: Path, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        engine = _engine(data)
        if engine is not None:
            return engine
        time.sleep(0.2)
    raise RuntimeError("the service never created its database")


def _check(report: CrashReport, engine, smtp, mails: list[Mail]) -> None:
    with Session(engine) as s:
        msgs = s.exec(select(Message)).all()
        report.stored = len(msgs)
        report.stored_ids = Counter(m.message_id for m in msgs)
        report.ledger = s.exec(select(func.count()).select_from(MailboxEntry)).one()
        report.not_processed = [f"{m.message_id}: {m.state} {m.error or ''}" for m in msgs if m.state != "processed"]
        report.outbox_not_sent = [f"{o.message_id}: {o.status} {o.last_error or ''}"
                                  for o in s.exec(select(Outbox)) if o.status != "sent"]
    want = Counter()
    for addr, kinds in expected_answers(mails).items():
        for k in kinds:
            want[(addr, k)] += 1
    report.expected_answers = sum(want.values())
    by_id = Counter()
    got = Counter()
    for r in smtp.messages:
        msg = r.message
        mid = str(msg["Message-ID"]).strip()
        by_id[mid] += 1
        if by_id[mid] > 1:
            continue
        kind = mid.strip("<>").split(".")[1] if mid.count(".") >= 2 else "?"
        for rcpt in r.rcpt_tos:
            got[(rcpt.lower(), kind)] += 1
    report.delivered = len(smtp.messages)
    report.duplicates = sum(c - 1 for c in by_id.values())
    report.lost = [f"{a}: {k}" for (a, k), n in (want - got).items() for _ in range(n)]
    report.unexpected = [f"{a}: {k}" for (a, k), n in (got - want).items() for _ in range(n)]
