"""The message pipeline, as one ordered list of small steps:

    archive → parse → classify → match dossier → extract → evaluate → answer

The archive step is service/accept.py (IMAP and `import` alike): its Message row is committed
before anything parses the message. `process_pending` runs the other steps from the archive;
a message that fails gets its reason recorded and the worker goes on.
"""
from __future__ import annotations

import collections
import hashlib
import logging
import time
from concurrent.futures import CancelledError
from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy import func, insert
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, delete, select

from extract.categories import mentions
from extract.evaluate import evaluate
from extract.textutil import fold
from extract.isolate import WorkersUnavailable
from extract.types import Document
from ingest.classify import is_document, linked_documents, machine_verdict
from ingest.errors import UnparseableMessage
from ingest.parse import ParsedMail, parse_head
from notify.bounces import record_bounce
from notify.doubt import review_reason
from service.match import (PARTNER_KEYS, Brought, dossier_people, find_dossier, forwarded_sender, org_domain,
                           staff_domain, third_parties, with_third_parties)
from service.prefetch import AnalysisFailed, Failure, Prepared, analyst_of, pool_of
from service.runtime import Runtime
from store.archive import read_blob, read_head
from store.db import session_scope
from store.leases import acquire_lease, new_holder, release_lease
from store.models import (Attachment, BudgetLineRow, Dossier, FlagRow, Message, PartnerRow,
                          RequirementResult, utcnow)

log = logging.getLogger(__name__)
STEPS = ("archive", "parse", "classify", "match", "extract", "evaluate", "answer")


@dataclass
class ProcessReport:
    processed: int = 0
    failed: int = 0
    deferred: int = 0  # left archived for the next cycle: no extraction worker could start
    by_kind: dict[str, int] = field(default_factory=dict)


# --- the steps after the archive ----------------------------------------------------------------

def process_pending(rt: Runtime, *, limit: int | None = None, answers: bool = True) -> ProcessReport:
    """Process the archived messages, oldest first. Any number of processes (`run`, `import`,
    `reprocess`) may do this on one store at once: each takes a lease on a sender (their
    organisation's domain, else their address) before touching that sender's messages, so a
    message is never processed twice and one sender's messages stay in their order (a reply
    after the submission it completes); the others share the rest."""
    report = ProcessReport()
    with Session(rt.engine) as s:
        q = (select(Message.id, Message.archive_path, Message.size, Message.from_addr)
             .where(Message.state == "archived").order_by(col(Message.received_at), col(Message.id)))
        rows = list(s.exec(q.limit(limit) if limit else q))
    wanted = {row[0] for row in rows}
    for pk in [pk for pk in rt.prepared if pk not in wanted]:  # prepared ahead by a call with a limit
        rt.prepared.pop(pk).cancel()
    for pk in [pk for pk in rt.ahead if pk not in wanted]:
        rt.ahead.pop(pk)[1].cancel()
    if rows:
        _warm_analyst(rt)
    claims = _Claims(rt)
    rest = iter(rows)
    window: collections.deque = collections.deque()  # the next rows whose sender is ours, in order

    def fill() -> None:
        # A sender is claimed as its first message enters the window, not before: another
        # process walking the same backlog takes the senders beyond it.
        while len(window) < LOOKAHEAD:
            row = next(rest, None)
            if row is None:
                return
            if claims.take(row[3], now=False):
                window.append(row)

    try:
        fill()
        while window:
            _prefetch(rt, list(window))
            pk, _, _, sender = window.popleft()
            claims.take(sender)  # renewed: this sender's messages are ours while we process them
            kind = process_message(rt, pk, answer=answers)
            if pk in rt.ahead:  # not asked for (a reply in its thread): the analyst drops it if not begun
                rt.ahead.pop(pk)[1].cancel()
            if kind == DEFERRED:  # no extraction worker can start now: this and the rest wait for the next cycle
                report.deferred = 1 + len(window) + sum(1 for _ in rest)
                break
            fill()
            if kind == SKIPPED:
                continue
            report.processed += 1
            if kind in ("failed", "quarantined"):
                report.failed += 1
            report.by_kind[kind] = report.by_kind.get(kind, 0) + 1
    finally:
        claims.release()
    return report


