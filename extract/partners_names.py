"""Is this piece of text the name of a partner organisation? Structure, vocabulary, then the model's tags."""
from __future__ import annotations

import functools
import re

from .amounts import parse_amount
from .entities import Entity
from .partners_text import ARTICLE, FILE_NAME, NUMBERED_LABEL, mentions, starts_with_wording
from .textutil import clean, fold, strip_numbering

# Where a name was read, from the surest to the loosest.
STRUCTURE = 0  # a table's name column, a list item or sub-heading under a partner heading, a letter
ENUMERATION = 1  # an enumeration after "associe", "en partenariat avec"… or under a partner heading
STATED = 2  # the subject of a sentence saying what it will bring ("la Mutuelle X accueillera…")
MENTION = 3  # an entity the model found in a paragraph about partners

_NOT_A_NAME_START = {
    "aucun", "aucune", "pas", "neant", "nous", "notre", "nos", "voici", "ci", "plusieurs", "ces", "ce", "cette",
    "il", "ils", "elle", "elles", "on", "en", "tbd", "non", "sans", "liste", "votre", "vos", "leur", "leurs", "ses",
    "son", "sa", "chaque", "tous", "toutes", "tout", "autres", "fait", "signe", "date", "le", "la", "les", "des",
    "un", "une", "d", "l", "du", "de", "a", "au", "aux", "et", "ou", "dont", "qui", "que", "si", "lors", "pour",
    "par", "avec", "sur", "dans", "entre", "objet", "madame", "monsieur", "mesdames", "messieurs", "bonjour",
    "cordialement", "merci", "tel", "telephone", "mobile", "portable", "email", "mail", "courriel", "adresse",
    "site", "web", "www", "http", "https", "contact", "siret", "siren", "total", "sous", "budget", "montant",
    "je", "j", "tu", "vous", "y", "cf", "partenaire", "partenaires", "structure", "structures", "nom", "role",
    "contribution", "contributions", "apport", "apports", "type", "nature", "statut",
}
_VERBS = re.compile(r"(?<![\w'’])(?:sont|est|seront|sera|ont|a été|ont été|sommes|avons|serons|être|"
                    r"mobilisons|associons|travaillons|prévoyons|souhaitons|vous|nous|prie|agréer|recevoir)(?![\w])")
PERSON_TITLE = re.compile(r"^(?:m\.|mme|mlle|mr|dr|pr|me|monsieur|madame|docteur|professeur)\b\.?\s*", re.IGNORECASE)
_JUNK = re.compile(
    r"@|https?:|www\.|\.(?:fr|com|org|net|eu)\b|\b\d{2}(?:[ .]\d{2}){4}\b|\+33|"
    r"^\d+[\s,]+(?:bis\s+|ter\s+)?(?:rue|avenue|av\.|bd|boulevard|place|chemin|allée|impasse|quai|route|cours)\b|"
    r"\b(?:cedex|bp\s*\d)\b|\bt[ée]l(?:\.|\s*:|\s+\+?\d|$)", re.IGNORECASE)  # "Tél. :", not "Teleperf"
_ACRONYM = re.compile(r"(?<![\w])(?=[\w'’&-]*[A-Z][\w'’&-]*[A-Z])[A-Z0-9][\w'’&-]*(?![\w])")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


_ROLE_BRACKET = re.compile(r"\s*\((?:porteu(?:r|se)|chef de file|co-?porteu(?:r|se)|pilote|partenaire|membre)\b[^()]*\)$",
                           re.IGNORECASE)


_IN_THE_PROJECT = re.compile(r"(?i)\s+(?:dans|pour|sur)\s+(?:le|ce|cet|notre|votre|leur)\s+"
                             r"(?:projet|cadre|dispositif|programme)\b.*$")


def clean_name(name: str) -> str:
    """Without bullet, numbering, label, article, quotes and trailing punctuation; first letter capital."""
    name = NUMBERED_LABEL.sub("", clean(strip_numbering(name)))
    name = name.strip(" \"'«»“”*•·-–—:;,.")
    name = ARTICLE.sub("", name, count=1).strip()
    if name.count("(") > name.count(")"):
        name = name.split("(")[0].strip()
    name = _ROLE_BRACKET.sub("", name)  # "URPS X (porteur associé)": its role, not its name
    name = _IN_THE_PROJECT.sub("", name)  # "aux côtés de la FPSRA dans le projet X": the name ends before
    name = name.rstrip(" ,;:–—-")
    return name[:1].upper() + name[1:] if name else name


def has_acronym(name: str) -> bool:
    """A word of capitals ("AFT", "CFE-CGC", "U2P", "GRADeS"): organisations write their names so."""
    return any(len(m.group()) >= 2 for m in _ACRONYM.finditer(name))


def org_words_in(name: str, call) -> bool:
    return mentions(fold(name), call.organisation_words)


def is_organiser(name: str, call) -> bool:
    """The call's organiser ("l'Anact", "la Fabrique CTO", "le réseau Anact-Aract"), alone."""
    folded = fold(name)
    organiser = getattr(call, "organiser_names", ())
    if not folded or not organiser or not mentions(folded, organiser):
        return False
    rest = _organiser_pattern(organiser).sub(" ", folded)
    return all(w in ("l", "la", "le", "de", "du", "des", "d", "et", "reseau", "national", "nationale", "siege")
               for w in rest.split())


@functools.lru_cache(maxsize=8)
def _organiser_pattern(organiser: tuple[str, ...]) -> re.Pattern:
    parts = [re.escape(p.rstrip("*")) for p in sorted(organiser, key=len, reverse=True)]
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")


