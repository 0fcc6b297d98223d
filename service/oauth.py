"""OAuth2 access tokens for IMAP and SMTP (SASL XOAUTH2), obtained and refreshed by the service.

    tp = token_provider_for(settings)   # None unless FABRIQUE_IMAP_AUTH / _SMTP_AUTH = xoauth2
    tp()                                # a current access token (fetched, or cached until near expiry)
    tp.invalidate()                     # after the server refused it: the next call fetches a new one

Where tokens come from (FABRIQUE_OAUTH_PROVIDER):
- microsoft: client-credentials flow of an Entra app registration with msal
  (scope https://outlook.office365.com/.default); with FABRIQUE_OAUTH_TOKEN_URL, the same
  grant as a plain POST to that endpoint; with FABRIQUE_OAUTH_REFRESH_TOKEN_FILE, a delegated
  refresh-token flow.
- google: a service account key with domain-wide delegation (the JSON key given as
  FABRIQUE_OAUTH_CLIENT_SECRET_FILE; JWT-bearer grant, the mailbox as subject), or an OAuth
  client and a refresh token kept in FABRIQUE_OAUTH_REFRESH_TOKEN_FILE.
- command: FABRIQUE_OAUTH_TOKEN_COMMAND prints a token (or JSON with access_token, expires_in).
- file: FABRIQUE_OAUTH_TOKEN_FILE holds a token kept fresh by something else.

A refresh token the server rotates is written back at once (owner-only file, atomic rename,
under a lock shared with other processes using the same file). Failures are typed for the
poller: TokenRefused (an AuthenticationFailed: the grant is revoked or wrong, staff must act)
and TokenUnavailable (a MailboxUnavailable: the token endpoint is unreachable, retried).
Tokens and secrets are never logged nor put into error messages.
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import logging
import os
import shlex
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Protocol
from urllib.parse import urlencode, urlparse

from config.settings import ConfigError, Settings
from ingest.errors import AuthenticationFailed, MailboxUnavailable

log = logging.getLogger(__name__)

MICROSOFT_LOGIN = "https://login.microsoftonline.com"
MICROSOFT_APP_SCOPE = "https://outlook.office365.com/.default"
MICROSOFT_USER_SCOPE = ("https://outlook.office365.com/IMAP.AccessAsUser.All "
                        "https://outlook.office365.com/SMTP.Send offline_access")
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"
GOOGLE_SCOPE = "https://mail.google.com/"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"

HTTP_TIMEOUT_S = 30.0
COMMAND_TIMEOUT_S = 60.0
REFRESH_MARGIN_S = 300.0  # refresh this long before expiry (a tenth of the lifetime for short ones)
UNKNOWN_LIFETIME_S = 300.0  # a token given without expires_in is used this long, then fetched again
FILE_TOKEN_LIFETIME_S = 60.0  # a token file is read again this often
FAILURE_HOLDOFF_S = 15.0  # after a failed fetch, callers get the same error this long (no hammering)
SEE_README = "voir le README, « Microsoft 365 / Google : OAuth2 »"
# RFC 6749 errors that a retry will not mend: the grant, the client or its secret is wrong or revoked
_REFUSALS = {"invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope", "access_denied",
             "unsupported_grant_type", "invalid_request"}


class TokenRefused(AuthenticationFailed):
    """The token endpoint refused the grant (revoked or expired authorisation, wrong secret)."""


class TokenUnavailable(MailboxUnavailable):
    """No token for now (endpoint unreachable, server error, command failed): retried later."""


class Grant(Protocol):
    """One way of obtaining a token: returns (access token, lifetime in seconds or None)."""

    def fetch(self) -> tuple[str, float | None]: ...


# --- the provider ----------------------------------------------------------------------------

class TokenProvider:
    """A current access token on each call; thread-safe (one fetch at a time, others wait).

    The token is fetched again REFRESH_MARGIN_S before it expires (a tenth of its lifetime
    when shorter), at once after invalidate(), and, when that early refresh fails on an
    unreachable endpoint, the token still valid is handed out meanwhile.
    """

    def __init__(self, grant: Grant, *, failure_holdoff: float = FAILURE_HOLDOFF_S,
                 clock: Callable[[], float] = time.monotonic):
        self.grant = grant
        self.failure_holdoff = failure_holdoff
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._refresh_at = 0.0
        self._expires_at = 0.0
        self._failure: Exception | None = None
        self._failure_until = 0.0
        self.fetches = 0  # tokens obtained (for tests and logs)

    def __call__(self) -> str:
        with self._lock:
            now = self._clock()
            if self._token is not None and now < self._refresh_at:
                return self._token
            if self._failure is not None and now < self._failure_until:
                raise type(self._failure)(str(self._failure))
            try:
                token, lifetime = self._fetch()
            except TokenUnavailable as exc:
                if self._token is not None and now < self._expires_at - 5:
                    log.warning("jeton OAuth2 non renouvelé, l'actuel reste valable : %s", exc)
                    self._refresh_at = min(now + self.failure_holdoff, self._expires_at - 5)
                    return self._token
                self._fail(exc, now)
                raise
            except TokenRefused as exc:
                self._fail(exc, now)
                raise
            lifetime = UNKNOWN_LIFETIME_S if lifetime is None else max(float(lifetime), 1.0)
            self._token, self._failure = token, None
            self._expires_at = now + lifetime
            self._refresh_at = self._expires_at - min(REFRESH_MARGIN_S, lifetime / 10)
            self.fetches += 1
            log.info("jeton OAuth2 obtenu (valable %.0f s)", lifetime)
            return token

    def invalidate(self) -> None:
        """Forget the token (the server refused it): the next call fetches a new one."""
        with self._lock:
            self._token = None
            forget = getattr(self.grant, "forget", None)
            if forget is not None:
                forget()

    def _fetch(self) -> tuple[str, float | None]:
        try:
            return self.grant.fetch()
        except (TokenRefused, TokenUnavailable):
            raise
        except ConfigError as exc:  # a file missing or readable by others: staff must act
            raise TokenRefused(str(exc)) from None
        except Exception as exc:  # a bug or an odd answer: retried, never a crash of the caller
            raise TokenUnavailable(f"jeton OAuth2 impossible à obtenir : {type(exc).__name__}: {exc}") from None

    def _fail(self, exc: Exception, now: float) -> None:
        self._token, self._failure, self._failure_until = None, exc, now + self.failure_holdoff


# --- grants --------------------------------------------------------------------------------------

class ClientCredentialsGrant:
    """RFC 6749 §4.4 as a plain POST (client_secret_post)."""

    def __init__(self, token_url: str, client_id: str, client_secret: str, scope: str | None):
        self.token_url, self.client_id, self._secret, self.scope = token_url, client_id, client_secret, scope

    def fetch(self) -> tuple[str, float | None]:
        form = {"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self._secret}
        if self.scope:
            form["scope"] = self.scope
        return _token_of(post_form(self.token_url, form))


class RefreshTokenGrant:
    """RFC 6749 §6; the refresh token lives in an owner-only file, rewritten when rotated.

    The file is read afresh under an exclusive lock for each refresh, so two processes sharing
    it (the service and an `outbox send`) never use a refresh token the other has spent.
    """

    def __init__(self, token_url: str, client_id: str, client_secret: str | None, scope: str | None,
                 path: Path):
        self.token_url, self.client_id, self._secret, self.scope, self.path = (
            token_url, client_id, client_secret, scope, Path(path))
        self._unsaved: str | None = None  # a rotated token the disk refused: kept for the next try

    def fetch(self) -> tuple[str, float | None]:
        with _exclusive(self.path):
            current = self._unsaved or read_private(self.path, "FABRIQUE_OAUTH_REFRESH_TOKEN_FILE")
            form = {"grant_type": "refresh_token", "refresh_token": current, "client_id": self.client_id}
            if self._secret:
                form["client_secret"] = self._secret
            if self.scope:
                form["scope"] = self.scope
            payload = post_form(self.token_url, form)
            rotated = payload.get("refresh_token")
            if rotated and (rotated != current or self._unsaved):
                self._save(str(rotated))
        return _token_of(payload)

    def _save(self, token: str) -> None:
        from store.archive import write_atomic

        try:
            write_atomic(self.path, (token + "\n").encode())
            self._unsaved = None
        except OSError as exc:
            self._unsaved = token
            log.error("nouveau jeton de rafraîchissement OAuth2 non enregistré dans %s (%s) : il sera perdu "
                      "à l'arrêt du service ; libérez de la place ou corrigez les droits", self.path, exc)


class ServiceAccountGrant:
    """Google service account with domain-wide delegation: a signed JWT for the mailbox (RFC 7523)."""

    def __init__(self, key: dict, subject: str, scope: str, token_url: str | None):
        missing = [k for k in ("client_email", "private_key") if not key.get(k)]
        if missing:
            raise ConfigError(f"FABRIQUE_OAUTH_CLIENT_SECRET_FILE : clé de compte de service incomplète "
                              f"({', '.join(missing)} manquant)")
        self._key, self.subject, self.scope = key, subject, scope
        self.token_url = token_url or key.get("token_uri") or GOOGLE_TOKEN_URL

    def fetch(self) -> tuple[str, float | None]:
        import jwt  # PyJWT[crypto], already required by msal

        now = int(time.time())
        claims = {"iss": self._key["client_email"], "sub": self.subject, "scope": self.scope,
                  "aud": self.token_url, "iat": now, "exp": now + 3600}
        headers = {"kid": self._key["private_key_id"]} if self._key.get("private_key_id") else None
        try:
            assertion = jwt.encode(claims, self._key["private_key"], algorithm="RS256", headers=headers)
        except (ValueError, TypeError, jwt.PyJWTError) as exc:
            raise TokenRefused(f"FABRIQUE_OAUTH_CLIENT_SECRET_FILE : clé privée du compte de service "
                               f"illisible ({type(exc).__name__})") from None
        return _token_of(post_form(self.token_url, {"grant_type": JWT_BEARER, "assertion": assertion}))


class MsalGrant:
    """Microsoft identity platform, client credentials, through msal (its token cache included).

    `http_client` (anything with msal's get/post) lets tests answer without the internet.
    """

    def __init__(self, tenant: str, client_id: str, client_secret: str, scope: str, *,
                 authority: str | None = None, http_client=None):
        self.authority = authority or f"{MICROSOFT_LOGIN}/{tenant}"
        self.client_id, self._secret, self.scopes = client_id, client_secret, scope.split()
        self._http_client = http_client
        self._app = None

    def _application(self):
        if self._app is None:
            import msal

            extra = {"http_client": self._http_client} if self._http_client is not None else {}
            try:
                self._app = msal.ConfidentialClientApplication(
                    self.client_id, client_credential=self._secret, authority=self.authority, **extra)
            except ValueError as exc:  # tenant discovery answered 4xx: wrong tenant
                raise TokenRefused(f"FABRIQUE_OAUTH_TENANT : locataire Microsoft inconnu pour {self.authority} "
                                   f"({_first_line(str(exc))})") from None
        return self._app

    def fetch(self) -> tuple[str, float | None]:
        try:
            result = self._application().acquire_token_for_client(scopes=self.scopes)
        except (TokenRefused, TokenUnavailable):
            raise
        except Exception as exc:  # requests' connection errors, timeouts, msal service errors
            raise TokenUnavailable(f"serveur de jetons Microsoft injoignable ({self.authority}) : "
                                   f"{type(exc).__name__}: {_first_line(str(exc))}") from None
        if "access_token" in result:
            return result["access_token"], result.get("expires_in")
        raise _refusal(urlparse(self.authority).netloc, result.get("error"), result.get("error_description"),
                       refused=result.get("error") in _REFUSALS)

    def forget(self) -> None:
        # A new application, hence an empty token cache. (msal's remove_tokens_for_client would
        # ask the instance-discovery endpoint first: a network call that may fail.)
        self._app = None


class CommandGrant:
    """A command printing a token, or JSON {"access_token": ..., "expires_in": ...}."""

    def __init__(self, command: str):
        try:
            self.argv = shlex.split(command)
        except ValueError as exc:  # unbalanced quotes
            raise ConfigError(f"FABRIQUE_OAUTH_TOKEN_COMMAND : commande illisible ({exc})") from None
        if not self.argv:
            raise ConfigError("FABRIQUE_OAUTH_TOKEN_COMMAND : commande vide")

    def fetch(self) -> tuple[str, float | None]:
        name = self.argv[0]
        try:
            done = subprocess.run(self.argv, capture_output=True, timeout=COMMAND_TIMEOUT_S,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise TokenUnavailable(f"FABRIQUE_OAUTH_TOKEN_COMMAND : {name} n'a pas répondu en "
                                   f"{COMMAND_TIMEOUT_S:.0f} s") from None
        except OSError as exc:
            raise TokenRefused(f"FABRIQUE_OAUTH_TOKEN_COMMAND : {name} impossible à lancer ({exc.strerror})") from None
        if done.returncode != 0:
            reason = _first_line(done.stderr.decode("utf-8", "replace")) or "sans message"
            raise TokenUnavailable(f"FABRIQUE_OAUTH_TOKEN_COMMAND : {name} a échoué "
                                   f"(code {done.returncode}) : {reason}")
        text = done.stdout.decode("utf-8", "replace").strip()
        if text.startswith("{"):
            try:
                return _token_of(json.loads(text))
            except ValueError:
                raise TokenUnavailable(f"FABRIQUE_OAUTH_TOKEN_COMMAND : {name} a écrit un JSON illisible") from None
        token = text.splitlines()[0].strip() if text else ""
        if not token:
            raise TokenUnavailable(f"FABRIQUE_OAUTH_TOKEN_COMMAND : {name} n'a écrit aucun jeton")
        return token, None


class FileGrant:
    """A token file kept fresh by another program; read again every FILE_TOKEN_LIFETIME_S."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def fetch(self) -> tuple[str, float | None]:
        token = read_private(self.path, "FABRIQUE_OAUTH_TOKEN_FILE")
        return token, FILE_TOKEN_LIFETIME_S


# --- building one from the settings ---------------------------------------------------------------

_providers: dict[tuple, TokenProvider] = {}
_providers_lock = threading.Lock()


def token_provider_for(settings: Settings) -> TokenProvider | None:
    """The provider for these settings; None when neither IMAP nor SMTP uses XOAUTH2.

    One provider per set of credentials in a process: the poller, the outbox and the Sent
    folder share its token. Raises ConfigError (naming the setting) when one is missing.
    """
    if "xoauth2" not in (settings.imap_auth, settings.smtp_auth):
        return None
    secret = settings.secret("oauth_client_secret")
    key = (settings.oauth_provider, settings.oauth_tenant, settings.oauth_client_id, settings.oauth_token_url,
           settings.oauth_scope, settings.oauth_refresh_token_file, settings.oauth_token_command,
           settings.oauth_token_file, settings.imap_user,
           hashlib.sha256(secret.encode()).hexdigest() if secret else None)
    with _providers_lock:
        provider = _providers.get(key)
        if provider is None:
            provider = _providers[key] = TokenProvider(grant_for(settings, secret))
        return provider


def grant_for(settings: Settings, secret: str | None) -> Grant:
    """The grant the settings describe (see the module docstring)."""
    kind = settings.oauth_provider
    if kind is None:
        raise ConfigError("FABRIQUE_OAUTH_PROVIDER : requis avec FABRIQUE_IMAP_AUTH=xoauth2 ou "
                          "FABRIQUE_SMTP_AUTH=xoauth2 (microsoft, google, command ou file)")
    url = settings.oauth_token_url
    if url:
        check_endpoint(url)
    if kind == "command":
        return CommandGrant(_required(settings.oauth_token_command, "FABRIQUE_OAUTH_TOKEN_COMMAND"))
    if kind == "file":
        return FileGrant(_required(settings.oauth_token_file, "FABRIQUE_OAUTH_TOKEN_FILE"))
    if kind == "google":
        scope = settings.oauth_scope or GOOGLE_SCOPE
        client_id = settings.oauth_client_id
        if secret and secret.lstrip().startswith("{"):  # a JSON key downloaded from the Google console
            key = _json_key(secret)
            if key.get("type") == "service_account":
                return ServiceAccountGrant(key, _required(settings.imap_user, "FABRIQUE_IMAP_USER"), scope, url)
            client = key.get("installed") or key.get("web") or {}
            client_id, secret = client_id or client.get("client_id"), client.get("client_secret")
        return RefreshTokenGrant(url or GOOGLE_TOKEN_URL, _required(client_id, "FABRIQUE_OAUTH_CLIENT_ID"), secret,
                                 scope, _required(settings.oauth_refresh_token_file, "FABRIQUE_OAUTH_REFRESH_TOKEN_FILE"))
    # microsoft
    client_id = _required(settings.oauth_client_id, "FABRIQUE_OAUTH_CLIENT_ID")
    if settings.oauth_refresh_token_file:  # delegated: a user consented once, the token is refreshed
        tenant = settings.oauth_tenant or "organizations"
        return RefreshTokenGrant(url or f"{MICROSOFT_LOGIN}/{tenant}/oauth2/v2.0/token", client_id, secret,
                                 settings.oauth_scope or MICROSOFT_USER_SCOPE, settings.oauth_refresh_token_file)
    secret = _required(secret, "FABRIQUE_OAUTH_CLIENT_SECRET")
    scope = settings.oauth_scope or MICROSOFT_APP_SCOPE
    if url:
        return ClientCredentialsGrant(url, client_id, secret, scope)
    return MsalGrant(_required(settings.oauth_tenant, "FABRIQUE_OAUTH_TENANT"), client_id, secret, scope)


def _required(value, name: str):
    if not value:
        raise ConfigError(f"{name} : requis pour FABRIQUE_OAUTH_PROVIDER (OAuth2)")
    return value


def _json_key(text: str) -> dict:
    try:
        key = json.loads(text)
    except ValueError:
        raise ConfigError("FABRIQUE_OAUTH_CLIENT_SECRET : JSON illisible (clé de compte de service attendue)") from None
    if not isinstance(key, dict):
        raise ConfigError("FABRIQUE_OAUTH_CLIENT_SECRET : objet JSON attendu")
    return key


# --- IMAP with a token ---------------------------------------------------------------------------

def open_mailbox_oauth(settings: Settings, token_provider: TokenProvider):
    """open_mailbox with XOAUTH2; a refused token is invalidated and the login tried once more."""
    from ingest.imap import open_mailbox
    from service.poll import throttle_pause

    try:
        return open_mailbox(settings, token_provider=token_provider)
    except (TokenRefused, TokenUnavailable):
        raise
    except AuthenticationFailed as exc:
        if throttle_pause(exc) is not None:  # a busy server, not a bad token: the poller backs off
            raise
        log.info("jeton OAuth2 refusé par le serveur IMAP : renouvellement et nouvel essai")
    token_provider.invalidate()
    try:
        return open_mailbox(settings, token_provider=token_provider)
    except (TokenRefused, TokenUnavailable):
        raise
    except AuthenticationFailed as exc:
        if throttle_pause(exc) is not None:
            raise
        raise AuthenticationFailed(
            f"{exc} — un jeton OAuth2 tout neuf est refusé lui aussi : l'application n'a pas (ou plus) accès "
            f"à la boîte {settings.imap_user} (droits IMAP, consentement, politique d'accès ; {SEE_README})"
        ) from exc


def mailbox_factory(token_provider: TokenProvider):
    """The poller's mailbox_factory for XOAUTH2 with this provider."""
    return functools.partial(open_mailbox_oauth, token_provider=token_provider)


def imap_opener(settings: Settings) -> Callable[[Settings], object]:
    """open_mailbox, or with FABRIQUE_IMAP_AUTH=xoauth2 its OAuth2 form.

    The provider is looked up at each opening: a missing setting is then recorded on the
    mailbox cursor (shown by `status`) like any other failure to log in.
    """
    from ingest.imap import open_mailbox

    if settings.imap_auth != "xoauth2":
        return open_mailbox
    return lambda s: open_mailbox_oauth(s, token_provider_for(s))


def smtp_token(token_provider: TokenProvider) -> Callable[[], str]:
    """The provider as notify.sender wants it: failures as a temporary SMTP refusal (454, RFC 4954),
    so that the answers wait and retry with their last_error saying why, instead of the run failing."""
    import smtplib

    def token() -> str:
        try:
            return token_provider()
        except (TokenRefused, TokenUnavailable) as exc:
            raise smtplib.SMTPResponseException(454, str(exc)) from None

    return token


# --- small helpers -----------------------------------------------------------------------------------

def check_endpoint(url: str) -> None:
    """HTTPS only, but for loopback (tests, a local token agent)."""
    parsed = urlparse(url)
    loopback = parsed.hostname in ("127.0.0.1", "localhost", "::1")
    if parsed.scheme != "https" and not (parsed.scheme == "http" and loopback):
        raise ConfigError(f"FABRIQUE_OAUTH_TOKEN_URL : adresse https:// attendue ({url})")


def post_form(url: str, form: dict[str, str]) -> dict:
    """POST a form to a token endpoint; the JSON answer, or TokenRefused / TokenUnavailable."""
    where = urlparse(url).netloc
    request = urllib.request.Request(url, data=urlencode(form).encode(), method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    context = ssl.create_default_context() if url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S, context=context) as answer:
            body = answer.read()
    except urllib.error.HTTPError as exc:
        payload = _json_or_empty(exc.read())
        error = payload.get("error") if isinstance(payload.get("error"), str) else None
        refused = exc.code in (400, 401, 403) and (error is None or error in _REFUSALS)
        raise _refusal(where, error or f"HTTP {exc.code}", payload.get("error_description"), refused=refused) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise TokenUnavailable(f"serveur de jetons OAuth2 {where} injoignable : {reason}") from None
    payload = _json_or_empty(body)
    if not payload:
        raise TokenUnavailable(f"réponse illisible du serveur de jetons OAuth2 {where}")
    return payload


def _token_of(payload: dict) -> tuple[str, float | None]:
    token = payload.get("access_token")
    if not isinstance(token, str) or not token:
        raise TokenUnavailable("réponse du serveur de jetons OAuth2 sans access_token")
    lifetime = payload.get("expires_in")
    try:
        return token, float(lifetime) if lifetime is not None else None
    except (TypeError, ValueError):
        return token, None


def _refusal(where: str, error: str | None, description, *, refused: bool) -> Exception:
    detail = error or "erreur inconnue"
    if isinstance(description, str) and description.strip():
        detail += f" : {_first_line(description)[:200]}"
    if refused:
        return TokenRefused(f"Autorisation OAuth2 refusée par {where} ({detail}) : l'autorisation de "
                            f"l'application a été révoquée, a expiré ou est mal configurée (secret, jeton de "
                            f"rafraîchissement, consentement) ; renouvelez-la ({SEE_README})")
    return TokenUnavailable(f"serveur de jetons OAuth2 {where} indisponible ({detail})")


def read_private(path: Path, setting: str) -> str:
    """First line of a file readable by its owner only (mode 600)."""
    try:
        st = os.stat(path)
        if st.st_mode & 0o077:
            raise ConfigError(f"{setting} : {path} doit être lisible par son propriétaire seul (chmod 600)")
        text = Path(path).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ConfigError(f"{setting} : fichier {path} introuvable") from None
    except OSError as exc:
        raise ConfigError(f"{setting} : {path} illisible ({exc.strerror})") from None
    if not text:
        raise ConfigError(f"{setting} : {path} est vide")
    return text.splitlines()[0].strip()


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """An exclusive lock (flock) on PATH.lock, between processes and threads."""
    lock = path.with_name(path.name + ".lock")
    fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _json_or_empty(body: bytes) -> dict:
    try:
        payload = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip() if text and text.strip() else ""
