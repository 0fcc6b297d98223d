"""PDF reader: pypdfium2 for every page's text layer (fast), pdfplumber's table finder only
on the pages that plausibly hold a table."""
from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf_columns import column_order, split_at_gutter
from .pdf_form import has_form, page_fields, place
from .textutil import BULLET, fold
from .types import Block, Document, Table

_BULLET = BULLET
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,3}(?:\s*(?:/|sur|of)\s*\d{1,3})?\s*$", re.IGNORECASE)
_MONEY = re.compile(r"\d[\d \u00a0\u202f.,]*\s?(?:k\s?)?(?:€|eur)", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[IVX]{1,5}[.)]|[A-Ha-h][.)])\s+\S")
_CONNECTORS = {"de", "du", "des", "et", "la", "le", "les", "l", "d", "a", "à", "en", "pour", "au", "aux", "sur", "ou"}
_TABLE_WORDS = ("montant", "total", "partenaire", "contribution", "periode", "etape", "budget", "ressources", "depenses")
MAX_TABLE_PAGES = 40


@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    page: int
    left: float = 0.0
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0


def _line_font(textpage, index: int, text: str) -> tuple[float, bool]:
    """The size of the line's first letter, and whether the line is set in bold: its first and its
    last letters (a run-in lead in bold, "Partenaires. La CPME…", leaves the line plain)."""
    offset = next((i for i, c in enumerate(text) if c.isalnum()), 0)
    last = next((i for i in range(len(text) - 1, -1, -1) if text[i].isalnum()), offset)
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index + offset)
    return round(float(size), 1), _bold(textpage, index + offset) and (last == offset or _bold(textpage, index + last))


def _bold(textpage, i: int) -> bool:
    weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, i)
    if weight >= 600:
        return True
    # No weight recorded (standard 14 fonts), or a plain weight in an embedded bold font's
    # descriptor (ReportLab's "DejaVuSans-Bold" says 400): the font's name tells.
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, name, 128, ctypes.byref(flags))
    lowered = name.value.lower()
    return b"bold" in lowered or b"black" in lowered or b"heavy" in lowered


def _char_box(textpage, index: int) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) of one character, in PDF points."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage.raw, index, left, right, bottom, top)
    return left.value, right.value, bottom.value, top.value


def _page_lines(textpage, number: int, width: float = 0.0) -> tuple[list[_Line], list[_Line] | None]:
    """The page's text-layer lines, each with its font and box; a page set in two columns whose
    text layer runs across them is read column by column (extract/pdf_columns.py), and its
    lines in the layer's order come second, for a page that turns out to hold a ruled table
    (whose cells side by side are no columns); None for a page read in the layer's order."""
    text = textpage.get_text_range()
    spans: list[tuple[int, int]] = []
    index = 0
    for raw_line in text.split("\r\n"):
        stripped = raw_line.strip()
        if stripped:
            first = index + (len(raw_line) - len(raw_line.lstrip()))
            spans.append((first, first + len(stripped) - 1))
        index += len(raw_line) + 2
    if not width or len(spans) < 6:
        return _built(textpage, text, spans, number), None
    cut, gutter = split_at_gutter(textpage, spans, width)
    lines = _built(textpage, text, cut, number)
    ordered = column_order(lines, width, gutter)
    if ordered is lines:  # no columns of prose: the lines as the layer gives them
        return (lines if gutter is None else _built(textpage, text, spans, number)), None
    return ordered, _built(textpage, text, spans, number)


def _built(textpage, text: str, spans: list[tuple[int, int]], number: int) -> list[_Line]:
    lines: list[_Line] = []
    for first, last in spans:
        stripped = text[first:last + 1]
        size, bold = _line_font(textpage, first, stripped)
        left, top = _char_box(textpage, first)[0::3]
        right, bottom = _char_box(textpage, last)[1:3]
        clean_text = stripped.rstrip("\x02\ufffe") + ("-" if stripped.endswith(("\x02", "\ufffe")) else "")
        lines.append(_Line(clean_text.replace("\ufffe", "").replace("\x02", ""), size, bold, number,
                           left, right, top, bottom))
    return lines


