"""How the pipeline writes the store and what it works out ahead (service/pipeline.py): few
statements a message, a message's documents analysed ahead with the same results, and an
analysis over its limits still undoing all of the message's work but its headers. Counts of
statements, not timings (the figures live in benchmarks/run.py)."""
from __future__ import annotations

import collections
import email.message
import email.utils

import pytest
from sqlalchemy import event, func
from sqlmodel import Session, select

from benchmarks.load import build_submission
from service import pipeline, prefetch
from service.accept import accept_raw
from service.runtime import open_runtime
from store.models import Attachment, BudgetLineRow, Dossier, Message, PartnerRow, RequirementResult


def _reply(to: bytes, text: str) -> bytes:
    """A reply in the thread of `to`, from its sender, with a note of its own."""
    first = email.message_from_bytes(to)
    msg = email.message.EmailMessage()
    msg["From"], msg["To"] = first["From"], first["To"]
    msg["Subject"] = "RE: " + str(first["Subject"])
    msg["Message-ID"] = email.utils.make_msgid(domain="exemple.test")
    msg["In-Reply-To"] = msg["References"] = first["Message-ID"]
    msg["Date"] = email.utils.format_datetime(email.utils.parsedate_to_datetime(first["Date"]).replace(hour=20))
    msg.set_content(text)
    return msg.as_bytes()


def _backlog(rt, settings) -> int:
    mails = [build_submission(i, seed=41, kind=kind) for i, kind in enumerate(("pdf+xlsx", "docx+xlsx", "docx+pdf"))]
    mails.append(_reply(mails[0], "Bonjour,\nPour compléter notre dossier : le comité de pilotage se réunira "
                                  "chaque trimestre avec les représentants du personnel.\nCordialement"))
    for raw in mails:
        accept_raw(rt.engine, settings, raw)
    return len(mails)


def _results(rt) -> list:
    with Session(rt.engine) as s:
        return [(d.reference, d.status, sorted(d.missing), d.budget,
                 sorted((r.key, r.present, r.excerpt) for r in s.exec(select(RequirementResult)
                                                                        .where(RequirementResult.dossier_id == d.id))),
                 sorted((b.kind, b.label, b.amount_eur) for b in s.exec(select(BudgetLineRow)
                                                                       .where(BudgetLineRow.dossier_id == d.id))),
                 sorted(p.name for p in s.exec(select(PartnerRow).where(PartnerRow.dossier_id == d.id))))
                for d in s.exec(select(Dossier).order_by(Dossier.reference))]


def test_a_backlog_is_written_in_few_statements_a_message(tmp_settings):
    rt = open_runtime(tmp_settings)
    n = _backlog(rt, tmp_settings)
    counts: collections.Counter = collections.Counter()

    def count(conn, cursor, statement, params, context, executemany):
        words = statement.split()
        counts[(words[0].upper(), next((w.strip('"') for a, w in zip(words, words[1:])
                                        if a.upper() in ("INTO", "FROM", "UPDATE")), ""))] += 1

    event.listen(rt.engine, "before_cursor_execute", count)
    try:
        report = pipeline.process_pending(rt)
    finally:
        event.remove(rt.engine, "before_cursor_execute", count)
    assert report.processed == n and report.failed == 0
    with Session(rt.engine) as s:
        attachments = s.exec(select(func.count()).select_from(Attachment)).one()
        assert attachments > n  # several attachments a message...
    assert counts[("INSERT", "attachment")] <= n  # ...one INSERT a message
    assert counts[("SAVEPOINT", "")] == 0
    senders = counts[("INSERT", "lease")]
    # a sender's lease is taken once, not written again before each of its messages; all go in one DELETE
    assert counts[("UPDATE", "lease")] <= senders and counts[("DELETE", "lease")] == 1
    # a dossier's evaluation reads neither its messages' attachment rows nor, when it opens, its messages
    assert counts[("SELECT", "attachment")] <= n
    assert sum(counts.values()) <= 24 * n, counts


def test_documents_analysed_ahead_give_what_the_analysis_at_their_turn_gives(tmp_settings, tmp_path, monkeypatch):
    rt = open_runtime(tmp_settings)
    _backlog(rt, tmp_settings)
    asked = collections.Counter()
    analyse = prefetch.AnalysisPool.analyse

    def counted(self, documents, call, future=None):
        asked["ahead" if future is not None else "now"] += 1
        return analyse(self, documents, call, future)

    monkeypatch.setattr(prefetch.AnalysisPool, "analyse", counted)
    assert pipeline.process_pending(rt).processed == 4
    # the proposals after the first (whose reading the pipeline waited for): matched and evaluated on
    # their analysis done ahead while the ones before them were stored
    assert asked["ahead"] >= 1
    ahead = _results(rt)

    other = tmp_settings.model_copy(update={"data_dir": tmp_path / "other",
                                            "database_url": f"sqlite:///{tmp_path / 'other.sqlite3'}"})
    rt2 = open_runtime(other)
    _backlog(rt2, other)
    monkeypatch.setattr(pipeline, "_analyse_ahead", lambda rt, pk, future: None)
    asked.clear()
    assert pipeline.process_pending(rt2).processed == 4
    assert asked["ahead"] == 0
    assert _results(rt2) == ahead


def test_an_analysis_over_its_limits_undoes_the_message_but_its_headers(tmp_settings, monkeypatch):
    rt = open_runtime(tmp_settings)
    accept_raw(rt.engine, tmp_settings, build_submission(7, seed=43, kind="docx"))

    def broke(self, documents, call, future=None):
        raise prefetch.AnalysisFailed("délai d'extraction dépassé (1 s)")

    monkeypatch.setattr(prefetch.AnalysisPool, "analyse", broke)
    report = pipeline.process_pending(rt)
    assert report.processed == 1 and report.failed == 1
    with Session(rt.engine) as s:
        msg = s.exec(select(Message)).one()
        assert msg.state == "quarantined" and "analyse des documents interrompue" in msg.error
        assert msg.subject and msg.subject.startswith("Candidature") and msg.from_addr and msg.attempts == 1
        assert msg.dossier_id is None
        assert s.exec(select(func.count()).select_from(Attachment)).one() == 0
        assert s.exec(select(func.count()).select_from(Dossier)).one() == 0


@pytest.fixture(autouse=True)
def _pools():
    yield
    prefetch.close_pool()
