"""Build the fifth blind set: 20 dossiers (29 mails) answering the 2022 Fabrique CTO call, as mails
(.eml) and truth.json, into a directory: format breadth (ODT, Word 97, RTF + CSV, a scan, slides, two
columns, a table over a page break, XLSX formulas, a zip, an attached .eml, an encrypted PDF, Apple
Pages, HTML, a LibreOffice PDF) and dossiers over time (split, completed, corrected, resent, late).

    python -m tests.extract.blind5.generate OUT_DIR [--work DIR]

Written without reading the readers (see README.md). Without LibreOffice the dossiers whose
documents need it are left out and listed in `skipped`."""
from __future__ import annotations

import argparse
import calendar
import copy
import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from datetime import datetime, timedelta, timezone
from email import encoders, policy
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, parsedate_to_datetime
from pathlib import Path

import docx
import openpyxl
from docx.shared import Pt
from openpyxl.styles import Alignment, Font
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib import colors, pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)

from tests.extract.blind2.base import freeze_zip
from tests.extract.blind2.office import convert_batch, soffice

# The conventions this set's truth follows (the shared corpus's, as this set's author read them, and
# the one it adds for formula cells).
CONVENTIONS = [
    "budget figures are the ones the applicant's latest readable budget states; null = not stated anywhere readable",
    "hors_delai: first submission message Date after 2022-08-23 23:59:59 Europe/Paris",
    "fin_apres_echeance: stated project end month in 2024",
    "requirements held only in an unreadable attachment (encrypted PDF, Apple Pages) count as missing",
    "budget.cofinancements is present only when a co-financing source other than Anact is stated with its amount",
    "XLSX formula cells carry no cached value: figures are the formulas' values",
]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONTB = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
pdfmetrics.registerFont(TTFont("DV", FONT))
pdfmetrics.registerFont(TTFont("DVB", FONTB))
SEED = 5
rnd = random.Random(SEED)  # reseeded by each build: the Date headers' seconds (hence the Message-IDs)
FIXED_DATE = datetime(2022, 8, 1, 9, 0, 0)  # the documents' creation date (freeze_zip writes it too)
ZIP_TIME = (2022, 8, 16, 13, 30, 0)  # the members' timestamps in B09's archive and B12's .pages
LO_DOSSIERS = {"B01": "odt", "B02": "doc", "B03": "rtf", "B20": "pdf"}  # what LibreOffice makes for each
TZ = timezone(timedelta(hours=2))
KEYS = ["description.contexte", "description.objectifs", "description.problematique",
        "description.cibles", "description.methodologie", "description.phasage",
        "description.pilotage", "description.resultats", "description.perennisation",
        "budget.personnel", "budget.deplacements_logistique", "budget.prestations",
        "budget.cofinancements", "partenaires.liste", "partenaires.contributions"]
DESC = KEYS[:9]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]


def eur(x):
    s = f"{x:,.0f}".replace(",", "\u202f")
    return s + " €"


def eur2(x):
    return f"{x:,.0f}".replace(",", " ") + " €"

# ---------------------------------------------------------------------------
# dossier specifications

D = []


def dossier(**kw):
    kw.setdefault("missing", [])
    kw.setdefault("flags", [])
    kw.setdefault("optional_flags", [])
    kw.setdefault("notes", [])
    D.append(kw)
    return kw


def bud(pers, dep, prest, cofin):
    """pers/dep/prest: list of (label, amount). cofin: list of (source, amount)."""
    p = sum(a for _, a in pers); d = sum(a for _, a in dep); s = sum(a for _, a in prest)
    tot = p + d + s
    c = sum(a for _, a in cofin)
    return dict(pers=pers, dep=dep, prest=prest, cofin=cofin, P=p, Dp=d, S=s, total=tot, cof=c, anact=tot - c)


dossier(id="B01", fmt="odt", org="Coopérative Horizons Travail", dom="horizons-travail.coop", who=("Mathilde", "Rouget"),
        title="Entrepôts connectés : construire le dialogue autour des terminaux vocaux", acro="VOXLOG",
        sector="entrepôts logistiques", tech="terminaux de préparation à commande vocale", terr="Hauts-de-France", n=6,
        end=(2023, 11), start=(2022, 10),
        partners=[("Aract Hauts-de-France", "co-animation des ateliers et apport méthodologique sur les conditions de travail"),
                  ("Union des entreprises de transport et logistique (TLF Nord)", "mobilisation des entrepôts adhérents et relais des résultats"),
                  ("Université de Lille – laboratoire CLERSÉ", "observation ergonomique et évaluation de l'expérimentation")],
        b=bud([("Chargée de projet (45 jours x 520 €)", 23400), ("Ergonome consultant senior (20 jours x 650 €)", 13000)],
              [("Déplacements vers les 6 entrepôts", 3200), ("Location de salles et repas des ateliers", 1800)],
              [("Réalisation vidéo des retours d'expérience", 6500), ("Traduction du guide en FALC", 2100)],
              [("Région Hauts-de-France (dispositif Innovation sociale)", 10000), ("Autofinancement Horizons Travail", 4000)]))
dossier(id="B02", fmt="doc", org="Institut Ergonomia", dom="ergonomia-institut.fr", who=("Laurent", "Besnard"),
        title="Les agents conversationnels dans les centres d'appels : une grille de dialogue partagée", acro="CHATDIAL",
        sector="centres de relation client", tech="agents conversationnels (chatbots) d'assistance aux téléconseillers", terr="Bretagne", n=5,
        end=(2023, 10), start=(2022, 10), missing=["description.pilotage"],
        partners=[("CFDT Services Bretagne", "participation des représentants du personnel aux groupes de travail"),
                  ("Association Relation Client Ouest", "recrutement des centres d'appels volontaires")],
        b=bud([("Consultants Ergonomia (60 jours x 600 €)", 36000)],
              [("Frais de mission Rennes / Brest / Lorient", 2600)],
              [("Développement d'un prototype de grille en ligne", 9500)],
              [("Fonds propres de l'Institut Ergonomia", 12000)]))
dossier(id="B03", fmt="rtf+csv", org="Cabinet Tessiture Conseil", dom="tessiture-conseil.fr", who=("Hélène", "Marchetti"),
        title="Tablettes de maintenance dans l'industrie agroalimentaire : co-concevoir les usages", acro="MAINTAB",
        sector="usines agroalimentaires", tech="tablettes de maintenance connectées (GMAO mobile)", terr="Pays de la Loire", n=4,
        end=(2023, 9), start=(2022, 10),
        partners=[("Aract Pays de la Loire", "appui méthodologique et participation au comité de suivi"),
                  ("Association régionale des industries alimentaires (ARIA)", "identification des entreprises et diffusion")],
        b=bud([("Consultante principale : 38 jours à 700 €", 26600), ("Assistante de projet : 10 jours à 350 €", 3500)],
              [("Déplacements en région", 2400), ("Logistique des séminaires", 1100)],
              [("Conception graphique des livrables", 3400)],
              [("ARIA Pays de la Loire (mise à disposition et contribution financière)", 5000), ("Autofinancement", 4500)]))
dossier(id="B04", fmt="scan", org="Atelier Coopératif Tempo", dom="atelier-tempo.org", who=("Bruno", "Lefeuvre"),
        title="Logiciels de planification des aides à domicile : mettre les horaires en débat", acro="PLANIDOM",
        sector="services d'aide à domicile", tech="logiciels de planification automatique des tournées", terr="Nouvelle-Aquitaine", n=5,
        end=(2023, 12), start=(2022, 11), optional_flags=["document_illisible"],
        notes=["description only in an image-only PDF scan (OCR-legible); corpus precedent H002/H065 flags image-only scans document_illisible, so optional"],
        partners=[("Fédération ADMR de la Gironde", "accès aux associations et participation des responsables de secteur"),
                  ("Aract Nouvelle-Aquitaine", "expertise sur l'organisation du travail et co-animation")],
        b=bud([("Animateur Tempo (30 jours x 480 €)", 14400), ("Chercheuse associée (12 jours x 550 €)", 6600)],
              [("Déplacements dans les associations", 2800)],
              [("Facilitation graphique", 2200)],
              [("Conseil départemental de la Gironde", 6500)]))
dossier(id="B05", fmt="slides", org="Numérique & Travail SAS", dom="numetravail.fr", who=("Sofiane", "Khelifi"),
        title="Exosquelettes dans le BTP : un protocole de dialogue avant l'achat", acro="EXODIAL",
        sector="entreprises du bâtiment", tech="exosquelettes d'assistance au port de charges", terr="Auvergne-Rhône-Alpes", n=6,
        end=(2023, 12), start=(2022, 10), missing=["description.perennisation"],
        partners=[("OPPBTP Auvergne-Rhône-Alpes", "expertise prévention et accès aux chantiers"),
                  ("FFB Rhône", "mobilisation des entreprises adhérentes"),
                  ("CAPEB Isère", "relais auprès des artisans et TPE")],
        b=bud([("Chef de projet (40 jours x 600 €)", 24000), ("Ergonome (25 jours x 560 €)", 14000)],
              [("Déplacements sur chantiers", 4300), ("Location de matériel de démonstration", 2500)],
              [("Tests en laboratoire de biomécanique", 8000)],
              [("OPPBTP (contribution en nature valorisée)", 7000), ("Fonds propres Numérique & Travail", 9000)]))
dossier(id="B06", fmt="twocol", org="Laboratoire LIRTS – Université de Bourgogne", dom="u-bourgogne.fr", who=("Claire", "Dumontet"),
        title="Robots collaboratifs dans la plasturgie : comités de dialogue technologique", acro="COBOTALK",
        sector="PME de la plasturgie", tech="robots collaboratifs (cobots) sur les lignes d'injection", terr="Bourgogne-Franche-Comté", n=5,
        end=(2023, 12), start=(2022, 9), flags=["plafond_depasse"],
        partners=[("Polyvia Formation", "accès aux entreprises de la plasturgie et formation des référents"),
                  ("Aract Bourgogne-Franche-Comté", "co-construction des comités et évaluation")],
        b=bud([("Post-doctorant (12 mois)", 52000), ("Enseignants-chercheurs (temps valorisé)", 18000)],
              [("Missions dans les entreprises", 6000), ("Organisation du colloque de restitution", 5000)],
              [("Prestation de captation et montage vidéo", 9000), ("Édition du cahier de recommandations", 30000)],
              [("Université de Bourgogne (temps des enseignants-chercheurs)", 18000), ("Région Bourgogne-Franche-Comté", 10000)]))
