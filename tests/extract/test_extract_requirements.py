"""Where each element of the description is found: headings worded freely, and plain statements.

Each outline is written for the test, with headings applicants use that an earlier reader missed.
"""
from __future__ import annotations

import pytest

from config.call import load_call
from extract.documents import read_document
from extract.find import analyse
from extract.text import read_body
from extracthelp import to_docx, to_pdf, to_text, to_xlsx

DESCRIPTION = ["description.contexte", "description.objectifs", "description.problematique", "description.cibles",
               "description.methodologie", "description.phasage", "description.pilotage", "description.resultats",
               "description.perennisation"]


@pytest.fixture(scope="module")
def call():
    return load_call()


def read(outline, how):
    if how == "docx":
        return read_document(to_docx(outline), "projet.docx", None)
    if how == "pdf":
        return read_document(to_pdf(outline), "projet.pdf", None)
    return read_body(to_text(outline), None)


def found(analysis):
    return {k: v for k, v in analysis.requirements.items() if k in DESCRIPTION and v is not None}


# Headings an earlier reader did not know: "Questions de départ", "Problème adressé", "Ce que le
# projet produira", "Résultats visés" (results, not objectives), "Cibles visées" (targets only).
FREE_HEADINGS = [
    ("title", "MARÉES – Les outils de traçabilité dans la conchyliculture"),
    ("h", 1, "1. Point de départ"),
    ("p", "Les entreprises ostréicoles adoptent des applications de traçabilité imposées par la grande distribution."),
    ("h", 1, "2. Questions de départ"),
    ("p", "Qui décide de ce que les salariés saisissent, et avec quelles conséquences sur leur travail ?"),
    ("h", 1, "3. Cibles visées"),
    ("p", "Douze entreprises de la baie de Bourgneuf, leurs salariés saisonniers et permanents."),
    ("h", 1, "4. Nos buts"),
    ("p", "Faire des règles de saisie un objet de discussion entre exploitants et salariés."),
    ("h", 1, "5. Façon de faire"),
    ("p", "Observation des saisies, ateliers de reconception, essais en conditions réelles."),
    ("h", 1, "6. Calendrier"),
    ("p", "D'octobre 2022 à septembre 2023, en trois temps de quatre mois."),
    ("h", 1, "7. Comité de suivi"),
    ("p", "Un comité réunissant exploitants, salariés et le comité régional de la conchyliculture se tient chaque trimestre."),
    ("h", 1, "8. Ce que le projet produira"),
    ("p", "Un référentiel de saisie négocié et un film court tourné sur les parcs."),
    ("h", 1, "9. Suites envisagées"),
    ("p", "Le référentiel sera proposé aux autres bassins par l'interprofession."),
]


@pytest.mark.parametrize("how", ["docx", "pdf", "text"])
def test_headings_worded_freely(call, how):
    analysis = analyse([read(FREE_HEADINGS, how)], call)
    requirements = found(analysis)
    assert set(requirements) == set(DESCRIPTION) - {"description.methodologie"}
    # "Cibles visées" names the public, not the objectives: those come from "Nos buts".
    assert "conchyliculture" not in requirements["description.objectifs"].excerpt.lower()
    assert "buts" in requirements["description.objectifs"].excerpt.lower()


def test_results_named_results_are_results(call):
    outline = [("h", 1, "Objectifs"), ("p", "Outiller les élus du CSE face aux logiciels de planification."),
               ("h", 1, "Résultats visés"), ("p", "Un guide, une charte négociée et un module de formation.")]
    requirements = found(analyse([read(outline, "docx")], call))
    assert requirements["description.resultats"].excerpt.startswith("Résultats visés")
    assert requirements["description.objectifs"].excerpt.startswith("Objectifs")


