"""The budget reader on the shapes budgets take: each test a mistake once made, in its own words.

Every budget here is written for the test (organisations, amounts and wordings of its own) and read
from the formats applicants send (DOCX, PDF, mail body as text or HTML, XLSX).
"""
from __future__ import annotations

import pytest

from config.call import load_call
from extract.documents import read_document
from extract.evaluate import evaluate
from extract.find import analyse
from extract.text import read_body
from extracthelp import to_docx, to_html, to_pdf, to_text, to_xlsx

FORMATS = ["docx", "pdf", "text", "html"]


@pytest.fixture(scope="module")
def call():
    return load_call()


def read(outline, how):
    if how == "docx":
        return read_document(to_docx(outline), "budget.docx", None)
    if how == "pdf":
        return read_document(to_pdf(outline), "budget.pdf", None)
    if how == "text":
        return read_body(to_text(outline), None)
    return read_body(None, to_html(outline))


def figures(budget):
    return budget.total_eur, budget.anact_request_eur, budget.cofinancing_eur


# A summary box naming the Anact request above a financing plan that names it again: one request.
SUMMARY_AND_PLAN = [
    ("h", 1, "Fiche synthétique"),
    ("table", [["Structure", "Atelier Coopératif Lumière"], ["Coût global", "52 400 €"],
               ["Aide demandée à l'Anact", "40 000 €"]]),
    ("h", 1, "Budget prévisionnel"),
    ("table", [["Nature des dépenses", "Montant"], ["Rémunération de la chargée de projet", "30 400 €"],
               ["Frais de déplacement", "6 000 €"], ["Animation graphique des ateliers", "16 000 €"],
               ["Total", "52 400 €"]]),
    ("h", 1, "Financement"),
    ("table", [["Origine", "Montant"], ["Anact – Fabrique CTO", "40 000 €"],
               ["Communauté d'agglomération du Pays Basque", "12 400 €"], ["Total", "52 400 €"]]),
]


@pytest.mark.parametrize("how", FORMATS)
def test_the_anact_request_is_never_added_to_itself(call, how):
    budget = analyse([read(SUMMARY_AND_PLAN, how)], call).budget
    assert figures(budget) == (52400.0, 40000.0, 12400.0)


# Group headings name the category of the lines below them, whatever the lines' own words; a
# subtotal closing a group is not a line; a grand total is not a line either.
GROUPED = [
    ("h", 1, "Budget détaillé"),
    ("table", [["Poste", "Coût"],
               ["Temps passé par l'équipe", ""],
               ["Consultante senior – 30 jours", "27 000 €"],
               ["Assistante de projet – 10 jours", "3 500 €"],
               ["Sous-total temps passé", "30 500 €"],
               ["Frais de déplacement et de séjour", ""],
               ["Billets de train Paris-Rennes", "2 400 €"],
               ["Achats de prestations", ""],
               ["Captation vidéo des ateliers", "5 100 €"],
               ["Retranscription des entretiens", "2 000 €"],
               ["Sous-total prestations", "7 100 €"],
               ["TOTAL GÉNÉRAL", "40 000 €"]]),
    ("table", [["Ressources", "Montant"], ["Subvention sollicitée (Fabrique CTO)", "30 000 €"],
               ["Fonds propres de l'association", "10 000 €"]]),
]


@pytest.mark.parametrize("how", FORMATS)
def test_group_headings_and_subtotals(call, how):
    budget = analyse([read(GROUPED, how)], call).budget
    assert figures(budget) == (40000.0, 30000.0, 10000.0)
    assert budget.by_category == {"personnel": 30500.0, "deplacements_logistique": 2400.0, "prestations": 7100.0,
                                  "autres": None}


# A subtotal written above its lines, with nothing but arithmetic to say so: the stated total
# decides; and a resource that happens to equal the sum of the next two is still a resource.
SUBTOTAL_ABOVE = [
    ("h", 1, "Budget"),
    ("table", [["Dépenses", "Montant"], ["Personnel", "21 000 €"], ["Coordinatrice (0,4 ETP)", "15 000 €"],
               ["Ergonome (20 jours)", "6 000 €"], ["Location de salles", "3 000 €"], ["Total", "24 000 €"]]),
    ("table", [["Recettes", "Montant"], ["Anact", "18 000 €"], ["Conseil départemental de la Drôme", "3 000 €"],
               ["Mutuelle partenaire", "1 800 €"], ["Mécénat d'entreprise", "1 200 €"], ["Total", "24 000 €"]]),
]


@pytest.mark.parametrize("how", ["docx", "text"])
def test_subtotal_only_when_the_total_confirms_it(call, how):
    budget = analyse([read(SUBTOTAL_ABOVE, how)], call).budget
    assert figures(budget) == (24000.0, 18000.0, 6000.0)
    assert budget.by_category["personnel"] == 21000.0


# One column per year and a total column; then one column per year and no total column.
YEARS = [
    ("h", 1, "Budget pluriannuel"),
    ("table", [["Charges", "2023", "2024", "Total"], ["Salaire de l'ingénieure", "8 000 €", "12 000 €", "20 000 €"],
               ["Missions sur les sites", "1 000 €", "1 500 €", "2 500 €"],
               ["Prestation de design", "2 000 €", "3 500 €", "5 500 €"], ["Total", "11 000 €", "17 000 €", "28 000 €"]]),
    ("table", [["Produits", "2023", "2024"], ["Anact", "9 000 €", "13 400 €"], ["Autofinancement", "2 000 €", "3 600 €"]]),
]


@pytest.mark.parametrize("how", ["docx", "pdf", "text"])
def test_budget_by_year(call, how):
    budget = analyse([read(YEARS, how)], call).budget
    assert figures(budget) == (28000.0, 22400.0, 5600.0)


