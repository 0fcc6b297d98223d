"""Where each description element of the call is found: under a heading, or plainly without one."""
from __future__ import annotations

import functools
import re

from .layout import (Section, first_content, heading_keys, is_empty_text, is_question, is_weak_wording, items_of,
                     only_heading_words, opens_with_wording, section_text, sections_of)
from .textutil import MONTHS, any_phrase, excerpt, fold, find_dates, strip_numbering
from .types import Block, Document, Source, Table

MAX_HEADING_WORDS = 20
# A longer heading names an element only by its first words or as a question: the words of a
# document's title ("MÉTIERS EN DIALOGUE – … : diagnostic partagé des outils") name no section.
MAX_ANYWHERE_WORDS = 8
_STEP = re.compile(r"^[a-z]+ (?:\d{1,2}|[ivx]{1,4})(?![a-z0-9])")


def element_keys(heading: str, call) -> list[str]:
    """The elements a heading (or a form's label) names, as a clerk reads it."""
    return list(_element_keys(heading, call))


@functools.lru_cache(maxsize=8192)  # one heading is asked about from several places, and again at each reply
def _element_keys(heading: str, call) -> tuple[str, ...]:
    return tuple(_read_element_keys(heading, call))


def _read_element_keys(heading: str, call) -> list[str]:
    bare = strip_numbering(heading).strip()
    parts = [p for p in re.split(r"\s*[,/]\s*" + (r"|\s+et\s+" if bare.endswith("?") else ""), bare.strip(" ?:")) if p]
    if len(parts) > 1 and all(len(p.split()) <= 3 for p in parts):
        # "Avec qui, pour qui ?", "Avec qui et pour qui ?": short questions, each read alone
        return list(dict.fromkeys(k for p in parts for k in _read_element_keys(p, call)))
    folded = fold(bare)
    words = folded.split()
    if not words or len(words) > MAX_HEADING_WORDS:
        return []
    keys = heading_keys(folded, call.heading_synonyms, call.heading_fillers)
    if len(keys) > 1 and _STEP.match(folded) and call.phasage_step_words \
            and words[0] in call.phasage_step_words and "description.phasage" in keys:
        return ["description.phasage"]  # "Phase 4 – Capitalisation et diffusion": a step of the phasage
    if keys and len(words) > MAX_ANYWHERE_WORDS and not is_question(heading) and not opens_with_wording(folded, call):
        return []
    strong = heading_keys(folded, _strong_synonyms(call)) if keys else []
    if keys and not strong and any_phrase(folded, call.partner_sections + call.budget_sections):
        # "Comment les partenaires seront-ils associés ?" asks about the partners, not the method;
        # "Origine des financements" tells where the money comes from, not the context
        return []
    if len(keys) > 1 and strong:
        # "Enjeux et hypothèse": the stakes of the problem the heading names, not a context
        keys = [key for key in keys if key in strong or not _yields(folded, key, call)]
    return keys


def _yields(folded: str, key: str, call) -> bool:
    """The heading names the element only by a wording that yields to any other element's."""
    yielding = _yielding(call).get(key, ())
    return bool(yielding) and any_phrase(folded, yielding) is not None


@functools.lru_cache(maxsize=16)
def _yielding(call) -> dict[str, tuple[str, ...]]:
    return {r.key: r.yielding for r in call.requirements if getattr(r, "yielding", ())}


@functools.lru_cache(maxsize=16)
def _strong_synonyms(call) -> dict[str, tuple[str, ...]]:
    """The elements' wordings without the bare question words ("comment", "pourquoi") and without
    those yielding to any other wording ("enjeux", "origine")."""
    yielding = _yielding(call)
    return {key: kept for key, phrases in call.heading_synonyms.items()
            if (kept := tuple(p for p in phrases if not is_weak_wording(p, call.heading_fillers)
                              and p not in yielding.get(key, ())))}


