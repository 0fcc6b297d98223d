"""Rules that forbid an automatic answer (RFC 3834: no loops, no answers to machines).

Each rule returns a French reason or None; `refusal()` gathers them and the first
reason wins. Pure functions except the daily cap, which counts the Outbox.
"""
from __future__ import annotations

import email.utils
import re
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

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


def header_refusal(headers: dict[str, str]) -> str | None:
    h = {k.lower(): (v or "") for k, v in headers.items()}
    auto = h.get("auto-submitted", "").split(";", 1)[0].strip().lower()
    if auto and auto != "no":
        return f"message automatique (Auto-Submitted: {auto})"
    precedence = h.get("precedence", "").strip().lower()
    if precedence in ("bulk", "list", "junk"):
        return f"message de masse (Precedence: {precedence})"
    for name in ("list-id", "list-unsubscribe"):
        if name in h:
            return f"message de liste de diffusion ({name})"
    for name in ("x-autoreply", "x-autorespond"):
        if name in h:
            return f"réponse automatique ({name})"
    if h.get("return-path", "").strip() == "<>":
        return "avis de non-remise (Return-Path vide)"
    return None


def cap_refusal(session: Session, addr: str, settings: Settings, now: datetime) -> str | None:
    """At most settings.sender_daily_cap answers to one address within 24 h."""
    since = now - timedelta(hours=24)
    count = session.exec(
        select(func.count()).select_from(Outbox).where(
            Outbox.to_addr == addr.lower(),  # answers store it in lower case (indexed with created_at)
            Outbox.kind.in_(ANSWER_KINDS),
            Outbox.created_at >= since,
        )
    ).one()
    if count >= settings.sender_daily_cap:
        return f"plafond journalier atteint ({count} réponses à {addr} en 24 h)"
    return None


def refusal(session: Session, *, to_addr: str, sender: str | None, headers: dict[str, str],
            settings: Settings, now: datetime, also_ours: tuple[str | None, ...] = ()) -> str | None:
    """Why no answer may be sent, or None when one may."""
    reason = address_refusal(to_addr, settings, also_ours) or header_refusal(headers)
    if reason is None and sender and sender.lower() != to_addr.lower():
        # The trigger came from another address: it must not be a machine or ourselves either.
        reason = address_refusal(sender, settings, also_ours)
    return reason or cap_refusal(session, to_addr, settings, now)
