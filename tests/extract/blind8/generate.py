#!/usr/bin/env python3
"""Blind set 8 -- "a random Tuesday in the mailbox".

Independent test set of French proposals sent by e-mail to the Anact "Fabrique CTO" 2022 call.
Every document is rendered from a written record (the dossier dicts below); truth.json is derived
from that same record, never from reading the rendered output.

    python generate.py OUT [WORK]

Writes OUT/mail/NNNN.eml and OUT/truth.json.  WORK holds intermediate files (DOCX before
LibreOffice conversion, the private LibreOffice profile).  Deterministic.
"""
from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Cm
import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
                                ListFlowable, ListItem)
from PIL import Image, ImageDraw
from reportlab import rl_config

rl_config.invariant = 1

SOFFICE = "/usr/bin/soffice"
PARIS = timezone(timedelta(hours=2))
UTC = timezone.utc
KEYS_DESC = ["description.contexte", "description.objectifs", "description.problematique",
             "description.cibles", "description.methodologie", "description.phasage",
             "description.pilotage", "description.resultats", "description.perennisation"]
KEYS = KEYS_DESC + ["budget.personnel", "budget.deplacements_logistique", "budget.prestations",
                    "budget.cofinancements", "partenaires.liste", "partenaires.contributions"]
CATS = ["personnel", "deplacements_logistique", "prestations", "autres"]
CAT_LABEL = {
    "personnel": "Dépenses de personnel",
    "deplacements_logistique": "Frais de déplacement et logistique",
    "prestations": "Achats de prestations",
    "autres": "Autres dépenses",
}
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]

# --------------------------------------------------------------------------------------------
# fonts for reportlab

_FONTS_DONE = False


def fonts():
    global _FONTS_DONE
    if _FONTS_DONE:
        return
    base = "/usr/share/fonts/truetype/dejavu/"
    pdfmetrics.registerFont(TTFont("DV", base + "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont("DV-B", base + "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFont(TTFont("DV-I", base + "DejaVuSans-Oblique.ttf"))
    pdfmetrics.registerFont(TTFont("DV-BI", base + "DejaVuSans-BoldOblique.ttf"))
    from reportlab.pdfbase.pdfmetrics import registerFontFamily
    registerFontFamily("DV", normal="DV", bold="DV-B", italic="DV-I", boldItalic="DV-BI")
    _FONTS_DONE = True


# --------------------------------------------------------------------------------------------
# small helpers


def eur(x, sep="\u00a0", sym=" €"):
    s = f"{int(round(x)):,}".replace(",", sep)
    return s + sym.replace(" ", "\u00a0") if sym else s


def eur_plain(x):
    return f"{int(round(x)):,}".replace(",", " ") + " €"


def mois(ym, cap=False):
    y, m = ym
    s = f"{MOIS[m - 1]} {y}"
    return s[0].upper() + s[1:] if cap else s


def add_months(ym, k):
    y, m = ym
    m0 = y * 12 + (m - 1) + k
    return (m0 // 12, m0 % 12 + 1)


def n_months(a, b):
    return (b[0] * 12 + b[1]) - (a[0] * 12 + a[1]) + 1


def last_day(ym):
    y, m = ym
    nxt = datetime(y + (m == 12), m % 12 + 1, 1)
    return (nxt - timedelta(days=1)).strftime("%Y-%m-%d")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------------------------
# section texts.  Blocks: ("h", text) ("p", text) ("ul", [..]) ("table", [[..],..])

HEADINGS = {
    "classic": {
        "description.contexte": "Contexte", "description.objectifs": "Objectifs",
        "description.problematique": "Problématique", "description.cibles": "Publics cibles",
        "description.methodologie": "Méthodologie", "description.phasage": "Phasage et calendrier",
        "description.pilotage": "Pilotage et comitologie", "description.resultats": "Résultats attendus",
        "description.perennisation": "Pérennisation et essaimage",
    },
    "rephrased": {
        "description.contexte": "D'où part le projet", "description.objectifs": "Ce que nous voulons atteindre",
        "description.problematique": "La question que nous posons", "description.cibles": "À qui s'adresse le projet",
        "description.methodologie": "Notre démarche", "description.phasage": "Calendrier de réalisation",
        "description.pilotage": "Gouvernance du projet", "description.resultats": "Livrables et effets attendus",
        "description.perennisation": "Après le projet : diffusion et transfert",
    },
    "questions": {
        "description.contexte": "Présentez le contexte du projet.",
        "description.objectifs": "Quels sont les objectifs poursuivis ?",
        "description.problematique": "Quelle problématique « conditions de travail » le projet traite-t-il ?",
        "description.cibles": "Quelles sont les cibles du projet ?",
        "description.methodologie": "Décrivez le déroulé méthodologique envisagé.",
        "description.phasage": "Précisez le phasage détaillé du projet.",
        "description.pilotage": "Comment le projet sera-t-il piloté (pilotage et comitologie) ?",
        "description.resultats": "Quels sont les résultats escomptés ?",
        "description.perennisation": "Quelles sont les perspectives de pérennisation et d'essaimage ?",
    },
    "terse": {
        "description.contexte": "Enjeux et contexte", "description.objectifs": "Finalités",
        "description.problematique": "Question de recherche-action", "description.cibles": "Bénéficiaires",
        "description.methodologie": "Méthode", "description.phasage": "Étapes",
        "description.pilotage": "Instances", "description.resultats": "Impacts et livrables",
        "description.perennisation": "Suites et transférabilité",
    },
}


def sec_blocks(key, d):
    v = d["v"]
    i = d["num"] % 3
    if key == "description.contexte":
        out = []
        if i == 0:
            out.append(("p", f"Dans {v['secteur']} en {v['region']}, {v['techno']} s'est diffusé très rapidement depuis 2020, "
                        f"souvent sans que les équipes aient été associées aux choix. {v['constat']}"))
            out.append(("p", f"Le projet fait suite à {v['demande']}. Les directions attendent de ces outils des gains de qualité et de "
                        f"réactivité ; les salariés, eux, décrivent une activité davantage prescrite et des arbitrages invisibles."))
        elif i == 1:
            out.append(("p", f"{v['constat']} C'est le constat partagé par les acteurs de {v['secteur']} que nous accompagnons en {v['region']}."))
            out.append(("p", f"{v['techno'][0].upper() + v['techno'][1:]} transforme l'organisation du travail : répartition des tâches, "
                        f"contrôle, coopération entre collègues. L'initiative s'appuie sur {v['demande']}."))
        else:
            out.append(("p", f"Origine de la démarche : {v['demande']}."))
            out.append(("p", f"Situation observée : {v['constat']} Le déploiement de {v['techno']} dans {v['secteur']} "
                        f"({v['region']}) s'est accéléré avec la crise sanitaire."))
        for x in d.get("distract_ctx", []):
            out.append(("p", x))
        return out
    if key == "description.objectifs":
        items = [f"construire avec les salariés et leurs représentants des règles d'usage de {v['techno_court']} ;",
                 f"outiller le {v['irp']} et l'encadrement de proximité pour discuter des choix techniques et de leurs effets sur le travail ;",
                 f"expérimenter dans {v['terrain']} une démarche de dialogue professionnel transférable ;",
                 "capitaliser la méthode sous la forme de ressources ouvertes."]
        if "description.perennisation" not in d["desc_keys"]:
            items = items[:3]
        if i == 1:
            return [("p", "Le projet poursuit quatre objectifs opérationnels :"), ("ul", items)]
        if i == 2:
            return [("ul", [x[0].upper() + x[1:] for x in items])]
        return [("p", "Objectif général : faire de " + v["techno_court"] + " un objet de dialogue social technologique au travail."),
                ("p", "Objectifs spécifiques :"), ("ul", items)]
    if key == "description.problematique":
        return [("p", f"Comment faire de l'introduction de {v['techno_court']} un objet de dialogue professionnel et social, "
                      f"plutôt qu'une contrainte subie par les {v['metiers']} ? {v['probleme']}")]
    if key == "description.cibles":
        return [("p", f"Le projet s'adresse en priorité aux {v['metiers']} de {v['terrain']}, soit environ {v['effectif']} salariés, "
                      f"ainsi qu'à leurs encadrants de proximité et aux élus du {v['irp']}."),
                ("p", f"Cibles secondaires : {v['cibles2']}.")]
    if key == "description.methodologie":
        items = [f"observation du travail réel et entretiens individuels avec les {v['metiers']} ;",
                 f"ateliers de dialogue réunissant salariés, encadrement et représentants du personnel autour de situations concrètes d'usage de {v['techno_court']} ;",
                 f"{v['methode']} ;",
                 "formation-action des représentants du personnel et des managers à l'analyse des projets numériques ;",
                 "retour d'expérience collectif et formalisation des enseignements."]
        if i == 0:
            return [("p", "La démarche repose sur une recherche-intervention participative combinant :"), ("ul", items)]
        if i == 1:
            return [("p", "Notre méthode associe " + " ; ".join(x.rstrip(" ;.") for x in items) + ".")]
        return [("ul", [x[0].upper() + x[1:] for x in items])]
    if key == "description.phasage":
        rows = [["Phase", "Période", "Contenu"]]
        for name, a, b, content in d["phases"]:
            per = f"{mois(a)} – {mois(b)}" if a != b else mois(a)
            rows.append([name, per, content])
        intro = f"Le projet se déroulera sur {n_months(d['start'], d['end'])} mois, de {mois(d['start'])} à {mois(d['end'])}."
        return [("p", intro), ("table", rows)]
    if key == "description.pilotage":
        return [("p", f"Un comité de pilotage réunira {v['copil']}. Il se tiendra {v['freq']} et validera les orientations "
                      f"et les livrables de chaque phase."),
                ("p", "Un comité technique restreint (chef de projet, intervenants, un représentant du personnel) "
                      "assurera le suivi opérationnel toutes les trois semaines.")]
    if key == "description.resultats":
        return [("p", "Résultats attendus :"),
                ("ul", [f"{v['livrable']} ;",
                        "des accords ou chartes d'usage discutés dans les instances de représentation du personnel ;",
                        f"une montée en compétence d'au moins {v['nform']} représentants du personnel et managers ;",
                        "des indicateurs de suivi (charge de travail perçue, interruptions, satisfaction au travail)."])]
    if key == "description.perennisation":
        return [("p", f"Les ressources produites seront diffusées sous licence ouverte et présentées au groupe miroir. "
                      f"Un essaimage est prévu vers {v['essaimage']}, avec l'appui des partenaires du projet."),
                ("p", "La démarche a vocation à être intégrée dans l'offre d'accompagnement de la structure après 2023.")]
    raise KeyError(key)


def fix_fr(s):
    s = re.sub(r"\bde les\b", "des", s)
    s = re.sub(r"\bà les\b", "aux", s)
    s = re.sub(r"\bde le\b", "du", s)
    s = re.sub(r"\bà le\b", "au", s)
    s = re.sub(r"\bde l'", "de l'", s)
    s = re.sub(r"\bde ([aeiouéèêâîôûAEIOUÉ])", r"d'\1", s)
    return s


def fix_blocks(blocks):
    out = []
    for kind, val in blocks:
        if kind == "p":
            out.append((kind, fix_fr(val)))
        elif kind == "ul":
            out.append((kind, [fix_fr(x) for x in val]))
        else:
            out.append((kind, val))
    return out


def description_sections(d):
    """[(heading, [keys], blocks)] in the order the applicant wrote them."""
    out = []
    style = HEADINGS[d.get("heading_style", "classic")]
    combine = d.get("combine", {})  # first key -> [keys merged under it]
    skip = set()
    for k in KEYS_DESC:
        if k not in d["desc_keys"] or k in skip:
            continue
        ks = [k] + [x for x in combine.get(k, []) if x in d["desc_keys"]]
        skip.update(ks)
        if len(ks) > 1:
            head = d.get("combined_heading", {}).get(k) or " et ".join(style[x] for x in ks)
        else:
            head = style[k]
        blocks = []
        for x in ks:
            blocks += sec_blocks(x, d)
        out.append((head, ks, fix_blocks(blocks)))
    return out


# --------------------------------------------------------------------------------------------
# budget record helpers


def budget_truth(b):
    lines = b["lines"]
    total = sum(l["amount"] for l in lines)
    bycat = {c: None for c in CATS}
    for l in lines:
        bycat[l["cat"]] = (bycat[l["cat"]] or 0) + l["amount"]
    anact = sum(r["amount"] for r in b["resources"] if r["kind"] == "anact")
    cofi = [r["amount"] for r in b["resources"] if r["kind"] == "cofi"]
    cof = sum(cofi) if cofi else None
    if cofi:
        assert anact + cof == total, (b.get("name"), anact, cof, total)
    return dict(total_eur=float(total), anact_request_eur=float(anact),
                cofinancing_eur=float(cof) if cof is not None else None,
                by_category={c: (float(x) if x is not None else None) for c, x in bycat.items()})


def budget_keys(b):
    ks = set()
    cats = {l["cat"] for l in b["lines"]}
    if "personnel" in cats:
        ks.add("budget.personnel")
    if "deplacements_logistique" in cats:
        ks.add("budget.deplacements_logistique")
    if "prestations" in cats:
        ks.add("budget.prestations")
    if any(r["kind"] == "cofi" for r in b["resources"]):
        ks.add("budget.cofinancements")
    return ks


def L(cat, label, amount, qty=None, unit=None, partner=None, note=None):
    if qty is not None:
        assert abs(qty * unit - amount) < 0.01, (label, qty, unit, amount)
    return dict(cat=cat, label=label, amount=amount, qty=qty, unit=unit, partner=partner, note=note)


def R(label, amount, kind="cofi", nature="", status=""):
    return dict(label=label, amount=amount, kind=kind, nature=nature, status=status)


def budget_rows_simple(b, with_detail=True):
    rows = [["Poste de dépense", "Détail", "Montant"]]
    for c in CATS:
        ls = [l for l in b["lines"] if l["cat"] == c]
        if not ls:
            continue
        rows.append([b.get("cat_labels", CAT_LABEL)[c], "", eur(sum(l["amount"] for l in ls))])
        for l in ls:
            det = f"{l['qty']:g} × {eur(l['unit'])}" if l["qty"] is not None else (l.get("note") or "")
            rows.append(["   " + l["label"], det if with_detail else "", eur(l["amount"])])
    rows.append(["TOTAL DES DÉPENSES", "", eur(sum(l["amount"] for l in b["lines"]))])
    return rows


def resource_rows(b):
    rows = [["Financeur", "Nature", "Statut", "Montant"]]
    for r in b["resources"]:
        rows.append([r["label"], r["nature"], r["status"], eur(r["amount"])])
    rows.append(["TOTAL DES RESSOURCES", "", "", eur(sum(r["amount"] for r in b["resources"]))])
    return rows


def budget_rows_htttc(b):
    rows = [["Poste", "Montant HT", "TVA", "Montant TTC"]]
    tht = tttc = 0
    for c in CATS:
        ls = [l for l in b["lines"] if l["cat"] == c]
        if not ls:
            continue
        rows.append([b.get("cat_labels", CAT_LABEL)[c], "", "", ""])
        for l in ls:
            rate = 0.2 if c in ("prestations", "autres") or l.get("note") == "tva" else 0.0
            ttc = round(l["amount"] * (1 + rate))
            tht += l["amount"]
            tttc += ttc
            rows.append(["   " + l["label"], eur(l["amount"]), f"{int(rate * 100)} %", eur(ttc)])
    rows.append(["TOTAL", eur(tht), "", eur(tttc)])
    return rows, tht, tttc


# --------------------------------------------------------------------------------------------
# determinism helpers

FIXED_DT = datetime(2022, 8, 1, 12, 0, 0)


def norm_zip(path):
    path = Path(path)
    zin = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    bio = io.BytesIO()
    zout = zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED)
    for item in zin.infolist():
        zi = zipfile.ZipInfo(item.filename, date_time=(2022, 8, 1, 12, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        zout.writestr(zi, zin.read(item.filename))
    zout.close()
    path.write_bytes(bio.getvalue())


def save_docx(doc, path):
    doc.core_properties.created = FIXED_DT
    doc.core_properties.modified = FIXED_DT
    doc.core_properties.revision = 3
    doc.save(path)
    norm_zip(path)


def norm_pdf(path):
    """Make LibreOffice PDFs reproducible: fixed dates and ID, same byte lengths (xref stays valid)."""
    path = Path(path)
    b = path.read_bytes()

    def fixdate(m):
        s = m.group(1)
        fixed = b"D:20220801120000+02'00'"
        new = fixed[:len(s)] if len(s) <= len(fixed) else fixed + b" " * (len(s) - len(fixed))
        return m.group(0).replace(s, new)
    b = re.sub(rb"/(?:CreationDate|ModDate)\s*\((D:[^)]*)\)", fixdate, b)
    b = re.sub(rb"<\?xml[^>]*\?>", lambda m: m.group(0), b)
    b = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]",
               lambda m: m.group(0).replace(m.group(1), b"A" * len(m.group(1))).replace(m.group(2), b"B" * len(m.group(2))), b)
    path.write_bytes(b)


# --------------------------------------------------------------------------------------------
# DOCX writing


def _field(paragraph, instr, placeholder=""):
    run = paragraph.add_run()
    f1 = OxmlElement("w:fldChar")
    f1.set(qn("w:fldCharType"), "begin")
    run._r.append(f1)
    run2 = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = instr
    run2._r.append(it)
    run3 = paragraph.add_run()
    f2 = OxmlElement("w:fldChar")
    f2.set(qn("w:fldCharType"), "separate")
    run3._r.append(f2)
    paragraph.add_run(placeholder)
    run4 = paragraph.add_run()
    f3 = OxmlElement("w:fldChar")
    f3.set(qn("w:fldCharType"), "end")
    run4._r.append(f3)


def docx_table(doc, rows, widths=None, header=True, style="Table Grid"):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = style
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = t.cell(r, c)
            cell.text = ""
            p = cell.paragraphs[0]
            run = p.add_run(str(val))
            run.font.size = Pt(9.5)
            if header and r == 0:
                run.bold = True
            if str(val).startswith("TOTAL"):
                run.bold = True
    if widths:
        for row in t.rows:
            for c, w in enumerate(widths):
                row.cells[c].width = Cm(w)
    doc.add_paragraph()
    return t


def docx_blocks(doc, blocks, bullet_style="List Bullet"):
    for kind, val in blocks:
        if kind == "p":
            doc.add_paragraph(val)
        elif kind == "ul":
            for it in val:
                doc.add_paragraph(it, style=bullet_style)
        elif kind == "table":
            docx_table(doc, val)
        elif kind == "h":
            p = doc.add_paragraph()
            p.add_run(val).bold = True


def new_doc(header=None, footer_page=False, font="Calibri"):
    doc = docx.Document()
    st = doc.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(10.5)
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(2.2)
    if header:
        hp = sec.header.paragraphs[0]
        hp.text = header
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for r in hp.runs:
            r.font.size = Pt(8)
            r.font.color.rgb = RGBColor(0x60, 0x60, 0x60)
    if footer_page:
        fp = sec.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fp.add_run("Page ")
        _field(fp, "PAGE", "1")
        fp.add_run(" / ")
        _field(fp, "NUMPAGES", "1")
    return doc


def cover_page(doc, d, subtitle="Réponse à l'appel à manifestation d'intérêt « Développer le dialogue social technologique au travail »"):
    for _ in range(4):
        doc.add_paragraph()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(d["org"])
    r.font.size = Pt(14)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(d["acronym"])
    r.bold = True
    r.font.size = Pt(26)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(d["title"])
    r.font.size = Pt(15)
    doc.add_paragraph()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(subtitle).italic = True
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("La Fabrique CTO – Anact – 2022")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def toc(doc, headings):
    doc.add_paragraph("Sommaire", style="Heading 1" if False else None).runs[0].bold = True
    p = doc.add_paragraph()
    _field(p, 'TOC \\o "1-2" \\h \\z \\u', "")
    for i, h in enumerate(headings):
        q = doc.add_paragraph(f"{h}\t{3 + i // 2}")
        q.paragraph_format.tab_stops.add_tab_stop(Cm(16))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def summary_table_rows(d, money=True):
    bt = d["_bt"]
    rows = [["Porteur du projet", d["org"]],
            ["Personne à contacter", f"{d['person']}, {d['role']} – {d['email']}"],
            ["Intitulé du projet", f"{d['acronym']} – {d['title']}"],
            ["Durée", d.get("duration_text") or f"{n_months(d['start'], d['end'])} mois ({mois(d['start'])} – {mois(d['end'])})"]]
    if money and d.get("summary_money", True) and bt:
        rows.append(["Coût total du projet", eur(bt["total_eur"]) + d.get("tax_suffix", "")])
        rows.append(["Montant sollicité auprès de l'Anact", eur(bt["anact_request_eur"]) + d.get("tax_suffix", "")])
    return rows


def write_description_docx(d, path, fmt, extra=None, partners_in_doc=True, budget_in_doc=None):
    """fmt: docx_template | docx_bold | docx_autonum | docx_tables | docx_questions | docx_styles"""
    secs = description_sections(d)
    header = f"{d['org']} – AMI Fabrique CTO 2022 – {d['acronym']}" if fmt in ("docx_template", "docx_styles", "docx_questions") else None
    doc = new_doc(header=header, footer_page=fmt in ("docx_template", "docx_questions", "docx_styles"),
                  font=d.get("font", "Calibri"))
    num = d.get("numbering", "arabic")

    def hnum(i, h):
        if num == "arabic":
            return f"{i}. {h}"
        if num == "roman":
            return f"{['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'][i - 1]}. {h}"
        if num == "alpha":
            return f"{'ABCDEFGHIJKL'[i - 1]}. {h}"
        return h

    all_heads = []
    n = 0
    parts = []  # (heading, blocks)
    for head, ks, blocks in secs:
        parts.append((head, blocks))
    if partners_in_doc and d.get("partners_doc_blocks"):
        parts.append((d.get("partners_heading", "Partenaires mobilisés et contributions"), d["partners_doc_blocks"]))
    if budget_in_doc:
        parts.append((d.get("budget_heading", "Budget prévisionnel détaillé"), budget_in_doc))
    heads = [hnum(i + 1, h) for i, (h, _) in enumerate(parts)]

    if fmt == "docx_template":
        cover_page(doc, d)
        toc(doc, heads)
        docx_table(doc, summary_table_rows(d), widths=[5, 11], header=False)
        for h, (_, blocks) in zip(heads, parts):
            doc.add_heading(h, level=1)
            docx_blocks(doc, blocks)
    elif fmt == "docx_styles":
        doc.add_heading(f"{d['acronym']} – {d['title']}", level=0)
        doc.add_paragraph(f"Porteur : {d['org']}")
        for h, (_, blocks) in zip(heads, parts):
            doc.add_heading(h, level=1)
            docx_blocks(doc, blocks)
    elif fmt == "docx_bold":
        p = doc.add_paragraph()
        r = p.add_run(f"Projet {d['acronym']}")
        r.bold = True
        r.font.size = Pt(16)
        doc.add_paragraph(d["title"]).runs[0].italic = True
        doc.add_paragraph(f"Structure porteuse : {d['org']} ({d['city']})")
        for h, (_, blocks) in zip(heads, parts):
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(12)
            r = p.add_run(h.upper() if d.get("caps") else h)
            r.bold = True
            docx_blocks(doc, blocks)
    elif fmt == "docx_autonum":
        p = doc.add_paragraph()
        r = p.add_run(f"{d['acronym']} : {d['title']}")
        r.bold = True
        r.font.size = Pt(15)
        docx_table(doc, summary_table_rows(d), widths=[5, 11], header=False)
        for (h, blocks) in parts:
            p = doc.add_paragraph(style="List Number")
            p.add_run(h).bold = True
            docx_blocks(doc, blocks)
    elif fmt == "docx_tables":
        p = doc.add_paragraph()
        r = p.add_run(f"Dossier de candidature – {d['acronym']}")
        r.bold = True
        r.font.size = Pt(16)
        docx_table(doc, [["Rubrique", "Renseignements"]] + summary_table_rows(d))
        for (h, blocks) in parts:
            t = doc.add_table(rows=1, cols=1)
            t.style = "Table Grid"
            c = t.cell(0, 0)
            c.text = ""
            c.paragraphs[0].add_run(h).bold = True
            shd = OxmlElement("w:shd")
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:fill"), "D9E2F3")
            c._tc.get_or_add_tcPr().append(shd)
            tb = [b for b in blocks if b[0] == "table"]
            txt = [b for b in blocks if b[0] != "table"]
            row = t.add_row().cells[0]
            row.text = ""
            first = True
            for kind, val in txt:
                items = val if kind == "ul" else [val]
                for it in items:
                    par = row.paragraphs[0] if first else row.add_paragraph()
                    first = False
                    par.add_run(("• " if kind == "ul" else "") + it)
            doc.add_paragraph()
            for _, rows in tb:
                docx_table(doc, rows)
    elif fmt == "docx_questions":
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run("FORMULAIRE DE CANDIDATURE\nAMI « Développer le dialogue social technologique au travail »")
        r.bold = True
        r.font.size = Pt(13)
        docx_table(doc, summary_table_rows(d), widths=[5, 11], header=False)
        qi = 0
        for (h, blocks) in parts:
            qi += 1
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(10)
            r = p.add_run(f"Question {qi} – {h}")
            r.bold = True
            r.italic = True
            r.font.color.rgb = RGBColor(0x1F, 0x3A, 0x68)
            p = doc.add_paragraph()
            p.add_run("Réponse :").underline = True
            docx_blocks(doc, blocks)
    else:
        raise ValueError(fmt)
    if extra:
        extra(doc)
    if d.get("closing"):
        doc.add_paragraph()
        doc.add_paragraph(d["closing"])
    doc.core_properties.author = d["person"]
    doc.core_properties.title = d["acronym"]
    save_docx(doc, path)


def budget_docx_blocks(d, variant):
    b = d["budget"]
    out = []
    if variant == "table_cat":
        out.append(("table", budget_rows_simple(b)))
        out.append(("p", "Plan de financement :"))
        out.append(("table", resource_rows(b)))
    elif variant == "htttc":
        rows, tht, tttc = budget_rows_htttc(b)
        out.append(("p", "Les montants sont exprimés hors taxes (HT) et toutes taxes comprises (TTC) ; la demande à l'Anact est calculée sur le HT."))
        out.append(("table", rows))
        out.append(("p", "Ressources (HT) :"))
        out.append(("table", resource_rows(b)))
    elif variant == "cerfa":
        ch = [["CHARGES", "Montant", "PRODUITS", "Montant"]]
        left = []
        for c in CATS:
            for l in b["lines"]:
                if l["cat"] == c:
                    left.append([f"{CAT_LABEL[c]} – {l['label']}", eur(l["amount"])])
        right = [[r["label"], eur(r["amount"])] for r in b["resources"]]
        for k in range(max(len(left), len(right))):
            a = left[k] if k < len(left) else ["", ""]
            bb = right[k] if k < len(right) else ["", ""]
            ch.append(a + bb)
        ch.append(["TOTAL DES CHARGES", eur(sum(l["amount"] for l in b["lines"])), "TOTAL DES PRODUITS",
                   eur(sum(r["amount"] for r in b["resources"]))])
        out.append(("table", ch))
    else:
        raise ValueError(variant)
    for x in d.get("budget_notes", []):
        out.append(("p", x))
    return out


def partner_blocks(d, fmt):
    ps = d["partners"]
    if fmt == "table":
        rows = [["Partenaire", "Nature", "Contribution attendue"]]
        for p in ps:
            rows.append([p["name"], p.get("nature", ""), p.get("contrib") or "—"])
        if not d.get("contributions", True):
            rows = [[r[0], r[1]] for r in rows]
        return [("table", rows)]
    if fmt == "bullets":
        if d.get("contributions", True):
            return [("ul", [f"{p['name']} ({p['nature']}) : {p['contrib']}" for p in ps])]
        return [("ul", [f"{p['name']}" + (f" – {p['nature']}" if p.get("nature") else "") for p in ps])]
    if fmt == "prose":
        txt = []
        for k, p in enumerate(ps):
            lead = ["Le projet associe", "Il mobilise également", "Nous travaillerons aussi avec", "Enfin,"][min(k, 3)]
            if d.get("contributions", True):
                txt.append(f"{lead} {p['name']}, qui {p['contrib_verb']}.")
            else:
                txt.append(f"{lead} {p['name']}.")
        return [("p", " ".join(txt[:2])), ("p", " ".join(txt[2:]))] if len(txt) > 2 else [("p", " ".join(txt))]
    raise ValueError(fmt)


# --------------------------------------------------------------------------------------------
# PDF (reportlab)


def rl_styles():
    fonts()
    return dict(
        body=ParagraphStyle("b", fontName="DV", fontSize=9.5, leading=13, spaceAfter=5),
        h1=ParagraphStyle("h1", fontName="DV-B", fontSize=13, leading=17, spaceBefore=10, spaceAfter=6,
                          textColor=colors.HexColor("#1F3A68")),
        title=ParagraphStyle("t", fontName="DV-B", fontSize=20, leading=26, spaceAfter=8),
        sub=ParagraphStyle("s", fontName="DV-I", fontSize=11, leading=15, spaceAfter=10),
        cell=ParagraphStyle("c", fontName="DV", fontSize=8.5, leading=10.5),
        cellb=ParagraphStyle("cb", fontName="DV-B", fontSize=8.5, leading=10.5),
        slide_t=ParagraphStyle("st", fontName="DV-B", fontSize=24, leading=30, spaceAfter=14,
                               textColor=colors.HexColor("#0B5563")),
        slide_b=ParagraphStyle("sb", fontName="DV", fontSize=14, leading=19, spaceAfter=6),
    )


def rl_table(rows, S, widths=None):
    data = []
    for r, row in enumerate(rows):
        data.append([Paragraph(esc(str(c)), S["cellb"] if r == 0 or str(row[0]).startswith("TOTAL") else S["cell"]) for c in row])
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0")),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def rl_blocks(blocks, S, width=17 * cm, body=None):
    body = body or S["body"]
    out = []
    for kind, val in blocks:
        if kind == "p":
            out.append(Paragraph(esc(val), body))
        elif kind == "ul":
            out.append(ListFlowable([ListItem(Paragraph(esc(x), body), leftIndent=12) for x in val],
                                    bulletType="bullet", start="•", leftIndent=12))
        elif kind == "table":
            ncol = len(val[0])
            ws = {3: [4 * cm, 4 * cm, 9 * cm], 4: [6.5 * cm, 3.5 * cm, 3.5 * cm, 3.5 * cm], 2: [6 * cm, 11 * cm]}.get(ncol)
            out.append(rl_table(val, S, ws))
            out.append(Spacer(1, 6))
    return out


def write_pdf_report(d, path, parts, title_block=True, footer=None):
    S = rl_styles()
    story = []
    if title_block:
        story.append(Paragraph(esc(d["acronym"]), S["title"]))
        story.append(Paragraph(esc(d["title"]), S["sub"]))
        story.append(Paragraph(esc(f"Porteur : {d['org']} – {d['city']}"), S["body"]))
        story.append(rl_table([["", ""]] + summary_table_rows(d), S, [5.5 * cm, 11.5 * cm]) if False else
                     rl_table(summary_table_rows(d), S, [5.5 * cm, 11.5 * cm]))
        story.append(Spacer(1, 10))
    for h, blocks in parts:
        story.append(Paragraph(esc(h), S["h1"]))
        story += rl_blocks(blocks, S)

    def deco(c, doc):
        c.saveState()
        c.setFont("DV", 7.5)
        c.drawString(2 * cm, 1.2 * cm, footer or f"{d['org']} – {d['acronym']}")
        c.drawRightString(19 * cm, 1.2 * cm, f"{doc.page}")
        c.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=d["acronym"], author=d["person"])
    doc.build(story, onFirstPage=deco, onLaterPages=deco)


def write_pdf_slides(d, path, parts):
    S = rl_styles()
    story = [Spacer(1, 3 * cm), Paragraph(esc(d["acronym"]), ParagraphStyle("x", parent=S["slide_t"], fontSize=36, leading=44)),
             Paragraph(esc(d["title"]), S["slide_b"]), Paragraph(esc(d["org"] + " – AMI Fabrique CTO 2022"), S["slide_b"]),
             PageBreak()]
    for h, blocks in parts:
        story.append(Paragraph(esc(h), S["slide_t"]))
        for kind, val in blocks:
            if kind == "p":
                story.append(Paragraph(esc(val), S["slide_b"]))
            elif kind == "ul":
                for x in val:
                    story.append(Paragraph("▪ " + esc(x), S["slide_b"]))
            elif kind == "table":
                ncol = len(val[0])
                w = {3: [7 * cm, 6 * cm, 12 * cm], 2: [10 * cm, 15 * cm]}.get(ncol)
                story.append(rl_table(val, S, w))
        story.append(PageBreak())
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.5 * cm, title=d["acronym"])
    doc.build(story)


