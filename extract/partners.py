"""The partners a proposal names, with the contribution stated for each (or None)."""
from __future__ import annotations

import re

from .amounts import parse_amount
from .categories import mentions
from .layout import in_sections, sections_of
from .textutil import clean, excerpt, fold, strip_numbering
from .types import Block, Document, Partner, Source, Table

_SPLITTERS = (" : ", ": ", " – ", " — ", " - ", " -- ", " (", ", qui ", " qui ", ", pour ", " pour ", ", ")
_ARTICLE = re.compile(r"^(?:l['’]\s?|la |le |les |du |de la |des |d['’]\s?|un |une )", re.IGNORECASE)
_HEADER_EXTRA = {"role", "roles", "attendue", "attendu", "attendues", "de", "du", "des", "la", "le", "et", "nature",
                 "engagement", "mission", "missions", "apports", "contribution", "s"}
_HEADER_WORDS = {"partenaire", "partenaires", "structure", "structures", "organisme", "organismes", "nom",
                 "contribution", "contributions", "role", "apport", "partenaire s", "acteur", "acteurs"}


def read_partners(document: Document, call, applicant: str | None) -> list[Partner]:
    if document.status != "ok":
        return []
    sections = [s for s in in_sections(sections_of(document, call), call.partner_sections) if s.level != 0]
    partners: list[Partner] = []
    for section in sections:
        tables = [i for i in section.items if isinstance(i, Table)]
        found: list[Partner] = []
        for table in tables:
            found += _from_table(table, document, call)
        if section.inline and not found:
            found = _from_block(Block(text=section.inline, page=section.page), document, call)
        if not found:
            found = _from_subheadings(section.items, document, call)
        if not found:
            for item in section.items:
                if isinstance(item, Block) and item.heading_level is None:
                    found += _from_block(item, document, call)
        partners += found
    if not partners:
        for table in document.tables:
            if _partner_header(table.rows[0], call) is not None:
                partners += _from_table(table, document, call)
    return _dedupe([p for p in partners if not _is_applicant(p.name, applicant)])


def _from_subheadings(items, document: Document, call) -> list[Partner]:
    """One sub-heading per partner, its paragraph(s) below telling the contribution."""
    partners: list[Partner] = []
    current: list | None = None
    for item in items:
        if isinstance(item, Block) and item.heading_level is not None:
            name = _clean_name(strip_numbering(clean(item.text)).rstrip(" :"))
            current = [name, [], item]
            if _plausible_name(name) and not _is_sentence(name):
                partners.append(current)
        elif current is not None and isinstance(item, Block):
            current[1].append(item.text)
    result = []
    for name, texts, block in partners:
        contribution = clean(" ".join(texts)) or None
        if contribution and _is_nothing(contribution, call):
            contribution = None
        result.append(Partner(name, contribution, Source(document.name, block.page, excerpt(f"{name} : {contribution or ''}"))))
    return result if len(result) >= 1 and all(len(p.name.split()) <= 12 for p in result) else []


_NOT_A_NAME_START = {"aucun", "aucune", "pas", "neant", "nous", "notre", "nos", "voici", "ci", "plusieurs", "ces", "ce",
                     "cette", "il", "ils", "elle", "elles", "on", "a", "en", "tbd", "non", "sans", "liste", "votre"}
_VERBS = re.compile(r"(?<![\w])(?:sont|est|seront|sera|ont|a été|ont été|sommes|avons|serons|être|mobilisons|"
                    r"associons|travaillons|prévoyons|souhaitons)(?![\w])")


def _is_sentence(text: str) -> bool:
    folded = fold(text)
    words = folded.split()
    if not words:
        return True
    # Verbs are matched as written: "Est" in "Aract Grand Est" is a region, not a verb.
    return words[0] in _NOT_A_NAME_START or bool(_VERBS.search(text)) or text.rstrip().endswith(":")


def _partner_header(row: tuple[str, ...], call) -> tuple[int, int | None] | None:
    name_col = contribution_col = None
    for i, cell in enumerate(row):
        folded = fold(cell)
        if not folded or len(folded.split()) > 5:
            continue
        if name_col is None and mentions(folded, call.partner_name_headers):
            name_col = i
        elif contribution_col is None and mentions(folded, call.partner_contribution_headers):
            contribution_col = i
    if name_col is None:
        return None
    return name_col, contribution_col


