"""Small text helpers shared by the readers and the finders: folding, numbering, dates."""
from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from datetime import date

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007\u200b]+")
# A list item's bullet: typographic ones, a dash before a space, and the private-use glyphs of the
# Symbol and Wingdings fonts that Word's bullets become in a PDF's text ("\uf0b7 Aract …").
BULLET = re.compile(r"^\s*(?:[•▪■►◦●○·*‣⁃\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0e8\uf0a8\uf06e\uf071]|[-–—](?=\s))\s*")
_NON_WORD = re.compile(r"[^a-z0-9%€]+")


def clean(text: str) -> str:
    """Collapse every kind of whitespace into single spaces."""
    return _SPACES.sub(" ", text or "").strip()


def fold(text: str) -> str:
    """Accent- and case-insensitive form: NFKD, no combining marks, lowercase, words only."""
    if text and len(text) <= 200:
        return _fold_short(text)
    if text and len(text) <= 2000:  # a paragraph: the finders of one analysis fold it several times
        return _fold_paragraph(text)
    return _fold(text)


@functools.lru_cache(maxsize=16384)
def _fold_short(text: str) -> str:
    return _fold(text)


@functools.lru_cache(maxsize=512)  # the paragraphs of the message being analysed (<= 2 MB)
def _fold_paragraph(text: str) -> str:
    return _fold(text)


def _bmp_combining() -> re.Pattern:
    """Every combining mark of the BMP (unicodedata.combining != 0) as one character class."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.combining(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                                    for a, b in ranges) + "]+")


# Combining marks go in one regular-expression pass, not a per-character generator (that was
# the main cost of analyse()); characters beyond the BMP (rare) are checked one by one.
_COMBINING = _bmp_combining()
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _drop_combining(match: re.Match) -> str:
    c = match.group()
    return "" if unicodedata.combining(c) else c


# Inclusive writing: "consultant·e", "chargé·es", "animateur·rice", "salarié(e)s" fold as the base word.
_INCLUSIVE = re.compile(r"(?<=[^\W\d_])(?:[·⋅•]([^\W\d_]{1,4})(?:[·⋅•]s)?|\((?:e|es|s)\)s?)(?![^\W\d_])")


def _fold(text: str) -> str:
    text = (text or "").replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("’", "'")
    if "·" in text or "(e" in text or "⋅" in text:
        text = _INCLUSIVE.sub("", text)
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower()).strip()
    stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    if _ASTRAL.search(stripped):
        stripped = _ASTRAL.sub(_drop_combining, stripped)
    return _NON_WORD.sub(" ", stripped.lower()).strip()


@functools.lru_cache(maxsize=8192)
def phrase_pattern(folded_phrase: str) -> re.Pattern:
    """Whole-word pattern of a folded wording; a trailing '*' allows any ending, a leading '^'
    holds only at the start of the text ("^visee*": "Visées du projet", not "Cibles visées")."""
    return re.compile(_phrase_regex(folded_phrase))


def _phrase_regex(phrase: str) -> str:
    start = "^" if phrase.startswith("^") else r"(?<![a-z0-9])"
    phrase = phrase.lstrip("^")
    if phrase.endswith("*"):
        return start + re.escape(phrase[:-1].strip())
    return start + re.escape(phrase) + r"(?![a-z0-9])"


def contains_phrase(folded_text: str, folded_phrase: str) -> bool:
    """Whole-word phrase match on folded strings; a trailing '*' in the phrase allows a suffix."""
    if not folded_phrase:
        return False
    return phrase_pattern(folded_phrase).search(folded_text) is not None


@functools.lru_cache(maxsize=4096)
def phrases_pattern(folded_phrases: tuple[str, ...]) -> re.Pattern | None:
    """One pattern that matches wherever one of the phrases would (contains_phrase): a single
    search answers "none of them" (the common case) instead of one search per phrase."""
    parts = [_phrase_regex(p) for p in folded_phrases if p]
    return re.compile("|".join(parts)) if parts else None


def any_phrase(folded_text: str, folded_phrases) -> str | None:
    """The first of the phrases (in their order) found in the text, or None."""
    phrases = folded_phrases if isinstance(folded_phrases, tuple) else tuple(folded_phrases)
    pattern = phrases_pattern(phrases)
    if pattern is None or pattern.search(folded_text) is None:
        return None
    for phrase in phrases:
        if contains_phrase(folded_text, phrase):
            return phrase
    return None


# "1.", "1)", "1 -", "1.2.", "I.", "IV -", "A.", "a)", "Partie 2 :", "§3", "Étape"-less numbering.
_NUMBERING = re.compile(
    r"""^\s*(?:
        (?:partie|section|chapitre|titre|article)\s+[0-9ivxlc]+\s*[.:)\-–—]?\s*
      | §\s*\d+(?:\.\d+)*\s*[.:)\-–—]?\s*
      | \d+(?:\s*[.)]\s*\d+)*\s*(?:[.)°:\-–—]|(?=\s))\s*
      | [ivxlc]{1,6}\s*(?:[.)]|[\-–—]\s|[–—])\s*
      | [a-z]\s*[.)]\s*(?=\S)
      | [a-z]\s*[\-–—]\s+
      | [•\-–—*·▪►■>+]+\s*
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def strip_numbering(text: str) -> str:
    """Remove a leading outline number or bullet ("2.1", "III.", "b)", "•")."""
    previous = None
    text = text.strip()
    while previous != text:
        previous = text
        text = _NUMBERING.sub("", text, count=1).strip()
    return text


