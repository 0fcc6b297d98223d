"""How the description's elements are recognised whatever the layout: headings read by their meaning
(questions, English, run-in, Word's automatic numbering), forms in tables and sheets, template hints
left in place, headings naming two elements, plain statements; and an element absent stays absent.

Every document is written here, in words of its own (a project on the tablets of home-care nurses,
one on the scanners of a parcel depot, one on the booking software of a sports centre).
"""
from __future__ import annotations

import io

import pytest

from config.call import load_call
from extract.documents import read_document
from extract.find import analyse
from extract.find_requirements import element_keys
from extract.layout import is_empty_text
from extract.text import read_body
from extracthelp import to_docx, to_pdf, to_text, to_xlsx

DESCRIPTION = ["description.contexte", "description.objectifs", "description.problematique", "description.cibles",
               "description.methodologie", "description.phasage", "description.pilotage", "description.resultats",
               "description.perennisation"]


@pytest.fixture(scope="module")
def call():
    return load_call()


def found(documents, call) -> dict:
    analysis = analyse(documents, call)
    return {k: v for k, v in analysis.requirements.items() if k in DESCRIPTION and v is not None}


def read(outline, how: str):
    if how == "docx":
        return read_document(to_docx(outline), "dossier.docx", None)
    if how == "pdf":
        return read_document(to_pdf(outline), "dossier.pdf", None)
    return read_body(to_text(outline), None)


# ---------------------------------------------------------------- questions as headings
QUESTIONS = [
    ("title", "SOINS CONNECTÉS – Les tablettes des infirmières à domicile"),
    ("h", 1, "D'où partons-nous ?"),
    ("p", "Les infirmières des services de soins à domicile saisissent leurs actes sur une tablette depuis 2021."),
    ("h", 1, "Que voulons-nous changer ?"),
    ("p", "Rendre les règles de saisie discutables entre soignantes, encadrement et éditeur du logiciel."),
    ("h", 1, "Quelle question nous guide ?"),
    ("p", "Qui fixe la durée d'un soin quand la tablette la chronomètre, et sur quelle base ?"),
    ("h", 1, "Qui va en bénéficier ?"),
    ("p", "Quatre-vingts infirmières et aides-soignantes de cinq services du Morbihan."),
    ("h", 1, "Comment allons-nous travailler ?"),
    ("p", "Observation des tournées, ateliers de relecture des écrans, essais de paramétrages alternatifs."),
    ("h", 1, "En combien de temps ?"),
    ("p", "Douze mois : diagnostic au premier trimestre, ateliers au deuxième, essais ensuite."),
    ("h", 1, "Comment le projet sera-t-il gouverné ?"),
    ("p", "Un comité paritaire se réunit chaque trimestre avec l'éditeur et deux élus du personnel."),
    ("h", 1, "Qu'en attendons-nous ?"),
    ("p", "Une grille de paramétrage négociée et un court guide à l'usage des autres services."),
    ("h", 1, "Et ensuite ?"),
    ("p", "La fédération départementale reprendra la grille dans son offre de formation."),
]


@pytest.mark.parametrize("how", ["docx", "pdf", "text"])
def test_question_headings_name_their_elements(call, how):
    requirements = found([read(QUESTIONS, how)], call)
    assert set(requirements) == set(DESCRIPTION)
    assert requirements["description.contexte"].excerpt.startswith("D'où partons-nous")
    assert requirements["description.pilotage"].excerpt.startswith("Comment le projet sera-t-il gouverné")


def test_a_question_word_names_an_element_only_when_nothing_else_does(call):
    assert element_keys("Comment ?", call) == ["description.methodologie"]
    assert element_keys("Pourquoi ?", call) == ["description.contexte"]
    assert element_keys("Quand ?", call) == ["description.phasage"]
    assert element_keys("Comment le suivi sera-t-il organisé ?", call) == ["description.pilotage"]
    # the object of a verb is no element of its own ("démarche" is not the method here)
    assert element_keys("Comment pérenniser la démarche ?", call) == ["description.perennisation"]
    assert element_keys("Qui sommes-nous ?", call) == []
    # a question on the partners or the money is theirs
    assert element_keys("Comment les partenaires seront-ils associés ?", call) == []
    assert element_keys("Comment le budget a-t-il été construit ?", call) == []


