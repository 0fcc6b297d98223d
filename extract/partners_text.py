"""Splitting what names partners into (name, contribution) pieces: list items, enumerations, sentences."""
from __future__ import annotations

import functools
import re
import unicodedata

from .textutil import fold, phrases_pattern

ARTICLE = re.compile(r"^(?:l['’]\s?|la |le |les |du |de la |de l['’]\s?|des |d['’]\s?|un |une |avec (?:l['’]\s?|la |le )?|the )",
                     re.IGNORECASE)
# A numbered label before a partner's name: "Partenaire 1 – X", "Partner #2: X", "Structure n°3 : X".
NUMBERED_LABEL = re.compile(r"^(?:partenaires?|partners?|structures?|organismes?|acteurs?|membres?|members?)\s*"
                            r"(?:n\s*°|n[o°]\.?|#)?\s*\d{1,2}\s*[:–—.)-]\s*", re.IGNORECASE)
# A file name ("Projet X - Cabinet Y.docx", "IMG_0042.jpg") lists the dossier's documents, not partners.
FILE_NAME = re.compile(r"\.(?:pdf|docx?|odt|ods|xlsx?|xlsm|pptx?|odp|key|pages|numbers|rtf|txt|jpe?g|png|heic|tiff?|zip|eml|msg)\b",
                       re.IGNORECASE)
# What may separate a partner's name from its contribution on one line, in the order tried.
_SEPARATORS = (" : ", ": ", " – ", " — ", " - ", " -- ", " (", ", qui ", " qui ", ", pour ", ", ")
_RELATIVE = re.compile(r"^(?:qui|dont|pour|afin|chargée?s? de|en charge|au titre|notamment|via|sur|en tant que)\b",
                       re.IGNORECASE)


class _FlatTable(dict):
    """str.translate's table, filled as characters are met: lowercase, without accent, one for one."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if c.isascii():
            value = c.lower()
        elif c == "’":
            value = "'"
        else:
            base = unicodedata.normalize("NFKD", c)[:1].lower()
            value = base if base.isalpha() else (c.lower() if c.isalnum() else " ")
        self[code] = value
        return value


_FLAT = _FlatTable()


def flat(text: str) -> str:
    """Lowercase, without accents, one character for one: positions found in it are the text's."""
    return text.translate(_FLAT)


@functools.lru_cache(maxsize=16)
def wordings_pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    """Folded wordings ("avec le soutien d*") as one pattern on flat() text, any non-word run
    standing for a space, a trailing "*" allowing any ending."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        star = phrase.endswith("*")
        words = phrase.rstrip("*").split()
        if not words:
            continue
        body = r"[^a-z0-9]+".join(re.escape(w) for w in words)
        parts.append(body + (r"[a-z0-9]*" if star else r"(?![a-z0-9])"))
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + ")") if parts else None


def mentions(folded: str, phrases: tuple[str, ...]) -> bool:
    """One of the folded wordings is in the folded text. Most texts hold none: a look at their
    words for each wording's longest word settles it before the one search of all wordings."""
    phrases = phrases if isinstance(phrases, tuple) else tuple(phrases)
    fixed, prefixes = _key_words(phrases)
    words = folded.split()
    if not fixed.intersection(words) and not (prefixes and any(w.startswith(prefixes) for w in words)):
        return False
    pattern = phrases_pattern(phrases)
    return pattern is not None and pattern.search(folded) is not None


@functools.lru_cache(maxsize=64)
def _key_words(phrases: tuple[str, ...]) -> tuple[frozenset, tuple[str, ...]]:
    fixed, prefixes = set(), []
    for phrase in phrases:
        words = phrase.rstrip("*").split()
        if not words:
            continue
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        if phrase.endswith("*") and longest == len(words) - 1:
            prefixes.append(words[-1])
        else:
            fixed.add(words[longest])
    return frozenset(fixed), tuple(prefixes)


