"""Held-out wording banks: how applicants of different kinds actually title and write each part.

Written independently of tests/extract/generator.py (different wordings, layouts and formats).
"""
from __future__ import annotations

# Headings as applicants write them (the key(s) each one names).
HEADINGS = {
    "description.contexte": ["Contexte", "Contexte et origine de la démarche", "Pourquoi ce projet ?",
                             "Éléments de diagnostic", "Situation de départ", "Background",
                             "Le constat de départ", "Contexte de l'intervention"],
    "description.objectifs": ["Objectifs", "Quels sont les objectifs du projet ?", "Objectifs visés",
                              "Ce que nous voulons atteindre", "Goals / objectifs", "Finalité et objectifs opérationnels",
                              "Objectifs stratégiques"],
    "description.problematique": ["Problématique", "Quelle problématique ?", "Question posée",
                                  "La question de travail", "Problématique « conditions de travail » retenue",
                                  "Enjeu central", "Questions de recherche"],
    "description.cibles": ["Cibles", "Quels sont les publics visés ?", "Publics bénéficiaires",
                           "Entreprises et salariés concernés", "Target groups / publics", "À qui s'adresse le projet ?",
                           "Public cible"],
    "description.methodologie": ["Déroulé méthodologique envisagé", "Méthodologie", "Work packages",
                                 "Démarche d'intervention", "Comment allons-nous procéder ?", "Approche et méthodes",
                                 "Méthode de travail"],
    "description.phasage": ["Phasage détaillé", "Timeline", "Calendrier de réalisation", "Planning prévisionnel (Gantt)",
                            "Étapes et calendrier", "Chronologie", "Calendrier"],
    "description.pilotage": ["Pilotage et comitologie", "Governance", "Gouvernance du projet",
                             "Comment le projet sera-t-il piloté ?", "COPIL et instances", "Comité de suivi",
                             "Organisation et pilotage"],
    "description.resultats": ["Résultats escomptés", "Deliverables", "Livrables", "Quels résultats attendez-vous ?",
                              "Résultats attendus et indicateurs", "Productions", "Impacts attendus"],
    "description.perennisation": ["Perspective de pérennisation et d'essaimage", "Pérennisation", "Et après ?",
                                  "Essaimage et transfert", "Sustainability / essaimage", "Diffusion et suites",
                                  "Pérennité de la démarche"],
}
COMBINED = {  # one heading naming two elements (the call's own wording reused)
    ("description.methodologie", "description.phasage"): [
        "Déroulé méthodologique envisagé incluant un phasage détaillé", "Méthodologie et calendrier",
        "Work packages & timeline"],
    ("description.contexte", "description.problematique"): ["Contexte et problématique"],
    ("description.resultats", "description.perennisation"): ["Résultats escomptés et perspectives d'essaimage"],
}