class _Claims:
    """The senders whose messages this process may process now (store leases "process:<sender>").
    A lease outlives the longest a message can take (its documents' and its analysis' limits)."""

    def __init__(self, rt: Runtime):
        self.rt = rt
        self.holder = new_holder()
        self.held: dict[str, bool] = {}
        self.taken: dict[str, float] = {}  # when each held lease was taken or renewed (monotonic)
        self.ttl = timedelta(seconds=max(600.0, 10 * rt.settings.extraction_timeout))

    @staticmethod
    def key(sender: str | None) -> str:
        return "process:" + (org_domain(sender) or (sender or "").lower() or "?")

    def take(self, sender: str | None, now: bool = True) -> bool:
        """Whether this process holds the sender's lease; `now`: renew it in the store when half
        its time has gone (a lease taken a moment ago is not written again before each message)."""
        key = self.key(sender)
        stale = now and self.held.get(key) and \
            time.monotonic() - self.taken[key] > self.ttl.total_seconds() / 2
        if key not in self.held or stale:
            self.held[key] = acquire_lease(self.rt.engine, key, self.holder, self.ttl) is None
            self.taken[key] = time.monotonic()
        return self.held[key]

    def release(self) -> None:
        """Every lease held, in one statement."""
        from store.models import Lease

        held = [key for key, held in self.held.items() if held]
        if not held:
            return
        try:
            with self.rt.engine.begin() as conn:
                for start in range(0, len(held), 500):  # bounded IN lists
                    conn.execute(delete(Lease).where(col(Lease.name).in_(held[start:start + 500]),
                                                     col(Lease.holder) == self.holder))
        except Exception:  # noqa: BLE001 - the store is gone: the leases run out by themselves
            log.warning("bails %s non rendus (ils expireront)", ", ".join(held[:5]), exc_info=True)


LOOKAHEAD = 8  # messages prepared ahead (parse, body, documents) by the readers, on both cores
SKIPPED = "skipped"  # processed meanwhile by another process


def warm_up(rt: Runtime) -> None:
    """Start the extraction workers now (they load their readers meanwhile, the analyst its
    named-entity model), e.g. while a poll fetches mail: the first messages then find them ready.
    Best effort."""
    try:
        pool_of(rt)
    except WorkersUnavailable:  # said again, and the messages deferred, when documents are to be read
        log.debug("lecteurs indisponibles", exc_info=True)
    _warm_analyst(rt)


def _warm_analyst(rt: Runtime) -> None:
    """The analyst loads its model once, at the first call (a pool started again loads it again)."""
    try:
        pool = analyst_of(rt)
        if not getattr(pool, "warming", None):
            pool.warming = pool.warm()
    except WorkersUnavailable:
        log.debug("analyste indisponible", exc_info=True)


def _prefetch(rt: Runtime, rows: list) -> None:
    """Keep the next messages in preparation in the readers (service/prefetch.py), and each
    prepared message's own documents analysed ahead by the analyst (_analyse_ahead)."""
    st = rt.settings
    for pk, path, size, _ in rows:
        if pk in rt.prepared or size > st.max_message_bytes:
            continue
        try:
            future = pool_of(rt).prepare(str(rt.archive / path), _limits(st))
        except WorkersUnavailable:  # said again, and the message deferred, when it is its turn
            return
        rt.prepared[pk] = future
        future.add_done_callback(lambda f, pk=pk: _analyse_ahead(rt, pk, f))


def _analyse_ahead(rt: Runtime, pk: int, future) -> None:
    """A message's own documents (body, then its document attachments) sent to the analyst as
    soon as a reader prepared them: a new dossier's matching and first evaluation ask for exactly
    these (_documents hands the same list on), and the analyst works while this process stores
    the messages before it. Not for a reply in a thread: it joins its dossier without them.
    Runs in the readers' dispatch thread: never raises."""
    try:
        if future.cancelled() or rt.prepared.get(pk) is not future:
            return
        prepared = future.result()
        if not isinstance(prepared, Prepared) or prepared.mail.in_reply_to or prepared.mail.references:
            return
        docs = _docs_of(prepared, prepared.documents)
        if docs is not None:
            rt.ahead[pk] = (docs, analyst_of(rt).ahead(docs, rt.call))
    except Exception:  # noqa: BLE001 - the analysis is then asked for at the message's turn
        log.debug("analyse anticipée du message %s impossible", pk, exc_info=True)


