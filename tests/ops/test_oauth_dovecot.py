"""XOAUTH2 against a real Dovecot whose oauth2 passdb introspects tokens at a local issuer.

Nothing here reaches the internet: the token endpoint, the introspection endpoint and, for
msal, login.microsoftonline.com are all answered by tests/servers/oauth_issuer.py on loopback.
"""
from __future__ import annotations

import email
import email.policy
import json
import stat
import threading
import time

import pytest
from sqlmodel import Session, select

from ingest.errors import AuthenticationFailed
from service.oauth import (MsalGrant, TokenProvider, TokenRefused, grant_for, imap_opener, mailbox_factory,
                           token_provider_for)
from service.poll import poll_once, run_poller
from store.models import Alert, Message, Outbox
from tests.ingest.imaphelp import append_mails, count, cursor_of, wait_until
from tests.ops.opshelp import IssuerTokens, LoopbackHttp, app_settings


def _refresh_token_file(tmp_path, token: str):
    path = tmp_path / "secrets" / "refresh-token"
    path.parent.mkdir(mode=0o700)
    path.write_text(token + "\n")
    path.chmod(0o600)
    return path


# --- logging in, refreshing ------------------------------------------------------------------

def test_the_service_logs_in_with_a_token_it_obtained(oauth_dovecot, issuer, oauth_settings, engine):
    append_mails(oauth_dovecot, oauth_settings, 2)
    seen = issuer.introspections
    report = poll_once(engine, oauth_settings, imap_opener(oauth_settings))  # as `poll --once` does
    assert (report.new, report.errors) == (2, [])
    provider = token_provider_for(oauth_settings)
    assert provider.fetches == 1 and issuer.introspections == seen + 1  # one login, accepted at once
    assert issuer.is_active(provider())  # the token Dovecot accepted came from the issuer


def test_a_token_that_expires_mid_run_is_refreshed_before_use(oauth_dovecot, issuer, oauth_settings, engine):
    issuer.lifetime = 2.0
    provider = token_provider_for(oauth_settings)
    factory = mailbox_factory(provider)
    append_mails(oauth_dovecot, oauth_settings, 1, tag="avant")
    assert poll_once(engine, oauth_settings, factory).new == 1
    first = provider()
    append_mails(oauth_dovecot, oauth_settings, 1, tag="apres")
    time.sleep(2.2)
    assert not issuer.is_active(first)  # Dovecot would now refuse it
    seen = issuer.introspections
    report = poll_once(engine, oauth_settings, factory)
    assert (report.new, report.errors) == (1, [])
    assert provider.fetches == 2 and provider() != first
    assert issuer.introspections == seen + 1  # refreshed before the login, not after a refusal


def test_a_token_refused_by_the_server_is_renewed_and_the_login_tried_once_more(
        oauth_dovecot, issuer, oauth_settings, engine):
    provider = token_provider_for(oauth_settings)
    factory = mailbox_factory(provider)
    assert poll_once(engine, oauth_settings, factory).errors == []
    issuer.revoke_access_tokens()  # the cached token is still "fresh" for the service
    append_mails(oauth_dovecot, oauth_settings, 1)
    seen = issuer.introspections
    report = poll_once(engine, oauth_settings, factory)
    assert (report.new, report.errors) == (1, [])
    assert provider.fetches == 2 and issuer.introspections == seen + 2  # refused, then accepted


def test_an_app_without_rights_on_the_mailbox_is_told_clearly_after_one_retry(
        oauth_dovecot, issuer, oauth_settings):
    issuer.deny_user(oauth_settings.imap_user)  # tokens are issued, the mailbox refuses them
    provider = TokenProvider(grant_for(oauth_settings, oauth_settings.oauth_client_secret.get_secret_value()))
    seen = issuer.introspections
    with pytest.raises(AuthenticationFailed, match="jeton OAuth2 tout neuf est refusé") as caught:
        mailbox_factory(provider)(oauth_settings)
    assert "Microsoft 365 / Google" in str(caught.value)
    assert issuer.introspections == seen + 2 and provider.fetches == 2  # retried once, not more


# --- a revoked authorisation ----------------------------------------------------------------------

