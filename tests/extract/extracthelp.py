"""Fixture builders for the extract tests: one proposal outline, rendered as DOCX, PDF, text, HTML, XLSX.

An outline is a list of elements:
  ("title", text) | ("h", level, text) | ("p", text) | ("li", text) | ("table", rows) | ("pagebreak",)
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import io
import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "public"


# ---------------------------------------------------------------- DOCX
def to_docx(outline, headings: str = "style") -> bytes:
    """headings: "style" (Heading N), "titre" (a custom style named « Titre 1 »), "bold", "caps", "plain"."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    document = docx.Document()
    if headings == "titre":
        style = document.styles.add_style("Titre 1", WD_STYLE_TYPE.PARAGRAPH)
        style.font.size = Pt(12)
    for element in outline:
        kind = element[0]
        if kind == "title":
            document.add_paragraph(element[1], style="Title")
        elif kind == "h":
            level, text = element[1], element[2]
            if headings == "style":
                document.add_heading(text, level=level)
            elif headings == "titre":
                document.add_paragraph(text, style="Titre 1")
            elif headings == "bold":
                document.add_paragraph().add_run(text).bold = True
            elif headings == "caps":
                document.add_paragraph(text.upper())
            else:
                document.add_paragraph(text)
        elif kind == "p":
            document.add_paragraph(element[1])
        elif kind == "li":
            document.add_paragraph(element[1], style="List Bullet")
        elif kind == "table":
            rows = element[1]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        elif kind == "pagebreak":
            document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- PDF
def to_pdf(outline, ruled_tables: bool = True, numbered: bool = False) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    story = []
    for element in outline:
        kind = element[0]
        if kind == "title":
            story.append(Paragraph(element[1], styles["Title"]))
        elif kind == "h":
            story.append(Paragraph(element[2], styles["Heading%d" % min(element[1] + 1, 4)]))
        elif kind == "p":
            story.append(Paragraph(element[1], styles["BodyText"]))
        elif kind == "li":
            story.append(Paragraph("• " + element[1], styles["BodyText"]))
        elif kind == "table":
            if ruled_tables:
                table = Table([list(r) for r in element[1]])
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                           ("FONTSIZE", (0, 0), (-1, -1), 9)]))
                story.append(table)
            else:
                for row in element[1]:
                    story.append(Paragraph("    ".join(c for c in row if c), styles["BodyText"]))
            story.append(Spacer(1, 6))
        elif kind == "pagebreak":
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(image).text((20, 20), "Budget scanne 12 500 EUR", fill="black")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawImage(ImageReader(image), 50, 400, width=500, height=250)
    page.showPage()
    page.save()
    return buffer.getvalue()


def password_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt="motdepasse")
    page.drawString(72, 720, "Budget confidentiel")
    page.save()
    return buffer.getvalue()


# ---------------------------------------------------------------- text, HTML, XLSX
def to_text(outline, table_sep: str = "\t", headings: str = "plain") -> str:
    """headings: "plain" (a line), "markdown" (## Title), "bold" (**Title**), "inline" (Title : text)."""
    lines = []
    pending = None
    for element in outline:
        kind = element[0]
        if pending is not None and kind == "p":
            lines += [f"{pending} : {element[1]}", ""]
            pending = None
            continue
        if pending is not None:
            lines += [pending]
            pending = None
        if kind in ("title", "p"):
            lines += [element[1], ""]
        elif kind == "h":
            if headings == "markdown":
                lines += ["#" * (element[1] + 1) + " " + element[2]]
            elif headings == "bold":
                lines += [f"**{element[2]}**"]
            elif headings == "inline":
                pending = element[2]
            else:
                lines += [element[2]]
        elif kind == "li":
            lines += ["- " + element[1]]
        elif kind == "table":
            lines += [table_sep.join(row) for row in element[1]] + [""]
    return "\n".join(lines)


