"""A small evaluator for spreadsheet formulas whose cached value is missing (files written by
tools that never computed them): numbers, cell references, + - * /, parentheses, SUM/SOMME."""
from __future__ import annotations

import re

from openpyxl.utils import column_index_from_string, range_boundaries

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:[.,]\d+)?)|(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)|"
                    r"(?P<ref>\$?[A-Z]{1,3}\$?\d+)|(?P<func>(?:SUM|SOMME)\()|(?P<op>[-+*/(),;]))")
MAX_DEPTH = 20


class FormulaError(ValueError):
    pass


def evaluate_formula(formula: str, cells, depth: int = 0) -> float | None:
    """Value of "=..." given `cells(row, col)` -> raw cell value; None when not computable."""
    try:
        return _Parser(formula.lstrip("="), cells, depth).parse()
    except (FormulaError, ZeroDivisionError, ValueError, RecursionError):
        return None


class _Parser:
    def __init__(self, text: str, cells, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise FormulaError("too deep")
        self.tokens = self._tokenize(text.upper())
        self.position = 0
        self.cells = cells
        self.depth = depth

    @staticmethod
    def _tokenize(text: str) -> list[tuple[str, str]]:
        tokens = []
        position = 0
        while position < len(text):
            if text[position:].strip() == "":
                break
            m = _TOKEN.match(text, position)
            if not m:
                raise FormulaError(f"unsupported formula near {text[position:position + 10]!r}")
            kind = m.lastgroup
            tokens.append((kind, m.group(kind)))
            position = m.end()
        return tokens

    def parse(self) -> float:
        value = self.expression()
        if self.position != len(self.tokens):
            raise FormulaError("trailing tokens")
        return value

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.position += 1
        return token

    def expression(self) -> float:
        value = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            value = value + self.term() if op == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.factor()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            right = self.factor()
            value = value * right if op == "*" else value / right
        return value

    def factor(self) -> float:
        kind, text = self.take()
        if kind == "op" and text == "-":
            return -self.factor()
        if kind == "op" and text == "+":
            return self.factor()
        if kind == "num":
            return float(text.replace(",", "."))
        if kind == "ref":
            return self.cell_value(text)
        if kind == "op" and text == "(":
            value = self.expression()
            if self.take()[1] != ")":
                raise FormulaError("missing )")
            return value
        if kind == "func":
            total = 0.0
            while True:
                kind, text = self.peek()
                if kind == "range":
                    self.take()
                    min_col, min_row, max_col, max_row = range_boundaries(text.replace("$", ""))
                    if (max_row - min_row + 1) * (max_col - min_col + 1) > 10_000:
                        raise FormulaError("range too large")
                    for row in range(min_row, max_row + 1):
                        for col in range(min_col, max_col + 1):
                            total += self.cell_value_at(row, col, lenient=True)
                else:
                    total += self.expression()
                separator = self.take()[1]
                if separator == ")":
                    return total
                if separator not in (",", ";"):
                    raise FormulaError("bad argument list")
        raise FormulaError(f"unexpected {text!r}")

    def cell_value(self, ref: str) -> float:
        m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", ref)
        return self.cell_value_at(int(m.group(2)), column_index_from_string(m.group(1)))

    def cell_value_at(self, row: int, col: int, lenient: bool = False) -> float:
        value = self.cells(row, col)
        if value is None or value == "":
            return 0.0
        if isinstance(value, bool):
            return float(value)
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str) and value.startswith("="):
            result = evaluate_formula(value, self.cells, self.depth + 1)
            if result is None:
                raise FormulaError("uncomputable reference")
            return result
        if lenient:
            return 0.0
        raise FormulaError("text in arithmetic")