dossier(id="B07", fmt="longtable", org="SCOP Ouvrage Social", dom="ouvrage-social.fr", who=("Antoine", "Carrel"),
        title="Dématérialisation des bons de livraison dans le transport routier", acro="DEMATROUTE",
        sector="PME de transport routier de marchandises", tech="applications de dématérialisation des bons de livraison sur smartphone", terr="Grand Est", n=7,
        end=(2023, 12), start=(2022, 10), flags=["cofinancement_insuffisant"],
        partners=[("AFT Grand Est", "mise en relation avec les entreprises et mise à disposition de salles"),
                  ("FO Transports Grand Est", "participation des délégués aux groupes d'échange"),
                  ("Aract Grand Est", "appui méthodologique")],
        b=bud([(f"Intervenant {i} – {j} jours" , a) for i, j, a in [
                  ("A. Carrel (chef de projet)", 20, 11000), ("M. Hoarau (consultante)", 18, 9000), ("L. Weber (consultant)", 15, 7500),
                  ("J. Kieffer (juriste)", 4, 2400), ("S. Diallo (chargée d'études)", 12, 4800), ("P. Morel (assistant)", 8, 2400)]],
              [(f"Déplacement {v}", a) for v, a in [("Strasbourg", 420), ("Metz", 380), ("Nancy", 360), ("Reims", 510), ("Mulhouse", 450),
                                                 ("Troyes", 530), ("Colmar", 390), ("Épinal", 440), ("Charleville", 560)]] +
              [("Location de salle – séminaire 1", 650), ("Location de salle – séminaire 2", 650), ("Repas des ateliers", 1260)],
              [(f"Prestation {v}", a) for v, a in [("conception graphique du guide", 2800), ("impression du guide", 1900),
                                                    ("site web de ressources", 4200), ("animation d'un webinaire", 1500),
                                                    ("traduction en allemand", 1300), ("podcast (4 épisodes)", 3600),
                                                    ("questionnaire en ligne", 900), ("analyse statistique", 2100),
                                                    ("vidéo de synthèse", 3900), ("relecture juridique", 1200)]],
              [("Autofinancement SCOP Ouvrage Social", 6000)]))
dossier(id="B08", fmt="docx+xlsx", org="Cabinet Alto Prévention", dom="alto-prevention.fr", who=("Nadia", "Boukhari"),
        title="Intelligence artificielle de tri des candidatures : dialoguer avec les recruteurs", acro="IARECRUT",
        sector="agences d'emploi et services RH de PME", tech="outils d'intelligence artificielle de présélection des candidatures", terr="Île-de-France", n=6,
        end=(2023, 11), start=(2022, 10),
        partners=[("Prism'emploi", "accès aux agences d'emploi et diffusion des enseignements"),
                  ("CFE-CGC Île-de-France", "formation et participation des élus aux ateliers"),
                  ("Laboratoire DICEN (Cnam)", "analyse des algorithmes et co-écriture de la charte")],
        xl=dict(pers=[("Consultante senior", 35, 750), ("Consultant junior", 40, 450)],
                dep=[("Déplacements franciliens", 1, 1500), ("Location de salles", 4, 450)],
                prest=[("Audit technique d'algorithmes", 1, 12000), ("Conception de la charte illustrée", 1, 3500)],
                cofin=[("Prism'emploi (contribution financière)", 8000), ("Autofinancement Alto Prévention", 7000)]))
dossier(id="B09", fmt="zip", org="Agence Travail Demain", dom="travaildemain.eu", who=("Olivier", "Sanchez"),
        title="Caisses automatiques et polyvalence dans la grande distribution de proximité", acro="CAISSAUTO",
        sector="supérettes et magasins de proximité", tech="caisses automatiques et applications de gestion des rayons", terr="Occitanie", n=8,
        end=(2024, 3), start=(2022, 11), flags=["fin_apres_echeance"], notes=["project ends mars 2024"],
        partners=[("Aract Occitanie", "expertise conditions de travail et participation aux comités"),
                  ("Fédération du commerce coopératif de proximité", "mobilisation des magasins"),
                  ("CGT Commerce Toulouse", "représentation des salariés dans les ateliers")],
        b=bud([("Directeur de projet (30 jours x 620 €)", 18600), ("Chargée d'études (45 jours x 400 €)", 18000)],
              [("Déplacements dans les 8 magasins", 3900)],
              [("Enquête par questionnaire (institut de sondage)", 7500), ("Conception d'un jeu sérieux", 6000)],
              [("Fonds européen FSE+ (volet innovation sociale)", 9000), ("Autofinancement", 5000)]))
dossier(id="B10", fmt="fwd_eml", org="Association Lien & Ouvrage", dom="lien-ouvrage.asso.fr", who=("Véronique", "Pasquier"),
        title="Dossier patient informatisé en EHPAD : temps de transmission et dialogue d'équipe", acro="TRANSMIS",
        sector="EHPAD associatifs", tech="dossier de soins informatisé sur tablettes", terr="Centre-Val de Loire", n=4,
        end=(2023, 10), start=(2022, 10), missing=["description.cibles"],
        partners=[("URIOPSS Centre", "mobilisation des établissements et diffusion régionale"),
                  ("Aract Centre-Val de Loire", "co-animation des groupes de dialogue")],
        b=bud([("Coordinatrice (35 jours x 420 €)", 14700), ("Infirmière référente détachée (15 jours x 300 €)", 4500)],
              [("Déplacements entre établissements", 1900)],
              [("Formation des cadres de santé", 4800)],
              [("ARS Centre-Val de Loire", 7000)]))
dossier(id="B11", fmt="encrypted", org="Cabinet Sillage RH", dom="sillage-rh.fr", who=("Thomas", "Guérin"),
        title="Badgeuses biométriques et gestion du temps dans l'hôtellerie", acro="BADGEO",
        sector="hôtels indépendants", tech="badgeuses biométriques et logiciels de gestion des temps", terr="Provence-Alpes-Côte d'Azur", n=5,
        end=(2023, 10), start=(2022, 10), flags=["piece_jointe_protegee"], optional_flags=["document_illisible"],
        missing=["budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements"],
        nobudget=True, notes=["budget only in a password-protected PDF"],
        partners=[("UMIH Alpes-Maritimes", "mobilisation des hôteliers"),
                  ("Aract PACA", "expertise sur le temps de travail")],
        b=bud([("Consultant (40 jours x 600 €)", 24000)], [("Déplacements", 2000)], [("Juriste en droit social", 4000)],
              [("Autofinancement", 8000)]))
dossier(id="B12", fmt="pages", org="Studio Ergolab", dom="ergolab-studio.fr", who=("Julie", "Ferrand"),
        title="Plateformes de livraison de repas : parole des coursiers et des restaurateurs", acro="COURSIERS",
        sector="restaurants et coursiers indépendants", tech="plateformes numériques de livraison de repas", terr="Métropole de Lyon", n=0,
        end=(2023, 12), start=(2022, 10), flags=["piece_jointe_non_supportee"], optional_flags=["document_illisible"],
        missing=DESC[:], notes=["description only in an Apple Pages file"],
        partners=[("Maison des livreurs de Lyon", "recrutement des coursiers et animation des rencontres"),
                  ("UMIH Rhône", "mobilisation des restaurateurs")],
        xl=None,
        b=bud([("Designer de services (30 jours x 500 €)", 15000), ("Sociologue (20 jours x 550 €)", 11000)],
              [("Frais de déplacement et repas des rencontres", 2500)],
              [("Application de recueil de témoignages", 5500)],
              [("Métropole de Lyon (appel Lyon Innovation sociale)", 9000)]))
dossier(id="B13", fmt="split3", org="Groupement Sens & Métiers", dom="sens-metiers.fr", who=("Rémi", "Vautrin"),
        title="Télétravail et outils collaboratifs dans les cabinets d'expertise comptable", acro="CABCOLLAB",
        sector="cabinets d'expertise comptable", tech="suites d'outils collaboratifs et télétravail hybride", terr="Normandie", n=6,
        end=(2023, 11), start=(2022, 10),
        partners=[("Ordre des experts-comptables de Normandie", "mobilisation des cabinets et diffusion des résultats"),
                  ("Aract Normandie", "appui méthodologique et participation au comité de pilotage"),
                  ("Université de Caen – laboratoire LASAR", "évaluation de l'expérimentation")],
        b=bud([("Consultant pilote (34 jours x 640 €)", 21760), ("Consultante associée (20 jours x 580 €)", 11600)],
              [("Déplacements Normandie", 2200), ("Logistique des ateliers inter-cabinets", 1400)],
              [("Plateforme d'échanges en ligne", 4600)],
              [("Ordre des experts-comptables de Normandie", 6000), ("Fonds propres du groupement", 5560)]))
dossier(id="B14", fmt="colleague", org="Fondation Innovaction", dom="innovaction.org", who=("Pascale", "Lemaire"),
        colleague=("Karim", "Aït-Ali", "responsable administratif et financier"),
        title="Capteurs connectés dans les serres maraîchères : dialogue entre exploitants et saisonniers", acro="SERRECO",
        sector="exploitations maraîchères sous serre", tech="capteurs connectés et pilotage automatisé des serres", terr="Provence", n=5,
        end=(2023, 10), start=(2022, 10),
        partners=[("MSA Provence-Azur", "prévention des risques professionnels et accès aux exploitations"),
                  ("Chambre d'agriculture des Bouches-du-Rhône", "mobilisation des exploitants"),
                  ("FGA-CFDT", "participation des saisonniers")],
        b=bud([("Cheffe de projet (40 jours x 500 €)", 20000), ("Agronome (10 jours x 600 €)", 6000)],
              [("Déplacements dans les exploitations", 3100), ("Interprétariat lors des ateliers", 1500)],
              [("Réalisation de supports multilingues", 4200)],
              [("Fondation Innovaction (fonds propres)", 6800), ("MSA Provence-Azur", 3000)]))
dossier(id="B15", fmt="reply", org="Cabinet Aubier Conseil", dom="aubier-conseil.fr", who=("Damien", "Leclercq"),
        title="Gestion électronique des documents dans les mairies rurales", acro="GEDRURAL",
        sector="mairies et communautés de communes rurales", tech="logiciels de gestion électronique des documents et parapheurs numériques", terr="Corrèze", n=6,
        end=(2023, 12), start=(2022, 10),
        partners=[("Centre de gestion de la fonction publique territoriale de la Corrèze", "mobilisation des collectivités et expertise RH"),
                  ("Association des maires ruraux de Corrèze", "relais auprès des élus")],
        b=bud([("Consultant (42 jours x 560 €)", 23520)], [("Déplacements", 2900)], [("Formation des secrétaires de mairie", 5400)],
              [("Conseil départemental de la Corrèze", 8000)]))
