"""Staff corrections of a dossier's reading (store.models.Correction), applied in one place.

    corrected(s, dossier, analysis)  the analysis with the dossier's corrections: called by
                                     service.pipeline.evaluate_dossier before the call's rules, so
                                     every evaluation (a new message, `reprocess`) keeps them
    routed(s, msg, found)            a message staff attached to a dossier joins it, whatever
                                     matching found (service.pipeline._process_proposal)
    correct / withdraw / attach / merge / split
                                     what the review pages do: stored with author and time, written
                                     in the audit, and the dossiers evaluated again at once (status,
                                     flags, the answer the new state calls for)

A correction names its dossier by reference: a merge removes the dossier it empties, and its
corrections follow the messages to the dossier they joined.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from types import SimpleNamespace

from sqlmodel import Session, col, delete, select

from extract.textutil import fold
from extract.types import Analysis, Budget, Partner, Source
from service.match import Found, org_domain
from store.db import session_scope
from store.leases import acquire_lease, new_holder, release_lease
from store.models import (AuditEntry, BudgetLineRow, Correction, Dossier, FlagRow, Message, Outbox, PartnerRow,
                          RequirementResult, utcnow)

log = logging.getLogger(__name__)

FIGURES = ("total_eur", "anact_request_eur", "cofinancing_eur")
KINDS = ("requirement", "figure", "partner_add", "partner_remove", "message")
LEASE_WAIT = 30.0  # seconds a correction waits for the service to finish the dossier's sender's messages


class Refused(ValueError):
    """A correction that cannot be made (French, for staff)."""


# --- applied at every evaluation -------------------------------------------------------------

def active(s: Session, reference: str) -> list[Correction]:
    """The dossier's corrections in force, oldest first (a later one on the same thing wins)."""
    return list(s.exec(select(Correction).where(Correction.dossier_ref == reference,
                                                col(Correction.withdrawn_at).is_(None))
                       .order_by(col(Correction.id))).all())


def corrected(s: Session, dossier: Dossier, analysis: Analysis) -> Analysis:
    """The analysis as staff corrected it: elements present or missing (then "sure"), budget
    figures, partners added or removed. Unchanged when the dossier has no correction."""
    rows = [c for c in active(s, dossier.reference) if c.kind != "message"]
    if not rows:
        return analysis
    requirements, confidence = dict(analysis.requirements), dict(analysis.confidence)
    partners, figures = list(analysis.partners), {}
    for c in rows:
        value = c.value or {}
        if c.kind == "requirement" and c.key in requirements:
            if value.get("present"):
                found = analysis.requirements.get(c.key)
                requirements[c.key] = found or Source(attachment=value.get("attachment"), page=value.get("page"),
                                                      excerpt=value.get("note") or f"présent selon {c.author}")
            else:
                requirements[c.key] = None
            confidence[c.key] = "sure"
        elif c.kind == "figure" and c.key in FIGURES:
            figures[c.key] = value.get("amount")
        elif c.kind == "partner_add" and value.get("name"):
            partners = [p for p in partners if fold(p.name) != fold(value["name"])]
            partners.append(Partner(name=value["name"], contribution=value.get("contribution") or None,
                                    source=Source(attachment=None, page=None, excerpt=f"ajouté par {c.author}")))
        elif c.kind == "partner_remove" and c.key:
            partners = [p for p in partners if fold(p.name) != fold(c.key)]
    budget = _budget(analysis.budget, figures) if figures else analysis.budget
    return replace(analysis, requirements=requirements, confidence=confidence, partners=tuple(partners),
                   budget=budget)


def _budget(budget: Budget, figures: dict) -> Budget:
    """The budget with staff's figures; the co-financing share worked out again from them (the
    co-financing over the total, else what the total leaves beyond the Anact request)."""
    total = figures.get("total_eur", budget.total_eur)
    request = figures.get("anact_request_eur", budget.anact_request_eur)
    cofinancing = figures.get("cofinancing_eur", budget.cofinancing_eur)
    share = None
    if total and cofinancing is not None:
        share = cofinancing / total
    elif total and request is not None:
        share = max(total - request, 0.0) / total
    return replace(budget, total_eur=total, anact_request_eur=request, cofinancing_eur=cofinancing,
                   cofinancing_share=share)


def routed(s: Session, msg: Message, found: Found) -> Found:
    """Where the message goes: the dossier staff attached it to, else what matching found."""
    pin = _pin(s, msg.id)
    if pin is None:
        return found
    dossier = s.exec(select(Dossier).where(Dossier.reference == pin.dossier_ref)).first()
    return Found(dossier, "rattaché par l’équipe") if dossier is not None else found


