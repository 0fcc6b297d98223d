"""OCR of one page image with Tesseract's French model, in a bounded child process (extract/child.py):
the words with their boxes and confidence, in Tesseract's lines (hOCR output).

Tesseract runs on one thread (OMP_THREAD_LIMIT=1): on two cores shared by two extraction workers,
its OpenMP threads only spin against each other (2.1 s instead of 0.55 s for a budget page).
"""
from __future__ import annotations

import functools
import io
import os
import re
import shutil
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


@functools.lru_cache(maxsize=1)
def tesseract() -> str | None:
    return shutil.which("tesseract")


def available() -> bool:
    return tesseract() is not None


def recognise(image, dpi: int, timeout_s: float = PAGE_TIMEOUT_S) -> list[Line]:
    """The text lines of a grayscale PIL image scanned at `dpi`. Raises OcrUnavailable or
    child.ChildTimeout."""
    program = tesseract()
    if program is None:
        raise OcrUnavailable("reconnaissance de caractères indisponible (Tesseract absent)")
    buffer = io.BytesIO()
    image.save(buffer, "PPM")  # uncompressed: nothing to spend on encoding
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1", "LC_ALL": "C"}
    if os.environ.get("TESSDATA_PREFIX"):
        env["TESSDATA_PREFIX"] = os.environ["TESSDATA_PREFIX"]
    finished = child.run([program, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(int(dpi)), "--psm", "3", "hocr"],
                         data=buffer.getvalue(), timeout_s=timeout_s, memory_mb=MEMORY_MB, env=env)
    del buffer
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
