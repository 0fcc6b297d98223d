"""The pure steps of a message run in worker processes (extract.isolate.WorkerPool, each task with
its time and memory limits), never in this one:

- readers (FABRIQUE_EXTRACTION_WORKERS of them): `prepare(path)` parses an archived message and
  reads its body and document attachments, ahead of its turn so both cores work on a backlog;
  when that breaks a limit, the pipeline asks again for the parse alone and reads the documents
  one by one (`read(items)`), each with its own limits, to say which one broke it.
- one analyst: `analyse(documents, call)` finds what a dossier's documents say (extract.find). It
  holds the partner finder's named-entity model, loaded once (`warm()`: as soon as there is work,
  while the readers prepare the first messages); readers stay light, cheap to replace after a
  document broke their limits. `ahead(documents, call)` analyses a prepared message's own
  documents before its turn (what a new dossier's matching and evaluation ask for); a request
  someone waits for goes before those.

One pool of each kind per process, shared by every Runtime, started on first use.
"""
from __future__ import annotations

import atexit
import threading
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from pathlib import Path

from extract.isolate import READERS, WorkerPool, WorkersUnavailable
from extract.types import Analysis, Document

PRELOAD = READERS + ("ingest.parse", "service.prefetch")
# The partner finder's named-entity model is loaded by the analyst on first need (many dossiers
# never need it; a short command or test should not pay ~4 s for it).
ANALYST_PRELOAD = ("extract.find", "service.prefetch")


@dataclass
class Prepared:
    mail: object  # ingest.parse.ParsedMail
    body: Document
    documents: dict  # sha256 -> Document, every document attachment (ingest.classify.is_document)


class AnalysisFailed(RuntimeError):
    """The analysis of a dossier's documents broke its time or memory limit."""


# --- the worker side ------------------------------------------------------------------------

def prepare_message(path: str, limits: tuple[int, int, int], read: bool = True) -> Prepared:
    """The archived message parsed, its body read and (`read`) its document attachments read.
    The mail comes back without its attachments' bytes: the service never holds them."""
    from dataclasses import replace

    from extract.documents import read_document
    from extract.text import read_body
    from ingest.classify import is_document
    from ingest.parse import Limits, parse_message

    with open(path, "rb") as fh:
        raw = fh.read()
    mail = parse_message(raw, Limits(*limits))
    del raw
    body = read_body(*mail.body())  # its own text: an attached message's is a document of its own
    documents: dict[str, Document] = {}
    for att in mail.attachments if read else ():
        if is_document(att.filename, att.content_type, att.inline) and att.sha256 not in documents:
            documents[att.sha256] = read_document(att.data, att.filename, att.content_type)
    mail = replace(mail, attachments=tuple(a.without_data() for a in mail.attachments))
    return Prepared(mail=mail, body=body, documents=documents)


def read_attachment(path: str, limits: tuple[int, int, int], sha256: str) -> Document:
    """One document attachment of an archived message, read alone (under its own limits)."""
    from extract.documents import read_document
    from ingest.parse import Limits, parse_message

    with open(path, "rb") as fh:
        mail = parse_message(fh.read(), Limits(*limits))
    att = next(a for a in mail.attachments if a.sha256 == sha256)
    return read_document(att.data, att.filename, att.content_type)


def analyse_documents(documents: list[Document], call_name: str, call_dir: str) -> Analysis:
    from config.call import load_call
    from extract.find import analyse

    key = (call_name, call_dir)
    if key not in _CALLS:
        _CALLS[key] = load_call(call_name, Path(call_dir))
    return analyse(documents, _CALLS[key])


_CALLS: dict = {}


def load_model() -> bool:
    """The partner finder's named-entity model loaded in this process (the analyst's warm-up)."""
    from extract.entities import entities, loaded

    entities(["Le Réseau Anact-Aract accompagne les entreprises."])
    return loaded()


# --- the service side -------------------------------------------------------------------------

@dataclass(frozen=True)
class Failure:
    """What a worker said when a task failed (an exception's text, a broken limit)."""

    reason: str


