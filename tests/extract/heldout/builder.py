"""The held-out set: ~40 proposals written like real applicants' mails, each with its expected
outcome derived from the export contract's definitions (never from what the extractor does).

build_cases() -> list[Case]; Case.messages are (date, raw e-mail bytes) in arrival order.
"""
from __future__ import annotations

import email.policy
import email.utils
from dataclasses import dataclass, field
from datetime import datetime, timezone, timedelta
from email.message import EmailMessage

from .content import COMBINED, HEADINGS, MONTHS, NOT_CONCERNED, SHORT, TEMPLATE_HINTS, TEXTS, phases
from .render import to_docx, to_html_mail, to_pdf, to_text_mail, to_xlsx

KEYS = list(HEADINGS)
PARIS = timezone(timedelta(hours=2))
CAP = 80000.0


# ------------------------------------------------------------------ budgets
@dataclass
class Budget:
    expenses: list  # (label, amount, category, group)
    resources: list  # (label, amount, kind, status)  kind: anact | cofinancement

    @property
    def total(self) -> float:
        return round(sum(e[1] for e in self.expenses), 2)

    @property
    def anact(self):
        values = [r[1] for r in self.resources if r[2] == "anact"]
        return round(sum(values), 2) if values else None

    @property
    def cofinancing(self):
        values = [r[1] for r in self.resources if r[2] == "cofinancement"]
        return round(sum(values), 2) if values else None


def budget_long(anact_label="Aide Anact sollicitée") -> Budget:
    """A detailed budget of many lines (it runs over a page break in a PDF)."""
    e = []
    for n, (who, days, rate) in enumerate([("Directrice de projet", 20, 650), ("Chargé de mission", 45, 420),
                                           ("Ergonome", 25, 520), ("Assistante administrative", 12, 300),
                                           ("Doctorante", 40, 250), ("Chargée de communication", 8, 380)]):
        e.append((f"{who} ({days} jours x {rate} €)", float(days * rate), "personnel", "Personnel"))
    for label, amount in [("Billets de train Paris-Lille", 1840.0), ("Nuitées d'hôtel", 1320.0),
                          ("Indemnités kilométriques", 640.0), ("Location de salle – séminaire", 900.0),
                          ("Repas des ateliers", 760.0), ("Traiteur – journée de restitution", 1150.0)]:
        e.append((label, amount, "deplacements_logistique", "Déplacements"))
    for label, amount in [("Facilitation graphique", 2400.0), ("Captation vidéo", 3100.0),
                          ("Traduction des supports", 800.0), ("Impression du guide", 1450.0),
                          ("Prestation de design de service", 5200.0), ("Évaluation externe", 4000.0)]:
        e.append((label, amount, "prestations", "Prestations"))
    total = sum(x[1] for x in e)
    anact = 40000.0
    region = 8000.0
    r = [(anact_label, anact, "anact", "sollicité"), ("Subvention Région Hauts-de-France (en cours)", region,
         "cofinancement", "en cours"), ("Participation de l'Aract (temps valorisé)", 3000.0, "cofinancement", "acquis"),
         ("Mécénat Fondation de France", total - anact - region - 3000.0, "cofinancement", "acquis")]
    return Budget(e, r)


