"""The partners a proposal names, with the contribution stated for each (or None).

Where a proposal names its partners: under a partner heading (a table, a list, sub-headings, an
enumeration in a sentence), in a summary table's row ("Partenaires | A, B, C"), in a sentence
anywhere ("le projet associe…", "un comité de pilotage réunissant…"), in a letter of support
(its author), in the mail body. Each place gives candidates; a candidate is kept when it is
written like a name and the call's vocabulary, its spelling or the named-entity model (asked
only about what the first two leave open, in one batch) say it is an organisation, never the
applicant itself nor the call's organiser.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .categories import opens_with
from .entities import entities
from .layout import heading_keys, in_sections, items_of, sections_of
from .partners_letters import is_letter, letter_authors
from .partners_lines import item_key, paragraphs, runs, signature, uncovered, until_closing
from .partners_own import own_names
from .partners_prose import split_at_role, stated_roles
from .partners_names import (ENUMERATION, MENTION, STATED, STRUCTURE, accept, clean_name, covering, has_acronym,
                             is_applicant, is_organiser, needs_model, org_words_in, plausible)
from .partners_tables import rows_of, split_names, summary_names, task_rows
from .partners_text import (enumeration, find_wording, mentions, opens_like_name, sentences, split_line,
                            starts_with_wording, top_level_split, wordings_pattern)
from .textutil import any_phrase, clean, excerpt, fold, strip_numbering
from .types import Block, Document, Partner, Source, Table

_CONTRIBUTION_LIMIT = 400


@dataclass
class Candidate:
    name: str
    contribution: str | None
    source: Source
    level: int
    context: str  # the text the name was read in, for the model
    start: int  # the name's place in context
    order: tuple[int, int]  # (document, item) for reading order


def dossier_partners(documents: Sequence[Document], call, applicant: str | None) -> list[Partner]:
    """Every partner named in the dossier's documents, each once, in the order they are named
    (partner headings, tables, lists and letters before the sentences found elsewhere)."""
    candidates: list[Candidate] = []
    own = own_names(documents, call, applicant)
    for n, document in enumerate(documents):
        candidates += _candidates(document, call, n, own)

    def refused(candidate: Candidate) -> bool:
        return not plausible(candidate.name, call) or is_organiser(candidate.name, call) \
            or any(is_applicant(candidate.name, name) for name in own) or _declines(candidate)

    loose = [c for c in candidates if c.level == MENTION]
    named = [c for c in candidates if c.level != MENTION and not refused(c)]
    # the model is asked only about what the vocabulary and the spelling leave open
    asked = [c.context for c in named if needs_model(c.name, call)] + [c.context for c in loose]
    tags = entities(asked) if asked else {}
    kept: list[Candidate] = []
    for candidate in named + [c for c in _mentions(loose, tags, call) if not refused(c)]:
        found = covering(tags.get(candidate.context, ()), candidate.start, candidate.start + len(candidate.name)) \
            if candidate.context in tags else None
        if accept(candidate.name, candidate.contribution, candidate.level, found, call):
            candidate.contribution = _told(candidate.contribution, call)
            if candidate.contribution and f"({candidate.contribution})" in candidate.context \
                    and _only_kind(candidate.contribution, call):
                candidate.contribution = None  # "UPE 06 (organisation patronale)": what it is, not what it brings
            kept.append(candidate)
    kept.sort(key=lambda c: (c.level > STRUCTURE, c.order))
    return _merge(kept)


_DECLINED = re.compile(r"(?i)\b(?:n['’]\s?(?:a|ont|est|sont|avons|pourra|pourront|souhaite|souhaitent)\s+(?:pas|plus|jamais)|"
                       r"ne\s+(?!manque|hésite)\S+\s+(?:pas|plus|jamais)|pas encore|a décliné|ont décliné|a refusé|"
                       r"ont refusé|"
                       r"s['’]est retirée?|se sont retirés)\b")


def _declines(candidate: Candidate) -> bool:
    """"La Carsat X, sollicitée, n'a pas souhaité s'engager", "le Medef Y ne participera pas":
    what the sentence says of the organisation, after its name and before the next one, is a refusal."""
    at = candidate.context.find(candidate.name, candidate.start) if candidate.name else -1
    after = candidate.context[at + len(candidate.name):] if at >= 0 else ""
    clause = re.split(r"[.;]|\s(?:et|mais|alors que|tandis que)\s", after, maxsplit=1)[0] if after else ""
    return _DECLINED.search(clause or "") is not None or _DECLINED.search(candidate.contribution or "") is not None


def read_partners(document: Document, call, applicant: str | None) -> list[Partner]:
    """The partners one document names."""
    return dossier_partners([document], call, applicant)


def contributions_stated(partners: Sequence[Partner]) -> bool:
    """A contribution is stated for all or most of the partners."""
    if not partners:
        return False
    return sum(1 for p in partners if p.contribution) * 2 > len(partners)


# ---------------------------------------------------------------------------------------- where


def _candidates(document: Document, call, n: int, own: Sequence[str] = ()) -> list[Candidate]:
    found: list[Candidate] = []
    if is_letter(document, call):
        found += _letter(document, call, n)
    if document.status != "ok":
        return found
    items = items_of(document)
    index = {item_key(item): i for i, item in enumerate(items)}
    covered: set[int] = set()
    if _partner_document(document, call):
        # "Annexe 2 – Partenaires.pdf", "Partenaires et contributions.docx": all of it is the list.
        return found + _items(runs(until_closing([i for i in items if not (isinstance(i, Block) and i.kind == "title")])),
                              document, call, n, index)
    sections = sections_of(document, call)
    for section in in_sections(sections, call.partner_sections) + _trigger_sections(sections, call) \
            + _unnamed_partner_sections(sections, call):
        if section.level == 0 or any(item_key(item) in covered for item in section.items):
            continue
        found += _section(section, document, call, n, index)
        covered.update(item_key(item) for item in section.items)
    for position, item in enumerate(items):
        if isinstance(item, Table):
            order = (n, index.get(item_key(item), 0))
            # a workbook's sheet named "Partenaires" is a partner section of its own
            sheet = bool(item.sheet) and mentions(fold(item.sheet), call.partner_sections)
            if item_key(item) not in covered and rows_of(item, call, in_partner_section=sheet) is not None:
                # A partner table outside any partner heading, and the lines it runs into when a
                # page break cut it: read as the section it is.
                run = [item]
                for following in items[position + 1:]:
                    if isinstance(following, Table) or following.heading_level is not None \
                            or clean(following.text).endswith((".", "!", "?")) or len(following.text.split()) > 24:
                        break
                    run.append(following)
                found += _items(run, document, call, n, index)
                covered.update(item_key(x) for x in run)
            for name, contribution, row in summary_names(item, call):
                found.append(_candidate(name, contribution, row, document, item.page, STRUCTURE, order))
            if item_key(item) not in covered:
                # "Tâche | Pilote | Contributeurs | T1 | T2": who leads or takes part in each task
                for name, contribution, row in task_rows(item, call, lambda x: org_words_in(x, call) or has_acronym(x),
                                                         lambda x: any(is_applicant(x, o) for o in own)):
                    found.append(_candidate(name, contribution, row, document, item.page, STRUCTURE, order))
    for position, item in enumerate(items):
        following_list = position + 1 < len(items) and isinstance(items[position + 1], Block) \
            and items[position + 1].kind == "list"
        if isinstance(item, Block) and item_key(item) not in covered \
                and _introduces_partners(clean(item.text), call, following_list):
            # "Concernant les partenaires :", "Nos partenaires sont les suivants :" and the list after.
            run = []
            for following in items[position + 1:]:
                if not (isinstance(following, Block) and following.kind == "list"):
                    break
                run.append(following)
            found += _items(run, document, call, n, index)
            covered.update(item_key(x) for x in run)
    if document.name is None:
        covered.update(item_key(item) for item in signature(items))  # a mail's signature names no partner
    budget = {item_key(item) for section in in_sections(sections, call.budget_sections) for item in section.items}
    letter = is_letter(document, call)
    for block, text in paragraphs(runs(uncovered(items, covered))):
        order = (n, index.get(item_key(block), 0))
        found += _sentences(text, block, document, call, order, under_heading=False, in_budget=item_key(block) in budget)
        if item_key(block) not in budget and not letter:
            # "l'Aract X, qui animera les ateliers": a partner named where the method is told
            for name, contribution, sentence in stated_roles(text, call):
                found.append(Candidate(clean_name(name), _contribution(contribution),
                                       Source(document.name, block.page, excerpt(sentence)), STATED, sentence,
                                       max(sentence.lower().find(name.lower()), 0) + _lead(name), order))
    return found


def _trigger_sections(sections: list, call) -> list:
    """Sections headed by the words that open a list of partners in a sentence ("Avec le concours
    de", "En partenariat avec", "Sont associés au projet"), naming no element of the call."""
    found = []
    for section in sections:
        if section.level == 0 or len(section.folded.split()) > 8:
            continue
        m = find_wording(section.heading, call.partner_triggers)
        if m is not None and not section.heading[:m.start()].strip(" -–—•*") \
                and not heading_keys(section.folded, call.heading_synonyms, call.heading_fillers):
            found.append(section)
    return found


def _unnamed_partner_sections(sections: list, call) -> list:
    """Sections whose heading names no element of the call ("Ils s'engagent avec nous", "Forces
    vives") and which hold only a list or a table of organisations, most with what they bring:
    a partner list under a heading of its own."""
    found = []
    for section in sections:
        lines = sum(1 for i in section.items if isinstance(i, Table) or i.kind == "list" or len(i.text.split()) <= 24)
        if section.level == 0 or lines < 2 or any(isinstance(i, Block) and i.heading_level is not None for i in section.items):
            continue  # first what is cheap to see: two entries at least, no sub-heading
        if mentions(section.folded, _named_headings(call)) or not _organisation_list(section.items, call):
            continue
        found.append(section)
    return found


@functools.lru_cache(maxsize=8)
def _named_headings(call) -> tuple[str, ...]:
    """Every wording of a heading the call knows (its elements', the partners', the budget's)."""
    return tuple(dict.fromkeys([p for ps in call.heading_synonyms.values() for p in ps]
                               + list(call.partner_sections) + list(call.budget_sections)))


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _organisation_list(items: list, call) -> bool:
    """At least two entries, each a line, a list item or a table row; two thirds named like
    organisations (the call's words, an acronym), half with what they bring; not a list of
    references (dated) nor of amounts."""
    entries: list[tuple[str, str | None]] = []
    for position, item in enumerate(items):
        if isinstance(item, Table):
            rows = rows_of(item, call, in_partner_section=True)
            if rows is None:
                return False
            entries += [(name, contribution) for name, contribution, _ in rows]
            continue
        text = clean(item.text)
        if item.heading_level is not None:
            return False
        if position == 0 and text.endswith(":") and len(text.split()) <= 20:
            continue  # "Trois structures ont accepté de nous rejoindre :"
        if not (item.kind == "list" or _is_line(text)) or _YEAR.search(text) or re.search(r"\d\s?(?:€|k€|eur)", text, re.I):
            return False
        entries.append(_split_line(text, call))
    if len(entries) < 2:
        return False
    named = sum(1 for name, _ in entries if org_words_in(name, call) or has_acronym(name))
    stated = sum(1 for _, contribution in entries if contribution)
    return named * 3 >= len(entries) * 2 and stated * 2 >= len(entries)


def _section(section, document: Document, call, n: int, index: dict) -> list[Candidate]:
    """What a partner heading holds: tables, list items, lines, sub-headings, sentences."""
    found: list[Candidate] = []
    base = (n, index.get(item_key(section.items[0]), 0) if section.items else 0)
    if section.inline:
        block = Block(text=section.inline, page=section.page)
        if _is_list_of_names(section.inline):
            for name in split_names(section.inline):  # "Aract X (appui méthodo) ; Entrepôts Y (…)"
                found.append(_candidate(*_split_line(name, call), section.inline, document, section.page, ENUMERATION,
                                        base))
        else:
            found += _sentences(section.inline, block, document, call, base, under_heading=True)
    items = _one_partner_a_sentence(runs(until_closing(section.items)), call)
    first = next((i for i, x in enumerate(items) if isinstance(x, Block) and x.heading_level is not None), None)
    if first is not None and sum(1 for x in items[:first] if isinstance(x, Block) and _is_line(clean(x.text))) >= 2:
        # Names as lines, some set larger than the others (logos' captions, "CPME 21" read as a
        # heading at a page's top): one list, its "headings" lines of it.
        items = [replace(x, heading_level=None, kind=None)
                 if isinstance(x, Block) and x.heading_level is not None and _is_line(clean(x.text)) else x
                 for x in items]
    else:
        subheaded = _subheadings(items, document, call, n, index)
        if subheaded:
            return found + subheaded
    return found + _items(items, document, call, n, index)


_LABELLED = re.compile(r"^(?:l['’]|la |le |les )?[A-ZÉÈÀÂÎÔÛÇ0-9][^:.;]{1,90}?\s?:\s+\S")
_BRACKETED_ITEM = re.compile(r"^((?:l['’]|la |le |les )?[A-ZÉÈÀÂÎÔÛÇ0-9][^().:;]{1,90}?)\s*\([a-zà-ÿ][^()]{2,}\)[\s.;]*$")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=(?:l['’]|la |le |les )?[A-ZÉÈÀÂÎÔÛÇ])")


def _names_one(piece: str, call) -> bool:
    """"CPTS du Ternois : accueil des groupes": a name, a colon, what it brings (not "Rôle : …",
    not "X s'engage sur : …", a sentence the prose reader takes)."""
    bracketed = _BRACKETED_ITEM.match(piece)  # "Aract X (appui méthodologique, 5 jours)."
    if not _LABELLED.match(piece) and not bracketed:
        return False
    label = fold(re.sub(r"\([^()]*\)", " ", bracketed.group(1) if bracketed else piece.split(":", 1)[0]))
    headers = call.partner_contribution_headers + call.partner_kind_headers + call.partner_name_headers
    verbs = wordings_pattern(tuple(call.partner_role_verbs))
    return not opens_with(label, headers) and not (verbs is not None and verbs.search(label)) \
        and not mentions(label, call.partner_triggers + call.partner_sections)  # "Sont associés au projet : …"


def _one_partner_a_sentence(items: list, call) -> list:
    """A paragraph written as a list: "URPS X (porteur associé) : temps de coordination. CPTS Y :
    accueil des groupes. Aract Z : appui méthodologique." is three lines, one a partner."""
    result = []
    for item in items:
        if isinstance(item, Block) and item.heading_level is None and item.kind != "list":
            pieces = [p.strip() for p in _SENTENCE_END.split(clean(item.text)) if p.strip()]
            if len(pieces) >= 2 and sum(1 for p in pieces if _names_one(p, call)) >= 2 and _names_one(pieces[0], call):
                labelled: list[str] = []
                for piece in pieces:  # a sentence without a label goes on with the partner before it
                    if _names_one(piece, call) or not labelled:
                        labelled.append(piece)
                    else:
                        labelled[-1] += " " + piece
                result += [replace(item, text=p.rstrip(" .;"), kind="list") for p in labelled]
                continue
        result.append(item)
    return result


_LIST_NUMBER = re.compile(r"^(?:\d{1,2}|[a-h])[.)]\s+")


def _items(items: list, document: Document, call, n: int, index: dict) -> list[Candidate]:
    """Tables, list items, lines and sentences naming partners, in a partner section."""
    found: list[Candidate] = []
    kinds: list[str] = []
    kind_cell = False  # the header read as a line has a column of kinds ("Structure Type Apport")
    last_table: list[Candidate] | None = None
    prose: list[Block] = []
    for position, item in enumerate(items):
        order = (n, index.get(item_key(item), 0))
        if isinstance(item, Table):
            rows = rows_of(item, call, in_partner_section=True) or []
            last_table = [_candidate(name, c, row, document, item.page, STRUCTURE, order) for name, c, row in rows]
            found += last_table
            kinds += [cell for row in item.rows[1:] for cell in row[1:] if cell and len(cell.split()) <= 4]
            continue
        if item.heading_level is not None:
            last_table = None
            continue
        text = clean(item.text)
        listed = item.kind == "list"
        number = _LIST_NUMBER.match(text)
        if number and opens_like_name(text[number.end():]):
            text, listed = text[number.end():], True  # "2. Laboratoire X : conduit l'évaluation"
        if _FOOTER.search(text):
            continue  # "Association X – Projet Y – page 3": a running footer between the lines
        if _header_line(text, call):
            last_table = []  # a table's header row read as a line: its rows follow as lines
            kind_cell = any_phrase(fold(text), call.partner_kind_headers) is not None
            continue
        if _next_heading(text, call):
            break  # "Livrables et indicateurs": the next section's heading, written as a line
        if last_table is not None and not text.endswith((".", "!", "?")):
            # A table broken by a page and read as lines: "Name Kind Contribution" or a line each.
            found += _table_line(text, item, document, call, order, kinds, found, kind_cell)
            continue
        last_table = None
        if found and found[-1].contribution is None and found[-1].order == (n, index.get(item_key(items[position - 1]), -1)) \
                and position > 0 and _tells_the_previous(text, call):
            # "Mutuelle X" on its line, then "Elle accueillera les ateliers…": what it brings
            found[-1].contribution = _contribution(text)
            continue
        name, contribution = _split_line(text, call)
        # a trigger inside brackets ("URPS X (porteur associé) : …") opens no list of names
        trigger = find_wording(re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text), call.partner_triggers)
        if trigger is not None and contribution and trigger.start() >= len(name) and opens_like_name(name) \
                and len(name.split()) <= 12:
            trigger = None  # "Chambre d'agriculture X : Mobilise les éleveurs": a name, then what it brings
        if trigger is not None or (text.endswith(".") and next(stated_roles(text, call), None)):
            prose.append(item)  # a sentence: "Par ailleurs, la Laiterie X accueillera le séminaire."
            continue
        if contribution and _is_label(name, call) and _is_list_of_names(contribution):
            # "Partenaires associés : A, B et C", "Lettres d'engagement jointes : A ; B"
            found += [_candidate(each, None, text, document, item.page, ENUMERATION, order)
                      for each in split_names(contribution)]
            continue
        if not (contribution and _is_label(name, call)) and _is_list_of_names(text):
            # "Aract X / Carsat Y / Ville de Z", "Aract X (appui), Carsat Y (données) et Ville de Z"
            for each in split_names(text):
                found.append(_candidate(*_split_line(each, call), text, document, item.page,
                                        ENUMERATION, order))
            continue
        if listed or _is_line(text) or (contribution and len(name.split()) <= 12 and opens_like_name(name)):
            level = STRUCTURE if listed or contribution is not None or _in_run(items, position) \
                else ENUMERATION
            found.append(_candidate(name, contribution, text, document, item.page, level, order))
        else:
            prose.append(item)
    for block, text in paragraphs(prose):
        order = (n, index.get(item_key(block), 0))
        found += _sentences(text, block, document, call, order, under_heading=True)
        for name, contribution, sentence in stated_roles(text, call):
            # under a partner heading, the subject of "… animera les ateliers" is a partner
            found.append(Candidate(clean_name(name), _contribution(contribution),
                                   Source(document.name, block.page, excerpt(sentence)), ENUMERATION, sentence,
                                   max(sentence.lower().find(name.lower()), 0) + _lead(name), order))
    return found


_ANAPHORA = re.compile(r"(?i)^(?:elle|il|ils|elles|celle-ci|celui-ci|ce partenaire|cette structure|cet organisme|"
                       r"le partenaire|la structure|l['’]organisme|son rôle|sa contribution|son apport|sa mission|"
                       r"ses missions|rôle|apport|contribution|mission|engagement)\b")


def _tells_the_previous(text: str, call) -> bool:
    """A paragraph speaking of the organisation named on the line before ("Elle accueillera…",
    "Rôle : …", "Appui méthodologique et relecture", "Repérage des entreprises volontaires…")."""
    return _ANAPHORA.match(text) is not None or (text[:1].islower()) or (
        starts_with_wording(text, call.contribution_words) and not (org_words_in(text.split(" ")[0], call))) \
        or (_described(text) and not org_words_in(text.split(" ")[0], call))


def _described(text: str) -> bool:
    """Written as a description, not a name: four words or more, nearly all in lowercase
    ("Repérage des entreprises volontaires parmi ses adhérents"), no acronym."""
    words = [w for w in text.split() if w.lower() not in _NAME_LINKS and not re.match(r"^[ld][’']", w.lower())]
    capitalised = sum(1 for w in words[1:] if w[:1].isupper())
    return len(words) >= 4 and capitalised * 5 <= len(words) - 1 and not has_acronym(text)


def _sentences(text: str, block: Block, document: Document, call, order, under_heading: bool,
               in_budget: bool = False) -> list[Candidate]:
    """Enumerations after a trigger ("le projet associe …") in each sentence, or after a colon
    under a partner heading or in a sentence speaking of partners ("Nous avions omis un partenaire :
    …"); under a partner heading, the organisations the model finds in the other sentences."""
    found: list[Candidate] = []
    for _, sentence in sentences(text):
        colon = sentence.find(":")
        rest = _after_trigger(sentence, call, colon=under_heading or (
            0 < colon <= 160 and not in_budget and mentions(fold(sentence[:colon]), call.partner_sections)))
        if rest is None:
            if under_heading:
                found.append(Candidate("", None, Source(document.name, block.page, excerpt(sentence)), MENTION,
                                       sentence, 0, order))
            continue
        if _beside_the_partners(rest):
            continue
        for name, contribution in enumeration(rest):
            if contribution is None:
                name, contribution = split_at_role(name, call)  # "la Carsat X apportera ses données"
            offset = sentence.find(name)
            found.append(Candidate(clean_name(name), _contribution(contribution),
                                   Source(document.name, block.page, excerpt(sentence)), ENUMERATION, sentence,
                                   max(offset, 0) + _lead(name), order))
    return found


_THE_PARTNERS = re.compile(r"(?i)^(?:et |ainsi que |puis )?(?:les|nos|ses|leurs|l['’]ensemble des|tous les)\s+"
                          r"partenaires(?:\s+(?:du projet|de la démarche|du consortium|associés|mobilisés|"
                          r"engagés|impliqués))?$")


def _beside_the_partners(enumerated: str) -> bool:
    """"Un comité réunira Kairos, les directions … ainsi que les partenaires": the partners, as a
    group, are one member of the list; the names beside them (the applicant, the funders) are not."""
    pieces = [q for p in top_level_split(enumerated.strip().rstrip(".;"), ",;")
              for q in re.split(r"\s+(?=(?:et|ainsi que)\s)", p)]
    return any(_THE_PARTNERS.match(clean(re.split(r"\s[;:–—(]|\s-\s", p)[0])) for p in pieces)


# "Il mobilise également X", "associe aussi X", "nos partenaires sont X": the adverb or the verb
# after the trigger is not a name's start
_ADVERBS = re.compile(r"(?i)^(?:(?:également|aussi|en outre|par ailleurs|de plus|enfin|notamment|en particulier|"
                      r"étroitement|activement|pleinement|directement|sont|seront|est|sera|les suivants)\b[\s,:]*)+")


def _after_trigger(sentence: str, call, colon: bool) -> str | None:
    """The enumeration a trigger opens, or None: "Sont associés au projet : A (…); B (…)" ->
    "A (…); B (…)"; "… avec nos partenaires (Aract X), qui …" -> "(Aract X)"."""
    m = find_wording(sentence, call.partner_triggers)
    if m is not None:
        rest = sentence[m.end():]
    elif colon and ":" in sentence[:120]:
        rest = sentence[sentence.index(":"):]
    else:
        return None
    colon_at = rest.find(":")
    if 0 <= colon_at <= 80 and not any(w[:1].isupper() for w in rest[:colon_at].split()):
        rest = rest[colon_at + 1:]
    rest = _ADVERBS.sub("", rest.strip(" :,")).strip(" :,")
    if rest.startswith("("):
        depth = 0
        for i, c in enumerate(rest):
            depth += c == "("
            depth -= c == ")"
            if depth == 0:
                return rest[1:i]
    return rest


def _mentions(candidates: list[Candidate], tags: dict, call) -> list[Candidate]:
    """The sentences left to the model become candidates: the organisations it finds in them
    (neighbouring spans joined: it splits "FNTR Bourgogne" in two)."""
    result = []
    for candidate in candidates:
        if candidate.level != MENTION:
            result.append(candidate)
            continue
        spans = _joined(tags.get(candidate.context, ()), candidate.context)
        for start, end, label in spans:
            if label in ("ORG", "MISC", "LOC"):
                # "Mutualité" then "Française Occitanie" (tagged a person): the capitalised words
                # running on are the rest of the name
                run = _RUN_ON.match(candidate.context, end)
                end = run.end() if run else end
            name = clean_name(candidate.context[start:end])
            if label in ("ORG", "MISC", "LOC") and (org_words_in(name, call) or has_acronym(name) or label == "ORG"):
                contribution = _mention_contribution(candidate.context, start, end, len(spans))
                result.append(Candidate(name, contribution, candidate.source, MENTION, candidate.context,
                                        start + _lead(candidate.context[start:end]), candidate.order))
    return result


_RUN_ON = re.compile(r"(?:\s+(?:(?:de|du|des|d['’])\s*)?[A-ZÉÈÀÂÎÔÛÇ][\w'’-]*)+")


def _joined(tags, text: str) -> list[tuple[int, int, str]]:
    spans: list[list] = []
    for e in tags:
        if spans and re.fullmatch(r"[\s-]*", text[spans[-1][1]:e.start]) and e.label != "PER" and spans[-1][2] != "PER":
            spans[-1][1] = e.end
            spans[-1][2] = "ORG" if "ORG" in (spans[-1][2], e.label) else spans[-1][2]
        else:
            spans.append([e.start, e.end, e.label])
    return [tuple(s) for s in spans]


def _mention_contribution(sentence: str, start: int, end: int, count: int) -> str | None:
    """In a sentence naming one organisation, what follows its name says what it does."""
    if count != 1:
        return None
    rest = sentence[end:].strip(" ,.;:)")
    return _contribution(rest) if len(rest.split()) >= 3 else None


# ----------------------------------------------------------------------------- letters of support


def _partner_document(document: Document, call) -> bool:
    """A document whose file name or title names the partners (not a letter from one of them)."""
    titles = [re.sub(r"\.[A-Za-z0-9]{2,5}$", "", document.name or "").replace("_", " ")]
    titles += [b.text for b in document.blocks[:3] if b.kind == "title"][:1]
    return any(t and mentions(fold(t), call.partner_sections) and not find_wording(t, call.letter_words)
               and not mentions(fold(t), call.budget_sections) for t in titles)


def _letter(document: Document, call, n: int) -> list[Candidate]:
    """The author of each letter of support, with what it commits to."""
    return [Candidate(author.name, _contribution(author.contribution), Source(document.name, author.page,
                                                                              excerpt(author.line)),
                      STRUCTURE, author.line, max(author.line.find(author.name), 0), (n, 0))
            for author in letter_authors(document, call)]


# ------------------------------------------------------------------------------------- helpers


def _candidate(name: str, contribution: str | None, text: str, document: Document, page, level: int,
               order) -> Candidate:
    # Written with a capital after its article ("l'Aract X", "CFDT Y"), or not a name at all
    # ("Le consortium réunit…", "les entreprises pilotes").
    cleaned = clean_name(name) if opens_like_name(strip_numbering(clean(name)).lstrip("-–—•*·▪ ")) else ""
    return Candidate(cleaned, _contribution(contribution), Source(document.name, page, excerpt(text)), level,
                     text, max(text.find(cleaned), 0), order)


def _told(contribution: str | None, call) -> str | None:
    """The contribution without a label before it ("Rôle : appui…") nor the kind of organisation
    a line gave first ("Collectivité – prêt de salles")."""
    if not contribution:
        return contribution
    m = re.match(r"^([^:–—-]{2,40}?)(\s*:|\s[–—-])\s+(?=\S)", contribution)
    if m is not None:
        label = fold(m.group(1))
        rest = contribution[m.end():]
        kinds = {k.rstrip("*").strip() for k in call.partner_kind_words}
        colon = m.group(2).strip() == ":"
        if len(rest.split()) >= 2 and ((not colon and label in kinds) or (
                colon and any_phrase(label, call.partner_contribution_headers) and len(label.split()) <= 2)):
            return _told(rest, call)
    return contribution


def _only_kind(text: str, call) -> bool:
    """Only a kind of organisation ("réseau Anact-Aract", "chambre consulaire")."""
    folded = fold(text)
    return any(folded == k or (k.endswith("*") and re.fullmatch(re.escape(k[:-1]) + r"\w*", folded))
               for k in call.partner_kind_words)


def _contribution(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"^qui\s+", "", clean(text).strip(" ;,–—-"))  # "…, qui co-anime les groupes"
    if not text or fold(text) in ("", "a preciser", "a definir", "en cours"):
        return None
    return text if len(text) <= _CONTRIBUTION_LIMIT else text[:_CONTRIBUTION_LIMIT - 1].rstrip() + "…"


def _lead(text: str) -> int:
    """How many characters an article takes before the name ("l'Aract X" -> 2)."""
    m = re.match(r"^\s*(?:l['’]\s?|la |le |les |du |de la |des |d['’]\s?)", text, re.IGNORECASE)
    return m.end() if m else 0


def _subheadings(items: list, document: Document, call, n: int, index: dict) -> list[Candidate]:
    """One sub-heading per partner, its paragraphs telling the contribution."""
    heads = [i for i, item in enumerate(items) if isinstance(item, Block) and item.heading_level is not None]
    if not heads:
        return []
    found = []
    for k, i in enumerate(heads):
        head = items[i]
        end = heads[k + 1] if k + 1 < len(heads) else len(items)
        body = [clean(x.text) for x in items[i + 1:end] if isinstance(x, Block)]
        name = clean(head.text).rstrip(" :")
        if _is_sentence_like(name):
            return []
        found.append(_candidate(name, " ".join(body) or None, f"{name} : {' '.join(body)}", document, head.page,
                                STRUCTURE, (n, index.get(item_key(head), 0))))
    # Sub-headings grouping partners ("Partenaires institutionnels") are not partners themselves.
    if any(isinstance(x, Table) or (isinstance(x, Block) and x.kind == "list") for x in items):
        return []
    return found


def _table_line(text: str, item: Block, document: Document, call, order, kinds: list[str],
                found: list[Candidate], kind_cell: bool = False) -> list[Candidate]:
    """A line of a table read without its grid: cut at a kind of organisation seen in the
    table ("Transports Ruiz Entreprise pilote Accueil des immersions") or known to the call."""
    words = text.split()
    known = sorted({k for k in kinds if k}, key=len, reverse=True)
    for i in range(0, len(words)):
        rest = " ".join(words[i:])
        kind = next((k for k in known if rest.startswith(k + " ") or rest == k), None)
        if kind is None:
            m = find_wording(rest, call.partner_kind_words)
            if m is not None and m.start() == 0 and rest[:1].isupper():
                kind = rest[:m.end()]
                if " " not in kind.strip() and not (i == 0 and starts_with_wording(rest[m.end():], call.contribution_words)):
                    kind = None  # "Association", "Formation" alone may be a name's first word
        if kind is None:
            continue
        after = rest[len(kind):].strip() or None
        if after and not after[:1].isupper() and " " not in kind.strip():
            continue  # "Entreprise pilote accueil des …": a kind of two words or more cuts whatever follows
        if i == 0:
            # "Organisation syndicale Identification, côté salariés…": the kind and contribution
            # of the partner named on the line before.
            if found and found[-1].contribution is None and after:
                found[-1].contribution = _contribution(after)
            return []
        return [_candidate(" ".join(words[:i]), after, text, document, item.page, STRUCTURE, order)]
    if found and found[-1].contribution is None and starts_with_wording(text, call.contribution_words):
        found[-1].contribution = _contribution(text)  # "Relais de l'appel …": the line before's contribution
        return []
    name, contribution = split_line(text, call.contribution_words)
    if contribution is None:
        # "Mutuelle des Volcans prêt de deux salles": the name's last capitalised word, then the cell
        # that opens in lowercase
        # (a name of two words at least; all lowercase after: "Union départementale CGT X" is one name)
        cut = next((i for i in range(2, len(words)) if words[i][:1].islower() and words[i - 1][:1].isupper()
                    and words[i].lower() not in _NAME_LINKS and len(words) - i >= 2
                    and not any(w[:1].isupper() for w in words[i:])), None)
        if cut is not None:
            name, contribution = " ".join(words[:cut]), " ".join(words[cut:])
            last = words[cut - 1]
            if kind_cell and cut >= 3 and words[cut - 2][:1].isupper() and words[cut - 2].lower() not in _NAME_LINKS \
                    and (mentions(fold(last), call.partner_kind_words) or org_words_in(last, call)):
                name = " ".join(words[:cut - 1])  # "Mutuelle des Volcans Mutuelle": the kind's cell goes
    if contribution is not None or (text[:1].isupper() and len(words) <= 12):
        return [_candidate(name, contribution, text, document, item.page, STRUCTURE, order)]
    if found and text[:1].islower() and found[-1].contribution:
        found[-1].contribution = _contribution(f"{found[-1].contribution} {text}")
    return []


# Small words inside an organisation's name ("Union locale CGT de Thiers", "Ville d'Ajaccio").
_NAME_LINKS = {"de", "du", "des", "d'", "d’", "la", "le", "les", "l'", "l’", "et", "en", "sur", "à", "au", "aux", "pour",
               "&", "-", "–"}


def _is_label(text: str, call) -> bool:
    """"Partenaires associés", "Structures mobilisées", "Lettres de soutien jointes": a label, not a name."""
    folded = fold(text)
    return len(folded.split()) <= 5 and not has_acronym(text) and (
        mentions(folded, call.partner_sections) or find_wording(text, call.letter_words) is not None)


_DASH = re.compile(r"\s[–—-]\s+")
_FOOTER = re.compile(r"(?i)(?:^|\s[–—|-]\s)(?:page|p\.)\s*\d{1,3}(?:\s*(?:/|sur)\s*\d{1,3})?\s*$")


def _split_line(text: str, call) -> tuple[str, str | None]:
    """A line's name and contribution (split_line); and a name written like an organisation, then
    a dash and a sentence saying what it brings in any words ("Union locale CGT X – Information des
    syndicats d'entreprise…")."""
    name, contribution = split_line(text, call.contribution_words)
    if contribution is None:
        m = _DASH.search(text)
        if m is not None:
            head, rest = text[:m.start()].strip(), text[m.end():].strip().rstrip(".;")
            if (org_words_in(head, call) or has_acronym(head)) and _described(rest) \
                    and not _DASH.search(rest) and len(head.split()) <= 12:
                return head, rest
        # "EHPAD Les Glycines Mise à disposition d'un référent…": a caption's two lines run together,
        # the name written like an organisation, then a description opening with a contribution wording
        words = text.split()
        for i in range(1, min(len(words) - 3, 13)):
            rest = " ".join(words[i:])
            if words[i][:1].isupper() and starts_with_wording(rest, call.contribution_words) and _described(rest):
                head = " ".join(words[:i])
                if org_words_in(head, call) or has_acronym(head):
                    return head, rest.rstrip(".;")
                break
    return name, contribution


def _introduces_partners(text: str, call, list_follows: bool = False) -> bool:
    """"Nos partenaires sont les suivants :", or a short sentence naming them right above a list
    ("Dernier envoi : nos partenaires et ce que chacun apporte."); of a longer sentence above a
    list, its last clause ("Comme annoncé ce matin, voici les partenaires du projet :")."""
    if list_follows and text.endswith(":") and len(text.split()) > 14:
        text = re.split(r"[,;.!?]\s", text)[-1]
    return (text.endswith(":") or (list_follows and text.endswith("."))) and len(text.split()) <= 14 \
        and mentions(fold(text), call.partner_sections)


def _header_line(text: str, call) -> bool:
    """"Structure Nature Apport au projet": the header row of a partner table, as a line."""
    words = fold(text).split()
    if not 2 <= len(words) <= 10:
        return False
    rest, found = _header_words(call).subn(" ", " " + " ".join(words) + " ")
    fillers = set(call.heading_fillers)
    return found >= 2 and all(w in fillers for w in rest.split())


@functools.lru_cache(maxsize=8)
def _header_words(call) -> re.Pattern:
    phrases = [*call.partner_name_headers, *call.partner_kind_headers, *call.partner_contribution_headers]
    parts = [re.escape(p.rstrip("*")) + (r"[a-z0-9]*" if p.endswith("*") else "")
             for p in sorted(set(phrases), key=len, reverse=True)]
    return re.compile(r"(?<= )(?:" + "|".join(parts) + r")(?= )")


def _next_heading(text: str, call) -> bool:
    """A short line opening with a heading wording of another element of the proposal."""
    folded = fold(text)
    if not folded or len(folded.split()) > 6 or re.search(r"\s[:–—-]\s", text) or has_acronym(text) \
            or org_words_in(text, call):
        return False
    for phrases in call.heading_synonyms.values():
        m = any_phrase(folded, phrases)
        if m is not None and folded.startswith(m.rstrip("*").strip().lstrip("^")):
            return True
    return False


def _is_line(text: str) -> bool:
    """A short line, not a sentence: a list written without bullets, one partner a line."""
    return 0 < len(text.split()) <= 24 and not re.search(r"[.!?]\s+[A-ZÉ]", text) and (
        len(text.split()) <= 10 or re.search(r"\s[:–—-]\s|^[^:]{2,80}:\s", text) is not None)


def _is_sentence_like(text: str) -> bool:
    return len(text.split()) > 14 or text.endswith((".", "!", "?")) and len(text.split()) > 8


def _in_run(items: list, position: int) -> bool:
    """The line stands among other lines of its kind (a list without bullets)."""
    def line(i):
        return 0 <= i < len(items) and isinstance(items[i], Block) and items[i].heading_level is None \
            and _is_line(clean(items[i].text))
    return line(position - 1) or line(position + 1)


def _is_list_of_names(text: str) -> bool:
    pieces = split_names(text.strip().rstrip("."))
    return len(pieces) >= 2 and all(p[:1].isupper() and len(p.split()) <= 12 for p in pieces)


def _merge(candidates: list[Candidate]) -> list[Partner]:
    """One partner per organisation, its contribution from wherever one is stated. A shorter
    name read in a sentence ("l'Aract", "la CFDT") is the partner a list names in full."""
    partners: list[Partner] = []
    levels: list[int] = []
    keys: dict[str, int] = {}
    for c in candidates:
        key = re.sub(r"[^a-z0-9]", "", fold(c.name))
        if not key:
            continue
        at = keys.get(key)
        if at is None:
            at = next((i for k, i in keys.items() if len(key) >= 4 and len(k) >= 4 and (key in k or k in key)
                       and _same_words(c.name, partners[i].name)), None)
        if at is None and c.level > STRUCTURE:
            words = set(fold(c.name).split())
            at = next((i for i, p in enumerate(partners) if levels[i] < c.level and words < set(fold(p.name).split())),
                      None)
        if at is not None:
            if partners[at].contribution is None and c.contribution:
                partners[at] = Partner(c.name, c.contribution, c.source)  # the partner list's own spelling
            continue
        keys[key] = len(partners)
        partners.append(Partner(c.name, c.contribution, c.source))
        levels.append(c.level)
    # "l'Aract" read in a sentence before the list names "l'Aract Pays de la Loire": one partner
    words = [set(fold(p.name).split()) for p in partners]
    return [p for i, p in enumerate(partners)
            if not (len(words[i]) == 1 and levels[i] > STRUCTURE
                    and any(j != i and words[i] < words[j] for j in range(len(partners))))]


def _same_words(a: str, b: str) -> bool:
    """"CCI HautRhin" and "CCI Haut-Rhin", "Aract X" and "l'Aract X": one organisation; "CFDT" and
    "CFDT Route Normandie" are not."""
    wa, wb = set(fold(a).split()), set(fold(b).split())
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(small) >= max(1, len(large) - 1)
