"""Rules that forbid or defer an automatic answer.

refusal(): never answered (RFC 3834: no loops, no answers to machines, nor to mail that asks for
none: X-Loop naming our mailbox, X-Auto-Response-Suppress, X-Autoresponse). Pure; a French reason
or None.

rate_hold(): not now (caps, so that nobody can make the service mail a third party at will): one
mailbox within 24 h (case and +tag ignored, and one of its spellings a day), one domain within
24 h, every recipient within an hour. It counts the answers queued in the Outbox and says until
when the answer waits ("held"); notify.answers releases it then.
"""
from __future__ import annotations

import email.utils
import re
from datetime import datetime, timedelta

from dataclasses import dataclass

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from config.settings import Settings
from store.models import Outbox
from store.types import UTCDateTime

ANSWER_KINDS = ("acknowledgement", "completion_request", "completion_acknowledgement")

_ADDRESS = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_MACHINE_LOCAL = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?|bounce[-+_.].*|.*[-+_.]bounces?)(?:[+].*)?$",
    re.IGNORECASE)


def address_of(value: str | None) -> str:
    """The bare, lower-cased address of a header value ('' when none)."""
    if not value:
        return ""
    return email.utils.parseaddr(value)[1].strip().lower()


def valid_address(addr: str | None) -> bool:
    return bool(addr) and len(addr) <= 254 and _ADDRESS.match(addr) is not None


def our_addresses(settings: Settings, also: tuple[str | None, ...] = ()) -> set[str]:
    """The service's own addresses: the sender, the staff, the call's mailbox, the IMAP login."""
    ours = {address_of(settings.from_address)}
    ours.update(address_of(a) for a in settings.staff_addresses)
    ours.update(address_of(a) for a in also if a and "@" in a)
    return {a for a in ours if a}


def address_refusal(addr: str | None, settings: Settings, also_ours: tuple[str | None, ...] = ()) -> str | None:
    addr = (addr or "").strip().lower()
    if not valid_address(addr):
        return f"adresse absente ou invalide : {addr!r}"
    if addr in our_addresses(settings, also_ours):
        return f"adresse du service ou de l’équipe : {addr}"
    if _MACHINE_LOCAL.match(addr.split("@", 1)[0]):
        return f"expéditeur automatique : {addr}"
    return None


def mailbox_key(addr: str | None) -> str:
    """The mailbox an address reaches: lower case, without its +tag (jeanne+fcto@x.fr -> jeanne@x.fr)."""
    local, _, domain = (addr or "").strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if local else domain


def domain_key(addr: str | None) -> str:
    return (addr or "").strip().lower().rpartition("@")[2]


# Microsoft's X-Auto-Response-Suppress values that cover an automatic answer like ours
# (DR, NDR, RN, NRN concern delivery and read receipts only).
_SUPPRESS = {"all", "autoreply", "oof"}


def header_refusal(headers: dict[str, str], ours: set[str] = frozenset()) -> str | None:
    h = {k.lower(): (v or "") for k, v in headers.items()}
    auto = h.get("auto-submitted", "").split(";", 1)[0].strip().lower()
    if auto and auto != "no":
        return f"message automatique (Auto-Submitted: {auto})"
    loop = h.get("x-loop", "").lower()
    if any(addr in loop for addr in ours):  # our own answer came back (through a forward, a ticket system)
        return f"boucle de messagerie (X-Loop: {h['x-loop'].strip()[:80]})"
    asked = {v.strip().lower() for v in re.split(r"[,;\s]+", h.get("x-auto-response-suppress", "")) if v.strip()}
    if asked & _SUPPRESS:
        values = ", ".join(sorted(asked))[:80]
        return f"l’expéditeur ne veut pas de réponse automatique (X-Auto-Response-Suppress: {values})"
    precedence = h.get("precedence", "").strip().lower()
    if precedence in ("bulk", "list", "junk"):
        return f"message de masse (Precedence: {precedence})"
    for name in ("list-id", "list-unsubscribe"):
        if name in h:
            return f"message de liste de diffusion ({name})"
    for name in ("x-autoreply", "x-autorespond", "x-autoresponse"):
        if name in h:
            return f"réponse automatique ({name})"
    if h.get("return-path", "").strip() == "<>":
        return "avis de non-remise (Return-Path vide)"
    return None


