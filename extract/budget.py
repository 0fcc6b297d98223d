"""The budget a document states (expense lines, resources, totals) and the dossier's figures."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .amounts import find_amounts
from .budget_rows import Row, header_mode, line_rows, split_side_by_side, table_rows
from .categories import classify_expense, is_anact, is_cofinancing, mentions, nature_of
from .layout import in_sections, items_of, sections_of
from .textutil import excerpt, fold
from .types import Block, Budget, BudgetLine, Document, Resource, Source

CATEGORIES = ("personnel", "deplacements_logistique", "prestations", "autres")
_OTHER_FUNDERS = ("region*", "departement*", "etat", "europe*", "fse", "feder", "bpi*", "fondation*", "ville",
                  "metropole", "commune*", "caisse*", "carsat", "opco*", "ademe", "anr", "ministere*", "mecen*")


@dataclass
class DocumentBudget:
    lines: list[BudgetLine] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    expense_total: float | None = None
    resource_total: float | None = None
    source: Source | None = None

    @property
    def readable(self) -> bool:
        return bool(self.lines) or self.expense_total is not None


def _is_total(folded_label: str, call) -> bool:
    for phrase in call.total_words:
        stem = phrase.rstrip("*").strip()
        if folded_label == stem or folded_label.startswith(stem + (" " if not phrase.endswith("*") else "")):
            return True
    return bool(re.match(r"^(?:sous )?total", folded_label))


def read_budget(document: Document, call) -> DocumentBudget:
    """The budget one document states (empty when it states none)."""
    result = DocumentBudget()
    if document.status != "ok":
        return result
    sections = sections_of(document, call)
    budget_sections = in_sections(sections, call.budget_sections)
    groups = []
    for table in document.tables:
        for rows in split_side_by_side(table, call):
            found, header = table_rows(rows, table.page, call)
            if found:
                groups.append((found, header))
    if not any(_has_expense(rows, header, call) for rows, header in groups):
        groups += line_rows(document, call, budget_sections)
    per_group: list[list[BudgetLine]] = []
    expense_totals: list[float] = []
    for rows, header in groups:
        lines = _read_rows(rows, header, document, call, result, expense_totals)
        if lines:
            per_group.append(lines)
    stated = expense_totals[0] if expense_totals else None
    result.lines = _reconcile(per_group, stated)
    for other in expense_totals[1:]:
        # "TOTAL DES CHARGES" then, after the contributions in kind (86), "TOTAL GÉNÉRAL": the
        # lines add up to one of the stated totals.
        if stated is not None and not _adds_up(result.lines, stated) and other != stated:
            lines = _reconcile(per_group, other)
            if _adds_up(lines, other):
                result.lines, stated = lines, other
                break
    result.expense_total = stated if stated is not None or result.lines else _prose_total(document)
    result.resources = _drop_resource_subtotals(_dedupe(result.resources), result.resource_total)
    if not any(r.kind == "anact" for r in result.resources) or not result.resources:
        result.resources += _prose_resources(document, call, budget_sections, result.resources)
    if result.lines:
        first = result.lines[0].source
        result.source = Source(document.name, first.page, first.excerpt)
    return result


def _reconcile(per_group: list[list[BudgetLine]], stated: float | None) -> list[BudgetLine]:
    """The expense lines, without a summary table repeating a detailed one, nor group subtotals."""
    all_lines = [line for lines in per_group for line in lines]
    if stated is None or _adds_up(all_lines, stated):
        return all_lines
    for lines in per_group:
        if _adds_up(lines, stated):
            return lines  # a summary and a detail of the same budget: keep the one that adds up
    without = _drop_subtotals(all_lines)
    if _adds_up(without, stated):
        return without
    return all_lines


def _adds_up(lines: list[BudgetLine], stated: float) -> bool:
    return abs(sum(line.amount_eur for line in lines) - stated) <= 1.0


# "64 - Charges de personnel": an account class of the French chart of accounts heads a group.
_ACCOUNT = re.compile(r"^\s*\d{2,3}\s*[-–—.:]\s*\D")


def _subtotal_end(rows: list, i: int) -> int | None:
    """The last of the rows right below rows[i] whose amounts add up to its amount (two rows or
    more, or one under an account-numbered label such as "74 - Subventions"), or None."""
    head, running = rows[i], 0.0
    for j in range(i + 1, len(rows)):
        running += rows[j].amount_eur
        if (j - i >= 2 or _ACCOUNT.match(head.label)) and abs(running - head.amount_eur) <= 1.0:
            return j
        if running > head.amount_eur + 1.0:
            return None
    return None


def _drop_subtotals(lines: list[BudgetLine]) -> list[BudgetLine]:
    """A line equal to the sum of the two or more lines right below it is their group's subtotal:
    it is dropped, and lines of its group that fit no category take the group's."""
    kept: list[BudgetLine] = []
    group_end = -1
    group_category = None
    for i, line in enumerate(lines):
        end = _subtotal_end(lines, i)
        if end is not None:
            group_end, group_category = end, line.category
            continue
        if i <= group_end and line.category == "autres" and group_category:
            line = BudgetLine(line.label, line.amount_eur, group_category, line.source)
        kept.append(line)
    return kept


