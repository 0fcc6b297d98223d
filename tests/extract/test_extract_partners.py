"""Partners wherever a proposal names them, with their contributions; and what is not a partner.

Every document is built here, in words and names of its own."""
from __future__ import annotations

import copy

import pytest

from config.call import load_call
from extract import entities
from extract.documents import read_document
from extract.find import analyse
from extract.partners import dossier_partners
from extract.text import read_body
from extract.types import Block, Document
from extracthelp import to_docx, to_pdf, to_xlsx


@pytest.fixture(scope="module")
def call():
    return load_call()


def docx(outline, name="projet.docx"):
    return read_document(to_docx(outline, "style"), name, None)


def found(documents, call, applicant=None):
    return [(p.name, p.contribution) for p in dossier_partners(documents, call, applicant)]


def names(documents, call, applicant=None):
    return [p.name for p in dossier_partners(documents, call, applicant)]


# ---------------------------------------------------------------------------------------- prose


def test_enumeration_after_a_colon_with_contributions_in_brackets(call):
    outline = [("h", 1, "Partenariats"),
               ("p", "Sont associés à la démarche : Maison de l'emploi du Vexin (accueil des réunions de travail); "
                     "UNSA Territoriaux de l'Oise (relais auprès des agents); Menuiserie Bois Vivant (terrain "
                     "d'expérimentation pour deux ateliers).")]
    assert found([docx(outline)], call) == [
        ("Maison de l'emploi du Vexin", "accueil des réunions de travail"),
        ("UNSA Territoriaux de l'Oise", "relais auprès des agents"),
        ("Menuiserie Bois Vivant", "terrain d'expérimentation pour deux ateliers"),
    ]


def test_an_acronym_in_brackets_stays_in_the_name(call):
    outline = [("h", 1, "Partenaires"),
               ("p", "Sont associés au projet : Union des métiers de la montagne (UMM) Savoie (relais auprès des "
                     "adhérents et co-animation); Office national des forêts (prêt de matériel).")]
    assert found([docx(outline)], call) == [
        ("Union des métiers de la montagne (UMM) Savoie", "relais auprès des adhérents et co-animation"),
        ("Office national des forêts", "prêt de matériel"),
    ]


def test_enumeration_with_relative_clauses_anywhere_in_the_text(call):
    outline = [("h", 1, "Méthode"),
               ("p", "Pour conduire les ateliers, nous travaillerons avec l'Aract Guyane, qui apportera son regard "
                     "d'ergonome, la CFTC Santé Guyane et la Ville de Kourou, qui ouvrira ses services techniques.")]
    assert found([docx(outline)], call) == [
        ("Aract Guyane", "apportera son regard d'ergonome"),
        ("CFTC Santé Guyane", None),
        ("Ville de Kourou", "ouvrira ses services techniques"),
    ]


def test_partners_the_method_says_will_bring_something(call):
    outline = [("h", 1, "Démarche"),
               ("p", "Les observations seront conduites avec la Mutualité Française Bourgogne, qui prendra en charge "
                     "le recrutement des volontaires. Ensuite, l'Institut régional du travail social animera deux "
                     "ateliers de restitution. Nous pourrons aussi compter sur la Fédération des Scop du BTP "
                     "(relais auprès des coopératives adhérentes).")]
    assert found([docx(outline)], call) == [
        ("Mutualité Française Bourgogne", "prendra en charge le recrutement des volontaires"),
        ("Institut régional du travail social", "animera deux ateliers de restitution"),
        ("Fédération des Scop du BTP", "relais auprès des coopératives adhérentes"),
    ]


def test_people_places_the_team_and_phases_that_will_do_something_are_not_partners(call):
    outline = [("h", 1, "Démarche"),
               ("p", "Hélène Caradec animera les ateliers. Ensuite, Quimper accueillera le séminaire final. "
                     "Notre équipe assurera la coordination. Chaque entreprise pilote mettra à disposition une salle."),
               ("li", "Étape 1 : Diagnostic partagé (observation des situations de travail)"),
               ("h", 1, "Budget"),
               ("p", "Le Conseil départemental du Finistère financera 20 % du projet (subvention acquise).")]
    assert found([docx(outline)], call) == []


def test_a_partner_added_in_a_later_mail(call):
    first = read_body("Bonjour,\n\nNotre projet est joint.\n\nPartenaires :\n- Aract Limousin : appui méthodologique\n",
                      None)
    second = read_body("Bonjour,\n\nNous avions omis un partenaire : la Mutualité Creusoise (prêt de salles "
                       "pour les ateliers).\n\nBien à vous,\nPaul\n", None)
    assert found([first, second], call) == [("Aract Limousin", "appui méthodologique"),
                                           ("Mutualité Creusoise", "prêt de salles pour les ateliers")]


def test_an_enumeration_saying_what_each_will_do(call):
    outline = [("h", 1, "Gouvernance"),
               ("p", "Le comité de pilotage réunira la Carsat Sud-Est, qui apportera ses données de sinistralité, et "
                     "la Fédération BTP Vaucluse, qui relaiera l'appel auprès des entreprises.")]
    assert found([docx(outline)], call) == [
        ("Carsat Sud-Est", "apportera ses données de sinistralité"),
        ("Fédération BTP Vaucluse", "relaiera l'appel auprès des entreprises")]


def test_partners_in_an_english_sentence(call):
    outline = [("h", 1, "Methodology"),
               ("p", "The project is run in partnership with Aract Hauts-de-France and the University of Lille.")]
    assert names([docx(outline)], call) == ["Aract Hauts-de-France", "University of Lille"]


def test_a_form_row_of_partners_with_their_contributions(call):
    outline = [("table", [["Porteur", "Coopérative Lin & Chanvre"],
                          ["Partenaires et rôles", "Aract Normandie (appui méthodologique) ; Ville de Bernay : "
                                                   "prêt de salles ; France Travail – agence de Bernay"]])]
    assert found([docx(outline)], call) == [("Aract Normandie", "appui méthodologique"), ("Ville de Bernay", "prêt de salles"),
                                           ("France Travail – agence de Bernay", None)]


def test_steering_committee_members_are_partners_but_not_the_groups_beside_them(call):
    outline = [("h", 1, "Gouvernance"),
               ("p", "Un comité de pilotage réunissant Atelier Sens Commun, l'Union départementale FO du Jura, la "
                     "Fédération des MJC de Franche-Comté et des représentants des salariés se tiendra chaque "
                     "trimestre.")]
    assert names([docx(outline)], call, "Atelier Sens Commun") == [
        "Union départementale FO du Jura", "Fédération des MJC de Franche-Comté"]


def test_names_beside_the_partners_as_a_group_are_not_partners(call):
    outline = [("h", 1, "Gouvernance"),
               ("p", "Un comité de pilotage réunira Kairos Travail, les directions des entreprises volontaires ainsi "
                     "que les partenaires ; il se tiendra tous les quatre mois."),
               ("p", "Un comité technique associera l'Aract Normandie, la Carsat Normandie et les autres partenaires.")]
    assert names([docx(outline)], call) == ["Aract Normandie", "Carsat Normandie"]


