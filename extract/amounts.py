"""The one parser of French money amounts ("12 500 €", "12.500,00 € HT", "12,5 k€")."""
from __future__ import annotations

import re
from dataclasses import dataclass

_SEP = "[ \u00a0\u202f\u2009\u2007.']"
_NUMBER = (
    r"(?:(?P<sign>(?<![\w.,/\-])[-−](?=\d))|(?<![\w.,/\-]))"  # "-8 380 €": a correction line
    r"(?P<int>\d{1,3}(?:,\d{3})+(?=\.\d{2}(?!\d))|\d{1,3}(?:" + _SEP + r"\d{3})+|\d+)"
    r"(?:(?P<dec_sep>[.,])(?P<dec>\d{1,3}))?"
    r"(?![\w/]|[.,]\d)"
)
_UNIT = (
    r"(?:[ \u00a0\u202f\u2009\u2007]*"
    r"(?P<unit>k\s?€|k\s?eur(?:os?)?|keur|ke(?![a-z])|m\s?€|m\s?eur(?:os?)?|millions?\s+d['’]\s?euros?|€|eur(?:os?)?\b)"
    r"(?:[ \u00a0\u202f]*(?P<tax>h\.?t\.?|t\.?t\.?c\.?|nets?(?:\s+de\s+taxes?)?)(?![a-z]))?)?"
)
AMOUNT_RE = re.compile(r"(?P<pre>€\s?)?" + _NUMBER + _UNIT, re.IGNORECASE)
_SCALE = {"k": 1_000.0, "m": 1_000_000.0}


@dataclass(frozen=True)
class Amount:
    value: float
    start: int
    end: int
    has_currency: bool


def _to_float(int_part: str, dec_sep: str | None, dec: str | None) -> float | None:
    digits = re.sub(r"[ \u00a0\u202f\u2009\u2007.',]", "", int_part)
    if not digits:
        return None
    if dec is not None:
        if len(dec) == 3:
            # "12,500" / "12.500": a thousands group, not decimals.
            digits += dec
            return float(digits)
        return float(digits + "." + dec)
    return float(digits)


# a French telephone number ("06 71 22 48 90", "+33 4 76 12 34 56"): five numbers, none an amount
_PHONE = re.compile(r"(?<![\d,.])(?:\+33[ .\u00a0]?(?:\(0\)[ .\u00a0]?)?|0)[1-9](?:[ .\u00a0\-]?\d{2}){4}(?![\d,])")


def find_amounts(text: str) -> list[Amount]:
    """Every number in text that can be an amount, with whether a currency was written."""
    found: list[Amount] = []
    phones = [m.span() for m in _PHONE.finditer(text or "")]
    for m in AMOUNT_RE.finditer(text or ""):
        if any(a <= m.start("int") < b for a, b in phones):
            continue
        value = _to_float(m.group("int"), m.group("dec_sep"), m.group("dec"))
        if value is None:
            continue
        unit = (m.group("unit") or "").lower().replace(" ", "")
        has_currency = bool(unit) or bool(m.group("pre"))
        if unit[:1] in _SCALE and not unit.startswith("eur") and not unit.startswith("€"):
            value *= _SCALE[unit[:1]]
        elif unit.startswith("million"):
            value *= 1_000_000.0
        if m.group("sign") or (not has_currency and m.group("dec") is not None and len(m.group("dec")) == 2
                               and _BRACKETED.match(text, m.end()) and text[:m.start()].rstrip().endswith("(")):
            value = -value  # "(500.00)": an accounting export's negative (a discount, a credit note)
        found.append(Amount(round(value, 2), m.start(), m.end(), has_currency))
    return found


_BRACKETED = re.compile(r"\s*\)")
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:%|pour\s?cent|jours?|j\b|h\b|heures?|mois|ans?|années?|semaines?|personnes?|participants?|"
    r"ateliers?|entreprises?|structures?|salariés?|etp|x\b|fois|pages?|sessions?)",
    re.IGNORECASE,
)


def is_year(amount: Amount) -> bool:
    return not amount.has_currency and amount.value == int(amount.value) and 1990 <= amount.value <= 2100


def money_amounts(text: str) -> list[Amount]:
    """Amounts in running text that are money: a currency is written (or the number stands alone)."""
    result = []
    for a in find_amounts(text):
        if not a.has_currency:
            continue
        result.append(a)
    return result


def parse_amount(cell: object, bare_ok: bool = True, year_ok: bool = False) -> float | None:
    """The amount a table cell or short string holds, or None.

    A cell qualifies when an amount is its main content: one amount, possibly a currency,
    "HT"/"TTC" and brackets around it. A bare number is taken when bare_ok (a money column);
    bare year-like numbers (1990–2100) only when year_ok (a column known to hold money).
    """
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    text = str(cell).strip()
    if not text:
        return None
    amounts = find_amounts(text)
    if len(amounts) != 1:
        return None
    a = amounts[0]
    rest = (text[: a.start] + text[a.end :]).strip()
    rest = re.sub(r"(?i)[()€:=~≈.\s]|\b(?:ht|ttc|eur|euros?|env(?:iron)?\.?|montant|soit)\b", "", rest)
    if rest and rest not in {"-", "+"}:
        return None
    if _NOT_MONEY_AFTER.match(text[a.end :]):
        return None
    if not a.has_currency and (not bare_ok or (is_year(a) and not year_ok)):
        return None
    return a.value


def trailing_amount(line: str) -> tuple[str, float] | None:
    """Split "Label ....... 12 500 €" into (label, amount) when the line ends with an amount."""
    text = line.rstrip(" .:;\t")
    amounts = find_amounts(text)
    if not amounts:
        return None
    last = amounts[-1]
    tail = text[last.end :].strip()
    if tail and not re.fullmatch(r"(?i)[()€\s]*(?:ht|ttc)?[()\s]*", tail):
        return None
    if not last.has_currency and is_year(last):
        return None
    label = text[: last.start].rstrip(" \t.:=–—-…(")
    if not re.search(r"[A-Za-zÀ-ÿ]", label):
        return None
    return label.strip(), last.value