def _count_objects(page, kind: int, limit: int = 600, enough: int = 4) -> int:
    count = 0
    total = pdfium_c.FPDFPage_CountObjects(page.raw)
    for k in range(min(total, limit)):
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, k)) == kind:
            count += 1
            if count >= enough:
                break
    return count


def _scanned(page, lines: list[_Line]) -> bool:
    """A page to read by OCR: no text layer (or a few words, a scanning app's stamp, over a
    page-size image), and something drawn: an image, or many paths (text turned into outlines)."""
    if sum(len(line.text) for line in lines) >= 40:
        return False
    if lines:
        return _image_cover(page) >= 0.5
    return bool(_count_objects(page, pdfium_c.FPDF_PAGEOBJ_IMAGE, enough=1)) or \
        _count_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH, limit=2000, enough=100) >= 100


def _image_cover(page) -> float:
    """The share of the page that its images cover."""
    width, height = page.get_size()
    area = 0.0
    for k in range(min(pdfium_c.FPDFPage_CountObjects(page.raw), 400)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, k)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                area += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
    return area / (width * height) if width > 0 and height > 0 else 0.0


def _looks_ocr(page) -> bool:
    """A scan with an OCR text layer: the text is invisible (render mode 3) over a page-size image."""
    total = pdfium_c.FPDFPage_CountObjects(page.raw)
    texts = invisible = 0
    image_area = 0.0
    width, height = page.get_size()
    for k in range(min(total, 400)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts += 1
            if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
                invisible += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                image_area += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
    covered = width > 0 and height > 0 and image_area / (width * height) >= 0.6
    return texts > 0 and covered and invisible * 2 > texts


_TABLE_WORDS_RE = re.compile(
    r"(?i)\b(?:montant|total|partenaire|contribution|p[ée]riode|[ée]tape|budget|ressources|d[ée]penses)"
)


def _plausible_table_page(lines: list[_Line], page, continued: bool = False) -> bool:
    """Several amounts, or table words over ruling lines, or ruling lines on the page after a
    table (its rows going on over a page break): worth pdfplumber's table finder."""
    if continued and _count_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH) >= 3:
        return True
    money_lines = 0
    words = False
    for line in lines:
        text = line.text
        if _MONEY.search(text):
            money_lines += 1
            if money_lines >= 2:
                return True
        if not words and len(text) < 90 and _TABLE_WORDS_RE.search(text):
            words = True
    # One amount (the end of a table cut by a page break) or table words: ruling lines decide.
    return (words or money_lines == 1) and _count_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH) >= 3


def _compact(text: str) -> str:
    return fold(text).replace(" ", "")


