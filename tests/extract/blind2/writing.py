"""What applicants write for each element the call asks for, and what they call it.

Each element's text speaks of that element only: a context never names the public or a body that
steers the project, a method never gives dates, the phasing never describes techniques, only the
governance names a committee, only the follow-up speaks of spreading the work. So an element left
out of a document is really absent from it.

A text is a list of items: ("p", str) or ("ul", [str]) or ("ol", [str]) or ("table", rows)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .base import MONTHS, MONTHS_ABBR, add_months, month_end, month_label, quarter_label
from .world import Org, Partner, Region, Theme

DESC = ["contexte", "objectifs", "problematique", "cibles", "methodologie", "phasage", "pilotage",
        "resultats", "perennisation"]


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def de(np: str) -> str:
    """'de' before a noun phrase with its article: du, de la, de l', des."""
    if np.startswith("le "):
        return "du " + np[3:]
    if np.startswith("les "):
        return "des " + np[4:]
    return "de " + np


def a_(np: str) -> str:
    """'à' before a noun phrase with its article: au, à la, à l', aux."""
    if np.startswith("le "):
        return "au " + np[3:]
    if np.startswith("les "):
        return "aux " + np[4:]
    return "à " + np


@dataclass
class Ctx:
    org: Org
    region: Region
    theme: Theme
    acr: str
    title: str
    city: str
    n: int  # structures taking part
    people: int  # employees concerned
    start: tuple[int, int]
    end: tuple[int, int]
    lead: str
    lead_title: str
    partners: list[Partner] = field(default_factory=list)
    date_style: str = "month"
    end_words: str = ""  # how the end is written when it is a special wording

    @property
    def months(self) -> int:
        return (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1] + 1

    @property
    def end_date(self):
        return month_end(*self.end)


# ---------------------------------------------------------------- the nine elements

def _some(r, pool, k):
    return r.some(pool, min(k, len(pool)))


