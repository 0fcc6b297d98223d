"""One poll of the submissions mailbox, and the loop that keeps polling.

The order of things is the whole point of this module:
  lease → SELECT → cursor (UIDVALIDITY) → UIDs above the cursor → per batch:
  FETCH → archive_raw (file written, fsync) → Message rows + ledger rows + cursor (one commit)
  → only then keyword / MOVE on the server → ledger rows marked.
A message that cannot be archived is neither marked nor passed by the cursor: it is fetched
again at the next poll. The ledger (MailboxEntry) makes every step safe to repeat.
"""
from __future__ import annotations

import logging
import os
import random
import re
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

from sqlalchemy import delete, insert, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from config.settings import Settings
from ingest.errors import IngestError
from ingest.imap import Mailbox, open_mailbox
from service import accept
from service.runtime import log_failure
from store.db import session_scope
from store.models import Lease, MailboxCursor, MailboxEntry, utcnow

log = logging.getLogger(__name__)

LEASE_MIN_S = 60  # a lease never lasts less than this, whatever the poll interval
MARK_RETRY_LIMIT = 1000  # ledger rows whose marking is retried per poll
MAX_FAILURES_PER_POLL = 5  # archive failures after which a poll stops (a systemic cause)
THROTTLE_BACKOFF_S = 60.0  # least pause after a "slow down" answer (Microsoft 365 throttling)
THROTTLE_PAUSE_CAP_S = 1800.0  # a server-suggested pause is honoured up to this

# Microsoft 365: "NO [THROTTLED] Request is throttled. Suggested Backoff Time: 12345 milliseconds",
# and "BAD User is authenticated but not connected." while it sheds load after a login.
_THROTTLED = re.compile(r"throttl|user is authenticated but not connected", re.IGNORECASE)
_SUGGESTED = re.compile(r"backoff time:\s*(\d+)", re.IGNORECASE)  # milliseconds

MailboxFactory = Callable[[Settings], Mailbox]


@dataclass
class PollReport:
    fetched: int = 0
    new: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    skipped_by: str | None = None  # another live poller holds the lease
    resynced: bool = False  # UIDVALIDITY changed: read again from UID 0

    @property
    def skipped(self) -> bool:
        return self.skipped_by is not None


def account_of(settings: Settings) -> str:
    return f"{settings.imap_user}@{settings.imap_host}"


def lease_name(settings: Settings) -> str:
    return f"poll:{account_of(settings)}/{settings.imap_folder}"


def new_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def lease_ttl(settings: Settings) -> timedelta:
    return timedelta(seconds=max(2 * settings.poll_interval, LEASE_MIN_S))


# --- lease ---------------------------------------------------------------------------

def acquire_lease(engine: Engine, name: str, holder: str, ttl: timedelta) -> str | None:
    """Take or renew the lease; None when `holder` has it, else the live holder's name.

    One conditional UPDATE (ours, or expired) then an INSERT: atomic on SQLite and PostgreSQL.
    """
    now = utcnow()
    with engine.begin() as conn:
        ours_or_expired = or_(col(Lease.holder) == holder, col(Lease.expires_at) < now)
        taken = conn.execute(update(Lease).where(col(Lease.name) == name, ours_or_expired)
                             .values(holder=holder, expires_at=now + ttl)).rowcount
    if taken == 1:
        return None
    try:
        with engine.begin() as conn:
            conn.execute(insert(Lease).values(name=name, holder=holder, expires_at=now + ttl))
        return None
    except IntegrityError:
        other = lease_holder(engine, name)
        if other and other != holder and holder_gone(other):
            with engine.begin() as conn:  # its process died holding it (a crash): no need to wait it out
                taken = conn.execute(update(Lease).where(col(Lease.name) == name, col(Lease.holder) == other)
                                     .values(holder=holder, expires_at=now + ttl)).rowcount
            if taken == 1:
                log.warning("bail %s repris : son détenteur %s n'existe plus", name, other)
                return None
        return other if other and other != holder else "?"


def lease_holder(engine: Engine, name: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(Lease.holder).where(col(Lease.name) == name)).scalar()


