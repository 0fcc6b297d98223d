"""Build the fourth blind set: 21 dossiers (26 mails) answering the 2022 Fabrique CTO call, as
mails (.eml) and truth.json, into a directory: realistic, verbose proposals with distractors.

    python -m tests.extract.blind4.generate OUT_DIR [--work DIR]

Written without reading the readers (see README.md). Without LibreOffice the dossiers whose
documents need it are left out and listed in `skipped`."""
from __future__ import annotations

import argparse
import calendar
import hashlib
import io
import json
import os
import random
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import docx
import openpyxl
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tests.extract.blind2.base import freeze_zip
from tests.extract.blind2.office import convert_batch, soffice

from .texts import BUILD, HEAD, ORDER

# The shared corpus's conventions (../shared/corpus/proposals/truth.json), copied when this set was
# written, and the two this set adds.
CONVENTIONS = [
    "budget figures are the ones the applicant's latest readable budget states; null = not stated anywhere readable",
    "hors_delai: first submission message Date after 2022-08-23 23:59:59 Europe/Paris",
    "fin_apres_echeance: stated project end month in 2024 (a bare 'décembre 2023' is not flagged)",
    "optional_flags are neither rewarded nor penalised; 'accept' lists the classifications accepted for a message",
    "requirements held only in an unreadable attachment (encrypted PDF, Apple Pages) count as missing",
    "budget.cofinancements is present only when a co-financing source other than Anact is stated with its amount",
    "cofinancement_insuffisant: co-financing / total below 20 %, or (total - Anact request) / total below 20 % when no "
    "co-financing is stated (an Anact request equal to the total is 0 % co-financing)",
    "partners: organisations announced as 'pressenti' / 'à confirmer' are not counted (not yet mobilised)",
    "budget figures are HT when HT and TTC columns are given and the financing plan balances on the HT total",
]
SEED = 44
FIXED_DATE = datetime(2022, 8, 1, 9, 0, 0)  # the documents' creation date (freeze_zip writes it too)
rnd = random.Random(SEED)  # drawn anew by each build: dates' seconds, Message-IDs, greetings, subjects, phones
PARIS = timezone(timedelta(hours=2))
ALLKEYS = ["description." + k for k in ORDER] + ["budget.personnel", "budget.deplacements_logistique", "budget.prestations",
           "budget.cofinancements", "partenaires.liste", "partenaires.contributions"]

def eur(x):
    s = f"{x:,.0f}".replace(",", "\u202f")
    return s + " €"
def eur2(x):  # plain-space variant
    return f"{x:,.0f}".replace(",", " ") + " €"

# ------------------------------------------------------------------ dossiers
T = []
def theme(**k): T.append(k)
# common keys: id, org, person, email, title, acro, secteur, techno, techno_court, public, type_ent, n_ent, territoire, ...
theme(id="B01", org="Ergonomia Conseil", person="Hélène Vasseur", email="h.vasseur@ergonomia-conseil.fr", title="Commande vocale en entrepôt : dialoguer sur le travail des préparateurs", acro="VOCALOG",
      since=2015, secteur="de la logistique", effectif=14, ca="2,4 M€", territoire="lyonnais", clients="Transports Berthier, Géodis Vénissieux et le groupe Casino",
      techno="la commande vocale et des systèmes de gestion d'entrepôt (WMS)", techno_court="la commande vocale", marche="1,2 milliard d'euros en Europe",
      etude="une étude de l'Université Lumière Lyon 2 publiée en 2020", rapport="du ministère du Travail de 2021 sur la logistique", prev_years="2017 et 2019",
      prev_name="Entrepôts sains", prev_funder="la Région Auvergne-Rhône-Alpes", prev_cost="35 000 €", prev_n=6, concurrent="le cabinet Optimlog",
      n_ent=4, type_ent="entreprises logistiques", public="préparateurs de commandes", start=(2022,10), end=(2023,11))
theme(id="B02", org="Association Domicile & Numérique", person="Fatima Benali", email="f.benali@domicile-numerique.org", title="Télégestion et plannings dans l'aide à domicile : un dialogue à construire", acro="TEMPO-DOM",
      since=2016, secteur="de l'aide à domicile", effectif=9, ca="680 000 €", territoire="de la Loire-Atlantique", clients="l'ADMR 44 et plusieurs CCAS",
      techno="la télégestion mobile et des plannings automatisés", techno_court="la télégestion mobile", marche="près de 300 millions d'euros",
      etude="une enquête de l'IRES de 2019", rapport="El Khomri de 2019 sur les métiers du grand âge", prev_years="2018 et 2020",
      prev_name="Domi'Lien", prev_funder="la CNSA", prev_cost="48 000 €", prev_n=5, concurrent="la société Apologic",
      n_ent=5, type_ent="structures d'aide à domicile", public="aides à domicile", start=(2022,10), end=(2023,10))
theme(id="B03", org="SCOP Travail & Territoires", person="Julien Marchal", email="julien.marchal@travail-territoires.coop", title="Caisses automatiques et métiers du commerce de proximité", acro="CAISSE-DIALOGUE",
      since=2015, secteur="du commerce alimentaire", effectif=7, ca="540 000 €", territoire="de la Bretagne", clients="les magasins U de l'Ouest et la coopérative Biocoop Rennes",
      techno="caisses automatiques et d'étiquettes électroniques", techno_court="les caisses automatiques", marche="800 millions d'euros",
      etude="une étude du CREDOC de 2020", rapport="de France Stratégie de 2021", prev_years="2016 et 2018",
      prev_name="Commerces vivants", prev_funder="la DREETS Bretagne", prev_cost="27 500 €", prev_n=8, concurrent="la société Retail Conseil",
      n_ent=6, type_ent="magasins indépendants", public="employés de caisse et de rayon", start=(2022,11), end=(2023,10))
theme(id="B04", org="Laboratoire PACTE-Travail (Université de Grenoble Alpes)", person="Nicolas Ferrand", email="nicolas.ferrand@univ-grenoble-alpes.fr", title="BIM et maquette numérique : le travail de chantier en discussion", acro="BIM-DIALOG",
      since=2015, secteur="du bâtiment", effectif=22, ca="1,1 M€ de contrats de recherche", territoire="alpin", clients="Vinci Construction et Eiffage",
      techno="la maquette numérique (BIM) et des tablettes de chantier", techno_court="la maquette numérique", marche="2 milliards d'euros",
      etude="une étude de l'OPPBTP de 2020", rapport="du Plan BIM 2022 publié par le ministère de la Transition écologique", prev_years="2018 et 2021",
      prev_name="Chantier 4.0", prev_funder="l'ANR", prev_cost="120 000 €", prev_n=3, concurrent="le bureau d'études Numéribat",
      n_ent=4, type_ent="PME du bâtiment", public="compagnons et chefs d'équipe", start=(2022,10), end=(2023,12))
theme(id="B05", org="Cabinet Alterna RH", person="Thomas Lenoir", email="t.lenoir@alterna-rh.fr", title="Intelligence artificielle et gestion des sinistres en mutuelle", acro="IA-SINISTRES",
      since=2012, secteur="de l'assurance et de la mutualité", effectif=35, ca="4,8 M€", territoire="francilien", clients="la MACIF et Harmonie Mutuelle",
      techno="outils d'intelligence artificielle d'aide au traitement des dossiers", techno_court="l'IA d'aide au traitement des dossiers", marche="5 milliards d'euros",
      etude="une étude de l'Université Paris-Dauphine de 2021", rapport="Villani de 2018", prev_years="2019 et 2020",
      prev_name="Qualité du travail en plateforme", prev_funder="l'OPCO Atlas", prev_cost="62 000 €", prev_n=4, concurrent="Accenture",
      n_ent=3, type_ent="mutuelles régionales", public="gestionnaires de sinistres", start=(2022,9), end=(2023,12))
theme(id="B06", org="Association Agri-Travail Occitanie", person="Marion Costes", email="marion.costes@agritravail-oc.fr", title="Robots de traite et travail salarié en élevage laitier", acro="TRAITE-DIALOGUE",
      since=2014, secteur="agricole", effectif=6, ca="410 000 €", territoire="aveyronnais", clients="la coopérative Sodiaal et plusieurs GAEC",
      techno="robots de traite et de capteurs connectés", techno_court="les robots de traite", marche="450 millions d'euros",
      etude="une étude de l'INRAE de 2019", rapport="du CGAAER de 2020", prev_years="2017 et 2018",
      prev_name="Éleveurs employeurs", prev_funder="la MSA Midi-Pyrénées Nord", prev_cost="22 000 €", prev_n=12, concurrent="Lely Center",
      n_ent=8, type_ent="exploitations", public="salariés agricoles", start=(2022,10), end=(2023,9))
