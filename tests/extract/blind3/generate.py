"""Build the third blind set: 20 dossiers (22 mails) answering the 2022 Fabrique CTO call, as
mails (.eml) and truth.json, into a directory.

    python -m tests.extract.blind3.generate OUT_DIR [--work DIR]

Written without reading the readers (see README.md). Without LibreOffice the dossiers whose
documents need it are left out and listed in `skipped`."""
from __future__ import annotations

import argparse
import copy
import hashlib
import io
import json
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import docx
import openpyxl
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tests.extract.blind2.base import freeze_zip
from tests.extract.blind2.office import convert_batch, soffice

PARIS = timezone(timedelta(hours=2))  # summer time: every mail is sent in August
KEYS = [
    "description.contexte", "description.objectifs", "description.problematique",
    "description.cibles", "description.methodologie", "description.phasage",
    "description.pilotage", "description.resultats", "description.perennisation",
    "budget.personnel", "budget.deplacements_logistique", "budget.prestations",
    "budget.cofinancements", "partenaires.liste", "partenaires.contributions",
]
DESC = [k for k in KEYS if k.startswith("description.")]


# ---------------------------------------------------------------- formatting
def eur(x, style=0):
    """An amount as applicants type it: 0 '12 500 €', 1 '12.500,00 €', 2 narrow spaces, 3 in k€ (bare), 4 '€ HT'."""
    x = float(x)
    if style == 0:
        s = f"{x:,.0f}".replace(",", " ") + " €"
    elif style == 1:
        s = f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " €"
    elif style == 2:
        s = f"{x:,.0f}".replace(",", "\u202f") + "\u00a0€"
    elif style == 3:  # k€
        k = x / 1000
        s = (f"{k:.1f}".replace(".", ",") if k != int(k) else f"{int(k)}")
    elif style == 4:
        s = f"{x:,.0f}".replace(",", " ") + " € HT"
    return s


# ---------------------------------------------------------------- section texts
def sections(t):
    """Return dict key -> paragraph text, each speaking of its element only."""
    v = t["v"]
    s = {}
    s["description.contexte"] = [
        f"Dans le secteur {t['sector']}, le déploiement de {t['tool']} s'est accéléré depuis deux ans. "
        f"Sur le territoire {t['terr']}, les entreprises de petite taille adoptent ces outils sous la pression de leurs donneurs d'ordre, "
        f"souvent sans étude préalable de leurs effets sur l'organisation du travail. Nos premières interventions nous ont montré que ces "
        f"choix techniques sont rarement discutés avec les équipes.",
        f"Notre structure intervient depuis plusieurs années {t['terr']} auprès d'entreprises du secteur {t['sector']}. "
        f"L'arrivée de {t['tool']} y modifie en profondeur la façon dont le travail est prescrit, contrôlé et réalisé. "
        f"Les instances représentatives, lorsqu'elles existent, découvrent généralement ces projets une fois les contrats signés.",
    ][v % 2]
    s["description.objectifs"] = [
        f"Le projet vise à outiller le dialogue social autour de {t['tool']} : (1) construire une méthode d'analyse partagée des usages ; "
        f"(2) expérimenter des espaces de discussion sur le travail ; (3) produire un guide réutilisable par d'autres structures.",
        f"Nous poursuivons trois buts : rendre discutables les choix de paramétrage de {t['tool']}, permettre aux directions et aux élus "
        f"de négocier des règles d'usage, et capitaliser une démarche transférable à d'autres entreprises du secteur {t['sector']}.",
    ][v % 2]
    s["description.problematique"] = [
        f"Comment faire de l'introduction de {t['tool']} un objet de dialogue professionnel et social, alors que les décisions se prennent "
        f"loin des situations de travail et que les effets sur l'autonomie, la charge et la reconnaissance restent invisibles ?",
        f"La question que nous posons est la suivante : à quelles conditions les acteurs d'une petite entreprise peuvent-ils se saisir "
        f"des choix techniques liés à {t['tool']} avant qu'ils ne figent l'organisation du travail ?",
    ][v % 2]
    s["description.cibles"] = (
        f"Le projet s'adresse en priorité aux publics suivants : {t['public']}. Indirectement, il concerne aussi les fournisseurs de solutions et les "
        f"branches professionnelles qui accompagnent ces entreprises.")
    s["description.methodologie"] = [
        f"La démarche combine observation des situations de travail, ateliers de simulation sur maquette et séances de dialogue "
        f"associant direction, salariés et élus. Chaque entreprise construit une « carte des usages » qui sert de support aux échanges ; "
        f"une grille d'analyse commune permet ensuite de comparer les expériences.",
        f"Nous procéderons par recherche-intervention : entretiens individuels, observations outillées, puis groupes de travail paritaires "
        f"où les scénarios d'usage de {t['tool']} sont mis en discussion et éprouvés. Un protocole d'évaluation qualitative accompagne "
        f"chaque expérimentation.",
    ][v % 2]
    ph = "; ".join(f"{p} : {l}" for p, l in t["phases"])
    s["description.phasage"] = ph
    s["description.pilotage"] = [
        "Un comité de pilotage réunit la direction du porteur, deux représentants des salariés et le référent désigné par l'Anact ; "
        "il valide les orientations à chaque fin de phase. Une équipe projet restreinte se réunit toutes les deux semaines pour le suivi "
        "opérationnel.",
        "La gouvernance repose sur deux instances : un comité stratégique paritaire, réuni trois fois, qui arbitre les choix, et un comité "
        "technique mensuel chargé de l'avancement, des risques et de l'ajustement du plan de travail.",
    ][v % 2]
    s["description.resultats"] = [
        f"Nous attendons : un guide méthodologique, une douzaine de fiches-cas anonymisées, des règles d'usage de {t['tool']} négociées "
        f"dans au moins trois entreprises, et un kit d'animation d'ateliers.",
        "Livrables prévus : un rapport de capitalisation, un outil de diagnostic en ligne, des accords ou chartes d'usage signés dans les "
        "entreprises pilotes et un webinaire de restitution.",
    ][v % 2]
    s["description.perennisation"] = [
        "Au-delà du financement, la méthode sera intégrée à notre offre de services et transmise aux réseaux consulaires ; les outils seront "
        "publiés sous licence libre afin d'être repris par d'autres territoires.",
        "Pour essaimer, nous formerons des relais (consultants, préventeurs, élus) et déposerons les outils dans une ressource commune ; "
        "une seconde vague d'entreprises pourra être accompagnée grâce aux financements de branche.",
    ][v % 2]
    return s


HEAD = {
    "std": {"description.contexte": "Contexte", "description.objectifs": "Objectifs",
            "description.problematique": "Problématique", "description.cibles": "Cibles",
            "description.methodologie": "Méthodologie", "description.phasage": "Phasage",
            "description.pilotage": "Pilotage et comitologie", "description.resultats": "Résultats escomptés",
            "description.perennisation": "Pérennisation et essaimage"},
    "syn": {"description.contexte": "Genèse du projet", "description.objectifs": "Ce que nous visons",
            "description.problematique": "Enjeux et question posée", "description.cibles": "Publics concernés",
            "description.methodologie": "Démarche", "description.phasage": "Calendrier",
            "description.pilotage": "Gouvernance", "description.resultats": "Livrables",
            "description.perennisation": "Suites envisagées"},
    "q": {"description.contexte": "D'où part-on ?", "description.objectifs": "Que voulons-nous obtenir ?",
          "description.problematique": "Quelle question traitons-nous ?", "description.cibles": "À qui s'adresse le projet ?",
          "description.methodologie": "Comment allons-nous procéder ?", "description.phasage": "Quand ?",
          "description.pilotage": "Qui pilote ?", "description.resultats": "Qu'allons-nous produire ?",
          "description.perennisation": "Et après le projet ?"},
    "caps": {"description.contexte": "ÉLÉMENTS DE CONTEXTE", "description.objectifs": "OBJECTIFS DU PROJET",
             "description.problematique": "PROBLÉMATIQUE", "description.cibles": "PUBLICS CIBLES",
             "description.methodologie": "DÉROULÉ MÉTHODOLOGIQUE", "description.phasage": "PHASAGE DÉTAILLÉ",
             "description.pilotage": "PILOTAGE", "description.resultats": "RÉSULTATS ATTENDUS",
             "description.perennisation": "PÉRENNISATION"},
}


def desc_items(d):
    """The description's (heading, text) pairs in order, the left-out elements skipped; a phasing may be a list."""
    s = sections(d["t"])
    h = HEAD[d.get("heads", "std")]
    out = []
    for k in DESC:
        if k in d["omit"]:
            continue
        txt = s[k]
        if k == "description.phasage" and d.get("phase_list"):
            txt = d["t"]["phases"]
        out.append((h[k], txt))
    return out


# ---------------------------------------------------------------- budget
def btotals(b):
    """Per-category sums, total, Anact request (total minus co-financing unless stated) and co-financing."""
    cats = {c: sum(a for _, a in b.get(c, [])) for c in ("personnel", "deplacements_logistique", "prestations", "autres")}
    total = sum(cats.values())
    cof = sum(a for _, a in b.get("cofin", []))
    anact = b.get("anact", total - cof)
    return cats, total, anact, cof