def budget_a(scale=1.0, anact_share=0.7, extra_cofin=None, autres=False, no_deplacements=False,
             anact_label="Anact – Fabrique CTO (sollicité)"):
    e = [("Chef de projet (45 jours)", 20250.0, "personnel", "Personnel"),
         ("Chargée d'études (30 jours)", 9600.0, "personnel", "Personnel"),
         ("Déplacements sur sites et hébergement", 3150.0, "deplacements_logistique", "Déplacements"),
         ("Location de salles et restauration des ateliers", 1800.0, "deplacements_logistique", "Déplacements"),
         ("Prestation de design de service", 7500.0, "prestations", "Prestations"),
         ("Réalisation vidéo de restitution", 4200.0, "prestations", "Prestations")]
    if no_deplacements:
        e = [x for x in e if x[2] != "deplacements_logistique"]
    if autres:
        e.append(("Achat de tablettes pour les ateliers", 1600.0, "autres", "Autres"))
    e = [(l, round(a * scale), c, g) for l, a, c, g in e]
    total = sum(x[1] for x in e)
    anact = round(total * anact_share / 50) * 50
    rest = total - anact
    resources = [(anact_label, anact, "anact", "sollicité")]
    if extra_cofin is None:
        if rest > 0:
            resources.append(("Fonds propres", rest, "cofinancement", "acquis"))
    else:
        remaining = rest
        for label, share in extra_cofin[:-1]:
            amount = round(rest * share)
            resources.append((label, amount, "cofinancement", "en cours"))
            remaining -= amount
        resources.append((extra_cofin[-1][0], remaining, "cofinancement", "acquis"))
    return Budget(e, resources)


def money(value: float, style: str) -> str:
    whole = f"{value:,.0f}"
    if style == "fr2":
        return whole.replace(",", "\u202f") + ",00"
    if style == "dot":
        return whole.replace(",", ".")
    if style == "ttc":
        return whole.replace(",", " ") + " € TTC"
    if style == "k":
        text = f"{value / 1000:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return text + " k€"
    if style == "plain":
        return f"{value:.0f}"
    return whole.replace(",", "\u00a0") + " €"


# ------------------------------------------------------------------ partners
PARTNER_SETS = [
    [("Aract Occitanie", "appui méthodologique et co-animation des ateliers"),
     ("CFDT Métallurgie Hérault", "relais auprès des élus des CSE"),
     ("UIMM Occitanie", "mobilisation des entreprises adhérentes")],
    [("Aract Bretagne", "expertise conditions de travail"),
     ("Fédération ADMR du Finistère", "ouverture des terrains d'expérimentation"),
     ("CGT Santé Action sociale 29", "participation au comité de pilotage")],
    [("Aract Hauts-de-France", "appui à la capitalisation"),
     ("CCI Grand Lille", "mise à disposition de salles et diffusion"),
     ("Université de Lille – laboratoire CLERSÉ", "évaluation scientifique de la démarche"),
     ("Chambre de métiers et de l'artisanat du Nord", "recrutement des TPE participantes")],
    [("Aract Grand Est", "accompagnement méthodologique"),
     ("Union régionale CFE-CGC Grand Est", "formation des représentants du personnel")],
    [("UIMM", "relais auprès des adhérents"), ("CCI", "mise à disposition de salles"),
     ("CFDT", "formation des élus")],
]


# ------------------------------------------------------------------ the case
@dataclass
class Spec:
    id: str
    org: str
    title: str
    fmt: str  # docx_word | docx_styled | docx_underline | docx_form | pdf_word | pdf_gdocs | pdf_numbered |
    #           pdf_twocol | pdf_libre | html_outlook | text_gmail | text_plain
    pick: int = 0
    numbering: str = ""  # "" | "I." | "A)" | "1.1" | "1."
    states: dict = field(default_factory=dict)  # key -> absent | template | nonconcerne (default: written)
    combined: tuple | None = None
    phasage: str = "table"  # table | gantt | prose | list
    end_year: int = 2023
    budget: Budget | None = None
    budget_style: str = "doc_table"  # doc_table | doc_subtotals | xlsx2 | xlsx_cerfa | body_bullets | pdf_unruled |
    #                                   pdf_landscape | html_table | none
    money_style: str = "eur"
    partners: list = field(default_factory=list)
    partner_style: str = "table3"  # table3 | bullets | prose | acronyms | nocontrib | none
    toc: bool = False
    cover: bool = False
    reply: str | None = None  # None | provides | stalls | budget_xlsx
    reply_client: str = "gmail"  # gmail | outlook
    reply_budget: Budget | None = None  # the budget a "budget_xlsx" reply sends
    date: datetime = datetime(2022, 8, 10, 14, 12, tzinfo=PARIS)
    notes: str = ""