def contexte(c: Ctx, r, style: str) -> list:
    t, g = c.theme, c.region
    intro = {
        "cabinet": [f"{cap(c.org.we)} intervient depuis une quinzaine d'années auprès des directions et des représentants du personnel {t.sector_de}.",
                    f"Depuis sa création, {c.org.we} accompagne des employeurs et des élus dans des projets de réorganisation."],
        "asso": [f"Créée à {c.city}, {c.org.we} réunit des professionnels et des bénévoles attachés à un numérique respectueux du travail.",
                 f"{cap(c.org.we)} anime depuis plusieurs années un réseau de structures employeuses {g.prep}."],
        "labo": [f"{cap(c.org.we)} conduit depuis plusieurs années des recherches sur l'activité {t.workers_de} confrontés aux outils numériques.",
                 f"Les travaux de {c.org.we} portent sur la conception des systèmes techniques et sur leurs usages en situation réelle."],
        "vendor": [f"{c.org.short} édite et déploie des solutions logicielles utilisées chaque jour par plusieurs milliers de salariés.",
                   f"Éditeur de logiciels, {c.org.short} constate chez ses clients que l'outil le mieux conçu peut être rejeté faute d'avoir été discuté."],
        "coop": [f"{cap(c.org.we)} rassemble des salariés-associés qui accompagnent des petites structures dans leurs projets d'organisation.",
                 f"Coopérative implantée à {c.city}, {c.org.we} vit au quotidien la question du partage des décisions."],
        "collectivite": [f"{cap(c.org.we)} emploie plusieurs centaines d'agents répartis sur une trentaine de sites.",
                         f"{cap(c.org.we)} a engagé en 2021 un plan de dématérialisation qui touche l'ensemble de ses services."],
        "groupement": [f"{cap(c.org.we)} met à disposition de ses adhérents des salariés partagés et les accompagne dans leurs pratiques d'employeur.",
                       f"{cap(c.org.we)} fédère une soixantaine d'entreprises adhérentes, pour la plupart des TPE."],
        "sante": [f"{cap(c.org.we)} gère des établissements et services où se croisent soignants, agents et encadrement.",
                  f"Au sein de {c.org.we}, la question des outils numériques revient à chaque réunion du CSE depuis deux ans."],
        "syndicat": [f"{cap(c.org.we)} suit depuis longtemps les effets des outils numériques sur les conditions d'emploi et de travail des salariés qu'elle représente.",
                     f"Les équipes syndicales de {c.org.we} sont de plus en plus souvent sollicitées par des salariés inquiets des nouveaux outils."],
        "spst": [f"{cap(c.org.we)} suit près de quatre mille entreprises adhérentes et leurs salariés.",
                 f"Les équipes pluridisciplinaires de {c.org.we} observent depuis 2020 une montée des plaintes liées aux outils numériques."],
        "thinktank": [f"{cap(c.org.we)} publie chaque année des travaux sur les transformations du travail.",
                      f"{cap(c.org.we)} réunit chercheurs, praticiens et partenaires sociaux autour des mutations du travail."],
    }[c.org.kind]
    change = [f"Le déploiement {t.tech_de} s'est nettement accéléré dans {t.sector} depuis la crise sanitaire.",
              f"Dans {t.sector}, le recours {a_(t.tech)} est devenu la règle en moins de cinq ans.",
              f"Sous la pression des financeurs et des donneurs d'ordres, l'équipement {t.tech_de} progresse rapidement dans {t.sector}.",
              f"{cap(t.activity)} repose de plus en plus sur {t.tech}."]
    place = [f"{cap(g.prep)}, on dénombre environ {r.pick([180, 240, 320, 410, 560])} {t.structures}, pour la plupart de moins de cinquante salariés.",
             f"Le territoire compte près de {r.pick([150, 260, 380])} {t.structures}, qui emploient environ {r.pick([4, 7, 12])} 000 salariés.",
             f"D'après l'observatoire de branche, près de {r.pick([6, 7])} {t.structures} sur dix ont changé d'outil au cours des trois dernières années.",
             f"Une consultation menée en 2021 auprès de {r.pick([140, 212, 305])} salariés du secteur indique que deux sur trois n'ont jamais été associés au choix de leurs outils."]
    effect = [f"Les solutions retenues l'ont souvent été pour des raisons de gestion : elles ont transformé {t.activity} sans que les premiers utilisateurs aient été consultés sur leur paramétrage.",
              "Dans le même temps, les équipes de terrain signalent des difficultés d'appropriation et des contournements des outils.",
              "Les changements se font souvent à bas bruit : une mise à jour, un nouveau module, un paramétrage modifié à distance.",
              "Les instances représentatives du personnel en sont informées, rarement associées."]
    if style == "short":
        return [("p", f"{r.pick(change)} {r.pick(effect)}")]
    if style == "figures":
        return [("p", " ".join(_some(r, place, 2))), ("p", r.pick(effect)), ("p", r.pick(intro))]
    if style == "nous":
        return [("p", r.pick(intro) + " " + r.pick(change)), ("p", " ".join(_some(r, effect, 2)))]
    return [("p", r.pick(change) + " " + r.pick(place)), ("p", " ".join(_some(r, effect, r.pick([1, 2])))), ("p", r.pick(intro))]


