"""Fixtures of the IMAP ingest tests: a fresh Dovecot mailbox per test (the store: tests/conftest.py)."""
from __future__ import annotations

import pytest

from imaphelp import settings_for


@pytest.fixture
def imap_settings(dovecot, tmp_settings):
    return settings_for(dovecot, tmp_settings)
