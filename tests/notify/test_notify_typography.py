"""French typography in every answer, text and HTML: narrow no-break spaces before « : ; ? ! »
and inside guillemets, curly apostrophes, no-break spaces inside dates and amounts."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from notify.typography import MONTHS, NBSP, NNBSP, french, french_html
from tests.notify.answershelp import every_answer, parts

_MONTH = "|".join(MONTHS)


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_data(self, data):
        self.chunks.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "".join(parser.chunks)


def faults(text: str) -> list[str]:
    """Every place where the text breaks French typography, with its surroundings."""
    found = []

    def at(match, what):
        found.append(f"{what}: {text[max(match.start() - 25, 0):match.end() + 25]!r}")

    for m in re.finditer(r"'", text):
        at(m, "straight apostrophe")
    for m in re.finditer(r'"', text):
        at(m, "straight quotes")
    for m in re.finditer(r"(?<![?!])[;:!?]", text):
        if text[m.start() - 1:m.start()] != NNBSP and text[m.end():m.end() + 1] in ("", " ", "\r", "\n", NBSP, NNBSP):
            at(m, f"no narrow no-break space before {m.group()!r}")
    for m in re.finditer("«", text):
        if text[m.end():m.end() + 1] != NNBSP:
            at(m, "no narrow no-break space after «")
    for m in re.finditer("»", text):
        if text[m.start() - 1:m.start()] != NNBSP:
            at(m, "no narrow no-break space before »")
    for m in re.finditer(rf"\b(?:\d{{1,2}}|1er)[ {NNBSP}](?:{_MONTH})\b|\b(?:{_MONTH})[ {NNBSP}]\d{{4}}\b", text):
        at(m, "breakable space in a date")
    for m in re.finditer(rf"\d[ {NNBSP}]?[€%]|\d \d{{3}}\b", text):
        at(m, "breakable space in an amount")
    return found


def test_every_answer_text_and_html_is_set_in_french_typography(session, make, call, settings):
    """Before: "Documents reçus :", « Développer… » with plain spaces, "reçue le 10 août 2022" breakable."""
    rows = every_answer(session, make, call, settings)
    assert len(rows) == 8
    for name, row in rows.items():
        text, html = parts(row)
        assert faults(text) == [], (name, "text")
        assert faults(visible(html)) == [], (name, "html")
        assert f"«{NNBSP}" in text and f"«{NNBSP}" in html and f"{NNBSP}:" in text, name  # set, not stripped


@pytest.mark.parametrize("raw, set_", [
    ("Documents reçus :", f"Documents reçus{NNBSP}:"),
    ("Et ensuite ?", f"Et ensuite{NNBSP}?"),
    ("l'appel « Développer »", f"l’appel «{NNBSP}Développer{NNBSP}»"),
    ('le projet "Planif" ; la suite !', f"le projet «{NNBSP}Planif{NNBSP}»{NNBSP}; la suite{NNBSP}!"),
    ("le 1er septembre 2022", f"le 1er{NBSP}septembre{NBSP}2022"),
    ("demande : 80 000 € soit 20 %", f"demande{NNBSP}: 80{NNBSP}000{NBSP}€ soit 20{NBSP}%"),
    ("à 10:30, réf. FCTO-2022-0001", "à 10:30, réf. FCTO-2022-0001"),  # a time, a reference: as they are
])
def test_french_typography(raw, set_):
    assert french(raw) == set_ and french(set_) == set_


def test_html_typography_leaves_tags_css_and_escapes_alone():
    html = '<p style="margin:0;padding:0">Objet : l&#39;outil &lt;b&gt; &amp; « x »</p>'
    assert french_html(html) == (f'<p style="margin:0;padding:0">Objet{NNBSP}: l’outil &lt;b&gt; &amp; '
                                 f'«{NNBSP}x{NNBSP}»</p>')