def test_problem_stated_as_a_question_without_heading(call):
    outline = [("h", 1, "Présentation"),
               ("p", "Notre coopérative accompagne des garages indépendants."),
               ("p", "Comment associer les mécaniciens au choix des outils de diagnostic connectés, aujourd'hui imposés "
                     "par les constructeurs ?"),
               ("p", "Le projet s'adresse en priorité aux mécaniciens et chefs d'atelier de quinze garages du Cher.")]
    requirements = found(analyse([read(outline, "docx")], call))
    assert "description.problematique" in requirements
    assert "description.cibles" in requirements


def test_public_named_in_a_sentence(call):
    outline = [("h", 1, "Le projet"),
               ("p", "Nous visons 12 structures d'aide à domicile du Gers, soit environ 400 salariés.")]
    assert "description.cibles" in found(analyse([read(outline, "docx")], call))


def test_no_public_no_problem_when_nothing_says_so(call):
    outline = [("h", 1, "Le projet"),
               ("p", "Nous organiserons des ateliers de discussion sur les logiciels de planification."),
               ("p", "Un comité se réunira chaque trimestre.")]
    requirements = found(analyse([read(outline, "docx")], call))
    assert "description.cibles" not in requirements and "description.problematique" not in requirements


def test_numbered_lines_of_a_plain_text_body_are_headings(call):
    body = ("Bonjour,\n\nVoici notre projet.\n\n"
            "1. Contexte\nLes agents d'accueil des mairies rurales gèrent seuls la dématérialisation des démarches.\n\n"
            "2. Livrables et indicateurs de réussite\nUn guide d'accueil numérique et un tableau de suivi des demandes.\n\n"
            "3. Diffusion auprès des autres communes\nLe guide sera présenté à l'association des maires du département.\n\n"
            "Cordialement,\nLéa Fontaine\n")
    requirements = found(analyse([read_body(body, None)], call))
    assert requirements["description.resultats"].excerpt.startswith("Livrables")
    assert "description.perennisation" in requirements


def test_roman_numeral_glued_to_its_dash(call):
    outline = [("p", "VII –Résultats attendus"), ("p", "Deux vidéos et une charte d'usage des tablettes.")]
    requirements = found(analyse([read(outline, "pdf")], call))
    assert "description.resultats" in requirements


def test_a_dated_step_of_a_phasage_is_not_a_section(call):
    outline = [("h", 1, "Rétroplanning"),
               ("li", "Lancement : 01/2023 – constitution du comité"),
               ("li", "Diffusion et capitalisation : 09/2023 – séminaire final")]
    requirements = found(analyse([read(outline, "docx")], call))
    assert "description.phasage" in requirements and "description.perennisation" not in requirements


def test_unstyled_pdf_headings_and_symbol_font_bullets(call):
    """A form exported to PDF without heading styles: a six-word heading line still opens its
    section, and Word's Symbol-font bullets ("\\uf0b7") mark list items."""
    outline = [("p", "Contexte et origine de la demarche"),
               ("p", "Les caristes de trois plateformes logistiques reçoivent leurs missions sur terminal embarqué."),
               ("p", "Les entreprises visées sont des plateformes de 50 à 300 salariés du Loiret."),
               ("p", "Partenaires mobilisés"),
               ("p", "\uf0b7 Aract Centre-Val de Loire : appui méthodologique et animation des ateliers"),
               ("p", "\uf0b7 Syndicat CFTC Transports du Loiret : mobilisation des élus")]
    analysis = analyse([read(outline, "pdf")], call)
    requirements = found(analysis)
    assert requirements["description.contexte"].excerpt.startswith("Contexte et origine")
    assert "description.cibles" in requirements
    assert [p.name for p in analysis.partners][:2] == ["Aract Centre-Val de Loire", "Syndicat CFTC Transports du Loiret"]
    assert analysis.requirements["partenaires.contributions"] is not None