CATLAB = {"personnel": "Dépenses de personnel", "deplacements_logistique": "Frais de déplacement et logistique",
          "prestations": "Achats de prestations", "autres": "Autres dépenses"}


def budget_lines_text(b, style=0, indent="    "):
    """The budget as an indented monospaced table for a plain-text mail."""
    cats, total, anact, cof = btotals(b)
    L = []
    w = 52
    L.append(indent + "Poste".ljust(w) + "Montant".rjust(14))
    L.append(indent + "-" * (w + 14))
    for c in ("personnel", "deplacements_logistique", "prestations", "autres"):
        if not b.get(c):
            continue
        L.append(indent + CATLAB[c])
        for lab, a in b[c]:
            L.append(indent + ("  " + lab).ljust(w) + eur(a, style).rjust(14))
    L.append(indent + "-" * (w + 14))
    L.append(indent + "COÛT TOTAL DU PROJET".ljust(w) + eur(total, style).rjust(14))
    L.append("")
    L.append(indent + "Financement".ljust(w))
    L.append(indent + "  Subvention sollicitée auprès de l'Anact".ljust(w) + eur(anact, style).rjust(14))
    for lab, a in b.get("cofin", []):
        L.append(indent + ("  " + lab).ljust(w) + eur(a, style).rjust(14))
    return "\n".join(L)


# ---------------------------------------------------------------- docx helpers
def new_doc():
    """An empty DOCX in Calibri 11."""
    doc = docx.Document()
    st = doc.styles["Normal"]
    st.font.name = "Calibri"
    st.font.size = Pt(11)
    return doc


def doc_desc(doc, d, mode="styles"):
    """The description in a DOCX under heading styles, bold (optionally numbered) or roman-numbered capitals."""
    for i, (h, txt) in enumerate(desc_items(d), 1):
        if mode == "styles":
            doc.add_heading(h, level=2)
        elif mode == "bold":
            p = doc.add_paragraph()
            r = p.add_run(f"{i}. {h}" if d.get("num") else h)
            r.bold = True
        elif mode == "roman":
            rom = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][i - 1]
            p = doc.add_paragraph()
            r = p.add_run(f"{rom}. {h.upper()}")
            r.bold = True
            r.font.size = Pt(12)
        if isinstance(txt, list):
            for p_, l_ in txt:
                doc.add_paragraph(f"{p_} — {l_}", style="List Bullet")
        else:
            doc.add_paragraph(txt)


def doc_budget_semester(doc, b):
    """Merged header cells, columns per semester."""
    sems = ["S2 2022", "S1 2023", "S2 2023"]
    t = doc.add_table(rows=2, cols=5)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(1, 0)).text = "Nature des dépenses"
    m = t.cell(0, 1).merge(t.cell(0, 3))
    m.text = "Montants par semestre (€ HT)"
    t.cell(0, 4).merge(t.cell(1, 4)).text = "Total"
    for i, s in enumerate(sems):
        t.cell(1, 1 + i).text = s
    cats, total, anact, cof = btotals(b)
    for c in ("personnel", "deplacements_logistique", "prestations", "autres"):
        if not b.get(c):
            continue
        r = t.add_row().cells
        r[0].text = CATLAB[c]
        for r_ in r[0].paragraphs[0].runs:
            r_.bold = True
        for lab, a in b[c]:
            r = t.add_row().cells
            parts = [round(a * 0.2), round(a * 0.5)]
            parts.append(a - sum(parts))
            r[0].text = lab
            for i, p in enumerate(parts):
                r[1 + i].text = eur(p)
            r[4].text = eur(a)
    r = t.add_row().cells
    r[0].text = "Total"
    r[4].text = eur(total)
    doc.add_paragraph("")
    doc.add_paragraph("Plan de financement")
    t2 = doc.add_table(rows=1, cols=3)
    t2.style = "Table Grid"
    t2.rows[0].cells[0].text = "Financeur"
    t2.rows[0].cells[1].text = "Montant"
    t2.rows[0].cells[2].text = "%"
    for lab, a in [("Anact (Fabrique CTO)", anact)] + b.get("cofin", []):
        r = t2.add_row().cells
        r[0].text = lab
        r[1].text = eur(a)
        r[2].text = f"{100 * a / total:.0f} %"


def doc_budget_unit(doc, b):
    """Coût unitaire x nombre, total column."""
    t = doc.add_table(rows=1, cols=5)
    t.style = "Table Grid"
    for i, h in enumerate(["Poste", "Unité", "Coût unitaire", "Nombre", "Total"]):
        t.rows[0].cells[i].text = h
    cats, total, anact, cof = btotals(b)
    for c in ("personnel", "deplacements_logistique", "prestations", "autres"):
        if not b.get(c):
            continue
        r = t.add_row().cells
        r[0].text = CATLAB[c].upper()
        for lab, a in b[c]:
            unit, n, u = unit_split(lab, a)
            r = t.add_row().cells
            r[0].text = lab
            r[1].text = unit
            r[2].text = eur(u)
            r[3].text = str(n)
            r[4].text = eur(a)
    r = t.add_row().cells
    r[0].text = "TOTAL GÉNÉRAL"
    r[4].text = eur(total)
    doc.add_paragraph("")
    p = doc.add_paragraph()
    p.add_run("Financement : ").bold = True
    p.add_run(f"Anact {eur(anact)} ; " + " ; ".join(f"{l} {eur(a)}" for l, a in b.get("cofin", [])) + ".")


def unit_split(lab, a):
    for n in (40, 25, 20, 12, 10, 8, 6, 5, 4, 2, 1):
        if a % n == 0 and a / n >= 150:
            unit = "jour" if "j" in lab or "personnel" in lab.lower() else "forfait"
            return unit, n, a // n
    return "forfait", 1, a


def doc_budget_stacked(doc, b):
    """Expenses then resources in one table, with Sous-total rows."""
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.rows[0].cells[0].text = "DÉPENSES"
    t.rows[0].cells[1].text = "€"
    cats, total, anact, cof = btotals(b)
    for c in ("personnel", "deplacements_logistique", "prestations", "autres"):
        if not b.get(c):
            continue
        for lab, a in b[c]:
            r = t.add_row().cells
            r[0].text = lab
            r[1].text = eur(a, 1)
        r = t.add_row().cells
        r[0].text = f"Sous-total {CATLAB[c].lower()}"
        r[1].text = eur(cats[c], 1)
    r = t.add_row().cells
    r[0].text = "TOTAL DES DÉPENSES"
    r[1].text = eur(total, 1)
    r = t.add_row().cells
    r[0].text = "RESSOURCES"
    r[1].text = "€"
    r = t.add_row().cells
    r[0].text = "Aide Anact sollicitée"
    r[1].text = eur(anact, 1)
    for lab, a in b.get("cofin", []):
        r = t.add_row().cells
        r[0].text = lab
        r[1].text = eur(a, 1)
    r = t.add_row().cells
    r[0].text = "Sous-total cofinancements"
    r[1].text = eur(cof, 1)
    r = t.add_row().cells
    r[0].text = "TOTAL DES RESSOURCES"
    r[1].text = eur(total, 1)


def doc_budget_keur(doc, b):
    """Categories and their lines in k€, then the total and funding in a sentence."""
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.rows[0].cells[0].text = "Postes"
    t.rows[0].cells[1].text = "Montant (k€)"
    cats, total, anact, cof = btotals(b)
    for c in ("personnel", "deplacements_logistique", "prestations", "autres"):
        if not b.get(c):
            continue
        r = t.add_row().cells
        r[0].text = CATLAB[c]
        r[1].text = eur(cats[c], 3)
        for lab, a in b[c]:
            r = t.add_row().cells
            r[0].text = "   dont " + lab
            r[1].text = eur(a, 3)
    r = t.add_row().cells
    r[0].text = "Total"
    r[1].text = eur(total, 3)
    doc.add_paragraph(f"Soit un coût global de {eur(total, 3)} k€, dont {eur(anact, 3)} k€ demandés à l'Anact. " +
                      " ".join(f"{l} : {eur(a, 3)} k€." for l, a in b.get("cofin", [])))


def doc_partners(doc, parts, fmt):
    """The partners as a table, a numbered list or prose."""
    if fmt == "table":
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        t.rows[0].cells[0].text = "Partenaire"
        t.rows[0].cells[1].text = "Rôle"
        for n, r in parts:
            c = t.add_row().cells
            c[0].text = n
            c[1].text = r
    elif fmt == "numbered":
        for n, r in parts:
            doc.add_paragraph(f"{n} : {r}", style="List Number")
    elif fmt == "prose":
        doc.add_paragraph(prose_partners(parts))