def description_sources(documents, call, how: dict[str, str] | None = None) -> dict[str, Source | None]:
    """Requirement key -> Source for every key that has heading wordings or content patterns.
    `how`, when given, receives how each was found: "heading" (a section or a form's row named
    by the element) or "content" (a sentence or a table that plainly is the element, no heading)."""
    keys = [r.key for r in call.requirements if r.headings or r.content_patterns]
    found: dict[str, Source | None] = {key: None for key in keys}
    how = how if how is not None else {}
    for document in documents:
        if document.status != "ok":
            continue
        sections = sections_of(document, call)
        in_budget = _budget_orders(sections, call)
        items = items_of(document)
        named = [element_keys(section.heading, call) for section in sections]
        for n, section in enumerate(sections):
            # an element with a sub-section of its own is read there ("Objectifs et résultats", then
            # "Résultats" left to complete: the results are not given)
            nested = [m for m, other in enumerate(sections) if m != n and _nested(other, section)]
            inner = {k for m in nested for k in named[m]}
            if nested and not _own_text(section, sections[nested[0]], call):
                matched = [k for k in named[n] if found.get(k, 1) is None and k not in inner]
            else:
                matched = [k for k in named[n] if found.get(k, 1) is None]
            if not matched:
                matched = _then(section, named[n], found, call)
            if not matched:
                continue
            text = section_text(section, limit=4000)
            if is_empty_text(text, call):
                continue
            if items[section.start].order in in_budget and _holds_money(text):
                continue  # "Communication et diffusion : 2 000 €", a heading of the budget's lines
            content, page = first_content(section)
            source = Source(document.name, page, excerpt(f"{section.heading} : {content}"))
            for key in matched:
                found[key] = source
                how[key] = "heading"
        if found.get("description.contexte", 1) is None:
            _opening_section(document, call, found, how, sections, named)
        _form_tables(document, call, found, how)
        _content_fallbacks(document, call, found, sections, how)
    return found


def _then(section: Section, keys: list[str], found: dict, call) -> list[str]:
    """A second section headed only by a wording the call's data gives for what follows an element
    (« Enjeux identifiés » after « Éléments de contexte »): the element it then states, when that
    one is not found."""
    rule = _then_of(call).get(keys[0]) if len(keys) == 1 else None
    if rule is None or found.get(rule[0], 1) is not None or any_phrase(section.folded, rule[1]) is None:
        return []
    others = tuple(p for p in _strong_synonyms(call).get(keys[0], ()) if p not in rule[1])
    return [] if heading_keys(section.folded, {keys[0]: others}) else [rule[0]]


@functools.lru_cache(maxsize=16)
def _then_of(call) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {r.key: (r.then, r.then_headings) for r in call.requirements if getattr(r, "then", None)}


def _opening_section(document: Document, call, found: dict, how: dict, sections: list[Section],
                     named: list[list[str]]) -> None:
    """A description whose sections four elements at least name, opening on a section of its own
    words ("I. Le territoire et ses agents") before all of them: that opening is where the project
    starts from, its context."""
    elements = [n for n, keys in enumerate(named) if any(k.startswith("description.") for k in keys)]
    if len({k for n in elements for k in named[n] if k.startswith("description.")}) < 4:
        return
    first = elements[0]
    level = sections[first].level
    for n in range(first):
        section = sections[n]
        if section.level != level or named[n] or is_question(section.heading) \
                or any_phrase(section.folded, call.partner_sections + call.budget_sections):
            continue
        if len(fold(section_text(section, limit=4000)).split()) < 30:
            continue  # the document's title and subtitle, a short note
        content, page = first_content(section)
        found["description.contexte"] = Source(document.name, page, excerpt(f"{section.heading} : {content}"))
        how["description.contexte"] = "heading"
        return


def _form_tables(document: Document, call, found: dict, how: dict) -> None:
    """Application forms: tables whose rows are "Contexte | text" (or a label row above a text row),
    in a DOCX, a PDF or a spreadsheet's sheet. A table of three labelled rows or more is a form, whose
    labels may be worded freely (questions, instructions) and whose other rows may hold dates or
    amounts; any other table counts only rows labelled by a bare heading wording."""
    from .amounts import parse_amount

    def has_amount(row) -> bool:
        """A cell holding an amount: with its currency, or a bare figure in a spreadsheet."""
        bare = document.format == "xlsx"
        return any((value := parse_amount(cell, bare_ok=bare)) is not None and (not bare or value >= 100)
                   for cell in row[1:])

    # A table of figures (a budget: most rows hold an amount) or of dated phases is no form,
    # whatever its labels ("2. Diagnostic partagé | déc. 2022 – mars 2023" is a step of a phasage).
    def is_other(table) -> bool:
        half = max(2, len(table.rows) / 2)
        return sum(1 for r in table.rows if has_amount(r)) >= half \
            or sum(1 for r in table.rows if find_dates(" ".join(r[1:]))) >= half or is_time_grid(table)

    others = {id(t) for t in document.tables if is_other(t)}
    for table in document.tables:
        if id(table) not in others:
            _form_columns(document, table, call, found, how)
    rows = [(table, row) for table in document.tables for row in table.rows]
    named = {key for table, row in rows if id(table) not in others and not has_amount(row)
             for key in _label_keys(_cells(row), call)}
    is_form = len(named) >= 3  # rows labelled by three elements or more
    for index, (table, row) in enumerate(rows):
        if id(table) in others or has_amount(row):
            continue
        if not is_form and is_dated_phase_rows([" ".join(r) for r in table.rows], call):
            continue
        cells = _cells(row)
        if not cells:
            continue
        if len(cells) >= 2 and _dated_step(cells[1]) \
                and "description.phasage" not in element_keys(_label_text(cells[0]), call):
            continue  # "Analyse des effets | sept. – oct. 2023 | …": a step of a phasage, not the results
        label_text = _label_text(cells[0])
        label = fold(strip_numbering(label_text))
        if not label or len(label.split()) > 10:
            continue
        if not only_heading_words(label, call) and not (is_form and len(label.split()) <= 10):
            continue
        content = " ".join(cells[1:])
        following_table = rows[index + 1][0] if index + 1 < len(rows) else None
        if not content and following_table is not None \
                and (following_table is table or (table.sheet is not None and following_table.sheet == table.sheet)):
            following = _cells(rows[index + 1][1])
            # the next row is the answer, unless it is itself a labelled row
            if following and not (len(following) >= 2 and _label_keys(following, call)) \
                    and not only_heading_words(fold(strip_numbering(following[0])), call):
                content = " ".join(following)
        if len(content.split()) < 3 or is_empty_text(content, call):
            continue
        for key in element_keys(label_text, call):
            if found.get(key, 1) is None:
                found[key] = Source(document.name, table.page, excerpt(f"{label_text} : {content}"))
                how[key] = "heading"


