"""A document as the applicant wrote it (a list of items), what it carries (for the truth), and its
renderings: DOCX (python-docx), PDF (reportlab), ODT (odfpy), plain text and HTML mail bodies.

Items: ("title", s) ("sub", s) ("h", level, s) ("p", s) ("runin", lead, s) ("ul", [s]) ("ol", [s])
("table", rows, opts) ("kv", [(label, [items])]) ("box", heading, [items]) ("logos", [(initials, caption)])
("break",) ("tracked", before, deleted, inserted, after) ("pre", s) ("sig", [lines]) ("img", png_bytes, width_cm)"""
from __future__ import annotations

import html as htmlmod
import io
import os
import textwrap
from dataclasses import dataclass, field

from .base import freeze_zip


@dataclass
class Doc:
    name: str | None = None
    items: list = field(default_factory=list)
    header: str = ""
    footer: str = ""
    keys: set = field(default_factory=set)
    budget: object = None
    partners: list = field(default_factory=list)
    readable: bool = True
    title: str = ""
    author: str = ""
    end_stated: bool = False  # the project's end can be read in it

    def add(self, *items):
        self.items.extend(items)
        return self

    def element(self, key: str, head: str | None, items: list, level: int = 2):
        """An element of the description under its heading (or none)."""
        if head:
            self.items.append(("h", level, head))
        self.items.extend(items)
        self.keys.add(f"description.{key}")

    def carry(self, *keys):
        self.keys.update(keys)

    def set_budget(self, b):
        self.budget = b
        self.keys |= b.keys()

    def set_partners(self, names, contributions: bool):
        self.partners.extend(n for n in names if n not in self.partners)
        if names:
            self.keys.add("partenaires.liste")
            if contributions:
                self.keys.add("partenaires.contributions")


def flat_text(items) -> list[str]:
    out = []
    for it in items:
        k = it[0]
        if k in ("title", "sub", "p", "pre"):
            out.append(it[1])
        elif k == "h":
            out.append(it[2])
        elif k == "runin":
            out.append(f"{it[1]} {it[2]}")
        elif k in ("ul", "ol"):
            out.extend(it[1])
        elif k == "table":
            out.extend(" | ".join(r) for r in it[1])
    return out


# ---------------------------------------------------------------- DOCX

