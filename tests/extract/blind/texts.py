"""What applicants write for each element the call asks for, in several registers and headings.

Each text is about ONE element: a context never states the public, a method never gives dates, no
text but the governance one names a steering body, no text but the follow-up one speaks of
spreading the results. That keeps the truth of an omitted element honest.
"""
from __future__ import annotations

import random

from .world import MONTHS, MONTHS_EN, add_months, month_name

DESC_KEYS = ["description.contexte", "description.objectifs", "description.problematique", "description.cibles",
             "description.methodologie", "description.phasage", "description.pilotage", "description.resultats",
             "description.perennisation"]
SHORT = {k: k.split(".")[1] for k in DESC_KEYS}

HEADINGS = {
    "contexte": {
        "noun": ["Contexte", "Contexte du projet", "Le contexte", "Origine du projet", "Genèse du projet",
                 "État des lieux", "Éléments de contexte", "Constats de départ", "Situation actuelle"],
        "question": ["Pourquoi ce projet ?", "D'où part-on ?", "Dans quel contexte s'inscrit le projet ?",
                     "Quel constat de départ ?"],
        "english": ["Background", "Context"],
        "form": ["Contexte (origine du projet, constats)", "Contexte et origine de la demande",
                 "Quel est le contexte du projet ?", "Contexte"],
    },
    "problematique": {
        "noun": ["Problématique", "La question posée", "Question centrale", "Problématique travaillée",
                 "Hypothèse de travail", "Le problème à résoudre", "Problématique « conditions de travail »"],
        "question": ["Quelle question le projet pose-t-il ?", "Quel problème voulons-nous traiter ?",
                     "Quelle est la problématique ?"],
        "english": ["Research question", "Problem statement"],
        "form": ["Problématique traitée", "Quelle problématique de conditions de travail ?", "Problématique"],
    },
    "objectifs": {
        "noun": ["Objectifs", "Objectifs du projet", "Finalités", "Ce que nous visons", "Buts poursuivis",
                 "Objectifs généraux et opérationnels"],
        "question": ["Quels objectifs ?", "Que cherchons-nous à obtenir ?", "À quoi le projet doit-il servir ?"],
        "english": ["Objectives", "Aims"],
        "form": ["Objectifs poursuivis", "Quels sont les objectifs ?", "Objectifs"],
    },
    "cibles": {
        "noun": ["Publics cibles", "Public visé", "Bénéficiaires", "Publics et territoire",
                 "Entreprises et salariés concernés", "Périmètre et publics"],
        "question": ["Qui est concerné ?", "À qui s'adresse le projet ?", "Pour qui ?"],
        "english": ["Target groups", "Beneficiaries"],
        "form": ["Publics et structures ciblés", "Cibles (publics, nombre de structures)",
                 "À qui s'adresse le projet ?"],
    },
    "methodologie": {
        "noun": ["Méthodologie", "Démarche proposée", "Méthode", "Modalités d'intervention",
                 "Approche méthodologique", "Déroulé méthodologique", "Notre démarche"],
        "question": ["Comment allons-nous procéder ?", "Quelle méthode ?", "Comment faire ?"],
        "english": ["Methodology", "Approach"],
        "form": ["Déroulé méthodologique envisagé", "Méthode d'intervention", "Comment le projet sera-t-il mené ?"],
    },
    "phasage": {
        "noun": ["Calendrier", "Phasage", "Planning prévisionnel", "Étapes du projet",
                 "Calendrier prévisionnel de réalisation", "Feuille de route", "Chronogramme"],
        "question": ["Quand ?", "Selon quel calendrier ?", "Quelles étapes ?"],
        "english": ["Timeline", "Work plan"],
        "form": ["Phasage détaillé et calendrier", "Calendrier de réalisation", "Étapes et échéances"],
    },
    "pilotage": {
        "noun": ["Pilotage", "Gouvernance", "Pilotage et instances", "Comitologie", "Organisation du projet",
                 "Instances de suivi"],
        "question": ["Qui décide, et comment ?", "Comment le projet sera-t-il piloté ?", "Quelle gouvernance ?"],
        "english": ["Governance", "Project management"],
        "form": ["Pilotage et comitologie", "Gouvernance du projet", "Instances de pilotage et de suivi"],
    },
    "resultats": {
        "noun": ["Résultats attendus", "Livrables", "Productions attendues", "Résultats escomptés et indicateurs",
                 "Effets attendus"],
        "question": ["Qu'attendons-nous du projet ?", "Quels résultats ?", "Que produira le projet ?"],
        "english": ["Expected outcomes", "Deliverables"],
        "form": ["Résultats escomptés", "Livrables et indicateurs de réussite", "Quels résultats attendez-vous ?"],
    },
    "perennisation": {
        "noun": ["Pérennisation et essaimage", "Suites du projet", "Essaimage", "Transférabilité",
                 "Diffusion et pérennité", "Après le projet"],
        "question": ["Et après ?", "Comment les acquis seront-ils prolongés ?", "Quelles suites ?"],
        "english": ["Sustainability and dissemination", "Dissemination"],
        "form": ["Perspectives de pérennisation et d'essaimage", "Pérennité et transfert de la démarche",
                 "Quelles suites après le projet ?"],
    },
    "budget": {
        "noun": ["Budget prévisionnel", "Budget", "Plan de financement", "Coût et financement du projet",
                 "Moyens financiers", "Annexe financière", "Budget détaillé"],
        "question": ["Combien coûte le projet ?", "Quel budget ?"],
        "english": ["Budget", "Financial plan"],
        "form": ["Budget détaillé", "Budget prévisionnel"],
    },
    "partenaires": {
        "noun": ["Partenaires", "Partenariats", "Les partenaires mobilisés", "Partenaires et rôles", "Consortium",
                 "Alliances et soutiens"],
        "question": ["Qui fait quoi ?", "Avec qui ?", "Quels partenaires ?"],
        "english": ["Partners", "Consortium"],
        "form": ["Partenaires mobilisés et contribution attendue", "Partenaires associés"],
    },
}


