"""analyse(): requirements, budget, partners and facts over varied proposals and formats."""
from __future__ import annotations

from datetime import date

import pytest

from config.call import load_call
from extract.documents import read_document
from extract.find import analyse
from extract.text import read_body
from extracthelp import image_only_pdf, password_pdf, to_docx, to_html, to_pdf, to_text, to_xlsx
from scenarios import BODY_CAPITALS, NUMBERED_EMPTY, SYNONYMS

DESCRIPTION = ["description.contexte", "description.objectifs", "description.problematique", "description.cibles",
               "description.methodologie", "description.phasage", "description.pilotage", "description.resultats",
               "description.perennisation"]


@pytest.fixture(scope="module")
def call():
    return load_call()


def missing(analysis):
    return [k for k, v in analysis.requirements.items() if v is None]


def render(outline, how):
    if how.startswith("docx"):
        return read_document(to_docx(outline, how.split("-")[1]), "projet.docx", None)
    if how == "pdf":
        return read_document(to_pdf(outline), "projet.pdf", None)
    if how == "pdf-unruled":
        return read_document(to_pdf(outline, ruled_tables=False), "projet.pdf", None)
    if how == "text":
        return read_body(to_text(outline), None)
    if how == "html":
        return read_body(None, to_html(outline))
    raise ValueError(how)


FORMATS = ["docx-style", "docx-bold", "docx-caps", "docx-plain", "docx-titre", "pdf", "pdf-unruled", "text", "html"]


@pytest.mark.parametrize("how", FORMATS)
def test_synonyms_merged_headings_kilo_euros_no_cofinancing(call, how):
    analysis = analyse([render(SYNONYMS, how)], call)
    assert missing(analysis) == ["budget.cofinancements"]
    budget = analysis.budget
    assert budget.total_eur == 36000.0  # the lines' sum ...
    assert budget.stated_total_eur == 35000.0  # ... beside the document's own (wrong) total
    assert budget.anact_request_eur == 30000.0
    assert budget.cofinancing_eur is None
    assert budget.cofinancing_share == pytest.approx(6000 / 36000, abs=1e-3)
    assert budget.by_category == {"personnel": 30500.0, "deplacements_logistique": 1500.0, "prestations": 4000.0,
                                  "autres": None}
    assert [(p.name, p.contribution) for p in analysis.partners] == [
        ("Aract Hauts-de-France", "appui méthodologique"),
        ("Union syndicale Solidaires Nord", "mobilisation des élus"),
        ("Entrepôts du Nord SAS", "terrain d'expérimentation"),
    ]
    assert analysis.organisation == "Coopérative Trame & Chaîne"
    assert analysis.project_end == date(2023, 10, 31)


def test_merged_heading_gives_both_elements(call):
    analysis = analyse([render(SYNONYMS, "docx-style")], call)
    objectifs = analysis.requirements["description.objectifs"]
    assert objectifs is analysis.requirements["description.problematique"]
    assert objectifs.attachment == "projet.docx" and objectifs.excerpt.startswith("Objectifs et problématique")


def test_capital_headings_budget_as_text_lines_partners_without_contributions(call):
    analysis = analyse([read_body(BODY_CAPITALS, None)], call)
    assert missing(analysis) == ["budget.cofinancements", "partenaires.contributions"]
    assert analysis.budget.total_eur == 20000.0
    assert analysis.budget.anact_request_eur == 20000.0
    assert analysis.budget.cofinancing_share == 0.0
    assert [p.name for p in analysis.partners] == ["Aract Occitanie", "CFDT Services Occitanie",
                                                   "Office de tourisme de Sète"]
    assert analysis.organisation == "Association Numérique et Travail en Occitanie"
    assert analysis.requirements["description.contexte"].attachment is None


@pytest.mark.parametrize("how", ["docx-plain", "docx-style", "pdf", "text"])
def test_numbered_headings_empty_section_and_2024_end(call, how):
    analysis = analyse([render(NUMBERED_EMPTY, how)], call)
    assert missing(analysis) == ["description.pilotage"]
    assert analysis.project_end == date(2024, 3, 31)
    budget = analysis.budget
    assert budget.total_eur == 52000.0 and budget.anact_request_eur == 41600.0 and budget.cofinancing_eur == 10400.0
    assert budget.by_category["autres"] == 2000.0
    natures = {r.label: r.nature for r in budget.resources if r.kind == "cofinancement"}
    assert natures == {"Région Sud": "subvention", "Fonds propres": "autofinancement"}
    assert [p.contribution for p in analysis.partners] == [
        "appui méthodologique", "relais auprès des entreprises", "participation au comité de pilotage"]


