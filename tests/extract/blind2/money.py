"""The budget an applicant states: expense lines in the call's categories, the resources that pay
for them, and the many ways they are laid out (tables, the association form's accounts, an
accounting tool's export, a monospaced table in a mail, prose, percentages)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .base import money, pct

CATS = ["personnel", "deplacements_logistique", "prestations", "autres"]
KEY_OF = {"personnel": "budget.personnel", "deplacements_logistique": "budget.deplacements_logistique",
          "prestations": "budget.prestations"}


@dataclass
class Line:
    label: str
    cat: str
    amount: float
    qty: float | None = None
    unit: str | None = None
    rate: float | None = None
    account: str = ""
    years: tuple[float, float] | None = None  # (2022, 2023) split


@dataclass
class Resource:
    label: str
    kind: str  # anact | cofin
    nature: str
    amount: float
    share: float | None = None  # when written as a share of the total
    status: str = ""


@dataclass
class Budget:
    lines: list[Line] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    inkind: list[tuple[str, str, float]] = field(default_factory=list)  # (account, label, amount): not in the total
    vat: float | None = None  # shown as HT / TVA / TTC when set
    year_labels: tuple[str, str] = ("2022", "2023")  # the two periods of Line.years
    stated_total: float | None = None  # a summary with no lines

    @property
    def total(self) -> float | None:
        if self.lines:
            return round(sum(x.amount for x in self.lines), 2)
        return self.stated_total

    @property
    def anact(self) -> float | None:
        for x in self.resources:
            if x.kind == "anact":
                return x.amount
        return None

    @property
    def cofin_named(self) -> float:
        return round(sum(x.amount for x in self.resources if x.kind == "cofin"), 2)

    @property
    def cofin(self) -> float | None:
        if any(x.kind == "cofin" for x in self.resources):
            return self.cofin_named
        if self.total is not None and self.anact is not None and self.total - self.anact > 0.5:
            return round(self.total - self.anact, 2)
        return None

    def by_cat(self) -> dict:
        out = {c: None for c in CATS}
        for x in self.lines:
            out[x.cat] = round((out[x.cat] or 0) + x.amount, 2)
        return out

    def keys(self) -> set[str]:
        ks = {KEY_OF[x.cat] for x in self.lines if x.cat in KEY_OF}
        if any(x.kind == "cofin" for x in self.resources):
            ks.add("budget.cofinancements")
        return ks

    def of(self, cat):
        return [x for x in self.lines if x.cat == cat]


def r10(x: float, step: int = 10) -> int:
    return int(round(x / step) * step)


PERSONNEL = {  # what the applicant's own staff are called, by kind of organisation
    "consult": [("Consultant senior", "jours"), ("Consultante junior", "jours"), ("Ergonome", "jours"), ("Cheffe de projet", "jours"),
                ("Directeur associé", "jours")],
    "labo": [("Ingénieure de recherche (CDD)", "mois"), ("Post-doctorant", "mois"), ("Temps des enseignants-chercheurs", "jours"),
             ("Gestionnaire administrative", "jours")],
    "other": [("Chargée de mission ({e} ETP sur {m} mois)", None), ("Coordination du projet", None), ("Temps des salariés permanents", "jours"),
              ("Animatrice (salariée de la structure)", "jours"), ("Responsable de projet", None)],
}
TRAVEL = ["Déplacements sur les sites (train, véhicule)", "Frais de mission (transport, hébergement, repas)",
          "Location de salles pour les ateliers", "Restauration des séances collectives", "Hébergement lors des immersions",
          "Logistique du séminaire de clôture"]
SERVICES = ["Conception graphique des fiches et du guide", "Réalisation de capsules vidéo", "Intervention d'un juriste en droit social",
            "Facilitation graphique des ateliers", "Impression et diffusion des supports", "Transcription des entretiens",
            "Animation d'un théâtre-forum"]
INELIGIBLE = [("Achat de tablettes pour les tests en situation", "autres"), ("Frais de structure (8 %)", "autres"),
              ("Acquisition d'un logiciel d'analyse qualitative", "autres")]


def make_budget(r, c, *, drop_cats=(), with_cofin=True, anact_share=None, over_cap=False, low_cofin=False,
                ineligible=False, qty=False, years=False, size=1.0) -> Budget:
    lines = []
    if "personnel" not in drop_cats:
        staff = PERSONNEL["consult" if c.org.kind in ("cabinet", "vendor") else "labo" if c.org.kind == "labo" else "other"]
        for lab, unit in r.some(staff, r.pick([1, 2, 3])):
            if unit == "jours" or (qty and unit):
                n = r.pick([8, 12, 15, 18, 20, 24, 30]) if unit == "jours" else r.pick([3, 4, 6, 8])
                rate = (r.pick([550, 650, 750, 850, 950]) if c.org.kind in ("cabinet", "vendor") else r.pick([250, 300, 350, 420])) \
                    if unit == "jours" else r.pick([3800, 4200, 4600])
                lines.append(Line(lab, "personnel", n * rate, n, unit, rate))
            else:
                lab = lab.format(e=r.pick(["0,2", "0,3", "0,5"]), m=c.months)
                lines.append(Line(lab, "personnel", r10(r.uniform(9000, 32000) * size, 50)))
    if "deplacements_logistique" not in drop_cats:
        for lab in r.some(TRAVEL, r.pick([1, 2])):
            lines.append(Line(lab, "deplacements_logistique", r10(r.uniform(900, 6500) * size, 50)))
    if "prestations" not in drop_cats:
        for lab in r.some(SERVICES, r.pick([1, 2, 3])):
            lines.append(Line(lab, "prestations", r10(r.uniform(1500, 12000) * size, 100)))
    if ineligible:
        lab, cat = ineligible if isinstance(ineligible, tuple) else r.pick(INELIGIBLE)
        if lab.startswith("Frais de structure"):
            base = sum(x.amount for x in lines)
            lines.append(Line(lab, cat, r10(base * 0.08)))
        else:
            lines.append(Line(lab, cat, r10(r.uniform(1800, 4000), 100)))
    base = sum(x.amount for x in lines)
    target = r.uniform(30000, 90000) * size
    if base < target * 0.8:  # a project of this call costs tens of thousands of euros
        f = target / base
        for x in lines:
            if x.cat == "autres":
                continue
            if x.qty:
                x.qty = max(1, round(x.qty * f))
                x.amount = x.qty * x.rate
            else:
                x.amount = r10(x.amount * f, 50)
        if ineligible and lines[-1].label.startswith("Frais de structure"):
            lines[-1].amount = r10(sum(x.amount for x in lines[:-1]) * 0.08)
    if years:
        for x in lines:
            a = r10(x.amount * r.uniform(0.2, 0.4))
            x.years = (a, x.amount - a)
    b = Budget(lines)
    y0, y1 = c.start[0], c.end[0]
    b.year_labels = (str(y0), str(y1) if y1 == y0 + 1 else f"{y0 + 1}-{y1}") if y1 > y0 else (f"S1 {y0}", f"S2 {y0}")
    total = b.total
    if over_cap:
        while total < 120000:
            x = r.pick([y for y in lines if y.cat == "personnel"] or lines)
            x.amount = r10(x.amount * 1.25)
            if x.qty:
                x.qty = round(x.amount / x.rate)
                x.amount = x.qty * x.rate
            if x.years:
                a = r10(x.amount * 0.3)
                x.years = (a, x.amount - a)
            total = b.total
        anact = r10(total * r.uniform(0.72, 0.78), 500)
    elif not with_cofin:
        anact = total if r.chance(0.6) else r10(total * r.uniform(0.7, 0.85), 100)
    elif low_cofin:
        anact = r10(total * r.uniform(0.85, 0.9), 100)
    else:
        anact = r10(total * (anact_share or r.uniform(0.55, 0.78)), 100)
        anact = min(anact, 80000)
    b.resources.append(Resource("Anact – Fabrique CTO", "anact", "subvention", anact))
    if with_cofin and total - anact > 0:
        rest = round(total - anact, 2)
        srcs = r.some([("Autofinancement", "autofinancement", "acquis"),
                       (f"Région {c.region.name}", "subvention", "sollicité"),
                       (c.theme.opco, "prise en charge", "en cours"),
                       ("Valorisation du temps des partenaires", "valorisation", "acquis"),
                       ("Fondation Travail et Innovation", "mécénat", "sollicité"),
                       (f"DREETS {c.region.name}", "subvention", "sollicité")], r.pick([1, 2, 2, 3]))
        while len(srcs) > 1 and rest / len(srcs) < 1500:
            srcs = srcs[:-1]
        parts = []
        for i, s in enumerate(srcs):
            if i == len(srcs) - 1:
                parts.append(round(rest - sum(parts), 2))
            else:
                parts.append(r10(rest / len(srcs) * r.uniform(0.7, 1.2), 100))
        for (lab, nat, st), amt in zip(srcs, parts):
            b.resources.append(Resource(lab, "cofin", nat, amt, status=st))
    return b


# ---------------------------------------------------------------- layouts into document items

CAT_TITLE = {"personnel": "Dépenses de personnel", "deplacements_logistique": "Frais de déplacement et logistique",
             "prestations": "Achats de prestations", "autres": "Autres dépenses"}
CAT_TITLE_ALT = {"personnel": "Ressources humaines", "deplacements_logistique": "Missions et logistique",
                 "prestations": "Sous-traitance et services extérieurs", "autres": "Équipement"}


def line_label(x: Line, with_qty: bool) -> str:
    if with_qty and x.qty:
        return f"{x.label} : {x.qty:g} {x.unit} × {money(x.rate, 'fr')}"
    return x.label


def table_grouped(b: Budget, ms: str, alt: bool = False, subtotals: bool = True, qty_cols: bool = False) -> list[list[str]]:
    titles = CAT_TITLE_ALT if alt else CAT_TITLE
    rows = [["Poste", "Quantité", "Coût unitaire", "Montant"] if qty_cols else ["Nature de la dépense", "Montant"]]
    for cat in CATS:
        ls = b.of(cat)
        if not ls:
            continue
        rows.append([titles[cat]] + [""] * (len(rows[0]) - 1))
        for x in ls:
            if qty_cols:
                rows.append([x.label, f"{x.qty:g} {x.unit}" if x.qty else "", money(x.rate, ms) if x.rate else "", money(x.amount, ms)])
            else:
                rows.append([x.label, money(x.amount, ms)])
        if subtotals:
            rows.append([f"Sous-total {titles[cat].lower()}"] + [""] * (len(rows[0]) - 2) + [money(sum(y.amount for y in ls), ms)])
    rows.append(["Total des dépenses"] + [""] * (len(rows[0]) - 2) + [money(b.total, ms)])
    return rows


def table_years(b: Budget, ms: str) -> list[list[str]]:
    rows = [["Dépenses", *b.year_labels, "Total"]]
    for x in b.lines:
        y = x.years or (0, x.amount)
        rows.append([x.label, money(y[0], ms) if y[0] else "–", money(y[1], ms), money(x.amount, ms)])
    s22 = sum((x.years or (0, 0))[0] for x in b.lines)
    rows.append(["TOTAL", money(s22, ms), money(b.total - s22, ms), money(b.total, ms)])
    return rows


def resources_rows(b: Budget, ms: str, head=("Financeur", "Nature", "Montant", "Part"), status=False) -> list[list[str]]:
    rows = [list(head) + (["Statut"] if status else [])]
    for x in b.resources:
        rows.append([x.label, x.nature, money(x.amount, ms), pct(x.amount / b.total)] + ([x.status or "sollicité"] if status else []))
    rows.append(["Total", "", money(b.total, ms), "100 %"] + ([""] if status else []))
    return rows


def resources_sentence(b: Budget, ms: str) -> str:
    a = b.anact
    cof = [x for x in b.resources if x.kind == "cofin"]
    s = f"Nous sollicitons {money(a, ms)} auprès de l'Anact"
    if not cof:
        return s + "."
    parts = [f"{x.label.lower() if x.label.startswith(('Autofin', 'Valor')) else x.label} ({money(x.amount, ms)}"
             f"{'' if x.nature.lower() in x.label.lower() else ', ' + x.nature})" for x in cof]
    return s + ", le complément étant apporté par " + ", ".join(parts[:-1]) + (" et " if len(parts) > 1 else "") + parts[-1] + "."


def budget_prose(b: Budget, ms: str) -> list:
    by = b.by_cat()
    parts = []
    if by["personnel"]:
        parts.append(f"{money(by['personnel'], ms)} de frais de personnel")
    if by["deplacements_logistique"]:
        parts.append(f"{money(by['deplacements_logistique'], ms)} pour les déplacements et la logistique des séances")
    if by["prestations"]:
        parts.append(f"{money(by['prestations'], ms)} de prestations extérieures")
    if by["autres"]:
        parts.append(f"{money(by['autres'], ms)} d'équipement")
    s = f"Le coût complet du projet est estimé à {money(b.total, ms)}. Il se décompose en " + ", ".join(parts[:-1]) + (" et " if len(parts) > 1 else "") + parts[-1] + "."
    return [("p", s), ("p", resources_sentence(b, ms))]


def budget_bullets_k(b: Budget) -> list:
    items = []
    for cat in CATS:
        v = b.by_cat()[cat]
        if v:
            items.append(f"{CAT_TITLE[cat]} : {money(v, 'k')}")
    items.append(f"Total : {money(b.total, 'k')}")
    fin = [f"{x.label} : {money(x.amount, 'k')}" for x in b.resources]
    return [("p", "Budget prévisionnel (en milliers d'euros) :"), ("ul", items), ("p", "Financement :"), ("ul", fin)]


def mono_table(b: Budget, width: int = 72) -> str:
    """A budget typed in a plain-text mail with spaces to align the columns."""
    w0 = width - 2 * 11
    lines = [f"{'Poste de dépense':<{w0}}{'Montant':>11}{'Part':>11}", "-" * width]
    for cat in CATS:
        for x in b.of(cat):
            lab = x.label if len(x.label) < w0 - 1 else x.label[: w0 - 2] + "."
            lines.append(f"{lab:<{w0}}{money(x.amount, 'bare'):>11}{pct(x.amount / b.total):>11}")
    lines.append("-" * width)
    lines.append(f"{'TOTAL (euros)':<{w0}}{money(b.total, 'bare'):>11}{'100 %':>11}")
    lines.append("")
    lines.append(f"{'Ressources':<{w0}}{'Montant':>11}")
    lines.append("-" * (w0 + 11))
    for x in b.resources:
        lines.append(f"{x.label[:w0 - 1]:<{w0}}{money(x.amount, 'bare'):>11}")
    return "\n".join(lines)


def percent_split(b: Budget) -> str:
    """Répartition : Anact 70 %, autofinancement 30 % (the amounts only in the expense table)."""
    parts = []
    for x in b.resources:
        lab = "Anact" if x.kind == "anact" else x.label[:1].lower() + x.label[1:] if x.label.startswith(("Autofin", "Fonds")) else x.label
        parts.append(f"{lab} {pct(x.share if x.share is not None else x.amount / b.total)}")
    return "Répartition : " + ", ".join(parts)


def set_shares(b: Budget, shares: list[float]):
    """Make the resources exact shares of the total (70/30, 75/25...)."""
    tot = b.total
    for x, s in zip(b.resources, shares):
        x.share = s
        x.amount = round(tot * s, 2)


# ---------------------------------------------------------------- the association form (Cerfa n° 12156)

CERFA_CHARGES = [
    ("60 – Achats", None), ("Prestations de services", "604"), ("Achats matières et fournitures", "606"), ("Autres fournitures", "6068"),
    ("61 – Services extérieurs", None), ("Locations", "613"), ("Entretien et réparation", "615"), ("Assurance", "616"), ("Documentation", "618"),
    ("62 – Autres services extérieurs", None), ("Rémunérations intermédiaires et honoraires", "622"), ("Publicité, publication", "623"),
    ("Déplacements, missions", "625"), ("Services bancaires, autres", "627"),
    ("63 – Impôts et taxes", None), ("Impôts et taxes sur rémunération", "631"), ("Autres impôts et taxes", "635"),
    ("64 – Charges de personnel", None), ("Rémunération des personnels", "641"), ("Charges sociales", "645"), ("Autres charges de personnel", "648"),
    ("65 – Autres charges de gestion courante", None), ("66 – Charges financières", None), ("67 – Charges exceptionnelles", None),
    ("68 – Dotation aux amortissements", None),
]
CERFA_PRODUITS = [
    ("70 – Vente de produits finis, de marchandises, prestations de services", None), ("73 – Dotations et produits de tarification", None),
    ("74 – Subventions d'exploitation", None), ("État : préciser le(s) ministère(s), directions ou services déconcentrés sollicité(s)", "etat"),
    ("Région(s) :", "region"), ("Département(s) :", "dept"), ("Intercommunalité(s) : EPCI", None), ("Commune(s) :", None),
    ("Organismes sociaux (détailler) :", "social"), ("Fonds européens (FSE, FEDER, etc.)", None),
    ("L'agence de services et de paiement (emplois aidés)", None), ("Autres établissements publics", "autres_ep"),
    ("Aides privées (fondation)", "prive"), ("75 – Autres produits de gestion courante", None), ("756. Cotisations", None),
    ("758. Dons manuels – Mécénat", None), ("76 – Produits financiers", None), ("78 – Reprises sur amortissements et provisions", None),
]


def cerfa_budget(r, c, *, drop_cats=(), with_cofin=True, ineligible=False) -> Budget:
    """Lines keyed by the form's accounts: 641/645 personnel, 613 and 625 travel and logistics,
    604, 622 and 623 services; in-kind contributions (86/87) kept apart from the total."""
    lines = []
    if "personnel" not in drop_cats:
        sal = r10(r.uniform(14000, 30000), 100)
        lines += [Line("Rémunération des personnels", "personnel", sal, account="641"),
                  Line("Charges sociales", "personnel", r10(sal * 0.42, 10), account="645")]
    if "deplacements_logistique" not in drop_cats:
        lines += [Line("Locations", "deplacements_logistique", r10(r.uniform(600, 2000), 50), account="613"),
                  Line("Déplacements, missions", "deplacements_logistique", r10(r.uniform(1200, 4500), 50), account="625")]
    if "prestations" not in drop_cats:
        lines += [Line("Rémunérations intermédiaires et honoraires", "prestations", r10(r.uniform(4000, 14000), 100), account="622")]
        if r.chance(0.6):
            lines.append(Line("Publicité, publication", "prestations", r10(r.uniform(800, 2500), 100), account="623"))
        if r.chance(0.5):
            lines.append(Line("Prestations de services", "prestations", r10(r.uniform(1500, 5000), 100), account="604"))
    if ineligible:
        lines.append(Line("Achats matières et fournitures", "autres", r10(r.uniform(1500, 3000), 100), account="606"))
    b = Budget(lines)
    total = b.total
    anact = min(80000, r10(total * r.uniform(0.6, 0.75), 100)) if with_cofin else total
    b.resources.append(Resource("Anact (Fabrique CTO)", "anact", "subvention", anact))
    if with_cofin:
        rest = round(total - anact, 2)
        reg = r10(rest * r.uniform(0.45, 0.7), 100)
        b.resources.append(Resource(f"Région {c.region.name}", "cofin", "subvention", reg))
        b.resources.append(Resource("Fonds propres (cotisations des adhérents)", "cofin", "autofinancement", round(rest - reg, 2)))
    vol = r10(r.uniform(2000, 6000), 100)
    mad = r10(r.uniform(500, 1500), 100)
    b.inkind = [("864", "Personnel bénévole", vol), ("861", "Mise à disposition gratuite de biens et prestations", mad)]
    return b


def cerfa_rows(b: Budget, ms: str) -> list[list[str]]:
    by_acc = {x.account: x for x in b.lines}
    prod = {}
    for x in b.resources:
        if x.kind == "anact":
            prod["etat"] = ("- Anact (établissement public) – Fabrique CTO", x.amount)
        elif x.label.startswith("Région"):
            prod["region"] = (f"- {x.label}", x.amount)
        elif x.label.startswith("Fonds propres"):
            prod["756"] = ("756. Cotisations", x.amount)
        else:
            prod["prive"] = (f"- {x.label}", x.amount)
    left = []
    for lab, acc in CERFA_CHARGES:
        if acc is None:
            grp = [y for y in b.lines if y.account and lab.startswith(y.account[:2])]
            left.append((lab, money(sum(y.amount for y in grp), ms) if grp else ""))
        else:
            left.append((lab, money(by_acc[acc].amount, ms) if acc in by_acc else ""))
    right = []
    for lab, key in CERFA_PRODUITS:
        if lab.startswith("756") and "756" in prod:
            right.append((lab, money(prod["756"][1], ms)))
            continue
        if lab.startswith("74 –"):
            right.append((lab, money(sum(v for k, (_, v) in prod.items() if k != "756"), ms)))
            continue
        if lab.startswith("75 –") and "756" in prod:
            right.append((lab, money(prod["756"][1], ms)))
            continue
        right.append((lab, ""))
        if key in prod:
            right.append(prod[key][0:1] + (money(prod[key][1], ms),))
    n = max(len(left), len(right))
    left += [("", "")] * (n - len(left))
    right += [("", "")] * (n - len(right))
    rows = [["CHARGES", "Montant", "PRODUITS", "Montant"]]
    rows += [[a, b_, c_, d] for (a, b_), (c_, d) in zip(left, right)]
    rows.append(["TOTAL DES CHARGES", money(b.total, ms), "TOTAL DES PRODUITS", money(b.total, ms)])
    ink = sum(v for _, _, v in b.inkind)
    rows.append(["CONTRIBUTIONS VOLONTAIRES", "", "", ""])
    rows.append(["86 – Emplois des contributions volontaires en nature", money(ink, ms), "87 – Contributions volontaires en nature", money(ink, ms)])
    acc86 = {a: v for a, _, v in b.inkind}
    rows.append(["860 – Secours en nature", "", "870 – Bénévolat", money(acc86.get("864", 0), ms)])
    rows.append(["861 – Mise à disposition gratuite de biens et prestations", money(acc86.get("861", 0), ms), "871 – Prestations en nature", money(acc86.get("861", 0), ms)])
    rows.append(["862 – Prestations", "", "875 – Dons en nature", ""])
    rows.append(["864 – Personnel bénévole", money(acc86.get("864", 0), ms), "", ""])
    rows.append(["TOTAL", money(b.total + ink, ms), "TOTAL", money(b.total + ink, ms)])
    return rows


# ---------------------------------------------------------------- an accounting tool's export

def account_of(x: Line) -> str:
    """The general chart of accounts an accounting tool files each line under."""
    if x.cat == "personnel":
        return "641100"
    if x.cat == "deplacements_logistique":
        return "613200" if x.label.startswith(("Location", "Logistique")) else "625600" if "Restauration" in x.label else "625100"
    if x.cat == "prestations":
        return "622600" if x.amount > 0 else "609000"
    return "218300"


def accounting_rows(b: Budget, style: str, discount: float = 0.0) -> list[list[str]]:
    """Réf | Désignation | Qté | P.U. HT | Montant HT with comma (or dot) thousands, a discount in
    brackets, then TOTAL HT / TVA / TOTAL TTC. The discount line is already part of b.lines."""
    ms = "comma_dec" if style == "comma" else "dot_dec"
    rows = [["Compte", "Désignation", "Qté", "P.U. HT", "Montant HT"]]
    for x in b.lines:
        q = f"{x.qty:g}" if x.qty else "1"
        pu = x.rate if x.rate else x.amount
        rows.append([account_of(x), x.label, q, money(pu, ms), money(x.amount, ms)])
    ht = b.total
    vat = round(ht * (b.vat or 0.2), 2)
    rows.append(["", "TOTAL HT", "", "", money(ht, ms)])
    rows.append(["", f"TVA {int((b.vat or 0.2) * 100)} %", "", "", money(vat, ms)])
    rows.append(["", "TOTAL TTC", "", "", money(ht + vat, ms)])
    return rows
