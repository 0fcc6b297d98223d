"""Fixtures shared by every test package: the repository on sys.path, settings, servers.

Keep this file generic; fixtures of one package go in that package's conftest.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from config.settings import Settings  # noqa: E402
from store.db import make_engine, migrate  # noqa: E402
from tests.browser import ARGS, CHROMIUM  # noqa: E402
from tests.servers.dovecot import DovecotServer, DovecotUnavailable  # noqa: E402
from tests.servers.postgres import scratch_database, url_of  # noqa: E402


def pytest_terminal_summary(terminalreporter):
    """The screenshots the browser tests listed (tests/web/conftest.py, `shots`): read from their reports, so that they are shown when the
    suite runs in several processes (pytest-xdist) too."""
    lines = [value for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
             for key, value in getattr(report, "user_properties", ()) if key == "capture"]
    if lines:
        terminalreporter.write_sep("-", "captures des pages de revue")
        for line in dict.fromkeys(lines):
            terminalreporter.write_line(line)


@pytest.fixture
def tmp_settings(tmp_path) -> Settings:
    """Settings with a private data dir and SQLite file; IMAP in plaintext (loopback tests)."""
    data = tmp_path / "data"
    data.mkdir()
    return Settings(data_dir=data, database_url=f"sqlite:///{data / 'fabrique.sqlite3'}",
                    imap_security="none", imap_timeout=10.0, poll_interval=30)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """The URL of an empty store: a SQLite file, or a fresh database on this machine's PostgreSQL
    (skipped when it is not there)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    with scratch_database() as name:
        yield url_of(name)


@pytest.fixture
def engine(tmp_settings):
    """The migrated store of tmp_settings: a real SQLite file in the test's data dir."""
    eng = make_engine(tmp_settings.db_url)
    migrate(eng)
    yield eng
    eng.dispose()


def _start_dovecot(**options) -> DovecotServer:
    try:
        server = DovecotServer(**options)
        server.start()
    except DovecotUnavailable as exc:
        pytest.skip(f"Dovecot indisponible : {exc}")
    return server


@pytest.fixture(scope="session")
def dovecot():
    """A real Dovecot on loopback for the whole session; its Sent folder is « Éléments envoyés »
    (special-use \\Sent). Create a fresh mailbox per test with `dovecot.add_user()`."""
    server = _start_dovecot(sent_folder_name="Éléments envoyés")
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def dovecot_no_keywords():
    """A Dovecot whose PERMANENTFLAGS lack \\* (ACL without the `w` right): keywords are not kept."""
    server = _start_dovecot(keywords=False)
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def dovecot_tls():
    """A Dovecot with a self-signed certificate (`cert_file`): imaps on `tls_port`, STARTTLS on `port`."""
    server = _start_dovecot(tls=True)
    yield server
    server.cleanup()


@pytest.fixture
def dovecot_private():
    """A Dovecot of one's own, for tests that stop and restart it."""
    server = _start_dovecot()
    yield server
    server.cleanup()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for one test module (skipped when absent)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright absent: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium absent: make system-deps")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
