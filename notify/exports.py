"""Spreadsheet exports of the JSON export document (export-contract.md): CSV and XLSX.

One row per dossier, French column headers. CSV is what French Excel opens directly:
UTF-8 with BOM, ";" separator, decimal comma. Every text cell that came from a mail and
starts like a formula (= + - @, tab, CR) gets a leading apostrophe (CSV/formula injection).
"""
from __future__ import annotations

import csv
import io
import os
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Iterable

from store.archive import write_atomic
from notify.wording import DEFAULT_LABELS, FLAG_LABELS, STATUS_LABELS, standalone_label

COLUMNS = (
    ("reference", "Référence"),
    ("organisation", "Organisation"),
    ("title", "Titre du projet"),
    ("status", "Statut"),
    ("missing", "Éléments manquants"),
    ("total", "Coût total (€)"),
    ("anact", "Demande Anact (€)"),
    ("cofinancing", "Co-financement (€)"),
    ("share", "Part de co-financement"),
    ("partners", "Partenaires"),
    ("flags", "Signalements"),
    ("applicant", "Porteur"),
    ("email", "Courriel"),
    ("received", "Reçu le"),
)
HEADERS = tuple(h for _, h in COLUMNS)
NUMERIC = {"total", "anact", "cofinancing", "share"}
SEP = " ; "  # between items inside one cell

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def defuse(value: str) -> str:
    """A text cell that cannot be read as a formula by a spreadsheet."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _labels_of(call_name: str | None) -> dict[str, str]:
    """The named call's words for requirement keys; the contract's table when it cannot be read."""
    if call_name:
        try:
            from config.call import load_call

            return {**DEFAULT_LABELS, **load_call(call_name).labels}
        except Exception:  # an export must not fail for want of nicer labels
            pass
    return DEFAULT_LABELS


def rows(doc: dict, labels: dict[str, str] | None = None) -> Iterable[dict[str, Any]]:
    """One plain dict per dossier: text values, numbers (None = not found), a datetime."""
    labels = labels or _labels_of(doc.get("call"))
    for d in doc.get("dossiers") or []:
        applicant = d.get("applicant") or {}
        budget = d.get("budget") or {}
        partners = []
        for p in d.get("partners") or []:
            name, contribution = p.get("name") or "", p.get("contribution")
            partners.append(f"{name} ({contribution})" if contribution else name)
        yield {
            "reference": d.get("reference") or "",
            "organisation": applicant.get("organisation") or "",
            "title": d.get("project_title") or "",
            "status": STATUS_LABELS.get(d.get("status") or "", d.get("status") or ""),
            "missing": SEP.join(standalone_label(k, labels) for k in d.get("missing") or []),
            "total": budget.get("total_eur"),
            "anact": budget.get("anact_request_eur"),
            "cofinancing": budget.get("cofinancing_eur"),
            "share": budget.get("cofinancing_share"),
            "partners": SEP.join(partners),
            "flags": SEP.join(FLAG_LABELS.get(f, f) for f in d.get("flags") or []),
            "applicant": applicant.get("name") or "",
            "email": applicant.get("email") or "",
            "received": _when(d.get("received_at")),
        }


def _csv_cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == "share":
        return f"{value * 100:.1f}".replace(".", ",") + " %"
    if key in NUMERIC:
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return defuse(str(value))


def write_csv(doc: dict, path_or_stream: str | os.PathLike | IO, *, labels: dict[str, str] | None = None) -> None:
    """CSV for French Excel: UTF-8 with BOM, ';', decimal comma, one row per dossier."""
    def emit(text_stream: IO[str]) -> None:
        text_stream.write("\ufeff")
        writer = csv.writer(text_stream, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for row in rows(doc, labels):
            writer.writerow([_csv_cell(k, row[k]) for k, _ in COLUMNS])

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
    """An Excel workbook: sheet « Dossiers » (frozen header, filters, widths) and « Messages »."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill

    def text(value: Any) -> Any:
        if isinstance(value, str):
            return defuse(ILLEGAL_CHARACTERS_RE.sub("", value))
        return value

    wb = Workbook()
    ws = wb.active
    ws.title = "Dossiers"
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F3A5F")
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    formats = {"total": '#,##0.00 "€"', "anact": '#,##0.00 "€"', "cofinancing": '#,##0.00 "€"',
               "share": "0.0%", "received": "dd/mm/yyyy hh:mm"}
    for row in rows(doc, labels):
        values = []
        for key, _ in COLUMNS:
            value = row[key]
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)  # Excel has no offsets: the local time as written
            values.append(text(value) if key not in NUMERIC else value)
        ws.append(values)
        for (key, _), cell in zip(COLUMNS, ws[ws.max_row]):
            if key in formats:
                cell.number_format = formats[key]
            cell.alignment = Alignment(vertical="top", wrap_text=key in ("title", "missing", "partners", "flags"))
    widths = {"reference": 16, "organisation": 28, "title": 40, "status": 11, "missing": 48, "total": 14,
              "anact": 14, "cofinancing": 14, "share": 12, "partners": 40, "flags": 36, "applicant": 22,
              "email": 28, "received": 17}
    for index, (key, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = widths.get(key, 15)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions

    messages = wb.create_sheet("Messages")
    messages.append(["Message-ID", "Expéditeur", "Objet", "Reçu le", "Classement", "Dossier", "Erreur"])
    for cell in messages[1]:
        cell.font, cell.fill = header_font, header_fill
    for m in doc.get("messages") or []:
        when = _when(m.get("received_at"))
        messages.append([text(m.get("message_id") or ""), text(m.get("from") or ""), text(m.get("subject") or ""),
                         when.replace(tzinfo=None) if when else None, text(m.get("classification") or ""),
                         text(m.get("dossier") or ""), text(m.get("error") or "")])
        messages.cell(row=messages.max_row, column=4).number_format = "dd/mm/yyyy hh:mm"
    for letter, width in zip("ABCDEFG", (36, 30, 50, 17, 15, 16, 40)):
        messages.column_dimensions[letter].width = width
    messages.freeze_panes = "A2"

    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(Path(path), buffer.getvalue())
