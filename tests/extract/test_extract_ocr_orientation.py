"""A page scanned sideways or upside down (a signed letter of support put in the scanner the wrong
way) is turned upright and read like an upright one; an upright page still costs one Tesseract
run; when Tesseract cannot tell the orientation, the first reading is kept and nothing fails."""
from __future__ import annotations

import io

import pytest

import extract.child as child
import extract.ocr as ocr
from extract.documents import read_document
from extracthelp import to_pdf
from test_extract_formats import image_pdf, needs_ocr, page_images

# A letter of support from a partner, with the figures it commits to.
LETTER = [
    ("title", "Lettre de soutien"),
    ("p", "La Fédération des centres sociaux de la Drôme soutient le projet TOURNÉES PARTAGÉES porté "
          "par la Coopérative Aide et Présence du Val de Saône."),
    ("p", "Nous mettrons à disposition une animatrice pour les ateliers de réglage du logiciel de planification."),
    ("table", [["Contribution", "Montant"], ["Temps de l'animatrice", "4 500 €"], ["Prêt de salles", "800 €"]]),
    ("p", "Fait à Valence, le 3 octobre 2022, pour le conseil d'administration."),
]
SENTENCES = ["La Fédération des centres sociaux de la Drôme soutient le projet",
             "Nous mettrons à disposition une animatrice pour les ateliers de réglage du logiciel de planification.",
             "Fait à Valence, le 3 octobre 2022"]


def squeezed(text: str) -> str:
    return " ".join(text.split())


def letter_scan(turn: int) -> bytes:
    """The letter printed, signed and scanned at 200 dpi, the sheet turned `turn` degrees
    anticlockwise: an image-only PDF whose page lies as the scanner saw it."""
    image = page_images(to_pdf(LETTER))[0]
    return image_pdf([image.rotate(turn, expand=True) if turn else image])


@pytest.fixture
def runs(monkeypatch):
    """The programs run through the bounded child runner, by their options."""
    seen: list[list[str]] = []
    run = child.run

    def counting(argv, **kwargs):
        seen.append(argv)
        return run(argv, **kwargs)

    monkeypatch.setattr(child, "run", counting)
    return seen


@needs_ocr
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_letter_scanned_turned_reads_as_upright(turn, runs):
    document = read_document(letter_scan(turn), "lettre.pdf", None)
    assert document.status == "ok" and document.ocr and document.pages == 1
    text = squeezed(" ".join(block.text for block in document.blocks))
    for sentence in SENTENCES:
        assert sentence in text, f"turned {turn}°: {sentence!r} not read in {text[:300]!r}"
    # the boxes are those of the upright page: the table still comes out as rows of cells
    rows = {tuple(squeezed(cell).replace(" ", "") for cell in row) for table in document.tables for row in table.rows}
    assert ("Tempsdel'animatrice", "4500€") in rows
    assert len(runs) == 3 and "osd" in runs[1], "a first reading, the orientation, a second reading"


@needs_ocr
def test_an_upright_scan_costs_one_tesseract_run(runs):
    document = read_document(letter_scan(0), "lettre.pdf", None)
    assert all(sentence in squeezed(" ".join(b.text for b in document.blocks)) for sentence in SENTENCES)
    assert len(runs) == 1 and "osd" not in runs[0]


@needs_ocr
def test_a_photographed_letter_attached_sideways_is_read():
    """An image attachment without EXIF orientation (a scanner's JPEG), turned a quarter clockwise."""
    image = page_images(to_pdf(LETTER), dpi=150)[0].rotate(-90, expand=True)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    document = read_document(buffer.getvalue(), "lettre.jpg", "image/jpeg")
    assert document.status == "ok" and document.format == "image"
    assert SENTENCES[0] in squeezed(" ".join(b.text for b in document.blocks))


# ---------------------------------------------------------------- when OSD cannot help (no Tesseract needed)


def garbage() -> list[ocr.Line]:
    """What Tesseract reads on a page upside down: many words, few of them with confidence."""
    words = tuple(ocr.Word("uoıʇɐʌ", 100 + 80 * i, 200, 170 + 80 * i, 230, 20) for i in range(20))
    return [ocr.Line(words=words, size=30.0, slope=0.0, paragraph=0)]


@pytest.fixture
def poor_first_reading(monkeypatch):
    """Tesseract said present, its first reading poor; `recognise` counts its calls."""
    from PIL import Image

    calls = []
    monkeypatch.setattr(ocr, "tesseract", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "recognise", lambda image, dpi, **kw: calls.append(image.size) or garbage())
    return Image.new("L", (600, 800), 255), calls


@pytest.mark.parametrize("answer", [
    child.Finished(1, b"", b"Too few characters. Skipping this page\nError during processing.\n"),
    child.Finished(0, b"Page number: 0\nOrientation in degrees: 180\nRotate: 180\nOrientation confidence: 0.31\n", b""),
    child.Finished(0, b"Page number: 0\nOrientation in degrees: 0\nRotate: 0\nOrientation confidence: 9.5\n", b""),
    child.Finished(0, b"garbled", b""),
    child.ChildTimeout("tesseract : délai de 5 s dépassé"),
    OSError("cannot start"),
])
def test_when_osd_fails_or_is_unsure_the_first_reading_is_kept(poor_first_reading, monkeypatch, answer):
    image, calls = poor_first_reading

    def osd(argv, **kwargs):
        assert "--psm" in argv and argv[argv.index("--psm") + 1] == "0" and kwargs["memory_mb"] == ocr.MEMORY_MB
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(child, "run", osd)
    reading = ocr.read_page(image, 300, timeout_s=10)
    assert reading.turned == 0 and reading.lines == garbage() and calls == [(600, 800)]


def test_the_page_is_turned_as_osd_says_and_the_better_reading_kept(poor_first_reading, monkeypatch):
    image, calls = poor_first_reading
    monkeypatch.setattr(child, "run", lambda argv, **kw: child.Finished(
        0, b"Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 14.65\n", b""))
    reading = ocr.read_page(image, 300, timeout_s=10)
    assert calls == [(600, 800), (800, 600)]  # read again turned a quarter: a landscape image
    assert reading.turned == 0, "the second reading is no better: the first is kept"
