"""Letters of support: who writes (the partner) and what it commits to (its contribution).

A clerk reads the letter itself before its file name: the sentence saying who gives its support
("Par la présente, la Mutuelle X apporte son soutien…"), the letterhead (the lines above the
place and date, the addressee and the subject), the signature (the lines under the closing
formula, past the signatory and their title), and only then the file name ("Lettre de soutien -
Mutuelle X.pdf", all there is of a letter that could not be read).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .partners_names import clean_name, has_acronym, org_words_in, person_like
from .partners_text import find_wording, opens_like_name, sentences, subject_before
from .textutil import clean, fold
from .types import Document


@dataclass(frozen=True)
class Author:
    name: str
    contribution: str | None
    line: str  # the text it was read in
    page: int | None


def is_letter(document: Document, call) -> bool:
    """Named a letter of support, or opening like one: a salutation and a subject or a wording of support."""
    words = getattr(call, "letter_words", ())
    if not words or document.name is None:
        return False
    if find_wording(document.name.replace("_", " "), words):
        return True
    blocks = [clean(b.text) for b in document.blocks[:14]]
    head = " ".join(blocks)
    if not _SALUTATION.search(head) or len(document.blocks) > 60:
        return False
    return bool(find_wording(head, words)) or any(_SUPPORT_OBJECT.match(b) for b in blocks)


_SALUTATION = re.compile(r"(?i)\b(?:madame|monsieur|mesdames|messieurs)\b")
_SUPPORT_OBJECT = re.compile(r"(?i)^objet\s*:.{0,80}\b(?:soutien|engagement|partenariat|appui|participation|"
                             r"lettre d['’]intention)")
# Where the letterhead ends: the place and date, the addressee, the subject, the salutation.
_HEAD_END = re.compile(r"(?i)^(?:objet|madame|monsieur|mesdames|messieurs|à l['’]attention|a l['’]attention|"
                       r"destinataire|[A-ZÉ][\w' -]{1,40},\s+le\s+\d|le\s+\d{1,2}\s+\w+\s+\d{4}|fait à)")
_CLOSING = re.compile(r"(?i)^(?:fait [àa]|le \d|cordialement|bien à vous|veuillez|je vous prie|nous vous prions|"
                      r"en vous remerciant|dans l['’]attente)|salutations|l['’]expression de")
_NOT_NAME_LINE = re.compile(r"(?i)@|https?:|www\.|\d{2}[ .]\d{2}[ .]\d{2}|^\d+[ ,]|\b\d{5}\b|\bcedex\b|\bbp\s*\d|"
                            r"^(?:t[ée]l|fax|email|mail|courriel|siret|contact)\b")
# Job titles under a signature ("Directrice générale", "Le Président", "Secrétaire général").
_TITLE = re.compile(r"(?i)^(?:l[ae] |le |la )?(?:direct|pr[ée]sident|secr[ée]taire|g[ée]rant|responsable|chef|"
                    r"cheffe|d[ée]l[ée]gu|coordinat|charg[ée]|maire|adjoint|vice|tr[ée]sori|fondat|associ[ée]|"
                    r"administrat|manager|head|ceo|dg|drh|pour le|pour la|p\.?o\.?)")
# The sentence saying who gives its support: "X apporte son soutien", "X s'engage à", "X soutient".
_SUPPORTS = re.compile(r"(?i)\b(?:apporte|apportent|renouvelle|confirme|réaffirme|exprime)\s+(?:ici\s+)?"
                       r"(?:son|sa|tout son|toute sa|leur|plein|pleinement)?\s*(?:plein\s+|entier\s+)?"
                       r"(?:soutien|appui|engagement|adhésion|intérêt)|\b(?:soutient|soutiendra|s['’]engage|"
                       r"s['’]engagera|s['’]associe|s['’]associera|accepte de|est heureu(?:x|se) de|"
                       r"se félicite|participera|rejoint|atteste)\b")
_COMMITS = re.compile(r"(?i)\b(?:s['’]engage|nous engageons|m['’]engage|mettr(?:a|ons|ont) à disposition|"
                      r"participer(?:a|ons|ont)|apporter(?:a|ons|ont)|contribuer(?:a|ons|ont)|accueiller(?:a|ons|ont)|"
                      r"mobiliser(?:a|ons|ont)|assurer(?:a|ons|ont)|relaier(?:a|ons|ont)|financer(?:a|ons|ont)|"
                      r"accompagner(?:a|ons|ont)|(?:co-?)?animer(?:a|ons|ont)|prendr(?:a|ons|ont) en charge|"
                      r"interviendr(?:a|ons|ont)|fournir(?:a|ons|ont))\b")


def letter_authors(document: Document, call) -> list[Author]:
    """The organisations writing the letters of a document (one a page when several letters were
    scanned into one file), each with what it commits to."""
    if document.status == "ok":
        pages: dict = {}
        for block in document.blocks:
            pages.setdefault(block.page, []).append(block)
        opening = [p for p, blocks in pages.items() if any(_OPENING.match(clean(b.text)) for b in blocks)]
        if len(opening) >= 2:
            # several letters in one file: its name names them all, never one author
            found = [_author(blocks, document, call, by_file_name=False) for p, blocks in pages.items() if p in opening]
            return [a for a in found if a is not None]
    author = _author(list(document.blocks), document, call)
    return [author] if author is not None else []


_OPENING = re.compile(r"(?i)^(?:madame|monsieur|mesdames|messieurs)\b")


def _author(blocks_of_letter: list, document: Document, call, by_file_name: bool = True) -> Author | None:
    commitment = _commitment(blocks_of_letter) if document.status == "ok" else None
    if document.status == "ok":
        blocks = [(clean(b.text), b.page) for b in blocks_of_letter if clean(b.text)]
        for found in (_supporter(blocks, call), _framed(blocks), _letterhead(blocks, call, named=True),
                      _signature(blocks, call), _letterhead(blocks, call, named=False)):
            if found is not None:
                return Author(found[0], commitment, found[1], found[2])
    if not by_file_name:
        return None
    stem = re.sub(r"\.[A-Za-z0-9]{2,5}$", "", document.name or "").replace("_", " ")
    m = find_wording(stem, call.letter_words)
    if m is not None:
        rest = stem[m.end():].strip(" -–—_:,")
        rest = re.sub(r"(?i)^(?:de |du |des |d['’]|de la |de l['’])", "", rest).strip()
        if rest:
            return Author(clean_name(rest), commitment, stem, None)
    return None


_SELF = re.compile(r"(?i)(?:^|[\s,;:])(?:nous|je|j['’]|notre|nos|mon|ma|mes)(?:\s+\w+){0,3}\s*$")


def _supporter(blocks, call):
    """The subject of the sentence giving the support ("Par la présente, l'Union X apporte son soutien"),
    or of a sentence of commitment naming the letterhead's sender ("Constructys X accompagnera…"
    under "Constructys X")."""
    head = {fold(text) for text, _ in _head_lines(blocks)}
    for text, page in blocks[:30]:
        for _, sentence in sentences(text):
            m = _SUPPORTS.search(sentence)
            committed = m is None and (m := _COMMITS.search(sentence)) is not None
            if m is None or _SELF.search(sentence[:m.start()]):
                continue  # "Concrètement, notre structure s'engage sur…": the writer, not named
            name = subject_before(sentence, m.start())
            if name and (fold(clean_name(name)) in head if committed else _named(name, call, strict=False)):
                return _spelt_out(clean_name(name), blocks), sentence, page
    return None


def _spelt_out(name: str, blocks) -> str:
    """The letterhead's full name when the sentence gives its acronym ("Le laboratoire EVS
    s'engage…" under "Laboratoire Environnement Ville Société – Université Lyon 2")."""
    acronyms = re.findall(r"\b[A-ZÉÈ]{2,6}\b", name)
    if not acronyms:
        return name
    for text, _ in _head_lines(blocks):
        initials = "".join(w[0] for w in re.findall(r"[A-ZÉÈÀÂÎÔ][\w'’-]*", text))
        if _is_name_line(text) and any(a in initials and a not in text.split() for a in acronyms):
            return clean_name(text)
    return name


