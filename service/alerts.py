"""Staff are warned once when the mailbox has been unreachable for too long, and once when it recovers."""
from __future__ import annotations

import email.utils
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlmodel import Session, col, select

from service.runtime import Runtime
from store.models import Alert, MailboxCursor, utcnow

KIND = "boite_injoignable"


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
    queue_mail(rt, bytes(msg), kind="alert", key=key)


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
