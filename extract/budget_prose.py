"""A budget written in sentences, turned into rows the budget reader can weigh like a table's.

"Le coût total du projet s'élève à 74 190 €, dont 20 990 € de dépenses de personnel et 2 800 €
d'autres dépenses. Nous sollicitons 44 000 € auprès de l'Anact ; le solde, soit 30 190 €, est
apporté par la Métropole (subvention) pour 13 000 € et par un mécène pour 17 190 €."

Each amount is named by the words around it: the phrase it opens ("20 990 € de dépenses de
personnel"), else the one before it ("… pour 13 000 €", "Le coût total s'élève à 74 190 €").
What the phrase names decides the row: the project's total, the Anact request, the co-financing
as a whole, a funder (after "apporté par", "financé par"), or an expense of some category.
Amounts that name nothing the budget knows are left out.
"""
from __future__ import annotations

import re

from .amounts import find_amounts
from .budget_rows import Row, RowGroup, joined_items
from .categories import classify_expense_evidence, is_anact, is_cofinancing, mentions
from .textutil import clean, excerpt, fold
from .types import Block, Document

_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-ZÉÈÀÂÊÎÔÛÇ«])")
# Where the phrase naming an amount stops, on either side.
_BOUNDARY = re.compile(r"\s*(?:[;:,()]|\bdont\b|\bsoit\b|\bet\b|\bainsi que\b)\s*", re.IGNORECASE)
_TAIL_TAX = re.compile(r"^\s*(?:h\.?t\.?|t\.?t\.?c\.?|nets? de taxes?)\b", re.IGNORECASE)
_CONNECTORS = re.compile(
    r"^(?:de|d'|d’|du|des|pour|en|à hauteur de|a hauteur de|soit|dont|et|est de|sont de|s'élève à|s’élève à|"
    r"s'élevant à|s’élevant à|se monte à|atteint|représente|représentant|estimé à|estimée à|évalué à|"
    r"évaluée à|chiffré à|chiffrée à|à|a|:)(?:\s+|$)|(?:^|\s+)(?:de|d'|d’|à|pour|:|à hauteur de|soit)$",
    re.IGNORECASE)
_FUNDED_BY = re.compile(r"(?i)\b(?:apport[ée]e?s? par|financ[ée]e?s? par|co-?financ[ée]e?s? par|pris en charge par|"
                        r"assur[ée]e?s? par|couvert[es]* par|compl[ée]t[ée]e?s? par|abond[ée]e?s? par|"
                        r"provient|proviendra|proviennent|r[ée]parti[es]* (?:comme suit|entre))\b")
_TOTAL = ("cout total*", "couts totaux", "budget total", "montant total", "cout global", "budget global",
          "montant global", "budget previsionnel", "cout du projet", "budget du projet", "cout previsionnel",
          "cout complet", "budget complet", "cout estime", "budget estime", "enveloppe globale", "enveloppe totale",
          "total", "totalite", "ensemble du projet")
_BALANCE = ("solde", "reste a financer", "reste", "complement", "cofinancement*", "co financement*",
            "autres financements", "financements complementaires", "autres ressources")
_NOT_BUDGET = re.compile(r"(?<![a-z])(?:plafond|maximum|maximal|au plus|dans la limite|jusqu a|chiffre d affaires|"
                         r"ca de|capital|marche de|milliards?)(?![a-z])")
_BUDGET_WORDS = ("cout*", "budget*", "financ*", "subvention*", "sollicit*", "depense*", "cofinanc*", "co financ*",
                 "autofinanc*", "apport*", "montant*", "ressource*", "charges", "frais", "valoris*", "mecenat")


def prose_groups(document: Document, call, sections_by_order: dict[int, str]) -> list[RowGroup]:
    groups = []
    for item in joined_items(document):
        if not isinstance(item, Block) or item.heading_level is not None:
            continue
        if not any(a.has_currency for a in find_amounts(item.text)):
            continue
        in_budget = sections_by_order.get(item.order) == "budget"
        rows: list[Row] = []
        for sentence in _SENTENCES.split(clean(item.text)):
            if not in_budget and _history(sentence, call):
                continue
            rows += sentence_rows(sentence, item, call, in_budget)
        if rows:
            groups.append(RowGroup(rows=rows, header="", order=item.order, origin="prose",
                                   section="budget" if in_budget else None))
    return groups


