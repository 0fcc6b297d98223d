"""The measured process of benchmarks/run.py: the service's own code, settings from FABRIQUE_*.

    python benchmarks/worker.py backfill [--mark 100]
    python benchmarks/worker.py poll
    python benchmarks/worker.py drain [--wait]

backfill: one poll (poll_once: IMAP → archive → ledger), then process_pending (parse → extract →
evaluate → answer in the outbox), exactly what `poll --once` does minus sending. Prints one JSON
line per step ({"event": ..., "t": seconds since start, "epoch": time.time(), ...}) so that the
parent can tie its memory samples to the steps; `--mark N` processes N messages first, then the rest.
poll: the poll alone (the backlog archived, nothing processed).
drain: process_pending on the archived backlog, as one of several service processes sharing it;
`--wait`: once started (runtime open, workers warming), wait for a line on stdin before starting,
so that the parent starts every process's clock at once.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def emit(event: str, start: float, **values) -> None:
    print(json.dumps({"event": event, "t": round(time.perf_counter() - start, 4), "epoch": time.time(), **values}),
          flush=True)


def backfill(mark: int | None) -> None:
    from sqlalchemy import func
    from sqlmodel import Session, select

    from config.settings import load_settings
    from service.pipeline import process_pending, warm_up
    from service.poll import poll_once
    from service.runtime import open_runtime
    from store.models import Dossier, Outbox

    settings = load_settings()
    rt = open_runtime(settings)
    import service.pipeline  # noqa: F401 - loaded as a running service has it, not timed
    start = time.perf_counter()
    cpu_start, own_start = _cpu(), _cpu(children=False)
    emit("ready", start)
    warm_up(rt)  # as service.jobs.poll_cycle does: the extraction workers start while the poll fetches
    polled = poll_once(rt.engine, settings)
    emit("polled", start, fetched=polled.fetched, new=polled.new, errors=polled.errors)
    processed = 0
    if mark:
        processed += process_pending(rt, limit=mark).processed
        emit("mark", start, processed=processed)
    report = process_pending(rt)
    processed += report.processed
    emit("processed", start, processed=processed, by_kind=report.by_kind)
    from service.prefetch import close_pool

    close_pool()  # the extraction workers end here: their CPU time is then counted as children's
    cpu = _cpu() - cpu_start
    own = _cpu(children=False) - own_start
    with Session(rt.engine) as s:
        dossiers = s.exec(select(func.count()).select_from(Dossier)).one()
        outbox = s.exec(select(func.count()).select_from(Outbox)).one()
        statuses = dict(s.exec(select(Dossier.status, func.count()).group_by(Dossier.status)).all())
    emit("done", start, dossiers=dossiers, outbox=outbox, statuses=statuses, cpu_s=round(cpu, 3),
         service_cpu_s=round(own, 3))


def poll() -> None:
    from config.settings import load_settings
    from service.poll import poll_once
    from service.runtime import open_runtime

    settings = load_settings()
    rt = open_runtime(settings)
    start = time.perf_counter()
    polled = poll_once(rt.engine, settings)
    emit("done", start, fetched=polled.fetched, new=polled.new, errors=polled.errors)


def drain(wait: bool) -> None:
    from config.settings import load_settings
    from service.pipeline import process_pending, warm_up
    from service.prefetch import close_pool
    from service.runtime import open_runtime

    settings = load_settings()
    rt = open_runtime(settings)
    import service.pipeline  # noqa: F401
    start = time.perf_counter()
    warm_up(rt)  # as a service does at its start
    emit("ready", start)
    if wait:
        sys.stdin.readline()
    start = time.perf_counter()
    cpu_start, own_start = _cpu(), _cpu(children=False)
    emit("go", start)
    report = process_pending(rt)
    emit("processed", start, processed=report.processed, by_kind=report.by_kind)
    close_pool()
    emit("done", start, processed=report.processed, cpu_s=round(_cpu() - cpu_start, 3),
         service_cpu_s=round(_cpu(children=False) - own_start, 3))


def _cpu(children: bool = True) -> float:
    """CPU seconds of this process, and of its children that have ended (user + system)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    total = me.ru_utime + me.ru_stime
    if children:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        total += kids.ru_utime + kids.ru_stime
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["backfill", "poll", "drain"])
    parser.add_argument("--mark", type=int, default=None)
    parser.add_argument("--wait", action="store_true")
    args = parser.parse_args()
    if args.command == "poll":
        poll()
    elif args.command == "drain":
        drain(args.wait)
    else:
        backfill(args.mark)


if __name__ == "__main__":
    main()