def test_the_applicant_under_its_initials(call):
    outline = [("p", "Candidature présentée par Fédération Régionale des Maisons Familiales"),
               ("h", 1, "Pilotage"),
               ("p", "Le comité de pilotage réunira la FRMF et la Mutuelle des Cheminots d'Auvergne.")]
    assert names([docx(outline)], call) == ["Mutuelle des Cheminots d'Auvergne"]


def test_the_applicant_signing_the_mail_without_a_word_saying_it_is_an_organisation(call):
    # the body as a reader that kept the signature gives it (above a quoted message, say)
    lines = ["Bonjour,", "Nous vous adressons notre candidature. Le comité de pilotage réunira Les Jardins du Lien "
             "et la Mutualité Française Auvergne.", "Bien à vous,", "Léa Martin", "Chargée de mission",
             "Les Jardins du Lien", "3 rue des Tanneurs, 63000 Clermont-Ferrand"]
    body = Document(name=None, status="ok", format="body",
                    blocks=tuple(Block(text=t, order=i) for i, t in enumerate(lines)))
    assert names([body], call) == ["Mutualité Française Auvergne"]


def test_a_label_then_the_names(call):
    outline = [("h", 1, "Consortium"),
               ("p", "Structures associées : Ville de Dole, Carsat Bourgogne-Franche-Comté et Centre de ressources "
                     "sur le travail et la santé du Jura."),
               ("h", 1, "Annexes"),
               ("p", "Lettres d'engagement jointes : Mutualité du Jura ; CFDT Interco Jura.")]
    assert names([docx(outline)], call) == ["Ville de Dole", "Carsat Bourgogne-Franche-Comté",
                                           "Centre de ressources sur le travail et la santé du Jura",
                                           "Mutualité du Jura", "CFDT Interco Jura"]


def test_a_sentence_without_names_gives_nothing(call):
    outline = [("h", 1, "Partenaires"),
               ("p", "Le projet s'appuie sur un partenariat diversifié, associant acteurs institutionnels, "
                     "partenaires sociaux et les entreprises pilotes du territoire.")]
    assert found([docx(outline)], call) == []


# ---------------------------------------------------------------------------------------- lists


@pytest.mark.parametrize("separator", [" : ", " – ", " - "])
def test_list_items_name_then_contribution(call, separator):
    outline = [("h", 1, "Partenaires et rôle de chacun"),
               ("li", f"Carsat Auvergne{separator}mise à disposition de données de sinistralité"),
               ("li", f"Mutuelle des Volcans{separator}prêt de salles et diffusion auprès des adhérents"),
               ("li", "Comité régional olympique et sportif")]
    assert found([docx(outline)], call) == [
        ("Carsat Auvergne", "mise à disposition de données de sinistralité"),
        ("Mutuelle des Volcans", "prêt de salles et diffusion auprès des adhérents"),
        ("Comité régional olympique et sportif", None),
    ]


def test_under_a_partner_heading_a_paragraph_per_partner(call):
    outline = [("h", 1, "Nos partenaires"),
               ("p", "Conserverie Ribeyre"), ("p", "Elle ouvrira ses ateliers aux observations et aux essais."),
               ("p", "Union locale CGT de Brioude"), ("p", "Rôle : désignation de deux salariés référents."),
               ("p", "Par ailleurs, la Laiterie du Velay accueillera le séminaire de restitution.")]
    assert found([docx(outline)], call) == [
        ("Conserverie Ribeyre", "Elle ouvrira ses ateliers aux observations et aux essais."),
        ("Union locale CGT de Brioude", "désignation de deux salariés référents."),
        ("Laiterie du Velay", "accueillera le séminaire de restitution")]


def test_a_line_naming_the_kind_between_the_name_and_the_contribution(call):
    outline = [("h", 1, "Partenaires"), ("li", "Ville de Millau – collectivité – prêt de salles"),
               ("li", "CFDT Aveyron – organisation syndicale – relais auprès des salariés")]
    assert found([docx(outline)], call) == [("Ville de Millau", "prêt de salles"),
                                           ("CFDT Aveyron", "relais auprès des salariés")]


def test_a_line_naming_an_organisation_then_a_dash_and_what_it_brings_in_any_words(call):
    outline = [("h", 1, "Partenaires"),
               ("p", "Fédération des fromagers de l'Aveyron – Présence d'un fromager à chaque atelier."),
               ("p", "CFDT Agri Occitanie – Information des sections syndicales des caves."),
               ("p", "Laiterie du Lévézou – Ouverture de deux salles d'affinage aux observations.")]
    assert found([docx(outline)], call) == [
        ("Fédération des fromagers de l'Aveyron", "Présence d'un fromager à chaque atelier"),
        ("CFDT Agri Occitanie", "Information des sections syndicales des caves"),
        ("Laiterie du Lévézou", "Ouverture de deux salles d'affinage aux observations")]


def test_a_paragraph_saying_what_each_partner_commits_to(call):
    """"X s'engage sur : …. Y s'engage sur : …." run together in one paragraph under the heading."""
    outline = [("h", 1, "Partenaires"),
               ("p", "Fromagerie des Causses s'engage sur : ouverture de sa cave aux observations. Chambre "
                     "d'agriculture de l'Aveyron s'engage sur : relais de l'appel auprès des éleveurs.")]
    assert found([docx(outline)], call) == [
        ("Fromagerie des Causses", "ouverture de sa cave aux observations"),
        ("Chambre d'agriculture de l'Aveyron", "relais de l'appel auprès des éleveurs")]


def test_logos_captions_read_as_lines(call):
    """Partners' logos captioned by their name and what they bring, in a PDF: the captions are
    lines, one name set larger at a page's top comes out as a heading, two captions run together,
    a running footer falls between them."""
    outline = [("title", "BREBIS CONNECTÉES"), ("h", 1, "Objectifs"), ("p", "Outiller le dialogue sur les colliers."),
               ("h", 1, "Partenaires"), ("p", "Ils s'engagent à nos côtés"),
               ("p", "Fromagerie des Causses"), ("p", "Ouverture de la cave aux observations"),
               ("p", "Syndicat des éleveurs ovins"), ("p", "Repérage des exploitations volontaires parmi ses adhérents"),
               ("p", "Mutuelle des Causses Mise à disposition de salles pour les ateliers"),
               ("p", "Coopérative Brebis Sud – page 3"), ("pagebreak",),
               ("h", 2, "GAEC du Larzac"), ("p", "Accueil d'une journée d'immersion à la bergerie")]
    document = read_document(to_pdf(outline), "dossier.pdf", None)
    assert found([document], call, "Coopérative Brebis Sud") == [
        ("Fromagerie des Causses", "Ouverture de la cave aux observations"),
        ("Syndicat des éleveurs ovins", "Repérage des exploitations volontaires parmi ses adhérents"),
        ("Mutuelle des Causses", "Mise à disposition de salles pour les ateliers"),
        ("GAEC du Larzac", "Accueil d'une journée d'immersion à la bergerie")]