def _docs_of(prepared: Prepared, read: dict) -> list[Document] | None:
    """The body and the message's document attachments in their order, each under its own file
    name (same bytes may come under two names); None when one of them is not in `read`."""
    docs = [prepared.body]
    for att in prepared.mail.attachments:
        if is_document(att.filename, att.content_type, att.inline):
            doc = read.get(att.sha256)
            if doc is None:
                return None
            docs.append(doc if doc.name == att.filename else _renamed(doc, att.filename))
    return docs


def _limits(st) -> tuple[int, int, int]:
    return st.max_attachments, st.max_archive_depth, st.max_unpacked_bytes


def _prepared(rt: Runtime, msg: Message) -> Prepared | Failure:
    """The message parsed and read by a reader (prepared ahead, or now). When that broke a limit,
    the parse alone is asked for: its documents are then read one by one (_documents), each with
    its own limits, so the reason names the one that broke it."""
    future = rt.prepared.pop(msg.id, None)
    path = str(rt.archive / msg.archive_path)
    if future is None:
        future = pool_of(rt).prepare(path, _limits(rt.settings))
    try:
        result = future.result()
    except CancelledError as exc:  # the pool closed meanwhile (no worker could start again)
        raise WorkersUnavailable("lecteurs arrêtés pendant la lecture") from exc
    if isinstance(result, Failure) and _broke_limit(result.reason):
        try:
            result = pool_of(rt).prepare(path, _limits(rt.settings), read=False).result()
        except CancelledError as exc:
            raise WorkersUnavailable("lecteurs arrêtés pendant la lecture") from exc
    if isinstance(result, Prepared):
        for sha, doc in result.documents.items():
            rt.remember(sha, doc)
        rt.remember(f"body:{msg.sha256}", result.body)
    return result


def _broke_limit(reason: str) -> str | None:
    """The setting a worker's failure reason names, when it is a broken limit."""
    return next((setting for prefix, setting in _DOCUMENT_LIMITS if (reason or "").startswith(prefix)), None)


DEFERRED = "deferred"


def process_message(rt: Runtime, pk: int, *, answer: bool = True) -> str:
    """Run parse → answer for one archived message. Never raises for bad input. A write that
    collided with another process's (a dossier reference, an answer's key, a locked SQLite file)
    is tried again from the start: nothing of the first try was kept."""
    try:
        for attempt in range(_ATTEMPTS):
            try:
                with session_scope(rt.engine) as s:
                    msg = s.get(Message, pk)
                    if msg is None or msg.state != "archived":
                        return SKIPPED
                    return _process(rt, s, msg, answer=answer)
            except (IntegrityError, OperationalError) as exc:
                if attempt == _ATTEMPTS - 1 or not _collision(exc):
                    raise
                log.info("message %s : écriture concurrente, nouvel essai (%s)", pk, type(exc.orig).__name__)
                time.sleep(0.2 * (attempt + 1))
    except WorkersUnavailable as exc:  # the machine, not the message: it stays archived, tried again
        log.error("message %s remis au prochain cycle : %s", pk, exc)
        return DEFERRED
    except Exception as exc:  # a bug or a store fault: record it, keep the raw, go on
        log.exception("message %s failed", pk)
        with session_scope(rt.engine) as s:
            msg = s.get(Message, pk)
            msg.state, msg.error = "failed", f"erreur interne : {type(exc).__name__}: {exc}"[:500]
            msg.attempts += 1
            msg.processed_at = utcnow()
        return "failed"


_ATTEMPTS = 4


def _collision(exc: Exception) -> bool:
    """A unique key taken meanwhile by another process, or SQLite's writer lock: worth a new try."""
    text = str(getattr(exc, "orig", exc)).lower()
    return isinstance(exc, IntegrityError) or "locked" in text or "deadlock" in text or "could not serialize" in text