def test_doubt_is_said_not_guessed(call):
    """Elements missing while an attachment could not be read may be in it: unsure, never asked
    for as missing; an element seen only in a sentence is probable; under its heading, sure."""
    from extracthelp import password_pdf

    outline = [("h", 1, "Contexte"), ("p", "Les agents de déchetterie utilisent une nouvelle application de pesée."),
               ("p", "Le projet s'adresse aux agents et aux chefs de quai de quatre syndicats de collecte.")]
    protected = read_document(password_pdf(), "Budget protégé.pdf", None)
    analysis = analyse([read(outline, "docx"), protected], call)
    assert analysis.confidence["description.contexte"] == "sure"
    assert analysis.confidence["description.cibles"] == "probable"
    assert analysis.confidence["budget.personnel"] == "unsure"
    assert analysis.unread == ("Budget protégé.pdf",)
    alone = analyse([read(outline, "docx")], call)
    assert alone.confidence["budget.personnel"] == "sure" and alone.unread == ()


# ---------------------------------------------------------------- a chronogram drawn as a table
GANTT = [
    ("h", 1, "Répartition du travail"),
    ("table", [["Action", "Responsable", "M1-M3", "M4-M6", "M7-M9", "M10-M12"],
               ["Immersion dans les ateliers de découpe", "Cabinet Tessel", "X", "X", "", ""],
               ["Groupes de parole des bouchers", "Chambre des métiers de l'Orne", "", "X", "X", ""],
               ["Essais des nouveaux réglages de la balance", "Cabinet Tessel", "", "", "X", "X"]]),
]
BUDGET_BY_YEAR = [
    ("h", 1, "Dépenses par année"),
    ("table", [["Poste", "2023", "2024", "Total"], ["Animation des groupes", "4200", "3100", "7300"],
               ["Déplacements", "900", "650", "1550"], ["Impression du guide", "0", "1800", "1800"]]),
]


@pytest.mark.parametrize("how", ["docx", "xlsx"])
def test_a_chronogram_table_is_a_phasage(call, how):
    """Tasks as rows, periods as columns, a mark under each period a task runs through: the phasage,
    whatever the heading above it says (in a document, or a workbook's sheet of its own)."""
    if how == "xlsx":
        document = read_document(to_xlsx({"Planning": GANTT[1][1]}), "planning.xlsx", None)
    else:
        document = read(GANTT, how)
    requirements = found(analyse([document], call))
    assert "description.phasage" in requirements


def test_a_budget_by_year_is_no_chronogram(call):
    requirements = found(analyse([read(BUDGET_BY_YEAR, "docx")], call))
    assert "description.phasage" not in requirements


def test_a_file_sent_again_readable_is_no_longer_in_doubt(call):
    from extracthelp import password_pdf

    outline = [("h", 1, "Contexte"), ("p", "Les agents de déchetterie utilisent une nouvelle application de pesée.")]
    protected = read_document(password_pdf(), "Budget.pdf", None)
    again = read_document(to_pdf([("h", 1, "Budget"), ("p", "Salaires : 10 000 €")]), "Budget.pdf", None)
    analysis = analyse([read(outline, "docx"), protected, again], call)
    assert analysis.unread == () and analysis.confidence["budget.prestations"] == "sure"


def test_dated_steps_are_steps_of_the_phasage_not_elements(call):
    """A step named like an element ("Évaluation des effets", "Diagnostic des usages") with its
    period is a step of the phasage, in a table a mail client's wrapping cut into rows, or as a
    label opening its line: no context, no results, no dissemination are given."""
    body = ("Bonjour,\n\nCalendrier\n\n| Étape | Période | Contenu |\n|---|---|---|\n"
            "| Diagnostic des usages | janv. – mars 2023 | entretiens avec les\ncaissières et observation des files |\n"
            "| Évaluation des effets | sept. – oct. 2023 | questionnaire aux\néquipes et bilan collectif |\n"
            "| Diffusion auprès des magasins | nov. 2023 | envoi du guide aux\ndirections |\n\n"
            "Cordialement,\nLou\n")
    requirements = found(analyse([read_body(body, None)], call))
    assert "description.phasage" in requirements
    assert not {"description.contexte", "description.resultats", "description.perennisation"} & set(requirements)
    outline = [("h", 1, "Étapes"), ("p", "Le projet dure dix mois."),
               ("p", "Diagnostic des usages (M1 à M3) : entretiens avec les caissières, observation des files."),
               ("p", "Évaluation des effets (M9 à M10) : questionnaire aux équipes et bilan collectif.")]
    requirements = found(analyse([read(outline, "docx")], call))
    assert "description.phasage" in requirements
    assert not {"description.contexte", "description.resultats"} & set(requirements)