# ---------------------------------------------------------------- English headings
ENGLISH = [
    ("title", "SCAN & SPEAK – Handheld scanners in a parcel depot"),
    ("h", 1, "1. Rationale"),
    ("p", "Since 2020 the depot's sorters wear wrist scanners that set the pace of each shift."),
    ("h", 1, "2. Aims and objectives"),
    ("p", "To make the scanners' settings a subject for the works council and the shift teams."),
    ("h", 1, "3. Research questions"),
    ("p", "Who decides the target rate, and how could the sorters weigh on it?"),
    ("h", 1, "4. Who benefits"),
    ("p", "The 140 sorters and 12 team leaders of two depots near Orléans."),
    ("h", 1, "5. Methods"),
    ("p", "Shadowing, video self-confrontation interviews, redesign workshops."),
    ("h", 1, "6. Timetable"),
    ("p", "Fieldwork from January to April, workshops from May to September."),
    ("h", 1, "7. Management and governance"),
    ("p", "A steering group of managers and staff representatives meets every two months."),
    ("h", 1, "8. Expected outputs"),
    ("p", "Negotiated scanner settings and a short practical guide for other depots."),
    ("h", 1, "9. Next steps"),
    ("p", "The sector's joint committee will offer the guide to the other depots of the region."),
]


@pytest.mark.parametrize("how", ["docx", "pdf"])
def test_english_headings(call, how):
    assert set(found([read(ENGLISH, how)], call)) == set(DESCRIPTION)


# ---------------------------------------------------------------- run-in headings
def _runin_docx(paragraphs) -> bytes:
    """Paragraphs opened by a bold lead-in ("Contexte." in bold, then the text in plain)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Centre sportif des Quatre-Vents : réservations en ligne et travail de l'accueil",
                           style="Title")
    for lead, text in paragraphs:
        paragraph = document.add_paragraph()
        paragraph.add_run(lead).bold = True
        paragraph.add_run(" " + text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


RUN_IN = [
    ("Contexte.", "Les agents d'accueil gèrent depuis un an les réservations des salles sur un logiciel en ligne."),
    ("Objectifs –", "Redonner aux agents une prise sur les règles de réservation et de surbooking."),
    ("Pour qui ?", "Les onze agents d'accueil et les deux responsables de site du centre."),
    ("Méthode.", "Observation des guichets, journal des incidents, ateliers de réécriture des règles."),
    ("Calendrier.", "De janvier à juin 2023, en trois étapes de deux mois."),
    ("Pilotage.", "Un comité réunissant la direction, les agents et le délégué syndical, chaque mois."),
]


def test_run_in_headings_in_bold_lead_ins(call):
    document = read_document(_runin_docx(RUN_IN), "centre.docx", None)
    requirements = found([document], call)
    assert {"description.contexte", "description.objectifs", "description.cibles", "description.methodologie",
            "description.phasage", "description.pilotage"} <= set(requirements)
    assert requirements["description.objectifs"].excerpt.startswith("Objectifs : Redonner")
    assert "description.resultats" not in requirements and "description.perennisation" not in requirements


def test_run_in_headings_set_off_by_bold_alone(call):
    """"**Contexte** Les agents…": no colon, no full stop, only the bold tells the heading."""
    document = read_document(_runin_docx([(lead.rstrip(" .–?"), text) for lead, text in RUN_IN]), "centre.docx", None)
    requirements = found([document], call)
    assert requirements["description.contexte"].excerpt.startswith("Contexte : Les agents")
    assert {"description.objectifs", "description.methodologie", "description.phasage",
            "description.pilotage"} <= set(requirements)


def test_run_in_headings_in_a_plain_text_mail(call):
    body = "Bonjour,\n\n" + "\n\n".join(f"{lead} {text}" for lead, text in RUN_IN) + "\n\nBien à vous,\nNina\n"
    requirements = found([read_body(body, None)], call)
    assert {"description.contexte", "description.objectifs", "description.cibles",
            "description.methodologie", "description.pilotage"} <= set(requirements)


def test_a_sentence_opened_by_an_element_word_is_no_heading(call):
    body = ("Bonjour,\n\nLe projet concerne l'accueil du centre sportif. Méthode et calendrier suivront "
            "dans un second envoi.\n\nCordialement,\nNina\n")
    requirements = found([read_body(body, None)], call)
    assert "description.methodologie" not in requirements and "description.phasage" not in requirements


# ---------------------------------------------------------------- Word's automatic numbering
def test_headings_drawn_as_a_numbered_list(call):
    """Section titles typed as items of Word's numbered list ("1." drawn by Word, not in the text)."""
    outline = [("li", "Contexte"), ("p", "Les caristes reçoivent leurs missions sur un terminal embarqué."),
               ("li", "Objectifs"), ("p", "Associer les caristes au réglage des cadences affichées."),
               ("li", "Publics visés"), ("p", "Soixante caristes de deux entrepôts du Loiret.")]
    requirements = found([read(outline, "docx")], call)
    assert {"description.contexte", "description.objectifs", "description.cibles"} <= set(requirements)


