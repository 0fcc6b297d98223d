"""Deliver the Outbox: SMTP when a host is configured, else files in <data_dir>/outbox.

One run:
    recover   rows left in "sending" by a process that died mid-delivery
    claim     a due "pending" row -> "sending" with its own claim time and claimant, COMMIT
              (before the server is touched); the caller's lease is renewed before each claim
    deliver   one SMTP transaction (or one atomic file write)
    record    "sent"/"written" + sent_at, COMMIT; then copy to the Sent folder (sent_box)
    on error  server unreachable, login refused, 421 -> no attempt spent: the row waits (its
              failing_since kept) until FABRIQUE_SMTP_RETRY_HOURS have passed, then "failed";
              other 4xx / connection cut during the transaction -> attempts+1, exponential
              backoff; 5xx -> "failed" with the server's answer; attempts exhausted -> "failed".

Crash between SMTP acceptance and the "sent" commit: the row stays "sending". The next run
asks sent_box.contains(message_id) when a sent_box is given (present -> "sent", not resent;
absent -> resent). Exchange Online and Gmail file every accepted submission in the Sent
folder themselves (FABRIQUE_SMTP_SAVES_SENT=true): there the check closes the window
entirely; elsewhere our own copy is appended after the commit, so only a crash within the
few milliseconds between acceptance and commit can still cause a resend. Without a sent_box the fate cannot be known and the row is resent: a rare
duplicate answer is preferred to a lost one (the deterministic Message-ID lets the
applicant's client and staff recognise the duplicate).

A row in "sending" carries claimed_at (when its sender took it, by the clock, not the start of
the run) and claimed_by (host:pid:...). Another run takes it back only when its claimant is
known to be dead (`claimant_gone`, `orphaned_claims`), or when the claim is older than
stale_claim(): a delivery lasts seconds, and the sender renews its lease while it works.
Every state change is a conditional UPDATE: a run never overwrites a row another one holds.
Passwords and tokens are never logged nor stored in last_error.
"""
from __future__ import annotations

import email.utils
import logging
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Protocol

from sqlalchemy import and_, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from config.settings import ConfigError, Settings
from notify.guards import address_of
from store.leases import new_holder
from store.archive import write_atomic
from store.models import Outbox

log = logging.getLogger(__name__)

BACKOFF_BASE = 60  # seconds; doubled per attempt
BACKOFF_CAP = 3600
UNREACHABLE_CAP = 900  # while the server cannot be reached, it is tried at least every 15 min


class SentBox(Protocol):
    def append(self, raw: bytes) -> None: ...
    def contains(self, message_id: str) -> bool: ...


@dataclass
class SendReport:
    sent: int = 0
    written: int = 0
    failed: int = 0
    retried: int = 0  # rows that wait for a later run (refused for now, or the server unreachable)
    recovered: int = 0  # "sending" rows found in the Sent folder and marked sent without resending
    unreachable: str | None = None  # why the server could not be reached or logged in to, this run
    lease_lost: bool = False  # the run stopped: another process holds the outbox now


class _Unavailable(Exception):
    """The server, not the message: unreachable, TLS or login refused, 421. No attempt is spent."""


class _Transient(Exception):
    """Try this message again later (4xx, connection cut during its transaction)."""


class _Permanent(Exception):
    """The server refused this message for good (5xx)."""


def backoff(attempts: int) -> timedelta:
    """1 min, 2, 4, ... capped at 1 h, after the n-th failed attempt."""
    return timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def unreachable_delay(failing_for: timedelta) -> timedelta:
    """The wait before trying an unreachable server again: half the time it has failed, 1 to 15 min."""
    return timedelta(seconds=min(max(BACKOFF_BASE, failing_for.total_seconds() / 2), UNREACHABLE_CAP))


def stale_claim(settings: Settings) -> timedelta:
    """How long a claim or the outbox lease lasts without being renewed."""
    return timedelta(seconds=max(300.0, 4 * settings.smtp_timeout))


def safe_name(message_id: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._@-]", "_", message_id.strip().strip("<>")).strip("._") or "message"
    return name[:200] + ".eml"


# --- SMTP -----------------------------------------------------------------------------

def _port(settings: Settings) -> int:
    if settings.smtp_port:
        return settings.smtp_port
    return {"ssl": 465, "starttls": 587}.get(settings.smtp_security, 25)


