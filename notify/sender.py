"""Deliver the Outbox: SMTP when a host is configured, else files in <data_dir>/outbox.

One run:
    recover   rows left in "sending" by a process that died mid-delivery
    claim     a due "pending" row -> "sending", COMMIT (before the server is touched)
    deliver   one SMTP transaction (or one atomic file write)
    record    "sent"/"written" + sent_at, COMMIT; then copy to the Sent folder (sent_box)
    on error  4xx / connection / timeout -> attempts+1, exponential backoff, stays "pending";
              5xx -> "failed" with the server's answer; attempts exhausted -> "failed".

Crash between SMTP acceptance and the "sent" commit: the row stays "sending". The next run
asks sent_box.contains(message_id) when a sent_box is given (present -> "sent", not resent;
absent -> resent). Exchange Online and Gmail file every accepted submission in the Sent
folder themselves (FABRIQUE_SMTP_SAVES_SENT=true): there the check closes the window
entirely; elsewhere our own copy is appended after the commit, so only a crash within the
few milliseconds between acceptance and commit can still cause a resend. Without a sent_box the fate cannot be known and the row is resent: a rare
duplicate answer is preferred to a lost one (the deterministic Message-ID lets the
applicant's client and staff recognise the duplicate).

While a row is "sending", next_attempt_at holds the claim time, so a concurrent run (the
service and `outbox send` at once) only recovers claims older than STALE_CLAIM.
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

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from config.settings import ConfigError, Settings
from notify.guards import address_of
from store.archive import write_atomic
from store.models import Outbox

log = logging.getLogger(__name__)

BACKOFF_BASE = 60  # seconds; doubled per attempt
BACKOFF_CAP = 3600


class SentBox(Protocol):
    def append(self, raw: bytes) -> None: ...
    def contains(self, message_id: str) -> bool: ...


@dataclass
class SendReport:
    sent: int = 0
    written: int = 0
    failed: int = 0
    retried: int = 0
    recovered: int = 0  # "sending" rows found in the Sent folder and marked sent without resending


class _Transient(Exception):
    """Try again later (4xx, connection refused or lost, timeout, TLS or login trouble)."""


class _Permanent(Exception):
    """The server refused this message for good (5xx)."""


def backoff(attempts: int) -> timedelta:
    """1 min, 2, 4, ... capped at 1 h, after the n-th failed attempt."""
    return timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def stale_claim(settings: Settings) -> timedelta:
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
        # Not the message's fault: retried, and visible in last_error / status.
        raise _Transient(f"authentification SMTP refusée ({exc.smtp_code})") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise _Transient(f"le serveur SMTP ne propose pas une extension requise ({exc})") from None
    except smtplib.SMTPResponseException as exc:
        raise _Transient(f"connexion SMTP refusée : {exc.smtp_code} {_text(exc.smtp_error)}") from None
    except (smtplib.SMTPException, OSError) as exc:  # refused, timeout, TLS/certificate errors
        raise _Transient(f"serveur SMTP injoignable ({host}:{port}) : {type(exc).__name__}: {exc}") from None


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
    """One SMTP transaction; raises _Transient or _Permanent."""
    sender = address_of(settings.from_address)
    # a digest has several recipients, possibly written "Name <addr>"
    recipients = [addr for _, addr in email.utils.getaddresses([row.to_addr]) if addr]
    try:
        refused = conn.sendmail(sender, recipients, row.raw)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (450, b""))
        raise (_Permanent if code >= 500 else _Transient)(f"{code} {_text(text)}") from None
    except smtplib.SMTPResponseException as exc:  # sender refused, data refused, 421 ...
        cls = _Permanent if 500 <= exc.smtp_code < 600 else _Transient
        raise cls(f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise _Transient(f"connexion SMTP interrompue : {type(exc).__name__}: {exc}") from None
    except Exception as exc:  # unexpected (encoding...): bounded by smtp_max_attempts
        raise _Transient(f"envoi impossible : {type(exc).__name__}: {exc}") from None
    if refused:  # some recipients of a digest refused, the others accepted: not resent
        log.warning("answer %s refused for %s", row.message_id,
                    ", ".join(f"{a} ({c} {_text(t)})" for a, (c, t) in refused.items()))


# --- state changes (each committed) ------------------------------------------------------

def _claim(session: Session, row: Outbox, now: datetime) -> bool:
    """pending -> sending, committed; False when another run took the row first."""
    result = session.execute(
        update(Outbox).where(Outbox.id == row.id, Outbox.status == "pending")
        .values(status="sending", next_attempt_at=now)
    )
    session.commit()
    if result.rowcount != 1:
        return False
    session.refresh(row)
    return True


def _done(session: Session, row: Outbox, status: str, now: datetime) -> None:
    row.status, row.sent_at, row.last_error = status, now, None
    session.add(row)
    session.commit()


def _retry(session: Session, row: Outbox, error: str, settings: Settings, now: datetime,
           report: SendReport) -> None:
    row.attempts += 1
    row.last_error = error
    if row.attempts >= settings.smtp_max_attempts:
        row.status, row.next_attempt_at = "failed", now
        report.failed += 1
        log.warning("answer %s failed after %d attempts: %s", row.message_id, row.attempts, error)
    else:
        row.status, row.next_attempt_at = "pending", now + backoff(row.attempts)
        report.retried += 1
        log.info("answer %s will be retried at %s: %s", row.message_id, row.next_attempt_at, error)
    session.add(row)
    session.commit()


def _fail(session: Session, row: Outbox, error: str, now: datetime, report: SendReport) -> None:
    row.attempts += 1
    row.status, row.last_error, row.next_attempt_at = "failed", error, now
    session.add(row)
    session.commit()
    report.failed += 1
    log.warning("answer %s refused by the server: %s", row.message_id, error)


def _recover(session: Session, settings: Settings, sent_box: SentBox | None, now: datetime,
             report: SendReport, every_claim: bool = False) -> None:
    """Rows whose claim is stale (or every claim, when the claimant is known to be dead):
    the process died after claiming them (see module doc)."""
    limit = now if every_claim else now - stale_claim(settings)
    rows = session.exec(select(Outbox).where(
        Outbox.status == "sending",
        or_(Outbox.next_attempt_at == None, Outbox.next_attempt_at <= limit),  # noqa: E711
    )).all()
    for row in rows:
        if sent_box is not None:
            try:
                present = sent_box.contains(row.message_id)
            except Exception as exc:  # Sent folder unreachable: decide on a later run
                log.warning("cannot check the Sent folder for %s: %s", row.message_id, exc)
                continue
            if present:
                _done(session, row, "sent", now)
                report.recovered += 1
                log.info("answer %s found in the Sent folder: marked sent, not resent", row.message_id)
                continue
        row.status, row.next_attempt_at = "pending", now
        session.add(row)
        session.commit()
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
                 limit: int | None = None, orphaned_claims: bool = False) -> SendReport:
    """Deliver the due pending rows of the Outbox; see the module docstring.

    orphaned_claims: the caller knows that whoever claimed the "sending" rows is dead
    (service.jobs.flush_outbox holds a lease while sending): settle them now, not after stale_claim().
    """
    now = now or datetime.now(timezone.utc)
    report = SendReport()
    if settings.smtp_host and settings.smtp_auth == "xoauth2" and token_provider is None:
        raise ConfigError("FABRIQUE_SMTP_AUTH=xoauth2 needs an OAuth2 token provider")
    with Session(engine, expire_on_commit=False) as session:
        _recover(session, settings, sent_box, now, report, every_claim=orphaned_claims)
        rows = _due(session, now, limit)
        if not rows:
            return report
        if not settings.smtp_host:
            _write_files(session, settings, rows, now, report)
            return report
        conn: smtplib.SMTP | None = None
        try:
            for i, row in enumerate(rows):
                if conn is None:
                    try:
                        conn = connect(settings, token_provider)
                    except _Transient as exc:
                        # The server cannot be reached: every due row waits, none is claimed.
                        for waiting in rows[i:]:
                            session.refresh(waiting)
                            if waiting.status == "pending":  # not taken by a concurrent run
                                _retry(session, waiting, str(exc), settings, now, report)
                        break
                if not _claim(session, row, now):
                    continue
                try:
                    _deliver(conn, settings, row)
                except _Permanent as exc:
                    _fail(session, row, str(exc), now, report)
                    _reset(conn)
                    continue
                except _Transient as exc:
                    _retry(session, row, str(exc), settings, now, report)
                    _close(conn)
                    conn = None  # reconnect for the next row
                    continue
                _done(session, row, "sent", now)
                report.sent += 1
                if not settings.smtp_saves_sent:
                    _copy_to_sent(sent_box, row)
        finally:
            _close(conn)
    return report


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


def _write_files(session: Session, settings: Settings, rows: list[Outbox], now: datetime,
                 report: SendReport) -> None:
    folder = Path(settings.data_dir) / "outbox"
    for row in rows:
        if not _claim(session, row, now):
            continue
        try:
            write_atomic(folder / safe_name(row.message_id), row.raw)
        except OSError as exc:
            _retry(session, row, f"écriture impossible dans {folder} : {exc}", settings, now, report)
            continue
        _done(session, row, "written", now)
        report.written += 1