# ---------------------------------------------------------------- a document's title names no section
def test_the_title_of_the_document_is_not_a_section(call):
    outline = [("h", 1, "TERMINAUX PARTAGÉS – Un diagnostic partagé des terminaux embarqués dans les entrepôts "
                        "de la grande distribution"),
               ("p", "Réponse à l'appel à manifestation d'intérêt"),
               ("h", 1, "Objectifs"), ("p", "Associer les caristes au réglage des cadences affichées."),
               ("h", 1, "Méthode"), ("p", "Observation des missions, ateliers de réglage, essais.")]
    requirements = found([read(outline, "docx")], call)
    assert "description.contexte" not in requirements  # "diagnostic" in the title is not a context
    assert {"description.objectifs", "description.methodologie"} <= set(requirements)


def test_a_step_of_the_phasage_is_not_the_dissemination(call):
    outline = [("h", 1, "Calendrier"),
               ("li", "Phase 1 – Diagnostic (M1-M3) : entretiens et observations"),
               ("li", "Phase 2 – Ateliers (M4-M8) : réécriture des règles de cadence"),
               ("li", "Phase 3 – Diffusion (M9) : envoi du guide aux autres entrepôts")]
    requirements = found([read(outline, "docx")], call)
    assert "description.phasage" in requirements and "description.perennisation" not in requirements


# ---------------------------------------------------------------- headings naming two elements
def test_a_heading_naming_two_elements_counts_for_both(call):
    outline = [("h", 1, "Objectifs et résultats attendus"),
               ("p", "Négocier des cadences soutenables ; un accord d'usage signé dans chaque entrepôt."),
               ("h", 1, "Calendrier et gouvernance"),
               ("p", "Dix mois, suivis par un comité mensuel réunissant direction et élus.")]
    requirements = found([read(outline, "docx")], call)
    assert {"description.objectifs", "description.resultats", "description.phasage",
            "description.pilotage"} <= set(requirements)


