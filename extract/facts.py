"""The project's title, the applicant organisation and the project's end."""
from __future__ import annotations

import re
from datetime import date

from .find_requirements import is_dated_phase_rows
from .layout import heading_keys, items_of, sections_of
from .textutil import any_phrase, clean, contains_phrase, find_dates, fold, month_end
from .types import Block, Document, Table

_LABEL = re.compile(r"^\s*([^:]{2,60}?)\s*:\s*(.+)$")
_ACRONYM = re.compile(r"^\s*([A-ZÉÈÊÀÂÎÔÛÇ0-9][A-ZÉÈÊÀÂÎÔÛÇ0-9 &'’.\-]{1,40})\s*[–—:\-]\s+(.{8,})$")
_ORG_TAIL = re.compile(r"\s*(?:[–—,\-]\s*)?(?:contact|courriel|e-mail|email|mail|tel|tél|téléphone|représenté|adresse)\b.*$", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
_VERB = re.compile(r"(?<![a-z])(?:est|sont|sera|seront|a|ont|vise|visent|repose|permet|permettra)(?![a-z])")


def _labelled(document: Document, labels) -> list[tuple[str, str]]:
    """(label, value) pairs from "Label : value" paragraphs and two-cell table rows."""
    pairs: list[tuple[str, str]] = []
    for item in items_of(document)[:400]:
        if isinstance(item, Block):
            for piece in re.split(r"\s[–—|]\s(?=[^:]{2,40}:)", item.text):
                m = _LABEL.match(piece)
                if m:
                    pairs.append((fold(m.group(1)), clean(m.group(2))))
        elif isinstance(item, Table):
            for row in item.rows:
                cells = [c for c in row if c.strip()]
                if len(cells) == 2:
                    pairs.append((fold(cells[0].rstrip(" :")), clean(cells[1])))
    exact = [(label, value) for label, value in pairs if label in labels]
    # Then longer labels holding one of the wordings ("Nom de la structure porteuse"), unless they
    # are about a person or an address ("Contact du porteur").
    near = [(label, value) for label, value in pairs
            if label not in labels and len(label.split()) <= 7 and not _PERSONAL.search(label)
            and any(contains_phrase(label, wording) for wording in labels
                    if len(wording.split()) >= 2 or wording in _STRONG_WORDS)]
    return exact + near


_STRONG_WORDS = {"titre", "intitule", "porteur", "porteuse", "denomination", "candidat", "acronyme"}
_PERSONAL = re.compile(r"(?<![a-z])(?:contact|telephone|tel|mail|courriel|adresse|responsable|representant|signataire|"
                       r"nom et prenom|prenom|fonction|siret|siren|statut|date|duree|budget|montant)(?![a-z])")


def organisation_of(documents, call) -> str | None:
    for document in documents:
        if document.status != "ok":
            continue
        for _, value in _labelled(document, set(call.organisation_labels)):
            value = _ORG_TAIL.sub("", _EMAIL.sub("", value)).strip(" ,;–—-")
            value = _strip_place(value)
            if value and len(value.split()) <= 15 and value[:1].isupper() and not value.endswith(".") \
                    and not _VERB.search(fold(value)):
                return value
    return None


def _strip_place(value: str) -> str:
    """"Cabinet X (Lyon)" -> "Cabinet X": a trailing bracket holding only a place name."""
    m = re.match(r"^(.*\S)\s*\(([^()]{2,40})\)$", value)
    if m and "(" not in m.group(2):
        inside = m.group(2)
        words = inside.replace("-", " ").split()
        org_words = {"universite", "laboratoire", "cnrs", "institut", "groupe", "association", "ecole", "centre", "sas", "sarl", "umr"}
        if len(words) <= 3 and all(w[:1].isupper() or w in ("de", "du", "sur", "en", "la", "le") for w in words) \
                and not any(fold(w) in org_words for w in words) and not re.search(r"[A-Z]{3,}", inside):
            return m.group(1)
    return value


def title_of(documents, call) -> str | None:
    for document in documents:
        if document.status != "ok":
            continue
        for _, value in _labelled(document, set(call.title_labels)):
            if 2 <= len(value.split()) <= 40:
                return _drop_acronym(value)
        for block in document.blocks[:20]:
            if block.kind == "title":
                return _drop_acronym(clean(block.text))
    return None


def _drop_acronym(title: str) -> str:
    m = _ACRONYM.match(title)
    if m and sum(1 for c in m.group(1) if c.isalpha()) >= 2 and m.group(1).upper() == m.group(1):
        return m.group(2).strip()
    return title


def project_end_of(documents, call) -> date | None:
    """An explicit "fin du projet : …", else the latest date of the phasage (latest document first)."""
    for document in reversed(list(documents)):
        if document.status != "ok":
            continue
        explicit = _explicit_end(document, call)
        if explicit:
            return explicit
        found = [d for d in (_phasage_end(document, call), _duration_end(document)) if d]
        if found:
            return max(found)
    return None


_DURATION = re.compile(r"(?<![a-z0-9])(\d{1,2})\s*mois(?![a-z])")
_START = re.compile(r"(?<![a-z])(?:a partir d|a compter d|debut|demarrage|lancement|commencera|demarrera|des)")


def _duration_end(document: Document) -> date | None:
    """"Durée : 18 mois à compter de septembre 2022" -> the end of February 2024."""
    for block in document.blocks:
        if len(block.text) > 600:
            continue
        folded = fold(block.text)
        duration = _DURATION.search(folded)
        start = _START.search(folded)
        if not (duration and start and ("duree" in folded or "projet" in folded)):
            continue
        dates = find_dates(block.text[:400])
        if not dates:
            continue
        begin = min(dates)
        months = int(duration.group(1))
        if not 1 <= months <= 60:
            continue
        index = begin.year * 12 + begin.month - 1 + months - 1
        return month_end(index // 12, index % 12 + 1)
    return None


def _explicit_end(document: Document, call) -> date | None:
    for item in items_of(document):
        texts = [item.text] if isinstance(item, Block) else [" ".join(r) for r in item.rows]
        for text in texts:
            folded = fold(text)
            if any_phrase(folded, call.end_labels) is not None:
                dates = find_dates(text)
                if dates and len(text) < 300:
                    return max(dates)
    return None


def _phasage_end(document: Document, call) -> date | None:
    synonyms = {"description.phasage": call.heading_synonyms.get("description.phasage", ())}
    dates: list[date] = []
    for section in sections_of(document, call):
        if section.level == 0 or not heading_keys(section.folded, synonyms):
            continue
        for item in section.items:
            if isinstance(item, Table):
                for row in item.rows:
                    dates += find_dates(" ".join(row))
            elif item.heading_level is None:
                dates += find_dates(item.text)
        if section.inline:
            dates += find_dates(section.inline)
    if not dates:
        for table in document.tables:
            rows = [" ".join(r) for r in table.rows]
            if is_dated_phase_rows(rows, call):
                for row in rows:
                    dates += find_dates(row)
    return max(dates) if dates else None
