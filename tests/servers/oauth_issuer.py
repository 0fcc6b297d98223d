"""An OAuth2 token issuer on loopback, for tests (http.server in a thread).

    issuer = OAuthIssuer(lifetime=2.0).start()
    issuer.add_client("app", "secret", username="user001")    # client_credentials -> tokens for user001
    rt = issuer.issue_refresh_token("app", "user001")         # refresh_token grant, rotated at each use
    issuer.add_service_account("sa@x", public_key_pem)        # JWT-bearer grant (Google service accounts)
    issuer.revoke_client("app") / revoke_refresh_tokens() / revoke_access_tokens() / deny_user("user001")
    issuer.stop()

Endpoints:
- POST /token (and /<tenant>/oauth2/v2.0/token): grants client_credentials, refresh_token and
  urn:ietf:params:oauth:grant-type:jwt-bearer; short-lived access tokens (`lifetime` seconds);
  errors as RFC 6749 JSON (`invalid_client` 401, `invalid_grant` 400).
- POST /introspect (RFC 7662, form field `token`): `{"active": true, "username": ...}` only for an
  unexpired, unrevoked token of a user not denied; else `{"active": false}`. Dovecot's oauth2
  passdb calls it with `introspection_mode = post`.
- GET /<tenant>/v2.0/.well-known/openid-configuration: what msal reads before a token request,
  naming https://login.microsoftonline.com/<tenant>/... endpoints (tests route them here), and
  GET /common/discovery/instance, where msal looks up the host's aliases after an error.
Counters (`token_requests`, `introspections`) let tests bound how often the service asks.
"""
from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
MICROSOFT = "https://login.microsoftonline.com"


@dataclass
class Issued:
    username: str
    expires_at: float
    revoked: bool = False


