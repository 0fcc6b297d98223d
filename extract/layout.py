"""A Document as an ordered list of items and of headed sections, the same for every format."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from .textutil import any_phrase, clean, find_dates, fold, has_numbering, mend, phrase_pattern, strip_numbering
from .types import Block, Document, Table

PROMOTED_LEVEL = 99
_MONEY = re.compile(r"^\s*[-+]?\d[\d \u00a0\u202f.,]*\s?(?:k\s?)?(?:€|eur)", re.IGNORECASE)
_LABEL = re.compile(r"^\s*([^:]{2,80}?)\s*:\s*(.*)$", re.DOTALL)
_DASH_LABEL = re.compile(r"^\s*([^:–—]{2,60}?)\s+[–—]\s+(\S.*)$", re.DOTALL)


@dataclass
class Section:
    heading: str  # heading text without numbering
    folded: str
    level: int
    page: int | None
    start: int  # index of the heading item
    items: list = field(default_factory=list)  # Blocks and Tables under it (sub-sections included)
    inline: str | None = None  # "Objectifs : ..." -- the text after the label


def items_of(document: Document) -> list[Block | Table]:
    """The document's blocks and tables in reading order, without its table of contents."""
    items = sorted([*document.blocks, *document.tables], key=lambda item: item.order)
    toc = _toc_indexes(items)
    return [item for i, item in enumerate(items) if i not in toc] if toc else items


# (a page number never starts with 0 nor follows a figure: "Autofinancement 6 000" is no entry)
_TOC_ENTRY = re.compile(r"^(?P<label>(?=.*?[^\W\d_]).{2,110}?)(?<!\d)(?:\s*[.…·_]{3,}\s*|\s+)(?P<page>[1-9]\d{0,2})\s*$")


def _toc_indexes(items: list) -> set[int]:
    """A table of contents: a run of three or more short lines each ending with a page number,
    the numbers never going down. Its lines name sections; they are not the sections."""
    found: set[int] = set()
    run: list[int] = []
    pages: list[int] = []

    def close() -> None:
        # Not a list of numbered items ("Livrable 1", "Livrable 2"…): the labels differ in their
        # first words; and a table of contents stands near the start of the document.
        if len(run) >= 3 and run[0] <= max(60, len(items) // 3):
            firsts = {fold(items[i].text).split()[0] for i in run if fold(items[i].text)}
            if len(firsts) > 1:
                found.update(run)

    for i, item in enumerate(items):
        m = _TOC_ENTRY.match(item.text.strip()) if isinstance(item, Block) and len(item.text) <= 130 else None
        if m and not _MONEY.search(item.text) and len(m.group("label").split()) <= 14 \
                and (not pages or int(m.group("page")) >= pages[-1]):
            run.append(i)
            pages.append(int(m.group("page")))
            continue
        close()
        run, pages = ([i], [int(m.group("page"))]) if m else ([], [])
    close()
    return found


def _matches_words(folded: str, phrases) -> bool:
    return any_phrase(folded, phrases) is not None


def heading_keys(folded_heading: str, synonyms: dict[str, tuple[str, ...]], fillers=()) -> list[str]:
    """The elements a heading names. When it names several, a wording that only completes another
    ("Contexte et origine de la démarche", "Pérennité de la démarche") or lies inside a longer
    wording of another element ("Enjeu central") does not count. A wording made only of `fillers`
    (a question word: "Pourquoi ?", "Comment ?", "D'où part-on ?") names its element only when
    nothing else in the heading does ("Comment le projet sera-t-il piloté ?" is the steering)."""
    spans: dict[str, list[tuple[int, int, bool]]] = {}
    for key, phrases in synonyms.items():
        if any_phrase(folded_heading, phrases) is None:
            continue  # one search says none of this element's wordings is there (the common case)
        for phrase in phrases:
            weak = bool(fillers) and is_weak_wording(phrase, fillers)
            for m in phrase_pattern(phrase).finditer(folded_heading):
                end = m.end()
                if phrase.endswith("*"):
                    while end < len(folded_heading) and folded_heading[end].isalnum():
                        end += 1
                spans.setdefault(key, []).append((m.start(), end, weak))
    if any(not weak for found in spans.values() for _, _, weak in found):
        spans = {key: kept for key, found in spans.items() if (kept := [s for s in found if not s[2]])}
    if len(spans) <= 1:
        return list(spans)
    first = min(start for found in spans.values() for start, _, _ in found)
    kept = []
    for key, found in spans.items():
        def counts(span) -> bool:
            start, end, _ = span
            if any(o != key and os <= start and end <= oe and (oe - os) > (end - start)
                   for o, other in spans.items() for os, oe, _ in other):
                return False  # inside a longer wording of another element
            if start > first and _COMPLEMENT.search(folded_heading[:start]):
                return False  # "… de la démarche": a complement of the first wording
            return True
        if any(counts(span) for span in found):
            kept.append(key)
    return kept or list(spans)


@functools.lru_cache(maxsize=4096)
def _weak(phrase: str, fillers: tuple[str, ...]) -> bool:
    words = phrase.strip("^*").split()
    return bool(words) and all(w in fillers for w in words) and bool(_QUESTION_OPENING.match(" ".join(words)))


def is_weak_wording(phrase: str, fillers) -> bool:
    """A question made only of filler words ("pourquoi", "comment", "pour qui"): it names an
    element by default, when nothing else in the heading does."""
    return _weak(phrase, fillers if isinstance(fillers, tuple) else tuple(fillers))


# What makes a later wording a complement of an earlier one: a preposition ("Pérennité de la
# démarche"), or a determiner after an infinitive ("Comment pérenniser la démarche ?").
_COMPLEMENT = re.compile(r"(?<![a-z0-9])(?:de|du|des|d|de la|de l|a la|au|aux"
                         r"|[a-z]{3,}(?:er|ir|re) (?:la|le|les|l|cette|ce|ces|notre|nos|son|sa|ses|leur|leurs))\s*$")


@functools.lru_cache(maxsize=32)
def _heading_words_pattern(call, strong_only: bool = False) -> re.Pattern:
    """Every heading wording of the call (elements, partners, budget); `strong_only` leaves out
    those made only of question words ("pourquoi", "comment"), which open sentences as well."""
    phrases = [p for ps in call.heading_synonyms.values() for p in ps]
    phrases += list(call.partner_sections) + list(call.budget_sections)
    if strong_only:
        phrases = [p for p in phrases if not is_weak_wording(p, call.heading_fillers)]
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        start = "^" if phrase.startswith("^") else ""
        phrase = phrase.lstrip("^")
        if phrase.endswith("*"):
            parts.append(start + re.escape(phrase[:-1].strip()) + r"[a-z0-9]*")
        else:
            parts.append(start + re.escape(phrase) + r"(?![a-z0-9])")
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + ")")