def prose_partners(parts):
    """The partners and their roles in running sentences."""
    s = []
    for i, (n, r) in enumerate(parts):
        lead = ["Le projet associe", "Il mobilise également", "Enfin, nous travaillerons avec"][min(i, 2)]
        s.append(f"{lead} {n}, qui {r[0].lower() + r[1:]}.")
    return " ".join(s)


def docx_bytes(doc):
    """The DOCX bytes, with fixed zip timestamps."""
    bio = io.BytesIO()
    doc.save(bio)
    return freeze_zip(bio.getvalue())


class OfficePdfs:
    """DOCX -> PDF by LibreOffice, in one batch: a first pass over the dossiers collects the
    documents (and gets empty PDFs), `convert` runs soffice once, a second pass gets the PDFs."""

    def __init__(self):
        self.sources: dict[str, bytes] = {}
        self.pdfs: dict[str, bytes] | None = None
        self.used: set[str] = set()

    def __call__(self, docbytes: bytes) -> bytes:
        key = hashlib.sha256(docbytes).hexdigest()
        self.used.add(key)
        if self.pdfs is None:
            self.sources[key] = docbytes
            return b""
        return self.pdfs[key]

    def convert(self, work: Path) -> None:
        jobs = [(key, data, "docx", "pdf") for key, data in self.sources.items()]
        self.pdfs = convert_batch(jobs, work) if soffice() else {}


def reportlab_pdf(d, with_budget=True, with_partners=True):
    """The dossier as a reportlab PDF: description, unit-cost budget table, partners' table."""
    ss = getSampleStyleSheet()
    bio = io.BytesIO()
    doc = SimpleDocTemplate(bio, pagesize=A4, invariant=1)
    el = [Paragraph(d["title"], ss["Title"]), Paragraph(d["org"], ss["Normal"]), Spacer(1, 12)]
    for h, txt in desc_items(d):
        el.append(Paragraph(h, ss["Heading2"]))
        if isinstance(txt, list):
            for p_, l_ in txt:
                el.append(Paragraph(f"• {p_} : {l_}", ss["Normal"]))
        else:
            el.append(Paragraph(txt, ss["Normal"]))
    if with_budget:
        b = d["b"]
        el.append(Paragraph("Budget prévisionnel", ss["Heading2"]))
        rows = [["Poste", "Coût unitaire", "Quantité", "Total"]]
        cats, total, anact, cof = btotals(b)
        for c in ("personnel", "deplacements_logistique", "prestations", "autres"):
            if not b.get(c):
                continue
            rows.append([CATLAB[c], "", "", ""])
            for lab, a in b[c]:
                unit, n, u = unit_split(lab, a)
                rows.append([lab, eur(u), f"{n}", eur(a)])
        rows.append(["Total", "", "", eur(total)])
        tb = Table(rows)
        tb.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
        el.append(tb)
        el.append(Spacer(1, 8))
        el.append(Paragraph(f"Montant demandé à l'Anact : {eur(anact)}. " +
                            " ".join(f"{l} : {eur(a)}." for l, a in b.get("cofin", [])), ss["Normal"]))
    if with_partners and d["parts"]:
        el.append(Paragraph("Partenaires", ss["Heading2"]))
        rows = [["Partenaire", "Contribution attendue"]] + [[n, Paragraph(r, ss["Normal"])] for n, r in d["parts"]]
        tb = Table(rows, colWidths=[160, 300])
        tb.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        el.append(tb)
    doc.build(el)
    return bio.getvalue()


def xlsx_budget(b, cover=True, title="", partners=None):
    """The budget workbook: an optional cover sheet, expense lines with a =SUM total, resources, partners' sheet."""
    wb = openpyxl.Workbook()
    ws0 = wb.active
    if cover:
        ws0.title = "Page de garde"
        ws0["A1"] = "Appel à manifestation d'intérêt Fabrique CTO 2022"
        ws0["A3"] = "Projet :"
        ws0["B3"] = title
        ws0["A4"] = "Document :"
        ws0["B4"] = "Budget prévisionnel détaillé (voir onglet suivant)"
        ws = wb.create_sheet("Budget")
    else:
        ws = ws0
        ws.title = "Budget"
    cats, total, anact, cof = btotals(b)
    ws.append(["Catégorie", "Libellé", "Montant HT"])
    for c in ("personnel", "deplacements_logistique", "prestations", "autres"):
        for lab, a in b.get(c, []):
            ws.append([CATLAB[c], lab, a])
    n = ws.max_row
    ws.append(["TOTAL", "", f"=SUM(C2:C{n})"])
    ws.append([])
    ws.append(["Ressources", "", ""])
    ws.append(["Anact", "Subvention Fabrique CTO", anact])
    for lab, a in b.get("cofin", []):
        ws.append(["Cofinancement", lab, a])
    if partners:
        ws2 = wb.create_sheet("Partenaires")
        ws2.append(["Partenaire", "Contribution"])
        for p in partners:
            ws2.append(list(p))
    bio = io.BytesIO()
    wb.save(bio)
    return freeze_zip(bio.getvalue())


# ---------------------------------------------------------------- mail
def make_mail(d, body, atts=(), html=None, date=None, mid=None, subject=None, reply_to=None):
    """A mail from the applicant: plain text, HTML only, or both, with attachments (file name, bytes, MIME type)."""
    m = EmailMessage()
    m["From"] = f"{d['name']} <{d['email']}>"
    m["To"] = "fabrique@anact.fr"
    m["Subject"] = subject or d["subject"]
    m["Date"] = format_datetime(date)
    m["Message-ID"] = mid
    if reply_to:
        m["In-Reply-To"] = reply_to
        m["References"] = reply_to
    if html and not body:
        m.set_content(html, subtype="html")
    else:
        m.set_content(body)
        if html:
            m.add_alternative(html, subtype="html")
    for fn, data, mt in atts:
        ma, sb = mt.split("/")
        m.add_attachment(data, maintype=ma, subtype=sb, filename=fn)
    return m


MT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MT_PDF = "application/pdf"


def mkmid(d, n=0):
    """The dossier's n-th Message-ID on the applicant's domain."""
    h = hashlib.md5(f"{d['id']}-{n}".encode()).hexdigest()[:20].upper()
    dom = d["email"].split("@")[1]
    return f"<{h}.{n}@{dom}>"


def sig(d):
    """The applicant's signature."""
    return f"\n\n{d['name']}\n{d.get('role', 'Responsable du projet')}\n{d['org']}\n"


def body_desc_text(d, under=True):
    """The description as plain text, headings underlined with dashes or not."""
    L = []
    for h, txt in desc_items(d):
        L.append(h)
        if under:
            L.append("-" * len(h))
        if isinstance(txt, list):
            for p_, l_ in txt:
                L.append(f"  - {p_} : {l_}")
        else:
            L.append(txt)
        L.append("")
    return "\n".join(L)


def html_esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- dossiers
def T(v, sector, tool, terr, public, phases):
    """A dossier's theme: text variant, sector, tool, territory, public, phases."""
    return dict(v=v, sector=sector, tool=tool, terr=terr, public=public, phases=phases)


D = []  # the twenty dossiers, in the order of their ids


def add(**k):
    """Register a dossier."""
    k.setdefault("omit", [])
    k.setdefault("omit_budget", False)
    k.setdefault("flags", [])
    k.setdefault("notes", [])
    D.append(k)


add(id="B01", name="Sophie Lemaire", email="s.lemaire@ergonomia-conseil.fr", org="Ergonomia Conseil",
    title="Entrepôts connectés : dialoguer sur la commande vocale", acr="VOXLOG",
    t=T(0, "de la logistique", "la préparation de commandes guidée par la voix", "des Hauts-de-France",
        "les préparateurs de commandes, leurs chefs d'équipe et les élus CSE de cinq entrepôts de moins de 200 salariés",
        [("Octobre à décembre 2022", "diagnostic des usages dans les entrepôts"), ("Janvier à juin 2023", "ateliers de simulation et négociation des règles"), ("Juillet à novembre 2023", "capitalisation et diffusion")]),
    end="2023-11-30",
    b=dict(personnel=[("Consultante senior (40 j)", 24000), ("Ergonome (30 j)", 15000)],
           deplacements_logistique=[("Déplacements sur sites", 3200), ("Location de salles", 1800)],
           prestations=[("Graphisme du guide", 4500), ("Captation vidéo", 2500)],
           cofin=[("Autofinancement Ergonomia Conseil", 11000)]),
    parts=[("Aract Hauts-de-France", "Apporte son expertise conditions de travail et co-anime les ateliers (8 jours)"),
           ("AFT Logistique", "Mobilise les entreprises de la branche et relaie la diffusion"),
           ("Union régionale CFDT", "Forme les élus participants et participe au comité de pilotage")],
    subject="Candidature Fabrique CTO - projet VOXLOG", layout="docx_semester", date=datetime(2022, 8, 9, 10, 14, tzinfo=PARIS))