@dataclass
class Case:
    id: str
    messages: list  # (datetime, bytes)
    missing: list
    total: float | None
    anact: float | None
    cofinancing: float | None
    partners: list
    flags: list
    spec: Spec

    @property
    def status(self) -> str:
        return "incomplete" if self.missing else "complete"


def _number(n: int, numbering: str, sub: int | None = None) -> str:
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    if numbering == "I.":
        return f"{roman[n - 1]}. "
    if numbering == "A)":
        return "ABCDEFGHIJKL"[n - 1] + ") "
    if numbering == "1.1":
        return f"1.{n} "
    if numbering == "1.":
        return f"{n}. "
    return ""


def _month(y, m, short=False):
    return f"{(SHORT if short else MONTHS)[m - 1]} {y}"


def _phasage_elements(style: str, end_year: int) -> list:
    ph = phases(end_year)
    if style == "table":
        rows = [["Période", "Étape", "Livrable"]]
        for label, (y1, m1), (y2, m2) in ph:
            rows.append([f"{_month(y1, m1, True)} – {_month(y2, m2, True)}", label, "Note d'étape"])
        return [("table", rows)]
    if style == "gantt":
        quarters = [(2022, 4), (2023, 1), (2023, 2), (2023, 3), (2023, 4)] + ([(2024, 1)] if end_year == 2024 else [])
        rows = [["Action"] + [f"T{q} {y}" for y, q in quarters]]
        for label, (y1, m1), (y2, m2) in ph:
            row = [label]
            for y, q in quarters:
                a, b = (y, (q - 1) * 3 + 1), (y, q * 3)
                row.append("X" if (y1, m1) <= b and a <= (y2, m2) else "")
            rows.append(row)
        return [("p", "Le diagramme ci-dessous présente l'enchaînement des actions par trimestre."), ("table", rows)]
    if style == "prose":
        (_, _, _), (l2, _, _), (l3, _, _), (l4, (y4, m4), (y5, m5)) = ph
        text = (f"D'octobre à décembre 2022, nous conduirons le diagnostic partagé dans chaque entreprise, puis "
                f"au premier semestre 2023 les ateliers de co-conception. L'expérimentation se déroulera de mai à "
                f"septembre 2023, et la capitalisation de {MONTHS[m4 - 1]} {y4} à {MONTHS[m5 - 1]} {y5}.")
        return [("p", text)]
    items = []
    for n, (label, (y1, m1), (y2, m2)) in enumerate(ph, start=1):
        items.append(("li", f"Phase {n} ({_month(y1, m1)} – {_month(y2, m2)}) : {label.lower()}"))
    return items


def _description(spec: Spec, level: int, start: int) -> tuple[list, list[str]]:
    """Outline of the nine elements; returns (outline, TOC entries)."""
    outline: list = []
    toc: list[str] = []
    n = start
    done = set()
    for index, key in enumerate(KEYS):
        if key in done:
            continue
        keys = [key]
        heading = HEADINGS[key][(spec.pick + index) % len(HEADINGS[key])]
        if spec.combined and key == spec.combined[0]:
            keys = list(spec.combined)
            heading = COMBINED[spec.combined][spec.pick % len(COMBINED[spec.combined])]
        done.update(keys)
        state = spec.states.get(key, "ok")
        prefix = _number(n, spec.numbering)
        toc.append(f"{prefix}{heading}\t{2 + n // 3}")
        if state == "absent":
            n += 1 if spec.toc else 0  # a deleted section leaves its TOC entry (TOC not refreshed)
            continue
        n += 1
        outline.append(("h", level, prefix + heading + (" :" if spec.fmt == "docx_word" and spec.pick % 2 else "")))
        if state == "template":
            outline.append(("hint", TEMPLATE_HINTS[key]))
            continue
        if state == "nonconcerne":
            outline.append(("p", NOT_CONCERNED[spec.pick % len(NOT_CONCERNED)]))
            continue
        for k in keys:
            if k == "description.phasage":
                outline += _phasage_elements(spec.phasage, spec.end_year)
            else:
                outline.append(("p", TEXTS[k][(spec.pick + index) % len(TEXTS[k])]))
    return outline, toc