def to_docx(doc: Doc, heading_mode: str = "style", font: str = "Calibri", size: int = 11, comments: list | None = None) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    cp = d.core_properties
    cp.author = doc.author or "Utilisateur"
    cp.title = doc.title or ""
    import datetime as _dt
    cp.created = cp.modified = _dt.datetime(2022, 8, 1, 9, 0, 0)
    cp.last_modified_by = doc.author or "Utilisateur"
    sec = d.sections[0]
    if doc.header:
        sec.header.paragraphs[0].text = doc.header
        sec.header.paragraphs[0].runs[0].font.size = Pt(8)
    if doc.footer is not None and doc.footer != "":
        p = sec.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(doc.footer + " – page ")
        r.font.size = Pt(8)
        _field(p, "PAGE", OxmlElement, qn)

    def shade(cell, color):
        tcpr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), color)
        tcpr.append(shd)

    def heading(container, level, text):
        if heading_mode == "style":
            container.add_heading(text, level=min(level, 3)) if container is d else container.add_paragraph(text, style=f"Heading {min(level, 3)}")
        elif heading_mode == "caps_underline":
            p = container.add_paragraph()
            r = p.add_run(text.upper())
            r.bold, r.underline = True, True
        elif heading_mode == "color":
            p = container.add_paragraph()
            r = p.add_run(text)
            r.bold = True
            r.font.size = Pt(size + 3)
            r.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
        else:  # bold
            p = container.add_paragraph()
            r = p.add_run(text)
            r.bold = True
            if level <= 1:
                r.font.size = Pt(size + 2)

    def add_items(container, items):
        for it in items:
            k = it[0]
            if k == "title":
                if heading_mode == "style" and container is d:
                    d.add_heading(it[1], level=0)
                else:
                    p = container.add_paragraph()
                    r = p.add_run(it[1])
                    r.bold = True
                    r.font.size = Pt(size + 6)
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif k == "sub":
                p = container.add_paragraph()
                r = p.add_run(it[1])
                r.italic = True
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif k == "h":
                heading(container, it[1], it[2])
            elif k == "p":
                container.add_paragraph(it[1])
            elif k == "pre":
                for line in it[1].split("\n"):
                    p = container.add_paragraph()
                    r = p.add_run(line)
                    r.font.name = "Courier New"
                    r.font.size = Pt(9)
            elif k == "runin":
                p = container.add_paragraph()
                r = p.add_run(it[1] + " ")
                r.bold = True
                p.add_run(it[2])
            elif k in ("ul", "ol"):
                for s in it[1]:
                    container.add_paragraph(s, style="List Bullet" if k == "ul" else "List Number")
            elif k == "table":
                rows, opts = it[1], (it[2] if len(it) > 2 else {})
                ncol = max(len(r) for r in rows)
                sup = opts.get("super")
                t = container.add_table(rows=len(rows) + (1 if sup else 0), cols=ncol)
                t.style = "Table Grid"
                off = 0
                if sup:
                    for c0, c1, text in sup:
                        cell = t.cell(0, c0).merge(t.cell(0, c1)) if c1 > c0 else t.cell(0, c0)
                        cell.text = text
                        cell.paragraphs[0].runs[0].bold = True
                    off = 1
                for i, row in enumerate(rows):
                    for j in range(ncol):
                        cell = t.cell(i + off, j)
                        cell.text = row[j] if j < len(row) else ""
                        if (i < opts.get("header", 1)) or (opts.get("bold_first_col") and j == 0) or \
                                (opts.get("bold_rows") and i in opts["bold_rows"]):
                            for rr in cell.paragraphs[0].runs:
                                rr.bold = True
                        if i < opts.get("header", 1) and opts.get("shade"):
                            shade(cell, opts["shade"])
                        if opts.get("small"):
                            for rr in cell.paragraphs[0].runs:
                                rr.font.size = Pt(8)
                container.add_paragraph()
            elif k == "kv":
                t = container.add_table(rows=len(it[1]), cols=2)
                t.style = "Table Grid"
                for i, (label, val) in enumerate(it[1]):
                    c0, c1 = t.cell(i, 0), t.cell(i, 1)
                    c0.text = label
                    c0.paragraphs[0].runs[0].bold = True
                    shade(c0, "E7E6E6")
                    c1.paragraphs[0].text = ""
                    first = True
                    for v in val:
                        if v[0] == "p":
                            if first:
                                c1.paragraphs[0].text = v[1]
                            else:
                                c1.add_paragraph(v[1])
                        elif v[0] in ("ul", "ol"):
                            for s in v[1]:
                                if first:
                                    c1.paragraphs[0].text = "– " + s
                                    first = False
                                else:
                                    c1.add_paragraph("– " + s)
                        elif v[0] == "table":
                            for r_ in v[1]:
                                text = " ; ".join(x for x in r_ if x)
                                if first:
                                    c1.paragraphs[0].text = text
                                    first = False
                                else:
                                    c1.add_paragraph(text)
                        first = False
                container.add_paragraph()
            elif k == "box":
                t = container.add_table(rows=2, cols=1)
                t.style = "Table Grid"
                h = t.cell(0, 0)
                h.text = it[1]
                h.paragraphs[0].runs[0].bold = True
                shade(h, "D9E2F3")
                body = t.cell(1, 0)
                body.paragraphs[0].text = ""
                first = True
                for v in it[2]:
                    lines = [v[1]] if v[0] == "p" else ["• " + s for s in v[1]] if v[0] in ("ul", "ol") else \
                        [" | ".join(r_) for r_ in v[1]] if v[0] == "table" else []
                    for line in lines:
                        if first:
                            body.paragraphs[0].text = line
                            first = False
                        else:
                            body.add_paragraph(line)
                container.add_paragraph()
            elif k == "logos":
                ncol = 3
                nrow = (len(it[1]) + ncol - 1) // ncol
                t = container.add_table(rows=nrow * 2, cols=ncol)
                for i, (ini, cap_) in enumerate(it[1]):
                    rr, cc = divmod(i, ncol)
                    pic = t.cell(rr * 2, cc).paragraphs[0]
                    pic.add_run().add_picture(io.BytesIO(logo_png(ini, i)), width=Cm(3))
                    t.cell(rr * 2 + 1, cc).text = cap_
            elif k == "img":
                d.add_picture(io.BytesIO(it[1]), width=Cm(it[2]))
            elif k == "break":
                d.add_page_break()
            elif k == "sig":
                for line in it[1]:
                    p = container.add_paragraph(line)
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif k == "tracked":
                p = container.add_paragraph(it[1])
                _tracked(p, it[2], it[3], OxmlElement, qn)
                p.add_run(it[4])
            else:
                raise ValueError(k)

    add_items(d, doc.items)
    if comments and hasattr(d, "add_comment"):
        paras = [p for p in d.paragraphs if p.text.strip()]
        for idx, text in comments:
            p = paras[min(idx, len(paras) - 1)]
            if p.runs:
                d.add_comment(p.runs, text=text, author="Relecture", initials="RL")
    buf = io.BytesIO()
    d.save(buf)
    return freeze_zip(buf.getvalue())


