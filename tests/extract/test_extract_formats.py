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
    ("p", "Fait à Mâcon, le 12 septembre 2022, pour le conseil d'administration."),
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


@pytest.fixture(scope="module")
def scanned():
    """The proposal printed, signed and scanned at 200 dpi: a PDF of page images, no text layer."""
    return read_document(image_pdf(page_images(to_pdf(PROPOSAL))), "dossier scanné.pdf", "application/pdf")


@needs_ocr
def test_scanned_proposal_reads_as_the_original(call, original, scanned):
    document = scanned
    assert document.status == "ok" and document.ocr
    assert "reconnaissance de caractères" in document.reason
    assert summary([document], call) == original
    # the contract: text recovered by OCR is still flagged, for staff to check by eye
    assert "document_illisible" in analyse([document], call).document_flags


@needs_ocr
def test_scanned_tables_come_out_as_rows_of_cells(scanned):
    tables = scanned.tables
    partners = next(t for t in tables if t.rows[0] == ("Partenaire", "Contribution"))
    assert partners.rows[1] == ("Aract Bourgogne-Franche-Comté", "appui méthodologique")
    budget = next(t for t in tables if t.rows[0] == ("Dépenses", "Montant"))
    assert ("Frais de déplacement", "2 300 €") in budget.rows


@needs_ocr
def test_a_scanned_form_with_side_by_side_and_quantity_columns_reads_as_its_text(call):
    """Charges and resources side by side, a detail with quantity and unit price, empty cells."""
    outline = [("h", 1, "Plan de financement"),
               ("table", [["Charges", "Montant", "Produits", "Montant"],
                          ["Salaires et charges", "20 000 €", "Subvention Anact demandée", "18 000 €"],
                          ["Déplacements", "1 500 €", "Autofinancement", "6 000 €"],
                          ["Prestation vidéo", "2 500 €", "", ""],
                          ["Total charges", "24 000 €", "Total produits", "24 000 €"]]),
               ("h", 1, "Détail des prestations"),
               ("table", [["Poste", "Quantité", "Prix unitaire", "Montant"],
                          ["Journées de consultant", "12", "850 €", "10 200 €"],
                          ["Location de salle", "4", "250 €", "1 000 €"],
                          ["Frais de reprographie", "", "", "300 €"]])]
    text = read_document(to_pdf(outline), "plan.pdf", None)
    scan = read_document(image_pdf(page_images(to_pdf(outline))), "plan scanné.pdf", None)
    def cells(document):  # the spaces OCR sees between characters are its honest noise: "1 500€"
        return [[tuple(c.replace(" ", "") for c in row) for row in t.rows] for t in document.tables]

    assert scan.ocr and cells(scan) == cells(text)
    budget = analyse([scan], call).budget
    assert (budget.total_eur, budget.anact_request_eur, budget.cofinancing_eur) == (24000.0, 18000.0, 6000.0)


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