def find_wording(text: str, phrases: tuple[str, ...]) -> re.Match | None:
    """The first of the wordings in the text, its span being the text's own."""
    if not text or not mentions(fold(text), phrases):
        return None  # one search on the folded text settles the common case
    pattern = wordings_pattern(phrases)
    return pattern.search(flat(text)) if pattern else None


def top_level_split(text: str, separators: str) -> list[str]:
    """Split on the separator characters found outside brackets and quotes."""
    pieces, depth, current = [], 0, []
    for c in text:
        if c in "([{«“":
            depth += 1
        elif c in ")]}»”" and depth:
            depth -= 1
        if c in separators and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(c)
    pieces.append("".join(current))
    return [p.strip() for p in pieces if p.strip()]


_AND = re.compile(r",?\s+(?:et|ainsi que|puis|de même que|and|as well as)\s+(?=\S)")
# "…, et avec l'OPCO X, qui…": the next partner of a sentence that named the first "avec l'Aract Y"
_LEADING_AND = re.compile(r"^(?:et|ainsi que|puis|de même que|and|as well as)(?:\s+(?:avec|aupr[èe]s (?:de|du|des)))?"
                          r"\s+(?=\S)|^(?:ainsi qu['’]\s*avec|et d['’]autre part avec)\s+(?=\S)", re.IGNORECASE)


def enumeration(text: str) -> list[tuple[str, str | None]]:
    """"A (appui); B (relais)" / "A, qui apportera…, B et C" -> [(name part, contribution or None)].

    Semicolons separate items when there are any; else commas and "et". A piece that does not
    open like a name ("qui apportera son appui", "pour la diffusion") goes on the previous item's
    contribution; one opening like a generic group ("des représentants des salariés") is dropped.
    """
    text = text.strip().rstrip(".;")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    pieces = top_level_split(text, ";")
    if len(pieces) == 1:
        pieces = [q for p in top_level_split(text, ",") for q in _split_and(p)]
    items: list[list] = []
    for piece in pieces:
        piece = piece.strip(" ,.")
        verb = _FUTURE_VERB.search(piece)
        if verb and not _RELATIVE.match(piece):
            piece = piece[:verb.start()]  # "… l'Aract et notre équipe se réunira chaque trimestre": the sentence's verb
        if opens_like_name(_LEADING_AND.sub("", piece)):
            piece = _LEADING_AND.sub("", piece)  # "…, et la Fédération X, qui …"
        if not piece or FILE_NAME.search(piece):
            continue
        if not opens_like_name(piece):
            # "qui apportera son appui", "participation au comité": what the previous one brings;
            # "des représentants des salariés", "un partenariat diversifié": a group, not a name.
            if items and (_RELATIVE.match(piece) or (piece[:1].islower() and not _GROUP.match(piece))):
                piece = re.sub(r"^qui\s+", "", piece)
                items[-1][1] = f"{items[-1][1]}, {piece}" if items[-1][1] else piece
            continue
        name, contribution = split_enumerated(piece)
        items.append([name, contribution])
    return [(n, c) for n, c in items if n]


_FUTURE_VERB = re.compile(r"\s+(?:(?:se|s['’])\s*)?[a-zà-ÿ]+(?:era|ira|ra|ront)\b(?!\s*\))")


def _split_and(piece: str) -> list[str]:
    """"CFDT Y et l'entreprise Z" -> two pieces; "Martin & Fils" and "Ordre des experts et des …" stay
    whole when what follows "et" does not open like a name."""
    parts = []
    last = 0
    for m in _AND.finditer(piece):
        after = piece[m.end():]
        if opens_like_name(after) or _GROUP.match(after):
            parts.append(piece[last:m.start()])
            last = m.end()
    parts.append(piece[last:])
    return [p for p in parts if p.strip()]


def opens_like_name(text: str) -> bool:
    """After its article, a capital: "l'Aract X", "CFDT Y", "la Région Z" (not "les entreprises"),
    or a kind of institution before its name ("le syndicat CFTC X", "le lycée professionnel Y")."""
    rest = ARTICLE.sub("", text.strip(), count=1)
    return rest[:1].isupper() or _INSTITUTION_NAMED.match(rest) is not None