add(id="B02", name="Julien Marchetti", email="julien.marchetti@gmail.com", org="Association Numérique Solidaire Occitanie",
    title="Caisses automatiques et métiers du commerce de proximité", acr="CAISSO",
    t=T(1, "du commerce alimentaire de proximité", "caisses automatiques et d'applications de gestion des stocks", "occitan",
        "les employés de caisse, les responsables de magasin et les délégués syndicaux de huit supérettes indépendantes",
        [("Novembre 2022", "lancement et recrutement des magasins"), ("Décembre 2022 - mars 2023", "observations et entretiens"), ("Avril - septembre 2023", "groupes de dialogue et expérimentation"), ("Octobre - décembre 2023", "évaluation et restitution")]),
    end="2023-12-31",
    b=dict(personnel=[("Coordinateur (0,3 ETP sur 14 mois)", 18200), ("Animatrice (25 j)", 8750)],
           deplacements_logistique=[("Frais de déplacement", 2400), ("Restauration des ateliers", 1100)],
           prestations=[("Intervenant sociologue", 6000), ("Site web de ressources", 3500)],
           cofin=[("Région Occitanie (sollicité)", 6000), ("Fonds propres de l'association", 2950)]),
    parts=[("Fédération du commerce indépendant d'Occitanie", "Ouvre l'accès aux magasins adhérents et assure le relais auprès des dirigeants"),
           ("Université Toulouse Jean Jaurès", "Met à disposition un laboratoire de sociologie pour l'analyse des entretiens")],
    subject="Réponse AMI dialogue social technologique", layout="html_body", date=datetime(2022, 8, 12, 22, 41, tzinfo=PARIS))

add(id="B03", name="Claire Dubosc", email="cdubosc@atelier-travail.coop", org="SCOP L'Atelier du Travail",
    title="Planification algorithmique dans l'aide à domicile", acr="PLANIDOM",
    t=T(0, "de l'aide à domicile", "logiciels de planification automatique des tournées", "breton",
        "les intervenantes à domicile, les responsables de secteur et les représentants du personnel de quatre associations",
        [("Sept. 2022 - déc. 2022", "immersion et cartographie des plannings"), ("Janv. 2023 - juin 2023", "espaces de discussion sur le travail"), ("Juil. 2023 - oct. 2023", "formalisation des règles de planification")]),
    end="2023-10-31",
    b=dict(personnel=[("Intervenants SCOP (45 j)", 27000), ("Gestion administrative", 3000)],
           deplacements_logistique=[("Déplacements", 4000)],
           prestations=[("Illustrateur", 2000), ("Traduction FALC", 1500)],
           cofin=[("Autofinancement SCOP", 7500)]),
    parts=[("UNA Bretagne", "Facilite l'entrée dans les structures et anime le réseau des directeurs"),
           ("Aract Bretagne", "Apporte un appui méthodologique et participe aux comités")],
    subject="AMI Fabrique CTO — PLANIDOM", layout="plain_body_keur", date=datetime(2022, 8, 3, 8, 55, tzinfo=PARIS))

add(id="B04", name="Marc Vidal", email="marc.vidal@kairos-studio.fr", org="Kairos Studio",
    title="Jumeaux numériques en atelier : concevoir avec les opérateurs", acr="JUMEO",
    t=T(1, "de la mécanique de précision", "jumeaux numériques de lignes de production", "de la vallée de l'Arve",
        "les opérateurs régleurs, les méthodes et les élus de six PME de décolletage",
        [("Octobre 2022 - janvier 2023", "cadrage et choix des cas d'usage"), ("Février - juillet 2023", "prototypage participatif"), ("Septembre - décembre 2023", "évaluation et transfert")]),
    end="2023-12-31",
    b=dict(personnel=[("Chef de projet (50 j)", 30000), ("Designer UX (30 j)", 16500)],
           deplacements_logistique=[("Déplacements et hébergement", 5200)],
           prestations=[("Développement du prototype", 12000), ("Évaluation externe", 6000)],
           cofin=[("Autofinancement Kairos", 9700), ("Pôle de compétitivité (apport en industrie)", 5000)]),
    parts=[("Syndicat national du décolletage", "Recrute les entreprises pilotes et diffuse les résultats"),
           ("Laboratoire SYMME, Université Savoie Mont Blanc", "Conduit l'évaluation scientifique des prototypes"),
           ("Aract Auvergne-Rhône-Alpes", "Accompagne l'analyse des conditions de travail")],
    subject="Dossier candidature Fabrique CTO / Kairos Studio", layout="lo_pdf_xlsx", date=datetime(2022, 8, 18, 16, 2, tzinfo=PARIS))

add(id="B05", name="Nadia Benali", email="n.benali@cabinet-horizons.fr", org="Cabinet Horizons Travail",
    title="Télétravail hybride et collectifs de travail en TPE", acr="HYBRIDE",
    t=T(0, "des services aux entreprises", "outils collaboratifs et de visioconférence", "francilien",
        "", [("Septembre - décembre 2022", "enquête flash et diagnostics"), ("Janvier - mai 2023", "ateliers de régulation"), ("Juin - octobre 2023", "synthèse et outillage")]),
    end="2023-10-31", heads="syn", omit=["description.cibles"],
    b=dict(personnel=[("Consultants (60 j)", 36000)],
           deplacements_logistique=[("Déplacements", 1500), ("Logistique des ateliers", 1200)],
           prestations=[("Plateforme d'enquête", 2400), ("Mise en page", 1600)],
           cofin=[("Fonds propres du cabinet", 10700)]),
    parts=[("CCI Paris Île-de-France", "Relaie l'appel à participation auprès des TPE"),
           ("Aract Île-de-France", "Co-construit la grille d'analyse")],
    subject="Candidature AMI - Télétravail hybride (HYBRIDE)", layout="reportlab", date=datetime(2022, 8, 22, 18, 30, tzinfo=PARIS))

add(id="B06", name="Thomas Girard", email="thomas.girard@cc-pays-vals.fr", org="Communauté de communes du Pays des Vals",
    title="Dématérialisation des services publics locaux et travail des agents", acr="DEMAT-VALS",
    t=T(1, "des collectivités locales", "guichets numériques et d'outils de gestion de la relation usager", "rural du Pays des Vals",
        "les agents d'accueil, les secrétaires de mairie et les représentants du personnel des douze communes membres",
        [("Novembre 2022", "installation du groupe projet"), ("Décembre 2022 - avril 2023", "analyse du travail d'accueil"), ("Mai - octobre 2023", "expérimentations"), ("Novembre 2023", "bilan")]),
    end="2023-11-30", omit=["description.pilotage"],
    b=dict(personnel=[("Chargée de mission (0,4 ETP, 12 mois)", 16800), ("Temps agents mobilisés", 6200)],
           deplacements_logistique=[("Déplacements intercommunaux", 900), ("Location de salle et reprographie", 600)],
           prestations=[("Accompagnement par un ergonome", 14000), ("Formation des encadrants", 3500)],
           cofin=[("Autofinancement de la communauté de communes", 6000), ("Centre de gestion (fonds prévention)", 4000)]),
    parts=[("Centre de gestion de la fonction publique territoriale", "Finance une partie de l'accompagnement et apporte son service de prévention"),
           ("Syndicat CGT des territoriaux", "Participe aux groupes d'analyse et désigne deux représentants")],
    subject="AMI Fabrique CTO - candidature CC Pays des Vals", layout="docx_stacked", date=datetime(2022, 8, 16, 11, 20, tzinfo=PARIS))

add(id="B07", name="Élodie Ferrand", email="elodie.ferrand@numeria-rh.com", org="Numeria RH",
    title="Intelligence artificielle et recrutement : un dialogue à construire", acr="IA-RECRUT",
    t=T(0, "du travail temporaire", "outils d'intelligence artificielle de présélection des candidats", "national",
        "les recruteurs d'agences, les intérimaires et les représentants syndicaux de trois réseaux d'agences",
        [("Octobre - décembre 2022", "état des lieux"), ("Janvier - juin 2023", "expérimentation dans 10 agences"), ("Juillet - décembre 2023", "évaluation et diffusion")]),
    end="2023-12-31", flags=["plafond_depasse"],
    b=dict(personnel=[("Chef de projet (80 j)", 52000), ("Data scientist (40 j)", 28000), ("Consultant RH (30 j)", 18000)],
           deplacements_logistique=[("Déplacements dans les agences", 7500)],
           prestations=[("Audit d'algorithme", 15000), ("Production vidéo", 5000)],
           cofin=[("Autofinancement Numeria RH", 25500)]),
    parts=[("Prism'emploi", "Mobilise les réseaux d'agences et co-pilote le projet"),
           ("FS CFDT", "Associe les représentants syndicaux et contribue à la formation")],
    subject="Fabrique CTO 2022 - dépôt IA-RECRUT", layout="docx_unit", date=datetime(2022, 8, 19, 9, 5, tzinfo=PARIS))