def objectifs(c: Ctx, r, style: str) -> list:
    t = c.theme
    pool = [f"construire avec les équipes des règles d'usage {de(t.tech_short)} ajustées à leur activité",
            f"tester dans {c.n} structures une façon d'instruire ensemble les projets numériques",
            "rendre visibles les ajustements que les salariés inventent pour faire fonctionner les outils",
            "préparer les élus à intervenir dès le choix d'un nouvel outil, et non après son installation",
            "donner à l'encadrement de proximité des repères pour arbitrer entre les exigences de l'outil et celles du métier",
            "associer les fournisseurs de solutions à la discussion sur le travail réel",
            "outiller les employeurs pour qu'ils consultent leurs équipes avant tout changement de logiciel",
            "formaliser une méthode courte, utilisable sans consultant par une petite structure"]
    items = _some(r, pool, r.pick([3, 4, 5]))
    if style == "short":
        return [("p", r.pick([f"Notre but : faire {de(t.tech_short)} un sujet de discussion entre salariés, encadrement et représentants du personnel, plutôt qu'une contrainte subie.",
                              f"Il s'agit de permettre à chacun, dans {c.n} structures, de discuter {de(t.tech_short)} avant d'en subir les effets."]))]
    if style == "general":
        return [("p", f"Objectif général : faire {de(t.tech_short)} un objet de dialogue social et professionnel dans {c.n} {t.structures}."),
                ("p", "Objectifs spécifiques :"), ("ol", [cap(x) for x in items])]
    if style == "codes":
        return [("ul", [f"OS{i + 1} – {cap(x)}" for i, x in enumerate(items)])]
    if style == "prose":
        return [("p", f"Le projet a pour but de permettre aux salariés et à leurs représentants de discuter {de(t.tech_short)} à partir de leur travail réel. "
                      f"Concrètement, nous voulons {items[0]}, {items[1]} et {items[2]}.")]
    return [("p", r.pick(["Nous poursuivons les buts suivants :", "Le projet vise à :", "Il s'agit de :", "Nos objectifs opérationnels :"])),
            ("ul", [cap(x) for x in items])]


def problematique(c: Ctx, r, style: str) -> list:
    t = c.theme
    qs = [f"Comment les salariés {t.sector_de} peuvent-ils peser sur les choix qui accompagnent l'arrivée {t.tech_de} ?",
          f"À quelles conditions un outil pensé pour contrôler peut-il devenir une ressource pour {t.activity} ?",
          "Quelle place pour les représentants du personnel lorsque l'outil est choisi par un siège, un donneur d'ordres ou un financeur ?",
          "Peut-on discuter d'un logiciel sans en connaître le fonctionnement interne ?",
          f"Comment faire entrer le travail réel {t.workers_de} dans le paramétrage d'un outil conçu ailleurs ?"]
    hyps = [f"Notre hypothèse : ce qui pèse sur le travail ({t.issue}) ne tient pas à la technique en elle-même, mais à l'absence de lieux où son usage peut être débattu.",
            "Nous partons de l'idée que les difficultés naissent moins des fonctionnalités que des règles d'usage implicites que personne n'a négociées.",
            f"Notre intuition est que {t.issue} se discute mieux à partir de situations concrètes qu'à partir de principes généraux."]
    if style == "questions":
        return [("p", r.pick(["Trois questions guident notre réflexion :", "Nos questions de départ :", "Le projet part de ces interrogations :"])),
                ("ul", _some(r, qs, 3))]
    if style == "short":
        return [("p", r.pick(qs))]
    if style == "enjeu":
        return [("p", f"L'enjeu central : {t.issue}. Ce qui pèse ainsi sur le travail ne tient pas à la technique en elle-même, mais à l'absence de lieux où son usage peut être débattu."),
                ("p", r.pick(qs))]
    return [("p", r.pick(qs)), ("p", r.pick(hyps))]


def cibles(c: Ctx, r, style: str) -> list:
    t, g = c.theme, c.region
    if style == "bullets":
        return [("ul", [f"Publics directs : {t.workers}, {t.managers} et les élus des CSE de {c.n} {t.structures} {g.prep} (environ {c.people} personnes)",
                        "Publics indirects : les dirigeants des structures, les fournisseurs de solutions et les acteurs de la prévention"])]
    if style == "short":
        return [("p", f"{cap(t.workers)} et {t.managers} de {c.n} {t.structures} ({c.people} salariés environ).")]
    if style == "table":
        return [("table", [["Public", "Nombre", "Rôle dans le projet"],
                           [cap(t.workers), str(c.people - c.n * 6), "participants aux séances"],
                           [cap(t.managers), str(c.n * 4), "relais dans les équipes"],
                           ["Élus du personnel", str(c.n * 2), "co-construction des règles"]], {"header": 1})]
    return [("p", f"Le projet s'adresse d'abord {a_(t.workers)} et {a_(t.managers)} de {c.n} {t.structures} {g.prep}, soit près de {c.people} salariés. "
                  "Les représentants du personnel, là où il en existe, et les dirigeants font également partie des publics visés.")]