def only_heading_words(folded: str, call) -> bool:
    """The line is made only of heading wordings and filler words (it names sections, nothing else)."""
    text, matched = _heading_words_pattern(call).subn(" ", folded)
    fillers = set(call.heading_fillers)
    return matched > 0 and all(w in fillers for w in text.split())


def _starts_like_heading(folded: str, text: str, call, max_words: int = 4) -> bool:
    """A short line opening with a heading wording ("Objectifs poursuivis", "Publics concernés")."""
    if len(folded.split()) > max_words or not strip_numbering(text)[:1].isupper():
        return False
    m = _heading_words_pattern(call, strong_only=True).match(folded)
    return m is not None and m.start() == 0


def opens_with_wording(folded: str, call) -> bool:
    """The line opens with a heading wording, after filler words ("Le contexte du territoire…")."""
    fillers = set(call.heading_fillers)
    words = folded.split()
    while words and words[0] in fillers:
        words.pop(0)
    m = _heading_words_pattern(call).match(" ".join(words))
    return m is not None


_QUESTION_OPENING = re.compile(
    r"^(?:quel|quelle|quels|quelles|qui|que|qu|quoi|comment|pourquoi|quand|ou|d ou|combien|lequel|laquelle|"
    r"a qui|a quoi|pour qui|pour quoi|avec qui|aupres de qui|en quoi|sur quoi|dans quelle|de quel|de quelle|"
    r"est ce|what|why|how|when|who|whom|which|where|for whom|with whom)(?![a-z0-9])")


def is_question(text: str) -> bool:
    """A heading worded as a question ("D'où part-on ?", "Pour qui ?", "Why this project")."""
    text = strip_numbering(text).strip()
    return text.endswith("?") or bool(_QUESTION_OPENING.match(fold(text)))


def _is_heading_like_line(block: Block) -> bool:
    text = block.text.strip()
    if not text or block.kind == "list" or len(text) > 120:
        return False
    if text.endswith((".", ";", ",", "!")) and not text.endswith("..."):
        return False
    return len(strip_numbering(text).split()) <= 10


