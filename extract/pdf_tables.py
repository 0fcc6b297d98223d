"""Ruled tables of a PDF page from pdfium's own objects: pdfplumber's "lines" strategy (its edge
merging, intersections, cells and tables, reused as they are) fed with the page's path segments
read by pdfium, and each cell's text read by pdfium inside the cell's box.

pdfplumber gets the same edges and characters by interpreting the page's content stream in
Python (pdfminer), which costs 100-300 ms a page; here the page is already parsed by pdfium
and a table page costs a few milliseconds. Same default settings as `Page.extract_tables()`:
snap and join tolerance 3, intersection tolerance 3, edges shorter than 3 points ignored.
"""
from __future__ import annotations

import re

import ctypes

import pypdfium2.raw as pdfium_c
from pdfplumber import table as plumber_table
from pdfplumber.utils import filter_edges

_FLAT = 0.01  # a segment whose ends differ by less than this on one axis is horizontal / vertical
MAX_EDGES = 4000  # pages drawn with more straight segments (charts, plans) are not read for tables
_MAX_DEPTH = 8  # nesting of form XObjects followed

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix_of(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _segments(path, matrix: Matrix, out: list) -> None:
    """Straight segments of one path object, in page space: (x0, y0, x1, y1)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if pdfium_c.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke)) \
            and not fill.value and not stroke.value:
        return  # neither filled nor stroked: nothing drawn
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    start = previous = None
    for k in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, k)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (x.value * a + y.value * c + e, x.value * b + y.value * d + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or previous is None:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            out.append((*previous, *point))
        # a Bézier's control and end points make no straight edge
        previous = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None and start != point:
            out.append((*point, *start))
            previous = start


def _collect(obj, matrix: Matrix, out: list, depth: int) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        _segments(obj, _compose(_matrix_of(obj), matrix), out)
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
        inner = _compose(_matrix_of(obj), matrix)
        for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect(pdfium_c.FPDFFormObj_GetObject(obj, k), inner, out, depth + 1)


def page_edges(page, height: float) -> list[dict]:
    """Horizontal and vertical edges of the page, as pdfplumber describes them (top-down)."""
    segments: list[tuple[float, float, float, float]] = []
    for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        _collect(pdfium_c.FPDFPage_GetObject(page.raw, k), _IDENTITY, segments, 0)
        if len(segments) > MAX_EDGES:
            return []
    edges = []
    for x0, y0, x1, y1 in segments:
        if abs(y0 - y1) < _FLAT:
            orientation = "h"
        elif abs(x0 - x1) < _FLAT:
            orientation = "v"
        else:
            continue
        left, right = min(x0, x1), max(x0, x1)
        top, bottom = height - max(y0, y1), height - min(y0, y1)
        if orientation == "h":
            top = bottom = (top + bottom) / 2
        else:
            left = right = (left + right) / 2
        edges.append({"object_type": "line", "x0": left, "x1": right, "top": top, "bottom": bottom,
                      "doctop": top, "width": right - left, "height": bottom - top, "orientation": orientation})
    return edges


def extract_tables(page, textpage) -> list[list[list[str | None]]]:
    """What pdfplumber's `page.extract_tables()` gives for ruled tables: rows of cell texts
    (None where a merged cell leaves no cell), top to bottom."""
    height = float(page.get_height())
    edges = filter_edges(page_edges(page, height), min_length=1)
    if len(edges) < 4:
        return []
    edges = plumber_table.merge_edges(edges, 3, 3, 3, 3)
    edges = filter_edges(edges, min_length=3)
    intersections = plumber_table.edges_to_intersections(edges, 3, 3)
    cells = plumber_table.intersections_to_cells(intersections)
    tables = []
    for group in plumber_table.cells_to_tables(cells):
        rows = []
        for row in plumber_table.Table(None, group).rows:
            texts: list[str | None] = []
            for cell in row.cells:
                if cell is None:
                    texts.append(None)
                    continue
                x0, top, x1, bottom = cell
                text = textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
                texts.append(" ".join(_unwrap(text).split()))
            rows.append(texts)
        tables.append(rows)
    return tables


# pdfium marks a hyphen that ends a line with \x02 (or \ufffe): a word cut in two ("pérenni" +
# "sation") is joined, a compound's hyphen before a capital ("Auvergne-" + "Rhône") kept.
_LINE_HYPHEN = re.compile(r"[\x02\ufffe]\s*(?=[A-ZÀ-ÖØ-Ý])")


def _unwrap(text: str) -> str:
    return _LINE_HYPHEN.sub("-", text).replace("\ufffe", "").replace("\x02", "")