def methodologie(c: Ctx, r, style: str) -> list:
    t = c.theme
    tools = ["observations de l'activité au poste, en binôme avec un salarié volontaire",
             "entretiens individuels et collectifs, y compris avec les personnes les plus éloignées de l'outil",
             f"ateliers de simulation où l'on rejoue des situations réelles {de(t.activity)} sur des maquettes de l'outil",
             "espaces de discussion sur le travail réunissant salariés et encadrement de proximité",
             "séances de confrontation entre utilisateurs et concepteurs du logiciel",
             "journaux de bord tenus par des salariés volontaires pendant quelques semaines",
             "cartographie collective des situations où l'outil gêne ou aide",
             "retours d'expérience croisés entre structures lors de rencontres inter-entreprises"]
    if style == "list":
        return [("p", r.pick(["La démarche combine plusieurs outils d'intervention :", "Nous mobiliserons :", "Le dispositif repose sur :"])),
                ("ul", [cap(x) for x in _some(r, tools, r.pick([3, 4, 5]))])]
    if style == "short":
        return [("p", f"Approche par l'analyse du travail : observations, entretiens puis ateliers de simulation autour {de(t.tech_short)}.")]
    a, b, cc, d = _some(r, tools, 4)
    return [("p", r.pick(["Notre démarche part du travail réel.", "La méthode s'inspire de l'ergonomie de l'activité et de la conception participative.",
                          "Nous privilégions une intervention au plus près des situations de travail."]) + f" Elle s'appuie d'abord sur des {a}, complétées par des {b}."),
            ("p", f"Les situations recueillies alimentent ensuite des {cc}. Les règles d'usage qui en sortent sont mises à l'épreuve grâce à des {d}.")]


PHASE_NAMES = [["Cadrage", "Lancement et cadrage", "Préparation"],
               ["Immersion et diagnostic", "Diagnostic partagé", "Recueil de terrain"],
               ["Ateliers de co-conception", "Co-construction des règles d'usage", "Élaboration collective"],
               ["Mise à l'épreuve", "Expérimentation en situation réelle", "Test dans les structures"],
               ["Bilan", "Évaluation et bilan", "Analyse des effets"]]