def _field(p, code, OxmlElement, qn):
    r = p.add_run()
    b = OxmlElement("w:fldChar")
    b.set(qn("w:fldCharType"), "begin")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = code
    e = OxmlElement("w:fldChar")
    e.set(qn("w:fldCharType"), "end")
    r._r.append(b)
    r._r.append(t)
    r._r.append(e)


def _tracked(p, deleted, inserted, OxmlElement, qn):
    """A revision left in by the author: a deleted run (w:del) and its replacement (w:ins)."""
    dl = OxmlElement("w:del")
    dl.set(qn("w:id"), "1")
    dl.set(qn("w:author"), "Relecture")
    dl.set(qn("w:date"), "2022-08-10T10:00:00Z")
    r = OxmlElement("w:r")
    dt = OxmlElement("w:delText")
    dt.set(qn("xml:space"), "preserve")
    dt.text = deleted
    r.append(dt)
    dl.append(r)
    p._p.append(dl)
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "2")
    ins.set(qn("w:author"), "Relecture")
    ins.set(qn("w:date"), "2022-08-10T10:00:00Z")
    r2 = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = inserted
    r2.append(t)
    ins.append(r2)
    p._p.append(ins)


# ---------------------------------------------------------------- images

FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def _pil_font(size, bold=False):
    from PIL import ImageFont
    path = os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        return ImageFont.load_default()


def logo_png(initials: str, i: int) -> bytes:
    from PIL import Image, ImageDraw
    colors = [(31, 78, 121), (192, 80, 77), (79, 129, 189), (155, 187, 89), (128, 100, 162), (75, 172, 198), (247, 150, 70)]
    im = Image.new("RGB", (300, 150), "white")
    dr = ImageDraw.Draw(im)
    col = colors[i % len(colors)]
    dr.rounded_rectangle((10, 10, 290, 140), radius=30, fill=col)
    dr.text((150, 75), initials, fill="white", font=_pil_font(54, True), anchor="mm")
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=False)
    return buf.getvalue()


