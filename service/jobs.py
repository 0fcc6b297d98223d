"""Plain functions the commands and the scheduler call: each one job, settings passed in."""
from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from service.accept import accept_raw
from service.pipeline import process_pending, warm_up
from service.runtime import Runtime, log_failure
from service.sources import iter_messages
from store.archive import ArchiveError

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    unreadable: int = 0  # could not even be read from disk: nothing recorded
    unrecorded: int = 0


def import_paths(rt: Runtime, paths: list[Path], *, answers: bool = True, send: bool = True,
                 progress: bool = False) -> ImportReport:
    rep = ImportReport()
    items = iter_messages(paths)  # streamed: an mbox of any size is never held in memory
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("Archivage", total=None)
    try:
        for label, raw, mtime, error in items:
            rep.read += 1
            if bar:
                bar.advance(task)
            if raw is None:
                log.warning("%s: %s", label, error)
                rep.unreadable += 1
                rep.unrecorded += 1
                continue
            try:
                res = accept_raw(rt.engine, rt.settings, raw, origin="import", fallback_time=mtime)
            except ArchiveError as exc:
                log.error("%s: %s", label, exc)
                rep.unrecorded += 1
                continue
            rep.new += res.created
            rep.duplicates += not res.created
    finally:
        if bar:
            bar.stop()
    # every message is archived and recorded first; then the steps run from the archive
    done = process_pending(rt, answers=answers)
    rep.failed = done.failed
    if send:
        flush_outbox(rt)
    return rep


OUTBOX_LEASE = "outbox"
_flushing = threading.Lock()  # the scheduler's jobs of one process take turns


def flush_outbox(rt: Runtime, now: datetime | None = None):
    """Send what is pending, holding the "outbox" lease, renewed while it sends: one process sends
    at a time, and a process that died while sending (its lease left behind) has its claims settled
    at once. Held answers whose cap now allows them are released first; the SMTP alert is
    opened or closed after (service.alerts). `now`: a given time (tests), else the clock's."""
    import time

    from notify.answers import release_held
    from notify.sender import SendReport, send_pending, stale_claim
    from service.alerts import check_smtp
    from service.oauth import smtp_token, token_provider_for
    from store.leases import acquire_lease, holder_gone, lease_holder, release_lease

    with _flushing:
        # one holder per process: its flushes take turns, so a lease it left behind (the release
        # failed: the database was gone) is its own to take again, and its claims are orphans
        holder = f"{socket.gethostname()}:{os.getpid()}:outbox"
        ttl = stale_claim(rt.settings)
        previous = lease_holder(rt.engine, OUTBOX_LEASE)
        other = acquire_lease(rt.engine, OUTBOX_LEASE, holder, ttl)
        if other is not None:
            log.info("envoi laissé à %s, qui envoie déjà", other)
            return SendReport()
        sent_box = None  # the Sent folder's IMAP session: one for the whole flush
        renewed = [time.monotonic()]

        def renew() -> bool:
            """Keep the lease while sending (renewed when a tenth of its time has passed)."""
            if time.monotonic() - renewed[0] < ttl.total_seconds() / 10:
                return True
            renewed[0] = time.monotonic()
            return acquire_lease(rt.engine, OUTBOX_LEASE, holder, ttl) is None

        try:
            try:
                release_held(rt.engine, rt.call, rt.settings, now)
            except Exception as exc:  # the answers already pending still go
                log_failure(log, "réponses retenues non réexaminées (réessai au prochain envoi)", exc)
            xoauth2 = rt.settings.smtp_host and rt.settings.smtp_auth == "xoauth2"
            provider = token_provider_for(rt.settings) if xoauth2 else None
            sent_box = _sent_box(rt)
            report = send_pending(rt.engine, rt.settings, sent_box=sent_box, now=now,
                                  token_provider=smtp_token(provider) if provider else None,
                                  orphaned_claims=previous == holder or holder_gone(previous),
                                  holder=holder, renew=renew, claimant_gone=holder_gone)
            if provider is not None and report.retried:  # perhaps the token was refused: a fresh one next time
                provider.invalidate()
            try:
                check_smtp(rt, now)
            except Exception as exc:
                log_failure(log, "surveillance du serveur d'envoi interrompue", exc)
            return report
        finally:
            if sent_box is not None:
                sent_box.close()
            release_lease(rt.engine, OUTBOX_LEASE, holder)


@dataclass
class RequeueReport:
    requeued: int = 0
    outdated: int = 0  # failed answers a newer answer of the same dossier replaces: left failed


def requeue_failed(rt: Runtime, references: list[str] | None = None, now: datetime | None = None) -> RequeueReport:
    """`outbox retry`: failed answers pending again, attempts and waiting time reset. Only the
    last answer of a dossier is requeued: an older one speaks of a state the dossier has left."""
    from sqlalchemy import func, update
    from sqlmodel import Session, col, select

    from notify.guards import ANSWER_KINDS
    from store.models import Dossier, Outbox, utcnow

    now = now or utcnow()
    rep = RequeueReport()
    with Session(rt.engine) as s:
        answers = col(Outbox.kind).in_(ANSWER_KINDS)
        query = select(Outbox).where(Outbox.status == "failed", answers)
        if references:
            ids = s.exec(select(Dossier.id).where(col(Dossier.reference).in_(references))).all()
            query = query.where(col(Outbox.dossier_id).in_(ids))
        failed = s.exec(query.order_by(Outbox.id)).all()
        last = dict(s.exec(select(Outbox.dossier_id, func.max(Outbox.id)).where(answers, Outbox.status != "held")
                           .group_by(Outbox.dossier_id)).all())
        for row in failed:
            if row.dossier_id is not None and last.get(row.dossier_id) != row.id:
                rep.outdated += 1
                continue
            rep.requeued += s.execute(update(Outbox).where(Outbox.id == row.id, Outbox.status == "failed").values(
                status="pending", attempts=0, next_attempt_at=now, failing_since=None, last_error=None,
                claimed_at=None, claimed_by=None)).rowcount
        s.commit()
    return rep


