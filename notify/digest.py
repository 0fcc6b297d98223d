"""The staff digest: what happened in a period and what waits for a human, in French.

    gather    plain dicts from the store (nothing from a mail is trusted: the HTML
              template autoescapes every value)
    render    digest.txt.j2 + digest.html.j2
    mail      render_digest_message() -> bytes for settings.staff_addresses
"""
from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from config.settings import ConfigError, Settings
from notify import compose, wording
from notify.guards import address_of, valid_address
from store.models import Alert, Dossier, Message, Outbox

FAILED_STATES = ("failed", "quarantined")


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str


def _in(column, start: datetime, end: datetime):
    return and_(column >= start, column < end)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"


def _sender(msg: Message) -> str:
    name = compose.header_text(msg.from_name)
    addr = msg.from_addr or "adresse inconnue"
    return f"{name} <{addr}>" if name else addr


def _dossier_row(d: Dossier, labels: dict[str, str], end: datetime) -> dict[str, Any]:
    budget = d.budget or {}
    return {
        "reference": d.reference,
        "organisation": d.organisation or "",
        "applicant": d.applicant_name or d.applicant_email,
        "email": d.applicant_email,
        "title": d.project_title or "",
        "status": wording.STATUS_LABELS.get(d.status, d.status),
        "complete": d.status == "complete",
        "anact_request": wording.french_amount(budget.get("anact_request_eur")),
        "total": wording.french_amount(budget.get("total_eur")),
        "flags": [wording.FLAG_LABELS.get(f, f) for f in (d.flags or [])],
        "missing": [wording.standalone_label(k, labels) for k in (d.missing or [])],
        "since": wording.days_since((end - d.received_at).days if d.received_at else None),
    }


def gather(session: Session, settings: Settings, call: Any, start: datetime, end: datetime) -> dict[str, Any]:
    tz = settings.timezone
    words = wording.call_words(call, tz)
    in_period = or_(_in(Message.created_at, start, end), _in(Message.received_at, start, end))
    messages = session.exec(select(Message).where(in_period).order_by(Message.received_at)).all()

    by_class: dict[str, int] = {}
    for m in messages:
        label = wording.CLASSIFICATION_LABELS.get(m.classification or "", "non classés")
        by_class[label] = by_class.get(label, 0) + 1

    first_seen = (select(Message.dossier_id, func.min(Message.created_at).label("first"))
                  .where(Message.dossier_id != None).group_by(Message.dossier_id).subquery())  # noqa: E711
    new = session.exec(
        select(Dossier).outerjoin(first_seen, first_seen.c.dossier_id == Dossier.id)
        .where(Dossier.purged == False,  # noqa: E712
               or_(_in(Dossier.received_at, start, end), _in(first_seen.c.first, start, end)))
        .order_by(Dossier.reference)
    ).all()
    completed = session.exec(
        select(Dossier).where(Dossier.purged == False, Dossier.status == "complete",  # noqa: E712
                              _in(Dossier.completed_at, start, end)).order_by(Dossier.reference)
    ).all()
    # a dossier complete from its first message is "new", not "completed"
    new_ids = {d.id for d in new}
    was_incomplete = set(session.exec(
        select(Outbox.dossier_id).where(Outbox.kind.in_(("completion_request", "completion_acknowledgement")))
    ).all())
    completed = [d for d in completed if d.id not in new_ids or d.id in was_incomplete]
    incomplete = session.exec(
        select(Dossier).where(Dossier.purged == False, Dossier.status == "incomplete",  # noqa: E712
                              Dossier.received_at < end)
        .order_by(Dossier.received_at)
    ).all()
    correspondence = [m for m in messages if m.classification == "correspondence"]
    failed_messages = [m for m in messages if m.state in FAILED_STATES]
    older_failed_messages = session.exec(
        select(func.count()).select_from(Message).where(Message.state.in_(FAILED_STATES), ~in_period,
                                                        Message.created_at < start)
    ).one()
    failed_answers = session.exec(
        select(Outbox).where(Outbox.status == "failed",
                             or_(_in(Outbox.created_at, start, end), _in(Outbox.next_attempt_at, start, end)))
        .order_by(Outbox.id)
    ).all()
    all_failed_answers = session.exec(
        select(func.count()).select_from(Outbox).where(Outbox.status == "failed")).one()
    retrying = session.exec(
        select(Outbox).where(Outbox.status == "pending", Outbox.attempts > 0).order_by(Outbox.id)
    ).all()
    alerts = session.exec(select(Alert).where(Alert.closed_at == None).order_by(Alert.opened_at)).all()  # noqa: E711

    dossier_refs = {d.id: d.reference for d in session.exec(select(Dossier)).all()} if failed_answers else {}
    new_rows = [_dossier_row(d, words.labels, end) for d in new]
    return {
        "call": words,
        "period": {"start": wording.french_datetime(start, tz), "end": wording.french_datetime(end, tz)},
        "day": _day_label(start, end, tz),
        "counts": {
            "messages": len(messages),
            "by_class": sorted(by_class.items(), key=lambda kv: -kv[1]),
            "new": len(new),
            "new_complete": sum(1 for d in new if d.status == "complete"),
            "new_incomplete": sum(1 for d in new if d.status != "complete"),
            "completed": len(completed),
            "incomplete_total": len(incomplete),
            "failed_messages": len(failed_messages),
        },
        "new_dossiers": new_rows,
        "completed": [_dossier_row(d, words.labels, end) for d in completed],
        "incomplete": [_dossier_row(d, words.labels, end) for d in incomplete],
        "correspondence": [{"sender": _sender(m), "subject": compose.header_text(m.subject) or "(sans objet)",
                            "received": wording.french_datetime(m.received_at, tz)} for m in correspondence],
        "failed_messages": [{"sender": _sender(m), "subject": compose.header_text(m.subject) or "(sans objet)",
                             "received": wording.french_datetime(m.received_at, tz),
                             "state": "en quarantaine" if m.state == "quarantined" else "en échec",
                             "error": m.error or "raison non enregistrée"} for m in failed_messages],
        "older_failed_messages": older_failed_messages,
        "failed_answers": [{"reference": dossier_refs.get(o.dossier_id, "—"),
                            "kind": wording.KIND_LABELS.get(o.kind, o.kind), "to": o.to_addr,
                            "subject": o.subject, "error": o.last_error or "", "attempts": o.attempts}
                           for o in failed_answers],
        "older_failed_answers": max(all_failed_answers - len(failed_answers), 0),
        "retrying": [{"to": o.to_addr, "subject": o.subject, "attempts": o.attempts, "error": o.last_error or "",
                      "next": wording.french_datetime(o.next_attempt_at, tz)} for o in retrying],
        "alerts": [{"kind": wording.ALERT_LABELS.get(a.kind, a.kind), "detail": a.detail or "", "since": wording.french_datetime(a.opened_at, tz)}
                   for a in alerts],
    }


