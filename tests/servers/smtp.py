"""A real SMTP server on loopback for tests (aiosmtpd), with failures on demand.

    server = SmtpServer(); server.start()
    server.fail_next(2, 451)      # the next two messages get "451 4.3.0 ..." at DATA
    server.fail_next(1, 550)      # permanent refusal
    server.drop_next(1)           # the connection is cut at DATA, no reply
    server.stop(); server.start() # down for a while, back on the same port
    server.messages               # every accepted message: Received(mail_from, rcpt_tos, raw)

Optional AUTH (PLAIN/LOGIN with `users`, XOAUTH2 with `tokens`) without TLS: loopback only.
Optional TLS with a self-signed certificate for 127.0.0.1 (`make_certificate`):
tls="starttls" offers STARTTLS, tls="implicit" speaks TLS from the first byte (smtps).
"""
from __future__ import annotations

import base64
import shutil
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from email import message_from_bytes
from email.policy import default as default_policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    login: str | None = None

    @property
    def message(self):
        return message_from_bytes(self.raw, policy=default_policy)


def make_certificate(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate for `host` (openssl CLI); returns (cert, key)."""
    if shutil.which("openssl") is None:
        raise RuntimeError("openssl missing: cannot make the test certificate")
    cert, key = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return cert, key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler:
    def __init__(self, owner: "SmtpServer"):
        self.owner = owner

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refused = self.owner.refuse_rcpt.get(address.lower())
        if refused:
            return refused
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        owner = self.owner
        with owner.lock:
            owner.attempts += 1
            action = owner.failures.pop(0) if owner.failures else None
        if action == "drop":
            server.transport.abort()
            return "421 4.3.0 connection dropped"  # never reaches the client
        if action:
            return action
        raw = envelope.original_content or envelope.content
        if owner.on_accept is not None:  # e.g. file a copy in Sent, as Exchange Online and Gmail do
            owner.on_accept(bytes(raw))
        login = getattr(session, "login_data", None)
        with owner.lock:
            owner.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(raw),
                                           login.decode() if isinstance(login, bytes) else login))
        return "250 2.0.0 OK queued"

    async def auth_XOAUTH2(self, server, args):
        if len(args) < 2:
            return AuthResult(success=False, handled=False)
        try:
            text = base64.b64decode(args[1]).decode()
            fields = dict(p.split("=", 1) for p in text.split("\x01") if "=" in p)
        except Exception:
            return AuthResult(success=False, handled=False)
        token = fields.get("auth", "").removeprefix("Bearer ")
        if token in self.owner.tokens:
            return AuthResult(success=True, auth_data=LoginPassword(fields.get("user", "").encode(), b""))
        await server.challenge_auth(b'{"status":"401","schemes":"bearer"}')  # client answers empty
        return AuthResult(success=False, handled=False)


class SmtpServer:
    def __init__(self, *, users: dict[str, str] | None = None, tokens: set[str] | None = None,
                 tls: str | None = None, cert: tuple[Path, Path] | None = None):
        self.port = free_port()
        self.tls = tls
        self.cert = cert
        self.users = users or {}
        self.tokens = tokens or set()
        self.messages: list[Received] = []
        self.failures: list[str] = []  # per DATA: an SMTP reply line, or "drop"
        self.refuse_rcpt: dict[str, str] = {}
        self.attempts = 0
        self.on_accept = None  # callable(raw) run before the 250 reply
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    # --- lifecycle ---------------------------------------------------------------
    def start(self) -> "SmtpServer":
        if self._controller is None:
            kwargs: dict = {}
            if self.users or self.tokens:
                kwargs.update(authenticator=self._authenticate, auth_require_tls=False, auth_required=True)
            if self.tls:
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                context.load_cert_chain(str(self.cert[0]), str(self.cert[1]))
                if self.tls == "implicit":
                    kwargs["ssl_context"] = context
                else:
                    kwargs.update(tls_context=context, require_starttls=True)
            self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port,
                                          ready_timeout=5.0, **kwargs)
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- failures on demand --------------------------------------------------------
    def fail_next(self, n: int = 1, code: int = 451, text: str | None = None) -> None:
        text = text or ("4.3.0 Try again later" if code < 500 else "5.7.1 Message refused")
        with self.lock:
            self.failures.extend([f"{code} {text}"] * n)

    def drop_next(self, n: int = 1) -> None:
        with self.lock:
            self.failures.extend(["drop"] * n)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user, pw = auth_data.login.decode(), auth_data.password.decode()
            if self.users.get(user) == pw:
                return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    # --- what arrived ---------------------------------------------------------------
    def to(self, addr: str) -> list[Received]:
        return [m for m in self.messages if addr.lower() in (r.lower() for r in m.rcpt_tos)]
