"""The Sent folder (issue 12, point 10), on a real Dovecot laid out like Courier (personal
namespace `INBOX.`, separator `.`, no special-use folder) with a public namespace beside it:
found by name inside the personal namespace only, `status` says when there is none (and an
answer whose fate a crash left unknown is settled, not left "sending"), and one IMAP session
serves all the copies of an outbox flush."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlmodel import Session

from imaphelp import settings_for
from ingest.imap import open_mailbox
from notify.sender import send_pending
from service.health import health
from service.runtime import Runtime
from service.sentbox import ImapSentBox
from store.models import Outbox
from tests.notify.notifyhelp import NOW, outbox_row
from tests.servers.dovecot import DovecotServer, DovecotUnavailable
from tests.servers.smtp import SmtpServer


@pytest.fixture(scope="module")
def courier_like():
    try:
        server = DovecotServer(namespace_prefix="INBOX.", separator=".", public_prefix="Public.",
                               sent_folder_name=None)
        server.start()
    except DovecotUnavailable as exc:
        pytest.skip(f"Dovecot indisponible : {exc}")
    # another people's « Sent », listed with ours: never ours
    for sub in (".Sent", ".Sent/cur", ".Sent/new", ".Sent/tmp"):
        path = server.root / "public" / sub
        path.mkdir(exist_ok=True)
        os.chown(path, server.uid, server.gid)
    yield server
    server.cleanup()


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


def answers(engine, n: int, first: int = 1) -> list[Outbox]:
    with Session(engine, expire_on_commit=False) as s:
        return [outbox_row(s, i) for i in range(first, first + n)]


def smtp_settings(settings, smtp_server):
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp_server.port,
                                       "smtp_security": "none", "smtp_timeout": 5.0})


def test_the_sent_folder_is_found_by_name_inside_the_personal_namespace(courier_like, tmp_settings):
    settings = settings_for(courier_like, tmp_settings)
    with courier_like.client(settings.imap_user) as c:
        c.create_folder("INBOX.Éléments envoyés")
        assert any(name == "Public.Sent" for _, _, name in c.list_folders())
    box = open_mailbox(settings)
    try:
        assert box.find_sent_folder() == "INBOX.Éléments envoyés"
    finally:
        box.close()


def test_without_a_sent_folder_status_warns_and_an_unsettled_answer_is_sent_again(courier_like, tmp_settings,
                                                                                   engine, smtp_server):
    settings = smtp_settings(settings_for(courier_like, tmp_settings), smtp_server)
    with courier_like.client(settings.imap_user) as c:
        c.create_folder("INBOX.Brouillons")  # a folder, but no Sent one
    (row,) = answers(engine, 1)
    with Session(engine) as s:  # a crash left it "sending" after the server may have accepted it
        stuck = s.get(Outbox, row.id)
        stuck.status, stuck.next_attempt_at = "sending", NOW - timedelta(hours=1)
        s.add(stuck)
        s.commit()

    with ImapSentBox(settings, engine=engine) as box:
        report = send_pending(engine, settings, sent_box=box, now=NOW + timedelta(minutes=5))
    assert report.sent == 1 and len(smtp_server.messages) == 1  # settled: sent again, not stuck
    with Session(engine) as s:
        assert s.get(Outbox, row.id).status == "sent"
    state = health(Runtime(settings=settings, engine=engine, call=None))
    assert not state.healthy
    assert any("aucun dossier des messages envoyés" in p and "FABRIQUE_IMAP_SENT_FOLDER" in p for p in state.problems)

    with courier_like.client(settings.imap_user) as c:  # the operator creates it: found at the next flush
        c.create_folder("INBOX.Sent")
    (later,) = answers(engine, 1, first=2)
    with ImapSentBox(settings, engine=engine) as box:
        assert send_pending(engine, settings, sent_box=box, now=NOW + timedelta(minutes=10)).sent == 1
        assert box.contains(later.message_id)
    assert not any("envoyés" in p for p in health(Runtime(settings=settings, engine=engine, call=None)).problems)


def test_one_imap_session_serves_every_copy_of_a_flush(dovecot, tmp_settings, smtp_server, engine):
    from service.jobs import flush_outbox
    from service.runtime import open_runtime

    settings = smtp_settings(settings_for(dovecot, tmp_settings), smtp_server)
    rows = answers(engine, 3)
    before = dovecot.logins(settings.imap_user)
    rt = open_runtime(settings)
    try:
        report = flush_outbox(rt)
    finally:
        rt.engine.dispose()
    assert report.sent == 3
    assert dovecot.logins(settings.imap_user) - before == 1
    with dovecot.client(settings.imap_user) as c:
        c.select_folder("Éléments envoyés", readonly=True)
        assert len(c.search(["ALL"])) == 3
    assert all(b"\\Seen" in f for f in _flags(dovecot, settings).values())
    assert {r.message_id for r in rows} == _message_ids(dovecot, settings)


def _flags(server, settings):
    with server.client(settings.imap_user) as c:
        c.select_folder("Éléments envoyés", readonly=True)
        return c.get_flags(c.search(["ALL"]))


def _message_ids(server, settings) -> set[str]:
    with server.client(settings.imap_user) as c:
        c.select_folder("Éléments envoyés", readonly=True)
        data = c.fetch(c.search(["ALL"]), ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
    return {v[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode().split(":", 1)[1].strip() for v in data.values()}