def drawing():
    """A page-size picture without text."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1654, 2339), 255)
    ImageDraw.Draw(image).ellipse((400, 600, 1200, 1400), outline=0, width=12)
    ImageDraw.Draw(image).rectangle((300, 1600, 1300, 2000), fill=90)
    return image


@needs_ocr
def test_an_image_only_pdf_without_any_text_is_unreadable():
    document = read_document(image_pdf([drawing()]), "photo.pdf", None)
    assert document.status == "unreadable" and "aucun texte reconnu" in document.reason


@needs_ocr
def test_a_picture_page_in_a_text_pdf_does_not_make_it_a_scan(call, original):
    import pypdfium2 as pdfium

    combined = pdfium.PdfDocument(to_pdf(PROPOSAL))
    combined.import_pages(pdfium.PdfDocument(image_pdf([drawing()])))
    buffer = io.BytesIO()
    combined.save(buffer)
    document = read_document(buffer.getvalue(), "projet avec schéma.pdf", None)
    assert document.status == "ok" and not document.ocr and document.pages == 3
    assert summary([document], call) == original
    assert analyse([document], call).document_flags == ()


def test_without_tesseract_a_scan_is_unreadable_and_says_why(monkeypatch):
    import extract.ocr as ocr

    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    document = read_document(image_pdf(page_images(to_pdf(PROPOSAL[:4]))), "scan.pdf", None)
    assert document.status == "unreadable" and not document.ocr
    assert document.reason == "PDF sans couche texte (image ou scan) ; " \
                              "reconnaissance de caractères indisponible (Tesseract absent)"


def test_a_damaged_pdf_is_an_error_not_a_scan():
    pdf = to_pdf(PROPOSAL)
    document = read_document(pdf[: len(pdf) // 3], "coupé.pdf", None)
    assert document.status in ("error", "unreadable")
    assert "scan" not in (document.reason or "") and not document.ocr


# ---------------------------------------------------------------- ODT, Word 97, RTF


def to_odt(outline) -> bytes:
    """The outline as an OpenDocument text written by odfpy: Title style, outline headings, list
    items, tables with a header row."""
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    title = Style(name="Title", family="paragraph")
    title.addElement(TextProperties(fontsize="20pt", fontweight="bold"))
    document.styles.addElement(title)
    for n, element in enumerate(outline):
        kind = element[0]
        if kind == "title":
            document.text.addElement(P(stylename=title, text=element[1]))
        elif kind == "h":
            document.text.addElement(H(outlinelevel=element[1], text=element[2]))
        elif kind == "p":
            document.text.addElement(P(text=element[1]))
        elif kind == "li":
            items = List()
            item = ListItem()
            item.addElement(P(text=element[1]))
            items.addElement(item)
            document.text.addElement(items)
        elif kind == "table":
            rows = element[1]
            table = Table(name=f"Tableau{n}")
            table.addElement(TableColumn(numbercolumnsrepeated=len(rows[0])))
            for r, row in enumerate(rows):
                line = TableRow()
                for value in row:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=value))
                    line.addElement(cell)
                if r == 0:
                    header = TableHeaderRows()
                    header.addElement(line)
                    table.addElement(header)
                else:
                    table.addElement(line)
            document.text.addElement(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_odt_proposal_reads_as_the_original(call, original):
    document = read_document(to_odt(PROPOSAL), "projet.odt", "application/vnd.oasis.opendocument.text")
    assert document.status == "ok" and document.format == "odt"
    assert summary([document], call) == original
    assert analyse([document], call).document_flags == ()


def test_odt_structure_matches_the_docx_reader():
    odt = read_document(to_odt(PROPOSAL), "projet.odt", None)
    docx = read_document(to_docx(PROPOSAL), "projet.docx", None)
    shape = lambda d: [(b.text, b.heading_level, b.kind) for b in d.blocks]  # noqa: E731
    assert shape(odt) == shape(docx)
    assert [t.rows for t in odt.tables] == [t.rows for t in docx.tables]
    assert odt.tables[0].header_rows == 1


def test_odt_lists_merged_cells_spaces_and_sections():
    from odf.opendocument import OpenDocumentText
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import H, LineBreak, List, ListItem, P, S, Section, Span

    document = OpenDocumentText()
    section = Section(name="Partie")
    section.addElement(H(outlinelevel=2, text="Structures associées"))
    items = List()
    for name in ("Mutualité du Rhône", "Conseil départemental de l'Ain"):
        item = ListItem()
        item.addElement(P(text=name))
        items.addElement(item)
    section.addElement(items)
    paragraph = P(text="Montant")
    paragraph.addElement(S(c=3))
    paragraph.addElement(Span(text="12 000 €"))
    paragraph.addElement(LineBreak())
    paragraph.addElement(Span(text="seconde ligne"))
    section.addElement(paragraph)
    table = Table(name="T")
    table.addElement(TableColumn(numbercolumnsrepeated=3))
    row = TableRow()
    merged = TableCell(numbercolumnsspanned=2)
    merged.addElement(P(text="Poste fusionné"))
    row.addElement(merged)
    row.addElement(CoveredTableCell())
    amount = TableCell()
    amount.addElement(P(text="3 000 €"))
    row.addElement(amount)
    table.addElement(row)
    section.addElement(table)
    document.text.addElement(section)
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_document(buffer.getvalue(), "annexe.odt", None)
    blocks = [(b.text, b.heading_level, b.kind) for b in read.blocks]
    assert blocks == [("Structures associées", 2, None), ("Mutualité du Rhône", None, "list"),
                      ("Conseil départemental de l'Ain", None, "list"), ("Montant 12 000 €", None, None),
                      ("seconde ligne", None, None)]
    assert read.tables[0].rows == (("Poste fusionné", "3 000 €"),)


def test_broken_odt_is_an_error():
    data = to_odt(PROPOSAL)
    document = read_document(data[: len(data) // 2], "projet.odt", None)
    assert document.status == "error" and document.reason


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")


@functools.lru_cache(maxsize=None)
def converted(kind: str, repeat: int = 1) -> bytes:
    """The proposal's DOCX saved as `kind` by LibreOffice, as an applicant's Word would."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="fabrique-test-convert-") as work:
        source = Path(work) / "projet.docx"
        source.write_bytes(to_docx(PROPOSAL * repeat))
        filters = {"doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format"}
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--norestore",
                        "--convert-to", filters[kind], "--outdir", work, str(source)],
                       check=True, capture_output=True, timeout=120)
        return (Path(work) / f"projet.{kind}").read_bytes()


