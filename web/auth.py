"""Who may use the review pages, and how a request proves it.

    accounts     `fabrique-intake staff add NAME`: an argon2 hash (argon2-cffi), the password
                 asked on the terminal only; or a person named by the agency's reverse proxy
                 (FABRIQUE_WEB_REMOTE_USER_HEADER), honoured only from FABRIQUE_WEB_TRUSTED_PROXY
    sessions     a signed cookie (itsdangerous): the person, a CSRF token, when it was issued;
                 HttpOnly, SameSite=Strict, Secure behind TLS; FABRIQUE_WEB_SESSION_HOURS long
    CSRF         every form carries the session's token; a POST without it is refused
    rate limits  failed logins counted per account and per address (store.models.LoginAttempt):
                 past ACCOUNT_LIMIT (or ADDRESS_LIMIT) in WINDOW, logins wait
"""
from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from config.settings import Settings
from store.archive import write_atomic
from store.models import AuditEntry, LoginAttempt, StaffAccount, utcnow

log = logging.getLogger(__name__)

SESSION_COOKIE = "fabrique_session"
LOGIN_COOKIE = "fabrique_login"  # the login form's own CSRF token, before any session
ACCOUNT_LIMIT = 5  # failed logins of one account within WINDOW
ADDRESS_LIMIT = 20  # failed logins from one address within WINDOW
WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 12
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789.-_@")

_hasher = PasswordHasher()
_DUMMY = _hasher.hash(secrets.token_hex(16))  # verified for unknown names: same time as a real account


class AccountError(ValueError):
    """A staff account that cannot be created or changed (French)."""


@dataclass(frozen=True)
class Staff:
    name: str
    csrf: str
    via: str  # password | proxy


# --- accounts --------------------------------------------------------------------------------

def valid_name(name: str) -> str:
    name = (name or "").strip().lower()
    if not name or len(name) > 64 or set(name) - NAME_CHARS:
        raise AccountError("nom de compte attendu : lettres minuscules sans accent, chiffres, « . », « - », « _ » "
                           "ou « @ » (64 caractères au plus), par exemple marie.durand")
    return name


def add_staff(engine: Engine, name: str, password: str, *, actor: str = "console", replace: bool = False) -> str:
    """Create the account (or set a new password with `replace`); returns its name."""
    name = valid_name(name)
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"mot de passe trop court : {MIN_PASSWORD} caractères au moins")
    with Session(engine) as s:
        account = s.exec(select(StaffAccount).where(StaffAccount.name == name)).first()
        if account is not None and not replace:
            raise AccountError(f"le compte {name} existe déjà (nouveau mot de passe : fabrique-intake staff password "
                               f"{name})")
        if account is None and replace:
            raise AccountError(f"aucun compte {name} (le créer : fabrique-intake staff add {name})")
        account = account or StaffAccount(name=name, created_at=utcnow())
        account.password_hash, account.disabled = _hasher.hash(password), False
        s.add(account)
        s.add(AuditEntry(actor=actor, action="compte:mot de passe" if replace else "compte:créé", at=utcnow(),
                         detail=f"compte {name} {'nouveau mot de passe' if replace else 'créé'}"))
        s.commit()
    return name


def disable_staff(engine: Engine, name: str, *, actor: str = "console") -> None:
    with Session(engine) as s:
        account = s.exec(select(StaffAccount).where(StaffAccount.name == valid_name(name))).first()
        if account is None:
            raise AccountError(f"aucun compte {name}")
        account.disabled = True
        s.add(account)
        s.add(AuditEntry(actor=actor, action="compte:désactivé", detail=f"compte {account.name} désactivé",
                         at=utcnow()))
        s.commit()


def list_staff(engine: Engine) -> list[StaffAccount]:
    with Session(engine) as s:
        return list(s.exec(select(StaffAccount).order_by(StaffAccount.name)).all())


def active_account(s: Session, name: str) -> StaffAccount | None:
    account = s.exec(select(StaffAccount).where(StaffAccount.name == name)).first()
    return account if account is not None and not account.disabled else None


# --- logins and their limits -----------------------------------------------------------------

class Throttled(Exception):
    """Too many failed logins: the French reason says how long to wait."""


def _failures(s: Session, column, value: str) -> int:
    since = utcnow() - WINDOW
    return s.exec(select(func.count()).select_from(LoginAttempt).where(column == value, LoginAttempt.at >= since)).one()