def test_quantity_times_unit_price_without_a_total_column(call):
    workbook = to_xlsx({"Budget": [
        ["Poste", "Nombre de jours", "Coût journalier"],
        ["Chef de projet", 20, 600],
        ["Intervenante ergonome (prestataire)", 10, 900],
        [None, None, None],
        ["Ressources", "Montant", None],
        ["Anact", 17000, None],
        ["Fonds propres", 4000, None],
    ]})
    budget = analyse([read_document(workbook, "budget.xlsx", None)], call).budget
    assert budget.total_eur == 21000.0
    assert budget.by_category["personnel"] == 12000.0 and budget.by_category["prestations"] == 9000.0
    assert (budget.anact_request_eur, budget.cofinancing_eur) == (17000.0, 4000.0)


def test_a_negative_correction_line_counts(call):
    outline = [("h", 1, "Budget"),
               ("table", [["Dépenses", "Montant"], ["Salaires", "20 000 €"], ["Déplacements", "4 000 €"],
                          ["Déplacements (régularisation)", "-1 500 €"], ["Total", "22 500 €"]]),
               ("table", [["Ressources", "Montant"], ["Anact", "18 000 €"], ["Ville de Brest", "4 500 €"]])]
    budget = analyse([read(outline, "docx")], call).budget
    assert budget.total_eur == 22500.0 and budget.by_category["deplacements_logistique"] == 2500.0


# A budget written as lines, each category with its details in brackets (";" inside them).
LIST_WITH_DETAILS = [
    ("h", 1, "Budget et financement"),
    ("li", "Personnel : 31 200 € (coordination – 40 jours : 18 000 €; chargé·e d'études – 30 jours : 13 200 €)"),
    ("li", "Déplacements et réunions : 4 300 € (trains : 2 800 €; repas des ateliers : 1 500 €)"),
    ("li", "Prestations : 9 500 € (illustratrice : 3 500 €; site internet : 6 000 €)"),
    ("p", "Total des dépenses : 45 000 €"),
    ("li", "Anact (Fabrique CTO) : 36 000 €"),
    ("li", "Département du Finistère – appel à projets égalité : 6 000 € (subvention, obtenue)"),
    ("li", "Valorisation du bénévolat : 3 000 € (valorisation)"),
]


@pytest.mark.parametrize("how", FORMATS)
def test_lines_with_details_in_brackets(call, how):
    budget = analyse([read(LIST_WITH_DETAILS, how)], call).budget
    assert figures(budget) == (45000.0, 36000.0, 9000.0)
    assert budget.by_category == {"personnel": 31200.0, "deplacements_logistique": 4300.0, "prestations": 9500.0,
                                  "autres": None}


# A budget told in sentences.
PROSE = [
    ("h", 1, "Moyens et financement"),
    ("p", "Le budget global de l'action est estimé à 61 000 €, dont 38 000 € de frais de personnel, "
          "5 000 € de frais de déplacement et 18 000 € de prestations externes."),
    ("p", "Une aide de 45 000 € est demandée à l'Anact ; le reste, soit 16 000 €, sera financé par la "
          "Caisse d'allocations familiales pour 10 000 € et par nos fonds propres pour 6 000 €."),
]


@pytest.mark.parametrize("how", FORMATS)
def test_budget_in_sentences(call, how):
    analysis = analyse([read(PROSE, how)], call)
    budget = analysis.budget
    assert figures(budget) == (61000.0, 45000.0, 16000.0)
    assert budget.by_category["personnel"] == 38000.0
    for key in ("budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements"):
        assert analysis.requirements[key] is not None, key


def test_a_ratio_row_is_not_an_amount(call):
    workbook = to_xlsx({"Synthèse": [
        ["Dépenses", "Montant"], ["Personnel", 30000], ["Prestations", 10000], ["Total", 40000],
        ["Financements", ""], ["Anact", 30000], ["Cofinancements", 10000], ["Taux de cofinancement", 0.25],
    ]})
    budget = analyse([read_document(workbook, "budget.xlsx", None)], call).budget
    assert figures(budget) == (40000.0, 30000.0, 10000.0)


def test_a_later_mail_restating_the_request_keeps_the_plan(call):
    plan = read(SUMMARY_AND_PLAN, "docx")
    reply = read_body("Bonjour,\nPour rappel, le projet représente un coût total de 52 400 €, dont 40 000 € "
                      "sollicités auprès de l'Anact.\nBien cordialement,\nJ. Martin", None)
    budget = analyse([plan, reply], call).budget
    assert figures(budget) == (52400.0, 40000.0, 12400.0)


def test_a_corrected_budget_sent_later_wins(call):
    first = read(SUMMARY_AND_PLAN, "docx")
    corrected = to_xlsx({"Budget": [["Dépenses", "Montant"], ["Salaires", 30000], ["Prestations", 20000],
                                    ["Total", 50000], ["Ressources", ""], ["Anact", 35000],
                                    ["Région Bretagne", 15000], ["Total", 50000]]})
    budget = analyse([first, read_document(corrected, "budget v2.xlsx", None)], call).budget
    assert figures(budget) == (50000.0, 35000.0, 15000.0)


# Charges and products side by side, with account classes of the association subsidy form.
CERFA = [
    ("h", 1, "Budget prévisionnel de l'action"),
    ("table", [["Charges", "Montant", "Produits", "Montant"],
               ["60 – Achats", "", "74 – Subventions d'exploitation", ""],
               ["Prestations de services", "7 000 €", "Fabrique CTO (Anact)", "25 000 €"],
               ["62 – Autres services extérieurs", "", "Commune de Lorient", "4 000 €"],
               ["Déplacements, missions", "3 000 €", "75 – Autres produits de gestion courante", ""],
               ["64 – Charges de personnel", "", "Cotisations des adhérents", "2 000 €"],
               ["Rémunération des personnels", "21 000 €", "", ""],
               ["Total des charges", "31 000 €", "Total des produits", "31 000 €"]]),
]


