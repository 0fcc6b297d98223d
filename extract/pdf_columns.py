"""Pages set in two columns (a leaflet, a newsletter-style proposal) read column by column.

Most programs write a column's text before the next one's, and the text layer then reads in
column order already. Some write the page row by row, across the columns: the text layer then
runs a line of the left column into the line of the right column beside it ("Contexte
Calendrier"), or alternates between them. Such a page is recognised by its gutter, a vertical
band that many lines stop short of and others start after, and its lines are split at the
gutter and put back column by column, between the full-width lines (titles) that cut the page
into bands. Only prose is reordered: a form's labels and answers, or a table's cells, laid out
side by side without rules, stay as they are (their lines do not run on from one another).
"""
from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c

MIN_GAP = 18.0  # points between the two columns' text, at the least (a word space is ~3)
MAX_RECTS = 64


def _rects(textpage, first: int, count: int) -> list[tuple[float, float]]:
    """(left, right) of each run of one text object in the character range."""
    found = pdfium_c.FPDFText_CountRects(textpage.raw, first, count)
    out = []
    for index in range(min(found, MAX_RECTS)):
        left, top, right, bottom = (ctypes.c_double() for _ in range(4))
        if pdfium_c.FPDFText_GetRect(textpage.raw, index, left, top, right, bottom):
            out.append((left.value, right.value))
    return sorted(out)


def split_at_gutter(textpage, spans: list[tuple[int, int]], width: float) -> tuple[list[tuple[int, int]], float | None]:
    """The page's character spans (first, last), one a text-layer line, with the lines that run
    across a gutter cut in two; and the gutter's x, when three lines or more ran across it."""
    gaps: list[tuple[int, float, float]] = []  # (span index, gap's left, gap's right)
    rows_of_three = 0  # lines cut twice or more: a table's rows, not two columns
    for k, (first, last) in enumerate(spans):
        rects = _rects(textpage, first, last - first + 1)
        wide = [(a_right, b_left) for (_, a_right), (b_left, _) in zip(rects, rects[1:]) if b_left - a_right >= MIN_GAP]
        rows_of_three += len(wide) >= 2
        for a_right, b_left in wide:
            if 0.25 * width <= (a_right + b_left) / 2 <= 0.75 * width:
                gaps.append((k, a_right, b_left))
    if len(gaps) < 3 or rows_of_three >= 2:
        return spans, None
    best_x, best_n = None, 0
    for _, left, right in gaps:
        x = (left + right) / 2
        n = sum(1 for _, l2, r2 in gaps if l2 <= x <= r2)
        if n > best_n:
            best_x, best_n = x, n
    if best_n < 3:
        return spans, None
    cut = {k for k, left, right in gaps if left <= best_x <= right}
    out: list[tuple[int, int]] = []
    for k, (first, last) in enumerate(spans):
        at = _first_right_of(textpage, first, last, best_x) if k in cut else None
        if at is None:
            out.append((first, last))
            continue
        end = at - 1
        while end > first and _is_space(textpage, end):
            end -= 1
        out.append((first, end))
        out.append((at, last))
    return out, best_x


def _is_space(textpage, index: int) -> bool:
    return chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index)).isspace()


def _first_right_of(textpage, first: int, last: int, x: float) -> int | None:
    """The first visible character of the span that starts right of x."""
    for index in range(first + 1, last + 1):
        if _is_space(textpage, index):
            continue
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        pdfium_c.FPDFText_GetCharBox(textpage.raw, index, left, right, bottom, top)
        if left.value >= x:
            return index
    return None


def column_order(lines: list, width: float, gutter: float | None = None) -> list:
    """The page's lines column by column when the text layer alternates between two columns of
    prose; as they are otherwise. Lines have .text .left .right."""
    if len(lines) < 6 or width <= 0:
        return lines
    gutter = gutter if gutter is not None else _gutter(lines, width)
    if gutter is None:
        return lines
    sides = [-1 if line.right <= gutter else 1 if line.left >= gutter else 0 for line in lines]
    placed = [s for s in sides if s]
    switches = sum(1 for a, b in zip(placed, placed[1:]) if a != b)
    if switches < 4 or switches <= 2 * (1 + sides.count(0)):
        return lines  # column after column already
    left = [line for line, side in zip(lines, sides) if side < 0]
    right = [line for line, side in zip(lines, sides) if side > 0]
    if not (_prose(left) and _prose(right)) or _rows_start_together(left, right):
        return lines
    out: list = []
    band: list[tuple[object, int]] = []
    for line, side in zip(lines, sides):
        if side == 0:  # a full-width line closes the band above it
            out += [l for l, s in band if s < 0] + [l for l, s in band if s > 0]
            band = []
            out.append(line)
        else:
            band.append((line, side))
    out += [l for l, s in band if s < 0] + [l for l, s in band if s > 0]
    return out


def _gutter(lines: list, width: float) -> float | None:
    """An x that three lines or more end before and three or more start after, crossed by
    almost none, in the middle half of the page."""
    best, best_n = None, 2
    for candidate in {round(line.right + 1) for line in lines if 0.25 * width < line.right < 0.7 * width}:
        left = sum(1 for line in lines if line.right <= candidate)
        right = sum(1 for line in lines if line.left >= candidate + 6)
        crossing = len(lines) - left - right
        if crossing <= max(1, len(lines) // 10) and min(left, right) > best_n:
            best, best_n = candidate + 3, min(left, right)
    return best


def _prose(lines: list) -> bool:
    """Running text: lines long enough, a fair share going on from the line before."""
    if len(lines) < 3 or sum(len(line.text) for line in lines) / len(lines) < 18:
        return False
    runs_on = sum(1 for line in lines[1:] if line.text[:1].islower() or line.text[:1] in "(«\"'")
    return runs_on >= 0.2 * (len(lines) - 1)


def _starts(lines: list) -> list[float]:
    """The tops of the lines that begin a paragraph (or a cell) in one column."""
    tops, previous = [], None
    for line in lines:
        if previous is None or (line.text[:1].isupper() and previous.text.rstrip()[-1:] in ".:!?;"):
            tops.append(line.top)
        previous = line
    return tops


def _rows_start_together(left: list, right: list) -> bool:
    """A table without rules: its cells begin side by side, row after row; two columns of text
    begin their paragraphs wherever their sentences end."""
    left_starts, right_starts = _starts(left), _starts(right)
    together = sum(1 for top in left_starts if any(abs(top - other) <= 2.0 for other in right_starts))
    return together >= 2 and together * 2 >= min(len(left_starts), len(right_starts))
