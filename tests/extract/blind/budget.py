"""A proposal's budget: its lines and resources, the figures the truth states, and the many ways
applicants lay it out (tables by year, by phase, by partner, side-by-side charges/produits, k€,
days x daily rate, prose, bullets)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .world import Money, kilo

CATS = ["personnel", "deplacements_logistique", "prestations"]


@dataclass
class Line:
    label: str
    category: str            # personnel | deplacements_logistique | prestations | autres
    amount: float
    qty: float | None = None
    rate: float | None = None
    unit: str = "jours"
    eligible: bool | None = True   # False: clearly outside the call; None: debatable (overhead)
    split: tuple = ()              # per-year or per-phase shares, filled by the layouts that need them
    owner: str = ""                # for budgets by partner


@dataclass
class Resource:
    label: str
    amount: float
    nature: str   # anact | subvention | autofinancement | valorisation | mecenat | entreprises
    status: str = ""


@dataclass
class Budget:
    lines: list[Line]
    resources: list[Resource]
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(l_.amount for l_ in self.lines), 2)

    @property
    def anact(self) -> float | None:
        a = [r.amount for r in self.resources if r.nature == "anact"]
        return round(sum(a), 2) if a else None

    @property
    def cofin(self) -> float | None:
        c = [r.amount for r in self.resources if r.nature != "anact"]
        return round(sum(c), 2) if c else None

    def by_category(self) -> dict:
        out = {}
        for cat in CATS + ["autres"]:
            v = [l_.amount for l_ in self.lines if l_.category == cat]
            out[cat] = round(sum(v), 2) if v else None
        return out

    def has(self, cat: str) -> bool:
        return any(l_.category == cat for l_ in self.lines)

    def of(self, cat: str) -> list[Line]:
        return [l_ for l_ in self.lines if l_.category == cat]


PERSONNEL = {  # the applicant's own staff time: labels a clerk reads as personnel even without a category
    "cabinet": [("Temps consultant·e senior – conduite du projet", 950), ("Temps consultante ergonome", 820),
                ("Temps chargé·e d'études", 620), ("Temps de direction de projet", 1100)],
    "labo": [("Ingénieure d'études (CDD)", 380), ("Temps des enseignants-chercheurs", 450),
             ("Gratification de stage de master 2", 35)],
    "asso": [("Salaire chargée de mission", 260), ("Temps de la coordinatrice de l'association", 300),
             ("Salaire animateur réseau", 240)],
    "editeur": [("Temps cheffe de projet accompagnement du changement (salariée)", 540),
                ("Temps UX designer (salarié)", 500), ("Temps product owner (salarié)", 580)],
    "syndicat": [("Temps de la formatrice de l'union (salariée)", 300), ("Temps de détachement des militants", 220),
                 ("Secrétariat et coordination (salariée)", 210)],
    "collectivite": [("Chargé de projet (catégorie A)", 290), ("Assistante administrative", 190)],
    "thinktank": [("Temps responsable des études", 520), ("Temps chargé d'études", 380)],
    "scop": [("Temps consultant-associé", 700), ("Temps consultante-salariée", 640)],
}
TRAVEL = ["Déplacements de l'équipe (train, indemnités kilométriques)", "Location de salles pour les ateliers",
          "Restauration lors des ateliers", "Hébergement lors des immersions",
          "Défraiement des participants aux ateliers",
          "Location d'un minibus pour les visites d'entreprises", "Frais de réception du séminaire de clôture"]
SERVICES = ["Facilitation graphique (prestataire)", "Réalisation de capsules vidéo par un vidéaste",
            "Conception graphique du guide (agence)", "Interprétariat en langue des signes (prestataire)",
            "Évaluation externe", "Expertise juridique externe (droit social)",
            "Traduction en facile à lire et à comprendre (prestataire)",
            "Développement d'un site ressource (sous-traité)"]
INELIGIBLE = [("Achat de six tablettes durcies pour les équipes pilotes", False),
              ("Acquisition d'un ordinateur portable et d'un vidéoprojecteur", False),
              ("Amortissement du matériel informatique", False)]
OVERHEAD = ["Frais de structure (8 % des dépenses directes)", "Frais généraux",
            "Frais de gestion administrative (forfait)"]

COFINANCERS = [("Autofinancement", "autofinancement", "acquis"), ("Fonds propres", "autofinancement", "acquis"),
               ("Région – dispositif innovation sociale", "subvention", "sollicité"),
               ("Conseil départemental", "subvention", "envisagé"), ("Carsat (aide à la prévention)", "subvention",
                                                                     "sollicité"),
               ("OPCO (prise en charge des formations)", "subvention", "envisagé"),
               ("Fondation d'entreprise (mécénat)", "mecenat", "sollicité"),
               ("Participation des entreprises pilotes", "entreprises", "acquis"),
               ("Valorisation du temps des partenaires", "valorisation", "acquis"),
               ("Fonds européens (FSE+)", "subvention", "envisagé")]


def _round(x: float, step: int) -> float:
    return float(max(step, int(round(x / step)) * step))


def make_budget(rng: random.Random, kind: str, total: float, cofin_share: float, *, anact: float | None = None,
                drop: set = frozenset(), ineligible: bool = False, overhead: bool = False,
                silent_remainder: bool = False, n_cofin: int | None = None, step: int = 50) -> Budget:
    """Lines near `total`, then resources: co-financing about `cofin_share` of the total (or `anact` fixed)."""
    shares = {"personnel": rng.uniform(0.45, 0.62), "deplacements_logistique": rng.uniform(0.06, 0.13)}
    shares["prestations"] = 1 - shares["personnel"] - shares["deplacements_logistique"]
    lines: list[Line] = []
    extra = 0.0
    if ineligible:
        label, elig = rng.choice(INELIGIBLE)
        extra = _round(total * rng.uniform(0.04, 0.08), 100)
        lines.append(Line(label, "autres", extra, eligible=elig))
    base = total - extra
    if overhead:
        oh = _round(base * 0.07, 10)
        base -= oh
    roles = PERSONNEL.get(kind, PERSONNEL["cabinet"])[:]
    rng.shuffle(roles)
    if "personnel" not in drop:
        amount = base * shares["personnel"]
        n = rng.randint(2, min(3, len(roles)))
        parts = _split(rng, amount, n)
        for (label, rate), part in zip(roles[:n], parts):
            days = max(1, round(part / rate))
            unit = "jours" if rate >= 150 else "heures"
            lines.append(Line(label, "personnel", float(days * rate), qty=days, rate=float(rate), unit=unit))
    if "deplacements_logistique" not in drop:
        amount = base * shares["deplacements_logistique"]
        labels = rng.sample(TRAVEL, rng.randint(1, 3))
        for label, part in zip(labels, _split(rng, amount, len(labels))):
            lines.append(Line(label, "deplacements_logistique", _round(part, step)))
    if "prestations" not in drop:
        amount = base * shares["prestations"]
        labels = rng.sample(SERVICES, rng.randint(1, 3))
        for label, part in zip(labels, _split(rng, amount, len(labels))):
            lines.append(Line(label, "prestations", _round(part, step * 2)))
    if overhead:
        direct = sum(l_.amount for l_ in lines if l_.category != "autres")
        lines.append(Line(rng.choice(OVERHEAD), "autres", _round(direct * 0.08, 10), eligible=None))
    b = Budget(lines, [])
    tot = b.total
    if anact is None:
        cof = _round(tot * cofin_share, 100) if cofin_share > 0 else 0.0
        anact = tot - cof
    cof = round(tot - anact, 2)
    b.resources.append(Resource(rng.choice(["Anact – Fabrique CTO", "Subvention Anact sollicitée",
                                            "Financement demandé à l'Anact", "Anact (AMI Fabrique CTO)",
                                            "Participation Anact"]), anact, "anact", "sollicité"))
    if cof > 0 and "cofinancements" not in drop and not silent_remainder:
        k = n_cofin or rng.randint(1, 3)
        srcs = rng.sample(COFINANCERS, k)
        for (label, nature, status), part in zip(srcs, _split(rng, cof, k, step=100, exact=True)):
            b.resources.append(Resource(label, part, nature, status))
    return b


def roundify(b: Budget, step: int = 100) -> Budget:
    """Amounts a k€ table can state exactly: every line rounded to `step` (details dropped), the
    co-financing sources rounded too, the Anact request the remainder."""
    whole = [r for r in b.resources if r.nature == "anact" and r.amount >= b.total]
    for l_ in b.lines:
        l_.amount = _round(l_.amount, step)
        l_.qty = l_.rate = None
    others = [r for r in b.resources if r.nature != "anact"]
    for r in others:
        r.amount = _round(r.amount, step)
    anact = [r for r in b.resources if r.nature == "anact"][0]
    if others or whole:
        anact.amount = round(b.total - sum(r.amount for r in others), 2)
    else:  # a remainder left unexplained stays so
        anact.amount = _round(anact.amount, step)
    return b


def _split(rng: random.Random, amount: float, n: int, step: int = 50, exact: bool = False) -> list[float]:
    """n parts of `amount` rounded to `step`; with `exact`, the last part takes the exact remainder."""
    if n <= 1:
        return [round(amount, 2) if exact else _round(amount, step)]
    w = [rng.uniform(0.6, 1.4) for _ in range(n)]
    s = sum(w)
    parts = [_round(amount * x / s, step) for x in w[:-1]]
    last = amount - sum(parts)
    if last <= step:
        parts = [_round(amount / n, step)] * (n - 1)
        last = amount - sum(parts)
    return parts + [round(last, 2) if exact else _round(last, step)]


def years(rng: random.Random, b: Budget, first: float | None = None) -> None:
    """Give each line a (2022, 2023) split that adds up exactly."""
    for l_ in b.lines:
        share = first if first is not None else rng.choice([0.2, 0.25, 0.3, 0.35, 0.4])
        a = _round(l_.amount * share, 10)
        l_.split = (a, round(l_.amount - a, 2))


# ----------------------------------------------------------------------------- labels
CAT_LABELS = {
    "personnel": ["Dépenses de personnel", "Frais de personnel", "Temps passé", "Ressources humaines",
                  "Personnel", "Charges de personnel"],
    "deplacements_logistique": ["Frais de déplacement et logistique", "Déplacements, missions et logistique",
                                "Frais de mission et d'organisation", "Logistique", "Déplacements et réceptions"],
    "prestations": ["Achats de prestations", "Prestations externes", "Sous-traitance", "Prestations de services",
                    "Prestataires"],
    "autres": ["Autres dépenses", "Divers", "Équipement et frais divers"],
}
CAT_EN = {"personnel": "Staff costs", "deplacements_logistique": "Travel and logistics",
          "prestations": "External services", "autres": "Other costs"}
TOTAL_LABELS = ["Total", "TOTAL DES DÉPENSES", "Coût total du projet", "Total général", "Budget global",
                "Total dépenses"]
RES_TOTAL = ["Total des ressources", "TOTAL FINANCEMENTS", "Total recettes", "Total"]


def detail(l_: Line, money: Money) -> str:
    if l_.qty is None:
        return ""
    return f"{l_.qty:g} {l_.unit} × {money(l_.rate)}"


# ----------------------------------------------------------------------------- layouts as blocks
def two_tables(rng, b: Budget, money: Money, show_detail: bool = True) -> list:
    pair = rng.randrange(3)
    out = [("p", ["Dépenses prévisionnelles", "Les dépenses", "1. Dépenses"][pair], "b")]
    rows = [["Nature de la dépense", "Détail", "Montant"] if show_detail else ["Poste", "Montant"]]
    for cat in CATS + ["autres"]:
        ls = b.of(cat)
        if not ls:
            continue
        if show_detail:
            rows.append([rng.choice(CAT_LABELS[cat]), "", ""])
            for l_ in ls:
                rows.append([l_.label, detail(l_, money), money(l_.amount)])
        else:
            for l_ in ls:
                rows.append([f"{rng.choice(CAT_LABELS[cat])} – {l_.label}", money(l_.amount)])
    rows.append([rng.choice(TOTAL_LABELS)] + ([""] if show_detail else []) + [money(b.total)])
    out.append(("table", rows))
    out += resources_table(rng, b, money, ["Plan de financement", "Les ressources", "2. Recettes"][pair])
    return out


def resources_table(rng, b: Budget, money: Money, title: str | None = None) -> list:
    out = [("p", title or rng.choice(["Plan de financement", "Ressources", "Recettes prévisionnelles",
                                      "Financements mobilisés"]), "b")]
    rows = [["Financeur", "Nature", "Statut", "Montant"]]
    for r in b.resources:
        rows.append([r.label, {"anact": "subvention", "valorisation": "contribution en nature"}.get(r.nature, r.nature),
                     r.status, money(r.amount)])
    rows.append([rng.choice(RES_TOTAL), "", "", money(b.total)])
    out.append(("table", rows))
    return out


def qty_rate(rng, b: Budget, money: Money) -> list:
    rows = [["Poste", "Quantité", "Prix unitaire", "Montant"]]
    short = rng.random() < 0.5
    for cat in CATS + ["autres"]:
        for l_ in b.of(cat):
            if l_.qty is not None:
                rows.append([l_.label, f"{l_.qty:g} {l_.unit[:1] if short else l_.unit}",
                             money(l_.rate), money(l_.amount)])
            else:
                rows.append([l_.label, "1", money(l_.amount), money(l_.amount)])
    rows.append(["Total", "", "", money(b.total)])
    out = [("table", rows)]
    res = "Financement : " + " ; ".join(f"{r.label} {money(r.amount)}" for r in b.resources) + "."
    out.append(("p", res))
    return out


def years_mixed(rng, b: Budget, money: Money, vat: bool = True) -> list:
    """One table: expenses by year with a HT/TVA/TTC block, then resources, same columns."""
    years(rng, b)
    rows = [["", "2022", "2023", "Total"]]
    rows.append(["DÉPENSES", "", "", ""])
    for cat in CATS + ["autres"]:
        ls = b.of(cat)
        if not ls:
            continue
        rows.append([rng.choice(CAT_LABELS[cat]), "", "", ""])
        for l_ in ls:
            rows.append([f"   {l_.label}", money.bare(l_.split[0]), money.bare(l_.split[1]), money.bare(l_.amount)])
    y1 = sum(l_.split[0] for l_ in b.lines)
    y2 = sum(l_.split[1] for l_ in b.lines)
    rows.append(["Total HT", money.bare(y1), money.bare(y2), money.bare(b.total)])
    if vat:
        rows.append(["TVA 20 %", money.bare(y1 * 0.2), money.bare(y2 * 0.2), money.bare(b.total * 0.2)])
        rows.append(["Total TTC", money.bare(y1 * 1.2), money.bare(y2 * 1.2), money.bare(b.total * 1.2)])
    rows.append(["RESSOURCES (HT)", "", "", ""])
    for r in b.resources:
        a = _round(r.amount * y1 / b.total, 10)
        rows.append([f"   {r.label}", money.bare(a), money.bare(r.amount - a), money.bare(r.amount)])
    rows.append(["Total ressources HT", "", "", money.bare(b.total)])
    return [("p", "Montants en euros hors taxes (TVA récupérable)." if vat else "Montants en euros.", "i"),
            ("table", rows)]


def kilo_table(rng, b: Budget, mark: str = " k€") -> list:
    rows = [["Postes", "Montant (k€)"]]
    for cat in CATS + ["autres"]:
        for l_ in b.of(cat):
            rows.append([f"{l_.label}", kilo(l_.amount, "")])
    rows.append(["Total projet", kilo(b.total, "")])
    rows.append(["", ""])
    rows.append(["Financements", "k€"])
    for r in b.resources:
        rows.append([r.label, kilo(r.amount, "")])
    return [("table", rows), ("p", f"Soit un coût total de {kilo(b.total, mark)}, dont {kilo(b.anact, mark)} "
                                   f"demandés à l'Anact.")]


def prose(rng, b: Budget, money: Money) -> list:
    parts = [f"Le coût total du projet est estimé à {money(b.total)}."]
    for cat, phrase in [("personnel", "Les dépenses de personnel représentent {a} ({d})"),
                        ("deplacements_logistique", "les frais de déplacement et de logistique {a} ({d})"),
                        ("prestations", "les prestations externes {a} ({d})"),
                        ("autres", "auxquels s'ajoutent {a} pour {d}")]:
        ls = b.of(cat)
        if not ls:
            continue
        a = money(sum(l_.amount for l_ in ls))
        d = ", ".join(f"{l_.label.lower()} {detail(l_, money) or money(l_.amount)}" for l_ in ls)
        parts.append(phrase.format(a=a, d=d))
    text = parts[0] + " " + " ; ".join(parts[1:]) + "."
    res = [r for r in b.resources if r.nature != "anact"]
    fin = f"Nous sollicitons de l'Anact {money(b.anact)}"
    if res:
        fin += ". Le solde est couvert par " + ", ".join(f"{r.label.lower()} ({money(r.amount)}, {r.status})"
                                                         for r in res)
    return [("p", text), ("p", fin + ".")]


def bullets(rng, b: Budget, money: Money) -> list:
    items = []
    for cat in CATS + ["autres"]:
        ls = b.of(cat)
        if not ls:
            continue
        items.append(f"{rng.choice(CAT_LABELS[cat])} : {money(sum(l_.amount for l_ in ls))} ("
                     + "; ".join(f"{l_.label} {money(l_.amount)}" for l_ in ls) + ")")
    out = [("ul", items), ("p", f"Total : {money(b.total)}", "b")]
    out.append(("ul", [f"{r.label} – {money(r.amount)}" for r in b.resources]))
    return out


def accounting(rng, b: Budget, money: Money) -> list:
    """The associations' side-by-side layout: charges (accounts 60-64) left, produits (70-75) right."""
    left = [["60 – Achats", ""]]
    for l_ in b.of("autres"):
        left.append([f"   {l_.label}", money.bare(l_.amount)])
    left.append(["61 – Services extérieurs", ""])
    for l_ in b.of("prestations"):
        left.append([f"   611 Sous-traitance : {l_.label[0].lower() + l_.label[1:]}", money.bare(l_.amount)])
    left.append(["62 – Autres services extérieurs", ""])
    for l_ in b.of("deplacements_logistique"):
        left.append([f"   625 {l_.label}", money.bare(l_.amount)])
    left.append(["64 – Charges de personnel", ""])
    for l_ in b.of("personnel"):
        left.append([f"   {l_.label}", money.bare(l_.amount)])
    right = [["74 – Subventions d'exploitation", ""]]
    for r in b.resources:
        if r.nature in ("anact", "subvention"):
            right.append([f"   {r.label}", money.bare(r.amount)])
    others = [r for r in b.resources if r.nature not in ("anact", "subvention")]
    if others:
        right.append(["75 – Autres produits / fonds propres", ""])
        for r in others:
            right.append([f"   {r.label}", money.bare(r.amount)])
    n = max(len(left), len(right))
    left += [["", ""]] * (n - len(left))
    right += [["", ""]] * (n - len(right))
    rows = [["CHARGES", "Montant en €", "PRODUITS", "Montant en €"]]
    rows += [l_ + r for l_, r in zip(left, right)]
    rows.append(["TOTAL DES CHARGES", money.bare(b.total), "TOTAL DES PRODUITS", money.bare(b.total)])
    return [("table", rows)]