# What an applicant did before: "Entre 2016 et 2018, nous avons conduit un premier projet, financé
# par la DREETS à hauteur de 27 500 €" tells its history, not this project's budget.
_YEAR = re.compile(r"(?<![\d.,\u00a0\u202f ])(?:19|20)\d{2}(?![\d]|\s*(?:€|eur|k\s?€))", re.IGNORECASE)
_PAST = re.compile(r"(?i)\b(?:a|ont|avait|avaient) (?:déjà )?été (?:co-?)?(?:financ|soutenu|subventionn)|"
                   r"\b(?:avons|a|ont|avait|avaient) (?:déjà )?(?:conduit|mené|réalisé|porté|obtenu|bénéficié)\b|"
                   r"\b(?:premier|précédent|ancien|dernier) projet\b|\bprojet précédent\b")


def _history(sentence: str, call) -> bool:
    """A sentence about the applicant's past: a year before the call's, or a past project."""
    if _PAST.search(sentence):
        return True
    deadline = getattr(call, "deadline", None)
    return deadline is not None and any(int(y.group()) < deadline.year for y in _YEAR.finditer(sentence))


# "Répartition : Anact 70 %, autofinancement 30 %": a financing plan given in shares of the total.
_SHARE = re.compile(r"(?P<label>[^:;,()%0-9]{2,80}?)\s*(?::\s*)?\(?\s*(?P<pct>\d{1,3}(?:[.,]\d{1,2})?)\s*%")
_SHARES_CONTEXT = ("repartition", "financement*", "plan de financement", "ressource*", "cofinanc*", "co financ*",
                   "anact", "autofinanc*", "apport*")


def share_rows(document: Document, call) -> list[Row]:
    """Funders given with their share of the total and no amount ("Anact 70 %, autofinancement
    30 %"): rows whose amount is the share in percent (hint "share"); the budget turns them into
    euros with the total it reads. Two shares or more, naming the Anact or a co-financing, adding
    up to 100 %."""
    for item in joined_items(document):
        if not isinstance(item, Block) or any(a.has_currency for a in find_amounts(item.text)):
            continue
        folded = fold(item.text)
        if "%" not in item.text or not mentions(folded, _SHARES_CONTEXT):
            continue
        text = item.text.split(":", 1)[1] if ":" in item.text[:40] else item.text
        rows = []
        for m in _SHARE.finditer(text):
            label = _strip_connectors(clean(m.group("label")))
            if label and (is_anact(label, call) or is_cofinancing(label, call)):
                rows.append(Row(label=label, extra="", amount=float(m.group("pct").replace(",", ".")),
                                page=item.page, quote=excerpt(item.text), hint="share"))
        if len(rows) >= 2 and abs(sum(r.amount for r in rows) - 100) <= 0.5:
            return rows
    return []


def sentence_rows(sentence: str, block: Block, call, in_budget: bool) -> list[Row]:
    folded = fold(sentence)
    if _NOT_BUDGET.search(folded) or not (in_budget or mentions(folded, _BUDGET_WORDS)):
        return []
    amounts = [a for a in find_amounts(sentence) if a.has_currency]
    if not amounts:
        return []
    funded_by = _FUNDED_BY.search(sentence)
    rows = []
    previous_end = 0
    for index, amount in enumerate(amounts):
        following = amounts[index + 1].start if index + 1 < len(amounts) else len(sentence)
        before = sentence[previous_end:amount.start]
        if _detail(sentence, amount, amounts):
            continue
        bracketed = before.rstrip().endswith("(")  # "Fondation Travail et Innovation (10 750 €, mécénat)"
        left = _bracket_label(before) if bracketed else _left_phrase(before)
        right, used = _right_phrase(sentence[amount.end:following])
        previous_end = amount.end + used  # the next amount's words start after this one's
        after_funded_by = bool(funded_by and funded_by.start() < amount.start)
        # words after the amount that name it alone ("13 900 € de prestations extérieures") are its
        # label: the words before may belong to the amount before it
        if right and _kind(right, call, after_funded_by, folded) not in (None, "resource"):
            label = right
        else:
            label = clean(" ".join(p for p in (left, right) if p))
        kind = _kind(label, call, after_funded_by=after_funded_by, whole=folded)
        if kind is None:
            continue
        shown = {"total": "Coût total du projet", "balance": "Co-financements"}.get(kind, label)
        rows.append(Row(label=shown, extra=label if shown != label else "", amount=amount.value, page=block.page,
                        quote=excerpt(sentence), hint=kind))
    return rows


_WORD_BOUNDARIES = (" dont ", " soit ", " et ", " ainsi que ")