@needs_soffice
@pytest.mark.parametrize("kind, content_type", [("doc", "application/msword"), ("rtf", "application/rtf")])
def test_word97_and_rtf_proposals_read_as_the_original(call, original, kind, content_type):
    data = converted(kind)
    assert data[:4] == (b"\xd0\xcf\x11\xe0" if kind == "doc" else b"{\\rt")
    document = read_document(data, f"projet.{kind}", content_type)
    assert document.status == "ok" and document.format == kind, document.reason
    assert summary([document], call) == original
    assert analyse([document], call).document_flags == ()


@needs_soffice
def test_a_damaged_word97_file_is_an_error_with_a_french_reason():
    data = converted("doc")
    document = read_document(data[:2048] + b"\x00" * 4096, "projet.doc", "application/msword")
    assert document.status in ("error", "ok")
    if document.status == "error":
        assert document.reason.startswith("document Word 97 (.doc) : conversion")


@needs_soffice
def test_a_password_protected_word97_file_is_encrypted(call, monkeypatch, tmp_path):
    import olefile

    import extract.convert as convert

    path = tmp_path / "projet.doc"
    path.write_bytes(converted("doc"))
    with olefile.OleFileIO(str(path), write_mode=True) as container:  # set fEncrypted in the FIB, as Word does
        stream = bytearray(container.openstream("WordDocument").read())
        stream[11] |= 0x01
        container.write_stream("WordDocument", bytes(stream))
    monkeypatch.setattr(convert, "convert_to_docx", lambda *a, **k: pytest.fail("LibreOffice would wait for a password"))
    document = read_document(path.read_bytes(), "projet.doc", "application/msword")
    assert document.status == "encrypted" and "mot de passe" in document.reason
    assert analyse([document], call).document_flags == ("piece_jointe_protegee",)


def test_without_libreoffice_word97_is_unsupported_with_a_reason(monkeypatch):
    import extract.convert as convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    document = read_document(b"{\\rtf1\\ansi Bonjour}", "projet.rtf", None)
    assert document.status == "unsupported" and "LibreOffice" in document.reason


def test_apple_pages_is_unsupported_not_an_archive(call):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Index/Document.iwa", b"\x00\x01protobuf")
        archive.writestr("Metadata/Properties.plist", b"<plist/>")
        archive.writestr("preview.jpg", b"\xff\xd8\xff\xe0")
    document = read_document(buffer.getvalue(), "Dossier de candidature.pages", "application/x-iwork-pages-sffpages")
    assert document.status == "unsupported" and "Pages" in document.reason and "archive" not in document.reason
    assert analyse([document], call).document_flags == ("piece_jointe_non_supportee",)


def test_apple_pages_and_scans_are_documents_signature_pictures_are_not():
    from ingest.classify import is_document

    assert is_document("Dossier.pages", "application/x-iwork-pages-sffpages", False)
    assert is_document("budget signé.jpg", "image/jpeg", False)
    assert not is_document("image001.png", "image/png", True)
    assert not is_document("image002.jpg", "image/jpeg", False)  # a body picture sent as a file


