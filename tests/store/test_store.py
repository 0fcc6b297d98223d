"""The store on both engines it supports: a real SQLite file and the PostgreSQL server of this machine."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from store.archive import archive_root, read_blob, write_blob
from store.db import make_engine, migrate, session_scope
from store.models import Dossier, MailboxEntry, Message, Outbox


@pytest.fixture
def engine(store_url):
    """The migrated store, on SQLite and on PostgreSQL (store_url, tests/conftest.py)."""
    eng = make_engine(store_url)
    migrate(eng)
    yield eng
    eng.dispose()


def _message(sha="a" * 64, **kw) -> Message:
    return Message(sha256=sha, message_id=kw.pop("message_id", "<m@x>"), archive_path="aa/x.eml", size=10,
                   received_at=datetime(2022, 8, 1, 10, 0, tzinfo=timezone(timedelta(hours=2))), **kw)


def test_migrations_create_every_table_and_are_idempotent(engine):
    migrate(engine)  # a second run changes nothing
    names = set(inspect(engine).get_table_names())
    assert {"message", "mailbox_entry", "mailbox_cursor", "attachment", "dossier", "requirement_result",
            "budget_line", "partner", "flag", "outbox", "lease", "alert", "counter", "alembic_version"} <= names


def test_migrations_build_the_schema_the_models_declare(engine):
    """A column or index added to store/models.py without its migration (or the other way
    round) shows here, on both engines: the service creates its tables by migrating only."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import store.models  # noqa: F401 - the tables are declared on import

    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diffs == []


def test_the_head_revision_is_alembics_and_a_migrated_database_is_at_it(engine):
    """migrate() skips alembic when current_revision == head_revision: both must agree with alembic."""
    from alembic.script import ScriptDirectory

    from store.db import alembic_config, current_revision, head_revision

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head_revision() == head and current_revision(engine) == head


def test_a_start_on_a_migrated_database_does_not_load_alembic(tmp_path):
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    code = ("import sys; from store.db import make_engine, migrate; e = make_engine(%r); migrate(e); "
            "print('alembic.runtime.migration' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code % url], capture_output=True, text=True, check=True,
                           cwd=str(Path(__file__).resolve().parents[2])).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]  # the first start migrates, the next ones only read the version


def test_datetimes_come_back_aware_and_equal(engine):
    with session_scope(engine) as s:
        s.add(_message())
    with Session(engine) as s:
        m = s.exec(select(Message)).one()
    assert m.received_at.tzinfo is not None
    assert m.received_at == datetime(2022, 8, 1, 8, 0, tzinfo=timezone.utc)


def test_same_bytes_cannot_be_recorded_twice(engine):
    with session_scope(engine) as s:
        s.add(_message())
    with pytest.raises(IntegrityError):
        with session_scope(engine) as s:
            s.add(_message(message_id="<other@x>"))


def test_ledger_and_outbox_are_unique(engine):
    with session_scope(engine) as s:
        m = _message()
        s.add(m)
        s.flush()
        s.add(MailboxEntry(account="a@h", folder="INBOX", uidvalidity=1, uid=7, message_pk=m.id))
    with pytest.raises(IntegrityError):
        with session_scope(engine) as s:
            s.add(MailboxEntry(account="a@h", folder="INBOX", uidvalidity=1, uid=7, message_pk=1))
    with session_scope(engine) as s:
        s.add(Outbox(dedupe_key="FCTO-2022-0001:acknowledgement:x", kind="acknowledgement", to_addr="a@b.fr",
                     subject="s", message_id="<1@x>", raw=b"raw"))
    with pytest.raises(IntegrityError):
        with session_scope(engine) as s:
            s.add(Outbox(dedupe_key="FCTO-2022-0001:acknowledgement:x", kind="acknowledgement", to_addr="a@b.fr",
                         subject="s", message_id="<2@x>", raw=b"raw"))


def test_json_columns_round_trip(engine):
    now = datetime.now(timezone.utc)
    with session_scope(engine) as s:
        s.add(Dossier(reference="FCTO-2022-0001", call="c", applicant_email="a@b.fr", received_at=now,
                      missing=["description.cibles"], flags=["hors_delai"],
                      budget={"total_eur": 1.5, "by_category": {"autres": None}}))
    with Session(engine) as s:
        d = s.exec(select(Dossier)).one()
    assert d.missing == ["description.cibles"] and d.budget["by_category"] == {"autres": None}


def test_archive_is_atomic_owner_only_and_content_addressed(tmp_path):
    root = archive_root(tmp_path)
    sha, rel = write_blob(root, b"hello")
    assert write_blob(root, b"hello") == (sha, rel)
    assert read_blob(root, rel) == b"hello"
    assert (root / rel).stat().st_mode & 0o077 == 0
    assert not list(root.rglob("*.tmp"))


def test_sqlite_file_is_owner_only(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'db' / 'f.sqlite3'}")
    migrate(eng)
    assert (tmp_path / "db" / "f.sqlite3").stat().st_mode & 0o077 == 0