add(id="B08", name="Pierre Aubert", email="p.aubert@transitions-lab.org", org="Transitions Lab",
    title="Tablettes de chantier et coordination des compagnons", acr="CHANTAB",
    t=T(1, "du bâtiment", "tablettes et applications de suivi de chantier", "normand",
        "les chefs de chantier, les compagnons et les conducteurs de travaux de cinq entreprises artisanales",
        [("Oct. 2022 - fév. 2023", "observations de chantier"), ("Mars - août 2023", "ateliers de co-conception"), ("Sept. - déc. 2023", "restitution")]),
    end="2023-12-31", flags=["cofinancement_insuffisant"],
    b=dict(personnel=[("Chercheur-intervenant (60 j)", 33000), ("Assistante de projet", 7000)],
           deplacements_logistique=[("Déplacements sur chantiers", 4800)],
           prestations=[("Film documentaire", 8000)],
           cofin=[("Autofinancement Transitions Lab", 4800)]),
    parts=[("CAPEB Normandie", "Identifie les entreprises et anime les restitutions"),
           ("OPPBTP", "Apporte son expertise en prévention")],
    subject="Candidature CHANTAB / Transitions Lab", layout="docx_bold_xlsx1", date=datetime(2022, 8, 11, 14, 48, tzinfo=PARIS))

add(id="B09", name="Karine Lopez", email="karine.lopez@orange.fr", org="Cabinet KL Conseil",
    title="Robots de traite et travail en élevage laitier", acr="ROBOLAIT",
    t=T(0, "de l'élevage laitier", "robots de traite", "de l'Ouest",
        "les éleveurs employeurs, les salariés agricoles et les groupements d'employeurs de la filière",
        [("Octobre 2022 - janvier 2023", "enquête de terrain"), ("Février - juillet 2023", "groupes d'échanges"), ("Août - novembre 2023", "outils et diffusion")]),
    end="2023-11-30", flags=["hors_delai"],
    b=dict(personnel=[("Consultante (35 j)", 21000)],
           deplacements_logistique=[("Déplacements en exploitation", 3800)],
           prestations=[("Vétérinaire-conseil (interventions)", 2400), ("Conception d'un jeu de cartes", 3000)],
           cofin=[("Autofinancement", 7550)]),
    parts=[("MSA Portes de Bretagne", "Contribue par ses conseillers en prévention"),
           ("Chambre d'agriculture de Bretagne", "Mobilise les éleveurs")],
    subject="Candidature (un peu tardive, désolée) Fabrique CTO", layout="lo_pdf_body_budget", date=datetime(2022, 8, 24, 9, 12, tzinfo=PARIS))

add(id="B10", name="Hugo Perrin", email="hugo.perrin@coop-digitale.fr", org="Coopérative Digitale",
    title="Médiation numérique au travail dans les ESAT", acr="MEDIANUM",
    t=T(1, "du travail protégé", "logiciels de gestion de production", "de Nouvelle-Aquitaine",
        "les travailleurs handicapés, les moniteurs d'atelier et les directions de quatre ESAT",
        [("Septembre - décembre 2022", "diagnostic"), ("Janvier - juin 2023", "ateliers de médiation"), ("Juillet - octobre 2023", "capitalisation")]),
    end="2023-10-31", flags=["depense_non_eligible"],
    b=dict(personnel=[("Médiateurs numériques (50 j)", 22500)],
           deplacements_logistique=[("Déplacements", 2600)],
           prestations=[("Conception d'outils en FALC", 5400)],
           autres=[("Achat de 6 ordinateurs portables pour les ateliers", 5400)],
           cofin=[("Fonds propres de la coopérative", 7200), ("Fondation d'entreprise (accord de principe)", 4000)]),
    parts=[("Andicat", "Relaie le projet auprès des ESAT du réseau"),
           ("Aract Nouvelle-Aquitaine", "Appui méthodologique sur l'analyse des situations de travail")],
    subject="Dépôt candidature MEDIANUM", layout="docx_styles_table_budget", date=datetime(2022, 8, 17, 15, 33, tzinfo=PARIS))

add(id="B11", name="Anne-Laure Simon", email="al.simon@sens-et-travail.fr", org="Sens & Travail",
    title="Plateformes de livraison et dialogue avec les coursiers", acr="COURSIERS",
    t=T(0, "de la livraison urbaine", "plateformes d'attribution des courses", "lyonnais",
        "les coursiers indépendants et salariés, les gestionnaires de flotte et les représentants des collectifs de livreurs",
        [("Octobre - décembre 2022", "enquête"), ("Janvier - juin 2023", "espaces de dialogue"), ("Juillet - décembre 2023", "charte et diffusion")]),
    end="2023-12-31", omit_first=["budget"],
    b=dict(personnel=[("Chargés d'étude (55 j)", 30250)],
           deplacements_logistique=[("Logistique des rencontres", 2100)],
           prestations=[("Juriste droit social", 4500), ("Traduction multilingue", 2200)],
           cofin=[("Métropole de Lyon (obtenu)", 6000), ("Autofinancement", 3050)]),
    parts=[("Maison des coursiers", "Mobilise les livreurs et co-anime les espaces de dialogue"),
           ("Institut de recherches économiques et sociales", "Apporte une analyse juridique des statuts")],
    subject="Candidature Fabrique CTO : COURSIERS", layout="reply_budget_xlsx", date=datetime(2022, 8, 10, 9, 40, tzinfo=PARIS))

add(id="B12", name="François Meunier", email="francois.meunier@lab-ergo.univ-exemple.fr", org="Laboratoire ERGO-Travail",
    title="Exosquelettes et santé au travail : une conception dialoguée", acr="EXODIAL",
    t=T(1, "de l'agroalimentaire", "exosquelettes d'assistance aux gestes", "ligérien",
        "les opérateurs de découpe, l'encadrement de proximité et les CSSCT de trois PME agroalimentaires",
        [("Novembre 2022 - février 2023", "analyse de l'activité"), ("Mars - septembre 2023", "essais accompagnés"), ("Octobre - décembre 2023", "recommandations")]),
    end="2023-12-31", omit_first=["partners"],
    b=dict(personnel=[("Enseignant-chercheur (20 j)", 9000), ("Ingénieur d'études (8 mois)", 28000)],
           deplacements_logistique=[("Missions", 3500)],
           prestations=[("Location d'exosquelettes pour essais", 9000)],
           cofin=[("Apport du laboratoire (temps chercheur)", 9000), ("Région Pays de la Loire", 3500)]),
    parts=[("ADRIA Pays de la Loire", "Recrute les entreprises et relaie les résultats"),
           ("Carsat Pays de la Loire", "Met à disposition un ingénieur conseil pour les essais")],
    subject="AMI Fabrique CTO - proposition EXODIAL", layout="reply_partners", date=datetime(2022, 8, 5, 17, 25, tzinfo=PARIS))

add(id="B13", name="Isabelle Roux", email="isabelle.roux@ud-cfdt-gironde.fr", org="Union départementale CFDT de Gironde",
    title="Former les élus CSE aux projets numériques", acr="ELUS-NUM",
    t=T(0, "des PME industrielles et de services", "progiciels de gestion intégrée", "girondin",
        "les élus de CSE et les dirigeants de PME de 50 à 250 salariés",
        [("Octobre 2022", "conception des modules"), ("Novembre 2022 - mai 2023", "sessions de formation-action"), ("Juin - septembre 2023", "accompagnement de négociations")]),
    end="2023-09-30", omit=["description.perennisation"],
    b=dict(personnel=[("Formateurs syndicaux (40 j)", 16000), ("Coordination", 6000)],
           deplacements_logistique=[("Frais de déplacement des stagiaires", 3000), ("Salles et repas", 2500)],
           prestations=[("Consultant en systèmes d'information", 7000)],
           cofin=[("Fonds propres UD CFDT", 7000)]),
    parts=[("Cabinet Syndex", "Intervient comme expert sur les systèmes d'information"),
           ("MEDEF Gironde", "Mobilise des dirigeants pour les sessions paritaires")],
    subject="Candidature ELUS-NUM", layout="body_sigblock", date=datetime(2022, 8, 8, 12, 3, tzinfo=PARIS))

add(id="B14", name="Vincent Carré", email="vcarre@alteractions.fr", org="Alteractions",
    title="Logiciels de gestion de flotte et conducteurs routiers", acr="FLOTTE",
    t=T(1, "du transport routier", "systèmes de géolocalisation et de gestion de flotte", "du Grand Est",
        "les conducteurs, les exploitants et les délégués syndicaux de quatre transporteurs", []),
    end=None, omit=["description.phasage"],
    b=dict(personnel=[("Consultants (48 j)", 28800)],
           deplacements_logistique=[("Déplacements", 3600)],
           prestations=[("Juriste RGPD", 3000)],
           cofin=[("Autofinancement Alteractions", 8400)]),
    parts=[("FNTR Grand Est", "Relaie le projet auprès des transporteurs adhérents"),
           ("AFT", "Apporte son appui formation")],
    subject="AMI dialogue social technologique - FLOTTE", layout="docx_keur", date=datetime(2022, 8, 15, 20, 17, tzinfo=PARIS))

