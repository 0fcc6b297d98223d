"""One poll of the submissions mailbox, and the loop that keeps polling.

The order of things is the whole point of this module:
  lease → SELECT → cursor (UIDVALIDITY) → UIDs above the cursor → per batch of new UIDs:
  RFC822.SIZE → FETCH (a message over FABRIQUE_MAX_MESSAGE_BYTES: its header only) → archive_raw
  (file written, fsync) → Message rows + ledger rows + cursor (one commit) → only then keyword /
  MOVE on the server → ledger rows marked; then the UIDs that failed before, each alone; then
  the markings refused before, when due.
A UID that cannot be fetched, archived or stored has a `failing` ledger row (service/ledger.py)
and holds the cursor below it: it is fetched again, alone and after the new mail, until it is
stored or quarantined. A marking the server refuses is recorded and tried again later: it never
stops the fetching. The ledger makes every step safe to repeat.
"""
from __future__ import annotations

import logging
import random
import re
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

from sqlalchemy.engine import Engine

from config.settings import Settings
from ingest.errors import IngestError
from ingest.imap import FetchFailed, FetchedMessage, Mailbox, ServerRefused, open_mailbox
from service import accept, ledger
from service.ledger import Folder, Item, Oversized
from service.runtime import log_failure
from store.db import session_scope
from store.leases import acquire_lease, new_holder, release_lease
from store.models import utcnow

log = logging.getLogger(__name__)

LEASE_MIN_S = 60  # a lease never lasts less than this, whatever the poll interval
MAX_FAILURES_PER_POLL = 5  # failed UIDs after which a poll stops (a systemic cause: disk full...)
THROTTLE_BACKOFF_S = 60.0  # least pause after a "slow down" answer (Microsoft 365 throttling)
THROTTLE_PAUSE_CAP_S = 1800.0  # a server-suggested pause is honoured up to this

# Microsoft 365: "NO [THROTTLED] Request is throttled. Suggested Backoff Time: 12345 milliseconds",
# and "BAD User is authenticated but not connected." while it sheds load after a login.
_THROTTLED = re.compile(r"throttl|user is authenticated but not connected", re.IGNORECASE)
_SUGGESTED = re.compile(r"backoff time:\s*(\d+)", re.IGNORECASE)  # milliseconds

MailboxFactory = Callable[[Settings], Mailbox]


@dataclass
class PollReport:
    fetched: int = 0
    new: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    skipped_by: str | None = None  # another live poller holds the lease
    resynced: bool = False  # UIDVALIDITY changed: read again from UID 0
    oversized: int = 0  # over FABRIQUE_MAX_MESSAGE_BYTES: header only, quarantined
    quarantined: list[int] = field(default_factory=list)  # UIDs given up in this poll
    mark_errors: list[str] = field(default_factory=list)  # markings refused (tried again later)

    @property
    def skipped(self) -> bool:
        return self.skipped_by is not None


def account_of(settings: Settings) -> str:
    return f"{settings.imap_user}@{settings.imap_host}"


def lease_name(settings: Settings) -> str:
    return f"poll:{account_of(settings)}/{settings.imap_folder}"


def lease_ttl(settings: Settings) -> timedelta:
    return timedelta(seconds=max(2 * settings.poll_interval, LEASE_MIN_S))


# --- one poll ------------------------------------------------------------------------

def poll_once(engine: Engine, settings: Settings, mailbox_factory: MailboxFactory = open_mailbox, *,
              mailbox: Mailbox | None = None, holder: str | None = None) -> PollReport:
    """One poll cycle. Raises on connection/server failures, after recording them on the cursor.

    `mailbox`: an open session to reuse (run_poller), else one is opened and closed here.
    `holder`: keep the lease under this name after returning (run_poller); by default a
    one-off holder is used and the lease released at the end.
    """
    account, folder, name = account_of(settings), settings.imap_folder, lease_name(settings)
    one_off = holder is None
    holder = holder or new_holder()
    report = PollReport()
    other = acquire_lease(engine, name, holder, lease_ttl(settings))
    if other is not None:
        report.skipped_by = other
        log.info("relève de %s/%s ignorée : déjà en cours par %s", account, folder, other)
        return report
    opened = None
    try:
        _touch_cursor(engine, account, folder)
        if mailbox is None:
            mailbox = opened = mailbox_factory(settings)
        _cycle(engine, settings, mailbox, report,
               renew=lambda: acquire_lease(engine, name, holder, lease_ttl(settings)))
    except Exception as exc:
        _record(engine, account, folder, [_reason(exc)], success=False)
        raise
    else:
        _record(engine, account, folder, report.errors, success=not report.errors)
    finally:
        if opened is not None:
            opened.close()
        if one_off:
            release_lease(engine, name, holder)
    return report


