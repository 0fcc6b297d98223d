"""One readable proposal sent as an image-only scan, as ODT, as Word 97 (.doc) and as RTF: the
same requirements, budget figures and partners come out as from the original. Also: what OCR
reads and what it leaves alone, and the limits of the programs the readers run."""
from __future__ import annotations

import functools
import io
import shutil
import subprocess

import pytest

from config.call import load_call
from extract.documents import read_document
from extract.find import analyse
from extracthelp import to_docx, to_pdf

# A home-care cooperative's proposal: its own wordings, a budget with expenses and resources, and
# partners with their contributions, each in a table.
PROPOSAL = [
    ("title", "TOURNÉES PARTAGÉES – Planifier ensemble les tournées de l'aide à domicile"),
    ("p", "Structure porteuse : Coopérative Aide et Présence du Val de Saône"),
    ("h", 1, "Contexte"),
    ("p", "Depuis 2021 les tournées des aides à domicile sont calculées par un logiciel de planification qui "
          "ignore les temps de trajet réels et les habitudes des personnes aidées."),
    ("h", 1, "Objectifs"),
    ("p", "Associer les intervenantes au réglage du logiciel et fixer des règles de planification discutées."),
    ("h", 1, "Problématique"),
    ("p", "Comment redonner aux intervenantes une prise sur l'outil qui organise leurs journées ?"),
    ("h", 1, "Publics cibles"),
    ("p", "Les aides à domicile, les responsables de secteur et les représentants du personnel."),
    ("h", 1, "Méthodologie"),
    ("p", "Suivi de tournées, ateliers de réglage du logiciel puis essai des règles sur deux secteurs."),
    ("h", 1, "Calendrier"),
    ("table", [["Étape", "Période"], ["Diagnostic des tournées", "novembre 2022 – janvier 2023"],
               ["Ateliers de réglage", "février 2023 – mai 2023"],
               ["Essai et bilan", "juin 2023 – octobre 2023"]]),
    ("h", 1, "Pilotage"),
    ("p", "Un comité de pilotage réunit la direction, les élus du personnel et les partenaires chaque trimestre."),
    ("h", 1, "Résultats attendus"),
    ("p", "Des règles de planification écrites, un guide de réglage et un bilan des effets sur la fatigue."),
    ("h", 1, "Essaimage"),
    ("p", "Les règles seront présentées aux autres services d'aide à domicile du département."),
    ("h", 1, "Partenaires"),
    ("table", [["Partenaire", "Contribution"], ["Aract Bourgogne-Franche-Comté", "appui méthodologique"],
               ["Fédération ADMR de Saône-et-Loire", "relais auprès des associations"],
               ["Union locale CFDT de Mâcon", "mobilisation des représentants du personnel"]]),
    ("h", 1, "Budget prévisionnel"),
    ("table", [["Dépenses", "Montant"], ["Salaires de la coordinatrice", "21 400 €"],
               ["Temps des intervenantes en atelier", "9 800 €"], ["Frais de déplacement", "2 300 €"],
               ["Prestation d'un ergonome", "7 500 €"], ["Total", "41 000 €"]]),
    ("table", [["Ressources", "Montant"], ["Subvention Anact sollicitée", "32 000 €"],
               ["Fonds propres de la coopérative", "9 000 €"], ["Total", "41 000 €"]]),
]
EXPECTED_PARTNERS = {"Aract Bourgogne-Franche-Comté", "Fédération ADMR de Saône-et-Loire",
                     "Union locale CFDT de Mâcon"}


@functools.lru_cache(maxsize=1)
def _tesseract_french() -> bool:
    if shutil.which("tesseract") is None:
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    return "fra" in listed.stdout.split()


needs_ocr = pytest.mark.skipif(not _tesseract_french(),
                               reason="Tesseract with its French data is not installed (apt-get install tesseract-ocr-fra)")


@pytest.fixture(scope="module")
def call():
    return load_call()


def summary(documents, call) -> dict:
    analysis = analyse(documents, call)
    budget = analysis.budget
    return {
        "missing": sorted(k for k, v in analysis.requirements.items() if v is None),
        "total": budget.total_eur, "anact": budget.anact_request_eur, "cofinancing": budget.cofinancing_eur,
        "by_category": dict(budget.by_category),
        "partners": {p.name for p in analysis.partners},
        "contributions": {p.name: p.contribution for p in analysis.partners},
    }


