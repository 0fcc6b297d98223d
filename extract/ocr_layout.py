"""A scanned page's layout from the OCR's word boxes: visual rows (Tesseract's lines joined across
its blocks, the scan's skew undone), cells (words parted by a wide gap) and tables (consecutive
rows whose cells stand in the same columns), so that a scanned budget or partner table reaches the
finders as rows of cells, as a text layer's ruled table does.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .ocr import Line, Word

CELL_GAP = 1.0  # a gap wider than this many character heights parts two cells
_RULE = re.compile(r"^[|\[\]{}_=~¦]+$")  # ruling lines read as characters
_SPECK = re.compile(r"^[.,'`\"]+$")
_CONNECTORS = {"de", "du", "des", "et", "la", "le", "les", "l'", "d'", "à", "a", "en", "pour", "au", "aux", "sur", "ou"}


@dataclass
class Row:
    words: list[Word]
    size: float  # character height, pixels
    y: float  # middle, the skew undone
    cells: list[list[Word]] = field(default_factory=list)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def left(self) -> int:
        return self.words[0].left

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class PageLayout:
    rows: tuple[Row, ...]  # every row, in reading order
    tables: tuple[tuple[int, int, tuple[tuple[str, ...], ...]], ...]  # (first row, last row, cells)


def layout(lines: list[Line]) -> PageLayout:
    rows = _rows(lines)
    return PageLayout(rows=tuple(rows), tables=tuple(_tables(rows)))


def _noise(word: Word) -> bool:
    """A ruling line or a speck read as characters, or a few letters read in a signature's stroke."""
    if _RULE.match(word.text) or (_SPECK.match(word.text) and word.confidence < 60):
        return True
    return word.confidence < 25 and len(word.text) <= 3 and word.text.isalpha()