# ---------------------------------------------------------------- forms
def test_form_in_a_spreadsheet_with_dates_and_amounts(call):
    """A whole application in one sheet: label | answer rows, among them a duration with dates and
    amounts; a leading column numbers the rows."""
    rows = [
        ["DOSSIER DE CANDIDATURE"],
        ["", "Structure porteuse", "Association Sport pour Tous 45"],
        ["", "Durée", "10 mois (janvier 2023 – octobre 2023)"],
        ["", "Coût total", "48 000 €"],
        ["", "Montant demandé", "38 400 €"],
        [1, "Le contexte du projet", "Les agents d'accueil du centre gèrent seuls les conflits de réservation en ligne."],
        [2, "Quels buts poursuivez-vous ?", "Donner aux agents la main sur les règles de réservation."],
        [3, "Qui est concerné ?", "Onze agents d'accueil et deux responsables de site."],
        [4, "Déroulé et étapes", "Observation (janvier – mars 2023), ateliers (avril – juin 2023), essais ensuite."],
        [5, "Gouvernance", "Un comité mensuel réunit direction, agents et délégué syndical."],
        [6, "Résultats attendus", "Des règles de réservation révisées et un guide d'accueil."],
    ]
    document = read_document(to_xlsx({"Candidature": rows}), "candidature.xlsx", None)
    requirements = found([document], call)
    assert {"description.contexte", "description.objectifs", "description.cibles", "description.methodologie",
            "description.phasage", "description.pilotage", "description.resultats"} <= set(requirements)
    assert requirements["description.phasage"].excerpt.startswith("Déroulé et étapes")
    assert "description.perennisation" not in requirements


def test_form_whose_label_cells_carry_the_template_hint(call):
    rows = [
        ["Contexte (décrivez en quelques lignes la situation qui motive votre projet)",
         "Les infirmières à domicile saisissent leurs actes sur tablette depuis 2021."],
        ["Objectifs (3 à 5 objectifs opérationnels, 10 lignes maximum)",
         "Rendre les règles de saisie discutables entre soignantes et encadrement."],
        ["Publics visés (nombre de structures et de salariés concernés)",
         "Quatre-vingts soignantes de cinq services du Morbihan."],
        ["Pilotage (instances, fréquence, composition)", "(Décrire ici les instances de pilotage – 15 lignes maximum)"],
    ]
    requirements = found([read([("table", rows)], "docx")], call)
    assert {"description.contexte", "description.objectifs", "description.cibles"} <= set(requirements)
    assert "description.pilotage" not in requirements  # only the template's hint was left in


def test_a_budget_table_is_no_form(call):
    rows = [["Poste", "Détail", "Montant"],
            ["Coordination du projet", "20 jours de la cheffe de projet", "9 000 €"],
            ["Diffusion des résultats", "impression du guide en 300 exemplaires", "2 400 €"],
            ["Actions de formation", "deux sessions pour les élus du personnel", "3 000 €"],
            ["Total", "", "14 400 €"]]
    requirements = found([read([("h", 1, "Budget"), ("table", rows)], "docx")], call)
    assert not requirements


# ---------------------------------------------------------------- template hints left in place
@pytest.mark.parametrize("text", [
    "(Décrire ici : les publics visés – 10 lignes maximum)",
    "Préciser les instances de suivi (5 lignes max.)",
    "Indiquer ici le calendrier prévisionnel.",
    "Merci de présenter le contexte du projet en une demi-page.",
    "[Texte à compléter]",
    "Please describe the expected outputs (max. 200 words).",
    "Précisez les publics visés (nombre, caractéristiques).",
    "Décrivez la méthode envisagée. Ex. : entretiens, observations, ateliers de co-conception.",
    "Cliquez ou appuyez ici pour entrer du texte.",
])
def test_template_hints_are_not_answers(call, text):
    assert is_empty_text(text, call)


@pytest.mark.parametrize("text", [
    "Identifier les freins à l'usage des tablettes. Préciser les règles de saisie dans chaque équipe.",
    "Décrire le travail réel des soignantes, puis le confronter aux durées imposées.",
    "Décrivez le contexte en 10 lignes max. Les agents d'accueil gèrent seuls la dématérialisation depuis 2021.",
])
def test_objectives_in_the_infinitive_are_answers(call, text):
    assert not is_empty_text(text, call)