# what the extraction workers say when a document broke a limit (extract/isolate.py, service/prefetch.py)
_DOCUMENT_LIMITS = (("délai d'extraction dépassé", "FABRIQUE_EXTRACTION_TIMEOUT"),
                    ("mémoire dépassée", "FABRIQUE_EXTRACTION_MEMORY_MB"))


def _reasons(reasons, most: int = 10) -> str:
    """Reasons for staff, joined; a hostile archive's thousands of them are not all kept."""
    reasons = list(dict.fromkeys(reasons))
    more = f"; … et {len(reasons) - most} autre(s)" if len(reasons) > most else ""
    return "; ".join(reasons[:most]) + more


def _fail(msg: Message, state: str, reason: str) -> str:
    msg.state, msg.error, msg.processed_at = state, reason, utcnow()
    msg.attempts += 1
    return state


def _process(rt: Runtime, s: Session, msg: Message, *, answer: bool) -> str:
    st = rt.settings
    if msg.size > st.max_message_bytes:
        return _fail(msg, "quarantined", f"message de {msg.size} octets, au-delà de la limite "
                                         f"FABRIQUE_MAX_MESSAGE_BYTES ({st.max_message_bytes})")
    prepared = _prepared(rt, msg)  # parsed and read by a reader: nothing is parsed here
    if isinstance(prepared, Failure):
        _headers_alone(rt, msg)
        setting = _broke_limit(prepared.reason)
        if setting:
            return _fail(msg, "quarantined", f"{prepared.reason} (limite {setting})")
        return _fail(msg, "failed", prepared.reason)
    mail = prepared.mail
    _headers(msg, mail)
    if mail.over_limits:  # kept, shown to staff (digest, status), read again only on purpose
        return _fail(msg, "quarantined", _reasons(mail.over_limits))
    verdict = machine_verdict(mail)
    if verdict.kind:
        msg.classification, msg.state, msg.error, msg.processed_at = verdict.kind, "processed", None, utcnow()
        if verdict.kind == "bounce":  # one of our answers came back: marked on its Outbox row for staff
            record_bounce(s, rt.archive, msg)
        return verdict.kind
    try:
        return _process_proposal(rt, s, msg, prepared, mail, answer=answer)
    except AnalysisFailed as exc:  # its text broke the analyst's limits: kept, shown to staff
        # what it did before is undone (the transaction holds this message's work alone: no
        # savepoint, two statements less for every message); its headers stay
        s.rollback()
        _headers(msg, mail)
        files = _reasons([a.filename for a in mail.attachments if a.filename], most=5)
        return _fail(msg, "quarantined", f"analyse des documents interrompue{f' ({files})' if files else ''} : {exc} "
                                         "(limites FABRIQUE_EXTRACTION_TIMEOUT, FABRIQUE_EXTRACTION_MEMORY_MB)")


def _headers(msg: Message, mail: ParsedMail) -> None:
    """What the message's headers say, on its row."""
    msg.message_id = msg.message_id or mail.message_id
    msg.from_addr, msg.from_name, msg.subject = mail.from_addr, mail.from_name, mail.subject
    msg.in_reply_to, msg.references = mail.in_reply_to, " ".join(mail.references) or None


def _headers_alone(rt: Runtime, msg: Message) -> None:
    """Whose message it is, when no reader could parse it whole: from its header block alone."""
    try:
        _headers(msg, parse_head(read_head(rt.archive, msg.archive_path)))
    except (OSError, UnparseableMessage):  # no copy or no header block: the failure's reason says enough
        pass