TEXTS = {
    "description.contexte": [
        "Depuis 2020, les PME du secteur ont généralisé les logiciels de planification et de traçabilité. "
        "Les salariés décrivent une intensification du travail et une perte de marges de manœuvre, sans que ces "
        "outils aient fait l'objet d'échanges avec les représentants du personnel.",
        "Notre cabinet accompagne depuis dix ans des TPE de l'artisanat. Nous constatons que les outils de prise "
        "de rendez-vous en ligne et de facturation bouleversent l'organisation des ateliers.",
        "Le territoire compte près de 400 établissements médico-sociaux, où la télégestion des interventions "
        "s'est imposée en trois ans. Les équipes de terrain en subissent les effets sur leurs horaires.",
    ],
    "description.objectifs": [
        "Construire avec les équipes une méthode d'analyse des outils numériques en situation de travail ; "
        "outiller les élus du CSE pour négocier leur déploiement ; produire des repères partagés.",
        "Permettre aux artisans et à leurs salariés de discuter des règles d'usage des outils avant leur achat "
        "et d'ajuster le paramétrage à la réalité des métiers.",
        "Expérimenter un espace de discussion sur le travail dans six structures et en tirer une démarche "
        "transférable.",
    ],
    "description.problematique": [
        "Comment faire du choix et du paramétrage d'un logiciel un objet de dialogue social, alors que ces "
        "décisions sont prises par la direction et l'éditeur seuls ?",
        "En quoi l'automatisation des plannings modifie-t-elle l'autonomie des intervenantes et comment la "
        "remettre en discussion ?",
        "Les marges de manœuvre des salariés se réduisent quand l'outil prescrit le travail minute par minute : "
        "nous voulons comprendre à quelles conditions une régulation collective reste possible.",
    ],
    "description.cibles": [
        "Huit PME industrielles de 20 à 250 salariés, leurs directions, leurs managers de proximité et les élus "
        "de leurs CSE, soit environ 120 personnes.",
        "Les aides à domicile et les responsables de secteur de quatre associations du département.",
        "Les dirigeants et salariés de douze TPE artisanales volontaires (boulangerie, coiffure, garages).",
    ],
    "description.methodologie": [
        "Nous procéderons en trois temps : observation des situations de travail instrumentées, ateliers de "
        "simulation avec les salariés, puis mise en discussion des pistes retenues avec la direction.",
        "La démarche combine entretiens individuels, ateliers participatifs outillés par des maquettes et "
        "restitutions collectives dans chaque entreprise.",
        "WP1 diagnostic partagé ; WP2 ateliers de conception ; WP3 expérimentation ; WP4 capitalisation.",
    ],
    "description.pilotage": [
        "Un comité de pilotage réunira tous les trimestres la direction, deux élus, l'Aract et le porteur ; "
        "une équipe projet de trois personnes se réunira chaque mois.",
        "Le projet est piloté par une instance paritaire (2 représentants employeurs, 2 représentants "
        "syndicaux) qui se réunit toutes les six semaines, appuyée d'un comité technique.",
        "Un CoPil trimestriel associant les partenaires valide chaque étape ; un comité de suivi opérationnel "
        "se tient chaque mois en visioconférence.",
    ],
    "description.resultats": [
        "Un guide méthodologique, une grille d'analyse des outils et un bilan des effets sur le travail dans "
        "chaque structure ; au moins six accords ou chartes d'usage signés.",
        "Des règles d'usage négociées, un kit d'animation réutilisable et un rapport d'évaluation.",
        "Livrable 1 : diagnostic ; livrable 2 : référentiel de questions ; livrable 3 : vidéo de restitution.",
    ],
    "description.perennisation": [
        "La méthode sera transmise aux conseillers de la CCI et mise en ligne sous licence libre ; une journée "
        "régionale présentera les enseignements aux autres branches.",
        "Les outils produits seront intégrés à notre offre de formation des élus et diffusés via le réseau "
        "des fédérations partenaires.",
        "Nous prévoyons de proposer la démarche aux autres départements de la région dès 2024 avec l'appui de "
        "l'Aract.",
    ],
}
TEMPLATE_HINTS = {
    "description.contexte": "Décrivez ici le contexte de votre projet (une demi-page maximum).",
    "description.objectifs": "Précisez les objectifs généraux et opérationnels du projet.",
    "description.problematique": "Indiquez la problématique « conditions de travail » traitée.",
    "description.cibles": "Précisez les publics visés (nombre, caractéristiques).",
    "description.methodologie": "Décrivez la démarche méthodologique envisagée.",
    "description.phasage": "Présentez le calendrier détaillé des étapes du projet.",
    "description.pilotage": "Décrivez les modalités de pilotage et les instances prévues.",
    "description.resultats": "Listez les résultats escomptés et les livrables.",
    "description.perennisation": "Expliquez comment la démarche sera pérennisée et essaimée.",
}
NOT_CONCERNED = ["Non concerné.", "Non concerné", "Sans objet pour ce projet.", "Non applicable"]

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
SHORT = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def phases(end_year: int):
    """(label, start (y, m), end (y, m)) of a project starting in autumn 2022."""
    last_end = (2023, 11) if end_year == 2023 else (2024, 3)
    return [("Diagnostic partagé", (2022, 10), (2022, 12)), ("Ateliers de co-conception", (2023, 1), (2023, 4)),
            ("Expérimentation en entreprise", (2023, 5), (2023, 9)),
            ("Capitalisation et restitution", (2023, 10) if end_year == 2023 else (2023, 11), last_end)]
