"""Golden tests: the development samples against truth.json, and the public corpus without a crash."""
from __future__ import annotations

import pytest

from config.call import load_call
from extract.documents import read_document
from extract.evaluate import evaluate
from extract.find import analyse
from extracthelp import CORPUS, SAMPLES, compare_with_truth, sample_dossiers


@pytest.fixture(scope="module")
def dossiers():
    if not (SAMPLES / "truth.json").exists():
        pytest.skip(f"development samples not found at {SAMPLES}")
    return sample_dossiers()


def test_every_sample_dossier_matches_truth(dossiers):
    call = load_call()
    problems = {}
    for dossier, documents, received in dossiers:
        analysis = analyse(documents, call)
        evaluation = evaluate(analysis, call, received)
        found = compare_with_truth(dossier, analysis, evaluation)
        if found:
            problems[dossier["id"]] = found
    assert not problems, problems


def test_sample_attachments_read_ok(dossiers):
    for dossier, documents, _ in dossiers:
        for document in documents:
            assert document.status == "ok", (dossier["id"], document.name, document.reason)


def test_sample_sources_name_their_attachment(dossiers):
    call = load_call()
    for dossier, documents, _ in dossiers:
        analysis = analyse(documents, call)
        names = {d.name for d in documents}
        for key, source in analysis.requirements.items():
            if source is not None:
                assert source.attachment in names, (dossier["id"], key)
                assert len(source.excerpt) <= 200


def _corpus_files():
    if not CORPUS.exists():
        return []
    return sorted(p for p in CORPUS.glob("doc-*/**/*") if p.is_file() and p.name != "SOURCE.md")


@pytest.mark.skipif(not CORPUS.exists(), reason=f"public corpus not found at {CORPUS}")
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_public_corpus_document_never_raises(path):
    document = read_document(path.read_bytes(), path.name, None)
    assert document.status in {"ok", "unreadable", "encrypted", "unsupported", "error"}
    if document.status != "ok":
        assert document.reason
    if path.suffix == ".zip":
        assert document.status == "unsupported"
    if "empty-password" in path.name:
        assert document.status == "ok"  # encrypted, but opens without a password
    elif "password" in path.name or "encrypted-file" in path.name:
        assert document.status == "encrypted"
    if path.suffix == ".odt":
        assert document.format == "odt" and document.status in ("ok", "error")  # read, or refused (entities)
    call = load_call()
    analyse([document], call)  # whatever a document holds, analysis does not raise either