class _Poll:
    """The state of one poll cycle: what is settled (stored or quarantined) decides the cursor."""

    def __init__(self, engine: Engine, settings: Settings, mailbox: Mailbox, report: PollReport,
                 folder: Folder, uids: list[int], known: dict[int, tuple[str, int]]):
        self.engine, self.settings, self.mailbox, self.report, self.f = engine, settings, mailbox, report, folder
        self.uids = uids
        self.state = {uid: st for uid, (st, _) in known.items()}
        self.failures = 0
        self.keyword: str | None = None

    def upto(self) -> int:
        """The highest UID below which every UID of the search is settled (0 when none)."""
        reached = 0
        for uid in self.uids:
            if self.state.get(uid) not in ("stored", "quarantined"):
                break
            reached = uid
        return reached

    # --- fetching ---------------------------------------------------------------------------
    def fetch(self, uids: list[int], alone: bool) -> list[int]:
        """FETCH `uids` (one FETCH unless `alone`), archive and store them; returns the stored UIDs.
        A failed FETCH of several UIDs is retried UID by UID while the session lives."""
        items, reasons = [], {}
        try:
            for msg in self.mailbox.fetch(uids, self.settings.imap_batch, self.settings.max_message_bytes):
                self.report.fetched += 1
                try:
                    items.append(self._archive(msg))
                except Exception as exc:  # disk full...: fetched again later
                    log.error("UID %s de %s/%s non archivé : %s", msg.uid, self.f.account, self.f.folder, exc)
                    reasons[msg.uid] = f"message UID {msg.uid} non archivé (sera relu) : {type(exc).__name__}: {exc}"
        except FetchFailed as exc:
            fetched = set(reasons) | {i.uid for i in items}
            suspects = [u for u in exc.uids if u not in fetched]
            log.warning("FETCH refusé pour les UID %s de %s/%s : %s", suspects, self.f.account, self.f.folder, exc)
            several = len(suspects) > 1 and not alone
            if several:  # which one? each is fetched alone: now, or at the next poll if the session died
                self._failed({u: f"lecture du lot refusée par le serveur : {exc}" for u in suspects}, blamed=False)
            else:
                self._failed({u: f"lecture refusée par le serveur : {exc}" for u in suspects}, blamed=True)
            stored = self._store(items, reasons, mark=not exc.lost)
            if exc.lost:
                raise
            if several:
                for uid in suspects:
                    stored += self.fetch([uid], alone=True)
            return stored
        return self._store(items, reasons)

    def _archive(self, msg: FetchedMessage) -> Item:
        archived = accept.archive_raw(self.settings, msg.raw, received_at=msg.internaldate)
        if msg.whole:
            return Item(msg.uid, archived)
        self.report.oversized += 1
        log.warning("UID %s de %s/%s : %s octets, au-delà de FABRIQUE_MAX_MESSAGE_BYTES : en-tête seul",
                    msg.uid, self.f.account, self.f.folder, msg.size)
        return Item(msg.uid, archived, Oversized(msg.size, self.settings.max_message_bytes, _subject(msg.raw)))

    def _store(self, items: list[Item], reasons: dict[int, str], mark: bool = True) -> list[int]:
        for item in items:
            self.state[item.uid] = "stored"  # assumed for the cursor; a refused one holds it (advance below)
        for uid in reasons:
            self.state[uid] = "failing"
        refused: list[int] = []

        def on_refused(uid: int, reason: str) -> None:
            log.error("UID %s de %s/%s non enregistré : %s", uid, self.f.account, self.f.folder, reason)
            refused.append(uid)
            self._failed({uid: f"message UID {uid} non enregistré (sera relu) : {reason}"}, blamed=True)

        accepted = ledger.store(self.engine, self.f, items, self.upto(), on_refused) if items else []
        for uid, result in accepted:
            self.report.new += result.created
            self.report.duplicates += not result.created
        self._failed(reasons, blamed=True)
        if refused:
            ledger.advance(self.engine, self.f, self.upto())
        done = [uid for uid, _ in accepted]
        if done and mark:
            self.mark(done)
        return done

    def _failed(self, reasons: dict[int, str], blamed: bool) -> None:
        if not reasons:
            return
        for uid in reasons:
            self.state[uid] = "failing"
        gone = ledger.failed(self.engine, self.f, reasons, blamed)
        for uid in gone:
            self.state[uid] = "quarantined"
            log.error("UID %s de %s/%s mis en quarantaine : %s", uid, self.f.account, self.f.folder, reasons[uid])
        self.report.quarantined += gone
        self.failures += len(reasons) if blamed else 0
        self.report.errors += [r for uid, r in reasons.items() if uid not in gone]

    # --- marking ----------------------------------------------------------------------------
    def mark(self, uids: list[int]) -> None:
        """Keyword or MOVE on the server; a refusal is recorded and tried again later."""
        move_to, keyword = self.settings.imap_move_to, self.keyword
        if not uids or not (move_to or keyword):
            return
        try:
            done = self.mailbox.move(uids, move_to, keyword) if move_to else self.mailbox.mark(uids, keyword)
        except ServerRefused as exc:
            self._mark_refused(uids, str(exc))
            return
        # a lost session (IngestError) ends the poll: the rows stay unmarked, due at the next one
        ledger.marked(self.engine, self.f, done)

    def _mark_refused(self, uids: list[int], reason: str) -> None:
        after = ledger.mark_failed(self.engine, self.f, uids, reason)
        what = f"déplacement vers « {self.settings.imap_move_to} »" if self.settings.imap_move_to else "marquage"
        text = f"{what} de {len(uids)} message(s) refusé, nouvel essai après {after:%H:%M} UTC : {reason}"
        log.warning("%s/%s : %s", self.f.account, self.f.folder, text)
        self.report.mark_errors.append(text)


