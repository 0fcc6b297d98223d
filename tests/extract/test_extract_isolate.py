"""extract.isolate: the worker pool's time and memory limits per task, and a pool that recovers."""
from __future__ import annotations

import time

import extract.documents as documents
from extract.isolate import WorkerPool, failed_document, read_documents_isolated
from extracthelp import to_docx
from scenarios import SYNONYMS

MISBEHAVING = "tests.extract.misbehave:read"


def test_results_in_order_and_same_as_inline():
    docx = to_docx(SYNONYMS)
    items = [(docx, "a.docx", None), (b"\x00\x01binary", "b.bin", None), (docx, "c.docx", None)]
    result = read_documents_isolated(items, timeout_s=20, memory_mb=2048)
    assert [d.name for d in result] == ["a.docx", "b.bin", "c.docx"]
    assert [d.status for d in result] == ["ok", "unsupported", "ok"]
    assert result[0] == documents.read_document(docx, "a.docx", None)


def test_timeout_crash_memory_and_errors_are_contained():
    docx = to_docx(SYNONYMS)
    names = ["slow.pdf", "ok1.docx", "crash.pdf", "hog.pdf", "raises.pdf", "ok2.docx"]
    start = time.monotonic()
    with WorkerPool(2, 1024, 2.0) as pool:
        futures = [pool.submit(MISBEHAVING, (b"x" if n.endswith(".pdf") else docx, n, None), failed_document(n))
                   for n in names]
        by_name = {d.name: d for d in (f.result(timeout=60) for f in futures)}
        assert pool.read([(docx, "after.docx", None)])[0].status == "ok" and pool.usable
    assert time.monotonic() - start < 15
    assert by_name["slow.pdf"].status == "error" and "délai d'extraction dépassé (2 s)" in by_name["slow.pdf"].reason
    assert by_name["crash.pdf"].status == "error" and "arrêt du lecteur" in by_name["crash.pdf"].reason
    assert by_name["hog.pdf"].status == "error" and "mémoire" in by_name["hog.pdf"].reason
    assert by_name["raises.pdf"].status == "error" and "lecteur en échec" in by_name["raises.pdf"].reason
    assert by_name["ok1.docx"].status == "ok" and by_name["ok2.docx"].status == "ok"


def test_empty_list():
    assert read_documents_isolated([], timeout_s=1, memory_mb=512) == []