def periods(c: Ctx, k: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    total = c.months
    cuts = [round(i * total / k) for i in range(k + 1)]
    out = []
    for i in range(k):
        a = add_months(*c.start, cuts[i])
        b = add_months(*c.start, cuts[i + 1] - 1)
        out.append((a, b))
    return out


def when(a, b, style: str, i: int = 0, c: Ctx | None = None) -> str:
    (ya, ma), (yb, mb) = a, b
    if style == "quarter":
        qa, qb = quarter_label(ya, ma), quarter_label(yb, mb)
        return qa if qa == qb else f"{qa} – {qb}"
    if style == "semester":
        sa = f"S{1 if ma <= 6 else 2} {ya}"
        sb = f"S{1 if mb <= 6 else 2} {yb}"
        return sa if sa == sb else f"{sa} → {sb}"
    if style == "mn":
        i0 = (ya - c.start[0]) * 12 + ma - c.start[1] + 1
        i1 = (yb - c.start[0]) * 12 + mb - c.start[1] + 1
        return f"M{i0}" if i0 == i1 else f"M{i0} à M{i1}"
    if style == "abbr":
        return month_label(ya, ma, "abbr") if a == b else f"{MONTHS_ABBR[ma - 1]}{' ' + str(ya) if ya != yb else ''} – {month_label(yb, mb, 'abbr')}"
    if style == "num":
        return f"{ma:02d}/{ya} - {mb:02d}/{yb}"
    if style == "days":
        last = month_end(yb, mb).day
        return f"du 1er {MONTHS[ma - 1]}{' ' + str(ya) if ya != yb else ''} au {last} {MONTHS[mb - 1]} {yb}"
    # month
    return month_label(ya, ma) if a == b else f"{MONTHS[ma - 1]}{' ' + str(ya) if ya != yb else ''} – {month_label(yb, mb)}"


def end_wording(c: Ctx) -> str:
    """How the project's end is written in a sentence ("jusqu'à fin T3 2023")."""
    if c.end_words:
        return c.end_words
    y, m = c.end
    return {"quarter": f"la fin du {quarter_label(y, m)}", "semester": f"la fin du S{1 if m <= 6 else 2} {y}",
            "abbr": month_label(y, m, "abbr"), "num": f"{m:02d}/{y}"}.get(c.date_style, month_label(y, m))


def phase_rows(c: Ctx, r, k: int | None = None) -> list[tuple[str, str, str]]:
    k = k or r.pick([3, 4, 5])
    names = [r.pick(PHASE_NAMES[i]) for i in ([0, 1, 2, 3, 4] if k == 5 else [0, 1, 3, 4] if k == 4 else [1, 2, 4])]
    what = ["constitution de l'équipe, choix des structures, calendrier des séances",
            "présence sur le terrain dans chaque structure, restitution aux équipes",
            "séances collectives pour formuler des règles d'usage",
            "application des règles retenues pendant plusieurs mois",
            "mesure des changements et rédaction du rapport final"]
    whats = [what[i] for i in ([0, 1, 2, 3, 4] if k == 5 else [0, 1, 3, 4] if k == 4 else [1, 2, 4])]
    rows = []
    spans = periods(c, k)
    for i, (a, b) in enumerate(spans):
        if c.end_words and i == k - 1:  # the last period ends the applicant's way ("fin du 1er semestre 2024")
            rows.append((names[i], f"{when(a, a, c.date_style, i, c)} – {c.end_words.removeprefix('la ')}", whats[i]))
        else:
            rows.append((names[i], when(a, b, c.date_style, i, c), whats[i]))
    return rows


def phasage(c: Ctx, r, style: str) -> list:
    rows = phase_rows(c, r)
    first = month_label(*c.start)
    head = f"Le projet court sur {c.months} mois, {'d' + chr(39) if first[0] in 'aeiouéo' else 'de '}{first} à {end_wording(c)}."
    if style == "table":
        return [("p", head), ("table", [["Étape", "Période", "Contenu"], *[list(x) for x in rows]])]
    if style == "steps":
        return [("p", head), ("ol", [f"{n} ({p}) : {w}." for n, p, w in rows])]
    if style == "prose":
        parts = [f"« {n.lower()} » ({p})" for n, p, _ in rows]
        return [("p", f"{head} Il s'enchaîne en {len(rows)} temps : " + ", puis ".join(parts) + ".")]
    return [("p", head), ("ul", [f"Étape {i + 1} – {n} – {p} : {w}" for i, (n, p, w) in enumerate(rows)])]


def pilotage(c: Ctx, r, style: str) -> list:
    lead = c.lead
    if style == "list":
        return [("ul", [f"Comité de pilotage (trois réunions) : {c.org.short}, les partenaires associés, un représentant de l'Anact ; il valide les orientations et arbitre.",
                        "Comité technique (mensuel) : l'équipe projet et les référents des structures ; il prépare les décisions.",
                        f"Coordination : {lead}, {c.lead_title.lower()}, point de contact unique de l'Anact."])]
    if style == "short":
        return [("p", r.pick([f"Pilotage assuré par un comité paritaire (direction / représentants du personnel) réuni à chaque étape clé et animé par {c.org.short}.",
                              f"Un groupe projet paritaire, animé par {lead}, décide des orientations ; il se réunit tous les deux mois."]))]
    if style == "table":
        return [("table", [["Instance", "Composition", "Rythme"],
                           ["Comité stratégique", f"{c.org.short}, partenaires, Anact", "3 fois"],
                           ["Comité opérationnel", "Équipe projet, référents des structures", "Mensuel"],
                           ["Groupe miroir", "Élus du personnel volontaires", "À chaque étape"]], {"header": 1})]
    return [("p", f"La conduite du projet est confiée à {lead}. Un comité de pilotage, réunissant {c.org.short}, les partenaires et l'Anact, se tient en début, à mi-parcours et en fin de projet. "
                  "Un comité de suivi plus resserré se réunit toutes les six semaines pour préparer ses décisions ; chaque réunion donne lieu à un compte rendu partagé.")]


def resultats(c: Ctx, r, style: str) -> list:
    t = c.theme
    outs = [f"des règles d'usage {de(t.tech_short)} rédigées et adoptées dans chaque structure participante",
            "un référentiel de questions à se poser avant tout déploiement d'outil",
            "un jeu de fiches pour animer des séances d'analyse des usages",
            "un rapport d'évaluation et une synthèse de quatre pages",
            "des élus et des encadrants formés à l'examen des projets numériques",
            "un cahier des charges type intégrant des exigences issues du travail réel",
            "une courte vidéo de témoignages de salariés"]
    if style == "indicators":
        return [("p", r.pick(["Livrables et indicateurs de réussite :", "Nous suivrons les indicateurs suivants :"])),
                ("table", [["Résultat attendu", "Indicateur", "Valeur visée"],
                           [cap(outs[0]), "Structures ayant adopté des règles", str(c.n)],
                           [cap(outs[2]), "Séances animées", str(c.n * 3)],
                           ["Salariés impliqués", "Participants aux séances", str(max(20, c.people // 4))]])]
    if style == "short":
        return [("p", f"Résultats escomptés : {outs[0]} et {outs[1]}.")]
    if style == "prose":
        a, b, cc = _some(r, outs, 3)
        return [("p", f"Nous attendons du projet {a}, ainsi que {b}. Il produira aussi {cc}.")]
    return [("p", r.pick(["À l'issue du projet, nous aurons produit :", "Livrables :", "Le projet débouchera sur :"])),
            ("ul", [cap(x) for x in _some(r, outs, r.pick([3, 4, 5]))])]


def perennisation(c: Ctx, r, style: str) -> list:
    a = r.pick(["Au-delà de la période financée, la méthode sera intégrée à nos interventions courantes et proposée à d'autres structures du secteur.",
                "Une fois le financement achevé, les structures pilotes garderont la main sur leurs règles d'usage, revues chaque année en CSE."])
    b = r.pick(["Les supports seront publiés sous licence libre (CC BY-SA) afin que d'autres intervenants puissent se les approprier.",
                "Tous les outils produits seront mis à disposition gratuitement, en libre accès sur notre site et sur ceux de nos partenaires."])
    d = r.pick([f"L'essaimage passera par les réseaux des partenaires et par des journées d'échange ouvertes aux structures {c.region.de}.",
                "Une formation de relais permettra à d'autres intervenants de reprendre la démarche dans d'autres territoires."])
    if style == "split":
        return [("ul", [f"Pérennisation : {a}", f"Essaimage : {d}", f"Transfert : {b}"])]
    if style == "short":
        return [("p", b)]
    return [("p", a + " " + d), ("p", b)]


WRITERS = {"contexte": contexte, "objectifs": objectifs, "problematique": problematique, "cibles": cibles,
           "methodologie": methodologie, "phasage": phasage, "pilotage": pilotage, "resultats": resultats,
           "perennisation": perennisation}
STYLES = {"contexte": ["long", "short", "figures", "nous"], "objectifs": ["list", "short", "general", "prose", "codes"],
          "problematique": ["hyp", "questions", "short", "enjeu"], "cibles": ["prose", "bullets", "short", "table"],
          "methodologie": ["prose", "list", "short"], "phasage": ["list", "table", "steps", "prose"],
          "pilotage": ["prose", "list", "short", "table"], "resultats": ["list", "indicators", "short", "prose"],
          "perennisation": ["prose", "split", "short"]}


def write(key: str, c: Ctx, r, style: str | None = None) -> list:
    return WRITERS[key](c, r, style or r.pick(STYLES[key]))


# ---------------------------------------------------------------- headings

HEADINGS = {
    "contexte": ["Contexte", "Contexte et origine du projet", "Genèse du projet", "Éléments de contexte", "Situation de départ",
                 "Pourquoi ce projet ?", "Origine de la démarche", "Le contexte"],
    "objectifs": ["Objectifs", "Objectifs du projet", "Finalités", "Ce que nous voulons atteindre", "Buts poursuivis",
                  "Objectifs généraux et spécifiques", "Nos objectifs"],
    "problematique": ["Problématique", "Question posée", "Questionnement", "Le problème à traiter", "Enjeux et hypothèse",
                      "Problématique travaillée", "Notre question"],
    "cibles": ["Publics cibles", "Public(s) visé(s)", "Bénéficiaires", "À qui s'adresse le projet ?", "Cibles",
               "Structures et salariés concernés", "Publics concernés"],
    "methodologie": ["Méthodologie", "Démarche", "Méthode d'intervention", "Comment allons-nous procéder ?", "Approche méthodologique",
                     "Dispositif d'intervention", "Modalités de mise en œuvre"],
    "phasage": ["Calendrier", "Phasage", "Étapes et calendrier", "Chronogramme", "Planning prévisionnel", "Déroulement dans le temps",
                "Phasage détaillé"],
    "pilotage": ["Gouvernance", "Pilotage", "Pilotage et comitologie", "Organisation du pilotage", "Comitologie", "Conduite du projet",
                 "Qui décide ?"],
    "resultats": ["Résultats attendus", "Livrables", "Productions attendues", "Effets attendus et indicateurs", "Ce que le projet produira",
                  "Résultats escomptés", "Impacts attendus"],
    "perennisation": ["Pérennisation et essaimage", "Et après ?", "Suites du projet", "Transférabilité", "Essaimage",
                      "Diffusion et changement d'échelle", "Au-delà du projet"],
}
ENGLISH = {"contexte": "Background", "objectifs": "Objectives", "problematique": "Research question", "cibles": "Target groups",
           "methodologie": "Methodology", "phasage": "Work plan and timeline", "pilotage": "Governance",
           "resultats": "Expected outcomes", "perennisation": "Sustainability and dissemination"}
# the call's own words, pasted as questions by applicants who answer point by point
CALL_QUESTIONS = {
    "contexte": "Quel est le contexte du projet ?", "objectifs": "Quels sont ses objectifs ?",
    "problematique": "Quelle problématique « conditions de travail » est retenue ?", "cibles": "Quelles sont les cibles ?",
    "methodologie": "Quel déroulé méthodologique est envisagé ?", "phasage": "Quel phasage détaillé ?",
    "pilotage": "Quels pilotage et comitologie ?", "resultats": "Quels résultats sont escomptés ?",
    "perennisation": "Quelle perspective de pérennisation et d'essaimage ?"}


def heading(key: str, r, mode: str = "plain") -> str:
    if mode == "question":
        return CALL_QUESTIONS[key]
    fr = r.pick(HEADINGS[key])
    if mode == "bilingual":
        return f"{fr} / {ENGLISH[key]}"
    if mode == "english":
        return ENGLISH[key]
    return fr


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]


def number(i: int, style: str) -> str:
    """The i-th (0-based) heading prefix in a numbering style."""
    letter = "ABCDEFGHIJKLMNOP"[i]
    return {"arabic": f"{i + 1}. ", "paren": f"{i + 1}) ", "roman": f"{ROMAN[i]}. ", "roman_dash": f"{ROMAN[i]} – ",
            "alpha": f"{letter}. ", "alpha_slash": f"{letter}/ ", "lower_paren": f"{letter.lower()}) ",
            "partie": f"Partie {i + 1} : ", "para": f"§ {i + 1} ", "dotted": f"2.{i + 1} ", "article": f"Article {i + 1} – ",
            "none": "", "volet": f"Volet {i + 1} – "}[style]


def style_heading(text: str, caps: str) -> str:
    if caps == "upper":
        return text.upper()
    if caps == "upper_noacc":
        import unicodedata
        s = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in s if not unicodedata.combining(ch)).upper()
    return text
