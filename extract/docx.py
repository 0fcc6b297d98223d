"""DOCX reader (python-docx): paragraphs and tables in document order, headings by style and by look.

Only the main document part and its styles are parsed (`_main_parts`: python-docx's own element
classes, so every property reads as it does in python-docx), not every part of the package as
`docx.Document()` does (headers, footers, numbering, settings, theme, fonts, comments…): ~4x less
time on a Word-made proposal. A package out of the ordinary (no styles part, another main content
type, OOXML Strict, a broken part) goes through `docx.Document()` as before, with its errors.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from types import SimpleNamespace

import docx
from docx.oxml.ns import nsmap, qn
from docx.styles.style import StyleFactory
from lxml import etree
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from .types import Block, Document, Table

_STYLE_HEADING = re.compile(r"^(?:heading|titre|title|überschrift|titolo|encabezado)\s*(\d+)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?:(\d+(?:\.\d+)*)\s*[.)°\-–]?|([IVX]{1,5})\s*[.)\-–]|([A-Za-z])\s*[.)])\s+\S")
_LIST_STYLE = re.compile(r"list|liste|puce|bullet|enum", re.IGNORECASE)


_TEXT_PARTS = (
    "./descendant::*[(self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen)"
    " and not(ancestor::w:txbxContent) and not(ancestor::w:del) and not(ancestor::w:moveFrom)]"
)


# XPath compiled once (python-docx's element.xpath() compiles its expression at every call)
_TEXT_XPATH = etree.XPath(_TEXT_PARTS, namespaces=nsmap)
_P_CONTENT = etree.XPath("w:r | w:hyperlink", namespaces=nsmap)
_R_CONTENT = etree.XPath("w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab", namespaces=nsmap)
_H_RUNS = etree.XPath("w:r", namespaces=nsmap)
_W_T, _W_BR, _W_TYPE, _W_P, _W_HYPERLINK = qn("w:t"), qn("w:br"), qn("w:type"), qn("w:p"), qn("w:hyperlink")
_W_VAL, _W_PSTYLE, _W_RSTYLE = qn("w:val"), qn("w:pStyle"), qn("w:rStyle")
_RUN_TEXT = {qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-", qn("w:ptab"): "\t", qn("w:tab"): "\t"}


def _run_text(r) -> str:
    """python-docx's `Run.text` (each w:br of the text-wrapping kind a newline, tabs as tabs)."""
    parts = []
    for node in _R_CONTENT(r):
        tag = node.tag
        if tag == _W_T:
            parts.append(node.text or "")
        elif tag == _W_BR:
            parts.append("\n" if node.get(_W_TYPE, "textWrapping") == "textWrapping" else "")
        else:
            parts.append(_RUN_TEXT[tag])
    return "".join(parts)


def _cell_text(tc) -> str:
    """python-docx's `_Cell.text`: its own paragraphs' runs and hyperlinks, one line a paragraph."""
    return "\n".join("".join("".join(_run_text(r) for r in _H_RUNS(e)) if e.tag == _W_HYPERLINK else _run_text(e)
                              for e in _P_CONTENT(p)) for p in tc.iterchildren(_W_P))


def _paragraph_text(p) -> str:
    """The paragraph's text, inserted (tracked) runs, fields and content controls included."""
    parts = []
    for node in _TEXT_XPATH(p):
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag in ("br", "cr") and node.get(qn("w:type")) in (None, "textWrapping"):
            parts.append("\n")  # a line break (Shift+Enter): applicants write lists this way
        else:
            parts.append(" ")
    return "".join(parts)


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _main_parts(data: bytes):
    """The document's body and its styles as python-docx reads them (a stand-in for the
    `docx.Document` the reader uses: `.element.body`, `.styles`), from two parts only; None when
    the package is out of the ordinary (the caller then opens it with `docx.Document`)."""
    from docx.oxml.parser import parse_xml
    from docx.styles.styles import Styles
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())

        def related(source: str, rel_type: str) -> str | None:
            folder, base = posixpath.split(source)
            rels = posixpath.join(folder, "_rels", base + ".rels")
            if rels not in names:
                return None
            for rel in etree.fromstring(archive.read(rels)).iter(_RELS):
                if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                    target = rel.get("Target") or ""
                    path = target.lstrip("/") if target.startswith("/") else \
                        posixpath.normpath(posixpath.join(folder, target))
                    return path if path in names else None
            return None

        main = related("", _OFFICE_DOCUMENT)
        if main is None or _content_type(etree.fromstring(archive.read("[Content_Types].xml")), main) != _MAIN:
            return None
        styles = related(main, _STYLES)
        if styles is None:
            return None
        document = parse_xml(archive.read(main))
        used = {node.get(_W_VAL) for node in document.iter(_W_PSTYLE, _W_RSTYLE)}
        return SimpleNamespace(element=document, styles=Styles(parse_xml(_used_styles(archive.read(styles), used))))


