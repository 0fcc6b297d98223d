"""Fixtures of the notify tests: a real SQLite file (or PostgreSQL: `store_url`), settings, the call,
a loopback SMTP server."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from config.settings import Settings  # noqa: E402
from store.db import make_engine, migrate  # noqa: E402
from tests.notify.notifyhelp import Factory  # noqa: E402
from tests.servers.smtp import SmtpServer  # noqa: E402

@pytest.fixture
def engine(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path, digest_to="equipe@anact.fr, chef@anact.fr", smtp_host=None,
                    FABRIQUE_FROM="Fabrique CTO <fabrique@anact.fr>", sender_daily_cap=5,
                    smtp_max_attempts=4, smtp_timeout=5.0)


@pytest.fixture
def call():
    """The real call definition when config/call.py exists, else the same facts by hand."""
    try:
        from config.call import load_call
    except ImportError:
        load_call = None
    if load_call is not None:
        try:
            return load_call("fabrique-cto-2022")
        except Exception:  # the other engineer's file may be in flux
            pass
    return SimpleNamespace(
        name="fabrique-cto-2022", title="Développer le dialogue social technologique au travail",
        reference_prefix="FCTO-2022", deadline=date(2022, 8, 23), selection_date=date(2022, 9, 2),
        project_end_limit=date(2023, 12, 30), cap_eur=80000.0, min_cofinancing_share=0.2, reply_days=10)


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def make(session):
    return Factory(session)


@pytest.fixture
def runtime(store_url, tmp_path, smtp_server):
    """A service runtime on `store_url`, sending to the loopback SMTP server, staff to be warned.
    Call it with setting overrides; its engines are disposed of at the end."""
    from service.runtime import open_runtime

    made = []

    def make(**overrides):
        values = dict(data_dir=tmp_path / "data", database_url=store_url, smtp_host="127.0.0.1",
                      smtp_port=smtp_server.port, smtp_security="none", smtp_timeout=5.0,
                      digest_to="equipe@anact.fr", FABRIQUE_FROM="Fabrique CTO <fabrique@anact.fr>")
        values.update(overrides)
        rt = open_runtime(Settings(**values))
        made.append(rt)
        return rt

    yield make
    for rt in made:
        rt.engine.dispose()
