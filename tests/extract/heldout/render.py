"""Renderers of the held-out set: Word-like DOCX, PDF exported by various tools, XLSX budgets
with cached formulas, Outlook HTML and Gmail/iPhone plain-text mails."""
from __future__ import annotations

import html as htmlmod
import io
import re
import zipfile

# An outline element: ("title", t) ("meta", t) ("h", level, t) ("p", t) ("hint", t) ("li", t)
# ("table", rows) ("toc", [entries]) ("pagebreak",)


# ------------------------------------------------------------------ DOCX
def to_docx(outline, style: str = "word", header: str | None = None) -> bytes:
    """style: "word" (bold Normal paragraphs, numbering typed), "styled" (Heading N styles),
    "underline" (Normal, underlined + bold caps)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    try:
        toc_style = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
        toc_style.base_style = normal
    except ValueError:
        pass
    if header:
        section = document.sections[0]
        section.header.paragraphs[0].text = header
        section.footer.paragraphs[0].text = "Candidature AMI Fabrique CTO 2022 – document confidentiel"
    for element in outline:
        kind = element[0]
        if kind == "title":
            p = document.add_paragraph()
            run = p.add_run(element[1])
            run.bold = True
            run.font.size = Pt(20)
        elif kind == "meta":
            document.add_paragraph(element[1])
        elif kind == "h":
            level, text = element[1], element[2]
            if style == "styled":
                document.add_heading(text, level=min(level, 3))
            elif style == "underline":
                run = document.add_paragraph().add_run(text.upper() if level == 1 else text)
                run.bold = True
                run.underline = True
            else:
                run = document.add_paragraph().add_run(text)
                run.bold = True
                if level == 1:
                    run.font.size = Pt(12)
        elif kind == "p":
            document.add_paragraph(element[1])
        elif kind == "hint":
            run = document.add_paragraph().add_run(element[1])
            run.italic = True
        elif kind == "li":
            document.add_paragraph(element[1], style="List Bullet")
        elif kind == "toc":
            sdt = OxmlElement("w:sdt")
            content = OxmlElement("w:sdtContent")
            sdt.append(content)
            title = document.add_paragraph("Sommaire")
            for entry in element[1]:
                p = document.add_paragraph(entry, style="toc 1")
                content.append(p._p)
            title._p.addnext(sdt)
        elif kind == "table":
            rows = element[1]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    if isinstance(value, tuple):  # ("hint", text): italic template text in a cell
                        cell.paragraphs[0].add_run(value[1]).italic = True
                    else:
                        cell.text = value
                        if r == 0:
                            for run in cell.paragraphs[0].runs:
                                run.bold = True
        elif kind == "pagebreak":
            document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ PDF
def to_pdf(outline, style: str = "word", header: str | None = None, landscape: bool = False) -> bytes:
    """style: "word" (headings bold, one point bigger), "gdocs" (headings coloured, bigger, not bold),
    "numbered" (headings same font and size, numbered), "twocol" (two columns, bold headings),
    "libre" (headings bold same size)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as to_landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, Spacer, Table,
                                    TableStyle)

    size = to_landscape(A4) if landscape else A4
    body_size = 11 if style == "gdocs" else 10
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=body_size, leading=body_size * 1.3, spaceAfter=4)
    italic = ParagraphStyle("italic", parent=body, fontName="Helvetica-Oblique")
    if style == "gdocs":
        h1 = ParagraphStyle("h1", parent=body, fontSize=13, leading=17, textColor=colors.HexColor("#1155cc"),
                            spaceBefore=8)
        h2 = ParagraphStyle("h2", parent=body, fontSize=12, leading=15, textColor=colors.HexColor("#434343"))
    elif style == "numbered":
        h1 = ParagraphStyle("h1", parent=body, spaceBefore=8)
        h2 = h1
    elif style == "word":
        h1 = ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8)
        h2 = ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold")
    else:
        h1 = ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", spaceBefore=6)
        h2 = h1
    title = ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=10)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)

    story = []
    for element in outline:
        kind = element[0]
        if kind == "title":
            story.append(Paragraph(htmlmod.escape(element[1]), title))
        elif kind in ("meta", "p"):
            story.append(Paragraph(htmlmod.escape(element[1]), body))
        elif kind == "hint":
            story.append(Paragraph(htmlmod.escape(element[1]), italic))
        elif kind == "h":
            story.append(Paragraph(htmlmod.escape(element[2]), h1 if element[1] == 1 else h2))
        elif kind == "li":
            story.append(Paragraph("• " + htmlmod.escape(element[1]), body))
        elif kind == "toc":
            story.append(Paragraph("Sommaire", h1))
            for entry in element[1]:
                story.append(Paragraph(htmlmod.escape(entry.replace("\t", " ........ ")), body))
        elif kind == "table":
            rows = element[1]
            opts = element[2] if len(element) > 2 else {}
            data = [[Paragraph(htmlmod.escape(c if isinstance(c, str) else c[1]), cell) for c in row] for row in rows]
            table = Table(data, repeatRows=1)
            commands = [("VALIGN", (0, 0), (-1, -1), "TOP")]
            if opts.get("ruled", True):
                commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            else:
                commands.append(("LINEBELOW", (0, 0), (-1, 0), 0, colors.white))
            table.setStyle(TableStyle(commands))
            story.append(table)
            story.append(Spacer(1, 8))
        elif kind == "pagebreak":
            story.append(PageBreak())

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        if header:
            canvas.drawString(40, size[1] - 30, header)
        canvas.drawRightString(size[0] - 40, 25, f"Page {doc.page}/{doc._total_guess}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=size, leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50)
    doc._total_guess = 7
    if style == "twocol":
        width = (size[0] - 100 - 20) / 2
        frames = [Frame(50, 50, width, size[1] - 100, id="left"), Frame(70 + width, 50, width, size[1] - 100, id="right")]
    else:
        frames = [Frame(50, 50, size[0] - 100, size[1] - 100, id="main")]
    doc.addPageTemplates([PageTemplate(id="p", frames=frames, onPage=decorate)])
    doc.build(story)
    return buffer.getvalue()


# ------------------------------------------------------------------ XLSX
def to_xlsx(sheets: dict[str, list[list]]) -> bytes:
    """Cells starting with "=" are formulas; a value given as ("=SUM(B2:B4)", 1234) is a formula with
    its cached value, written as Excel would (openpyxl cannot write cached values: patched in)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    cached: dict[tuple[int, str], float] = {}
    for s_index, (name, rows) in enumerate(sheets.items(), start=1):
        sheet = workbook.create_sheet(name)
        for r_index, row in enumerate(rows, start=1):
            for c_index, value in enumerate(row, start=1):
                if isinstance(value, tuple):
                    formula, result = value
                    sheet.cell(r_index, c_index, formula)
                    cached[(s_index, sheet.cell(r_index, c_index).coordinate)] = result
                elif value is not None and value != "":
                    sheet.cell(r_index, c_index, value)
        sheet.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if not cached:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            m = re.match(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if m:
                index = int(m.group(1))
                text = content.decode("utf-8")
                for (s_index, coordinate), value in cached.items():
                    if s_index != index:
                        continue
                    text = re.sub(r'(<c r="%s"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?' % coordinate,
                                  lambda mm: mm.group(1) + f"<v>{value:g}</v>", text)
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


# ------------------------------------------------------------------ mail bodies
def to_html_mail(outline, signature: list[str], quote_html: str = "") -> str:
    """Outlook: MsoNormal paragraphs, bold runs as headings, bordered tables, signature, quote."""
    parts = ['<html><head><meta charset="utf-8"><style>p.MsoNormal{margin:0}</style></head><body lang=FR>',
             '<div class="WordSection1">']
    for element in outline:
        kind = element[0]
        if kind in ("title",):
            parts.append(f'<p class=MsoNormal><b><span style="font-size:14pt">{htmlmod.escape(element[1])}</span></b></p>')
        elif kind in ("meta", "p"):
            parts.append(f"<p class=MsoNormal>{htmlmod.escape(element[1])}<o:p></o:p></p>")
        elif kind == "hint":
            parts.append(f"<p class=MsoNormal><i>{htmlmod.escape(element[1])}</i></p>")
        elif kind == "h":
            parts.append(f'<p class=MsoNormal><b><span style="color:#1F3864">{htmlmod.escape(element[2])}</span></b><o:p></o:p></p>')
        elif kind == "li":
            parts.append(f"<ul style='margin-top:0'><li class=MsoListParagraph>{htmlmod.escape(element[1])}</li></ul>")
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td style='border:solid windowtext 1.0pt'><p class=MsoNormal>"
                                             f"{htmlmod.escape(c if isinstance(c, str) else c[1])}</p></td>" for c in row)
                           + "</tr>" for row in element[1])
            parts.append(f"<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>{rows}</table><p class=MsoNormal>&nbsp;</p>")
    parts.append("<p class=MsoNormal>&nbsp;</p>")
    parts += [f"<p class=MsoNormal><span style='font-size:9pt;color:gray'>{htmlmod.escape(s)}</span></p>" for s in signature]
    parts.append("</div>")
    parts.append(quote_html)
    parts.append("</body></html>")
    return "".join(parts)


def to_text_mail(outline, signature: list[str], heading: str = "caps", quote: str = "") -> str:
    """heading: "caps" (CAPITALS line), "colon" (Heading : on its own line), "inline" ("Heading : text")."""
    lines: list[str] = []
    pending = None
    for element in outline:
        kind = element[0]
        if pending is not None and kind == "p":
            lines += [f"{pending} : {element[1]}", ""]
            pending = None
            continue
        if pending is not None:
            lines.append(pending + " :")
            pending = None
        if kind in ("title", "meta", "p", "hint"):
            lines += [element[1], ""]
        elif kind == "h":
            if heading == "caps":
                lines += [element[2].upper(), ""]
            elif heading == "colon":
                lines += [element[2] + " :"]
            else:
                pending = element[2]
        elif kind == "li":
            lines.append("- " + element[1])
        elif kind == "table":
            lines += ["\t".join(c if isinstance(c, str) else c[1] for c in row) for row in element[1]] + [""]
    if pending is not None:
        lines.append(pending + " :")
    lines += [""] + signature
    if quote:
        lines += ["", quote]
    return "\n".join(lines)