def by_columns(rng, b: Budget, money: Money, columns: list[str]) -> list:
    """Rows = lines, columns = phases (or partners); each line split over the columns."""
    k = len(columns)
    for l_ in b.lines:
        w = [rng.uniform(0.5, 1.5) for _ in range(k)]
        s = sum(w)
        parts = [_round(l_.amount * x / s, 10) for x in w[:-1]]
        parts.append(round(l_.amount - sum(parts), 2))
        if parts[-1] < 0:
            parts = [round(l_.amount / k, 2)] * (k - 1)
            parts.append(round(l_.amount - sum(parts), 2))
        l_.split = tuple(parts)
    rows = [["Dépenses"] + columns + ["Total"]]
    for cat in CATS + ["autres"]:
        ls = b.of(cat)
        if not ls:
            continue
        rows.append([rng.choice(CAT_LABELS[cat]).upper()] + [""] * (k + 1))
        for l_ in ls:
            rows.append([l_.label] + [money.bare(x) for x in l_.split] + [money.bare(l_.amount)])
    rows.append(["Total"] + [money.bare(sum(l_.split[i] for l_ in b.lines)) for i in range(k)]
                + [money.bare(b.total)])
    out = [("table", rows)]
    out += resources_table(rng, b, money)
    return out


def english_table(rng, b: Budget, money: Money) -> list:
    rows = [["Cost item", "Category", "Amount (EUR)"]]
    for l_ in b.lines:
        rows.append([l_.label, CAT_EN[l_.category], money.bare(l_.amount)])
    rows.append(["Total eligible costs" if not b.of("autres") else "Total costs", "", money.bare(b.total)])
    out = [("table", rows), ("p", "Funding", "b")]
    rows = [["Source", "Amount (EUR)"]]
    for r in b.resources:
        rows.append([r.label if r.nature != "anact" else "Requested from Anact", money.bare(r.amount)])
    rows.append(["Total", money.bare(b.total)])
    out.append(("table", rows))
    return out


def long_detail(rng, b: Budget, money: Money, phases: int = 5) -> list:
    """A detailed table, one row per line and phase, long enough to run over a page break."""
    rows = [["Phase", "Poste", "Catégorie", "Montant"]]
    for l_ in b.lines:
        k = phases if l_.category == "personnel" else rng.randint(2, phases)
        w = [rng.uniform(0.5, 1.5) for _ in range(k)]
        s = sum(w)
        parts = [_round(l_.amount * x / s, 10) for x in w[:-1]]
        parts.append(round(l_.amount - sum(parts), 2))
        if parts[-1] <= 0:
            parts = [round(l_.amount / k, 2)] * (k - 1)
            parts.append(round(l_.amount - sum(parts), 2))
        l_.split = tuple(parts)
    names = {cat: rng.choice(CAT_LABELS[cat][:2]) for cat in CAT_LABELS}
    for ph in range(phases):
        for l_ in b.lines:
            if ph < len(l_.split):
                rows.append([f"Phase {ph + 1}", l_.label, names[l_.category], money(l_.split[ph])])
    rows.append(["", "TOTAL GÉNÉRAL DES DÉPENSES", "", money(b.total)])
    return [("table", rows)] + resources_table(rng, b, money)