theme(id="B07", org="Cabinet Horizon Travail", person="Pauline Rigaud", email="pauline.rigaud@horizon-travail.fr", title="Dossier patient informatisé en EHPAD : soigner le dialogue", acro="DPI-EHPAD",
      since=2013, secteur="médico-social", effectif=11, ca="1,3 M€", territoire="normand", clients="le groupe Korian et la Fondation Partage et Vie",
      techno="dossier patient informatisé et de la transmission sur tablette", techno_court="le dossier patient informatisé", marche="600 millions d'euros",
      etude="une étude de l'EHESP de 2020", rapport="Libault de 2019", prev_years="2019 et 2021",
      prev_name="Soigner ensemble", prev_funder="l'ARS Normandie", prev_cost="40 000 €", prev_n=7, concurrent="la société Netsoins",
      n_ent=5, type_ent="EHPAD", public="aides-soignantes et infirmières", start=(2022,10), end=(2023,11))
theme(id="B08", org="Coopérative Usages & Métiers", person="Antoine Girard", email="antoine.girard@usages-metiers.coop", title="Jumeau numérique et ateliers de mécanique : concevoir avec les opérateurs", acro="JUMEAU-OP",
      since=2015, secteur="de la mécanique industrielle", effectif=18, ca="2,1 M€", territoire="de la vallée de l'Arve", clients="Somfy et plusieurs décolleteurs",
      techno="jumeaux numériques et de systèmes de pilotage de la production (MES)", techno_court="le système de pilotage de la production", marche="3,5 milliards d'euros",
      etude="une étude du CETIM de 2021", rapport="de l'Alliance Industrie du Futur de 2020", prev_years="2018 et 2020",
      prev_name="Atelier agile", prev_funder="Bpifrance", prev_cost="75 000 €", prev_n=5, concurrent="Dassault Systèmes",
      n_ent=4, type_ent="PME industrielles", public="opérateurs et régleurs", start=(2022,11), end=(2024,3))
theme(id="B09", org="Cabinet Trajectoires Publiques", person="Claire Noury", email="c.noury@trajectoires-publiques.fr", title="Portail usagers et agents d'accueil en collectivité", acro="ACCUEIL-NUM",
      since=2010, secteur="des collectivités territoriales", effectif=25, ca="3,2 M€", territoire="des Hauts-de-France", clients="la Métropole Européenne de Lille et le Département du Nord",
      techno="portails citoyens et de la gestion de la relation usager", techno_court="le portail usagers", marche="1,5 milliard d'euros",
      etude="une étude de Sciences Po Lille de 2021", rapport="du Défenseur des droits de 2022 sur la dématérialisation", prev_years="2017 et 2019",
      prev_name="Accueil 2.0", prev_funder="le CNFPT", prev_cost="58 000 €", prev_n=9, concurrent="Capgemini Invent",
      n_ent=4, type_ent="collectivités", public="agents d'accueil", start=(2022,10), end=(2023,12))
theme(id="B10", org="SAS Optimum Transport Conseil", person="Romain Dufresne", email="romain.dufresne@optimum-tc.fr", title="Télématique embarquée et conducteurs routiers", acro="ROUTE-DIALOGUE",
      since=2011, secteur="du transport routier de marchandises", effectif=12, ca="1,9 M€", territoire="de la Champagne", clients="les Transports Heppner et Jacky Perrenot",
      techno="la télématique embarquée et de l'éco-conduite notée", techno_court="la télématique embarquée", marche="900 millions d'euros",
      etude="une étude de l'IFSTTAR de 2019", rapport="du Conseil national routier de 2021", prev_years="2016 et 2019",
      prev_name="Conduire autrement", prev_funder="l'AFT", prev_cost="31 000 €", prev_n=10, concurrent="Masternaut",
      n_ent=5, type_ent="PME de transport", public="conducteurs routiers", start=(2022,10), end=(2023,10))
theme(id="B11", org="Institut Travail et Innovation Sociale (ITIS)", person="Sandrine Lemaire", email="s.lemaire@itis-recherche.fr", title="Plateformes de restauration et cuisiniers : un dialogue sur la commande en ligne", acro="CUISINE-NUM",
      since=2015, secteur="de la restauration", effectif=16, ca="1,4 M€", territoire="marseillais", clients="le groupe Elior et la SCOP Ethicable",
      techno="la commande en ligne et des écrans de cuisine", techno_court="la commande en ligne", marche="7 milliards d'euros",
      etude="une étude de l'Université d'Aix-Marseille de 2021", rapport="de l'Igas de 2021 sur les plateformes", prev_years="2018 et 2020",
      prev_name="Cuisines d'avenir", prev_funder="la Fondation de France", prev_cost="44 000 €", prev_n=6, concurrent="Deliveroo Consulting",
      n_ent=5, type_ent="restaurants", public="cuisiniers et serveurs", start=(2022,10), end=(2023,11))
theme(id="B12", org="Association Dialogues Industriels Normandie", person="Vincent Aubert", email="v.aubert@dialogues-industriels.fr", title="Cobotique dans l'agroalimentaire : associer les représentants du personnel", acro="COBOT-AGRO",
      since=2015, secteur="agroalimentaire", effectif=8, ca="720 000 €", territoire="normand", clients="Lactalis et la coopérative Isigny Sainte-Mère",
      techno="robots collaboratifs sur les lignes de conditionnement", techno_court="les robots collaboratifs", marche="1,8 milliard d'euros",
      etude="une étude de l'Université de Caen de 2020", rapport="de l'INRS de 2021 sur la cobotique", prev_years="2019 et 2021",
      prev_name="Lignes sûres", prev_funder="la Carsat Normandie", prev_cost="38 000 €", prev_n=4, concurrent="Universal Robots",
      n_ent=4, type_ent="entreprises agroalimentaires", public="opérateurs de conditionnement", start=(2022,10), end=(2023,11))
theme(id="B13", org="Cabinet Sémaphore", person="Laurent Texier", email="laurent.texier@semaphore-conseil.fr", title="Outils collaboratifs et travail hybride dans les bureaux d'études", acro="HYBRIDE-BE",
      since=2014, secteur="de l'ingénierie", effectif=20, ca="2,6 M€", territoire="toulousain", clients="Sopra Steria et Altran",
      techno="outils collaboratifs et du travail hybride", techno_court="les outils collaboratifs", marche="4 milliards d'euros",
      etude="une étude de l'Université Toulouse Jean-Jaurès de 2021", rapport="de l'ANI du 26 novembre 2020 sur le télétravail", prev_years="2019 et 2020",
      prev_name="Télétravail serein", prev_funder="la Région Occitanie", prev_cost="52 000 €", prev_n=7, concurrent="Microsoft France",
      n_ent=4, type_ent="bureaux d'études", public="ingénieurs et techniciens", start=(2022,10), end=(2023,10))
theme(id="B14", org="Cabinet Prisme Ergonomie", person="Élodie Bertrand", email="elodie.bertrand@prisme-ergonomie.fr", title="Exosquelettes et manutention en plateforme logistique", acro="EXO-DIALOGUE",
      since=2013, secteur="de la distribution", effectif=10, ca="1,2 M€", territoire="de l'Oise", clients="Carrefour Supply Chain et FM Logistic",
      techno="exosquelettes et d'aides à la manutention", techno_court="les exosquelettes", marche="250 millions d'euros",
      etude="une étude de l'INRS de 2020", rapport="de la DARES de 2021", prev_years="2017 et 2019",
      prev_name="Porter moins", prev_funder="la Carsat Nord-Picardie", prev_cost="29 000 €", prev_n=5, concurrent="la start-up Hapticsys",
      n_ent=3, type_ent="plateformes logistiques", public="manutentionnaires", start=(2022,10), end=(2023,9))
theme(id="B15", org="Association Réseau Numérique Solidaire", person="Karim Haddad", email="k.haddad@rns-asso.org", title="Dématérialisation de l'insertion : conseillers et outils numériques", acro="INSERTION-NUM",
      since=2015, secteur="de l'insertion par l'activité économique", effectif=5, ca="350 000 €", territoire="de la Seine-Saint-Denis", clients="Pôle emploi et plusieurs chantiers d'insertion",
      techno="plateformes de suivi des parcours et de la dématérialisation", techno_court="les plateformes de suivi des parcours", marche="150 millions d'euros",
      etude="une étude de l'Université Paris 8 de 2021", rapport="Borello de 2018", prev_years="2018 et 2019",
      prev_name="Parcours connectés", prev_funder="la Fondation Orange", prev_cost="18 000 €", prev_n=9, concurrent="Simplon",
      n_ent=5, type_ent="structures d'insertion", public="conseillers en insertion", start=(2022,10), end=(2023,12))
theme(id="B16", org="Cabinet Équation Travail", person="Sophie Moreau", email="sophie.moreau@equation-travail.fr", title="Logiciels de planification hospitalière et temps de travail", acro="PLANIF-SANTE",
      since=2012, secteur="hospitalier", effectif=13, ca="1,7 M€", territoire="bourguignon", clients="le CHU de Dijon et le groupe Ramsay",
      techno="logiciels de planification des équipes", techno_court="le logiciel de planification", marche="400 millions d'euros",
      etude="une étude de l'Université de Bourgogne de 2020", rapport="du Ségur de la santé de 2020", prev_years="2017 et 2020",
      prev_name="Temps choisis", prev_funder="l'ANFH", prev_cost="46 000 €", prev_n=6, concurrent="la société Octime",
      n_ent=4, type_ent="établissements de santé", public="soignants", start=(2022,10), end=(2023,11))
