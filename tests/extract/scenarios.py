"""Proposal outlines that differ from the samples: other wordings, layouts and mistakes."""
from __future__ import annotations

# Bold headings without numbering, merged "Objectifs et problématique", synonyms everywhere,
# k€ amounts, a total row that does not add up, no co-financing stated, partners with contributions.
SYNONYMS = [
    ("title", "DIALOG'IA – Outiller le dialogue sur l'intelligence artificielle en entrepôt"),
    ("p", "Structure porteuse : Coopérative Trame & Chaîne (Lille)"),
    ("h", 1, "Enjeux"),
    ("p", "Les entrepôts logistiques déploient des systèmes de préparation guidés par la voix et des algorithmes "
          "d'affectation des tâches ; les préparateurs perdent des marges de manœuvre."),
    ("h", 1, "Objectifs et problématique"),
    ("p", "Faire des règles d'affectation un objet de discussion : comment les préparateurs peuvent-ils peser sur "
          "le paramétrage des algorithmes ?"),
    ("h", 1, "Public visé"),
    ("p", "Préparateurs de commandes, chefs d'équipe et élus du CSE de trois entrepôts de la métropole lilloise."),
    ("h", 1, "Démarche"),
    ("p", "Observation outillée, ateliers de simulation puis expérimentation de règles négociées."),
    ("h", 1, "Chronogramme"),
    ("table", [["Phase", "Période"], ["Diagnostic", "janvier 2023 – mars 2023"],
               ["Ateliers", "avril 2023 – juin 2023"], ["Expérimentation et bilan", "juillet 2023 – octobre 2023"]]),
    ("h", 1, "Instances de suivi"),
    ("p", "Un comité de suivi trimestriel réunit la direction, les élus et l'Aract."),
    ("h", 1, "Livrables"),
    ("li", "un guide de négociation des paramétrages"),
    ("li", "une vidéo de restitution"),
    ("h", 1, "Suites et transférabilité"),
    ("p", "La démarche sera transférée à la branche par l'intermédiaire de l'OPCO."),
    ("h", 1, "Partenaires"),
    ("table", [["Structure", "Rôle"], ["Aract Hauts-de-France", "appui méthodologique"],
               ["Union syndicale Solidaires Nord", "mobilisation des élus"],
               ["Entrepôts du Nord SAS", "terrain d'expérimentation"]]),
    ("h", 1, "Budget"),
    ("table", [["Dépenses", "Montant"], ["Salaires de la cheffe de projet", "18,5 k€"],
               ["Ingénieur d'études (temps passé)", "12 k€"], ["Frais de mission", "1,5 k€"],
               ["Sous-traitance vidéo", "4 k€"], ["Total", "35 000 €"]]),
    ("table", [["Financement", "Montant"], ["Subvention Fabrique CTO sollicitée", "30 000 €"]]),
]

# Capitals headings in a mail body, budget as dotted text lines, partners without contributions,
# an Anact request equal to the total.
BODY_CAPITALS = """Madame, Monsieur,

Veuillez trouver ci-dessous notre proposition.

Porteur : Association Numérique et Travail en Occitanie

CONTEXTE
Les plateformes de réservation imposent aux agents d'accueil des cadences nouvelles.

OBJECTIFS
Construire une démarche de dialogue sur l'usage des plateformes.

PROBLEMATIQUE
Comment concilier qualité du service et charge de travail ?

CIBLES
Agents d'accueil des offices de tourisme.

METHODOLOGIE
Entretiens, observations et ateliers de co-conception.

CALENDRIER
Phase 1 : octobre 2022 à décembre 2022 – diagnostic
Phase 2 : janvier 2023 à juin 2023 – ateliers
Phase 3 : juillet 2023 à septembre 2023 – bilan

PILOTAGE
Un comité de pilotage se réunit tous les trois mois.

RESULTATS ATTENDUS
Un guide et une charte d'usage.

PERENNISATION
Diffusion de la charte auprès du réseau régional.

PARTENAIRES
- Aract Occitanie
- CFDT Services Occitanie
- Office de tourisme de Sète

BUDGET
Salaires (chef de projet, 30 jours) ........ 15 000 €
Frais de déplacement ........ 2 000 €
Prestation de graphisme ........ 3 000 €
Total ........ 20 000 €
Montant demandé à l'Anact : 20 000 €

Bien cordialement,
Paul Martin
"""

# Numbered headings (1., 2), III., A.), one empty section, a project ending in 2024, a stated end.
NUMBERED_EMPTY = [
    ("title", "Projet RELAIS"),
    ("p", "Porteur du projet : Cabinet Ergo Sud – contact : marie@ergosud.fr"),
    ("h", 1, "1. Contexte du projet"),
    ("p", "Les entreprises du BTP généralisent les tablettes de chantier."),
    ("h", 1, "2) Objectifs"),
    ("p", "Mettre en discussion les usages des tablettes."),
    ("h", 1, "III. Problématique"),
    ("p", "Quelle place pour les compagnons dans le choix des outils ?"),
    ("h", 1, "A. Bénéficiaires"),
    ("p", "Compagnons, chefs de chantier et conducteurs de travaux."),
    ("h", 1, "5. Méthode"),
    ("p", "Ateliers mensuels sur chantier."),
    ("h", 1, "6. Étapes"),
    ("p", "Fin du projet : mars 2024."),
    ("table", [["Étape", "Dates"], ["Lancement", "novembre 2022"], ["Ateliers", "janvier 2023 – décembre 2023"],
               ["Capitalisation", "janvier 2024 – mars 2024"]]),
    ("h", 1, "7. Comitologie"),
    ("p", "À compléter"),
    ("h", 1, "8. Impacts attendus"),
    ("p", "Des règles d'usage partagées."),
    ("h", 1, "9. Essaimage"),
    ("p", "Diffusion par la fédération régionale du BTP."),
    ("h", 1, "10. Partenaires mobilisés"),
    ("li", "Aract Provence-Alpes-Côte d'Azur : appui méthodologique"),
    ("li", "Fédération régionale du BTP – relais auprès des entreprises"),
    ("li", "CAPEB Var (participation au comité de pilotage)"),
    ("h", 1, "11. Budget prévisionnel"),
    ("table", [["Poste de dépense", "Montant HT"], ["Dépenses de personnel", "40 000,00 €"],
               ["Déplacements et restauration", "3 000,00 €"], ["Achats de prestations (conseil)", "7 000,00 €"],
               ["Achat de matériel (tablettes)", "2 000,00 €"], ["Total", "52 000,00 €"]]),
    ("table", [["Ressources", "Nature", "Montant"], ["Anact", "", "41 600 €"],
               ["Région Sud", "subvention", "6 000 €"], ["Fonds propres", "", "4 400 €"]]),
]
