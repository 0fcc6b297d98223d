"""Every file of ../shared/corpus/public (real malformed mails and odd documents from public
projects) goes through `import`: nothing crashes, every message is recorded with its raw
kept, failures carry a reason, and no answer goes to any of these mails."""
from __future__ import annotations

from email.message import EmailMessage

import pytest
from sqlmodel import Session, select

from config.settings import Settings
from service.jobs import import_paths
from service.runtime import open_runtime
from store.archive import archive_root
from store.models import Attachment, Message, Outbox
from tests.shared import CORPUS, need


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    data = tmp_path_factory.mktemp("corpus")
    return open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}",
                                 extraction_timeout=30))


def _files(kind: str):
    root = need(CORPUS)
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != "SOURCE.md"
                  and p.relative_to(root).parts[0].startswith(kind))


def test_every_mail_file_is_recorded_and_never_answered(rt):
    files = _files("mail-")
    report = import_paths(rt, files, send=False)
    assert report.read >= len(files)
    assert report.unrecorded == 0
    with Session(rt.engine) as s:
        msgs = s.exec(select(Message)).all()
        assert all((archive_root(rt.settings.data_dir) / m.archive_path).exists() for m in msgs)
        assert all(m.state in ("processed", "failed", "quarantined") for m in msgs)
        assert all(m.error for m in msgs if m.state != "processed")
        assert all(m.classification for m in msgs if m.state == "processed")
        answered = s.exec(select(Outbox)).all()
    assert answered == [], [o.to_addr for o in answered]


def test_every_document_goes_through_extraction(rt, tmp_path):
    files = _files("doc-")
    for i, path in enumerate(files):
        m = EmailMessage()
        m["From"] = "Candidate <candidate@labo-test.example>"
        m["To"] = "fabrique@anact.fr"
        m["Subject"] = f"Candidature AMI – pièce {i}"
        m["Message-ID"] = f"<corpus-doc-{i}@labo-test.example>"
        m.set_content("Bonjour, veuillez trouver notre candidature ci-jointe.")
        m.add_attachment(path.read_bytes(), maintype="application", subtype="octet-stream", filename=path.name)
        (tmp_path / f"{i:03d}.eml").write_bytes(bytes(m))
    report = import_paths(rt, [tmp_path], send=False)
    assert report.unrecorded == 0 and report.failed == 0
    with Session(rt.engine) as s:
        atts = s.exec(select(Attachment).where(Attachment.filename.in_([p.name for p in files]))).all()
    # zip archives are opened: their members stand in for them
    assert {a.filename for a in atts} >= {p.name for p in files if p.suffix != ".zip"}
    assert all(a.extraction in ("ok", "unreadable", "encrypted", "unsupported", "error") for a in atts)
    assert all(a.reason for a in atts if a.extraction in ("error", "unsupported", "encrypted"))
