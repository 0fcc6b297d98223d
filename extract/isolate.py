"""Documents read in worker processes, each task with a time and a memory limit.

WorkerPool keeps a few persistent workers fed by a dispatcher thread; submit() returns a Future.
A worker is a fresh interpreter (`python -c`, not a fork of the caller, which may hold a
database session and mail, nor multiprocessing's spawn, which also starts a resource-tracker
process) that loads the readers once and talks over a socket pair. Each worker has an
address-space limit (memory_mb); a task that overruns its time is killed with its worker, one
whose worker dies (out of memory, crash in a native library) fails, and a fresh worker takes
the slot; the other tasks go on. A worker whose memory grew RETIRE_GROWTH past its start is replaced after
its task, so that memory stays flat however long the pool runs.

A task is a function named "module:function", imported in the worker on first use: the readers
(`read`, below) or a caller's own step (service/prefetch.py prepares whole messages this way).

read_documents_isolated() is the one-call form: a pool for the time of one list of documents.
"""
from __future__ import annotations

import collections
import gc
import importlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import CancelledError, Future, InvalidStateError
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterable

from .types import Document

READ = "extract.documents:read_document"
READERS = ("extract.documents", "extract.docx", "extract.pdf", "extract.pdf_tables", "extract.xlsx")
# A worker whose memory grew this much past what it held once its readers and models were loaded
# is replaced after its task.
RETIRE_GROWTH = 40 * 1024 * 1024
_BASELINE = 0
DEPTH = 2  # pipelined tasks sent to one worker at most: it never waits for the next
OUT_OF_MEMORY = "mémoire dépassée pendant la lecture"
READY = ("ready", None, False)  # what a worker says once its readers and models are loaded
START_LIMIT_S = 120.0  # a worker not ready by then is replaced
_GRACE_S = 0.5


class WorkersUnavailable(RuntimeError):
    """No worker process could be started (out of processes or memory): try again later."""


# --- the worker side ------------------------------------------------------------------------

def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        limit = int(memory_mb) * 1024 * 1024
        # The soft limit binds this process; the hard one is left as it was, so that the programs a
        # reader runs (extract/child.py: Tesseract, LibreOffice) can be given limits of their own.
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (ImportError, ValueError, OSError):
        pass


def _function(name: str, cache: dict) -> Callable:
    if name not in cache:
        module, _, attribute = name.partition(":")
        cache[name] = getattr(importlib.import_module(module), attribute)
    return cache[name]


def _serve(connection: Connection, memory_mb: int, preload: Iterable[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_mb)
    functions: dict = {}
    for name in preload:  # loaded once, before the first task (not charged to it)
        try:
            if ":" in name:  # "module:function": called, e.g. to load a model the tasks need
                _function(name, functions)()
            else:
                importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a task that needs it fails with the reason; the others run
            pass
    global _BASELINE
    _BASELINE = _rss()
    try:
        connection.send(READY)  # the caller's clock for the first task starts now
    except (BrokenPipeError, OSError):
        return
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        name, args = task
        try:
            reply = ("ok", _function(name, functions)(*args))
        except MemoryError:
            reply = ("failed", OUT_OF_MEMORY)
        except Exception as exc:  # noqa: BLE001 - the caller's on_failure says what a failure gives
            reply = ("failed", f"{type(exc).__name__}: {str(exc)[:150]}")
        del task, args
        retire = _retire()
        try:
            connection.send((*reply, retire))
        except MemoryError:
            connection.send(("failed", OUT_OF_MEMORY, True))
        except (BrokenPipeError, OSError):
            return
        if retire:
            return


def _retire() -> bool:
    """Give freed memory back (glibc keeps it otherwise); True when the worker should be replaced.
    Over the limit, cyclic garbage (lxml and python-docx trees hold cycles) is collected first:
    replacing a worker costs ~0.7 s of CPU (a fresh interpreter, its imports, its caches; 3 s more
    with the named-entity model), and most crossings were garbage not yet collected, not memory kept."""
    _trim()
    limit = _BASELINE + RETIRE_GROWTH
    if _rss() <= limit:
        return False
    gc.collect()
    _trim()
    return _rss() > limit


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


def _main() -> None:
    """A worker's entry point: `python -c ... FD MEMORY_MB MODULE,MODULE... GROWTH_MB`."""
    global RETIRE_GROWTH
    if len(sys.argv) > 4:
        RETIRE_GROWTH = int(sys.argv[4]) * 1024 * 1024
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]), [m for m in sys.argv[3].split(",") if m])


