"""How an answer greets its reader: by name when the sender's display name is a person's.

    "Mme Jeanne Dupont"        -> "Bonjour Madame Dupont,"   (the civility is known)
    "Jeanne Dupont", "Dupont, Jeanne" -> "Bonjour Jeanne Dupont,"
    an address, one word, a service ("Secrétariat", "Contact Cabinet X"), digits -> "Madame, Monsieur,"

The name goes through compose.shown() first (nothing a mail client could link, no address).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extract.categories import mentions
from extract.textutil import fold
from notify.compose import shown

CIVILITIES = {"mme": "Madame", "madame": "Madame", "mlle": "Madame", "melle": "Madame", "mademoiselle": "Madame",
              "m": "Monsieur", "mr": "Monsieur", "monsieur": "Monsieur"}
_NAME_WORD = re.compile(r"^(?:[^\W\d_]\.|[^\W\d_]+(?:[-’'][^\W\d_]+)*\.?)$")
_PARTICLES = {"de", "du", "des", "d’", "van", "von", "der", "den", "da", "di", "le", "la"}
UNKNOWN = "Madame, Monsieur,"
CLOSING = "Nous vous prions d’agréer, {whom}, l’expression de nos salutations distinguées."
CLOSING_NAMED = "Nous vous prions d’agréer l’expression de nos salutations distinguées."


@dataclass(frozen=True)
class Greeting:
    opening: str  # "Bonjour Madame Dupont," | "Bonjour Jeanne Dupont," | "Madame, Monsieur,"
    closing: str  # the closing formula, addressing the same person


def _words(name: str) -> list[str]:
    name = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", name)  # "Jeanne Dupont (Cabinet X)"
    name = name.replace('"', " ").strip(" ,;-–—")
    if name.count(",") == 1:  # "Dupont, Jeanne": the directory's order
        last, first = (part.strip() for part in name.split(","))
        if 1 <= len(last.split()) <= 3 and 1 <= len(first.split()) <= 3:
            name = f"{first} {last}"
    return name.split()


def _surname(words: list[str]) -> str:
    """The family name among the words after a civility: the words in capitals, else all but a
    first given name ("Jeanne de La Tour" -> "de La Tour")."""
    capitals = [w for w in words if len(w.strip(".")) > 1 and w.isupper()]
    if capitals:
        return " ".join(w.title() if w.isupper() else w for w in capitals)
    if len(words) == 1 or (words[0].lower() in _PARTICLES):
        return " ".join(words)
    return " ".join(words[1:])


def _impersonal(words: list[str], call: Any) -> bool:
    folded = fold(" ".join(words))
    answers = getattr(call, "answers", None)
    lists = (getattr(answers, "impersonal_names", ()), getattr(call, "organisation_words", ()))
    return any(mentions(folded, words_) for words_ in lists if words_)


def greeting(display_name: str | None, call: Any = None) -> Greeting:
    """The opening and closing of an answer to the person named `display_name`."""
    unknown = Greeting(UNKNOWN, CLOSING.format(whom="Madame, Monsieur"))
    words = _words(shown(display_name, 120))
    if not words or any(not _NAME_WORD.match(w) for w in words) or len(words) > 6:
        return unknown
    civility = CIVILITIES.get(words[0].lower().rstrip("."))
    rest = words[1:] if civility else words
    if not rest or _impersonal(rest, call):
        return unknown
    if civility:
        return Greeting(f"Bonjour {civility} {_surname(rest)},", CLOSING.format(whom=civility))
    # "Jeanne", "jeanne dupont": a first name or a login, not how a person signs
    if len(rest) < 2 or all(w.rstrip(".").islower() for w in rest):
        return unknown
    if all(w.isupper() for w in rest):  # "JEANNE DUPONT"
        rest = [w.title() for w in rest]
    return Greeting(f"Bonjour {' '.join(rest)},", CLOSING_NAMED)