_W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_STYLE_ID = re.compile(rb"""\sw:styleId=(["'])(.*?)\1""")
_BASED_ON = re.compile(rb"""<w:basedOn\s+w:val=(["'])(.*?)\1""")


def _used_styles(xml: bytes, used: set) -> bytes:
    """styles.xml cut down to the styles the document uses, those they are based on (any depth)
    and every default style (a Word template defines ~160 styles, table styles of 5 kB each, for
    ~10 used: parsing it all took 5x parsing the text). The whole part when it is not written the
    usual way (its root with the usual `w` prefix, no comments nor CDATA, plain ids)."""
    root_end = xml.find(b">", xml.find(b"<w:styles"))
    if xml.find(b"<w:styles") < 0 or _W_NS not in xml[:root_end] or b"<!--" in xml or b"<![CDATA[" in xml:
        return xml
    blocks, wanted = [], {u.encode() for u in used if u}
    for block in _style_blocks(xml, root_end):
        head = block[:block.find(b">") + 1]
        sid = _STYLE_ID.search(head)
        at = block.find(b"<w:basedOn")
        based = _BASED_ON.match(block, at) if at >= 0 else None
        if (sid and b"&" in sid.group(2)) or (based and b"&" in based.group(2)) or \
                (at >= 0 and (based is None or block.find(b"<w:basedOn", at + 1) >= 0)):
            return xml  # an id written with an entity, a basedOn written otherwise or twice
        blocks.append((sid.group(2) if sid else None, based.group(2) if based else None, b"w:default" in head, block))
    grown = True
    while grown:  # the styles they are based on, and theirs…
        more = {based for sid, based, default, _ in blocks if based and (sid in wanted or default)}
        grown = not more <= wanted
        wanted |= more
    kept = [block for sid, _, default, block in blocks if default or sid in wanted]
    return xml[:root_end + 1] + b"".join(kept) + b"</w:styles>"


def _style_blocks(xml: bytes, start: int):
    """Each `<w:style …>…</w:style>` element's bytes (bytes.find: a regex over 300 kB took longer
    than parsing it)."""
    pos = start
    while (i := xml.find(b"<w:style", pos)) >= 0:
        head_end = xml.find(b">", i)
        if head_end < 0:
            return
        if xml[i + 8:i + 9] not in (b" ", b">", b"/", b"\t", b"\r", b"\n"):  # <w:styles…
            pos = i + 8
            continue
        end = head_end + 1 if xml[head_end - 1:head_end] == b"/" else xml.find(b"</w:style>", head_end)
        if end < 0:
            return
        end = end if xml[head_end - 1:head_end] == b"/" else end + len(b"</w:style>")
        yield xml[i:end]
        pos = end


def _content_type(types, partname: str) -> str | None:
    """[Content_Types].xml's type for a part: its Override, else its extension's Default (case ignored)."""
    wanted = "/" + partname.lower()
    for override in types.iter(_TYPES + "Override"):
        if (override.get("PartName") or "").lower() == wanted:
            return override.get("ContentType")
    ext = partname.rsplit(".", 1)[-1].lower()
    for default in types.iter(_TYPES + "Default"):
        if (default.get("Extension") or "").lower() == ext:
            return default.get("ContentType")
    return None


