"""The first step of every message, for IMAP and `import` alike: the raw bytes archived
(written, synced, renamed under their hash) before anything parses them, then its Message row.

`archive_raw` writes the file; `record_archived` adds the row in the caller's transaction (the
poll commits a whole fetched batch with its ledger rows); `accept_raw` does both for one message,
committed. Duplicates (same bytes, or same Message-ID from the same sender) are recorded once.
"""
from __future__ import annotations

import email.parser
import email.policy
import email.utils
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store.archive import archive_root, write_blob
from store.db import session_scope
from store.models import Message, utcnow


@dataclass(frozen=True)
class AcceptResult:
    message_pk: int
    created: bool


def _header_peek(raw: bytes) -> tuple[str | None, str | None, datetime | None]:
    """Message-ID, From address and a received time from the headers alone (no MIME parsing)."""
    # only the header block is fed to the parser (it splits into lines all it is given, body too)
    ends = [i for i in (raw.find(b"\r\n\r\n", 0, 262144), raw.find(b"\n\n", 0, 262144)) if i >= 0]
    try:
        head = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(
            raw[:min(ends) + 4] if ends else raw[:262144])
    except Exception:
        return None, None, None
    mid = re.findall(r"<[^<>\s]+>", str(head.get("Message-ID", "")))
    addr = email.utils.parseaddr(str(head.get("From", "")))[1].lower() or None
    when = None
    for value in [head.get("Date")] + [str(r).rsplit(";", 1)[-1] for r in head.get_all("Received", [])[:1]]:
        if not value:
            continue
        try:
            when = email.utils.parsedate_to_datetime(str(value).strip())
        except (TypeError, ValueError, IndexError):
            continue
        if when is not None:
            when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
            break
    return (mid[0] if mid else None), addr, when


@dataclass(frozen=True)
class Archived:
    """A raw message safely on disk (store.archive), not yet recorded."""
    sha256: str
    path: str  # relative to the archive root
    size: int
    message_id: str | None
    sender: str | None
    received_at: datetime


def archive_raw(settings, raw: bytes, *, received_at: datetime | None = None,
                fallback_time: datetime | None = None) -> Archived:
    """The first step: the raw bytes written (fsync, rename) under their hash. Raises OSError."""
    sha, rel = write_blob(archive_root(settings.data_dir), raw)
    message_id, sender, header_time = _header_peek(raw)
    return Archived(sha, rel, len(raw), message_id, sender,
                    received_at or header_time or fallback_time or utcnow())


def record_archived(s: Session, archived: Archived, origin: str) -> AcceptResult:
    """The Message row of an archived message, in the caller's transaction (flushed, not
    committed); a duplicate (same bytes, or same Message-ID from the same sender) is not
    recorded twice. A concurrent writer of the same bytes makes the flush raise IntegrityError."""
    found = s.exec(select(Message).where(Message.sha256 == archived.sha256)).first()
    if found is None and archived.message_id:
        found = s.exec(select(Message).where(Message.message_id == archived.message_id,
                                             Message.from_addr == archived.sender)).first()
    if found is not None:
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