def _budget_outline(spec: Spec, level: int, heading: str) -> list:
    b, ms = spec.budget, spec.money_style
    out: list = [("h", level, heading)]
    if spec.budget_style in ("doc_table", "pdf_unruled", "html_table"):
        rows = [["Poste de dépense", "Détail", "Montant (€)" if ms in ("fr2", "dot", "plain") else "Montant"]]
        for label, amount, _, group in b.expenses:
            rows.append([label, group, money(amount, ms)])
        rows.append(["TOTAL GÉNÉRAL", "", money(b.total, ms)])
        opts = {"ruled": spec.budget_style != "pdf_unruled"}
        out.append(("table", rows, opts))
        out.append(("p", "Plan de financement :"))
        rows = [["Financeur", "Statut", "Montant" + (" (€)" if ms in ("fr2", "dot", "plain") else "")]]
        for label, amount, _, status in b.resources:
            rows.append([label, status, money(amount, ms)])
        rows.append(["Total des ressources", "", money(b.total, ms)])
        out.append(("table", rows, opts))
    elif spec.budget_style == "doc_subtotals":
        rows = [["Nature des dépenses", "Montant TTC"]]
        groups: dict = {}
        for label, amount, category, group in b.expenses:
            groups.setdefault(group, []).append((label, amount))
        for group, items in groups.items():
            rows.append([group, ""])
            for label, amount in items:
                rows.append([label, money(amount, ms)])
            rows.append([f"Sous-total {group.lower()}", money(sum(a for _, a in items), ms)])
        rows.append(["TOTAL GÉNÉRAL", money(b.total, ms)])
        out.append(("table", rows))
        rows = [["Ressources", "Montant TTC"]]
        for label, amount, _, status in b.resources:
            rows.append([f"{label} ({status})", money(amount, ms)])
        rows.append(["TOTAL", money(b.total, ms)])
        out.append(("table", rows))
    elif spec.budget_style == "body_bullets":
        groups = {}
        for label, amount, category, group in b.expenses:
            groups[group] = groups.get(group, 0) + amount
        for group, amount in groups.items():
            out.append(("li", f"{group} : {money(amount, ms)}"))
        out.append(("p", f"Total : {money(b.total, ms)}"))
        out.append(("p", "Financement :"))
        for label, amount, _, status in b.resources:
            out.append(("li", f"{label} : {money(amount, ms)}"))
    return out