def read_docx(data: bytes, name: str | None) -> Document:
    try:
        document = _main_parts(data)
    except Exception:  # noqa: BLE001 - docx.Document() below says what is wrong, as before
        document = None
    try:
        document = document or docx.Document(io.BytesIO(data))
    except KeyError as exc:
        if "relationship" in str(exc):
            return Document(name=name, status="unsupported", reason="DOCX au format « Strict » non pris en charge",
                            format="docx")
        return Document(name=name, status="error", reason=f"DOCX illisible : {str(exc)[:120]}", format="docx")
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        return Document(name=name, status="error", reason=f"DOCX illisible : {str(exc)[:120]}", format="docx")
    reader = _Reader(document)
    reader.walk(document.element.body)
    return Document(name=name, status="ok", blocks=tuple(reader.blocks), tables=tuple(reader.tables), format="docx")


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        self.blocks: list[Block] = []
        self.tables: list[Table] = []
        self.order = 0
        self.style_levels: set[int] = set()
        self._styles = {}
        self._style_info: dict[str | None, tuple[int | None, str | None, bool, bool, str]] = {}
        try:
            from docx.enum.style import WD_STYLE_TYPE

            # each style wrapped when a paragraph asks for it (a Word file defines ~160, uses ~10);
            # a repeated id: the last one, as iterating document.styles into a dict gives
            for element in document.styles.element.iterchildren(qn("w:style")):
                self._styles[element.styleId] = element
            default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            self._default_style_id = default.style_id if default is not None else None
        except (KeyError, ValueError, AttributeError):
            self._default_style_id = None

    def next_order(self) -> int:
        self.order += 1
        return self.order

    def walk(self, element) -> None:
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                self.paragraph(Paragraph(child, self.document))
            elif child.tag == qn("w:tbl"):
                self.table(DocxTable(child, self.document))
            elif child.tag in (qn("w:sdt"), qn("w:customXml"), qn("w:sdtContent"), qn("w:ins"), qn("w:smartTag")):
                content = child.find(qn("w:sdtContent"))
                self.walk(content if content is not None else child)

    def paragraph(self, paragraph: Paragraph) -> None:
        lines = [" ".join(line.split()) for line in _paragraph_text(paragraph._p).split("\n")]
        for box in paragraph._p.iter(qn("w:txbxContent")):
            self.walk(box)
        lead = self._bold_lead_in(paragraph, lines)
        if lead:
            # "**Contexte** Les agents…": a run-in heading set off by its bold alone, no punctuation
            base = max(self.style_levels) + 1 if self.style_levels else 1
            self.blocks.append(Block(text=lead, heading_level=base, order=self.next_order()))
            lines = [lines[0][len(lead):].strip()] + lines[1:]
        for text in filter(None, lines):
            level, kind = self._heading(paragraph, text)
            self.blocks.append(Block(text=text, heading_level=level, order=self.next_order(), kind=kind))

    def table(self, table: DocxTable) -> None:
        order = self.next_order()
        rows: list[tuple[str, ...]] = []
        header_rows = 0
        nested: list[DocxTable] = []
        for r_index, row in enumerate(table.rows):
            cells: list[str] = []
            previous = None
            try:
                row_cells = row.cells
            except (IndexError, ValueError):
                row_cells = []
            for cell in row_cells:
                if previous is not None and cell._tc is previous:
                    continue
                previous = cell._tc
                cells.append(" ".join(_cell_text(cell._tc).split()))
                for inner in cell._tc.iterchildren(qn("w:tbl")):
                    nested.append(DocxTable(inner, cell))
            if any(cells):
                rows.append(tuple(cells))
                tr_pr = row._tr.trPr
                if header_rows == r_index and tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None:
                    header_rows += 1
        if rows:
            self.tables.append(Table(rows=tuple(rows), order=order, header_rows=header_rows))
        for inner in nested:
            self.table(inner)

    def _info(self, style_id: str | None) -> tuple[int | None, str | None, bool, bool, str]:
        """(heading level, kind, bold, big, name) of a paragraph style, following its base styles."""
        if style_id in self._style_info:
            return self._style_info[style_id]
        style = self._styles.get(style_id) if style_id else self._styles.get(self._default_style_id)
        style = StyleFactory(style) if style is not None else None
        level = kind = None
        bold = big = False
        name = (style.name or "") if style is not None else ""
        depth = 0
        while style is not None and depth < 6:
            style_name = style.name or ""
            if level is None and style_name.lower() in ("title", "titre"):
                level, kind = 1, "title"
            m = _STYLE_HEADING.match(style_name)
            if level is None and m:
                level = int(m.group(1))
            font = getattr(style, "font", None)
            if font is not None:
                bold = bold or bool(font.bold)
                big = big or bool(font.size is not None and font.size.pt >= 13)
            style = style.base_style
            depth += 1
        info = (level, kind, bold, big, name)
        self._style_info[style_id] = info
        return info

    def _heading(self, paragraph: Paragraph, text: str) -> tuple[int | None, str | None]:
        p_pr = paragraph._p.pPr
        style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None
        level, kind, style_bold, style_big, style_name = self._info(style_id)
        if kind == "title":
            return 1, "title"
        if level is not None:
            self.style_levels.add(level)
            return level, None
        outline = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None:
            try:
                level = int(outline.get(qn("w:val"))) + 1
                if level <= 9:
                    return level, None
            except (TypeError, ValueError):
                pass
        is_list = bool(_LIST_STYLE.search(style_name or "")) or paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
        words = text.split()
        base = max(self.style_levels) + 1 if self.style_levels else 1
        if len(words) > 15 or text.endswith((".", ";", ",")) or not any(c.isalpha() for c in text):
            return None, "list" if is_list else None
        if self._looks_bold(paragraph, style_bold) or self._looks_big(paragraph, style_big):
            return base, None
        m = _NUMBERED.match(text)
        if m and len(words) <= 12 and words[1:2] and words[1][:1].isupper():
            depth = m.group(1).count(".") if m.group(1) else 0
            return base + depth, None
        letters = [c for c in text if c.isalpha()]
        if len(letters) >= 4 and all(c.isupper() for c in letters) and len(words) <= 10:
            return base, None
        return None, "list" if is_list else None

    def _bold_lead_in(self, paragraph: Paragraph, lines: list[str]) -> str | None:
        """The bold words opening a paragraph of plain text when nothing but the bold sets them off
        ("**Contexte** Les agents…", "**Nos objectifs** Outiller…"): a short capitalised lead-in,
        then a sentence opening with a capital. With a colon or a full stop the text says it itself."""
        runs = [(r, text) for r in paragraph.runs if (text := _run_text(r._r))]
        if len(runs) < 2 or not lines or not lines[0]:
            return None
        p_pr = paragraph._p.pPr
        style_bold = self._info(p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None)[2]
        lead = ""
        for run, text in runs:
            bold = run.bold or (run.bold is None and (style_bold or self._run_style_bold(run)))
            if not bold:
                break
            lead += text
        else:
            return None  # all bold: a heading, told by _heading
        lead = " ".join(lead.split())
        rest = lines[0][len(lead):].strip() if lines[0].startswith(lead) else ""
        words = lead.split()
        if not lead or not 1 <= len(words) <= 6 or not lead[:1].isupper() or lead[-1:] in ".:;,!?–—-":
            return None
        if len(rest.split()) < 4 or not rest[:1].isupper() or style_bold:
            return None
        return lead

    def _run_style_bold(self, run) -> bool:
        r_pr = run._r.rPr
        style_id = r_pr.rStyle.val if r_pr is not None and r_pr.rStyle is not None else None
        if not style_id:
            return False
        return self._info(style_id)[2]

    def _looks_bold(self, paragraph: Paragraph, style_bold: bool) -> bool:
        runs = [r for r in paragraph.runs if _run_text(r._r).strip()]
        if not runs:
            return False
        return all(r.bold or (r.bold is None and (style_bold or self._run_style_bold(r))) for r in runs)

    @staticmethod
    def _looks_big(paragraph: Paragraph, style_big: bool) -> bool:
        runs = [r for r in paragraph.runs if _run_text(r._r).strip()]
        if not runs:
            return False
        sizes = [r.font.size.pt if r.font.size is not None else (13.0 if style_big else 0.0) for r in runs]
        return min(sizes) >= 13
