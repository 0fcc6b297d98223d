"""Named leases in the store: a lock held for a while by one process (one poller per mailbox,
one processor per sender's messages), taken over when it runs out or its holder died.

One conditional UPDATE (ours, or expired) then an INSERT: atomic on SQLite and PostgreSQL.
"""
from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import delete, insert, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from store.models import Lease, utcnow

log = logging.getLogger(__name__)


def new_holder() -> str:
    """A holder's name: host:pid first (holder_gone reads them), then a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def acquire_lease(engine: Engine, name: str, holder: str, ttl: timedelta) -> str | None:
    """Take or renew the lease; None when `holder` has it, else the live holder's name.

    One conditional UPDATE (ours, or expired) then an INSERT: atomic on SQLite and PostgreSQL.
    """
    now = utcnow()
    with engine.begin() as conn:
        ours_or_expired = or_(col(Lease.holder) == holder, col(Lease.expires_at) < now)
        taken = conn.execute(update(Lease).where(col(Lease.name) == name, ours_or_expired)
                             .values(holder=holder, expires_at=now + ttl)).rowcount
    if taken == 1:
        return None
    try:
        with engine.begin() as conn:
            conn.execute(insert(Lease).values(name=name, holder=holder, expires_at=now + ttl))
        return None
    except IntegrityError:
        other = lease_holder(engine, name)
        if other and other != holder and holder_gone(other):
            with engine.begin() as conn:  # its process died holding it (a crash): no need to wait it out
                taken = conn.execute(update(Lease).where(col(Lease.name) == name, col(Lease.holder) == other)
                                     .values(holder=holder, expires_at=now + ttl)).rowcount
            if taken == 1:
                log.warning("bail %s repris : son détenteur %s n'existe plus", name, other)
                return None
        return other if other and other != holder else "?"


def lease_holder(engine: Engine, name: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(Lease.holder).where(col(Lease.name) == name)).scalar()


def holder_gone(holder: str | None) -> bool:
    """Whether `holder` (see new_holder) was a process of this host that no longer exists.
    A holder on another host, or whose process exists, counts as alive: its lease runs out."""
    host, _, rest = (holder or "").partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists (another user's process)
        return False
    return False


def release_lease(engine: Engine, name: str, holder: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(Lease).where(col(Lease.name) == name, col(Lease.holder) == holder))
