"""What every command needs, built once from the settings and passed explicitly."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from config.call import CallRules, load_call
from config.settings import Settings
from store.archive import archive_root
from store.db import make_engine, migrate

DOCUMENT_CACHE = 128  # documents kept (the last ~50 messages'): earlier ones are read again from the archive
MESSAGE_CACHE = 32  # messages whose list of documents is kept (a dossier's replies come soon after it)


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    call: CallRules
    documents: dict = field(default_factory=dict)  # sha256 -> extract.types.Document (bounded cache)
    last_analysis: tuple | None = None  # (documents, Analysis) of the last analyse() (service.pipeline)
    prepared: dict = field(default_factory=dict)  # message pk -> Future of its preparation (service.pipeline)
    ahead: dict = field(default_factory=dict)  # message pk -> (its documents, Future of their analysis)
    message_docs: dict = field(default_factory=dict)  # message pk -> its documents as last evaluated (bounded)

    @property
    def archive(self) -> Path:
        return archive_root(self.settings.data_dir)

    def remember_message(self, pk: int, docs: list) -> None:
        """A message's documents in their order (service.pipeline): a dossier's next evaluation
        takes them as they are, neither its attachments' rows nor its documents looked up again."""
        self.message_docs.pop(pk, None)
        if len(self.message_docs) >= MESSAGE_CACHE:
            self.message_docs.pop(next(iter(self.message_docs)))
        self.message_docs[pk] = docs

    def remember(self, sha: str, doc) -> None:
        if len(self.documents) > DOCUMENT_CACHE:
            self.documents.pop(next(iter(self.documents)))
        self.documents[sha] = doc


def open_runtime(settings: Settings) -> Runtime:
    """Create the data dir (owner-only), migrate the database and load the call."""
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = make_engine(settings.db_url)
    migrate(engine)
    return Runtime(settings=settings, engine=engine, call=load_call(settings.call))


def log_failure(logger: logging.Logger, message: str, exc: BaseException) -> None:
    """A job's failure in the log: one line when the database cannot be reached (an outage repeats
    the same error at every retry; its traceback says nothing more), the traceback otherwise."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    if isinstance(exc, (OperationalError, InterfaceError)):
        lines = str(exc).strip().splitlines()
        logger.warning("%s : base de données injoignable (FABRIQUE_DATABASE_URL) : %s", message,
                       lines[0] if lines else type(exc).__name__)
    else:
        logger.error("%s", message, exc_info=exc)