def holder_gone(holder: str | None) -> bool:
    """Whether `holder` (see new_holder) was a process of this host that no longer exists.
    A holder on another host, or whose process exists, counts as alive: its lease runs out."""
    host, _, rest = (holder or "").partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists (another user's process)
        return False
    return False


def release_lease(engine: Engine, name: str, holder: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(Lease).where(col(Lease.name) == name, col(Lease.holder) == holder))


# --- one poll ------------------------------------------------------------------------

def poll_once(engine: Engine, settings: Settings, mailbox_factory: MailboxFactory = open_mailbox, *,
              mailbox: Mailbox | None = None, holder: str | None = None) -> PollReport:
    """One poll cycle. Raises on connection/server failures, after recording them on the cursor.

    `mailbox`: an open session to reuse (run_poller), else one is opened and closed here.
    `holder`: keep the lease under this name after returning (run_poller); by default a
    one-off holder is used and the lease released at the end.
    """
    account, folder, name = account_of(settings), settings.imap_folder, lease_name(settings)
    one_off = holder is None
    holder = holder or new_holder()
    report = PollReport()
    other = acquire_lease(engine, name, holder, lease_ttl(settings))
    if other is not None:
        report.skipped_by = other
        log.info("relève de %s/%s ignorée : déjà en cours par %s", account, folder, other)
        return report
    opened = None
    try:
        _touch_cursor(engine, account, folder)
        if mailbox is None:
            mailbox = opened = mailbox_factory(settings)
        _cycle(engine, settings, mailbox, report,
               renew=lambda: acquire_lease(engine, name, holder, lease_ttl(settings)))
    except Exception as exc:
        _record(engine, account, folder, [_reason(exc)], success=False)
        raise
    else:
        _record(engine, account, folder, report.errors, success=not report.errors)
    finally:
        if opened is not None:
            opened.close()
        if one_off:
            release_lease(engine, name, holder)
    return report


def _cycle(engine: Engine, settings: Settings, mailbox: Mailbox, report: PollReport,
           renew: Callable[[], str | None]) -> None:
    account, folder = account_of(settings), settings.imap_folder
    uidvalidity, allow_keywords = mailbox.select(folder)
    with session_scope(engine) as s:
        cursor = _cursor(s, account, folder)
        if cursor.uidvalidity != uidvalidity:
            if cursor.uidvalidity is not None:
                log.warning("UIDVALIDITY de %s/%s changée (%s → %s) : relecture complète, sans doublon",
                            account, folder, cursor.uidvalidity, uidvalidity)
                report.resynced = True
            cursor.uidvalidity, cursor.last_uid = uidvalidity, 0
        last_uid = cursor.last_uid
    keyword = settings.imap_processed_keyword if allow_keywords else None
    marking = bool(settings.imap_move_to or keyword)
    if marking:
        _retry_marking(engine, settings, mailbox, account, folder, uidvalidity, keyword)

    uids = mailbox.uids_above(last_uid)
    batch = max(1, settings.imap_batch)
    first_failed: int | None = None  # the cursor stays below it; later UIDs go on (the ledger has them)
    failures = 0
    for start in range(0, len(uids), batch):
        chunk = uids[start:start + batch]
        known = _ledger_uids(engine, account, folder, uidvalidity, chunk)
        archived = []
        for uid, raw, internaldate in mailbox.fetch([u for u in chunk if u not in known], batch):
            report.fetched += 1
            try:
                archived.append((uid, accept.archive_raw(settings, raw, received_at=internaldate)))
            except Exception as exc:  # disk full...: not marked, fetched again later
                log.error("UID %s de %s/%s non archivé : %s", uid, account, folder, exc)
                report.errors.append(f"message UID {uid} non archivé (sera relu) : {type(exc).__name__}: {exc}")
                first_failed = uid if first_failed is None else min(first_failed, uid)
                failures += 1
        upto = chunk[-1] if first_failed is None else first_failed - 1
        accepted = _commit_batch(engine, account, folder, uidvalidity, archived, upto)
        for _, result in accepted:
            report.new += result.created
            report.duplicates += not result.created
        if marking and accepted:  # the server is touched only once the store has committed
            done = [uid for uid, _ in accepted]
            if settings.imap_move_to:
                mailbox.move(done, settings.imap_move_to, keyword)
            else:
                mailbox.mark(done, keyword)
            _set_marked(engine, account, folder, uidvalidity, done)
        if failures >= MAX_FAILURES_PER_POLL:  # the cause is not the message (disk full...): stop here
            report.errors.append(f"relève interrompue après {failures} échecs d'archivage")
            break
        if renew() is not None:
            report.errors.append("bail de relève repris par un autre processus : relève interrompue")
            break


def _commit_batch(engine: Engine, account: str, folder: str, uidvalidity: int, archived: list, upto: int) -> list:
    """The batch's Message rows, its ledger rows and the cursor, in one transaction (one commit a
    batch, not one a message: on PostgreSQL each commit is a round trip and a WAL flush).
    Returns [(uid, AcceptResult)]. Should another process record the same bytes meanwhile (an
    `import` beside the poll), the batch is recorded again message by message."""
    try:
        with session_scope(engine) as s:
            accepted = [(uid, accept.record_archived(s, a, "imap")) for uid, a in archived]
            _ledger(s, account, folder, uidvalidity, accepted, upto)
        return accepted
    except IntegrityError:
        accepted = [(uid, accept.accept_archived(engine, a, "imap")) for uid, a in archived]
        with session_scope(engine) as s:
            _ledger(s, account, folder, uidvalidity, accepted, upto)
        return accepted


def _ledger(s, account: str, folder: str, uidvalidity: int, accepted: list, upto: int) -> None:
    """Ledger rows for the accepted messages (those not there yet) and the cursor moved up to `upto`."""
    present = set(s.exec(select(MailboxEntry.uid).where(
        MailboxEntry.account == account, MailboxEntry.folder == folder,
        MailboxEntry.uidvalidity == uidvalidity, col(MailboxEntry.uid).in_([u for u, _ in accepted]))))
    for uid, result in accepted:
        if uid not in present:
            s.add(MailboxEntry(account=account, folder=folder, uidvalidity=uidvalidity, uid=uid,
                               message_pk=result.message_pk))
    cursor = _cursor(s, account, folder)
    if cursor.uidvalidity == uidvalidity and upto > cursor.last_uid:
        cursor.last_uid = upto


def _ledger_uids(engine: Engine, account: str, folder: str, uidvalidity: int, uids: list[int]) -> set[int]:
    with session_scope(engine) as s:
        return set(s.exec(select(MailboxEntry.uid).where(
            MailboxEntry.account == account, MailboxEntry.folder == folder,
            MailboxEntry.uidvalidity == uidvalidity, col(MailboxEntry.uid).in_(uids))))


def _retry_marking(engine: Engine, settings: Settings, mailbox: Mailbox, account: str, folder: str,
                   uidvalidity: int, keyword: str | None) -> None:
    """Mark (or move) what was committed earlier but not marked (connection lost in between)."""
    with session_scope(engine) as s:
        uids = list(s.exec(select(MailboxEntry.uid).where(
            MailboxEntry.account == account, MailboxEntry.folder == folder,
            MailboxEntry.uidvalidity == uidvalidity, MailboxEntry.marked == False)  # noqa: E712
            .order_by(MailboxEntry.uid).limit(MARK_RETRY_LIMIT)))
    if not uids:
        return
    if settings.imap_move_to:
        mailbox.move(uids, settings.imap_move_to, keyword)
    else:
        mailbox.mark(uids, keyword)
    _set_marked(engine, account, folder, uidvalidity, uids)


def _set_marked(engine: Engine, account: str, folder: str, uidvalidity: int, uids: list[int]) -> None:
    with engine.begin() as conn:
        conn.execute(update(MailboxEntry).where(
            col(MailboxEntry.account) == account, col(MailboxEntry.folder) == folder,
            col(MailboxEntry.uidvalidity) == uidvalidity, col(MailboxEntry.uid).in_(uids)).values(marked=True))


def _cursor(s, account: str, folder: str) -> MailboxCursor:
    cursor = s.exec(select(MailboxCursor).where(MailboxCursor.account == account,
                                                MailboxCursor.folder == folder)).first()
    if cursor is None:
        cursor = MailboxCursor(account=account, folder=folder)
        s.add(cursor)
        s.flush()
    return cursor


def _touch_cursor(engine: Engine, account: str, folder: str) -> None:
    with session_scope(engine) as s:
        _cursor(s, account, folder).last_poll_at = utcnow()


def _record(engine: Engine, account: str, folder: str, errors: list[str], *, success: bool) -> None:
    now = utcnow()
    with session_scope(engine) as s:
        cursor = _cursor(s, account, folder)
        if success:
            cursor.last_success_at, cursor.last_error, cursor.failing_since = now, None, None
        else:
            cursor.last_error = " ; ".join(errors[:3])[:2000]
            cursor.failing_since = cursor.failing_since or now


# --- the loop --------------------------------------------------------------------------

def throttle_pause(exc: BaseException, least: float = THROTTLE_BACKOFF_S) -> float | None:
    """Seconds to keep away from a server that asked us to slow down; None when it did not.

    At least `least`, or the server's "Suggested Backoff Time" when longer (capped).
    """
    text = str(exc)
    if not _THROTTLED.search(text):
        return None
    suggested = _SUGGESTED.search(text)
    if suggested:
        return min(max(least, int(suggested.group(1)) / 1000.0), THROTTLE_PAUSE_CAP_S)
    return least


def run_poller(engine: Engine, settings: Settings, stop_event: threading.Event, on_new_mail: Callable[[], object],
               mailbox_factory: MailboxFactory = open_mailbox, *,
               backoff_initial: float = 1.0, backoff_cap: float = 300.0,
               throttle_backoff: float = THROTTLE_BACKOFF_S) -> None:
    """Poll until stop_event is set: poll, then IDLE (or sleep poll_interval), again.

    Connection failures reconnect with capped exponential backoff; nothing ends the loop but
    stop_event. A server that says it is throttling us is left alone for at least
    `throttle_backoff` seconds (or the pause it suggests). on_new_mail() is called after a
    poll accepted new messages.
    For XOAUTH2 pass `service.oauth.mailbox_factory(token_provider)` as mailbox_factory.
    """
    holder, name = new_holder(), lease_name(settings)
    backoff = backoff_initial
    mailbox: Mailbox | None = None
    try:
        while not stop_event.is_set():
            try:
                if acquire_lease(engine, name, holder, lease_ttl(settings)) is not None:
                    if mailbox is not None:  # another poller has this mailbox: leave the server alone
                        mailbox.close()
                        mailbox = None
                    stop_event.wait(settings.poll_interval)
                    continue
                if mailbox is None:
                    mailbox = _connect(engine, settings, mailbox_factory)
                report = poll_once(engine, settings, mailbox_factory, mailbox=mailbox, holder=holder)
                backoff = backoff_initial
                if report.new:
                    _call(on_new_mail)
                if report.skipped or not (settings.imap_idle and mailbox.can_idle):
                    stop_event.wait(settings.poll_interval)
                else:
                    mailbox.idle_wait(settings.poll_interval, should_stop=stop_event.is_set)
            except Exception as exc:  # never let the loop die; the cursor holds the reason
                pause = throttle_pause(exc, throttle_backoff)
                if pause is not None:  # hammering a throttling server prolongs the throttling
                    backoff = max(backoff, pause)
                    log.warning("le serveur IMAP demande de ralentir, pause de %.0f s : %s", backoff, exc)
                elif isinstance(exc, IngestError):
                    log.warning("relève impossible, nouvel essai dans %.0f s : %s", backoff, exc)
                else:
                    log_failure(log, f"relève en échec, nouvel essai dans {backoff:.0f} s", exc)
                if mailbox is not None:
                    mailbox.close()
                    mailbox = None
                stop_event.wait(backoff * random.uniform(0.8, 1.2))
                backoff = min(backoff * 2, backoff_cap)
    finally:
        if mailbox is not None:
            mailbox.close()
        try:
            release_lease(engine, name, holder)
        except Exception:
            log.exception("bail de relève non libéré (il expirera)")


def _connect(engine: Engine, settings: Settings, mailbox_factory: MailboxFactory) -> Mailbox:
    """Open the session; a failure is recorded on the cursor (status shows it) and re-raised."""
    try:
        return mailbox_factory(settings)
    except Exception as exc:
        _record(engine, account_of(settings), settings.imap_folder, [_reason(exc)], success=False)
        raise


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (IngestError, ValueError)):
        return str(exc)
    return f"erreur interne : {type(exc).__name__}: {exc}"


def _call(on_new_mail: Callable[[], object]) -> None:
    try:
        on_new_mail()
    except Exception:
        log.exception("traitement après relève en échec")