@pytest.mark.parametrize("empty", ["À compléter", "néant", "TBD", "[à compléter]", "..."])
def test_heading_with_nothing_under_it_is_not_present(call, empty):
    outline = [("h", 1, "Contexte"), ("p", empty), ("h", 1, "Objectifs"), ("h", 1, "Cibles"), ("p", "Les agents.")]
    analysis = analyse([render(outline, "docx-style")], call)
    assert analysis.requirements["description.contexte"] is None
    assert analysis.requirements["description.objectifs"] is None
    assert analysis.requirements["description.cibles"] is not None


def test_subheadings_count_as_content_of_their_parent(call):
    outline = [("h", 1, "2. Description du projet"), ("h", 2, "2.1 Contexte et enjeux"), ("p", "Texte."),
               ("h", 2, "2.2 Publics bénéficiaires"), ("p", "Les agents.")]
    analysis = analyse([render(outline, "docx-style")], call)
    assert analysis.requirements["description.contexte"] is not None
    assert analysis.requirements["description.cibles"] is not None


def test_headings_without_accents_split_over_lines_in_pdf(call):
    outline = [("h", 1, "Perspectives de perennisation, de diffusion et d'essaimage du projet apres la fin du "
                        "financement"), ("p", "Le guide sera diffusé."),
               ("h", 1, "PROBLEMATIQUE"), ("p", "Comment faire ?")]
    analysis = analyse([render(outline, "pdf")], call)
    assert analysis.requirements["description.perennisation"] is not None
    assert analysis.requirements["description.problematique"] is not None


def test_label_colon_paragraphs_count_as_headings(call):
    body = read_body("Objectifs : outiller le dialogue.\nPublic visé : les agents d'accueil.\nPilotage : à compléter\n",
                     None)
    analysis = analyse([body], call)
    assert analysis.requirements["description.objectifs"] is not None
    assert analysis.requirements["description.cibles"] is not None
    assert analysis.requirements["description.pilotage"] is None


def test_a_table_of_dated_phases_is_a_phasage_without_heading(call):
    outline = [("h", 1, "Méthodologie"), ("p", "Des ateliers."),
               ("table", [["Lot", "Début", "Fin"], ["Diagnostic", "01/10/2022", "31/12/2022"],
                          ["Ateliers", "01/01/2023", "30/06/2023"]])]
    analysis = analyse([render(outline, "docx-style")], call)
    assert analysis.requirements["description.phasage"] is not None
    assert analysis.project_end == date(2023, 6, 30)


def test_steering_paragraph_without_heading(call):
    outline = [("h", 1, "Méthodologie"), ("p", "Des ateliers."),
               ("h", 1, "Organisation"), ("p", "Un comité de pilotage composé de la direction et des élus se réunira "
                                              "chaque trimestre.")]
    analysis = analyse([render(outline, "docx-style")], call)
    assert analysis.requirements["description.pilotage"] is not None


def test_steering_mentioned_in_partner_table_is_not_a_pilotage(call):
    outline = [("h", 1, "Partenaires"), ("table", [["Partenaire", "Contribution"],
                                                  ["Aract Bretagne", "participation au comité de pilotage"]])]
    analysis = analyse([render(outline, "docx-style")], call)
    assert analysis.requirements["description.pilotage"] is None
    assert analysis.requirements["partenaires.contributions"] is not None


def test_partners_in_prose_and_dash_lists(call):
    outline = [("p", "Porteur : Laboratoire Lumière"), ("h", 1, "Partenariats"),
               ("p", "Le projet associe l'Aract Grand Est, qui apportera son appui méthodologique, la CFDT Métallurgie "
                     "Lorraine, qui mobilisera les élus, et l'entreprise Fonderies de Lorraine qui accueillera les "
                     "ateliers.")]
    analysis = analyse([render(outline, "docx-style")], call)
    names = [p.name for p in analysis.partners]
    assert names == ["Aract Grand Est", "CFDT Métallurgie Lorraine", "Entreprise Fonderies de Lorraine"] or \
        names[:2] == ["Aract Grand Est", "CFDT Métallurgie Lorraine"]
    assert analysis.requirements["partenaires.contributions"] is not None

    outline = [("h", 1, "Partenaires"), ("li", "Aract Normandie – apport d'une ergonome"),
               ("li", "Union régionale des SCOP – Normandie"), ("li", "Laboratoire Lumière – porteur")]
    analysis = analyse([render(outline, "text")], call)
    assert [p.name for p in analysis.partners][:2] == ["Aract Normandie", "Union régionale des SCOP – Normandie"]