def test_a_small_logo_is_neither_read_nor_flagged(call, monkeypatch):
    from PIL import Image

    import extract.ocr as ocr

    monkeypatch.setattr(ocr, "recognise", lambda *a, **k: pytest.fail("a logo must not be OCR'd"))
    buffer = io.BytesIO()
    Image.new("RGB", (180, 60), "navy").save(buffer, "PNG")
    document = read_document(buffer.getvalue(), "logo.png", "image/png")
    assert document.status == "ok" and not document.ocr and not document.blocks
    assert analyse([document], call).document_flags == ()


def test_encrypted_pdf_stays_encrypted():
    from extracthelp import password_pdf

    assert read_document(password_pdf(), "budget.pdf", None).status == "encrypted"


# ---------------------------------------------------------------- the programs the readers run


class Watch:
    """The processes of `programs` that this process or its children start while it runs (sampled
    every 20 ms; other people's conversions on the same machine are not counted)."""

    def __init__(self, *programs: str) -> None:
        import threading

        import psutil

        self.psutil = psutil
        self.programs = programs
        self.seen: dict[int, float] = {}
        self.before = {p.pid for p in self._matching()}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _matching(self):
        for process in self.psutil.process_iter(["name", "create_time"]):
            if process.info["name"] in self.programs:
                yield process

    def _run(self) -> None:
        import os

        ours = os.getpid()
        while not self.stop.is_set():
            for process in self._matching():
                if process.pid not in self.before and process.pid not in self.seen:
                    try:
                        parent = process.parent()
                        mine = parent is not None and ours in (parent.pid, parent.ppid())
                    except self.psutil.Error:
                        mine = False
                    if mine:
                        self.seen[process.pid] = process.info["create_time"]
            self.stop.wait(0.02)

    def left_running(self, grace_s: float = 0.3) -> list[int]:
        import time

        self.stop.set()
        self.thread.join()
        deadline = time.monotonic() + grace_s
        alive = list(self.seen)
        while alive and time.monotonic() < deadline:
            time.sleep(0.1)
            alive = [pid for pid, created in self.seen.items() if self._same_alive(pid, created)]
        return alive

    def _same_alive(self, pid: int, created: float) -> bool:
        try:
            process = self.psutil.Process(pid)
            return process.create_time() == created and process.status() != self.psutil.STATUS_ZOMBIE
        except self.psutil.NoSuchProcess:
            return False


@needs_soffice
def test_a_conversion_timeout_leaves_no_process(monkeypatch):
    import extract.convert as convert

    import time

    data = converted("doc", repeat=40)  # a few seconds of conversion
    monkeypatch.setattr(convert, "TIMEOUT_S", 0.4)
    watch = Watch("soffice.bin", "soffice", "oosplash")
    start = time.monotonic()
    document = read_document(data, "projet.doc", None)
    assert time.monotonic() - start < 2.0, "the conversion was stopped, not waited for"
    assert document.status == "error" and document.reason == "document Word 97 (.doc) : conversion interrompue après 0.4 s"
    assert watch.seen, "LibreOffice was started"
    assert watch.left_running() == []


@needs_soffice
@needs_ocr
@pytest.mark.parametrize("kind", ["doc", "scan"])
def test_a_worker_killed_for_its_timeout_leaves_no_orphan(kind):
    """The worker dies in the middle of a conversion or an OCR: the program goes with it."""
    from PIL import Image

    from extract.isolate import READ, WorkerPool, failed_document

    if kind == "doc":  # forty times the proposal: a few seconds of conversion
        data = converted("doc", repeat=40)
    else:  # sheets of two pages side by side: several seconds of OCR each, whatever the machine
        left, right = page_images(to_pdf(PROPOSAL * 2))[:2]
        sheet = Image.new("L", (left.width * 2, left.height), 255)
        sheet.paste(left, (0, 0))
        sheet.paste(right, (left.width, 0))
        data = image_pdf([sheet] * 6)
    with WorkerPool(1, 1024, 60) as pool:
        # the worker has started, loaded its readers and made its LibreOffice profile
        assert pool.read([(converted("rtf"), "prêt.rtf", None)])[0].status == "ok"
        watch = Watch("soffice.bin", "tesseract")
        future = pool.submit(READ, (data, f"projet.{kind}", None), failed_document(kind),
                             timeout=0.7 if kind == "doc" else 3.0)
        document = future.result(timeout=60)
        assert document.status == "error" and "délai d'extraction dépassé" in document.reason
        assert watch.seen, "the program was running when the worker was killed"
        assert watch.left_running() == []
        if kind == "doc":  # what the killed worker left on disk goes at the next worker's first conversion
            assert pool.read([(converted("rtf"), "suite.rtf", None)])[0].status == "ok"
            assert stale_conversion_directories() == []


