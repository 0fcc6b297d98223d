"""The mail body as a Document: plain text (or HTML turned into text), tables from tab/space columns."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .types import Block, Document, Table

_QUOTE_START = re.compile(
    r"^(?:le .{0,120}a [ée]crit\s*:?|on .{0,120}wrote\s*:?|-{2,}\s*(?:original message|message d'origine|message original)\s*-{2,}"
    r"|_{5,}|de\s*:\s.*|from\s*:\s.*)$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^(?:--|-- )$")
_BULLET = re.compile(r"^\s*(?:[•▪■►◦●○·*]|[-–—](?=\s))\s*")
_COLUMNS = re.compile(r" *\t *| {3,}|\s*\|\s*")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")


def read_body(text: str | None, html: str | None) -> Document:
    """The mail body: its text part, else its HTML part turned into text."""
    headings: set[str] = set()
    if not (text and text.strip()) and html:
        text, headings = html_to_text(html)
    if not text or not text.strip():
        return Document(name=None, status="ok", format="body")
    blocks, tables = _parse(_strip_quoted(text), headings)
    return Document(name=None, status="ok", blocks=blocks, tables=tables, pages=1, format="body")


def read_text_document(data: bytes, name: str | None, html: bool = False) -> Document:
    """A text or HTML attachment, read like a mail body but keeping its name."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            decoded = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    body = read_body(None, decoded) if html else read_body(decoded, None)
    return Document(name=name, status=body.status, blocks=body.blocks, tables=body.tables, pages=1,
                    format="html" if html else "text")


def _strip_quoted(text: str) -> str:
    """Drop the quoted earlier messages of a reply (our own completion request among them)."""
    kept = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _QUOTE_START.match(stripped) and kept and any(k.strip() for k in kept):
            if stripped.lower().startswith(("de :", "de:", "from:", "from :")):
                # "De : X" opens a forwarded/quoted header block only when "Envoyé"/"Objet" follow.
                kept.append(line)
                continue
            break
        kept.append(line)
    # An Outlook-style header block: "De : … / Envoyé : … / Objet : …" marks the quoted part.
    for i in range(len(kept) - 1):
        if re.match(r"^\s*(?:de|from)\s*:", kept[i], re.IGNORECASE) and re.match(
            r"^\s*(?:envoy[ée]|sent|date|à|to)\s*:", kept[i + 1], re.IGNORECASE
        ) and i > 0:
            kept = kept[:i]
            break
    return "\n".join(kept)


def _split_columns(line: str) -> list[str] | None:
    if "\t" not in line and "|" not in line and not re.search(r"\S\s{3,}\S", line):
        return None
    cells = [c.strip() for c in _COLUMNS.split(line.strip(" |\r\n"))]
    cells = [c for c in cells]
    if len([c for c in cells if c]) < 2:
        return None
    if all(re.fullmatch(r"[-:= ]*", c) for c in cells):
        return []  # a markdown separator row
    return cells


