"""Fixtures of the operations tests: a Dovecot that checks XOAUTH2 tokens against a local issuer."""
from __future__ import annotations

import pytest

from tests.ops.opshelp import app_settings
from tests.servers.dovecot import DovecotServer, DovecotUnavailable
from tests.servers.oauth_issuer import OAuthIssuer


@pytest.fixture(scope="session")
def oauth_servers():
    """(Dovecot, issuer): Dovecot's oauth2 passdb introspects every XOAUTH2 token at the issuer."""
    issuer = OAuthIssuer().start()
    try:
        server = DovecotServer(oauth2_introspection_url=issuer.introspection_url, sent_folder_name="Envoyés",
                               pool_size=40)
        server.start()
    except DovecotUnavailable as exc:
        issuer.stop()
        pytest.skip(f"Dovecot indisponible : {exc}")
    yield server, issuer
    server.cleanup()
    issuer.stop()


@pytest.fixture
def issuer(oauth_servers):
    issuer = oauth_servers[1]
    issuer.lifetime = 3600.0
    return issuer


@pytest.fixture
def oauth_dovecot(oauth_servers):
    return oauth_servers[0]


@pytest.fixture
def oauth_settings(oauth_dovecot, issuer, tmp_settings):
    """Settings for a fresh mailbox whose app registration (client credentials) is known to the issuer."""
    return app_settings(oauth_dovecot, issuer, tmp_settings)