def scan_png(lines: list[str], seed: int, tilt: float = 0.8) -> bytes:
    """A page printed, signed and scanned: grey, slightly rotated, speckled. No text layer."""
    import random as _r
    from PIL import Image, ImageDraw, ImageFilter
    rnd = _r.Random(seed)
    W, H = 1240, 1754
    im = Image.new("L", (W, H), 246)
    dr = ImageDraw.Draw(im)
    y = 140
    f = _pil_font(24)
    for line in lines:
        for part in textwrap.wrap(line, 80) or [""]:
            dr.text((110, y), part, fill=40, font=f)
            y += 36
        y += 8
    dr.line((820, y + 60, 1040, y + 20), fill=30, width=3)
    dr.arc((800, y, 1000, y + 90), 200, 340, fill=30, width=3)
    for _ in range(2500):
        x0, y0 = rnd.randrange(W), rnd.randrange(H)
        dr.point((x0, y0), fill=rnd.choice([120, 160, 200]))
    im = im.rotate(tilt, fillcolor=235, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=False)
    return buf.getvalue()


# ---------------------------------------------------------------- PDF (reportlab)

_FONTS = {}


def _fonts():
    if _FONTS:
        return _FONTS
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    try:
        pdfmetrics.registerFont(TTFont("DV", os.path.join(FONT_DIR, "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DVB", os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFont(TTFont("DVI", os.path.join(FONT_DIR, "DejaVuSans-Oblique.ttf")))
        pdfmetrics.registerFont(TTFont("DVM", os.path.join(FONT_DIR, "DejaVuSansMono.ttf")))
        _FONTS.update(n="DV", b="DVB", i="DVI", m="DVM")
    except Exception:  # no DejaVu: the standard fonts (Latin-1)
        _FONTS.update(n="Helvetica", b="Helvetica-Bold", i="Helvetica-Oblique", m="Courier")
    return _FONTS


def esc(s: str) -> str:
    return htmlmod.escape(s, quote=False)


def to_pdf(doc: Doc, layout: str = "report", encrypt: str | None = None, accent=(0.12, 0.3, 0.47)) -> bytes:
    """layout: report (A4 portrait, header and footer), slides (A4 landscape, one heading per page),
    twocol (a leaflet in two columns), letter (letterhead), plain."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (BaseDocTemplate, Frame, Image, ListFlowable, ListItem, PageBreak,
                                    PageTemplate, Paragraph, Preformatted, Spacer, Table, TableStyle)

    F = _fonts()
    size = landscape(A4) if layout == "slides" else A4
    base = 10.5 if layout != "slides" else 15
    S = {
        "p": ParagraphStyle("p", fontName=F["n"], fontSize=base, leading=base * 1.35, spaceAfter=base * 0.5),
        "title": ParagraphStyle("t", fontName=F["b"], fontSize=base + 8, leading=(base + 8) * 1.2, alignment=TA_CENTER, spaceAfter=10),
        "sub": ParagraphStyle("s", fontName=F["i"], fontSize=base + 1, leading=(base + 1) * 1.3, alignment=TA_CENTER, spaceAfter=14),
        "h1": ParagraphStyle("h1", fontName=F["b"], fontSize=base + 5, leading=(base + 5) * 1.25, spaceBefore=10, spaceAfter=6,
                             textColor=colors.Color(*accent)),
        "h2": ParagraphStyle("h2", fontName=F["b"], fontSize=base + 2, leading=(base + 2) * 1.3, spaceBefore=8, spaceAfter=4,
                             textColor=colors.Color(*accent)),
        "h3": ParagraphStyle("h3", fontName=F["b"], fontSize=base, leading=base * 1.3, spaceBefore=6, spaceAfter=3),
        "cell": ParagraphStyle("c", fontName=F["n"], fontSize=base - 1.5, leading=(base - 1.5) * 1.25),
        "cellb": ParagraphStyle("cb", fontName=F["b"], fontSize=base - 1.5, leading=(base - 1.5) * 1.25),
        "cap": ParagraphStyle("cap", fontName=F["n"], fontSize=base - 2, leading=(base - 2) * 1.25, alignment=TA_CENTER),
        "mono": ParagraphStyle("m", fontName=F["m"], fontSize=8.5, leading=10.5),
        "sig": ParagraphStyle("sig", fontName=F["n"], fontSize=base, leading=base * 1.35, leftIndent=9 * cm),
    }
    W = size[0] - 4 * cm
    story = []

    def para(s, st="p"):
        return Paragraph(esc(s), S[st])

    def table(rows, opts):
        ncol = max(len(r) for r in rows)
        hdr = opts.get("header", 1)
        data = []
        for i, r in enumerate(rows):
            r = list(r) + [""] * (ncol - len(r))
            bold = i < hdr or (opts.get("bold_rows") and i in opts["bold_rows"]) or r[0].upper().startswith(("TOTAL", "SOUS-TOTAL"))
            data.append([Paragraph(esc(x), S["cellb" if bold or (opts.get("bold_first_col") and j == 0) else "cell"]) for j, x in enumerate(r)])
        widths = opts.get("widths")
        if widths:
            widths = [W * w for w in widths]
        else:
            first = 0.4 if ncol > 2 else 0.65
            widths = [W * first] + [W * (1 - first) / (ncol - 1)] * (ncol - 1) if ncol > 1 else [W]
        t = Table(data, colWidths=widths, repeatRows=hdr)
        style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
        if opts.get("grid", True):
            style.append(("GRID", (0, 0), (-1, -1), 0.4, colors.grey))
        else:
            style.append(("LINEBELOW", (0, 0), (-1, hdr - 1), 0.8, colors.black))
        if hdr:
            style.append(("BACKGROUND", (0, 0), (-1, hdr - 1), colors.Color(0.85, 0.89, 0.95)))
        for c0, c1 in opts.get("spans", []):
            style.append(("SPAN", c0, c1))
        t.setStyle(TableStyle(style))
        return t

    def flow(items, into):
        for it in items:
            k = it[0]
            if k == "title":
                into.append(para(it[1], "title"))
            elif k == "sub":
                into.append(para(it[1], "sub"))
            elif k == "h":
                if layout == "slides" and it[1] <= 2 and into:
                    into.append(PageBreak())
                into.append(para(it[2], f"h{min(it[1], 3)}"))
            elif k == "p":
                into.append(para(it[1]))
            elif k == "pre":
                into.append(Preformatted(it[1], S["mono"]))
            elif k == "runin":
                into.append(Paragraph(f"<font name='{F['b']}'>{esc(it[1])}</font> {esc(it[2])}", S["p"]))
            elif k in ("ul", "ol"):
                into.append(ListFlowable([ListItem(para(s), leftIndent=14) for s in it[1]],
                                         bulletType="bullet" if k == "ul" else "1", start="•" if k == "ul" else None,
                                         bulletFontName=F["n"], bulletFontSize=base - 1, leftIndent=14))
            elif k == "table":
                into.append(table(it[1], it[2] if len(it) > 2 else {}))
                into.append(Spacer(1, 8))
            elif k == "kv":
                rows = []
                for label, val in it[1]:
                    cell = []
                    for v in val:
                        if v[0] == "p":
                            cell.append(Paragraph(esc(v[1]), S["cell"]))
                        elif v[0] in ("ul", "ol"):
                            cell.extend(Paragraph("– " + esc(s), S["cell"]) for s in v[1])
                        elif v[0] == "table":
                            cell.extend(Paragraph(esc(" ; ".join(x for x in r if x)), S["cell"]) for r in v[1])
                    rows.append([Paragraph(esc(label), S["cellb"]), cell])
                t = Table(rows, colWidths=[W * 0.3, W * 0.7])
                t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.92, 0.92))]))
                into.append(t)
                into.append(Spacer(1, 8))
            elif k == "box":
                inner = []
                flow(it[2], inner)
                t = Table([[para(it[1], "h3")], [inner]], colWidths=[W])
                t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.grey),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.89, 0.95))]))
                into.append(t)
                into.append(Spacer(1, 8))
            elif k == "logos":
                cells, row = [], []
                for i, (ini, cap_) in enumerate(it[1]):
                    row.append([Image(io.BytesIO(logo_png(ini, i)), width=3.2 * cm, height=1.6 * cm), Paragraph(esc(cap_), S["cap"])])
                    if len(row) == 3:
                        cells.append(row)
                        row = []
                if row:
                    cells.append(row + [""] * (3 - len(row)))
                t = Table(cells, colWidths=[W / 3] * 3)
                t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
                into.append(t)
            elif k == "img":
                into.append(Image(io.BytesIO(it[1]), width=it[2] * cm, height=it[2] * cm * 0.5))
            elif k == "break":
                into.append(PageBreak())
            elif k == "sig":
                into.append(Spacer(1, 14))
                into.extend(para(s, "sig") for s in it[1])
            elif k == "tracked":
                into.append(para(it[1] + it[3] + it[4]))
            else:
                raise ValueError(k)

    flow(doc.items, story)

    def decorate(canvas, d):
        canvas.saveState()
        canvas.setFont(F["n"], 7.5)
        if doc.header:
            canvas.drawString(2 * cm, size[1] - 1.2 * cm, doc.header)
            canvas.setStrokeColorRGB(*accent)
            canvas.line(2 * cm, size[1] - 1.35 * cm, size[0] - 2 * cm, size[1] - 1.35 * cm)
        if doc.footer:
            canvas.drawCentredString(size[0] / 2, 1.1 * cm, f"{doc.footer} – {d.page}")
        if layout == "slides":
            canvas.setFillColorRGB(*accent)
            canvas.rect(0, 0, 0.6 * cm, size[1], fill=1, stroke=0)
        canvas.restoreState()

    buf = io.BytesIO()
    kw = dict(pagesize=size, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
              title=doc.title, author=doc.author, creator="Microsoft® Word pour Microsoft 365" if layout == "report" else "", invariant=1)
    if encrypt:
        from reportlab.lib.pdfencrypt import StandardEncryption
        kw["encrypt"] = StandardEncryption(encrypt, ownerPassword=encrypt + "-owner", canPrint=1, canCopy=0)
    t = BaseDocTemplate(buf, **kw)
    if layout == "twocol":
        gap = 0.8 * cm
        cw = (size[0] - 4 * cm - gap) / 2
        frames = [Frame(2 * cm, 2 * cm, cw, size[1] - 4 * cm, id="l"), Frame(2 * cm + cw + gap, 2 * cm, cw, size[1] - 4 * cm, id="r")]
        W = cw
    else:
        frames = [Frame(2 * cm, 2 * cm, size[0] - 4 * cm, size[1] - 4 * cm, id="f")]
    t.addPageTemplates([PageTemplate(id="p", frames=frames, onPage=decorate)])
    if layout == "twocol":  # tables were sized for the page: rebuild them for a column
        story = []
        flow(doc.items, story)
    t.build(story)
    return buf.getvalue()


def scan_pdf(pages_png: list[bytes]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setCreator("Canon iR-ADV C3530 PDF")
    for png in pages_png:
        c.drawImage(ImageReader(io.BytesIO(png)), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return buf.getvalue()


def acroform_pdf(title: str, fields: list[tuple[str, str]], header: str = "") -> bytes:
    """A fillable PDF form (as the association forms are distributed) with the answers typed into
    its fields: the text lives in the form fields, not in the page's own text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    F = _fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    W, H = A4
    y = H - 60
    c.setFont(F["b"], 13)
    c.drawString(50, y, title)
    if header:
        c.setFont(F["n"], 8)
        c.drawString(50, H - 30, header)
    y -= 30
    form = c.acroForm

    def typed(s: str) -> str:  # what one types into a form field drawn in Helvetica (Latin-1)
        for a, b in (("–", "-"), ("—", "-"), ("’", "'"), ("€", "euros"), ("œ", "oe"), ("Œ", "OE"), ("→", "->"), ("\u202f", " ")):
            s = s.replace(a, b)
        return s.encode("latin-1", "replace").decode("latin-1")

    fields = [(label, typed(value)) for label, value in fields]
    for i, (label, value) in enumerate(fields):
        lines = max(1, min(9, len(value) // 90 + 1))
        h = 14 * lines + 6
        if y - h - 20 < 50:
            c.showPage()
            y = H - 60
        c.setFont(F["b"], 9)
        c.drawString(50, y, label)
        y -= h + 4
        form.textfield(name=f"champ{i + 1}", value=value, x=50, y=y, width=W - 100, height=h, fontName="Helvetica",
                       fontSize=9, borderColor=None, fillColor=None, fieldFlags="multiline" if lines > 1 else "",
                       forceBorder=True)
        y -= 16
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------- ODT (odfpy)

def to_odt(doc: Doc) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P, Span

    o = OpenDocumentText()
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    o.automaticstyles.addElement(bold)
    hs = {}
    for lvl in (1, 2, 3):
        s = Style(name=f"Heading_20_{lvl}", displayname=f"Heading {lvl}", family="paragraph")
        s.addElement(TextProperties(fontsize=f"{18 - 2 * lvl}pt", fontweight="bold"))
        s.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.15cm"))
        o.styles.addElement(s)
        hs[lvl] = s
    tstyle = Style(name="Titre", family="paragraph")
    tstyle.addElement(TextProperties(fontsize="18pt", fontweight="bold"))
    o.styles.addElement(tstyle)
    for it in doc.items:
        k = it[0]
        if k == "title":
            o.text.addElement(P(stylename=tstyle, text=it[1]))
        elif k == "h":
            o.text.addElement(H(outlinelevel=it[1], stylename=hs[min(it[1], 3)], text=it[2]))
        elif k in ("p", "sub"):
            o.text.addElement(P(text=it[1]))
        elif k == "runin":
            p = P()
            p.addElement(Span(stylename=bold, text=it[1] + " "))
            p.addText(it[2])
            o.text.addElement(p)
        elif k in ("ul", "ol"):
            lst = List()
            for s in it[1]:
                li = ListItem()
                li.addElement(P(text=s))
                lst.addElement(li)
            o.text.addElement(lst)
        elif k == "table":
            rows = it[1]
            ncol = max(len(r) for r in rows)
            t = Table(name=f"Tableau{len(o.text.childNodes)}")
            cs = Style(name=f"col{len(o.text.childNodes)}", family="table-column")
            cs.addElement(TableColumnProperties(columnwidth="4cm"))
            o.automaticstyles.addElement(cs)
            t.addElement(TableColumn(numbercolumnsrepeated=ncol, stylename=cs))
            for r in rows:
                tr = TableRow()
                for j in range(ncol):
                    tc = TableCell()
                    tc.addElement(P(text=r[j] if j < len(r) else ""))
                    tr.addElement(tc)
                t.addElement(tr)
            o.text.addElement(t)
        elif k == "sig":
            for s in it[1]:
                o.text.addElement(P(text=s))
        elif k == "break":
            pass
        else:
            raise ValueError(k)
    buf = io.BytesIO()
    o.write(buf)
    return freeze_zip(buf.getvalue())


# ---------------------------------------------------------------- mail bodies

def to_text(items, heading: str = "underline", bullet: str = "- ", table: str = "pipes", width: int = 0) -> str:
    """A plain-text body as typed or pasted: heading = underline | caps | hash | stars | plain | colon."""
    out = []

    def wrap(s, indent=""):
        if not width:
            return [indent + s]
        return textwrap.wrap(s, width, initial_indent=indent, subsequent_indent=" " * len(indent)) or [""]

    for it in items:
        k = it[0]
        if k in ("title", "sub"):
            out += wrap(it[1])
            out.append("")
        elif k == "h":
            t = it[2]
            if heading == "underline":
                out += [t, ("=" if it[1] <= 1 else "-") * len(t)]
            elif heading == "caps":
                out.append(t.upper())
            elif heading == "hash":
                out.append("#" * (it[1] + 1) + " " + t)
            elif heading == "stars":
                out.append(f"*{t}*")
            elif heading == "colon":
                out.append(t.rstrip(" :?") + " :" if not t.endswith("?") else t)
            else:
                out.append(t)
            if heading in ("hash", "underline"):
                out.append("")
        elif k == "p":
            out += wrap(it[1])
            out.append("")
        elif k == "pre":
            out += it[1].split("\n")
            out.append("")
        elif k == "lines":  # consecutive lines of one block (a signature, a forwarded header)
            out += it[1]
            out.append("")
        elif k == "runin":
            out += wrap(f"{it[1]} {it[2]}")
            out.append("")
        elif k in ("ul", "ol"):
            for i, s in enumerate(it[1]):
                mark = f"{i + 1}. " if k == "ol" else bullet
                out += wrap(s, mark)
            out.append("")
        elif k == "table":
            rows = it[1]
            if table == "pipes":
                out += ["| " + " | ".join(r) + " |" for r in rows]
            elif table == "tabs":
                out += ["\t".join(r) for r in rows]
            elif table == "cells":  # what Outlook's text part makes of an HTML table
                for r in rows:
                    out += [x for x in r if x]
                    out.append("")
            elif table == "mono":
                ncol = max(len(r) for r in rows)
                ws = [max(len(r[j]) if j < len(r) else 0 for r in rows) for j in range(ncol)]
                for r in rows:
                    out.append("  ".join((r[j] if j < len(r) else "").ljust(ws[j]) if j == 0 else (r[j] if j < len(r) else "").rjust(ws[j])
                                         for j in range(ncol)).rstrip())
            out.append("")
        elif k == "kv":
            for label, val in it[1]:
                out.append(label + " :")
                out += to_text(val, heading, bullet, table, width).rstrip("\n").split("\n")
                out.append("")
        elif k == "sig":
            out += it[1]
        elif k == "break":
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_html(items, flavour: str = "outlook", heading: str = "bold") -> str:
    """An HTML body: outlook (MsoNormal paragraphs, bordered tables), gmail (div dir=ltr), plain."""
    P = (lambda s: f'<p class="MsoNormal">{s}<o:p></o:p></p>') if flavour == "outlook" else \
        (lambda s: f"<div>{s}</div>") if flavour == "gmail" else (lambda s: f"<p>{s}</p>")
    out = []
    for it in items:
        k = it[0]
        if k in ("title", "sub"):
            out.append(P(f"<b>{esc(it[1])}</b>"))
        elif k == "h":
            t = esc(it[2])
            if heading == "tags":
                out.append(f"<h{it[1] + 1}>{t}</h{it[1] + 1}>")
            elif heading == "underline":
                out.append(P(f"<b><u>{t}</u></b>"))
            else:
                out.append(P(f"<b>{t}</b>"))
        elif k == "p":
            out.append(P(esc(it[1])))
            if flavour == "gmail":
                out.append("<div><br></div>")
        elif k == "pre":
            out.append(f'<pre style="font-family:Consolas,monospace">{esc(it[1])}</pre>')
        elif k == "lines":
            out.append(P("<br>".join(esc(x) for x in it[1])))
        elif k == "runin":
            out.append(P(f"<b>{esc(it[1])}</b> {esc(it[2])}"))
        elif k in ("ul", "ol"):
            tag = "ul" if k == "ul" else "ol"
            out.append(f"<{tag}>" + "".join(f"<li>{esc(s)}</li>" for s in it[1]) + f"</{tag}>")
        elif k == "table":
            rows = it[1]
            b = ' border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse"'
            bold = ' style="font-weight:bold"'
            out.append(f"<table{b}>" + "".join(
                "<tr>" + "".join(f"<td{bold if i == 0 else ''}>{esc(x)}</td>" for x in r) + "</tr>"
                for i, r in enumerate(rows)) + "</table>")
        elif k == "sig":
            out.append(P("<br>".join(esc(x) for x in it[1])))
    return "\n".join(out)
