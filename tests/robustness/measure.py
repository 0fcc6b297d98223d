"""Run a `fabrique-intake` command as a subprocess and measure it: wall time and the peak RSS
of its whole process tree (the service and its extraction workers), sampled with psutil."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
GIB = 1 << 30


@dataclass
class Measured:
    returncode: int | None
    seconds: float
    peak_rss: int  # bytes, the process and all its descendants together
    peak_process: int  # bytes, the largest single process (the service or one extraction worker)
    stdout: str
    stderr: str

    def line(self, label: str) -> str:
        return (f"{label:<28} {self.seconds:6.1f} s  peak RSS tree {self.peak_rss / 2**20:6.0f} MiB, "
                f"largest process {self.peak_process / 2**20:6.0f} MiB  exit {self.returncode}")


def cli() -> list[str]:
    script = Path(sys.executable).with_name("fabrique-intake")
    return [str(script)] if script.exists() else [sys.executable, "-m", "service.cli"]


def clean_env(**settings: str) -> dict[str, str]:
    """This environment without any FABRIQUE_* of the caller's, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FABRIQUE_")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    env.update(settings)
    return env


def _tree_rss(proc: psutil.Process) -> tuple[int, int]:
    """(RSS of the process and its descendants together, RSS of the largest of them)."""
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0, 0
    sizes = []
    for p in procs:
        try:
            sizes.append(p.memory_info().rss)
        except psutil.Error:
            pass
    return sum(sizes), max(sizes, default=0)


def run_measured(args: list[str], env: dict[str, str], timeout: float = 120.0, interval: float = 0.02,
                 cwd: Path = ROOT) -> Measured:
    started = time.monotonic()
    proc = subprocess.Popen(cli() + args, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        try:
            ps = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            tree, largest = _tree_rss(ps)
            peak[0], peak[1] = max(peak[0], tree), max(peak[1], largest)
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        for child in psutil.Process(proc.pid).children(recursive=True):
            child.kill()
        proc.kill()
        out, err = proc.communicate()
    finally:
        done.set()
        sampler.join()
    return Measured(proc.returncode, time.monotonic() - started, peak[0], peak[1], out, err)
