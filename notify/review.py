"""Answers that wait for a person (FABRIQUE_ANSWERS, the review pages).

An answer decided for a dossier is queued "review" instead of "pending" when every answer must
be approved (FABRIQUE_ANSWERS=review), or when the reader is unsure of the dossier (a requirement
read "unsure") whatever the setting. The
sender takes only "pending" rows: a "review" row waits until a person approves it (then
"pending"), edits it (its text, then approved), or cancels it ("cancelled": the state it speaks
of is settled, no answer leaves for it).
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import html
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from notify import compose
from notify.guards import ANSWER_KINDS
from store.models import AuditEntry, Dossier, Outbox, RequirementResult, utcnow

REVIEW = "review"
CANCELLED = "cancelled"

# an answer's state as staff read it in the review pages
STATUS_LABELS: dict[str, str] = {
    REVIEW: "à valider",
    "held": "retenue (plafond d’envoi)",
    "pending": "en attente d’envoi",
    "sending": "en cours d’envoi",
    "sent": "envoyée",
    "written": "écrite dans la boîte d’envoi (aucun serveur d’envoi)",
    "failed": "échec d’envoi",
    "bounced": "non remise",
    CANCELLED: "annulée",
}


def why_review(session: Session, dossier: Dossier, settings) -> str | None:
    """Why an answer to this dossier must wait for a person (French), or None: every answer in
    review mode; in auto mode, a dossier the reader is unsure of (an element read "unsure": it may
    sit in a file that could not be read whole). A late proposal alone does not wait: its answer
    is the call's own words for late proposals, and staff see it « à examiner » anyway."""
    if getattr(settings, "answers", "auto") == "review":
        return "le service est réglé pour que chaque réponse soit validée avant de partir"
    if dossier.id is not None and session.exec(select(RequirementResult.id).where(
            RequirementResult.dossier_id == dossier.id, RequirementResult.confidence == "unsure")).first():
        return f"lecture incertaine : {dossier.review}" if dossier.review else "lecture incertaine d’un élément"
    return None


def queued_status(session: Session, dossier: Dossier, settings) -> str:
    """The status of an answer queued now: "review" when it must wait for a person, else "pending"."""
    return REVIEW if why_review(session, dossier, settings) else "pending"


def text_of(raw: bytes) -> str:
    """The plain-text part of an answer, as the applicant would read it."""
    if not raw:
        return ""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def newer_answer(session: Session, row: Outbox) -> Outbox | None:
    """An answer decided for the same dossier after this one (this one speaks of an older state)."""
    if row.dossier_id is None:
        return None
    return session.exec(select(Outbox).where(Outbox.dossier_id == row.dossier_id, Outbox.id > row.id,
                                             col(Outbox.kind).in_(ANSWER_KINDS), Outbox.status != CANCELLED)
                        .order_by(col(Outbox.id).desc())).first()


class ReviewError(ValueError):
    """An answer that cannot be approved, edited or cancelled now (French)."""


def _waiting(session: Session, outbox_id: int) -> Outbox:
    row = session.get(Outbox, outbox_id)
    if row is None or row.kind not in ANSWER_KINDS:
        raise ReviewError("réponse introuvable")
    if row.status not in (REVIEW, "held"):
        raise ReviewError(f"cette réponse n’attend plus de validation ({STATUS_LABELS.get(row.status, row.status)})")
    return row


def approve(session: Session, outbox_id: int, actor: str, now: datetime | None = None) -> Outbox:
    """The answer leaves: "pending" (the sender takes it at once or at its next round)."""
    now = now or utcnow()
    row = _waiting(session, outbox_id)
    if row.status != REVIEW:
        raise ReviewError("cette réponse attend le plafond d’envoi, pas une validation")
    if newer_answer(session, row) is not None:
        raise ReviewError("une réponse plus récente a été préparée pour ce dossier : validez plutôt celle-ci, "
                          "et annulez celle-là")
    session.execute(update(Outbox).where(Outbox.id == row.id, Outbox.status == REVIEW)
                    .values(status="pending", next_attempt_at=now, created_at=now))
    _audit(session, row, actor, "réponse:validée", f"réponse « {row.subject} » validée pour envoi à {row.to_addr}", now)
    return row


def cancel(session: Session, outbox_id: int, actor: str, now: datetime | None = None) -> Outbox:
    """The answer never leaves; the state it speaks of counts as answered (no new one for it)."""
    now = now or utcnow()
    row = _waiting(session, outbox_id)
    session.execute(update(Outbox).where(Outbox.id == row.id, col(Outbox.status).in_((REVIEW, "held")))
                    .values(status=CANCELLED, last_error=f"annulée par {actor}"))
    _audit(session, row, actor, "réponse:annulée", f"réponse « {row.subject} » annulée (non envoyée)", now)
    return row


def edit(session: Session, outbox_id: int, text: str, actor: str, now: datetime | None = None) -> Outbox:
    """The answer's text as a person rewrote it (its HTML made from that text), still to approve."""
    now = now or utcnow()
    row = _waiting(session, outbox_id)
    if row.status != REVIEW or not row.raw:
        raise ReviewError("seule une réponse à valider se modifie")
    text = text.replace("\r\n", "\n").strip() + "\n"
    if len(text.strip()) < 20:
        raise ReviewError("le texte de la réponse est vide ou presque")
    raw = rewritten(row.raw, text, now)
    session.execute(update(Outbox).where(Outbox.id == row.id, Outbox.status == REVIEW).values(raw=raw))
    _audit(session, row, actor, "réponse:modifiée", f"texte de la réponse « {row.subject} » modifié", now)
    return row


_KEPT = ("In-Reply-To", "References", "Auto-Submitted", "X-Auto-Response-Suppress")


def rewritten(raw: bytes, text: str, now: datetime) -> bytes:
    """The same answer (sender, recipient, subject, Message-ID, thread) with a new text."""
    old = email.message_from_bytes(raw, policy=email.policy.default)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p.strip()).replace(chr(10), '<br>')}</p>\n" for p in paragraphs)
    page = ("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
            "<body style=\"font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1f2933; "
            "max-width: 40em; overflow-wrap: anywhere;\">\n" + body + "</body></html>")
    extra = {name: str(old[name]) for name in _KEPT if old[name]}
    name, address = email.utils.parseaddr(str(old["To"]))
    return compose.build_message(from_address=str(old["From"]), to=[compose.mailbox(name, address)],
                                 subject=str(old["Subject"]),
                                 text=text, html=page, date=now, message_id=str(old["Message-ID"]), extra=extra)


def _audit(session: Session, row: Outbox, actor: str, action: str, detail: str, now: datetime) -> None:
    reference = session.exec(select(Dossier.reference).where(Dossier.id == row.dossier_id)).first() \
        if row.dossier_id is not None else None
    session.add(AuditEntry(actor=actor, action=action, dossier_ref=reference, detail=detail, at=now))
