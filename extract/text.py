"""The mail body as a Document: plain text (or HTML turned into text), tables from tab/space columns."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .textutil import BULLET
from .types import Block, Document, Table, bounded

_WROTE = re.compile(r"^(?:le |on ).{0,160}(?:a [ée]crit|wrote)\s*:?\s*$", re.IGNORECASE)
_ORIGINAL = re.compile(r"^-{2,}\s*(?:original message|message d'origine|message original)\s*-{2,}$", re.IGNORECASE)
_HEADER_FROM = re.compile(r"^\s*\**(?:de|from|exp[ée]diteur)\s*\**\s*:", re.IGNORECASE)
_HEADER_NEXT = re.compile(r"^\s*\**(?:envoy[ée]|sent|date|[àa]|to|objet|subject)\s*\**\s*:", re.IGNORECASE)
# Our own messages, quoted back in a reply: their words must not count as the applicant's.
_OURS = re.compile(r"anact|fabrique", re.IGNORECASE)
_SIGNATURE = re.compile(r"^(?:--|-- )$")
_FORWARD = re.compile(r"^-*\s*(?:forwarded message|message transf[ée]r[ée]|d[ée]but du message r[ée]exp[ée]di[ée]|"
                      r"original message|message d'origine)\b|^\**(?:de|from)\s*\**\s*:", re.IGNORECASE)
# The closing formula of a mail: what follows is the sender's signature (name, title, address, phone).
_CLOSING = re.compile(
    r"^(?:(?:bien|tr[èe]s|tout)\s+)?(?:cordialement|cdlt|slts|sinc[èe]rement|amicalement|[àa] (?:vous|bient[ôo]t)|"
    r"(?:sinc[èe]res |meilleures |bien sinc[èe]res )?salutations(?: distingu[ée]es)?|bonne (?:journ[ée]e|soir[ée]e))"
    r"\s*[,.!]*$", re.IGNORECASE)
_BULLET = BULLET
_COLUMNS = re.compile(r" *\t *| {3,}|\s*\|\s*")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")


def read_body(text: str | None, html: str | None) -> Document:
    """The mail body: its text part, else its HTML part turned into text. The HTML part is
    preferred when it holds tables, lists or headings: the plain-text copy a mail program makes
    of it (Outlook's) puts each table cell on a line of its own and drops what made a heading."""
    headings: set[str] = set()
    if html and (not (text and text.strip()) or _structured(html)):
        text, headings = html_to_text(html)
    if not text or not text.strip():
        return Document(name=None, status="ok", format="body")
    blocks, tables = _parse(_strip_quoted(text), headings)
    return bounded(Document(name=None, status="ok", blocks=blocks, tables=tables, pages=1, format="body"))


_STRUCTURE_TAG = re.compile(r"<(?:tr|li|h[1-6])\b", re.IGNORECASE)


def _structured(html: str) -> bool:
    """Two table rows, list items or headings or more."""
    found = _STRUCTURE_TAG.finditer(html)
    return next(found, None) is not None and next(found, None) is not None


def read_text_document(data: bytes, name: str | None, html: bool = False) -> Document:
    """A text or HTML attachment, read like a mail body but keeping its name."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            decoded = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if not html and (name or "").lower().endswith(".csv"):
        return Document(name=name, status="ok", tables=_csv_tables(decoded), pages=1, format="csv")
    body = read_body(None, decoded) if html else read_body(decoded, None)
    return Document(name=name, status=body.status, blocks=body.blocks, tables=body.tables, pages=1,
                    format="html" if html else "text")


def _csv_tables(text: str) -> tuple[Table, ...]:
    """A CSV export (budgets are often one): one table, ';' or ',' or tab separated."""
    import csv
    import io

    sample = text[:5000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        class dialect(csv.excel):  # noqa: N801 - a csv dialect is a class
            delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows = [tuple(c.strip() for c in row) for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    if not rows:
        return ()
    width = max(len(r) for r in rows)
    return (Table(rows=tuple(r + ("",) * (width - len(r)) for r in rows[:5000]), order=1),)


def _strip_quoted(text: str) -> str:
    """Drop what a reply quotes: "> " lines, and from an attribution line ("Le …, Fabrique CTO a
    écrit :", an "-----Original Message-----" line, or a "De : … / Envoyé : …" header block naming
    the call's mailbox) to the end. A forwarded message (the applicant's own proposal) is kept."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _ORIGINAL.match(stripped):
            break
        if _WROTE.match(stripped) and (_OURS.search(stripped) or _quoted_after(lines, i)):
            break
        if _HEADER_FROM.match(stripped) and _OURS.search(stripped) and any(
            _HEADER_NEXT.match(following) for following in lines[i + 1:i + 3]
        ):
            break
        kept.append(line)
    return "\n".join(kept)


def _quoted_after(lines: list[str], index: int) -> bool:
    """The lines after an attribution are "> " quotes (so it opens a quote, not a forward)."""
    following = [line.strip() for line in lines[index + 1:index + 6] if line.strip()]
    return bool(following) and all(line.startswith(">") for line in following[:3])


def _split_columns(line: str) -> list[str] | None:
    if "\t" not in line and "|" not in line and not re.search(r"\S\s{3,}\S", line):
        return None
    cells = [c.strip() for c in _COLUMNS.split(line.strip(" |\r\n"))]
    if len([c for c in cells if c]) < 2 and not ("\t" in line.strip(" \r\n") or line.rstrip(" \r\n").endswith("\t")):
        return None
    if not any(cells):
        return None
    if all(re.fullmatch(r"[-:= ]*", c) for c in cells):
        return []  # a markdown separator row
    return cells


_TRAILING_FIGURE = re.compile(r"^(.*\S)\s{2,}([-−]?\d[\d \u00a0\u202f.,]*(?:\s?(?:k\s?)?(?:€|eur\w*))?)\s*$", re.IGNORECASE)


def _row_of_table(line: str, following: list[str]) -> list[str] | None:
    """Inside a table typed with spaces, the rows its columns do not show: a label and its amount
    two spaces apart ("Chargé de mission : 60 jours × 350 €  21 000 €"), or a group's label on its
    own line above more rows ("Dépenses de personnel")."""
    stripped = line.strip()
    figure = _TRAILING_FIGURE.match(stripped)
    if figure and re.search(r"[^\W\d_]", figure.group(1)):
        return [figure.group(1).strip(), figure.group(2).strip()]
    nxt = next((f for f in following if f.strip()), "")
    if stripped and len(stripped.split()) <= 6 and not stripped.endswith((".", ":", ";", ",", "!", "?")) \
            and (_split_columns(nxt) is not None or _TRAILING_FIGURE.match(nxt.strip())):
        return [stripped]
    return None


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
            for piece in _labelled_sentences(" ".join(paragraph)) if para_kind is None else [" ".join(paragraph)]:
                order += 1
                blocks.append(Block(text=piece, page=None, order=order, kind=para_kind))
        paragraph, para_kind = [], None

    def flush_rows() -> None:
        nonlocal order, rows
        if rows:
            order += 1
            if len(rows) == 1 and sum(1 for c in rows[0] if c) < 2:
                blocks.append(Block(text=" ".join(c for c in rows[0] if c), order=order))
            else:
                width = max(len(r) for r in rows)
                tables.append(Table(rows=tuple(r + ("",) * (width - len(r)) for r in rows), order=order))
            rows = []

    signature = False
    for index, raw in enumerate(lines):
        line = raw.rstrip(" \r\n")
        stripped = " ".join(line.split())
        if _SIGNATURE.match(line):
            break
        if signature:
            if not _FORWARD.match(stripped):
                continue  # the signature's name, title, address and phones
            signature = False  # a forwarded message (the applicant's proposal) follows
        if _CLOSING.match(stripped):
            flush_paragraph()
            flush_rows()
            signature = True
            continue
        if not stripped:
            flush_paragraph()
            flush_rows()
            continue
        if _UNDERLINE.match(stripped):
            continue
        cells = _split_columns(line)
        if cells is None and rows:
            cells = _row_of_table(line, lines[index + 1:index + 3])
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
        if paragraph and not _continues(paragraph, line, stripped) and (
                para_kind == "list" or _is_own_line(stripped) or _is_own_line(paragraph[-1])
                or _DASH_LEAD.match(stripped)):
            flush_paragraph()
        paragraph.append(stripped)
    flush_paragraph()
    flush_rows()
    return tuple(blocks), tuple(tables)


def _continues(paragraph: list[str], raw: str, stripped: str) -> bool:
    """A line wrapped by the sender's mail program (plain text is cut near 72 characters): it
    goes on a bracket left open, or starts in lowercase after a long line or an indent."""
    text = " ".join(paragraph)
    if text.count("(") > text.count(")"):
        return True
    if not stripped[:1].islower():
        return False
    last = paragraph[-1]
    return raw[:1] in (" ", "\t") or (len(last) >= 50 and not last.endswith((".", ";", ":", "!", "?")))


# A sentence opened by a short label and a colon ("… des applis imposées. Objectif : que patrons et
# compagnons s'accordent… Public : dirigeants…"): a terse mail crams its labelled parts in one paragraph.
_LABELLED_START = re.compile(r"(?<=[.?!])\s+(?=[A-ZÉÈÀÂÎÔÛÇ][\w'’-]*(?:\s+[\w'’-]+){0,4}\s?:\s)")


def _labelled_sentences(text: str) -> list[str]:
    """The paragraph cut before each sentence opened by a label, when two of them at least do."""
    pieces = _LABELLED_START.split(text)
    return pieces if len(pieces) >= 3 else [text]


# "Objectifs – ouvrir le dialogue…": a line opened by a short label and a dash starts anew
_DASH_LEAD = re.compile(r"^[A-ZÉÈÀÂÎÔÛÇ][\w'’]*(?:\s+[\w'’]+){0,3}\s+[–—]\s")


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
        self._bold = 0
        self._line: list[tuple[str, bool]] = []  # the current line's text runs, bold or not

    def _end_line(self) -> None:
        """A line wholly in bold, short and outside a table, is a heading (Outlook, Gmail)."""
        text = " ".join("".join(t for t, _ in self._line).split())
        if text and not self._in_cell and len(text.split()) <= 15 and all(b for t, b in self._line if t.strip()) \
                and not text.endswith((".", ";", ",")):
            self.headings.add(text.rstrip(" :"))
            self.headings.add(text)
        self._line = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not self._skip and not self._quote:  # a logo's caption ("Région Normandie")
            alt = re.sub(r"(?i)^logo(?:type)?\s+(?:(?:de|du|des)\s+(?:la\s+|l['’]\s*)?)?", "",
                         " ".join((dict(attrs).get("alt") or "").split()))
            if alt and len(alt) <= 120 and not re.fullmatch(r"(?i)(?:image|logo|signature|cid:)\S*", alt):
                self.parts.append(f"\n{alt}\n")
                self._line.append((alt, self._bold > 0))
        if tag in ("b", "strong"):
            self._bold += 1
        elif tag in self._BLOCK:
            self._end_line()
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        if tag == "blockquote":
            self._quote += 1
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
        if tag in ("b", "strong") and self._bold:
            self._bold -= 1
        elif tag in self._BLOCK:
            self._end_line()
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
        self._line.append((data, self._bold > 0))
        if self._heading is not None:
            self._heading.append(data)


def html_to_text(html: str) -> tuple[str, set[str]]:
    parser = _HtmlText()
    try:
        parser.feed(html)
        parser.close()
        parser._end_line()
    except Exception:  # noqa: BLE001 - malformed HTML still yields its text so far
        pass
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) if "\t" not in line else "\t".join(c.strip() for c in line.split("\t")) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip(), parser.headings