@pytest.mark.parametrize("how", ["docx", "pdf", "html"])
def test_association_subsidy_form(call, how):
    budget = analyse([read(CERFA, how)], call).budget
    assert figures(budget) == (31000.0, 25000.0, 6000.0)
    assert budget.by_category == {"personnel": 21000.0, "deplacements_logistique": 3000.0, "prestations": 7000.0,
                                  "autres": None}


def test_consultants_days_are_the_applicants_own_time(call):
    """A consultancy counts its consultants' days as personnel; a bought consultant is a service."""
    outline = [("h", 1, "Budget"),
               ("table", [["Dépenses", "Montant"], ["Consultant·e senior – 25 jours", "22 500 €"],
                          ["Consultant externe (cabinet spécialisé en RGPD)", "4 000 €"], ["Total", "26 500 €"]]),
               ("table", [["Ressources", "Montant"], ["Anact", "21 000 €"], ["Autofinancement", "5 500 €"]])]
    budget = analyse([read(outline, "docx")], call).budget
    assert budget.by_category["personnel"] == 22500.0 and budget.by_category["prestations"] == 4000.0


def test_ineligible_spending_only_on_evidence(call):
    outline = [("h", 1, "Budget"),
               ("table", [["Dépenses", "Montant"], ["Salaires", "20 000 €"], ["Achat de tablettes numériques", "3 000 €"],
                          ["Provision pour aléas du terrain", "1 000 €"], ["Total", "24 000 €"]]),
               ("table", [["Ressources", "Montant"], ["Anact", "19 000 €"], ["Fonds propres", "5 000 €"]])]
    analysis = analyse([read(outline, "docx")], call)
    evaluation = evaluate(analysis, call, __import__("datetime").datetime(2022, 8, 1, tzinfo=call.deadline.tzinfo))
    reason = evaluation.reasons[evaluation.flags.index("depense_non_eligible")]
    assert "tablettes" in reason and "aléas" not in reason


def test_a_wrapped_plain_text_body(call):
    """A plain-text mail wraps long lines at 72 characters: an item goes on over the next line."""
    body = ("Bonjour,\n\nVoici notre budget :\n\n"
            "- Personnel : 22 000 € (chargée de mission – 8 mois à mi-temps (salaire\n"
            "  chargé) : 16 000 €; animatrice – 20 jours : 6 000 €)\n"
            "- Location de salles et repas : 3 000 € (salles : 2 000 €; repas :\n"
            "  1 000 €)\n"
            "Total des dépenses : 25 000 €\n"
            "- Subvention demandée à l'Anact : 20 000 €\n"
            "- Autofinancement : 5 000 € (fonds propres)\n\n"
            "Cordialement,\nNadia Belkacem\n")
    budget = analyse([read_body(body, None)], call).budget
    assert figures(budget) == (25000.0, 20000.0, 5000.0)
    assert budget.by_category["personnel"] == 22000.0


def test_outlook_html_tables_are_read_from_the_html_part(call):
    """Outlook's plain-text copy of an HTML mail puts each table cell on its own line: the HTML
    part, which keeps the tables, is read instead."""
    html = ("<p><b>Budget</b></p><table><tr><td>Poste</td><td>Montant</td></tr>"
            "<tr><td>Salaire de la coordinatrice</td><td>24 000 EUR</td></tr>"
            "<tr><td>Location de la salle des fêtes</td><td>1 500 EUR</td></tr>"
            "<tr><td>Total</td><td>25 500 EUR</td></tr></table>"
            "<table><tr><td>Financeur</td><td>Montant</td></tr><tr><td>Anact</td><td>20 000 EUR</td></tr>"
            "<tr><td>Commune de Vannes</td><td>5 500 EUR</td></tr></table>")
    text = "Budget\n\nPoste\n\nMontant\n\nSalaire de la coordinatrice\n\n24 000 EUR\n\nLocation de la salle des fêtes\n\n" \
           "1 500 EUR\n\nTotal\n\n25 500 EUR\n\nFinanceur\n\nMontant\n\nAnact\n\n20 000 EUR\n\nCommune de Vannes\n\n5 500 EUR\n"
    budget = analyse([read_body(text, html)], call).budget
    assert figures(budget) == (25500.0, 20000.0, 5500.0)


def test_a_funder_named_before_its_explanation(call):
    """"OPCO (prise en charge des formations)" names a funder: its explanation's words (formation)
    do not make it an expense; a share column ("Part du total") holds no amounts."""
    workbook = to_xlsx({"Financement": [
        ["Dépenses", "Montant"], ["Salaires", 30000], ["Frais de déplacement", 5000], ["Total", 35000],
        [None, None, None],
        ["Financeur", "Montant", "Part du total"], ["Anact", 26000, 0.74],
        ["OPCO (prise en charge des formations)", 6000, 0.17], ["Fonds propres", 3000, 0.09], ["Total", 35000, 1]]})
    budget = analyse([read_document(workbook, "budget.xlsx", None)], call).budget
    assert figures(budget) == (35000.0, 26000.0, 9000.0)


