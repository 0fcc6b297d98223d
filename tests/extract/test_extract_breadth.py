"""More layouts and mistakes applicants make: one test per case found while widening the rules."""
from __future__ import annotations

import io

import pytest

from config.call import load_call
from extract.documents import read_document
from extract.find import analyse
from extract.text import read_body
from extracthelp import CORPUS, to_docx, to_pdf, to_xlsx


@pytest.fixture(scope="module")
def call():
    return load_call()


def docx(outline, headings="style"):
    return read_document(to_docx(outline, headings), "projet.docx", None)


def test_charges_and_resources_side_by_side(call):
    outline = [("h", 1, "Plan de financement"),
               ("table", [["Charges", "Montant", "Produits", "Montant"],
                          ["Salaires et charges", "20 000 €", "Anact – Fabrique CTO", "18 000 €"],
                          ["Déplacements", "1 500 €", "Autofinancement", "6 000 €"],
                          ["Prestation vidéo", "2 500 €", "", ""],
                          ["Total charges", "24 000 €", "Total produits", "24 000 €"]])]
    budget = analyse([docx(outline)], call).budget
    assert budget.total_eur == 24000.0 and budget.stated_total_eur == 24000.0
    assert budget.anact_request_eur == 18000.0 and budget.cofinancing_eur == 6000.0
    assert budget.by_category["prestations"] == 2500.0


def test_group_subtotals_are_not_counted_twice(call):
    outline = [("h", 1, "Budget"),
               ("table", [["Poste", "Montant"], ["Personnel", "30 000 €"], ["Jeanne Martin (60 jours)", "20 000 €"],
                          ["Paul Durand (40 jours)", "10 000 €"], ["Déplacements", "2 000 €"],
                          ["Total", "32 000 €"]])]
    budget = analyse([docx(outline)], call).budget
    assert budget.total_eur == 32000.0
    assert budget.by_category == {"personnel": 30000.0, "deplacements_logistique": 2000.0, "prestations": None,
                                  "autres": None}


def test_amount_cells_showing_their_working(call):
    outline = [("h", 1, "Budget"),
               ("table", [["Poste", "Calcul et montant"], ["Cheffe de projet", "50 j x 400 € = 20 000 €"],
                          ["Frais de mission", "1 200 € (4 déplacements)"]])]
    budget = analyse([docx(outline)], call).budget
    assert budget.total_eur == 21200.0


def test_phone_numbers_and_dates_are_not_a_budget(call):
    body = ("Bonjour,\nVeuillez trouver notre dossier en pièce jointe.\n\nCordialement,\nMarie Dupont\n"
            "Tél : 01 23 45 67 89\nMobile 06 12 34 56 78\nParis, le 12/08/2022\n")
    analysis = analyse([read_body(body, None)], call)
    assert analysis.budget.total_eur is None and analysis.budget.lines == ()


def test_application_form_as_a_table(call):
    outline = [("table", [["Contexte", "Les agents d'accueil subissent de nouvelles cadences."],
                          ["Objectifs du projet", "Construire une charte d'usage partagée."],
                          ["Publics cibles", "à compléter"],
                          ["Pilotage et comitologie", ""], ["", "Un comité de pilotage trimestriel réunira les parties."]])]
    analysis = analyse([docx(outline)], call)
    assert analysis.requirements["description.contexte"] is not None
    assert analysis.requirements["description.objectifs"] is not None
    assert analysis.requirements["description.cibles"] is None
    assert analysis.requirements["description.pilotage"] is not None


def test_one_subheading_per_partner(call):
    outline = [("h", 1, "Partenaires mobilisés"), ("h", 2, "Aract Île-de-France"),
               ("p", "Appui méthodologique et animation d'un atelier."), ("h", 2, "CFE-CGC Île-de-France"),
               ("p", "Mobilisation des élus."), ("h", 1, "Budget"), ("p", "Voir annexe.")]
    analysis = analyse([docx(outline)], call)
    assert [(p.name, p.contribution) for p in analysis.partners] == [
        ("Aract Île-de-France", "Appui méthodologique et animation d'un atelier."),
        ("CFE-CGC Île-de-France", "Mobilisation des élus.")]