def _pin(s: Session, message_pk: int | None) -> Correction | None:
    if message_pk is None:
        return None
    return s.exec(select(Correction).where(Correction.kind == "message", Correction.message_pk == message_pk,
                                           col(Correction.withdrawn_at).is_(None))
                  .order_by(col(Correction.id).desc())).first()


# --- what staff do ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What a change did, for the page: the dossiers evaluated again and the answers decided."""

    references: tuple[str, ...]
    answers: tuple[str, ...] = ()  # outbox statuses of the answers decided ("pending", "review", …)
    note: str = ""


def audit(s: Session, actor: str, action: str, detail: str, reference: str | None = None) -> None:
    s.add(AuditEntry(actor=actor, action=action, dossier_ref=reference, detail=detail, at=utcnow()))


def correct(rt, reference: str, kind: str, key: str | None, value: dict, actor: str, detail: str) -> Outcome:
    """Store one correction of the dossier (a newer one on the same thing replaces the older) and
    evaluate the dossier again."""
    if kind not in KINDS or kind == "message":
        raise Refused("correction inconnue")
    with session_scope(rt.engine) as s:
        dossier = _dossier(s, reference)
        for old in active(s, reference):
            if old.kind == kind and old.key == key and kind != "partner_add":
                old.withdrawn_at, old.withdrawn_by = utcnow(), actor
        if kind == "partner_add":  # a partner added again replaces the one added before under that name
            for old in active(s, reference):
                if old.kind in ("partner_add", "partner_remove") and \
                        fold((old.value or {}).get("name") or old.key or "") == fold(value.get("name") or ""):
                    old.withdrawn_at, old.withdrawn_by = utcnow(), actor
        s.add(Correction(dossier_ref=dossier.reference, kind=kind, key=key, value=value, author=actor,
                         created_at=utcnow()))
        audit(s, actor, f"correction:{kind}", detail, dossier.reference)
    return reevaluate(rt, [reference], actor)


def withdraw(rt, correction_id: int, actor: str) -> Outcome:
    """Withdraw a correction: the reading decides again."""
    with session_scope(rt.engine) as s:
        c = s.get(Correction, correction_id)
        if c is None or c.withdrawn_at is not None:
            raise Refused("cette correction n’est plus en vigueur")
        c.withdrawn_at, c.withdrawn_by = utcnow(), actor
        reference = c.dossier_ref
        audit(s, actor, "correction:annulée", f"correction n° {c.id} annulée", reference)
    if c.kind == "message" and c.message_pk is not None:
        return _process_again(rt, [c.message_pk], [reference])
    return reevaluate(rt, [reference], actor)


def attach(rt, message_pk: int, reference: str, actor: str) -> Outcome:
    """The message joins the dossier `reference`, now and at every reprocess; the dossier it
    leaves is evaluated again (removed when it held nothing else)."""
    with session_scope(rt.engine) as s:
        msg = s.get(Message, message_pk)
        target = _dossier(s, reference)
        if msg is None:
            raise Refused("message introuvable")
        if msg.classification in ("auto_reply", "bounce"):
            raise Refused("une réponse automatique ou un avis de non-remise ne se rattache pas à un dossier")
        left = s.get(Dossier, msg.dossier_id) if msg.dossier_id else None
        if left is not None and left.id == target.id:
            raise Refused(f"ce message est déjà dans le dossier {reference}")
        _pin_message(s, msg, target.reference, actor)
        audit(s, actor, "message:rattaché", f"message « {msg.subject or 'sans objet'} » de {msg.from_addr} "
                                            f"rattaché au dossier {target.reference}"
              + (f" (il était dans le dossier {left.reference})" if left else ""), target.reference)
        others = [left.reference] if left is not None else []
    return _process_again(rt, [message_pk], others)


