"""Partner tables: which column holds the names, which the contributions, which only the kind of
organisation; with or without a header row, in any column order."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .amounts import parse_amount
from .partners_text import split_line, starts_with_wording, top_level_split
from .partners_names import person_like
from .textutil import any_phrase, clean, fold
from .types import Table

_MONEY = re.compile(r"\d[\d \u00a0\u202f.,]*\s?(?:k\s?)?(?:€|eur\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Columns:
    name: int
    contribution: int | None
    header: bool  # the first row is a header row
    others: tuple[int, ...] = ()  # other columns saying what a partner does, read when its own cell is empty


def header_columns(row: tuple[str, ...], call) -> Columns | None:
    """A header row naming a partner column, and the columns saying what each brings: the one
    saying it plainly ("Contribution", "Apport", "Engagement", "Nature du soutien") before one
    saying a role ("Rôle", "Mission"); a column of kinds ("Type", "Qualité", "Statut") is none."""
    name = None
    candidates = []
    for i, cell in enumerate(row):
        folded = fold(cell)
        if not folded:
            continue
        if len(folded.split()) > 5 or _capitalised_words(cell) > 1:
            return None  # a row of values, not of headers
        if _says_contribution(folded):
            candidates.append((2, i))
        elif any_phrase(folded, call.partner_kind_headers):
            continue
        elif any_phrase(folded, call.partner_contribution_headers):
            candidates.append((1, i))
        elif name is None and any_phrase(folded, call.partner_name_headers):
            name = i
    if name is None:
        return None
    ranked = [i for _, i in sorted(candidates, key=lambda c: (-c[0], c[1]))]
    return Columns(name, ranked[0] if ranked else None, True, tuple(ranked[1:]))


def _capitalised_words(cell: str) -> int:
    """Capitalised words after the first: a name ("Cabinet Orée"), not a header ("Rôle attendu")."""
    words = cell.split()[1:]
    return sum(1 for w in words if w[:1].isupper())


def partner_header(row: tuple[str, ...], columns: Columns, call) -> bool:
    """The header names partners ("Partenaires mobilisés", "Organisme partenaire") or what each
    brings ("Contribution attendue"): a partner table wherever it stands."""
    name = fold(row[columns.name])
    contribution = fold(row[columns.contribution]) if columns.contribution is not None else ""
    return any_phrase(name, call.partner_sections) is not None or _says_contribution(contribution)


_BRINGS = re.compile(r"(?<![a-z])(?:contribution|apport|engagement|commitment|soutien)")


def _says_contribution(folded: str) -> bool:
    """"Contribution attendue", "Apport en nature", "Nature du soutien", "Engagement": what each brings."""
    return _BRINGS.search(folded) is not None


def _money_column(rows: list, i: int) -> bool:
    """"Valorisation (€)": a column of amounts, not of contributions told in words."""
    cells = [clean(r[i]) for r in rows if i < len(r) and clean(r[i])]
    return bool(cells) and sum(1 for c in cells if _MONEY.search(c) or parse_amount(c) is not None) * 2 > len(cells)


def is_budget_table(table: Table) -> bool:
    """Most rows carry an amount: a budget or a financing plan, whose organisations are funders."""
    rows = [r for r in table.rows if any(c.strip() for c in r)]
    with_money = sum(1 for r in rows if any(_MONEY.search(c) or (parse_amount(c) or 0) >= 100 for c in r[1:]))
    return bool(rows) and with_money * 2 >= len(rows)


def guess_columns(table: Table, call) -> Columns:
    """No header: the names are in the first column of short capitalised texts that does not say
    only what kind each is ("Collectivité | Ville de X | prêt de salles"); the contribution is the
    longest other column, unless it only says what kind of organisation each is."""
    rows = [r for r in table.rows if any(c.strip() for c in r)]
    width = max((len(r) for r in rows), default=0)
    name = 0
    for i in range(width):
        cells = [clean(r[i]) for r in rows if i < len(r) and clean(r[i])]
        if cells and sum(1 for c in cells if c[:1].isupper() and len(c.split()) <= 12) * 2 > len(cells) \
                and not _kinds_only(cells, call):
            name = i
            break
    others = [i for i in range(width) if i != name]
    contribution = None
    best = 0.0
    for i in others:
        cells = [clean(r[i]) for r in rows if i < len(r) and clean(r[i])]
        if not cells or kind_column(cells, call):
            continue
        mean = sum(len(c.split()) for c in cells) / len(cells)
        if mean > best:
            best, contribution = mean, i
    return Columns(name, contribution, False)


def kind_column(cells: list[str], call) -> bool:
    """Cells that only say what kind of organisation each partner is ("Organisation syndicale",
    "Collectivité", "Entreprise pilote"): short, and mostly made of the call's kind wordings."""
    kinds = call.partner_kind_words
    short = [c for c in cells if len(c.split()) <= 4]
    if len(short) < len(cells):
        return False
    hits = sum(1 for c in cells if any_phrase(fold(c), kinds) is not None)
    contributions = sum(1 for c in cells if len(c.split()) >= 2 and starts_with_wording(c, call.contribution_words)
                        and any_phrase(fold(c), kinds) is None)
    return hits * 2 >= len(cells) or (contributions == 0 and sum(len(c.split()) for c in cells) / len(cells) <= 2.5)