def _process_proposal(rt: Runtime, s: Session, msg: Message, prepared: Prepared, mail: ParsedMail, *,
                      answer: bool) -> str:
    """classify (a person's mail) → match → extract → evaluate → answer."""
    docs = _documents(rt, s, msg, prepared)
    over = [f"{d.name} : {d.reason} (limite {setting})" for d in docs for prefix, setting in _DOCUMENT_LIMITS
            if (d.reason or "").startswith(prefix)]
    if over:
        return _fail(msg, "quarantined", _reasons(over))
    mail = _attributed(rt, msg, mail)
    if mail is None:  # staff writing themselves: no dossier, shown to staff
        msg.classification, msg.state, msg.error, msg.processed_at = "correspondence", "processed", None, utcnow()
        return "correspondence"
    found = find_dossier(s, mail, rt.call, lambda: _brought(rt, mail, docs),
                         lambda d: dossier_people(s, rt.archive, d, rt.call))
    from service.corrections import routed  # a message staff attached to a dossier joins it, whatever matched
    found = routed(s, msg, found)
    if found.held:  # changes nothing, answered by no one: staff decide (digest, status)
        _fail(msg, "quarantined", found.held)
        msg.classification = "correspondence"
        return "quarantined"
    dossier = found.dossier
    previous_status = previous_missing = None
    fresh = False  # a dossier opened by this message has no results stored yet
    if dossier is None:
        if not _is_proposal(rt, mail, docs):
            msg.classification, msg.state, msg.error, msg.processed_at = "correspondence", "processed", None, utcnow()
            return "correspondence"
        dossier = _open_dossier(rt, s, msg, mail)
        msg.classification = "submission"
        fresh = True
    else:
        previous_status, previous_missing = dossier.status, list(dossier.missing)
        first = s.exec(select(Message).where(Message.dossier_id == dossier.id)
                       .order_by(col(Message.received_at))).first()
        msg.classification = "submission" if first is None or first.id == msg.id else "reply"
    msg.dossier_id = dossier.id
    # processed with it (one UPDATE of the message: all of this commits together or not at all)
    msg.state, msg.error, msg.processed_at = "processed", _reasons(mail.problems) or None, utcnow()
    s.flush()
    evaluate_dossier(rt, s, dossier, fresh=fresh, messages=[msg] if fresh else None)
    if answer:
        _answer(rt, s, dossier, msg, mail, previous_status, previous_missing)
    return msg.classification


# --- extract --------------------------------------------------------------------------------

def _documents(rt: Runtime, s: Session, msg: Message, prepared: Prepared) -> list[Document]:
    """The body and every document attachment of one message, as the readers read them."""
    if msg.processed_at is not None:  # processed before (reprocess, a retry): its rows are replaced
        s.exec(delete(Attachment).where(Attachment.message_pk == msg.id))
    atts = prepared.mail.attachments
    shas = [att.sha256 for att in atts if is_document(att.filename, att.content_type, att.inline)]
    ahead = rt.ahead.get(msg.id)
    if ahead is not None:  # the list analysed ahead, the very same objects (_analyse knows them)
        docs = ahead[0]
    else:
        docs = _docs_of(prepared, _read(rt, msg, shas, prepared.documents))
    read = iter(docs[1:])
    rows = []
    for pos, att in enumerate(atts, start=1):
        doc = next(read) if is_document(att.filename, att.content_type, att.inline) else None
        rows.append(dict(message_pk=msg.id, position=pos, filename=att.filename, sha256=att.sha256,
                         content_type=att.content_type, size=att.size, inline=att.inline,
                         extraction=doc.status if doc else "skipped",
                         reason=doc.reason if doc else "image intégrée ou pièce sans contenu de dossier"))
    if rows:  # one statement for all of them (render_nulls: rows with and without a reason alike)
        s.execute(insert(Attachment).execution_options(render_nulls=True), rows)
    rt.remember_message(msg.id, docs)
    return docs


def _read(rt: Runtime, msg: Message, shas: list[str], known: dict | None = None) -> dict[str, Document]:
    """The message's documents by SHA-256: from what is known (its preparation, the cache), the
    others (its parse alone was prepared, or the cache let them go) each read by a reader from the
    archived message, with its own limits."""
    found = {sha: (known or {}).get(sha) or rt.documents.get(sha) for sha in shas}
    todo = list(dict.fromkeys(sha for sha, doc in found.items() if doc is None))
    if todo:
        for sha, doc in zip(todo, pool_of(rt).read_from(str(rt.archive / msg.archive_path),
                                                        _limits(rt.settings), todo)):
            found[sha] = doc
            rt.remember(sha, doc)
    return found