def heading(rng: random.Random, element: str, mode: str) -> str:
    bank = HEADINGS[element]
    return rng.choice(bank.get(mode) or bank["noun"])


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def de(s: str) -> str:
    """'de' before a noun phrase, contracted as French requires."""
    for art, out in (("les ", "des "), ("le ", "du "), ("Les ", "des "), ("Le ", "du ")):
        if s.startswith(art):
            return out + s[len(art):]
    return ("d'" + s) if s[:1].lower() in "aeiouéèêh" else "de " + s


def a(s: str) -> str:
    for art, out in (("les ", "aux "), ("le ", "au "), ("Les ", "aux "), ("Le ", "au ")):
        if s.startswith(art):
            return out + s[len(art):]
    return "à " + s


def de_month(name: str) -> str:
    return ("d'" if name[:1] in "ao" else "de ") + name


# ----------------------------------------------------------------------------- element texts
# A text is a list of blocks: ("p", str) or ("ul", [str]) or ("ol", [str]).

def contexte(rng, c) -> list:
    kind = c["kind"]
    opening = {
        "labo": [f"Les travaux d'ergonomie et de sociologie du travail l'ont montré de longue date : une technologie "
                 f"n'est jamais neutre, elle embarque des choix d'organisation. Le cas {de(c['tool_short'])} dans "
                 f"{c['sector']} en donne aujourd'hui une illustration frappante."],
        "editeur": [f"Éditeur de solutions pour {c['sector']} depuis 2011, {c['org']} équipe aujourd'hui près de "
                    f"trois cents {c['places']}. Nos chefs de projet de déploiement font tous le même constat : "
                    f"l'outil est installé, formé, mais rarement discuté avec celles et ceux qui l'utilisent."],
        "syndicat": [f"Depuis 2020, nos adhérents {de(c['sector'])} nous alertent sur les effets {de(c['tool'])}. "
                     f"Les représentants du personnel sont rarement informés avant le déploiement, et quasiment "
                     f"jamais consultés sur le paramétrage."],
        "collectivite": [f"Notre territoire compte {c['n_local']} {c['places']} relevant {de(c['sector'])}, pour la "
                         f"plupart de très petite taille. Ils sont nombreux à s'être équipés en deux ans de "
                         f"{c['tool']}."],
        "asso": [f"Notre association accompagne depuis 2014 des salariés et des employeurs {de(c['sector'])}. Au fil "
                 f"des permanences et des rencontres, un sujet revient de plus en plus souvent : {c['tool']}."],
        "thinktank": [f"Le débat public sur le numérique au travail se concentre sur les grandes entreprises et sur "
                      f"le télétravail. Il laisse dans l'ombre des secteurs entiers, comme {c['sector']}, où "
                      f"{c['tool']} transforment pourtant le travail quotidien."],
    }
    generic = [f"En quelques années, {c['sector']} ont vu se généraliser {c['tool']}.",
               f"Le recours {a(c['tool_short'])} s'est imposé très vite dans {c['sector']}, souvent à l'initiative des "
               f"fournisseurs ou des donneurs d'ordre plutôt que des équipes elles-mêmes."]
    first = rng.choice(opening.get(kind, []) + generic)
    second = rng.choice([f"Sur le terrain, le constat est partagé : {c['effect']}.",
                         f"Les témoignages recueillis convergent : {c['effect']}.",
                         f"Ce que nous entendons le plus souvent ? Que {c['effect']}."])
    out = [("p", first + " " + second)]
    if rng.random() < 0.7:
        out.append(("p", c["fact"]))
    return out


