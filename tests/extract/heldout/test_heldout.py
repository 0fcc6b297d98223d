"""The held-out set keeps the product's targets: requirement F1, budget figures, partners, decision.

The proposals (builder.py, cases.py) are written independently of tests/extract/generator.py and of
the samples; their expected outcomes follow the export contract's definitions."""
from __future__ import annotations

import pytest

from config.call import load_call
from extract.layout import heading_keys, is_empty_text, items_of
from extract.text import read_body
from extract.textutil import fold
from extract.types import Block, Document

from .cases import build_cases
from .score import TARGETS, score


@pytest.fixture(scope="module")
def result():
    return score(build_cases())


@pytest.mark.parametrize("metric", sorted(TARGETS))
def test_heldout_target(result, metric):
    assert result[metric] >= TARGETS[metric], result


def test_heldout_set_is_varied():
    cases = build_cases()
    assert len(cases) >= 40
    assert {c.status for c in cases} == {"complete", "incomplete"}
    assert len({c.spec.fmt for c in cases}) >= 10


def test_table_of_contents_does_not_make_sections():
    blocks = [Block("Sommaire", order=1, heading_level=1)]
    blocks += [Block(t, order=i + 2) for i, t in enumerate(
        ["1. Contexte ........ 2", "2. Objectifs ........ 3", "3. Et après ? ........ 5", "4. Budget 6"])]
    blocks += [Block("Contexte", order=10, heading_level=1), Block("Un texte de contexte réel.", order=11)]
    kept = [b.text for b in items_of(Document(name="x", status="ok", blocks=tuple(blocks)))]
    assert "3. Et après ? ........ 5" not in kept and "Contexte" in kept


def test_template_instructions_and_not_concerned_are_not_answers():
    call = load_call()
    assert is_empty_text("Décrivez ici le contexte de votre projet (une demi-page maximum).", call)
    assert is_empty_text("[Précisez les publics visés.]", call)
    assert is_empty_text("Non concerné.", call)
    assert is_empty_text("Sans objet pour ce projet.", call)
    assert not is_empty_text("Décrire le travail réel est au cœur de la démarche : nous observerons les équipes.", call)


def test_a_complement_does_not_name_another_element():
    call = load_call()
    synonyms = call.heading_synonyms
    assert heading_keys(fold("Contexte et origine de la démarche"), synonyms) == ["description.contexte"]
    assert heading_keys(fold("Pérennité de la démarche"), synonyms) == ["description.perennisation"]
    assert set(heading_keys(fold("Méthodologie et calendrier"), synonyms)) == {
        "description.methodologie", "description.phasage"}


def test_signature_after_closing_formula_is_not_content():
    body = read_body("Bonjour,\n\nPartenaires : l'Aract Bretagne.\n\nBien cordialement,\nJulien Ferrand | Associé\n", None)
    assert not body.tables
