"""The situation an answer speaks of: what the dossier is, as far as the applicant may be told.

    late      received after the call's deadline: its answers say what the call's rules say happens
              now ([answers] late of the call's file) instead of promising an examination
    askable   the missing elements the reader is sure of: only these are ever named
    files     the attachments it could not read whole, asked for again when an element it is
              unsure of may sit in them (notify.doubt)

Its key is what answers follow (notify.answers): one answer per key, a new one when it changes
(a file sent again readable, an element found). Without doubt the key is the one of (status,
missing), as before these rules.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from notify import doubt, wording
from store.models import Dossier, RequirementResult

FILE_ITEM = "fichier : "  # an unreadable file among the things an answer asks for


def state_key(status: str, missing: list[str]) -> str:
    """The state an answer speaks of: the status and, when incomplete, what is missing."""
    gone = sorted(missing) if status != "complete" else []
    return f"{status}:{hashlib.sha1(chr(10).join(gone).encode('utf-8')).hexdigest()[:12]}"


@dataclass(frozen=True)
class Situation:
    status: str  # complete | incomplete
    late: bool
    askable: tuple[str, ...] = ()
    files: tuple[str, ...] = ()

    @property
    def items(self) -> list[str]:
        """What an answer to this situation asks for (none for a complete dossier)."""
        if self.status == "complete":
            return []
        return list(self.askable) + [FILE_ITEM + name for name in self.files]

    @property
    def key(self) -> str:
        return state_key(self.status, self.items)


def is_late(dossier: Dossier, call: Any, tz: str) -> bool:
    closing = wording.closing_time(call, tz)
    received = dossier.received_at
    return bool(closing and received and received > closing)


def confidences(session: Session, dossier: Dossier) -> dict[str, str]:
    if dossier.id is None:
        return {}
    rows = session.exec(select(RequirementResult.key, RequirementResult.confidence)
                        .where(RequirementResult.dossier_id == dossier.id)).all()
    return {key: value for key, value in rows if value}


def situation_of(session: Session, dossier: Dossier, call: Any, tz: str) -> Situation:
    missing = list(dossier.missing or [])
    if dossier.status == "complete" or not missing:
        return Situation(dossier.status, is_late(dossier, call, tz))
    confidence = confidences(session, dossier)
    unsure = doubt.unsure_missing(missing, confidence)
    files = tuple(dict.fromkeys(n for n in (dossier.unread or []) if n)) if unsure else ()
    askable = doubt.askable(missing, confidence)
    if unsure and not files:  # doubt without a file to ask for: nothing to name, nothing to ask
        askable = []
    return Situation(dossier.status, is_late(dossier, call, tz), tuple(askable), files)