def stale_conversion_directories() -> list[str]:
    import glob
    import os
    import tempfile

    import psutil

    found = glob.glob(os.path.join(tempfile.gettempdir(), "fabrique-soffice-*"))
    return [d for d in found if not psutil.pid_exists(int(os.path.basename(d).split("-")[2]))]


@needs_soffice
@needs_ocr
def test_converters_run_under_the_workers_memory_limit(call, original):
    """The worker's address-space limit (FABRIQUE_EXTRACTION_MEMORY_MB) is not theirs: each
    program gets its own, and reads as well as inline."""
    from extract.isolate import read_documents_isolated

    items = [(converted("rtf"), "projet.rtf", None), (image_pdf(page_images(to_pdf(PROPOSAL[-4:]))), "scan.pdf", None)]
    rtf, scan = read_documents_isolated(items, timeout_s=120, memory_mb=512, workers=2)
    assert rtf.status == "ok" and summary([rtf], call) == original
    assert scan.status == "ok" and scan.ocr and any(("Total", "41 000 €") == row for t in scan.tables for row in t.rows)


def _ods_budget() -> bytes:
    """A treasurer's ODS (odfpy): a title cell spanning two columns, the budget, and a hidden
    sheet holding last year's figures."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    hidden = Style(name="cachee", family="table")
    hidden.addElement(TableProperties(display="false"))
    document.automaticstyles.addElement(hidden)

    def row(*values):
        line = TableRow()
        for value in values:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            line.addElement(cell)
        return line

    sheet = OdsTable(name="Prévisionnel")
    title = TableRow()
    spanning = TableCell(valuetype="string", numbercolumnsspanned=2)
    spanning.addElement(P(text="Budget de l'atelier mobile"))
    title.addElement(spanning)
    sheet.addElement(title)
    for values in (("Dépense", "Montant"), ("Salaire de la coordinatrice", 23500), ("Location du camion", 4100),
                   ("Total", 27600)):
        sheet.addElement(row(*values))
    old = OdsTable(name="Version 2021", stylename=hidden)
    old.addElement(row("Salaire de la coordinatrice", 31000))
    document.spreadsheet.addElement(sheet)
    document.spreadsheet.addElement(old)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@needs_soffice
def test_an_ods_budget_is_read_like_a_workbook_without_its_hidden_sheet():
    document = read_document(_ods_budget(), "budget.ods", "application/vnd.oasis.opendocument.spreadsheet")
    assert document.status == "ok" and document.format == "ods", document.reason
    rows = [row for table in document.tables for row in table.rows]
    assert ("Salaire de la coordinatrice", "23500") in rows and ("Total", "27600") in rows
    assert not any("31000" in cell for row in rows for cell in row)
    assert {t.sheet for t in document.tables} == {"Prévisionnel"}


@needs_soffice
def test_an_excel_97_workbook_is_read_through_libreoffice(tmp_path):
    from extracthelp import to_xlsx

    (tmp_path / "budget.xlsx").write_bytes(to_xlsx({"Budget": [["Poste", "Montant"], ["Animation", 8800]]}))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--norestore",
                    "--convert-to", "xls:MS Excel 97", "--outdir", str(tmp_path), str(tmp_path / "budget.xlsx")],
                   check=True, capture_output=True, timeout=120)
    data = (tmp_path / "budget.xls").read_bytes()
    assert data[:4] == b"\xd0\xcf\x11\xe0"
    document = read_document(data, "budget.xls", "application/vnd.ms-excel")
    assert document.status == "ok" and document.format == "xls", document.reason
    assert document.tables[0].rows == (("Poste", "Montant"), ("Animation", "8800"))


def test_without_libreoffice_an_ods_is_unsupported_with_a_reason(monkeypatch):
    import extract.convert as convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    document = read_document(_ods_budget(), "budget.ods", None)
    assert document.status == "unsupported" and "LibreOffice" in document.reason and "ODS" in document.reason
