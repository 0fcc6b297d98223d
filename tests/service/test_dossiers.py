"""How messages become dossiers: opening, joining by thread, reference, sender and colleague."""
from __future__ import annotations

import io
import time
from email.message import EmailMessage

import pytest
from docx import Document
from sqlmodel import Session, select

from config.settings import Settings
from service.jobs import import_paths
from service.runtime import open_runtime
from store.models import Dossier, Message, Outbox

SECTIONS = {
    "Contexte": "Les agences d'intérim déploient des applications de mise en relation.",
    "Objectifs": "Construire un dialogue sur ces outils avec les intérimaires.",
    "Problématique": "Comment discuter des règles d'affectation automatique ?",
    "Publics cibles": "Intérimaires, agences et entreprises utilisatrices.",
}


def proposal_docx(sections=SECTIONS) -> bytes:
    doc = Document()
    for title, text in sections.items():
        doc.add_heading(title, level=1)
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write(tmp, name, sender, subject, body="Bonjour,\nCordialement.", docx=None, **headers):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "fabrique@anact.fr", subject
    m["Message-ID"] = f"<{name}.{time.time_ns()}@test.example>"
    m["Date"] = headers.pop("date", "Tue, 02 Aug 2022 10:00:00 +0200")
    for k, v in headers.items():
        m[k.replace("_", "-")] = v
    m.set_content(body)
    if docx:
        m.add_attachment(docx, maintype="application",
                         subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                         filename="candidature.docx")
    path = tmp / f"{name}.eml"
    path.write_bytes(bytes(m))
    return path, m["Message-ID"]


@pytest.fixture
def rt(tmp_path):
    data = tmp_path / "data"
    return open_runtime(Settings(data_dir=data, database_url=f"sqlite:///{data / 'db.sqlite3'}"))


def run(rt, *paths):
    import_paths(rt, list(paths))
    with Session(rt.engine) as s:
        return s.exec(select(Dossier)).all(), {m.message_id: m for m in s.exec(select(Message)).all()}


def test_a_question_is_correspondence_and_gets_no_answer(rt, tmp_path):
    p, mid = write(tmp_path, "q", "Paul <paul@gmail.com>", "Question sur l'AMI",
                   "Bonjour, un cabinet de conseil peut-il répondre seul ? Merci.")
    dossiers, msgs = run(rt, p)
    assert dossiers == [] and msgs[mid].classification == "correspondence"
    with Session(rt.engine) as s:
        assert s.exec(select(Outbox)).all() == []


def test_submission_then_reply_by_thread_reference_sender_and_colleague(rt, tmp_path):
    p1, m1 = write(tmp_path, "s1", "Ana <ana@cabinet-alto.example>", "Candidature AMI – projet INTERIM",
                   docx=proposal_docx(), Cc="Ana perso <ana.perso@gmail.com>")
    dossiers, msgs = run(rt, p1)
    assert len(dossiers) == 1 and msgs[m1].classification == "submission"
    ref = dossiers[0].reference
    assert ref == "FCTO-2022-0001"
    with Session(rt.engine) as s:
        answer = s.exec(select(Outbox)).one()
    # answering our mail from another address the submission copied joins by In-Reply-To
    p2, m2 = write(tmp_path, "r1", "Ana perso <ana.perso@gmail.com>", "Re: votre accusé",
                   "Voici la suite.", In_Reply_To=answer.message_id)
    # the reference in the subject, from that address too (a stranger's is held:
    # tests/service/test_matching.py)
    p3, m3 = write(tmp_path, "r2", "Ana perso <ana.perso@gmail.com>", f"Complément {ref}", "Ci-joint.")
    # the same sender, later
    p4, m4 = write(tmp_path, "r3", "Ana <ana@cabinet-alto.example>", "Budget", "Budget à suivre.")
    # a colleague at the same organisation, about the same project
    p5, m5 = write(tmp_path, "r4", "Marc <marc@cabinet-alto.example>", "Projet INTERIM : partenaires",
                   "Les partenaires suivent.")
    dossiers, msgs = run(rt, p2, p3, p4, p5)
    assert len(dossiers) == 1
    for mid in (m2, m3, m4, m5):
        assert msgs[mid].classification == "reply" and msgs[mid].dossier_id == dossiers[0].id, mid


def test_a_colleague_with_another_project_opens_another_dossier(rt, tmp_path):
    p1, _ = write(tmp_path, "s1", "Ana <ana@cabinet-alto.example>", "Candidature – projet INTERIM",
                  docx=proposal_docx())
    p2, m2 = write(tmp_path, "s2", "Marc <marc@cabinet-alto.example>", "Candidature – projet ROBOTIQUE",
                   docx=proposal_docx())
    dossiers, msgs = run(rt, p1, p2)
    assert len(dossiers) == 2 and msgs[m2].classification == "submission"


def test_a_reply_completing_the_dossier_gets_one_completion_acknowledgement(rt, tmp_path):
    partial = dict(SECTIONS)
    p1, _ = write(tmp_path, "s1", "Ana <ana@cabinet-alto.example>", "Candidature AMI", docx=proposal_docx(partial))
    run(rt, p1)
    full = dict(SECTIONS)
    full.update({
        "Méthodologie et phasage": "Phase 1 : diagnostic (octobre 2022 – décembre 2022). Phase 2 : ateliers "
                                   "(janvier 2023 – juin 2023).",
        "Pilotage et comitologie": "Un comité de pilotage trimestriel réunit les partenaires.",
        "Résultats attendus": "Un guide et une charte d'usage.",
        "Pérennisation et essaimage": "Diffusion par la branche professionnelle.",
        "Partenaires": "Aract Occitanie : appui méthodologique\nSyndicat X : mobilisation des salariés",
        "Budget": "Dépenses de personnel : 30 000 €\nFrais de déplacement : 2 000 €\nPrestations : 8 000 €\n"
                  "Total : 40 000 €\nFinancement Anact : 30 000 €\nAutofinancement : 10 000 €",
    })
    p2, _ = write(tmp_path, "r1", "Ana <ana@cabinet-alto.example>", "Re: Candidature AMI",
                  docx=proposal_docx(full), date="Wed, 03 Aug 2022 10:00:00 +0200")
    dossiers, _ = run(rt, p2)
    with Session(rt.engine) as s:
        kinds = [o.kind for o in s.exec(select(Outbox).order_by(Outbox.id)).all()]
    assert dossiers[0].status == "complete", dossiers[0].missing
    assert kinds == ["completion_request", "completion_acknowledgement"]