def _analyse(rt: Runtime, docs: list[Document]):
    """analyse() in the analyst process (service/prefetch.py: its limits, its model), remembered
    for the last list of documents: a new dossier's documents are analysed once for matching and
    once more by evaluate_dossier, the same objects."""
    memo = rt.last_analysis
    if memo is not None and _same(memo[0], docs):
        return memo[1]
    ahead = next((future for known, future in list(rt.ahead.values()) if _same(known, docs)), None)
    found = analyst_of(rt).analyse(docs, rt.call, ahead)
    rt.last_analysis = (tuple(docs), found)
    return found


def _same(known, docs: list[Document]) -> bool:
    return len(known) == len(docs) and all(a is b for a, b in zip(known, docs))


def _read_documents(rt: Runtime, items: list) -> list[Document]:
    """Each document read in an extraction worker with its time and memory limits (the process's
    pool, service/prefetch.py). Raises WorkersUnavailable when none can start."""
    return pool_of(rt).read(items)


def _renamed(doc: Document, name: str) -> Document:
    from dataclasses import replace
    return replace(doc, name=name)


def _is_proposal(rt: Runtime, mail: ParsedMail, docs: list[Document]) -> bool:
    """A proposal, whole or partial: its documents or body hold much of one (four elements of
    the call or more), or some of one (two or more) in a mail that says it answers the call
    (subject, body or file names: "candidature", "projet", "AMI"…), or it sends a document we
    cannot read while saying so (a scan, an encrypted file, or documents behind a download link:
    linked_documents). Anything else from a person is correspondence, left to staff (a newsletter
    whose PDF happens to hold a dated table and a list of names is not a proposal; a partner's
    letter of support, its name and commitment only, is no proposal of its own either)."""
    found = _analyse(rt, docs)
    present = [k for k, v in found.requirements.items() if v is not None]
    if len(present) >= 4:
        return True
    names = " ".join(a.filename for a in mail.attachments)
    says_so = mentions(fold(" ".join([mail.subject or "", (mail.text or "")[:4000], names])),
                       rt.call.submission_words)
    if len(present) >= 2 and any(not k.startswith(PARTNER_KEYS) for k in present):
        return says_so
    unread = [d for d in docs if d.name is not None and (d.status != "ok" or d.ocr)]
    return bool(unread or linked_documents("\n".join(filter(None, [mail.text, mail.html])))) and says_so


def _message_documents(rt: Runtime, s: Session, msg: Message) -> list[Document]:
    """Documents of an earlier message: the list it was evaluated with (the same objects: an
    analysis of them is known), else from the cache or read again by a reader from the archive."""
    known_list = rt.message_docs.get(msg.id)
    if known_list is not None:
        return known_list
    atts = s.exec(select(Attachment).where(Attachment.message_pk == msg.id).order_by(Attachment.position)).all()
    wanted = [a for a in atts if a.extraction != "skipped"]
    body = rt.documents.get(f"body:{msg.sha256}")
    known: dict = {}
    if body is None:
        prepared = _prepared(rt, msg)
        if isinstance(prepared, Failure):  # it was read before: the machine, not the message
            raise WorkersUnavailable(f"relecture du message {msg.id} impossible : {prepared.reason}")
        body, known = prepared.body, prepared.documents
    read = _read(rt, msg, [a.sha256 for a in wanted], known)
    return [body] + [d if d.name == a.filename else _renamed(d, a.filename)
                     for a in wanted if (d := read.get(a.sha256)) is not None]


# --- match / open -----------------------------------------------------------------------

def _brought(rt: Runtime, mail: ParsedMail, docs: list[Document]) -> Brought:
    """What this message brings on its own: its project's names, its share of a proposal, and
    the text where it may name a dossier's project (subject, body, file names)."""
    found = _analyse(rt, docs)
    present = [k for k, v in found.requirements.items() if v is not None]
    body = " ".join(b.text for b in docs[0].blocks[:200]) if docs and docs[0].name is None else (mail.text or "")
    names = " ".join(a.filename for a in mail.attachments if is_document(a.filename, a.content_type, a.inline))
    return Brought(title=found.project_title, acronym=found.acronym, organisation=found.organisation,
                   subject=mail.subject or "", found=len(present),
                   description=sum(1 for k in present if k.startswith("description.")),
                   text=f"{mail.subject or ''}\n{body[:8000]}\n{names}", kinds=frozenset(present),
                   documents=len(docs) - 1,
                   documents_text="\n".join(" ".join(b.text for b in d.blocks[:80])[:6000] for d in docs[1:]),
                   letter=mentions(fold(f"{mail.subject or ''} {body[:3000]} {names}"), rt.call.letter_words))


