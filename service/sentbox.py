"""The IMAP Sent folder as the sender's memory: answers are appended there after
delivery, and looked for there before an answer whose fate is unknown is sent again.

One IMAP session serves a whole outbox flush (opened at the first copy or look-up, ended by
`close()`; a lost session is opened again once needed). The folder is FABRIQUE_IMAP_SENT_FOLDER,
else the one the server marks \\Sent, else a usual name inside the personal namespace
(ingest.imap.Mailbox.find_sent_folder). What was found, or why no copy can be made, is kept on
the mailbox cursor for `status`: without a Sent folder no copy is made, and an answer whose fate
is unknown is sent again (as without any Sent folder), never left "sending" for good.
"""
from __future__ import annotations

import logging

from config.settings import Settings
from ingest.errors import MailboxUnavailable

log = logging.getLogger(__name__)


class ImapSentBox:
    def __init__(self, settings: Settings, token_provider=None, engine=None):
        self.settings = settings
        self.token_provider = token_provider
        self.engine = engine  # where `status` learns what was found; None: nowhere
        self._folder: str | None = settings.imap_sent_folder
        self._looked = self._folder is not None
        self._box = None
        self._noted: tuple = ("?", "?")  # what the cursor says already

    def __enter__(self) -> "ImapSentBox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _session(self):
        if self._box is None:
            from ingest.imap import open_mailbox

            self._box = open_mailbox(self.settings, token_provider=self.token_provider)
        if not self._looked:
            self._folder = self._box.find_sent_folder()
            self._looked = True
            if self._folder is None:
                self._note(None, "aucun dossier des messages envoyés sur le serveur (ni dossier marqué \\Sent, "
                                 "ni « Sent » ou « Éléments envoyés » dans l'espace personnel) : les réponses n'y "
                                 "sont pas copiées ; créez-le ou indiquez-le par FABRIQUE_IMAP_SENT_FOLDER")
                log.warning("aucun dossier Sent sur %s : réponses non copiées", self._box.where)
            else:
                self._note(self._folder, None)
        return self._box

    def append(self, raw: bytes) -> None:
        box = self._session()
        if self._folder is None:  # said once, on the cursor and in the log
            return
        try:
            box.append(self._folder, raw, flags=("\\Seen",))
        except MailboxUnavailable as exc:
            self._failed(exc)
            raise
        self._note(self._folder, None)

    def contains(self, message_id: str) -> bool:
        box = self._session()
        if self._folder is None:  # no copy could have been made there: the fate stays unknown
            return False
        try:
            return box.search_header(self._folder, "Message-ID", message_id)
        except MailboxUnavailable as exc:
            self._failed(exc)
            raise

    def close(self) -> None:
        if self._box is not None:
            self._box.close()
            self._box = None

    def _failed(self, exc: MailboxUnavailable) -> None:
        from ingest.imap import ServerRefused

        if isinstance(exc, ServerRefused):
            self._note(self._folder, f"copie refusée dans « {self._folder} » : {exc}")
        else:  # the session is gone: the next call opens another
            self.close()

    def _note(self, folder: str | None, problem: str | None) -> None:
        if self.engine is None:
            return
        from service.ledger import cursor
        from service.poll import account_of
        from store.db import session_scope

        if self._noted == (folder, problem):
            return
        try:
            with session_scope(self.engine) as s:
                c = cursor(s, account_of(self.settings), self.settings.imap_folder)
                c.sent_folder, c.sent_problem = folder, problem
            self._noted = (folder, problem)
        except Exception:  # only `status` would miss it
            log.exception("dossier Sent non noté pour status")