def test_a_revoked_grant_is_recorded_alerts_staff_and_never_crash_loops(
        oauth_dovecot, issuer, oauth_settings, engine, tmp_path):
    from service.alerts import check_mailbox
    from service.runtime import open_runtime

    settings = oauth_settings.model_copy(update={"mailbox_alert_after": 0, "digest_to": "equipe@anact.fr"})
    factory = imap_opener(settings)
    assert poll_once(engine, settings, factory).errors == []
    issuer.revoke_client(settings.oauth_client_id)  # secret deleted in Entra: every grant fails

    with pytest.raises(TokenRefused):
        poll_once(engine, settings, factory)
    cursor = cursor_of(engine, settings)
    assert cursor.failing_since is not None
    assert "Autorisation OAuth2 refusée" in cursor.last_error and "invalid_client" in cursor.last_error
    assert "révoquée" in cursor.last_error and settings.oauth_client_secret.get_secret_value() not in cursor.last_error

    rt = open_runtime(settings)
    assert check_mailbox(rt) == "opened"
    assert check_mailbox(rt) is None  # staff are told once
    with Session(rt.engine) as s:
        alert = s.exec(select(Alert)).one()
        mail = s.exec(select(Outbox).where(Outbox.kind == "alert")).one()
    assert "Autorisation OAuth2 refusée" in alert.detail
    assert mail.to_addr == "equipe@anact.fr" and "injoignable" in mail.subject
    body = email.message_from_bytes(mail.raw, policy=email.policy.default).get_content()
    assert "Autorisation OAuth2 refusée" in body

    # the service keeps trying, spaced out by the backoff: no crash, no loop
    calls = []

    def counting(s):
        calls.append(time.monotonic())
        return factory(s)

    stop = threading.Event()
    asked = issuer.token_requests
    thread = threading.Thread(target=run_poller, args=(engine, settings, stop, lambda: None),
                              kwargs=dict(mailbox_factory=counting, backoff_initial=0.2, backoff_cap=1.0),
                              daemon=True)
    thread.start()
    time.sleep(3.0)
    assert thread.is_alive()
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
    assert 2 <= len(calls) <= 6  # 0.2 + 0.4 + 0.8 + 1 + 1 s apart (±20 %)
    assert issuer.token_requests - asked <= 1  # and a refused grant is not asked again for 15 s
    assert "Autorisation OAuth2 refusée" in cursor_of(engine, settings).last_error


# --- the other sources of tokens ---------------------------------------------------------------------

def test_google_refresh_token_is_rotated_and_persisted_owner_only(oauth_dovecot, issuer, tmp_settings, engine,
                                                                     tmp_path):
    settings = app_settings(oauth_dovecot, issuer, tmp_settings, oauth_provider="google")
    first = issuer.issue_refresh_token(settings.oauth_client_id, settings.imap_user)
    path = _refresh_token_file(tmp_path, first)
    settings = settings.model_copy(update={"oauth_refresh_token_file": path})
    append_mails(oauth_dovecot, settings, 1)
    assert poll_once(engine, settings, imap_opener(settings)).new == 1

    rotated = path.read_text().strip()
    assert rotated != first and rotated in issuer.refresh and first not in issuer.refresh
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["refresh-token", "refresh-token.lock"]
    # a restarted service reads the rotated token from the file
    restarted = TokenProvider(grant_for(settings, settings.oauth_client_secret.get_secret_value()))
    assert issuer.is_active(restarted()) and path.read_text().strip() not in (first, rotated)

    issuer.revoke_refresh_tokens()  # consent withdrawn
    with pytest.raises(TokenRefused, match="invalid_grant"):
        TokenProvider(grant_for(settings, settings.oauth_client_secret.get_secret_value()))()


def test_google_service_account_with_domain_wide_delegation(oauth_dovecot, issuer, tmp_settings, engine,
                                                           tmp_path, monkeypatch):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    email = "intake@fabrique-test.iam.gserviceaccount.com"
    issuer.add_service_account(email, public)
    key_file = tmp_path / "service-account.json"
    key_file.write_text(json.dumps({"type": "service_account", "client_email": email, "private_key": pem,
                                    "private_key_id": "k1", "token_uri": issuer.token_url}))
    key_file.chmod(0o600)
    monkeypatch.setenv("FABRIQUE_OAUTH_CLIENT_SECRET_FILE", str(key_file))
    user, _ = oauth_dovecot.add_user()
    settings = tmp_settings.model_copy(update=dict(
        imap_host=oauth_dovecot.host, imap_port=oauth_dovecot.port, imap_user=user, imap_auth="xoauth2",
        oauth_provider="google", oauth_token_url=None))
    append_mails(oauth_dovecot, settings, 1)
    assert poll_once(engine, settings, imap_opener(settings)).new == 1  # the token's subject is the mailbox


def test_msal_client_credentials_against_a_local_authority(oauth_dovecot, issuer, oauth_settings, engine):
    http = LoopbackHttp(issuer)
    grant = MsalGrant("fabrique-test", oauth_settings.oauth_client_id,
                      oauth_settings.oauth_client_secret.get_secret_value(),
                      "https://outlook.office365.com/.default", http_client=http)
    provider = TokenProvider(grant)
    append_mails(oauth_dovecot, oauth_settings, 1)
    assert poll_once(engine, oauth_settings, mailbox_factory(provider)).new == 1
    assert http.foreign == []
    assert ("GET", "/fabrique-test/v2.0/.well-known/openid-configuration") in http.calls
    assert ("POST", "/fabrique-test/oauth2/v2.0/token") in http.calls
    asked = issuer.token_requests
    provider.invalidate()  # drops msal's cache too
    assert issuer.is_active(provider()) and issuer.token_requests == asked + 1

    issuer.revoke_client(oauth_settings.oauth_client_id)
    provider.invalidate()
    with pytest.raises(TokenRefused, match="invalid_client"):
        provider()