def test_one_line_per_element_a_label_and_a_dash(call):
    """A terse mail: "Contexte – …" on each line, long lines wrapped by the mail program."""
    body = ("Bonjour,\n\nNotre candidature en bref :\n"
            "Contexte – les ateliers de découpe de la coopérative sont équipés de balances connectées depuis\n"
            "deux ans.\n"
            "Objectifs – ouvrir le dialogue sur les cadences que ces balances imposent aux opératrices.\n"
            "Problématique – comment discuter des cadences quand l'outil les fixe seul ?\n"
            "Cibles – opératrices de découpe et chefs d'atelier.\n")
    keys = found(analyse([read_body(body, None)], call))
    assert {"description.contexte", "description.objectifs", "description.problematique",
            "description.cibles"} <= set(keys)


# Headings typed in a hurry: a letter missed or swapped in the call's own words.
SLIPS = [
    ("title", "Projet TRAME – le travail de nuit en boulangerie artisanale"),
    ("h", 1, "CONTEXE"),
    ("p", "Les boulangeries du bassin ont allongé leurs heures de nuit depuis la hausse des commandes."),
    ("h", 1, "Objetcifs"),
    ("p", "Réduire les horaires de nuit de deux heures sans perdre les commandes des restaurants."),
    ("h", 1, "Salariés concernés"),
    ("p", "Quarante boulangers et apprentis de douze entreprises du bassin."),
    ("h", 1, "Methodolgie"),
    ("p", "Des ateliers entre patrons et salariés, puis un essai de nouveaux horaires dans quatre fournils."),
    ("h", 1, "PERENISATION"),
    ("p", "La chambre de métiers reprendra les ateliers dans son offre de conseil après le projet."),
]


@pytest.mark.parametrize("how", ["docx", "pdf", "text"])
def test_headings_with_a_slip_of_the_keyboard(call, how):
    keys = found(analyse([read(SLIPS, how)], call))
    assert {"description.contexte", "description.objectifs", "description.cibles", "description.methodologie",
            "description.perennisation"} <= set(keys)


DEJAVU = "/usr/share/fonts/truetype/dejavu/"