theme(id="B17", org="SARL Imprimeries Avenir Conseil", person="Bruno Charpentier", email="b.charpentier@imprimeries-avenir.fr", title="Flux numériques et métiers de l'imprimerie", acro="IMPRIM-FLUX",
      since=2015, secteur="de l'imprimerie", effectif=6, ca="900 000 €", territoire="angevin", clients="l'imprimerie Jouve et plusieurs ateliers de labeur",
      techno="workflows numériques de pré-presse", techno_court="les workflows numériques", marche="350 millions d'euros",
      etude="une étude de l'IDEP de 2019", rapport="de l'Observatoire des métiers de la communication de 2021", prev_years="2016 et 2018",
      prev_name="Atelier d'avenir", prev_funder="l'OPCO EP", prev_cost="24 000 €", prev_n=5, concurrent="Heidelberg France",
      n_ent=5, type_ent="imprimeries", public="conducteurs de presse et opérateurs PAO", start=(2022,10), end=(2023,11))
theme(id="B18", org="Association Coop'Ergo Sud-Ouest", person="Mathieu Lafargue", email="mathieu.lafargue@coopergo.fr", title="Drones et capteurs en viticulture : le travail des ouvriers viticoles", acro="VITI-CAPTEURS",
      since=2015, secteur="viticole", effectif=7, ca="520 000 €", territoire="girondin", clients="les Vignobles Ducourt et la cave de Rauzan",
      techno="drones, de capteurs et d'outils d'aide à la décision", techno_court="les outils d'aide à la décision", marche="500 millions d'euros",
      etude="une étude de l'ISVV de Bordeaux de 2021", rapport="du CGAAER de 2021", prev_years="2018 et 2020",
      prev_name="Vigne et santé", prev_funder="la MSA Gironde", prev_cost="33 000 €", prev_n=10, concurrent="la société Vitibot",
      n_ent=6, type_ent="exploitations viticoles", public="ouvriers viticoles", start=(2022,11), end=(2023,11))
theme(id="B19", org="Cabinet Ancrages", person="Isabelle Perrin", email="isabelle.perrin@ancrages-conseil.fr", title="Gestion électronique des documents dans les cabinets comptables", acro="GED-COMPTA",
      since=2014, secteur="de l'expertise comptable", effectif=9, ca="1,0 M€", territoire="strasbourgeois", clients="le groupe Fiducial et In Extenso Alsace",
      techno="la GED et de la saisie automatisée", techno_court="la saisie automatisée", marche="700 millions d'euros",
      etude="une étude de l'Université de Strasbourg de 2020", rapport="de l'Ordre des experts-comptables de 2021", prev_years="2018 et 2019",
      prev_name="Cabinet 2025", prev_funder="la Région Grand Est", prev_cost="41 000 €", prev_n=8, concurrent="la société Dext",
      n_ent=5, type_ent="cabinets comptables", public="collaborateurs comptables", start=(2022,10), end=(2023,10))
theme(id="B20", org="Fédération Compétences & Travail Centre", person="Nadia Roussel", email="nadia.roussel@fct-centre.fr", title="Tablettes de maintenance et techniciens de réseau", acro="MAINT-TAB",
      since=2015, secteur="de la maintenance des réseaux", effectif=15, ca="1,6 M€", territoire="de la région Centre-Val de Loire", clients="Enedis et plusieurs régies",
      techno="tablettes d'intervention et de l'ordonnancement automatique", techno_court="les tablettes d'intervention", marche="1 milliard d'euros",
      etude="une étude de l'Université de Tours de 2021", rapport="de la Cour des comptes de 2020", prev_years="2017 et 2019",
      prev_name="Techniciens connectés", prev_funder="la DREETS Centre", prev_cost="36 000 €", prev_n=6, concurrent="la société Praxedo",
      n_ent=4, type_ent="entreprises de maintenance", public="techniciens d'intervention", start=(2022,10), end=(2023,12))
theme(id="B21", org="Cabinet Lumen Organisation", person="Cédric Vallet", email="cedric.vallet@lumen-organisation.fr", title="Applications de tournée et agents de propreté", acro="PROPRETE-APP",
      since=2016, secteur="de la propreté", effectif=8, ca="760 000 €", territoire="nantais", clients="Onet et Samsic",
      techno="applications de tournée et de contrôle qualité", techno_court="les applications de tournée", marche="200 millions d'euros",
      etude="une étude de l'Université de Nantes de 2021", rapport="de la DARES de 2020 sur les travailleurs de la deuxième ligne", prev_years="2019 et 2020",
      prev_name="Propreté visible", prev_funder="l'OPCO EP", prev_cost="21 000 €", prev_n=7, concurrent="la société Nettopia",
      n_ent=5, type_ent="entreprises de propreté", public="agents de propreté", start=(2022,10), end=(2023,11))
for i, t in enumerate(T):
    t["v"] = i
D = {t["id"]: t for t in T}

# ------------------------------------------------------------------ per-dossier configuration
def B(pers, depl, prest, fin, **kw):
    return dict(pers=pers, depl=depl, prest=prest, fin=fin, **kw)
C = {}
C["B01"] = dict(desc="docx", budget_loc="xlsx", bvar="xlsx2", pfmt="bullets", client="outlook", date=(2022,8,3,16,42), logo=True,
  b=B([("Consultante senior (pilotage, animation)",40,750),("Ergonome (analyse de l'activité)",25,600)],[("Déplacements sur les sites",3200),("Location de salles et restauration des ateliers",1800)],
      [("Vidéaste : films d'activité",6500),("Graphiste : mise en forme du guide",4000)],[("Anact (Fabrique CTO)",45000),("Carsat Rhône-Alpes",6000),("Autofinancement Ergonomia Conseil",9500)]),
  partners=[("Aract Auvergne-Rhône-Alpes","appui méthodologique et participation au comité de pilotage","Mme Lucie Fabre"),("Carsat Rhône-Alpes","cofinancement de 6 000 € et expertise prévention des TMS","M. Pierre Jamet"),("AFT Rhône-Alpes","mobilisation des entreprises logistiques et relais auprès des centres de formation","Mme Inès Roux")])
C["B02"] = dict(desc="pdf_rl", budget_loc="doc", bvar="table", pfmt="table_contact", client="gmail_fwd", date=(2022,8,8,11,5),
  b=B([("Coordinatrice de projet",60,350),("Chargé de mission",40,300)],[("Frais de déplacement",2400),("Logistique des ateliers",1100)],[("Ergonome indépendante",8000),("Développeur (maquette de planning)",5500)],
      [("Anact",38000),("Conseil départemental de Loire-Atlantique",7000),("Autofinancement",5000)]),
  partners=[("Aract Pays de la Loire","expertise conditions de travail, co-animation des séminaires","Mme Agathe Morin"),("Conseil départemental de Loire-Atlantique","cofinancement et mise en relation avec les structures autorisées","M. Éric Prével"),("Union départementale CFDT de Loire-Atlantique","mobilisation des représentants des salariés","Mme Nora Said")])
C["B03"] = dict(desc="body_text", budget_loc="none", pfmt="body", client="plain", date=(2022,8,10,9,17), announce_budget=True,
  b=None, partners=[("Aract Bretagne","appui méthodologique et participation au comité de pilotage",""),("CCI Ille-et-Vilaine","mobilisation des commerçants indépendants",""),("Fédération des commerces de proximité de Bretagne","relais auprès des adhérents et accueil des séminaires","")])
C["B04"] = dict(desc="docx", budget_loc="reply_xlsx", bvar="years", pfmt="bullets", client="thunderbird", date=(2022,8,4,17,30), reply_date=(2022,8,12,10,2), announce_budget=True,
  b=B([("Post-doctorant (6 mois)",1,24000),("Ingénieur d'études (2 mois)",1,9000)],[("Missions sur les chantiers",4500),("Séminaire de restitution",2000)],[("Transcription des entretiens",3000),("Réalisation vidéo",5000)],
      [("Anact",38000),("Université Grenoble Alpes (autofinancement)",9500)]),
  partners=[("Aract Auvergne-Rhône-Alpes","co-construction des outils et participation au comité de pilotage",""),("FFB Isère","mobilisation des entreprises du bâtiment",""),("CAPEB Savoie","relais auprès des artisans et accueil des ateliers","")])
C["B05"] = dict(desc="pdf_lo", budget_loc="body_html", bvar="table", pfmt="bullets", client="outlook", date=(2022,8,16,14,12), logo=True, autoreply=(2022,8,22,9,0),
  b=B([("Consultant senior",80,900),("Consultant",50,650)],[("Déplacements",6000),("Logistique des séminaires",3500)],[("Data scientist indépendant",12000),("Juriste en droit social",4000)],
      [("Anact",95000),("OPCO Atlas",10000),("Autofinancement Alterna RH",25000)]),
  partners=[("Aract Île-de-France","appui méthodologique, participation au comité de pilotage",""),("OPCO Atlas","cofinancement de 10 000 € et diffusion auprès de la branche",""),("Fédération CFE-CGC de l'assurance","mobilisation des représentants du personnel","")])