def write_letter_pdf(path, org, signer, place_date, body_paras, to_line="Madame la Directrice générale de l'Anact"):
    S = rl_styles()
    story = [Paragraph(f"<b>{esc(org)}</b>", S["body"]), Spacer(1, 1 * cm),
             Paragraph(esc(place_date), S["body"]), Spacer(1, 0.5 * cm),
             Paragraph(esc(to_line), S["body"]), Paragraph("Anact – La Fabrique CTO", S["body"]), Spacer(1, 0.6 * cm),
             Paragraph("<b>Objet : lettre de soutien</b>", S["body"]), Spacer(1, 0.4 * cm)]
    for p in body_paras:
        story.append(Paragraph(esc(p), S["body"]))
    story += [Spacer(1, 0.8 * cm), Paragraph(esc(signer), S["body"])]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm, title="Lettre de soutien").build(story)


# --------------------------------------------------------------------------------------------
# XLSX with cached formula values


class Book:
    def __init__(self):
        self.wb = openpyxl.Workbook()
        self.cache = {}  # (sheet_index, ref) -> value
        self.first = True

    def sheet(self, title):
        if self.first:
            ws = self.wb.active
            ws.title = title
            self.first = False
        else:
            ws = self.wb.create_sheet(title)
        return ws

    def f(self, ws, ref, formula, value, fmt='#,##0 "€"'):
        ws[ref] = "=" + formula
        if fmt:
            ws[ref].number_format = fmt
        self.cache[(self.wb.sheetnames.index(ws.title), ref)] = value

    def save(self, path):
        bio = io.BytesIO()
        self.wb.properties.created = FIXED_DT
        self.wb.properties.modified = FIXED_DT
        self.wb.properties.creator = "Microsoft Office User"
        self.wb.save(bio)
        zin = zipfile.ZipFile(io.BytesIO(bio.getvalue()))
        zout_b = io.BytesIO()
        zout = zipfile.ZipFile(zout_b, "w", zipfile.ZIP_DEFLATED)
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2022-08-01T12:00:00Z\g<2>", data)
                data = re.sub(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rb"\g<1>2022-08-01T12:00:00Z\g<2>", data)
            m = re.match(r"xl/worksheets/sheet(\d+)\.xml$", item.filename)
            if m:
                idx = int(m.group(1)) - 1
                txt = data.decode("utf-8")

                def rep(mo):
                    ref = mo.group(1)
                    val = self.cache.get((idx, ref))
                    if val is None:
                        return mo.group(0)
                    vv = repr(float(val)) if isinstance(val, float) and not float(val).is_integer() else str(int(val)) if isinstance(val, (int, float)) else val
                    return f'<c r="{ref}"{mo.group(2)}><f>{mo.group(3)}</f><v>{vv}</v></c>'
                txt = re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>|<v>[^<]*</v>)?</c>', rep, txt)
                data = txt.encode("utf-8")
            zi = zipfile.ZipInfo(item.filename, date_time=(2022, 8, 1, 12, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
        zout.close()
        Path(path).write_bytes(zout_b.getvalue())


THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
CAT_FILL = PatternFill("solid", fgColor="F2F2F2")


def xlsx_simple(d, path, notes=True, title=None):
    """One sheet: detail with qty × unit formulas, category subtotals, total, resources, notes column."""
    b = d["budget"]
    bk = Book()
    ws = bk.sheet("Budget")
    ws.merge_cells("A1:F1")
    ws["A1"] = title or f"Budget prévisionnel – {d['acronym']} – {d['org']}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    heads = ["Catégorie", "Poste", "Quantité", "Coût unitaire", "Montant", "Commentaire"]
    for c, h in enumerate(heads, 1):
        cell = ws.cell(row=3, column=c, value=h)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
    r = 4
    sub_refs = []
    for cat in CATS:
        ls = [l for l in b["lines"] if l["cat"] == cat]
        if not ls:
            continue
        first = r
        for l in ls:
            ws.cell(row=r, column=1, value=b.get("cat_labels", CAT_LABEL)[cat])
            ws.cell(row=r, column=2, value=l["label"])
            if l["qty"] is not None:
                ws.cell(row=r, column=3, value=l["qty"])
                ws.cell(row=r, column=4, value=l["unit"]).number_format = '#,##0 "€"'
                bk.f(ws, f"E{r}", f"C{r}*D{r}", l["amount"])
            else:
                ws.cell(row=r, column=5, value=l["amount"]).number_format = '#,##0 "€"'
            if notes and l.get("note") and l["note"] != "tva":
                ws.cell(row=r, column=6, value=l["note"])
            r += 1
        ws.cell(row=r, column=2, value=f"Sous-total {b.get('cat_labels', CAT_LABEL)[cat].lower()}").font = Font(italic=True)
        bk.f(ws, f"E{r}", f"SUM(E{first}:E{r - 1})", sum(l["amount"] for l in ls))
        for c in range(1, 7):
            ws.cell(row=r, column=c).fill = CAT_FILL
        sub_refs.append(f"E{r}")
        r += 1
    ws.cell(row=r, column=2, value="TOTAL DES DÉPENSES").font = Font(bold=True)
    bk.f(ws, f"E{r}", "+".join(sub_refs), sum(l["amount"] for l in b["lines"]))
    ws[f"E{r}"].font = Font(bold=True)
    tot_ref = f"E{r}"
    r += 2
    for c, h in enumerate(["Ressources", "Financeur", "Statut", "", "Montant", "Commentaire"], 1):
        cell = ws.cell(row=r, column=c, value=h or None)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    r += 1
    first = r
    for res in b["resources"]:
        ws.cell(row=r, column=1, value=res["nature"] or None)
        ws.cell(row=r, column=2, value=res["label"])
        ws.cell(row=r, column=3, value=res["status"] or None)
        ws.cell(row=r, column=5, value=res["amount"]).number_format = '#,##0 "€"'
        r += 1
    ws.cell(row=r, column=2, value="TOTAL DES RESSOURCES").font = Font(bold=True)
    bk.f(ws, f"E{r}", f"SUM(E{first}:E{r - 1})", sum(x["amount"] for x in b["resources"]))
    r += 1
    if any(x["kind"] == "cofi" for x in b["resources"]):
        ws.cell(row=r, column=2, value="Part du cofinancement")
        tot = sum(l["amount"] for l in b["lines"])
        bk.f(ws, f"E{r}", f"({tot_ref}-E{first})/{tot_ref}", (tot - b["resources"][0]["amount"]) / tot, fmt="0.0%")
    for x in d.get("xlsx_footnotes", []):
        r += 2
        ws.cell(row=r, column=1, value=x)
    for col, w in zip("ABCDEF", [30, 52, 10, 14, 14, 40]):
        ws.column_dimensions[col].width = w
    bk.save(path)


def xlsx_multi(d, path):
    """Synthèse (formulas referencing Détail) + Détail + Financements."""
    b = d["budget"]
    bk = Book()
    syn = bk.sheet("Synthèse")
    det = bk.sheet("Détail des dépenses")
    fin = bk.sheet("Financements")
    # detail
    det.merge_cells("A1:F1")
    det["A1"] = f"{d['acronym']} – détail des dépenses"
    det["A1"].font = Font(bold=True, size=12)
    for c, h in enumerate(["Catégorie", "Poste", "Unité", "Nb", "Coût unitaire", "Total", "Notes"], 1):
        det.cell(row=3, column=c, value=h).font = Font(bold=True)
    r = 4
    cat_rows = {}
    for cat in CATS:
        for l in [x for x in b["lines"] if x["cat"] == cat]:
            det.cell(row=r, column=1, value=CAT_LABEL[cat])
            det.cell(row=r, column=2, value=l["label"])
            if l["qty"] is not None:
                det.cell(row=r, column=3, value=l.get("unit_label", "jour"))
                det.cell(row=r, column=4, value=l["qty"])
                det.cell(row=r, column=5, value=l["unit"]).number_format = '#,##0 "€"'
                bk.f(det, f"F{r}", f"D{r}*E{r}", l["amount"])
            else:
                det.cell(row=r, column=3, value="forfait")
                det.cell(row=r, column=6, value=l["amount"]).number_format = '#,##0 "€"'
            if l.get("note") and l["note"] != "tva":
                det.cell(row=r, column=7, value=l["note"])
            cat_rows.setdefault(cat, []).append(r)
            r += 1
    det.cell(row=r, column=5, value="Total").font = Font(bold=True)
    bk.f(det, f"F{r}", f"SUM(F4:F{r - 1})", sum(l["amount"] for l in b["lines"]))
    for col, w in zip("ABCDEFG", [34, 50, 9, 6, 13, 13, 38]):
        det.column_dimensions[col].width = w
    # synthese
    syn.merge_cells("A1:C1")
    syn["A1"] = f"{d['acronym']} – plan de financement (synthèse)"
    syn["A1"].font = Font(bold=True, size=13)
    syn["A3"], syn["B3"] = "Dépenses", "Montant"
    syn["A3"].font = syn["B3"].font = Font(bold=True)
    r = 4
    srefs = []
    for cat in CATS:
        if cat not in cat_rows:
            continue
        syn.cell(row=r, column=1, value=CAT_LABEL[cat])
        rows = cat_rows[cat]
        formula = "+".join(f"'Détail des dépenses'!F{x}" for x in rows) if len(rows) < 4 else \
            f"SUM('Détail des dépenses'!F{rows[0]}:F{rows[-1]})"
        bk.f(syn, f"B{r}", formula, sum(l["amount"] for l in b["lines"] if l["cat"] == cat))
        srefs.append(f"B{r}")
        r += 1
    syn.cell(row=r, column=1, value="TOTAL GÉNÉRAL").font = Font(bold=True)
    total = sum(l["amount"] for l in b["lines"])
    bk.f(syn, f"B{r}", f"SUM(B4:B{r - 1})", total)
    trow = r
    r += 2
    syn.cell(row=r, column=1, value="Financements").font = Font(bold=True)
    r += 1
    anact_amt = sum(x["amount"] for x in b["resources"] if x["kind"] == "anact")
    syn.cell(row=r, column=1, value="Financement sollicité auprès de l'Anact")
    bk.f(syn, f"B{r}", "Financements!D4", anact_amt)
    r += 1
    cofi = [x for x in b["resources"] if x["kind"] == "cofi"]
    if cofi:
        syn.cell(row=r, column=1, value="Cofinancements (voir onglet Financements)")
        bk.f(syn, f"B{r}", f"SUM(Financements!D5:D{4 + len(cofi)})", sum(x["amount"] for x in cofi))
        r += 1
        syn.cell(row=r, column=1, value="Taux de cofinancement")
        bk.f(syn, f"B{r}", f"B{r - 1}/B{trow}", sum(x["amount"] for x in cofi) / total, fmt="0.0%")
    syn.column_dimensions["A"].width = 46
    syn.column_dimensions["B"].width = 16
    # financements
    for c, h in enumerate(["Financeur", "Nature", "Statut", "Montant"], 1):
        fin.cell(row=3, column=c, value=h).font = Font(bold=True)
    r = 4
    for x in b["resources"]:
        fin.cell(row=r, column=1, value=x["label"])
        fin.cell(row=r, column=2, value=x["nature"])
        fin.cell(row=r, column=3, value=x["status"])
        fin.cell(row=r, column=4, value=x["amount"]).number_format = '#,##0 "€"'
        r += 1
    fin.cell(row=r, column=1, value="Total financements").font = Font(bold=True)
    bk.f(fin, f"D{r}", f"SUM(D4:D{r - 1})", sum(x["amount"] for x in b["resources"]))
    fin.column_dimensions["A"].width = 60
    bk.save(path)


def xlsx_by_partner(d, path, partners_cols):
    """Columns per partner; total column by formula; category subtotal rows; merged header."""
    b = d["budget"]
    bk = Book()
    ws = bk.sheet("Budget par partenaire")
    ncols = 2 + len(partners_cols) + 1
    last_col = openpyxl.utils.get_column_letter(ncols)
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = f"{d['acronym']} – budget prévisionnel ventilé par partenaire (en euros)"
    ws["A1"].font = Font(bold=True, size=12)
    heads = ["Catégorie", "Poste"] + partners_cols + ["Total"]
    for c, h in enumerate(heads, 1):
        cell = ws.cell(row=3, column=c, value=h)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    r = 4
    subs = []
    for cat in CATS:
        ls = [l for l in b["lines"] if l["cat"] == cat]
        if not ls:
            continue
        first = r
        for l in ls:
            ws.cell(row=r, column=1, value=CAT_LABEL[cat])
            ws.cell(row=r, column=2, value=l["label"])
            pc = partners_cols.index(l["partner"])
            ws.cell(row=r, column=3 + pc, value=l["amount"]).number_format = '#,##0'
            a = openpyxl.utils.get_column_letter(3)
            z = openpyxl.utils.get_column_letter(2 + len(partners_cols))
            bk.f(ws, f"{last_col}{r}", f"SUM({a}{r}:{z}{r})", l["amount"], fmt="#,##0")
            r += 1
        ws.cell(row=r, column=2, value=f"Sous-total {CAT_LABEL[cat].lower()}").font = Font(italic=True)
        for k, pcn in enumerate(partners_cols + ["__total"]):
            col = openpyxl.utils.get_column_letter(3 + k)
            val = sum(l["amount"] for l in ls if (pcn == "__total" or l["partner"] == pcn))
            bk.f(ws, f"{col}{r}", f"SUM({col}{first}:{col}{r - 1})", val, fmt="#,##0")
        subs.append(r)
        r += 1
    ws.cell(row=r, column=2, value="TOTAL").font = Font(bold=True)
    for k, pcn in enumerate(partners_cols + ["__total"]):
        col = openpyxl.utils.get_column_letter(3 + k)
        val = sum(l["amount"] for l in b["lines"] if (pcn == "__total" or l["partner"] == pcn))
        bk.f(ws, f"{col}{r}", "+".join(f"{col}{s}" for s in subs), val, fmt="#,##0")
    r += 3
    ws.cell(row=r, column=1, value="Plan de financement").font = Font(bold=True)
    r += 1
    for c, h in enumerate(["Financeur", "Nature / statut", "Montant"], 1):
        ws.cell(row=r, column=c, value=h).font = Font(bold=True)
    r += 1
    first = r
    for x in b["resources"]:
        ws.cell(row=r, column=1, value=x["label"])
        ws.cell(row=r, column=2, value=" – ".join(y for y in (x["nature"], x["status"]) if y))
        ws.cell(row=r, column=3, value=x["amount"]).number_format = '#,##0'
        r += 1
    ws.cell(row=r, column=1, value="Total des financements").font = Font(bold=True)
    bk.f(ws, f"C{r}", f"SUM(C{first}:C{r - 1})", sum(x["amount"] for x in b["resources"]), fmt="#,##0")
    for x in d.get("xlsx_footnotes", []):
        r += 2
        ws.cell(row=r, column=1, value=x)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 54
    for k in range(len(partners_cols) + 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(3 + k)].width = 18
    bk.save(path)


def xlsx_htttc(d, path):
    b = d["budget"]
    bk = Book()
    ws = bk.sheet("Budget HT-TTC")
    ws.merge_cells("A1:E1")
    ws["A1"] = f"Budget détaillé – {d['acronym']}"
    ws["A1"].font = Font(bold=True, size=12)
    for c, h in enumerate(["Poste", "Montant HT", "Taux TVA", "Montant TTC", "Observations"], 1):
        ws.cell(row=3, column=c, value=h).font = Font(bold=True)
    r = 4
    ht_rows = []
    tht = tttc = 0
    for cat in CATS:
        ls = [l for l in b["lines"] if l["cat"] == cat]
        if not ls:
            continue
        ws.cell(row=r, column=1, value=CAT_LABEL[cat]).font = Font(bold=True)
        r += 1
        for l in ls:
            rate = 0.2 if cat in ("prestations", "autres") or l.get("note") == "tva" else 0.0
            ws.cell(row=r, column=1, value="  " + l["label"])
            ws.cell(row=r, column=2, value=l["amount"]).number_format = '#,##0.00 "€"'
            ws.cell(row=r, column=3, value=rate).number_format = "0%"
            bk.f(ws, f"D{r}", f"B{r}*(1+C{r})", round(l["amount"] * (1 + rate), 2), fmt='#,##0.00 "€"')
            if l.get("note") and l["note"] != "tva":
                ws.cell(row=r, column=5, value=l["note"])
            tht += l["amount"]
            tttc += round(l["amount"] * (1 + rate))
            ht_rows.append(r)
            r += 1
    ws.cell(row=r, column=1, value="TOTAL").font = Font(bold=True)
    bk.f(ws, f"B{r}", "+".join(f"B{x}" for x in ht_rows) if len(ht_rows) < 6 else f"SUM(B4:B{r - 1})", tht, fmt='#,##0.00 "€"')
    bk.f(ws, f"D{r}", f"SUM(D4:D{r - 1})", tttc, fmt='#,##0.00 "€"')
    r += 3
    ws.cell(row=r, column=1, value="Plan de financement (montants HT)").font = Font(bold=True)
    r += 1
    first = r
    for x in b["resources"]:
        ws.cell(row=r, column=1, value=x["label"] + (f" ({x['status']})" if x["status"] else ""))
        ws.cell(row=r, column=2, value=x["amount"]).number_format = '#,##0.00 "€"'
        r += 1
    ws.cell(row=r, column=1, value="Total").font = Font(bold=True)
    bk.f(ws, f"B{r}", f"SUM(B{first}:B{r - 1})", sum(x["amount"] for x in b["resources"]), fmt='#,##0.00 "€"')
    for x in d.get("xlsx_footnotes", []):
        r += 2
        ws.cell(row=r, column=1, value=x)
    ws.column_dimensions["A"].width = 62
    for col in "BCD":
        ws.column_dimensions[col].width = 16
    ws.column_dimensions["E"].width = 36
    bk.save(path)


# --------------------------------------------------------------------------------------------
# text renderings of budget / sections for mail bodies


def budget_text_bullets(d):
    b = d["budget"]
    out = []
    for c in CATS:
        ls = [l for l in b["lines"] if l["cat"] == c]
        if not ls:
            continue
        out.append(f"{b.get('cat_labels', CAT_LABEL)[c]} : {eur_plain(sum(l['amount'] for l in ls))}")
        for l in ls:
            out.append(f"   - {l['label']} : {eur_plain(l['amount'])}")
    out.append(f"Total : {eur_plain(sum(l['amount'] for l in b['lines']))}")
    out.append("")
    out.append("Financement :")
    for r in b["resources"]:
        st = f" ({r['status']})" if r["status"] else ""
        out.append(f"   - {r['label']}{st} : {eur_plain(r['amount'])}")
    return out


def html_table(rows):
    h = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;font-family:Calibri,sans-serif;font-size:10pt">']
    for i, r in enumerate(rows):
        tag = "th" if i == 0 else "td"
        h.append("<tr>" + "".join(f"<{tag}>{esc(str(c))}</{tag}>" for c in r) + "</tr>")
    h.append("</table>")
    return "\n".join(h)


def text_table(rows):
    w = [max(len(str(r[c])) for r in rows) for c in range(len(rows[0]))]
    out = []
    for i, r in enumerate(rows):
        out.append(" | ".join(str(x).ljust(w[c]) for c, x in enumerate(r)).rstrip())
        if i == 0:
            out.append("-+-".join("-" * x for x in w))
    return out


def blocks_text(blocks, bullet="- "):
    out = []
    for kind, val in blocks:
        if kind == "p":
            out.append(val)
            out.append("")
        elif kind == "ul":
            out += [bullet + x for x in val]
            out.append("")
        elif kind == "table":
            if len(val[0]) == 3 and val[0][0] == "Phase":
                for r in val[1:]:
                    out.append(f"{bullet}{r[0]} ({r[1]}) : {r[2]}")
            else:
                out += text_table(val)
            out.append("")
    return out


def blocks_html(blocks):
    out = []
    for kind, val in blocks:
        if kind == "p":
            out.append(f"<p>{esc(val)}</p>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in val) + "</ul>")
        elif kind == "table":
            out.append(html_table(val))
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# LibreOffice


def soffice_pdf(src: Path, outdir: Path, work: Path) -> Path:
    prof = (work / "lo-profile").resolve()
    prof.mkdir(parents=True, exist_ok=True)
    cmd = [SOFFICE, f"-env:UserInstallation={prof.as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, timeout=240, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "HOME": str(work.resolve())})
    pdf = outdir / (src.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"soffice did not produce {pdf}")
    norm_pdf(pdf)
    return pdf


# --------------------------------------------------------------------------------------------
# mail building

MIME = {
    ".pdf": ("application", "pdf"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".odt": ("application", "vnd.oasis.opendocument.text"),
    ".png": ("image", "png"),
}


class Ids:
    def __init__(self, rnd):
        self.r = rnd
        self.seen = set()

    def _u(self, s):
        assert s not in self.seen, s
        self.seen.add(s)
        return s

    def hexs(self, n, upper=False):
        s = "".join(self.r.choice("0123456789abcdef") for _ in range(n))
        return s.upper() if upper else s

    def make(self, client, domain, dt):
        r = self.r
        if client == "outlook":
            pre = r.choice(["AM0PR06MB", "PAXPR02MB", "DB9PR01MB", "MR1P264MB", "PR1P264MB"]) + str(r.randint(1000, 9999))
            region = r.choice(["eurprd01.prod.outlook.com", "eurprd02.prod.outlook.com", "FRAP264.PROD.OUTLOOK.COM"])
            return self._u(f"<{pre}{self.hexs(32, True)}@{pre}.{region}>")
        if client == "gmail":
            alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+="
            return self._u("<CA" + "".join(r.choice(alpha) for _ in range(44)) + "@mail.gmail.com>")
        if client == "apple":
            u = self.hexs(32, True)
            return self._u(f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}@{domain}>")
        if client == "thunderbird":
            u = self.hexs(32)
            return self._u(f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}@{domain}>")
        if client == "roundcube":
            return self._u(f"<{self.hexs(32)}@{domain}>")
        if client == "zimbra":
            ms = int(dt.timestamp() * 1000)
            return self._u(f"<{r.randint(10**8, 10**9)}.{r.randint(10**6, 10**8)}.{ms}.JavaMail.zimbra@{domain}>")
        if client == "orange":
            ms = int(dt.timestamp() * 1000)
            return self._u(f"<{r.randint(10**8, 10**9)}.{r.randint(1000, 99999)}.{ms}@opme11oxm{r.randint(10, 30)}aub.bagnolet.francetelecom.fr>")
        if client == "mailer":
            return self._u(f"<{self.hexs(24)}@{domain}>")
        raise ValueError(client)


def logo_png(text, color=(20, 70, 120)):
    im = Image.new("RGB", (180, 48), "white")
    dr = ImageDraw.Draw(im)
    dr.rectangle([0, 0, 44, 47], fill=color)
    dr.text((52, 16), text[:22], fill=color)
    bio = io.BytesIO()
    im.save(bio, "PNG")
    return bio.getvalue()


def build_mail(m, ids):
    """m: dict(client, from_name, from_addr, to, cc, subject, date, text, html, attachments=[(name, bytes)],
    in_reply_to, references, reply_to, logo, extra_headers)"""
    client = m["client"]
    dt = m["date"]
    domain = m["from_addr"].split("@")[1]
    mid = m.get("message_id") or ids.make(client, domain if client != "gmail" else "mail.gmail.com", dt)
    msg = EmailMessage(policy=policy.default)
    host = f"smtp.{domain}" if domain not in ("gmail.com",) else "mail-wr1-f51.google.com"
    ip = f"{ids.r.randint(20, 220)}.{ids.r.randint(0, 255)}.{ids.r.randint(0, 255)}.{ids.r.randint(1, 254)}"
    recv = dt.astimezone(PARIS) + timedelta(seconds=ids.r.randint(2, 40))
    msg["Return-Path"] = f"<{m['from_addr']}>"
    msg["Delivered-To"] = "fabrique@anact.fr"
    msg["Received"] = (f"from {host} ({host} [{ip}]) by mx1.anact.fr (Postfix) with ESMTPS id "
                       f"{ids.hexs(11, True)} for <fabrique@anact.fr>; {format_datetime(recv)} (CEST)")
    msg["From"] = f"{m['from_name']} <{m['from_addr']}>" if m.get("from_name") else m["from_addr"]
    msg["To"] = m.get("to", "fabrique@anact.fr")
    if m.get("cc"):
        msg["Cc"] = m["cc"]
    if m.get("reply_to"):
        msg["Reply-To"] = m["reply_to"]
    msg["Subject"] = m["subject"]
    if client == "outlook":
        msg["Thread-Topic"] = re.sub(r"^(RE|TR|Re|Fwd?)\s*:\s*", "", m["subject"])
        msg["Thread-Index"] = "AQH" + "".join(ids.r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(27)) + "=="
    msg["Date"] = format_datetime(dt)
    msg["Message-ID"] = mid
    if m.get("in_reply_to"):
        msg["In-Reply-To"] = m["in_reply_to"]
        msg["References"] = m.get("references") or m["in_reply_to"]
    if client == "outlook":
        msg["X-MS-Has-Attach"] = "yes" if m.get("attachments") else ""
        msg["X-MS-TNEF-Correlator"] = ""
        msg["Content-Language"] = "fr-FR"
    elif client == "apple":
        msg["X-Mailer"] = "Apple Mail (2.3696.120.41)"
    elif client == "thunderbird":
        msg["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:91.0) Gecko/20100101 Thunderbird/91.12.0"
        msg["Content-Language"] = "fr"
    elif client == "roundcube":
        msg["User-Agent"] = "Roundcube Webmail/1.5.2"
    elif client == "zimbra":
        msg["X-Mailer"] = "Zimbra 8.8.15_GA_4372 (ZimbraWebClient - FF103 (Linux)/8.8.15_GA_4372)"
    elif client == "orange":
        msg["X-Originating-IP"] = f"[{ip}]"
        msg["X-WUM-FROM"] = f"|~|{m['from_addr']}|~|"
    for k, v in m.get("extra_headers", []):
        msg[k] = v
    text = m["text"]
    html = m.get("html")
    if client == "thunderbird" and not html:
        msg.set_content(text, cte="8bit" if False else None)
        msg.set_param("format", "flowed")
    else:
        msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
        if m.get("logo"):
            htmlpart = msg.get_payload()[1]
            htmlpart.add_related(m["logo"], "image", "png", cid="<image001.png@01D8B2A4.5E3C1F20>", filename="image001.png")
    for name, data in m.get("attachments", []):
        if False and isinstance(data, EmailMessage):
            msg.add_attachment(data)
            continue
        ext = os.path.splitext(name)[1].lower()
        mt, st = MIME[ext]
        if m.get("octet") and ext == ".xlsx":
            mt, st = "application", "octet-stream"
        msg.add_attachment(data, maintype=mt, subtype=st, filename=name)
    r = ids.r
    for k, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        if client == "outlook":
            bd = f"_{r.randint(100, 999):03d}_" + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(32)) + "_"
        elif client == "gmail":
            bd = "0000000000" + ids.hexs(16)
        elif client == "apple":
            u = ids.hexs(32, True)
            bd = f"Apple-Mail={u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}"
        elif client == "thunderbird":
            bd = "------------" + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24))
        else:
            bd = "=_" + ids.hexs(32)
        part.set_boundary(bd)
    return mid, msg


def signature(d, lines_extra=()):
    out = ["", "--" if d.get("sig_dashes") else "", d["person"], d["role"], d["org"]]
    if d.get("address"):
        out.append(d["address"])
    if d.get("phone"):
        out.append(d["phone"])
    out += list(lines_extra)
    return [x for x in out if x is not None]


def html_from_text(text, quoted_html=""):
    paras = text.split("\n\n")
    body = "".join(f"<p class=MsoNormal>{esc(p).replace(chr(10), '<br>')}</p>" for p in paras)
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
            f'<body lang=FR style="font-family:Calibri,sans-serif;font-size:11pt"><div class=WordSection1>{body}'
            f'{quoted_html}</div></body></html>')


def gmail_html(text):
    paras = text.split("\n")
    return '<div dir="ltr">' + "".join(f"<div>{esc(p) if p else '<br>'}</div>" for p in paras) + "</div>\n"


# --------------------------------------------------------------------------------------------
# the record: 20 dossiers

ALL = set(KEYS_DESC)


def auto_phases(d):
    a, b = d["start"], d["end"]
    n = n_months(a, b)
    cuts = [max(1, round(n * 0.12)), max(2, round(n * 0.30)), max(2, round(n * 0.38))]
    cuts.append(n - sum(cuts))
    names = d.get("phase_names") or ["1. Lancement et cadrage", "2. Diagnostic partagé du travail réel",
                                     "3. Ateliers de dialogue et expérimentation", "4. Capitalisation et diffusion"]
    contents = ["Constitution du comité de pilotage, choix des sites, information des instances représentatives"
                if "description.pilotage" in d["desc_keys"] else "Choix des sites, information des instances représentatives",
                "Observations, entretiens, analyse des usages ; restitution aux équipes",
                "Cycle d'ateliers par site, test de règles d'usage et d'ajustements organisationnels",
                "Évaluation, rédaction des ressources, séminaire de restitution"]
    out, cur = [], a
    for k in range(4):
        e = add_months(cur, cuts[k] - 1)
        out.append((names[k], cur, e, contents[k]))
        cur = add_months(e, 1)
    assert out[-1][2] == b
    return out


def P(name, nature, contrib, verb=None):
    return dict(name=name, nature=nature, contrib=contrib, contrib_verb=verb or (("apportera " + contrib[0].lower() + contrib[1:]) if contrib else ""))


def dossiers():
    D = []
    # ---------------------------------------------------------------- B801 health / Word template / xlsx multi / outlook
    D.append(dict(
        id="B801", org="Ergonomia Santé", kind="cabinet", sector="santé (EHPAD)", city="Rouen",
        person="Claire Vasseur", role="Associée, ergonome européenne", email="claire.vasseur@ergonomia-sante.fr",
        address="14 rue Jeanne-d'Arc – 76000 Rouen", phone="02 35 71 18 40", client="outlook",
        acronym="SOINS EN DIALOGUE",
        title="Dossier de soins informatisé : construire les règles d'usage avec les équipes d'EHPAD",
        start=(2022, 10), end=(2023, 11), desc_keys=ALL, heading_style="classic", numbering="arabic",
        v=dict(secteur="les EHPAD associatifs", region="Normandie", techno="le dossier de soins informatisé (DSI) et les tablettes de traçabilité",
               techno_court="la traçabilité numérique des soins", terrain="neuf EHPAD de Seine-Maritime et de l'Eure",
               metiers="aides-soignantes, infirmières et agents de service", irp="CSE", effectif="420",
               constat="La saisie en temps réel des actes empiète sur le temps relationnel avec les résidents et alimente un sentiment de contrôle.",
               demande="une enquête conduite en 2021 par l'URIOPSS auprès de 310 soignants", probleme="La question est aussi celle de la place des élus dans le choix des paramétrages.",
               cibles2="les directions d'établissement, les éditeurs de logiciels de soins et les médecins coordonnateurs",
               methode="simulation de situations de soins avec les éditeurs de logiciels (« revues d'usage »)",
               copil="la directrice du cabinet, l'Aract Normandie, l'URIOPSS, deux directeurs d'EHPAD et deux élus de CSE",
               freq="tous les trois mois", livrable="un guide de règles d'usage du DSI co-construit avec les équipes",
               nform="25", essaimage="les 60 EHPAD adhérents de l'URIOPSS Normandie"),
        distract_ctx=["Le cabinet, créé en 2009, compte 11 consultants et a réalisé un chiffre d'affaires de 1,4 M€ en 2021. "
                      "Il a conduit en 2019 le projet ERGO-EHPAD, financé par l'ARS Normandie à hauteur de 45 000 €."],
        budget=dict(lines=[
            L("personnel", "Consultante ergonome senior", 27200, 32, 850, note="TJM interne du cabinet"),
            L("personnel", "Consultant ergonome junior", 15000, 25, 600),
            L("deplacements_logistique", "Déplacements sur les neuf sites (train, véhicule)", 3600, note="forfait 400 € par site"),
            L("deplacements_logistique", "Location de salles et pauses des ateliers inter-établissements", 1400),
            L("prestations", "Conception graphique et impression du guide", 4500),
            L("prestations", "Captation vidéo des ateliers (prestataire)", 3800)],
            resources=[R("Subvention sollicitée auprès de l'Anact", 42000, "anact", "subvention", "sollicitée"),
                       R("Autofinancement Ergonomia Santé", 8500, "cofi", "fonds propres", "acquis"),
                       R("ARS Normandie – fonds d'intervention régional", 5000, "cofi", "subvention", "demande en cours")]),
        partners=[P("Aract Normandie", "Réseau Anact-Aract", "co-animation des ateliers inter-établissements (6 jours)", "co-animera les ateliers inter-établissements (6 jours)"),
                  P("URIOPSS Normandie", "Union d'associations", "mobilisation des EHPAD adhérents et diffusion des résultats", "mobilisera ses EHPAD adhérents et diffusera les résultats"),
                  P("CFDT Santé-Sociaux de Seine-Maritime", "Organisation syndicale", "formation des élus de CSE et participation au comité de pilotage", "formera les élus de CSE"),
                  P("EHPAD Les Tilleuls (Yvetot)", "Établissement pilote", "site pilote : accueil des observations et des premiers ateliers", "accueillera les premières observations")],
        partner_fmt="table", layout="l_b801"))
    # ---------------------------------------------------------------- B802 industry / questions PDF LO / plafond / thunderbird
    D.append(dict(
        id="B802", org="Laboratoire TéTRA – Technologie, Travail et Activité (Université de Franche-Comté)", kind="labo",
        sector="industrie (plasturgie, décolletage)", city="Besançon",
        person="Olivier Grandjean", role="Professeur des universités, directeur adjoint du laboratoire",
        email="olivier.grandjean@univ-fcomte.fr", phone="03 81 66 52 10", client="thunderbird",
        acronym="COBOTS EN DÉBAT", title="Robots collaboratifs et dialogue professionnel dans les PME de la plasturgie et du décolletage",
        start=(2022, 10), end=(2023, 12), desc_keys=ALL - {"description.perennisation"}, heading_style="questions", numbering="none",
        v=dict(secteur="les PME de la plasturgie et du décolletage", region="Franche-Comté", techno="la robotique collaborative (cobots)",
               techno_court="les cobots", terrain="huit PME du Doubs et du Jura", metiers="opérateurs de production, régleurs et techniciens de maintenance",
               irp="CSE", effectif="640", constat="Les cobots sont souvent installés par les intégrateurs sans analyse préalable du travail des régleurs.",
               demande="une série de 40 entretiens exploratoires réalisés en 2021 dans la filière", probleme="Qui décide des cadences et de la répartition des tâches entre l'opérateur et la machine ?",
               cibles2="les intégrateurs de robotique et les organismes de formation de la branche", methode="cartographie participative des gestes et des aléas avant et après installation",
               copil="le laboratoire, l'Aract, l'UIMM Franche-Comté, FO Métaux Doubs et deux dirigeants de PME", freq="trois fois par an",
               livrable="un référentiel d'analyse des projets de cobotisation", nform="30", essaimage=""),
        distract_ctx=["Le laboratoire (42 membres, budget consolidé de 2,3 M€) a coordonné le projet ANR TRANSFO-TRAV (2017-2021). "
                      "Nous avons par ailleurs répondu en juin 2022 à l'appel « Industrie du futur » de la Région, sur un autre sujet."],
        budget=dict(lines=[
            L("personnel", "Post-doctorant(e) en ergonomie, 12 mois", 58800, 12, 4900, note="coût chargé employeur"),
            L("personnel", "Ingénieure d'études, 6 mois", 24600, 6, 4100),
            L("personnel", "Temps des enseignants-chercheurs (valorisation)", 14000),
            L("deplacements_logistique", "Missions de terrain dans les huit entreprises", 6200),
            L("deplacements_logistique", "Organisation du séminaire de restitution", 2800),
            L("prestations", "Transcription des entretiens", 4000),
            L("prestations", "Réalisation d'une vidéo pédagogique", 9000),
            L("prestations", "Intervention d'un studio de design de service", 9000)],
            resources=[R("Anact – Fabrique CTO", 92000, "anact", "subvention", "sollicitée"),
                       R("Université de Franche-Comté (valorisation du temps des enseignants-chercheurs)", 14000, "cofi", "valorisation", "acquis"),
                       R("Région Bourgogne-Franche-Comté – dispositif « Recherche-action »", 22400, "cofi", "subvention", "acquis")]),
        partners=[P("Aract Bourgogne-Franche-Comté", "Réseau Anact-Aract", "un appui méthodologique et la co-animation des ateliers", "apportera un appui méthodologique et co-animera les ateliers"),
                  P("UIMM Franche-Comté", "Organisation patronale", "la mobilisation des entreprises", "se charge de mobiliser les entreprises et de relayer l'appel à volontaires"),
                  P("FO Métaux Doubs", "Organisation syndicale", "la formation des représentants du personnel", "formera les représentants du personnel aux enjeux de la cobotique"),
                  P("Pôle Plastipolis", "Pôle de compétitivité", "la diffusion auprès des intégrateurs", "assurera la diffusion des résultats auprès des intégrateurs")],
        partner_fmt="prose", flags=["plafond_depasse"], layout="l_b802", needs_soffice=True))
    # ---------------------------------------------------------------- B803 agriculture / body bullet notes / xlsx simple / letters
    D.append(dict(
        id="B803", org="Terres & Travail Bretagne", kind="asso", sector="agriculture (groupements d'employeurs)", city="Quimper",
        person="Yannick Le Goff", role="Coordinateur", email="terresettravail.bretagne@orange.fr", client="orange",
        acronym="GE-NUM", title="Plannings numériques partagés dans les groupements d'employeurs agricoles",
        start=(2022, 11), end=(2023, 12), desc_keys=ALL - {"description.pilotage"},
        v=dict(secteur="les groupements d'employeurs agricoles", region="Finistère", techno="les applications de planification partagée des salariés",
               techno_court="les plannings numériques", terrain="cinq groupements d'employeurs du Finistère", metiers="salariés agricoles mis à disposition",
               irp="comité social et économique", effectif="150",
               constat="Les salariés reçoivent leurs affectations par application la veille pour le lendemain, parfois chez trois exploitants différents dans la semaine.",
               demande="les remontées des préventeurs de la MSA lors des visites de 2021", probleme="",
               cibles2="les exploitants adhérents et les présidents de groupements", methode="suivi de semaines types avec les salariés (journaux de bord)",
               copil="", freq="", livrable="une charte de planification partagée", nform="15", essaimage="les groupements d'employeurs des Côtes-d'Armor et du Morbihan"),
        distract_ctx=["Notre association fonctionne avec un budget annuel d'environ 180 000 € ; nous avons aussi déposé en juin un dossier au FSE+ pour un autre projet (formation des tuteurs)."],
        budget=dict(lines=[
            L("personnel", "Animatrice (0,4 ETP sur 14 mois)", 21000),
            L("personnel", "Coordinateur (20 jours)", 6400, 20, 320),
            L("deplacements_logistique", "Déplacements dans les exploitations", 4200, note="0,45 €/km"),
            L("deplacements_logistique", "Salles et repas des ateliers", 1300),
            L("prestations", "Formation des délégués et élus (organisme agréé)", 3600),
            L("prestations", "Mise en page et impression du livret", 2500)],
            resources=[R("Anact", 29000, "anact", "subvention", "sollicitée"),
                       R("Fonds propres Terres & Travail Bretagne", 4000, "cofi", "autofinancement", "acquis"),
                       R("MSA d'Armorique – action sanitaire et sociale", 6000, "cofi", "subvention", "acquis")]),
        partners=[P("MSA d'Armorique", "Organisme de protection sociale", "cofinancement (6 000 €) et mise à disposition d'un préventeur pour les visites"),
                  P("Groupement d'employeurs Agri-Emploi 29", "Groupement d'employeurs", "terrain d'expérimentation et temps de ses salariés pour les journaux de bord"),
                  P("Aract Bretagne", "Réseau Anact-Aract", "appui méthodologique pour l'analyse des plannings (4 jours)")],
        partner_fmt="letters", layout="l_b803"))
    # ---------------------------------------------------------------- B804 retail / docx bold / budget later by reply (xlsx by partner) / apple
    D.append(dict(
        id="B804", org="Laboratoire d'idées Commerce & Travail", kind="thinktank", sector="commerce alimentaire de proximité", city="Paris",
        person="Sophie Marchand", role="Déléguée générale", email="s.marchand@commerce-travail.org", client="apple",
        phone="06 71 22 90 14", acronym="CLIC & COLLECTIF", title="Drive piéton, caisses automatiques et dialogue social dans les supermarchés indépendants",
        start=(2022, 10), end=(2023, 9), desc_keys=ALL, heading_style="rephrased", numbering="none", caps=True,
        v=dict(secteur="les supermarchés indépendants", region="Île-de-France", techno="les caisses automatiques et la préparation de commandes en ligne",
               techno_court="les caisses automatiques et le drive piéton", terrain="six magasins indépendants de l'est parisien",
               metiers="hôtesses et hôtes de caisse, préparateurs de commandes et employés libre-service", irp="CSE", effectif="380",
               constat="Les hôtes de caisse deviennent surveillants de quatre à six caisses automatiques, avec davantage d'incivilités et moins d'échanges avec les clients.",
               demande="un sondage réalisé en 2021 par la CFDT Services auprès de 520 salariés du commerce francilien",
               probleme="Les salariés ne sont presque jamais consultés sur l'implantation des caisses.",
               cibles2="les dirigeants de magasins indépendants et les fédérations professionnelles", methode="théâtre-forum à partir de scènes vécues en magasin",
               copil="le laboratoire d'idées, l'Université Gustave Eiffel, la CFDT Services, l'Aract Île-de-France et deux directeurs de magasin",
               freq="tous les deux mois", livrable="un kit « implanter autrement » pour les magasins", nform="20",
               essaimage="les groupements d'indépendants en région, via le GICA"),
        budget=dict(lines=[
            L("personnel", "Chargée d'études (Commerce & Travail)", 18000, partner="Commerce & Travail"),
            L("personnel", "Déléguée générale – pilotage (Commerce & Travail)", 6000, partner="Commerce & Travail"),
            L("personnel", "Vacations de chercheurs (LATTS)", 7500, partner="Université Gustave Eiffel – LATTS"),
            L("personnel", "Temps des militants formés (valorisation)", 3000, partner="CFDT Services Île-de-France"),
            L("deplacements_logistique", "Déplacements et salles (Commerce & Travail)", 2400, partner="Commerce & Travail"),
            L("deplacements_logistique", "Déplacements des chercheurs", 600, partner="Université Gustave Eiffel – LATTS"),
            L("deplacements_logistique", "Logistique des réunions syndicales", 900, partner="CFDT Services Île-de-France"),
            L("prestations", "Compagnie de théâtre-forum", 6000, partner="Commerce & Travail"),
            L("prestations", "Conception d'un module e-learning", 4600, partner="Commerce & Travail")],
            resources=[R("Anact (sollicité)", 36000, "anact", "subvention", "sollicité"),
                       R("Fondation MACIF", 8000, "cofi", "mécénat", "acquis"),
                       R("CFDT Services Île-de-France (valorisation du temps militant)", 3000, "cofi", "valorisation", "acquis"),
                       R("Autofinancement Commerce & Travail", 2000, "cofi", "fonds propres", "acquis")]),
        partners=[P("Université Gustave Eiffel – LATTS", "Laboratoire de recherche", "co-conception de l'enquête et analyse des observations"),
                  P("CFDT Services Île-de-France", "Organisation syndicale", "mobilisation et formation des élus de magasin"),
                  P("Aract Île-de-France", "Réseau Anact-Aract", "appui à l'animation du comité de pilotage"),
                  P("Groupement des Indépendants du Commerce Alimentaire (GICA)", "Fédération professionnelle", "accès aux magasins et diffusion du kit")],
        partner_fmt="bullets", layout="l_b804"))
    # ---------------------------------------------------------------- B805 logistics / outlook RE: thread / pdf report + docx HT-TTC / cofi < 20 %
    D.append(dict(
        id="B805", org="Vocalis Logistique SAS", kind="fournisseur", sector="logistique (entrepôts)", city="Lille",
        person="Thomas Guérin", role="Responsable conduite du changement", email="t.guerin@vocalis-logistique.fr",
        address="Parc de la Haute-Borne – 59650 Villeneuve-d'Ascq", phone="+33 3 20 44 81 07", client="outlook",
        acronym="VOIX ET GESTES", title="Commande vocale en entrepôt : régler ensemble le rythme et les consignes",
        start=(2022, 10), end=(2023, 10), desc_keys=ALL, heading_style="terse", numbering="alpha", tax_suffix=" HT",
        v=dict(secteur="les entrepôts de PME de la logistique", region="Hauts-de-France", techno="la préparation de commandes guidée par la voix",
               techno_court="la commande vocale", terrain="six entrepôts clients de 40 à 180 salariés", metiers="préparateurs de commandes et caristes",
               irp="CSE", effectif="520", constat="Le guidage vocal fixe le rythme de travail et réduit les échanges entre collègues ; les troubles musculo-squelettiques restent élevés.",
               demande="les demandes répétées de CSE lors de nos déploiements 2021-2022", probleme="Notre propre solution est en cause : nous voulons ouvrir son paramétrage au dialogue.",
               cibles2="les directions logistiques, les intégrateurs et nos équipes de déploiement", methode="réglage participatif des paramètres du logiciel (cadence, consignes, pauses) en « bac à sable »",
               copil="Vocalis, l'Aract Hauts-de-France, l'AFT, l'UD CGT du Nord et deux directeurs d'entrepôt", freq="tous les trois mois",
               livrable="un protocole de paramétrage concerté, intégré à notre méthode de déploiement", nform="24", essaimage="l'ensemble de nos 120 sites clients"),
        distract_ctx=["Vocalis Logistique (55 salariés, chiffre d'affaires 2021 de 8,7 M€) équipe 120 entrepôts en France."],
        budget=dict(lines=[
            L("personnel", "Chef de projet conduite du changement", 21000, 30, 700),
            L("personnel", "Ergonome interne", 15600, 24, 650),
            L("deplacements_logistique", "Déplacements sur les six entrepôts", 5400),
            L("deplacements_logistique", "Logistique des ateliers", 1800),
            L("prestations", "Intervention d'un sociologue du travail (prestataire)", 16800),
            L("prestations", "Réalisation de vidéos de formation", 11400)],
            resources=[R("Anact – Fabrique CTO", 60000, "anact", "subvention", "sollicitée"),
                       R("Autofinancement Vocalis Logistique", 12000, "cofi", "fonds propres", "acquis")]),
        partners=[P("Aract Hauts-de-France", "Réseau Anact-Aract", "appui méthodologique et participation au comité de pilotage"),
                  P("AFT Hauts-de-France", "Organisme de formation de branche", "conception des modules de formation des préparateurs"),
                  P("Union départementale CGT du Nord", "Organisation syndicale", "formation des élus de CSE des entrepôts pilotes"),
                  P("Transports Delattre", "Entreprise pilote (Lesquin)", "premier terrain d'expérimentation")],
        partner_fmt="table", flags=["cofinancement_insuffisant"], layout="l_b805"))
    # ---------------------------------------------------------------- B806 social work / docx bold long prose / xlsx valorisation / co-signer / ends 2024
    D.append(dict(
        id="B806", org="Association Domicile Solidaire 35", kind="asso", sector="aide à domicile", city="Rennes",
        person="Nathalie Rouxel", role="Directrice", email="direction@domicile-solidaire35.fr", client="roundcube",
        phone="02 99 31 47 60", acronym="TOURNÉES PARTAGÉES", title="Télégestion des interventions et dialogue entre intervenantes, encadrantes et CSE",
        start=(2022, 10), end=(2024, 3), desc_keys=ALL, heading_style="classic", numbering="none",
        v=dict(secteur="l'aide à domicile", region="Ille-et-Vilaine", techno="la télégestion mobile des interventions (badgeuse sur smartphone)",
               techno_court="la télégestion", terrain="les quatre antennes de l'association", metiers="intervenantes à domicile",
               irp="CSE", effectif="210", constat="Le badgeage au domicile minute les interventions et rend invisibles les temps de trajet et d'écoute.",
               demande="un questionnaire du CSE en 2021 (132 réponses)", probleme="Le dialogue sur l'outil reste cantonné à des questions de paie.",
               cibles2="les responsables de secteur et les bénéficiaires", methode="analyse collective de relevés de télégestion anonymisés",
               copil="la direction, deux élues du CSE, l'Aract Bretagne, la Mutualité Française Bretagne et une représentante du Département",
               freq="chaque trimestre", livrable="des règles partagées d'utilisation de la télégestion", nform="18",
               essaimage="les associations d'aide à domicile du réseau breton"),
        distract_ctx=["L'association emploie 240 salariés pour un budget annuel de 7,8 M€. Elle a mené en 2020 le projet « Bien vieillir chez soi », financé par la CNSA."],
        budget=dict(lines=[
            L("personnel", "Cheffe de projet (0,3 ETP sur 18 mois)", 19800),
            L("personnel", "Valorisation du temps des intervenantes en ateliers", 7040, 320, 22, note="320 h × 22 € (taux horaire chargé)"),
            L("personnel", "Valorisation du temps des élus du CSE", 3000, 120, 25, note="120 h × 25 €"),
            L("deplacements_logistique", "Frais kilométriques", 2600),
            L("deplacements_logistique", "Location de salle", 900),
            L("prestations", "Accompagnement par un cabinet d'ergonomie", 14000),
            L("prestations", "Impression du livret", 1200)],
            resources=[R("Anact", 36000, "anact", "subvention", "sollicitée"),
                       R("Valorisation du temps des salariés et des élus", 10040, "cofi", "contribution en nature", "acquis"),
                       R("Département d'Ille-et-Vilaine", 2500, "cofi", "subvention", "acquis")]),
        partners=[P("Aract Bretagne", "Réseau Anact-Aract", "co-animation des ateliers", "co-animera les ateliers d'analyse des relevés"),
                  P("CFDT Santé-Sociaux d'Ille-et-Vilaine", "Organisation syndicale", "formation des élues", "formera les élues du CSE à la lecture des données de télégestion"),
                  P("Mutualité Française Bretagne", "Mutuelle", "une psychologue du travail", "")],
        partner_fmt="prose_cosigner", flags=["fin_apres_echeance"], layout="l_b806"))
    # ---------------------------------------------------------------- B807 public service / slides / xlsx by partner / missing travel + resultats
    D.append(dict(
        id="B807", org="Centre de gestion de la fonction publique territoriale de Lot-et-Garonne", kind="public", sector="service public local",
        city="Agen", person="Karine Delmas", role="Responsable du pôle conseil en organisation", email="k.delmas@cdg47.fr", client="zimbra",
        phone="05 53 48 00 70", acronym="GUICHET OUVERT", title="Accueil dématérialisé en mairie : les agents d'accueil co-construisent leurs outils",
        start=(2022, 11), end=(2023, 10), desc_keys=ALL - {"description.resultats"}, heading_style="classic",
        v=dict(secteur="les mairies et espaces France services", region="Lot-et-Garonne", techno="la dématérialisation des démarches et les logiciels de prise de rendez-vous",
               techno_court="les outils d'accueil dématérialisé", terrain="onze communes et deux espaces France services", metiers="agents d'accueil",
               irp="comité social territorial", effectif="90", constat="Les agents d'accueil absorbent les difficultés des usagers face aux démarches en ligne, sans formation ni temps dédié.",
               demande="une enquête du CDG auprès de 64 secrétaires de mairie en 2022", probleme="Le dialogue social est peu outillé dans les petites collectivités.",
               cibles2="les élus locaux et les secrétaires généraux", methode="immersions croisées entre agents de communes différentes",
               copil="le CDG 47, l'Agglomération d'Agen, l'Aract, la CGT des territoriaux et la commune de Nérac", freq="tous les quatre mois",
               livrable="", nform="20", essaimage="les autres centres de gestion de Nouvelle-Aquitaine"),
        budget=dict(lines=[
            L("personnel", "Conseillère en organisation (CDG 47)", 22000, partner="CDG 47"),
            L("personnel", "Psychologue du travail (CDG 47)", 8000, partner="CDG 47"),
            L("personnel", "Temps des agents de l'agglomération (valorisation)", 6000, partner="Agglomération d'Agen"),
            L("prestations", "Prestataire en design de service", 18000, partner="CDG 47"),
            L("prestations", "Formation des encadrants", 5500, partner="CDG 47")],
            resources=[R("Anact – AMI Fabrique CTO", 44000, "anact", "subvention", "sollicitée"),
                       R("CDG 47 – fonds propres", 9500, "cofi", "autofinancement", "acquis"),
                       R("Agglomération d'Agen – valorisation", 6000, "cofi", "valorisation", "acquis")]),
        partners=[P("Aract Nouvelle-Aquitaine", "Réseau Anact-Aract", "Appui méthodologique, 5 jours"),
                  P("Agglomération d'Agen", "Collectivité", "Mise à disposition d'agents pour les ateliers"),
                  P("CGT des territoriaux d'Agen", "Organisation syndicale", "Relais auprès des agents, participation au comité"),
                  P("Commune de Nérac", "Collectivité pilote", "Site pilote pour les immersions")],
        partner_fmt="table", layout="l_b807"))
    # ---------------------------------------------------------------- B808 culture / docx tables / annule et remplace
    D.append(dict(
        id="B808", org="SCIC Culture en Réseau", kind="cooperative", sector="spectacle vivant", city="Toulouse",
        person="Léa Fontaine", role="Gérante", email="lea@culture-en-reseau.coop", client="gmail",
        acronym="EN COULISSES", title="Billetterie dématérialisée et plannings numériques : le dialogue professionnel dans les lieux de musiques actuelles",
        start=(2022, 10), end=(2023, 11), desc_keys=ALL, heading_style="classic",
        v=dict(secteur="les lieux de musiques actuelles", region="Occitanie", techno="la billetterie dématérialisée et les logiciels de planification des équipes techniques",
               techno_court="les outils numériques de billetterie et de planning", terrain="sept salles de concert d'Occitanie",
               metiers="techniciens, chargés d'accueil et de billetterie", irp="CSE", effectif="160",
               constat="Les plannings publiés en ligne changent jusqu'à la veille, et la billetterie dématérialisée a déplacé la charge vers les équipes d'accueil.",
               demande="les travaux du groupe « qualité de vie au travail » de la fédération en 2021", probleme="Dans des structures de 10 à 40 salariés, qui arbitre entre artistique, public et travail ?",
               cibles2="les directions des lieux et les intermittents du spectacle", methode="ateliers d'écriture de « fiches situation » par métier",
               copil="la SCIC, l'Aract Occitanie, la fédération Octopus, le SNAM-CGT et deux directeurs de salle", freq="trois fois par an",
               livrable="un recueil de fiches situation et un guide de planification concertée", nform="20", essaimage="les fédérations régionales de lieux de musiques actuelles"),
        budget=dict(lines=[
            L("personnel", "Coordinatrice de projet", 36000),
            L("personnel", "Chargé de mission", 22000),
            L("deplacements_logistique", "Déplacements dans les sept salles", 6000),
            L("deplacements_logistique", "Logistique des rencontres régionales", 3000),
            L("prestations", "Accompagnement ergonomique (cabinet)", 24000),
            L("prestations", "Captation et montage vidéo", 8000),
            L("prestations", "Graphisme et édition du guide", 6000)],
            resources=[R("Anact", 78000, "anact", "subvention", "sollicitée"),
                       R("Région Occitanie", 15000, "cofi", "subvention", "acquis"),
                       R("Autofinancement SCIC", 12000, "cofi", "fonds propres", "acquis")]),
        budget_v1=dict(lines=[
            L("personnel", "Coordinatrice de projet", 40000),
            L("personnel", "Chargé de mission", 23000),
            L("deplacements_logistique", "Déplacements dans les sept salles", 6000),
            L("deplacements_logistique", "Logistique des rencontres régionales", 3000),
            L("prestations", "Accompagnement ergonomique (cabinet)", 26000),
            L("prestations", "Captation et montage vidéo", 8000),
            L("prestations", "Graphisme et édition du guide", 6000)],
            resources=[R("Anact", 85000, "anact", "subvention", "sollicitée"),
                       R("Région Occitanie", 15000, "cofi", "subvention", "acquis"),
                       R("Autofinancement SCIC", 12000, "cofi", "fonds propres", "acquis")]),
        partners=[P("Aract Occitanie", "Réseau Anact-Aract", "Appui méthodologique et animation des rencontres régionales"),
                  P("Fédération Octopus", "Fédération des lieux de musiques actuelles", "Mobilisation des salles et diffusion"),
                  P("SNAM-CGT", "Organisation syndicale", "Participation des artistes et techniciens intermittents"),
                  P("Le Bikini (Ramonville)", "Salle pilote", "Premier terrain d'expérimentation")],
        partner_fmt="table", optional_flags=["plafond_depasse"], layout="l_b808"))
    # ---------------------------------------------------------------- B809 education / docx autonum / late / thunderbird
    D.append(dict(
        id="B809", org="Laboratoire ACTé (Université Clermont Auvergne)", kind="labo", sector="éducation (lycées professionnels)", city="Clermont-Ferrand",
        person="Hélène Brunet", role="Maîtresse de conférences", email="helene.brunet@uca.fr", client="thunderbird",
        acronym="ENT-DIALOGUE", title="Espaces numériques de travail et charge des enseignants de lycée professionnel",
        start=(2022, 11), end=(2023, 10), desc_keys=ALL, heading_style="classic",
        v=dict(secteur="les lycées professionnels", region="Auvergne", techno="l'espace numérique de travail (ENT) et les logiciels de vie scolaire",
               techno_court="l'ENT", terrain="dix lycées professionnels de l'académie", metiers="enseignants et conseillers principaux d'éducation",
               irp="comité d'hygiène, de sécurité et des conditions de travail", effectif="700",
               constat="Les sollicitations par messagerie de l'ENT débordent sur les soirées et les week-ends.",
               demande="une enquête intersyndicale de 2021 dans l'académie (1 150 répondants)", probleme="Le droit à la déconnexion reste théorique faute de règles collectives.",
               cibles2="les chefs d'établissement et les familles", methode="ateliers de « règles de vie numérique » par établissement",
               copil="le laboratoire, le rectorat, le SNUEP-FSU, l'Aract et deux proviseurs", freq="trois fois dans l'année",
               livrable="des chartes d'usage de l'ENT votées en conseil d'administration", nform="30", essaimage="les autres académies via le réseau Canopé"),
        budget=dict(lines=[
            L("personnel", "Ingénieur d'études (9 mois)", 31500, 9, 3500),
            L("personnel", "Vacations d'enquête", 4200),
            L("deplacements_logistique", "Déplacements dans les dix établissements", 3300),
            L("deplacements_logistique", "Journée d'étude régionale", 1700),
            L("prestations", "Transcription d'entretiens", 2800),
            L("prestations", "Graphisme des chartes", 2500)],
            resources=[R("Anact", 34000, "anact", "subvention", "sollicitée"),
                       R("Université Clermont Auvergne – fonds propres du laboratoire", 7000, "cofi", "autofinancement", "acquis"),
                       R("Rectorat de l'académie de Clermont-Ferrand", 5000, "cofi", "subvention", "acquis")]),
        partners=[P("Rectorat de l'académie de Clermont-Ferrand", "Institution", "accès aux établissements et cofinancement"),
                  P("SNUEP-FSU Auvergne", "Organisation syndicale", "mobilisation des enseignants et participation au comité de pilotage"),
                  P("Aract Auvergne-Rhône-Alpes", "Réseau Anact-Aract", "appui à l'animation des ateliers"),
                  P("Lycée professionnel Camille-Claudel", "Établissement pilote", "premier site d'expérimentation")],
        partner_fmt="table", flags=["hors_delai"], layout="l_b809"))
    # ---------------------------------------------------------------- B810 transport / outlook HTML body / no cofi sources, exactly 20 %
    D.append(dict(
        id="B810", org="Mobilités & Travail Conseil", kind="cabinet", sector="transport urbain", city="Bayonne",
        person="Julien Perrot", role="Consultant associé", email="julien.perrot@mobilites-travail.fr", client="outlook",
        address="8 allée Marines – 64100 Bayonne", phone="06 12 58 33 70",
        acronym="CABINE OUVERTE", title="Aide à l'exploitation et conduite des bus : donner la parole aux conducteurs",
        start=(2023, 1), end=(2023, 12), desc_keys=ALL, heading_style="rephrased",
        v=dict(secteur="les réseaux de bus urbains", region="Pays basque", techno="le système d'aide à l'exploitation (SAE) et la géolocalisation des bus",
               techno_court="le SAE", terrain="deux réseaux de bus de taille moyenne", metiers="conducteurs-receveurs et régulateurs",
               irp="CSE", effectif="310", constat="Les conducteurs reçoivent des consignes de régulation en temps réel et se sentent surveillés ; les régulateurs, eux, manquent d'informations du terrain.",
               demande="un droit d'alerte du CSE en 2021 sur les temps de parcours", probleme="La régulation automatisée décide de l'organisation du travail sans que les conducteurs y contribuent.",
               cibles2="les directions d'exploitation et les autorités organisatrices", methode="séances en simulateur de conduite rejouant des situations de régulation",
               copil="le cabinet, les deux réseaux, la FNST-CGT, l'Aract Nouvelle-Aquitaine et le laboratoire PASSAGES", freq="tous les trois mois",
               livrable="un protocole de régulation partagée entre conducteurs et régulateurs", nform="22", essaimage="les réseaux adhérents de l'UTP"),
        distract_ctx=["Notre cabinet a réalisé en 2021 une mission pour un réseau marseillais, financée par l'OPCO Mobilités (24 000 €). "
                      "Nous candidatons également, pour un autre projet, à l'appel du Fonds pour l'amélioration des conditions de travail (FACT)."],
        budget=dict(lines=[
            L("personnel", "Consultant senior", 32000, 40, 800),
            L("personnel", "Consultante", 14000, 28, 500),
            L("deplacements_logistique", "Déplacements et logistique des ateliers", 6500),
            L("prestations", "Location d'un simulateur de conduite", 12000),
            L("prestations", "Réalisation vidéo", 7500),
            L("prestations", "Évaluation externe", 8000)],
            resources=[R("Demande Anact", 64000, "anact", "subvention", "sollicitée")]),
        partners=[P("Transports urbains Adour Océan", "Réseau de bus", ""),
                  P("FNST-CGT Pyrénées-Atlantiques", "Organisation syndicale", ""),
                  P("Aract Nouvelle-Aquitaine", "Réseau Anact-Aract", ""),
                  P("Université de Pau et des Pays de l'Adour – laboratoire PASSAGES", "Recherche", "")],
        contributions=False, partner_fmt="bullets", layout="l_b810"))
    return D


def dossiers2():
    D = []
    # ---------------------------------------------------------------- B811 health / LO PDF with TOC / partners later by colleague
    D.append(dict(
        id="B811", org="Centre hospitalier de Verdun-Saint-Mihiel", kind="hopital", sector="santé (hôpital)", city="Verdun",
        person="Anne-Laure Mathieu", role="Directrice des soins", email="al.mathieu@ch-verdun.fr", client="outlook",
        phone="03 29 83 84 85", address="2 rue d'Anthouard – 55100 Verdun",
        acronym="TÉLÉSOINS", title="Télésurveillance des patients chroniques : nouvelles coordinations infirmières et dialogue social",
        start=(2022, 10), end=(2023, 11), desc_keys=ALL, heading_style="classic", numbering="arabic",
        v=dict(secteur="les services de médecine d'un hôpital de proximité", region="Meuse", techno="la télésurveillance des patients insuffisants cardiaques",
               techno_court="la télésurveillance", terrain="trois services et l'équipe mobile de l'hôpital", metiers="infirmières, cadres de santé et secrétaires médicales",
               irp="CSE et la F3SCT", effectif="180", constat="Les alertes de télésurveillance arrivent en continu sans que la charge correspondante soit reconnue dans les plannings.",
               demande="un retour d'expérience mené en 2021 par la direction des soins", probleme="Qui porte la responsabilité des alertes et comment la répartir ?",
               cibles2="les médecins, les patients et le groupement hospitalier de territoire", methode="analyse de traces d'alertes avec les équipes (« revues d'alertes »)",
               copil="la direction des soins, la DRH, deux représentants du personnel, l'Aract et l'ARS", freq="tous les deux mois",
               livrable="une organisation de la réponse aux alertes validée en instance", nform="16", essaimage="les établissements du GHT Cœur Grand Est"),
        budget=dict(lines=[
            L("personnel", "Cadre de santé chef de projet (0,2 ETP, 14 mois)", 16800),
            L("personnel", "Temps des soignants en ateliers (valorisation)", 9600),
            L("deplacements_logistique", "Déplacements inter-sites", 1900),
            L("deplacements_logistique", "Logistique des ateliers", 1100),
            L("prestations", "Accompagnement par un cabinet d'ergonomie", 21000),
            L("prestations", "Formation des représentants du personnel", 4600)],
            resources=[R("Anact", 40000, "anact", "subvention", "sollicitée"),
                       R("Centre hospitalier – valorisation du temps soignant", 9600, "cofi", "valorisation", "acquis"),
                       R("ARS Grand Est – fonds d'intervention régional", 5400, "cofi", "subvention", "acquis")]),
        partners=[P("Aract Grand Est", "Réseau Anact-Aract", "Appui méthodologique et co-animation des revues d'alertes"),
                  P("ARS Grand Est", "Autorité sanitaire", "Cofinancement et participation au comité de pilotage"),
                  P("SUD Santé Sociaux Meuse", "Organisation syndicale", "Relais auprès des équipes et participation aux ateliers"),
                  P("Ergonalis", "Cabinet d'ergonomie", "Conduite des observations et des revues d'alertes")],
        partner_fmt="table", layout="l_b811", needs_soffice=True))
    # ---------------------------------------------------------------- B812 agri-food / docx styles / budget in body / tablets (ineligible) / no phasage
    D.append(dict(
        id="B812", org="Institut Travail & Technologies", kind="formation", sector="industrie agroalimentaire", city="Nantes",
        person="Bruno Lefèvre", role="Directeur pédagogique", email="b.lefevre@itt-formation.org", client="apple",
        acronym="TRAÇA-DIALOGUE", title="Traçabilité numérique dans les conserveries : former élus et managers au dialogue technologique",
        start=(2023, 1), end=(2023, 12), desc_keys=ALL - {"description.phasage"}, heading_style="classic", numbering="arabic",
        duration_text="12 mois (janvier – décembre 2023)",
        v=dict(secteur="les conserveries et salaisons", region="Vendée", techno="les tablettes de traçabilité et le logiciel de pilotage de production (MES)",
               techno_court="la traçabilité numérique", terrain="cinq conserveries vendéennes", metiers="opératrices et opérateurs de ligne",
               irp="CSE", effectif="450", constat="Chaque arrêt de ligne doit désormais être justifié sur tablette, ce qui alimente la crainte d'une évaluation individuelle.",
               demande="une formation-action conduite en 2021 avec des élus de la branche", probleme="Les données produites échappent aux salariés qui les saisissent.",
               cibles2="les responsables qualité et les directeurs de site", methode="lecture collective des tableaux de bord du MES avec les équipes",
               copil="l'ITT, l'Aract, OCAPIAT, la FGA-CFDT et deux directeurs de site", freq="tous les trimestres",
               livrable="un module de formation « lire et discuter les données de production »", nform="40", essaimage="les autres bassins agroalimentaires des Pays de la Loire"),
        budget=dict(lines=[
            L("personnel", "Formateurs-consultants (38 jours)", 20900, 38, 550),
            L("personnel", "Coordination pédagogique", 8000),
            L("deplacements_logistique", "Déplacements des formateurs", 3800),
            L("deplacements_logistique", "Hébergement et repas des sessions", 2200),
            L("prestations", "Adaptation des supports en FALC", 2600),
            L("prestations", "Appui juridique à la négociation d'un accord", 5000),
            L("autres", "Achat de 10 tablettes durcies pour les ateliers", 4500)],
            resources=[R("Anact", 35000, "anact", "subvention", "sollicitée"),
                       R("OCAPIAT – prise en charge des formations", 7000, "cofi", "financement", "acquis"),
                       R("Autofinancement ITT", 5000, "cofi", "fonds propres", "acquis")],
            cat_labels={**CAT_LABEL, "autres": "Matériel"}),
        partners=[P("Aract Pays de la Loire", "Réseau Anact-Aract", "Co-construction du module de formation"),
                  P("OCAPIAT", "OPCO", "Prise en charge des actions de formation"),
                  P("FGA-CFDT Vendée", "Organisation syndicale", "Mobilisation des élus de CSE"),
                  P("Conserverie Océane", "Entreprise pilote", "Accueil des premières sessions")],
        partner_fmt="table", flags=["depense_non_eligible"], layout="l_b812"))
    # ---------------------------------------------------------------- B813 retail tech / Word template / Anact = total
    D.append(dict(
        id="B813", org="Kassio SAS", kind="fournisseur", sector="commerce (encaissement)", city="Grenoble",
        person="Inès Haddad", role="Cofondatrice, directrice de l'expérience client", email="ines@kassio.io", client="gmail",
        acronym="CAISSE COMMUNE", title="Co-concevoir l'encaissement automatisé avec les salariés des supérettes coopératives",
        start=(2022, 10), end=(2023, 9), desc_keys=ALL, heading_style="rephrased", numbering="arabic",
        v=dict(secteur="les supérettes coopératives", region="Isère", techno="les caisses à scan mobile et l'encaissement automatisé",
               techno_court="l'encaissement automatisé", terrain="quatre supérettes coopératives de l'agglomération grenobloise", metiers="employés polyvalents",
               irp="CSE", effectif="120", constat="Nos clients distributeurs nous remontent des tensions entre employés et clients autour des contrôles aléatoires.",
               demande="une enquête utilisateurs menée en 2022 auprès de 85 employés", probleme="Comment concevoir un outil qui n'impose pas un rôle de contrôleur aux employés ?",
               cibles2="les gérants de magasins et nos équipes produit", methode="sprints de conception avec des employés volontaires",
               copil="Kassio, l'Aract, la CFTC Commerce et deux gérants", freq="tous les deux mois",
               livrable="une version du logiciel intégrant les réglages issus des ateliers", nform="12", essaimage="nos 140 magasins clients"),
        distract_ctx=["Kassio a levé 2,5 M€ en 2021 et a été lauréate du concours i-Nov ; elle emploie 28 personnes."],
        budget=dict(lines=[
            L("personnel", "Product designer", 21000, 35, 600),
            L("personnel", "Responsable accompagnement client", 19200, 40, 480),
            L("deplacements_logistique", "Déplacements et ateliers en magasin", 4200),
            L("prestations", "Ergonome consultant", 15000),
            L("prestations", "Sociologue (enquête qualitative)", 7000)],
            resources=[R("Montant demandé à l'Anact", 66400, "anact", "subvention", "sollicitée")]),
        partners=[P("Aract Auvergne-Rhône-Alpes", "Réseau Anact-Aract", "accompagnement méthodologique"),
                  P("CFTC Commerce Rhône-Alpes", "Organisation syndicale", "formation des élus et participation aux ateliers"),
                  P("Coop'Alpes", "Réseau de supérettes coopératives", "terrains d'expérimentation (4 magasins)")],
        partner_fmt="table", flags=["cofinancement_insuffisant"], layout="l_b813"))
    # ---------------------------------------------------------------- B814 insurance call centre / reportlab PDF / xlsx multi / cap exact / ends juin 2024
    D.append(dict(
        id="B814", org="Polaris Conseil", kind="cabinet", sector="assurance (centres de relation client)", city="Tours",
        person="Marc Olivier", role="Directeur associé", email="marc.olivier@polaris-conseil.fr", client="apple",
        acronym="AGENTS AUGMENTÉS ?", title="Assistants conversationnels et conseillers clientèle : négocier l'usage de l'IA",
        start=(2022, 10), end=(2024, 6), desc_keys=ALL - {"description.perennisation"}, heading_style="terse", numbering="arabic",
        v=dict(secteur="les centres de relation client de l'assurance", region="Centre-Val de Loire", techno="les assistants conversationnels et l'analyse automatique des appels",
               techno_court="les outils d'intelligence artificielle", terrain="trois plateaux de relation client", metiers="conseillers clientèle",
               irp="CSE", effectif="600", constat="L'analyse automatique des appels produit des scores individuels que les conseillers découvrent a posteriori.",
               demande="une expertise CSE réalisée en 2021 sur un projet d'IA", probleme="L'IA est présentée comme une aide, mais elle redéfinit les critères d'évaluation.",
               cibles2="les managers de proximité et les directions de la relation client", methode="tests accompagnés des outils en situation réelle d'appel",
               copil="le cabinet, la mutuelle, les organisations syndicales et l'Aract", freq="tous les trois mois",
               livrable="un accord de méthode type sur l'introduction de l'IA", nform="30", essaimage=""),
        budget=dict(lines=[
            L("personnel", "Directeur de mission", 33000, 30, 1100),
            L("personnel", "Consultante senior", 33750, 45, 750),
            L("deplacements_logistique", "Déplacements et hébergement", 5250),
            L("deplacements_logistique", "Salles et logistique des séminaires", 2000),
            L("prestations", "Plateforme d'enquête en ligne", 3000),
            L("prestations", "Comédiens (théâtre-forum)", 13000),
            L("prestations", "Graphisme et édition", 10000)],
            resources=[R("Anact", 80000, "anact", "subvention", "sollicitée"),
                       R("Mutuelle Atlantique Prévoyance", 12000, "cofi", "financement", "acquis"),
                       R("Autofinancement Polaris Conseil", 8000, "cofi", "fonds propres", "acquis")]),
        partners=[P("Aract Centre-Val de Loire", "Réseau Anact-Aract", "appui méthodologique"),
                  P("Mutuelle Atlantique Prévoyance", "Entreprise pilote", "terrain d'expérimentation et cofinancement"),
                  P("CFDT Banques et Assurances Centre", "Organisation syndicale", "formation des élus"),
                  P("CFE-CGC Assurances", "Organisation syndicale", "participation au comité de pilotage")],
        partner_fmt="bullets", flags=["fin_apres_echeance"], layout="l_b814"))
    # ---------------------------------------------------------------- B815 construction / outlook fwd thread / docx + xlsx multi + letters via LO
    D.append(dict(
        id="B815", org="Bâtir Demain Occitanie", kind="thinktank", sector="bâtiment et travaux publics", city="Toulouse",
        person="Amélie Roux", role="Chargée de mission", email="amelie.roux@batirdemain-occitanie.org", client="outlook",
        phone="05 61 20 33 18", acronym="CHANTIER PARLANT", title="Maquette numérique et tablettes de chantier : dialogue entre compagnons et encadrement",
        start=(2022, 10), end=(2023, 11), desc_keys=ALL, heading_style="classic", numbering="arabic",
        v=dict(secteur="les PME du bâtiment", region="Occitanie", techno="la maquette numérique (BIM) et les tablettes de chantier",
               techno_court="les outils numériques de chantier", terrain="six PME du gros œuvre et du second œuvre", metiers="compagnons, chefs d'équipe et conducteurs de travaux",
               irp="CSE", effectif="330", constat="Les consignes arrivent désormais par tablette, sans le temps d'échange du matin ; les compagnons non francophones sont les premiers exclus.",
               demande="les assises régionales du BTP de 2021", probleme="Comment préserver le savoir-faire et l'autonomie des équipes ?",
               cibles2="les maîtres d'ouvrage et les éditeurs", methode="« quarts d'heure numériques » sur chantier, filmés puis analysés",
               copil="Bâtir Demain, la Fédération régionale du BTP, Constructys, l'Union syndicale Construction CGT et l'Aract", freq="tous les trimestres",
               livrable="un guide « numérique de chantier » et des supports traduits", nform="25", essaimage="les fédérations départementales du BTP"),
        budget=dict(lines=[
            L("personnel", "Chargée de mission (0,5 ETP, 14 mois)", 24500),
            L("personnel", "Direction", 5000, 10, 500),
            L("deplacements_logistique", "Déplacements sur chantiers", 4800),
            L("deplacements_logistique", "Séminaire régional", 2700),
            L("prestations", "Cabinet d'ergonomie", 12000),
            L("prestations", "Vidéaste", 6000),
            L("prestations", "Traduction des supports", 3000)],
            resources=[R("Anact", 43500, "anact", "subvention", "sollicitée"),
                       R("Fédération régionale du BTP Occitanie", 6000, "cofi", "subvention", "acquis"),
                       R("Autofinancement Bâtir Demain", 8500, "cofi", "fonds propres", "acquis")]),
        partners=[P("Fédération Régionale du BTP Occitanie", "Organisation professionnelle", "mobilisation des entreprises adhérentes et cofinancement de 6 000 €"),
                  P("Constructys Occitanie", "OPCO de la construction", "ingénierie et prise en charge de formations des chefs d'équipe"),
                  P("Union syndicale Construction CGT de Haute-Garonne", "Organisation syndicale", "participation des élus aux quarts d'heure numériques"),
                  P("Aract Occitanie", "Réseau Anact-Aract", "co-animation du séminaire régional et appui méthodologique")],
        partner_fmt="letters_lo", layout="l_b815", needs_soffice=True))
    # ---------------------------------------------------------------- B816 hotel-restaurant / gmail personal / body notes
    D.append(dict(
        id="B816", org="Renaud Conseil RH", kind="independant", sector="hôtellerie-restauration saisonnière", city="Chambéry",
        person="Camille Renaud", role="Consultante indépendante", email="camille.renaud.rh@gmail.com", client="gmail",
        acronym="PLANNING PARTAGÉ", title="Logiciels de planning et pointeuse numérique chez les saisonniers de l'hôtellerie-restauration",
        start=(2022, 11), end=(2023, 6),
        desc_keys=ALL - {"description.pilotage", "description.perennisation"},
        v=dict(secteur="l'hôtellerie-restauration de montagne", region="Savoie", techno="les logiciels de planning et la pointeuse sur smartphone",
               techno_court="les plannings numériques", terrain="quatre hôtels-restaurants de station", metiers="saisonniers (cuisine, salle, étages)",
               irp="CSE", effectif="200", constat="Les plannings sont modifiés par SMS du jour au lendemain, et les heures supplémentaires se perdent entre deux outils.",
               demande="mes missions RH de l'hiver 2021-2022 dans les stations", probleme="",
               cibles2="les employeurs et les maisons des saisonniers", methode="cafés-débats en fin de service",
               copil="", freq="", livrable="une charte de planification pour la saison d'hiver", nform="10", essaimage=""),
        budget=dict(lines=[
            L("personnel", "Mon temps de consultante (30 jours)", 18000, 30, 600),
            L("deplacements_logistique", "Déplacements en station et hébergement", 2000),
            L("prestations", "Traduction (saisonniers non francophones)", 1500),
            L("prestations", "Petite vidéo de restitution", 2500)],
            resources=[R("Anact", 19000, "anact", "subvention", "sollicitée"),
                       R("Autofinancement (sur mes fonds propres)", 5000, "cofi", "autofinancement", "acquis")]),
        partners=[P("UMIH Savoie", "", ""), P("FGTA-FO Savoie", "", "")],
        contributions=False, partner_fmt="prose", layout="l_b816"))
    # ---------------------------------------------------------------- B817 public service / roundcube / budget by reply after deadline (first mail on time)
    D.append(dict(
        id="B817", org="Communauté de communes Val de Sèvre et Marais", kind="collectivite", sector="service public local (services techniques)", city="Niort",
        person="Stéphane Morel", role="Directeur général adjoint des services", email="s.morel@cc-valdesevre.fr", client="roundcube",
        phone="05 49 17 30 22", acronym="ATELIERS TECHNIQUES 2.0", title="Logiciel de gestion des interventions : associer les agents techniques aux choix",
        start=(2022, 10), end=(2023, 9), desc_keys=ALL, heading_style="classic", numbering="roman", tax_suffix=" HT",
        v=dict(secteur="les services techniques intercommunaux", region="Deux-Sèvres", techno="le logiciel de gestion des interventions (GMAO) et les bons de travail sur smartphone",
               techno_court="la GMAO", terrain="les trois centres techniques de la communauté de communes", metiers="agents des services techniques (voirie, espaces verts, bâtiments)",
               irp="comité social territorial", effectif="85", constat="Les bons d'intervention dématérialisés chronomètrent des tâches qui reposaient sur l'autonomie des équipes.",
               demande="une motion du comité social territorial en 2022", probleme="Comment éviter que la GMAO devienne un outil de contrôle individuel ?",
               cibles2="les élus communautaires et les encadrants", methode="ateliers de paramétrage avec les agents et l'éditeur",
               copil="le DGA, deux représentants du personnel, le centre de gestion et l'Aract", freq="tous les trimestres",
               livrable="un paramétrage négocié de la GMAO et une charte d'utilisation", nform="15", essaimage="les intercommunalités des Deux-Sèvres via le centre de gestion"),
        budget=dict(lines=[
            L("personnel", "Chargé de mission (0,3 ETP, 12 mois)", 12600),
            L("personnel", "Temps des agents en ateliers (valorisation)", 4400),
            L("deplacements_logistique", "Déplacements et logistique", 1500),
            L("prestations", "Assistance à maîtrise d'ouvrage ergonomique", 18000),
            L("prestations", "Formation des encadrants", 4500)],
            resources=[R("Anact (montant HT sollicité)", 30000, "anact", "subvention", "sollicité"),
                       R("Autofinancement communauté de communes", 6600, "cofi", "fonds propres", "voté"),
                       R("Valorisation du temps des agents", 4400, "cofi", "valorisation", "acquis")]),
        partners=[P("Centre de gestion des Deux-Sèvres", "Établissement public", "appui RH et diffusion aux autres collectivités"),
                  P("Aract Nouvelle-Aquitaine", "Réseau Anact-Aract", "appui méthodologique (4 jours)"),
                  P("CFDT Interco Deux-Sèvres", "Organisation syndicale", "formation des représentants du personnel")],
        partner_fmt="bullets", layout="l_b817"))
    # ---------------------------------------------------------------- B818 freight transport / questions form via LO / late by UTC header / no cibles
    D.append(dict(
        id="B818", org="Cabinet Routes & Hommes", kind="cabinet", sector="transport routier de marchandises", city="Orléans",
        person="Laurent Girard", role="Gérant", email="l.girard@routes-et-hommes.fr", client="thunderbird",
        phone="02 38 55 14 92", acronym="ROUTE CONNECTÉE", title="Télématique embarquée et dialogue social dans les PME du transport routier",
        start=(2022, 10), end=(2023, 10), desc_keys=ALL - {"description.cibles"}, heading_style="questions", numbering="none",
        v=dict(secteur="les PME du transport routier de marchandises", region="Centre-Val de Loire", techno="la télématique embarquée et l'éco-conduite notée",
               techno_court="la télématique embarquée", terrain="cinq PME du Loiret", metiers="conducteurs routiers",
               irp="CSE", effectif="", constat="Les notes d'éco-conduite sont affichées et comparées entre conducteurs, parfois liées aux primes.",
               demande="des sollicitations de délégués syndicaux en 2021", probleme="Les données de conduite servent à évaluer sans être discutées.",
               cibles2="", methode="restitution collective des données télématiques anonymisées",
               copil="le cabinet, la FNTR, l'UD CGT Transports, l'OPCO Mobilités et l'Aract", freq="tous les trois mois",
               livrable="un accord type sur l'usage des données télématiques", nform="20", essaimage="les adhérents de la FNTR en région"),
        budget=dict(lines=[
            L("personnel", "Consultant (36 jours)", 25920, 36, 720),
            L("personnel", "Assistante (8 jours)", 3040, 8, 380),
            L("deplacements_logistique", "Déplacements dans les entreprises", 6040),
            L("prestations", "Analyse de données télématiques (prestataire)", 9000),
            L("prestations", "Film de restitution", 4000)],
            resources=[R("Anact", 36000, "anact", "subvention", "sollicitée"),
                       R("OPCO Mobilités", 6000, "cofi", "financement", "acquis"),
                       R("Autofinancement du cabinet", 6000, "cofi", "fonds propres", "acquis")]),
        partners=[P("OPCO Mobilités", "OPCO", "ingénierie de formation et cofinancement"),
                  P("FNTR Centre-Val de Loire", "Organisation professionnelle", "mobilisation des entreprises"),
                  P("UD CGT Transports du Loiret", "Organisation syndicale", "formation des élus"),
                  P("Transports Berthier", "Entreprise pilote", "premier terrain")],
        partner_fmt="table", flags=["hors_delai"], layout="l_b818", needs_soffice=True))
    # ---------------------------------------------------------------- B819 viticulture / LO PDF long prose / xlsx by partner + valorisation / zimbra
    D.append(dict(
        id="B819", org="INRAE – UMR Innovation", kind="labo", sector="viticulture", city="Montpellier",
        person="Aurélie Cambon", role="Chargée de recherche", email="aurelie.cambon@inrae.fr", client="zimbra",
        acronym="VIGNE & NUMÉRIQUE", title="Capteurs connectés et robots dans les exploitations viticoles : le travail en débat",
        start=(2022, 10), end=(2023, 12), desc_keys=ALL, heading_style="classic", numbering="roman",
        v=dict(secteur="les caves coopératives et exploitations viticoles", region="Hérault", techno="les capteurs connectés, les applications de traçabilité parcellaire et les robots de désherbage",
               techno_court="les outils numériques de la viticulture", terrain="quatre caves coopératives et leurs adhérents", metiers="ouvriers viticoles, tractoristes et chefs de culture",
               irp="CSE", effectif="260", constat="Les outils de viticulture de précision déplacent le travail vers la saisie et la surveillance, au détriment des savoir-faire.",
               demande="un séminaire de 2021 réunissant coopératives et organisations syndicales", probleme="Le dialogue social est faible dans des structures agricoles de petite taille.",
               cibles2="les coopérateurs et les conseillers agricoles", methode="journées « vigne ouverte » où les salariés testent et commentent les outils",
               copil="l'UMR, La Coopération Agricole Occitanie, la FGA-CFDT, la MSA et l'Aract", freq="trois fois par an",
               livrable="des repères pour négocier l'introduction d'outils numériques dans les caves", nform="20", essaimage="les fédérations de caves coopératives d'Occitanie"),
        distract_ctx=["L'UMR (budget consolidé de 6,5 M€) participe au projet européen H2020 « AgriWork » ; ce projet-ci en est indépendant."],
        budget=dict(lines=[
            L("personnel", "Ingénieure d'études (12 mois)", 42000, partner="INRAE"),
            L("personnel", "Temps des chercheurs (valorisation)", 12000, partner="INRAE"),
            L("personnel", "Chargé de mission (valorisation)", 6000, partner="La Coopération Agricole Occitanie"),
            L("deplacements_logistique", "Missions de terrain", 5500, partner="INRAE"),
            L("deplacements_logistique", "Journées vigne ouverte (logistique)", 1500, partner="La Coopération Agricole Occitanie"),
            L("prestations", "Captation vidéo", 5000, partner="INRAE"),
            L("prestations", "Traduction pour les saisonniers", 3000, partner="INRAE")],
            resources=[R("Anact", 52000, "anact", "subvention", "sollicitée"),
                       R("INRAE – valorisation du temps des chercheurs", 12000, "cofi", "valorisation", "acquis"),
                       R("La Coopération Agricole Occitanie – valorisation", 6000, "cofi", "valorisation", "acquis"),
                       R("Région Occitanie", 5000, "cofi", "subvention", "demande en cours")]),
        partners=[P("La Coopération Agricole Occitanie", "Fédération de coopératives", "mobilisation des caves, organisation des journées vigne ouverte"),
                  P("FGA-CFDT Hérault", "Organisation syndicale", "relais auprès des salariés et participation au comité"),
                  P("MSA Languedoc", "Protection sociale agricole", "expertise santé-sécurité (préventeurs)"),
                  P("Aract Occitanie", "Réseau Anact-Aract", "appui méthodologique"),
                  P("Cave coopérative Les Vignerons du Pic", "Entreprise pilote", "premier terrain d'expérimentation")],
        partner_fmt="table", layout="l_b819", needs_soffice=True))
    # ---------------------------------------------------------------- B820 child protection / reportlab PDF / cerfa budget / no partners / 23:41
    D.append(dict(
        id="B820", org="Association Horizons Enfance 83", kind="asso", sector="protection de l'enfance", city="Toulon",
        person="Olivier Sanchez", role="Directeur général", email="o.sanchez@horizons-enfance83.org", client="outlook",
        phone="04 94 22 61 80", acronym="ÉCRITS PARTAGÉS", title="Dossier usager informatisé et écrits professionnels des éducateurs",
        start=(2022, 10), end=(2023, 9), desc_keys=ALL, heading_style="rephrased", numbering="arabic",
        v=dict(secteur="les maisons d'enfants à caractère social", region="Var", techno="le dossier usager informatisé",
               techno_court="le dossier usager informatisé", terrain="nos trois maisons d'enfants", metiers="éducateurs spécialisés et moniteurs-éducateurs",
               irp="CSE", effectif="95", constat="Les écrits professionnels se multiplient et se standardisent ; le temps passé devant l'écran se prend sur l'accompagnement des enfants.",
               demande="un groupe d'analyse des pratiques qui a fait remonter ce malaise en 2021", probleme="Comment garder le sens de l'écrit éducatif dans un outil normé ?",
               cibles2="les chefs de service et les juges des enfants destinataires des rapports", methode="ateliers d'écriture à partir de situations réelles",
               copil="la direction générale, deux chefs de service, trois éducateurs élus au CSE et le psychologue", freq="tous les deux mois",
               livrable="un référentiel des écrits et un paramétrage revu du logiciel", nform="15", essaimage="les autres associations de protection de l'enfance du Var"),
        budget=dict(lines=[
            L("personnel", "Chef de projet (0,25 ETP, 12 mois)", 13500),
            L("personnel", "Temps des éducateurs en ateliers (valorisation)", 6500),
            L("deplacements_logistique", "Déplacements entre les maisons d'enfants", 1200),
            L("prestations", "Analyse de la pratique (psychosociologue)", 9600),
            L("prestations", "Formation aux écrits professionnels", 4800)],
            resources=[R("Anact", 26000, "anact", "subvention", "sollicitée"),
                       R("Département du Var", 3100, "cofi", "subvention", "acquis"),
                       R("Valorisation du temps des éducateurs", 6500, "cofi", "valorisation", "acquis")]),
        partners=[], contributions=False, partner_fmt=None, layout="l_b820"))
    return D


# --------------------------------------------------------------------------------------------
# layouts: each returns a list of mail specs (+ bookkeeping in d)


def dt(day, h, mi, s=0, month=8, tz=PARIS):
    return datetime(2022, month, day, h, mi, s, tzinfo=tz)


def body(lines):
    return "\n".join(lines)


def parts_for(d, partners=None, budget=None):
    out = [(h, blocks) for h, _, blocks in description_sections(d)]
    if partners:
        out.append((d.get("partners_heading", "Partenaires mobilisés et contributions"), partners))
    if budget:
        out.append((d.get("budget_heading", "Budget prévisionnel détaillé"), budget))
    return out


def numbered(parts, num):
    res = []
    for i, (h, b) in enumerate(parts, 1):
        if num == "arabic":
            h = f"{i}. {h}"
        elif num == "roman":
            h = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][i - 1] + ". " + h
        elif num == "alpha":
            h = "ABCDEFGHIJKL"[i - 1] + ") " + h
        res.append((h, b))
    return res


def sub(kind, d, date, text, atts=(), **kw):
    m = dict(kind=kind, client=d["client"], from_name=d["person"], from_addr=d["email"], date=date, text=text,
             attachments=list(atts), dossier=d["id"])
    m.update(kw)
    return m


class Ctx:
    def __init__(self, work, ids, rnd):
        self.work = work
        self.ids = ids
        self.rnd = rnd

    def p(self, d, name):
        q = self.work / d["id"]
        q.mkdir(parents=True, exist_ok=True)
        return q / name


def l_b801(d, cx):
    dp = cx.p(d, "AMI Fabrique CTO 2022 - Ergonomia Santé - SOINS EN DIALOGUE.docx")
    d["partners_doc_blocks"] = partner_blocks(d, "table")
    write_description_docx(d, dp, "docx_template")
    xp = cx.p(d, "Budget détaillé SOINS EN DIALOGUE.xlsx")
    xlsx_multi(d, xp)
    text = body(["Madame, Monsieur,", "",
                 "Veuillez trouver ci-joint la candidature du cabinet Ergonomia Santé à l'appel à manifestation d'intérêt "
                 "« Développer le dialogue social technologique au travail », pour le projet SOINS EN DIALOGUE.",
                 "Le dossier de présentation (Word) et le budget détaillé (Excel) sont joints.", "",
                 "Je reste à votre disposition pour tout complément.", "", "Bien cordialement,"] + signature(d))
    d["meta"].update(desc_format="docx_template", budget_loc="xlsx", budget_variant="multi", partner_loc="doc", partner_fmt="table")
    return [sub("submission", d, dt(18, 11, 42, month=7), text, [(dp.name, dp.read_bytes()), (xp.name, xp.read_bytes())],
                subject="Candidature AMI Fabrique CTO 2022 – SOINS EN DIALOGUE (Ergonomia Santé)", html=html_from_text(text),
                logo=logo_png("Ergonomia Santé"))]


def l_b802(d, cx):
    d["partners_doc_blocks"] = partner_blocks(d, "prose")
    dp = cx.p(d, "Dossier de candidature COBOTS EN DEBAT.docx")
    write_description_docx(d, dp, "docx_questions", budget_in_doc=budget_docx_blocks(d, "table_cat"))
    pdf = soffice_pdf(dp, dp.parent, cx.work)
    text = body(["Bonjour,", "",
                 "Vous trouverez ci-joint, au format PDF, le dossier de candidature du laboratoire TéTRA pour le projet COBOTS EN DÉBAT.",
                 "Le dossier reprend les questions de l'appel, le budget et nos partenaires.", "",
                 "Bien cordialement,", "", "-- ", d["person"], d["role"], d["org"], "UFR Sciences du langage, de l'homme et de la société",
                 "30-32 rue Mégevand – 25030 Besançon cedex"])
    d["meta"].update(desc_format="pdf_form_lo", budget_loc="doc", budget_variant="table_cat", partner_loc="doc", partner_fmt="prose",
                     pdf_renders=[[pdf.name, "libreoffice"]])
    return [sub("submission", d, dt(20, 16, 5, 12, month=7), text, [(pdf.name, pdf.read_bytes())],
                subject="AMI Dialogue social technologique - candidature COBOTS EN DÉBAT")]


def bulletize(blocks):
    out = []
    for kind, val in blocks:
        if kind == "p":
            out.append("- " + val)
        elif kind == "ul":
            out += ["- " + x for x in val]
        elif kind == "table":
            for r in val[1:]:
                out.append(f"- {r[0]} ({r[1]}) : {r[2]}")
    return out


def l_b803(d, cx):
    lines = ["Bonjour,", "", "Voici notre candidature pour l'AMI Fabrique CTO, en quelques points (désolé pour le format, "
             "notre équipe est petite !). Budget en pièce jointe (Excel) ainsi que les lettres de nos partenaires.", "",
             f"PROJET : {d['acronym']} – {d['title']}", f"Porteur : {d['org']} (Quimper)", ""]
    for h, ks, blocks in description_sections(d):
        lines.append(h.upper())
        lines += bulletize(blocks)
        lines.append("")
    lines.append("PARTENAIRES")
    lines += ["- " + p["name"] for p in d["partners"]]
    lines += ["(voir leurs lettres de soutien jointes)", "", "Merci d'avance et bonne journée,", "",
              d["person"], d["role"], d["org"], "06 62 18 44 09"]
    text = body(lines)
    xp = cx.p(d, "budget GE-NUM.xlsx")
    xlsx_simple(d, xp, title="GE-NUM – budget prévisionnel")
    atts = [(xp.name, xp.read_bytes())]
    letters = {
        "MSA d'Armorique": ("Marie-Pierre Kervella, directrice de l'action sanitaire et sociale",
                            ["La MSA d'Armorique soutient le projet GE-NUM porté par Terres & Travail Bretagne.",
                             "Nous nous engageons à cofinancer le projet à hauteur de 6 000 € au titre de l'action sanitaire et sociale, "
                             "et à mettre à disposition un conseiller en prévention pour accompagner les visites d'exploitations."]),
        "Groupement d'employeurs Agri-Emploi 29": ("Hervé Le Bihan, président",
                                                   ["Le Groupement d'employeurs Agri-Emploi 29 sera terrain d'expérimentation du projet GE-NUM.",
                                                    "Nous mettrons à disposition le temps de nos salariés pour la tenue des journaux de bord et la participation aux ateliers."]),
        "Aract Bretagne": ("Soizic Le Roux, directrice",
                           ["L'Aract Bretagne apportera un appui méthodologique à l'analyse des plannings (environ 4 jours) "
                            "et participera aux ateliers de restitution du projet GE-NUM."]),
    }
    renders = []
    for p in d["partners"]:
        signer, paras = letters[p["name"]]
        lp = cx.p(d, f"Lettre de soutien - {p['name']}.pdf")
        write_letter_pdf(lp, p["name"], signer, "Quimper, le 25 juillet 2022", ["Madame la Directrice,"] + paras +
                         ["Nous vous prions d'agréer l'expression de nos salutations distinguées."])
        atts.append((lp.name, lp.read_bytes()))
        renders.append([lp.name, "reportlab"])
    d["meta"].update(desc_format="body_notes", budget_loc="xlsx", budget_variant="simple", partner_loc="letters", partner_fmt="letters",
                     pdf_renders=renders)
    html = "<html><body>" + "".join(f"<div>{esc(x) if x else '<br>'}</div>" for x in lines) + "</body></html>"
    return [sub("submission", d, dt(27, 9, 31, 4, month=7), text, atts, subject="candidature GE-NUM / AMI Fabrique CTO", html=html)]


def l_b804(d, cx):
    d["partners_doc_blocks"] = partner_blocks(d, "bullets")
    dp = cx.p(d, "CLIC & COLLECTIF - note de présentation.docx")
    write_description_docx(d, dp, "docx_bold")
    t1 = body(["Madame, Monsieur,", "",
               "Le Laboratoire d'idées Commerce & Travail a le plaisir de vous adresser sa candidature à l'AMI Fabrique CTO "
               "pour le projet CLIC & COLLECTIF (note de présentation jointe).",
               "Le budget détaillé, en cours de validation par nos partenaires, vous parviendra dans les prochains jours.", "",
               "Bien à vous,", "", d["person"], d["role"], d["org"], d["phone"]])
    m1 = sub("submission", d, dt(29, 18, 2, 40, month=7), t1, [(dp.name, dp.read_bytes())],
             subject="Candidature Fabrique CTO – CLIC & COLLECTIF")
    xp = cx.p(d, "Budget CLIC & COLLECTIF par partenaire.xlsx")
    d["xlsx_footnotes"] = ["Valorisation : temps des militants CFDT formés, sur la base de 25 € de l'heure."]
    xlsx_by_partner(d, xp, ["Commerce & Travail", "Université Gustave Eiffel – LATTS", "CFDT Services Île-de-France"])
    t2 = body(["Bonjour,", "", "Comme annoncé, voici le budget détaillé du projet CLIC & COLLECTIF, ventilé par partenaire, "
               "avec le plan de financement.", "", "Belle journée,", "Sophie", "", "",
               "> Le 29 juil. 2022 à 18:02, Sophie Marchand <s.marchand@commerce-travail.org> a écrit :", ">"] +
              ["> " + x for x in t1.split("\n")])
    m2 = sub("reply", d, dt(2, 10, 15, 3), t2, [(xp.name, xp.read_bytes())], subject="Re: Candidature Fabrique CTO – CLIC & COLLECTIF",
             in_reply_to="@m1")
    d["meta"].update(desc_format="docx_bold", budget_loc="xlsx_reply", budget_variant="by_partner", partner_loc="doc", partner_fmt="bullets",
                     missing_first_message=["budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements"],
                     reply="same")
    d["notes"].append("budget sent 4 days later in a reply (In-Reply-To = the applicant's own first message)")
    return [m1, m2]


ANACT_ANSWER_ID = "<c41e7a0b2d9f4e1a8b55f0e2a7d3c912@anact.fr>"


def l_n1(cx):
    d = dict(person="Thomas Guérin", email="t.guerin@vocalis-logistique.fr", client="outlook", id=None)
    text = body(["Bonjour,", "",
                 "Nous sommes éditeur d'une solution de commande vocale pour les entrepôts et nous intégrons une activité d'accompagnement du changement.",
                 "Pouvez-vous nous confirmer qu'un fournisseur de solutions technologiques peut porter un projet dans le cadre de l'AMI ? "
                 "Par ailleurs, le co-financement de 20 % peut-il être entièrement apporté en fonds propres ?", "",
                 "Merci par avance,", "", "Thomas Guérin", "Responsable conduite du changement", "Vocalis Logistique SAS"])
    return dict(kind="correspondence", client="outlook", from_name=d["person"], from_addr=d["email"], date=dt(12, 10, 14, 9, month=7),
                text=text, html=html_from_text(text), subject="Question AMI Fabrique CTO – éligibilité d'un éditeur de logiciel",
                dossier=None, note="question about the call from the future applicant of B805", message_id=None)


def l_b805(d, cx):
    d["partners_doc_blocks"] = None
    parts = numbered(parts_for(d, partners=partner_blocks(d, "table")), "alpha")
    pp = cx.p(d, "Vocalis - VOIX ET GESTES - dossier de candidature.pdf")
    write_pdf_report(d, pp, parts)
    bdoc = new_doc(font="Arial")
    bdoc.add_heading("Budget prévisionnel – VOIX ET GESTES", level=1)
    bdoc.add_paragraph("Vocalis Logistique SAS est assujettie à la TVA.")
    docx_blocks(bdoc, budget_docx_blocks(d, "htttc"))
    bp = cx.p(d, "Budget prévisionnel VOIX ET GESTES.docx")
    save_docx(bdoc, bp)
    q = l_n1(cx)
    text = body(["Bonjour,", "", "Merci pour votre réponse rapide. Comme suite à nos échanges, je vous adresse notre candidature "
                 "pour le projet VOIX ET GESTES : le dossier de présentation (PDF) et le budget prévisionnel (Word).", "",
                 "Cordialement,"] + signature(d) +
                ["", "De : Fabrique CTO <fabrique@anact.fr>", "Envoyé : mercredi 13 juillet 2022 09:40",
                 "À : Thomas Guérin <t.guerin@vocalis-logistique.fr>", "Objet : RE: Question AMI Fabrique CTO – éligibilité d'un éditeur de logiciel", "",
                 "Bonjour,", "Les fournisseurs de solutions technologiques ayant intégré des activités d'accompagnement du changement peuvent répondre. "
                 "Le co-financement attendu est d'au moins 20 % du coût total ; il peut prendre la forme d'un autofinancement. "
                 "Le montant maximal de financement Anact est de 80 000 € net de taxe.", "Bien cordialement,", "L'équipe de la Fabrique CTO", "",
                 "De : Thomas Guérin", "Envoyé : mardi 12 juillet 2022 10:14", "À : fabrique@anact.fr",
                 "Objet : Question AMI Fabrique CTO – éligibilité d'un éditeur de logiciel", ""] + q["text"].split("\n"))
    head, _, quoted = text.partition("\nDe : Fabrique CTO")
    quoted_html = ('<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class=MsoNormal>'
                   + esc("De : Fabrique CTO" + quoted).replace("\n", "<br>") + "</p></div>")
    html = html_from_text(head, quoted_html)
    d["meta"].update(desc_format="pdf_report", budget_loc="annex_docx", budget_variant="htttc", partner_loc="doc", partner_fmt="table",
                     pdf_renders=[[pp.name, "reportlab"]])
    d["notes"].append("submission is an Outlook reply (RE:) quoting Anact's answer to the applicant's earlier question; budget HT/TTC, figures HT")
    return [q, sub("submission", d, dt(3, 15, 27, 51), text, [(pp.name, pp.read_bytes()), (bp.name, bp.read_bytes())],
                   subject="RE: Question AMI Fabrique CTO – éligibilité d'un éditeur de logiciel", html=html, logo=logo_png("VOCALIS"),
                   in_reply_to=ANACT_ANSWER_ID, references="@n1 " + ANACT_ANSWER_ID)]


def l_b806(d, cx):
    ps = [p for p in d["partners"] if p["name"] != "Mutualité Française Bretagne"]
    dd = dict(d, partners=ps)
    d["partners_doc_blocks"] = partner_blocks(dd, "prose")
    d["partners_heading"] = "Partenariats"
    dp = cx.p(d, "Projet TOURNEES PARTAGEES - Domicile Solidaire 35.docx")
    write_description_docx(d, dp, "docx_bold")
    xp = cx.p(d, "Budget_TOURNEES_PARTAGEES.xlsx")
    d["xlsx_footnotes"] = ["Les temps valorisés sont comptés au coût horaire chargé et repris en ressources (contribution en nature)."]
    xlsx_simple(d, xp)
    text = body(["Bonjour,", "",
                 "Nous vous adressons, à deux voix, le projet TOURNÉES PARTAGÉES : la description (Word) et le budget (Excel) sont joints.", "",
                 "Bien cordialement,", "",
                 "Nathalie Rouxel", "Directrice – Association Domicile Solidaire 35", "02 99 31 47 60", "",
                 "Jean-Marc Tessier", "Directeur de la prévention – Mutualité Française Bretagne",
                 "Partenaire du projet : nous mettrons à disposition une psychologue du travail (8 jours) pour les ateliers d'analyse des relevés.",
                 "jm.tessier@mutualite-bretagne.fr"])
    d["meta"].update(desc_format="docx_bold_prose", budget_loc="xlsx", budget_variant="valorisation", partner_loc="doc+signature",
                     partner_fmt="prose+cosigner")
    d["notes"].append("one partner (Mutualité Française Bretagne) appears only as co-signer in the mail signature, with its contribution")
    d["notes"].append("project ends mars 2024")
    return [sub("submission", d, dt(8, 14, 3, 26), text, [(dp.name, dp.read_bytes()), (xp.name, xp.read_bytes())],
                subject="AMI Fabrique CTO : projet TOURNÉES PARTAGÉES", cc="Jean-Marc Tessier <jm.tessier@mutualite-bretagne.fr>")]


def l_b807(d, cx):
    parts = parts_for(d, partners=partner_blocks(d, "table"))
    pp = cx.p(d, "GUICHET OUVERT - présentation CDG47.pdf")
    write_pdf_slides(d, pp, parts)
    xp = cx.p(d, "GUICHET OUVERT budget.xlsx")
    xlsx_by_partner(d, xp, ["CDG 47", "Agglomération d'Agen"])
    text = body(["Madame, Monsieur,", "",
                 "Le Centre de gestion de Lot-et-Garonne présente le projet GUICHET OUVERT à l'AMI « Développer le dialogue social technologique au travail ».",
                 "Vous trouverez ci-joint le support de présentation et le budget ventilé par partenaire.", "",
                 "Cordialement,", "", d["person"], d["role"], "CDG 47 – 53 rue de Cartou – 47000 Agen", d["phone"]])
    d["meta"].update(desc_format="pdf_slides", budget_loc="xlsx", budget_variant="by_partner", partner_loc="doc", partner_fmt="table",
                     pdf_renders=[[pp.name, "reportlab"]])
    return [sub("submission", d, dt(10, 11, 18, 30), text, [(pp.name, pp.read_bytes()), (xp.name, xp.read_bytes())],
                subject="AMI Fabrique CTO – candidature du CDG 47", html="<html><body><div style=\"font-family: arial, helvetica, sans-serif; font-size: 12pt;\">"
                + "".join("<div>" + (esc(x) if x else '<br data-mce-bogus="1">') + "</div>" for x in text.split("\n")) + "</div></body></html>")]


def l_b808(d, cx):
    d["partners_doc_blocks"] = partner_blocks(d, "table")
    d["summary_money"] = False
    dp = cx.p(d, "EN COULISSES - dossier de candidature.docx")
    write_description_docx(d, dp, "docx_tables")
    dv1 = dict(d, budget=d["budget_v1"])
    x1 = cx.p(d, "Budget EN COULISSES v1.xlsx")
    xlsx_simple(dv1, x1)
    x2 = cx.p(d, "Budget EN COULISSES v2 - annule et remplace.xlsx")
    xlsx_simple(d, x2)
    t1 = body(["Bonjour,", "", "Vous trouverez ci-joint notre candidature pour le projet EN COULISSES : le dossier (Word) et le budget (Excel).", "",
               "Bien à vous,", "", "Léa Fontaine", "Gérante – SCIC Culture en Réseau", "Toulouse"])
    m1 = sub("submission", d, dt(11, 22, 47, 2), t1, [(dp.name, dp.read_bytes()), (x1.name, x1.read_bytes())],
             subject="Candidature AMI Fabrique CTO – EN COULISSES", html=gmail_html(t1))
    t2 = body(["Bonjour,", "",
               "Ce message ANNULE ET REMPLACE notre envoi du 11 août. Une erreur s'était glissée dans le budget : "
               "le montant sollicité auprès de l'Anact dépassait le plafond de l'appel. Il est ramené à 78 000 € "
               "pour un coût total de 105 000 €. Merci de ne tenir compte que des pièces jointes à ce message.", "",
               "Toutes nos excuses,", "", "Léa Fontaine", "Gérante – SCIC Culture en Réseau"])
    m2 = sub("reply", d, dt(16, 9, 3, 55), t2, [(dp.name, dp.read_bytes()), (x2.name, x2.read_bytes())],
             subject="ANNULE ET REMPLACE – Candidature AMI Fabrique CTO – EN COULISSES", html=gmail_html(t2), in_reply_to="@m1",
             accept=["reply", "submission"])
    d["meta"].update(desc_format="docx_tables", budget_loc="xlsx", budget_variant="simple", partner_loc="doc", partner_fmt="table",
                     reply="annule_et_remplace")
    d["notes"].append("v1 budget asked 85 000 € (above the cap); 'annule et remplace' v2 asks 78 000 € -> figures from v2, plafond_depasse optional")
    return [m1, m2]


def l_b809(d, cx):
    d["partners_doc_blocks"] = partner_blocks(d, "table")
    dp = cx.p(d, "ENT-DIALOGUE_candidature_ACTe.docx")
    write_description_docx(d, dp, "docx_autonum", budget_in_doc=budget_docx_blocks(d, "table_cat"))
    text = body(["Bonjour,", "", "Avec toutes nos excuses pour ce léger retard (la signature de la présidence de l'université a pris plus de temps que prévu), "
                 "voici la candidature du laboratoire ACTé au titre de l'AMI Fabrique CTO.", "", "Bien cordialement,", "", "-- ",
                 d["person"], d["role"], d["org"]])
    d["meta"].update(desc_format="docx_autonum", budget_loc="doc", budget_variant="table_cat", partner_loc="doc", partner_fmt="table")
    d["notes"].append("sent 24 Aug 09:12 Paris: late")
    return [sub("submission", d, dt(24, 9, 12, 37), text, [(dp.name, dp.read_bytes())],
                subject="Candidature AMI Fabrique CTO - projet ENT-DIALOGUE (laboratoire ACTé)")]


def l_b810(d, cx):
    parts = parts_for(d)
    lines = ["Madame, Monsieur,", "", "Mobilités & Travail Conseil présente ci-dessous sa candidature à l'AMI « Développer le dialogue social technologique au travail ».", "",
             f"Projet {d['acronym']} – {d['title']}", ""]
    html = ['<p class=MsoNormal>Madame, Monsieur,</p><p class=MsoNormal>Mobilités &amp; Travail Conseil présente ci-dessous sa candidature '
            "à l'AMI « Développer le dialogue social technologique au travail ».</p>",
            f"<p class=MsoNormal><b>Projet {esc(d['acronym'])} – {esc(d['title'])}</b></p>"]
    for h, blocks in parts:
        lines.append(h)
        lines += blocks_text(blocks)
        html.append(f"<p class=MsoNormal><b><u>{esc(h)}</u></b></p>" + blocks_html(blocks))
    rows = budget_rows_simple(d["budget"])
    lines += ["Budget détaillé"] + text_table(rows) + ["", "Montant sollicité auprès de l'Anact : 64 000 €", ""]
    html.append("<p class=MsoNormal><b><u>Budget détaillé</u></b></p>" + html_table(rows) +
                "<p class=MsoNormal>Montant sollicité auprès de l'Anact : <b>64 000 €</b></p>")
    pb = partner_blocks(d, "bullets")
    lines += ["Partenaires"] + blocks_text(pb)
    html.append("<p class=MsoNormal><b><u>Partenaires</u></b></p>" + blocks_html(pb))
    sig = ["Bien cordialement,"] + signature(d)
    lines += sig
    html.append("".join(f"<p class=MsoNormal>{esc(x)}</p>" for x in sig))
    text = body(lines)
    htm = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body lang=FR>'
           '<div class=WordSection1>' + "\n".join(html) + "</div></body></html>")
    d["meta"].update(desc_format="body_html", budget_loc="body", budget_variant="table_cat", partner_loc="body", partner_fmt="bullets")
    d["notes"].append("no co-financing source stated; (total - Anact) / total = exactly 20 % -> not flagged")
    return [sub("submission", d, dt(17, 8, 52, 19), text, [], subject="Candidature Fabrique CTO – CABINE OUVERTE", html=htm,
                logo=logo_png("Mobilités & Travail"))]


