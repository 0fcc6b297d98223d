"""Read documents in worker processes, with a time and memory limit per document.

A small pool of forked workers is reused across documents. A worker that overruns the time
limit is killed and replaced; a worker that dies (out of memory, crash in a native library)
is replaced too; in both cases that document comes back as status "error" and the others go on.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from multiprocessing.connection import wait

from .types import Document

_GRACE_S = 0.5


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        limit = int(memory_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _worker(connection, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_mb)
    from .documents import read_document

    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, data, filename, content_type = task
        try:
            document = read_document(data, filename, content_type)
        except MemoryError:
            document = Document(name=filename, status="error", reason="mémoire dépassée pendant la lecture")
        try:
            connection.send((index, document))
        except MemoryError:
            connection.send((index, Document(name=filename, status="error", reason="mémoire dépassée pendant la lecture")))
        except (BrokenPipeError, OSError):
            return


class _Slot:
    def __init__(self, context, memory_mb: int) -> None:
        parent, child = context.Pipe(duplex=True)
        self.connection = parent
        self.process = context.Process(target=_worker, args=(child, memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple | None = None
        self.started = 0.0

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.connection.send(None)
        except (BrokenPipeError, OSError, ValueError):
            pass
        self.process.join(timeout=_GRACE_S)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=_GRACE_S)
        self.connection.close()


def _preload() -> None:
    """Import the readers in the parent once, so that forked workers start with them loaded."""
    from . import docx, documents, pdf, xlsx  # noqa: F401

    try:
        import pdfplumber  # noqa: F401
    except ImportError:  # pragma: no cover - pdfplumber is a dependency
        pass


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def read_documents_isolated(
    items: list[tuple[bytes, str | None, str | None]],
    timeout_s: float,
    memory_mb: int,
    workers: int = 2,
) -> list[Document]:
    """read_document over items, each in a worker process; results in the items' order."""
    if not items:
        return []
    context = _context()
    if context.get_start_method() == "fork":
        _preload()
    results: list[Document | None] = [None] * len(items)
    pending = list(range(len(items)))
    pending.reverse()
    slots = [_Slot(context, memory_mb) for _ in range(max(1, min(workers, len(items))))]
    try:
        while pending or any(slot.task for slot in slots):
            for slot in slots:
                if slot.task is None and pending:
                    index = pending.pop()
                    data, filename, content_type = items[index]
                    slot.task = (index, filename)
                    slot.started = time.monotonic()
                    try:
                        slot.connection.send((index, data, filename, content_type))
                    except (BrokenPipeError, OSError):
                        pass  # the death is noticed below
            busy = [slot for slot in slots if slot.task]
            if not busy:
                continue
            now = time.monotonic()
            next_deadline = min(slot.started + timeout_s for slot in busy)
            ready = wait([s.connection for s in busy] + [s.process.sentinel for s in busy],
                         timeout=max(0.0, next_deadline - now))
            for n, slot in enumerate(slots):
                if not slot.task:
                    continue
                index, filename = slot.task
                if slot.connection in ready:
                    try:
                        got_index, document = slot.connection.recv()
                        results[got_index] = document
                        slot.task = None
                        continue
                    except (EOFError, OSError, MemoryError):
                        pass
                if slot.process.sentinel in ready or not slot.process.is_alive() or slot.connection in ready:
                    results[index] = Document(name=filename, status="error", reason=_death_reason(slot.process.exitcode))
                    slot.stop(kill=True)
                    slots[n] = _Slot(context, memory_mb)
                elif time.monotonic() - slot.started >= timeout_s:
                    results[index] = Document(
                        name=filename, status="error", reason=f"délai d'extraction dépassé ({timeout_s:g} s)"
                    )
                    slot.stop(kill=True)
                    slots[n] = _Slot(context, memory_mb)
    finally:
        for slot in slots:
            if slot.process.is_alive() or slot.process.exitcode is None:
                slot.stop()
    return [r if r is not None else Document(name=items[i][1], status="error", reason="document non lu")
            for i, r in enumerate(results)]


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.Signals._value2member_map_ else str(-exitcode)
        if -exitcode in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return f"mémoire dépassée ou arrêt du lecteur ({name})"
        return f"arrêt du lecteur ({name})"
    return f"mémoire dépassée ou arrêt du lecteur (code {exitcode})"