def _attributed(rt: Runtime, msg: Message, mail: ParsedMail) -> ParsedMail | None:
    """A message from staff (the call's own mailbox domain) is a forward: it belongs to the
    person whose message it forwards, and answers go to them, never to staff. None when staff
    wrote it themselves."""
    staff = staff_domain(rt.call, rt.settings)
    if not staff or org_domain(mail.from_addr) != staff:
        return mail
    raw = read_blob(rt.archive, msg.archive_path)
    original = forwarded_sender(mail, raw, staff)
    if original is None:
        return None
    log.info("message %s transféré par %s, attribué à %s", msg.id, mail.from_addr, original[1])
    msg.from_name, msg.from_addr = original
    return replace(mail, from_name=original[0], from_addr=original[1])


def _open_dossier(rt: Runtime, s: Session, msg: Message, mail: ParsedMail) -> Dossier:
    prefix = rt.call.reference_prefix
    # the highest number: longest reference first, then the greatest (the database sorts; reading
    # every reference back made each new dossier cost more than the one before)
    refs = s.exec(select(Dossier.reference).where(col(Dossier.reference).startswith(prefix + "-"))
                  .order_by(func.length(Dossier.reference).desc(), col(Dossier.reference).desc()).limit(1))
    number = next((int(r.rsplit("-", 1)[1]) for r in refs if r.rsplit("-", 1)[1].isdigit()), 0) + 1
    d = Dossier(reference=f"{prefix}-{number:04d}", call=rt.call.name, applicant_email=mail.from_addr or "",
                applicant_name=mail.from_name, org_domain=org_domain(mail.from_addr),
                received_at=msg.received_at, updated_at=utcnow(), project_title=None)
    s.add(d)
    s.flush()
    return d


# --- evaluate --------------------------------------------------------------------------------