def rows_of(table: Table, call, in_partner_section: bool) -> list[tuple[str, str | None, str]] | None:
    """(name, contribution, row text) for each data row, or None when this is not a partner table."""
    rows = [r for r in table.rows if any(c.strip() for c in r)]
    if not rows:
        return None
    if _transposed(rows, call):
        # "Partenaire | A | B" over "Contribution | … | …": one column per partner
        width = max(len(r) for r in rows)
        rows = [tuple(r[i] if i < len(r) else "" for r in rows) for i in range(width)]
        table = Table(rows=tuple(rows), page=table.page, sheet=table.sheet, order=table.order)
    columns = header_columns(rows[0], call)
    if columns is not None:  # "Apport (€)", "Valorisation": amounts, not what a partner brings
        told = [i for i in (columns.contribution, *columns.others) if i is not None and not _money_column(rows[1:], i)]
        columns = Columns(columns.name, told[0] if told else None, True, tuple(told[1:]))
    if is_budget_table(table) and (columns is None or columns.contribution is None):
        return None  # amounts without a column saying in words what each brings: a budget, its funders
    if not in_partner_section and not (columns is not None and partner_header(rows[0], columns, call)):
        return None  # elsewhere, a header saying these are partners (not "Nom | Fonction" of a team)
    if columns is None:
        columns = guess_columns(table, call)
    data = rows[1:] if columns.header else rows
    if columns.header:
        columns = _telling_columns(columns, rows[0], data, call)
    found = []
    for row in data:
        if columns.name >= len(row):
            continue
        name = _without_kind(clean(row[columns.name]), call)
        contribution = None
        for n, i in enumerate((columns.contribution, *columns.others) if columns.contribution is not None else ()):
            # a cell left empty, or shifted into the next column by the reader: the next column saying it
            contribution = _without_leading_kind(clean(row[i]), call, alone=n > 0) if i < len(row) else None
            if contribution:
                break
        found.append((name, contribution or None, " | ".join(c for c in row if c)))
    return found