def l_b811(d, cx):
    dp = cx.p(d, "CHVSM - Projet TELESOINS - AMI Fabrique CTO.docx")
    write_description_docx(d, dp, "docx_template", budget_in_doc=budget_docx_blocks(d, "table_cat"))
    pdf = soffice_pdf(dp, dp.parent, cx.work)
    t1 = body(["Madame, Monsieur,", "", "Je vous prie de trouver ci-joint la candidature du Centre hospitalier de Verdun-Saint-Mihiel "
               "pour le projet TÉLÉSOINS. La liste de nos partenaires vous sera transmise par notre DRH.", "",
               "Bien cordialement,"] + signature(d))
    m1 = sub("submission", d, dt(18, 17, 26, 48), t1, [(pdf.name, pdf.read_bytes())],
             subject="Candidature AMI Fabrique CTO – projet TÉLÉSOINS – CH Verdun-Saint-Mihiel", html=html_from_text(t1), logo=logo_png("CH Verdun"))
    pdoc = new_doc(font="Arial")
    pdoc.add_heading("Projet TÉLÉSOINS – partenaires mobilisés", level=1)
    pdoc.add_paragraph("Le tableau ci-dessous présente les partenaires du projet et leur contribution attendue.")
    docx_table(pdoc, [["Partenaire", "Nature", "Contribution"]] + [[p["name"], p["nature"], p["contrib"]] for p in d["partners"]])
    pp = cx.p(d, "TELESOINS - partenaires.docx")
    save_docx(pdoc, pp)
    t2 = body(["Bonjour,", "", "En complément de l'envoi de ma collègue Anne-Laure Mathieu (directrice des soins) hier, "
               "voici la liste des partenaires du projet TÉLÉSOINS et leur contribution.", "", "Cordialement,", "",
               "Franck Hubert", "Directeur des ressources humaines", "Centre hospitalier de Verdun-Saint-Mihiel"])
    m2 = sub("reply", d, dt(19, 9, 48, 11), t2, [(pp.name, pp.read_bytes())], subject="Partenaires projet TÉLÉSOINS (CH Verdun)",
             from_name="Franck Hubert", from_addr="f.hubert@ch-verdun.fr", html=html_from_text(t2), logo=logo_png("CH Verdun"))
    d["meta"].update(desc_format="pdf_report_lo_toc", budget_loc="doc", budget_variant="table_cat", partner_loc="colleague_docx", partner_fmt="table",
                     missing_first_message=["partenaires.liste", "partenaires.contributions"], reply="colleague",
                     pdf_renders=[[pdf.name, "libreoffice"]])
    d["notes"].append("partners sent next day by a colleague (DRH) of the same organisation, new thread")
    return [m1, m2]