def connect(settings: Settings, token_provider: Callable[[], str] | None = None) -> smtplib.SMTP:
    """An authenticated SMTP connection; certificate checks on unless smtp_security="none"."""
    host, port, timeout = settings.smtp_host, _port(settings), settings.smtp_timeout
    try:
        if settings.smtp_security == "ssl":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            conn = smtplib.SMTP(host, port, timeout=timeout)
        try:
            conn.ehlo()
            if settings.smtp_security == "starttls":
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            _authenticate(conn, settings, token_provider)
        except BaseException:
            _close(conn)
            raise
        return conn
    except smtplib.SMTPAuthenticationError as exc:
        # Not the message's fault: it waits, and the reason shows in last_error / status.
        raise _Unavailable(f"authentification SMTP refusée ({exc.smtp_code})") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise _Unavailable(f"le serveur SMTP ne propose pas une extension requise ({exc})") from None
    except smtplib.SMTPResponseException as exc:
        raise _Unavailable(f"connexion SMTP refusée : {exc.smtp_code} {_text(exc.smtp_error)}") from None
    except (smtplib.SMTPException, OSError) as exc:  # refused, timeout, TLS/certificate errors
        raise _Unavailable(f"serveur SMTP injoignable ({host}:{port}) : {type(exc).__name__}: {exc}") from None


def _authenticate(conn: smtplib.SMTP, settings: Settings, token_provider: Callable[[], str] | None) -> None:
    if settings.smtp_auth == "xoauth2":
        if token_provider is None:
            raise ConfigError("FABRIQUE_SMTP_AUTH=xoauth2 needs an OAuth2 token provider")
        user = settings.smtp_user or address_of(settings.from_address)
        token = token_provider()
        initial = f"user={user}\x01auth=Bearer {token}\x01\x01"
        # On failure the server sends a 334 challenge (a JSON error); the answer is empty.
        conn.auth("XOAUTH2", lambda challenge=None: initial if challenge is None else "")
    elif settings.smtp_user:
        conn.login(settings.smtp_user, settings.secret("smtp_password") or "")


def _close(conn: smtplib.SMTP | None) -> None:
    if conn is None:
        return
    try:
        conn.quit()
    except Exception:
        try:
            conn.close()
        except Exception:
            pass


def _text(value: bytes | str | None) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return " ".join((value or "").split())[:300]


