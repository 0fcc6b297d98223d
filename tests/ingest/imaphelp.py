"""Helpers of the IMAP tests: messages, arranging a mailbox, reading the store."""
from __future__ import annotations

import time
from datetime import datetime

from pydantic import SecretStr
from sqlalchemy import func
from sqlmodel import Session, select

from store.models import MailboxCursor, MailboxEntry, Message


def settings_for(server, base, **overrides):
    """`base` pointed at a fresh user (an empty mailbox) of `server`."""
    user, password = server.add_user()
    values = dict(imap_host=server.host, imap_port=server.port, imap_user=user,
                  imap_password=SecretStr(password))
    values.update(overrides)
    return base.model_copy(update=values)


def make_mail(n: int, tag: str = "t") -> bytes:
    return (f"From: Candidat {n} <candidat{n}@example.org>\r\n"
            f"To: fabrique@anact.fr\r\n"
            f"Subject: Dossier Fabrique {tag}-{n}\r\n"
            f"Date: Wed, 10 Aug 2022 09:{n % 60:02d}:00 +0200\r\n"
            f"Message-ID: <{tag}-{n}-{time.time_ns()}@example.org>\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Bonjour, voici notre dossier {tag}-{n}.\r\n").encode()


def append_mails(server, settings, count: int, tag: str = "t", folder: str | None = None,
                 when: datetime | None = None) -> list[bytes]:
    mails = [make_mail(i, tag) for i in range(count)]
    with server.client(settings.imap_user) as c:
        for raw in mails:
            c.append(folder or settings.imap_folder, raw, msg_time=when)
    return mails


def server_flags(server, settings, folder: str | None = None) -> dict[int, set[bytes]]:
    with server.client(settings.imap_user) as c:
        c.select_folder(folder or settings.imap_folder, readonly=True)
        return {uid: set(flags) for uid, flags in c.get_flags(c.search(["ALL"])).items()}


def count(engine, model, *where) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def cursor_of(engine, settings) -> MailboxCursor | None:
    with Session(engine) as s:
        return s.exec(select(MailboxCursor).where(MailboxCursor.account == f"{settings.imap_user}@{settings.imap_host}",
                                                  MailboxCursor.folder == settings.imap_folder)).first()


def entries(engine) -> list[MailboxEntry]:
    with Session(engine) as s:
        return list(s.exec(select(MailboxEntry).order_by(MailboxEntry.uidvalidity, MailboxEntry.uid)))


def messages(engine) -> list[Message]:
    with Session(engine) as s:
        return list(s.exec(select(Message).order_by(Message.id)))


def wait_until(predicate, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()

