"""Budget rows out of tables and text lines: (label, other text, amount), one table at a time."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .amounts import find_amounts, parse_amount, trailing_amount
from .categories import mentions
from .layout import Section, items_of
from .textutil import fold
from .types import Document, Table


@dataclass
class Row:
    label: str
    extra: str  # the row's other text cells (a "nature" column...)
    amount: float | None
    page: int | None


def money_cell(cell: str, year_ok: bool = True) -> float | None:
    """The amount of a money-column cell, also when it shows its working ("50 j × 400 € = 20 000 €")."""
    value = parse_amount(cell, year_ok=year_ok)
    if value is not None:
        return value
    amounts = [a for a in find_amounts(cell) if a.has_currency]
    if not amounts:
        return None
    if "=" in cell:
        after = cell.rsplit("=", 1)[1]
        tail = [a for a in find_amounts(after) if a.has_currency]
        if tail:
            return tail[-1].value
    return max(a.value for a in amounts)


def header_mode(folded: str, call) -> str | None:
    """Which rows follow a header: "resources", "expenses" or None (the whole budget, or unknown)."""
    for phrase in call.neutral_headers:
        stem = phrase.rstrip("*").strip()
        if folded == stem or folded.startswith(stem + ("" if phrase.endswith("*") else " ")):
            return None
    if mentions(folded, call.resource_headers):
        return "resources"
    if mentions(folded, call.expense_headers):
        return "expenses"
    return None


def split_side_by_side(table: Table, call) -> list[tuple[tuple[str, ...], ...]]:
    """A "charges | montant | produits | montant" table is two tables side by side."""
    rows = table.rows
    for row in rows[:2]:
        folded = [fold(c) for c in row]
        expense = [i for i, c in enumerate(folded) if c and len(c.split()) <= 5 and mentions(c, call.expense_headers)]
        resource = [i for i, c in enumerate(folded) if c and len(c.split()) <= 5 and mentions(c, call.resource_headers)]
        if expense and resource and min(expense) < min(resource) and min(resource) > 0:
            cut = min(resource)
            left = tuple(r[:cut] for r in rows)
            right = tuple(r[cut:] for r in rows)
            return [left, right]
    return [rows]


def _amount_column(rows, call) -> tuple[int | None, int]:
    """(index of the column holding the amounts to take, index of the first data row)."""
    width = max(len(r) for r in rows)
    header_index = 0
    header: tuple[str, ...] = ()
    for i, row in enumerate(rows[:3]):
        if any(parse_amount(c, bare_ok=False) is not None for c in row) or any(parse_amount(c) is not None for c in row[1:]):
            break
        header = row
        header_index = i + 1
        if sum(1 for c in row if c.strip()) >= 2:
            break
    data = rows[header_index:]
    counts = []
    for col in range(width):
        head = fold(header[col]) if col < len(header) else ""
        if head and mentions(head, call.ignored_columns) and not mentions(head, call.preferred_columns):
            counts.append(0)
            continue
        counts.append(sum(1 for r in data if col < len(r) and money_cell(r[col], year_ok=False) is not None))
    if not data or max(counts, default=0) == 0:
        return None, header_index
    best = max(counts)
    candidates = [c for c in range(width) if counts[c] >= max(1, best // 2) and (c > 0 or width == 1)]
    if not candidates:
        return None, header_index
    preferred = [c for c in candidates if c < len(header) and mentions(fold(header[c]), call.preferred_columns)]
    totals = [c for c in preferred if fold(header[c]).startswith("total")]
    return (totals or preferred or candidates)[-1], header_index


def table_rows(rows, page, call) -> tuple[list[Row], str]:
    """The rows of one table and its header's words ("" when it has no header row)."""
    column, start = _amount_column(rows, call)
    if column is None:
        return [], ""
    header = " ".join(rows[start - 1]) if start else ""
    column_header = rows[start - 1][column] if start and column < len(rows[start - 1]) else ""
    scale = 1000.0 if re.search(r"(?i)k\s?€|k\s?eur|milliers? d.?euros", column_header) else 1.0
    result = []
    for row in rows[start:]:
        cells = list(row) + [""] * (column + 1 - len(row))
        amount = money_cell(cells[column])
        if amount is not None and scale != 1.0 and not any(a.has_currency for a in find_amounts(cells[column])):
            amount *= scale  # "Montant (k€)" over bare numbers
        used = column
        if amount is None:
            # Ragged rows (text laid out with tabs or spaces): take the row's last amount.
            for i in range(len(cells) - 1, 0, -1):
                if parse_amount(cells[i], bare_ok=False) is not None:
                    amount, used = parse_amount(cells[i]), i
                    break
        texts = [c for i, c in enumerate(cells) if i != used and c.strip() and parse_amount(c) is None]
        result.append(Row(label=texts[0] if texts else "", extra=" ".join(texts[1:]), amount=amount, page=page))
    return result, header


