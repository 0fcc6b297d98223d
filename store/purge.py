"""Retention (GDPR): remove raw mail, documents and personal data older than a date,
keeping anonymous counts."""
from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import or_
from sqlmodel import Session, col, delete, select

from store.archive import delete_blob, peek_headers, read_head
from store.models import (Attachment, BudgetLineRow, Counter, Dossier, Message, Outbox, PartnerRow,
                          RequirementResult)


def _count(s: Session, name: str, n: int) -> None:
    c = s.get(Counter, name) or Counter(name=name, value=0)
    c.value += n
    s.add(c)


STAFF_MAILS = ("digest", "alert")  # they name applicants: kept only until the retention date
IN_FLIGHT = timedelta(hours=1)  # an unreferenced file younger than this may be a message being recorded


def purge_before(engine, archive: Path, limit: datetime,
                 forget_answer: Callable[[str], None] | None = None) -> dict:
    """Purge the dossiers first received before `limit`, every message of theirs (a late reply
    too), the other messages received before it, and the staff mails sent before it.

    Then every archive file no message refers to (a duplicate's, a purged message's, one a crash
    left between the write and the record) is removed when older than `limit` (see _sweep).

    Idempotent: what was purged is not purged (nor counted) again. `forget_answer(message_id)`
    is called for each answer removed (the caller deletes its copy in the file outbox).
    """
    files = 0
    answers: list[str] = []
    with Session(engine) as s:
        dossiers = s.exec(select(Dossier).where(Dossier.received_at < limit, Dossier.purged == False)).all()  # noqa: E712
        for d in dossiers:
            _count(s, f"dossiers.{d.call}.{d.status}", 1)
            for table in (RequirementResult, BudgetLineRow, PartnerRow):
                s.exec(delete(table).where(table.dossier_id == d.id))
            answers += s.exec(select(Outbox.message_id).where(Outbox.dossier_id == d.id)).all()
            s.exec(delete(Outbox).where(Outbox.dossier_id == d.id))
            d.applicant_email, d.applicant_name, d.organisation = f"purge-{d.id}", None, None
            d.org_domain, d.project_title, d.budget, d.purged = None, None, {}, True
            d.unread, d.review = [], None  # attachments' names, which may name people
            s.add(d)
        ids = {d.id for d in dossiers}
        msgs = s.exec(select(Message).where(Message.state != "purged",
                                            or_(Message.received_at < limit, col(Message.dossier_id).in_(ids)))).all()
        purged = 0
        for m in msgs:
            if m.dossier_id is not None and m.dossier_id not in ids:
                d = s.get(Dossier, m.dossier_id)
                if d is not None and not d.purged:
                    continue  # the dossier is newer: keep its whole history
            if m.archive_path:
                delete_blob(archive, m.archive_path)
                files += 1
            _count(s, f"messages.{m.classification or 'unclassified'}", 1)
            s.exec(delete(Attachment).where(Attachment.message_pk == m.id))
            m.archive_path, m.from_addr, m.from_name, m.subject = "", None, None, None
            m.message_id, m.in_reply_to, m.references, m.error = None, None, None, None
            m.state = "purged"
            s.add(m)
            purged += 1
        staff = select(Outbox.id, Outbox.message_id).where(col(Outbox.kind).in_(STAFF_MAILS), Outbox.created_at < limit,
                                                          col(Outbox.status).not_in(("pending", "sending")))
        old_staff = s.exec(staff).all()
        answers += [mid for _, mid in old_staff]
        s.exec(delete(Outbox).where(col(Outbox.id).in_([pk for pk, _ in old_staff])))
        s.commit()
        referenced = set(s.exec(select(Message.archive_path).where(Message.archive_path != "")).all())
    orphans = _sweep(archive, referenced, limit)
    if forget_answer is not None:
        for message_id in answers:
            forget_answer(message_id)
    _compact(engine)
    return {"dossiers": len(dossiers), "messages": purged, "files": files + orphans, "orphans": orphans}


def _sweep(archive: Path, referenced: set[str], limit: datetime) -> int:
    """Remove the archive's files outside `referenced` that are older than `limit`: written before
    it, or holding a mail dated before it (a mailbox recreated brings old mail back in new files).
    A file written less than IN_FLIGHT ago is left alone: its message may be being recorded now."""
    if not archive.is_dir():
        return 0
    recent = (datetime.now(timezone.utc) - IN_FLIGHT).timestamp()
    removed = 0
    for folder, _, names in os.walk(archive):  # links to directories are not followed
        for name in names:
            path = Path(folder, name)
            rel = path.relative_to(archive).as_posix()
            st = path.lstat()
            if rel in referenced or st.st_mtime > recent:
                continue
            if st.st_mtime >= limit.timestamp() and stat.S_ISREG(st.st_mode):
                _, _, dated = peek_headers(read_head(archive, rel))
                if dated is None or dated >= limit:
                    continue
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _compact(engine) -> None:
    """SQLite keeps deleted rows in free pages (and the WAL) until rewritten: rewrite the file."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