def read_pdf(data: bytes, name: str | None) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            return Document(name=name, status="encrypted", reason="PDF protégé par mot de passe", format="pdf")
        return Document(name=name, status="error", reason=f"PDF illisible : {message[:120]}", format="pdf")
    try:
        forms = has_form(pdf)
        if forms:
            pdf.init_forms()  # before any page is loaded: the fields' values are read with it
        page_count = len(pdf)
        page_lines: list[list[_Line]] = []
        tables: dict[int, list[tuple[tuple[str, ...], ...]]] = {}
        table_pages = image_pages = 0
        ocr = False
        scanner = None
        layer_chars = 0  # text of the pages read from their text layer
        for number in range(page_count):
            page = pdf[number]
            textpage = page.get_textpage()
            try:
                lines, layer_order = _page_lines(textpage, number + 1, page.get_width())
                page_lines.append(lines)
                if _scanned(page, lines):
                    image_pages += 1
                    if scanner is None:
                        from .pdf_scan import PageScanner

                        scanner = PageScanner()
                    scanned = scanner.read_page(page, number + 1)
                    if scanned is not None:
                        page_lines[-1] = scanned[0]
                        if scanned[1]:
                            tables[number + 1] = scanned[1]
                elif lines:
                    layer_chars += sum(len(line.text) for line in lines)
                    if number < 3 and not ocr:
                        ocr = _looks_ocr(page)
                    if table_pages < MAX_TABLE_PAGES and _plausible_table_page(lines, page, number in tables):
                        table_pages += 1
                        found = _page_tables(page, textpage)  # the page already loaded: not loaded again
                        if found:
                            tables[number + 1] = found
                            if layer_order is not None:  # a ruled table's cells side by side, not columns
                                page_lines[-1] = lines = layer_order
                if forms:
                    page_lines[-1] = _with_fields(page_lines[-1], page_fields(pdf, page), number + 1)
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()

    text_chars = sum(len(line.text) for lines in page_lines for line in lines)
    if text_chars < 20:
        reason = "PDF sans texte"
        if image_pages:
            reason = "PDF sans couche texte (image ou scan)"
            if scanner.read_pages:
                reason += " : aucun texte reconnu"
            elif scanner.note(False):
                reason += " ; " + scanner.note(False)
        return Document(name=name, status="unreadable", reason=reason, pages=page_count, format="pdf")

    reason = "texte obtenu par reconnaissance de caractères (scan)" if ocr else None
    if scanner is not None:
        scanner.settle_sizes()
        # a scan: a page of text read by OCR, or a document whose only text OCR read
        scan = scanner.text_pages > 0 or (scanner.read_pages > 0 and layer_chars == 0)
        ocr = ocr or scan
        reason = scanner.note(scan) or reason
    blocks, placed = _blocks(page_lines, tables)
    return Document(name=name, status="ok", reason=reason, blocks=blocks, tables=placed, pages=page_count,
                    format="pdf", ocr=ocr)


def _with_fields(lines: list[_Line], fields: list, number: int) -> list[_Line]:
    """The page's lines with what was typed into its form fields (extract/pdf_form.py), in the
    page's commonest type size so that an answer never passes for a heading."""
    if not fields:
        return lines
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    return place(lines, fields, lambda text, left, right, top, bottom:
                 _Line(text, size, False, number, left, right, top, bottom))


def _page_tables(page, textpage) -> list[tuple[tuple[str, ...], ...]]:
    """The page's ruled tables (pdfplumber's table finder fed from pdfium: no pdfminer pass, ~50x
    faster a page), as rows of cell texts; none when the page defeats the finder."""
    from .pdf_tables import extract_tables

    try:
        raw_tables = extract_tables(page, textpage)
    except Exception:  # noqa: BLE001 - a bad page must not lose the document: tables are a bonus
        return []
    found = []
    for raw in raw_tables:
        rows = tuple(
            tuple(" ".join((cell or "").split()) for cell in row)
            for row in raw
            if any((cell or "").strip() for cell in row)
        )
        if rows and (len(rows) > 1 or len(rows[0]) > 1):
            found.append(rows)
    return found