def l_b812(d, cx):
    d["partners_doc_blocks"] = partner_blocks(d, "table")
    dp = cx.p(d, "ITT_TRACA-DIALOGUE_description.docx")
    write_description_docx(d, dp, "docx_styles")
    lines = ["Bonjour,", "", "Veuillez trouver ci-joint la description du projet TRAÇA-DIALOGUE. Durée : 12 mois (janvier – décembre 2023).", "",
             "Budget prévisionnel :"] + budget_text_bullets(d) + ["", "Notre tarif de formation inter-entreprises est de 1 250 € par jour (pour information).", "",
             "Bien cordialement,", "", d["person"], d["role"], d["org"], "Nantes"]
    text = body(lines)
    d["meta"].update(desc_format="docx_styles", budget_loc="body", budget_variant="bullets", partner_loc="doc", partner_fmt="table")
    d["notes"].append("purchase of tablets (equipment) is not an eligible spending -> autres")
    return [sub("submission", d, dt(19, 12, 7, 33), text, [(dp.name, dp.read_bytes())],
                subject="AMI Fabrique CTO / TRAÇA-DIALOGUE")]


def l_b813(d, cx):
    d["partners_doc_blocks"] = partner_blocks(d, "table")
    dp = cx.p(d, "Kassio - CAISSE COMMUNE - AMI Fabrique CTO.docx")
    write_description_docx(d, dp, "docx_template", budget_in_doc=budget_docx_blocks(d, "table_cat"))
    t = body(["Bonjour l'équipe Fabrique CTO,", "", "Ci-joint notre dossier pour CAISSE COMMUNE (budget inclus dans le document).",
              "Au plaisir d'échanger,", "", "Inès Haddad", "Cofondatrice – Kassio", "kassio.io"])
    d["meta"].update(desc_format="docx_template", budget_loc="doc", budget_variant="table_cat", partner_loc="doc", partner_fmt="table")
    d["notes"].append("Anact request equals the total cost: no co-financing")
    return [sub("submission", d, dt(20, 11, 36, 2), t, [(dp.name, dp.read_bytes())], subject="Fabrique CTO – dossier CAISSE COMMUNE (Kassio)",
                html=gmail_html(t))]


