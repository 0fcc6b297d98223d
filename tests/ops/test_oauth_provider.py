"""The token provider on its own: caching, refresh before expiry, failures, settings."""
from __future__ import annotations

import sys
import threading
import time

import pytest
from pydantic import SecretStr

from config.settings import ConfigError
from service.oauth import (ClientCredentialsGrant, CommandGrant, MsalGrant, RefreshTokenGrant, TokenProvider,
                           TokenRefused, TokenUnavailable, grant_for, post_form, token_provider_for)
from tests.servers.dovecot import free_port
from tests.servers.oauth_issuer import OAuthIssuer


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Grant:
    """Hands out tok-1, tok-2, ... with `lifetime`; raises what `fail` holds instead."""

    def __init__(self, lifetime=3600.0):
        self.lifetime, self.calls, self.fail, self.delay = lifetime, 0, None, 0.0

    def fetch(self):
        time.sleep(self.delay)
        self.calls += 1
        if self.fail is not None:
            raise self.fail
        return f"tok-{self.calls}", self.lifetime


@pytest.fixture(scope="module")
def issuer():
    with OAuthIssuer() as server:
        yield server


def test_token_is_cached_and_refreshed_before_expiry():
    clock, grant = Clock(), Grant(lifetime=3600)
    provider = TokenProvider(grant, clock=clock)
    assert provider() == "tok-1" and provider() == "tok-1"
    clock.now += 3600 - 301  # more than 5 minutes left: kept
    assert provider() == "tok-1"
    clock.now += 2  # less than 5 minutes left: renewed
    assert provider() == "tok-2" and grant.calls == 2
    short = TokenProvider(Grant(lifetime=10), clock=clock)  # short-lived: a tenth of its life ahead
    assert short() == "tok-1"
    clock.now += 8.9
    assert short() == "tok-1"
    clock.now += 0.2
    assert short() == "tok-2"


def test_invalidate_forces_a_new_token():
    provider = TokenProvider(Grant())
    assert provider() == "tok-1"
    provider.invalidate()
    assert provider() == "tok-2"