def _subject(header: bytes) -> str | None:
    """The decoded Subject of a header block (for staff to recognise an oversized message)."""
    import email.header
    import email.parser
    import email.policy

    try:
        value = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(header).get("Subject")
        return str(email.header.make_header(email.header.decode_header(str(value))))[:500] if value else None
    except Exception:  # it only helps
        return None


def _cycle(engine: Engine, settings: Settings, mailbox: Mailbox, report: PollReport,
           renew: Callable[[], str | None]) -> None:
    account, folder = account_of(settings), settings.imap_folder
    uidvalidity, allow_keywords = mailbox.select(folder)
    with session_scope(engine) as s:
        cursor = ledger.cursor(s, account, folder)
        if cursor.uidvalidity != uidvalidity:
            if cursor.uidvalidity is not None:
                log.warning("UIDVALIDITY de %s/%s changée (%s → %s) : relecture complète, sans doublon",
                            account, folder, cursor.uidvalidity, uidvalidity)
                report.resynced = True
            cursor.uidvalidity, cursor.last_uid = uidvalidity, 0
        last_uid = cursor.last_uid
    f = Folder(account, folder, uidvalidity)
    uids = mailbox.uids_above(last_uid)
    known = ledger.states(engine, f, last_uid)
    poll = _Poll(engine, settings, mailbox, report, f, uids, known)
    poll.keyword = settings.imap_processed_keyword if allow_keywords else None

    new = [u for u in uids if u not in known]
    retry = sorted((u for u in uids if known.get(u, ("",))[0] == "failing"), key=lambda u: (known[u][1], u))
    batch = max(1, settings.imap_batch)
    stopped = False
    for start in range(0, len(new), batch):  # the new mail first: a failing UID never holds it up
        poll.fetch(new[start:start + batch], alone=False)
        if _stop(poll, renew):
            stopped = True
            break
    if not stopped:
        for uid in retry:  # those that failed before, each alone, the least tried first
            poll.fetch([uid], alone=True)
            if _stop(poll, renew):
                stopped = True
                break
    ledger.advance(engine, f, poll.upto())
    if not stopped and (settings.imap_move_to or poll.keyword):  # stored earlier, still unmarked: due again
        poll.mark(ledger.due_for_marking(engine, f))


def _stop(poll: _Poll, renew: Callable[[], str | None]) -> bool:
    if poll.failures >= MAX_FAILURES_PER_POLL:  # the cause is not the message (disk full...): stop here
        poll.report.errors.append(f"relève interrompue après {poll.failures} échecs")
        return True
    if renew() is not None:
        poll.report.errors.append("bail de relève repris par un autre processus : relève interrompue")
        return True
    return False


def _touch_cursor(engine: Engine, account: str, folder: str) -> None:
    with session_scope(engine) as s:
        ledger.cursor(s, account, folder).last_poll_at = utcnow()


