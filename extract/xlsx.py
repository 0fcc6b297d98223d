"""XLSX reader (openpyxl): every visible sheet as tables of cached values, merged cells filled in."""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from datetime import date, datetime

import openpyxl

from .types import Block, Document, Table

MAX_ROWS = 2000
MAX_COLS = 40


_UNCACHED = re.compile(rb"<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>")


def _has_uncached_formulas(data: bytes) -> bool:
    """Whether some formula cell was saved without its computed value."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with archive.open(name) as handle:
                        if _UNCACHED.search(handle.read(20_000_000)):
                            return True
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return False
    return False


def _formula_workbook(data: bytes):
    """The workbook with its formulas, to compute those saved without a cached value."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # noqa: BLE001 - the cached values are what matters; formulas are a bonus
        return None


def _computed(sheet, row: int, col: int):
    raw = sheet.cell(row, col).value
    if not (isinstance(raw, str) and raw.startswith("=")):
        return None
    from .formulas import evaluate_formula

    value = evaluate_formula(raw, lambda r, c: sheet.cell(r, c).value)
    if value is None:
        return None
    return int(value) if value == int(value) else round(value, 2)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (datetime, date)):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def read_xlsx(data: bytes, name: str | None) -> Document:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        return Document(name=name, status="error", reason=f"XLSX illisible : {str(exc)[:120]}", format="xlsx")
    formulas = _formula_workbook(data) if _has_uncached_formulas(data) else None
    sheets = list(enumerate(workbook.worksheets, start=1))
    visible = [(index, sheet) for index, sheet in sheets if getattr(sheet, "sheet_state", "visible") == "visible"]
    # A hidden sheet is what the applicant chose not to show (an older version, working
    # figures): only what the workbook shows is read, unless it shows nothing at all.
    tables, blocks = _tables(visible, formulas)
    if not tables and not blocks and len(visible) < len(sheets):
        tables, blocks = _tables(sheets, formulas)
    workbook.close()
    return Document(name=name, status="ok", blocks=tuple(blocks), tables=tuple(tables), pages=len(workbook.worksheets),
                    format="xlsx")


def _tables(sheets: list, formulas) -> tuple[list[Table], list[Block]]:
    """The sheets' tables, a blank row splitting a sheet; `page` is the sheet's place in the
    workbook. Sentences typed each in one cell, alone on their rows ("Montant sollicité auprès de
    l'Anact : 48 000 €. Le solde …"), are paragraphs, not a table."""
    tables: list[Table] = []
    blocks: list[Block] = []
    order = 0
    for index, sheet in sheets:
        raw_sheet = formulas[sheet.title] if formulas is not None and sheet.title in formulas.sheetnames else None
        merged: dict[tuple[int, int], object] = {}
        for merged_range in getattr(sheet, "merged_cells", None) and sheet.merged_cells.ranges or ():
            top_left = sheet.cell(merged_range.min_row, merged_range.min_col).value
            for row in range(merged_range.min_row, min(merged_range.max_row, merged_range.min_row + 50) + 1):
                for col in range(merged_range.min_col, min(merged_range.max_col, merged_range.min_col + MAX_COLS) + 1):
                    merged[(row, col)] = (top_left, merged_range.min_col)
        rows: list[tuple[str, ...]] = []
        for r_index, row in enumerate(sheet.iter_rows(max_row=min(sheet.max_row or 0, MAX_ROWS), max_col=min(sheet.max_column or 0, MAX_COLS)), start=1):
            values = []
            for c_index, cell in enumerate(row, start=1):
                value = cell.value
                if value is None and raw_sheet is not None:
                    value = _computed(raw_sheet, r_index, c_index)
                if (r_index, c_index) in merged:
                    # Horizontally merged cells repeat as one value; vertical merges fill down.
                    top_left, first_col = merged[(r_index, c_index)]
                    value = top_left if c_index == first_col else None
                values.append(_cell_text(value))
            while values and not values[-1]:
                values.pop()
            if any(values):
                rows.append(tuple(values))
            elif rows and rows[-1] != ():
                rows.append(())
        # A blank row splits a sheet into separate tables (e.g. expenses, then resources).
        chunk: list[tuple[str, ...]] = []
        for row in rows + [()]:
            if row:
                chunk.append(row)
            elif chunk:
                texts = [[c for c in r if c.strip()] for r in chunk]
                if all(len(t) == 1 and _sentence(t[0]) for t in texts):
                    for t in texts:
                        order += 1
                        blocks.append(Block(text=t[0].strip(), page=index, order=order))
                else:
                    order += 1
                    width = max(len(r) for r in chunk)
                    tables.append(Table(rows=tuple(r + ("",) * (width - len(r)) for r in chunk), page=index,
                                        sheet=sheet.title, order=order))
                chunk = []
    return tables, blocks


def _sentence(text: str) -> bool:
    return len(text.split()) >= 8 or text.rstrip().endswith((".", "!", "?"))