add(id="B15", name="Sylvie Texier", email="sylvie.texier@mairie-beaulieu.fr", org="Ville de Beaulieu-sur-Loire",
    title="Outils numériques des services techniques municipaux", acr="TECHNIMUN",
    t=T(0, "des services techniques municipaux", "applications mobiles de gestion des interventions", "ligérien",
        "les agents des services techniques, leurs encadrants et le comité social territorial",
        [("Octobre - décembre 2022", "diagnostic"), ("Janvier - juin 2023", "co-conception"), ("Septembre - novembre 2023", "bilan")]),
    end="2023-11-30",
    b=dict(deplacements_logistique=[("Logistique des ateliers", 1500)],
           prestations=[("Accompagnement ergonomique", 18000), ("Formation des encadrants", 4500)],
           cofin=[("Budget communal", 6000)]),
    parts=[("CNFPT délégation Centre-Val de Loire", "Conçoit et finance la formation des encadrants"),
           ("Aract Centre-Val de Loire", "Apporte un appui sur la méthode")],
    subject="Candidature Ville de Beaulieu - Fabrique CTO", layout="lo_pdf_all", date=datetime(2022, 8, 2, 10, 0, tzinfo=PARIS))

add(id="B16", name="Rachid Haddad", email="rhaddad@ur-unsa-paca.org", org="UNSA PACA",
    title="Dialogue social et logiciels de téléconsultation", acr="TELESOIN",
    t=T(1, "des centres de santé", "plateformes de téléconsultation", "de Provence-Alpes-Côte d'Azur",
        "les infirmières, les secrétaires médicales et les médecins salariés de cinq centres de santé",
        [("Novembre 2022 - janvier 2023", "diagnostic partagé"), ("Février - juillet 2023", "expérimentation de règles d'usage"), ("Septembre - décembre 2023", "évaluation")]),
    end="2023-12-31",
    b=dict(personnel=[("Chargé de mission syndical (45 j)", 18000), ("Juriste (10 j)", 5000)],
           deplacements_logistique=[("Déplacements", 2200), ("Organisation de deux séminaires", 2800)],
           prestations=[("Ergonome consultant", 12000)],
           cofin=[("Fonds propres UNSA", 6000), ("ARS PACA (sollicité)", 4000)]),
    parts=[("Fédération nationale des centres de santé", "Mobilise les centres et participe au comité"),
           ("Aract PACA", "Conseille sur l'analyse des situations de travail")],
    subject="Fabrique CTO — dossier TELESOIN", layout="pdf_desc_body_budget", date=datetime(2022, 8, 23, 21, 50, tzinfo=PARIS))

add(id="B17", name="Mathilde Caron", email="mathilde.caron@irt-organisation.fr", org="Institut de Recherche sur le Travail et l'Organisation",
    title="Capteurs connectés et autonomie des techniciens de maintenance", acr="CAPTEO",
    t=T(0, "de la maintenance industrielle", "capteurs connectés et de la maintenance prédictive", "rhônalpin",
        "les techniciens de maintenance, les responsables de production et les élus de quatre sites industriels",
        [("Octobre 2022 - mars 2023", "enquête ethnographique"), ("Avril - septembre 2023", "forums hybrides"), ("Octobre - décembre 2023", "synthèse")]),
    end="2023-12-31",
    b=dict(personnel=[("Chercheuse (0,5 ETP, 15 mois)", 37500), ("Doctorant (contribution)", 9000)],
           deplacements_logistique=[("Missions", 4000)],
           prestations=[("Transcription d'entretiens", 3500), ("Design des supports", 2000)],
           cofin=[("Apport de l'institut", 12000)]),
    parts=[("UIMM Loire", "Mobilise les entreprises industrielles"),
           ("CGT Métallurgie Loire", "Participe aux forums et au pilotage"),
           ("Aract Auvergne-Rhône-Alpes", "Appui méthodologique")],
    subject="Soumission CAPTEO - Fabrique CTO", layout="docx_roman", date=datetime(2022, 8, 22, 11, 11, tzinfo=PARIS))

add(id="B18", name="Laure Besson", email="laure.besson@gmail.com", org="Collectif Tiers-Lieux Travail",
    title="Tiers-lieux et numérique : travailler autrement en milieu rural", acr="TIERSNUM",
    t=T(1, "des tiers-lieux ruraux", "espaces de travail partagés équipés d'outils numériques", "auvergnat",
        "les salariés en télétravail, les indépendants et les employeurs utilisateurs de six tiers-lieux",
        [("Octobre 2022", "lancement"), ("Novembre 2022 - avril 2023", "enquête et ateliers"), ("Mai 2023 - juin 2024", "expérimentation et évaluation")]),
    end="2024-06-30", flags=["fin_apres_echeance"], omit=["description.problematique", "description.objectifs"],
    b=dict(personnel=[("Coordinatrice (30 j)", 12000)],
           deplacements_logistique=[("Déplacements", 2500)],
           prestations=[("Animation d'ateliers", 6000)],
           cofin=[("Département du Puy-de-Dôme", 5000)]),
    parts=[("Réseau des tiers-lieux d'Auvergne", "Mobilise les lieux et héberge les ateliers")],
    subject="Projet TIERSNUM", layout="html_pdfbudget", date=datetime(2022, 8, 21, 19, 3, tzinfo=PARIS))

add(id="B19", name="Olivier Noël", email="o.noel@ateliers-du-dialogue.fr", org="Les Ateliers du Dialogue",
    title="Messageries d'entreprise et droit à la déconnexion", acr="DECONNECT",
    t=T(0, "du conseil et de l'ingénierie", "messageries instantanées d'entreprise", "nantais",
        "les salariés, les managers et les élus CSE de six bureaux d'études",
        [("Septembre - novembre 2022", "enquête sur les usages"), ("Décembre 2022 - mai 2023", "ateliers de régulation"), ("Juin - septembre 2023", "accords et évaluation")]),
    end="2023-09-30",
    b=dict(personnel=[("Consultants (50 j)", 30000)],
           deplacements_logistique=[("Déplacements", 1800), ("Salles", 900)],
           prestations=[("Outil d'enquête en ligne", 1800), ("Graphiste", 2500)],
           cofin=[("Autofinancement", 7400), ("OPCO Atlas (sollicité)", 2000)]),
    parts=[("Syntec Ingénierie Pays de la Loire", "Mobilise les bureaux d'études"),
           ("Aract Pays de la Loire", "Co-anime deux ateliers et apporte son expertise")],
    subject="AMI Fabrique CTO", layout="xlsx_all_partners", date=datetime(2022, 8, 1, 9, 30, tzinfo=PARIS))

add(id="B20", name="Céline Martin", email="celine.martin@conseil-cm.fr", org="CM Conseil",
    title="Applications de pointage et travail saisonnier", acr="SAISON",
    t=T(1, "de l'hôtellerie-restauration saisonnière", "applications de planning et de pointage", "savoyard",
        "les saisonniers, les chefs de rang et les employeurs de dix établissements de station",
        [("Octobre - novembre 2022", "préparation"), ("Décembre 2022 - avril 2023", "saison d'hiver : observations et ateliers"), ("Mai - juillet 2023", "analyse et guide")]),
    end="2023-07-31", omit_budget=True,
    b=dict(),
    parts=[("UMIH Savoie", "Mobilise les établissements"),
           ("Maison des saisonniers", "Relaie auprès des saisonniers et co-anime les ateliers")],
    subject="Candidature SAISON", layout="docx_nobudget", date=datetime(2022, 8, 14, 8, 20, tzinfo=PARIS))


# ---------------------------------------------------------------- builders
def intro(d):
    """The covering letter's first lines."""
    return (f"Madame, Monsieur,\n\nVeuillez trouver ci-joint la candidature de {d['org']} à l'appel à manifestation d'intérêt "
            f"« Développer le dialogue social technologique au travail » pour le projet « {d['title']} » ({d['acr']}).\n")


def partners_bullets(parts):
    """The partners as '- name : role' lines."""
    return "\n".join(f"- {n} : {r}" for n, r in parts)


