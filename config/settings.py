"""Every setting of the service, in one declared schema.

Values come from the environment (FABRIQUE_*), optionally from a TOML file named by
FABRIQUE_CONFIG; the environment wins. Secrets may also be read from a file
(FABRIQUE_IMAP_PASSWORD_FILE, ...) readable by the service alone.
"""
from __future__ import annotations

import os
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import Any, Literal

from email.utils import getaddresses
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from config.settings_errors import describe, os_reason


class ConfigError(ValueError):
    """A setting is missing or wrong; the message names the setting."""


def _is_address(text: str) -> bool:
    """One mailbox, bare or with a display name: local part, "@", a domain without spaces."""
    pairs = getaddresses([text])
    if len(pairs) != 1:
        return False
    local, at, domain = pairs[0][1].rpartition("@")
    return bool(local and at and domain) and not any(c.isspace() for c in pairs[0][1]) and "@" not in local


class _TomlSource(PydanticBaseSettingsSource):
    """Reads the TOML file named by FABRIQUE_CONFIG (keys without the FABRIQUE_ prefix)."""

    def get_field_value(self, field, field_name):  # pragma: no cover - unused by __call__
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = os.environ.get("FABRIQUE_CONFIG")
        if not path:
            return {}
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else f"TOML invalide : {exc}"
            raise ConfigError(f"FABRIQUE_CONFIG = {path} : fichier illisible ({reason})") from None
        # a field named by an alias (FABRIQUE_FROM) is given under it, else the key would be ignored
        aliases = {f.alias.lower().removeprefix("fabrique_"): f.alias
                   for f in self.settings_cls.model_fields.values() if f.alias}
        keys = (k.lower().removeprefix("fabrique_") for k in data)
        return {aliases.get(key, key): value for key, value in zip(keys, data.values())}