def _rows(lines: list[Line]) -> list[Row]:
    slopes = sorted(line.slope for line in lines if len(line.words) >= 3)
    slope = slopes[len(slopes) // 2] if slopes else 0.0

    def middle(word: Word) -> float:
        return (word.top + word.bottom) / 2 - slope * (word.left + word.right) / 2

    # The lines of one paragraph share its font: Tesseract's character height varies with the
    # letters a line holds (capitals, descenders), so a paragraph's close sizes are made one.
    by_paragraph: dict[int, list[float]] = {}
    for line in lines:
        by_paragraph.setdefault(line.paragraph, []).append(line.size)

    def size_of(line: Line) -> float:
        sizes = by_paragraph[line.paragraph]
        return max(sizes) if max(sizes) <= 1.25 * min(sizes) else line.size

    pieces = []
    for line in lines:
        words = [w for w in line.words if not _noise(w)]
        if words and _stroke(words):
            continue
        if words:
            pieces.append((sum(middle(w) for w in words) / len(words), size_of(line), words))
    pieces.sort(key=lambda p: p[0])
    rows: list[Row] = []
    for y, size, words in pieces:
        # Tesseract reads a table's columns as blocks of their own: a piece level with a row
        # and beside its words is part of it.
        target = next((row for row in reversed(rows[-4:])
                       if abs(row.y - y) < 0.5 * min(row.size, size)
                       and not any(w.left < v.right and v.left < w.right for w in words for v in row.words)), None)
        if target is None:
            rows.append(Row(words=sorted(words, key=lambda w: w.left), size=size, y=y))
        else:
            count = len(target.words)
            target.words = sorted(target.words + words, key=lambda w: w.left)
            target.y = (target.y * count + y * len(words)) / len(target.words)
            target.size = max(target.size, size)
    rows = _join_cut_amounts(rows)
    for row in rows:
        row.cells = _cells(row)
    return rows


def _stroke(words: list[Word]) -> bool:
    """A line of a few letters all read with little confidence: a signature, a stamp, a drawing."""
    return sum(w.confidence for w in words) < 35 * len(words) and not any(c.isdigit() for w in words for c in w.text)


_AMOUNT_END = re.compile(r"^\d{3}(?:[ .\u00a0]\d{3})*(?:,\d{1,2})?\s*(?:€|eur(?:os?)?)?\s*[.;]?$", re.IGNORECASE)
_AMOUNT_START = re.compile(r"(?:^|\s)\d{1,3}$")


def _join_cut_amounts(rows: list[Row]) -> list[Row]:
    """An amount cut by the end of its line ("… repas) 2" / "600 €"): the line that holds only the
    rest of it goes back to the end of the line above."""
    joined: list[Row] = []
    for row in rows:
        above = joined[-1] if joined else None
        if (above is not None and _AMOUNT_END.match(row.text) and _AMOUNT_START.search(above.text)
                and row.y - above.y < 2.0 * max(row.size, above.size)):
            above.words = above.words + row.words  # kept in reading order, not by position
            continue
        joined.append(row)
    return joined


def _cells(row: Row) -> list[list[Word]]:
    cells: list[list[Word]] = [[row.words[0]]]
    for previous, word in zip(row.words, row.words[1:]):
        if word.left - previous.right > CELL_GAP * row.size:
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


def _tables(rows: list[Row]) -> list[tuple[int, int, tuple[tuple[str, ...], ...]]]:
    """Runs of rows with two cells or more (a lone one-cell row inside, such as a group heading or a
    wrapped label, when the run goes on after it)."""
    def near(j: int) -> bool:
        return rows[j].y - rows[j - 1].y < 3.0 * max(rows[j].size, rows[j - 1].size)

    found = []
    i = 0
    while i < len(rows):
        if len(rows[i].cells) < 2:
            i += 1
            continue
        end = j = i
        while j + 1 < len(rows) and near(j + 1):
            if len(rows[j + 1].cells) >= 2:
                end = j = j + 1
            elif (j + 2 < len(rows) and len(rows[j + 2].cells) >= 2 and near(j + 2)
                  and rows[j + 1].size < 1.2 * rows[j + 2].size):  # not a heading between two tables
                j += 1
            else:
                break
        found += _split_tables(rows, i, end)
        i = end + 1
    return found


def _split_tables(rows: list[Row], start: int, end: int) -> list:
    """The run as one table, or else its parts between one-cell rows, each as a table."""
    table = _table(rows[start:end + 1])
    if table:
        return [(start, end, table)]
    found = []
    part = start
    for k in range(start, end + 2):
        if k > end or len(rows[k].cells) < 2:
            if k - 1 > part:
                table = _table(rows[part:k])
                if table:
                    found.append((part, k - 1, table))
            part = k + 1
    return found


def _table(rows: list[Row]) -> tuple[tuple[str, ...], ...] | None:
    """Rows of cells when the run's cells stand in columns; None for prose or a lone wide gap."""
    multi = [r for r in rows if len(r.cells) >= 2]
    if len(multi) < 2:
        return None
    counts = Counter(len(r.cells) for r in multi)
    columns = max(counts, key=lambda k: (counts[k], k))
    full = [r for r in multi if len(r.cells) == columns]
    bounds = []
    for j in range(columns - 1):
        rights = [max(w.right for w in r.cells[j]) for r in full]
        lefts = [r.cells[j + 1][0].left for r in full]
        if max(rights) < min(lefts):
            bounds.append((max(rights) + min(lefts)) / 2)
        else:
            rights.sort()
            lefts.sort()
            middle = (rights[len(rights) // 2] + lefts[len(lefts) // 2]) / 2
            # cells that cross the line between two columns: not columns
            if sum(1 for r in full if max(w.right for w in r.cells[j]) > middle or r.cells[j + 1][0].left < middle) * 3 > len(full):
                return None
            bounds.append(middle)
    table: list[list[str]] = []
    for row in rows:
        cells = [[] for _ in range(columns)]
        for word in row.words:
            centre = (word.left + word.right) / 2
            cells[sum(1 for b in bounds if centre > b)].append(word.text)
        texts = [" ".join(c) for c in cells]
        if table and _continues_above(table[-1], texts):
            table[-1] = [f"{a} {b}".strip() for a, b in zip(table[-1], texts)]
        else:
            table.append(texts)
    words = [len(c.split()) for r in table for c in r if c]
    if len(table) >= 4 and sum(words) / max(1, len(words)) > 9:
        return None  # two columns of prose, not a table
    used = [j for j in range(columns) if any(r[j] for r in table)]
    return tuple(tuple(r[j] for j in used) for r in table)


def _continues_above(above: list[str], texts: list[str]) -> bool:
    """A cell's text wrapped onto the next line: the line goes on from the one above in its first
    filled column (starts in lower case, or the cell above stopped on a comma, a hyphen or a 'de'),
    and fills no other column the line above filled."""
    filled = [j for j, t in enumerate(texts) if t]
    if not filled or not above[filled[0]]:
        return False
    if any(above[j] for j in filled[1:]):
        return False
    first, before = texts[filled[0]], above[filled[0]]
    last_word = before.rsplit(" ", 1)[-1].lower()
    return first[:1].islower() or before.endswith((",", "-", "(", "/")) or last_word in _CONNECTORS
