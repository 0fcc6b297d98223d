"""ODT reader (odfpy): headings with their outline level, paragraphs, list items and tables with
their cells, in document order: the Document shape extract/docx.py gives a Word file."""
from __future__ import annotations

import io
import re
import zipfile
from xml.parsers.expat import ExpatError

from .textutil import has_numbering
from .types import Block, Document, Table

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE_HEADING = re.compile(r"^(?:heading|titre|title|überschrift|titolo|encabezado)[ _]*(?:_20_)?(\d+)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "titre", "titre principal"}
_SKIPPED = {(_TEXT, "note"), (_TEXT, "tracked-changes"), (_OFFICE, "annotation"), (_TEXT, "sequence-decls"),
            (_TEXT, "variable-decls"), (_TEXT, "user-field-decls")}
MAX_REPEAT = 64  # a cell or row repeated more than this is layout padding, not content


def read_odt(data: bytes, name: str | None) -> Document:
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
    except KeyError as exc:  # content.xml or styles.xml missing
        return Document(name=name, status="error", reason=f"ODT illisible : {str(exc)[:120]}", format="odt")
    except (zipfile.BadZipFile, ExpatError, ValueError, AttributeError, IndexError) as exc:
        return Document(name=name, status="error", reason=f"ODT illisible : {str(exc)[:120]}", format="odt")
    reader = _Reader(_Styles(document))
    reader.walk(document.text)
    return Document(name=name, status="ok", blocks=tuple(reader.blocks), tables=tuple(reader.tables), format="odt")


class _Styles:
    """Paragraph and text styles by name: (heading level, title, bold, font size in points),
    following parent styles."""

    def __init__(self, document) -> None:
        self.raw: dict[str, object] = {}
        for container in (document.styles, document.automaticstyles):
            for style in container.childNodes:
                if style.qname == (_STYLE, "style"):
                    self.raw[style.getAttrNS(_STYLE, "name")] = style
        self.cache: dict[str | None, tuple[int | None, bool, bool, float | None]] = {}

    def info(self, name: str | None) -> tuple[int | None, bool, bool, float | None]:
        if name in self.cache:
            return self.cache[name]
        level, title, bold, size = None, False, False, None
        seen = 0
        style = self.raw.get(name) if name else None
        while style is not None and seen < 8:
            names = {style.getAttrNS(_STYLE, "name") or "", style.getAttrNS(_STYLE, "display-name") or ""}
            for label in names:
                readable = label.replace("_20_", " ").strip()
                if readable.lower() in _TITLE_STYLES:
                    title = True
                match = _STYLE_HEADING.match(readable)
                if level is None and match:
                    level = int(match.group(1))
            for properties in style.childNodes:
                if properties.qname == (_STYLE, "text-properties"):
                    weight = properties.getAttrNS(_FO, "font-weight")
                    if weight and not bold:
                        bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
                    font = properties.getAttrNS(_FO, "font-size") or ""
                    if size is None and font.endswith("pt"):
                        try:
                            size = float(font[:-2])
                        except ValueError:
                            pass
            style = self.raw.get(style.getAttrNS(_STYLE, "parent-style-name") or "")
            seen += 1
        self.cache[name] = (level, title, bold, size)
        return self.cache[name]


class _Reader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.blocks: list[Block] = []
        self.tables: list[Table] = []
        self.order = 0
        self.outline_levels: set[int] = set()

    def next_order(self) -> int:
        self.order += 1
        return self.order

    def walk(self, element, in_list: bool = False) -> None:
        for node in element.childNodes:
            qname = getattr(node, "qname", None)
            if qname is None or qname in _SKIPPED:
                continue
            if qname == (_TEXT, "h"):
                self.heading(node)
            elif qname == (_TEXT, "p"):
                self.paragraph(node, in_list)
            elif qname == (_TABLE, "table"):
                self.table(node)
            elif qname in ((_TEXT, "list"), (_TEXT, "list-item"), (_TEXT, "list-header")):
                self.walk(node, in_list=True)
            else:  # sections, frames and text boxes, indexes, tracked insertions: their content
                self.walk(node, in_list)

    def heading(self, node) -> None:
        try:
            level = int(node.getAttrNS(_TEXT, "outline-level") or 1)
        except ValueError:
            level = 1
        self.outline_levels.add(level)
        for text in _lines(node):
            self.blocks.append(Block(text=text, heading_level=level, order=self.next_order()))
        self.walk_frames(node)

    def paragraph(self, node, in_list: bool) -> None:
        for text in _lines(node):
            level, kind = self._heading(node, text, in_list)
            self.blocks.append(Block(text=text, heading_level=level, order=self.next_order(), kind=kind))
        self.walk_frames(node)

    def walk_frames(self, node) -> None:
        """Text boxes anchored in a paragraph: their paragraphs come after it."""
        for frame in _descendants(node, (_DRAW, "frame")):
            self.walk(frame)

    def table(self, node) -> None:
        order = self.next_order()
        rows: list[tuple[str, ...]] = []
        header_rows = 0
        nested = []
        for row, in_header in _rows(node):
            cells: list[str] = []
            for cell in row.childNodes:
                if getattr(cell, "qname", None) != (_TABLE, "table-cell"):
                    continue  # covered cells belong to the merged cell before them
                nested += _descendants(cell, (_TABLE, "table"))
                text = " ".join(" ".join(_lines(cell, skip_tables=True)).split())
                repeat = _repeat(cell, _TABLE, "number-columns-repeated")
                cells += [text] * (repeat if text or repeat <= MAX_REPEAT else 1)
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                repeat = _repeat(row, _TABLE, "number-rows-repeated")
                for _ in range(min(repeat, MAX_REPEAT)):
                    rows.append(tuple(cells))
                    if in_header and header_rows == len(rows) - 1:
                        header_rows += 1
        if rows:
            width = max(len(r) for r in rows)
            rows = [r + ("",) * (width - len(r)) for r in rows]
            self.tables.append(Table(rows=tuple(rows), order=order, header_rows=header_rows))
        for inner in nested:
            self.table(inner)

    def _heading(self, node, text: str, in_list: bool) -> tuple[int | None, str | None]:
        level, title, style_bold, size = self.styles.info(node.getAttrNS(_TEXT, "style-name"))
        if title:
            return 1, "title"
        if level is not None:
            self.outline_levels.add(level)
            return level, None
        kind = "list" if in_list else None
        words = text.split()
        if len(words) > 15 or text.endswith((".", ";", ",")) or not any(c.isalpha() for c in text):
            return None, kind
        base = max(self.outline_levels) + 1 if self.outline_levels else 1
        spans = [s for s in _descendants(node, (_TEXT, "span")) if "".join(_texts(s)).strip()]
        span_info = [self.styles.info(s.getAttrNS(_TEXT, "style-name")) for s in spans]
        covered = sum(len("".join(_texts(s)).strip()) for s in spans) >= len(text.replace(" ", "")) * 0.9
        bold = style_bold or (bool(spans) and covered and all(info[2] for info in span_info))
        big = (size or 0) >= 13 or (bool(spans) and covered and all((info[3] or 0) >= 13 for info in span_info))
        if (bold or big) and not in_list:
            return base, None
        if has_numbering(text) and len(words) <= 12 and words[1:2] and words[1][:1].isupper():
            return base + words[0].rstrip(".)").count("."), None
        letters = [c for c in text if c.isalpha()]
        if not in_list and len(letters) >= 4 and all(c.isupper() for c in letters) and len(words) <= 10:
            return base, None
        return None, kind


def _rows(table):
    """(row, in a header group) for every row of a table, header rows and row groups included."""
    for node in table.childNodes:
        qname = getattr(node, "qname", None)
        if qname == (_TABLE, "table-row"):
            yield node, False
        elif qname in ((_TABLE, "table-header-rows"), (_TABLE, "table-rows"), (_TABLE, "table-row-group")):
            for row, in_header in _rows(node):
                yield row, in_header or qname == (_TABLE, "table-header-rows")


def _repeat(node, namespace: str, attribute: str) -> int:
    try:
        return max(1, int(node.getAttrNS(namespace, attribute) or 1))
    except ValueError:
        return 1


def _descendants(node, qname) -> list:
    found = []
    for child in node.childNodes:
        if getattr(child, "qname", None) == qname:
            found.append(child)
        elif getattr(child, "childNodes", None):
            found += _descendants(child, qname)
    return found


def _texts(node, skip_tables: bool = False):
    """The text of a paragraph: spaces (text:s), tabs and line breaks written out; notes, frames
    and annotations left out."""
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield child.data
            continue
        qname = getattr(child, "qname", None)
        if qname in _SKIPPED or qname == (_DRAW, "frame") or (skip_tables and qname == (_TABLE, "table")):
            continue
        if qname == (_TEXT, "s"):
            yield " " * min(_repeat(child, _TEXT, "c"), 8)
        elif qname == (_TEXT, "tab"):
            yield " "
        elif qname == (_TEXT, "line-break"):
            yield "\n"
        elif qname in ((_TEXT, "p"), (_TEXT, "h")):
            yield from _texts(child, skip_tables)
            yield "\n"
        else:
            yield from _texts(child, skip_tables)


def _lines(node, skip_tables: bool = False) -> list[str]:
    """A paragraph's lines (a line break, Shift+Enter, parts them as in the DOCX reader)."""
    return [t for t in (" ".join(line.split()) for line in "".join(_texts(node, skip_tables)).split("\n")) if t]
