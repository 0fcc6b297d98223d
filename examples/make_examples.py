"""Builds the example mails bundled for `fabrique-intake demo` (fictional applicants).

Run `python examples/make_examples.py` to regenerate examples/mail/*.eml.
"""
from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from docx import Document
from openpyxl import Workbook

OUT = Path(__file__).resolve().parent / "mail"
PARIS = ZoneInfo("Europe/Paris")

SECTIONS = [
    ("1. Contexte", "Les agences d'aide à domicile adoptent des applications de planification qui "
                    "réorganisent les tournées des intervenantes sans concertation."),
    ("2. Objectifs et problématique", "Construire un espace de dialogue sur ces outils. Comment associer "
                                      "les intervenantes au paramétrage des tournées ?"),
    ("3. Publics visés", "Intervenantes à domicile, responsables de secteur et représentants du personnel "
                         "de quatre associations du Limousin."),
    ("4. Démarche méthodologique", "Observation de tournées, ateliers de discussion, essais de règles de "
                                   "paramétrage puis bilan partagé."),
    ("5. Calendrier", None),
    ("6. Gouvernance", "Un comité de pilotage réunit les associations, l'Aract et les organisations "
                       "syndicales tous les trois mois."),
    ("7. Résultats attendus", "Un guide des règles de planification négociées et une charte d'usage."),
    ("8. Suites et essaimage", "Diffusion par la fédération régionale auprès de ses 40 adhérents."),
]


def proposal_docx() -> bytes:
    doc = Document()
    doc.add_heading("Projet TOURNÉES PARTAGÉES – Association Domicile Ensemble", level=0)
    for title, text in SECTIONS:
        doc.add_heading(title, level=1)
        if text:
            doc.add_paragraph(text)
        else:
            t = doc.add_table(rows=1, cols=2)
            t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Phase", "Période"
            for a, b in [("Observation", "octobre 2022 – décembre 2022"), ("Ateliers", "janvier 2023 – avril 2023"),
                         ("Bilan", "mai 2023 – septembre 2023")]:
                r = t.add_row()
                r.cells[0].text, r.cells[1].text = a, b
    doc.add_heading("9. Partenaires", level=1)
    t = doc.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Partenaire", "Contribution"
    for a, b in [("Aract Nouvelle-Aquitaine", "appui méthodologique"),
                 ("Fédération régionale de l'aide à domicile", "mobilisation des associations")]:
        r = t.add_row()
        r.cells[0].text, r.cells[1].text = a, b
    doc.add_heading("10. Budget", level=1)
    t = doc.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Dépenses", "Montant"
    for a, b in [("Personnel : chargée de mission (60 jours)", "24 000 €"), ("Frais de déplacement", "3 500 €"),
                 ("Prestation de facilitation graphique", "6 500 €"), ("Total des dépenses", "34 000 €")]:
        r = t.add_row()
        r.cells[0].text, r.cells[1].text = a, b
    t = doc.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Ressources", "Montant"
    for a, b in [("Financement Anact sollicité", "26 000 €"), ("Autofinancement (valorisation du temps)", "8 000 €"),
                 ("Total des ressources", "34 000 €")]:
        r = t.add_row()
        r.cells[0].text, r.cells[1].text = a, b
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def mail(name: str, sender: str, subject: str, when: datetime, body: str, attachments=(), headers=None) -> None:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = sender, "fabrique@anact.fr", subject
    m["Date"] = format_datetime(when)
    m["Message-ID"] = f"<{name}.example@demo.invalid>"
    for k, v in (headers or {}).items():
        m[k] = v
    m.set_content(body)
    for filename, data, mtype in attachments:
        maintype, subtype = mtype.split("/", 1)
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    (OUT / f"{name}.eml").write_bytes(bytes(m))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    mail("01-candidature-docx", "Claire Martin <claire.martin@domicile-ensemble.example>",
         "Candidature Fabrique CTO – TOURNÉES PARTAGÉES", datetime(2022, 8, 10, 9, 30, tzinfo=PARIS),
         "Madame, Monsieur,\n\nVeuillez trouver ci-joint notre candidature.\n\nBien cordialement,\nClaire Martin\n",
         [("Candidature TOURNÉES PARTAGÉES.docx", proposal_docx(), docx_type)])
    mail("02-candidature-corps", "Karim Benali <k.benali@atelier-numerique.example>",
         "Réponse à l'AMI dialogue social technologique", datetime(2022, 8, 12, 15, 0, tzinfo=PARIS),
         "Bonjour,\n\nVoici notre projet.\n\nContexte\nLes entrepôts logistiques déploient des casques de "
         "préparation vocale.\n\nObjectifs\nOuvrir le dialogue sur les cadences imposées par ces outils.\n\n"
         "Cibles\nPréparateurs de commandes et chefs d'équipe.\n\nMéthode\nAteliers et observations.\n\n"
         "Budget\nPersonnel\t30 000 €\nDéplacements\t2 000 €\nTotal\t32 000 €\nFinancement Anact\t32 000 €\n\n"
         "Cordialement,\nKarim Benali\n")
    mail("03-question", "Sophie Durand <sophie.durand@example.org>", "Question sur l'éligibilité",
         datetime(2022, 7, 20, 11, 0, tzinfo=PARIS),
         "Bonjour,\n\nUne association peut-elle porter seule un projet ? Merci de votre réponse.\n\nSophie Durand\n")
    mail("04-absence", "Claire Martin <claire.martin@domicile-ensemble.example>",
         "Réponse automatique : absence", datetime(2022, 8, 10, 9, 35, tzinfo=PARIS),
         "Je suis absente jusqu'au 22 août.\n", headers={"Auto-Submitted": "auto-replied"})


if __name__ == "__main__":
    main()