Security = Literal["ssl", "starttls", "none"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FABRIQUE_", extra="ignore")

    data_dir: Path = Field(Path("./var"), description="SQLite database, raw-mail archive, file outbox")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: SQLite file in the data dir")
    call: str = Field("fabrique-cto-2022", description="which call definition in config/calls applies")

    imap_host: str | None = Field(None, description="IMAP server of the submissions mailbox")
    imap_port: int | None = Field(None, ge=1, le=65535, description="IMAP port (default 993 for ssl, 143 otherwise)")
    imap_user: str | None = Field(None, description="IMAP login")
    imap_password: SecretStr | None = Field(None, description="IMAP password (or FABRIQUE_IMAP_PASSWORD_FILE)")
    imap_folder: str = Field("INBOX", description="folder polled for submissions")
    imap_security: Security = Field("ssl", description="ssl, starttls or none (none only for loopback tests)")
    imap_auth: Literal["password", "xoauth2"] = Field("password", description="password or xoauth2")
    imap_processed_keyword: str = Field("FabriqueIngested", description="IMAP keyword set on ingested mail")
    imap_move_to: str | None = Field(None, description="move ingested mail to this folder instead of flagging")
    imap_batch: int = Field(50, ge=1, description="messages fetched per FETCH command")
    imap_timeout: float = Field(60.0, gt=0, description="socket timeout in seconds")
    imap_idle: bool = Field(True, description="use IDLE when the server offers it")
    imap_sent_folder: str | None = Field(None, description="Sent folder; default: found by special-use \\Sent")

    smtp_host: str | None = Field(None, description="outgoing mail server; unset = file outbox in the data dir")
    smtp_port: int | None = Field(None, ge=1, le=65535, description="SMTP port (default 465 for ssl, 587 for starttls, 25 for none)")
    smtp_user: str | None = Field(None, description="SMTP login")
    smtp_password: SecretStr | None = Field(None, description="SMTP password (or FABRIQUE_SMTP_PASSWORD_FILE)")
    smtp_security: Security = Field("starttls", description="ssl, starttls or none")
    smtp_auth: Literal["password", "xoauth2"] = Field("password", description="password or xoauth2")
    smtp_timeout: float = Field(30.0, gt=0, description="socket timeout in seconds")
    smtp_saves_sent: bool = Field(
        False, description="the SMTP server files each accepted message in the Sent folder itself "
                           "(Exchange Online, Gmail): no copy is appended, and an answer whose fate a crash "
                           "left unknown is recognised there")

    oauth_provider: Literal["microsoft", "google", "command", "file"] | None = Field(
        None, description="where XOAUTH2 access tokens come from")
    oauth_tenant: str | None = Field(None, description="Microsoft Entra tenant id")
    oauth_client_id: str | None = Field(None, description="OAuth2 client (application) id")
    oauth_client_secret: SecretStr | None = Field(None, description="OAuth2 client secret (or _FILE)")
    oauth_token_url: str | None = Field(None, description="token endpoint override (tests, other providers)")
    oauth_scope: str | None = Field(None, description="OAuth2 scope override")
    oauth_refresh_token_file: Path | None = Field(None, description="file holding the (rotated) refresh token")
    oauth_token_command: str | None = Field(None, description="command printing an access token")
    oauth_token_file: Path | None = Field(None, description="file holding an access token")

    from_address: str = Field("Fabrique CTO <fabrique@anact.fr>", alias="FABRIQUE_FROM",
                              description="sender of answers and digest")
    digest_to: str | None = Field(None, description="staff addresses, comma-separated")
    poll_interval: int = Field(120, ge=1, description="seconds between polls when IDLE is not offered")
    digest_at: str = Field("08:00", description="local time (Europe/Paris) of the daily digest")
    timezone: str = Field("Europe/Paris", description="time zone of staff")

    max_message_bytes: int = Field(50_000_000, ge=1, description="larger messages are quarantined")
    max_attachments: int = Field(40, ge=1, description="more attachments are quarantined")
    max_archive_depth: int = Field(3, ge=0, description="nesting of zip / message/rfc822 / TNEF opened")
    max_unpacked_bytes: int = Field(200_000_000, ge=1, description="total size unpacked from archives")
    extraction_timeout: float = Field(60.0, gt=0, description="seconds per document")
    extraction_memory_mb: int = Field(1024, ge=64, description="address-space limit of an extraction worker")
    extraction_workers: int = Field(2, ge=1, description="extraction worker processes")
    analysis_workers: int = Field(1, ge=1, le=8, description="analyst processes (each holds the named-entity model, "
                                                             "~200 MB): a second one analyses ahead in parallel")
    sender_daily_cap: int = Field(
        5, ge=0, description="automatic answers to one mailbox within 24 h, its spellings together (case and "
                       "+tag ignored; of those, one spelling a day): more wait, held, until the cap allows; 0: no cap")
    domain_daily_cap: int = Field(
        40, ge=0, description="automatic answers to the addresses of one domain within 24 h: more wait, held; 0: no cap")
    hourly_answer_cap: int = Field(
        200, ge=0, description="automatic answers queued in any one hour, all recipients together: more wait, "
                         "held; 0: no cap")
    smtp_max_attempts: int = Field(
        8, ge=1, description="deliveries the SMTP server may refuse for one answer (4xx) before it is marked failed")
    smtp_retry_hours: float = Field(
        48.0, gt=0, description="hours an answer waits while the SMTP server cannot be reached or refuses the login "
                          "(such failures spend no attempt) before it is marked failed (`outbox retry` requeues it)")
    smtp_alert_after: int = Field(
        1800, ge=0, description="seconds the SMTP server may stay unreachable while answers wait before staff are warned")
    mailbox_alert_after: int = Field(1800, ge=0, description="seconds without a successful poll before staff are warned")
    stale_poll_after: int = Field(900, ge=1, description="status is unhealthy when the last poll is older (run mode)")

    # --- staff review pages (`fabrique-intake web`, web/) ----------------------------------
    answers: Literal["auto", "review"] = Field(
        "auto", description="auto: answers leave at once, except for a dossier the reader is unsure of (it waits "
                            "for a person in the review pages); review: every answer waits for a person to approve it")
    web_host: str = Field("127.0.0.1", description="address the review pages listen on (behind the reverse proxy)")
    web_port: int = Field(8080, ge=1, le=65535, description="port the review pages listen on")
    web_url: str | None = Field(None, description="public address of the review pages (https://…): the digest "
                                                  "links each dossier to its page; https makes cookies Secure")
    web_secret_key: SecretStr | None = Field(
        None, description="key signing the session cookies (or FABRIQUE_WEB_SECRET_KEY_FILE); default: made once "
                          "and kept owner-only in the data dir")
    web_remote_user_header: str | None = Field(
        None, description="header by which the reverse proxy names the signed-in person (single sign-on), "
                          "e.g. X-Remote-User; honoured only from FABRIQUE_WEB_TRUSTED_PROXY")
    web_trusted_proxy: str | None = Field(
        None, description="address(es) of the reverse proxy, comma-separated: only its requests may name a person "
                          "(FABRIQUE_WEB_REMOTE_USER_HEADER) or the client's address (X-Forwarded-For)")
    web_session_hours: float = Field(10.0, gt=0, description="hours a staff session lasts")

    # --- validation: each reason in French, with what is accepted (config/settings_errors.py) ----
    @field_validator("digest_at")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        h, _, m = v.partition(":")
        if not (h.isdigit() and m.isdigit() and int(h) < 24 and int(m) < 60):
            raise ValueError("une heure HH:MM est attendue, de 00:00 à 23:59 (par exemple 08:00)")
        return v

    @field_validator("from_address")
    @classmethod
    def _one_address(cls, v: str) -> str:
        if len(getaddresses([v])) != 1 or not _is_address(v):
            raise ValueError("une adresse électronique est attendue, seule ou avec un nom : "
                             "fabrique@anact.fr ou « Fabrique CTO <fabrique@anact.fr> »")
        return v

    @field_validator("digest_to")
    @classmethod
    def _addresses(cls, v: str | None) -> str | None:
        wrong = [item.strip() for item in (v or "").split(",") if item.strip() and not _is_address(item)]
        if wrong:
            raise ValueError(f"« {wrong[0]} » n’est pas une adresse électronique ; des adresses séparées par "
                             "des virgules sont attendues : equipe@anact.fr, « Chef <chef@anact.fr> »")
        return v

    @field_validator("call")
    @classmethod
    def _known_call(cls, v: str) -> str:
        from config.call import CALLS_DIR

        names = sorted(p.stem for p in CALLS_DIR.glob("*.toml"))
        if v not in names:
            raise ValueError(f"appel inconnu ; appels disponibles (fichiers de {CALLS_DIR}) : "
                             + (", ".join(names) or "aucun"))
        return v

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("un fuseau horaire de la base IANA est attendu, par exemple Europe/Paris") from None
        return v

    @field_validator("web_url")
    @classmethod
    def _web_url(cls, v: str | None) -> str | None:
        if v and not v.startswith(("https://", "http://")):
            raise ValueError("une adresse web est attendue, par exemple https://fabrique.anact.fr")
        return v.rstrip("/") if v else v

    @field_validator("web_trusted_proxy")
    @classmethod
    def _proxies(cls, v: str | None) -> str | None:
        import ipaddress

        for item in (v or "").split(","):
            try:
                if item.strip():
                    ipaddress.ip_address(item.strip())
            except ValueError:
                raise ValueError(f"« {item.strip()} » n’est pas une adresse IP ; des adresses séparées par des "
                                 "virgules sont attendues, par exemple 127.0.0.1") from None
        return v

    @model_validator(mode="after")
    def _proxy_for_remote_user(self) -> "Settings":
        if self.web_remote_user_header and not self.trusted_proxies:
            raise ValueError("FABRIQUE_WEB_REMOTE_USER_HEADER demande FABRIQUE_WEB_TRUSTED_PROXY (l’adresse du "
                             "mandataire inverse, seul autorisé à nommer la personne connectée)")
        return self

    @model_validator(mode="after")
    def _oauth_provider_for_xoauth2(self) -> "Settings":
        for side in ("imap", "smtp"):
            if getattr(self, f"{side}_auth") == "xoauth2" and not self.oauth_provider:
                raise ValueError(f"FABRIQUE_{side.upper()}_AUTH=xoauth2 demande FABRIQUE_OAUTH_PROVIDER "
                                 "(microsoft, google, command ou file)")
        return self

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (init_settings, env_settings, _TomlSource(settings_cls))

    # --- derived values -------------------------------------------------
    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'fabrique.sqlite3').resolve()}"

    @property
    def staff_addresses(self) -> list[str]:
        return [a.strip() for a in (self.digest_to or "").split(",") if a.strip()]

    @property
    def trusted_proxies(self) -> frozenset[str]:
        return frozenset(a.strip() for a in (self.web_trusted_proxy or "").split(",") if a.strip())

    def secret(self, name: str) -> str | None:
        """A secret from the environment value or from FABRIQUE_<NAME>_FILE (owner-only file)."""
        value = getattr(self, name, None)
        if value is not None:
            return value.get_secret_value()
        path = os.environ.get(f"FABRIQUE_{name.upper()}_FILE")
        if not path:
            return None
        try:
            st = os.stat(path)
            if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise ConfigError(f"FABRIQUE_{name.upper()}_FILE = {path} : ce fichier secret doit être lisible "
                                  "par son seul propriétaire (chmod 600)")
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:  # missing, unreadable: a configuration error, named
            raise ConfigError(f"FABRIQUE_{name.upper()}_FILE = {path} : fichier illisible ({os_reason(exc)})") from None

    def check_data_dir(self) -> None:
        """Create the data dir (owner-only) and make sure the service can write in it."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            with tempfile.TemporaryFile(dir=self.data_dir):
                pass
        except OSError as exc:
            raise ConfigError(f"FABRIQUE_DATA_DIR = {self.data_dir} : dossier impossible à créer ou à écrire "
                              f"({os_reason(exc)}) ; le service y garde sa base, les courriers reçus et les "
                              "réponses.") from None


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning validation errors into one ConfigError naming the setting."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        if not err.get("loc") and err.get("type") == "value_error":  # a rule across settings names its own
            raise ConfigError(str(err.get("ctx", {}).get("error") or err["msg"])) from None
        raise ConfigError(describe(err, Settings.model_fields)) from None
