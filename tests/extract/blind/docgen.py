"""Renderers of an outline into DOCX, PDF (reportlab), plain text and HTML.

An outline is a list of blocks:
  ("title", text) ("sub", text) ("h", level, text) ("p", text[, "b"|"i"]) ("runin", lead, text)
  ("ul", [text]) ("ol", [text]) ("table", rows) ("kv", [(label, [blocks])]) ("break",)
"""
from __future__ import annotations

import html
import io
import re

# ============================================================================ DOCX


def to_docx(outline, *, headings: str = "styles", lists: str = "styles", table_style: str = "Table Grid",
            font: str = "Calibri", size: int = 11, header: str | None = None, footer: str | None = None,
            shade_labels: bool = True) -> bytes:
    """headings: styles (Heading N) | bold (Normal, bold, bigger) | caps (Normal, bold caps underlined).
    lists: styles (List Bullet / List Number) | typed (dash or bullet typed in the text)."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    if header:
        d.sections[0].header.paragraphs[0].text = header
    if footer:
        d.sections[0].footer.paragraphs[0].text = footer

    def para(container, text, bold=False, italic=False):
        p = container.add_paragraph()
        r = p.add_run(text)
        r.bold = bold
        r.italic = italic
        return p

    def add_list(container, items, ordered):
        for i, it in enumerate(items, 1):
            if lists == "styles" and hasattr(container, "add_paragraph") and container is d:
                container.add_paragraph(it, style="List Number" if ordered else "List Bullet")
            else:
                container.add_paragraph(f"{i}. {it}" if ordered else f"– {it}")

    def add_table(container, rows, widths=None):
        ncol = max(len(r) for r in rows)
        t = container.add_table(rows=0, cols=ncol)
        try:
            t.style = d.styles[table_style]
        except KeyError:
            t.style = d.styles["Table Grid"]
        full = 16.0 if container is d else 10.5
        first = full * (0.42 if ncol >= 3 else 0.6) if ncol > 1 else full
        widths = [first] + [(full - first) / (ncol - 1)] * (ncol - 1) if ncol > 1 else [full]
        t.autofit = False
        for i, row in enumerate(rows):
            cells = t.add_row().cells
            for j, w in enumerate(widths):
                cells[j].width = Cm(w)
            for j in range(ncol):
                txt = row[j] if j < len(row) else ""
                cells[j].text = ""
                run = cells[j].paragraphs[0].add_run(txt)
                if i == 0:
                    run.bold = True
        return t

    def add_blocks(container, blocks):
        for b in blocks:
            kind = b[0]
            if kind == "p":
                para(container, b[1], bold=len(b) > 2 and b[2] == "b", italic=len(b) > 2 and b[2] == "i")
            elif kind == "runin":
                p = container.add_paragraph()
                r = p.add_run(b[1])
                r.bold = True
                p.add_run(" " + b[2])
            elif kind in ("ul", "ol"):
                add_list(container, b[1], kind == "ol")
            elif kind == "table":
                add_table(container, b[1])
                if container is d:
                    d.add_paragraph()
            elif kind == "h":
                heading(container, b[1], b[2])

    def heading(container, level, text):
        if headings == "styles" and container is d:
            d.add_heading(text, level=level)
        elif headings == "caps":
            p = container.add_paragraph()
            r = p.add_run(text.upper())
            r.bold = True
            r.underline = True
        else:
            p = container.add_paragraph()
            r = p.add_run(text)
            r.bold = True
            r.font.size = Pt(size + (3 if level == 1 else 1))

    for b in outline:
        kind = b[0]
        if kind == "title":
            if headings == "styles":
                d.add_heading(b[1], level=0)
            else:
                p = d.add_paragraph()
                r = p.add_run(b[1])
                r.bold = True
                r.font.size = Pt(18)
        elif kind == "sub":
            para(d, b[1], italic=True)
        elif kind == "h":
            heading(d, b[1], b[2])
        elif kind == "break":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "kv":
            t = d.add_table(rows=0, cols=2)
            t.style = d.styles["Table Grid"]
            for label, blocks in b[1]:
                cells = t.add_row().cells
                r = cells[0].paragraphs[0].add_run(label)
                r.bold = True
                if shade_labels:
                    _shade(cells[0], "D9E2F3")
                first = True
                for blk in blocks:
                    if first and blk[0] == "p":
                        cells[1].paragraphs[0].add_run(blk[1])
                        first = False
                        continue
                    first = False
                    if blk[0] == "table":
                        add_table(cells[1], blk[1])
                    else:
                        add_blocks(cells[1], [blk])
            d.add_paragraph()
        else:
            add_blocks(d, [b])
    buf = io.BytesIO()
    d.core_properties.author = "Utilisateur Windows"
    d.save(buf)
    from .office import fixed_zip
    return fixed_zip(buf.getvalue())


def _shade(cell, fill):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc.append(shd)


# ============================================================================ PDF (reportlab)
_FONTS_DONE = False


def _fonts():
    global _FONTS_DONE
    if _FONTS_DONE:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    base = "/usr/share/fonts/truetype/dejavu/"
    for name, f in [("DVS", "DejaVuSans.ttf"), ("DVS-B", "DejaVuSans-Bold.ttf"), ("DVS-I", "DejaVuSans-Oblique.ttf"),
                    ("DVS-BI", "DejaVuSans-BoldOblique.ttf"), ("DVSe", "DejaVuSerif.ttf"),
                    ("DVSe-B", "DejaVuSerif-Bold.ttf"), ("DVSe-I", "DejaVuSerif-Italic.ttf"),
                    ("DVSe-BI", "DejaVuSerif-BoldItalic.ttf")]:
        pdfmetrics.registerFont(TTFont(name, base + f))
    for fam in ("DVS", "DVSe"):
        addMapping(fam, 0, 0, fam)
        addMapping(fam, 1, 0, fam + "-B")
        addMapping(fam, 0, 1, fam + "-I")
        addMapping(fam, 1, 1, fam + "-BI")
    _FONTS_DONE = True


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


def to_pdf(outline, *, family: str = "DVS", header: str | None = None, footer: str | None = None,
           landscape_slides: bool = False, heading_color: str = "#1F3864", title_page: bool = False,
           table_font: int = 9, body: int = 10, repeat_header: bool = True, top_gap: float = 0) -> bytes:
    """A report drawn by reportlab: running header and 'page N' footer; slides when landscape_slides."""
    _fonts()
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                    Table, TableStyle)

    from reportlab import rl_config
    rl_config.invariant = 1
    size = landscape(A4) if landscape_slides else A4
    bold = family + "-B"
    sty = {
        "body": ParagraphStyle("body", fontName=family, fontSize=body if not landscape_slides else 15,
                               leading=(body + 4) if not landscape_slides else 21,
                               alignment=TA_JUSTIFY if not landscape_slides else 0, spaceAfter=5),
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=15 if not landscape_slides else 26, leading=19 if not
                             landscape_slides else 32, textColor=colors.HexColor(heading_color), spaceBefore=10,
                             spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=6, spaceAfter=4),
        "title": ParagraphStyle("title", fontName=bold, fontSize=20, leading=25, spaceAfter=10),
        "sub": ParagraphStyle("sub", fontName=family + "-I", fontSize=11, leading=14, spaceAfter=12),
        "cell": ParagraphStyle("cell", fontName=family, fontSize=table_font, leading=table_font + 2),
        "cellb": ParagraphStyle("cellb", fontName=bold, fontSize=table_font, leading=table_font + 2),
    }
    flow = []
    if top_gap:
        flow.append(Spacer(1, top_gap))
    width = size[0] - 4 * cm

    def table(rows, kv=False):
        data = []
        for i, r in enumerate(rows):
            data.append([Paragraph(_esc(c), sty["cellb"] if (i == 0 and not kv) or (kv and j == 0) else sty["cell"])
                         for j, c in enumerate(r)])
        ncol = max(len(r) for r in rows)
        if kv:
            widths = [width * 0.3, width * 0.7]
        elif ncol >= 4:
            first = width * 0.38
            widths = [first] + [(width - first) / (ncol - 1)] * (ncol - 1)
        else:
            widths = [width / ncol] * ncol
            if ncol == 2:
                widths = [width * 0.7, width * 0.3]
            if ncol == 3:
                widths = [width * 0.45, width * 0.3, width * 0.25]
        t = Table(data, colWidths=widths, repeatRows=1 if (repeat_header and not kv) else 0)
        ts = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if not kv:
            ts.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")))
        t.setStyle(TableStyle(ts))
        return t

    def blocks(bs):
        for b in bs:
            k = b[0]
            if k == "p":
                txt = _esc(b[1])
                if len(b) > 2 and b[2] == "b":
                    txt = f"<b>{txt}</b>"
                elif len(b) > 2 and b[2] == "i":
                    txt = f"<i>{txt}</i>"
                flow.append(Paragraph(txt, sty["body"]))
            elif k == "runin":
                flow.append(Paragraph(f"<b>{_esc(b[1])}</b> {_esc(b[2])}", sty["body"]))
            elif k in ("ul", "ol"):
                items = [ListItem(Paragraph(_esc(t), sty["body"]), leftIndent=12) for t in b[1]]
                flow.append(ListFlowable(items, bulletType="1" if k == "ol" else "bullet",
                                         start="1" if k == "ol" else "•", leftIndent=14,
                                         bulletFontName=family, bulletFontSize=body))
            elif k == "table":
                flow.append(table(b[1]))
                flow.append(Spacer(1, 6))
            elif k == "h":
                if landscape_slides and b[1] == 1 and len(flow) > 1:
                    flow.append(PageBreak())
                flow.append(Paragraph(_esc(b[2]), sty["h1" if b[1] == 1 else "h2"]))
            elif k == "title":
                flow.append(Paragraph(_esc(b[1]), sty["title"]))
            elif k == "sub":
                flow.append(Paragraph(_esc(b[1]), sty["sub"]))
                if title_page:
                    flow.append(PageBreak())
            elif k == "break":
                flow.append(PageBreak())
            elif k == "kv":
                rows = []
                for label, inner in b[1]:
                    text = []
                    for blk in inner:
                        if blk[0] == "p":
                            text.append(blk[1])
                        elif blk[0] in ("ul", "ol"):
                            text += [f"• {x}" for x in blk[1]]
                        elif blk[0] == "table":
                            text += [" | ".join(r) for r in blk[1]]
                    rows.append([label, "\n".join(text)])
                data = [[Paragraph(_esc(a), sty["cellb"]),
                         Paragraph("<br/>".join(_esc(x) for x in c.split("\n")), sty["cell"])] for a, c in rows]
                t = Table(data, colWidths=[width * 0.3, width * 0.7])
                t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEF2F7"))]))
                flow.append(t)
                flow.append(Spacer(1, 8))

    blocks(outline)

    def deco(canvas, doc):
        canvas.saveState()
        canvas.setFont(family, 8)
        if header:
            canvas.drawString(2 * cm, size[1] - 1.2 * cm, header)
        canvas.drawRightString(size[0] - 2 * cm, 1.0 * cm, (footer + " – " if footer else "") + f"page {doc.page}")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=size, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title="", author="", creator="Microsoft® Word pour Microsoft 365")
    doc.build(flow, onFirstPage=deco, onLaterPages=deco)
    return buf.getvalue()


# ============================================================================ plain text
def to_text(outline, *, headings: str = "upper", bullet: str = "- ", tables: str = "pipe") -> str:
    """headings: upper (CAPS + underline) | numbered_paren | markdown | colon | stars.
    tables: pipe | tabs | spaced."""
    out: list[str] = []

    def table(rows):
        if tables == "tabs":
            return ["\t".join(r) for r in rows]
        if tables == "spaced":
            w = [max(len(r[j]) if j < len(r) else 0 for r in rows) for j in range(max(len(r) for r in rows))]
            return ["  ".join((r[j] if j < len(r) else "").ljust(w[j]) for j in range(len(w))).rstrip() for r in rows]
        return ["| " + " | ".join(r) + " |" for r in rows]

    for b in outline:
        k = b[0]
        if k == "title":
            out += [b[1], ""]
        elif k == "sub":
            out += [b[1], ""]
        elif k == "h":
            t = b[2]
            if headings == "upper":
                out += [t.upper(), ("=" if b[1] == 1 else "-") * len(t), ""]
            elif headings == "markdown":
                out += ["#" * (b[1] + 1) + " " + t, ""]
            elif headings == "stars":
                out += [f"*{t}*", ""]
            elif headings == "colon":
                out += [t + " :", ""]
            else:
                out += [t, ""]
        elif k == "p":
            out += [b[1], ""]
        elif k == "runin":
            out += [f"{b[1]} {b[2]}", ""]
        elif k == "ul":
            out += [bullet + x for x in b[1]] + [""]
        elif k == "ol":
            out += [f"{i}. {x}" for i, x in enumerate(b[1], 1)] + [""]
        elif k == "table":
            out += table(b[1]) + [""]
        elif k == "kv":
            for label, inner in b[1]:
                out.append(label.upper())
                out += to_text(inner, headings=headings, bullet=bullet, tables=tables).splitlines()
    return "\n".join(out).rstrip() + "\n"


# ============================================================================ HTML
def to_html(outline, *, flavor: str = "outlook", headings: str = "bold") -> str:
    """An HTML fragment as a mail client writes it: outlook (MsoNormal paragraphs, bordered tables),
    gmail (divs), apple (divs and <br>), roundcube (h3 headings)."""
    p_open, p_close = {"outlook": ('<p class="MsoNormal">', "</p>"), "gmail": ("<div>", "</div>"),
                       "apple": ("<div>", "</div>"), "roundcube": ("<p>", "</p>")}[flavor]
    out = []

    def table(rows):
        if flavor == "outlook":
            s = ['<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" '
                 'style="border-collapse:collapse;border:none">']
        else:
            s = ['<table border="1" cellpadding="4" style="border-collapse:collapse">']
        for i, r in enumerate(rows):
            s.append("<tr>")
            for c in r:
                cell = html.escape(c)
                if i == 0:
                    cell = f"<b>{cell}</b>"
                s.append(f'<td valign="top" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt">'
                         f'{p_open}{cell}{p_close}</td>' if flavor == "outlook" else f"<td>{cell}</td>")
            s.append("</tr>")
        s.append("</table>")
        return "".join(s)

    for b in outline:
        k = b[0]
        if k in ("title", "sub"):
            out.append(f"{p_open}<b>{html.escape(b[1])}</b>{p_close}")
        elif k == "h":
            t = html.escape(b[2])
            if flavor == "roundcube" or headings == "h":
                out.append(f"<h{b[1] + 2}>{t}</h{b[1] + 2}>")
            elif headings == "underline":
                out.append(f"{p_open}<b><u>{t}</u></b>{p_close}")
            else:
                out.append(f"{p_open}<b>{t}</b>{p_close}")
        elif k == "p":
            t = html.escape(b[1])
            if len(b) > 2 and b[2] == "b":
                t = f"<b>{t}</b>"
            out.append(f"{p_open}{t}{p_close}")
        elif k == "runin":
            out.append(f"{p_open}<b>{html.escape(b[1])}</b> {html.escape(b[2])}{p_close}")
        elif k in ("ul", "ol"):
            tag = k
            out.append(f"<{tag}>" + "".join(f"<li>{html.escape(x)}</li>" for x in b[1]) + f"</{tag}>")
        elif k == "table":
            out.append(table(b[1]))
        elif k == "kv":
            out.append(table([[label, to_text(inner).strip()] for label, inner in b[1]]))
        if flavor == "outlook" and k not in ("ul", "ol"):
            out.append(f"{p_open}&nbsp;{p_close}")
    return "\n".join(out)


def html_to_plain(fragment: str) -> str:
    """What an Outlook text/plain alternative looks like: tags dropped, each table cell on its own line."""
    s = re.sub(r"(?i)<br\s*/?>", "\n", fragment)
    s = re.sub(r"(?i)</(p|div|tr|li|h\d|td)>", "\n", s)
    s = re.sub(r"(?i)<li>", "\n-\t", s)
    s = re.sub(r"<[^>]+>", "", s)
    s = html.unescape(s).replace("\u00a0", " ")
    s = re.sub(r"\n{3,}", "\n\n", s)
    return s.strip() + "\n"
