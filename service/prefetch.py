"""Both cores on a backlog: the pure steps of the next messages (parse → read their documents →
analyse them) run in the extraction workers (extract.isolate.WorkerPool, with its time and
memory limits) while this process stores the current one.

One pool per process, shared by every Runtime, started on first use. Two kinds of task:
- `prepare(path)`: the archived message read, parsed, its documents and body read and analysed
  together, as the pipeline would. Best effort: None on any failure, and the pipeline then runs
  the ordinary path (documents read one by one, each with its own limits) and records the reason.
- `read(items)`: documents read one by one, each with its own limits.
"""
from __future__ import annotations

import atexit
import threading
from concurrent.futures import Future
from dataclasses import dataclass

from extract.isolate import READERS, WorkerPool
from extract.types import Analysis, Document

PRELOAD = READERS + ("extract.find", "ingest.parse", "service.prefetch")


@dataclass
class Prepared:
    mail: object  # ingest.parse.ParsedMail
    body: Document
    documents: dict  # sha256 -> Document, every document attachment (ingest.classify.is_document)
    analysis: Analysis | None  # of [body] + documents in attachment order, as pipeline._documents lists them


# --- the worker side ------------------------------------------------------------------------

def prepare_message(path: str, limits: tuple[int, int, int], call_name: str) -> Prepared:
    from config.call import load_call
    from extract.documents import read_document
    from extract.find import analyse
    from extract.text import read_body
    from ingest.classify import is_document
    from ingest.parse import Limits, parse_message

    with open(path, "rb") as fh:
        raw = fh.read()
    mail = parse_message(raw, Limits(*limits))
    del raw
    body = read_body(mail.text, mail.html)
    documents: dict[str, Document] = {}
    docs = [body]
    renamed = False
    for att in mail.attachments:
        if not is_document(att.filename, att.content_type, att.inline):
            continue
        doc = documents.get(att.sha256)
        if doc is None:
            doc = documents[att.sha256] = read_document(att.data, att.filename, att.content_type)
        renamed = renamed or doc.name != att.filename
        docs.append(doc)
    analysis = None if renamed else analyse(docs, _call(call_name, load_call))
    return Prepared(mail=mail, body=body, documents=documents, analysis=analysis)


_CALLS: dict = {}


def _call(name: str, load):
    if name not in _CALLS:
        _CALLS[name] = load(name)
    return _CALLS[name]


# --- the service side -------------------------------------------------------------------------

def _none(_reason: str) -> None:
    return None


class ExtractionPool(WorkerPool):
    def __init__(self, workers: int, memory_mb: int, timeout_s: float):
        super().__init__(workers, memory_mb, timeout_s, preload=PRELOAD)

    def prepare(self, path: str, limits: tuple[int, int, int], call_name: str) -> Future:
        """A Future of the message's Prepared, or of None if anything failed."""
        return self.submit("service.prefetch:prepare_message", (path, limits, call_name), _none,
                           timeout=self.timeout_s * 2, pipelined=True)


_POOL: ExtractionPool | None = None
_POOL_KEY: tuple | None = None
_POOL_LOCK = threading.Lock()


def pool_of(rt) -> ExtractionPool:
    """The process's pool for the Runtime's limits: one per process (every Runtime of a process
    shares it), started on first use, started again after a fork or when the limits change."""
    global _POOL, _POOL_KEY
    st = rt.settings
    key = (st.extraction_workers, st.extraction_memory_mb, st.extraction_timeout)
    with _POOL_LOCK:
        if _POOL is None or not _POOL.usable or _POOL_KEY != key:
            old, _POOL = _POOL, None
            if old is not None and old.usable:
                old.close()
            _POOL, _POOL_KEY = ExtractionPool(*key), key
        return _POOL


def close_pool() -> None:
    global _POOL
    with _POOL_LOCK:
        pool, _POOL = _POOL, None
    if pool is not None and pool.usable:
        pool.close()


atexit.register(close_pool)