def test_a_financing_plan_cut_by_a_page_break(call):
    """The plan's last row went to the next page, as a second table: together they balance."""
    outline = [("h", 1, "Budget"),
               ("table", [["Dépenses", "Montant"], ["Personnel", "40 000 €"], ["Prestations", "10 000 €"],
                          ["Total", "50 000 €"]]),
               ("table", [["Financeur", "Montant"], ["Anact", "38 000 €"], ["Métropole de Rouen", "7 000 €"]]),
               ("p", "Page 2"),
               ("table", [["Financeur", "Montant"], ["Mutuelle partenaire", "5 000 €"]])]
    budget = analyse([read(outline, "docx")], call).budget
    assert figures(budget) == (50000.0, 38000.0, 12000.0)


def test_a_list_of_amounts_wrapped_by_a_pdf(call):
    outline = [("h", 1, "Budget"),
               ("table", [["Dépenses", "Montant"], ["Personnel", "30 000 €"], ["Déplacements", "4 000 €"],
                          ["Total", "34 000 €"]]),
               ("p", "Financement : Anact 24 000 € ; Caisse d'épargne (mécénat) 4 000 € ; OPCO (formations des élus)"),
               ("p", "3 000 € ; Autofinancement 3 000 €.")]
    budget = analyse([read(outline, "pdf")], call).budget
    assert figures(budget) == (34000.0, 24000.0, 10000.0)


def test_after_the_expenses_total_a_contribution_in_kind_is_a_resource(call):
    outline = [("h", 1, "Budget"),
               ("li", "Salaires : 20 000 €"), ("li", "Frais de mission : 2 000 €"),
               ("p", "Total des dépenses : 22 000 €"),
               ("li", "Anact : 16 000 €"),
               ("li", "Mise à disposition de salariés par les structures pilotes : 6 000 € (valorisation)")]
    budget = analyse([read(outline, "docx")], call).budget
    assert figures(budget) == (22000.0, 16000.0, 6000.0)


@pytest.mark.parametrize("label, category", [
    ("Location d'un minibus pour les visites de chantier", "deplacements_logistique"),
    ("Développement de la plateforme (sous-traité)", "prestations"),
    ("Temps de la directrice (salariée)", "personnel"),
    ("Conception graphique de la brochure (agence)", "prestations"),
])
def test_categories_of_common_lines(call, label, category):
    from extract.categories import classify_expense_evidence

    assert classify_expense_evidence(label, call)[0] == category


# The association subsidy form as associations fill it: account classes with their subtotals,
# empty lines left in, and contributions in kind (86/87) below the totals.
CERFA_FULL = [
    ("h", 1, "Budget prévisionnel de l'action"),
    ("table", [["Charges", "Montant", "Produits", "Montant"],
               ["60 – Achats", "", "70 – Ventes de produits", ""],
               ["61 – Services extérieurs", "2 000 €", "74 – Subventions d'exploitation", "30 000 €"],
               ["Locations", "2 000 €", "Fabrique CTO (Anact)", "24 000 €"],
               ["Assurance", "", "Département des Landes", "6 000 €"],
               ["62 – Autres services extérieurs", "9 000 €", "Commune(s) :", ""],
               ["Honoraires", "8 000 €", "75 – Autres produits", "2 000 €"],
               ["Publicité, publication", "", "Cotisations", "2 000 €"],
               ["Déplacements, missions", "1 000 €", "", ""],
               ["64 – Charges de personnel", "21 000 €", "", ""],
               ["Rémunération des personnels", "16 000 €", "", ""],
               ["Charges sociales", "5 000 €", "", ""],
               ["TOTAL DES CHARGES", "32 000 €", "TOTAL DES PRODUITS", "32 000 €"],
               ["CONTRIBUTIONS VOLONTAIRES EN NATURE", "", "", ""],
               ["86 – Emplois des contributions volontaires", "3 000 €", "87 – Contributions volontaires", "3 000 €"],
               ["864 – Personnel bénévole", "3 000 €", "870 – Bénévolat", "3 000 €"],
               ["TOTAL", "35 000 €", "TOTAL", "35 000 €"]]),
]


def test_association_form_with_subtotals_blank_lines_and_contributions_in_kind(call):
    budget = analyse([read(CERFA_FULL, "docx")], call).budget
    assert figures(budget) == (32000.0, 24000.0, 8000.0)
    assert budget.by_category == {"personnel": 21000.0, "deplacements_logistique": 3000.0, "prestations": 8000.0,
                                  "autres": None}


def test_two_header_rows_over_year_columns(call):
    workbook = to_xlsx({"Budget": [
        ["Poste de dépense", "Montants en euros", None, None],
        ["Poste de dépense", "2023", "2024", "Total"],
        ["Dépenses de personnel", None, None, None],
        ["Responsable du projet", 9000, 11000, 20000],
        ["Frais de déplacement", None, None, None],
        ["Hébergement lors des visites", 1000, 1500, 2500],
        ["TOTAL DES DÉPENSES", 10000, 12500, 22500],
        [None, None, None, None],
        ["Financeur", "Montant", "Part", None],
        ["Anact", 18000, 0.8, None],
        ["Autofinancement", 4500, 0.2, None]]})
    budget = analyse([read_document(workbook, "budget.xlsx", None)], call).budget
    assert figures(budget) == (22500.0, 18000.0, 4500.0)
    assert budget.by_category["personnel"] == 20000.0


