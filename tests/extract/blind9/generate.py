#!/usr/bin/env python3
# Blind set 9 generator: python generate.py OUT [WORK]
# -*- coding: utf-8 -*-
"""Rendering engine for blind set 9 (documents, budgets, letters, mails)."""
import hashlib
import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
import email.policy

NBSP = "\u00a0"
NNBSP = "\u202f"
PARIS = timezone(timedelta(hours=2))
FIXED_DT = datetime(2022, 8, 1, 9, 0, 0)

DESC = ["contexte", "objectifs", "problematique", "cibles", "methodologie", "phasage",
        "pilotage", "resultats", "perennisation"]
CATS = ["personnel", "deplacements_logistique", "prestations", "autres"]
CAT_LABEL = {
    "personnel": "Dépenses de personnel",
    "deplacements_logistique": "Frais de déplacement et logistique",
    "prestations": "Prestations externes",
    "autres": "Autres dépenses",
}


def h(s, n=8):
    return hashlib.sha256(s.encode()).hexdigest()[:n]


# ---------------------------------------------------------------- money
def money(x, style="sp"):
    x = float(x)
    neg = x < 0
    x = abs(x)
    ent = int(round(x))
    def grp(n, sep):
        s = str(n)
        out = []
        while len(s) > 3:
            out.insert(0, s[-3:])
            s = s[:-3]
        out.insert(0, s)
        return sep.join(out)
    if style == "sp":          # 12 500 €  (nbsp)
        r = grp(ent, NBSP) + NBSP + "€"
    elif style == "nn":        # 12 500 € (narrow nbsp)
        r = grp(ent, NNBSP) + NNBSP + "€"
    elif style == "dot":       # 12.500,00 EUR
        r = grp(ent, ".") + ",00 EUR"
    elif style == "dec":       # 12 500,00 €
        r = grp(ent, NBSP) + ",00" + NBSP + "€"
    elif style == "k":         # 12,5 k€
        k = x / 1000.0
        s = ("%.2f" % k).rstrip("0").rstrip(".").replace(".", ",")
        r = s + NBSP + "k€"
    elif style == "plain":     # 12500 €
        r = "%d €" % ent
    elif style == "glued":     # 12500€
        r = "%d€" % ent
    elif style == "ht":        # 12 500 € HT
        r = grp(ent, NBSP) + NBSP + "€ HT"
    elif style == "num":       # 12 500 (column header says €)
        r = grp(ent, NBSP)
    else:
        raise ValueError(style)
    return ("-" if neg else "") + r


# ---------------------------------------------------------------- budget helpers
def budget_figures(b):
    """b: budget record -> dict of truth figures."""
    if b is None:
        return None
    bycat = {c: None for c in CATS}
    for cat, label, amt in b["lines"]:
        v = sum(amt) if isinstance(amt, (list, tuple)) else amt
        bycat[cat] = (bycat[cat] or 0) + v
    total = sum(v for v in bycat.values() if v)
    anact = sum(a for (l, a, k) in b["fin"] if k == "anact")
    cof = [a for (l, a, k) in b["fin"] if k == "cofin"]
    cofin = sum(cof) if cof else None
    if cofin is not None:
        assert abs(anact + cofin - total) < 0.01, (b.get("tag"), anact, cofin, total)
    return {"total_eur": float(total), "anact_request_eur": float(anact),
            "cofinancing_eur": float(cofin) if cofin is not None else None,
            "by_category": {c: (float(bycat[c]) if bycat[c] is not None else None) for c in CATS}}


def budget_keys(b):
    if b is None:
        return set()
    f = budget_figures(b)
    ks = set()
    if f["by_category"]["personnel"]:
        ks.add("budget.personnel")
    if f["by_category"]["deplacements_logistique"]:
        ks.add("budget.deplacements_logistique")
    if f["by_category"]["prestations"]:
        ks.add("budget.prestations")
    if f["cofinancing_eur"]:
        ks.add("budget.cofinancements")
    return ks


def budget_rows(b, with_sub=True):
    """Rows for a table: header + category headers + lines + subtotals + total."""
    cols = b.get("cols")
    st = b.get("style", "sp")
    m = lambda v: money(v, b.get("cell_style", st))
    header = ["Poste de dépense"] + (list(cols) if cols else []) + [b.get("total_label", "Montant")]
    rows, bold = [header], {0}
    letters = "ABCD"
    grand = [0.0] * (len(cols) if cols else 1)
    ci = 0
    for cat in CATS:
        lines = [l for l in b["lines"] if l[0] == cat]
        if not lines:
            continue
        catlab = b.get("cat_labels", {}).get(cat, CAT_LABEL[cat])
        rows.append([f"{letters[ci]}. {catlab}"] + [""] * (len(header) - 1))
        bold.add(len(rows) - 1)
        ci += 1
        sub = [0.0] * (len(cols) if cols else 1)
        for _, label, amt in lines:
            vals = list(amt) if isinstance(amt, (list, tuple)) else [amt]
            for i, v in enumerate(vals):
                sub[i] += v
            if cols:
                rows.append(["   " + label] + [m(v) if v else "–" for v in vals] + [m(sum(vals))])
            else:
                rows.append(["   " + label, m(vals[0])])
        if with_sub:
            if cols:
                rows.append([f"Sous-total {catlab.lower()}"] + [m(v) for v in sub] + [m(sum(sub))])
            else:
                rows.append([f"Sous-total {catlab.lower()}", m(sub[0])])
            bold.add(len(rows) - 1)
        for i, v in enumerate(sub):
            grand[i] += v
    tl = b.get("grand_label", "TOTAL DES DÉPENSES")
    if cols:
        rows.append([tl] + [m(v) for v in grand] + [m(sum(grand))])
    else:
        rows.append([tl, m(grand[0])])
    bold.add(len(rows) - 1)
    return rows, bold


def financing_rows(b):
    st = b.get("style", "sp")
    f = budget_figures(b)
    rows = [["Ressources", "Montant", "Part du budget"]]
    for label, a, k in b["fin"]:
        pct = ("%.1f" % (100.0 * a / f["total_eur"])).replace(".", ",") + " %"
        rows.append([label, money(a, st), pct])
    tot = sum(a for _, a, _ in b["fin"])
    rows.append(["TOTAL DES RESSOURCES", money(tot, st), "100 %" if abs(tot - f["total_eur"]) < 1 else ""])
    return rows, {0, len(rows) - 1}


# ---------------------------------------------------------------- DOCX
def _set_cell_bg(cell, hexcolor):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hexcolor)
    tcPr.append(shd)


def _page_field(par):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    par._p.append(fld)


def blocks_to_docx(blocks, path, meta):
    """blocks: list of tuples. meta: author, header, footer, heading_mode ('styles'|'bold')."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt, Cm, RGBColor
    d = docx.Document()
    cp = d.core_properties
    cp.author = meta.get("author", "")
    cp.last_modified_by = meta.get("author", "")
    cp.title = meta.get("title", "")
    cp.created = meta.get("created", FIXED_DT)
    cp.modified = meta.get("created", FIXED_DT)
    cp.revision = meta.get("revision", 3)
    st = d.styles["Normal"]
    st.font.name = meta.get("font", "Calibri")
    st.font.size = Pt(meta.get("size", 10.5))
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    mode = meta.get("heading_mode", "styles")

    def hdrftr(section):
        if meta.get("header"):
            section.header.is_linked_to_previous = False
            p = section.header.paragraphs[0]
            p.text = meta["header"]
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for r in p.runs:
                r.font.size = Pt(8)
                r.font.color.rgb = RGBColor(0x60, 0x60, 0x60)
        if meta.get("footer"):
            section.footer.is_linked_to_previous = False
            p = section.footer.paragraphs[0]
            p.text = meta["footer"] + " – page "
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for r in p.runs:
                r.font.size = Pt(8)
            _page_field(p)
    hdrftr(sec)
    for b in blocks:
        kind = b[0]
        if kind == "cover":
            for i, (txt, size, bold) in enumerate(b[1]):
                p = d.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if i == 0:
                    p.paragraph_format.space_before = Pt(90)
                else:
                    p.paragraph_format.space_before = Pt(14)
                r = p.add_run(txt)
                r.font.size = Pt(size)
                r.bold = bold
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind in ("h1", "h2", "h3"):
            lvl = int(kind[1])
            if mode == "styles":
                d.add_heading(b[1], lvl)
            else:
                p = d.add_paragraph()
                p.paragraph_format.space_before = Pt(12 if lvl == 1 else 8)
                r = p.add_run(b[1])
                r.bold = True
                r.font.size = Pt(13 if lvl == 1 else 11)
                if lvl == 1 and meta.get("caps_h1"):
                    r.text = b[1].upper()
        elif kind == "p":
            d.add_paragraph(b[1])
        elif kind == "lead":   # bold label + text
            p = d.add_paragraph()
            p.add_run(b[1]).bold = True
            p.add_run(b[2])
        elif kind == "bullets":
            for it in b[1]:
                d.add_paragraph(it, style="List Bullet")
        elif kind == "numbered":
            for it in b[1]:
                d.add_paragraph(it, style="List Number")
        elif kind == "toc":
            p = d.add_paragraph()
            r = p.add_run(b[2] if len(b) > 2 else "Sommaire")
            r.bold = True
            r.font.size = Pt(14)
            for txt, page in b[1]:
                p = d.add_paragraph()
                p.paragraph_format.tab_stops.add_tab_stop(Cm(16))
                indent = txt[:1].isdigit() and "." in txt.split(" ")[0].strip(".")
                if indent:
                    p.paragraph_format.left_indent = Cm(0.6)
                p.add_run(f"{txt}\t{page}")
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "pagebreak":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "landscape":
            ns = d.add_section()
            ns.orientation = WD_ORIENT.LANDSCAPE
            ns.page_width, ns.page_height = sec.page_height, sec.page_width
            ns.left_margin = ns.right_margin = Cm(1.8)
            hdrftr(ns)
        elif kind == "portrait":
            ns = d.add_section()
            ns.orientation = WD_ORIENT.PORTRAIT
            ns.page_width, ns.page_height = sec.page_width, sec.page_height
            hdrftr(ns)
        elif kind == "table":
            rows, bold = b[1], b[2]
            widths = b[3] if len(b) > 3 and isinstance(b[3], list) else None
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, val in enumerate(row):
                    c = t.cell(i, j)
                    c.text = ""
                    r = c.paragraphs[0].add_run(str(val))
                    r.font.size = Pt(9)
                    if i in bold:
                        r.bold = True
                    if j > 0 and i > 0 and b[-1] != "left":
                        c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    if i == 0:
                        _set_cell_bg(c, "D9E2F3")
                    if widths:
                        c.width = Cm(widths[j])
            d.add_paragraph()
        elif kind == "sign":
            for line in b[1]:
                p = d.add_paragraph(line)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            raise ValueError(kind)
    buf = io.BytesIO()
    d.save(buf)
    data = normalize_zip(buf.getvalue())
    with open(path, "wb") as f:
        f.write(data)


def normalize_zip(data):
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2022-08-01T09:00:00Z", content)
            zi = zipfile.ZipInfo(info.filename, date_time=(2022, 8, 1, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, content)
    return out.getvalue()


# ---------------------------------------------------------------- PDF (LibreOffice)
def normalize_pdf(data, seed):
    hx = hashlib.md5(seed.encode()).hexdigest().upper()
    data = re.sub(rb"/(CreationDate|ModDate)\(D:\d{14}[^)]*\)",
                  lambda m: (b"/" + m.group(1) + b"(D:20220801090000+02'00')")[:len(m.group(0))].ljust(len(m.group(0)), b" "), data)
    data = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]",
                  lambda m: re.sub(rb"<[0-9A-Fa-f]+>", lambda n: b"<" + (hx * 4).encode()[:len(n.group(0)) - 2] + b">", m.group(0)), data)
    data = re.sub(rb"/DocChecksum\s*/[0-9A-Fa-f]+", lambda m: m.group(0)[:-32] + hx.encode()[:32] if len(m.group(0)) > 32 else m.group(0), data)
    return data


def docx_to_pdf(docx_path, pdf_path, work):
    outdir = os.path.join(work, "lo_out")
    os.makedirs(outdir, exist_ok=True)
    prof = os.path.join(os.path.abspath(work), "profile")
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", "pdf",
                    "--outdir", outdir, docx_path], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    produced = os.path.join(outdir, os.path.splitext(os.path.basename(docx_path))[0] + ".pdf")
    data = open(produced, "rb").read()
    os.remove(produced)
    with open(pdf_path, "wb") as f:
        f.write(normalize_pdf(data, os.path.basename(pdf_path)))


def xlsx_recalc(xlsx_path, work):
    """Let LibreOffice recalculate and store cached formula values (as Excel would)."""
    outdir = os.path.join(work, "lo_x")
    os.makedirs(outdir, exist_ok=True)
    prof = os.path.join(os.path.abspath(work), "profile")
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                    "--outdir", outdir, xlsx_path], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    produced = os.path.join(outdir, os.path.basename(xlsx_path))
    data = open(produced, "rb").read()
    os.remove(produced)
    return normalize_zip(data)


# ---------------------------------------------------------------- PDF (reportlab)
def blocks_to_pdf_rl(blocks, path, meta):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet, ParagraphStyle
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import (BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table,
                                    TableStyle, PageBreak, NextPageTemplate, ListFlowable, ListItem)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    font, fontb = "Helvetica", "Helvetica-Bold"
    for reg, bold in [("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
                      ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")]:
        if os.path.exists(reg) and os.path.exists(bold):
            try:
                pdfmetrics.registerFont(TTFont("U", reg))
                pdfmetrics.registerFont(TTFont("U-B", bold))
                font, fontb = "U", "U-B"
                break
            except Exception:
                pass
    ss = getSampleStyleSheet()
    body = ParagraphStyle("b", parent=ss["Normal"], fontName=font, fontSize=10, leading=13.5, spaceAfter=5)
    h1 = ParagraphStyle("h1", parent=body, fontName=fontb, fontSize=14, leading=18, spaceBefore=10, spaceAfter=6,
                        textColor=colors.HexColor(meta.get("color", "#1F3864")))
    h2 = ParagraphStyle("h2", parent=body, fontName=fontb, fontSize=11.5, leading=15, spaceBefore=6, spaceAfter=4)
    cell = ParagraphStyle("c", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0)
    cellb = ParagraphStyle("cb", parent=cell, fontName=fontb)
    cov = ParagraphStyle("cov", parent=body, alignment=1, fontName=fontb, fontSize=18, leading=24, spaceAfter=14)

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def deco(c, d):
        c.saveState()
        c.setFont(font, 7.5)
        w, hgt = c._pagesize
        if meta.get("header") and d.page > 1:
            c.drawRightString(w - 2 * cm, hgt - 1.2 * cm, meta["header"])
        if meta.get("footer"):
            c.drawCentredString(w / 2, 1.0 * cm, f"{meta['footer']} – {d.page}")
        c.restoreState()
    doc = BaseDocTemplate(path, pagesize=A4, invariant=1, title=meta.get("title", ""), author=meta.get("author", ""),
                          leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    pw, ph = A4
    tps = [PageTemplate("P", [Frame(2 * cm, 2 * cm, pw - 4 * cm, ph - 4 * cm)], onPage=deco, pagesize=A4),
           PageTemplate("L", [Frame(1.5 * cm, 1.8 * cm, ph - 3 * cm, pw - 3.6 * cm)], onPage=deco, pagesize=landscape(A4))]
    if meta.get("landscape"):
        tps.reverse()
    doc.addPageTemplates(tps)
    story = []
    for b in blocks:
        k = b[0]
        if k == "cover":
            story.append(Spacer(1, 5 * cm))
            for txt, size, bold in b[1]:
                st = ParagraphStyle("cv", parent=cov, fontSize=size, leading=size * 1.3, fontName=fontb if bold else font)
                story.append(Paragraph(esc(txt), st))
            story.append(PageBreak())
        elif k in ("h1", "h2", "h3"):
            story.append(Paragraph(esc(b[1]), h1 if k == "h1" else h2))
        elif k == "p":
            story.append(Paragraph(esc(b[1]), body))
        elif k == "lead":
            story.append(Paragraph(f"<b>{esc(b[1])}</b>{esc(b[2])}", body))
        elif k in ("bullets", "numbered"):
            items = [ListItem(Paragraph(esc(x), body), leftIndent=14) for x in b[1]]
            story.append(ListFlowable(items, bulletType="bullet" if k == "bullets" else "1", start=None if k == "bullets" else 1,
                                      bulletFontName=font, bulletFontSize=8, leftIndent=14))
        elif k == "toc":
            story.append(Paragraph(b[2] if len(b) > 2 else "Sommaire", h1))
            tt = Table([[Paragraph(esc(t), body), Paragraph(str(p), body)] for t, p in b[1]], colWidths=[14.5 * cm, 1.5 * cm])
            tt.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey)]))
            story.append(tt)
            story.append(PageBreak())
        elif k == "pagebreak":
            story.append(PageBreak())
        elif k == "landscape":
            story.append(NextPageTemplate("L"))
            story.append(PageBreak())
        elif k == "portrait":
            story.append(NextPageTemplate("P"))
            story.append(PageBreak())
        elif k == "table":
            rows, bold = b[1], b[2]
            data = [[Paragraph(esc(str(v)), cellb if i in bold else cell) for v in r] for i, r in enumerate(rows)]
            t = Table(data, repeatRows=1, colWidths=[w * cm for w in b[3]] if len(b) > 3 and isinstance(b[3], list) else None)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E2F3")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
            story.append(Spacer(1, 8))
        elif k == "sign":
            for line in b[1]:
                story.append(Paragraph(esc(line), ParagraphStyle("s", parent=body, alignment=2)))
        elif k == "spacer":
            story.append(Spacer(1, b[1] * cm))
        else:
            raise ValueError(k)
    doc.build(story)


# ---------------------------------------------------------------- XLSX
def budget_xlsx(b, path, work, meta):
    """Budget workbook: sheet 'Dépenses' (formulas, subtotals), sheet 'Financement'."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill, Alignment
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = meta.get("sheet1", "Dépenses")
    wb.properties.creator = meta.get("author", "")
    wb.properties.created = FIXED_DT
    wb.properties.modified = FIXED_DT
    cols = b.get("cols") or []
    ncol = len(cols)
    ws["A1"] = meta.get("title", "Budget prévisionnel")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = meta.get("subtitle", "Montants en euros")
    hdr = ["Poste"] + cols + ["Total"] if cols else ["Poste", "Détail", "Montant (€)"]
    r = 4
    for j, v in enumerate(hdr):
        c = ws.cell(row=r, column=j + 1, value=v)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="D9E2F3")
    r += 1
    sub_cells = []
    fmt = '#,##0 "€"' if meta.get("numfmt") is None else meta["numfmt"]
    for cat in CATS:
        lines = [l for l in b["lines"] if l[0] == cat]
        if not lines:
            continue
        ws.cell(row=r, column=1, value=b.get("cat_labels", {}).get(cat, CAT_LABEL[cat])).font = Font(bold=True)
        r += 1
        first = r
        for _, label, amt in lines:
            if cols:
                ws.cell(row=r, column=1, value=label)
                for j, v in enumerate(amt):
                    ws.cell(row=r, column=2 + j, value=v).number_format = fmt
                L = openpyxl.utils.get_column_letter
                ws.cell(row=r, column=2 + ncol, value=f"=SUM({L(2)}{r}:{L(1 + ncol)}{r})").number_format = fmt
            else:
                lab, _, det = label.partition(" | ")
                ws.cell(row=r, column=1, value=lab)
                ws.cell(row=r, column=2, value=det)
                ws.cell(row=r, column=3, value=amt).number_format = fmt
            r += 1
        last = r - 1
        ws.cell(row=r, column=1, value="Sous-total " + b.get("cat_labels", {}).get(cat, CAT_LABEL[cat]).lower()).font = Font(bold=True, italic=True)
        L = openpyxl.utils.get_column_letter
        rng = range(2, 3 + ncol) if cols else [3]
        for cc in rng:
            c = ws.cell(row=r, column=cc, value=f"=SUM({L(cc)}{first}:{L(cc)}{last})")
            c.number_format = fmt
            c.font = Font(bold=True)
        sub_cells.append(r)
        r += 2
    ws.cell(row=r, column=1, value="TOTAL GÉNÉRAL").font = Font(bold=True)
    L = openpyxl.utils.get_column_letter
    rng = range(2, 3 + ncol) if cols else [3]
    for cc in rng:
        c = ws.cell(row=r, column=cc, value="=" + "+".join(f"{L(cc)}{s}" for s in sub_cells))
        c.number_format = fmt
        c.font = Font(bold=True)
    total_ref = f"'{ws.title}'!{L(max(rng))}{r}"
    ws.column_dimensions["A"].width = 58
    for cc in range(2, 4 + ncol):
        ws.column_dimensions[L(cc)].width = 16
    if b.get("note"):
        ws.cell(row=r + 2, column=1, value=b["note"])
    if b.get("fin_in_xlsx", True):
        ws2 = wb.create_sheet(meta.get("sheet2", "Plan de financement"))
        ws2["A1"] = "Plan de financement"
        ws2["A1"].font = Font(bold=True, size=13)
        ws2["A3"], ws2["B3"], ws2["C3"] = "Financeur", "Montant (€)", "Part"
        for c in ("A3", "B3", "C3"):
            ws2[c].font = Font(bold=True)
        rr = 4
        for label, a, k in b["fin"]:
            ws2.cell(row=rr, column=1, value=label)
            ws2.cell(row=rr, column=2, value=a).number_format = fmt
            ws2.cell(row=rr, column=3, value=f"=B{rr}/{total_ref}").number_format = "0.0%"
            rr += 1
        ws2.cell(row=rr, column=1, value="Total des ressources").font = Font(bold=True)
        ws2.cell(row=rr, column=2, value=f"=SUM(B4:B{rr - 1})").number_format = fmt
        ws2.column_dimensions["A"].width = 52
        ws2.column_dimensions["B"].width = 16
    tmp = os.path.join(work, "x_" + h(path) + ".xlsx")
    wb.save(tmp)
    data = xlsx_recalc(tmp, work)
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- mail
CLIENTS = {
    "outlook": {"X-MS-Has-Attach": "yes", "X-MS-TNEF-Correlator": "", "Content-Language": "fr-FR",
                "X-MS-Exchange-Organization-SCL": "1"},
    "gmail": {},
    "thunderbird": {"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:91.0) Gecko/20100101 Thunderbird/91.12.0",
                    "Content-Language": "fr"},
    "apple": {"X-Mailer": "Apple Mail (2.3696.120.41.1.1)"},
    "zimbra": {"X-Mailer": "Zimbra 8.8.15_GA_4372 (ZimbraWebClient - FF103 (Linux)/8.8.15_GA_4372)"},
    "roundcube": {"User-Agent": "Roundcube Webmail/1.5.2"},
    "orange": {"X-Mailer": "Open-Xchange Mailer v7.10.6-Rev12"},
}


