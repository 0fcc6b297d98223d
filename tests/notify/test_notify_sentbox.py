"""The Sent folder of a real Dovecot as sent_box (the service's ImapSentBox): copies land there,
and a crash between SMTP acceptance and the "sent" commit is recovered from it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import SecretStr
from sqlmodel import Session, select

from notify.sender import send_pending
from store.models import Outbox
from tests.notify.notifyhelp import NOW, outbox_row


@pytest.fixture
def sent_box(dovecot, settings):
    from service.sentbox import ImapSentBox

    user, password = dovecot.add_user()
    imap = settings.model_copy(update=dict(imap_host=dovecot.host, imap_port=dovecot.port, imap_user=user,
                                           imap_password=SecretStr(password), imap_security="none"))
    return ImapSentBox(imap)


def test_sent_copy_and_crash_recovery_with_a_real_sent_folder(engine, session, settings, smtp_server, sent_box):
    smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp_server.port,
                                       "smtp_security": "none"})
    first = outbox_row(session, 1)
    assert send_pending(engine, smtp, sent_box=sent_box, now=NOW).sent == 1
    assert sent_box.contains(first.message_id)
    assert not sent_box.contains("<absent@anact.fr>")

    # The copy is in the Sent folder but the process died before committing "sent".
    with Session(engine) as s:
        row = s.exec(select(Outbox).where(Outbox.id == first.id)).one()
        row.status, row.next_attempt_at = "sending", NOW - timedelta(hours=1)
        s.add(row)
        s.commit()
    report = send_pending(engine, smtp, sent_box=sent_box, now=NOW + timedelta(minutes=5))
    assert report.recovered == 1 and report.sent == 0
    assert len(smtp_server.messages) == 1  # not sent twice


def test_crash_right_after_acceptance_is_not_resent_when_the_server_files_sent_mail(
        engine, session, settings, smtp_server, sent_box, monkeypatch):
    """Exchange Online and Gmail file each accepted submission in Sent: the test server does the
    same into the real Dovecot, and the process 'dies' between acceptance and the commit."""
    import notify.sender as sender

    smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp_server.port,
                                       "smtp_security": "none", "smtp_saves_sent": True})
    smtp_server.on_accept = sent_box.append
    row = outbox_row(session, 1)
    real_done = sender._Run.done

    def crash(run, row_, status):
        if status == "sent":
            raise KeyboardInterrupt("killed right after the server accepted the answer")
        real_done(run, row_, status)

    monkeypatch.setattr(sender._Run, "done", crash)
    with pytest.raises(KeyboardInterrupt):
        send_pending(engine, smtp, sent_box=sent_box, now=NOW)
    monkeypatch.setattr(sender._Run, "done", real_done)
    with Session(engine) as s:
        assert s.get(Outbox, row.id).status == "sending"
    # restarted: the unknown fate is settled by the Sent folder
    report = send_pending(engine, smtp, sent_box=sent_box, now=NOW + timedelta(minutes=10))
    assert report.recovered == 1 and report.sent == 0
    assert len(smtp_server.messages) == 1
    with Session(engine) as s:
        assert s.get(Outbox, row.id).status == "sent"
