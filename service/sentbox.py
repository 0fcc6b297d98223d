"""The IMAP Sent folder as the sender's memory: answers are appended there after
delivery, and looked for there before an answer whose fate is unknown is sent again."""
from __future__ import annotations

import logging

from config.settings import Settings

log = logging.getLogger(__name__)


class ImapSentBox:
    def __init__(self, settings: Settings, token_provider=None):
        self.settings = settings
        self.token_provider = token_provider
        self._folder: str | None = settings.imap_sent_folder

    def _open(self):
        from ingest.imap import open_mailbox

        box = open_mailbox(self.settings, token_provider=self.token_provider)
        if self._folder is None:
            self._folder = box.find_sent_folder() or "Sent"
        return box

    def append(self, raw: bytes) -> None:
        box = self._open()
        try:
            box.append(self._folder, raw, flags=("\\Seen",))
        finally:
            box.close()

    def contains(self, message_id: str) -> bool:
        box = self._open()
        try:
            return box.search_header(self._folder, "Message-ID", message_id)
        finally:
            box.close()