def _is_bare_wording_line(block: Block, call) -> bool:
    """A line holding only a heading wording, whatever its dress: an item of Word's automatic
    numbering ("1." drawn by Word, not typed), a closing full stop ("Contexte.")."""
    text = block.text.strip().rstrip(" .:")
    if not text or len(text) > 80 or len(strip_numbering(text).split()) > 6 or text.endswith((";", ",", "!")):
        return False
    if not strip_numbering(text)[:1].isupper():
        return False
    folded = fold(strip_numbering(text))
    return bool(folded) and only_heading_words(folded, call)


# A run-in heading: "Contexte. Les agents…", "Objectifs – Outiller…", "Pour qui ? Les agents…"
_RUNIN = re.compile(r"^\s*(?P<lead>[^.?!:;–—]{2,70}?)\s*(?:(?P<sep>[.?])\.?\s+|\s[–—]\s+)(?P<rest>[«\"“(A-ZÀ-ÖØ-Þ0-9].*)$",
                    re.DOTALL)


_PERIOD_IN = re.compile(r"(?<![a-z0-9])(?:m|mois|s|t|q|semaine|trimestre|semestre)\s?\d{1,2}(?![0-9])")


def _dated_label(label: str, call) -> bool:
    """A label giving when its step takes place ("Diagnostic partagé (M3 à M4)", "Bilan – juin 2023"),
    naming an element other than the phasage: a step of the phasage, not that element's section."""
    folded = fold(strip_numbering(label))
    if not (_PERIOD_IN.search(folded) or find_dates(label)):
        return False
    return "description.phasage" not in heading_keys(folded, call.heading_synonyms, call.heading_fillers)


def _is_field_label(folded: str, text: str, call) -> bool:
    """A form's field label worded as the template's request ("Décrivez le contexte du projet *",
    "Présentez les publics visés"), on a line of its own: it opens the applicant's answer."""
    words = folded.split()
    if not words or len(words) > 12 or text.rstrip().endswith("."):
        return False
    verb = next((v for v in call.instruction_words if folded == v or folded.startswith(v + " ")), None)
    if verb is None:
        return False
    # an infinitive may open an objective ("Identifier les publics les plus exposés"): it labels a
    # field only when marked as one ("Décrire le contexte :", "… *")
    if not (verb.endswith("ez") or " " in verb or text.rstrip().endswith(("*", ":"))):
        return False
    return bool(heading_keys(folded, call.heading_synonyms, call.heading_fillers))


def _heading_and_text(text: str, kind: str | None, call) -> tuple[str, str] | None:
    """(heading, text) of a line opened by a heading's words then its text ("Pilotage : Un comité…")."""
    label = _LABEL.match(text)
    if label and label.group(2).strip() and len(label.group(1).split()) <= 6 and not _MONEY.search(label.group(2)[:40]):
        folded = fold(strip_numbering(label.group(1)))
        if folded and (only_heading_words(folded, call) or _starts_like_heading(folded, label.group(1), call, 6)):
            return strip_numbering(label.group(1)), label.group(2).strip()
    return _run_in(text, kind, call)


# What makes a lead a clause rather than a heading's words ("Les objectifs sont ambitieux.")
_VERB = re.compile(r"(?<![a-z0-9])(?:est|sont|sera|seront|etait|etaient|ont|avait|avaient|fut|reste|restent|"
                   r"devient|deviennent|semble|semblent|peut|peuvent|doit|doivent|va|vont|is|are|was|were|will)(?![a-z0-9])")


def _run_in(text: str, kind: str | None, call, loose: bool = False) -> tuple[str, str] | None:
    """(heading, text) of a paragraph opened by a heading's words set off by a full stop, a dash or
    a question mark: the lead must be only a heading's wording (a question for "?"); `loose`, it
    may only open with one ("Dispositif d'intervention. Nous…", "Le problème à traiter. …"), as
    the other leads of a document that writes its headings so."""
    m = _RUNIN.match(strip_numbering(text))
    if not m:
        return None
    lead, rest = m.group("lead").strip(), m.group("rest").strip()
    if len(strip_numbering(lead).split()) > (5 if loose else 6) or not strip_numbering(lead)[:1].isupper():
        return None
    if len(rest.split()) < 4:
        return None  # "Objectifs – Résultats – Perspectives": a line of names, not a heading and its text
    if _MONEY.search(rest[:40]) or (kind == "list" and find_dates(rest[:40])):
        return None  # a budget line, a step of a phasage
    folded = fold(strip_numbering(lead))
    if not folded:
        return None
    if not only_heading_words(folded, call):
        if not loose or _VERB.search(folded) or find_dates(lead) or not opens_with_wording(folded, call) \
                or not heading_keys(folded, call.heading_synonyms, call.heading_fillers):
            return None
    if m.group("sep") == "?" and not is_question(lead + " ?"):
        return None
    return strip_numbering(lead) + (" ?" if m.group("sep") == "?" else ""), rest