def has_numbering(text: str) -> bool:
    text = text.strip()
    return bool(text) and strip_numbering(text) != text and not re.match(r"^[•\-–—*·▪►■>+]", text)


MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
_MONTH_YEAR = re.compile(
    r"(?<![a-z0-9])(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(?:de\s+l an\s+)?((?:19|20)\d{2})(?![0-9])"
)
_NUMERIC_DATE = re.compile(r"(?<![0-9])(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)?\d{2})(?![0-9])")
_MONTH_SLASH_YEAR = re.compile(r"(?<![0-9/])(\d{1,2})[/.\-]((?:19|20)\d{2})(?![0-9/])")
_QUARTER = re.compile(r"(?<![a-z0-9])(?:t|q)([1-4])\s*((?:19|20)\d{2})(?![0-9])")
_SEMESTER = re.compile(r"(?<![a-z0-9])s([12])\s*((?:19|20)\d{2})(?![0-9])")
_DAY_MONTH_YEAR = re.compile(
    r"(?<![0-9])(\d{1,2})(?:er)?\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+((?:19|20)\d{2})(?![0-9])"
)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def find_dates(text: str) -> list[date]:
    """Every date a French text states, month-precision ones as the month's last day."""
    folded = fold(text)
    found: list[date] = []
    spans: list[tuple[int, int]] = []
    for m in _DAY_MONTH_YEAR.finditer(folded):
        try:
            found.append(date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1))))
            spans.append(m.span())
        except ValueError:
            pass
    for m in _MONTH_YEAR.finditer(folded):
        if any(a <= m.start() < b for a, b in spans):
            continue
        found.append(month_end(int(m.group(2)), MONTHS[m.group(1)]))
    for m in _QUARTER.finditer(folded):
        found.append(month_end(int(m.group(2)), int(m.group(1)) * 3))
    for m in _SEMESTER.finditer(folded):
        found.append(month_end(int(m.group(2)), int(m.group(1)) * 6))
    raw = clean(text)
    for m in _NUMERIC_DATE.finditer(raw):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = year + 2000 if year < 100 else year
        try:
            found.append(date(year, month, day))
        except ValueError:
            pass
    for m in _MONTH_SLASH_YEAR.finditer(raw):
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            found.append(month_end(year, month))
    return found


def excerpt(text: str, limit: int = 200) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_LONG_WORD = re.compile(r"[^\W\d_]{6,}")


def mend(text: str, call) -> str:
    """The text with each long word one slip of the keyboard away from one of the call's key words
    (`mendable_words`: a letter missed, added, mistyped or two swapped, never the first or the last
    one) written as that key word, in the word's case: "CONTEXE" -> "CONTEXTE", "Personel" ->
    "Personnel". A word the call itself uses stays as it is ("Salariés")."""
    if not call.mendable_words or not text:
        return text
    return _LONG_WORD.sub(lambda m: _mended_word(m.group(), call), text)


@functools.lru_cache(maxsize=8192)
def _mended_word(word: str, call) -> str:
    folded = fold(word)
    if folded in _call_words(call):
        return word
    for key in call.mendable_words:
        if _one_slip(folded, key):
            if word.isupper():
                return key.upper()
            return key.capitalize() if word[:1].isupper() else key
    return word


@functools.lru_cache(maxsize=8)
def _call_words(call) -> frozenset[str]:
    """Every word of the call's wordings (headings, categories, sections, fillers...)."""
    words: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            words.update(fold(value.strip("^*")).split())
        elif isinstance(value, (tuple, list)):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for name in call.__dataclass_fields__:
        if name not in ("mendable_words", "name", "title", "source", "extra", "answers", "mailbox"):
            walk(getattr(call, name))
    for requirement in call.requirements:
        walk(requirement.headings)
    return frozenset(words)


def _one_slip(word: str, key: str) -> bool:
    """`word` is `key` with one letter missed, added, mistyped or two neighbours swapped, inside it."""
    if word == key or word[:1] != key[:1] or word[-1:] != key[-1:] or abs(len(word) - len(key)) > 1:
        return False
    if len(word) == len(key):
        diff = [i for i, (a, b) in enumerate(zip(word, key)) if a != b]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and word[diff[0]] == key[diff[1]] and word[diff[1]] == key[diff[0]])
    short, long_ = (word, key) if len(word) < len(key) else (key, word)
    i = next((k for k, (a, b) in enumerate(zip(short, long_)) if a != b), len(short))
    return short[i:] == long_[i + 1:]