def test_the_applicant_is_not_its_own_partner(call):
    outline = [("p", "Structure porteuse : Cabinet Horizon Travail"), ("h", 1, "Partenaires"),
               ("table", [["Partenaire", "Contribution"], ["Cabinet Horizon Travail", "coordination"],
                          ["Aract Bretagne", "appui"], ["Total", "12 000 €"]])]
    analysis = analyse([render(outline, "docx-style")], call)
    assert [p.name for p in analysis.partners] == ["Aract Bretagne"]


def test_latest_readable_budget_wins(call):
    first = render(NUMBERED_EMPTY, "docx-style")
    corrected = read_document(to_xlsx({
        "Budget": [["Poste", "Montant (€)"], ["Personnel", 30000], ["Déplacements", 2000], ["Prestations", 5000],
                   ["Total", 37000], [None, None], ["Ressources", None], ["Anact", 29000], ["Autofinancement", 8000]],
    }), "budget v2.xlsx", None)
    analysis = analyse([first, read_body("Voici le budget corrigé.", None), corrected], call)
    assert analysis.budget.total_eur == 37000.0
    assert analysis.budget.anact_request_eur == 29000.0
    assert analysis.budget.cofinancing_eur == 8000.0
    assert analysis.budget.by_category["autres"] is None
    assert analysis.requirements["budget.personnel"].attachment == "budget v2.xlsx"
    # The description still comes from the first document.
    assert analysis.requirements["description.contexte"].attachment == "projet.docx"


def test_budget_split_over_sheets_with_nature_column(call):
    data = to_xlsx({
        "Dépenses": [["Plan de financement", None, None], ["Poste", "Nb jours", "Coût total"],
                     ["Chargée de mission", 40, 16000], ["Frais de déplacement", None, 1200],
                     ["Design graphique", None, 2500], ["Licences logicielles", None, 800], ["Total", None, 20500]],
        "Ressources": [["Financeur", "Nature", "Montant"], ["Anact (Fabrique CTO)", "subvention", 16000],
                       ["Fondation Travail & Société", "mécénat", 2500], ["Temps des bénévoles", "valorisation", 2000]],
    }, merges={"Dépenses": ["A1:C1"]})
    analysis = analyse([read_document(data, "budget.xlsx", None)], call)
    budget = analysis.budget
    assert budget.total_eur == 20500.0 and budget.by_category["personnel"] == 16000.0
    assert budget.by_category["autres"] == 800.0
    assert budget.anact_request_eur == 16000.0 and budget.cofinancing_eur == 4500.0
    assert {r.nature for r in budget.resources if r.kind == "cofinancement"} == {"mecenat", "valorisation"}


def test_cofinancing_needs_an_amount(call):
    body = ("Budget\nPersonnel\t10 000 €\nDéplacements\t1 000 €\n\nRessources\nAnact\t9 000 €\n"
            "Autofinancement\t20 %\n")
    analysis = analyse([read_body(body, None)], call)
    assert analysis.requirements["budget.cofinancements"] is None
    assert analysis.budget.cofinancing_eur is None
    assert analysis.budget.cofinancing_share == pytest.approx(2000 / 11000, abs=1e-3)


def test_prose_budget_request(call):
    body = ("Budget\nDépenses de personnel : 30 000 €\nFrais de déplacement : 2 000 €\n\n"
            "Nous sollicitons auprès de l'Anact une subvention de 25 000 €. La Région Bretagne apporte un "
            "co-financement de 7 000 €.")
    analysis = analyse([read_body(body, None)], call)
    assert analysis.budget.total_eur == 32000.0
    assert analysis.budget.anact_request_eur == 25000.0
    assert analysis.budget.cofinancing_eur == 7000.0


def test_no_budget_means_none_not_zero(call):
    analysis = analyse([read_body("Contexte\nUn texte.", None)], call)
    budget = analysis.budget
    assert budget.total_eur is None and budget.anact_request_eur is None and budget.cofinancing_eur is None
    assert budget.cofinancing_share is None
    assert set(budget.by_category.values()) == {None}
    assert all(analysis.requirements[k] is None for k in ("budget.personnel", "partenaires.liste"))


def test_document_flags(call):
    documents = [read_body("Bonjour", None), read_document(image_only_pdf(), "scan.pdf", None),
                 read_document(password_pdf(), "budget.pdf", None), read_document(b"\x00\x01binary", "a.bin", None)]
    analysis = analyse(documents, call)
    assert analysis.document_flags == ("document_illisible", "piece_jointe_protegee", "piece_jointe_non_supportee")


def test_every_key_of_the_call_is_reported(call):
    analysis = analyse([], call)
    assert list(analysis.requirements) == list(call.requirement_keys)
    assert set(analysis.requirements.values()) == {None}
