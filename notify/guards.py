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

from sqlalchemy import func
from sqlmodel import Session, col, select

from config.settings import Settings
from store.models import Outbox

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


def _counted(since: datetime):
    return (col(Outbox.kind).in_(ANSWER_KINDS), Outbox.status != "held", Outbox.created_at >= since)


def _cap_hold(session: Session, where, cap: int, window: timedelta, now: datetime, reason: str) -> Hold | None:
    """When `cap` answers matching `where` were queued within `window`: wait until the oldest one
    that keeps the count at the cap leaves the window. A cap of 0 is no cap."""
    if cap <= 0:
        return None
    count = session.exec(select(func.count()).select_from(Outbox).where(*_counted(now - window), *where)).one()
    if count < cap:
        return None
    oldest = session.exec(select(Outbox.created_at).where(*_counted(now - window), *where)
                          .order_by(Outbox.created_at).offset(count - cap).limit(1)).first()
    return Hold(reason.format(count=count), (oldest or now) + window)


def rate_hold(session: Session, to_addr: str, settings: Settings, now: datetime) -> Hold | None:
    """Whether an answer to `to_addr` must wait for a cap (see the module doc), or None."""
    day, hour = timedelta(hours=24), timedelta(hours=1)
    addr, key, domain = to_addr.strip().lower(), mailbox_key(to_addr), domain_key(to_addr)
    spelling = session.exec(select(Outbox.to_addr, Outbox.created_at).where(
        *_counted(now - day), Outbox.to_key == key, Outbox.to_addr != addr)
        .order_by(col(Outbox.created_at).desc()).limit(1)).first()
    if spelling is not None:
        return Hold(f"une autre écriture de la même adresse ({spelling[0]}) a reçu une réponse il y a moins de 24 h",
                    spelling[1] + day)
    return (_cap_hold(session, (Outbox.to_key == key,), settings.sender_daily_cap, day, now,
                      "plafond journalier atteint ({count} réponses à " + key + " en 24 h)")
            or _cap_hold(session, (Outbox.to_domain == domain,), settings.domain_daily_cap, day, now,
                         "plafond journalier du domaine atteint ({count} réponses à @" + domain + " en 24 h)")
            or _cap_hold(session, (), settings.hourly_answer_cap, hour, now,
                         "plafond horaire atteint ({count} réponses en une heure)"))
