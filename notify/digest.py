"""The staff digest: first what waits for a human ("À traiter", notify/digest_todo.py), then the
period's dossiers as the committee reads them, then the period's figures; in French.

    gather    plain dicts from the store (nothing from a mail is trusted: the HTML
              template autoescapes every value)
    render    digest.txt.j2 + digest.html.j2 (tables and inline CSS only: Outlook, phones),
              then French typography (notify/typography.py)
    mail      render_digest_message() -> bytes for settings.staff_addresses
"""
from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from config.settings import ConfigError, Settings
from notify import compose, names, typography, wording
from notify.digest_todo import count, to_do, within
from notify.guards import address_of, valid_address
from store.models import Alert, Dossier, Message, Outbox

DELIVERED = ("sent", "written")
INCOMPLETE_SHOWN = 60  # dossiers still incomplete listed; the export has them all
EXPORT = "fabrique-intake export --format xlsx --output dossiers.xlsx"


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    day: str = ""  # « 10 août 2022 »
    period: str = ""  # « journée du 10 août 2022 », « du … au … »
    delivery: str | None = None  # once queued (service.jobs.make_digest): its outbox status, or "already"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"


def _share(value: float | None) -> str:
    if value is None:
        return "non trouvé"
    return f"{value * 100:.1f}".replace(".", ",").removesuffix(",0") + "\u00a0%"


def _cofinancing(budget: dict) -> dict[str, Any]:
    """The co-financing share as stored; else worked out from the total and the Anact request
    (what the total leaves beyond the request), and said so."""
    share, amount = budget.get("cofinancing_share"), budget.get("cofinancing_eur")
    total, request = budget.get("total_eur"), budget.get("anact_request_eur")
    note = ""
    if share is None and total and request is not None:
        share, note = max(total - request, 0.0) / total, "déduit du coût total et de la demande"
        amount = amount if amount is not None else max(total - request, 0.0)
    return {"value": _share(share), "found": share is not None, "note": note,
            "amount": wording.french_amount(amount) if amount is not None else ""}


def _completion(d: Dossier, requests: list[Outbox], call: Any, tz: str, end: datetime) -> dict[str, Any]:
    """Where the dossier stands on completion: {"text", "late"}. The date asked for is the one of
    the last completion request the applicant got."""
    if d.status == "complete":
        return {"text": f"complet depuis le {wording.french_date(d.completed_at, tz)}" if d.completed_at else "",
                "late": False}
    delivered = [r for r in requests if r.status in DELIVERED]
    if not delivered:
        if any(r.status in ("held", "pending", "sending", "review") for r in requests):
            return {"text": "demande de compléments en attente d’envoi", "late": False}
        if requests:
            return {"text": "demande de compléments non parvenue au porteur (voir « À traiter »)", "late": True}
        return {"text": "aucune demande de compléments envoyée", "late": False}
    request = delivered[-1]
    # the date the request asked for, as notify/answers.py worked it out when it wrote it
    by = wording.completion_deadline(request.created_at, call, tz)
    asked = wording.french_date(request.sent_at or request.created_at, tz)
    if by is None:
        return {"text": f"compléments demandés le {asked}", "late": False}
    if end.astimezone(ZoneInfo(tz)).date() > by:
        return {"text": f"compléments demandés le {asked} ; délai dépassé depuis le {wording.french_date(by)}",
                "late": True}
    return {"text": f"compléments demandés le {asked}, attendus au plus tard le {wording.french_date(by)}",
            "late": False}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _figure(amount: float | None) -> dict[str, Any]:
    return {"value": wording.french_amount(amount), "found": amount is not None}


def _flags(d: Dossier) -> list[dict[str, str]]:
    reasons = list(d.reasons or [])
    return [{"label": _sentence(wording.FLAG_LABELS.get(f, f)), "reason": reasons[i] if i < len(reasons) else ""}
            for i, f in enumerate(d.flags or [])]


