"""IMAP mechanics: connect, select, list new UIDs, fetch, mark, move, IDLE, Sent folder.

No database here: service/poll.py decides what to fetch and records what was ingested.
Every server or network failure comes out as a typed IngestError with a French reason.
"""
from __future__ import annotations

import imaplib
import logging
import ssl
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator, NamedTuple

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from config.settings import ConfigError, Settings
from ingest.errors import AuthenticationFailed, IngestError, MailboxUnavailable

log = logging.getLogger(__name__)

IDLE_RENEW_S = 10 * 60  # RFC 2177: servers may drop IDLE after 29 min; re-issue well before
IDLE_SLICE_S = 1.0  # how often a waiting IDLE checks should_stop
FETCH_BYTES_CAP = 32_000_000  # one FETCH never asks for more than this (one bigger message alone)
SENT_NAMES = ("Sent", "Éléments envoyés", "Sent Items", "Envoyés", "Sent Messages", "Messages envoyés")

TokenProvider = Callable[[], str]


class FetchedMessage(NamedTuple):
    uid: int
    raw: bytes
    internaldate: datetime  # aware, UTC


def open_mailbox(settings: Settings, token_provider: TokenProvider | None = None) -> "Mailbox":
    """Connect and log in. TLS certificates are checked; plaintext only with imap_security=none."""
    if not settings.imap_host:
        raise ConfigError("FABRIQUE_IMAP_HOST : serveur IMAP non configuré")
    if not settings.imap_user:
        raise ConfigError("FABRIQUE_IMAP_USER : identifiant IMAP non configuré")
    security = settings.imap_security
    port = settings.imap_port or (993 if security == "ssl" else 143)
    where = f"{settings.imap_host}:{port}"
    context = ssl.create_default_context() if security in ("ssl", "starttls") else None
    with _connection_errors(where):
        client = IMAPClient(settings.imap_host, port, ssl=security == "ssl", ssl_context=context,
                            timeout=settings.imap_timeout)
    # imapclient logs every line through imaplib's debug hook: 5-9x slower FETCH. Off.
    client._imap.debug = 0
    client._imap._mesg = lambda *args, **kwargs: None
    client.normalise_times = False  # INTERNALDATE stays aware
    try:
        if security == "starttls":
            if not client.has_capability("STARTTLS"):
                raise MailboxUnavailable(f"Le serveur IMAP {where} n'offre pas STARTTLS (FABRIQUE_IMAP_SECURITY)")
            with _connection_errors(where):
                client.starttls(context)
        _login(client, settings, token_provider, where)
    except BaseException:
        _shutdown(client)
        raise
    return Mailbox(client, where)


@contextmanager
def _connection_errors(where: str):
    try:
        yield
    except ssl.SSLCertVerificationError as exc:
        raise MailboxUnavailable(f"Certificat TLS du serveur IMAP {where} refusé : {exc.verify_message}") from exc
    except (OSError, IMAPClientError) as exc:
        raise MailboxUnavailable(f"Serveur IMAP {where} injoignable : {_text(exc)}") from exc


def _login(client: IMAPClient, settings: Settings, token_provider: TokenProvider | None, where: str) -> None:
    user = settings.imap_user
    try:
        if token_provider is not None or settings.imap_auth == "xoauth2":
            if token_provider is None:
                raise ConfigError("FABRIQUE_IMAP_AUTH=xoauth2 : aucun fournisseur de jeton OAuth2 configuré")
            client.oauth2_login(user, token_provider())
        else:
            password = settings.secret("imap_password")
            if password is None:
                raise ConfigError("FABRIQUE_IMAP_PASSWORD : mot de passe IMAP non configuré")
            client.login(user, password)
    except LoginError as exc:
        raise AuthenticationFailed(f"Connexion IMAP refusée pour {user} sur {where} : {_text(exc)}") from exc
    except (OSError, IMAPClientError) as exc:
        raise MailboxUnavailable(f"Connexion IMAP interrompue avec {where} : {_text(exc)}") from exc