def _drop_resource_subtotals(resources: list[Resource], stated: float | None) -> list[Resource]:
    """"74 - Subventions d'exploitation" above its Région, Département… rows: a group subtotal."""
    if stated is not None and abs(sum(r.amount_eur for r in resources) - stated) <= 1.0:
        return resources
    return [resource for i, resource in enumerate(resources) if _subtotal_end(resources, i) is None]


def _has_expense(rows: list[Row], header: str, call) -> bool:
    if header_mode(fold(header), call) == "resources":
        return False
    return any(r.amount is not None and not is_anact(r.label, call) and not is_cofinancing(r.label, call)
               and not _is_total(fold(r.label), call) for r in rows)


def _read_rows(rows, header, document, call, result: DocumentBudget, expense_totals: list[float]) -> list[BudgetLine]:
    mode = header_mode(fold(header), call)
    after_total = False
    group = ""
    lines: list[BudgetLine] = []
    for row in rows:
        folded = fold(row.label)
        if not folded and row.amount is None:
            continue
        if _is_total(folded, call):
            if row.amount is not None:
                if mode == "resources" or (mode is None and mentions(folded, call.resource_headers)):
                    result.resource_total = row.amount
                elif not folded.startswith("sous"):
                    expense_totals.append(row.amount)
                    after_total = True
                    mode = None
            continue
        if row.amount is not None and folded.startswith(("dont ", "soit ", "y compris ")):
            continue  # "dont cotisations…": a detail of the row above, already counted in it
        if row.amount is not None and mentions(folded, call.skip_words) and len(folded.split()) <= 6:
            continue  # VAT on top of a net budget: neither an expense nor a resource
        if row.amount is None:
            switched = header_mode(folded, call)
            if switched and len(folded.split()) <= 6:
                mode = switched
            if len(folded.split()) <= 8:
                group = row.label
            continue
        text = f"{row.label} {row.extra}"
        source = Source(document.name, row.page, excerpt(f"{row.label} : {_fmt(row.amount)}"))
        anact = is_anact(text, call)
        resource_like = anact or (is_cofinancing(text, call) and not _expense_wording(row.label, call)
                                  and not mentions(folded, call.expense_headers))
        if mode == "resources" or (mode != "expenses" and resource_like) or (after_total and resource_like) \
                or (mode == "expenses" and anact and not _expense_wording(row.label, call)):
            kind = "anact" if anact else "cofinancement"
            nature = None if kind == "anact" else nature_of([row.extra, row.label, group], call)
            result.resources.append(Resource(label=row.label, amount_eur=row.amount, kind=kind, nature=nature,
                                             source=source))
            continue
        category = classify_expense(row.label, call, context=f"{row.extra} {group}")
        lines.append(BudgetLine(label=row.label, amount_eur=row.amount, category=category, source=source))
    return lines


def _expense_wording(label: str, call) -> bool:
    folded = fold(label)
    return any(mentions(folded, phrases) for category, phrases in call.categories if category != "autres") and not (
        mentions(folded, _FUNDER_NAMES)
    )


# Wordings that name a funder even when an expense word appears in them ("Conseil régional").
_FUNDER_NAMES = ("autofinancement*", "subvention*", "cofinancement*", "co financement*", "fonds propres",
                 "conseil regional", "conseil departemental", "conseil general", "region*", "departement*",
                 "fondation*", "mecenat*", "mecene*", "anact", "fabrique cto")


def _dedupe(resources: list[Resource]) -> list[Resource]:
    """The same resource row stated twice in one document (a summary and an annex) counts once."""
    seen = set()
    kept = []
    for resource in resources:
        key = (fold(resource.label), resource.amount_eur, resource.kind)
        if key not in seen:
            seen.add(key)
            kept.append(resource)
    return kept


