"""Where each description element of the call is found: under a heading, or plainly without one."""
from __future__ import annotations

import re

from .layout import Section, first_content, heading_keys, is_empty_text, items_of, section_text, sections_of
from .textutil import excerpt, fold, find_dates, strip_numbering
from .types import Block, Document, Source

MAX_HEADING_WORDS = 20


def description_sources(documents, call, how: dict[str, str] | None = None) -> dict[str, Source | None]:
    """Requirement key -> Source for every key that has heading wordings or content patterns.
    `how`, when given, receives how each was found: "heading" (a section or a form's row named
    by the element) or "content" (a sentence or a table that plainly is the element, no heading)."""
    keys = [r.key for r in call.requirements if r.headings or r.content_patterns]
    found: dict[str, Source | None] = {key: None for key in keys}
    how = how if how is not None else {}
    synonyms = call.heading_synonyms
    for document in documents:
        if document.status != "ok":
            continue
        sections = sections_of(document, call)
        for section in sections:
            if len(section.folded.split()) > MAX_HEADING_WORDS:
                continue
            matched = [k for k in heading_keys(section.folded, synonyms) if found.get(k, 1) is None]
            if not matched:
                continue
            text = section_text(section, limit=4000)
            if is_empty_text(text, call):
                continue
            content, page = first_content(section)
            source = Source(document.name, page, excerpt(f"{section.heading} : {content}"))
            for key in matched:
                found[key] = source
                how[key] = "heading"
        _form_tables(document, call, found, how)
        _content_fallbacks(document, call, found, sections, how)
    return found


def _form_tables(document: Document, call, found: dict, how: dict) -> None:
    """Application forms: a table whose rows are "Contexte | text", or a label row above a text row."""
    from .amounts import parse_amount
    from .layout import only_heading_words

    synonyms = call.heading_synonyms
    for table in document.tables:
        rows = table.rows
        if sum(1 for row in rows for cell in row if parse_amount(cell, bare_ok=False) is not None) >= 2:
            continue
        if is_dated_phase_rows([" ".join(r) for r in rows], call):
            continue
        # A form ("Rubrique | Contenu"): three rows or more labelled with the call's elements. Its
        # labels may be worded freely ("Entreprises et salariés concernés", questions...).
        labelled = sum(1 for row in rows if row and row[0].strip() and len(row[0].split()) <= 10
                       and heading_keys(fold(strip_numbering(row[0])), synonyms))
        is_form = labelled >= 3
        for index, row in enumerate(rows):
            cells = [c for c in row if c.strip()]
            if not cells:
                continue
            label = fold(strip_numbering(cells[0]))
            if not label or len(label.split()) > 10:
                continue
            if not only_heading_words(label, call) and not (is_form and len(cells) >= 2 and len(label.split()) <= 8):
                continue
            content = " ".join(cells[1:])
            if not content and index + 1 < len(rows):
                following = [c for c in rows[index + 1] if c.strip()]
                if following and not only_heading_words(fold(strip_numbering(following[0])), call):
                    content = " ".join(following)
            if len(content.split()) < 3 or is_empty_text(content, call):
                continue
            for key in heading_keys(label, synonyms):
                if found.get(key, 1) is None:
                    found[key] = Source(document.name, table.page, excerpt(f"{cells[0]} : {content}"))
                    how[key] = "heading"


def _content_fallbacks(document: Document, call, found: dict, sections: list[Section], how: dict) -> None:
    excluded = _excluded_orders(sections, call)
    if "description.phasage" in found and found["description.phasage"] is None:
        source = dated_phases_source(document, call, excluded)
        if source:
            found["description.phasage"] = source
            how["description.phasage"] = "content"
    for requirement in call.requirements:
        if not requirement.content_patterns or found.get(requirement.key) is not None:
            continue
        patterns = [re.compile(p) for p in requirement.content_patterns]
        for item in items_of(document):
            if not isinstance(item, Block) or item.heading_level is not None or item.order in excluded:
                continue
            folded = fold(strip_numbering(item.text))
            if any(p.search(folded) for p in patterns):
                found[requirement.key] = Source(document.name, item.page, excerpt(item.text))
                how[requirement.key] = "content"
                break


def _excluded_orders(sections: list[Section], call) -> set[int]:
    """Items of the partner and budget sections: their words describe partners and money."""
    excluded: set[int] = set()
    phrases = call.partner_sections + call.budget_sections
    for section in sections:
        if any(re.search(r"(?<![a-z0-9])" + re.escape(p.rstrip("*").strip()), section.folded) for p in phrases):
            excluded.update(item.order for item in section.items)
    return excluded


def is_dated_phase_rows(rows: list[str], call) -> bool:
    dated = 0
    steps = 0
    step_pattern = re.compile(
        r"^(?:" + "|".join(re.escape(w.rstrip("*").strip()) for w in call.phasage_step_words) + r")[a-z]*\s*(?:\d+|[ivx]+)\b"
    ) if call.phasage_step_words else None
    period = re.compile(r"(?<![a-z0-9])(?:m|mois|s|t|q|semaine|trimestre|semestre)\s?\d{1,2}(?![0-9])")
    for row in rows:
        folded = fold(row)
        if find_dates(row) or period.search(folded):
            dated += 1
        elif step_pattern and step_pattern.search(folded):
            steps += 1
    return dated >= call.phasage_min_dated_rows or (dated >= 1 and dated + steps >= call.phasage_min_dated_rows + 1)


def dated_phases_source(document: Document, call, excluded: set[int] = frozenset()) -> Source | None:
    """A table (or run of list lines) of dated phases is a phasage even without a heading."""
    from .amounts import parse_amount

    for table in document.tables:
        if table.order in excluded or len(table.rows) < 2:
            continue
        if sum(1 for row in table.rows for cell in row if parse_amount(cell, bare_ok=False) is not None) >= 2:
            continue
        rows = [" ".join(row) for row in table.rows]
        if is_dated_phase_rows(rows, call):
            return Source(document.name, table.page, excerpt(" | ".join(c for c in table.rows[1] if c)))
    run: list[Block] = []
    for item in items_of(document) + [None]:
        if isinstance(item, Block) and item.heading_level is None and item.order not in excluded and len(item.text) < 300:
            folded = fold(item.text)
            if find_dates(item.text) or re.match(r"^(?:phase|etape|lot|mois|m)\s*\d", folded):
                run.append(item)
                continue
        if len(run) >= 3 and is_dated_phase_rows([b.text for b in run], call):
            return Source(document.name, run[0].page, excerpt(run[0].text))
        run = []
    return None
