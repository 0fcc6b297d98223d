"""Which expense category a budget line's label falls in, and what kind of resource a row is."""
from __future__ import annotations

from .textutil import fold, phrase_pattern, phrases_pattern


def _first_match(folded: str, phrases) -> tuple[int, int] | None:
    """(position, -length) of the earliest (then longest) wording found, or None."""
    phrases = phrases if isinstance(phrases, tuple) else tuple(phrases)
    quick = phrases_pattern(phrases)  # one search says "none of them", the common case
    if quick is None or quick.search(folded) is None:
        return None
    best = None
    for phrase in phrases:
        m = phrase_pattern(phrase).search(folded)
        if m:
            key = (m.start(), -(m.end() - m.start()))
            if best is None or key < best:
                best = key
    return best


def _first_position(folded: str, phrases) -> int | None:
    found = _first_match(folded, phrases)
    return None if found is None else found[0]


def classify_expense(label: str, call, context: str = "") -> str:
    """personnel | deplacements_logistique | prestations | autres: the wording found earliest wins,
    the longest when two start together ("rémunérations intermédiaires" over "rémunération")."""
    for text in (label, context):
        folded = fold(text)
        if not folded:
            continue
        best: tuple[int, int, int, str] | None = None
        for rank, (category, phrases) in enumerate(call.categories):
            found = _first_match(folded, phrases)
            if found is not None and (best is None or (*found, rank) < best[:3]):
                best = (*found, rank, category)
        if best:
            return best[3]
    return "autres"


def mentions(folded: str, phrases) -> bool:
    return _first_position(folded, phrases) is not None


def is_anact(text: str, call) -> bool:
    folded = fold(text)
    if mentions(folded, call.anact_wordings):
        return True
    if mentions(folded, call.anact_generic_wordings):
        others = [p for p in call.cofinancing_wordings if not fold(p).startswith(("subvention", "financement", "contribution", "participation", "apport"))]
        return not mentions(folded, others)
    return False


def is_cofinancing(text: str, call) -> bool:
    return mentions(fold(text), call.cofinancing_wordings)


def nature_of(texts, call) -> str | None:
    for text in texts:
        folded = fold(text)
        if not folded:
            continue
        best = None
        for rank, (nature, phrases) in enumerate(call.natures):
            position = _first_position(folded, phrases)
            if position is not None and (best is None or (position, rank) < best[:2]):
                best = (position, rank, nature)
        if best:
            return best[2]
    return None