def make_msgid(client, seed, domain):
    x = hashlib.sha256(seed.encode()).hexdigest().upper()
    if client == "outlook":
        a = "PR1P264MB" + str(int(x[:6], 16) % 9000 + 1000)
        return f"<{a}{x[6:30]}@{a}.FRAP264.PROD.OUTLOOK.COM>"
    if client == "gmail":
        import base64
        s = base64.b64encode(bytes.fromhex(x[:48])).decode().replace("/", "_")
        return f"<CA{s}@mail.gmail.com>"
    if client == "zimbra":
        return f"<{int(x[:8], 16)}.{int(x[8:14], 16)}.{1659000000000 + int(x[14:20], 16)}.JavaMail.zimbra@{domain}>"
    if client == "apple":
        return f"<{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:32]}@{domain}>"
    if client == "thunderbird":
        y = x.lower()
        return f"<{y[:8]}-{y[8:12]}-{y[12:16]}-{y[16:20]}-{y[20:32]}@{domain}>"
    return f"<{x.lower()[:32]}@{domain}>"


def build_mail(m):
    """m: dict(from_name, from_addr, to, cc, subject, date(datetime), msgid, in_reply_to, references,
    client, body, html(bool), attachments [(filename, bytes, maintype, subtype)], extra_headers)."""
    msg = EmailMessage(policy=email.policy.SMTP)
    dom = m["from_addr"].split("@")[1]
    msg["Return-Path"] = f"<{m['from_addr']}>"
    msg["Received"] = (f"from smtp.{dom} (smtp.{dom} [185.{int(h(dom,2),16)}.{int(h(dom+'x',2),16)}.{int(h(m['msgid'],2),16)}]) "
                       f"by mx1.anact.fr (Postfix) with ESMTPS id {h(m['msgid'], 11).upper()} for <fabrique@anact.fr>; "
                       + format_datetime(m["date"] + timedelta(seconds=3)))
    msg["From"] = f"{m['from_name']} <{m['from_addr']}>"
    msg["To"] = m.get("to", "fabrique@anact.fr")
    if m.get("cc"):
        msg["Cc"] = m["cc"]
    if m.get("reply_to"):
        msg["Reply-To"] = m["reply_to"]
    msg["Subject"] = m["subject"]
    msg["Date"] = format_datetime(m["date"])
    msg["Message-ID"] = m["msgid"]
    if m.get("in_reply_to"):
        msg["In-Reply-To"] = m["in_reply_to"]
        msg["References"] = m.get("references") or m["in_reply_to"]
    for k, v in CLIENTS.get(m["client"], {}).items():
        if v:
            msg[k] = v
    for k, v in (m.get("extra_headers") or {}).items():
        msg[k] = v
    msg["MIME-Version"] = "1.0"
    msg.set_content(m["body"], cte="quoted-printable")
    if m.get("html"):
        paras = "".join("<p>" + (p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")) + "</p>"
                        for p in m["body"].split("\n\n"))
        msg.add_alternative(f"<html><head><meta charset=\"utf-8\"></head><body style=\"font-family:Calibri,sans-serif\">{paras}</body></html>",
                            subtype="html", cte="quoted-printable")
    for fn, data, mt, st in m.get("attachments", []):
        msg.add_attachment(data, maintype=mt, subtype=st, filename=fn)
    i = 0
    for part in msg.walk():
        if part.is_multipart():
            part.set_boundary(f"----=_Part_{h(m['msgid'] + str(i), 12)}_{i}")
            i += 1
    return msg.as_bytes(policy=email.policy.SMTP)


MIME = {"pdf": ("application", "pdf"),
        "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")}

# ================================================================ composition
DEFAULT_HEADS = {
    "contexte": "Contexte", "objectifs": "Objectifs", "problematique": "Problématique", "cibles": "Publics cibles",
    "methodologie": "Méthodologie", "phasage": "Phasage et calendrier", "pilotage": "Pilotage et comitologie",
    "resultats": "Résultats escomptés", "perennisation": "Pérennisation et essaimage",
    "partners": "Partenaires mobilisés", "budget": "Budget prévisionnel",
}
DEFAULT_LAYOUT = [
    ("Présentation du porteur", ["x:porteur"]),
    ("Le projet", ["contexte", "problematique", "objectifs", "cibles"]),
    ("Mise en œuvre", ["methodologie", "phasage", "pilotage"]),
    ("Partenariat", ["partners"]),
    ("Résultats et perspectives", ["resultats", "perennisation"]),
    ("Budget prévisionnel", ["budget"]),
]


def para_blocks(paras):
    out, bl = [], []
    for p in paras:
        if p.startswith("• "):
            bl.append(p[2:])
            continue
        if bl:
            out.append(("bullets", bl))
            bl = []
        if p.startswith("§"):
            lab, _, rest = p[1:].partition("|")
            out.append(("lead", lab, rest))
        else:
            out.append(("p", p))
    if bl:
        out.append(("bullets", bl))
    return out


def partner_blocks(D, with_contrib=True):
    fmt = D.get("partner_fmt", "table")
    ps = D["partners"]
    intro = D.get("partner_intro")
    out = [("p", intro)] if intro else []
    if fmt == "table":
        hdr = D.get("partner_hdr", ["Partenaire", "Nature", "Rôle et contribution attendue"])
        rows = [hdr] + [[n, nat, c if with_contrib else ""] for n, nat, c in ps]
        if not with_contrib:
            rows = [hdr[:2]] + [[n, nat] for n, nat, c in ps]
        out.append(("table", rows, {0}, "left"))
    elif fmt == "bullets":
        out.append(("bullets", [f"{n} ({nat}) – {c}" if with_contrib else f"{n} ({nat})" for n, nat, c in ps]))
    else:  # prose
        for n, nat, c in ps:
            out.append(("p", f"{n}, {nat}. {c}" if with_contrib else f"{n}, {nat}."))
    return out


def budget_blocks(D, b):
    out = []
    if b.get("intro"):
        out.append(("p", b["intro"]))
    rows, bold = budget_rows(b)
    out.append(("table", rows, bold))
    if b.get("tva"):
        out.append(("p", b["tva"]))
    if b["fin"]:
        out.append(("p", b.get("fin_title", "Plan de financement prévisionnel :")))
        rows, bold = financing_rows(b)
        out.append(("table", rows, bold))
    if b.get("note"):
        out.append(("p", b["note"]))
    return out


def formal_blocks(D, sections, partners=True, budget=None, cover=True, toc=True):
    heads = dict(DEFAULT_HEADS)
    heads.update(D.get("heads", {}))
    layout = D.get("layout", DEFAULT_LAYOUT)
    num = D.get("numbering", "arabic")
    chapters = []
    for title, keys in layout:
        items = []
        for k in keys:
            if k in DESC and (k not in sections or k in D.get("omit", ())):
                continue
            if k.startswith("x:") and k[2:] not in D.get("extras", {}):
                continue
            if k == "partners" and not partners:
                continue
            if k == "budget" and budget is None:
                continue
            items.append(k)
        if items:
            chapters.append((title, items))
    blocks, tocs = [], []
    page = 3
    for ci, (title, items) in enumerate(chapters, 1):
        cn = {"arabic": f"{ci}.", "roman": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][ci - 1] + ".",
              "alpha": "ABCDEFGH"[ci - 1] + ".", "none": ""}[num]
        if "budget" in items:
            blocks.append(("landscape",))
        ct = f"{cn} {title}" if num != "none" else title
        if ct:
            blocks.append(("h1", ct))
            tocs.append((ct, page))
        single = len(items) == 1
        for si, k in enumerate(items, 1):
            if k.startswith("x:"):
                hd, paras = D["extras"][k[2:]]
                if not single and hd:
                    blocks.append(("h2", f"{cn[:-1]}.{si} {hd}" if cn else hd))
                blocks += para_blocks(paras)
                continue
            if not single or D.get("always_sub") or not ct:
                sub = f"{cn[:-1]}.{si} {heads[k]}" if num != "none" else heads[k]
                blocks.append(("h2", sub))
                tocs.append(("   " + sub, page))
            if k in DESC:
                blocks += para_blocks(D["text"][k])
            elif k == "partners":
                blocks += partner_blocks(D, D.get("contrib", True))
            elif k == "budget":
                blocks += budget_blocks(D, budget)
        if "budget" in items and ci < len(chapters):
            blocks.append(("portrait",))
        page += 1 + (len(items) > 2)
    for ai, (hd, paras) in enumerate(D.get("annexes", []), 1):
        blocks.append(("pagebreak",))
        t = f"Annexe {ai} – {hd}"
        blocks.append(("h1", t))
        tocs.append((t, page))
        page += 1
        blocks += para_blocks(paras)
    head = []
    if cover:
        head.append(("cover", D["cover"]))
    if toc:
        head.append(("toc", tocs, D.get("toc_title", "Sommaire")))
    return head + blocks


def body_text(D, sections, partners=True, budget=None):
    heads = dict(DEFAULT_HEADS)
    heads.update(D.get("heads", {}))
    out = []
    for k in D.get("body_order", DESC + ["partners", "budget"]):
        if k in DESC:
            if k not in sections or k in D.get("omit", ()):
                continue
            out.append(D.get("body_head", "{}").format(heads[k]))
            for p in D["text"][k]:
                out.append(("- " + p[2:]) if p.startswith("• ") else p)
            out.append("")
        elif k == "partners" and partners:
            out.append(D.get("body_head", "{}").format(heads["partners"]))
            for n, nat, c in D["partners"]:
                out.append(f"- {n} ({nat}) : {c}" if D.get("contrib", True) else f"- {n} ({nat})")
            out.append("")
        elif k == "budget" and budget is not None:
            out.append(D.get("body_head", "{}").format(heads["budget"]))
            st = budget.get("style", "sp")
            for cat in CATS:
                ls = [l for l in budget["lines"] if l[0] == cat]
                if not ls:
                    continue
                out.append(budget.get("cat_labels", {}).get(cat, CAT_LABEL[cat]) + " :")
                for _, lab, amt in ls:
                    v = sum(amt) if isinstance(amt, (list, tuple)) else amt
                    out.append(f"  - {lab} : {money(v, st)}")
            f = budget_figures(budget)
            out.append(budget.get("total_phrase", "Coût total du projet : {}").format(money(f["total_eur"], st)))
            for lab, a, k2 in budget["fin"]:
                out.append(f"  - {lab} : {money(a, st)}")
            if budget.get("note"):
                out.append(budget["note"])
            out.append("")
    return "\n".join(out).strip()