@pytest.mark.parametrize("text", ["Aucun partenaire à ce stade.", "Néant", "Les partenaires sont en cours d'identification."])
def test_no_partner_stated(call, text):
    outline = [("h", 1, "Partenaires"), ("p", text), ("h", 1, "Budget"), ("p", "Voir annexe.")]
    analysis = analyse([docx(outline)], call)
    assert analysis.partners == ()
    assert analysis.requirements["partenaires.liste"] is None


def test_partner_list_with_an_introduction(call):
    body = ("Partenaires\nLes partenaires suivants sont mobilisés :\n- Aract Centre-Val de Loire : appui\n"
            "- Mutualité Française Centre : relais\n")
    analysis = analyse([read_body(body, None)], call)
    assert [p.name for p in analysis.partners] == ["Aract Centre-Val de Loire", "Mutualité Française Centre"]


def test_xlsx_budget_with_formulas_never_computed(call):
    data = to_xlsx({"Budget": [["Poste", "Jours", "Taux jour", "Montant"],
                               ["Chef de projet", 40, 450, "=B2*C2"], ["Chargée d'études", 30, 350, "=B3*C3"],
                               ["Location de salle", None, None, 800], ["Total", None, None, "=SUM(D2:D4)"],
                               [None], ["Ressources", None, None, None], ["Anact", None, None, "=D5*0.8"],
                               ["Fonds propres", None, None, "=D5-D8"]]})
    budget = analyse([read_document(data, "budget.xlsx", None)], call).budget
    assert budget.total_eur == 29300.0 and budget.stated_total_eur == 29300.0
    assert budget.anact_request_eur == pytest.approx(23440.0)
    assert budget.cofinancing_eur == pytest.approx(5860.0)


def test_docx_tracked_insertions_are_read():
    import docx as python_docx
    from docx.oxml import parse_xml

    document = python_docx.Document()
    paragraph = document.add_paragraph("Contexte : les ")
    paragraph._p.append(parse_xml(
        '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="1" w:author="a">'
        "<w:r><w:t>agents d'accueil</w:t></w:r></w:ins>"))
    paragraph._p.append(parse_xml(
        '<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="2" w:author="a">'
        "<w:r><w:delText>caissiers</w:delText></w:r></w:del>"))
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_document(buffer.getvalue(), "x.docx", None).blocks[0].text == "Contexte : les agents d'accueil"


def test_request_in_prose_without_naming_the_anact(call):
    body = ("Budget\nSalaires\t30 000 €\nDéplacements\t3 000 €\n\n"
            "Nous sollicitons un financement de 26 400 € dans le cadre de cet appel. "
            "L'autofinancement de la structure s'élève à 6 600 €.")
    budget = analyse([read_body(body, None)], call).budget
    assert budget.anact_request_eur == 26400.0
    assert budget.cofinancing_eur == 6600.0


def test_pdf_budget_written_as_lines_without_ruling(call):
    outline = [("h", 1, "Budget prévisionnel"), ("p", "Dépenses de personnel : 25 000 €"),
               ("p", "Frais de déplacement : 2 000 €"), ("p", "Achats de prestations : 3 000 €"),
               ("p", "Total : 30 000 €"), ("h", 1, "Ressources"), ("p", "Anact : 24 000 €"),
               ("p", "Fonds propres : 6 000 €")]
    budget = analyse([read_document(to_pdf(outline), "p.pdf", None)], call).budget
    assert budget.total_eur == 30000.0 and budget.anact_request_eur == 24000.0 and budget.cofinancing_eur == 6000.0


@pytest.mark.skipif(not (CORPUS / "doc-pypdf" / "Seige_of_Vicksburg_Sample_OCR.pdf").exists(),
                    reason="public corpus not available")
def test_ocr_scan_is_flagged(call):
    data = (CORPUS / "doc-pypdf" / "Seige_of_Vicksburg_Sample_OCR.pdf").read_bytes()
    document = read_document(data, "scan.pdf", None)
    assert document.status == "ok" and document.ocr
    assert "document_illisible" in analyse([document], call).document_flags


