"""Reading a document's lines as a clerk does: lines of one sentence joined, paragraphs ended by
a heading or by what was read elsewhere, a mail's closing formula and signature set apart."""
from __future__ import annotations

import re

from .textutil import clean
from .types import Block, Table

_CLOSING = re.compile(r"(?i)^(?:(?:bien |très )?cordialement|(?:bien )?cdlt\b|slts\b|bien à vous|belle journée|bonne journée|"
                      r"(?:sinc[èe]res |meilleures )?salutations|je vous prie|nous vous prions|veuillez agréer|"
                      r"dans l['’]attente|en vous remerciant|restant à votre disposition|fait à )")
_SIGN_OFF = re.compile(r"(?i)salutations|cordialement|bien à vous|belle journée|bonne journée")


def is_closing(text: str) -> bool:
    """"Bien cordialement,", "Je vous prie d'agréer … salutations distinguées.", "Belle journée,"."""
    words = len(text.split())
    if re.match(r"(?i)^(?:bonjour|bonsoir|madame|monsieur|mesdames|messieurs|ch[èe]re?s?|hello)\b", text):
        return False  # the opening salutation
    return (words <= 25 and _CLOSING.match(text) is not None and not re.match(r"(?i)je vous prie de (?:trouver|bien)", text)) \
        or (words <= 12 and _SIGN_OFF.search(text) is not None) or (words <= 5 and text.endswith(","))


def until_closing(items: list) -> list:
    """A section of a mail body runs into the closing formula and the signature: stop there."""
    for i, item in enumerate(items):
        if isinstance(item, Block) and item.kind != "list" and is_closing(clean(item.text)):
            return items[:i]
    tail = 0
    while tail < len(items) and isinstance(items[len(items) - 1 - tail], Block):
        tail += 1
    start = bare_signature([clean(b.text) for b in items[len(items) - tail:]])
    return items[:len(items) - tail + start] if start is not None else items


def bare_signature(texts: list[str]) -> int | None:
    """Where a signature with no closing formula starts: a person's name on its own line right
    after the last sentence, then only short lines (title, organisation, phone) to the end
    ("… le budget est en pièce jointe." / "Laure Besson" / "Collectif X")."""
    from .partners_names import person_like

    for i in range(len(texts) - 1, max(0, len(texts) - 6), -1):
        if len(texts[i].split()) <= 5 and person_like(texts[i]) and texts[i - 1].rstrip().endswith((".", "!")) \
                and all(len(t.split()) <= 10 and not t.rstrip().endswith(".") for t in texts[i + 1:]):
            return i
    return None


def paragraphs(blocks: list[Block]) -> list[tuple[Block, str]]:
    """Consecutive blocks joined where a sentence runs on (a PDF line, a wrapped mail line)."""
    result: list[tuple[Block, str]] = []
    fresh = True
    for block in blocks:
        text = clean(block.text)
        if block.heading_level is not None:
            fresh = True  # a heading ends the paragraph before it
            continue
        if not text:
            continue
        if result and not fresh and not re.search(r"[.!?:;]$", result[-1][1]) and block.kind != "list":
            result[-1] = (result[-1][0], f"{result[-1][1]} {text}")
        else:
            result.append((block, text))
        fresh = False
    return result


_WRAPPED_END = re.compile(r"(?:[,(/&–—-]|\b(?:de|du|des|la|le|les|l['’]|d['’]|et|ou|à|au|aux|en|pour|par|sur|avec|dans))$",
                          re.IGNORECASE)


def runs(items: list) -> list:
    """Lines of one sentence joined (a mail wrapped at 72 characters, a PDF's lines): a line
    runs on when it ends without a full stop and the next opens in lowercase or a bracket, or
    when it stops on a comma, an article or a preposition, or leaves a bracket open."""
    result: list = []
    for item in items:
        previous = result[-1] if result else None
        if isinstance(item, Block) and isinstance(previous, Block) and item.heading_level is None \
                and previous.heading_level is None and item.kind != "list":
            before, text = clean(previous.text), clean(item.text)
            if before and text and not re.search(r"[.!?;:]$", before) and (
                    text[:1].islower() or text[:1] in "(" or _WRAPPED_END.search(before)
                    or before.count("(") > before.count(")")):
                result[-1] = Block(text=f"{before} {text}", page=previous.page, heading_level=None,
                                   order=previous.order, kind=previous.kind)
                continue
        result.append(item)
    return result


def item_key(item: Block | Table) -> tuple[bool, int]:
    """An item of a document, the same whichever copy of the document holds it: sections_of()
    keeps the items of the first copy it was given, and the analyst process receives a new copy
    of each document at every analysis (an id() would tell them apart)."""
    return isinstance(item, Table), item.order


def uncovered(items: list, covered: set[int]) -> list[Block]:
    """The blocks read elsewhere left out; where they stood (or a table), a paragraph ends."""
    kept: list[Block] = []
    for item in items:
        if isinstance(item, Block) and item_key(item) not in covered:
            kept.append(item)
        elif kept and kept[-1].heading_level is None:
            kept.append(Block(text="", page=item.page, heading_level=0))
    return kept


def signature(items: list) -> list:
    """The closing formula of a mail and the short lines under it (name, title, organisation,
    address), when nothing else follows."""
    for i in range(len(items) - 1, max(-1, len(items) - 14), -1):
        item = items[i]
        if isinstance(item, Block) and item.kind != "list" and is_closing(clean(item.text)):
            rest = items[i + 1:]
            if all(isinstance(x, Block) and x.heading_level is None and len(x.text.split()) <= 16 for x in rest):
                return items[i:]
            return []
    return []