def _mended_lead(text: str, call) -> str:
    """The line with its heading's words read through a slip of the keyboard ("CONTEXE :"); only
    its lead, where a heading stands, is looked at."""
    if len(text) <= 120:
        return mend(text, call)
    cut = text.rfind(" ", 0, 80)
    return mend(text[:cut], call) + text[cut:] if cut > 0 else text


def sections_of(document: Document, call) -> list[Section]:
    """Every headed section of the document (cached: several finders walk the same sections)."""
    return list(_sections_cached(document, call))


@functools.lru_cache(maxsize=64)
def _sections_cached(document: Document, call) -> tuple[Section, ...]:
    return tuple(_sections(document, call))


def _sections(document: Document, call) -> list[Section]:
    """Every headed section: real headings, known heading wordings on a line of their own,
    and "Label : text" paragraphs whose label is a known wording."""
    items = items_of(document)
    heads: list[tuple[int, int, str, str | None]] = []  # (index, level, heading text, inline text)
    questions: list[tuple[int, int, str, str | None]] = []  # question lines that may be headings
    loose_leads: list[tuple[int, int, str, str | None]] = []  # leads opening with a wording, set off by a stop
    runs_in = 0
    for index, item in enumerate(items):
        if isinstance(item, Table):
            # a heading boxed in a table of one cell (Word templates shade their headings so)
            cells = [c for row in item.rows for c in row if c.strip()]
            if len(cells) == 1 and _is_bare_wording_line(Block(text=cells[0]), call):
                heads.append((index, PROMOTED_LEVEL, strip_numbering(clean(cells[0])).rstrip(" .:"), None))
            continue
        if item.kind == "title":
            continue
        text = _mended_lead(clean(item.text), call)
        if text != clean(item.text):
            item = replace(item, text=text)
        if item.heading_level is not None:
            # a run-in heading the reader marked whole ("Pilotage : un comité mensuel…" set in bold)
            split = _heading_and_text(text, item.kind, call)
            heading, inline = split if split else (strip_numbering(text).rstrip(" :"), None)
            heads.append((index, item.heading_level, heading, inline))
            continue
        label = _LABEL.match(text)
        if label and _MONEY.search(label.group(2)[:40]):
            label = None  # "Valorisation du temps bénévole : 7 100 €" is a budget line, not a section
        elif label and item.kind == "list" and find_dates(label.group(2)[:40]):
            label = None  # "• Capitalisation et diffusion : 10/2023 – …" is a step of a phasage
        elif label and _dated_label(label.group(1), call):
            label = None  # "Diagnostic partagé (M3 à M4) : …" too
        if label and len(label.group(1).split()) <= 8:
            folded_label = fold(strip_numbering(label.group(1)))
            # A label alone on its line ("Contexte et origine de la démarche :") is a heading; one
            # opening a paragraph may be a little longer than a bare wording.
            words = 8 if not label.group(2).strip() else 6
            if folded_label and (only_heading_words(folded_label, call)
                                 or _starts_like_heading(folded_label, label.group(1), call, words)
                                 or (not label.group(2).strip() and _is_field_label(folded_label, text, call))):
                heads.append((index, PROMOTED_LEVEL, strip_numbering(label.group(1)), label.group(2).strip()))
                continue
        dash = _DASH_LABEL.match(text)
        if dash and len(dash.group(1).split()) <= 4 and not _MONEY.search(dash.group(2)[:40]) \
                and only_heading_words(fold(strip_numbering(dash.group(1))), call):
            # "Contexte – entrepôts équipés de commandes vocales…": a bare wording, a dash, its text
            heads.append((index, PROMOTED_LEVEL, strip_numbering(dash.group(1)), dash.group(2).strip()))
            continue
        run_in = _run_in(text, item.kind, call)
        if run_in:
            heads.append((index, PROMOTED_LEVEL, run_in[0], run_in[1]))
            runs_in += 1
            continue
        if item.heading_level is None and (loose := _run_in(text, item.kind, call, loose=True)):
            loose_leads.append((index, PROMOTED_LEVEL, loose[0], loose[1]))
            continue
        # (a list item is a heading only above a paragraph: "• Diffusion" among deliverables is not)
        following = items[index + 1] if index + 1 < len(items) else None
        if _is_bare_wording_line(item, call) and not find_dates(text) \
                and (item.kind != "list" or isinstance(following, Table)
                     or (isinstance(following, Block) and following.kind != "list")):
            heads.append((index, PROMOTED_LEVEL, strip_numbering(text).rstrip(" .:"), None))
            continue
        if _is_heading_like_line(item):
            folded = fold(strip_numbering(text))
            # A numbered line ("7. Livrables et indicateurs de réussite") may say a little more.
            words = 8 if has_numbering(text) else 6
            # ...but not a dated line ("Diagnostic octobre 2022 – décembre 2022"): a step of a phasage
            if folded and (only_heading_words(folded, call)
                           or (_starts_like_heading(folded, text, call, words) and not find_dates(text))):
                heads.append((index, PROMOTED_LEVEL, strip_numbering(text).rstrip(" :"), None))
            elif _is_field_label(folded, text, call):
                heads.append((index, PROMOTED_LEVEL, strip_numbering(text).rstrip(" :*"), None))
            elif text.endswith("?") and len(folded.split()) <= 8 \
                    and heading_keys(folded, call.heading_synonyms, call.heading_fillers):
                questions.append((index, PROMOTED_LEVEL, strip_numbering(text), None))
    # A short question naming an element only by its question word ("Comment allons-nous travailler ?")
    # may as well be the problem the project asks: it is a heading when the document already asks its
    # headings as questions.
    if questions and sum(1 for _, _, h, _ in heads if h.rstrip().endswith("?")) >= 2:
        heads = sorted(heads + questions)
    # A lead that only opens with a wording ("Dispositif d'intervention. Nous…") is a heading where
    # the document sets its headings off so: two other paragraphs at least open with a bare wording.
    if loose_leads and runs_in >= 2:
        heads = sorted(heads + loose_leads)
    # A wording promoted to a heading stands at the level most real headings of the document use.
    # A wording promoted right under a real heading, with nothing between them, is a sub-part of
    # it ("Méthodologie et phasage" then "Phase 1 : …"): one level below, inside its section.
    real_levels = [level for _, level, _, _ in heads if level != PROMOTED_LEVEL]
    if real_levels:
        common = max(set(real_levels), key=real_levels.count)
        placed = []
        for n, (i, level, h, inline) in enumerate(heads):
            if level == PROMOTED_LEVEL:
                level = common
                prev = placed[-1] if placed else None
                if prev is not None and prev[4] and i == prev[0] + 1:
                    level = prev[1] + 1
                elif prev is not None and not prev[4] and prev[1] > common and i == prev[0] + 1:
                    level = prev[1]  # a run of sub-parts stays at the same depth
            placed.append((i, level, h, inline, heads[n][1] != PROMOTED_LEVEL))
        heads = [(i, level, h, inline) for i, level, h, inline, _ in placed]
    sections: list[Section] = []
    for n, (index, level, heading, inline) in enumerate(heads):
        end = len(items)
        for other_index, other_level, _, _ in heads[n + 1:]:
            if level == PROMOTED_LEVEL or other_level <= level:
                end = other_index
                break
        block = items[index]
        section = Section(heading=heading, folded=fold(heading), level=level, page=block.page, start=index,
                          items=items[index + 1:end], inline=inline)
        sections.append(section)
    return sections


