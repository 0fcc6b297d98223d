"""Spreadsheet exports of the JSON export document (export-contract.md): CSV and XLSX.

One row per dossier for the selection committee, in staff words: the call's words for what is
missing, flag labels with their reasons, answers with their dates; never an internal key.
CSV is what French Excel opens directly: UTF-8 with BOM, ";" separator, decimal comma. Every
text cell that came from a mail and starts like a formula (= + - @, tab, CR) gets a leading
apostrophe (CSV/formula injection). The workbook's layout and print set-up: notify/workbook.py.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Iterable

from notify.wording import (ANSWER_STATUS_LABELS, CATEGORY_LABELS, DEFAULT_LABELS, FLAG_LABELS, KIND_LABELS,
                            NATURE_LABELS, STATUS_LABELS, french_amount, standalone_label)
from store.archive import write_atomic


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | money | share | datetime | date
    width: float = 12  # spreadsheet width (characters of the default font)


COLUMNS: tuple[Column, ...] = (
    Column("reference", "Référence", width=14),
    Column("acronym", "Acronyme", width=13),
    Column("title", "Titre du projet", width=20),
    Column("organisation", "Organisation", width=16),
    Column("applicant", "Porteur", width=13),
    Column("email", "Courriel", width=17),
    Column("received", "Reçu le", "datetime", width=15),
    Column("status", "Statut", width=10),
    Column("missing", "Éléments manquants", width=20),
    Column("total", "Coût total (€)", "money", width=10),
    Column("anact", "Demande Anact (€)", "money", width=10),
    Column("cofinancing", "Co-financement (€)", "money", width=10),
    Column("share", "Part de co-financement", "share", width=8),
    *(Column(f"category.{key}", f"{label[0].upper()}{label[1:]} (€)", "money", width=9)
      for key, label in CATEGORY_LABELS.items()),
    Column("cofinancements", "Sources de co-financement (nature : montant)", width=20),
    Column("partners", "Partenaires et contribution attendue", width=22),
    Column("flags", "Signalements et motifs", width=24),
    Column("project_end", "Fin du projet", "date", width=11),
    Column("answers", "Réponses au porteur", width=20),
)
HEADERS = tuple(c.header for c in COLUMNS)
SEP = " ; "  # between the items of one CSV cell (the workbook puts one item a line)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def defuse(value: str) -> str:
    """A text cell that cannot be read as a formula by a spreadsheet."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _day(value: str | None) -> date | None:
    moment = when(value)
    return moment.date() if moment else None


def _labels_of(call_name: str | None) -> dict[str, str]:
    """The named call's words for requirement keys; the contract's table when it cannot be read."""
    if call_name:
        try:
            from config.call import load_call

            return {**DEFAULT_LABELS, **load_call(call_name).labels}
        except Exception:  # an export must not fail for want of nicer labels
            pass
    return DEFAULT_LABELS