def problematique(rng, c) -> list:
    ts, w = c["tool_short"], c["workers_short"]
    questions = [
        f"Comment faire {de(ts)} un objet de dialogue social et professionnel dans des {c['places']} de petite "
        f"taille, souvent sans instances représentatives ?",
        "À quelles conditions les salariés peuvent-ils peser sur le choix et le paramétrage d'outils conçus loin "
        "d'eux ?",
        f"Comment associer {w} et {c['reps']} aux décisions qui touchent {a(ts)} avant que ces décisions ne "
        f"soient figées ?",
        f"Quelles formes de dialogue permettent d'ajuster {ts} au travail réel plutôt que l'inverse ?",
        f"Comment combler, dans {c['sector']}, l'angle mort que constituent les choix technologiques dans le "
        f"dialogue social ?",
        "Peut-on négocier un outil numérique comme on négocie un horaire ou une organisation, et avec quels "
        "appuis ?",
        f"Qu'est-ce qui, dans {ts}, relève de choix d'organisation discutables, et qui est légitime pour en "
        f"débattre ?",
    ]
    leads = ["", "Notre question de départ est simple à formuler, moins à résoudre. ",
             "L'enjeu n'est pas d'accepter ou de refuser la technologie. ",
             "Nous faisons l'hypothèse que les difficultés observées tiennent moins à l'outil qu'à l'absence "
             "d'espace où en discuter. ",
             "Les décisions technologiques relèvent aujourd'hui de la direction et du fournisseur, alors qu'elles "
             "engagent directement la charge, l'autonomie et la santé des salariés. "]
    tails = ["", "", " Autrement dit : qui a son mot à dire, et à quel moment ?",
             " C'est cette question que le projet veut instruire avec les intéressés."]
    if c["kind"] == "labo":
        questions.append(f"Question de recherche : en quoi le recours {a(ts)} modifie-t-il les régulations "
                         "collectives du travail, et par quels dispositifs participatifs peut-on les reconstruire ?")
    q = rng.choice(questions)
    lead = rng.choice(leads)
    if lead and q.startswith("Question de recherche"):
        lead = ""
    return [("p", lead + ("La question qui guide le projet est donc la suivante : " + q[0].lower() + q[1:]
                          if lead.startswith("Nous faisons") else q) + rng.choice(tails))]


def objectifs(rng, c) -> list:
    ops = [f"comprendre les effets concrets {de(c['tool_short'])} sur l'activité {de(c['workers_short'])}",
           f"outiller {c['reps']} pour intervenir en amont des choix technologiques",
           "construire, entreprise par entreprise, des règles d'usage discutées et révisables",
           f"tester des formats courts de discussion sur le travail compatibles avec la vie des {c['places']}",
           "documenter ce qui marche et ce qui ne marche pas dans ces expérimentations",
           "donner aux directions des repères pour choisir et paramétrer leurs outils"]
    rng.shuffle(ops)
    n = rng.randint(3, 4)
    style = rng.choice(["list", "sentence", "general+list", "numbered"])
    if style == "list":
        return [("ul", [cap(o) for o in ops[:n]])]
    if style == "numbered":
        return [("p", "Le projet vise à :"), ("ol", [o + (" ;" if i < n - 1 else ".") for i, o in enumerate(ops[:n])])]
    if style == "sentence":
        return [("p", f"Le projet poursuit {['deux', 'trois', 'quatre'][n - 2]} buts : " + " ; ".join(ops[:n]) + ".")]
    general = rng.choice([f"Objectif général : faire entrer {c['tool_short']} dans le champ du dialogue social.",
                          f"Notre ambition : que les salariés {de(c['sector'])} redeviennent acteurs des outils "
                          f"qui organisent leur travail."])
    return [("p", general), ("p", "Objectifs opérationnels :"), ("ul", [cap(o) for o in ops[:n]])]


