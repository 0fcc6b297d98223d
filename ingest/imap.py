"""IMAP mechanics: connect, select, list new UIDs, fetch, mark, move, IDLE, Sent folder.

No database here: service/poll.py decides what to fetch and records what was ingested.
Every server or network failure comes out as a typed IngestError with a French reason.
"""
from __future__ import annotations

import imaplib
import logging
import ssl
import time
import unicodedata
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
HEADER_BYTES_CAP = 262_144  # what is read of a message too large to fetch: its header, at most this
# the Sent folder's usual names, looked for inside the personal namespace (Courier: "INBOX.")
SENT_NAMES = ("Sent", "Éléments envoyés", "Sent Items", "Envoyés", "Sent Messages", "Messages envoyés",
              "Sent Mail")

TokenProvider = Callable[[], str]


class FetchedMessage(NamedTuple):
    uid: int
    raw: bytes  # the whole message; only its header when `whole` is False
    internaldate: datetime  # aware, UTC
    size: int = 0  # RFC822.SIZE, as the server counts it
    whole: bool = True  # False: over the size limit, only the header was read


class ServerRefused(MailboxUnavailable):
    """The server answered NO or BAD: the session is still usable."""


class FetchFailed(MailboxUnavailable):
    """One FETCH failed; `uids` are the messages it asked for, `lost` whether the session died
    with it (Dovecot closes it when a message file cannot be read)."""

    def __init__(self, reason: str, uids: list[int], lost: bool):
        super().__init__(reason)
        self.uids, self.lost = list(uids), lost


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
            raise ServerRefused(f"Le serveur IMAP {self.where} a refusé {action} : {_text(exc)}") from exc

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

    def fetch(self, uids: Iterable[int], batch: int, max_bytes: int | None = None) -> Iterator[FetchedMessage]:
        """(uid, raw bytes, INTERNALDATE, size) in UID order, `batch` per FETCH; BODY.PEEK keeps
        \\Seen unset. A message whose RFC822.SIZE exceeds `max_bytes` is never fetched whole: only
        its header comes (`whole=False`). A failed FETCH raises FetchFailed naming its UIDs."""
        uids = sorted(uids)
        step = max(1, batch)
        for start in range(0, len(uids), step):
            chunk = uids[start:start + step]
            sizes = self._sizes(chunk)
            big = [u for u in chunk if max_bytes is not None and sizes.get(u, 0) > max_bytes]
            small = [u for u in chunk if u not in big]
            out: dict[int, FetchedMessage] = {}
            if big:
                limit = f"BODY.PEEK[HEADER]<0.{HEADER_BYTES_CAP}>".encode()
                for uid, item in self._fetch_items(big, [limit, b"INTERNALDATE"]).items():
                    header = next((v for k, v in item.items() if k.startswith(b"BODY[HEADER]")), None)
                    if header is not None:
                        out[uid] = FetchedMessage(uid, bytes(header), _aware(item.get(b"INTERNALDATE")),
                                                  sizes.get(uid, 0), whole=False)
            for part in _split_by_size(small, sizes):
                data = self._fetch_items(part, [b"BODY.PEEK[]", b"INTERNALDATE"])
                for uid in part:
                    item = data.get(uid)
                    if item is None or b"BODY[]" not in item:  # expunged meanwhile
                        continue
                    raw = bytes(item[b"BODY[]"])
                    yield from _flush(out, uid)
                    yield FetchedMessage(uid, raw, _aware(item.get(b"INTERNALDATE")), sizes.get(uid, len(raw)))
            yield from _flush(out, None)

    def _sizes(self, uids: list[int]) -> dict[int, int]:
        items = self._fetch_items(uids, [b"RFC822.SIZE"], "la lecture de la taille des messages")
        return {uid: int(item.get(b"RFC822.SIZE", 0)) for uid, item in items.items()}

    def _fetch_items(self, uids: list[int], what: list[bytes], action: str = "la lecture des messages") -> dict:
        if not uids:
            return {}
        try:
            with self._guard(f"{action} (UID {_uid_set(uids)})"):
                return self._client.fetch(uids, what)
        except ServerRefused as exc:
            raise FetchFailed(str(exc), uids, lost=False) from exc
        except MailboxUnavailable as exc:
            raise FetchFailed(str(exc), uids, lost=True) from exc

    # --- marking --------------------------------------------------------------------
    def mark(self, uids: list[int], keyword: str) -> list[int]:
        """+FLAGS keyword on the selected folder; returns the UIDs marked (none when PERMANENTFLAGS
        lack \\*). ServerRefused when the server says NO (Cyrus: `Too many user flags in mailbox`)."""
        if not uids or not self.allow_keywords:
            return []
        with self._guard(f"le marquage « {keyword} » (UID {_uid_set(uids)})"):
            self._client.add_flags(uids, [keyword], silent=True)
        return list(uids)

    def move(self, uids: list[int], folder: str, keyword: str | None = None) -> list[int]:
        """MOVE when offered, else COPY then keyword. Never expunges nor deletes. Returns the UIDs
        moved (or copied); ServerRefused when the server says NO (an ACL, a quota)."""
        if not uids:
            return []
        with self._guard(f"le déplacement vers « {folder} » (UID {_uid_set(uids)})"):
            if not self._client.folder_exists(folder):
                self._client.create_folder(folder)
            if self.can_move:
                self._client.move(uids, folder)
                return list(uids)
            self._client.copy(uids, folder)
        if keyword:  # the copy is made: a refused keyword must not have it made again
            try:
                self.mark(uids, keyword)
            except ServerRefused as exc:
                log.warning("copie vers « %s » faite, mot-clé refusé : %s", folder, exc)
        return list(uids)

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
        """The Sent folder: special-use \\Sent (RFC 6154) first, else one of SENT_NAMES directly
        inside a personal namespace (RFC 2342: "" on Dovecot, "INBOX." on Courier and Cyrus);
        folders of other users' or shared namespaces never count. None when there is none."""
        with self._guard("la liste des dossiers"):
            folders = self._client.list_folders()
            if "SPECIAL-USE" in self.capabilities and not any(_is_sent(f) for f, _, _ in folders):
                folders = self._list_special_use() or folders
            spaces = self._client.namespace() if "NAMESPACE" in self.capabilities else None
        personal = ([p for p, _ in (spaces.personal or ())] if spaces else []) or [""]
        others = [p for kind in (spaces.other, spaces.shared) if spaces for p, _ in (kind or ())]

        def mine(name: str) -> bool:  # the longest namespace prefix the name starts with is personal
            owner = max((p for p in personal + others if name.startswith(p) or name == p.rstrip("./")),
                        key=len, default=None)
            return owner is not None and owner in personal

        usable = [(flags, name) for flags, _, name in folders if mine(name)
                  and not {bytes(f).lower() for f in flags} & {b"\\noselect", b"\\nonexistent"}]
        for flags, name in usable:
            if _is_sent(flags):
                return name
        by_name = {_fold(name): name for _, name in usable}
        for prefix in personal:
            for candidate in SENT_NAMES:
                found = by_name.get(_fold(prefix + candidate))
                if found is not None:
                    return found
        return None

    def _list_special_use(self) -> list:
        """`LIST "" "*" RETURN (SPECIAL-USE)` (RFC 6154 section 2): some servers (Cyrus) give the
        attributes only when asked."""
        try:
            imap = self._client._imap
            typ, data = imap._simple_command("LIST", '""', '"*"', "RETURN", "(SPECIAL-USE)")
            self._client._checkok("list", typ, data)
            _, data = imap._untagged_response(typ, data, "LIST")
            return self._client._proc_folder_list(data)
        except IMAPClientError:
            return []

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


