"""Run an outside program (Tesseract, LibreOffice) from a reader, bounded: its own address-space
limit, a timeout after which its whole process group is killed, and death with its parent.

The extraction worker that calls this has a soft RLIMIT_AS of its own (extract/isolate.py), which a
child would inherit: each child sets its own limit instead, measured for what it runs. The child
leads a new process group, so a timeout kills everything it started; it also asks the kernel for
SIGKILL when the worker dies (PR_SET_PDEATHSIG), so a worker killed for its own timeout leaves no
orphan behind.
"""
from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
from dataclasses import dataclass

_PR_SET_PDEATHSIG = 1
try:
    _LIBC = ctypes.CDLL(None, use_errno=True)
except OSError:  # pragma: no cover - not Linux
    _LIBC = None


class ChildTimeout(Exception):
    """The program overran its time; its process group was killed."""


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: bytes
    stderr: bytes


def _limits(memory_mb: int):
    limit = int(memory_mb) * 1024 * 1024
    parent = os.getpid()

    def prepare() -> None:  # in the child, between fork and exec: no imports, no locks
        try:
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY and limit > hard:
                resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
            else:
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ValueError, OSError):
            pass
        if _LIBC is not None:
            _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != parent:  # the parent died before prctl: go with it
                os._exit(1)

    return prepare


def run(argv: list[str], *, data: bytes | None = None, timeout_s: float, memory_mb: int,
        env: dict[str, str] | None = None, cwd: str | None = None) -> Finished:
    """argv with `data` on its standard input; raises ChildTimeout, or OSError when it cannot start."""
    process = subprocess.Popen(
        argv, stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd,
        start_new_session=True, preexec_fn=_limits(memory_mb),  # noqa: PLW1509 - the worker has one thread
    )
    try:
        stdout, stderr = process.communicate(data, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        kill_group(process)
        raise ChildTimeout(f"{os.path.basename(argv[0])} : délai de {timeout_s:g} s dépassé") from None
    except BaseException:
        kill_group(process)
        raise
    return Finished(process.returncode, stdout, stderr)


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to the child's whole process group, then reap the child."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.communicate(timeout=5)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass
