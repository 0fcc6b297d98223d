"""The JSON export of the contract (../shared/spec/export-contract.md), schema 1."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from store.models import (Attachment, Dossier, Message, Outbox, PartnerRow, RequirementResult, utcnow)

SCHEMA = 1
NOTIFICATION_KINDS = ("acknowledgement", "completion_request", "completion_acknowledgement")


def _iso(value: datetime | None, tz: ZoneInfo) -> str | None:
    return value.astimezone(tz).isoformat() if value else None


def _notification_status(status: str) -> str:
    return {"sending": "pending", "held": "pending", "review": "pending", "bounced": "sent"}.get(status, status)


def dossier_dict(s: Session, d: Dossier, tz: ZoneInfo) -> dict:
    msgs = s.exec(select(Message).where(Message.dossier_id == d.id)
                  .order_by(col(Message.received_at), col(Message.id))).all()
    reqs = s.exec(select(RequirementResult).where(RequirementResult.dossier_id == d.id)).all()
    partners = s.exec(select(PartnerRow).where(PartnerRow.dossier_id == d.id).order_by(PartnerRow.id)).all()
    atts = s.exec(select(Attachment).where(col(Attachment.message_pk).in_([m.id for m in msgs]))
                  .order_by(Attachment.message_pk, Attachment.position)).all() if msgs else []
    outs = s.exec(select(Outbox).where(Outbox.dossier_id == d.id, col(Outbox.kind).in_(NOTIFICATION_KINDS),
                                       Outbox.status != "cancelled")  # cancelled by staff: never sent
                  .order_by(Outbox.id)).all()
    budget = dict(d.budget or {})
    return {
        "reference": d.reference,
        "status": d.status,
        "applicant": {"email": d.applicant_email, "name": d.applicant_name, "organisation": d.organisation},
        "project_title": d.project_title,
        "acronym": budget.get("acronym"),  # the project's short name, as written (three dossiers may share a title)
        "received_at": _iso(d.received_at, tz),
        "updated_at": _iso(d.updated_at, tz),
        "requirements": {
            r.key: {"present": r.present,
                    "source": ({"attachment": r.attachment, "page": r.page, "excerpt": r.excerpt}
                               if r.present else None),
                    # sure | probable | unsure (null: evaluated before the reader said it); an unsure
                    # missing element may sit in an attachment listed in "unread"
                    "confidence": r.confidence}
            for r in reqs
        },
        "missing": list(d.missing or []),
        "budget": {
            "total_eur": budget.get("total_eur"),
            "anact_request_eur": budget.get("anact_request_eur"),
            "cofinancing_eur": budget.get("cofinancing_eur"),
            "cofinancing_share": budget.get("cofinancing_share"),
            "by_category": budget.get("by_category") or {},
            "cofinancements": budget.get("cofinancements") or [],
            "stated_total_eur": budget.get("stated_total_eur"),
            "project_end": budget.get("project_end"),
        },
        "partners": [{"name": p.name, "contribution": p.contribution} for p in partners],
        "flags": list(d.flags or []),
        "flag_reasons": list(d.reasons or []),
        "unread": list(d.unread or []),  # attachments the reader could not read whole
        "review": d.review,  # why staff must look at the dossier themselves (French), or null
        "attachments": [{"filename": a.filename, "sha256": a.sha256, "content_type": a.content_type,
                         "size": a.size, "extraction": a.extraction, "reason": a.reason}
                        for a in atts if a.extraction != "skipped"],
        "messages": [m.message_id or f"<sha256:{m.sha256}>" for m in msgs],
        "notifications": [{"kind": o.kind, "to": o.to_addr,
                           # "held" (a cap keeps it for later) and "sending" are still to come: pending;
                           # one that came back was sent: "bounce" says so
                           "status": _notification_status(o.status),
                           "message_id": o.message_id,
                           "queued_at": _iso(o.created_at, tz), "sent_at": _iso(o.sent_at, tz),
                           "bounce": ({"reason": o.last_error, "at": _iso(o.bounced_at, tz)}
                                      if o.status == "bounced" else None)} for o in outs],
    }


def message_dict(m: Message, reference: str | None, tz: ZoneInfo) -> dict:
    return {
        "message_id": m.message_id or f"<sha256:{m.sha256}>",
        "from": m.from_addr,
        "subject": m.subject,
        "received_at": _iso(m.received_at, tz),
        "classification": m.classification,
        "dossier": reference,
        "error": m.error if m.state in ("failed", "quarantined") else None,
        "state": m.state,
        "sha256": m.sha256,
    }


def export_document(s: Session, call: str, tz_name: str = "Europe/Paris") -> dict:
    tz = ZoneInfo(tz_name)
    dossiers = s.exec(select(Dossier).where(Dossier.call == call).order_by(Dossier.reference)).all()
    refs = {d.id: d.reference for d in dossiers}
    messages = s.exec(select(Message).order_by(col(Message.received_at), col(Message.id))).all()
    return {
        "schema": SCHEMA,
        "call": call,
        "generated_at": utcnow().astimezone(tz).isoformat(),
        "dossiers": [dossier_dict(s, d, tz) for d in dossiers if not d.purged],
        "messages": [message_dict(m, refs.get(m.dossier_id), tz) for m in messages],
    }
