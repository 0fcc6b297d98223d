"""OCR of one page image with Tesseract's French model, in a bounded child process (extract/child.py):
the words with their boxes and confidence, in Tesseract's lines (hOCR output).

A page scanned sideways or upside down reads as garbage, or, turned a quarter clockwise, as
confident vertical words. `read_page` sees it from the first reading itself: fewer than
POOR_SHARE of its characters are in words read upright with confidence. Only then does it ask
Tesseract for the page's orientation (OSD) and read the page again, turned, keeping the better
reading: an upright page costs one Tesseract run, as before; a turned one about three.

Tesseract runs on one thread (OMP_THREAD_LIMIT=1): on two cores shared by two extraction workers,
its OpenMP threads only spin against each other (2.1 s instead of 0.55 s for a budget page).
"""
from __future__ import annotations

import functools
import io
import os
import re
import shutil
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from . import child

LANGUAGE = "fra"
PAGE_TIMEOUT_S = 30.0
# Tesseract's peak is ~60 MB resident for an A4 page at 300 dpi; its address space (the French
# LSTM model, the page image, its own buffers) stays under 200 MB. The limit leaves room for a
# dense page without letting a hostile image take the machine.
MEMORY_MB = 512
_HOCR = "{http://www.w3.org/1999/xhtml}"
_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_X_SIZE = re.compile(r"x_size ([\d.]+)")
_CONFIDENCE = re.compile(r"x_wconf (\d+)")
_ROTATE = re.compile(rb"^Rotate: (\d+)", re.MULTILINE)
_ORIENTATION_CONFIDENCE = re.compile(rb"^Orientation confidence: ([\d.]+)", re.MULTILINE)

# What a reading of a turned page looks like, measured on a proposal page at 300 dpi (share of the
# characters, in words of 3+ characters, read with confidence >= 60 in a box wider than tall):
# upright 1.00 (0.55-0.67 when blurred, speckled and JPEG-compressed); turned 90 or 180 degrees,
# garbage: 0.01-0.13; turned 90 degrees clockwise: 0.00 (Tesseract reads vertical words).
WELL_READ = 60
POOR_SHARE = 0.3
MIN_CHARS = 50  # fewer characters: a picture's few letters, or too little for OSD to judge
# OSD's confidence on turned pages: 13-18 clean, 2-6 degraded; below 1 its answer is a guess. A
# wrong answer only costs a reading, since the better reading is kept.
MIN_ORIENTATION_CONFIDENCE = 1.0
# OSD judges glyph shapes: at half of 300 dpi it is as right (confidence 18 instead of 15 on a clean
# page, 2-4 instead of 3-6 on a degraded one) and 40 % faster (0.6 s instead of 1 s).
OSD_DPI = 150
MIN_RETRY_S = 1.0  # less time left on the page's budget: keep the first reading


class OcrUnavailable(Exception):
    """Tesseract or its French data is not installed: no page can be read."""


class OcrFailed(Exception):
    """Tesseract failed on this image (the next one may be read)."""


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: int


@dataclass(frozen=True)
class Line:
    """One of Tesseract's text lines, in image pixels (y downwards)."""

    words: tuple[Word, ...]
    size: float  # Tesseract's x_size: the line's character height, ~ the font size in pixels
    slope: float  # its baseline's slope (a skewed scan)
    paragraph: int  # Tesseract's paragraph number on the page


@dataclass(frozen=True)
class Reading:
    """A page's lines, in the pixels of the page turned `turned` degrees clockwise (0, 90, 180 or
    270): the image Tesseract read, upright."""

    lines: list[Line]
    turned: int = 0


@functools.lru_cache(maxsize=1)
def tesseract() -> str | None:
    return shutil.which("tesseract")


def available() -> bool:
    return tesseract() is not None


def read_page(image, dpi: int, timeout_s: float = PAGE_TIMEOUT_S) -> Reading:
    """The text lines of a grayscale PIL image scanned at `dpi`, turned upright first when the page
    was scanned sideways or upside down; `timeout_s` bounds the whole. Raises as `recognise` does
    for the first reading only: the orientation is a second chance, never a new failure."""
    start = time.monotonic()
    lines = recognise(image, dpi, timeout_s=timeout_s)
    read, well = legibility(lines)
    if read < MIN_CHARS or well >= POOR_SHARE * read:
        return Reading(lines)
    try:
        turn = orientation(image, dpi, timeout_s - (time.monotonic() - start))
        if not turn:
            return Reading(lines)
        left = timeout_s - (time.monotonic() - start)
        if left < MIN_RETRY_S:
            return Reading(lines)
        turned = recognise(image.rotate(-turn, expand=True), dpi, timeout_s=left)  # rotate() turns anticlockwise
    except (OcrFailed, OcrUnavailable, child.ChildTimeout, OSError, ValueError):
        return Reading(lines)
    if legibility(turned)[1] > well:
        return Reading(turned, turn)
    return Reading(lines)