def evaluate_dossier(rt: Runtime, s: Session, dossier: Dossier, *, fresh: bool = False,
                     messages: list[Message] | None = None) -> None:
    """Evaluate the dossier again on everything it now holds, and store the results (those of
    an earlier evaluation replaced; `fresh`: opened in this transaction, none to replace).
    `messages`: the dossier's messages, when the caller knows them (a dossier opened by its
    first message), else read from the store."""
    msgs = messages if messages is not None else s.exec(
        select(Message).where(Message.dossier_id == dossier.id).order_by(col(Message.received_at), col(Message.id))).all()
    third = third_parties(s, rt.archive, dossier, rt.call)
    docs: list[Document] = []
    theirs: list[Document] = []
    for m in msgs:
        (theirs if m.id in third else docs).extend(_message_documents(rt, s, m))
    analysis = _analyse(rt, docs)
    if theirs:  # a partner's letter adds its partners, nothing else (service/match.py)
        analysis = with_third_parties(analysis, _analyse(rt, docs + theirs))
    from service.corrections import corrected  # staff's corrections, kept by every evaluation and reprocess
    analysis = corrected(s, dossier, analysis)
    first = next((m for m in msgs if m.classification == "submission"), msgs[0])
    ev = evaluate(analysis, rt.call, first.received_at)
    b = analysis.budget
    dossier.status, dossier.missing = ev.status, list(ev.missing)
    dossier.flags, dossier.reasons = list(ev.flags), list(ev.reasons)
    # what the reader could not read whole, and why staff must look (notify.doubt): never guessed to the applicant
    dossier.unread = list(analysis.unread)
    dossier.review = review_reason(missing=ev.missing, confidence=analysis.confidence, unread=analysis.unread,
                                   flags=ev.flags, labels=rt.call.labels)
    dossier.project_title = analysis.project_title or dossier.project_title
    dossier.organisation = analysis.organisation or dossier.organisation
    dossier.received_at = first.received_at
    dossier.budget = {
        "total_eur": b.total_eur, "anact_request_eur": b.anact_request_eur, "cofinancing_eur": b.cofinancing_eur,
        "cofinancing_share": b.cofinancing_share,
        "by_category": {k: b.by_category.get(k) for k in ("personnel", "deplacements_logistique", "prestations", "autres")},
        "cofinancements": [{"source": r.label, "amount_eur": r.amount_eur, "nature": r.nature}
                           for r in b.resources if r.kind != "anact"],
        "stated_total_eur": b.stated_total_eur,
        "project_end": analysis.project_end.isoformat() if analysis.project_end else None,
        "acronym": analysis.acronym,  # with the title, what service/match.py knows the project by
    }
    dossier.updated_at = utcnow()
    if ev.status == "complete" and dossier.completed_at is None:
        dossier.completed_at = utcnow()
    dossier.state_key = hashlib.sha1(("|".join([ev.status, *sorted(ev.missing)])).encode()).hexdigest()[:12]
    for table in () if fresh else (RequirementResult, BudgetLineRow, PartnerRow, FlagRow):
        s.exec(delete(table).where(table.dossier_id == dossier.id))
    # plain INSERTs, one statement per table (ORM objects cost ~0.3 ms each to build and flush)
    requirement_rows = [dict(dossier_id=dossier.id, key=key, present=src is not None,
                             attachment=src.attachment if src else None, page=src.page if src else None,
                             excerpt=src.excerpt if src else None, confidence=analysis.confidence.get(key))
                        for key, src in analysis.requirements.items()]
    budget_rows = [dict(dossier_id=dossier.id, kind="expense", label=line.label, amount_eur=line.amount_eur,
                        category=line.category, nature=None, attachment=line.source.attachment,
                        page=line.source.page) for line in b.lines]
    budget_rows += [dict(dossier_id=dossier.id, kind="resource", label=r.label, amount_eur=r.amount_eur,
                         category=None, nature="anact" if r.kind == "anact" else r.nature,
                         attachment=r.source.attachment, page=r.source.page) for r in b.resources]
    partner_rows = [dict(dossier_id=dossier.id, name=p.name, contribution=p.contribution,
                         attachment=p.source.attachment, page=p.source.page) for p in analysis.partners]
    reasons = dict(zip(ev.flags, ev.reasons)) if len(ev.reasons) == len(ev.flags) else {}
    flag_rows = [dict(dossier_id=dossier.id, code=code, reason=reasons.get(code)) for code in ev.flags]
    for table, rows in ((RequirementResult, requirement_rows), (BudgetLineRow, budget_rows),
                        (PartnerRow, partner_rows), (FlagRow, flag_rows)):
        if rows:  # render_nulls: one statement a table (None values omitted would split the rows by key set)
            s.execute(insert(table).execution_options(render_nulls=True), rows)
    s.flush()


# --- answer --------------------------------------------------------------------------------

def _answer(rt: Runtime, s: Session, dossier: Dossier, msg: Message, mail: ParsedMail,
            previous_status: str | None, previous_missing: list[str] | None) -> None:
    from notify.answers import decide_answer

    decide_answer(s, dossier=dossier, trigger=msg, trigger_headers=mail.headers,
                  previous_status=previous_status, previous_missing=previous_missing,
                  call=rt.call, settings=rt.settings, now=utcnow())


def reprocess(rt: Runtime, references: list[str] | None = None) -> ProcessReport:
    """Run the steps again from the archive (after a rule or extractor change).
    Answers already sent for the same state are not sent again (the outbox is keyed by state)."""
    with Session(rt.engine) as s:
        q = select(Message.id).order_by(col(Message.received_at), col(Message.id))
        if references:
            ids = s.exec(select(Dossier.id).where(col(Dossier.reference).in_(references))).all()
            q = q.where(col(Message.dossier_id).in_(ids))
        pks = list(s.exec(q))
        for pk in pks:
            m = s.get(Message, pk)
            m.state = "archived"
            s.add(m)
        s.commit()
    return process_pending(rt)