def _form_columns(document: Document, table, call, found: dict, how: dict) -> None:
    """A form laid out in columns: a header row naming elements ("Contexte | Objectifs | Publics"),
    the answers in the rows below."""
    # a form has one row of answers (two or three when a cell spilled over), not a plan of many rows
    if not 2 <= len(table.rows) <= 3 or is_dated_phase_rows([" ".join(r) for r in table.rows], call):
        return
    header = table.rows[0]
    keys = [element_keys(cell, call) if cell.strip() and len(cell.split()) <= 10 else [] for cell in header]
    if sum(1 for k in keys if k) < 2:
        return
    for column, column_keys in enumerate(keys):
        content = " ".join(row[column] for row in table.rows[1:] if column < len(row) and row[column].strip())
        if not column_keys or len(content.split()) < 3 or is_empty_text(content, call):
            continue
        for key in column_keys:
            if found.get(key, 1) is None:
                found[key] = Source(document.name, table.page, excerpt(f"{header[column]} : {content}"))
                how[key] = "heading"


def _dated_step(cell: str) -> bool:
    """A short cell giving when a step takes place: "sept. – oct. 2023", "M3 à M5", "T2 2023"."""
    return len(cell.split()) <= 6 and (_period_cell(cell) or bool(find_dates(cell)))


def _cells(row) -> list[str]:
    """A row's filled cells, without a leading cell that only numbers the row ("3", "B.")."""
    cells = [c for c in row if c.strip()]
    if len(cells) >= 2 and re.fullmatch(r"\s*(?:\d{1,2}|[A-Za-z]|[IVXivx]{1,4})\s*[.)°\-–]?\s*", cells[0]):
        cells = cells[1:]
    return cells


def _label_text(cell: str) -> str:
    """A label cell's own words: "Contexte (décrivez en 10 lignes…)" is labelled "Contexte"."""
    if len(cell.split()) <= 10:
        return cell
    head = re.split(r"\s*[(\[:]|(?<=[.?])\s", cell, maxsplit=1)[0].strip()
    return head if head else cell


def _label_keys(cells: list[str], call) -> list[str]:
    if len(cells) < 1:
        return []
    label = _label_text(cells[0])
    return element_keys(label, call) if len(label.split()) <= 10 else []


def _content_fallbacks(document: Document, call, found: dict, sections: list[Section], how: dict) -> None:
    excluded = _excluded_orders(sections, call)
    if "description.phasage" in found and found["description.phasage"] is None:
        source = dated_phases_source(document, call, excluded)
        if source:
            found["description.phasage"] = source
            how["description.phasage"] = "content"
    first_plain: int | None = None  # where the first element stated plainly opens
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
                first_plain = item.order if first_plain is None else min(first_plain, item.order)
                break
    if found.get("description.contexte", 1) is None and first_plain is not None:
        _context_before(document, call, found, how, first_plain, excluded)


# A description written as a letter, one paragraph per element and no heading: what it says before
# its aims, its public and its method is where it starts from, the context. Only where three
# elements at least are stated plainly in it, and never a covering mail's words.
_COVERING = re.compile(r"\b(?:ci joint|ci jointe|candidature|dossier|veuillez|bonjour|madame|monsieur|cordialement)\b")