def _from_table(table: Table, document: Document, call) -> list[Partner]:
    rows = table.rows
    if not rows:
        return []
    header = _partner_header(rows[0], call)
    if header is not None:
        name_col, contribution_col = header
        data = rows[1:]
    else:
        name_col, contribution_col = 0, (1 if max(len(r) for r in rows) > 1 else None)
        data = rows
    partners = []
    for row in data:
        if name_col >= len(row):
            continue
        name = clean(row[name_col])
        if not _plausible_name(name):
            continue
        contribution = None
        if contribution_col is not None and contribution_col < len(row):
            contribution = clean(row[contribution_col]) or None
        elif contribution_col is None and len(row) > name_col + 1:
            contribution = clean(" ".join(c for i, c in enumerate(row) if i != name_col)) or None
        if contribution and _is_nothing(contribution, call):
            contribution = None
        partners.append(Partner(name, contribution, Source(document.name, table.page, excerpt(" | ".join(c for c in row if c)))))
    return partners


def _is_nothing(text: str, call) -> bool:
    folded = fold(text)
    return not folded or folded in call.empty_markers or text.strip() in call.empty_markers


def _plausible_name(name: str) -> bool:
    folded = fold(name)
    if not folded or folded in _HEADER_WORDS or len(folded) < 2:
        return False
    if all(w in _HEADER_WORDS or w in _HEADER_EXTRA for w in folded.split()):
        return False
    if re.match(r"^(?:sous )?total", folded):
        return False
    if parse_amount(name) is not None:
        return False
    if len(name.split()) > 16:
        return False
    return any(c.isalpha() for c in name)


def _from_block(block: Block, document: Document, call) -> list[Partner]:
    text = clean(strip_numbering(block.text) if block.kind != "list" else block.text)
    if not text:
        return []
    source = Source(document.name, block.page, excerpt(text))
    if _is_nothing(text, call):
        return []
    if block.kind != "list" and _TRIGGER.search(text) and not re.match(r"^[^:]{2,80}:", text):
        found = _from_prose(text, source, call)
        if found:
            return found
    if block.kind == "list" or len(text.split()) <= 16:
        name, contribution = split_name(text, call)
        written = _ARTICLE.sub("", text.strip().lstrip("-–—•* "))
        # A name is written with a capital ("l'Aract …", "CFDT …"); "les partenaires …" is prose.
        if name and _plausible_name(name) and (written[:1].isupper() or written[:1].isdigit()) \
                and not _is_sentence(name):
            return [Partner(name, contribution, source)]
        if block.kind == "list" or len(text.split()) <= 5:
            return []
    return _from_prose(text, source, call)


def split_name(text: str, call) -> tuple[str, str | None]:
    """"Aract X : appui" / "Aract X – apport de…" / "Aract X (appui)" / "Aract X appui…" -> (name, contribution)."""
    text = text.strip().rstrip(".;")
    name, contribution = _split_on_separator(text, call)
    if contribution is None:
        name, contribution = _split_on_contribution_word(text, call)
    return name, contribution


def _split_on_contribution_word(text: str, call) -> tuple[str, str | None]:
    """A table flattened into a line ("Aract Bretagne appui méthodologique"): the name ends
    where a lowercase contribution wording starts."""
    words = text.split()
    for i in range(1, len(words)):
        word = words[i]
        if not word[:1].islower():
            continue
        rest = " ".join(words[i:])
        if _is_contribution_start(rest, call):
            return _clean_name(" ".join(words[:i])), rest
    return _clean_name(text), None


def _split_on_separator(text: str, call) -> tuple[str, str | None]:
    for splitter in _SPLITTERS:
        position = text.find(splitter)
        while position > 0:
            name = text[:position].strip()
            rest = text[position + len(splitter):].strip().rstrip(")").strip()
            if splitter.strip() in (":",) and rest:
                return _clean_name(name), rest
            if rest and _is_contribution(rest, call):
                return _clean_name(name), rest
            position = text.find(splitter, position + 1)
    return _clean_name(text), None


def _is_contribution(rest: str, call) -> bool:
    if rest[:1].islower():
        return True
    return _is_contribution_start(rest, call)


def _is_contribution_start(rest: str, call) -> bool:
    first = " ".join(fold(rest).split()[:4])
    for word in call.contribution_words:
        stem = word.rstrip("*").strip()
        if first.startswith(stem) and (word.endswith("*") or first[len(stem):len(stem) + 1] in ("", " ")):
            return True
    return False