@pytest.mark.parametrize("heading", ["Avec le concours de", "En partenariat avec", "Sont associés au projet"])
def test_a_heading_worded_as_the_start_of_a_sentence_naming_partners(call, heading):
    outline = [("h", 1, "Objectifs"), ("p", "Outiller le dialogue sur les colliers connectés des brebis."),
               ("h", 1, heading), ("li", "Fromagerie des Causses"), ("li", "Syndicat des éleveurs ovins de l'Aveyron"),
               ("li", "Brivéo")]
    assert names([docx(outline)], call) == ["Fromagerie des Causses", "Syndicat des éleveurs ovins de l'Aveyron",
                                            "Brivéo"]


def test_a_dash_inside_a_name_is_kept(call):
    outline = [("h", 1, "Partenaires"), ("li", "Union des coopératives – Grand Ouest"),
               ("li", "Aract Mayotte – animation de deux ateliers")]
    assert found([docx(outline)], call) == [("Union des coopératives – Grand Ouest", None),
                                           ("Aract Mayotte", "animation de deux ateliers")]


def test_organisations_in_the_signature_block_are_not_partners(call):
    # the body as a reader that kept the signature gives it (read_body drops most signatures itself)
    lines = ["Bonjour,", "Vous trouverez ci-joint notre dossier pour l'appel à projets.", "Bien cordialement,",
             "Sophie Renaud", "Déléguée générale", "Association Cap Métiers Jura",
             "Membre du réseau Cocagne, en partenariat avec la Région Bourgogne-Franche-Comté et la Carsat Bourgogne",
             "03 84 00 00 00"]
    body = Document(name=None, status="ok", format="body",
                    blocks=tuple(Block(text=t, order=i) for i, t in enumerate(lines)))
    assert names([body], call) == []


def test_mail_body_list_without_the_signature(call):
    body = ("Bonjour,\n\nVeuillez trouver ci-dessous notre proposition.\n\nNos partenaires :\n"
            "- Aract Réunion : appui méthodologique\n- Syndicat CFE-CGC Agroalimentaire : relais auprès des élus\n\n"
            "Belle journée,\nMarine Lenoir\nChargée de mission\nAssociation Terres Solidaires\n06 11 22 33 44\n")
    assert found([read_body(body, None)], call) == [
        ("Aract Réunion", "appui méthodologique"),
        ("Syndicat CFE-CGC Agroalimentaire", "relais auprès des élus"),
    ]


def test_a_name_with_its_own_brackets_then_the_contribution_in_brackets(call):
    outline = [("h", 1, "Partenaires"),
               ("li", "Atelier Pivoine (studio de design) (conception des supports d'animation)"),
               ("li", "Mission locale du Vercors (repérage des jeunes salariés (moins de 26 ans) volontaires)")]
    assert found([docx(outline)], call) == [
        ("Atelier Pivoine (studio de design)", "conception des supports d'animation"),
        ("Mission locale du Vercors", "repérage des jeunes salariés (moins de 26 ans) volontaires"),
    ]


def test_numbered_partner_sub_headings(call):
    outline = [("h", 1, "Partenariat"), ("h", 2, "Partenaire 1 – Fédération des foyers ruraux du Gers"),
               ("p", "Rôle : relais local. Apport : prêt de deux salles communales."),
               ("h", 2, "Partenaire n°2 : CFTC Agriculture Occitanie"),
               ("p", "Rôle : mobilisation des salariés saisonniers.")]
    assert names([docx(outline)], call) == ["Fédération des foyers ruraux du Gers", "CFTC Agriculture Occitanie"]


def test_the_files_a_mail_lists_are_not_partners(call):
    body = ("Bonjour,\n\nLe dossier est composé de trois pièces : Pivoine - projet ATELIERS.docx, "
            "Budget ATELIERS.xlsx, Lettre Mission locale.pdf.\n\nBien à vous,\nLéa Martin\n")
    assert names([read_body(body, None)], call) == []


@pytest.mark.parametrize("heading", ["Ils nous accompagnent", "Forces vives", "Partners", "Avec qui ?",
                                     "Écosystème"])
def test_a_list_of_organisations_under_a_heading_of_its_own(call, heading):
    outline = [("h", 1, "Méthode"), ("p", "Des ateliers d'analyse du travail."), ("h", 1, heading),
               ("li", "Fédération des centres sociaux du Var (accueil des ateliers dans deux centres)"),
               ("li", "CFE-CGC Toulon (relais auprès des cadres)"),
               ("h", 1, "Calendrier"), ("p", "De janvier à juin 2023.")]
    assert found([docx(outline)], call) == [
        ("Fédération des centres sociaux du Var", "accueil des ateliers dans deux centres"),
        ("CFE-CGC Toulon", "relais auprès des cadres")]


def test_an_english_list_of_members_under_a_heading_of_its_own(call):
    outline = [("h", 1, "Who does what"),
               ("li", "Ghent University – design of the survey and analysis of the answers"),
               ("li", "Flemish Institute for Work and Health – access to member companies"),
               ("h", 1, "Calendrier"), ("p", "De janvier à juin 2023.")]
    assert found([docx(outline)], call) == [
        ("Ghent University", "design of the survey and analysis of the answers"),
        ("Flemish Institute for Work and Health", "access to member companies")]


def test_references_and_the_team_under_headings_of_their_own_are_not_partners(call):
    outline = [("h", 1, "Nos références"),
               ("li", "Communauté d'agglomération du Grand Dax (2020) : diagnostic des risques psychosociaux"),
               ("li", "Centre hospitalier de Mont-de-Marsan (2021) : accompagnement d'un projet de service"),
               ("h", 1, "L'équipe"), ("li", "Nadia Ferrand : cheffe de projet"), ("li", "Louis Perret : ergonome")]
    assert found([docx(outline)], call) == []


# --------------------------------------------------------------------------------------- tables


def test_table_with_header_in_any_column_order(call):
    outline = [("h", 1, "Acteurs mobilisés"),
               ("table", [["Apport attendu", "Type", "Organisme partenaire"],
                          ["Animation des groupes d'expression", "Association", "Ligue de l'enseignement du Gers"],
                          ["Accès aux ateliers de production", "Entreprise pilote", "Conserverie Lou Gascoun"]])]
    assert found([docx(outline)], call) == [
        ("Ligue de l'enseignement du Gers", "Animation des groupes d'expression"),
        ("Conserverie Lou Gascoun", "Accès aux ateliers de production"),
    ]


def test_english_header_and_short_english_contributions(call):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Partner", "Role in the project"],
                          ["Aract Bourgogne-Franche-Comté", "field access"],
                          ["Université de Liège", "scientific advice"]])]
    assert found([docx(outline)], call) == [("Aract Bourgogne-Franche-Comté", "field access"),
                                           ("Université de Liège", "scientific advice")]


@pytest.mark.parametrize("header", ["Engagement", "Nature du soutien", "Apport en nature"])
def test_a_role_column_first_and_the_contribution_column_named_otherwise(call, header):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Rôle", "Organisme", header],
                          ["Partenaire social", "CFDT Métallurgie Loire", "désignation de deux élus référents"],
                          ["Expert", "Cabinet Ergo Forez", "trois demi-journées d'observation"]])]
    assert found([docx(outline)], call) == [("CFDT Métallurgie Loire", "désignation de deux élus référents"),
                                           ("Cabinet Ergo Forez", "trois demi-journées d'observation")]