dossier(id="B16", fmt="corrected", org="Société Ergotech Solutions", dom="ergotech-solutions.com", who=("Marion", "Delattre"),
        title="Lunettes de réalité augmentée en maintenance aéronautique", acro="ARMAINT",
        sector="sous-traitants de la maintenance aéronautique", tech="lunettes de réalité augmentée pour la maintenance", terr="Occitanie", n=4,
        end=(2023, 12), start=(2022, 10), optional_flags=["cofinancement_insuffisant"],
        notes=["first budget (XLSX v1) had 15.8 % co-financing; corrected budget v2 replaces it"],
        partners=[("Aerospace Valley", "mobilisation des sous-traitants"),
                  ("Aract Occitanie", "expertise sur les conditions de travail")],
        xl=dict(pers=[("Ingénieure facteurs humains", 40, 650), ("Technicien", 30, 400)],
                dep=[("Déplacements sur sites", 1, 3000), ("Logistique ateliers", 1, 1000)],
                prest=[("Prototype d'interface", 1, 12000), ("Captation vidéo", 1, 3000)],
                cofin=[("Autofinancement Ergotech Solutions", 9000), ("Aerospace Valley", 3600)]),
        xl_v1=dict(pers=[("Ingénieure facteurs humains", 40, 650), ("Technicien", 30, 400)],
                   dep=[("Déplacements sur sites", 1, 3000), ("Logistique ateliers", 1, 1000)],
                   prest=[("Prototype d'interface", 1, 12000), ("Captation vidéo", 1, 3000)],
                   cofin=[("Autofinancement Ergotech Solutions", 9000)]))
dossier(id="B17", fmt="dup", org="Cabinet Pluriel Travail", dom="pluriel-travail.fr", who=("Élodie", "Marchand"),
        title="Outils de gestion des stocks connectés dans les pharmacies d'officine", acro="OFFICINUM",
        sector="pharmacies d'officine", tech="automates de dispensation et logiciels de gestion des stocks", terr="Hauts-de-France", n=6,
        end=(2023, 9), start=(2022, 10),
        partners=[("URPS Pharmaciens Hauts-de-France", "mobilisation des officines"),
                  ("Aract Hauts-de-France", "expertise et évaluation")],
        b=bud([("Consultante (36 jours x 580 €)", 20880)], [("Déplacements", 1700), ("Salles de réunion", 600)],
              [("Étude de fréquentation", 4800)], [("URPS Pharmaciens", 4000), ("Autofinancement", 3000)]))
dossier(id="B18", fmt="late", org="Collectif Travail Vivant", dom="travail-vivant.fr", who=("Gaëlle", "Hamon"),
        title="Caméras piétons et sécurité des agents de contrôle dans les transports urbains", acro="CAMPIETON",
        sector="réseaux de transport urbain", tech="caméras piétons et applications de signalement", terr="Bretagne", n=3,
        end=(2023, 12), start=(2022, 11), flags=["hors_delai"], notes=["sent 24 Aug 2022 09:41 +0200"],
        partners=[("Réseau STAR Rennes", "terrain d'expérimentation et participation des agents"),
                  ("UNSA Transports", "représentation des agents")],
        b=bud([("Chercheur (30 jours x 520 €)", 15600), ("Consultante (20 jours x 600 €)", 12000)],
              [("Déplacements", 1800)], [("Transcription des entretiens", 2600)], [("Autofinancement", 8000)]))
dossier(id="B19", fmt="html", org="Association Réseau Tiers-Lieux Actifs", dom="tierslieux-actifs.org", who=("Yannick", "Morvan"),
        title="Gestion numérique des espaces partagés dans les tiers-lieux d'activité", acro="TIERSNUM",
        sector="tiers-lieux et ateliers partagés", tech="logiciels de réservation et de contrôle d'accès", terr="Bourgogne", n=7,
        end=(2023, 12), start=(2022, 10), missing=["partenaires.contributions", "budget.deplacements_logistique"],
        partners=[("France Tiers-Lieux", None), ("Aract Bourgogne-Franche-Comté", None), ("Coopérative Cap Entreprendre", None)],
        b=bud([("Coordinateur (50 jours x 400 €)", 20000), ("Animatrice (30 jours x 350 €)", 10500)], [],
              [("Développement d'un module de réservation partagé", 9000)], [("Région Bourgogne-Franche-Comté", 10000)]))
dossier(id="B20", fmt="lopdf", org="Agence Prisme Organisation", dom="prisme-orga.fr", who=("François", "Delmas"),
        title="Numérisation des bons de commande dans l'artisanat de bouche", acro="ARTINUM",
        sector="boulangeries et boucheries artisanales", tech="caisses enregistreuses connectées et commandes en ligne", terr="Hauts-de-Seine", n=10,
        end=(2023, 12), start=(2022, 10), missing=["description.cibles", "description.phasage"],
        partners=[("Chambre de métiers et de l'artisanat des Hauts-de-Seine", "mobilisation des artisans et mise à disposition de locaux"),
                  ("Aract Île-de-France", "appui méthodologique")],
        b=bud([("Consultant (30 jours x 600 €)", 18000)], [("Déplacements", 1200)], [("Création de fiches pratiques", 3800)],
              [("CMA 92", 3000), ("Autofinancement Prisme", 3000)]))


def xl_budget(x):
    pers = [(l, q * r) for l, q, r in x["pers"]]
    dep = [(l, q * r) for l, q, r in x["dep"]]
    prest = [(l, q * r) for l, q, r in x["prest"]]
    return bud(pers, dep, prest, x["cofin"])


for d in D:
    if d.get("xl"):
        d["b"] = xl_budget(d["xl"])
    if d.get("xl_v1"):
        d["b1"] = xl_budget(d["xl_v1"])

# ---------------------------------------------------------------------------
# text of each element

HEAD = {
    "description.contexte": ["Contexte", "Contexte du projet", "Le contexte", "Éléments de contexte"],
    "description.objectifs": ["Objectifs", "Objectifs du projet", "Ce que nous visons", "Objectifs poursuivis"],
    "description.problematique": ["Problématique", "La problématique", "Question de départ", "Problématique traitée"],
    "description.cibles": ["Cibles", "Publics cibles", "Public visé", "Bénéficiaires"],
    "description.methodologie": ["Méthodologie", "Démarche méthodologique", "Déroulé méthodologique", "Notre démarche"],
    "description.phasage": ["Phasage", "Calendrier et phasage", "Phasage détaillé", "Étapes et calendrier"],
    "description.pilotage": ["Pilotage", "Gouvernance et comitologie", "Pilotage du projet", "Comitologie"],
    "description.resultats": ["Résultats attendus", "Résultats escomptés", "Livrables et résultats", "Ce que le projet produira"],
    "description.perennisation": ["Pérennisation", "Pérennisation et essaimage", "Après le projet", "Essaimage"],
}


def mois(y, m):
    return f"{MOIS[m-1]} {y}"


def add_m(y, m, k):
    m0 = m - 1 + k
    return y + m0 // 12, m0 % 12 + 1


