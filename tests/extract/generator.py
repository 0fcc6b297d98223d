"""Generated proposals: each element in one of many wordings, layouts and formats, with the
expected findings known by construction. Used by test_extract_generated.py."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

HEADINGS = {
    "description.contexte": ["Contexte", "Contexte et enjeux", "Le contexte", "Contexte du projet", "Constat",
                             "Enjeux", "Éléments de contexte", "Genèse du projet", "Diagnostic initial",
                             "Origine du projet", "CONTEXTE GENERAL"],
    "description.objectifs": ["Objectifs", "Objectifs du projet", "Objectifs poursuivis", "Finalités",
                              "Buts du projet", "Objectif général et objectifs opérationnels", "Nos objectifs"],
    "description.problematique": ["Problématique", "La problématique", "Problématique traitée", "Question centrale",
                                  "Questionnement", "Hypothèses de travail", "Problematique"],
    "description.cibles": ["Cibles", "Publics cibles", "Public visé", "Bénéficiaires", "Publics concernés",
                           "Destinataires", "Population cible", "Bénéficiaires du projet"],
    "description.methodologie": ["Méthodologie", "Démarche", "Méthode", "Déroulé méthodologique envisagé",
                                 "Démarche méthodologique", "Modalités de mise en œuvre", "Approche proposée",
                                 "Plan d'action", "Methodologie"],
    "description.phasage": ["Phasage", "Phasage détaillé", "Calendrier", "Calendrier prévisionnel", "Étapes",
                            "Chronogramme", "Planning", "Échéancier", "Rétroplanning", "Les grandes étapes"],
    "description.pilotage": ["Pilotage", "Pilotage et comitologie", "Gouvernance", "Instances de suivi",
                             "Comité de pilotage", "Comitologie", "Organisation du pilotage", "Modalités de suivi"],
    "description.resultats": ["Résultats attendus", "Résultats escomptés", "Livrables", "Impacts attendus",
                              "Effets attendus", "Productions attendues", "Résultats et livrables"],
    "description.perennisation": ["Pérennisation", "Essaimage", "Perspectives de pérennisation et d'essaimage",
                                  "Suites du projet", "Diffusion", "Transférabilité", "Pérennité et diffusion",
                                  "Après le projet", "Valorisation et essaimage", "Perennisation et essaimage"],
}
MERGED = [
    ("Objectifs et problématique", ["description.objectifs", "description.problematique"]),
    ("Contexte et problématique", ["description.contexte", "description.problematique"]),
    ("Méthodologie et calendrier", ["description.methodologie", "description.phasage"]),
    ("Résultats attendus et essaimage", ["description.resultats", "description.perennisation"]),
    ("Démarche et phasage", ["description.methodologie", "description.phasage"]),
]
TEXTS = {
    "description.contexte": "Les équipes ont vu arriver en deux ans des logiciels qui répartissent le travail.",
    "description.objectifs": "Outiller le dialogue professionnel sur ces logiciels et en tirer des règles d'usage.",
    "description.problematique": "Comment les salariés peuvent-ils peser sur le paramétrage des outils ?",
    "description.cibles": "Les agents de terrain, leur encadrement de proximité et leurs représentants.",
    "description.methodologie": "Observation des situations de travail puis ateliers de discussion outillés.",
    "description.pilotage": "Un comité réunissant direction, élus et partenaires se tient chaque trimestre.",
    "description.resultats": "Un guide pratique, une charte d'usage et un bilan des effets sur le travail.",
    "description.perennisation": "La démarche sera proposée aux autres structures du réseau et publiée librement.",
}
EMPTY_MARKERS = ["À compléter", "néant", "TBD", "[à compléter]", "…"]
PHASES = [("Diagnostic", "octobre 2022", "décembre 2022"), ("Ateliers", "janvier 2023", "avril 2023"),
          ("Expérimentation", "mai 2023", "août 2023")]
LAST_PHASES = {"2023": ("Bilan et capitalisation", "septembre 2023", "novembre 2023"),
               "2024": ("Bilan et capitalisation", "septembre 2023", "février 2024")}

EXPENSES = {
    "personnel": ["Dépenses de personnel", "Salaires", "Chef de projet (40 jours)", "Temps chargée de mission",
                  "Ingénieure d'études", "Frais de personnel", "Coût salarial chargé", "Salaires et charges"],
    "deplacements_logistique": ["Frais de déplacement", "Déplacements et hébergement", "Logistique des ateliers",
                                "Location de salles", "Restauration des participants", "Frais de mission",
                                "Transport des participants"],
    "prestations": ["Prestations externes", "Sous-traitance", "Achats de prestations", "Conseil", "Graphisme",
                    "Design de service", "Communication", "Prestation vidéo", "Honoraires d'expert"],
    "autres": ["Matériel informatique", "Frais de structure", "Licences logicielles", "Frais généraux",
               "Achat de tablettes"],
}
ANACT = ["Anact", "Financement Anact demandé", "Subvention Fabrique CTO", "Anact – Fabrique CTO",
         "Montant sollicité auprès de l'Anact", "Aide demandée à l'Anact (Fabrique CTO)"]
COFINANCING = [("Autofinancement", "autofinancement"), ("Fonds propres", "autofinancement"),
               ("Région Occitanie", "subvention"), ("Conseil départemental du Gard", "subvention"),
               ("Fondation Macif", "mecenat"), ("Mécénat d'entreprise", "mecenat"),
               ("Valorisation du temps bénévole", "valorisation")]
PARTNERS = ["Aract Occitanie", "CFDT Métallurgie Occitanie", "Union départementale CGT du Gard", "Lumio SAS",
            "Fédération des centres sociaux du Gard", "Université Paul-Valéry", "Clinique des Cèdres",
            "Chambre de commerce et d'industrie de Nîmes", "Collectif Travail & Numérique", "OPCO Atlas"]
CONTRIBUTIONS = ["appui méthodologique", "mise à disposition d'un terrain d'expérimentation",
                 "participation au comité de pilotage", "relais auprès des adhérents", "co-animation des ateliers",
                 "expertise juridique"]


def money(value: float, style: int) -> str:
    whole = f"{value:,.0f}"
    if style == 0:
        return whole.replace(",", " ") + " €"
    if style == 1:
        return whole.replace(",", "\u00a0") + ",00 €"
    if style == 2:
        return whole.replace(",", ".") + " €"
    if style == 3:
        return whole.replace(",", " ") + " euros"
    if style == 4:
        return (f"{value / 1000:.1f}".replace(".", ",").replace(",0", "")) + " k€"
    return whole.replace(",", "\u202f") + " € HT"


@dataclass
class Case:
    seed: int
    outline: list
    fmt: str
    heading_style: str
    expected_missing: list[str]
    total: float
    anact: float
    cofinancing: float | None
    by_category: dict
    partners: list[str]
    contributions: bool
    end: str
    notes: list[str] = field(default_factory=list)
    extra_documents: list = field(default_factory=list)  # (kind, payload) read after the main one
    text_headings: str = "plain"  # plain | markdown | bold | inline (text and HTML bodies)


def generate(seed: int) -> Case:
    rng = random.Random(seed)
    outline: list = [("title", f"Projet N{seed} – Dialoguer sur les outils numériques au travail"),
                     ("p", f"Porteur : Association Travail Demain {seed}")]
    missing: list[str] = []
    keys = list(HEADINGS)
    absent = set(rng.sample(keys, rng.choice([0, 0, 1, 2])))
    empty = set(rng.sample([k for k in keys if k not in absent], rng.choice([0, 0, 1])))
    merged = rng.random() < 0.35
    merged_keys: list[str] = []
    if merged:
        wording, merged_keys = rng.choice(MERGED)
        if any(k in absent or k in empty for k in merged_keys):
            merged, merged_keys = False, []
    end_year = rng.choice(["2023", "2023", "2024"])
    numbering = rng.choice(["", "", "1.", "I.", "A)"])
    done = set()
    n = 0
    for key in keys:
        if key in done:
            continue
        if key in absent:
            missing.append(key)
            continue
        n += 1
        prefix = ""
        if numbering == "1.":
            prefix = f"{n}. "
        elif numbering == "I.":
            prefix = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][n - 1] + ". "
        elif numbering == "A)":
            prefix = "ABCDEFGHI"[n - 1] + ") "
        if merged and key == merged_keys[0]:
            outline.append(("h", 1, prefix + wording))
            done.update(merged_keys)
            body_keys = merged_keys
        elif key in merged_keys:
            continue
        else:
            outline.append(("h", 1, prefix + rng.choice(HEADINGS[key])))
            body_keys = [key]
        if key in empty:
            outline.append(("p", rng.choice(EMPTY_MARKERS)))
            missing.extend(body_keys)
            continue
        for k in body_keys:
            if k == "description.phasage":
                rows = [["Étape", "Période"]] + [[a, f"{b} – {c}"] for a, b, c in PHASES + [LAST_PHASES[end_year]]]
                outline.append(("table", rows))
            else:
                outline.append(("p", TEXTS[k]))
    if "description.phasage" in missing:
        end_year = None

    # Partners
    names = rng.sample(PARTNERS, rng.choice([2, 3, 4]))
    with_contributions = rng.random() < 0.7
    partner_style = rng.choice(["table", "colon", "dash", "paren", "prose", "none"])
    if partner_style != "none":
        outline.append(("h", 1, rng.choice(["Partenaires", "Partenaires mobilisés", "Partenariats",
                                            "Partenaires mobilisés et contribution attendue"])))
    if partner_style == "none":
        names, with_contributions = [], False
        missing.append("partenaires.liste")
    elif partner_style == "prose":
        verbs = ["apportera un appui méthodologique", "mettra à disposition un terrain d'expérimentation",
                 "participera au comité de pilotage", "assurera le relais auprès de ses adhérents"]
        if with_contributions:
            parts = [f"{'l’' if n.startswith(('A', 'U', 'O', 'É')) else 'la ' if n.startswith(('F', 'C', 'U')) else ''}{n}, qui {rng.choice(verbs)}"
                     for n in names]
        else:
            parts = [n for n in names]
        outline.append(("p", "Le projet associe " + ", ".join(parts[:-1]) + " et " + parts[-1] + "."))
    elif partner_style == "table":
        header = ["Partenaire", "Contribution attendue"] if with_contributions else ["Partenaire", "Type"]
        rows = [header] + [[name, rng.choice(CONTRIBUTIONS) if with_contributions else ""] for name in names]
        if not with_contributions:
            rows = [["Partenaires mobilisés"]] + [[name] for name in names]
        outline.append(("table", rows))
    else:
        for name in names:
            contribution = rng.choice(CONTRIBUTIONS)
            if not with_contributions:
                outline.append(("li", name))
            elif partner_style == "colon":
                outline.append(("li", f"{name} : {contribution}"))
            elif partner_style == "dash":
                outline.append(("li", f"{name} – {contribution}"))
            else:
                outline.append(("li", f"{name} ({contribution})"))
    if not with_contributions:
        missing.append("partenaires.contributions")

    # Budget
    style = rng.randrange(6)
    categories = ["personnel", "deplacements_logistique", "prestations"]
    dropped = rng.choice([None, None, None, "deplacements_logistique", "prestations"])
    if dropped:
        categories.remove(dropped)
        missing.append(f"budget.{dropped}")
    if rng.random() < 0.2:
        categories.append("autres")
    by_category: dict = {"personnel": None, "deplacements_logistique": None, "prestations": None, "autres": None}
    lines = []
    for category in categories:
        for label in rng.sample(EXPENSES[category], rng.choice([1, 2])):
            amount = rng.randrange(10, 300) * 100.0
            lines.append((label, amount))
            by_category[category] = (by_category[category] or 0) + amount
    total = sum(a for _, a in lines)
    anact_share = rng.choice([0.7, 0.75, 0.8, 0.85, 1.0])
    anact = round(total * anact_share / 100) * 100.0
    cofinancing_rows = []
    if anact < total and rng.random() < 0.85:
        rest = total - anact
        sources = rng.sample(COFINANCING, rng.choice([1, 2]))
        if len(sources) == 2:
            first = round(rest / 2 / 100) * 100.0
            cofinancing_rows = [(sources[0][0], first), (sources[1][0], rest - first)]
        else:
            cofinancing_rows = [(sources[0][0], rest)]
    cofinancing = sum(a for _, a in cofinancing_rows) if cofinancing_rows else None
    if not cofinancing_rows:
        missing.append("budget.cofinancements")
    budget_style = rng.choice(["two_tables", "one_table", "lines", "side_by_side", "quantities", "reply_xlsx"])
    budget_heading = ("h", 1, rng.choice(["Budget", "Budget prévisionnel", "Budget détaillé", "Plan de financement"]))
    outline.append(budget_heading)
    anact_label = rng.choice(ANACT)
    extra_documents = []
    if budget_style == "reply_xlsx":
        # A first, wrong budget in the proposal; the corrected one arrives later as a spreadsheet.
        outline.append(("table", [["Poste", "Montant"], ["Dépenses de personnel", money(12345, style)],
                                  ["Total", money(12345, style)]]))
        rows = [["Poste", "Montant (€)"]] + [[l, a] for l, a in lines] + [["Total des dépenses", total], [None, None],
                                                                           ["Financement", None], [anact_label, anact]]
        rows += [[l, a] for l, a in cofinancing_rows]
        extra_documents.append(("xlsx", {"Budget": rows}))
    elif budget_style == "side_by_side":
        left = [[l, money(a, style)] for l, a in lines]
        right = [[anact_label, money(anact, style)]] + [[l, money(a, style)] for l, a in cofinancing_rows]
        height = max(len(left), len(right))
        left += [["", ""]] * (height - len(left))
        right += [["", ""]] * (height - len(right))
        outline.append(("table", [["Charges", "Montant", "Produits", "Montant"]] + [a + b for a, b in zip(left, right)]
                        + [["Total des charges", money(total, style), "Total des produits", money(total, style)]]))
    elif budget_style == "quantities":
        rows = [["Poste", "Nombre de jours", "Coût unitaire", "Montant"]]
        for l, a in lines:
            rows.append([l, "10", money(a / 10, style) if a % 1000 == 0 else "", money(a, style)])
        rows.append(["Total", "", "", money(total, style)])
        outline.append(("table", rows))
        outline.append(("table", [["Financeur", "Nature", "Montant"], [anact_label, "subvention", money(anact, style)]]
                        + [[l, "", money(a, style)] for l, a in cofinancing_rows]))
    elif budget_style == "two_tables":
        outline.append(("table", [["Poste de dépense", "Montant"]] + [[l, money(a, style)] for l, a in lines]
                        + [["Total des dépenses", money(total, style)]]))
        outline.append(("table", [["Ressources", "Montant"], [anact_label, money(anact, style)]]
                        + [[l, money(a, style)] for l, a in cofinancing_rows]))
    elif budget_style == "one_table":
        rows = [["Dépenses", "Montant"]] + [[l, money(a, style)] for l, a in lines] + [["Total", money(total, style)]]
        rows += [["Ressources", ""], [anact_label, money(anact, style)]] + [[l, money(a, style)] for l, a in cofinancing_rows]
        outline.append(("table", rows))
    else:
        for l, a in lines:
            outline.append(("p", f"{l} : {money(a, style)}"))
        outline.append(("p", f"Total : {money(total, style)}"))
        outline.append(("h", 2, "Financements"))
        outline.append(("p", f"{anact_label} : {money(anact, style)}"))
        for l, a in cofinancing_rows:
            outline.append(("p", f"{l} : {money(a, style)}"))
    fmt = rng.choice(["docx", "docx", "pdf", "pdf-unruled", "text", "html"])
    heading_style = rng.choice(["style", "bold", "caps", "plain", "titre"]) if fmt == "docx" else "style"
    text_headings = rng.choice(["plain", "markdown", "bold", "inline"]) if fmt == "text" else "plain"
    if fmt == "pdf-unruled" and budget_style in ("side_by_side", "quantities"):
        fmt = "pdf"  # a multi-column table without rulings cannot be told from prose
    order = [k for k in list(HEADINGS) + ["budget.personnel", "budget.deplacements_logistique", "budget.prestations",
                                          "budget.cofinancements", "partenaires.liste", "partenaires.contributions"]]
    return Case(seed=seed, outline=outline, fmt=fmt, heading_style=heading_style, extra_documents=extra_documents,
                text_headings=text_headings,
                expected_missing=[k for k in order if k in missing], total=total, anact=anact,
                cofinancing=cofinancing, by_category=by_category, partners=names, contributions=with_contributions,
                end={"2023": "2023-11-30", "2024": "2024-02-29", None: None}[end_year])
