"""Extraction benchmark: pages/s for PDF, DOCX and XLSX through read_document + analyse, and each
reader beside the library's own call over the same file: our PDF pass beside pdfplumber's
(extract_text + extract_tables on every page), our DOCX reader beside python-docx's
`Document()` + its paragraphs' and cells' text, our XLSX reader beside openpyxl's
`load_workbook()` + every row's values, in its normal and its read-only mode.

    python3 benchmarks/extract_bench.py [--pages 20] [--repeat 5]

Target: our PDF extraction takes at most 0.5x the time of pdfplumber's pass.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config.call import load_call  # noqa: E402
from extract.documents import read_document  # noqa: E402
from extract.find import analyse  # noqa: E402

PARAGRAPH = (
    "Les équipes de terrain constatent que les outils numériques déployés depuis deux ans modifient "
    "l'organisation du travail, la répartition des tâches et les marges de manœuvre des salariés. "
    "Le projet propose d'outiller le dialogue professionnel autour de ces transformations, avec des "
    "ateliers réunissant salariés, encadrants et représentants du personnel."
)
SECTIONS = ["Contexte", "Objectifs", "Problématique", "Publics cibles", "Méthodologie", "Calendrier",
            "Gouvernance", "Résultats attendus", "Essaimage", "Partenaires"]
BUDGET_ROWS = [
    ["Poste", "Quantité", "Montant"],
    ["Salaires – cheffe de projet", "60 jours", "24 000 €"],
    ["Chargé d'études", "40 jours", "12 400 €"],
    ["Frais de mission et location de salle", "", "3 100 €"],
    ["Prestation de graphisme", "", "6 500 €"],
    ["Total", "", "46 000 €"],
]
RESOURCE_ROWS = [
    ["Financeur", "Nature", "Montant"],
    ["Anact – Fabrique CTO", "subvention", "34 000 €"],
    ["Fonds propres", "autofinancement", "12 000 €"],
]


def build_pdf(pages: int, tables: bool = True) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    story = [Paragraph("Projet DIALOGUE – Outiller le dialogue social sur les outils numériques", styles["Title"])]
    for page in range(pages):
        story.append(Paragraph(f"{page + 1}. {SECTIONS[page % len(SECTIONS)]}", styles["Heading2"]))
        for _ in range(4):
            story.append(Paragraph(PARAGRAPH, styles["BodyText"]))
        if tables and page % 5 == 4:
            story.append(Paragraph("Budget prévisionnel", styles["Heading2"]))
            for rows in (BUDGET_ROWS, RESOURCE_ROWS):
                table = Table(rows)
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
                story.append(table)
        story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def build_docx(sections: int) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Projet DIALOGUE", style="Title")
    for n in range(sections):
        document.add_heading(SECTIONS[n % len(SECTIONS)], level=1)
        for _ in range(4):
            document.add_paragraph(PARAGRAPH)
    document.add_heading("Budget", level=1)
    for rows in (BUDGET_ROWS, RESOURCE_ROWS):
        table = document.add_table(rows=len(rows), cols=3)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_xlsx(sheets: int) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for n in range(sheets):
        sheet = workbook.create_sheet(f"Budget {n + 1}")
        for row in BUDGET_ROWS + [[]] + RESOURCE_ROWS:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def pdfplumber_pass(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def python_docx_pass(data: bytes) -> None:
    import docx

    document = docx.Document(io.BytesIO(data))
    _ = [p.text for p in document.paragraphs]
    _ = [c.text for t in document.tables for r in t.rows for c in r.cells]


def openpyxl_pass(data: bytes, read_only: bool) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=read_only)
    _ = [row for ws in workbook.worksheets for row in ws.iter_rows(values_only=True)]
    workbook.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call = load_call()
    pdf, docx_bytes, xlsx = build_pdf(args.pages), build_docx(args.pages), build_xlsx(5)
    text_pdf = build_pdf(args.pages, tables=False)
    words = sum(len(p.text.split()) for p in read_document(docx_bytes, "p.docx", None).blocks)
    docx_pages = max(1, round(words / 500))  # a printed page holds about 500 words

    def ours_pdf():
        return read_document(pdf, "projet.pdf", "application/pdf")

    document = ours_pdf()
    pages = document.pages
    read_pdf = timed(ours_pdf, args.repeat)
    full_pdf = timed(lambda: analyse([ours_pdf()], call), args.repeat)
    plumber = timed(lambda: pdfplumber_pass(pdf), max(1, args.repeat // 2))
    read_docx = timed(lambda: analyse([read_document(docx_bytes, "projet.docx", None)], call), args.repeat)
    read_xlsx = timed(lambda: analyse([read_document(xlsx, "budget.xlsx", None)], call), args.repeat)
    analysis = analyse([document], call)
    text_only = timed(lambda: read_document(text_pdf, "texte.pdf", None), args.repeat)
    text_only_full = timed(lambda: analyse([read_document(text_pdf, "texte.pdf", None)], call), args.repeat)
    plumber_text = timed(lambda: pdfplumber_pass(text_pdf), max(1, args.repeat // 2))
    from extract import docx as docx_reader, xlsx as xlsx_reader

    ours_docx = timed(lambda: docx_reader.read_docx(docx_bytes, "projet.docx"), args.repeat)
    library_docx = timed(lambda: python_docx_pass(docx_bytes), args.repeat)
    ours_xlsx = timed(lambda: xlsx_reader.read_xlsx(xlsx, "budget.xlsx"), args.repeat)
    library_xlsx = timed(lambda: openpyxl_pass(xlsx, False), args.repeat)
    library_xlsx_ro = timed(lambda: openpyxl_pass(xlsx, True), args.repeat)

    print(f"{'what':46} {'time (ms)':>10} {'pages/s':>10}")
    print(f"{'PDF ' + str(pages) + ' pages: read_document':46} {read_pdf * 1000:10.1f} {pages / read_pdf:10.0f}")
    print(f"{'PDF: read_document + analyse':46} {full_pdf * 1000:10.1f} {pages / full_pdf:10.0f}")
    print(f"{'PDF: pdfplumber text + tables, every page':46} {plumber * 1000:10.1f} {pages / plumber:10.0f}")
    print(f"{'PDF without tables: read_document':46} {text_only * 1000:10.1f} {pages / text_only:10.0f}")
    print(f"{'PDF without tables: read_document + analyse':46} {text_only_full * 1000:10.1f} {pages / text_only_full:10.0f}")
    print(f"{'PDF without tables: pdfplumber pass':46} {plumber_text * 1000:10.1f} {pages / plumber_text:10.0f}")
    print(f"{'DOCX (~' + str(docx_pages) + ' pages): read + analyse':46} {read_docx * 1000:10.1f} {docx_pages / read_docx:10.0f}")
    print(f"{'XLSX (5 sheets): read + analyse':46} {read_xlsx * 1000:10.1f} {5 / read_xlsx:10.0f}")
    print(f"{'DOCX: read_docx alone':46} {ours_docx * 1000:10.1f}")
    print(f"{'DOCX: python-docx Document() + text':46} {library_docx * 1000:10.1f}")
    print(f"{'XLSX: read_xlsx alone':46} {ours_xlsx * 1000:10.1f}")
    print(f"{'XLSX: openpyxl load_workbook + rows':46} {library_xlsx * 1000:10.1f}")
    print(f"{'XLSX: openpyxl read-only load_workbook + rows':46} {library_xlsx_ro * 1000:10.1f}")
    print()
    print(f"ratio ours/python-docx (DOCX): {ours_docx / library_docx:.3f}")
    print(f"ratio ours/openpyxl (XLSX): {ours_xlsx / library_xlsx:.3f}; read-only/normal openpyxl: "
          f"{library_xlsx_ro / library_xlsx:.3f}")
    print(f"ratio ours/pdfplumber (read_document): {read_pdf / plumber:.3f}  (target <= 0.5)")
    print(f"ratio ours/pdfplumber (read + analyse): {full_pdf / plumber:.3f}")
    print(f"ratio ours/pdfplumber, PDF without tables (read_document): {text_only / plumber_text:.3f}")
    print(f"tables found: {len(document.tables)}; budget total: {analysis.budget.total_eur}; "
          f"anact: {analysis.budget.anact_request_eur}")


if __name__ == "__main__":
    main()
