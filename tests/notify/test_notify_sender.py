"""send_pending against a real SMTP server on loopback (aiosmtpd), and the file outbox."""
from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest
from pydantic import SecretStr
from sqlmodel import Session, select

from notify.answers import decide_answer
from notify.sender import backoff, send_pending
from store.models import Outbox
from tests.notify.notifyhelp import NOW, FakeSentBox, outbox_row
from tests.servers.smtp import SmtpServer


@pytest.fixture
def smtp_settings(settings, smtp_server):
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp_server.port,
                                       "smtp_security": "none"})


def rows(engine):
    with Session(engine) as s:
        return {r.id: r for r in s.exec(select(Outbox).order_by(Outbox.id)).all()}


def test_file_outbox_when_no_smtp_host(engine, session, make, call, settings, tmp_path):
    d = make.dossier()
    row = decide_answer(session, dossier=d, trigger=make.message(d), trigger_headers={}, previous_status=None,
                        previous_missing=None, call=call, settings=settings, now=NOW)
    session.commit()
    report = send_pending(engine, settings, now=NOW)
    assert (report.written, report.sent, report.failed) == (1, 0, 0)
    files = list((tmp_path / "outbox").iterdir())
    assert len(files) == 1 and files[0].suffix == ".eml" and not files[0].name.startswith(".")
    assert files[0].read_bytes() == row.raw
    assert stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    assert rows(engine)[row.id].status == "written"
    assert send_pending(engine, settings, now=NOW).written == 0  # written once


def test_delivered_once(engine, session, smtp_server, smtp_settings):
    r1, r2 = outbox_row(session, 1), outbox_row(session, 2)
    box = FakeSentBox()
    report = send_pending(engine, smtp_settings, sent_box=box, now=NOW)
    assert (report.sent, report.retried, report.failed) == (2, 0, 0)
    assert [m.rcpt_tos for m in smtp_server.messages] == [(r1.to_addr,), (r2.to_addr,)]
    assert smtp_server.messages[0].mail_from == "fabrique@anact.fr"
    assert smtp_server.messages[0].message["Message-ID"] == r1.message_id
    assert box.appended == [r1.raw, r2.raw]
    stored = rows(engine)
    assert all(r.status == "sent" and r.sent_at == NOW for r in stored.values())
    assert send_pending(engine, smtp_settings, now=NOW + timedelta(hours=1)).sent == 0
    assert len(smtp_server.messages) == 2


def test_not_due_rows_wait(engine, session, smtp_server, smtp_settings):
    outbox_row(session, 1, next_attempt_at=NOW + timedelta(minutes=5))
    assert send_pending(engine, smtp_settings, now=NOW).sent == 0
    assert send_pending(engine, smtp_settings, now=NOW + timedelta(minutes=5)).sent == 1


def test_server_down_for_several_cycles_loses_nothing(engine, session, smtp_server, smtp_settings):
    from notify.sender import unreachable_delay

    for n in range(1, 4):
        outbox_row(session, n)
    smtp_server.stop()
    now = NOW
    for cycle in range(3):
        report = send_pending(engine, smtp_settings, now=now)
        assert (report.sent, report.retried, report.failed) == (0, 3, 0)
        assert "injoignable" in report.unreachable
        stored = rows(engine)
        # the server, not the messages: no attempt is spent, the wait is counted from the first failure
        assert all(r.status == "pending" and r.attempts == 0 and r.failing_since == NOW for r in stored.values())
        assert all("injoignable" in r.last_error for r in stored.values())
        wait = unreachable_delay(now - NOW)
        assert all(r.next_attempt_at == now + wait for r in stored.values())
        assert send_pending(engine, smtp_settings, now=now + wait - timedelta(seconds=1)).retried == 0
        now += wait
    smtp_server.start()
    report = send_pending(engine, smtp_settings, now=now)
    assert report.sent == 3
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [f"porteur{n}@cabinet.fr" for n in (1, 2, 3)]
    assert all(r.failing_since is None and r.attempts == 0 for r in rows(engine).values())
    assert send_pending(engine, smtp_settings, now=now + timedelta(days=1)).sent == 0
    assert len(smtp_server.messages) == 3