def letter_blocks(D, li):
    L = D["letters"][li]
    name, nat, contrib = D["partners"][L["partner"]]
    blocks = [("p", name), ("p", L["address"]), ("spacer", 1.0),
              ("p", "À l'attention de l'équipe de la Fabrique CTO – Anact"), ("spacer", 0.5),
              ("lead", "Objet : ", f"Lettre d'engagement – projet « {D['acronym'] or D['title']} » porté par {D['org']}"),
              ("spacer", 0.4), ("p", "Madame, Monsieur,")]
    for p in L["body"]:
        blocks.append(("p", p))
    blocks += [("p", "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
               ("spacer", 0.6), ("sign", [L["place_date"], L["signer"], L["signer_role"]])]
    return blocks

# ================================================================ records
def dt(mo, d, H, M, S=0, tz=None):
    return datetime(2022, mo, d, H, M, S, tzinfo=tz or PARIS)


def cover(org, title, acro, extra=None, date="Août 2022"):
    c = [(org, 13, False), ("Appel à manifestation d'intérêt « Développer le dialogue social technologique au travail »", 12, False),
         ("La Fabrique CTO – Anact", 11, False), (title, 18, True)]
    if acro:
        c.append((acro, 15, True))
    if extra:
        c.append((extra, 10, False))
    c.append((date, 11, False))
    return c


RECORDS = []

# ---------------------------------------------------------------- B901
RECORDS.append(dict(
    id="B901", kind="cabinet", org="Altéris Conseil", acronym="CAP DIALOGUE",
    title="Outiller le dialogue social sur les logiciels de gestion des tournées dans les PME du transport léger",
    people=[("Hélène Vasseur", "h.vasseur@alteris-conseil.fr", ["Hélène Vasseur", "Directrice associée", "Altéris Conseil – 14 rue de la Charité, 69002 Lyon", "Tél. : 04 78 42 19 63"])],
    client="outlook", end="2023-11-30",
    cover=cover("ALTÉRIS CONSEIL", "Outiller le dialogue social sur les logiciels de gestion des tournées dans les PME du transport léger",
                "CAP DIALOGUE", "Dossier de candidature – version définitive du 17 août 2022"),
    heads={"pilotage": "Modalités de gouvernance", "cibles": "Publics visés et territoires", "perennisation": "Diffusion et pérennité des outils",
           "resultats": "Livrables et effets attendus", "problematique": "Question centrale du projet", "methodologie": "Démarche d'intervention",
           "partners": "Rôles des partenaires"},
    layout=[("Présentation d'Altéris Conseil", ["x:porteur", "x:equipe"]),
            ("Le projet CAP DIALOGUE", ["contexte", "problematique", "objectifs", "cibles"]),
            ("Organisation du projet", ["methodologie", "phasage", "pilotage", "partners"]),
            ("Résultats et suites", ["resultats", "perennisation"]),
            ("Budget prévisionnel", ["budget"])],
    extras={"porteur": ("Le cabinet", ["Altéris Conseil est un cabinet lyonnais de douze consultants spécialisé dans l'organisation du travail, la prévention des risques professionnels et l'accompagnement des instances représentatives du personnel. Il intervient depuis 2009 auprès d'entreprises de 20 à 500 salariés, principalement dans la logistique et le transport.",
                                       "Le cabinet est habilité IPRP et conduit chaque année une trentaine de missions d'appui au dialogue social (accords de méthode, diagnostics partagés, formations de CSE)."]),
            "equipe": ("L'équipe mobilisée", ["• Hélène Vasseur, directrice associée, ergonome européenne, pilote du projet ;",
                                              "• Julien Arnaud, consultant senior, ancien responsable d'exploitation dans la messagerie ;",
                                              "• Salomé Keita, consultante, sociologue du travail."])},
    text={
        "contexte": ["Depuis 2020, la croissance du e-commerce a conduit les PME du transport léger (livraison du dernier kilomètre, messagerie urbaine) à s'équiper de logiciels d'optimisation des tournées et de suivi en temps réel des livreurs. Ces outils sont souvent choisis par la direction ou imposés par les donneurs d'ordre, sans discussion préalable avec les conducteurs ni avec leurs représentants.",
                     "Les retours de terrain recueillis par le cabinet lors de missions CSE font apparaître une intensification du travail, une perte de marges de manœuvre dans l'ordre des livraisons et des tensions autour de la géolocalisation."],
        "problematique": ["Comment permettre aux conducteurs, à l'encadrement d'exploitation et aux élus de discuter concrètement des paramètres des logiciels de tournées (temps standards, ordre des arrêts, alertes, usage des données de géolocalisation) avant et pendant leur déploiement ?"],
        "objectifs": ["• Construire et tester une méthode de « revue de paramétrage » associant conducteurs, exploitants et élus ;",
                      "• Former les élus de CSE des entreprises pilotes aux enjeux techniques de ces outils ;",
                      "• Produire un guide pratique et une trame d'accord de méthode réutilisables par les PME du secteur."],
        "cibles": ["Le projet s'adresse à quatre PME de 40 à 180 salariés situées dans le Rhône, la Loire et l'Isère, à leurs conducteurs-livreurs, à leurs équipes d'exploitation et à leurs élus du personnel. Il vise en second lieu les éditeurs de logiciels de tournées et les organisations professionnelles du secteur."],
        "methodologie": ["La démarche combine trois outils : des observations embarquées lors de tournées (deux journées par entreprise), des ateliers de simulation où les participants rejouent une journée type à partir des écrans du logiciel, et des réunions de revue de paramétrage réunissant exploitants, conducteurs, élus et, lorsque c'est possible, l'éditeur.",
                         "Les élus bénéficient de deux journées de formation-action sur le fonctionnement des algorithmes d'optimisation et sur les marges de négociation existantes."],
        "phasage": ["• Phase 1 – octobre à décembre 2022 : lancement, constitution des groupes de travail, observations embarquées ;",
                    "• Phase 2 – janvier à avril 2023 : ateliers de simulation et formation des élus ;",
                    "• Phase 3 – mai à septembre 2023 : revues de paramétrage et ajustements dans les quatre entreprises ;",
                    "• Phase 4 – octobre et novembre 2023 : capitalisation, rédaction du guide, séminaire de restitution. Le projet s'achève fin novembre 2023."],
        "pilotage": ["Le projet est piloté par un comité de pilotage qui se réunit quatre fois (lancement, fin de phase 1, fin de phase 3, clôture). Il rassemble Altéris Conseil, l'Aract Auvergne-Rhône-Alpes, la fédération professionnelle partenaire, un représentant de chaque entreprise pilote (direction et élus) et un représentant de l'Anact.",
                     "Un comité technique mensuel réunit l'équipe du cabinet et la chargée de mission de l'Aract pour suivre l'avancement opérationnel."],
        "resultats": ["• Un guide « Dialoguer sur le paramétrage des tournées » (40 pages) et ses fiches outils ;",
                      "• Une trame d'accord de méthode sur l'introduction des outils de suivi ;",
                      "• Des ajustements effectifs des paramétrages dans au moins trois des quatre entreprises."],
        "perennisation": ["Les outils seront publiés sous licence Creative Commons et diffusés par la fédération partenaire auprès de ses adhérents. L'Aract intégrera la démarche à son offre d'accompagnement collectif en 2024 et un module de formation des élus sera proposé aux organismes de formation des CSE."],
    },
    partner_fmt="table", partner_hdr=["Organisation", "Type", "Rôle dans le projet"],
    partners=[("Aract Auvergne-Rhône-Alpes", "réseau Anact-Aract", "Co-animation des ateliers de simulation, apport méthodologique sur les conditions de travail, participation au comité technique."),
              ("Fédération du transport léger Rhône-Alpes", "organisation professionnelle", "Identification des entreprises pilotes, relais auprès des adhérents, diffusion du guide."),
              ("Union régionale Solidaires Transports", "organisation syndicale", "Contribution à la conception de la formation des élus et participation au comité de pilotage.")],
    letters=[dict(partner=0, address="Aract Auvergne-Rhône-Alpes – 14 rue Passet, 69007 Lyon",
                  body=["Par la présente, l'Aract Auvergne-Rhône-Alpes confirme son engagement dans le projet CAP DIALOGUE présenté par le cabinet Altéris Conseil.",
                        "Notre contribution prendra la forme de la co-animation des ateliers de simulation (six demi-journées) et d'un appui méthodologique sur l'analyse des conditions de travail des conducteurs."],
                  place_date="Fait à Lyon, le douze août deux mille vingt-deux", signer="Corinne Bertrand", signer_role="Directrice"),
             dict(partner=1, address="FTL Rhône-Alpes – 5 avenue des Frères Lumière, 69008 Lyon",
                  body=["La Fédération du transport léger Rhône-Alpes soutient la candidature d'Altéris Conseil à l'appel à manifestation d'intérêt de la Fabrique CTO.",
                        "Nous nous engageons à identifier et mobiliser les entreprises pilotes parmi nos adhérents et à diffuser les productions du projet lors de nos rencontres régionales."],
                  place_date="Lyon, le seize août 2022", signer="Marc Delorme", signer_role="Président")],
    annexes=[("Références du cabinet", ["• 2021 – Accompagnement d'un accord de méthode sur l'introduction de scanners embarqués (messagerie, 140 salariés) ;",
                                        "• 2020 – Diagnostic des risques psychosociaux dans un réseau de livraison urbaine ;",
                                        "• 2019 – Formation des élus de CSE de cinq entreprises de logistique."])],
    budget=dict(tag="B901", cols=["2022", "2023"], style="sp", total_label="Total",
                lines=[("personnel", "Consultante senior – 38 j × 950 €", [9500, 26600]),
                       ("personnel", "Consultante – 30 j × 600 €", [4800, 13200]),
                       ("deplacements_logistique", "Déplacements vers les sites pilotes", [800, 2600]),
                       ("deplacements_logistique", "Salles et restauration des ateliers", [0, 2200]),
                       ("prestations", "Conception graphique du guide", [0, 4500]),
                       ("prestations", "Captation vidéo du séminaire de restitution", [0, 2800])],
                fin=[("Subvention sollicitée auprès de l'Anact", 52000, "anact"),
                     ("Autofinancement Altéris Conseil (temps non facturé)", 9000, "cofin"),
                     ("Participation financière des entreprises pilotes", 6000, "cofin")],
                intro="Le tableau ci-dessous présente les dépenses par nature et par année (montants nets de taxe).",
                note="Altéris Conseil prend à sa charge 9 000 € sous forme de temps non facturé ; les quatre entreprises pilotes contribuent à hauteur de 1 500 € chacune."),
    meta=dict(desc_format="pdf_report", budget_variant="years", partner_fmt="table", roles=["letters", "thankyou"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 18, 11, 42, 7),
                subject="Candidature AMI Fabrique CTO – CAP DIALOGUE (Altéris Conseil)",
                body="Madame, Monsieur,\n\nAu nom du cabinet Altéris Conseil, j'ai le plaisir de vous adresser notre candidature à l'appel à manifestation d'intérêt « Développer le dialogue social technologique au travail ».\n\nVous trouverez ci-joints :\n- le dossier de candidature complet (description, gouvernance, budget) ;\n- les lettres d'engagement de l'Aract Auvergne-Rhône-Alpes et de la Fédération du transport léger Rhône-Alpes.\n\nJe reste à votre disposition pour tout complément.\n\nBien cordialement,",
                html=True,
                att=[dict(fmt="pdf_lo", name="ALTERIS_CAP-DIALOGUE_Dossier_candidature_Fabrique-CTO.pdf", sections=DESC, partners=True, budget="final"),
                     dict(fmt="letter", name="Lettre engagement Aract ARA.pdf", letter=0),
                     dict(fmt="letter", name="Lettre engagement FTL Rhône-Alpes.pdf", letter=1)])],
))

# ---------------------------------------------------------------- B902
RECORDS.append(dict(
    id="B902", kind="federation", org="Fédération Propreté & Services Rhône-Alpes (FPSRA)", acronym="ÉCRANS PROPRES",
    title="Associer les agents de propreté au choix et à l'usage des outils de pointage et de planification mobiles",
    people=[("Nathalie Ferrand", "n.ferrand@fpsra.org", ["Nathalie Ferrand", "Responsable emploi-formation", "Fédération Propreté & Services Rhône-Alpes", "04 72 33 18 40"]),
            ("Karim Benali", "k.benali@fpsra.org", ["Karim Benali", "Chargé de mission dialogue social", "FPSRA"])],
    client="thunderbird", end="2023-06-30",
    cover=cover("Fédération Propreté & Services Rhône-Alpes", "Associer les agents de propreté au choix et à l'usage des outils de pointage et de planification mobiles", "ÉCRANS PROPRES"),
    heads={"contexte": "Pourquoi ce projet", "objectifs": "Ce que nous voulons atteindre", "problematique": "La question posée",
           "cibles": "Qui est concerné", "methodologie": "Comment nous allons travailler", "phasage": "Les étapes",
           "pilotage": "Organisation du pilotage", "resultats": "Ce que le projet produira", "budget": "Budget et plan de financement"},
    layout=[("La fédération", ["x:porteur"]),
            ("Le projet", ["contexte", "problematique", "objectifs", "cibles"]),
            ("Déroulement", ["methodologie", "phasage", "pilotage"]),
            ("Productions", ["resultats", "perennisation"]),
            ("Budget", ["budget"])],
    numbering="arabic",
    extras={"porteur": ("", ["La FPSRA regroupe 310 entreprises de propreté et de services associés en Auvergne-Rhône-Alpes, employant près de 38 000 salariés, majoritairement à temps partiel et en horaires décalés. Elle anime une commission paritaire régionale emploi-formation et un observatoire des conditions de travail du secteur."])},
    text={
        "contexte": ["Les entreprises de propreté généralisent les applications mobiles de pointage géolocalisé, de planification et de contrôle qualité. Les agents, souvent éloignés de l'écrit et du numérique, reçoivent ces outils sans accompagnement ; les encadrants de proximité passent un temps croissant à corriger des anomalies de pointage.",
                     "Une enquête conduite par l'observatoire de la fédération au printemps 2022 auprès de 640 salariés montre que 57 % d'entre eux jugent ces outils « stressants » et que 41 % déclarent avoir perdu des heures rémunérées à la suite d'erreurs de badgeage."],
        "problematique": ["Comment organiser, dans des entreprises sans tradition de négociation sur les outils, un dialogue entre agents, chefs d'équipe, direction et élus sur les conditions d'usage des applications mobiles ?"],
        "objectifs": ["• Expérimenter dans cinq entreprises une démarche d'« essai accompagné » des outils avant leur généralisation ;",
                      "• Outiller les chefs d'équipe pour recueillir les difficultés d'usage des agents ;",
                      "• Élaborer des recommandations paritaires pour la branche au niveau régional."],
        "cibles": ["Agents de propreté (dont agents peu qualifiés ou allophones), chefs d'équipe et inspecteurs de site, dirigeants de cinq entreprises de 50 à 400 salariés du Rhône et de l'Isère, élus des CSE."],
        "methodologie": ["Dans chaque entreprise, un groupe d'essai de huit à dix agents teste l'outil pendant quatre semaines avec un carnet de bord simplifié (pictogrammes). Des réunions d'échange régulières associent le chef d'équipe, un élu et un représentant de la direction. Une synthèse est présentée en CSE, et les enseignements des cinq entreprises sont mis en commun lors d'ateliers inter-entreprises animés avec le laboratoire partenaire."],
        "phasage": ["Étape 1 (octobre–novembre 2022) : recrutement des entreprises et préparation des carnets de bord.",
                    "Étape 2 (décembre 2022–mars 2023) : essais accompagnés dans les cinq entreprises.",
                    "Étape 3 (avril–juin 2023) : ateliers inter-entreprises, recommandations et restitution régionale. Fin du projet : juin 2023."],
        "pilotage": ["Un comité de pilotage paritaire, présidé par la fédération, se réunit à chaque fin d'étape. Il associe les partenaires signataires, des représentants des organisations syndicales de la branche et l'Aract. L'équipe projet (fédération et laboratoire) se réunit tous les quinze jours."],
        "resultats": ["• Un protocole d'essai accompagné transférable ;",
                      "• Un carnet de bord illustré utilisable par des agents peu à l'aise avec l'écrit ;",
                      "• Des recommandations régionales adoptées par la commission paritaire."],
    },
    omit=["perennisation"],
    partner_fmt="letters",
    partners=[("Laboratoire Environnement Ville Société – Université Lumière Lyon 2", "laboratoire de recherche",
               "Conception des carnets de bord, animation des ateliers inter-entreprises et analyse des essais."),
              ("Aract Auvergne-Rhône-Alpes", "réseau Anact-Aract", "Participation au comité de pilotage et appui sur la prévention des risques liés aux horaires décalés."),
              ("Entreprise Net'Alp Services", "entreprise pilote", "Accueil d'un essai accompagné et mise à disposition de dix agents et d'un chef d'équipe.")],
    letters=[dict(partner=0, address="UMR 5600 EVS – 18 quai Claude Bernard, 69007 Lyon",
                  body=["Le laboratoire EVS s'engage aux côtés de la FPSRA dans le projet ÉCRANS PROPRES.",
                        "Il assurera la conception des carnets de bord, l'animation des trois ateliers inter-entreprises et l'analyse des données recueillies pendant les essais, en mobilisant un ingénieur d'études (4 mois) et une enseignante-chercheuse."],
                  place_date="Fait à Lyon, le vingt-deux août deux mille vingt-deux", signer="Pr Laurent Giraud", signer_role="Directeur de l'unité"),
             dict(partner=1, address="14 rue Passet, 69007 Lyon",
                  body=["L'Aract Auvergne-Rhône-Alpes confirme sa participation au comité de pilotage du projet ÉCRANS PROPRES et apportera un appui méthodologique sur la prévention des risques liés aux horaires atypiques, à raison de cinq journées d'intervention."],
                  place_date="Lyon, le 19 août 2022", signer="Corinne Bertrand", signer_role="Directrice"),
             dict(partner=2, address="Net'Alp Services – 27 avenue de l'Europe, 38100 Grenoble",
                  body=["Notre entreprise accueillera l'un des cinq essais accompagnés prévus par le projet porté par la FPSRA. Nous mettrons à disposition un groupe de dix agents et un chef d'équipe pendant la durée de l'essai et présenterons la démarche à notre CSE."],
                  place_date="Grenoble, le vingt-trois août deux mille vingt-deux", signer="Sophie Marchal", signer_role="Directrice générale")],
    budget=dict(tag="B902", cols=["FPSRA", "Laboratoire EVS", "Entreprises pilotes"], style="nn",
                lines=[("personnel", "Chargée de mission fédération (0,3 ETP sur 9 mois)", [18900, 0, 0]),
                       ("personnel", "Ingénieur d'études (4 mois)", [0, 12600, 0]),
                       ("personnel", "Temps des agents et chefs d'équipe mobilisés (valorisé)", [0, 0, 8400]),
                       ("deplacements_logistique", "Déplacements entre sites", [1800, 1300, 0]),
                       ("deplacements_logistique", "Organisation des ateliers inter-entreprises", [2400, 0, 0]),
                       ("prestations", "Réalisation d'un film court de restitution", [6000, 0, 0]),
                       ("prestations", "Adaptation des supports en FALC", [1800, 0, 0])],
                fin=[("Anact – Fabrique CTO", 40000, "anact"), ("Fonds propres FPSRA", 4800, "cofin"),
                     ("Valorisation du temps des entreprises pilotes", 8400, "cofin")],
                intro="Répartition des dépenses par partenaire (en euros) :"),
    meta=dict(desc_format="docx_styles", budget_variant="partners", partner_fmt="letters", roles=["colleague_letters"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 22, 17, 3, 40),
                subject="AMI Fabrique CTO - dossier FPSRA \"Écrans propres\"",
                body="Bonjour,\n\nVeuillez trouver ci-joint le dossier de candidature de la Fédération Propreté & Services Rhône-Alpes à l'AMI Fabrique CTO.\n\nLes lettres d'engagement de nos partenaires sont en cours de signature ; mon collègue Karim Benali vous les fera parvenir dès réception.\n\nCordialement,",
                att=[dict(fmt="docx", name="FPSRA - Dossier Ecrans propres.docx", sections=DESC, partners=False, budget="final")]),
           dict(kind="reply", who=1, date=dt(8, 23, 16, 20, 12), new_thread=True,
                subject="Lettres d'engagement partenaires - projet ÉCRANS PROPRES (FPSRA)",
                body="Bonjour,\n\nPour faire suite à l'envoi de ma collègue Nathalie Ferrand hier, je vous transmets les trois lettres d'engagement des partenaires du projet ÉCRANS PROPRES, porté par la FPSRA.\n\nBien à vous,",
                att=[dict(fmt="letter", name="LE_EVS_Lyon2_signee.pdf", letter=0),
                     dict(fmt="letter", name="LE_Aract_ARA.pdf", letter=1),
                     dict(fmt="letter", name="LE_NetAlp.pdf", letter=2)])],
))

