"""Helpers of the operations tests."""
from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlencode, urlparse

from pydantic import SecretStr


def app_settings(server, issuer, base, **overrides):
    user, _ = server.add_user()
    client_id, secret = f"app-{user}", f"secret-{user}"
    issuer.add_client(client_id, secret, user)
    values = dict(imap_host=server.host, imap_port=server.port, imap_user=user, imap_password=None,
                  imap_auth="xoauth2", oauth_provider="microsoft", oauth_client_id=client_id,
                  oauth_client_secret=SecretStr(secret), oauth_token_url=issuer.token_url)
    values.update(overrides)
    return base.model_copy(update=values)


class LoopbackHttp:
    """msal's http_client: https://login.microsoftonline.com/... answered by the local issuer.

    Any other address is refused and recorded in `foreign`: the test never reaches the internet.
    """

    def __init__(self, issuer):
        self.issuer = issuer
        self.foreign: list[str] = []
        self.calls: list[tuple[str, str]] = []

    def get(self, url, params=None, headers=None, **kwargs):
        return self._send("GET", url, params, None, headers)

    def post(self, url, params=None, data=None, headers=None, **kwargs):
        return self._send("POST", url, params, data, headers)

    def close(self):
        pass

    def _send(self, method, url, params, data, headers):
        parsed = urlparse(url)
        if parsed.netloc != "login.microsoftonline.com":
            self.foreign.append(url)
            raise ConnectionError(f"not reachable in tests: {url}")
        self.calls.append((method, parsed.path))
        query = "&".join(filter(None, [parsed.query, urlencode(params or {})]))
        local = self.issuer.url + parsed.path + (f"?{query}" if query else "")
        body = urlencode(data).encode() if isinstance(data, dict) else (data.encode() if isinstance(data, str) else data)
        request = urllib.request.Request(local, data=body, method=method, headers=dict(headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return _Response(answer.status, answer.read().decode(), dict(answer.headers))
        except urllib.error.HTTPError as exc:
            return _Response(exc.code, exc.read().decode(), dict(exc.headers))


class _Response:
    def __init__(self, status_code, text, headers):
        self.status_code, self.text, self.headers = status_code, text, headers

    def raise_for_status(self):
        if self.status_code >= 400:
            raise RuntimeError(f"HTTP {self.status_code}")


class IssuerTokens:
    """For SmtpServer(tokens=...): a token is accepted while the issuer says it is active."""

    def __init__(self, issuer):
        self.issuer = issuer

    def __contains__(self, token) -> bool:
        return self.issuer.is_active(token)

    def __bool__(self) -> bool:
        return True

