"""Several processes on one store (`run` beside `import` or `reprocess`, two services sharing a
backfill): each message is processed once, one sender's messages in their order, no dossier
reference or answer collides. Real processes, on SQLite and on PostgreSQL."""
from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

from docx import Document
from sqlmodel import Session, select

from config.settings import Settings
from service.accept import accept_raw
from service.runtime import open_runtime
from store.models import Dossier, Message, Outbox

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
SECTIONS = ["Contexte", "Objectifs", "Problématique", "Publics visés", "Méthode", "Calendrier", "Pilotage",
            "Résultats attendus", "Suites du projet"]


def proposal(n: int) -> bytes:
    doc = Document()
    doc.add_heading(f"Projet ÉQUINOXE-{n} : horaires partagés dans les crèches du secteur {n}", level=0)
    for title in SECTIONS:
        doc.add_heading(title, level=1)
        doc.add_paragraph(f"{title} du projet {n} : les équipes des crèches discutent des plannings numériques, "
                          f"de janvier 2023 à juin 2023, avec un comité de suivi trimestriel.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def mail(n: int, sender: str, subject: str, when: datetime, attachment: bytes | None = None,
         reply_to: str | None = None) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "fabrique@anact.fr", subject
    m["Message-ID"] = f"<m{n}@{sender.split('@')[1]}>"
    m["Date"] = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    if reply_to:
        m["In-Reply-To"] = reply_to
    m.set_content("Bonjour,\nVeuillez trouver notre candidature à l'AMI Fabrique CTO.\nCordialement,\nLa direction")
    if attachment:
        m.add_attachment(attachment, maintype="application",
                         subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                         filename=f"candidature-{n}.docx")
    return bytes(m)


WORKER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from config.settings import Settings
    from service.pipeline import process_pending
    from service.runtime import open_runtime
    rt = open_runtime(Settings(data_dir={data!r}, database_url={url!r}))
    report = process_pending(rt, answers=True)
    print(report.processed, report.failed)
""")


def test_two_processes_share_a_backlog_and_process_each_message_once(store_url, tmp_path):
    data = tmp_path / "data"
    settings = Settings(data_dir=data, database_url=store_url)
    rt = open_runtime(settings)
    start = datetime(2022, 8, 1, 9, 0, tzinfo=timezone.utc)
    senders = [f"direction@creche-{i}.example" for i in range(10)]
    for i, sender in enumerate(senders):  # one proposal each, then (for half of them) a reply in its thread
        accept_raw(rt.engine, settings, mail(i, sender, f"Candidature ÉQUINOXE-{i}", start + timedelta(minutes=i),
                                             proposal(i)))
    for i, sender in enumerate(senders[:5]):
        accept_raw(rt.engine, settings, mail(100 + i, sender, f"RE: Candidature ÉQUINOXE-{i}",
                                             start + timedelta(minutes=30 + i), reply_to=f"<m{i}@creche-{i}.example>"))
    code = WORKER.format(root=str(ROOT), data=str(data), url=store_url)
    workers = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for _ in range(2)]
    outputs = [w.communicate(timeout=600) for w in workers]
    assert all(w.returncode == 0 for w in workers), [o[1][-2000:] for o in outputs]
    processed = [int(o[0].split()[0]) for o in outputs]
    assert sum(processed) == 15 and all(p > 0 for p in processed), processed  # shared, not done twice
    with Session(rt.engine) as s:
        msgs = s.exec(select(Message)).all()
        dossiers = s.exec(select(Dossier)).all()
        answers = s.exec(select(Outbox)).all()
    assert all(m.state == "processed" for m in msgs), [(m.subject, m.state, m.error) for m in msgs]
    assert len(dossiers) == 10 and len({d.reference for d in dossiers}) == 10
    replies = [m for m in msgs if m.subject.startswith("RE:")]
    assert all(m.classification == "reply" and m.dossier_id is not None for m in replies)
    by_dossier = {}
    for a in answers:
        by_dossier.setdefault((a.dossier_id, a.kind, a.to_addr), []).append(a)
    assert all(len(v) == 1 for v in by_dossier.values())  # no answer written twice