def _sentence_after_colon(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


def _flags(d: dict) -> list[str]:
    """Why staff must look at the dossier themselves (when the export says), then each flag's
    label with its reason."""
    flags, reasons = list(d.get("flags") or []), list(d.get("flag_reasons") or [])
    if len(reasons) != len(flags):
        reasons = [None] * len(flags)
    review = [f"à revoir par l’équipe : {_sentence_after_colon(d['review'])}"] if d.get("review") else []
    return review + [f"{FLAG_LABELS.get(f, f.replace('_', ' '))} : {_sentence_after_colon(r)}" if r
                     else FLAG_LABELS.get(f, f.replace("_", " ")) for f, r in zip(flags, reasons)]


def _cofinancements(budget: dict) -> list[str]:
    items = []
    for c in budget.get("cofinancements") or []:
        nature = c.get("nature")
        source = c.get("source") or "source non nommée"
        head = f"{source}, {NATURE_LABELS.get(nature, nature.replace('_', ' '))}" if nature else source
        amount = c.get("amount_eur")
        # non-breaking spaces inside the amount: a wrapped cell never parts « 5 000 » from « € »
        items.append(f"{head} : {french_amount(amount) if amount is not None else 'montant non trouvé'}")
    return items


def _answers(d: dict) -> list[str]:
    """Each answer to the applicant and what became of it, with its dates (nouns, whatever the
    answer's gender: « demande de compléments : envoi le … »)."""
    items = []
    for n in d.get("notifications") or []:
        kind = KIND_LABELS.get(n.get("kind") or "", n.get("kind") or "réponse")
        status = n.get("status") or ""
        sent, queued = when(n.get("sent_at")), when(n.get("queued_at"))
        if status == "sent" and sent:
            item = f"{kind} : envoi le {sent:%d/%m/%Y à %H:%M}"
        elif status == "written" and sent:
            item = f"{kind} : écriture dans la boîte d’envoi le {sent:%d/%m/%Y à %H:%M} (pas d’envoi)"
        elif status == "pending" and queued:
            item = f"{kind} : en attente d’envoi depuis le {queued:%d/%m/%Y à %H:%M}"
        elif status == "failed" and queued:
            item = f"{kind} : échec d’envoi (en file depuis le {queued:%d/%m/%Y à %H:%M})"
        else:
            item = f"{kind} : {ANSWER_STATUS_LABELS.get(status, status or 'état inconnu')}"
        bounce = n.get("bounce") or {}
        if bounce:  # it came back: the applicant never got it
            back = when(bounce.get("at"))
            item += f", retour en non-remise{f' le {back:%d/%m/%Y à %H:%M}' if back else ''}"
            item += f" : {bounce['reason']}" if bounce.get("reason") else ""
        items.append(item)
    return items


def rows(doc: dict, labels: dict[str, str] | None = None) -> Iterable[dict[str, Any]]:
    """One plain dict per dossier: text, lists of text (one item each), numbers (None = not
    found, never 0), datetimes and dates."""
    labels = labels or _labels_of(doc.get("call"))
    for d in doc.get("dossiers") or []:
        applicant = d.get("applicant") or {}
        budget = d.get("budget") or {}
        by_category = budget.get("by_category") or {}
        partners = []
        for p in d.get("partners") or []:
            name, contribution = p.get("name") or "", p.get("contribution")
            partners.append(f"{name} : {contribution}" if contribution else name)
        yield {
            "reference": d.get("reference") or "",
            "acronym": d.get("acronym") or budget.get("acronym") or "",
            "title": d.get("project_title") or "",
            "organisation": applicant.get("organisation") or "",
            "applicant": applicant.get("name") or "",
            "email": applicant.get("email") or "",
            "received": when(d.get("received_at")),
            "status": STATUS_LABELS.get(d.get("status") or "", d.get("status") or ""),
            "missing": [standalone_label(k, labels) for k in d.get("missing") or []],
            "total": budget.get("total_eur"),
            "anact": budget.get("anact_request_eur"),
            "cofinancing": budget.get("cofinancing_eur"),
            "share": budget.get("cofinancing_share"),
            **{f"category.{key}": by_category.get(key) for key in CATEGORY_LABELS},
            "cofinancements": _cofinancements(budget),
            "partners": partners,
            "flags": _flags(d),
            "project_end": _day(budget.get("project_end")),
            "answers": _answers(d),
        }


def _csv_cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "share":
        return f"{value * 100:.1f}".replace(".", ",") + " %"
    if column.kind == "money":
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return defuse(SEP.join(value))
    return defuse(str(value))


def write_csv(doc: dict, path_or_stream: str | os.PathLike | IO, *, labels: dict[str, str] | None = None) -> None:
    """CSV for French Excel: UTF-8 with BOM, ';', decimal comma, one row per dossier."""
    def emit(text_stream: IO[str]) -> None:
        text_stream.write("\ufeff")
        writer = csv.writer(text_stream, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for row in rows(doc, labels):
            writer.writerow([_csv_cell(c, row[c.key]) for c in COLUMNS])

    if isinstance(path_or_stream, (str, os.PathLike)):
        path = Path(path_or_stream)
        buffer = io.StringIO()
        emit(buffer)
        write_atomic(path, buffer.getvalue().encode("utf-8"))
    elif isinstance(path_or_stream, (io.RawIOBase, io.BufferedIOBase)) or "b" in getattr(path_or_stream, "mode", ""):
        wrapper = io.TextIOWrapper(path_or_stream, encoding="utf-8", newline="")
        emit(wrapper)
        wrapper.flush()
        wrapper.detach()
    else:
        emit(path_or_stream)


def write_xlsx(doc: dict, path: str | os.PathLike, *, labels: dict[str, str] | None = None) -> None:
    """An Excel workbook: « Dossiers » (one row per dossier, printable) and « Messages »."""
    from notify.workbook import workbook_bytes

    write_atomic(Path(path), workbook_bytes(doc, list(rows(doc, labels))))