def merge(rt, source_ref: str, target_ref: str, actor: str) -> Outcome:
    """Every message of `source_ref` joins `target_ref`, with its corrections and the answers
    already sent; `source_ref` is removed (its reference then leads to `target_ref`)."""
    if source_ref == target_ref:
        raise Refused("un dossier ne se fusionne pas avec lui-même")
    with _leases(rt, [source_ref, target_ref]), session_scope(rt.engine) as s:
        source, target = _dossier(s, source_ref), _dossier(s, target_ref)
        msgs = s.exec(select(Message).where(Message.dossier_id == source.id)).all()
        for msg in msgs:
            _pin_message(s, msg, target.reference, actor)
            msg.dossier_id = target.id
        for c in active(s, source.reference):
            if c.kind != "message":
                c.dossier_ref = target.reference
        for row in s.exec(select(Outbox).where(Outbox.dossier_id == source.id)).all():
            row.dossier_id = target.id
        s.add(Correction(dossier_ref=target.reference, kind="merged", key=source.reference, value={},
                         author=actor, created_at=utcnow()))
        audit(s, actor, "dossier:fusionné", f"dossier {source.reference} fusionné dans le dossier "
                                            f"{target.reference} ({len(msgs)} message(s))", target.reference)
        s.flush()
        _remove(s, source)
        outcome = _evaluate(rt, s, target)
    send_soon(rt, outcome)
    return Outcome((target_ref,), outcome.answers, f"{source_ref} fusionné dans {target_ref}")


def split(rt, reference: str, message_pks: list[int], actor: str) -> Outcome:
    """The chosen messages leave the dossier for a new one (its applicant: the first message's
    sender); both are evaluated again."""
    from service.pipeline import _open_dossier

    with _leases(rt, [reference]), session_scope(rt.engine) as s:
        source = _dossier(s, reference)
        msgs = s.exec(select(Message).where(Message.dossier_id == source.id)
                      .order_by(col(Message.received_at), col(Message.id))).all()
        moving = [m for m in msgs if m.id in set(message_pks)]
        if not moving:
            raise Refused("cochez les messages qui forment l’autre dossier")
        if len(moving) == len(msgs):
            raise Refused("au moins un message doit rester dans le dossier")
        first = moving[0]
        new = _open_dossier(rt, s, first, SimpleNamespace(from_addr=first.from_addr, from_name=first.from_name))
        for msg in moving:
            _pin_message(s, msg, new.reference, actor)
            msg.dossier_id = new.id
        first.classification = "submission"
        audit(s, actor, "dossier:scindé", f"{len(moving)} message(s) du dossier {source.reference} forment le "
                                          f"nouveau dossier {new.reference}", source.reference)
        s.flush()
        a, b = _evaluate(rt, s, source), _evaluate(rt, s, new)
        outcome = Outcome((source.reference, new.reference), a.answers + b.answers, f"nouveau dossier {new.reference}")
    send_soon(rt, outcome)
    return outcome


def reevaluate(rt, references: list[str], actor: str | None = None) -> Outcome:
    """Evaluate the dossiers again now (their corrections applied) and decide the answer their
    new state calls for."""
    with _leases(rt, references), session_scope(rt.engine) as s:
        outcome = _reevaluate(rt, s, references)
    send_soon(rt, outcome)
    return outcome


def _reevaluate(rt, s: Session, references: list[str]) -> Outcome:
    answers: list[str] = []
    done: list[str] = []
    for reference in references:
        dossier = s.exec(select(Dossier).where(Dossier.reference == reference)).first()
        if dossier is None:
            continue
        if not s.exec(select(Message.id).where(Message.dossier_id == dossier.id)).first():
            _remove(s, dossier)  # it held only the messages that left it
            continue
        answers += _evaluate(rt, s, dossier).answers
        done.append(reference)
    return Outcome(tuple(done), tuple(answers))


# --- helpers ----------------------------------------------------------------------------------

def _dossier(s: Session, reference: str) -> Dossier:
    d = s.exec(select(Dossier).where(Dossier.reference == reference, Dossier.purged == False)).first()  # noqa: E712
    if d is None:
        raise Refused(f"dossier {reference} introuvable")
    return d


def _pin_message(s: Session, msg: Message, reference: str, actor: str) -> None:
    old = _pin(s, msg.id)
    while old is not None:
        old.withdrawn_at, old.withdrawn_by = utcnow(), actor
        s.flush()
        old = _pin(s, msg.id)
    s.add(Correction(dossier_ref=reference, kind="message", message_pk=msg.id, value={}, author=actor,
                     created_at=utcnow()))
    s.flush()


def _remove(s: Session, dossier: Dossier) -> None:
    """A dossier left without messages: its results go, its answers stay with their messages'
    new dossier (re-pointed by the caller) or without one."""
    for row in s.exec(select(Outbox).where(Outbox.dossier_id == dossier.id)).all():
        row.dossier_id = None
    for table in (RequirementResult, BudgetLineRow, PartnerRow, FlagRow):
        s.exec(delete(table).where(table.dossier_id == dossier.id))
    s.flush()
    s.delete(dossier)
    s.flush()


