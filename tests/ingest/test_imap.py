"""IMAP ingest against a real Dovecot on loopback: poll, ledger, IDLE, restarts, leases."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from imaphelp import (append_mails, count, cursor_of, entries, make_mail, messages, server_flags,
                      settings_for, wait_until)
from ingest.errors import AuthenticationFailed, MailboxUnavailable
from ingest.imap import open_mailbox
from service.poll import lease_name, poll_once, run_poller
from store.leases import acquire_lease
from store.models import Lease, MailboxEntry, Message

KEYWORD = b"FabriqueIngested"


def start_poller(engine, settings, **kwargs):
    stop, woke = threading.Event(), threading.Event()
    thread = threading.Thread(target=run_poller, args=(engine, settings, stop, woke.set), kwargs=kwargs, daemon=True)
    thread.start()
    return stop, woke, thread


def stop_poller(stop, thread):
    stop.set()
    thread.join(10)
    assert not thread.is_alive(), "run_poller did not stop"


# --- one poll ----------------------------------------------------------------------------

def test_poll_ingests_every_message_once_and_never_sets_seen(dovecot, imap_settings, engine):
    settings = imap_settings.model_copy(update={"imap_batch": 2})
    when = datetime(2022, 8, 10, 7, 15, tzinfo=timezone.utc)
    mails = append_mails(dovecot, settings, 5, when=when)

    report = poll_once(engine, settings)
    assert (report.fetched, report.new, report.duplicates, report.errors) == (5, 5, 0, [])
    rows = messages(engine)
    assert len(rows) == 5 and {m.origin for m in rows} == {"imap"}
    assert {m.size for m in rows} == {len(m) for m in mails}
    assert {m.received_at for m in rows} == {when}  # INTERNALDATE, aware
    ledger = entries(engine)
    assert [e.uid for e in ledger] == [1, 2, 3, 4, 5] and all(e.marked for e in ledger)
    cur = cursor_of(engine, settings)
    assert cur.last_uid == 5 and cur.last_success_at and cur.last_error is None and cur.failing_since is None

    flags = server_flags(dovecot, settings)
    assert all(KEYWORD in f for f in flags.values())
    assert not any(b"\\Seen" in f for f in flags.values())

    again = poll_once(engine, settings)
    assert (again.fetched, again.new, again.duplicates, again.errors) == (0, 0, 0, [])
    assert count(engine, Message) == 5 and count(engine, MailboxEntry) == 5
    assert count(engine, Lease) == 0  # a one-off poll releases its lease


def test_uids_above_ignores_the_highest_uid_dovecot_always_returns(dovecot, imap_settings):
    append_mails(dovecot, imap_settings, 3)
    box = open_mailbox(imap_settings)
    try:
        uidvalidity, keywords = box.select("INBOX")
        assert uidvalidity > 0 and keywords
        assert box.uids_above(0) == [1, 2, 3]
        assert box.uids_above(1) == [2, 3]
        assert box.uids_above(3) == []
        assert box.uids_above(10) == []
        got = list(box.fetch([1, 2, 3], 2))
        assert [m.uid for m in got] == [1, 2, 3] and all(m.internaldate.tzinfo for m in got)
    finally:
        box.close()


def test_only_new_messages_are_fetched(dovecot, imap_settings, engine):
    append_mails(dovecot, imap_settings, 2, tag="a")
    poll_once(engine, imap_settings)
    append_mails(dovecot, imap_settings, 1, tag="b")
    report = poll_once(engine, imap_settings)
    assert (report.fetched, report.new) == (1, 1)
    assert count(engine, Message) == 3 and cursor_of(engine, imap_settings).last_uid == 3


def test_a_message_that_cannot_be_archived_is_not_marked_and_is_read_again(dovecot, imap_settings, engine,
                                                                          monkeypatch):
    from service import accept

    imap_settings = imap_settings.model_copy(update={"imap_batch": 1})  # UID 3 comes in a later batch
    append_mails(dovecot, imap_settings, 3)
    real = accept.archive_raw

    def disk_full_for_the_second(settings_, raw, **kw):
        if b"t-1-" in raw:
            raise OSError(28, "No space left on device")
        return real(settings_, raw, **kw)

    monkeypatch.setattr(accept, "archive_raw", disk_full_for_the_second)
    report = poll_once(engine, imap_settings)
    assert (report.fetched, report.new) == (3, 2) and len(report.errors) == 1
    assert "UID 2" in report.errors[0] and "No space left" in report.errors[0]
    cur = cursor_of(engine, imap_settings)
    assert cur.last_uid == 1 and "UID 2" in cur.last_error and cur.failing_since is not None
    flags = server_flags(dovecot, imap_settings)
    assert KEYWORD in flags[1] and KEYWORD not in flags[2] and KEYWORD in flags[3]

    monkeypatch.setattr(accept, "archive_raw", real)
    report = poll_once(engine, imap_settings)
    assert (report.fetched, report.new, report.errors) == (1, 1, [])  # UID 3 is in the ledger already
    cur = cursor_of(engine, imap_settings)
    assert cur.last_uid == 3 and cur.last_error is None and cur.failing_since is None
    assert count(engine, Message) == 3 and count(engine, MailboxEntry) == 3
    assert all(KEYWORD in f for f in server_flags(dovecot, imap_settings).values())


def test_a_poll_stops_when_archiving_keeps_failing(dovecot, imap_settings, engine, monkeypatch):
    from service import accept

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    settings = imap_settings.model_copy(update={"imap_batch": 2})
    append_mails(dovecot, settings, 9)
    monkeypatch.setattr(accept, "archive_raw", disk_full)
    report = poll_once(engine, settings)
    assert report.fetched == 6 and report.new == 0 and "interrompue" in report.errors[-1]
    assert cursor_of(engine, settings).last_uid == 0 and count(engine, Message) == 0
    # each is in the ledger as failing, none given up: nothing got through, the cause is not the messages
    for _ in range(3):
        poll_once(engine, settings)
    assert {(e.uid, e.state) for e in entries(engine)} == {(u, "failing") for u in range(1, 10)}
    assert not any(KEYWORD in f for f in server_flags(dovecot, settings).values())

    monkeypatch.undo()  # the disk has room again
    report = poll_once(engine, settings)
    assert (report.new, report.errors) == (9, []) and cursor_of(engine, settings).last_uid == 9
    assert all(e.state == "stored" and e.marked for e in entries(engine))


def test_move_to_folder_instead_of_keyword(dovecot, imap_settings, engine):
    settings = imap_settings.model_copy(update={"imap_move_to": "Traités"})
    append_mails(dovecot, settings, 3)
    assert poll_once(engine, settings).new == 3
    assert server_flags(dovecot, settings) == {}
    moved = server_flags(dovecot, settings, folder="Traités")
    assert len(moved) == 3 and not any(b"\\Seen" in f for f in moved.values())
    assert all(e.marked for e in entries(engine))
    assert poll_once(engine, settings).fetched == 0


def without(capability):
    """open_mailbox, but the session ignores one capability the server offers."""
    def factory(settings):
        box = open_mailbox(settings)
        box.capabilities.discard(capability)
        return box
    return factory


def test_move_without_move_capability_copies_and_never_deletes(dovecot, imap_settings, engine):
    settings = imap_settings.model_copy(update={"imap_move_to": "Traités"})
    append_mails(dovecot, settings, 2)
    assert poll_once(engine, settings, without("MOVE")).new == 2
    kept = server_flags(dovecot, settings)
    assert len(kept) == 2 and all(KEYWORD in f and b"\\Deleted" not in f for f in kept.values())
    assert len(server_flags(dovecot, settings, folder="Traités")) == 2
    assert poll_once(engine, settings, without("MOVE")).fetched == 0


def test_uidvalidity_change_resyncs_without_duplicates(dovecot, tmp_settings, engine):
    settings = settings_for(dovecot, tmp_settings, imap_folder="Depot")
    with dovecot.client(settings.imap_user) as c:
        c.create_folder("Depot")
    append_mails(dovecot, settings, 3)
    assert poll_once(engine, settings).new == 3
    before = cursor_of(engine, settings).uidvalidity

    with dovecot.client(settings.imap_user) as c:  # the folder is recreated: new UIDVALIDITY
        c.rename_folder("Depot", "Depot-ancien")
        c.create_folder("Depot")
        c.select_folder("Depot-ancien")
        c.copy(c.search(["ALL"]), "Depot")
    append_mails(dovecot, settings, 1, tag="nouveau")

    report = poll_once(engine, settings)
    assert report.resynced and (report.fetched, report.new, report.duplicates) == (4, 1, 3)
    cur = cursor_of(engine, settings)
    assert cur.uidvalidity != before and cur.last_uid == 4
    assert count(engine, Message) == 4
    assert count(engine, MailboxEntry, MailboxEntry.uidvalidity == cur.uidvalidity) == 4
    assert poll_once(engine, settings).fetched == 0


# --- servers that misbehave ------------------------------------------------------------

def test_server_without_keywords_still_ingests_once(dovecot_no_keywords, tmp_settings, engine):
    settings = settings_for(dovecot_no_keywords, tmp_settings)
    append_mails(dovecot_no_keywords, settings, 3)
    box = open_mailbox(settings)
    try:
        assert box.select("INBOX")[1] is False
    finally:
        box.close()

    assert poll_once(engine, settings).new == 3
    assert poll_once(engine, settings).fetched == 0  # the ledger and the cursor decide
    append_mails(dovecot_no_keywords, settings, 1, tag="b")
    report = poll_once(engine, settings)
    assert (report.fetched, report.new, report.errors) == (1, 1, [])
    assert count(engine, Message) == 4 and not any(e.marked for e in entries(engine))
    flags = server_flags(dovecot_no_keywords, settings)
    assert not any(KEYWORD in f or b"\\Seen" in f for f in flags.values())


def test_bad_password_and_unreachable_server_are_typed_and_recorded(dovecot, imap_settings, engine):
    from pydantic import SecretStr

    wrong = imap_settings.model_copy(update={"imap_password": SecretStr("nope")})
    with pytest.raises(AuthenticationFailed, match="refusée"):
        open_mailbox(wrong)
    with pytest.raises(AuthenticationFailed):
        poll_once(engine, wrong)
    cur = cursor_of(engine, wrong)
    assert "refusée" in cur.last_error and cur.failing_since is not None and cur.last_success_at is None

    closed = imap_settings.model_copy(update={"imap_port": dovecot.port + 1 if dovecot.port < 65535 else 1})
    with pytest.raises(MailboxUnavailable, match="injoignable"):
        open_mailbox(closed)


def test_dovecot_stopped_in_the_middle_of_a_poll_loses_nothing(dovecot_private, tmp_settings, engine):
    server = dovecot_private
    settings = settings_for(server, tmp_settings, imap_batch=2)
    append_mails(server, settings, 6)
    killed = []

    def factory(s):
        box = open_mailbox(s)
        real_fetch = box.fetch

        def fetch(*args):
            for msg in real_fetch(*args):
                yield msg
                if not killed:  # the server dies while the first batch is being archived
                    killed.append(msg.uid)
                    server.stop()
        box.fetch = fetch
        return box

    with pytest.raises(MailboxUnavailable):
        poll_once(engine, settings, factory)
    assert killed == [1]
    cur = cursor_of(engine, settings)
    assert cur.last_uid == 2 and cur.failing_since is not None  # the batch was committed, not marked
    assert [e.marked for e in entries(engine)] == [False, False]

    server.start()
    report = poll_once(engine, settings)
    assert (report.fetched, report.new, report.errors) == (4, 4, [])
    assert count(engine, Message) == 6 and count(engine, MailboxEntry) == 6
    assert all(e.marked for e in entries(engine))
    assert all(KEYWORD in f and b"\\Seen" not in f for f in server_flags(server, settings).values())
    assert cursor_of(engine, settings).failing_since is None


# --- the loop --------------------------------------------------------------------------

def test_message_appended_while_polling_is_stored_within_5_seconds_by_idle(dovecot, imap_settings, engine):
    settings = imap_settings.model_copy(update={"poll_interval": 300})  # only IDLE can be that fast
    stop, woke, thread = start_poller(engine, settings)
    try:
        assert wait_until(lambda: (c := cursor_of(engine, settings)) and c.last_success_at, 5)
        time.sleep(0.3)  # let it enter IDLE
        started = time.monotonic()
        append_mails(dovecot, settings, 1, tag="idle")
        assert wait_until(lambda: count(engine, Message) == 1, 5), "IDLE did not wake the poller"
        assert time.monotonic() - started < 5
        assert woke.wait(5)  # on_new_mail was called
    finally:
        stop_poller(stop, thread)
    assert count(engine, Lease) == 0


def test_without_idle_the_poller_polls_every_interval(dovecot, imap_settings, engine):
    settings = imap_settings.model_copy(update={"poll_interval": 1})
    stop, woke, thread = start_poller(engine, settings, mailbox_factory=without("IDLE"))
    try:
        assert wait_until(lambda: (c := cursor_of(engine, settings)) and c.last_success_at, 5)
        append_mails(dovecot, settings, 1)
        assert wait_until(lambda: count(engine, Message) == 1, 5) and woke.wait(1)
    finally:
        stop_poller(stop, thread)


def test_dovecot_restarted_under_a_running_poller_loses_nothing(dovecot_private, tmp_settings, engine):
    server = dovecot_private
    settings = settings_for(server, tmp_settings, poll_interval=300)
    append_mails(server, settings, 3, tag="avant")
    stop, _, thread = start_poller(engine, settings, backoff_initial=0.2, backoff_cap=1.0)
    try:
        assert wait_until(lambda: count(engine, Message) == 3, 5)
        server.stop()
        assert wait_until(lambda: (c := cursor_of(engine, settings)).failing_since is not None, 5)
        server.start()
        append_mails(server, settings, 3, tag="apres")
        assert wait_until(lambda: count(engine, Message) == 6, 10)
        assert wait_until(lambda: cursor_of(engine, settings).failing_since is None, 5)
    finally:
        stop_poller(stop, thread)
    assert count(engine, MailboxEntry) == 6 and thread.is_alive() is False


def test_only_one_poller_holds_the_lease(dovecot, imap_settings, engine, tmp_settings):
    name = lease_name(imap_settings)
    append_mails(dovecot, imap_settings, 4)

    assert acquire_lease(engine, name, "other-host:1:abc", timedelta(seconds=60)) is None
    report = poll_once(engine, imap_settings)
    assert report.skipped and report.skipped_by == "other-host:1:abc" and report.fetched == 0
    assert count(engine, Message) == 0

    # a second service instance, with its own engine on the same database, runs a poller
    from store.db import make_engine

    other_engine = make_engine(tmp_settings.db_url)
    with engine.begin() as conn:  # the first holder died: its lease expired
        conn.execute(Lease.__table__.update().values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    stop_a, _, thread_a = start_poller(engine, imap_settings)
    stop_b, _, thread_b = start_poller(other_engine, imap_settings)
    try:
        assert wait_until(lambda: count(engine, Message) == 4, 5)
        append_mails(dovecot, imap_settings, 2, tag="b")
        assert wait_until(lambda: count(engine, Message) == 6, 5)
        holders = [lease.holder for lease in _leases(engine)]
        assert len(holders) == 1 and holders[0] != "other-host:1:abc"
        assert poll_once(engine, imap_settings).skipped_by == holders[0]
    finally:
        stop_poller(stop_a, thread_a)
        stop_poller(stop_b, thread_b)
        other_engine.dispose()
    assert count(engine, MailboxEntry) == 6 and count(engine, Message) == 6


def _leases(engine):
    from sqlmodel import Session, select

    with Session(engine) as s:
        return list(s.exec(select(Lease)))


def test_poller_survives_a_failing_on_new_mail(dovecot, imap_settings, engine):
    calls = []

    def broken():
        calls.append(1)
        raise RuntimeError("boom")

    stop = threading.Event()
    thread = threading.Thread(target=run_poller, args=(engine, imap_settings, stop, broken), daemon=True)
    append_mails(dovecot, imap_settings, 1)
    thread.start()
    try:
        assert wait_until(lambda: calls, 5)
        append_mails(dovecot, imap_settings, 1, tag="b")
        assert wait_until(lambda: len(calls) == 2, 5)
        assert thread.is_alive()
    finally:
        stop_poller(stop, thread)


# --- Sent folder -----------------------------------------------------------------------

def test_sent_folder_found_by_special_use_and_searched_by_message_id(dovecot, imap_settings):
    box = open_mailbox(imap_settings)
    try:
        sent = box.find_sent_folder()
        assert sent == "Éléments envoyés"
        box.select("INBOX")
        answer = make_mail(1, "reponse")
        box.append(sent, answer, flags=[b"\\Seen"])
        mid = answer.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0].decode()
        assert box.search_header(sent, "Message-ID", mid) is True
        assert box.search_header(sent, "Message-ID", "<absent@example.org>") is False
        assert box.selected == "INBOX"  # the polled folder is selected again
    finally:
        box.close()



# --- connection security and login -------------------------------------------------------

def test_tls_certificates_are_checked(dovecot_tls, tmp_settings, monkeypatch):
    server = dovecot_tls
    implicit = settings_for(server, tmp_settings, imap_security="ssl", imap_port=server.tls_port)
    starttls = implicit.model_copy(update={"imap_security": "starttls", "imap_port": server.port})
    for settings in (implicit, starttls):
        with pytest.raises(MailboxUnavailable, match="Certificat TLS"):
            open_mailbox(settings)

    monkeypatch.setenv("SSL_CERT_FILE", str(server.cert_file))  # now the certificate is trusted
    for settings in (implicit, starttls):
        box = open_mailbox(settings)
        try:
            assert box.select("INBOX")[0] > 0
        finally:
            box.close()


def test_starttls_is_never_skipped(dovecot, imap_settings):
    with pytest.raises(MailboxUnavailable, match="STARTTLS"):
        open_mailbox(imap_settings.model_copy(update={"imap_security": "starttls"}))


def test_xoauth2_login_with_a_token_provider(dovecot, imap_settings, engine):
    from functools import partial

    token = imap_settings.imap_password.get_secret_value()  # the test passdb checks the token as a password
    settings = imap_settings.model_copy(update={"imap_auth": "xoauth2", "imap_password": None})
    append_mails(dovecot, imap_settings, 2)
    assert poll_once(engine, settings, partial(open_mailbox, token_provider=lambda: token)).new == 2
    with pytest.raises(AuthenticationFailed):
        open_mailbox(settings, token_provider=lambda: "expired-token")
