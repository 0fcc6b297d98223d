"""The benchmark's load builder, end to end on a handful of messages (no timings here: the
figures live in benchmarks/run.py). Real Dovecot, the service's own poll and pipeline."""
from __future__ import annotations

import email

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from benchmarks.load import KINDS, append_all, build_load, build_submission, small_mail, write_maildir
from benchmarks.run import render, Row, settings_for
from ingest.parse import parse_message
from service.pipeline import process_pending
from service.poll import poll_once
from service.runtime import open_runtime
from store.models import Dossier, Message, Outbox


def test_load_builder_makes_varied_candidatures():
    mails = [build_submission(i, seed=11, kind=kind) for i, kind in enumerate(KINDS)]
    kinds = set()
    for raw in mails:
        mail = parse_message(raw)
        assert mail.from_addr and mail.subject.startswith("Candidature")
        names = [a.filename.rsplit(".", 1)[-1] for a in mail.attachments]
        assert names and set(names) <= {"pdf", "docx", "xlsx"}
        kinds.update(names)
    assert kinds == {"pdf", "docx", "xlsx"}
    a, b = parse_message(build_submission(3, seed=11)), parse_message(build_submission(3, seed=11))
    assert (a.message_id, [x.filename for x in a.attachments]) == (b.message_id, [x.filename for x in b.attachments])


def test_backfill_and_idle_poll_end_to_end(dovecot, tmp_path):
    user, _ = dovecot.add_user()
    mails = build_load(6, seed=23, cache=False, workers=1)
    with dovecot.client(user) as c:
        append_all(c, "INBOX", mails)
    settings = settings_for(dovecot, user, tmp_path / "data")
    rt = open_runtime(settings)
    polled = poll_once(rt.engine, settings)
    assert polled.new == 6 and not polled.errors
    report = process_pending(rt)
    assert report.processed == 6 and report.failed == 0
    with Session(rt.engine) as s:
        assert s.exec(select(func.count()).select_from(Dossier)).one() == 6
        assert s.exec(select(func.count()).select_from(Outbox)).one() == 6  # one answer each
        assert not s.exec(select(Message).where(Message.state != "processed")).all()

    idle_user, _ = dovecot.add_user()
    assert write_maildir(dovecot, idle_user, (small_mail(i, "smoke") for i in range(5))) == 5
    idle = settings_for(dovecot, idle_user, tmp_path / "idle")
    idle_rt = open_runtime(idle)
    assert poll_once(idle_rt.engine, idle).new == 5  # numbered and readable by Dovecot
    again = poll_once(idle_rt.engine, idle)
    assert again.fetched == 0 and not again.errors


def test_table_rendering():
    table = render([Row("Backfill", "10 dossiers/s", "2 msg/s", "5.00x", ">= 4x", "met")])
    assert table.splitlines()[2] == "| Backfill | 10 dossiers/s | 2 msg/s | 5.00x | >= 4x | met |"
    assert email.message_from_bytes(small_mail(1))["Subject"]