def test_a_table_of_counts_is_not_a_budget(call):
    outline = [("h", 1, "Résultats attendus"),
               ("table", [["Résultat attendu", "Indicateur", "Valeur visée"],
                          ["Des chartes d'usage adoptées", "Structures", "6"], ["Des agents formés", "Agents", "40"]]),
               ("h", 1, "Budget"),
               ("p", "Le coût complet du projet est estimé à 48 000 €. Il se décompose en 30 000 € de frais de "
                     "personnel, 6 000 € pour les déplacements et la logistique des ateliers et 12 000 € de "
                     "prestations extérieures."),
               ("p", "Nous sollicitons 36 000 € auprès de l'Anact, le complément étant apporté par la Mutualité "
                     "Sociale Agricole (7 000 €, subvention) et la Fondation Terre et Travail (5 000 €, mécénat).")]
    budget = analyse([read(outline, "docx")], call).budget
    assert figures(budget) == (48000.0, 36000.0, 12000.0)
    assert budget.by_category == {"personnel": 30000.0, "deplacements_logistique": 6000.0, "prestations": 12000.0,
                                  "autres": None}
    assert [r.label for r in budget.resources if r.kind == "cofinancement"] == [
        "la Mutualité Sociale Agricole", "la Fondation Terre et Travail"]


def test_a_financing_plan_given_in_shares_of_the_total(call):
    outline = [("h", 1, "Budget"),
               ("table", [["Dépenses", "Montant"], ["Personnel", "40 000 €"], ["Déplacements", "10 000 €"],
                          ["Total", "50 000 €"]]),
               ("p", "Répartition du financement : Anact 75 %, autofinancement 25 %")]
    budget = analyse([read(outline, "docx")], call).budget
    assert figures(budget) == (50000.0, 37500.0, 12500.0)


def test_unit_prices_and_details_in_brackets_are_not_lines(call):
    outline = [("h", 1, "Budget"),
               ("p", "Le coût total du projet est estimé à 30 000 €. Les dépenses de personnel représentent 24 000 € "
                     "(consultante 20 jours × 600 €, chargé d'études 20 jours × 600 €) ; les frais de déplacement "
                     "6 000 € (trains : 4 000 €, hôtels : 2 000 €)."),
               ("p", "Nous sollicitons de l'Anact 24 000 €. Le solde est couvert par la communauté de communes "
                     "(3 000 €, acquis), fonds européens (FSE+) (3 000 €, envisagé).")]
    budget = analyse([read(outline, "docx")], call).budget
    assert figures(budget) == (30000.0, 24000.0, 6000.0)
    assert len(budget.lines) == 2


# An accounting tool's quote sent as the budget annex: its title names the budget, each line opens
# with its account number (641 salaries, 625 travel, 622 fees), figures in the English style, a
# label too long for its column pushes the figures onto the next line, a discount in brackets,
# then TOTAL HT / TVA / TOTAL TTC.
ACCOUNTING_EXPORT = [
    ("title", "Budget prévisionnel – projet PASSERELLES"),
    ("p", "Montants exprimés en euros hors taxes"),
    ("p", "Compte    Désignation    Qté    P.U. HT    Montant HT"),
    ("p", "641100 Consultante junior 18 900.00 16,200.00"),
    ("p", "641100 Gérante associée 10 1,100.00 11,000.00"),
    ("p", "625100 Frais de mission (trains, nuitées et repas des deux immersions)"),
    ("p", "1 4,300.00 4,300.00"),
    ("p", "622600 Illustration du livret 1 3,900.00 3,900.00"),
    ("p", "609000 Remise sur honoraires 1 (400.00) (400.00)"),
    ("p", "TOTAL HT 35,000.00"),
    ("p", "TVA 20 % 7,000.00"),
    ("p", "TOTAL TTC 42,000.00"),
]


def test_an_accounting_export_as_the_budget_annex(call):
    budget = analyse([read_document(to_pdf(ACCOUNTING_EXPORT, ruled_tables=False), "Annexe budget.pdf", None)],
                     call).budget
    assert budget.total_eur == 35000.0
    # the account decides ("641100 Consultante junior" is the applicant's staff), the wrapped
    # figures stay with their label, the discount in brackets is taken off the fees
    assert budget.by_category["personnel"] == 27200.0
    assert budget.by_category["deplacements_logistique"] == 4300.0
    assert budget.by_category["prestations"] == 3500.0


def test_a_budget_by_partner_where_one_partner_pays_a_whole_line(call):
    """One partner's column and the total column hold the same figure: both are read, the total taken."""
    sheet = [["Poste", "Porteur", "Entreprise pilote", "Branche", "Total"],
             ["Responsable de projet", 6000, 4000, 0, 10000],
             ["Frais de mission", 0, 0, 2400, 2400],
             ["Transcription des entretiens", 0, 3100, 0, 3100],
             ["Total", 6000, 7100, 2400, 15500]]
    budget = analyse([read_document(to_xlsx({"Budget": sheet}), "budget.xlsx", None)], call).budget
    assert budget.total_eur == 15500.0
    assert [budget.by_category[c] for c in ("personnel", "deplacements_logistique", "prestations")] == \
        [10000.0, 2400.0, 3100.0]


def test_funders_in_a_justified_pdf_paragraph_wrapped_inside_a_name(call):
    """A paragraph of "Funder : amount €." sentences wraps inside a funder's name: the lines are
    one paragraph, every funder read."""
    outline = [("h", 1, "Budget prévisionnel"),
               ("table", [["Poste", "Total"], ["Ingénieure d'études (8 mois)", "30 000 €"], ["Missions", "4 000 €"],
                          ["Transcription des entretiens", "6 000 €"], ["Total", "40 000 €"]]),
               ("p", "Montant demandé à l'Anact : 30 000 €. Apport de l'université (temps des enseignants-chercheurs) "
                     ": 6 000 €. Communauté d'agglomération du Cotentin : 4 000 €.")]
    budget = analyse([read(outline, "pdf")], call).budget
    assert figures(budget) == (40000.0, 30000.0, 10000.0)