_INSTITUTION_NAMED = re.compile(
    r"(?:syndicat|lycée|collège|cabinet|réseau|centre|institut|laboratoire|groupement|pôle|union|fédération|"
    r"association|chambre|mutuelle|fondation|entreprise|société|coopérative|agence|université|école|"
    r"clinique|hôpital|ehpad|conseil départemental|conseil régional|communauté de communes)s?"
    r"(?:\s+[a-zà-ÿ'’-]+){0,2}\s+[A-ZÉÈÀÂÎÔÛÇ0-9]")


_GROUP = re.compile(r"^(?:des|les|un|une|plusieurs|nos|notre|leurs|leur|ses|son|sa|ces|d['’]autres|quelques|divers|chaque|tous|"
                    r"toutes|autres|deux|trois|quatre|cinq|six|\d+)\b", re.IGNORECASE)


def split_enumerated(piece: str) -> tuple[str, str | None]:
    """One item of an enumeration: "Aract X (appui)", "Aract X, qui apportera…", "Aract X : appui"."""
    piece = piece.strip()
    bracket = _trailing_bracket(piece)
    if bracket is not None:
        name, inside = piece[:bracket].strip(), piece[bracket + 1:-1].strip()
        # "(FEP)", "(Lyon)": a part of the name, not what the partner brings.
        if name and (inside[:1].islower() or len(inside.split()) > 3):
            return name, inside
    for separator in (" : ", ": ", " – ", " — ", " - ", ", "):
        position = piece.find(separator)
        if position > 0:
            rest = piece[position + len(separator):].strip()
            if rest and (rest[:1].islower() or separator.strip() == ":"):
                return piece[:position].strip(), rest
    m = re.search(r",?\s+(?=(?:qui|dont|afin de|chargée? de)\s)|,\s+(?=pour\s)", piece)
    if m:
        return piece[:m.start()].strip(), piece[m.end():].strip()
    return piece, None


def _trailing_bracket(text: str) -> int | None:
    """Where the bracket closing the text opens: "Fédération X (FEP) Grand Est (relais …)" -> the
    second one."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += text[i] == ")"
        depth -= text[i] == "("
        if depth == 0:
            return i if i > 0 else None
    return None


def split_line(text: str, contribution_words: tuple[str, ...]) -> tuple[str, str | None]:
    """A list item or a line: "Aract X : appui" / "Aract X – apport de…" / "Aract X (appui)" /
    "Aract X appui méthodologique" (a table flattened into a line) -> (name, contribution)."""
    text = NUMBERED_LABEL.sub("", text.strip().rstrip(".;"))
    for separator in _SEPARATORS:
        position = text.find(separator)
        if separator == " (":
            # "Studio X (design de services) (animation des ateliers)": the bracket closing the line
            closing = _trailing_bracket(text)
            position = closing - 1 if closing and text[closing - 1] == " " else position
        while position > 0:
            name = text[:position].strip()
            if separator != " (" and name.count("(") > name.count(")"):
                position = text.find(separator, position + 1)
                continue  # "X (relais – deux réunions)": a separator inside the brackets
            rest = text[position + len(separator):].strip()
            if separator == " (" and position + 1 == _trailing_bracket(text):
                rest = rest[:-1].strip()
            elif rest.endswith(")") and rest.count(")") > rest.count("("):
                rest = rest[:-1].strip()
            if rest and (separator.strip() == ":" or rest[:1].islower() or starts_with_wording(rest, contribution_words)):
                if separator == " (" and not (rest[:1].islower() or len(rest.split()) > 3):
                    break  # "Fédération des entreprises de propreté (FEP) …": an acronym in brackets
                return name, (rest[4:] if rest.lower().startswith("qui ") else rest)
            position = text.find(separator, position + 1)
    # "Aract Bretagne appui méthodologique": the name ends on a capitalised word, the
    # contribution opens with a lowercase wording ("… de la formation professionnelle" goes on).
    words = text.split()
    for i in range(1, len(words)):
        if words[i][:1].islower() and words[i - 1][:1].isupper() \
                and starts_with_wording(" ".join(words[i:]), contribution_words):
            return " ".join(words[:i]), " ".join(words[i:])
    return text, None


def starts_with_wording(text: str, wordings: tuple[str, ...]) -> bool:
    first = " ".join(fold(text).split()[:4])
    for word in wordings:
        stem = word.rstrip("*").strip()
        if first.startswith(stem) and (word.endswith("*") or first[len(stem):len(stem) + 1] in ("", " ")):
            return True
    return False


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a paragraph with their offsets (a full stop, "!" or "?" then a capital)."""
    found, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-ZÉÈÀÂÎÔÛÇ«\"“])", text):
        if text[max(0, m.start() - 4):m.start()].lower().rstrip(".") in ("m", "mme", "dr", "pr", "st", "ste", "cf"):
            continue
        found.append((start, text[start:m.start()]))
        start = m.end()
    found.append((start, text[start:]))
    return [(s, t) for s, t in found if t.strip()]