_SENTENCE = re.compile(r"(?<=[.;!?])\s+")
_REQUEST = re.compile(r"(?<![a-z])(?:sollicit|demand|requete|souhait)[a-z]*")
_FUNDING = re.compile(r"(?<![a-z])(?:financement|subvention|aide|soutien|participation|contribution|montant|somme)")


def _prose_resources(document: Document, call, budget_sections, known: list[Resource]) -> list[Resource]:
    """Resources stated in sentences ("nous sollicitons 40 000 € auprès de l'Anact")."""
    resources: list[Resource] = []
    has_anact = any(r.kind == "anact" for r in known)
    budget_orders = {item.order for s in budget_sections for item in s.items}
    for item in items_of(document):
        if not isinstance(item, Block) or item.heading_level is not None:
            continue
        for sentence in _SENTENCE.split(item.text):
            amounts = [a for a in find_amounts(sentence) if a.has_currency]
            if len(amounts) != 1:
                continue
            folded = fold(sentence)
            if re.search(r"(?<![a-z])(?:plafond|maximum|maximal|au plus|jusqu a|total|budget global|cout global)(?![a-z])",
                         folded):
                continue
            source = Source(document.name, item.page, excerpt(sentence))
            names_other = mentions(folded, _OTHER_FUNDERS) or mentions(folded, ("autofinancement*", "fonds propres"))
            if not has_anact and (is_anact(sentence, call) and _FUNDING.search(folded)
                                  or (_REQUEST.search(folded) and _FUNDING.search(folded) and not names_other)):
                resources.append(Resource(excerpt(sentence, 80), amounts[0].value, "anact", None, source))
                has_anact = True
            elif (item.order in budget_orders or mentions(folded, ("cofinancement*", "co financement*",
                                                                   "autofinancement*", "fonds propres")))\
                    and names_other and not is_anact(sentence, call) and not known:
                resources.append(Resource(excerpt(sentence, 80), amounts[0].value, "cofinancement",
                                          nature_of([sentence], call), source))
    return resources


_PROSE_TOTAL = re.compile(r"(?<![a-z])(?:cout|budget|montant) (?:total|global)(?: previsionnel)?(?: du projet)?(?![a-z])")


def _prose_total(document: Document) -> float | None:
    """"Coût total du projet : 60 000 €" stated without a table of expenses."""
    for item in items_of(document):
        if not isinstance(item, Block) or item.heading_level is not None or len(item.text) > 300:
            continue
        for sentence in _SENTENCE.split(item.text):
            amounts = [a for a in find_amounts(sentence) if a.has_currency]
            if len(amounts) == 1 and _PROSE_TOTAL.search(fold(sentence)):
                return amounts[0].value
    return None


def _fmt(amount: float) -> str:
    text = f"{amount:,.2f}".replace(",", " ").replace(".00", "")
    return text.replace(".", ",") + " €"


def dossier_budget(budgets: list[DocumentBudget]) -> Budget:
    """The figures of the latest document that holds a readable budget."""
    chosen = next((b for b in reversed(budgets) if b.readable), None)
    if chosen is None:
        with_resources = next((b for b in reversed(budgets) if b.resources), None)
        if with_resources is None:
            return Budget(by_category={c: None for c in CATEGORIES})
        chosen = DocumentBudget(resources=with_resources.resources, resource_total=with_resources.resource_total)
    elif not chosen.resources:
        # A table of expenses sent alone keeps the resources stated earlier.
        position = budgets.index(chosen)
        earlier = next((b for b in reversed(budgets[:position]) if b.resources), None)
        if earlier is not None:
            chosen = DocumentBudget(lines=chosen.lines, resources=earlier.resources, expense_total=chosen.expense_total,
                                    resource_total=earlier.resource_total, source=chosen.source)
    lines = tuple(chosen.lines)
    resources = tuple(chosen.resources)
    by_category: dict[str, float | None] = {c: None for c in CATEGORIES}
    for line in lines:
        by_category[line.category] = (by_category[line.category] or 0.0) + line.amount_eur
    total = round(sum(line.amount_eur for line in lines), 2) if lines else chosen.expense_total
    if total is None and chosen.resource_total is not None:
        total = chosen.resource_total
    anact_values = [r.amount_eur for r in resources if r.kind == "anact"]
    anact = round(sum(anact_values), 2) if anact_values else None
    cofinancing_values = [r.amount_eur for r in resources if r.kind == "cofinancement"]
    cofinancing = round(sum(cofinancing_values), 2) if cofinancing_values else None
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
        by_category={k: (round(v, 2) if v is not None else None) for k, v in by_category.items()},
        stated_total_eur=chosen.expense_total,
        source=chosen.source,
    )
