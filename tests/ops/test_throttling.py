"""A server that says "slow down" (Microsoft 365 throttling) is left alone, not hammered.

Dovecot cannot be made to throttle, so a few lines of IMAP on loopback play Exchange Online's
answers: `NO [THROTTLED] Request is throttled. Suggested Backoff Time: N milliseconds` at
login, and `BAD User is authenticated but not connected.` right after a successful one.
"""
from __future__ import annotations

import socketserver
import threading
import time

import pytest
from pydantic import SecretStr

from ingest.errors import AuthenticationFailed, MailboxUnavailable
from service.oauth import TokenProvider, mailbox_factory
from service.poll import THROTTLE_BACKOFF_S, run_poller, throttle_pause
from tests.ingest.imaphelp import cursor_of

THROTTLED = "NO [THROTTLED] Request is throttled. Suggested Backoff Time: 1500 milliseconds"
NOT_CONNECTED = "BAD User is authenticated but not connected."
REFUSED = "NO [AUTHENTICATIONFAILED] Invalid credentials"


class FakeExchange(socketserver.ThreadingTCPServer):
    """Answers LOGIN / AUTHENTICATE with `login_answer`; after an OK login, SELECT with `select_answer`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, login_answer: str, select_answer: str | None = None):
        super().__init__(("127.0.0.1", 0), _Session)
        self.login_answer, self.select_answer = login_answer, select_answer
        self.connections = 0
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _Session(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: FakeExchange = self.server
        with server.lock:
            server.connections += 1
        self._send("* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 AUTH=PLAIN] Fake Exchange ready.")
        while line := self.rfile.readline():
            tag, _, rest = line.decode().strip().partition(" ")
            command = rest.split(" ", 1)[0].upper()
            if command == "CAPABILITY":
                self._send("* CAPABILITY IMAP4rev1 AUTH=XOAUTH2 AUTH=PLAIN IDLE")
                self._send(f"{tag} OK CAPABILITY completed.")
            elif command in ("LOGIN", "AUTHENTICATE"):
                if command == "AUTHENTICATE":
                    self._send("+ ")
                    self.rfile.readline()  # the XOAUTH2 initial response
                self._send(f"{tag} {server.login_answer}")
            elif command in ("SELECT", "EXAMINE") and server.select_answer:
                self._send(f"{tag} {server.select_answer}")
            elif command == "LOGOUT":
                self._send("* BYE Bye.")
                self._send(f"{tag} OK LOGOUT completed.")
                return
            else:
                self._send(f"{tag} OK done.")

    def _send(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")


@pytest.fixture
def exchange(request):
    server = FakeExchange(*request.param)
    yield server
    server.close()


def _poll_for(engine, settings, seconds: float, **kwargs) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=run_poller, args=(engine, settings, stop, lambda: None), kwargs=kwargs,
                              daemon=True)
    thread.start()
    time.sleep(seconds)
    stop.set()
    thread.join(5)
    assert not thread.is_alive()


def test_throttle_answers_are_recognised_and_their_suggested_pause_honoured():
    assert throttle_pause(AuthenticationFailed(f"Connexion IMAP refusée : {THROTTLED}")) == THROTTLE_BACKOFF_S
    assert throttle_pause(MailboxUnavailable("... Suggested Backoff Time: 240000 milliseconds [THROTTLED]")) == 240
    assert throttle_pause(MailboxUnavailable(f"a refusé la sélection : {NOT_CONNECTED}"), 5) == 5
    assert throttle_pause(MailboxUnavailable("[THROTTLED] Suggested Backoff Time: 99999999 milliseconds")) == 1800
    assert throttle_pause(AuthenticationFailed(REFUSED)) is None
    assert throttle_pause(MailboxUnavailable("Serveur IMAP injoignable : Connection refused")) is None


@pytest.mark.parametrize("exchange", [(THROTTLED,), ("OK LOGIN completed.", NOT_CONNECTED)], indirect=True,
                         ids=["login-throttled", "authenticated-but-not-connected"])
def test_the_poller_backs_off_for_as_long_as_the_server_asks(exchange, tmp_settings, engine):
    settings = tmp_settings.model_copy(update=dict(imap_host="127.0.0.1", imap_port=exchange.port, imap_user="boite",
                                                   imap_password=SecretStr("mot-de-passe")))
    _poll_for(engine, settings, 2.0, backoff_initial=0.05, backoff_cap=0.05, throttle_backoff=0.8)
    # 1.5 s suggested (or 0.8 s least), ±20 %: two attempts in 2 s; without it, one every 0.05 s
    assert 1 <= exchange.connections <= 3
    cursor = cursor_of(engine, settings)
    assert cursor.failing_since is not None and ("THROTTLED" in cursor.last_error
                                                 or "not connected" in cursor.last_error)


@pytest.mark.parametrize("exchange", [(REFUSED,)], indirect=True)
def test_other_refusals_keep_the_short_backoff(exchange, tmp_settings, engine):
    settings = tmp_settings.model_copy(update=dict(imap_host="127.0.0.1", imap_port=exchange.port, imap_user="boite",
                                                   imap_password=SecretStr("mot-de-passe")))
    _poll_for(engine, settings, 1.0, backoff_initial=0.05, backoff_cap=0.05, throttle_backoff=0.8)
    assert exchange.connections >= 8  # the control: the bound above comes from the throttling answer


@pytest.mark.parametrize("exchange", [(THROTTLED,)], indirect=True)
def test_a_throttled_oauth_login_is_not_retried_with_a_new_token(exchange, tmp_settings):
    class Grant:
        def fetch(self):
            return "jeton", 3600

    provider = TokenProvider(Grant())
    settings = tmp_settings.model_copy(update=dict(imap_host="127.0.0.1", imap_port=exchange.port,
                                                   imap_user="boite", imap_auth="xoauth2"))
    with pytest.raises(AuthenticationFailed, match="THROTTLED"):
        mailbox_factory(provider)(settings)
    assert exchange.connections == 1 and provider.fetches == 1
