"""The budget a proposal states: expense lines by category, resources, totals; then the dossier's figures.

Each document's rows (tables, text lines, sentences: extract/budget_rows.py, extract/budget_prose.py)
are read group by group: which rows are expenses, which are resources (the Anact request,
co-financing), which are totals, subtotals or group headings. A total is never added to its own
lines: a row equal to the sum of the rows it heads (or closes) is their subtotal. Among the readings
of one document, the one that balances (its lines add up to the total it states) and says the most
is kept; a summary and its detail are never added together. The dossier's figures are those of the
latest readable budget, the Anact request and co-financing read from the resources side.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .amounts import find_amounts
from .budget_prose import prose_groups, share_rows
from .budget_rows import Row, RowGroup, continued, header_mode, line_groups, table_groups
from .categories import classify_expense_evidence, is_anact, is_cofinancing, mentions, nature_of
from .layout import in_sections, items_of, sections_of
from .textutil import any_phrase, excerpt, fold
from .types import Block, Budget, BudgetLine, Document, Resource, Source, Table

CATEGORIES = ("personnel", "deplacements_logistique", "prestations", "autres")
_TOLERANCE = 1.0  # euros: rounding in the applicant's own sums
# "64 - Charges de personnel": an account class of the French chart of accounts heads a group.
_ACCOUNT = re.compile(r"^\s*\d{2,3}\s*[-–—.:]\s*\D")
_IN_KIND = re.compile(r"^\s*8[67]\d*\s*[-–—.:]\s*\D")  # "86 – Emplois des contributions volontaires en nature"
_RATIO = re.compile(r"(?<![a-z])(?:taux|pourcentage|part|ratio|quote part|%)(?![a-z])")


@dataclass
class Reading:
    """What one group of rows states."""

    lines: list[BudgetLine] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    expense_totals: list[float] = field(default_factory=list)
    resource_total: float | None = None
    order: int = 0
    # the same rows read without taking rows for subtotals: used when only they add up to the
    # stated total (a coincidence of sums is not a subtotal)
    raw_lines: list[BudgetLine] | None = None
    raw_resources: list[Resource] | None = None


@dataclass
class DocumentBudget:
    lines: list[BudgetLine] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    expense_total: float | None = None  # the project's cost as this document states it
    resource_total: float | None = None
    stated_total: float | None = None  # the document's own total row, when it has one
    source: Source | None = None
    ocr: bool = False

    @property
    def readable(self) -> bool:
        return bool(self.lines) or self.expense_total is not None


def _close(a: float, b: float | None) -> bool:
    return b is not None and abs(a - b) <= _TOLERANCE


def _sum(values) -> float:
    return round(sum(values), 2)


# --- one group of rows -----------------------------------------------------------------------

def _is_total(folded: str, call) -> bool:
    for phrase in call.total_words:
        stem = phrase.rstrip("*").strip()
        if folded == stem or folded.startswith(stem + (" " if not phrase.endswith("*") else "")):
            return True
    return bool(re.match(r"^(?:sous )?total", folded))


def _is_ratio(row: Row) -> bool:
    folded = fold(row.label)
    return bool(_RATIO.search(folded)) and (row.amount is None or row.amount <= 100) and not row.hint


def _subtotal_end(amounts: list[float | None], i: int, account: bool, blank: list[bool] | None = None) -> int | None:
    """The last row right below row i whose amounts add up to row i's (two rows or more, or one
    under an account-numbered label such as "74 - Subventions"), or None. Rows marked `blank`
    (a form's empty lines: "Publicité, publication |  ") are passed over; any other row without
    an amount (a heading, a total, the other side's row) ends the search."""
    head, running, counted = amounts[i], 0.0, 0
    if head is None:
        return None
    for j in range(i + 1, len(amounts)):
        if amounts[j] is None:
            if blank and blank[j]:
                continue
            return None
        running += amounts[j]
        counted += 1
        if (counted >= 2 or account) and abs(running - head) <= _TOLERANCE:
            return j
        if running > head + _TOLERANCE:
            return None
    return None


def _blanks(rows: list[Row], call) -> list[bool]:
    """Rows a form leaves empty: no amount, not a heading of its own (no account number, not a total)."""
    return [r.amount is None and not _ACCOUNT.match(r.label) and not _is_total(fold(r.label), call) for r in rows]


def _subtotal_above(amounts: list[float | None], i: int) -> bool:
    """Row i closes the two rows or more right above it (an unlabelled subtotal)."""
    running = 0.0
    for j in range(i - 1, -1, -1):
        if amounts[j] is None:
            return False
        running += amounts[j]
        if i - j >= 2 and abs(running - amounts[i]) <= _TOLERANCE:
            return True
        if running > amounts[i] + _TOLERANCE:
            return False
    return False


def _resource_like(row: Row, call) -> bool:
    text = f"{row.label} {row.extra}"
    if is_anact(text, call):
        return True
    return is_cofinancing(text, call) and not _expense_wording(row.label, call) \
        and not mentions(fold(row.label), call.expense_headers)


def _expense_wording(label: str, call) -> bool:
    """The label names an expense of an eligible kind. Its head decides: "OPCO (prise en charge
    des formations)" names a funder, whatever its explanation says."""
    head = _HEAD.split(label, maxsplit=1)[0]
    head = head if len(head.strip()) >= 2 else label
    category, evidence = classify_expense_evidence(head, call)
    return evidence is not None and category != "autres" and not mentions(fold(head), _FUNDER_NAMES)


_HEAD = re.compile(r"\s*\(|\s+[–—-]\s+|\s*:\s*")


# Wordings that name a funder even when an expense word appears in them ("Conseil régional").
_FUNDER_NAMES = ("autofinancement*", "subvention*", "cofinancement*", "co financement*", "fonds propres",
                 "conseil regional", "conseil departemental", "conseil general", "region*", "departement*",
                 "fondation*", "mecenat*", "mecene*", "anact", "fabrique cto", "valorisation*")


def _financing_table(rows: list[Row], call) -> bool:
    """A table naming the Anact among rows that are no expenses is a financing plan, whatever its
    header says ("Origine", "Qui finance ?"): its other rows are funders."""
    amounts = [r for r in rows if r.amount is not None and not _is_total(fold(r.label), call)]
    return any(is_anact(f"{r.label} {r.extra}", call) for r in amounts) and not any(
        _expense_wording(r.label, call) for r in amounts)


def read_group(group: RowGroup, document: Document, call) -> Reading:
    """Sort one group's rows into expense lines, resources and totals."""
    reading = Reading(order=group.order)
    mode = header_mode(group.header, call)
    rows = [r for r in group.rows if not _is_ratio(r)]
    if mode is None and group.origin == "table" and _financing_table(rows, call):
        mode = "resources"
    sides: list[str | None] = []  # per row: "expense", "resource", or None (total, heading, skipped)
    seen_resource = False
    after_total = False
    for row in rows:
        folded = fold(row.label)
        side = None
        if mode == "in_kind" or _IN_KIND.match(row.label) or mentions(folded, call.in_kind_headers):
            # contributions in kind (accounts 86/87 of the association form) stand beside the
            # budget, below its totals: neither expenses nor co-financing, nor its total
            mode = "in_kind"
        elif row.hint == "total" or (row.hint is None and _is_total(folded, call)):
            if row.amount is not None:
                if mode == "resources" or (mode is None and (seen_resource or mentions(folded, call.resource_headers))):
                    reading.resource_total = row.amount
                elif not folded.startswith("sous"):
                    reading.expense_totals.append(row.amount)
                    after_total, mode = True, None
        elif row.amount is None:
            switched = header_mode(row.label, call)
            if switched and len(folded.split()) <= 6:
                mode = switched
        elif row.hint in ("anact", "balance", "resource"):
            side = "resource"
        elif row.hint == "expense":
            side = "expense"
        elif folded.startswith(("dont ", "soit ", "y compris ")) and not (
                after_total and mode is None and (is_anact(row.label, call) or is_cofinancing(row.label, call))):
            # "dont cotisations…": a detail of the row above, already counted in it (below the
            # expenses' total, "dont subvention Anact demandée" says who pays it: a resource)
            pass
        elif mentions(folded, call.skip_words) and len(folded.split()) <= 6:
            pass  # VAT on top of a net budget: neither an expense nor a resource
        elif mode == "resources" or (mode != "expenses" and _resource_like(row, call)) \
                or (after_total and mode is None and (is_anact(f"{row.label} {row.extra}", call)
                                                      or is_cofinancing(f"{row.label} {row.extra}", call))):
            # after the expenses' total, what names a funder or a kind of co-financing anywhere in
            # its row is a resource ("Mise à disposition de salariés (valorisation)")
            side = "resource"
        elif mode == "expenses" and is_anact(f"{row.label} {row.extra}", call) and not _expense_wording(row.label, call):
            side = "resource"
        elif not (group.origin == "prose" and row.hint is None):
            side = "expense"
        seen_resource = seen_resource or side == "resource"
        sides.append(side)
    reading.lines, safe = _expense_lines(rows, sides, document, call, subtotals=True)
    raw, _ = _expense_lines(rows, sides, document, call, subtotals=False)
    if raw != reading.lines:
        reading.raw_lines = raw
        if not safe:  # only the arithmetic says they are subtotals: the stated total must confirm it
            reading.lines, reading.raw_lines = raw, reading.lines
    reading.resources, safe = _resources(rows, sides, document, call, subtotals=True)
    raw, _ = _resources(rows, sides, document, call, subtotals=False)
    if raw != reading.resources:
        reading.raw_resources = raw
        if not safe:
            reading.resources, reading.raw_resources = raw, reading.resources
    return reading


_GROUP_WORDS = ("subvention*", "cofinancement*", "co financement*", "financement*", "produits", "ressources",
                "contributions", "apports", "autres produits", "recettes", "aides", "fonds")


def _heading_like(label: str, call, expense: bool) -> bool:
    """A label that names a group of rows rather than one of them ("Personnel", "74 – Subventions")."""
    if _ACCOUNT.match(label):
        return True
    folded = fold(label)
    if not folded or len(folded.split()) > 5 or re.search(r"\d", folded):
        return False
    if expense:
        return classify_expense_evidence(label, call)[1] is not None
    return mentions(folded, _GROUP_WORDS) and not is_anact(label, call)


def _source(document: Document, row: Row) -> Source:
    amount = f"{row.amount:,.2f}".replace(",", " ").replace(".00", "").replace(".", ",")
    return Source(document.name, row.page, row.quote or excerpt(f"{row.label} : {amount} €"))


def _expense_lines(rows: list[Row], sides: list, document: Document, call,
                   subtotals: bool) -> tuple[list[BudgetLine], bool]:
    """Expense rows with their category: the group heading's when it names one (an account class
    of the chart of accounts only when the line's own words name none), else the line's own.
    With `subtotals`, rows that add up the rows below (or above) them are taken for subtotals;
    the flag says whether each of those reads as a heading (else only arithmetic says so)."""
    lines: list[BudgetLine] = []
    safe = True
    amounts = [r.amount if s == "expense" else None for r, s in zip(rows, sides)]
    blank = _blanks(rows, call)
    heading: tuple[str, str | None, bool] = ("autres", None, False)  # (category, evidence, account heading)
    group_end = -1
    # a table whose groups open on their subtotal ("Dépenses de personnel 46 000 €" above its two
    # lines): a group of a single line is one too ("Frais de déplacement 6 500 €" above its one line)
    # (asked only of a heading-like row that closes no group of two lines or more: most tables never ask)
    grouped = functools.cache(lambda: any(_subtotal_end(amounts, i, False, blank) is not None
                                          and _heading_like(r.label, call, True)
                                          for i, r in enumerate(rows) if amounts[i] is not None))
    for i, (row, side) in enumerate(zip(rows, sides)):
        if row.amount is None and side is None and len(fold(row.label).split()) <= 10:
            account = bool(_ACCOUNT.match(row.label))
            if heading[2] and i <= group_end and not account:
                continue  # an empty line of a form, under an account class ("Publicité, publication |  ")
            category, evidence = classify_expense_evidence(row.label, call)
            heading, group_end = (category, evidence, account), len(rows)
            continue
        if side != "expense":
            continue
        account = bool(_ACCOUNT.match(row.label))
        end = _subtotal_end(amounts, i, account, blank) if subtotals else None
        if end is None and subtotals and not account and _heading_like(row.label, call, True) and grouped():
            end = _subtotal_end(amounts, i, True, blank)
        if end is not None:  # a group's subtotal heading its lines
            category, evidence = classify_expense_evidence(row.label, call)
            heading, group_end = (category, evidence, account), end
            safe = safe and _heading_like(row.label, call, expense=True)
            continue
        if subtotals and _subtotal_above(amounts, i) and not row.hint:
            amounts[i] = None
            safe = False
            continue
        own = classify_expense_evidence(row.label, call)
        if own[1] is None:
            own = classify_expense_evidence(row.extra, call)
        category, evidence = own
        if i <= group_end and heading[1] is not None and (not heading[2] or own[1] is None) \
                and not (own[1] or "").startswith("compte "):  # the line's own account number decides
            category, evidence = heading[0], heading[1]
        lines.append(BudgetLine(label=row.label, amount_eur=row.amount, category=category,
                                source=_source(document, row), evidence=evidence))
    return lines, safe


def _resources(rows: list[Row], sides: list, document: Document, call,
               subtotals: bool) -> tuple[list[Resource], bool]:
    amounts = [r.amount if s == "resource" else None for r, s in zip(rows, sides)]
    blank = _blanks(rows, call)
    group = ""
    resources: list[Resource] = []
    safe = True
    for i, (row, side) in enumerate(zip(rows, sides)):
        if row.amount is None and side is None:
            group = row.label
            continue
        if side != "resource":
            continue
        if subtotals and _subtotal_end(amounts, i, bool(_ACCOUNT.match(row.label)) or row.hint == "balance",
                                       blank) is not None:
            # "74 - Subventions d'exploitation" above the Région, Département… rows
            safe = safe and (row.hint == "balance" or _heading_like(row.label, call, expense=False))
            continue
        anact = row.hint == "anact" or (row.hint != "balance" and is_anact(f"{row.label} {row.extra}", call))
        kind = "anact" if anact else "cofinancement"
        nature = None if anact else nature_of([row.extra, row.label, group], call)
        resources.append(Resource(label=_resource_label(row, call), amount_eur=row.amount, kind=kind, nature=nature,
                                  source=_source(document, row)))
    return resources, safe


def _resource_label(row: Row, call) -> str:
    """The funder as staff read it: "Cofinancement | Autofinancement Kairos" is "Autofinancement
    Kairos", the first cell only saying what kind of resource the row is."""
    extra = row.extra.strip()
    if extra[:1].isupper() and len(fold(row.label).split()) <= 2 and not _STATUS.match(fold(extra)) \
            and mentions(fold(row.label), _GROUP_WORDS + ("autre*", "type*")):
        return extra
    return row.label


_STATUS = re.compile(r"(?:sollicit|obtenu|acquis|en cours|accord|confirm|prevu|envisag|demand|attente|notifi)")


# --- one document ------------------------------------------------------------------------------

def _groups(document: Document, call) -> list[RowGroup]:
    sections = sections_of(document, call)
    by_order: dict[int, str] = {}
    for section in in_sections(sections, call.budget_sections):
        for item in section.items:
            by_order.setdefault(item.order, "budget")
    for section in in_sections(sections, call.partner_sections):
        for item in section.items:
            by_order.setdefault(item.order, "partners")
    title = next((b for b in document.blocks if b.kind == "title"), None)
    if title is not None and any_phrase(fold(title.text), call.budget_sections):
        # a budget annex ("Budget prévisionnel – projet X" as its title): its lines are the budget's
        for block in document.blocks:
            by_order.setdefault(block.order, "budget")
    groups: list[RowGroup] = []
    previous = None
    for item in items_of(document):
        if isinstance(item, Table):
            item = continued(item, previous, call)
            heading = _category_heading(previous, call)
            for group in table_groups(item, call):
                if heading is not None:  # "Achats de prestations" on its line, its rows in the table below
                    group.rows.insert(0, Row(label=heading.text, extra="", amount=None, page=heading.page,
                                             quote=excerpt(heading.text)))
                groups.append(group)
        previous = item
    groups += line_groups(document, call, by_order)
    text_orders = {order for g in groups if g.origin == "lines" for order in g.notes.get("orders", ())}
    groups += [g for g in prose_groups(document, call, by_order) if g.order not in text_orders]
    return sorted(groups, key=lambda g: g.order)


def _category_heading(item, call) -> Block | None:
    """A short line right above a table naming a kind of expense ("Achats de prestations"): the
    heading of the table's rows, whose own words may name none ("Conception d'un jeu de cartes")."""
    if not isinstance(item, Block) or len(item.text.split()) > 6 or find_amounts(item.text) \
            or _is_total(fold(item.text), call):
        return None
    category, evidence = classify_expense_evidence(item.text, call)
    return item if evidence is not None and category != "autres" else None


def read_budget(document: Document, call) -> DocumentBudget:
    """The budget one document states (empty when it states none)."""
    result = DocumentBudget(ocr=document.ocr)
    if document.status != "ok":
        return result
    readings = [read_group(g, document, call) for g in _groups(document, call)]
    totals = [t for r in readings for t in r.expense_totals]
    result.lines, stated = _choose_lines(readings, totals)
    lines_sum = _sum(l.amount_eur for l in result.lines) if result.lines else None
    resources, result.resource_total = _choose_resources(readings, stated if stated is not None else lines_sum)
    result.stated_total = stated
    result.expense_total = _total(stated, lines_sum, result.resource_total, resources)
    if not resources and result.expense_total:
        resources = _from_shares(share_rows(document, call), result.expense_total, document, call)
    result.resources = resources
    if result.lines:
        first = result.lines[0].source
        result.source = Source(document.name, first.page, first.excerpt)
    return result


def _total(stated: float | None, lines_sum: float | None, resource_total: float | None,
           resources: list[Resource]) -> float | None:
    """The project's cost when the lines and the stated total disagree: the one the financing
    plan confirms; else the stated total when the lines fall short of it (a line not read), the
    lines' sum when they exceed it (the applicant's own addition is wrong; the stated total stays
    beside it for staff)."""
    if stated is None or lines_sum is None or _close(stated, lines_sum):
        return stated if stated is not None else lines_sum
    plan = [t for t in (resource_total, _sum(r.amount_eur for r in resources) if resources else None) if t]
    for candidate in (stated, lines_sum):
        if any(_close(candidate, t) for t in plan):
            return candidate
    return stated if lines_sum < stated else lines_sum


def _from_shares(rows: list[Row], total: float, document: Document, call) -> list[Resource]:
    """Funders given in shares of the total, in euros (rounded to the euro, as a clerk would)."""
    resources = []
    for row in rows:
        amount = round(total * row.amount / 100)
        anact = is_anact(row.label, call)
        resources.append(Resource(label=row.label, amount_eur=float(amount), kind="anact" if anact else "cofinancement",
                                  nature=None if anact else nature_of([row.label], call),
                                  source=Source(document.name, row.page, row.quote)))
    return resources


def _choose_lines(readings: list[Reading], totals: list[float]) -> tuple[list[BudgetLine], float | None]:
    """The expense lines that best state the budget, and its total.

    Candidates: each group's lines, and all of them together (a table split over a page break or
    into a second table). One that adds up to a stated total wins: the one reaching the greatest
    total (a budget in sheets, one per year or per kind of spending, each with its total, and a
    summary of them all: the summary's total is the project's), then the most detailed (a detail
    over its summary); a stated total stands even when no reading of the lines reaches it."""
    candidates = [r.lines for r in readings if r.lines]
    if len(candidates) > 1:
        candidates.append([line for lines in candidates for line in lines])
    alternatives = candidates + [r.raw_lines for r in readings if r.raw_lines]
    balanced = [lines for lines in alternatives if any(_close(_sum(l.amount_eur for l in lines), t) for t in totals)]
    if balanced:
        lines = max(balanced, key=lambda ls: (_sum(l.amount_eur for l in ls), len(ls)))
        total = _sum(l.amount_eur for l in lines)
        return lines, next(t for t in totals if _close(total, t))
    if not candidates:
        return [], (totals[-1] if totals else None)
    lines = max(candidates[:-1] if len(candidates) > 1 else candidates, key=len)
    return lines, (totals[0] if totals else None)


def _choose_resources(readings: list[Reading], total: float | None) -> tuple[list[Resource], float | None]:
    """The resources of the group that best states the financing plan (never two plans added)."""
    for r in readings:
        if r.raw_resources is not None and not _balances(r.resources, r, total) and _balances(r.raw_resources, r, total):
            r.resources, r.raw_resources = r.raw_resources, r.resources
    groups = [r for r in readings if r.resources]
    if not groups:
        return [], None

    def balances(r: Reading) -> bool:
        return _balances(r.resources, r, total)

    def rank(r: Reading):
        return (balances(r), any(x.kind == "cofinancement" for x in r.resources),
                any(x.kind == "anact" for x in r.resources), len(r.resources))

    best = max(groups, key=rank)
    if not balances(best) and len(groups) > 1:
        # A plan cut by a page break into two tables: together they balance, each alone does not.
        # Consecutive groups only, and none of them holding a second Anact request.
        for start in range(len(groups) - 1):
            run = groups[start:start + 2]
            if sum(1 for r in run for x in r.resources if x.kind == "anact") > 1:
                continue
            joined = Reading(resources=[x for r in run for x in r.resources],
                             resource_total=next((r.resource_total for r in reversed(run) if r.resource_total), None))
            if balances(joined):
                best = joined
                break
    resources = list(best.resources)
    if not any(x.kind == "anact" for x in resources):
        other = next((x for r in reversed(groups) for x in r.resources if x.kind == "anact"), None)
        if other is not None:
            resources.insert(0, other)
    return _dedupe(resources), best.resource_total


def _balances(resources: list[Resource], reading: Reading, total: float | None) -> bool:
    stated = _sum(x.amount_eur for x in resources)
    return _close(stated, reading.resource_total) or _close(stated, total)


def _dedupe(resources: list[Resource]) -> list[Resource]:
    """The same resource row stated twice in one plan counts once."""
    seen = set()
    kept = []
    for resource in resources:
        key = (fold(resource.label), resource.amount_eur, resource.kind)
        if key not in seen:
            seen.add(key)
            kept.append(resource)
    return kept


# --- the dossier -------------------------------------------------------------------------------

def dossier_budget(budgets: list[DocumentBudget]) -> Budget:
    """The figures of the latest readable budget (a document read by OCR only when no other
    states one); resources from the latest financing plan."""
    typed = [b for b in budgets if not b.ocr] or budgets
    if not any(b.readable or b.resources for b in typed):
        typed = budgets
    with_lines = [b for b in typed if b.lines]
    chosen = with_lines[-1] if with_lines else next((b for b in reversed(typed) if b.readable), None)
    # The latest financing plan (the Anact request beside its co-financing): neither a later mail
    # restating only the Anact request nor a partner's line naming its own share ("OPCO X :
    # cofinancement de 10 000 €") replaces it; without any, the latest document naming resources.
    funded = next((b for b in reversed(typed) if {"anact", "cofinancement"} <= {r.kind for r in b.resources}), None) \
        or next((b for b in reversed(typed) if any(r.kind == "cofinancement" for r in b.resources)), None) \
        or next((b for b in reversed(typed) if b.resources), None)
    if chosen is None and funded is None:
        return Budget(by_category={c: None for c in CATEGORIES})
    lines = tuple(chosen.lines) if chosen else ()
    resources = tuple(funded.resources) if funded else ()
    by_category: dict[str, float | None] = {c: None for c in CATEGORIES}
    for line in lines:
        by_category[line.category] = _sum([by_category[line.category] or 0.0, line.amount_eur])
    total = chosen.expense_total if chosen and chosen.expense_total is not None else (
        _sum(l.amount_eur for l in lines) if lines else None)
    if total is None and funded is not None:
        total = funded.resource_total
    anact_values = [r.amount_eur for r in resources if r.kind == "anact"]
    anact = _sum(anact_values) if anact_values else None
    cofinancing_values = [r.amount_eur for r in resources if r.kind == "cofinancement"]
    cofinancing = _sum(cofinancing_values) if cofinancing_values else None
    share = None
    if total:
        if cofinancing is not None:
            share = round(cofinancing / total, 4)
        elif anact is not None:
            share = round(max(total - anact, 0.0) / total, 4)
    return Budget(
        lines=lines,
        resources=resources,
        total_eur=total,
        anact_request_eur=anact,
        cofinancing_eur=cofinancing,
        cofinancing_share=share,
        by_category=by_category,
        stated_total_eur=chosen.stated_total if chosen else None,
        source=chosen.source if chosen else None,
    )
