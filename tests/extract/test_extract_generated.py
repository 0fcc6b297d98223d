"""Generated proposals: many wordings x layouts x formats, expected findings known by construction."""
from __future__ import annotations

import pytest

from config.call import load_call
from extract.documents import read_document
from extract.find import analyse
from extract.text import read_body
from extract.textutil import fold
from extracthelp import to_docx, to_html, to_pdf, to_text, to_xlsx
from generator import generate

SEEDS = range(int(__import__("os").environ.get("EXTRACT_SEEDS", "60")))


@pytest.fixture(scope="module")
def call():
    return load_call()


def render(case):
    if case.fmt == "docx":
        return read_document(to_docx(case.outline, case.heading_style), "projet.docx", None)
    if case.fmt.startswith("pdf"):
        # reportlab's standard fonts have no narrow no-break space glyph: write a no-break space.
        outline = [tuple(_nbsp(x) for x in element) for element in case.outline]
        return read_document(to_pdf(outline, ruled_tables=case.fmt == "pdf"), "projet.pdf", None)
    if case.fmt == "text":
        return read_body(to_text(case.outline, headings=case.text_headings), None)
    return read_body(None, to_html(case.outline))


def documents(case):
    result = [render(case)]
    for kind, payload in case.extra_documents:
        result.append(read_body("Voici le budget corrigé.", None))
        result.append(read_document(to_xlsx(payload), "budget corrigé.xlsx", None))
    return result


def _nbsp(value):
    if isinstance(value, str):
        return value.replace("\u202f", "\u00a0")
    if isinstance(value, list):
        return [_nbsp(v) for v in value]
    return value


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_proposal(call, seed):
    case = generate(seed)
    analysis = analyse(documents(case), call)
    problems = []
    missing = [k for k, v in analysis.requirements.items() if v is None]
    if missing != case.expected_missing:
        problems.append(f"missing {missing} != {case.expected_missing}")
    budget = analysis.budget
    if budget.total_eur != case.total:
        problems.append(f"total {budget.total_eur} != {case.total}")
    if budget.anact_request_eur != case.anact:
        problems.append(f"anact {budget.anact_request_eur} != {case.anact}")
    if budget.cofinancing_eur != case.cofinancing:
        problems.append(f"cofinancing {budget.cofinancing_eur} != {case.cofinancing}")
    if budget.by_category != case.by_category:
        problems.append(f"by_category {budget.by_category} != {case.by_category}")
    if [fold(p.name) for p in analysis.partners] != [fold(n) for n in case.partners]:
        problems.append(f"partners {[p.name for p in analysis.partners]} != {case.partners}")
    end = analysis.project_end.isoformat() if analysis.project_end else None
    if case.end and end != case.end:
        problems.append(f"end {end} != {case.end}")
    assert not problems, (case.fmt, case.heading_style, case.text_headings, problems)