def _head_lines(blocks):
    """The letterhead's lines: (text, page) above the place and date, the addressee, the subject
    and the salutation, among the first eight."""
    for text, page in blocks[:8]:
        if _HEAD_END.match(text):
            return
        yield text, page


def _letterhead(blocks, call, named: bool):
    """A line above the place and date, the addressee and the subject: the sender's name."""
    for text, page in _head_lines(blocks):
        if _is_name_line(text) and (_named(text, call, strict=True) if named else not person_like(text)):
            return clean_name(text), text, page
    return None


def _framed(blocks):
    """The name heading the letter and closing it again under the signatory ("Net Services" above
    the date, "Net Services" under "Responsable régional"): the sender, however it is named."""
    closing = next((i for i, (t, _) in enumerate(blocks) if _CLOSING.search(t)), None)
    if closing is None:
        return None
    below = {fold(t) for t, _ in blocks[closing + 1:closing + 8] if _is_name_line(t) and not _TITLE.match(t)}
    for text, page in _head_lines(blocks):
        if _is_name_line(text) and fold(text) in below:
            return clean_name(text), text, page
    return None


def _signature(blocks, call):
    """Under the closing formula, past the signatory and their title: the organisation."""
    closing = next((i for i, (t, _) in enumerate(blocks) if _CLOSING.search(t)), None)
    if closing is None:
        return None
    for text, page in blocks[closing + 1:closing + 8]:
        if _is_name_line(text) and not _TITLE.match(text) and _named(text, call, strict=True):
            return clean_name(text), text, page
    return None


