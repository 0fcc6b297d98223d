"""Typed failures of the ingest layer; each carries a French reason shown to staff."""


class IngestError(Exception):
    """Base class: str(exc) is the reason recorded with the message."""


class UnparseableMessage(IngestError):
    pass


class MessageTooLarge(IngestError):
    pass


class MailboxUnavailable(IngestError):
    """The IMAP server cannot be reached or dropped the connection (retry later)."""


class AuthenticationFailed(IngestError):
    """The IMAP server rejected the credentials or the OAuth2 token."""
