"""Both cores on a backlog: the pure steps of the next messages (parse → read their documents →
analyse them) run in persistent worker processes while this process stores the current one.

The workers are started once per process (every Runtime shares them) as fresh interpreters
that load only the readers, not forks of a service process that holds a database session and
mail (a fork would be charged that memory again, and forking per batch cost 10-30 ms a worker). A worker whose memory grew past RETIRE_RSS is replaced after its
task, so that the service's memory stays flat however long it runs.
Each worker keeps the extraction limits of extract.isolate: an address-space limit
(FABRIQUE_EXTRACTION_MEMORY_MB) and a time limit per task; a worker that overruns its time is
killed and replaced, one that dies is replaced, and the task comes back as a failure.

Two kinds of task:
- `prepare(path)`: the archived message read, parsed, its documents and body read and analysed
  together, as the pipeline would. Best effort: None on any failure, and the pipeline then runs
  the ordinary path (documents read one by one, each with its own limits) and records the reason.
- `read(items)`: documents read one by one, each with its own limits, like
  extract.isolate.read_documents_isolated (same results, no fork of this process).
"""
from __future__ import annotations

import atexit
import collections
import gc
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from extract.types import Analysis, Document

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    mail: object  # ingest.parse.ParsedMail
    body: Document
    documents: dict  # sha256 -> Document, every document attachment (ingest.classify.is_document)
    analysis: Analysis | None  # of [body] + documents in attachment order, as pipeline._documents lists them


# --- the worker side ------------------------------------------------------------------------

def _prepare(path: str, limits: tuple[int, int, int], call_name: str) -> Prepared:
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


def _serve(connection, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from extract.isolate import _limit_memory

    _limit_memory(memory_mb)
    # openpyxl imports numpy when it is installed, only to recognise numpy numbers it is asked to
    # write; reading needs none of it (~20 MB per worker): keep it out of these workers.
    sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]
    # loaded once, before the first task (not charged to it)
    import extract.documents  # noqa: F401
    import extract.docx  # noqa: F401
    import extract.find  # noqa: F401
    import extract.pdf  # noqa: F401
    import extract.pdf_tables  # noqa: F401
    import extract.xlsx  # noqa: F401
    import ingest.parse  # noqa: F401
    from extract.documents import read_document

    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        kind, args = task
        try:
            if kind == "prepare":
                result = _prepare(*args)
            else:
                data, filename, content_type = args
                result = read_document(data, filename, content_type)
        except MemoryError:
            result = _failure(kind, args, "mémoire dépassée pendant la lecture")
        except Exception as exc:  # noqa: BLE001 - prepare is best effort; read_document never raises
            result = _failure(kind, args, f"{type(exc).__name__}: {str(exc)[:150]}")
        failure = _failure(kind, args, "mémoire dépassée pendant la lecture")
        del task, args
        result = (result, _retire())
        try:
            connection.send(result)
        except MemoryError:
            connection.send((failure, True))
        except (BrokenPipeError, OSError):
            return
        if result[1]:
            return


def _failure(kind: str, args: tuple, reason: str):
    """What a failed task gives back: None for a preparation (the pipeline takes the ordinary
    path), a Document in error for a read (as extract.isolate would)."""
    return None if kind == "prepare" else Document(name=args[1], status="error", reason=reason)


RETIRE_RSS = 100 * 1024 * 1024  # a worker whose memory grew past this is replaced after its task


def _retire() -> bool:
    """Give freed memory back (glibc keeps it otherwise); True when the worker should be replaced.
    Over the limit, cyclic garbage (lxml and python-docx trees hold cycles) is collected first:
    replacing a worker costs ~0.7 s of CPU (a fresh interpreter, its imports, its caches), and
    most crossings were garbage not yet collected, not memory kept."""
    _trim()
    if _rss() <= RETIRE_RSS:
        return False
    gc.collect()
    _trim()
    return _rss() > RETIRE_RSS


def _trim() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _rss() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


# --- the service side -------------------------------------------------------------------------

class _Slot:
    """One worker: a fresh interpreter (`python -c`, not multiprocessing's spawn, which also starts
    a resource-tracker process, 14 MB for nothing here) talking over a socket pair."""

    def __init__(self, memory_mb: int):
        ours, theirs = socket.socketpair()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from service.prefetch import _main; _main()", str(theirs.fileno()),
                 str(memory_mb)], pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        finally:
            theirs.close()
        self.connection = Connection(ours.detach())
        self.tasks: collections.deque = collections.deque()  # sent, in order: (future, kind, args, timeout)
        self.started = 0.0  # when the first of them started

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.connection.send(None)
        except (BrokenPipeError, OSError, ValueError):
            pass
        try:
            self.process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            try:
                self.process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
        self.connection.close()


def _main() -> None:
    """A worker's entry point: `python -c ... FD MEMORY_MB`."""
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]))