def _budget_xlsx(spec: Spec) -> bytes:
    b = spec.budget
    if spec.budget_style == "xlsx_cerfa":
        # The association's standard form: accounts 60-68 / 70-75 side by side, then 86 / 87.
        by = {"personnel": [], "deplacements_logistique": [], "prestations": [], "autres": []}
        for label, amount, category, _ in b.expenses:
            by[category].append((label, amount))
        val = [e for e in b.expenses if e[3] == "86"]
        main = [e for e in b.expenses if e[3] != "86"]
        left = [["CHARGES", "Montant"]]
        acc = [("60 - Achats", [e for e in main if e[2] == "autres"]),
               ("61 - Services extérieurs", [e for e in main if e[2] == "deplacements_logistique"]),
               ("62 - Autres services extérieurs", [e for e in main if e[2] == "prestations"]),
               ("63 - Impôts et taxes", []),
               ("64 - Charges de personnel", [e for e in main if e[2] == "personnel"])]
        for account, items in acc:
            left.append([account, sum(e[1] for e in items) if items else None])
            for e in items:
                left.append([e[0], e[1]])
        main_total = sum(e[1] for e in main)
        left.append(["TOTAL DES CHARGES", main_total])
        right = [["PRODUITS", "Montant"], ["70 - Vente de produits finis, prestations de services", None],
                 ["74 - Subventions d'exploitation", sum(r[1] for r in b.resources if r[3] != "87")]]
        for label, amount, kind, status in b.resources:
            if status != "87":
                right.append([label, amount])
        right.append(["75 - Autres produits de gestion courante", None])
        right.append(["TOTAL DES PRODUITS", main_total])
        rows = [["Budget prévisionnel de l'action – " + spec.title[:40]], []]
        for i in range(max(len(left), len(right))):
            l = left[i] if i < len(left) else ["", None]
            r = right[i] if i < len(right) else ["", None]
            rows.append([l[0], l[1], r[0], r[1]])
        if val:
            vres = [r for r in b.resources if r[3] == "87"]
            rows.append(["86 - Emplois des contributions volontaires en nature", sum(e[1] for e in val),
                         "87 - Contributions volontaires en nature", sum(r[1] for r in vres)])
            for i in range(max(len(val), len(vres))):
                rows.append([val[i][0] if i < len(val) else "", val[i][1] if i < len(val) else None,
                             vres[i][0] if i < len(vres) else "", vres[i][1] if i < len(vres) else None])
            rows.append(["TOTAL GÉNÉRAL", b.total, "TOTAL GÉNÉRAL", b.total])
        return to_xlsx({"Budget": rows})
    # Two sheets with formulas (cached values written as Excel does)
    dep = [["Budget prévisionnel du projet " + spec.title[:30]], [], ["Poste", "Nb jours", "Coût unitaire", "Montant"]]
    first = len(dep) + 1
    for label, amount, category, group in b.expenses:
        if "jours" in label:
            days = int(label.split("(")[1].split()[0])
            dep.append([label, days, round(amount / days, 2), (f"=B{len(dep) + 1}*C{len(dep) + 1}", amount)])
        else:
            dep.append([label, None, None, amount])
    last = len(dep)
    dep.append(["Total dépenses", None, None, (f"=SUM(D{first}:D{last})", b.total)])
    rec = [["Ressources", "Statut", "Montant"]]
    for label, amount, kind, status in b.resources:
        rec.append([label, status, amount])
    rec.append(["Total ressources", None, (f"=SUM(C2:C{len(rec)})", b.total)])
    return to_xlsx({"Dépenses": dep, "Recettes": rec})


def _partner_outline(spec: Spec, level: int, heading: str) -> list:
    if spec.partner_style == "none" or not spec.partners:
        return []
    out: list = [("h", level, heading)]
    ps = spec.partners
    if spec.partner_style == "table3":
        rows = [["Structure", "Rôle dans le projet", "Apport"]]
        for name, contribution in ps:
            rows.append([name, contribution, "temps de travail valorisé"])
        out.append(("table", rows))
    elif spec.partner_style == "bullets":
        out.append(("p", "Les structures suivantes se sont engagées à nos côtés :"))
        for name, contribution in ps:
            out.append(("li", f"{name} ({contribution})"))
        out.append(("p", "Les lettres d'engagement des partenaires sont jointes au dossier."))
    elif spec.partner_style == "acronyms":
        for name, contribution in ps:
            out.append(("li", f"{name} – {contribution}"))
    elif spec.partner_style == "nocontrib":
        out.append(("p", "Partenaires associés au projet :"))
        for name, _ in ps:
            out.append(("li", name))
    elif spec.partner_style == "prose":
        def art(name):
            return "l'" if name[:1] in "AEIOUÉ" else "la " if name.split()[0] in ("Fédération", "Chambre", "CCI", "CFDT", "CGT", "Union") else "le " if name.startswith(("Syndicat", "Centre")) else ""
        pieces = [f"{art(n)}{n}, qui apportera {c}" for n, c in ps]
        out.append(("p", "Le projet associe " + ", ".join(pieces[:-1]) + " et " + pieces[-1] + "."))
    return out


SIGNATURES = {
    "lab": ["--", "Dr Claire Menant", "Maîtresse de conférences – Laboratoire", "12 rue des Écoles, 34000 Montpellier",
            "Tél. : 04 67 14 23 90 – Port. 06 12 34 56 78"],
    "cabinet": ["Bien cordialement,", "", "Julien Ferrand | Associé", "Cabinet Travail & Changement",
                "45 avenue Jean Jaurès – 69007 Lyon", "T. +33 (0)4 78 00 11 22"],
    "iphone": ["Cordialement", "Marc", "", "Envoyé de mon iPhone"],
}