def _context_before(document: Document, call, found: dict, how: dict, before: int, excluded: set[int]) -> None:
    plain = sum(1 for key, way in how.items() if way == "content" and key.startswith("description.")
                and found.get(key) is not None and found[key].attachment == document.name)
    if plain < 3:
        return
    for item in items_of(document):
        if item.order >= before:
            return
        if not isinstance(item, Block) or item.heading_level is not None or item.kind in ("title", "list") \
                or item.order in excluded:
            continue
        folded = fold(item.text)
        if len(folded.split()) >= 40 and not _COVERING.search(folded):
            found["description.contexte"] = Source(document.name, item.page, excerpt(item.text))
            how["description.contexte"] = "content"
            return


def _nested(inner: Section, outer: Section) -> bool:
    return outer.start < inner.start <= outer.start + len(outer.items)


def _own_text(section: Section, first_nested: Section, call) -> bool:
    """Whether the section says something itself before its first sub-section."""
    own = section.items[:first_nested.start - section.start - 1]
    text = " ".join(" ".join(" ".join(r) for r in i.rows) if isinstance(i, Table) else i.text for i in own)
    return bool(text.strip()) and not is_empty_text(text, call)


def _budget_orders(sections: list[Section], call) -> set[int]:
    """Items inside a budget section: their sub-headings name kinds of expense, not elements."""
    orders: set[int] = set()
    for section in sections:
        if any_phrase(section.folded, call.budget_sections):
            orders.update(item.order for item in section.items)
    return orders


def _holds_money(text: str) -> bool:
    from .amounts import find_amounts

    return any(a.has_currency for a in find_amounts(text))


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


_PERIOD = (r"(?:(?:(?:m|mois|s|t|q|sem|semaine|trimestre|semestre|annee|month|week|quarter|year)\s?\d{1,2}"
           r"|\d{1,2}\s?(?:er|e|eme|nd)?\s?(?:trimestre|semestre|mois))(?:\s*(?:19|20)?\d{2})?"
           r"|(?:19|20)\d{2}"
           r"|(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?:\s*(?:19|20)?\d{2})?)")
# one period, or a stretch of them ("M1-M3", "janv. - mars 2023", "T1 à T2")
_PERIOD_CELL = re.compile(_PERIOD + r"(?:\s*(?:a|au)?\s*" + _PERIOD + ")?")


def _period_cell(cell: str) -> bool:
    """A column header naming a stretch of time: "T3 2023", "S1", "M4", "Mois 2", "2023", "janv. 23"."""
    folded = fold(cell)
    return bool(folded) and len(folded) <= 24 and _PERIOD_CELL.fullmatch(folded) is not None


def _mark(cell: str) -> bool:
    """A cell marking a period ("■", "X", "●●", "atelier"), not a figure (a budget by year)."""
    cell = cell.strip()
    return bool(cell) and len(cell.split()) <= 3 and not any(c.isdigit() for c in cell)


def is_time_grid(table: Table) -> bool:
    """A chronogram (a Gantt chart drawn as a table): a header row of two periods or more, and
    rows of tasks marked ("■", "X", a short word) under the periods they run through."""
    for h, header in enumerate(table.rows[:2]):
        periods = [i for i, cell in enumerate(header) if _period_cell(cell)]
        if len(periods) < 2:
            continue
        tasks = [row for row in table.rows[h + 1:] if any(c.strip() for c in row)]
        marked = [row for row in tasks
                  if any(i < len(row) and _mark(row[i]) for i in periods)
                  and any(c.strip() and i not in periods and not _period_cell(c) for i, c in enumerate(row))]
        if len(marked) >= 2 and len(marked) * 2 >= len(tasks):
            return True
    return False


def dated_phases_source(document: Document, call, excluded: set[int] = frozenset()) -> Source | None:
    """A table (or run of list lines) of dated phases is a phasage even without a heading."""
    from .amounts import parse_amount

    for table in document.tables:
        if table.order in excluded or len(table.rows) < 2:
            continue
        if sum(1 for row in table.rows for cell in row if parse_amount(cell, bare_ok=False) is not None) >= 2:
            continue
        rows = [" ".join(row) for row in table.rows]
        if is_dated_phase_rows(rows, call) or is_time_grid(table):
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
    for item in items_of(document):
        if isinstance(item, Block) and item.heading_level is None and item.order not in excluded \
                and _dated_sentences(item.text, call) >= 3:
            return Source(document.name, item.page, excerpt(item.text))
    return None


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


def _dated_sentences(text: str, call) -> int:
    """The sentences of a paragraph that each say when something of the project happens ("De
    novembre 2022 à janvier 2023, …. En mai et juin 2023, …"): three make a phasage told in prose.
    Dates before the call's year are the applicant's history, not its plan."""
    if len(text) > 4000 or len(text) < 120:
        return 0
    year = call.deadline.year
    return sum(1 for sentence in _SENTENCE_END.split(text)
               if any(d.year >= year for d in find_dates(sentence)))