C["B06"] = dict(desc="docx", budget_loc="doc", bvar="table", inkind=("Apport en nature : valorisation du temps des éleveurs (pour mémoire, hors coût total)",4000), pfmt="bullets", client="plain", date=(2022,8,17,21,48),
  b=B([("Chargée de mission",70,320),("Ergonome",30,480)],[("Déplacements dans les exploitations",5200),("Logistique des rencontres",1800)],[("Animation théâtre-forum",7200),("Réalisation vidéo",5000)],
      [("Anact",49000),("Autofinancement",4000),("MSA Midi-Pyrénées Nord",3000)]),
  partners=[("Aract Occitanie","appui méthodologique",""),("MSA Midi-Pyrénées Nord","cofinancement de 3 000 € et intervention des conseillers en prévention",""),("Chambre d'agriculture de l'Aveyron","mobilisation des éleveurs employeurs","")])
C["B07"] = dict(desc="pdf_rl", budget_loc="doc", bvar="table", pfmt="bullets", client="plain", date=(2022,8,24,8,41),
  b=B([("Consultante",45,700),("Psychologue du travail",20,650)],[("Déplacements",2800),("Logistique",1200)],[("Facilitation graphique",3500)],
      [("Anact",40000),("Autofinancement",6000),("ARS Normandie",6000)]),
  partners=[("Aract Normandie","expertise et participation au comité de pilotage",""),("ARS Normandie","cofinancement et appui à la sélection des EHPAD",""),("FHF Normandie","diffusion auprès des établissements publics","")])
C["B08"] = dict(desc="docx", budget_loc="xlsx", bvar="xlsx1", pfmt="table_contact", client="outlook", date=(2022,8,18,10,20),
  b=B([("Consultant",50,700),("Ergonome",20,600)],[("Déplacements",3000),("Logistique",1500)],[("Modélisation 3D des postes",9000)],
      [("Anact",46000),("Autofinancement",8500),("UIMM Haute-Savoie",6000)]),
  partners=[("Aract Auvergne-Rhône-Alpes","appui méthodologique","Mme Lucie Fabre"),("UIMM Haute-Savoie","cofinancement, mobilisation des entreprises","M. Olivier Pasquier")],
  pressenti=[("Pôle Mont-Blanc Industries","diffusion des résultats (participation à confirmer)","M. Jean Berthod")])
C["B09"] = dict(desc="pdf_rl", budget_loc="doc", bvar="htttc", pfmt="prose_people", client="outlook", date=(2022,8,19,15,55), logo=True,
  b=B([("Directrice de mission",30,850),("Consultante",45,600)],[("Déplacements",3500),("Location de salles",2000)],[("Designer de services",8000),("Captation vidéo",4000)],
      [("Anact",52000),("Autofinancement",8000),("CNFPT délégation Hauts-de-France",10000)]),
  partners=[("Aract Hauts-de-France","Mme Sophie Garnier, directrice de l'Aract Hauts-de-France, a confirmé la participation de deux chargés de mission aux groupes de travail et au comité de pilotage."),
            ("CNFPT Hauts-de-France","M. Paul Vidal, délégué régional du CNFPT Hauts-de-France, s'est engagé à cofinancer le projet à hauteur de 10 000 € et à intégrer la méthode dans l'offre de formation des agents."),
            ("Interco CFDT du Nord","Mme Anne Leroy, secrétaire générale du syndicat Interco CFDT du Nord, mobilisera les représentants du personnel des collectivités participantes.")])
C["B10"] = dict(desc="body_text", budget_loc="docx_budget", bvar="pct", pfmt="body", client="gmail", date=(2022,8,20,18,3), omit=["cibles","perennisation"],
  b=B([("Consultant",40,600),("Formateur",15,550)],[("Déplacements",4800),("Logistique",950)],[("Analyse des données télématiques",6000)],
      [("Anact",33000),("Autofinancement",6000),("AFT Grand Est",5000)]),
  partners=[("Aract Grand Est","appui méthodologique et participation au comité de pilotage",""),("AFT Grand Est","cofinancement et formation des tuteurs",""),("FNTR Marne","mobilisation des entreprises de transport","")])
C["B11"] = dict(desc="pdf_lo", budget_loc="doc", bvar="pct", summary=True, pfmt="bullets", client="gmail", date=(2022,8,11,22,15),
  b=B([("Chercheuse",35,550),("Chargé d'études",50,380)],[("Déplacements",2600),("Logistique",1650)],[("Illustration et traduction",4500),("Intervenant théâtre",3000)],
      [("Anact",39000),("Autofinancement ITIS",6000),("Ville de Marseille",5000)]),
  partners=[("Aract Provence-Alpes-Côte d'Azur","appui méthodologique",""),("UMIH 13","mobilisation des restaurateurs",""),("Ville de Marseille","cofinancement et mise à disposition de salles","")])
C["B12"] = dict(desc="docx", budget_loc="xlsx", bvar="xlsx1", pfmt="prose_people", client="outlook", date=(2022,8,22,12,30),
  b=B([("Chargé de mission",55,400),("Ergonome",25,620)],[("Déplacements",2700),("Logistique",1300)],[("Expertise intégrateur robotique",7500),("Vidéo",3000)],
      [("Anact",39000),("Carsat Normandie",8000),("Autofinancement",5000)]),
  partners=[("Aract Normandie","M. Hervé Gosselin, directeur de l'Aract Normandie, a confirmé l'appui d'une chargée de mission pour la co-animation des groupes de travail."),
            ("Carsat Normandie","Mme Valérie Hébert, responsable du service prévention de la Carsat Normandie, a confirmé un cofinancement de 8 000 € et la participation d'un ingénieur conseil au comité de pilotage."),
            ("Union régionale CFDT Normandie","M. Yann Lecoq, secrétaire régional de l'Union régionale CFDT Normandie, mobilisera les élus des CSE des entreprises pilotes.")],
  pressenti=[("AREA Normandie","L'AREA Normandie (association régionale des entreprises alimentaires) est pressentie pour relayer la démarche ; sa participation reste à confirmer.")])
C["B13"] = dict(desc="docx", budget_loc="doc", bvar="table", pfmt="table_contact", client="gmail", date=(2022,8,9,13,45), omit=["pilotage","perennisation"],
  b=B([("Consultant",40,700),("Sociologue",20,650)],[("Déplacements",2000),("Logistique",1500)],[("Plateforme d'enquête en ligne",2500),("Illustration",3000)],
      [("Anact",38000),("Autofinancement",7000),("Fédération Syntec",5000)]),
  partners=[("Aract Occitanie","appui méthodologique","Mme Cécile Bousquet, chargée de mission, 05 61 00 00 00"),("Fédération Syntec","cofinancement, mobilisation des bureaux d'études","M. Arnaud Petit, délégué régional"),("Laboratoire CERTOP (Université Toulouse Jean-Jaurès)","conduite des entretiens et analyse","Pr. Marc Durand")])
C["B14"] = dict(desc="pdf_rl", budget_loc="doc", bvar="table", pfmt="bullets", client="apple_quote", date=(2022,8,15,19,26), omit=["perennisation"],
  b=B([("Ergonome",50,650),("Chargée d'études",30,400)],[("Déplacements",2500),("Logistique",1000)],[("Expertise biomécanique",5000)],
      [("Anact",40000),("Autofinancement",7000),("Carsat Nord-Picardie",6000)]),
  partners=[("Aract Hauts-de-France","appui méthodologique",""),("Carsat Nord-Picardie","cofinancement et expertise technique",""),("Union locale CFDT de Creil","mobilisation des représentants du personnel","")])
C["B15"] = dict(desc="docx", budget_loc="doc", bvar="table", pfmt="names_only", client="gmail", date=(2022,8,5,10,12), reply_date=(2022,8,19,16,40),
  b=B([("Coordinateur",60,300),("Chargée de mission",40,280)],[("Déplacements",1800),("Logistique",1000)],[("Designer UX",6000),("Formation des conseillers",3000)],
      [("Anact",32000),("Autofinancement",4000),("Département de la Seine-Saint-Denis",5000)]),
  partners=[("Aract Île-de-France","appui méthodologique et participation au comité de pilotage",""),("Département de la Seine-Saint-Denis","cofinancement de 5 000 € et mobilisation des structures conventionnées",""),("Fédération des acteurs de la solidarité Île-de-France","diffusion des résultats auprès de son réseau","")])
C["B16"] = dict(desc="pdf_lo", budget_loc="doc", bvar="table", pfmt="bullets", client="outlook", date=(2022,8,23,17,50), omit=["phasage"],
  b=B([("Consultante",45,680),("Ergonome",25,600)],[("Déplacements",2400),("Logistique",1000)],[("Analyse statistique des plannings",5000)],
      [("Anact",42000),("ANFH Bourgogne-Franche-Comté",6000),("Autofinancement",6000)]),
  partners=[("Aract Bourgogne-Franche-Comté","appui méthodologique",""),("ANFH Bourgogne-Franche-Comté","cofinancement",""),("Centre hospitalier de Beaune","terrain d'expérimentation et participation au comité de pilotage","")])