def section_text(section: Section, limit: int | None = None) -> str:
    """The section's own words: the inline text, paragraphs and table cells (headings excluded)."""
    parts: list[str] = []
    if section.inline:
        parts.append(section.inline)
    for item in section.items:
        if isinstance(item, Table):
            for row in item.rows:
                parts.append(" ".join(c for c in row if c))
        elif item.heading_level is None:
            parts.append(item.text)
        if limit and sum(len(p) for p in parts) > limit:
            break
    return clean(" ".join(parts))


_INSTRUCTION_MAX_WORDS = 60  # is_instructions: longer texts are answers
_HAS_ALNUM = re.compile(r"[A-Za-z0-9]")


def is_empty_text(text: str, call) -> bool:
    if _surely_an_answer(text, call):
        return False
    folded = fold(text)
    if not folded:
        return True
    stripped = text.strip().strip("[](){}<>*_ ").strip()
    if stripped in call.empty_markers:
        return True
    if folded in call.empty_markers or fold(stripped) in call.empty_markers:
        return True
    words = folded.split()
    if len(words) <= 8:
        # "Sans objet pour ce projet.", "Non concerné (pas de partenaire)": a marker of two words or
        # more (or a long one) opening a short answer.
        for marker in call.empty_markers:
            if (" " in marker or len(marker) >= 6) and (folded == marker or folded.startswith(marker + " ")):
                return True
    return is_instructions(text, call)


