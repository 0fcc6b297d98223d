"""Limits are settings: a message beyond one is quarantined (kept, not answered) with a reason
naming the setting, and staff see that reason in the digest and in `status`."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session, select

from config.settings import Settings
from service.health import health
from service.jobs import import_paths, make_digest
from service.runtime import open_runtime
from store.models import Message, Outbox
from tests.robustness import hostile as h
from tests.robustness.measure import clean_env, run_measured


def _text(n: int) -> bytes:
    return b"".join(b"Ligne %d du budget : %d euros.\n" % (i, i * 7) for i in range(n))


# setting -> (settings that make it small, the message that goes beyond)
LIMITS = {
    "FABRIQUE_MAX_MESSAGE_BYTES": ({"max_message_bytes": 20_000},
                                   lambda: bytes(h.mail("Candidature – grande", attachments=[
                                       (os.urandom(30_000), "application", "octet-stream", "annexe.bin")]))),
    "FABRIQUE_MAX_ATTACHMENTS": ({"max_attachments": 3},
                                 lambda: bytes(h.mail("Candidature – pièces", attachments=[
                                     (_text(5), "text", "plain", f"annexe{i}.txt") for i in range(5)]))),
    "FABRIQUE_MAX_ARCHIVE_DEPTH": ({"max_archive_depth": 1},
                                   lambda: bytes(h.mail("Candidature – archive", attachments=[
                                       (h.zip_members([("interne.zip", h.zip_members([("budget.txt", _text(5))]))]),
                                        "application", "zip", "annexes.zip")]))),
    "FABRIQUE_MAX_UNPACKED_BYTES": ({"max_unpacked_bytes": 100_000},
                                    lambda: bytes(h.mail("Candidature – volume", attachments=[
                                        (h.zip_members([("donnees.bin", os.urandom(300_000))]), "application", "zip",
                                         "annexes.zip")]))),
    "FABRIQUE_EXTRACTION_TIMEOUT": ({"extraction_timeout": 0.5},
                                    lambda: bytes(h.mail("Candidature – PDF lent", attachments=[
                                        (h.pdf_deflate_bomb(2 << 30), "application", "pdf", "Candidature.pdf")]))),
}


@pytest.fixture(scope="module")
def quarantined(tmp_path_factory):
    """Each message imported with its limit made small; (runtime, message) per setting."""
    out = {}
    for setting, (small, build) in LIMITS.items():
        base = tmp_path_factory.mktemp(setting.lower())
        data = base / "data"
        rt = open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}", **small))
        (base / "m.eml").write_bytes(build())
        report = import_paths(rt, [base / "m.eml"])
        assert report.unrecorded == 0
        with Session(rt.engine) as s:
            out[setting] = (rt, s.exec(select(Message)).one(), s.exec(select(Outbox)).all())
    return out


@pytest.mark.parametrize("setting", list(LIMITS))
def test_beyond_a_limit_the_message_is_quarantined_with_the_setting_named(quarantined, setting):
    rt, msg, answers = quarantined[setting]
    assert msg.state == "quarantined", (msg.state, msg.error)
    assert setting in msg.error
    assert (rt.archive / msg.archive_path).exists()  # kept
    assert answers == []  # not answered: staff decide
    h_ = health(rt)
    assert h_.quarantined == 1 and any(setting in line for line in h_.set_aside)
    end = datetime.now(timezone.utc) + timedelta(minutes=1)
    digest = make_digest(rt, end - timedelta(days=1), end)
    assert setting in digest.text and setting in digest.html and "quarantaine" in digest.text


def test_within_the_limits_the_same_message_is_processed(tmp_path):
    rt = open_runtime(Settings(data_dir=tmp_path / "d", database_url=f"sqlite:///{tmp_path / 'd' / 'db.sqlite3'}"))
    for name, (_, build) in LIMITS.items():
        if name != "FABRIQUE_EXTRACTION_TIMEOUT":  # (that one takes its full time to read)
            (tmp_path / f"{name}.eml").write_bytes(build())
    import_paths(rt, sorted(tmp_path.glob("*.eml")))
    with Session(rt.engine) as s:
        states = {m.subject: m.state for m in s.exec(select(Message))}
    assert set(states.values()) == {"processed"}, states


def test_status_command_shows_the_quarantine_and_its_reason(quarantined):
    rt, msg, _ = quarantined["FABRIQUE_MAX_ATTACHMENTS"]
    res = run_measured(["status"], clean_env(FABRIQUE_DATA_DIR=str(rt.settings.data_dir),
                                             FABRIQUE_DATABASE_URL=rt.settings.db_url))
    assert "Messages en quarantaine : 1" in res.stdout
    assert "FABRIQUE_MAX_ATTACHMENTS" in res.stdout and msg.from_addr in res.stdout


def _big_docx(paragraphs: int) -> bytes:
    """A DOCX of many paragraphs, its document.xml written at once (python-docx would take a
    minute to add them one by one)."""
    import io
    import re
    import zipfile

    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    paras = "".join(f"<w:p><w:r><w:t>Paragraphe {i} : l'atelier {i} réunira les agents du service {i % 40}.</w:t>"
                    "</w:r></w:p>" for i in range(paragraphs))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb"<w:body>", b"<w:body>" + paras.encode(), data, count=1)
            dst.writestr(item, data)
    return out.getvalue()


def test_every_byte_is_read_in_a_worker_under_the_limits_and_the_next_mail_goes_on(tmp_path):
    """A body of 16 MB of tab-separated text and a DOCX of 100 000 paragraphs were parsed and read
    in the service process, outside any limit (330 s and 1.35 GiB there, FABRIQUE_EXTRACTION_TIMEOUT
    not applied), and an ordinary mail waited behind them. Now they break the readers' time limit
    and are quarantined with the reason; the service process stays small; the next mail is
    processed at once."""
    import psutil

    body = "\n".join("\t".join(f"{r}-{c}" for c in range(20)) for r in range(120_000))
    tab = h.mail("Candidature – tableau", body=body)
    docx = h.mail("Candidature – note", attachments=[(_big_docx(100_000), "application",
                                                      "vnd.openxmlformats-officedocument.wordprocessingml.document",
                                                      "note.docx")])
    ordinary = h.mail("Question sur l'appel", body="Bonjour, quelle est la date limite ? Merci.")
    for name, m in (("1-tab", tab), ("2-docx", docx), ("3-ordinaire", ordinary)):
        (tmp_path / f"{name}.eml").write_bytes(bytes(m))
    data = tmp_path / "data"
    rt = open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}",
                               extraction_timeout=2, max_message_bytes=40_000_000))
    before = psutil.Process().memory_info().rss
    started = datetime.now(timezone.utc)
    import_paths(rt, sorted(tmp_path.glob("*.eml")), send=False)
    took = (datetime.now(timezone.utc) - started).total_seconds()
    grown = psutil.Process().memory_info().rss - before
    with Session(rt.engine) as s:
        msgs = {m.subject: m for m in s.exec(select(Message))}
    assert msgs["Candidature – tableau"].state == "quarantined"
    assert "FABRIQUE_EXTRACTION_TIMEOUT" in msgs["Candidature – tableau"].error
    assert msgs["Candidature – note"].state == "quarantined"
    assert "note.docx" in msgs["Candidature – note"].error and "FABRIQUE_EXTRACTION_TIMEOUT" in msgs["Candidature – note"].error
    assert msgs["Question sur l'appel"].state == "processed"
    assert took < 60, took  # each broke its limit (2 s, a few times per message at most), then the next one went on
    assert grown < 150 * 2**20, grown  # the bytes stayed in the workers


def test_a_message_whose_parse_broke_the_time_limit_still_says_whose_it_is(tmp_path):
    """When the reader could not even parse the message within FABRIQUE_EXTRACTION_TIMEOUT (a
    16 MB body on a busy machine: seen in CI), it was quarantined with no sender and no subject:
    staff could not tell whose it was. Its header block alone is now read in the service."""
    body = "\n".join("\t".join(f"{r}-{c}" for c in range(20)) for r in range(120_000))
    (tmp_path / "1-tab.eml").write_bytes(bytes(h.mail("Candidature – tableau géant", body=body)))
    data = tmp_path / "data"
    rt = open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}",
                               extraction_timeout=0.01, max_message_bytes=40_000_000))
    import_paths(rt, sorted(tmp_path.glob("*.eml")), send=False)
    with Session(rt.engine) as s:
        (msg,) = s.exec(select(Message)).all()
    assert msg.state == "quarantined" and "FABRIQUE_EXTRACTION_TIMEOUT" in msg.error
    assert msg.subject == "Candidature – tableau géant"
    assert msg.from_addr and msg.message_id