def l_b814(d, cx):
    parts = numbered(parts_for(d, partners=partner_blocks(d, "bullets")), "arabic")
    pp = cx.p(d, "Polaris_AMI_FabriqueCTO_2022.pdf")
    write_pdf_report(d, pp, parts)
    xp = cx.p(d, "Polaris_budget_AGENTS_AUGMENTES.xlsx")
    xlsx_multi(d, xp)
    text = body(["Madame, Monsieur,", "", "Nous avons le plaisir de vous transmettre la réponse de Polaris Conseil à l'AMI Fabrique CTO, "
                 "pour le projet AGENTS AUGMENTÉS ?, ainsi que son budget.", "",
                 "Pour mémoire, notre taux journalier moyen est de 950 € HT ; notre chiffre d'affaires 2021 s'élève à 2,1 M€.", "",
                 "Bien à vous,", "", d["person"], d["role"], d["org"], "Tours"])
    d["meta"].update(desc_format="pdf_report", budget_loc="xlsx", budget_variant="multi", partner_loc="doc", partner_fmt="bullets",
                     pdf_renders=[[pp.name, "reportlab"]])
    d["notes"].append("Anact request exactly 80 000 € and co-financing exactly 20 %: neither flagged; project ends juin 2024")
    return [sub("submission", d, dt(22, 16, 40, 27), text, [(pp.name, pp.read_bytes()), (xp.name, xp.read_bytes())],
                subject="Réponse AMI Fabrique CTO – Polaris Conseil")]