_SENTENCES = re.compile(r"(?<=[.;!?])\s+|\s*[\[\]]\s*")


def _surely_an_answer(text: str, call) -> bool:
    """Too many words to be an empty marker or instructions, told without folding the text (a
    section's text is up to 4 000 characters): a whitespace-separated word holding an ASCII letter
    or digit stays at least one word once folded, so the folded text has at least as many words."""
    words = text.split()
    if len(words) <= _INSTRUCTION_MAX_WORDS:
        return False
    longest_marker = max((len(m.split()) for m in call.empty_markers), default=0)
    return sum(1 for w in words if _HAS_ALNUM.search(w)) > max(_INSTRUCTION_MAX_WORDS, longest_marker)


# What points at the form itself in a template's hint: "ici", "ci-dessous", "15 lignes maximum"...
_FORM_POINTER = re.compile(
    r"(?<![a-z0-9])(?:ici|ci dessous|ci apres|cette (?:rubrique|case|cellule|section|partie|zone)|"
    r"\d+\s*(?:lignes?|caracteres?|mots|pages?|signes)|max|maxi|maximum|le cas echeant|vous|votre|vos|"
    r"here|below|your|words|characters|lines)(?![a-z0-9])")
_LENGTH_HINT = re.compile(r"^(?:(?:max|maxi|maximum|environ)\s+)?(?:\d+|une|un|une demi|demi|half a)\s*"
                          r"(?:lignes?|caracteres?|mots|pages?|signes|words|characters|lines)"
                          r"(?:\s+(?:max|maxi|maximum|environ|espaces compris))*$|^(?:max|maxi|maximum)(?:\s+\d+.*)?$")


_ABBREVIATION = re.compile(r"(?i)(?<![^\W\d_])(?:ex|e\.g|i\.e|cf|nb)\.(?=\s)")
_EXAMPLE = re.compile(r"^(?:ex|exemples?|par exemple|e g|for example|for instance|notamment)(?![a-z0-9])")


def _is_instruction_sentence(sentence: str, verbs, points_at_form: bool) -> bool:
    """A folded sentence of the template addressed to the applicant: opened by an imperative
    ("Décrivez…", "Merci de préciser…"), or by an infinitive when the hint points at the form
    ("Décrire ici…", "Préciser les publics (5 lignes max)"); or a bare length hint ("10 lignes max")."""
    if _LENGTH_HINT.match(sentence):
        return True
    for verb in verbs:
        if sentence == verb or sentence.startswith(verb + " "):
            if verb.endswith("ez") or " " in verb or points_at_form:
                return True
    return False


def is_instructions(text: str, call) -> bool:
    """Only the template's instructions ("Décrivez ici le contexte (10 lignes max.)"): not an answer."""
    verbs = getattr(call, "instruction_words", ())
    if not verbs or len(text.split()) > _INSTRUCTION_MAX_WORDS:
        return False
    text = _ABBREVIATION.sub(lambda m: m.group(0)[:-1], text)  # "Ex. :" ends no sentence
    sentences = [fold(s) for s in _SENTENCES.split(text) if fold(s)]
    points = bool(_FORM_POINTER.search(fold(text)))
    # a hint's examples ("Ex. : ateliers, entretiens") go with it
    hints = [s for s in sentences if not _EXAMPLE.match(s)]
    return bool(hints) and all(_is_instruction_sentence(s, verbs, points) for s in hints)


def first_content(section: Section) -> tuple[str, int | None]:
    if section.inline:
        return section.inline, section.page
    for item in section.items:
        if isinstance(item, Table):
            return " | ".join(c for c in item.rows[0] if c) if item.rows else "", item.page
        if item.heading_level is None and item.text.strip():
            return item.text, item.page
    return "", section.page


def in_sections(section_list: list[Section], phrases) -> list[Section]:
    return [s for s in section_list if s.level != 0 and any_phrase(s.folded, phrases)]