def dossier_mails(d, pdf):
    """The dossier's mails as (EmailMessage, classification); `pdf` turns DOCX bytes into a PDF."""
    L = d["layout"]
    mails = []
    mid0 = mkmid(d, 0)
    atts = []

    def fn(ext, kind="Dossier"):
        return f"{kind} {d['acr']} - {d['org']}.{ext}"

    if L == "docx_semester":
        doc = new_doc()
        doc.add_heading(d["title"], 0)
        doc.add_heading("1. Description du projet", 1)
        doc_desc(doc, d, "styles")
        doc.add_heading("2. Budget détaillé", 1)
        doc_budget_semester(doc, d["b"])
        doc.add_heading("3. Partenaires mobilisés", 1)
        doc_partners(doc, d["parts"], "table")
        atts.append((fn("docx"), docx_bytes(doc), MT_DOCX))
        body = intro(d) + "\nNous restons à votre disposition.\nBien cordialement," + sig(d)
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
    elif L == "html_body":
        d["heads"] = "q"
        h = ["<div dir=\"ltr\"><div>Bonjour,</div><div><br></div><div>Voici notre proposition pour la Fabrique CTO.</div><div><br></div>",
             f"<div><b>{html_esc(d['title'])}</b></div><div><br></div>"]
        for hd, txt in desc_items(d):
            h.append(f"<div><b><u>{html_esc(hd)}</u></b></div>")
            if isinstance(txt, list):
                h.append("<ul>" + "".join(f"<li>{html_esc(p)} : {html_esc(l)}</li>" for p, l in txt) + "</ul>")
            else:
                h.append(f"<div>{html_esc(txt)}</div><div><br></div>")
        b = d["b"]
        cats, total, anact, cof = btotals(b)
        h.append("<div><b><u>Combien ça coûte ?</u></b></div>")
        h.append('<table border="1" cellspacing="0" cellpadding="3"><tbody><tr><td><b>Dépense</b></td><td><b>Montant</b></td></tr>')
        for c in ("personnel", "deplacements_logistique", "prestations"):
            for lab, a in b.get(c, []):
                h.append(f"<tr><td>{html_esc(CATLAB[c])} – {html_esc(lab)}</td><td>{eur(a, 2)}</td></tr>")
        h.append(f"<tr><td><b>Total</b></td><td><b>{eur(total, 2)}</b></td></tr></tbody></table><div><br></div>")
        h.append(f"<div>Demande à l'Anact : {eur(anact, 2)}. Cofinancements : " +
                 ", ".join(f"{html_esc(l)} {eur(a, 2)}" for l, a in b["cofin"]) + ".</div><div><br></div>")
        h.append("<div><b><u>Avec qui ?</u></b></div>")
        h.append(f"<div>{html_esc(prose_partners(d['parts']))}</div><div><br></div>")
        h.append(f"<div>Bien à vous,</div><div>{d['name']}<br>{html_esc(d['org'])}</div></div>")
        mails.append((make_mail(d, None, html="\n".join(h), date=d["date"], mid=mid0), "submission"))
    elif L == "plain_body_keur":
        d["heads"] = "caps"
        b = d["b"]
        cats, total, anact, cof = btotals(b)
        bl = ["    Poste                                        k€ HT", "    ---------------------------------------------------"]
        for c in ("personnel", "deplacements_logistique", "prestations"):
            for lab, a in b.get(c, []):
                bl.append(f"    {(CATLAB[c].split(' ')[0] + ' / ' + lab):<45}{eur(a, 3):>6}")
        bl.append("    ---------------------------------------------------")
        bl.append(f"    {'Total':<45}{eur(total, 3):>6}")
        bl.append(f"    {'dont subvention Anact demandée':<45}{eur(anact, 3):>6}")
        for l, a in b["cofin"]:
            bl.append(f"    {'dont ' + l:<45}{eur(a, 3):>6}")
        body = ("Bonjour,\n\nNous vous adressons directement dans ce courriel notre réponse à l'AMI.\n\n"
                f"PROJET {d['acr']} – {d['title']}\n\n" + body_desc_text(d, under=False) +
                "BUDGET (en milliers d'euros)\n\n" + "\n".join(bl) + "\n\nPARTENAIRES\n\n" + partners_bullets(d["parts"]) +
                "\n\nCoopérativement," + sig(d))
        mails.append((make_mail(d, body, date=d["date"], mid=mid0), "submission"))
    elif L == "lo_pdf_xlsx":
        doc = new_doc()
        doc.add_heading(f"{d['acr']} – {d['title']}", 0)
        doc_desc(doc, d, "styles")
        doc.add_heading("Partenaires et contributions", 1)
        doc_partners(doc, d["parts"], "numbered")
        doc.add_paragraph("Le budget détaillé figure dans le classeur joint.")
        atts.append((fn("pdf", "Note de présentation"), pdf(docx_bytes(doc)), MT_PDF))
        atts.append((fn("xlsx", "Budget"), xlsx_budget(d["b"], cover=True, title=d["title"]), MT_XLSX))
        body = intro(d) + "\nCordialement," + sig(d)
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
    elif L == "reportlab":
        d["heads"] = "syn"
        atts.append((fn("pdf"), reportlab_pdf(d), MT_PDF))
        body = intro(d) + "\nBien cordialement," + sig(d)
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
    elif L in ("docx_stacked", "docx_unit", "docx_styles_table_budget", "docx_keur", "docx_roman", "docx_nobudget", "docx_bold_xlsx1"):
        doc = new_doc()
        doc.add_heading(d["title"], 0)
        mode = {"docx_stacked": "bold", "docx_roman": "roman", "docx_bold_xlsx1": "bold"}.get(L, "styles")
        if L == "docx_bold_xlsx1":
            d["num"] = True
        doc_desc(doc, d, mode)
        if L != "docx_nobudget" and L != "docx_bold_xlsx1":
            p = doc.add_paragraph()
            p.add_run("BUDGET PRÉVISIONNEL" if mode != "styles" else "").bold = True
            if mode == "styles":
                doc.add_heading("Budget prévisionnel", 1)
            {"docx_stacked": doc_budget_stacked, "docx_unit": doc_budget_unit, "docx_styles_table_budget": doc_budget_unit,
             "docx_keur": doc_budget_keur, "docx_roman": doc_budget_semester}[L](doc, d["b"])
        if mode == "styles":
            doc.add_heading("Partenaires", 1)
        else:
            p = doc.add_paragraph()
            p.add_run("PARTENAIRES MOBILISÉS").bold = True
        pf = {"docx_stacked": "prose", "docx_roman": "numbered", "docx_bold_xlsx1": "numbered"}.get(L, "table")
        doc_partners(doc, d["parts"], pf)
        atts.append((fn("docx"), docx_bytes(doc), MT_DOCX))
        if L == "docx_bold_xlsx1":
            atts.append((f"budget_{d['acr'].lower()}.xlsx", xlsx_budget(d["b"], cover=False), MT_XLSX))
        body = intro(d) + "\nCordialement," + sig(d)
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
    elif L == "lo_pdf_body_budget":
        d["heads"] = "caps"
        doc = new_doc()
        doc.add_heading(d["title"], 0)
        doc_desc(doc, d, "bold")
        atts.append((fn("pdf", "Présentation"), pdf(docx_bytes(doc)), MT_PDF))
        body = (intro(d) + "\nVous trouverez ci-dessous le budget et les partenaires.\n\nBudget détaillé\n\n" +
                budget_lines_text(d["b"], 0) + "\n\nPartenaires mobilisés\n\n" + partners_bullets(d["parts"]) +
                "\n\nCordialement," + sig(d))
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
    elif L == "reply_budget_xlsx":
        doc = new_doc()
        doc.add_heading(d["title"], 0)
        doc_desc(doc, d, "styles")
        doc.add_heading("Partenaires", 1)
        doc_partners(doc, d["parts"], "table")
        atts.append((fn("docx"), docx_bytes(doc), MT_DOCX))
        body = intro(d) + "\nLe budget est en cours de validation par notre conseil d'administration, nous vous le transmettrons très vite.\n\nBien à vous," + sig(d)
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
        r = make_mail(d, "Bonjour,\n\nComme annoncé, voici le budget détaillé de notre projet COURSIERS (fichier joint).\n\nBien à vous," + sig(d),
                      [(f"Budget {d['acr']}.xlsx", xlsx_budget(d["b"], cover=True, title=d["title"]), MT_XLSX)],
                      date=d["date"] + timedelta(days=4, hours=2), mid=mkmid(d, 1), subject="RE: " + d["subject"], reply_to=mid0)
        mails.append((r, "reply"))
    elif L == "reply_partners":
        atts.append((fn("pdf"), reportlab_pdf(d, with_partners=False), MT_PDF))
        body = intro(d) + "\nLes conventions avec nos partenaires sont en cours de signature ; nous vous en communiquerons la liste.\n\nCordialement," + sig(d)
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
        rb = ("Bonjour,\n\nPour compléter notre dossier EXODIAL, voici les partenaires mobilisés et leur contribution attendue.\n\n" +
              prose_partners(d["parts"]) + "\n\nCordialement," + sig(d))
        mails.append((make_mail(d, rb, date=d["date"] + timedelta(days=6, hours=1), mid=mkmid(d, 1), subject="Re: " + d["subject"], reply_to=mid0), "reply"))
    elif L == "body_sigblock":
        doc = new_doc()
        doc.add_paragraph().add_run("Budget prévisionnel ELUS-NUM").bold = True
        doc_budget_unit(doc, d["b"])
        atts.append((f"Budget_{d['acr']}.docx", docx_bytes(doc), MT_DOCX))
        lines = []
        for i, (hd, txt) in enumerate(desc_items(d), 1):
            lines.append(f"{i}) {hd}")
            lines.append(txt if not isinstance(txt, list) else "\n".join(f"   * {p} : {l}" for p, l in txt))
            lines.append("")
        blk = "\n".join(f"  {n}\n      -> {r}" for n, r in d["parts"])
        body = ("Bonjour,\n\nL'UD CFDT de Gironde dépose le projet suivant. Le budget est joint au format Word.\n\n" +
                f"« {d['title']} »\n\n" + "\n".join(lines) + "\nSalutations syndicales,\n\n--\n" +
                f"{d['name']} | Secrétaire générale adjointe\n{d['org']}\n05 56 00 00 00\n" +
                "Partenaires du projet :\n" + blk + "\n")
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
    elif L == "lo_pdf_all":
        doc = new_doc()
        doc.add_heading(d["title"], 0)
        doc_desc(doc, d, "roman")
        doc.add_paragraph().add_run("X. BUDGET ET PLAN DE FINANCEMENT").bold = True
        doc_budget_stacked(doc, d["b"])
        doc.add_paragraph().add_run("XI. PARTENAIRES").bold = True
        doc_partners(doc, d["parts"], "table")
        atts.append((fn("pdf", "Candidature"), pdf(docx_bytes(doc)), MT_PDF))
        body = intro(d) + "\nRespectueusement,\n\nPour le Maire,\n" + d["name"] + "\nDirectrice générale des services\n" + d["org"] + "\n"
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
    elif L == "pdf_desc_body_budget":
        atts.append((fn("pdf"), reportlab_pdf(d, with_budget=False), MT_PDF))
        body = (intro(d) + "\nNotre budget (en euros) :\n\n" + budget_lines_text(d["b"], 0, indent="\t") +
                "\n\nFraternellement," + sig(d))
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
    elif L == "html_pdfbudget":
        h = ["<div dir=\"ltr\">Bonjour,<br><br>Je vous propose le projet suivant au nom du collectif.<br><br>",
             f"<h3>{html_esc(d['title'])}</h3>"]
        for hd, txt in desc_items(d):
            h.append(f"<p><b>{html_esc(hd)}</b><br>")
            if isinstance(txt, list):
                h.append("<br>".join(f"&nbsp;&nbsp;• {html_esc(p)} : {html_esc(l)}" for p, l in txt) + "</p>")
            else:
                h.append(f"{html_esc(txt)}</p>")
        h.append(f"<p><b>Partenaire</b><br>{html_esc(prose_partners(d['parts']))}</p>")
        h.append("<p>Le budget est en pièce jointe.</p><p>Laure Besson<br>Collectif Tiers-Lieux Travail</p></div>")
        doc = new_doc()
        doc.add_heading(f"Budget prévisionnel – {d['acr']}", 1)
        doc_budget_unit(doc, d["b"])
        atts.append((f"budget-{d['acr'].lower()}.pdf", pdf(docx_bytes(doc)), MT_PDF))
        mails.append((make_mail(d, None, atts, html="\n".join(h), date=d["date"], mid=mid0), "submission"))
    elif L == "xlsx_all_partners":
        d["heads"] = "syn"
        lines = [f"{hd} : {txt if not isinstance(txt, list) else ' / '.join(p + ', ' + l for p, l in txt)}\n" for hd, txt in desc_items(d)]
        body = ("Bonjour,\n\nCi-dessous la présentation de notre projet DECONNECT ; budget et partenaires dans le classeur joint.\n\n" +
                "\n".join(lines) + "\nBien cordialement," + sig(d))
        atts.append((f"{d['acr']}_budget_partenaires.xlsx", xlsx_budget(d["b"], cover=True, title=d["title"], partners=d["parts"]), MT_XLSX))
        mails.append((make_mail(d, body, atts, date=d["date"], mid=mid0), "submission"))
    else:
        raise ValueError(L)
    return mails


