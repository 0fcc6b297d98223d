"""The mailbox never stalls (issue 12, point 3), on a real Dovecot: a UID whose FETCH kills the
session, a message the store refuses, a keyword or a move the server refuses, a message over the
size limit. Each is recorded in the ledger (service/ledger.py) and shown by `status`, and new
mail is still ingested."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from imaphelp import append_mails, count, cursor_of, entries, make_mail, messages, server_flags, settings_for
from ingest.errors import MailboxUnavailable
from service.health import health
from service.ledger import QUARANTINE_AFTER
from service.poll import poll_once
from service.runtime import Runtime
from store.archive import archive_root
from store.models import MailboxEntry, Message, utcnow
from tests.servers.dovecot import DovecotServer, DovecotUnavailable

KEYWORD = b"FabriqueIngested"


def _server(**options) -> DovecotServer:
    try:
        server = DovecotServer(**options)
        server.start()
    except DovecotUnavailable as exc:
        pytest.skip(f"Dovecot indisponible : {exc}")
    return server


@pytest.fixture(scope="module")
def dovecot_refusing_moves():
    """MOVE or COPY into « Traites » refused (`NO [NOPERM]`): the owner may only list and read it."""
    server = _server(acl="Traites owner lr\n")
    yield server
    server.cleanup()


@pytest.fixture
def dovecot_short_keywords():
    """Keywords over 8 characters refused at STORE (`NO [CANNOT] Keyword length too long`) while
    PERMANENTFLAGS lists `\\*`, as Cyrus does once a mailbox holds 128 keywords; reloaded in the test."""
    server = _server(extra_config="mail_max_keyword_length = 8\n")
    yield server
    server.cleanup()


def status_text(settings, engine) -> str:
    return health(Runtime(settings=settings, engine=engine, call=None)).text()


def unreadable(server, settings, marker: str) -> Path:
    """Make the Maildir file holding `marker` unreadable by Dovecot (owned by root, mode 600):
    its FETCH then fails and Dovecot closes the session (`* BYE ... Internal error`)."""
    box = server.mail_dir / settings.imap_user
    for path in list((box / "cur").iterdir()) + list((box / "new").iterdir()):
        if marker.encode() in path.read_bytes():
            os.chown(path, 0, 0)
            path.chmod(0o600)
            return path
    raise AssertionError(f"no message holding {marker}")


def polls_until_quiet(engine, settings, most: int = 8) -> int:
    """poll_once until one succeeds with no error; returns how many it took."""
    for n in range(1, most + 1):
        try:
            if not poll_once(engine, settings).errors:
                return n
        except MailboxUnavailable:
            continue
    raise AssertionError(f"still failing after {most} polls")


def test_a_uid_whose_fetch_kills_the_session_is_quarantined_and_never_blocks_the_others(dovecot, imap_settings,
                                                                                          engine):
    append_mails(dovecot, imap_settings, 5, tag="lot")
    unreadable(dovecot, imap_settings, "lot-2-")  # UID 3

    polls = polls_until_quiet(engine, imap_settings)
    assert polls <= QUARANTINE_AFTER + 3  # a few polls, each a second or so apart in `run`
    assert sorted(m.message_id.split("-")[1] for m in messages(engine)) == ["0", "1", "3", "4"]
    ledger = {e.uid: e for e in entries(engine)}
    assert ledger[3].state == "quarantined" and ledger[3].message_pk is None
    assert ledger[3].attempts == QUARANTINE_AFTER and "Internal error" in ledger[3].last_error
    assert all(ledger[u].state == "stored" and ledger[u].marked for u in (1, 2, 4, 5))
    flags = server_flags(dovecot, imap_settings)
    assert KEYWORD not in flags[3] and all(KEYWORD in flags[u] for u in (1, 2, 4, 5))

    append_mails(dovecot, imap_settings, 1, tag="ensuite")
    report = poll_once(engine, imap_settings)
    assert (report.fetched, report.new, report.errors) == (1, 1, [])
    assert cursor_of(engine, imap_settings).last_uid == 6  # the quarantined UID no longer holds it
    text = status_text(imap_settings, engine)
    assert "message UID 3 de « INBOX » laissé sur le serveur" in text and "Internal error" in text


def test_a_message_the_store_refuses_is_quarantined_and_never_blocks_the_others(dovecot, imap_settings, engine,
                                                                                monkeypatch):
    from sqlalchemy.exc import DataError

    from service import accept

    real = accept.record_archived

    def refuse_one(s, archived, origin):
        if archived.message_id and archived.message_id.startswith("<refus-"):
            raise DataError("INSERT INTO message", {}, ValueError("valeur refusée par la base"))
        return real(s, archived, origin)

    monkeypatch.setattr(accept, "record_archived", refuse_one)
    with dovecot.client(imap_settings.imap_user) as c:
        for raw in (make_mail(1, "bon"), make_mail(2, "refus"), make_mail(3, "bon")):
            c.append("INBOX", raw)

    reports = [poll_once(engine, imap_settings) for _ in range(QUARANTINE_AFTER)]
    assert reports[0].new == 2 and "UID 2 non enregistré" in reports[0].errors[0]
    assert reports[-1].quarantined == [2] and reports[-1].errors == []
    entry = {e.uid: e for e in entries(engine)}[2]
    assert entry.state == "quarantined" and "valeur refusée par la base" in entry.last_error

    append_mails(dovecot, imap_settings, 2, tag="apres")
    report = poll_once(engine, imap_settings)
    assert (report.new, report.errors) == (2, [])
    assert count(engine, Message) == 4 and cursor_of(engine, imap_settings).last_uid == 5


def test_a_refused_keyword_never_stops_the_fetching_and_is_set_once_the_server_allows_it(
        dovecot_short_keywords, tmp_settings, engine):
    server = dovecot_short_keywords
    settings = settings_for(server, tmp_settings)
    append_mails(server, settings, 2, tag="a")
    with server.client(settings.imap_user) as c:
        assert b"\\*" in c.select_folder("INBOX")[b"PERMANENTFLAGS"]

    first = poll_once(engine, settings)
    assert (first.new, first.errors) == (2, []) and "Keyword length too long" in first.mark_errors[0]
    assert cursor_of(engine, settings).last_success_at is not None
    rows = entries(engine)
    assert not any(e.marked for e in rows) and all(e.mark_after > utcnow() for e in rows)

    append_mails(server, settings, 1, tag="b")  # the refused marking does not hold up new mail
    second = poll_once(engine, settings)
    assert (second.new, second.errors) == (1, [])
    assert count(engine, Message) == 3 and cursor_of(engine, settings).last_uid == 3
    text = status_text(settings, engine)
    assert "marquage refusé par le serveur pour 3 message(s)" in text and "Keyword length too long" in text
    assert "État : en bonne santé" in text

    server.reload(extra_config="")  # the administrator lifts the limit; the next attempts are due
    with engine.begin() as conn:
        conn.execute(update(MailboxEntry).values(mark_after=utcnow() - timedelta(seconds=1)))
    third = poll_once(engine, settings)
    assert (third.fetched, third.errors, third.mark_errors) == (0, [], [])
    assert all(e.marked and e.mark_error is None for e in entries(engine))
    assert all(KEYWORD in f for f in server_flags(server, settings).values())
    assert "marquage refusé" not in status_text(settings, engine)


def test_a_move_the_server_refuses_never_stops_the_fetching(dovecot_refusing_moves, tmp_settings, engine):
    server = dovecot_refusing_moves
    settings = settings_for(server, tmp_settings, imap_move_to="Traites")
    with server.client(settings.imap_user) as c:
        c.create_folder("Traites")
    append_mails(server, settings, 2, tag="a")
    first = poll_once(engine, settings)
    assert (first.new, first.errors) == (2, []) and "NOPERM" in first.mark_errors[0]
    append_mails(server, settings, 2, tag="b")
    second = poll_once(engine, settings)
    assert (second.new, second.errors) == (2, [])
    assert count(engine, Message) == 4 and not any(e.marked for e in entries(engine))
    assert len(server_flags(server, settings)) == 4  # all still in the inbox, none lost
    assert "déplacement vers « Traites »" in second.mark_errors[0]


def test_an_oversized_message_is_recognised_by_its_size_and_never_fetched_whole(dovecot, imap_settings, engine):
    settings = imap_settings.model_copy(update={"max_message_bytes": 20_000})
    big = make_mail(1, "volumineux").replace(b"Bonjour,", b"Bonjour, " + b"annexe " * 10_000)
    with dovecot.client(settings.imap_user) as c:
        c.append("INBOX", make_mail(0, "leger"))
        c.append("INBOX", big)

    report = poll_once(engine, settings)
    assert (report.new, report.oversized, report.errors) == (2, 1, [])
    small, large = messages(engine)
    assert small.state == "archived" and small.size < 1000
    assert large.state == "quarantined" and large.size == len(big) and large.subject == "Dossier Fabrique volumineux-1"
    assert "FABRIQUE_MAX_MESSAGE_BYTES" in large.error and f"{len(big):,}".replace(",", "\u202f") in large.error
    assert large.from_addr == "candidat1@example.org" and large.message_id is None
    stored = (archive_root(settings.data_dir) / large.archive_path).read_bytes()
    assert len(stored) < 1000 and stored.startswith(b"From: ") and b"annexe" not in stored  # the header only
    assert all(e.marked for e in entries(engine))
    assert "FABRIQUE_MAX_MESSAGE_BYTES" in status_text(settings, engine)
