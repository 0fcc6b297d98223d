"""Every setting of the service, in one declared schema.

Values come from the environment (FABRIQUE_*), optionally from a TOML file named by
FABRIQUE_CONFIG; the environment wins. Secrets may also be read from a file
(FABRIQUE_IMAP_PASSWORD_FILE, ...) readable by the service alone.
"""
from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict


class ConfigError(ValueError):
    """A setting is missing or wrong; the message names the setting."""


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
            raise ConfigError(f"FABRIQUE_CONFIG: cannot read {path}: {exc}") from exc
        return {k.lower().removeprefix("fabrique_"): v for k, v in data.items()}


Security = Literal["ssl", "starttls", "none"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FABRIQUE_", extra="ignore")

    data_dir: Path = Field(Path("./var"), description="SQLite database, raw-mail archive, file outbox")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: SQLite file in the data dir")
    call: str = Field("fabrique-cto-2022", description="which call definition in config/calls applies")

    imap_host: str | None = Field(None, description="IMAP server of the submissions mailbox")
    imap_port: int | None = Field(None, description="IMAP port (default 993 for ssl, 143 otherwise)")
    imap_user: str | None = Field(None, description="IMAP login")
    imap_password: SecretStr | None = Field(None, description="IMAP password (or FABRIQUE_IMAP_PASSWORD_FILE)")
    imap_folder: str = Field("INBOX", description="folder polled for submissions")
    imap_security: Security = Field("ssl", description="ssl, starttls or none (none only for loopback tests)")
    imap_auth: Literal["password", "xoauth2"] = Field("password", description="password or xoauth2")
    imap_processed_keyword: str = Field("FabriqueIngested", description="IMAP keyword set on ingested mail")
    imap_move_to: str | None = Field(None, description="move ingested mail to this folder instead of flagging")
    imap_batch: int = Field(50, description="messages fetched per FETCH command")
    imap_timeout: float = Field(60.0, description="socket timeout in seconds")
    imap_idle: bool = Field(True, description="use IDLE when the server offers it")
    imap_sent_folder: str | None = Field(None, description="Sent folder; default: found by special-use \\Sent")

    smtp_host: str | None = Field(None, description="outgoing mail server; unset = file outbox in the data dir")
    smtp_port: int | None = Field(None, description="SMTP port (default 465 for ssl, 587 for starttls, 25 for none)")
    smtp_user: str | None = Field(None, description="SMTP login")
    smtp_password: SecretStr | None = Field(None, description="SMTP password (or FABRIQUE_SMTP_PASSWORD_FILE)")
    smtp_security: Security = Field("starttls", description="ssl, starttls or none")
    smtp_auth: Literal["password", "xoauth2"] = Field("password", description="password or xoauth2")
    smtp_timeout: float = Field(30.0, description="socket timeout in seconds")
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
    poll_interval: int = Field(120, description="seconds between polls when IDLE is not offered")
    digest_at: str = Field("08:00", description="local time (Europe/Paris) of the daily digest")
    timezone: str = Field("Europe/Paris", description="time zone of staff")

    max_message_bytes: int = Field(50_000_000, description="larger messages are quarantined")
    max_attachments: int = Field(40, description="more attachments are quarantined")
    max_archive_depth: int = Field(3, description="nesting of zip / message/rfc822 / TNEF opened")
    max_unpacked_bytes: int = Field(200_000_000, description="total size unpacked from archives")
    extraction_timeout: float = Field(60.0, description="seconds per document")
    extraction_memory_mb: int = Field(1024, description="address-space limit of an extraction worker")
    extraction_workers: int = Field(2, description="extraction worker processes")
    sender_daily_cap: int = Field(
        5, description="automatic answers to one mailbox within 24 h, its spellings together (case and "
                       "+tag ignored; of those, one spelling a day): more wait, held, until the cap allows; 0: no cap")
    domain_daily_cap: int = Field(
        40, description="automatic answers to the addresses of one domain within 24 h: more wait, held; 0: no cap")
    hourly_answer_cap: int = Field(
        200, description="automatic answers queued in any one hour, all recipients together: more wait, "
                         "held; 0: no cap")
    smtp_max_attempts: int = Field(
        8, description="deliveries the SMTP server may refuse for one answer (4xx) before it is marked failed")
    smtp_retry_hours: float = Field(
        48.0, description="hours an answer waits while the SMTP server cannot be reached or refuses the login "
                          "(such failures spend no attempt) before it is marked failed (`outbox retry` requeues it)")
    smtp_alert_after: int = Field(
        1800, description="seconds the SMTP server may stay unreachable while answers wait before staff are warned")
    mailbox_alert_after: int = Field(1800, description="seconds without a successful poll before staff are warned")
    stale_poll_after: int = Field(900, description="status is unhealthy when the last poll is older (run mode)")

    @field_validator("digest_at")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        h, _, m = v.partition(":")
        if not (h.isdigit() and m.isdigit() and int(h) < 24 and int(m) < 60):
            raise ValueError("expected HH:MM")
        return v

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
                raise ConfigError(f"FABRIQUE_{name.upper()}_FILE: {path} must be readable by its owner only "
                                  "(chmod 600)")
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:  # missing, unreadable: a configuration error, named
            raise ConfigError(f"FABRIQUE_{name.upper()}_FILE: {path}: {exc.strerror}") from None


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning validation errors into one ConfigError naming the setting."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = "FABRIQUE_" + str(err["loc"][0]).upper() if err.get("loc") else "FABRIQUE_*"
        raise ConfigError(f"{name}: {err['msg']}") from None