DEPTH = 2  # tasks sent ahead to a worker (small ones only): it never waits for this process to hand it the next


def _settle(future: Future, result) -> None:
    try:
        future.set_result(result)
    except InvalidStateError:  # cancelled meanwhile (process_pending ended): nobody wants it
        pass


class ExtractionPool:
    """Persistent extraction workers fed by a dispatcher thread; submit() returns a Future."""

    def __init__(self, workers: int, memory_mb: int, timeout_s: float):
        self._memory_mb = memory_mb
        self.timeout_s = timeout_s
        self._queue: collections.deque = collections.deque()
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._closed = False
        self._slots = [_Slot(memory_mb) for _ in range(max(1, workers))]
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._loop, name="extraction-dispatch", daemon=True)
        self._thread.start()

    # --- API -------------------------------------------------------------------------------
    def prepare(self, path: str, limits: tuple[int, int, int], call_name: str) -> Future:
        return self._submit("prepare", (path, limits, call_name), self.timeout_s * 2)

    def read(self, items: list[tuple[bytes, str | None, str | None]]) -> list[Document]:
        """Like extract.isolate.read_documents_isolated: one Document per item, in order."""
        futures = [self._submit("read", item, self.timeout_s) for item in items]
        return [f.result() for f in futures]

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._poke()
        self._thread.join(timeout=5)
        for slot in self._slots:
            slot.stop(kill=bool(slot.tasks))
        os.close(self._wake_r)
        os.close(self._wake_w)

    @property
    def usable(self) -> bool:
        return not self._closed and os.getpid() == self._pid and self._thread.is_alive()

    # --- dispatch -----------------------------------------------------------------------------
    def _submit(self, kind: str, args: tuple, timeout: float) -> Future:
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("extraction pool closed")
            self._queue.append((future, kind, args, timeout))
        self._poke()
        return future

    def _poke(self) -> None:
        try:
            os.write(self._wake_w, b"x")
        except (BlockingIOError, OSError):
            pass

    def _dispatch(self) -> None:
        """Hand queued tasks to the workers: one each, a second one to a worker busy with a small task."""
        for slot in self._slots:
            while self._queue:
                if slot.tasks and (len(slot.tasks) >= DEPTH or self._queue[0][1] != "prepare"
                                   or slot.tasks[-1][1] != "prepare"):
                    break
                task = self._queue.popleft()
                if task[0].cancelled():
                    continue
                if not slot.tasks:
                    slot.started = time.monotonic()
                slot.tasks.append(task)
                try:
                    slot.connection.send((task[1], task[2]))
                except (BrokenPipeError, OSError):
                    break  # the death is noticed below

    def _replace(self, n: int, kill: bool) -> None:
        """A new worker in slot n; what the old one had been sent but not started goes back in the queue."""
        slot = self._slots[n]
        with self._lock:
            self._queue.extendleft(reversed(slot.tasks))
        slot.tasks.clear()
        slot.stop(kill=kill)
        self._slots[n] = _Slot(self._memory_mb)

    def _loop(self) -> None:
        while True:
            with self._lock:
                closed = self._closed
                if not closed:
                    self._dispatch()
                else:
                    for future, *_ in self._queue:
                        future.cancel()
                    self._queue.clear()
            if closed:
                for slot in self._slots:
                    for future, *_ in slot.tasks:
                        future.cancel()
                return
            busy = [slot for slot in self._slots if slot.tasks]
            now = time.monotonic()
            timeout = min((s.started + s.tasks[0][3] - now for s in busy), default=None)
            ready = wait([self._wake_r] + [s.connection for s in busy],  # a dead worker's socket reads EOF
                         timeout=None if timeout is None else max(0.0, timeout))
            if self._wake_r in ready:
                os.read(self._wake_r, 4096)
            for n, slot in enumerate(self._slots):
                if not slot.tasks:
                    continue
                future, kind, args, limit = slot.tasks[0]
                if slot.connection in ready:
                    try:
                        result, retire = slot.connection.recv()
                    except (EOFError, OSError, MemoryError):
                        pass
                    else:
                        slot.tasks.popleft()
                        slot.started = time.monotonic()
                        if retire:  # it grew too big: a fresh one takes its place (and its next task)
                            self._replace(n, kill=False)
                        _settle(future, result)
                        continue
                dead = slot.connection in ready or not slot.alive()
                if dead or time.monotonic() - slot.started >= limit:
                    from extract.isolate import _death_reason

                    if dead:
                        try:
                            slot.process.wait(timeout=0.5)  # its exit code tells why
                        except subprocess.TimeoutExpired:
                            pass
                    reason = _death_reason(slot.process.returncode) if dead else f"délai d'extraction dépassé ({limit:g} s)"
                    slot.tasks.popleft()
                    self._replace(n, kill=True)
                    _settle(future, _failure(kind, args, reason))


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