def test_who_pays_given_as_dont_rows_below_the_total(call):
    """A table in k€ whose total is followed by "dont subvention Anact …" and "dont autofinancement …"."""
    sheet = [["Poste", "k€ HT"], ["Dépenses / Intervenants (40 j)", 24], ["Frais / Déplacements", 3],
             ["Achats / Illustratrice", 3], ["Total", 30], ["dont subvention Anact demandée", 24],
             ["dont autofinancement de la coopérative", 6]]
    budget = analyse([read_document(to_xlsx({"Budget": sheet}), "budget.xlsx", None)], call).budget
    assert figures(budget) == (30000.0, 24000.0, 6000.0)


def test_a_budget_under_a_question_heading(call):
    outline = [("h", 1, "Combien ça coûte ?"),
               ("table", [["Dépense", "Montant"], ["Coordinatrice (0,4 ETP)", "20 000 €"], ["Déplacements", "2 000 €"],
                          ["Intervenante théâtre-forum", "6 000 €"], ["Total", "28 000 €"]]),
               ("p", "Demande à l'Anact : 22 000 €. Cofinancements : Fondation Macif 4 000 €, fonds propres 2 000 €.")]
    budget = analyse([read(outline, "html")], call).budget
    assert figures(budget) == (28000.0, 22000.0, 6000.0)


def test_a_funder_named_in_the_column_after_its_kind(call):
    """"Cofinancement | Autofinancement Kairos | 9 700": staff read the funder, not the kind."""
    sheet = [["Ressources", "", ""], ["Anact", "Subvention Fabrique CTO", 40000],
             ["Cofinancement", "Fondation de la route", 6000], ["Cofinancement", "Région Grand Est (sollicitée)", 4000]]
    budget = analyse([read_document(to_xlsx({"Financement": sheet}), "budget.xlsx", None)], call).budget
    assert [r.label for r in budget.resources if r.kind == "cofinancement"] == [
        "Fondation de la route", "Région Grand Est (sollicitée)"]


def test_a_kind_of_expense_on_its_line_heads_the_table_below(call):
    """Each kind of expense on a line of its own, its lines in the table under it: a line whose
    words name no kind ("Conception d'un jeu de cartes") is of the kind above it."""
    outline = [("h", 1, "Budget"),
               ("p", "Dépenses de personnel"),
               ("table", [["Chargée de mission (30 j)", "15 000 €"]]),
               ("p", "Achats de prestations"),
               ("table", [["Conception d'un jeu de cartes", "3 000 €"], ["Vétérinaire-conseil", "2 000 €"]]),
               ("p", "Total : 20 000 €")]
    budget = analyse([read(outline, "docx")], call).budget
    assert budget.by_category["prestations"] == 5000.0 and budget.by_category["autres"] is None


# ------------------------------------------------------------ distractors a fourth blind set used


def test_a_past_project_funded_by_someone_is_no_co_financing(call):
    """The context tells what the applicant did before: its funder and amount are history."""
    outline = [("h", 1, "Contexte"),
               ("p", "Entre 2016 et 2018, nous avons conduit un premier projet, « Ateliers vivants », financé par "
                     "la DREETS Occitanie à hauteur de 27 500 €."),
               ("p", "Notre précédent projet a été financé par la Fondation Travail à hauteur de 12 000 €."),
               ("h", 1, "Budget"),
               ("p", "Le budget détaillé vous sera transmis la semaine prochaine.")]
    budget = analyse([read(outline, "text")], call).budget
    assert figures(budget) == (None, None, None)


def test_a_partner_naming_its_share_does_not_replace_the_financing_plan(call):
    """The plan (Anact and co-financing) in the proposal; a later document's partner line names one
    funder's share: the plan stands."""
    proposal = [("h", 1, "Budget"),
                ("table", [["Dépenses", "Montant"], ["Chargée de mission (60 j)", "24 000 €"], ["Déplacements", "2 000 €"],
                           ["Transcriptions", "4 000 €"], ["Total", "30 000 €"]]),
                ("h", 1, "Plan de financement"),
                ("table", [["Financeur", "Montant"], ["Anact", "24 000 €"], ["Autofinancement", "2 000 €"],
                           ["Département du Gers", "4 000 €"], ["Total", "30 000 €"]])]
    reply = "Bonjour,\n\nPartenaires\n- Département du Gers : cofinancement de 4 000 € et mobilisation des élus\n"
    budget = analyse([read(proposal, "docx"), read_body(reply, None)], call).budget
    assert figures(budget) == (30000.0, 24000.0, 6000.0)


def test_a_sentence_typed_in_a_spreadsheet_cell(call):
    sheet_rows = [["Poste", "Montant"], ["Consultante (40 j)", 24000], ["Déplacements", 2000], ["Vidéo", 6000],
                  ["Total", 32000], [None, None],
                  ["Montant sollicité auprès de l'Anact : 25 600 €. Le solde sera couvert par nos fonds propres."]]
    budget = analyse([read_document(to_xlsx({"Budget": sheet_rows}), "budget.xlsx", None)], call).budget
    assert figures(budget) == (32000.0, 25600.0, None)


def test_a_plain_text_table_with_its_group_labels_on_their_own_lines(call):
    """A mail program's rendering of a three-column table whose first column holds only the groups:
    the detail lines are indented, their amount two spaces after the label."""
    pad = " " * 36
    body = ("BUDGET DÉTAILLÉ DU PROJET\n\nPoste de dépense                    Détail                     Montant\n"
            "Dépenses de personnel\n"
            f"{pad}Chargée de mission : 60 jours × 350 €  21 000 €\n"
            f"{pad}Ergonome : 30 jours × 550 €           16 500 €\n"
            "Sous-total personnel                                                      37 500 €\n"
            "Achats de prestations\n"
            f"{pad}Captation et montage vidéo            5 000 €\n"
            "TOTAL DES DÉPENSES                                                        42 500 €\n")
    budget = analyse([read_body(body, None)], call).budget
    assert budget.total_eur == 42500.0
    assert (budget.by_category["personnel"], budget.by_category["prestations"]) == (37500.0, 5000.0)


