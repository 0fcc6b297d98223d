"""The tables. One row per thing staff or the service must remember.

store/ knows nothing of IMAP or SMTP: it keeps what the other parts hand it.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from store.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _ts(nullable: bool = True, now: bool = False) -> Any:
    if now:
        return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=nullable))
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable))


def _json(default: Any) -> Any:
    return Field(default_factory=lambda: type(default)(default), sa_column=Column(JSON, nullable=False))


def _uid(nullable: bool = False, default: Any = None) -> Any:
    """IMAP UIDs and UIDVALIDITY are unsigned 32-bit: beyond PostgreSQL's INTEGER (migration 0005)."""
    return Field(default=default, sa_column=Column(BigInteger(), nullable=nullable))


class MailboxCursor(SQLModel, table=True):
    """Per account and folder: UIDVALIDITY and the UID below which everything is settled."""

    __tablename__ = "mailbox_cursor"
    __table_args__ = (UniqueConstraint("account", "folder"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    account: str
    folder: str
    uidvalidity: Optional[int] = _uid(nullable=True)
    last_uid: int = _uid(default=0)
    last_poll_at: Optional[datetime] = _ts(nullable=True)
    last_success_at: Optional[datetime] = _ts(nullable=True)
    last_error: Optional[str] = Field(default=None, sa_column=Column(Text))
    failing_since: Optional[datetime] = _ts(nullable=True)
    # when a message of this folder was last stored: a UID failing since before then fails alone
    last_stored_at: Optional[datetime] = _ts(nullable=True)
    sent_folder: Optional[str] = None  # the Sent folder found on the server (service.sentbox)
    sent_problem: Optional[str] = Field(default=None, sa_column=Column(Text))  # none found, or copies refused


class Lease(SQLModel, table=True):
    """A named lock held for a while by one process (one poller per mailbox)."""

    __tablename__ = "lease"
    name: str = Field(primary_key=True)
    holder: str
    expires_at: datetime = _ts(nullable=False)


class Message(SQLModel, table=True):
    """One inbound message, archived raw before anything parses it."""

    __tablename__ = "message"
    id: Optional[int] = Field(default=None, primary_key=True)
    sha256: str = Field(index=True, unique=True, max_length=64)
    message_id: Optional[str] = Field(default=None, index=True, max_length=998)
    archive_path: str
    size: int
    origin: str = "import"  # imap | import
    received_at: datetime = _ts(nullable=False)
    from_addr: Optional[str] = Field(default=None, index=True)
    from_name: Optional[str] = None
    subject: Optional[str] = Field(default=None, sa_column=Column(Text))
    in_reply_to: Optional[str] = Field(default=None, sa_column=Column(Text))
    references: Optional[str] = Field(default=None, sa_column=Column(Text))
    classification: Optional[str] = Field(default=None, index=True)
    dossier_id: Optional[int] = Field(default=None, foreign_key="dossier.id", index=True)
    state: str = Field(default="archived", index=True)  # archived | processed | failed | quarantined
    error: Optional[str] = Field(default=None, sa_column=Column(Text))
    attempts: int = 0
    created_at: datetime = _ts(nullable=False, now=True)
    processed_at: Optional[datetime] = _ts(nullable=True)


class MailboxEntry(SQLModel, table=True):
    """The ledger, one row per server message (folder, UIDVALIDITY, UID): which archived message it
    is, or why it could not be stored yet; and whether it is marked on the server."""

    __tablename__ = "mailbox_entry"
    __table_args__ = (UniqueConstraint("account", "folder", "uidvalidity", "uid"),
                      # the rows still to mark, read at every poll (migration 0002)
                      Index("ix_mailbox_entry_unmarked", "account", "folder", "uidvalidity", "uid",
                            sqlite_where=text("marked = 0"), postgresql_where=text("marked = false")))
    id: Optional[int] = Field(default=None, primary_key=True)
    account: str
    folder: str
    uidvalidity: int = _uid()
    uid: int = _uid()
    message_pk: Optional[int] = Field(default=None, foreign_key="message.id", index=True)
    state: str = "stored"  # stored (message_pk set) | failing (fetched again) | quarantined (given up)
    attempts: int = 0  # failed fetches or stores of this UID alone
    last_error: Optional[str] = Field(default=None, sa_column=Column(Text))
    failed_since: Optional[datetime] = _ts(nullable=True)
    marked: bool = False  # keyword set / moved on the server
    mark_attempts: int = 0
    mark_error: Optional[str] = Field(default=None, sa_column=Column(Text))
    mark_after: Optional[datetime] = _ts(nullable=True)  # the next marking attempt, not before


class Attachment(SQLModel, table=True):
    __tablename__ = "attachment"
    id: Optional[int] = Field(default=None, primary_key=True)
    message_pk: int = Field(foreign_key="message.id", index=True)
    position: int
    filename: str  # display name (sanitised); never used as a path
    sha256: str = Field(max_length=64)
    content_type: Optional[str] = None
    size: int
    inline: bool = False
    extraction: str = "pending"  # ok | unreadable | encrypted | unsupported | error | pending
    reason: Optional[str] = Field(default=None, sa_column=Column(Text))


class Dossier(SQLModel, table=True):
    __tablename__ = "dossier"
    id: Optional[int] = Field(default=None, primary_key=True)
    reference: str = Field(index=True, unique=True)
    call: str
    applicant_email: str = Field(index=True)
    applicant_name: Optional[str] = None
    organisation: Optional[str] = None
    org_domain: Optional[str] = Field(default=None, index=True)
    project_title: Optional[str] = Field(default=None, sa_column=Column(Text))
    status: str = "incomplete"
    missing: list = _json([])
    flags: list = _json([])
    reasons: list = _json([])
    budget: dict = _json({})
    received_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False, now=True)
    completed_at: Optional[datetime] = _ts(nullable=True)
    state_key: Optional[str] = None  # hash of (status, missing) that answers follow
    purged: bool = False
    # the attachments the reader could not read whole (or only by OCR): what answers ask for again
    unread: list = _json([])
    # why staff must look at the dossier themselves (French; notify.doubt.review_reason), or None
    review: Optional[str] = Field(default=None, sa_column=Column(Text))


class RequirementResult(SQLModel, table=True):
    __tablename__ = "requirement_result"
    __table_args__ = (UniqueConstraint("dossier_id", "key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    key: str
    present: bool
    attachment: Optional[str] = None
    page: Optional[int] = None
    excerpt: Optional[str] = Field(default=None, sa_column=Column(Text))
    # how far the reading can be trusted (extract.types.Analysis.confidence): sure | probable | unsure;
    # an "unsure" missing element is never named to the applicant (notify.doubt)
    confidence: Optional[str] = None


class BudgetLineRow(SQLModel, table=True):
    __tablename__ = "budget_line"
    id: Optional[int] = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    kind: str  # expense | resource
    label: str = Field(sa_column=Column(Text, nullable=False))
    amount_eur: float
    category: Optional[str] = None  # expenses
    nature: Optional[str] = None  # resources: anact | subvention | autofinancement | ...
    attachment: Optional[str] = None
    page: Optional[int] = None


class PartnerRow(SQLModel, table=True):
    __tablename__ = "partner"
    id: Optional[int] = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    name: str = Field(sa_column=Column(Text, nullable=False))
    contribution: Optional[str] = Field(default=None, sa_column=Column(Text))
    attachment: Optional[str] = None
    page: Optional[int] = None


class FlagRow(SQLModel, table=True):
    __tablename__ = "flag"
    __table_args__ = (UniqueConstraint("dossier_id", "code"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    code: str
    reason: Optional[str] = Field(default=None, sa_column=Column(Text))


class Outbox(SQLModel, table=True):
    """An answer decided in the same transaction as the evaluation that calls for it."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("dedupe_key"),
                      # the caps on answers (notify.guards, migration 0004): per mailbox, per domain, per hour
                      Index("ix_outbox_to_key_created", "to_key", "created_at"),
                      Index("ix_outbox_to_domain_created", "to_domain", "created_at"),
                      Index("ix_outbox_created_at", "created_at"))
    id: Optional[int] = Field(default=None, primary_key=True)
    dedupe_key: str  # dossier + kind + state + rank: one row per answer a dossier's states call for
    dossier_id: Optional[int] = Field(default=None, foreign_key="dossier.id", index=True)
    kind: str  # acknowledgement | completion_request | completion_acknowledgement | digest | alert
    to_addr: str  # lower case for answers (notify.answers); staff addresses joined for digests and alerts
    to_key: Optional[str] = None  # answers: the recipient's mailbox, case and +tag removed (the caps)
    to_domain: Optional[str] = None  # answers: the recipient's domain (the caps)
    state_key: Optional[str] = None  # answers: the dossier state (status, missing) the answer speaks of
    trigger_pk: Optional[int] = None  # answers: the message that called for it (message.id, no constraint)
    subject: str = Field(sa_column=Column(Text, nullable=False))
    message_id: str = Field(index=True)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # the whole RFC 5322 message
    # held (a cap defers it) | pending | sending | sent | written | failed
    status: str = Field(default="pending", index=True)
    attempts: int = 0  # deliveries the server refused for this message (not connection or login failures)
    next_attempt_at: Optional[datetime] = _ts(nullable=True)
    last_error: Optional[str] = Field(default=None, sa_column=Column(Text))
    created_at: datetime = _ts(nullable=False, now=True)  # when it entered the queue (a held answer: when released)
    sent_at: Optional[datetime] = _ts(nullable=True)
    claimed_at: Optional[datetime] = _ts(nullable=True)  # "sending": when its sender took it
    claimed_by: Optional[str] = None  # "sending": which process took it (host:pid:...)
    failing_since: Optional[datetime] = _ts(nullable=True)  # the server unreachable for it since (no success since)
    # "bounced": when the recipient's server sent it back (notify.bounces; the reason in last_error)
    bounced_at: Optional[datetime] = _ts(nullable=True)


class Alert(SQLModel, table=True):
    """An operational condition staff were told about (once when it starts, once when it ends)."""

    __tablename__ = "alert"
    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    detail: Optional[str] = Field(default=None, sa_column=Column(Text))
    opened_at: datetime = _ts(nullable=False)
    closed_at: Optional[datetime] = _ts(nullable=True)


class Counter(SQLModel, table=True):
    """Anonymous counts kept after a purge (GDPR retention)."""

    __tablename__ = "counter"
    name: str = Field(primary_key=True)
    value: int = 0


# --- staff review (web/, service/corrections.py) ------------------------------------------------

class StaffAccount(SQLModel, table=True):
    """A person who may use the review pages: `fabrique-intake staff add NAME` (argon2 hash), or
    signed in by the agency's reverse proxy (FABRIQUE_WEB_REMOTE_USER_HEADER: no password here)."""

    __tablename__ = "staff_account"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    password_hash: Optional[str] = Field(default=None, sa_column=Column(Text))  # None: single sign-on only
    disabled: bool = False
    created_at: datetime = _ts(nullable=False, now=True)
    last_login_at: Optional[datetime] = _ts(nullable=True)


class LoginAttempt(SQLModel, table=True):
    """A failed login, by account name and address: what the rate limits count (web/auth.py)."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_account_at", "account", "at"),
                      Index("ix_login_attempt_address_at", "address", "at"))
    id: Optional[int] = Field(default=None, primary_key=True)
    account: str
    address: str
    at: datetime = _ts(nullable=False, now=True)


class Correction(SQLModel, table=True):
    """What a person said the reading got wrong, applied on every evaluation of the dossier
    (service/corrections.py), reprocess included, until it is withdrawn.

    kind: requirement (key, value {"present", "note", "attachment", "page"}) | figure (key: a budget
    figure, value {"amount"}) | partner_add (value {"name", "contribution"}) | partner_remove (key:
    the name) | message (message_pk joins dossier_ref, whatever matching says)."""

    __tablename__ = "correction"
    id: Optional[int] = Field(default=None, primary_key=True)
    dossier_ref: str = Field(index=True)  # a reference, not a key: a merge removes the dossier it empties
    kind: str
    key: Optional[str] = Field(default=None, sa_column=Column(Text))
    message_pk: Optional[int] = Field(default=None, index=True)
    value: dict = _json({})
    author: str
    created_at: datetime = _ts(nullable=False, now=True)
    withdrawn_at: Optional[datetime] = _ts(nullable=True)
    withdrawn_by: Optional[str] = None


class AuditEntry(SQLModel, table=True):
    """Every change a person made through the review pages or the staff commands: who, when, what."""

    __tablename__ = "audit_entry"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = _ts(nullable=False, now=True)
    actor: str
    action: str = Field(index=True)
    dossier_ref: Optional[str] = Field(default=None, index=True)
    detail: Optional[str] = Field(default=None, sa_column=Column(Text))  # French, as staff read it