def l_b815(d, cx):
    dp = cx.p(d, "CHANTIER PARLANT - description du projet.docx")
    write_description_docx(d, dp, "docx_styles")
    xp = cx.p(d, "CHANTIER PARLANT - budget.xlsx")
    xlsx_multi(d, xp)
    ld = new_doc(font="Times New Roman")
    bodies = {
        "Fédération Régionale du BTP Occitanie": ("Toulouse, le 10 août 2022", "Jacques Sabatier, président",
            "La Fédération Régionale du BTP Occitanie soutient le projet CHANTIER PARLANT. Elle mobilisera ses entreprises adhérentes "
            "et apportera un cofinancement de 6 000 €."),
        "Constructys Occitanie": ("Toulouse, le 11 août 2022", "Nadia Ferrand, déléguée régionale",
            "Constructys Occitanie accompagnera le projet par l'ingénierie et la prise en charge de formations destinées aux chefs d'équipe."),
        "Union syndicale Construction CGT de Haute-Garonne": ("Toulouse, le 12 août 2022", "Patrick Nunes, secrétaire général",
            "Nos élus participeront aux « quarts d'heure numériques » et au comité de pilotage du projet CHANTIER PARLANT."),
        "Aract Occitanie": ("Montpellier, le 16 août 2022", "Claire Dumas, directrice",
            "L'Aract Occitanie co-animera le séminaire régional et apportera un appui méthodologique au projet."),
    }
    for k, p in enumerate(d["partners"]):
        place, signer, txt = bodies[p["name"]]
        para = ld.add_paragraph()
        para.add_run(p["name"]).bold = True
        ld.add_paragraph(place).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        ld.add_paragraph("Objet : lettre de soutien au projet CHANTIER PARLANT porté par Bâtir Demain Occitanie")
        ld.add_paragraph("Madame, Monsieur,")
        ld.add_paragraph(txt)
        ld.add_paragraph("Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.")
        ld.add_paragraph(signer).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if k < len(d["partners"]) - 1:
            ld.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    lp = cx.p(d, "Lettres de soutien CHANTIER PARLANT.docx")
    save_docx(ld, lp)
    lpdf = soffice_pdf(lp, lp.parent, cx.work)
    top = body(["Bonjour,", "", "Au nom de Bâtir Demain Occitanie, je vous transmets notre candidature CHANTIER PARLANT : description du projet, "
                "budget détaillé et lettres de soutien de nos partenaires (un seul PDF).", "", "Bien cordialement,"] + signature(d))
    quoted = ["", "De : Pierre-Yves Castel <py.castel@batirdemain-occitanie.org>", "Envoyé : lundi 22 août 2022 08:12",
              "À : Amélie Roux <amelie.roux@batirdemain-occitanie.org>", "Objet : RE: dossier Anact – version finale", "",
              "C'est bon pour moi, tu peux l'envoyer. Pour l'appel à projets ADEME on verra à la rentrée.", "PYC", "",
              "De : Amélie Roux", "Envoyé : vendredi 19 août 2022 17:55", "À : Pierre-Yves Castel", "Objet : dossier Anact – version finale", "",
              "Pierre-Yves, ci-joint la version finale pour relecture. J'ai intégré les quatre lettres reçues.", "Amélie"]
    text = top + "\n" + "\n".join(quoted)
    qhtml = ('<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class=MsoNormal>'
             + "<br>".join(esc(x) for x in quoted[1:]) + "</p></div>")
    d["meta"].update(desc_format="docx_styles", budget_loc="xlsx", budget_variant="multi", partner_loc="letters", partner_fmt="letters_lo",
                     pdf_renders=[[lpdf.name, "libreoffice"]])
    d["notes"].append("partners only in support letters (PDF by LibreOffice); Outlook body quotes an internal thread")
    return [sub("submission", d, dt(22, 9, 5, 44), text, [(dp.name, dp.read_bytes()), (xp.name, xp.read_bytes()), (lpdf.name, lpdf.read_bytes())],
                subject="TR: dossier Anact – version finale / Candidature CHANTIER PARLANT", html=html_from_text(top, qhtml),
                logo=logo_png("Bâtir Demain"))]