def _left_phrase(text: str) -> str:
    """The words naming an amount from before it: back to the last boundary outside brackets
    (";", ":", ",", "dont", "soit", "et"), past connectors alone ("Le solde, soit 30 190 €" ->
    "Le solde"; "Région X (subvention, sollicitée) pour 8 400 €" -> "Région X (subvention, sollicitée)")."""
    end, depth = len(text), 0
    for j in range(len(text) - 1, -1, -1):
        c = text[j]
        if c == ")":
            depth += 1
        elif c == "(":
            depth = max(depth - 1, 0)
        elif depth:
            continue
        boundary = 1 if c in ";:,." else next((len(w) for w in _WORD_BOUNDARIES if text.startswith(w, j)), 0)
        if boundary:
            phrase = _strip_connectors(clean(text[j + boundary:end]))
            if phrase:
                return phrase
            end = j
    return _strip_connectors(clean(text[:end]))


def _detail(sentence: str, amount, amounts) -> bool:
    """An amount that only shows the working or the detail of another: a unit price ("21 jours ×
    640 €"), or one inside the brackets that follow another amount ("8 100 € (défraiement : 8 100 €)")."""
    if re.search(r"[×x*]\s*$", sentence[:amount.start]) or re.match(r"\s*(?:€|eur\w*)?\s*[×x*]\s*\d",
                                                                   sentence[amount.end:], re.I):
        return True
    depth, j = 0, amount.start - 1
    while j >= 0:  # the bracket holding this amount, if any
        c = sentence[j]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                before = sentence[:j].rstrip()
                return any(a.has_currency and abs(a.end - len(before)) <= 3 for a in amounts if a.end <= j)
            depth -= 1
        j -= 1
    return False


def _bracket_label(text: str) -> str:
    """The name an amount in brackets belongs to: the words before the bracket, back to the last
    punctuation, or the bracket that closed the item before it (one holding an amount): "…) et
    Fondation Travail et Innovation (" -> "Fondation Travail et Innovation"; "fonds européens
    (FSE+) (" -> "fonds européens (FSE+)". A name may hold "et": it does not end it here."""
    head = text.rstrip()[:-1]
    j = len(head) - 1
    while j >= 0:
        c = head[j]
        if c in ";:,":
            break
        if c == ")":
            opening = head.rfind("(", 0, j)
            if opening < 0 or any(a.has_currency for a in find_amounts(head[opening:j])):
                break  # the bracket of the item before
            j = opening
        j -= 1
    label = head[j + 1:]
    funded_by = None
    for funded_by in _FUNDED_BY.finditer(label):
        pass
    if funded_by is not None:  # "le complément étant apporté par la MSA (" -> "la MSA"
        label = label[funded_by.end():]
    return _strip_connectors(clean(re.sub(r"(?i)^\s*(?:et|ainsi que|par|pour|avec)\s+", "", label)))


def _right_phrase(text: str) -> tuple[str, int]:
    """The words naming an amount from after it ("20 990 € de dépenses de personnel", "44 000 €
    auprès de l'Anact"), and how many characters of the text they take."""
    tax = _TAIL_TAX.match(text)
    start = tax.end() if tax else 0
    ratio = re.match(r"\s*\([^()]*%[^()]*\)", text[start:])  # "(41 %)"
    start += ratio.end() if ratio else 0
    rest = text[start:]
    stripped = rest.lstrip()
    first = _BOUNDARY.split(stripped, maxsplit=1)[0] if stripped else ""
    if not re.match(r"(?i)^(?:(?:est|sont|sera|seront|serait|a été|ont été) )?(?:de |d'|d’|sollicit|demand|apport|"
                    r"financ|attendu|pr[ée]vu|consacr|affect|destin|aupr[èe]s|[àa] l|[àa] la |par l|par la |de la part|"
                    r"pour l|pour la |pour les |pour des |pour un |pour une |en fonds propres|en autofinancement|"
                    r"en apport|en valorisation|en mécénat|en mecenat|en subvention)",
                    first):
        return "", 0
    return _strip_connectors(clean(first)), start + (len(rest) - len(stripped)) + len(first)


def _strip_connectors(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _CONNECTORS.sub("", text).strip()
    return text


def _kind(label: str, call, after_funded_by: bool, whole: str) -> str | None:
    folded = fold(label)
    if not folded:
        return None
    if is_anact(label, call) or (re.search(r"(?<![a-z])(?:sollicit|demand)", folded)
                                 and not is_cofinancing(label, call)):
        return "anact"  # what the applicant asks for, of no other funder, is asked of this call
    if mentions(folded, _TOTAL) and not mentions(folded, ("dont", "personnel")):
        return "total"
    if mentions(folded, _BALANCE) and not after_funded_by:
        return "balance"
    if after_funded_by or is_cofinancing(label, call):
        return "resource"
    category, evidence = classify_expense_evidence(label, call)
    if evidence is not None:
        return "expense"
    return None
