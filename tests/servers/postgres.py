"""A scratch database on the PostgreSQL server this machine runs (127.0.0.1:5432, trust auth),
created for one test and dropped after it; the test is skipped when the server is not there."""
from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from store.db import make_engine

HOST = "127.0.0.1:5432"
ADMIN_URL = f"postgresql+psycopg://postgres@{HOST}/postgres"


def url_of(name: str, host: str = HOST) -> str:
    return f"postgresql+psycopg://postgres@{host}/{name}"


@contextlib.contextmanager
def scratch_database(prefix: str = "fabrique_test") -> Iterator[str]:
    """The name of a new, empty database, dropped (connections and all) when the block ends."""
    admin = make_engine(ADMIN_URL)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL indisponible sur {HOST} ({type(exc).__name__})")
    try:
        yield name
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
