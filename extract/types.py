"""The written contract of extract/: frozen dataclasses, bytes in, results out.

Nothing in extract/ touches a database, the network or the settings; the service
layer passes what it needs and stores what comes back.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

ExtractionStatus = Literal["ok", "unreadable", "encrypted", "unsupported", "error"]


@dataclass(frozen=True)
class Source:
    """Where a finding was read, so staff can check it."""

    attachment: str | None  # filename; None = the mail body
    page: int | None  # 1-based page (PDF) or sheet index / None
    excerpt: str  # short quote, <= 200 characters


@dataclass(frozen=True)
class Block:
    """A paragraph or heading of running text, in reading order."""

    text: str
    page: int | None = None
    heading_level: int | None = None  # None = body text; 1..n = heading (by style or by look)
    order: int = 0  # position in the document's reading order, shared with Table.order
    kind: str | None = None  # "title" (the document's title), "list" (a list item) or None


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    page: int | None = None
    sheet: str | None = None
    order: int = 0  # position in the document's reading order, shared with Block.order
    header_rows: int = 0  # leading rows marked as header rows by the document (0 = unknown)


@dataclass(frozen=True)
class Document:
    """What one attachment (or the mail body) holds, as read by its format's reader."""

    name: str | None  # attachment filename; None for the mail body
    status: ExtractionStatus
    reason: str | None = None  # why status is not "ok"
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    pages: int = 0
    ocr: bool = False  # text was recovered by OCR (document_illisible still applies)
    format: str | None = None  # pdf | docx | xlsx | body | ... as sniffed


# What one document may hold: far beyond any proposal (a 100-page report has ~2 000 paragraphs),
# short of what a hostile file would make every later step carry (memory, analysis time).
MAX_BLOCKS = 20_000
MAX_CELLS = 200_000


def bounded(document: Document) -> Document:
    """The document cut to MAX_BLOCKS paragraphs and MAX_CELLS table cells, saying so."""
    cells = sum(len(row) for table in document.tables for row in table.rows)
    if len(document.blocks) <= MAX_BLOCKS and cells <= MAX_CELLS:
        return document
    tables, kept = [], 0
    for table in document.tables:
        rows = []
        for row in table.rows:
            if kept + len(row) > MAX_CELLS:
                break
            rows.append(row)
            kept += len(row)
        if rows:
            tables.append(replace(table, rows=tuple(rows)))
        if kept + 1 > MAX_CELLS:
            break
    note = (f"document tronqué à sa lecture : {len(document.blocks)} paragraphes et {cells} cellules de tableau, "
            f"au-delà de ce qu'un dossier contient ({MAX_BLOCKS} et {MAX_CELLS} lus)")
    return replace(document, blocks=document.blocks[:MAX_BLOCKS], tables=tuple(tables),
                   reason="; ".join(r for r in (document.reason, note) if r))


@dataclass(frozen=True)
class BudgetLine:
    label: str
    amount_eur: float
    category: str  # personnel | deplacements_logistique | prestations | autres
    source: Source
    # the wording that placed the line in its category (its own label, or the group heading above
    # it); None when nothing did and "autres" only means "not recognised"
    evidence: str | None = None


@dataclass(frozen=True)
class Resource:
    label: str
    amount_eur: float
    kind: str  # anact | cofinancement
    nature: str | None  # subvention | autofinancement | valorisation | ...
    source: Source


@dataclass(frozen=True)
class Budget:
    lines: tuple[BudgetLine, ...] = ()
    resources: tuple[Resource, ...] = ()
    total_eur: float | None = None
    anact_request_eur: float | None = None
    cofinancing_eur: float | None = None
    cofinancing_share: float | None = None
    by_category: dict[str, float | None] = field(default_factory=dict)
    stated_total_eur: float | None = None  # the document's own total row, for cross-checking
    source: Source | None = None


@dataclass(frozen=True)
class Partner:
    name: str
    contribution: str | None
    source: Source


@dataclass(frozen=True)
class Analysis:
    """Everything found in the documents of one dossier."""

    requirements: dict[str, Source | None]  # every requirement key of the call -> where found, or None
    budget: Budget
    partners: tuple[Partner, ...]
    project_title: str | None = None
    acronym: str | None = None  # the project's short name ("TRAITE ET TRAVAIL"), as written
    organisation: str | None = None
    project_end: date | None = None
    document_flags: tuple[str, ...] = ()  # document_illisible, piece_jointe_protegee, ...
    # requirement key -> "sure" | "probable" | "unsure": how far the reading can be trusted. A
    # present element is "probable" when only a sentence (no heading) or OCR showed it; a missing
    # one is "unsure" when a document of the dossier could not be read whole (it may hold it).
    confidence: dict[str, str] = field(default_factory=dict)
    unread: tuple[str, ...] = ()  # names of the attachments that could not be read (or only by OCR)


@dataclass(frozen=True)
class Evaluation:
    """The call's rules applied to an Analysis: the contract's requirements/missing/flags/status."""

    status: Literal["complete", "incomplete"]
    missing: tuple[str, ...]
    flags: tuple[str, ...]
    reasons: tuple[str, ...] = ()  # one French sentence per flag, for staff