def check_password(engine: Engine, name: str, password: str, address: str) -> str | None:
    """The account's name when the password is right; None when not. Raises Throttled when the
    account or the address has failed too often lately (then not even a right password enters)."""
    try:
        name = valid_name(name)
    except AccountError:
        name = (name or "").strip().lower()[:64] or "?"
    with Session(engine) as s:
        if _failures(s, LoginAttempt.account, name) >= ACCOUNT_LIMIT or \
                _failures(s, LoginAttempt.address, address) >= ADDRESS_LIMIT:
            log.warning("connexion refusée (trop d’essais) : compte %s, adresse %s", name, address)
            raise Throttled(f"trop de tentatives de connexion : réessayez dans {WINDOW.seconds // 60} minutes")
        account = active_account(s, name)
        stored = account.password_hash if account is not None and account.password_hash else _DUMMY
        try:
            good = _hasher.verify(stored, password) and account is not None and bool(account.password_hash)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            good = False
        if not good:
            s.exec(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - timedelta(days=1)))
            s.add(LoginAttempt(account=name, address=address, at=utcnow()))
            s.commit()
            log.warning("échec de connexion : compte %s, adresse %s", name, address)
            return None
        if _hasher.check_needs_rehash(account.password_hash):
            account.password_hash = _hasher.hash(password)
        account.last_login_at = utcnow()
        s.add(account)
        s.exec(delete(LoginAttempt).where(LoginAttempt.account == name))
        s.add(AuditEntry(actor=name, action="connexion", detail=f"connexion depuis {address}", at=utcnow()))
        s.commit()
        return account.name


def proxy_account(engine: Engine, name: str, address: str) -> str | None:
    """The person the trusted proxy names: their account, created at their first visit (no
    password: they enter only through the proxy); None when it is disabled or the name invalid."""
    try:
        name = valid_name(name)
    except AccountError:
        log.warning("nom transmis par le mandataire refusé : %r", name[:80])
        return None
    with Session(engine) as s:
        account = s.exec(select(StaffAccount).where(StaffAccount.name == name)).first()
        if account is None:
            s.add(StaffAccount(name=name, created_at=utcnow(), last_login_at=utcnow()))
            s.add(AuditEntry(actor=name, action="compte:créé", at=utcnow(),
                             detail=f"compte {name} créé à sa première visite par l’authentification unique "
                                    f"(depuis {address})"))
            s.commit()
            return name
        return None if account.disabled else account.name


# --- requests: who, from where ---------------------------------------------------------------

def _ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def peer_address(scope: dict) -> str:
    client = scope.get("client")
    return client[0] if client else "?"


def from_proxy(scope: dict, settings: Settings) -> bool:
    return _ip(peer_address(scope)) in {_ip(p) for p in settings.trusted_proxies}


def client_address(scope: dict, headers, settings: Settings) -> str:
    """The browser's address: the peer's, or the one the trusted proxy appended to X-Forwarded-For."""
    peer = peer_address(scope)
    if from_proxy(scope, settings):
        forwarded = [a.strip() for a in (headers.get("x-forwarded-for") or "").split(",") if a.strip()]
        if forwarded and _ip(forwarded[-1]):
            return _ip(forwarded[-1])
    return peer


def behind_tls(scope: dict, headers, settings: Settings) -> bool:
    if (settings.web_url or "").startswith("https://") or scope.get("scheme") == "https":
        return True
    return from_proxy(scope, settings) and (headers.get("x-forwarded-proto") or "").lower() == "https"


def remote_user(scope: dict, headers, settings: Settings) -> str | None:
    """The name in FABRIQUE_WEB_REMOTE_USER_HEADER, from the trusted proxy only."""
    header = settings.web_remote_user_header
    if not header:
        return None
    value = headers.get(header.lower())
    if value and not from_proxy(scope, settings):
        log.warning("en-tête %s ignoré : la requête ne vient pas du mandataire (%s)", header, peer_address(scope))
        return None
    return value or None


# --- signed cookies ----------------------------------------------------------------------------

def secret_key(settings: Settings) -> str:
    """FABRIQUE_WEB_SECRET_KEY (or its _FILE), else a key made once in the data dir (owner-only)."""
    given = settings.secret("web_secret_key")
    if given:
        return given
    path = Path(settings.data_dir) / "web-secret-key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(48)
        write_atomic(path, key.encode())
        os.chmod(path, 0o600)
        return key


class Signer:
    def __init__(self, key: str, settings: Settings):
        self.sessions = URLSafeTimedSerializer(key, salt="fabrique-web-session")
        self.login = URLSafeTimedSerializer(key, salt="fabrique-web-login")
        self.flash = URLSafeTimedSerializer(key, salt="fabrique-web-flash")
        self.max_age = int(settings.web_session_hours * 3600)

    def new_session(self, name: str, via: str) -> tuple[Staff, str]:
        staff = Staff(name=name, csrf=secrets.token_urlsafe(32), via=via)
        return staff, self.sessions.dumps({"u": name, "c": staff.csrf, "v": via})

    def read_session(self, cookie: str | None) -> Staff | None:
        if not cookie:
            return None
        try:
            data = self.sessions.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not data.get("u") or not data.get("c"):
            return None
        return Staff(name=str(data["u"]), csrf=str(data["c"]), via=str(data.get("v") or "password"))

    def login_token(self, cookie: str | None) -> str | None:
        try:
            return str(self.login.loads(cookie, max_age=3600)) if cookie else None
        except BadSignature:
            return None


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