def to_html(outline) -> str:
    parts = ["<html><body>"]
    for element in outline:
        kind = element[0]
        if kind == "title":
            parts.append(f"<h1>{element[1]}</h1>")
        elif kind == "h":
            parts.append(f"<h{element[1] + 1}>{element[2]}</h{element[1] + 1}>")
        elif kind == "p":
            parts.append(f"<p>{element[1]}</p>")
        elif kind == "li":
            parts.append(f"<ul><li>{element[1]}</li></ul>")
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in element[1])
            parts.append(f"<table>{rows}</table>")
    parts.append("</body></html>")
    return "".join(parts)


def to_xlsx(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for merged in (merges or {}).get(name, []):
            sheet.merge_cells(merged)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fake_encrypted_ooxml() -> bytes:
    """The CFB container Office writes for a password-protected .docx (directory names in UTF-16)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "Root Entry".encode("utf-16-le") + b"\x00" * 40
    directory += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 40
    directory += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 40
    return header + directory + b"\x00" * 1024


def legacy_doc() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "WordDocument".encode("utf-16-le") + b"\x00" * 1024


# ---------------------------------------------------------------- samples
def documents_of(raw: bytes):
    """The body and attachment documents of one mail, read with the stdlib parser (tests only)."""
    from extract.documents import read_document
    from extract.text import read_body

    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = html = None
    attachments = []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if filename or part.get_content_disposition() == "attachment":
            attachments.append((part.get_payload(decode=True) or b"", filename, part.get_content_type()))
        elif part.get_content_type() == "text/plain" and text is None:
            text = part.get_content()
        elif part.get_content_type() == "text/html" and html is None:
            html = part.get_content()
    documents = [read_body(text, html)]
    documents += [read_document(data, name, ctype) for data, name, ctype in attachments]
    return message, documents


def message_documents(path: Path):
    message, documents = documents_of(path.read_bytes())
    received = email.utils.parsedate_to_datetime(message["Date"])
    return message["Message-ID"].strip(), received, documents


def load_truth() -> dict:
    return json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))


def sample_dossiers():
    """(truth dossier, documents in arrival order, first message's datetime) for each truth dossier."""
    by_id = {}
    for path in sorted((SAMPLES / "mail").glob("*.eml")):
        message_id, received, documents = message_documents(path)
        by_id[message_id] = (received, documents)
    result = []
    for dossier in load_truth()["dossiers"]:
        messages = sorted((by_id[m] for m in dossier["messages"]), key=lambda m: m[0])
        result.append((dossier, [d for _, docs in messages for d in docs], messages[0][0]))
    return result


def compare_with_truth(dossier, analysis, evaluation) -> list[str]:
    from extract.textutil import fold

    problems = []
    if evaluation.status != dossier["status"]:
        problems.append(f"status {evaluation.status} != {dossier['status']}")
    if sorted(evaluation.missing) != sorted(dossier["missing"]):
        problems.append(f"missing {list(evaluation.missing)} != {dossier['missing']}")
    budget = dossier["budget"]
    got_budget = analysis.budget
    for key, got in (("total_eur", got_budget.total_eur), ("anact_request_eur", got_budget.anact_request_eur),
                     ("cofinancing_eur", got_budget.cofinancing_eur)):
        want = budget.get(key)
        if (want is None) != (got is None) or (want is not None and abs(want - got) > 0.5):
            problems.append(f"{key} {got} != {want}")
    for category, want in budget.get("by_category", {}).items():
        got = got_budget.by_category.get(category)
        if (want is None) != (got is None) or (want is not None and abs(want - got) > 0.5):
            problems.append(f"by_category.{category} {got} != {want}")
    names = sorted(fold(p.name) for p in analysis.partners)
    if names != sorted(fold(n) for n in dossier["partners"]):
        problems.append(f"partners {[p.name for p in analysis.partners]} != {dossier['partners']}")
    optional = set(dossier.get("optional_flags", []))
    if set(evaluation.flags) - optional != set(dossier["flags"]) - optional:
        problems.append(f"flags {sorted(evaluation.flags)} != {dossier['flags']}")
    if dossier.get("project_end") and "description.phasage" not in dossier["missing"]:
        # (a dossier without a phasage states no end: the truth's date is not in its documents)
        got_end = analysis.project_end.isoformat() if analysis.project_end else None
        if got_end != dossier["project_end"]:
            problems.append(f"project_end {got_end} != {dossier['project_end']}")
    return problems
