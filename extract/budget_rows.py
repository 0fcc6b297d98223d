"""Budget rows out of tables and text lines: (label, other text, amount), one group at a time.

A group is what one table (or one half of a "charges | produits" table), one run of text lines
ending with amounts, or one paragraph listing "poste : montant; poste : montant" states. Which
rows are expenses, resources, totals or group headings is decided later (extract/budget.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .amounts import Amount, find_amounts, parse_amount, trailing_amount
from .categories import classify_expense_evidence, mentions, opens_with
from .layout import items_of
from .textutil import clean, excerpt, fold, strip_numbering
from .types import Block, Document, Table


@dataclass(frozen=True)
class Row:
    label: str
    extra: str  # the row's other text (a "nature" column, a parenthesis after the amount...)
    amount: float | None
    page: int | None
    quote: str = ""  # what staff are shown as the row's source
    hint: str | None = None  # what a sentence said the amount is: total, anact, balance, resource, expense


@dataclass
class RowGroup:
    rows: list[Row]
    header: str  # the words heading the rows (a table's header row, the line above a run)
    order: int  # the group's position in the document
    origin: str = "table"  # table | lines | prose
    section: str | None = None  # "budget" / "partners" / None: the section the group stands in
    notes: dict = field(default_factory=dict)


def money_cell(cell: str, year_ok: bool = True) -> float | None:
    """The amount of a money-column cell, also when it shows its working ("50 j × 400 € = 20 000 €")."""
    value = parse_amount(cell, year_ok=year_ok)
    if value is not None:
        return value
    amounts = [a for a in find_amounts(cell) if a.has_currency]
    if not amounts:
        return None
    if "=" in cell:
        tail = [a for a in find_amounts(cell.rsplit("=", 1)[1]) if a.has_currency]
        if tail:
            return tail[-1].value
    if re.search(r"[×x*]\s*\d|\d\s*[×x*]", cell):
        return None  # "19 jours × 840 €": the working, its result stands in another column
    return max(a.value for a in amounts)


def header_mode(text: str, call) -> str | None:
    """Which rows follow a header: "resources", "expenses" or None (the whole budget, or unknown)."""
    folded = fold(strip_numbering(text))
    for phrase in call.neutral_headers:
        stem = phrase.rstrip("*").strip()
        if folded == stem or folded.startswith(stem + ("" if phrase.endswith("*") else " ")):
            return None
    if mentions(folded, call.resource_headers):
        # "Ressources humaines", "Charges de personnel": a group of expenses, not the resources
        if len(folded.split()) <= 6 and classify_expense_evidence(text, call)[1] is not None \
                and not mentions(folded, _RESOURCE_GROUPS):
            return "expenses"
        return "resources"
    if mentions(folded, call.expense_headers):
        return "expenses"
    return None


_RESOURCE_GROUPS = ("ressources propres", "fonds propres", "autofinancement*", "financement*", "recette*", "produits")


def _dedupe_cells(row: tuple[str, ...]) -> tuple[str, ...]:
    """A merged cell read as the same text in each column it spans ("Personnel | Personnel"), or
    glued ("PersonnelPersonnel"), is one cell. Figures are left alone: the same amount in two
    columns is two amounts (one partner's share and the total, 2 600 | 2 600; "1010" is 1 010)."""
    cells = list(row)
    for i, cell in enumerate(cells):
        half = len(cell) // 2
        if len(cell) >= 4 and len(cell) % 2 == 0 and cell[:half] == cell[half:] and _has_letter(cell):
            cells[i] = cell[:half]
    for i in range(len(cells) - 1, 0, -1):
        if cells[i] and cells[i] == cells[i - 1] and _has_letter(cells[i]):
            cells[i] = ""
    return tuple(cells)


def _has_letter(text: str) -> bool:
    return re.search(r"[^\W\d_]", text) is not None


def split_side_by_side(rows, call) -> list[tuple[tuple[str, ...], ...]]:
    """A "charges | montant | produits | montant" table is two tables side by side."""
    for row in rows[:2]:
        folded = [fold(c) for c in row]
        expense = [i for i, c in enumerate(folded) if c and len(c.split()) <= 5 and mentions(c, call.expense_headers)]
        resource = [i for i, c in enumerate(folded) if c and len(c.split()) <= 5 and mentions(c, call.resource_headers)]
        if expense and resource and min(expense) < min(resource) and min(resource) > 0:
            cut = min(resource)
            return [tuple(r[:cut] for r in rows), tuple(r[cut:] for r in rows)]
    return [rows]


_YEAR_HEADER = re.compile(r"^(?:annee\s*)?(?:19|20)\d{2}$|^(?:annee|an|exercice)\s*\d$|^n(?:\s*\+\s*\d)?$")


def _header_row(rows, call) -> int:
    """How many leading rows are headers: no amount in them, and (after the first) at least two
    labelled cells — "Poste | Montants en euros" over "Poste | 2022 | 2023 | Total"; a row with one
    label only ("Dépenses de personnel") heads the data, not the columns."""
    count = 0
    for row in rows[:3]:
        labelled = sum(1 for c in row if c.strip())
        if _has_amount(row):
            break
        if count and labelled < 2:
            break
        count += 1
        if labelled >= 2 and not _continues_header(rows, count):
            break
    return count


def _continues_header(rows, count: int) -> bool:
    """The next row heads the columns too: two labelled cells or more and no amount but years."""
    if count >= len(rows) or count >= 3:
        return False
    row = rows[count]
    return sum(1 for c in row if c.strip()) >= 2 and not _has_amount(row)


def _has_amount(row) -> bool:
    """A data row: an amount written with its currency somewhere, or a bare number (not a year) in
    a cell after the first."""
    return any(a.has_currency for c in row for a in find_amounts(c)) or any(
        parse_amount(c) is not None and not _YEAR_HEADER.match(fold(c)) for c in row[1:])


def _merged_header(rows, start: int) -> tuple[str, ...]:
    """The column heads, the last header row's cells completed by the rows above it."""
    if not start:
        return ()
    width = max(len(r) for r in rows[:start])
    heads = []
    for c in range(width):
        cell = next((rows[i][c] for i in range(start - 1, -1, -1) if c < len(rows[i]) and rows[i][c].strip()), "")
        heads.append(cell)
    return tuple(heads)


def _column_roles(header: tuple[str, ...], data, call) -> tuple[list[int], int | None, int | None]:
    """(money columns to take, quantity column, unit-price column) of a table."""
    width = max(len(r) for r in data) if data else 0
    heads = [fold(header[c]) if c < len(header) else "" for c in range(width)]
    counts = [sum(1 for r in data if c < len(r) and money_cell(r[c], year_ok=False) is not None) for c in range(width)]
    quantity = next((c for c, h in enumerate(heads) if h and mentions(h, call.quantity_columns)), None)
    unit = next((c for c, h in enumerate(heads) if h and mentions(h, call.unit_price_columns)), None)
    usable = [c for c in range(width) if counts[c] and (c > 0 or width == 1) and not _ratio_column(data, c)
              and not (heads[c] and mentions(heads[c], call.ignored_columns)
                       and (opens_with(heads[c], call.ignored_columns) or not mentions(heads[c], call.preferred_columns)))]
    usable = [c for c in usable if _holds_money(heads[c], data, c, call)]
    if not usable:
        return [], quantity, unit
    taxed = [c for c in usable if re.search(r"(?<![a-z])(?:ttc|tva)(?![a-z])", heads[c])]
    if taxed and any(re.search(r"(?<![a-z])ht(?![a-z])", heads[c]) for c in usable if c not in taxed):
        # "Montant HT | TVA 20 % | Montant TTC": the net amounts, as the rows' "TOTAL HT / TVA / TTC"
        usable = [c for c in usable if c not in taxed]
    best = max(counts[c] for c in usable)
    usable = [c for c in usable if counts[c] >= max(1, best // 2)]
    totals = [c for c in usable if heads[c].startswith("total") or heads[c] in ("cout total", "montant total")]
    if totals:
        return [totals[-1]], quantity, unit
    years = [c for c in usable if _YEAR_HEADER.match(heads[c])]
    if len(years) >= 2 and len(years) == len(usable):
        return years, quantity, unit  # one column per year and no total column: their sum
    preferred = [c for c in usable if heads[c] and mentions(heads[c], call.preferred_columns)]
    return [(preferred or usable)[-1]], quantity, unit


_MONEY_HEADS = ("eur*", "montant*", "cout*", "budget*", "prix", "ht", "ttc", "k", "depense*", "ressource*",
                "financement*", "charges", "produits", "total*", "somme*", "valeur* financiere*", "amount*", "cost*")


def _holds_money(head: str, data, column: int, call) -> bool:
    """A column of amounts: its header names money (or a year), its cells write a currency, or the
    rows it stands in are budget lines or funders. Bare numbers beside other labels are counts
    (a results table's "Valeur visée : 5, 15, 30"), not euros."""
    if head and (mentions(head, _MONEY_HEADS) or _YEAR_HEADER.match(head) or "€" in head):
        return True
    if any(a.has_currency for r in data if column < len(r) for a in find_amounts(r[column])):
        return True
    labels = [fold(r[0]) for r in data if r and r[0].strip() and column < len(r) and parse_amount(r[column]) is not None]
    budgetary = sum(1 for label in labels if classify_expense_evidence(label, call)[1] is not None
                    or mentions(label, call.cofinancing_wordings) or mentions(label, call.anact_wordings)
                    or mentions(label, call.total_words))
    return bool(labels) and budgetary * 2 >= len(labels)


def _ratio_column(data, column: int) -> bool:
    """A column of shares (0.72, 0.19, 1): every number in it is between 0 and 1."""
    values = [parse_amount(r[column]) for r in data if column < len(r)]
    values = [v for v in values if v is not None]
    return bool(values) and all(0 <= v <= 1 for v in values) and any(v > 0 for v in values)


def continued(table: Table, previous, call) -> Table:
    """A sheet's table that a blank row cut off from the one above it, opening on a kind of
    expense alone ("Prestations externes", then its lines and subtotal): read under that table's
    column headers, so that its heading stays a heading and its columns keep their roles."""
    if not isinstance(previous, Table) or previous.sheet is None or previous.sheet != table.sheet \
            or not table.rows or sum(1 for c in table.rows[0] if c.strip()) != 1 or _has_amount(table.rows[0]) \
            or classify_expense_evidence(next(c for c in table.rows[0] if c.strip()), call)[1] is None:
        return table
    rows = tuple(r for r in previous.rows if any(c.strip() for c in r))
    start = _header_row(rows, None)
    header = rows[:start]
    if not header or sum(1 for c in header[-1] if c.strip()) < 2 or len(header[-1]) != len(table.rows[0]):
        return table
    return replace(table, rows=header + table.rows)


def table_groups(table: Table, call) -> list[RowGroup]:
    rows = tuple(_dedupe_cells(r) for r in table.rows if any(c.strip() for c in r))
    groups = []
    for part in split_side_by_side(rows, call):
        group = _table_group(part, table, call)
        if group is not None:
            groups.append(group)
    return groups


def _table_group(rows, table: Table, call) -> RowGroup | None:
    if not rows:
        return None
    start = _header_row(rows, call)
    header = _merged_header(rows, start)
    data = rows[start:]
    columns, quantity, unit = _column_roles(header, data, call)
    if not columns and (quantity is None or unit is None):
        return None
    heads = " ".join(header[c] for c in columns if c < len(header))
    scale = 1000.0 if re.search(r"(?i)k\s?€|k\s?eur|milliers? d.?euros", heads) else 1.0
    used_columns = set(columns) | {c for c in (quantity, unit) if c is not None}
    result = []
    for row in data:
        cells = list(row) + [""] * (max(columns + [quantity or 0, unit or 0]) + 1 - len(row))
        values = [money_cell(cells[c], year_ok=len(columns) == 1) for c in columns]
        amount = sum(v for v in values if v is not None) if any(v is not None for v in values) else None
        used = set(columns)
        if amount is not None and scale != 1.0 and not any(a.has_currency for c in columns for a in find_amounts(cells[c])):
            amount *= scale  # "Montant (k€)" over bare numbers
        if amount is None and quantity is not None and unit is not None and quantity != unit:
            q, u = parse_amount(cells[quantity]), money_cell(cells[unit])
            if q is not None and u is not None and not any(a.has_currency for a in find_amounts(cells[quantity])):
                amount, used = round(q * u, 2), used_columns
        if amount is None:
            # Ragged rows (text laid out with tabs or spaces): the row's last written amount.
            for i in range(len(cells) - 1, 0, -1):
                if parse_amount(cells[i], bare_ok=False) is not None:
                    amount, used = parse_amount(cells[i]), {i}
                    break
        texts = [c for i, c in enumerate(cells) if i not in used_columns | used and c.strip()
                 and parse_amount(c) is None]
        label = texts[0] if texts else ""
        quote = " | ".join(c for c in row if c.strip())
        result.append(Row(label=label, extra=" ".join(texts[1:]), amount=amount, page=table.page, quote=quote))
    if not any(r.amount is not None for r in result):
        return None
    return RowGroup(rows=result, header=" ".join(c for c in header if c), order=table.order, origin="table")


# --- text lines --------------------------------------------------------------------------------

_COMMENT = re.compile(r"^\s*(?:\((?P<paren>.*)\)|[-–—,;]\s*(?P<dash>.*))\s*[.;]?\s*$")
_SEPARATOR = re.compile(r"\s*(?::|\t|\s[.…_]{3,}|\s[–—=-])\s*(?=\S)")
_FINANCING_TOLD = re.compile(r"\b(?:anact|fonds propres|autofinanc\w*|subvention\w*|cofinanc\w*|co financ\w*|"
                             r"demande\w*|sollicit\w*|apport\w*|financ\w*)\b")
_NOT_BUDGET_LABEL = re.compile(r"(?i)\b(?:t[ée]l|fax|mobile|portable|siret|siren|n°|cp|code postal|bp|date|dur[ée]e|p[ée]riode)\b")


def money_line(text: str) -> tuple[str, float, str, bool] | None:
    """(label, amount, comment, currency written) of one budget line written as text:
    "Label : 12 500 € (dont …)", "Label ..... 12 500 €", "Label – 12 500 € HT", "Label\t12 500"."""
    text = clean(text)
    if not text or len(text) > 600:
        return None
    return _labelled_line(text) or _trailing_line(text)


def _labelled_line(text: str) -> tuple[str, float, str, bool] | None:
    """"Label : 12 500 € (comment)": the first separator followed by an amount with its currency."""
    for m in _SEPARATOR.finditer(text):
        label, rest = text[:m.start()], text[m.end():]
        amounts = find_amounts(rest)
        if 2 <= len(label) <= 100 and amounts and amounts[0].start == 0 and amounts[0].has_currency:
            after = rest[amounts[0].end:]
            if after.strip() and _COMMENT.match(after) is None and not re.match(r"^\s*(?:soit|dont)\b", after):
                return None
            if not after.lstrip().startswith("(") and _FINANCING_TOLD.search(fold(after)) \
                    and any(a.has_currency for a in amounts[1:]):
                return None  # "Coût total : 70 000 €, dont 55 000 € demandés à l'Anact ; …": a sentence
            return _checked(label, amounts[0].value, clean(after).strip("()-–—,; "), True)
    return None


def _trailing_line(text: str) -> tuple[str, float, str, bool] | None:
    split = trailing_amount(text)
    if not split:
        return None
    has_currency = bool(re.search(r"(?i)(?:€|eur)\W*(?:ht|ttc)?\W*$", text))
    return _checked(split[0], split[1], "", has_currency)


def _checked(label: str, amount: float, comment: str, has_currency: bool) -> tuple[str, float, str, bool] | None:
    label = label.strip(" \t.:=–—-…•*·")
    if not re.search(r"[^\W\d_]", label) or len(label.split()) > 16 or re.search(r"[.!?]\s", label):
        return None  # a sentence, not a budget line
    unbracketed = re.sub(r"\([^()]*\)", "", label)  # "Coordinatrice (35 jours x 420 €)": the working
    if any(a.has_currency for a in find_amounts(unbracketed)) or _NOT_BUDGET_LABEL.search(label) \
            or (not has_currency and re.search(r"(?i)\b(?:page|p\.)$", label)):
        return None  # "… AMI Fabrique CTO 2022 page 2": a running footer's page number
    return label, amount, comment, has_currency


_ITEM_SPLIT = re.compile(r"\s*;\s*|\s+[•·▪]\s+")
_COMMA = re.compile(r",\s+")


def _split_items(text: str, pattern: re.Pattern = _ITEM_SPLIT) -> list[str]:
    """Split on ";" and bullets outside brackets (a line's own details stay with it)."""
    pieces, depth, start = [], 0, 0
    for m in re.finditer(r"[()]|" + pattern.pattern, text):
        token = m.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            pieces.append(text[start:m.start()])
            start = m.end()
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


def inline_items(text: str) -> list[tuple[str, float, str]] | None:
    """"Détail des postes : A – 23 jours : 11 500 €; B : 9 490 €" -> [(label, amount, comment)], or None
    when the paragraph is not such a list (two items or more, each a budget line)."""
    pieces = _split_items(text.strip().rstrip("."))
    if len(pieces) < 2 and len(amounts_with_currency(text)) >= 2:
        # "Total – 35 000 €, demande Anact 26 000 €, fonds propres 9 000 €": items set off by commas
        pieces = _split_items(text.strip().rstrip("."), _COMMA)
    if len(pieces) < 2:
        return None
    first = pieces[0]
    if first.count(":") >= 2 or (":" in first and money_line(first) is None):
        pieces[0] = first.split(":", 1)[1]  # the list's own label ("Détail des postes :")
    items = []
    for piece in pieces:
        line = money_line(piece)
        if line is None:
            return None
        items.append(line[:3])
    return items


def line_groups(document: Document, call, sections_by_order: dict[int, str]) -> list[RowGroup]:
    """Runs of text lines ending with an amount, and paragraphs listing items with amounts.

    Outside a budget section a run needs written currencies (phone numbers and dates end lines too)."""
    groups: list[RowGroup] = []
    current: list[Row] = []
    orders: list[int] = []  # the blocks the run is made of
    state = {"currencies": 0, "inside": False, "header": "", "order": 0}

    def close() -> None:
        amounts = sum(1 for r in current if r.amount is not None)
        inside = state["inside"]
        if (amounts >= 2 and (state["currencies"] >= 2 or inside)) or (amounts == 1 and state["currencies"] == 1 and inside):
            groups.append(RowGroup(rows=list(current), header=state["header"], order=state["order"], origin="lines",
                                   section="budget" if inside else None, notes={"orders": set(orders)}))
        current.clear()
        orders.clear()
        state.update(currencies=0, inside=False, header="")

    for item in joined_items(document):
        if isinstance(item, Table):
            close()
            continue
        text = item.text
        section = sections_by_order.get(item.order)
        items = inline_items(text) if ";" in text or "•" in text or ", " in text else None
        if items:
            close()
            rows = [Row(label, "", amount, item.page, excerpt(f"{label} : {amount:,.0f} €".replace(",", " ")))
                    for label, amount, _ in items]
            groups.append(RowGroup(rows=rows, header="", order=item.order, origin="lines",
                                   section=section, notes={"orders": {item.order}}))
            continue
        line = money_line(text) if item.heading_level is None or len(text) < 120 else None
        if line:
            label, amount, comment, has_currency = line
            if not current:
                state["order"] = item.order
                header = state["header"]
                if header and len(header.split()) <= 5 and classify_expense_evidence(header, call)[1] is not None \
                        and not mentions(fold(header), call.ignored_columns):
                    # "Dépenses de personnel :" above the run: the heading of its first lines
                    current.append(Row(label=header.rstrip(" :"), extra="", amount=None, page=item.page,
                                       quote=excerpt(header)))
            current.append(Row(label=label, extra=comment, amount=amount, page=item.page, quote=excerpt(text)))
            orders.append(item.order)
            state["currencies"] += has_currency
            state["inside"] = state["inside"] or section == "budget"
        elif item.heading_level is None and len(text.split()) <= 8 and not text.rstrip().endswith("."):
            if current:
                current.append(Row(label=text, extra="", amount=None, page=item.page, quote=excerpt(text)))
                orders.append(item.order)
            else:
                state["header"] = text
        else:
            close()
            if item.heading_level is not None:
                state["header"] = text
    close()
    return groups


_OPENS_WITH_AMOUNT = re.compile(r"^\s*[-−]?\d[\d \u00a0\u202f.,]*\s?(?:k\s?)?(?:€|eur)", re.IGNORECASE)


def joined_items(document: Document) -> list:
    """The document's items, a line that a PDF cut inside a bracket or a list of amounts joined
    to its end ("… chargé·e d'études – 7 mois : 27 300" + "€)"; "…; OPCO (formations)" +
    "12 600 € ; Fonds propres 6 900 €.")."""
    items: list = []
    for item in items_of(document):
        item = _as_text(item)
        previous = items[-1] if items else None
        if isinstance(item, Block) and isinstance(previous, Block) and item.heading_level is None \
                and previous.heading_level is None and item.kind != "list" \
                and ((previous.text.count("(") > previous.text.count(")")
                      and (len(item.text) <= 40 or item.text[:1].islower() or item.text[:1] in "€)"))
                     or (";" in previous.text and not previous.text.rstrip().endswith((".", ":", "!", "?"))
                         and _OPENS_WITH_AMOUNT.match(item.text))):
            items[-1] = replace(previous, text=f"{previous.text} {item.text}")
            continue
        if isinstance(item, Block) and isinstance(previous, Block) and _figures_only(item.text) \
                and previous.heading_level is None and previous.page == item.page \
                and len(previous.text) <= 120 and trailing_amount(previous.text) is None \
                and not previous.text.rstrip().endswith((".", ":", "!", "?")):
            # a label too long for its cell, its figures wrapped onto the next line:
            # "625100 Frais de mission (transport, hébergement, repas)" + "1 7.250,00 7.250,00"
            items[-1] = replace(previous, text=f"{previous.text} {item.text}")
            continue
        items.append(item)
    return items


_FIGURES = re.compile(r"[\d\s\u00a0\u202f.,()€%-]+")


def _figures_only(text: str) -> bool:
    """A line of figures only (a row's quantity, unit price and amount), two of them at least."""
    return bool(_FIGURES.fullmatch(text.strip())) and len(find_amounts(text)) >= 2


def _as_text(item):
    """A sentence a PDF reader took for a heading by its look (bold, larger): eight words or more
    with an amount or a sentence's punctuation is text."""
    if isinstance(item, Block) and item.heading_level is not None and len(item.text.split()) >= 8 \
            and (any(a.has_currency for a in find_amounts(item.text)) or item.text.rstrip().endswith((".", ",", ";"))
                 or re.search(r"\s(?:par|de|et|à|pour|le|la|les)$", item.text.rstrip())):
        return replace(item, heading_level=None)
    return item


def amounts_with_currency(text: str) -> list[Amount]:
    return [a for a in find_amounts(text) if a.has_currency]


def is_prose(block: Block) -> bool:
    return block.heading_level is None and money_line(block.text) is None