def test_a_contribution_cell_left_empty_is_read_in_the_role_column(call):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Partenaire", "Rôle", "Contribution attendue"],
                          ["Mutualité du Poitou", "Relais auprès des adhérents", ""],
                          ["Ville de Niort", "Collectivité", "Prêt d'une salle de réunion"]])]
    assert found([docx(outline)], call) == [("Mutualité du Poitou", "Relais auprès des adhérents"),
                                           ("Ville de Niort", "Prêt d'une salle de réunion")]


def test_a_workbook_sheet_of_partners(call):
    workbook = to_xlsx({"Budget": [["Poste", "Montant"], ["Salaires", 12000]],
                        "Partenaires": [["Nom", "Rôle"], ["Maison de l'emploi de Saintes", "Repérage des salariés"],
                                        ["Chambre d'agriculture de Charente", "Accès aux exploitations"]]})
    document = read_document(workbook, "dossier.xlsx", None)
    assert found([document], call) == [("Maison de l'emploi de Saintes", "Repérage des salariés"),
                                      ("Chambre d'agriculture de Charente", "Accès aux exploitations")]


def test_a_partner_table_with_valued_contributions_is_no_budget(call):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Partenaire", "Contribution", "Valorisation (€)"],
                          ["Carsat Centre-Ouest", "Deux journées d'expertise", "1 400 €"],
                          ["Ville de Guéret", "Prêt de salles", "600 €"]])]
    assert found([docx(outline)], call) == [("Carsat Centre-Ouest", "Deux journées d'expertise"),
                                           ("Ville de Guéret", "Prêt de salles")]


def test_a_column_of_people_to_contact_is_not_the_contribution(call):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Organisme", "Référent", "Ce qu'il fera"],
                          ["Mutualité Limousine", "Mme Léa Roux, chargée de mission, lea.roux@mutualite-limousine.fr",
                           "Diffusion du questionnaire"],
                          ["UNSA Limousin", "M. Marc Dufour, secrétaire régional, 05 55 00 00 00", "Désignation d'élus"]])]
    assert found([docx(outline)], call) == [("Mutualité Limousine", "Diffusion du questionnaire"),
                                           ("UNSA Limousin", "Désignation d'élus")]


def test_table_without_header_under_a_partner_heading(call):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Aract Martinique", "Animation des ateliers de co-conception et relecture du guide"],
                          ["Syndicat CFE-CGC Chimie", "Relais auprès des élus des entreprises volontaires"]])]
    assert found([docx(outline)], call) == [
        ("Aract Martinique", "Animation des ateliers de co-conception et relecture du guide"),
        ("Syndicat CFE-CGC Chimie", "Relais auprès des élus des entreprises volontaires"),
    ]


def test_without_header_the_kind_first_then_the_name(call):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Collectivité", "Ville de Millau", "prêt de salles"],
                          ["Association", "Association Les Pieds dans l'Eau", "animation des cafés-débats"],
                          ["Entreprise pilote", "Tannerie Causse", "accueil des observations"]])]
    assert found([docx(outline)], call) == [("Ville de Millau", "prêt de salles"),
                                           ("Association Les Pieds dans l'Eau", "animation des cafés-débats"),
                                           ("Tannerie Causse", "accueil des observations")]


def test_a_table_with_one_column_per_partner(call):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Partenaire", "Aract Corse", "Office de l'environnement de la Corse"],
                          ["Contribution", "appui méthodologique", "accès aux sites"]])]
    assert found([docx(outline)], call) == [("Aract Corse", "appui méthodologique"),
                                           ("Office de l'environnement de la Corse", "accès aux sites")]


@pytest.mark.parametrize("line", ["Mutualité Corse / Ville d'Ajaccio / CFTC Corse (relais syndical)",
                                  "Mutualité Corse, Ville d'Ajaccio et CFTC Corse (relais syndical)"])
def test_several_partners_on_one_line(call, line):
    outline = [("h", 1, "Partenaires"), ("p", line)]
    assert found([docx(outline)], call) == [("Mutualité Corse", None), ("Ville d'Ajaccio", None),
                                           ("CFTC Corse", "relais syndical")]


def test_a_column_of_kinds_is_not_a_contribution(call):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Aract Guadeloupe", "Réseau Anact-Aract"], ["Ville de Basse-Terre", "Collectivité"],
                          ["CGT Ports et Docks", "Organisation syndicale"]])]
    analysis = analyse([docx(outline)], call)
    assert [(p.name, p.contribution) for p in analysis.partners] == [
        ("Aract Guadeloupe", None), ("Ville de Basse-Terre", None), ("CGT Ports et Docks", None)]
    assert analysis.requirements["partenaires.liste"] is not None
    assert analysis.requirements["partenaires.contributions"] is None


def test_a_kind_run_into_the_name_cell_is_cut_off(call):
    outline = [("h", 1, "Partenaires"),
               ("table", [["Partenaire", "Contribution"],
                          ["Ville de Figeac Collectivité territoriale", "Prêt de la salle des fêtes"]])]
    assert found([docx(outline)], call) == [("Ville de Figeac", "Prêt de la salle des fêtes")]


def test_partner_table_outside_any_partner_heading(call):
    outline = [("h", 1, "Annexes"),
               ("table", [["Structure partenaire", "Contribution attendue"],
                          ["Office public de l'habitat du Tarn", "Accueil des entretiens"]])]
    assert found([docx(outline)], call) == [("Office public de l'habitat du Tarn", "Accueil des entretiens")]


def test_table_broken_by_a_page_and_read_as_lines(call):
    outline = [("h", 1, "Partenaires"), ("p", "Structure Nature Apport au projet"),
               ("p", "Scierie du Haut-Doubs Entreprise pilote Accueil des observations"),
               ("p", "Union locale CFDT de Pontarlier Organisation syndicale"),
               ("p", "Mobilisation des représentants du personnel")]
    assert found([docx(outline)], call) == [
        ("Scierie du Haut-Doubs", "Accueil des observations"),
        ("Union locale CFDT de Pontarlier", "Mobilisation des représentants du personnel"),
    ]


def test_a_pdf_table_without_grid_read_as_lines(call):
    outline = [("h", 1, "Partenaires du projet"),
               ("table", [["Structure", "Type", "Engagement"], ["Mutuelle des Volcans", "Mutuelle", "prêt de deux salles"],
                          ["Union locale CGT de Thiers", "Organisation syndicale", "désignation de deux élus"],
                          ["Centre hospitalier de Riom", "", "accueil des ateliers"]]),
               ("h", 1, "Budget"), ("p", "Voir annexe.")]
    document = read_document(to_pdf(outline, ruled_tables=False), "projet.pdf", None)
    assert found([document], call) == [("Mutuelle des Volcans", "prêt de deux salles"),
                                      ("Union locale CGT de Thiers", "désignation de deux élus"),
                                      ("Centre hospitalier de Riom", "accueil des ateliers")]


def test_summary_table_row(call):
    outline = [("table", [["Porteur", "Coopérative Fil Rouge"], ["Durée", "14 mois"],
                          ["Partenaires", "Aract Corse, Chambre de commerce d'Ajaccio et Mutualité Corse"]]),
               ("h", 1, "Contexte"), ("p", "Des ateliers de confection.")]
    analysis = analyse([docx(outline)], call)
    assert [(p.name, p.contribution) for p in analysis.partners] == [
        ("Aract Corse", None), ("Chambre de commerce d'Ajaccio", None), ("Mutualité Corse", None)]
    assert analysis.requirements["partenaires.contributions"] is None


