"""Interop on Cyrus IMAP 3.6 (tests/servers/cyrus.py; skipped when it cannot be fetched or run):
every row of the README's keyword table, and new mail still ingested in each case."""
from __future__ import annotations

import threading
import time

import pytest

from imaphelp import append_mails, count, entries, server_flags, settings_for, wait_until
from ingest.imap import open_mailbox
from service.health import health
from service.poll import poll_once, run_poller
from service.runtime import Runtime
from store.models import Message
from tests.servers.cyrus import CyrusServer, CyrusUnavailable

KEYWORD = b"FabriqueIngested"


@pytest.fixture(scope="module")
def cyrus():
    try:
        server = CyrusServer().start()
    except CyrusUnavailable as exc:
        pytest.skip(f"Cyrus IMAP indisponible : {exc}")
    yield server
    server.cleanup()


@pytest.fixture
def settings(cyrus, tmp_settings):
    return settings_for(cyrus, tmp_settings)


def polled_twice(cyrus, settings, engine):
    """Two mails, a poll, one more mail, a poll: both polls succeed and store everything."""
    append_mails(cyrus, settings, 2, tag="a")
    first = poll_once(engine, settings)
    append_mails(cyrus, settings, 1, tag="b")
    second = poll_once(engine, settings)
    assert (first.new, first.errors, second.new, second.errors) == (2, [], 1, [])
    assert count(engine, Message) == 3 and len(entries(engine)) == 3
    return first, second


def test_keyword_kept(cyrus, settings, engine):
    first, second = polled_twice(cyrus, settings, engine)
    assert first.mark_errors == second.mark_errors == []
    assert all(KEYWORD in f and b"\\Seen" not in f for f in server_flags(cyrus, settings).values())


def test_keyword_refused_too_many_user_flags_while_permanentflags_list_star(cyrus, settings, engine):
    with cyrus.client(settings.imap_user) as c:  # a mailbox whose keywords are used up
        c.append("INBOX", b"From: a@b.example\r\nSubject: plein\r\n\r\nx\r\n")
        c.select_folder("INBOX")
        with pytest.raises(Exception, match="Too many user flags"):
            for start in range(0, 200, 20):
                c.add_flags([1], [f"etiquette{n}" for n in range(start, start + 20)], silent=True)
        assert b"\\*" in c.select_folder("INBOX")[b"PERMANENTFLAGS"]
    with cyrus.client(settings.imap_user) as c:
        c.select_folder("INBOX")
        c.add_flags([1], ["\\Deleted"])
        c.expunge()
    first, second = polled_twice(cyrus, settings, engine)
    assert "Too many user flags" in first.mark_errors[0] and "Too many user flags" not in str(second.errors)
    assert not any(e.marked for e in entries(engine))
    text = health(Runtime(settings=settings, engine=engine, call=None)).text()
    assert "marquage refusé par le serveur pour 3 message(s)" in text and "Too many user flags" in text


def test_permanentflags_without_star_after_an_acl_change(cyrus, settings, engine):
    with cyrus.admin() as a:  # every right but `w`: keywords may not be set
        a.setacl(f"user.{settings.imap_user}", settings.imap_user, "lrsitecdan")
    box = open_mailbox(settings)
    try:
        assert box.select("INBOX")[1] is False
    finally:
        box.close()
    first, second = polled_twice(cyrus, settings, engine)
    assert first.mark_errors == second.mark_errors == []  # nothing asked of the server
    assert not any(KEYWORD in f for f in server_flags(cyrus, settings).values())


def test_move_refused_by_the_acl_of_the_target_folder(cyrus, settings, engine):
    settings = settings.model_copy(update={"imap_move_to": "INBOX.Traites"})
    with cyrus.admin() as a:
        a.create_folder(f"user.{settings.imap_user}.Traites")
        a.setacl(f"user.{settings.imap_user}.Traites", settings.imap_user, "lr")
    first, _ = polled_twice(cyrus, settings, engine)
    assert "Permission denied" in first.mark_errors[0]
    assert len(server_flags(cyrus, settings)) == 3  # all left in the inbox


def test_move_to_a_folder_of_the_personal_namespace(cyrus, settings, engine):
    settings = settings.model_copy(update={"imap_move_to": "INBOX.Traites"})
    polled_twice(cyrus, settings, engine)
    assert server_flags(cyrus, settings) == {}
    assert len(server_flags(cyrus, settings, folder="INBOX.Traites")) == 3
    assert all(e.marked for e in entries(engine))


def test_idle_through_idled_wakes_the_poller(cyrus, settings, engine):
    settings = settings.model_copy(update={"poll_interval": 300})  # only IDLE can be that fast
    stop = threading.Event()
    thread = threading.Thread(target=run_poller, args=(engine, settings, stop, lambda: None), daemon=True)
    thread.start()
    try:
        assert wait_until(lambda: entries(engine) == [] and _polled(engine), 5)
        time.sleep(0.5)  # into IDLE
        started = time.monotonic()
        append_mails(cyrus, settings, 1, tag="idle")
        assert wait_until(lambda: count(engine, Message) == 1, 10), "IDLE did not wake the poller"
        assert time.monotonic() - started < 10
    finally:
        stop.set()
        thread.join(15)
    assert not thread.is_alive()


def _polled(engine) -> bool:
    from sqlmodel import Session, select

    from store.models import MailboxCursor

    with Session(engine) as s:
        return any(c.last_success_at for c in s.exec(select(MailboxCursor)))


def test_sent_folder_by_special_use_then_by_name_in_the_personal_namespace(cyrus, settings):
    box = open_mailbox(settings)
    try:
        assert box.find_sent_folder() is None
        with cyrus.client(settings.imap_user) as c:
            c.create_folder("INBOX.Éléments envoyés")
        assert box.find_sent_folder() == "INBOX.Éléments envoyés"
        with cyrus.client(settings.imap_user) as c:
            c._imap._simple_command("CREATE", '"INBOX.Envoi"', "(USE (\\Sent))")
        assert box.find_sent_folder() == "INBOX.Envoi"  # the special-use wins
    finally:
        box.close()
