"""Fixtures of the IMAP ingest tests: a migrated store and a fresh Dovecot mailbox per test."""
from __future__ import annotations

import pytest

from imaphelp import settings_for
from store.db import make_engine, migrate


@pytest.fixture
def engine(tmp_settings):
    eng = make_engine(tmp_settings.db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def imap_settings(dovecot, tmp_settings):
    return settings_for(dovecot, tmp_settings)
