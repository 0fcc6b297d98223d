"""The first step of every message, for IMAP and `import` alike: the raw bytes archived
(written, synced, renamed under their hash) before anything parses them, then its Message row.

`archive_raw` writes the file; `record_archived` adds the row in the caller's transaction (the
poll commits a whole fetched batch with its ledger rows); `accept_raw` does both for one message,
committed. Duplicates (same bytes, or same Message-ID from the same sender) are recorded once,
and keep no file of their own: same bytes share the one file, other bytes are removed at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store.archive import archive_root, delete_blob, peek_headers, write_blob
from store.db import session_scope
from store.models import Message, utcnow


@dataclass(frozen=True)
class AcceptResult:
    message_pk: int
    created: bool


@dataclass(frozen=True)
class Archived:
    """A raw message safely on disk (store.archive), not yet recorded."""
    root: Path  # the archive
    sha256: str
    path: str  # relative to the archive root
    size: int
    message_id: str | None
    sender: str | None
    received_at: datetime


def archive_raw(settings, raw: bytes, *, received_at: datetime | None = None,
                fallback_time: datetime | None = None) -> Archived:
    """The first step: the raw bytes written (fsync, rename) under their hash. Raises OSError."""
    root = archive_root(settings.data_dir)
    sha, rel = write_blob(root, raw)
    message_id, sender, header_time = peek_headers(raw)
    return Archived(root, sha, rel, len(raw), message_id, sender,
                    received_at or header_time or fallback_time or utcnow())


def record_archived(s: Session, archived: Archived, origin: str) -> AcceptResult:
    """The Message row of an archived message, in the caller's transaction (flushed, not
    committed); a duplicate (same bytes, or same Message-ID from the same sender) is not
    recorded twice. A concurrent writer of the same bytes makes the flush raise IntegrityError.

    A duplicate's file is removed unless it is the recorded message's own (same bytes): a message
    known by its Message-ID (a mailbox recreated, a server that rewrote a header) or one purged
    already leaves nothing in the archive."""
    found = s.exec(select(Message).where(Message.sha256 == archived.sha256)).first()
    if found is None and archived.message_id:
        found = s.exec(select(Message).where(Message.message_id == archived.message_id,
                                             Message.from_addr == archived.sender)).first()
    if found is not None:
        if found.archive_path != archived.path:  # no row has these bytes (sha256 is unique)
            delete_blob(archived.root, archived.path)
        return AcceptResult(found.id, False)
    msg = Message(sha256=archived.sha256, message_id=archived.message_id, from_addr=archived.sender,
                  archive_path=archived.path, size=archived.size, origin=origin,
                  received_at=archived.received_at, state="archived")
    s.add(msg)
    s.flush()
    return AcceptResult(msg.id, True)


def accept_raw(engine, settings, raw: bytes, *, received_at: datetime | None = None,
               origin: str = "import", fallback_time: datetime | None = None) -> AcceptResult:
    """Archive the raw bytes and record the message, committed (one message: `import`)."""
    return accept_archived(engine, archive_raw(settings, raw, received_at=received_at,
                                               fallback_time=fallback_time), origin)


def accept_archived(engine, archived: Archived, origin: str) -> AcceptResult:
    """record_archived in a transaction of its own, committed."""
    with session_scope(engine) as s:
        try:
            return record_archived(s, archived, origin)
        except IntegrityError:  # recorded meanwhile by another process
            s.rollback()
            found = s.exec(select(Message).where(Message.sha256 == archived.sha256)).one()
            return AcceptResult(found.id, False)
