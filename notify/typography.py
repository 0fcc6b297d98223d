"""French typography of what applicants read, applied to the rendered answer (text, and the text
of the HTML part between its tags), so that templates, the call's wordings and the applicant's own
words (a title, a file name) all come out alike:

    a narrow no-break space (U+202F) before « : ; ? ! » and inside guillemets « … »;
    curly apostrophes (’), and guillemets for straight double quotes in pairs;
    a no-break space (U+00A0) inside a date (« 2 septembre 2022 »), before « € » and « % »,
    and a narrow one between the thousands of an amount (« 80 000 € »).

A colon or a semicolon with no space after it (« 10:30 », an entity « &amp; ») is left alone.
"""
from __future__ import annotations

import html
import re

NNBSP, NBSP = "\u202f", "\u00a0"
_SPACES = f" \t{NBSP}{NNBSP}"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
_MONTH = "(?:" + "|".join(MONTHS) + ")"

# a mark after a word, a digit or a closing sign (the run « ?! » as one), then a space or the end
_HIGH_MARK = re.compile(rf"(?<=[^\s{NBSP}{NNBSP}(\[«])[{_SPACES}]*([;:!?]+)(?=[\s)\].,»]|$)")
_SPACED_MARK = re.compile(rf"(?<=[^\s{NBSP}{NNBSP}(\[«])[{_SPACES}]+([;:!?]+)")  # after a space, whatever follows
_LEADING_MARK = re.compile(rf"^[{_SPACES}]+([;:!?]+)")  # after an element (« <strong>2 mai</strong> ; »)
_OPEN = re.compile(rf"«[{_SPACES}]*")
_CLOSE = re.compile(rf"[{_SPACES}]*»")
_PAIRED_QUOTES = re.compile(r'"([^"\n]{1,300})"')
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}|1er)[ {NNBSP}]+(?={_MONTH}\b)", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})[ {NNBSP}]+(?=\d{{4}}\b)", re.IGNORECASE)
_UNIT = re.compile(rf"(\d)[ {NNBSP}]+(?=[€%])")
_THOUSANDS = re.compile(rf"(?<![\d,.])(\d{{1,3}})((?:[ {NBSP}]\d{{3}})+)(?!\d)")


def _thousands(match: re.Match) -> str:
    return match.group(1) + re.sub(f"[ {NBSP}]", NNBSP, match.group(2))


def french(text: str) -> str:
    """Plain text set in French typography (idempotent)."""
    if not text:
        return text
    text = text.replace("'", "’").replace("...", "…")
    text = _PAIRED_QUOTES.sub(lambda m: f"«{NNBSP}{m.group(1).strip()}{NNBSP}»", text)
    text = _OPEN.sub("«" + NNBSP, text)
    text = _CLOSE.sub(NNBSP + "»", text)
    text = _LEADING_MARK.sub(lambda m: NNBSP + m.group(1), text)
    text = _SPACED_MARK.sub(lambda m: NNBSP + m.group(1), text)
    text = _HIGH_MARK.sub(lambda m: NNBSP + m.group(1), text)
    text = _DAY_MONTH.sub(lambda m: m.group(1) + NBSP, text)
    text = _MONTH_YEAR.sub(lambda m: m.group(1) + NBSP, text)
    text = _THOUSANDS.sub(_thousands, text)
    text = _UNIT.sub(lambda m: m.group(1) + NBSP, text)
    return text


_TEXT_NODE = re.compile(r">([^<]+)<")


def french_html(document: str) -> str:
    """The text between the tags of an HTML document set in French typography; tags, attributes
    (inline CSS) and escaping untouched."""
    def node(match: re.Match) -> str:
        return ">" + html.escape(french(html.unescape(match.group(1))), quote=False) + "<"

    return _TEXT_NODE.sub(node, document)
