"""What the review pages show, gathered from the store as plain dicts (the templates escape every
value). The list's figures are the committee export's (store.export + notify.exports.rows)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from notify import names, wording
from notify.exports import rows as export_rows
from notify.guards import ANSWER_KINDS
from notify.review import REVIEW, STATUS_LABELS, newer_answer, text_of, why_review
from service.corrections import active
from store.export import dossier_dict
from store.models import (Attachment, AuditEntry, BudgetLineRow, Correction, Dossier, Message, Outbox, PartnerRow,
                          RequirementResult)

PAGE_SIZE = 50
CONFIDENCE_LABELS = {"sure": "sûre", "probable": "probable", "unsure": "incertaine"}
FIGURE_LABELS = {"total_eur": "Coût total du projet", "anact_request_eur": "Demande à l’Anact",
                 "cofinancing_eur": "Co-financement"}
SET_ASIDE_STATES = ("quarantined", "failed")


def _when(value: datetime | None, tz: str) -> str:
    return wording.french_datetime(value, tz) if value else ""


def size_label(n: int | None) -> str:
    if n is None:
        return ""
    if n < 1024:
        return f"{n} o"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} ko"
    return f"{n / 1024 / 1024:.1f} Mo".replace(".", ",")


def where(attachment: str | None, page: int | None) -> str:
    """« candidature.docx, page 3 », « corps du message »."""
    text = attachment or "corps du message"
    return f"{text}, page {page}" if page else text


# --- the list ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    status: str = ""  # complete | incomplete
    flag: str = ""  # a flag code
    review: bool = False  # only the dossiers staff must look at
    since: date | None = None
    until: date | None = None
    text: str = ""
    page: int = 1

    @classmethod
    def of(cls, query) -> "Filters":
        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(query.get(name) or "")
            except ValueError:
                return None
        try:
            page = max(1, int(query.get("page") or 1))
        except ValueError:
            page = 1
        status = query.get("statut") or ""
        flag = query.get("signalement") or ""
        return cls(status=status if status in wording.STATUS_LABELS else "",
                   flag=flag if flag in wording.FLAG_LABELS else "",
                   review=query.get("a_examiner") == "1", since=day("du"), until=day("au"),
                   text=(query.get("q") or "").strip()[:100], page=page)

    def keeps(self, d: Dossier, tz: str) -> bool:
        received = d.received_at.astimezone(ZoneInfo(tz)).date() if d.received_at else None
        if self.status and d.status != self.status:
            return False
        if self.flag and self.flag not in (d.flags or []):
            return False
        if self.review and not d.review:
            return False
        if self.since and (received is None or received < self.since):
            return False
        if self.until and (received is None or received > self.until):
            return False
        if self.text:
            hay = " ".join(filter(None, [d.reference, d.project_title, d.organisation, d.applicant_email,
                                         d.applicant_name, (d.budget or {}).get("acronym")])).lower()
            return self.text.lower() in hay
        return True


def dossier_list(s: Session, rt, filters: Filters) -> dict[str, Any]:
    tz = rt.settings.timezone
    dossiers = s.exec(select(Dossier).where(Dossier.purged == False, Dossier.call == rt.call.name)  # noqa: E712
                      .order_by(Dossier.reference)).all()
    kept = [d for d in dossiers if filters.keeps(d, tz)]
    pages = max(1, -(-len(kept) // PAGE_SIZE))
    page = min(filters.page, pages)
    shown = kept[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    doc = {"call": rt.call.name, "dossiers": [dossier_dict(s, d, ZoneInfo(tz)) for d in shown]}
    items = []
    for d, row in zip(shown, export_rows(doc)):
        items.append({
            "reference": row["reference"], "acronym": row["acronym"], "title": row["title"],
            "organisation": row["organisation"], "email": row["email"],
            "received": wording.french_date(row["received"]) if row["received"] else "date inconnue",
            "status": row["status"], "complete": d.status == "complete", "review": bool(d.review),
            "missing": len(row["missing"]),
            "total": wording.french_amount(row["total"]), "anact": wording.french_amount(row["anact"]),
            "share": wording.french_share(row["share"]),
            "cofinancing": wording.french_amount(row["cofinancing"]) if row["cofinancing"] is not None else "",
            "flags": [wording.FLAG_LABELS.get(f, f) for f in d.flags or []],
        })
    return {"items": items, "count": len(kept), "total": len(dossiers), "page": page, "pages": pages,
            "filters": filters, "statuses": wording.STATUS_LABELS, "flag_labels": wording.FLAG_LABELS}


# --- one dossier ------------------------------------------------------------------------------

def merged_into(s: Session, reference: str) -> str | None:
    """The dossier a merged reference now lives in."""
    row = s.exec(select(Correction).where(Correction.kind == "merged", Correction.key == reference)
                 .order_by(col(Correction.id).desc())).first()
    return row.dossier_ref if row else None


def _correction(c: Correction | None, tz: str) -> dict | None:
    if c is None:
        return None
    return {"id": c.id, "author": c.author, "when": _when(c.created_at, tz)}


def dossier_page(s: Session, rt, reference: str) -> dict[str, Any] | None:
    d = s.exec(select(Dossier).where(Dossier.reference == reference, Dossier.purged == False)).first()  # noqa: E712
    if d is None:
        return None
    tz = rt.settings.timezone
    labels = wording.call_labels(rt.call)
    corrections = active(s, d.reference)
    by_key = {c.key: c for c in corrections if c.kind == "requirement"}
    results = {r.key: r for r in s.exec(select(RequirementResult).where(RequirementResult.dossier_id == d.id)).all()}
    parts = []
    for part, title in wording.PART_TITLES.items():
        items = []
        for key in rt.call.requirement_keys:
            if key.split(".", 1)[0] != part:
                continue
            r = results.get(key)
            items.append({
                "key": key, "label": wording.standalone_label(key, labels), "present": bool(r and r.present),
                "known": r is not None,
                "confidence": CONFIDENCE_LABELS.get(r.confidence or "", "") if r else "",
                "unsure": bool(r and r.confidence == "unsure"),
                "where": where(r.attachment, r.page) if r and r.present else "",
                "excerpt": (r.excerpt or "") if r and r.present else "",
                "correction": _correction(by_key.get(key), tz),
            })
        parts.append({"title": title, "items": items})
    budget = d.budget or {}
    figures_corrected = {c.key: c for c in corrections if c.kind == "figure"}
    figures = [{"key": k, "label": label, "value": wording.french_amount(budget.get(k)),
                "found": budget.get(k) is not None, "raw": budget.get(k),
                "correction": _correction(figures_corrected.get(k), tz)} for k, label in FIGURE_LABELS.items()]
    lines = s.exec(select(BudgetLineRow).where(BudgetLineRow.dossier_id == d.id).order_by(BudgetLineRow.id)).all()
    expenses = [{"label": x.label, "amount": wording.french_amount(x.amount_eur),
                 "category": wording.CATEGORY_LABELS.get(x.category or "", x.category or ""),
                 "where": where(x.attachment, x.page)} for x in lines if x.kind == "expense"]
    resources = [{"label": x.label, "amount": wording.french_amount(x.amount_eur),
                  "nature": "demande à l’Anact" if x.nature == "anact" else wording.NATURE_LABELS.get(
                      x.nature or "", x.nature or "nature non précisée"),
                  "where": where(x.attachment, x.page)} for x in lines if x.kind == "resource"]
    added = {(c.value or {}).get("name", "").lower(): c for c in corrections if c.kind == "partner_add"}
    partners = [{"name": p.name, "contribution": p.contribution or "",
                 "where": "" if p.name.lower() in added else where(p.attachment, p.page),
                 "correction": _correction(added.get(p.name.lower()), tz)}
                for p in s.exec(select(PartnerRow).where(PartnerRow.dossier_id == d.id).order_by(PartnerRow.id)).all()]
    removed = [{"name": c.key, **_correction(c, tz)} for c in corrections if c.kind == "partner_remove"]
    reasons = list(d.reasons or [])
    flags = [{"label": wording.FLAG_LABELS.get(f, f), "reason": reasons[i] if i < len(reasons) else ""}
             for i, f in enumerate(d.flags or [])]
    export = dossier_dict(s, d, ZoneInfo(tz))
    row = next(iter(export_rows({"call": rt.call.name, "dossiers": [export]})))
    return {
        "d": d, "reference": d.reference, "acronym": budget.get("acronym") or "",
        "project_title": d.project_title or "", "organisation": d.organisation or "",
        "applicant": d.applicant_name or "", "email": d.applicant_email,
        "status": wording.STATUS_LABELS.get(d.status, d.status), "complete": d.status == "complete",
        "review": d.review or "", "received": _when(d.received_at, tz),
        "completed": _when(d.completed_at, tz), "missing": len(d.missing or []),
        "parts": parts, "figures": figures, "share": wording.french_share(budget.get("cofinancing_share")),
        "by_category": [(wording.CATEGORY_LABELS[k], wording.french_amount(v)) for k, v in
                        (budget.get("by_category") or {}).items() if k in wording.CATEGORY_LABELS and v is not None],
        "expenses": expenses, "resources": resources, "partners": partners, "removed": removed, "flags": flags,
        "unread": list(d.unread or []), "messages": messages_of(s, rt, d), "answers": answers_of(s, rt, d),
        "history": history(s, tz, d.reference), "export": row,
        "corrections": [c for c in corrections if c.kind == "message"],
    }


def messages_of(s: Session, rt, d: Dossier) -> list[dict]:
    tz = rt.settings.timezone
    msgs = s.exec(select(Message).where(Message.dossier_id == d.id)
                  .order_by(col(Message.received_at), col(Message.id))).all()
    atts: dict[int, list[Attachment]] = {}
    if msgs:
        for a in s.exec(select(Attachment).where(col(Attachment.message_pk).in_([m.id for m in msgs]))
                        .order_by(Attachment.message_pk, Attachment.position)).all():
            atts.setdefault(a.message_pk, []).append(a)
    return [message_item(m, atts.get(m.id, []), tz) for m in msgs]


def message_item(m: Message, atts: list[Attachment], tz: str) -> dict:
    state = names.message_state(m.state, m.classification, m.error)
    return {
        "id": m.id, "received": _when(m.received_at, tz), "from": m.from_addr or "", "name": m.from_name or "",
        "subject": m.subject or "(sans objet)",
        "kind": wording.MESSAGE_LABELS.get(m.classification or "", "message non classé"),
        "state": STATE_LABELS.get(state) or names.message_state_label(state), "state_key": state,
        "error": m.error or "", "size": size_label(m.size),
        "attachments": [{"position": a.position, "name": a.filename, "size": size_label(a.size),
                         "reading": READING_LABELS.get(a.extraction, a.extraction), "reason": a.reason or "",
                         "skipped": a.extraction == "skipped"} for a in atts],
    }


STATE_LABELS = {"dismissed": "écarté par l’équipe"}
READING_LABELS = {"ok": "lu", "unreadable": "sans texte lisible", "encrypted": "protégé par mot de passe",
                  "unsupported": "format non lu", "error": "endommagé", "pending": "pas encore lu",
                  "skipped": "non lu (image ou pièce sans contenu de dossier)"}


def answers_of(s: Session, rt, d: Dossier | None, *, waiting_only: bool = False) -> list[dict]:
    tz = rt.settings.timezone
    q = select(Outbox).where(col(Outbox.kind).in_(ANSWER_KINDS))
    if d is not None:
        q = q.where(Outbox.dossier_id == d.id)
    if waiting_only:
        q = q.where(Outbox.status == REVIEW)
    rows = s.exec(q.order_by(col(Outbox.id))).all()
    refs = dict(s.exec(select(Dossier.id, Dossier.reference).where(
        col(Dossier.id).in_({r.dossier_id for r in rows if r.dossier_id}))).all()) if rows else {}
    out = []
    for r in rows:
        dossier = d if d is not None else (s.get(Dossier, r.dossier_id) if r.dossier_id else None)
        newer = newer_answer(s, r) if r.status == REVIEW else None
        out.append({
            "id": r.id, "kind": wording.KIND_LABELS.get(r.kind, r.kind), "status": STATUS_LABELS.get(r.status, r.status),
            "waiting": r.status == REVIEW, "held": r.status == "held", "subject": r.subject, "to": r.to_addr,
            "queued": _when(r.created_at, tz), "sent": _when(r.sent_at, tz), "error": r.last_error or "",
            "text": text_of(r.raw) if r.status in (REVIEW, "held", "pending") else "",
            "reference": refs.get(r.dossier_id, ""), "superseded": newer is not None,
            "why": why_review(s, dossier, rt.settings) if dossier is not None and r.status == REVIEW else "",
        })
    return out


def history(s: Session, tz: str, reference: str | None = None, limit: int = 200) -> list[dict]:
    q = select(AuditEntry)
    if reference:
        q = q.where(AuditEntry.dossier_ref == reference)
    entries = s.exec(q.order_by(col(AuditEntry.id).desc()).limit(limit)).all()
    return [{"when": _when(e.at, tz), "actor": e.actor, "detail": e.detail or e.action,
             "reference": e.dossier_ref or ""} for e in entries]


# --- set-aside messages -----------------------------------------------------------------------

def set_aside(s: Session, rt) -> list[dict]:
    """Messages held, quarantined or failed: what staff release, attach or dismiss."""
    tz = rt.settings.timezone
    msgs = s.exec(select(Message).where(col(Message.state).in_(SET_ASIDE_STATES))
                  .order_by(col(Message.received_at).desc(), col(Message.id).desc())).all()
    prefix = re.escape(rt.call.reference_prefix)
    out = []
    for m in msgs:
        item = message_item(m, list(s.exec(select(Attachment).where(Attachment.message_pk == m.id)
                                            .order_by(Attachment.position)).all()), tz)
        cited = re.search(rf"{prefix}-\d+", m.subject or "")
        item["cited"] = cited.group(0) if cited else ""
        item["held"] = item["state_key"] == "held"
        out.append(item)
    return out


def counts(s: Session) -> dict[str, int]:
    from sqlalchemy import func

    return {
        "set_aside": s.exec(select(func.count()).select_from(Message)
                            .where(col(Message.state).in_(SET_ASIDE_STATES))).one(),
        "to_approve": s.exec(select(func.count()).select_from(Outbox).where(Outbox.status == REVIEW)).one(),
    }


