"""Section texts of the fourth blind set (tests/extract/blind4/generate.py). Each builder speaks of its element only."""
MOIS = ["janvier","février","mars","avril","mai","juin","juillet","août","septembre","octobre","novembre","décembre"]

HEAD = {
 "contexte": ["Contexte", "1. Contexte et genèse du projet", "Éléments de contexte", "Le contexte"],
 "objectifs": ["Objectifs", "2. Objectifs du projet", "Ce que le projet vise", "Objectifs poursuivis"],
 "problematique": ["Problématique", "3. Problématique retenue", "La question de travail posée", "Problématique de conditions de travail"],
 "cibles": ["Publics cibles", "4. Cibles", "À qui s'adresse le projet", "Bénéficiaires et cibles"],
 "methodologie": ["Méthodologie", "5. Déroulé méthodologique", "Démarche d'intervention", "Méthode"],
 "phasage": ["Phasage", "6. Phasage détaillé", "Étapes et calendrier", "Calendrier de réalisation"],
 "pilotage": ["Pilotage et comitologie", "7. Gouvernance et pilotage", "Pilotage du projet", "Comitologie"],
 "resultats": ["Résultats attendus", "8. Résultats escomptés", "Livrables et résultats", "Résultats visés"],
 "perennisation": ["Pérennisation et essaimage", "9. Perspectives de pérennisation et d'essaimage", "Après le projet : essaimage", "Pérennité de la démarche"],
}

def contexte(d):
    t = d
    return [
     f"{t['org']} accompagne depuis {t['since']} des entreprises du secteur {t['secteur']} dans leurs projets d'organisation. "
     f"Notre structure compte {t['effectif']} salariés et a réalisé en 2021 un chiffre d'affaires de {t['ca']}. "
     f"Nous intervenons principalement sur le territoire {t['territoire']}, auprès de clients comme {t['clients']}.",
     f"Le secteur connaît depuis plusieurs années un déploiement rapide de {t['techno']}. Le marché correspondant est estimé à {t['marche']} "
     f"selon {t['etude']}. Le rapport {t['rapport']} souligne que ces outils sont le plus souvent choisis sans que les salariés "
     f"ni leurs représentants soient associés, et la loi du 2 août 2021 pour renforcer la prévention en santé au travail "
     f"a rappelé l'obligation d'intégrer ces transformations dans l'évaluation des risques.",
     f"Entre {t['prev_years']}, nous avons conduit un premier projet, « {t['prev_name']} », financé par {t['prev_funder']} "
     f"à hauteur de {t['prev_cost']}. Il a permis d'outiller {t['prev_n']} entreprises mais n'avait pas abordé la question du dialogue social. "
     f"D'autres acteurs, tels que {t['concurrent']}, proposent des diagnostics numériques, sans approche par le travail réel.",
    ]

def objectifs(d):
    t = d
    if d['v'] % 2 == 0:
        return [f"Le projet poursuit trois objectifs :",
                ("bullets", [f"outiller les directions et les représentants du personnel de {t['n_ent']} {t['type_ent']} pour discuter ensemble du choix et du paramétrage de {t['techno_court']} ;",
                 "construire une méthode reproductible de « dialogue social technologique » fondée sur l'analyse du travail réel ;",
                 "former des relais internes capables de faire vivre cette méthode à chaque nouvelle évolution des outils."])]
    return [f"Notre ambition est de permettre aux {t['type_ent']} engagées dans le déploiement de {t['techno_court']} de faire de ce projet un objet de dialogue "
            f"entre direction, encadrement et salariés. Il s'agit concrètement de concevoir, tester puis stabiliser une démarche outillée qui "
            f"intègre les conditions de travail dès le choix des solutions, et de rendre {t['n_ent']} structures autonomes dans sa mise en œuvre."]

def problematique(d):
    t = d
    return [f"Comment faire en sorte que l'introduction de {t['techno_court']} dans les {t['type_ent']} ne se traduise pas par une intensification du travail, "
            f"une perte d'autonomie et un isolement des {t['public']}, mais devienne l'occasion d'une discussion sur la qualité du travail ? "
            f"Les outils sont généralement paramétrés par le fournisseur et la direction ; les {t['public']} découvrent les nouvelles règles "
            f"au moment de la mise en service, et les instances représentatives ne disposent pas des repères pour en débattre."]