def phases(d):
    y, m = d["start"]; ye, me = d["end"]
    total = (ye - y) * 12 + me - m
    a = max(1, total // 4); b = max(a + 1, total // 2); c = max(b + 1, total - 3)
    p = [(f"{mois(y, m)} – {mois(*add_m(y, m, a))}", "Diagnostic partagé et recrutement des structures volontaires"),
         (f"{mois(*add_m(y, m, a+1))} – {mois(*add_m(y, m, b))}", "Ateliers de co-conception et rédaction du protocole"),
         (f"{mois(*add_m(y, m, b+1))} – {mois(*add_m(y, m, c))}", "Expérimentation dans les structures"),
         (f"{mois(*add_m(y, m, c+1))} – {mois(ye, me)}", "Évaluation, capitalisation et restitution finale")]
    return p


def texts(d):
    s, t, terr, n = d["sector"], d["tech"], d["terr"], d["n"]
    ph = phases(d)
    T = {}
    T["description.contexte"] = [
        f"Dans les {s} de {terr}, le déploiement des {t} s'est accéléré depuis 2020. Les directions investissent "
        f"souvent sans que les salariés concernés aient été associés au choix des équipements, et les instances "
        f"représentatives découvrent les outils une fois installés."]
    T["description.objectifs"] = [
        f"Le projet vise à outiller {('les ' + str(n) + ' structures participantes') if n else 'les structures participantes'} pour qu'elles organisent un dialogue "
        f"professionnel et social sur les {t} : avant l'achat, pendant l'installation et après quelques mois d'usage.",
        "Il s'agit aussi de produire une méthode transférable à d'autres entreprises du secteur."]
    T["description.problematique"] = [
        f"Comment faire en sorte que l'introduction de {t} devienne un objet de discussion entre salariés, encadrement "
        f"et représentants du personnel, plutôt qu'une décision technique subie ? Quelles conditions rendent ce "
        f"dialogue possible dans des structures de petite taille, sans service RH étoffé ?"]
    T["description.cibles"] = [
        f"Le projet s'adresse aux salariés des {s}, à leurs encadrants de proximité, aux dirigeants et aux "
        f"représentants du personnel lorsqu'il en existe. Il concerne en priorité les TPE et PME de {terr}."]
    T["description.methodologie"] = [
        "La démarche repose sur des observations de situations de travail, des entretiens individuels et des ateliers "
        "de co-conception réunissant les différents métiers. Un protocole de dialogue est ensuite testé puis ajusté "
        "avec les équipes à partir de leurs retours."]
    T["description.phasage"] = [f"{a} : {b}." for a, b in ph]
    T["description.pilotage"] = [
        "Un comité de pilotage réunit tous les trois mois le porteur, les partenaires et un représentant de l'Anact. "
        "Une équipe projet restreinte se réunit chaque quinzaine pour suivre l'avancement et préparer les ateliers."]
    T["description.resultats"] = [
        f"Nous attendons un protocole de dialogue testé dans {n if n else 'plusieurs'} structures, un guide pratique illustré, "
        "des fiches de cas et une évaluation des effets sur les conditions de travail."]
    T["description.perennisation"] = [
        f"Les outils seront diffusés en accès libre et présentés aux réseaux professionnels de {terr}. "
        "Des sessions de transfert seront proposées aux consultants et préventeurs souhaitant reprendre la méthode."]
    return T


def present_desc(d):
    return [k for k in DESC if k not in d["missing"]]

# ---------------------------------------------------------------------------
# budget/partner text helpers


def budget_rows(b):
    rows = [("Poste", "Détail", "Montant")]
    for l, a in b["pers"]:
        rows.append(("Personnel", l, eur(a)))
    for l, a in b["dep"]:
        rows.append(("Déplacements / logistique", l, eur(a)))
    for l, a in b["prest"]:
        rows.append(("Prestations", l, eur(a)))
    rows.append(("TOTAL", "Coût total du projet", eur(b["total"])))
    return rows


def fin_rows(b):
    rows = [("Financeur", "Montant", "Part")]
    rows.append(("Anact (montant demandé)", eur(b["anact"]), f"{100*b['anact']/b['total']:.1f} %".replace(".", ",")))
    for s, a in b["cofin"]:
        rows.append((s, eur(a), f"{100*a/b['total']:.1f} %".replace(".", ",")))
    rows.append(("Total", eur(b["total"]), "100 %"))
    return rows


def budget_text(b):
    L = ["Dépenses de personnel :"] + [f"  - {l} : {eur2(a)}" for l, a in b["pers"]]
    if b["dep"]:
        L += ["Frais de déplacement et de logistique :"] + [f"  - {l} : {eur2(a)}" for l, a in b["dep"]]
    L += ["Achats de prestations :"] + [f"  - {l} : {eur2(a)}" for l, a in b["prest"]]
    L += [f"Coût total du projet : {eur2(b['total'])}", f"Montant sollicité auprès de l'Anact : {eur2(b['anact'])}",
          "Co-financements :"] + [f"  - {s} : {eur2(a)}" for s, a in b["cofin"]]
    return L


def partner_text(d):
    L = []
    for p, c in d["partners"]:
        L.append(f"- {p} : {c}" if c else f"- {p}")
    return L

# ---------------------------------------------------------------------------
# renderers


def lo_batch(jobs, work):
    """jobs: (key, DOCX bytes, target) -> {key: converted bytes}, with a private LibreOffice profile under
    work; {} without LibreOffice. PDF, Word 97 and ODT through blind2's convert_batch (one soffice call per
    format), RTF (a format it has no filter for) the same way here."""
    out = convert_batch([(k, data, "docx", t) for k, data, t in jobs if t != "rtf"], work)
    rtf = [(k, data) for k, data, t in jobs if t == "rtf"]
    exe = soffice()
    if exe and rtf:
        src, dst = work / "src-rtf", work / "out-rtf"
        src.mkdir(parents=True, exist_ok=True)
        dst.mkdir(parents=True, exist_ok=True)
        files = []
        for i, (_, data) in enumerate(rtf):
            (src / f"f{i:03d}.docx").write_bytes(data)
            files.append(str(src / f"f{i:03d}.docx"))
        subprocess.run([exe, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--norestore",
                        "--convert-to", "rtf", "--outdir", str(dst), *files], capture_output=True, timeout=300)
        for i, (k, _) in enumerate(rtf):
            q = dst / f"f{i:03d}.rtf"
            if q.exists():
                out[k] = q.read_bytes()
    return {k: fixed_rsid(out[k]) if t == "odt" else out[k] for k, _, t in jobs if k in out}


def fixed_rsid(odt):
    """The ODT with the editing session's random id (Rsid, RsidRoot in settings.xml) fixed, and zip times fixed."""
    src = zipfile.ZipFile(io.BytesIO(odt))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "settings.xml":
                data = re.sub(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+', rb"\g<1>1000000", data)
            dst.writestr(info, data)
    return freeze_zip(buf.getvalue())


def build_docx(path, d, desc=True, budget=True, partners=True, title=True):
    doc = docx.Document()
    st = doc.styles["Normal"]; st.font.name = "Calibri"; st.font.size = Pt(11)
    if title:
        doc.add_heading(d["title"], 0)
        doc.add_paragraph(f"Porteur : {d['org']} – projet {d['acro']}")
    T = texts(d)
    hv = int(d["id"][1:]) % 4
    if desc:
        for i, k in enumerate(present_desc(d)):
            doc.add_heading(f"{i+1}. {HEAD[k][hv]}", 1)
            for para in T[k]:
                doc.add_paragraph(para)
    if budget:
        b = d["b"]
        doc.add_heading("Budget prévisionnel", 1)
        rows = budget_rows(b)
        tb = doc.add_table(rows=len(rows), cols=3); tb.style = "Table Grid"
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                tb.cell(i, j).text = c
        doc.add_paragraph("")
        doc.add_heading("Plan de financement", 2)
        rows = fin_rows(b)
        tb = doc.add_table(rows=len(rows), cols=3); tb.style = "Table Grid"
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                tb.cell(i, j).text = c
    if partners:
        doc.add_heading("Partenaires mobilisés", 1)
        for p, c in d["partners"]:
            doc.add_paragraph(f"{p} : {c}" if c else p, style="List Bullet")
    doc.core_properties.created = doc.core_properties.modified = FIXED_DATE
    bio = io.BytesIO()
    doc.save(bio)
    Path(path).write_bytes(freeze_zip(bio.getvalue()))


def styles():
    ss = getSampleStyleSheet()
    body = ParagraphStyle("b", parent=ss["Normal"], fontName="DV", fontSize=10, leading=13, spaceAfter=5)
    h1 = ParagraphStyle("h1", parent=ss["Heading2"], fontName="DVB", fontSize=13, spaceBefore=8, spaceAfter=4)
    tt = ParagraphStyle("t", parent=ss["Title"], fontName="DVB", fontSize=17)
    return body, h1, tt


def tstyle():
    return TableStyle([("FONT", (0, 0), (-1, -1), "DV", 9), ("FONT", (0, 0), (-1, 0), "DVB", 9),
                       ("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                       ("ALIGN", (-1, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP")])


def story(d, desc=True, budget=True, partners=True, title=True, numbered=False):
    body, h1, tt = styles()
    S = []
    if title:
        S += [Paragraph(d["title"], tt), Paragraph(f"{d['org']} – {d['acro']}", body), Spacer(1, 8)]
    T = texts(d); hv = (int(d["id"][1:]) + 1) % 4
    if desc:
        for i, k in enumerate(present_desc(d)):
            S.append(Paragraph((f"{i+1}. " if numbered else "") + HEAD[k][hv], h1))
            for p in T[k]:
                S.append(Paragraph(p, body))
    if budget:
        b = d["b"]
        if d.get("fmt") == "longtable":
            S.append(PageBreak())
            S.append(Paragraph("Budget détaillé", h1))
            S.append(Paragraph("Hypothèses de chiffrage : les journées d'intervention sont valorisées au coût réel chargé de chaque "
                               "intervenant ; les déplacements sont estimés au barème kilométrique pour une visite par "
                               "entreprise ; les prestations ont fait l'objet de devis.", body))
            S.append(Spacer(1, 11*cm))
        else:
            S.append(Paragraph("Budget détaillé", h1))
        S.append(Table([list(r) for r in budget_rows(b)], colWidths=[4.5*cm, 8*cm, 3*cm], repeatRows=1, style=tstyle()))
        S.append(Spacer(1, 8))
        S.append(Paragraph("Financement", h1))
        S.append(Table([list(r) for r in fin_rows(b)], colWidths=[8*cm, 3*cm, 2.5*cm], style=tstyle()))
    if partners:
        S.append(Paragraph("Partenaires et contributions", h1))
        for p, c in d["partners"]:
            S.append(Paragraph(f"• <b>{p}</b> : {c}" if c else f"• {p}", body))
    return S


def footer(c, doc):
    c.saveState(); c.setFont("DV", 8)
    c.drawString(2*cm, 1.2*cm, f"{doc._d['org']} – AMI Fabrique CTO 2022")
    c.drawRightString(A4[0]-2*cm, 1.2*cm, f"page {c.getPageNumber()}")
    c.restoreState()


def simple_pdf(path, S, d, encrypt=None):
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=2*cm, rightMargin=2*cm, topMargin=2*cm, bottomMargin=2*cm,
                            encrypt=encrypt, title=d["acro"], invariant=1)
    doc._d = d
    doc.build(S, onFirstPage=footer, onLaterPages=footer)


def twocol_pdf(path, d):
    doc = BaseDocTemplate(path, pagesize=A4, leftMargin=1.5*cm, rightMargin=1.5*cm, topMargin=1.5*cm, bottomMargin=2*cm,
                          invariant=1)
    doc._d = d
    W = (A4[0] - 3*cm - 0.8*cm) / 2
    H = A4[1] - 3.5*cm
    f1 = Frame(1.5*cm, 2*cm, W, H, id="c1"); f2 = Frame(1.5*cm + W + 0.8*cm, 2*cm, W, H, id="c2")
    doc.addPageTemplates([PageTemplate(id="two", frames=[f1, f2], onPage=footer)])
    body, h1, tt = styles()
    tt = ParagraphStyle("t2", parent=tt, fontSize=13, leading=16, alignment=0)
    S = [Paragraph(d["title"], tt), Paragraph(f"{d['org']} ({d['acro']})", body)]
    T = texts(d)
    for k in present_desc(d):
        S.append(Paragraph(HEAD[k][2], h1))
        for p in T[k]:
            S.append(Paragraph(p, body))
    b = d["b"]
    S.append(Paragraph("Budget", h1))
    for cat, key, lab in [("pers", "P", "Personnel"), ("dep", "Dp", "Déplacements et logistique"), ("prest", "S", "Prestations")]:
        S.append(Paragraph(f"<b>{lab}</b> – sous-total {eur(b[key])}", body))
        for l, a in b[cat]:
            S.append(Paragraph(f"{l} : {eur(a)}", body))
    S.append(Paragraph(f"<b>Coût total : {eur(b['total'])}</b>", body))
    S.append(Paragraph(f"Demande Anact : {eur(b['anact'])}", body))
    S.append(Paragraph("Co-financements : " + " ; ".join(f"{s} {eur(a)}" for s, a in b["cofin"]), body))
    S.append(Paragraph("Partenaires", h1))
    for p, c in d["partners"]:
        S.append(Paragraph(f"<b>{p}</b> — {c}", body))
    doc.build(S)


def slides_pdf(path, d):
    W, H = 960, 540
    c = rl_canvas.Canvas(path, pagesize=(W, H), invariant=1)
    T = texts(d)

    def slide(title, lines, table=None):
        c.setFillColor(colors.HexColor("#1d3557")); c.rect(0, H - 90, W, 90, fill=1, stroke=0)
        c.setFillColor(colors.white); c.setFont("DVB", 34); c.drawString(40, H - 60, title)
        c.setFillColor(colors.black); c.setFont("DV", 18)
        y = H - 140
        for ln in lines:
            words = ln.split(); cur = ""
            for w in words:
                if pdfmetrics.stringWidth(cur + " " + w, "DV", 18) > W - 100:
                    c.drawString(50, y, cur); y -= 26; cur = w
                else:
                    cur = (cur + " " + w).strip()
            c.drawString(50, y, cur); y -= 34
        if table:
            y = H - 130
            for r in table:
                c.setFont("DVB" if r is table[0] or r[0].startswith("TOTAL") else "DV", 15)
                c.drawString(50, y, r[0]); c.drawString(330, y, r[1][:48]); c.drawRightString(W - 50, y, r[2]); y -= 24
        c.setFont("DV", 10); c.setFillColor(colors.grey)
        c.drawRightString(W - 20, 15, f"{d['acro']} – {c.getPageNumber()}")
        c.setFillColor(colors.black)
        c.showPage()
    c.setFillColor(colors.HexColor("#1d3557")); c.rect(0, 0, W, H, fill=1, stroke=0)
    c.setFillColor(colors.white); c.setFont("DVB", 44); c.drawCentredString(W/2, H/2 + 40, d["acro"])
    c.setFont("DV", 20); c.drawCentredString(W/2, H/2 - 10, d["title"][:70]); c.drawCentredString(W/2, H/2 - 40, d["title"][70:])
    c.drawCentredString(W/2, H/2 - 90, d["org"] + " – AMI Fabrique CTO 2022"); c.showPage()
    for k in present_desc(d):
        slide(HEAD[k][1], T[k])
    b = d["b"]
    slide("Budget", [], table=budget_rows(b))
    slide("Plan de financement", [f"{r[0]} : {r[1]} ({r[2]})" for r in fin_rows(b)[1:-1]] + [f"Total : {eur(b['total'])}"])
    slide("Partenaires", [f"{p} : {cc}" for p, cc in d["partners"]])
    c.save()


def wrap(text, font, width):
    out = []
    for para in text.split("\n"):
        words = para.split(); cur = ""
        if not words:
            out.append(""); continue
        for w in words:
            if font.getlength(cur + " " + w) > width:
                out.append(cur); cur = w
            else:
                cur = (cur + " " + w).strip()
        out.append(cur)
    return out


def scan_pdf(path, d):
    dpi = 250
    Wp, Hp = int(8.27 * dpi), int(11.69 * dpi)
    f = ImageFont.truetype(FONT, 36); fb = ImageFont.truetype(FONTB, 42)
    T = texts(d)
    blocks = [(fb, d["title"]), (f, f"{d['org']} – projet {d['acro']}"), (f, "")]
    for k in present_desc(d):
        blocks.append((fb, HEAD[k][0].upper()))
        for p in T[k]:
            blocks.append((f, p))
        blocks.append((f, ""))
    pages = []; img = None; y = 0
    rr = random.Random(4)  # the scan's noise

    def newpage():
        im = Image.new("L", (Wp, Hp), 250)
        return im, 200
    img, y = newpage()
    for font, txt in blocks:
        for ln in wrap(txt, font, Wp - 400):
            if y > Hp - 250:
                pages.append(img); img, y = newpage()
            ImageDraw.Draw(img).text((200, y), ln, font=font, fill=25)
            y += 52
    pages.append(img)
    out = []
    for i, im in enumerate(pages):
        px = im.load()
        for _ in range(6000):
            x, yy = rr.randrange(Wp), rr.randrange(Hp)
            px[x, yy] = rr.choice([0, 120, 200])
        im = im.rotate(0.6 if i % 2 == 0 else -0.45, fillcolor=245, resample=Image.BICUBIC)
        im = im.filter(ImageFilter.GaussianBlur(0.6))
        out.append(im.convert("RGB"))
    out[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=out[1:],
                creationDate=FIXED_DATE.timetuple(), modDate=FIXED_DATE.timetuple())


def build_xlsx(path, d, x, title="Budget prévisionnel"):
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Budget"
    ws.merge_cells("A1:E1"); ws["A1"] = f"{title} – {d['acro']} ({d['org']})"; ws["A1"].font = Font(bold=True, size=13)
    ws.append([]); ws.append(["Catégorie", "Poste", "Quantité (jours / unités)", "Coût unitaire (€)", "Montant (€)"])
    for c in ws[3]:
        c.font = Font(bold=True)
    r = 4; subs = []
    for cat, lab in [("pers", "Dépenses de personnel"), ("dep", "Frais de déplacement et logistique"), ("prest", "Prestations")]:
        first = r
        for l, q, u in x[cat]:
            ws.cell(r, 2, l); ws.cell(r, 3, q); ws.cell(r, 4, u); ws.cell(r, 5, f"=C{r}*D{r}"); r += 1
        ws.cell(first, 1, lab)
        if r - 1 > first:
            ws.merge_cells(start_row=first, start_column=1, end_row=r - 1, end_column=1)
        ws.cell(first, 1).alignment = Alignment(vertical="center", wrap_text=True)
        ws.cell(r, 2, f"Sous-total {lab.lower()}"); ws.cell(r, 5, f"=SUM(E{first}:E{r-1})"); ws.cell(r, 2).font = Font(bold=True)
        subs.append(r); r += 1
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
    ws.cell(r, 1, "COÛT TOTAL DU PROJET"); ws.cell(r, 5, "=" + "+".join(f"E{s}" for s in subs)); tot = r; r += 2
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5); ws.cell(r, 1, "Plan de financement").font = Font(bold=True); r += 1
    cfr = []
    for s, a in x["cofin"]:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.cell(r, 1, f"Co-financement : {s}"); ws.cell(r, 5, a); cfr.append(r); r += 1
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
    ws.cell(r, 1, "Subvention demandée à l'Anact"); ws.cell(r, 5, f"=E{tot}-" + "-".join(f"E{c}" for c in cfr)); r += 1
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
    ws.cell(r, 1, "Taux de co-financement"); ws.cell(r, 5, f"=({'+'.join(f'E{c}' for c in cfr)})/E{tot}")
    ws.cell(r, 5).number_format = "0.0%"
    for col, w in zip("ABCDE", [28, 42, 14, 14, 14]):
        ws.column_dimensions[col].width = w
    wb.properties.created = wb.properties.modified = FIXED_DATE
    bio = io.BytesIO()
    wb.save(bio)
    Path(path).write_bytes(freeze_zip(bio.getvalue()))