class OAuthIssuer:
    host = "127.0.0.1"

    def __init__(self, lifetime: float = 3600.0):
        self.lifetime = lifetime
        self.clients: dict[str, tuple[str | None, str]] = {}  # client_id -> (secret, username)
        self.service_accounts: dict[str, str] = {}  # client_email -> public key PEM
        self.access: dict[str, Issued] = {}
        self.refresh: dict[str, tuple[str, str]] = {}  # refresh token -> (client_id, username)
        self.denied: set[str] = set()  # users whose tokens introspect as inactive (no mailbox right)
        self.token_requests = 0
        self.introspections = 0
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle ------------------------------------------------------------------
    def start(self) -> "OAuthIssuer":
        owner = self

        class Handler(_Handler):
            issuer = owner

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="oauth-issuer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "OAuthIssuer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self._server.server_address[1]}"

    @property
    def token_url(self) -> str:
        return self.url + "/token"

    @property
    def introspection_url(self) -> str:
        return self.url + "/introspect"

    # --- arranging -------------------------------------------------------------------
    def add_client(self, client_id: str, secret: str | None, username: str) -> None:
        with self.lock:
            self.clients[client_id] = (secret, username)

    def add_service_account(self, client_email: str, public_key_pem: str) -> None:
        with self.lock:
            self.service_accounts[client_email] = public_key_pem

    def issue_refresh_token(self, client_id: str, username: str) -> str:
        token = "rt-" + secrets.token_urlsafe(16)
        with self.lock:
            self.refresh[token] = (client_id, username)
        return token

    def revoke_client(self, client_id: str) -> None:
        """The app registration is deleted or its secret revoked: every grant of it fails."""
        with self.lock:
            self.clients.pop(client_id, None)
            self.refresh = {t: v for t, v in self.refresh.items() if v[0] != client_id}
            for issued in self.access.values():
                issued.revoked = True

    def revoke_refresh_tokens(self) -> None:
        with self.lock:
            self.refresh.clear()

    def revoke_access_tokens(self) -> None:
        """Access tokens already issued stop working; grants still give new ones."""
        with self.lock:
            for issued in self.access.values():
                issued.revoked = True

    def deny_user(self, username: str) -> None:
        with self.lock:
            self.denied.add(username)

    def is_active(self, token: str) -> bool:
        with self.lock:
            issued = self.access.get(token)
            return bool(issued and not issued.revoked and issued.expires_at > time.time()
                        and issued.username not in self.denied)

    def username_of(self, token: str) -> str | None:
        with self.lock:
            issued = self.access.get(token)
            return issued.username if issued else None

    # --- grants ----------------------------------------------------------------------
    def _grant(self, form: dict[str, str], basic: tuple[str, str] | None) -> tuple[int, dict]:
        with self.lock:
            self.token_requests += 1
        grant = form.get("grant_type")
        client_id, secret = basic or (form.get("client_id"), form.get("client_secret"))
        if grant == JWT_BEARER:
            username = self._check_assertion(form.get("assertion", ""))
            if username is None:
                return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
            return 200, self._issue(username)
        with self.lock:
            client = self.clients.get(client_id or "")
        if client is None or (client[0] is not None and client[0] != secret):
            return 401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret."}
        if grant == "client_credentials":
            return 200, self._issue(client[1])
        if grant == "refresh_token":
            with self.lock:
                found = self.refresh.pop(form.get("refresh_token", ""), None)
            if found is None or found[0] != client_id:
                return 400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
            body = self._issue(found[1])
            body["refresh_token"] = self.issue_refresh_token(client_id, found[1])  # rotated
            return 200, body
        return 400, {"error": "unsupported_grant_type"}

    def _issue(self, username: str) -> dict:
        token = "at-" + secrets.token_urlsafe(24)
        with self.lock:
            self.access[token] = Issued(username, time.time() + self.lifetime)
        return {"access_token": token, "token_type": "Bearer", "expires_in": max(1, int(round(self.lifetime)))}

    def _check_assertion(self, assertion: str) -> str | None:
        import jwt

        try:
            unverified = jwt.decode(assertion, options={"verify_signature": False})
            with self.lock:
                key = self.service_accounts.get(unverified.get("iss", ""))
            if key is None:
                return None
            claims = jwt.decode(assertion, key, algorithms=["RS256"], audience=self.token_url)
        except jwt.PyJWTError:
            return None
        if "https://mail.google.com/" not in claims.get("scope", "").split():
            return None
        return claims.get("sub")

    def _introspect(self, token: str) -> dict:
        with self.lock:
            self.introspections += 1
        if not self.is_active(token):
            return {"active": False}
        issued = self.access[token]
        return {"active": True, "username": issued.username, "exp": int(issued.expires_at),
                "token_type": "Bearer"}

    def _openid(self, tenant: str) -> dict:
        base = f"{MICROSOFT}/{tenant}"
        return {"issuer": f"{base}/v2.0", "token_endpoint": f"{base}/oauth2/v2.0/token",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "jwks_uri": f"{base}/discovery/v2.0/keys"}


class _Handler(BaseHTTPRequestHandler):
    issuer: OAuthIssuer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = urlparse(self.path).path
        with self.issuer.lock:
            self.issuer.requests.append(("GET", path))
        parts = path.strip("/").split("/")
        if len(parts) == 4 and parts[1:] == ["v2.0", ".well-known", "openid-configuration"]:
            self._reply(200, self.issuer._openid(parts[0]))
        elif path == "/common/discovery/instance":  # msal asks for the host's aliases
            self._reply(200, {"api-version": "1.1", "metadata": [{
                "preferred_network": "login.microsoftonline.com", "preferred_cache": "login.windows.net",
                "aliases": ["login.microsoftonline.com", "login.windows.net", "sts.windows.net"]}]})
        else:
            self._reply(404, {"error": "not_found"})

    def do_POST(self) -> None:
        path = urlparse(self.path).path
        with self.issuer.lock:
            self.issuer.requests.append(("POST", path))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        if path == "/introspect":
            self._reply(200, self.issuer._introspect(form.get("token", "")))
        elif path == "/token" or path.endswith("/oauth2/v2.0/token"):
            self._reply(*self.issuer._grant(form, self._basic()))
        else:
            self._reply(404, {"error": "not_found"})

    def _basic(self) -> tuple[str, str] | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return user, password