def cibles(d):
    t = d
    return [f"Le projet s'adresse en premier lieu aux {t['public']} des {t['n_ent']} {t['type_ent']} volontaires du territoire {t['territoire']}, "
            f"à leur encadrement de proximité et à leurs représentants (CSE ou délégués). Il vise également les dirigeants, "
            f"souvent seuls à porter le projet numérique, ainsi que les fournisseurs de solutions qui équipent ces structures."]

def methodologie(d):
    t = d
    return [f"La démarche s'appuie sur l'analyse ergonomique de l'activité et sur la conception participative. Dans chaque structure, "
            f"un groupe de travail paritaire réunit des {t['public']}, un manager, un représentant du personnel et, lorsque c'est possible, "
            f"le fournisseur de la solution. Des observations en situation et des entretiens alimentent des « mises en discussion » "
            f"des scénarios d'usage de {t['techno_court']}.",
            "Les enseignements sont ensuite croisés lors de séances inter-entreprises, afin de dégager des repères communs et d'éprouver "
            "de nouvelles manières de faire lors d'expérimentations courtes, suivies et évaluées."]

def _m(y, m):
    return f"{MOIS[m-1]} {y}"

def _add(y, m, k):
    m2 = m - 1 + k
    return y + m2 // 12, m2 % 12 + 1

def phases(d):
    (ys, ms), (ye, me) = d['start'], d['end']
    n = (ye - ys) * 12 + (me - ms) + 1
    cuts = [0, max(1, n // 5), max(2, n // 2), max(3, (4 * n) // 5), n]
    names = ["Cadrage et constitution des groupes de travail", "Diagnostic du travail réel et des usages",
             "Expérimentations dans les structures", "Capitalisation, évaluation et diffusion"]
    out = []
    for i in range(4):
        a = _add(ys, ms, cuts[i]); b = _add(ys, ms, cuts[i + 1] - 1)
        out.append((names[i], a, b))
    return out

def phasage(d):
    ph = phases(d)
    v = d['v'] % 3
    if v == 0:
        return [f"Phase {i+1} — {nm} ({_m(*a)} à {_m(*b)}) : " + ["réunion de lancement, choix des structures, accord de méthode.",
                 "observations et entretiens dans chaque structure.", "tests des scénarios retenus et suivi des effets.",
                 "séminaire de restitution et rédaction des livrables."][i] for i, (nm, a, b) in enumerate(ph)]
    if v == 1:
        return [("bullets", [f"{_m(*a).capitalize()} – {_m(*b)} : {nm.lower()}" for nm, a, b in ph])]
    return [("table", [["Étape", "Période", "Contenu"]] + [[f"Étape {i+1}", f"{_m(*a)} – {_m(*b)}", nm] for i, (nm, a, b) in enumerate(ph)])]

def pilotage(d):
    t = d
    return [f"Un comité de pilotage se réunit trois fois sur la durée du projet (lancement, mi-parcours, clôture). Il associe {t['org']}, "
            f"les partenaires du projet, un représentant de chaque structure et du réseau Anact-Aract. Une équipe projet restreinte "
            f"se réunit chaque mois pour suivre l'avancement, et un comité technique réunit les groupes de travail avant chaque expérimentation."]

def resultats(d):
    t = d
    return [("bullets", [f"un guide méthodologique « {t['acro']} » pour conduire le dialogue autour de {t['techno_court']} ;",
             f"{t['n_ent']} expérimentations documentées, avec leurs effets sur les conditions de travail ;",
             "une boîte à outils (grilles d'observation, trames d'entretien, supports d'animation) ;",
             "une quinzaine de relais formés dans les structures participantes."])]

def perennisation(d):
    t = d
    return [f"La méthode sera intégrée à l'offre de {t['org']} et mise à disposition en licence libre. Les relais formés assureront sa "
            f"reprise dans leurs structures ; des journées d'échange avec d'autres territoires et les branches professionnelles "
            f"permettront l'essaimage de la démarche au-delà des structures pilotes."]

BUILD = dict(contexte=contexte, objectifs=objectifs, problematique=problematique, cibles=cibles, methodologie=methodologie,
             phasage=phasage, pilotage=pilotage, resultats=resultats, perennisation=perennisation)
ORDER = ["contexte","objectifs","problematique","cibles","methodologie","phasage","pilotage","resultats","perennisation"]
