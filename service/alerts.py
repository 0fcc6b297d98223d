"""Staff are warned once when the mailbox, or the SMTP server the answers leave by, has been
unreachable for too long, and once when it recovers. An alert stays open (and `status` unhealthy)
until then."""
from __future__ import annotations

import email.policy
import email.utils
from datetime import datetime, timedelta
from email.message import EmailMessage

from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from service.runtime import Runtime
from store.models import Alert, MailboxCursor, Outbox, utcnow

KIND = "boite_injoignable"
SMTP_KIND = "envoi_injoignable"


def _mail(rt: Runtime, subject: str, body: str, key: str) -> None:
    from service.jobs import queue_mail

    if not rt.settings.staff_addresses:
        return
    msg = EmailMessage()
    msg["From"] = rt.settings.from_address
    msg["To"] = ", ".join(rt.settings.staff_addresses)
    msg["Subject"] = subject
    msg["Date"] = email.utils.formatdate(localtime=True)
    domain = email.utils.parseaddr(rt.settings.from_address)[1].rsplit("@", 1)[-1] or "localhost"
    msg["Message-ID"] = f"<{key.replace(':', '.')}@{domain}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body)
    # CRLF line ends: smtplib sends bytes as they are, and SMTP servers refuse bare LF
    queue_mail(rt, msg.as_bytes(policy=email.policy.SMTP), kind="alert", key=key)


def check_mailbox(rt: Runtime, now: datetime | None = None) -> str | None:
    """Open or close the 'mailbox unreachable' alert; returns 'opened', 'closed' or None."""
    now = now or utcnow()
    with Session(rt.engine) as s:
        cursors = s.exec(select(MailboxCursor)).all()
        failing = [c for c in cursors if c.failing_since is not None]
        alert = s.exec(select(Alert).where(Alert.kind == KIND, col(Alert.closed_at).is_(None))).first()
        limit = timedelta(seconds=rt.settings.mailbox_alert_after)
        if alert is None and failing and min(c.failing_since for c in failing) <= now - limit:
            c = min(failing, key=lambda c: c.failing_since)
            alert = Alert(kind=KIND, detail=(c.last_error or "")[:300], opened_at=now)
            s.add(alert)
            s.commit()
            s.refresh(alert)
            _mail(rt, "[Fabrique CTO] Boîte de réception injoignable",
                  "Bonjour,\n\nLe service de réception des candidatures n'arrive plus à relever la boîte "
                  f"{c.account} ({c.folder}) depuis le {c.failing_since.astimezone().strftime('%d/%m/%Y à %H:%M')}.\n"
                  f"Dernière erreur : {c.last_error or 'inconnue'}\n\nLes messages ne sont pas perdus : ils restent "
                  "sur le serveur et seront relevés dès le retour de la connexion.\n\nCe message est automatique ; "
                  "un second message vous préviendra du rétablissement.\n", f"alert:{KIND}:{alert.id}:open")
            return "opened"
        if alert is not None and not failing:
            alert.closed_at = now
            s.add(alert)
            s.commit()
            _mail(rt, "[Fabrique CTO] Boîte de réception de nouveau accessible",
                  "Bonjour,\n\nLa boîte de réception des candidatures est de nouveau accessible depuis le "
                  f"{now.astimezone().strftime('%d/%m/%Y à %H:%M')} ; la relève a repris normalement.\n",
                  f"alert:{KIND}:{alert.id}:close")
            return "closed"
    return None


def _when(rt: Runtime, value: datetime) -> str:
    return value.astimezone(ZoneInfo(rt.settings.timezone)).strftime("%d/%m/%Y à %H:%M")


def check_smtp(rt: Runtime, now: datetime | None = None) -> str | None:
    """Open or close the 'SMTP server unreachable' alert; returns 'opened', 'closed' or None.

    Opened when a queued mail has waited for the server (unreachable, login refused) for longer than
    FABRIQUE_SMTP_ALERT_AFTER; closed once a connection succeeds (notify.sender clears failing_since).
    Its mails go through the outbox too: while the server is down, `status` and the log say it."""
    now = now or utcnow()
    with Session(rt.engine) as s:
        since = s.exec(select(func.min(Outbox.failing_since))).one()
        alert = s.exec(select(Alert).where(Alert.kind == SMTP_KIND, col(Alert.closed_at).is_(None))).first()
        limit = timedelta(seconds=rt.settings.smtp_alert_after)
        if alert is None and since is not None and since <= now - limit:
            first = s.exec(select(Outbox).where(Outbox.failing_since == since)).first()
            waiting = s.exec(select(func.count()).select_from(Outbox).where(
                col(Outbox.failing_since).is_not(None), col(Outbox.status).in_(("pending", "sending")))).one()
            error = (first.last_error if first else None) or "inconnue"
            alert = Alert(kind=SMTP_KIND, detail=error[:300], opened_at=now)
            s.add(alert)
            s.commit()
            s.refresh(alert)
            host = f"{rt.settings.smtp_host}:{rt.settings.smtp_port or ''}".rstrip(":")
            _mail(rt, "[Fabrique CTO] Serveur d'envoi injoignable : réponses en attente",
                  "Bonjour,\n\nLe service de réception des candidatures n'arrive plus à remettre ses réponses "
                  f"au serveur d'envoi {host} depuis le {_when(rt, since)}.\nDernière erreur : {error}\n\n"
                  f"Réponses en attente : {waiting}. Elles ne sont pas perdues : elles partiront dès le retour du "
                  f"serveur. Au-delà de {rt.settings.smtp_retry_hours:g} h d'attente, elles passent en échec ; "
                  "la commande « fabrique-intake outbox retry » les remet alors en file d'attente.\n\n"
                  "Ce message est automatique ; il part lui aussi par ce serveur, dès qu'il sera de nouveau "
                  "joignable. Un second message vous préviendra du rétablissement.\n",
                  f"alert:{SMTP_KIND}:{alert.id}:open")
            return "opened"
        if alert is not None and since is None:
            alert.closed_at = now
            s.add(alert)
            s.commit()
            _mail(rt, "[Fabrique CTO] Serveur d'envoi de nouveau joignable",
                  "Bonjour,\n\nLe serveur d'envoi est de nouveau joignable depuis le "
                  f"{_when(rt, now)} ; les réponses en attente sont parties ou partent maintenant.\n",
                  f"alert:{SMTP_KIND}:{alert.id}:close")
            return "closed"
    return None