# ---------------------------------------------------------------- B903
RECORDS.append(dict(
    id="B903", kind="employer", org="Groupe Translor Mobilités", acronym="DÉPÔTS CONNECTÉS",
    title="Co-construire avec les conducteurs et les élus le déploiement de la billettique et de l'aide à l'exploitation embarquées",
    people=[("Isabelle Lemaire", "isabelle.lemaire@translor-mobilites.com", ["Isabelle Lemaire", "Directrice des relations sociales", "Groupe Translor Mobilités", "Siège : 2 place de la Gare, 57000 Metz"])],
    client="outlook", end="2023-12-31",
    heads={"contexte": "Éléments de contexte", "objectifs": "Ambitions du projet", "problematique": "Enjeux de travail identifiés",
           "cibles": "Périmètre et populations concernées", "methodologie": "Méthode", "phasage": "Calendrier de réalisation",
           "pilotage": "Gouvernance du projet", "resultats": "Résultats attendus", "perennisation": "Suites et généralisation",
           "partners": "Partenaires et contributions"},
    cover=cover("Groupe Translor Mobilités – Direction des ressources humaines", "Co-construire avec les conducteurs et les élus le déploiement de la billettique et de l'aide à l'exploitation embarquées", "DÉPÔTS CONNECTÉS", "Document de candidature – diffusion restreinte"),
    layout=[("Présentation du groupe", ["x:porteur"]),
            ("Le projet", ["contexte", "problematique", "objectifs", "cibles"]),
            ("Conduite du projet", ["methodologie", "phasage", "pilotage", "partners"]),
            ("Résultats et suites", ["resultats", "perennisation"])],
    numbering="arabic",
    extras={"porteur": ("", ["Translor Mobilités exploite des réseaux de transport urbain et interurbain dans cinq agglomérations du Grand Est (2 300 salariés, dont 1 700 conducteurs-receveurs). Le groupe déploie entre 2022 et 2024 un système d'aide à l'exploitation et d'information voyageurs (SAEIV) couplé à une nouvelle billettique sans contact."])},
    text={
        "contexte": ["Le nouveau système modifie profondément le poste de conduite : pupitre unique, messages du poste central affichés en temps réel, contrôle automatique de la ponctualité, disparition de la vente à bord. Les premières installations sur le dépôt de Thionville ont suscité des incidents (alertes sonores jugées intrusives, temps de parcours théoriques irréalistes) et un droit d'alerte du CSE en mars 2022."],
        "problematique": ["L'enjeu est de faire des conducteurs et de leurs représentants des acteurs du paramétrage et du déploiement, plutôt que des destinataires d'un outil conçu par les services techniques et le fournisseur."],
        "objectifs": ["• Mettre en place dans chaque dépôt un groupe d'expression des conducteurs sur le pupitre et les messages ;",
                      "• Instaurer un dialogue régulier entre le fournisseur, les services techniques et les élus sur les paramètres ;",
                      "• Négocier un accord de méthode sur le déploiement des outils numériques d'exploitation."],
        "cibles": ["Les cinq dépôts du groupe (Metz, Thionville, Nancy, Épinal, Saint-Dié), leurs conducteurs, les régulateurs du poste central, l'encadrement d'exploitation et les membres des CSE et de la CSSCT."],
        "methodologie": ["Le projet s'appuie sur des groupes d'expression animés par des référents terrain formés, des séances de test du pupitre sur simulateur, des observations en ligne réalisées par l'ergonome interne, et des réunions tripartites (fournisseur – services techniques – élus). Un cabinet externe apporte un appui méthodologique et forme les élus ; une évaluation indépendante mesure les effets sur les conditions de travail."],
        "phasage": ["• Octobre – décembre 2022 : cadrage, formation des référents terrain, premiers groupes d'expression à Metz et Thionville ;",
                    "• Janvier – juin 2023 : extension aux trois autres dépôts, tests sur simulateur, réunions tripartites ;",
                    "• Juillet – octobre 2023 : négociation de l'accord de méthode ;",
                    "• Novembre – décembre 2023 : évaluation et restitution. Clôture au 31 décembre 2023."],
        "pilotage": ["Un comité de pilotage présidé par la directrice des relations sociales réunit tous les trimestres la direction technique, les directeurs de dépôt, les secrétaires des CSE, le fournisseur et les partenaires. Un comité opérationnel mensuel suit les groupes d'expression."],
        "resultats": ["• Paramétrages du pupitre révisés à partir des propositions des conducteurs ;", "• Un accord de méthode signé ;",
                      "• Un retour d'expérience publié à destination des autres réseaux de transport."],
        "perennisation": ["Les groupes d'expression seront maintenus au-delà du projet et intégrés au dispositif de retour d'expérience sécurité. Le retour d'expérience sera présenté à l'Union des transports publics pour diffusion auprès des autres exploitants."],
    },
    partner_fmt="table",
    partners=[("Aract Grand Est", "réseau Anact-Aract", "Appui méthodologique aux groupes d'expression et participation au comité de pilotage."),
              ("Ixanor Systèmes", "fournisseur du SAEIV", "Participation aux réunions tripartites, mise à disposition du simulateur et prise en compte des demandes de paramétrage."),
              ("Université de Lorraine – laboratoire 2LPN", "laboratoire de recherche", "Évaluation indépendante des effets du projet sur les conditions de travail.")],
    budget=dict(tag="B903", cols=["2022", "2023"], style="sp",
                lines=[("personnel", "Cheffe de projet transformation (80 j)", [11000, 33000]),
                       ("personnel", "Référents terrain (6 × 12 j)", [4800, 24000]),
                       ("personnel", "Ergonome interne", [3600, 10800]),
                       ("deplacements_logistique", "Déplacements entre les cinq dépôts", [2400, 7200]),
                       ("deplacements_logistique", "Séminaires inter-dépôts (salles, restauration)", [0, 7800]),
                       ("prestations", "Accompagnement méthodologique (cabinet externe)", [8000, 24000]),
                       ("prestations", "Formation des élus CSE et CSSCT", [0, 12600]),
                       ("prestations", "Évaluation indépendante (2LPN)", [0, 9200])],
                fin=[("Subvention Anact demandée", 95000, "anact"), ("Autofinancement Groupe Translor", 63400, "cofin")]),
    meta=dict(desc_format="docx_styles", budget_variant="xlsx_years", partner_fmt="table", roles=["plafond", "ooo"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 10, 9, 15, 22),
                subject="Candidature Fabrique CTO - Translor Mobilités - projet DÉPÔTS CONNECTÉS",
                body="Madame, Monsieur,\n\nJe vous prie de trouver ci-joints le dossier de candidature du Groupe Translor Mobilités et le budget détaillé (fichier Excel, deux onglets).\n\nRestant à votre disposition,\n\nBien cordialement,",
                html=True,
                att=[dict(fmt="docx", name="Translor_DEPOTS-CONNECTES_dossier.docx", sections=DESC, partners=True, budget=None),
                     dict(fmt="xlsx", name="Translor_budget_previsionnel_2022-2023.xlsx", budget="final")])],
))

# ---------------------------------------------------------------- B904
RECORDS.append(dict(
    id="B904", kind="public", org="Centre de gestion de la fonction publique territoriale des Deux-Sèvres", acronym="MAIRIES EN DIALOGUE",
    title="Accompagner les petites communes dans la dématérialisation de l'accueil et de l'état civil en associant les agents",
    people=[("Agnès Moreau", "agnes.moreau@cdg79.fr", ["Agnès Moreau", "Responsable du pôle santé au travail et conditions de travail", "Centre de gestion des Deux-Sèvres", "Tél. 05 49 06 12 30"]),
            ("Thierry Gaudin", "thierry.gaudin@cdg79.fr", ["Thierry Gaudin", "Service finances et marchés", "CDG 79"])],
    client="zimbra", end="2023-10-31",
    cover=cover("Centre de gestion de la fonction publique territoriale des Deux-Sèvres", "Accompagner les petites communes dans la dématérialisation de l'accueil et de l'état civil en associant les agents", "MAIRIES EN DIALOGUE", "Candidature présentée par le pôle santé au travail"),
    heads={"contexte": "Contexte territorial", "problematique": "Problématique de travail", "cibles": "Collectivités et agents concernés",
           "methodologie": "Déroulé méthodologique", "pilotage": "Pilotage et comitologie", "perennisation": "Pérennisation et essaimage",
           "partners": "Partenaires mobilisés et contributions"},
    layout=[("Le Centre de gestion", ["x:porteur"]),
            ("Présentation du projet", ["contexte", "problematique", "objectifs", "cibles"]),
            ("Mise en œuvre", ["methodologie", "phasage", "pilotage"]),
            ("Partenariats", ["partners"]),
            ("Résultats et pérennisation", ["resultats", "perennisation"])],
    numbering="roman",
    extras={"porteur": ("", ["Établissement public administratif, le Centre de gestion accompagne 290 collectivités affiliées et leurs 5 400 agents. Son pôle santé au travail regroupe médecins, infirmiers, psychologues du travail et conseillers en prévention."])},
    text={
        "contexte": ["Les communes de moins de 2 000 habitants, qui représentent l'essentiel des collectivités du département, voient se multiplier les démarches en ligne (titres d'identité, urbanisme, état civil). Les secrétaires de mairie, souvent seules à leur poste, se retrouvent à la fois à assister les usagers et à maîtriser des logiciels hétérogènes. Les visites de prévention de 2021 ont fait remonter un sentiment d'isolement et de surcharge."],
        "problematique": ["Comment associer les secrétaires de mairie, les élus employeurs et les fournisseurs de logiciels à la définition des conditions d'usage des outils dématérialisés, alors que ces agents travaillent seuls et sans instance de dialogue de proximité ?"],
        "objectifs": ["Créer des espaces de discussion intercommunaux sur le travail, formaliser les difficultés d'usage auprès des éditeurs et proposer aux employeurs une charte d'organisation de l'accueil numérique."],
        "cibles": ["Vingt communes volontaires réparties sur deux communautés de communes, leurs secrétaires de mairie et agents d'accueil (environ 35 agents) et leurs maires."],
        "methodologie": ["Quatre cercles d'échange de pratiques, réunissant chacun cinq communes, se tiennent tous les deux mois. Une psychologue du travail les anime à partir de situations vécues. Les difficultés récurrentes sont portées lors de deux rencontres avec les éditeurs de logiciels. Une consultation en ligne complète le dispositif pour les agents ne pouvant se déplacer."],
        "phasage": ["Novembre 2022 : lancement et choix des communes. De décembre 2022 à juin 2023 : cercles d'échange (quatre séances par cercle). Septembre 2023 : rencontres avec les éditeurs. Octobre 2023 : rédaction de la charte et restitution au comité technique départemental ; fin du projet le 31 octobre 2023."],
        "pilotage": ["Le comité de pilotage réunit la direction du Centre de gestion, les deux présidents de communautés de communes, l'association départementale des maires, des représentants du personnel siégeant en comité social territorial et l'Aract Nouvelle-Aquitaine. Il se réunit trois fois."],
        "resultats": ["• Une charte d'organisation de l'accueil numérique adoptée par les communes participantes ;",
                      "• Un recueil de situations de travail partagé avec les éditeurs ;", "• Des cercles d'échange pérennes."],
        "perennisation": ["Les cercles d'échange seront intégrés à l'offre de service du Centre de gestion à partir de 2024 et proposés aux autres communautés de communes ; la démarche sera présentée au réseau des centres de gestion de la région."],
    },
    partner_fmt="bullets",
    partners=[("Association des maires des Deux-Sèvres", "association d'élus", "mobilisation des maires employeurs et relais de la charte"),
              ("Aract Nouvelle-Aquitaine", "réseau Anact-Aract", "appui méthodologique à l'animation des cercles et participation au comité de pilotage"),
              ("Communauté de communes du Thouarsais", "collectivité", "accueil des cercles d'échange et mise à disposition de salles")],
    budget=dict(tag="B904", style="dec", grand_label="Coût total du projet",
                lines=[("personnel", "Conseillère en organisation (0,4 ETP sur 12 mois)", 19200),
                       ("personnel", "Psychologue du travail (20 jours)", 8000),
                       ("deplacements_logistique", "Déplacements dans les communes", 2600),
                       ("deplacements_logistique", "Logistique des réunions", 1200),
                       ("prestations", "Plateforme de consultation en ligne", 3500),
                       ("prestations", "Formation-action des élus et encadrants", 9000)],
                fin=[("Anact (montant sollicité)", 33000, "anact"), ("Fonds propres du Centre de gestion", 6500, "cofin"),
                     ("Fonds national de prévention de la CNRACL", 4000, "cofin")],
                intro="Budget prévisionnel du projet MAIRIES EN DIALOGUE – montants nets de taxe (le CDG n'est pas assujetti à la TVA)."),
    meta=dict(desc_format="pdf_report", budget_variant="annex_pdf_landscape", partner_fmt="bullets", roles=["colleague_budget"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 16, 14, 27, 51),
                subject="Candidature AMI Fabrique CTO – Centre de gestion des Deux-Sèvres",
                body="Bonjour,\n\nLe Centre de gestion des Deux-Sèvres souhaite répondre à l'appel à manifestation d'intérêt de la Fabrique CTO. Vous trouverez ci-joint la description de notre projet MAIRIES EN DIALOGUE.\n\nLe budget détaillé est en cours de validation par notre service finances et vous sera adressé très prochainement.\n\nBien cordialement,",
                att=[dict(fmt="pdf_lo", name="CDG79_Projet_Mairies_en_dialogue.pdf", sections=DESC, partners=True, budget=None)]),
           dict(kind="reply", who=1, date=dt(8, 18, 10, 4, 9), new_thread=True,
                subject="Budget - projet Mairies en dialogue (CDG 79)",
                body="Madame, Monsieur,\n\nEn complément du dossier transmis le 16 août par Mme Moreau, vous trouverez ci-joint le budget prévisionnel du projet « Mairies en dialogue ».\n\nCordialement,",
                att=[dict(fmt="pdf_rl_budget", name="CDG79 - budget previsionnel Mairies en dialogue.pdf", budget="final")])],
))

# ---------------------------------------------------------------- B905
RECORDS.append(dict(
    id="B905", kind="asso", org="Association La Fabrique du Vercors", acronym=None,
    title="Des ateliers pour parler des outils numériques dans les petites entreprises du plateau du Vercors",
    people=[("Lucie Martinon", "lucie.fabriqueduvercors@gmail.com", ["Lucie Martinon", "coordinatrice – La Fabrique du Vercors (tiers-lieu)", "06 71 22 48 90"])],
    client="gmail", end="2023-06-30",
    heads={"contexte": "Le contexte", "objectifs": "Nos objectifs", "problematique": "La question", "cibles": "Pour qui",
           "methodologie": "Comment", "phasage": "Calendrier", "pilotage": "Pilotage", "resultats": "Ce qu'on en attend",
           "perennisation": "Et après ?", "partners": "Partenaires", "budget": "Budget"},
    body_head="** {} **",
    text={
        "contexte": ["Notre tiers-lieu accueille des artisans, commerçants et petites entreprises du tourisme. Beaucoup passent aux logiciels de réservation, de caisse et de planning sans en parler avec leurs salariés saisonniers."],
        "objectifs": ["Animer des ateliers où patrons et salariés discutent ensemble des outils qu'ils utilisent et des changements qu'ils provoquent, et en tirer une petite méthode simple."],
        "problematique": ["Dans les TPE il n'y a pas de CSE : comment faire exister un dialogue sur les outils numériques quand tout se passe de manière informelle ?"],
        "cibles": ["Une quinzaine de TPE du plateau (hébergement, restauration, commerce, artisanat), leurs dirigeants et leurs salariés, y compris saisonniers."],
        "methodologie": ["Six ateliers du soir au tiers-lieu, chacun sur un outil (réservation en ligne, caisse, planning partagé, messagerie de groupe...), avec une mise en situation puis une discussion. Une ergonome de l'Aract co-anime deux ateliers."],
        "phasage": ["Octobre 2022 : repérage des entreprises. Novembre 2022 à avril 2023 : les six ateliers. Mai-juin 2023 : écriture du livret et soirée de restitution. Fin juin 2023."],
        "pilotage": ["Un petit comité (l'association, l'Aract, l'Union commerciale, deux chefs d'entreprise et deux salariés) se réunit au début, à mi-parcours et à la fin."],
        "resultats": ["Un livret de 20 pages « Parler de nos outils », des pratiques changées dans au moins cinq entreprises."],
        "perennisation": ["Les ateliers continueront dans la programmation du tiers-lieu, et le livret sera proposé aux autres tiers-lieux du réseau régional."],
    },
    body_order=DESC + ["partners", "budget"],
    partner_fmt="body", contrib=True,
    partners=[("Aract Auvergne-Rhône-Alpes", "réseau Anact-Aract", "co-animation de deux ateliers et relecture du livret"),
              ("Union commerciale et artisanale du Vercors", "association de commerçants", "mobilisation des entreprises adhérentes")],
    budget=dict(tag="B905", style="k",
                lines=[("personnel", "Temps de coordination et d'animation (salariée de l'association)", 14400),
                       ("deplacements_logistique", "Repas des ateliers, déplacements", 2100),
                       ("prestations", "Graphiste pour le livret + impression", 7500)],
                fin=[("Demandé à l'Anact", 20400, "anact"), ("Autofinancement de l'association", 3600, "cofin")]),
    meta=dict(desc_format="body", budget_variant="body_k", partner_fmt="bullets", roles=["cofi_low"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 21, 22, 48, 13),
                subject="candidature appel Fabrique CTO",
                body_doc=True,
                body="Bonjour,\n\nVoici notre candidature pour l'appel « dialogue social technologique ». On est une petite association, donc on a fait simple, tout est dans ce mail !\n\n{DOC}\n\nMerci d'avance pour votre lecture,",
                att=[])],
))

# ---------------------------------------------------------------- B906
RECORDS.append(dict(
    id="B906", kind="scop", org="SCOP Tisserands du Numérique", acronym=None,
    title="Caisse, stocks et e-commerce : dialoguer sur les outils dans les commerces indépendants de Roubaix",
    people=[("Rachid Ouali", "rachid.ouali@orange.fr", ["Rachid Ouali", "co-gérant, SCOP Tisserands du Numérique", "Roubaix"])],
    client="orange", end="2023-09-30",
    heads={"contexte": "Contexte", "objectifs": "Objectifs", "problematique": "Problématique", "cibles": "Cibles",
           "methodologie": "Méthode", "phasage": "Phases", "pilotage": "Pilotage", "resultats": "Résultats attendus",
           "perennisation": "Pérennisation", "partners": "Partenaires"},
    body_head="{} :",
    text={
        "contexte": ["Nous accompagnons depuis 2018 les commerçants indépendants de Roubaix dans leur passage au numérique (caisse connectée, gestion des stocks, vente en ligne). Les vendeurs et vendeuses sont rarement consultés."],
        "objectifs": ["Tester une démarche où vendeurs et gérants choisissent et paramètrent ensemble leurs outils."],
        "problematique": ["Les outils changent les tâches (préparation des commandes en ligne, inventaires) sans que personne n'en parle."],
        "cibles": ["Dix commerces indépendants du centre-ville (2 à 15 salariés)."],
        "methodologie": ["Diagnostic d'usage en boutique, puis deux réunions par commerce gérant + salariés avec un animateur de la SCOP, et une rencontre collective avec deux fournisseurs de caisses."],
        "phasage": ["Novembre 2022-janvier 2023 diagnostics ; février-juin 2023 réunions ; juillet-septembre 2023 bilan et fiche pratique. Fin septembre 2023."],
        "pilotage": ["Comité de suivi : la SCOP, la CCI, l'association des commerçants, deux salariés volontaires."],
        "resultats": ["Une fiche pratique « choisir ses outils en équipe », dix commerces ayant mené la démarche."],
        "perennisation": ["La démarche sera intégrée à notre offre d'accompagnement et proposée aux autres unions commerciales de la métropole."],
    },
    body_order=DESC + ["partners"],
    partners=[("CCI Grand Lille", "chambre consulaire", "repérage des commerces et prêt de salles"),
              ("Association Roubaix Commerces", "association de commerçants", "mobilisation des adhérents, participation au comité de suivi")],
    budget=None,
    meta=dict(desc_format="body", budget_variant=None, partner_fmt="bullets", roles=["no_budget"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 23, 19, 31, 2),
                subject="AMI Fabrique CTO - SCOP Tisserands du Numérique",
                body_doc=True,
                body="Bonjour,\n\nJe vous envoie notre proposition pour l'AMI. Le budget est en cours de finalisation avec notre comptable, je vous l'envoie dès que possible.\n\n{DOC}\n\nCordialement,",
                att=[])],
))

