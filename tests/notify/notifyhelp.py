"""Shared test helpers of tests/notify (a module, so tests can import them)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from sqlmodel import Session

from store.models import Attachment, Dossier, Message

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2022, 8, 10, 9, 30, tzinfo=timezone.utc)
ALL_KEYS = [
    "description.contexte", "description.objectifs", "description.problematique", "description.cibles",
    "description.methodologie", "description.phasage", "description.pilotage", "description.resultats",
    "description.perennisation", "budget.personnel", "budget.deplacements_logistique",
    "budget.prestations", "budget.cofinancements", "partenaires.liste", "partenaires.contributions",
]



class Factory:
    def __init__(self, session: Session):
        self.session = session
        self.n = 0

    def dossier(self, **kw) -> Dossier:
        self.n += 1
        values = dict(reference=f"FCTO-2022-{self.n:04d}", call="fabrique-cto-2022",
                      applicant_email=f"porteur{self.n}@cabinet.fr", applicant_name="Jeanne Dupont",
                      organisation="Cabinet Dupont", project_title="Dialogue numérique en PME",
                      status="complete", missing=[], flags=[], budget={}, received_at=NOW)
        values.update(kw)
        row = Dossier(**values)
        self.session.add(row)
        self.session.flush()
        return row

    def message(self, dossier: Dossier | None = None, **kw) -> Message:
        self.n += 1
        values = dict(sha256=f"{self.n:064x}", message_id=f"<m{self.n}@cabinet.fr>", archive_path=f"a/{self.n}.eml",
                      size=100, received_at=NOW, from_addr=dossier.applicant_email if dossier else "x@ex.fr",
                      from_name="Jeanne Dupont", subject="Candidature Fabrique CTO",
                      classification="submission", dossier_id=dossier.id if dossier else None,
                      state="processed", created_at=NOW)
        values.update(kw)
        row = Message(**values)
        self.session.add(row)
        self.session.flush()
        return row

    def attachment(self, message: Message, filename: str, extraction: str = "ok") -> Attachment:
        self.n += 1
        row = Attachment(message_pk=message.id, position=self.n, filename=filename, sha256=f"{self.n:064x}",
                         size=10, extraction=extraction, content_type="application/pdf")
        self.session.add(row)
        self.session.flush()
        return row




def outbox_row(session: Session, n: int, *, to: str | None = None, status: str = "pending", **kw):
    """A queued answer with a small but real RFC 5322 message."""
    from email.message import EmailMessage
    from email.policy import SMTP

    from store.models import Outbox

    to = to or f"porteur{n}@cabinet.fr"
    mid = f"<FCTO-2022-{n:04d}.acknowledgement.{n:016x}@anact.fr>"
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "Fabrique CTO <fabrique@anact.fr>"
    msg["To"] = to
    msg["Subject"] = f"[FCTO-2022-{n:04d}] Accusé de réception – essai"
    msg["Message-ID"] = mid
    msg.set_content(f"Bonjour {n}")
    values = dict(dedupe_key=f"FCTO-2022-{n:04d}:acknowledgement:x", kind="acknowledgement", to_addr=to,
                  subject=msg["Subject"], message_id=mid, raw=msg.as_bytes(), status=status,
                  next_attempt_at=NOW, created_at=NOW)
    values.update(kw)
    row = Outbox(**values)
    session.add(row)
    session.commit()
    return row


class FakeSentBox:
    """The IMAP Sent folder, as the sender sees it."""

    def __init__(self, present: set[str] | None = None):
        self.present = set(present or ())
        self.appended: list[bytes] = []

    def append(self, raw: bytes) -> None:
        self.appended.append(raw)

    def contains(self, message_id: str) -> bool:
        return message_id in self.present