def _record(engine: Engine, account: str, folder: str, errors: list[str], *, success: bool) -> None:
    now = utcnow()
    with session_scope(engine) as s:
        cursor = ledger.cursor(s, account, folder)
        if success:
            cursor.last_success_at, cursor.last_error, cursor.failing_since = now, None, None
        else:
            cursor.last_error = " ; ".join(errors[:3])[:2000]
            cursor.failing_since = cursor.failing_since or now


# --- the loop --------------------------------------------------------------------------

def throttle_pause(exc: BaseException, least: float = THROTTLE_BACKOFF_S) -> float | None:
    """Seconds to keep away from a server that asked us to slow down; None when it did not.

    At least `least`, or the server's "Suggested Backoff Time" when longer (capped).
    """
    text = str(exc)
    if not _THROTTLED.search(text):
        return None
    suggested = _SUGGESTED.search(text)
    if suggested:
        return min(max(least, int(suggested.group(1)) / 1000.0), THROTTLE_PAUSE_CAP_S)
    return least


def run_poller(engine: Engine, settings: Settings, stop_event: threading.Event, on_new_mail: Callable[[], object],
               mailbox_factory: MailboxFactory = open_mailbox, *,
               backoff_initial: float = 1.0, backoff_cap: float = 300.0,
               throttle_backoff: float = THROTTLE_BACKOFF_S) -> None:
    """Poll until stop_event is set: poll, then IDLE (or sleep poll_interval), again.

    Connection failures reconnect with capped exponential backoff; nothing ends the loop but
    stop_event. A server that says it is throttling us is left alone for at least
    `throttle_backoff` seconds (or the pause it suggests). on_new_mail() is called after a
    poll accepted new messages.
    For XOAUTH2 pass `service.oauth.mailbox_factory(token_provider)` as mailbox_factory.
    """
    holder, name = new_holder(), lease_name(settings)
    backoff = backoff_initial
    mailbox: Mailbox | None = None
    try:
        while not stop_event.is_set():
            try:
                if acquire_lease(engine, name, holder, lease_ttl(settings)) is not None:
                    if mailbox is not None:  # another poller has this mailbox: leave the server alone
                        mailbox.close()
                        mailbox = None
                    stop_event.wait(settings.poll_interval)
                    continue
                if mailbox is None:
                    mailbox = _connect(engine, settings, mailbox_factory)
                report = poll_once(engine, settings, mailbox_factory, mailbox=mailbox, holder=holder)
                backoff = backoff_initial
                if report.new:
                    _call(on_new_mail)
                if report.skipped or not (settings.imap_idle and mailbox.can_idle):
                    stop_event.wait(settings.poll_interval)
                else:
                    mailbox.idle_wait(settings.poll_interval, should_stop=stop_event.is_set)
            except Exception as exc:  # never let the loop die; the cursor holds the reason
                pause = throttle_pause(exc, throttle_backoff)
                if pause is not None:  # hammering a throttling server prolongs the throttling
                    backoff = max(backoff, pause)
                    log.warning("le serveur IMAP demande de ralentir, pause de %.0f s : %s", backoff, exc)
                elif isinstance(exc, IngestError):
                    log.warning("relève impossible, nouvel essai dans %.0f s : %s", backoff, exc)
                else:
                    log_failure(log, f"relève en échec, nouvel essai dans {backoff:.0f} s", exc)
                if mailbox is not None:
                    mailbox.close()
                    mailbox = None
                stop_event.wait(backoff * random.uniform(0.8, 1.2))
                backoff = min(backoff * 2, backoff_cap)
    finally:
        if mailbox is not None:
            mailbox.close()
        try:
            release_lease(engine, name, holder)
        except Exception:
            log.exception("bail de relève non libéré (il expirera)")


def _connect(engine: Engine, settings: Settings, mailbox_factory: MailboxFactory) -> Mailbox:
    """Open the session; a failure is recorded on the cursor (status shows it) and re-raised."""
    try:
        return mailbox_factory(settings)
    except Exception as exc:
        _record(engine, account_of(settings), settings.imap_folder, [_reason(exc)], success=False)
        raise


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (IngestError, ValueError)):
        return str(exc)
    return f"erreur interne : {type(exc).__name__}: {exc}"


def _call(on_new_mail: Callable[[], object]) -> None:
    try:
        on_new_mail()
    except Exception:
        log.exception("traitement après relève en échec")
