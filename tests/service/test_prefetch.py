"""The service's extraction workers (service/prefetch.py on extract.isolate.WorkerPool): same
results as reading in place, and the pool's limits (a worker that dies or overruns is replaced,
the task fails)."""
from __future__ import annotations

import os
import signal
import time

import pytest

from extract.documents import read_document
from extract.find import analyse
from config.call import load_call
from ingest.parse import parse_message
from extract.isolate import READ, failed_document
from extract.types import Block, Document
from service.prefetch import AnalysisFailed, AnalysisPool, ExtractionPool

PDF = b"%PDF-1.4\nnot really a pdf\n"


@pytest.fixture
def pool():
    p = ExtractionPool(2, 1024, 2.0)
    yield p
    p.close()


def _mail():
    from benchmarks.load import build_submission

    return build_submission(4, seed=31, kind="pdf+xlsx")


def test_read_gives_what_read_document_gives(pool):
    atts = parse_message(_mail()).attachments
    items = [(a.data, a.filename, a.content_type) for a in atts] + [(PDF, "cassé.pdf", None)]
    assert pool.read(items) == [read_document(*item) for item in items]


def test_prepare_parses_and_reads_an_archived_message(pool, tmp_path):
    path = tmp_path / "m.eml"
    path.write_bytes(_mail())
    prepared = pool.prepare(str(path), (40, 3, 10**8)).result(timeout=30)
    mail = parse_message(path.read_bytes())
    # the mail without its attachments' bytes: read in the worker, never sent back to the service
    assert prepared.mail.subject == mail.subject and prepared.mail.text == mail.text
    assert [(a.filename, a.sha256, a.size, a.data) for a in prepared.mail.attachments] == [
        (a.filename, a.sha256, len(a.data), b"") for a in mail.attachments]
    assert [prepared.documents[a.sha256] for a in mail.attachments] == [read_document(a.data, a.filename, a.content_type)
                                                                        for a in mail.attachments]
    assert "FileNotFoundError" in pool.prepare(str(tmp_path / "absent.eml"), (40, 3, 10**8)).result().reason


def test_the_analyst_gives_what_analyse_gives_and_says_when_a_limit_broke(tmp_path):
    """Analysis runs in its own process, under the pool's limits: a text too long to analyse in
    time fails with a reason and the next analysis goes on."""
    mail = parse_message(_mail())
    docs = [read_document(a.data, a.filename, a.content_type) for a in mail.attachments]
    analyst = AnalysisPool(1024, 20.0)
    try:
        assert analyst.analyse(docs, load_call()) == analyse(docs, load_call())
        flood = Document(name="inondation.docx", status="ok", blocks=tuple(
            Block(text=f"Partenaire {i} : l'Association Numéro {i} de la Région apportera son appui.", order=i)
            for i in range(12_000)))
        with pytest.raises(AnalysisFailed, match="délai"):
            analyst.analyse([flood], load_call())
        assert analyst.analyse(docs, load_call()) == analyse(docs, load_call())
    finally:
        analyst.close()


def test_a_killed_worker_is_replaced_and_its_task_fails(pool):
    data = parse_message(_mail()).attachments[0]
    futures = [pool.submit(READ, (data.data, data.filename, data.content_type), failed_document(data.filename))
               for _ in range(4)]
    os.kill(pool._slots[0].process.pid, signal.SIGKILL)
    results = [f.result(timeout=30) for f in futures]
    assert all(r is not None for r in results)
    assert any(r.status == "ok" for r in results)
    assert pool.read([(PDF, "x.pdf", None)])[0].status == "error" and pool.usable


def test_a_task_over_its_time_fails_and_the_next_ones_go_on(tmp_path):
    fifo = tmp_path / "blocks"
    os.mkfifo(fifo)  # opening it for reading waits forever
    p = ExtractionPool(1, 1024, 0.5)
    try:
        started = time.monotonic()
        stuck = p.prepare(str(fifo), (40, 3, 10**8))
        after = p.prepare(str(tmp_path / "absent.eml"), (40, 3, 10**8))
        assert "délai" in stuck.result(timeout=30).reason and time.monotonic() - started < 10
        assert "FileNotFoundError" in after.result(timeout=30).reason
        assert p.read([(PDF, "x.pdf", None)])[0].status == "error"
    finally:
        p.close()


def test_messages_wait_for_the_next_cycle_when_no_worker_can_start(tmp_settings, monkeypatch):
    """No process can be started (here: the interpreter is missing): the message stays archived,
    nothing is marked failed, and the next cycle processes it."""
    from service.accept import accept_raw
    from service.pipeline import process_pending
    from service.prefetch import close_pool
    from service.runtime import open_runtime
    from store.models import Message
    from sqlmodel import Session, select

    rt = open_runtime(tmp_settings)
    accept_raw(rt.engine, tmp_settings, _mail())
    close_pool()
    monkeypatch.setattr("sys.executable", "/nonexistent/python3")
    report = process_pending(rt)
    assert (report.processed, report.failed, report.deferred) == (0, 0, 1)
    with Session(rt.engine) as s:
        assert s.exec(select(Message.state)).one() == "archived"
    monkeypatch.undo()
    report = process_pending(rt)
    close_pool()
    assert (report.processed, report.failed, report.deferred) == (1, 0, 0)
    with Session(rt.engine) as s:
        assert s.exec(select(Message.state)).one() == "processed"