def test_net_and_gross_columns_the_net_is_the_budget(call):
    outline = [("h", 1, "Budget"),
               ("table", [["Poste", "Montant HT", "TVA 20 %", "Montant TTC"],
                          ["Directrice de mission : 30 jours × 850 €", "25 500 €", "—", "25 500 €"],
                          ["Designer de services (prestataire)", "8 000 €", "1 600 €", "9 600 €"],
                          ["Déplacements", "1 500 €", "300 €", "1 800 €"],
                          ["Total", "35 000 €", "1 900 €", "36 900 €"]])]
    assert analyse([read(outline, "docx")], call).budget.total_eur == 35000.0


# ------------------------------------------------------------ formats a fifth blind set used


def test_a_two_page_running_footer_with_its_page_number_is_no_amount(call):
    """"Laboratoire X – AMI Fabrique CTO 2022 page 2" at the top of both pages: a running line, not
    an Anact request of 2 €."""
    outline = [("p", "Laboratoire LITRA – AMI Fabrique CTO 2022 page 1"), ("h", 1, "Budget"),
               ("p", "Post-doctorante (12 mois) : 50 000 €"), ("p", "Missions : 5 000 €"),
               ("p", "Vidéo de restitution : 15 000 €"), ("p", "Coût total : 70 000 €"), ("pagebreak",),
               ("p", "Laboratoire LITRA – AMI Fabrique CTO 2022 page 2"),
               ("p", "Demande Anact : 56 000 €"), ("p", "Co-financements : Région Centre-Val de Loire 14 000 €")]
    budget = analyse([read_document(to_pdf(outline), "dossier.pdf", None)], call).budget
    assert figures(budget) == (70000.0, 56000.0, 14000.0)


def test_lines_showing_days_times_rate_in_brackets_under_a_category_line(call):
    body = ("BUDGET\nDépenses de personnel :\n  - Coordinatrice (35 jours x 420 €) : 14 700 €\n"
            "  - Infirmière référente détachée (15 jours x 300 €) : 4 500 €\n"
            "Achats de prestations :\n  - Formation des cadres de santé : 4 800 €\n"
            "Coût total du projet : 24 000 €\n")
    budget = analyse([read_body(body, None)], call).budget
    assert budget.total_eur == 24000.0 and budget.by_category["personnel"] == 19200.0


def test_budget_lines_in_thousands_are_no_table_of_contents(call):
    """"Subvention Anact sollicitée 34 000", "Autofinancement 6 000"…: lines ending in "000" are
    figures, not the page numbers of a table of contents."""
    outline = [("h", 1, "Budget prévisionnel"), ("p", "Nature € HT"), ("p", "Frais de personnel 33 600"),
               ("p", "Frais de déplacement 2 400"), ("p", "Prestations externes (transcription) 9 000"),
               ("p", "TOTAL 45 000"), ("p", "Ressources € HT"), ("p", "Subvention Anact sollicitée 34 000"),
               ("p", "Autofinancement Dialogica 6 000"), ("p", "Participation Teleperf Sud 5 000"),
               ("p", "TOTAL 45 000")]
    budget = analyse([read_document(to_pdf(outline, ruled_tables=False), "budget.pdf", None)], call).budget
    assert figures(budget) == (45000.0, 34000.0, 11000.0)


def test_a_category_with_a_slip_of_the_keyboard(call):
    """"Frais de personel" is personnel; "Repas des personnes" stays food, not staff."""
    outline = [("h", 1, "Budget"),
               ("table", [["Dépense", "Montant"], ["Frais de personel (coordinatrice)", "18 000 €"],
                          ["Deplacemnts en région", "2 000 €"], ["Repas des personnes accueillies", "1 000 €"],
                          ["Total", "21 000 €"]]),
               ("table", [["Ressources", "Montant"], ["Anact", "16 000 €"], ["Fonds propres", "5 000 €"]])]
    budget = analyse([read(outline, "docx")], call).budget
    assert budget.by_category["personnel"] == 18000.0
    assert budget.by_category["deplacements_logistique"] == 3000.0


def test_the_financing_told_on_one_line_set_off_by_commas(call):
    """A terse mail: the total, the request and the rest on one line, a comma between each."""
    body = ("Bonjour,\n\nNotre budget :\nAnimatrice du réseau – 14 000 €\nTrajets vers les sites – 3 000 €\n"
            "Prestation d'un cabinet d'ergonomie – 8 000 €\n"
            "Total – 25 000 €, demande Anact 19 000 €, le reste en fonds propres (6 000 €).\n\nBien à vous,\nLéa")
    budget = analyse([read_body(body, None)], call).budget
    assert figures(budget) == (25000.0, 19000.0, 6000.0)
    assert budget.by_category["personnel"] == 14000.0