def cibles(rng, c) -> list:
    options = [
        [("p", f"Le projet s'adresse à {c['n_places']} {c['places']} de {c['territory']} employant entre 10 et 150 "
               f"salariés, et plus précisément {a(c['workers'])}, {a(c['managers'])} et {a(c['reps'])}.")],
        [("ul", [f"Bénéficiaires directs : {c['workers']} des {c['n_places']} {c['places']} volontaires, soit "
                 f"environ {c['n_workers']} personnes",
                 f"Bénéficiaires associés : {c['managers']} et {c['reps']}",
                 f"Bénéficiaires indirects : les autres {c['places']} de {c['territory']}"])],
        [("p", f"Nous visons en priorité {c['workers_short']}, soit environ {c['n_workers']} salariés répartis "
               f"dans {c['n_places']} {c['places']} de {c['territory']}. {cap(c['managers'])} et {c['reps']} "
               f"seront associés à chaque étape.")],
        [("ul", [f"Public : {c['workers']}", f"Encadrement : {c['managers']}",
                 f"Territoire : {c['territory']}", f"Nombre de structures : {c['n_places']}"])],
    ]
    return rng.choice(options)


def methodologie(rng, c) -> list:
    kind = c["kind"]
    techniques = [
        "des journées d'immersion dans chaque structure, en binôme intervenant–salarié",
        "une cartographie des situations de travail « instrumentées » par l'outil",
        "des ateliers de simulation à partir de scénarios tirés des observations",
        "des entretiens individuels et collectifs avec les salariés et l'encadrement",
        "des entretiens d'autoconfrontation à partir d'enregistrements de l'activité",
        "un questionnaire court passé auprès de l'ensemble des salariés",
        "des tests en situation réelle des ajustements retenus",
        "des retours d'expérience collectifs après chaque test",
        "la formation-action des représentants du personnel",
        "des maquettes et prototypes discutés en groupe de travail",
        "un atelier inter-entreprises pour croiser les expériences",
    ]
    picks = rng.sample(techniques, rng.randint(3, 5))
    openers = {
        "default": ["La démarche repose sur la conception participative et sur l'analyse du travail réel.",
                    "Nous partons de l'activité telle qu'elle se fait, et non de l'outil tel qu'il a été prévu.",
                    "Notre intervention combine analyse du travail et dialogue entre les acteurs de l'entreprise.",
                    "La méthode s'inspire de l'ergonomie de conception et de la recherche-intervention."],
        "labo": ["Méthodologie mixte, qualitative et quantitative, dans une logique de recherche-intervention.",
                 "Le dispositif de recherche associe les participants à chaque étape de l'analyse."],
        "editeur": ["Nous intégrerons des « sprints de dialogue » dans notre cycle de développement : avant chaque "
                    "évolution importante, des utilisateurs volontaires, leurs encadrants et leurs représentants "
                    "testeront des maquettes. Une ergonome indépendante animera ces séances."],
        "syndicat": ["Notre démarche articule enquête auprès des salariés et appui aux équipes syndicales, avec "
                     "l'objectif d'un accord de méthode sur l'introduction des outils."],
    }
    opener = rng.choice(openers.get(kind, []) + openers["default"])
    style = rng.choice(["list", "sentence", "list"])
    if style == "list":
        return [("p", opener + " " + rng.choice(["Elle mobilise :", "Outils mobilisés :", "Concrètement :",
                                                 "Nous utiliserons :"])), ("ul", [cap(p) for p in picks])]
    return [("p", opener + " Elle s'appuie sur " + ", ".join(picks[:-1]) + " et " + picks[-1] + ".")]


PHASES = [("Lancement et cadrage", "recrutement des structures volontaires, réunion de lancement, protocole"),
          ("Immersion et diagnostic", "observations, entretiens, cartographie des situations"),
          ("Ateliers de co-construction", "ateliers de simulation, élaboration des règles d'usage"),
          ("Expérimentation", "mise en œuvre des ajustements dans chaque structure, suivi"),
          ("Évaluation et capitalisation", "retours d'expérience, rédaction des livrables, restitution")]