def test_a_form_cell_listing_partners_one_a_line(call):
    """A Word form's cell holding one partner a line, each opened by a dash: a reader may run the
    lines together ("– A (…) – B (…)"); each dash opens a partner, a dash inside brackets does not."""
    cell = ("– Syndicat des boulangers du Tarn (relais auprès des artisans – deux réunions) "
            "– Mutualité Sud-Ouest (prêt d'une salle de formation) – Lycée hôtelier de Castres (accueil d'un atelier)")
    outline = [("table", [["Intitulé", "Des fournils connectés"], ["Partenariats", cell]])]
    assert found([docx(outline)], call) == [
        ("Syndicat des boulangers du Tarn", "relais auprès des artisans – deux réunions"),
        ("Mutualité Sud-Ouest", "prêt d'une salle de formation"),
        ("Lycée hôtelier de Castres", "accueil d'un atelier")]


def test_who_does_what_in_a_chronogram(call):
    """"Action | Pilote | Contributeurs | periods": the organisations leading or taking part in the
    tasks are partners, with their tasks; the applicant, a role or a team are not. One name alone
    written like an organisation vouches for the others of its columns ("Brivéo")."""
    rows = [["Action", "Pilote", "Contributeurs", "M1-M4", "M5-M8", "M9-M12"],
            ["Relevé des pannes de balances", "Coopérative Fil Rouge", "Brivéo", "X", "", ""],
            ["Ateliers de réglage", "Brivéo", "Syndicat des bouchers du Tarn, Chef de projet", "", "X", ""],
            ["Bilan partagé", "Coopérative Fil Rouge", "Équipe projet", "", "", "X"]]
    partners = found([docx([("h", 1, "Qui fait quoi"), ("table", rows)])], call, "Coopérative Fil Rouge")
    assert partners == [("Brivéo", "Relevé des pannes de balances; Ateliers de réglage"),
                        ("Syndicat des bouchers du Tarn", "Ateliers de réglage")]


def test_people_in_a_who_does_what_table_are_not_partners(call):
    rows = [["Tâche", "Responsable", "T1", "T2"], ["Entretiens", "Léa Garnier", "X", ""],
            ["Ateliers", "Hugo Vidal", "", "X"], ["Rapport", "M. Roux", "", "X"]]
    assert found([docx([("h", 1, "Planning"), ("table", rows)])], call) == []


# ---------------------------------------------------------------------------- letters and annexes


def test_letter_of_support_its_author_and_what_it_commits_to(call):
    outline = [("p", "Chambre de métiers et de l'artisanat du Cantal"), ("p", "12 avenue des Volcans"),
               ("p", "Objet : soutien au projet TRAME"), ("p", "Madame, Monsieur,"),
               ("p", "Nous apportons notre plein soutien au projet porté par la Coopérative Fil Rouge. Nous nous "
                     "engageons à relayer l'appel à volontaires auprès de nos ressortissants."),
               ("p", "Fait à Aurillac, le 3 août 2022"), ("p", "Paul Vidal"), ("p", "Président")]
    letter = docx(outline, "Lettre de soutien CMA.docx")
    partners = dossier_partners([letter], call, "Coopérative Fil Rouge")
    assert [p.name for p in partners] == ["Chambre de métiers et de l'artisanat du Cantal"]
    assert "relayer l'appel à volontaires" in partners[0].contribution


def test_letter_author_named_in_its_support_sentence_not_the_addressee(call):
    outline = [("p", "Boulangerie Fournil des Quais"), ("p", "Sète, le 2 août 2022"),
               ("p", "À l'attention du jury AMI – Direction DRH"), ("p", "Objet : appui au projet LEVAIN"),
               ("p", "Madame, Monsieur,"),
               ("p", "Par la présente, Boulangerie Fournil des Quais apporte son plein soutien au projet LEVAIN."),
               ("p", "Nous nous engageons à y contribuer par : ouverture du fournil à deux journées d'observation."),
               ("p", "Veuillez agréer, Madame, Monsieur, nos salutations distinguées."), ("p", "Odile Marchand"),
               ("p", "Gérante")]
    letter = docx(outline, "Lettre d'engagement - boulangerie.docx")
    assert found([letter], call) == [("Boulangerie Fournil des Quais", "ouverture du fournil à deux journées d'observation.")]


def test_a_letter_named_otherwise_is_known_by_its_subject_and_signed_by_its_author(call):
    outline = [("p", "Monsieur le Directeur,"), ("p", "Objet : partenariat – projet CAP VERT"),
               ("p", "Nous avons pris connaissance avec intérêt du projet CAP VERT et mettrons à disposition "
                     "notre salle de formation pour les ateliers."),
               ("p", "Je vous prie d'agréer, Monsieur le Directeur, mes salutations distinguées."),
               ("p", "Hugo Lambert"), ("p", "Président"), ("p", "Syndicat des horticulteurs de Provence")]
    letter = docx(outline, "courrier_2022-08-01.docx")
    assert found([letter], call) == [("Syndicat des horticulteurs de Provence",
                                      "Nous avons pris connaissance avec intérêt du projet CAP VERT et mettrons à "
                                      "disposition notre salle de formation pour les ateliers.")]


def test_a_letter_whose_author_is_named_like_a_person_heads_and_closes_it(call):
    """"Primeurs Lemoine" reads like a person's name: heading the letter and closing it again under
    the signatory, it is the sender; "notre structure s'engage" names no one."""
    outline = [("p", "Primeurs Lemoine"), ("p", "Rungis, le 4 août 2022"), ("p", "Objet : soutien au projet ÉTAL"),
               ("p", "Madame, Monsieur,"),
               ("p", "C'est avec plaisir que Primeurs Lemoine a pris connaissance du projet ÉTAL."),
               ("p", "Concrètement, notre structure s'engage sur : accueil de deux journées d'observation au "
                     "marché de nuit."),
               ("p", "Veuillez agréer, Madame, Monsieur, nos salutations distinguées."), ("p", "Bruno Carrel"),
               ("p", "Directeur"), ("p", "Primeurs Lemoine")]
    letter = read_document(to_pdf(outline), "Soutien ETAL.pdf", None)
    assert found([letter], call) == [("Primeurs Lemoine", "accueil de deux journées d'observation au marché de nuit.")]


def test_several_letters_scanned_into_one_file(call):
    outline = [("p", "Mutuelle des Volcans"), ("p", "Objet : soutien au projet"), ("p", "Madame, Monsieur,"),
               ("p", "Par la présente, la Mutuelle des Volcans apporte son soutien au projet. Nous mettrons à "
                     "disposition deux salles de réunion."), ("p", "Veuillez agréer nos salutations distinguées."),
               ("pagebreak",),
               ("p", "Commune de Riom"), ("p", "Objet : soutien au projet"), ("p", "Madame, Monsieur,"),
               ("p", "Par la présente, la Commune de Riom apporte son soutien au projet. Nous relaierons l'appel "
                     "auprès des agents communaux."), ("p", "Veuillez agréer nos salutations distinguées.")]
    letters = read_document(to_pdf(outline), "Lettres de soutien.pdf", None)
    assert found([letters], call) == [
        ("Mutuelle des Volcans", "Nous mettrons à disposition deux salles de réunion."),
        ("Commune de Riom", "Nous relaierons l'appel auprès des agents communaux.")]


