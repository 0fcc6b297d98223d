"""read_documents_isolated(): time and memory limits per document, and a pool that recovers."""
from __future__ import annotations

import os
import time

import pytest

import extract.documents as documents
from extract.isolate import read_documents_isolated
from extract.types import Document
from extracthelp import to_docx
from scenarios import SYNONYMS

real_read = documents.read_document


def misbehaving_read(data, filename, content_type):
    if filename == "slow.pdf":
        time.sleep(30)
    if filename == "crash.pdf":
        os._exit(3)
    if filename == "hog.pdf":
        hog = bytearray(2 * 1024 * 1024 * 1024)  # beyond the limit: MemoryError in the worker
        return Document(name=filename, status="ok", pages=len(hog))
    return real_read(data, filename, content_type)


@pytest.fixture
def misbehaving(monkeypatch):
    # Workers are forked: they see the patched reader.
    monkeypatch.setattr(documents, "read_document", misbehaving_read)


def test_results_in_order_and_same_as_inline():
    docx = to_docx(SYNONYMS)
    items = [(docx, "a.docx", None), (b"{\\rtf1}", "b.rtf", None), (docx, "c.docx", None)]
    result = read_documents_isolated(items, timeout_s=20, memory_mb=2048)
    assert [d.name for d in result] == ["a.docx", "b.rtf", "c.docx"]
    assert [d.status for d in result] == ["ok", "unsupported", "ok"]
    assert result[0] == documents.read_document(docx, "a.docx", None)


def test_timeout_crash_and_memory_are_contained(misbehaving):
    docx = to_docx(SYNONYMS)
    items = [(b"x", "slow.pdf", None), (docx, "ok1.docx", None), (b"x", "crash.pdf", None),
             (b"x", "hog.pdf", None), (docx, "ok2.docx", None)]
    start = time.monotonic()
    result = read_documents_isolated(items, timeout_s=2, memory_mb=1024, workers=2)
    assert time.monotonic() - start < 15
    by_name = {d.name: d for d in result}
    assert by_name["slow.pdf"].status == "error" and "délai d'extraction dépassé (2 s)" in by_name["slow.pdf"].reason
    assert by_name["crash.pdf"].status == "error" and by_name["crash.pdf"].reason
    assert by_name["hog.pdf"].status == "error" and "mémoire" in by_name["hog.pdf"].reason
    assert by_name["ok1.docx"].status == "ok" and by_name["ok2.docx"].status == "ok"


def test_empty_list():
    assert read_documents_isolated([], timeout_s=1, memory_mb=512) == []
