"""Pages without a text layer (scans, photos of pages) read by OCR into the PDF reader's lines and
tables, so that what follows (paragraphs, headings, tables) is the same as for a text layer.

Only pages with no text at all are read, within limits per document (MAX_PAGES, MAX_SECONDS): a
scanned page costs about a second (Tesseract at 300 dpi), a page scanned sideways or upside down
about three (extract/ocr.py turns it upright), a text page nothing.
"""
from __future__ import annotations

import io
import time

from . import ocr
from .child import ChildTimeout
from .ocr_layout import layout
from .types import Document

DPI = 300  # Tesseract reads best with characters ~30 px high: 10 pt at 300 dpi
MAX_PIXELS = 18_000_000  # an A4 page at 300 dpi is 8.7 million; larger pages get fewer dpi
MAX_PAGES = 15
MAX_SECONDS = 30.0
# A page whose OCR gives fewer characters is a picture (a photo, a diagram's labels), not a scanned
# text: its words are kept, but it does not make the document a scan.
PICTURE_CHARS = 40
MAX_IMAGE_PIXELS = 80_000_000  # an image attachment larger than this (decoded) is not read
MIN_PAGE_PIXELS = 500  # an image whose long side is shorter holds no page (at 60 dpi, an A4 is 700 px)


class PageScanner:
    """OCR of one document's image-only pages, within the document's limits."""

    def __init__(self) -> None:
        self.read_pages = 0
        self.text_pages = 0  # pages where OCR found text, not only a picture's few letters
        self.spent = 0.0
        self.skipped: list[int] = []
        self.failure: str | None = None
        self.lines: list = []  # every _Line made by OCR, to settle their sizes at the end

    def read_page(self, page, number: int) -> tuple[list, list] | None:
        """(lines, tables) of a pdfium page, or None when the limits or Tesseract forbid it."""
        width, height = page.get_size()
        dpi = _dpi(width, height)
        if not self._allowed(number):
            return None
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        return self._read(image, number, (width, height), dpi)

    def read_image(self, image, number: int, dpi: float) -> tuple[list, list] | None:
        if not self._allowed(number):
            return None
        return self._read(image, number, (image.width * 72 / dpi, image.height * 72 / dpi), dpi)

    def _allowed(self, number: int) -> bool:
        if self.failure or self.read_pages >= MAX_PAGES or self.spent >= MAX_SECONDS:
            self.skipped.append(number)
            return False
        return True

    def _read(self, image, number: int, size_pt: tuple[float, float], dpi: float) -> tuple[list, list] | None:
        """`size_pt`: the page's (width, height) in points, as the image lies."""
        start = time.monotonic()
        try:
            found = ocr.read_page(image, round(dpi), timeout_s=max(5.0, min(ocr.PAGE_TIMEOUT_S, MAX_SECONDS - self.spent)))
        except ocr.OcrUnavailable as exc:
            self.failure = str(exc)
            self.skipped.append(number)
            return None
        except ocr.OcrFailed:
            self.skipped.append(number)
            return None
        except ChildTimeout:
            self.skipped.append(number)
            self.spent = MAX_SECONDS
            return None
        finally:
            self.spent += time.monotonic() - start
            del image
        self.read_pages += 1
        height_pt = size_pt[1] if found.turned in (0, 180) else size_pt[0]  # the lines lie in the page turned upright
        lines, tables = _page_content(found.lines, number, height_pt, 72 / dpi)
        self.lines += lines
        if sum(len(line.text) for line in lines) >= PICTURE_CHARS:
            self.text_pages += 1
        return lines, tables

    def settle_sizes(self) -> None:
        """One size per font: OCR sizes vary a little from line to line; close ones (within 12 %)
        are given their group's size, so that headings of one style get one level."""
        sizes = sorted({line.size for line in self.lines})
        groups: list[list[float]] = []
        for size in sizes:
            if groups and size <= groups[-1][-1] * 1.12:
                groups[-1].append(size)
            else:
                groups.append([size])
        weight: dict[float, int] = {}
        for line in self.lines:
            weight[line.size] = weight.get(line.size, 0) + len(line.text)
        settled = {}
        for group in groups:
            main = max(group, key=lambda s: weight[s])
            settled.update({s: round(main * 2) / 2 for s in group})
        for line in self.lines:
            line.size = settled[line.size]

    def note(self, scan: bool) -> str | None:
        """What staff should know about the OCR of this document, in French."""
        parts = []
        if scan:
            parts.append("texte obtenu par reconnaissance de caractères (scan)")
        if self.failure:
            parts.append(self.failure)
        elif self.skipped:
            pages = self.skipped
            which = f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]} à {pages[-1]}"
            parts.append(f"{which} non lue{'s' if len(pages) > 1 else ''} (limite de la reconnaissance de caractères : "
                         f"{MAX_PAGES} pages, {MAX_SECONDS:g} s)")
        return " ; ".join(parts) or None