def l_b816(d, cx):
    lines = ["Bonjour,", "", "Je suis consultante RH indépendante en Savoie et je souhaite proposer le projet suivant pour l'AMI Fabrique CTO :", "",
             f"*** {d['acronym']} – {d['title']} ***", ""]
    for h, ks, blocks in description_sections(d):
        lines.append(h + " :")
        lines += bulletize(blocks)
        lines.append("")
    lines += ["Partenaires :"] + [blocks_text(partner_blocks(d, "prose"))[0], ""]
    lines += ["Budget :"] + budget_text_bullets(d) + ["",
              "Je peux vous envoyer mon CV et mes références si besoin.", "", "Cordialement,", "Camille Renaud", "Renaud Conseil RH – 06 30 41 77 25"]
    text = body(lines)
    d["meta"].update(desc_format="body_notes", budget_loc="body", budget_variant="bullets", partner_loc="body", partner_fmt="prose")
    return [sub("submission", d, dt(23, 11, 2, 50), text, [], subject="Proposition projet AMI dialogue social techno", html=gmail_html(text))]


def l_b817(d, cx):
    d["partners_doc_blocks"] = partner_blocks(d, "bullets")
    dp = cx.p(d, "CCVSM_AMI_FabriqueCTO_ATELIERS_TECHNIQUES.docx")
    write_description_docx(d, dp, "docx_styles")
    t1 = body(["Bonjour,", "", "Veuillez trouver ci-joint la candidature de la communauté de communes Val de Sèvre et Marais (projet ATELIERS TECHNIQUES 2.0).",
               "Le budget détaillé est en cours de finalisation avec notre service financier et vous sera adressé très prochainement.", "",
               "Cordialement,", "", d["person"], d["role"], d["org"], d["phone"]])
    m1 = sub("submission", d, dt(23, 17, 40, 8), t1, [(dp.name, dp.read_bytes())], subject="AMI Fabrique CTO - candidature ATELIERS TECHNIQUES 2.0")
    xp = cx.p(d, "Budget ATELIERS TECHNIQUES 2.0 HT-TTC.xlsx")
    d["xlsx_footnotes"] = ["Les montants retenus pour le plan de financement sont hors taxes (la collectivité récupère la TVA via le FCTVA)."]
    xlsx_htttc(d, xp)
    t2 = body(["Bonjour,", "", "Comme indiqué dans mon précédent message, voici le budget détaillé du projet ATELIERS TECHNIQUES 2.0 (HT et TTC).", "",
               "Cordialement,", d["person"], "", "Le 23/08/2022 17:40, Stéphane Morel a écrit :"] + ["> " + x for x in t1.split("\n")])
    m2 = sub("reply", d, dt(25, 10, 2, 14), t2, [(xp.name, xp.read_bytes())], subject="Re: AMI Fabrique CTO - candidature ATELIERS TECHNIQUES 2.0",
             in_reply_to="@m1")
    d["meta"].update(desc_format="docx_styles", budget_loc="xlsx_reply", budget_variant="htttc", partner_loc="doc", partner_fmt="bullets",
                     missing_first_message=["budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements"],
                     reply="same")
    d["notes"].append("first submission 23 Aug 17:40 (on time); budget reply 25 Aug: hors_delai is judged on the first submission only")
    d["notes"].append("budget HT/TTC columns; figures HT")
    return [m1, m2]