def is_applicant(name: str, applicant: str | None) -> bool:
    """The applicant itself, or its own team ("l'équipe projet de Sextant RH", "Sextant RH" for
    "Cabinet Sextant RH", "ISTRA" for "Institut ISTRA (Université Lyon 2)")."""
    if not applicant:
        return False
    a, b = fold(name), fold(applicant)
    if not a or not b:
        return False
    if a == b or (len(a) > 6 and a in b) or (len(b) > 6 and b in a):
        return True
    # the name's words (articles aside) are all words of the applicant's name, or the initials of
    # some of them ("UMR TTO" for "UMR Territoires, Travail et Organisations", "UD CFDT 72" for
    # "Union départementale CFDT de la Sarthe")
    own = b.split()
    words = [w for w in name.replace("’", "'").split() if fold(w) not in _SMALL and not w.isdigit()]
    return bool(words) and (len(words) >= 2 or len(words[0]) >= 4) and all(
        fold(w) in own or (_ACRONYM.fullmatch(w) is not None and _initials_of(fold(w), own)) for w in words)


_SMALL = {"l", "la", "le", "les", "de", "du", "des", "d", "et", "a", "au", "aux", "en", "sur", "pour"}


def _initials_of(acronym: str, words: list[str]) -> bool:
    """The acronym's letters are the initials of consecutive words, small words ("de", "l") counted or skipped."""
    letters = [c for c in acronym if c.isalpha()]
    if len(letters) < 2:
        return False

    def match(i: int, j: int) -> bool:
        if i == len(letters):
            return True
        if j >= len(words):
            return False
        if words[j][:1] == letters[i] and match(i + 1, j + 1):
            return True
        return words[j] in _SMALL and match(i, j + 1)

    return any(words[j][:1] == letters[0] and match(0, j) for j in range(len(words)))


def plausible(name: str, call) -> bool:
    """Written like a name: not a sentence, an amount, an address, a generic group or a header."""
    if not name or len(name) < 2 or len(name) > 160 or not any(c.isalpha() for c in name):
        return False
    if not (name[:1].isupper() or name[:1].isdigit()):
        return False
    words = fold(name).split()
    if not words or words[0] in _NOT_A_NAME_START or len(name.split()) > 16:
        return False
    if all(w in _NOT_A_NAME_START for w in words):
        return False
    if _VERBS.search(name) or _JUNK.search(name) or FILE_NAME.search(name) or name.rstrip().endswith(":"):
        return False
    if parse_amount(name) is not None or re.search(r"\d[\d \u00a0.,]*\s?(?:€|eur\b|k€)", name, re.IGNORECASE):
        return False
    if name.endswith(",") or re.search(r"\b(?:19|20)\d{2}\b", name):
        return False  # a title or a date ("ROUTE & DONNÉES – AMI 2022"), not an organisation
    if starts_with_wording(name, call.contribution_words) and not (org_words_in(name, call) or has_acronym(name)):
        return False  # "Relais de l'appel à volontaires": what a partner brings, not who
    return not _only_kind(name, call)


def _only_kind(name: str, call) -> bool:
    """"Organisation syndicale", "Collectivité": a kind of organisation, not one of them."""
    folded = fold(name)
    kinds = getattr(call, "partner_kind_words", ())
    return bool(kinds) and mentions(folded, kinds) and any(folded == k.rstrip("*").strip() or (k.endswith("*") and folded.startswith(k[:-1].strip())
                                                                   and len(folded.split()) <= 2) for k in kinds)


def person_like(name: str) -> bool:
    """Two or three capitalised words and nothing else ("Camille Martin", "Jean-Paul Le Goff")."""
    if PERSON_TITLE.match(name):
        return True
    words = name.replace("-", " ").split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and (len(w) < 3 or not w[1:].isupper()) or w.lower() in ("le", "la", "de", "du")
                                        for w in words)


def covering(entities: tuple[Entity, ...], start: int, end: int) -> list[Entity]:
    """The entities lying over most of [start, end)."""
    found = []
    for e in entities:
        overlap = min(end, e.end) - max(start, e.start)
        if overlap > 0 and overlap >= 0.6 * (end - start):
            found.append(e)
    return found


def needs_model(name: str, call) -> bool:
    """The vocabulary and the spelling do not settle it: the model's tags are asked."""
    return not (org_words_in(name, call) or has_acronym(name))


def accept(name: str, contribution: str | None, level: int, tags: list[Entity] | None, call) -> bool:
    """Decide on a plausible name, not the applicant's nor the organiser's, read at this level."""
    if org_words_in(name, call) or has_acronym(name):
        return True
    labels = {e.label for e in tags or ()}
    if PERSON_TITLE.match(name):
        return False
    if level == STATED:  # read in a sentence: the model must see an organisation, not a person or a place
        return bool(labels & {"ORG", "MISC"}) and "PER" not in labels
    if "PER" in labels and person_like(name):
        # A firm's name is often tagged PER ("Azur Nettoyage"): in a partner table, list or
        # enumeration, with what it brings, it stays; a name alone, or met in a sentence, is a person's.
        return level != MENTION and contribution is not None
    if labels == {"LOC"}:
        return level != MENTION and contribution is not None  # "Lille" alone is a place
    if level == MENTION:
        return "ORG" in labels
    if level == ENUMERATION:
        return bool(labels & {"ORG", "MISC"}) or (contribution is not None and len(name.split()) <= 8) \
            or (not labels and len(name.split()) <= 5)
    return True