def _sent_box(rt: Runtime):
    """The IMAP Sent folder, where answers are appended and looked for before a resend."""
    if not (rt.settings.smtp_host and rt.settings.imap_host and rt.settings.imap_user):
        return None
    from service.oauth import token_provider_for
    from service.sentbox import ImapSentBox

    provider = token_provider_for(rt.settings) if rt.settings.imap_auth == "xoauth2" else None
    return ImapSentBox(rt.settings, provider, rt.engine)


def poll_cycle(rt: Runtime) -> dict:
    from service.oauth import imap_opener
    from service.poll import poll_once

    out: dict = {}
    warm_up(rt)  # the extraction workers start while the poll fetches
    try:
        rep = poll_once(rt.engine, rt.settings, imap_opener(rt.settings))
        out.update(new=rep.new, duplicates=rep.duplicates, error=bool(rep.errors))
    except Exception as exc:  # recorded on the cursor by poll_once; shown by `status`
        log.error("relève impossible : %s", exc)
        out["error"] = True
    out["processed"] = process_pending(rt).processed
    flush_outbox(rt)
    return out


def make_digest(rt: Runtime, start: datetime, end: datetime, *, send: bool = False):
    """The digest of [start, end); with `send`, queued once for the staff and the outbox flushed:
    its `delivery` then says what became of it (sent, written, pending, failed, or "already")."""
    import dataclasses

    from sqlmodel import Session, select

    from notify.digest import build_digest, render_digest_message
    from store.models import Outbox

    with Session(rt.engine) as s:
        dg = build_digest(s, rt.settings, rt.call, start, end)
    if send:
        key = f"digest:{start.isoformat()}:{end.isoformat()}"
        queued = queue_mail(rt, render_digest_message(dg, rt.settings), kind="digest", key=key)
        flush_outbox(rt)
        with Session(rt.engine) as s:
            row = s.exec(select(Outbox).where(Outbox.dedupe_key == key)).first()
        dg = dataclasses.replace(dg, delivery="already" if not queued else row.status if row else None)
    return dg


@dataclass
class DemoReport:
    read: int
    examples: Path
    export: Path
    digest_path: Path
    outbox: Path
    digest: object  # notify.digest.Digest
    dossiers: list  # French lines (notify.digest.dossier_lines)
    messages: str  # « candidatures : 2, … »


def demo_period(started: datetime, now: datetime, tz: str) -> tuple[datetime, datetime]:
    """The day the demo imported its mails, midnight to midnight (as `digest --date` names it),
    stretched to `now` should the import have run past midnight."""
    from datetime import time, timedelta
    from zoneinfo import ZoneInfo

    start = datetime.combine(started.astimezone(ZoneInfo(tz)).date(), time(0), ZoneInfo(tz))
    return start, max(start + timedelta(days=1), now)


def run_demo(rt: Runtime) -> DemoReport:
    """Import the bundled example mails into a private data dir and gather what staff would see."""
    import json

    from sqlmodel import Session

    from notify.digest import dossier_lines, message_counts
    from store.archive import write_atomic
    from store.export import export_document
    from store.models import utcnow

    examples = Path(__file__).resolve().parent.parent / "examples" / "mail"
    started = utcnow()
    rep = import_paths(rt, [examples])
    with Session(rt.engine) as s:
        doc = export_document(s, rt.call.name, rt.settings.timezone)
    out = rt.settings.data_dir
    write_atomic(out / "export.json", json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
    start, end = demo_period(started, utcnow(), rt.settings.timezone)
    dg = make_digest(rt, start, end)
    write_atomic(out / "digest.html", dg.html.encode("utf-8"))
    with Session(rt.engine) as s:
        lines, messages = dossier_lines(s, rt.settings, rt.call, end), message_counts(s)
    return DemoReport(read=rep.read, examples=examples, export=out / "export.json", digest_path=out / "digest.html",
                      outbox=out / "outbox", digest=dg, dossiers=lines, messages=messages)


def queue_mail(rt: Runtime, raw: bytes, *, kind: str, key: str) -> bool:
    """Put a staff mail (digest, alert) in the outbox once per key; False when already there."""
    import email
    import email.policy

    from sqlalchemy.exc import IntegrityError
    from sqlmodel import Session, select

    from store.models import Outbox

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    with Session(rt.engine) as s:
        if s.exec(select(Outbox).where(Outbox.dedupe_key == key)).first():
            return False
        s.add(Outbox(dedupe_key=key, kind=kind, to_addr=", ".join(rt.settings.staff_addresses),
                     subject=str(msg["Subject"] or ""), message_id=str(msg["Message-ID"] or key), raw=raw))
        try:
            s.commit()
        except IntegrityError:
            return False
    return True
