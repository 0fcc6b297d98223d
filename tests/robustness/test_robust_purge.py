"""Retention (GDPR): `fabrique-intake purge --before DATE` removes the raw mail, the documents and
the personal data of dossiers (and stray mail) older than DATE, and keeps anonymous counts.

Checked where personal data could stay: the JSON and CSV exports, the digest, the archive, the
file outbox, and the bytes of the database file itself (deleted rows linger in free pages).
A message seen again (same Message-ID, other bytes: a mailbox recreated, a server that added a
header) keeps no file of its own; files no message refers to (left by older versions, or by a crash
between the write and the record) go with the purge too.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from sqlmodel import Session, select

from pydantic import SecretStr

from service.accept import accept_raw
from store.archive import archive_root, write_blob
from store.db import make_engine
from store.models import Counter, Dossier, Message
from store.purge import purge_before
from tests.robustness import hostile as h
from tests.robustness.measure import ROOT, cli, clean_env

OLD = {  # what must be gone after the purge
    "aline.ancienne@ancienne-structure.example", "Aline Ancienne", "Coopérative Oubliette",
    "bruno.question@question-ancienne.example", "Bruno Questionneur", "Projet OUBLIETTE",
}
NEW = {"chloe.nouvelle@nouvelle-structure.example", "Chloé Nouvelle", "Association Lumière"}


def _docx(organisation: str, title: str) -> bytes:
    import io

    d = DocxDocument()
    d.add_paragraph(title, style="Title")
    d.add_paragraph(f"Porteur : {organisation}")
    for heading, body in (("Contexte", "Les centres d'appels changent."), ("Objectifs", "Ouvrir le dialogue."),
                          ("Problématique", "Comment associer les conseillers ?")):
        d.add_heading(heading, level=1)
        d.add_paragraph(body)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _mail(sender, subject, date, mid, *, docx=None, body=h.PROPOSAL_BODY, **headers) -> bytes:
    m = h.mail(subject, sender=sender, body=body, mid=mid,
               attachments=[(docx, "application", "vnd.openxmlformats-officedocument.wordprocessingml.document",
                             "Candidature.docx")] if docx else ())
    m.replace_header("Date", date)
    for k, v in headers.items():
        m[k.replace("_", "-")] = v
    return bytes(m)


@pytest.fixture(scope="module")
def purged(tmp_path_factory):
    base = tmp_path_factory.mktemp("purge")
    data, mails = base / "data", base / "mails"
    mails.mkdir()
    old_mid = "<aline-1@ancienne-structure.example>"
    messages = {
        "1-old-submission": _mail("Aline Ancienne <aline.ancienne@ancienne-structure.example>",
                                  "Candidature Projet OUBLIETTE", "Sun, 10 Jul 2022 10:00:00 +0200", old_mid,
                                  docx=_docx("Coopérative Oubliette", "Projet OUBLIETTE")),
        "2-old-question": _mail("Bruno Questionneur <bruno.question@question-ancienne.example>",
                                "Question sur l'appel", "Mon, 11 Jul 2022 10:00:00 +0200",
                                "<bruno-1@question-ancienne.example>", body="Bonjour, puis-je candidater seul ?"),
        "3-old-auto-reply": _mail("Absent <absent@ailleurs.example>", "Réponse automatique : absent",
                                  "Mon, 11 Jul 2022 11:00:00 +0200", "<absent-1@ailleurs.example>",
                                  body="Je suis absent.", Auto_Submitted="auto-replied"),
        "4-new-submission": _mail("Chloé Nouvelle <chloe.nouvelle@nouvelle-structure.example>",
                                  "Candidature projet LUMIERE", "Thu, 01 Sep 2022 10:00:00 +0200",
                                  "<chloe-1@nouvelle-structure.example>",
                                  docx=_docx("Association Lumière", "Projet LUMIERE")),
        # the old dossier's applicant writes again after the date: it is the old dossier's data all the same
        "5-old-dossier-late-reply": _mail("Aline Ancienne <aline.ancienne@ancienne-structure.example>",
                                          "RE: Candidature Projet OUBLIETTE", "Sat, 10 Sep 2022 10:00:00 +0200",
                                          "<aline-2@ancienne-structure.example>",
                                          body="Bonjour, voici un complément pour la Coopérative Oubliette.",
                                          In_Reply_To=old_mid, References=old_mid),
    }
    # the same submission delivered again by a server that added its own header (same Message-ID)
    messages["6-old-submission-again"] = _redelivered(messages["1-old-submission"])
    for name, raw in messages.items():
        (mails / f"{name}.eml").write_bytes(raw)
    env = clean_env(FABRIQUE_DATA_DIR=str(data))
    assert subprocess.run(cli() + ["import", str(mails)], env=env, cwd=ROOT, capture_output=True,
                          timeout=120).returncode == 0
    db = data / "fabrique.sqlite3"
    before = {"archive": sorted(p for p in (data / "archive").rglob("*.eml")),
              "outbox": sorted((data / "outbox").glob("*.eml")),
              "db": _db_bytes(data)}
    res = subprocess.run(cli() + ["purge", "--before", "2022-08-15", "--yes"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    again = subprocess.run(cli() + ["purge", "--before", "2022-08-15", "--yes"], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    outputs = {"purge": res.stdout, "purge-again": again.stdout}
    for fmt in ("json", "csv"):
        out = subprocess.run(cli() + ["export", "--format", fmt], env=env, cwd=ROOT, capture_output=True, text=True,
                             timeout=120)
        assert out.returncode == 0, out.stderr
        outputs[fmt] = out.stdout
    outputs["digest"] = subprocess.run(cli() + ["digest"], env=env, cwd=ROOT, capture_output=True, text=True,
                                       timeout=120).stdout
    outputs["status"] = subprocess.run(cli() + ["status"], env=env, cwd=ROOT, capture_output=True, text=True,
                                       timeout=120).stdout
    engine = make_engine(f"sqlite:///{db}")
    yield {"data": data, "before": before, "outputs": outputs, "engine": engine}
    engine.dispose()


def _redelivered(raw: bytes, n: int = 1) -> bytes:
    """The same message as delivered again: a Received line of the new delivery on top."""
    return (f"Received: from relais{n}.example by imap.example (redelivery {n}); "
            f"Fri, 0{n} Dec 2023 09:00:00 +0100\r\n").encode() + raw


def _db_bytes(data) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data.glob("fabrique.sqlite3*")))


def test_before_the_purge_the_personal_data_was_there(purged):
    db = purged["before"]["db"]
    assert all(s.encode() in db for s in ("aline.ancienne@ancienne-structure.example", "Bruno Questionneur"))
    assert len(purged["before"]["archive"]) == 5


def test_the_export_holds_no_personal_data_of_purged_dossiers_and_keeps_the_others(purged):
    doc = json.loads(purged["outputs"]["json"])
    for name in ("json", "csv", "digest"):
        text = purged["outputs"][name]
        assert not [s for s in OLD if s in text], name
    assert [d["applicant"]["email"] for d in doc["dossiers"]] == ["chloe.nouvelle@nouvelle-structure.example"]
    assert all(s in purged["outputs"]["json"] for s in ("chloe.nouvelle@nouvelle-structure.example",
                                                        "Chloé Nouvelle"))
    purged_msgs = [m for m in doc["messages"] if m["state"] == "purged"]
    assert len(purged_msgs) == 4  # the old ones, and the old dossier's late reply
    assert all(m["from"] is None and m["subject"] is None for m in purged_msgs)


def test_raw_mail_and_documents_of_purged_dossiers_are_gone_from_disk(purged):
    data = purged["data"]
    left = sorted(p for p in (data / "archive").rglob("*.eml"))
    assert len(left) == 1 and b"chloe.nouvelle" in left[0].read_bytes()
    for path in data.rglob("*"):
        if path.is_file() and not path.name.startswith("fabrique.sqlite3"):
            blob = path.read_bytes()
            assert not [s for s in OLD if s.encode() in blob], path
    # the answers written to the file outbox for the purged dossier are gone too
    assert len(list((data / "outbox").glob("*.eml"))) < len(purged["before"]["outbox"])


def test_the_database_file_itself_keeps_no_trace_of_them(purged):
    with Session(purged["engine"]) as s:
        s.exec(select(Message)).all()  # the engine has the file open: nothing pending
    db = _db_bytes(purged["data"])
    assert not [s for s in OLD if s.encode() in db]
    assert b"chloe.nouvelle@nouvelle-structure.example" in db


def test_anonymous_counts_are_kept_and_a_second_purge_changes_nothing(purged):
    with Session(purged["engine"]) as s:
        counts = {c.name: c.value for c in s.exec(select(Counter))}
        dossiers = s.exec(select(Dossier)).all()
    assert counts.get("dossiers.fabrique-cto-2022.incomplete", 0) + counts.get(
        "dossiers.fabrique-cto-2022.complete", 0) == 1
    assert sum(v for k, v in counts.items() if k.startswith("messages.")) == 4
    assert counts.get("messages.correspondence") == 1 and counts.get("messages.auto_reply") == 1
    assert [d.purged for d in dossiers].count(True) == 1
    assert re.search(r"1 dossier\(s\) et 4 message\(s\)", purged["outputs"]["purge"])
    assert re.search(r"0 dossier\(s\) et 0 message\(s\)", purged["outputs"]["purge-again"])
    assert "Messages en quarantaine" in purged["outputs"]["status"]


# --- duplicates' files and orphans ----------------------------------------------------------

def _files(archive: Path) -> list[Path]:
    return sorted(p for p in archive.rglob("*") if not p.is_dir())


def _old(name: str, n: int, day: str = "Mon, 11 Jul 2022 10:00:00 +0200") -> bytes:
    local = unicodedata.normalize("NFKD", name.lower().replace(" ", ".")).encode("ascii", "ignore").decode()
    return _mail(f"{name} <{local}@ancienne-structure.example>", f"Candidature {n}", day,
                 f"<{local}-{n}@ancienne-structure.example>", body=f"Bonjour, {name} pour le projet {n}.")


def test_a_message_seen_again_with_other_bytes_keeps_no_file_of_its_own(tmp_settings, engine):
    archive = archive_root(tmp_settings.data_dir)
    first = _old("Aline Ancienne", 1)
    accept_raw(engine, tmp_settings, first)
    again = accept_raw(engine, tmp_settings, _redelivered(first))
    assert not again.created
    same = accept_raw(engine, tmp_settings, first)  # the very same bytes: the one file, shared
    assert not same.created
    assert [p.read_bytes() for p in _files(archive)] == [first]
    # once purged, the message brought back by a mailbox keeps no file either
    purge_before(engine, archive, datetime(2022, 8, 15, tzinfo=timezone.utc))
    assert _files(archive) == []
    assert not accept_raw(engine, tmp_settings, first).created
    assert _files(archive) == []


def test_a_recreated_mailbox_leaves_one_raw_file_per_message(dovecot, tmp_settings, engine):
    from service.poll import poll_once

    user, password = dovecot.add_user()
    settings = tmp_settings.model_copy(update=dict(
        imap_host=dovecot.host, imap_port=dovecot.port, imap_user=user, imap_password=SecretStr(password),
        imap_folder="Candidatures"))
    mails = [_old(name, n).replace(b"\n", b"\r\n")  # as IMAP stores them
             for n, name in enumerate(("Aline Ancienne", "Bruno Questionneur", "Chloé Nouvelle"))]
    with dovecot.client(user) as c:
        c.create_folder("Candidatures")
        for raw in mails:
            c.append("Candidatures", raw)
    assert poll_once(engine, settings).new == 3
    with dovecot.client(user) as c:  # the folder deleted and made again: new UIDVALIDITY, new UIDs
        c.delete_folder("Candidatures")
        c.create_folder("Candidatures")
        for n, raw in enumerate(mails):
            c.append("Candidatures", _redelivered(raw, n + 1) if n else raw)
    report = poll_once(engine, settings)
    assert (report.fetched, report.new, report.duplicates) == (3, 0, 3)
    files = _files(archive_root(settings.data_dir))
    assert sorted(p.read_bytes() for p in files) == sorted(mails)
    with Session(engine) as s:
        assert sorted(m.archive_path for m in s.exec(select(Message))) == sorted(
            p.relative_to(archive_root(settings.data_dir)).as_posix() for p in files)


def test_purge_removes_the_duplicates_files_and_the_orphans_older_than_the_date(tmp_settings, engine):
    archive = archive_root(tmp_settings.data_dir)
    limit = datetime(2022, 8, 15, tzinfo=timezone.utc)
    kept = _mail("Chloé Nouvelle <chloe.nouvelle@nouvelle-structure.example>", "Candidature LUMIERE",
                 "Thu, 01 Sep 2022 10:00:00 +0200", "<chloe-1@nouvelle-structure.example>")
    recorded = _old("Aline Ancienne", 1)
    for raw in (recorded, kept):
        accept_raw(engine, tmp_settings, raw)
    # what older versions and crashes left: files no message refers to
    hour_ago = time.time() - 2 * 3600
    orphans = {
        "duplicate, written after the date": (write_blob(archive, _redelivered(recorded))[1], hour_ago),
        "never recorded, written before the date": (
            write_blob(archive, _old("Bruno Questionneur", 2, "Fri, 01 Sep 2023 10:00:00 +0200"))[1],
            datetime(2022, 7, 20, tzinfo=timezone.utc).timestamp()),
    }
    tmp = archive / "ab" / ".abcdef.eml.k3j9x2.tmp"  # a temporary a crash left behind
    tmp.parent.mkdir(mode=0o700, exist_ok=True)
    tmp.write_bytes(_old("Denise Brouillon", 3))
    orphans["temporary"] = (tmp.relative_to(archive).as_posix(), hour_ago)
    for rel, when in orphans.values():
        os.utime(archive / rel, (when, when))
    in_flight = write_blob(archive, _old("Élise Encours", 4))[1]  # being recorded right now: left alone
    newer = write_blob(archive, _old("Fanny Récente", 5, "Fri, 01 Sep 2023 10:00:00 +0200"))[1]
    os.utime(archive / newer, (hour_ago, hour_ago))  # written and dated after the date: left alone
    rep = purge_before(engine, archive, limit)
    left = {p.relative_to(archive).as_posix() for p in _files(archive)}
    with Session(engine) as s:
        live = {m.archive_path for m in s.exec(select(Message)) if m.archive_path}
    assert left == live | {in_flight, newer} and len(live) == 1, (left, live)
    assert (rep["files"], rep["orphans"]) == (1 + len(orphans), len(orphans))
    names = ("Aline Ancienne", "aline.ancienne", "Bruno Questionneur", "bruno.questionneur", "Denise Brouillon")
    for path in tmp_settings.data_dir.rglob("*"):  # the database included: purge_before ends with VACUUM
        if path.is_file():
            blob = path.read_bytes()
            assert not [n for n in names if n.encode() in blob], path
    assert b"chloe.nouvelle@nouvelle-structure.example" in _db_bytes(tmp_settings.data_dir)
    assert purge_before(engine, archive, limit)["files"] == 0  # nothing more the second time