def test_an_outage_longer_than_every_attempt_waits_for_the_retry_period(engine, session, smtp_server,
                                                                        smtp_settings):
    """Connection refused for 3 h, then the server is back: before, 8 attempts with their backoff
    (about 2 h) were spent and the answer failed for good. Now it waits FABRIQUE_SMTP_RETRY_HOURS."""
    row = outbox_row(session, 1)
    smtp_server.stop()
    settings = smtp_settings.model_copy(update={"smtp_max_attempts": 8})
    now = NOW
    while now <= NOW + timedelta(hours=3):
        send_pending(engine, settings, now=now)
        now += timedelta(minutes=1)
    stored = rows(engine)[row.id]
    assert (stored.status, stored.attempts) == ("pending", 0)
    smtp_server.start()
    while rows(engine)[row.id].status == "pending" and now <= NOW + timedelta(hours=4):
        send_pending(engine, settings, now=now)
        now += timedelta(minutes=1)
    assert rows(engine)[row.id].status == "sent" and len(smtp_server.messages) == 1
    # past the retry period, an answer fails (for `outbox retry`), and says how long it waited
    late = outbox_row(session, 2)
    smtp_server.stop()
    for hours in (0, 47, 48):
        send_pending(engine, settings, now=now + timedelta(hours=hours))
    stored = rows(engine)[late.id]
    assert stored.status == "failed" and stored.attempts == 0 and "en attente depuis 48 h" in stored.last_error


def test_a_421_closing_the_connection_spends_no_attempt(engine, session, smtp_server, smtp_settings):
    from notify.sender import unreachable_delay

    row = outbox_row(session, 1)
    smtp_server.fail_next(1, 421, "4.3.2 Service indisponible")
    report = send_pending(engine, smtp_settings, now=NOW)
    stored = rows(engine)[row.id]
    assert report.retried == 1 and (stored.status, stored.attempts, stored.failing_since) == ("pending", 0, NOW)
    assert send_pending(engine, smtp_settings, now=NOW + unreachable_delay(timedelta(0))).sent == 1


def test_4xx_is_retried_5xx_fails(engine, session, smtp_server, smtp_settings):
    r1, r2, r3 = outbox_row(session, 1), outbox_row(session, 2), outbox_row(session, 3)
    smtp_server.fail_next(1, 451)
    smtp_server.fail_next(1, 550, "5.7.1 Refusé pour politique")
    report = send_pending(engine, smtp_settings, now=NOW)
    assert (report.sent, report.retried, report.failed) == (1, 1, 1)
    stored = rows(engine)
    assert stored[r1.id].status == "pending" and stored[r1.id].attempts == 1
    assert stored[r1.id].next_attempt_at == NOW + timedelta(minutes=1)
    assert stored[r1.id].last_error.startswith("451")
    assert stored[r2.id].status == "failed" and stored[r2.id].last_error.startswith("550")
    assert stored[r3.id].status == "sent"
    report = send_pending(engine, smtp_settings, now=NOW + timedelta(minutes=1))
    assert (report.sent, report.failed) == (1, 0)
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [r1.to_addr, r3.to_addr]


def test_recipient_refusals(engine, session, smtp_server, smtp_settings):
    r1, r2 = outbox_row(session, 1), outbox_row(session, 2)
    smtp_server.refuse_rcpt[r1.to_addr] = "550 5.1.1 Utilisateur inconnu"
    smtp_server.refuse_rcpt[r2.to_addr] = "450 4.2.1 Boîte occupée"
    report = send_pending(engine, smtp_settings, now=NOW)
    assert (report.sent, report.retried, report.failed) == (0, 1, 1)
    stored = rows(engine)
    assert stored[r1.id].status == "failed" and "550" in stored[r1.id].last_error
    assert stored[r2.id].status == "pending"


def test_dropped_connection_is_retried_and_sent_once(engine, session, smtp_server, smtp_settings):
    r1, r2 = outbox_row(session, 1), outbox_row(session, 2)
    smtp_server.drop_next(1)
    report = send_pending(engine, smtp_settings, now=NOW)
    assert (report.sent, report.retried) == (1, 1)
    assert rows(engine)[r1.id].status == "pending"
    assert send_pending(engine, smtp_settings, now=NOW + timedelta(minutes=1)).sent == 1
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [r1.to_addr, r2.to_addr]


def test_attempts_exhausted_fail(engine, session, smtp_server, smtp_settings):
    row = outbox_row(session, 1)
    smtp_server.fail_next(10, 451, "4.7.1 Réessayez plus tard")
    now = NOW
    for attempt in range(1, smtp_settings.smtp_max_attempts + 1):
        send_pending(engine, smtp_settings, now=now)
        now += backoff(attempt)
    stored = rows(engine)[row.id]
    assert stored.status == "failed" and stored.attempts == smtp_settings.smtp_max_attempts
    assert smtp_server.messages == []


def test_backoff_is_capped():
    assert backoff(1) == timedelta(minutes=1)
    assert backoff(3) == timedelta(minutes=4)
    assert backoff(20) == timedelta(hours=1)