def truth_for(d, mails):
    """The dossier's truth, from what was written."""
    missing = set(d["omit"])
    if d["omit_budget"]:
        missing |= {"budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements"}
    b = d["b"]
    for c in ("personnel", "deplacements_logistique", "prestations"):
        if not d["omit_budget"] and not b.get(c):
            missing.add("budget." + c)
    if not d["omit_budget"] and not b.get("cofin"):
        missing.add("budget.cofinancements")
    if not d["parts"]:
        missing |= {"partenaires.liste", "partenaires.contributions"}
    if d["omit_budget"]:
        bud = dict(total_eur=None, anact_request_eur=None, cofinancing_eur=None,
                   by_category=dict(personnel=None, deplacements_logistique=None, prestations=None, autres=None))
    else:
        cats, total, anact, cof = btotals(b)
        bud = dict(total_eur=float(total), anact_request_eur=float(anact), cofinancing_eur=float(cof) if cof else None,
                   by_category={k: (float(v) if v else None) for k, v in cats.items()})
    missing = [k for k in KEYS if k in missing]
    return dict(id=d["id"], messages=[m["Message-ID"] for m, _ in mails], applicant_email=d["email"], applicant_name=d["name"],
                organisation=d["org"], project_title=d["title"], acronym=d["acr"],
                status="incomplete" if missing else "complete", missing=missing,
                present=[k for k in KEYS if k not in missing], budget=bud, partners=[n for n, _ in d["parts"]],
                flags=sorted(d["flags"]), optional_flags=[], received_at=d["date"].isoformat(), project_end=d["end"],
                notes=d["notes"], meta=dict(layout=d["layout"], heads=d.get("heads", "std"),
                                            missing_first_message=sorted({"budget": ["budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements"],
                                                                          "partners": ["partenaires.liste", "partenaires.contributions"]}.get((d.get("omit_first") or [None])[0], [])),
                                            attachments=[[p.get_filename() for p in m.iter_attachments()] for m, _ in mails]))


# ---------------------------------------------------------------- the set
# The shared corpus's conventions (../shared/corpus/proposals/truth.json), copied when this set was written.
CONVENTIONS = [
    "budget figures are the ones the applicant's latest readable budget states; null = not stated anywhere readable",
    "hors_delai: first submission message Date after 2022-08-23 23:59:59 Europe/Paris",
    "fin_apres_echeance: stated project end month in 2024 (a bare 'décembre 2023' is not flagged)",
    "optional_flags are neither rewarded nor penalised; 'accept' lists the classifications accepted for a message",
    "requirements held only in an unreadable attachment (encrypted PDF, Apple Pages) count as missing",
    "budget.cofinancements is present only when a co-financing source other than Anact is stated with its amount",
    "cofinancement_insuffisant: co-financing / total below 20 %, or (total - Anact request) / total below 20 % when no "
    "co-financing is stated (an Anact request equal to the total is 0 % co-financing)",
]


def frozen_bytes(m):
    """The mail's bytes with boundaries drawn from its Message-ID (the email package draws them at random)."""
    seed = m["Message-ID"]
    for i, part in enumerate(p for p in m.walk() if p.is_multipart()):
        part.set_boundary("=====" + hashlib.md5(f"{seed}-{i}".encode()).hexdigest() + "==")
    return bytes(m)


def build(out: Path, work: Path | None = None) -> dict:
    """Write out/mail/*.eml and out/truth.json; return the truth, with `skipped`: the dossiers left out."""
    out = Path(out)
    own_work = work is None
    work = Path(work) if work else Path(tempfile.mkdtemp(prefix="blind3-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _build(out, work)
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)


def _build(out: Path, work: Path) -> dict:
    dossiers = copy.deepcopy(D)  # the layouts write into their dossier
    pdf = OfficePdfs()
    needs = {}
    for d in dossiers:
        pdf.used = set()
        dossier_mails(d, pdf)
        needs[d["id"]] = pdf.used
    pdf.convert(work)
    kept = [d for d in dossiers if needs[d["id"]] <= pdf.pdfs.keys()]
    skipped = [d["id"] for d in dossiers if not needs[d["id"]] <= pdf.pdfs.keys()]

    allm = []
    truth_d = []
    for d in kept:
        mails = dossier_mails(d, pdf)
        truth_d.append(truth_for(d, mails))
        for m, cl in mails:
            allm.append((m, cl, d["id"]))
    allm.sort(key=lambda x: x[0]["Date"].datetime)
    mail_dir = out / "mail"
    mail_dir.mkdir(parents=True, exist_ok=True)
    for old in mail_dir.glob("*.eml"):
        old.unlink()
    msgs = []
    for i, (m, cl, did) in enumerate(allm, 1):
        f = f"{i:04d}.eml"
        (mail_dir / f).write_bytes(frozen_bytes(m))
        msgs.append(dict(message_id=m["Message-ID"], file="mail/" + f, classification=cl, dossier_id=did))
    truth = dict(schema=1, call="fabrique-cto-2022", deadline="2022-08-23T23:59:59+02:00", cap_eur=80000,
                 project_end_limit="2023-12-30", conventions=CONVENTIONS, dossiers=truth_d, messages=msgs,
                 skipped=skipped)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--work")
    a = ap.parse_args(argv)
    t = build(Path(a.out), Path(a.work) if a.work else None)
    print(f"{len(t['dossiers'])} dossiers, {len(t['messages'])} mails written to {a.out}"
          + (f"; left out (no LibreOffice): {', '.join(t['skipped'])}" if t["skipped"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