@pytest.fixture(scope="module")
def original(call):
    result = summary([read_document(to_pdf(PROPOSAL), "projet.pdf", None)], call)
    assert result["missing"] == [] and result["partners"] == EXPECTED_PARTNERS
    assert (result["total"], result["anact"], result["cofinancing"]) == (41000.0, 32000.0, 9000.0)
    return result


def page_images(pdf: bytes, dpi: int = 200, skew: float = 0.6):
    """The pages of a PDF as a scanner gives them: grayscale, at `dpi`, slightly turned."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf)
    images = [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
              .rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255) for page in document]
    document.close()
    return images


def image_pdf(images, dpi: int = 200) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return buffer.getvalue()


# ---------------------------------------------------------------- scans


@needs_ocr
def test_scanned_proposal_reads_as_the_original(call, original):
    scan = image_pdf(page_images(to_pdf(PROPOSAL)))
    document = read_document(scan, "dossier scanné.pdf", "application/pdf")
    assert document.status == "ok" and document.ocr
    assert "reconnaissance de caractères" in document.reason
    assert summary([document], call) == original
    # the contract: text recovered by OCR is still flagged, for staff to check by eye
    assert "document_illisible" in analyse([document], call).document_flags


@needs_ocr
def test_scanned_tables_come_out_as_rows_of_cells():
    scan = image_pdf(page_images(to_pdf(PROPOSAL)))
    tables = read_document(scan, "scan.pdf", None).tables
    partners = next(t for t in tables if t.rows[0] == ("Partenaire", "Contribution"))
    assert partners.rows[1] == ("Aract Bourgogne-Franche-Comté", "appui méthodologique")
    budget = next(t for t in tables if t.rows[0] == ("Dépenses", "Montant"))
    assert ("Frais de déplacement", "2 300 €") in budget.rows


@needs_ocr
def test_only_pages_without_text_are_read_by_ocr(monkeypatch):
    import extract.ocr as ocr

    calls = []
    recognise = ocr.recognise
    monkeypatch.setattr(ocr, "recognise", lambda image, dpi, **kw: calls.append(dpi) or recognise(image, dpi, **kw))
    text_pages = to_pdf(PROPOSAL[:12])
    scanned_budget = image_pdf(page_images(to_pdf([("h", 1, "Annexe financière")] + PROPOSAL[-2:])))
    import pypdfium2 as pdfium

    mixed = pdfium.PdfDocument.new()
    for source in (text_pages, scanned_budget):
        mixed.import_pages(pdfium.PdfDocument(source))
    buffer = io.BytesIO()
    mixed.save(buffer)
    document = read_document(buffer.getvalue(), "mixte.pdf", None)
    assert len(calls) == 1, "one image-only page, one OCR"
    assert document.ocr and document.pages == 2
    texts = [b.text for b in document.blocks]
    assert "Contexte" in texts and "Annexe financière" in texts


@needs_ocr
def test_a_photographed_page_attached_as_an_image_is_read():
    image = page_images(to_pdf(PROPOSAL[-4:]), dpi=150, skew=-0.8)[0]
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    document = read_document(buffer.getvalue(), "budget.jpg", "image/jpeg")
    assert document.status == "ok" and document.ocr and document.format == "image"
    rows = {row for table in document.tables for row in table.rows}
    assert ("Subvention Anact sollicitée", "32 000 €") in rows


@needs_ocr
def test_an_image_only_pdf_without_any_text_is_unreadable():
    from PIL import Image, ImageDraw

    image = Image.new("L", (1654, 2339), 255)
    ImageDraw.Draw(image).ellipse((400, 600, 1200, 1400), outline=0, width=12)  # a drawing, no text
    document = read_document(image_pdf([image]), "photo.pdf", None)
    assert document.status == "unreadable" and "aucun texte reconnu" in document.reason


def test_a_damaged_pdf_is_an_error_not_a_scan():
    pdf = to_pdf(PROPOSAL)
    document = read_document(pdf[: len(pdf) // 3], "coupé.pdf", None)
    assert document.status in ("error", "unreadable")
    assert "scan" not in (document.reason or "") and not document.ocr