def test_vat_rows_and_net_totals(call):
    outline = [("h", 1, "Budget"),
               ("table", [["Poste", "Montant"], ["Personnel", "20 000 €"], ["Prestation de design", "5 000 €"],
                          ["Total HT", "25 000 €"], ["TVA (20 %)", "1 000 €"], ["Total TTC", "26 000 €"]])]
    budget = analyse([docx(outline)], call).budget
    assert budget.total_eur == 25000.0 and budget.stated_total_eur == 25000.0
    assert budget.by_category["autres"] is None


def test_end_from_a_duration(call):
    body = read_body("Durée du projet : 18 mois à compter de septembre 2022.", None)
    from datetime import date

    assert analyse([body], call).project_end == date(2024, 2, 29)


def test_csv_budget_attachment(call):
    data = "Poste;Montant\nSalaires;12 000 €\nDéplacements;1 500\nTotal;13 500\n".encode("cp1252")
    document = read_document(data, "budget.csv", "text/csv")
    assert document.status == "ok"
    assert analyse([document], call).budget.total_eur == 13500.0


def test_table_of_contents_does_not_make_sections_present(call):
    outline = [("title", "Projet AGORA"), ("p", "Sommaire"), ("p", "1. Contexte ........ 2"),
               ("p", "2. Pilotage ........ 3"), ("p", "3. Budget ........ 4"), ("pagebreak",),
               ("h", 1, "1. Contexte"), ("p", "Les agents subissent de nouvelles cadences."),
               ("h", 1, "3. Budget"), ("p", "Voir annexe.")]
    analysis = analyse([docx(outline)], call)
    assert analysis.requirements["description.contexte"] is not None
    assert analysis.requirements["description.pilotage"] is None


def test_labels_that_are_not_the_organisation(call):
    body = read_body("Structure : le projet est organisé en trois temps.\nPorteur : Collectif Travail Vivant\n", None)
    assert analyse([body], call).organisation == "Collectif Travail Vivant"


def test_amounts_with_a_comment_after_them(call):
    body = ("Budget\nPersonnel : 25 000 € (dont 5 000 € de charges sociales)\nDéplacements : 2 000 €\n\n"
            "Ressources\nAnact : 21,6 k€ (80 %)\nFonds propres : 5 400 € (20 %)\n")
    budget = analyse([read_body(body, None)], call).budget
    assert budget.total_eur == 27000.0 and budget.anact_request_eur == 21600.0 and budget.cofinancing_eur == 5400.0


def test_thousands_of_euros_column(call):
    outline = [("h", 1, "Budget"), ("table", [["Poste", "Montant (k€)"], ["Salaires", "20"], ["Déplacements", "2,5"],
                                             ["Total", "22,5"]])]
    budget = analyse([docx(outline)], call).budget
    assert budget.total_eur == 22500.0 and budget.stated_total_eur == 22500.0


OUR_REQUEST = """La description du projet :
  - la perspective de pérennisation et d'essaimage
Les partenaires mobilisés et leur contribution attendue :
  - les partenaires mobilisés
  - la contribution attendue de chaque partenaire
"""


@pytest.mark.parametrize("quote", [
    "De : Fabrique CTO <fabrique@anact.fr>\nEnvoyé : lundi 15 août 2022 10:00\nÀ : Jeanne Martin\n"
    "Objet : [FCTO-2022-0003] Éléments manquants\n\n" + OUR_REQUEST,
    "Le lun. 15 août 2022 à 10:00, Fabrique CTO <fabrique@anact.fr> a écrit :\n"
    + "".join("> " + line + "\n" for line in OUR_REQUEST.splitlines()),
    "-----Original Message-----\n" + OUR_REQUEST,
])
def test_our_quoted_request_is_not_the_applicants_answer(call, quote):
    body = "Bonjour,\nVoici le budget corrigé en pièce jointe.\nCordialement,\nJeanne\n\n" + quote
    analysis = analyse([read_body(body, None)], call)
    assert analysis.partners == ()
    assert set(analysis.requirements.values()) == {None}


def test_a_forwarded_proposal_is_read(call):
    body = ("Bonjour, je vous transfère la candidature de ma collègue.\n\n---------- Forwarded message ---------\n"
            "De : Paul Durand <paul@asso.fr>\nDate: mar. 9 août 2022 à 10:00\nObjet: Candidature\n\n"
            "Contexte\nLes agents subissent des cadences.\n")
    assert analyse([read_body(body, None)], call).requirements["description.contexte"] is not None