def _mail(spec: Spec, body_text: str | None, body_html: str | None, attachments: list, subject: str,
          date: datetime, sender: str, reply_to_id: str | None = None) -> bytes:
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = f"{spec.org} <{sender}>"
    message["To"] = "fabrique@anact.fr"
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(date)
    message["Message-ID"] = f"<{spec.id}-{int(date.timestamp())}@heldout.example>"
    if reply_to_id:
        message["In-Reply-To"] = reply_to_id
    if body_text is not None:
        message.set_content(body_text)
        if body_html is not None:
            message.add_alternative(body_html, subtype="html")
    else:
        message.set_content(body_html or "", subtype="html")
    for name, data, ctype in attachments:
        maintype, subtype = ctype.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(message)


MISSING_LABELS = {
    "description.perennisation": "la perspective de pérennisation et d'essaimage",
    "description.pilotage": "le pilotage et la comitologie",
    "description.cibles": "les publics cibles",
    "budget.cofinancements": "les co-financements envisagés ou existants, leur nature et leur montant",
    "partenaires.contributions": "la contribution attendue de chaque partenaire",
    "description.phasage": "le phasage détaillé du projet",
}


def _our_request(missing: list[str]) -> str:
    items = "\n".join(f"  - {MISSING_LABELS.get(k, k)}" for k in missing)
    return ("Madame, Monsieur,\n\nNous avons bien reçu votre proposition. L’appel demande une proposition en trois "
            "parties. Après examen de votre envoi, les éléments suivants n’ont pas été trouvés :\n\n"
            f"Description du projet :\n{items}\n\nNous vous remercions de nous les transmettre au plus tard le "
            "2 septembre 2022.\n\nL’équipe de la Fabrique CTO\nAnact – fabrique@anact.fr")


