"""What an applicant typed into a fillable PDF form (AcroForm): each field's value, placed in the
page's reading order beside the label the form prints for it.

The values live in the fields' annotations, not in the page's text layer: a reader of the page
text alone sees the form's questions with no answers. A value goes right after the label printed
above its field, or on the label's own line when the label stands to the field's left
("Contexte : <value>"); a field with no printed label near it is introduced by its alternate name
(the tooltip the form's author wrote), or by its name when that name is made of words.
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from .textutil import fold

_TEXT_FIELDS = {pdfium_c.FPDF_FORMFIELD_TEXTFIELD, pdfium_c.FPDF_FORMFIELD_COMBOBOX, pdfium_c.FPDF_FORMFIELD_LISTBOX}
_GENERIC_NAME = re.compile(r"(?i)^(?:champ|field|text|texte|zone|fill|txt|untitled|sans titre)?[\s_.\-]*\d*$")
MAX_FIELDS = 400  # a page holding more is a grid, not a questionnaire
MAX_VALUE = 20_000


@dataclass(frozen=True)
class FieldValue:
    label: str | None  # the field's alternate name, or its name when it reads as words
    text: str
    left: float
    right: float
    top: float
    bottom: float


def has_form(pdf) -> bool:
    """Whether the document holds an AcroForm: its fields are read when it does (the form
    environment must exist before any page is loaded)."""
    return pdfium_c.FPDF_GetFormType(pdf.raw) in (pdfium_c.FORMTYPE_ACRO_FORM, pdfium_c.FORMTYPE_XFA_FOREGROUND)


def _string(function, *args) -> str:
    size = function(*args, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    function(*args, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le", "replace")


def page_fields(pdf, page) -> list[FieldValue]:
    """The filled text, combo and list fields of one page."""
    handle = getattr(getattr(pdf, "formenv", None), "raw", None)
    if handle is None:
        return []
    found: list[FieldValue] = []
    for index in range(min(pdfium_c.FPDFPage_GetAnnotCount(page.raw), MAX_FIELDS)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_WIDGET:
                continue
            if pdfium_c.FPDFAnnot_GetFormFieldType(handle, annot) not in _TEXT_FIELDS:
                continue
            value = _string(pdfium_c.FPDFAnnot_GetFormFieldValue, handle, annot)[:MAX_VALUE].strip()
            if not value:
                continue
            rect = pdfium_c.FS_RECTF()
            if not pdfium_c.FPDFAnnot_GetRect(annot, rect):
                continue
            label = _string(pdfium_c.FPDFAnnot_GetFormFieldAlternateName, handle, annot).strip()
            if not label:
                name = _string(pdfium_c.FPDFAnnot_GetFormFieldName, handle, annot).rsplit(".", 1)[-1]
                name = " ".join(name.replace("_", " ").split())
                label = name if sum(c.isalpha() for c in name) >= 3 and not _GENERIC_NAME.match(name) else ""
            found.append(FieldValue(label or None, value, min(rect.left, rect.right), max(rect.left, rect.right),
                                    max(rect.top, rect.bottom), min(rect.top, rect.bottom)))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return found


def place(lines: list, fields: list[FieldValue], make_line) -> list:
    """The page's lines with each field's value where a reader of the printed form looks for it.
    `make_line(text, left, right, top, bottom)` builds a line like those of `lines`."""
    if not fields:
        return lines
    lines = list(lines)
    after: dict[int, list] = {}  # index of a label line -> the value lines going after it
    loose: list = []
    for field in sorted(fields, key=lambda f: (-f.top, f.left)):
        paragraphs = [" ".join(p.split()) for p in re.split(r"[\r\n]+", field.text) if p.strip()]
        if not paragraphs or _printed(lines, field, paragraphs[0]):
            continue  # empty, or flattened into the page already
        beside = _label_beside(lines, field)
        if beside is not None:
            label = lines[beside]
            joined = label.text.rstrip() + (" " if label.text.rstrip().endswith(":") else " : ") + paragraphs[0]
            lines[beside] = _with_text(label, joined, field)
            paragraphs = paragraphs[1:]
            anchor = beside
        else:
            anchor = _label_above(lines, field, fields)
        if anchor is None and field.label and paragraphs:
            paragraphs[0] = f"{field.label} : {paragraphs[0]}"
        # one line a paragraph, a paragraph's spacing apart: never taken for the wrapped lines of one
        height = (field.top - field.bottom) / max(len(paragraphs), 1)
        made = [make_line(text, field.left, field.right, field.top - k * height, field.top - (k + 0.3) * height)
                for k, text in enumerate(paragraphs)]
        if anchor is None:
            loose.extend(made)
        else:
            after.setdefault(anchor, []).extend(made)
    placed: list = []
    for index, line in enumerate(lines):
        placed.append(line)
        placed.extend(after.get(index, ()))
    for line in loose:  # by position among the page's lines
        at = next((i for i, other in enumerate(placed) if other.top < line.top - 1), len(placed))
        placed.insert(at, line)
    return placed


def _printed(lines: list, field: FieldValue, value: str) -> bool:
    """The value is printed in the field's box already (a form flattened, or printed to PDF)."""
    wanted = fold(value).replace(" ", "")[:40]
    inside = "".join(fold(line.text).replace(" ", "") for line in lines
                     if field.bottom - 2 <= (line.top + line.bottom) / 2 <= field.top + 2
                     and line.left >= field.left - 2 and line.right <= field.right + 2)
    return bool(wanted) and wanted in inside


def _with_text(line, text: str, field: FieldValue):
    from dataclasses import replace

    return replace(line, text=text, right=max(line.right, field.right))


def _label_beside(lines: list, field: FieldValue) -> int | None:
    """The line printed on the field's left, on its first row: "Contexte :" [field]."""
    row_top = field.top
    row_bottom = max(field.bottom, field.top - 30)
    best = None
    for index, line in enumerate(lines):
        middle = (line.top + line.bottom) / 2
        if row_bottom - 2 <= middle <= row_top + 2 and line.right <= field.left + 3 and line.right >= field.left - 200:
            if best is None or line.right > lines[best].right:
                best = index
    return best


def _label_above(lines: list, field: FieldValue, fields: list[FieldValue]) -> int | None:
    """The closest line printed above the field, over its width, within a few lines' height,
    with no other field between them (a line on another field's row is that field's label)."""
    best = None
    for index, line in enumerate(lines):
        if line.bottom < field.top - 2 or line.bottom > field.top + 40:
            continue
        if line.left >= field.right or line.right <= field.left - 5:
            continue
        if any(other is not field and other.bottom < line.top and other.top > field.top
               and other.left < field.right and other.right > field.left for other in fields):
            continue
        if best is None or line.bottom < lines[best].bottom:
            best = index
    return best
