"""The dossier's identity facts: title, acronym and the project's end, as applicants write them."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from config.call import load_call
from extract.documents import read_document
from extract.evaluate import evaluate
from extract.facts import acronym_of, named_acronyms, organisation_of, project_end_of, title_of
from extract.find import analyse
from extract.text import read_body
from extracthelp import to_docx, to_pdf, to_text

SECTIONS = [("h", 1, "Contexte"), ("p", "Les ports de plaisance équipent leurs agents de tablettes de pointage."),
            ("h", 1, "Objectifs"), ("p", "Discuter des règles d'usage des tablettes avec les agents.")]


@pytest.fixture(scope="module")
def call():
    return load_call()


def render(outline, how):
    if how == "docx":
        return read_document(to_docx(outline), "projet.docx", None)
    if how == "pdf":
        return read_document(to_pdf(outline), "projet.pdf", None)
    return read_body(to_text(outline), None)


@pytest.mark.parametrize("how", ["docx", "pdf", "text"])
def test_acronym_and_title_on_one_heading(call, how):
    doc = render([("h", 1, "CAP SUR LES QUAIS – Concerter les agents portuaires sur leurs outils de pointage"),
                  *SECTIONS], how)
    assert acronym_of([doc], call) == "CAP SUR LES QUAIS"
    assert title_of([doc], call) == "Concerter les agents portuaires sur leurs outils de pointage"


@pytest.mark.parametrize("how", ["docx", "pdf"])
def test_capitalised_opening_heading_is_the_acronym_and_the_labelled_title_the_title(call, how):
    labelled = (("table", [["Structure porteuse", "Capitainerie coopérative du Ponant"],
                           ["Intitulé", "Des plannings de saison négociés avec les saisonniers des ports"]])
                if how == "docx" else
                ("p", "Intitulé : Des plannings de saison négociés avec les saisonniers des ports"))
    doc = render([("h", 1, "MARÉE HAUTE"), ("p", "Réponse à l'AMI Fabrique CTO 2022"), labelled, *SECTIONS], how)
    assert acronym_of([doc], call) == "MARÉE HAUTE"
    assert title_of([doc], call) == "Des plannings de saison négociés avec les saisonniers des ports"


def test_labelled_acronym_and_covering_mail(call):
    labelled = render([("p", "Acronyme : BOUSSOLE"), *SECTIONS], "docx")
    assert acronym_of([labelled], call) == "BOUSSOLE"
    body = read_body("Bonjour,\nVeuillez trouver notre réponse pour le projet PHARE & CO. N'hésitez pas à nous écrire.\n"
                     "Cordialement", None)
    assert acronym_of([body], call) == "PHARE & CO"
    assert named_acronyms("TR: Candidature projet ÉCLUSE 2 – version finale") == ["ÉCLUSE 2"]


def test_the_call_the_dossier_and_a_section_are_not_the_project(call):
    doc = render([("h", 1, "AMI FABRIQUE CTO – DOSSIER DE CANDIDATURE"),
                  ("h", 1, "Coopérative du Ponant – AMI Fabrique CTO 2022"),
                  ("h", 1, "A. CONTEXTE ET ENJEUX"), ("p", "Les ports équipent leurs agents de tablettes."),
                  ("h", 1, "Annexe 1 – Budget détaillé"), ("p", "Voir tableau.")], "docx")
    assert acronym_of([doc], call) is None
    assert title_of([doc], call) is None
    partners = read_body("Partenaires mobilisés :\n- MARINOVE : appui à la formation des équipes de quai\n"
                         "- UNION DES PORTS : relais auprès des capitaineries\n", None)
    assert acronym_of([partners], call) is None


def test_title_quoted_by_the_covering_mail_and_continued_on_the_next_line(call):
    quoted = read_body("Bonjour,\nje vous transmets le dossier du projet « Former les caristes au dialogue sur "
                       "les tablettes embarquées ».\nBien à vous", None)
    assert title_of([quoted], call) == "Former les caristes au dialogue sur les tablettes embarquées"
    wrapped = read_body("Bonjour,\n\nTitre du projet : Des tablettes embarquées discutées avec les\n"
                        "caristes des entrepôts portuaires\n\n1. Contexte\nLes entrepôts s'équipent.\n", None)
    assert title_of([wrapped], call) == "Des tablettes embarquées discutées avec les caristes des entrepôts portuaires"


def _end(lines, call):
    return project_end_of([read_body("\n\n".join(lines), None)], call)


def test_end_from_start_and_length_not_from_a_phase_that_mentions_the_end(call):
    lines = ["Calendrier", "Le projet durera 16 mois à partir de novembre 2022.",
             "Phase 3 – Bilan (oct. 2023 - nov. 2023) : questionnaire de fin de projet et restitution."]
    assert _end(lines, call) == date(2024, 2, 29)


def test_end_of_a_stated_period_wins_over_a_coarse_chart(call):
    doc = render([("h", 1, "Calendrier"), ("p", "Le projet se tiendra sur 10 mois, de mars 2023 à décembre 2023."),
                  ("table", [["Étape", "T1 2023", "T2 2023", "T3 2023", "T4 2023", "T1 2024"],
                             ["Restitution", "", "", "", "", "X"]])], "docx")
    end = project_end_of([doc], call)
    assert end == date(2023, 12, 31)
    # a bare "décembre 2023" is not after the call's 30 December 2023
    analysis = analyse([doc], call)
    assert "fin_apres_echeance" not in evaluate(analysis, call, datetime(2022, 8, 1, tzinfo=timezone.utc)).flags


def test_end_from_project_months_counted_from_the_start(call):
    lines = ["Démarrage prévu en mai 2023 (M1).", "Étape 1 : M1 à M3 – cadrage", "Étape 2 : M4 à M9 – ateliers",
             "Étape 3 : M10 à M15 – diffusion"]
    assert _end(lines, call) == date(2024, 7, 31)


def test_until_a_date_names_the_end_only_when_the_sentence_is_about_the_project(call):
    lines = ["Phasage", "Phase 1 : enquête de terrain jusqu'à mars 2023.", "Phase 2 : ateliers d'avril à septembre 2023."]
    assert _end(lines, call) == date(2023, 9, 30)
    assert _end(["Calendrier", "Le projet court jusqu'à février 2024 ; la phase 1 finit en mars 2023."], call) \
        == date(2024, 2, 29)


def test_end_from_dated_step_lines_without_a_heading(call):
    lines = ["Les étapes sont les suivantes.", "Repérage des quais mars 2023 – mai 2023",
             "Ateliers avec les équipes juin 2023 – novembre 2023", "Restitution décembre 2023 – janvier 2024"]
    assert _end(lines, call) == date(2024, 1, 31)


def test_organisation_without_the_letterheads_town_and_from_the_covering_mail(call):
    def org(text):
        return organisation_of([read_body(text, None)], call)

    assert org("Porteur du projet : Atelier Marin du Ponant – Lorient\nContact : Yves") == "Atelier Marin du Ponant"
    assert org("Porteur du projet : Coopérative Escales – Saint-Nazaire") == "Coopérative Escales"
    # a dash before an organisation's own word or a department is not a town
    assert org("Porteur du projet : Marées Conseil – Formation") == "Marées Conseil – Formation"
    assert org("Porteur : Institut Océan – équipe Travail et Mer") == "Institut Océan – équipe Travail et Mer"
    assert org("Bonjour,\nVeuillez trouver la candidature de l'Union des ports de plaisance de Bretagne à "
               "l'appel à manifestation d'intérêt.\nCordialement") == "Union des ports de plaisance de Bretagne"


def test_a_sentence_cut_by_the_page_or_a_numbered_section_is_no_title(call):
    cut = read_body("Le comité réunira les partenaires du\n\nprojet : relecture des livrables. Enfin, la Région "
                    "rejoint la démarche pour : cofinancement.\n", None)
    assert title_of([cut], call) is None
    numbered = render([("h", 1, "2. Recettes prévues pour les ateliers"), ("p", "Subvention : 10 000 €")], "docx")
    assert title_of([numbered], call) is None


@pytest.mark.parametrize("title, organisation", [
    ("Projet CARTO-SOIN – Association Aide et Présence du Berry", "Association Aide et Présence du Berry"),
    ("ATELIERS MOBILES | Coopérative Les Ateliers du Lot", "Coopérative Les Ateliers du Lot"),
    ("Projet CARTO-SOIN – dossier de candidature", None),
    ("Projet CARTO-SOIN – Anact", None),
])
def test_the_applicant_after_a_dash_in_the_title(call, title, organisation):
    document = read_document(to_docx([("title", title), ("h", 1, "Contexte"), ("p", "Les soignantes à domicile…")]),
                             "candidature.docx", None)
    assert organisation_of([document], call) == organisation


def test_a_length_then_its_months_in_brackets_ends_with_them(call):
    """"Durée : 12 mois (janvier – décembre 2023)": the year closes the period (it ended 12 months
    after December 2023, a false "fin après l'échéance")."""
    assert _end(["Durée : 12 mois (janvier – décembre 2023)."], call) == date(2023, 12, 31)
    assert _end(["Durée : 18 mois à compter de septembre 2022."], call) == date(2024, 2, 29)