def test_crash_after_acceptance_is_not_resent_when_in_sent_folder(engine, session, smtp_server, smtp_settings):
    # The process died after the server accepted the message and before "sent" was committed.
    row = outbox_row(session, 1, status="sending", next_attempt_at=NOW - timedelta(hours=1))
    box = FakeSentBox({row.message_id})
    report = send_pending(engine, smtp_settings, sent_box=box, now=NOW)
    assert report.recovered == 1 and report.sent == 0
    assert rows(engine)[row.id].status == "sent"
    assert smtp_server.messages == [] and box.appended == []


def test_crash_before_acceptance_is_resent(engine, session, smtp_server, smtp_settings):
    row = outbox_row(session, 1, status="sending", next_attempt_at=NOW - timedelta(hours=1))
    report = send_pending(engine, smtp_settings, sent_box=FakeSentBox(), now=NOW)
    assert report.sent == 1 and rows(engine)[row.id].status == "sent"
    assert len(smtp_server.messages) == 1


def test_crash_without_sent_box_resends(engine, session, smtp_server, smtp_settings):
    outbox_row(session, 1, status="sending", next_attempt_at=NOW - timedelta(hours=1))
    assert send_pending(engine, smtp_settings, now=NOW).sent == 1


def test_fresh_claim_of_another_run_is_left_alone(engine, session, smtp_server, smtp_settings):
    row = outbox_row(session, 1, status="sending", next_attempt_at=NOW - timedelta(seconds=10))
    assert send_pending(engine, smtp_settings, now=NOW).sent == 0
    assert rows(engine)[row.id].status == "sending"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login(engine, session, settings):
    with SmtpServer(users={"fabrique": "s3cret-mot"}) as server:
        s = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": server.port,
                                        "smtp_security": "none", "smtp_user": "fabrique",
                                        "smtp_password": SecretStr("s3cret-mot")})
        outbox_row(session, 1)
        assert send_pending(engine, s, now=NOW).sent == 1
        assert server.messages[0].login == "fabrique"
        # a wrong password: retried, and the password is never written down
        bad = s.model_copy(update={"smtp_password": SecretStr("mauvais-mdp")})
        row = outbox_row(session, 2)
        report = send_pending(engine, bad, now=NOW)
        assert report.retried == 1
        stored = rows(engine)[row.id]
        assert "authentification" in stored.last_error and "mauvais-mdp" not in stored.last_error


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_xoauth2(engine, session, settings):
    with SmtpServer(tokens={"jeton-valide"}) as server:
        s = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": server.port,
                                        "smtp_security": "none", "smtp_auth": "xoauth2",
                                        "smtp_user": "fabrique@anact.fr"})
        outbox_row(session, 1)
        assert send_pending(engine, s, now=NOW, token_provider=lambda: "jeton-valide").sent == 1
        assert server.messages[0].login == "fabrique@anact.fr"
        row = outbox_row(session, 2)
        assert send_pending(engine, s, now=NOW, token_provider=lambda: "jeton-expire").retried == 1
        assert "jeton-expire" not in rows(engine)[row.id].last_error


def test_starttls_is_required_when_configured(engine, session, smtp_server, smtp_settings):
    # The loopback server offers no STARTTLS: with smtp_security="starttls" nothing goes in clear.
    s = smtp_settings.model_copy(update={"smtp_security": "starttls"})
    row = outbox_row(session, 1)
    assert send_pending(engine, s, now=NOW).retried == 1
    assert smtp_server.messages == [] and "STARTTLS" in rows(engine)[row.id].last_error.upper()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    from tests.servers.smtp import make_certificate

    try:
        return make_certificate(tmp_path_factory.mktemp("tls"))
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"no test certificate: {exc}")


@pytest.mark.parametrize("mode,security", [("starttls", "starttls"), ("implicit", "ssl")])
def test_tls_certificate_is_checked(engine, session, settings, certificate, monkeypatch, mode, security):
    with SmtpServer(tls=mode, cert=certificate) as server:
        s = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": server.port,
                                        "smtp_security": security})
        row = outbox_row(session, 1)
        # self-signed and unknown: refused, nothing goes out, retried later
        assert send_pending(engine, s, now=NOW).retried == 1
        assert server.messages == [] and "CERTIFICATE" in rows(engine)[row.id].last_error.upper()
        # once the certificate is trusted, the same settings deliver over TLS
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
        assert send_pending(engine, s, now=NOW + timedelta(minutes=1)).sent == 1
        assert len(server.messages) == 1