def test_unreadable_letter_named_for_its_author(call):
    scan = Document(name="Lettre de soutien - Université de Pau.pdf", status="unreadable", reason="scan")
    assert found([scan], call) == [("Université de Pau", None)]


def test_partner_annex_is_read_whole_and_merged_with_the_proposal(call):
    proposal = docx([("h", 1, "Pilotage"), ("p", "Le comité de pilotage réunira l'Aract Centre et la MSA Beauce.")])
    annex = docx([("p", "Aract Centre : observation des situations de travail"),
                  ("p", "MSA Beauce : données sur les accidents du travail")], "Annexe 3 - Partenaires.docx")
    assert found([proposal, annex], call) == [
        ("Aract Centre", "observation des situations de travail"),
        ("MSA Beauce", "données sur les accidents du travail"),
    ]


def test_one_partner_under_each_sub_heading(call):
    outline = [("h", 1, "Partenaires mobilisés"), ("h", 2, "Régie de quartier Saint-Michel"),
               ("p", "Ouverture de ses chantiers aux observations."), ("h", 1, "Budget"), ("p", "Voir annexe.")]
    assert found([docx(outline)], call) == [("Régie de quartier Saint-Michel",
                                             "Ouverture de ses chantiers aux observations.")]


def test_pdf_list(call):
    outline = [("h", 1, "Partenaires"), ("li", "Aract Nouvelle-Calédonie : appui méthodologique"),
               ("li", "Fédération des PME du Pacifique : mobilisation des entreprises")]
    document = read_document(to_pdf(outline), "projet.pdf", None)
    assert names([document], call) == ["Aract Nouvelle-Calédonie", "Fédération des PME du Pacifique"]


# ------------------------------------------------------------------------------------- not partners


def test_the_applicant_is_not_its_own_partner_under_any_of_its_names(call):
    outline = [("p", "Structure porteuse : Cabinet Boussole Travail"), ("h", 1, "Partenaires"),
               ("table", [["Partenaire", "Contribution"], ["Boussole Travail", "coordination"],
                          ["Aract Occitanie", "appui"]]),
               ("p", "Le comité de pilotage réunira l'équipe projet de Boussole Travail et l'Aract Occitanie.")]
    analysis = analyse([docx(outline)], call)
    assert [p.name for p in analysis.partners] == ["Aract Occitanie"]


def test_the_applicant_named_by_a_sentence_of_the_mail(call):
    body = ("Bonjour,\n\nLe projet est porté par Tisserands Associés en lien avec plusieurs partenaires.\n\n"
            "Partenaires :\n- Tisserands Associés : coordination\n- Aract Bourgogne : appui\n")
    assert names([read_body(body, None)], call) == ["Aract Bourgogne"]


def test_the_applicant_named_on_a_wrapped_line_of_the_mail(call):
    body = ("Bonjour,\n\nVeuillez trouver ci-dessous la candidature de la Coopérative des Tisserands\n"
            "du Ségala à l'appel à projets.\n\nLe comité de pilotage réunira Tisserands du Ségala et "
            "l'Aract Occitanie.\n")
    assert names([read_body(body, None)], call) == ["Aract Occitanie"]


def test_the_applicant_a_bracket_calls_the_holder(call):
    outline = [("h", 1, "Gouvernance"),
               ("p", "Le comité de pilotage réunira le Cabinet Sillage (porteur), l'Aract Occitanie et la Carsat "
                     "Midi-Pyrénées. Un comité technique, composé de l'équipe du Cabinet Sillage et des référents "
                     "des entreprises, assurera le suivi.")]
    assert names([docx(outline)], call) == ["Aract Occitanie", "Carsat Midi-Pyrénées"]


def test_the_organiser_under_its_full_name_and_a_close_collaboration(call):
    outline = [("h", 1, "Méthode"),
               ("p", "Le projet sera mené en étroite collaboration avec l'Agence nationale pour l'amélioration des "
                     "conditions de travail et la Mutualité Française Occitanie.")]
    assert names([docx(outline)], call) == ["Mutualité Française Occitanie"]


def test_people_places_and_the_organiser_are_not_partners(call):
    outline = [("h", 1, "Partenaires"), ("li", "Jeanne Morel"), ("li", "Quimperlé"),
               ("li", "Aract Pays de Loire : appui"),
               ("p", "Le projet est conduit en partenariat avec l'Anact et le réseau Anact-Aract."),
               ("p", "Contact : Mme Hélène Caradec, ergonome.")]
    assert names([docx(outline)], call) == ["Aract Pays de Loire"]


def test_an_organisation_that_declined_is_not_a_partner(call):
    outline = [("h", 1, "Partenaires"), ("li", "Mission locale du Pays basque : repérage des jeunes salariés"),
               ("p", "La Chambre de métiers de Bayonne, sollicitée, n'a pas souhaité s'engager à ce stade. "
                     "Le Medef Côte basque ne participera pas au projet."),
               ("h", 1, "Méthode"),
               ("p", "La Région Nouvelle-Aquitaine ne financera pas cette action. Nous travaillerons avec la CFDT "
                     "Pays basque, qui ne manquera pas de relayer l'appel.")]
    assert names([docx(outline)], call) == ["Mission locale du Pays basque", "CFDT Pays basque"]


def test_a_name_the_model_cuts_in_two_is_read_whole(call):
    outline = [("h", 1, "Partenaires"),
               ("p", "Des contacts sont en cours avec la Mutualité Française Occitanie et la CPME Aveyron.")]
    assert names([docx(outline)], call) == ["Mutualité Française Occitanie", "CPME Aveyron"]


def test_funders_named_only_in_the_budget_are_not_partners(call):
    outline = [("h", 1, "Partenaires"), ("li", "Aract Hauts-de-France : appui"),
               ("h", 1, "Plan de financement"),
               ("table", [["Financeur", "Montant"], ["Région Normandie", "12 000 €"], ["Anact", "40 000 €"]]),
               ("li", "Département de la Manche : 5 000 € (subvention, acquise)")]
    assert names([docx(outline)], call) == ["Aract Hauts-de-France"]


@pytest.mark.parametrize("text", ["Aucun partenaire à ce stade.", "Néant.", "Partenaires à préciser."])
def test_no_partner_yet(call, text):
    analysis = analyse([docx([("h", 1, "Partenaires"), ("p", text), ("h", 1, "Budget"), ("p", "Voir annexe.")])],
                       call)
    assert analysis.partners == ()
    assert analysis.requirements["partenaires.liste"] is None


def test_contributions_are_stated_only_when_most_partners_have_one(call):
    outline = [("h", 1, "Partenaires"),
               ("p", "Le projet associe les partenaires suivants : Aract Bretagne, Ville de Lorient, "
                     "CFDT Interco Morbihan.")]
    analysis = analyse([docx(outline)], call)
    assert len(analysis.partners) == 3
    assert analysis.requirements["partenaires.liste"] is not None
    assert analysis.requirements["partenaires.contributions"] is None