def test_association_budget_form_with_account_groups(call):
    """The budget form French associations fill in (charges | produits, accounts 60–68 and 70–75)."""
    rows = [
        ["CHARGES", "Montant", "PRODUITS", "Montant"],
        ["60 - Achats", "3 000 €", "70 - Vente de produits finis, prestations de services", ""],
        ["Prestations de services", "3 000 €", "74 - Subventions d'exploitation", "52 000 €"],
        ["62 - Autres services extérieurs", "9 000 €", "Anact – Fabrique CTO", "40 000 €"],
        ["Rémunérations intermédiaires et honoraires", "6 000 €", "Région Hauts-de-France", "8 000 €"],
        ["Déplacements, missions", "3 000 €", "Fonds européens", "4 000 €"],
        ["64 - Charges de personnel", "48 000 €", "75 - Autres produits de gestion courante", "8 000 €"],
        ["Rémunération des personnels", "36 000 €", "Dont cotisations, dons manuels", "8 000 €"],
        ["Charges sociales", "12 000 €", "", ""],
        ["TOTAL DES CHARGES", "60 000 €", "TOTAL DES PRODUITS", "60 000 €"],
    ]
    budget = analyse([docx([("h", 1, "Budget prévisionnel"), ("table", rows)])], call).budget
    assert budget.total_eur == 60000.0
    assert budget.by_category == {"personnel": 48000.0, "deplacements_logistique": 3000.0, "prestations": 9000.0,
                                  "autres": None}
    assert budget.anact_request_eur == 40000.0
    assert budget.cofinancing_eur == 20000.0


def test_outlook_html_bold_paragraphs_are_headings(call):
    html = ("<html><body><p class=MsoNormal><b>Notre ambition pour les agents<o:p></o:p></b></p>"
            "<p class=MsoNormal>Faire dialoguer.</p><p class=MsoNormal><b>Objectifs poursuivis par la démarche :</b></p>"
            "<p class=MsoNormal>Outiller le dialogue.</p><p class=MsoNormal><b>Public</b></p><p>&nbsp;</p>"
            "<p class=MsoNormal><b>Partenaires</b></p><ul><li><b>Aract Bretagne</b> : appui</li></ul></body></html>")
    body = read_body(None, html)
    assert [b.text for b in body.blocks if b.heading_level] == [
        "Notre ambition pour les agents", "Objectifs poursuivis par la démarche :", "Public", "Partenaires"]
    analysis = analyse([body], call)
    assert analysis.requirements["description.objectifs"] is not None
    assert analysis.requirements["description.cibles"] is None  # a heading with nothing under it
    assert [(p.name, p.contribution) for p in analysis.partners] == [("Aract Bretagne", "appui")]


@pytest.mark.parametrize("text, organisation, title", [
    ("Nom de la structure porteuse : Collectif Horizon\nContact du porteur : Jeanne Martin", "Collectif Horizon", None),
    ("Contact du porteur : Jeanne Martin\nStructure porteuse du projet : SCOP Les Tisserands (Roubaix)",
     "SCOP Les Tisserands", None),
    ("Intitulé du projet proposé : Des tablettes en dialogue\nPorteur : Laboratoire LISE (CNAM)",
     "Laboratoire LISE (CNAM)", "Des tablettes en dialogue"),
])
def test_organisation_and_title_labels(call, text, organisation, title):
    analysis = analyse([read_body(text, None)], call)
    assert analysis.organisation == organisation and analysis.project_title == title


def test_figures_stated_in_prose_without_a_table(call):
    body = ("Projet ÉCHO\nCoût total du projet : 60 000 €\nMontant demandé à l'Anact : 45 000 €\n"
            "Le reste est couvert par l'autofinancement de la structure, soit 15 000 €.")
    budget = analyse([read_body(body, None)], call).budget
    assert budget.total_eur == 60000.0 and budget.anact_request_eur == 45000.0
    assert budget.cofinancing_eur == 15000.0 and budget.lines == ()