C["B17"] = dict(desc="html_body", budget_loc="xlsx", bvar="xlsx_nocofin", pfmt="bullets", client="html", date=(2022,8,14,8,55),
  b=B([("Consultant",50,600),("Graphiste expert",20,500)],[("Déplacements",3000),("Logistique",2000)],[("Formation",8000),("Vidéo",7000)],
      [("Anact",48000)]),
  partners=[("Aract Pays de la Loire","appui méthodologique",""),("UNIIC Ouest","mobilisation des imprimeries",""),("Lycée Chevrollier","accueil des ateliers et participation des enseignants","")])
C["B18"] = dict(desc="body_text", budget_loc="body_text", bvar="text", pfmt="body", client="plain", date=(2022,8,21,20,14), longsig=True,
  b=B([("Chargé de mission",60,350),("Ergonome",30,550)],[("Déplacements",4200),("Logistique",1300)],[("Captation et montage vidéo",5000)],
      [("Anact",36000),("MSA Gironde",5000),("Autofinancement",7000)]),
  partners=[("Aract Nouvelle-Aquitaine","appui méthodologique",""),("MSA Gironde","cofinancement de 5 000 € et conseil en prévention",""),("Fédération des grands vins de Bordeaux","mobilisation des exploitations","")])
C["B19"] = dict(desc="pdf_rl", budget_loc="xlsx", bvar="years", pfmt="bullets", client="gmail", date=(2022,8,12,7,58), omit=["cibles","resultats"],
  b=B([("Consultante",40,650),("Consultant junior",30,400)],[("Déplacements",1500),("Logistique",800)],[("Expert-comptable consultant",4000),("Outils d'enquête",700)],
      [("Anact",34000),("Ordre des experts-comptables d'Alsace",4000),("Autofinancement",7000)]),
  partners=[("Aract Grand Est","appui méthodologique",""),("Ordre des experts-comptables d'Alsace","cofinancement et mobilisation des cabinets",""),("Université de Strasbourg","co-analyse des résultats","")])
C["B20"] = dict(desc="docx", budget_loc="fwd_xlsx", bvar="xlsx1", pfmt="bullets", client="tb_fwd", date=(2022,8,23,9,12),
  b=B([("Chargée de projet",50,450),("Formateur technique",20,500)],[("Déplacements",5500),("Logistique",1500)],[("Ergonome",7500),("Vidéo",3000)],
      [("Anact",38500),("Région Centre-Val de Loire",5000),("Autofinancement",6500)]),
  partners=[("Aract Centre-Val de Loire","appui méthodologique",""),("Région Centre-Val de Loire","cofinancement",""),("CFE-CGC Énergies Centre","mobilisation des représentants du personnel","")])
C["B21"] = dict(desc="docx", budget_loc="split_pdf", bvar="table", pfmt="bullets_split", client="gmail", date=(2022,8,16,9,40), reply_date=(2022,8,17,14,5),
  b=B([("Consultant",40,600),("Ergonome",20,550)],[("Déplacements",2500),("Logistique",1000)],[("Maquette d'application",6000),("Illustration",2500)],
      [("Anact",36000),("OPCO EP",5000),("Autofinancement",6000)]),
  partners=[("Aract Pays de la Loire","appui méthodologique",""),("OPCO EP","cofinancement",""),("FEP Ouest","mobilisation des entreprises de propreté","")])

# ------------------------------------------------------------------ budget / partner blocks
def totals(b):
    p = sum(q * r for _, q, r in b["pers"]); dl = sum(a for _, a in b["depl"]); pr = sum(a for _, a in b["prest"])
    return p, dl, pr, p + dl + pr

def pers_label(l, q, r):
    return l if q == 1 else f"{l} : {q} jours × {eur2(r)}"

def budget_blocks(t, c):
    b = c["b"]; p, dl, pr, tot = totals(b); v0 = c["bvar"]; v = "table" if v0.startswith("xlsx") else v0
    out = [("h", "Budget détaillé du projet")]
    if v in ("table", "text"):
        rows = [["Poste de dépense", "Détail", "Montant"], ["Dépenses de personnel", "", ""]]
        rows += [["", pers_label(l, q, r), eur(q * r)] for l, q, r in b["pers"]] + [["Sous-total personnel", "", eur(p)], ["Frais de déplacement et logistique", "", ""]]
        rows += [["", l, eur(a)] for l, a in b["depl"]] + [["Sous-total déplacements et logistique", "", eur(dl)], ["Achats de prestations", "", ""]]
        rows += [["", l, eur(a)] for l, a in b["prest"]] + [["Sous-total prestations", "", eur(pr)], ["TOTAL DES DÉPENSES", "", eur(tot)]]
        out.append(("table", rows))
    elif v == "pct":
        rows = [["Dépenses", "Montant", "% du total"]]
        for l, q, r in b["pers"]: rows.append([pers_label(l, q, r), eur(q * r), f"{100*q*r/tot:.1f} %"])
        for l, a in b["depl"] + b["prest"]: rows.append([l, eur(a), f"{100*a/tot:.1f} %"])
        rows.append(["Total", eur(tot), "100 %"])
        out += [("p", "Dépenses de personnel, frais de déplacement et de logistique, achats de prestations :"), ("table", rows)]
    elif v == "htttc":
        rows = [["Poste", "Montant HT", "TVA 20 %", "Montant TTC"]]
        tt = 0
        for l, q, r in b["pers"]: rows.append([f"Personnel – {pers_label(l,q,r)}", eur(q*r), "—", eur(q*r)]); tt += q*r
        for l, a in b["depl"]:
            tva = a * 0.2 if l.startswith("Location") else 0
            rows.append([f"Déplacements / logistique – {l}", eur(a), eur(tva) if tva else "—", eur(a + tva)]); tt += a + tva
        for l, a in b["prest"]: rows.append([f"Prestations – {l}", eur(a), eur(a*0.2), eur(a*1.2)]); tt += a * 1.2
        rows.append(["Total", eur(tot), eur(tt - tot), eur(tt)])
        out += [("table", rows), ("p", f"Le coût total du projet retenu pour le plan de financement est de {eur(tot)} HT, Ernst la TVA étant récupérée par notre structure.".replace(" Ernst", ""))]
    elif v == "years":
        rows = [["Poste", "2022", "2023", "Total"]]
        def sp(a):
            a1 = round(a * 0.3 / 100) * 100; return [eur(a1), eur(a - a1), eur(a)]
        for l, q, r in b["pers"]: rows.append([f"Personnel – {pers_label(l,q,r)}"] + sp(q*r))
        for l, a in b["depl"]: rows.append([f"Déplacements et logistique – {l}"] + sp(a))
        for l, a in b["prest"]: rows.append([f"Prestations – {l}"] + sp(a))
        s22 = sum(round(x * 0.3 / 100) * 100 for x in [q*r for _, q, r in b["pers"]] + [a for _, a in b["depl"] + b["prest"]])
        rows.append(["Total", eur(s22), eur(tot - s22), eur(tot)])
        out.append(("table", rows))
    # financing
    if v0 == "xlsx_nocofin":
        out += [("p", f"Montant sollicité auprès de l'Anact : {eur(b['fin'][0][1])}. Le solde sera couvert par nos fonds propres.")]
    else:
        out.append(("h2", "Plan de financement"))
        rows = [["Financeur", "Montant"] + (["%"] if v == "pct" else [])]
        for n, a in b["fin"]:
            rows.append([n, eur(a)] + ([f"{100*a/tot:.0f} %"] if v == "pct" else []))
        rows.append(["Total", eur(tot)] + (["100 %"] if v == "pct" else []))
        out.append(("table", rows))
        if c.get("inkind"):
            out.append(("p", f"{c['inkind'][0]} : {eur(c['inkind'][1])}."))
    return out

def partner_blocks(t, c, names_only=False):
    ps = c["partners"]; f = c["pfmt"]
    out = [("h", "Partenaires mobilisés et contributions")]
    if f == "names_only":
        out += [("bullets", [n for n, _, _ in ps]), ("p", "Leurs contributions respectives seront précisées dans les lettres de soutien, qui suivront.")]
    elif f in ("bullets", "body", "bullets_split"):
        out.append(("bullets", [f"{n} : {k}" for n, k, _ in ps]))
    elif f == "table_contact":
        out.append(("table", [["Partenaire", "Contact", "Contribution"]] + [[n, ct, k] for n, k, ct in ps]
                    + [[n, ct, k] for n, k, ct in c.get("pressenti", [])]))
    elif f == "prose_people":
        out += [("p", k) for _, k in ps] + [("p", k) for _, k in c.get("pressenti", [])]
    if c.get("pressenti") and f not in ("table_contact", "prose_people"):
        out += [("p", f"{n} : {k}") for n, k, _ in c["pressenti"]]
    return out

def desc_blocks(t, c):
    out = []
    hv = t["v"] % 4
    for k in ORDER:
        if k in c.get("omit", []):
            continue
        out.append(("h", HEAD[k][hv]))
        for x in BUILD[k](t):
            out.append(x if isinstance(x, tuple) else ("p", x))
    return out

def summary_blocks(t, c):
    b = c["b"]; tot = totals(b)[3]
    return [("table", [["Porteur", t["org"]], ["Intitulé", t["title"]], ["Durée", "14 mois"],
                       ["Coût total du projet", eur(tot)], ["Montant sollicité auprès de l'Anact", eur(b["fin"][0][1])]])]


