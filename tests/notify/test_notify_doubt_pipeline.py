"""Through the whole service: a proposal whose budget comes as a password-protected PDF. The
reader's doubt is stored (each requirement's confidence, the unread file, why staff must look) and
the answer the applicant receives asks for that file again, never for the elements it may hold.

Before: a completion request listing the budget's four elements, the file's name followed by
"(document protégé par mot de passe)", and nothing asking to send it again."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from email.message import EmailMessage

from docx import Document
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas
from sqlmodel import Session, select

from notify import review
from service.jobs import flush_outbox, import_paths
from store.export import export_document
from store.models import Dossier, Outbox, RequirementResult

SECTIONS = {
    "Contexte": "Les magasins d'un réseau de librairies adoptent un logiciel de gestion des stocks.",
    "Objectifs": "Associer les libraires au paramétrage des commandes automatiques.",
    "Problématique": "Comment garder la main sur l'assortiment quand l'outil propose les commandes ?",
    "Publics cibles": "Libraires, responsables de magasin et représentants du personnel.",
    "Méthodologie": "Des ateliers d'usage dans trois magasins, puis un guide partagé.",
    "Phasage": "Septembre : diagnostic. Octobre à décembre : ateliers. Janvier : guide.",
    "Pilotage": "Un comité paritaire se réunit chaque mois.",
    "Résultats attendus": "Des règles d'usage écrites avec les équipes.",
    "Pérennisation": "Le guide sera diffusé aux autres réseaux de librairies indépendantes.",
    "Partenaires": "La Fédération des libraires indépendants animera les ateliers ; "
                   "l'Aract Bretagne apportera son appui méthodologique.",
}


def proposal_docx() -> bytes:
    doc = Document()
    for title, text in SECTIONS.items():
        doc.add_heading(title, level=1)
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def locked_budget_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("librairies2022", ownerPassword="x"))
    c.drawString(72, 720, "Budget : personnel 24 000 euros, déplacements 3 000 euros")
    c.save()
    return buf.getvalue()


def test_a_locked_budget_is_asked_for_again_never_its_elements(runtime, smtp_server, tmp_path, monkeypatch):
    # answered within the call's period: a date to send the file by is asked
    monkeypatch.setattr("service.pipeline.utcnow", lambda: datetime(2022, 8, 9, 9, tzinfo=timezone.utc))
    rt = runtime()
    m = EmailMessage()
    m["From"], m["To"] = "Mme Sophie Lebrun <s.lebrun@librairies-ouest.example>", "fabrique@anact.fr"
    m["Subject"], m["Date"] = "Candidature AMI Fabrique CTO", "Tue, 09 Aug 2022 10:00:00 +0200"
    m["Message-ID"] = "<cand-librairies@librairies-ouest.example>"
    m.set_content("Madame, Monsieur,\nVeuillez trouver notre candidature et son budget.\nSophie Lebrun")
    m.add_attachment(proposal_docx(), maintype="application",
                     subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="Projet.docx")
    m.add_attachment(locked_budget_pdf(), maintype="application", subtype="pdf",
                     filename="Budget prévisionnel signé.pdf")
    path = tmp_path / "candidature.eml"
    path.write_bytes(bytes(m))
    import_paths(rt, [path], send=False)
    with Session(rt.engine) as s:
        d = s.exec(select(Dossier)).one()
        assert d.status == "incomplete" and d.unread == ["Budget prévisionnel signé.pdf"]
        confidence = dict(s.exec(select(RequirementResult.key, RequirementResult.confidence)
                                 .where(RequirementResult.dossier_id == d.id)).all())
        assert {k for k in d.missing} and all(confidence[k] == "unsure" for k in d.missing)
        assert confidence["description.contexte"] in ("sure", "probable")
        assert d.review and "Budget prévisionnel signé.pdf" in d.review
        exported = export_document(s, rt.call.name)["dossiers"][0]
        assert exported["review"] == d.review and exported["unread"] == d.unread
        assert exported["requirements"]["budget.personnel"]["confidence"] == "unsure"
        missing_words = [rt.call.labels[k] for k in d.missing]
        # the reader is unsure: the answer waits for a person even in auto mode (issue 14), who approves it
        waiting = s.exec(select(Outbox).where(Outbox.dossier_id == d.id)).one()
        assert waiting.status == "review"
        review.approve(s, waiting.id, "marie.durand")
        s.commit()
    flush_outbox(rt)
    [received] = smtp_server.messages
    msg = received.message
    assert str(msg["Subject"]).endswith("Fichier illisible : merci de nous le renvoyer")
    text = msg.get_body(("plain",)).get_content().replace("\u202f", " ").replace("\u00a0", " ")
    assert text.startswith("Bonjour Madame Lebrun,")
    assert "« Budget prévisionnel signé (pdf) » : il est protégé par un mot de passe." in text
    assert "Merci de nous le renvoyer sans mot de passe" in text
    for words in missing_words:
        assert words not in text