# ---------------------------------------------------------------- B907
RECORDS.append(dict(
    id="B907", kind="cabinet", org="Ergonova Conseil", acronym="SIMUL'ACTION",
    title="Simuler avant de déployer : la simulation organisationnelle comme support de dialogue social sur les progiciels de gestion",
    people=[("Frédéric Lanoë", "f.lanoe@ergonova-conseil.fr", ["Frédéric Lanoë", "Gérant – ergonome", "Ergonova Conseil SARL", "3 allée des Tanneurs, 35000 Rennes", "02 99 31 47 08"])],
    client="thunderbird", end="2023-12-15",
    cover=cover("ERGONOVA CONSEIL", "Simuler avant de déployer : la simulation organisationnelle comme support de dialogue social sur les progiciels de gestion", "SIMUL'ACTION", "Réponse à l'AMI 2022"),
    heads={"contexte": "Contexte de l'intervention", "problematique": "Problématique", "objectifs": "Objectifs poursuivis",
           "cibles": "Entreprises et publics ciblés", "methodologie": "Méthodologie : la simulation organisationnelle",
           "phasage": "Phasage détaillé", "pilotage": "Instances de pilotage", "resultats": "Résultats escomptés",
           "perennisation": "Pérennisation et essaimage", "partners": "Partenaires", "budget": "Budget (devis estimatif)"},
    layout=[("Cadre du projet", ["contexte", "problematique", "objectifs", "cibles"]),
            ("Démarche", ["methodologie", "phasage", "pilotage"]),
            ("Partenaires", ["partners"]),
            ("Résultats", ["resultats", "perennisation"]),
            ("Budget", ["budget"])],
    numbering="arabic",
    text={
        "contexte": ["Les PME industrielles bretonnes remplacent massivement leurs logiciels de gestion de production par des progiciels intégrés (ERP). Ces projets sont conduits comme des projets informatiques, avec un comité technique et un intégrateur, rarement avec les opérateurs, les chefs d'atelier ou les élus."],
        "problematique": ["Les choix de paramétrage d'un ERP (circuits de validation, saisies obligatoires, indicateurs) engagent l'organisation du travail pour des années. Comment les rendre discutables avant la mise en production ?"],
        "objectifs": ["• Adapter la simulation organisationnelle, issue de l'ergonomie de conception, aux projets ERP ;",
                      "• L'expérimenter dans trois PME en cours de projet ;", "• Former des binômes direction-élus à son usage."],
        "cibles": ["Trois PME industrielles d'Ille-et-Vilaine et du Morbihan (80 à 250 salariés), leurs chefs de projet ERP, opérateurs, agents de planification et élus de CSE."],
        "methodologie": ["Dans chaque entreprise, des situations d'action caractéristiques sont identifiées par observation, puis rejouées sur une maquette de l'ERP lors de trois séances de simulation réunissant utilisateurs, intégrateur, direction et élus. Chaque séance donne lieu à une liste de demandes d'ajustement suivie en comité de projet."],
        "phasage": ["Phase 1 (octobre – décembre 2022) : choix des entreprises, observations, identification des situations.",
                    "Phase 2 (janvier – juin 2023) : conception des scénarios et séances de simulation.",
                    "Phase 3 (juillet – octobre 2023) : suivi des ajustements et formation des binômes.",
                    "Phase 4 (novembre – mi-décembre 2023) : capitalisation et restitution. Fin du projet le 15 décembre 2023."],
        "pilotage": ["Comité de pilotage trimestriel : Ergonova, l'Aract Bretagne, le pôle de compétitivité partenaire, un représentant de chaque entreprise pilote (direction et CSE). Comité de projet mensuel dans chaque entreprise."],
        "resultats": ["Un guide méthodologique de la simulation appliquée aux ERP, trois retours d'expérience, six binômes direction-élus formés."],
        "perennisation": ["Le guide sera diffusé par l'Aract et le pôle de compétitivité ; une formation inter-entreprises sera ouverte en 2024."],
    },
    partner_fmt="prose",
    partners=[("Aract Bretagne", "réseau Anact-Aract", "Elle co-anime la formation des binômes et contribue à la diffusion du guide."),
              ("Pôle Industrie Ouest Numérique", "pôle de compétitivité", "Il identifie les PME engagées dans un projet ERP et organise la restitution auprès de ses adhérents."),
              ("Intégrateur Breizh ERP Services", "fournisseur de solutions", "Il met à disposition les maquettes et participe aux séances de simulation.")],
    budget=dict(tag="B907", style="ht", total_label="Montant HT", grand_label="TOTAL HT",
                lines=[("personnel", "Intervention consultants ergonomes – 55 jours × 750 €", 41250),
                       ("deplacements_logistique", "Frais de déplacement et d'hébergement", 3750),
                       ("prestations", "Sous-traitance : maquettage ERP pour les simulations", 12000),
                       ("prestations", "Graphisme et édition du guide", 5500)],
                tva="TVA 20 % : 12 500 € – Total TTC : 75 000 €. Le plan de financement ci-dessous est établi en montants hors taxes.",
                fin=[("Anact – Fabrique CTO", 50000, "anact"), ("Autofinancement Ergonova (jours non facturés)", 12500, "cofin")]),
    meta=dict(desc_format="pdf_reportlab", budget_variant="devis_ht_ttc", partner_fmt="prose", roles=["ht_ttc"]),
    notes=["budget stated HT with TVA and TTC line; truth uses the HT figures of the financing plan"],
    mails=[dict(kind="submission", who=0, date=dt(8, 12, 16, 5, 31),
                subject="Réponse AMI « dialogue social technologique » – Ergonova Conseil",
                body="Bonjour,\n\nVeuillez trouver ci-joint notre réponse à l'appel à manifestation d'intérêt, projet SIMUL'ACTION.\n\nBien à vous,",
                att=[dict(fmt="pdf_rl", name="Ergonova_SIMULACTION_AMI2022.pdf", sections=DESC, partners=True, budget="final")])],
))

def std_text(ctx, prob, obj, cib, meth, phas, pil, res, per):
    return dict(contexte=ctx, problematique=prob, objectifs=obj, cibles=cib, methodologie=meth, phasage=phas,
                pilotage=pil, resultats=res, perennisation=per)


# ---------------------------------------------------------------- B908
RECORDS.append(dict(
    id="B908", kind="thinktank", org="Travail Demain – laboratoire d'idées", acronym="ALGO-SOCIAL",
    title="Négocier les algorithmes : un observatoire des accords d'entreprise sur l'intelligence artificielle au travail",
    people=[("Bastien Royer", "bastien.royer@travaildemain.org", ["Bastien Royer", "Délégué général", "Travail Demain", "75011 Paris"])],
    client="apple", end="2024-03-31",
    heads={"contexte": "A.1 D'où nous partons", "problematique": "A.2 La question que nous posons", "objectifs": "A.3 Nos objectifs",
           "cibles": "A.4 Les publics", "methodologie": "B.1 Démarche", "phasage": "B.2 Calendrier", "pilotage": "B.3 Gouvernance",
           "resultats": "C.1 Livrables", "perennisation": "C.2 Après le projet", "partners": "D. Partenaires associés", "budget": "E. Budget"},
    layout=[("Partie A – Le projet", ["contexte", "problematique", "objectifs", "cibles"]),
            ("Partie B – La conduite du projet", ["methodologie", "phasage", "pilotage"]),
            ("Partie C – Résultats", ["resultats", "perennisation"]),
            ("Partie D – Partenaires", ["partners"]),
            ("Partie E – Budget", ["budget"])],
    numbering="none", heading_mode="bold",
    cover=cover("Travail Demain", "Négocier les algorithmes : un observatoire des accords d'entreprise sur l'intelligence artificielle au travail", "ALGO-SOCIAL", date="août 2022"),
    text=std_text(
        ["Depuis l'accord-cadre européen de juin 2020 sur la numérisation, un petit nombre d'accords d'entreprise français traitent des outils d'intelligence artificielle (tri de candidatures, planification, évaluation). Ils restent méconnus et peu analysés."],
        ["Que négocient réellement les partenaires sociaux lorsqu'ils abordent l'IA, et comment ces accords sont-ils appliqués dans les PME qui les signent ?"],
        ["• Constituer une base commentée d'au moins 60 accords ;", "• Étudier en profondeur la mise en œuvre dans six PME ;", "• Proposer des clauses types discutées avec les organisations syndicales et patronales."],
        ["Négociateurs d'entreprise (DRH, délégués syndicaux) des PME de 50 à 300 salariés, en priorité dans les services et l'industrie, ainsi que les fédérations qui les accompagnent."],
        ["Analyse documentaire de la base Légifrance des accords, entretiens avec les signataires, études de cas dans six PME, puis deux séminaires paritaires de mise en discussion des clauses types."],
        ["• Octobre 2022 – février 2023 : constitution et analyse de la base ;", "• Mars – octobre 2023 : études de cas ;", "• Novembre 2023 – mars 2024 : séminaires paritaires et publication. Le projet se termine en mars 2024."],
        ["Un conseil d'orientation paritaire (deux organisations syndicales, deux organisations patronales, l'Anact) valide les étapes ; l'équipe projet se réunit chaque semaine."],
        ["Une base d'accords en ligne, un rapport d'analyse, un recueil de clauses types."],
        ["La base sera mise à jour annuellement par Travail Demain et ouverte en données libres."]),
    partner_fmt="bullets",
    partners=[("Institut de recherches économiques et sociales du travail (IREST)", "centre de recherche", "co-analyse des accords et encadrement des études de cas"),
              ("CFE-CGC Fédération des services", "organisation syndicale", "accès aux négociateurs, participation au conseil d'orientation"),
              ("Fédération des PME du numérique", "organisation patronale", "identification des PME signataires, participation aux séminaires")],
    budget=dict(tag="B908", style="dot",
                lines=[("personnel", "Chargé d'études (0,5 ETP sur 16 mois)", 28000), ("personnel", "Direction scientifique", 6000),
                       ("deplacements_logistique", "Déplacements études de cas et séminaires", 4500),
                       ("prestations", "Développement de la base en ligne", 6500), ("prestations", "Édition du rapport", 3000)],
                fin=[("Anact", 36000, "anact"), ("Mécénat Fondation Condorcet pour le travail", 8000, "cofin"), ("Fonds propres Travail Demain", 4000, "cofin")]),
    meta=dict(desc_format="docx_bold", budget_variant="table_cat_dot", partner_fmt="bullets", roles=["fin2024"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 5, 18, 2, 44),
                subject="Candidature Travail Demain – AMI Fabrique CTO",
                body="Bonjour,\n\nVous trouverez ci-joint la candidature de Travail Demain (projet ALGO-SOCIAL).\n\nEnvoyé de mon iPad",
                att=[dict(fmt="docx", name="Travail Demain - ALGO-SOCIAL - candidature.docx", sections=DESC, partners=True, budget="final")])],
))

# ---------------------------------------------------------------- B909
RECORDS.append(dict(
    id="B909", kind="federation", org="Fédération régionale de l'hôtellerie de plein air de Nouvelle-Aquitaine", acronym="CAMPINGS 2.0",
    title="Réservation en ligne, bornes d'accueil et travail saisonnier : un dialogue professionnel dans les campings",
    people=[("Sandrine Lacoste", "s.lacoste@hpa-nouvelleaquitaine.fr", ["Sandrine Lacoste", "Déléguée régionale", "FRHPA Nouvelle-Aquitaine", "33000 Bordeaux"])],
    client="outlook", end="2023-10-31",
    cover=cover("FRHPA Nouvelle-Aquitaine", "Réservation en ligne, bornes d'accueil et travail saisonnier : un dialogue professionnel dans les campings", "CAMPINGS 2.0"),
    heads={"pilotage": "Gouvernance", "partners": "Partenaires et rôles"},
    layout=[("La fédération", ["x:porteur"]), ("Le projet", ["contexte", "problematique", "objectifs", "cibles"]),
            ("Mise en œuvre", ["methodologie", "phasage", "pilotage", "partners"]), ("Résultats et suites", ["resultats", "perennisation"]),
            ("Budget", ["budget"])],
    extras={"porteur": ("", ["La fédération représente 640 campings de la région, employant 9 000 saisonniers chaque été."])},
    text=std_text(
        ["Les campings installent des bornes d'accueil automatiques et des logiciels de réservation qui modifient le travail des réceptionnistes saisonniers et des équipes d'entretien (rotations des hébergements pilotées par logiciel)."],
        ["Comment associer des équipes saisonnières, renouvelées chaque année, à la conception et à l'usage de ces outils ?"],
        ["Expérimenter un « briefing outils » de début de saison et un retour d'expérience de fin de saison dans huit campings, puis outiller la branche."],
        ["Huit campings de Gironde, des Landes et de Charente-Maritime ; réceptionnistes, agents d'entretien, gérants."],
        ["Observation des usages en saison, ateliers de retour d'expérience, co-construction d'un kit d'accueil des saisonniers intégrant les outils."],
        ["Novembre 2022 – mars 2023 : préparation et kit v1 ; avril – septembre 2023 : expérimentation en saison ; octobre 2023 : bilan. Fin : octobre 2023."],
        ["Comité de pilotage réunissant la fédération, les partenaires et les gérants des campings pilotes, trois réunions."],
        ["Un kit d'accueil des saisonniers et un retour d'expérience régional."],
        ["Le kit sera proposé à toutes les fédérations régionales de l'hôtellerie de plein air."]),
    partner_fmt="table",
    partners=[("Aract Nouvelle-Aquitaine", "réseau Anact-Aract", "Méthode d'observation et animation des retours d'expérience."),
              ("Région Nouvelle-Aquitaine", "collectivité", "Cofinancement et diffusion auprès des acteurs du tourisme."),
              ("Université Bordeaux Montaigne – IUT tourisme", "établissement d'enseignement", "Mobilisation d'étudiants pour les observations en saison.")],
    budget=dict(tag="B909", style="sp",
                lines=[("personnel", "Chargée de projet (0,4 ETP)", 17800), ("personnel", "Temps des gérants mobilisés", 5000),
                       ("deplacements_logistique", "Déplacements dans les campings", 4200), ("deplacements_logistique", "Journée régionale de restitution", 2000),
                       ("prestations", "Conception graphique du kit", 6000), ("prestations", "Vidéos tutorielles", 5000)],
                fin=[("Anact", 30000, "anact"), ("Fonds propres FRHPA", 6000, "cofin"), ("Région Nouvelle-Aquitaine", 4000, "cofin")]),
    meta=dict(desc_format="pdf_report", budget_variant="table_cat", partner_fmt="table", roles=["late"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 24, 10, 5, 18),
                subject="Candidature FRHPA Nouvelle-Aquitaine - Fabrique CTO",
                body="Madame, Monsieur,\n\nVeuillez trouver ci-joint notre dossier de candidature. Avec nos excuses pour ce léger retard, la haute saison ne nous a pas permis de finaliser plus tôt.\n\nCordialement,",
                html=True,
                att=[dict(fmt="pdf_lo", name="FRHPA_NA_CAMPINGS-2.0.pdf", sections=DESC, partners=True, budget="final")])],
))

# ---------------------------------------------------------------- B910
RECORDS.append(dict(
    id="B910", kind="cabinet", org="Sens & Usages", acronym="VOIX DU TERRAIN",
    title="Faire entendre la voix des aides-soignants dans le choix des outils de transmission numérique en EHPAD",
    people=[("Clémence Aubry", "clemence.aubry@sens-usages.fr", ["Clémence Aubry", "Consultante associée", "Sens & Usages – 13 cours Julien, 13006 Marseille"])],
    client="apple", end="2023-11-30",
    cover=cover("Sens & Usages", "Faire entendre la voix des aides-soignants dans le choix des outils de transmission numérique en EHPAD", "VOIX DU TERRAIN"),
    heads={"contexte": "Situation de départ", "methodologie": "Déroulé méthodologique", "pilotage": "Comitologie"},
    layout=[("Présentation", ["contexte", "problematique", "objectifs", "cibles"]), ("Démarche", ["methodologie", "phasage", "pilotage"]),
            ("Partenaires", ["partners"]), ("Résultats", ["resultats", "perennisation"]), ("Budget", ["budget"])],
    text=std_text(
        ["Les EHPAD remplacent les transmissions orales et papier par des logiciels de soins sur tablette. Les aides-soignants y consacrent un temps croissant, souvent au détriment des temps d'échange entre équipes."],
        ["Comment préserver la qualité des transmissions et du travail collectif lorsque le support devient numérique ?"],
        ["Associer les équipes soignantes de quatre EHPAD au paramétrage des transmissions et aux règles d'usage des tablettes."],
        ["Quatre EHPAD associatifs des Bouches-du-Rhône et du Var, leurs aides-soignants, infirmiers coordinateurs, directions et CSE."],
        ["Analyse de l'activité de transmission, groupes de travail pluriprofessionnels, tests de paramétrages alternatifs avec l'éditeur."],
        ["Octobre 2022 – janvier 2023 : analyse ; février – juin 2023 : groupes de travail ; juillet – novembre 2023 : tests et bilan. Fin novembre 2023."],
        ["Comité de pilotage avec les directions des EHPAD, les élus, l'Aract et l'éditeur, réuni tous les quatre mois."],
        ["Des paramétrages revus, une charte d'usage des tablettes, un guide pour les autres établissements."],
        ["La fédération partenaire diffusera le guide à ses 120 établissements adhérents."]),
    partner_fmt="prose",
    partners=[("Aract Provence-Alpes-Côte d'Azur", "réseau Anact-Aract", "Elle apporte son expertise sur les conditions de travail en EHPAD et participe au comité de pilotage."),
              ("Fédération des établissements solidaires du Sud (FESS)", "fédération d'employeurs", "Elle mobilise les quatre EHPAD et assure la diffusion du guide."),
              ("SoinConnect", "éditeur du logiciel de soins", "Il met en œuvre les paramétrages testés dans un environnement de recette.")],
    budget=dict(tag="B910", style="sp",
                lines=[("personnel", "Consultantes (38 jours)", 30400), ("deplacements_logistique", "Déplacements et logistique", 3900),
                       ("prestations", "Analyse vidéo de l'activité (prestataire)", 5200), ("prestations", "Mise en page du guide", 3500)],
                fin=[("Anact", 34400, "anact"), ("Autofinancement Sens & Usages", 8600, "cofin")]),
    meta=dict(desc_format="pdf_report", budget_variant="table_cat", partner_fmt="prose", roles=["ontime_edge_utc", "cofi_exact20"]),
    notes=["Date header 23 Aug 21:52 +0000 = 23:52 Paris: on time", "co-financing exactly 20 %"],
    mails=[dict(kind="submission", who=0, date=datetime(2022, 8, 23, 21, 52, 10, tzinfo=timezone.utc),
                subject="Candidature Sens & Usages – VOIX DU TERRAIN",
                body="Bonsoir,\n\nJe vous transmets notre candidature à l'AMI de la Fabrique CTO, juste à temps j'espère !\n\nBelle soirée,",
                att=[dict(fmt="pdf_lo", name="Sens&Usages_VoixDuTerrain.pdf", sections=DESC, partners=True, budget="final")])],
))

# ---------------------------------------------------------------- B911
_B911_LINES = [("personnel", "Cheffe de projet (0,5 ETP sur 15 mois)", 42000), ("personnel", "Temps soignants en ateliers (remplacements)", 21000),
               ("personnel", "Psychologue du travail", 12000), ("deplacements_logistique", "Déplacements entre les trois sites et logistique", 4000),
               ("prestations", "Accompagnement par un cabinet spécialisé", 24000), ("prestations", "Formation des membres de la F3SCT", 9000),
               ("prestations", "Plateforme vidéo de capitalisation", 6000)]
