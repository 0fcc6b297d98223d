"""The ~40 held-out proposals: who writes, in which format, what they leave out."""
from __future__ import annotations

from datetime import datetime

from .builder import PARIS, PARTNER_SETS, Budget, Spec, budget_a, budget_long, build

P = PARTNER_SETS


def _cerfa_budget(valorisation: bool) -> Budget:
    e = [("Rémunération des personnels", 21000.0, "personnel", "64"),
         ("Charges sociales", 8400.0, "personnel", "64"),
         ("Déplacements, missions", 2600.0, "deplacements_logistique", "61"),
         ("Locations de salles", 1200.0, "deplacements_logistique", "61"),
         ("Honoraires (intervenant extérieur)", 6000.0, "prestations", "62"),
         ("Publicité, publications", 1800.0, "prestations", "62")]
    r = [("Anact (Fabrique CTO)", 29000.0, "anact", "74"), ("Région Occitanie", 6000.0, "cofinancement", "74"),
         ("Département de l'Hérault", 6000.0, "cofinancement", "74")]
    if valorisation:
        e.append(("Personnel bénévole", 5000.0, "personnel", "86"))
        r.append(("Bénévolat", 5000.0, "cofinancement", "87"))
    return Budget(e, r)


def _specs() -> list[Spec]:
    late = datetime(2022, 8, 25, 9, 30, tzinfo=PARIS)
    s = []
    add = s.append
    # --- DOCX made in Word: bold Normal headings, typed numbering, cover, TOC, header/footer
    add(Spec("H01", "Laboratoire LISST (Université Toulouse Jean Jaurès)", "Les algorithmes de planification en débat",
             "docx_word", pick=0, numbering="I.", cover=True, toc=True, budget=budget_a(), budget_style="doc_table",
             money_style="fr2", partners=P[0], partner_style="table3", phasage="gantt"))
    add(Spec("H02", "Cabinet Travail & Changement", "ALGO-DIALOGUE : outiller les CSE face aux logiciels RH",
             "docx_word", pick=1, numbering="A)", cover=True, toc=True,
             states={"description.perennisation": "absent"}, budget=budget_a(anact_share=0.75), budget_style="xlsx2",
             partners=P[1], partner_style="bullets", phasage="prose"))
    add(Spec("H03", "Association Travail et Territoires", "Numérique et aide à domicile : parlons-en",
             "docx_word", pick=2, numbering="1.1", toc=True, states={"description.cibles": "template"},
             budget=_cerfa_budget(False), budget_style="xlsx_cerfa", partners=P[1], partner_style="prose",
             phasage="list"))
    add(Spec("H04", "SCOP Ergonomia", "Co-concevoir les outils de traçabilité en agroalimentaire", "docx_word", pick=3,
             numbering="1.", states={"description.pilotage": "nonconcerne"},
             budget=budget_a(scale=1.2), budget_style="doc_subtotals", money_style="ttc", partners=P[2],
             partner_style="table3", phasage="table"))
    add(Spec("H05", "Union régionale CFDT Occitanie", "Former les élus au dialogue sur l'IA", "docx_underline",
             pick=4, budget=budget_a(extra_cofin=[("Subvention Région Occitanie (en cours)", 0.5),
                                                ("Fonds propres", 0.5)]), budget_style="doc_table",
             partners=P[3], partner_style="bullets", phasage="gantt"))
    add(Spec("H06", "CCI Hérault", "Dialogue social et outils numériques dans les TPE", "docx_styled", pick=5,
             combined=("description.methodologie", "description.phasage"), budget=budget_a(), budget_style="xlsx2",
             partners=P[4], partner_style="acronyms", phasage="table"))
    add(Spec("H07", "Fédération des centres sociaux du Gard", "Les plateformes au guichet", "docx_form", pick=0,
             budget=budget_a(), budget_style="doc_table", money_style="dot", partners=P[0], partner_style="table3"))
    add(Spec("H08", "Institut Travail et Numérique", "Observatoire participatif des outils", "docx_form", pick=2,
             states={"description.objectifs": "template", "description.resultats": "template"},
             budget=budget_a(), budget_style="xlsx2", partners=P[2], partner_style="bullets"))
    add(Spec("H09", "Mutualité Française Bretagne", "Télégestion en EHPAD", "docx_form", pick=4,
             states={"description.perennisation": "nonconcerne"}, budget=budget_a(anact_share=0.9),
             budget_style="doc_table", partners=P[1], partner_style="nocontrib"))
    add(Spec("H10", "Cabinet Sextant Conseil", "Robotisation et dialogue social en logistique", "docx_styled", pick=6,
             numbering="1.", toc=True, cover=True, budget=budget_a(scale=2.6, anact_share=0.8),
             budget_style="doc_table", partners=P[3], partner_style="table3", phasage="table", end_year=2024))
    add(Spec("H11", "Agence Numérique Solidaire", "Café-débats numériques", "docx_word", pick=5, numbering="",
             budget=budget_a(autres=True), budget_style="doc_table", partners=P[4], partner_style="acronyms",
             phasage="prose", date=late))
    add(Spec("H12", "GIP Formation Occitanie", "Former au dialogue technologique", "docx_word", pick=6,
             numbering="A)", states={"description.contexte": "absent", "description.problematique": "absent"},
             budget=budget_a(no_deplacements=True), budget_style="doc_table", partners=P[2], partner_style="prose"))
    # --- PDF exported from Word / LibreOffice / Google Docs
    add(Spec("H13", "Laboratoire CRTD (Cnam)", "Prototyper le dialogue sur les IA génératives", "pdf_word", pick=0,
             numbering="1.", cover=True, budget=budget_a(), budget_style="doc_table", partners=P[0],
             partner_style="table3", phasage="table"))
    add(Spec("H14", "Cabinet Apriori", "Dialoguer sur les outils de télétravail", "pdf_gdocs", pick=1,
             budget=budget_a(anact_share=0.72), budget_style="pdf_unruled", partners=P[1], partner_style="bullets",
             phasage="prose"))
    add(Spec("H15", "Association Réseau Dialogue", "Territoires du dialogue numérique", "pdf_numbered", pick=2,
             numbering="1.", states={"description.phasage": "absent"}, budget=budget_a(), budget_style="doc_table",
             partners=P[2], partner_style="table3"))
    add(Spec("H16", "SAS Workwise", "Co-concevoir les logiciels d'ordonnancement", "pdf_twocol", pick=3,
             budget=budget_a(), budget_style="pdf_landscape", partners=P[3], partner_style="bullets", phasage="list"))
    add(Spec("H17", "Université de Bordeaux – laboratoire", "Santé au travail et outils connectés", "pdf_libre",
             pick=4, numbering="I.", budget=budget_a(scale=1.5), budget_style="doc_table", money_style="fr2",
             partners=P[0], partner_style="prose", phasage="gantt", cover=True))
    add(Spec("H18", "Cabinet Horizons RH", "Dialogue sur les chatbots RH", "pdf_word", pick=5, toc=True,
             states={"description.resultats": "absent"}, budget=budget_a(), budget_style="xlsx2",
             partners=P[4], partner_style="acronyms"))
    add(Spec("H19", "Coopérative Oxalis", "Le numérique au service des coopératives", "pdf_gdocs", pick=6,
             states={"description.objectifs": "template"}, budget=budget_a(anact_share=1.0), budget_style="doc_table",
             partners=P[1], partner_style="table3"))
    add(Spec("H20", "Association Trajectoires", "Accompagner les travailleurs des plateformes", "pdf_numbered",
             pick=1, numbering="A)", budget=None, budget_style="none", partners=P[2], partner_style="bullets",
             phasage="table"))
    add(Spec("H21", "Centre d'études de l'emploi", "Grille d'analyse des outils numériques", "pdf_word", pick=2,
             numbering="I.", budget=budget_a(scale=1.3), budget_style="doc_subtotals", money_style="eur",
             partners=P[3], partner_style="nocontrib", phasage="prose"))
    add(Spec("H22", "Cabinet Ithaque", "Débattre des outils de traçabilité", "pdf_libre", pick=3,
             combined=("description.resultats", "description.perennisation"), budget=budget_a(),
             budget_style="xlsx2", partners=P[0], partner_style="table3", phasage="list", end_year=2024))
    # --- Mail bodies
    add(Spec("H23", "Cabinet Aleph", "Les managers face aux outils", "html_outlook", pick=0, budget=budget_a(),
             budget_style="html_table", partners=P[0], partner_style="table3", phasage="table"))
    add(Spec("H24", "Association Numérique en commun", "Communs numériques et travail", "html_outlook", pick=3,
             states={"description.cibles": "absent"}, budget=budget_a(), budget_style="html_table",
             partners=P[2], partner_style="bullets", phasage="prose"))
    add(Spec("H25", "Collectif Travail Vivant", "Dialogue sur les caisses automatiques", "text_gmail", pick=1,
             budget=budget_a(), budget_style="body_bullets", money_style="k", partners=P[1],
             partner_style="bullets", phasage="list"))
    add(Spec("H26", "Cabinet Prisme", "Dialogue sur les outils de géolocalisation", "text_gmail", pick=2,
             budget=budget_a(anact_share=0.7), budget_style="body_bullets", money_style="eur", partners=P[3],
             partner_style="prose", phasage="prose"))
    add(Spec("H27", "Syndicat CGT des services", "Algorithmes et livreurs", "text_gmail", pick=4,
             states={"description.pilotage": "absent", "description.perennisation": "absent"},
             budget=budget_a(), budget_style="body_bullets", money_style="k", partners=P[4],
             partner_style="acronyms", phasage="list"))
    add(Spec("H28", "Marc Dubois Conseil", "Outils de planning en restauration", "text_plain", pick=0,
             budget=budget_a(), budget_style="xlsx2", partners=P[0], partner_style="bullets", phasage="table"))
    # --- iPhone mail + attachments, budget in body
    add(Spec("H29", "Atelier Coopératif du Travail", "Les outils de messagerie dans les PME", "docx_styled",
             pick=2, budget=budget_a(), budget_style="body_bullets", money_style="k", partners=P[2],
             partner_style="table3", phasage="gantt"))
    add(Spec("H30", "Laboratoire PACTE", "Télétravail et dialogue social", "pdf_word", pick=4,
             budget=_cerfa_budget(True), budget_style="xlsx_cerfa", partners=P[0], partner_style="bullets",
             phasage="table"))
    # --- Two-message dossiers: a reply quoting our completion request
    add(Spec("H31", "Cabinet Kairos", "Plateformisation et dialogue", "docx_word", pick=1, numbering="1.",
             states={"description.perennisation": "absent"}, budget=budget_a(), budget_style="doc_table",
             partners=P[1], partner_style="table3", reply="provides", reply_client="gmail"))
    add(Spec("H32", "Association Entreprendre Ensemble", "Les outils RH dans les PME", "pdf_word", pick=2,
             states={"description.pilotage": "absent"}, budget=budget_a(), budget_style="doc_table",
             partners=P[2], partner_style="table3", reply="stalls", reply_client="gmail"))
    add(Spec("H33", "Cabinet Orée", "Dialogue sur la maintenance prédictive", "docx_styled", pick=3,
             states={"description.cibles": "absent"}, budget=budget_a(), budget_style="xlsx2", partners=P[0],
             partner_style="bullets", reply="stalls", reply_client="outlook"))
    add(Spec("H34", "Institut Européen du Dialogue", "Négocier l'IA", "pdf_gdocs", pick=5,
             states={"description.phasage": "absent"}, budget=budget_a(), budget_style="doc_table",
             partners=P[3], partner_style="table3", reply="provides", reply_client="outlook"))
    # --- more variety
    add(Spec("H35", "Ville de Villeurbanne – direction RH", "Dématérialisation des services municipaux",
             "docx_word", pick=3, numbering="I.", cover=True, toc=True, budget=budget_a(extra_cofin=[
                 ("Mécénat Fondation Orange", 0.4), ("Autofinancement", 0.6)]), budget_style="doc_table",
             money_style="ttc", partners=P[2], partner_style="table3", phasage="table"))
    add(Spec("H36", "Université Paris-Saclay – laboratoire", "Capteurs et conditions de travail", "pdf_twocol",
             pick=6, budget=budget_a(scale=3.0, anact_share=0.75), budget_style="xlsx2", partners=P[1],
             partner_style="table3", phasage="gantt"))
    add(Spec("H37", "Cabinet Parcours", "Le dialogue sur les logiciels de paie", "docx_underline", pick=1,
             states={"description.methodologie": "template", "description.phasage": "template"},
             budget=budget_a(), budget_style="doc_subtotals", money_style="fr2", partners=P[4],
             partner_style="acronyms"))
    add(Spec("H38", "Association Pôle Travail", "Espaces de discussion et outils collaboratifs", "html_outlook",
             pick=5, budget=None, budget_style="none", partners=P[0], partner_style="nocontrib", phasage="table"))
    add(Spec("H39", "Cabinet Vecteurs", "Outils numériques dans le BTP", "docx_word", pick=4, numbering="1.1",
             toc=True, cover=True, states={"description.problematique": "nonconcerne"},
             budget=budget_a(), budget_style="pdf_landscape", partners=P[3], partner_style="prose", phasage="list"))
    add(Spec("H40", "Association Sens du Travail", "Dialogue et logiciels de soins", "pdf_numbered", pick=0,
             numbering="1.", budget=budget_a(), budget_style="xlsx2", partners=[], partner_style="none",
             phasage="gantt"))
    # --- second batch (written after the first fixes, to check they generalise)
    add(Spec("H41", "Université de Lille – laboratoire STL", "Dialoguer sur les IA dans les centres d'appels",
             "pdf_word", pick=2, numbering="1.", cover=True, budget=budget_long(), budget_style="doc_table",
             partners=P[2], partner_style="table3", phasage="table"))
    add(Spec("H42", "Cabinet Fil Rouge", "Le dialogue social à l'heure du cloud", "pdf_libre", pick=5,
             budget=budget_long("Demande Fabrique CTO"), budget_style="doc_subtotals", money_style="fr2",
             partners=P[0], partner_style="bullets", phasage="prose"))
    add(Spec("H43", "Association Travail Plus", "Outils de badgeuse et dialogue", "docx_word", pick=3,
             numbering="1.", budget=None, budget_style="none", partners=P[1], partner_style="table3",
             reply="budget_xlsx", reply_budget=budget_a(anact_share=0.75), phasage="table"))
    add(Spec("H44", "Cabinet Ergo Sud", "Numérique et BTP : parlons travail", "html_outlook", pick=6,
             budget=budget_a(anact_label="Aide Anact sollicitée"), budget_style="html_table", money_style="ttc",
             partners=P[3], partner_style="prose", phasage="prose"))
    add(Spec("H45", "Fédération Syntec Conseil Régionale", "Conseil et IA", "docx_styled", pick=4,
             states={"description.resultats": "template"}, budget=budget_long(), budget_style="xlsx2",
             partners=P[4], partner_style="table3", phasage="list"))
    add(Spec("H46", "Observatoire du travail numérique", "Capteurs en entrepôt", "text_gmail", pick=5,
             budget=budget_a(anact_label="Financement sollicité auprès de l'Anact"), budget_style="body_bullets",
             money_style="eur", partners=P[2], partner_style="nocontrib", phasage="table"))
    return s


def build_cases():
    return [build(spec) for spec in _specs()]