@pytest.mark.parametrize("split", ["years", "kinds"])
def test_a_workbook_of_sheets_each_with_its_total_and_a_summary(call, split):
    """One sheet per year (or per kind of spending), each closed by its total, and a summary sheet:
    the project's total is the summary's, never the first sheet's."""
    if split == "years":
        parts = {"2022": [["Dépenses 2022", "Montant"], ["Animatrice du réseau", 5000], ["Trajets", 700],
                          ["Design de service (prestation)", 1500], ["Total 2022", 7200]],
                 "2023": [["Dépenses 2023", "Montant"], ["Animatrice du réseau", 19000], ["Trajets", 2300],
                          ["Design de service (prestation)", 9500], ["Total 2023", 30800]]}
        summary = [["Poste", "2022", "2023", "Total"], ["Personnel", 5000, 19000, 24000],
                   ["Déplacements", 700, 2300, 3000], ["Prestations", 1500, 9500, 11000],
                   ["Total dépenses", 7200, 30800, 38000]]
    else:
        parts = {"Personnel": [["Fonction", "Jours", "Montant"], ["Cheffe de projet", 30, 18000],
                               ["Chargé d'études", 20, 6000], ["Total personnel", 50, 24000]],
                 "Frais": [["Poste", "Montant"], ["Trajets", 1500], ["Nuitées", 700], ["Location de salle", 500],
                           ["Restauration des ateliers", 300], ["Total frais", 3000]]}
        summary = [["Dépenses", "Montant"], ["Dépenses de personnel", 24000], ["Déplacements et logistique", 3000],
                   ["Achats de prestations", 11000], ["Coût total du projet", 38000]]
    pad = [None] * (len(summary[0]) - 2)  # the amounts stand under the summary's last column
    resources = [["Ressources", *pad, "Montant"], ["Anact – Fabrique CTO", *pad, 29000],
                 ["Autofinancement", *pad, 9000], ["Total ressources", *pad, 38000]]
    sheets = {"Synthèse": summary + resources, **parts}
    budget = analyse([read_document(to_xlsx(sheets), "budget.xlsx", None)], call).budget
    assert figures(budget) == (38000.0, 29000.0, 9000.0)
    assert budget.by_category["personnel"] == 24000.0 and budget.by_category["prestations"] == 11000.0


def test_a_total_then_how_it_is_financed_in_one_sentence(call):
    """"Coût total : X €, dont Y € demandés à l'Anact ; … Z € sur ses fonds propres." is a sentence
    about the financing, not one budget line with a comment."""
    body = ("Bonjour,\n\n— Budget —\nCoût total estimé : 48 000 €, dont 38 000 € demandés à l'Anact ; la mairie "
            "apportera 10 000 € sur ses fonds propres.\n\nCordialement,\nAnne\n")
    assert figures(analyse([read_body(body, None)], call).budget) == (48000.0, 38000.0, 10000.0)


@pytest.mark.parametrize("how", ["docx", "html"])
def test_a_group_of_one_line_under_its_subtotal(call, how):
    """Groups open on their subtotal; one group holds a single line of the same amount: counted once."""
    outline = [("h", 1, "Budget détaillé"),
               ("table", [["Poste de dépense", "Détail", "Montant"],
                          ["Dépenses de personnel", "", "30 000 €"], ["Consultante senior", "30 × 700 €", "21 000 €"],
                          ["Consultant", "18 × 500 €", "9 000 €"],
                          ["Frais de déplacement et logistique", "", "4 000 €"],
                          ["Déplacements et salles des ateliers", "", "4 000 €"],
                          ["Achats de prestations", "", "16 000 €"], ["Réalisation vidéo", "", "7 000 €"],
                          ["Évaluation externe", "", "9 000 €"], ["TOTAL DES DÉPENSES", "", "50 000 €"]]),
               ("p", "Montant sollicité auprès de l'Anact : 40 000 €")]
    budget = analyse([read(outline, how)], call).budget
    assert budget.total_eur == 50000.0 and budget.by_category["deplacements_logistique"] == 4000.0


def test_a_past_mission_and_its_funder_are_history(call):
    body = ("Bonjour,\n\nContexte : notre cabinet a réalisé en 2021 une mission pour un réseau de bus, financée par "
            "l'OPCO Mobilités (24 000 €).\n\nBudget : coût total 50 000 €, dont 40 000 € demandés à l'Anact.\n\n"
            "Cordialement,\nJulie\n")
    assert analyse([read_body(body, None)], call).budget.cofinancing_eur is None


def test_a_telephone_number_in_the_signature_is_no_financing(call):
    """The financing lines run to the signature: "06 71 22 48 90" was read as 90 € more requested
    from the Anact (blind set 9)."""
    body = ("Budget\nDépenses de personnel :\n  - Coordination (salariée) : 14,4 k€\nPrestations externes :\n"
            "  - Graphiste et impression : 7,5 k€\nCoût total du projet : 21,9 k€\n  - Demandé à l'Anact : 18 k€\n"
            "  - Autofinancement de l'association : 3,9 k€\n\nMerci d'avance pour votre lecture,\n\nLucie Martin\n"
            "coordinatrice – La Fabrique du plateau (tiers-lieu)\n06 71 22 48 90\n")
    assert figures(analyse([read_body(body, None)], call).budget) == (21900.0, 18000.0, 3900.0)


def test_a_sheet_whose_groups_blank_rows_set_apart_keeps_each_groups_kind(call):
    """"Prestations externes" alone on its row after a blank one, then "Ergonome consultant" and the
    subtotal: the line is a service (it was read as staff, by its own word, the group heading lost)."""
    rows = [["Budget prévisionnel – projet"], [], ["Poste", "2022", "2023", "Total"],
            ["Dépenses de personnel"], ["Cheffe de projet", 4200, 8400, 12600], ["Sous-total personnel", 4200, 8400, 12600],
            [], ["Prestations externes"], ["Ergonome consultant", 0, 7200, 7200],
            ["Sous-total prestations externes", 0, 7200, 7200], [], ["TOTAL GÉNÉRAL", 4200, 15600, 19800],
            [], ["Plan de financement"], ["Financeur", "Montant"], ["Anact", 15800], ["Autofinancement", 4000]]
    budget = analyse([read_document(to_xlsx({"Budget": rows}), "budget.xlsx", None)], call).budget
    assert budget.by_category["prestations"] == 7200.0 and budget.by_category["personnel"] == 12600.0
    assert figures(budget) == (19800.0, 15800.0, 4000.0)