RECORDS.append(dict(
    id="B911", kind="public", org="Centre hospitalier intercommunal Lys-Marque", acronym="DPI ENSEMBLE",
    title="Déployer le dossier patient informatisé en dialogue avec les équipes soignantes et les représentants du personnel",
    people=[("Pascale Devaux", "pascale.devaux@chi-lysmarque.fr", ["Pascale Devaux", "Directrice des ressources humaines", "CHI Lys-Marque", "59100 Roubaix"])],
    client="outlook", end="2023-12-31",
    cover=cover("Centre hospitalier intercommunal Lys-Marque", "Déployer le dossier patient informatisé en dialogue avec les équipes soignantes et les représentants du personnel", "DPI ENSEMBLE"),
    heads={"pilotage": "2.3 Modalités de gouvernance"},
    layout=[("Contexte et enjeux", ["contexte", "problematique"]), ("Le projet", ["objectifs", "cibles", "pilotage"]),
            ("Méthode et calendrier", ["methodologie", "phasage"]), ("Partenaires", ["partners"]), ("Résultats attendus et pérennité", ["resultats", "perennisation"]),
            ("Budget", ["budget"])],
    text=std_text(
        ["Le CHI déploie en 2022-2023 un nouveau dossier patient informatisé (DPI) sur ses trois sites. Le précédent déploiement, en 2016, avait donné lieu à une expertise CHSCT pour risque grave."],
        ["Comment faire du déploiement du DPI un objet de dialogue professionnel dans les services et de dialogue social avec la F3SCT, plutôt qu'un projet purement informatique ?"],
        ["Organiser des « temps d'échange DPI » dans douze services pilotes, associer la F3SCT à chaque étape et négocier un protocole d'accompagnement."],
        ["Douze services de soins (environ 420 agents), cadres de santé, médecins, DSI, F3SCT."],
        ["Ateliers de simulation avant bascule, temps d'échange mensuels après bascule, suivi d'indicateurs de charge et retours en F3SCT."],
        ["Octobre – décembre 2022 : préparation ; janvier – septembre 2023 : déploiement accompagné ; octobre – décembre 2023 : évaluation. Fin du projet : 31 décembre 2023."],
        ["Un comité de pilotage (direction générale, DRH, DSI, direction des soins, président de CME, secrétaire de la F3SCT, Aract Hauts-de-France) se réunit tous les deux mois."],
        ["Un protocole d'accompagnement des projets numériques, des ajustements du DPI, un retour d'expérience partagé avec le GHT."],
        ["Le protocole s'appliquera aux futurs projets numériques du CHI et sera proposé aux établissements du GHT."]),
    partner_fmt="table",
    partners=[("Aract Hauts-de-France", "réseau Anact-Aract", "Appui méthodologique, participation au comité de pilotage."),
              ("Agence régionale de santé Hauts-de-France", "administration", "Cofinancement et diffusion régionale du retour d'expérience."),
              ("GHT Lille Métropole Flandre intérieure", "groupement hospitalier", "Partage du retour d'expérience avec les établissements du groupement.")],
    budget_v1=dict(tag="B911v1", style="sp", lines=_B911_LINES,
                   fin=[("Anact", 92000, "anact"), ("Autofinancement CHI", 26000, "cofin")]),
    budget=dict(tag="B911", style="sp", lines=_B911_LINES,
                fin=[("Anact (plafonné)", 80000, "anact"), ("Autofinancement CHI", 28000, "cofin"), ("ARS Hauts-de-France (FIR)", 10000, "cofin")],
                intro="Budget rectifié – version du 19 août 2022."),
    meta=dict(desc_format="pdf_report", budget_variant="table_cat", partner_fmt="table", roles=["plafond_corrected"]),
    notes=["first budget asks 92 000 EUR from Anact; corrected reply brings it to 80 000 (plafond_depasse optional)"],
    mails=[dict(kind="submission", who=0, date=dt(8, 17, 15, 12, 0),
                subject="AMI Fabrique CTO – candidature CHI Lys-Marque",
                body="Madame, Monsieur,\n\nJe vous adresse la candidature du Centre hospitalier intercommunal Lys-Marque à l'appel à manifestation d'intérêt « Développer le dialogue social technologique au travail ».\n\nBien cordialement,",
                html=True,
                att=[dict(fmt="pdf_lo", name="CHI Lys-Marque - DPI ENSEMBLE - dossier.pdf", sections=DESC, partners=True, budget="v1")]),
           dict(kind="reply", who=0, date=dt(8, 19, 11, 26, 45), reply_to=0,
                subject="RE: AMI Fabrique CTO – candidature CHI Lys-Marque",
                body="Madame, Monsieur,\n\nAprès relecture du règlement, nous avons constaté que notre demande dépassait le plafond de 80 000 €. Vous trouverez ci-joint le budget rectifié, qui remplace celui du dossier initial : la différence est couverte par l'établissement et par l'ARS.\n\nBien cordialement,",
                html=True,
                att=[dict(fmt="pdf_rl_budget", name="Budget rectifié DPI ENSEMBLE.pdf", budget="final")])],
))

# ---------------------------------------------------------------- B912
RECORDS.append(dict(
    id="B912", kind="vendor", org="Kairn Logiciels", acronym="PLANNING PARTAGÉ",
    title="Concevoir avec les équipes un module de planning participatif pour les entreprises d'aide à domicile",
    people=[("Thomas Girard", "thomas@kairn-logiciels.fr", ["Thomas Girard", "CEO – Kairn Logiciels", "kairn-logiciels.fr"])],
    client="gmail", end="2023-09-30",
    heads={"contexte": "Contexte", "objectifs": "Objectifs", "problematique": "Problème", "cibles": "Cibles", "methodologie": "Méthodo",
           "phasage": "Phasage", "pilotage": "Pilotage", "resultats": "Résultats attendus", "perennisation": "Pérennisation / essaimage",
           "partners": "Partenaires"},
    body_head="# {}",
    text=std_text(
        ["Nous éditons un logiciel de planification utilisé par 140 structures d'aide à domicile. Nos clients nous disent que les plannings générés automatiquement sont vécus comme subis par les intervenantes."],
        ["Comment un éditeur peut-il ouvrir la conception de son outil au dialogue entre intervenantes, responsables de secteur et élus ?"],
        ["Co-concevoir avec trois structures un module où les intervenantes expriment leurs contraintes et négocient les échanges de créneaux."],
        ["Trois structures d'aide à domicile (Loire-Atlantique, Maine-et-Loire), 90 intervenantes, leurs responsables de secteur et représentants du personnel."],
        ["Ateliers de co-design, prototypes testés sur tablette, réunions de bilan en présence des élus."],
        ["Oct.-déc. 2022 ateliers ; janv.-mai 2023 prototypes et tests ; juin-sept. 2023 bilan et version stable. Fin : septembre 2023."],
        ["Comité de pilotage : Kairn, l'Aract, les trois directions, un élu par structure. Réunion toutes les six semaines."],
        ["Un module en production, une charte d'usage, un retour d'expérience."],
        ["Le module sera proposé sans surcoût à tous nos clients ; la charte sera publiée."]),
    body_order=DESC + ["partners"],
    partners=[("Aract Pays de la Loire", "réseau Anact-Aract", "animation des réunions de bilan, analyse des conditions de travail"),
              ("ADMR Loire-Atlantique Nord", "structure d'aide à domicile", "terrain d'expérimentation, 35 intervenantes"),
              ("Association Domicile Anjou Services", "structure d'aide à domicile", "terrain d'expérimentation, 30 intervenantes")],
    budget=dict(tag="B912", cols=["2022", "2023"], style="sp",
                lines=[("personnel", "Product designer", [3000, 6000]), ("personnel", "Cheffe de projet accompagnement", [4200, 8400]),
                       ("deplacements_logistique", "Déplacements", [800, 2000]),
                       ("prestations", "Ergonome consultant", [0, 7200]),
                       ("autres", "Achat de 12 tablettes durcies pour les tests", [4800, 0])],
                fin=[("Anact", 26000, "anact"), ("Autofinancement Kairn", 10400, "cofin")]),
    meta=dict(desc_format="body", budget_variant="xlsx_years", partner_fmt="bullets", roles=["inelig_equipment"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 9, 13, 40, 25),
                subject="Kairn Logiciels - candidature AMI dialogue social technologique",
                body_doc=True,
                body="Bonjour l'équipe de la Fabrique,\n\nVoici notre candidature. La description est ci-dessous et le budget en pièce jointe (xlsx).\n\n{DOC}\n\nMerci !",
                att=[dict(fmt="xlsx", name="budget_kairn_fabriquecto.xlsx", budget="final")])],
))

# ---------------------------------------------------------------- B913
RECORDS.append(dict(
    id="B913", kind="cabinet", org="Horizons Travail", acronym="ARTISANS CONNECTÉS",
    title="Accompagner le dialogue sur les outils numériques de gestion dans les entreprises artisanales du bâtiment",
    people=[("Olivier Decroix", "o.decroix@horizons-travail.fr", ["Olivier Decroix", "Consultant senior", "Horizons Travail – 59000 Lille"])],
    client="outlook", end="2023-10-31",
    cover=cover("HORIZONS TRAVAIL", "Accompagner le dialogue sur les outils numériques de gestion dans les entreprises artisanales du bâtiment", "ARTISANS CONNECTÉS"),
    heads={"pilotage": "Modalités de gouvernance", "perennisation": "Essaimage", "budget": "Budget détaillé"},
    layout=[("Contexte et objectifs", ["contexte", "problematique", "objectifs", "cibles"]), ("Méthode", ["methodologie", "phasage", "pilotage"]),
            ("Résultats", ["resultats", "perennisation"]), ("Budget", ["budget"])],
    text=std_text(
        ["Les artisans du bâtiment adoptent des logiciels de devis-facturation et des applications de suivi de chantier. Les compagnons utilisent leur téléphone personnel, saisissent des heures le soir et perdent des temps d'échange au dépôt."],
        ["Comment ouvrir dans les très petites entreprises artisanales un dialogue sur ces outils, sans instance représentative ?"],
        ["Expérimenter dans dix entreprises une démarche courte (trois rencontres) de discussion sur les outils, et former des référents au sein de la chambre de métiers."],
        ["Dix entreprises artisanales du bâtiment (5 à 20 salariés) du Nord et du Pas-de-Calais, leurs dirigeants et compagnons."],
        ["Diagnostic flash, réunion d'équipe outillée, plan d'ajustement suivi à trois mois. Formation de quatre conseillers de la chambre de métiers."],
        ["Novembre 2022 – février 2023 : diagnostics ; mars – juillet 2023 : réunions et plans ; septembre – octobre 2023 : suivi et formation des conseillers. Fin octobre 2023."],
        ["Comité de pilotage avec les trois partenaires signataires des lettres jointes, réuni trois fois ; point mensuel avec la chambre de métiers."],
        ["Une démarche courte documentée, dix plans d'ajustement, quatre conseillers formés."],
        ["La chambre de métiers intégrera la démarche à son offre de conseil numérique à partir de 2024."]),
    partner_fmt="letters",
    partners=[("Aract Hauts-de-France", "réseau Anact-Aract", "Participation au comité de pilotage et co-animation de la formation des conseillers."),
              ("Chambre de métiers et de l'artisanat Hauts-de-France", "chambre consulaire", "Repérage des entreprises, mise à disposition de quatre conseillers, valorisation du temps à hauteur de 4 000 €."),
              ("Union départementale CFE-CGC du Nord", "organisation syndicale", "Apport du point de vue des salariés et participation au comité de pilotage.")],
    letters=[dict(partner=0, address="197 rue Nationale, 59000 Lille",
                  body=["L'Aract Hauts-de-France s'engage à participer au comité de pilotage du projet ARTISANS CONNECTÉS et à co-animer la formation des conseillers de la chambre de métiers (deux journées)."],
                  place_date="Lille, le 8 août 2022", signer="Jérôme Lecomte", signer_role="Directeur"),
             dict(partner=1, address="Chambre de métiers et de l'artisanat Hauts-de-France – 9 rue Léon Trulin, 59000 Lille",
                  body=["La Chambre de métiers et de l'artisanat Hauts-de-France apporte son soutien au projet ARTISANS CONNECTÉS.",
                        "Elle repérera les dix entreprises participantes et mettra à disposition quatre conseillers, dont le temps est valorisé à hauteur de 4 000 €."],
                  place_date="Fait à Lille, le dix août deux mille vingt-deux", signer="Anne-Sophie Prévost", signer_role="Secrétaire générale"),
             dict(partner=2, address="UD CFE-CGC du Nord – 59000 Lille",
                  body=["Notre union départementale participera au comité de pilotage et apportera le point de vue des salariés des petites entreprises sur l'usage des outils numériques."],
                  place_date="Lille, le 11 août 2022", signer="Philippe Vermeersch", signer_role="Président")],
    budget=dict(tag="B913", style="dec",
                lines=[("personnel", "Consultants Horizons Travail (35 jours)", 27300), ("deplacements_logistique", "Déplacements en entreprise", 2900),
                       ("prestations", "Conception des supports", 4800), ("prestations", "Vidéo de présentation de la démarche", 5000)],
                fin=[("Anact", 31000, "anact"), ("Autofinancement Horizons Travail", 5000, "cofin"), ("Valorisation CMA Hauts-de-France", 4000, "cofin")]),
    meta=dict(desc_format="docx_styles", budget_variant="table_cat", partner_fmt="letters_only", roles=["partners_in_letters"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 12, 9, 58, 33),
                subject="Candidature Fabrique CTO - Horizons Travail - ARTISANS CONNECTÉS",
                body="Bonjour,\n\nVeuillez trouver ci-joints notre dossier de candidature et les trois lettres d'engagement de nos partenaires.\n\nCordialement,",
                html=True,
                att=[dict(fmt="docx", name="HorizonsTravail_ArtisansConnectes.docx", sections=DESC, partners=False, budget="final"),
                     dict(fmt="letter", name="Lettre_Aract_HDF.pdf", letter=0), dict(fmt="letter", name="Lettre_CMA_HDF.pdf", letter=1),
                     dict(fmt="letter", name="Lettre_UD_CFE-CGC_59.pdf", letter=2)])],
))

# ---------------------------------------------------------------- B914
RECORDS.append(dict(
    id="B914", kind="public", org="Communauté d'agglomération Val de Garonne Sud", acronym="GUICHET AGENTS",
    title="Impliquer les agents dans la refonte numérique des services à la population de l'agglomération",
    people=[("Stéphane Rivière", "s.riviere@agglo-vgs.fr", ["Stéphane Rivière", "Directeur de la transformation numérique", "Communauté d'agglomération Val de Garonne Sud"])],
    client="zimbra", end="2023-12-31",
    cover=cover("Communauté d'agglomération Val de Garonne Sud", "Impliquer les agents dans la refonte numérique des services à la population de l'agglomération", "GUICHET AGENTS"),
    text=std_text(
        ["L'agglomération ouvre un portail unique de démarches en ligne (eau, déchets, petite enfance, transport scolaire) et réorganise ses accueils physiques."],
        ["Les agents d'accueil et de back-office craignent une perte de contact avec les usagers et une charge accrue de traitement des demandes en ligne. Comment en faire un sujet de dialogue professionnel et social ?"],
        ["Associer les agents à la conception des parcours usagers et des procédures internes ; négocier avec les représentants du personnel un accord sur l'organisation des accueils."],
        ["Quatre services (environ 110 agents), leurs encadrants et les représentants du personnel au comité social territorial."],
        ["Ateliers de conception des parcours, tests du portail par les agents, séances de dialogue avec le prestataire du portail, négociation d'un accord."],
        ["Novembre 2022 – mars 2023 : ateliers ; avril – septembre 2023 : tests et ajustements ; octobre – décembre 2023 : négociation et bilan. Fin au 31 décembre 2023."],
        ["Comité de pilotage (DGS, DRH, direction du numérique, représentants du personnel, Aract Nouvelle-Aquitaine) tous les trimestres."],
        ["Des parcours usagers revus avec les agents, un accord sur l'organisation des accueils."],
        ["La méthode sera appliquée aux prochaines démarches dématérialisées et présentée aux communes membres."]),
    partner_fmt="bullets",
    partners=[("Aract Nouvelle-Aquitaine", "réseau Anact-Aract", "appui à l'animation des ateliers et à la préparation de la négociation"),
              ("Centre de gestion du Lot-et-Garonne", "établissement public", "mise à disposition d'un conseiller en prévention")],
    budget=dict(tag="B914", style="sp",
                lines=[("personnel", "Chef de projet (0,5 ETP sur 12 mois)", 24600), ("personnel", "Temps des agents en ateliers", 7000),
                       ("deplacements_logistique", "Déplacements et logistique des ateliers", 4200),
                       ("prestations", "Accompagnement à la conception des parcours", 15800), ("prestations", "Formation à la négociation", 7000)],
                fin=[("Financement Anact sollicité", 58600, "anact")]),
    meta=dict(desc_format="pdf_report", budget_variant="table_cat", partner_fmt="bullets", roles=["no_cofin"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 19, 10, 11, 7),
                subject="Candidature de la CA Val de Garonne Sud - Fabrique CTO",
                body="Bonjour,\n\nVous trouverez ci-joint la candidature de la Communauté d'agglomération Val de Garonne Sud.\n\nCordialement,",
                att=[dict(fmt="pdf_lo", name="CAVGS - candidature GUICHET AGENTS.pdf", sections=DESC, partners=True, budget="final")])],
))