# ------------------------------------------------------------------ renderers
def docx_bytes(blocks, title):
    """The DOCX's bytes, with fixed zip timestamps and core properties dates."""
    d = docx.Document()
    d.add_heading(title, 0)
    for b in blocks:
        k = b[0]
        if k == "h": d.add_heading(b[1], 1)
        elif k == "h2": d.add_heading(b[1], 2)
        elif k == "p": d.add_paragraph(b[1])
        elif k == "bullets":
            for it in b[1]: d.add_paragraph(it, style="List Bullet")
        elif k == "table":
            rows = b[1]; tb = d.add_table(rows=len(rows), cols=len(rows[0])); tb.style = "Table Grid"
            for i, r in enumerate(rows):
                for j, v in enumerate(r): tb.cell(i, j).text = str(v)
    bio = io.BytesIO()
    d.save(bio)
    return freeze_zip(bio.getvalue())

def to_docx(blocks, path, title):
    Path(path).write_bytes(docx_bytes(blocks, title))

def to_pdf_rl(blocks, path, title):
    ss = getSampleStyleSheet(); st = [Paragraph(title, ss["Title"])]
    for b in blocks:
        k = b[0]
        if k == "h": st.append(Paragraph(b[1], ss["Heading2"]))
        elif k == "h2": st.append(Paragraph(b[1], ss["Heading3"]))
        elif k == "p": st.append(Paragraph(b[1], ss["BodyText"]))
        elif k == "bullets": st.append(ListFlowable([ListItem(Paragraph(x, ss["BodyText"])) for x in b[1]], bulletType="bullet"))
        elif k == "table":
            tb = Table([[Paragraph(str(v), ss["BodyText"]) for v in r] for r in b[1]])
            tb.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)])); st += [tb, Spacer(1, 6)]
    SimpleDocTemplate(path, pagesize=A4, invariant=1).build(st)

def to_pdf_lo(pdf, path):
    """The PDF LibreOffice drew from the DOCX (converted beforehand, in one batch: see `_build`)."""
    Path(path).write_bytes(pdf)

def to_text(blocks):
    out = []
    for b in blocks:
        k = b[0]
        if k == "h": out += ["", b[1].upper(), ""]
        elif k == "h2": out += ["", b[1], "-" * len(b[1])]
        elif k == "p": out += [b[1], ""]
        elif k == "bullets": out += [f"- {x}" for x in b[1]] + [""]
        elif k == "table":
            w = [max(len(str(r[j])) for r in b[1]) for j in range(len(b[1][0]))]
            out += ["  ".join(str(v).ljust(w[j]) for j, v in enumerate(r)).rstrip() for r in b[1]] + [""]
    return "\n".join(out)

def esc(s): return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
def to_html(blocks):
    out = []
    for b in blocks:
        k = b[0]
        if k == "h": out.append(f"<h3>{esc(b[1])}</h3>")
        elif k == "h2": out.append(f"<h4>{esc(b[1])}</h4>")
        elif k == "p": out.append(f"<p>{esc(b[1])}</p>")
        elif k == "bullets": out.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in b[1]) + "</ul>")
        elif k == "table":
            out.append('<table border="1" cellpadding="3" style="border-collapse:collapse">' + "".join(
                "<tr>" + "".join(f"<td>{esc(str(v))}</td>" for v in r) + "</tr>" for r in b[1]) + "</table>")
    return "\n".join(out)

def to_xlsx(t, c, path):
    b = c["b"]; wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Budget projet"
    wb.properties.created = wb.properties.modified = FIXED_DATE
    ws.append([f"Budget prévisionnel – {t['acro']}"]); ws.append([])
    bl = budget_blocks(t, c)
    for blk in bl:
        if blk[0] == "table":
            for r in blk[1]:
                ws.append([(_num(v)) for v in r])
            ws.append([])
        elif blk[0] in ("p", "h2"):
            ws.append([blk[1]])
    if c.get("bvar") == "xlsx2":
        w2 = wb.create_sheet("Budget structure 2022")
        for r in [["Budget global de la structure – exercice 2022"], [], ["Poste", "Montant"], ["Chiffre d'affaires prévisionnel", 2400000],
                  ["Masse salariale", 1650000], ["Frais généraux", 420000], ["Investissements", 85000], ["Résultat prévisionnel", 245000]]:
            w2.append(r)
    bio = io.BytesIO()
    wb.save(bio)
    Path(path).write_bytes(freeze_zip(bio.getvalue()))

def _num(v):
    s = str(v)
    if s.endswith(" €") and s[:-2].replace("\u202f", "").replace(".", "").isdigit():
        x = float(s[:-2].replace("\u202f", "")); return int(x) if x == int(x) else x
    return s


# ------------------------------------------------------------------ mail
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2dd2fa70000000049454e44ae426082")
# A build's mails, reset by `_run`: the count, each file's Date and message (written at the end, renumbered by Date).
NMAIL = [0]
FDATE = {}
MAILS = {}
def dt(tup, tz=PARIS):
    return datetime(*tup, rnd.randrange(60), tzinfo=tz)

def mid_for(client, dom):
    h = "%032X" % rnd.getrandbits(128)
    if client == "outlook": return f"<PR1P264MB{h[:20]}@PR1P264MB{h[20:24]}.FRAP264.PROD.OUTLOOK.COM>"
    if client.startswith("gmail"): return f"<CA{h[:30]}+{h[30:]}@mail.gmail.com>"
    if client == "apple_quote": return f"<{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}@{dom}>"
    return f"<{h[:16].lower()}.{h[16:24].lower()}@{dom}>"

def signature(t, long=False):
    s = f"\n--\n{t['person']}\n{t['org']}\n"
    if long:
        s += ("Responsable de projets – Pôle innovation sociale\n"
              "Tél. : 05 56 00 12 34 | Mob. : 06 12 34 56 78\n"
              "12, rue des Vignerons – 33000 Bordeaux\n"
              "SIRET 812 345 678 00021 – APE 9499Z\n"
              f"www.{t['email'].split('@')[1]}\n\n"
              "Ce message et ses pièces jointes sont confidentiels et établis à l'attention exclusive de leurs destinataires. "
              "Toute utilisation ou diffusion non autorisée est interdite. Si vous avez reçu ce message par erreur, merci de le détruire "
              "et d'en avertir immédiatement l'expéditeur. L'intégrité de ce message ne pouvant être assurée sur Internet, "
              f"{t['org']} ne peut être tenu responsable de son contenu.\n"
              "Pensez à l'environnement avant d'imprimer ce message.\n")
    else:
        s += f"Tél. 01 23 45 67 {rnd.randrange(10,99)}\n"
    return s

def write_mail(frm_name, frm, subject, date, text, html=None, atts=(), inreply=None, refs=None, logo=False, mid=None, client="plain", extra=None):
    m = EmailMessage(policy=policy.SMTP)
    m["From"] = f"{frm_name} <{frm}>"; m["To"] = "fabrique@anact.fr"; m["Subject"] = subject
    m["Date"] = format_datetime(date); mid = mid or mid_for(client, frm.split("@")[1]); m["Message-ID"] = mid
    if inreply: m["In-Reply-To"] = inreply; m["References"] = refs or inreply
    for k, v in (extra or {}).items(): m[k] = v
    m.set_content(text)
    if html or logo:
        h = html or "<div>" + esc(text).replace("\n", "<br>") + "</div>"
        if logo: h += '<p><img src="cid:image001.png@01D8A7C2.5F3E1B20" width="120" alt="logo"></p>'
        m.add_alternative(f"<html><body>{h}</body></html>", subtype="html")
        if logo:
            m.get_payload()[1].add_related(PNG, "image", "png", cid="<image001.png@01D8A7C2.5F3E1B20>", filename="image001.png")
    for path, name in atts:
        data = Path(path).read_bytes()
        mt = {"pdf": ("application", "pdf"), "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
              "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")}[name.rsplit(".", 1)[1]]
        m.add_attachment(data, maintype=mt[0], subtype=mt[1], filename=name)
    NMAIL[0] += 1
    fn = f"{NMAIL[0]:04d}.eml"
    MAILS[fn] = m
    FDATE[fn] = date
    return mid, fn, date


# ------------------------------------------------------------------ main
def _lo_sources():
    """(dossier, blocks, title) of the descriptions LibreOffice turns into PDF, as `_run` builds them."""
    out = []
    for did in C:
        t = D[did]; c = C[did]
        if c["desc"] != "pdf_lo":
            continue
        blocks = ([] if not c.get("summary") else summary_blocks(t, c)) + desc_blocks(t, c)
        if c.get("budget_loc") == "doc": blocks += budget_blocks(t, c)
        if c["pfmt"] != "bullets_split": blocks += partner_blocks(t, c)
        out.append((did, blocks, f"{t['acro']} – {t['title']}"))
    return out