def _evaluate(rt, s: Session, dossier: Dossier) -> Outcome:
    """evaluate_dossier (which applies the corrections), then the answer the state calls for,
    triggered by the dossier's latest message from its applicant (else its latest)."""
    from notify.answers import decide_answer
    from service.pipeline import evaluate_dossier

    previous = (dossier.status, list(dossier.missing or []))
    evaluate_dossier(rt, s, dossier)
    msgs = s.exec(select(Message).where(Message.dossier_id == dossier.id)
                  .order_by(col(Message.received_at).desc(), col(Message.id).desc())).all()
    own = (dossier.applicant_email or "").lower()
    trigger = next((m for m in msgs if (m.from_addr or "").lower() == own), msgs[0])
    row = decide_answer(s, dossier=dossier, trigger=trigger, trigger_headers={}, previous_status=previous[0],
                        previous_missing=previous[1], call=rt.call, settings=rt.settings, now=utcnow())
    s.flush()
    return Outcome((dossier.reference,), (row.status,) if row is not None else ())


def _process_again(rt, message_pks: list[int], others: list[str]) -> Outcome:
    """Messages processed again from the archive (their pin routes them), then the dossiers they
    left evaluated again."""
    from service.pipeline import process_message

    references: list[str] = []
    started = utcnow()
    with _leases(rt, others, message_pks):
        with session_scope(rt.engine) as s:
            for pk in message_pks:
                msg = s.get(Message, pk)
                if msg is not None:
                    msg.state = "archived"
        for pk in message_pks:
            process_message(rt, pk)
            with Session(rt.engine) as s:
                msg = s.get(Message, pk)
                d = s.get(Dossier, msg.dossier_id) if msg is not None and msg.dossier_id else None
                if d is not None:
                    references.append(d.reference)
        with session_scope(rt.engine) as s:
            rest = _reevaluate(rt, s, [r for r in others if r not in references])
    with Session(rt.engine) as s:  # the answers the processing decided, as they stand now
        answers = tuple(s.exec(select(Outbox.status).join(Dossier, Outbox.dossier_id == Dossier.id)
                               .where(col(Dossier.reference).in_(references), col(Outbox.trigger_pk).in_(message_pks),
                                      Outbox.created_at >= started)).all()) if references else ()
    outcome = Outcome(tuple(references) + rest.references, answers + rest.answers)
    send_soon(rt, outcome)
    return outcome


class _leases:
    """The leases the pipeline takes on each dossier's sender (service.pipeline._Claims), held
    while staff's change is applied: a message of the same sender is never processed meanwhile."""

    def __init__(self, rt, references: list[str], messages: list[int] = ()):
        self.rt, self.references, self.messages, self.holder, self.names = rt, references, messages, new_holder(), []

    def __enter__(self):
        with Session(self.rt.engine) as s:
            senders = list(s.exec(select(Dossier.applicant_email)
                                  .where(col(Dossier.reference).in_(self.references))).all())
            if self.messages:
                senders += s.exec(select(Message.from_addr).where(col(Message.id).in_(list(self.messages)))).all()
        names = sorted({"process:" + (org_domain(a) or (a or "").lower() or "?") for a in senders})
        deadline = time.monotonic() + LEASE_WAIT
        for name in names:
            while acquire_lease(self.rt.engine, name, self.holder, timedelta(minutes=10)) is not None:
                if time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    raise Refused("le service traite en ce moment un message de ce dossier : réessayez dans "
                                  "une minute")
                time.sleep(0.5)
            self.names.append(name)
        return self

    def __exit__(self, *exc):
        for name in self.names:
            try:
                release_lease(self.rt.engine, name, self.holder)
            except Exception:  # noqa: BLE001 - it runs out by itself
                log.warning("bail %s non rendu", name, exc_info=True)
        self.names = []
        return False


_KICKERS: dict[int, threading.Event] = {}
_KICKERS_LOCK = threading.Lock()


def send_soon(rt, outcome: Outcome | None = None) -> None:
    """Answers queued now leave at once, as `run` would send them: one sending thread per
    runtime, woken after the change is committed (a send never starts before the row exists)."""
    if outcome is not None and "pending" not in outcome.answers:
        return
    from service.jobs import flush_outbox

    with _KICKERS_LOCK:
        wake = _KICKERS.get(id(rt))
        if wake is None:
            wake = _KICKERS[id(rt)] = threading.Event()

            def loop() -> None:
                while True:
                    wake.wait()
                    wake.clear()
                    try:
                        flush_outbox(rt)
                    except Exception:  # noqa: BLE001 - `run` sends it at its next round
                        log.warning("envoi immédiat impossible", exc_info=True)

            threading.Thread(target=loop, name="outbox-after-review", daemon=True).start()
    wake.set()
