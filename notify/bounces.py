"""Our answers that came back: a bounce matched to the answer it returns, and through it to the
dossier, recorded on the Outbox row (status "bounced", the reason in last_error, bounced_at) for
staff to see (the digest, `status`: bounced_answers()).

A bounce names our answer by the Message-ID it quotes (a delivery status notification's returned
headers, or the message copied in a relay's text): only an id the outbox holds is taken, never a
guess from the recipient's address alone.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from ingest.classify import BounceDetails, bounce_details
from store.archive import read_blob
from store.models import Dossier, Message, Outbox

log = logging.getLogger(__name__)

DELIVERED = ("sent", "written", "bounced")  # what a bounce may return (a bounced one again: reprocess)

# RFC 3463 "subject.detail" -> what happened, in staff's words; then the subject alone
_DETAILS = {
    "1.1": "adresse inconnue", "1.2": "domaine du destinataire inconnu", "1.3": "adresse mal formée",
    "1.6": "le destinataire a changé d’adresse", "1.10": "domaine qui ne reçoit pas de courriel",
    "2.1": "boîte aux lettres désactivée", "2.2": "boîte aux lettres pleine",
    "2.3": "message trop volumineux pour ce destinataire", "3.4": "message trop volumineux",
    "4.4": "serveur du destinataire introuvable", "4.7": "délai de remise dépassé",
    "7.1": "refusé par le serveur du destinataire (règle d’accès)",
}
_SUBJECTS = {
    "1": "adresse refusée", "2": "boîte aux lettres indisponible", "3": "refusé par le système du destinataire",
    "4": "serveur du destinataire injoignable", "5": "refusé par le serveur du destinataire (protocole)",
    "6": "contenu refusé par le serveur du destinataire",
    "7": "refusé par le serveur du destinataire (sécurité ou filtrage)",
}


def bounce_reason(details: BounceDetails) -> str:
    """"adresse inconnue (550 5.1.1)": what happened, and the codes staff can look up."""
    what = "remise impossible"
    if details.status:
        _, subject, detail = details.status.split(".")
        what = _DETAILS.get(f"{subject}.{detail}") or _SUBJECTS.get(subject, what)
    codes = " ".join(c for c in (details.smtp_code, details.status) if c)
    return f"{what} ({codes})" if codes else f"{what} (raison non précisée par le serveur du destinataire)"


def record_bounce(session: Session, archive: Path, msg: Message) -> Outbox | None:
    """The answer the bounce `msg` returns, marked "bounced" with its reason (None when the bounce
    names none of ours, or only says a delivery is delayed). The bounce message notes it in its
    `error`; nothing is committed here."""
    try:
        details = bounce_details(read_blob(archive, msg.archive_path))
    except OSError as exc:  # its archived copy unreadable: counted as a bounce, matched to nothing
        log.warning("bounce %s not read again from the archive: %s", msg.id, exc)
        return None
    rows = session.exec(select(Outbox).where(col(Outbox.message_id).in_(details.original_ids))
                        .order_by(col(Outbox.id).desc())).all() if details.original_ids else []
    row = next((r for r in rows if r.status in DELIVERED), None)
    if row is None:
        if details.original_ids or details.recipients:
            log.info("bounce %s names no answer of ours (%s)", msg.id, ", ".join(details.original_ids[:3]) or "-")
        return None
    reason = bounce_reason(details)
    if not details.failed:
        log.info("answer %s delayed, not returned: %s", row.message_id, reason)
        return None
    session.execute(update(Outbox).where(Outbox.id == row.id, col(Outbox.status).in_(DELIVERED))
                    .values(status="bounced", last_error=reason, bounced_at=msg.received_at))
    session.refresh(row)
    msg.error = f"avis de non-remise de notre réponse {row.message_id} : {reason}"
    log.warning("answer %s to %s bounced: %s", row.message_id, row.to_addr, reason)
    return row


@dataclass(frozen=True)
class BouncedAnswer:
    """An answer of ours that came back, as staff see it."""

    reference: str | None  # the dossier's reference (None: a digest or an alert)
    kind: str  # acknowledgement | completion_request | ... (notify.wording.KIND_LABELS)
    to: str
    subject: str
    reason: str  # "adresse inconnue (550 5.1.1)"
    bounced_at: datetime | None
    sent_at: datetime | None
    message_id: str


def bounced_answers(session: Session, *, since: datetime | None = None,
                    limit: int | None = None) -> list[BouncedAnswer]:
    """Our answers sent back by their recipient's server, the latest first (since `since`)."""
    query = (select(Outbox, Dossier.reference).join(Dossier, Outbox.dossier_id == Dossier.id, isouter=True)
             .where(Outbox.status == "bounced").order_by(col(Outbox.bounced_at).desc(), col(Outbox.id).desc()))
    if since is not None:
        query = query.where(Outbox.bounced_at >= since)
    if limit:
        query = query.limit(limit)
    return [BouncedAnswer(reference=ref, kind=o.kind, to=o.to_addr, subject=o.subject,
                          reason=o.last_error or "remise impossible", bounced_at=o.bounced_at, sent_at=o.sent_at,
                          message_id=o.message_id)
            for o, ref in session.exec(query).all()]