def _card(d: Dossier, requests: list[Outbox], call: Any, words: wording.CallWords, tz: str,
          end: datetime) -> dict[str, Any]:
    """A dossier as the committee reads it."""
    budget = d.budget or {}
    acronym = getattr(d, "acronym", None) or budget.get("acronym")
    return {
        "reference": d.reference,
        "acronym": compose.header_text(str(acronym)) if acronym else "",
        "title": compose.header_text(d.project_title) if d.project_title else "",
        "organisation": d.organisation or "",
        "email": d.applicant_email,
        "status": wording.STATUS_LABELS.get(d.status, d.status),
        "complete": d.status == "complete",
        "review": names.DOSSIER_REVIEW if d.review else "",
        "received": wording.french_date(d.received_at, tz) if d.received_at else "date inconnue",
        "completion": _completion(d, requests, call, tz, end),
        "total": _figure(budget.get("total_eur")),
        "anact_request": _figure(budget.get("anact_request_eur")),
        "cofinancing": _cofinancing(budget),
        "flags": _flags(d),
        "missing": [wording.standalone_label(k, words.labels) for k in (d.missing or [])],
    }


def _by_class(messages: list[Message]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for m in messages:
        state = names.message_state(m.state, m.classification, m.error)
        if state in names.MESSAGE_GROUPS:
            label = names.SET_ASIDE
        elif state == "archived" or not m.classification:
            label = names.message_state_label(state)
        else:
            label = wording.CLASSIFICATION_LABELS.get(m.classification, m.classification)
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def gather(session: Session, settings: Settings, call: Any, start: datetime, end: datetime) -> dict[str, Any]:
    tz = settings.timezone
    words = wording.call_words(call, tz)
    in_period = or_(within(Message.created_at, start, end), within(Message.received_at, start, end))
    messages = session.exec(select(Message).where(in_period).order_by(Message.received_at)).all()

    first_seen = (select(Message.dossier_id, func.min(Message.created_at).label("first"))
                  .where(Message.dossier_id != None).group_by(Message.dossier_id).subquery())  # noqa: E711
    new = session.exec(
        select(Dossier).outerjoin(first_seen, first_seen.c.dossier_id == Dossier.id)
        .where(Dossier.purged == False,  # noqa: E712
               or_(within(Dossier.received_at, start, end), within(first_seen.c.first, start, end)))
        .order_by(Dossier.reference)
    ).all()
    completed = session.exec(
        select(Dossier).where(Dossier.purged == False, Dossier.status == "complete",  # noqa: E712
                              within(Dossier.completed_at, start, end)).order_by(Dossier.reference)
    ).all()
    # a dossier complete from its first message is "new", not "completed"
    new_ids = {d.id for d in new}
    was_incomplete = set(session.exec(
        select(Outbox.dossier_id).where(col(Outbox.kind).in_(("completion_request", "completion_acknowledgement")))
    ).all())
    completed = [d for d in completed if d.id not in new_ids or d.id in was_incomplete]
    incomplete = session.exec(
        select(Dossier).where(Dossier.purged == False, Dossier.status == "incomplete",  # noqa: E712
                              Dossier.received_at < end)
        .order_by(Dossier.received_at)
    ).all()
    requests: dict[int, list[Outbox]] = {}
    for o in session.exec(select(Outbox).where(Outbox.kind == "completion_request").order_by(col(Outbox.id))).all():
        requests.setdefault(o.dossier_id, []).append(o)
    alerts = session.exec(select(Alert).where(Alert.closed_at == None).order_by(Alert.opened_at)).all()  # noqa: E711
    todo = to_do(session, settings, call, start, end)

    def card(d: Dossier) -> dict[str, Any]:  # with its page in the review pages, when they have an address
        url = f"{settings.web_url}/dossiers/{d.reference}" if getattr(settings, "web_url", None) else ""
        return {**_card(d, requests.get(d.id, []), call, words, tz, end), "url": url}

    return {
        "call": words,
        "period": _period(start, end, tz),
        "day": _day_label(start, end, tz),
        "todo": todo,
        "todo_count": count(todo),
        "counts": {
            "messages": len(messages),
            "by_class": _by_class(messages),
            "new": len(new),
            "new_complete": sum(1 for d in new if d.status == "complete"),
            "new_incomplete": sum(1 for d in new if d.status != "complete"),
            "completed": len(completed),
            "incomplete_total": len(incomplete),
        },
        "new_dossiers": [card(d) for d in new],
        "completed": [card(d) for d in completed],
        "incomplete": [card(d) for d in incomplete[:INCOMPLETE_SHOWN]],
        "incomplete_more": max(len(incomplete) - INCOMPLETE_SHOWN, 0),
        "export_command": EXPORT,
        "alerts": [{"kind": wording.ALERT_LABELS.get(a.kind, a.kind), "detail": a.detail or "",
                    "since": wording.french_datetime(a.opened_at, tz)} for a in alerts],
    }


def _calendar_day(start: datetime, end: datetime, tz: str) -> bool:
    local = start.astimezone(ZoneInfo(tz))
    return (local.hour, local.minute, local.second) == (0, 0, 0) and \
        timedelta(hours=23) <= end - start <= timedelta(hours=25)


def _period(start: datetime, end: datetime, tz: str) -> str:
    """« journée du 10 août 2022 », else « du 9 août 2022 à 9 h 30 au 10 août 2022 à 9 h 30 »."""
    if _calendar_day(start, end, tz):
        return f"journée du {wording.french_date(start, tz)}"
    return f"du {wording.french_datetime(start, tz)} au {wording.french_datetime(end, tz)}"


def _day_label(start: datetime, end: datetime, tz: str) -> str:
    """A calendar day (midnight to midnight) is named by itself, any other period by its end."""
    if _calendar_day(start, end, tz):
        return wording.french_date(start, tz)
    return wording.french_date(end, tz)


def _subject(ctx: dict[str, Any]) -> str:
    n = ctx["todo_count"]
    parts = [f"{n} à traiter" if n else "rien à traiter",
             _plural(ctx["counts"]["new"], "nouveau dossier", "nouveaux dossiers")]
    alert = " – ALERTE en cours" if ctx["alerts"] else ""
    return f"[Fabrique CTO] Synthèse du {ctx['day']} : {', '.join(parts)}{alert}"


def build_digest(session: Session, settings: Settings, call: Any, start: datetime, end: datetime) -> Digest:
    """The digest of [start, end) (aware datetimes)."""
    ctx = gather(session, settings, call, start, end)
    subject = typography.french(_subject(ctx))
    text, html = compose.render("digest", subject=subject, **ctx)
    return Digest(subject=subject, text=typography.french(text), html=typography.french_html(html),
                  day=ctx["day"], period=ctx["period"])


def dossier_lines(session: Session, settings: Settings, call: Any, end: datetime) -> list[str]:
    """Every dossier in a few French lines for the terminal (`demo`): what the digest's cards say."""
    words = wording.call_words(call, settings.timezone)
    requests: dict[int, list[Outbox]] = {}
    for o in session.exec(select(Outbox).where(Outbox.kind == "completion_request").order_by(col(Outbox.id))).all():
        requests.setdefault(o.dossier_id, []).append(o)
    lines = []
    dossiers = session.exec(select(Dossier).where(Dossier.purged == False)  # noqa: E712
                            .order_by(Dossier.reference)).all()
    for d in dossiers:
        c = _card(d, requests.get(d.id, []), call, words, settings.timezone, end)
        cof = c["cofinancing"]
        lines += [f"{c['reference']}{' · ' + c['acronym'] if c['acronym'] else ''} – {c['status']}"
                  f"{', ' + c['review'] if c['review'] else ''}",
                  f"  {c['title'] or 'titre non trouvé'} – {c['organisation'] or 'organisation non trouvée'} "
                  f"({c['email']})",
                  f"  Coût total : {c['total']['value']} · demande Anact : {c['anact_request']['value']} · "
                  f"co-financement : {cof['value']}{' (' + cof['amount'] + ')' if cof['amount'] else ''}",
                  f"  Reçu le {c['received']}{' · ' + c['completion']['text'] if c['completion']['text'] else ''}"]
        if c["missing"]:
            lines.append(f"  Manque ({len(c['missing'])}) : {' ; '.join(c['missing'])}")
        lines += [f"  Signalement : {f['label']}{' – ' + f['reason'] if f['reason'] else ''}" for f in c["flags"]]
    return [typography.french(line) for line in lines]


def message_counts(session: Session) -> str:
    """« 3 (candidatures : 2, correspondances : 1) » over every message."""
    messages = session.exec(select(Message)).all()
    detail = ", ".join(f"{label} : {n}" for label, n in _by_class(messages))
    return typography.french(f"{len(messages)} ({detail})" if detail else "aucun")


def _staff(settings: Settings) -> list:
    addrs = [address_of(a) for a in settings.staff_addresses]
    good = [a for a in addrs if valid_address(a)]
    if not good:
        raise ConfigError("FABRIQUE_DIGEST_TO : aucune adresse valide à qui envoyer la synthèse "
                          "(adresses séparées par des virgules, par exemple equipe@anact.fr)")
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