# --- the caller's side ------------------------------------------------------------------------

class _Slot:
    """One worker process and the tasks sent to it, in order: (future, name, args, timeout, on_failure)."""

    def __init__(self, memory_mb: int, preload: tuple[str, ...], growth_mb: int):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        try:
            ours, theirs = socket.socketpair()
        except OSError as exc:
            raise WorkersUnavailable(f"lecteurs impossibles à démarrer : {exc}") from exc
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from extract.isolate import _main; _main()", str(theirs.fileno()),
                 str(memory_mb), ",".join(preload), str(growth_mb)], pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        except OSError as exc:
            ours.close()
            raise WorkersUnavailable(f"lecteurs impossibles à démarrer : {exc}") from exc
        finally:
            theirs.close()
        self.connection = Connection(ours.detach())
        self.tasks: collections.deque = collections.deque()
        self.started = 0.0  # when the first of them started
        self.ready = False  # loaded (it said READY): tasks go to ready workers only
        self.born = time.monotonic()

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
            self.process.wait(timeout=_GRACE_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            try:
                self.process.wait(timeout=_GRACE_S)
            except subprocess.TimeoutExpired:
                pass
        self.connection.close()


def _settle(future: Future, result) -> None:
    try:
        future.set_result(result)
    except InvalidStateError:  # cancelled meanwhile: nobody wants it
        pass


def failed_document(name: str | None) -> Callable[[str], Document]:
    return lambda reason: Document(name=name, status="error", reason=reason)


class WorkerPool:
    """Persistent workers fed by a dispatcher thread."""

    def __init__(self, workers: int, memory_mb: int, timeout_s: float, preload: tuple[str, ...] = READERS,
                 growth_mb: int = RETIRE_GROWTH // (1024 * 1024)):
        """`growth_mb`: how much a worker may grow past its loaded size before it is replaced (a
        worker that loads a model on first need grows by the model's size)."""
        self._memory_mb = memory_mb
        self._preload = tuple(preload)
        self._growth_mb = growth_mb
        self.timeout_s = timeout_s
        self._queue: collections.deque = collections.deque()
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._closed = False
        self._slots: list[_Slot] = []
        try:
            for _ in range(max(1, workers)):
                self._slots.append(_Slot(memory_mb, self._preload, growth_mb))
        except WorkersUnavailable:
            for slot in self._slots:
                slot.stop(kill=True)
            os.close(self._wake_r)
            os.close(self._wake_w)
            raise
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._loop, name="extraction-dispatch", daemon=True)
        self._thread.start()

    # --- API -------------------------------------------------------------------------------
    def submit(self, name: str, args: tuple, on_failure: Callable[[str], object], *,
               timeout: float | None = None, pipelined: bool = False, urgent: bool = False) -> Future:
        """`name`(*args) in a worker. The Future gets its result, or on_failure(reason) when it
        raised, overran `timeout` (default: the pool's) or its worker died. `pipelined`: one of a
        stream of like tasks, sent ahead to a worker still busy with another one (it never waits
        for the next), where other tasks wait for a free worker. `urgent`: someone waits for it
        now; it goes before the queued tasks (work done ahead, on the chance it is wanted)."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("extraction pool closed")
            task = (future, name, args, timeout or self.timeout_s, on_failure, pipelined)
            if urgent:
                self._queue.appendleft(task)
            else:
                self._queue.append(task)
        self._poke()
        return future

    def hurry(self, future: Future) -> bool:
        """Put the queued task of this future before the others (someone now waits for it);
        False when it is no longer queued (running, done, or never submitted here)."""
        with self._lock:
            for n, task in enumerate(self._queue):
                if task[0] is future:
                    del self._queue[n]
                    self._queue.appendleft(task)
                    return True
        return False

    def read(self, items: list[tuple[bytes, str | None, str | None]]) -> list[Document]:
        """read_document over items, each with its own limits; one Document per item, in order."""
        futures = [self.submit(READ, item, failed_document(item[1])) for item in items]
        try:
            return [f.result() for f in futures]
        except CancelledError as exc:  # the pool closed meanwhile (no worker could be started again)
            raise WorkersUnavailable("lecteurs arrêtés pendant la lecture") from exc

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

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- dispatch -----------------------------------------------------------------------------
    def _poke(self) -> None:
        try:
            os.write(self._wake_w, b"x")
        except (BlockingIOError, OSError):
            pass

    def _dispatch(self) -> None:
        """Hand queued tasks to the workers: one each, a second one to a worker busy with a pipelined task."""
        for slot in self._slots:
            while slot.ready and self._queue:
                if slot.tasks and (len(slot.tasks) >= DEPTH or not self._queue[0][5] or not slot.tasks[-1][5]):
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
        self._slots[n] = _Slot(self._memory_mb, self._preload, self._growth_mb)

    def _start(self, n: int, slot: _Slot, readable: bool) -> None:
        """A starting worker said READY (its tasks may now be sent), died, or took too long."""
        if readable:
            try:
                slot.connection.recv()
                slot.ready = True
                self._poke()  # dispatch to it at the next turn
                return
            except (EOFError, OSError):
                pass
        elif slot.alive() and time.monotonic() - slot.born < START_LIMIT_S:
            return
        self._replace(n, kill=True)

    def _loop(self) -> None:
        try:
            self._run()
        except WorkersUnavailable:  # no worker can take a slot again: the pool ends, its tasks cancelled
            with self._lock:
                self._closed = True
                for future, *_ in self._queue:
                    future.cancel()
                self._queue.clear()
            for slot in self._slots:
                for future, *_ in slot.tasks:
                    future.cancel()

    def _run(self) -> None:
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
            starting = [slot for slot in self._slots if not slot.ready]
            now = time.monotonic()
            timeout = min([s.started + s.tasks[0][3] - now for s in busy]
                          + [s.born + START_LIMIT_S - now for s in starting], default=None)
            ready = wait([self._wake_r] + [s.connection for s in busy + starting],  # a dead worker's socket reads EOF
                         timeout=None if timeout is None else max(0.0, timeout))
            if self._wake_r in ready:
                os.read(self._wake_r, 4096)
            for n, slot in enumerate(self._slots):
                if not slot.ready:
                    self._start(n, slot, slot.connection in ready)
                    continue
                if not slot.tasks:
                    continue
                future, _, _, limit, on_failure, _ = slot.tasks[0]
                if slot.connection in ready:
                    try:
                        status, value, retire = slot.connection.recv()
                    except (EOFError, OSError, MemoryError):
                        pass
                    else:
                        slot.tasks.popleft()
                        slot.started = time.monotonic()
                        if retire:  # it grew too big: a fresh one takes its place (and its next task)
                            self._replace(n, kill=False)
                        _settle(future, value if status == "ok" else on_failure(value))
                        continue
                dead = slot.connection in ready or not slot.alive()
                if dead or time.monotonic() - slot.started >= limit:
                    if dead:
                        try:
                            slot.process.wait(timeout=_GRACE_S)  # its exit code tells why
                        except subprocess.TimeoutExpired:
                            pass
                    reason = _death_reason(slot.process.returncode) if dead else f"délai d'extraction dépassé ({limit:g} s)"
                    slot.tasks.popleft()
                    self._replace(n, kill=True)
                    _settle(future, on_failure(reason))


def read_documents_isolated(items: list[tuple[bytes, str | None, str | None]], timeout_s: float,
                            memory_mb: int, workers: int = 2) -> list[Document]:
    """read_document over items, each in a worker process; results in the items' order."""
    if not items:
        return []
    with WorkerPool(max(1, min(workers, len(items))), memory_mb, timeout_s) as pool:
        return pool.read(items)


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.Signals._value2member_map_ else str(-exitcode)
        if -exitcode in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return f"mémoire dépassée ou arrêt du lecteur ({name})"
        return f"arrêt du lecteur ({name})"
    return f"mémoire dépassée ou arrêt du lecteur (code {exitcode})"