def _lower_case_headings_pdf() -> bytes:
    """A PDF whose headings are lower-case words in an embedded bold font barely larger than the
    text (the font's descriptor says weight 400: only its name says bold)."""
    import io
    import os

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if not os.path.exists(DEJAVU + "DejaVuSans-Bold.ttf"):
        pytest.skip("DejaVu fonts absent (Debian's fonts-dejavu-core): no embedded bold font to write with")
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", DEJAVU + "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFont(TTFont("DejaVuSans", DEJAVU + "DejaVuSans.ttf"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    y = 790
    parts = [("contexte", "Les serres du bassin emploient des saisonniers dont les horaires changent chaque jour."),
             ("objectifs", "Stabiliser les plannings une semaine à l'avance pour tous les saisonniers."),
             ("pour qui", "Les quatre-vingts saisonniers et les chefs de culture des six serres."),
             ("démarche", "Des réunions entre chefs de culture et saisonniers, puis un essai sur une serre."),
             ("résultats", "Un planning partagé et une règle de prévenance écrite dans l'accord d'entreprise.")]
    page.setFont("DejaVuSans-Bold", 17)
    page.drawString(60, y, "Des plannings prévisibles sous serre")
    for heading, text in parts:
        y -= 25
        page.setFont("DejaVuSans-Bold", 13)
        page.drawString(60, y, heading)
        y -= 17
        page.setFont("DejaVuSans", 11.5)
        page.drawString(60, y, text)
    page.save()
    # LibreOffice describes its embedded bold fonts without ForceBold and with a thin stem, so
    # PDFium reports weight 400; the same bytes, the offsets kept, say so here.
    data = buffer.getvalue().replace(b"/Flags 262148", b"/Flags 4     ").replace(b"/StemV 165", b"/StemV 87 ")
    assert b"/Flags 4     " in data
    return data


def test_lower_case_headings_in_an_embedded_bold_font(call):
    document = read_document(_lower_case_headings_pdf(), "projet.pdf", None)
    keys = found(analyse([document], call))
    assert {"description.contexte", "description.objectifs", "description.cibles", "description.methodologie",
            "description.resultats"} <= set(keys)


# A description written as a letter: one paragraph per element, no heading at all.
LETTER = [
    ("title", "Atelier Mosaïque – projet « Voix du plateau »"),
    ("p", "L'Atelier Mosaïque est une entreprise adaptée de 70 salariés installée à Besançon depuis 1998, qui "
          "assemble des faisceaux électriques pour l'automobile. Depuis l'an dernier, chaque poste est suivi par "
          "un logiciel de suivi de production qui affiche les cadences en temps réel, et les moniteurs d'atelier "
          "disent passer plus de temps devant les écrans qu'auprès des opérateurs."),
    ("p", "Nous voulons, en dix-huit mois, rendre aux moniteurs le temps d'accompagner les opérateurs et faire des "
          "écrans un appui plutôt qu'une surveillance."),
    ("p", "Le projet concerne d'abord nos 52 opérateurs en situation de handicap et nos 6 moniteurs, puis les "
          "autres entreprises adaptées du réseau régional."),
    ("p", "Nous procéderons en trois temps avec une ergonome. De novembre 2022 à février 2023, elle observera le "
          "travail des moniteurs. De mars à juin 2023, des groupes d'opérateurs et de moniteurs proposeront de "
          "nouveaux affichages. En septembre et octobre 2023, ces affichages seront mis à l'essai sur une ligne."),
    ("p", "Le pilotage sera assuré par un comité réunissant la direction, deux moniteurs et deux élus du CSE."),
    ("p", "Nous en attendons des écrans reparamétrés et un temps d'accompagnement rétabli pour chaque moniteur."),
    ("p", "Avec l'union régionale des entreprises adaptées, nous proposerons la démarche aux autres entreprises "
          "du réseau lors de ses rencontres annuelles."),
]


@pytest.mark.parametrize("how", ["docx", "pdf"])
def test_a_description_written_as_a_letter(call, how):
    keys = found(analyse([read(LETTER, how)], call))
    assert {"description.contexte", "description.objectifs", "description.cibles", "description.methodologie",
            "description.phasage", "description.pilotage", "description.resultats",
            "description.perennisation"} <= set(keys)
    assert "description.problematique" not in keys  # never asked: left to the completion request


def test_a_short_mail_is_no_context_of_its_own(call):
    """The covering mail's paragraph before a plain statement is not the project's context."""
    body = ("Bonjour,\n\nVeuillez trouver ci-joint le dossier de candidature de notre association pour l'appel "
            "à manifestation d'intérêt de la Fabrique CTO, avec le budget et la liste des partenaires, comme "
            "demandé dans le règlement de l'appel et dans les délais prévus par celui-ci.\n\n"
            "Nous voulons outiller nos aides à domicile.\n\nLe projet concerne nos 40 aides à domicile.\n\n"
            "Le pilotage sera assuré par notre bureau.\n\nCordialement,\nJeanne")
    keys = found(analyse([read_body(body, None)], call))
    assert "description.contexte" not in keys


# Headings in the applicant's own words: an opening section of its own, short questions in a
# row, and the idioms a plain writer uses.
OWN_WORDS = [
    ("title", "Projet VEILLE – des outils de télésurveillance dans les EHPAD du Cantal"),
    ("h", 1, "I. Notre maison et ses équipes"),
    ("p", "L'EHPAD Les Tilleuls accueille 84 résidents à Aurillac. Depuis 2021, les nuits sont surveillées par des "
          "capteurs de chute et de sortie qui alertent les soignantes sur un téléphone, et l'équipe de nuit dit "
          "courir d'une alarme à l'autre sans savoir lesquelles comptent vraiment."),
    ("h", 1, "II. Nos objectifs"),
    ("p", "Régler les capteurs avec les soignantes pour que chaque alarme ait un sens."),
    ("h", 1, "III. Avec qui, pour qui"),
    ("p", "Les quatorze soignantes de nuit et les deux infirmières coordinatrices."),
    ("h", 1, "IV. Notre démarche"),
    ("p", "Des nuits d'observation, puis des ateliers de réglage avec le fournisseur des capteurs."),
    ("h", 1, "V. Qui tient la barre"),
    ("p", "La directrice et deux soignantes élues se réunissent chaque mois."),
    ("h", 1, "VI. Ce qui devrait en sortir"),
    ("p", "Des réglages revus et une règle écrite de réponse aux alarmes."),
    ("h", 1, "VII. Pour que cela dure"),
    ("p", "La règle sera revue chaque année en réunion d'équipe."),
]


@pytest.mark.parametrize("how", ["docx", "pdf"])
def test_headings_in_the_applicants_own_words(call, how):
    keys = found(analyse([read(OWN_WORDS, how)], call))
    assert set(DESCRIPTION) - {"description.problematique", "description.phasage"} <= set(keys)


def test_a_terse_mail_crams_its_labelled_parts_in_one_paragraph(call):
    body = ("Bonjour,\n\nProjet « Quai 4 » : sur nos quais, les scanners imposent l'ordre des colis aux caristes. "
            "La question qu'on se pose : comment rendre aux caristes la main sur l'ordre de chargement ? "
            "Objectif : des règles d'usage écrites avec eux. Public : 30 caristes et 4 chefs de quai. "
            "Démarche : observation, trois ateliers, un essai d'un mois.\n"
            "Budget 30 k€ : temps de l'équipe 20 k€, déplacements 2 k€, prestation ergonome 8 k€ — on demande "
            "24 k€ à l'Anact, 6 k€ en fonds propres.\n\nBonne réception,\nLéo\n")
    analysis = analyse([read_body(body, None)], call)
    assert {"description.problematique", "description.objectifs", "description.cibles",
            "description.methodologie"} <= set(found(analysis))
    assert (analysis.budget.total_eur, analysis.budget.anact_request_eur, analysis.budget.cofinancing_eur) \
        == (30000.0, 24000.0, 6000.0)


# The call's questions asked in the applicant's own plain words.
PLAIN_QUESTIONS = [
    ("h", 1, "Pourquoi ce projet ?"),
    ("p", "Dans nos agences, les conseillers traitent désormais les dossiers sur un logiciel de gestion unique."),
    ("p", "Le problème n'est pas l'outil lui-même, mais la manière dont il fixe l'ordre des dossiers : comment "
          "rendre aux conseillers la main sur leur journée ?"),
    ("h", 1, "Qu'est-ce qu'on veut obtenir ?"),
    ("p", "Des règles de priorité discutées avec les conseillers."),
    ("h", 1, "Avec qui et pour qui ?"),
    ("p", "Les vingt conseillers des trois agences et leurs deux responsables."),
    ("h", 1, "Qu'est-ce que ça doit changer ?"),
    ("p", "Moins d'interruptions et des journées que chacun peut prévoir."),
]


def test_the_calls_questions_in_plain_words(call):
    keys = found(analyse([read(PLAIN_QUESTIONS, "docx")], call))
    assert {"description.contexte", "description.problematique", "description.objectifs", "description.cibles",
            "description.resultats"} <= set(keys)