def l_b818(d, cx):
    d["partners_doc_blocks"] = partner_blocks(d, "table")
    dp = cx.p(d, "Formulaire ROUTE CONNECTEE.docx")
    write_description_docx(d, dp, "docx_questions", budget_in_doc=budget_docx_blocks(d, "table_cat"))
    pdf = soffice_pdf(dp, dp.parent, cx.work)
    text = body(["Bonsoir,", "", "Ci-joint notre candidature ROUTE CONNECTÉE.", "", "Cordialement,", "", "-- ", d["person"], d["role"], d["org"], d["phone"]])
    d["meta"].update(desc_format="pdf_form_lo", budget_loc="doc", budget_variant="table_cat", partner_loc="doc", partner_fmt="table",
                     pdf_renders=[[pdf.name, "libreoffice"]])
    d["notes"].append("Date header 23 Aug 22:20 +0000 = 24 Aug 00:20 Paris: late")
    return [sub("submission", d, datetime(2022, 8, 23, 22, 20, 41, tzinfo=UTC), text, [(pdf.name, pdf.read_bytes())],
                subject="Candidature AMI - ROUTE CONNECTÉE")]


def l_b819(d, cx):
    d["partners_doc_blocks"] = partner_blocks(d, "table")
    dp = cx.p(d, "VIGNE_ET_NUMERIQUE_dossier.docx")
    write_description_docx(d, dp, "docx_styles")
    pdf = soffice_pdf(dp, dp.parent, cx.work)
    xp = cx.p(d, "VIGNE_ET_NUMERIQUE_budget.xlsx")
    d["xlsx_footnotes"] = ["Valorisations : temps des personnels permanents, non décaissé, repris en ressources."]
    xlsx_by_partner(d, xp, ["INRAE", "La Coopération Agricole Occitanie"])
    text = body(["Bonjour,", "", "Veuillez trouver ci-joint le dossier de candidature du projet VIGNE & NUMÉRIQUE porté par l'UMR Innovation, ainsi que son budget.",
                 "", "Bien cordialement,", "", d["person"], d["role"], "INRAE – UMR Innovation", "2 place Pierre Viala – 34060 Montpellier"])
    d["meta"].update(desc_format="pdf_report_lo", budget_loc="xlsx", budget_variant="by_partner_valorisation", partner_loc="doc", partner_fmt="table",
                     pdf_renders=[[pdf.name, "libreoffice"]])
    return [sub("submission", d, dt(23, 21, 30, 5), text, [(pdf.name, pdf.read_bytes()), (xp.name, xp.read_bytes())],
                subject="AMI Fabrique CTO : candidature VIGNE & NUMÉRIQUE",
                html="<html><body><div style=\"font-family: arial, helvetica, sans-serif; font-size: 12pt;\">"
                + "".join(f"<div>{esc(x) if x else '<br>'}</div>" for x in text.split("\n")) + "</div></body></html>")]


def l_b820(d, cx):
    parts = numbered(parts_for(d, budget=budget_docx_blocks(d, "cerfa")), "arabic")
    pp = cx.p(d, "Horizons Enfance 83 - ECRITS PARTAGES.pdf")
    write_pdf_report(d, pp, parts)
    text = body(["Madame, Monsieur,", "", "Je vous prie de trouver ci-joint notre dossier de candidature (projet ÉCRITS PARTAGÉS).", "",
                 "Respectueusement,"] + signature(d))
    d["meta"].update(desc_format="pdf_report", budget_loc="doc", budget_variant="cerfa", partner_loc=None, partner_fmt=None,
                     pdf_renders=[[pp.name, "reportlab"]])
    d["notes"].append("sent 23 Aug 23:41 +0200: on time; no partner named")
    return [sub("submission", d, dt(23, 23, 41, 56), text, [(pp.name, pp.read_bytes())], subject="Dossier AMI Fabrique CTO – ÉCRITS PARTAGÉS",
                html=html_from_text(text), logo=logo_png("Horizons Enfance"))]


def l_nonsub(cx):
    out = []
    t = body(["Si ce message ne s'affiche pas correctement, consultez-le dans votre navigateur.", "",
              "RH DIGITAL MAG – la lettre du 9 août 2022", "",
              "WEBINAIRE 6 SEPTEMBRE : IA, algorithmes et dialogue social – ce qu'il faut savoir avant de déployer",
              "Inscrivez-vous gratuitement ! Au programme : retours d'expérience, cadre juridique, et un focus sur l'AMI de l'Anact "
              "« Développer le dialogue social technologique au travail » (date limite : 23 août).", "",
              "Également cette semaine : baromètre QVT 2022, 5 outils de planning pour vos équipes terrain.", "",
              "Vous recevez ce message car vous êtes inscrit à la lettre RH Digital Mag. Se désinscrire : https://rhdigital-mag.fr/unsubscribe"])
    out.append(dict(kind="auto_reply", client="mailer", from_name="RH Digital Mag", from_addr="newsletter@rhdigital-mag.fr",
                    date=dt(9, 7, 30, 0), text=t, html="<html><body>" + "".join(f"<p>{esc(x)}</p>" for x in t.split("\n") if x) + "</body></html>",
                    subject="Webinaire : IA et dialogue social + l'AMI Anact à ne pas manquer", dossier=None, accept=["auto_reply", "bounce"],
                    note="newsletter (mailing-list traffic) mentioning the call",
                    extra_headers=[("List-Unsubscribe", "<https://rhdigital-mag.fr/unsubscribe>"), ("Precedence", "bulk"),
                                   ("List-Id", "RH Digital Mag <lettre.rhdigital-mag.fr>")]))
    t = body(["Bonjour,", "", "Je suis absente du bureau jusqu'au 29 août inclus, sans accès à ma messagerie.",
              "Pour toute urgence, merci de contacter le secrétariat du cabinet au 02 35 71 18 40.", "", "Claire Vasseur – Ergonomia Santé"])
    out.append(dict(kind="auto_reply", client="outlook", from_name="Claire Vasseur", from_addr="claire.vasseur@ergonomia-sante.fr",
                    date=dt(19, 10, 2, 31), text=t, html=html_from_text(t),
                    subject="Réponse automatique : Accusé de réception – candidature SOINS EN DIALOGUE", dossier=None,
                    note="out-of-office from the applicant of B801", in_reply_to="<ack-b801-0819@anact.fr>",
                    extra_headers=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")]))
    return out


# --------------------------------------------------------------------------------------------
# build

DEADLINE = datetime(2022, 8, 23, 23, 59, 59, tzinfo=PARIS)


def expected_flags(d, first_date):
    bt = d["_bt"]
    f = set()
    if bt["anact_request_eur"] > 80000:
        f.add("plafond_depasse")
    tot = bt["total_eur"]
    if bt["cofinancing_eur"] is not None:
        if bt["cofinancing_eur"] / tot < 0.2:
            f.add("cofinancement_insuffisant")
    elif (tot - bt["anact_request_eur"]) / tot < 0.2:
        f.add("cofinancement_insuffisant")
    if d["end"][0] >= 2024:
        f.add("fin_apres_echeance")
    if first_date > DEADLINE:
        f.add("hors_delai")
    if bt["by_category"]["autres"]:
        f.add("depense_non_eligible")
    return f


def build(out: Path, work: Path) -> dict:
    out = Path(out)
    work = Path(work)
    (out / "mail").mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    for old in (out / "mail").glob("*.eml"):
        old.unlink()
    rnd = random.Random(8)
    ids = Ids(rnd)
    cx = Ctx(work, ids, rnd)
    have_soffice = Path(SOFFICE).exists()
    skipped = []
    specs = []
    dossier_recs = []
    G = globals()
    for d in dossiers() + dossiers2():
        d = copy.deepcopy(d)
        d["num"] = int(d["id"][1:])
        d["_bt"] = budget_truth(d["budget"])
        d["phases"] = auto_phases(d)
        d["meta"] = dict(kind=d["kind"], sector=d["sector"], client=d["client"], heading_style=d.get("heading_style", "classic"),
                         missing_first_message=[], reply=None, pdf_renders=[])
        d["notes"] = []
        d.setdefault("flags", [])
        d.setdefault("optional_flags", [])
        if d.get("needs_soffice") and not have_soffice:
            skipped.append(d["id"])
            continue
        ms = G[d["layout"]](d, cx)
        for m in ms:
            m["_group"] = d["id"]
        specs += ms
        dossier_recs.append(d)
    for m in l_nonsub(cx):
        m["_group"] = None
        specs.append(m)
    # chronological order
    specs.sort(key=lambda m: m["date"].astimezone(UTC))
    first_of_group = {}
    messages = []
    for n, m in enumerate(specs, 1):
        g = m["_group"]
        for key in ("in_reply_to", "references"):
            if m.get(key) and ("@m1" in m[key] or "@n1" in m[key]):
                m[key] = m[key].replace("@m1", first_of_group[g]).replace("@n1", first_of_group[g])
        mid, msg = build_mail(m, ids)
        m["message_id"] = mid
        if g not in first_of_group:
            first_of_group[g] = mid
        fn = f"mail/{n:04d}.eml"
        (out / fn).write_bytes(msg.as_bytes(policy=policy.default.clone(max_line_length=998)))
        m["file"] = fn
        entry = dict(message_id=mid, file=fn, classification=m["kind"], dossier_id=m.get("dossier"))
        if m.get("accept"):
            entry["accept"] = m["accept"]
        if m.get("note"):
            entry["note"] = m["note"]
        messages.append(entry)
    # the question of B805's applicant belongs to no dossier
    for m in specs:
        if m["kind"] == "correspondence":
            m["_group"] = None
    T = []
    for d in dossier_recs:
        ms = [m for m in specs if m.get("dossier") == d["id"]]
        subs = [m for m in ms if m["kind"] == "submission"]
        first = subs[0]
        present = set(d["desc_keys"]) | budget_keys(d["budget"])
        if d["partners"]:
            present.add("partenaires.liste")
            if d.get("contributions", True):
                present.add("partenaires.contributions")
        missing = [k for k in KEYS if k not in present]
        exp = expected_flags(d, first["date"])
        assert exp == set(d["flags"]), (d["id"], exp, d["flags"])
        T.append(dict(
            id=d["id"], messages=[m["message_id"] for m in ms], applicant_email=d["email"], applicant_name=d["person"],
            organisation=d["org"], project_title=d["title"], acronym=d["acronym"],
            status="complete" if not missing else "incomplete", missing=missing, present=[k for k in KEYS if k in present],
            budget=d["_bt"], partners=[p["name"] for p in d["partners"]], flags=sorted(d["flags"]),
            optional_flags=sorted(d["optional_flags"]),
            received_at=first["date"].astimezone(PARIS).isoformat(), project_end=last_day(d["end"]), notes=d["notes"],
            meta={**d["meta"], "attachments": [a[0] for m in ms for a in m["attachments"]],
                  "n_messages": len(ms)}))
    T.sort(key=lambda t: t["id"])
    truth = dict(
        schema=1, call="fabrique-cto-2022", set="blind-8 « a random Tuesday in the mailbox »",
        generator="written independently of the project (generate.py, seed 8)",
        deadline="2022-08-23T23:59:59+02:00", cap_eur=80000, project_end_limit="2023-12-30",
        pdf_renderers={"libreoffice": "soffice --headless --convert-to pdf (version of the host)", "reportlab": "reportlab"},
        conventions=[
            "budget figures are the ones the applicant's latest readable budget states; null = not stated anywhere readable",
            "hors_delai: first submission message Date after 2022-08-23 23:59:59 Europe/Paris",
            "fin_apres_echeance: stated project end month in 2024 (a bare 'décembre 2023' is not flagged)",
            "optional_flags are neither rewarded nor penalised; 'accept' lists the classifications accepted for a message",
            "budget.cofinancements is present only when a co-financing source other than Anact is stated with its amount",
            "cofinancement_insuffisant: co-financing / total below 20 %, or (total - Anact request) / total below 20 % when no co-financing is stated (an Anact request equal to the total is 0 % co-financing)",
            "in-kind contributions (valorisation) stated as a resource count as co-financing and their cost lines count in the total",
            "budgets given HT and TTC: figures are the HT ones (the cap is net of tax)",
            "depense_non_eligible: a spending line outside personnel / travel-logistics / services (e.g. equipment purchase) -> by_category.autres",
            "partners: organisations named as partners other than the applicant, as written; a co-signer of the mail who states a contribution is a partner",
        ],
        skipped=skipped, dossiers=T, messages=messages)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: generate.py OUT [WORK]", file=sys.stderr)
        sys.exit(2)
    o = Path(sys.argv[1])
    w = Path(sys.argv[2]) if len(sys.argv) > 2 else o.parent / (o.name + "-work")
    t = build(o, w)
    print(f"{len(t['dossiers'])} dossiers, {len(t['messages'])} messages, skipped={t['skipped']} -> {o}")
