"""Which answer a (re)evaluated dossier calls for, built and queued in the caller's transaction.

    kind      = what changed (new complete / new or changed incomplete / now complete / nothing)
    dedupe    = one answer per dossier and state, checked in the Outbox before any work
    guards    = no answer to ourselves, to machines, to lists, above the daily cap
    message   = RFC 5322 text + HTML from notify/templates, queued as Outbox(status="pending")

Nothing here commits or sends: the pipeline commits, notify.sender delivers.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, select

from config.settings import Settings
from ingest.parse import clean_header
from notify import compose, guards, wording
from store.models import Attachment, Dossier, Message, Outbox

log = logging.getLogger(__name__)

SUBJECT_WORDS = {
    "acknowledgement": "Accusé de réception",
    "completion_request": "Demande de compléments",
    "completion_acknowledgement": "Dossier complet",
}

EXTRACTION_NOTES = {
    "unreadable": "document sans texte lisible",
    "encrypted": "document protégé par mot de passe",
    "unsupported": "format non lu",
    "error": "lecture impossible",
}


@dataclass(frozen=True)
class Decision:
    """What decide() concluded: an Outbox row queued, or why not."""

    kind: str | None
    outbox: Outbox | None = None
    reason: str | None = None  # French, for the log and staff; None when an answer was queued


def answer_kind(status: str, missing: list[str], previous_status: str | None,
                previous_missing: list[str] | None) -> str | None:
    if previous_status is None:
        return "acknowledgement" if status == "complete" else "completion_request"
    if status == "complete":
        return "completion_acknowledgement" if previous_status != "complete" else None
    if previous_status == "complete" or set(missing) != set(previous_missing or []):
        return "completion_request"
    return None


def dedupe_key(reference: str, kind: str, missing: list[str]) -> str:
    state = hashlib.sha1("\n".join(sorted(missing)).encode("utf-8")).hexdigest()[:12]
    return f"{reference}:{kind}:{state}"


_PREFIX = re.compile(r"^\s*(?:(?:re|tr|fw|fwd|aw|wg|réf|ref)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def subject_title(dossier: Dossier, trigger: Message) -> str:
    title = compose.header_text(dossier.project_title)
    if not title:
        title = compose.header_text(trigger.subject)
        title = re.sub(r"\[\s*" + re.escape(dossier.reference) + r"\s*\]", " ", title, flags=re.IGNORECASE)
        for _ in range(3):
            title = _PREFIX.sub("", title).strip()
        title = re.sub(r"\s{2,}", " ", title)
    if len(title) > 150:
        title = title[:149].rstrip() + "…"
    return title or "votre candidature"


def _attachments(session: Session, dossier: Dossier, trigger: Message) -> list[dict[str, str]]:
    conditions = [Message.dossier_id == dossier.id] if dossier.id is not None else []
    if trigger.id is not None:
        conditions.append(Message.id == trigger.id)
    if not conditions:
        return []
    rows = session.exec(
        select(Attachment).join(Message, Attachment.message_pk == Message.id)
        .where(or_(*conditions), Attachment.inline == False)  # noqa: E712
        .order_by(Message.id, Attachment.position)
    ).all()
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        key = f"{row.filename}\0{row.sha256}"
        if key not in seen:
            seen[key] = {"name": clean_header(row.filename) or "pièce jointe",
                         "note": EXTRACTION_NOTES.get(row.extraction, "")}
    return list(seen.values())


# found / incomplete / not found, agreeing with each part's title
_PART_STATES = {
    "description": ("trouvée", "incomplète", "non trouvée"),
    "budget": ("trouvé", "incomplet", "non trouvé"),
    "partenaires": ("trouvés", "incomplets", "non trouvés"),
}


def _parts(missing: list[str], labels: dict[str, str]) -> list[dict[str, str]]:
    parts = []
    for part, title in wording.PART_TITLES.items():
        keys = [k for k in labels if k.split(".", 1)[0] == part]
        gone = [k for k in keys if k in missing]
        found, partial, absent = _PART_STATES.get(part, ("trouvé", "incomplet", "non trouvé"))
        state = found if not gone else (absent if len(gone) == len(keys) else partial)
        parts.append({"title": title, "state": state})
    return parts


def decide(session: Session, *, dossier: Dossier, trigger: Message, trigger_headers: dict[str, str],
           previous_status: str | None, previous_missing: list[str] | None, call: Any,
           settings: Settings, now: datetime) -> Decision:
    missing = list(dossier.missing or [])
    trigger_headers = {k.lower(): v for k, v in (trigger_headers or {}).items()}
    kind = answer_kind(dossier.status, missing, previous_status, previous_missing)
    if kind is None:
        return Decision(None, reason="état du dossier inchangé")
    key = dedupe_key(dossier.reference, kind, missing if kind == "completion_request" else [])
    if session.exec(select(Outbox.id).where(Outbox.dedupe_key == key)).first() is not None:
        return Decision(kind, reason=f"réponse déjà préparée pour cet état ({key})")
    if dossier.id is None:
        session.flush()  # the Outbox row names the dossier; flushing is not committing
    to_addr = (dossier.applicant_email or "").strip().lower()
    why = guards.refusal(session, to_addr=to_addr, sender=trigger.from_addr, headers=trigger_headers,
                         settings=settings, now=now,
                         also_ours=(getattr(call, "mailbox", None), settings.imap_user))
    if why:
        return Decision(kind, reason=why)

    words = wording.call_words(call, settings.timezone)
    title = subject_title(dossier, trigger)
    subject = f"[{dossier.reference}] {SUBJECT_WORDS[kind]} – {title}"
    deadline = getattr(call, "deadline", None)
    deadline_date = deadline.date() if isinstance(deadline, datetime) else deadline
    answer_by = wording.reply_by(now, words.reply_days, settings.timezone)
    context = {
        "kind": kind,
        "reference": dossier.reference,
        "title": title,
        "project_title": clean_header(dossier.project_title) or "",
        "original_subject": clean_header(trigger.subject) or "",
        "received_on": wording.french_date(trigger.received_at or now, settings.timezone),
        "attachments": _attachments(session, dossier, trigger),
        "parts": _parts(missing, words.labels),
        "missing_groups": wording.group_missing(missing, words.labels),
        "reply_by": wording.french_date(answer_by),
        "call": words,
        # the call's deadline is worth recalling only when it comes after the date asked for
        "deadline_ahead": bool(words.deadline and deadline_date and deadline_date > answer_by),
        "reply_subject": f"Re: {subject}",
        "from_address": guards.address_of(settings.from_address),
    }
    text, html = compose.render(kind, **context)
    message_id = compose.deterministic_message_id(dossier.reference, kind, key, settings.from_address)
    extra = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    in_reply_to = compose.safe_message_id(trigger.message_id)
    if in_reply_to:
        extra["In-Reply-To"] = in_reply_to
    refs = compose.references_chain(trigger_headers.get("references") or trigger.references, trigger.message_id)
    if refs:
        extra["References"] = refs
    raw = compose.build_message(
        from_address=settings.from_address,
        to=[compose.mailbox(dossier.applicant_name, to_addr)],
        subject=subject, text=text, html=html, date=now, message_id=message_id, extra=extra)
    row = Outbox(dedupe_key=key, dossier_id=dossier.id, kind=kind, to_addr=to_addr, subject=subject,
                 message_id=message_id, raw=raw, status="pending", attempts=0,
                 next_attempt_at=now, created_at=now)
    session.add(row)
    return Decision(kind, outbox=row)


def decide_answer(session: Session, *, dossier: Dossier, trigger: Message, trigger_headers: dict[str, str],
                  previous_status: str | None, previous_missing: list[str] | None, call: Any,
                  settings: Settings, now: datetime) -> Outbox | None:
    """The pipeline's entry point: the queued Outbox row, or None (the reason is logged)."""
    decision = decide(session, dossier=dossier, trigger=trigger, trigger_headers=trigger_headers,
                      previous_status=previous_status, previous_missing=previous_missing, call=call,
                      settings=settings, now=now)
    if decision.outbox is None:
        log.info("no answer for %s (%s): %s", dossier.reference, decision.kind or "-", decision.reason)
    return decision.outbox