def refusal(*, to_addr: str, sender: str | None, headers: dict[str, str], settings: Settings,
            also_ours: tuple[str | None, ...] = ()) -> str | None:
    """Why no answer may ever be sent for this trigger, or None when one may."""
    reason = address_refusal(to_addr, settings, also_ours) or header_refusal(headers,
                                                                              our_addresses(settings, also_ours))
    if reason is None and sender and sender.lower() != to_addr.lower():
        # The trigger came from another address: it must not be a machine or ourselves either.
        reason = address_refusal(sender, settings, also_ours)
    return reason


@dataclass(frozen=True)
class Hold:
    """An answer that must wait: why (French), and the earliest time it may go."""

    reason: str
    until: datetime


def _counted(since):
    return (col(Outbox.kind).in_(ANSWER_KINDS), Outbox.status != "held", Outbox.created_at >= since)


def _count(*where, since: str = "day"):
    return (select(func.count()).select_from(Outbox)
            .where(*_counted(bindparam(since, type_=UTCDateTime())), *where).scalar_subquery())


# every count a decision needs, in one statement built once (each on its index)
_COUNTS = select(_count(Outbox.to_key == bindparam("key")),
                 _count(Outbox.to_key == bindparam("key"), Outbox.to_addr != bindparam("addr")),
                 _count(Outbox.to_domain == bindparam("domain")),
                 _count(since="hour"))


def _until(session: Session, where, count: int, cap: int, since: datetime, window: timedelta) -> datetime:
    """When the count of answers matching `where` falls below `cap`: the one that keeps it at the
    cap leaves the window."""
    oldest = session.exec(select(Outbox.created_at).where(*_counted(since), *where)
                          .order_by(Outbox.created_at).offset(count - cap).limit(1)).first()
    return (oldest or since + window) + window


def rate_hold(session: Session, to_addr: str, settings: Settings, now: datetime) -> Hold | None:
    """Whether an answer to `to_addr` must wait for a cap (see the module doc), or None. A cap of
    0 is no cap."""
    day, hour = timedelta(hours=24), timedelta(hours=1)
    addr, key, domain = to_addr.strip().lower(), mailbox_key(to_addr), domain_key(to_addr)
    in_mailbox, other_spellings, in_domain, in_hour = session.execute(
        _COUNTS, dict(key=key, addr=addr, domain=domain, day=now - day, hour=now - hour)).one()
    if other_spellings:
        spelling = session.exec(select(Outbox.to_addr, Outbox.created_at).where(
            *_counted(now - day), Outbox.to_key == key, Outbox.to_addr != addr)
            .order_by(col(Outbox.created_at).desc()).limit(1)).first()
        return Hold(f"une autre écriture de la même adresse ({spelling[0]}) a reçu une réponse il y a moins de 24 h",
                    spelling[1] + day)
    caps = ((in_mailbox, settings.sender_daily_cap, (Outbox.to_key == key,), day,
             f"plafond journalier atteint ({in_mailbox} réponses à {key} en 24 h)"),
            (in_domain, settings.domain_daily_cap, (Outbox.to_domain == domain,), day,
             f"plafond journalier du domaine atteint ({in_domain} réponses à @{domain} en 24 h)"),
            (in_hour, settings.hourly_answer_cap, (), hour,
             f"plafond horaire atteint ({in_hour} réponses en une heure)"))
    for count, cap, where, window, reason in caps:
        if 0 < cap <= count:
            return Hold(reason, _until(session, where, count, cap, now - window, window))
    return None