def _transposed(rows: list, call) -> bool:
    """The first column holds the headers: a partner label on the first row, and the first row's
    other cells are names, not headers."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return False
    labels = [fold(r[0]) for r in rows]
    headers = (*call.partner_name_headers, *call.partner_contribution_headers, *call.partner_kind_headers)
    return any_phrase(labels[0], call.partner_name_headers) is not None \
        and not any(any_phrase(fold(c), headers) for c in rows[0][1:] if c.strip()) \
        and any(_says_contribution(l) or any_phrase(l, call.partner_contribution_headers) for l in labels[1:]) \
        and all(len(l.split()) <= 5 for l in labels)


def _telling_columns(columns: Columns, header: tuple[str, ...], data: list, call) -> Columns:
    """The header's contribution columns that do tell what partners bring: a column holding only
    kinds of organisation is left out; with none named, the longest other column of text."""
    def cells(i):
        return [clean(r[i]) for r in data if i < len(r) and clean(r[i])]

    ranked = [i for i in (columns.contribution, *columns.others) if i is not None and cells(i)]
    telling = [i for i in ranked if not (_kinds_only(cells(i), call) and not _says_contribution(fold(header[i])))]
    # a column of kinds is read only where the main one is empty, and its kinds alone say nothing
    kept = telling[:1] + [i for i in ranked if i not in telling[:1]] if telling else []
    if not ranked:
        width = max((len(r) for r in data), default=0)
        others = [i for i in range(width) if i != columns.name and cells(i) and not kind_column(cells(i), call)
                  and not any_phrase(fold(header[i]) if i < len(header) else "", call.partner_kind_headers)
                  and not _money_column(data, i) and not _contacts(cells(i))]
        kept = sorted(others, key=lambda i: -sum(len(c.split()) for c in cells(i)) / len(cells(i)))[:1]
    return Columns(columns.name, kept[0] if kept else None, True, tuple(kept[1:]))


_CONTACT = re.compile(r"@|\b\d{2}(?:[ .]?\d{2}){4}\b|\+33|^(?:m\.|mme|mr|dr)\s", re.IGNORECASE)


def _contacts(cells: list[str]) -> bool:
    """A column of people to contact ("Mme Léa Roux – lea.roux@…"), not of contributions."""
    return sum(1 for c in cells if _CONTACT.search(c) or person_like(c)) * 2 > len(cells)


def _kinds_only(cells: list[str], call) -> bool:
    """Most cells name a kind of organisation ("Entreprise pilote", "Organisation syndicale",
    "Association d'insertion"), not one of them ("Association Les Pieds Dans l'Eau")."""
    def kind(cell: str) -> bool:
        # "Apporte son appui formation" names a kind ("formation") but says what the partner brings
        m = any_phrase(fold(cell), call.partner_kind_words)
        return len(cell.split()) <= 4 and m is not None and _capitalised_words(cell) == 0 \
            and not (len(cell.split()) >= 3 and starts_with_wording(cell, call.contribution_words))
    return sum(1 for c in cells if kind(c)) * 2 >= len(cells)


def _without_leading_kind(cell: str, call, alone: bool) -> str:
    """"Organisation syndicale  Mobilisation des élus": a kind run into the contribution goes; in
    a role column, a kind alone says nothing of the contribution."""
    kinds = sorted({k.rstrip("*").strip() for k in call.partner_kind_words}, key=len, reverse=True)
    folded = fold(cell)
    for kind in kinds:
        if folded == kind:
            return "" if alone else cell
        if folded.startswith(kind + " "):
            words = len(kind.split())
            rest = " ".join(cell.split()[words:])
            if rest[:1].isupper():
                return rest
    return cell


def _without_kind(name: str, call) -> str:
    """"Aract X  Réseau Anact-Aract": two cells run together; the kind of organisation goes."""
    words = name.split()
    for i in range(1, len(words)):
        rest = " ".join(words[i:])
        if " " in rest and words[i][:1].isupper() and fold(rest) in {k.rstrip("*").strip() for k in call.partner_kind_words}:
            return " ".join(words[:i])
    return name


# What a who-does-what cell names that is no organisation: a role, a team, a committee, everyone.
_ROLE = re.compile(r"(?i)^(?:l['’]|la |le |les )?(?:[ée]quipe|chef|cheffe|responsable|charg[ée]|consultant|"
                   r"coordinat|direct|animat|comit[ée]|copil|tous|toutes|ensemble|stagiaire|doctorant|ergonome|"
                   r"salari[ée]|[ée]lus?\b|r[ée]f[ée]rent|prestataire|à d[ée]finir|a d[ée]finir|tbd)")


def task_rows(table: Table, call, organisation, own=lambda name: False) -> list[tuple[str, str, str]]:
    """A who-does-what table ("Tâche | Pilote | Contributeurs | T1 | T2", often a chronogram): the
    organisations its columns of actors name, each with the tasks it leads or takes part in. A
    column holds one kind of thing: when a third of the names at least (the applicant's aside) are
    organisations by their words, the others are too ("Akto" beside "CPME 59"); else only those
    are. `organisation(name)` says whether a name is written like one, `own(name)` whether it is
    the applicant's."""
    rows = [r for r in table.rows if any(c.strip() for c in r)]
    if len(rows) < 3 or is_budget_table(table):
        return []
    header = [fold(c) for c in rows[0]]

    def named(cell: str, phrases) -> bool:
        return 0 < len(cell.split()) <= 4 and any_phrase(cell, phrases) is not None

    task = next((i for i, c in enumerate(header) if named(c, call.partner_task_headers)), None)
    actors = [i for i, c in enumerate(header) if i != task and named(c, call.partner_actor_headers)]
    if task is None or not actors:
        return []
    tasks: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for row in rows[1:]:
        what = clean(row[task]) if task < len(row) else ""
        for i in actors:
            for name in split_names(clean(row[i])) if i < len(row) and what else []:
                if name and not _ROLE.match(name) and not person_like_title(name):
                    tasks.setdefault(name, []).append(what)
                    texts.setdefault(name, " | ".join(c for c in row if c.strip()))
    if not tasks:
        return []
    others = [n for n in tasks if not own(n)]
    organisations = [n for n in others if organisation(n)]
    kept = others if organisations and len(organisations) * 3 >= len(others) else organisations
    return [(name, "; ".join(dict.fromkeys(tasks[name])), texts[name]) for name in kept]


def person_like_title(name: str) -> bool:
    """"M. Roux", "Mme Léa Garnier": a person."""
    return re.match(r"(?i)^(?:m\.|mme|mlle|mr|dr|pr)\s", name) is not None


def summary_names(table: Table, call) -> list[tuple[str, str | None, str]]:
    """A summary table's row "Partenaires | A, B, C" or "Partenaires | A (appui) ; B : relais":
    (each name, its contribution, row text)."""
    found = []
    for row in table.rows:
        cells = [clean(c) for c in row if clean(c)]
        if len(cells) != 2:
            continue
        label = fold(cells[0])
        if len(label.split()) > 5 or any_phrase(label, call.partner_sections) is None:
            continue
        if any_phrase(label, call.partner_contribution_headers) and not any_phrase(label, ("partenaire*",)):
            continue
        for piece in split_names(cells[1]):
            # in a cell of names, a dash may belong to a name ("France Travail – direction régionale"):
            # only a colon or a closing bracket tells the contribution
            name, contribution = split_line(piece, call.contribution_words)
            if contribution is not None and not re.search(r"\s?:\s|\)$", piece):
                name, contribution = piece, None
            found.append((name, contribution, " | ".join(cells)))
    return found


_BULLET = re.compile(r"^\s*([–—•·▪*-])\s+")


def _bulleted(text: str) -> str:
    """"– A (appui) – B (relais)": a list whose lines a cell ran together keeps its bullets, each
    opening an item (outside brackets: "(accueil – relais)" stays whole)."""
    m = _BULLET.match(text)
    if m is None:
        return text
    bullet, out, depth = m.group(1), [], 0
    body = text[m.end():]
    for i, c in enumerate(body):
        depth += c in "([{«“"
        depth -= c in ")]}»”" and depth > 0
        if c == bullet and depth == 0 and body[i - 1:i].isspace() and body[i + 1:i + 2].isspace():
            out.append(";")
        else:
            out.append(c)
    return "".join(out)


def split_names(text: str) -> list[str]:
    """"A, B et C" / "A ; B" / lines / "– A – B": the names of a list written in one cell or after a label."""
    text = _bulleted(text)
    pieces = top_level_split(re.sub(r"\n|\s[/•·|]\s", ";", text), ";")  # "A / B / C", "A • B"
    if len(pieces) == 1:
        pieces = top_level_split(text, ",")
    names = []
    for piece in pieces:
        names += [p for p in re.split(r"\s+(?:et|ainsi que)\s+(?=[A-ZÉÈÀÂÎÔÛÇ])", piece) if p.strip()]
    return [n.strip(" .") for n in names]