def test_the_same_document_read_again_gives_the_same_partners(call):
    # the analyst process receives a new copy of each document at every analysis of a dossier,
    # while the layout's sections of the first copy are kept
    outline = [("h", 1, "Partenaires"),
               ("table", [["Partenaire", "Contribution"], ["Mutualité du Cantal", "prêt de salles"]]),
               ("p", "Fait à Aurillac, le 2 août 2022"), ("p", "Léa Martin"), ("p", "Chargée de développement")]
    document = docx(outline)
    first = found([document], call)
    assert found([copy.deepcopy(document)], call) == first == [("Mutualité du Cantal", "prêt de salles")]


# ---------------------------------------------------------------------------------------- model


def test_the_model_is_loaded_once_with_only_what_tags_entities():
    first = entities.entities(["La Mutuelle du Rhône rejoint le projet."])
    assert entities.loaded()
    model = entities._model()
    assert model.pipe_names == ["tok2vec", "ner"]
    entities.entities(["Une autre phrase avec la CFDT."])
    assert entities._model() is model
    assert all(e.label in ("PER", "LOC", "ORG", "MISC") for e in next(iter(first.values())))


# ------------------------------------------------------------ shapes a third blind set found


def test_a_second_sentence_naming_a_partner_after_an_adverb(call):
    """"Il mobilise également X, qui …": the adverb after the trigger is no part of a name."""
    text = ("Partenaires\n\nLe projet associe Comité régional des pêches de Bretagne, qui ouvre les criées aux "
            "observations. Il mobilise également Union locale Solidaires de Lorient, qui désigne deux "
            "représentants au comité.\n")
    got = found([read_body(text, None)], call)
    assert [n for n, _ in got] == ["Comité régional des pêches de Bretagne", "Union locale Solidaires de Lorient"]
    assert all(c for _, c in got)


def test_a_list_item_whose_contribution_opens_with_a_trigger_word(call):
    """"Chambre de métiers X : Mobilise les artisans": a name, then what it brings (not a sentence
    whose trigger opens the names)."""
    text = ("Partenaires mobilisés\n- Chambre de métiers du Morbihan : Mobilise les artisans du bâtiment\n"
            "- Mutuelle Océane : Réunit les données d'absentéisme\n")
    assert found([read_body(text, None)], call) == [
        ("Chambre de métiers du Morbihan", "Mobilise les artisans du bâtiment"),
        ("Mutuelle Océane", "Réunit les données d'absentéisme")]


def test_numbered_partner_items_in_a_pdf_are_not_headings(call):
    """Short numbered lines look like numbered headings; wrapped onto a lowercase line, or following
    item 1, they are the items of a numbered list."""
    outline = [("h", 1, "Partenaires et contributions"),
               ("p", "1. Fédération régionale des travaux publics de Normandie : Recrute les entreprises pilotes "
                     "et diffuse les résultats auprès de ses adhérents"),
               ("p", "2. Laboratoire LITEM : Conduit l'évaluation scientifique des prototypes et des essais "
                     "menés sur les chantiers"),
               ("p", "3. Carsat Normandie : Finance les diagnostics"),
               ("p", "Le budget détaillé figure dans le classeur joint.")]
    document = read_document(to_pdf(outline), "note.pdf", None)
    assert [n for n, _ in found([document], call)] == [
        "Fédération régionale des travaux publics de Normandie", "Laboratoire LITEM", "Carsat Normandie"]


def test_a_short_role_naming_a_kind_is_still_a_contribution(call):
    """"Apporte son appui formation" holds a kind of organisation ("formation") but says what the
    partner brings: the "Rôle" column is the contributions'."""
    outline = [("h", 1, "Partenaires"),
               ("table", [["Partenaire", "Rôle"], ["FNTV Bretagne", "Relaie le projet auprès des autocaristes"],
                          ["Promotrans", "Apporte son appui formation"]])]
    assert found([docx(outline)], call) == [("FNTV Bretagne", "Relaie le projet auprès des autocaristes"),
                                            ("Promotrans", "Apporte son appui formation")]


def test_a_signature_without_closing_formula_is_the_applicant(call):
    """No "Cordialement": the name after the last sentence and the organisation under it sign the
    mail; the applicant is never its own partner."""
    text = ("Bonjour,\n\nPartenaire\nLe projet associe Réseau des ressourceries du Limousin, qui accueille les "
            "ateliers.\n\nLe budget est en pièce jointe.\n\nLéa Marchand\nCollectif Travail et Réemploi\n")
    assert found([read_body(text, None)], call) == [("Réseau des ressourceries du Limousin", "accueille les ateliers")]


def test_people_speaking_for_their_organisations(call):
    """"Mme X, directrice de l'Aract Y, a confirmé …": the partner is the organisation the person's
    title names, never the person; a paragraph opening on a civility is no signature."""
    text = ("Partenaires mobilisés et contributions\n\n"
            "Mme Claire Bonnet, directrice de l'Aract Grand Est, a confirmé la participation de deux chargées "
            "de mission aux ateliers.\n\n"
            "M. Luc Fabre, responsable du service prévention de la Carsat Alsace-Moselle, s'est engagé à "
            "cofinancer le projet à hauteur de 6 000 €.\n\n"
            "Mme Inès Roux, secrétaire générale du syndicat CGT des cheminots de Metz, mobilisera les élus "
            "des CSE.\n")
    assert names([read_body(text, None)], call) == [
        "Aract Grand Est", "Carsat Alsace-Moselle", "Syndicat CGT des cheminots de Metz"]


def test_a_mail_of_its_own_listing_the_partners_under_a_sentence(call):
    text = ("Bonjour,\n\nDernier envoi : nos partenaires et ce que chacun apporte.\n\n"
            "- Ordre des avocats de Rennes : relais auprès des cabinets\n"
            "- Aract Bretagne : appui méthodologique\n\nMerci pour votre attention,\nJeanne Le Gall\n")
    assert found([read_body(text, None)], call) == [("Ordre des avocats de Rennes", "relais auprès des cabinets"),
                                                    ("Aract Bretagne", "appui méthodologique")]


# ------------------------------------------------------------ a sixth blind set, careless writers


@pytest.mark.parametrize("paragraph", [
    "URPS Infirmiers Hauts-de-France (porteur associé) : temps de coordination. CPTS du Ternois : accueil des "
    "groupes de travail. Teleperf Sud : site pilote.",
    "URPS Infirmiers Hauts-de-France (temps de coordination). CPTS du Ternois (accueil des groupes de travail). "
    "Teleperf Sud (site pilote).",
])
def test_a_paragraph_of_one_partner_a_sentence(call, paragraph):
    assert names([docx([("h", 1, "Partenaires"), ("p", paragraph)])], call) == [
        "URPS Infirmiers Hauts-de-France", "CPTS du Ternois", "Teleperf Sud"]