def _split_by_size(uids: list[int], sizes: dict[int, int]) -> Iterator[list[int]]:
    """Consecutive UIDs whose sizes add up to FETCH_BYTES_CAP at most (a bigger one alone)."""
    part: list[int] = []
    total = 0
    for uid in uids:
        size = sizes.get(uid, 0)
        if part and total + size > FETCH_BYTES_CAP:
            yield part
            part, total = [], 0
        part.append(uid)
        total += size
    if part:
        yield part


def _flush(pending: dict[int, FetchedMessage], below: int | None) -> Iterator[FetchedMessage]:
    """The header-only messages of `pending` with a UID below `below` (all when None), in order."""
    for uid in sorted(u for u in pending if below is None or u < below):
        yield pending.pop(uid)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _is_sent(flags) -> bool:
    return b"\\sent" in {bytes(f).lower() for f in flags}


def _uid_set(uids: list[int]) -> str:
    """A short UID list for messages: `3`, `3:9`, or `3,5,8…` (never the whole of a big batch)."""
    uids = sorted(uids)
    if len(uids) > 1 and uids[-1] - uids[0] == len(uids) - 1:
        return f"{uids[0]}:{uids[-1]}"
    return ",".join(map(str, uids[:5])) + ("…" if len(uids) > 5 else "")


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