def _run(docs, lo_pdfs):
    """Every dossier and mail, whether LibreOffice drew its PDFs or not (the random draws stay the
    same): the dossiers' truth, the messages' records, and the dossier each mail file belongs to."""
    rnd.seed(SEED)
    NMAIL[0] = 0; FDATE.clear(); MAILS.clear()
    dossiers = []; messages = []; owner = {}
    def addmsg(mid, fn, cls, did, **kw):
        messages.append(dict(message_id=mid, file="mail/" + fn, classification=cls, dossier_id=did, **kw))
        if did: owner[fn] = did

    order = list(C.keys()); rnd.shuffle(order)
    # schedule by date
    order.sort(key=lambda k: C[k]["date"])
    for did in order:
        t = D[did]; c = C[did]; b = c.get("b")
        title = f"{t['acro']} – {t['title']}"
        blocks = ([] if not c.get("summary") else summary_blocks(t, c)) + desc_blocks(t, c)
        notes = []
        in_doc_budget = c.get("budget_loc") == "doc"
        if in_doc_budget: blocks += budget_blocks(t, c)
        if c["pfmt"] != "bullets_split": blocks += partner_blocks(t, c)
        atts = []; base = f"AMI Fabrique CTO 2022 - {t['org'].split('(')[0].strip()} - {t['acro']}"
        base = base.replace("'", "")
        f = c["desc"]
        body_blocks_text = None; body_html = None
        if f == "docx":
            p = os.path.join(docs, base + ".docx"); to_docx(blocks, p, title); atts.append((p, os.path.basename(p)))
        elif f == "pdf_rl":
            p = os.path.join(docs, base + ".pdf"); to_pdf_rl(blocks, p, title); atts.append((p, os.path.basename(p)))
        elif f == "pdf_lo":
            p = os.path.join(docs, base + ".pdf"); to_pdf_lo(lo_pdfs.get(did, b""), p); atts.append((p, os.path.basename(p)))
        elif f == "body_text":
            bb = blocks + (budget_blocks(t, c) if c["budget_loc"] == "body_text" else [])
            body_blocks_text = to_text(bb)
        elif f == "html_body":
            body_html = to_html(blocks)
        bl = c["budget_loc"]
        if bl in ("xlsx", "fwd_xlsx"):
            p = os.path.join(docs, f"Budget_{t['acro']}.xlsx"); to_xlsx(t, c, p)
            if bl == "xlsx": atts.append((p, os.path.basename(p)))
        if bl == "docx_budget":
            p = os.path.join(docs, f"Budget previsionnel {t['acro']}.docx"); to_docx(budget_blocks(t, c), p, f"Budget – {t['acro']}"); atts.append((p, os.path.basename(p)))
        # body
        hello = rnd.choice(["Madame, Monsieur,", "Bonjour,", "Mesdames, Messieurs,"])
        intro = f"{hello}\n\nVeuillez trouver ci-joint la candidature de {t['org']} à l'appel à manifestation d'intérêt « Développer le dialogue social technologique au travail » (Fabrique CTO 2022), pour le projet « {t['title']} » ({t['acro']}).\n"
        if c.get("announce_budget"):
            intro += "\nLe budget détaillé vous sera transmis la semaine prochaine : nous attendons encore la validation de notre service financier.\n"
        if c["pfmt"] == "names_only":
            intro += "\nLes lettres de soutien de nos partenaires suivront dès signature.\n"
        if c["budget_loc"] == "body_html":
            intro += "\nLe budget détaillé figure ci-dessous.\n"
        if f in ("body_text",):
            intro = f"{hello}\n\nNous avons le plaisir de vous adresser ci-dessous notre proposition pour l'AMI Fabrique CTO 2022.\n\n{title.upper()}\n" + body_blocks_text + "\n"
        if bl == "body_text":
            intro += ("\nPour information, budget global de l'association (exercice 2021) : total des charges 520 000 €, dont masse salariale 390 000 €, "
                      "produits 534 000 €, dont subventions publiques 310 000 €.\n")
        text = intro + "\nRestant à votre disposition pour tout complément,\nBien cordialement,\n" + signature(t, c.get("longsig") or c.get("logo"))
        html = None
        if f == "html_body" or bl == "body_html":
            html = "<p>" + esc(intro).replace("\n", "<br>") + "</p>"
            if f == "html_body": html += f"<h2>{esc(title)}</h2>" + body_html
            if bl == "body_html": html += to_html(budget_blocks(t, c))
            html += "<p>Bien cordialement,<br>" + esc(signature(t, True)).replace("\n", "<br>") + "</p>"
            if f == "html_body": text = to_text([("p", intro)] + blocks) + signature(t)
            if bl == "body_html": text = intro + "\n" + to_text(budget_blocks(t, c)) + "\nBien cordialement,\n" + signature(t, True)
        subj = rnd.choice([f"Candidature AMI Fabrique CTO – {t['acro']}", f"AMI Fabrique CTO 2022 : proposition {t['org']}", f"Réponse à l'appel à projets Fabrique CTO - {t['title']}"])
        client = c["client"]; date = dt(c["date"])
        frm_name, frm = t["person"], t["email"]
        msgs = []
        if client == "gmail_fwd":
            col = ("Damien Pichon", "d.pichon@" + t["email"].split("@")[1])
            odate = dt((2022, 8, 7, 18, 30))
            text = (f"Bonjour,\n\nJe vous transfère la candidature préparée par {t['person']}, notre directrice, dont l'envoi a échoué hier soir (pièce jointe trop lourde pour sa messagerie).\n"
                    f"Merci de bien vouloir la prendre en compte.\n\nCordialement,\nDamien Pichon\nAssistant de direction\n\n"
                    f"---------- Forwarded message ---------\nDe : {t['person']} <{t['email']}>\nDate: dim. 7 août 2022 à 18:30\nSubject: {subj}\nTo: <fabrique@anact.fr>\n\n" + text)
            subj = "Fwd: " + subj; frm_name, frm = col
            notes.append("forwarded by a colleague (Gmail 'Forwarded message'); applicant e-mail = forwarder")
        if client == "tb_fwd":
            col = ("Guillaume Henry", "g.henry@" + t["email"].split("@")[1])
            text = (f"Bonjour,\n\nEn l'absence de {t['person']}, je vous transfère sa candidature envoyée hier et y joins le budget prévisionnel "
                    f"qui manquait à son envoi.\n\nBien à vous,\nGuillaume Henry\nDirecteur administratif et financier\n{t['org']}\n\n"
                    f"-------- Message transféré --------\nSujet : \t{subj}\nDate : \tMon, 22 Aug 2022 17:55:10 +0200\nDe : \t{t['person']} <{t['email']}>\nPour : \tfabrique@anact.fr\n\n"
                    + text.replace("Veuillez trouver ci-joint la candidature", "Veuillez trouver ci-joint la description de la candidature"))
            subj = "Fwd: " + subj; frm_name, frm = col
            atts.append((os.path.join(docs, f"Budget_{t['acro']}.xlsx"), f"Budget_{t['acro']}.xlsx"))
            notes.append("Thunderbird forward by a colleague who adds the budget XLSX; original was sent only to him")
        if client == "apple_quote":
            text = (f"Bonjour Madame Dumas,\n\nSuite à notre échange, je vous adresse la proposition d'{t['org']} en pièce jointe.\n\nBien cordialement,\n{t['person']}\n\n"
                    "> Le 12 juil. 2022 à 10:14, Claire Dumas <claire.dumas@anact.fr> a écrit :\n>\n> Bonjour Madame Bertrand,\n>\n"
                    "> Je vous confirme que votre structure est éligible. Le dossier doit comporter la description du projet (contexte, objectifs,\n"
                    "> problématique, cibles, déroulé méthodologique avec un phasage détaillé, pilotage et comitologie, résultats escomptés,\n"
                    "> perspectives de pérennisation et d'essaimage), un budget détaillé (personnel, déplacements et logistique, prestations,\n"
                    "> cofinancements) ainsi que la liste des partenaires mobilisés et leur contribution. Le montant maximal est de 80 000 €\n"
                    "> et un cofinancement de 20 % est attendu. Les projets doivent s'achever au plus tard le 30 décembre 2023.\n>\n"
                    "> Bien cordialement,\n> Claire Dumas\n> Chargée de mission Fabrique CTO – Anact\n> 192, avenue Thiers – 69006 Lyon\n")
            subj = "Re: Question éligibilité AMI Fabrique CTO"
            notes.append("reply to an Anact staff message quoted below (quoted text lists every requirement incl. pérennisation)")
        extra = {"X-Mailer": "Apple Mail (2.3696.120.41.1.1)"} if client == "apple_quote" else None
        inr = "<A1B2C3D4-0001-4F00-9A11-ANACTDUMAS@anact.fr>" if client == "apple_quote" else None
        mid, fn, d0 = write_mail(frm_name, frm, subj, date, text, html=html, atts=atts, logo=c.get("logo"), client=client if client != "gmail_fwd" else "gmail", extra=extra, inreply=inr)
        addmsg(mid, fn, "submission", did); msgs.append(mid)
        if c.get("logo"): notes.append("inline signature logo image001.png (must not be flagged)")
        # follow-ups
        if did == "B04":
            p = os.path.join(docs, f"Budget_{t['acro']}.xlsx"); to_xlsx(t, c, p)
            q = "\n".join("> " + l for l in text.splitlines()[:12])
            rtext = (f"Bonjour,\n\nComme annoncé, voici le budget détaillé du projet {t['acro']}, validé par notre service financier.\n\nCordialement,\n{t['person']}\n\n"
                     f"Le {d0.day} août 2022 à 17:30, {t['person']} a écrit :\n{q}\n")
            m2, fn2, _ = write_mail(frm_name, frm, "Re: " + subj, dt(c["reply_date"]), rtext, atts=[(p, os.path.basename(p))], inreply=mid, client=client)
            atts.append((p, "(reply) " + os.path.basename(p)))
            addmsg(m2, fn2, "reply", did); msgs.append(m2); notes.append("budget announced in first mail, sent in a reply (years columns 2022|2023|Total)")
        if did == "B15":
            rt = (f"Bonjour,\n\nComme annoncé, voici les engagements de nos partenaires pour le projet {t['acro']} :\n\n" +
                  "\n".join(f"- {n} : {k}." for n, k, _ in c["partners"]) + "\n\nLes lettres signées suivent par courrier.\n\nBien cordialement,\n" + signature(t))
            m2, fn2, _ = write_mail(frm_name, frm, "Re: " + subj, dt(c["reply_date"]), rt, inreply=mid, client=client)
            addmsg(m2, fn2, "reply", did); msgs.append(m2); notes.append("partner contributions announced ('lettres de soutien suivront'), given in a later reply")
        if did == "B21":
            pb = budget_blocks(t, c) + [("h", "Partenaires du projet")] + [("bullets", [f"{n} : {k}" for n, k, _ in c["partners"]])]
            p = os.path.join(docs, f"{t['acro']} budget et partenaires.pdf"); to_pdf_rl(pb, p, f"{t['acro']} – budget et partenaires")
            rt = f"Bonjour,\n\nEn complément de notre envoi d'hier, vous trouverez ci-joint le budget et la liste des partenaires du projet {t['acro']}.\n\nCordialement,\n" + signature(t)
            m2, fn2, _ = write_mail(frm_name, frm, f"Complément candidature {t['acro']} – budget et partenaires", dt(c["reply_date"]), rt, atts=[(p, os.path.basename(p))], client=client)
            atts.append((p, "(2nd mail) " + os.path.basename(p)))
            addmsg(m2, fn2, "reply", did); msgs.append(m2); notes.append("budget and partners sent in a second mail, new thread (no In-Reply-To)")
        if c.get("autoreply"):
            at = f"Bonjour,\n\nJe suis absent du bureau jusqu'au 29 août 2022 inclus. Pour toute urgence, merci de contacter accueil@{t['email'].split('@')[1]}.\n\n{t['person']}"
            m3, fn3, _ = write_mail(frm_name, frm, "Réponse automatique : Accusé de réception de votre candidature", dt(c["autoreply"]), at,
                                    inreply="<ack-" + did.lower() + "@anact.fr>", client=client, extra={"Auto-Submitted": "auto-replied"})
            addmsg(m3, fn3, "auto_reply", None, note="out-of-office from the applicant of " + did)
            owner[fn3] = did
        # truth
        present = list(ALLKEYS)
        for k in c.get("omit", []): present.remove("description." + k)
        if b is None:
            for k in ["budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements"]: present.remove(k)
        if c.get("bvar") == "xlsx_nocofin" if b else False: present.remove("budget.cofinancements")
        missing = [k for k in ALLKEYS if k not in present]
        flags = []
        if b:
            pp, dl, pr, tot = totals(b); anact = b["fin"][0][1]
            cof = sum(a for _, a in b["fin"][1:]) if len(b["fin"]) > 1 else None
            if len(b["fin"]) > 1: assert anact + cof == tot, (did, anact, cof, tot)
            if anact > 80000: flags.append("plafond_depasse")
            if (cof if cof is not None else tot - anact) / tot < 0.2: flags.append("cofinancement_insuffisant")
            bud = dict(total_eur=float(tot), anact_request_eur=float(anact), cofinancing_eur=float(cof) if cof is not None else None,
                       by_category=dict(personnel=float(pp), deplacements_logistique=float(dl), prestations=float(pr), autres=None))
        else:
            bud = dict(total_eur=None, anact_request_eur=None, cofinancing_eur=None, by_category=dict(personnel=None, deplacements_logistique=None, prestations=None, autres=None))
        if d0 > datetime(2022, 8, 23, 23, 59, 59, tzinfo=PARIS): flags.append("hors_delai")
        ye, me = t["end"]
        if ye >= 2024: flags.append("fin_apres_echeance")
        if c.get("pressenti"): notes.append("organisation announced as pressenti/à confirmer is NOT counted as a partner (not 'mobilisé')")
        if c.get("inkind"): notes.append("in-kind valuation 'pour mémoire, hors coût total' not counted in total/cofinancing")
        if c.get("bvar") == "htttc": notes.append("HT/TVA/TTC columns; figures are HT (financing plan balances on HT total)")
        if c.get("summary"): notes.append("Anact request in a summary table and in the financing plan (not to be added twice)")
        if c.get("bvar") == "xlsx_nocofin": notes.append("co-financing announced as own funds without amount: cofinancements missing, cofinancing null (20 % by difference, not flagged)")
        if c.get("announce_budget") and did == "B03": notes.append("budget announced for next week, never sent")
        dossiers.append(dict(id=did, messages=msgs, applicant_email=frm, applicant_name=frm_name, organisation=t["org"], project_title=t["title"], acronym=t["acro"],
            status="complete" if not missing else "incomplete", missing=missing, present=present, budget=bud,
            partners=[x[0] for x in c["partners"]], flags=flags, optional_flags=[], received_at=d0.isoformat(),
            project_end=f"{ye}-{me:02d}-{calendar.monthrange(ye, me)[1]}", notes=notes,
            meta=dict(desc_format=f, budget_loc=bl, budget_variant=c.get("bvar"), partner_fmt=c["pfmt"], client=client, attachments=[a[1] for a in atts])))

    # correspondence: question about the call
    m, fn, _ = write_mail("Agnès Pelletier", "agnes.pelletier@tiers-lieu-lecoudray.fr", "Question sur l'AMI Fabrique CTO", dt((2022, 8, 2, 11, 20)),
        "Bonjour,\n\nNous sommes un tiers-lieu associatif et envisageons de répondre à l'AMI. Un projet peut-il démarrer avant la date de sélection du 2 septembre, "
        "et les dépenses d'achat de matériel informatique sont-elles éligibles ?\n\nMerci d'avance,\nAgnès Pelletier\nTiers-lieu Le Coudray", client="plain")
    addmsg(m, fn, "correspondence", None, note="question about the call")
    return dossiers, messages, owner