PHASES_EN = [("Scoping", "recruitment of volunteer organisations, kick-off, protocol"),
             ("Fieldwork and diagnosis", "observations, interviews, mapping of situations"),
             ("Co-design workshops", "simulation workshops, usage rules"),
             ("Experimentation", "implementation and follow-up in each organisation"),
             ("Evaluation", "lessons learnt, deliverables, final event")]


def schedule(start: tuple[int, int], months: int, n: int = 4) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Split `months` months from `start` into n consecutive phases; the last ends at start + months - 1."""
    cuts = [round(i * months / n) for i in range(n + 1)]
    out = []
    for i in range(n):
        a = add_months(*start, cuts[i])
        b = add_months(*start, cuts[i + 1] - 1)
        out.append((a, b))
    return out


def phasage(rng, c, english: bool = False) -> list:
    start, months = c["start"], c["months"]
    n = 5 if months >= 15 else 4
    spans = schedule(start, months, n)
    names = (PHASES_EN if english else PHASES)[:n] if n == 5 else [(PHASES_EN if english else PHASES)[i]
                                                                   for i in (0, 1, 2, 4)]
    end = spans[-1][1]
    style = c.get("phasage_style") or rng.choice(["table", "bullets", "prose", "gantt", "months"])
    if english:
        rows = [["Work package", "Period", "Content"]]
        for (name, what), (a, b) in zip(names, spans):
            rows.append([name, f"{MONTHS_EN[a[1]-1][:3]} {a[0]} – {MONTHS_EN[b[1]-1][:3]} {b[0]}", what])
        return [("p", f"The project runs for {months} months, from {month_name(*start, 'en')} to "
                      f"{month_name(*end, 'en')}."), ("table", rows)]
    if style == "table":
        rows = [["Phase", "Période", "Contenu"]]
        for i, ((name, what), (a, b)) in enumerate(zip(names, spans), 1):
            rows.append([f"{i}. {name}", f"{month_name(*a, 'abbr')} – {month_name(*b, 'abbr')}", what])
        return [("table", rows)]
    if style == "bullets":
        return [("ul", [f"Phase {i} – {name} ({month_name(*a)} à {month_name(*b)}) : {what}"
                        for i, ((name, what), (a, b)) in enumerate(zip(names, spans), 1)])]
    if style == "prose":
        parts = []
        for i, ((name, what), (a, b)) in enumerate(zip(names, spans)):
            lead = "Enfin, " if i == n - 1 else ["Puis, ", "Ensuite, ", "Après quoi, "][i % 3]
            if i == 0:
                parts.append(f"Le projet démarrera en {month_name(*a)} par une phase de {name.lower()} "
                             f"({what}), jusqu'en {month_name(*b)}.")
            else:
                parts.append(f"{lead}{de_month(MONTHS[a[1]-1])} {a[0]} à {MONTHS[b[1]-1]} {b[0]}, {name.lower()} : "
                             f"{what}.")
        return [("p", " ".join(parts))]
    if style == "months":
        rows = []
        for i, ((name, what), (a, b)) in enumerate(zip(names, spans)):
            m0 = (a[0] - start[0]) * 12 + a[1] - start[1] + 1
            m1 = (b[0] - start[0]) * 12 + b[1] - start[1] + 1
            rows.append(f"M{m0}–M{m1} : {name} ({what})")
        return [("p", f"Démarrage prévu en {month_name(*start)} (M1), pour une durée de {months} mois."),
                ("ul", rows)]
    # gantt by quarter
    quarters = []
    y, m = start
    while (y, m) <= end:
        q = (y, (m - 1) // 3 + 1)
        if q not in quarters:
            quarters.append(q)
        y, m = add_months(y, m, 1)
    rows = [["Étape"] + [f"T{q} {y}" for y, q in quarters]]
    for (name, _), (a, b) in zip(names, spans):
        row = [name]
        for y, q in quarters:
            qs, qe = (y, 3 * q - 2), (y, 3 * q)
            row.append("■" if not (b < qs or a > qe) else "")
        rows.append(row)
    return [("p", f"Durée : {months} mois, de {month_name(*start)} à {month_name(*end)}."), ("table", rows)]


def pilotage(rng, c) -> list:
    body = rng.choice([("Un comité de pilotage", "réunira"), ("Un comité de suivi paritaire", "associera"),
                       ("Une instance de pilotage", "rassemblera"), ("Un comité stratégique", "réunira"),
                       ("Un COPIL", "réunira")])
    members = rng.choice([f"{c['org_short']}, les directions et les représentants du personnel des structures "
                          "volontaires ainsi que les partenaires",
                          "la direction et les élus du personnel de chaque structure, les partenaires et un "
                          "représentant de l'Anact",
                          "les employeurs, les organisations syndicales et les partenaires du projet"])
    freq = rng.choice(["il se tiendra au lancement, à mi-parcours et en clôture",
                       "il se réunira tous les trimestres", "il se réunira tous les quatre mois",
                       "trois séances sont prévues"])
    role = rng.choice(["et validera chaque étape", "et arbitrera les choix de méthode",
                       "; ses relevés de décision seront diffusés à tous les participants",
                       "; les décisions y sont prises au consensus"])
    ops = rng.choice([f"Le suivi courant est assuré par {c['lead']}, responsable du projet, avec une équipe projet "
                      "réunie chaque semaine.",
                      "Un comité technique, réuni chaque mois, prépare ses travaux et suit l'avancement.",
                      "Un binôme de coordination assure le suivi opérationnel au quotidien.",
                      "Un groupe miroir réuni par l'Anact apportera un regard extérieur à mi-parcours."])
    if rng.random() < 0.3:
        return [("ul", [f"{body[0]} : {members} – {freq}", f"Suivi opérationnel : {ops[0].lower() + ops[1:]}"])]
    return [("p", f"{body[0]} {body[1]} {members} ; {freq} {role}. {ops}".replace(" ; ;", " ;"))]


def resultats(rng, c) -> list:
    items = ["un guide pratique « choisir et paramétrer ses outils avec les équipes »",
             "des règles d'usage négociées dans chaque structure participante",
             "une série de fiches-repères pour les élus du personnel",
             "un rapport final analysant les expérimentations",
             "trois courtes vidéos témoignant des ateliers",
             "un kit d'animation d'ateliers (cartes, scénarios, grille d'observation)",
             "une grille d'évaluation des outils numériques du point de vue du travail",
             "un accord de méthode type sur l'introduction des outils numériques",
             "une note de synthèse à destination des branches professionnelles"]
    rng.shuffle(items)
    n = rng.randint(3, 5)
    indicators = rng.choice(["", "Indicateurs : nombre de salariés ayant participé aux ateliers, nombre de règles "
                                 "adoptées, évolution de la charge ressentie avant et après.",
                             "Nous suivrons trois indicateurs : le taux de participation aux ateliers, le nombre "
                             "d'ajustements mis en œuvre et la satisfaction des salariés.",
                             "Le succès se mesurera à la part des règles co-construites encore appliquées six mois "
                             "après leur adoption."])
    style = rng.choice(["list", "inline", "levels"])
    if style == "list":
        out = [("p", rng.choice(["À l'issue du projet, seront disponibles :", "Productions prévues :",
                                 "Le projet livrera :"])), ("ul", items[:n])]
    elif style == "inline":
        out = [("p", "Livrables : " + " ; ".join(items[:n]) + ".")]
    else:
        out = [("p", "Nous attendons des effets à trois niveaux. Pour les salariés : une meilleure maîtrise des "
                     "outils et une charge mieux régulée. Pour les directions : des choix technologiques plus "
                     f"robustes. Pour le dialogue social : {c['reps']} mieux armés pour intervenir sur ces sujets."),
               ("p", "Concrètement, le projet produira " + ", ".join(items[:2]) + " et " + items[2] + ".")]
    if c["kind"] == "labo" and rng.random() < 0.6:
        out.append(("p", "Le projet donnera aussi lieu à deux communications scientifiques et à un article."))
    if indicators:
        out.append(("p", indicators))
    return out


def perennisation(rng, c) -> list:
    pool = [
        "Tous les outils produits seront diffusés sous licence Creative Commons, dans l'esprit des communs de la "
        "connaissance.",
        "Nous proposerons au réseau Anact-Aract de reprendre la démarche et de l'essaimer dans d'autres régions.",
        f"La démarche sera intégrée durablement à l'offre {de(c['org_short'])} et transmise par une formation de "
        "formateurs.",
        "Les structures participantes deviendront des « ambassadrices » pour convaincre leurs pairs.",
        "Les règles d'usage seront inscrites dans les accords ou les règlements intérieurs des structures, ce qui "
        "en garantit la durée.",
        "Une fois la méthode éprouvée, nous chercherons à l'étendre à d'autres territoires avec les branches "
        "professionnelles et les OPCO.",
        "Les ressources resteront en accès libre sur un site dédié après la fin du projet.",
        "Un séminaire de diffusion ouvert aux autres employeurs du secteur clôturera le projet.",
    ]
    if c["kind"] == "syndicat":
        pool.append("La démarche sera inscrite dans le plan de formation syndicale des années suivantes et proposée "
                    "aux autres unions.")
    picks = rng.sample(pool, rng.randint(2, 3))
    if rng.random() < 0.3:
        return [("ul", picks)]
    return [("p", " ".join(picks))]


WRITERS = {"contexte": contexte, "problematique": problematique, "objectifs": objectifs, "cibles": cibles,
           "methodologie": methodologie, "phasage": phasage, "pilotage": pilotage, "resultats": resultats,
           "perennisation": perennisation}

# A fully English proposal (a European consortium): one text per element.
ENGLISH = {
    "contexte": lambda c: [("p", f"Across Europe, {c['tool_en']} have spread quickly in small firms. In France, "
                                 f"{c['sector_en']} are a case in point: workers report that the pace of work is "
                                 "now set by software they were never asked about.")],
    "problematique": lambda c: [("p", "Our research question: how can digital tools become a subject of social "
                                      "dialogue in small companies that have no works council?")],
    "objectifs": lambda c: [("ul", ["Understand how the tools change everyday work",
                                    "Co-design usage rules with workers and managers",
                                    "Equip staff representatives to discuss technology choices"])],
    "cibles": lambda c: [("p", f"Workers, line managers and staff representatives of {c['n_places']} volunteer "
                               f"companies in {c['territory']} (about {c['n_workers']} people).")],
    "methodologie": lambda c: [("p", "Participatory action research: job shadowing, interviews, co-design "
                                     "workshops with mock-ups, field tests and collective debriefings.")],
    "pilotage": lambda c: [("p", "A steering committee (partners, company representatives and one Anact "
                                 "representative) meets every four months; the project coordinator chairs a "
                                 "monthly operational meeting.")],
    "resultats": lambda c: [("ul", ["A practical guide in French", "Usage rules agreed in each company",
                                    "A final report and a policy brief"])],
    "perennisation": lambda c: [("p", "All outputs will be released under a Creative Commons licence; the method "
                                      "will be handed over to the Anact-Aract network and to sector bodies for "
                                      "wider dissemination.")],
}

CONTRIBUTIONS = {
    "aract": ["appui méthodologique et co-animation des ateliers inter-entreprises",
              "mise à disposition d'une chargée de mission (6 jours) pour les retours d'expérience",
              "apport d'outils d'analyse du travail et relecture des livrables"],
    "union": ["relais auprès des salariés et formation des élus",
              "mobilisation des délégués dans les structures pilotes",
              "co-construction du questionnaire salariés"],
    "employer": ["mobilisation des entreprises adhérentes", "relais de l'appel à volontaires et accueil des réunions",
                 "diffusion auprès des employeurs du secteur"],
    "lab": ["appui scientifique et évaluation de la démarche", "conception du questionnaire et analyse des données"],
    "opco": ["prise en charge des temps de formation des salariés", "ingénierie de formation"],
    "prevention": ["mise à disposition de données de sinistralité", "expertise prévention lors des ateliers"],
    "design": ["conception des supports de facilitation", "facilitation graphique des ateliers"],
    "public": ["soutien institutionnel et mise en relation avec les employeurs",
               "accueil des rencontres territoriales"],
    "pilot": ["terrain d'expérimentation : accès aux équipes et temps libéré pour les ateliers",
              "accueil des immersions et des tests"],
}
ROLES = {"aract": "Appui méthodologique", "union": "Partenaire social", "employer": "Relais employeurs",
         "lab": "Partenaire scientifique", "opco": "Partenaire formation", "prevention": "Expert prévention",
         "design": "Prestataire associé", "public": "Partenaire institutionnel", "pilot": "Structure pilote"}
CONTRIBUTIONS_EN = {"aract": "methodological support", "union": "liaison with workers",
                    "employer": "recruiting companies",
                    "lab": "scientific support", "opco": "training funding", "prevention": "prevention expertise",
                    "design": "workshop facilitation", "public": "institutional support", "pilot": "field site"}
