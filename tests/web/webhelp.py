"""Proposals for the review pages' tests, written here (never copied from a corpus): a Word
document with headed sections and a budget table, a body-only proposal, a stranger's mail citing
a dossier, and the service around them."""
from __future__ import annotations

import io
import time
from email.message import EmailMessage
from pathlib import Path

from docx import Document

# a cooperative of home-care workers and a training body: none of the corpus's organisations
SECTIONS = {
    "Contexte": "Les aides à domicile du territoire reçoivent leurs tournées par une application de planification "
                "depuis 2021 ; les temps de trajet entre deux interventions y sont mal comptés.",
    "Objectifs": "Construire avec les salariées et la direction des règles de planification discutées, puis les "
                 "inscrire dans un accord local.",
    "Problématique": "Comment rendre visibles et négociables les choix que l’outil fait à la place des équipes ?",
    "Publics cibles": "Quarante aides à domicile, trois responsables de secteur et les représentants du personnel.",
    "Déroulé méthodologique": "Des observations de tournées, puis quatre ateliers de simulation avec l’outil, "
                              "enfin une restitution devant le comité social et économique.",
    "Phasage": "Phase 1 (janvier-mars) : observations. Phase 2 (avril-juin) : ateliers. Phase 3 (septembre) : "
               "accord et restitution.",
    "Résultats attendus": "Un référentiel partagé des temps de trajet et une procédure de révision des plannings.",
    "Pérennisation et essaimage": "Le référentiel sera proposé aux autres services d’aide à domicile de la "
                                  "fédération départementale.",
}
BUDGET = [("Dépenses", "Montant (€)"), ("Frais de personnel (chargée de mission)", "18 000"),
          ("Déplacements et logistique des ateliers", "3 000"), ("Prestation d’un cabinet d’ergonomie", "12 000"),
          ("Total des dépenses", "33 000"), ("Ressources", "Montant (€)"), ("Demande à l’Anact", "24 000"),
          ("Autofinancement de la coopérative", "9 000"), ("Total des ressources", "33 000")]
PARTNERS = [("Partenaire", "Contribution attendue"),
            ("Institut régional de formation sanitaire et sociale", "co-animation des ateliers"),
            ("Union locale des syndicats de salariés", "relecture de l’accord")]


def proposal_docx(sections: dict[str, str] = SECTIONS, budget=BUDGET, partners=PARTNERS) -> bytes:
    doc = Document()
    doc.add_heading("Projet PLANIFIER ENSEMBLE", level=0)
    for title, text in sections.items():
        doc.add_heading(title, level=1)
        doc.add_paragraph(text)
    for heading, rows in (("Budget prévisionnel", budget), ("Partenaires mobilisés", partners)):
        if not rows:
            continue
        doc.add_heading(heading, level=1)
        table = doc.add_table(rows=len(rows), cols=2)
        for i, (a, b) in enumerate(rows):
            table.cell(i, 0).text, table.cell(i, 1).text = a, b
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def mail(sender: str, subject: str, body: str, *, docx: bytes | None = None, name: str = "candidature.docx",
         date: str = "Tue, 02 Aug 2022 10:00:00 +0200", **headers) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "fabrique@anact.fr", subject
    m["Message-ID"] = f"<web-{time.time_ns()}@tests.example>"
    m["Date"] = date
    for k, v in headers.items():
        m[k.replace("_", "-")] = v
    m.set_content(body)
    if docx:
        m.add_attachment(docx, maintype="application",
                         subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename=name)
    return bytes(m)


def without(*titles: str) -> dict[str, str]:
    return {k: v for k, v in SECTIONS.items() if k not in titles}


def write_mails(directory: Path, mails: list[bytes]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, raw in enumerate(mails):
        path = directory / f"{i:02d}.eml"
        path.write_bytes(raw)
        paths.append(path)
    return paths


# a body-only proposal of a small association, with a few elements only
BODY_PROPOSAL = """Bonjour,

Nous présentons la candidature de notre association au programme.

Contexte
Les animateurs périscolaires de la commune utilisent depuis peu une tablette de pointage des enfants.

Objectifs
Associer les animateurs au choix des réglages de la tablette et à l’usage des données de présence.

Cibles
Vingt-cinq animateurs et leurs deux coordinatrices.

Bien cordialement,
Hélène Marchand, présidente
"""


COOP = "Claire Dumas <claire.dumas@coop-aide.example>"
ASSO = "Hélène Marchand <presidente@asso-periscolaire.example>"
STRANGER = "Voisin curieux <curieux@ailleurs.example>"
COMPLEMENT = """Bonjour,

Voici les compléments à notre candidature.

Problématique
Comment garder la main sur les réglages quand le prestataire les change à chaque mise à jour ?

Résultats escomptés
Une charte d’usage de la tablette, signée par la commune et l’association.

Hélène Marchand
"""


def MAILS() -> list[bytes]:  # noqa: N802 - built anew for each module (fresh Message-IDs)
    return [
        mail(COOP, "Candidature Fabrique CTO : PLANIFIER ENSEMBLE", "Bonjour,\nVeuillez trouver notre dossier.\n"
             "Claire Dumas", docx=proposal_docx(without("Pilotage")), date="Tue, 02 Aug 2022 10:00:00 +0200"),
        mail(ASSO, "Candidature AMI", BODY_PROPOSAL, date="Wed, 03 Aug 2022 09:00:00 +0200"),
        mail(ASSO, "Compléments à notre candidature", COMPLEMENT, date="Thu, 04 Aug 2022 09:00:00 +0200"),
        mail(STRANGER, "Re: [FCTO-2022-0001] une question", "Bonjour,\nPouvez-vous me dire où en est ce dossier ?\n",
             date="Fri, 05 Aug 2022 09:00:00 +0200"),
    ]