def build(spec: Spec) -> Case:
    body_fmt = spec.fmt.startswith(("html", "text"))
    outline: list = [("title", spec.title)]
    outline.append(("meta", f"Structure porteuse : {spec.org}"))
    if spec.cover and not body_fmt:
        outline.append(("meta", "Réponse à l'appel à manifestation d'intérêt « Développer le dialogue social technologique au travail »"))
        outline.append(("meta", "Août 2022"))
        outline.append(("pagebreak",))
    part = spec.numbering in ("I.", "1.1")
    level = 2 if part else 1
    description, toc = _description(spec, level, 1)
    partners_heading = {"table3": "Partenaires mobilisés et contribution attendue", "bullets": "Partenaires",
                        "prose": "Partenariats", "acronyms": "Les partenaires du projet",
                        "nocontrib": "Partenaires"}.get(spec.partner_style, "Partenaires")
    budget_heading = "Budget prévisionnel" if spec.pick % 2 else "Budget détaillé"
    if spec.toc and not body_fmt:
        entries = (["1. Description du projet\t2"] if part else []) + toc + [f"{budget_heading}\t6", f"{partners_heading}\t7"]
        outline.append(("toc", entries))
        outline.append(("pagebreak",))
    if part:
        outline.append(("h", 1, ("I. " if spec.numbering == "I." else "1. ") + "Description du projet"))
    if spec.fmt == "docx_form":
        rows = [["Rubrique", "Contenu"]]
        for index, key in enumerate(KEYS):
            state = spec.states.get(key, "ok")
            if state == "absent":
                continue
            heading = HEADINGS[key][(spec.pick + index) % len(HEADINGS[key])]
            if state == "template":
                rows.append([heading, ("hint", TEMPLATE_HINTS[key])])
            elif state == "nonconcerne":
                rows.append([heading, NOT_CONCERNED[spec.pick % len(NOT_CONCERNED)]])
            elif key == "description.phasage":
                ph = phases(spec.end_year)
                rows.append([heading, " ; ".join(f"{l} : {_month(*a)} – {_month(*b)}" for l, a, b in ph)])
            else:
                rows.append([heading, TEXTS[key][(spec.pick + index) % len(TEXTS[key])]])
        outline.append(("table", rows))
    else:
        outline += description
    in_doc_budget = spec.budget is not None and spec.budget_style in ("doc_table", "doc_subtotals", "pdf_unruled",
                                                                      "html_table", "body_bullets")
    n2 = ("II. " if spec.numbering == "I." else "2. ") if part else ""
    n3 = ("III. " if spec.numbering == "I." else "3. ") if part else ""
    if in_doc_budget and not (spec.budget_style == "body_bullets" and not body_fmt):
        outline += _budget_outline(spec, 1, n2 + budget_heading)
    outline += _partner_outline(spec, 1, n3 + partners_heading)

    attachments = []
    slug = spec.id.lower()
    body_outline = None
    if spec.fmt.startswith("docx"):
        style = {"docx_word": "word", "docx_styled": "styled", "docx_underline": "underline", "docx_form": "word"}[spec.fmt]
        attachments.append((f"Dossier_candidature_{slug}.docx",
                            to_docx(outline, style, header=f"{spec.org} – {spec.title[:30]}" if spec.cover else None),
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    elif spec.fmt.startswith("pdf"):
        attachments.append((f"Proposition {spec.org[:20]}.pdf",
                            to_pdf(outline, spec.fmt.split("_")[1], header=f"{spec.title[:50]}" if spec.cover else None),
                            "application/pdf"))
    else:
        body_outline = outline
    if spec.budget is not None and spec.budget_style in ("xlsx2", "xlsx_cerfa"):
        attachments.append((f"budget_{slug}.xlsx", _budget_xlsx(spec),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    if spec.budget is not None and spec.budget_style == "pdf_landscape":
        annex = _budget_outline(Spec(**{**spec.__dict__, "budget_style": "doc_table"}), 1, "Annexe financière")
        attachments.append(("Annexe budgétaire.pdf", to_pdf([("title", "Annexe financière – " + spec.title[:40])] + annex,
                                                           "libre", landscape=True), "application/pdf"))

    intro = [("p", "Bonjour,"), ("p", f"Veuillez trouver ci-joint la candidature de {spec.org} à l'appel à "
                                       "manifestation d'intérêt de la Fabrique CTO.")]
    if spec.budget_style == "body_bullets" and not body_fmt:
        intro += [("p", "Voici en résumé notre budget :")] + _budget_outline(spec, 1, "Budget")[1:]
    sig = SIGNATURES["iphone" if spec.fmt == "text_plain" else "lab" if spec.pick % 2 else "cabinet"]
    sender = f"contact@{slug}.example.fr"
    subject = f"Candidature AMI Fabrique CTO – {spec.title[:50]}"
    if spec.fmt == "html_outlook":
        html = to_html_mail([("p", "Bonjour,")] + body_outline, sig)
        text = None
    elif body_outline is not None:
        text = to_text_mail([("p", "Bonjour,")] + body_outline, sig, heading="caps" if spec.pick % 3 == 0 else "colon"
                            if spec.pick % 3 == 1 else "inline")
        html = None
    else:
        if spec.pick % 2:
            html, text = to_html_mail(intro, sig), None
        else:
            text, html = to_text_mail(intro, sig), None
    messages = [(spec.date, _mail(spec, text, html, attachments, subject, spec.date, sender))]

    # Expected, from the contract's definitions
    missing = [k for k in KEYS if spec.states.get(k, "ok") != "ok"]
    b = spec.budget if spec.budget_style != "none" else None
    for category in ("personnel", "deplacements_logistique", "prestations"):
        if b is None or not any(e[2] == category and e[1] > 0 for e in b.expenses):
            missing.append(f"budget.{category}")
    if b is None or not b.cofinancing:
        missing.append("budget.cofinancements")
    partners = [n for n, _ in spec.partners] if spec.partner_style != "none" else []
    if not partners:
        missing.append("partenaires.liste")
    if not partners or spec.partner_style == "nocontrib":
        missing.append("partenaires.contributions")

    if spec.reply:
        first_id = f"<{spec.id}-{int(spec.date.timestamp())}@heldout.example>"
        when = spec.date + timedelta(days=6)
        asked = list(missing)
        quote_text = _our_request(asked)
        if spec.reply == "provides":
            provided = [k for k in asked if k.startswith("description.")]
            lines = ["Bonjour,", "", "Suite à votre message, voici les éléments complémentaires :", ""]
            for k in provided:
                if k == "description.phasage":
                    lines += ["Calendrier :"] + [f"- {l} : {_month(*a)} – {_month(*b)}" for l, a, b in phases(spec.end_year)] + [""]
                else:
                    lines += [HEADINGS[k][1] + " :", TEXTS[k][2], ""]
            missing = [k for k in missing if k not in provided]
        elif spec.reply == "budget_xlsx":
            lines = ["Bonjour,", "", "Vous trouverez ci-joint notre budget détaillé.", ""]
        else:
            lines = ["Bonjour,", "", "Merci pour votre retour, nous vous transmettons ces compléments dès que possible.", ""]
        lines += ["Bien cordialement,", spec.org]
        if spec.reply_client == "gmail":
            quoted = "\n".join("> " + l if l else ">" for l in quote_text.split("\n"))
            body = "\n".join(lines) + "\n\nLe lun. 15 août 2022 à 10:02, Fabrique CTO <fabrique@anact.fr> a écrit :\n" + quoted
            extra = []
            if spec.reply == "budget_xlsx":
                spec.budget = spec.reply_budget
                extra = [("Budget_previsionnel_v2.xlsx", _budget_xlsx(spec),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
            raw = _mail(spec, body, None, extra, "Re: " + subject, when, sender, first_id)
        else:
            quote_html = ("<div style='border:none;border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal><b>De :</b> "
                          "Fabrique CTO &lt;fabrique@anact.fr&gt;<br><b>Envoyé :</b> lundi 15 août 2022 10:02<br>"
                          "<b>À :</b> " + sender + "<br><b>Objet :</b> Demande de compléments</p></div>"
                          + "".join(f"<p class=MsoNormal>{htmlmod_escape(l) or '&nbsp;'}</p>" for l in quote_text.split("\n")))
            html = to_html_mail([("p", l) for l in lines if l], [], quote_html)
            raw = _mail(spec, None, html, [], "RE: " + subject, when, sender, first_id)
        messages.append((when, raw))

    if spec.reply == "budget_xlsx":
        b = spec.reply_budget
        missing = [k for k in missing if not k.startswith("budget.")]
        for category in ("personnel", "deplacements_logistique", "prestations"):
            if not any(e[2] == category and e[1] > 0 for e in b.expenses):
                missing.append(f"budget.{category}")
        if not b.cofinancing:
            missing.append("budget.cofinancements")
    flags = []
    if b is not None:
        if b.anact is not None and b.anact > CAP:
            flags.append("plafond_depasse")
        share = (b.cofinancing / b.total) if b.cofinancing else ((b.total - (b.anact or 0)) / b.total if b.anact is not None else None)
        if share is not None and share < 0.2 - 1e-9:
            flags.append("cofinancement_insuffisant")
        if any(e[2] == "autres" for e in b.expenses):
            flags.append("depense_non_eligible")
    if spec.date > datetime(2022, 8, 23, 23, 59, 59, tzinfo=PARIS):
        flags.append("hors_delai")
    if spec.end_year > 2023 and "description.phasage" not in missing:
        flags.append("fin_apres_echeance")
    return Case(spec.id, messages, sorted(set(missing), key=lambda k: _ALL.index(k)),
                b.total if b else None, b.anact if b else None, b.cofinancing if b else None, partners, flags, spec)


def htmlmod_escape(text: str) -> str:
    import html

    return html.escape(text)


_ALL = KEYS + ["budget.personnel", "budget.deplacements_logistique", "budget.prestations", "budget.cofinancements",
               "partenaires.liste", "partenaires.contributions"]