# Words after which a sentence names an organisation ("préparés avec X", "compter sur X").
_INTRODUCER = re.compile(r"(?i)(?:^|\s)(?:avec|par|sur|auprès\s+d[eu]s?|auprès\s+de\s+la|auprès\s+d['’]|"
                         r"aux\s+côtés\s+d[eu]s?|aux\s+côtés\s+de\s+la|aux\s+côtés\s+d['’]|grâce\s+à|via|"
                         r"notamment|dont)\s+")
_RELATIVE_PIECE = re.compile(r"(?i)^(?:qui|que|dont|où|représentée?s?\s+par|en\s+tant\s+que|en\s+sa\s+qualité)\b")


def subject_before(sentence: str, at: int) -> str | None:
    """The organisation named just before position `at` of a sentence (where a verb stands):
    "Enfin, l'Union X rejoint…" -> "l'Union X"; "… préparés avec l'Aract X, qui assurera…" ->
    "l'Aract X"; "La Fédération X, qui regroupe 300 adhérents, apporte…" -> "La Fédération X"."""
    before = re.sub(r"[\s,]*\bqui\s*$", "", sentence[:at]).rstrip(" ,")
    before = re.sub(r"\s+(?:ne|n['’])\s*$", "", before)  # "La Région X ne financera pas": the name before "ne"
    pieces = [_LEADING_AND.sub("", p.strip()) for p in top_level_split(before, ",;:")]
    while pieces and (_RELATIVE_PIECE.match(pieces[-1]) or (
            len(pieces) > 1 and pieces[-1][:1].islower() and not opens_like_name(pieces[-1]))):
        pieces.pop()  # a relative or appositive clause between commas ("…, composé de X et de Y, assurera")
    if not pieces:
        return None
    piece = pieces[-1].strip()
    last = None
    for last in _INTRODUCER.finditer(piece):
        pass
    if last is not None and opens_like_name(piece[last.end():]):
        piece = piece[last.end():]
    elif not opens_like_name(piece):
        piece = _name_after_verb(piece) or ""
    return piece.strip() if piece and opens_like_name(piece) and len(piece.split()) <= 14 else None


_CONNECTORS = {"de", "du", "des", "la", "le", "les", "l'", "d'", "et", "en", "sur", "pour", "à", "au", "aux", "&"}


def _name_after_verb(piece: str) -> str | None:
    """"Le comité réunira le Cabinet X" -> "le Cabinet X": the name after the first lowercase word
    that cannot be part of a name."""
    words = piece.replace("’", "'").split()
    for i in range(1, len(words)):
        before, word = words[i - 1], words[i]
        if not before[:1].islower() or before.lower() in _CONNECTORS:
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        if word[:1].isupper() or re.match(r"^[ld]'[A-ZÉÈÀÂÎÔ]", word) or (
                word.lower() in ("le", "la", "les", "du", "des") and following[:1].isupper()):
            return " ".join(piece.split()[i:])
    return None
