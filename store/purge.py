"""Retention (GDPR): remove raw mail, documents and personal data older than a date,
keeping anonymous counts."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, delete, select

from store.archive import delete_blob
from store.models import (Attachment, BudgetLineRow, Counter, Dossier, FlagRow, MailboxEntry, Message, Outbox,
                          PartnerRow, RequirementResult)


def _count(s: Session, name: str, n: int) -> None:
    c = s.get(Counter, name) or Counter(name=name, value=0)
    c.value += n
    s.add(c)


def purge_before(engine, archive: Path, limit: datetime) -> dict:
    files = 0
    with Session(engine) as s:
        dossiers = s.exec(select(Dossier).where(Dossier.received_at < limit, Dossier.purged == False)).all()  # noqa: E712
        for d in dossiers:
            _count(s, f"dossiers.{d.call}.{d.status}", 1)
            for table in (RequirementResult, BudgetLineRow, PartnerRow):
                s.exec(delete(table).where(table.dossier_id == d.id))
            s.exec(delete(Outbox).where(Outbox.dossier_id == d.id))
            d.applicant_email, d.applicant_name, d.organisation = f"purge-{d.id}", None, None
            d.org_domain, d.project_title, d.budget, d.purged = None, None, {}, True
            s.add(d)
        ids = {d.id for d in dossiers}
        msgs = s.exec(select(Message).where(Message.received_at < limit)).all()
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
            m.in_reply_to, m.references, m.error = None, None, None
            m.state = "purged"
            s.add(m)
            purged += 1
        s.commit()
    return {"dossiers": len(dossiers), "messages": purged, "files": files}