def line_rows(document: Document, call, budget_sections: list[Section]) -> list[tuple[list[Row], str]]:
    """Runs of text lines ending with an amount: a budget written as lines.

    Outside a budget section a run needs written currencies (phone numbers and dates end lines too)."""
    in_budget = {item.order for s in budget_sections for item in s.items}
    runs: list[tuple[list[Row], str]] = []
    current: list[Row] = []
    currencies = 0
    inside = False
    header = ""

    def close():
        nonlocal current, header, currencies, inside
        amounts = sum(1 for r in current if r.amount is not None)
        if (amounts >= 2 and (currencies >= 2 or inside)) or (amounts == 1 and currencies == 1 and inside):
            runs.append((current, header))
        current, header, currencies, inside = [], "", 0, False

    for item in items_of(document):
        if isinstance(item, Table):
            close()
            continue
        text = item.text
        split = _money_line(text)
        if split:
            label, amount, has_currency = split
            current.append(Row(label=label, extra="", amount=amount, page=item.page))
            currencies += has_currency
            inside = inside or item.order in in_budget
        elif item.heading_level is None and len(text.split()) <= 6 and not text.endswith("."):
            if current:
                current.append(Row(label=text, extra="", amount=None, page=item.page))
            else:
                header = text
        else:
            close()
            if item.heading_level is not None:
                header = text
    close()
    return runs


_COMMENT = re.compile(r"\s*[(\[][^()\[\]]{0,80}[)\]]\s*$")
_LABELLED = re.compile(r"^(?P<label>[^:\t]{2,90}?)\s*(?::|\t|\s[–—-]\s)\s*(?P<rest>\S.{0,120})$")


def _money_line(text: str) -> tuple[str, float, bool] | None:
    """(label, amount, currency written) of "Label ..... 12 500 €", "Label : 12 500 € (dont …)"."""
    if len(text) >= 200:
        return None
    split = trailing_amount(text)
    if not split:
        # A comment after the amount: "Personnel : 25 000 € (dont 5 000 € de charges)", "Anact : 40 k€ (80 %)".
        m = _LABELLED.match(text.strip())
        if m:
            rest = m.group("rest")
            amounts = [a for a in find_amounts(rest) if a.has_currency]
            if amounts and amounts[0].start == 0 and re.match(r"^\s*(?:$|[(,;]|soit\b)", rest[amounts[0].end:]):
                split = (m.group("label").strip(), amounts[0].value)
    if not split:
        return None
    label, amount = split
    if len(label.split()) > 14 or re.search(r"[.!?]\s", label) or any(a.has_currency for a in find_amounts(label)):
        return None  # a sentence, not a budget line
    if re.search(r"(?i)\b(?:t[ée]l|fax|mobile|portable|siret|siren|n°|cp|code postal|bp)\b", label):
        return None
    tail = text[len(label):]
    has_currency = bool(re.search(r"(?i)€|eur", tail))
    return label, amount, has_currency