def test_a_sentence_listing_partners_with_semicolons_and_what_each_does(call):
    text = ("Méthodologie : un comité de pilotage réunissant les directeurs, deux élues CSE, l'Aract et notre "
            "équipe se réunira chaque trimestre.\n\n"
            "Nos partenaires sont l'Aract Pays de la Loire, qui co-anime les groupes ; le syndicat CFTC Commerce "
            "Bretagne, qui mobilise les élues ; le lycée professionnel Jean-Moulin de Vannes, qui accueille le "
            "séminaire.\n\nCdlt\nYann Kerbrat – Voxtrav\n")
    assert found([read_body(text, None)], call) == [
        ("Aract Pays de la Loire", "co-anime les groupes"), ("Syndicat CFTC Commerce Bretagne", "mobilise les élues"),
        ("Lycée professionnel Jean-Moulin de Vannes", "accueille le séminaire")]


def test_a_long_sentence_whose_last_clause_announces_the_list(call):
    """A colleague sends the partners later: a long first sentence ends on "voici les partenaires :"."""
    text = ("Bonjour,\n\nComme annoncé par Paul Girard dans l'envoi de ce matin (candidature de la Scop Filature, "
            "projet TISSAGE), voici les partenaires du projet et ce que chacun apporte :\n\n"
            "• Aract Hauts-de-France : appui méthodologique (3 jours)\n"
            "• Textiles du Nord SAS : entreprise pilote, accueil des ateliers\n"
            "• CFDT Textile Nord : relais auprès des élus\n\nBonne journée,\nNina Lebrun\n")
    assert [name for name, _ in found([read_body(text, None)], call)] == [
        "Aract Hauts-de-France", "Textiles du Nord SAS", "CFDT Textile Nord"]


def test_two_partners_each_introduced_by_avec_in_one_sentence(call):
    text = ("Bonjour,\n\nPARTENAIRES\nLe projet est mené avec l'Aract Bretagne, qui accompagnera la conception des "
            "ateliers, et avec la Fédération des Scop du BTP de Bretagne, qui mobilisera les entreprises.\n\n"
            "Cordialement\n")
    assert found([read_body(text, None)], call) == [
        ("Aract Bretagne", "accompagnera la conception des ateliers"),
        ("Fédération des Scop du BTP de Bretagne", "mobilisera les entreprises")]


def test_a_co_applicant_whose_own_verb_ends_its_name(call):
    text = ("Madame, Monsieur,\n\nL'Aract Grand Est co-concevra le format des ateliers, formera nos conseillers "
            "et co-animera les rencontres.\n\nBien cordialement,\nMarc Roux\n")
    assert found([read_body(text, None)], call) == [
        ("Aract Grand Est", "co-concevra le format des ateliers, formera nos conseillers et co-animera les rencontres")]


def test_several_letters_of_support_in_one_file(call):
    """Four letters in one PDF, one a page: each letterhead's sender, also when its name has no word
    of an organisation ("Constructys Grand Est") and when only a commitment names it; the file's
    name ("Lettres de soutien PROJET X") names none of them."""
    outline = []
    letters = [("Fédération du Bâtiment Grand Est", "La Fédération du Bâtiment Grand Est soutient le projet CHANTIER "
                "OUVERT. Elle mobilisera ses entreprises adhérentes."),
               ("Constructys Grand Est", "Constructys Grand Est accompagnera le projet par la prise en charge de "
                "formations."),
               ("Union CGT Construction de la Moselle", "Nos élus participeront aux ateliers et au comité de pilotage.")]
    for n, (sender, body) in enumerate(letters):
        if n:
            outline.append(("pagebreak",))
        outline += [("h", 1, sender), ("p", "Metz, le 10 août 2022"),
                    ("p", "Objet : lettre de soutien au projet CHANTIER OUVERT"), ("p", "Madame, Monsieur, " + body),
                    ("p", "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.")]
    document = read_document(to_pdf(outline), "Lettres de soutien CHANTIER OUVERT.pdf", None)
    partners = found([document], call)
    assert [name for name, _ in partners] == [sender for sender, _ in letters]
    assert all(contribution and not contribution.startswith("Madame") for _, contribution in partners)


# ---------------------------------------------------------------------------------------- blind set 9
def test_a_letter_giving_its_acronym_is_known_by_its_letterhead(call):
    """"Le laboratoire EVS s'engage aux côtés de la FPSRA dans le projet X" under the letterhead
    "Laboratoire Environnement Ville Société – Université Lyon 2": the letterhead's full name, and
    the applicant it stands beside is no partner (it came out as "FPSRA dans le projet X")."""
    outline = [("p", "Laboratoire Environnement Ville Société – Université Lumière Lyon 2"),
               ("p", "UMR 5600 EVS – 18 quai Claude Bernard, 69007 Lyon"),
               ("p", "À l'attention de l'équipe de la Fabrique CTO – Anact"),
               ("p", "Objet : Lettre d'engagement – projet « ÉCRANS PROPRES »"),
               ("p", "Madame, Monsieur, Le laboratoire EVS s'engage aux côtés de la FPSRA dans le projet ÉCRANS PROPRES."),
               ("p", "Il assurera la conception des carnets de bord et l'analyse des données recueillies."),
               ("p", "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
               ("p", "Pr Laurent Giraud"), ("p", "Directeur de l'unité")]
    letter = docx(outline, "LE_EVS_Lyon2_signee.docx")
    assert names([letter], call, "Fédération Propreté & Services Rhône-Alpes (FPSRA)") == [
        "Laboratoire Environnement Ville Société – Université Lumière Lyon 2"]


def test_a_partner_line_whose_second_sentence_opens_on_il(call):
    """"Intégrateur X, fournisseur de solutions. Il met à disposition les maquettes…": "Il" is no
    name; the line names its partner like the lines above it."""
    outline = [("h", 1, "3. Partenaires"),
               ("p", "Aract Bretagne, réseau Anact-Aract. Elle co-anime la formation des binômes."),
               ("p", "Pôle Industrie Ouest Numérique, pôle de compétitivité. Il identifie les PME engagées."),
               ("p", "Intégrateur Breizh ERP Services, fournisseur de solutions. Il met à disposition les maquettes "
                     "et participe aux séances de simulation."),
               ("h", 1, "4. Résultats"), ("p", "Un guide méthodologique.")]
    assert names([docx(outline)], call) == ["Aract Bretagne", "Pôle Industrie Ouest Numérique",
                                            "Intégrateur Breizh ERP Services"]


def test_a_kind_of_organisation_in_brackets_is_no_contribution(call):
    """"UPE 06 (organisation patronale)": what the partner is, not what it brings; after a colon,
    "terrain d'expérimentation" is what it brings."""
    outline = [("h", 1, "4. Partenaires"), ("p", "Les structures suivantes sont associées au projet :"),
               ("li", "Aract Provence-Alpes-Côte d'Azur (réseau Anact-Aract)"),
               ("li", "UPE 06 (organisation patronale)"), ("li", "CCI Nice Côte d'Azur (chambre consulaire)"),
               ("h", 1, "5. Budget"), ("p", "Voir l'annexe.")]
    assert [c for _, c in found([docx(outline)], call)] == [None, None, None]
    outline = [("h", 1, "Partenaires"),
               ("li", "Inserbat Côte basque (atelier et chantier d'insertion) : terrain d'expérimentation")]
    assert found([docx(outline)], call)[0][1] == "terrain d'expérimentation"
