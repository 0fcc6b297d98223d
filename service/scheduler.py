"""`fabrique-intake run`: APScheduler as a thin caller of the plain jobs.

One poller thread (IMAP IDLE or polling) wakes the processing job when mail arrives;
the outbox, the daily digest and the mailbox watchdog run on their own schedules.
SIGTERM / SIGINT stop it cleanly: the message in hand is finished (or left archived,
to be processed at the next start), nothing is lost.
"""
from __future__ import annotations

import logging
import signal
import sys
import threading
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from config.settings import ConfigError
from service.alerts import check_mailbox
from service.jobs import flush_outbox, make_digest
from service.pipeline import process_pending, warm_up
from service.runtime import Runtime, log_failure

log = logging.getLogger(__name__)


def build_scheduler(rt: Runtime) -> BackgroundScheduler:
    tz = rt.settings.timezone
    sched = BackgroundScheduler(timezone=tz, job_defaults={"coalesce": True, "max_instances": 1,
                                                           "misfire_grace_time": 300})

    def process() -> None:
        try:
            # again while there was work: a wake-up that came meanwhile was skipped (max_instances=1)
            while process_pending(rt).processed:
                flush_outbox(rt)
        except Exception as exc:
            log_failure(log, "traitement interrompu (réessai au prochain cycle)", exc)

    def outbox() -> None:
        try:
            flush_outbox(rt)
        except Exception as exc:
            log_failure(log, "envoi interrompu (réessai au prochain cycle)", exc)

    def digest() -> None:
        end = datetime.now().astimezone()
        try:
            make_digest(rt, end - timedelta(days=1), end, send=bool(rt.settings.staff_addresses))
        except Exception as exc:
            log_failure(log, "synthèse quotidienne non envoyée", exc)

    def watchdog() -> None:
        try:
            check_mailbox(rt)
        except Exception as exc:
            log_failure(log, "surveillance de la boîte interrompue", exc)

    hour, minute = (int(x) for x in rt.settings.digest_at.split(":"))
    sched.add_job(process, "interval", seconds=30, id="process", next_run_time=datetime.now().astimezone())
    # at start too: what a stopped or crashed run left pending goes out now, not a minute later
    sched.add_job(outbox, "interval", seconds=60, id="outbox", next_run_time=datetime.now().astimezone())
    sched.add_job(digest, CronTrigger(hour=hour, minute=minute, timezone=tz), id="digest")
    sched.add_job(watchdog, "interval", seconds=60, id="watchdog")
    return sched


def serve(rt: Runtime, stop: threading.Event | None = None) -> int:
    from service.oauth import imap_opener, token_provider_for
    from service.poll import run_poller

    try:
        token_provider_for(rt.settings)  # OAuth2 settings are checked before anything starts
    except ConfigError as exc:
        print(f"Configuration invalide — {exc}", file=sys.stderr)
        return 2
    stop = stop or threading.Event()
    sched = build_scheduler(rt)

    def wake() -> None:
        try:
            sched.modify_job("process", next_run_time=datetime.now().astimezone())
        except Exception:  # scheduler shutting down
            pass

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    warm_up(rt)  # the extraction workers load their readers before the first mail
    sched.start()
    poller = threading.Thread(target=run_poller, args=(rt.engine, rt.settings, stop, wake), name="poller",
                              kwargs={"mailbox_factory": imap_opener(rt.settings)}, daemon=True)
    poller.start()
    log.info("service démarré (boîte %s, dossier %s)", rt.settings.imap_host, rt.settings.imap_folder)
    stop.wait()
    log.info("arrêt demandé : fin du travail en cours")
    poller.join(timeout=rt.settings.imap_timeout + 5)
    sched.shutdown(wait=True)
    log.info("service arrêté")
    return 0