def _day_label(start: datetime, end: datetime, tz: str) -> str:
    """A calendar day (midnight to midnight) is named by itself, any other period by its end."""
    local = start.astimezone(ZoneInfo(tz))
    if (local.hour, local.minute, local.second) == (0, 0, 0) and timedelta(hours=23) <= end - start <= timedelta(hours=25):
        return wording.french_date(local)
    return wording.french_date(end, tz)


def _subject(ctx: dict[str, Any]) -> str:
    c = ctx["counts"]
    parts = [_plural(c["new"], "nouveau dossier", "nouveaux dossiers")]
    if ctx["correspondence"]:
        parts.append(_plural(len(ctx["correspondence"]), "correspondance à traiter", "correspondances à traiter"))
    problems = len(ctx["failed_messages"]) + len(ctx["failed_answers"])
    if problems:
        parts.append(_plural(problems, "erreur", "erreurs"))
    alert = " – ALERTE en cours" if ctx["alerts"] else ""
    return f"[Fabrique CTO] Synthèse du {ctx['day']} : {', '.join(parts)}{alert}"


def build_digest(session: Session, settings: Settings, call: Any, start: datetime, end: datetime) -> Digest:
    """The digest of [start, end) (aware datetimes)."""
    ctx = gather(session, settings, call, start, end)
    subject = _subject(ctx)
    text, html = compose.render("digest", subject=subject, **ctx)
    return Digest(subject=subject, text=text, html=html)


def _staff(settings: Settings) -> list:
    addrs = [address_of(a) for a in settings.staff_addresses]
    good = [a for a in addrs if valid_address(a)]
    if not good:
        raise ConfigError("FABRIQUE_DIGEST_TO: no valid staff address to send the digest to")
    return good


def render_digest_message(digest: Digest, settings: Settings, *, now: datetime | None = None,
                          message_id: str | None = None) -> bytes:
    """The digest as a whole RFC 5322 message to settings.staff_addresses."""
    now = now or datetime.now(timezone.utc)
    domain = compose.domain_of(settings.from_address)
    message_id = message_id or email.utils.make_msgid("digest", domain=domain)
    return compose.build_message(
        from_address=settings.from_address, to=[compose.mailbox("", a) for a in _staff(settings)],
        subject=digest.subject, text=digest.text, html=digest.html, date=now, message_id=message_id,
        extra={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"})