def _clean_name(name: str) -> str:
    name = _ARTICLE.sub("", name.strip().strip("-–—•*").strip())
    return name[:1].upper() + name[1:] if name else name


_TRIGGER = re.compile(
    r"(?i)\b(?:associe(?:ra|nt|ront)?|mobilise(?:ra|nt|ront)?|r[ée]unit|r[ée]unira|implique(?:ra|nt)?|"
    r"s['’]appuie(?:ra)? sur|en partenariat avec|avec le soutien d[eu']|aux c[ôo]t[ée]s d[eu']|"
    r"partenaires? (?:sont|seront|est|sera)\s*:?|partenaires? mobilis[ée]s? (?:sont|seront)\s*:?|travaill\w* avec|"
    r"collabor\w* avec|sont associ[ée]s\s*:?|:)\s*"
)
_ORG_NOUNS = (r"(?:entreprise|soci[ée]t[ée]|association|f[ée]d[ée]ration|union|syndicat|coop[ée]rative|"
              r"collectivit[ée]|mairie|ville|r[ée]gion|universit[ée]|laboratoire|clinique|chambre|agence|institut|"
              r"[ée]cole|mutuelle|fondation|cabinet|centre|groupe|r[ée]seau|observatoire)\b")
_NEXT_NAME = r"(?=(?:l['’]\s?|la |le |les |des |du |de la )?(?:[A-ZÉÈÊÀÂÎÔÛÇ]|" + _ORG_NOUNS + "))"
_ITEM_SPLIT = re.compile(r",\s+(?:et\s+|ainsi que\s+)?" + _NEXT_NAME + r"|\s+(?:et|ainsi que)\s+" + _NEXT_NAME)
_RELATIVE = re.compile(r"(?:,\s*|\s+)(?=(?:qui|dont|pour|afin|chargée?s? de|en charge)\b)|\s+[(–—:]\s*", re.IGNORECASE)
_LOWER_ORG = re.compile(r"^(?:l['’]\s?|la |le |les )?" + _ORG_NOUNS + r"\s+(?=\S)", re.IGNORECASE)


def _from_prose(text: str, source: Source, call) -> list[Partner]:
    """"Le projet associe l'Aract X, qui apportera…, la CFDT Y et l'entreprise Z." -> partners."""
    partners: list[Partner] = []
    for sentence in re.split(r"(?<=[.;!?])\s+", text):
        trigger = _TRIGGER.search(sentence)
        if not trigger:
            continue
        enumeration = sentence[trigger.end():].rstrip(" .;!")
        items: list[list[str]] = []
        for piece in _ITEM_SPLIT.split(enumeration):
            piece = piece.strip(" ,")
            if not piece:
                continue
            parts = _RELATIVE.split(piece, maxsplit=1)
            name = _ARTICLE.sub("", parts[0].strip())
            contribution = parts[1].strip(" ,)") if len(parts) > 1 else None
            lowered_org = _LOWER_ORG.match(parts[0].strip())
            if lowered_org and not name[:1].isupper():
                name = name[:1].upper() + name[1:]
            if name[:1].isupper() and len(name.split()) <= 12 and not _is_sentence(name):
                items.append([name.strip(" ,"), contribution])
            elif items:
                # Not a name: the previous partner's contribution goes on ("…un terrain, des locaux").
                previous = items[-1]
                previous[1] = f"{previous[1]}, {piece}" if previous[1] else None
        for name, contribution in items:
            if contribution and contribution.lower().startswith("qui "):
                contribution = contribution[4:]
            partners.append(Partner(name, contribution or None, source))
    return partners


def _is_applicant(name: str, applicant: str | None) -> bool:
    if not applicant:
        return False
    a, b = fold(name), fold(applicant)
    return bool(a) and (a == b or (len(a) > 6 and (a in b or b in a)))


def _dedupe(partners: list[Partner]) -> list[Partner]:
    seen: dict[str, int] = {}
    result: list[Partner] = []
    for partner in partners:
        key = fold(partner.name)
        if key in seen:
            existing = result[seen[key]]
            if existing.contribution is None and partner.contribution:
                result[seen[key]] = partner
            continue
        seen[key] = len(result)
        result.append(partner)
    return result


def contributions_stated(partners: list[Partner]) -> bool:
    """A contribution is stated for all or most of the partners."""
    if not partners:
        return False
    with_contribution = sum(1 for p in partners if p.contribution)
    return with_contribution * 2 > len(partners)
