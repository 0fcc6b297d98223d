"""`status`: is the service healthy? For monitoring (exit code) and for people (French text)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from service.runtime import Runtime
from store.models import Alert, Dossier, MailboxCursor, Message, Outbox, utcnow


@dataclass
class Health:
    last_poll: str | None
    last_success: str | None
    poll_error: str | None
    backlog: int
    quarantined: int
    failed_messages: int
    outbox_pending: int
    outbox_failed: int
    oldest_unanswered: str | None
    open_alerts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {**asdict(self), "healthy": self.healthy}

    def text(self) -> str:
        lines = [
            f"État : {'en bonne santé' if self.healthy else 'EN DIFFICULTÉ'}",
            f"Dernière relève : {self.last_poll or 'jamais'} (dernière réussie : {self.last_success or 'jamais'})",
            f"Messages en attente de traitement : {self.backlog}",
            f"Messages en quarantaine : {self.quarantined}, en échec : {self.failed_messages}",
            f"Réponses en attente : {self.outbox_pending}, en échec : {self.outbox_failed}",
            f"Plus ancien dossier incomplet : {self.oldest_unanswered or 'aucun'}",
        ]
        if self.poll_error:
            lines.append(f"Dernière erreur de relève : {self.poll_error}")
        lines += [f"Alerte ouverte : {a}" for a in self.open_alerts]
        lines += [f"Problème : {p}" for p in self.problems]
        return "\n".join(lines)


def health(rt: Runtime, now: datetime | None = None) -> Health:
    now = now or utcnow()
    st = rt.settings
    tz = ZoneInfo(st.timezone)
    fmt = lambda d: d.astimezone(tz).strftime("%d/%m/%Y %H:%M") if d else None  # noqa: E731
    with Session(rt.engine) as s:
        cursors = s.exec(select(MailboxCursor)).all()
        count = lambda q: s.exec(q).one()  # noqa: E731
        backlog = count(select(func.count()).select_from(Message).where(Message.state == "archived"))
        quarantined = count(select(func.count()).select_from(Message).where(Message.state == "quarantined"))
        failed = count(select(func.count()).select_from(Message).where(Message.state == "failed"))
        pending = count(select(func.count()).select_from(Outbox).where(col(Outbox.status).in_(("pending", "sending"))))
        out_failed = count(select(func.count()).select_from(Outbox).where(Outbox.status == "failed"))
        oldest = s.exec(select(Dossier).where(Dossier.status == "incomplete", Dossier.purged == False)  # noqa: E712
                        .order_by(col(Dossier.received_at))).first()
        alerts = s.exec(select(Alert).where(col(Alert.closed_at).is_(None))).all()
        stale_pending = count(select(func.count()).select_from(Outbox).where(
            Outbox.status == "pending", Outbox.created_at < now - timedelta(hours=1)))
    last_poll = max((c.last_poll_at for c in cursors if c.last_poll_at), default=None)
    last_ok = max((c.last_success_at for c in cursors if c.last_success_at), default=None)
    errors = [c.last_error for c in cursors if c.last_error and c.failing_since]
    problems = []
    if st.imap_host:
        if last_ok is None:
            problems.append("aucune relève réussie de la boîte")
        elif now - last_ok > timedelta(seconds=st.stale_poll_after):
            problems.append(f"pas de relève réussie depuis {fmt(last_ok)}")
    if out_failed:
        problems.append(f"{out_failed} réponse(s) en échec d'envoi")
    if stale_pending:
        problems.append(f"{stale_pending} réponse(s) en attente depuis plus d'une heure")
    if backlog > 50:
        problems.append(f"{backlog} message(s) en attente de traitement")
    problems += [f"alerte ouverte : {a.kind}" for a in alerts]
    return Health(
        last_poll=fmt(last_poll), last_success=fmt(last_ok), poll_error=errors[0] if errors else None,
        backlog=backlog, quarantined=quarantined, failed_messages=failed, outbox_pending=pending,
        outbox_failed=out_failed,
        oldest_unanswered=(f"{oldest.reference} (reçu le {fmt(oldest.received_at)})" if oldest else None),
        open_alerts=[f"{a.kind} depuis {fmt(a.opened_at)}" + (f" : {a.detail}" if a.detail else "") for a in alerts],
        problems=problems,
    )