def _repeated_lines(page_lines: list[list[_Line]]) -> set[str]:
    """The running headers and footers: lines at the top or bottom of most pages, the same but
    for the page's own number at their end ("Projet X – page 3"). Two pages are enough when the
    line carries each page's own number."""
    if len(page_lines) < 2:
        return set()
    counts = Counter()
    for lines in page_lines:
        edge = {_running_key(line) for line in lines[:2] + lines[-2:]}
        counts.update(edge)
    return {text for text, n in counts.items()
            if n >= max(3, len(page_lines) // 2) or (n >= 2 and text.endswith(" #"))}


_ENDING_NUMBER = re.compile(r"^(.*?\S)\s*(?:page|p\.)?\s*(\d{1,3})(?:\s*(?:/|sur|of)\s*\d{1,3})?\s*$", re.IGNORECASE)


def _running_key(line: _Line) -> str:
    """A line's text, its page's own number at its end replaced, when words come before it."""
    found = _ENDING_NUMBER.match(line.text)
    if found and found.group(2) == str(line.page) and len(found.group(1).split()) >= 2:
        return found.group(1).rstrip(" -–—|·:,") + " #"
    return line.text


def _is_bold_heading(line: _Line, body: float) -> bool:
    text = line.text
    return (
        line.bold
        and line.size >= body - 0.1
        and len(text.split()) <= 15
        and not text.endswith((".", ";", ","))
        and not _MONEY.search(text)
    )


# a figure as accounts print it, with its thousands grouped or two decimals ("19,000.00", "20 950")
_FIGURE = re.compile(r"\b\d{1,3}(?:[\u00a0\u202f ,.]\d{3})+\b|\b\d{3,}[.,]\d{2}\b")


def _heading_level(line: _Line, body: float, sizes: list[float]) -> int | None:
    text = line.text
    words = len(text.split())
    if words > 25 or not any(c.isalpha() for c in text) or _FIGURE.search(text):
        return None  # a row of figures (an accounting export's lines, a total) is no heading
    if line.size >= body * 1.15 and line.size in sizes:
        return sizes.index(line.size) + 1
    if _is_bold_heading(line, body):
        return len(sizes) + 1
    if words <= 10 and not text.endswith((".", ";", ",")) and line.size >= body - 0.1 and not _MONEY.search(text):
        if _NUMBERED.match(text) and text.split()[1:2] and text.split()[1][:1].isupper():
            return len(sizes) + 1 + text.split()[0].rstrip(".)").count(".")
        if text.isupper() and sum(1 for c in text if c.isalpha()) >= 4:
            return len(sizes) + 1
    return None


def _blocks(page_lines: list[list[_Line]], tables: dict[int, list]) -> tuple[tuple[Block, ...], tuple[Table, ...]]:
    all_lines = [line for lines in page_lines for line in lines]
    sizes_by_chars = Counter()
    for line in all_lines:
        if not line.bold:
            sizes_by_chars[line.size] += len(line.text)
    if not sizes_by_chars:
        for line in all_lines:
            sizes_by_chars[line.size] += len(line.text)
    body = sizes_by_chars.most_common(1)[0][0] if sizes_by_chars else 10.0
    heading_sizes = sorted({line.size for line in all_lines if line.size >= body * 1.15 and len(line.text.split()) <= 25}, reverse=True)
    repeated = _repeated_lines(page_lines)
    # The title is the only run of lines in the largest heading size.
    top = heading_sizes[0] if heading_sizes else None
    title_size_count = sum(1 for i, line in enumerate(all_lines)
                           if line.size == top and (i == 0 or all_lines[i - 1].size != top))

    blocks: list[Block] = []
    placed: list[Table] = []
    order = 0
    first_heading = True
    for page_index, lines in enumerate(page_lines):
        page = page_index + 1
        lines = [ln for ln in lines if _running_key(ln) not in repeated and not _PAGE_NUMBER.match(ln.text)]
        page_tables = tables.get(page, [])
        anchors: dict[int, tuple[int, tuple]] = {}
        covered: set[int] = set()
        for rows in page_tables:
            start, end = _locate(lines, rows, covered)
            if start is None:
                continue
            anchors[start] = (end, rows)
            covered.update(range(start, end + 1))
        unplaced = [rows for rows in page_tables if all(rows is not a[1] for a in anchors.values())]
        current: dict | None = None
        previous_line: _Line | None = None
        item_line: _Line | None = None  # the first line of the current paragraph or list item
        margins = _margins(lines)
        i = 0
        while i < len(lines):
            if i in anchors:
                if current:
                    blocks.append(Block(**current))
                    current = None
                end, rows = anchors[i]
                previous_line = None
                order += 1
                placed.append(Table(rows=rows, page=page, order=order))
                i = end + 1
                continue
            line = lines[i]
            text = line.text
            level = _heading_level(line, body, heading_sizes)
            if level is not None and not line.bold and line.size < body * 1.15 and _NUMBERED.match(text) \
                    and _numbered_item(text, current, lines[i + 1] if i + 1 < len(lines) else None):
                level = None
            is_list = bool(_BULLET.match(text)) and not text.startswith("--")
            if is_list:
                text = _BULLET.sub("", text)
                level = None
            if level is not None:
                if (
                    current
                    and current.get("heading_level") == level
                    and current["page"] == page
                    and _continues(current["text"], text)
                ):
                    current["text"] += " " + text
                else:
                    if current:
                        blocks.append(Block(**current))
                    order += 1
                    kind = "title" if first_heading and page == 1 and line.size == (heading_sizes or [0])[0] and \
                        len(heading_sizes) > 1 and title_size_count == 1 else None
                    current = {"text": text, "page": page, "heading_level": level, "order": order, "kind": kind}
                first_heading = False
            else:
                if (
                    current
                    and current.get("heading_level") is None
                    and not is_list
                    and (
                        ((current.get("kind") != "list" or text[:1].islower())
                         and (_continues(current["text"], text) or _wraps(previous_line, line, margins)))
                        or (current.get("kind") == "list" and _hangs(item_line, previous_line, line))
                    )
                ):
                    current["text"] = _join(current["text"], text)
                else:
                    if current:
                        blocks.append(Block(**current))
                    order += 1
                    current = {"text": text, "page": page, "heading_level": None, "order": order,
                               "kind": "list" if is_list else None}
                    item_line = line
            previous_line = line
            i += 1
        if current:
            blocks.append(Block(**current))
        for rows in unplaced:
            order += 1
            placed.append(Table(rows=rows, page=page, order=order))
    return tuple(blocks), _join_continued_tables(blocks, placed)


def _join_continued_tables(blocks: list[Block], tables: list[Table]) -> tuple[Table, ...]:
    """A table cut by a page break: the part that opens a page continues the one that closed the
    previous page (same number of columns); a repeated header row is dropped, and a row cut in
    two (the new part opening with an empty first cell) is made whole again."""
    if len(tables) < 2:
        return tuple(tables)
    first_order = {}
    last_order = {}
    for block in blocks:
        first_order.setdefault(block.page, block.order)
        last_order[block.page] = block.order
    merged: list[Table] = []
    for table in tables:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and table.page == (previous.page or 0) + 1
            and len(table.rows[0]) == len(previous.rows[0])
            and table.order < first_order.get(table.page, table.order + 1)
            and previous.order > last_order.get(previous.page, previous.order - 1)
        ):
            rows = table.rows[1:] if table.rows[0] == previous.rows[0] else table.rows
            head = previous.rows
            if rows and len(head) > 1 and _cut_row(head[-1], rows[0]):
                # a row cut by the page break: its first cell ended above, the others go on here
                last = head[-1]
                head = head[:-1] + (tuple(" ".join(c for c in (a, b) if c) for a, b in zip(last, rows[0])),)
                rows = rows[1:]
            merged[-1] = Table(rows=head + rows, page=previous.page, order=previous.order,
                               header_rows=previous.header_rows)
            continue
        merged.append(table)
    return tuple(merged)


def _cut_row(last: tuple[str, ...], first: tuple[str, ...]) -> bool:
    """The row opening a page ends the row that closed the page before: its first cell is empty
    and the text of each of its cells goes on from the one above (it begins in lower case)."""
    pairs = [(a, b) for a, b in zip(last, first) if a and b]
    return not first[0] and bool(pairs) and all(b[:1].islower() for _, b in pairs)


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """The text column's left and right edges on a page (most lines reach them)."""
    if not lines:
        return 0.0, 0.0
    rights = sorted(line.right for line in lines)
    lefts = sorted(line.left for line in lines)
    return lefts[len(lefts) // 10], rights[int(len(rights) * 0.9)]


_ITEM_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]\s")


def _numbered_item(text: str, current: dict | None, following: _Line | None) -> bool:
    """A line numbered like a heading that is an item of a numbered list: it wraps onto a line
    starting in lowercase ("3. Aract X : Accompagne l'analyse des conditions de" / "travail"), or
    the paragraph just before is the list's previous item ("1. …" then "2. …")."""
    if following is not None and following.text[:1].islower():
        return True
    number = _ITEM_NUMBER.match(text)
    before = _ITEM_NUMBER.match(current["text"]) if current and current.get("heading_level") is None else None
    return bool(number and before and int(before.group(1)) + 1 == int(number.group(1)))


def _wraps(previous: _Line | None, line: _Line, margins: tuple[float, float]) -> bool:
    """The line goes on with the previous one: the previous ran to the right margin and the gap
    between them is an ordinary line spacing (a wrapped paragraph)."""
    if previous is None or previous.page != line.page or abs(previous.size - line.size) > 0.6:
        return False
    left, right = margins
    width = right - left
    if width <= 0 or previous.right < right - 0.15 * width:
        return False  # the previous line was broken on purpose
    gap = previous.bottom - line.top
    if not -2.0 <= gap <= 0.8 * max(previous.size, line.size):
        return False
    if _MONEY.search(previous.text) and not _MID_SENTENCE.search(previous.text):
        return False  # budget lines stacked one under the other, each ending with its amount
    return abs(line.left - previous.left) <= 0.05 * width + 2.0


# A line stopped inside a sentence (on a word or a colon, not on an amount or a stop): what
# follows carries it on ("… Apport du laboratoire : 9 000 €. Région" / "Pays de la Loire : 3 500 €.").
_MID_SENTENCE = re.compile(r"(?:(?<![\d€])\s[^\W\d_][\w'’-]*|\s?:)$")


def _hangs(item: _Line | None, previous: _Line | None, line: _Line) -> bool:
    """The line goes on with the list item above: it sits right under it, indented past the
    item's bullet (a hanging indent), whatever its first letter ("Union départementale de la" /
    "Loire")."""
    if item is None or previous is None or previous.page != line.page or abs(previous.size - line.size) > 0.6:
        return False
    gap = previous.bottom - line.top
    return line.left >= item.left + 4 and -2.0 <= gap <= 0.8 * max(previous.size, line.size) \
        and line.left < previous.right


def _join(previous: str, text: str) -> str:
    """Join a wrapped line, undoing a word cut by a hyphen ("pérenni-" + "sation")."""
    if previous.endswith(("-", "\xad")) and len(previous) > 1 and previous[-2].isalpha():
        if text[:1].islower():
            return previous[:-1] + text
        if text[:1].isupper():
            return previous + text  # "Auvergne-" + "Rhône-Alpes"
    return previous + " " + text


def _continues(previous: str, text: str) -> bool:
    """Whether a line carries on the previous one (a wrapped sentence or heading)."""
    if not text:
        return False
    if text[0].islower() or text[0] in "(,;":
        return True
    last_word = previous.rstrip().rsplit(" ", 1)[-1].lower().rstrip("'’")
    if previous.rstrip().endswith(("-", "–", ",", "’", "'")):
        return True
    return last_word in _CONNECTORS


def _locate(lines: list[_Line], rows: tuple, covered: set[int]) -> tuple[int | None, int]:
    """The lines of the text layer a table's cells came from: (first, last) index."""
    first_row = _compact(" ".join(rows[0]))
    wanted = sum(len(_compact(cell)) for row in rows for cell in row)
    if len(first_row) < 3:
        return None, 0
    for i, line in enumerate(lines):
        if i in covered:
            continue
        text = _compact(line.text)
        if len(text) < 3 or not (first_row.startswith(text) or text.startswith(first_row)):
            continue
        seen = 0
        for j in range(i, len(lines)):
            seen += len(_compact(lines[j].text))
            if seen >= wanted * 0.97:
                last_row = _compact(" ".join(rows[-1]))
                while j + 1 < len(lines) and 0 < len(_compact(lines[j + 1].text)) and _compact(lines[j + 1].text) in last_row:
                    j += 1
                return i, j
        return i, len(lines) - 1
    return None, 0