# ---------------------------------------------------------------------------
# mail helpers

MSGS = []  # (file, msg, truth-message dict)
CLIENTS = ["outlook", "gmail", "thunderbird", "apple", "zimbra"]


def mid(d_dom, kind, seed):
    h = hashlib.md5(seed.encode()).hexdigest().upper()
    if kind == "outlook":
        return f"<PR1P264MB{h[:28]}@PR1P264MB{h[28:32]}.FRAP264.PROD.OUTLOOK.COM>"
    if kind == "gmail":
        return f"<CAH{h[:30].lower()}+Q@mail.gmail.com>"
    if kind == "apple":
        return f"<{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}@{d_dom}>"
    if kind == "zimbra":
        return f"<{int(h[:8],16)}.{int(h[8:14],16)}.{1660000000000 + int(h[14:18],16)}.JavaMail.zimbra@{d_dom}>"
    return f"<{h[:8].lower()}-{h[8:12].lower()}-{h[12:16].lower()}@{d_dom}>"


def add_client_headers(m, kind):
    if kind == "outlook":
        m["X-MS-Has-Attach"] = "yes"; m["Content-Language"] = "fr-FR"
    elif kind == "thunderbird":
        m["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:91.0) Gecko/20100101 Thunderbird/91.12.0"
    elif kind == "apple":
        m["X-Mailer"] = "Apple Mail (2.3696.120.41)"
    elif kind == "zimbra":
        m["X-Mailer"] = "Zimbra 8.8.15_GA_4372 (ZimbraWebClient - FF103 (Linux)/8.8.15_GA_4372)"


def attach(m, path, name=None, ctype=None):
    name = name or os.path.basename(path)
    data = open(path, "rb").read()
    ext = name.rsplit(".", 1)[-1].lower()
    ct = ctype or {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   "odt": "application/vnd.oasis.opendocument.text", "doc": "application/msword", "rtf": "application/rtf",
                   "csv": "text/csv", "zip": "application/zip", "pages": "application/x-iwork-pages-sffpages"}[ext]
    mt, st = ct.split("/")
    p = MIMEBase(mt, st, name=name)
    p.set_payload(data); encoders.encode_base64(p)
    p.add_header("Content-Disposition", "attachment", filename=name)
    m.attach(p)


def make_mail(frm, subject, date, body, kind="thunderbird", html=None, to="fabrique@anact.fr", extra=None, seed=None):
    m = MIMEMultipart("mixed")
    if html is not None:
        alt = MIMEMultipart("alternative"); alt.attach(MIMEText(body, "plain", "utf-8")); alt.attach(MIMEText(html, "html", "utf-8"))
        m.attach(alt)
    else:
        m.attach(MIMEText(body, "plain", "utf-8"))
    m["From"] = frm; m["To"] = to; m["Subject"] = Header(subject, "utf-8").encode()
    m["Date"] = date.strftime("%a, %d %b %Y %H:%M:%S %z")
    dom = frm.split("@")[1].rstrip(">")
    m["Message-ID"] = mid(dom, kind, seed or (frm + subject + date.isoformat()))
    add_client_headers(m, kind)
    for k, v in (extra or {}).items():
        m[k] = v
    return m


def emit(m, cls, dossier_id, accept=None, note=None, related=None):
    n = len(MSGS) + 1
    fn = f"mail/{n:04d}.eml"
    t = {"message_id": m["Message-ID"], "file": fn, "classification": cls, "dossier_id": dossier_id}
    if accept:
        t["accept"] = accept
    if note:
        t["note"] = note
    if related:
        t["related_dossier"] = related
    MSGS.append((fn, m, t))
    return m["Message-ID"]


def who(d):
    f, l = d["who"]
    return f"{f} {l}"


def addr(d):
    f, l = d["who"]
    a = unicodedata.normalize("NFKD", f"{f}.{l}".lower()); a = "".join(c for c in a if not unicodedata.combining(c))
    return a.replace(" ", "").replace("'", "") + "@" + d["dom"]


def frm(d):
    return formataddr((who(d), addr(d)))


def sig(d):
    return f"\n\n{who(d)}\n{d['org']}\n"


def dt(day, h, mi):
    return datetime(2022, 8, day, h, mi, rnd.randrange(60), tzinfo=TZ)

# ---------------------------------------------------------------------------


def frozen_bytes(m):
    """The mail's bytes with boundaries drawn from its Message-ID (the email package draws them at random)."""
    seed = m["Message-ID"]
    for i, part in enumerate(p for p in m.walk() if p.get_content_maintype() == "multipart"):
        n = int(hashlib.md5(f"{seed}-{i}".encode()).hexdigest()[:15], 16)
        part.set_boundary("=" * 15 + str(n).zfill(19) + "==")
    return m.as_bytes(policy=policy.SMTP)


def build(out: Path, work: Path | None = None) -> dict:
    """Write out/mail/*.eml and out/truth.json; return the truth, with `skipped`: the dossiers left out."""
    out = Path(out)
    own_work = work is None
    work = Path(work) if work else Path(tempfile.mkdtemp(prefix="blind5-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _build(out, work)
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)


def _build(out: Path, work: Path) -> dict:
    rnd.seed(SEED)
    MSGS.clear()
    specs = copy.deepcopy(D)  # each build annotates its own copy (attachments, notes)
    docs = work / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    by = {d["id"]: d for d in specs}
    DM = {d["id"]: [] for d in specs}
    first_date = {}

    def sub(d, m, cls="submission", **kw):
        DM[d["id"]].append(m["Message-ID"])
        first_date.setdefault(d["id"], m["Date"])
        emit(m, cls, d["id"], **kw)

    # The DOCX that LibreOffice turns into ODT (B01), Word 97 (B02), RTF (B03) and PDF (B20), in one batch
    # with a private profile under work; without LibreOffice those dossiers are left out.
    lo_src = {"B01": ("Candidature_VOXLOG.docx", {}), "B02": ("Dossier CHATDIAL.docx", {}),
              "B03": ("MAINTAB_description.docx", dict(budget=False, partners=False)),
              "B20": ("ARTINUM_AMI_Anact.docx", {})}
    for did, (name, kw) in lo_src.items():
        os.makedirs(f"{docs}/{did}")
        build_docx(f"{docs}/{did}/{name}", by[did], **kw)
    lo = lo_batch([(did, Path(f"{docs}/{did}/{name}").read_bytes(), LO_DOSSIERS[did]) for did, (name, _) in lo_src.items()],
                  work)
    for did, data in lo.items():
        Path(f"{docs}/{did}/{lo_src[did][0][:-4]}{LO_DOSSIERS[did]}").write_bytes(data)
    skipped = sorted(set(lo_src) - set(lo))

    # B01 ODT
    d = by["B01"]; w = f"{docs}/B01"
    m = make_mail(frm(d), "Candidature Fabrique CTO – projet VOXLOG", dt(3, 10, 12),
                  "Bonjour,\n\nVeuillez trouver ci-joint notre dossier de candidature (format OpenDocument) à l'appel "
                  "« Développer le dialogue social technologique au travail ».\n\nCordialement," + sig(d), "thunderbird")
    if d["id"] in lo: attach(m, f"{w}/Candidature_VOXLOG.odt")
    sub(d, m); d["att"] = ["Candidature_VOXLOG.odt"]

    # B02 Word 97
    d = by["B02"]; w = f"{docs}/B02"
    m = make_mail(frm(d), "AMI dialogue social technologique : dossier Institut Ergonomia", dt(5, 16, 40),
                  "Madame, Monsieur,\n\nNous avons le plaisir de vous adresser notre réponse (fichier Word joint).\n\n"
                  "Bien cordialement," + sig(d), "outlook")
    if d["id"] in lo: attach(m, f"{w}/Dossier CHATDIAL.doc")
    sub(d, m); d["att"] = ["Dossier CHATDIAL.doc"]

    # B03 RTF description + CSV budget, partners in body
    d = by["B03"]; w = f"{docs}/B03"
    b = d["b"]
    with open(f"{w}/MAINTAB_budget.csv", "w", encoding="utf-8-sig", newline="") as fh:
        cw = csv.writer(fh, delimiter=";")
        cw.writerow(["Nature de dépense", "Libellé", "Montant TTC"])
        for cat, lab in [("pers", "Personnel"), ("dep", "Déplacements et logistique"), ("prest", "Prestations")]:
            for l, a in b[cat]:
                cw.writerow([lab, l, f"{a:.2f}".replace(".", ",")])
        cw.writerow(["Total dépenses", "", f"{b['total']:.2f}".replace(".", ",")])
        cw.writerow([]); cw.writerow(["Ressources", "", ""])
        cw.writerow(["Anact", "Subvention sollicitée", f"{b['anact']:.2f}".replace(".", ",")])
        for s, a in b["cofin"]:
            cw.writerow(["Co-financement", s, f"{a:.2f}".replace(".", ",")])
        cw.writerow(["Total ressources", "", f"{b['total']:.2f}".replace(".", ",")])
    body = ("Bonjour,\n\nJe vous transmets la candidature du cabinet Tessiture Conseil pour le projet MAINTAB : la note "
            "descriptive (RTF) et le budget (tableau CSV).\n\nNos partenaires sur ce projet :\n" + "\n".join(partner_text(d)) +
            "\n\nRestant à votre disposition," + sig(d))
    m = make_mail(frm(d), "MAINTAB - réponse à l'appel à manifestation d'intérêt", dt(8, 9, 5), body, "apple")
    if d["id"] in lo: attach(m, f"{w}/MAINTAB_description.rtf")
    attach(m, f"{w}/MAINTAB_budget.csv"); sub(d, m)
    d["att"] = ["MAINTAB_description.rtf", "MAINTAB_budget.csv"]

    # B04 scan of description; budget + partners in body
    d = by["B04"]; w = f"{docs}/B04"; os.makedirs(w)
    scan_pdf(f"{w}/scan_note_PLANIDOM.pdf", d)
    body = ("Bonjour,\n\nNotre imprimante ayant rendu l'âme, la note de présentation est jointe en version scannée. "
            "Le budget et les partenaires figurent ci-dessous.\n\nBUDGET DU PROJET\n" + "\n".join(budget_text(d["b"])) +
            "\n\nPARTENAIRES\n" + "\n".join(partner_text(d)) + "\n\nBien à vous," + sig(d))
    m = make_mail(frm(d), "Projet PLANIDOM – Fabrique CTO", dt(9, 14, 22), body, "zimbra")
    attach(m, f"{w}/scan_note_PLANIDOM.pdf"); sub(d, m); d["att"] = ["scan_note_PLANIDOM.pdf"]

    # B05 slides
    d = by["B05"]; w = f"{docs}/B05"; os.makedirs(w)
    slides_pdf(f"{w}/EXODIAL_presentation.pdf", d)
    m = make_mail(frm(d), "Présentation EXODIAL – candidature AMI Anact", dt(10, 11, 48),
                  "Bonjour,\n\nVoici notre candidature sous forme de présentation (PDF).\n\nCordialement," + sig(d), "gmail")
    attach(m, f"{w}/EXODIAL_presentation.pdf"); sub(d, m); d["att"] = ["EXODIAL_presentation.pdf"]

    # B06 two columns
    d = by["B06"]; w = f"{docs}/B06"; os.makedirs(w)
    twocol_pdf(f"{w}/COBOTALK.pdf", d)
    m = make_mail(frm(d), "Candidature COBOTALK (LIRTS)", dt(11, 17, 30),
                  "Bonjour,\n\nVous trouverez en pièce jointe la proposition du laboratoire LIRTS.\n\nBien cordialement," + sig(d), "zimbra")
    attach(m, f"{w}/COBOTALK.pdf"); sub(d, m); d["att"] = ["COBOTALK.pdf"]

    # B07 long table over page break
    d = by["B07"]; w = f"{docs}/B07"; os.makedirs(w)
    simple_pdf(f"{w}/DEMATROUTE_dossier.pdf", story(d, numbered=True), d)
    m = make_mail(frm(d), "Dossier DEMATROUTE – AMI Fabrique CTO", dt(12, 8, 55),
                  "Bonjour,\n\nCi-joint le dossier complet (description, budget, partenaires).\n\nSalutations coopératives," + sig(d), "thunderbird")
    attach(m, f"{w}/DEMATROUTE_dossier.pdf"); sub(d, m); d["att"] = ["DEMATROUTE_dossier.pdf"]

    # B08 DOCX + XLSX formulas/merged
    d = by["B08"]; w = f"{docs}/B08"; os.makedirs(w)
    build_docx(f"{w}/IARECRUT - note.docx", d, budget=False)
    build_xlsx(f"{w}/IARECRUT - budget.xlsx", d, d["xl"])
    m = make_mail(frm(d), "Réponse AMI Fabrique CTO – IARECRUT", dt(15, 19, 2),
                  "Bonjour,\n\nNous vous adressons notre note de projet (Word) et le budget (Excel).\n\nCordialement," + sig(d), "outlook")
    attach(m, f"{w}/IARECRUT - note.docx"); attach(m, f"{w}/IARECRUT - budget.xlsx"); sub(d, m)
    d["att"] = ["IARECRUT - note.docx", "IARECRUT - budget.xlsx"]

    # B09 zip
    d = by["B09"]; w = f"{docs}/B09"; os.makedirs(w)
    simple_pdf(f"{w}/1_Description_CAISSAUTO.pdf", story(d, budget=False, partners=False), d)
    bx = dict(pers=[("Directeur de projet", 30, 620), ("Chargée d'études", 45, 400)],
              dep=[("Déplacements dans les 8 magasins", 1, 3900)],
              prest=[("Enquête par questionnaire (institut de sondage)", 1, 7500), ("Conception d'un jeu sérieux", 1, 6000)],
              cofin=d["b"]["cofin"])
    assert xl_budget(bx)["total"] == d["b"]["total"]
    build_xlsx(f"{w}/2_Budget_CAISSAUTO.xlsx", d, bx)
    build_docx(f"{w}/3_Partenaires_CAISSAUTO.docx", d, desc=False, budget=False, title=False)
    with zipfile.ZipFile(f"{w}/Candidature_CAISSAUTO.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for f in ["1_Description_CAISSAUTO.pdf", "2_Budget_CAISSAUTO.xlsx", "3_Partenaires_CAISSAUTO.docx"]:
            zi = zipfile.ZipInfo(f"CAISSAUTO/{f}", date_time=ZIP_TIME)
            zi.compress_type, zi.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            z.writestr(zi, Path(f"{w}/{f}").read_bytes())
    m = make_mail(frm(d), "Candidature Agence Travail Demain", dt(16, 13, 37),
                  "Bonjour,\n\nL'ensemble de nos pièces est regroupé dans l'archive jointe.\n\nCordialement," + sig(d), "gmail")
    attach(m, f"{w}/Candidature_CAISSAUTO.zip"); sub(d, m); d["att"] = ["Candidature_CAISSAUTO.zip"]

    # B10 forwarded as attached .eml
    d = by["B10"]
    T = texts(d)
    inner_body = ["Madame, Monsieur,", "", f"Voici la candidature de l'association {d['org']} : « {d['title']} » ({d['acro']}).", ""]
    for k in present_desc(d):
        inner_body += [HEAD[k][3].upper(), *T[k], ""]
    inner_body += ["BUDGET", *budget_text(d["b"]), "", "PARTENAIRES", *partner_text(d), "", "Sincères salutations,", who(d), d["org"]]
    inner = make_mail(frm(d), f"Candidature {d['acro']} – Fabrique CTO", dt(17, 10, 3), "\n".join(inner_body), "outlook",
                      to="fabirque@anact.fr")
    outer = make_mail(frm(d), f"TR: Candidature {d['acro']} – Fabrique CTO", dt(17, 15, 26),
                      "Bonjour,\n\nJe m'aperçois que notre message de ce matin est parti à une adresse erronée. Je vous le "
                      "transmets en pièce jointe, il contient l'intégralité de notre candidature.\n\nCordialement," + sig(d), "outlook")
    part = MIMEMessage(inner); part.add_header("Content-Disposition", "attachment", filename=f"Candidature {d['acro']}.eml")
    outer.attach(part); sub(d, outer); d["att"] = [f"Candidature {d['acro']}.eml (message/rfc822)"]
    d["notes"].append("proposal inside an attached message/rfc822 (inner message sent to a mistyped address)")

    # B11 encrypted budget
    d = by["B11"]; w = f"{docs}/B11"; os.makedirs(w)
    build_docx(f"{w}/BADGEO_projet.docx", d, budget=False, partners=False)
    enc = pdfencrypt.StandardEncryption("Sillage2022", ownerPassword="owner-sillage", canPrint=0, canCopy=0)
    body, h1, tt = styles()
    simple_pdf(f"{w}/BADGEO_budget.pdf", [Paragraph("Budget BADGEO", tt)] + story(d, desc=False, partners=False, title=False), d, encrypt=enc)
    m = make_mail(frm(d), "BADGEO – candidature Cabinet Sillage RH", dt(18, 12, 14),
                  "Bonjour,\n\nVeuillez trouver notre projet (Word) et le budget (PDF protégé, le mot de passe vous sera "
                  "communiqué par téléphone).\n\nPartenaires engagés :\n" + "\n".join(partner_text(d)) + "\n\nCordialement," + sig(d), "apple")
    attach(m, f"{w}/BADGEO_projet.docx"); attach(m, f"{w}/BADGEO_budget.pdf"); sub(d, m)
    d["att"] = ["BADGEO_projet.docx", "BADGEO_budget.pdf (encrypted)"]

    # B12 .pages description + xlsx budget, partners in body
    d = by["B12"]; w = f"{docs}/B12"; os.makedirs(w)
    noise = random.Random(12)  # the fake .pages bytes

    def member(name):
        zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        zi.external_attr = 0o600 << 16
        return zi
    with zipfile.ZipFile(f"{w}/Projet COURSIERS.pages", "w") as z:
        z.writestr(member("Index/Document.iwa"), noise.randbytes(4096))
        z.writestr(member("Index/Metadata.iwa"), noise.randbytes(512))
        z.writestr(member("Metadata/Properties.plist"), b"bplist00" + noise.randbytes(200))
        z.writestr(member("Metadata/BuildVersionHistory.plist"), "<?xml version=\"1.0\"?><plist><array><string>Pages-12.1</string></array></plist>")
        im = Image.new("RGB", (300, 420), (255, 255, 255)); bio = io.BytesIO(); im.save(bio, "JPEG")
        z.writestr(member("preview.jpg"), bio.getvalue())
    bx = dict(pers=[("Designer de services", 30, 500), ("Sociologue", 20, 550)],
              dep=[("Frais de déplacement et repas des rencontres", 1, 2500)],
              prest=[("Application de recueil de témoignages", 1, 5500)], cofin=d["b"]["cofin"])
    build_xlsx(f"{w}/Budget COURSIERS.xlsx", d, bx)
    m = make_mail(frm(d), "Candidature COURSIERS / Studio Ergolab", dt(19, 22, 51),
                  "Bonjour,\n\nCi-joint notre dossier (Pages) et le budget (Excel).\n\nPartenaires :\n" + "\n".join(partner_text(d)) +
                  "\n\nEnvoyé de mon Mac\n" + who(d), "apple")
    attach(m, f"{w}/Projet COURSIERS.pages"); attach(m, f"{w}/Budget COURSIERS.xlsx"); sub(d, m)
    d["att"] = ["Projet COURSIERS.pages", "Budget COURSIERS.xlsx"]

    # B13 split over 3 mails
    d = by["B13"]; w = f"{docs}/B13"; os.makedirs(w)
    build_docx(f"{w}/CABCOLLAB_description.docx", d, budget=False, partners=False)
    simple_pdf(f"{w}/CABCOLLAB_budget.pdf", story(d, desc=False, partners=False, title=False), d)
    m1 = make_mail(frm(d), "AMI Fabrique CTO – CABCOLLAB (1/3) description", dt(19, 9, 10),
                   "Bonjour,\n\nJe vous envoie notre candidature en trois messages pour alléger les envois. Voici d'abord la "
                   "description du projet.\n\nBien cordialement," + sig(d), "thunderbird")
    attach(m1, f"{w}/CABCOLLAB_description.docx"); sub(d, m1)
    m2 = make_mail(frm(d), "AMI Fabrique CTO – CABCOLLAB (2/3) budget", dt(19, 9, 24),
                   "Bonjour,\n\nDeuxième envoi : le budget détaillé du projet.\n\nBien cordialement," + sig(d), "thunderbird")
    attach(m2, f"{w}/CABCOLLAB_budget.pdf"); sub(d, m2, "submission", accept=["submission", "reply"])
    m3 = make_mail(frm(d), "AMI Fabrique CTO – CABCOLLAB (3/3) partenaires", dt(19, 9, 41),
                   "Bonjour,\n\nDernier envoi : nos partenaires et ce que chacun apporte.\n\n" + "\n".join(partner_text(d)) +
                   "\n\nMerci pour votre attention," + sig(d), "thunderbird")
    sub(d, m3, "submission", accept=["submission", "reply"])
    d["att"] = ["CABCOLLAB_description.docx", "CABCOLLAB_budget.pdf"]; d["notes"].append("split over 3 mails, same sender")

    # B14 colleague sends budget
    d = by["B14"]; w = f"{docs}/B14"; os.makedirs(w)
    simple_pdf(f"{w}/SERRECO_projet.pdf", story(d, budget=False, partners=False), d)
    m1 = make_mail(frm(d), "Fabrique CTO : proposition SERRECO", dt(20, 11, 0),
                   "Bonjour,\n\nVous trouverez ci-joint la description de notre projet SERRECO. Le budget vous parviendra "
                   "séparément.\n\nPartenaires :\n" + "\n".join(partner_text(d)) + "\n\nBien à vous," + sig(d), "gmail")
    attach(m1, f"{w}/SERRECO_projet.pdf"); sub(d, m1)
    build_docx(f"{w}/Budget_SERRECO.docx", d, desc=False, partners=False, title=False)
    cf, cl, crole = d["colleague"]
    m2 = make_mail(formataddr((f"{cf} {cl}", "k.aitali@" + d["dom"])), "Budget SERRECO", dt(22, 16, 18),
                   f"Bonjour,\n\nPour le compte de {who(d)}, porteuse du projet SERRECO, je vous transmets le budget "
                   f"détaillé et le plan de financement.\n\nCordialement,\n\n{cf} {cl}\n{crole.capitalize()}\n{d['org']}\n", "gmail")
    attach(m2, f"{w}/Budget_SERRECO.docx"); sub(d, m2, "submission", accept=["submission", "reply"])
    d["att"] = ["SERRECO_projet.pdf", "Budget_SERRECO.docx"]; d["notes"].append("budget sent by a colleague (same domain, new thread)")

    # B15 reply after completion request
    d = by["B15"]; w = f"{docs}/B15"; os.makedirs(w)
    build_docx(f"{w}/GEDRURAL.docx", d, partners=False)
    m1 = make_mail(frm(d), "Candidature GEDRURAL", dt(8, 15, 30),
                   "Bonjour,\n\nVeuillez trouver notre proposition jointe.\n\nCordialement," + sig(d), "outlook")
    attach(m1, f"{w}/GEDRURAL.docx"); sub(d, m1)
    anact_mid = "<20220811093012.4F1A2B3C@anact.fr>"
    body = ("Bonjour,\n\nComme demandé, voici les partenaires du projet et leur contribution :\n\n" + "\n".join(partner_text(d)) +
            "\n\nCordialement," + sig(d) +
            "\n-----Message d'origine-----\nDe : Fabrique CTO <fabrique@anact.fr>\nEnvoyé : jeudi 11 août 2022 11:30\n"
            "Objet : RE: Candidature GEDRURAL\n\nBonjour,\nVotre dossier ne mentionne pas les partenaires mobilisés ni leur "
            "contribution attendue. Pourriez-vous nous les préciser ?\nL'équipe Fabrique CTO\n")
    m2 = make_mail(frm(d), "RE: RE: Candidature GEDRURAL", dt(11, 14, 2), body, "outlook",
                   extra={"In-Reply-To": anact_mid, "References": f"{m1['Message-ID']} {anact_mid}"})
    sub(d, m2, "reply"); d["att"] = ["GEDRURAL.docx"]; d["notes"].append("partners brought by a reply to a completion request")

    # B16 corrected budget
    d = by["B16"]; w = f"{docs}/B16"; os.makedirs(w)
    build_docx(f"{w}/ARMAINT_dossier.docx", d, budget=False)
    build_xlsx(f"{w}/ARMAINT_budget.xlsx", d, d["xl_v1"])
    m1 = make_mail(frm(d), "Candidature ARMAINT – Ergotech Solutions", dt(12, 18, 20),
                   "Bonjour,\n\nVoici notre dossier de candidature et le budget.\n\nCordialement," + sig(d), "outlook")
    attach(m1, f"{w}/ARMAINT_dossier.docx"); attach(m1, f"{w}/ARMAINT_budget.xlsx"); sub(d, m1)
    os.makedirs(f"{w}/v2")
    build_xlsx(f"{w}/v2/ARMAINT_budget_v2.xlsx", d, d["xl"], title="Budget prévisionnel CORRIGÉ")
    m2 = make_mail(frm(d), "RE: Candidature ARMAINT – Ergotech Solutions – budget corrigé", dt(16, 9, 12),
                   "Bonjour,\n\nNous avons obtenu la participation d'Aerospace Valley. Ce budget corrigé annule et remplace "
                   "celui envoyé le 12 août.\n\nCordialement," + sig(d), "outlook",
                   extra={"In-Reply-To": m1["Message-ID"], "References": m1["Message-ID"]})
    attach(m2, f"{w}/v2/ARMAINT_budget_v2.xlsx"); sub(d, m2, "reply", accept=["reply", "submission"])
    d["att"] = ["ARMAINT_dossier.docx", "ARMAINT_budget.xlsx", "ARMAINT_budget_v2.xlsx"]

    # B17 duplicate resend
    d = by["B17"]; w = f"{docs}/B17"; os.makedirs(w)
    simple_pdf(f"{w}/OFFICINUM.pdf", story(d), d)
    for i, (h, mi_) in enumerate([(10, 30), (10, 34)]):
        m = make_mail(frm(d), "Candidature OFFICINUM", datetime(2022, 8, 22, h, mi_, 7, tzinfo=TZ),
                      "Bonjour,\n\nJe vous prie de trouver ci-joint notre candidature à l'AMI.\n\nBien cordialement," + sig(d),
                      "gmail", seed=f"dup{i}")
        attach(m, f"{w}/OFFICINUM.pdf")
        if i == 0:
            sub(d, m)
        else:
            sub(d, m, "submission", accept=["submission", "reply", "correspondence"], note="exact resend of the previous mail")
    d["att"] = ["OFFICINUM.pdf (x2)"]

    # B18 late
    d = by["B18"]; w = f"{docs}/B18"; os.makedirs(w)
    build_docx(f"{w}/CAMPIETON_candidature.docx", d)
    m = make_mail(frm(d), "Candidature CAMPIETON (envoi tardif, veuillez nous excuser)", datetime(2022, 8, 24, 9, 41, 3, tzinfo=TZ),
                  "Bonjour,\n\nSuite à un problème technique hier soir, nous vous adressons notre dossier ce matin.\n\nCordialement," + sig(d), "zimbra")
    attach(m, f"{w}/CAMPIETON_candidature.docx"); sub(d, m); d["att"] = ["CAMPIETON_candidature.docx"]

    # B19 HTML body only
    d = by["B19"]; T = texts(d)
    hp = [f"<p>Bonjour,</p><p>Voici la candidature du réseau {d['org']} pour le projet <b>{d['acro']}</b> – {d['title']}.</p>"]
    tp = ["Bonjour,", "", f"Voici la candidature du réseau {d['org']} pour le projet {d['acro']} – {d['title']}.", ""]
    for k in present_desc(d):
        hp.append(f"<h3>{HEAD[k][0]}</h3>" + "".join(f"<p>{p}</p>" for p in T[k]))
        tp += [HEAD[k][0], *T[k], ""]
    b = d["b"]
    rows = "".join(f"<tr><td>{a}</td><td>{l}</td><td align='right'>{c}</td></tr>" for a, l, c in budget_rows(b)[1:])
    hp.append("<h3>Budget</h3><table border='1' cellspacing='0'><tr><th>Poste</th><th>Détail</th><th>Montant</th></tr>" + rows + "</table>")
    hp.append(f"<p>Financement demandé à l'Anact : {eur(b['anact'])}<br>Co-financement : " +
              "; ".join(f"{s} ({eur(a)})" for s, a in b["cofin"]) + "</p>")
    tp += ["Budget", *[f"{a} | {l} | {c}" for a, l, c in budget_rows(b)[1:]],
           f"Financement demandé à l'Anact : {eur(b['anact'])}", "Co-financement : " + "; ".join(f"{s} ({eur(a)})" for s, a in b["cofin"]), ""]
    hp.append("<h3>Partenaires</h3><ul>" + "".join(f"<li>{p}</li>" for p, _ in d["partners"]) + "</ul>")
    tp += ["Partenaires", *[f"- {p}" for p, _ in d["partners"]]]
    hp.append(f"<p>Cordialement,<br>{who(d)}</p>")
    tp += ["", "Cordialement,", who(d)]
    m = make_mail(frm(d), f"Proposition {d['acro']}", dt(21, 20, 15), "\n".join(tp), "gmail",
                  html="<html><body>" + "".join(hp) + "</body></html>")
    sub(d, m); d["att"] = []

    # B20 LibreOffice PDF
    d = by["B20"]; w = f"{docs}/B20"
    m = make_mail(frm(d), "AMI Anact – projet ARTINUM", dt(23, 17, 5),
                  "Bonjour,\n\nNotre dossier est joint au format PDF.\n\nCordialement," + sig(d), "outlook")
    if d["id"] in lo: attach(m, f"{w}/ARTINUM_AMI_Anact.pdf")
    sub(d, m); d["att"] = ["ARTINUM_AMI_Anact.pdf"]

    # non-dossier mails (interleaved by date at the end of the list; order = file order)
    m = make_mail(formataddr(("Sandrine Kowalski", "s.kowalski@cabinet-equilibre.fr")),
                  "Question sur l'éligibilité des dépenses", dt(4, 9, 30),
                  "Bonjour,\n\nPeut-on inclure dans le budget le temps passé par les salariés des entreprises partenaires, "
                  "et les frais de restauration des ateliers sont-ils éligibles ?\n\nMerci d'avance,\nSandrine Kowalski\n"
                  "Cabinet Équilibre", "thunderbird")
    emit(m, "correspondence", None, note="question about the call")
    d = by["B01"]
    m = make_mail(frm(d), "Re: Candidature Fabrique CTO – projet VOXLOG", dt(5, 8, 50),
                  "Bonjour,\n\nMerci pour l'accusé de réception de notre dossier. Nous restons disponibles pour toute "
                  "précision.\n\nBonne journée," + sig(d), "thunderbird",
                  extra={"In-Reply-To": "<20220803103000.AB12CD@anact.fr>", "References": f"{DM['B01'][0]} <20220803103000.AB12CD@anact.fr>"})
    emit(m, "correspondence", None, accept=["correspondence", "reply"], related="B01", note="thank-you, no new content")
    d = by["B07"]
    m = make_mail(frm(d), "Réponse automatique : Dossier DEMATROUTE – AMI Fabrique CTO", dt(12, 9, 20),
                  "Bonjour,\n\nJe suis absent du bureau jusqu'au 29 août 2022. Pour toute urgence, contactez le 03 88 00 00 00.\n\n"
                  "Antoine Carrel", "thunderbird",
                  extra={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes", "Precedence": "auto_reply"})
    emit(m, "auto_reply", None, note="out-of-office from the applicant of B07")

    # write: the mails in emission order, those of the dossiers left out dropped and the rest renumbered
    kept = [(m, t) for _, m, t in MSGS if t["dossier_id"] not in skipped and t.get("related_dossier") not in skipped]
    mail_dir = out / "mail"
    mail_dir.mkdir(parents=True, exist_ok=True)
    for old in mail_dir.glob("*.eml"):
        old.unlink()
    for i, (m, t) in enumerate(kept):
        t["file"] = f"mail/{i + 1:04d}.eml"
        (out / t["file"]).write_bytes(frozen_bytes(m))

    # truth
    dossiers = []
    for d in specs:
        if d["id"] in skipped:
            continue
        b = d["b"]; nob = d.get("nobudget")
        present = [k for k in KEYS if k not in d["missing"]]
        for k in d["missing"]:
            assert k in KEYS, k
        if not nob:
            if not b["dep"]:
                assert "budget.deplacements_logistique" in d["missing"]
        y, mo = d["end"]
        dossiers.append({
            "id": d["id"], "messages": DM[d["id"]], "applicant_email": addr(d), "applicant_name": who(d),
            "organisation": d["org"], "project_title": d["title"], "acronym": d["acro"],
            "status": "complete" if not d["missing"] else "incomplete", "missing": d["missing"], "present": present,
            "budget": {"total_eur": None if nob else float(b["total"]), "anact_request_eur": None if nob else float(b["anact"]),
                       "cofinancing_eur": None if nob else float(b["cof"]),
                       "by_category": {"personnel": None if nob else float(b["P"]),
                                       "deplacements_logistique": None if (nob or not b["dep"]) else float(b["Dp"]),
                                       "prestations": None if nob else float(b["S"]), "autres": None}},
            "partners": [p for p, _ in d["partners"]], "flags": d["flags"], "optional_flags": d["optional_flags"],
            "received_at": parsedate_to_datetime(first_date[d["id"]]).isoformat(),
            "project_end": f"{y}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}", "notes": d["notes"],
            "meta": {"format": d["fmt"], "attachments": d.get("att", [])},
        })
    truth = {"schema": 1, "call": "fabrique-cto-2022", "generator": "tests/extract/blind5/generate.py",
             "deadline": "2022-08-23T23:59:59+02:00", "cap_eur": 80000, "project_end_limit": "2023-12-30",
             "conventions": CONVENTIONS, "dossiers": dossiers, "messages": [t for _, t in kept], "skipped": skipped}
    # checks
    for x in dossiers:
        bb = x["budget"]
        if bb["total_eur"]:
            fl = set(x["flags"]) | set(x["optional_flags"])
            assert (bb["anact_request_eur"] > 80000) == ("plafond_depasse" in fl), x["id"]
            assert (bb["cofinancing_eur"] / bb["total_eur"] < 0.2) == ("cofinancement_insuffisant" in x["flags"]), (x["id"], bb)
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