def test_token_from_a_command_or_a_file(oauth_dovecot, issuer, oauth_settings, engine, tmp_path):
    token = TokenProvider(grant_for(oauth_settings, oauth_settings.oauth_client_secret.get_secret_value()))()
    token_file = tmp_path / "access-token"
    token_file.write_text(token + "\n")
    token_file.chmod(0o600)
    append_mails(oauth_dovecot, oauth_settings, 2)
    by_file = oauth_settings.model_copy(update={"oauth_provider": "file", "oauth_token_file": token_file,
                                                "imap_batch": 1})
    assert poll_once(engine, by_file, imap_opener(by_file)).new == 2
    append_mails(oauth_dovecot, oauth_settings, 1, tag="cmd")
    by_command = oauth_settings.model_copy(update={
        "oauth_provider": "command", "oauth_token_command": f"cat '{token_file}'"})
    assert poll_once(engine, by_command, imap_opener(by_command)).new == 1

    token_file.chmod(0o644)  # a token readable by others is refused, naming the setting
    with pytest.raises(TokenRefused, match="FABRIQUE_OAUTH_TOKEN_FILE.*chmod 600"):
        TokenProvider(grant_for(by_file, None))()


# --- SMTP and the whole service -----------------------------------------------------------------------

def test_outbox_sends_with_xoauth2_and_copies_to_sent_with_the_same_token(oauth_dovecot, issuer, oauth_settings):
    from service.jobs import flush_outbox
    from service.runtime import open_runtime
    from tests.servers.smtp import SmtpServer

    with SmtpServer(tokens=IssuerTokens(issuer)) as smtp:
        settings = oauth_settings.model_copy(update=dict(
            smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none", smtp_auth="xoauth2",
            smtp_user=oauth_settings.imap_user))
        rt = open_runtime(settings)
        raw = (b"From: fabrique@anact.fr\r\nTo: candidat@example.org\r\nSubject: Accus\xc3\xa9 de r\xc3\xa9ception\r\n"
               b"Message-ID: <ack-oauth@anact.fr>\r\n\r\nBonjour.\r\n")
        with Session(rt.engine) as s:
            s.add(Outbox(dedupe_key="k1", kind="acknowledgement", to_addr="candidat@example.org",
                         subject="Accusé", message_id="<ack-oauth@anact.fr>", raw=raw))
            s.commit()
        asked = issuer.token_requests
        report = flush_outbox(rt)
        assert report.sent == 1 and smtp.messages[0].login == settings.imap_user
        assert issuer.token_requests - asked == 1  # SMTP and the Sent folder share one token
        with oauth_dovecot.client(settings.imap_user) as c:
            c.select_folder("Envoyés", readonly=True)
            assert len(c.search(["HEADER", "Message-ID", "<ack-oauth@anact.fr>"])) == 1

        issuer.revoke_client(settings.oauth_client_id)
        token_provider_for(settings).invalidate()
        with Session(rt.engine) as s:
            s.add(Outbox(dedupe_key="k2", kind="acknowledgement", to_addr="candidat@example.org",
                         subject="Accusé", message_id="<ack-oauth-2@anact.fr>", raw=raw.replace(b"ack-oauth", b"ack2")))
            s.commit()
        report = flush_outbox(rt)  # no exception: the answer waits, saying why
        assert (report.sent, report.retried) == (0, 1)
        with Session(rt.engine) as s:
            row = s.exec(select(Outbox).where(Outbox.dedupe_key == "k2")).one()
        assert row.status == "pending" and "Autorisation OAuth2 refusée" in row.last_error


def test_run_polls_with_oauth_and_refuses_to_start_without_its_settings(oauth_dovecot, issuer, oauth_settings,
                                                                          capsys):
    from service.runtime import open_runtime
    from service.scheduler import serve

    rt = open_runtime(oauth_settings.model_copy(update={"poll_interval": 1}))
    append_mails(oauth_dovecot, oauth_settings, 1)
    stop = threading.Event()
    done = []
    thread = threading.Thread(target=lambda: done.append(serve(rt, stop)), daemon=True)
    thread.start()
    try:
        assert wait_until(lambda: count(rt.engine, Message) == 1, 10)
    finally:
        stop.set()
        thread.join(30)
    assert done == [0]

    broken = open_runtime(oauth_settings.model_copy(update={"oauth_client_id": None}))
    assert serve(broken, threading.Event()) == 2
    err = capsys.readouterr().err
    assert "FABRIQUE_OAUTH_CLIENT_ID" in err and len(err.strip().splitlines()) == 1
