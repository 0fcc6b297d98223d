"""`status`: is the service healthy? For monitoring (exit code) and for people (French text).

Unhealthy (exit 1) when a mailbox is configured and no poll of it ever succeeded, or only half
of it is (a server without a login, a login without a server); when no poll succeeded for longer
than FABRIQUE_STALE_POLL_AFTER (never less than two poll intervals: an IDLE session re-polls every
interval); when archived mail waits for processing longer than BACKLOG_STUCK; when an answer
failed within FAILED_ANSWER_WINDOW or waits to be sent for longer than PENDING_TOO_LONG; or
when an alert is open; when no Sent folder was found for the copies of answers. Quarantined and
failed messages are reported, not unhealthy: they are recorded with their reason and shown to
staff in the digest; so are the server's messages the poll gave up (service/ledger.py) and the
markings the server refuses (ingestion goes on: they are tried again later).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, not_
from sqlmodel import Session, col, select

from notify.wording import ALERT_LABELS
from service.runtime import Runtime
from store.models import Alert, Dossier, MailboxCursor, MailboxEntry, Message, Outbox, utcnow

BACKLOG_STUCK = timedelta(minutes=30)
FAILED_ANSWER_WINDOW = timedelta(hours=24)
PENDING_TOO_LONG = timedelta(hours=1)
DELIVERED = ("sent", "written")
SET_ASIDE_SHOWN = 5  # quarantined / failed messages listed with their reason


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
    oldest_unanswered: str | None  # the applicant has received nothing from us yet
    oldest_incomplete: str | None = None
    open_alerts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # the latest quarantined / failed messages, with why
    mailbox_notes: list[str] = field(default_factory=list)  # UIDs given up or failing, markings refused
    bounced: int = 0  # our answers returned as undeliverable (non remises)
    to_review: int = 0  # dossiers staff must look at (à examiner)

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
            f"Réponses en attente d'envoi : {self.outbox_pending}, en échec d'envoi : {self.outbox_failed}, "
            f"non remises : {self.bounced}",
            f"Dossiers à examiner : {self.to_review}",
            f"Plus ancien dossier sans réponse envoyée : {self.oldest_unanswered or 'aucun'}",
            f"Plus ancien dossier incomplet : {self.oldest_incomplete or 'aucun'}",
        ]
        if self.poll_error:
            lines.append(f"Dernière erreur de relève : {self.poll_error}")
        lines += [f"Mis de côté : {m}" for m in self.set_aside]
        lines += [f"Boîte aux lettres : {m}" for m in self.mailbox_notes]
        lines += [f"Alerte ouverte : {a}" for a in self.open_alerts]
        lines += [f"Problème : {p}" for p in self.problems]
        return "\n".join(lines)


def health(rt: Runtime, now: datetime | None = None) -> Health:
    now = now or utcnow()
    st = rt.settings
    tz = ZoneInfo(st.timezone)
    fmt = lambda d: d.astimezone(tz).strftime("%d/%m/%Y %H:%M") if d else None  # noqa: E731
    polled = bool(st.imap_host and st.imap_user)
    # half a mailbox (a server without a login, or a login without a server) is never reached
    unset = None if polled or not (st.imap_host or st.imap_user) else \
        "FABRIQUE_IMAP_USER" if st.imap_host else "FABRIQUE_IMAP_HOST"
    with Session(rt.engine) as s:
        count = lambda q: s.exec(q).one()  # noqa: E731
        query = select(MailboxCursor)
        if polled:  # cursors of a mailbox configured earlier say nothing of this one
            query = query.where(MailboxCursor.account == f"{st.imap_user}@{st.imap_host}",
                                MailboxCursor.folder == st.imap_folder)
        cursors = s.exec(query).all()
        backlog = count(select(func.count()).select_from(Message).where(Message.state == "archived"))
        oldest_backlog = count(select(func.min(Message.created_at)).where(Message.state == "archived"))
        quarantined = count(select(func.count()).select_from(Message).where(Message.state == "quarantined"))
        failed = count(select(func.count()).select_from(Message).where(Message.state == "failed"))
        waiting = col(Outbox.status).in_(("pending", "sending"))
        pending = count(select(func.count()).select_from(Outbox).where(waiting))
        pending_long = count(select(func.count()).select_from(Outbox).where(
            waiting, Outbox.created_at < now - PENDING_TOO_LONG))
        out_failed = count(select(func.count()).select_from(Outbox).where(Outbox.status == "failed"))
        bounced = count(select(func.count()).select_from(Outbox).where(Outbox.status == "bounced"))
        to_review = count(select(func.count()).select_from(Dossier).where(
            col(Dossier.review).is_not(None), Dossier.purged == False))  # noqa: E712
        failed_recent = count(select(func.count()).select_from(Outbox).where(
            Outbox.status == "failed", Outbox.next_attempt_at >= now - FAILED_ANSWER_WINDOW))
        answered = exists().where(Outbox.dossier_id == Dossier.id, col(Outbox.status).in_(DELIVERED))
        unanswered = s.exec(select(Dossier).where(Dossier.purged == False, not_(answered))  # noqa: E712
                            .order_by(col(Dossier.received_at))).first()
        incomplete = s.exec(select(Dossier).where(Dossier.status == "incomplete", Dossier.purged == False)  # noqa: E712
                            .order_by(col(Dossier.received_at))).first()
        alerts = s.exec(select(Alert).where(col(Alert.closed_at).is_(None))).all()
        aside = s.exec(select(Message).where(col(Message.state).in_(("quarantined", "failed")))
                       .order_by(col(Message.processed_at).desc(), col(Message.id).desc()).limit(SET_ASIDE_SHOWN)).all()
        notes = _ledger_notes(s, cursors, fmt) if polled else []
    last_poll = max((c.last_poll_at for c in cursors if c.last_poll_at), default=None)
    last_ok = max((c.last_success_at for c in cursors if c.last_success_at), default=None)
    failing = sorted((c for c in cursors if c.last_error and c.failing_since), key=lambda c: c.failing_since)
    poll_error = f"{failing[0].last_error} (en échec depuis le {fmt(failing[0].failing_since)})" if failing else None

    problems = []
    if unset:
        problems.append(f"boîte aux lettres jamais relevée : {unset} n’est pas renseigné")
    if polled:
        stale_after = timedelta(seconds=max(st.stale_poll_after, 2 * st.poll_interval))
        if last_ok is None:
            problems.append("aucune relève réussie de la boîte")
        elif now - last_ok > stale_after:
            problems.append(f"pas de relève réussie depuis le {fmt(last_ok)}")
    if oldest_backlog is not None and oldest_backlog < now - BACKLOG_STUCK:
        problems.append(f"{backlog} message(s) en attente de traitement, le plus ancien depuis le {fmt(oldest_backlog)}")
    if failed_recent:
        problems.append(f"{failed_recent} réponse(s) en échec d'envoi ces dernières 24 h")
    if pending_long:
        problems.append(f"{pending_long} réponse(s) en attente d'envoi depuis plus d'une heure")
    problems += [f"alerte ouverte : {ALERT_LABELS.get(a.kind, a.kind)}" for a in alerts]
    problems += [f"copies des réponses : {c.sent_problem}" for c in cursors if c.sent_problem]
    dossier = lambda d: f"{d.reference} (reçu le {fmt(d.received_at)})" if d else None  # noqa: E731
    return Health(
        last_poll=fmt(last_poll), last_success=fmt(last_ok), poll_error=poll_error,
        backlog=backlog, quarantined=quarantined, failed_messages=failed, outbox_pending=pending,
        outbox_failed=out_failed, oldest_unanswered=dossier(unanswered), oldest_incomplete=dossier(incomplete),
        open_alerts=[f"{ALERT_LABELS.get(a.kind, a.kind)} depuis le {fmt(a.opened_at)}"
                     + (f" : {a.detail}" if a.detail else "") for a in alerts],
        problems=problems,
        set_aside=[f"{'en quarantaine' if m.state == 'quarantined' else 'en échec'} – "
                   f"{m.from_addr or 'expéditeur inconnu'}, reçu le {fmt(m.received_at)} : {(m.error or '')[:300]}"
                   for m in aside],
        mailbox_notes=notes, bounced=bounced, to_review=to_review,
    )


def _ledger_notes(s: Session, cursors: list[MailboxCursor], fmt) -> list[str]:
    """What the ledger of the polled folder holds that staff should know (service/ledger.py)."""
    notes = []
    for c in cursors:
        if c.uidvalidity is None:
            continue
        here = (MailboxEntry.account == c.account, MailboxEntry.folder == c.folder,
                MailboxEntry.uidvalidity == c.uidvalidity)
        given_up = s.exec(select(MailboxEntry).where(*here, MailboxEntry.state == "quarantined")
                          .order_by(col(MailboxEntry.uid).desc())).all()
        for e in given_up[:SET_ASIDE_SHOWN]:
            notes.append(f"message UID {e.uid} de « {c.folder} » laissé sur le serveur après {e.attempts} essais "
                         f"(en quarantaine) : {(e.last_error or '')[:300]}")
        if len(given_up) > SET_ASIDE_SHOWN:
            notes.append(f"… et {len(given_up) - SET_ASIDE_SHOWN} autre(s) message(s) en quarantaine sur le serveur")
        failing = s.exec(select(func.count()).select_from(MailboxEntry)
                         .where(*here, MailboxEntry.state == "failing")).one()
        if failing:
            notes.append(f"{failing} message(s) de « {c.folder} » à relire (lecture ou enregistrement en échec)")
        refused = s.exec(select(MailboxEntry).where(*here, MailboxEntry.marked == False,  # noqa: E712
                                                    col(MailboxEntry.mark_error).is_not(None))
                         .order_by(col(MailboxEntry.mark_after).desc())).all()
        if refused:
            notes.append(f"marquage refusé par le serveur pour {len(refused)} message(s) de « {c.folder} » "
                         f"(la relève continue ; nouvel essai le {fmt(refused[0].mark_after)}) : "
                         f"{(refused[0].mark_error or '')[:300]}")
    return notes