# ---------------------------------------------------------------- B915
RECORDS.append(dict(
    id="B915", kind="federation", org="Fédération Aide & Domicile Bretagne", acronym="TOURNÉES SEREINES",
    title="Télégestion et smartphones professionnels : un dialogue social outillé dans les associations d'aide à domicile",
    people=[("Maëlle Le Goff", "maelle.legoff@fad-bretagne.fr", ["Maëlle Le Goff", "Chargée de mission qualité de vie au travail", "Fédération Aide & Domicile Bretagne"])],
    client="thunderbird", end="2023-11-30",
    heads={"contexte": "1. Le contexte", "problematique": "2. La problématique", "objectifs": "3. Les objectifs", "cibles": "4. Les publics",
           "methodologie": "5. La démarche", "phasage": "Calendrier prévisionnel", "pilotage": "6. Le pilotage", "resultats": "7. Les résultats attendus",
           "perennisation": "8. Pérennisation", "partners": "9. Les partenaires", "budget": "10. Le budget"},
    layout=[("", ["contexte", "problematique", "objectifs", "cibles", "methodologie", "phasage", "pilotage", "resultats", "perennisation", "partners", "budget"])],
    numbering="none",
    text=std_text(
        ["La télégestion par smartphone (badgeage au domicile, consultation du planning, transmissions) est désormais généralisée dans nos 48 associations adhérentes. Les salariées signalent des appels et messages hors temps de travail et un sentiment de contrôle."],
        ["Comment construire, dans des associations de taille modeste, un dialogue social outillé sur la télégestion et le droit à la déconnexion ?"],
        ["• Réaliser un état des lieux partagé des usages dans six associations ;", "• Accompagner la négociation d'accords ou de chartes sur l'usage des smartphones ;", "• Outiller les délégués syndicaux et les directions."],
        ["Six associations adhérentes (Finistère, Morbihan), leurs aides à domicile, responsables de secteur, directions et représentants du personnel."],
        ["Questionnaire et entretiens, restitution en CSE, ateliers paritaires d'élaboration des règles d'usage, appui à la rédaction des accords ou chartes."],
        ["Octobre – décembre 2022 : état des lieux. Janvier – avril 2023 : restitutions et ateliers. Mai – septembre 2023 : négociations. Octobre – novembre 2023 : bilan et diffusion. Fin du projet : 30 novembre 2023."],
        ["Un comité de pilotage réunit la fédération, le Conseil départemental du Finistère, l'Aract Bretagne et deux représentantes syndicales ; quatre réunions."],
        ["Six accords ou chartes, un guide fédéral sur l'usage des smartphones professionnels."],
        ["Le guide sera diffusé à l'ensemble du réseau et intégré au programme de formation des directions."]),
    partner_fmt="bullets",
    partners=[("Aract Bretagne", "réseau Anact-Aract", "animation des ateliers paritaires"),
              ("Conseil départemental du Finistère", "collectivité", "cofinancement et participation au comité de pilotage"),
              ("Union régionale CFDT Santé-Sociaux Bretagne", "organisation syndicale", "formation des délégués et participation au comité de pilotage")],
    budget=dict(tag="B915", style="sp",
                lines=[("personnel", "Chargée de mission (0,4 ETP sur 14 mois)", 21500), ("personnel", "Temps des directions mobilisées", 5000),
                       ("deplacements_logistique", "Déplacements dans les associations", 5400), ("deplacements_logistique", "Ateliers paritaires (salles, repas)", 2000),
                       ("prestations", "Juriste en droit social (appui aux négociations)", 8100), ("prestations", "Édition du guide", 4000)],
                fin=[("Anact", 36000, "anact"), ("Conseil départemental du Finistère", 6000, "cofin"), ("Fonds propres de la fédération", 4000, "cofin")]),
    meta=dict(desc_format="docx_autonum", budget_variant="table_cat", partner_fmt="bullets", roles=["phasage_later"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 11, 15, 33, 20),
                subject="Candidature AMI Fabrique CTO – Fédération Aide & Domicile Bretagne",
                body="Bonjour,\n\nVeuillez trouver ci-joint notre dossier de candidature pour le projet TOURNÉES SEREINES.\n\nBien cordialement,",
                att=[dict(fmt="docx", name="FAD Bretagne - Tournées sereines.docx", sections=[k for k in DESC if k != "phasage"], partners=True, budget="final", cover=False, toc=False)]),
           dict(kind="reply", who=0, date=dt(8, 11, 17, 2, 48), reply_to=0,
                subject="Re: Candidature AMI Fabrique CTO – Fédération Aide & Domicile Bretagne",
                body="Bonjour,\n\nJe m'aperçois que le calendrier prévisionnel, qui figurait dans une annexe séparée, n'était pas joint à mon précédent envoi. Le voici.\n\nToutes mes excuses,",
                att=[dict(fmt="docx", name="Annexe - calendrier prévisionnel.docx", sections=["phasage"], partners=False, budget=None, cover=False, toc=False)])],
))

# ---------------------------------------------------------------- B916
RECORDS.append(dict(
    id="B916", kind="cabinet", org="Octave RH Conseil", acronym=None,
    title="Des comités d'usagers internes pour les outils collaboratifs dans les PME de services",
    people=[("Élodie Marchetti", "e.marchetti@octave-rh.fr", ["Élodie Marchetti", "Consultante RH et organisation", "Octave RH Conseil – 06000 Nice"])],
    client="thunderbird", end="2023-07-31",
    cover=cover("Octave RH Conseil", "Des comités d'usagers internes pour les outils collaboratifs dans les PME de services", None),
    heads={"partners": "Partenaires associés"},
    layout=[("Le projet", ["contexte", "problematique", "objectifs", "cibles"]), ("Démarche", ["methodologie", "phasage", "pilotage"]),
            ("Résultats", ["resultats"]), ("Partenaires", ["partners"]), ("Budget", ["budget"])],
    text=std_text(
        ["Depuis la crise sanitaire, les PME de services (bureaux d'études, agences, cabinets comptables) ont adopté en urgence des messageries instantanées, des outils de visioconférence et des espaces de travail partagés, sans règle commune d'usage."],
        ["La surcharge informationnelle et le brouillage des temps sont rarement discutés collectivement. Comment installer un lieu de dialogue durable sur ces outils ?"],
        ["Créer et animer dans cinq PME un « comité d'usagers » interne chargé de proposer des règles d'usage à la direction et au CSE."],
        ["Cinq PME de services des Alpes-Maritimes (30 à 120 salariés), salariés volontaires, managers, élus."],
        ["Enquête flash sur les usages, constitution des comités d'usagers, quatre réunions accompagnées par comité, présentation des propositions en CSE."],
        ["Octobre – décembre 2022 : enquêtes ; janvier – mai 2023 : comités ; juin – juillet 2023 : synthèse. Fin juillet 2023."],
        ["Comité de pilotage composé d'Octave RH et des dirigeants des cinq PME, réuni trois fois."],
        ["Des règles d'usage adoptées dans les cinq PME, un guide de mise en place d'un comité d'usagers."], []),
    omit=["perennisation"],
    contrib=False, partner_fmt="bullets",
    partner_intro="Les structures suivantes sont associées au projet :",
    partners=[("Aract Provence-Alpes-Côte d'Azur", "réseau Anact-Aract", ""), ("UPE 06", "organisation patronale", ""),
              ("CCI Nice Côte d'Azur", "chambre consulaire", "")],
    budget=dict(tag="B916", style="sp",
                lines=[("personnel", "Consultante (44 jours)", 33000), ("deplacements_logistique", "Déplacements", 2400),
                       ("prestations", "Outil d'enquête en ligne et analyse", 2600), ("prestations", "Mise en page du guide", 4000)],
                fin=[("Anact", 33600, "anact"), ("Autofinancement Octave RH", 8400, "cofin")]),
    meta=dict(desc_format="pdf_reportlab", budget_variant="table_cat", partner_fmt="bullets_names_only", roles=["reply_no_fix"]),
    notes=["reply sends CVs only: the dossier stays incomplete"],
    mails=[dict(kind="submission", who=0, date=dt(8, 3, 11, 20, 0),
                subject="AMI Fabrique CTO : candidature Octave RH Conseil",
                body="Bonjour,\n\nVeuillez trouver notre proposition en pièce jointe.\n\nCordialement,",
                att=[dict(fmt="pdf_rl", name="Octave_RH_proposition_FabriqueCTO.pdf", sections=DESC, partners=True, budget="final")]),
           dict(kind="reply", who=0, date=dt(8, 4, 9, 45, 30), reply_to=0,
                subject="Re: AMI Fabrique CTO : candidature Octave RH Conseil",
                body="Bonjour,\n\nEn complément, je vous joins le CV de l'intervenante principale du projet.\n\nCordialement,",
                att=[dict(fmt="cv_pdf", name="CV_Elodie_Marchetti.pdf")])],
))

# ---------------------------------------------------------------- B917
RECORDS.append(dict(
    id="B917", kind="cabinet", org="Kaléido Conseil & Recherche", acronym="MAINTENANCE AUGMENTÉE",
    title="Lunettes connectées et maintenance industrielle : expérimenter un dialogue technologique tripartite",
    people=[("Romain Hébert", "romain.hebert@kaleido-cr.fr", ["Romain Hébert", "Directeur d'études", "Kaléido Conseil & Recherche – 14000 Caen"])],
    client="outlook", end="2023-12-31",
    cover=cover("Kaléido Conseil & Recherche", "Lunettes connectées et maintenance industrielle : expérimenter un dialogue technologique tripartite", "MAINTENANCE AUGMENTÉE"),
    heads={"pilotage": "Gouvernance et instances", "cibles": "Terrains et publics"},
    text=std_text(
        ["Plusieurs industriels normands équipent leurs techniciens de maintenance de lunettes de réalité assistée permettant une assistance à distance par des experts. Ces outils changent l'autonomie des techniciens et l'organisation des astreintes."],
        ["Comment mettre en discussion, entre acheteurs, fournisseurs et utilisateurs, les conditions d'usage de ces dispositifs avant leur généralisation ?"],
        ["Expérimenter dans trois entreprises un dialogue tripartite (acheteurs, fournisseur, techniciens et élus) et en tirer une méthode transférable."],
        ["Trois entreprises industrielles du Calvados et de la Manche, 45 techniciens de maintenance, leurs managers, les acheteurs et les élus."],
        ["Observation instrumentée des interventions, ateliers tripartites, tests comparés de paramétrages, enquête auprès des techniciens."],
        ["Octobre 2022 – janvier 2023 : observations ; février – juillet 2023 : ateliers tripartites ; août – décembre 2023 : tests, synthèse et restitution. Fin décembre 2023."],
        ["Comité de pilotage trimestriel : Kaléido, le CERReV, les trois entreprises (direction et CSE), l'Aract Normandie."],
        ["Une méthode de dialogue tripartite, un cahier de recommandations pour l'achat de dispositifs de réalité assistée."],
        ["Le cahier sera diffusé par l'UIMM régionale ; le CERReV publiera un article scientifique."]),
    partner_fmt="table",
    partners=[("CERReV – Université de Caen Normandie", "laboratoire de recherche", "Conception de l'enquête, analyse des observations, publication."),
              ("Aract Normandie", "réseau Anact-Aract", "Participation au comité de pilotage, expertise conditions de travail."),
              ("UIMM Normandie", "organisation professionnelle", "Mise en relation avec les entreprises et diffusion du cahier de recommandations.")],
    budget=dict(tag="B917", cols=["Kaléido", "CERReV", "Entreprises pilotes"], style="sp",
                lines=[("personnel", "Consultants Kaléido", [38000, 0, 0]), ("personnel", "Enseignant-chercheur et doctorant", [0, 21000, 0]),
                       ("personnel", "Temps des techniciens en ateliers (valorisé)", [0, 0, 9000]),
                       ("deplacements_logistique", "Déplacements", [4200, 1800, 0]), ("deplacements_logistique", "Logistique des ateliers", [2600, 0, 0]),
                       ("prestations", "Design de service", [12000, 0, 0]), ("prestations", "Captation et montage vidéo", [6400, 0, 0]),
                       ("prestations", "Édition du cahier de recommandations", [5000, 0, 0])],
                fin=[("Anact", 80000, "anact"), ("Autofinancement Kaléido", 8000, "cofin"), ("Université de Caen (CERReV)", 3000, "cofin"),
                     ("Valorisation entreprises pilotes", 9000, "cofin")]),
    meta=dict(desc_format="pdf_report", budget_variant="xlsx_partners", partner_fmt="table", roles=["cap_exact", "cofi_exact20"]),
    notes=["Anact request exactly 80 000 EUR and co-financing exactly 20 %: no flag"],
    mails=[dict(kind="submission", who=0, date=dt(8, 22, 14, 9, 55),
                subject="Fabrique CTO – dossier Kaléido « Maintenance augmentée »",
                body="Madame, Monsieur,\n\nVous trouverez ci-joints notre note de projet (PDF) et notre budget détaillé par partenaire (Excel).\n\nBien cordialement,",
                html=True,
                att=[dict(fmt="pdf_lo", name="Kaleido_Maintenance-augmentee_note-de-projet.pdf", sections=DESC, partners=True, budget=None),
                     dict(fmt="xlsx", name="Kaleido_budget_par_partenaire.xlsx", budget="final")])],
))

# ---------------------------------------------------------------- B918
RECORDS.append(dict(
    id="B918", kind="asso", org="Association Médiacoop 64", acronym=None,
    title="Médiation numérique au travail dans les ateliers et chantiers d'insertion du Pays basque",
    people=[("Peio Etcheverry", "contact@mediacoop64.org", ["Peio Etcheverry", "Président – Médiacoop 64", "Bayonne"])],
    client="roundcube", end="2023-06-30",
    heads={"contexte": "Contexte", "objectifs": "Objectifs", "problematique": "Problématique", "cibles": "Public", "methodologie": "Méthode",
           "phasage": "Déroulé", "pilotage": "Pilotage", "resultats": "Résultats", "perennisation": "Suite", "partners": "Partenaires", "budget": "Budget"},
    body_head="{} -",
    text=std_text(
        ["Les ateliers et chantiers d'insertion passent aux outils numériques (pointage, suivi des parcours, plannings)."],
        ["Les salariés en insertion et les encadrants techniques ne sont jamais associés à ces choix."],
        ["Mettre en place des temps de médiation numérique sur le lieu de travail, avec salariés et encadrants."],
        ["Quatre ateliers et chantiers d'insertion (environ 70 salariés en insertion et 12 encadrants)."],
        ["Permanences de médiation sur les chantiers, deux ateliers de discussion par structure avec la direction."],
        ["Oct-déc 2022 permanences, janv-avril 2023 ateliers, mai-juin 2023 bilan. Fin juin 2023."],
        ["Comité de suivi : Médiacoop, les quatre directions, l'Agglomération Pays Basque."],
        ["Une méthode de médiation numérique au travail, quatre structures accompagnées."],
        ["Intégration à notre programme de médiation numérique financé par l'agglomération."]),
    body_order=DESC + ["partners", "budget"],
    partners=[("Communauté d'agglomération Pays Basque", "collectivité", "cofinancement, participation au comité de suivi"),
              ("Inserbat Côte basque", "atelier et chantier d'insertion", "terrain d'expérimentation")],
    budget=dict(tag="B918", style="glued",
                lines=[("personnel", "Médiatrice numérique (temps projet)", 11200), ("prestations", "Animation des ateliers par un consultant", 4800)],
                fin=[("Anact", 12800, "anact"), ("Agglomération Pays Basque", 3200, "cofin")], total_phrase="Total {}"),
    meta=dict(desc_format="body", budget_variant="body_list", partner_fmt="bullets", roles=["no_travel_line"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 20, 8, 14, 6),
                subject="AMI dialogue social technologique - Médiacoop 64",
                body_doc=True,
                body="Bonjour,\n\nvoici notre projet en quelques lignes :\n\n{DOC}\n\nBonne journée\n",
                att=[])],
))

# ---------------------------------------------------------------- B919
RECORDS.append(dict(
    id="B919", kind="employer", org="Coopérative Alliance Distribution Sud-Ouest", acronym="MAGASINS EN DIALOGUE",
    title="Caisses automatiques et étiquettes électroniques : dialoguer sur le travail en magasin",
    people=[("Julie Campos", "julie.campos@alliance-dso.coop", ["Julie Campos", "Assistante de direction – DRH", "pour Bernard Soulé, Directeur des ressources humaines", "Coopérative Alliance Distribution Sud-Ouest", "31000 Toulouse"])],
    client="outlook", end="2023-11-30",
    cover=cover("Coopérative Alliance Distribution Sud-Ouest", "Caisses automatiques et étiquettes électroniques : dialoguer sur le travail en magasin", "MAGASINS EN DIALOGUE"),
    heads={"objectifs": "Finalités", "pilotage": "Pilotage du projet", "budget": "Budget prévisionnel (en k€)"},
    layout=[("Contexte et finalités", ["contexte", "problematique", "objectifs", "cibles"]), ("Méthode", ["methodologie", "phasage", "pilotage"]),
            ("Résultats et suites", ["resultats", "perennisation"]), ("Budget", ["budget"])],
    text=std_text(
        ["La coopérative regroupe 62 magasins de proximité et supermarchés (1 900 salariés). Elle déploie en 2022-2023 des caisses automatiques et des étiquettes électroniques de prix, qui transforment les métiers d'hôte de caisse et d'employé de rayon."],
        ["Comment associer les salariés et leurs représentants à la redéfinition des tâches et à l'organisation des espaces de caisse ?"],
        ["Conduire dans huit magasins pilotes une démarche de conception participative des nouveaux postes, et préparer une négociation sur les évolutions de métiers."],
        ["Huit magasins pilotes, leurs hôtes de caisse, employés de rayon, managers, et le CSE central."],
        ["Groupes métiers dans chaque magasin, visites croisées entre magasins, simulations d'organisation de la zone de caisse, travail en commission du CSE."],
        ["Octobre 2022 – février 2023 : groupes métiers ; mars – juillet 2023 : simulations et visites croisées ; septembre – novembre 2023 : préparation de la négociation et bilan. Fin novembre 2023."],
        ["Un comité de pilotage paritaire (DRH, direction des opérations, membres du CSE central, partenaires) se réunit tous les deux mois. Voir annexe Gouvernance et partenaires."],
        ["Des organisations de zones de caisse revues, des fiches métiers actualisées, un accord sur l'évolution des métiers."],
        ["La démarche sera étendue aux 54 autres magasins au fil du déploiement en 2024 et partagée avec les autres coopératives du groupement national."]),
    partner_fmt="table",
    partner_intro="Les partenaires associés au projet et leur contribution sont présentés ci-dessous.",
    partners=[("Aract Occitanie", "réseau Anact-Aract", "Animation des visites croisées et appui méthodologique au comité de pilotage."),
              ("CESI École d'ingénieurs – campus de Toulouse", "établissement d'enseignement supérieur", "Simulations d'organisation de la zone de caisse par des élèves ingénieurs."),
              ("Fédération Commerce et Services CFDT Occitanie", "organisation syndicale", "Formation des élus du CSE central aux enjeux des technologies de caisse.")],
    budget=dict(tag="B919", style="k",
                lines=[("personnel", "Chef de projet", 30000), ("personnel", "Référents métiers en magasin", 16500),
                       ("deplacements_logistique", "Déplacements et visites croisées", 8200),
                       ("prestations", "Simulations (CESI)", 9300), ("prestations", "Formation des élus", 7000), ("prestations", "Supports et restitution", 5000)],
                fin=[("Anact", 60000, "anact"), ("Autofinancement coopérative", 16000, "cofin")]),
    meta=dict(desc_format="docx_styles", budget_variant="table_k", partner_fmt="annex_docx", roles=["assistant_sender", "annex_governance"]),
    mails=[dict(kind="submission", who=0, date=dt(8, 23, 11, 30, 2),
                subject="Candidature AMI - Coopérative Alliance Distribution Sud-Ouest",
                body="Bonjour,\n\nÀ la demande de M. Bernard Soulé, Directeur des ressources humaines, je vous prie de trouver ci-joints le dossier de candidature de la coopérative ainsi que son annexe relative à la gouvernance et aux partenaires.\n\nBien cordialement,",
                html=True,
                att=[dict(fmt="docx", name="ADSO - Magasins en dialogue - dossier.docx", sections=DESC, partners=False, budget="final"),
                     dict(fmt="annex_docx", name="ADSO - Annexe 1 Gouvernance et partenaires.docx")])],
))

