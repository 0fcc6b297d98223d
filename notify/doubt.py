"""What an answer may say of a dossier the reader could not read whole.

An element the reader is unsure of (store.models.RequirementResult.confidence "unsure": it is
missing, but a document of the dossier could not be read whole and may hold it) is never named to
the applicant: the answer asks for the unreadable file instead, and staff review the dossier.
Pure: plain values in, plain values out.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

UNSURE = "unsure"


def unsure_missing(missing: Iterable[str], confidence: Mapping[str, str] | None) -> list[str]:
    return [k for k in missing if (confidence or {}).get(k) == UNSURE]


def askable(missing: Iterable[str], confidence: Mapping[str, str] | None) -> list[str]:
    """The missing elements an answer may name: those the reader is sure are missing."""
    return [k for k in missing if (confidence or {}).get(k) != UNSURE]


def review_reason(*, missing: Iterable[str], confidence: Mapping[str, str] | None, unread: Iterable[str],
                  flags: Iterable[str] = (), labels: Mapping[str, str] | None = None) -> str | None:
    """Why staff must look at the dossier themselves (French), or None: elements that may sit in
    a file the reader could not read whole; a proposal received after the deadline."""
    reasons = []
    doubtful = unsure_missing(missing, confidence)
    files = [name for name in dict.fromkeys(unread) if name]
    if doubtful:
        words = [(labels or {}).get(k, k).lstrip("….").strip() for k in doubtful]
        where = "« " + " », « ".join(files) + " »" if files else "une pièce jointe"
        reasons.append(f"{len(doubtful)} élément{'s' if len(doubtful) > 1 else ''} peut-être dans {where}, "
                       f"illisible{'s' if len(files) > 1 else ''} : {', '.join(words)}")
    if "hors_delai" in set(flags):
        reasons.append("reçu après la date limite : décider s’il est examiné")
    return " ; ".join(reasons) or None