def legibility(lines: list[Line]) -> tuple[int, int]:
    """(characters read, characters read well) in words of three or more characters (specks and
    ruling lines give shorter ones): read well, with confidence, in a box lying as upright text's."""
    read = well = 0
    for line in lines:
        for word in line.words:
            if len(word.text) < 3:
                continue
            read += len(word.text)
            if word.confidence >= WELL_READ and word.right - word.left > word.bottom - word.top:
                well += len(word.text)
    return read, well


def orientation(image, dpi: int, timeout_s: float) -> int:
    """How many degrees clockwise the page must be turned to stand upright, by Tesseract's OSD:
    0 when it is upright, unsure, or cannot tell (too little text, an error, no time left)."""
    program = tesseract()
    if program is None or timeout_s < MIN_RETRY_S:
        return 0
    factor = max(1, round(dpi / OSD_DPI))
    try:
        small = image.reduce(factor) if factor > 1 else image
        finished = _run([program, "stdin", "stdout", "-l", "osd", "--dpi", str(int(dpi / factor)), "--psm", "0"],
                        small, timeout_s)
    except (child.ChildTimeout, OSError, ValueError):
        return 0
    rotate = _ROTATE.search(finished.stdout)
    confidence = _ORIENTATION_CONFIDENCE.search(finished.stdout)
    if finished.returncode != 0 or rotate is None or confidence is None:
        return 0
    turn = int(rotate.group(1))
    if turn not in (90, 180, 270) or float(confidence.group(1)) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return turn


def recognise(image, dpi: int, timeout_s: float = PAGE_TIMEOUT_S) -> list[Line]:
    """The text lines of a grayscale PIL image scanned at `dpi`, as it lies. Raises OcrUnavailable,
    OcrFailed or child.ChildTimeout."""
    program = tesseract()
    if program is None:
        raise OcrUnavailable("reconnaissance de caractères indisponible (Tesseract absent)")
    finished = _run([program, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(int(dpi)), "--psm", "3", "hocr"],
                    image, timeout_s)
    if finished.returncode != 0 or not finished.stdout:
        message = finished.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = next((m for m in message if "error" in m.lower() or "failed" in m.lower()), message[-1] if message else "")
        if any(word in line.lower() for line in message for word in ("language", "traineddata", "tessdata")):
            raise OcrUnavailable(f"reconnaissance de caractères indisponible : {detail[:120]}")
        raise OcrFailed(f"reconnaissance de caractères en échec : {detail[:120]}")
    try:
        return parse_hocr(finished.stdout)
    except ET.ParseError as exc:
        raise OcrFailed(f"réponse de Tesseract illisible : {exc}") from None


def _run(argv: list[str], image, timeout_s: float) -> child.Finished:
    buffer = io.BytesIO()
    image.save(buffer, "PPM")  # uncompressed: nothing to spend on encoding
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1", "LC_ALL": "C"}
    if os.environ.get("TESSDATA_PREFIX"):
        env["TESSDATA_PREFIX"] = os.environ["TESSDATA_PREFIX"]
    return child.run(argv, data=buffer.getvalue(), timeout_s=timeout_s, memory_mb=MEMORY_MB, env=env)


def parse_hocr(data: bytes) -> list[Line]:
    root = ET.fromstring(data)
    lines: list[Line] = []
    paragraphs = [p for p in root.iter(f"{_HOCR}p") if p.get("class") == "ocr_par"]
    for number, paragraph in enumerate(paragraphs):
        for span in paragraph.iter(f"{_HOCR}span"):
            if not (span.get("class") or "").startswith("ocr_") or span.get("class") == "ocrx_word":
                continue
            title = span.get("title") or ""
            words = tuple(w for w in (_word(e) for e in span.iter(f"{_HOCR}span") if e.get("class") == "ocrx_word")
                          if w is not None)
            if not words:
                continue
            size = _X_SIZE.search(title)
            baseline = _BASELINE.search(title)
            height = sorted(w.bottom - w.top for w in words)[len(words) // 2]
            lines.append(Line(words=words, size=float(size.group(1)) if size else float(height),
                              slope=float(baseline.group(1)) if baseline else 0.0, paragraph=number))
    return lines


def _word(element) -> Word | None:
    text = " ".join("".join(element.itertext()).split())
    box = _BBOX.search(element.get("title") or "")
    if not text or box is None:
        return None
    confidence = _CONFIDENCE.search(element.get("title") or "")
    left, top, right, bottom = (int(v) for v in box.groups())
    return Word(text, left, top, right, bottom, int(confidence.group(1)) if confidence else 0)