# ---------------------------------------------------------------- plain statements
def test_plain_statements_without_headings(call):
    body = ("Bonjour,\n\nNous vous présentons le projet SOINS CONNECTÉS.\n\n"
            "Le projet vise à rendre discutables les durées de soin imposées par les tablettes.\n\n"
            "Notre démarche s'appuie sur l'observation des tournées et des ateliers de relecture des écrans.\n\n"
            "À l'issue du projet, seront disponibles une grille de paramétrage et un guide court.\n\n"
            "Au-delà du projet, la fédération départementale reprendra la grille dans ses formations.\n\n"
            "Bien cordialement,\nMaël\n")
    analysis = analyse([read_body(body, None)], call)
    for key in ("description.objectifs", "description.methodologie", "description.resultats",
                "description.perennisation"):
        assert analysis.requirements[key] is not None, key
        assert analysis.confidence[key] == "probable"
    assert analysis.requirements["description.pilotage"] is None
    assert analysis.requirements["description.contexte"] is None


def test_nothing_found_where_nothing_is_written(call):
    outline = [("h", 1, "Présentation de la structure"),
               ("p", "L'association gère depuis 1998 le centre sportif des Quatre-Vents."),
               ("h", 1, "Budget"), ("p", "Voir le tableau joint.")]
    assert found([read(outline, "docx")], call) == {}


# ---------------------------------------------------------------- more layouts of forms
@pytest.mark.parametrize("how", ["docx", "pdf"])
def test_headings_boxed_in_one_cell_tables(call, how):
    """Word templates shade their headings in a table of one cell; the text follows below it."""
    outline = [("table", [["1. CONTEXTE"]]),
               ("p", "Les agents d'accueil des mairies gèrent seuls la dématérialisation des démarches."),
               ("table", [["2. PUBLICS VISÉS"]]),
               ("p", "Quarante agents d'accueil de six mairies rurales de la Creuse.")]
    requirements = found([read(outline, how)], call)
    assert requirements["description.contexte"].excerpt.startswith("CONTEXTE : Les agents")
    assert "description.cibles" in requirements


@pytest.mark.parametrize("how", ["docx", "pdf", "text"])
def test_field_labels_worded_as_requests(call, how):
    """An online form printed to PDF: each field's label is the request, the answer below it; a
    field left with its help text only is not answered."""
    outline = [("p", "Présentez les publics visés par le projet *"),
               ("p", "Quarante agents d'accueil de six mairies rurales."),
               ("p", "Décrivez le pilotage du projet *"),
               ("p", "Indiquez ici les instances et leur fréquence (10 lignes maximum)")]
    requirements = found([read(outline, how)], call)
    assert requirements["description.cibles"].excerpt.startswith("Présentez les publics visés")
    assert "description.pilotage" not in requirements


def test_form_laid_out_in_columns(call):
    outline = [("table", [["Contexte", "Objectifs", "Publics visés"],
                          ["Les caristes reçoivent leurs missions par terminal embarqué.",
                           "Négocier les cadences affichées sur les terminaux.", "Soixante caristes du Loiret."]])]
    requirements = found([read(outline, "docx")], call)
    assert {"description.contexte", "description.objectifs", "description.cibles"} <= set(requirements)
    assert requirements["description.objectifs"].excerpt.startswith("Objectifs : Négocier")


def test_a_plan_with_a_deliverables_column_is_no_form(call):
    """A Gantt's "Livrable" column lists each phase's interim note: not the expected results."""
    outline = [("h", 1, "Calendrier"),
               ("table", [["Période", "Étape", "Livrable"], ["T1 2023", "Diagnostic", "Note d'étape"],
                          ["T2 2023", "Ateliers", "Note d'étape"], ["T3 2023", "Essais", "Note d'étape"]])]
    requirements = found([read(outline, "docx")], call)
    assert "description.phasage" in requirements and "description.resultats" not in requirements


