"""Which answer a (re)evaluated dossier calls for, built and queued in the caller's transaction.

    kind      = the dossier's situation (notify.situation: late, what may be asked, which files
                to send again) against the one of the LAST ANSWER QUEUED for it (not the
                previous evaluation): a new complete / incomplete dossier, a changed incomplete
                one, one now complete. A state that comes back after another is answered again;
                one that never got its answer (a cap deferred it) still calls for it. A proposal
                received after the deadline is told what the call's rules say happens to it.
    guards    = never to ourselves, to machines, to lists, to mail asking for no answer;
                caps (per mailbox, domain, hour) defer an answer: queued as "held", released by
                release_held() when the cap allows (composed again then, dated then)
    message   = RFC 5322 text + HTML from notify/templates, queued as Outbox(status="pending");
                its subject is the reference and our words, never the sender's text

Nothing here commits or sends, except release_held (its own transaction, from service.jobs):
the pipeline commits, notify.sender delivers.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from config.settings import Settings
from notify import compose, greeting, guards, review, typography, wording
from notify.situation import Situation, situation_of, state_key  # noqa: F401 (state_key: re-exported)
from store.models import Attachment, Dossier, Message, Outbox, utcnow

log = logging.getLogger(__name__)

ANSWER_KINDS = guards.ANSWER_KINDS

SUBJECT_WORDS = {
    "acknowledgement": "Accusé de réception de votre candidature",
    "completion_request": "Demande de compléments pour votre candidature",
    "completion_acknowledgement": "Dossier complet : accusé de réception de vos compléments",
}

EXTRACTION_NOTES = {
    "unreadable": "sans texte lisible",
    "encrypted": "protégé par mot de passe",
    "unsupported": "format non lu",
    "error": "endommagé",
}
FILES_SUBJECT = ("Fichier illisible : merci de nous le renvoyer", "Fichiers illisibles : merci de nous les renvoyer")
NO_TIME_SUBJECT = "Votre candidature sera examinée en l’état"

ATTACHMENTS_SHOWN = 15  # more are counted, not listed
TITLE_SHOWN = 100  # characters of the project's title quoted in a body


@dataclass(frozen=True)
class Decision:
    """What decide() concluded: an Outbox row queued (perhaps held), or why not."""

    kind: str | None
    outbox: Outbox | None = None
    reason: str | None = None  # French, for the log and staff; None when an answer was queued now


def answer_kind(situation: Situation, last_state: str | None, *, answered_before: bool) -> str | None:
    """The answer the situation calls for, given the state of the last answer queued (None: none yet)."""
    if not answered_before:
        return "acknowledgement" if situation.status == "complete" else "completion_request"
    if situation.key == last_state:
        return None
    return "completion_acknowledgement" if situation.status == "complete" else "completion_request"


def dedupe_key(reference: str, kind: str, missing: list[str], rank: int = 0) -> str:
    """One key per answer: the dossier, the kind, the state, and how many answers it had before
    (a state that comes back is a new answer; the first answer's key has no rank)."""
    state = hashlib.sha1("\n".join(sorted(missing)).encode("utf-8")).hexdigest()[:12]
    return f"{reference}:{kind}:{state}" + (f":{rank}" if rank else "")


def subject_of(reference: str, kind: str, situation: Situation | None = None, call: Any = None,
               no_time: bool = False) -> str:
    words = SUBJECT_WORDS[kind]
    late = situation is not None and situation.late
    if late and (kind == "acknowledgement" or (kind == "completion_request" and no_time)):
        words = wording.answer_rules(call).late_subject or "Candidature reçue après la date limite"
    elif kind == "completion_request" and no_time:
        words = NO_TIME_SUBJECT
    elif situation is not None and kind == "completion_request" and situation.files and not situation.askable:
        words = FILES_SUBJECT[len(situation.files) > 1]
    return f"[{reference}] {words}"


def _attachments(session: Session, dossier: Dossier, trigger: Message | None) -> tuple[list[dict[str, str]], int]:
    """The documents received for the dossier, each name shown shortened and without links;
    and how many more were not listed."""
    conditions = [Message.dossier_id == dossier.id] if dossier.id is not None else []
    if trigger is not None and trigger.id is not None:
        conditions.append(Message.id == trigger.id)
    if not conditions:
        return [], 0
    rows = session.exec(
        select(Attachment).join(Message, Attachment.message_pk == Message.id)
        .where(or_(*conditions), Attachment.inline == False)  # noqa: E712
        .order_by(Message.id, Attachment.position)
    ).all()
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        key = f"{row.filename}\0{row.sha256}"
        if key not in seen:
            seen[key] = {"name": compose.shown_filename(row.filename),
                         "note": EXTRACTION_NOTES.get(row.extraction, "")}
    listed = list(seen.values())
    return listed[:ATTACHMENTS_SHOWN], max(len(listed) - ATTACHMENTS_SHOWN, 0)


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


def _unread_files(session: Session, dossier: Dossier, names: tuple[str, ...]) -> list[dict[str, str]]:
    """The files to send again: each named as the documents list names it, what happened to it
    (its latest attachment of that name says) and what to do."""
    rows = session.exec(
        select(Attachment.filename, Attachment.extraction, Attachment.reason)
        .join(Message, Attachment.message_pk == Message.id)
        .where(Message.dossier_id == dossier.id, col(Attachment.filename).in_(list(names)))
        .order_by(Message.id, Attachment.position)).all() if dossier.id is not None and names else []
    latest = {name: (status, reason) for name, status, reason in rows}
    files = []
    for name in names[:ATTACHMENTS_SHOWN]:
        problem, ask = wording.unread_file(*latest.get(name, (None, None)))
        files.append({"name": compose.shown_filename(name), "problem": problem, "ask": ask})
    return files


def _late_words(call: Any, values: dict[str, str]) -> list[str]:
    rules = wording.answer_rules(call)
    paragraphs = rules.late or ("Votre proposition nous est parvenue le {received_on}, après la date limite de "
                                "candidature ({deadline}). Elle est enregistrée sous la référence {reference} ; "
                                "l’équipe de l’appel vous indiquera la suite qui peut lui être donnée.",)
    return [p.format_map(values) for p in paragraphs]


def compose_answer(session: Session, *, dossier: Dossier, trigger: Message | None, references: str | None,
                   kind: str, key: str, call: Any, settings: Settings, now: datetime) -> tuple[str, str, bytes]:
    """(subject, Message-ID, RFC 5322 bytes) of the answer `kind` to the dossier, dated `now`."""
    situation = situation_of(session, dossier, call, settings.timezone)
    missing = list(dossier.missing or [])
    words = wording.call_words(call, settings.timezone)
    answer_by = wording.completion_deadline(now, call, settings.timezone)
    subject = subject_of(dossier.reference, kind, situation, call, no_time=answer_by is None)
    closing = wording.closing_time(call, settings.timezone)
    deadline_date = closing.astimezone(ZoneInfo(settings.timezone)).date() if closing else None
    attachments, more = _attachments(session, dossier, trigger)
    received = dossier.received_at if situation.late else (trigger.received_at if trigger else None)
    received_on = wording.french_date(received or now, settings.timezone)
    values = {"deadline": words.deadline, "selection_date": words.selection_date, "received_on": received_on,
              "reference": dossier.reference}
    no_time = wording.answer_rules(call).no_time or (
        "Le temps manque désormais pour compléter votre dossier avant la sélection des projets : l’équipe de "
        "l’appel l’examinera en l’état, avec les documents déjà reçus.")
    context = {
        "kind": kind,
        "heading": subject.split("] ", 1)[-1],  # the subject's words, for a banner
        "greeting": greeting.greeting(dossier.applicant_name, call),
        "reference": dossier.reference,
        "project_title": compose.shown(dossier.project_title, TITLE_SHOWN),
        "received_on": received_on,
        "attachments": attachments,
        "more_attachments": more,
        "parts": _parts(missing, words.labels),
        # an element the reader is unsure of is never named (notify.doubt): the file is asked for
        "missing_groups": wording.group_missing(list(situation.askable), words.labels),
        "unread_files": _unread_files(session, dossier, situation.files),
        "reply_by": wording.french_date(answer_by),
        "no_time": no_time.format_map(values),
        "late": _late_words(call, values) if situation.late else [],
        "call": words,
        # the call's deadline is worth recalling only when it comes after the date asked for
        "deadline_ahead": bool(words.deadline and deadline_date and answer_by and deadline_date > answer_by),
        "from_address": guards.address_of(settings.from_address),
    }
    text, html = compose.render(kind, **context)
    text, html = typography.french(text), typography.french_html(html)
    message_id = compose.deterministic_message_id(dossier.reference, kind, key, settings.from_address)
    extra = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    trigger_id = trigger.message_id if trigger else None
    in_reply_to = compose.safe_message_id(trigger_id)
    if in_reply_to:
        extra["In-Reply-To"] = in_reply_to
    refs = compose.references_chain(references or (trigger.references if trigger else None), trigger_id)
    if refs:
        extra["References"] = refs
    raw = compose.build_message(
        from_address=settings.from_address,
        to=[compose.mailbox(dossier.applicant_name, dossier.applicant_email.strip().lower())],
        subject=subject, text=text, html=html, date=now, message_id=message_id, extra=extra)
    return subject, message_id, raw


def _answers(session: Session, dossier: Dossier) -> list[Outbox]:
    return list(session.exec(select(Outbox).where(Outbox.dossier_id == dossier.id,
                                                  col(Outbox.kind).in_(ANSWER_KINDS)).order_by(Outbox.id)).all())


def _drop_held(session: Session, rows: list[Outbox]) -> None:
    """Held answers a newer decision replaces (never sent: nobody saw them)."""
    for row in rows:
        session.execute(delete(Outbox).where(Outbox.id == row.id, Outbox.status == "held"))
        session.expunge(row)


def decide(session: Session, *, dossier: Dossier, trigger: Message, trigger_headers: dict[str, str],
           previous_status: str | None, previous_missing: list[str] | None, call: Any,
           settings: Settings, now: datetime) -> Decision:
    """previous_status and previous_missing (the evaluation before this one) are not used: the
    state is compared with the last answer queued for the dossier."""
    trigger_headers = {k.lower(): v for k, v in (trigger_headers or {}).items()}
    if dossier.id is None:
        session.flush()  # the Outbox row names the dossier; flushing is not committing
    situation = situation_of(session, dossier, call, settings.timezone)
    rows = _answers(session, dossier)
    held = [r for r in rows if r.status == "held"]
    queued = [r for r in rows if r.status != "held"]
    current = situation.key
    kind = answer_kind(situation, queued[-1].state_key if queued else None, answered_before=bool(queued))
    if kind is None:
        _drop_held(session, held)
        return Decision(None, reason="état du dossier inchangé depuis la dernière réponse")
    if held and held[-1].state_key == current and held[-1].kind == kind:
        return Decision(kind, reason=f"réponse déjà en attente : {held[-1].last_error or 'plafond'}")
    _drop_held(session, held)
    to_addr = (dossier.applicant_email or "").strip().lower()
    why = guards.refusal(to_addr=to_addr, sender=trigger.from_addr, headers=trigger_headers, settings=settings,
                         also_ours=(getattr(call, "mailbox", None), settings.imap_user))
    if why:
        return Decision(kind, reason=why)
    hold = guards.rate_hold(session, to_addr, settings, now)
    key = dedupe_key(dossier.reference, kind, situation.items if kind == "completion_request" else [],
                     rank=len(queued))
    if hold is None:
        subject, message_id, raw = compose_answer(
            session, dossier=dossier, trigger=trigger, references=trigger_headers.get("references"),
            kind=kind, key=key, call=call, settings=settings, now=now)
    else:  # composed when released, with that day's dates
        subject = subject_of(dossier.reference, kind, situation, call)
        message_id, raw = compose.deterministic_message_id(dossier.reference, kind, key, settings.from_address), b""
    row = Outbox(dedupe_key=key, dossier_id=dossier.id, kind=kind, to_addr=to_addr,
                 to_key=guards.mailbox_key(to_addr), to_domain=guards.domain_key(to_addr), state_key=current,
                 trigger_pk=trigger.id, subject=subject, message_id=message_id, raw=raw,
                 status="held" if hold else review.queued_status(session, dossier, settings), attempts=0,
                 next_attempt_at=hold.until if hold else now, last_error=hold.reason if hold else None,
                 created_at=now)
    session.add(row)
    if hold is not None:
        return Decision(kind, outbox=row, reason=f"réponse retenue jusqu’au {hold.until:%d/%m/%Y %H:%M} UTC : "
                                                 f"{hold.reason}")
    return Decision(kind, outbox=row)


def decide_answer(session: Session, *, dossier: Dossier, trigger: Message, trigger_headers: dict[str, str],
                  previous_status: str | None, previous_missing: list[str] | None, call: Any,
                  settings: Settings, now: datetime) -> Outbox | None:
    """The pipeline's entry point: the Outbox row queued to be sent now, or None (the reason is
    logged; a held answer is queued and sent later, when its cap allows)."""
    decision = decide(session, dossier=dossier, trigger=trigger, trigger_headers=trigger_headers,
                      previous_status=previous_status, previous_missing=previous_missing, call=call,
                      settings=settings, now=now)
    if decision.reason:
        log.info("no answer now for %s (%s): %s", dossier.reference, decision.kind or "-", decision.reason)
    return decision.outbox if decision.reason is None else None


def release_held(engine: Engine, call: Any, settings: Settings, now: datetime | None = None) -> int:
    """Held answers whose caps now allow them: composed (dated now) and queued. Those whose dossier
    has changed state since (without a new decision: `import --no-answers`) or is gone are dropped.
    Returns how many were released."""
    now = now or utcnow()
    released = 0
    with Session(engine, expire_on_commit=False) as session:
        rows = session.exec(select(Outbox).where(
            Outbox.status == "held", col(Outbox.kind).in_(ANSWER_KINDS),
            or_(col(Outbox.next_attempt_at).is_(None), Outbox.next_attempt_at <= now)).order_by(Outbox.id)).all()
        for row in rows:
            dossier = session.get(Dossier, row.dossier_id) if row.dossier_id is not None else None
            if (dossier is None or dossier.purged
                    or situation_of(session, dossier, call, settings.timezone).key != row.state_key):
                session.execute(delete(Outbox).where(Outbox.id == row.id, Outbox.status == "held"))
                session.commit()
                continue
            hold = guards.rate_hold(session, row.to_addr, settings, now)
            if hold is not None:
                session.execute(update(Outbox).where(Outbox.id == row.id, Outbox.status == "held")
                                .values(next_attempt_at=hold.until, last_error=hold.reason))
                session.commit()
                continue
            trigger = session.get(Message, row.trigger_pk) if row.trigger_pk is not None else None
            subject, message_id, raw = compose_answer(session, dossier=dossier, trigger=trigger, references=None,
                                                      kind=row.kind, key=row.dedupe_key, call=call,
                                                      settings=settings, now=now)
            done = session.execute(update(Outbox).where(Outbox.id == row.id, Outbox.status == "held").values(
                status=review.queued_status(session, dossier, settings), raw=raw, subject=subject, message_id=message_id,
                created_at=now, next_attempt_at=now,
                last_error=None)).rowcount
            session.commit()
            released += done
            if done:
                log.info("answer %s released: its cap allows it now", message_id)
    return released