# ---------------------------------------------------------------- B920
RECORDS.append(dict(
    id="B920", kind="public", org="Agence régionale pour l'emploi et les compétences Centre-Val de Loire (AREC)", acronym="COMPÉTENCES & OUTILS",
    title="Outiller les instances paritaires des PME pour discuter de l'introduction des technologies dans l'industrie agroalimentaire",
    people=[("Benoît Charpentier", "b.charpentier@arec-cvl.fr", ["Benoît Charpentier", "Responsable du pôle mutations économiques", "AREC Centre-Val de Loire – 45000 Orléans"])],
    client="outlook", end="2023-12-31", cc="m.perrin@arec-cvl.fr",
    cover=cover("AREC Centre-Val de Loire", "Outiller les instances paritaires des PME pour discuter de l'introduction des technologies dans l'industrie agroalimentaire", "COMPÉTENCES & OUTILS", "Dossier de candidature"),
    heads={"pilotage": "Pilotage et instances", "partners": "Partenariat"},
    text=std_text(
        ["L'industrie agroalimentaire régionale (18 000 salariés, majoritairement dans des PME) automatise ses lignes de conditionnement et généralise la traçabilité numérique. Les accords de GPEC abordent rarement l'organisation du travail."],
        ["Comment outiller les CSE et les directions de PME pour discuter de ces projets technologiques en amont, et pas seulement de leurs effets sur l'emploi ?"],
        ["Concevoir un kit de dialogue (fiches, grilles d'analyse, scénarios) et l'expérimenter dans six PME."],
        ["Six PME agroalimentaires (50 à 250 salariés) du Loiret, du Cher et de l'Indre ; directions, élus, opérateurs de ligne."],
        ["Co-conception du kit avec un groupe paritaire régional, expérimentation accompagnée dans chaque PME, formation de binômes direction-élus."],
        ["Octobre 2022 – février 2023 : conception du kit ; mars – septembre 2023 : expérimentations ; octobre – décembre 2023 : évaluation et diffusion. Fin décembre 2023."],
        ["Comité de pilotage régional (État, Région, partenaires sociaux de la branche, Aract, AREC) trois fois par an ; groupe paritaire de conception."],
        ["Un kit de dialogue validé, six expérimentations documentées, douze binômes formés."],
        ["Le kit sera intégré à l'offre de service de l'AREC et de l'OPCO de la branche."]),
    partner_fmt="table",
    partners=[("Aract Centre-Val de Loire", "réseau Anact-Aract", "Co-conception du kit et accompagnement des expérimentations."),
              ("Association régionale des industries alimentaires du Centre-Val de Loire", "organisation professionnelle", "Mobilisation des PME et diffusion du kit."),
              ("Région Centre-Val de Loire", "collectivité", "Cofinancement et participation au comité de pilotage.")],
    budget=dict(tag="B920", style="dot",
                lines=[("personnel", "Chargés de mission AREC", 38400), ("deplacements_logistique", "Déplacements", 3600),
                       ("deplacements_logistique", "Séminaires régionaux", 2000), ("prestations", "Conception graphique et édition du kit", 9000),
                       ("prestations", "Formation des binômes", 15000)],
                fin=[("Anact – Fabrique CTO", 44000, "anact"), ("Fonds social européen (FSE+)", 14000, "cofin"), ("Région Centre-Val de Loire", 10000, "cofin")]),
    meta=dict(desc_format="pdf_report", budget_variant="table_cat_dot", partner_fmt="table", roles=["cc"]),
    mails=[dict(kind="submission", who=0, date=dt(7, 28, 16, 47, 19),
                subject="AMI Fabrique CTO – candidature AREC Centre-Val de Loire",
                body="Madame, Monsieur,\n\nL'AREC Centre-Val de Loire a l'honneur de vous présenter sa candidature à l'appel à manifestation d'intérêt « Développer le dialogue social technologique au travail ». Le dossier complet est joint au présent message.\n\nJe vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
                html=True,
                att=[dict(fmt="pdf_lo", name="AREC_CVL_Competences-et-outils_candidature.pdf", sections=DESC, partners=True, budget="final")])],
))

# ---------------------------------------------------------------- non-dossier messages
OTHER = [
    dict(classification="correspondence", note="question about the call", client="gmail",
         from_name="Anaïs Berthier", from_addr="anais.berthier.scic@gmail.com", date=dt(7, 20, 10, 12, 40),
         subject="Question sur l'AMI dialogue social technologique",
         body="Bonjour,\n\nNous sommes une SCIC qui accompagne des tiers-lieux dans la Drôme et souhaiterions répondre à votre appel.\n\nDeux questions :\n- le plafond de 80 000 € s'entend-il HT ou TTC ?\n- le co-financement de 20 % peut-il être apporté en valorisation de temps bénévole ?\n\nMerci par avance pour votre réponse,\n\nAnaïs Berthier\nSCIC Les Communs de la Drôme"),
    dict(classification="auto_reply", note="out-of-office from the applicant of B903", client="outlook",
         from_name="Isabelle Lemaire", from_addr="isabelle.lemaire@translor-mobilites.com", date=dt(8, 12, 8, 30, 5),
         subject="Réponse automatique : Accusé de réception – candidature Fabrique CTO",
         in_reply_to="<fcto-ack-b903-7731@anact.fr>",
         extra_headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
         body="Bonjour,\n\nJe suis absente jusqu'au lundi 29 août inclus. Pour toute question urgente relative aux relations sociales, merci de contacter M. Hervé Kieffer (herve.kieffer@translor-mobilites.com).\n\nCordialement,\nIsabelle Lemaire"),
    dict(classification="correspondence", accept=["correspondence", "reply"], related_dossier="B901", note="thank-you from the applicant of B901 (no new content)",
         client="outlook", from_name="Hélène Vasseur", from_addr="h.vasseur@alteris-conseil.fr", date=dt(8, 19, 9, 5, 51),
         subject="RE: Accusé de réception – candidature Fabrique CTO", in_reply_to="<fcto-ack-b901-1187@anact.fr>",
         body="Bonjour,\n\nMerci pour la bonne réception de notre dossier. Nous restons à votre disposition pour une éventuelle audition.\n\nBien cordialement,\nHélène Vasseur\nAltéris Conseil"),
]

# ================================================================ assembly
import json
import sys

ALL_KEYS = ["description." + k for k in DESC] + ["budget.personnel", "budget.deplacements_logistique", "budget.prestations",
                                                 "budget.cofinancements", "partenaires.liste", "partenaires.contributions"]
DEADLINE = datetime(2022, 8, 23, 23, 59, 59, tzinfo=PARIS)


def doc_meta(D, att):
    return dict(author=D["people"][0][0], title=D["title"], header=f"{D['org']} – {D.get('acronym') or 'AMI Fabrique CTO'}",
                footer=D.get("footer", "AMI Fabrique CTO 2022"), heading_mode=D.get("heading_mode", "styles"))


def render_att(D, att, work):
    fmt, name = att["fmt"], att["name"]
    tmp = os.path.join(work, D["id"] + "_" + h(name) + "_" + re.sub(r"[^A-Za-z0-9.]", "_", name))
    keys = set()
    bver = None
    bud = None
    if att.get("budget"):
        bver = att["budget"]
        bud = D["budget"] if bver == "final" else D["budget_" + bver]
    if fmt in ("pdf_lo", "pdf_rl", "docx"):
        secs = [s for s in att["sections"] if s not in D.get("omit", ())]
        blocks = formal_blocks(D, secs, partners=att.get("partners", False), budget=bud,
                               cover=att.get("cover", "cover" in D), toc=att.get("toc", "cover" in D))
        keys |= {"description." + s for s in secs}
        if att.get("partners"):
            keys.add("partenaires.liste")
            if D.get("contrib", True):
                keys.add("partenaires.contributions")
        keys |= budget_keys(bud)
        if fmt == "pdf_rl":
            blocks_to_pdf_rl(blocks, tmp, doc_meta(D, att))
        else:
            dx = tmp if fmt == "docx" else tmp[:-4] + ".docx"
            blocks_to_docx(blocks, dx, doc_meta(D, att))
            if fmt == "pdf_lo":
                docx_to_pdf(dx, tmp, work)
        render = "libreoffice" if fmt == "pdf_lo" else ("reportlab" if fmt == "pdf_rl" else None)
    elif fmt == "xlsx":
        budget_xlsx(bud, tmp, work, dict(author=D["people"][0][0], title=f"Budget prévisionnel – {D.get('acronym') or D['org']}",
                                         subtitle=f"{D['org']} – montants en euros"))
        keys |= budget_keys(bud)
        render = None
    elif fmt == "pdf_rl_budget":
        blocks = [("h1", f"Budget prévisionnel – {D.get('acronym') or D['title']}"), ("p", D["org"])] + budget_blocks(D, bud)
        m = doc_meta(D, att)
        m["landscape"] = True
        blocks_to_pdf_rl(blocks, tmp, m)
        keys |= budget_keys(bud)
        render = "reportlab"
    elif fmt == "letter":
        blocks_to_pdf_rl(letter_blocks(D, att["letter"]), tmp, dict(author=D["letters"][att["letter"]]["signer"], title="Lettre d'engagement"))
        keys |= {"partenaires.liste", "partenaires.contributions"}
        render = "reportlab"
    elif fmt == "annex_docx":
        blocks = [("h1", "Annexe 1 – Gouvernance et partenaires"), ("h2", "Composition du comité de pilotage")] + para_blocks(D["text"]["pilotage"]) + \
                 [("h2", "Partenaires et contributions")] + partner_blocks(D, True)
        blocks_to_docx(blocks, tmp, doc_meta(D, att))
        keys |= {"partenaires.liste", "partenaires.contributions", "description.pilotage"}
        render = None
    elif fmt == "cv_pdf":
        p = D["people"][0]
        blocks = [("h1", p[0]), ("p", p[1]), ("h2", "Expérience"),
                  ("bullets", ["Depuis 2015 : consultante RH et organisation, " + D["org"], "2009-2015 : responsable RH dans une société de services numériques (180 salariés)"]),
                  ("h2", "Formation"), ("bullets", ["Master 2 Gestion des ressources humaines, Université Côte d'Azur", "Certificat d'intervenant en prévention des risques professionnels"])]
        blocks_to_pdf_rl(blocks, tmp, dict(author=p[0], title="CV"))
        render = "reportlab"
    else:
        raise ValueError(fmt)
    ext = name.rsplit(".", 1)[1].lower()
    data = open(tmp, "rb").read()
    return (name, data) + MIME[ext], keys, bver, render


def build(out, work) -> dict:
    """Writes OUT/mail/NNNN.eml and OUT/truth.json; returns the truth (with `skipped`: none)."""
    out, work = str(out), str(work)
    os.makedirs(os.path.join(out, "mail"), exist_ok=True)
    os.makedirs(work, exist_ok=True)
    allmails = []   # (date, key, mailspec, truthmsg)
    dossiers = []
    for D in RECORDS:
        present = set()
        last_budget = None
        msgids = []
        attach_names, renders = [], []
        first_keys = None
        for i, M in enumerate(D["mails"]):
            name, addr, sig = D["people"][M["who"]]
            dom = addr.split("@")[1]
            client = M.get("client", D["client"])
            mid = make_msgid(client, D["id"] + ":" + str(i), dom if "gmail" not in dom else "mail.gmail.com")
            msgids.append(mid)
            keys = set()
            body = M["body"]
            if M.get("body_doc"):
                order = D.get("body_order", DESC + ["partners", "budget"])
                secs = [s for s in DESC if s not in D.get("omit", ())]
                bud = D["budget"] if "budget" in order else None
                body = body.replace("{DOC}", body_text(D, secs, partners="partners" in order, budget=bud))
                keys |= {"description." + s for s in secs}
                if "partners" in order:
                    keys.add("partenaires.liste")
                    if D.get("contrib", True):
                        keys.add("partenaires.contributions")
                if bud:
                    keys |= budget_keys(bud)
                    last_budget = bud
            body = body + "\n\n" + "\n".join(sig) + "\n"
            atts = []
            for att in M.get("att", []):
                a, k, bver, render = render_att(D, att, work)
                atts.append(a)
                keys |= k
                attach_names.append(att["name"])
                if render:
                    renders.append([att["name"], render])
                if bver:
                    last_budget = D["budget"] if bver == "final" else D["budget_" + bver]
            if first_keys is None:
                first_keys = set(keys)
            present |= keys
            spec = dict(from_name=name, from_addr=addr, subject=M["subject"], date=M["date"], msgid=mid, client=client,
                        body=body, html=M.get("html", False), attachments=atts, cc=D.get("cc") if i == 0 else None)
            if M.get("reply_to") is not None:
                spec["in_reply_to"] = msgids[M["reply_to"]]
            tm = dict(message_id=mid, classification=M["kind"], dossier_id=D["id"])
            allmails.append((M["date"], D["id"] + str(i), spec, tm))
        present = [k for k in ALL_KEYS if k in present]
        missing = [k for k in ALL_KEYS if k not in present]
        fig = budget_figures(last_budget) if last_budget else {
            "total_eur": None, "anact_request_eur": None, "cofinancing_eur": None, "by_category": {c: None for c in CATS}}
        flags, opt = [], []
        if fig["anact_request_eur"] is not None and fig["anact_request_eur"] > 80000:
            flags.append("plafond_depasse")
        elif D.get("budget_v1") and budget_figures(D["budget_v1"])["anact_request_eur"] > 80000:
            opt.append("plafond_depasse")
        if fig["total_eur"]:
            if fig["cofinancing_eur"] is not None:
                r = fig["cofinancing_eur"] / fig["total_eur"]
            else:
                r = (fig["total_eur"] - fig["anact_request_eur"]) / fig["total_eur"]
            if r < 0.2 - 1e-9:
                flags.append("cofinancement_insuffisant")
        first_date = D["mails"][0]["date"]
        if first_date > DEADLINE:
            flags.append("hors_delai")
        end = D["end"] if "description.phasage" in present else None
        if end and end.startswith("2024"):
            flags.append("fin_apres_echeance")
        if fig["by_category"]["autres"]:
            flags.append("depense_non_eligible")
        flags = [f for f in ["plafond_depasse", "cofinancement_insuffisant", "hors_delai", "fin_apres_echeance", "depense_non_eligible"] if f in flags]
        kinds = [m["kind"] for m in D["mails"]]
        reply = None
        if len(D["mails"]) > 1:
            reply = "colleague" if any(m["who"] != 0 for m in D["mails"][1:]) else ("corrected" if D.get("budget_v1") else "same")
        dossiers.append(dict(
            id=D["id"], messages=msgids, applicant_email=D["people"][0][1], applicant_name=D["people"][0][0],
            organisation=D["org"], project_title=D["title"], acronym=D.get("acronym"),
            status="complete" if not missing else "incomplete", missing=missing, present=present, budget=fig,
            partners=[p[0] for p in D["partners"]] if "partenaires.liste" in present else [],
            flags=flags, optional_flags=opt, received_at=first_date.astimezone(PARIS).isoformat(), project_end=end,
            notes=list(D.get("notes", [])),
            meta=dict(kind=D["kind"], desc_format=D["meta"]["desc_format"], budget_variant=D["meta"]["budget_variant"],
                      partner_fmt=D["meta"]["partner_fmt"], client=D["client"], reply=reply, roles=D["meta"].get("roles", []),
                      missing_first_message=[k for k in ALL_KEYS if k not in first_keys],
                      attachments=attach_names, pdf_renders=renders)))
    for j, O in enumerate(OTHER):
        dom = O["from_addr"].split("@")[1]
        mid = make_msgid(O["client"], "other:" + str(j), dom if "gmail" not in dom else "mail.gmail.com")
        spec = dict(from_name=O["from_name"], from_addr=O["from_addr"], subject=O["subject"], date=O["date"], msgid=mid,
                    client=O["client"], body=O["body"] + "\n", in_reply_to=O.get("in_reply_to"), extra_headers=O.get("extra_headers"))
        tm = dict(message_id=mid, classification=O["classification"], dossier_id=None)
        for k in ("accept", "related_dossier", "note"):
            if O.get(k):
                tm[k] = O[k]
        allmails.append((O["date"], "zz" + str(j), spec, tm))
    allmails.sort(key=lambda x: (x[0].astimezone(timezone.utc), x[1]))
    messages = []
    for n, (d, _, spec, tm) in enumerate(allmails, 1):
        fn = f"mail/{n:04d}.eml"
        with open(os.path.join(out, fn), "wb") as f:
            f.write(build_mail(spec))
        tm = dict(tm)
        tm["file"] = fn
        messages.append({k: tm[k] for k in ["message_id", "file", "classification", "dossier_id", "accept", "related_dossier", "note"] if k in tm})
    truth = dict(schema=1, call="fabrique-cto-2022", generator="blind set 9 – written independently of the project",
                 deadline="2022-08-23T23:59:59+02:00", cap_eur=80000, project_end_limit="2023-12-30",
                 pdf_renderers={"libreoffice": "LibreOffice (headless, DOCX->PDF)", "reportlab": "reportlab",
                                "note": "meta.pdf_renders: which renderer drew each readable PDF an applicant sent"},
                 conventions=[
                     "budget figures are the ones the applicant's latest readable budget states; null = not stated anywhere readable",
                     "hors_delai: first submission message Date after 2022-08-23 23:59:59 Europe/Paris",
                     "fin_apres_echeance: stated project end month in 2024 (a bare 'décembre 2023' is not flagged)",
                     "optional_flags are neither rewarded nor penalised; 'accept' lists the classifications accepted for a message",
                     "budget.cofinancements is present only when a co-financing source other than Anact is stated with its amount",
                     "cofinancement_insuffisant: co-financing / total below 20 %, or (total - Anact request) / total below 20 % when no co-financing is stated (an Anact request equal to the total is 0 % co-financing)",
                     "plafond_depasse: Anact request above 80 000 EUR in the latest budget (exactly 80 000 is not flagged)",
                     "depense_non_eligible: the budget contains a line outside personnel / travel-logistics / services (by_category.autres)",
                     "amounts stated HT with a TVA/TTC line: figures are the HT ones the financing plan sums to",
                     "partners listed only in separate letters of commitment count as partenaires.liste and partenaires.contributions",
                 ],
                 dossiers=dossiers, messages=messages)
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    return dict(truth, skipped=[])


def main():
    out = sys.argv[1]
    work = sys.argv[2] if len(sys.argv) > 2 else os.path.join(out, "_work")
    truth = build(out, work)
    print(f"{len(truth['dossiers'])} dossiers, {len(truth['messages'])} mails -> {out}")


if __name__ == "__main__":
    main()