class Mailbox:
    """One logged-in IMAP session. Methods raise MailboxUnavailable on any server failure."""

    def __init__(self, client: IMAPClient, where: str):
        self._client = client
        self.where = where
        self.capabilities = {c.decode().upper() for c in client.capabilities()}
        self.selected: str | None = None
        self._selected_readonly = False
        self.allow_keywords = False

    @property
    def can_idle(self) -> bool:
        return "IDLE" in self.capabilities

    @property
    def can_move(self) -> bool:
        return "MOVE" in self.capabilities

    @contextmanager
    def _guard(self, action: str):
        try:
            yield
        except IngestError:
            raise
        except (imaplib.IMAP4.abort, OSError) as exc:  # abort: connection lost; OSError: socket, TLS
            raise MailboxUnavailable(
                f"Connexion IMAP perdue avec {self.where} pendant {action} : {_text(exc)}") from exc
        except IMAPClientError as exc:  # NO / BAD answer
            raise MailboxUnavailable(f"Le serveur IMAP {self.where} a refusé {action} : {_text(exc)}") from exc

    # --- reading ------------------------------------------------------------------
    def select(self, folder: str, readonly: bool = False) -> tuple[int, bool]:
        """SELECT (or EXAMINE); returns (UIDVALIDITY, whether new keywords can be stored)."""
        with self._guard(f"la sélection du dossier « {folder} »"):
            info = self._client.select_folder(folder, readonly=readonly)
        self.selected, self._selected_readonly = folder, readonly
        self.allow_keywords = b"\\*" in info.get(b"PERMANENTFLAGS", ())
        return int(info[b"UIDVALIDITY"]), self.allow_keywords

    def uids_above(self, last_uid: int) -> list[int]:
        """UIDs greater than last_uid, ascending (`UID SEARCH UID n+1:*`, never with CHARSET)."""
        with self._guard("la recherche des nouveaux messages"):
            found = self._client.search(["UID", f"{last_uid + 1}:*"])
        # `n:*` always matches the highest UID, even when it is below n
        return sorted(uid for uid in found if uid > last_uid)

    def fetch(self, uids: Iterable[int], batch: int) -> Iterator[FetchedMessage]:
        """(uid, raw bytes, INTERNALDATE) in UID order, `batch` per FETCH; BODY.PEEK keeps \\Seen unset."""
        uids = sorted(uids)
        for start in range(0, len(uids), max(1, batch)):
            chunk = uids[start:start + max(1, batch)]
            for part in self._split_by_size(chunk):
                with self._guard("la lecture des messages"):
                    data = self._client.fetch(part, [b"BODY.PEEK[]", b"INTERNALDATE"])
                for uid in part:
                    item = data.get(uid)
                    if item is None or b"BODY[]" not in item:  # expunged meanwhile
                        continue
                    yield FetchedMessage(uid, bytes(item[b"BODY[]"]), _aware(item.get(b"INTERNALDATE")))

    def _split_by_size(self, uids: list[int]) -> Iterator[list[int]]:
        with self._guard("la lecture de la taille des messages"):
            sizes = self._client.fetch(uids, [b"RFC822.SIZE"])
        part: list[int] = []
        total = 0
        for uid in uids:
            size = int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0))
            if part and total + size > FETCH_BYTES_CAP:
                yield part
                part, total = [], 0
            part.append(uid)
            total += size
        if part:
            yield part

    # --- marking --------------------------------------------------------------------
    def mark(self, uids: list[int], keyword: str) -> bool:
        """+FLAGS keyword on the selected folder; skipped (False) when PERMANENTFLAGS lack \\*."""
        if not uids or not self.allow_keywords:
            return False
        with self._guard(f"le marquage « {keyword} »"):
            self._client.add_flags(uids, [keyword], silent=True)
        return True

    def move(self, uids: list[int], folder: str, keyword: str | None = None) -> None:
        """MOVE when offered, else COPY then keyword. Never expunges nor deletes."""
        if not uids:
            return
        with self._guard(f"le déplacement vers « {folder} »"):
            if not self._client.folder_exists(folder):
                self._client.create_folder(folder)
            if self.can_move:
                self._client.move(uids, folder)
                return
            self._client.copy(uids, folder)
        if keyword:
            self.mark(uids, keyword)

    # --- waiting --------------------------------------------------------------------
    def idle_wait(self, timeout_s: float, should_stop: Callable[[], bool] | None = None) -> bool:
        """Wait up to timeout_s for new mail in the selected folder; True when the server said so.

        Uses IDLE (re-issued every IDLE_RENEW_S) when offered; otherwise one NOOP, returning at once.
        """
        if not self.can_idle:
            with self._guard("NOOP"):
                _, responses = self._client.noop()
            return _has_new_mail(responses)
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (should_stop is not None and should_stop()):
                return False
            if self._idle_once(min(remaining, IDLE_RENEW_S), should_stop):
                return True

    def _idle_once(self, span: float, should_stop: Callable[[], bool] | None) -> bool:
        with self._guard("IDLE"):
            self._client.idle()
            end = time.monotonic() + span
            new, early_empty = False, 0
            while not new and time.monotonic() < end and not (should_stop is not None and should_stop()):
                step = min(IDLE_SLICE_S, max(0.0, end - time.monotonic()))
                started = time.monotonic()
                responses = self._client.idle_check(timeout=step)
                if any(r and r[0] == b"BYE" for r in responses):
                    raise MailboxUnavailable(f"Le serveur IMAP {self.where} a fermé la connexion (BYE)")
                new = _has_new_mail(responses)
                # idle_check returns [] at once on EOF: the peer closed the connection
                early_empty = early_empty + 1 if not responses and time.monotonic() - started < step / 2 else 0
                if early_empty >= 3:
                    raise MailboxUnavailable(f"Connexion IMAP perdue avec {self.where} pendant IDLE")
            _, responses = self._client.idle_done()
        return new or _has_new_mail(responses)

    # --- Sent folder and answers -------------------------------------------------------
    def find_sent_folder(self) -> str | None:
        """The Sent folder: special-use \\Sent (RFC 6154) first, then common names."""
        with self._guard("la liste des dossiers"):
            folders = self._client.list_folders()
        for flags, _, name in folders:
            if b"\\sent" in {f.lower() for f in flags}:
                return name
        by_leaf = {}
        for flags, delim, name in folders:
            leaf = name.rsplit(delim.decode(), 1)[-1] if delim else name
            by_leaf.setdefault(leaf.casefold(), name)
        for candidate in SENT_NAMES:
            if candidate.casefold() in by_leaf:
                return by_leaf[candidate.casefold()]
        return None

    def append(self, folder: str, raw: bytes, flags: Iterable[str | bytes] = ()) -> None:
        with self._guard(f"l'enregistrement dans « {folder} »"):
            self._client.append(folder, raw, flags=tuple(flags))

    def search_header(self, folder: str, header: str, value: str) -> bool:
        """Whether a message of `folder` has `header` containing `value` (EXAMINE, read-only).

        The previously selected folder, if any, is selected again afterwards.
        """
        previous, previous_ro = self.selected, self._selected_readonly
        self.select(folder, readonly=True)
        try:
            with self._guard(f"la recherche dans « {folder} »"):
                return bool(self._client.search(["HEADER", header, value]))
        finally:
            if previous is not None and previous != folder:
                self.select(previous, readonly=previous_ro)

    def close(self) -> None:
        """Log out; never raises (the connection may already be gone)."""
        try:
            self._client.logout()
        except Exception:
            _shutdown(self._client)


def _has_new_mail(responses) -> bool:
    return any(len(r) >= 2 and r[1] == b"EXISTS" for r in responses if isinstance(r, tuple))


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return datetime.now(timezone.utc)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _text(exc: BaseException) -> str:
    text = str(exc)
    return text if text else type(exc).__name__


def _shutdown(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except Exception:
        pass