# ---------------------------------------------------------------- absent stays absent
def test_headings_of_the_budget_lines_name_no_element(call):
    """Inside the budget, "Communication et diffusion" or "Coordination" head lines of expense."""
    outline = [("h", 1, "Contexte"), ("p", "Les caristes reçoivent leurs missions par terminal embarqué."),
               ("h", 1, "Budget prévisionnel"),
               ("h", 2, "Communication et diffusion"), ("p", "Impression du guide : 2 000 €"),
               ("h", 2, "Coordination"), ("p", "Réunions du comité : 1 500 €")]
    requirements = found([read(outline, "docx")], call)
    assert set(requirements) == {"description.contexte"}


def test_sentences_near_an_element_are_not_the_element(call):
    """A context speaking of a deployment, of effects, of what an approach aims at: no follow-up,
    no results, no objectives stated."""
    body = ("Bonjour,\n\nAprès deux ans de déploiement des terminaux, les effets sur les cadences sont mal connus.\n\n"
            "Notre démarche vise à comprendre ce qui se joue dans les entrepôts.\n\n"
            "Les résultats des premiers entretiens sont encourageants.\n\nCordialement,\nIris\n")
    requirements = found([read_body(body, None)], call)
    assert not {"description.perennisation", "description.resultats", "description.objectifs"} & set(requirements)


def test_a_list_item_among_deliverables_is_no_heading(call):
    outline = [("h", 1, "Livrables"), ("li", "Guide d'usage des terminaux"), ("li", "Diffusion"),
               ("li", "Film court tourné dans l'entrepôt")]
    requirements = found([read(outline, "docx")], call)
    assert "description.resultats" in requirements and "description.perennisation" not in requirements


def test_objectives_in_the_infinitive_are_no_field_labels(call):
    """One objective a line, in the infinitive: "Identifier les publics…" does not open a section
    on the public."""
    outline = [("h", 1, "Objectifs"), ("p", "Identifier les publics les plus exposés aux cadences"),
               ("p", "Construire avec eux des règles d'usage des terminaux"),
               ("p", "Décrire la méthode de travail :"), ("p", "Observation des missions puis ateliers de réglage.")]
    requirements = found([read(outline, "pdf")], call)
    assert "description.cibles" not in requirements
    assert requirements["description.methodologie"].excerpt.startswith("Décrire la méthode de travail")


def test_an_element_with_a_sub_section_of_its_own_is_read_there(call):
    outline = [("h", 1, "Objectifs et résultats"),
               ("h", 2, "Objectifs"), ("p", "Associer les caristes au réglage des cadences affichées."),
               ("h", 2, "Résultats"), ("p", "À compléter")]
    requirements = found([read(outline, "docx")], call)
    assert "description.objectifs" in requirements and "description.resultats" not in requirements


def test_a_heading_naming_two_elements_with_its_own_text_counts_for_both(call):
    outline = [("h", 1, "Objectifs et résultats"),
               ("p", "Négocier des cadences soutenables, et obtenir un accord d'usage signé dans chaque entrepôt."),
               ("h", 2, "Indicateurs"), ("p", "À compléter")]
    requirements = found([read(outline, "docx")], call)
    assert {"description.objectifs", "description.resultats"} <= set(requirements)


def test_plain_statements_in_english(call):
    body = ("Dear Fabrique CTO team,\n\nThe project aims to make the depot's scanner settings a subject for "
            "the works council.\n\nOur approach relies on shadowing and redesign workshops with the sorters.\n\n"
            "The project will deliver negotiated settings and a short guide.\n\n"
            "Beyond the project, the sector's joint committee will disseminate the guide to other depots.\n\n"
            "Kind regards,\nOwen\n")
    requirements = found([read_body(body, None)], call)
    assert {"description.objectifs", "description.methodologie", "description.resultats",
            "description.perennisation"} <= set(requirements)


