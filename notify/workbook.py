"""The committee's workbook (notify/exports.py gives its rows): layout and print set-up.

Every text cell wraps inside its column and every row is given the height its longest cell
needs, so no text runs over a neighbour or is cut (a spreadsheet does not grow a row written
without a height). Printing: landscape, one page wide (as many pages down as it takes), the
header row repeated on each page, page numbers in the footer. The dossiers' twenty-two columns
are set on A3 (text at about half its size in LibreOffice, two thirds in Excel); the messages on A4.
"""
from __future__ import annotations

import io
import math
from datetime import datetime
from typing import Any, Iterable

from notify.exports import COLUMNS, Column, defuse, when
from notify.wording import MESSAGE_LABELS, MESSAGE_STATE_LABELS

FONT = "Calibri"  # the spreadsheets' default; LibreOffice substitutes a font of its own
FONT_SIZE = 10
LINE_HEIGHT = 12.75  # points a line of FONT_SIZE takes (Calibri and its substitutes)
PADDING = 4.0
# Characters of FONT_SIZE text that fit in one unit of column width. A unit is the width of a
# digit of the default font (Calibri 11 pt): about 1.2 characters of French text at 10 pt in
# Excel, and in LibreOffice, which measures both with its substitute (DejaVu Sans on a bare
# server); a little less is counted, so that a row is never too short.
CHARS_PER_UNIT = 1.1
MAX_ROW_HEIGHT = 409.0  # the spreadsheet formats' limit
FORMATS = {"money": '#,##0 "€"', "share": "0.0%", "datetime": "dd/mm/yyyy hh:mm", "date": "dd/mm/yyyy"}
MESSAGE_COLUMNS = (
    Column("received", "Reçu le", "datetime", width=15),
    Column("from", "Expéditeur", width=28),
    Column("subject", "Objet", width=40),
    Column("kind", "Nature", width=18),
    Column("state", "État", width=16),
    Column("dossier", "Dossier", width=14),
    Column("error", "Motif", width=40),
    Column("message_id", "Identifiant du message", width=30),
)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` needs for `text` (words kept whole; a longer word cut)."""
    capacity = max(1, int(width * CHARS_PER_UNIT))
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size <= capacity:
                used += 1 + size
                continue
            if used:
                lines += 1
            lines += (size - 1) // capacity
            used = size % capacity or capacity
        total += lines
    return total


def column_width(column: Column) -> float:
    """The column's width, widened so that no word of its header is cut (bold, wrapped; a
    hyphen may end a line)."""
    longest = max((len(part) for word in column.header.split() for part in word.split("-")), default=0)
    return max(column.width, longest * 1.05 + 1)


def row_height(values: Iterable[tuple[Column, Any]]) -> float:
    lines = max((lines_needed(v, column_width(c)) for c, v in values if isinstance(v, str) and v), default=1)
    return min(MAX_ROW_HEIGHT, math.ceil(lines * LINE_HEIGHT + PADDING))


def _cell_value(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, list):  # one item a line; a bullet tells where each begins once they wrap
        value = "\n".join(f"• {item}" for item in value) if len(value) > 1 else "".join(value)
    if isinstance(value, str):
        return defuse(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no offsets: the local time as written
    return value


def _sheet(ws, columns: tuple[Column, ...], records: Iterable[dict], title: str, paper: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="B0B7C3")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font, header_fill = Font(name=FONT, bold=True, color="FFFFFF", size=FONT_SIZE), PatternFill("solid", fgColor="1F3A5F")
    body_font = Font(name=FONT, size=FONT_SIZE)
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font, cell.fill, cell.border = header_font, header_fill, border
        cell.alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
    ws.row_dimensions[1].height = row_height((c, c.header) for c in columns)
    for record in records:
        values = [_cell_value(record.get(c.key)) for c in columns]
        ws.append(values)
        row = ws.max_row
        for column, cell in zip(columns, ws[row]):
            cell.font, cell.border = body_font, border
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
            cell.alignment = Alignment(vertical="top", wrap_text=column.kind == "text")
        ws.row_dimensions[row].height = row_height(zip(columns, values))
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column_width(column)
    ws.auto_filter.ref = ws.dimensions
    # print set-up: landscape, one page wide, the header on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = paper
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = title
    ws.oddFooter.center.text = "Page &P sur &N"
    ws.print_options.horizontalCentered = True


def _message_records(doc: dict) -> Iterable[dict]:
    for m in doc.get("messages") or []:
        kind = m.get("classification")
        state = m.get("state")
        yield {
            "received": when(m.get("received_at")),
            "from": m.get("from") or "",
            "subject": m.get("subject") or "",
            "kind": MESSAGE_LABELS.get(kind or "", (kind or "non classé").replace("_", " ")),
            "state": MESSAGE_STATE_LABELS.get(state or "", (state or "").replace("_", " ")),
            "dossier": m.get("dossier") or "",
            "error": m.get("error") or "",
            "message_id": m.get("message_id") or "",
        }


def workbook_bytes(doc: dict, dossier_rows: list[dict]) -> bytes:
    """The workbook: sheet « Dossiers » (frozen header and reference, filters) and « Messages »."""
    from openpyxl import Workbook

    wb = Workbook()
    dossiers = wb.active
    dossiers.title = "Dossiers"
    call = doc.get("call") or ""
    _sheet(dossiers, COLUMNS, dossier_rows, f"Dossiers {call}".strip(), dossiers.PAPERSIZE_A3)
    dossiers.freeze_panes = "B2"
    messages = wb.create_sheet("Messages")
    _sheet(messages, MESSAGE_COLUMNS, _message_records(doc), f"Messages reçus {call}".strip(), messages.PAPERSIZE_A4)
    messages.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