def test_one_fetch_for_many_threads_at_once():
    grant = Grant()
    grant.delay = 0.2
    provider = TokenProvider(grant)
    got = []
    threads = [threading.Thread(target=lambda: got.append(provider())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == ["tok-1"] * 8 and grant.calls == 1


def test_a_failure_is_not_asked_again_during_the_holdoff():
    clock, grant = Clock(), Grant()
    grant.fail = TokenRefused("Autorisation OAuth2 refusée")
    provider = TokenProvider(grant, clock=clock, failure_holdoff=15)
    for _ in range(5):
        with pytest.raises(TokenRefused, match="refusée"):
            provider()
    assert grant.calls == 1
    clock.now += 16
    grant.fail = None
    assert provider() == "tok-2" and grant.calls == 2


def test_an_unreachable_endpoint_during_early_refresh_keeps_the_valid_token():
    clock, grant = Clock(), Grant(lifetime=3600)
    provider = TokenProvider(grant, clock=clock, failure_holdoff=15)
    assert provider() == "tok-1"
    clock.now += 3400  # in the refresh margin, not expired
    grant.fail = TokenUnavailable("serveur de jetons injoignable")
    assert provider() == "tok-1" and provider() == "tok-1"
    assert grant.calls == 2  # asked once, then left alone for the holdoff
    clock.now += 300  # expired now: the failure shows
    with pytest.raises(TokenUnavailable):
        provider()


def test_unexpected_errors_become_typed_and_config_errors_refusals():
    grant = Grant()
    grant.fail = KeyError("access_token")
    with pytest.raises(TokenUnavailable, match="KeyError"):
        TokenProvider(grant)()
    grant.fail = ConfigError("FABRIQUE_OAUTH_TOKEN_FILE : fichier /x introuvable")
    with pytest.raises(TokenRefused, match="FABRIQUE_OAUTH_TOKEN_FILE"):
        TokenProvider(grant)()


# --- settings -------------------------------------------------------------------------------------

def test_no_provider_without_xoauth2_and_one_shared_provider_per_credentials(tmp_settings):
    assert token_provider_for(tmp_settings) is None
    settings = tmp_settings.model_copy(update=dict(
        imap_auth="xoauth2", oauth_provider="microsoft", oauth_tenant="contoso", oauth_client_id="app",
        oauth_client_secret=SecretStr("s"), imap_user="boite@contoso.fr"))
    provider = token_provider_for(settings)
    assert isinstance(provider.grant, MsalGrant) and provider.grant.scopes == ["https://outlook.office365.com/.default"]
    assert token_provider_for(settings.model_copy()) is provider  # the poller, the outbox, the Sent folder
    other = token_provider_for(settings.model_copy(update={"oauth_client_secret": SecretStr("t")}))
    assert other is not provider


@pytest.mark.parametrize("update, setting", [
    ({"oauth_provider": None}, "FABRIQUE_OAUTH_PROVIDER"),
    ({"oauth_client_id": None}, "FABRIQUE_OAUTH_CLIENT_ID"),
    ({"oauth_tenant": None}, "FABRIQUE_OAUTH_TENANT"),
    ({"oauth_client_secret": None}, "FABRIQUE_OAUTH_CLIENT_SECRET"),
    ({"oauth_token_url": "http://login.example.org/token"}, "FABRIQUE_OAUTH_TOKEN_URL"),
    ({"oauth_provider": "google"}, "FABRIQUE_OAUTH_REFRESH_TOKEN_FILE"),
    ({"oauth_provider": "command"}, "FABRIQUE_OAUTH_TOKEN_COMMAND"),
    ({"oauth_provider": "file"}, "FABRIQUE_OAUTH_TOKEN_FILE"),
])
def test_a_missing_or_wrong_setting_is_named(tmp_settings, update, setting):
    values = dict(smtp_auth="xoauth2", oauth_provider="microsoft", oauth_tenant="contoso", oauth_client_id="app",
                  oauth_client_secret=SecretStr("s"))
    settings = tmp_settings.model_copy(update={**values, **update})
    with pytest.raises(ConfigError, match=setting):
        token_provider_for(settings)


def test_which_grant_for_which_settings(tmp_settings, tmp_path):
    base = tmp_settings.model_copy(update=dict(imap_auth="xoauth2", oauth_client_id="app", oauth_tenant="contoso"))
    ms = base.model_copy(update={"oauth_provider": "microsoft", "oauth_token_url": "https://sts.example.org/token"})
    assert isinstance(grant_for(ms, "s"), ClientCredentialsGrant)
    delegated = grant_for(ms.model_copy(update={"oauth_token_url": None, "oauth_refresh_token_file": tmp_path / "rt"}),
                          None)
    assert isinstance(delegated, RefreshTokenGrant)
    assert delegated.token_url == "https://login.microsoftonline.com/contoso/oauth2/v2.0/token"
    google = grant_for(base.model_copy(update={"oauth_provider": "google", "oauth_refresh_token_file": tmp_path / "rt"}),
                       '{"installed": {"client_id": "x.apps.googleusercontent.com", "client_secret": "gs"}}')
    assert isinstance(google, RefreshTokenGrant) and google.token_url == "https://oauth2.googleapis.com/token"
    assert google.scope == "https://mail.google.com/"


# --- grants against the local issuer ------------------------------------------------------------------

def test_refresh_token_shared_by_two_processes_survives_rotation(issuer, tmp_path):
    issuer.add_client("partage", "s", "boite")
    path = tmp_path / "rt"
    path.write_text(issuer.issue_refresh_token("partage", "boite"))
    path.chmod(0o600)
    service, command = (RefreshTokenGrant(issuer.token_url, "partage", "s", None, path) for _ in range(2))
    tokens = [g.fetch()[0] for g in (service, command, service, command)]  # each spends the other's
    assert all(issuer.is_active(t) for t in tokens) and len(set(tokens)) == 4


def test_token_endpoint_unreachable_or_refusing(issuer):
    with pytest.raises(TokenUnavailable, match="injoignable"):
        post_form(f"http://127.0.0.1:{free_port()}/token", {"grant_type": "client_credentials"})
    with pytest.raises(TokenRefused, match="invalid_client"):
        ClientCredentialsGrant(issuer.token_url, "inconnu", "x", None).fetch()


def test_command_output_plain_or_json_and_its_failures():
    json_cmd = f"""{sys.executable} -c 'print("{{\\"access_token\\": \\"abc\\", \\"expires_in\\": 120}}")'"""
    assert CommandGrant(json_cmd).fetch() == ("abc", 120.0)
    assert CommandGrant("echo jeton-123").fetch() == ("jeton-123", None)
    with pytest.raises(TokenUnavailable, match=r"a échoué \(code 3\) : plus de jeton"):
        CommandGrant(f"""{sys.executable} -c 'import sys; sys.stderr.write("plus de jeton\\n"); sys.exit(3)'""").fetch()
    with pytest.raises(TokenRefused, match="impossible à lancer"):
        CommandGrant("/nonexistent/token-helper").fetch()