def _deliver(conn: smtplib.SMTP, settings: Settings, row: Outbox) -> None:
    """One SMTP transaction; raises _Unavailable, _Transient or _Permanent."""
    sender = address_of(settings.from_address)
    # a digest has several recipients, possibly written "Name <addr>"
    recipients = [addr for _, addr in email.utils.getaddresses([row.to_addr]) if addr]
    try:
        refused = conn.sendmail(sender, recipients, row.raw)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (450, b""))
        raise (_Permanent if code >= 500 else _Transient)(f"{code} {_text(text)}") from None
    except smtplib.SMTPResponseException as exc:  # sender refused, data refused, 421 ...
        if exc.smtp_code == 421:  # "service not available, closing channel": the server, not this message
            raise _Unavailable(f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
        cls = _Permanent if 500 <= exc.smtp_code < 600 else _Transient
        raise cls(f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise _Transient(f"connexion SMTP interrompue : {type(exc).__name__}: {exc}") from None
    except Exception as exc:  # unexpected (encoding...): bounded by smtp_max_attempts
        raise _Transient(f"envoi impossible : {type(exc).__name__}: {exc}") from None
    if refused:  # some recipients of a digest refused, the others accepted: not resent
        log.warning("answer %s refused for %s", row.message_id,
                    ", ".join(f"{a} ({c} {_text(t)})" for a, (c, t) in refused.items()))


# --- state changes: each one conditional UPDATE, committed ------------------------------

class _Run:
    """One send_pending run: its session, clock, claimant name and report."""

    def __init__(self, session: Session, settings: Settings, now: datetime | None, holder: str):
        self.session, self.settings, self.holder = session, settings, holder
        self.fixed_now = now
        self.now = now or datetime.now(timezone.utc)
        self.report = SendReport()

    def clock(self) -> datetime:
        """The time of a claim: the run's given time (tests), else the clock's."""
        return self.fixed_now or datetime.now(timezone.utc)

    def change(self, row_id: int, values: dict, *where) -> bool:
        result = self.session.execute(update(Outbox).where(Outbox.id == row_id, *where).values(**values))
        self.session.commit()
        return result.rowcount == 1

    def ours(self):
        return and_(Outbox.status == "sending", Outbox.claimed_by == self.holder)

    def claim(self, row: Outbox) -> bool:
        """pending -> sending; False when another run took the row first."""
        return self.change(row.id, dict(status="sending", claimed_at=self.clock(), claimed_by=self.holder),
                           Outbox.status == "pending")

    def done(self, row: Outbox, status: str) -> None:
        # whatever another run did meanwhile (it took back a claim it thought stale), the server has it
        if not self.change(row.id, dict(status=status, sent_at=self.clock(), last_error=None, claimed_at=None,
                                        claimed_by=None, failing_since=None), Outbox.status != status):
            log.warning("answer %s was already recorded as %s", row.message_id, status)

    def retry(self, row: Outbox, error: str) -> None:
        """The server refused this message for now: one attempt spent."""
        attempts = row.attempts + 1
        if attempts >= self.settings.smtp_max_attempts:
            values = dict(status="failed", next_attempt_at=self.now)
            self.report.failed += 1
            log.warning("answer %s failed after %d attempts: %s", row.message_id, attempts, error)
        else:
            values = dict(status="pending", next_attempt_at=self.now + backoff(attempts))
            self.report.retried += 1
            log.info("answer %s will be retried at %s: %s", row.message_id, values["next_attempt_at"], error)
        self.change(row.id, dict(values, attempts=attempts, last_error=error, claimed_at=None, claimed_by=None),
                    self.ours())

    def fail(self, row: Outbox, error: str) -> None:
        self.change(row.id, dict(status="failed", attempts=row.attempts + 1, last_error=error,
                                 next_attempt_at=self.now, claimed_at=None, claimed_by=None), self.ours())
        self.report.failed += 1
        log.warning("answer %s refused by the server: %s", row.message_id, error)

    def wait(self, rows: list[Outbox], error: str, *, claimed: bool = False) -> None:
        """The server cannot be reached (or refuses the login): these rows wait, no attempt spent,
        until FABRIQUE_SMTP_RETRY_HOURS after the server first failed them."""
        self.report.unreachable = error
        limit = timedelta(hours=self.settings.smtp_retry_hours)
        for row in rows:
            since = row.failing_since or self.now
            where = [self.ours() if claimed else Outbox.status == "pending"]
            if self.now - since >= limit:
                hours = (self.now - since).total_seconds() / 3600
                values = dict(status="failed", next_attempt_at=self.now,
                              last_error=f"{error} (en attente depuis {hours:.0f} h)")
                if self.change(row.id, dict(values, failing_since=since, claimed_at=None, claimed_by=None), *where):
                    self.report.failed += 1
                    log.warning("answer %s failed: the server was unreachable for %.0f h", row.message_id, hours)
                continue
            values = dict(status="pending", failing_since=since, last_error=error, claimed_at=None,
                          claimed_by=None, next_attempt_at=self.now + unreachable_delay(self.now - since))
            if self.change(row.id, values, *where):
                self.report.retried += 1
        log.warning("SMTP unavailable, %d answer(s) wait: %s", len(rows), error)

    def reached(self) -> None:
        """A connection and login succeeded: nothing is failing for want of the server any more."""
        waiting = (col(Outbox.failing_since).is_not(None), Outbox.status == "pending")
        self.session.execute(update(Outbox).where(*waiting)
                             .values(failing_since=None, next_attempt_at=self.now))  # due at the next run
        self.session.execute(update(Outbox).where(col(Outbox.failing_since).is_not(None))
                             .values(failing_since=None))
        self.session.commit()


def _recover(run: _Run, sent_box: SentBox | None, every_claim: bool,
             claimant_gone: Callable[[str | None], bool] | None) -> None:
    """Rows left "sending" by a run that is dead, or whose claim is stale (see module doc)."""
    session, now = run.session, run.now
    stale = now - stale_claim(run.settings)
    rows = session.exec(select(Outbox).where(Outbox.status == "sending")).all()
    for row in rows:
        claim_time = row.claimed_at or row.next_attempt_at  # rows claimed before migration 0004: the latter
        orphan = ((every_claim and row.claimed_by is None) or row.claimed_by == run.holder
                  or claim_time is None or claim_time <= stale
                  or (claimant_gone is not None and row.claimed_by is not None and claimant_gone(row.claimed_by)))
        if not orphan:
            continue
        same_claim = and_(Outbox.status == "sending",
                          col(Outbox.claimed_by).is_(None) if row.claimed_by is None
                          else Outbox.claimed_by == row.claimed_by)
        if sent_box is not None:
            try:
                present = sent_box.contains(row.message_id)
            except Exception as exc:  # Sent folder unreachable: decide on a later run
                log.warning("cannot check the Sent folder for %s: %s", row.message_id, exc)
                continue
            if present:
                if run.change(row.id, dict(status="sent", sent_at=now, last_error=None, claimed_at=None,
                                           claimed_by=None, failing_since=None), same_claim):
                    run.report.recovered += 1
                    log.info("answer %s found in the Sent folder: marked sent, not resent", row.message_id)
                continue
        if run.change(row.id, dict(status="pending", next_attempt_at=now, claimed_at=None, claimed_by=None),
                      same_claim):
            log.info("answer %s of unknown fate will be sent again", row.message_id)


def _due(session: Session, now: datetime, limit: int | None) -> list[Outbox]:
    query = (select(Outbox).where(
        Outbox.status == "pending",
        or_(Outbox.next_attempt_at == None, Outbox.next_attempt_at <= now),  # noqa: E711
    ).order_by(Outbox.id))
    if limit:
        query = query.limit(limit)
    return list(session.exec(query).all())


def send_pending(engine: Engine, settings: Settings, *, sent_box: SentBox | None = None,
                 now: datetime | None = None, token_provider: Callable[[], str] | None = None,
                 limit: int | None = None, orphaned_claims: bool = False, holder: str | None = None,
                 renew: Callable[[], bool] | None = None,
                 claimant_gone: Callable[[str | None], bool] | None = None) -> SendReport:
    """Deliver the due pending rows of the Outbox; see the module docstring.

    orphaned_claims: the caller knows that whoever claimed the "sending" rows that name no claimant
    is dead (service.jobs.flush_outbox holds a lease while sending): settle them now, not after stale_claim().
    holder: this run's claimant name (default: a new one). renew: called before each claim; False
    means the caller lost its lease to another process, which then sends: this run stops.
    claimant_gone: whether a claimant (host:pid:...) is known to be dead: its claims are settled now.
    """
    if settings.smtp_host and settings.smtp_auth == "xoauth2" and token_provider is None:
        raise ConfigError("FABRIQUE_SMTP_AUTH=xoauth2 needs an OAuth2 token provider")
    with Session(engine, expire_on_commit=False) as session:
        run = _Run(session, settings, now, holder or new_holder())
        _recover(run, sent_box, orphaned_claims, claimant_gone)
        rows = _due(session, run.now, limit)
        if rows and not settings.smtp_host:
            _write_files(run, rows, renew)
        elif rows:
            _send(run, rows, sent_box, token_provider, renew)
        return run.report


def _send(run: _Run, rows: list[Outbox], sent_box: SentBox | None, token_provider: Callable[[], str] | None,
          renew: Callable[[], bool] | None) -> None:
    settings = run.settings
    conn: smtplib.SMTP | None = None
    try:
        for i, row in enumerate(rows):
            if renew is not None and not renew():
                run.report.lease_lost = True
                log.warning("outbox lease lost to another process: it sends the rest")
                break
            if conn is None:
                try:
                    conn = connect(settings, token_provider)
                except _Unavailable as exc:  # every due row waits, none is claimed
                    run.wait(rows[i:], str(exc))
                    break
                run.reached()
            if not run.claim(row):
                continue
            try:
                _deliver(conn, settings, row)
            except _Permanent as exc:
                run.fail(row, str(exc))
                _reset(conn)
                continue
            except _Unavailable as exc:  # 421: the server closes; this row and the rest wait
                _close(conn)
                conn = None
                run.wait([row], str(exc), claimed=True)
                run.wait(rows[i + 1:], str(exc))
                break
            except _Transient as exc:
                run.retry(row, str(exc))
                _close(conn)
                conn = None  # reconnect for the next row
                continue
            run.done(row, "sent")
            run.report.sent += 1
            if not settings.smtp_saves_sent:
                _copy_to_sent(sent_box, row)
    finally:
        _close(conn)


def _reset(conn: smtplib.SMTP) -> None:
    try:
        conn.rset()
    except Exception:
        pass


def _copy_to_sent(sent_box: SentBox | None, row: Outbox) -> None:
    if sent_box is None:
        return
    try:
        sent_box.append(row.raw)
    except Exception as exc:  # the answer is sent; only the copy is missing
        log.warning("could not copy %s to the Sent folder: %s", row.message_id, exc)


def _write_files(run: _Run, rows: list[Outbox], renew: Callable[[], bool] | None) -> None:
    folder = Path(run.settings.data_dir) / "outbox"
    for row in rows:
        if renew is not None and not renew():
            run.report.lease_lost = True
            break
        if not run.claim(row):
            continue
        try:
            write_atomic(folder / safe_name(row.message_id), row.raw)
        except OSError as exc:
            run.retry(row, f"écriture impossible dans {folder} : {exc}")
            continue
        run.done(row, "written")
        run.report.written += 1