def frozen_bytes(m):
    """The mail's bytes with boundaries drawn from its Message-ID (the email package draws them at random)."""
    seed = m["Message-ID"]
    for i, part in enumerate(p for p in m.walk() if p.is_multipart()):
        part.set_boundary("=====" + hashlib.md5(f"{seed}-{i}".encode()).hexdigest() + "==")
    return m.as_bytes()


def build(out: Path, work: Path | None = None) -> dict:
    """Write out/mail/*.eml and out/truth.json; return the truth, with `skipped`: the dossiers left out."""
    out = Path(out)
    own_work = work is None
    work = Path(work) if work else Path(tempfile.mkdtemp(prefix="blind4-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _build(out, work)
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)


def _build(out: Path, work: Path) -> dict:
    docs = work / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    # One LibreOffice call (private profile under work) for every DOCX -> PDF; without it, those dossiers are left out.
    jobs = [(did, docx_bytes(blocks, title), "docx", "pdf") for did, blocks, title in _lo_sources()]
    lo_pdfs = convert_batch(jobs, work)
    skipped = sorted(did for did, *_ in jobs if did not in lo_pdfs)
    dossiers, messages, owner = _run(docs, lo_pdfs)
    kept = [fn for fn in FDATE if owner.get(fn) not in skipped]
    # renumber files by Date
    ren = {fn: f"{i+1:04d}.eml" for i, fn in enumerate(sorted(kept, key=lambda f: FDATE[f]))}
    mail_dir = out / "mail"
    mail_dir.mkdir(parents=True, exist_ok=True)
    for old in mail_dir.glob("*.eml"):
        old.unlink()
    for fn, new in ren.items():
        (mail_dir / new).write_bytes(frozen_bytes(MAILS[fn]))
    messages = [m for m in messages if m["file"][5:] in ren]
    for m in messages: m["file"] = "mail/" + ren[m["file"][5:]]
    messages.sort(key=lambda x: x["file"])
    dossiers = [d for d in dossiers if d["id"] not in skipped]
    for d in dossiers: d["meta"]["files"] = [m["file"] for m in messages if m["dossier_id"] == d["id"]]
    truth = dict(schema=1, call="fabrique-cto-2022", generator="tests/extract/blind4/generate.py", deadline="2022-08-23T23:59:59+02:00",
                 cap_eur=80000, project_end_limit="2023-12-30", conventions=CONVENTIONS,
                 dossiers=sorted(dossiers, key=lambda d: d["id"]), messages=messages, skipped=skipped)
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