def signatory_organisation(lines: list[str]) -> str | None:
    """Under a closing formula: the signatory, their title, then their organisation ("Léa Martin /
    Chargée de mission / Les Jardins du Lien / 3 rue …" -> "Les Jardins du Lien")."""
    person = titled = False
    for text in lines[:6]:
        if not person and not titled and person_like(text) and len(text.split()) <= 4:
            person = True
        elif _TITLE.match(text) and len(text.split()) <= 8 and not titled:
            titled = True
            if " – " in text or " - " in text:  # "Directrice – Association X"
                rest = re.split(r"\s[–-]\s", text, maxsplit=1)[1]
                if _is_name_line(rest) and not _TITLE.match(rest):
                    return rest
        elif (person or titled) and _is_name_line(text):
            return text
        else:
            return None
    return None


def _is_name_line(text: str) -> bool:
    return 0 < len(text.split()) <= 12 and opens_like_name(text) and not _NOT_NAME_LINE.search(text) \
        and not text.endswith((".", ":")) and not _CLOSING.search(text)


def _named(text: str, call, strict: bool) -> bool:
    """Written like an organisation: the call's words or an acronym (strict), or at least not a person."""
    if org_words_in(text, call) or has_acronym(text):
        return not _TITLE.match(text)
    return not strict and not person_like(text) and fold(text).split()[0] not in ("nous", "notre", "je", "mon", "ma")


def _commitment(blocks: list) -> str | None:
    """What the author commits to: its sentences of commitment, without their lead-in
    ("Nous nous engageons à y contribuer par : accueil des ateliers" -> "accueil des ateliers")."""
    said = []
    for block in blocks:
        for _, sentence in sentences(clean(block.text)):
            m = _COMMITS.search(sentence)
            if m is None:
                continue
            colon = sentence.find(":", m.end())
            if 0 <= colon - m.end() <= 40 and len(sentence[colon + 1:].split()) >= 2:
                sentence = sentence[colon + 1:]
            said.append(_SALUTATIONS.sub("", sentence.strip()))
    return " ".join(said) or None


_SALUTATIONS = re.compile(r"(?i)^(?:(?:madame|monsieur|mesdames|messieurs|chère|cher)\b[\s,]*(?:et\s+)?)+")