def test_a_run_in_heading_marked_whole_as_a_heading(call):
    """A reader may mark a whole line as a heading because it opens in bold ("Pilotage : Un comité
    mensuel…" in a PDF): the words after the heading are the section's text."""
    from extract.types import Block, Document

    blocks = (Block("Contexte : les caristes reçoivent leurs missions par terminal embarqué.", heading_level=3, order=1),
              Block("Pilotage : un comité mensuel réunit direction et élus.", heading_level=3, order=2),
              Block("Calendrier", heading_level=3, order=3), Block("À compléter", order=4))
    requirements = found([Document(name="d.pdf", status="ok", blocks=blocks, format="pdf")], call)
    assert set(requirements) == {"description.contexte", "description.pilotage"}
    assert requirements["description.pilotage"].excerpt == "Pilotage : un comité mensuel réunit direction et élus."


# ---------------------------------------------------------------- origins and stakes
def test_the_origin_of_the_approach_is_its_context(call):
    """"Origine de la démarche" tells where the project comes from: the context, not the method."""
    outline = [("h", 1, "1. Origine de la démarche"),
               ("p", "Les préparateurs de commandes d'une coopérative agricole portent un casque vocal depuis 2020."),
               ("h", 1, "2. Démarche"),
               ("p", "Écoute des consignes en situation, puis ateliers de réglage avec l'éditeur.")]
    requirements = found([read(outline, "docx")], call)
    assert requirements["description.contexte"].excerpt.startswith("Origine de la démarche")
    assert requirements["description.methodologie"].excerpt.startswith("Démarche")


def test_stakes_named_with_another_element_are_that_element(call):
    """"Enjeux et hypothèse" holds the problem; the stakes alone, or beside a context, are the context;
    the origin of the money is the budget's."""
    assert element_keys("Enjeux et hypothèse", call) == ["description.problematique"]
    assert element_keys("Enjeux", call) == ["description.contexte"]
    assert element_keys("Constats et enjeux", call) == ["description.contexte"]
    assert element_keys("Origine des financements", call) == []
    outline = [("h", 1, "Objectifs"), ("p", "Faire du casque vocal un objet de discussion entre préparateurs et chefs d'équipe."),
               ("h", 1, "Enjeux et hypothèse"),
               ("p", "Qui règle la cadence dictée par le casque ? Nous pensons que les préparateurs peuvent en discuter.")]
    requirements = found([read(outline, "docx")], call)
    assert "description.problematique" in requirements
    assert "description.contexte" not in requirements  # no context is written


def test_the_course_of_the_project_in_time_is_its_phasage(call):
    """"Déroulement dans le temps" gives the steps and their periods (semesters here): the phasage,
    not a second method."""
    outline = [("h", 1, "Déroulement dans le temps"),
               ("p", "Quinze mois en trois temps : écoute des consignes (S2 2022 → S1 2023), réglages partagés "
                     "(S1 2023), bilan avec l'éditeur (S2 2023).")]
    requirements = found([read(outline, "docx")], call)
    assert requirements["description.phasage"].excerpt.startswith("Déroulement dans le temps")
    assert "description.methodologie" not in requirements
    assert element_keys("Pérenniser la démarche dans le temps", call) == ["description.perennisation"]


def test_a_run_in_lead_may_say_a_little_more_than_a_wording(call):
    """In a document whose paragraphs open with their heading set off by a full stop, a lead that only
    opens with a wording ("Dispositif d'enquête.", "La question à creuser.") heads its paragraph too;
    a short clause ("Les objectifs sont ambitieux.") does not, nor such a lead in a document that
    writes no run-in headings."""
    paragraphs = [
        ("Contexte.", "Les agents d'accueil gèrent depuis un an les réservations des salles sur un logiciel en ligne."),
        ("Objectifs.", "Redonner aux agents une prise sur les règles de réservation et de surbooking."),
        ("La question à creuser.", "Qui arbitre entre deux clubs quand le logiciel accepte les deux réservations ?"),
        ("Dispositif d'enquête.", "Nous tiendrons un journal des incidents au guichet pendant six semaines."),
        ("Pilotage.", "Un comité réunissant la direction, les agents et le délégué syndical, chaque mois."),
    ]
    requirements = found([read_document(_runin_docx(paragraphs), "centre.docx", None)], call)
    assert requirements["description.problematique"].excerpt.startswith("La question à creuser : Qui arbitre")
    assert requirements["description.methodologie"].excerpt.startswith("Dispositif d'enquête : Nous tiendrons")
    clause = [paragraphs[0], ("Les objectifs sont ambitieux.", "Nous les tiendrons pourtant tous."), paragraphs[4]]
    assert "description.objectifs" not in found([read_document(_runin_docx(clause), "centre.docx", None)], call)
    alone = [("h", 1, "Présentation"), ("p", "Dispositif d'enquête. Nous tiendrons un journal des incidents au guichet.")]
    assert "description.methodologie" not in found([read(alone, "docx")], call)