def _parse(text: str, html_headings: set[str]) -> tuple[tuple[Block, ...], tuple[Table, ...]]:
    lines = text.split("\n")
    blocks: list[Block] = []
    tables: list[Table] = []
    order = 0
    rows: list[tuple[str, ...]] = []
    paragraph: list[str] = []
    para_kind: str | None = None

    def flush_paragraph() -> None:
        nonlocal order, paragraph, para_kind
        if paragraph:
            order += 1
            blocks.append(Block(text=" ".join(paragraph), page=None, order=order, kind=para_kind))
        paragraph, para_kind = [], None

    def flush_rows() -> None:
        nonlocal order, rows
        if rows:
            order += 1
            if len(rows) == 1:
                blocks.append(Block(text=" ".join(c for c in rows[0] if c), order=order))
            else:
                width = max(len(r) for r in rows)
                tables.append(Table(rows=tuple(r + ("",) * (width - len(r)) for r in rows), order=order))
            rows = []

    for index, raw in enumerate(lines):
        line = raw.rstrip()
        stripped = " ".join(line.split())
        if _SIGNATURE.match(line):
            break
        if not stripped:
            flush_paragraph()
            flush_rows()
            continue
        if _UNDERLINE.match(stripped):
            continue
        cells = _split_columns(line)
        if cells is not None:
            flush_paragraph()
            if cells:
                rows.append(tuple(cells))
            continue
        flush_rows()
        heading_level = None
        heading_text = stripped
        md = _MD_HEADING.match(stripped)
        bold = _BOLD_LINE.match(stripped)
        underlined = index + 1 < len(lines) and _UNDERLINE.match(lines[index + 1].strip() or "x")
        if stripped in html_headings:
            heading_level = 1
        elif md:
            heading_level, heading_text = len(md.group(1)), md.group(2)
        elif bold and len(bold.group(1).split()) <= 15:
            heading_level, heading_text = 2, bold.group(1).strip()
        elif underlined and len(stripped.split()) <= 15:
            heading_level = 1
        if heading_level is not None:
            flush_paragraph()
            order += 1
            blocks.append(Block(text=heading_text, order=order, heading_level=heading_level))
            continue
        is_list = bool(_BULLET.match(stripped))
        if is_list:
            flush_paragraph()
            paragraph, para_kind = [_BULLET.sub("", stripped)], "list"
            continue
        if paragraph and (para_kind == "list" or _is_own_line(stripped) or _is_own_line(paragraph[-1])):
            flush_paragraph()
        paragraph.append(stripped)
    flush_paragraph()
    flush_rows()
    return tuple(blocks), tuple(tables)


def _is_own_line(line: str) -> bool:
    """Short lines without final punctuation stand alone (headings, labels, list-like lines)."""
    return len(line.split()) <= 12 and not line.endswith((",", ";")) and not line[:1].islower()


class _HtmlText(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
              "blockquote", "section", "article", "header", "footer", "pre", "hr", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: set[str] = set()
        self._heading: list[str] | None = None
        self._skip = 0
        self._quote = 0
        self._cell_index = 0
        self._in_cell = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        if tag == "blockquote":
            self._quote += 1
        if tag == "div" and ("gmail_quote" in (attributes.get("class") or "")
                             or attributes.get("id") in ("divRplyFwdMsg", "appendonsend")):
            self._quote += 1_000_000  # a reply's quoted part runs to the end of the message
        if tag in ("td", "th"):
            if self._cell_index:
                self.parts.append("\t")
            self._cell_index += 1
            self._in_cell += 1
        elif tag == "tr":
            self._cell_index = 0
            self._in_cell = 0
            self.parts.append("\n")
        elif self._in_cell and tag in self._BLOCK:
            self.parts.append(" ")
        elif tag in self._BLOCK:
            self.parts.append("\n\n" if tag in ("p", "div", "table", "h1", "h2", "h3", "h4", "h5", "h6") else "\n")
        if tag == "li" and not self._in_cell:
            self.parts.append("- ")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title") and self._skip:
            self._skip -= 1
        if tag == "blockquote" and self._quote:
            self._quote -= 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading is not None:
            text = " ".join("".join(self._heading).split())
            if text:
                self.headings.add(text)
            self._heading = None
        if tag in ("td", "th") and self._in_cell:
            self._in_cell -= 1
        elif tag in ("tr", "br") or (self._in_cell and tag in self._BLOCK):
            pass
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip or self._quote:
            return
        data = re.sub(r"[ \t\r\n]+", " ", data)
        self.parts.append(data)
        if self._heading is not None:
            self._heading.append(data)


def html_to_text(html: str) -> tuple[str, set[str]]:
    parser = _HtmlText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - malformed HTML still yields its text so far
        pass
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) if "\t" not in line else "\t".join(c.strip() for c in line.split("\t")) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip(), parser.headings