class ExtractionPool(WorkerPool):
    def __init__(self, workers: int, memory_mb: int, timeout_s: float):
        super().__init__(workers, memory_mb, timeout_s, preload=PRELOAD)

    def prepare(self, path: str, limits: tuple[int, int, int], read: bool = True) -> Future:
        """A Future of the message's Prepared, or of a Failure saying why it could not be."""
        return self.submit("service.prefetch:prepare_message", (path, limits, read), Failure,
                           timeout=self.timeout_s * 2, pipelined=True)


    def read_from(self, path: str, limits: tuple[int, int, int], shas: list[str]) -> list[Document]:
        """Document attachments of an archived message, each read by its own task (its own limits)."""
        from extract.isolate import failed_document

        futures = [self.submit("service.prefetch:read_attachment", (path, limits, sha), failed_document(None))
                   for sha in shas]
        try:
            return [f.result() for f in futures]
        except CancelledError as exc:  # the pool closed meanwhile (no worker could start again)
            raise WorkersUnavailable("lecteurs arrêtés pendant la lecture") from exc


# The analyst grows by the named-entity model (~130 MB) the first time a dossier needs it: it is
# replaced only past that, not after every task that loaded it.
ANALYST_GROWTH_MB = 220


class AnalysisPool(WorkerPool):
    def __init__(self, memory_mb: int, timeout_s: float, workers: int = 1):
        super().__init__(workers, memory_mb, timeout_s, preload=ANALYST_PRELOAD, growth_mb=ANALYST_GROWTH_MB)

    def warm(self) -> Future:
        """Load the named-entity model now, in each analyst (its first analysis then finds it):
        as many tasks as analysts; each holds its analyst for the seconds the model takes, so the
        next goes to an idle one."""
        futures = [self.submit("service.prefetch:load_model", (), Failure) for _ in range(len(self._slots))]
        return futures[-1]

    def ahead(self, documents: list[Document], call) -> Future:
        """A Future of the analysis (or a Failure), queued after what is asked already."""
        return self.submit("service.prefetch:analyse_documents",
                           (list(documents), call.name, str(Path(call.source).parent)), Failure)

    def analyse(self, documents: list[Document], call, future: Future | None = None) -> Analysis:
        """extract.find.analyse in the analyst; AnalysisFailed when it broke a limit. `future`:
        the same analysis asked ahead (it goes first now, if still queued)."""
        if future is None or future.cancelled():
            future = self.submit("service.prefetch:analyse_documents",
                                 (list(documents), call.name, str(Path(call.source).parent)), Failure, urgent=True)
        else:
            self.hurry(future)
        try:
            result = future.result()
        except CancelledError as exc:  # the pool closed meanwhile (no worker could start again)
            raise WorkersUnavailable("analyse arrêtée : le processus d'analyse ne démarre plus") from exc
        if isinstance(result, Failure):
            raise AnalysisFailed(result.reason)
        return result


_POOLS: dict[str, tuple[WorkerPool, tuple]] = {}
_POOL_LOCK = threading.Lock()


def _pool(kind: str, key: tuple, make) -> WorkerPool:
    """The process's pool of this kind for these limits: one per process (every Runtime of a
    process shares it), started on first use, started again after a fork or when the limits change."""
    with _POOL_LOCK:
        pool, old_key = _POOLS.get(kind, (None, None))
        if pool is None or not pool.usable or old_key != key:
            if pool is not None and pool.usable:
                pool.close()
            pool = make(*key)
            _POOLS[kind] = (pool, key)
        return pool


def pool_of(rt) -> ExtractionPool:
    st = rt.settings
    return _pool("readers", (st.extraction_workers, st.extraction_memory_mb, st.extraction_timeout), ExtractionPool)


def analyst_of(rt) -> AnalysisPool:
    st = rt.settings
    return _pool("analyst", (st.extraction_memory_mb, st.extraction_timeout, st.analysis_workers), AnalysisPool)


def close_pool() -> None:
    with _POOL_LOCK:
        pools = [pool for pool, _ in _POOLS.values()]
        _POOLS.clear()
    for pool in pools:
        if pool.usable:
            pool.close()


atexit.register(close_pool)
