"""Which expense category a budget line's label falls in, and what kind of resource a row is."""
from __future__ import annotations

import re

from .textutil import fold, mend, phrase_pattern, phrases_pattern


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


# Time counted for a role: "56 jours", "7 mois", "0,5 etp", "120 heures", "10 j".
_TIME = re.compile(r"(?<![a-z0-9])\d+(?:[ ,.]\d+)?\s*(?:jours?|j|mois|heures?|h|etp|demi journees?|semaines?)(?![a-z0-9])")


# "641100 Consultante junior" (an accounting export), "625 – Déplacements" (the association form)
_ACCOUNT_NUMBER = re.compile(r"^\s*(?:(\d{6,8})\s+(?=[^\W\d_])|(\d{2,3})\s*[-–—.:]\s*(?=[^\W\d_]))")


def classify_expense(label: str, call, context: str = "") -> str:
    """personnel | deplacements_logistique | prestations | autres: the wording found earliest wins,
    the longest when two start together ("rémunérations intermédiaires" over "rémunération")."""
    for text in (label, context):
        category, evidence = classify_expense_evidence(text, call)
        if evidence is not None:
            return category
    return "autres"


def classify_expense_evidence(text: str, call) -> tuple[str, str | None]:
    """(category, the wording that says so) of an expense label; ("autres", None) when no
    wording of the call's categories is in it."""
    account = _ACCOUNT_NUMBER.match(text or "")
    if account:
        number = account.group(1) or account.group(2)
        for prefix, category in call.expense_accounts:
            if number.startswith(prefix):
                return category, f"compte {number}"
    folded = fold(text)
    if not folded:
        return "autres", None
    timed = _TIME.search(folded)
    if timed and mentions(folded, call.timed_roles) and not mentions(folded, call.external_words):
        role = _first_match(folded, call.timed_roles)
        own = _first_match(folded, dict(call.categories).get("personnel", ()))
        if own is None or role[0] <= own[0]:
            return "personnel", f"{folded[role[0]:role[0] - role[1]]} ({timed.group()})"
    best: tuple[int, int, int, str, str] | None = None
    for rank, (category, phrases) in enumerate(call.categories):
        found = _first_match(folded, phrases)
        if found is not None and (best is None or (*found, rank) < best[:3]):
            start, negative_length = found
            best = (start, negative_length, rank, category, folded[start:start - negative_length])
    if best is None:
        mended = mend(text, call)  # "Frais de personel": the call's word through a slip of the keyboard
        return classify_expense_evidence(mended, call) if mended != text else ("autres", None)
    return best[3], best[4]


def mentions(folded: str, phrases) -> bool:
    return _first_position(folded, phrases) is not None


def opens_with(folded: str, phrases) -> bool:
    """The text's first words are one of the phrases ("part du total": a share, not a total)."""
    return _first_position(folded, phrases) == 0


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