def _dpi(width_pt: float, height_pt: float) -> float:
    pixels = width_pt * height_pt / (72 * 72) * DPI * DPI
    if pixels <= MAX_PIXELS:
        return DPI
    return DPI * (MAX_PIXELS / pixels) ** 0.5


def _page_content(found, number: int, height_pt: float, scale: float) -> tuple[list, list]:
    """The PDF reader's lines (points, y upwards) and tables of one OCR'd page."""
    from .pdf import _Line

    page = layout(found)
    lines = [
        _Line(text=row.text, size=row.size * scale, bold=False, page=number,
              left=row.left * scale, right=row.right * scale,
              top=height_pt - row.top * scale, bottom=height_pt - row.bottom * scale)
        for row in page.rows
    ]
    return lines, [cells for _start, _end, cells in page.tables]


def read_image(data: bytes, name: str | None) -> Document:
    """An image attached as a file (a photographed or scanned page): read by OCR, page by page for
    a multi-page TIFF."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    from .pdf import _blocks

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_IMAGE_PIXELS:
            return Document(name=name, status="unreadable", reason="image trop grande pour être lue", format="image")
        if max(image.width, image.height) < MIN_PAGE_PIXELS:  # a logo or an icon: nothing to flag, nothing to read
            return Document(name=name, status="ok", reason="image trop petite pour être une page : non lue",
                            pages=1, format="image")
        frames = []
        for frame in ImageSequence.Iterator(image):
            if len(frames) >= MAX_PAGES:
                break
            frames.append(ImageOps.exif_transpose(frame).convert("L"))
        stated = image.info.get("dpi", (0, 0))[0] or 0
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        return Document(name=name, status="error", reason=f"image illisible : {str(exc)[:120]}", format="image")
    scanner = PageScanner()
    page_lines: list[list] = []
    tables: dict[int, list] = {}
    for number, frame in enumerate(frames, start=1):
        frame, dpi = _normalised(frame, float(stated))
        found = scanner.read_image(frame, number, dpi)
        page_lines.append(found[0] if found else [])
        if found and found[1]:
            tables[number] = found[1]
    if sum(len(line.text) for lines in page_lines for line in lines) < 20:
        reason = scanner.failure or "image sans texte reconnu"
        return Document(name=name, status="unreadable", reason=reason, pages=len(frames), format="image")
    scanner.settle_sizes()
    blocks, placed = _blocks(page_lines, tables)
    return Document(name=name, status="ok", reason=scanner.note(True), blocks=blocks, tables=placed, pages=len(frames),
                    format="image", ocr=True)


def _normalised(image, stated_dpi: float):
    """The image at a resolution Tesseract reads well, and that resolution. A photo states no
    resolution (or 72 dpi): it is taken for a page of A4 height."""
    long_side = max(image.width, image.height)
    dpi = stated_dpi if stated_dpi >= 100 else long_side / 11.69
    factor = 1.0
    if dpi > DPI * 1.2:
        factor = DPI / dpi
    elif dpi < 200:
        factor = min(2.0, 200 / max(dpi, 1.0))
    if image.width * image.height * factor * factor > MAX_PIXELS:
        factor = (MAX_PIXELS / (image.width * image.height)) ** 0.5
    if abs(factor - 1.0) > 0.05:
        from PIL import Image

        image = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))),
                             Image.Resampling.LANCZOS)
        dpi *= factor
    return image, max(70.0, dpi)