# ---------------------------------------------------------------- second sections, own words (blind set 9)
@pytest.mark.parametrize("how", ["docx", "pdf"])
def test_stakes_after_the_context_state_the_problem(call, how):
    """"2.1 Éléments de contexte" then "2.2 Enjeux de travail identifiés": the stakes are the problem
    (they were taken for a second context, and the problem reported missing)."""
    outline = [("h", 1, "2. Le projet"), ("h", 2, "2.1 Éléments de contexte"),
               ("p", "Le nouveau système modifie le poste de conduite : pupitre unique, messages en temps réel."),
               ("h", 2, "2.2 Enjeux de travail identifiés"),
               ("p", "L'enjeu est de faire des conducteurs et de leurs représentants des acteurs du paramétrage."),
               ("h", 2, "2.3 Ambitions du projet"), ("p", "Négocier un accord de méthode sur le déploiement.")]
    requirements = found([read(outline, how)], call)
    assert requirements["description.problematique"].excerpt.startswith("Enjeux de travail")
    assert requirements["description.contexte"].excerpt.startswith("Éléments de contexte")


def test_stakes_alone_are_still_the_context(call):
    outline = [("h", 1, "Enjeux"), ("p", "Les agents d'accueil gèrent seuls les conflits de réservation en ligne."),
               ("h", 1, "Objectifs"), ("p", "Donner aux agents la main sur les règles de réservation.")]
    requirements = found([read(outline, "docx")], call)
    assert requirements["description.contexte"].excerpt.startswith("Enjeux")
    assert "description.problematique" not in requirements


def test_a_mail_of_short_headings_in_its_own_words(call):
    """"Méthode -", then "Déroulé -" with dated steps: the timeline; "Suite -": what comes after;
    "Ce qu'on en attend": the results (blind set 9)."""
    body = ("Bonjour,\nvoici notre projet en quelques lignes :\n\nMéthode -\nPermanences de médiation sur les chantiers, "
            "deux ateliers de discussion par structure.\n\nDéroulé -\nOct-déc 2022 permanences, janv-avril 2023 ateliers, "
            "mai-juin 2023 bilan.\n\n** Ce qu'on en attend **\nUn livret de 20 pages et des pratiques changées.\n\n"
            "Suite -\nIntégration à notre programme de médiation numérique.\n\nBien à vous,\nLéa\n")
    requirements = found([read_body(body, None)], call)
    assert requirements["description.methodologie"].excerpt.startswith("Méthode")
    assert requirements["description.phasage"].excerpt.startswith("Déroulé")
    assert requirements["description.resultats"].excerpt.startswith("Ce qu'on en attend")
    assert requirements["description.perennisation"].excerpt.startswith("Suite")


@pytest.mark.parametrize("heading", ["II.4 Collectivités et agents concernés", "Publics concernés"])
def test_a_heading_naming_who_is_concerned_names_the_public(call, heading):
    assert element_keys(heading, call) == ["description.cibles"]


@pytest.mark.parametrize("heading", ["Partenaires concernés", "Dépenses concernées"])
def test_concerned_partners_or_spending_are_not_the_public(call, heading):
    assert "description.cibles" not in element_keys(heading, call)
