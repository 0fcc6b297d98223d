"""The mailbox ledger (store.models.MailboxEntry): one row per server message of a polled folder.

A row says which archived message a UID is (`stored`), or why it could not be fetched or stored
yet (`failing`: fetched again, alone, at every poll) or any more (`quarantined`: given up, shown
by `status`); and whether the keyword or the move was done on the server, or when to try again.

A failing UID is quarantined after QUARANTINE_AFTER attempts of its own, and only once another
message of the folder was stored since it first failed: when everything fails (the archive's disk
full, a broken server) the cause is not the message, and nothing is given up.
No IMAP here: service/poll.py talks to the server and hands the outcomes over.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError, SQLAlchemyError
from sqlmodel import Session, col, select

from service import accept
from store.db import session_scope
from store.models import MailboxCursor, MailboxEntry, Message, utcnow

QUARANTINE_AFTER = 3  # attempts of a UID alone before it is given up
MARK_RETRY_LIMIT = 1000  # ledger rows whose marking is retried per poll
MARK_BACKOFF_S = 60.0  # the first wait after a refused marking; doubled each time, up to the cap
MARK_BACKOFF_CAP_S = 3600.0
ERROR_CHARS = 1000


@dataclass(frozen=True)
class Folder:
    account: str
    folder: str
    uidvalidity: int

    def where(self):
        return (MailboxEntry.account == self.account, MailboxEntry.folder == self.folder,
                MailboxEntry.uidvalidity == self.uidvalidity)


@dataclass(frozen=True)
class Oversized:
    """A message over FABRIQUE_MAX_MESSAGE_BYTES: only its header was read and archived."""
    size: int
    limit: int
    subject: str | None = None  # decoded, for staff to recognise it

    def reason(self) -> str:
        return (f"message de {self.size:,} octets sur le serveur, au-delà de la limite "
                f"FABRIQUE_MAX_MESSAGE_BYTES ({self.limit:,}) : seul son en-tête a été lu ; "
                f"le message reste dans la boîte aux lettres").replace(",", "\u202f")


@dataclass(frozen=True)
class Item:
    uid: int
    archived: accept.Archived
    oversized: Oversized | None = None


def cursor(s: Session, account: str, folder: str) -> MailboxCursor:
    found = s.exec(select(MailboxCursor).where(MailboxCursor.account == account,
                                               MailboxCursor.folder == folder)).first()
    if found is None:
        found = MailboxCursor(account=account, folder=folder)
        s.add(found)
        s.flush()
    return found


def states(engine: Engine, f: Folder, above: int) -> dict[int, tuple[str, int]]:
    """{uid: (state, attempts)} of the ledger rows above `above`."""
    with Session(engine) as s:
        rows = s.exec(select(MailboxEntry.uid, MailboxEntry.state, MailboxEntry.attempts)
                      .where(*f.where(), MailboxEntry.uid > above))
        return {uid: (state, attempts) for uid, state, attempts in rows}


# --- storing ---------------------------------------------------------------------------------

def store(engine: Engine, f: Folder, items: list[Item], upto: int,
          refused: Callable[[int, str], None]) -> list:
    """The items' Message rows and ledger rows, and the cursor moved up to `upto`, in one
    transaction (one commit a batch: on PostgreSQL each is a round trip and a WAL flush).
    Returns [(uid, AcceptResult)].

    When the batch cannot be recorded whole (a concurrent `import` of the same bytes, or one
    message the database refuses), each item is recorded on its own and `refused(uid, reason)` is
    called at once for those it refuses (so that those stored after it count as others getting
    through); the cursor is then left to the caller. A database that is unreachable or locked
    raises: no message is to blame."""
    try:
        with session_scope(engine) as s:
            accepted = [(item.uid, _record(s, item)) for item in items]
            _stored(s, f, accepted, upto)
        return accepted
    except SQLAlchemyError as exc:
        if _systemic(exc):
            raise
    accepted = []
    for item in items:
        try:
            result = _record_alone(engine, item)
            with session_scope(engine) as s:
                _stored(s, f, [(item.uid, result)], 0)
            accepted.append((item.uid, result))
        except SQLAlchemyError as exc:
            if _systemic(exc):
                raise
            refused(item.uid, f"{type(exc).__name__}: {getattr(exc, 'orig', None) or exc}")
    return accepted


def _systemic(exc: SQLAlchemyError) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError)) or bool(getattr(exc, "connection_invalidated", False))


def _record_alone(engine: Engine, item: Item):
    if item.oversized is None:
        return accept.accept_archived(engine, item.archived, "imap")  # a concurrent writer's row is found
    try:
        with session_scope(engine) as s:
            return _record(s, item)
    except IntegrityError:
        with session_scope(engine) as s:
            return _record(s, item)


def _record(s: Session, item: Item):
    if item.oversized is None:
        return accept.record_archived(s, item.archived, "imap")
    a = item.archived
    found = s.exec(select(Message).where(Message.sha256 == a.sha256)).first()
    if found is not None:
        return accept.AcceptResult(found.id, False)
    # no Message-ID: the whole message, imported by hand later, is not taken for this stand-in
    msg = Message(sha256=a.sha256, message_id=None, from_addr=a.sender, archive_path=a.path,
                  size=item.oversized.size, origin="imap", received_at=a.received_at, state="quarantined",
                  error=item.oversized.reason(), processed_at=utcnow(), subject=item.oversized.subject)
    s.add(msg)
    s.flush()
    return accept.AcceptResult(msg.id, True)


def _stored(s: Session, f: Folder, accepted: list, upto: int) -> None:
    uids = [uid for uid, _ in accepted]
    rows = {e.uid: e for e in s.exec(select(MailboxEntry).where(*f.where(), col(MailboxEntry.uid).in_(uids)))}
    for uid, result in accepted:
        entry = rows.get(uid)
        if entry is None:
            s.add(MailboxEntry(account=f.account, folder=f.folder, uidvalidity=f.uidvalidity, uid=uid,
                               message_pk=result.message_pk))
        elif entry.state != "stored":
            entry.state, entry.message_pk = "stored", result.message_pk
            entry.last_error = entry.failed_since = None
    cur = cursor(s, f.account, f.folder)
    if accepted:
        cur.last_stored_at = utcnow()
    if cur.uidvalidity == f.uidvalidity and upto > cur.last_uid:
        cur.last_uid = upto


def advance(engine: Engine, f: Folder, upto: int) -> None:
    with session_scope(engine) as s:
        cur = cursor(s, f.account, f.folder)
        if cur.uidvalidity == f.uidvalidity and upto > cur.last_uid:
            cur.last_uid = upto


def failed(engine: Engine, f: Folder, reasons: dict[int, str], blamed: bool) -> list[int]:
    """Record failed UIDs as failing (attempts + 1 when `blamed`: the UID was tried alone).
    Returns those now quarantined."""
    if not reasons:
        return []
    now = utcnow()
    quarantined = []
    with session_scope(engine) as s:
        last_stored = cursor(s, f.account, f.folder).last_stored_at
        rows = {e.uid: e for e in s.exec(select(MailboxEntry).where(
            *f.where(), col(MailboxEntry.uid).in_(list(reasons))))}
        for uid, reason in reasons.items():
            entry = rows.get(uid)
            if entry is None:
                entry = MailboxEntry(account=f.account, folder=f.folder, uidvalidity=f.uidvalidity, uid=uid,
                                     state="failing")
                s.add(entry)
            if entry.state != "failing":
                continue
            entry.last_error = reason[:ERROR_CHARS]
            if blamed:
                entry.attempts += 1
                entry.failed_since = entry.failed_since or now
                if (entry.attempts >= QUARANTINE_AFTER and last_stored is not None
                        and last_stored > entry.failed_since):
                    entry.state = "quarantined"
                    quarantined.append(uid)
    return quarantined


# --- marking ---------------------------------------------------------------------------------

def due_for_marking(engine: Engine, f: Folder, now: datetime | None = None) -> list[int]:
    """Stored UIDs not marked yet whose next attempt is due (through the partial index of 0002)."""
    now = now or utcnow()
    with Session(engine) as s:
        return list(s.exec(select(MailboxEntry.uid).where(
            *f.where(), MailboxEntry.marked == False, MailboxEntry.state == "stored",  # noqa: E712
            (col(MailboxEntry.mark_after).is_(None)) | (col(MailboxEntry.mark_after) <= now))
            .order_by(MailboxEntry.uid).limit(MARK_RETRY_LIMIT)))


def marked(engine: Engine, f: Folder, uids: list[int]) -> None:
    if not uids:
        return
    with engine.begin() as conn:
        conn.execute(update(MailboxEntry).where(*f.where(), col(MailboxEntry.uid).in_(uids))
                     .values(marked=True, mark_error=None, mark_after=None))


def mark_failed(engine: Engine, f: Folder, uids: list[int], reason: str) -> datetime | None:
    """The marking of `uids` was refused: tried again after a growing pause. Returns when."""
    if not uids:
        return None
    now = utcnow()
    latest = None
    with session_scope(engine) as s:
        for entry in s.exec(select(MailboxEntry).where(*f.where(), col(MailboxEntry.uid).in_(uids))):
            entry.mark_attempts += 1
            entry.mark_error = reason[:ERROR_CHARS]
            wait = min(MARK_BACKOFF_S * 2 ** (entry.mark_attempts - 1), MARK_BACKOFF_CAP_S)
            entry.mark_after = now + timedelta(seconds=wait)
            latest = max(latest or entry.mark_after, entry.mark_after)
    return latest
